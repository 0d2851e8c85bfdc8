/* wn-main.c — the entry point of the winnow GTK application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "wn-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WnApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* WINNOW_LOCALEDIR: the build tree's po/ when running uninstalled
   * (build-aux/run, the tests); the installed catalogues otherwise. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("WINNOW_LOCALEDIR") != NULL
                                   ? g_getenv ("WINNOW_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = wn_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
