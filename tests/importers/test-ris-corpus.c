/* test-ris-corpus.c — every real RIS export in the shared test data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * $WINNOW_TESTDATA/imports/ris/ holds RIS files as EBSCOhost, Ovid,
 * embase.com, Web of Science, NCBI, APA PsycNET, EndNote, Rayyan and Zotero's
 * test cases wrote them (SOURCES.md there says where each came from). For
 * each file: it imports with no rejected record and with the record count
 * its name gives (_64recs, _1rec); where another tool's result sits beside
 * it (.expected.json from Zotero or RefLib, .expected.bib from JabRef or
 * CoLRev), titles, DOIs, years and authors' last names agree with it. The
 * oracles are what those tools produce, not truth; where one is wrong and
 * the record wins, the comparison says so.
 *
 * The whole suite skips when the folder is absent.
 */
#include "config.h"

#include <string.h>

#include "wn-test-corpus.h"

/* Zotero JSON: an array of items, in the order of the file. */
static void
compare_zotero_items (WnTestParsed *parsed,
                      JsonArray    *items)
{
  g_assert_cmpuint (json_array_get_length (items), ==, parsed->records->len);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const WnRecord *record = g_ptr_array_index (parsed->records, i);
      g_autoptr(GPtrArray) authors = NULL;
      gboolean only_authors;

      g_test_message ("item %u", i);
      wn_test_assert_title (record, json_object_get_string_member_with_default (item, "title", NULL),
                            WN_TEST_TITLE_SQUASHED);
      wn_test_assert_doi (record, json_object_get_string_member_with_default (item, "DOI", NULL));
      /* Zotero's all-types case has dates like "0000 Year Date": no year to
       * compare. */
      wn_test_assert_year (record, json_object_get_string_member_with_default (item, "date", NULL));

      /* Winnow's authors are the AU and A1 lines. Zotero turns A2, A3 and
       * A4 into roles that depend on the item type (editor, producer,
       * sponsor, counsel, cast member, ...), which Winnow keeps as fields.
       * So when Zotero lists only authors the names must be the same;
       * otherwise ours must appear among Zotero's creators, in order. */
      authors = wn_test_zotero_names (item, FALSE, &only_authors);
      if (only_authors)
        wn_test_assert_last_names (record, authors);
      else
        wn_test_assert_last_names_in (record->authors, authors);
    }
}

/* RefLib: a couple of hand-written reference records, found by title. */
static void
compare_reflib_records (WnTestParsed *parsed,
                        JsonArray    *refs)
{
  for (guint i = 0; i < json_array_get_length (refs); i++)
    {
      JsonObject *ref = json_array_get_object_element (refs, i);
      const char *title = json_object_get_string_member (ref, "title");
      const WnRecord *record = NULL;
      g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_free);
      JsonArray *names;

      for (guint r = 0; r < parsed->records->len && record == NULL; r++)
        {
          const WnRecord *candidate = g_ptr_array_index (parsed->records, r);

          if (g_strcmp0 (candidate->title, title) == 0)
            record = candidate;
        }
      g_assert_nonnull (record);

      wn_test_assert_doi (record, json_object_get_string_member_with_default (ref, "doi", NULL));
      wn_test_assert_year (record, json_object_get_string_member_with_default (ref, "year", NULL));
      names = json_object_get_array_member (ref, "authors");
      for (guint a = 0; a < json_array_get_length (names); a++)
        g_ptr_array_add (authors, g_strdup (json_array_get_string_element (names, a)));
      wn_test_assert_last_names (record, authors);
      /* Whole names too: EndNote writes them as RefLib reads them. */
      for (guint a = 0; a < authors->len; a++)
        g_assert_cmpstr (g_ptr_array_index (record->authors, a), ==, g_ptr_array_index (authors, a));
    }
}

static void
compare_json (WnTestParsed *parsed,
              const char   *path)
{
  g_autoptr(JsonArray) array = wn_test_load_json_array (path);

  if (wn_test_json_is_zotero (array))
    compare_zotero_items (parsed, array);
  else
    compare_reflib_records (parsed, array);
}

/* The JabRef and CoLRev oracles. */
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
      const char *title = g_hash_table_lookup (fields, "title");
      const char *author = g_hash_table_lookup (fields, "author");
      g_autofree char *fixed_title = NULL;

      /* JabRef writes the em dash of the PMC record's title as LaTeX's
       * "--"; the file has U+2014, and the record keeps it. */
      if (title != NULL && strstr (title, "--") != NULL && record->title != NULL &&
          strstr (record->title, "\u2014") != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (title, "--", -1);

          fixed_title = g_strjoinv ("\u2014", parts);
          title = fixed_title;
        }

      wn_test_assert_title (record, title, WN_TEST_TITLE_SQUASHED);
      /* CoLRev writes DOIs in upper case; DOIs are case-insensitive. */
      wn_test_assert_doi (record, g_hash_table_lookup (fields, "doi"));
      wn_test_assert_year (record, g_hash_table_lookup (fields, "year"));
      if (author != NULL)
        {
          g_autoptr(GPtrArray) authors = wn_test_bibtex_names (author);

          wn_test_assert_last_names (record, authors);
        }
    }
}

/* What each vendor's quirk must come out as, beyond the counts. */
static void
check_quirks (const char   *name,
              WnTestParsed *parsed)
{
  GPtrArray *records = parsed->records;
  WnImportReport *report = parsed->report;

  if (g_str_has_prefix (name, "wos-ris-bare-cr"))
    {
      /* Lone CRs start the AN lines; a reader that treats them as spaces
       * loses every accession number. */
      for (guint i = 0; i < records->len; i++)
        {
          const WnRecord *record = g_ptr_array_index (records, i);

          g_assert_nonnull (record->source_id);
          g_assert_true (g_str_has_prefix (record->source_id, "WOS:"));
        }
      g_assert_cmpstr (report->vendor, ==, "Clarivate");
    }
  else if (g_str_has_prefix (name, "ebscohost-criminal-justice") || g_str_has_prefix (name, "ebscohost-cinahl"))
    {
      /* DOI in L3, and the second AB is the publisher's notice. */
      guint with_doi = 0;

      for (guint i = 0; i < records->len; i++)
        {
          const WnRecord *record = g_ptr_array_index (records, i);

          with_doi += record->doi != NULL;
          g_assert_nonnull (record->source_id);
          if (record->abstract != NULL)
            g_assert_false (g_str_has_prefix (record->abstract, "Copyright of "));
        }
      g_assert_cmpuint (with_doi, >, records->len / 2);
      g_assert_cmpstr (report->vendor, ==, "EBSCOhost");
    }
  else if (g_str_has_prefix (name, "ebscohost-psycinfo"))
    {
      g_assert_cmpstr (report->database, ==, "PsycINFO");
      g_assert_cmpstr (report->vendor, ==, "EBSCOhost");
    }
  else if (g_str_has_prefix (name, "ovid-psycinfo"))
    {
      g_assert_cmpstr (report->vendor, ==, "Ovid");
      for (guint i = 0; i < records->len; i++)
        {
          const WnRecord *record = g_ptr_array_index (records, i);

          /* "No Pagination Specified", split over SP and EP, is no page. */
          g_assert_cmpstr (record->pages, !=, "No-Specified");
          g_assert_nonnull (record->doi);
          g_assert_false (g_str_has_prefix (record->doi, "http"));
        }
    }
  else if (g_str_has_prefix (name, "embase-com"))
    {
      g_assert_cmpstr (report->vendor, ==, "embase.com");
      g_assert_cmpstr (report->database, ==, "Embase");
    }
  else if (g_str_has_prefix (name, "apa-psycnet"))
    {
      const WnRecord *record = g_ptr_array_index (records, 0);

      g_assert_cmpstr (record->pmid, ==, "33355555");
      g_assert_cmpstr (report->vendor, ==, "APA PsycNET");
    }
  else if (g_str_has_prefix (name, "pubmed-ris") || g_str_has_prefix (name, "pmc-ris"))
    {
      const WnRecord *record = g_ptr_array_index (records, 0);

      g_assert_nonnull (record->pmid);
      g_assert_cmpstr (report->vendor, ==, "PubMed");
    }
  else if (g_str_has_prefix (name, "endnote-ris") || g_str_has_prefix (name, "rayyan"))
    {
      /* One keyword per continuation line, not all of them in one. */
      guint keywords = 0;

      for (guint i = 0; i < records->len; i++)
        {
          const WnRecord *record = g_ptr_array_index (records, i);

          keywords += record->keywords->len;
          for (guint k = 0; k < record->keywords->len; k++)
            g_assert_null (strchr (g_ptr_array_index (record->keywords, k), '\n'));
        }
      g_assert_cmpuint (keywords, >, 2 * records->len);
    }
}

static void
test_file (gconstpointer data)
{
  const char *path = data;
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *json = wn_test_oracle_path (path, ".expected.json");
  g_autofree char *bib = wn_test_oracle_path (path, ".expected.bib");
  g_auto(WnTestParsed) parsed = { 0 };
  guint previous_end = 0;

  wn_test_parse_all (path, &parsed);

  g_assert_cmpint (parsed.report->format, ==, WN_FORMAT_RIS);
  g_assert_cmpuint (parsed.report->rejected->len, ==, 0);
  g_assert_cmpuint (parsed.records->len, ==, wn_test_count_from_name (name));
  g_assert_cmpuint (parsed.report->records, ==, parsed.records->len);
  g_assert_nonnull (parsed.report->sha256);

  for (guint i = 0; i < parsed.records->len; i++)
    {
      const WnRecord *record = g_ptr_array_index (parsed.records, i);

      g_assert_cmpuint (record->fields->len, >, 1);
      g_assert_nonnull (record->source_text);
      g_assert_true (g_str_has_prefix (record->source_text, "TY "));
      g_assert_cmpuint (record->line_start, >, previous_end);
      g_assert_cmpuint (record->line_end, >=, record->line_start);
      previous_end = record->line_end;
    }

  check_quirks (name, &parsed);

  if (g_file_test (json, G_FILE_TEST_EXISTS))
    compare_json (&parsed, json);
  if (g_file_test (bib, G_FILE_TEST_EXISTS))
    compare_bibtex (&parsed, bib);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  wn_test_add_corpus ("ris", ".ris", test_file);

  return g_test_run ();
}
