/* wn-project-private.h — what app/'s own files share about the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "wn-json.h"
#include "wn-project.h"

G_BEGIN_DECLS

/* Cleanups for SQLite's own types, so every statement is finalized on
 * every path. */
typedef sqlite3_stmt WnStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnStmt, sqlite3_finalize)

sqlite3  *_wn_project_get_db                (WnProject   *self);
void      _wn_project_lock                  (WnProject   *self);
void      _wn_project_unlock                (WnProject   *self);
int       _wn_project_latest_schema_version (void);
void      _wn_project_set_sqlite_error      (GError     **error,
                                             sqlite3     *db,
                                             int          rc,
                                             const char  *path,
                                             const char  *what);
/* Appends one row to the audit log; the caller holds the lock and is inside
 * a transaction. detail is a JSON object. */
gboolean  _wn_project_audit                 (WnProject   *self,
                                             const char  *action,
                                             const char  *detail,
                                             GError     **error);
gint64    _wn_project_query_int             (WnProject   *self,
                                             const char  *sql,
                                             GError     **error);
char     *_wn_now_iso8601                   (void);

/* The fields column: 'TAG<TAB>value' lines, values escaped, or a
 * reference to a column of the record (see wn-project-records.c). */
char     *_wn_fields_encode                 (const WnRecord *record);
void      _wn_fields_decode                 (const char  *text,
                                             const char  *authors,
                                             const char  *keywords,
                                             WnRecord    *record);
/* The verbatim text with its abstract and title cut out (NULL: store it as
 * it is), and back. */
char     *_wn_source_encode                 (const WnRecord *record);
char     *_wn_source_decode                 (const char  *stored,
                                             const char  *title,
                                             const char  *abstract);
/* The value a reference stands for (NULL when it is none). */
char     *_wn_fields_resolve_reference      (const char  *reference,
                                             gsize        length,
                                             const char  *title,
                                             const char  *abstract,
                                             const char  *journal,
                                             const char  *authors,
                                             const char  *keywords);

/* SQL: the rows of searches that are files of the same search as the
 * search id bound to param (see WnSearchBatch). */
#define WN_SQL_SAME_BATCH(param) \
  "coalesce (batch, id) = (SELECT coalesce (b.batch, b.id) FROM searches b WHERE b.id = " param ")"

/* wn-search-batch.c; the caller holds the lock inside a transaction. The
 * search a new file joins: the first file of the search that file
 * batch_id belongs to, or 0 with error set when there is none. */
gint64    _wn_search_batch_resolve_locked   (WnProject   *self,
                                             gint64       batch_id,
                                             GError     **error);
/* After a file joined a search: the provenance the search has wins, what
 * it lacks comes from the new file (its detected database, platform,
 * query), and every file of the search ends up with the same. */
gboolean  _wn_search_batch_share_locked     (WnProject   *self,
                                             gint64       search_id,
                                             GError     **error);

/* Links decisions that name records of this search (by uid) but were
 * stored before the records were; the caller holds the lock inside a
 * transaction. search_id 0 looks at every search. */
gboolean  _wn_screening_link_pending        (WnProject   *self,
                                             gint64       search_id,
                                             GError     **error);

/* Rebuilds the audit log's hash chain from its first row (a package that
 * left out other people's rows); the caller is inside a transaction on a
 * connection whose audit triggers were dropped. */
gboolean  _wn_audit_rechain                 (sqlite3     *db,
                                             GError     **error);
/* Meta values; the setter needs a transaction. */
char     *_wn_project_get_meta              (WnProject   *self,
                                             const char  *key);
gboolean  _wn_project_set_meta              (WnProject   *self,
                                             const char  *key,
                                             const char  *value,
                                             GError     **error);
/* The store's error for an SQLite result code, naming the file. */
void      _wn_project_sql_error             (WnProject   *self,
                                             GError     **error,
                                             int          rc,
                                             const char  *what);
/* Takes the lock and starts a write transaction (BEGIN IMMEDIATE); on
 * failure releases the lock. */
gboolean  _wn_project_begin_write           (WnProject   *self,
                                             const char  *what,
                                             GError     **error);
/* Commits (or, when ok is FALSE or the commit fails, rolls back) and
 * releases the lock; returns whether the change was saved. */
gboolean  _wn_project_end_write             (WnProject   *self,
                                             gboolean     ok,
                                             const char  *what,
                                             GError     **error);
/* A text column as a new string, NULL for NULL. */
char     *_wn_column_dup                    (sqlite3_stmt *stmt,
                                             int           column);
gboolean  _wn_project_exec                  (WnProject   *self,
                                             const char  *sql,
                                             const char  *what,
                                             GError     **error);

G_END_DECLS
