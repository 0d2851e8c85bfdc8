/* wn-search-dialog.h — correct a search's provenance after import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-project.h"
#include "wn-search-item.h"

G_BEGIN_DECLS

#define WN_TYPE_SEARCH_DIALOG (wn_search_dialog_get_type ())
G_DECLARE_FINAL_TYPE (WnSearchDialog, wn_search_dialog, WN, SEARCH_DIALOG, GtkWindow)

WnSearchDialog *wn_search_dialog_new           (GtkWindow      *parent,
                                                WnProject      *project,
                                                WnSearchItem   *item) G_GNUC_WARN_UNUSED_RESULT;
gint64          wn_search_dialog_get_search_id (WnSearchDialog *self);

G_END_DECLS
