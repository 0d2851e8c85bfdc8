/* wn-project-records.c — searches and records in the project store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE 1 /* memmem */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "wn-project-private.h"
#include "wn-record-item.h"

/* ------------------------------------------------------------------------ */
/* The fields column                                                         */

static void
append_escaped (GString    *out,
                const char *text)
{
  const char *p = text;

  /* Copy runs of ordinary bytes at once (strcspn is vectorised): this
   * runs over every byte of every imported field, and most hold nothing
   * to escape. */
  for (;;)
    {
      gsize run = strcspn (p, "\\\n\r\t");
      const char *escape;

      g_string_append_len (out, p, run);
      p += run;
      switch (*p)
        {
        case '\\':
          escape = "\\\\";
          break;
        case '\n':
          escape = "\\n";
          break;
        case '\r':
          escape = "\\r";
          break;
        case '\t':
          escape = "\\t";
          break;
        default:
          return;
        }
      g_string_append_len (out, escape, 2);
      p++;
    }
}

/* A field whose value is byte for byte a column of its record (the title,
 * the abstract, the journal, the k-th author or keyword) is stored as a
 * reference to that column, '\\=' and a letter (T, B, J; A or K and the
 * index): an abstract is then written once, not twice. A literal value
 * cannot begin with '\\=' (a backslash is always escaped as '\\\\'), and a
 * record's columns never change (a trigger refuses it), so the reference
 * always reads back as the value. Short values are written as they are. */
/* Appends a letter (or none) and a number in decimal: what printf would
 * do, at a tenth of the cost, for every reference of every record. */
static void
append_code (GString *out,
             char     letter,
             guint64  number)
{
  char digits[24];
  guint n = 0;

  if (letter != '\0')
    g_string_append_c (out, letter);
  do
    digits[n++] = '0' + number % 10;
  while ((number /= 10) > 0);
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

#define REFERENCE_MIN_LENGTH 8

static gboolean
lines_are_references (GPtrArray *lines)
{
  /* The column joins the list with newlines: an item holding one would
   * shift the indices when the column is split again. */
  for (guint i = 0; lines != NULL && i < lines->len; i++)
    if (strchr (g_ptr_array_index (lines, i), '\n') != NULL)
      return FALSE;
  return lines != NULL;
}

static gboolean
same_text (const char *column,
           const char *value,
           gsize       value_len)
{
  return column != NULL && column[0] == value[0] && strncmp (column, value, value_len) == 0
         && column[value_len] == '\0';
}

static gboolean
append_reference (GString        *out,
                  const WnRecord *record,
                  const char     *value,
                  guint          *next_author,
                  guint          *next_keyword,
                  gboolean        list_refs[2])
{
  gsize len = strlen (value);

  if (len < REFERENCE_MIN_LENGTH)
    return FALSE;
  if (same_text (record->title, value, len))
    g_string_append (out, "\\=T");
  else if (same_text (record->abstract, value, len))
    g_string_append (out, "\\=B");
  else if (same_text (record->journal, value, len))
    g_string_append (out, "\\=J");
  else if (list_refs[0] && *next_author < record->authors->len
           && same_text (g_ptr_array_index (record->authors, *next_author), value, len))
    {
      g_string_append (out, "\\=");
      append_code (out, 'A', (*next_author)++);
    }
  else if (list_refs[1] && *next_keyword < record->keywords->len
           && same_text (g_ptr_array_index (record->keywords, *next_keyword), value, len))
    {
      g_string_append (out, "\\=");
      append_code (out, 'K', (*next_keyword)++);
    }
  else
    return FALSE;
  return TRUE;
}

char *
_wn_fields_encode (const WnRecord *record)
{
  GString *out = g_string_sized_new (512);
  gboolean list_refs[2] = { lines_are_references (record->authors), lines_are_references (record->keywords) };
  guint next_author = 0, next_keyword = 0;

  for (guint i = 0; i < record->fields->len; i++)
    {
      const WnField *field = g_ptr_array_index (record->fields, i);

      append_escaped (out, field->tag);
      g_string_append_c (out, '\t');
      if (!append_reference (out, record, field->value, &next_author, &next_keyword, list_refs))
        append_escaped (out, field->value);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/* The k-th line of a newline-joined column, or NULL. */
static char *
nth_line (const char *text,
          guint64     k)
{
  const char *line = text;

  for (; line != NULL && k > 0; k--)
    {
      line = strchr (line, '\n');
      if (line != NULL)
        line++;
    }
  if (line == NULL)
    return NULL;
  return g_strndup (line, strcspn (line, "\n"));
}

char *
_wn_fields_resolve_reference (const char *reference,
                              gsize       length,
                              const char *title,
                              const char *abstract,
                              const char *journal,
                              const char *authors,
                              const char *keywords)
{
  g_autofree char *index_text = NULL;
  guint64 index;

  if (length < 3 || reference[0] != '\\' || reference[1] != '=')
    return NULL;
  switch (reference[2])
    {
    case 'T':
      return length == 3 ? g_strdup (title) : NULL;
    case 'B':
      return length == 3 ? g_strdup (abstract) : NULL;
    case 'J':
      return length == 3 ? g_strdup (journal) : NULL;
    case 'A':
    case 'K':
      index_text = g_strndup (reference + 3, length - 3);
      if (!g_ascii_string_to_unsigned (index_text, 10, 0, G_MAXUINT32, &index, NULL))
        return NULL;
      return nth_line (reference[2] == 'A' ? authors : keywords, index);
    default:
      return NULL;
    }
}

/* The verbatim text of a record holds its abstract and title once more
 * (an RIS "AB  - " line; a WoS or MEDLINE field wrapped over lines, each
 * line break standing for a space of the column's value): those are cut
 * out, stored as where they were, and put back when the text is read.
 *
 * A text with cuts begins with SOURCE_CUTS, then the cuts in order,
 * separated by commas, then SOURCE_TEXT and the rest of the text. A cut is
 * a letter (T the title, B the abstract), the offset in the whole text
 * where the column's value begins, and, when it was wrapped, "w" (line
 * break "\n") or "W" ("\r\n"), the indent's width, and ".N" for each space
 * of the value written as a line break and the indent, N its byte offset
 * in the value. A
 * verbatim text that itself begins with SOURCE_CUTS is stored with no
 * cuts. The encoder checks its work by decoding (a text that would not
 * come back byte for byte is stored as it is), and, as with the fields'
 * references, the columns never change. */
#define SOURCE_CUTS '\001'
#define SOURCE_TEXT '\002'
#define SOURCE_CUT_MIN_LENGTH 32
#define SOURCE_MAX_INDENT 16

typedef struct
{
  char        letter;
  gsize       offset;    /* in the whole text */
  gsize       length;    /* of the text the value takes there */
  gboolean    crlf;
  guint       indent;
  GArray     *breaks;    /* (element-type guint) offsets in the value of spaces written as line breaks */
} SourceCut;

/* Matches value against the text at `at`, spaces of the value possibly
 * written as a line break and a fixed indent. Line by line: this runs
 * over every abstract of a WoS or MEDLINE import. */
static gboolean
match_wrapped (const char *text,
               gsize       text_len,
               gsize       at,
               const char *value,
               gsize       value_len,
               SourceCut  *cut)
{
  gsize t = at, v = 0;
  gboolean wrapped = FALSE;

  for (;;)
    {
      /* The same bytes up to the text's next line end (or the value's end). */
      const char *eol = memchr (text + t, '\n', text_len - t);
      gsize line = (eol != NULL ? (gsize) (eol - text) : text_len) - t;
      gsize run = MIN (line, value_len - v);
      gboolean crlf;
      gsize u;
      guint indent = 0;

      if (run > 0 && text[t + run - 1] == '\r' && run == line)
        run--;
      if (memcmp (text + t, value + v, run) != 0)
        return FALSE;
      t += run;
      v += run;
      if (v == value_len)
        break;
      /* A line break standing for a space of the value. */
      if (value[v] != ' ')
        return FALSE;
      crlf = t + 1 < text_len && text[t] == '\r' && text[t + 1] == '\n';
      if (!crlf && (t >= text_len || text[t] != '\n'))
        return FALSE;
      u = t + (crlf ? 2 : 1);
      while (u < text_len && text[u] == ' ' && indent <= SOURCE_MAX_INDENT)
        u++, indent++;
      if (indent == 0 || indent > SOURCE_MAX_INDENT)
        return FALSE;
      if (!wrapped)
        {
          cut->crlf = crlf;
          cut->indent = indent;
          wrapped = TRUE;
        }
      else if (cut->crlf != crlf || cut->indent != indent)
        return FALSE;
      if (cut->breaks == NULL)
        cut->breaks = g_array_sized_new (FALSE, FALSE, sizeof (guint), 32);
      {
        guint offset = v;

        g_array_append_val (cut->breaks, offset);
      }
      v++;
      t = u;
    }
  cut->offset = at;
  cut->length = t - at;
  return TRUE;
}

static gboolean
find_cut (const char *text,
          gsize       text_len,
          char        letter,
          const char *value,
          SourceCut  *cut)
{
  gsize len, head;
  const char *at = text;

  memset (cut, 0, sizeof *cut);
  cut->letter = letter;
  if (value == NULL || (len = strlen (value)) < SOURCE_CUT_MIN_LENGTH)
    return FALSE;
  /* Look for the value's first word (a wrap never comes before it), then
   * follow the value, on one line or through line breaks. */
  head = strcspn (value, " ");
  if (head == 0)
    return FALSE;
  for (guint tries = 0; tries < 4; tries++)
    {
      at = memmem (at, text_len - (at - text), value, head);
      if (at == NULL)
        return FALSE;
      if (match_wrapped (text, text_len, at - text, value, len, cut))
        return TRUE;
      if (cut->breaks != NULL)
        g_array_set_size (cut->breaks, 0);
      at++;
    }
  return FALSE;
}

static void
source_cut_clear (SourceCut *cut)
{
  g_clear_pointer (&cut->breaks, g_array_unref);
}

/* Returns the text to store, or NULL to store the verbatim text as it is. */
char *
_wn_source_encode (const WnRecord *record)
{
  const char *text = record->source_text;
  SourceCut cuts[2];
  guint n = 0;
  gsize text_len, from = 0;
  g_autofree char *check = NULL;
  GString *out;

  if (text == NULL)
    return NULL;
  text_len = strlen (text);
  if (find_cut (text, text_len, 'B', record->abstract, &cuts[n]))
    n++;
  else
    source_cut_clear (&cuts[n]);
  if (find_cut (text, text_len, 'T', record->title, &cuts[n]) &&
      (n == 0 || cuts[n].offset + cuts[n].length <= cuts[0].offset ||
       cuts[n].offset >= cuts[0].offset + cuts[0].length))
    n++;
  else
    source_cut_clear (&cuts[n]);
  if (n == 0 && text[0] != SOURCE_CUTS)
    return NULL;
  if (n == 2 && cuts[1].offset < cuts[0].offset)
    {
      SourceCut first = cuts[1];

      cuts[1] = cuts[0];
      cuts[0] = first;
    }

  out = g_string_sized_new (text_len + 64);
  g_string_append_c (out, SOURCE_CUTS);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_code (out, cuts[i].letter, cuts[i].offset);
      if (cuts[i].breaks != NULL && cuts[i].breaks->len > 0)
        {
          append_code (out, cuts[i].crlf ? 'W' : 'w', cuts[i].indent);
          for (guint b = 0; b < cuts[i].breaks->len; b++)
            append_code (out, '.', g_array_index (cuts[i].breaks, guint, b));
        }
    }
  g_string_append_c (out, SOURCE_TEXT);
  for (guint i = 0; i < n; i++)
    {
      g_string_append_len (out, text + from, cuts[i].offset - from);
      from = cuts[i].offset + cuts[i].length;
      source_cut_clear (&cuts[i]);
    }
  g_string_append_len (out, text + from, text_len - from);

  check = _wn_source_decode (out->str, record->title, record->abstract);
  if (check == NULL || strcmp (check, text) != 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* Appends value, the spaces listed after spec's "w"/"W" and indent (by
 * their offsets in value) written as line breaks; returns where spec goes
 * on, or NULL when it does not fit the value. */
static const char *
append_cut (GString    *out,
            const char *value,
            const char *spec)
{
  const char *p = spec;
  guint indent = 0;
  gsize from = 0, value_len = strlen (value);
  gboolean crlf = FALSE;
  char breaker[2 + SOURCE_MAX_INDENT];
  gsize breaker_len = 0;

  if (*p == 'w' || *p == 'W')
    {
      crlf = *p == 'W';
      indent = (guint) g_ascii_strtoull (p + 1, (char **) &p, 10);
      if (indent == 0 || indent > SOURCE_MAX_INDENT)
        return NULL;
      if (crlf)
        breaker[breaker_len++] = '\r';
      breaker[breaker_len++] = '\n';
      memset (breaker + breaker_len, ' ', indent);
      breaker_len += indent;
    }
  while (*p == '.')
    {
      char *end = NULL;
      guint64 offset = g_ascii_strtoull (p + 1, &end, 10);

      if (end == p + 1 || indent == 0 || offset < from || offset >= value_len || value[offset] != ' ')
        return NULL;
      p = end;
      g_string_append_len (out, value + from, offset - from);
      g_string_append_len (out, breaker, breaker_len);
      from = offset + 1;
    }
  g_string_append_len (out, value + from, value_len - from);
  return p;
}

/* The verbatim text of a stored one; NULL when the cuts do not fit the
 * record (a damaged file), in which case the stored text is shown. */
char *
_wn_source_decode (const char *stored,
                   const char *title,
                   const char *abstract)
{
  const char *p, *rest;
  gsize rest_len, done = 0;
  GString *out;

  if (stored == NULL || stored[0] != SOURCE_CUTS)
    return g_strdup (stored);
  rest = strchr (stored, SOURCE_TEXT);
  if (rest == NULL)
    return NULL;
  rest++;
  rest_len = strlen (rest);
  out = g_string_sized_new (rest_len + (title ? strlen (title) : 0) + (abstract ? strlen (abstract) : 0) + 64);
  for (p = stored + 1; *p != SOURCE_TEXT;)
    {
      const char *value = *p == 'T' ? title : *p == 'B' ? abstract : NULL;
      char *end = NULL;
      guint64 offset;

      if (value == NULL || !g_ascii_isdigit (p[1]))
        break;
      offset = g_ascii_strtoull (p + 1, &end, 10);
      /* The part of the rest before the value: from where the text
       * written so far ends to the value's offset. */
      if (offset < out->len || offset - out->len > rest_len - done)
        break;
      {
        gsize before = offset - out->len;

        g_string_append_len (out, rest + done, before);
        done += before;
      }
      p = append_cut (out, value, end);
      if (p == NULL)
        break;
      if (*p == ',')
        p++;
      else if (*p != SOURCE_TEXT)
        break;
    }
  if (p == NULL || *p != SOURCE_TEXT)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  g_string_append_len (out, rest + done, rest_len - done);
  return g_string_free (out, FALSE);
}

static char *
unescape_range (const char *start,
                const char *end)
{
  GString *out = g_string_sized_new (end - start);

  for (const char *p = start; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end)
        {
          p++;
          switch (*p)
            {
            case 'n':
              g_string_append_c (out, '\n');
              break;
            case 'r':
              g_string_append_c (out, '\r');
              break;
            case 't':
              g_string_append_c (out, '\t');
              break;
            default:
              g_string_append_c (out, *p);
            }
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* authors and keywords: the record's columns as stored (newline-joined);
 * the record's title, abstract and journal are read before its fields. */
void
_wn_fields_decode (const char *text,
                   const char *authors,
                   const char *keywords,
                   WnRecord   *record)
{
  const char *line = text;

  while (line != NULL && *line != '\0')
    {
      const char *eol = strchr (line, '\n');
      const char *tab;
      g_autofree char *tag = NULL;
      g_autofree char *value = NULL;

      if (eol == NULL)
        eol = line + strlen (line);
      tab = memchr (line, '\t', eol - line);
      if (tab != NULL)
        {
          tag = unescape_range (line, tab);
          value = _wn_fields_resolve_reference (tab + 1, eol - tab - 1, record->title, record->abstract,
                                                record->journal, authors, keywords);
          if (value == NULL)
            value = unescape_range (tab + 1, eol);
          wn_record_add_field (record, tag, value);
        }
      line = *eol ? eol + 1 : NULL;
    }
}

static char *
join_lines (GPtrArray *strings)
{
  GString *out;

  if (strings == NULL || strings->len == 0)
    return NULL;

  out = g_string_new (NULL);
  for (guint i = 0; i < strings->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, g_ptr_array_index (strings, i));
    }

  return g_string_free (out, FALSE);
}

static void
split_lines_into (const char *text,
                  GPtrArray  *into)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL || *text == '\0')
    return;
  parts = g_strsplit (text, "\n", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    g_ptr_array_add (into, g_steal_pointer (&parts[i]));
}

/* ------------------------------------------------------------------------ */
/* Searches                                                                  */

WnSearch *
wn_search_new (void)
{
  WnSearch *search = g_new0 (WnSearch, 1);

  search->reported_hits = -1;
  return search;
}

void
wn_search_free (WnSearch *search)
{
  if (search == NULL)
    return;

  g_free (search->database);
  g_free (search->platform);
  g_free (search->date_searched);
  g_free (search->query);
  g_free (search->file_name);
  g_free (search->file_sha256);
  g_free (search->format);
  g_free (search->encoding);
  g_free (search->vendor);
  g_free (search->imported_at);
  g_free (search->imported_by);
  g_free (search->method);
  g_free (search);
}

GPtrArray *
wn_project_list_searches (WnProject  *self,
                          GError    **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GPtrArray) searches = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_search_free);
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  db = _wn_project_get_db (self);
  rc = sqlite3_prepare_v2 (db,
                           "SELECT id, database, platform, date_searched, query, reported_hits,"
                           "       file_name, file_sha256, format, encoding, vendor, record_count,"
                           "       imported_at, imported_by, method, coalesce (batch, id)"
                           "  FROM searches ORDER BY id",
                           -1, &stmt, NULL);
  for (rc = rc == SQLITE_OK ? sqlite3_step (stmt) : rc; rc == SQLITE_ROW; rc = sqlite3_step (stmt))
    {
      WnSearch *search = wn_search_new ();

      search->id = sqlite3_column_int64 (stmt, 0);
      search->database = _wn_column_dup (stmt, 1);
      search->platform = _wn_column_dup (stmt, 2);
      search->date_searched = _wn_column_dup (stmt, 3);
      search->query = _wn_column_dup (stmt, 4);
      search->reported_hits = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 5);
      search->file_name = _wn_column_dup (stmt, 6);
      search->file_sha256 = _wn_column_dup (stmt, 7);
      search->format = _wn_column_dup (stmt, 8);
      search->encoding = _wn_column_dup (stmt, 9);
      search->vendor = _wn_column_dup (stmt, 10);
      search->record_count = sqlite3_column_int64 (stmt, 11);
      search->imported_at = _wn_column_dup (stmt, 12);
      search->imported_by = _wn_column_dup (stmt, 13);
      search->method = _wn_column_dup (stmt, 14);
      search->batch_id = sqlite3_column_int64 (stmt, 15);
      g_ptr_array_add (searches, search);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, db, rc, wn_project_get_path (self), _("could not list the searches"));
      _wn_project_unlock (self);
      return NULL;
    }
  _wn_project_unlock (self);

  return g_steal_pointer (&searches);
}

gint64
wn_project_find_search_by_sha256 (WnProject   *self,
                                  const char  *sha256,
                                  GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  sqlite3 *db;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), 0);
  g_return_val_if_fail (sha256 != NULL, 0);

  _wn_project_lock (self);
  db = _wn_project_get_db (self);
  rc = sqlite3_prepare_v2 (db, "SELECT id FROM searches WHERE file_sha256 = ? ORDER BY id LIMIT 1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    _wn_project_set_sqlite_error (error, db, rc, wn_project_get_path (self), _("could not look up earlier searches"));
  _wn_project_unlock (self);

  return id;
}

static void bind_text_or_null (sqlite3_stmt *stmt,
                               int           column,
                               const char   *text);

static void
append_change (GString      *detail,
               const char   *key,
               sqlite3_stmt *old_row,
               int           column,
               const char   *value)
{
  if (value == NULL)
    return;
  wn_json_append_key (detail, key);
  g_string_append (detail, "{\"old\":");
  wn_json_append_string (detail, (const char *) sqlite3_column_text (old_row, column));
  g_string_append (detail, ",\"new\":");
  wn_json_append_string (detail, *value ? value : NULL);
  g_string_append_c (detail, '}');
}

gboolean
wn_project_update_search (WnProject   *self,
                          gint64       search_id,
                          const char  *database,
                          const char  *platform,
                          const char  *date_searched,
                          const char  *query,
                          gint64       reported_hits,
                          GError     **error)
{
  g_autoptr(WnStmt) old_row = NULL;
  g_autoptr(WnStmt) update = NULL;
  g_autoptr(GString) detail = g_string_new ("{");
  const char *path;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  _wn_project_lock (self);
  db = _wn_project_get_db (self);
  path = wn_project_get_path (self);
  rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto fail;

  rc = sqlite3_prepare_v2 (db, "SELECT database, platform, date_searched, query, reported_hits"
                               "  FROM searches WHERE id = ?", -1, &old_row, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (old_row, 1, search_id);
      rc = sqlite3_step (old_row);
    }
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND,
                   _("%s: there is no search %lld"), path, (long long) search_id);
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      _wn_project_unlock (self);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    goto fail;

  wn_json_append_key (detail, "search_id");
  wn_json_append_int (detail, search_id);
  append_change (detail, "database", old_row, 0, database);
  append_change (detail, "platform", old_row, 1, platform);
  append_change (detail, "date_searched", old_row, 2, date_searched);
  append_change (detail, "query", old_row, 3, query);
  if (reported_hits != -2)
    {
      wn_json_append_key (detail, "reported_hits");
      g_string_append (detail, "{\"old\":");
      if (sqlite3_column_type (old_row, 4) == SQLITE_NULL)
        g_string_append (detail, "null");
      else
        wn_json_append_int (detail, sqlite3_column_int64 (old_row, 4));
      g_string_append (detail, ",\"new\":");
      if (reported_hits < 0)
        g_string_append (detail, "null");
      else
        wn_json_append_int (detail, reported_hits);
      g_string_append_c (detail, '}');
    }
  g_string_append_c (detail, '}');

  /* ?N IS NULL: leave the column as it is. NULLIF (…, ''): "" clears it. */
  rc = sqlite3_prepare_v2 (db,
                           "UPDATE searches SET"
                           "  database = CASE WHEN ?1 IS NULL THEN database ELSE NULLIF (?1, '') END,"
                           "  platform = CASE WHEN ?2 IS NULL THEN platform ELSE NULLIF (?2, '') END,"
                           "  date_searched = CASE WHEN ?3 IS NULL THEN date_searched ELSE NULLIF (?3, '') END,"
                           "  query = CASE WHEN ?4 IS NULL THEN query ELSE NULLIF (?4, '') END,"
                           "  reported_hits = CASE ?5 WHEN -2 THEN reported_hits WHEN -1 THEN NULL ELSE ?5 END"
                           " WHERE " WN_SQL_SAME_BATCH ("?6"),
                           -1, &update, NULL);
  if (rc == SQLITE_OK)
    {
      bind_text_or_null (update, 1, database);
      bind_text_or_null (update, 2, platform);
      bind_text_or_null (update, 3, date_searched);
      bind_text_or_null (update, 4, query);
      sqlite3_bind_int64 (update, 5, reported_hits < -2 ? -2 : reported_hits);
      sqlite3_bind_int64 (update, 6, search_id);
      rc = sqlite3_step (update);
    }
  if (rc != SQLITE_DONE)
    goto fail;
  if (!_wn_project_audit (self, "search.update", detail->str, error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      _wn_project_unlock (self);
      return FALSE;
    }
  rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  _wn_project_unlock (self);
  return TRUE;

fail:
  _wn_project_set_sqlite_error (error, db, rc, path, _("could not change the search"));
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  _wn_project_unlock (self);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Writing a search                                                          */

struct _WnSearchWriter
{
  WnProject    *project;
  sqlite3      *db;
  sqlite3_stmt *insert;
  sqlite3_stmt *index;    /* adds the records stored since the last time to the search index */
  gint64        indexed;  /* the last record id in the search index */
  gint64        last_id;
  gint64        search_id;
  gint64        batch;    /* the search this file joins (its first file), 0 for a new one */
  gint64        count;
  gboolean      finished;
  char         *format;
  char         *encoding;
  char         *vendor;
  char         *database;
  char         *sha256;
  char         *query;    /* detected: wn_search_writer_set_detected_query() */
  char         *file_name;
};

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_STATIC);
}

WnSearchWriter *
wn_project_begin_search (WnProject       *self,
                         const WnSearch  *search,
                         GError         **error)
{
  WnSearchWriter *writer;
  g_autoptr(WnStmt) stmt = NULL;
  g_autofree char *uid = g_uuid_string_random ();
  g_autofree char *now = _wn_now_iso8601 ();
  gint64 batch = 0;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);
  g_return_val_if_fail (search != NULL, NULL);

  _wn_project_lock (self);
  db = _wn_project_get_db (self);

  rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _wn_project_set_sqlite_error (error, db, rc, wn_project_get_path (self), _("could not start the import"));
      _wn_project_unlock (self);
      return NULL;
    }

  /* A file of an earlier search: it joins that search's first file. */
  if (search->batch_id > 0 && (batch = _wn_search_batch_resolve_locked (self, search->batch_id, error)) == 0)
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      _wn_project_unlock (self);
      return NULL;
    }

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO searches (uid, database, platform, date_searched, query, reported_hits,"
                           "  file_name, file_sha256, format, encoding, vendor, imported_at, imported_by, method, batch)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE (?, 'database'), NULLIF (?, 0))",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 2, search->database);
      bind_text_or_null (stmt, 3, search->platform);
      bind_text_or_null (stmt, 4, search->date_searched);
      bind_text_or_null (stmt, 5, search->query);
      if (search->reported_hits >= 0)
        sqlite3_bind_int64 (stmt, 6, search->reported_hits);
      else
        sqlite3_bind_null (stmt, 6);
      bind_text_or_null (stmt, 7, search->file_name);
      bind_text_or_null (stmt, 8, search->file_sha256);
      bind_text_or_null (stmt, 9, search->format);
      bind_text_or_null (stmt, 10, search->encoding);
      bind_text_or_null (stmt, 11, search->vendor);
      sqlite3_bind_text (stmt, 12, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 13, wn_project_get_actor (self), -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 14, search->method);
      sqlite3_bind_int64 (stmt, 15, batch);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, db, rc, wn_project_get_path (self), _("could not record the search"));
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      _wn_project_unlock (self);
      return NULL;
    }

  writer = g_new0 (WnSearchWriter, 1);
  writer->project = g_object_ref (self);
  writer->db = db;
  writer->search_id = sqlite3_last_insert_rowid (db);
  writer->batch = batch;
  /* Records already in the project are indexed; this search's come after
   * them (ids only grow). */
  writer->indexed = _wn_project_query_int (self, "SELECT COALESCE (max (id), 0) FROM records", error);
  writer->last_id = writer->indexed;
  if (writer->indexed < 0)
    {
      wn_search_writer_free (writer);
      return NULL;
    }
  writer->file_name = g_strdup (search->file_name);

  rc = sqlite3_prepare_v3 (db,
                           "INSERT INTO records (search_id, source_id, title, authors, year, journal,"
                           "  volume, issue, pages, doi, pmid, abstract, keywords, language, type, database,"
                           "  fields, source_text, line_start, line_end)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, SQLITE_PREPARE_PERSISTENT, &writer->insert, NULL);
  if (rc != SQLITE_OK)
    {
      _wn_project_set_sqlite_error (error, db, rc, wn_project_get_path (self), _("could not prepare the import"));
      wn_search_writer_free (writer);
      return NULL;
    }

  return writer;
}

gint64
wn_search_writer_get_search_id (WnSearchWriter *writer)
{
  g_return_val_if_fail (writer != NULL, 0);
  return writer->search_id;
}

gint64
wn_search_writer_get_batch_id (WnSearchWriter *writer)
{
  g_return_val_if_fail (writer != NULL, 0);

  return writer->batch > 0 ? writer->batch : writer->search_id;
}

static gboolean
names_differ (const char *a,
              const char *b)
{
  return a != NULL && b != NULL && *a != '\0' && *b != '\0' && g_ascii_strcasecmp (a, b) != 0;
}

gboolean
wn_search_writer_same_source (WnSearchWriter  *writer,
                              const char      *database,
                              const char      *vendor,
                              GError         **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  gboolean same = TRUE;
  int rc;

  g_return_val_if_fail (writer != NULL, FALSE);

  if (writer->batch == 0)
    return TRUE;
  rc = sqlite3_prepare_v2 (writer->db, "SELECT database, vendor, platform FROM searches WHERE id = ?", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, writer->batch);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    same = !names_differ (database, (const char *) sqlite3_column_text (stmt, 0)) &&
           !names_differ (vendor, (const char *) sqlite3_column_text (stmt, 1));
  else if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, writer->db, rc, wn_project_get_path (writer->project),
                                    _("could not look up earlier searches"));
      return FALSE;
    }
  return same;
}

gboolean
wn_search_writer_leave_batch (WnSearchWriter  *writer,
                              GError         **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (writer != NULL, FALSE);

  if (writer->batch == 0)
    return TRUE;
  rc = sqlite3_prepare_v2 (writer->db, "UPDATE searches SET batch = NULL WHERE id = ?", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, writer->search_id);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, writer->db, rc, wn_project_get_path (writer->project),
                                    _("could not record the search"));
      return FALSE;
    }
  writer->batch = 0;
  return TRUE;
}

/* The insert's text parameters, 2 to 18, in order. */
#define N_TEXTS 17

struct _WnPreparedRecord
{
  WnRecord   *record;
  char       *authors;
  char       *keywords;
  char       *fields;
  char       *source;   /* NULL: the verbatim text as it is */
  /* What each text parameter binds, and its length (measured here, not by
   * SQLite on the storing thread): NULL binds NULL. */
  const char *texts[N_TEXTS];
  int         lengths[N_TEXTS];
};

static void
prepare_texts (WnPreparedRecord *prepared,
               WnRecord         *record)
{
  prepared->record = record;
  prepared->authors = join_lines (record->authors);
  prepared->keywords = join_lines (record->keywords);
  prepared->fields = _wn_fields_encode (record);
  prepared->source = _wn_source_encode (record);

  prepared->texts[0] = record->source_id;
  prepared->texts[1] = record->title;
  prepared->texts[2] = prepared->authors;
  prepared->texts[3] = record->year;
  prepared->texts[4] = record->journal;
  prepared->texts[5] = record->volume;
  prepared->texts[6] = record->issue;
  prepared->texts[7] = record->pages;
  prepared->texts[8] = record->doi;
  prepared->texts[9] = record->pmid;
  prepared->texts[10] = record->abstract;
  prepared->texts[11] = prepared->keywords;
  prepared->texts[12] = record->language;
  prepared->texts[13] = record->type;
  prepared->texts[14] = record->database;
  prepared->texts[15] = prepared->fields;
  prepared->texts[16] = prepared->source ? prepared->source : record->source_text ? record->source_text : "";
  for (guint i = 0; i < N_TEXTS; i++)
    prepared->lengths[i] = prepared->texts[i] != NULL ? (int) MIN (strlen (prepared->texts[i]), G_MAXINT) : 0;
}

static void
clear_texts (WnPreparedRecord *prepared)
{
  g_free (prepared->authors);
  g_free (prepared->keywords);
  g_free (prepared->fields);
  g_free (prepared->source);
}

WnPreparedRecord *
wn_prepared_record_new (WnRecord *record)
{
  WnPreparedRecord *prepared;

  g_return_val_if_fail (record != NULL, NULL);

  prepared = g_new (WnPreparedRecord, 1);
  prepare_texts (prepared, record);
  return prepared;
}

void
wn_prepared_record_free (WnPreparedRecord *prepared)
{
  if (prepared == NULL)
    return;
  wn_record_free (prepared->record);
  clear_texts (prepared);
  g_free (prepared);
}

/* The search index is built as the records arrive, tens of thousands at a
 * time, rather than all at the end: the parse thread is then still busy,
 * and this thread would otherwise wait for it. Each statement writes at
 * least one segment (FTS5 flushes its terms at every statement's end, and
 * whenever they pass its hashsize), and segments are merged later: every
 * 8,192 records cost 15 % more CPU than every 32,768. */
#define INDEX_EVERY 32768

static gboolean
index_new_records (WnSearchWriter  *writer,
                   GError         **error)
{
  int rc = SQLITE_OK;

  if (writer->last_id <= writer->indexed)
    return TRUE;
  if (writer->index == NULL)
    rc = sqlite3_prepare_v3 (writer->db,
                             "INSERT INTO records_fts (rowid, title, abstract, authors, keywords)"
                             " SELECT id, title, abstract, authors, keywords FROM records WHERE id > ?1 AND id <= ?2",
                             -1, SQLITE_PREPARE_PERSISTENT, &writer->index, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (writer->index, 1, writer->indexed);
      sqlite3_bind_int64 (writer->index, 2, writer->last_id);
      rc = sqlite3_step (writer->index);
      sqlite3_reset (writer->index);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, writer->db, rc, wn_project_get_path (writer->project),
                                    _("could not index the records"));
      return FALSE;
    }
  writer->indexed = writer->last_id;
  return TRUE;
}

/* Records need no UUID of their own: the integer id is stable, never reused
 * (AUTOINCREMENT), and the same in every copy of the project (a reviewer
 * package is a copy), which is what decision files refer to. */
gint64
wn_search_writer_add_prepared (WnSearchWriter          *writer,
                               const WnPreparedRecord  *prepared,
                               GError                 **error)
{
  const WnRecord *record;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (writer != NULL, 0);
  g_return_val_if_fail (!writer->finished, 0);
  g_return_val_if_fail (prepared != NULL, 0);

  record = prepared->record;
  stmt = writer->insert;
  sqlite3_bind_int64 (stmt, 1, writer->search_id);
  for (guint i = 0; i < N_TEXTS; i++)
    {
      if (prepared->texts[i] == NULL)
        sqlite3_bind_null (stmt, 2 + i);
      else
        sqlite3_bind_text (stmt, 2 + i, prepared->texts[i], prepared->lengths[i], SQLITE_STATIC);
    }
  sqlite3_bind_int64 (stmt, 19, record->line_start);
  sqlite3_bind_int64 (stmt, 20, record->line_end);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, writer->db, rc, wn_project_get_path (writer->project),
                                    _("could not store a record"));
      return 0;
    }

  writer->count++;
  writer->last_id = sqlite3_last_insert_rowid (writer->db);
  if (writer->last_id - writer->indexed >= INDEX_EVERY && !index_new_records (writer, error))
    return 0;
  return writer->last_id;
}

gint64
wn_search_writer_add (WnSearchWriter  *writer,
                      const WnRecord  *record,
                      GError         **error)
{
  WnPreparedRecord prepared;
  gint64 id;

  g_return_val_if_fail (record != NULL, 0);

  /* The record is borrowed: the prepared texts only point at it. */
  prepare_texts (&prepared, (WnRecord *) record);
  id = wn_search_writer_add_prepared (writer, &prepared, error);
  clear_texts (&prepared);
  return id;
}

static void
replace_string (char       **slot,
                const char  *value)
{
  if (value == NULL)
    return;
  g_free (*slot);
  *slot = g_strdup (value);
}

void
wn_search_writer_set_detected (WnSearchWriter *writer,
                               const char     *format,
                               const char     *encoding,
                               const char     *vendor,
                               const char     *database,
                               const char     *sha256)
{
  g_return_if_fail (writer != NULL);

  replace_string (&writer->format, format);
  replace_string (&writer->encoding, encoding);
  replace_string (&writer->vendor, vendor);
  replace_string (&writer->database, database);
  replace_string (&writer->sha256, sha256);
}

void
wn_search_writer_set_detected_query (WnSearchWriter *writer,
                                     const char     *query)
{
  g_return_if_fail (writer != NULL);

  replace_string (&writer->query, query);
}

gboolean
wn_search_writer_commit (WnSearchWriter  *writer,
                         GError         **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GString) detail = g_string_new ("{");
  WnProject *self;
  int rc;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (!writer->finished, FALSE);

  self = writer->project;

  /* COALESCE: what the user gave at the start wins over what was detected.
   * The exporting vendor the importer recognised (EBSCOhost, Ovid,
   * embase.com, Clarivate, PubMed) is the platform searched, unless the
   * user named one. */
  rc = sqlite3_prepare_v2 (writer->db,
                           "UPDATE searches SET record_count = ?1,"
                           "  format = COALESCE (?2, format), encoding = COALESCE (?3, encoding),"
                           "  vendor = COALESCE (vendor, ?4), platform = COALESCE (platform, ?4),"
                           "  database = COALESCE (database, ?5), "
                           "  query = CASE WHEN ?8 IS NULL THEN query ELSE COALESCE (NULLIF (query, ''), ?8) END,"
                           "  file_sha256 = COALESCE (?6, file_sha256), batch = COALESCE (batch, id),"
                           "  first_record_id = (SELECT min (id) FROM records WHERE search_id = ?7),"
                           "  record_prefix = CASE WHEN COALESCE (?6, file_sha256) IS NULL THEN uid"
                           "    ELSE substr (COALESCE (?6, file_sha256), 1, 16) || coalesce ('~' || nullif ("
                           "      (SELECT count (*) FROM searches s2 WHERE s2.file_sha256 = COALESCE (?6, searches.file_sha256)"
                           "       AND s2.id < ?7), 0), '') END"
                           " WHERE id = ?7",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, writer->count);
      bind_text_or_null (stmt, 2, writer->format);
      bind_text_or_null (stmt, 3, writer->encoding);
      bind_text_or_null (stmt, 4, writer->vendor);
      bind_text_or_null (stmt, 5, writer->database);
      bind_text_or_null (stmt, 6, writer->sha256);
      sqlite3_bind_int64 (stmt, 7, writer->search_id);
      bind_text_or_null (stmt, 8, writer->query);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, writer->db, rc, wn_project_get_path (self), _("could not finish the import"));
      return FALSE;
    }

  wn_json_append_key (detail, "search_id");
  wn_json_append_int (detail, writer->search_id);
  wn_json_append_key (detail, "file");
  wn_json_append_string (detail, writer->file_name);
  wn_json_append_key (detail, "sha256");
  wn_json_append_string (detail, writer->sha256);
  wn_json_append_key (detail, "format");
  wn_json_append_string (detail, writer->format);
  wn_json_append_key (detail, "records");
  wn_json_append_int (detail, writer->count);
  if (writer->batch > 0)
    {
      wn_json_append_key (detail, "batch");
      wn_json_append_int (detail, writer->batch);
    }
  g_string_append_c (detail, '}');

  /* A file of a search exported in several: one provenance for them all. */
  if (!_wn_search_batch_share_locked (self, writer->search_id, error))
    return FALSE;

  if (!index_new_records (writer, error))
    return FALSE;

  if (!_wn_project_audit (self, "search.import", detail->str, error))
    return FALSE;

  /* Decisions that arrived before their records apply now. */
  if (!_wn_screening_link_pending (self, writer->search_id, error))
    return FALSE;

  rc = sqlite3_exec (writer->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _wn_project_set_sqlite_error (error, writer->db, rc, wn_project_get_path (self), _("could not finish the import"));
      return FALSE;
    }

  writer->finished = TRUE;
  return TRUE;
}

void
wn_search_writer_free (WnSearchWriter *writer)
{
  if (writer == NULL)
    return;

  g_clear_pointer (&writer->insert, sqlite3_finalize);
  g_clear_pointer (&writer->index, sqlite3_finalize);
  if (!writer->finished)
    sqlite3_exec (writer->db, "ROLLBACK", NULL, NULL, NULL);
  _wn_project_unlock (writer->project);
  g_object_unref (writer->project);
  g_free (writer->format);
  g_free (writer->encoding);
  g_free (writer->vendor);
  g_free (writer->database);
  g_free (writer->sha256);
  g_free (writer->query);
  g_free (writer->file_name);
  g_free (writer);
}

/* ------------------------------------------------------------------------ */
/* Reading records                                                           */

#define RECORD_COLUMNS \
  "r.id, r.search_id, r.duplicate_of, COALESCE (r.database, s.database)," \
  " r.source_id, r.title, r.authors, r.year, r.journal, r.volume, r.issue, r.pages," \
  " r.doi, r.pmid, r.abstract, r.keywords, r.language, r.type, r.line_start, r.line_end"

static void
fill_record (sqlite3_stmt *stmt,
             WnRecordMeta *meta,
             WnRecord     *record,
             gboolean      with_source)
{
  meta->id = sqlite3_column_int64 (stmt, 0);
  meta->search_id = sqlite3_column_int64 (stmt, 1);
  meta->duplicate_of = sqlite3_column_int64 (stmt, 2);
  meta->database = (const char *) sqlite3_column_text (stmt, 3);

  record->source_id = _wn_column_dup (stmt, 4);
  record->title = _wn_column_dup (stmt, 5);
  split_lines_into ((const char *) sqlite3_column_text (stmt, 6), record->authors);
  record->year = _wn_column_dup (stmt, 7);
  record->journal = _wn_column_dup (stmt, 8);
  record->volume = _wn_column_dup (stmt, 9);
  record->issue = _wn_column_dup (stmt, 10);
  record->pages = _wn_column_dup (stmt, 11);
  record->doi = _wn_column_dup (stmt, 12);
  record->pmid = _wn_column_dup (stmt, 13);
  record->abstract = _wn_column_dup (stmt, 14);
  split_lines_into ((const char *) sqlite3_column_text (stmt, 15), record->keywords);
  record->language = _wn_column_dup (stmt, 16);
  record->type = _wn_column_dup (stmt, 17);
  record->database = g_strdup (meta->database);
  record->line_start = sqlite3_column_int (stmt, 18);
  record->line_end = sqlite3_column_int (stmt, 19);
  if (with_source)
    {
      _wn_fields_decode ((const char *) sqlite3_column_text (stmt, 20), (const char *) sqlite3_column_text (stmt, 6),
                         (const char *) sqlite3_column_text (stmt, 15), record);
      record->source_text = _wn_source_decode ((const char *) sqlite3_column_text (stmt, 21), record->title,
                                               record->abstract);
      if (record->source_text == NULL)
        record->source_text = _wn_column_dup (stmt, 21);
    }
}

gboolean
wn_project_foreach_record (WnProject            *self,
                           gint64                search_id,
                           WnRecordQueryFlags    flags,
                           WnRecordForeachFunc   func,
                           gpointer              user_data,
                           GError              **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT " RECORD_COLUMNS);
  gboolean with_source = (flags & WN_RECORD_QUERY_WITH_SOURCE) != 0;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (with_source)
    g_string_append (sql, ", r.fields, r.source_text");
  g_string_append (sql, " FROM records r JOIN searches s ON s.id = r.search_id WHERE 1");
  if (search_id > 0)
    g_string_append (sql, " AND r.search_id = ?1");
  if ((flags & WN_RECORD_QUERY_INCLUDE_DUPLICATES) == 0)
    g_string_append (sql, " AND r.duplicate_of IS NULL");
  g_string_append (sql, " ORDER BY r.id");

  _wn_project_lock (self);
  db = _wn_project_get_db (self);
  rc = sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL);
  if (rc == SQLITE_OK && search_id > 0)
    sqlite3_bind_int64 (stmt, 1, search_id);
  for (rc = rc == SQLITE_OK ? sqlite3_step (stmt) : rc; rc == SQLITE_ROW; rc = sqlite3_step (stmt))
    {
      g_autoptr(WnRecord) record = wn_record_new ();
      WnRecordMeta meta;

      fill_record (stmt, &meta, record, with_source);
      if (!func (&meta, record, user_data))
        {
          rc = SQLITE_DONE;
          break;
        }
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, db, rc, wn_project_get_path (self), _("could not read the records"));
      _wn_project_unlock (self);
      return FALSE;
    }
  _wn_project_unlock (self);

  return TRUE;
}

WnRecord *
wn_project_get_record (WnProject     *self,
                       gint64         record_id,
                       WnRecordMeta  *meta_out,
                       GError       **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(WnRecord) record = NULL;
  WnRecordMeta meta;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  db = _wn_project_get_db (self);
  rc = sqlite3_prepare_v2 (db,
                           "SELECT " RECORD_COLUMNS ", r.fields, r.source_text"
                           "  FROM records r JOIN searches s ON s.id = r.search_id WHERE r.id = ?",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      record = wn_record_new ();
      fill_record (stmt, &meta, record, TRUE);
      if (meta_out != NULL)
        {
          *meta_out = meta;
          /* meta.database points into the statement; the record's copy
           * lives as long as the record. */
          meta_out->database = record->database;
        }
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND,
                 _("%s: there is no record %lld"), wn_project_get_path (self), (long long) record_id);
  else
    _wn_project_set_sqlite_error (error, db, rc, wn_project_get_path (self), _("could not read the record"));
  _wn_project_unlock (self);

  return g_steal_pointer (&record);
}

/* Turns what a person types into an FTS5 query: each word becomes a quoted
 * prefix term ("burn"*), "quoted phrases" stay phrases, and all terms are
 * required. Quoting every term means FTS5's own syntax (AND, NEAR, column
 * filters, stray quotes) can never make the query fail. */
static char *
fts_query_from_text (const char *text)
{
  GString *query = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      const char *start;
      gboolean phrase = FALSE;

      while (*p && (g_ascii_isspace (*p) || *p == ','))
        p++;
      if (*p == '\0')
        break;
      /* A quote opens a phrase only when it is closed; a lone quote is
       * taken as a typo and the words after it as words. */
      if (*p == '"' && strchr (p + 1, '"') != NULL)
        {
          phrase = TRUE;
          p++;
          start = p;
          while (*p && *p != '"')
            p++;
        }
      else if (*p == '"')
        {
          p++;
          continue;
        }
      else
        {
          start = p;
          while (*p && !g_ascii_isspace (*p) && *p != ',' && *p != '"')
            p++;
        }
      if (p > start)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append_c (query, '"');
          for (const char *q = start; q < p; q++)
            {
              if (*q == '"')
                g_string_append_c (query, '"');
              g_string_append_c (query, *q);
            }
          g_string_append_c (query, '"');
          if (!phrase)
            g_string_append_c (query, '*');
        }
      if (phrase && *p == '"')
        p++;
    }

  if (query->len == 0)
    {
      g_string_free (query, TRUE);
      return NULL;
    }
  return g_string_free (query, FALSE);
}

GArray *
wn_project_search_text (WnProject   *self,
                        const char  *text,
                        GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *query = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  query = fts_query_from_text (text);
  if (query == NULL)
    return g_steal_pointer (&ids);

  _wn_project_lock (self);
  db = _wn_project_get_db (self);
  rc = sqlite3_prepare_v2 (db, "SELECT rowid FROM records_fts WHERE records_fts MATCH ? ORDER BY rowid",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  for (rc = rc == SQLITE_OK ? sqlite3_step (stmt) : rc; rc == SQLITE_ROW; rc = sqlite3_step (stmt))
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, db, rc, wn_project_get_path (self), _("could not search the records"));
      _wn_project_unlock (self);
      return NULL;
    }
  _wn_project_unlock (self);

  return g_steal_pointer (&ids);
}

GListModel *
wn_project_list_record_items (WnProject           *self,
                              WnRecordQueryFlags   flags,
                              GCancellable        *cancellable,
                              GError             **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GListStore *store;
  sqlite3 *db;
  int rc;
  guint n = 0;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  db = _wn_project_get_db (self);
  rc = sqlite3_prepare_v2 (db,
                           (flags & WN_RECORD_QUERY_INCLUDE_DUPLICATES)
                           ? "SELECT r.id, r.title, replace (r.authors, char (10), '; '), r.year, r.journal, r.doi,"
                             "       COALESCE (r.database, s.database)"
                             "  FROM records r JOIN searches s ON s.id = r.search_id ORDER BY r.id"
                           : "SELECT r.id, r.title, replace (r.authors, char (10), '; '), r.year, r.journal, r.doi,"
                             "       COALESCE (r.database, s.database)"
                             "  FROM records r JOIN searches s ON s.id = r.search_id"
                             " WHERE r.duplicate_of IS NULL ORDER BY r.id",
                           -1, &stmt, NULL);
  for (rc = rc == SQLITE_OK ? sqlite3_step (stmt) : rc; rc == SQLITE_ROW; rc = sqlite3_step (stmt))
    {
      g_ptr_array_add (items,
                       wn_record_item_new (sqlite3_column_int64 (stmt, 0),
                                           (const char *) sqlite3_column_text (stmt, 1),
                                           (const char *) sqlite3_column_text (stmt, 2),
                                           (const char *) sqlite3_column_text (stmt, 3),
                                           (const char *) sqlite3_column_text (stmt, 4),
                                           (const char *) sqlite3_column_text (stmt, 5),
                                           (const char *) sqlite3_column_text (stmt, 6)));
      if ((++n & 4095) == 0 && g_cancellable_is_cancelled (cancellable))
        {
          _wn_project_unlock (self);
          g_cancellable_set_error_if_cancelled (cancellable, error);
          return NULL;
        }
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, db, rc, wn_project_get_path (self), _("could not read the records"));
      _wn_project_unlock (self);
      return NULL;
    }
  _wn_project_unlock (self);

  store = g_list_store_new (WN_TYPE_RECORD_ITEM);
  g_list_store_splice (store, 0, 0, items->pdata, items->len);

  return G_LIST_MODEL (store);
}

static void
list_items_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  GListModel *model = wn_project_list_record_items (source_object, GPOINTER_TO_UINT (task_data),
                                                    cancellable, &error);

  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

void
wn_project_list_record_items_async (WnProject           *self,
                                    WnRecordQueryFlags   flags,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WN_IS_PROJECT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wn_project_list_record_items_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (flags), NULL);
  g_task_run_in_thread (task, list_items_thread);
}

GListModel *
wn_project_list_record_items_finish (WnProject     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wn_project_list_record_items_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
