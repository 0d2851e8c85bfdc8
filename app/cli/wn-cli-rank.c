/* wn-cli-rank.c — winnow-cli simulate: replay a labelled screening data set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `winnow-cli simulate DATASET.csv [--seed N] [--runs K] [--model auto|nb|svm|lr|mix]
 * [--batch B] [--label COLUMN] [--json]` reads a CSV file with a title, an
 * abstract and a label column (label_included, included or label, unless
 * --label names it; 1/yes/true = relevant, 0/no/false = irrelevant), read
 * by wn_rank_dataset_load() (not by the importer, which leaves out rows a
 * data set must keep), and replays it through the prioritiser as
 * ASReview's simulation mode does: one relevant and one irrelevant prior
 * record chosen by the seed, then retrain and query the top record, B at a
 * time (default 1: retrain after every record, as ASReview's default), until
 * every relevant record is found. --runs K averages K runs with seeds N,
 * N+1, …, N+K−1. Prints WSS@95, RRF@10 (percent), the recall curve and the
 * seconds per retraining (features excluded; they are built once). Exit
 * status: 0 success; 1 the file was rejected (unreadable, no label column,
 * a label that is not 0/1, no relevant or no irrelevant record), with
 * FILE:LINE: cause on stderr; 2 usage error.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "wn-cli-private.h"
#include "wn-json.h"
#include "wn-rank.h"

static void
append_double (GString *out,
               double   value,
               int      decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, format, value));
}

static void
append_doubles (GString      *out,
                const double *values,
                guint         n,
                int           decimals)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_double (out, values[i], decimals);
    }
  g_string_append_c (out, ']');
}

static double
mean (const double *values,
      guint         n)
{
  double sum = 0;

  for (guint i = 0; i < n; i++)
    sum += values[i];
  return n > 0 ? sum / n : NAN;
}

static double
stdev (const double *values,
       guint         n)
{
  double m = mean (values, n), sum = 0;

  if (n < 2)
    return 0;
  for (guint i = 0; i < n; i++)
    sum += (values[i] - m) * (values[i] - m);
  return sqrt (sum / (n - 1));
}

int
wn_cli_cmd_simulate (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnRankDataset) dataset = NULL;
  g_autoptr(WnRankFeatures) features = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *model_name = NULL;
  g_autofree char *label_column = NULL;
  g_autofree double *wss = NULL;
  g_autofree double *rrf = NULL;
  g_autofree double *per_iteration = NULL;
  g_autoptr(GArray) curve = g_array_new (FALSE, TRUE, sizeof (double));
  WnRankSimOptions options;
  gint64 seed = 0, runs = 1, batch = 1;
  gboolean json = FALSE;
  guint relevant = 0, screenable;
  gint64 start;
  double features_seconds;
  int status = 0;
  GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed that chooses the prior records (default 0)"), N_("N") },
    { "runs", 0, 0, G_OPTION_ARG_INT64, &runs, N_("Average K runs, with seeds N to N+K−1 (default 1)"), N_("K") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model_name,
      N_("The classifier: auto (default: nb, svm and lr side by side, the one whose top picks proved relevant used), "
         "svm, nb (ASReview's naive Bayes), lr (logistic regression) or mix (nb and svm)"),
      N_("MODEL") },
    { "batch", 0, 0, G_OPTION_ARG_INT64, &batch, N_("Records screened between retrainings (default 1)"), N_("B") },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label_column,
      N_("The label column (default: label_included, included or label)"), N_("COLUMN") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("simulate", N_("DATASET.csv"),
                                    /* xgettext:no-c-format */
                                    N_("Replay a labelled screening data set through the prioritiser, as ASReview's "
                                       "simulation mode does, and report the work saved over sampling at 95% recall "
                                       "(WSS@95) and the relevant records found after screening 10% (RRF@10)."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return wn_cli_usage_error (context, _("simulate takes exactly one DATASET file"));
  wn_rank_sim_options_init (&options);
  if (model_name != NULL && !wn_rank_model_kind_from_string (model_name, &options.model))
    return wn_cli_usage_error (context, _("unknown model “%s”: use auto, svm, nb, lr or mix"), model_name);
  if (seed < 0)
    return wn_cli_usage_error (context, _("--seed must not be negative"));
  if (runs < 1 || runs > 1000)
    return wn_cli_usage_error (context, _("--runs must be between 1 and 1000"));
  if (batch < 1 || batch > 100000)
    return wn_cli_usage_error (context, _("--batch must be between 1 and 100000"));

  dataset = wn_rank_dataset_load (argv[1], label_column, &error);
  if (dataset == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
        g_printerr ("winnow-cli: %s\n", error->message);
      else
        g_printerr ("winnow-cli: %s: %s\n", argv[1], error->message);
      return WN_CLI_EXIT_REJECTED;
    }
  relevant = dataset->relevant;

  start = g_get_monotonic_time ();
  features = wn_rank_features_new ((const char * const *) dataset->texts->pdata, dataset->texts->len, NULL);
  features_seconds = (g_get_monotonic_time () - start) / 1e6;

  options.batch = (guint) batch;
  wss = g_new (double, runs);
  rrf = g_new (double, runs);
  per_iteration = g_new (double, runs);
  screenable = dataset->labels->len >= 2 ? dataset->labels->len - 2 : 0;
  for (gint64 r = 0; r < runs; r++)
    {
      g_autoptr(WnRankSimResult) result = NULL;

      options.seed = (guint64) (seed + r);
      result = wn_rank_simulate (features, (const gboolean *) dataset->labels->data, &options, NULL, &error);
      if (result == NULL)
        {
          g_printerr ("winnow-cli: %s: %s\n", argv[1], error->message);
          return WN_CLI_EXIT_REJECTED;
        }
      wss[r] = result->wss95;
      rrf[r] = result->rrf10;
      per_iteration[r] = result->seconds_per_iteration;
      /* The mean recall after k records; a run that found everything
       * earlier stays at 1. */
      if (curve->len < result->found->len)
        {
          guint old = curve->len;

          g_array_set_size (curve, result->found->len);
          for (guint k = old; k < curve->len; k++)
            g_array_index (curve, double, k) = (double) r; /* earlier runs were done: recall 1 */
        }
      for (guint k = 0; k < curve->len; k++)
        g_array_index (curve, double, k) += k < result->found->len
                                              ? (double) g_array_index (result->found, guint, k) / (relevant - 1)
                                              : 1.0;
    }
  for (guint k = 0; k < curve->len; k++)
    g_array_index (curve, double, k) /= runs;

  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      wn_json_append_key (out, "dataset");
      wn_json_append_string (out, argv[1]);
      wn_json_append_key (out, "model");
      wn_json_append_string (out, wn_rank_model_kind_to_string (options.model));
      wn_json_append_key (out, "records");
      wn_json_append_int (out, dataset->labels->len);
      wn_json_append_key (out, "relevant");
      wn_json_append_int (out, relevant);
      wn_json_append_key (out, "label_column");
      wn_json_append_string (out, dataset->label_column);
      wn_json_append_key (out, "terms");
      wn_json_append_int (out, wn_rank_features_get_n_terms (features));
      wn_json_append_key (out, "seed");
      wn_json_append_int (out, seed);
      wn_json_append_key (out, "runs");
      wn_json_append_int (out, runs);
      wn_json_append_key (out, "batch");
      wn_json_append_int (out, batch);
      wn_json_append_key (out, "wss95");
      append_double (out, mean (wss, runs), 2);
      wn_json_append_key (out, "rrf10");
      append_double (out, mean (rrf, runs), 2);
      wn_json_append_key (out, "wss95_sd");
      append_double (out, stdev (wss, runs), 2);
      wn_json_append_key (out, "rrf10_sd");
      append_double (out, stdev (rrf, runs), 2);
      wn_json_append_key (out, "wss95_runs");
      append_doubles (out, wss, runs, 2);
      wn_json_append_key (out, "rrf10_runs");
      append_doubles (out, rrf, runs, 2);
      wn_json_append_key (out, "seconds_per_iteration");
      append_double (out, mean (per_iteration, runs), 6);
      wn_json_append_key (out, "features_seconds");
      append_double (out, features_seconds, 4);
      wn_json_append_key (out, "screenable");
      wn_json_append_int (out, screenable);
      wn_json_append_key (out, "recall_curve");
      append_doubles (out, (const double *) curve->data, curve->len, 4);
      g_string_append_c (out, '}');
      wn_cli_print_json (out);
    }
  else
    {
      g_print (_("Data set:        %s (%u records, %u relevant, label column “%s”)\n"), argv[1],
               dataset->labels->len, relevant, dataset->label_column);
      g_print (_("Model:           %s, retrained every %" PRId64 " record(s)\n"),
               wn_rank_model_kind_to_string (options.model), batch);
      g_print (_("Runs:            %" PRId64 " (seeds %" PRId64 "–%" PRId64 ")\n"), runs,
               seed, seed + runs - 1);
      g_print (_("WSS@95:          %.1f%% (sd %.1f)\n"), mean (wss, runs), stdev (wss, runs));
      g_print (_("RRF@10:          %.1f%% (sd %.1f)\n"), mean (rrf, runs), stdev (rrf, runs));
      g_print (_("Retraining:      %.2f ms per iteration (features: %.0f ms once)\n"),
               1000 * mean (per_iteration, runs), 1000 * features_seconds);
    }
  return WN_CLI_EXIT_OK;
}
