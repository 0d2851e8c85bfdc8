/* test-screening.c — decisions, rules, conflicts, adjudication, reasons,
 * criteria, rounds, agreement, decision files, packages and merging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "wn-project.h"
#include "wn-screening.h"

typedef struct
{
  char      *dir;
  char      *path;
  WnProject *project;
  GArray    *ids;
} Fixture;

/* Imports n records as one search; sha256 (may be NULL) stands for the
 * file's, so two projects can import "the same file". */
static GArray *
import_n (WnProject  *project,
          guint       n,
          const char *sha256,
          const char *tag)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnSearch) search = wn_search_new ();
  g_autoptr(WnSearchWriter) writer = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  search->database = g_strdup ("PubMed");
  search->file_name = g_strdup ("fixture.ris");
  search->file_sha256 = g_strdup (sha256);
  writer = wn_project_begin_search (project, search, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WnRecord) record = wn_record_new ();
      gint64 id;

      record->title = g_strdup_printf ("%s paper %u on peer recovery support and burnout", tag, i);
      record->year = g_strdup ("2020");
      record->source_text = g_strdup (record->title);
      wn_record_add_field (record, "TI", record->title);
      id = wn_search_writer_add (writer, record, &error);
      g_assert_no_error (error);
      g_array_append_val (ids, id);
    }
  g_assert_true (wn_search_writer_commit (writer, &error));
  return ids;
}

#define ID(i) g_array_index (fixture->ids, gint64, (i))

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("winnow-test-screening-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "review.winnow", NULL);
  fixture->project = wn_project_create (fixture->path, "Screening", &error);
  g_assert_no_error (error);
  fixture->ids = import_n (fixture->project, 12, "aa11bb22cc33dd44ee55ff66", "First");
  g_assert_true (wn_project_add_reviewer (fixture->project, "alice", "reviewer", &error));
  g_assert_true (wn_project_add_reviewer (fixture->project, "bob", "reviewer", &error));
  g_assert_true (wn_project_add_reviewer (fixture->project, "carol", "adjudicator", &error));
  g_assert_true (wn_project_add_reviewer (fixture->project, "lena", "lead", &error));
  g_assert_true (wn_project_add_reason (fixture->project, "Wrong population", &error));
  g_assert_true (wn_project_add_reason (fixture->project, "Wrong outcome", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_clear_object (&fixture->project);
  d = g_dir_open (fixture->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
  g_array_unref (fixture->ids);
}

static void
vote (WnProject  *project,
      const char *who,
      WnStage     stage,
      gint64      id,
      WnVerdict   verdict,
      const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnDecision) event = wn_project_decide (project, who, stage, id, verdict, reason, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (event);
}

static WnOutcome
outcome (WnProject *project,
         WnStage    stage,
         gint64     id)
{
  g_autoptr(GError) error = NULL;
  WnScreeningState state;

  g_assert_true (wn_project_get_screening_state (project, stage, id, NULL, &state, &error));
  g_assert_no_error (error);
  return state.outcome;
}

static gint64
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* ------------------------------------------------------------------------ */

static void
test_rules (Fixture       *fixture,
            gconstpointer  data)
{
  WnProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  WnStageRules rules;

  g_assert_cmpint (outcome (p, WN_STAGE_TA, ID (0)), ==, WN_OUTCOME_UNSCREENED);
  vote (p, "alice", WN_STAGE_TA, ID (0), WN_VERDICT_INCLUDE, NULL);
  g_assert_cmpint (outcome (p, WN_STAGE_TA, ID (0)), ==, WN_OUTCOME_PARTIAL);
  vote (p, "bob", WN_STAGE_TA, ID (0), WN_VERDICT_INCLUDE, NULL);
  g_assert_cmpint (outcome (p, WN_STAGE_TA, ID (0)), ==, WN_OUTCOME_INCLUDED);

  vote (p, "alice", WN_STAGE_TA, ID (1), WN_VERDICT_EXCLUDE, NULL);
  vote (p, "bob", WN_STAGE_TA, ID (1), WN_VERDICT_EXCLUDE, "Wrong outcome");
  g_assert_cmpint (outcome (p, WN_STAGE_TA, ID (1)), ==, WN_OUTCOME_EXCLUDED);

  vote (p, "alice", WN_STAGE_TA, ID (2), WN_VERDICT_INCLUDE, NULL);
  vote (p, "bob", WN_STAGE_TA, ID (2), WN_VERDICT_EXCLUDE, NULL);
  g_assert_cmpint (outcome (p, WN_STAGE_TA, ID (2)), ==, WN_OUTCOME_CONFLICT);

  /* maybe is its own category: maybe + maybe and maybe + include conflict */
  vote (p, "alice", WN_STAGE_TA, ID (3), WN_VERDICT_MAYBE, NULL);
  vote (p, "bob", WN_STAGE_TA, ID (3), WN_VERDICT_MAYBE, NULL);
  g_assert_cmpint (outcome (p, WN_STAGE_TA, ID (3)), ==, WN_OUTCOME_CONFLICT);
  vote (p, "alice", WN_STAGE_TA, ID (4), WN_VERDICT_MAYBE, NULL);
  vote (p, "bob", WN_STAGE_TA, ID (4), WN_VERDICT_INCLUDE, NULL);
  g_assert_cmpint (outcome (p, WN_STAGE_TA, ID (4)), ==, WN_OUTCOME_CONFLICT);

  /* …unless the lead says a maybe goes on to full text */
  g_assert_true (wn_project_get_rules (p, WN_STAGE_TA, &rules, &error));
  g_assert_cmpuint (rules.reviewers_required, ==, 2);
  g_assert_cmpint (rules.maybe_policy, ==, WN_MAYBE_POLICY_CONFLICT);
  rules.maybe_policy = WN_MAYBE_POLICY_INCLUDE;
  g_assert_true (wn_project_set_rules (p, WN_STAGE_TA, &rules, &error));
  g_assert_cmpint (outcome (p, WN_STAGE_TA, ID (4)), ==, WN_OUTCOME_INCLUDED);
  g_assert_cmpint (outcome (p, WN_STAGE_TA, ID (3)), ==, WN_OUTCOME_INCLUDED);
  g_assert_cmpint (outcome (p, WN_STAGE_TA, ID (2)), ==, WN_OUTCOME_CONFLICT);

  /* single screening */
  rules.reviewers_required = 1;
  g_assert_true (wn_project_set_rules (p, WN_STAGE_TA, &rules, &error));
  vote (p, "alice", WN_STAGE_TA, ID (5), WN_VERDICT_EXCLUDE, NULL);
  g_assert_cmpint (outcome (p, WN_STAGE_TA, ID (5)), ==, WN_OUTCOME_EXCLUDED);
  rules.reviewers_required = 3;
  g_assert_false (wn_project_set_rules (p, WN_STAGE_TA, &rules, &error));
  g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_INVALID);
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  WnProject *p = fixture->project;
  const char *count_sql = "SELECT count (*) FROM decisions";
  struct
  {
    const char *who;
    WnStage     stage;
    int         record;
    WnVerdict   verdict;
    const char *reason;
    int         code;
  } cases[] = {
    { "nobody", WN_STAGE_TA, 0, WN_VERDICT_INCLUDE, NULL, WN_SCREENING_ERROR_NO_REVIEWER },
    { "alice", WN_STAGE_TA, -1, WN_VERDICT_INCLUDE, NULL, WN_SCREENING_ERROR_RECORD },
    { "alice", WN_STAGE_FT, 0, WN_VERDICT_INCLUDE, NULL, WN_SCREENING_ERROR_RECORD },
    { "alice", WN_STAGE_TA, 0, WN_VERDICT_EXCLUDE, "Not a reason", WN_SCREENING_ERROR_REASON },
    { "alice", WN_STAGE_TA, 0, WN_VERDICT_INCLUDE, "Wrong outcome", WN_SCREENING_ERROR_REASON },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WnDecision) event = NULL;
      gint64 id = cases[i].record < 0 ? 999999 : ID (cases[i].record);

      event = wn_project_decide (p, cases[i].who, cases[i].stage, id, cases[i].verdict, cases[i].reason, NULL, NULL,
                                 &error);
      g_assert_null (event);
      g_assert_error (error, WN_SCREENING_ERROR, cases[i].code);
    }
  g_assert_cmpint (count_rows (fixture->path, count_sql), ==, 0);

  /* At full text: no maybe, and an exclusion needs a reason. */
  vote (p, "alice", WN_STAGE_TA, ID (0), WN_VERDICT_INCLUDE, NULL);
  vote (p, "bob", WN_STAGE_TA, ID (0), WN_VERDICT_INCLUDE, NULL);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WnDecision) event = wn_project_decide (p, "alice", WN_STAGE_FT, ID (0), WN_VERDICT_MAYBE, NULL, NULL,
                                                     NULL, &error);

    g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_VERDICT);
    g_clear_error (&error);
    event = wn_project_decide (p, "alice", WN_STAGE_FT, ID (0), WN_VERDICT_EXCLUDE, NULL, NULL, NULL, &error);
    g_assert_null (event);
    g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_REASON);
  }
  g_assert_cmpint (count_rows (fixture->path, count_sql), ==, 2);
  vote (p, "alice", WN_STAGE_FT, ID (0), WN_VERDICT_EXCLUDE, "Wrong population");
  g_assert_cmpint (count_rows (fixture->path, count_sql), ==, 3);
}

static void
test_change_and_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  WnProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(WnDecision) undo = NULL;
  WnScreeningState state;

  vote (p, "alice", WN_STAGE_TA, ID (0), WN_VERDICT_INCLUDE, NULL);
  vote (p, "alice", WN_STAGE_TA, ID (0), WN_VERDICT_EXCLUDE, "Wrong outcome");
  g_assert_true (wn_project_get_screening_state (p, WN_STAGE_TA, ID (0), "alice", &state, &error));
  g_assert_cmpint (state.mine, ==, WN_VERDICT_EXCLUDE);
  g_assert_cmpuint (state.votes, ==, 1);

  undo = wn_project_undo_decision (p, "alice", WN_STAGE_TA, ID (0), &error);
  g_assert_no_error (error);
  g_assert_cmpint (undo->verdict, ==, WN_VERDICT_INCLUDE);
  g_assert_true (wn_project_get_screening_state (p, WN_STAGE_TA, ID (0), "alice", &state, &error));
  g_assert_cmpint (state.mine, ==, WN_VERDICT_INCLUDE);
  g_clear_pointer (&undo, wn_decision_free);

  /* Undo again: a stack — the include is taken back too, nothing stands. */
  undo = wn_project_undo_decision (p, "alice", WN_STAGE_TA, ID (0), &error);
  g_assert_no_error (error);
  g_assert_cmpint (undo->verdict, ==, WN_VERDICT_NONE);
  g_assert_nonnull (undo->reverts);
  g_clear_pointer (&undo, wn_decision_free);
  g_assert_true (wn_project_get_screening_state (p, WN_STAGE_TA, ID (0), "alice", &state, &error));
  g_assert_cmpint (state.mine, ==, WN_VERDICT_NONE);
  undo = wn_project_undo_decision (p, "alice", WN_STAGE_TA, ID (0), &error);
  g_assert_null (undo);
  g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_RECORD);
  g_clear_error (&error);

  /* No decision at all: nothing to undo. */
  undo = wn_project_undo_decision (p, "alice", WN_STAGE_TA, ID (1), &error);
  g_assert_null (undo);
  g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_RECORD);
  g_clear_error (&error);

  /* A withdrawn vote leaves the record unscreened; history stays. */
  vote (p, "alice", WN_STAGE_TA, ID (0), WN_VERDICT_NONE, NULL);
  g_assert_cmpint (outcome (p, WN_STAGE_TA, ID (0)), ==, WN_OUTCOME_UNSCREENED);
  history = wn_project_list_decisions (p, ID (0), WN_STAGE_TA, NULL, &error);
  g_assert_cmpuint (history->len, ==, 5);
  for (guint i = 1; i < history->len; i++)
    g_assert_cmpstr (((WnDecision *) history->pdata[i - 1])->made_at, <, ((WnDecision *) history->pdata[i])->made_at);

  /* every decision is in the audit log, and the log is intact */
  {
    gint64 bad = 0;

    g_assert_true (wn_project_verify_audit (p, &bad, &error));
    g_assert_cmpint (count_rows (fixture->path, "SELECT count (*) FROM audit WHERE action = 'decision.vote'"), ==, 5);
  }
  /* events cannot be changed or removed behind the app's back */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE decisions SET verdict = 'include'", NULL, NULL, NULL), !=, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "DELETE FROM decisions", NULL, NULL, NULL), !=, SQLITE_OK);
    sqlite3_close (db);
  }
}

static void
test_adjudication (Fixture       *fixture,
                   gconstpointer  data)
{
  WnProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  g_autoptr(WnDecision) event = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  WnStageCounts counts;

  vote (p, "alice", WN_STAGE_TA, ID (0), WN_VERDICT_INCLUDE, NULL);
  vote (p, "bob", WN_STAGE_TA, ID (0), WN_VERDICT_EXCLUDE, "Wrong outcome");
  vote (p, "alice", WN_STAGE_TA, ID (1), WN_VERDICT_INCLUDE, NULL);
  vote (p, "bob", WN_STAGE_TA, ID (1), WN_VERDICT_INCLUDE, NULL);

  conflicts = wn_project_list_conflicts (p, WN_STAGE_TA, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpint (((WnConflict *) conflicts->pdata[0])->record_id, ==, ID (0));
  g_assert_cmpuint (((WnConflict *) conflicts->pdata[0])->votes->len, ==, 2);

  /* a reviewer cannot adjudicate; a record not in conflict cannot be */
  event = wn_project_adjudicate (p, "alice", WN_STAGE_TA, ID (0), WN_VERDICT_INCLUDE, NULL, NULL, &error);
  g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_ROLE);
  g_clear_error (&error);
  event = wn_project_adjudicate (p, "carol", WN_STAGE_TA, ID (1), WN_VERDICT_INCLUDE, NULL, NULL, &error);
  g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_NOT_CONFLICT);
  g_clear_error (&error);

  event = wn_project_adjudicate (p, "carol", WN_STAGE_TA, ID (0), WN_VERDICT_INCLUDE, NULL, "fits the PCC", &error);
  g_assert_no_error (error);
  g_assert_true (event->adjudication);
  g_assert_cmpint (outcome (p, WN_STAGE_TA, ID (0)), ==, WN_OUTCOME_INCLUDED);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = wn_project_list_conflicts (p, WN_STAGE_TA, &error);
  g_assert_cmpuint (conflicts->len, ==, 0);

  /* both records passed title/abstract, so both are screened at full text */
  g_assert_true (wn_project_get_stage_counts (p, WN_STAGE_FT, &counts, &error));
  g_assert_cmpint (counts.eligible, ==, 2);
  g_assert_true (wn_project_get_stage_counts (p, WN_STAGE_TA, &counts, &error));
  g_assert_cmpint (counts.eligible, ==, 12);
  g_assert_cmpint (counts.included, ==, 2);
  g_assert_cmpint (counts.conflicts, ==, 0);
  g_assert_cmpint (counts.decisions, ==, 5);
}

static void
test_reasons (Fixture       *fixture,
              gconstpointer  data)
{
  WnProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GPtrArray) all = NULL;

  g_assert_true (wn_project_add_reason (p, "Not empirical", &error));
  vote (p, "alice", WN_STAGE_TA, ID (0), WN_VERDICT_EXCLUDE, "Wrong outcome");

  /* unused: removed; used: retired, kept on the decision */
  g_assert_true (wn_project_remove_reason (p, "Not empirical", &error));
  g_assert_true (wn_project_remove_reason (p, "Wrong outcome", &error));
  active = wn_project_list_reasons (p, FALSE, &error);
  g_assert_cmpuint (active->len, ==, 1);
  g_assert_cmpstr (((WnReason *) active->pdata[0])->label, ==, "Wrong population");
  all = wn_project_list_reasons (p, TRUE, &error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (((WnReason *) all->pdata[1])->label, ==, "Wrong outcome");
  g_assert_true (((WnReason *) all->pdata[1])->retired);
  g_assert_cmpint (((WnReason *) all->pdata[1])->uses, ==, 1);

  /* a retired reason is no longer offered for new decisions */
  {
    g_autoptr(WnDecision) event = wn_project_decide (p, "bob", WN_STAGE_TA, ID (0), WN_VERDICT_EXCLUDE,
                                                     "Wrong outcome", NULL, NULL, &error);
    g_assert_null (event);
    g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_REASON);
    g_clear_error (&error);
  }
  /* renaming a used reason would rewrite history: refused */
  g_assert_false (wn_project_rename_reason (p, "Wrong outcome", "Outcome", &error));
  g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_REASON);
  g_clear_error (&error);
  g_assert_true (wn_project_rename_reason (p, "Wrong population", "Population not peers", &error));
  g_assert_no_error (error);
}

static void
test_criteria (Fixture       *fixture,
               gconstpointer  data)
{
  WnProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(WnDecision) first = NULL;
  g_autoptr(WnDecision) second = NULL;
  int version = -1;

  text = wn_project_get_criteria (p, 0, &version, &error);
  g_assert_null (text);
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 0);

  g_assert_cmpint (wn_project_set_criteria (p, "Population: peer workers.", &error), ==, 1);
  first = wn_project_decide (p, "alice", WN_STAGE_TA, ID (0), WN_VERDICT_INCLUDE, NULL, NULL, NULL, &error);
  g_assert_cmpint (wn_project_set_criteria (p, "Population: peer workers in SUD services.", &error), ==, 2);
  second = wn_project_decide (p, "alice", WN_STAGE_TA, ID (1), WN_VERDICT_INCLUDE, NULL, NULL, NULL, &error);
  g_assert_cmpint (first->criteria_version, ==, 1);
  g_assert_cmpint (second->criteria_version, ==, 2);
  g_clear_pointer (&text, g_free);
  text = wn_project_get_criteria (p, 1, &version, &error);
  g_assert_cmpstr (text, ==, "Population: peer workers.");
  g_clear_pointer (&text, g_free);
  text = wn_project_get_criteria (p, 0, &version, &error);
  g_assert_cmpint (version, ==, 2);
}

static void
test_queue_and_rounds (Fixture       *fixture,
                       gconstpointer  data)
{
  WnProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) q1 = NULL;
  g_autoptr(GArray) q2 = NULL;
  g_autoptr(GArray) q3 = NULL;
  g_autoptr(GArray) by_id = NULL;
  g_autoptr(WnRound) round = NULL;
  g_autoptr(WnRound) round2 = NULL;
  g_autoptr(GArray) sample = NULL;
  g_autoptr(GArray) sample2 = NULL;
  g_autoptr(GArray) in_round = NULL;
  gboolean differs = FALSE;

  vote (p, "alice", WN_STAGE_TA, ID (3), WN_VERDICT_MAYBE, NULL);
  vote (p, "bob", WN_STAGE_TA, ID (3), WN_VERDICT_INCLUDE, NULL);
  q1 = wn_project_screening_queue (p, WN_STAGE_TA, "alice", WN_QUEUE_ORDER_RANDOM, 42, 0, &error);
  q2 = wn_project_screening_queue (p, WN_STAGE_TA, "alice", WN_QUEUE_ORDER_RANDOM, 42, 0, &error);
  q3 = wn_project_screening_queue (p, WN_STAGE_TA, "alice", WN_QUEUE_ORDER_RANDOM, 43, 0, &error);
  by_id = wn_project_screening_queue (p, WN_STAGE_TA, "bob", WN_QUEUE_ORDER_ID, 0, 0, &error);
  g_assert_cmpuint (q1->len, ==, 12);
  for (guint i = 0; i < q1->len; i++)
    {
      WnScreeningState *a = &g_array_index (q1, WnScreeningState, i);

      g_assert_cmpint (a->record_id, ==, g_array_index (q2, WnScreeningState, i).record_id);
      differs |= a->record_id != g_array_index (q3, WnScreeningState, i).record_id;
      g_assert_cmpint (g_array_index (by_id, WnScreeningState, i).record_id, ==, ID (i));
      if (a->record_id == ID (3))
        {
          g_assert_cmpint (a->mine, ==, WN_VERDICT_MAYBE);
          g_assert_cmpint (a->outcome, ==, WN_OUTCOME_CONFLICT);
        }
      else
        g_assert_cmpint (a->mine, ==, WN_VERDICT_NONE);
    }
  g_assert_true (differs);
  g_assert_cmpint (g_array_index (by_id, WnScreeningState, 3).mine, ==, WN_VERDICT_INCLUDE);

  /* rounds: lead only, reproducible, never the same record twice */
  round = wn_project_create_round (p, "alice", WN_STAGE_TA, 4, 0, 7, &error);
  g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_ROLE);
  g_clear_error (&error);
  round = wn_project_create_round (p, "lena", WN_STAGE_TA, 4, 0, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpint (round->number, ==, 1);
  sample = wn_project_round_records (p, WN_STAGE_TA, 1, &error);
  g_assert_cmpuint (sample->len, ==, 4);
  round2 = wn_project_create_round (p, "lena", WN_STAGE_TA, 0, 50.0, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpint (round2->number, ==, 2);
  g_assert_cmpint (round2->size, ==, 4); /* half of the 8 left */
  sample2 = wn_project_round_records (p, WN_STAGE_TA, 2, &error);
  for (guint i = 0; i < sample->len; i++)
    for (guint j = 0; j < sample2->len; j++)
      g_assert_cmpint (g_array_index (sample, gint64, i), !=, g_array_index (sample2, gint64, j));
  in_round = wn_project_screening_queue (p, WN_STAGE_TA, "alice", WN_QUEUE_ORDER_ID, 0, 1, &error);
  g_assert_cmpuint (in_round->len, ==, 4);
  for (guint i = 0; i < in_round->len; i++)
    g_assert_cmpint (g_array_index (in_round, WnScreeningState, i).record_id, ==, g_array_index (sample, gint64, i));
  g_assert_null (wn_project_create_round (p, "lena", WN_STAGE_TA, 5, 0, 7, &error));
  g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_INVALID);
}

static void
test_agreement (Fixture       *fixture,
                gconstpointer  data)
{
  WnProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GPtrArray) round_pairs = NULL;
  g_autoptr(WnRound) round = NULL;
  /* 10 records: 4 both include, 3 both exclude, 2 alice-in/bob-out,
   * 1 alice-out/bob-in: p_o 0.7, p_e 0.5, kappa 0.4. */
  const WnVerdict a[] = { 1, 1, 1, 1, 2, 2, 2, 1, 1, 2 };
  const WnVerdict b[] = { 1, 1, 1, 1, 2, 2, 2, 2, 2, 1 };
  WnPairAgreement *pair;

  for (guint i = 0; i < G_N_ELEMENTS (a); i++)
    {
      vote (p, "alice", WN_STAGE_TA, ID (i), a[i], NULL);
      vote (p, "bob", WN_STAGE_TA, ID (i), b[i], NULL);
    }
  /* carol screened one record: no pair with anyone has enough… but one
   * shared record still makes a pair */
  pairs = wn_project_agreement (p, WN_STAGE_TA, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pairs->len, ==, 1);
  pair = pairs->pdata[0];
  g_assert_cmpstr (pair->reviewer_a, ==, "alice");
  g_assert_cmpstr (pair->reviewer_b, ==, "bob");
  g_assert_cmpfloat_with_epsilon (pair->stats.n, 10, 1e-9);
  g_assert_cmpfloat_with_epsilon (pair->stats.percent_agreement, 0.7, 1e-9);
  /* three declared categories (include, exclude, maybe): kappa does not
   * depend on an unused one, PABAK does */
  g_assert_cmpfloat_with_epsilon (pair->stats.cohen_kappa, 0.4, 1e-9);
  g_assert_true (pair->below_threshold);

  round = wn_project_create_round (p, "lena", WN_STAGE_TA, 3, 0, 1, &error);
  g_assert_no_error (error);
  round_pairs = wn_project_agreement (p, WN_STAGE_TA, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (round_pairs->len, ==, 1);
  g_assert_cmpfloat (((WnPairAgreement *) round_pairs->pdata[0])->stats.n, <=, 3);
}

/* ------------------------------------------------------------------------ */
/* Working apart                                                              */

static char *
path_in (Fixture    *fixture,
         const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;

  gsize n = strlen (needle);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (contents + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_package_blind (Fixture       *fixture,
                    gconstpointer  data)
{
  WnProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  g_autofree char *package = path_in (fixture, "alice.winnow");
  g_autoptr(WnProject) copy = NULL;
  g_autofree char *owner = NULL;
  g_autoptr(GArray) queue = NULL;
  gint64 bad = 0;
  g_autoptr(WnDecision) bobs = NULL;
  g_autoptr(WnDecision) alices = NULL;

  bobs = wn_project_decide (p, "bob", WN_STAGE_TA, ID (0), WN_VERDICT_EXCLUDE, "Wrong outcome",
                            "BOBS-SECRET-NOTE", NULL, &error);
  g_assert_nonnull (bobs);
  alices = wn_project_decide (p, "alice", WN_STAGE_TA, ID (1), WN_VERDICT_INCLUDE, NULL,
                              "ALICES-OWN-NOTE", NULL, &error);
  g_assert_nonnull (alices);
  g_assert_no_error (error);
  g_assert_true (wn_project_write_package (p, "alice", package, &error));
  g_assert_no_error (error);
  /* one complete file, nothing left beside it */
  {
    g_autofree char *wal = g_strconcat (package, "-wal", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }

  /* physically absent: not in a row, not in a free page, not in the log */
  g_assert_false (file_contains (package, "BOBS-SECRET-NOTE"));
  g_assert_true (file_contains (package, "ALICES-OWN-NOTE"));
  g_assert_cmpint (count_rows (package, "SELECT count (*) FROM decisions WHERE reviewer != 'alice'"), ==, 0);
  g_assert_cmpint (count_rows (package, "SELECT count (*) FROM decisions_in_force WHERE reviewer != 'alice'"), ==, 0);
  g_assert_cmpint (count_rows (package, "SELECT count (*) FROM audit WHERE detail LIKE '%bob%' AND action LIKE 'decision%'"),
                   ==, 0);

  copy = wn_project_open (package, &error);
  g_assert_no_error (error);
  owner = wn_project_dup_package_owner (copy);
  g_assert_cmpstr (owner, ==, "alice");
  g_assert_true (wn_project_verify_audit (copy, &bad, &error));
  g_assert_no_error (error);
  g_assert_true (wn_project_get_blind (copy));
  /* the record bob excluded is simply unscreened in alice's copy */
  queue = wn_project_screening_queue (copy, WN_STAGE_TA, "alice", WN_QUEUE_ORDER_ID, 0, 0, &error);
  g_assert_cmpint (g_array_index (queue, WnScreeningState, 0).outcome, ==, WN_OUTCOME_UNSCREENED);
  g_assert_cmpint (g_array_index (queue, WnScreeningState, 1).mine, ==, WN_VERDICT_INCLUDE);
  /* the lead's own project still holds everything */
  g_assert_cmpint (count_rows (fixture->path, "SELECT count (*) FROM decisions"), ==, 2);
}

/* A stable picture of the screening state: every event and the event in
 * force per key, sorted. */
static char *
state_digest (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *queries[] = {
    "SELECT uid || record_uid || reviewer || stage || verdict || IFNULL (record_id, '-') FROM decisions ORDER BY uid",
    "SELECT record_uid || stage || reviewer || kind || event_uid || verdict || IFNULL (record_id, '-')"
    " FROM decisions_in_force ORDER BY 1",
  };

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_string_append (out, (const char *) sqlite3_column_text (stmt, 0));
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
      g_string_append (out, "--\n");
    }
  sqlite3_close (db);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, out->str, -1);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, (gssize) length, NULL));
}

static void
test_merge_properties (Fixture       *fixture,
                       gconstpointer  data)
{
  WnProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  const char *people[] = { "alice", "bob", "carol" };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *base = path_in (fixture, "base.winnow");
  g_autofree char *reference = NULL;
  GRand *rand = g_rand_new_with_seed (20261124);

  /* The lead's project before anyone screens: the copy every merge starts
   * from (a WAL checkpoint first, so the main file holds everything). */
  g_clear_object (&fixture->project);
  copy_file (fixture->path, base);
  fixture->project = p = wn_project_open (fixture->path, &error);

  /* Each person screens in their own package; each exports twice — once
   * half way, once at the end, with changes of mind in between — so the
   * files overlap and an older file can arrive after a newer one. */
  for (guint r = 0; r < 2; r++)
    {
      g_autofree char *pkg = g_strdup_printf ("%s/%s.winnow", fixture->dir, people[r]);
      g_autoptr(WnProject) copy = NULL;

      g_assert_true (wn_project_write_package (p, people[r], pkg, &error));
      copy = wn_project_open (pkg, &error);
      g_assert_no_error (error);
      for (guint round = 0; round < 2; round++)
        {
          g_autofree char *out = g_strdup_printf ("%s/%s-%u.decisions", fixture->dir, people[r], round);

          for (guint k = 0; k < 10; k++)
            {
              gint64 id = ID (g_rand_int_range (rand, 0, 12));
              WnVerdict verdict = (WnVerdict) g_rand_int_range (rand, 0, 4);
              g_autoptr(WnDecision) event = wn_project_decide (copy, people[r], WN_STAGE_TA, id, verdict, NULL, NULL,
                                                               NULL, &error);
              g_assert_no_error (error);
            }
          g_assert_true (wn_project_export_decisions (copy, people[r], out, &error));
          g_ptr_array_add (files, g_steal_pointer (&out));
        }
    }
  g_assert_cmpuint (files->len, ==, 4);

  /* Commutative: every order of the files gives the same state. */
  for (guint trial = 0; trial < 12; trial++)
    {
      g_autofree char *target = g_strdup_printf ("%s/merge-%u.winnow", fixture->dir, trial);
      g_autoptr(WnProject) t = NULL;
      g_autofree char *digest = NULL;
      g_autoptr(GPtrArray) order = g_ptr_array_new ();
      WnMergeReport report;

      for (guint i = 0; i < files->len; i++)
        g_ptr_array_add (order, files->pdata[i]);
      for (guint i = order->len; i > 1; i--)
        {
          guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
          gpointer tmp = order->pdata[i - 1];

          order->pdata[i - 1] = order->pdata[j];
          order->pdata[j] = tmp;
        }
      copy_file (base, target);
      t = wn_project_open (target, &error);
      g_assert_no_error (error);
      /* Associative: one file at a time, or several in one go. */
      if (trial % 2 == 0)
        for (guint i = 0; i < order->len; i++)
          {
            const char *one[] = { order->pdata[i], NULL };

            g_assert_true (wn_project_merge_decisions (t, one, &report, &error));
          }
      else
        {
          g_ptr_array_add (order, NULL);
          g_assert_true (wn_project_merge_decisions (t, (const char * const *) order->pdata, &report, &error));
        }
      g_assert_no_error (error);
      /* Idempotent: merging everything again brings nothing new. */
      {
        g_autoptr(GPtrArray) again = g_ptr_array_new ();

        for (guint i = 0; i < files->len; i++)
          g_ptr_array_add (again, files->pdata[i]);
        g_ptr_array_add (again, NULL);
        g_assert_true (wn_project_merge_decisions (t, (const char * const *) again->pdata, &report, &error));
        g_assert_cmpint (report.new_events, ==, 0);
        g_assert_cmpint (report.new_conflicts, ==, 0);
        g_assert_cmpint (report.events, >, 0);
      }
      g_clear_object (&t);
      digest = state_digest (target);
      if (reference == NULL)
        reference = g_steal_pointer (&digest);
      else
        g_assert_cmpstr (digest, ==, reference);
    }
  g_rand_free (rand);
}

/* A merge reports the conflicts it makes, not those already there, and
 * none the second time. */
static void
test_merge_new_conflicts (Fixture       *fixture,
                          gconstpointer  data)
{
  WnProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  const char *people[] = { "alice", "bob" };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) conflicts = NULL;
  WnMergeReport report;

  for (guint r = 0; r < G_N_ELEMENTS (people); r++)
    {
      g_autofree char *pkg = g_strdup_printf ("%s/%s.winnow", fixture->dir, people[r]);
      g_autofree char *out = g_strdup_printf ("%s/%s.decisions", fixture->dir, people[r]);
      g_autoptr(WnProject) copy = NULL;

      g_assert_true (wn_project_write_package (p, people[r], pkg, &error));
      copy = wn_project_open (pkg, &error);
      g_assert_no_error (error);
      /* They disagree on 0, 1 and 2, agree on 3; alice alone votes on 4. */
      for (guint i = 0; i < 3; i++)
        vote (copy, people[r], WN_STAGE_TA, ID (i), r == 0 ? WN_VERDICT_INCLUDE : WN_VERDICT_EXCLUDE, NULL);
      vote (copy, people[r], WN_STAGE_TA, ID (3), WN_VERDICT_EXCLUDE, NULL);
      if (r == 0)
        vote (copy, people[r], WN_STAGE_TA, ID (4), WN_VERDICT_INCLUDE, NULL);
      g_assert_true (wn_project_export_decisions (copy, people[r], out, &error));
      g_ptr_array_add (files, g_steal_pointer (&out));
    }
  g_ptr_array_add (files, NULL);

  /* A conflict the lead's copy has already is not the merge's. */
  vote (p, "alice", WN_STAGE_TA, ID (5), WN_VERDICT_INCLUDE, NULL);
  vote (p, "carol", WN_STAGE_TA, ID (5), WN_VERDICT_EXCLUDE, NULL);

  g_assert_true (wn_project_merge_decisions (p, (const char * const *) files->pdata, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.new_events, ==, 9);
  g_assert_cmpint (report.new_conflicts, ==, 3);
  conflicts = wn_project_list_conflicts (p, WN_STAGE_TA, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 4);

  g_assert_true (wn_project_merge_decisions (p, (const char * const *) files->pdata, &report, &error));
  g_assert_cmpint (report.new_events, ==, 0);
  g_assert_cmpint (report.new_conflicts, ==, 0);
}

static void
test_merge_refuses (Fixture       *fixture,
                    gconstpointer  data)
{
  WnProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  g_autofree char *good = path_in (fixture, "alice.decisions");
  g_autofree char *bad = path_in (fixture, "damaged.decisions");
  g_autofree char *newer = path_in (fixture, "newer.decisions");
  g_autofree char *foreign = path_in (fixture, "foreign.decisions");
  g_autofree char *other_path = path_in (fixture, "other.winnow");
  g_autofree char *contents = NULL;
  g_autoptr(WnProject) other = NULL;
  g_autoptr(GArray) other_ids = NULL;
  gsize length;
  gint64 before;
  WnMergeReport report;

  vote (p, "alice", WN_STAGE_TA, ID (0), WN_VERDICT_INCLUDE, NULL);
  g_assert_true (wn_project_export_decisions (p, "alice", good, &error));
  g_assert_true (g_file_get_contents (good, &contents, &length, NULL));

  /* one byte changed in the body */
  {
    char *body = strstr (contents, "\"include\"");

    body[1] = 'I';
    g_assert_true (g_file_set_contents (bad, contents, (gssize) length, NULL));
    body[1] = 'i';
  }
  /* a format this version does not know */
  {
    g_autofree char *text = g_strdup (contents);

    text[strlen ("# winnow-decisions ")] = '9';
    g_assert_true (g_file_set_contents (newer, text, -1, NULL));
  }
  /* a decision file from another project */
  other = wn_project_create (other_path, "Other", &error);
  other_ids = import_n (other, 3, NULL, "Other");
  g_assert_true (wn_project_add_reviewer (other, "alice", NULL, &error));
  vote (other, "alice", WN_STAGE_TA, g_array_index (other_ids, gint64, 0), WN_VERDICT_EXCLUDE, NULL);
  g_assert_true (wn_project_export_decisions (other, "alice", foreign, &error));

  before = count_rows (fixture->path, "SELECT count (*) FROM audit");
  {
    const char *sets[][3] = { { bad, NULL }, { newer, NULL }, { foreign, NULL }, { good, bad, NULL } };
    const char *words[] = { "checksum", "format 9", "another project", "checksum" };

    for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
      {
        g_assert_false (wn_project_merge_decisions (p, sets[i], &report, &error));
        g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_FILE);
        g_assert_nonnull (strstr (error->message, words[i]));
        g_clear_error (&error);
      }
  }
  /* nothing changed, not even the log */
  g_assert_cmpint (count_rows (fixture->path, "SELECT count (*) FROM audit"), ==, before);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count (*) FROM decisions"), ==, 1);
}

static void
test_pending_events (Fixture       *fixture,
                     gconstpointer  data)
{
  WnProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_copy = path_in (fixture, "old.winnow");
  g_autofree char *alice_pkg = path_in (fixture, "alice.winnow");
  g_autofree char *alice_file = path_in (fixture, "alice.decisions");
  g_autoptr(GArray) second = NULL;
  g_autoptr(GArray) second_again = NULL;
  g_autoptr(WnProject) old = NULL;
  g_autoptr(WnProject) alice = NULL;
  WnMergeReport report;
  WnStageCounts counts;

  /* An older copy of the project, before a second search came in. */
  g_assert_true (wn_project_write_package (p, "lena", old_copy, &error));
  second = import_n (p, 3, "0123456789abcdef0123", "Second");
  g_assert_true (wn_project_write_package (p, "alice", alice_pkg, &error));
  alice = wn_project_open (alice_pkg, &error);
  vote (alice, "alice", WN_STAGE_TA, g_array_index (second, gint64, 1), WN_VERDICT_INCLUDE, NULL);
  vote (alice, "alice", WN_STAGE_TA, ID (0), WN_VERDICT_EXCLUDE, NULL);
  g_assert_true (wn_project_export_decisions (alice, "alice", alice_file, &error));

  old = wn_project_open (old_copy, &error);
  g_assert_no_error (error);
  {
    const char *files[] = { alice_file, NULL };

    g_assert_true (wn_project_merge_decisions (old, files, &report, &error));
  }
  g_assert_cmpint (report.new_events, ==, 2);
  g_assert_cmpint (report.pending, ==, 1);
  g_assert_true (wn_project_get_stage_counts (old, WN_STAGE_TA, &counts, &error));
  g_assert_cmpint (counts.pending, ==, 1);
  g_assert_cmpint (counts.decisions, ==, 1);

  /* The same export file arrives in the old copy: the kept event applies. */
  second_again = import_n (old, 3, "0123456789abcdef0123", "Second");
  g_assert_true (wn_project_get_stage_counts (old, WN_STAGE_TA, &counts, &error));
  g_assert_cmpint (counts.pending, ==, 0);
  g_assert_cmpint (counts.decisions, ==, 2);
  {
    WnScreeningState state;

    g_assert_true (wn_project_get_screening_state (old, WN_STAGE_TA, g_array_index (second_again, gint64, 1), "alice",
                                                   &state, &error));
    g_assert_cmpint (state.mine, ==, WN_VERDICT_INCLUDE);
  }
}

/* Decision files the fuzzer found (tests/fuzz/fuzz-decisions.c), kept in
 * tests/data/decisions: each file is a body, line 3 on, to which the test
 * adds the header with the body's true checksum, as the harness does, and
 * "@PROJECT@" becomes this project's uid. A "refused-" file must be
 * refused as damaged, a "merged-" one merged; neither may crash or warn
 * (G_DEBUG=fatal-warnings). refused-empty-description: an empty line 3
 * parsed to no JSON root, which was passed on to JSON_NODE_HOLDS_OBJECT (a
 * critical). */
static void
test_merge_fuzz_regressions (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "data", "decisions", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autofree char *uid = NULL;
  const char *name;
  guint seen = 0;

  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'uid'", -1, &stmt, NULL), ==,
                     SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    uid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (folder, name, NULL);
      g_autofree char *target = path_in (fixture, name);
      g_autofree char *contents = NULL;
      g_autofree char *digest = NULL;
      g_autofree char *file = NULL;
      g_auto(GStrv) parts = NULL;
      g_autofree char *body = NULL;
      g_autoptr(GError) error = NULL;
      const char *paths[] = { target, NULL };
      gsize length;
      WnMergeReport report;
      gboolean merged;

      if (!g_str_has_suffix (name, ".body"))
        continue;
      g_test_message ("%s", name);
      g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
      parts = g_strsplit (contents, "@PROJECT@", -1);
      body = g_strjoinv (uid, parts);
      digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body, -1);
      file = g_strdup_printf ("# winnow-decisions 1\n# sha256 %s\n%s", digest, body);
      g_assert_true (g_file_set_contents (target, file, -1, NULL));

      merged = wn_project_merge_decisions (fixture->project, paths, &report, &error);
      if (g_str_has_prefix (name, "refused-"))
        {
          g_assert_false (merged);
          g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_FILE);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_true (merged);
        }
      seen++;
    }
  g_assert_cmpuint (seen, >, 0);
}

/* A project chooses its blinding when it is made, before it has a team;
 * once it has reviewers only the lead changes it. */
static void
test_initial_blind (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("winnow-test-initial-blind-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "open.winnow", NULL);
  g_autoptr(WnProject) project = NULL;
  g_autoptr(WnProject) again = NULL;

  g_assert_no_error (error);
  project = wn_project_create (path, "Open review", &error);
  g_assert_no_error (error);
  g_assert_true (wn_project_get_blind (project));

  g_assert_true (wn_project_set_initial_blind (project, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (wn_project_get_blind (project));
  g_assert_true (wn_project_set_initial_blind (project, TRUE, &error));
  g_assert_true (wn_project_get_blind (project));
  g_assert_true (wn_project_set_initial_blind (project, FALSE, &error));

  /* With a team, the lead decides: refused, nothing changed. */
  g_assert_true (wn_project_add_reviewer (project, "alice", "reviewer", &error));
  g_assert_false (wn_project_set_initial_blind (project, TRUE, &error));
  g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_ROLE);
  g_clear_error (&error);
  g_assert_false (wn_project_get_blind (project));
  wn_project_close (project);

  /* Kept in the file. */
  again = wn_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (wn_project_get_blind (again));
  wn_project_close (again);

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_remove (file);
      }
  }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/screening/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("rules", test_rules);
  ADD ("refusals", test_refusals);
  ADD ("change-and-undo", test_change_and_undo);
  ADD ("adjudication", test_adjudication);
  ADD ("reasons", test_reasons);
  ADD ("criteria", test_criteria);
  ADD ("queue-and-rounds", test_queue_and_rounds);
  ADD ("agreement", test_agreement);
  ADD ("package-blind", test_package_blind);
  ADD ("merge-properties", test_merge_properties);
  ADD ("merge-new-conflicts", test_merge_new_conflicts);
  ADD ("merge-refuses", test_merge_refuses);
  ADD ("merge-fuzz-regressions", test_merge_fuzz_regressions);
  ADD ("pending-events", test_pending_events);
#undef ADD
  g_test_add_func ("/screening/initial-blind", test_initial_blind);

  return g_test_run ();
}
