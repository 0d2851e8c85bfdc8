/* test-ovid.c — the Ovid tagged parser against golden files, and bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each tests/data/ovid/NAME.txt is parsed and its normalised dump compared
 * with NAME.expected beside it; tests/data/README.md lists which quirk each
 * covers. Run with WINNOW_REGENERATE=1 to rewrite the .expected files after
 * an intended change, then read the diff. Then the helpers (record markers,
 * source strings), and bad input through wn_import_file() into a throw-away
 * project.
 */
#include "config.h"

#include <string.h>

#include "wn-ovid.h"
#include "wn-test-tagged.h"

static void
test_markers (void)
{
  static const struct
  {
    const char *line;
    gboolean    marker;
  } rows[] = {
    { "<1. >", TRUE },
    { "<3001. >", TRUE },
    { " <7. >", TRUE },          /* the one-space export */
    { "<8>", TRUE },             /* long field names */
    { "<12>  ", TRUE },
    { "<1. > text", FALSE },
    { "<1.>", FALSE },
    { "<a. >", FALSE },
    { "<>", FALSE },
    { "<?xml version=\"1.0\"?>", FALSE },
    { "", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpint (wn_ovid_is_marker (rows[i].line, strlen (rows[i].line)), ==, rows[i].marker);
}

/* Source strings as Ovid's databases write them; one row each. */
static void
test_sources (void)
{
  static const struct
  {
    const char *source;
    const char *journal, *volume, *issue, *pages, *year;
  } rows[] = {
    /* APA PsycInfo */
    { "Behavioural and Cognitive Psychotherapy. Vol.43(5), Sep 2015, pp. 623-634.",
      "Behavioural and Cognitive Psychotherapy", "43", "5", "623-634", "2015" },
    { "Behavioural and Cognitive Psychotherapy. Vol.43(5), Sep 2015, pp. No Pagination Specified.",
      "Behavioural and Cognitive Psychotherapy", "43", "5", NULL, "2015" },
    /* Embase: a conference supplement, and an article */
    { "BMC Proceedings. Conference: 2nd BEAT-PCD Conference and 3rd PCD Training School: Part 2. Spain. "
      "12 (Supplement 3) (no pagination), 2018. Date of Publication: 2018.",
      "BMC Proceedings", "12", "Supplement 3", NULL, "2018" },
    { "Journal of Affective Disorders. 245 (2) (pp 1-10), 2019. Date of Publication: 15 February 2019.",
      "Journal of Affective Disorders", "245", "2", "1-10", "2019" },
    { "Journal of Affective Disorders. 245 (pp 1-10), 2019.",
      "Journal of Affective Disorders", "245", NULL, "1-10", "2019" },
    /* Ovid MEDLINE, BIOSIS, long field names */
    { "Journal of Clinical Oncology. 30(15):1234-40, 2012 May 20.",
      "Journal of Clinical Oncology", "30", "15", "1234-40", "2012" },
    { "Forest Ecology & Management. 201(2-3):327-334, November 15, 2004.",
      "Forest Ecology & Management", "201", "2-3", "327-334", "2004" },
    { "Ecohydrology.   8(6):1048-1064, September 2015.", "Ecohydrology", "8", "6", "1048-1064", "2015" },
    { "Made-up Journal. 7:55-60, 2011.", "Made-up Journal", "7", NULL, "55-60", "2011" },
    { "No structure at all", NULL, NULL, NULL, NULL, NULL },
    { "", NULL, NULL, NULL, NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      WnOvidSource parsed;

      g_test_message ("row %" G_GSIZE_FORMAT ": %s", i, rows[i].source);
      wn_ovid_parse_source (rows[i].source, &parsed);
      g_assert_cmpstr (parsed.journal, ==, rows[i].journal);
      g_assert_cmpstr (parsed.volume, ==, rows[i].volume);
      g_assert_cmpstr (parsed.issue, ==, rows[i].issue);
      g_assert_cmpstr (parsed.pages, ==, rows[i].pages);
      g_assert_cmpstr (parsed.year, ==, rows[i].year);
      wn_ovid_source_clear (&parsed);
    }
}

/* Bad input */

static void
test_all_or_nothing (WnTestProject *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("ovid", "malformed-records.txt");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_MALFORMED);
  /* The empty record at line 7. */
  g_assert_nonnull (strstr (error->message, "malformed-records.txt: line 7: "));
  wn_test_project_assert_counts (fixture, 0, 0);
}

static void
test_keep_valid (WnTestProject *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("ovid", "malformed-records.txt");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  const WnImportIssue *issue;
  WnImportOptions options;
  WnSearch *search;

  wn_import_options_init (&options);
  options.keep_valid = TRUE;
  g_assert_true (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->records, ==, 2);
  g_assert_cmpuint (report->rejected->len, ==, 2);
  issue = g_ptr_array_index (report->rejected, 1);
  g_assert_cmpuint (issue->line, ==, 9);
  wn_test_project_assert_counts (fixture, 2, 1);

  searches = wn_project_list_searches (fixture->project, &error);
  g_assert_no_error (error);
  search = g_ptr_array_index (searches, 0);
  g_assert_cmpstr (search->format, ==, "ovid");
  g_assert_cmpstr (search->vendor, ==, "Ovid");
  g_assert_cmpstr (search->database, ==, "Embase");
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

/* A file cut short at every few bytes: never a crash, never a hang, never
 * more records than the file had. */
static void
test_truncated (WnTestProject *fixture,
                gconstpointer  data)
{
  static const char *const names[] = { "psycinfo-one-space-indent.txt", "long-field-names.txt" };

  for (gsize n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autofree char *source = wn_test_fixture ("ovid", names[n]);
      g_autofree char *contents = NULL;
      gsize size = 0;

      g_file_get_contents (source, &contents, &size, NULL);
      for (gsize cut = 1; cut < size; cut += 5)
        {
          g_autofree char *path = wn_test_project_write (fixture, "cut.txt", contents, cut);
          g_autoptr(WnImportReport) report = wn_import_report_new (path);
          g_autoptr(GError) error = NULL;
          guint count = 0;

          if (!wn_import_parse_file (path, WN_FORMAT_OVID, count_cb, &count, report, NULL, &error))
            {
              g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_EMPTY);
              continue;
            }
          g_assert_cmpuint (count + report->rejected->len, >=, 1);
          g_assert_cmpuint (count, <=, n == 0 ? 2 : 3);
        }
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
                                          "<1. >\nVN  - Ovid Technologies\nTI  - fine\n\n<2. >\nAB  - ",
                                          20 * 1024 * 1024);
  before = wn_test_peak_rss_kib ();
  g_assert_false (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
  after = wn_test_peak_rss_kib ();

  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "huge-line.txt: line 6: "));
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
  static const char *const suffixes[] = { ".txt", NULL };

  g_test_init (&argc, &argv, NULL);

  wn_test_add_golden ("ovid", suffixes, 6);
  g_test_add_func ("/wn/importers/ovid/markers", test_markers);
  g_test_add_func ("/wn/importers/ovid/sources", test_sources);
  ADD ("/wn/importers/ovid/all-or-nothing", test_all_or_nothing);
  ADD ("/wn/importers/ovid/keep-valid", test_keep_valid);
  ADD ("/wn/importers/ovid/truncated", test_truncated);
  ADD ("/wn/importers/ovid/huge-line", test_huge_line);

  return g_test_run ();
}
