/* wn-wos.h — the Web of Science parser (plain text and tab-delimited)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Web of Science exports the same field tags in two shapes, and this
 * parser reads both; it tells them apart by the first line that is not
 * blank, whichever of WN_FORMAT_WOS and WN_FORMAT_WOS_TAB detection (or the
 * user) chose, and sets report->format to the one it found.
 *
 * Plain text ("Other file formats > Plain text", .txt/.ciw):
 *  - "FN <name>" and "VR 1.0" head the file; each record starts with PT and
 *    ends with ER; "EF" ends the file. Files joined with cat repeat the
 *    header, so FN, VR and EF may come again.
 *  - A tag line is two characters (A-Z, then A-Z or 0-9) and a space, or
 *    the two characters alone ("ER"). A line that starts with white space
 *    (WoS indents three) continues the tag before it:
 *      - for the list tags AU, AF, BA, BF, BE, CA, GP, CR and C1 it is the
 *        tag's next value: one WnField per line;
 *      - for every other tag (TI, SO, AB, FX, and the "; " lists DE, ID,
 *        WC, SC, RI, OI, EM, FU, C3 that wrap in the middle of an entry)
 *        it is a wrapped line, joined to the value with one space.
 *  - A record ends at ER, at the next PT, or at the end of the file. A file
 *    that ends without EF is read to its end, with a warning that it may
 *    have been cut short. Blank lines inside a record are kept in its
 *    source; untagged, unindented lines continue the field before them.
 *  - Outside records everything but tag lines is ignored; tag lines there
 *    matter only when an ER follows them (a record without PT).
 *
 * Tab-delimited ("Tab delimited file", Windows UTF-16LE with a BOM, or
 * UTF-8):
 *  - The first line names the columns with the same tags (PT AU BA BE GP AF
 *    ... UT), each later line is one record, cells separated by tabs. Lists
 *    are joined with "; " inside their cell. WoS does not quote cells, so
 *    quotes are text.
 *  - record->fields holds one field per non-empty cell, in column order,
 *    tagged with its column's name (empty cells hold nothing to keep; the
 *    row itself is the record's source_text).
 *
 * Columns, in both shapes: title TI; authors AF (full names) or else AU,
 * each value split at ";" (the WoS MEDLINE database joins its names on one
 * line, and tab cells always do), then CA group authors; GP (a book's
 * group author, e.g. "IEEE" for a proceedings volume) only when there is
 * no other author; year PY > EY > PD > EA; journal SO > SE > J9 > JI;
 * volume VL, issue IS, pages "BP-EP" or else AR (article number); DOI DI >
 * D2 (never one from CR, the cited references); PMID PM, or the number of
 * a "MEDLINE:" accession; abstract AB; keywords DE then ID (Keywords Plus),
 * split at ";"; language LA; type PT; source_id UT ("WOS:...", "ISI:...",
 * "MEDLINE:..." kept whole). SP (conference sponsors), CY (conference
 * date), DA (the date the file was written) and PG (page count) are kept as
 * fields and feed no column. Vendor "Clarivate"; database "Web of Science"
 * or, from the UT prefix, the WoS database the record came from.
 *
 * A record is malformed, and is rejected with its line while the parser
 * goes on, when:
 *  - one of its lines holds control characters other than tab;
 *  - (plain text) tag lines outside a record end with an ER: a record whose
 *    PT line is missing; or it has nothing but its PT line;
 *  - (tab-delimited) its row has more non-empty cells than the header has
 *    columns (a tab inside a value, or two rows run together), or it has
 *    neither a title (TI) nor an accession number (UT), as a row cut short
 *    at the end of a truncated file.
 * A record larger than WN_TAGGED_MAX_RECORD bytes stops the file with
 * WN_IMPORT_ERROR_TOO_LARGE.
 */
#pragma once

#include "wn-import.h"
#include "wn-line-reader.h"

G_BEGIN_DECLS

gboolean    wn_wos_parse          (WnLineReader    *reader,
                                   WnRecordSink     sink,
                                   gpointer         user_data,
                                   WnImportReport  *report,
                                   GCancellable    *cancellable,
                                   GError         **error);

/* Whether line is the header row of a tab-delimited export ("PT\tAU\t...");
 * for format detection. */
gboolean    wn_wos_is_tab_header  (const char      *line,
                                   gsize            len);

/* The Web of Science database an accession number's prefix names:
 * "WOS:..." and "ISI:..." are "Web of Science", "MEDLINE:..." is "MEDLINE",
 * "INSPEC:..." "Inspec", ... NULL when value has no prefix it knows. */
const char *wn_wos_database_for_accession (const char *value);

G_END_DECLS
