/* wn-test-tagged.c — what the MEDLINE, Web of Science and Ovid tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The oracles are what other tools make of the same files (Zotero's and
 * RefLib's JSON, JabRef's BibTeX), not truth. Where one of them differs
 * from the file on purpose — a tool that drops something Winnow keeps — the
 * comparison below says so and the record wins.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/resource.h>

#include "wn-test-dump.h"
#include "wn-test-tagged.h"

/* Golden files */

static char *golden_dir;

typedef struct
{
  GString *out;
  guint    n;
} DumpContext;

static gboolean
dump_record_cb (WnRecord  *record,
                gpointer   user_data,
                GError   **error)
{
  DumpContext *context = user_data;

  wn_test_dump_record (context->out, ++context->n, record);
  wn_record_free (record);
  return TRUE;
}

static void
test_golden (gconstpointer data)
{
  const char *input = data;
  const char *dot = strrchr (input, '.');
  g_autofree char *stem = g_strndup (input, dot - input);
  g_autofree char *expected_file = g_strconcat (golden_dir, G_DIR_SEPARATOR_S, stem, ".expected", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(WnImportReport) report = wn_import_report_new (input);
  g_autoptr(GString) records = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  DumpContext context = { records, 0 };

  /* The working folder is the fixture folder, so messages name the file
   * as "NAME.ext" whatever the checkout's path. */
  wn_import_parse_file (input, WN_FORMAT_AUTO, dump_record_cb, &context, report, NULL, &error);

  g_string_append_printf (out, "# %s parsed by Winnow; WINNOW_REGENERATE=1 rewrites this file\n", input);
  wn_test_dump_report (out, report);
  g_string_append_printf (out, "error: %s\n", error != NULL ? error->message : "-");
  g_string_append (out, records->str);

  if (g_getenv ("WINNOW_REGENERATE") != NULL)
    {
      g_autoptr(GError) write_error = NULL;

      g_file_set_contents (expected_file, out->str, out->len, &write_error);
      g_assert_no_error (write_error);
      g_test_message ("wrote %s", expected_file);
      return;
    }

  if (!g_file_get_contents (expected_file, &expected, NULL, NULL))
    {
      g_test_message ("%s is missing; run the tests with WINNOW_REGENERATE=1 and check what it holds",
                      expected_file);
      g_test_fail ();
      return;
    }
  g_assert_cmpstr (out->str, ==, expected);
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

char *
wn_test_tagged_fixture (const char *folder,
                        const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", folder, name, NULL);
}

void
wn_test_tagged_add_golden (const char        *folder,
                           const char *const *suffixes,
                           guint              min_fixtures)
{
  /* Test data outlives the tests: leaked on purpose. */
  GPtrArray *names = g_ptr_array_new ();
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *entry;

  golden_dir = g_test_build_filename (G_TEST_DIST, "data", folder, NULL);
  dir = g_dir_open (golden_dir, 0, &error);
  g_assert_no_error (error);
  while ((entry = g_dir_read_name (dir)) != NULL)
    for (guint i = 0; suffixes[i] != NULL; i++)
      if (g_str_has_suffix (entry, suffixes[i]))
        {
          g_ptr_array_add (names, g_strdup (entry));
          break;
        }
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >=, min_fixtures);
  g_assert_cmpint (g_chdir (golden_dir), ==, 0);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *stem = g_strndup (name, strrchr (name, '.') - name);
      g_autofree char *path = g_strdup_printf ("/wn/importers/%s/%s", folder, stem);

      g_test_add_data_func (path, name, test_golden);
    }
}

/* Projects */

void
wn_test_project_set_up (WnTestProject *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("winnow-tagged-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "review.winnow", NULL);
  fixture->project = wn_project_create (path, "Import tests", &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->project);
}

void
wn_test_project_tear_down (WnTestProject *fixture,
                           gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  wn_project_close (fixture->project);
  g_clear_object (&fixture->project);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

char *
wn_test_project_write (WnTestProject *fixture,
                       const char    *name,
                       const void    *data,
                       gssize         len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

void
wn_test_project_assert_counts (WnTestProject *fixture,
                               gint64         records,
                               gint64         searches)
{
  g_autoptr(GError) error = NULL;
  WnProjectCounts counts = { 0 };

  g_assert_true (wn_project_get_counts (fixture->project, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts.records, ==, records);
  g_assert_cmpint (counts.searches, ==, searches);
}

char *
wn_test_project_write_long_line (WnTestProject *fixture,
                                 const char    *name,
                                 const char    *head,
                                 gsize          size)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *block = g_malloc (1024 * 1024);

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (G_OUTPUT_STREAM (out), head, strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);
  memset (block, 'x', 1024 * 1024);
  while (size > 0)
    {
      gsize n = MIN (size, 1024 * 1024);

      g_output_stream_write_all (G_OUTPUT_STREAM (out), block, n, NULL, NULL, &error);
      g_assert_no_error (error);
      size -= n;
    }
  g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error);
  g_assert_no_error (error);
  return path;
}

glong
wn_test_peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* The corpus */

void
wn_test_parsed_clear (WnTestParsed *parsed)
{
  g_clear_pointer (&parsed->records, g_ptr_array_unref);
  g_clear_pointer (&parsed->report, wn_import_report_free);
}

static gboolean
collect_cb (WnRecord  *record,
            gpointer   user_data,
            GError   **error)
{
  g_ptr_array_add (user_data, record);
  return TRUE;
}

void
wn_test_parse_all (const char   *path,
                   WnTestParsed *parsed)
{
  g_autoptr(GError) error = NULL;

  parsed->records = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_record_free);
  parsed->report = wn_import_report_new (path);
  wn_import_parse_file (path, WN_FORMAT_AUTO, collect_cb, parsed->records, parsed->report, NULL, &error);
  g_assert_no_error (error);
}

guint
wn_test_count_from_name (const char *name)
{
  const char *underscore = strrchr (name, '_');
  char *end = NULL;
  guint64 n;

  g_assert_nonnull (underscore);
  n = g_ascii_strtoull (underscore + 1, &end, 10);
  g_assert_true (g_str_has_prefix (end, "rec"));
  return (guint) n;
}

/* White space collapsed and a final full stop dropped: Zotero drops the
 * full stop that ends MEDLINE and Ovid titles, and re-wraps lines. */
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
  if (out->len > 0 && out->str[out->len - 1] == '.')
    g_string_truncate (out, out->len - 1);

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
assert_doi (const WnRecord *record,
            const char     *expected)
{
  g_autofree char *lower = NULL;

  if (expected == NULL)
    return;
  /* DOIs are case-insensitive; Winnow stores them in lower case. */
  lower = g_ascii_strdown (expected, -1);
  g_assert_cmpstr (record->doi, ==, lower);
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

/* Every name of expected among the record's authors, in order. */
static void
assert_last_names_within (const WnRecord *record,
                          GPtrArray      *expected)
{
  guint next = 0;

  for (guint i = 0; i < expected->len; i++)
    {
      g_autofree char *theirs = last_name (g_ptr_array_index (expected, i));
      gboolean found = FALSE;

      for (; next < record->authors->len && !found; next++)
        {
          g_autofree char *ours = last_name (g_ptr_array_index (record->authors, next));

          found = g_str_equal (ours, theirs);
        }
      g_assert_true (found);
    }
}

/* Zotero: an array of items in file order. Zotero's creators include
 * editors (MEDLINE FED); Winnow's authors are the authors, so only
 * Zotero's "author" creators are compared. */
static void
compare_zotero_items (WnTestParsed *parsed,
                      JsonArray    *items)
{
  g_assert_cmpuint (json_array_get_length (items), ==, parsed->records->len);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const WnRecord *record = g_ptr_array_index (parsed->records, i);
      g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_free);
      JsonArray *creators = json_object_get_array_member (item, "creators");

      g_test_message ("item %u", i);
      assert_title (record, json_object_get_string_member_with_default (item, "title", NULL));
      assert_doi (record, json_object_get_string_member_with_default (item, "DOI", NULL));
      assert_year (record, json_object_get_string_member_with_default (item, "date", NULL));

      for (guint c = 0; creators != NULL && c < json_array_get_length (creators); c++)
        {
          JsonObject *creator = json_array_get_object_element (creators, c);

          if (!g_str_equal (json_object_get_string_member_with_default (creator, "creatorType", ""), "author"))
            continue;
          g_ptr_array_add (authors,
                           g_strdup (json_object_get_string_member_with_default (creator, "lastName",
                                     json_object_get_string_member_with_default (creator, "name", ""))));
        }
      assert_last_names (record, authors);
    }
}

/* RefLib: a couple of hand-written records, found by title. */
static void
compare_reflib_records (WnTestParsed *parsed,
                        JsonArray    *refs)
{
  for (guint i = 0; i < json_array_get_length (refs); i++)
    {
      JsonObject *ref = json_array_get_object_element (refs, i);
      g_autofree char *title = squash (json_object_get_string_member (ref, "title"));
      const WnRecord *record = NULL;
      g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_free);
      JsonArray *names;

      for (guint r = 0; r < parsed->records->len && record == NULL; r++)
        {
          const WnRecord *candidate = g_ptr_array_index (parsed->records, r);
          g_autofree char *theirs = squash (candidate->title);

          if (g_strcmp0 (theirs, title) == 0)
            record = candidate;
        }
      g_assert_nonnull (record);

      assert_doi (record, json_object_get_string_member_with_default (ref, "doi", NULL));
      assert_year (record, json_object_get_string_member_with_default (ref, "year", NULL));
      names = json_object_get_array_member (ref, "authors");
      for (guint a = 0; a < json_array_get_length (names); a++)
        g_ptr_array_add (authors, g_strdup (json_array_get_string_element (names, a)));
      /* RefLib rebuilds "Shahtalebi, M. A." from AU; Winnow keeps FAU's
       * "Shahtalebi, Mohammad Ali": last names agree. */
      assert_last_names (record, authors);
    }
}

static void
compare_json (WnTestParsed *parsed,
              const char   *path)
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

/* A small, tolerant BibTeX reader, enough for JabRef's oracles: entries of
 * `name = {value}` or `name = "value"` or `name = bare`, braces nested,
 * field names lower-cased. Not a BibTeX parser. */
static GPtrArray *
read_bibtex (const char *text)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  const char *p = text;

  while ((p = strchr (p, '@')) != NULL && (p = strchr (p, ',')) != NULL)
    {
      GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

      p++;
      for (;;)
        {
          const char *name_start;
          g_autofree char *name = NULL;
          g_autoptr(GString) value = g_string_new (NULL);

          while (*p && (g_ascii_isspace (*p) || *p == ','))
            p++;
          if (*p == '}' || *p == '\0')
            break;
          name_start = p;
          while (*p && *p != '=' && *p != '}')
            p++;
          if (*p != '=')
            break;
          name = g_strstrip (g_ascii_strdown (name_start, p - name_start));
          for (p++; *p && g_ascii_isspace (*p); p++)
            ;
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
            while (*p && *p != ',' && *p != '}' && *p != '\n')
              g_string_append_c (value, *p++);

          g_hash_table_replace (fields, g_steal_pointer (&name),
                                g_strstrip (g_string_free (g_steal_pointer (&value), FALSE)));
        }
      g_ptr_array_add (entries, fields);
    }

  return entries;
}

static void
compare_bibtex (WnTestParsed *parsed,
                const char   *path)
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

      assert_title (record, g_hash_table_lookup (fields, "title"));
      assert_doi (record, g_hash_table_lookup (fields, "doi"));
      assert_year (record, g_hash_table_lookup (fields, "year"));
      if (g_hash_table_contains (fields, "pmid"))
        g_assert_cmpstr (record->pmid, ==, g_hash_table_lookup (fields, "pmid"));
      if (author != NULL)
        {
          g_auto(GStrv) names = g_strsplit (author, " and ", -1);
          g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_free);

          for (guint a = 0; names[a] != NULL; a++)
            g_ptr_array_add (authors, g_strdup (names[a]));
          /* JabRef leaves MEDLINE's CN group author out of the authors
           * (it is "corporate" beside them); Winnow keeps group authors in
           * the list, so JabRef's names must be ours, in order, with the
           * group author between. */
          assert_last_names_within (record, authors);
          g_assert_cmpuint (record->authors->len, <=, authors->len + 1);
        }
    }
}

void
wn_test_compare_oracles (const char   *dir,
                         const char   *name,
                         WnTestParsed *parsed)
{
  g_autofree char *stem = g_strndup (name, strrchr (name, '.') - name);
  g_autofree char *json = g_strconcat (dir, G_DIR_SEPARATOR_S, stem, ".expected.json", NULL);
  g_autofree char *bib = g_strconcat (dir, G_DIR_SEPARATOR_S, stem, ".expected.bib", NULL);

  if (g_file_test (json, G_FILE_TEST_EXISTS))
    compare_json (parsed, json);
  if (g_file_test (bib, G_FILE_TEST_EXISTS))
    compare_bibtex (parsed, bib);
}

static void
test_absent (void)
{
  g_test_skip ("no shared test data (set WINNOW_TESTDATA)");
}

void
wn_test_add_corpus (const char     *folder,
                    GTestDataFunc   func,
                    char          **dir_out)
{
  /* Test data outlives the tests: leaked on purpose. */
  GPtrArray *names = g_ptr_array_new ();
  g_autoptr(GDir) dir = NULL;
  const char *testdata = g_getenv ("WINNOW_TESTDATA");
  const char *entry;

  *dir_out = NULL;
  if (testdata != NULL)
    {
      *dir_out = g_build_filename (testdata, "imports", folder, NULL);
      dir = g_dir_open (*dir_out, 0, NULL);
    }
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    if (strstr (entry, ".expected") == NULL)
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_names);

  if (names->len == 0)
    {
      g_autofree char *path = g_strdup_printf ("/wn/importers/corpus/%s", folder);

      g_test_add_func (path, test_absent);
    }
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/wn/importers/corpus/%s/%s", folder,
                                               (char *) g_ptr_array_index (names, i));

      g_test_add_data_func (path, g_ptr_array_index (names, i), func);
    }
}
