/* wn-application.h — the Winnow GtkApplication
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WN_RECENT_PROJECTS_MAX 10

#define WN_TYPE_APPLICATION (wn_application_get_type ())
G_DECLARE_FINAL_TYPE (WnApplication, wn_application, WN, APPLICATION, GtkApplication)

WnApplication *wn_application_new                     (void) G_GNUC_WARN_UNUSED_RESULT;
/* The installation's settings, or NULL when the schema is not installed
 * (the app then keeps recent projects in memory only). */
GSettings     *wn_application_get_settings            (WnApplication *self);
/* Most recent first; at most WN_RECENT_PROJECTS_MAX. */
char         **wn_application_dup_recent_projects     (WnApplication *self) G_GNUC_WARN_UNUSED_RESULT;
void           wn_application_add_recent_project      (WnApplication *self,
                                                       const char    *path);
void           wn_application_remove_recent_project   (WnApplication *self,
                                                       const char    *path);
/* The application icon's name, installed or from the resources. */
const char    *wn_application_get_icon_name           (void);
/* The recent projects (app.open-recent) and the open and new commands, as
 * a menu kept up to date. */
GMenuModel    *wn_application_get_recent_menu         (WnApplication *self);
/* Opens file in the window that already shows it, else in hint when hint
 * shows no project, else in a new window. */
void           wn_application_open_project            (WnApplication *self,
                                                       GFile         *file,
                                                       GtkWindow     *hint);

G_END_DECLS
