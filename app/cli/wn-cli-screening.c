/* wn-cli-screening.c — winnow-cli's screening commands: decide, adjudicate,
 * conflicts, agreement, export-decisions, package, merge, and the lead's
 * settings (reasons, criteria, rounds, blinding, rules)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "wn-cli-private.h"
#include "wn-json.h"
#include "wn-screening.h"

static int
screening_failure (GError *error)
{
  if (error->domain == WN_SCREENING_ERROR || g_error_matches (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND) ||
      error->domain == G_FILE_ERROR)
    {
      g_printerr ("winnow-cli: %s\n", error->message);
      return WN_CLI_EXIT_REJECTED;
    }
  return wn_cli_store_failure (error);
}

static gboolean
parse_stage (GOptionContext *context,
             const char     *text,
             WnStage        *stage,
             int            *status)
{
  if (text == NULL)
    {
      *status = wn_cli_usage_error (context, _("--stage ta or --stage ft is required"));
      return FALSE;
    }
  if (!wn_stage_from_string (text, stage))
    {
      *status = wn_cli_usage_error (context, _("the stage is ta (title/abstract) or ft (full text), not “%s”"), text);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* info                                                                      */

gboolean
wn_cli_append_screening_counts (WnProject  *project,
                                GString    *out,
                                GError    **error)
{
  WnStageCounts counts[WN_N_STAGES];

  for (WnStage stage = WN_STAGE_TA; stage < WN_N_STAGES; stage++)
    if (!wn_project_get_stage_counts (project, stage, &counts[stage], error))
      return FALSE;

  wn_json_append_key (out, "decisions");
  g_string_append_printf (out, "{\"ta\":%" G_GINT64_FORMAT ",\"ft\":%" G_GINT64_FORMAT "}", counts[0].decisions,
                          counts[1].decisions);
  wn_json_append_key (out, "conflicts");
  g_string_append_printf (out, "{\"ta\":%" G_GINT64_FORMAT ",\"ft\":%" G_GINT64_FORMAT "}", counts[0].conflicts,
                          counts[1].conflicts);
  /* Studies' reports included at full text: the end of screening. */
  wn_json_append_key (out, "included");
  wn_json_append_int (out, counts[WN_STAGE_FT].included);
  wn_json_append_key (out, "screening");
  g_string_append_c (out, '{');
  for (WnStage stage = WN_STAGE_TA; stage < WN_N_STAGES; stage++)
    {
      wn_json_append_key (out, wn_stage_to_string (stage));
      g_string_append_c (out, '{');
      wn_json_append_key (out, "eligible");
      wn_json_append_int (out, counts[stage].eligible);
      wn_json_append_key (out, "screened");
      wn_json_append_int (out, counts[stage].screened);
      wn_json_append_key (out, "included");
      wn_json_append_int (out, counts[stage].included);
      wn_json_append_key (out, "excluded");
      wn_json_append_int (out, counts[stage].excluded);
      wn_json_append_key (out, "conflicts");
      wn_json_append_int (out, counts[stage].conflicts);
      wn_json_append_key (out, "pending_events");
      wn_json_append_int (out, counts[stage].pending);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '}');
  return TRUE;
}

gboolean
wn_cli_print_screening_counts (WnProject  *project,
                               GError    **error)
{
  for (WnStage stage = WN_STAGE_TA; stage < WN_N_STAGES; stage++)
    {
      WnStageCounts counts;

      if (!wn_project_get_stage_counts (project, stage, &counts, error))
        return FALSE;
      g_print (stage == WN_STAGE_TA ? _("Title/abstract:   %lld to screen, %lld decisions, %lld included, %lld excluded, "
                                        "%lld conflicts\n")
                                    : _("Full text:        %lld to screen, %lld decisions, %lld included, %lld excluded, "
                                        "%lld conflicts\n"),
               (long long) counts.eligible, (long long) counts.decisions, (long long) counts.included,
               (long long) counts.excluded, (long long) counts.conflicts);
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* decide, adjudicate                                                        */

static int
decide_or_adjudicate (int      argc,
                      char   **argv,
                      gboolean adjudicate)
{
  g_autofree char *reviewer = NULL;
  g_autofree char *stage_text = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *note = NULL;
  g_auto(GStrv) labels = NULL;
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(WnDecision) event = NULL;
  g_autoptr(GError) error = NULL;
  WnStage stage;
  WnVerdict verdict;
  gint64 record_id;
  int status = 0;
  GOptionEntry entries[] = {
    { "reviewer", 'r', 0, G_OPTION_ARG_STRING, &reviewer, N_("Who decides"), N_("NAME") },
    { "stage", 's', 0, G_OPTION_ARG_STRING, &stage_text, N_("ta (title/abstract) or ft (full text)"), N_("STAGE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("An exclusion reason from the project's list"), N_("TEXT") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note"), N_("TEXT") },
    { "label", 0, 0, G_OPTION_ARG_STRING_ARRAY, &labels, N_("A label (repeat for several)"), N_("LABEL") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the recorded event as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (adjudicate)
    context = wn_cli_command_context ("adjudicate", N_("PROJECT RECORD include|exclude"),
                                      N_("The adjudicator's final decision on a record in conflict."), entries);
  else
    context = wn_cli_command_context ("decide", N_("PROJECT RECORD include|exclude|maybe"),
                                      N_("Record one screening decision."), entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 4)
    return wn_cli_usage_error (context, adjudicate ? _("usage: adjudicate PROJECT --reviewer NAME --stage ta|ft RECORD "
                                                       "include|exclude")
                                                   : _("usage: decide PROJECT --reviewer NAME --stage ta|ft RECORD "
                                                       "include|exclude|maybe"));
  if (reviewer == NULL)
    return wn_cli_usage_error (context, _("--reviewer NAME is required"));
  if (!parse_stage (context, stage_text, &stage, &status))
    return status;
  if (!wn_cli_parse_id (argv[2], &record_id))
    return wn_cli_usage_error (context, _("“%s” is not a record id"), argv[2]);
  if (!wn_verdict_from_string (argv[3], &verdict) || verdict == WN_VERDICT_NONE ||
      (adjudicate && verdict == WN_VERDICT_MAYBE))
    return wn_cli_usage_error (context, adjudicate ? _("the decision is include or exclude, not “%s”")
                                                   : _("the decision is include, exclude or maybe, not “%s”"),
                               argv[3]);

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if (adjudicate)
    event = wn_project_adjudicate (project, reviewer, stage, record_id, verdict, reason, note, &error);
  else
    event = wn_project_decide (project, reviewer, stage, record_id, verdict, reason, note,
                               (const char * const *) labels, &error);
  if (event == NULL)
    return screening_failure (error);
  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      wn_json_append_key (out, "event");
      wn_json_append_string (out, event->uid);
      wn_json_append_key (out, "record");
      wn_json_append_int (out, event->record_id);
      wn_json_append_key (out, "record_uid");
      wn_json_append_string (out, event->record_uid);
      wn_json_append_key (out, "verdict");
      wn_json_append_string (out, wn_verdict_to_string (event->verdict));
      wn_json_append_key (out, "criteria_version");
      wn_json_append_int (out, event->criteria_version);
      wn_json_append_key (out, "made_at");
      wn_json_append_string (out, event->made_at);
      g_string_append_c (out, '}');
      wn_cli_print_json (out);
    }
  return WN_CLI_EXIT_OK;
}

int
wn_cli_cmd_decide (int    argc,
                   char **argv)
{
  return decide_or_adjudicate (argc, argv, FALSE);
}

int
wn_cli_cmd_adjudicate (int    argc,
                       char **argv)
{
  return decide_or_adjudicate (argc, argv, TRUE);
}

/* ------------------------------------------------------------------------ */
/* conflicts                                                                 */

int
wn_cli_cmd_conflicts (int    argc,
                      char **argv)
{
  g_autofree char *stage_text = NULL;
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  WnStage stage;
  int status = 0;
  GOptionEntry entries[] = {
    { "stage", 's', 0, G_OPTION_ARG_STRING, &stage_text, N_("ta (title/abstract) or ft (full text)"), N_("STAGE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("conflicts", N_("PROJECT"),
                                    N_("List the records where reviewers disagree and no adjudication exists."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return wn_cli_usage_error (context, _("usage: conflicts PROJECT --stage ta|ft"));
  if (!parse_stage (context, stage_text, &stage, &status))
    return status;
  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  conflicts = wn_project_list_conflicts (project, stage, &error);
  if (conflicts == NULL)
    return screening_failure (error);

  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      wn_json_append_key (out, "stage");
      wn_json_append_string (out, wn_stage_to_string (stage));
      wn_json_append_key (out, "conflicts");
      g_string_append_c (out, '[');
      for (guint i = 0; i < conflicts->len; i++)
        {
          WnConflict *conflict = conflicts->pdata[i];

          g_string_append (out, i > 0 ? ",{" : "{");
          wn_json_append_key (out, "record");
          wn_json_append_int (out, conflict->record_id);
          wn_json_append_key (out, "votes");
          g_string_append_c (out, '[');
          for (guint v = 0; v < conflict->votes->len; v++)
            {
              WnDecision *vote = conflict->votes->pdata[v];

              g_string_append (out, v > 0 ? ",{" : "{");
              wn_json_append_key (out, "reviewer");
              wn_json_append_string (out, vote->reviewer);
              wn_json_append_key (out, "verdict");
              wn_json_append_string (out, wn_verdict_to_string (vote->verdict));
              wn_json_append_key (out, "reason");
              wn_json_append_string (out, vote->reason);
              wn_json_append_key (out, "note");
              wn_json_append_string (out, vote->note);
              g_string_append_c (out, '}');
            }
          g_string_append (out, "]}");
        }
      g_string_append (out, "]}");
      wn_cli_print_json (out);
    }
  else
    {
      for (guint i = 0; i < conflicts->len; i++)
        {
          WnConflict *conflict = conflicts->pdata[i];

          g_print ("%" G_GINT64_FORMAT, conflict->record_id);
          for (guint v = 0; v < conflict->votes->len; v++)
            {
              WnDecision *vote = conflict->votes->pdata[v];

              g_print ("\t%s: %s%s%s", vote->reviewer, wn_verdict_to_string (vote->verdict),
                       vote->reason != NULL ? " — " : "", vote->reason != NULL ? vote->reason : "");
            }
          g_print ("\n");
        }
      g_printerr (ngettext ("%u conflict\n", "%u conflicts\n", conflicts->len), conflicts->len);
    }
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* agreement                                                                 */

static void
print_stat (const char *name,
            double      value)
{
  if (wn_agreement_is_defined (value) && fabs (value) < 5e-5)
    value = 0.0; /* no "-0.0000" */
  if (wn_agreement_is_defined (value))
    g_print ("  %-26s %.4f\n", name, value);
  else
    g_print ("  %-26s %s\n", name, _("undefined"));
}

int
wn_cli_cmd_agreement (int    argc,
                      char **argv)
{
  g_autofree char *stage_text = NULL;
  int round = 0;
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GError) error = NULL;
  WnStage stage;
  double threshold;
  int status = 0;
  GOptionEntry entries[] = {
    { "stage", 's', 0, G_OPTION_ARG_STRING, &stage_text, N_("ta (title/abstract) or ft (full text)"), N_("STAGE") },
    { "round", 0, 0, G_OPTION_ARG_INT, &round, N_("Only this calibration round's records"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("agreement", N_("PROJECT"),
                                    /* xgettext:no-c-format */
                                    N_("Agreement between each pair of reviewers at a stage: kappa with its standard "
                                       "errors and 95 % CI, percent agreement, PABAK, AC1, n."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return wn_cli_usage_error (context, _("usage: agreement PROJECT --stage ta|ft [--round N]"));
  if (!parse_stage (context, stage_text, &stage, &status))
    return status;
  if (round < 0)
    return wn_cli_usage_error (context, _("a round number is 1 or more"));
  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  pairs = wn_project_agreement (project, stage, round, &error);
  if (pairs == NULL)
    return screening_failure (error);
  threshold = wn_project_get_kappa_threshold (project);

  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{");
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      wn_json_append_key (out, "stage");
      wn_json_append_string (out, wn_stage_to_string (stage));
      wn_json_append_key (out, "round");
      if (round > 0)
        wn_json_append_int (out, round);
      else
        g_string_append (out, "null");
      wn_json_append_key (out, "threshold");
      /* JSON's decimal point whatever LC_NUMERIC says. */
      g_string_append (out, g_ascii_formatd (number, sizeof number, "%.15g", threshold));
      /* A dual review has one pair: its statistics are also given at the
       * top level, so a script need not look into "pairs". */
      if (pairs->len > 0)
        {
          WnPairAgreement *first = pairs->pdata[0];
          g_autoptr(GString) stats = g_string_new (NULL);

          wn_agreement_stats_to_json (&first->stats, stats);
          if (stats->len > 2)
            {
              g_string_append_c (out, ',');
              g_string_append_len (out, stats->str + 1, (gssize) stats->len - 2);
            }
          wn_json_append_key (out, "below_threshold");
          g_string_append (out, first->below_threshold ? "true" : "false");
        }
      else
        {
          wn_json_append_key (out, "n");
          wn_json_append_int (out, 0);
        }
      wn_json_append_key (out, "pairs");
      g_string_append_c (out, '[');
      for (guint i = 0; i < pairs->len; i++)
        {
          WnPairAgreement *pair = pairs->pdata[i];
          g_autoptr(GString) stats = g_string_new (NULL);

          g_string_append (out, i > 0 ? ",{" : "{");
          wn_json_append_key (out, "reviewers");
          g_string_append_c (out, '[');
          wn_json_append_string (out, pair->reviewer_a);
          g_string_append_c (out, ',');
          wn_json_append_string (out, pair->reviewer_b);
          g_string_append_c (out, ']');
          wn_json_append_key (out, "below_threshold");
          g_string_append (out, pair->below_threshold ? "true" : "false");
          wn_agreement_stats_to_json (&pair->stats, stats);
          if (stats->len > 2)
            {
              g_string_append_c (out, ',');
              g_string_append_len (out, stats->str + 1, (gssize) stats->len - 2);
            }
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
      wn_cli_print_json (out);
      return WN_CLI_EXIT_OK;
    }

  if (pairs->len == 0)
    g_print (_("No two reviewers have both screened a record at this stage yet.\n"));
  for (guint i = 0; i < pairs->len; i++)
    {
      WnPairAgreement *pair = pairs->pdata[i];
      const WnAgreementStats *s = &pair->stats;

      g_print (_("%s and %s (%.0f records)\n"), pair->reviewer_a, pair->reviewer_b, s->n);
      print_stat (_("Percent agreement"), s->percent_agreement);
      print_stat (_("Cohen's kappa"), s->cohen_kappa);
      print_stat (_("  SE (under H0)"), s->cohen_kappa_se_null);
      print_stat (_("  SE (Fleiss–Cohen–Everitt)"), s->cohen_kappa_se_fce);
      /* xgettext:no-c-format */
      print_stat (_("  95 % CI lower"), s->cohen_kappa_ci95_lower);
      /* xgettext:no-c-format */
      print_stat (_("  95 % CI upper"), s->cohen_kappa_ci95_upper);
      print_stat (_("  z"), s->cohen_kappa_z);
      print_stat (_("PABAK"), s->pabak);
      print_stat (_("Gwet's AC1"), s->gwet_ac1);
      print_stat (_("Scott's pi"), s->scott_pi);
      if (pair->below_threshold)
        g_print (_("  Below the threshold of %.2f: discuss, revise the criteria and screen another calibration "
                   "round.\n"),
                 threshold);
    }
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* export-decisions, package, merge                                          */

static int
write_for_reviewer (int      argc,
                    char   **argv,
                    gboolean package)
{
  g_autofree char *reviewer = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  int status = 0;
  GOptionEntry entries[] = {
    { "reviewer", 'r', 0, G_OPTION_ARG_STRING, &reviewer, N_("Whose decisions"), N_("NAME") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (package)
    context = wn_cli_command_context ("package", N_("PROJECT"),
                                      N_("Write a reviewer package: a copy of the project that holds no other "
                                         "reviewer's decisions."),
                                      entries);
  else
    context = wn_cli_command_context ("export-decisions", N_("PROJECT"),
                                      N_("Write one reviewer's decision file, to be merged into another copy."),
                                      entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || reviewer == NULL || output == NULL)
    return wn_cli_usage_error (context, package ? _("usage: package PROJECT --reviewer NAME -o FILE")
                                                : _("usage: export-decisions PROJECT --reviewer NAME -o FILE"));
  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if (package)
    ok = wn_project_write_package (project, reviewer, output, &error);
  else
    ok = wn_project_export_decisions (project, reviewer, output, &error);
  if (!ok)
    return screening_failure (error);
  return WN_CLI_EXIT_OK;
}

int
wn_cli_cmd_export_decisions (int    argc,
                             char **argv)
{
  return write_for_reviewer (argc, argv, FALSE);
}

int
wn_cli_cmd_package (int    argc,
                    char **argv)
{
  return write_for_reviewer (argc, argv, TRUE);
}

int
wn_cli_cmd_merge (int    argc,
                  char **argv)
{
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  WnMergeReport report;
  int status = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("merge", N_("PROJECT FILE…"),
                                    N_("Merge decision files (idempotent: merging a file twice changes nothing)."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc < 3)
    return wn_cli_usage_error (context, _("usage: merge PROJECT FILE…"));
  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if (!wn_project_merge_decisions (project, (const char * const *) argv + 2, &report, &error))
    return screening_failure (error);

  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      wn_json_append_key (out, "files");
      wn_json_append_int (out, report.files);
      wn_json_append_key (out, "events");
      wn_json_append_int (out, report.events);
      wn_json_append_key (out, "new_events");
      wn_json_append_int (out, report.new_events);
      wn_json_append_key (out, "pending");
      wn_json_append_int (out, report.pending);
      wn_json_append_key (out, "new_conflicts");
      wn_json_append_int (out, report.new_conflicts);
      wn_json_append_key (out, "new_reviewers");
      wn_json_append_int (out, report.new_reviewers);
      g_string_append_c (out, '}');
      wn_cli_print_json (out);
    }
  else
    {
      g_print (_("New decisions: %lld (of %lld read)\n"), (long long) report.new_events, (long long) report.events);
      g_print (_("New conflicts: %lld\n"), (long long) report.new_conflicts);
      if (report.pending > 0)
        g_print (_("Kept for records this copy does not have yet: %lld\n"), (long long) report.pending);
    }
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* The lead's settings: one command, several verbs                            */

int
wn_cli_cmd_screening (int    argc,
                      char **argv)
{
  g_autofree char *lead = NULL;
  g_autofree char *stage_text = NULL;
  g_autofree char *file = NULL;
  gint64 size = 0;
  double percent = 0.0;
  gint64 seed = 1;
  int required = 0;
  g_autofree char *maybe = NULL;
  double threshold = NAN;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  const char *verb;
  WnStage stage = WN_STAGE_TA;
  int status = 0;
  gboolean ok = TRUE;
  GOptionEntry entries[] = {
    { "lead", 0, 0, G_OPTION_ARG_STRING, &lead, N_("The lead making the change (rounds, blinding)"), N_("NAME") },
    { "stage", 's', 0, G_OPTION_ARG_STRING, &stage_text, N_("ta or ft (default ta)"), N_("STAGE") },
    { "file", 'f', 0, G_OPTION_ARG_FILENAME, &file, N_("Read the criteria text from a file"), N_("FILE") },
    { "size", 0, 0, G_OPTION_ARG_INT64, &size, N_("Records in the calibration round"), N_("N") },
    { "percent", 0, 0, G_OPTION_ARG_DOUBLE, &percent, N_("…or a percentage of the records"), N_("P") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed of the random draw (default 1)"), N_("N") },
    { "reviewers-required", 0, 0, G_OPTION_ARG_INT, &required, N_("Votes each record needs (1 or 2)"), N_("N") },
    { "maybe", 0, 0, G_OPTION_ARG_STRING, &maybe, N_("What a maybe does: conflict or include"), N_("POLICY") },
    { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &threshold, N_("The kappa below which agreement is too low"), N_("K") },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context (
    "screening",
    N_("PROJECT reason-add|reason-remove|reason-rename|reasons|criteria|criteria-set|round|rounds|blind|unblind|rules|"
       "highlight [ARGS]"),
    N_("The lead's screening settings: exclusion reasons, eligibility criteria, calibration rounds, blinding, rules, "
       "highlighted terms."),
    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc < 3)
    return wn_cli_usage_error (context, _("usage: screening PROJECT VERB [ARGS]"));
  if (stage_text != NULL && !parse_stage (context, stage_text, &stage, &status))
    return status;
  verb = argv[2];
  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;

  if (g_str_equal (verb, "reason-add") && argc == 4)
    ok = wn_project_add_reason (project, argv[3], &error);
  else if (g_str_equal (verb, "reason-remove") && argc == 4)
    ok = wn_project_remove_reason (project, argv[3], &error);
  else if (g_str_equal (verb, "reason-rename") && argc == 5)
    ok = wn_project_rename_reason (project, argv[3], argv[4], &error);
  else if (g_str_equal (verb, "reasons") && argc == 3)
    {
      g_autoptr(GPtrArray) reasons = wn_project_list_reasons (project, TRUE, &error);

      ok = reasons != NULL;
      for (guint i = 0; ok && i < reasons->len; i++)
        {
          WnReason *reason = reasons->pdata[i];

          g_print ("%s\t%lld%s\n", reason->label, (long long) reason->uses, reason->retired ? _("\t(retired)") : "");
        }
    }
  else if (g_str_equal (verb, "criteria") && argc == 3)
    {
      int version = 0;
      g_autofree char *text = wn_project_get_criteria (project, 0, &version, &error);

      ok = error == NULL;
      if (ok && text != NULL)
        g_print (_("Version %d:\n%s\n"), version, text);
    }
  else if (g_str_equal (verb, "criteria-set") && (argc == 4 || (argc == 3 && file != NULL)))
    {
      g_autofree char *text = NULL;

      if (file != NULL)
        ok = g_file_get_contents (file, &text, NULL, &error);
      else
        text = g_strdup (argv[3]);
      if (ok)
        {
          int version = wn_project_set_criteria (project, text, &error);

          ok = version > 0;
          if (ok)
            g_print (_("Eligibility criteria version %d saved\n"), version);
        }
    }
  else if (g_str_equal (verb, "round") && argc == 3)
    {
      g_autoptr(WnRound) round = NULL;

      if (lead == NULL)
        return wn_cli_usage_error (context, _("--lead NAME is required"));
      round = wn_project_create_round (project, lead, stage, size, percent, (guint64) seed, &error);
      ok = round != NULL;
      if (ok)
        g_print (_("Calibration round %d: %lld records (seed %lld)\n"), round->number, (long long) round->size,
                 (long long) seed);
    }
  else if (g_str_equal (verb, "rounds") && argc == 3)
    {
      g_autoptr(GPtrArray) rounds = wn_project_list_rounds (project, stage, &error);

      ok = rounds != NULL;
      for (guint i = 0; ok && i < rounds->len; i++)
        {
          WnRound *round = rounds->pdata[i];
          g_autoptr(GArray) ids = wn_project_round_records (project, stage, round->number, NULL);

          g_print ("%d\t%lld\t%lld\t", round->number, (long long) round->size, (long long) round->seed);
          for (guint j = 0; ids != NULL && j < ids->len; j++)
            g_print (j > 0 ? ",%lld" : "%lld", (long long) g_array_index (ids, gint64, j));
          g_print ("\n");
        }
    }
  else if ((g_str_equal (verb, "blind") || g_str_equal (verb, "unblind")) && argc == 3)
    {
      if (lead == NULL)
        return wn_cli_usage_error (context, _("--lead NAME is required"));
      ok = wn_project_set_blind (project, lead, g_str_equal (verb, "blind"), &error);
    }
  else if (g_str_equal (verb, "rules") && argc == 3)
    {
      WnStageRules rules;

      ok = wn_project_get_rules (project, stage, &rules, &error);
      if (ok && (required != 0 || maybe != NULL))
        {
          if (required != 0)
            rules.reviewers_required = (guint) required;
          if (maybe != NULL && g_str_equal (maybe, "include"))
            rules.maybe_policy = WN_MAYBE_POLICY_INCLUDE;
          else if (maybe != NULL && g_str_equal (maybe, "conflict"))
            rules.maybe_policy = WN_MAYBE_POLICY_CONFLICT;
          else if (maybe != NULL)
            return wn_cli_usage_error (context, _("--maybe is conflict or include"));
          ok = wn_project_set_rules (project, stage, &rules, &error);
        }
      if (ok && !isnan (threshold))
        ok = wn_project_set_kappa_threshold (project, threshold, &error);
      if (ok)
        g_print (_("%s: %u reviewers per record; maybe → %s; kappa threshold %.2f\n"), wn_stage_to_string (stage),
                 rules.reviewers_required, rules.maybe_policy == WN_MAYBE_POLICY_INCLUDE ? "include" : "conflict",
                 wn_project_get_kappa_threshold (project));
    }
  else if (g_str_equal (verb, "highlight") && argc == 5)
    ok = wn_project_set_highlight_terms (project, argv[3], argv[4], &error);
  else
    return wn_cli_usage_error (context, _("unknown verb or wrong number of arguments: %s"), verb);

  if (!ok)
    return screening_failure (error);
  return WN_CLI_EXIT_OK;
}
