/* wn-search-item.h — a search as the searches page shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small read-only GObject over one WnSearch, so the searches table can
 * sort and bind through expressions without C glue. Besides the search's
 * own fields it has the texts the table shows (numbers grouped as the
 * locale does, the format with its encoding, the hit-count warning). A
 * changed search is a new item: the page reloads after every edit.
 */
#pragma once

#include <glib-object.h>

#include "wn-project.h"

G_BEGIN_DECLS

#define WN_TYPE_SEARCH_ITEM (wn_search_item_get_type ())
G_DECLARE_FINAL_TYPE (WnSearchItem, wn_search_item, WN, SEARCH_ITEM, GObject)

/* Takes search. */
WnSearchItem   *wn_search_item_new                (WnSearch     *search) G_GNUC_WARN_UNUSED_RESULT;
const WnSearch *wn_search_item_get_search         (WnSearchItem *self);
gint64          wn_search_item_get_id             (WnSearchItem *self);
/* TRUE when the database gave a hit count and it is not the number of
 * records imported. */
gboolean        wn_search_item_get_has_warning    (WnSearchItem *self);
/* "Embase, 2026-10-01": how a person names this search in a sentence. */
const char     *wn_search_item_get_label          (WnSearchItem *self);

G_END_DECLS
