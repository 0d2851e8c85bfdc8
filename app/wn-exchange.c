/* wn-exchange.c — working apart: decision files, reviewer packages, merging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A decision file is text:
 *
 *   # winnow-decisions 1
 *   # sha256 <hex digest of every byte after this line>
 *   {"project": UID, "reviewer": NAME, "reviewers": [...], "reasons": [...],
 *    "events": [{"uid", "record", "reviewer", "stage", "kind", "verdict",
 *                "reason", "note", "labels", "criteria_version", "made_at"}]}
 *
 * The first line names the format and its version; a reader refuses a
 * version it does not know. The checksum finds a file damaged in transit.
 * "record" is the record's uid (see wn-screening.h), so a file means the
 * same in every copy of the project. Merging is a set union by event uid.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "wn-screening-private.h"

#define DECISIONS_MAGIC   "# winnow-decisions "
#define DECISIONS_VERSION 1
#define CHECKSUM_PREFIX   "# sha256 "

/* ------------------------------------------------------------------------ */
/* Linking events to records                                                  */

#define UID_PREFIX  "substr (record_uid, 1, instr (record_uid, ':') - 1)"
#define UID_ORDINAL "CAST (substr (record_uid, instr (record_uid, ':') + 1) AS INTEGER)"
#define RESOLVE                                                                  \
  "(SELECT s.first_record_id + " UID_ORDINAL " - 1 FROM searches s"               \
  "  WHERE s.record_prefix = " UID_PREFIX " AND " UID_ORDINAL " BETWEEN 1 AND s.record_count)"

gboolean
_wn_screening_link_pending (WnProject   *self,
                            gint64       search_id,
                            GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "UPDATE decisions SET record_id = " RESOLVE
                           " WHERE record_id IS NULL AND " RESOLVE " IS NOT NULL"
                           "   AND (?1 = 0 OR " UID_PREFIX " = (SELECT record_prefix FROM searches WHERE id = ?1))",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, search_id);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, _wn_project_get_db (self), rc, wn_project_get_path (self),
                                    _("could not link decisions to their records"));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Writing a decision file                                                    */

static void
append_event_json (GString          *out,
                   const WnDecision *event)
{
  g_string_append_c (out, '{');
  wn_json_append_key (out, "uid");
  wn_json_append_string (out, event->uid);
  wn_json_append_key (out, "record");
  wn_json_append_string (out, event->record_uid);
  wn_json_append_key (out, "reviewer");
  wn_json_append_string (out, event->reviewer);
  wn_json_append_key (out, "stage");
  wn_json_append_string (out, wn_stage_to_string (event->stage));
  wn_json_append_key (out, "kind");
  wn_json_append_string (out, event->adjudication ? "adjudication" : "vote");
  wn_json_append_key (out, "verdict");
  wn_json_append_string (out, wn_verdict_to_string (event->verdict));
  wn_json_append_key (out, "reason");
  wn_json_append_string (out, event->reason);
  wn_json_append_key (out, "note");
  wn_json_append_string (out, event->note);
  wn_json_append_key (out, "labels");
  g_string_append_c (out, '[');
  for (guint i = 0; event->labels != NULL && event->labels[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      wn_json_append_string (out, event->labels[i]);
    }
  g_string_append_c (out, ']');
  wn_json_append_key (out, "criteria_version");
  wn_json_append_int (out, event->criteria_version);
  wn_json_append_key (out, "made_at");
  wn_json_append_string (out, event->made_at);
  g_string_append_c (out, '}');
}

gboolean
wn_project_export_decisions (WnProject   *self,
                             const char  *reviewer,
                             const char  *path,
                             GError     **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) reviewers = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(WnReviewer) person = NULL;
  g_autoptr(GString) body = g_string_new ("{");
  g_autoptr(GString) file = g_string_new (NULL);
  g_autofree char *project_uid = NULL;
  g_autofree char *title = NULL;
  g_autofree char *now = _wn_now_iso8601 ();
  g_autofree char *digest = NULL;
  g_autoptr(GString) detail = g_string_new ("{");

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (reviewer != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  person = wn_project_get_reviewer (self, reviewer, error);
  if (person == NULL)
    return FALSE;
  reviewers = wn_project_list_reviewers (self, error);
  if (reviewers == NULL)
    return FALSE;
  reasons = wn_project_list_reasons (self, TRUE, error);
  if (reasons == NULL)
    return FALSE;

  _wn_project_lock (self);
  project_uid = _wn_project_get_meta (self, "uid");
  title = _wn_project_get_meta (self, "title");
  events = _wn_screening_query_decisions_locked (self, "?1 = ?1 AND d.reviewer = ?3", 0, NULL, reviewer, error);
  _wn_project_unlock (self);
  if (events == NULL)
    return FALSE;

  wn_json_append_key (body, "project");
  wn_json_append_string (body, project_uid);
  wn_json_append_key (body, "project_title");
  wn_json_append_string (body, title);
  wn_json_append_key (body, "reviewer");
  wn_json_append_string (body, reviewer);
  wn_json_append_key (body, "exported_at");
  wn_json_append_string (body, now);
  wn_json_append_key (body, "exported_with");
  wn_json_append_string (body, PACKAGE_NAME " " PACKAGE_VERSION);
  wn_json_append_key (body, "reviewers");
  g_string_append_c (body, '[');
  for (guint i = 0; i < reviewers->len; i++)
    {
      WnReviewer *r = reviewers->pdata[i];

      g_string_append (body, i > 0 ? ",{" : "{");
      wn_json_append_key (body, "name");
      wn_json_append_string (body, r->name);
      wn_json_append_key (body, "role");
      wn_json_append_string (body, r->role);
      wn_json_append_key (body, "uid");
      wn_json_append_string (body, r->uid);
      g_string_append_c (body, '}');
    }
  g_string_append_c (body, ']');
  wn_json_append_key (body, "reasons");
  g_string_append_c (body, '[');
  for (guint i = 0; i < reasons->len; i++)
    {
      if (i > 0)
        g_string_append_c (body, ',');
      wn_json_append_string (body, ((WnReason *) reasons->pdata[i])->label);
    }
  g_string_append_c (body, ']');
  wn_json_append_key (body, "events");
  g_string_append (body, "[\n");
  for (guint i = 0; i < events->len; i++)
    {
      if (i > 0)
        g_string_append (body, ",\n");
      append_event_json (body, events->pdata[i]);
    }
  g_string_append (body, "\n]}\n");

  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) body->str, body->len);
  g_string_append_printf (file, DECISIONS_MAGIC "%d\n" CHECKSUM_PREFIX "%s\n", DECISIONS_VERSION, digest);
  g_string_append_len (file, body->str, body->len);

  if (!g_file_set_contents_full (path, file->str, file->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0644, error))
    return FALSE;

  wn_json_append_key (detail, "reviewer");
  wn_json_append_string (detail, reviewer);
  wn_json_append_key (detail, "events");
  wn_json_append_int (detail, events->len);
  wn_json_append_key (detail, "sha256");
  wn_json_append_string (detail, digest);
  g_string_append_c (detail, '}');
  _wn_project_lock (self);
  if (_wn_project_exec (self, "BEGIN IMMEDIATE", _("could not start a transaction"), NULL))
    {
      if (_wn_project_audit (self, "decisions.export", detail->str, NULL))
        sqlite3_exec (_wn_project_get_db (self), "COMMIT", NULL, NULL, NULL);
      else
        sqlite3_exec (_wn_project_get_db (self), "ROLLBACK", NULL, NULL, NULL);
    }
  _wn_project_unlock (self);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Reading a decision file                                                    */

typedef struct
{
  char      *path;
  char      *reviewer;
  GPtrArray *reviewers; /* (element-type WnReviewer) */
  GPtrArray *reasons;   /* (element-type utf8) */
  GPtrArray *events;    /* (element-type WnDecision) */
} DecisionFile;

static void
decision_file_free (DecisionFile *file)
{
  g_free (file->path);
  g_free (file->reviewer);
  g_clear_pointer (&file->reviewers, g_ptr_array_unref);
  g_clear_pointer (&file->reasons, g_ptr_array_unref);
  g_clear_pointer (&file->events, g_ptr_array_unref);
  g_free (file);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DecisionFile, decision_file_free)

static gboolean
damaged (GError     **error,
         const char  *path,
         const char  *format,
         ...) G_GNUC_PRINTF (3, 4);

static gboolean
damaged (GError     **error,
         const char  *path,
         const char  *format,
         ...)
{
  va_list args;
  g_autofree char *cause = NULL;
  g_autofree char *name = g_filename_display_name (path);

  va_start (args, format);
  cause = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_FILE, "%s: %s", name, cause);
  return FALSE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
valid_record_uid (const char *uid)
{
  const char *colon = uid != NULL ? strrchr (uid, ':') : NULL;
  guint64 ordinal;

  return colon != NULL && colon != uid && g_ascii_string_to_unsigned (colon + 1, 10, 1, G_MAXINT64, &ordinal, NULL);
}

static WnDecision *
event_from_json (JsonNode  *node,
                 guint      index,
                 const char *path,
                 GError   **error)
{
  g_autoptr(WnDecision) event = g_new0 (WnDecision, 1);
  JsonObject *object;
  JsonNode *labels;
  const char *stage, *kind, *verdict;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      damaged (error, path, _("event %u is not an object"), index + 1);
      return NULL;
    }
  object = json_node_get_object (node);
  event->uid = g_strdup (member_string (object, "uid"));
  event->record_uid = g_strdup (member_string (object, "record"));
  event->reviewer = g_strdup (member_string (object, "reviewer"));
  event->made_at = g_strdup (member_string (object, "made_at"));
  stage = member_string (object, "stage");
  kind = member_string (object, "kind");
  verdict = member_string (object, "verdict");
  if (event->uid == NULL || !g_uuid_string_is_valid (event->uid) || !valid_record_uid (event->record_uid) ||
      event->reviewer == NULL || event->made_at == NULL ||
      !wn_stage_from_string (stage, &event->stage) || !wn_verdict_from_string (verdict, &event->verdict) ||
      (g_strcmp0 (kind, "vote") != 0 && g_strcmp0 (kind, "adjudication") != 0))
    {
      damaged (error, path, _("event %u is incomplete or has a value Winnow does not know"), index + 1);
      return NULL;
    }
  {
    g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (event->made_at, NULL);

    if (when == NULL)
      {
        damaged (error, path, _("event %u has no valid time"), index + 1);
        return NULL;
      }
  }
  event->adjudication = g_strcmp0 (kind, "adjudication") == 0;
  event->reason = g_strdup (member_string (object, "reason"));
  event->note = g_strdup (member_string (object, "note"));
  if (json_object_has_member (object, "criteria_version"))
    event->criteria_version = (int) json_object_get_int_member (object, "criteria_version");
  labels = json_object_get_member (object, "labels");
  if (labels != NULL && JSON_NODE_HOLDS_ARRAY (labels))
    {
      JsonArray *array = json_node_get_array (labels);
      GPtrArray *strv = g_ptr_array_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
            g_ptr_array_add (strv, g_strdup (json_node_get_string (item)));
        }
      g_ptr_array_add (strv, NULL);
      event->labels = (char **) g_ptr_array_free (strv, FALSE);
      if (event->labels[0] == NULL)
        g_clear_pointer (&event->labels, g_strfreev);
    }
  return g_steal_pointer (&event);
}

static DecisionFile *
read_decision_file (const char  *path,
                    const char  *project_uid,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(DecisionFile) file = g_new0 (DecisionFile, 1);
  g_autofree char *digest = NULL;
  gsize length;
  const char *line2, *body;
  guint64 version;
  JsonObject *root;
  JsonArray *array;

  file->path = g_strdup (path);
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_FILE, "%s", local_error->message);
      return NULL;
    }
  if (!g_str_has_prefix (contents, DECISIONS_MAGIC))
    {
      damaged (error, path, _("line 1: not a Winnow decision file"));
      return NULL;
    }
  line2 = strchr (contents, '\n');
  {
    g_autofree char *number = g_strndup (contents + strlen (DECISIONS_MAGIC),
                                         line2 != NULL ? (gsize) (line2 - contents) - strlen (DECISIONS_MAGIC) : 0);

    if (!g_ascii_string_to_unsigned (number, 10, 1, G_MAXUINT32, &version, NULL))
      {
        damaged (error, path, _("line 1: not a Winnow decision file"));
        return NULL;
      }
  }
  if (version != DECISIONS_VERSION)
    {
      damaged (error, path, _("line 1: the file is in decision-file format %u, which this version of Winnow does not "
                              "read (it reads format %d); update Winnow"),
               (guint) version, DECISIONS_VERSION);
      return NULL;
    }
  line2++;
  body = strchr (line2, '\n');
  if (!g_str_has_prefix (line2, CHECKSUM_PREFIX) || body == NULL)
    {
      damaged (error, path, _("line 2: the checksum line is missing; the file is damaged"));
      return NULL;
    }
  body++;
  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) body, length - (gsize) (body - contents));
  if ((gsize) (body - line2 - 1) != strlen (CHECKSUM_PREFIX) + strlen (digest) ||
      strncmp (line2 + strlen (CHECKSUM_PREFIX), digest, strlen (digest)) != 0)
    {
      damaged (error, path, _("the checksum does not match: the file was changed or damaged after it was written"));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, body, (gssize) (length - (gsize) (body - contents)), &local_error))
    {
      damaged (error, path, _("not valid JSON after line 2: %s"), local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      damaged (error, path, _("line 3: the body is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (member_string (root, "project"), project_uid) != 0)
    {
      const char *title = member_string (root, "project_title");

      damaged (error, path, _("the decisions belong to another project (“%s”), not to this one"),
               title != NULL ? title : "?");
      return NULL;
    }
  file->reviewer = g_strdup (member_string (root, "reviewer"));

  file->reviewers = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_reviewer_free);
  if (json_object_has_member (root, "reviewers") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "reviewers")))
    {
      array = json_object_get_array_member (root, "reviewers");
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          WnReviewer *reviewer;
          JsonObject *object;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          object = json_node_get_object (node);
          if (member_string (object, "name") == NULL)
            continue;
          reviewer = g_new0 (WnReviewer, 1);
          reviewer->name = g_strdup (member_string (object, "name"));
          reviewer->role = g_strdup (member_string (object, "role"));
          reviewer->uid = g_strdup (member_string (object, "uid"));
          g_ptr_array_add (file->reviewers, reviewer);
        }
    }
  file->reasons = g_ptr_array_new_with_free_func (g_free);
  if (json_object_has_member (root, "reasons") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "reasons")))
    {
      array = json_object_get_array_member (root, "reasons");
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_ptr_array_add (file->reasons, g_strdup (json_node_get_string (node)));
        }
    }
  if (!json_object_has_member (root, "events") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "events")))
    {
      damaged (error, path, _("the file has no list of events"));
      return NULL;
    }
  array = json_object_get_array_member (root, "events");
  file->events = g_ptr_array_new_full (json_array_get_length (array), (GDestroyNotify) wn_decision_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      WnDecision *event = event_from_json (json_array_get_element (array, i), i, path, error);

      if (event == NULL)
        return NULL;
      g_ptr_array_add (file->events, event);
    }
  return g_steal_pointer (&file);
}

/* ------------------------------------------------------------------------ */
/* Merging                                                                    */

typedef struct
{
  gint64 first_id;
  gint64 count;
} SearchSpan;

/* record prefix → SearchSpan; the caller holds the lock. */
static GHashTable *
search_spans_locked (WnProject  *self,
                     GError    **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GHashTable) spans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int rc;

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT record_prefix, first_record_id, record_count FROM searches"
                           " WHERE record_prefix IS NOT NULL AND first_record_id IS NOT NULL",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SearchSpan *span = g_new (SearchSpan, 1);

      span->first_id = sqlite3_column_int64 (stmt, 1);
      span->count = sqlite3_column_int64 (stmt, 2);
      g_hash_table_insert (spans, g_strdup ((const char *) sqlite3_column_text (stmt, 0)), span);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, _wn_project_get_db (self), rc, wn_project_get_path (self),
                                    _("could not read the searches"));
      return NULL;
    }
  return g_steal_pointer (&spans);
}

static gint64
resolve_uid (GHashTable *spans,
             const char *uid)
{
  const char *colon = strrchr (uid, ':');
  g_autofree char *prefix = g_strndup (uid, (gsize) (colon - uid));
  SearchSpan *span = g_hash_table_lookup (spans, prefix);
  gint64 ordinal = g_ascii_strtoll (colon + 1, NULL, 10);

  if (span == NULL || ordinal < 1 || ordinal > span->count)
    return 0;
  return span->first_id + ordinal - 1;
}

/* "stage:record id" of every record in conflict; the caller holds the lock. */
static GHashTable *
conflict_set_locked (WnProject  *self,
                     GError    **error)
{
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (WnStage stage = WN_STAGE_TA; stage < WN_N_STAGES; stage++)
    {
      g_autoptr(GArray) ids = _wn_screening_eligible_locked (self, stage, NULL, NULL, error);
      g_autoptr(GHashTable) tallies = NULL;
      WnStageRules rules;

      if (ids == NULL)
        return NULL;
      tallies = _wn_screening_tally_locked (self, stage, NULL, error);
      if (tallies == NULL)
        return NULL;
      wn_project_get_rules (self, stage, &rules, NULL);
      for (guint i = 0; i < ids->len; i++)
        {
          gboolean adjudicated;

          if (_wn_tally_outcome (g_hash_table_lookup (tallies, &g_array_index (ids, gint64, i)), &rules,
                                 &adjudicated) == WN_OUTCOME_CONFLICT)
            g_hash_table_add (set, g_strdup_printf ("%d:%" G_GINT64_FORMAT, stage, g_array_index (ids, gint64, i)));
        }
    }
  return g_steal_pointer (&set);
}

gboolean
wn_project_merge_decisions (WnProject           *self,
                            const char * const  *paths,
                            WnMergeReport       *report,
                            GError             **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) decision_file_free);
  g_autoptr(GHashTable) spans = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autofree char *project_uid = NULL;
  g_autofree char *now = _wn_now_iso8601 ();
  g_autoptr(GString) detail = g_string_new ("{");
  WnMergeReport local = { 0 };
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (paths != NULL, FALSE);

  _wn_project_lock (self);
  project_uid = _wn_project_get_meta (self, "uid");
  _wn_project_unlock (self);

  /* Every file is read and checked before anything is written. */
  for (guint i = 0; paths[i] != NULL; i++)
    {
      DecisionFile *file = read_decision_file (paths[i], project_uid, error);

      if (file == NULL)
        return FALSE;
      g_ptr_array_add (files, file);
      local.files++;
      local.events += file->events->len;
    }

  _wn_project_lock (self);
  if (!_wn_project_exec (self, "BEGIN IMMEDIATE", _("could not start a transaction"), error))
    {
      _wn_project_unlock (self);
      return FALSE;
    }
  spans = search_spans_locked (self, error);
  if (spans == NULL)
    goto fail;
  before = conflict_set_locked (self, error);
  if (before == NULL)
    goto fail;

  for (guint f = 0; f < files->len; f++)
    {
      DecisionFile *file = files->pdata[f];

      for (guint i = 0; i < file->reviewers->len; i++)
        {
          WnReviewer *reviewer = file->reviewers->pdata[i];
          g_autoptr(WnStmt) stmt = NULL;
          const char *role = reviewer->role;
          int rc;

          if (g_strcmp0 (role, "reviewer") != 0 && g_strcmp0 (role, "adjudicator") != 0 && g_strcmp0 (role, "lead") != 0)
            role = "reviewer";
          rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                                   "INSERT OR IGNORE INTO reviewers (uid, name, role, created_at) VALUES (?, ?, ?, ?)",
                                   -1, &stmt, NULL);
          if (rc == SQLITE_OK)
            {
              g_autofree char *uid = reviewer->uid != NULL ? g_strdup (reviewer->uid) : g_uuid_string_random ();

              sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
              sqlite3_bind_text (stmt, 2, reviewer->name, -1, SQLITE_STATIC);
              sqlite3_bind_text (stmt, 3, role, -1, SQLITE_STATIC);
              sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
              rc = sqlite3_step (stmt);
            }
          if (rc != SQLITE_DONE)
            {
              _wn_project_set_sqlite_error (error, _wn_project_get_db (self), rc, wn_project_get_path (self),
                                            _("could not add a reviewer"));
              goto fail;
            }
          local.new_reviewers += sqlite3_changes64 (_wn_project_get_db (self));
        }
      /* A reason used by a decision must exist here too, so it cannot
       * silently disappear; one retired here stays retired. */
      for (guint i = 0; i < file->events->len; i++)
        {
          WnDecision *event = file->events->pdata[i];

          if (event->reason != NULL && !_wn_screening_ensure_reason (self, event->reason, FALSE, NULL, error))
            goto fail;
        }
      for (guint i = 0; i < file->events->len; i++)
        {
          WnDecision *event = file->events->pdata[i];
          gboolean inserted = FALSE;

          event->record_id = resolve_uid (spans, event->record_uid);
          if (!_wn_screening_insert_event_locked (self, event, now, &inserted, error))
            goto fail;
          if (inserted)
            {
              local.new_events++;
              if (event->record_id == 0)
                local.pending++;
            }
        }
    }

  after = conflict_set_locked (self, error);
  if (after == NULL)
    goto fail;
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (before, key))
      local.new_conflicts++;

  wn_json_append_key (detail, "files");
  g_string_append_c (detail, '[');
  for (guint f = 0; f < files->len; f++)
    {
      g_autofree char *base = g_path_get_basename (((DecisionFile *) files->pdata[f])->path);

      if (f > 0)
        g_string_append_c (detail, ',');
      wn_json_append_string (detail, base);
    }
  g_string_append_c (detail, ']');
  wn_json_append_key (detail, "new_events");
  wn_json_append_int (detail, local.new_events);
  wn_json_append_key (detail, "pending");
  wn_json_append_int (detail, local.pending);
  wn_json_append_key (detail, "new_conflicts");
  wn_json_append_int (detail, local.new_conflicts);
  g_string_append_c (detail, '}');
  if (!_wn_project_audit (self, "decisions.merge", detail->str, error) ||
      !_wn_project_exec (self, "COMMIT", _("could not save the merged decisions"), error))
    goto fail;
  _wn_project_unlock (self);
  if (report != NULL)
    *report = local;
  return TRUE;

fail:
  sqlite3_exec (_wn_project_get_db (self), "ROLLBACK", NULL, NULL, NULL);
  _wn_project_unlock (self);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Reviewer packages                                                          */

char *
wn_project_dup_package_owner (WnProject *self)
{
  char *owner;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  owner = _wn_project_get_meta (self, "package.owner");
  _wn_project_unlock (self);
  return owner;
}

static gboolean
copy_database (WnProject   *self,
               const char  *path,
               GError     **error)
{
  sqlite3 *target = NULL;
  sqlite3_backup *backup;
  int rc;

  rc = sqlite3_open_v2 (path, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      _wn_project_lock (self);
      backup = sqlite3_backup_init (target, "main", _wn_project_get_db (self), "main");
      if (backup != NULL)
        {
          sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
        }
      _wn_project_unlock (self);
      rc = sqlite3_errcode (target);
    }
  if (rc != SQLITE_OK)
    {
      _wn_project_set_sqlite_error (error, target, rc, path, _("could not copy the project"));
      sqlite3_close_v2 (target);
      return FALSE;
    }
  return sqlite3_close_v2 (target) == SQLITE_OK;
}

/* Runs the SQL on the package's connection, triggers that guard the
 * history dropped for the statement's sake and put back after. */
static gboolean
strip_package (WnProject   *package,
               const char  *reviewer,
               GError     **error)
{
  sqlite3 *db = _wn_project_get_db (package);
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) detail = g_string_new ("{");
  gint64 left_out_events, left_out_audit;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN"
                           " ('decisions_no_delete', 'audit_no_update', 'audit_no_delete')",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (triggers, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      rc = SQLITE_OK;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE || triggers->len != 3)
    goto sql_fail;

  if (!_wn_project_exec (package, "BEGIN IMMEDIATE", _("could not write the package"), error) ||
      !_wn_project_exec (package,
                         "DROP TRIGGER decisions_no_delete; DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;",
                         _("could not write the package"), error))
    goto fail;

  rc = sqlite3_prepare_v2 (db, "DELETE FROM decisions WHERE reviewer != ?", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, reviewer, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    goto sql_fail;
  left_out_events = sqlite3_changes64 (db);
  g_clear_pointer (&stmt, sqlite3_finalize);
  rc = sqlite3_prepare_v2 (db, "DELETE FROM decisions_in_force WHERE reviewer != ?", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, reviewer, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    goto sql_fail;
  g_clear_pointer (&stmt, sqlite3_finalize);
  /* Audit rows about other people's decisions, and merges (which count
   * them), go too; the chain is rebuilt over what stays. */
  rc = sqlite3_prepare_v2 (db,
                           "DELETE FROM audit WHERE (action LIKE 'decision.%' AND json_extract (detail, '$.reviewer') IS NOT ?)"
                           " OR action IN ('decisions.merge', 'decisions.export')",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, reviewer, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    goto sql_fail;
  left_out_audit = sqlite3_changes64 (db);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!_wn_audit_rechain (db, error))
    goto fail;
  for (guint i = 0; i < triggers->len; i++)
    if (!_wn_project_exec (package, triggers->pdata[i], _("could not write the package"), error))
      goto fail;

  if (!_wn_project_set_meta (package, "package.owner", reviewer, error))
    goto fail;
  wn_json_append_key (detail, "reviewer");
  wn_json_append_string (detail, reviewer);
  wn_json_append_key (detail, "left_out_events");
  wn_json_append_int (detail, left_out_events);
  wn_json_append_key (detail, "left_out_audit_rows");
  wn_json_append_int (detail, left_out_audit);
  g_string_append_c (detail, '}');
  if (!_wn_project_audit (package, "package.create", detail->str, error) ||
      !_wn_project_exec (package, "COMMIT", _("could not write the package"), error))
    goto fail;
  /* Deleted rows leave their bytes in free pages until the file is
   * rebuilt: VACUUM, so that nothing of them is left in the file. */
  return _wn_project_exec (package, "VACUUM", _("could not write the package"), error);

sql_fail:
  _wn_project_set_sqlite_error (error, db, rc, wn_project_get_path (package), _("could not write the package"));
fail:
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

gboolean
wn_project_write_package (WnProject   *self,
                          const char  *reviewer,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(WnReviewer) person = NULL;
  g_autoptr(WnProject) package = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp = NULL;
  g_autoptr(GString) detail = g_string_new ("{");
  gboolean ok;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (reviewer != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  person = wn_project_get_reviewer (self, reviewer, error);
  if (person == NULL)
    return FALSE;

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  {
    g_autofree char *nonce = g_uuid_string_random ();
    g_autofree char *name = g_strdup_printf (".%s.%s.part", base, nonce);

    temp = g_build_filename (dir, name, NULL);
  }

  if (!copy_database (self, temp, error))
    {
      g_unlink (temp);
      return FALSE;
    }
  package = wn_project_open (temp, error);
  ok = package != NULL;
  if (ok)
    {
      wn_project_set_actor (package, wn_project_get_actor (self));
      _wn_project_lock (package);
      ok = strip_package (package, reviewer, error);
      _wn_project_unlock (package);
      wn_project_close (package);
    }
  if (ok && g_rename (temp, path) != 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("could not write %s: %s"), name,
                   g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    {
      g_autofree char *wal = g_strconcat (temp, "-wal", NULL);
      g_autofree char *shm = g_strconcat (temp, "-shm", NULL);

      g_unlink (temp);
      g_unlink (wal);
      g_unlink (shm);
      return FALSE;
    }

  wn_json_append_key (detail, "reviewer");
  wn_json_append_string (detail, reviewer);
  wn_json_append_key (detail, "file");
  wn_json_append_string (detail, base);
  g_string_append_c (detail, '}');
  _wn_project_lock (self);
  if (_wn_project_exec (self, "BEGIN IMMEDIATE", _("could not start a transaction"), NULL))
    {
      if (_wn_project_audit (self, "package.write", detail->str, NULL))
        sqlite3_exec (_wn_project_get_db (self), "COMMIT", NULL, NULL, NULL);
      else
        sqlite3_exec (_wn_project_get_db (self), "ROLLBACK", NULL, NULL, NULL);
    }
  _wn_project_unlock (self);
  return TRUE;
}
