/* wn-studies.c — included studies and their stable ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The studies table holds one row per record ever included at full text,
 * numbered in order of inclusion; rows are never changed or deleted (the
 * schema's triggers). Whether a study is still included is read from the
 * screening outcome each time.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "wn-project-private.h"
#include "wn-screening.h"
#include "wn-studies.h"

void
wn_study_free (WnStudy *study)
{
  if (study == NULL)
    return;
  g_free (study->study_id);
  g_free (study->included_at);
  g_free (study);
}

char *
wn_study_id_format (guint n)
{
  return g_strdup_printf ("S%03u", n);
}

guint
wn_study_id_parse (const char *text)
{
  char *end = NULL;
  guint64 n;

  if (text == NULL || (text[0] != 'S' && text[0] != 's') || !g_ascii_isdigit (text[1]))
    return 0;
  n = g_ascii_strtoull (text + 1, &end, 10);
  if (*end != '\0' || n == 0 || n > G_MAXUINT)
    return 0;
  return (guint) n;
}

/* Records included at full text now. */
static GHashTable *
included_now (WnProject  *self,
              GError    **error)
{
  g_autoptr(GArray) queue = NULL;
  GHashTable *set;

  queue = wn_project_screening_queue (self, WN_STAGE_FT, NULL, WN_QUEUE_ORDER_ID, 0, 0, error);
  if (queue == NULL)
    return NULL;
  set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < queue->len; i++)
    {
      const WnScreeningState *state = &g_array_index (queue, WnScreeningState, i);

      if (state->outcome == WN_OUTCOME_INCLUDED)
        g_hash_table_add (set, g_memdup2 (&state->record_id, sizeof (gint64)));
    }
  return set;
}

typedef struct
{
  gint64  record_id;
  char   *at;
} Newcomer;

static int
compare_newcomers (gconstpointer a,
                   gconstpointer b)
{
  const Newcomer *x = a;
  const Newcomer *y = b;
  int c = g_strcmp0 (x->at, y->at);

  if (c != 0)
    return c;
  return (x->record_id > y->record_id) - (x->record_id < y->record_id);
}

int
wn_project_sync_studies (WnProject  *self,
                         GError    **error)
{
  const char *what = _("could not number the included studies");
  g_autoptr(GHashTable) included = NULL;
  g_autoptr(GArray) newcomers = g_array_new (FALSE, TRUE, sizeof (Newcomer));
  g_autoptr(WnStmt) known = NULL;
  g_autoptr(WnStmt) when = NULL;
  g_autoptr(WnStmt) insert = NULL;
  g_autoptr(WnStmt) last = NULL;
  g_autofree char *now = _wn_now_iso8601 ();
  GHashTableIter iter;
  gpointer key;
  sqlite3 *db;
  gint64 next = 1;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), -1);

  if (!_wn_project_begin_write (self, what, error))
    return -1;
  db = _wn_project_get_db (self);
  included = included_now (self, error);
  if (included == NULL)
    {
      _wn_project_end_write (self, FALSE, what, NULL);
      return -1;
    }

  rc = sqlite3_prepare_v2 (db, "SELECT 1 FROM studies WHERE record_id = ?", -1, &known, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "SELECT max (made_at) FROM decisions_in_force WHERE stage = 'ft' AND record_id = ?",
                             -1, &when, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "SELECT coalesce (max (n), 0) + 1 FROM studies", -1, &last, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO studies (n, record_id, included_at, assigned_at) VALUES (?, ?, ?, ?)",
                             -1, &insert, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (last)) == SQLITE_ROW)
    {
      next = sqlite3_column_int64 (last, 0);
      rc = SQLITE_OK;
    }

  g_hash_table_iter_init (&iter, included);
  while (rc == SQLITE_OK && g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 record_id = *(gint64 *) key;
      Newcomer newcomer = { record_id, NULL };

      sqlite3_reset (known);
      sqlite3_bind_int64 (known, 1, record_id);
      rc = sqlite3_step (known);
      if (rc == SQLITE_ROW)
        {
          rc = SQLITE_OK;
          continue;
        }
      if (rc != SQLITE_DONE)
        break;
      sqlite3_reset (when);
      sqlite3_bind_int64 (when, 1, record_id);
      rc = sqlite3_step (when);
      if (rc != SQLITE_ROW)
        break;
      newcomer.at = sqlite3_column_type (when, 0) == SQLITE_NULL ? g_strdup (now) : _wn_column_dup (when, 0);
      g_array_append_val (newcomers, newcomer);
      rc = SQLITE_OK;
    }

  g_array_sort (newcomers, compare_newcomers);
  for (guint i = 0; rc == SQLITE_OK && i < newcomers->len; i++)
    {
      Newcomer *newcomer = &g_array_index (newcomers, Newcomer, i);

      sqlite3_reset (insert);
      sqlite3_bind_int64 (insert, 1, next + i);
      sqlite3_bind_int64 (insert, 2, newcomer->record_id);
      sqlite3_bind_text (insert, 3, newcomer->at, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, now, -1, SQLITE_STATIC);
      rc = sqlite3_step (insert);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  if (rc != SQLITE_OK)
    {
      _wn_project_sql_error (self, error, rc, what);
      ok = FALSE;
    }
  if (ok && newcomers->len > 0)
    {
      g_autofree char *detail = g_strdup_printf ("{\"first\":%" G_GINT64_FORMAT ",\"count\":%u}", next,
                                                 newcomers->len);

      ok = _wn_project_audit (self, "studies.number", detail, error);
    }
  for (guint i = 0; i < newcomers->len; i++)
    g_free (g_array_index (newcomers, Newcomer, i).at);
  g_clear_pointer (&known, sqlite3_finalize);
  g_clear_pointer (&when, sqlite3_finalize);
  g_clear_pointer (&insert, sqlite3_finalize);
  g_clear_pointer (&last, sqlite3_finalize);
  if (!_wn_project_end_write (self, ok, what, ok ? error : NULL))
    return -1;
  return (int) newcomers->len;
}

static GPtrArray *
list_studies (WnProject  *self,
              gint64      record_id,
              gboolean    with_withdrawn,
              GError    **error)
{
  const char *what = _("could not read the included studies");
  g_autoptr(GHashTable) included = NULL;
  g_autoptr(GPtrArray) studies = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_study_free);
  g_autoptr(WnStmt) stmt = NULL;
  int rc;

  if (wn_project_sync_studies (self, error) < 0)
    return NULL;
  _wn_project_lock (self);
  included = included_now (self, error);
  if (included == NULL)
    {
      _wn_project_unlock (self);
      return NULL;
    }
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT n, record_id, included_at FROM studies WHERE ?1 = 0 OR record_id = ?1 ORDER BY n",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          WnStudy *study = g_new0 (WnStudy, 1);

          study->n = (guint) sqlite3_column_int64 (stmt, 0);
          study->study_id = wn_study_id_format (study->n);
          study->record_id = sqlite3_column_int64 (stmt, 1);
          study->included_at = _wn_column_dup (stmt, 2);
          study->included = g_hash_table_contains (included, &study->record_id);
          if (study->included || with_withdrawn)
            g_ptr_array_add (studies, study);
          else
            wn_study_free (study);
        }
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, what);
      _wn_project_unlock (self);
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _wn_project_unlock (self);
  return g_steal_pointer (&studies);
}

GPtrArray *
wn_project_list_studies (WnProject  *self,
                         gboolean    with_withdrawn,
                         GError    **error)
{
  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  return list_studies (self, 0, with_withdrawn, error);
}

WnStudy *
wn_project_get_study (WnProject  *self,
                      gint64      record_id,
                      GError    **error)
{
  g_autoptr(GPtrArray) studies = NULL;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);
  g_return_val_if_fail (record_id > 0, NULL);

  studies = list_studies (self, record_id, TRUE, error);
  if (studies == NULL || studies->len == 0)
    return NULL;
  return g_ptr_array_steal_index (studies, 0);
}

GHashTable *
wn_project_study_ids (WnProject  *self,
                      GError    **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(WnStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "SELECT n, record_id FROM studies", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 record_id = sqlite3_column_int64 (stmt, 1);

        g_hash_table_insert (ids, g_memdup2 (&record_id, sizeof record_id),
                             wn_study_id_format ((guint) sqlite3_column_int64 (stmt, 0)));
      }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the included studies"));
      _wn_project_unlock (self);
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _wn_project_unlock (self);
  return g_steal_pointer (&ids);
}
