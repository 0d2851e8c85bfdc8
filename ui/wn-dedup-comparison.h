/* wn-dedup-comparison.h — two or more records side by side, differences marked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-dedup-group.h"
#include "wn-dedup-pair.h"
#include "wn-record.h"

G_BEGIN_DECLS

/* One record of a comparison, as the duplicates page loads it in a thread
 * (wn_project_get_record): the record with where it came from. */
typedef struct
{
  gint64    record_id;
  WnRecord *record;
  char     *database;      /* the record's own, else its search's */
  gint64    search_id;
  gint64    duplicate_of;  /* the kept record's id, 0 when none */
} WnComparisonMember;

WnComparisonMember *wn_comparison_member_new  (gint64              record_id,
                                               WnRecord           *record,
                                               const char         *database,
                                               gint64              search_id,
                                               gint64              duplicate_of) G_GNUC_WARN_UNUSED_RESULT;
void                wn_comparison_member_free (WnComparisonMember *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnComparisonMember, wn_comparison_member_free)

#define WN_TYPE_DEDUP_COMPARISON (wn_dedup_comparison_get_type ())
G_DECLARE_FINAL_TYPE (WnDedupComparison, wn_dedup_comparison, WN, DEDUP_COMPARISON, GtkWidget)

GtkWidget *wn_dedup_comparison_new          (void) G_GNUC_WARN_UNUSED_RESULT;
/* A pair: members holds its two records (WnComparisonMember), lower id first. */
void       wn_dedup_comparison_show_pair    (WnDedupComparison *self,
                                             WnDedupPair       *pair,
                                             GPtrArray         *members);
/* A group: members in the group's order (the kept record first); pairs, the
 * WnDedupPair links inside the group, give the reasons (may be NULL). */
void       wn_dedup_comparison_show_group   (WnDedupComparison *self,
                                             WnDedupGroup      *group,
                                             GPtrArray         *members,
                                             GListModel        *pairs);
/* A status page instead of records: nothing selected, nothing waiting, an
 * error. icon_name may be NULL. */
void       wn_dedup_comparison_show_message (WnDedupComparison *self,
                                             const char        *icon_name,
                                             const char        *title,
                                             const char        *text);
/* The pair shown (0 when none) and the group shown (0 when none). */
gint64     wn_dedup_comparison_get_pair_id  (WnDedupComparison *self);
gint64     wn_dedup_comparison_get_group_id (WnDedupComparison *self);
/* The fields the comparison marks as differing (for tests and tooltips). */
guint      wn_dedup_comparison_get_n_differences (WnDedupComparison *self);

G_END_DECLS
