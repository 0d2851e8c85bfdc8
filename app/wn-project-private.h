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

/* The fields column: 'TAG<TAB>value' lines, values escaped. */
char     *_wn_fields_encode                 (GPtrArray   *fields);
void      _wn_fields_decode                 (const char  *text,
                                             WnRecord    *record);

G_END_DECLS
