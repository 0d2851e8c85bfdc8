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

#include <json-glib/json-glib.h>
#include <string.h>

#include "wn-import.h"

static char *corpus_dir;

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

/* "psycinfo_64recs.ris" → 64, "pmc-ris_1rec.ris" → 1 */
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

static void
assert_doi (const WnRecord *record,
            const char     *expected)
{
  g_autofree char *lower = NULL;

  if (expected == NULL)
    return;
  /* CoLRev writes DOIs in upper case; DOIs are case-insensitive. */
  lower = g_ascii_strdown (expected, -1);
  g_assert_cmpstr (record->doi, ==, lower);
}

static void
assert_title (const WnRecord *record,
              const char     *expected)
{
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;

  if (expected == NULL)
    return;
  ours = squash (record->title);
  theirs = squash (expected);
  g_assert_cmpstr (ours, ==, theirs);
}

static void
assert_year (const WnRecord *record,
             const char     *expected_date)
{
  g_autofree char *year = year_in (expected_date);

  /* Zotero's all-types case has dates like "0000 Year Date": no year to
   * compare. */
  if (year != NULL)
    g_assert_cmpstr (record->year, ==, year);
}

/* Zotero JSON: an array of items, in the order of the file. */
static void
compare_zotero_items (Parsed   *parsed,
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
      assert_title (record, json_object_get_string_member_with_default (item, "title", NULL));
      assert_doi (record, json_object_get_string_member_with_default (item, "DOI", NULL));
      assert_year (record, json_object_get_string_member_with_default (item, "date", NULL));

      /* Winnow's authors are the AU and A1 lines. Zotero turns A2, A3 and
       * A4 into roles that depend on the item type (editor, producer,
       * sponsor, counsel, cast member, ...), which Winnow keeps as fields.
       * So when Zotero lists only authors the names must be the same;
       * otherwise ours must appear among Zotero's creators, in order. */
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

/* RefLib: a couple of hand-written reference records, found by title. */
static void
compare_reflib_records (Parsed   *parsed,
                        JsonArray *refs)
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

      assert_doi (record, json_object_get_string_member_with_default (ref, "doi", NULL));
      assert_year (record, json_object_get_string_member_with_default (ref, "year", NULL));
      names = json_object_get_array_member (ref, "authors");
      for (guint a = 0; a < json_array_get_length (names); a++)
        g_ptr_array_add (authors, g_strdup (json_array_get_string_element (names, a)));
      assert_last_names (record, authors);
      /* Whole names too: EndNote writes them as RefLib reads them. */
      for (guint a = 0; a < authors->len; a++)
        g_assert_cmpstr (g_ptr_array_index (record->authors, a), ==, g_ptr_array_index (authors, a));
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
 * Enough for the JabRef and CoLRev oracles; not a BibTeX parser. */
static GPtrArray *
read_bibtex (const char *text)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  const char *p = text;

  while ((p = strchr (p, '@')) != NULL)
    {
      GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

      p = strchr (p, '{');
      if (p == NULL)
        {
          g_hash_table_unref (fields);
          break;
        }
      /* Skip the key. */
      p = strchr (p, ',');
      if (p == NULL)
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

      assert_title (record, title);
      assert_doi (record, g_hash_table_lookup (fields, "doi"));
      assert_year (record, g_hash_table_lookup (fields, "year"));
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

/* What each vendor's quirk must come out as, beyond the counts. */
static void
check_quirks (const char *name,
              Parsed     *parsed)
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
  const char *name = data;
  g_autofree char *path = g_build_filename (corpus_dir, name, NULL);
  g_autofree char *stem = g_strndup (name, strlen (name) - strlen (".ris"));
  g_autofree char *json = g_strconcat (corpus_dir, G_DIR_SEPARATOR_S, stem, ".expected.json", NULL);
  g_autofree char *bib = g_strconcat (corpus_dir, G_DIR_SEPARATOR_S, stem, ".expected.bib", NULL);
  g_auto(Parsed) parsed = { 0 };
  guint previous_end = 0;

  parse (path, &parsed);

  g_assert_cmpint (parsed.report->format, ==, WN_FORMAT_RIS);
  g_assert_cmpuint (parsed.report->rejected->len, ==, 0);
  g_assert_cmpuint (parsed.records->len, ==, count_from_name (name));
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
  const char *testdata;
  const char *entry;

  g_test_init (&argc, &argv, NULL);

  testdata = g_getenv ("WINNOW_TESTDATA");
  if (testdata != NULL)
    {
      corpus_dir = g_build_filename (testdata, "imports", "ris", NULL);
      dir = g_dir_open (corpus_dir, 0, NULL);
    }
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (entry, ".ris"))
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_names);

  if (names->len == 0)
    g_test_add_func ("/wn/importers/corpus/ris", test_absent);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *test_path = g_strconcat ("/wn/importers/corpus/ris/",
                                                (char *) g_ptr_array_index (names, i), NULL);

      g_test_add_data_func (test_path, g_ptr_array_index (names, i), test_file);
    }

  return g_test_run ();
}
