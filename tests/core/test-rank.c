/* test-rank.c — prioritised screening: TF-IDF, the models, the metrics, the
 * simulation, each reviewer's queue and the simulate command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "wn-project.h"
#include "wn-rank.h"
#include "wn-screening.h"

/* ---- TF-IDF ---------------------------------------------------------------- */

/* Worked by hand (and checked with a ten-line Python script) from the
 * contract in wn-rank.c: three texts, min_df 1, max_df 1, bigrams on.
 * idf(df=1) = ln(4/2) + 1 = 1.693147; idf(df=2) = ln(4/3) + 1 = 1.287682.
 * Text 0 "Apple banana, APPLE!": tokens apple banana apple (case is
 * folded, punctuation splits); apple tf 2 → (1 + ln 2)·1.287682 = 2.180235,
 * banana 1.287682, "apple banana" and "banana apple" 1.693147 each; the
 * norm is 3.484974, so apple weighs 2.180235/3.484974 = 0.625610. */
static const struct
{
  guint       row;
  const char *term;
  double      weight;
} tfidf_table[] = {
  { 0, "apple", 0.625610 },
  { 0, "banana", 0.369495 },
  { 0, "apple banana", 0.485842 },
  { 0, "banana apple", 0.485842 },
  { 0, "cherry", 0 },
  { 1, "banana", 0.517856 },
  { 1, "cherry", 0.517856 },
  { 1, "banana cherry", 0.680919 },
  { 2, "apple", 0.517856 },
  { 2, "apple cherry", 0.680919 },
};

static const char * const tiny_texts[] = { "Apple banana, APPLE!", "banana cherry", "apple a cherry" };

static WnRankFeatures *
tiny_features (void)
{
  WnRankFeatureOptions options;

  wn_rank_feature_options_init (&options);
  options.min_df = 1;
  options.max_df = 1.0;
  return wn_rank_features_new (tiny_texts, G_N_ELEMENTS (tiny_texts), &options);
}

static void
test_tfidf (void)
{
  g_autoptr(WnRankFeatures) features = tiny_features ();

  g_assert_cmpuint (wn_rank_features_get_n_rows (features), ==, 3);
  /* apple banana cherry + four bigrams; "a" is too short to be a token, so
   * "apple cherry" is a bigram. */
  g_assert_cmpuint (wn_rank_features_get_n_terms (features), ==, 7);
  g_assert_cmpint (wn_rank_features_lookup (features, "a"), ==, -1);
  g_assert_cmpint (wn_rank_features_lookup (features, "durian"), ==, -1);
  for (gsize i = 0; i < G_N_ELEMENTS (tfidf_table); i++)
    {
      gint column = wn_rank_features_lookup (features, tfidf_table[i].term);
      double got;

      if (tfidf_table[i].weight > 0)
        g_assert_cmpint (column, >=, 0);
      got = column >= 0 ? wn_rank_features_get (features, tfidf_table[i].row, column) : 0;
      g_assert_cmpfloat_with_epsilon (got, tfidf_table[i].weight, 1e-5);
    }
}

/* The default bounds: a term in every text (df > 0.95 n) and a term in one
 * text only (df < 2) carry no ranking signal and are dropped. */
static void
test_tfidf_bounds (void)
{
  static const char * const texts[] = { "common alpha", "common alpha beta", "common gamma beta", "common delta" };
  g_autoptr(WnRankFeatures) features = wn_rank_features_new (texts, G_N_ELEMENTS (texts), NULL);

  g_assert_cmpint (wn_rank_features_lookup (features, "common"), ==, -1);
  g_assert_cmpint (wn_rank_features_lookup (features, "gamma"), ==, -1);
  g_assert_cmpint (wn_rank_features_lookup (features, "alpha"), >=, 0);
  g_assert_cmpint (wn_rank_features_lookup (features, "beta"), >=, 0);
  /* A text with nothing left is an empty row, not an error. */
  g_assert_cmpfloat (wn_rank_features_get (features, 3, wn_rank_features_lookup (features, "alpha")), ==, 0);
}

/* Stop words are kept by default and dropped when asked; a bigram then
 * joins the words on either side of the dropped one. */
static void
test_tfidf_stop_words (void)
{
  static const char * const texts[] = { "effect of the nudge", "effect of the nudge", "soil" };
  WnRankFeatureOptions options;
  g_autoptr(WnRankFeatures) kept = wn_rank_features_new (texts, G_N_ELEMENTS (texts), NULL);
  g_autoptr(WnRankFeatures) dropped = NULL;

  g_assert_cmpint (wn_rank_features_lookup (kept, "of the"), >=, 0);
  g_assert_cmpint (wn_rank_features_lookup (kept, "effect nudge"), ==, -1);
  wn_rank_feature_options_init (&options);
  options.stop_words = TRUE;
  dropped = wn_rank_features_new (texts, G_N_ELEMENTS (texts), &options);
  g_assert_cmpint (wn_rank_features_lookup (dropped, "the"), ==, -1);
  g_assert_cmpint (wn_rank_features_lookup (dropped, "effect nudge"), >=, 0);
  g_assert_cmpuint (wn_rank_features_get_n_terms (dropped), ==, 3);
}

/* ---- Models ---------------------------------------------------------------- */

/* Naive Bayes on the tiny corpus: text 0 relevant, text 1 not. With one
 * record of each class the "double" balance gives both classes weight 1
 * (N_1 is clamped to 1), so θ_c(t) = ln(x_c(t) + α) − ln(Σ x_c + αV) with
 * α = 3.822, V = 7, and score(text 2) = Σ_t x_2(t)(θ_1(t) − θ_0(t)) =
 * −0.002317 (computed by hand from the weights above). */
static void
test_naive_bayes (void)
{
  g_autoptr(WnRankFeatures) features = tiny_features ();
  g_autoptr(WnRankModel) model = wn_rank_model_new (WN_RANK_MODEL_NB);
  gint8 labels[] = { 1, 0, -1 };
  gint8 one_class[] = { 1, -1, -1 };
  float scores[3];

  g_assert_false (wn_rank_model_train (model, features, one_class));
  g_assert_true (wn_rank_model_train (model, features, labels));
  wn_rank_model_score (model, features, labels, scores);
  g_assert_cmpfloat_with_epsilon (scores[2], -0.002317, 1e-5);
  g_assert_cmpfloat (scores[0], ==, 0); /* labelled rows are not scored */

  /* Scores of all rows: the relevant text scores above the irrelevant one. */
  wn_rank_model_score (model, features, NULL, scores);
  g_assert_cmpfloat (scores[0], >, scores[1]);
}

/* The SVM on a separable set: the solution ranks the relevant training
 * rows above the irrelevant ones, ranks unlabelled rows by their
 * likeness, and a warm-started retrain after one more label gives the same
 * ranking as a model trained from scratch. */
static void
test_svm (void)
{
  static const char * const texts[] = {
    "peer support burnout nurses", "peer support nurses stress",  "burnout nurses stress",
    "soil bacteria crop",          "crop yield soil",              "bacteria yield crop",
    "peer support stress nurses",  "soil crop bacteria yield",     "burnout peer nurses",
  };
  g_autoptr(WnRankFeatures) features = wn_rank_features_new (texts, G_N_ELEMENTS (texts), NULL);
  g_autoptr(WnRankModel) warm = wn_rank_model_new (WN_RANK_MODEL_SVM);
  g_autoptr(WnRankModel) cold = wn_rank_model_new (WN_RANK_MODEL_SVM);
  gint8 labels[] = { 1, 1, -1, 0, 0, -1, -1, -1, -1 };
  float scores[9], cold_scores[9];

  g_assert_true (wn_rank_model_train (warm, features, labels));
  wn_rank_model_score (warm, features, NULL, scores);
  /* The relevant class weighs 100 times the other in all, so signs say
   * little; the order of the training rows is what must hold. */
  g_assert_cmpfloat (MIN (scores[0], scores[1]), >, MAX (scores[3], scores[4]));
  g_assert_cmpfloat (scores[6], >, scores[7]);
  g_assert_cmpfloat (scores[2], >, scores[5]);

  labels[2] = 1;
  labels[5] = 0;
  g_assert_true (wn_rank_model_train (warm, features, labels));
  g_assert_true (wn_rank_model_train (cold, features, labels));
  wn_rank_model_score (warm, features, labels, scores);
  wn_rank_model_score (cold, features, labels, cold_scores);
  for (guint i = 6; i < 9; i++)
    g_assert_cmpfloat_with_epsilon (scores[i], cold_scores[i], 0.05);
  g_assert_cmpfloat (scores[8], >, scores[7]);
}

/* Logistic regression on two orthogonal rows: "nurse" (relevant) and "soil"
 * (irrelevant), each a unit vector after TF-IDF (the bigrams occur once and
 * are dropped). With one row of each class the class costs are
 * C_1 = C·2/(1 + 1/ρ) = 3.960396 and C_0 = C_1/ρ = 0.039604 (C = 2,
 * ρ = 100), and the primal optimum, solved by hand (gradient descent on
 * ½(w_n² + w_s² + b²) + C_1 ln(1 + e^−(w_n + b)) + C_0 ln(1 + e^(w_s + b))),
 * is w_n = 0.744648, w_s = −0.026391, b = 0.718256: an unlabelled "nurse"
 * scores 1.462904, an unlabelled "soil" 0.691865. The dual solver stops at
 * a projected gradient of 0.1, hence the tolerance. */
static void
test_logistic_regression (void)
{
  static const char * const texts[] = { "nurse nurse", "soil soil", "nurse", "soil" };
  g_autoptr(WnRankFeatures) features = wn_rank_features_new (texts, G_N_ELEMENTS (texts), NULL);
  g_autoptr(WnRankModel) model = wn_rank_model_new (WN_RANK_MODEL_LR);
  g_autoptr(WnRankModel) again = wn_rank_model_new (WN_RANK_MODEL_LR);
  gint8 labels[] = { 1, 0, -1, -1 };
  gint8 one_class[] = { -1, 0, -1, -1 };
  float scores[4], again_scores[4];
  WnRankModelKind kind;

  g_assert_cmpstr (wn_rank_model_kind_to_string (WN_RANK_MODEL_LR), ==, "lr");
  g_assert_true (wn_rank_model_kind_from_string ("lr", &kind));
  g_assert_cmpint (kind, ==, WN_RANK_MODEL_LR);
  g_assert_cmpuint (wn_rank_features_get_n_terms (features), ==, 2);

  g_assert_false (wn_rank_model_train (model, features, one_class));
  g_assert_true (wn_rank_model_train (model, features, labels));
  wn_rank_model_score (model, features, labels, scores);
  g_assert_cmpfloat (scores[0], ==, 0);
  g_assert_cmpfloat_with_epsilon (scores[2], 1.462904, 0.02);
  g_assert_cmpfloat_with_epsilon (scores[3], 0.691865, 0.02);

  /* Deterministic: a second model gives the very same scores. */
  g_assert_true (wn_rank_model_train (again, features, labels));
  wn_rank_model_score (again, features, labels, again_scores);
  g_assert_cmpmem (scores, sizeof scores, again_scores, sizeof again_scores);

  /* Warm start after a relabelling: the roles swap. */
  labels[0] = 0;
  labels[1] = 1;
  g_assert_true (wn_rank_model_train (model, features, labels));
  wn_rank_model_score (model, features, labels, scores);
  g_assert_cmpfloat_with_epsilon (scores[3], 1.462904, 0.02);
  g_assert_cmpfloat_with_epsilon (scores[2], 0.691865, 0.02);
}

/* AutoTAR's presumed irrelevant rows: the relevant row "nurse study",
 * the irrelevant one "soil", and six unlabelled rows that all read "study
 * group". Whichever rows are drawn, at most half the unlabelled ones, so
 * three, are trained on as irrelevant: the model must match one trained
 * with three "study group" rows labelled irrelevant (to the solver's
 * tolerance), and differ from one trained without them. They are not
 * labels: the caller's labels are untouched and every unlabelled row is
 * still scored, the drawn ones alike. Off unless asked for. */
static void
test_pseudo_negatives (void)
{
  static const char * const texts[] = {
    "nurse study", "soil", "study group", "study group", "study group", "study group", "study group", "study group",
  };
  WnRankFeatureOptions options;
  g_autoptr(WnRankFeatures) features = NULL;
  gint8 labels[] = { 1, 0, -1, -1, -1, -1, -1, -1 };
  gint8 three[] = { 1, 0, 0, 0, 0, -1, -1, -1 };
  gint8 copy[G_N_ELEMENTS (labels)];
  float plain[G_N_ELEMENTS (labels)], pseudo[G_N_ELEMENTS (labels)], by_hand[G_N_ELEMENTS (labels)];
  float fallback[G_N_ELEMENTS (labels)], queue[G_N_ELEMENTS (labels)];

  wn_rank_feature_options_init (&options);
  options.min_df = 1;
  options.max_df = 1.0;
  options.bigrams = FALSE;
  features = wn_rank_features_new (texts, G_N_ELEMENTS (texts), &options);
  memcpy (copy, labels, sizeof labels);
  for (int kind = WN_RANK_MODEL_SVM; kind <= WN_RANK_MODEL_LR; kind += WN_RANK_MODEL_LR - WN_RANK_MODEL_SVM)
    {
      g_autoptr(WnRankModel) a = wn_rank_model_new (kind);
      g_autoptr(WnRankModel) b = wn_rank_model_new (kind);
      g_autoptr(WnRankModel) c = wn_rank_model_new (kind);
      g_autoptr(WnRankModel) d = wn_rank_model_new (kind);

      wn_rank_model_set_pseudo_negatives (a, 0);
      g_assert_true (wn_rank_model_train (a, features, labels));
      wn_rank_model_score (a, features, NULL, plain);
      wn_rank_model_set_pseudo_negatives (b, 100);
      g_assert_true (wn_rank_model_train (b, features, labels));
      g_assert_cmpmem (labels, sizeof labels, copy, sizeof copy);
      wn_rank_model_score (b, features, NULL, pseudo);
      wn_rank_model_score (b, features, labels, queue);
      wn_rank_model_set_pseudo_negatives (c, 0);
      g_assert_true (wn_rank_model_train (c, features, three));
      wn_rank_model_score (c, features, NULL, by_hand);
      /* The default. */
      g_assert_true (wn_rank_model_train (d, features, labels));
      wn_rank_model_score (d, features, NULL, fallback);

      for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
        g_assert_cmpfloat_with_epsilon (pseudo[i], by_hand[i], 0.01);
      g_assert_cmpfloat (fabs (plain[2] - by_hand[2]), >, 0.05);
      for (guint i = 2; i < G_N_ELEMENTS (labels); i++)
        g_assert_cmpfloat (queue[i], ==, pseudo[2]);
      for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
        g_assert_cmpfloat (fallback[i], ==, plain[i]);
    }
}

static guint
top_unlabelled (const float *scores,
                const gint8 *labels,
                guint        n)
{
  guint top = G_MAXUINT;

  for (guint i = 0; i < n; i++)
    if (labels[i] < 0 && (top == G_MAXUINT || scores[i] > scores[top]))
      top = i;
  return top;
}

/* "auto": its scores are always those of one of its three models (each
 * trained alone on the same labels), and it credits a model with the
 * label of the record it had ranked first. Rows 6, 8, 2 and 3 are
 * labelled irrelevant in turn: all three models had ranked 6 first, but
 * 8, 2 and 3 were the SVM's and LR's first and not naive Bayes's, so
 * those two have four failures to its one and it must be used most of the
 * time (each scoring draws anew; without the credit it would be a third). */
static void
test_auto (void)
{
  static const char * const texts[] = {
    "peer support burnout nurses", "soil bacteria crop", "peer support nurses stress", "burnout nurses stress",
    "crop yield soil", "bacteria yield crop", "peer support stress nurses", "soil crop bacteria yield",
    "burnout peer nurses", "nurses", "support", "stress crop", "peer yield", "burnout soil bacteria", "nurses crop",
  };
  enum { N = G_N_ELEMENTS (texts) };
  static const guint picked[] = { 6, 8, 2, 3 };
  static const WnRankModelKind kinds[] = { WN_RANK_MODEL_NB, WN_RANK_MODEL_SVM, WN_RANK_MODEL_LR };
  g_autoptr(WnRankFeatures) features = wn_rank_features_new (texts, N, NULL);
  g_autoptr(WnRankModel) model = wn_rank_model_new (WN_RANK_MODEL_AUTO);
  WnRankModel *alone[3];
  gint8 labels[N];
  float scores[N], part_scores[3][N];
  guint naive_bayes = 0;
  WnRankModelKind kind;

  g_assert_cmpstr (wn_rank_model_kind_to_string (WN_RANK_MODEL_AUTO), ==, "auto");
  g_assert_true (wn_rank_model_kind_from_string ("auto", &kind));
  g_assert_cmpint (kind, ==, WN_RANK_MODEL_AUTO);

  memset (labels, -1, sizeof labels);
  labels[0] = 1;
  labels[1] = 0;
  for (guint p = 0; p < 3; p++)
    alone[p] = wn_rank_model_new (kinds[p]);
  for (guint round = 0; round <= G_N_ELEMENTS (picked); round++)
    {
      gboolean same = FALSE;

      g_assert_true (wn_rank_model_train (model, features, labels));
      wn_rank_model_score (model, features, labels, scores);
      for (guint p = 0; p < 3; p++)
        {
          g_assert_true (wn_rank_model_train (alone[p], features, labels));
          wn_rank_model_score (alone[p], features, labels, part_scores[p]);
          same = same || memcmp (scores, part_scores[p], sizeof scores) == 0;
        }
      g_assert_true (same);
      if (round == G_N_ELEMENTS (picked))
        break;
      g_assert_cmpuint (top_unlabelled (part_scores[1], labels, N), ==, picked[round]);
      g_assert_cmpuint (top_unlabelled (part_scores[2], labels, N), ==, picked[round]);
      if (round == 0)
        g_assert_cmpuint (top_unlabelled (part_scores[0], labels, N), ==, picked[round]);
      else
        g_assert_cmpuint (top_unlabelled (part_scores[0], labels, N), !=, picked[round]);
      labels[picked[round]] = 0;
    }
  for (guint k = 0; k < 400; k++)
    {
      wn_rank_model_score (model, features, labels, scores);
      naive_bayes += memcmp (scores, part_scores[0], sizeof scores) == 0;
    }
  g_test_message ("naive Bayes used %u times in 400", naive_bayes);
  g_assert_cmpuint (naive_bayes, >, 200);
  for (guint p = 0; p < 3; p++)
    wn_rank_model_free (alone[p]);
}

/* ---- Metrics ----------------------------------------------------------------- */

/* WSS@r = (N' − k)/N' − (1 − r) at the first k with found(k) ≥ r·R';
 * RRF@x = found(round(x·N'))/R'. Each row worked by hand. */
static const struct
{
  guint  found[6];
  guint  len;
  guint  screenable;
  guint  relevant;
  double wss95;
  double rrf10;
} metric_table[] = {
  /* 2 relevant, both found by k = 3 of 10: WSS = 7/10 − 0.05; RRF@10 at k = 1. */
  { { 1, 1, 2 }, 3, 10, 2, 65.0, 50.0 },
  /* 20 relevant: 95% needs 19, never reached in the curve → undefined. */
  { { 1, 2, 3 }, 3, 10, 20, NAN, 5.0 },
  /* Perfect ranking of 4 relevant in 40: k = 4, WSS = 36/40 − 0.05 = 85;
   * RRF@10 at k = 4: all found. */
  { { 1, 2, 3, 4 }, 4, 40, 4, 85.0, 100.0 },
  /* The curve stops when all are found; RRF beyond it keeps the last value. */
  { { 0, 1 }, 2, 100, 1, 93.0, 100.0 },
};

static void
test_metrics (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (metric_table); i++)
    {
      g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
      double wss, rrf;

      g_array_append_vals (found, metric_table[i].found, metric_table[i].len);
      wss = wn_rank_wss (found, metric_table[i].screenable, metric_table[i].relevant, 0.95);
      rrf = wn_rank_rrf (found, metric_table[i].screenable, metric_table[i].relevant, 0.10);
      if (isnan (metric_table[i].wss95))
        g_assert_true (isnan (wss));
      else
        g_assert_cmpfloat_with_epsilon (wss, metric_table[i].wss95, 1e-9);
      g_assert_cmpfloat_with_epsilon (rrf, metric_table[i].rrf10, 1e-9);
    }
}

/* ---- Data sets and simulation ------------------------------------------------ */

static WnRankDataset *
load_fixture (void)
{
  g_autoptr(GError) error = NULL;
  const char *path = g_test_get_filename (G_TEST_DIST, "data", "rank", "simulate.csv", NULL);
  WnRankDataset *dataset = wn_rank_dataset_load (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  return dataset;
}

static void
test_dataset (void)
{
  g_autoptr(WnRankDataset) dataset = load_fixture ();

  /* Every row is kept, the one without a title too. */
  g_assert_cmpuint (dataset->texts->len, ==, 50);
  g_assert_cmpuint (dataset->labels->len, ==, 50);
  g_assert_cmpuint (dataset->relevant, ==, 13);
  g_assert_cmpstr (dataset->label_column, ==, "label_included");
  g_assert_cmpstr (dataset->texts->pdata[48], ==,
                   "The \"buddy\" scheme: peer support, burnout and nurses Peer support reduced burnout\n"
                   "in hospital staff (nurses).");
  g_assert_cmpstr (dataset->texts->pdata[49], ==, " Soil bacteria and crop yield under rainfall models.");
}

static void
test_simulation_deterministic (void)
{
  g_autoptr(WnRankDataset) dataset = load_fixture ();
  g_autoptr(WnRankFeatures) features = NULL;
  const gboolean *labels = (const gboolean *) dataset->labels->data;

  features = wn_rank_features_new ((const char * const *) dataset->texts->pdata, dataset->texts->len, NULL);
  for (int model = WN_RANK_MODEL_NB; model <= WN_RANK_MODEL_AUTO; model++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WnRankSimResult) a = NULL;
      g_autoptr(WnRankSimResult) b = NULL;
      g_autoptr(WnRankSimResult) other = NULL;
      WnRankSimOptions options;
      gboolean priors_differ = FALSE;

      wn_rank_sim_options_init (&options);
      options.model = model;
      options.seed = 42;
      a = wn_rank_simulate (features, labels, &options, NULL, &error);
      g_assert_no_error (error);
      b = wn_rank_simulate (features, labels, &options, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (a->prior_relevant, ==, b->prior_relevant);
      g_assert_cmpuint (a->prior_irrelevant, ==, b->prior_irrelevant);
      g_assert_true (labels[a->prior_relevant]);
      g_assert_false (labels[a->prior_irrelevant]);
      g_assert_cmpuint (a->found->len, ==, b->found->len);
      g_assert_cmpmem (a->found->data, a->found->len * sizeof (guint), b->found->data, b->found->len * sizeof (guint));
      g_assert_cmpfloat (a->wss95, ==, b->wss95);
      g_assert_cmpfloat (a->rrf10, ==, b->rrf10);
      /* It ends when every relevant record is found, and a simple topic
       * split like this one is easy: most of the work is saved. */
      g_assert_cmpuint (g_array_index (a->found, guint, a->found->len - 1), ==, 12);
      g_assert_cmpfloat (a->wss95, >, 50);

      /* Another seed starts elsewhere. */
      for (guint64 seed = 0; seed < 20 && !priors_differ; seed++)
        {
          g_clear_pointer (&other, wn_rank_sim_result_free);
          options.seed = seed;
          other = wn_rank_simulate (features, labels, &options, NULL, &error);
          g_assert_no_error (error);
          priors_differ = other->prior_relevant != a->prior_relevant;
        }
      g_assert_true (priors_differ);
    }
}

static void
test_simulation_refuses (void)
{
  static const char * const texts[] = { "alpha beta", "alpha gamma", "beta gamma" };
  static const gboolean none[] = { FALSE, FALSE, FALSE };
  g_autoptr(WnRankFeatures) features = wn_rank_features_new (texts, 3, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WnRankSimResult) result = NULL;
  WnRankSimOptions options;

  wn_rank_sim_options_init (&options);
  result = wn_rank_simulate (features, none, &options, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* ---- A reviewer's queue -------------------------------------------------------- */

typedef struct
{
  char      *dir;
  WnProject *project;
  GArray    *ids;
} Fixture;

static const char * const topics[] = {
  "peer support for nurses with burnout", "soil bacteria and crop yield", "resilience training for hospital staff",
  "river sediment transport models",
};

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnSearch) search = wn_search_new ();
  g_autoptr(WnSearchWriter) writer = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("winnow-test-rank-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "review.winnow", NULL);
  fixture->project = wn_project_create (path, "Ranking", &error);
  g_assert_no_error (error);
  fixture->ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  search->database = g_strdup ("PubMed");
  search->file_name = g_strdup ("fixture.ris");
  search->file_sha256 = g_strdup ("0123456789abcdef0123456789abcdef");
  writer = wn_project_begin_search (fixture->project, search, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(WnRecord) record = wn_record_new ();
      gint64 id;

      record->title = g_strdup_printf ("Study %u of %s", i, topics[i % G_N_ELEMENTS (topics)]);
      record->abstract = g_strdup_printf ("We report on %s and on %s in cohort %u.", topics[i % G_N_ELEMENTS (topics)],
                                          topics[(i / 3) % G_N_ELEMENTS (topics)], i % 5);
      record->year = g_strdup ("2021");
      record->source_text = g_strdup (record->title);
      wn_record_add_field (record, "TI", record->title);
      id = wn_search_writer_add (writer, record, &error);
      g_assert_no_error (error);
      g_array_append_val (fixture->ids, id);
    }
  g_assert_true (wn_search_writer_commit (writer, &error));
  g_assert_true (wn_project_add_reviewer (fixture->project, "alice", "reviewer", &error));
  g_assert_true (wn_project_add_reviewer (fixture->project, "bob", "reviewer", &error));
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
  g_free (fixture->dir);
  g_array_unref (fixture->ids);
}

#define ID(i) g_array_index (fixture->ids, gint64, (i))

static void
vote (Fixture    *fixture,
      const char *who,
      guint       i,
      WnVerdict   verdict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnDecision) event = wn_project_decide (fixture->project, who, WN_STAGE_TA, ID (i), verdict, NULL, NULL,
                                                   NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (event);
}

/* Field by field: WnRankEntry has padding, which memcmp would compare. */
static void
assert_same_queue (const WnRankQueue *a,
                   const WnRankQueue *b)
{
  g_assert_cmpuint (a->entries->len, ==, b->entries->len);
  for (guint k = 0; k < a->entries->len; k++)
    {
      const WnRankEntry *x = &g_array_index (a->entries, WnRankEntry, k);
      const WnRankEntry *y = &g_array_index (b->entries, WnRankEntry, k);

      g_assert_cmpint (x->record_id, ==, y->record_id);
      g_assert_cmpfloat (x->score, ==, y->score);
    }
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The queue holds exactly the records the reviewer has not decided: a
 * permutation of them, nothing hidden, nothing repeated. */
static void
assert_permutation (Fixture           *fixture,
                    const WnRankQueue *queue,
                    const char        *reviewer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) states = wn_project_screening_queue (fixture->project, WN_STAGE_TA, reviewer, WN_QUEUE_ORDER_ID,
                                                         0, 0, &error);
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_no_error (error);
  for (guint i = 0; i < states->len; i++)
    if (g_array_index (states, WnScreeningState, i).mine == WN_VERDICT_NONE)
      g_array_append_val (expected, g_array_index (states, WnScreeningState, i).record_id);
  for (guint i = 0; i < queue->entries->len; i++)
    g_array_append_val (got, g_array_index (queue->entries, WnRankEntry, i).record_id);
  g_array_sort (got, compare_ids);
  g_assert_cmpuint (got->len, ==, expected->len);
  g_assert_cmpmem (got->data, got->len * sizeof (gint64), expected->data, expected->len * sizeof (gint64));
}

static void
test_queue_permutation (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnRankQueue) untrained = NULL;
  g_autoptr(WnRankQueue) trained = NULL;
  g_autoptr(WnRankQueue) missing = NULL;

  /* Untrained (no decision, then only includes): snapshot order, all kept. */
  untrained = wn_project_rank_queue (fixture->project, "alice", WN_RANK_MODEL_SVM, &error);
  g_assert_no_error (error);
  g_assert_false (untrained->trained);
  g_assert_cmpuint (untrained->entries->len, ==, 40);
  assert_permutation (fixture, untrained, "alice");
  vote (fixture, "alice", 0, WN_VERDICT_INCLUDE);
  g_clear_pointer (&untrained, wn_rank_queue_free);
  untrained = wn_project_rank_queue (fixture->project, "alice", WN_RANK_MODEL_SVM, &error);
  g_assert_no_error (error);
  g_assert_false (untrained->trained);
  assert_permutation (fixture, untrained, "alice");

  /* Trained: records like the included one first. */
  vote (fixture, "alice", 1, WN_VERDICT_EXCLUDE);
  vote (fixture, "alice", 5, WN_VERDICT_EXCLUDE);
  vote (fixture, "alice", 2, WN_VERDICT_MAYBE);
  for (int model = WN_RANK_MODEL_NB; model <= WN_RANK_MODEL_SVM; model++)
    {
      g_clear_pointer (&trained, wn_rank_queue_free);
      trained = wn_project_rank_queue (fixture->project, "alice", model, &error);
      g_assert_no_error (error);
      g_assert_true (trained->trained);
      g_assert_cmpuint (trained->entries->len, ==, 36);
      assert_permutation (fixture, trained, "alice");
      /* Record 4 is about peer support, as record 0 was; 9 about soil. */
      for (guint k = 0; k < trained->entries->len; k++)
        {
          gint64 id = g_array_index (trained->entries, WnRankEntry, k).record_id;

          g_assert_cmpint (id, !=, ID (9));
          if (id == ID (4))
            break;
        }
    }

  /* Progress: four decisions, two includes (the maybe counts), one since. */
  g_assert_cmpuint (trained->decided, ==, 4);
  g_assert_cmpuint (trained->included, ==, 2);
  g_assert_cmpuint (trained->since_last_include, ==, 0);
  g_assert_cmpuint (trained->found->len, ==, 4);
  g_assert_cmpuint (g_array_index (trained->found, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (trained->found, guint, 2), ==, 1);
  g_assert_cmpuint (g_array_index (trained->found, guint, 3), ==, 2);

  /* A withdrawn vote puts the record back in the queue. */
  vote (fixture, "alice", 5, WN_VERDICT_NONE);
  g_clear_pointer (&trained, wn_rank_queue_free);
  trained = wn_project_rank_queue (fixture->project, "alice", WN_RANK_MODEL_SVM, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trained->entries->len, ==, 37);
  assert_permutation (fixture, trained, "alice");
  g_assert_cmpuint (trained->since_last_include, ==, 0);

  missing = wn_project_rank_queue (fixture->project, "nobody", WN_RANK_MODEL_SVM, &error);
  g_assert_null (missing);
  g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_NO_REVIEWER);
}

/* Bob's decisions, even contrary ones on the same records, leave Alice's
 * ranking exactly as it was. */
static void
test_queue_independence (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnRankQueue) before = NULL;
  g_autoptr(WnRankQueue) after = NULL;
  g_autoptr(WnRankQueue) bobs = NULL;

  vote (fixture, "alice", 0, WN_VERDICT_INCLUDE);
  vote (fixture, "alice", 1, WN_VERDICT_EXCLUDE);
  vote (fixture, "alice", 3, WN_VERDICT_EXCLUDE);
  before = wn_project_rank_queue (fixture->project, "alice", WN_RANK_MODEL_SVM, &error);
  g_assert_no_error (error);

  vote (fixture, "bob", 0, WN_VERDICT_EXCLUDE);
  vote (fixture, "bob", 1, WN_VERDICT_INCLUDE);
  vote (fixture, "bob", 5, WN_VERDICT_INCLUDE);
  vote (fixture, "bob", 9, WN_VERDICT_EXCLUDE);
  vote (fixture, "bob", 13, WN_VERDICT_INCLUDE);
  after = wn_project_rank_queue (fixture->project, "alice", WN_RANK_MODEL_SVM, &error);
  g_assert_no_error (error);

  assert_same_queue (before, after);
  g_assert_cmpuint (after->decided, ==, 3);

  /* And Bob's queue is his own: without the records he decided. */
  bobs = wn_project_rank_queue (fixture->project, "bob", WN_RANK_MODEL_SVM, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bobs->entries->len, ==, 35);
  assert_permutation (fixture, bobs, "bob");
}

static void
rank_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  WnRankQueue **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = wn_project_rank_queue_finish (WN_PROJECT (source), result, &error);
  g_assert_no_error (error);
}

/* The asynchronous form gives what the synchronous one gives. */
static void
test_queue_async (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnRankQueue) sync = NULL;
  g_autoptr(WnRankQueue) async = NULL;

  g_autoptr(WnRanker) ranker = wn_ranker_new (WN_RANK_MODEL_NB);
  g_autoptr(WnRankQueue) cached = NULL;
  g_autoptr(WnRankQueue) fresh = NULL;

  vote (fixture, "alice", 0, WN_VERDICT_INCLUDE);
  vote (fixture, "alice", 1, WN_VERDICT_EXCLUDE);
  sync = wn_project_rank_queue (fixture->project, "alice", WN_RANK_MODEL_NB, &error);
  g_assert_no_error (error);
  wn_project_rank_queue_async (fixture->project, "alice", ranker, NULL, rank_ready_cb, &async);
  while (async == NULL)
    g_main_context_iteration (NULL, TRUE);
  assert_same_queue (sync, async);

  /* Again with the same ranker after more decisions (features kept, the
   * model warm): naive Bayes is exact, so the same as from scratch. */
  vote (fixture, "alice", 4, WN_VERDICT_INCLUDE);
  vote (fixture, "alice", 7, WN_VERDICT_EXCLUDE);
  wn_project_rank_queue_async (fixture->project, "alice", ranker, NULL, rank_ready_cb, &cached);
  while (cached == NULL)
    g_main_context_iteration (NULL, TRUE);
  fresh = wn_project_rank_queue (fixture->project, "alice", WN_RANK_MODEL_NB, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cached->entries->len, ==, 36);
  g_assert_cmpuint (fresh->entries->len, ==, cached->entries->len);
  for (guint k = 0; k < fresh->entries->len; k++)
    {
      g_assert_cmpint (g_array_index (fresh->entries, WnRankEntry, k).record_id, ==,
                       g_array_index (cached->entries, WnRankEntry, k).record_id);
      g_assert_cmpfloat_with_epsilon (g_array_index (fresh->entries, WnRankEntry, k).score,
                                      g_array_index (cached->entries, WnRankEntry, k).score, 1e-4);
    }
}

/* ---- The simulate command ------------------------------------------------------ */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run                *run,
         const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("WINNOW_CLI");
  int wait_status = 0;

  if (cli == NULL)
    {
      g_test_skip ("WINNOW_CLI is not set");
      return;
    }
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run->out, &run->err,
                               &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

static void
test_cli_simulate (void)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "data", "rank", "simulate.csv", NULL);
  const char *args[] = { "simulate", path, "--seed", "3", "--json", NULL };
  const char *args_runs[] = { "simulate", path, "--runs", "3", "--model", "nb", "--json", NULL };
  const char *args_human[] = { "simulate", path, NULL };
  const char *args_bad_model[] = { "simulate", path, "--model", "forest", NULL };
  const char *args_missing[] = { "simulate", "/nonexistent/data.csv", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) again_parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *no_label = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) runs = { 0 };
  g_auto(Run) human = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(Run) missing = { 0 };
  g_auto(Run) unlabelled = { 0 };
  JsonObject *object, *again_object;
  JsonArray *curve;

  run_cli (&run, args);
  if (g_test_failed () || run.out == NULL)
    return;
  g_assert_cmpint (run.status, ==, 0);
  object = parse_object (parser, run.out);
  g_assert_true (json_object_has_member (object, "wss95"));
  g_assert_true (json_object_has_member (object, "rrf10"));
  g_assert_true (json_object_has_member (object, "seconds_per_iteration"));
  g_assert_cmpint (json_object_get_int_member (object, "records"), ==, 50);
  g_assert_cmpint (json_object_get_int_member (object, "relevant"), ==, 13);
  g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "auto");
  g_assert_cmpfloat (json_object_get_double_member (object, "wss95"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (object, "wss95"), <=, 95);
  g_assert_cmpfloat (json_object_get_double_member (object, "rrf10"), >=, 0);
  g_assert_cmpfloat (json_object_get_double_member (object, "rrf10"), <=, 100);
  g_assert_cmpfloat (json_object_get_double_member (object, "seconds_per_iteration"), >=, 0);
  curve = json_object_get_array_member (object, "recall_curve");
  g_assert_cmpuint (json_array_get_length (curve), >, 0);
  g_assert_cmpfloat (json_array_get_double_element (curve, json_array_get_length (curve) - 1), ==, 1.0);

  /* The same seed, the same result. */
  run_cli (&again, args);
  again_object = parse_object (again_parser, again.out);
  g_assert_cmpfloat (json_object_get_double_member (object, "wss95"), ==,
                     json_object_get_double_member (again_object, "wss95"));
  g_assert_cmpfloat (json_object_get_double_member (object, "rrf10"), ==,
                     json_object_get_double_member (again_object, "rrf10"));
  g_assert_cmpuint (json_array_get_length (curve), ==,
                    json_array_get_length (json_object_get_array_member (again_object, "recall_curve")));

  run_cli (&runs, args_runs);
  g_assert_cmpint (runs.status, ==, 0);
  g_assert_nonnull (strstr (runs.out, "\"runs\":3"));
  g_assert_nonnull (strstr (runs.out, "\"model\":\"nb\""));

  run_cli (&human, args_human);
  g_assert_cmpint (human.status, ==, 0);
  g_assert_nonnull (strstr (human.out, "WSS@95"));

  run_cli (&bad, args_bad_model);
  g_assert_cmpint (bad.status, ==, 2);
  run_cli (&missing, args_missing);
  g_assert_cmpint (missing.status, ==, 1);

  dir = g_dir_make_tmp ("winnow-test-rank-cli-XXXXXX", &error);
  g_assert_no_error (error);
  no_label = g_build_filename (dir, "no-label.csv", NULL);
  g_assert_true (g_file_set_contents (no_label, "title,abstract\nA,B\nC,D\n", -1, &error));
  {
    const char *args_no_label[] = { "simulate", no_label, NULL };

    run_cli (&unlabelled, args_no_label);
  }
  g_assert_cmpint (unlabelled.status, ==, 1);
  g_assert_nonnull (strstr (unlabelled.err, "no-label.csv:1:"));
  g_remove (no_label);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wn/core/rank/tfidf", test_tfidf);
  g_test_add_func ("/wn/core/rank/tfidf-bounds", test_tfidf_bounds);
  g_test_add_func ("/wn/core/rank/tfidf-stop-words", test_tfidf_stop_words);
  g_test_add_func ("/wn/core/rank/naive-bayes", test_naive_bayes);
  g_test_add_func ("/wn/core/rank/svm", test_svm);
  g_test_add_func ("/wn/core/rank/logistic-regression", test_logistic_regression);
  g_test_add_func ("/wn/core/rank/pseudo-negatives", test_pseudo_negatives);
  g_test_add_func ("/wn/core/rank/auto", test_auto);
  g_test_add_func ("/wn/core/rank/metrics", test_metrics);
  g_test_add_func ("/wn/core/rank/dataset", test_dataset);
  g_test_add_func ("/wn/core/rank/simulation-deterministic", test_simulation_deterministic);
  g_test_add_func ("/wn/core/rank/simulation-refuses", test_simulation_refuses);
  g_test_add ("/wn/core/rank/queue-permutation", Fixture, NULL, fixture_set_up, test_queue_permutation,
              fixture_tear_down);
  g_test_add ("/wn/core/rank/queue-independence", Fixture, NULL, fixture_set_up, test_queue_independence,
              fixture_tear_down);
  g_test_add ("/wn/core/rank/queue-async", Fixture, NULL, fixture_set_up, test_queue_async, fixture_tear_down);
  g_test_add_func ("/wn/core/rank/cli-simulate", test_cli_simulate);

  return g_test_run ();
}
