/* test-csv-corpus.c — every real CSV export in the shared test data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * $WINNOW_TESTDATA/imports/csv/ holds CSV files as PubMed, embase.com and
 * EBSCOhost wrote them (SOURCES.md there says where each came from). For
 * each file: it is recognised as CSV from its content, imports with no
 * rejected row and with the record count its name gives (_10recs), each
 * record has a title, its fields and its verbatim row, and the vendor is
 * named. Where another tool's result sits beside it (CoLRev's
 * .expected.bib for the 2023 PubMed file), titles, DOIs, years, PMIDs and
 * authors' last names agree with it. Two files have a RIS sibling from the
 * same search, which serves as a second oracle: the embase.com CSV and RIS
 * hold the same 10 records; the EBSCOhost CSV holds 10 rows where the RIS
 * holds 9, and each of the 9 is among the 10.
 *
 * The whole suite skips when the folder is absent.
 */
#include "config.h"

#include <string.h>

#include "wn-test-corpus.h"

/* CoLRev's oracle. */
static void
compare_bibtex (WnTestParsed *parsed,
                const char   *path)
{
  g_autoptr(GPtrArray) entries = wn_test_load_bibtex (path);

  g_assert_cmpuint (entries->len, ==, parsed->records->len);

  for (guint i = 0; i < entries->len; i++)
    {
      GHashTable *fields = g_ptr_array_index (entries, i);
      const WnRecord *record = g_ptr_array_index (parsed->records, i);
      g_autofree char *doi = g_ascii_strdown (g_hash_table_lookup (fields, "doi"), -1);
      g_autoptr(GPtrArray) names = wn_test_bibtex_names (g_hash_table_lookup (fields, "author"));

      g_test_message ("entry %u", i);
      g_assert_cmpstr (record->title, ==, g_hash_table_lookup (fields, "title"));
      g_assert_cmpstr (record->journal, ==, g_hash_table_lookup (fields, "journal"));
      g_assert_cmpstr (record->year, ==, g_hash_table_lookup (fields, "year"));
      g_assert_cmpstr (record->pmid, ==, g_hash_table_lookup (fields, "pmid"));
      /* CoLRev writes DOIs in upper case; DOIs are case-insensitive. */
      g_assert_cmpstr (record->doi, ==, doi);
      /* CoLRev keeps PubMed's full stop on the last author ("Lau, Y.")
       * and leaves the initials bare ("Lim, SM"); Winnow writes "Lim,
       * S.M.". The surnames are the same. */
      wn_test_assert_last_names (record, names);
    }
}

static const WnRecord *
find_by_doi (WnTestParsed *parsed,
             const char   *doi)
{
  for (guint i = 0; i < parsed->records->len; i++)
    {
      const WnRecord *record = g_ptr_array_index (parsed->records, i);

      if (g_strcmp0 (record->doi, doi) == 0)
        return record;
    }
  return NULL;
}

static const WnRecord *
find_by_title (WnTestParsed *parsed,
               const char   *title)
{
  for (guint i = 0; i < parsed->records->len; i++)
    {
      const WnRecord *record = g_ptr_array_index (parsed->records, i);

      if (g_strcmp0 (record->title, title) == 0)
        return record;
    }
  return NULL;
}

/* The RIS export of the same search: each of its records is among the
 * CSV's, with the same title, DOI, year, PMID and authors. */
static void
compare_with_ris (WnTestParsed *csv,
                  const char   *ris_name,
                  gboolean      same_authors)
{
  g_autofree char *path = wn_test_corpus_file ("ris", ris_name);
  g_auto(WnTestParsed) ris = { 0 };

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;
  wn_test_parse_all (path, &ris);

  for (guint i = 0; i < ris.records->len; i++)
    {
      const WnRecord *theirs = g_ptr_array_index (ris.records, i);
      const WnRecord *ours = theirs->doi != NULL ? find_by_doi (csv, theirs->doi) : find_by_title (csv, theirs->title);

      g_test_message ("RIS record %u: %s", i + 1, theirs->title);
      /* g_assert(), not g_assert_nonnull(): the compiler knows it does
       * not return. */
      g_assert (ours != NULL);
      g_assert_cmpstr (ours->title, ==, theirs->title);
      g_assert_cmpstr (ours->year, ==, theirs->year);
      g_assert_cmpstr (ours->pmid, ==, theirs->pmid);
      g_assert_cmpstr (ours->volume, ==, theirs->volume);
      g_assert_cmpuint (ours->authors->len, ==, theirs->authors->len);
      for (guint a = 0; a < theirs->authors->len; a++)
        {
          g_autofree char *our_last = wn_test_last_name (g_ptr_array_index (ours->authors, a));
          g_autofree char *their_last = wn_test_last_name (g_ptr_array_index (theirs->authors, a));

          if (same_authors)
            g_assert_cmpstr (g_ptr_array_index (ours->authors, a), ==, g_ptr_array_index (theirs->authors, a));
          else
            g_assert_cmpstr (our_last, ==, their_last);
        }
    }
}

static void
check_quirks (const char   *name,
              WnTestParsed *parsed)
{
  WnImportReport *report = parsed->report;

  if (g_str_has_prefix (name, "pubmed-csv"))
    {
      g_assert_cmpstr (report->vendor, ==, "PubMed");
      g_assert_cmpstr (report->database, ==, "PubMed");
      for (guint i = 0; i < parsed->records->len; i++)
        {
          const WnRecord *record = g_ptr_array_index (parsed->records, i);
          const char *last = g_ptr_array_index (record->authors, record->authors->len - 1);

          g_assert_nonnull (record->pmid);
          g_assert_cmpstr (record->source_id, ==, record->pmid);
          g_assert_nonnull (record->doi);
          g_assert_nonnull (record->volume);
          /* Every name is "Last, I.", the last one too (PubMed ends the
           * list with a full stop). */
          for (guint a = 0; a < record->authors->len; a++)
            g_assert_nonnull (strstr (g_ptr_array_index (record->authors, a), ", "));
          g_assert_true (g_str_has_suffix (last, "."));
          g_assert_false (g_str_has_suffix (last, ".."));
        }
    }
  else if (g_str_has_prefix (name, "embase-com"))
    {
      g_assert_cmpstr (report->vendor, ==, "embase.com");
      g_assert_cmpstr (report->database, ==, "Embase");
      for (guint i = 0; i < parsed->records->len; i++)
        {
          const WnRecord *record = g_ptr_array_index (parsed->records, i);

          /* The header is on line 4, after the search-query preamble. */
          g_assert_cmpuint (record->line_start, ==, i + 5);
          g_assert_true (g_str_has_prefix (record->source_id, "L"));
          g_assert_nonnull (record->type);
          g_assert_cmpuint (record->fields->len, ==, 49);
        }
      compare_with_ris (parsed, "embase-com-embase-2024_10recs.ris", TRUE);
    }
  else if (g_str_has_prefix (name, "ebscohost"))
    {
      const WnRecord *first = g_ptr_array_index (parsed->records, 0);
      const WnField *issn = g_ptr_array_index (first->fields, 3);

      g_assert_cmpstr (report->vendor, ==, "EBSCOhost");
      g_assert_cmpstr (report->database, ==, "Academic Search Premier");
      /* ="19326203": the value inside the Excel formula; 4/3/2024 is US
       * month/day/year, the year 2024. */
      g_assert_cmpstr (issn->tag, ==, "ISSN");
      g_assert_cmpstr (issn->value, ==, "19326203");
      g_assert_cmpstr (first->year, ==, "2024");
      /* "First Page" 1 and "Page Count" 60, as the RIS says SP 1, EP 60. */
      g_assert_cmpstr (first->pages, ==, "1-60");
      /* The CSV has 10 rows where the RIS of the same search has 9: the
       * 10 are all real records, so 10 it is. */
      compare_with_ris (parsed, "ebscohost-cinahl-labelled_9recs.ris", TRUE);
    }
}

static void
test_file (gconstpointer data)
{
  const char *path = data;
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *bib = wn_test_oracle_path (path, ".expected.bib");
  g_auto(WnTestParsed) parsed = { 0 };
  guint previous_end = 0;

  wn_test_parse_all (path, &parsed);

  g_assert_cmpint (parsed.report->format, ==, WN_FORMAT_CSV);
  g_assert_cmpuint (parsed.report->rejected->len, ==, 0);
  g_assert_cmpuint (parsed.report->warnings->len, ==, 0);
  g_assert_cmpuint (parsed.records->len, ==, wn_test_count_from_name (name));
  g_assert_cmpuint (parsed.report->records, ==, parsed.records->len);
  g_assert_nonnull (parsed.report->sha256);

  for (guint i = 0; i < parsed.records->len; i++)
    {
      const WnRecord *record = g_ptr_array_index (parsed.records, i);

      g_assert_nonnull (record->title);
      g_assert_nonnull (record->year);
      g_assert_cmpuint (record->authors->len, >, 0);
      g_assert_cmpuint (record->fields->len, >, 5);
      g_assert_nonnull (record->source_text);
      g_assert_cmpuint (record->line_start, >, previous_end);
      g_assert_cmpuint (record->line_end, >=, record->line_start);
      previous_end = record->line_end;
    }

  check_quirks (name, &parsed);

  if (g_file_test (bib, G_FILE_TEST_EXISTS))
    compare_bibtex (&parsed, bib);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  wn_test_add_corpus ("csv", ".csv", test_file);

  return g_test_run ();
}
