/* wn-record-item.h — a record as a list shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small read-only GObjects with properties, so the UI's .ui files can sort,
 * filter and bind through expressions without C glue. They hold only what a
 * table row shows; the detail pane asks the project for the whole record.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WN_TYPE_RECORD_ITEM (wn_record_item_get_type ())
G_DECLARE_FINAL_TYPE (WnRecordItem, wn_record_item, WN, RECORD_ITEM, GObject)

WnRecordItem *wn_record_item_new          (gint64      id,
                                           const char *title,
                                           const char *authors,
                                           const char *year,
                                           const char *journal,
                                           const char *doi,
                                           const char *database) G_GNUC_WARN_UNUSED_RESULT;
gint64        wn_record_item_get_id       (WnRecordItem *self);
const char   *wn_record_item_get_title    (WnRecordItem *self);
const char   *wn_record_item_get_authors  (WnRecordItem *self); /* "Smith, J.; Jones, K." */
const char   *wn_record_item_get_year     (WnRecordItem *self);
const char   *wn_record_item_get_journal  (WnRecordItem *self);
const char   *wn_record_item_get_doi      (WnRecordItem *self);
const char   *wn_record_item_get_database (WnRecordItem *self);

G_END_DECLS
