/* wn-import.c — bytes in, records out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format is found from the file's content, never its name: PubMed's
 * MEDLINE export is often saved as .ris, and RIS comes as .txt. Only RIS is
 * parsed so far; the other formats are recognised so that the message can
 * say what the file is, and their parsers slot into parser_for_format().
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "wn-author-name.h"
#include "wn-csv.h"
#include "wn-endnote-xml.h"
#include "wn-import-private.h"
#include "wn-medline.h"
#include "wn-ovid.h"
#include "wn-pubmed-xml.h"
#include "wn-ris.h"
#include "wn-wos.h"

G_DEFINE_QUARK (wn-import-error-quark, wn_import_error)

/* How far into a file detection looks: the first decoded chunk, and in it
 * at most this many lines. APA PsycNET puts 4 lines before the first
 * record; embase.com's CSV 3 before its header. */
#define DETECT_MAX_LINES 1000

static const struct
{
  WnFormat    format;
  const char *name;
} format_names[] = {
  { WN_FORMAT_AUTO, "auto" },
  { WN_FORMAT_RIS, "ris" },
  { WN_FORMAT_PUBMED_XML, "pubmed-xml" },
  { WN_FORMAT_MEDLINE, "medline" },
  { WN_FORMAT_WOS, "wos" },
  { WN_FORMAT_ENDNOTE_XML, "endnote-xml" },
  { WN_FORMAT_CSV, "csv" },
  { WN_FORMAT_OVID, "ovid" },
  { WN_FORMAT_WOS_TAB, "wos-tab" },
};

const char *
wn_format_to_string (WnFormat format)
{
  for (gsize i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (format_names[i].format == format)
      return format_names[i].name;

  g_return_val_if_reached (NULL);
}

gboolean
wn_format_from_string (const char *text,
                       WnFormat   *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (format_names[i].name, text) == 0)
      {
        *format = format_names[i].format;
        return TRUE;
      }

  return FALSE;
}

const char *
_wn_format_display_name (WnFormat format)
{
  switch (format)
    {
    case WN_FORMAT_RIS:
      return _("RIS");
    case WN_FORMAT_PUBMED_XML:
      return _("PubMed XML");
    case WN_FORMAT_MEDLINE:
      return _("MEDLINE (PubMed format, .nbib)");
    case WN_FORMAT_WOS:
      return _("Web of Science plain text");
    case WN_FORMAT_ENDNOTE_XML:
      return _("EndNote XML");
    case WN_FORMAT_CSV:
      return _("CSV");
    case WN_FORMAT_OVID:
      return _("Ovid tagged");
    case WN_FORMAT_WOS_TAB:
      return _("Web of Science tab-delimited");
    case WN_FORMAT_AUTO:
    default:
      return _("unknown");
    }
}

void
_wn_import_set_error (GError        **error,
                      WnImportError   code,
                      const char     *file_name,
                      guint           line,
                      const char     *format,
                      ...)
{
  g_autofree char *cause = NULL;
  va_list args;

  va_start (args, format);
  cause = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0)
    /* Translators: file name, line number, then what is wrong there */
    g_set_error (error, WN_IMPORT_ERROR, code, _("%s: line %u: %s"), file_name, line, cause);
  else
    /* Translators: file name, then what is wrong with it */
    g_set_error (error, WN_IMPORT_ERROR, code, _("%s: %s"), file_name, cause);
}

/* Reports */

static void
wn_import_issue_free (gpointer data)
{
  WnImportIssue *issue = data;

  g_free (issue->message);
  g_free (issue);
}

WnImportReport *
wn_import_report_new (const char *file_name)
{
  WnImportReport *report = g_new0 (WnImportReport, 1);

  report->file_name = g_strdup (file_name);
  report->format = WN_FORMAT_AUTO;
  report->warnings = g_ptr_array_new_with_free_func (wn_import_issue_free);
  report->rejected = g_ptr_array_new_with_free_func (wn_import_issue_free);

  return report;
}

void
wn_import_report_free (WnImportReport *report)
{
  if (report == NULL)
    return;

  g_free (report->file_name);
  g_free (report->encoding);
  g_free (report->vendor);
  g_free (report->database);
  g_free (report->query);
  g_free (report->sha256);
  g_ptr_array_unref (report->warnings);
  g_ptr_array_unref (report->rejected);
  g_free (report);
}

static void
add_issue (GPtrArray  *issues,
           guint       line,
           const char *format,
           va_list     args)
{
  WnImportIssue *issue = g_new (WnImportIssue, 1);

  issue->line = line;
  issue->message = g_strdup_vprintf (format, args);
  g_ptr_array_add (issues, issue);
}

void
wn_import_report_warn (WnImportReport *report,
                       guint           line,
                       const char     *format,
                       ...)
{
  va_list args;

  g_return_if_fail (report != NULL);
  g_return_if_fail (format != NULL);

  va_start (args, format);
  add_issue (report->warnings, line, format, args);
  va_end (args);
}

void
wn_import_report_reject (WnImportReport *report,
                         guint           line,
                         const char     *format,
                         ...)
{
  va_list args;

  g_return_if_fail (report != NULL);
  g_return_if_fail (format != NULL);

  va_start (args, format);
  add_issue (report->rejected, line, format, args);
  va_end (args);
}

void
wn_import_options_init (WnImportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->format = WN_FORMAT_AUTO;
  options->reported_hits = -1;
}

/* Detection */

typedef enum
{
  DETECTED_NOTHING,
  DETECTED_FORMAT,
  DETECTED_OTHER_XML,
} DetectedKind;

static gboolean
has_prefix_len (const char *line,
                gsize       len,
                const char *prefix)
{
  gsize n = strlen (prefix);

  return len >= n && memcmp (line, prefix, n) == 0;
}

/* A CSV header has cells that are exactly column names Winnow knows
 * ("Title", "Article Title", "PMID", ...), so prose with commas is no
 * header, and a two-column "Title,Year" is. The BOM is off already. */
static gboolean
looks_like_csv_header (const char *line,
                       gsize       len)
{
  return wn_csv_is_header_line (line, len);
}

static DetectedKind
detect_in_head (const char *head,
                gsize       head_len,
                WnFormat   *format,
                guint      *line_out)
{
  const char *p = head;
  const char *end = head + head_len;
  guint number = 0;
  guint non_blank = 0;
  guint csv_line = 0;

  while (p < end && number < DETECT_MAX_LINES)
    {
      const char *eol = p;
      const char *line = p;
      gsize len;

      while (eol < end && *eol != '\n' && *eol != '\r')
        eol++;
      len = eol - p;
      number++;
      /* The same line ends as the reader's: CRLF, LF or a lone CR. */
      if (eol + 1 < end && eol[0] == '\r' && eol[1] == '\n')
        p = eol + 2;
      else if (eol < end)
        p = eol + 1;
      else
        p = eol;

      if (len >= 3 && (guchar) line[0] == 0xEF && (guchar) line[1] == 0xBB && (guchar) line[2] == 0xBF)
        {
          line += 3;
          len -= 3;
        }
      while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;
      if (len == 0)
        continue;
      non_blank++;
      *line_out = number;

      if (wn_ris_is_type_line (line, len))
        {
          *format = WN_FORMAT_RIS;
          return DETECTED_FORMAT;
        }
      if (has_prefix_len (line, len, "PMID- ") || has_prefix_len (line, len, "OWN - "))
        {
          *format = WN_FORMAT_MEDLINE;
          return DETECTED_FORMAT;
        }
      if ((non_blank == 1 && has_prefix_len (line, len, "FN ")) ||
          (len == 4 && has_prefix_len (line, len, "PT ") && g_ascii_isupper (line[3])))
        {
          *format = WN_FORMAT_WOS;
          return DETECTED_FORMAT;
        }
      /* Ovid's own tagged format: "<1. >" or "<8>" record markers (with
       * or without the one-space indent of some exports), or its VN line. */
      if (wn_ovid_is_marker (line, len) || strstr (line, "VN  - Ovid Technologies") != NULL)
        {
          *format = WN_FORMAT_OVID;
          return DETECTED_FORMAT;
        }
      /* Web of Science tab-delimited: a header row of its field tags. */
      if (wn_wos_is_tab_header (line, len))
        {
          *format = WN_FORMAT_WOS_TAB;
          return DETECTED_FORMAT;
        }
      if (non_blank == 1 && line[0] == '<')
        {
          /* XML: the root element decides. The head is a whole chunk, so
           * it reaches past any DOCTYPE. */
          if (g_strstr_len (head, head_len, "<PubmedArticleSet") != NULL ||
              g_strstr_len (head, head_len, "<PubmedBookArticleSet") != NULL)
            {
              *format = WN_FORMAT_PUBMED_XML;
              return DETECTED_FORMAT;
            }
          if (g_strstr_len (head, head_len, "<xml>") != NULL &&
              g_strstr_len (head, head_len, "<records>") != NULL)
            {
              *format = WN_FORMAT_ENDNOTE_XML;
              return DETECTED_FORMAT;
            }
          return DETECTED_OTHER_XML;
        }
      if (csv_line == 0 && non_blank <= 10 && looks_like_csv_header (line, len))
        csv_line = number;
    }

  /* A CSV header only counts when nothing more specific turned up: RIS
   * with a comma-rich header line above its first record is still RIS. */
  if (csv_line != 0)
    {
      *format = WN_FORMAT_CSV;
      *line_out = csv_line;
      return DETECTED_FORMAT;
    }

  return DETECTED_NOTHING;
}

/* Binary data: control characters other than white space in more than
 * 5 % of the head (random bytes have about 10 %). NULs do not count: the
 * reader drops them, and some broken exports are full of them. */
static gboolean
looks_binary (const char *head,
              gsize       head_len)
{
  gsize control = 0;

  for (gsize i = 0; i < head_len; i++)
    {
      guchar c = (guchar) head[i];

      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v')
        control++;
    }

  return control * 20 > head_len;
}

static gboolean
detect_format (WnLineReader  *reader,
               WnFormat      *format,
               guint         *line,
               GError       **error)
{
  const char *head;
  const char *name = wn_line_reader_get_name (reader);
  gsize head_len = 0;
  gboolean blank = TRUE;

  head = wn_line_reader_peek (reader, &head_len, error);
  if (head == NULL)
    return FALSE;

  for (gsize i = 0; i < head_len && blank; i++)
    blank = g_ascii_isspace (head[i]);
  if (blank && wn_line_reader_get_nul_count (reader) == 0)
    {
      _wn_import_set_error (error, WN_IMPORT_ERROR_EMPTY, name, 0, _("the file is empty"));
      return FALSE;
    }

  /* Compressed exports are common (databases mail them zipped). */
  if (head_len >= 4 && memcmp (head, "PK\x03\x04", 4) == 0)
    {
      _wn_import_set_error (error, WN_IMPORT_ERROR_UNKNOWN_FORMAT, name, 1,
                            _("this is a ZIP archive; unpack it and import the files inside"));
      return FALSE;
    }
  if (head_len >= 2 && (guchar) head[0] == 0x1F && (guchar) head[1] == 0x8B)
    {
      _wn_import_set_error (error, WN_IMPORT_ERROR_UNKNOWN_FORMAT, name, 1,
                            _("this is a gzip-compressed file; unpack it and import the file inside"));
      return FALSE;
    }

  *line = 1;
  switch (detect_in_head (head, head_len, format, line))
    {
    case DETECTED_FORMAT:
      return TRUE;
    case DETECTED_OTHER_XML:
      _wn_import_set_error (error, WN_IMPORT_ERROR_UNKNOWN_FORMAT, name, *line,
                            _("this XML file is neither PubMed XML nor EndNote XML"));
      return FALSE;
    case DETECTED_NOTHING:
    default:
      /* Only when no format turned up: a RIS file with one damaged record
       * is still a RIS file, and its record gets rejected with its line. */
      if (looks_binary (head, head_len))
        {
          _wn_import_set_error (error, WN_IMPORT_ERROR_UNKNOWN_FORMAT, name, 1,
                                _("this is binary data, not a reference file; Winnow reads RIS, MEDLINE, Web of Science, "
                                  "Ovid, PubMed XML, EndNote XML and CSV exports"));
          return FALSE;
        }
      _wn_import_set_error (error, WN_IMPORT_ERROR_UNKNOWN_FORMAT, name, 1,
                            _("no known reference format found; Winnow reads RIS, MEDLINE (.nbib), Web of Science, "
                              "Ovid, PubMed XML, EndNote XML and CSV exports as the databases write them"));
      return FALSE;
    }
}

/* Parsing */

static WnImportParseFunc
parser_for_format (WnFormat format)
{
  switch (format)
    {
    case WN_FORMAT_RIS:
      return wn_ris_parse;
    case WN_FORMAT_MEDLINE:
      return wn_medline_parse;
    case WN_FORMAT_WOS:
    case WN_FORMAT_WOS_TAB:
      /* One parser for both shapes: it tells them apart itself. */
      return wn_wos_parse;
    case WN_FORMAT_OVID:
      return wn_ovid_parse;
    case WN_FORMAT_CSV:
      return wn_csv_parse;
    case WN_FORMAT_PUBMED_XML:
      return wn_pubmed_xml_parse;
    case WN_FORMAT_ENDNOTE_XML:
      return wn_endnote_xml_parse;
    case WN_FORMAT_AUTO:
    default:
      return NULL;
    }
}

/* Every parser's records pass here on their way to the caller's sink, so
 * that what is the same in every format is done once: names in one form
 * (wn-author-name.h). */
typedef struct
{
  WnRecordSink  sink;
  gpointer      user_data;
  GString      *scratch;
} CommonSink;

static gboolean
common_sink_cb (WnRecord  *record,
                gpointer   user_data,
                GError   **error)
{
  CommonSink *common = user_data;

  wn_record_normalise_authors (record, common->scratch);
  return common->sink (record, common->user_data, error);
}

static gboolean
import_parse (const char            *path,
              WnFormat               format,
              WnRecordSink           sink,
              gpointer               user_data,
              WnImportReport        *report,
              WnLineReaderProgress   progress,
              gpointer               progress_data,
              GCancellable          *cancellable,
              GError               **error)
{
  g_autoptr(WnLineReader) reader = NULL;
  WnImportParseFunc parse;
  guint detected_line = 0;
  gboolean ok = FALSE;
  CommonSink common;

  reader = wn_line_reader_new_for_path (path, report, cancellable, error);
  if (reader == NULL)
    return FALSE;
  wn_line_reader_set_progress (reader, progress, progress_data);

  if (format == WN_FORMAT_AUTO && !detect_format (reader, &format, &detected_line, error))
    goto out;
  report->format = format;

  parse = parser_for_format (format);
  if (parse == NULL)
    {
      if (detected_line > 0)
        _wn_import_set_error (error, WN_IMPORT_ERROR_UNKNOWN_FORMAT, wn_line_reader_get_name (reader),
                              detected_line,
                              _("this looks like a file in %s format, which this version of Winnow cannot read"),
                              _wn_format_display_name (format));
      else
        _wn_import_set_error (error, WN_IMPORT_ERROR_UNKNOWN_FORMAT, wn_line_reader_get_name (reader), 0,
                              _("%s files cannot be read by this version of Winnow"),
                              _wn_format_display_name (format));
      goto out;
    }

  common.sink = sink;
  common.user_data = user_data;
  common.scratch = g_string_sized_new (64);
  ok = parse (reader, common_sink_cb, &common, report, cancellable, error);
  g_string_free (common.scratch, TRUE);
  if (ok && report->records == 0 && report->rejected->len == 0)
    {
      _wn_import_set_error (error, WN_IMPORT_ERROR_EMPTY, wn_line_reader_get_name (reader), 0,
                            _("the file holds no %s records"), _wn_format_display_name (format));
      ok = FALSE;
    }

out:
  /* Whatever was found before an error is part of the report. */
  report->lines = wn_line_reader_get_line_number (reader);
  g_free (report->encoding);
  report->encoding = g_strdup (wn_line_reader_get_encoding (reader));
  g_free (report->sha256);
  report->sha256 = g_strdup (wn_line_reader_get_sha256 (reader));

  return ok;
}

gboolean
wn_import_parse_file (const char      *path,
                      WnFormat         format,
                      WnRecordSink     sink,
                      gpointer         user_data,
                      WnImportReport  *report,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_autoptr(WnImportReport) own_report = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (sink != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (report == NULL)
    report = own_report = wn_import_report_new (path);

  return import_parse (path, format, sink, user_data, report, NULL, NULL, cancellable, error);
}

/* Storing
 *
 * Parsing and storing overlap: a worker thread parses and hands records
 * over in batches; the calling thread stores them, so SQLite is only ever
 * used from the thread that began the search (the writer holds the
 * project's lock from begin to commit). At most MAX_BATCHES batches are in
 * flight, which bounds memory whatever the file's size. Storing is the
 * slower side, so everything else happens on the parse thread: each record
 * is prepared for the store there (lists joined, fields encoded), and the
 * stored batches come back to it with the tokens to be freed (by the
 * thread that allocated them, which glibc's allocator does fastest).
 *
 *   parse thread                             calling thread
 *   reader -> parser -> sink -> prepare --> full queue -> writer_add
 *                        ^                                   |
 *                        +---- tokens (stored batches) <-----+
 */

#define BATCH_SIZE  512
#define MAX_BATCHES 8

typedef struct
{
  GPtrArray *records;   /* (element-type WnPreparedRecord) */
  guint64    done;      /* bytes read when the batch was handed over */
  guint64    total;
  gboolean   last;      /* no batch follows; the parser's result is set */
} Batch;

typedef struct
{
  /* Set before the thread starts, then only read. */
  char           *path;
  WnFormat        format;
  WnImportReport *report;   /* the parse thread's until it is joined */
  GCancellable   *cancellable;
  gboolean        keep_valid;

  GAsyncQueue    *full;     /* Batch, parser to store */
  GAsyncQueue    *tokens;   /* one per batch that may be in flight */
  gint            stop;     /* atomic: the store failed, stop parsing */

  /* The parse thread's own. */
  Batch          *batch;
  guint64         done;
  guint64         total;
  gboolean        ok;
  GError         *error;
} Pipeline;

static void
batch_free (Batch *batch)
{
  g_ptr_array_unref (batch->records);
  g_free (batch);
}

static Batch *
batch_new (void)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->records = g_ptr_array_new_full (BATCH_SIZE, (GDestroyNotify) wn_prepared_record_free);
  return batch;
}

static void
set_malformed_error (WnImportReport  *report,
                     GError         **error)
{
  const WnImportIssue *first = g_ptr_array_index (report->rejected, 0);
  g_autofree char *name = g_filename_display_name (report->file_name);

  _wn_import_set_error (error, WN_IMPORT_ERROR_MALFORMED, name, first->line, "%s", first->message);
}

/* A token is room for one batch: at first GUINT_TO_POINTER (1), later a
 * batch the store is done with. */
#define FREE_TOKEN GUINT_TO_POINTER (1)

static void
token_free (gpointer token)
{
  if (token != FREE_TOKEN)
    batch_free (token);
}

static void
push_batch (Pipeline *pipeline,
            gboolean  last)
{
  Batch *batch = pipeline->batch;

  pipeline->batch = NULL;
  batch->done = pipeline->done;
  batch->total = pipeline->total;
  batch->last = last;
  /* Wait for room first: this is what bounds memory. */
  token_free (g_async_queue_pop (pipeline->tokens));
  g_async_queue_push (pipeline->full, batch);
}

static gboolean
pipeline_sink_cb (WnRecord  *record,
                  gpointer   user_data,
                  GError   **error)
{
  Pipeline *pipeline = user_data;

  /* All or nothing: once a record was rejected the import fails, so
   * storing more is wasted work. */
  if (pipeline->report->rejected->len > 0 && !pipeline->keep_valid)
    {
      wn_record_free (record);
      set_malformed_error (pipeline->report, error);
      return FALSE;
    }
  if (g_atomic_int_get (&pipeline->stop))
    {
      /* The store already failed and reports its own error. */
      wn_record_free (record);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "stopped");
      return FALSE;
    }

  if (pipeline->batch == NULL)
    pipeline->batch = batch_new ();
  g_ptr_array_add (pipeline->batch->records, wn_prepared_record_new (record));
  if (pipeline->batch->records->len >= BATCH_SIZE)
    push_batch (pipeline, FALSE);

  return TRUE;
}

static void
pipeline_progress_cb (guint64  done,
                      guint64  total,
                      gpointer user_data)
{
  Pipeline *pipeline = user_data;

  pipeline->done = done;
  pipeline->total = total;
}

static gpointer
parse_thread_func (gpointer data)
{
  Pipeline *pipeline = data;

  pipeline->ok = import_parse (pipeline->path, pipeline->format, pipeline_sink_cb, pipeline,
                               pipeline->report, pipeline_progress_cb, pipeline,
                               pipeline->cancellable, &pipeline->error);

  if (pipeline->batch == NULL)
    pipeline->batch = batch_new ();
  push_batch (pipeline, TRUE);

  return NULL;
}

/* Runs the parse thread and stores what it hands over. Returns FALSE with
 * error set when either side failed; the store's error wins, as the parser
 * then only stopped because it was told to. */
static gboolean
parse_and_store (WnSearchWriter         *writer,
                 const char             *path,
                 const WnImportOptions  *options,
                 WnImportReport         *report,
                 GCancellable           *cancellable,
                 GError                **error)
{
  Pipeline pipeline = { 0 };
  g_autoptr(GError) store_error = NULL;
  GThread *thread;
  gboolean last = FALSE;

  pipeline.path = g_strdup (path);
  pipeline.format = options->format;
  pipeline.report = report;
  pipeline.cancellable = cancellable;
  pipeline.keep_valid = options->keep_valid;
  pipeline.full = g_async_queue_new ();
  pipeline.tokens = g_async_queue_new ();
  for (guint i = 0; i < MAX_BATCHES; i++)
    g_async_queue_push (pipeline.tokens, FREE_TOKEN);

  thread = g_thread_new ("wn-import-parse", parse_thread_func, &pipeline);

  /* Drain every batch, even after a failure: the parser may be waiting
   * for a token. */
  while (!last)
    {
      Batch *batch = g_async_queue_pop (pipeline.full);

      for (guint i = 0; i < batch->records->len && store_error == NULL; i++)
        if (wn_search_writer_add_prepared (writer, g_ptr_array_index (batch->records, i), &store_error) == 0)
          g_atomic_int_set (&pipeline.stop, TRUE);

      if (store_error == NULL && options->progress != NULL)
        options->progress (batch->done, MAX (batch->total, batch->done), options->progress_data);

      last = batch->last;
      g_async_queue_push (pipeline.tokens, batch);
    }

  g_thread_join (thread);
  for (gpointer token; (token = g_async_queue_try_pop (pipeline.tokens)) != NULL;)
    token_free (token);
  g_async_queue_unref (pipeline.full);
  g_async_queue_unref (pipeline.tokens);
  g_free (pipeline.path);

  if (store_error != NULL)
    {
      g_clear_error (&pipeline.error);
      g_propagate_error (error, g_steal_pointer (&store_error));
      return FALSE;
    }
  if (!pipeline.ok)
    {
      g_propagate_error (error, pipeline.error);
      return FALSE;
    }
  return TRUE;
}

gboolean
wn_import_file (WnProject              *project,
                const char             *path,
                const WnImportOptions  *options,
                WnImportReport        **report_out,
                GCancellable           *cancellable,
                GError                **error)
{
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(WnSearchWriter) writer = NULL;
  g_autoptr(WnSearch) search = NULL;
  g_autofree char *display = NULL;
  WnImportOptions defaults;
  gint64 earlier;
  GError *local_error = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (WN_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      wn_import_options_init (&defaults);
      options = &defaults;
    }

  report = wn_import_report_new (path);
  display = g_filename_display_name (path);

  search = wn_search_new ();
  search->database = g_strdup (options->database);
  search->platform = g_strdup (options->platform);
  search->date_searched = g_strdup (options->date_searched);
  search->query = g_strdup (options->query);
  search->reported_hits = options->reported_hits;
  search->file_name = g_path_get_basename (path);
  search->batch_id = options->batch_id;

  /* Everything below goes into one transaction; leaving early frees the
   * writer, which rolls it back. */
  writer = wn_project_begin_search (project, search, &local_error);
  if (writer == NULL)
    goto out;

  if (!parse_and_store (writer, path, options, report, cancellable, &local_error))
    goto out;

  if (report->rejected->len > 0 && (!options->keep_valid || report->records == 0))
    {
      set_malformed_error (report, &local_error);
      goto out;
    }

  /* The SHA-256 is known only now that every byte was read. */
  earlier = wn_project_find_search_by_sha256 (project, report->sha256, &local_error);
  if (local_error != NULL)
    goto out;
  /* Numbers are formatted first: xgettext cannot see through
   * G_GINT64_FORMAT inside a translatable string. */
  if (earlier > 0 && !options->allow_reimport)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, earlier);

      _wn_import_set_error (&local_error, WN_IMPORT_ERROR_ALREADY_IMPORTED, display, 0,
                            _("this file was imported before, as search %s; nothing was imported again"),
                            number);
      goto out;
    }

  if (options->reported_hits >= 0 && !options->several_files && options->batch_id == 0 &&
      options->reported_hits != (gint64) report->records)
    {
      g_autofree char *hits = g_strdup_printf ("%" G_GINT64_FORMAT, options->reported_hits);

      wn_import_report_warn (report, 0, _("the database reported %s hits, but the file holds %u records"),
                             hits, report->records);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    goto out;

  /* Files of one import are one search only when they come from one
   * source: an Embase file and a PsycINFO file are two searches. */
  if (options->batch_id > 0 && options->same_source_only)
    {
      const char *database = options->database == NULL ? report->database : NULL;
      const char *vendor = options->platform == NULL ? report->vendor : NULL;
      gboolean same = wn_search_writer_same_source (writer, database, vendor, &local_error);

      if (local_error != NULL)
        goto out;
      if (!same)
        {
          g_autofree char *source = database != NULL && vendor != NULL ? g_strdup_printf ("%s, %s", database, vendor)
                                                                       : g_strdup (database != NULL ? database : vendor);

          if (!wn_search_writer_leave_batch (writer, &local_error))
            goto out;
          wn_import_report_warn (report, 0,
                                 _("the file comes from another database or platform (%s) than the search "
                                   "it was to join; it was stored as a search of its own"),
                                 source);
        }
    }

  wn_search_writer_set_detected (writer, wn_format_to_string (report->format), report->encoding,
                                 report->vendor, options->database == NULL ? report->database : NULL,
                                 report->sha256);
  /* The search string the file holds, unless the user typed one. */
  if (options->query == NULL || *options->query == '\0')
    wn_search_writer_set_detected_query (writer, report->query);
  if (!wn_search_writer_commit (writer, &local_error))
    goto out;

  report->search_id = wn_search_writer_get_search_id (writer);
  report->batch_id = wn_search_writer_get_batch_id (writer);
  ok = TRUE;

out:
  g_clear_pointer (&writer, wn_search_writer_free);
  if (!ok)
    {
      report->search_id = 0;
      g_propagate_error (error, local_error);
    }
  if (report_out != NULL)
    *report_out = g_steal_pointer (&report);

  return ok;
}
