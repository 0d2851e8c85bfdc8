/* wn-preferences-window.h — Preferences (app.preferences, Ctrl+,)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-test-state.h"

G_BEGIN_DECLS

#define WN_TYPE_PREFERENCES_WINDOW (wn_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (WnPreferencesWindow, wn_preferences_window, WN, PREFERENCES_WINDOW, GtkWindow)

/* A modal window over parent whose controls are bound to settings. */
GtkWidget  *wn_preferences_window_new      (GtkWindow       *parent,
                                            GSettings       *settings) G_GNUC_WARN_UNUSED_RESULT;
/* NULL when the name is acceptable, else why not (translated). The name
 * kept is name with its leading and trailing spaces removed. */
const char *wn_preferences_check_identity  (const char      *name);
/* Binds a GtkDropDown's "selected" (Random order, Import order, Most
 * relevant first) to the setting "screening-order", both ways. */
void        wn_preferences_bind_order      (GSettings       *settings,
                                            GtkDropDown     *dropdown);
/* Test hook: pref_open=<1 while the window is shown>,
 * pref_identity_error=<the message under the name, empty when none>,
 * pref_focus=<identity|order|blind|autosave|folder|other: where the
 * keyboard is>; and the settings it edits: pref_identity, pref_order,
 * pref_blind, pref_autosave, pref_folder. */
void        wn_preferences_describe        (GSettings       *settings,
                                            WnTestStateFunc  func,
                                            gpointer         user_data);

G_END_DECLS
