/* wn-window.h — a Winnow main window: one project, its records table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-application.h"

G_BEGIN_DECLS

#define WN_TYPE_WINDOW (wn_window_get_type ())
G_DECLARE_FINAL_TYPE (WnWindow, wn_window, WN, WINDOW, GtkApplicationWindow)

WnWindow   *wn_window_new              (WnApplication *application) G_GNUC_WARN_UNUSED_RESULT;
/* Loads a project into a window that shows none (see wn_window_is_empty). */
void        wn_window_open_project     (WnWindow      *self,
                                        GFile         *file);
/* The path of the project shown or being opened, or NULL. */
const char *wn_window_get_project_path (WnWindow      *self);
/* TRUE when the window shows the start page and is opening nothing. */
gboolean    wn_window_is_empty         (WnWindow      *self);
/* Asks for a project file to open (create FALSE) or to create (TRUE). */
void        wn_window_choose_project   (WnWindow      *self,
                                        gboolean       create);

G_END_DECLS
