/* wn-export.h — exporting a set of records with their screening decisions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The set is the intersection of three filters: a screening set (every
 * record, or those included, excluded or in conflict at a stage), a search
 * (0 for every search) and a label (NULL for any; a record carries a label
 * when a decision in force at either stage gives it). Records that are
 * duplicates of another are left out, unless include_duplicates is set with
 * WN_EXPORT_SET_ALL: duplicates are never screened, so their decision
 * columns stay empty.
 *
 * Formats:
 *
 * RIS (UTF-8, no BOM, "TAG  - value" lines ending in CRLF as EndNote writes
 *   them, a blank line after each ER). A record imported from RIS keeps
 *   every tag and value of its source in source order, unknown tags too,
 *   TY first and ER last; any other record is mapped to standard tags (TY,
 *   TI, AU per author, PY, T2 and JO, VL, IS, SP and EP, DO, AB, KW per
 *   keyword, LA, AN, DB). The decisions are added as N1 lines before ER,
 *   after the record's own N1 lines:
 *     N1  - Winnow TA: conflict (alice: include; bob: exclude — Wrong population)
 *     N1  - Winnow TA note, bob: not an RCT
 *     N1  - Winnow labels: paediatric; RCT
 *   RIS has no continuation lines, so a value's line breaks become spaces
 *   (an abstract stays one line however long).
 *
 * CSV (RFC 4180: comma-separated, CRLF rows, fields quoted when they hold a
 *   comma, quote or line break; UTF-8 with a BOM so Excel reads it as
 *   UTF-8). Columns: id, source_id, title, authors ("; "-joined), year,
 *   journal, volume, issue, pages, doi, pmid, database; then per stage (ta,
 *   then ft) one column per person's vote in force (ta_alice, …: include,
 *   exclude, maybe or empty), ta_final (included, excluded, conflict,
 *   partial or unscreened), ta_reasons and ta_notes (every reason or note
 *   in force, adjudication included, as "name: text" joined by " | ");
 *   then labels ("; "-joined) and abstract last.
 *
 * ASReview labelled CSV (RFC 4180, UTF-8 without a BOM: it is read by
 *   programs): record_id (the project's record id), title, abstract,
 *   authors, year, doi, keywords ("; "-joined), label_included. The label
 *   is the outcome at options->stage: at title/abstract 1 included, 0
 *   excluded, empty otherwise; at full text 1 included at full text, 0
 *   excluded at either stage, empty otherwise.
 *
 * In both CSV formats a cell that begins with = + - @, a tab or a carriage
 * return gets a leading apostrophe, so that a spreadsheet shows it as text
 * rather than running it as a formula (OWASP, "CSV Injection").
 *
 * The file is written atomically: to a temporary file in the same folder,
 * flushed to disk, then renamed over the path. Whatever happens before the
 * rename (an error, a crash, a kill), a file already at the path is left as
 * it was, and no partial file appears under its name.
 */
#pragma once

#include <gio/gio.h>

#include "wn-project.h"
#include "wn-screening.h"

G_BEGIN_DECLS

typedef enum
{
  WN_EXPORT_FORMAT_RIS = 0,
  WN_EXPORT_FORMAT_CSV,
  WN_EXPORT_FORMAT_ASREVIEW_CSV,
} WnExportFormat;

typedef enum
{
  WN_EXPORT_SET_ALL = 0,    /* every record (that is not a duplicate) */
  WN_EXPORT_SET_INCLUDED,   /* outcome included at options->stage */
  WN_EXPORT_SET_EXCLUDED,   /* outcome excluded at options->stage */
  WN_EXPORT_SET_CONFLICTS,  /* outcome conflict at options->stage */
} WnExportSet;

typedef struct
{
  WnExportFormat  format;
  WnExportSet     set;
  WnStage         stage;              /* the set's stage; also the ASReview label's */
  gint64          search_id;          /* 0: every search */
  const char     *label;              /* NULL: any */
  gboolean        include_duplicates; /* only with WN_EXPORT_SET_ALL */
} WnExportOptions;

/* RIS, every record, title/abstract, every search, any label. */
void        wn_export_options_init        (WnExportOptions        *options);

/* "ris", "csv", "asreview-csv" */
const char *wn_export_format_to_string    (WnExportFormat          format);
gboolean    wn_export_format_from_string  (const char             *text,
                                           WnExportFormat         *format);
/* "all", "included-ta", "included-ft", "excluded-ta", "excluded-ft",
 * "conflicts-ta", "conflicts-ft"; stage is left as it is for "all". */
gboolean    wn_export_set_from_string     (const char             *text,
                                           WnExportSet            *set,
                                           WnStage                *stage);

/* Writes the set to path atomically. Fails with WN_STORE_ERROR_NOT_FOUND
 * when the search does not exist or no decision ever gave the label (in the
 * searched records), with a G_FILE_ERROR when the file cannot be written,
 * or with the store's errors. *n_written (may be NULL) is the number of
 * records written. */
gboolean    wn_project_export             (WnProject              *self,
                                           const WnExportOptions  *options,
                                           const char             *path,
                                           gint64                 *n_written,
                                           GError                **error);

/* text made safe as part of a file name: path separators, control
 * characters and characters Windows refuses (<>:"|?*) become "_", leading
 * dots and spaces are dropped, at most 80 characters are kept (never cut
 * inside a character); "_" when nothing is left. For suggested names built
 * from data (a reviewer's name, a title). */
char       *wn_safe_file_name_part        (const char             *text) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
