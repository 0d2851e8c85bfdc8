/* wn-dedup-group.h — one group of duplicate records, for lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small read-only object (see wn_dedup_list_groups()): the group's id,
 * the record it keeps, its members and why they were merged.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WN_TYPE_DEDUP_GROUP (wn_dedup_group_get_type ())
G_DECLARE_FINAL_TYPE (WnDedupGroup, wn_dedup_group, WN, DEDUP_GROUP, GObject)

gint64        wn_dedup_group_get_id         (WnDedupGroup *self);
gint64        wn_dedup_group_get_kept_id    (WnDedupGroup *self);
/* "auto" (merged by the engine) or "confirmed" (made or checked by a person) */
const char   *wn_dedup_group_get_status     (WnDedupGroup *self);
/* JSON: the links that made the group, the kept record and why it was kept */
const char   *wn_dedup_group_get_reason     (WnDedupGroup *self);
const char   *wn_dedup_group_get_created_at (WnDedupGroup *self);
/* The members' record ids, the kept record first, then by completeness. */
const gint64 *wn_dedup_group_get_members    (WnDedupGroup *self,
                                             guint        *n_members);

G_END_DECLS
