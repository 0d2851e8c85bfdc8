/* test-medline.c — the MEDLINE (.nbib) parser against golden files, and bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each tests/data/medline/NAME.nbib (and NAME.ris: a MEDLINE file with the
 * wrong name) is parsed and its normalised dump compared with NAME.expected
 * beside it; tests/data/README.md lists which quirk each covers. Run with
 * WINNOW_REGENERATE=1 to rewrite the .expected files after an intended
 * change, then read the diff. Then the helpers, and bad input through
 * wn_import_file() into a throw-away project: a malformed record (all or
 * nothing, --keep-valid), a file cut short anywhere, a huge line and a huge
 * record.
 */
#include "config.h"

#include <string.h>

#include "wn-medline.h"
#include "wn-tagged-private.h"
#include "wn-test-tagged.h"

static void
test_tag_lines (void)
{
  static const struct
  {
    const char *line;
    const char *tag;    /* NULL: not a tag line */
    const char *value;
  } rows[] = {
    { "PMID- 12345678", "PMID", "12345678" },
    { "TI  - A title", "TI", "A title" },
    { "FAU - van Raaij, M J", "FAU", "van Raaij, M J" },
    { "AUID- ORCID: 0000-0002-1825-0097", "AUID", "ORCID: 0000-0002-1825-0097" },
    { "AB  - trailing space ", "AB", "trailing space" },
    { "TI  -", "TI", "" },
    { "PG  - ", "PG", "" },
    { "TI - one space", NULL, NULL },          /* the hyphen is in the fifth column */
    { "TI   - three spaces", NULL, NULL },
    { "CD4-positive cells", NULL, NULL },      /* prose on an unindented line */
    { "ABCD-EFG", NULL, NULL },                /* no space after the hyphen */
    { "      continuation", NULL, NULL },
    { "ti  - lower case", NULL, NULL },
    { "1234- digits first", NULL, NULL },
    { "", NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      char tag[5] = "";
      const char *value = NULL;
      gsize value_len = 0;
      gboolean is_tag = wn_medline_parse_tag_line (rows[i].line, strlen (rows[i].line), tag, &value, &value_len);

      g_test_message ("row %" G_GSIZE_FORMAT ": \"%s\"", i, rows[i].line);
      g_assert_cmpint (is_tag, ==, rows[i].tag != NULL);
      if (!is_tag)
        continue;
      g_assert_cmpstr (tag, ==, rows[i].tag);
      g_assert_cmpmem (value, value_len, rows[i].value, strlen (rows[i].value));
    }
}

/* The author forms of MEDLINE, Embase and ERIC, and what they become. */
static void
test_person_names (void)
{
  static const struct
  {
    const char *name;
    const char *expected;
  } rows[] = {
    { "Griffin DK", "Griffin, D K" },            /* MEDLINE AU: FAU's form */
    { "van Raaij MJ", "van Raaij, M J" },
    { "Wong Kee Song LM", "Wong Kee Song, L M" },
    { "Behan L.", "Behan, L." },                 /* Embase on Ovid */
    { "Lucas J.S.", "Lucas, J.S." },
    { "Dupont J.-P.", "Dupont, J.-P." },
    { "van Raaij, M J", "van Raaij, M J" },      /* a comma: kept */
    { "Kobori, Osamu", "Kobori, Osamu" },
    { "Selvamani", "Selvamani" },                /* one word: kept */
    { "Smith J Jr", "Smith J Jr" },              /* not initials: kept */
    { "SMITH JOHN", "SMITH JOHN" },              /* four capitals are a name */
    { "Müller ÄB", "Müller, Ä B" },
    { "  Padded   Name  JA ", "Padded Name, J A" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(WnRecord) record = wn_record_new ();

      _wn_tagged_add_person (record, rows[i].name);
      g_assert_cmpuint (record->authors->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (record->authors, 0), ==, rows[i].expected);
    }
}

static void
test_years (void)
{
  static const struct
  {
    const char *value;
    const char *year;
  } rows[] = {
    { "2017 Nov 15", "2017" },
    { "2006 May-Jun", "2006" },
    { "1998 Winter", "1998" },
    { "20200426", "2020" },          /* DEP */
    { "DEC 16 2020", "2020" },       /* Web of Science PD */
    { "FEB 2011", "2011" },
    { "NOV", NULL },
    { "SEP 22", NULL },
    { "0000", NULL },
    { "12345", NULL },
    { "", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *year = NULL;

      _wn_tagged_set_year (&year, rows[i].value);
      g_assert_cmpstr (year, ==, rows[i].year);
    }
}

/* Bad input */

static void
test_all_or_nothing (WnTestProject *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("medline", "malformed-records.nbib");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_MALFORMED);
  /* The first rejected record: the one with control bytes, at line 5. */
  g_assert_nonnull (strstr (error->message, "malformed-records.nbib: line 5: "));
  g_assert_cmpint (report->search_id, ==, 0);
  wn_test_project_assert_counts (fixture, 0, 0);
}

static void
test_keep_valid (WnTestProject *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("medline", "malformed-records.nbib");
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
  g_assert_cmpstr (search->format, ==, "medline");
  g_assert_cmpstr (search->vendor, ==, "PubMed");
  g_assert_cmpstr (search->database, ==, "PubMed");
}

typedef struct
{
  guint records;
} Counted;

static gboolean
count_cb (WnRecord  *record,
          gpointer   user_data,
          GError   **error)
{
  Counted *counted = user_data;

  g_assert_nonnull (record->source_text);
  g_assert_cmpuint (record->line_end, >=, record->line_start);
  counted->records++;
  wn_record_free (record);
  return TRUE;
}

/* A file cut short at every byte: never a crash, never a hang; every
 * record before the cut is read, and what is left of the last one is a
 * record or a rejected record, never an error for the whole file unless
 * nothing is left at all. */
static void
test_truncated (WnTestProject *fixture,
                gconstpointer  data)
{
  g_autofree char *source = wn_test_fixture ("medline", "continuation-lines.nbib");
  g_autofree char *contents = NULL;
  gsize size = 0;

  g_file_get_contents (source, &contents, &size, NULL);
  g_assert_cmpuint (size, >, 100);

  for (gsize cut = 1; cut < size; cut += 7)
    {
      g_autofree char *path = wn_test_project_write (fixture, "cut.nbib", contents, cut);
      g_autoptr(WnImportReport) report = wn_import_report_new (path);
      g_autoptr(GError) error = NULL;
      Counted counted = { 0 };
      gboolean ok;

      ok = wn_import_parse_file (path, WN_FORMAT_MEDLINE, count_cb, &counted, report, NULL, &error);
      if (!ok)
        {
          /* Only a cut inside the first tag leaves no record at all. */
          g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_EMPTY);
          g_assert_cmpuint (cut, <, 6);
          continue;
        }
      g_assert_cmpuint (counted.records + report->rejected->len, >=, 1);
      g_assert_cmpuint (counted.records + report->rejected->len, <=, 2);
    }

  /* Cut inside the second record's first line, through the store: the
   * first record and what is left of the second are imported. */
  {
    const char *second = strstr (contents, "PMID- 8600002");
    g_autofree char *path = wn_test_project_write (fixture, "cut-second.nbib", contents,
                                                   second - contents + strlen ("PMID- 86"));
    g_autoptr(WnImportReport) report = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report->records, ==, 2);
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

  /* A good record, then a 20 MiB abstract line: a 1 GB one-line file in
   * miniature. */
  path = wn_test_project_write_long_line (fixture, "huge-line.nbib",
                                          "PMID- 1\nTI  - fine\n\nPMID- 2\nAB  - ", 20 * 1024 * 1024);
  before = wn_test_peak_rss_kib ();
  g_assert_false (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
  after = wn_test_peak_rss_kib ();

  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "huge-line.nbib: line 5: "));
  wn_test_project_assert_counts (fixture, 0, 0);
  g_test_message ("peak RSS grew by %ld KiB", after - before);
#ifndef __SANITIZE_ADDRESS__
  /* The reader holds at most its 16 MiB line limit and a chunk or so. */
  g_assert_cmpint (after - before, <, 40 * 1024);
#endif
}

/* Many short continuation lines add up to a record past the bound: the
 * import stops there instead of growing without end. */
static void
test_huge_record (WnTestProject *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "huge-record.nbib", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GString) block = g_string_new (NULL);
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (G_OUTPUT_STREAM (out), "PMID- 1\nAB  - start\n", 20, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 1024; i++)
    g_string_append (block, "      a wrapped abstract line that goes on and on, sixty-four b\n");
  for (gsize written = 0; written < WN_TAGGED_MAX_RECORD + 1024 * 1024; written += block->len)
    {
      g_output_stream_write_all (G_OUTPUT_STREAM (out), block->str, block->len, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error);
  g_assert_no_error (error);

  g_assert_false (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "huge-record.nbib: line 1: "));
  wn_test_project_assert_counts (fixture, 0, 0);
}

#define ADD(path, func) \
  g_test_add (path, WnTestProject, NULL, wn_test_project_set_up, func, wn_test_project_tear_down)

int
main (int   argc,
      char *argv[])
{
  static const char *const suffixes[] = { ".nbib", ".ris", NULL };

  g_test_init (&argc, &argv, NULL);

  wn_test_add_golden ("medline", suffixes, 10);
  g_test_add_func ("/wn/importers/medline/tag-lines", test_tag_lines);
  g_test_add_func ("/wn/importers/medline/person-names", test_person_names);
  g_test_add_func ("/wn/importers/medline/years", test_years);
  ADD ("/wn/importers/medline/all-or-nothing", test_all_or_nothing);
  ADD ("/wn/importers/medline/keep-valid", test_keep_valid);
  ADD ("/wn/importers/medline/truncated", test_truncated);
  ADD ("/wn/importers/medline/huge-line", test_huge_line);
  ADD ("/wn/importers/medline/huge-record", test_huge_record);

  return g_test_run ();
}
