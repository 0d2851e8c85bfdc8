/* wn-import-private.h — what the importer's own files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every parser (RIS now; MEDLINE, WoS, XML and CSV next) has the same
 * shape: it pulls lines from a WnLineReader, hands records to a
 * WnRecordSink, and notes warnings and rejected records in the report.
 * Errors that stop the whole file go through _wn_import_set_error() so they
 * all read "FILE: line N: cause".
 */
#pragma once

#include "wn-import.h"
#include "wn-line-reader.h"

G_BEGIN_DECLS

/* A parser for one format. Returns FALSE with error set when the file
 * cannot be read any further (I/O, cancellation, a line or record over the
 * bounds, the sink said stop). Records that cannot be read are not errors:
 * the parser rejects them through wn_import_report_reject() and goes on; the
 * caller decides whether that fails the file. */
typedef gboolean (*WnImportParseFunc) (WnLineReader    *reader,
                                       WnRecordSink     sink,
                                       gpointer         user_data,
                                       WnImportReport  *report,
                                       GCancellable    *cancellable,
                                       GError         **error);

/* Sets a WN_IMPORT_ERROR that names the file and, when line > 0, the line:
 * "FILE: line N: cause". format is the translated cause. */
void        _wn_import_set_error      (GError         **error,
                                       WnImportError    code,
                                       const char      *file_name,
                                       guint            line,
                                       const char      *format,
                                       ...) G_GNUC_PRINTF (5, 6);

/* The name used in messages for a format, e.g. "MEDLINE (.nbib)". */
const char *_wn_format_display_name  (WnFormat         format);

G_END_DECLS
