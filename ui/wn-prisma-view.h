/* wn-prisma-view.h — the PRISMA page: the flow diagram, its checks, the
 * records behind each box, and its exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-project.h"
#include "wn-test-state.h"

G_BEGIN_DECLS

#define WN_TYPE_PRISMA_VIEW (wn_prisma_view_get_type ())
G_DECLARE_FINAL_TYPE (WnPrismaView, wn_prisma_view, WN, PRISMA_VIEW, GtkWidget)

GtkWidget  *wn_prisma_view_new          (void) G_GNUC_WARN_UNUSED_RESULT;
void        wn_prisma_view_set_project  (WnPrismaView    *self,
                                         WnProject       *project);
/* Derives the flow again (after records, duplicates or decisions
 * changed). Only while the page is shown; otherwise the next time it is. */
void        wn_prisma_view_reload       (WnPrismaView    *self);

/* The test hook's prisma_* keys (see wn-window.c). */
void        wn_prisma_view_describe     (WnPrismaView    *self,
                                         WnTestStateFunc  func,
                                         gpointer         user_data);

G_END_DECLS
