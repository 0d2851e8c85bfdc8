/* wn-exchange.c — working apart: decision files, reviewer packages, merging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A decision file is text:
 *
 *   # winnow-decisions 1
 *   # sha256 <hex digest of every byte after this line>
 *   {"project": UID, "reviewer": NAME, "reviewers": [...], "reasons": [...]}
 *   {"uid", "record", "reviewer", "stage", "kind", "verdict", "reason",
 *    "note", "labels", "criteria_version", "made_at"}     (one event a line)
 *   …
 *
 * The first line names the format and its version; a reader refuses a
 * version it does not know. The checksum finds a file damaged in transit.
 * Line 3 is a JSON object about the file; every later line is one event,
 * a flat JSON object (strings, null, an integer, an array of strings),
 * read by a small parser of its own so that 50,000 events read in a
 * fraction of a second. "record" is the record's uid (see wn-screening.h),
 * so a file means the same in every copy of the project. Merging is a set
 * union by event uid.
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
/* Larger than any decision file a review writes (an event is ~300 bytes:
 * this is over three million events), small enough to read into memory. */
#define DECISIONS_MAX_BYTES ((goffset) 1 << 30)

/* ------------------------------------------------------------------------ */
/* Linking events to records                                                  */

#define UID_PREFIX  "substr (record_uid, 1, instr (record_uid, ':') - 1)"
#define UID_ORDINAL "CAST (substr (record_uid, instr (record_uid, ':') + 1) AS INTEGER)"
#define RESOLVE                                                                  \
  "(SELECT s.first_record_id + " UID_ORDINAL " - 1 FROM searches s"               \
  "  WHERE s.record_prefix = " UID_PREFIX " AND " UID_ORDINAL " BETWEEN 1 AND s.record_count)"

/* Runs one statement with ?1 bound to value. */
static gboolean
exec_with_int (WnProject   *self,
               const char  *sql,
               gint64       value,
               const char  *what,
               GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, value);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, _wn_project_get_db (self), rc, wn_project_get_path (self), what);
      return FALSE;
    }
  return TRUE;
}

gboolean
_wn_screening_link_pending (WnProject   *self,
                            gint64       search_id,
                            GError     **error)
{
  return exec_with_int (self,
                        "UPDATE decisions SET record_id = " RESOLVE
                        " WHERE record_id IS NULL AND " RESOLVE " IS NOT NULL"
                        "   AND (?1 = 0 OR " UID_PREFIX " = (SELECT record_prefix FROM searches WHERE id = ?1))",
                        search_id, _("could not link decisions to their records"), error);
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
  if (event->reverts != NULL)
    {
      wn_json_append_key (out, "reverts");
      wn_json_append_string (out, event->reverts);
    }
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
  wn_json_append_int (body, events->len);
  g_string_append (body, "}\n");
  for (guint i = 0; i < events->len; i++)
    {
      append_event_json (body, events->pdata[i]);
      g_string_append_c (body, '\n');
    }

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

/* "YYYY-MM-DDTHH:MM:SS…Z": the form every event's time is written in. It
 * is compared as text, so the form is what matters. */
static gboolean
valid_time (const char *text)
{
  const char *pattern = "dddd-dd-ddTdd:dd:dd";
  gsize length = strlen (text);

  if (length < strlen (pattern) + 1 || text[length - 1] != 'Z')
    return FALSE;
  for (guint i = 0; pattern[i] != '\0'; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
      return FALSE;
  return TRUE;
}

/* A person's name from a decision file: printed by the CLI, shown in the
 * app and written to logs, so no control characters (a terminal escape
 * sequence, a line break) and not empty. */
static gboolean
plain_name (const char *name)
{
  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    return FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* A flat JSON object on one line: {"key": value, …} where a value is a
 * string, null, an integer or an array of strings. Calls back for each
 * member; FALSE on anything else. */
typedef struct
{
  const char *p;
  const char *end;
  GString    *buffer;
} FlatParser;

static void
skip_space (FlatParser *fp)
{
  while (fp->p < fp->end && (*fp->p == ' ' || *fp->p == '\t' || *fp->p == '\r'))
    fp->p++;
}

/* Reads a JSON string into fp->buffer. */
static gboolean
read_string (FlatParser *fp)
{
  g_string_truncate (fp->buffer, 0);
  if (fp->p >= fp->end || *fp->p != '"')
    return FALSE;
  fp->p++;
  while (fp->p < fp->end)
    {
      const char *start = fp->p;

      while (fp->p < fp->end && *fp->p != '"' && *fp->p != '\\' && (guchar) *fp->p >= 0x20)
        fp->p++;
      g_string_append_len (fp->buffer, start, fp->p - start);
      if (fp->p >= fp->end || (guchar) *fp->p < 0x20)
        return FALSE;
      if (*fp->p == '"')
        {
          fp->p++;
          return g_utf8_validate_len (fp->buffer->str, fp->buffer->len, NULL);
        }
      /* an escape */
      if (++fp->p >= fp->end)
        return FALSE;
      switch (*fp->p++)
        {
        case '"': g_string_append_c (fp->buffer, '"'); break;
        case '\\': g_string_append_c (fp->buffer, '\\'); break;
        case '/': g_string_append_c (fp->buffer, '/'); break;
        case 'b': g_string_append_c (fp->buffer, '\b'); break;
        case 'f': g_string_append_c (fp->buffer, '\f'); break;
        case 'n': g_string_append_c (fp->buffer, '\n'); break;
        case 'r': g_string_append_c (fp->buffer, '\r'); break;
        case 't': g_string_append_c (fp->buffer, '\t'); break;
        case 'u':
          {
            gunichar c = 0;

            for (int k = 0; k < 4; k++, fp->p++)
              {
                if (fp->p >= fp->end || !g_ascii_isxdigit (*fp->p))
                  return FALSE;
                c = c * 16 + (gunichar) g_ascii_xdigit_value (*fp->p);
              }
            if (c >= 0xd800 && c < 0xdc00)
              {
                gunichar low = 0;

                if (fp->end - fp->p < 6 || fp->p[0] != '\\' || fp->p[1] != 'u')
                  return FALSE;
                fp->p += 2;
                for (int k = 0; k < 4; k++, fp->p++)
                  {
                    if (!g_ascii_isxdigit (*fp->p))
                      return FALSE;
                    low = low * 16 + (gunichar) g_ascii_xdigit_value (*fp->p);
                  }
                if (low < 0xdc00 || low >= 0xe000)
                  return FALSE;
                c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
              }
            else if (c >= 0xdc00 && c < 0xe000)
              return FALSE;
            if (c == 0)
              return FALSE; /* no NUL inside a C string */
            g_string_append_unichar (fp->buffer, c);
          }
          break;
        default:
          return FALSE;
        }
    }
  return FALSE;
}

static gboolean
expect (FlatParser *fp,
        char        c)
{
  skip_space (fp);
  if (fp->p < fp->end && *fp->p == c)
    {
      fp->p++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
parse_event_line (const char *line,
                  const char *end,
                  WnDecision *event,
                  GString    *buffer)
{
  FlatParser fp = { line, end, buffer };
  g_autofree char *stage = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *verdict = NULL;

  if (!expect (&fp, '{'))
    return FALSE;
  if (expect (&fp, '}'))
    return FALSE;
  do
    {
      char key[24];
      char **slot = NULL;

      skip_space (&fp);
      if (!read_string (&fp) || fp.buffer->len >= sizeof key)
        return FALSE;
      memcpy (key, fp.buffer->str, fp.buffer->len + 1);
      if (!expect (&fp, ':'))
        return FALSE;
      skip_space (&fp);

      if (g_str_equal (key, "uid"))
        slot = &event->uid;
      else if (g_str_equal (key, "record"))
        slot = &event->record_uid;
      else if (g_str_equal (key, "reviewer"))
        slot = &event->reviewer;
      else if (g_str_equal (key, "made_at"))
        slot = &event->made_at;
      else if (g_str_equal (key, "reason"))
        slot = &event->reason;
      else if (g_str_equal (key, "note"))
        slot = &event->note;
      else if (g_str_equal (key, "stage"))
        slot = &stage;
      else if (g_str_equal (key, "kind"))
        slot = &kind;
      else if (g_str_equal (key, "verdict"))
        slot = &verdict;
      else if (g_str_equal (key, "reverts"))
        slot = &event->reverts;

      if (fp.p < fp.end && *fp.p == '"')
        {
          if (!read_string (&fp))
            return FALSE;
          if (slot != NULL)
            {
              g_free (*slot);
              *slot = g_strndup (fp.buffer->str, fp.buffer->len);
            }
        }
      else if (fp.end - fp.p >= 4 && strncmp (fp.p, "null", 4) == 0)
        fp.p += 4;
      else if (fp.p < fp.end && (*fp.p == '-' || g_ascii_isdigit (*fp.p)))
        {
          char *after = NULL;
          gint64 value = g_ascii_strtoll (fp.p, &after, 10);

          if (after == fp.p || after > fp.end)
            return FALSE;
          fp.p = after;
          if (g_str_equal (key, "criteria_version"))
            event->criteria_version = (int) CLAMP (value, 0, G_MAXINT);
        }
      else if (fp.p < fp.end && *fp.p == '[')
        {
          g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

          fp.p++;
          if (!expect (&fp, ']'))
            {
              do
                {
                  skip_space (&fp);
                  if (!read_string (&fp))
                    return FALSE;
                  g_ptr_array_add (items, g_strndup (fp.buffer->str, fp.buffer->len));
                }
              while (expect (&fp, ','));
              if (!expect (&fp, ']'))
                return FALSE;
            }
          if (g_str_equal (key, "labels") && items->len > 0)
            {
              g_strfreev (event->labels);
              g_ptr_array_add (items, NULL);
              event->labels = (char **) g_ptr_array_steal (items, NULL);
            }
        }
      else
        return FALSE;
    }
  while (expect (&fp, ','));
  if (!expect (&fp, '}'))
    return FALSE;
  skip_space (&fp);
  if (fp.p != fp.end)
    return FALSE;

  return stage != NULL && wn_stage_from_string (stage, &event->stage) &&
         verdict != NULL && wn_verdict_from_string (verdict, &event->verdict) &&
         (g_strcmp0 (kind, "vote") == 0 || (event->adjudication = g_strcmp0 (kind, "adjudication") == 0));
}

static WnDecision *
event_from_line (const char *line,
                 const char *end,
                 guint       line_number,
                 const char *path,
                 GString    *buffer,
                 GError    **error)
{
  g_autoptr(WnDecision) event = g_new0 (WnDecision, 1);

  if (!parse_event_line (line, end, event, buffer) ||
      event->uid == NULL || !g_uuid_string_is_valid (event->uid) || !valid_record_uid (event->record_uid) ||
      event->reviewer == NULL || event->made_at == NULL || !valid_time (event->made_at))
    {
      damaged (error, path, _("line %u: not a decision Winnow can read (incomplete, or a value it does not know)"),
               line_number);
      return NULL;
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
  gint64 expected;
  guint line_number = 3;
  g_autoptr(GString) buffer = g_string_new (NULL);
  GStatBuf info;

  file->path = g_strdup (path);
  /* Refused before reading: a file of gigabytes would be read whole. */
  if (g_stat (path, &info) == 0 && (goffset) info.st_size > DECISIONS_MAX_BYTES)
    {
      g_autofree char *size = g_format_size_full ((guint64) info.st_size,
                                                  G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_LONG_FORMAT);
      g_autofree char *limit = g_format_size_full ((guint64) DECISIONS_MAX_BYTES, G_FORMAT_SIZE_IEC_UNITS);

      damaged (error, path, _("the file is %s, larger than any decision file (at most %s): it is not one"), size,
               limit);
      return NULL;
    }
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
  {
    const char *end = contents + length;
    const char *line_end = memchr (body, '\n', (gsize) (end - body));
    gsize first = line_end != NULL ? (gsize) (line_end - body) : (gsize) (end - body);

    if (!json_parser_load_from_data (parser, body, (gssize) first, &local_error))
      {
        damaged (error, path, _("line 3: %s"), local_error->message);
        return NULL;
      }
    /* An empty line 3 parses, to no root at all. */
    if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
      {
        damaged (error, path, _("line 3: not the file's description"));
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
    if (!plain_name (file->reviewer))
      {
        damaged (error, path, _("line 3: the file's reviewer is missing, empty or holds control characters"));
        return NULL;
      }

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
            if (!plain_name (member_string (object, "name")))
              {
                damaged (error, path, _("line 3: a reviewer's name is empty or holds control characters"));
                return NULL;
              }
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
    {
      JsonNode *count = json_object_get_member (root, "events");

      expected = count != NULL && JSON_NODE_HOLDS_VALUE (count) && json_node_get_value_type (count) == G_TYPE_INT64
                   ? json_node_get_int (count)
                   : -1;
    }

    file->events = g_ptr_array_new_full (expected > 0 ? (guint) MIN (expected, 1000000) : 16,
                                         (GDestroyNotify) wn_decision_free);
    for (const char *line = line_end != NULL ? line_end + 1 : end; line < end;)
      {
        const char *stop = memchr (line, '\n', (gsize) (end - line));
        WnDecision *event;

        if (stop == NULL)
          stop = end;
        line_number++;
        if (stop > line)
          {
            event = event_from_line (line, stop, line_number, path, buffer, error);
            if (event == NULL)
              return NULL;
            /* A decision file carries its owner's events only (see
             * wn_project_export_decisions()); one that claims another
             * reviewer's, even with a good checksum, is refused. */
            if (file->reviewer == NULL || g_strcmp0 (event->reviewer, file->reviewer) != 0)
              {
                damaged (error, path, _("line %u: a decision by “%s” in a file of “%s”'s decisions"), line_number,
                         event->reviewer != NULL ? event->reviewer : "?",
                         file->reviewer != NULL ? file->reviewer : "?");
                wn_decision_free (event);
                return NULL;
              }
            g_ptr_array_add (file->events, event);
          }
        line = stop + 1;
      }
    if (expected != (gint64) file->events->len)
      {
        damaged (error, path, _("the file says it holds %lld decisions but holds %u"), (long long) expected,
                 file->events->len);
        return NULL;
      }
  }
  return g_steal_pointer (&file);
}

typedef struct
{
  const char   *path;
  const char   *project_uid;
  DecisionFile *file;
  GError       *error;
} ReadJob;

static gpointer
read_job (gpointer data)
{
  ReadJob *job = data;

  job->file = read_decision_file (job->path, job->project_uid, &job->error);
  return NULL;
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

/* What a merge needs to tell which conflicts are new: every record
 * screened at all and both stages' tallies. A merge changes neither which
 * records are screened nor the rules, only the tallies, so those alone
 * are read again after it (reading them all again is faster than finding
 * the records the new events are on). */
typedef struct
{
  GArray       *scope; /* (element-type WnScope) */
  GHashTable   *tallies[WN_N_STAGES];
  WnStageRules  rules[WN_N_STAGES];
} ConflictState;

static void
conflict_state_clear (ConflictState *state)
{
  g_clear_pointer (&state->scope, g_array_unref);
  for (WnStage stage = WN_STAGE_TA; stage < WN_N_STAGES; stage++)
    g_clear_pointer (&state->tallies[stage], g_hash_table_unref);
}

static gboolean
conflict_state_read_locked (WnProject      *self,
                            ConflictState  *state,
                            GError        **error)
{
  state->scope = _wn_screening_scope_locked (self, error);
  if (state->scope == NULL)
    return FALSE;
  for (WnStage stage = WN_STAGE_TA; stage < WN_N_STAGES; stage++)
    {
      wn_project_get_rules (self, stage, &state->rules[stage], NULL);
      state->tallies[stage] = _wn_screening_tally_locked (self, stage, NULL, error);
      if (state->tallies[stage] == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Per record of the scope, bit 1 << stage set when it is in conflict there. */
static guint8 *
conflict_bits (const ConflictState *state)
{
  guint8 *bits = g_new0 (guint8, MAX (state->scope->len, 1));

  for (guint i = 0; i < state->scope->len; i++)
    {
      const WnScope *scope = &g_array_index (state->scope, WnScope, i);
      gboolean in[WN_N_STAGES];
      gboolean adjudicated;

      _wn_scope_stages (scope, state->tallies[WN_STAGE_TA], &state->rules[WN_STAGE_TA], &in[WN_STAGE_TA],
                        &in[WN_STAGE_FT]);
      for (WnStage stage = WN_STAGE_TA; stage < WN_N_STAGES; stage++)
        if (in[stage] &&
            _wn_tally_outcome (g_hash_table_lookup (state->tallies[stage], &scope->record_id), &state->rules[stage],
                               &adjudicated) == WN_OUTCOME_CONFLICT)
          bits[i] |= 1 << stage;
    }
  return bits;
}

/* Brings decisions_in_force up to date with the merged events (staged in
 * temp.incoming): per key, an event replaces the one in force when it is
 * later, by made_at then uid — the rule of the trigger that handles single
 * decisions. The rule picks the latest whatever order the events come in,
 * so several events on one key need no grouping first (a GROUP BY took
 * longer than the upserts it saved). An event the project had already
 * changes nothing (it is not later than itself). "WHERE true" tells the
 * parser that ON CONFLICT belongs to the INSERT. */
static gboolean
update_in_force_locked (WnProject   *self,
                        GError     **error)
{
  return _wn_project_exec (self,
                           "INSERT INTO decisions_in_force (record_uid, stage, reviewer, kind, made_at, event_uid,"
                           "  record_id, verdict, reason)"
                           " SELECT record_uid, stage, reviewer, kind, made_at, uid, record_id, verdict, reason"
                           " FROM temp.incoming WHERE true"
                           " ON CONFLICT (record_uid, stage, reviewer, kind) DO UPDATE SET"
                           "   made_at = excluded.made_at, event_uid = excluded.event_uid, record_id = excluded.record_id,"
                           "   verdict = excluded.verdict, reason = excluded.reason"
                           " WHERE excluded.made_at > decisions_in_force.made_at"
                           "    OR (excluded.made_at = decisions_in_force.made_at"
                           "        AND excluded.event_uid > decisions_in_force.event_uid)",
                           _("could not save the merged decisions"), error);
}

gboolean
wn_project_merge_decisions (WnProject           *self,
                            const char * const  *paths,
                            WnMergeReport       *report,
                            GError             **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) decision_file_free);
  g_autoptr(GHashTable) spans = NULL;
  ConflictState conflicts = { 0 };
  g_autofree guint8 *before = NULL;
  g_autofree guint8 *after = NULL;
  g_autofree char *project_uid = NULL;
  g_autofree char *now = _wn_now_iso8601 ();
  g_autoptr(GString) detail = g_string_new ("{");
  g_autoptr(WnStmt) insert = NULL;
  gint64 first_seq = 0;
  WnMergeReport local = { 0 };

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (paths != NULL, FALSE);

  _wn_project_lock (self);
  project_uid = _wn_project_get_meta (self, "uid");
  _wn_project_unlock (self);

  /* Every file is read and checked before anything is written; the files
   * are independent, so they are read in parallel threads, while this one
   * takes the write lock and notes the conflicts as they stand. A bad
   * file rolls that back: nothing is merged. */
  {
    guint n = g_strv_length ((char **) paths);
    g_autofree ReadJob *jobs = g_new0 (ReadJob, n);
    g_autoptr(GPtrArray) threads = g_ptr_array_new ();
    gboolean ok;

    for (guint i = 0; i < n; i++)
      {
        jobs[i].path = paths[i];
        jobs[i].project_uid = project_uid;
        g_ptr_array_add (threads, g_thread_new ("winnow-merge-read", read_job, &jobs[i]));
      }

    _wn_project_lock (self);
    ok = _wn_project_exec (self, "BEGIN IMMEDIATE", _("could not start a transaction"), error);
    if (ok)
      {
        spans = search_spans_locked (self, error);
        ok = spans != NULL && conflict_state_read_locked (self, &conflicts, error);
        if (ok)
          before = conflict_bits (&conflicts);
        if (!ok)
          sqlite3_exec (_wn_project_get_db (self), "ROLLBACK", NULL, NULL, NULL);
      }

    for (guint i = 0; i < threads->len; i++)
      g_thread_join (threads->pdata[i]);
    for (guint i = 0; i < n; i++)
      {
        if (jobs[i].file == NULL && ok)
          {
            g_propagate_error (error, g_steal_pointer (&jobs[i].error));
            ok = FALSE;
            sqlite3_exec (_wn_project_get_db (self), "ROLLBACK", NULL, NULL, NULL);
          }
        g_clear_error (&jobs[i].error);
        if (jobs[i].file != NULL)
          {
            local.files++;
            local.events += jobs[i].file->events->len;
            g_ptr_array_add (files, jobs[i].file);
          }
      }
    if (!ok)
      {
        _wn_project_unlock (self);
        conflict_state_clear (&conflicts);
        return FALSE;
      }
  }

  first_seq = _wn_project_query_int (self, "SELECT IFNULL (max (seq), 0) + 1 FROM decisions", NULL);
  if (!_wn_project_exec (self,
                         "CREATE TEMP TABLE incoming (uid TEXT, record_uid TEXT, record_id INTEGER, reviewer TEXT,"
                         "  stage TEXT, kind TEXT, verdict TEXT, reason TEXT, note TEXT, labels TEXT,"
                         "  criteria_version INTEGER, made_at TEXT, merged_at TEXT, reverts TEXT)",
                         _("could not save the merged decisions"), error))
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
          event->record_id = resolve_uid (spans, event->record_uid);
          if (!_wn_screening_insert_event_locked (self, "temp.incoming", event, now, &insert, NULL, error))
            goto fail;
        }
    }
  /* One set-based insert, in uid order, is several times faster than
   * 100,000 single ones into a table with a unique index. */
  g_clear_pointer (&insert, sqlite3_finalize);
  if (!_wn_project_exec (self,
                         "INSERT OR IGNORE INTO decisions (uid, record_uid, record_id, reviewer, stage, kind, verdict,"
                         "  reason, note, labels, criteria_version, made_at, merged_at, reverts)"
                         " SELECT uid, record_uid, record_id, reviewer, stage, kind, verdict, reason, note, labels,"
                         "  criteria_version, made_at, merged_at, reverts FROM temp.incoming ORDER BY uid",
                         _("could not save the merged decisions"), error))
    goto fail;
  local.new_events = sqlite3_changes64 (_wn_project_get_db (self));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM decisions WHERE seq >= %" G_GINT64_FORMAT
                                            " AND record_id IS NULL", first_seq);

    local.pending = _wn_project_query_int (self, sql, NULL);
  }

  if ((local.new_events > 0 && !update_in_force_locked (self, error)) ||
      !_wn_project_exec (self, "DROP TABLE temp.incoming", _("could not save the merged decisions"), error))
    goto fail;
  /* Nothing new: no conflict is new either. */
  for (WnStage stage = WN_STAGE_TA; stage < WN_N_STAGES && local.new_events > 0; stage++)
    {
      g_clear_pointer (&conflicts.tallies[stage], g_hash_table_unref);
      conflicts.tallies[stage] = _wn_screening_tally_locked (self, stage, NULL, error);
      if (conflicts.tallies[stage] == NULL)
        goto fail;
    }
  after = conflict_bits (&conflicts);
  for (guint i = 0; i < conflicts.scope->len; i++)
    {
      guint8 fresh = after[i] & ~before[i];

      for (WnStage stage = WN_STAGE_TA; stage < WN_N_STAGES; stage++)
        local.new_conflicts += (fresh >> stage) & 1;
    }

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
  conflict_state_clear (&conflicts);
  if (report != NULL)
    *report = local;
  return TRUE;

fail:
  sqlite3_exec (_wn_project_get_db (self), "ROLLBACK", NULL, NULL, NULL);
  _wn_project_unlock (self);
  conflict_state_clear (&conflicts);
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
