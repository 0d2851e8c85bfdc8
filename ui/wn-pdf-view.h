/* wn-pdf-view.h — a PDF viewer: pages rendered off the main thread,
 * navigation, zoom, search, keyword highlighting, text selection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-highlight.h"
#include "wn-test-state.h"

G_BEGIN_DECLS

#define WN_TYPE_PDF_VIEW (wn_pdf_view_get_type ())
G_DECLARE_FINAL_TYPE (WnPdfView, wn_pdf_view, WN, PDF_VIEW, GtkWidget)

GtkWidget  *wn_pdf_view_new              (void) G_GNUC_WARN_UNUSED_RESULT;

/* A spinner while the PDF is read; starts the first-page clock (the time
 * from here to the first page drawn is wn_pdf_view_get_first_page_ms). */
void        wn_pdf_view_show_loading     (WnPdfView     *self);
/* Opens the PDF (the bytes are kept; the document is parsed in a thread).
 * Keeps the clock of a show_loading() just before, else starts it. */
void        wn_pdf_view_load_bytes       (WnPdfView     *self,
                                          GBytes        *bytes,
                                          const char    *name);
void        wn_pdf_view_show_error       (WnPdfView     *self,
                                          const char    *message);
void        wn_pdf_view_clear            (WnPdfView     *self);
/* The include/exclude terms marked on the pages; NULL for none. */
void        wn_pdf_view_set_highlighter  (WnPdfView     *self,
                                          WnHighlighter *highlighter);

/* A span of the document's text coded, marked on the pages in colour. */
typedef struct
{
  gint64  start;    /* characters, as wn_pdf_view_get_selection_offsets */
  gint64  end;
  GdkRGBA colour;
} WnPdfSegment;

/* The coded segments marked on the pages (translucent, under the
 * selection); replaces those set before. Offsets count the document's
 * text: the pages' text joined by one form feed each. */
void        wn_pdf_view_set_segments     (WnPdfView          *self,
                                          const WnPdfSegment *segments,
                                          guint               n);
guint       wn_pdf_view_get_n_segments   (WnPdfView     *self);

int         wn_pdf_view_get_n_pages      (WnPdfView     *self);
/* The page at the top of the view, from 1; 0 without a document. */
int         wn_pdf_view_get_page         (WnPdfView     *self);
void        wn_pdf_view_set_page         (WnPdfView     *self,
                                          int            page);
/* Milliseconds from show_loading()/load_bytes() to the first page drawn;
 * -1 until it is. */
double      wn_pdf_view_get_first_page_ms (WnPdfView    *self);
/* The selected text, NULL when none. */
char       *wn_pdf_view_dup_selected_text (WnPdfView    *self) G_GNUC_WARN_UNUSED_RESULT;
/* The selection as character offsets [start, end) in the document's text
 * (the pages' text joined by form feeds: wn_project_fulltext_text); FALSE
 * when nothing is selected. */
gboolean    wn_pdf_view_get_selection_offsets (WnPdfView *self,
                                          gint64        *start,
                                          gint64        *end);

/* Test hook: key=value pairs, each key prefixed with prefix ("pdf_"). */
void        wn_pdf_view_describe         (WnPdfView      *self,
                                          const char     *prefix,
                                          WnTestStateFunc func,
                                          gpointer        user_data);

G_END_DECLS
