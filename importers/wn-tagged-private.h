/* wn-tagged-private.h — what the line-based tagged parsers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MEDLINE (.nbib), Web of Science plain text and Ovid tagged are all "a tag,
 * a value, and continuation lines", and differ in how a tag looks, where a
 * record starts and ends, and what a continuation line means. What they
 * have in common lives here: a WnTaggedBuilder collects one record at a
 * time — its fields in source order, its verbatim lines and its line range
 * — and hands it to the sink; a few helpers turn vendor author forms into
 * "Last, First M." and split "; " lists.
 */
#pragma once

#include "wn-import-private.h"

G_BEGIN_DECLS

/* A record larger than this stops the file with WN_IMPORT_ERROR_TOO_LARGE,
 * as in RIS: no real record comes near it, and it bounds memory. */
#define WN_TAGGED_MAX_RECORD (32 * 1024 * 1024)

/* Tags of up to four characters packed into one number, so that the hot
 * loops switch on integers rather than compare strings. */
#define WN_TAG4(a, b, c, d) (((guint32) (guchar) (a) << 24) | ((guint32) (guchar) (b) << 16) | \
                             ((guint32) (guchar) (c) << 8) | (guint32) (guchar) (d))
#define WN_TAG2(a, b)       WN_TAG4 (a, b, 0, 0)
#define WN_TAG3(a, b, c)    WN_TAG4 (a, b, c, 0)

/* The code of a tag of one to four characters; 0 for longer ones. */
static inline guint32
_wn_tag_code (const char *tag)
{
  guint32 code = 0;
  int i;

  for (i = 0; i < 4 && tag[i] != '\0'; i++)
    code |= (guint32) (guchar) tag[i] << (24 - 8 * i);
  return tag[i] == '\0' ? code : 0;
}

/* What a tag is made of in all the tagged formats: an upper-case letter,
 * then upper-case letters and digits ("TI", "A1", "PMID"). How long a tag
 * may be and what follows it is each format's own rule. */
static inline gboolean
_wn_tagged_is_tag_start (char c)
{
  return c >= 'A' && c <= 'Z';
}

static inline gboolean
_wn_tagged_is_tag_char (char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

typedef struct
{
  WnLineReader   *reader;
  WnImportReport *report;
  WnRecordSink    sink;
  gpointer        user_data;
  GCancellable   *cancellable;

  WnRecord       *record;        /* the record being read, or NULL */
  GString        *source;        /* its lines so far */
  guint           pending_blank; /* blank lines inside it not yet in source */
  guint           control_line;  /* first of its lines with control characters, or 0 */
  GString        *joined;        /* the last field's value while lines are joined to it */
  gboolean        joining;
} WnTaggedBuilder;

/* Fills in a record's columns from its fields. Returns FALSE when the
 * record is malformed, after rejecting it with wn_import_report_reject(). */
typedef gboolean (*WnTaggedMapFunc) (WnRecord *record,
                                     gpointer  user_data);

void      _wn_tagged_builder_init   (WnTaggedBuilder  *builder,
                                     WnLineReader     *reader,
                                     WnRecordSink      sink,
                                     gpointer          user_data,
                                     WnImportReport   *report,
                                     GCancellable     *cancellable);
void      _wn_tagged_builder_clear  (WnTaggedBuilder  *builder);

/* The read loop every line-based tagged parser shares: hands each line of
 * reader to handle_line, then calls finish for the record still open, and
 * clears the builder whatever happened. parser is the format's own state. */
typedef gboolean (*WnTaggedLineFunc)   (gpointer   parser,
                                        WnLine    *line,
                                        GError   **error);
typedef gboolean (*WnTaggedFinishFunc) (gpointer   parser,
                                        GError   **error);

gboolean  _wn_tagged_parse_lines    (WnTaggedBuilder    *builder,
                                     WnLineReader       *reader,
                                     WnTaggedLineFunc    handle_line,
                                     WnTaggedFinishFunc  finish,
                                     gpointer            parser,
                                     GError            **error);

/* Starts a record whose first line is line (added to its source). */
void      _wn_tagged_start          (WnTaggedBuilder  *builder,
                                     const WnLine     *line);
/* Adds line to the record's source, after the blank lines seen since the
 * last one. Inline: it is every line of every file. */
static inline void
_wn_tagged_append_line (WnTaggedBuilder *builder,
                        const WnLine    *line)
{
  GString *source = builder->source;

  g_assert (builder->record != NULL);

  for (; builder->pending_blank > 0; builder->pending_blank--)
    g_string_append_c (source, '\n');
  if (source->len > 0)
    g_string_append_c (source, '\n');
  g_string_append_len (source, line->text, line->len);
  builder->record->line_end = line->number;
  if (line->has_control && builder->control_line == 0)
    builder->control_line = line->number;
}
/* A blank line inside the record: kept in the source only if another line
 * of the record follows. */
static inline void
_wn_tagged_blank (WnTaggedBuilder *builder)
{
  builder->pending_blank++;
}

/* A new field. value need not be NUL-terminated. */
void      _wn_tagged_add_field      (WnTaggedBuilder  *builder,
                                     const char       *tag,
                                     const char       *value,
                                     gsize             value_len);
/* Another value of the last field's tag (a list continuation); fills the
 * last field instead when its value is still empty. */
void      _wn_tagged_add_value      (WnTaggedBuilder  *builder,
                                     const char       *value,
                                     gsize             value_len);
/* Joins text to the last field's value with separator between them (none
 * when the value is empty). */
void      _wn_tagged_join           (WnTaggedBuilder  *builder,
                                     char              separator,
                                     const char       *text,
                                     gsize             text_len);
WnField  *_wn_tagged_last_field     (WnTaggedBuilder  *builder);

/* Fails with WN_IMPORT_ERROR_TOO_LARGE; for _wn_tagged_check_size(). */
gboolean  _wn_tagged_too_large      (WnTaggedBuilder  *builder,
                                     GError          **error);
/* Fails with WN_IMPORT_ERROR_TOO_LARGE when the record has grown past
 * WN_TAGGED_MAX_RECORD. */
static inline gboolean
_wn_tagged_check_size (WnTaggedBuilder  *builder,
                       GError          **error)
{
  if (builder->record == NULL || builder->source->len <= WN_TAGGED_MAX_RECORD)
    return TRUE;
  return _wn_tagged_too_large (builder, error);
}
/* Ends the record: rejects it if one of its lines holds control
 * characters, else maps it and hands it to the sink. Returns FALSE with
 * error set only when parsing must stop (the sink said so, or the import
 * was cancelled). */
gboolean  _wn_tagged_finish         (WnTaggedBuilder  *builder,
                                     WnTaggedMapFunc   map,
                                     gpointer          map_data,
                                     GError          **error);

/* Helpers for the mapping step. */

gboolean  _wn_tagged_is_blank       (const char       *text,
                                     gsize             len);
gboolean  _wn_tagged_all_digits     (const char       *text);
/* Points *start and *len at text without surrounding white space. */
void      _wn_tagged_strip          (const char      **start,
                                     gsize            *len);
/* Adds a name or a keyword (need not be NUL-terminated), white space
 * collapsed as wn_record_add_author() does, without its cost when there is
 * none to collapse. */
void      _wn_tagged_push_author    (WnRecord         *record,
                                     const char       *name,
                                     gsize             len);
void      _wn_tagged_push_keyword   (WnRecord         *record,
                                     const char       *keyword,
                                     gsize             len);
/* Adds each "; "-separated (or sep-separated) part of value as a keyword. */
void      _wn_tagged_add_keywords   (WnRecord         *record,
                                     const char       *value,
                                     char              sep);
/* Adds a personal name as "Last, First M.": a name with a comma is kept
 * as it is; "Griffin DK" (MEDLINE) becomes "Griffin, D K", as MEDLINE's own
 * full form writes initials; "Behan L." and "Lucas J.S." (Embase) become
 * "Behan, L." and "Lucas, J.S."; a single word is kept. */
void      _wn_tagged_add_person     (WnRecord         *record,
                                     const char       *name);
/* The first four-digit year (1xxx or 2xxx) in value, or an eight-digit
 * date at its start; NULL when there is none or value is NULL. */
char     *_wn_tagged_year_from_date (const char      *value) G_GNUC_WARN_UNUSED_RESULT;
/* Sets *slot to the four-digit year in value unless *slot is set already. */
void      _wn_tagged_set_year       (char            **slot,
                                     const char       *value);

G_END_DECLS
