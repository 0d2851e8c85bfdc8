/* wn-csv.h — the CSV and TSV parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Comma-, semicolon- and tab-separated exports, as databases and tools
 * write them (see the notes on PubMed, embase.com and EBSCOhost CSV):
 *
 *  - The header is found, not assumed at line 1. Blank rows, rows of dashes,
 *    an Excel "sep=;" line, embase.com's `"SEARCH QUERY","..."` preamble and
 *    rows of a single cell that names no title column (Dimensions' "About
 *    the data" line) may come before it. The first other row is the header;
 *    when none of its columns is a title column the whole file fails, naming
 *    that line and the columns found.
 *  - The delimiter is the most frequent of comma, semicolon and tab outside
 *    quotes in the header line (tab wins ties: a TSV title may hold commas).
 *  - Quoting is RFC 4180 and lenient: a cell that starts with a quote (after
 *    blanks, if any) runs to the closing quote, "" inside it is one quote,
 *    and it may hold delimiters and line ends, so one row can span several
 *    lines. EBSCOhost's Excel formulas (="19326203") are quoted cells too.
 *    A quote inside an unquoted cell is a plain character; text after a
 *    closing quote is kept. Web of Science tab-delimited files never quote,
 *    so there a quote is always a plain character (such files are detected
 *    as WN_FORMAT_WOS_TAB and read by the WoS parser; this one reads them
 *    only when told the file is CSV).
 *  - Columns are recognised by header name, case-insensitively, with the
 *    usual synonyms (title, author(s)/authors/creator, year/publication
 *    year/py/date, journal/source/source title/publication title/secondary
 *    title, volume, issue/number, pages/page, doi, abstract,
 *    keywords/subjects, pmid/pubmed id, language, type, and
 *    ID/record_id/key as source_id) and the column sets of PubMed,
 *    embase.com (both the 2019 and the 2024 layout), EBSCOhost, Scopus,
 *    IEEE Xplore, Covidence, Zotero, Lens.org, Dimensions and Web of
 *    Science tab-delimited exports.
 *  - Vendor and database (report and record): PubMed/PubMed from PubMed's
 *    column set; embase.com/Embase from the search-query preamble or the
 *    Emtree, PUI or "Embase Link" columns; EBSCOhost from its column set or
 *    its ="..." cells, with the database from the db= of its PLink
 *    ("aph" is Academic Search Premier); Elsevier/Scopus;
 *    Clarivate/Web of Science. A "Database" column wins for the record.
 *  - Authors come in one cell, joined by "; " (EBSCOhost, Scopus), by ", "
 *    (PubMed's "Griffin DK, O'Connor RE." with its closing full stop,
 *    embase.com's "Yang Z., McNamara M.E."), by " and ", or as a Python
 *    list; surname-and-initials names become "Griffin, D.K.", "Yang, Z."
 *    (as embase.com's RIS writes them), "A. B. Smith" becomes "Smith,
 *    A.B."; names with a comma, group authors and all-capital names are
 *    kept as written. Keywords: every keyword column (Emtree terms, EBSCO
 *    subjects, author keywords), split at "; " or at commas outside
 *    brackets, duplicates dropped.
 *  - Year: the first four-digit year of the best year column ("4/3/2024",
 *    "1 Dec 2024", "Jun2023"); the embase.com 2019 layout's journal, year,
 *    volume, issue and pages come from its "Source" citation, PubMed's
 *    volume, issue and pages from its "Citation". DOI from a DOI column,
 *    else from a link or citation after "doi.org/", "doi:" or "doi=";
 *    PMID only from PMID columns, and only when it is all digits.
 *  - record->fields holds every cell of the row, empty ones included, in
 *    column order, each under its header name ("column N" when the header
 *    cell is empty). Cells beyond the header are kept as "column N" fields
 *    with a warning, unless they are empty (Excel pads rows with commas).
 *    source_text is the row as it stands in the file, its lines joined with
 *    "\n"; line_start and line_end span all of them.
 *
 * A row is rejected with its first line, while the parser goes on, when:
 *  - it has no title, no DOI and no PMID: a record without a title cannot
 *    be screened, and one with neither DOI nor PMID cannot even be looked
 *    up (rows whose cells are all empty are skipped silently: spreadsheets
 *    leave them at the end);
 *  - a quoted cell in it is still open at the end of the file;
 *  - one of its lines holds control characters other than tab (binary data,
 *    or a file damaged in transfer);
 *  - it has more than WN_CSV_MAX_COLUMNS cells.
 * A row larger than WN_CSV_MAX_RECORD bytes (a quote left open early in a
 * big file, most likely) stops the file with WN_IMPORT_ERROR_TOO_LARGE, as
 * does a header with more than WN_CSV_MAX_COLUMNS columns.
 */
#pragma once

#include "wn-import.h"
#include "wn-line-reader.h"

G_BEGIN_DECLS

/* A row may span lines, so the reader's bound on a line becomes a bound on
 * a row. */
#define WN_CSV_MAX_RECORD  WN_LINE_READER_DEFAULT_MAX_LINE
/* Real exports have at most a few hundred columns (embase.com 49, Web of
 * Science 72); the bound keeps a line of a million commas from becoming a
 * million fields. */
#define WN_CSV_MAX_COLUMNS 4096

gboolean    wn_csv_parse          (WnLineReader    *reader,
                                   WnRecordSink     sink,
                                   gpointer         user_data,
                                   WnImportReport  *report,
                                   GCancellable    *cancellable,
                                   GError         **error);

/* Whether line is the header of a CSV or TSV file: at least two cells and
 * either a title column or two other columns Winnow knows by name. For
 * format detection; prose with commas is not a header. */
gboolean    wn_csv_is_header_line (const char      *line,
                                   gsize            len);

G_END_DECLS
