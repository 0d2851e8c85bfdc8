/* wn-ris.h — the RIS parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RIS as vendors really write it (see the notes on EBSCOhost, Ovid,
 * embase.com, Web of Science, PubMed, APA PsycNET, EndNote and Rayyan
 * exports):
 *
 *  - A tag line is two characters (A-Z, then A-Z or 0-9), one or two spaces,
 *    a hyphen, then a space or the end of the line: "TY  - JOUR",
 *    "TY - JOUR", "ER  -". APA PsycNET's four-letter "PMID  - " is accepted
 *    too: tags of three or four characters need exactly two spaces, which
 *    keeps prose such as "AIMS - to ..." on a wrapped line from being read as
 *    a tag.
 *  - A record starts at TY and ends at ER, at the next TY, or at the end of
 *    the file.
 *  - Everything outside a record is ignored: headers (APA PsycNET), record
 *    numbers ("1.", "36. "), "Link to the Ovid Full Text..." lines, blank
 *    lines, and tag lines after ER (Ovid's NL) unless an ER follows them.
 *  - A line without a tag inside a record continues the tag before it. For
 *    list tags (KW, AD, N1, SN, UR, L1-L4, LA, AU, A1-A4, ED) it is the next
 *    value of that tag, as EndNote and Rayyan write them: one WnField per
 *    line. For every other tag (TI, T1, AB, N2, ...) it is a wrapped line,
 *    joined to the value with one space. Web of Science is the exception:
 *    its N1 "Times Cited" note wraps over three lines and is joined.
 *  - record->fields holds every tag line in order, TY included, ER not;
 *    source_text holds the record's lines from TY to ER (or to its last
 *    non-blank line when it has no ER), decoded, joined with "\n".
 *  - The columns: title TI > T1 > CT > BT > ST; journal JF > T2 > JO > JA >
 *    J2 > J1 > JI > J9 (full titles before abbreviations); year from PY >
 *    Y1 > DA (four digits); DOI from DO > DI > L3 > M3 > L2 > UR; PMID from
 *    PMID > U1-U5 "...[pmid]" > AN (NCBI, EBSCO MEDLINE, EndNote "DP - NLM")
 *    > C5 (embase.com); abstract AB (not EBSCO's copyright notice) > N2;
 *    source_id ID > AN > EBSCO's "Accession Number:" note > embase.com's U2;
 *    pages "SP-EP"; authors AU and A1, one per line.
 *
 * A record is malformed, and is rejected with its line while the parser
 * goes on, when:
 *  - tag lines outside a record end with an ER: a record whose TY line is
 *    missing;
 *  - it has no field besides TY;
 *  - one of its lines holds control characters other than tab (binary data,
 *    or a file damaged in transfer).
 * Everything else real exports do is accepted. A record larger than
 * WN_RIS_MAX_RECORD bytes stops the file with WN_IMPORT_ERROR_TOO_LARGE.
 */
#pragma once

#include "wn-import.h"
#include "wn-line-reader.h"

G_BEGIN_DECLS

#define WN_RIS_MAX_RECORD (32 * 1024 * 1024)

gboolean    wn_ris_parse          (WnLineReader    *reader,
                                   WnRecordSink     sink,
                                   gpointer         user_data,
                                   WnImportReport  *report,
                                   GCancellable    *cancellable,
                                   GError         **error);

/* If line is a RIS tag line, copies the tag (2 to 4 characters) into tag,
 * points *value at the value with surrounding white space removed (its
 * length in *value_len) and returns TRUE. */
gboolean    wn_ris_parse_tag_line (const char      *line,
                                   gsize            len,
                                   char             tag[5],
                                   const char     **value,
                                   gsize           *value_len);

/* Whether line is a RIS "TY" line; for format detection. */
gboolean    wn_ris_is_type_line   (const char      *line,
                                   gsize            len);

/* The name of a database as a DB tag gives it: EBSCOhost codes ("psyh")
 * become names ("PsycINFO"), Ovid segment names lose their year range
 * ("APA PsycInfo <2021>" is "PsycINFO"). NULL for an empty value. */
char       *wn_ris_database_name  (const char      *value) G_GNUC_WARN_UNUSED_RESULT;

/* The four-digit year in a RIS date ("2019//", "2022/11/05/", "2016",
 * "20180327"), or NULL. */
char       *wn_ris_year_from_date (const char      *value) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
