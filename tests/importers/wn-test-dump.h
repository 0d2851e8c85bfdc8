/* wn-test-dump.h — a normalised text dump of parsed records, for golden files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wn-import.h"

G_BEGIN_DECLS

/* Appends the report's header (format, encoding, vendor, database, SHA-256,
 * counts, warnings, rejected records). */
void wn_test_dump_report (GString              *out,
                          const WnImportReport *report);
/* Appends one record: its columns, its fields in order and its source. */
void wn_test_dump_record (GString              *out,
                          guint                 index,
                          const WnRecord       *record);

/* Golden files */

typedef struct
{
  GString *out;
  guint    n;
} WnTestDumpContext;

/* A WnRecordFunc: appends the record to the WnTestDumpContext's dump,
 * numbered, and frees it. */
gboolean wn_test_dump_record_cb (WnRecord          *record,
                                 gpointer           user_data,
                                 GError           **error);
/* The dump of input as wn_import_parse_file() parses it: a header line,
 * the report, the error or "-", then the records. */
char    *wn_test_dump_file      (const char        *input);

/* The absolute path of tests/data/FOLDER/NAME. */
char    *wn_test_fixture        (const char        *folder,
                                 const char        *name);
/* The files of tests/data/FOLDER whose name ends in one of suffixes, in
 * name order. Changes the working folder to that folder, so that messages
 * name files without a path. Fails when fewer than min_fixtures are
 * found: losing some silently would let a regression through. */
GPtrArray *wn_test_golden_fixtures (const char        *folder,
                                    const char *const *suffixes,
                                    guint              min_fixtures);
/* "NAME.ext" → the absolute path of NAME.expected beside it, in the
 * folder of the last wn_test_golden_fixtures(). */
char    *wn_test_golden_expected (const char       *name);
/* A GTestDataFunc on "NAME.ext" (in the working folder): its dump must be
 * NAME.expected, or with WINNOW_REGENERATE set, rewrites NAME.expected. */
void     wn_test_golden         (gconstpointer      name);
/* wn_test_golden() as /wn/importers/FOLDER/NAME for each file of
 * wn_test_golden_fixtures(). */
void     wn_test_add_golden     (const char        *folder,
                                 const char *const *suffixes,
                                 guint              min_fixtures);

G_END_DECLS
