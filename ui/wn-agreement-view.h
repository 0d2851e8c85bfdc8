/* wn-agreement-view.h — the agreement page: how well reviewers agree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-project.h"
#include "wn-test-state.h"

G_BEGIN_DECLS

#define WN_TYPE_AGREEMENT_VIEW (wn_agreement_view_get_type ())
G_DECLARE_FINAL_TYPE (WnAgreementView, wn_agreement_view, WN, AGREEMENT_VIEW, GtkWidget)

GtkWidget  *wn_agreement_view_new          (void) G_GNUC_WARN_UNUSED_RESULT;
void        wn_agreement_view_set_project  (WnAgreementView *self,
                                            WnProject       *project);
/* Computes the statistics again (after decisions changed). Only while the
 * page is shown; otherwise the next time it is. */
void        wn_agreement_view_reload       (WnAgreementView *self);

/* The test hook's ag_* keys (see wn-window.c). */
void        wn_agreement_view_describe     (WnAgreementView *self,
                                            WnTestStateFunc  func,
                                            gpointer         user_data);

G_END_DECLS
