/* wn-screening-record.h — one record, large, with the keyword highlighting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-highlight.h"
#include "wn-record.h"

G_BEGIN_DECLS

#define WN_TYPE_SCREENING_RECORD (wn_screening_record_get_type ())
G_DECLARE_FINAL_TYPE (WnScreeningRecord, wn_screening_record, WN, SCREENING_RECORD, GtkWidget)

GtkWidget  *wn_screening_record_new              (void) G_GNUC_WARN_UNUSED_RESULT;
/* Shows record (copied: the record is not kept). */
void        wn_screening_record_show             (WnScreeningRecord *self,
                                                  gint64             record_id,
                                                  const WnRecord    *record);
/* A spinner until the record arrives. */
void        wn_screening_record_show_loading     (WnScreeningRecord *self,
                                                  gint64             record_id);
void        wn_screening_record_show_error       (WnScreeningRecord *self,
                                                  const char        *message);
void        wn_screening_record_clear            (WnScreeningRecord *self);
/* The terms to mark; NULL for none. Applied to the record shown at once. */
void        wn_screening_record_set_highlighter  (WnScreeningRecord *self,
                                                  WnHighlighter     *highlighter);
/* Scrolls back to the top (a new record is read from its title). */
void        wn_screening_record_scroll_to_top    (WnScreeningRecord *self);

/* Attributes that mark a whole label as the record marks a term of kind,
 * in the current theme's colours (for a legend). */
PangoAttrList *wn_screening_record_dup_mark_attributes (WnScreeningRecord *self,
                                                        WnHighlightKind    kind) G_GNUC_WARN_UNUSED_RESULT;

gint64      wn_screening_record_get_record_id    (WnScreeningRecord *self);
/* The title shown, NULL while none is. */
const char *wn_screening_record_get_title        (WnScreeningRecord *self);
/* The marks shown, by kind. */
guint       wn_screening_record_get_n_highlights (WnScreeningRecord *self,
                                                  WnHighlightKind    kind);

G_END_DECLS
