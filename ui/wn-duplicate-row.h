/* wn-duplicate-row.h — one row of the duplicates page's lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-dedup-group.h"
#include "wn-dedup-pair.h"
#include "wn-record-item.h"

G_BEGIN_DECLS

#define WN_TYPE_DUPLICATE_ROW (wn_duplicate_row_get_type ())
G_DECLARE_FINAL_TYPE (WnDuplicateRow, wn_duplicate_row, WN, DUPLICATE_ROW, GtkWidget)

GtkWidget   *wn_duplicate_row_new           (void) G_GNUC_WARN_UNUSED_RESULT;
/* A pair: its score (or, once decided, the decision) and both titles. */
void         wn_duplicate_row_set_pair      (WnDuplicateRow *self,
                                             WnDedupPair    *pair);
/* A group: its size, the kept record's title, authors and year (kept may
 * be NULL while they load) and whether a person confirmed it. */
void         wn_duplicate_row_set_group     (WnDuplicateRow *self,
                                             WnDedupGroup   *group,
                                             WnRecordItem   *kept);
/* The list item showing this row, so the page can find a position's row. */
void         wn_duplicate_row_set_list_item (WnDuplicateRow *self,
                                             GtkListItem    *list_item);
GtkListItem *wn_duplicate_row_get_list_item (WnDuplicateRow *self);

G_END_DECLS
