/* test-wos.c — the Web of Science parser against golden files, and bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each tests/data/wos/NAME.txt (plain text and tab-delimited) is parsed and
 * its normalised dump compared with NAME.expected beside it;
 * tests/data/README.md lists which quirk each covers. Run with
 * WINNOW_REGENERATE=1 to rewrite the .expected files after an intended
 * change, then read the diff. Then the helpers, and bad input through
 * wn_import_file() into a throw-away project.
 */
#include "config.h"

#include <string.h>

#include "wn-test-tagged.h"
#include "wn-wos.h"

static void
test_accession_databases (void)
{
  static const struct
  {
    const char *value;
    const char *database;
  } rows[] = {
    { "WOS:000286597100004", "Web of Science" },
    { "ISI:000170000000001", "Web of Science" },
    { "MEDLINE:16735938", "MEDLINE" },
    { "INSPEC:15000001", "Inspec" },
    { "BCI:BCI200400474164", "BIOSIS Citation Index" },
    { "DIIDW:2004123456", "Derwent Innovations Index" },
    { "000286597100004", NULL },
    { "wos:1", NULL },
    { NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpstr (wn_wos_database_for_accession (rows[i].value), ==, rows[i].database);
}

static void
test_tab_headers (void)
{
  static const struct
  {
    const char *line;
    gboolean    header;
  } rows[] = {
    { "PT\tAU\tBA\tBE\tGP\tAF\tBF\tCA\tTI\tSO", TRUE },
    { "PT\tTI\tSO\tPY\tUT", TRUE },
    { "PT J", FALSE },                         /* plain text */
    { "PT\tJ\tsomething", FALSE },
    { "Title\tAuthors\tYear", FALSE },         /* some other tab file */
    { "PT", FALSE },
    { "", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpint (wn_wos_is_tab_header (rows[i].line, strlen (rows[i].line)), ==, rows[i].header);
}

/* Bad input */

static void
test_all_or_nothing (WnTestProject *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("wos", "malformed-records.txt");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_MALFORMED);
  /* The first rejected record is the one without PT; its first line. */
  g_assert_nonnull (strstr (error->message, "malformed-records.txt: line 9: "));
  g_assert_cmpint (report->search_id, ==, 0);
  wn_test_project_assert_counts (fixture, 0, 0);
}

static void
test_keep_valid (WnTestProject *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("wos", "malformed-records.txt");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  WnImportOptions options;
  WnSearch *search;

  wn_import_options_init (&options);
  options.keep_valid = TRUE;
  g_assert_true (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->records, ==, 2);
  g_assert_cmpuint (report->rejected->len, ==, 3);
  wn_test_project_assert_counts (fixture, 2, 1);

  searches = wn_project_list_searches (fixture->project, &error);
  g_assert_no_error (error);
  search = g_ptr_array_index (searches, 0);
  g_assert_cmpstr (search->format, ==, "wos");
  g_assert_cmpstr (search->vendor, ==, "Clarivate");
  g_assert_cmpstr (search->database, ==, "Web of Science");
}

static void
test_tab_keep_valid (WnTestProject *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("wos", "tab-delimited-malformed.txt");
  g_autoptr(WnImportReport) failed = NULL;
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  const WnImportIssue *issue;
  WnImportOptions options;
  WnSearch *search;

  /* All or nothing first: the row with extra cells fails the file. */
  g_assert_false (wn_import_file (fixture->project, path, NULL, &failed, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "tab-delimited-malformed.txt: line 3: "));
  wn_test_project_assert_counts (fixture, 0, 0);
  g_clear_error (&error);

  wn_import_options_init (&options);
  options.keep_valid = TRUE;
  g_assert_true (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->records, ==, 2);
  g_assert_cmpuint (report->rejected->len, ==, 2);
  /* The row cut short at the end of the file. */
  issue = g_ptr_array_index (report->rejected, 1);
  g_assert_cmpuint (issue->line, ==, 5);
  wn_test_project_assert_counts (fixture, 2, 1);

  searches = wn_project_list_searches (fixture->project, &error);
  g_assert_no_error (error);
  search = g_ptr_array_index (searches, 0);
  g_assert_cmpstr (search->format, ==, "wos-tab");
}

static gboolean
count_cb (WnRecord  *record,
          gpointer   user_data,
          GError   **error)
{
  guint *count = user_data;

  g_assert_nonnull (record->source_text);
  (*count)++;
  wn_record_free (record);
  return TRUE;
}

/* Whichever of the two shapes the caller names, the parser reads the one
 * the file has, and says which. */
static void
test_forced_shape (void)
{
  g_autofree char *tab = wn_test_fixture ("wos", "tab-delimited-utf16le.txt");
  g_autofree char *plain = wn_test_fixture ("wos", "continuations.txt");
  g_autoptr(WnImportReport) tab_report = wn_import_report_new (tab);
  g_autoptr(WnImportReport) plain_report = wn_import_report_new (plain);
  g_autoptr(GError) error = NULL;
  guint count = 0;

  g_assert_true (wn_import_parse_file (tab, WN_FORMAT_WOS, count_cb, &count, tab_report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 3);
  g_assert_cmpint (tab_report->format, ==, WN_FORMAT_WOS_TAB);

  count = 0;
  g_assert_true (wn_import_parse_file (plain, WN_FORMAT_WOS_TAB, count_cb, &count, plain_report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 2);
  g_assert_cmpint (plain_report->format, ==, WN_FORMAT_WOS);
}

/* A file cut short at every few bytes: never a crash, never a hang, and
 * never more records than the file had. */
static void
test_truncated (WnTestProject *fixture,
                gconstpointer  data)
{
  static const char *const names[] = { "continuations.txt", "tab-delimited-utf16le.txt" };

  for (gsize n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autofree char *source = wn_test_fixture ("wos", names[n]);
      g_autofree char *contents = NULL;
      gsize size = 0;

      g_file_get_contents (source, &contents, &size, NULL);
      for (gsize cut = 1; cut < size; cut += 5)
        {
          g_autofree char *path = wn_test_project_write (fixture, "cut.txt", contents, cut);
          g_autoptr(WnImportReport) report = wn_import_report_new (path);
          g_autoptr(GError) error = NULL;
          guint count = 0;

          if (!wn_import_parse_file (path, WN_FORMAT_AUTO, count_cb, &count, report, NULL, &error))
            {
              g_assert_true (error->domain == WN_IMPORT_ERROR);
              g_assert_cmpuint (count, ==, 0);
              continue;
            }
          g_assert_cmpuint (count + report->rejected->len, >=, 1);
          g_assert_cmpuint (count, <=, n == 0 ? 2 : 3);
        }
    }

  /* Cut in the middle of the second record, through the store: both
   * records are imported, with a warning that the file may be cut short. */
  {
    g_autofree char *source = wn_test_fixture ("wos", "continuations.txt");
    g_autofree char *contents = NULL;
    g_autofree char *path = NULL;
    g_autoptr(WnImportReport) report = NULL;
    g_autoptr(GError) error = NULL;
    const WnImportIssue *warning;

    g_file_get_contents (source, &contents, NULL, NULL);
    path = wn_test_project_write (fixture, "cut-second.txt", contents,
                                  strstr (contents, "SO APPLIED") - contents);
    g_assert_true (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report->records, ==, 2);
    g_assert_cmpuint (report->warnings->len, ==, 1);
    warning = g_ptr_array_index (report->warnings, 0);
    g_assert_nonnull (strstr (warning->message, "EF"));
    wn_test_project_assert_counts (fixture, 2, 1);
  }
}

static void
test_huge_line (WnTestProject *fixture,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  glong before;
  glong after;

  path = wn_test_project_write_long_line (fixture, "huge-line.txt",
                                          "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI fine\nER\n\n"
                                          "PT J\nAB ", 20 * 1024 * 1024);
  before = wn_test_peak_rss_kib ();
  g_assert_false (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
  after = wn_test_peak_rss_kib ();

  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "huge-line.txt: line 8: "));
  wn_test_project_assert_counts (fixture, 0, 0);
  g_test_message ("peak RSS grew by %ld KiB", after - before);
#ifndef __SANITIZE_ADDRESS__
  g_assert_cmpint (after - before, <, 40 * 1024);
#endif
}

#define ADD(path, func) \
  g_test_add (path, WnTestProject, NULL, wn_test_project_set_up, func, wn_test_project_tear_down)

int
main (int   argc,
      char *argv[])
{
  static const char *const suffixes[] = { ".txt", ".ciw", NULL };

  g_test_init (&argc, &argv, NULL);

  wn_test_add_golden ("wos", suffixes, 8);
  g_test_add_func ("/wn/importers/wos/accession-databases", test_accession_databases);
  g_test_add_func ("/wn/importers/wos/tab-headers", test_tab_headers);
  g_test_add_func ("/wn/importers/wos/forced-shape", test_forced_shape);
  ADD ("/wn/importers/wos/all-or-nothing", test_all_or_nothing);
  ADD ("/wn/importers/wos/keep-valid", test_keep_valid);
  ADD ("/wn/importers/wos/tab-keep-valid", test_tab_keep_valid);
  ADD ("/wn/importers/wos/truncated", test_truncated);
  ADD ("/wn/importers/wos/huge-line", test_huge_line);

  return g_test_run ();
}
