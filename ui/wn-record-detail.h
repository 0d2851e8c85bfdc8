/* wn-record-detail.h — the detail pane: one record, in full
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-project.h"
#include "wn-record.h"

G_BEGIN_DECLS

#define WN_TYPE_RECORD_DETAIL (wn_record_detail_get_type ())
G_DECLARE_FINAL_TYPE (WnRecordDetail, wn_record_detail, WN, RECORD_DETAIL, GtkWidget)

GtkWidget  *wn_record_detail_new            (void) G_GNUC_WARN_UNUSED_RESULT;
/* Shows record (not kept: every string is copied into the labels). */
void        wn_record_detail_show_record    (WnRecordDetail *self,
                                             gint64          record_id,
                                             const WnRecord *record,
                                             const char     *database);
/* Shows the "select a record" placeholder. */
void        wn_record_detail_clear          (WnRecordDetail *self);
void        wn_record_detail_show_error     (WnRecordDetail *self,
                                             const char     *message);
/* The record shown, 0 when none. */
gint64      wn_record_detail_get_record_id  (WnRecordDetail *self);
/* The title as the pane shows it, NULL when no record is shown. */
const char *wn_record_detail_get_title      (WnRecordDetail *self);

/* The project the Full Text section reads and attaches in; NULL for none. */
void        wn_record_detail_set_project    (WnRecordDetail *self,
                                             WnProject      *project);
/* Attaches file to the record shown, in a thread (NULL detaches); errors
 * in a dialog. */
void        wn_record_detail_attach_file    (WnRecordDetail *self,
                                             GFile          *file);
/* Reads the record's full text and retrieval status again. */
void        wn_record_detail_reload_fulltext (WnRecordDetail *self);
gboolean    wn_record_detail_get_has_fulltext (WnRecordDetail *self);
/* The attached file's name, NULL when none. */
const char *wn_record_detail_get_fulltext_name (WnRecordDetail *self);
/* Why the last attach or detach failed, NULL after a success. */
const char *wn_record_detail_get_fulltext_error (WnRecordDetail *self);
gboolean    wn_record_detail_get_fulltext_busy (WnRecordDetail *self);

G_END_DECLS
