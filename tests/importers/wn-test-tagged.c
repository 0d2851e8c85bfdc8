/* wn-test-tagged.c — what the importer tests share beyond dumps and the corpus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Throw-away projects, and the tagged formats' oracles. The oracles are
 * what other tools make of the same files (Zotero's and RefLib's JSON,
 * JabRef's BibTeX), not truth. Where one of them differs
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
  const char *preload = g_getenv ("LD_PRELOAD");

  /* Under Valgrind the RSS is mostly Valgrind's own shadow memory, so it
   * is not measured: every "grew by" is 0 (build-aux/sanitize). */
  if (preload != NULL && strstr (preload, "vgpreload") != NULL)
    return 0;
  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* The corpus: comparisons with the oracles. Zotero drops the full stop
 * that ends MEDLINE and Ovid titles, and re-wraps lines. */

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
      g_autoptr(GPtrArray) authors = wn_test_zotero_names (item, TRUE, NULL);

      g_test_message ("item %u", i);
      wn_test_assert_title (record, json_object_get_string_member_with_default (item, "title", NULL),
                            WN_TEST_TITLE_NO_FINAL_STOP);
      wn_test_assert_doi (record, json_object_get_string_member_with_default (item, "DOI", NULL));
      wn_test_assert_year (record, json_object_get_string_member_with_default (item, "date", NULL));
      wn_test_assert_last_names (record, authors);
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
      g_autofree char *title = wn_test_squash (json_object_get_string_member (ref, "title"), TRUE);
      const WnRecord *record = NULL;
      g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_free);
      JsonArray *names;

      for (guint r = 0; r < parsed->records->len && record == NULL; r++)
        {
          const WnRecord *candidate = g_ptr_array_index (parsed->records, r);
          g_autofree char *theirs = wn_test_squash (candidate->title, TRUE);

          if (g_strcmp0 (theirs, title) == 0)
            record = candidate;
        }
      g_assert_nonnull (record);

      wn_test_assert_doi (record, json_object_get_string_member_with_default (ref, "doi", NULL));
      wn_test_assert_year (record, json_object_get_string_member_with_default (ref, "year", NULL));
      names = json_object_get_array_member (ref, "authors");
      for (guint a = 0; a < json_array_get_length (names); a++)
        g_ptr_array_add (authors, g_strdup (json_array_get_string_element (names, a)));
      /* RefLib rebuilds "Shahtalebi, M. A." from AU; Winnow keeps FAU's
       * "Shahtalebi, Mohammad Ali": last names agree. */
      wn_test_assert_last_names (record, authors);
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

/* JabRef's BibTeX. */
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

      wn_test_assert_title (record, g_hash_table_lookup (fields, "title"), WN_TEST_TITLE_NO_FINAL_STOP);
      wn_test_assert_doi (record, g_hash_table_lookup (fields, "doi"));
      wn_test_assert_year (record, g_hash_table_lookup (fields, "year"));
      if (g_hash_table_contains (fields, "pmid"))
        g_assert_cmpstr (record->pmid, ==, g_hash_table_lookup (fields, "pmid"));
      if (author != NULL)
        {
          g_autoptr(GPtrArray) authors = wn_test_bibtex_names (author);

          /* JabRef leaves MEDLINE's CN group author out of the authors
           * (it is "corporate" beside them); Winnow keeps group authors in
           * the list, so JabRef's names must be ours, in order, with the
           * group author between. */
          wn_test_assert_last_names_in (authors, record->authors);
          g_assert_cmpuint (record->authors->len, <=, authors->len + 1);
        }
    }
}

void
wn_test_compare_oracles (const char   *path,
                         WnTestParsed *parsed)
{
  g_autofree char *json = wn_test_oracle_path (path, ".expected.json");
  g_autofree char *bib = wn_test_oracle_path (path, ".expected.bib");

  if (g_file_test (json, G_FILE_TEST_EXISTS))
    compare_json (parsed, json);
  if (g_file_test (bib, G_FILE_TEST_EXISTS))
    compare_bibtex (parsed, bib);
}
