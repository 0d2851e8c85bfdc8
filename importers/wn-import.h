/* wn-import.h — bytes in, records out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The importer interface. A parser reads a file as a stream (constant memory
 * whatever its size) and hands each record to a WnRecordSink. wn_import_file()
 * is the whole job: detect the format, parse, and store every record of the
 * file as one search (or one more file of a search, options->batch_id) in
 * one transaction — all or nothing unless keep_valid.
 * Errors name the file, the line and the cause, and are translated.
 */
#pragma once

#include <gio/gio.h>

#include "wn-project.h"
#include "wn-record.h"

G_BEGIN_DECLS

#define WN_IMPORT_ERROR (wn_import_error_quark ())

typedef enum
{
  WN_IMPORT_ERROR_UNKNOWN_FORMAT,   /* no known format recognised */
  WN_IMPORT_ERROR_ENCODING,         /* bytes that no supported encoding explains */
  WN_IMPORT_ERROR_MALFORMED,        /* a record that cannot be read */
  WN_IMPORT_ERROR_TOO_LARGE,        /* a line or record beyond the importer's bounds */
  WN_IMPORT_ERROR_EMPTY,            /* no records at all */
  WN_IMPORT_ERROR_ALREADY_IMPORTED, /* same SHA-256 as an earlier search */
  WN_IMPORT_ERROR_IO,               /* the file cannot be read */
} WnImportError;

GQuark wn_import_error_quark (void);

typedef enum
{
  WN_FORMAT_AUTO = 0,
  WN_FORMAT_RIS,
  WN_FORMAT_PUBMED_XML,
  WN_FORMAT_MEDLINE,
  WN_FORMAT_WOS,
  WN_FORMAT_ENDNOTE_XML,
  WN_FORMAT_CSV,
  WN_FORMAT_OVID,      /* Ovid tagged (not Ovid's RIS) */
  WN_FORMAT_WOS_TAB,   /* Web of Science tab-delimited; WN_FORMAT_WOS is its plain text */
} WnFormat;

/* "ris", "pubmed-xml", "medline", "wos", "endnote-xml", "csv", "ovid",
 * "wos-tab" (CLI.md) */
const char *wn_format_to_string   (WnFormat    format);
gboolean    wn_format_from_string (const char *text,
                                   WnFormat   *format);

typedef struct
{
  guint  line;     /* 1-based line in the file; 0 when the issue is the whole file */
  char  *message;  /* translated, without the file name */
} WnImportIssue;

typedef struct
{
  char      *file_name;   /* as given */
  WnFormat   format;      /* detected or forced */
  char      *encoding;    /* "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "Windows-1252", … */
  char      *vendor;      /* "EBSCOhost", "Ovid", … when the file says; else NULL */
  char      *database;    /* database the file names (EBSCO DB, Ovid DB), else NULL */
  char      *query;       /* the search string the file holds (embase.com CSV preamble), else NULL */
  char      *sha256;
  guint      records;     /* records parsed and accepted */
  guint      lines;       /* lines read */
  GPtrArray *warnings;    /* (element-type WnImportIssue) */
  GPtrArray *rejected;    /* (element-type WnImportIssue) records left out, with why */
  gint64     search_id;   /* the stored search, 0 when nothing was stored */
  gint64     batch_id;    /* the search it is a file of (its first file's id), or search_id */
} WnImportReport;

WnImportReport *wn_import_report_new  (const char     *file_name) G_GNUC_WARN_UNUSED_RESULT;
void            wn_import_report_free (WnImportReport *report);
void            wn_import_report_warn (WnImportReport *report,
                                       guint           line,
                                       const char     *format,
                                       ...) G_GNUC_PRINTF (3, 4);
void            wn_import_report_reject (WnImportReport *report,
                                         guint           line,
                                         const char     *format,
                                         ...) G_GNUC_PRINTF (3, 4);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnImportReport, wn_import_report_free)

/* A parser hands each record here, transfer full. Return FALSE (with error
 * set) to stop parsing. */
typedef gboolean (*WnRecordSink) (WnRecord  *record,
                                  gpointer   user_data,
                                  GError   **error);

typedef struct
{
  WnFormat    format;            /* WN_FORMAT_AUTO to detect from content */
  const char *database;          /* provenance given by the user; NULL = guess from file */
  const char *platform;
  const char *date_searched;     /* YYYY-MM-DD */
  const char *query;
  gint64      reported_hits;     /* -1 when not given */
  gboolean    keep_valid;        /* import good records, list the rejected ones */
  gboolean    allow_reimport;    /* import even when the same file was imported before */
  /* A search exported in several files: the search id of a file of it to
   * add this file to (it takes that search's provenance); 0 for a search
   * of its own. */
  gint64      batch_id;
  /* TRUE when the file is one of several of one search: its records alone
   * are not compared with reported_hits (the caller compares them all
   * together, see wn_search_batch_get_hits_difference()). */
  gboolean    several_files;
  /* With batch_id: join that search only if the file names the same
   * database and platform as it does (or none), else be a search of its
   * own, with a warning. Set when the files of one import are taken for
   * one search; not when the person named the search to join. */
  gboolean    same_source_only;
  /* Progress, called from the importing thread now and then: bytes read of total. */
  void      (*progress) (guint64 done, guint64 total, gpointer user_data);
  gpointer    progress_data;
} WnImportOptions;

void        wn_import_options_init (WnImportOptions *options);

/* Parses path without storing anything (for the import dialog's preview and
 * for tests). Calls sink for each record. */
gboolean    wn_import_parse_file   (const char            *path,
                                    WnFormat               format,
                                    WnRecordSink           sink,
                                    gpointer               user_data,
                                    WnImportReport        *report,
                                    GCancellable          *cancellable,
                                    GError               **error);

/* Parses path and stores it as one search of project. On error nothing is
 * stored and *report (always set when report is not NULL) says what was
 * found before the error. */
gboolean    wn_import_file         (WnProject             *project,
                                    const char            *path,
                                    const WnImportOptions *options,
                                    WnImportReport       **report,
                                    GCancellable          *cancellable,
                                    GError               **error);

G_END_DECLS
