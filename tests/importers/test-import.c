/* test-import.c — wn_import_file() into a real project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test creates a project in a temporary folder and imports files into
 * it: all or nothing, --keep-valid, the same file twice, the hit count,
 * bounds on a huge line, binary data, formats recognised but not yet read,
 * cancellation. After every failure the project must hold nothing from the
 * failed import (records and searches are counted).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wn-author-name.h"
#include "wn-import.h"
#include "wn-synth.h"
#include "wn-test-tagged.h"

static void
test_all_or_nothing (WnTestProject *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("ris", "malformed-records.ris");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  WnImportOptions options;

  wn_import_options_init (&options);
  g_assert_false (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_MALFORMED);
  /* The first rejected record is the one whose TY line is missing. */
  g_assert_nonnull (strstr (error->message, "malformed-records.ris: line 5: "));
  g_assert_nonnull (report);
  g_assert_cmpint (report->search_id, ==, 0);
  g_assert_cmpuint (report->rejected->len, >=, 1);
  wn_test_project_assert_counts (fixture, 0, 0);
}

static void
test_keep_valid (WnTestProject *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("ris", "malformed-records.ris");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  const WnImportIssue *issue;
  WnImportOptions options;
  WnSearch *search;

  wn_import_options_init (&options);
  options.keep_valid = TRUE;
  g_assert_true (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->records, ==, 2);
  g_assert_cmpuint (report->rejected->len, ==, 3);
  issue = g_ptr_array_index (report->rejected, 2);
  g_assert_cmpuint (issue->line, ==, 12);
  g_assert_cmpint (report->search_id, >, 0);
  wn_test_project_assert_counts (fixture, 2, 1);

  searches = wn_project_list_searches (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (searches->len, ==, 1);
  search = g_ptr_array_index (searches, 0);
  g_assert_cmpint (search->id, ==, report->search_id);
  g_assert_cmpint (search->record_count, ==, 2);
  g_assert_cmpstr (search->format, ==, "ris");
  g_assert_cmpstr (search->file_sha256, ==, report->sha256);
  g_assert_cmpstr (search->file_name, ==, "malformed-records.ris");
}

typedef struct
{
  guint     n;
  WnRecord *first;
} Collected;

static gboolean
collect_cb (const WnRecordMeta *meta,
            const WnRecord     *record,
            gpointer            user_data)
{
  Collected *collected = user_data;

  if (collected->n++ == 0)
    {
      /* The store owns record; keep what the test needs. */
      collected->first = wn_record_new ();
      collected->first->title = g_strdup (record->title);
      collected->first->source_text = g_strdup (record->source_text);
      collected->first->line_start = record->line_start;
      collected->first->line_end = record->line_end;
      for (guint i = 0; i < record->fields->len; i++)
        {
          const WnField *field = g_ptr_array_index (record->fields, i);

          wn_record_add_field (collected->first, field->tag, field->value);
        }
    }
  return TRUE;
}

static void
test_stored_record (WnTestProject *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("ris", "ebsco-l3-copyright.ris");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  Collected collected = { 0 };
  WnImportOptions options;
  WnSearch *search;
  const WnField *field;

  wn_import_options_init (&options);
  g_assert_true (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  g_assert_no_error (error);

  /* What comes back is what went in: fields in order, source text, lines. */
  wn_project_foreach_record (fixture->project, report->search_id, WN_RECORD_QUERY_WITH_SOURCE,
                             collect_cb, &collected, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (collected.n, ==, 2);
  g_assert_cmpstr (collected.first->title, ==, "Discourses of harm in a regulated market.");
  g_assert_cmpuint (collected.first->line_start, ==, 1);
  g_assert_cmpuint (collected.first->line_end, ==, 24);
  g_assert_true (g_str_has_prefix (collected.first->source_text, "TY  - JOUR\nAU  - Francis, Louise\n"));
  g_assert_cmpuint (collected.first->fields->len, ==, 23);
  field = g_ptr_array_index (collected.first->fields, 15);
  g_assert_cmpstr (field->tag, ==, "AB");
  g_assert_true (g_str_has_prefix (field->value, "Copyright of "));
  wn_record_free (collected.first);

  /* The search knows where the file came from. */
  searches = wn_project_list_searches (fixture->project, &error);
  g_assert_no_error (error);
  search = g_ptr_array_index (searches, 0);
  g_assert_cmpstr (search->vendor, ==, "EBSCOhost");
  g_assert_cmpstr (search->database, ==, "Criminal Justice Abstracts");
  g_assert_cmpstr (search->encoding, ==, "UTF-8");
}

static void
test_user_database_wins (WnTestProject *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("ris", "ebsco-l3-copyright.ris");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  WnImportOptions options;
  WnSearch *search;

  wn_import_options_init (&options);
  options.database = "CINAHL";
  options.platform = "EBSCOhost";
  options.date_searched = "2024-05-01";
  options.query = "gambling AND harm";
  g_assert_true (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  g_assert_no_error (error);

  searches = wn_project_list_searches (fixture->project, &error);
  g_assert_no_error (error);
  search = g_ptr_array_index (searches, 0);
  g_assert_cmpstr (search->database, ==, "CINAHL");
  g_assert_cmpstr (search->platform, ==, "EBSCOhost");
  g_assert_cmpstr (search->date_searched, ==, "2024-05-01");
  g_assert_cmpstr (search->query, ==, "gambling AND harm");
}

static void
test_duplicate_file (WnTestProject *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("ris", "continuation-lines.ris");
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(WnImportReport) first = NULL;
  g_autoptr(WnImportReport) second = NULL;
  g_autoptr(WnImportReport) third = NULL;
  g_autoptr(GError) error = NULL;
  WnImportOptions options;
  gsize len;

  wn_import_options_init (&options);
  g_assert_true (wn_import_file (fixture->project, path, &options, &first, NULL, &error));
  g_assert_no_error (error);
  wn_test_project_assert_counts (fixture, 4, 1);

  /* The same bytes under another name are the same file. */
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  copy = wn_test_project_write (fixture, "renamed.ris", contents, len);
  g_assert_false (wn_import_file (fixture->project, copy, &options, &second, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_ALREADY_IMPORTED);
  g_assert_nonnull (strstr (error->message, "renamed.ris: "));
  g_assert_cmpstr (second->sha256, ==, first->sha256);
  g_assert_cmpint (second->search_id, ==, 0);
  wn_test_project_assert_counts (fixture, 4, 1);
  g_clear_error (&error);

  /* Unless asked to. */
  options.allow_reimport = TRUE;
  g_assert_true (wn_import_file (fixture->project, copy, &options, &third, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (third->search_id, >, first->search_id);
  wn_test_project_assert_counts (fixture, 8, 2);
}

static gboolean
has_warning (WnImportReport *report,
             const char     *text)
{
  for (guint i = 0; i < report->warnings->len; i++)
    {
      const WnImportIssue *issue = g_ptr_array_index (report->warnings, i);

      if (strstr (issue->message, text) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_hit_count (WnTestProject *fixture,
                gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("ris", "bom-crlf.ris");
  g_autofree char *other = wn_test_fixture ("ris", "lone-cr.ris");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(WnImportReport) matching = NULL;
  g_autoptr(GError) error = NULL;
  WnImportOptions options;

  wn_import_options_init (&options);
  options.reported_hits = 5;
  g_assert_true (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (has_warning (report, "5 hits, but the file holds 2 records"));

  options.reported_hits = 2;
  g_assert_true (wn_import_file (fixture->project, other, &options, &matching, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (has_warning (matching, "hits"));
}

static void
test_overlong_line (WnTestProject *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "one-line.ris", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *block = g_malloc (1024 * 1024);
  WnImportOptions options;
  glong before;
  glong after;

  /* A record, then a 20 MiB line: a 1 GB one-line file in miniature. It
   * is written a block at a time so the test itself stays small. */
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (G_OUTPUT_STREAM (out), "TY  - JOUR\nTI  - fine\nER  - \nAB  - ", 33, NULL, NULL, &error);
  g_assert_no_error (error);
  memset (block, 'x', 1024 * 1024);
  for (guint i = 0; i < 20; i++)
    {
      g_output_stream_write_all (G_OUTPUT_STREAM (out), block, 1024 * 1024, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error);
  g_assert_no_error (error);

  before = wn_test_peak_rss_kib ();
  wn_import_options_init (&options);
  g_assert_false (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  after = wn_test_peak_rss_kib ();

  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "one-line.ris: line 4: "));
  wn_test_project_assert_counts (fixture, 0, 0);
  /* The reader holds at most the 16 MiB limit plus a chunk or so; the
   * peak may not grow by the whole line. */
  g_test_message ("peak RSS grew by %ld KiB", after - before);
#ifndef __SANITIZE_ADDRESS__
  /* AddressSanitizer's red zones and quarantine make RSS meaningless. */
  g_assert_cmpint (after - before, <, 40 * 1024);
#endif
}

static void
test_binary (WnTestProject *fixture,
             gconstpointer  data)
{
  g_autofree guchar *bytes = g_malloc (64 * 1024);
  g_autofree char *path = NULL;
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint32 state = 7;

  for (gsize i = 0; i < 64 * 1024; i++)
    {
      state = state * 1664525 + 1013904223;
      bytes[i] = state >> 24;
    }
  path = wn_test_project_write (fixture, "garbage.ris", bytes, 64 * 1024);

  g_assert_false (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_UNKNOWN_FORMAT);
  g_assert_nonnull (strstr (error->message, "garbage.ris: line 1: "));
  wn_test_project_assert_counts (fixture, 0, 0);
}

static void
test_compressed (WnTestProject *fixture,
                 gconstpointer  data)
{
  static const char zip[] = "PK\x03\x04\x14\x00\x00\x00";
  g_autofree char *path = wn_test_project_write (fixture, "export.zip", zip, sizeof zip - 1);
  g_autoptr(GError) error = NULL;

  g_assert_false (wn_import_file (fixture->project, path, NULL, NULL, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_UNKNOWN_FORMAT);
  g_assert_nonnull (strstr (error->message, "ZIP"));
}

static void
test_empty (WnTestProject *fixture,
            gconstpointer  data)
{
  g_autofree char *empty = wn_test_project_write (fixture, "empty.ris", "", 0);
  g_autofree char *blank = wn_test_project_write (fixture, "blank.ris", "\r\n \n\n", -1);
  g_autofree char *prose = wn_test_project_write (fixture, "prose.txt", "Dear colleague,\nhere are the results.\n", -1);
  g_autoptr(GError) error = NULL;
  WnImportOptions options;

  g_assert_false (wn_import_file (fixture->project, empty, NULL, NULL, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_EMPTY);
  g_clear_error (&error);

  g_assert_false (wn_import_file (fixture->project, blank, NULL, NULL, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_EMPTY);
  g_clear_error (&error);

  g_assert_false (wn_import_file (fixture->project, prose, NULL, NULL, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_UNKNOWN_FORMAT);
  g_assert_nonnull (strstr (error->message, "prose.txt: line 1: "));
  g_clear_error (&error);

  /* Read as RIS because the user says so: no record in it. */
  wn_import_options_init (&options);
  options.format = WN_FORMAT_RIS;
  g_assert_false (wn_import_file (fixture->project, prose, &options, NULL, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "RIS"));

  wn_test_project_assert_counts (fixture, 0, 0);
}

static void
test_missing_file (WnTestProject *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "no-such-file.ris", NULL);
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_IO);
  g_assert_nonnull (report);
  wn_test_project_assert_counts (fixture, 0, 0);
}

static void
test_cancelled (WnTestProject *fixture,
                gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("ris", "continuation-lines.ris");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (wn_import_file (fixture->project, path, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  wn_test_project_assert_counts (fixture, 0, 0);
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

static void
test_cancelled_midway (WnTestProject *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "big.ris", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  CancelAfter cancel = { cancellable, 0 };
  WnImportOptions options;

  /* About 1 MB: several chunks. */
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "TY  - JOUR\r\nTI  - Record number %u of a long export\r\n"
                            "AB  - %s\r\nER  - \r\n\r\n", i,
                            "An abstract long enough to make the file span several chunks of input.");
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  wn_import_options_init (&options);
  options.progress = cancel_on_progress_cb;
  options.progress_data = &cancel;
  g_assert_false (wn_import_file (fixture->project, path, &options, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (cancel.calls, >=, 2);
  wn_test_project_assert_counts (fixture, 0, 0);
}

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  guint64 *last = user_data;

  g_assert_cmpuint (done, >=, *last);
  g_assert_cmpuint (done, <=, total);
  *last = done;
}

static void
test_progress (WnTestProject *fixture,
               gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("ris", "ovid-record-numbers.ris");
  g_autoptr(GError) error = NULL;
  WnImportOptions options;
  guint64 last = 0;
  gsize size = 0;
  g_autofree char *contents = NULL;

  g_file_get_contents (path, &contents, &size, NULL);
  wn_import_options_init (&options);
  options.progress = progress_cb;
  options.progress_data = &last;
  g_assert_true (wn_import_file (fixture->project, path, &options, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (last, ==, size);
}

static gboolean
count_sink_cb (WnRecord  *record,
               gpointer   user_data,
               GError   **error)
{
  wn_record_free (record);
  return TRUE;
}

/* Detection: each format by its content, whatever the file is called. */
static void
test_detect_by_content (WnTestProject *fixture,
                        gconstpointer  data)
{
  static const struct
  {
    const char *name;
    const char *content;
    WnFormat    format;
  } rows[] = {
    { "pubmed.ris", "\nPMID- 12345678\nOWN - NLM\nTI  - A title\n", WN_FORMAT_MEDLINE },
    { "wos.txt", "\xef\xbb\xbf" "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI A title\nER\nEF\n",
      WN_FORMAT_WOS },
    { "pubmed.txt", "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet>\n<PubmedArticleSet>\n", WN_FORMAT_PUBMED_XML },
    { "endnote.ris", "<?xml version=\"1.0\" encoding=\"UTF-8\" ?><xml><records><record>", WN_FORMAT_ENDNOTE_XML },
    { "embase.txt", "\"SEARCH QUERY\",\"dinosaur:ti\"\n-----\n\n\"Title\",\"Author Names\",\"Source\",\"DOI\"\n",
      WN_FORMAT_CSV },
    { "ovid.ris", "<1. >\nVN  - Ovid Technologies\nDB  - Embase\nTI  - A title\n", WN_FORMAT_OVID },
    { "records.csv", "TY  - JOUR\nTI  - A title, with commas, and more, commas\nER  - \n", WN_FORMAT_RIS },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *path = wn_test_project_write (fixture, rows[i].name, rows[i].content, -1);
      g_autoptr(WnImportReport) report = wn_import_report_new (path);

      g_test_message ("%s", rows[i].name);
      /* Some of these snippets are too short to import; the format they
       * were read as is what counts here. */
      (void) wn_import_parse_file (path, WN_FORMAT_AUTO, count_sink_cb, NULL, report, NULL, NULL);
      g_assert_cmpint (report->format, ==, rows[i].format);
    }
  wn_test_project_assert_counts (fixture, 0, 0);
}

/* An XML file of another kind gets a clear message, not a parse error. */
static void
test_detect_other_xml (WnTestProject *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = wn_test_project_write (fixture, "other.xml", "<?xml version=\"1.0\"?>\n<html></html>\n", -1);
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_UNKNOWN_FORMAT);
  g_assert_nonnull (strstr (error->message, "other.xml: line 1: this XML file is neither"));
  wn_test_project_assert_counts (fixture, 0, 0);
}

/* Storing loses nothing: each record of the search reads back with the
 * verbatim text, fields, title and abstract the parser gave (the store
 * keeps an abstract or title found in the verbatim text, and a field
 * holding a column's value, once). */
static gboolean
collect_parsed_cb (WnRecord  *record,
                   gpointer   user_data,
                   GError   **error)
{
  g_ptr_array_add (user_data, record);
  return TRUE;
}

typedef struct
{
  GPtrArray *parsed;
  guint      n;
} Compare;

static gboolean
compare_stored_cb (const WnRecordMeta *meta,
                   const WnRecord     *record,
                   gpointer            user_data)
{
  Compare *compare = user_data;
  const WnRecord *parsed;

  g_assert_cmpuint (compare->n, <, compare->parsed->len);
  parsed = g_ptr_array_index (compare->parsed, compare->n++);
  g_assert_cmpstr (record->source_text, ==, parsed->source_text);
  g_assert_cmpstr (record->title, ==, parsed->title);
  g_assert_cmpstr (record->abstract, ==, parsed->abstract);
  g_assert_cmpuint (record->fields->len, ==, parsed->fields->len);
  for (guint i = 0; i < record->fields->len; i++)
    {
      const WnField *got = g_ptr_array_index (record->fields, i);
      const WnField *want = g_ptr_array_index (parsed->fields, i);

      g_assert_cmpstr (got->tag, ==, want->tag);
      g_assert_cmpstr (got->value, ==, want->value);
    }
  return TRUE;
}

static void
assert_stored_as_parsed (WnProject            *project,
                         const char           *path,
                         const WnImportReport *report)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_record_free);
  g_autoptr(GError) error = NULL;
  Compare compare = { parsed, 0 };

  g_assert_true (wn_import_parse_file (path, report->format, collect_parsed_cb, parsed, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (wn_project_foreach_record (project, report->search_id,
                                            WN_RECORD_QUERY_WITH_SOURCE | WN_RECORD_QUERY_INCLUDE_DUPLICATES,
                                            compare_stored_cb, &compare, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (compare.n, ==, parsed->len);
}

/* The same for the synthetic exports: RIS with CRLF line ends, MEDLINE and
 * WoS with abstracts and titles wrapped over lines, PubMed XML. */
static void
test_stored_as_parsed (WnTestProject *fixture,
                       gconstpointer  data)
{
  static const WnSynthFormat formats[] = { WN_SYNTH_RIS, WN_SYNTH_MEDLINE, WN_SYNTH_WOS, WN_SYNTH_PUBMED_XML };
  g_autofree char *folder = g_dir_make_tmp ("winnow-stored-XXXXXX", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("synth-%u", (guint) i);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL);
      g_autoptr(WnImportReport) report = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (out);
      g_assert_true (wn_synth_write (G_OUTPUT_STREAM (out), formats[i], 300, 7 + i, NULL, &error));
      g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
      g_assert_no_error (error);
      g_assert_true (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (report->records, ==, 300);
      assert_stored_as_parsed (fixture->project, path, report);
      g_unlink (path);
    }
  g_rmdir (folder);
}

/* Every file of the shared corpus is recognised as what it is (a MEDLINE
 * file saved as .ris included) and imports. */
static void
test_detect_corpus (WnTestProject *fixture,
                    gconstpointer  data)
{
  static const struct
  {
    const char *folder;
    WnFormat    format;
  } folders[] = {
    { "ris", WN_FORMAT_RIS },
    { "medline", WN_FORMAT_MEDLINE },
    { "wos", WN_FORMAT_WOS },
    { "pubmed-xml", WN_FORMAT_PUBMED_XML },
    { "endnote-xml", WN_FORMAT_ENDNOTE_XML },
    { "csv", WN_FORMAT_CSV },
    { "ovid-tagged", WN_FORMAT_OVID },
  };
  const char *testdata = g_getenv ("WINNOW_TESTDATA");
  guint seen = 0;

  for (gsize i = 0; testdata != NULL && i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *folder = g_build_filename (testdata, "imports", folders[i].folder, NULL);
      g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = NULL;
          g_autoptr(WnImportReport) report = NULL;
          g_autoptr(GError) error = NULL;
          WnFormat expected = folders[i].format;

          if (strstr (name, ".expected") != NULL)
            continue;
          /* The one MEDLINE export that was saved with a .ris name. */
          if (strstr (name, "pubmed-medline-misnamed-as-ris") != NULL)
            expected = WN_FORMAT_MEDLINE;
          path = g_build_filename (folder, name, NULL);
          g_test_message ("%s", path);
          g_assert_true (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
          g_assert_no_error (error);
          g_assert_cmpint (report->format, ==, expected);
          g_assert_cmpuint (report->records, >, 0);
          assert_stored_as_parsed (fixture->project, path, report);
          seen++;
        }
    }

  if (seen == 0)
    g_test_skip ("no shared test data (set WINNOW_TESTDATA)");
}

static void
test_format_names (void)
{
  static const char *const names[] = {
    "auto", "ris", "pubmed-xml", "medline", "wos", "wos-tab", "ovid", "endnote-xml", "csv",
  };
  WnFormat format;

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (wn_format_from_string (names[i], &format));
      g_assert_cmpstr (wn_format_to_string (format), ==, names[i]);
    }
  g_assert_false (wn_format_from_string ("bibtex", &format));
  g_assert_false (wn_format_from_string (NULL, &format));
}

static void
test_report (void)
{
  g_autoptr(WnImportReport) report = wn_import_report_new ("file.ris");
  const WnImportIssue *issue;

  wn_import_report_warn (report, 3, "odd %s", "thing");
  wn_import_report_reject (report, 7, "bad record %d", 2);
  g_assert_cmpuint (report->warnings->len, ==, 1);
  issue = g_ptr_array_index (report->warnings, 0);
  g_assert_cmpuint (issue->line, ==, 3);
  g_assert_cmpstr (issue->message, ==, "odd thing");
  issue = g_ptr_array_index (report->rejected, 0);
  g_assert_cmpuint (issue->line, ==, 7);
  g_assert_cmpstr (issue->message, ==, "bad record 2");
}

/* Every vendor's way of writing a name, and what the record holds. */
static void
test_author_names (void)
{
  static const struct
  {
    const char *name;
    const char *expected;
  } cases[] = {
    /* already in the form: unchanged */
    { "Martínez, Ricardo N.", "Martínez, Ricardo N." },
    { "Curry Rogers, Kristina", "Curry Rogers, Kristina" },
    { "Shahtalebi, M. A.", "Shahtalebi, M. A." },
    { "Weisberg, Deena Skolnick", "Weisberg, Deena Skolnick" },
    { "Abrahams, J.-P.", "Abrahams, J.-P." },
    { "Müller, Ch.", "Müller, Ch." },
    /* Web of Science AU, MEDLINE, Ovid, embase.com, RefMan */
    { "Sampson, SD", "Sampson, S. D." },
    { "Chen, L", "Chen, L." },
    { "van Raaij, M J", "van Raaij, M. J." },
    { "Trindade, Ines A", "Trindade, Ines A." },
    { "Troiano, L.P.", "Troiano, L. P." },
    { "Baldwin,S.A.", "Baldwin, S. A." },
    { "Dos Santos, H.B.", "Dos Santos, H. B." },
    { "Lim, SM", "Lim, S. M." },
    { "Abrahams, J-P", "Abrahams, J.-P." },
    { "Enina, Yu.I.", "Enina, Yu. I." },
    { "Kuchin, A., V", "Kuchin, A. V." },
    /* no comma: surname and initials */
    { "Liu R.", "Liu, R." },
    { "Adler D.G.", "Adler, D. G." },
    { "Griffin DK", "Griffin, D. K." },
    { "van der Berg JA", "van der Berg, J. A." },
    { "Dos Santos HB", "Dos Santos, H. B." },
    { "O'Connor RE", "O'Connor, R. E." },
    { "Smith JA Jr", "Smith, J. A., Jr" },
    /* suffixes */
    { "Gibb, F W Jr", "Gibb, F. W., Jr" },
    { "Chamberlain, John A., Jr", "Chamberlain, John A., Jr" },
    { "Smith, John Jr.", "Smith, John, Jr." },
    { "Smith, J II", "Smith, J., II" },
    { "Smith, Jr", "Smith, Jr" },
    /* found by fuzzing: "A. Jr." would then split off a suffix */
    { "Smith, AJr.", "Smith, AJr." },
    { "Smith, A.Jr.", "Smith, A.Jr." },
    /* capitals: a name, not initials, except a single letter */
    { "CASTOE, TODD A.", "CASTOE, TODD A." },
    { "WANG, LI", "WANG, LI" },
    { "GU, WANJUN", "GU, WANJUN" },
    { "SMITH, J", "SMITH, J." },
    { "CAIZHI SHEN", "CAIZHI SHEN" },
    { "JUNCHANG LÜ", "JUNCHANG LÜ" },
    /* more than three bare capitals is a name */
    { "Smith, JOHN", "Smith, JOHN" },
    /* groups and single names: as written */
    { "World Health Organization WHO", "World Health Organization WHO" },
    { "Centers for Disease Control and Prevention, CDC", "Centers for Disease Control and Prevention, CDC" },
    { "National Collaborating Centre for Chronic Conditions (UK)",
      "National Collaborating Centre for Chronic Conditions (UK)" },
    { "ACTG A5303 Team", "ACTG A5303 Team" },
    { "Selvamani", "Selvamani" },
    { "Wang Li-Qin", "Wang Li-Qin" },
    { "Smith,", "Smith," },
    { ", J.", ", J." },
    { "", "" },
  };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) again = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean changed = wn_author_name_normalise (cases[i].name, out);

      g_test_message ("%s -> %s", cases[i].name, out->str);
      g_assert_cmpstr (out->str, ==, cases[i].expected);
      g_assert_cmpint (changed, ==, strcmp (cases[i].name, cases[i].expected) != 0);
      /* The form is a fixed point. */
      g_assert_false (wn_author_name_normalise (out->str, again));
      g_assert_cmpstr (again->str, ==, cases[i].expected);
    }
}

#define ADD(path, func) \
  g_test_add (path, WnTestProject, NULL, wn_test_project_set_up, func, wn_test_project_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/wn/importers/import/all-or-nothing", test_all_or_nothing);
  ADD ("/wn/importers/import/keep-valid", test_keep_valid);
  ADD ("/wn/importers/import/stored-record", test_stored_record);
  ADD ("/wn/importers/import/stored-as-parsed", test_stored_as_parsed);
  ADD ("/wn/importers/import/user-database-wins", test_user_database_wins);
  ADD ("/wn/importers/import/duplicate-file", test_duplicate_file);
  ADD ("/wn/importers/import/hit-count", test_hit_count);
  ADD ("/wn/importers/import/overlong-line", test_overlong_line);
  ADD ("/wn/importers/import/binary", test_binary);
  ADD ("/wn/importers/import/compressed", test_compressed);
  ADD ("/wn/importers/import/empty", test_empty);
  ADD ("/wn/importers/import/missing-file", test_missing_file);
  ADD ("/wn/importers/import/cancelled", test_cancelled);
  ADD ("/wn/importers/import/cancelled-midway", test_cancelled_midway);
  ADD ("/wn/importers/import/progress", test_progress);
  ADD ("/wn/importers/import/detect-by-content", test_detect_by_content);
  ADD ("/wn/importers/import/detect-other-xml", test_detect_other_xml);
  ADD ("/wn/importers/import/detect-corpus", test_detect_corpus);
  g_test_add_func ("/wn/importers/import/format-names", test_format_names);
  g_test_add_func ("/wn/importers/import/report", test_report);
  g_test_add_func ("/wn/importers/import/author-names", test_author_names);

  return g_test_run ();
}
