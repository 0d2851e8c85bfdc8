/* wn-dedup.h — finding, merging and reviewing duplicate records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What counts as a duplicate: two records of the same report (the same
 * article, abstract or book), however the databases wrote them. Different
 * reports of one study, a conference abstract and the later article, an
 * erratum, retraction, comment or reply and the article it concerns, parts
 * of a series and versions of a Cochrane review (.pub2, .pub3) are not.
 *
 * A run compares records pairwise (only pairs that share a blocking key:
 * DOI, PMID, title start, title end, first author and year, journal with
 * volume and first page, abstract start) and sorts every pair into one of
 * three outcomes: certain (merged automatically), possible (queued for a
 * person) or distinct (forgotten). Certain pairs form groups by connected
 * components, guarded against chaining; each group keeps its most complete
 * record and marks the others `duplicate_of` it. Nothing is deleted: every
 * pair found, every human decision and every group that ever existed stays
 * in the project, with the reasons, and each change is in the audit log.
 * A merge, a human decision and a run can be undone.
 *
 * All functions take the project's lock; call the sync ones from a worker
 * thread (or use the _async pairs) — a run over 100,000 records takes a few
 * seconds.
 */
#pragma once

#include <gio/gio.h>

#include "wn-project.h"
#include "wn-record.h"

G_BEGIN_DECLS

/* The engine's version, stored with every run: a newer engine may find
 * pairs an older one missed (run with WN_DEDUP_RUN_ALL_PAIRS). */
#define WN_DEDUP_ENGINE_VERSION 1

typedef enum
{
  WN_DEDUP_DISTINCT = 0,
  WN_DEDUP_POSSIBLE,
  WN_DEDUP_CERTAIN,
} WnDedupOutcome;

typedef enum
{
  WN_DEDUP_DECISION_NONE = 0,
  WN_DEDUP_DECISION_DUPLICATE,
  WN_DEDUP_DECISION_DISTINCT,
} WnDedupDecision;

/* How one field of a pair compares. */
typedef enum
{
  WN_FIELD_MISSING = 0,   /* one record or both lack it */
  WN_FIELD_EQUAL,         /* the same once normalised */
  WN_FIELD_COMPATIBLE,    /* not written the same but not in conflict (482-91 ~ 482-491 is EQUAL;
                           * 943-944 ~ 943-945, or an online-first 1-17 ~ 566-582, is COMPATIBLE) */
  WN_FIELD_DIFFERENT,     /* in conflict */
} WnFieldAgreement;

/* Why a pair got its outcome: every field's comparison and the rule (or
 * veto) that decided. Similarities are in [0, 1], -1 when a record lacks
 * the field. See wn-dedup.c for each rule's contract. */
typedef struct
{
  WnDedupOutcome   outcome;
  const char      *rule;            /* static, e.g. "doi+title", "veto:erratum" */
  double           score;           /* 0–1, orders the review queue */
  double           title;
  double           authors;
  double           journal;
  double           abstract;
  int              year_gap;        /* |year a − year b|, -1 when missing */
  gboolean         title_contained; /* one title is the other plus words at the start or end */
  WnFieldAgreement doi;
  WnFieldAgreement pmid;
  WnFieldAgreement volume;
  WnFieldAgreement issue;
  WnFieldAgreement pages;
} WnDedupMatch;

/* Compares two records with the same rules as a run. match may be NULL. */
WnDedupOutcome wn_dedup_compare_records  (const WnRecord      *a,
                                          const WnRecord      *b,
                                          WnDedupMatch        *match);
/* The match as a JSON object: {"rule": …, "title": 0.98, "doi": "equal", …};
 * this is what the store keeps as a pair's reasons. */
char          *wn_dedup_match_to_json    (const WnDedupMatch  *match) G_GNUC_WARN_UNUSED_RESULT;
/* One translated sentence for people: "Same DOI; titles 98 % alike; …". */
char          *wn_dedup_match_describe   (const WnDedupMatch  *match) G_GNUC_WARN_UNUSED_RESULT;
const char    *wn_dedup_outcome_to_string  (WnDedupOutcome   outcome);
const char    *wn_dedup_decision_to_string (WnDedupDecision  decision);
gboolean       wn_dedup_decision_from_string (const char      *text,
                                              WnDedupDecision *decision);

/* ------------------------------------------------------------------------ */
/* Runs                                                                      */

typedef enum
{
  WN_DEDUP_RUN_DEFAULT   = 0,
  /* Compare every pair again, not only pairs with a record imported since
   * the last run. Earlier pairs and human decisions are kept either way. */
  WN_DEDUP_RUN_ALL_PAIRS = 1 << 0,
} WnDedupRunFlags;

typedef struct
{
  gint64 run_id;
  guint  records;           /* records considered */
  guint  new_records;       /* of which no earlier run saw */
  guint  candidate_pairs;   /* pairs compared */
  guint  certain_pairs;     /* new pairs found certain */
  guint  possible_pairs;    /* new pairs queued for a person */
  guint  held_pairs;        /* certain pairs not applied: they would chain two groups that disagree */
  guint  groups_created;    /* groups made (new, or re-formed because they grew) */
  guint  groups_ended;      /* groups replaced by a re-formed one or dissolved */
  /* Totals after the run (as `info` and `duplicates` count them). */
  guint  duplicate_groups;
  guint  duplicate_records; /* records marked duplicate_of another */
  guint  unique_records;
  guint  pending_pairs;     /* possible pairs awaiting a person */
  double seconds;
} WnDedupReport;

gboolean    wn_dedup_run                (WnProject            *project,
                                         WnDedupRunFlags       flags,
                                         GCancellable         *cancellable,
                                         WnDedupReport        *report,
                                         GError              **error);
void        wn_dedup_run_async          (WnProject            *project,
                                         WnDedupRunFlags       flags,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean    wn_dedup_run_finish         (WnProject            *project,
                                         GAsyncResult         *result,
                                         WnDedupReport        *report,
                                         GError              **error);

/* ------------------------------------------------------------------------ */
/* People's decisions                                                        */

/* Records a person's decision on a pair (any pair: a possible one from the
 * queue, or a certain one inside a group a person disagrees with).
 * "duplicate" merges the two records' groups; "distinct" keeps them apart
 * for good (a group holding both is re-formed without the link). */
gboolean    wn_dedup_decide             (WnProject            *project,
                                         gint64                pair_id,
                                         WnDedupDecision       decision,
                                         GError              **error);
/* The same for many pairs in one transaction (bulk accept). */
gboolean    wn_dedup_decide_pairs       (WnProject            *project,
                                         const gint64         *pair_ids,
                                         guint                 n_pairs,
                                         WnDedupDecision       decision,
                                         GError              **error);
/* Withdraws the latest decision on a pair; the pair goes back to the queue
 * (or, for a certain pair, back to being applied automatically). */
gboolean    wn_dedup_undo_decision      (WnProject            *project,
                                         gint64                pair_id,
                                         GError              **error);
/* Marks an automatic group as checked by a person ("confirmed"). */
gboolean    wn_dedup_confirm_group      (WnProject            *project,
                                         gint64                group_id,
                                         GError              **error);
/* Undoes a merge: every member is its own record again, exactly as before
 * (duplicate_of cleared, filled values no longer shown). The group's
 * automatic links are held back so the next run does not merge them again;
 * they go to the queue for a person. */
gboolean    wn_dedup_undo_group         (WnProject            *project,
                                         gint64                group_id,
                                         GError              **error);

/* ------------------------------------------------------------------------ */
/* Reading                                                                   */

typedef struct
{
  gint64 duplicate_groups;   /* active groups */
  gint64 confirmed_groups;   /* of which a person confirmed or made */
  gint64 duplicate_records;  /* records marked duplicate_of another */
  gint64 pending_pairs;      /* possible pairs awaiting a decision */
  gint64 decided_pairs;      /* pairs with a standing human decision */
  gint64 runs;
} WnDedupCounts;

gboolean    wn_dedup_get_counts         (WnProject            *project,
                                         WnDedupCounts        *counts,
                                         GError              **error);

/* The active groups as WnDedupGroup items, by kept record id. */
GListModel *wn_dedup_list_groups        (WnProject            *project,
                                         GCancellable         *cancellable,
                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void        wn_dedup_list_groups_async  (WnProject            *project,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GListModel *wn_dedup_list_groups_finish (WnProject            *project,
                                         GAsyncResult         *result,
                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;

typedef enum
{
  WN_DEDUP_PAIRS_PENDING = 0,  /* possible pairs awaiting a person, best score first */
  WN_DEDUP_PAIRS_DECIDED,      /* pairs with a standing human decision, latest first */
  WN_DEDUP_PAIRS_GROUP,        /* the pairs inside one group (group_id) */
  WN_DEDUP_PAIRS_ALL,          /* every pair found, by id */
} WnDedupPairFilter;

/* Pairs as WnDedupPair items, each with both records' fields and the
 * match reasons. group_id only for WN_DEDUP_PAIRS_GROUP. */
GListModel *wn_dedup_list_pairs         (WnProject            *project,
                                         WnDedupPairFilter     filter,
                                         gint64                group_id,
                                         GCancellable         *cancellable,
                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void        wn_dedup_list_pairs_async   (WnProject            *project,
                                         WnDedupPairFilter     filter,
                                         gint64                group_id,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GListModel *wn_dedup_list_pairs_finish  (WnProject            *project,
                                         GAsyncResult         *result,
                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* A record as merged: its own fields, with those it lacks filled from the
 * other members of its group (when it is a group's kept record). The
 * record itself is never changed; the filled values live beside it. */
WnRecord   *wn_dedup_get_merged_record  (WnProject            *project,
                                         gint64                record_id,
                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
