/* fuzz-codebook.c — libFuzzer harness for the REFI-QDA codebook importer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bytes are a .qdc file, imported with wn_project_import_qdc() into a
 * fresh copy of a project made once (with the default codebook, so the
 * import merges by guid and by path as well as adding). A fresh copy per
 * input keeps inputs from seeing each other's codes, so every crash
 * replays on its own.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "wn-coding.h"
#include "wn-project.h"
#include "wn-fuzz.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static char *scratch;
static char *template_bytes;
static gsize template_size;

static void
remove_scratch (void)
{
  g_autoptr(GDir) dir = g_dir_open (scratch, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (scratch, name, NULL);

      g_unlink (path);
    }
  g_rmdir (scratch);
}

static void
make_template (void)
{
  g_autofree char *project_path = g_build_filename (scratch, "template.winnow", NULL);
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;

  project = wn_project_create (project_path, "Fuzz", &error);
  g_assert_no_error (error);
  wn_project_close (project);
  g_assert_true (g_file_get_contents (project_path, &template_bytes, &template_size, NULL));
  g_unlink (project_path);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *project_path = NULL;
  g_autofree char *file_path = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;

  if (scratch == NULL)
    {
      scratch = wn_fuzz_make_scratch ();
      atexit (remove_scratch);
      make_template ();
    }
  project_path = g_build_filename (scratch, "project.winnow", NULL);
  file_path = g_build_filename (scratch, "codebook.qdc", NULL);
  wn_fuzz_write (file_path, data, size);
  wn_fuzz_write (project_path, template_bytes, template_size);

  project = wn_project_open (project_path, &error);
  g_assert_no_error (error);
  wn_project_import_qdc (project, file_path, &error);
  wn_project_close (project);
  return 0;
}
