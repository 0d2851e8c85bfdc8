/* bench-rank.c — how well and how fast the screening prioritiser ranks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not a test: `meson test -C BUILDDIR --benchmark rank` (or run the
 * executable: bench-rank [RUNS]) replays the labelled data sets of
 * WINNOW_TESTDATA/screening (read in place) with each model, RUNS seeded
 * starts each (default 5; seeds 0…RUNS−1, one relevant + one irrelevant
 * prior record, retrain after every record, as ASReview's simulation
 * does), and prints two Markdown tables:
 *
 *  - per data set: records, relevant, WSS@95 and RRF@10 (mean of the runs,
 *    percent) of naive Bayes, the SVM, logistic regression and "auto" (the
 *    three side by side, the default), beside the NB + TF-IDF figure
 *    of Ferdinands et al. 2023 (Syst Rev 12:100, means of 15 runs with
 *    per-data-set tuned hyperparameters) where there is one;
 *  - the time of one retraining (train + score every record) at 10,000
 *    records, the first time (cold) and after one more decision (warm, the
 *    usual case), and of building the features — target ≤ 50 ms — and
 *    what the screening view waits for in its background task: a snapshot
 *    ranked by a WnRanker the first time and after one more decision. The
 *    10,000 records are the first ones of the Cohen 2006 topics, labelled
 *    one in five, so the training set is as large as it gets mid-review.
 *
 * Without the test data it says so and exits 0.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "wn-rank.h"

typedef struct
{
  const char *name;
  const char *path;      /* under WINNOW_TESTDATA/screening */
  double      asreview;  /* WSS@95 of NB + TF-IDF, Ferdinands et al. 2023; NAN when none */
} Set;

static const Set sets[] = {
  { "ace", "ferdinands2023/ace.csv", 82.9 },
  { "virus", "ferdinands2023/virus.csv", 71.2 },
  { "wilson", "ferdinands2023/wilson.csv", 83.4 },
  { "nudging", "ferdinands2023/nudging.csv", 71.7 },
  { "Donners 2021", "synergy/Donners_2021.csv", NAN },
  { "Sep 2021", "synergy/Sep_2021.csv", NAN },
  { "Kitchenham 2010", "asreview-srd/Kitchenham_2010.csv", NAN },
  { "Bannach-Brown 2019", "asreview-srd/Bannach-Brown_2019.csv", NAN },
};

static const char * const cohen_topics[] = {
  "ACEInhibitors", "ADHD", "Antihistamines", "AtypicalAntipsychotics", "BetaBlockers", "CalciumChannelBlockers",
  "Estrogens", "NSAIDS", "Opiods", "OralHypoglycemics", "ProtonPumpInhibitors", "SkeletalMuscleRelaxants",
  "Triptans", "UrinaryIncontinence",
};

static const WnRankModelKind models[] = { WN_RANK_MODEL_NB, WN_RANK_MODEL_SVM, WN_RANK_MODEL_LR, WN_RANK_MODEL_AUTO };
#define N_MODELS G_N_ELEMENTS (models)

static void
simulate_set (const char *root,
              const Set  *set,
              guint       runs,
              double      totals[N_MODELS + 1],
              guint      *counted)
{
  g_autofree char *path = g_build_filename (root, "screening", set->path, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WnRankDataset) dataset = NULL;
  g_autoptr(WnRankFeatures) features = NULL;
  double wss[N_MODELS] = { 0 }, rrf[N_MODELS] = { 0 }, ms[N_MODELS] = { 0 };
  char asreview[32];

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      printf ("| %s | (missing) | | | | | | | | | | | | | | |\n", set->name);
      return;
    }
  dataset = wn_rank_dataset_load (path, NULL, &error);
  if (dataset == NULL)
    {
      printf ("| %s | %s | | | | | | | | | | | | | | |\n", set->name, error->message);
      return;
    }
  features = wn_rank_features_new ((const char * const *) dataset->texts->pdata, dataset->texts->len, NULL);
  for (guint model = 0; model < N_MODELS; model++)
    for (guint r = 0; r < runs; r++)
      {
        g_autoptr(WnRankSimResult) result = NULL;
        WnRankSimOptions options;

        wn_rank_sim_options_init (&options);
        options.model = models[model];
        options.seed = r;
        result = wn_rank_simulate (features, (const gboolean *) dataset->labels->data, &options, NULL, &error);
        if (result == NULL)
          {
            printf ("| %s | %s | | | | | | | | | | | | | | |\n", set->name, error->message);
            return;
          }
        wss[model] += result->wss95 / runs;
        rrf[model] += result->rrf10 / runs;
        ms[model] += 1000 * result->seconds_per_iteration / runs;
      }
  if (isnan (set->asreview))
    g_snprintf (asreview, sizeof asreview, "—");
  else
    {
      g_snprintf (asreview, sizeof asreview, "%.1f", set->asreview);
      for (guint model = 0; model < N_MODELS; model++)
        totals[model] += wss[model];
      totals[N_MODELS] += set->asreview;
      (*counted)++;
    }
  printf ("| %s | %u | %u | %s |", set->name, dataset->labels->len, dataset->relevant, asreview);
  for (guint model = 0; model < N_MODELS; model++)
    printf (" %.1f | %.1f |", wss[model], rrf[model]);
  for (guint model = 0; model < N_MODELS; model++)
    printf (" %.2f |", ms[model]);
  printf ("\n");
  fflush (stdout);
}

static void
retrain_timing (const char *root)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) relevant = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(WnRankFeatures) features = NULL;
  g_autofree gint8 *labels = NULL;
  g_autofree float *scores = NULL;
  double features_ms;
  gint64 start;
  const guint target = 10000;

  for (gsize t = 0; t < G_N_ELEMENTS (cohen_topics) && texts->len < target; t++)
    {
      g_autofree char *name = g_strconcat (cohen_topics[t], ".csv", NULL);
      g_autofree char *path = g_build_filename (root, "screening", "cohen2006", name, NULL);
      g_autoptr(WnRankDataset) dataset = NULL;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      dataset = wn_rank_dataset_load (path, NULL, NULL);
      if (dataset == NULL)
        continue;
      for (guint i = 0; i < dataset->texts->len && texts->len < target; i++)
        {
          g_ptr_array_add (texts, g_strdup (dataset->texts->pdata[i]));
          g_array_append_val (relevant, g_array_index (dataset->labels, gboolean, i));
        }
    }
  if (texts->len < target)
    {
      printf ("\nRetraining at 10,000 records: skipped, the Cohen 2006 sets hold %u records here.\n", texts->len);
      return;
    }

  start = g_get_monotonic_time ();
  features = wn_rank_features_new ((const char * const *) texts->pdata, texts->len, NULL);
  features_ms = (g_get_monotonic_time () - start) / 1000.0;

  labels = g_new (gint8, texts->len);
  scores = g_new (float, texts->len);
  printf ("\n| model | records | labelled | terms | features ms (once) | cold retrain ms | warm retrain ms "
          "(mean of 20) | target ms |\n");
  printf ("|---|---:|---:|---:|---:|---:|---:|---:|\n");
  for (guint model = 0; model < N_MODELS; model++)
    {
      g_autoptr(WnRankModel) classifier = wn_rank_model_new (models[model]);
      double cold, warm = 0;
      guint labelled = 0;

      for (guint i = 0; i < texts->len; i++)
        {
          labels[i] = i % 5 == 0 ? (gint8) g_array_index (relevant, gboolean, i) : -1;
          labelled += labels[i] >= 0;
        }
      start = g_get_monotonic_time ();
      wn_rank_model_train (classifier, features, labels);
      wn_rank_model_score (classifier, features, labels, scores);
      cold = (g_get_monotonic_time () - start) / 1000.0;
      /* The usual case: one more decision, then retrain. */
      for (guint k = 0; k < 20; k++)
        {
          guint row = 5 * k + 1;

          labels[row] = (gint8) g_array_index (relevant, gboolean, row);
          start = g_get_monotonic_time ();
          wn_rank_model_train (classifier, features, labels);
          wn_rank_model_score (classifier, features, labels, scores);
          warm += (g_get_monotonic_time () - start) / 1000.0 / 20;
        }
      printf ("| %s | %u | %u | %u | %.0f | %.1f | %.1f | 50 |\n", wn_rank_model_kind_to_string (models[model]), texts->len,
              labelled, wn_rank_features_get_n_terms (features), features_ms, cold, warm);
    }

  /* The screening view's path: a snapshot ranked by a ranker it keeps. The
   * first ranking builds the features; the next, after one more decision,
   * reuses them and the model's last solution. */
  printf ("\n| model | snapshot ranking, first (features built) ms | after one more decision ms |\n");
  printf ("|---|---:|---:|\n");
  for (guint model = 0; model < N_MODELS; model++)
    {
      g_autoptr(WnRanker) ranker = wn_ranker_new (models[model]);
      double times[2];

      for (int pass = 0; pass < 2; pass++)
        {
          g_autoptr(WnRankSnapshot) snapshot = wn_rank_snapshot_new ();
          g_autoptr(WnRankQueue) queue = NULL;

          for (guint i = 0; i < texts->len; i++)
            {
              WnRankLabel label = WN_RANK_LABEL_UNDECIDED;

              if (i % 5 == 0 || (pass == 1 && i == 2))
                label = g_array_index (relevant, gboolean, i) ? WN_RANK_LABEL_INCLUDE : WN_RANK_LABEL_EXCLUDE;
              wn_rank_snapshot_add (snapshot, i + 1, texts->pdata[i], NULL, label);
            }
          start = g_get_monotonic_time ();
          queue = wn_ranker_rank (ranker, snapshot, NULL, NULL);
          times[pass] = (g_get_monotonic_time () - start) / 1000.0;
        }
      printf ("| %s | %.0f | %.1f |\n", wn_rank_model_kind_to_string (models[model]), times[0], times[1]);
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *root = g_getenv ("WINNOW_TESTDATA");
  g_autofree char *screening = NULL;
  double totals[N_MODELS + 1] = { 0 };
  guint counted = 0;
  guint runs = argc > 1 ? (guint) atoi (argv[1]) : 5;

  if (root == NULL || runs == 0)
    {
      printf ("bench-rank: set WINNOW_TESTDATA (and give RUNS ≥ 1); skipped\n");
      return 0;
    }
  screening = g_build_filename (root, "screening", NULL);
  if (!g_file_test (screening, G_FILE_TEST_IS_DIR))
    {
      printf ("bench-rank: %s is missing; skipped\n", screening);
      return 0;
    }

  printf ("Prioritised screening, %u runs per data set (seeds 0–%u), retrain after every record.\n\n", runs, runs - 1);
  printf ("| data set | records | relevant | ASReview NB WSS@95 | NB WSS@95 | NB RRF@10 | SVM WSS@95 | SVM RRF@10 "
          "| LR WSS@95 | LR RRF@10 | auto WSS@95 | auto RRF@10 | NB ms/iter | SVM ms/iter | LR ms/iter | auto ms/iter |\n");
  printf ("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  fflush (stdout);
  for (gsize i = 0; i < G_N_ELEMENTS (sets); i++)
    simulate_set (root, &sets[i], runs, totals, &counted);
  if (counted > 0)
    {
      printf ("| mean of the %u with a published figure | | | %.1f |", counted, totals[N_MODELS] / counted);
      for (guint model = 0; model < N_MODELS; model++)
        printf (" %.1f | |", totals[model] / counted);
      printf ("%s\n", " | | | |");
    }
  retrain_timing (root);
  return 0;
}
