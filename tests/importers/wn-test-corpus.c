/* wn-test-corpus.c — what the corpus tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "wn-test-corpus.h"

/* Finding the files */

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

void
wn_test_add_corpus (const char    *folder,
                    const char    *suffix,
                    GTestDataFunc  func)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *testdata = g_getenv ("WINNOW_TESTDATA");
  const char *entry;

  if (testdata != NULL)
    {
      dir_path = g_build_filename (testdata, "imports", folder, NULL);
      dir = g_dir_open (dir_path, 0, NULL);
    }
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    if (suffix != NULL ? g_str_has_suffix (entry, suffix) : strstr (entry, ".expected") == NULL)
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_names);

  if (names->len == 0)
    {
      g_autofree char *test_path = g_strconcat ("/wn/importers/corpus/", folder, NULL);

      g_test_add_func (test_path, test_absent);
    }
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strconcat ("/wn/importers/corpus/", folder, "/", name, NULL);

      /* GLib frees the path once its test has run. */
      g_test_add_data_func_full (test_path, g_build_filename (dir_path, name, NULL), func, g_free);
    }
}

char *
wn_test_corpus_file (const char *folder,
                     const char *name)
{
  const char *testdata = g_getenv ("WINNOW_TESTDATA");

  if (testdata == NULL)
    return NULL;
  return g_build_filename (testdata, "imports", folder, name, NULL);
}

char *
wn_test_oracle_path (const char *path,
                     const char *suffix)
{
  const char *base = strrchr (path, G_DIR_SEPARATOR);
  const char *dot = strrchr (base != NULL ? base : path, '.');
  g_autofree char *stem = dot != NULL ? g_strndup (path, dot - path) : g_strdup (path);

  return g_strconcat (stem, suffix, NULL);
}

/* Parsing them */

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

/* Comparing values */

char *
wn_test_squash (const char *text,
                gboolean    drop_final_stop)
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
  if (drop_final_stop && out->len > 0 && out->str[out->len - 1] == '.')
    g_string_truncate (out, out->len - 1);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
wn_test_last_name (const char *name)
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

void
wn_test_assert_title (const WnRecord   *record,
                      const char       *expected,
                      WnTestTitleMatch  match)
{
  gboolean no_stop = match == WN_TEST_TITLE_NO_FINAL_STOP;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;

  if (expected == NULL)
    return;
  ours = wn_test_squash (record->title, no_stop);
  theirs = wn_test_squash (expected, no_stop);
  if (match == WN_TEST_TITLE_OUR_FINAL_STOP && g_str_has_suffix (ours, ".") && !g_str_has_suffix (theirs, "."))
    ours[strlen (ours) - 1] = '\0';
  g_assert_cmpstr (ours, ==, theirs);
}

void
wn_test_assert_doi (const WnRecord *record,
                    const char     *expected)
{
  g_autofree char *lower = NULL;

  if (expected == NULL)
    return;
  lower = g_ascii_strdown (expected, -1);
  g_assert_cmpstr (record->doi, ==, lower);
}

void
wn_test_assert_year (const WnRecord *record,
                     const char     *expected_date)
{
  g_autofree char *year = year_in (expected_date);

  if (year != NULL)
    g_assert_cmpstr (record->year, ==, year);
}

void
wn_test_assert_last_names (const WnRecord *record,
                           GPtrArray      *expected)
{
  g_assert_cmpuint (record->authors->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autofree char *ours = wn_test_last_name (g_ptr_array_index (record->authors, i));
      g_autofree char *theirs = wn_test_last_name (g_ptr_array_index (expected, i));

      g_assert_cmpstr (ours, ==, theirs);
    }
}

void
wn_test_assert_last_names_in (GPtrArray *part,
                              GPtrArray *whole)
{
  guint next = 0;

  for (guint i = 0; i < part->len; i++)
    {
      g_autofree char *wanted = wn_test_last_name (g_ptr_array_index (part, i));
      gboolean found = FALSE;

      for (; next < whole->len && !found; next++)
        {
          g_autofree char *candidate = wn_test_last_name (g_ptr_array_index (whole, next));

          found = g_str_equal (wanted, candidate);
        }
      g_assert_true (found);
    }
}

/* Reading the oracles */

JsonArray *
wn_test_load_json_array (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_nonnull (array);

  return json_array_ref (array);
}

gboolean
wn_test_json_is_zotero (JsonArray *array)
{
  return json_array_get_length (array) > 0 &&
         json_object_has_member (json_array_get_object_element (array, 0), "itemType");
}

GPtrArray *
wn_test_zotero_names (JsonObject *item,
                      gboolean    authors_only,
                      gboolean   *all_authors)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  JsonArray *creators = json_object_get_array_member (item, "creators");
  gboolean only = TRUE;

  for (guint c = 0; creators != NULL && c < json_array_get_length (creators); c++)
    {
      JsonObject *creator = json_array_get_object_element (creators, c);
      gboolean author = g_str_equal (json_object_get_string_member_with_default (creator, "creatorType", ""),
                                     "author");

      only = only && author;
      if (authors_only && !author)
        continue;
      g_ptr_array_add (names,
                       g_strdup (json_object_get_string_member_with_default (creator, "lastName",
                                 json_object_get_string_member_with_default (creator, "name", ""))));
    }
  if (all_authors != NULL)
    *all_authors = only;

  return names;
}

static GPtrArray *
read_bibtex (const char *text)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  const char *p = text;

  /* "@type{key," then the fields. */
  while ((p = strchr (p, '@')) != NULL && (p = strchr (p, '{')) != NULL && (p = strchr (p, ',')) != NULL)
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

GPtrArray *
wn_test_load_bibtex (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return read_bibtex (text);
}

GPtrArray *
wn_test_bibtex_names (const char *author)
{
  g_auto(GStrv) names = g_strsplit (author, " and ", -1);
  GPtrArray *authors = g_ptr_array_new_with_free_func (g_free);

  for (guint a = 0; names[a] != NULL; a++)
    g_ptr_array_add (authors, g_strdup (names[a]));
  return authors;
}
