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

#include "wn-import.h"

static char *testdata_dir;

typedef struct
{
  GPtrArray      *records;  /* (element-type WnRecord) */
  WnImportReport *report;
} Parsed;

static void
parsed_clear (Parsed *parsed)
{
  g_clear_pointer (&parsed->records, g_ptr_array_unref);
  g_clear_pointer (&parsed->report, wn_import_report_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parsed, parsed_clear)

static gboolean
collect_cb (WnRecord  *record,
            gpointer   user_data,
            GError   **error)
{
  g_ptr_array_add (user_data, record);
  return TRUE;
}

static void
parse (const char *path,
       Parsed     *parsed)
{
  g_autoptr(GError) error = NULL;

  parsed->records = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_record_free);
  parsed->report = wn_import_report_new (path);
  wn_import_parse_file (path, WN_FORMAT_AUTO, collect_cb, parsed->records, parsed->report, NULL, &error);
  g_assert_no_error (error);
}

/* "pubmed-csv-2024_10recs.csv" → 10 */
static guint
count_from_name (const char *name)
{
  const char *underscore = strrchr (name, '_');
  char *end = NULL;
  guint64 n;

  g_assert_nonnull (underscore);
  n = g_ascii_strtoull (underscore + 1, &end, 10);
  g_assert_true (g_str_has_prefix (end, "rec"));
  return (guint) n;
}

static char *
last_name (const char *name)
{
  const char *comma = strchr (name, ',');
  g_autofree char *last = comma ? g_strndup (name, comma - name) : g_strdup (name);

  return g_utf8_casefold (g_strstrip (last), -1);
}

/* A small, tolerant BibTeX reader for CoLRev's oracle: entries of
 * `name = {value}`, field names lower-cased. Not a BibTeX parser. */
static GPtrArray *
read_bibtex (const char *text)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  const char *p = text;

  while ((p = strchr (p, '@')) != NULL && (p = strchr (p, ',')) != NULL)
    {
      GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

      for (p++;;)
        {
          const char *name_start;
          const char *value_start;
          int depth = 0;

          while (*p && (g_ascii_isspace (*p) || *p == ','))
            p++;
          if (*p == '}' || *p == '\0')
            break;
          name_start = p;
          while (*p && *p != '=')
            p++;
          if (*p != '=')
            break;
          value_start = strchr (p, '{');
          if (value_start == NULL)
            break;
          for (p = value_start + 1; *p && !(*p == '}' && depth == 0); p++)
            depth += *p == '{' ? 1 : (*p == '}' ? -1 : 0);
          g_hash_table_replace (fields,
                                g_strstrip (g_ascii_strdown (name_start, strchr (name_start, '=') - name_start)),
                                g_strndup (value_start + 1, p - value_start - 1));
          if (*p)
            p++;
        }

      g_ptr_array_add (entries, fields);
    }

  return entries;
}

static void
compare_bibtex (Parsed     *parsed,
                const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  entries = read_bibtex (text);
  g_assert_cmpuint (entries->len, ==, parsed->records->len);

  for (guint i = 0; i < entries->len; i++)
    {
      GHashTable *fields = g_ptr_array_index (entries, i);
      const WnRecord *record = g_ptr_array_index (parsed->records, i);
      g_autofree char *doi = g_ascii_strdown (g_hash_table_lookup (fields, "doi"), -1);
      g_auto(GStrv) names = g_strsplit (g_hash_table_lookup (fields, "author"), " and ", -1);

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
      g_assert_cmpuint (record->authors->len, ==, g_strv_length (names));
      for (guint a = 0; names[a] != NULL; a++)
        {
          g_autofree char *ours = last_name (g_ptr_array_index (record->authors, a));
          g_autofree char *theirs = last_name (names[a]);

          g_assert_cmpstr (ours, ==, theirs);
        }
    }
}

static const WnRecord *
find_by_doi (Parsed     *parsed,
             const char *doi)
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
find_by_title (Parsed     *parsed,
               const char *title)
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
compare_with_ris (Parsed     *csv,
                  const char *ris_name,
                  gboolean    same_authors)
{
  g_autofree char *path = g_build_filename (testdata_dir, "imports", "ris", ris_name, NULL);
  g_auto(Parsed) ris = { 0 };

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;
  parse (path, &ris);

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
          g_autofree char *our_last = last_name (g_ptr_array_index (ours->authors, a));
          g_autofree char *their_last = last_name (g_ptr_array_index (theirs->authors, a));

          if (same_authors)
            g_assert_cmpstr (g_ptr_array_index (ours->authors, a), ==, g_ptr_array_index (theirs->authors, a));
          else
            g_assert_cmpstr (our_last, ==, their_last);
        }
    }
}

static void
check_quirks (const char *name,
              Parsed     *parsed)
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
  const char *name = data;
  g_autofree char *path = g_build_filename (testdata_dir, "imports", "csv", name, NULL);
  g_autofree char *stem = g_strndup (name, strlen (name) - strlen (".csv"));
  g_autofree char *bib = g_strconcat (testdata_dir, "/imports/csv/", stem, ".expected.bib", NULL);
  g_auto(Parsed) parsed = { 0 };
  guint previous_end = 0;

  parse (path, &parsed);

  g_assert_cmpint (parsed.report->format, ==, WN_FORMAT_CSV);
  g_assert_cmpuint (parsed.report->rejected->len, ==, 0);
  g_assert_cmpuint (parsed.report->warnings->len, ==, 0);
  g_assert_cmpuint (parsed.records->len, ==, count_from_name (name));
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

static void
test_absent (void)
{
  g_test_skip ("no shared test data (set WINNOW_TESTDATA)");
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  g_test_init (&argc, &argv, NULL);

  testdata_dir = g_strdup (g_getenv ("WINNOW_TESTDATA"));
  if (testdata_dir != NULL)
    {
      g_autofree char *folder = g_build_filename (testdata_dir, "imports", "csv", NULL);

      dir = g_dir_open (folder, 0, NULL);
    }
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (entry, ".csv"))
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_names);

  if (names->len == 0)
    g_test_add_func ("/wn/importers/corpus/csv", test_absent);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *test_path = g_strconcat ("/wn/importers/corpus/csv/",
                                                (char *) g_ptr_array_index (names, i), NULL);

      g_test_add_data_func (test_path, g_ptr_array_index (names, i), test_file);
    }

  return g_test_run ();
}
