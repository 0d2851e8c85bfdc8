/* wn-tagged.c — what the line-based tagged parsers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The builder works like the RIS parser's record handling: while lines come
 * in it only collects (fields, verbatim lines, line range); the format's own
 * map function fills in the record's columns once the record is complete,
 * because tags come in any order and the choice between them (FAU over AU,
 * AF over AU, LID over AID) needs the whole record.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "wn-tagged-private.h"

void
_wn_tagged_builder_init (WnTaggedBuilder *builder,
                         WnLineReader    *reader,
                         WnRecordSink     sink,
                         gpointer         user_data,
                         WnImportReport  *report,
                         GCancellable    *cancellable)
{
  memset (builder, 0, sizeof *builder);
  builder->reader = reader;
  builder->sink = sink;
  builder->user_data = user_data;
  builder->report = report;
  builder->cancellable = cancellable;
  builder->source = g_string_sized_new (4096);
  builder->joined = g_string_new (NULL);
}

void
_wn_tagged_builder_clear (WnTaggedBuilder *builder)
{
  g_clear_pointer (&builder->record, wn_record_free);
  if (builder->source != NULL)
    g_string_free (builder->source, TRUE);
  if (builder->joined != NULL)
    g_string_free (builder->joined, TRUE);
  builder->source = NULL;
  builder->joined = NULL;
}

void
_wn_tagged_start (WnTaggedBuilder *builder,
                  const WnLine    *line)
{
  g_assert (builder->record == NULL);

  builder->record = wn_record_new ();
  builder->record->line_start = line->number;
  builder->pending_blank = 0;
  builder->control_line = 0;
  builder->joining = FALSE;
  g_string_truncate (builder->source, 0);
  _wn_tagged_append_line (builder, line);
}

static void
end_joining (WnTaggedBuilder *builder)
{
  WnField *last;

  if (!builder->joining)
    return;
  last = _wn_tagged_last_field (builder);
  wn_field_set_value (last, g_strndup (builder->joined->str, builder->joined->len));
  builder->joining = FALSE;
}

WnField *
_wn_tagged_last_field (WnTaggedBuilder *builder)
{
  GPtrArray *fields = builder->record->fields;

  return fields->len > 0 ? g_ptr_array_index (fields, fields->len - 1) : NULL;
}

static void
push_field (WnRecord   *record,
            const char *tag,
            const char *value,
            gsize       value_len)
{
  /* Allocated with the record's other fields: this is every line of
   * every record. */
  wn_record_add_field_len (record, tag, -1, value, value_len);
}

void
_wn_tagged_add_field (WnTaggedBuilder *builder,
                      const char      *tag,
                      const char      *value,
                      gsize            value_len)
{
  end_joining (builder);
  push_field (builder->record, tag, value, value_len);
}

void
_wn_tagged_add_value (WnTaggedBuilder *builder,
                      const char      *value,
                      gsize            value_len)
{
  WnField *last;

  end_joining (builder);
  last = _wn_tagged_last_field (builder);
  g_assert (last != NULL);
  if (last->value[0] == '\0')
    {
      wn_field_set_value (last, g_strndup (value, value_len));
      return;
    }
  push_field (builder->record, last->tag, value, value_len);
}

void
_wn_tagged_join (WnTaggedBuilder *builder,
                 char             separator,
                 const char      *text,
                 gsize            text_len)
{
  if (!builder->joining)
    {
      WnField *last = _wn_tagged_last_field (builder);

      g_assert (last != NULL);
      g_string_assign (builder->joined, last->value);
      builder->joining = TRUE;
    }
  if (builder->joined->len > 0 && text_len > 0)
    g_string_append_c (builder->joined, separator);
  g_string_append_len (builder->joined, text, text_len);
}

gboolean
_wn_tagged_too_large (WnTaggedBuilder  *builder,
                      GError          **error)
{
  g_autofree char *size = NULL;

  size = g_format_size_full (WN_TAGGED_MAX_RECORD, G_FORMAT_SIZE_IEC_UNITS);
  _wn_import_set_error (error, WN_IMPORT_ERROR_TOO_LARGE,
                        wn_line_reader_get_name (builder->reader),
                        builder->record->line_start,
                        _("the record that starts here is larger than %s"), size);
  return FALSE;
}

gboolean
_wn_tagged_finish (WnTaggedBuilder  *builder,
                   WnTaggedMapFunc   map,
                   gpointer          map_data,
                   GError          **error)
{
  g_autoptr(WnRecord) record = NULL;
  gsize hint;

  if (builder->record == NULL)
    return TRUE;

  end_joining (builder);
  builder->pending_blank = 0;
  record = g_steal_pointer (&builder->record);

  if (builder->control_line != 0)
    {
      wn_import_report_reject (builder->report, record->line_start,
                               _("the record holds control characters on line %u; is the file damaged?"),
                               builder->control_line);
      return TRUE;
    }
  if (!map (record, map_data))
    return TRUE;

  /* Hand the buffer over rather than copy it; the next record gets a new
   * one of about the same size. */
  hint = builder->source->len + builder->source->len / 4;
  record->source_text = g_string_free (builder->source, FALSE);
  builder->source = g_string_sized_new (hint);

  if (!builder->sink (g_steal_pointer (&record), builder->user_data, error))
    return FALSE;
  builder->report->records++;

  return !g_cancellable_set_error_if_cancelled (builder->cancellable, error);
}

/* Helpers */

gboolean
_wn_tagged_is_blank (const char *text,
                     gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (text[i] != ' ' && text[i] != '\t')
      return FALSE;
  return TRUE;
}

gboolean
_wn_tagged_all_digits (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

void
_wn_tagged_strip (const char **start,
                  gsize       *len)
{
  const char *p = *start;
  const char *end = p + *len;

  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  *start = p;
  *len = end - p;
}

/* wn_record_add_author() and _keyword() collapse white space through a
 * GString; most values have none to collapse, and this is every name and
 * keyword of every record. */
static inline gboolean
is_clean (const char *value,
          gsize       len)
{
  if (len == 0 || value[0] == ' ' || value[len - 1] == ' ')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (value[i] == '\t' || value[i] == '\n' || value[i] == '\r' ||
        (value[i] == ' ' && value[i + 1] == ' '))
      return FALSE;
  return TRUE;
}

void
_wn_tagged_push_author (WnRecord   *record,
                        const char *name,
                        gsize       len)
{
  if (is_clean (name, len))
    g_ptr_array_add (record->authors, g_strndup (name, len));
  else
    {
      g_autofree char *copy = g_strndup (name, len);

      wn_record_add_author (record, copy);
    }
}

void
_wn_tagged_push_keyword (WnRecord   *record,
                         const char *keyword,
                         gsize       len)
{
  if (is_clean (keyword, len))
    g_ptr_array_add (record->keywords, g_strndup (keyword, len));
  else
    {
      g_autofree char *copy = g_strndup (keyword, len);

      wn_record_add_keyword (record, copy);
    }
}

void
_wn_tagged_add_keywords (WnRecord   *record,
                         const char *value,
                         char        sep)
{
  const char *p = value;

  while (*p != '\0')
    {
      const char *end = strchr (p, sep);
      const char *part = p;
      gsize len;

      if (end == NULL)
        end = p + strlen (p);
      len = end - p;
      _wn_tagged_strip (&part, &len);
      if (len > 0)
        _wn_tagged_push_keyword (record, part, len);
      p = *end != '\0' ? end + 1 : end;
    }
}

/* "DK", "MJ", "L.", "J.S.", "J.-P.": initials, not a first name. Letters
 * are upper case; at most three without full stops (MEDLINE writes no more)
 * and four with them, so that a first name in capitals ("JOHN") is not
 * taken for initials. */
static gboolean
is_initials (const char *token)
{
  guint letters = 0;
  gboolean dotted = strchr (token, '.') != NULL;

  for (const char *p = token; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '.' || c == '-')
        continue;
      if (!g_unichar_isupper (c))
        return FALSE;
      letters++;
    }
  return letters > 0 && letters <= (dotted ? 4u : 3u);
}

void
_wn_tagged_add_person (WnRecord   *record,
                       const char *name)
{
  g_autofree char *copy = NULL;
  GString *out;
  char *space;
  const char *initials;
  gboolean dotted;

  if (name == NULL)
    return;
  copy = g_strstrip (g_strdup (name));
  space = strrchr (copy, ' ');
  if (strchr (copy, ',') != NULL || space == NULL || !is_initials (space + 1))
    {
      _wn_tagged_push_author (record, copy, strlen (copy));
      return;
    }

  *space = '\0';
  initials = space + 1;
  dotted = strchr (initials, '.') != NULL;
  out = g_string_new (g_strchomp (copy));
  g_string_append (out, ", ");
  if (dotted)
    g_string_append (out, initials);
  else
    {
      /* MEDLINE's AU "Griffin DK" is FAU "Griffin, D K" when no first
       * name is known: write the letters the same way. */
      for (const char *p = initials; *p != '\0'; p = g_utf8_next_char (p))
        {
          if (p != initials)
            g_string_append_c (out, ' ');
          g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
  _wn_tagged_push_author (record, out->str, out->len);
  g_string_free (out, TRUE);
}

char *
_wn_tagged_year_from_date (const char *value)
{
  const char *p = value;

  if (value == NULL)
    return NULL;

  while (*p != '\0')
    {
      const char *run;
      gsize n;

      while (*p != '\0' && !g_ascii_isdigit (*p))
        p++;
      run = p;
      while (g_ascii_isdigit (*p))
        p++;
      n = p - run;

      /* "2019//", "2022/11/05/", "SEP 2010", "2006 May-Jun",
       * "DEC 16 2020"; "20180327" (MEDLINE's DEP, RIS's DA) only as a
       * whole date at the start. */
      if ((n == 4 || (n == 8 && run == value)) && (run[0] == '1' || run[0] == '2'))
        return g_strndup (run, 4);
    }

  return NULL;
}

void
_wn_tagged_set_year (char       **slot,
                     const char  *value)
{
  if (*slot == NULL)
    *slot = _wn_tagged_year_from_date (value);
}

gboolean
_wn_tagged_parse_lines (WnTaggedBuilder    *builder,
                        WnLineReader       *reader,
                        WnTaggedLineFunc    handle_line,
                        WnTaggedFinishFunc  finish,
                        gpointer            parser,
                        GError            **error)
{
  WnLine line;
  GError *local_error = NULL;
  gboolean ok = TRUE;

  while (wn_line_reader_next (reader, &line, &local_error))
    {
      if (!handle_line (parser, &line, &local_error))
        {
          ok = FALSE;
          break;
        }
    }
  if (local_error != NULL)
    ok = FALSE;

  if (ok)
    ok = finish (parser, &local_error);

  _wn_tagged_builder_clear (builder);

  if (!ok)
    g_propagate_error (error, local_error);
  return ok;
}
