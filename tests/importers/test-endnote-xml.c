/* test-endnote-xml.c — the EndNote XML parser against golden files and bad
 * input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each tests/data/endnote-xml/NAME.xml is parsed and its normalised dump is
 * compared with NAME.expected beside it (/wn/importers/endnote-xml/NAME),
 * then parsed again with libxml2 fed five bytes at a time, which must
 * change nothing (/wn/importers/endnote-xml/small-reads/NAME).
 * tests/data/README.md lists what each fixture covers; WINNOW_REGENERATE=1
 * rewrites the .expected files.
 *
 * Then EndNote's one-line files: a library larger than the line reader's
 * 16 MiB line limit is read whole, in bounded memory; and wn_import_file()
 * into a temporary project, all or nothing and --keep-valid.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wn-import.h"
#include "wn-line-reader.h"
#include "wn-test-dump.h"
#include "wn-test-tagged.h"
#include "wn-xml-private.h"

static void
test_small_reads (gconstpointer data)
{
  const char *name = data;
  const char *input = name;
  g_autofree char *expected_file = wn_test_golden_expected (name);
  g_autofree char *expected = NULL;
  g_autofree char *out = NULL;

  if (!g_file_get_contents (expected_file, &expected, NULL, NULL))
    {
      g_test_skip ("no .expected file yet");
      return;
    }

  _wn_xml_set_read_limit (5);
  out = wn_test_dump_file (input);
  _wn_xml_set_read_limit (0);

  /* When the file fails, what was read before the error depends on how
   * far libxml2 had read ahead, which depends on the size of the reads:
   * the error must be the same. */
  if (strstr (expected, "\nerror: -\n") == NULL)
    {
      g_assert_cmpstr (strstr (out, "\nerror: "), !=, NULL);
      g_assert_cmpstr (strchr (strstr (out, "\nerror: ") + 1, '\n'), !=, NULL);
      *strchr (strstr (out, "\nerror: ") + 1, '\n') = '\0';
      *strchr (strstr (expected, "\nerror: ") + 1, '\n') = '\0';
      g_assert_cmpstr (strstr (out, "\nerror: "), ==, strstr (expected, "\nerror: "));
      return;
    }
  g_assert_cmpstr (out, ==, expected);
}

typedef struct
{
  guint  n;
  guint  bad_lines;
  gsize  source_bytes;
} Counted;

static gboolean
count_cb (WnRecord  *record,
          gpointer   user_data,
          GError   **error)
{
  Counted *counted = user_data;

  counted->n++;
  counted->bad_lines += record->line_start != 1 || record->line_end != 1;
  counted->source_bytes += strlen (record->source_text);
  wn_record_free (record);
  return TRUE;
}

/* EndNote 20 writes the whole library on one line: 24 MiB of it here,
 * past the line reader's 16 MiB limit for line-based formats. Every record
 * is read, on line 1, and memory does not follow the file's size. */
static void
test_one_line_library (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("winnow-endnote-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "library.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GString) block = g_string_new (NULL);
  g_autoptr(WnImportReport) report = wn_import_report_new (path);
  Counted counted = { 0 };
  const guint n = 12000;
  gsize written = 0;
  glong before;
  glong after;

  g_assert_no_error (error);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_string_append (block, "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-8\" ?><xml><records>");
  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (block,
                              "<record><rec-number>%u</rec-number><ref-type name=\"Journal Article\">17</ref-type>"
                              "<contributors><authors><author><style face=\"normal\" font=\"default\" size=\"100%%\">"
                              "Author, A.</style></author></authors></contributors><titles><title>"
                              "<style face=\"normal\" font=\"default\" size=\"100%%\">Record %u</style></title></titles>"
                              "<abstract><style face=\"normal\" font=\"default\" size=\"100%%\">",
                              i + 1, i + 1);
      for (guint k = 0; k < 30; k++)
        g_string_append (block, "An abstract long enough to make the library span many megabytes. ");
      g_string_append (block, "</style></abstract></record>");
      if (block->len > 1024 * 1024 || i + 1 == n)
        {
          if (i + 1 == n)
            g_string_append (block, "</records></xml>");
          g_output_stream_write_all (G_OUTPUT_STREAM (out), block->str, block->len, NULL, NULL, &error);
          g_assert_no_error (error);
          written += block->len;
          g_string_truncate (block, 0);
        }
    }
  g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (written, >, WN_LINE_READER_DEFAULT_MAX_LINE + 4 * 1024 * 1024);

  before = wn_test_peak_rss_kib ();
  g_assert_true (wn_import_parse_file (path, WN_FORMAT_AUTO, count_cb, &counted, report, NULL, &error));
  after = wn_test_peak_rss_kib ();
  g_assert_no_error (error);

  g_test_message ("%u records from %" G_GSIZE_FORMAT " bytes on one line; peak RSS grew by %ld KiB",
                  counted.n, written, after - before);
  g_assert_cmpint (report->format, ==, WN_FORMAT_ENDNOTE_XML);
  g_assert_cmpstr (report->encoding, ==, "UTF-8 (BOM)");
  g_assert_cmpuint (report->lines, ==, 1);
  g_assert_cmpuint (counted.n, ==, n);
  g_assert_cmpuint (report->records, ==, n);
  g_assert_cmpuint (counted.bad_lines, ==, 0);
  g_assert_cmpuint (counted.source_bytes, >, written - 100);
#ifndef __SANITIZE_ADDRESS__
  /* AddressSanitizer's red zones and quarantine make RSS meaningless. */
  g_assert_cmpint (after - before, <, 16 * 1024);
#endif

  g_unlink (path);
  g_rmdir (dir);
}

/* Importing into a project */

/* Rejected records fail the whole file unless --keep-valid; then the good
 * ones are stored and every rejected one is listed with its line. */
static void
test_malformed_records (WnTestProject *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("endnote-xml", "malformed-records.xml");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(WnImportReport) kept = NULL;
  g_autoptr(GError) error = NULL;
  const WnImportIssue *issue;
  WnImportOptions options;

  wn_import_options_init (&options);
  g_assert_false (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "malformed-records.xml: line 8: the record has no title"));
  g_assert_cmpint (report->search_id, ==, 0);
  wn_test_project_assert_counts (fixture, 0, 0);
  g_clear_error (&error);

  options.keep_valid = TRUE;
  g_assert_true (wn_import_file (fixture->project, path, &options, &kept, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kept->records, ==, 3);
  g_assert_cmpuint (kept->rejected->len, ==, 2);
  issue = g_ptr_array_index (kept->rejected, 1);
  g_assert_cmpuint (issue->line, ==, 12);
  wn_test_project_assert_counts (fixture, 3, 1);
}

/* Cut short inside a <style> attribute: the record before the cut is
 * good, the one the cut falls in is rejected. */
static void
test_truncated (WnTestProject *fixture,
                gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("endnote-xml", "truncated-mid-style.xml");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(WnImportReport) kept = NULL;
  g_autoptr(GError) error = NULL;
  WnImportOptions options;

  wn_import_options_init (&options);
  g_assert_false (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "truncated-mid-style.xml: line 1: the file ends inside this record"));
  wn_test_project_assert_counts (fixture, 0, 0);
  g_clear_error (&error);

  options.keep_valid = TRUE;
  g_assert_true (wn_import_file (fixture->project, path, &options, &kept, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kept->records, ==, 1);
  g_assert_cmpuint (kept->rejected->len, ==, 1);
  wn_test_project_assert_counts (fixture, 1, 1);
}

/* Not well-formed: nothing stored, --keep-valid or not. */
static void
test_not_well_formed (WnTestProject *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "broken.xml", NULL);
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  WnImportOptions options;

  g_file_set_contents (path,
                       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml>\n<records>\n"
                       "<record><titles><title>Good</title></titles></record>\n"
                       "<record><titles><title>Bad & wrong</title></titles></record>\n"
                       "</records>\n</xml>\n", -1, &error);
  g_assert_no_error (error);

  wn_import_options_init (&options);
  options.keep_valid = TRUE;
  g_assert_false (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "broken.xml: line 5: this is not well-formed XML"));
  wn_test_project_assert_counts (fixture, 0, 0);
}

#define ADD(path, func) \
  g_test_add (path, WnTestProject, NULL, wn_test_project_set_up, func, wn_test_project_tear_down)

int
main (int   argc,
      char *argv[])
{
  static const char *const suffixes[] = { ".xml", NULL };
  g_autoptr(GPtrArray) names = NULL;

  g_test_init (&argc, &argv, NULL);

  /* Every quirk the README lists has its fixture. */
  names = wn_test_golden_fixtures ("endnote-xml", suffixes, 6);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *stem = g_strndup (name, strrchr (name, '.') - name);
      g_autofree char *path = g_strconcat ("/wn/importers/endnote-xml/", stem, NULL);
      g_autofree char *small = g_strconcat ("/wn/importers/endnote-xml/small-reads/", stem, NULL);

      g_test_add_data_func (path, name, wn_test_golden);
      g_test_add_data_func (small, name, test_small_reads);
    }
  g_test_add_func ("/wn/importers/endnote-xml/one-line-library", test_one_line_library);
  ADD ("/wn/importers/endnote-xml/import/malformed-records", test_malformed_records);
  ADD ("/wn/importers/endnote-xml/import/truncated", test_truncated);
  ADD ("/wn/importers/endnote-xml/import/not-well-formed", test_not_well_formed);

  return g_test_run ();
}
