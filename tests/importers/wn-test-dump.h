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

G_END_DECLS
