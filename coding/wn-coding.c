/* wn-coding.c — the codebook, coded segments, memos, coder agreement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The codebook lives in the codes table (a tree by parent_id, siblings by
 * position); a removed code keeps its row. Codings, pasted texts, memos and
 * the double-coding assignments have their own tables (schema version 6).
 * Every change runs in one write transaction and is audited.
 *
 * The double-coding draw uses its own generator, splitmix64 (Steele, Lea &
 * Flood 2014), seeded with the given seed, so the same seed draws the same
 * sample on any machine and with any GLib: a partial Fisher–Yates shuffle
 * over the included studies in study-number order, each index drawn without
 * modulo bias (rejection).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "wn-agreement.h"
#include "wn-code-path.h"
#include "wn-coding.h"
#include "wn-fulltext.h"
#include "wn-json.h"
#include "wn-project-private.h"
#include "wn-studies.h"

G_DEFINE_QUARK (wn-coding-error-quark, wn_coding_error)

#define QDC_NAMESPACE "urn:QDA-XML:codebook:1.0"

void
wn_code_free (WnCode *code)
{
  if (code == NULL)
    return;
  g_free (code->guid);
  g_free (code->name);
  g_free (code->path);
  g_free (code->description);
  g_free (code->colour);
  g_free (code);
}

void
wn_coding_free (WnCoding *coding)
{
  if (coding == NULL)
    return;
  g_free (coding->code_path);
  g_free (coding->coder);
  g_free (coding->quote);
  g_free (coding->memo);
  g_free (coding->at);
  g_free (coding);
}

void
wn_memo_free (WnMemo *memo)
{
  if (memo == NULL)
    return;
  g_free (memo->coder);
  g_free (memo->text);
  g_free (memo->at);
  g_free (memo);
}

void
wn_code_agreement_free (WnCodeAgreement *agreement)
{
  if (agreement == NULL)
    return;
  g_free (agreement->code);
  g_free (agreement);
}

/* ---- The default codebook ------------------------------------------------------ */

typedef struct
{
  const char *path;
  const char *colour;
  const char *description;
} DefaultCode;

static const DefaultCode default_codes[] = {
  { "Workforce outcomes", "#c0392b",
    N_("How working in the role affects the workforce: wellbeing, attitudes and staying in the job.") },
  { "Workforce outcomes/Burnout", "#e74c3c",
    N_("Emotional exhaustion, depersonalisation or cynicism, reduced sense of accomplishment attributed to the work.") },
  { "Workforce outcomes/Compassion fatigue", "#d35400",
    N_("Reduced capacity for empathy or compassion arising from helping people who are suffering.") },
  { "Workforce outcomes/Vicarious or secondary trauma", "#e67e22",
    N_("Trauma symptoms or changed beliefs arising from exposure to others' traumatic experiences.") },
  { "Workforce outcomes/Job satisfaction", "#27ae60",
    N_("Satisfaction, meaning, fulfilment or compassion satisfaction found in the work.") },
  { "Workforce outcomes/Role clarity and ambiguity", "#16a085",
    N_("How clearly the role, its boundaries with other roles and its expectations are defined and understood.") },
  { "Workforce outcomes/Turnover", "#8e44ad",
    N_("Leaving the role or the organisation, and the intention to leave.") },
  { "Workforce outcomes/Absenteeism and presenteeism", "#9b59b6",
    N_("Sickness absence, and working while unwell or unable to function fully.") },
  { "Workforce outcomes/Stress and mental health", "#c2185b",
    N_("Work-related stress, anxiety, depression or other mental health effects.") },
  { "Contributors", "#2c3e50",
    N_("Conditions of the work and of the person that shape the workforce outcomes, for better or worse.") },
  { "Contributors/Supervision", "#2980b9",
    N_("Access to, quality and kind of supervision (clinical, reflective, peer, line management).") },
  { "Contributors/Workload", "#3498db",
    N_("Caseload, hours, pace and demands of the work.") },
  { "Contributors/Organisational support", "#1abc9c",
    N_("Support, recognition, resources and culture of the employing organisation.") },
  { "Contributors/Training", "#00897b",
    N_("Initial and continuing training and professional development.") },
  { "Contributors/Boundaries", "#f39c12",
    N_("Keeping or blurring boundaries between the work and personal life, and with the people supported.") },
  { "Contributors/Personal recovery", "#f1c40f",
    N_("The worker's own lived experience and recovery, its disclosure, and its being affected by the work.") },
  { "Contributors/Team and colleagues", "#7f8c8d",
    N_("Relationships with colleagues and the wider team, including acceptance by other professionals.") },
  { "Contributors/Pay and conditions", "#95a5a6",
    N_("Pay, contracts, job security and career progression.") },
  { "Contributors/Self-care and coping", "#6d4c41",
    N_("Strategies workers use to look after themselves and cope with the demands of the work.") },
};

GPtrArray *
wn_codebook_default (void)
{
  GPtrArray *codes = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_code_free);

  for (guint i = 0; i < G_N_ELEMENTS (default_codes); i++)
    {
      WnCode *code = g_new0 (WnCode, 1);
      const char *slash = strrchr (default_codes[i].path, '/');

      code->path = g_strdup (default_codes[i].path);
      code->name = g_strdup (slash != NULL ? slash + 1 : default_codes[i].path);
      code->description = g_strdup (_(default_codes[i].description));
      code->colour = g_strdup (default_codes[i].colour);
      code->depth = slash != NULL ? 1 : 0;
      g_ptr_array_add (codes, code);
    }
  return codes;
}

/* ---- Helpers ---------------------------------------------------------------------- */

/* "#rrggbb" in lower case, or NULL when text is not a colour. */
static char *
normalise_colour (const char *text)
{
  if (text == NULL || strlen (text) != 7 || text[0] != '#')
    return NULL;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (text[i]))
      return NULL;
  return g_ascii_strdown (text, -1);
}

/* A code's name: one path segment, normalised. */
static char *
normalise_name (const char  *text,
                GError     **error)
{
  g_auto(GStrv) segments = NULL;
  g_autoptr(GError) local = NULL;

  segments = wn_code_path_parse (text, &local);
  if (segments == NULL || g_strv_length (segments) != 1)
    {
      g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID,
                   _("“%s” cannot be a code's name: %s"), text != NULL ? text : "",
                   local != NULL ? local->message : _("a name may not contain “/”"));
      return NULL;
    }
  return g_strdup (segments[0]);
}

static void
append_double (GString    *out,
               const char *key,
               double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  wn_json_append_key (out, key);
  if (isfinite (value))
    g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.15g", value));
  else
    g_string_append (out, "null");
}

/* One row of the codes table. */
typedef struct
{
  gint64  id;
  gint64  parent_id;
  char   *guid;
  char   *name;
  char   *description;
  char   *colour;
  gint64  position;
  gboolean removed;
} CodeRow;

static void
code_row_free (CodeRow *row)
{
  g_free (row->guid);
  g_free (row->name);
  g_free (row->description);
  g_free (row->colour);
  g_free (row);
}

/* Every row of the codes table (removed ones too), by position then id.
 * The caller holds the lock. */
static GPtrArray *
load_rows_locked (WnProject  *self,
                  GError    **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) code_row_free);
  sqlite3 *db = _wn_project_get_db (self);
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT id, coalesce (parent_id, 0), guid, name, description, colour, position, removed"
                           " FROM codes ORDER BY position, id",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CodeRow *row = g_new0 (CodeRow, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->parent_id = sqlite3_column_int64 (stmt, 1);
      row->guid = _wn_column_dup (stmt, 2);
      row->name = _wn_column_dup (stmt, 3);
      row->description = _wn_column_dup (stmt, 4);
      row->colour = _wn_column_dup (stmt, 5);
      row->position = sqlite3_column_int64 (stmt, 6);
      row->removed = sqlite3_column_int (stmt, 7) != 0;
      g_ptr_array_add (rows, row);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the codebook"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static CodeRow *
row_by_id (GPtrArray *rows,
           gint64     id)
{
  for (guint i = 0; i < rows->len; i++)
    {
      CodeRow *row = g_ptr_array_index (rows, i);

      if (row->id == id)
        return row;
    }
  return NULL;
}

/* The path of any row (removed ones too), by its parents. */
static char *
row_path (GPtrArray *rows,
          CodeRow   *row)
{
  GPtrArray *names = g_ptr_array_new ();
  GString *path = g_string_new (NULL);

  for (guint guard = 0; row != NULL && guard <= rows->len; guard++)
    {
      g_ptr_array_insert (names, 0, row->name);
      row = row->parent_id != 0 ? row_by_id (rows, row->parent_id) : NULL;
    }
  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append_c (path, '/');
      g_string_append (path, g_ptr_array_index (names, i));
    }
  g_ptr_array_unref (names);
  return g_string_free (path, FALSE);
}

static void
add_subtree (GPtrArray *rows,
             gint64     parent_id,
             const char *parent_path,
             guint      depth,
             GPtrArray *out)
{
  for (guint i = 0; i < rows->len; i++)
    {
      CodeRow *row = g_ptr_array_index (rows, i);
      WnCode *code;

      if (row->removed || row->parent_id != parent_id)
        continue;
      code = g_new0 (WnCode, 1);
      code->id = row->id;
      code->parent_id = row->parent_id;
      code->guid = g_strdup (row->guid);
      code->name = g_strdup (row->name);
      code->path = parent_path != NULL ? g_strconcat (parent_path, "/", row->name, NULL) : g_strdup (row->name);
      code->description = g_strdup (row->description);
      code->colour = g_strdup (row->colour);
      code->depth = depth;
      g_ptr_array_add (out, code);
      if (depth < WN_CODE_PATH_MAX_DEPTH)
        add_subtree (rows, row->id, code->path, depth + 1, out);
    }
}

/* The codes in force, depth first. The caller holds the lock. */
static GPtrArray *
list_codes_locked (WnProject  *self,
                   GError    **error)
{
  g_autoptr(GPtrArray) rows = load_rows_locked (self, error);
  GPtrArray *codes;

  if (rows == NULL)
    return NULL;
  codes = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_code_free);
  add_subtree (rows, 0, NULL, 0, codes);
  return codes;
}

static WnCode *
code_by_path (GPtrArray  *codes,
              const char *path)
{
  for (guint i = 0; i < codes->len; i++)
    {
      WnCode *code = g_ptr_array_index (codes, i);

      if (g_strcmp0 (code->path, path) == 0)
        return code;
    }
  return NULL;
}

static WnCode *
code_by_id (GPtrArray *codes,
            gint64     id)
{
  for (guint i = 0; i < codes->len; i++)
    {
      WnCode *code = g_ptr_array_index (codes, i);

      if (code->id == id)
        return code;
    }
  return NULL;
}

static WnCode *
code_dup (const WnCode *code)
{
  WnCode *copy = g_new0 (WnCode, 1);

  *copy = *code;
  copy->guid = g_strdup (code->guid);
  copy->name = g_strdup (code->name);
  copy->path = g_strdup (code->path);
  copy->description = g_strdup (code->description);
  copy->colour = g_strdup (code->colour);
  return copy;
}

static void
no_code_error (GError     **error,
               const char  *path)
{
  g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_NO_CODE, _("the codebook has no code “%s”"), path);
}

static void
no_code_id_error (GError **error,
                  gint64   id)
{
  g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_NO_CODE,
               _("the codebook has no code with id %" PRId64), id);
}

/* Whether a sibling in force (other than except_id) under parent_id has
 * that name. */
static gboolean
sibling_named (GPtrArray  *codes,
               gint64      parent_id,
               const char *name,
               gint64      except_id)
{
  for (guint i = 0; i < codes->len; i++)
    {
      WnCode *code = g_ptr_array_index (codes, i);

      if (code->parent_id == parent_id && code->id != except_id && g_strcmp0 (code->name, name) == 0)
        return TRUE;
    }
  return FALSE;
}

static gint64
next_position_locked (WnProject  *self,
                      gint64      parent_id,
                      int        *rc)
{
  g_autoptr(WnStmt) stmt = NULL;
  gint64 position = 0;

  *rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                            "SELECT coalesce (max (position), -1) + 1 FROM codes WHERE coalesce (parent_id, 0) = ?",
                            -1, &stmt, NULL);
  if (*rc != SQLITE_OK)
    return 0;
  sqlite3_bind_int64 (stmt, 1, parent_id);
  *rc = sqlite3_step (stmt);
  if (*rc == SQLITE_ROW)
    {
      position = sqlite3_column_int64 (stmt, 0);
      *rc = SQLITE_OK;
    }
  return position;
}

/* Inserts a code; returns its id, 0 with error set. Inside a transaction. */
static gint64
insert_code_locked (WnProject   *self,
                    gint64       parent_id,
                    const char  *guid,
                    const char  *name,
                    const char  *description,
                    const char  *colour,
                    const char  *what,
                    GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autofree char *now = _wn_now_iso8601 ();
  g_autofree char *own_guid = guid == NULL ? g_uuid_string_random () : NULL;
  gint64 position;
  int rc;

  position = next_position_locked (self, parent_id, &rc);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                             "INSERT INTO codes (guid, parent_id, name, description, colour, position, created_at)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?)",
                             -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, guid != NULL ? guid : own_guid, -1, SQLITE_TRANSIENT);
      if (parent_id != 0)
        sqlite3_bind_int64 (stmt, 2, parent_id);
      sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
      if (description != NULL && *description != '\0')
        sqlite3_bind_text (stmt, 4, description, -1, SQLITE_TRANSIENT);
      if (colour != NULL)
        sqlite3_bind_text (stmt, 5, colour, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 6, position);
      sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, what);
      return 0;
    }
  return sqlite3_last_insert_rowid (_wn_project_get_db (self));
}

static gboolean
audit_code (WnProject   *self,
            const char  *action,
            gint64       id,
            const char  *path,
            const char  *extra_key,
            const char  *extra_value,
            GError     **error)
{
  g_autoptr(GString) detail = g_string_new ("{");

  wn_json_append_key (detail, "id");
  wn_json_append_int (detail, id);
  wn_json_append_key (detail, "path");
  wn_json_append_string (detail, path);
  if (extra_key != NULL)
    {
      wn_json_append_key (detail, extra_key);
      wn_json_append_string (detail, extra_value);
    }
  g_string_append_c (detail, '}');
  return _wn_project_audit (self, action, detail->str, error);
}

/* Seeds the default codebook when the project has never had a code. Not
 * inside a transaction. */
static gboolean
ensure_codebook (WnProject  *self,
                 GError    **error)
{
  const char *what = _("could not seed the default codebook");
  g_autoptr(GPtrArray) defaults = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GError) local = NULL;
  gint64 count;
  gboolean ok = TRUE;

  count = _wn_project_query_int (self, "SELECT count (*) FROM codes", error);
  if (count != 0)
    return count > 0;
  if (!_wn_project_begin_write (self, what, &local))
    {
      /* A copy that cannot be written shows an empty codebook. */
      if (g_error_matches (local, WN_STORE_ERROR, WN_STORE_ERROR_READ_ONLY))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  /* Another thread may have seeded it in between. */
  if (_wn_project_query_int (self, "SELECT count (*) FROM codes", NULL) != 0)
    return _wn_project_end_write (self, TRUE, what, error);

  defaults = wn_codebook_default ();
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; ok && i < defaults->len; i++)
    {
      WnCode *code = g_ptr_array_index (defaults, i);
      const char *slash = strrchr (code->path, '/');
      g_autofree char *parent = slash != NULL ? g_strndup (code->path, slash - code->path) : NULL;
      gint64 *parent_id = parent != NULL ? g_hash_table_lookup (ids, parent) : NULL;
      gint64 id;

      id = insert_code_locked (self, parent_id != NULL ? *parent_id : 0, NULL, code->name, code->description,
                               code->colour, what, error);
      ok = id != 0;
      if (ok)
        g_hash_table_insert (ids, g_strdup (code->path), g_memdup2 (&id, sizeof id));
    }
  if (ok)
    {
      g_autofree char *detail = g_strdup_printf ("{\"codes\":%u}", defaults->len);

      ok = _wn_project_audit (self, "codebook.seed", detail, error);
    }
  return _wn_project_end_write (self, ok, what, ok ? error : NULL);
}

/* ---- The codebook ------------------------------------------------------------------ */

GPtrArray *
wn_project_list_codes (WnProject  *self,
                       GError    **error)
{
  GPtrArray *codes;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  if (!ensure_codebook (self, error))
    return NULL;
  _wn_project_lock (self);
  codes = list_codes_locked (self, error);
  _wn_project_unlock (self);
  return codes;
}

WnCode *
wn_project_find_code (WnProject   *self,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *normal = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  WnCode *code;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  normal = wn_code_path_normalise (path, error);
  if (normal == NULL)
    return NULL;
  codes = wn_project_list_codes (self, error);
  if (codes == NULL)
    return NULL;
  code = code_by_path (codes, normal);
  if (code == NULL)
    {
      no_code_error (error, normal);
      return NULL;
    }
  return code_dup (code);
}

gint64
wn_project_add_code (WnProject   *self,
                     const char  *path,
                     const char  *description,
                     const char  *colour,
                     GError     **error)
{
  const char *what = _("could not add the code");
  g_auto(GStrv) segments = NULL;
  g_autofree char *normal_colour = NULL;
  g_autofree char *parent_path = NULL;
  g_autofree char *full_path = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  gint64 parent_id = 0;
  gint64 id = 0;
  guint n;

  g_return_val_if_fail (WN_IS_PROJECT (self), 0);

  segments = wn_code_path_parse (path, error);
  if (segments == NULL)
    return 0;
  if (colour != NULL && *colour != '\0')
    {
      normal_colour = normalise_colour (colour);
      if (normal_colour == NULL)
        {
          g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID,
                       _("“%s” is not a colour (#rrggbb)"), colour);
          return 0;
        }
    }
  if (!ensure_codebook (self, error))
    return 0;
  n = g_strv_length (segments);
  full_path = g_strjoinv ("/", segments);
  g_free (segments[n - 1]);
  segments[n - 1] = NULL;
  parent_path = n > 1 ? g_strjoinv ("/", segments) : NULL;
  segments[n - 1] = g_strdup (strrchr (full_path, '/') != NULL ? strrchr (full_path, '/') + 1 : full_path);

  if (!_wn_project_begin_write (self, what, error))
    return 0;
  codes = list_codes_locked (self, error);
  if (codes == NULL)
    goto out;
  if (parent_path != NULL)
    {
      WnCode *parent = code_by_path (codes, parent_path);

      if (parent == NULL)
        {
          no_code_error (error, parent_path);
          goto out;
        }
      parent_id = parent->id;
    }
  if (sibling_named (codes, parent_id, segments[n - 1], 0))
    {
      g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_EXISTS, _("the codebook already has a code “%s”"),
                   full_path);
      goto out;
    }
  id = insert_code_locked (self, parent_id, NULL, segments[n - 1], description, normal_colour, what, error);
  if (id != 0 && !audit_code (self, "code.add", id, full_path, NULL, NULL, error))
    id = 0;
out:
  if (!_wn_project_end_write (self, id != 0, what, id != 0 ? error : NULL))
    return 0;
  return id;
}

gboolean
wn_project_update_code (WnProject   *self,
                        gint64       code_id,
                        const char  *name,
                        const char  *description,
                        const char  *colour,
                        GError     **error)
{
  const char *what = _("could not change the code");
  g_autofree char *normal_name = NULL;
  g_autofree char *normal_colour = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GString) detail = g_string_new ("{");
  WnCode *code;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  if (name != NULL && (normal_name = normalise_name (name, error)) == NULL)
    return FALSE;
  if (colour != NULL && *colour != '\0' && (normal_colour = normalise_colour (colour)) == NULL)
    {
      g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID, _("“%s” is not a colour (#rrggbb)"), colour);
      return FALSE;
    }
  if (!ensure_codebook (self, error))
    return FALSE;
  if (!_wn_project_begin_write (self, what, error))
    return FALSE;
  codes = list_codes_locked (self, error);
  if (codes == NULL)
    goto out;
  code = code_by_id (codes, code_id);
  if (code == NULL)
    {
      no_code_id_error (error, code_id);
      goto out;
    }
  if (normal_name != NULL && sibling_named (codes, code->parent_id, normal_name, code->id))
    {
      WnCode *parent = code_by_id (codes, code->parent_id);

      g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_EXISTS, _("“%s” already has a sub-code “%s”"),
                   parent != NULL ? parent->path : _("The codebook"), normal_name);
      goto out;
    }
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "UPDATE codes SET name = coalesce (?1, name),"
                           " description = CASE WHEN ?2 IS NULL THEN description WHEN ?2 = '' THEN NULL ELSE ?2 END,"
                           " colour = CASE WHEN ?3 IS NULL THEN colour WHEN ?3 = '' THEN NULL ELSE ?3 END"
                           " WHERE id = ?4",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, normal_name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, description, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, normal_colour != NULL ? normal_colour : colour, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, code_id);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, what);
      goto out;
    }
  wn_json_append_key (detail, "id");
  wn_json_append_int (detail, code_id);
  wn_json_append_key (detail, "path");
  wn_json_append_string (detail, code->path);
  if (normal_name != NULL)
    {
      wn_json_append_key (detail, "name");
      wn_json_append_string (detail, normal_name);
    }
  if (description != NULL)
    {
      wn_json_append_key (detail, "description");
      wn_json_append_string (detail, description);
    }
  if (colour != NULL)
    {
      wn_json_append_key (detail, "colour");
      wn_json_append_string (detail, normal_colour);
    }
  g_string_append_c (detail, '}');
  ok = _wn_project_audit (self, "code.update", detail->str, error);
out:
  return _wn_project_end_write (self, ok, what, ok ? error : NULL) && ok;
}

static guint
subtree_height (GPtrArray *codes,
                gint64     id)
{
  guint height = 0;

  for (guint i = 0; i < codes->len; i++)
    {
      WnCode *code = g_ptr_array_index (codes, i);

      if (code->parent_id == id)
        height = MAX (height, 1 + subtree_height (codes, code->id));
    }
  return height;
}

gboolean
wn_project_move_code (WnProject   *self,
                      gint64       code_id,
                      gint64       parent_id,
                      GError     **error)
{
  const char *what = _("could not move the code");
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(WnStmt) stmt = NULL;
  WnCode *code;
  WnCode *parent = NULL;
  gboolean ok = FALSE;
  gint64 position;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  if (!ensure_codebook (self, error))
    return FALSE;
  if (!_wn_project_begin_write (self, what, error))
    return FALSE;
  codes = list_codes_locked (self, error);
  if (codes == NULL)
    goto out;
  code = code_by_id (codes, code_id);
  if (code == NULL)
    {
      no_code_id_error (error, code_id);
      goto out;
    }
  if (parent_id != 0)
    {
      parent = code_by_id (codes, parent_id);
      if (parent == NULL)
        {
          no_code_id_error (error, parent_id);
          goto out;
        }
      if (wn_code_path_is_within (parent->path, code->path))
        {
          g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID,
                       _("“%s” cannot be moved under itself (“%s”)"), code->path, parent->path);
          goto out;
        }
      if (parent->depth + 2 + subtree_height (codes, code->id) > WN_CODE_PATH_MAX_DEPTH)
        {
          g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID,
                       _("moving “%s” under “%s” would make the codebook deeper than %d levels"), code->path,
                       parent->path, WN_CODE_PATH_MAX_DEPTH);
          goto out;
        }
    }
  if (sibling_named (codes, parent_id, code->name, code->id))
    {
      g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_EXISTS, _("“%s” already has a sub-code “%s”"),
                   parent != NULL ? parent->path : _("The codebook"), code->name);
      goto out;
    }
  if (code->parent_id == parent_id)
    {
      ok = TRUE;
      goto out;
    }
  position = next_position_locked (self, parent_id, &rc);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "UPDATE codes SET parent_id = ?, position = ? WHERE id = ?",
                             -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      if (parent_id != 0)
        sqlite3_bind_int64 (stmt, 1, parent_id);
      sqlite3_bind_int64 (stmt, 2, position);
      sqlite3_bind_int64 (stmt, 3, code_id);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, what);
      goto out;
    }
  ok = audit_code (self, "code.move", code_id, code->path, "to", parent != NULL ? parent->path : "", error);
out:
  return _wn_project_end_write (self, ok, what, ok ? error : NULL) && ok;
}

gboolean
wn_project_remove_code (WnProject   *self,
                        gint64       code_id,
                        GError     **error)
{
  const char *what = _("could not remove the code");
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(WnStmt) stmt = NULL;
  WnCode *code;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  if (!ensure_codebook (self, error))
    return FALSE;
  if (!_wn_project_begin_write (self, what, error))
    return FALSE;
  codes = list_codes_locked (self, error);
  if (codes == NULL)
    goto out;
  code = code_by_id (codes, code_id);
  if (code == NULL)
    {
      no_code_id_error (error, code_id);
      goto out;
    }
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "UPDATE codes SET removed = 1 WHERE id = ?", -1, &stmt, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < codes->len; i++)
    {
      WnCode *other = g_ptr_array_index (codes, i);

      if (!wn_code_path_is_within (other->path, code->path))
        continue;
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, other->id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  if (rc != SQLITE_OK)
    {
      _wn_project_sql_error (self, error, rc, what);
      goto out;
    }
  ok = audit_code (self, "code.remove", code_id, code->path, NULL, NULL, error);
out:
  return _wn_project_end_write (self, ok, what, ok ? error : NULL) && ok;
}

/* ---- REFI-QDA ---------------------------------------------------------------------- */

static int
write_code_xml (xmlTextWriterPtr writer,
                GPtrArray       *codes,
                gint64           parent_id)
{
  int rc = 0;

  for (guint i = 0; rc >= 0 && i < codes->len; i++)
    {
      WnCode *code = g_ptr_array_index (codes, i);

      if (code->parent_id != parent_id)
        continue;
      rc = xmlTextWriterStartElement (writer, BAD_CAST "Code");
      if (rc >= 0)
        rc = xmlTextWriterWriteAttribute (writer, BAD_CAST "guid", BAD_CAST code->guid);
      if (rc >= 0)
        rc = xmlTextWriterWriteAttribute (writer, BAD_CAST "name", BAD_CAST code->name);
      if (rc >= 0)
        rc = xmlTextWriterWriteAttribute (writer, BAD_CAST "isCodable", BAD_CAST "true");
      if (rc >= 0 && code->colour != NULL)
        {
          g_autofree char *upper = g_ascii_strup (code->colour, -1);

          rc = xmlTextWriterWriteAttribute (writer, BAD_CAST "color", BAD_CAST upper);
        }
      if (rc >= 0 && code->description != NULL)
        rc = xmlTextWriterWriteElement (writer, BAD_CAST "Description", BAD_CAST code->description);
      if (rc >= 0)
        rc = write_code_xml (writer, codes, code->id);
      if (rc >= 0)
        rc = xmlTextWriterEndElement (writer);
    }
  return rc;
}

gboolean
wn_project_export_qdc (WnProject   *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GPtrArray) codes = NULL;
  xmlBufferPtr buffer;
  xmlTextWriterPtr writer;
  gboolean ok;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  codes = wn_project_list_codes (self, error);
  if (codes == NULL)
    return FALSE;
  buffer = xmlBufferCreate ();
  writer = xmlNewTextWriterMemory (buffer, 0);
  rc = xmlTextWriterSetIndent (writer, 1);
  if (rc >= 0)
    rc = xmlTextWriterSetIndentString (writer, BAD_CAST "  ");
  if (rc >= 0)
    rc = xmlTextWriterStartDocument (writer, "1.0", "UTF-8", NULL);
  if (rc >= 0)
    rc = xmlTextWriterStartElement (writer, BAD_CAST "CodeBook");
  if (rc >= 0)
    rc = xmlTextWriterWriteAttribute (writer, BAD_CAST "xmlns", BAD_CAST QDC_NAMESPACE);
  if (rc >= 0)
    rc = xmlTextWriterWriteAttribute (writer, BAD_CAST "origin", BAD_CAST "Winnow " PACKAGE_VERSION);
  if (rc >= 0)
    rc = xmlTextWriterStartElement (writer, BAD_CAST "Codes");
  if (rc >= 0)
    rc = write_code_xml (writer, codes, 0);
  if (rc >= 0)
    rc = xmlTextWriterEndElement (writer);
  if (rc >= 0)
    rc = xmlTextWriterEndDocument (writer);
  xmlFreeTextWriter (writer);
  if (rc < 0)
    {
      g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_QDC, _("%s: could not write the codebook"), path);
      xmlBufferFree (buffer);
      return FALSE;
    }
  /* g_file_set_contents writes a temporary file beside path and renames it. */
  ok = g_file_set_contents (path, (const char *) xmlBufferContent (buffer), xmlBufferLength (buffer), error);
  xmlBufferFree (buffer);
  return ok;
}

typedef struct
{
  WnProject  *self;
  const char *file;
  GPtrArray  *rows;     /* every code row, kept up to date */
  GHashTable *guids;    /* guids seen in the file */
  int         changed;
  const char *what;
} Import;

static gboolean
qdc_error (GError     **error,
           const char  *file,
           long         line,
           const char  *cause)
{
  g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_QDC, _("%s, line %ld: %s"), file, line, cause);
  return FALSE;
}

static gboolean
is_element (xmlNodePtr  node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && xmlStrcmp (node->name, BAD_CAST name) == 0;
}

static char *
node_attribute (xmlNodePtr  node,
                const char *name)
{
  xmlChar *value = xmlGetProp (node, BAD_CAST name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

static CodeRow *
row_by_guid (GPtrArray  *rows,
             const char *guid)
{
  for (guint i = 0; i < rows->len; i++)
    {
      CodeRow *row = g_ptr_array_index (rows, i);

      if (g_ascii_strcasecmp (row->guid, guid) == 0)
        return row;
    }
  return NULL;
}

static CodeRow *
row_child_named (GPtrArray  *rows,
                 gint64      parent_id,
                 const char *name)
{
  for (guint i = 0; i < rows->len; i++)
    {
      CodeRow *row = g_ptr_array_index (rows, i);

      if (!row->removed && row->parent_id == parent_id && g_strcmp0 (row->name, name) == 0)
        return row;
    }
  return NULL;
}

static gboolean import_codes (Import *import, xmlNodePtr parent_node, gint64 parent_id, guint depth, GError **error);

static gboolean
import_code (Import      *import,
             xmlNodePtr   node,
             gint64       parent_id,
             guint        depth,
             GError     **error)
{
  g_autofree char *guid = node_attribute (node, "guid");
  g_autofree char *raw_name = node_attribute (node, "name");
  g_autofree char *raw_colour = node_attribute (node, "color");
  g_autofree char *colour = NULL;
  g_autofree char *description = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) local = NULL;
  gboolean has_description = FALSE;
  CodeRow *row = NULL;
  CodeRow *clash;
  long line = xmlGetLineNo (node);
  int rc = SQLITE_OK;

  if (depth >= WN_CODE_PATH_MAX_DEPTH)
    return qdc_error (error, import->file, line, _("codes are nested too deeply"));
  if (raw_name == NULL)
    return qdc_error (error, import->file, line, _("a code has no name"));
  /* Our paths use "/" between levels; a name with one (MAXQDA allows
   * "Absenteeism/presenteeism") keeps it as a division slash. */
  {
    g_auto(GStrv) parts = g_strsplit (raw_name, "/", -1);
    g_autofree char *joined = g_strjoinv ("\u2215", parts);

    name = normalise_name (joined, &local);
  }
  if (name == NULL)
    return qdc_error (error, import->file, line, local->message);
  if (raw_colour != NULL)
    colour = normalise_colour (raw_colour); /* an odd colour is left out, not refused */
  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    if (is_element (child, "Description"))
      {
        xmlChar *text = xmlNodeGetContent (child);

        description = g_strdup (text != NULL ? (const char *) text : "");
        g_strstrip (description);
        xmlFree (text);
        has_description = TRUE;
        break;
      }
  if (guid != NULL && *guid != '\0')
    {
      g_autofree char *lower = g_ascii_strdown (guid, -1);

      if (g_hash_table_contains (import->guids, lower))
        return qdc_error (error, import->file, line, _("two codes have the same guid"));
      g_hash_table_add (import->guids, g_steal_pointer (&lower));
      row = row_by_guid (import->rows, guid);
    }
  if (row == NULL)
    {
      row = row_child_named (import->rows, parent_id, name);
      /* Adopt the file's guid when it is free, so a round trip keeps it. */
      if (row != NULL && guid != NULL && *guid != '\0' && row_by_guid (import->rows, guid) == NULL)
        {
          g_free (row->guid);
          row->guid = g_strdup (guid);
          row->removed = TRUE; /* forces the update below */
        }
    }
  clash = row_child_named (import->rows, parent_id, name);
  if (clash != NULL && row != NULL && clash != row)
    return qdc_error (error, import->file, line, _("two codes of the same parent have the same name"));

  if (row == NULL)
    {
      g_autofree char *new_guid = guid != NULL && *guid != '\0' ? g_strdup (guid) : g_uuid_string_random ();
      gint64 id = insert_code_locked (import->self, parent_id, new_guid, name, description, colour, import->what,
                                      error);
      CodeRow *added;

      if (id == 0)
        return FALSE;
      added = g_new0 (CodeRow, 1);
      added->id = id;
      added->parent_id = parent_id;
      added->name = g_strdup (name);
      added->description = g_strdup (description);
      added->colour = g_strdup (colour);
      added->guid = g_steal_pointer (&new_guid);
      g_ptr_array_add (import->rows, added);
      row = added;
      path = row_path (import->rows, row);
      import->changed++;
      if (!audit_code (import->self, "code.import", id, path, "change", "add", error))
        return FALSE;
    }
  else
    {
      gboolean same = !row->removed && row->parent_id == parent_id && g_strcmp0 (row->name, name) == 0
                      && (!has_description || g_strcmp0 (row->description, description[0] ? description : NULL) == 0)
                      && (colour == NULL || g_strcmp0 (row->colour, colour) == 0);

      if (!same)
        {
          g_autoptr(WnStmt) stmt = NULL;

          rc = sqlite3_prepare_v2 (_wn_project_get_db (import->self),
                                   "UPDATE codes SET guid = ?, parent_id = ?, name = ?, removed = 0,"
                                   " description = CASE WHEN ?5 THEN ?4 ELSE description END,"
                                   " colour = coalesce (?6, colour),"
                                   " position = CASE WHEN coalesce (parent_id, 0) = coalesce (?2, 0) THEN position"
                                   "  ELSE (SELECT coalesce (max (position), -1) + 1 FROM codes"
                                   "   WHERE coalesce (parent_id, 0) = coalesce (?2, 0)) END"
                                   " WHERE id = ?7",
                                   -1, &stmt, NULL);
          if (rc == SQLITE_OK)
            {
              sqlite3_bind_text (stmt, 1, row->guid, -1, SQLITE_TRANSIENT);
              if (parent_id != 0)
                sqlite3_bind_int64 (stmt, 2, parent_id);
              sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
              if (has_description && description[0] != '\0')
                sqlite3_bind_text (stmt, 4, description, -1, SQLITE_TRANSIENT);
              sqlite3_bind_int (stmt, 5, has_description);
              if (colour != NULL)
                sqlite3_bind_text (stmt, 6, colour, -1, SQLITE_TRANSIENT);
              sqlite3_bind_int64 (stmt, 7, row->id);
              rc = sqlite3_step (stmt);
            }
          if (rc != SQLITE_DONE)
            {
              _wn_project_sql_error (import->self, error, rc, import->what);
              return FALSE;
            }
          row->removed = FALSE;
          row->parent_id = parent_id;
          g_free (row->name);
          row->name = g_strdup (name);
          if (has_description)
            {
              g_free (row->description);
              row->description = description[0] != '\0' ? g_strdup (description) : NULL;
            }
          if (colour != NULL)
            {
              g_free (row->colour);
              row->colour = g_strdup (colour);
            }
          path = row_path (import->rows, row);
          import->changed++;
          if (!audit_code (import->self, "code.import", row->id, path, "change", "update", error))
            return FALSE;
        }
    }
  return import_codes (import, node, row->id, depth + 1, error);
}

static gboolean
import_codes (Import      *import,
              xmlNodePtr   parent_node,
              gint64       parent_id,
              guint        depth,
              GError     **error)
{
  for (xmlNodePtr child = parent_node->children; child != NULL; child = child->next)
    if (is_element (child, "Code") && !import_code (import, child, parent_id, depth, error))
      return FALSE;
  return TRUE;
}

typedef struct
{
  char *message;
  long  line;
} FirstError;

/* libxml2 reports errors through the parser context's serror handler
 * (data is the context); the first one says most. */
static void
keep_first_error (void        *data,
                  xmlErrorPtr  problem)
{
  xmlParserCtxtPtr ctxt = data;
  FirstError *first = ctxt != NULL ? ctxt->_private : NULL;

  if (first == NULL || first->message != NULL || problem == NULL || problem->level < XML_ERR_ERROR)
    return;
  first->message = g_strdup (problem->message != NULL ? problem->message : "");
  first->line = problem->line;
}

int
wn_project_import_qdc (WnProject   *self,
                       const char  *path,
                       GError     **error)
{
  const char *what = _("could not import the codebook");
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  xmlNodePtr root;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) guids = NULL;
  gboolean ok = FALSE;
  gboolean any = FALSE;
  Import import = { 0 };
  FirstError first = { 0 };

  g_return_val_if_fail (WN_IS_PROJECT (self), -1);
  g_return_val_if_fail (path != NULL, -1);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_QDC, _("%s: no such file"), path);
      return -1;
    }
  ctxt = xmlNewParserCtxt ();
  ctxt->_private = &first;
  ctxt->sax->serror = keep_first_error;
  doc = xmlCtxtReadFile (ctxt, path, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
  if (doc == NULL || first.message != NULL)
    {
      g_autofree char *cause = g_strdup (first.message != NULL ? first.message : _("not an XML file"));

      g_strchomp (cause);
      qdc_error (error, path, first.line, cause);
      g_free (first.message);
      xmlFreeDoc (doc);
      xmlFreeParserCtxt (ctxt);
      return -1;
    }
  xmlFreeParserCtxt (ctxt);
  root = xmlDocGetRootElement (doc);
  if (root == NULL || !is_element (root, "CodeBook"))
    {
      qdc_error (error, path, root != NULL ? xmlGetLineNo (root) : 1,
                 _("not a REFI-QDA codebook (the root element is not <CodeBook>)"));
      xmlFreeDoc (doc);
      return -1;
    }
  if (root->ns != NULL && root->ns->href != NULL && xmlStrcmp (root->ns->href, BAD_CAST QDC_NAMESPACE) != 0
      && strstr ((const char *) root->ns->href, "QDA-XML") == NULL)
    {
      qdc_error (error, path, xmlGetLineNo (root), _("not a REFI-QDA codebook (unknown namespace)"));
      xmlFreeDoc (doc);
      return -1;
    }

  if (!_wn_project_begin_write (self, what, error))
    {
      xmlFreeDoc (doc);
      return -1;
    }
  rows = load_rows_locked (self, error);
  if (rows != NULL)
    {
      guids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      import.self = self;
      import.file = path;
      import.rows = rows;
      import.guids = guids;
      import.what = what;
      ok = TRUE;
      for (xmlNodePtr child = root->children; ok && child != NULL; child = child->next)
        if (is_element (child, "Codes"))
          {
            any = TRUE;
            ok = import_codes (&import, child, 0, 0, error);
          }
      if (ok && !any)
        ok = qdc_error (error, path, xmlGetLineNo (root), _("the codebook has no <Codes>"));
    }
  if (ok)
    {
      g_autoptr(GString) detail = g_string_new ("{");

      wn_json_append_key (detail, "file");
      wn_json_append_string (detail, path);
      wn_json_append_key (detail, "changed");
      wn_json_append_int (detail, import.changed);
      g_string_append_c (detail, '}');
      ok = _wn_project_audit (self, "codebook.import", detail->str, error);
    }
  xmlFreeDoc (doc);
  if (!_wn_project_end_write (self, ok, what, ok ? error : NULL) || !ok)
    return -1;
  return import.changed;
}

/* ---- Documents ---------------------------------------------------------------------- */

char *
wn_project_coding_text (WnProject   *self,
                        gint64       record_id,
                        char       **sha256,
                        GError     **error)
{
  g_autoptr(WnFulltext) fulltext = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(WnStmt) stmt = NULL;
  char *text = NULL;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  if (sha256 != NULL)
    *sha256 = NULL;
  fulltext = wn_project_get_fulltext (self, record_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (fulltext != NULL)
    {
      g_autoptr(GPtrArray) pages = wn_project_fulltext_text (self, fulltext->sha256, error);
      GString *joined;

      if (pages == NULL)
        return NULL;
      joined = g_string_new (NULL);
      for (guint i = 0; i < pages->len; i++)
        {
          if (i > 0)
            g_string_append_c (joined, '\f');
          g_string_append (joined, g_ptr_array_index (pages, i));
        }
      if (sha256 != NULL)
        *sha256 = g_strdup (fulltext->sha256);
      return g_string_free (joined, FALSE);
    }

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT text, sha256 FROM pasted_texts WHERE record_id = ? ORDER BY id DESC LIMIT 1", -1,
                           &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      text = _wn_column_dup (stmt, 0);
      if (sha256 != NULL)
        *sha256 = _wn_column_dup (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    _wn_project_sql_error (self, error, rc, _("could not read the document's text"));
  _wn_project_unlock (self);
  return text;
}

gboolean
wn_project_paste_text (WnProject   *self,
                       gint64       record_id,
                       const char  *text,
                       GError     **error)
{
  const char *what = _("could not store the pasted text");
  g_autofree char *sha256 = NULL;
  g_autofree char *now = _wn_now_iso8601 ();
  g_autoptr(WnStmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_NO_TEXT,
                   _("the pasted text is empty or not UTF-8"));
      return FALSE;
    }
  sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  if (!_wn_project_begin_write (self, what, error))
    return FALSE;
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "INSERT INTO pasted_texts (record_id, sha256, text, at, actor) VALUES (?, ?, ?, ?, ?)", -1,
                           &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      sqlite3_bind_text (stmt, 2, sha256, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, wn_project_get_actor (self), -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    _wn_project_sql_error (self, error, rc, what);
  else
    {
      g_autofree char *detail = g_strdup_printf ("{\"record_id\":%" G_GINT64_FORMAT ",\"sha256\":\"%s\","
                                                 "\"characters\":%ld}",
                                                 record_id, sha256, g_utf8_strlen (text, -1));

      ok = _wn_project_audit (self, "coding.paste", detail, error);
    }
  return _wn_project_end_write (self, ok, what, ok ? error : NULL) && ok;
}

/* ---- Codings ------------------------------------------------------------------------- */

gint64
wn_project_add_coding (WnProject   *self,
                       gint64       record_id,
                       const char  *code_path,
                       const char  *coder,
                       gint64       start,
                       gint64       end,
                       const char  *memo,
                       GError     **error)
{
  const char *what = _("could not code the document");
  g_autoptr(WnCode) code = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *now = _wn_now_iso8601 ();
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GError) local = NULL;
  gboolean whole = start == -1 && end == -1;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), 0);

  if (coder == NULL || *coder == '\0')
    coder = wn_project_get_actor (self);
  code = wn_project_find_code (self, code_path, error);
  if (code == NULL)
    return 0;
  text = wn_project_coding_text (self, record_id, &sha256, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return 0;
    }
  if (!whole)
    {
      glong length;
      const char *from;

      if (text == NULL)
        {
          g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_NO_TEXT,
                       _("record %" PRId64 " has no text to code (attach its PDF or paste its text)"),
                       record_id);
          return 0;
        }
      length = g_utf8_strlen (text, -1);
      if (start < 0 || end <= start || end > length)
        {
          g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID,
                       _("the span %" PRId64 "–%" PRId64 " is not within the document's %ld characters"),
                       start, end, length);
          return 0;
        }
      from = g_utf8_offset_to_pointer (text, start);
      quote = g_strndup (from, g_utf8_offset_to_pointer (from, end - start) - from);
    }

  if (!_wn_project_begin_write (self, what, error))
    return 0;
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "INSERT INTO codings (record_id, code_id, coder, source_sha256, start, \"end\", quote, memo, at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      sqlite3_bind_int64 (stmt, 2, code->id);
      sqlite3_bind_text (stmt, 3, coder, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, sha256, -1, SQLITE_STATIC);
      if (!whole)
        {
          sqlite3_bind_int64 (stmt, 5, start);
          sqlite3_bind_int64 (stmt, 6, end);
        }
      sqlite3_bind_text (stmt, 7, quote, -1, SQLITE_STATIC);
      if (memo != NULL && *memo != '\0')
        sqlite3_bind_text (stmt, 8, memo, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, now, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    _wn_project_sql_error (self, error, rc, what);
  else
    {
      g_autoptr(GString) detail = g_string_new ("{");

      id = sqlite3_last_insert_rowid (_wn_project_get_db (self));
      wn_json_append_key (detail, "id");
      wn_json_append_int (detail, id);
      wn_json_append_key (detail, "record_id");
      wn_json_append_int (detail, record_id);
      wn_json_append_key (detail, "code");
      wn_json_append_string (detail, code->path);
      wn_json_append_key (detail, "coder");
      wn_json_append_string (detail, coder);
      wn_json_append_key (detail, "start");
      wn_json_append_int (detail, start);
      wn_json_append_key (detail, "end");
      wn_json_append_int (detail, end);
      g_string_append_c (detail, '}');
      if (!_wn_project_audit (self, "coding.add", detail->str, error))
        id = 0;
    }
  if (!_wn_project_end_write (self, id != 0, what, id != 0 ? error : NULL))
    return 0;
  return id;
}

gboolean
wn_project_remove_coding (WnProject   *self,
                          gint64       coding_id,
                          GError     **error)
{
  const char *what = _("could not remove the coding");
  g_autofree char *now = _wn_now_iso8601 ();
  g_autoptr(WnStmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  if (!_wn_project_begin_write (self, what, error))
    return FALSE;
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "UPDATE codings SET removed_at = ?, removed_by = ? WHERE id = ? AND removed_at IS NULL", -1,
                           &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, wn_project_get_actor (self), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, coding_id);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    _wn_project_sql_error (self, error, rc, what);
  else if (sqlite3_changes (_wn_project_get_db (self)) == 0)
    g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_NO_CODE,
                 _("there is no coding %" PRId64 " in force"), coding_id);
  else
    {
      g_autofree char *detail = g_strdup_printf ("{\"id\":%" PRId64 "}", coding_id);

      ok = _wn_project_audit (self, "coding.remove", detail, error);
    }
  return _wn_project_end_write (self, ok, what, ok ? error : NULL) && ok;
}

/* Codings in force of codes in force. The caller holds the lock. */
static GPtrArray *
list_codings_locked (WnProject   *self,
                     gint64       record_id,
                     const char  *coder,
                     GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GHashTable) paths = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  int rc;

  rows = load_rows_locked (self, error);
  if (rows == NULL)
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      CodeRow *row = g_ptr_array_index (rows, i);
      CodeRow *up = row;
      gboolean removed = FALSE;

      for (guint guard = 0; up != NULL && guard <= rows->len; guard++)
        {
          removed |= up->removed;
          up = up->parent_id != 0 ? row_by_id (rows, up->parent_id) : NULL;
        }
      if (!removed)
        g_hash_table_insert (paths, g_memdup2 (&row->id, sizeof row->id), row_path (rows, row));
    }

  codings = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_coding_free);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT id, record_id, code_id, coder, start, \"end\", quote, memo, at FROM codings"
                           " WHERE removed_at IS NULL AND (?1 = 0 OR record_id = ?1) AND (?2 IS NULL OR coder = ?2)"
                           " ORDER BY record_id, coalesce (start, -1), id",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      sqlite3_bind_text (stmt, 2, coder, -1, SQLITE_TRANSIENT);
    }
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 code_id = sqlite3_column_int64 (stmt, 2);
      const char *path = g_hash_table_lookup (paths, &code_id);
      WnCoding *coding;

      rc = SQLITE_OK;
      if (path == NULL)
        continue;
      coding = g_new0 (WnCoding, 1);
      coding->id = sqlite3_column_int64 (stmt, 0);
      coding->record_id = sqlite3_column_int64 (stmt, 1);
      coding->code_id = code_id;
      coding->code_path = g_strdup (path);
      coding->coder = _wn_column_dup (stmt, 3);
      coding->start = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 4);
      coding->end = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 5);
      coding->quote = _wn_column_dup (stmt, 6);
      coding->memo = _wn_column_dup (stmt, 7);
      coding->at = _wn_column_dup (stmt, 8);
      g_ptr_array_add (codings, coding);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the codings"));
      return NULL;
    }
  return g_steal_pointer (&codings);
}

GPtrArray *
wn_project_list_codings (WnProject   *self,
                         gint64       record_id,
                         const char  *coder,
                         GError     **error)
{
  GPtrArray *codings;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  codings = list_codings_locked (self, record_id, coder, error);
  _wn_project_unlock (self);
  return codings;
}

GPtrArray *
wn_project_list_memos (WnProject   *self,
                       gint64       record_id,
                       const char  *coder,
                       GError     **error)
{
  g_autoptr(GPtrArray) memos = NULL;
  g_autoptr(WnStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  memos = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_memo_free);
  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT id, record_id, code_id, coder, text, at FROM memos"
                           " WHERE (?1 = 0 OR record_id = ?1) AND (?2 IS NULL OR coder = ?2) ORDER BY at, id",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      sqlite3_bind_text (stmt, 2, coder, -1, SQLITE_TRANSIENT);
    }
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WnMemo *memo = g_new0 (WnMemo, 1);

      rc = SQLITE_OK;
      memo->id = sqlite3_column_int64 (stmt, 0);
      memo->record_id = sqlite3_column_int64 (stmt, 1);
      memo->code_id = sqlite3_column_int64 (stmt, 2);
      memo->coder = _wn_column_dup (stmt, 3);
      memo->text = _wn_column_dup (stmt, 4);
      memo->at = _wn_column_dup (stmt, 5);
      g_ptr_array_add (memos, memo);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the memos"));
      _wn_project_unlock (self);
      return NULL;
    }
  _wn_project_unlock (self);
  return g_steal_pointer (&memos);
}

gint64
wn_project_add_memo (WnProject   *self,
                     gint64       record_id,
                     gint64       code_id,
                     const char  *coder,
                     const char  *text,
                     GError     **error)
{
  const char *what = _("could not add the memo");
  g_autofree char *now = _wn_now_iso8601 ();
  g_autoptr(WnStmt) stmt = NULL;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), 0);

  if (coder == NULL || *coder == '\0')
    coder = wn_project_get_actor (self);
  if ((record_id == 0 && code_id == 0) || text == NULL || *text == '\0')
    {
      g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID,
                   _("a memo needs a text and a document or a code"));
      return 0;
    }
  if (!_wn_project_begin_write (self, what, error))
    return 0;
  if (code_id != 0)
    {
      g_autoptr(WnStmt) check = NULL;

      rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "SELECT 1 FROM codes WHERE id = ? AND removed = 0", -1,
                               &check, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_int64 (check, 1, code_id);
          rc = sqlite3_step (check);
        }
      if (rc != SQLITE_ROW)
        {
          no_code_id_error (error, code_id);
          return _wn_project_end_write (self, FALSE, what, NULL) && FALSE;
        }
    }
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "INSERT INTO memos (record_id, code_id, coder, text, at) VALUES (?, ?, ?, ?, ?)", -1, &stmt,
                           NULL);
  if (rc == SQLITE_OK)
    {
      if (record_id != 0)
        sqlite3_bind_int64 (stmt, 1, record_id);
      if (code_id != 0)
        sqlite3_bind_int64 (stmt, 2, code_id);
      sqlite3_bind_text (stmt, 3, coder, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    _wn_project_sql_error (self, error, rc, what);
  else
    {
      g_autofree char *detail = NULL;

      id = sqlite3_last_insert_rowid (_wn_project_get_db (self));
      detail = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"record_id\":%" G_GINT64_FORMAT
                                ",\"code_id\":%" G_GINT64_FORMAT "}",
                                id, record_id, code_id);
      if (!_wn_project_audit (self, "memo.add", detail, error))
        id = 0;
    }
  if (!_wn_project_end_write (self, id != 0, what, id != 0 ? error : NULL))
    return 0;
  return id;
}

/* ---- Double coding --------------------------------------------------------------------- */

/* splitmix64: the whole generator, so a seed draws the same on any machine. */
static guint64
splitmix64_next (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* Uniform in [0, bound), without modulo bias. */
static guint64
splitmix64_below (guint64 *state,
                  guint64  bound)
{
  guint64 threshold = (-bound) % bound;
  guint64 x;

  do
    x = splitmix64_next (state);
  while (x < threshold);
  return x % bound;
}

int
wn_project_draw_double_coding (WnProject   *self,
                               const char  *coder_a,
                               const char  *coder_b,
                               double       share,
                               guint64      seed,
                               GError     **error)
{
  const char *what = _("could not draw the double-coded sample");
  g_autoptr(GPtrArray) studies = NULL;
  g_autofree guint *order = NULL;
  g_autofree gboolean *doubled = NULL;
  g_autofree char *now = _wn_now_iso8601 ();
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GString) detail = g_string_new ("{");
  guint64 state = seed;
  guint n;
  guint k;
  guint single = 0;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), -1);

  if (coder_a == NULL || coder_b == NULL || *coder_a == '\0' || *coder_b == '\0' || strcmp (coder_a, coder_b) == 0)
    {
      g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID, _("double coding needs two different coders"));
      return -1;
    }
  if (!(share > 0.0 && share <= 1.0))
    {
      g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID,
                   _("the double-coded share must be more than 0 and at most 1 (0.1 is 10 %%)"));
      return -1;
    }
  studies = wn_project_list_studies (self, FALSE, error);
  if (studies == NULL)
    return -1;
  n = studies->len;
  k = n == 0 ? 0 : (guint) CLAMP (ceil (share * n - 1e-9), 1, n);

  /* Partial Fisher–Yates over the studies in study-number order. */
  order = g_new (guint, MAX (n, 1));
  doubled = g_new0 (gboolean, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    order[i] = i;
  for (guint i = 0; i < k; i++)
    {
      guint j = i + (guint) splitmix64_below (&state, n - i);
      guint swap = order[i];

      order[i] = order[j];
      order[j] = swap;
      doubled[order[i]] = TRUE;
    }

  if (!_wn_project_begin_write (self, what, error))
    return -1;
  rc = sqlite3_exec (_wn_project_get_db (self), "DELETE FROM coding_assignments", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                             "INSERT INTO coding_assignments (record_id, coder, role, seed, share, at, actor)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?)",
                             -1, &stmt, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < n; i++)
    {
      WnStudy *study = g_ptr_array_index (studies, i);
      const char *coders[2] = { coder_a, coder_b };

      for (guint c = 0; rc == SQLITE_OK && c < 2; c++)
        {
          if (!doubled[i] && c != single % 2)
            continue;
          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, study->record_id);
          sqlite3_bind_text (stmt, 2, coders[c], -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, doubled[i] ? "double" : "single", -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) seed);
          sqlite3_bind_double (stmt, 5, share);
          sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 7, wn_project_get_actor (self), -1, SQLITE_TRANSIENT);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        }
      if (!doubled[i])
        single++;
    }
  if (rc != SQLITE_OK)
    {
      _wn_project_sql_error (self, error, rc, what);
      goto out;
    }
  wn_json_append_key (detail, "coders");
  g_string_append_c (detail, '[');
  wn_json_append_string (detail, coder_a);
  g_string_append_c (detail, ',');
  wn_json_append_string (detail, coder_b);
  g_string_append_c (detail, ']');
  wn_json_append_key (detail, "seed");
  g_string_append_printf (detail, "%" G_GUINT64_FORMAT, seed);
  append_double (detail, "share", share);
  wn_json_append_key (detail, "double");
  g_string_append_c (detail, '[');
  for (guint i = 0, first = 1; i < n; i++)
    if (doubled[i])
      {
        if (!first)
          g_string_append_c (detail, ',');
        wn_json_append_string (detail, ((WnStudy *) g_ptr_array_index (studies, i))->study_id);
        first = 0;
      }
  g_string_append (detail, "]}");
  ok = _wn_project_audit (self, "coding.draw", detail->str, error);
out:
  if (!_wn_project_end_write (self, ok, what, ok ? error : NULL) || !ok)
    return -1;
  return (int) k;
}

GArray *
wn_project_coding_assignments (WnProject   *self,
                               const char  *coder,
                               const char  *role,
                               GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  GArray *ids;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT a.record_id FROM coding_assignments a JOIN studies s ON s.record_id = a.record_id"
                           " WHERE (?1 IS NULL OR a.coder = ?1) AND (?2 IS NULL OR a.role = ?2)"
                           " GROUP BY a.record_id ORDER BY min (s.n)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, coder, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, role, -1, SQLITE_TRANSIENT);
    }
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the coding assignments"));
      g_clear_pointer (&ids, g_array_unref);
    }
  _wn_project_unlock (self);
  return ids;
}

/* ---- Agreement ----------------------------------------------------------------------- */

/* The two coders to compare when none are named: those of the double-coded
 * sample, else the two with most codings. */
static gboolean
pick_coders_locked (WnProject   *self,
                    char       **a,
                    char       **b,
                    GError     **error)
{
  static const char *const queries[] = {
    "SELECT coder FROM coding_assignments WHERE role = 'double' GROUP BY coder ORDER BY min (id) LIMIT 2",
    "SELECT coder FROM codings WHERE removed_at IS NULL GROUP BY coder ORDER BY count (*) DESC, coder LIMIT 2",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(WnStmt) stmt = NULL;
      g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
      int rc = sqlite3_prepare_v2 (_wn_project_get_db (self), queries[q], -1, &stmt, NULL);

      while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_ptr_array_add (found, _wn_column_dup (stmt, 0));
          rc = SQLITE_OK;
        }
      if (rc != SQLITE_DONE)
        {
          _wn_project_sql_error (self, error, rc, _("could not measure agreement"));
          return FALSE;
        }
      if (found->len == 2)
        {
          *a = g_strdup (g_ptr_array_index (found, 0));
          *b = g_strdup (g_ptr_array_index (found, 1));
          return TRUE;
        }
    }
  g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID, _("agreement needs two coders"));
  return FALSE;
}

static gboolean
overlaps_enough (const WnCoding *x,
                 const WnCoding *y,
                 double          min_overlap)
{
  gint64 overlap;
  gint64 shorter;

  if (x->start < 0 || y->start < 0)
    return x->start < 0 && y->start < 0; /* whole documents agree with whole documents */
  overlap = MIN (x->end, y->end) - MAX (x->start, y->start);
  shorter = MIN (x->end - x->start, y->end - y->start);
  return overlap > 0 && 100.0 * (double) overlap >= min_overlap * (double) shorter - 1e-9;
}

static guint
count_agreed (GPtrArray *mine,
              GPtrArray *theirs,
              double     min_overlap)
{
  guint agreed = 0;

  for (guint i = 0; i < mine->len; i++)
    {
      const WnCoding *x = g_ptr_array_index (mine, i);

      for (guint j = 0; j < theirs->len; j++)
        {
          const WnCoding *y = g_ptr_array_index (theirs, j);

          if (x->record_id == y->record_id && x->code_id == y->code_id && overlaps_enough (x, y, min_overlap))
            {
              agreed++;
              break;
            }
        }
    }
  return agreed;
}

GPtrArray *
wn_project_coding_agreement (WnProject   *self,
                             const char  *coder_a,
                             const char  *coder_b,
                             double       min_overlap,
                             GError     **error)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GPtrArray) codings_a = NULL;
  g_autoptr(GPtrArray) codings_b = NULL;
  g_autoptr(GArray) docs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) coded_a = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) coded_b = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) doubled = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) in_docs = g_hash_table_new (g_int64_hash, g_int64_equal);
  GPtrArray *result = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  if ((coder_a == NULL) != (coder_b == NULL) || (coder_a != NULL && strcmp (coder_a, coder_b) == 0))
    {
      g_set_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID, _("agreement needs two coders"));
      return NULL;
    }
  codes = wn_project_list_codes (self, error);
  if (codes == NULL)
    return NULL;

  _wn_project_lock (self);
  if (coder_a == NULL)
    ok = pick_coders_locked (self, &a, &b, error);
  else
    {
      a = g_strdup (coder_a);
      b = g_strdup (coder_b);
    }
  if (ok)
    {
      codings_a = list_codings_locked (self, 0, a, error);
      codings_b = codings_a != NULL ? list_codings_locked (self, 0, b, error) : NULL;
      ok = codings_b != NULL;
    }
  if (ok)
    {
      g_autoptr(WnStmt) stmt = NULL;
      int rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                                   "SELECT record_id FROM coding_assignments WHERE role = 'double'"
                                   " AND coder IN (?1, ?2) GROUP BY record_id HAVING count (DISTINCT coder) = 2",
                                   -1, &stmt, NULL);

      if (rc == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, a, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, b, -1, SQLITE_STATIC);
        }
      while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_hash_table_add (doubled, g_memdup2 (&id, sizeof id));
          rc = SQLITE_OK;
        }
      if (rc != SQLITE_DONE)
        {
          _wn_project_sql_error (self, error, rc, _("could not measure agreement"));
          ok = FALSE;
        }
    }
  _wn_project_unlock (self);
  if (!ok)
    return NULL;

  /* The documents: double-coded (or, without a draw, any) that both coded. */
  for (guint i = 0; i < codings_a->len; i++)
    g_hash_table_add (coded_a, &((WnCoding *) g_ptr_array_index (codings_a, i))->record_id);
  for (guint i = 0; i < codings_b->len; i++)
    g_hash_table_add (coded_b, &((WnCoding *) g_ptr_array_index (codings_b, i))->record_id);
  for (guint i = 0; i < codings_a->len; i++)
    {
      gint64 *id = &((WnCoding *) g_ptr_array_index (codings_a, i))->record_id;

      if (g_hash_table_contains (in_docs, id) || !g_hash_table_contains (coded_b, id))
        continue;
      if (g_hash_table_size (doubled) > 0 && !g_hash_table_contains (doubled, id))
        continue;
      g_hash_table_add (in_docs, id);
      g_array_append_val (docs, *id);
    }

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_code_agreement_free);
  for (guint c = 0; c < codes->len; c++)
    {
      WnCode *code = g_ptr_array_index (codes, c);
      g_autoptr(GPtrArray) seg_a = g_ptr_array_new ();
      g_autoptr(GPtrArray) seg_b = g_ptr_array_new ();
      g_autoptr(GHashTable) has_a = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autoptr(GHashTable) has_b = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autoptr(WnRatings) ratings = NULL;
      g_autofree const char **labels = NULL;
      static const char *const categories[] = { "absent", "present", NULL };
      WnAgreementStats stats;
      WnCodeAgreement *agreement;

      for (guint i = 0; i < codings_a->len; i++)
        {
          WnCoding *coding = g_ptr_array_index (codings_a, i);

          if (coding->code_id == code->id && g_hash_table_contains (in_docs, &coding->record_id))
            {
              g_ptr_array_add (seg_a, coding);
              g_hash_table_add (has_a, &coding->record_id);
            }
        }
      for (guint i = 0; i < codings_b->len; i++)
        {
          WnCoding *coding = g_ptr_array_index (codings_b, i);

          if (coding->code_id == code->id && g_hash_table_contains (in_docs, &coding->record_id))
            {
              g_ptr_array_add (seg_b, coding);
              g_hash_table_add (has_b, &coding->record_id);
            }
        }
      if (seg_a->len == 0 && seg_b->len == 0)
        continue;

      labels = g_new0 (const char *, 2 * docs->len + 1);
      for (guint d = 0; d < docs->len; d++)
        {
          gint64 *id = &g_array_index (docs, gint64, d);

          labels[2 * d] = g_hash_table_contains (has_a, id) ? "present" : "absent";
          labels[2 * d + 1] = g_hash_table_contains (has_b, id) ? "present" : "absent";
        }
      ratings = wn_ratings_new_from_labels (docs->len, 2, labels, categories, NULL);
      g_assert (ratings != NULL);
      wn_agreement_compute (ratings, &stats);

      agreement = g_new0 (WnCodeAgreement, 1);
      agreement->code = g_strdup (code->path);
      agreement->n = docs->len;
      agreement->percent_agreement = 100.0 * stats.percent_agreement;
      agreement->kappa = stats.cohen_kappa;
      agreement->segments = seg_a->len + seg_b->len;
      agreement->segments_agreed = count_agreed (seg_a, seg_b, min_overlap) + count_agreed (seg_b, seg_a, min_overlap);
      agreement->segment_agreement = agreement->segments > 0
                                     ? 100.0 * agreement->segments_agreed / agreement->segments : NAN;
      g_ptr_array_add (result, agreement);
    }
  return result;
}

char *
wn_code_agreements_to_json (GPtrArray *agreements)
{
  GString *out = g_string_new ("{");

  wn_json_append_key (out, "codes");
  g_string_append_c (out, '[');
  for (guint i = 0; agreements != NULL && i < agreements->len; i++)
    {
      WnCodeAgreement *agreement = g_ptr_array_index (agreements, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      wn_json_append_key (out, "code");
      wn_json_append_string (out, agreement->code);
      wn_json_append_key (out, "n");
      wn_json_append_int (out, agreement->n);
      append_double (out, "percent_agreement", agreement->percent_agreement);
      append_double (out, "cohen_kappa", agreement->kappa);
      wn_json_append_key (out, "segments");
      wn_json_append_int (out, agreement->segments);
      wn_json_append_key (out, "segments_agreed");
      wn_json_append_int (out, agreement->segments_agreed);
      append_double (out, "segment_agreement", agreement->segment_agreement);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

/* ---- Tables ----------------------------------------------------------------------------- */

WnTable *
wn_project_themes_table (WnProject  *self,
                         GError    **error)
{
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GPtrArray) studies = NULL;
  g_autoptr(GPtrArray) codings = NULL;
  g_autoptr(GPtrArray) header = g_ptr_array_new ();
  g_autoptr(GHashTable) study_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree guint *counts = NULL;
  g_autofree const WnCoding **examples = NULL;
  g_autofree guint *example_study = NULL;
  WnTable *table;
  guint n_studies;
  guint first_study = 3;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  studies = wn_project_list_studies (self, FALSE, error);
  if (studies == NULL)
    return NULL;
  codes = wn_project_list_codes (self, error);
  if (codes == NULL)
    return NULL;
  codings = wn_project_list_codings (self, 0, NULL, error);
  if (codings == NULL)
    return NULL;
  n_studies = studies->len;

  g_ptr_array_add (header, (gpointer) _("Theme"));
  g_ptr_array_add (header, (gpointer) _("Sub-theme"));
  g_ptr_array_add (header, (gpointer) _("Path"));
  for (guint s = 0; s < n_studies; s++)
    {
      WnStudy *study = g_ptr_array_index (studies, s);
      guint index = s;

      g_ptr_array_add (header, study->study_id);
      g_hash_table_insert (study_index, g_memdup2 (&study->record_id, sizeof (gint64)),
                           GUINT_TO_POINTER (index + 1));
    }
  g_ptr_array_add (header, (gpointer) _("Studies"));
  g_ptr_array_add (header, (gpointer) _("Codings"));
  g_ptr_array_add (header, (gpointer) _("Example quote"));
  g_ptr_array_add (header, NULL);

  table = wn_table_new (_("Themes"), (const char * const *) header->pdata);
  for (guint col = first_study; col < first_study + n_studies + 2; col++)
    wn_table_set_numeric (table, col, TRUE);

  counts = g_new0 (guint, (gsize) codes->len * MAX (n_studies, 1));
  examples = g_new0 (const WnCoding *, MAX (codes->len, 1));
  example_study = g_new0 (guint, MAX (codes->len, 1));
  for (guint i = 0; i < codings->len; i++)
    {
      const WnCoding *coding = g_ptr_array_index (codings, i);
      guint s = GPOINTER_TO_UINT (g_hash_table_lookup (study_index, &coding->record_id));

      if (s == 0)
        continue;
      s--;
      for (guint c = 0; c < codes->len; c++)
        if (((WnCode *) g_ptr_array_index (codes, c))->id == coding->code_id)
          {
            counts[c * n_studies + s]++;
            /* The example: the first span in study order, then by position. */
            if (coding->quote != NULL
                && (examples[c] == NULL || s < example_study[c]
                    || (s == example_study[c] && coding->start < examples[c]->start)))
              {
                examples[c] = coding;
                example_study[c] = s;
              }
            break;
          }
    }

  for (guint c = 0; c < codes->len; c++)
    {
      WnCode *code = g_ptr_array_index (codes, c);
      const char *slash = strchr (code->path, '/');
      g_autofree char *theme = slash != NULL ? g_strndup (code->path, slash - code->path) : g_strdup (code->path);
      guint row = wn_table_append_row (table);
      guint in_studies = 0;
      guint total = 0;

      wn_table_set_cell (table, row, 0, theme);
      wn_table_set_cell (table, row, 1, slash != NULL ? slash + 1 : NULL);
      wn_table_set_cell (table, row, 2, code->path);
      for (guint s = 0; s < n_studies; s++)
        {
          guint count = counts[c * n_studies + s];
          g_autofree char *text = g_strdup_printf ("%u", count);

          wn_table_set_cell (table, row, first_study + s, text);
          in_studies += count > 0;
          total += count;
        }
      {
        g_autofree char *studies_text = g_strdup_printf ("%u", in_studies);
        g_autofree char *total_text = g_strdup_printf ("%u", total);

        wn_table_set_cell (table, row, first_study + n_studies, studies_text);
        wn_table_set_cell (table, row, first_study + n_studies + 1, total_text);
      }
      if (examples[c] != NULL)
        {
          WnStudy *study = g_ptr_array_index (studies, example_study[c]);
          g_autofree char *quote = g_strdup_printf ("“%s” (%s)", examples[c]->quote, study->study_id);

          wn_table_set_cell (table, row, first_study + n_studies + 2, quote);
        }
    }
  return table;
}

WnTable *
wn_project_codebook_table (WnProject  *self,
                           GError    **error)
{
  g_autoptr(GPtrArray) codes = NULL;
  const char *header[] = { _("Path"), _("Description"), _("Colour"), _("GUID"), NULL };
  WnTable *table;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  codes = wn_project_list_codes (self, error);
  if (codes == NULL)
    return NULL;
  table = wn_table_new (_("Codebook"), header);
  for (guint i = 0; i < codes->len; i++)
    {
      WnCode *code = g_ptr_array_index (codes, i);
      const char *cells[] = { code->path, code->description, code->colour, code->guid };

      wn_table_add_row (table, cells);
    }
  return table;
}
