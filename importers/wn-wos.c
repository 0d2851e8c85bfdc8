/* wn-wos.c — the Web of Science parser (plain text and tab-delimited)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both shapes end up as the same fields (two-letter tags, in order), so one
 * mapping step serves them; only the line handling differs. The format is
 * described in wn-wos.h.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "wn-tagged-private.h"
#include "wn-wos.h"

/* A header with more columns than this is no WoS header (WoS has about
 * 70); it bounds the column table whatever the input. */
#define MAX_COLUMNS 4096

typedef enum
{
  VARIANT_UNKNOWN,
  VARIANT_PLAIN,
  VARIANT_TAB,
} Variant;

typedef struct
{
  WnTaggedBuilder  builder;
  Variant          variant;

  /* Plain text */
  gboolean         last_is_list;   /* continuations of the last tag are new values */
  guint            orphan_line;    /* first tag line outside a record since ER, or 0 */
  gboolean         seen_record;
  gboolean         ended;          /* EF came after the last record */
  guint            last_line;

  /* Tab-delimited */
  GPtrArray       *columns;        /* (element-type utf8) the header's tags */
  guint            extra_cells;    /* non-empty cells past the last column, in this row */
} WosParser;

static const struct
{
  const char *prefix;
  const char *database;
} accession_databases[] = {
  /* UT prefixes, from the databases of the Web of Science platform. */
  { "WOS:", "Web of Science" },
  { "ISI:", "Web of Science" },
  { "MEDLINE:", "MEDLINE" },
  { "INSPEC:", "Inspec" },
  { "BCI:", "BIOSIS Citation Index" },
  { "BIOSIS:", "BIOSIS Previews" },
  { "CABI:", "CAB Abstracts" },
  { "CCC:", "Current Contents Connect" },
  { "DIIDW:", "Derwent Innovations Index" },
  { "DRCI:", "Data Citation Index" },
  { "FSTA:", "FSTA" },
  { "KJD:", "KCI-Korean Journal Database" },
  { "RSCI:", "Russian Science Citation Index" },
  { "SCIELO:", "SciELO Citation Index" },
  { "ZOOREC:", "Zoological Record" },
};

const char *
wn_wos_database_for_accession (const char *value)
{
  if (value == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (accession_databases); i++)
    if (g_str_has_prefix (value, accession_databases[i].prefix))
      return accession_databases[i].database;
  return NULL;
}

gboolean
wn_wos_is_tab_header (const char *line,
                      gsize       len)
{
  g_autofree char *copy = NULL;

  if (len < 6 || memcmp (line, "PT\t", 3) != 0)
    return FALSE;
  copy = g_strndup (line, len);
  return strstr (copy, "\tAU\t") != NULL || strstr (copy, "\tTI\t") != NULL;
}

/* "TI Title", "ER", "ER  ". */
static gboolean
parse_tag_line (const char  *line,
                gsize        len,
                char         tag[3],
                const char **value,
                gsize       *value_len)
{
  const char *v;
  gsize v_len;

  if (len < 2 || !_wn_tagged_is_tag_start (line[0]) || !_wn_tagged_is_tag_char (line[1]))
    return FALSE;
  if (len > 2 && line[2] != ' ' && line[2] != '\t')
    return FALSE;

  tag[0] = line[0];
  tag[1] = line[1];
  tag[2] = '\0';
  v = len > 2 ? line + 3 : line + 2;
  v_len = len > 2 ? len - 3 : 0;
  _wn_tagged_strip (&v, &v_len);
  *value = v;
  *value_len = v_len;
  return TRUE;
}

/* Tags whose continuation lines are further values, one per line. */
static gboolean
is_list_tag (guint32 code)
{
  switch (code)
    {
    case WN_TAG2 ('A', 'U'):
    case WN_TAG2 ('A', 'F'):
    case WN_TAG2 ('B', 'A'):
    case WN_TAG2 ('B', 'F'):
    case WN_TAG2 ('B', 'E'):
    case WN_TAG2 ('C', 'A'):
    case WN_TAG2 ('G', 'P'):
    case WN_TAG2 ('C', 'R'):
    case WN_TAG2 ('C', '1'):
      return TRUE;
    default:
      return FALSE;
    }
}

/* The column mapping */

static void
add_names (WnRecord   *record,
           const char *value)
{
  const char *p = value;

  /* One name per line in plain text, "; "-joined in tab cells and in the
   * WoS MEDLINE database; no name holds a semicolon. */
  while (*p != '\0')
    {
      const char *end = strchr (p, ';');
      const char *name = p;
      gsize len;

      if (end == NULL)
        end = p + strlen (p);
      len = end - p;
      _wn_tagged_strip (&name, &len);
      if (len > 0)
        _wn_tagged_push_author (record, name, len);
      p = *end != '\0' ? end + 1 : end;
    }
}

enum
{
  SLOT_JOURNAL,
  SLOT_YEAR,
  SLOT_DOI,
  N_SLOTS
};

static int
slot_rank (int     slot,
           guint32 code)
{
  switch (slot)
    {
    case SLOT_JOURNAL:
      switch (code)
        {
        case WN_TAG2 ('S', 'O'): return 0;
        case WN_TAG2 ('S', 'E'): return 1;
        case WN_TAG2 ('J', '9'): return 2;
        case WN_TAG2 ('J', 'I'): return 3;
        default: return -1;
        }
    case SLOT_YEAR:
      /* PY is the year; early-access records may have only EY or EA. PD
       * is "FEB 2011", "DEC 16 2020", "2026 FEB 25" or just "NOV". DA is
       * the export date and never a publication year. */
      switch (code)
        {
        case WN_TAG2 ('P', 'Y'): return 0;
        case WN_TAG2 ('E', 'Y'): return 1;
        case WN_TAG2 ('P', 'D'): return 2;
        case WN_TAG2 ('E', 'A'): return 3;
        default: return -1;
        }
    case SLOT_DOI:
      switch (code)
        {
        case WN_TAG2 ('D', 'I'): return 0;
        case WN_TAG2 ('D', '2'): return 1;
        default: return -1;
        }
    default:
      return -1;
    }
}

static gboolean
map_record (WnRecord *record,
            gpointer  user_data)
{
  WosParser *parser = user_data;
  WnImportReport *report = parser->builder.report;
  int rank[N_SLOTS] = { G_MAXINT, G_MAXINT, G_MAXINT };
  const char *begin_page = NULL;
  const char *end_page = NULL;
  const char *article_number = NULL;
  const char *accession = NULL;
  guint32 name_tag;
  guint n_af = 0;
  guint n_au = 0;
  guint n_ca = 0;
  const char *database;

  if (parser->variant == VARIANT_TAB && parser->extra_cells > 0)
    {
      wn_import_report_reject (report, record->line_start,
                               _("the row has %u more cells than the header has columns"),
                               parser->extra_cells);
      return FALSE;
    }

  for (guint i = 0; i < record->fields->len; i++)
    {
      WnField *field = g_ptr_array_index (record->fields, i);
      const char *v = field->value;
      guint32 code = _wn_tag_code (field->tag);

      if (*v == '\0')
        continue;

      switch (code)
        {
        case WN_TAG2 ('P', 'T'):
          wn_record_set_once (&record->type, v);
          break;
        case WN_TAG2 ('A', 'F'):
          n_af++;
          break;
        case WN_TAG2 ('A', 'U'):
          n_au++;
          break;
        case WN_TAG2 ('C', 'A'):
          n_ca++;
          break;
        case WN_TAG2 ('T', 'I'):
          wn_record_set_once (&record->title, v);
          break;
        case WN_TAG2 ('V', 'L'):
          wn_record_set_once (&record->volume, v);
          break;
        case WN_TAG2 ('I', 'S'):
          wn_record_set_once (&record->issue, v);
          break;
        case WN_TAG2 ('B', 'P'):
          if (begin_page == NULL)
            begin_page = v;
          break;
        case WN_TAG2 ('E', 'P'):
          if (end_page == NULL)
            end_page = v;
          break;
        case WN_TAG2 ('A', 'R'):
          if (article_number == NULL)
            article_number = v;
          break;
        case WN_TAG2 ('P', 'M'):
          if (record->pmid == NULL && _wn_tagged_all_digits (v))
            record->pmid = g_strdup (v);
          break;
        case WN_TAG2 ('A', 'B'):
          wn_record_set_once (&record->abstract, v);
          break;
        case WN_TAG2 ('L', 'A'):
          wn_record_set_once (&record->language, v);
          break;
        case WN_TAG2 ('U', 'T'):
          if (accession == NULL)
            accession = v;
          break;
        default:
          break;
        }

      for (int s = 0; s < N_SLOTS; s++)
        {
          int r = slot_rank (s, code);

          if (r < 0 || r >= rank[s])
            continue;
          if (s == SLOT_DOI)
            {
              char *doi = wn_doi_normalise (v);

              if (doi == NULL)
                continue;
              g_free (record->doi);
              record->doi = doi;
            }
          else if (s == SLOT_YEAR)
            {
              char *year = NULL;

              _wn_tagged_set_year (&year, v);
              if (year == NULL)
                continue;
              g_free (record->year);
              record->year = year;
            }
          else
            {
              g_free (record->journal);
              record->journal = g_strdup (v);
            }
          rank[s] = r;
        }
    }

  if (parser->variant == VARIANT_TAB && record->title == NULL && accession == NULL)
    {
      wn_import_report_reject (report, record->line_start,
                               _("the row has neither a title (TI) nor an accession number (UT)"));
      return FALSE;
    }
  if (parser->variant == VARIANT_PLAIN && record->fields->len <= 1)
    {
      wn_import_report_reject (report, record->line_start, _("the record has a PT line and nothing else"));
      return FALSE;
    }

  /* Authors: full names when the record has them, then group authors; a
   * book's group author only for a record with no author at all. */
  name_tag = n_af > 0 ? WN_TAG2 ('A', 'F') : WN_TAG2 ('A', 'U');
  for (guint i = 0; i < record->fields->len; i++)
    {
      WnField *field = g_ptr_array_index (record->fields, i);

      if (_wn_tag_code (field->tag) == name_tag)
        add_names (record, field->value);
    }
  for (guint i = 0; i < record->fields->len; i++)
    {
      WnField *field = g_ptr_array_index (record->fields, i);
      guint32 code = _wn_tag_code (field->tag);

      if (code == WN_TAG2 ('C', 'A') || (code == WN_TAG2 ('G', 'P') && n_af + n_au + n_ca == 0))
        add_names (record, field->value);
    }

  /* Keywords: the authors' (DE), then Keywords Plus (ID). */
  for (guint i = 0; i < record->fields->len; i++)
    {
      WnField *field = g_ptr_array_index (record->fields, i);

      if (_wn_tag_code (field->tag) == WN_TAG2 ('D', 'E'))
        _wn_tagged_add_keywords (record, field->value, ';');
    }
  for (guint i = 0; i < record->fields->len; i++)
    {
      WnField *field = g_ptr_array_index (record->fields, i);

      if (_wn_tag_code (field->tag) == WN_TAG2 ('I', 'D'))
        _wn_tagged_add_keywords (record, field->value, ';');
    }

  if (begin_page != NULL && end_page != NULL && strcmp (begin_page, end_page) != 0)
    record->pages = g_strdup_printf ("%s-%s", begin_page, end_page);
  else if (begin_page != NULL || end_page != NULL)
    wn_record_set_once (&record->pages, begin_page != NULL ? begin_page : end_page);
  else
    wn_record_set_once (&record->pages, article_number);

  wn_record_set_once (&record->source_id, accession);
  /* In the WoS MEDLINE database the accession number is the PMID. */
  if (record->pmid == NULL && accession != NULL && g_str_has_prefix (accession, "MEDLINE:") &&
      _wn_tagged_all_digits (accession + strlen ("MEDLINE:")))
    record->pmid = g_strdup (accession + strlen ("MEDLINE:"));

  database = wn_wos_database_for_accession (accession);
  record->database = g_strdup (database != NULL ? database : "Web of Science");
  if (report->database == NULL)
    report->database = g_strdup (record->database);
  if (report->vendor == NULL)
    report->vendor = g_strdup ("Clarivate");

  return TRUE;
}

/* Plain text */

static gboolean
finish_record (WosParser  *parser,
               GError    **error)
{
  return _wn_tagged_finish (&parser->builder, map_record, parser, error);
}

static gboolean
handle_plain_line (WosParser  *parser,
                   WnLine     *line,
                   GError    **error)
{
  WnTaggedBuilder *builder = &parser->builder;
  char tag[3];
  const char *value;
  gsize value_len;

  if (_wn_tagged_is_blank (line->text, line->len))
    {
      if (builder->record != NULL)
        _wn_tagged_blank (builder);
      return TRUE;
    }

  if (parse_tag_line (line->text, line->len, tag, &value, &value_len))
    {
      guint32 code = WN_TAG2 (tag[0], tag[1]);

      switch (code)
        {
        case WN_TAG2 ('P', 'T'):
          if (!finish_record (parser, error))
            return FALSE;
          parser->orphan_line = 0;
          parser->seen_record = TRUE;
          parser->ended = FALSE;
          _wn_tagged_start (builder, line);
          _wn_tagged_add_field (builder, tag, value, value_len);
          parser->last_is_list = FALSE;
          return TRUE;

        case WN_TAG2 ('E', 'R'):
          if (builder->record != NULL)
            {
              _wn_tagged_append_line (builder, line);
              return finish_record (parser, error);
            }
          if (parser->orphan_line != 0)
            {
              wn_import_report_reject (builder->report, parser->orphan_line, _("the record has no PT line"));
              parser->orphan_line = 0;
            }
          return TRUE;

        case WN_TAG2 ('F', 'N'):
        case WN_TAG2 ('V', 'R'):
        case WN_TAG2 ('E', 'F'):
          /* The file's header and end, which come again in files joined
           * with cat. A record still open here had no ER. */
          if (!finish_record (parser, error))
            return FALSE;
          parser->orphan_line = 0;
          if (code == WN_TAG2 ('E', 'F'))
            parser->ended = TRUE;
          if (builder->report->vendor == NULL)
            builder->report->vendor = g_strdup ("Clarivate");
          return TRUE;

        default:
          break;
        }

      if (builder->record == NULL)
        {
          if (parser->orphan_line == 0)
            parser->orphan_line = line->number;
          return TRUE;
        }
      _wn_tagged_append_line (builder, line);
      _wn_tagged_add_field (builder, tag, value, value_len);
      parser->last_is_list = is_list_tag (code);
    }
  else if (builder->record != NULL)
    {
      const char *text = line->text;
      gsize len = line->len;

      _wn_tagged_strip (&text, &len);
      _wn_tagged_append_line (builder, line);
      if (parser->last_is_list)
        _wn_tagged_add_value (builder, text, len);
      else
        _wn_tagged_join (builder, ' ', text, len);
    }

  return _wn_tagged_check_size (builder, error);
}

/* Tab-delimited */

static void
read_header (WosParser    *parser,
             const WnLine *line)
{
  const char *p = line->text;
  const char *end = line->text + line->len;

  parser->columns = g_ptr_array_new_with_free_func (g_free);
  while (p <= end && parser->columns->len < MAX_COLUMNS)
    {
      const char *tab = memchr (p, '\t', end - p);
      const char *cell = p;
      gsize len;

      if (tab == NULL)
        tab = end;
      len = tab - p;
      _wn_tagged_strip (&cell, &len);
      /* A column with no name still gets one, so that its cells are
       * kept. */
      if (len > 0)
        g_ptr_array_add (parser->columns, g_strndup (cell, len));
      else
        g_ptr_array_add (parser->columns, g_strdup_printf ("%u", parser->columns->len + 1));
      p = tab + 1;
    }
}

static gboolean
handle_tab_line (WosParser  *parser,
                 WnLine     *line,
                 GError    **error)
{
  WnTaggedBuilder *builder = &parser->builder;
  const char *p = line->text;
  const char *end = line->text + line->len;
  guint column = 0;

  if (_wn_tagged_is_blank (line->text, line->len))
    return TRUE;
  if (parser->columns == NULL)
    {
      read_header (parser, line);
      return TRUE;
    }

  _wn_tagged_start (builder, line);
  parser->extra_cells = 0;
  while (p <= end)
    {
      const char *tab = memchr (p, '\t', end - p);
      const char *cell = p;
      gsize len;

      if (tab == NULL)
        tab = end;
      len = tab - p;
      _wn_tagged_strip (&cell, &len);
      if (len > 0)
        {
          if (column < parser->columns->len)
            _wn_tagged_add_field (builder, g_ptr_array_index (parser->columns, column), cell, len);
          else
            parser->extra_cells++;
        }
      column++;
      p = tab + 1;
    }

  if (!_wn_tagged_check_size (builder, error))
    return FALSE;
  return finish_record (parser, error);
}

gboolean
wn_wos_parse (WnLineReader    *reader,
              WnRecordSink     sink,
              gpointer         user_data,
              WnImportReport  *report,
              GCancellable    *cancellable,
              GError         **error)
{
  WosParser parser = { 0 };
  WnLine line;
  gboolean ok = TRUE;
  GError *local_error = NULL;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (sink != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  _wn_tagged_builder_init (&parser.builder, reader, sink, user_data, report, cancellable);

  while (wn_line_reader_next (reader, &line, &local_error))
    {
      if (parser.variant == VARIANT_UNKNOWN)
        {
          if (_wn_tagged_is_blank (line.text, line.len))
            continue;
          /* The first line tells the shape, whatever the caller chose. */
          parser.variant = wn_wos_is_tab_header (line.text, line.len) ? VARIANT_TAB : VARIANT_PLAIN;
          report->format = parser.variant == VARIANT_TAB ? WN_FORMAT_WOS_TAB : WN_FORMAT_WOS;
        }

      parser.last_line = line.number;
      ok = parser.variant == VARIANT_TAB
           ? handle_tab_line (&parser, &line, &local_error)
           : handle_plain_line (&parser, &line, &local_error);
      if (!ok)
        break;
    }
  if (local_error != NULL)
    ok = FALSE;

  if (ok && parser.variant == VARIANT_PLAIN)
    {
      if (parser.seen_record && !parser.ended)
        wn_import_report_warn (report, parser.last_line,
                               _("the file ends without its closing EF line; it may have been cut short"));
      ok = finish_record (&parser, &local_error);
    }

  _wn_tagged_builder_clear (&parser.builder);
  g_clear_pointer (&parser.columns, g_ptr_array_unref);

  if (!ok)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}
