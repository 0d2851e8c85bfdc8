/* wn-medline.h — the MEDLINE / PubMed (.nbib) parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PubMed's "PubMed format" (the citation manager's .nbib, often saved as
 * .txt or even .ris), as NLM describes it and as PubMed and ERIC write it:
 *
 *  - A tag line is a tag of two to four characters (A-Z, then A-Z or 0-9)
 *    padded with spaces to four columns, a hyphen, then a space:
 *    "PMID- 12345", "TI  - ...", "FAU - ...". The padding is what tells a
 *    tag from prose, so "CD4-positive" at the start of a line is no tag.
 *  - A line that starts with white space (PubMed indents six spaces)
 *    continues the field before it. Every MEDLINE field wraps this way, so
 *    continuations are joined with one space; the spaces PubMed leaves at
 *    the end of wrapped lines are dropped, so the result has no runs of
 *    white space that the file did not have inside a line.
 *  - Records are separated by blank lines. A record starts at the first
 *    tag line after one (PubMed's start with PMID, ERIC's with OWN), and a
 *    PMID line also starts a new record when no blank line came before it.
 *    A continuation line after a blank line still belongs to the record
 *    before it (a blank line slipped into a field); any other untagged text
 *    outside records is ignored, as is a blank line at the start of a file.
 *  - record->fields holds every tag line in order, continuations applied;
 *    source_text holds the record's lines, decoded, joined with "\n".
 *  - The columns: title TI > BTI (a book's title when there is no chapter
 *    title); authors FAU (full names), or AU where a record has no FAU for
 *    that author ("Griffin DK" becomes "Griffin, D K", FAU's own form), and
 *    CN group authors, in source order; year from DP ("2006 May-Jun") >
 *    DEP; journal JT > TA > BTI (the book a chapter is in); volume VI,
 *    issue IP, pages PG; DOI from LID "... [doi]" > AID "... [doi]" > an
 *    LID or AID holding "doi" > SO ("... doi: 10...."), never a [pii];
 *    PMID from PMID; abstract AB; keywords OT, MH and KoreaMed's KW in
 *    source order; language LA; type the first PT; source_id PMID, else
 *    ERIC's "OID - EJ..."/"ED...".
 *  - Vendor and database: "PubMed" for NLM records, "ERIC" for files that
 *    say OWN - ERIC.
 *
 * A record is malformed, and is rejected with its line while the parser
 * goes on, when:
 *  - one of its lines holds control characters other than tab (binary
 *    data, or a file damaged in transfer);
 *  - it has no PMID, no title (TI, BTI) and no abstract: nothing that
 *    says which record it is, as when a file was cut in two.
 * Everything else real exports do is accepted. A record larger than
 * WN_TAGGED_MAX_RECORD bytes stops the file with WN_IMPORT_ERROR_TOO_LARGE.
 */
#pragma once

#include "wn-import.h"
#include "wn-line-reader.h"

G_BEGIN_DECLS

gboolean    wn_medline_parse          (WnLineReader    *reader,
                                       WnRecordSink     sink,
                                       gpointer         user_data,
                                       WnImportReport  *report,
                                       GCancellable    *cancellable,
                                       GError         **error);

/* If line is a MEDLINE tag line, copies the tag (2 to 4 characters) into
 * tag, points *value at the value with surrounding white space removed
 * (its length in *value_len) and returns TRUE. */
gboolean    wn_medline_parse_tag_line (const char      *line,
                                       gsize            len,
                                       char             tag[5],
                                       const char     **value,
                                       gsize           *value_len);

G_END_DECLS
