/* wn-accessibility.h — keyboard, accessible names, dark style and text size
 * helpers shared by the pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-test-state.h"

G_BEGIN_DECLS

void  wn_list_tab_leaves         (GtkWidget       *list);
void  wn_window_tab_enters_page  (GtkWindow       *window,
                                  GtkStack        *stack);
void  wn_accessible_name_buttons (GtkWidget       *widget);
void  wn_desktop_style_init      (void);
void  wn_desktop_style_describe  (WnTestStateFunc  func,
                                  gpointer         user_data);
char *wn_describe_focus          (GtkWindow       *window) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
