/* wn-medline.c — the MEDLINE / PubMed (.nbib) parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two steps per record, as in RIS: while lines come in, the builder only
 * collects fields and source lines; when the record ends (blank line, next
 * PMID, end of file), one pass over its fields fills the WnRecord's
 * columns. The format itself is described in wn-medline.h.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "wn-medline.h"
#include "wn-tagged-private.h"

typedef struct
{
  WnTaggedBuilder  builder;
  gboolean         after_blank;  /* a blank line since the record's last line */
} MedlineParser;

gboolean
wn_medline_parse_tag_line (const char  *line,
                           gsize        len,
                           char         tag[5],
                           const char **value,
                           gsize       *value_len)
{
  gsize n;
  const char *v;
  gsize v_len;

  /* "TI  - x": the hyphen is always in the fifth column. */
  if (len < 5 || line[4] != '-' ||
      !_wn_tagged_is_tag_start (line[0]) || !_wn_tagged_is_tag_char (line[1]))
    return FALSE;
  n = 2;
  while (n < 4 && _wn_tagged_is_tag_char (line[n]))
    n++;
  for (gsize i = n; i < 4; i++)
    if (line[i] != ' ')
      return FALSE;
  if (len > 5 && line[5] != ' ' && line[5] != '\t')
    return FALSE;

  memcpy (tag, line, n);
  tag[n] = '\0';
  v = line + 5;
  v_len = len - 5;
  _wn_tagged_strip (&v, &v_len);
  *value = v;
  *value_len = v_len;
  return TRUE;
}

/* The column mapping */

/* "10.1016/j.x [doi]" → TRUE, with the part before the bracket. */
static gboolean
has_id_type (const char *value,
             const char *type)
{
  gsize len = strlen (value);
  gsize type_len = strlen (type);

  return len > type_len && memcmp (value + len - type_len, type, type_len) == 0;
}

static char *
doi_from (const char *value,
          gboolean    bracketed_only)
{
  if (has_id_type (value, "[doi]"))
    {
      g_autofree char *bare = g_strndup (value, strlen (value) - strlen ("[doi]"));

      return wn_doi_normalise (bare);
    }
  if (bracketed_only || strchr (value, '[') != NULL)
    return NULL;
  /* An unlabelled identifier counts only when it says it is a DOI
   * ("doi:10...", a doi.org link); a bare "103640" or a URL is none. */
  if (g_strstr_len (value, -1, "doi") == NULL && g_strstr_len (value, -1, "DOI") == NULL)
    return NULL;
  return wn_doi_normalise (value);
}

static gboolean
map_record (WnRecord *record,
            gpointer  user_data)
{
  MedlineParser *parser = user_data;
  WnImportReport *report = parser->builder.report;
  const char *title = NULL;
  const char *book_title = NULL;
  const char *journal_full = NULL;
  const char *journal_abbrev = NULL;
  const char *eric_id = NULL;
  const char *owner = NULL;
  int doi_rank = G_MAXINT;
  gboolean full_name_open = FALSE;  /* an FAU whose AU has not come yet */

  for (guint i = 0; i < record->fields->len; i++)
    {
      WnField *field = g_ptr_array_index (record->fields, i);
      const char *v = field->value;
      guint32 code = _wn_tag_code (field->tag);
      int rank = -1;

      if (*v == '\0')
        continue;

      switch (code)
        {
        case WN_TAG4 ('P', 'M', 'I', 'D'):
          if (record->pmid == NULL && _wn_tagged_all_digits (v))
            record->pmid = g_strdup (v);
          break;
        case WN_TAG3 ('O', 'W', 'N'):
          if (owner == NULL)
            owner = v;
          break;
        case WN_TAG2 ('T', 'I'):
          if (title == NULL)
            title = v;
          break;
        case WN_TAG3 ('B', 'T', 'I'):
          if (book_title == NULL)
            book_title = v;
          break;
        case WN_TAG3 ('F', 'A', 'U'):
          _wn_tagged_push_author (record, v, strlen (v));
          full_name_open = TRUE;
          break;
        case WN_TAG2 ('A', 'U'):
          /* PubMed writes each author twice, FAU then AU; records from
           * before 2002 (and ERIC's, with full names) have AU alone. */
          if (full_name_open)
            full_name_open = FALSE;
          else
            _wn_tagged_add_person (record, v);
          break;
        case WN_TAG2 ('C', 'N'):
          full_name_open = FALSE;
          _wn_tagged_push_author (record, v, strlen (v));
          break;
        case WN_TAG2 ('D', 'P'):
          _wn_tagged_set_year (&record->year, v);
          break;
        case WN_TAG2 ('J', 'T'):
          if (journal_full == NULL)
            journal_full = v;
          break;
        case WN_TAG2 ('T', 'A'):
          if (journal_abbrev == NULL)
            journal_abbrev = v;
          break;
        case WN_TAG2 ('V', 'I'):
          wn_record_set_once (&record->volume, v);
          break;
        case WN_TAG2 ('I', 'P'):
          wn_record_set_once (&record->issue, v);
          break;
        case WN_TAG2 ('P', 'G'):
          wn_record_set_once (&record->pages, v);
          break;
        case WN_TAG2 ('A', 'B'):
          wn_record_set_once (&record->abstract, v);
          break;
        case WN_TAG2 ('O', 'T'):
        case WN_TAG2 ('M', 'H'):
        case WN_TAG2 ('K', 'W'):
          _wn_tagged_push_keyword (record, v, strlen (v));
          break;
        case WN_TAG2 ('L', 'A'):
          wn_record_set_once (&record->language, v);
          break;
        case WN_TAG2 ('P', 'T'):
          wn_record_set_once (&record->type, v);
          break;
        case WN_TAG3 ('O', 'I', 'D'):
          /* ERIC's own number, "EJ1227990" or "ED601234". */
          if (eric_id == NULL && (g_str_has_prefix (v, "EJ") || g_str_has_prefix (v, "ED")) &&
              _wn_tagged_all_digits (v + 2))
            eric_id = v;
          break;
        case WN_TAG3 ('L', 'I', 'D'):
          rank = has_id_type (v, "[doi]") ? 0 : 2;
          break;
        case WN_TAG3 ('A', 'I', 'D'):
          rank = has_id_type (v, "[doi]") ? 1 : 2;
          break;
        case WN_TAG2 ('S', 'O'):
          rank = 3;
          break;
        default:
          break;
        }

      if (rank >= 0 && rank < doi_rank)
        {
          char *doi = rank == 3 ? wn_doi_normalise (v) : doi_from (v, FALSE);

          if (doi != NULL)
            {
              g_free (record->doi);
              record->doi = doi;
              doi_rank = rank;
            }
        }
    }

  /* DEP (electronic publication, yyyymmdd) only when DP gave no year. */
  for (guint i = 0; record->year == NULL && i < record->fields->len; i++)
    {
      WnField *field = g_ptr_array_index (record->fields, i);

      if (strcmp (field->tag, "DEP") == 0)
        _wn_tagged_set_year (&record->year, field->value);
    }

  if (record->pmid == NULL && title == NULL && book_title == NULL && record->abstract == NULL)
    {
      wn_import_report_reject (report, record->line_start,
                               _("the record has no PMID, no title and no abstract"));
      return FALSE;
    }

  /* A book chapter has TI and BTI; a whole book only BTI. */
  wn_record_set_once (&record->title, title != NULL ? title : book_title);
  wn_record_set_once (&record->journal, journal_full != NULL ? journal_full : journal_abbrev);
  if (title != NULL)
    wn_record_set_once (&record->journal, book_title);

  wn_record_set_once (&record->source_id, record->pmid);
  wn_record_set_once (&record->source_id, eric_id);

  if (owner != NULL && g_ascii_strcasecmp (owner, "ERIC") == 0)
    {
      record->database = g_strdup ("ERIC");
      if (report->vendor == NULL)
        report->vendor = g_strdup ("ERIC");
      if (report->database == NULL)
        report->database = g_strdup ("ERIC");
    }
  else
    {
      record->database = g_strdup ("PubMed");
      if (report->vendor == NULL)
        report->vendor = g_strdup ("PubMed");
      if (report->database == NULL)
        report->database = g_strdup ("PubMed");
    }

  return TRUE;
}

/* Line handling */

static gboolean
finish_record (gpointer   data,
               GError   **error)
{
  MedlineParser *parser = data;
  parser->after_blank = FALSE;
  return _wn_tagged_finish (&parser->builder, map_record, parser, error);
}

static gboolean
handle_line (gpointer   data,
             WnLine    *line,
             GError   **error)
{
  MedlineParser *parser = data;
  WnTaggedBuilder *builder = &parser->builder;
  char tag[5];
  const char *value;
  gsize value_len;

  if (_wn_tagged_is_blank (line->text, line->len))
    {
      if (builder->record != NULL)
        {
          _wn_tagged_blank (builder);
          parser->after_blank = TRUE;
        }
      return TRUE;
    }

  if (wn_medline_parse_tag_line (line->text, line->len, tag, &value, &value_len))
    {
      if (builder->record != NULL &&
          (parser->after_blank || _wn_tag_code (tag) == WN_TAG4 ('P', 'M', 'I', 'D')) &&
          !finish_record (parser, error))
        return FALSE;
      if (builder->record == NULL)
        _wn_tagged_start (builder, line);
      else
        _wn_tagged_append_line (builder, line);
      _wn_tagged_add_field (builder, tag, value, value_len);
    }
  else if (builder->record != NULL && (line->text[0] == ' ' || line->text[0] == '\t' || !parser->after_blank))
    {
      /* A continuation; an unindented line inside a record is read as
       * one too (an editor may have re-wrapped the file). */
      const char *text = line->text;
      gsize len = line->len;

      _wn_tagged_strip (&text, &len);
      _wn_tagged_append_line (builder, line);
      _wn_tagged_join (builder, ' ', text, len);
    }
  else
    {
      /* Text outside records. */
      if (builder->record != NULL && !finish_record (parser, error))
        return FALSE;
      return TRUE;
    }

  parser->after_blank = FALSE;
  return _wn_tagged_check_size (builder, error);
}

gboolean
wn_medline_parse (WnLineReader    *reader,
                  WnRecordSink     sink,
                  gpointer         user_data,
                  WnImportReport  *report,
                  GCancellable    *cancellable,
                  GError         **error)
{
  MedlineParser parser = { 0 };
  gboolean ok;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (sink != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  _wn_tagged_builder_init (&parser.builder, reader, sink, user_data, report, cancellable);

  ok = _wn_tagged_parse_lines (&parser.builder, reader, handle_line, finish_record, &parser, error);

  return ok;
}
