/* wn-fuzz-common.c — what every fuzz harness does before its first input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GLib critical or warning is a bug the fuzzer found (a precondition
 * broken, an assertion in GLib or json-glib), so it must stop the run the
 * way a crash does. G_DEBUG=fatal-criticals would, but GLib then stops
 * with SIGTRAP, which libFuzzer does not catch: no input is saved. Here
 * they abort() instead, so libFuzzer writes the input to a crash-* file.
 * Also the scratch files the harnesses share (wn-fuzz.h).
 */
#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "wn-fuzz.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);

/* A folder for the harness's scratch files: in /dev/shm when there is one,
 * as the harnesses write a file or a project per input and a disk's fsyncs
 * would make that the slowest part by far. */
char *
wn_fuzz_make_scratch (void)
{
  g_autofree char *template = g_build_filename (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm"
                                                                                              : g_get_tmp_dir (),
                                                "winnow-fuzz-XXXXXX", NULL);

  if (g_mkdtemp (template) == NULL)
    g_error ("cannot make a folder like %s", template);
  return g_steal_pointer (&template);
}

/* Writes a file without g_file_set_contents()'s rename and fsync. */
void
wn_fuzz_write (const char *path,
               const void *data,
               gsize       size)
{
  FILE *file = fopen (path, "wb");

  if (file == NULL || fwrite (data, 1, size, file) != size || fclose (file) != 0)
    g_error ("cannot write %s", path);
}

static void
log_cb (const char     *domain,
        GLogLevelFlags  level,
        const char     *message,
        gpointer        user_data)
{
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0)
    {
      fprintf (stderr, "%s: %s\n", domain != NULL ? domain : "(no domain)", message);
      abort ();
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_default_handler (log_cb, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  return 0;
}
