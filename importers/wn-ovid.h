/* wn-ovid.h — the Ovid tagged parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ovid's own export format (not its RIS): what its "EndNote", "Citavi" and
 * "Reference Manager" direct exports and its plain "Fields" display write,
 * for every database on the platform (Embase, APA PsycInfo, MEDLINE,
 * BIOSIS, ...):
 *
 *  - Each record starts with a marker line, "<1. >", "<3001. >" or "<8>".
 *    A file without markers is read too: there a "VN  - Ovid Technologies"
 *    line starts each record. Text before the first record (a search
 *    history, "Database: Embase <1974 to 2018 March 26>") is ignored, but
 *    its "Database:" line names the database when records do not.
 *  - Two field layouts, told apart by the first line of each record:
 *      - tagged: "VN  - Ovid Technologies", "AU  - Behan L.": a tag of two
 *        to four characters, one or two spaces, a hyphen, a space;
 *      - long names: a field name alone on a line ("Title", "Author",
 *        "Source") and its value on the indented lines below it. Names
 *        Ovid uses for the fields Winnow reads are mapped to the tags
 *        above (see long_names in wn-ovid.c); every field is kept under
 *        the name the file gives it.
 *  - One export indents every line by one space (" <7. >", " VN  - ");
 *    that one space is ignored wherever it appears.
 *  - Continuations: a line indented further (six spaces, usually) is a
 *    wrapped line, joined with a space; an unindented line that is no tag,
 *    or a line after blank lines, starts a new paragraph (Embase writes
 *    its abstract's "Method(s):" and "Result(s):" paragraphs so), joined
 *    with a line break. For the list fields IN (institutions), RF
 *    (references), TM and TD (tests and measures), and their long names,
 *    each continuation line is the field's next value instead.
 *  - record->fields holds every field in order, continuations applied;
 *    source_text holds the record's lines from its marker to its last
 *    line that is not blank.
 *  - The columns: title TI, without the "[References]", "[Article]" ...
 *    that Ovid appends; authors FA (full names) or else AU, "Behan L."
 *    becoming "Behan, L.", "Kobori, Osamu" kept, roles in brackets and
 *    affiliation numbers dropped; journal JN > JT > JA > the journal part
 *    of SO; volume VO > VI, issue IP, pages PG, year YR > DP > PY, each
 *    else from SO ("Behavioural and Cognitive Psychotherapy. Vol.43(5), Sep
 *    2015, pp. 623-634.", "BMC Proceedings. ... 12 (Supplement 3) (no
 *    pagination), 2018.", "Ecohydrology. 8(6):1048-1064, September 2015.");
 *    DOI DO > DI (never one from RF, the references, or TD, the tests);
 *    PMID PM, or UI in MEDLINE (whose unique identifier is the PMID);
 *    abstract AB; keywords MH (or OD when there is no MH), KW and ID
 *    split at ";" (PsycINFO's ID at ","); language LG > LA; type PT > DT;
 *    source_id UI > AN, without the status PsycINFO puts before its
 *    accession number ("Peer Reviewed Journal: 2015-33942-012.").
 *  - Vendor "Ovid"; database from DB, as wn_ris_database_name() names it
 *    ("APA PsycInfo <2021>" is "PsycINFO").
 *
 * A record is malformed, and is rejected with its line while the parser
 * goes on, when:
 *  - one of its lines holds control characters other than tab;
 *  - it has no field at all (a marker followed by the next marker).
 * A record larger than WN_TAGGED_MAX_RECORD bytes stops the file with
 * WN_IMPORT_ERROR_TOO_LARGE.
 */
#pragma once

#include "wn-import.h"
#include "wn-line-reader.h"

G_BEGIN_DECLS

gboolean    wn_ovid_parse            (WnLineReader    *reader,
                                      WnRecordSink     sink,
                                      gpointer         user_data,
                                      WnImportReport  *report,
                                      GCancellable    *cancellable,
                                      GError         **error);

/* Whether line is an Ovid record marker ("<1. >", "<3001. >", "<8>"),
 * with or without the one-space indent; for format detection. */
gboolean    wn_ovid_is_marker        (const char      *line,
                                      gsize            len);

/* What an Ovid source string says: journal, volume, issue, pages and year
 * (each NULL when it does not say). For tests and for the parser. */
typedef struct
{
  char *journal;
  char *volume;
  char *issue;
  char *pages;
  char *year;
} WnOvidSource;

void        wn_ovid_parse_source     (const char      *source,
                                      WnOvidSource    *out);
void        wn_ovid_source_clear     (WnOvidSource    *source);

G_END_DECLS
