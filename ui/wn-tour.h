/* wn-tour.h — the first-run walkthrough: a few popovers over the main
 * window's pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-test-state.h"

G_BEGIN_DECLS

#define WN_TYPE_TOUR (wn_tour_get_type ())

G_DECLARE_FINAL_TYPE (WnTour, wn_tour, WN, TOUR, GObject)

/* A tour over window, whose win.view action switches pages:
 * view_switcher holds the pages' toggle buttons (each names win.view with
 * its page as target); import_button and menu_button are pointed at by the
 * first and the last step. Nothing happens until wn_tour_start(). */
WnTour  *wn_tour_new         (GtkWindow       *window,
                              GtkWidget       *view_switcher,
                              GtkWidget       *import_button,
                              GtkWidget       *menu_button) G_GNUC_WARN_UNUSED_RESULT;
/* From the first step; the page shown before is shown again at the end,
 * and the keyboard goes back where it was. */
void     wn_tour_start       (WnTour          *self);
void     wn_tour_next        (WnTour          *self);
void     wn_tour_back        (WnTour          *self);
void     wn_tour_end         (WnTour          *self);
gboolean wn_tour_is_running  (WnTour          *self);
/* tour, tour_step (from 1; 0 when not running), tour_steps, tour_view,
 * tour_title, tour_focus (1 while the keyboard is in the popover),
 * tour_runs. */
void     wn_tour_describe    (WnTour          *self,
                              WnTestStateFunc  func,
                              gpointer         user_data);

G_END_DECLS
