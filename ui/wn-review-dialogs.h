/* wn-review-dialogs.h — the lead's extraction and coding tools: the
 * template, verification, coder agreement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-project.h"
#include "wn-test-state.h"

G_BEGIN_DECLS

/* Called whenever an open dialog's state changes (for the test hook), and
 * when it is closed; project_changed is TRUE when it saved something (a
 * template version, a draw, a resolution). */
typedef void (*WnReviewChanged) (gpointer user_data,
                                 gboolean project_changed);

/* The template in force: its fields, added, edited and retired, saved as
 * the next version. */
GtkWindow *wn_template_dialog_new        (GtkWindow       *parent,
                                          WnProject       *project,
                                          WnReviewChanged  changed,
                                          gpointer         user_data);
/* The verification draw, field agreement and the discrepancies'
 * resolution. */
GtkWindow *wn_verification_dialog_new    (GtkWindow       *parent,
                                          WnProject       *project,
                                          WnReviewChanged  changed,
                                          gpointer         user_data);
/* The double-coding draw and per-code agreement between two coders. */
GtkWindow *wn_coding_agreement_dialog_new (GtkWindow      *parent,
                                          WnProject       *project,
                                          WnReviewChanged  changed,
                                          gpointer         user_data);

/* The open dialogs' tpl_*, ver_* and ca_* keys (tpl_open=0… when closed). */
void       wn_review_dialogs_describe    (WnTestStateFunc  func,
                                          gpointer         user_data);

G_END_DECLS
