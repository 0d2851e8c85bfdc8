/* wn-screening.h — dual independent screening: decisions, rules, conflicts,
 * adjudication, calibration rounds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A decision is an immutable event: a globally unique id, the record's
 * stable uid (see below), the reviewer, the stage, the verdict, an optional
 * reason, note and labels, the criteria version it was made under and the
 * time. Changing one's mind appends a new event; for each reviewer, record
 * and stage the latest event (by time, then by event id, so every copy of a
 * project agrees whatever order the events arrived in) is in force. A
 * "none" verdict withdraws a decision (the U key). Nothing is deleted.
 *
 * Record uids. Decision files travel between copies of a project, so they
 * name records by a uid that every copy computes the same way:
 * "PREFIX:N", the N-th record stored by a search whose PREFIX is the first
 * 16 hex digits of the imported file's SHA-256 (with "~K" added for the
 * K-th later import of the same file in one project). Two copies that
 * imported the same export therefore agree on every record's uid, and an
 * event for a record a copy does not have yet is kept and applies the
 * moment that record is imported.
 *
 * The rules, per stage (defaults in brackets): each record needs
 * reviewers_required votes [2]. When they are all in:
 *   all include                        → included (passes the stage)
 *   all exclude                        → excluded
 *   anything else                      → conflict
 * "maybe" (title/abstract only) is a category of its own [maybe_policy
 * CONFLICT]: a maybe never agrees with anything, not even another maybe,
 * so every record with a maybe goes to the adjudicator. With maybe_policy
 * INCLUDE a maybe counts as an include for the outcome (the record goes on
 * to full text, where it is settled); kappa always treats maybe as its own
 * category. An adjudication, when there is one, is final. A record included
 * at title/abstract enters full-text screening. Duplicates are screened
 * once: only records that are not a duplicate of another are screened.
 *
 * All functions take the project's lock and run in the calling thread.
 */
#pragma once

#include <gio/gio.h>

#include "wn-agreement.h"
#include "wn-project.h"

G_BEGIN_DECLS

typedef enum
{
  WN_STAGE_TA = 0, /* title and abstract */
  WN_STAGE_FT = 1, /* full text */
} WnStage;

#define WN_N_STAGES 2

typedef enum
{
  WN_VERDICT_NONE = 0, /* no decision, or a decision withdrawn */
  WN_VERDICT_INCLUDE,
  WN_VERDICT_EXCLUDE,
  WN_VERDICT_MAYBE,    /* title/abstract only */
} WnVerdict;

typedef enum
{
  WN_OUTCOME_UNSCREENED = 0, /* no vote in force */
  WN_OUTCOME_PARTIAL,        /* some votes, fewer than the stage needs */
  WN_OUTCOME_INCLUDED,
  WN_OUTCOME_EXCLUDED,
  WN_OUTCOME_CONFLICT,       /* the votes disagree and no adjudication exists */
} WnOutcome;

typedef enum
{
  WN_MAYBE_POLICY_CONFLICT = 0,
  WN_MAYBE_POLICY_INCLUDE,
} WnMaybePolicy;

const char *wn_stage_to_string     (WnStage      stage);   /* "ta", "ft" */
gboolean    wn_stage_from_string   (const char  *text,
                                    WnStage     *stage);
const char *wn_verdict_to_string   (WnVerdict    verdict); /* "none", "include", "exclude", "maybe" */
gboolean    wn_verdict_from_string (const char  *text,
                                    WnVerdict   *verdict);
const char *wn_outcome_to_string   (WnOutcome    outcome); /* "unscreened", "partial", "included", … */

/* The screening errors, beside WN_STORE_ERROR's. */
#define WN_SCREENING_ERROR (wn_screening_error_quark ())

typedef enum
{
  WN_SCREENING_ERROR_NO_REVIEWER,   /* no such person in the project */
  WN_SCREENING_ERROR_ROLE,          /* the person's role may not do this */
  WN_SCREENING_ERROR_RECORD,        /* no such record, a duplicate, or not at this stage */
  WN_SCREENING_ERROR_REASON,        /* a reason is required, unknown or retired */
  WN_SCREENING_ERROR_VERDICT,       /* a verdict the stage does not take */
  WN_SCREENING_ERROR_NOT_CONFLICT,  /* adjudicating a record that is not in conflict */
  WN_SCREENING_ERROR_FILE,          /* a decision file that is damaged, foreign or of an unknown version */
  WN_SCREENING_ERROR_INVALID,       /* anything else a caller got wrong (a round size, a rule) */
} WnScreeningError;

GQuark wn_screening_error_quark (void);

/* ---- People -------------------------------------------------------------- */

typedef struct
{
  char *name;
  char *role; /* "reviewer", "adjudicator" or "lead" */
  char *uid;
} WnReviewer;

void        wn_reviewer_free               (WnReviewer *reviewer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnReviewer, wn_reviewer_free)

/* (element-type WnReviewer), in the order they were added */
GPtrArray  *wn_project_list_reviewers      (WnProject   *self,
                                            GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* NULL with WN_SCREENING_ERROR_NO_REVIEWER when there is no such person */
WnReviewer *wn_project_get_reviewer        (WnProject   *self,
                                            const char  *name,
                                            GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- Decisions ----------------------------------------------------------- */

typedef struct
{
  char      *uid;              /* the event's globally unique id */
  char      *record_uid;
  gint64     record_id;        /* 0 while this copy does not have the record */
  char      *reviewer;
  WnStage    stage;
  gboolean   adjudication;
  WnVerdict  verdict;
  char      *reason;           /* NULL when none */
  char      *note;             /* NULL when none */
  char     **labels;           /* NULL-terminated, may be NULL */
  int        criteria_version; /* 0 when no criteria were written yet */
  char      *made_at;          /* ISO 8601 UTC with microseconds */
  char      *reverts;          /* an undo: the uid of the event it takes back, else NULL */
} WnDecision;

void        wn_decision_free               (WnDecision *decision);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnDecision, wn_decision_free)

/* Records one vote. Refuses (and changes nothing) when the person is not in
 * the project, the record is not screened at this stage (unknown, a
 * duplicate, or at full text not included at title/abstract), the verdict
 * is maybe at full text, an exclusion at full text has no reason, or the
 * reason is not in the project's list. WN_VERDICT_NONE withdraws the vote.
 * The event is durable when this returns. Returns the new event, or NULL. */
WnDecision *wn_project_decide              (WnProject           *self,
                                            const char          *reviewer,
                                            WnStage              stage,
                                            gint64               record_id,
                                            WnVerdict            verdict,
                                            const char          *reason,
                                            const char          *note,
                                            const char * const  *labels,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Undoes the person's latest vote on the record that is not yet undone:
 * appends an event that takes it back (reverts names it) and puts back
 * the vote before it, or none. Undoing again goes one vote further back,
 * as an undo stack does. */
WnDecision *wn_project_undo_decision       (WnProject           *self,
                                            const char          *reviewer,
                                            WnStage              stage,
                                            gint64               record_id,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* The adjudicator's final decision (include or exclude) on a record in
 * conflict, or a change of an earlier adjudication. The person must be an
 * adjudicator or the lead. */
WnDecision *wn_project_adjudicate          (WnProject           *self,
                                            const char          *adjudicator,
                                            WnStage              stage,
                                            gint64               record_id,
                                            WnVerdict            verdict,
                                            const char          *reason,
                                            const char          *note,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Every event about a record at a stage, oldest first (history included);
 * reviewer NULL for everyone's. (element-type WnDecision) */
GPtrArray  *wn_project_list_decisions      (WnProject           *self,
                                            gint64               record_id,
                                            WnStage              stage,
                                            const char          *reviewer,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- Where each record stands -------------------------------------------- */

typedef struct
{
  gint64     record_id;
  WnOutcome  outcome;
  gboolean   adjudicated;  /* the outcome is the adjudicator's */
  WnVerdict  mine;         /* the asking reviewer's vote in force, if one was named */
  guint      votes;        /* votes in force */
} WnScreeningState;

typedef enum
{
  WN_QUEUE_ORDER_RANDOM = 0, /* seeded: the same seed gives the same order on every desktop */
  WN_QUEUE_ORDER_ID,         /* import order */
} WnQueueOrder;

/* The records to screen at a stage, in queue order, with the reviewer's own
 * vote (reviewer may be NULL). Only outcomes are computed from other
 * people's votes; nothing about their votes is returned. round 0 means the
 * whole stage, else only that calibration round's sample.
 * (element-type WnScreeningState) as a GArray */
GArray     *wn_project_screening_queue     (WnProject           *self,
                                            WnStage              stage,
                                            const char          *reviewer,
                                            WnQueueOrder         order,
                                            guint64              seed,
                                            int                  round,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;

gboolean    wn_project_get_screening_state (WnProject           *self,
                                            WnStage              stage,
                                            gint64               record_id,
                                            const char          *reviewer,
                                            WnScreeningState    *state,
                                            GError             **error);

typedef struct
{
  gint64 eligible;   /* records to screen at this stage */
  gint64 decisions;  /* votes and adjudications in force */
  gint64 screened;   /* records with every vote the stage needs, or adjudicated */
  gint64 included;
  gint64 excluded;
  gint64 conflicts;
  gint64 pending;    /* events for records this copy does not have */
} WnStageCounts;

gboolean    wn_project_get_stage_counts    (WnProject           *self,
                                            WnStage              stage,
                                            WnStageCounts       *counts,
                                            GError             **error);

/* Conflicts: records whose votes disagree and that have no adjudication,
 * each with the votes in force. (element-type WnConflict) */
typedef struct
{
  gint64     record_id;
  GPtrArray *votes; /* (element-type WnDecision) */
} WnConflict;

void        wn_conflict_free               (WnConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnConflict, wn_conflict_free)

GPtrArray  *wn_project_list_conflicts      (WnProject           *self,
                                            WnStage              stage,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- Rules, reasons, criteria, blinding ----------------------------------- */

typedef struct
{
  guint          reviewers_required; /* 1 or 2 */
  WnMaybePolicy  maybe_policy;
} WnStageRules;

gboolean    wn_project_get_rules           (WnProject           *self,
                                            WnStage              stage,
                                            WnStageRules        *rules,
                                            GError             **error);
gboolean    wn_project_set_rules           (WnProject           *self,
                                            WnStage              stage,
                                            const WnStageRules  *rules,
                                            GError             **error);

typedef struct
{
  char     *label;
  gboolean  retired;  /* kept for the decisions that used it, no longer offered */
  gint64    uses;     /* decisions in force that give it */
} WnReason;

void        wn_reason_free                 (WnReason *reason);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnReason, wn_reason_free)

/* The project's exclusion reasons in list order. (element-type WnReason) */
GPtrArray  *wn_project_list_reasons        (WnProject           *self,
                                            gboolean             include_retired,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wn_project_add_reason          (WnProject           *self,
                                            const char          *label,
                                            GError             **error);
/* A reason no decision ever used is removed; one that was used is retired:
 * it stays on those decisions, in exports and in PRISMA, and is no longer
 * offered. Never silent: the audit log says which. */
gboolean    wn_project_remove_reason       (WnProject           *self,
                                            const char          *label,
                                            GError             **error);
/* Renaming is refused for a reason decisions already use. */
gboolean    wn_project_rename_reason       (WnProject           *self,
                                            const char          *label,
                                            const char          *new_label,
                                            GError             **error);

/* Eligibility criteria: versioned text. version 0 asks for the current one;
 * returns NULL (no error) when none were written. */
char       *wn_project_get_criteria        (WnProject           *self,
                                            int                  version,
                                            int                 *version_out,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* Saves a new version; returns its number, or 0 on error. */
int         wn_project_set_criteria        (WnProject           *self,
                                            const char          *text,
                                            GError             **error);

/* Include and exclude terms for highlighting (see wn-highlight.h). */
gboolean    wn_project_get_highlight_terms (WnProject           *self,
                                            char               **include_terms,
                                            char               **exclude_terms,
                                            GError             **error);
gboolean    wn_project_set_highlight_terms (WnProject           *self,
                                            const char          *include_terms,
                                            const char          *exclude_terms,
                                            GError             **error);

/* Blind mode (on by default): screens show no other reviewer's decisions.
 * Only the lead ends or restores it. */
gboolean    wn_project_get_blind           (WnProject           *self);
gboolean    wn_project_set_blind           (WnProject           *self,
                                            const char          *lead,
                                            gboolean             blind,
                                            GError             **error);
/* Blinding chosen when the project is made (the installation's "new
 * projects start blind"): only while the project has no reviewers, so
 * there is no lead to ask yet; refused with WN_SCREENING_ERROR_ROLE after. */
gboolean    wn_project_set_initial_blind   (WnProject           *self,
                                            gboolean             blind,
                                            GError             **error);

/* The agreement threshold (default 0.6). */
double      wn_project_get_kappa_threshold (WnProject           *self);
gboolean    wn_project_set_kappa_threshold (WnProject           *self,
                                            double               threshold,
                                            GError             **error);

/* ---- Calibration rounds --------------------------------------------------- */

typedef struct
{
  int      number;            /* 1, 2, … per stage */
  WnStage  stage;
  guint64  seed;
  gint64   size;
  int      criteria_version;
  char    *created_at;
  char    *created_by;
} WnRound;

void        wn_round_free                  (WnRound *round);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnRound, wn_round_free)

/* Draws a reproducible random sample of `size` records (or, when size is
 * 0, `percent` of them) among those not in an earlier round of the stage.
 * The same seed on the same project gives the same sample. Lead only. */
WnRound    *wn_project_create_round        (WnProject           *self,
                                            const char          *lead,
                                            WnStage              stage,
                                            gint64               size,
                                            double               percent,
                                            guint64              seed,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* (element-type WnRound), oldest first */
GPtrArray  *wn_project_list_rounds         (WnProject           *self,
                                            WnStage              stage,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* The record ids of a round's sample, ascending. */
GArray     *wn_project_round_records       (WnProject           *self,
                                            WnStage              stage,
                                            int                  round,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- Agreement ------------------------------------------------------------ */

typedef struct
{
  char              *reviewer_a;
  char              *reviewer_b;
  WnStage            stage;
  int                round;   /* 0 = every record both screened */
  WnAgreementStats   stats;
  gboolean           below_threshold;
} WnPairAgreement;

void        wn_pair_agreement_free         (WnPairAgreement *agreement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnPairAgreement, wn_pair_agreement_free)

/* Agreement for each pair of people who voted at the stage, over the
 * records both voted on (their votes in force; the categories are include,
 * exclude and, at title/abstract, maybe). (element-type WnPairAgreement) */
GPtrArray  *wn_project_agreement           (WnProject           *self,
                                            WnStage              stage,
                                            int                  round,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- Working apart -------------------------------------------------------- */

/* A decision file: one reviewer's events (and the project's reviewers and
 * reasons they refer to), versioned and checksummed. Written atomically. */
gboolean    wn_project_export_decisions    (WnProject           *self,
                                            const char          *reviewer,
                                            const char          *path,
                                            GError             **error);

/* A reviewer package: a copy of the project that physically holds no other
 * person's decisions (nor their notes, reasons or traces in the audit
 * log), with the reviewer set as the copy's identity. Written atomically. */
gboolean    wn_project_write_package       (WnProject           *self,
                                            const char          *reviewer,
                                            const char          *path,
                                            GError             **error);
/* The reviewer a package was made for, or NULL for a lead's project. */
char       *wn_project_dup_package_owner   (WnProject           *self) G_GNUC_WARN_UNUSED_RESULT;

typedef struct
{
  guint  files;
  gint64 events;          /* events read */
  gint64 new_events;      /* events this project did not have */
  gint64 pending;         /* new events whose record this copy does not have */
  gint64 new_conflicts;   /* records in conflict now that were not before */
  gint64 new_reviewers;
} WnMergeReport;

/* Merges decision files: a set union by event id, so merging is
 * idempotent and the order of files does not matter. Every file is checked
 * first; if one is damaged, from another project or of an unknown version,
 * nothing is merged. */
gboolean    wn_project_merge_decisions     (WnProject           *self,
                                            const char * const  *paths,
                                            WnMergeReport       *report,
                                            GError             **error);

G_END_DECLS
