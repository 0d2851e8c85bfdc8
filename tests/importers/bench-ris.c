/* bench-ris.c — how fast RIS is read and stored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *     bench-ris [N]    (default 100000; meson test --benchmark ris-parse)
 *
 * Writes N synthetic records with Winnow's own generator (wn-synth.c, CRLF,
 * about 1.3 kB a record) to a temporary file, then times, best of three:
 * reading its lines, parsing it into records, and importing it into a new
 * project. Prints one line per step. Not a test: numbers vary by machine.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "wn-import.h"
#include "wn-line-reader.h"
#include "wn-synth.h"

static gboolean
drop_cb (WnRecord  *record,
         gpointer   user_data,
         GError   **error)
{
  wn_record_free (record);
  return TRUE;
}

static double
time_lines (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnLineReader) reader = NULL;
  gint64 start = g_get_monotonic_time ();
  WnLine line;

  reader = wn_line_reader_new_for_path (path, NULL, NULL, &error);
  g_assert_no_error (error);
  while (wn_line_reader_next (reader, &line, &error))
    ;
  g_assert_no_error (error);
  g_assert_nonnull (wn_line_reader_get_sha256 (reader));
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
time_parse (const char *path,
            guint       n)
{
  g_autoptr(WnImportReport) report = wn_import_report_new (path);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  wn_import_parse_file (path, WN_FORMAT_AUTO, drop_cb, NULL, report, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->records, ==, n);
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
time_import (const char *dir,
             const char *path,
             guint       n,
             guint       run)
{
  g_autofree char *name = g_strdup_printf ("bench-%u.winnow", run);
  g_autofree char *project_path = g_build_filename (dir, name, NULL);
  g_autoptr(WnProject) project = NULL;
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  double seconds;

  project = wn_project_create (project_path, "Benchmark", &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  wn_import_file (project, path, NULL, &report, NULL, &error);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_assert_no_error (error);
  g_assert_cmpuint (report->records, ==, n);
  wn_project_close (project);
  g_unlink (project_path);
  return seconds;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  double lines = G_MAXDOUBLE;
  double parse = G_MAXDOUBLE;
  double import = G_MAXDOUBLE;
  GStatBuf st;

  dir = g_dir_make_tmp ("winnow-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "synthetic.ris", NULL);
  file = g_file_new_for_path (path);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  wn_synth_write (G_OUTPUT_STREAM (out), WN_SYNTH_RIS, n, 42, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error);
  g_assert_no_error (error);
  g_stat (path, &st);

  for (guint run = 0; run < 3; run++)
    {
      lines = MIN (lines, time_lines (path));
      parse = MIN (parse, time_parse (path, n));
      import = MIN (import, time_import (dir, path, n, run));
    }

  g_print ("%u records, %.1f MB\n", n, st.st_size / 1e6);
  g_print ("lines:  %.3f s  (%.0f MB/s)\n", lines, st.st_size / 1e6 / lines);
  g_print ("parse:  %.3f s  (%.0f records/s)\n", parse, n / parse);
  g_print ("import: %.3f s  (%.0f records/s)\n", import, n / import);

  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
