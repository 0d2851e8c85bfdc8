/* wn-searches-view.h — the searches page: every import with its provenance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-project.h"
#include "wn-search-item.h"

G_BEGIN_DECLS

#define WN_TYPE_SEARCHES_VIEW (wn_searches_view_get_type ())
G_DECLARE_FINAL_TYPE (WnSearchesView, wn_searches_view, WN, SEARCHES_VIEW, GtkWidget)

GtkWidget    *wn_searches_view_new               (void) G_GNUC_WARN_UNUSED_RESULT;
/* Shows project's searches, loaded in a thread; NULL empties the page. */
void          wn_searches_view_set_project       (WnSearchesView *self,
                                                  WnProject      *project);
/* Lists the searches again (after an import or an edit). */
void          wn_searches_view_reload            (WnSearchesView *self);
/* TRUE once the first list has arrived. */
gboolean      wn_searches_view_get_loaded        (WnSearchesView *self);
guint         wn_searches_view_get_n_searches    (WnSearchesView *self);
/* Searches whose reported hit count is not the number of records imported. */
guint         wn_searches_view_get_n_warnings    (WnSearchesView *self);
/* The selected search's id, 0 when none. */
gint64        wn_searches_view_get_selected_id   (WnSearchesView *self);
/* The search with this id, NULL when the list has none. */
WnSearchItem *wn_searches_view_lookup            (WnSearchesView *self,
                                                  gint64          search_id);

G_END_DECLS
