/* wn-dedup-pair.h — one pair of records the engine found alike, for lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small read-only object (see wn_dedup_list_pairs()) holding both
 * records' fields, the engine's verdict with its reasons, and the standing
 * human decision: what the duplicates page shows side by side.
 */
#pragma once

#include <glib-object.h>

#include "wn-dedup.h"
#include "wn-record.h"

G_BEGIN_DECLS

#define WN_TYPE_DEDUP_PAIR (wn_dedup_pair_get_type ())
G_DECLARE_FINAL_TYPE (WnDedupPair, wn_dedup_pair, WN, DEDUP_PAIR, GObject)

gint64               wn_dedup_pair_get_id          (WnDedupPair *self);
gint64               wn_dedup_pair_get_record_id   (WnDedupPair *self,
                                                    guint        which);
/* which: 0 for the record with the lower id, 1 for the other */
const WnRecord      *wn_dedup_pair_get_record      (WnDedupPair *self,
                                                    guint        which);
WnDedupOutcome       wn_dedup_pair_get_outcome     (WnDedupPair *self);
double               wn_dedup_pair_get_score       (WnDedupPair *self);
const char          *wn_dedup_pair_get_rule        (WnDedupPair *self);
/* The stored reasons (wn_dedup_match_to_json() at the time of the run). */
const char          *wn_dedup_pair_get_reasons     (WnDedupPair *self);
/* The comparison of the two records as they are now, field by field. */
const WnDedupMatch  *wn_dedup_pair_get_match       (WnDedupPair *self);
/* A translated sentence: "same DOI; titles 98 % alike; …" */
const char          *wn_dedup_pair_get_description (WnDedupPair *self);
WnDedupDecision      wn_dedup_pair_get_decision    (WnDedupPair *self);
/* NULL, "chain" or "undone": why a certain pair waits for a person */
const char          *wn_dedup_pair_get_held        (WnDedupPair *self);

G_END_DECLS
