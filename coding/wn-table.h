/* wn-table.h — tables for export: CSV and XLSX, safe and atomic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every table Winnow exports (the extraction table, the characteristics of
 * included studies, frequency tables, the themes table, the template and
 * the codebook) is built as a WnTable: a name (the XLSX sheet's), a header
 * row and rows of text cells (NULL for an empty cell). A cell is numeric
 * when the column was declared so and the text parses as a number: XLSX
 * then stores a number.
 *
 * Writers:
 *  - neutralise spreadsheet formula injection: a text cell starting with
 *    '=', '+', '-', '@', a tab or a carriage return is written with a
 *    leading apostrophe (CSV) or as a string cell whose text is prefixed
 *    with an apostrophe (XLSX never writes formulas at all, but the
 *    apostrophe keeps a copy-paste to CSV safe too). Numeric cells of
 *    numeric columns ("-3.5") are numbers, not text, and are not touched.
 *  - write atomically: to a temporary file in the target's folder, then
 *    renamed over it; on failure nothing is left behind and the target is
 *    unchanged.
 *  - CSV: UTF-8 with BOM (so Excel reads it as UTF-8), RFC 4180 quoting,
 *    CRLF line ends. One table per CSV file.
 *  - XLSX (libxlsxwriter): one sheet per table, header row bold and frozen,
 *    column widths from the content (capped), sheet names made unique and
 *    cut to Excel's 31 characters without []:*?/\.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WN_TABLE_ERROR (wn_table_error_quark ())

typedef enum
{
  WN_TABLE_ERROR_WRITE, /* the file could not be written */
} WnTableError;

GQuark      wn_table_error_quark      (void);

typedef struct _WnTable WnTable;

WnTable    *wn_table_new              (const char  *name,
                                       const char * const *header);
void        wn_table_free             (WnTable     *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnTable, wn_table_free)

const char *wn_table_get_name         (WnTable     *self);
guint       wn_table_get_n_columns    (WnTable     *self);
guint       wn_table_get_n_rows       (WnTable     *self);
const char *wn_table_get_header       (WnTable     *self,
                                       guint        column);
/* The cell's text, NULL when empty. */
const char *wn_table_get_cell         (WnTable     *self,
                                       guint        row,
                                       guint        column);
/* Declares a column numeric (see above). */
void        wn_table_set_numeric      (WnTable     *self,
                                       guint        column,
                                       gboolean     numeric);
/* Appends a row of n_columns cells (copied; NULL for empty). */
void        wn_table_add_row          (WnTable     *self,
                                       const char * const *cells);
/* Appends an empty row and returns its index; then set cells one by one. */
guint       wn_table_append_row       (WnTable     *self);
void        wn_table_set_cell         (WnTable     *self,
                                       guint        row,
                                       guint        column,
                                       const char  *text);

/* The text as written to a file: formula injection neutralised. Returns
 * text itself when nothing needs changing, else a new string in *copy. */
const char *wn_table_safe_text        (const char  *text,
                                       char       **copy);

gboolean    wn_table_write_csv        (WnTable     *self,
                                       const char  *path,
                                       GError     **error);
/* tables: n tables, one sheet each, in order. */
gboolean    wn_tables_write_xlsx      (WnTable    **tables,
                                       guint        n,
                                       const char  *path,
                                       GError     **error);

G_END_DECLS
