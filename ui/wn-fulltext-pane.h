/* wn-fulltext-pane.h — one record's full text at the full-text stage: its
 * PDF, or attach it, or say why it was not retrieved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-highlight.h"
#include "wn-pdf-view.h"
#include "wn-project.h"
#include "wn-test-state.h"

G_BEGIN_DECLS

#define WN_TYPE_FULLTEXT_PANE (wn_fulltext_pane_get_type ())
G_DECLARE_FINAL_TYPE (WnFulltextPane, wn_fulltext_pane, WN, FULLTEXT_PANE, GtkWidget)

GtkWidget  *wn_fulltext_pane_new             (void) G_GNUC_WARN_UNUSED_RESULT;
void        wn_fulltext_pane_set_project     (WnFulltextPane *self,
                                              WnProject      *project);
/* Reads record_id's title, full text and retrieval status in a thread,
 * then its PDF; 0 clears the pane. The same record again reads again. */
void        wn_fulltext_pane_show_record     (WnFulltextPane *self,
                                              gint64          record_id);
void        wn_fulltext_pane_set_highlighter (WnFulltextPane *self,
                                              WnHighlighter  *highlighter);
gint64      wn_fulltext_pane_get_record_id   (WnFulltextPane *self);
WnPdfView  *wn_fulltext_pane_get_pdf_view    (WnFulltextPane *self);

/* Test hook: ft_record_id, ft_state=<empty|loading|pdf|none|error>,
 * ft_file, ft_retrieval=<none|retrieved|not-retrieved>, ft_retrieval_reason,
 * ft_busy, ft_error, and the viewer's pdf_* keys. */
void        wn_fulltext_pane_describe        (WnFulltextPane *self,
                                              WnTestStateFunc func,
                                              gpointer        user_data);

G_END_DECLS
