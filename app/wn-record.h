/* wn-record.h — one bibliographic record as parsed from a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A WnRecord is a plain struct, not a GObject: importers make hundreds of
 * thousands of them per second and hand each to a callback that stores it.
 * Every string is owned UTF-8 (or NULL when the file had no such field).
 * Nothing is lost: `fields` holds every tag/value pair of the source in order,
 * known or not, and `source_text` the verbatim text the record was parsed
 * from, with its line range in the file.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _WnField
{
  char *tag;    /* the source's own tag or element name, e.g. "AU", "TI", "ArticleTitle";
                 * allocated with the field (see wn_record_add_field_len()): never freed or replaced */
  char *value;  /* its value, continuation lines applied; in the field's
                 * allocation, replaced only by wn_field_set_value() */
} WnField;

typedef struct _WnRecord
{
  char      *source_id;   /* the record's own id in its file: PMID, WoS UT, RIS ID/AN, CSV ID */
  char      *title;
  GPtrArray *authors;     /* (element-type utf8) individual names, "Last, First M." */
  char      *year;        /* four digits when known */
  char      *journal;
  char      *volume;
  char      *issue;
  char      *pages;
  char      *doi;         /* normalised: lower case, no "doi:"/URL prefix */
  char      *pmid;
  char      *abstract;
  GPtrArray *keywords;    /* (element-type utf8) */
  char      *language;
  char      *type;        /* the source's type, e.g. "JOUR" */
  char      *database;    /* the database the file says it came from, if it does */
  GPtrArray *fields;      /* (element-type WnField) every tag, in source order */
  char      *source_text; /* the verbatim text of the record */
  guint      line_start;  /* first line of the record in its file, 1-based */
  guint      line_end;    /* last line, inclusive */
  gpointer   field_memory; /* private to wn-record.c: where fields are allocated */
} WnRecord;

WnRecord   *wn_record_new          (void) G_GNUC_WARN_UNUSED_RESULT;
void        wn_record_free         (WnRecord   *record);
/* Appends a field with copies of the tag's first tag_len bytes (-1: all of
 * it) and of value's first value_len bytes, and returns it. The field, its
 * tag and its value are allocated with the record's other fields, a few
 * blocks per record rather than one allocation per field (millions of
 * them in a large import), and freed with the record: a field never
 * moves to another record. Its value is then replaced only through
 * wn_field_set_value(). */
WnField    *wn_record_add_field_len (WnRecord   *record,
                                     const char *tag,
                                     gssize      tag_len,
                                     const char *value,
                                     gsize       value_len);
/* Replaces the field's value; takes value. */
void        wn_field_set_value     (WnField    *field,
                                    char       *value);
void        wn_record_add_field    (WnRecord   *record,
                                    const char *tag,
                                    const char *value);
void        wn_record_add_author   (WnRecord   *record,
                                    const char *author);
void        wn_record_add_keyword  (WnRecord   *record,
                                    const char *keyword);
/* Sets *slot to a copy of value (stripped) unless *slot is already set. */
void        wn_record_set_once     (char      **slot,
                                    const char *value);
char       *wn_record_authors_display (const WnRecord *record) G_GNUC_WARN_UNUSED_RESULT;

/* Normalises a DOI as found in any field ("doi:", "https://doi.org/",
 * "dx.doi.org/", URL-encoding, trailing punctuation) to lower case with no
 * prefix. Returns NULL when the text holds no DOI. */
char       *wn_doi_normalise       (const char *text) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnRecord, wn_record_free)

G_END_DECLS
