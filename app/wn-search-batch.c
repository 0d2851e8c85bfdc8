/* wn-search-batch.c — one database search, exported in one file or several
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PubMed and EBSCOhost cap how many records one export holds, and Embase
 * exports in chunks of a few thousand, so one search often arrives as
 * several files. Each file is a row of searches (its records point to it,
 * and its own facts — name, SHA-256, format, encoding, record count — are
 * its own); the rows of one search share searches.batch, the id of the
 * first file, and one provenance. The hit count the database reported is
 * compared with the records of all the files together: comparing it with
 * each file would warn on every file of every search exported in parts.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "wn-project.h"
#include "wn-project-private.h"

void
wn_search_batch_free (WnSearchBatch *batch)
{
  if (batch == NULL)
    return;
  g_clear_pointer (&batch->files, g_ptr_array_unref);
  g_free (batch);
}

const WnSearch *
wn_search_batch_get_search (const WnSearchBatch *batch)
{
  g_return_val_if_fail (batch != NULL, NULL);
  g_return_val_if_fail (batch->files != NULL && batch->files->len > 0, NULL);

  return g_ptr_array_index (batch->files, 0);
}

/* The contract: records = Σ record_count over the search's files;
 * hits = the count the database reported for the search (the same on every
 * file). The difference is records − hits, 0 when no count was given. */
gint64
wn_search_batch_get_hits_difference (const WnSearchBatch *batch)
{
  const WnSearch *search = wn_search_batch_get_search (batch);

  if (search == NULL || search->reported_hits < 0)
    return 0;
  return batch->record_count - search->reported_hits;
}

GPtrArray *
wn_search_batches_from_searches (GPtrArray *searches)
{
  g_autoptr(GPtrArray) owned = searches;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  GPtrArray *batches = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_search_batch_free);

  g_return_val_if_fail (searches != NULL, batches);

  g_ptr_array_set_free_func (owned, NULL);
  for (guint i = 0; i < owned->len; i++)
    {
      WnSearch *search = g_ptr_array_index (owned, i);
      gint64 key = search->batch_id > 0 ? search->batch_id : search->id;
      WnSearchBatch *batch = g_hash_table_lookup (by_id, &key);

      if (batch == NULL)
        {
          batch = g_new0 (WnSearchBatch, 1);
          batch->id = key;
          batch->files = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_search_free);
          g_ptr_array_add (batches, batch);
          g_hash_table_insert (by_id, &batch->id, batch);
        }
      g_ptr_array_add (batch->files, search);
      batch->record_count += search->record_count;
    }
  g_ptr_array_set_size (owned, 0);

  return batches;
}

GPtrArray *
wn_project_list_search_batches (WnProject  *self,
                                GError    **error)
{
  GPtrArray *searches;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  searches = wn_project_list_searches (self, error);
  if (searches == NULL)
    return NULL;
  return wn_search_batches_from_searches (searches);
}

gint64
_wn_search_batch_resolve_locked (WnProject  *self,
                                 gint64      batch_id,
                                 GError    **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  sqlite3 *db = _wn_project_get_db (self);
  gint64 head = 0;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT coalesce (batch, id) FROM searches WHERE id = ?", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, batch_id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    head = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND,
                 _("%s: there is no search %lld"), wn_project_get_path (self), (long long) batch_id);
  else
    _wn_project_set_sqlite_error (error, db, rc, wn_project_get_path (self), _("could not look up earlier searches"));
  return head;
}

gboolean
_wn_search_batch_share_locked (WnProject  *self,
                               gint64      search_id,
                               GError    **error)
{
  sqlite3 *db = _wn_project_get_db (self);
  int rc = SQLITE_OK;
  /* First the search's first file takes what only the new file has, then
   * every file takes the first file's provenance. */
  static const char *const steps[] = {
    "UPDATE searches AS h SET"
    "  database = coalesce (h.database, n.database),"
    "  platform = coalesce (h.platform, n.platform),"
    "  date_searched = coalesce (h.date_searched, n.date_searched),"
    "  query = coalesce (h.query, n.query),"
    "  reported_hits = coalesce (h.reported_hits, n.reported_hits)"
    " FROM searches AS n WHERE n.id = ?1 AND h.id = n.batch AND h.id != n.id",
    "UPDATE searches AS f SET"
    "  database = h.database, platform = h.platform, date_searched = h.date_searched,"
    "  query = h.query, reported_hits = h.reported_hits, method = h.method"
    " FROM searches AS h WHERE h.id = (SELECT batch FROM searches WHERE id = ?1)"
    "  AND f.batch = h.id AND f.id != h.id",
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps) && rc == SQLITE_OK; i++)
    {
      g_autoptr(WnStmt) stmt = NULL;

      rc = sqlite3_prepare_v2 (db, steps[i], -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_int64 (stmt, 1, search_id);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        }
    }
  if (rc != SQLITE_OK)
    {
      _wn_project_set_sqlite_error (error, db, rc, wn_project_get_path (self), _("could not finish the import"));
      return FALSE;
    }
  return TRUE;
}
