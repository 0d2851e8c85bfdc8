/* wn-screening.c — decisions, outcomes, conflicts, adjudication, rules,
 * reasons, criteria and calibration rounds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tables are migration 3 in wn-project.c. Decision files, packages and
 * merging are in wn-exchange.c; agreement statistics in wn-agreement.c.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "wn-screening-private.h"

G_DEFINE_QUARK (wn-screening-error-quark, wn_screening_error)

static const char *const stage_names[] = { "ta", "ft" };
static const char *const verdict_names[] = { "none", "include", "exclude", "maybe" };
static const char *const outcome_names[] = { "unscreened", "partial", "included", "excluded", "conflict" };

const char *
wn_stage_to_string (WnStage stage)
{
  g_return_val_if_fail (stage < WN_N_STAGES, NULL);
  return stage_names[stage];
}

/* The index of text in names, or -1. */
static int
name_index (const char *const *names,
            guint              n_names,
            const char        *text)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (text, names[i]) == 0)
      return (int) i;
  return -1;
}

gboolean
wn_stage_from_string (const char *text,
                      WnStage    *stage)
{
  int i = name_index (stage_names, G_N_ELEMENTS (stage_names), text);

  if (i >= 0)
    *stage = (WnStage) i;
  return i >= 0;
}

const char *
wn_verdict_to_string (WnVerdict verdict)
{
  g_return_val_if_fail (verdict < G_N_ELEMENTS (verdict_names), NULL);
  return verdict_names[verdict];
}

gboolean
wn_verdict_from_string (const char *text,
                        WnVerdict  *verdict)
{
  int i = name_index (verdict_names, G_N_ELEMENTS (verdict_names), text);

  if (i >= 0)
    *verdict = (WnVerdict) i;
  return i >= 0;
}

const char *
wn_outcome_to_string (WnOutcome outcome)
{
  g_return_val_if_fail (outcome < G_N_ELEMENTS (outcome_names), NULL);
  return outcome_names[outcome];
}

void
wn_reviewer_free (WnReviewer *reviewer)
{
  if (reviewer == NULL)
    return;
  g_free (reviewer->name);
  g_free (reviewer->role);
  g_free (reviewer->uid);
  g_free (reviewer);
}

void
wn_decision_free (WnDecision *decision)
{
  if (decision == NULL)
    return;
  g_free (decision->uid);
  g_free (decision->record_uid);
  g_free (decision->reviewer);
  g_free (decision->reason);
  g_free (decision->note);
  g_strfreev (decision->labels);
  g_free (decision->made_at);
  g_free (decision->reverts);
  g_free (decision);
}

void
wn_conflict_free (WnConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_clear_pointer (&conflict->votes, g_ptr_array_unref);
  g_free (conflict);
}

void
wn_reason_free (WnReason *reason)
{
  if (reason == NULL)
    return;
  g_free (reason->label);
  g_free (reason);
}

void
wn_round_free (WnRound *round)
{
  if (round == NULL)
    return;
  g_free (round->created_at);
  g_free (round->created_by);
  g_free (round);
}

void
wn_pair_agreement_free (WnPairAgreement *agreement)
{
  if (agreement == NULL)
    return;
  g_free (agreement->reviewer_a);
  g_free (agreement->reviewer_b);
  g_free (agreement);
}

/* ------------------------------------------------------------------------ */
/* Small helpers                                                              */

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL && *text != '\0')
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* A write transaction with the lock held (see _wn_project_begin_write). */
static gboolean
begin (WnProject   *self,
       GError     **error)
{
  return _wn_project_begin_write (self, _("could not start a transaction"), error);
}

static gboolean
commit (WnProject   *self,
        GError     **error)
{
  return _wn_project_end_write (self, TRUE, _("could not save the change"), error);
}

static void
rollback (WnProject *self)
{
  _wn_project_end_write (self, FALSE, NULL, NULL);
}

/* The seeded shuffle key: the same on every desktop for the same seed and
 * record uid (prefix and ordinal). SplitMix64 over FNV-1a. */
guint64
_wn_screening_shuffle_key (guint64     seed,
                           const char *prefix,
                           gint64      ordinal)
{
  guint64 h = 0xcbf29ce484222325ULL;
  guint64 z;

  for (const char *p = prefix; p != NULL && *p != '\0'; p++)
    h = (h ^ (guchar) *p) * 0x100000001b3ULL;
  z = h ^ (seed * 0x9e3779b97f4a7c15ULL) ^ ((guint64) ordinal * 0xbf58476d1ce4e5b9ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* ------------------------------------------------------------------------ */
/* People                                                                     */

GPtrArray *
wn_project_list_reviewers (WnProject  *self,
                           GError    **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_reviewer_free);
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "SELECT name, role, uid FROM reviewers ORDER BY id",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WnReviewer *reviewer = g_new0 (WnReviewer, 1);

      reviewer->name = _wn_column_dup (stmt, 0);
      reviewer->role = _wn_column_dup (stmt, 1);
      reviewer->uid = _wn_column_dup (stmt, 2);
      g_ptr_array_add (list, reviewer);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the reviewers"));
      _wn_project_unlock (self);
      return NULL;
    }
  _wn_project_unlock (self);
  return g_steal_pointer (&list);
}

/* The caller holds the lock. */
static WnReviewer *
get_reviewer_locked (WnProject   *self,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  WnReviewer *reviewer;
  int rc;

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "SELECT name, role, uid FROM reviewers WHERE name = ?",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_NO_REVIEWER,
                   _("“%s” is not a reviewer in this project (add them with “winnow-cli reviewer add”)"), name);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the reviewers"));
      return NULL;
    }
  reviewer = g_new0 (WnReviewer, 1);
  reviewer->name = _wn_column_dup (stmt, 0);
  reviewer->role = _wn_column_dup (stmt, 1);
  reviewer->uid = _wn_column_dup (stmt, 2);
  return reviewer;
}

WnReviewer *
wn_project_get_reviewer (WnProject   *self,
                         const char  *name,
                         GError     **error)
{
  WnReviewer *reviewer;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  _wn_project_lock (self);
  reviewer = get_reviewer_locked (self, name, error);
  _wn_project_unlock (self);
  return reviewer;
}

static gboolean
require_role (WnProject   *self,
              const char  *name,
              gboolean     adjudicator_too,
              const char  *what,
              GError     **error)
{
  g_autoptr(WnReviewer) person = get_reviewer_locked (self, name, error);

  if (person == NULL)
    return FALSE;
  if (g_strcmp0 (person->role, "lead") == 0 ||
      (adjudicator_too && g_strcmp0 (person->role, "adjudicator") == 0))
    return TRUE;
  g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_ROLE,
               adjudicator_too ? _("%s is a %s: only an adjudicator or the lead can %s")
                               : _("%s is a %s: only the lead can %s"),
               name, person->role, what);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Rules and settings                                                         */

static char *
meta_key (const char *what,
          WnStage     stage)
{
  return g_strdup_printf ("rules.%s.%s", stage_names[stage], what);
}

/* The caller holds the lock. */
static void
get_rules_locked (WnProject    *self,
                  WnStage       stage,
                  WnStageRules *rules)
{
  g_autofree char *key_required = meta_key ("reviewers_required", stage);
  g_autofree char *key_maybe = meta_key ("maybe_policy", stage);
  g_autofree char *required = _wn_project_get_meta (self, key_required);
  g_autofree char *maybe = _wn_project_get_meta (self, key_maybe);

  rules->reviewers_required = required != NULL ? (guint) CLAMP (g_ascii_strtoll (required, NULL, 10), 1, 2) : 2;
  rules->maybe_policy = g_strcmp0 (maybe, "include") == 0 ? WN_MAYBE_POLICY_INCLUDE : WN_MAYBE_POLICY_CONFLICT;
}

gboolean
wn_project_get_rules (WnProject     *self,
                      WnStage        stage,
                      WnStageRules  *rules,
                      GError       **error)
{
  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (rules != NULL, FALSE);
  (void) error;

  _wn_project_lock (self);
  get_rules_locked (self, stage, rules);
  _wn_project_unlock (self);
  return TRUE;
}

gboolean
wn_project_set_rules (WnProject           *self,
                      WnStage              stage,
                      const WnStageRules  *rules,
                      GError             **error)
{
  g_autofree char *key_required = meta_key ("reviewers_required", stage);
  g_autofree char *key_maybe = meta_key ("maybe_policy", stage);
  g_autofree char *required = NULL;
  g_autofree char *detail = NULL;
  const char *maybe;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (rules != NULL, FALSE);

  if (rules->reviewers_required < 1 || rules->reviewers_required > 2)
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_INVALID,
                   _("a stage needs one or two reviewers per record, not %u"), rules->reviewers_required);
      return FALSE;
    }
  required = g_strdup_printf ("%u", rules->reviewers_required);
  maybe = rules->maybe_policy == WN_MAYBE_POLICY_INCLUDE ? "include" : "conflict";
  detail = g_strdup_printf ("{\"stage\":\"%s\",\"reviewers_required\":%u,\"maybe_policy\":\"%s\"}",
                            stage_names[stage], rules->reviewers_required, maybe);

  if (!begin (self, error))
    return FALSE;
  if (!_wn_project_set_meta (self, key_required, required, error) ||
      !_wn_project_set_meta (self, key_maybe, maybe, error) ||
      !_wn_project_audit (self, "screening.rules", detail, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

static gboolean
set_setting (WnProject   *self,
             const char  *key,
             const char  *value,
             const char  *action,
             GError     **error)
{
  g_autoptr(GString) detail = g_string_new ("{");

  wn_json_append_key (detail, key);
  wn_json_append_string (detail, value);
  g_string_append_c (detail, '}');

  if (!begin (self, error))
    return FALSE;
  if (!_wn_project_set_meta (self, key, value, error) ||
      !_wn_project_audit (self, action, detail->str, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

gboolean
wn_project_get_blind (WnProject *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (WN_IS_PROJECT (self), TRUE);

  _wn_project_lock (self);
  value = _wn_project_get_meta (self, "blind");
  _wn_project_unlock (self);
  return g_strcmp0 (value, "0") != 0;
}

gboolean
wn_project_set_blind (WnProject   *self,
                      const char  *lead,
                      gboolean     blind,
                      GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (lead != NULL, FALSE);

  _wn_project_lock (self);
  ok = require_role (self, lead, FALSE, blind ? _("restore blinding") : _("end blinding"), error);
  _wn_project_unlock (self);
  if (!ok)
    return FALSE;
  return set_setting (self, "blind", blind ? "1" : "0", "screening.blind", error);
}

gboolean
wn_project_set_initial_blind (WnProject  *self,
                              gboolean    blind,
                              GError    **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  gint64 n_reviewers = -1;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "SELECT COUNT(*) FROM reviewers", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    n_reviewers = sqlite3_column_int64 (stmt, 0);
  else
    _wn_project_sql_error (self, error, rc, _("could not read the reviewers"));
  _wn_project_unlock (self);
  if (n_reviewers < 0)
    return FALSE;
  if (n_reviewers > 0)
    {
      g_set_error_literal (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_ROLE,
                           _("the project has reviewers: only the lead can end or restore blinding"));
      return FALSE;
    }
  return set_setting (self, "blind", blind ? "1" : "0", "screening.blind", error);
}

double
wn_project_get_kappa_threshold (WnProject *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (WN_IS_PROJECT (self), 0.6);

  _wn_project_lock (self);
  value = _wn_project_get_meta (self, "kappa_threshold");
  _wn_project_unlock (self);
  return value != NULL ? g_ascii_strtod (value, NULL) : 0.6;
}

gboolean
wn_project_set_kappa_threshold (WnProject   *self,
                                double       threshold,
                                GError     **error)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  if (!(threshold >= -1.0 && threshold <= 1.0))
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_INVALID,
                   _("a kappa threshold lies between −1 and 1"));
      return FALSE;
    }
  return set_setting (self, "kappa_threshold", g_ascii_dtostr (buffer, sizeof buffer, threshold),
                      "screening.threshold", error);
}

gboolean
wn_project_get_highlight_terms (WnProject   *self,
                                char       **include_terms,
                                char       **exclude_terms,
                                GError     **error)
{
  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  (void) error;

  _wn_project_lock (self);
  if (include_terms != NULL)
    *include_terms = _wn_project_get_meta (self, "highlight.include");
  if (exclude_terms != NULL)
    *exclude_terms = _wn_project_get_meta (self, "highlight.exclude");
  _wn_project_unlock (self);
  return TRUE;
}

gboolean
wn_project_set_highlight_terms (WnProject   *self,
                                const char  *include_terms,
                                const char  *exclude_terms,
                                GError     **error)
{
  g_autoptr(GString) detail = g_string_new ("{");

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  wn_json_append_key (detail, "include");
  wn_json_append_string (detail, include_terms);
  wn_json_append_key (detail, "exclude");
  wn_json_append_string (detail, exclude_terms);
  g_string_append_c (detail, '}');

  if (!begin (self, error))
    return FALSE;
  if (!_wn_project_set_meta (self, "highlight.include", include_terms != NULL ? include_terms : "", error) ||
      !_wn_project_set_meta (self, "highlight.exclude", exclude_terms != NULL ? exclude_terms : "", error) ||
      !_wn_project_audit (self, "screening.highlight", detail->str, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

/* ------------------------------------------------------------------------ */
/* Criteria                                                                   */

static int
current_criteria_version_locked (WnProject *self)
{
  g_autoptr(WnStmt) stmt = NULL;

  if (sqlite3_prepare_v2 (_wn_project_get_db (self), "SELECT max (version) FROM criteria", -1, &stmt, NULL) !=
        SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int (stmt, 0);
}

char *
wn_project_get_criteria (WnProject  *self,
                         int         version,
                         int        *version_out,
                         GError    **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  char *text = NULL;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  if (version_out != NULL)
    *version_out = 0;

  _wn_project_lock (self);
  if (version <= 0)
    version = current_criteria_version_locked (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "SELECT text FROM criteria WHERE version = ?", -1, &stmt,
                           NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, version);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      text = _wn_column_dup (stmt, 0);
      if (version_out != NULL)
        *version_out = version;
    }
  else if (rc != SQLITE_DONE)
    _wn_project_sql_error (self, error, rc, _("could not read the eligibility criteria"));
  _wn_project_unlock (self);
  return text;
}

int
wn_project_set_criteria (WnProject   *self,
                         const char  *text,
                         GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autofree char *now = _wn_now_iso8601 ();
  g_autoptr(GString) detail = g_string_new ("{");
  int version;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  if (!begin (self, error))
    return 0;
  version = current_criteria_version_locked (self) + 1;
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "INSERT INTO criteria (version, text, created_at, created_by) VALUES (?, ?, ?, ?)", -1,
                           &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, version);
      sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, wn_project_get_actor (self), -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not save the eligibility criteria"));
      rollback (self);
      return 0;
    }
  wn_json_append_key (detail, "version");
  wn_json_append_int (detail, version);
  wn_json_append_key (detail, "text");
  wn_json_append_string (detail, text);
  g_string_append_c (detail, '}');
  if (!_wn_project_audit (self, "screening.criteria", detail->str, error))
    {
      rollback (self);
      return 0;
    }
  return commit (self, error) ? version : 0;
}

/* ------------------------------------------------------------------------ */
/* Reasons                                                                    */

GPtrArray *
wn_project_list_reasons (WnProject  *self,
                         gboolean    include_retired,
                         GError    **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_reason_free);
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT r.label, r.retired_at IS NOT NULL,"
                           "  (SELECT count (*) FROM decisions_in_force f WHERE f.reason = r.label AND f.verdict != 'none')"
                           " FROM reasons r WHERE ?1 OR r.retired_at IS NULL ORDER BY r.id",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    sqlite3_bind_int (stmt, 1, include_retired ? 1 : 0);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WnReason *reason = g_new0 (WnReason, 1);

      reason->label = _wn_column_dup (stmt, 0);
      reason->retired = sqlite3_column_int (stmt, 1) != 0;
      reason->uses = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (list, reason);
      rc = SQLITE_OK;
    }
  _wn_project_unlock (self);
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the exclusion reasons"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* The caller holds the lock inside a transaction. A reason that exists but
 * is retired is brought back. */
gboolean
_wn_screening_ensure_reason (WnProject   *self,
                             const char  *label,
                             gboolean     revive,
                             gboolean    *added,
                             GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autofree char *now = _wn_now_iso8601 ();
  int rc;

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "INSERT INTO reasons (label, created_at) VALUES (?1, ?2)"
                           " ON CONFLICT (label) DO UPDATE SET retired_at = CASE WHEN ?3 THEN NULL ELSE retired_at END",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, label, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, revive ? 1 : 0);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not save the exclusion reason"));
      return FALSE;
    }
  if (added != NULL)
    *added = sqlite3_changes64 (_wn_project_get_db (self)) > 0 &&
             sqlite3_last_insert_rowid (_wn_project_get_db (self)) > 0;
  return TRUE;
}

static gboolean
check_label (const char  *label,
             GError     **error)
{
  g_autofree char *stripped = label != NULL ? g_strstrip (g_strdup (label)) : NULL;

  if (stripped == NULL || *stripped == '\0' || !g_utf8_validate (label, -1, NULL))
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_REASON, _("an exclusion reason needs a name"));
      return FALSE;
    }
  return TRUE;
}

gboolean
wn_project_add_reason (WnProject   *self,
                       const char  *label,
                       GError     **error)
{
  g_autoptr(GString) detail = g_string_new ("{");

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  if (!check_label (label, error))
    return FALSE;
  wn_json_append_key (detail, "reason");
  wn_json_append_string (detail, label);
  g_string_append_c (detail, '}');

  if (!begin (self, error))
    return FALSE;
  if (!_wn_screening_ensure_reason (self, label, TRUE, NULL, error) ||
      !_wn_project_audit (self, "reason.add", detail->str, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

static gint64
reason_uses_locked (WnProject  *self,
                    const char *label)
{
  g_autoptr(WnStmt) stmt = NULL;

  if (sqlite3_prepare_v2 (_wn_project_get_db (self), "SELECT count (*) FROM decisions WHERE reason = ?", -1, &stmt,
                          NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text (stmt, 1, label, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
}

static gboolean
reason_exists_locked (WnProject   *self,
                      const char  *label,
                      gboolean     active_only,
                      GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;

  if (sqlite3_prepare_v2 (_wn_project_get_db (self),
                          "SELECT 1 FROM reasons WHERE label = ?1 AND (NOT ?2 OR retired_at IS NULL)", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, label, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, active_only ? 1 : 0);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        return TRUE;
    }
  g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_REASON,
               _("“%s” is not one of the project's exclusion reasons"), label);
  return FALSE;
}

gboolean
wn_project_remove_reason (WnProject   *self,
                          const char  *label,
                          GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GString) detail = g_string_new ("{");
  g_autofree char *now = _wn_now_iso8601 ();
  gint64 uses;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;
  if (!reason_exists_locked (self, label, FALSE, error))
    {
      rollback (self);
      return FALSE;
    }
  uses = reason_uses_locked (self, label);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           uses == 0 ? "DELETE FROM reasons WHERE label = ?1"
                                     : "UPDATE reasons SET retired_at = ?2 WHERE label = ?1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, label, -1, SQLITE_STATIC);
      if (uses != 0)
        sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not change the exclusion reasons"));
      rollback (self);
      return FALSE;
    }
  wn_json_append_key (detail, "reason");
  wn_json_append_string (detail, label);
  wn_json_append_key (detail, "decisions_using_it");
  wn_json_append_int (detail, uses);
  g_string_append_c (detail, '}');
  if (!_wn_project_audit (self, uses == 0 ? "reason.remove" : "reason.retire", detail->str, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

gboolean
wn_project_rename_reason (WnProject   *self,
                          const char  *label,
                          const char  *new_label,
                          GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GString) detail = g_string_new ("{");
  gint64 uses;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  if (!check_label (new_label, error))
    return FALSE;
  if (!begin (self, error))
    return FALSE;
  if (!reason_exists_locked (self, label, FALSE, error))
    {
      rollback (self);
      return FALSE;
    }
  uses = reason_uses_locked (self, label);
  if (uses != 0)
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_REASON,
                   ngettext ("“%s” cannot be renamed: %lld decision gives it. Add the new reason and remove this one "
                             "(it stays on those decisions).",
                             "“%s” cannot be renamed: %lld decisions give it. Add the new reason and remove this one "
                             "(it stays on those decisions).",
                             uses),
                   label, (long long) uses);
      rollback (self);
      return FALSE;
    }
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "UPDATE reasons SET label = ?2 WHERE label = ?1", -1, &stmt,
                           NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, label, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, new_label, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      if (rc == SQLITE_CONSTRAINT)
        g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_REASON,
                     _("there is already an exclusion reason “%s”"), new_label);
      else
        _wn_project_sql_error (self, error, rc, _("could not change the exclusion reasons"));
      rollback (self);
      return FALSE;
    }
  wn_json_append_key (detail, "reason");
  wn_json_append_string (detail, label);
  wn_json_append_key (detail, "new");
  wn_json_append_string (detail, new_label);
  g_string_append_c (detail, '}');
  if (!_wn_project_audit (self, "reason.rename", detail->str, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

/* ------------------------------------------------------------------------ */
/* Tallies: where each record stands                                          */

void
_wn_tally_add (WnTally    *tally,
               const char *kind,
               WnVerdict   verdict,
               const char *made_at,
               gboolean    mine)
{
  if (g_strcmp0 (kind, "adjudication") == 0)
    {
      /* The latest adjudication wins, whoever made it. */
      if (verdict != WN_VERDICT_NONE &&
          (tally->adjudication_at[0] == '\0' || g_strcmp0 (made_at, tally->adjudication_at) > 0))
        {
          tally->adjudication = verdict;
          g_strlcpy (tally->adjudication_at, made_at, sizeof tally->adjudication_at);
        }
      return;
    }
  if (mine)
    tally->mine = verdict;
  switch (verdict)
    {
    case WN_VERDICT_INCLUDE: tally->include++; break;
    case WN_VERDICT_EXCLUDE: tally->exclude++; break;
    case WN_VERDICT_MAYBE: tally->maybe++; break;
    case WN_VERDICT_NONE:
    default: return;
    }
  tally->votes++;
}

WnOutcome
_wn_tally_outcome (const WnTally      *tally,
                   const WnStageRules *rules,
                   gboolean           *adjudicated)
{
  guint include;

  *adjudicated = FALSE;
  if (tally == NULL)
    return WN_OUTCOME_UNSCREENED;
  if (tally->adjudication == WN_VERDICT_INCLUDE || tally->adjudication == WN_VERDICT_EXCLUDE)
    {
      *adjudicated = TRUE;
      return tally->adjudication == WN_VERDICT_INCLUDE ? WN_OUTCOME_INCLUDED : WN_OUTCOME_EXCLUDED;
    }
  if (tally->votes == 0)
    return WN_OUTCOME_UNSCREENED;
  if (tally->votes < rules->reviewers_required)
    return WN_OUTCOME_PARTIAL;
  include = tally->include + (rules->maybe_policy == WN_MAYBE_POLICY_INCLUDE ? tally->maybe : 0);
  if (include == tally->votes)
    return WN_OUTCOME_INCLUDED;
  if (tally->exclude == tally->votes)
    return WN_OUTCOME_EXCLUDED;
  return WN_OUTCOME_CONFLICT;
}

/* Reads every decision in force at the stage into record id → WnTally. The
 * caller holds the lock. */
GHashTable *
_wn_screening_tally_locked (WnProject   *self,
                            WnStage      stage,
                            const char  *reviewer,
                            GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GHashTable) tallies = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  int rc;

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT record_id, kind, verdict, made_at, reviewer = ?2 FROM decisions_in_force"
                           " WHERE stage = ?1 AND record_id IS NOT NULL",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, stage_names[stage], -1, SQLITE_STATIC);
      if (reviewer != NULL)
        sqlite3_bind_text (stmt, 2, reviewer, -1, SQLITE_STATIC);
    }
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      WnTally *tally = g_hash_table_lookup (tallies, &id);
      WnVerdict verdict = WN_VERDICT_NONE;

      if (tally == NULL)
        {
          tally = g_new0 (WnTally, 1);
          tally->record_id = id;
          g_hash_table_insert (tallies, &tally->record_id, tally);
        }
      wn_verdict_from_string ((const char *) sqlite3_column_text (stmt, 2), &verdict);
      _wn_tally_add (tally, (const char *) sqlite3_column_text (stmt, 1), verdict,
                     (const char *) sqlite3_column_text (stmt, 3), sqlite3_column_int (stmt, 4) != 0);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the decisions"));
      return NULL;
    }
  return g_steal_pointer (&tallies);
}

/* Screened at all: not a duplicate, not removed before screening. The
 * record, its uid parts, whether it is of the databases' and registers'
 * arm and whether its full text is "not retrieved". */
static const char scope_sql[] =
  "SELECT r.id, s.record_prefix, r.id - s.first_record_id + 1,"
  "  s.method IN ('database', 'register'),"
  "  coalesce ((SELECT t.status FROM retrieval t WHERE t.record_id = r.id"
  "   ORDER BY t.id DESC LIMIT 1), '') = 'not_retrieved'"
  " FROM records r JOIN searches s ON s.id = r.search_id"
  " WHERE r.duplicate_of IS NULL AND s.record_prefix IS NOT NULL"
  "  AND NOT EXISTS (SELECT 1 FROM removed_records x"
  "   WHERE x.record_id = r.id AND x.undone_at IS NULL)"
  " ORDER BY r.id";

void
_wn_scope_stages (const WnScope      *scope,
                  GHashTable         *ta_tallies,
                  const WnStageRules *ta_rules,
                  gboolean           *in_ta,
                  gboolean           *in_ft)
{
  gboolean adjudicated;

  *in_ta = scope->dbr;
  /* Full text: the databases' and registers' arm once it passed
   * title/abstract; the other methods' arm directly (PRISMA 2020 has
   * no title/abstract screening there); never a report not retrieved. */
  *in_ft = ta_tallies != NULL && !scope->not_retrieved
           && (!scope->dbr || _wn_tally_outcome (g_hash_table_lookup (ta_tallies, &scope->record_id), ta_rules,
                                                 &adjudicated) == WN_OUTCOME_INCLUDED);
}

GArray *
_wn_screening_scope_locked (WnProject  *self,
                            GError    **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GArray) scopes = g_array_new (FALSE, FALSE, sizeof (WnScope));
  int rc;

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), scope_sql, -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WnScope scope = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int (stmt, 3) != 0,
                        sqlite3_column_int (stmt, 4) != 0 };

      g_array_append_val (scopes, scope);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the records"));
      return NULL;
    }
  return g_steal_pointer (&scopes);
}

/* The records screened at a stage, ascending. PRISMA 2020's two arms:
 * title/abstract screens the unique records (not a duplicate of another)
 * of the database and register searches that were not removed before
 * screening (automatic limits or other reasons, not undone). Full text
 * assesses those included at title/abstract and, since the other methods'
 * arm has no title/abstract screening, the unique records of the other
 * methods' searches (websites, organisations, citations, other) that were
 * not removed; at full text, reports whose retrieval status in force is
 * "not retrieved" are left out. Also gives each record's uid parts when
 * asked. The caller holds the lock. */
gboolean
_wn_screening_eligible_both_locked (WnProject   *self,
                                    GHashTable  *ta_tallies,
                                    GArray     **ta_ids,
                                    GArray     **ft_ids,
                                    GPtrArray  **prefixes,
                                    GArray     **ordinals,
                                    GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GHashTable) own_tallies = NULL;
  WnStageRules rules;
  int rc;

  if (ft_ids != NULL && ta_tallies == NULL)
    {
      ta_tallies = own_tallies = _wn_screening_tally_locked (self, WN_STAGE_TA, NULL, error);
      if (ta_tallies == NULL)
        return FALSE;
    }
  get_rules_locked (self, WN_STAGE_TA, &rules);
  if (ta_ids != NULL)
    *ta_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (ft_ids != NULL)
    *ft_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (prefixes != NULL)
    *prefixes = g_ptr_array_new_with_free_func (g_free);
  if (ordinals != NULL)
    *ordinals = g_array_new (FALSE, FALSE, sizeof (gint64));

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), scope_sql, -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WnScope scope = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int (stmt, 3) != 0,
                        sqlite3_column_int (stmt, 4) != 0 };
      gint64 id = scope.record_id;
      gboolean in_ta;
      gboolean in_ft;
      gboolean wanted;

      rc = SQLITE_OK;
      _wn_scope_stages (&scope, ft_ids != NULL ? ta_tallies : NULL, &rules, &in_ta, &in_ft);
      if (ta_ids != NULL && in_ta)
        g_array_append_val (*ta_ids, id);
      if (ft_ids != NULL && in_ft)
        g_array_append_val (*ft_ids, id);
      /* prefixes and ordinals follow the one stage asked for */
      wanted = ft_ids != NULL ? in_ft : in_ta;
      if (wanted && prefixes != NULL)
        g_ptr_array_add (*prefixes, _wn_column_dup (stmt, 1));
      if (wanted && ordinals != NULL)
        {
          gint64 ordinal = sqlite3_column_int64 (stmt, 2);
          g_array_append_val (*ordinals, ordinal);
        }
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the records"));
      if (ta_ids != NULL)
        g_clear_pointer (ta_ids, g_array_unref);
      if (ft_ids != NULL)
        g_clear_pointer (ft_ids, g_array_unref);
      if (prefixes != NULL)
        g_clear_pointer (prefixes, g_ptr_array_unref);
      if (ordinals != NULL)
        g_clear_pointer (ordinals, g_array_unref);
      return FALSE;
    }
  return TRUE;
}

GArray *
_wn_screening_eligible_locked (WnProject   *self,
                               WnStage      stage,
                               GPtrArray  **prefixes,
                               GArray     **ordinals,
                               GError     **error)
{
  GArray *ids = NULL;

  if (!_wn_screening_eligible_both_locked (self, NULL, stage == WN_STAGE_TA ? &ids : NULL,
                                           stage == WN_STAGE_FT ? &ids : NULL, prefixes, ordinals, error))
    return NULL;
  return ids;
}

/* What, beside being a duplicate or not passing title/abstract, keeps a
 * record out of a stage (see _wn_screening_eligible_locked): removed
 * before screening, found by other methods (no title/abstract screening),
 * full text not retrieved. Sets *dbr when the record is of the databases'
 * and registers' arm. The caller holds the lock. */
static gboolean
record_in_stage_scope_locked (WnProject   *self,
                              WnStage      stage,
                              gint64       record_id,
                              gboolean    *dbr,
                              GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT s.method IN ('database', 'register'), s.method,"
                           "  (SELECT x.kind FROM removed_records x WHERE x.record_id = r.id AND x.undone_at IS NULL),"
                           "  (SELECT t.status FROM retrieval t WHERE t.record_id = r.id ORDER BY t.id DESC LIMIT 1)"
                           " FROM records r JOIN searches s ON s.id = r.search_id WHERE r.id = ?",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_RECORD, _("there is no record %lld"),
                     (long long) record_id);
      else
        _wn_project_sql_error (self, error, rc, _("could not read the record"));
      return FALSE;
    }
  *dbr = sqlite3_column_int (stmt, 0) != 0;
  if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_RECORD,
                   g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "automatic") == 0
                   ? _("record %lld was marked ineligible by the automatic limits, so it is not screened")
                   : _("record %lld was removed before screening, so it is not screened"),
                   (long long) record_id);
      return FALSE;
    }
  if (stage == WN_STAGE_TA && !*dbr)
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_RECORD,
                   _("record %lld was found by other methods (%s): PRISMA 2020 has no title/abstract screening for "
                     "them, they go straight to full text"),
                   (long long) record_id, (const char *) sqlite3_column_text (stmt, 1));
      return FALSE;
    }
  if (stage == WN_STAGE_FT && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "not_retrieved") == 0)
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_RECORD,
                   _("the full text of record %lld was not retrieved, so it is not assessed"), (long long) record_id);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Deciding                                                                   */

/* The uid of a record, and whether it is screened at the stage; the
 * caller holds the lock. */
char *
_wn_screening_record_uid_locked (WnProject   *self,
                                 gint64       record_id,
                                 gint64      *duplicate_of,
                                 GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT s.record_prefix || ':' || (r.id - s.first_record_id + 1), r.duplicate_of"
                           " FROM records r JOIN searches s ON s.id = r.search_id WHERE r.id = ?",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      if (duplicate_of != NULL)
        *duplicate_of = sqlite3_column_int64 (stmt, 1);
      return _wn_column_dup (stmt, 0);
    }
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_RECORD, _("there is no record %lld"),
                 (long long) record_id);
  else
    _wn_project_sql_error (self, error, rc, _("could not read the record"));
  return NULL;
}

/* A tally for one record at one stage; the caller holds the lock. */
static gboolean
tally_one_locked (WnProject   *self,
                  WnStage      stage,
                  gint64       record_id,
                  const char  *reviewer,
                  WnTally     *tally,
                  GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  int rc;

  memset (tally, 0, sizeof *tally);
  tally->record_id = record_id;
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT kind, verdict, made_at, reviewer = ?3 FROM decisions_in_force"
                           " WHERE stage = ?1 AND record_id = ?2",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, stage_names[stage], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, record_id);
      if (reviewer != NULL)
        sqlite3_bind_text (stmt, 3, reviewer, -1, SQLITE_STATIC);
    }
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WnVerdict verdict = WN_VERDICT_NONE;

      wn_verdict_from_string ((const char *) sqlite3_column_text (stmt, 1), &verdict);
      _wn_tally_add (tally, (const char *) sqlite3_column_text (stmt, 0), verdict,
                     (const char *) sqlite3_column_text (stmt, 2), sqlite3_column_int (stmt, 3) != 0);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the decisions"));
      return FALSE;
    }
  return TRUE;
}

/* Whether the record is screened at the stage; the caller holds the lock. */
static char *
check_record_locked (WnProject   *self,
                     WnStage      stage,
                     gint64       record_id,
                     GError     **error)
{
  g_autofree char *uid = NULL;
  gint64 duplicate_of = 0;
  gboolean dbr = TRUE;

  uid = _wn_screening_record_uid_locked (self, record_id, &duplicate_of, error);
  if (uid == NULL)
    return NULL;
  if (duplicate_of != 0)
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_RECORD,
                   _("record %lld is a duplicate of record %lld, which is screened instead"), (long long) record_id,
                   (long long) duplicate_of);
      return NULL;
    }
  if (!record_in_stage_scope_locked (self, stage, record_id, &dbr, error))
    return NULL;
  if (stage == WN_STAGE_FT && dbr)
    {
      WnTally tally;
      WnStageRules rules;
      gboolean adjudicated;

      get_rules_locked (self, WN_STAGE_TA, &rules);
      if (!tally_one_locked (self, WN_STAGE_TA, record_id, NULL, &tally, error))
        return NULL;
      if (_wn_tally_outcome (&tally, &rules, &adjudicated) != WN_OUTCOME_INCLUDED)
        {
          g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_RECORD,
                       _("record %lld has not passed title/abstract screening, so it is not screened at full text"),
                       (long long) record_id);
          return NULL;
        }
    }
  return g_steal_pointer (&uid);
}

/* The time of a new event: now, but always after the person's latest event
 * on the same record, so that an undo made in the same microsecond still
 * comes last. */
static char *
event_time_locked (WnProject  *self,
                   const char *record_uid,
                   WnStage     stage,
                   const char *reviewer)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) latest = NULL;

  if (sqlite3_prepare_v2 (_wn_project_get_db (self),
                          "SELECT max (made_at) FROM decisions_in_force WHERE record_uid = ? AND stage = ? AND reviewer = ?",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, record_uid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, stage_names[stage], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, reviewer, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        latest = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (stmt, 0), NULL);
    }
  if (latest != NULL && g_date_time_compare (now, latest) <= 0)
    {
      GDateTime *later = g_date_time_add (latest, 1);

      g_date_time_unref (now);
      now = later;
    }
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/* Inserts one event; the caller holds the lock inside a transaction. */
gboolean
_wn_screening_insert_event_locked (WnProject        *self,
                                   const char       *table,
                                   const WnDecision *event,
                                   const char       *merged_at,
                                   sqlite3_stmt    **cache,
                                   gboolean         *inserted,
                                   GError          **error)
{
  g_autoptr(WnStmt) own = NULL;
  sqlite3_stmt *stmt;
  g_autofree char *labels = NULL;
  int rc = SQLITE_OK;

  if (event->labels != NULL && event->labels[0] != NULL)
    labels = g_strjoinv ("\n", event->labels);

  /* A merge inserts thousands of events: it passes a cache so that the
   * statement (and its trigger) is compiled once. */
  stmt = cache != NULL ? *cache : NULL;
  if (stmt == NULL)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT OR IGNORE INTO %s (uid, record_uid, record_id, reviewer, stage,"
                                              "  kind, verdict, reason, note, labels, criteria_version, made_at,"
                                              "  merged_at, reverts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                              table);

      rc = sqlite3_prepare_v3 (_wn_project_get_db (self), sql, -1, cache != NULL ? SQLITE_PREPARE_PERSISTENT : 0,
                               &stmt, NULL);
      if (cache != NULL)
        *cache = stmt;
      else
        own = stmt;
    }
  else
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, event->uid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, event->record_uid, -1, SQLITE_STATIC);
      if (event->record_id > 0)
        sqlite3_bind_int64 (stmt, 3, event->record_id);
      else
        sqlite3_bind_null (stmt, 3);
      sqlite3_bind_text (stmt, 4, event->reviewer, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, stage_names[event->stage], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, event->adjudication ? "adjudication" : "vote", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, verdict_names[event->verdict], -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 8, event->reason);
      bind_text_or_null (stmt, 9, event->note);
      bind_text_or_null (stmt, 10, labels);
      sqlite3_bind_int (stmt, 11, event->criteria_version);
      sqlite3_bind_text (stmt, 12, event->made_at, -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 13, merged_at);
      bind_text_or_null (stmt, 14, event->reverts);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not save the decision"));
      return FALSE;
    }
  if (inserted != NULL)
    *inserted = sqlite3_changes64 (_wn_project_get_db (self)) > 0;
  return TRUE;
}

static gboolean
audit_event (WnProject         *self,
             const WnDecision  *event,
             GError           **error)
{
  g_autoptr(GString) detail = g_string_new ("{");

  wn_json_append_key (detail, "event");
  wn_json_append_string (detail, event->uid);
  wn_json_append_key (detail, "reviewer");
  wn_json_append_string (detail, event->reviewer);
  wn_json_append_key (detail, "stage");
  wn_json_append_string (detail, stage_names[event->stage]);
  wn_json_append_key (detail, "record");
  wn_json_append_int (detail, event->record_id);
  wn_json_append_key (detail, "verdict");
  wn_json_append_string (detail, verdict_names[event->verdict]);
  if (event->reason != NULL)
    {
      wn_json_append_key (detail, "reason");
      wn_json_append_string (detail, event->reason);
    }
  g_string_append_c (detail, '}');
  return _wn_project_audit (self, event->adjudication ? "decision.adjudicate" : "decision.vote", detail->str, error);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static WnDecision *
record_event (WnProject           *self,
              const char          *reviewer,
              WnStage              stage,
              gint64               record_id,
              gboolean             adjudication,
              WnVerdict            verdict,
              const char          *reason,
              const char          *note,
              const char * const  *labels,
              const char          *reverts,
              GError             **error)
{
  g_autoptr(WnDecision) event = NULL;
  g_autofree char *record_uid = NULL;

  if (verdict == WN_VERDICT_MAYBE && (stage == WN_STAGE_FT || adjudication))
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_VERDICT,
                   adjudication ? _("an adjudication is include or exclude")
                                : _("“maybe” is for title/abstract screening; at full text decide include or exclude"));
      return NULL;
    }
  if (is_blank (reason))
    reason = NULL;
  if (is_blank (note))
    note = NULL;
  if (verdict == WN_VERDICT_EXCLUDE && stage == WN_STAGE_FT && reason == NULL)
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_REASON,
                   _("an exclusion at full text needs a reason from the project's list"));
      return NULL;
    }
  if (reason != NULL && verdict != WN_VERDICT_EXCLUDE)
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_REASON,
                   _("an exclusion reason goes with an exclude decision"));
      return NULL;
    }

  if (!begin (self, error))
    return NULL;
  {
    g_autoptr(WnReviewer) person = get_reviewer_locked (self, reviewer, error);

    if (person == NULL)
      goto fail;
    if (adjudication && g_strcmp0 (person->role, "adjudicator") != 0 && g_strcmp0 (person->role, "lead") != 0)
      {
        g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_ROLE,
                     _("%s is a %s: only an adjudicator or the lead can adjudicate"), reviewer, person->role);
        goto fail;
      }
  }
  if (reason != NULL && !reason_exists_locked (self, reason, TRUE, error))
    goto fail;
  record_uid = check_record_locked (self, stage, record_id, error);
  if (record_uid == NULL)
    goto fail;
  if (adjudication)
    {
      WnTally tally;
      WnStageRules rules;
      gboolean adjudicated;
      WnOutcome outcome;

      get_rules_locked (self, stage, &rules);
      if (!tally_one_locked (self, stage, record_id, NULL, &tally, error))
        goto fail;
      outcome = _wn_tally_outcome (&tally, &rules, &adjudicated);
      if (outcome != WN_OUTCOME_CONFLICT && !adjudicated)
        {
          g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_NOT_CONFLICT,
                       _("record %lld is not in conflict at this stage (it is %s)"), (long long) record_id,
                       wn_outcome_to_string (outcome));
          goto fail;
        }
    }

  event = g_new0 (WnDecision, 1);
  event->uid = g_uuid_string_random ();
  event->record_uid = g_steal_pointer (&record_uid);
  event->record_id = record_id;
  event->reviewer = g_strdup (reviewer);
  event->stage = stage;
  event->adjudication = adjudication;
  event->verdict = verdict;
  event->reason = g_strdup (reason);
  event->note = g_strdup (note);
  event->labels = labels != NULL && labels[0] != NULL ? g_strdupv ((char **) labels) : NULL;
  event->criteria_version = current_criteria_version_locked (self);
  event->made_at = event_time_locked (self, event->record_uid, stage, reviewer);
  event->reverts = g_strdup (reverts);

  if (!_wn_screening_insert_event_locked (self, "decisions", event, NULL, NULL, NULL, error) || !audit_event (self, event, error))
    goto fail;
  if (!commit (self, error))
    return NULL;
  return g_steal_pointer (&event);

fail:
  rollback (self);
  return NULL;
}

WnDecision *
wn_project_decide (WnProject           *self,
                   const char          *reviewer,
                   WnStage              stage,
                   gint64               record_id,
                   WnVerdict            verdict,
                   const char          *reason,
                   const char          *note,
                   const char * const  *labels,
                   GError             **error)
{
  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);
  g_return_val_if_fail (reviewer != NULL, NULL);
  g_return_val_if_fail (stage < WN_N_STAGES, NULL);

  return record_event (self, reviewer, stage, record_id, FALSE, verdict, reason, note, labels, NULL, error);
}

WnDecision *
wn_project_adjudicate (WnProject   *self,
                       const char  *adjudicator,
                       WnStage      stage,
                       gint64       record_id,
                       WnVerdict    verdict,
                       const char  *reason,
                       const char  *note,
                       GError     **error)
{
  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);
  g_return_val_if_fail (adjudicator != NULL, NULL);
  g_return_val_if_fail (stage < WN_N_STAGES, NULL);

  if (verdict != WN_VERDICT_INCLUDE && verdict != WN_VERDICT_EXCLUDE)
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_VERDICT, _("an adjudication is include or exclude"));
      return NULL;
    }
  return record_event (self, adjudicator, stage, record_id, TRUE, verdict, reason, note, NULL, NULL, error);
}

static WnDecision *
decision_from_row (sqlite3_stmt *stmt)
{
  WnDecision *decision = g_new0 (WnDecision, 1);
  const char *labels;

  /* uid, record_uid, record_id, reviewer, stage, kind, verdict, reason,
   * note, labels, criteria_version, made_at */
  decision->uid = _wn_column_dup (stmt, 0);
  decision->record_uid = _wn_column_dup (stmt, 1);
  decision->record_id = sqlite3_column_int64 (stmt, 2);
  decision->reviewer = _wn_column_dup (stmt, 3);
  wn_stage_from_string ((const char *) sqlite3_column_text (stmt, 4), &decision->stage);
  decision->adjudication = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 5), "adjudication") == 0;
  wn_verdict_from_string ((const char *) sqlite3_column_text (stmt, 6), &decision->verdict);
  decision->reason = _wn_column_dup (stmt, 7);
  decision->note = _wn_column_dup (stmt, 8);
  labels = (const char *) sqlite3_column_text (stmt, 9);
  decision->labels = labels != NULL ? g_strsplit (labels, "\n", -1) : NULL;
  decision->criteria_version = sqlite3_column_int (stmt, 10);
  decision->made_at = _wn_column_dup (stmt, 11);
  decision->reverts = _wn_column_dup (stmt, 12);
  return decision;
}

#define DECISION_COLUMNS \
  "d.uid, d.record_uid, d.record_id, d.reviewer, d.stage, d.kind, d.verdict, d.reason, d.note, d.labels," \
  " d.criteria_version, d.made_at, d.reverts"

GPtrArray *
_wn_screening_query_decisions_locked (WnProject   *self,
                                      const char  *where,
                                      gint64       record_id,
                                      const char  *stage,
                                      const char  *reviewer,
                                      GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_decision_free);
  g_autofree char *sql = g_strdup_printf ("SELECT " DECISION_COLUMNS " FROM decisions d WHERE %s"
                                          " ORDER BY d.made_at, d.uid",
                                          where);
  int rc;

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      if (stage != NULL)
        sqlite3_bind_text (stmt, 2, stage, -1, SQLITE_STATIC);
      if (reviewer != NULL)
        sqlite3_bind_text (stmt, 3, reviewer, -1, SQLITE_STATIC);
    }
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (list, decision_from_row (stmt));
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the decisions"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

GPtrArray *
wn_project_list_decisions (WnProject   *self,
                           gint64       record_id,
                           WnStage      stage,
                           const char  *reviewer,
                           GError     **error)
{
  GPtrArray *list;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  list = _wn_screening_query_decisions_locked (self,
                                               "d.record_id = ?1 AND d.stage = ?2 AND (?3 IS NULL OR d.reviewer = ?3)",
                                               record_id, stage_names[stage], reviewer, error);
  _wn_project_unlock (self);
  return list;
}

/* The event in force for the person before their latest one. */
WnDecision *
wn_project_undo_decision (WnProject   *self,
                          const char  *reviewer,
                          WnStage      stage,
                          gint64       record_id,
                          GError     **error)
{
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GHashTable) reverted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) standing = g_ptr_array_new ();
  WnDecision *undone;
  WnDecision *back = NULL;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);
  g_return_val_if_fail (reviewer != NULL, NULL);

  history = wn_project_list_decisions (self, record_id, stage, reviewer, error);
  if (history == NULL)
    return NULL;
  /* The votes still standing: not an undo, not taken back by one. */
  for (guint i = 0; i < history->len; i++)
    {
      WnDecision *event = history->pdata[i];

      if (event->reverts != NULL)
        g_hash_table_add (reverted, event->reverts);
    }
  for (guint i = 0; i < history->len; i++)
    {
      WnDecision *event = history->pdata[i];

      if (!event->adjudication && event->reverts == NULL && !g_hash_table_contains (reverted, event->uid))
        g_ptr_array_add (standing, event);
    }
  if (standing->len == 0)
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_RECORD,
                   _("%s has no decision on record %lld to undo"), reviewer, (long long) record_id);
      return NULL;
    }
  undone = standing->pdata[standing->len - 1];
  if (standing->len > 1)
    back = standing->pdata[standing->len - 2];
  return record_event (self, reviewer, stage, record_id, FALSE,
                       back != NULL ? back->verdict : WN_VERDICT_NONE,
                       back != NULL ? back->reason : NULL,
                       back != NULL ? back->note : NULL,
                       back != NULL ? (const char * const *) back->labels : NULL,
                       undone->uid, error);
}

/* ------------------------------------------------------------------------ */
/* Where records stand                                                        */

typedef struct
{
  guint64 key;
  gint64  id;
} ShuffleEntry;

static int
compare_shuffle (gconstpointer a,
                 gconstpointer b)
{
  const ShuffleEntry *x = a;
  const ShuffleEntry *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* The uids of a round's records; the caller holds the lock. */
static GHashTable *
round_uids_locked (WnProject   *self,
                   WnStage      stage,
                   int          round,
                   GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GHashTable) uids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean found = FALSE;
  int rc;

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT rr.record_uid FROM rounds r LEFT JOIN round_records rr ON rr.round_id = r.id"
                           " WHERE r.stage = ? AND r.number = ?",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, stage_names[stage], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, round);
    }
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      found = TRUE;
      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        g_hash_table_add (uids, _wn_column_dup (stmt, 0));
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the calibration rounds"));
      return NULL;
    }
  if (!found)
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_INVALID,
                   _("there is no calibration round %d at this stage"), round);
      return NULL;
    }
  return g_steal_pointer (&uids);
}

GArray *
wn_project_screening_queue (WnProject     *self,
                            WnStage        stage,
                            const char    *reviewer,
                            WnQueueOrder   order,
                            guint64        seed,
                            int            round,
                            GError       **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) prefixes = NULL;
  g_autoptr(GArray) ordinals = NULL;
  g_autoptr(GHashTable) tallies = NULL;
  g_autoptr(GHashTable) in_round = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (ShuffleEntry));
  GArray *queue;
  WnStageRules rules;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);
  g_return_val_if_fail (stage < WN_N_STAGES, NULL);

  _wn_project_lock (self);
  get_rules_locked (self, stage, &rules);
  ids = _wn_screening_eligible_locked (self, stage, &prefixes, &ordinals, error);
  if (ids != NULL)
    tallies = _wn_screening_tally_locked (self, stage, reviewer, error);
  if (tallies != NULL && round > 0)
    in_round = round_uids_locked (self, stage, round, error);
  _wn_project_unlock (self);
  if (tallies == NULL || (round > 0 && in_round == NULL))
    return NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      const char *prefix = prefixes->pdata[i];
      gint64 ordinal = g_array_index (ordinals, gint64, i);
      ShuffleEntry entry = { 0, g_array_index (ids, gint64, i) };

      if (in_round != NULL)
        {
          g_autofree char *uid = g_strdup_printf ("%s:%" G_GINT64_FORMAT, prefix, ordinal);

          if (!g_hash_table_contains (in_round, uid))
            continue;
        }
      if (order == WN_QUEUE_ORDER_RANDOM)
        entry.key = _wn_screening_shuffle_key (seed, prefix, ordinal);
      g_array_append_val (entries, entry);
    }
  if (order == WN_QUEUE_ORDER_RANDOM)
    g_array_sort (entries, compare_shuffle);

  queue = g_array_sized_new (FALSE, TRUE, sizeof (WnScreeningState), entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      gint64 id = g_array_index (entries, ShuffleEntry, i).id;
      WnTally *tally = g_hash_table_lookup (tallies, &id);
      WnScreeningState state = { 0 };

      state.record_id = id;
      state.outcome = _wn_tally_outcome (tally, &rules, &state.adjudicated);
      state.mine = tally != NULL && reviewer != NULL ? tally->mine : WN_VERDICT_NONE;
      state.votes = tally != NULL ? tally->votes : 0;
      g_array_append_val (queue, state);
    }
  return queue;
}

gboolean
wn_project_get_screening_state (WnProject         *self,
                                WnStage            stage,
                                gint64             record_id,
                                const char        *reviewer,
                                WnScreeningState  *state,
                                GError           **error)
{
  WnTally tally;
  WnStageRules rules;
  gboolean ok;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  _wn_project_lock (self);
  get_rules_locked (self, stage, &rules);
  ok = tally_one_locked (self, stage, record_id, reviewer, &tally, error);
  _wn_project_unlock (self);
  if (!ok)
    return FALSE;
  memset (state, 0, sizeof *state);
  state->record_id = record_id;
  state->outcome = _wn_tally_outcome (&tally, &rules, &state->adjudicated);
  state->mine = reviewer != NULL ? tally.mine : WN_VERDICT_NONE;
  state->votes = tally.votes;
  return TRUE;
}

gboolean
wn_project_get_stage_counts (WnProject      *self,
                             WnStage         stage,
                             WnStageCounts  *counts,
                             GError        **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GHashTable) tallies = NULL;
  g_autoptr(WnStmt) stmt = NULL;
  WnStageRules rules;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);
  _wn_project_lock (self);
  get_rules_locked (self, stage, &rules);
  ids = _wn_screening_eligible_locked (self, stage, NULL, NULL, error);
  if (ids != NULL)
    tallies = _wn_screening_tally_locked (self, stage, NULL, error);
  if (tallies != NULL)
    {
      rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                               "SELECT count (*) FILTER (WHERE record_id IS NOT NULL AND verdict != 'none'),"
                               "  count (*) FILTER (WHERE record_id IS NULL)"
                               " FROM decisions_in_force WHERE stage = ?",
                               -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, stage_names[stage], -1, SQLITE_STATIC);
          rc = sqlite3_step (stmt);
        }
      if (rc == SQLITE_ROW)
        {
          counts->decisions = sqlite3_column_int64 (stmt, 0);
          counts->pending = sqlite3_column_int64 (stmt, 1);
        }
      else
        {
          _wn_project_sql_error (self, error, rc, _("could not count the decisions"));
          g_clear_pointer (&tallies, g_hash_table_unref);
        }
    }
  _wn_project_unlock (self);
  if (tallies == NULL)
    return FALSE;

  counts->eligible = ids->len;
  for (guint i = 0; i < ids->len; i++)
    {
      gboolean adjudicated;

      switch (_wn_tally_outcome (g_hash_table_lookup (tallies, &g_array_index (ids, gint64, i)), &rules,
                                 &adjudicated))
        {
        case WN_OUTCOME_INCLUDED: counts->included++; counts->screened++; break;
        case WN_OUTCOME_EXCLUDED: counts->excluded++; counts->screened++; break;
        case WN_OUTCOME_CONFLICT: counts->conflicts++; counts->screened++; break;
        case WN_OUTCOME_UNSCREENED:
        case WN_OUTCOME_PARTIAL:
        default: break;
        }
    }
  return TRUE;
}

GPtrArray *
wn_project_list_conflicts (WnProject  *self,
                           WnStage     stage,
                           GError    **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GHashTable) tallies = NULL;
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_conflict_free);
  WnStageRules rules;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  get_rules_locked (self, stage, &rules);
  ids = _wn_screening_eligible_locked (self, stage, NULL, NULL, error);
  if (ids != NULL)
    tallies = _wn_screening_tally_locked (self, stage, NULL, error);
  if (tallies == NULL)
    {
      _wn_project_unlock (self);
      return NULL;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      gboolean adjudicated;
      WnConflict *conflict;
      GPtrArray *votes;

      if (_wn_tally_outcome (g_hash_table_lookup (tallies, &id), &rules, &adjudicated) != WN_OUTCOME_CONFLICT)
        continue;
      votes = _wn_screening_query_decisions_locked (self,
                                                    "d.record_id = ?1 AND d.stage = ?2 AND d.kind = 'vote'"
                                                    " AND d.uid IN (SELECT event_uid FROM decisions_in_force f"
                                                    "  WHERE f.record_id = ?1 AND f.stage = ?2 AND f.verdict != 'none')",
                                                    id, stage_names[stage], NULL, error);
      if (votes == NULL)
        {
          _wn_project_unlock (self);
          return NULL;
        }
      conflict = g_new0 (WnConflict, 1);
      conflict->record_id = id;
      conflict->votes = votes;
      g_ptr_array_add (conflicts, conflict);
    }
  _wn_project_unlock (self);
  return g_steal_pointer (&conflicts);
}

/* ------------------------------------------------------------------------ */
/* Calibration rounds                                                         */

WnRound *
wn_project_create_round (WnProject   *self,
                         const char  *lead,
                         WnStage      stage,
                         gint64       size,
                         double       percent,
                         guint64      seed,
                         GError     **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) prefixes = NULL;
  g_autoptr(GArray) ordinals = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (ShuffleEntry));
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) uid_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(WnRound) round = NULL;
  g_autoptr(GString) detail = g_string_new ("{");
  gint64 round_id;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);
  g_return_val_if_fail (lead != NULL, NULL);

  if (size < 0 || (size == 0 && !(percent > 0.0 && percent <= 100.0)))
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_INVALID,
                   _("a calibration round needs a number of records or a percentage between 0 and 100"));
      return NULL;
    }
  if (!begin (self, error))
    return NULL;
  if (!require_role (self, lead, FALSE, _("draw a calibration round"), error))
    goto fail;
  ids = _wn_screening_eligible_locked (self, stage, &prefixes, &ordinals, error);
  if (ids == NULL)
    goto fail;

  /* Records already in a round of this stage are not drawn again. */
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT rr.record_uid FROM round_records rr JOIN rounds r ON r.id = rr.round_id WHERE r.stage = ?",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    sqlite3_bind_text (stmt, 1, stage_names[stage], -1, SQLITE_STATIC);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_hash_table_add (used, _wn_column_dup (stmt, 0));
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the calibration rounds"));
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 ordinal = g_array_index (ordinals, gint64, i);
      char *uid = g_strdup_printf ("%s:%" G_GINT64_FORMAT, (const char *) prefixes->pdata[i], ordinal);
      ShuffleEntry entry = { _wn_screening_shuffle_key (seed, prefixes->pdata[i], ordinal),
                             g_array_index (ids, gint64, i) };

      if (g_hash_table_contains (used, uid))
        {
          g_free (uid);
          continue;
        }
      g_hash_table_insert (uid_of, g_memdup2 (&entry.id, sizeof entry.id), uid);
      g_array_append_val (entries, entry);
    }
  if (size == 0)
    size = MAX (1, (gint64) ceil (entries->len * percent / 100.0));
  if (entries->len == 0 || size > (gint64) entries->len)
    {
      g_set_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_INVALID,
                   _("cannot draw %lld records: %u records at this stage are in no calibration round yet"),
                   (long long) size, entries->len);
      goto fail;
    }
  g_array_sort (entries, compare_shuffle);

  round = g_new0 (WnRound, 1);
  round->stage = stage;
  round->seed = seed;
  round->size = size;
  round->created_at = _wn_now_iso8601 ();
  round->created_by = g_strdup (lead);
  round->criteria_version = current_criteria_version_locked (self);
  round->number = (int) _wn_project_query_int (self, stage == WN_STAGE_TA
                                                       ? "SELECT count (*) + 1 FROM rounds WHERE stage = 'ta'"
                                                       : "SELECT count (*) + 1 FROM rounds WHERE stage = 'ft'",
                                               NULL);

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "INSERT INTO rounds (stage, number, seed, size, criteria_version, created_at, created_by)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, stage_names[stage], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, round->number);
      sqlite3_bind_int64 (stmt, 3, (gint64) seed);
      sqlite3_bind_int64 (stmt, 4, size);
      sqlite3_bind_int (stmt, 5, round->criteria_version);
      sqlite3_bind_text (stmt, 6, round->created_at, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, lead, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not save the calibration round"));
      goto fail;
    }
  round_id = sqlite3_last_insert_rowid (_wn_project_get_db (self));
  g_clear_pointer (&stmt, sqlite3_finalize);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "INSERT INTO round_records (round_id, record_uid) VALUES (?, ?)", -1, &stmt, NULL);
  for (gint64 i = 0; rc == SQLITE_OK && i < size; i++)
    {
      gint64 id = g_array_index (entries, ShuffleEntry, i).id;

      sqlite3_bind_int64 (stmt, 1, round_id);
      sqlite3_bind_text (stmt, 2, g_hash_table_lookup (uid_of, &id), -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
  if (rc != SQLITE_OK)
    {
      _wn_project_sql_error (self, error, rc, _("could not save the calibration round"));
      goto fail;
    }

  wn_json_append_key (detail, "stage");
  wn_json_append_string (detail, stage_names[stage]);
  wn_json_append_key (detail, "round");
  wn_json_append_int (detail, round->number);
  wn_json_append_key (detail, "size");
  wn_json_append_int (detail, size);
  wn_json_append_key (detail, "seed");
  wn_json_append_int (detail, (gint64) seed);
  g_string_append_c (detail, '}');
  if (!_wn_project_audit (self, "screening.round", detail->str, error))
    goto fail;
  if (!commit (self, error))
    return NULL;
  return g_steal_pointer (&round);

fail:
  rollback (self);
  return NULL;
}

GPtrArray *
wn_project_list_rounds (WnProject  *self,
                        WnStage     stage,
                        GError    **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_round_free);
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT number, seed, size, criteria_version, created_at, created_by FROM rounds"
                           " WHERE stage = ? ORDER BY number",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    sqlite3_bind_text (stmt, 1, stage_names[stage], -1, SQLITE_STATIC);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WnRound *round = g_new0 (WnRound, 1);

      round->stage = stage;
      round->number = sqlite3_column_int (stmt, 0);
      round->seed = (guint64) sqlite3_column_int64 (stmt, 1);
      round->size = sqlite3_column_int64 (stmt, 2);
      round->criteria_version = sqlite3_column_int (stmt, 3);
      round->created_at = _wn_column_dup (stmt, 4);
      round->created_by = _wn_column_dup (stmt, 5);
      g_ptr_array_add (list, round);
      rc = SQLITE_OK;
    }
  _wn_project_unlock (self);
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the calibration rounds"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

GArray *
wn_project_round_records (WnProject  *self,
                          WnStage     stage,
                          int         round,
                          GError    **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) uids = NULL;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  uids = round_uids_locked (self, stage, round, error);
  if (uids == NULL)
    {
      _wn_project_unlock (self);
      return NULL;
    }
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT r.id, s.record_prefix || ':' || (r.id - s.first_record_id + 1)"
                           " FROM round_records rr JOIN rounds ro ON ro.id = rr.round_id"
                           " JOIN searches s ON s.record_prefix = substr (rr.record_uid, 1, instr (rr.record_uid, ':') - 1)"
                           " JOIN records r ON r.id = s.first_record_id + CAST (substr (rr.record_uid, instr (rr.record_uid, ':') + 1) AS INTEGER) - 1"
                           " WHERE ro.stage = ? AND ro.number = ?",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, stage_names[stage], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, round);
    }
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      rc = SQLITE_OK;
    }
  _wn_project_unlock (self);
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the calibration rounds"));
      return NULL;
    }
  g_array_sort (ids, compare_int64);
  return g_steal_pointer (&ids);
}

/* ------------------------------------------------------------------------ */
/* Agreement                                                                  */

GPtrArray *
wn_project_agreement (WnProject  *self,
                      WnStage     stage,
                      int         round,
                      GError    **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GHashTable) in_round = NULL;
  /* reviewer name → (record uid → verdict) */
  g_autoptr(GHashTable) votes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_pair_agreement_free);
  double threshold = wn_project_get_kappa_threshold (self);
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  if (round > 0)
    {
      in_round = round_uids_locked (self, stage, round, error);
      if (in_round == NULL)
        {
          _wn_project_unlock (self);
          return NULL;
        }
    }
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT f.reviewer, f.record_uid, f.verdict FROM decisions_in_force f"
                           " JOIN reviewers p ON p.name = f.reviewer"
                           " WHERE f.stage = ? AND f.kind = 'vote' AND f.verdict != 'none' AND f.record_id IS NOT NULL"
                           " ORDER BY p.id",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    sqlite3_bind_text (stmt, 1, stage_names[stage], -1, SQLITE_STATIC);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *uid = (const char *) sqlite3_column_text (stmt, 1);
      GHashTable *mine;

      rc = SQLITE_OK;
      if (in_round != NULL && !g_hash_table_contains (in_round, uid))
        continue;
      mine = g_hash_table_lookup (votes, name);
      if (mine == NULL)
        {
          mine = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          g_hash_table_insert (votes, g_strdup (name), mine);
          g_ptr_array_add (names, g_strdup (name));
        }
      g_hash_table_insert (mine, g_strdup (uid), g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
    }
  _wn_project_unlock (self);
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the decisions"));
      return NULL;
    }

  for (guint a = 0; a < names->len; a++)
    for (guint b = a + 1; b < names->len; b++)
      {
        GHashTable *va = g_hash_table_lookup (votes, names->pdata[a]);
        GHashTable *vb = g_hash_table_lookup (votes, names->pdata[b]);
        g_autoptr(GPtrArray) ra = g_ptr_array_new ();
        g_autoptr(GPtrArray) rb = g_ptr_array_new ();
        g_autoptr(WnRatings) ratings = NULL;
        const char *ta_categories[] = { "include", "exclude", "maybe", NULL };
        const char *ft_categories[] = { "include", "exclude", NULL };
        GHashTableIter iter;
        gpointer key, value;
        WnPairAgreement *pair;

        g_hash_table_iter_init (&iter, va);
        while (g_hash_table_iter_next (&iter, &key, &value))
          {
            const char *other = g_hash_table_lookup (vb, key);

            if (other == NULL)
              continue;
            g_ptr_array_add (ra, value);
            g_ptr_array_add (rb, (gpointer) other);
          }
        if (ra->len == 0)
          continue;
        ratings = _wn_screening_pair_ratings (ra, rb, stage == WN_STAGE_TA ? ta_categories : ft_categories);
        pair = g_new0 (WnPairAgreement, 1);
        pair->reviewer_a = g_strdup (names->pdata[a]);
        pair->reviewer_b = g_strdup (names->pdata[b]);
        pair->stage = stage;
        pair->round = round;
        wn_agreement_compute (ratings, &pair->stats);
        pair->below_threshold = !isnan (pair->stats.cohen_kappa) ? pair->stats.cohen_kappa < threshold : TRUE;
        g_ptr_array_add (result, pair);
      }
  return g_steal_pointer (&result);
}

WnRatings *
_wn_screening_pair_ratings (GPtrArray          *a,
                            GPtrArray          *b,
                            const char * const *categories)
{
  WnRatings *ratings = wn_ratings_new (a->len, 2, categories);

  for (guint s = 0; s < a->len; s++)
    for (guint r = 0; r < 2; r++)
      {
        const char *label = (r == 0 ? a : b)->pdata[s];
        int category = -1;

        for (int c = 0; categories[c] != NULL; c++)
          if (g_strcmp0 (categories[c], label) == 0)
            category = c;
        wn_ratings_set (ratings, s, r, category);
      }
  return ratings;
}
