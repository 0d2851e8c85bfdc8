/* test-xml-corpus.c — every real PubMed XML and EndNote XML export in the
 * shared test data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * $WINNOW_TESTDATA/imports/pubmed-xml/ and imports/endnote-xml/ hold files
 * as efetch, PubMed, EndNote 20, JabRef's and Zotero's test suites wrote
 * them (SOURCES.md there says where each came from). For each file: it is
 * detected from its content, imports with no rejected record and with the
 * record count its name gives (_102recs, _1rec), each record's source text
 * is its own element, and where another tool's result sits beside it
 * (.expected.json from Zotero or RefLib, .expected-spotcheck.json from
 * RefLib, .expected.bib from JabRef), titles, DOIs, years and authors agree
 * with it. The oracles are what those tools produce, not truth; where one
 * is wrong and the record wins, the comparison says so.
 *
 * Each folder's test skips when the folder is absent.
 */
#include "config.h"

#include <string.h>

#include "wn-test-corpus.h"

/* Zotero JSON: an array of items, in the order of the file. Zotero's
 * PubMed XML translator drops the full stop that ends every MEDLINE title
 * ("...flow cytometry."); the file has it, and so does the record. */
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
                            WN_TEST_TITLE_OUR_FINAL_STOP);
      wn_test_assert_doi (record, json_object_get_string_member_with_default (item, "DOI", NULL));
      wn_test_assert_year (record, json_object_get_string_member_with_default (item, "date", NULL));
      if (json_object_has_member (item, "PMID"))
        g_assert_cmpstr (record->pmid, ==, json_object_get_string_member (item, "PMID"));

      /* Winnow's authors are the authors proper. Zotero also lists an
       * EndNote record's secondary authors, as series editors, editors or
       * inventors by item type, which Winnow keeps as fields: when Zotero
       * lists only authors the names must be the same, otherwise ours must
       * appear among Zotero's creators, in order. */
      authors = wn_test_zotero_names (item, FALSE, &only_authors);
      if (only_authors)
        wn_test_assert_last_names (record, authors);
      else
        wn_test_assert_last_names_in (record->authors, authors);
    }
}

static const WnRecord *
record_by_source_id (WnTestParsed *parsed,
                     const char   *id)
{
  for (guint r = 0; r < parsed->records->len; r++)
    {
      const WnRecord *record = g_ptr_array_index (parsed->records, r);

      if (g_strcmp0 (record->source_id, id) == 0)
        return record;
    }
  return NULL;
}

/* RefLib: records by their EndNote record number, which is Winnow's
 * source_id. RefLib reads EndNote XML itself, so names, titles and more
 * must match whole. */
static void
compare_reflib_records (WnTestParsed *parsed,
                        JsonArray    *refs)
{
  for (guint i = 0; i < json_array_get_length (refs); i++)
    {
      JsonObject *ref = json_array_get_object_element (refs, i);
      const char *number = json_object_get_string_member (ref, "recNumber");
      const WnRecord *record = record_by_source_id (parsed, number);
      JsonArray *names;

      g_test_message ("record %s", number);
      g_assert_nonnull (record);
      if (record == NULL)
        return;
      g_assert_cmpstr (record->title, ==, json_object_get_string_member (ref, "title"));
      wn_test_assert_doi (record, json_object_get_string_member_with_default (ref, "doi", NULL));
      wn_test_assert_year (record, json_object_get_string_member_with_default (ref, "year", NULL));
      g_assert_cmpstr (record->journal, ==, json_object_get_string_member_with_default (ref, "journal", NULL));
      g_assert_cmpstr (record->volume, ==, json_object_get_string_member_with_default (ref, "volume", NULL));
      g_assert_cmpstr (record->issue, ==, json_object_get_string_member_with_default (ref, "number", NULL));
      g_assert_cmpstr (record->pages, ==, json_object_get_string_member_with_default (ref, "pages", NULL));

      names = json_object_has_member (ref, "authors") ? json_object_get_array_member (ref, "authors") : NULL;
      g_assert_cmpuint (record->authors->len, ==, names != NULL ? json_array_get_length (names) : 0);
      for (guint a = 0; names != NULL && a < json_array_get_length (names); a++)
        g_assert_cmpstr (g_ptr_array_index (record->authors, a), ==, json_array_get_string_element (names, a));

      if (json_object_has_member (ref, "keywords"))
        {
          JsonArray *keywords = json_object_get_array_member (ref, "keywords");

          g_assert_cmpuint (record->keywords->len, ==, json_array_get_length (keywords));
          for (guint k = 0; k < json_array_get_length (keywords); k++)
            g_assert_cmpstr (g_ptr_array_index (record->keywords, k), ==,
                             json_array_get_string_element (keywords, k));
        }
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

/* The JabRef oracles. */
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
      const char *author = g_hash_table_lookup (fields, "author");
      const char *pmid = g_hash_table_lookup (fields, "pmid");

      g_test_message ("entry %u", i);
      wn_test_assert_title (record, g_hash_table_lookup (fields, "title"), WN_TEST_TITLE_SQUASHED);
      wn_test_assert_doi (record, g_hash_table_lookup (fields, "doi"));
      wn_test_assert_year (record, g_hash_table_lookup (fields, "year"));
      if (pmid != NULL)
        g_assert_cmpstr (record->pmid, ==, pmid);
      /* JabRef splits "Neuroimaging Initiative, Alzheimer's Disease" at
       * its comma, as the PubMed record does itself (LastName
       * "Neuroimaging Initiative"): last names still agree. */
      if (author != NULL)
        {
          g_autoptr(GPtrArray) authors = wn_test_bibtex_names (author);

          wn_test_assert_last_names (record, authors);
        }
    }
}

static void
check_quirks (const char   *name,
              WnTestParsed *parsed)
{
  GPtrArray *records = parsed->records;

  if (g_str_has_prefix (name, "pubmed-xml-jabref-inline-italics"))
    {
      const WnRecord *record = g_ptr_array_index (records, 0);

      /* 44 cited references each carry an ArticleId IdType="pubmed"; the
       * record's own PMID and DOI come from its own elements. */
      g_assert_cmpstr (record->pmid, ==, "29872490");
      g_assert_cmpstr (record->doi, ==, "10.18632/oncotarget.25083");
      /* All the text, <i> and <sup> runs included. */
      g_assert_nonnull (strstr (record->abstract, "The apolipoprotein E ( APOE) gene"));
      g_assert_nonnull (strstr (record->abstract, "1.60 x 10 -19"));
      g_assert_true (g_str_has_prefix (record->title, "Genome-wide significant risk factors on chromosome 19 and the APOE locus"));
    }
  else if (g_str_has_prefix (name, "pubmed-xml-jabref-article-and-book"))
    {
      const WnRecord *book = g_ptr_array_index (records, 1);

      g_assert_cmpstr (book->pmid, ==, "21413195");
      g_assert_cmpstr (book->title, ==,
                       "Rheumatoid Arthritis: National Clinical Guideline for Management and Treatment in Adults");
      g_assert_cmpstr (book->abstract, ==, "just a dummy.");
    }
  else if (g_str_has_prefix (name, "endnote-xml-blue-light"))
    {
      /* EndNote 20: one line, <style> everywhere, PMIDs in accession-num
       * because the records came from PubMed. */
      g_assert_cmpuint (parsed->report->lines, ==, 1);
      g_assert_cmpstr (parsed->report->vendor, ==, "PubMed");
      for (guint i = 0; i < records->len; i++)
        {
          const WnRecord *record = g_ptr_array_index (records, i);

          g_assert_nonnull (record->pmid);
          g_assert_cmpuint (record->line_start, ==, 1);
          g_assert_null (strstr (record->title, "<style"));
        }
    }

  if (parsed->report->format == WN_FORMAT_PUBMED_XML)
    g_assert_cmpstr (parsed->report->database, ==, "PubMed");
}

static void
test_file (gconstpointer data)
{
  const char *path = data;
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *json = wn_test_oracle_path (path, ".expected.json");
  g_autofree char *spot = wn_test_oracle_path (path, ".expected-spotcheck.json");
  g_autofree char *bib = wn_test_oracle_path (path, ".expected.bib");
  g_auto(WnTestParsed) parsed = { 0 };
  WnFormat format = g_str_has_prefix (name, "pubmed-xml") ? WN_FORMAT_PUBMED_XML : WN_FORMAT_ENDNOTE_XML;
  guint previous_end = 0;

  wn_test_parse_all (path, &parsed);

  g_assert_cmpint (parsed.report->format, ==, format);
  g_assert_cmpuint (parsed.report->rejected->len, ==, 0);
  g_assert_cmpuint (parsed.records->len, ==, wn_test_count_from_name (name));
  g_assert_cmpuint (parsed.report->records, ==, parsed.records->len);
  g_assert_nonnull (parsed.report->sha256);

  for (guint i = 0; i < parsed.records->len; i++)
    {
      const WnRecord *record = g_ptr_array_index (parsed.records, i);

      g_assert_cmpuint (record->fields->len, >, 1);
      g_assert_nonnull (record->source_text);
      if (format == WN_FORMAT_PUBMED_XML)
        g_assert_true (g_str_has_prefix (record->source_text, "<PubmedArticle>") ||
                       g_str_has_prefix (record->source_text, "<PubmedBookArticle>"));
      else
        g_assert_true (g_str_has_prefix (record->source_text, "<record>"));
      g_assert_true (g_str_has_suffix (record->source_text, ">"));
      /* One-line files put every record on line 1. */
      g_assert_cmpuint (record->line_start, >=, previous_end);
      g_assert_cmpuint (record->line_end, >=, record->line_start);
      previous_end = record->line_end;
    }

  check_quirks (name, &parsed);

  if (g_file_test (json, G_FILE_TEST_EXISTS))
    compare_json (&parsed, json);
  if (g_file_test (spot, G_FILE_TEST_EXISTS))
    compare_json (&parsed, spot);
  if (g_file_test (bib, G_FILE_TEST_EXISTS))
    compare_bibtex (&parsed, bib);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  wn_test_add_corpus ("pubmed-xml", ".xml", test_file);
  wn_test_add_corpus ("endnote-xml", ".xml", test_file);

  return g_test_run ();
}
