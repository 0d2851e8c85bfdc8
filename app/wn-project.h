/* wn-project.h — a Winnow project: one SQLite file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A WnProject owns one SQLite connection. Every public function may be called
 * from any thread: a mutex makes sure one thread uses the connection at a
 * time, and every write is one transaction. The UI calls the _async variants
 * (or runs the sync ones in a GTask thread) so it never waits on SQLite.
 */
#pragma once

#include <gio/gio.h>

#include "wn-record.h"

G_BEGIN_DECLS

#define WN_PROJECT_SCHEMA_VERSION 8
#define WN_PROJECT_APPLICATION_ID 0x576e4e77 /* "WnNw": marks a Winnow project file */

#define WN_STORE_ERROR (wn_store_error_quark ())

/* Callers react differently to each: the CLI maps NOT_A_PROJECT..LOCKED to
 * exit status 3, the UI shows a specific message for each. */
typedef enum
{
  WN_STORE_ERROR_NOT_FOUND,      /* no such file, or no such record */
  WN_STORE_ERROR_NOT_A_PROJECT,  /* not SQLite, or SQLite but not Winnow's */
  WN_STORE_ERROR_NEWER_SCHEMA,   /* written by a newer Winnow */
  WN_STORE_ERROR_CORRUPT,        /* fails SQLite's checks */
  WN_STORE_ERROR_LOCKED,         /* another program is writing to it */
  WN_STORE_ERROR_EXISTS,         /* create: the file is already there */
  WN_STORE_ERROR_READ_ONLY,      /* the file or its folder cannot be written */
  WN_STORE_ERROR_FAILED,         /* anything else SQLite reports */
} WnStoreError;

GQuark wn_store_error_quark (void);

#define WN_TYPE_PROJECT (wn_project_get_type ())
G_DECLARE_FINAL_TYPE (WnProject, wn_project, WN, PROJECT, GObject)

typedef enum
{
  WN_PROJECT_OPEN_DEFAULT = 0,
  /* Hold the project for editing while it is open, as the app does: a
   * second program opening it with this flag gets it read-only
   * (wn_project_is_held_elsewhere()). Without it (winnow-cli), the
   * project is shared and SQLite serialises the writers. */
  WN_PROJECT_OPEN_HOLD = 1 << 0,
} WnProjectOpenFlags;

/* Opening and creating. Opening never modifies a file it rejects. */
WnProject  *wn_project_create              (const char          *path,
                                            const char          *title,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
WnProject  *wn_project_open                (const char          *path,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
WnProject  *wn_project_open_full           (const char          *path,
                                            WnProjectOpenFlags   flags,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* As the app opens a project: with WN_PROJECT_OPEN_HOLD. */
void        wn_project_open_async          (const char          *path,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
WnProject  *wn_project_open_finish         (GAsyncResult        *result,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void        wn_project_close               (WnProject           *self);

const char *wn_project_get_path            (WnProject           *self);
char       *wn_project_dup_title           (WnProject           *self) G_GNUC_WARN_UNUSED_RESULT;
int         wn_project_get_schema_version  (WnProject           *self);
/* TRUE when the file or its folder cannot be written (a read-only medium):
 * the project was opened to be read, and every change fails with
 * WN_STORE_ERROR_READ_ONLY. */
gboolean    wn_project_is_read_only        (WnProject           *self);
/* TRUE when the project was opened with WN_PROJECT_OPEN_HOLD while another
 * program held it: it is read-only here (wn_project_is_read_only()) and
 * shows the other program's changes as they are committed. */
gboolean    wn_project_is_held_elsewhere   (WnProject           *self);
/* The name written into the audit log for changes made through this object:
 * the installation's identity, or the login name until one is chosen. */
const char *wn_project_get_actor           (WnProject           *self);
void        wn_project_set_actor           (WnProject           *self,
                                            const char          *actor);

typedef struct
{
  gint64 records;          /* every imported record, duplicates too */
  gint64 unique_records;   /* records that are not a duplicate of another */
  gint64 searches;         /* stored imports: one per file */
  gint64 search_batches;   /* searches, the files of one search exported in several counted once */
  gint64 duplicate_groups;
  gint64 reviewers;
} WnProjectCounts;

gboolean    wn_project_get_counts          (WnProject           *self,
                                            WnProjectCounts     *counts,
                                            GError             **error);

/* Searches: one imported file each, with its provenance. A database
 * search exported in several files (PubMed and EBSCOhost cap each export,
 * Embase exports in chunks) is one search of several files: their rows
 * share a batch_id, the id of its first file, and one provenance (database,
 * platform, date, query, reported hits, method), and the hit count is
 * compared with the records of all its files together (WnSearchBatch). */
typedef struct
{
  gint64  id;
  /* The search this file belongs to: its first file's id (this file's own
   * id for a search of one file). In a search being written: the id of a
   * file of an earlier search to add this file to, or 0 for a new search. */
  gint64  batch_id;
  char   *database;       /* "PsycINFO", "Embase", "CINAHL", "Web of Science", "PubMed", … */
  char   *platform;       /* "EBSCOhost", "Ovid", "embase.com", "Clarivate", "PubMed", … */
  char   *date_searched;  /* YYYY-MM-DD */
  char   *query;
  gint64  reported_hits;  /* what the database said it found; -1 when not given */
  char   *file_name;      /* base name of the imported file */
  char   *file_sha256;
  char   *format;         /* "ris", "pubmed-xml", … */
  char   *encoding;       /* what the file was decoded from, e.g. "UTF-8", "UTF-16LE" */
  char   *vendor;         /* the exporting platform the importer recognised, if any */
  gint64  record_count;
  char   *imported_at;    /* ISO 8601 UTC */
  char   *imported_by;
  /* The PRISMA 2020 source: "database" (the default, also when NULL in a
   * search being written), "register", "website", "organisation",
   * "citation" or "other" (see wn-prisma.h). */
  char   *method;
} WnSearch;

WnSearch   *wn_search_new                  (void) G_GNUC_WARN_UNUSED_RESULT;
void        wn_search_free                 (WnSearch            *search);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnSearch, wn_search_free)

/* (element-type WnSearch) in import order */
GPtrArray  *wn_project_list_searches       (WnProject           *self,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* A search as a person thinks of it: one database search with its
 * provenance, imported from one file or several. */
typedef struct
{
  gint64     id;            /* its first file's search id */
  GPtrArray *files;         /* (element-type WnSearch) its files in import order, at least one */
  gint64     record_count;  /* the records of all its files */
} WnSearchBatch;

void        wn_search_batch_free           (WnSearchBatch       *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnSearchBatch, wn_search_batch_free)
/* Its provenance: the first file's row (every file has the same). */
const WnSearch *wn_search_batch_get_search (const WnSearchBatch *batch);
/* Records imported less the hits the database reported, over all its
 * files; 0 when they agree or the database gave no count. */
gint64      wn_search_batch_get_hits_difference (const WnSearchBatch *batch);
/* (element-type WnSearchBatch) in import order: searches (element-type
 * WnSearch, in import order, transfer full) grouped by batch_id. */
GPtrArray  *wn_search_batches_from_searches (GPtrArray          *searches) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray  *wn_project_list_search_batches (WnProject           *self,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* The id of an earlier search of a file with this SHA-256, or 0. */
gint64      wn_project_find_search_by_sha256 (WnProject         *self,
                                            const char          *sha256,
                                            GError             **error);

/* Corrects a search's provenance after import (database, platform, date
 * searched, query, reported hit count) — the fields a person types; the
 * file's own facts (name, SHA-256, format, counts) never change. A search
 * of several files is corrected whole, whichever of its files search_id
 * names. NULL
 * leaves a text field as it is, "" clears it; reported_hits -2 leaves it,
 * -1 clears it. Audited with the old and new values. */
gboolean    wn_project_update_search       (WnProject           *self,
                                            gint64               search_id,
                                            const char          *database,
                                            const char          *platform,
                                            const char          *date_searched,
                                            const char          *query,
                                            gint64               reported_hits,
                                            GError             **error);

/* Writing a search: all its records land in one transaction, or none do.
 * The writer holds the project's connection from begin to commit/abort;
 * freeing an uncommitted writer rolls everything back. */
typedef struct _WnSearchWriter WnSearchWriter;

WnSearchWriter *wn_project_begin_search    (WnProject           *self,
                                            const WnSearch      *search,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
gint64      wn_search_writer_get_search_id (WnSearchWriter      *writer);
/* The search the file belongs to: the first file of the search it joined,
 * else its own id. */
gint64      wn_search_writer_get_batch_id  (WnSearchWriter      *writer);
/* Whether a file that was to join a search comes from the same source as
 * that search's files: FALSE when the database or the exporting platform
 * the file names (NULL: it names none) differs from the search's. */
gboolean    wn_search_writer_same_source   (WnSearchWriter      *writer,
                                            const char          *database,
                                            const char          *vendor,
                                            GError             **error);
/* Makes the file a search of its own rather than a part of the search it
 * was to join. */
gboolean    wn_search_writer_leave_batch   (WnSearchWriter      *writer,
                                            GError             **error);
/* Returns the new record's id, or 0 on error. */
gint64      wn_search_writer_add           (WnSearchWriter      *writer,
                                            const WnRecord      *record,
                                            GError             **error);

/* A record made ready to store (its lists joined, its fields encoded), so
 * that an importer does that work, and frees the record, on its parsing
 * thread while the storing thread only writes. Takes the record. */
typedef struct _WnPreparedRecord WnPreparedRecord;

WnPreparedRecord *wn_prepared_record_new   (WnRecord            *record);
void        wn_prepared_record_free        (WnPreparedRecord    *prepared);
gint64      wn_search_writer_add_prepared  (WnSearchWriter      *writer,
                                            const WnPreparedRecord *prepared,
                                            GError             **error);

/* The search string found in the file (an embase.com CSV's preamble): kept
 * when the search has none of the user's. */
void        wn_search_writer_set_detected_query (WnSearchWriter *writer,
                                                 const char     *query);
/* Sets the search's fields that are known only at the end (format,
 * encoding, vendor, SHA-256) before commit; NULL leaves a field as it is. */
void        wn_search_writer_set_detected  (WnSearchWriter      *writer,
                                            const char          *format,
                                            const char          *encoding,
                                            const char          *vendor,
                                            const char          *database,
                                            const char          *sha256);
gboolean    wn_search_writer_commit        (WnSearchWriter      *writer,
                                            GError             **error);
void        wn_search_writer_free          (WnSearchWriter      *writer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnSearchWriter, wn_search_writer_free)

/* Reading records. */
typedef struct
{
  gint64      id;            /* the project's stable record id */
  gint64      search_id;
  gint64      duplicate_of;  /* the kept record's id, or 0 */
  const char *database;      /* the record's own, else its search's */
} WnRecordMeta;

typedef gboolean (*WnRecordForeachFunc) (const WnRecordMeta *meta,
                                         const WnRecord     *record,
                                         gpointer            user_data);

typedef enum
{
  WN_RECORD_QUERY_DEFAULT            = 0,
  WN_RECORD_QUERY_INCLUDE_DUPLICATES = 1 << 0,
  WN_RECORD_QUERY_WITH_SOURCE        = 1 << 1, /* fill fields and source_text too */
} WnRecordQueryFlags;

/* Calls func for each record in id order; search_id 0 means every search.
 * Stops early when func returns FALSE. */
gboolean    wn_project_foreach_record      (WnProject           *self,
                                            gint64               search_id,
                                            WnRecordQueryFlags   flags,
                                            WnRecordForeachFunc  func,
                                            gpointer             user_data,
                                            GError             **error);
/* One record, with fields and source text. */
WnRecord   *wn_project_get_record          (WnProject           *self,
                                            gint64               record_id,
                                            WnRecordMeta        *meta_out,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Full-text search over title, abstract, authors and keywords (FTS5). The
 * text is what a person types: words, matched as prefixes, all required;
 * "quoted phrases" kept. Returns the matching record ids, ascending. */
GArray     *wn_project_search_text         (WnProject           *self,
                                            const char          *text,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* A GListModel of WnRecordItem (see wn-record-item.h), in id order, built in
 * the calling thread. Duplicates are left out unless asked for. */
GListModel *wn_project_list_record_items   (WnProject           *self,
                                            WnRecordQueryFlags   flags,
                                            GCancellable        *cancellable,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void        wn_project_list_record_items_async  (WnProject           *self,
                                                 WnRecordQueryFlags   flags,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GListModel *wn_project_list_record_items_finish (WnProject           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Reviewers. */
gboolean    wn_project_add_reviewer        (WnProject           *self,
                                            const char          *name,
                                            const char          *role,
                                            GError             **error);

/* The audit log: append-only, each row's hash chained to the previous row's.
 * Returns FALSE with *first_bad_row set when a row was changed or removed. */
gboolean    wn_project_verify_audit        (WnProject           *self,
                                            gint64              *first_bad_row,
                                            GError             **error);
gint64      wn_project_count_audit         (WnProject           *self,
                                            GError             **error);

G_END_DECLS
