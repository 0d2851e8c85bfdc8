/* wn-screening-private.h — what wn-screening.c and wn-exchange.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wn-project-private.h"
#include "wn-screening.h"

G_BEGIN_DECLS

/* The decisions in force on one record at one stage, counted. */
typedef struct
{
  gint64    record_id;
  guint     votes;       /* votes in force other than "none" */
  guint     include;
  guint     exclude;
  guint     maybe;
  WnVerdict mine;        /* the asking person's vote */
  WnVerdict adjudication;
  char      adjudication_at[40];
} WnTally;

void        _wn_tally_add                     (WnTally            *tally,
                                               const char         *kind,
                                               WnVerdict           verdict,
                                               const char         *made_at,
                                               gboolean            mine);
WnOutcome   _wn_tally_outcome                 (const WnTally      *tally,
                                               const WnStageRules *rules,
                                               gboolean           *adjudicated);

/* Where a record screened at all stands before any vote: of the
 * databases' and registers' arm (title/abstract, then full text) or of
 * the other methods' (full text only); its full text not retrieved. */
typedef struct
{
  gint64   record_id;
  gboolean dbr;
  gboolean not_retrieved;
} WnScope;

/* Whether the record is screened at title/abstract and at full text, given
 * the title/abstract tallies (NULL: never at full text). */
void        _wn_scope_stages                  (const WnScope      *scope,
                                               GHashTable         *ta_tallies,
                                               const WnStageRules *ta_rules,
                                               gboolean           *in_ta,
                                               gboolean           *in_ft);

/* The rest need the project's lock held. */
GHashTable *_wn_screening_tally_locked        (WnProject          *self,
                                               WnStage             stage,
                                               const char         *reviewer,
                                               GError            **error);
/* Every record screened at all, ascending (element-type WnScope). */
GArray     *_wn_screening_scope_locked        (WnProject          *self,
                                               GError            **error);
/* The records screened at each stage, ascending, from one pass: title/
 * abstract (ta_ids) and full text (ft_ids), either may be NULL. With
 * prefixes/ordinals, the uid parts of the records of the one stage asked
 * for (full text when ft_ids is given). ta_tallies: the title/abstract
 * tallies if the caller has them (else read when full text is asked). */
gboolean    _wn_screening_eligible_both_locked (WnProject        *self,
                                                GHashTable       *ta_tallies,
                                                GArray          **ta_ids,
                                                GArray          **ft_ids,
                                                GPtrArray       **prefixes,
                                                GArray          **ordinals,
                                                GError          **error);
GArray     *_wn_screening_eligible_locked     (WnProject          *self,
                                               WnStage             stage,
                                               GPtrArray         **prefixes,
                                               GArray            **ordinals,
                                               GError            **error);
char       *_wn_screening_record_uid_locked   (WnProject          *self,
                                               gint64              record_id,
                                               gint64             *duplicate_of,
                                               GError            **error);
/* table: "decisions", or a staging table with the same columns; cache,
 * when given, keeps the compiled statement for the next call. */
gboolean    _wn_screening_insert_event_locked (WnProject          *self,
                                               const char         *table,
                                               const WnDecision   *event,
                                               const char         *merged_at,
                                               sqlite3_stmt      **cache,
                                               gboolean           *inserted,
                                               GError            **error);
gboolean    _wn_screening_ensure_reason       (WnProject          *self,
                                               const char         *label,
                                               gboolean            revive,
                                               gboolean           *added,
                                               GError            **error);
/* where: an SQL condition on "d" (decisions) with ?1 record id, ?2 stage,
 * ?3 reviewer. */
GPtrArray  *_wn_screening_query_decisions_locked (WnProject       *self,
                                                  const char      *where,
                                                  gint64           record_id,
                                                  const char      *stage,
                                                  const char      *reviewer,
                                                  GError         **error);

guint64     _wn_screening_shuffle_key         (guint64             seed,
                                               const char         *prefix,
                                               gint64              ordinal);

/* Two raters' verdicts ("include", …), aligned, over the given categories. */
WnRatings  *_wn_screening_pair_ratings        (GPtrArray          *a,
                                               GPtrArray          *b,
                                               const char * const *categories);

G_END_DECLS
