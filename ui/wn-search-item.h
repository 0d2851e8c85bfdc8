/* wn-search-item.h — a search as the searches page shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small read-only GObject over one search (WnSearchBatch: one database
 * search, exported in one file or several), so the searches table can
 * sort and bind through expressions without C glue. Besides the search's
 * own fields it has the texts the table shows (numbers grouped as the
 * locale does, its files with their format and encoding, the hit-count
 * warning, which compares the records of all its files with the hits). A
 * changed search is a new item: the page reloads after every edit.
 */
#pragma once

#include <glib-object.h>

#include "wn-project.h"

G_BEGIN_DECLS

#define WN_TYPE_SEARCH_ITEM (wn_search_item_get_type ())
G_DECLARE_FINAL_TYPE (WnSearchItem, wn_search_item, WN, SEARCH_ITEM, GObject)

/* Takes batch. */
WnSearchItem   *wn_search_item_new                (WnSearchBatch *batch) G_GNUC_WARN_UNUSED_RESULT;
/* The provenance: its first file (every file has the same). */
const WnSearch *wn_search_item_get_search         (WnSearchItem *self);
const WnSearchBatch *wn_search_item_get_batch     (WnSearchItem *self);
/* The search's number: its first file's search id. */
gint64          wn_search_item_get_id             (WnSearchItem *self);
/* Whether file search_id is one of this search's. */
gboolean        wn_search_item_has_file           (WnSearchItem *self,
                                                   gint64        search_id);
/* The records of all its files. */
gint64          wn_search_item_get_record_count   (WnSearchItem *self);
/* TRUE when the database gave a hit count and it is not the number of
 * records imported. */
gboolean        wn_search_item_get_has_warning    (WnSearchItem *self);
/* "Embase, 2026-10-01": how a person names this search in a sentence. */
const char     *wn_search_item_get_label          (WnSearchItem *self);

G_END_DECLS
