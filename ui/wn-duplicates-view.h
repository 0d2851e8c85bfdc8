/* wn-duplicates-view.h — the duplicates page: runs, the review queue, merged groups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-project.h"

G_BEGIN_DECLS

#define WN_TYPE_DUPLICATES_VIEW (wn_duplicates_view_get_type ())
G_DECLARE_FINAL_TYPE (WnDuplicatesView, wn_duplicates_view, WN, DUPLICATES_VIEW, GtkWidget)

GtkWidget  *wn_duplicates_view_new                   (void) G_GNUC_WARN_UNUSED_RESULT;
/* Shows project's duplicates; NULL empties the page. The counts load at
 * once, the lists when the page is first shown. */
void        wn_duplicates_view_set_project           (WnDuplicatesView *self,
                                                      WnProject        *project);
/* Reads the counts and lists again (after an import, say). */
void        wn_duplicates_view_reload                (WnDuplicatesView *self);

/* What the page shows, for the window's header bar and test hook. */
gboolean    wn_duplicates_view_get_loaded            (WnDuplicatesView *self);
gint64      wn_duplicates_view_get_n_runs            (WnDuplicatesView *self);
gint64      wn_duplicates_view_get_n_groups          (WnDuplicatesView *self);
gint64      wn_duplicates_view_get_n_confirmed       (WnDuplicatesView *self);
gint64      wn_duplicates_view_get_n_pending         (WnDuplicatesView *self);
gint64      wn_duplicates_view_get_n_decided         (WnDuplicatesView *self);
gint64      wn_duplicates_view_get_n_duplicate_records (WnDuplicatesView *self);
/* "pending", "decided" or "groups": the list shown. */
const char *wn_duplicates_view_get_list              (WnDuplicatesView *self);
/* The pair (or group) the comparison shows, 0 when none. */
gint64      wn_duplicates_view_get_selected_pair_id  (WnDuplicatesView *self);
gint64      wn_duplicates_view_get_selected_group_id (WnDuplicatesView *self);
/* "auto" or "confirmed", NULL when no group is selected. */
const char *wn_duplicates_view_get_selected_group_status (WnDuplicatesView *self);
/* TRUE while a run, a change or a reload is under way. */
gboolean    wn_duplicates_view_get_running           (WnDuplicatesView *self);
gboolean    wn_duplicates_view_get_busy              (WnDuplicatesView *self);
/* Steps U (Ctrl+Z) can undo. */
guint       wn_duplicates_view_get_n_undo            (WnDuplicatesView *self);
/* Fields the comparison marks as differing. */
guint       wn_duplicates_view_get_n_differences     (WnDuplicatesView *self);

G_END_DECLS
