/* wn-xml-private.h — what the XML importers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PubMed XML and EndNote XML are read by one engine (wn-xml.c) that streams
 * the file through libxml2's xmlTextReader and turns each record element
 * into a WnRecord; the formats differ only in which elements are records,
 * which elements are markup inside text, and how fields map to columns.
 *
 * What the engine does for every format:
 *
 *  - The text comes from the line reader with wn_line_reader_read_raw(),
 *    already decoded to UTF-8, so libxml2 is told the input is UTF-8 and
 *    ignores the encoding the XML declaration names (a UTF-16 file says
 *    encoding="UTF-16" but reaches libxml2 as UTF-8). No line limit
 *    applies: EndNote writes a whole library on one line.
 *  - Untrusted input: network off, no entity substitution, no DTD loading,
 *    no validation, libxml2's default size limits (no XML_PARSE_HUGE).
 *    Entity references stay references: an external entity is never
 *    fetched, and an internal one is never expanded into the records.
 *  - A record is an element named in record_names whose parent is named in
 *    parent_names. Everything outside records is skipped.
 *  - record->fields: one field per element that holds text, its value
 *    being all the text inside it, markup elements (inline_names, MathML)
 *    included, with runs of white space made one space; and one field per
 *    attribute of such an element or of a container. Elements without
 *    text give a field with an empty value. Fields are in source order.
 *    A field's tag is the last two steps of its path below the record
 *    element: "Article/ArticleTitle", "PubDate/Year", "ArticleId/@IdType",
 *    "titles/title", "rec-number". Whole paths would tell more but double
 *    what a PubMed record stores; the source text has the rest, and the
 *    mapping to columns sees whole paths (WnXmlPaths), as it must: a
 *    PubMed record repeats ArticleIdList/ArticleId for every record it
 *    cites.
 *  - record->source_text is the record's own text as it is in the file
 *    (decoded to UTF-8, line ends made "\n" as in every importer's source
 *    text), from "<" of its start tag to ">" of its end tag; line_start
 *    and line_end are the lines of those two characters, counted as the
 *    line reader counts them (LF, CRLF and a lone CR each end a line). They
 *    come from a small scanner that sees every byte before libxml2 does,
 *    which also bounds what a record may hold before libxml2 builds
 *    anything from it.
 *  - Each record is expanded into a tree, read, and freed before the next
 *    one is read, so memory depends on the largest record, never on the
 *    file. Bounds: a record over WN_XML_MAX_RECORD bytes or with more than
 *    WN_XML_MAX_ELEMENTS elements, or a single text run, tag or comment
 *    over WN_XML_MAX_TOKEN bytes, stops the file with
 *    WN_IMPORT_ERROR_TOO_LARGE before libxml2 has built it. A record with
 *    more than WN_XML_MAX_FIELDS fields, or elements nested deeper than
 *    WN_XML_MAX_DEPTH, is rejected.
 *  - A file that is not well-formed XML is a whole-file error that names
 *    the line libxml2 gives, except that a file cut short (its end comes
 *    before the root element's) is read up to the cut: the record the cut
 *    falls in is rejected, the records before it are good.
 */
#pragma once

#include <libxml/xmlreader.h>

#include "wn-import-private.h"

G_BEGIN_DECLS

#define WN_XML_MAX_RECORD  (16 * 1024 * 1024)
#define WN_XML_MAX_TOKEN   (8 * 1024 * 1024)
#define WN_XML_MAX_ELEMENTS 100000
#define WN_XML_MAX_FIELDS  200000
#define WN_XML_MAX_DEPTH   64

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlTextReader, xmlFreeTextReader)

typedef struct _WnXmlFormat WnXmlFormat;

/* The whole path of each field of a record, in the order of
 * record->fields: fields are tagged with the end of it only. */
typedef struct
{
  GString *text;      /* the paths, each NUL-terminated */
  GArray  *offsets;   /* guint: where the path of field i starts in text */
} WnXmlPaths;

static inline const char *
_wn_xml_path (const WnXmlPaths *paths,
              guint             i)
{
  return paths->text->str + g_array_index (paths->offsets, guint, i);
}

/* Fills the record's columns from its fields. Returns NULL when the record
 * is good, or why it is rejected (translated, owned by the caller). */
typedef char *(*WnXmlMapFunc) (const WnXmlFormat *format,
                               WnRecord          *record,
                               const WnXmlPaths  *paths,
                               WnImportReport    *report);

struct _WnXmlFormat
{
  WnFormat            format;
  const char *const  *record_names;     /* NULL-terminated */
  const char *const  *parent_names;     /* NULL-terminated */
  const char *const  *inline_names;     /* markup whose text belongs to the element around it */
  gboolean            mathml_inline;    /* MathML ("math", "mml:math" and all inside) is markup */
  gboolean            split_cr;         /* a CR separates values: one field each (EndNote) */
  gboolean            keep_blank_text;  /* white space between markup elements is text (PubMed) */
  WnXmlMapFunc        map;
};

gboolean    _wn_xml_parse             (const WnXmlFormat  *format,
                                       WnLineReader       *reader,
                                       WnRecordSink        sink,
                                       gpointer            user_data,
                                       WnImportReport     *report,
                                       GCancellable       *cancellable,
                                       GError            **error);

/* For tests: hand libxml2 at most limit bytes (4 or more) per read, so
 * that the scanner meets a seam between two reads everywhere; 0 lifts the
 * limit. It applies to every parse that starts after the call. */
void        _wn_xml_set_read_limit    (gsize               limit);

/* The last part of a path: "ArticleTitle" for
 * "MedlineCitation/Article/ArticleTitle", "IdType" for ".../@IdType". */
const char *_wn_xml_path_name         (const char         *path);

G_END_DECLS
