/* wn-help-window.h — the user guide: its pages in a sidebar, one shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-test-state.h"

G_BEGIN_DECLS

#define WN_TYPE_HELP_WINDOW (wn_help_window_get_type ())

G_DECLARE_FINAL_TYPE (WnHelpWindow, wn_help_window, WN, HELP_WINDOW, GtkWindow)

/* The one help window (made on first use), showing page ("screening.md";
 * NULL or an unknown page: the guide's first page), presented beside
 * parent. */
WnHelpWindow *wn_help_window_present     (GtkWindow       *parent,
                                          const char      *page);
/* Closes the help window if it is open: the last main window is going. */
void          wn_help_window_close_guide (void);
gboolean      wn_help_window_show_page   (WnHelpWindow    *self,
                                          const char      *page);
const char   *wn_help_window_get_page    (WnHelpWindow    *self);
/* The guide's page about a main window page ("screening", "records"…). */
const char   *wn_help_page_for_view      (const char      *view);
/* help_open, and while it is: help_page, help_title, help_pages (pages
 * listed), help_links (links on the page), help_search, help_focus. */
void          wn_help_window_describe    (WnTestStateFunc  func,
                                          gpointer         user_data);

G_END_DECLS
