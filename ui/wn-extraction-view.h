/* wn-extraction-view.h — the Extraction page: each included study's data
 * extracted and its text coded, beside its PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-project.h"
#include "wn-test-state.h"

G_BEGIN_DECLS

#define WN_TYPE_EXTRACTION_VIEW (wn_extraction_view_get_type ())
G_DECLARE_FINAL_TYPE (WnExtractionView, wn_extraction_view, WN, EXTRACTION_VIEW, GtkWidget)

GtkWidget  *wn_extraction_view_new          (void) G_GNUC_WARN_UNUSED_RESULT;
/* NULL project empties the page. */
void        wn_extraction_view_set_project  (WnExtractionView *self,
                                             WnProject        *project);
/* Who extracts and codes (the window's screening identity); NULL: nobody
 * yet, and the page asks to choose on the Screening page. */
void        wn_extraction_view_set_identity (WnExtractionView *self,
                                             const char       *identity);
/* Reads the studies again (decisions changed which are included). Only
 * while the page is shown; otherwise the next time it is. */
void        wn_extraction_view_reload       (WnExtractionView *self);

/* The test hook's ex_* keys (see wn-window.c), and while the page is
 * shown the full-text pane's ft_* and pdf_* keys (after the screening
 * page's, which have the same names). */
void        wn_extraction_view_describe     (WnExtractionView *self,
                                             WnTestStateFunc   func,
                                             gpointer          user_data);

G_END_DECLS
