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

#include <json-glib/json-glib.h>
#include <string.h>

#include "wn-import.h"

typedef struct
{
  const char *folder;
  WnFormat    format;
  char       *dir;
} Corpus;

static Corpus corpora[] = {
  { "pubmed-xml", WN_FORMAT_PUBMED_XML, NULL },
  { "endnote-xml", WN_FORMAT_ENDNOTE_XML, NULL },
};

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

/* "blue-light_102recs.xml" → 102, "medlinedate_1rec.xml" → 1 */
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

/* White space collapsed, for titles that other tools re-wrap. */
static char *
squash (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; p != NULL && *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
last_name (const char *name)
{
  const char *comma = strchr (name, ',');
  g_autofree char *last = comma ? g_strndup (name, comma - name) : g_strdup (name);

  return g_utf8_casefold (g_strstrip (last), -1);
}

static char *
year_in (const char *date)
{
  for (const char *p = date; p != NULL && *p; p++)
    if ((p[0] == '1' || p[0] == '2') && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) &&
        g_ascii_isdigit (p[3]) && !g_ascii_isdigit (p[4]) && (p == date || !g_ascii_isdigit (p[-1])))
      return g_strndup (p, 4);
  return NULL;
}

static void
assert_doi (const WnRecord *record,
            const char     *expected)
{
  g_autofree char *lower = NULL;

  if (expected == NULL)
    return;
  lower = g_ascii_strdown (expected, -1);
  g_assert_cmpstr (record->doi, ==, lower);
}

/* Zotero's PubMed XML translator drops the full stop that ends every
 * MEDLINE title ("...flow cytometry."); the file has it, and so does the
 * record. */
static void
assert_title (const WnRecord *record,
              const char     *expected,
              gboolean        ignore_final_stop)
{
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;

  if (expected == NULL)
    return;
  ours = squash (record->title);
  theirs = squash (expected);
  if (ignore_final_stop && g_str_has_suffix (ours, ".") && !g_str_has_suffix (theirs, "."))
    ours[strlen (ours) - 1] = '\0';
  g_assert_cmpstr (ours, ==, theirs);
}

static void
assert_year (const WnRecord *record,
             const char     *expected_date)
{
  g_autofree char *year = year_in (expected_date);

  if (year != NULL)
    g_assert_cmpstr (record->year, ==, year);
}

static void
assert_last_names (const WnRecord *record,
                   GPtrArray      *expected)
{
  g_assert_cmpuint (record->authors->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autofree char *ours = last_name (g_ptr_array_index (record->authors, i));
      g_autofree char *theirs = last_name (g_ptr_array_index (expected, i));

      g_assert_cmpstr (ours, ==, theirs);
    }
}

/* Each of the record's authors, in order, among the expected names. */
static void
assert_last_names_among (const WnRecord *record,
                         GPtrArray      *expected)
{
  guint next = 0;

  for (guint i = 0; i < record->authors->len; i++)
    {
      g_autofree char *ours = last_name (g_ptr_array_index (record->authors, i));
      gboolean found = FALSE;

      for (; next < expected->len && !found; next++)
        {
          g_autofree char *theirs = last_name (g_ptr_array_index (expected, next));

          found = g_str_equal (ours, theirs);
        }
      g_assert_true (found);
    }
}

/* Zotero JSON: an array of items, in the order of the file. */
static void
compare_zotero_items (Parsed    *parsed,
                      JsonArray *items)
{
  g_assert_cmpuint (json_array_get_length (items), ==, parsed->records->len);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const WnRecord *record = g_ptr_array_index (parsed->records, i);
      g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_free);
      gboolean only_authors = TRUE;
      JsonArray *creators;

      g_test_message ("item %u", i);
      assert_title (record, json_object_get_string_member_with_default (item, "title", NULL), TRUE);
      assert_doi (record, json_object_get_string_member_with_default (item, "DOI", NULL));
      assert_year (record, json_object_get_string_member_with_default (item, "date", NULL));
      if (json_object_has_member (item, "PMID"))
        g_assert_cmpstr (record->pmid, ==, json_object_get_string_member (item, "PMID"));

      /* Winnow's authors are the authors proper. Zotero also lists an
       * EndNote record's secondary authors, as series editors, editors or
       * inventors by item type, which Winnow keeps as fields: when Zotero
       * lists only authors the names must be the same, otherwise ours must
       * appear among Zotero's creators, in order. */
      creators = json_object_get_array_member (item, "creators");
      for (guint c = 0; creators != NULL && c < json_array_get_length (creators); c++)
        {
          JsonObject *creator = json_array_get_object_element (creators, c);
          const char *type = json_object_get_string_member_with_default (creator, "creatorType", "");

          only_authors = only_authors && g_str_equal (type, "author");
          g_ptr_array_add (authors,
                           g_strdup (json_object_get_string_member_with_default (creator, "lastName",
                                     json_object_get_string_member_with_default (creator, "name", ""))));
        }
      if (only_authors)
        assert_last_names (record, authors);
      else
        assert_last_names_among (record, authors);
    }
}

static const WnRecord *
record_by_source_id (Parsed     *parsed,
                     const char *id)
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
compare_reflib_records (Parsed    *parsed,
                        JsonArray *refs)
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
      assert_doi (record, json_object_get_string_member_with_default (ref, "doi", NULL));
      assert_year (record, json_object_get_string_member_with_default (ref, "year", NULL));
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
compare_json (Parsed     *parsed,
              const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_nonnull (array);

  if (json_array_get_length (array) > 0 &&
      json_object_has_member (json_array_get_object_element (array, 0), "itemType"))
    compare_zotero_items (parsed, array);
  else
    compare_reflib_records (parsed, array);
}

/* A small, tolerant BibTeX reader: entries of `name = {value}`,
 * `name = "value"` or `name = bare`, braces nested, field names lower-cased.
 * Enough for the JabRef oracles; not a BibTeX parser. */
static GPtrArray *
read_bibtex (const char *text)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  const char *p = text;

  while ((p = strchr (p, '@')) != NULL)
    {
      GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

      p = strchr (p, '{');
      if (p == NULL || (p = strchr (p, ',')) == NULL)
        {
          g_hash_table_unref (fields);
          break;
        }
      p++;

      for (;;)
        {
          const char *name_start;
          g_autofree char *name = NULL;
          GString *value = g_string_new (NULL);

          while (*p && (g_ascii_isspace (*p) || *p == ','))
            p++;
          if (*p == '}' || *p == '\0')
            {
              g_string_free (value, TRUE);
              break;
            }
          name_start = p;
          while (*p && *p != '=' && *p != '}')
            p++;
          if (*p != '=')
            {
              g_string_free (value, TRUE);
              break;
            }
          name = g_ascii_strdown (name_start, p - name_start);
          g_strstrip (name);
          p++;
          while (*p && g_ascii_isspace (*p))
            p++;

          if (*p == '{' || *p == '"')
            {
              char close = *p == '{' ? '}' : '"';
              int depth = 0;

              for (p++; *p; p++)
                {
                  if (*p == '{')
                    depth++;
                  else if (*p == '}' && depth > 0)
                    depth--;
                  else if (*p == close && depth == 0)
                    break;
                  if (*p != '{' && *p != '}')
                    g_string_append_c (value, *p);
                }
              if (*p)
                p++;
            }
          else
            {
              while (*p && *p != ',' && *p != '}' && *p != '\n')
                g_string_append_c (value, *p++);
            }

          g_hash_table_replace (fields, g_steal_pointer (&name), g_strstrip (g_string_free (value, FALSE)));
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
      const char *author = g_hash_table_lookup (fields, "author");
      const char *pmid = g_hash_table_lookup (fields, "pmid");

      g_test_message ("entry %u", i);
      assert_title (record, g_hash_table_lookup (fields, "title"), FALSE);
      assert_doi (record, g_hash_table_lookup (fields, "doi"));
      assert_year (record, g_hash_table_lookup (fields, "year"));
      if (pmid != NULL)
        g_assert_cmpstr (record->pmid, ==, pmid);
      /* JabRef splits "Neuroimaging Initiative, Alzheimer's Disease" at
       * its comma, as the PubMed record does itself (LastName
       * "Neuroimaging Initiative"): last names still agree. */
      if (author != NULL)
        {
          g_auto(GStrv) names = g_strsplit (author, " and ", -1);
          g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_free);

          for (guint a = 0; names[a] != NULL; a++)
            g_ptr_array_add (authors, g_strdup (names[a]));
          assert_last_names (record, authors);
        }
    }
}

static void
check_quirks (const char *name,
              Parsed     *parsed)
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
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *stem = g_strndup (name, strlen (name) - strlen (".xml"));
  g_autofree char *json = g_strconcat (dir, G_DIR_SEPARATOR_S, stem, ".expected.json", NULL);
  g_autofree char *spot = g_strconcat (dir, G_DIR_SEPARATOR_S, stem, ".expected-spotcheck.json", NULL);
  g_autofree char *bib = g_strconcat (dir, G_DIR_SEPARATOR_S, stem, ".expected.bib", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(Parsed) parsed = { 0 };
  WnFormat format = g_str_has_prefix (name, "pubmed-xml") ? WN_FORMAT_PUBMED_XML : WN_FORMAT_ENDNOTE_XML;
  guint previous_end = 0;

  parsed.records = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_record_free);
  parsed.report = wn_import_report_new (path);
  wn_import_parse_file (path, WN_FORMAT_AUTO, collect_cb, parsed.records, parsed.report, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (parsed.report->format, ==, format);
  g_assert_cmpuint (parsed.report->rejected->len, ==, 0);
  g_assert_cmpuint (parsed.records->len, ==, count_from_name (name));
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
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *testdata;

  g_test_init (&argc, &argv, NULL);

  testdata = g_getenv ("WINNOW_TESTDATA");
  for (gsize c = 0; c < G_N_ELEMENTS (corpora); c++)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GDir) dir = NULL;
      const char *entry;

      if (testdata != NULL)
        {
          corpora[c].dir = g_build_filename (testdata, "imports", corpora[c].folder, NULL);
          dir = g_dir_open (corpora[c].dir, 0, NULL);
        }
      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (entry, ".xml"))
          g_ptr_array_add (names, g_strdup (entry));
      g_ptr_array_sort (names, compare_names);

      if (names->len == 0)
        {
          g_autofree char *test_path = g_strconcat ("/wn/importers/corpus/", corpora[c].folder, NULL);

          g_test_add_func (test_path, test_absent);
        }
      for (guint i = 0; i < names->len; i++)
        {
          const char *name = g_ptr_array_index (names, i);
          g_autofree char *test_path = g_strconcat ("/wn/importers/corpus/", corpora[c].folder, "/", name, NULL);
          char *path = g_build_filename (corpora[c].dir, name, NULL);

          g_ptr_array_add (paths, path);
          g_test_add_data_func (test_path, path, test_file);
        }
    }

  return g_test_run ();
}
