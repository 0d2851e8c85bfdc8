/* wn-conflicts-view.h — the conflicts page: the adjudicator settles disagreements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-project.h"
#include "wn-test-state.h"

G_BEGIN_DECLS

#define WN_TYPE_CONFLICTS_VIEW (wn_conflicts_view_get_type ())
G_DECLARE_FINAL_TYPE (WnConflictsView, wn_conflicts_view, WN, CONFLICTS_VIEW, GtkWidget)

GtkWidget  *wn_conflicts_view_new            (void) G_GNUC_WARN_UNUSED_RESULT;
/* Shows project's conflicts to identity; NULL empties the page. */
void        wn_conflicts_view_set_project    (WnConflictsView *self,
                                              WnProject       *project,
                                              const char      *identity);
void        wn_conflicts_view_set_identity   (WnConflictsView *self,
                                              const char      *identity);
/* Reads the conflicts again (after screening or a merge). */
void        wn_conflicts_view_reload         (WnConflictsView *self);
/* Conflicts listed at the stage shown. */
guint       wn_conflicts_view_get_n_conflicts (WnConflictsView *self);

/* The test hook's cf_* keys (see wn-window.c). */
void        wn_conflicts_view_describe       (WnConflictsView *self,
                                              WnTestStateFunc  func,
                                              gpointer         user_data);

G_END_DECLS
