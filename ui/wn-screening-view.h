/* wn-screening-view.h — the screening page: one record at a time, by keyboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-project.h"
#include "wn-test-state.h"

G_BEGIN_DECLS

#define WN_TYPE_SCREENING_VIEW (wn_screening_view_get_type ())
G_DECLARE_FINAL_TYPE (WnScreeningView, wn_screening_view, WN, SCREENING_VIEW, GtkWidget)

GtkWidget  *wn_screening_view_new              (void) G_GNUC_WARN_UNUSED_RESULT;
/* Screens project's records as identity (NULL empties the page). */
void        wn_screening_view_set_project      (WnScreeningView *self,
                                                WnProject       *project,
                                                const char      *identity);
void        wn_screening_view_set_identity     (WnScreeningView *self,
                                                const char      *identity);
/* Shows the list of the project's reviewers to choose who is screening. */
void        wn_screening_view_choose_identity  (WnScreeningView *self);
/* Reads the queue, counts, criteria and reasons again (after a merge). */
void        wn_screening_view_reload           (WnScreeningView *self);

/* The identity's role in the project ("reviewer", "adjudicator", "lead"),
 * NULL while unknown or when the identity is not one of its reviewers. */
const char *wn_screening_view_get_role         (WnScreeningView *self);
/* (element-type WnReviewer) the project's reviewers, NULL until loaded. */
GPtrArray  *wn_screening_view_get_reviewers    (WnScreeningView *self);
/* Records in conflict at the stage shown. */
gint64      wn_screening_view_get_n_conflicts  (WnScreeningView *self);

/* The test hook's scr_* keys (see wn-window.c). */
void        wn_screening_view_describe         (WnScreeningView *self,
                                                WnTestStateFunc  func,
                                                gpointer         user_data);

G_END_DECLS
