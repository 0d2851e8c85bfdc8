/* wn-codebook-dialog.h — the codebook editor: codes added, edited, moved,
 * removed, exchanged as REFI-QDA
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-project.h"
#include "wn-test-state.h"

G_BEGIN_DECLS

#define WN_TYPE_CODEBOOK_DIALOG (wn_codebook_dialog_get_type ())
G_DECLARE_FINAL_TYPE (WnCodebookDialog, wn_codebook_dialog, WN, CODEBOOK_DIALOG, GtkWindow)

/* A modal window over parent; reads the codebook in a thread. Emits
 * "changed" after each change it made to the codebook, "state-changed"
 * when something the test hook shows changed. */
GtkWindow  *wn_codebook_dialog_new      (GtkWindow        *parent,
                                         WnProject        *project);

/* The test hook's cb_* keys. */
void        wn_codebook_dialog_describe (WnCodebookDialog *self,
                                         WnTestStateFunc   func,
                                         gpointer          user_data);

G_END_DECLS
