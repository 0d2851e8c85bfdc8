/* test-csv.c — the CSV/TSV parser against golden files, detection, bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each tests/data/csv/NAME.{csv,tsv,txt} is parsed and its normalised dump
 * (report, then every record with its columns, fields and source) is
 * compared with NAME.expected beside it; the test path is
 * /wn/importers/csv/NAME, one per quirk (tests/data/README.md lists them).
 * Run with WINNOW_REGENERATE=1 to rewrite the .expected files after an
 * intended change, then read the diff.
 *
 * Then: which first lines are CSV headers, what auto-detection makes of
 * CSV-like and prose files, the same dumps when the reader hands over its
 * input in tiny chunks, random input (never a crash or a hang), and imports
 * into a real project: all or nothing, --keep-valid, what is stored, and
 * the bounds on a row that never ends.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wn-author-name.h"
#include "wn-csv.h"
#include "wn-import.h"
#include "wn-line-reader.h"
#include "wn-test-dump.h"
#include "wn-test-tagged.h"

/* wn_import_parse_file() puts names in one form after the parser;
 * wn_csv_parse() alone does not. */
static gboolean
dump_normalised_cb (WnRecord  *record,
                    gpointer   user_data,
                    GError   **error)
{
  g_autoptr(GString) scratch = g_string_new (NULL);

  wn_record_normalise_authors (record, scratch);
  return wn_test_dump_record_cb (record, user_data, error);
}

/* The same records whatever the reader's chunk size: a row that spans
 * lines must not keep a pointer into a line the reader has reused. */
static void
test_small_chunks (gconstpointer data)
{
  const char *input = data;
  g_autoptr(WnImportReport) report = wn_import_report_new (input);
  g_autoptr(WnImportReport) small_report = wn_import_report_new (input);
  g_autoptr(GString) records = g_string_new (NULL);
  g_autoptr(GString) small = g_string_new (NULL);
  g_autoptr(GFile) file = g_file_new_for_path (input);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(WnLineReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) small_error = NULL;
  WnTestDumpContext context = { records, 0 };
  WnTestDumpContext small_context = { small, 0 };

  wn_import_parse_file (input, WN_FORMAT_CSV, wn_test_dump_record_cb, &context, report, NULL, &error);

  stream = g_file_read (file, NULL, NULL);
  g_assert_nonnull (stream);
  reader = wn_line_reader_new (G_INPUT_STREAM (stream), input, 0, small_report);
  wn_line_reader_set_chunk_size (reader, 7);
  wn_csv_parse (reader, dump_normalised_cb, &small_context, small_report, NULL, &small_error);

  g_assert_cmpstr (small->str, ==, records->str);
  g_assert_cmpuint (small_report->records, ==, report->records);
  g_assert_cmpuint (small_report->rejected->len, ==, report->rejected->len);
  g_assert_cmpuint (small_report->warnings->len, ==, report->warnings->len);
}

/* Table tests */

static void
test_header_lines (void)
{
  static const struct
  {
    const char *line;
    gboolean    header;
  } rows[] = {
    { "PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year", TRUE },   /* PubMed */
    { "\"PMID\",\"Title\",\"Authors\",\"Citation\"", TRUE },
    { "\"Title\",\"Original Title\",\"Author Names\",\"Author Addresses\"", TRUE },     /* embase.com */
    { "Article Title,Author,Journal Title,ISSN,ISBN,Publication Date", TRUE },          /* EBSCOhost */
    { "Title,Year", TRUE },                                                             /* two columns */
    { "title;authors;year", TRUE },                                                     /* semicolons */
    { "Title\tAuthors\tYear", TRUE },                                                   /* TSV */
    { "PT\tAU\tAF\tTI\tSO\tPY\tUT", TRUE },                                             /* Web of Science */
    { "record_id,primary_title,authors", TRUE },
    { "ID,Authors,Year,DOI", TRUE },          /* no title, but a CSV: the parser says what is missing */
    { "Dear colleague, here is the title, as promised.", FALSE },
    { "The title, the author, the year, the journal and the DOI", FALSE },
    { "\"SEARCH QUERY\",\"dinosaur:ti\"", FALSE },
    { "-------------------------------------", FALSE },
    { "Title", FALSE },                       /* one cell: could be any line of prose */
    { "TY  - JOUR", FALSE },
    { "", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_test_message ("row %" G_GSIZE_FORMAT ": \"%s\"", i, rows[i].line);
      g_assert_cmpint (wn_csv_is_header_line (rows[i].line, strlen (rows[i].line)), ==, rows[i].header);
    }
}

static gboolean
count_cb (WnRecord  *record,
          gpointer   user_data,
          GError   **error)
{
  guint *n = user_data;

  (*n)++;
  wn_record_free (record);
  return TRUE;
}

/* Auto-detection from content: CSV when it is one, not when it is prose or
 * another format with commas in it. */
static void
test_detection (void)
{
  static const struct
  {
    const char *content;
    WnFormat    format;   /* WN_FORMAT_AUTO: not recognised */
    guint       records;
    const char *error;    /* part of the error message, or NULL */
  } rows[] = {
    { "\"SEARCH QUERY\",\"dinosaur:ti\"\n-----\n\n\"Title\",\"Author Names\",\"Source\",\"DOI\"\n"
      "\"A title\",\"Yang Z.\",\"J (2024) 1:2 (3-4)\",\"10.1/x\"\n", WN_FORMAT_CSV, 1, NULL },
    { "Title,Year\nA title,2020\n", WN_FORMAT_CSV, 1, NULL },
    { "\xef\xbb\xbfTitle;Year\nA title, with a comma;2020\n", WN_FORMAT_CSV, 1, NULL },
    { "Title\tYear\nA title\t2020\n", WN_FORMAT_CSV, 1, NULL },
    { "sep=;\nTitle;Year\nA title;2020\n", WN_FORMAT_CSV, 1, NULL },
    { "About the data\n\nTitle,Authors\nA title,\"Lee, K.\"\n", WN_FORMAT_CSV, 1, NULL },
    { "ID,Authors,Year,DOI\n1,\"Lee, K.\",2020,10.1/x\n", WN_FORMAT_CSV, 0, "line 1: the header has no title column" },
    { "Dear colleague, here are the results, as promised.\nBest, Ann\n", WN_FORMAT_AUTO, 0,
      "no known reference format found" },
    /* A RIS file with a comma-rich line above its first record is RIS. */
    { "Title, authors, year, journal, doi\nTY  - JOUR\nTI  - A title\nER  - \n", WN_FORMAT_RIS, 1, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(WnImportReport) report = NULL;
      g_autoptr(GError) error = NULL;
      int fd;
      guint n = 0;

      fd = g_file_open_tmp ("winnow-csv-XXXXXX.txt", &path, &error);
      g_assert_no_error (error);
      g_close (fd, NULL);
      g_file_set_contents (path, rows[i].content, -1, &error);
      g_assert_no_error (error);

      g_test_message ("row %" G_GSIZE_FORMAT, i);
      report = wn_import_report_new (path);
      wn_import_parse_file (path, WN_FORMAT_AUTO, count_cb, &n, report, NULL, &error);
      g_unlink (path);

      g_assert_cmpint (report->format, ==, rows[i].format);
      g_assert_cmpuint (n, ==, rows[i].records);
      if (rows[i].error == NULL)
        g_assert_no_error (error);
      else
        {
          g_assert_nonnull (error);
          g_assert_nonnull (strstr (error->message, rows[i].error));
        }
    }
}

static gboolean
keep_first_cb (WnRecord  *record,
               gpointer   user_data,
               GError   **error)
{
  WnRecord **first = user_data;

  if (*first == NULL)
    *first = record;
  else
    wn_record_free (record);
  return TRUE;
}

/* Web of Science tab-delimited is detected as its own format and read by
 * the WoS parser; told that it is CSV, this parser reads it too: its
 * two-letter column names, ID as Keywords Plus, no quoting. */
static void
test_wos_tab_as_csv (void)
{
  static const char content[] =
    "\xef\xbb\xbfPT\tAU\tTI\tSO\tDE\tID\tPY\tBP\tEP\tDI\tUT\r\n"
    "J\tZelle, RM; Harrison, JC\t\"Sleep debt\" and recovery\tJ SLEEP\tsleep debt\tDEPRIVATION\t2011"
    "\t119\t127\t10.1000/jse.1\tWOS:000288000000001\t\r\n";
  g_autofree char *path = NULL;
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(WnRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  fd = g_file_open_tmp ("winnow-wos-XXXXXX.txt", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (path, content, -1, &error);
  g_assert_no_error (error);

  report = wn_import_report_new (path);
  wn_import_parse_file (path, WN_FORMAT_CSV, keep_first_cb, &record, report, NULL, &error);
  g_unlink (path);
  g_assert_no_error (error);
  g_assert_cmpuint (report->records, ==, 1);
  g_assert_cmpuint (report->warnings->len, ==, 0);
  g_assert_cmpstr (report->vendor, ==, "Clarivate");
  g_assert_cmpstr (report->database, ==, "Web of Science");
  g_assert_cmpstr (record->title, ==, "\"Sleep debt\" and recovery");
  g_assert_cmpstr (record->source_id, ==, "WOS:000288000000001");
  g_assert_cmpstr (record->pages, ==, "119-127");
  g_assert_cmpuint (record->authors->len, ==, 2);
  g_assert_cmpuint (record->keywords->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (record->keywords, 1), ==, "DEPRIVATION");
}

/* Random bytes rich in quotes, delimiters and line ends: the parser must
 * finish on every one of them, and every record it hands over must be
 * whole. */
static void
test_random_input (void)
{
  static const char alphabet[] = "\"\",,;\t\n\r =ab Title";
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);

  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(GString) text = g_string_new (round % 2 ? "Title,Year,DOI\n" : "");
      g_autoptr(WnImportReport) report = wn_import_report_new ("random.csv");
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(WnLineReader) reader = NULL;
      g_autoptr(GError) error = NULL;
      guint length = g_rand_int_range (rand, 0, 400);
      guint n = 0;

      for (guint i = 0; i < length; i++)
        g_string_append_c (text, alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)]);
      stream = g_memory_input_stream_new_from_data (g_memdup2 (text->str, text->len), text->len, g_free);
      reader = wn_line_reader_new (stream, "random.csv", text->len, report);
      wn_line_reader_set_chunk_size (reader, 1 + round % 13);
      wn_csv_parse (reader, count_cb, &n, report, NULL, &error);
      g_assert_cmpuint (n, ==, report->records);
    }
}

/* Imports into a project */

static void
test_all_or_nothing (WnTestProject *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("csv", "missing-title.csv");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "missing-title.csv: line 5: "));
  g_assert_cmpint (report->search_id, ==, 0);
  wn_test_project_assert_counts (fixture, 0, 0);
}

static void
test_keep_valid (WnTestProject *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("csv", "missing-title.csv");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const WnImportIssue *issue;
  WnImportOptions options;

  wn_import_options_init (&options);
  options.keep_valid = TRUE;
  g_assert_true (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->records, ==, 4);
  g_assert_cmpuint (report->rejected->len, ==, 1);
  issue = g_ptr_array_index (report->rejected, 0);
  g_assert_cmpuint (issue->line, ==, 5);
  wn_test_project_assert_counts (fixture, 4, 1);
}

/* A file cut off inside a quoted cell: the cut row is rejected with the
 * line it starts on, the rows before it are good. */
static void
test_truncated (WnTestProject *fixture,
                gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("csv", "unterminated-quote.csv");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(WnImportReport) kept = NULL;
  g_autoptr(GError) error = NULL;
  WnImportOptions options;

  g_assert_false (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "unterminated-quote.csv: line 3: "));
  wn_test_project_assert_counts (fixture, 0, 0);
  g_clear_error (&error);

  wn_import_options_init (&options);
  options.keep_valid = TRUE;
  g_assert_true (wn_import_file (fixture->project, path, &options, &kept, NULL, &error));
  g_assert_no_error (error);
  wn_test_project_assert_counts (fixture, 1, 1);
}

static void
test_no_title_column (WnTestProject *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("csv", "no-title-column.csv");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  WnImportOptions options;

  /* Not even with --keep-valid: no row can be read without knowing which
   * column is the title. */
  wn_import_options_init (&options);
  options.keep_valid = TRUE;
  g_assert_false (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "no-title-column.csv: line 1: "));
  g_assert_nonnull (strstr (error->message, "“ID”, “Authors”, “Year”, “DOI”"));
  g_assert_cmpint (report->format, ==, WN_FORMAT_CSV);
  wn_test_project_assert_counts (fixture, 0, 0);
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
      collected->first->abstract = g_strdup (record->abstract);
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

/* What comes back from the store is what went in: a row over five lines
 * keeps its line range, its verbatim text and its cells under their
 * header names. */
static void
test_stored_record (WnTestProject *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("csv", "embedded-newlines-crlf.csv");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  Collected collected = { 0 };
  const WnField *field;
  WnSearch *search;

  g_assert_true (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
  g_assert_no_error (error);

  wn_project_foreach_record (fixture->project, report->search_id, WN_RECORD_QUERY_WITH_SOURCE,
                             collect_cb, &collected, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (collected.n, ==, 3);
  g_assert_cmpstr (collected.first->title, ==, "Naps, caffeine and \"power\" sleep");
  g_assert_cmpuint (collected.first->line_start, ==, 2);
  g_assert_cmpuint (collected.first->line_end, ==, 6);
  g_assert_true (g_str_has_prefix (collected.first->source_text,
                                   "\"Naps, caffeine and \"\"power\"\" sleep\",Lee K; Park S,2018,\"Background: short.\n"));
  g_assert_true (g_str_has_suffix (collected.first->source_text, "Conclusions: nap.\",10.1000/naps.1"));
  g_assert_cmpuint (collected.first->fields->len, ==, 5);
  field = g_ptr_array_index (collected.first->fields, 3);
  g_assert_cmpstr (field->tag, ==, "Abstract");
  g_assert_cmpstr (field->value, ==,
                   "Background: short.\nMethods: a crossover trial, n=24.\n\nResults: \"significant\" gains.\n"
                   "Conclusions: nap.");
  wn_record_free (collected.first);

  searches = wn_project_list_searches (fixture->project, &error);
  g_assert_no_error (error);
  search = g_ptr_array_index (searches, 0);
  g_assert_cmpstr (search->format, ==, "csv");
}

static void
test_vendor_stored (WnTestProject *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("csv", "embase-preamble.csv");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  WnSearch *search;

  g_assert_true (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
  g_assert_no_error (error);
  searches = wn_project_list_searches (fixture->project, &error);
  g_assert_no_error (error);
  search = g_ptr_array_index (searches, 0);
  g_assert_cmpstr (search->vendor, ==, "embase.com");
  g_assert_cmpstr (search->database, ==, "Embase");
  g_assert_cmpint (search->record_count, ==, 2);
  /* The search string of the preamble is the search's. */
  g_assert_cmpstr (report->query, ==, "(delirium OR 'sleep hygiene'):ti AND [2023-2024]/py");
  g_assert_cmpstr (search->query, ==, "(delirium OR 'sleep hygiene'):ti AND [2023-2024]/py");
}

/* A search string the user gives wins over the one the file holds. */
static void
test_query_given (WnTestProject *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = wn_test_fixture ("csv", "embase-preamble.csv");
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  WnImportOptions options;
  WnSearch *search;

  wn_import_options_init (&options);
  options.query = "delirium:ti";
  g_assert_true (wn_import_file (fixture->project, path, &options, &report, NULL, &error));
  g_assert_no_error (error);
  searches = wn_project_list_searches (fixture->project, &error);
  g_assert_no_error (error);
  search = g_ptr_array_index (searches, 0);
  g_assert_cmpstr (search->query, ==, "delirium:ti");
}

static void
write_blocks (const char *path,
              const char *head,
              const char *block,
              gsize       block_len,
              guint       blocks)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (G_OUTPUT_STREAM (out), head, strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < blocks; i++)
    {
      g_output_stream_write_all (G_OUTPUT_STREAM (out), block, block_len, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error);
  g_assert_no_error (error);
}

/* A quote opened on line 3 and never closed, then 24 MiB of short lines:
 * the row is cut off at the 16 MiB bound, named by its first line, and
 * memory does not follow the file's size. */
static void
test_endless_row (WnTestProject *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "endless.csv", NULL);
  g_autofree char *block = g_malloc (1024 * 1024);
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  glong before;
  glong after;

  for (gsize i = 0; i < 1024 * 1024; i++)
    block[i] = i % 64 == 63 ? '\n' : 'x';
  write_blocks (path, "Title,Abstract\nfine,row\nbroken,\"opens a quote\n", block, 1024 * 1024, 24);

  before = wn_test_peak_rss_kib ();
  g_assert_false (wn_import_file (fixture->project, path, NULL, &report, NULL, &error));
  after = wn_test_peak_rss_kib ();

  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "endless.csv: line 3: "));
  wn_test_project_assert_counts (fixture, 0, 0);
  g_test_message ("peak RSS grew by %ld KiB", after - before);
#ifndef __SANITIZE_ADDRESS__
  /* The row (16 MiB) and its cells (as much again), plus the reader's
   * buffers; not the 24 MiB file on top. */
  g_assert_cmpint (after - before, <, 56 * 1024);
#endif
}

/* A 20 MiB line: the reader's own bound. */
static void
test_overlong_line (WnTestProject *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "one-line.csv", NULL);
  g_autofree char *block = g_malloc (1024 * 1024);
  g_autoptr(GError) error = NULL;

  memset (block, ',', 1024 * 1024);
  write_blocks (path, "Title,Year\nfine,2020\n", block, 1024 * 1024, 20);

  g_assert_false (wn_import_file (fixture->project, path, NULL, NULL, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "one-line.csv: line 3: "));
  wn_test_project_assert_counts (fixture, 0, 0);
}

/* More cells than WN_CSV_MAX_COLUMNS: a row is rejected, a header stops
 * the file. */
static void
test_too_many_cells (WnTestProject *fixture,
                     gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("Title,Year\nfine,2020\nwide");
  g_autofree char *row_path = g_build_filename (fixture->dir, "wide-row.csv", NULL);
  g_autofree char *header_path = g_build_filename (fixture->dir, "wide-header.csv", NULL);
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const WnImportIssue *issue;
  WnImportOptions options;

  for (guint i = 0; i < WN_CSV_MAX_COLUMNS + 10; i++)
    g_string_append (text, ",x");
  g_string_append (text, "\nlast,2021\n");
  g_file_set_contents (row_path, text->str, text->len, &error);
  g_assert_no_error (error);

  wn_import_options_init (&options);
  options.keep_valid = TRUE;
  g_assert_true (wn_import_file (fixture->project, row_path, &options, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->records, ==, 2);
  g_assert_cmpuint (report->rejected->len, ==, 1);
  issue = g_ptr_array_index (report->rejected, 0);
  g_assert_cmpuint (issue->line, ==, 3);

  g_string_assign (text, "Title");
  for (guint i = 0; i < WN_CSV_MAX_COLUMNS + 10; i++)
    g_string_append_printf (text, ",c%u", i);
  g_string_append (text, "\nrow,1\n");
  g_file_set_contents (header_path, text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_false (wn_import_file (fixture->project, header_path, &options, NULL, NULL, &error));
  g_assert_error (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "wide-header.csv: line 1: "));
  wn_test_project_assert_counts (fixture, 2, 1);
}

#define ADD(path, func) \
  g_test_add (path, WnTestProject, NULL, wn_test_project_set_up, func, wn_test_project_tear_down)

int
main (int   argc,
      char *argv[])
{
  static const char *const suffixes[] = { ".csv", ".tsv", ".txt", NULL };
  g_autoptr(GPtrArray) names = NULL;

  g_test_init (&argc, &argv, NULL);

  /* Every quirk the README lists has its fixture. */
  names = wn_test_golden_fixtures ("csv", suffixes, 24);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *stem = g_strndup (name, strrchr (name, '.') - name);
      g_autofree char *path = g_strconcat ("/wn/importers/csv/", stem, NULL);
      g_autofree char *chunks_path = g_strconcat ("/wn/importers/csv/small-chunks/", stem, NULL);

      g_test_add_data_func (path, name, wn_test_golden);
      g_test_add_data_func (chunks_path, name, test_small_chunks);
    }
  g_test_add_func ("/wn/importers/csv/header-lines", test_header_lines);
  g_test_add_func ("/wn/importers/csv/detection", test_detection);
  g_test_add_func ("/wn/importers/csv/wos-tab-as-csv", test_wos_tab_as_csv);
  g_test_add_func ("/wn/importers/csv/random-input", test_random_input);
  ADD ("/wn/importers/csv/import/all-or-nothing", test_all_or_nothing);
  ADD ("/wn/importers/csv/import/keep-valid", test_keep_valid);
  ADD ("/wn/importers/csv/import/truncated", test_truncated);
  ADD ("/wn/importers/csv/import/no-title-column", test_no_title_column);
  ADD ("/wn/importers/csv/import/stored-record", test_stored_record);
  ADD ("/wn/importers/csv/import/vendor-stored", test_vendor_stored);
  ADD ("/wn/importers/csv/import/query-given", test_query_given);
  ADD ("/wn/importers/csv/import/endless-row", test_endless_row);
  ADD ("/wn/importers/csv/import/overlong-line", test_overlong_line);
  ADD ("/wn/importers/csv/import/too-many-cells", test_too_many_cells);

  return g_test_run ();
}
