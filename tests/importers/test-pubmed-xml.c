/* test-pubmed-xml.c — the PubMed XML parser against golden files, hostile
 * input and bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each tests/data/pubmed-xml/NAME.xml is parsed and its normalised dump
 * (report, then every record with its columns, fields and source) is
 * compared with NAME.expected beside it: /wn/importers/pubmed-xml/NAME. The
 * same file is parsed again with libxml2 fed five bytes at a time
 * (/wn/importers/pubmed-xml/small-reads/NAME), which must change nothing:
 * the scanner that finds each record's bytes and lines then meets a seam
 * between two reads in every token. tests/data/README.md lists what each
 * fixture covers. Run with WINNOW_REGENERATE=1 to rewrite the .expected
 * files after an intended change, then read the diff.
 *
 * Then entities in a hostile file (external ones by absolute path, a
 * quadratic blow-up), format detection, and wn_import_file() into a
 * temporary project: all or nothing, --keep-valid, cancellation, and
 * bounded memory on a huge element and a record of countless elements.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wn-import.h"
#include "wn-test-dump.h"
#include "wn-test-tagged.h"
#include "wn-xml-private.h"

static void
test_small_reads (gconstpointer data)
{
  const char *name = data;
  const char *input = name;
  g_autofree char *expected_file = wn_test_golden_expected (name);
  g_autofree char *expected = NULL;
  g_autofree char *out = NULL;

  if (!g_file_get_contents (expected_file, &expected, NULL, NULL))
    {
      g_test_skip ("no .expected file yet");
      return;
    }

  _wn_xml_set_read_limit (5);
  out = wn_test_dump_file (input);
  _wn_xml_set_read_limit (0);

  /* When the file fails, what was read before the error depends on how
   * far libxml2 had read ahead, which depends on the size of the reads:
   * the error must be the same. */
  if (strstr (expected, "\nerror: -\n") == NULL)
    {
      g_assert_cmpstr (strstr (out, "\nerror: "), !=, NULL);
      g_assert_cmpstr (strchr (strstr (out, "\nerror: ") + 1, '\n'), !=, NULL);
      *strchr (strstr (out, "\nerror: ") + 1, '\n') = '\0';
      *strchr (strstr (expected, "\nerror: ") + 1, '\n') = '\0';
      g_assert_cmpstr (strstr (out, "\nerror: "), ==, strstr (expected, "\nerror: "));
      return;
    }
  g_assert_cmpstr (out, ==, expected);
}

/* Hostile input */

typedef struct
{
  GPtrArray *records;   /* (element-type WnRecord) */
} Collected;

static gboolean
collect_cb (WnRecord  *record,
            gpointer   user_data,
            GError   **error)
{
  g_ptr_array_add (user_data, record);
  return TRUE;
}

static gboolean
record_mentions (const WnRecord *record,
                 const char     *text)
{
  for (guint i = 0; i < record->fields->len; i++)
    {
      const WnField *field = g_ptr_array_index (record->fields, i);

      if (strstr (field->value, text) != NULL)
        return TRUE;
    }
  return record->title != NULL && strstr (record->title, text) != NULL;
}

/* External entities by absolute path, a parameter entity and an external
 * DTD that would each bring a secret in: none is read. */
static void
test_external_entities (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("winnow-xxe-XXXXXX", &error);
  g_autofree char *secret = g_build_filename (dir, "secret.txt", NULL);
  g_autofree char *dtd = g_build_filename (dir, "evil.dtd", NULL);
  g_autofree char *path = g_build_filename (dir, "pubmed.xml", NULL);
  g_autofree char *secret_uri = NULL;
  g_autofree char *dtd_uri = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_record_free);
  g_autoptr(WnImportReport) report = wn_import_report_new (path);
  const WnRecord *record;

  g_assert_no_error (error);
  secret_uri = g_filename_to_uri (secret, NULL, &error);
  g_assert_no_error (error);
  dtd_uri = g_filename_to_uri (dtd, NULL, &error);
  g_assert_no_error (error);

  g_file_set_contents (secret, "SECRET-MARKER", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (dtd, "<!ENTITY indtd \"SECRET-MARKER\">", -1, &error);
  g_assert_no_error (error);
  xml = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                         "<!DOCTYPE PubmedArticleSet SYSTEM \"%s\" [\n"
                         "  <!ENTITY file SYSTEM \"%s\">\n"
                         "  <!ENTITY %% param SYSTEM \"%s\">\n"
                         "  %%param;\n"
                         "]>\n"
                         "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
                         "<ArticleTitle>[&file;] [&indtd;]</ArticleTitle></Article></MedlineCitation>"
                         "</PubmedArticle></PubmedArticleSet>\n",
                         dtd_uri, secret_uri, dtd_uri);
  g_file_set_contents (path, xml, -1, &error);
  g_assert_no_error (error);

  g_assert_true (wn_import_parse_file (path, WN_FORMAT_AUTO, collect_cb, records, report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_false (record_mentions (record, "SECRET"));
  g_assert_cmpstr (record->title, ==, "[&file;] [&indtd;]");

  g_unlink (secret);
  g_unlink (dtd);
  g_unlink (path);
  g_rmdir (dir);
}

/* One entity of 100 kB referred to 10,000 times: 1 GB if expanded. It is
 * not: the references stay references. */
static void
test_quadratic_blowup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("winnow-blowup-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "blowup.xml", NULL);
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n<!ENTITY a \"");
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_record_free);
  g_autoptr(WnImportReport) report = wn_import_report_new (path);
  gint64 start;

  g_assert_no_error (error);
  for (guint i = 0; i < 100 * 1000; i++)
    g_string_append_c (xml, 'x');
  g_string_append (xml, "\">\n]>\n<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>2</PMID><Article>"
                        "<ArticleTitle>");
  for (guint i = 0; i < 10 * 1000; i++)
    g_string_append (xml, "&a;");
  g_string_append (xml, "</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>\n");
  g_file_set_contents (path, xml->str, xml->len, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  wn_import_parse_file (path, WN_FORMAT_AUTO, collect_cb, records, report, NULL, &error);
  g_test_message ("%s after %.3f s", error != NULL ? error->message : "read",
                  (g_get_monotonic_time () - start) / 1e6);
  /* Either libxml2 refuses the file or the references stay as written;
   * never a gigabyte. */
  if (error == NULL)
    {
      const WnRecord *record;

      g_assert_cmpuint (records->len, ==, 1);
      record = g_ptr_array_index (records, 0);
      g_assert_true (g_str_has_prefix (record->title, "&a;&a;"));
      g_assert_cmpuint (strlen (record->title), ==, 3 * 10 * 1000);
    }
  else
    g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_MALFORMED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);

  g_unlink (path);
  g_rmdir (dir);
}

/* The format comes from the content: PubMed XML saved as .txt, a UTF-16
 * one as .ris. */
static void
test_detected_by_content (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("winnow-detect-XXXXXX", &error);
  const char *const names[] = { "article-and-book.xml", "utf16le-bom.xml" };
  const char *const saved_as[] = { "export.txt", "export.ris" };

  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *source = wn_test_fixture ("pubmed-xml", names[i]);
      g_autofree char *path = g_build_filename (dir, saved_as[i], NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_record_free);
      g_autoptr(WnImportReport) report = wn_import_report_new (path);
      gsize len;

      g_file_get_contents (source, &contents, &len, &error);
      g_assert_no_error (error);
      g_file_set_contents (path, contents, len, &error);
      g_assert_no_error (error);
      g_assert_true (wn_import_parse_file (path, WN_FORMAT_AUTO, collect_cb, records, report, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (report->format, ==, WN_FORMAT_PUBMED_XML);
      g_assert_cmpuint (records->len, >, 0);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* Importing into a project */

/* A file cut short in its second record: all or nothing fails on that
 * record; --keep-valid stores the first and lists the second. */
static void
test_truncated (WnTestProject *fixture,
                gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("pubmed-xml", "truncated-in-record.xml");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(WnImportReport) kept = NULL;
  g_autoptr(GError) error = NULL;
  const WnImportIssue *issue;
  WnImportOptions options;

  wn_import_options_init (&options);
  g_assert_false (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "truncated-in-record.xml: line 6: the file ends inside this record"));
  g_assert_cmpint (report->search_id, ==, 0);
  wn_test_project_assert_counts (fixture, 0, 0);
  g_clear_error (&error);

  options.keep_valid = TRUE;
  g_assert_true (wn_import_file (fixture->project, path, &options, &kept, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kept->records, ==, 1);
  g_assert_cmpuint (kept->rejected->len, ==, 1);
  issue = g_ptr_array_index (kept->rejected, 0);
  g_assert_cmpuint (issue->line, ==, 6);
  wn_test_project_assert_counts (fixture, 1, 1);
}

/* Malformed records: rejected one by one. */
static void
test_malformed_records (WnTestProject *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("pubmed-xml", "malformed-records.xml");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(WnImportReport) kept = NULL;
  g_autoptr(GError) error = NULL;
  WnImportOptions options;

  wn_import_options_init (&options);
  g_assert_false (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "malformed-records.xml: line 6: "));
  wn_test_project_assert_counts (fixture, 0, 0);
  g_clear_error (&error);

  options.keep_valid = TRUE;
  g_assert_true (wn_import_file (fixture->project, path, &options, &kept, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kept->records, ==, 3);
  g_assert_cmpuint (kept->rejected->len, ==, 2);
  wn_test_project_assert_counts (fixture, 3, 1);
}

/* XML that is not well-formed stops the whole file, --keep-valid or not:
 * there is no knowing what comes after the error. */
static void
test_not_well_formed (WnTestProject *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("pubmed-xml", "not-well-formed.xml");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  WnImportOptions options;

  wn_import_options_init (&options);
  options.keep_valid = TRUE;
  g_assert_false (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "not-well-formed.xml: line 8: this is not well-formed XML"));
  g_assert_cmpint (report->search_id, ==, 0);
  wn_test_project_assert_counts (fixture, 0, 0);
}

/* What goes in comes back out: fields, source text and lines, and the
 * search knows the file is PubMed's. */
typedef struct
{
  guint     n;
  WnRecord *first;
} Stored;

static gboolean
stored_cb (const WnRecordMeta *meta,
           const WnRecord     *record,
           gpointer            user_data)
{
  Stored *stored = user_data;

  if (stored->n++ == 0)
    {
      stored->first = wn_record_new ();
      stored->first->pmid = g_strdup (record->pmid);
      stored->first->doi = g_strdup (record->doi);
      stored->first->source_text = g_strdup (record->source_text);
      stored->first->line_start = record->line_start;
      stored->first->line_end = record->line_end;
      for (guint i = 0; i < record->fields->len; i++)
        {
          const WnField *field = g_ptr_array_index (record->fields, i);

          wn_record_add_field (stored->first, field->tag, field->value);
        }
    }
  return TRUE;
}

static void
test_stored_record (WnTestProject *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("pubmed-xml", "article-and-book.xml");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  g_autoptr(GError) error = NULL;
  Stored stored = { 0 };
  WnSearch *search;
  const WnField *field;

  g_assert_true (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
  g_assert_no_error (error);
  wn_test_project_assert_counts (fixture, 3, 1);

  wn_project_foreach_record (fixture->project, report->search_id, WN_RECORD_QUERY_WITH_SOURCE,
                             stored_cb, &stored, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored.n, ==, 3);
  g_assert_cmpstr (stored.first->pmid, ==, "31000001");
  g_assert_cmpstr (stored.first->doi, ==, "10.1000/jir.2019.001");
  g_assert_cmpuint (stored.first->line_start, ==, 4);
  g_assert_cmpuint (stored.first->line_end, ==, 77);
  g_assert_true (g_str_has_prefix (stored.first->source_text, "<PubmedArticle>\n    <MedlineCitation"));
  g_assert_true (g_str_has_suffix (stored.first->source_text, "</PubmedData>\n</PubmedArticle>"));
  field = g_ptr_array_index (stored.first->fields, 2);
  g_assert_cmpstr (field->tag, ==, "PMID/@Version");
  field = g_ptr_array_index (stored.first->fields, 3);
  g_assert_cmpstr (field->tag, ==, "MedlineCitation/PMID");
  g_assert_cmpstr (field->value, ==, "31000001");
  wn_record_free (stored.first);

  searches = wn_project_list_searches (fixture->project, &error);
  g_assert_no_error (error);
  search = g_ptr_array_index (searches, 0);
  g_assert_cmpstr (search->format, ==, "pubmed-xml");
  g_assert_cmpstr (search->vendor, ==, "PubMed");
  g_assert_cmpstr (search->database, ==, "PubMed");
}

static void
write_blocks (GOutputStream *out,
              const char    *text,
              gsize          repeat)
{
  g_autoptr(GString) block = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gsize done = 0;

  /* 1 MiB at a time, so that the test itself stays small. */
  while (done < repeat)
    {
      gsize n = MIN (repeat - done, (1024 * 1024) / strlen (text) + 1);

      g_string_truncate (block, 0);
      for (gsize i = 0; i < n; i++)
        g_string_append (block, text);
      g_output_stream_write_all (out, block->str, block->len, NULL, NULL, &error);
      g_assert_no_error (error);
      done += n;
    }
}

/* A 40 MiB title (a 1 GB element in miniature) and a record of 150,000
 * keywords: each stops the file with WN_IMPORT_ERROR_TOO_LARGE naming the
 * record's line, before memory grows by more than the bounds. */
static void
test_huge (WnTestProject *fixture,
           gconstpointer  data)
{
  static const struct
  {
    const char *name;
    const char *repeated;
    gsize       times;
    const char *after;
    const char *message;
  } cases[] = {
    { "huge-title.xml", "x", 40 * 1024 * 1024, "</ArticleTitle></Article></MedlineCitation>",
      "huge-title.xml: line 7: a single text or tag in the record that starts here is larger than" },
    { "many-elements.xml", "<Keyword>k</Keyword>", 150 * 1000, "</KeywordList></MedlineCitation>",
      "many-elements.xml: line 7: the record that starts here holds more than" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, cases[i].name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileOutputStream) out = NULL;
      g_autoptr(WnImportReport) report = NULL;
      g_autoptr(GError) error = NULL;
      const char *head = i == 0 ? "<MedlineCitation><PMID>1</PMID><Article><ArticleTitle>"
                                : "<MedlineCitation><PMID>1</PMID><KeywordList>";
      glong before;
      glong after;

      out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
      g_assert_no_error (error);
      write_blocks (G_OUTPUT_STREAM (out),
                    "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n<PubmedArticle><MedlineCitation><PMID>9</PMID>"
                    "<Article><ArticleTitle>Fine</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n"
                    "\n\n\n<PubmedArticle>", 1);
      write_blocks (G_OUTPUT_STREAM (out), head, 1);
      write_blocks (G_OUTPUT_STREAM (out), cases[i].repeated, cases[i].times);
      write_blocks (G_OUTPUT_STREAM (out), cases[i].after, 1);
      write_blocks (G_OUTPUT_STREAM (out), "</PubmedArticle>\n</PubmedArticleSet>\n", 1);
      g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error);
      g_assert_no_error (error);

      before = wn_test_peak_rss_kib ();
      g_assert_false (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
      after = wn_test_peak_rss_kib ();

      g_test_message ("%s: %s; peak RSS grew by %ld KiB", cases[i].name, error->message, after - before);
      g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_TOO_LARGE);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      wn_test_project_assert_counts (fixture, 0, 0);
#ifndef __SANITIZE_ADDRESS__
      /* AddressSanitizer's red zones and quarantine make RSS meaningless. */
      g_assert_cmpint (after - before, <, 64 * 1024);
#endif
    }
}

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
} CancelAfter;

static void
cancel_on_progress_cb (guint64  done,
                       guint64  total,
                       gpointer user_data)
{
  CancelAfter *cancel = user_data;

  /* Cancel while the import is under way, after the first chunk. */
  if (++cancel->calls == 2)
    g_cancellable_cancel (cancel->cancellable);
}

/* Cancelled midway: the error says so, and nothing is stored. */
static void
test_cancelled (WnTestProject *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "big.xml", NULL);
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  CancelAfter cancel = { cancellable, 0 };
  WnImportOptions options;

  /* About 2 MB: several chunks. */
  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (xml, "<PubmedArticle><MedlineCitation><PMID>%u</PMID><Article><ArticleTitle>"
                            "Record %u of a long export, with a title long enough to span chunks."
                            "</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n", i + 1, i + 1);
  g_string_append (xml, "</PubmedArticleSet>\n");
  g_file_set_contents (path, xml->str, xml->len, &error);
  g_assert_no_error (error);

  wn_import_options_init (&options);
  options.progress = cancel_on_progress_cb;
  options.progress_data = &cancel;
  g_assert_false (wn_import_file (fixture->project, path, &options, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (cancel.calls, >=, 2);
  wn_test_project_assert_counts (fixture, 0, 0);
}

#define ADD(path, func) \
  g_test_add (path, WnTestProject, NULL, wn_test_project_set_up, func, wn_test_project_tear_down)

int
main (int   argc,
      char *argv[])
{
  static const char *const suffixes[] = { ".xml", NULL };
  g_autoptr(GPtrArray) names = NULL;

  g_test_init (&argc, &argv, NULL);

  /* Every quirk the README lists has its fixture. */
  names = wn_test_golden_fixtures ("pubmed-xml", suffixes, 18);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *stem = g_strndup (name, strrchr (name, '.') - name);
      g_autofree char *path = g_strconcat ("/wn/importers/pubmed-xml/", stem, NULL);
      g_autofree char *small = g_strconcat ("/wn/importers/pubmed-xml/small-reads/", stem, NULL);

      g_test_add_data_func (path, name, wn_test_golden);
      g_test_add_data_func (small, name, test_small_reads);
    }
  g_test_add_func ("/wn/importers/pubmed-xml/external-entities-absolute", test_external_entities);
  g_test_add_func ("/wn/importers/pubmed-xml/quadratic-blowup", test_quadratic_blowup);
  g_test_add_func ("/wn/importers/pubmed-xml/detected-by-content", test_detected_by_content);
  ADD ("/wn/importers/pubmed-xml/import/truncated", test_truncated);
  ADD ("/wn/importers/pubmed-xml/import/malformed-records", test_malformed_records);
  ADD ("/wn/importers/pubmed-xml/import/not-well-formed", test_not_well_formed);
  ADD ("/wn/importers/pubmed-xml/import/stored-record", test_stored_record);
  ADD ("/wn/importers/pubmed-xml/import/huge", test_huge);
  ADD ("/wn/importers/pubmed-xml/import/cancelled", test_cancelled);

  return g_test_run ();
}
