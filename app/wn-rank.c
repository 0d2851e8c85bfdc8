/* wn-rank.c — prioritised screening
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See wn-rank.h for the layers. The maths, each with its contract:
 *
 * TF-IDF (as scikit-learn's TfidfVectorizer with sublinear_tf, smooth_idf
 * and norm "l2", which ASReview uses).
 *   Input: n texts. Tokens are maximal runs of Unicode letters and digits,
 *   lower-cased, of two characters or more (scikit-learn's \b\w\w+\b);
 *   English stop words are kept unless asked (dropping them cost 2–7 points
 *   of WSS@95 on every benchmark set: "effect of", "in children" carry the
 *   topic); a bigram is two adjacent tokens. tf(t, d) = occurrences of term t in text d; df(t) = texts holding
 *   t. Terms with df < min_df or df > max_df·n are dropped.
 *   Output: x(d, t) = (1 + ln tf) · idf(t), idf(t) = ln((1 + n)/(1 + df)) + 1,
 *   then each row divided by its Euclidean norm.
 *   Reference: Manning, Raghavan & Schütze, Introduction to Information
 *   Retrieval (2008) §6.4.1 (sublinear tf) and scikit-learn's documentation
 *   of TfidfTransformer (the smoothed idf).
 *
 * Multinomial naive Bayes (McCallum & Nigam 1998), on TF-IDF weights as
 * ASReview does.
 *   Input: rows x_i with labels y_i ∈ {0, 1} and per-class weights w_c.
 *   F_c(t) = w_c · Σ_{y_i = c} x_i(t); θ_c(t) = ln(F_c(t) + α) − ln(Σ_t F_c(t) + αV),
 *   V the vocabulary size, α = 3.822 (ASReview's default).
 *   prior_c = ln(N_c / (N_0 + N_1)) with N_c the class's weighted count.
 *   Output: score(x) = prior_1 − prior_0 + Σ_t x(t) (θ_1(t) − θ_0(t)), the
 *   log-odds of relevance, monotone in ASReview's predict_proba.
 *
 * "Double" dynamic balance (ASReview ≤ 1.x, asreview/balance_strategies/
 * double.py), made deterministic: instead of resampling, each class gets
 * the weight of its expected number of draws.
 *   n_1, n_0 labelled relevant / irrelevant, n = n_1 + n_0;
 *   W_1 = a (n_1/n_0)^(−α_b), a = 2.155, α_b = 0.94;
 *   W_0 = 1 − (1 − b)(1 + ln n)^(−β), b = 0.789, β = 1;
 *   N_1 = clamp(W_1 n_1 n / (W_1 n_1 + W_0 n_0), 1, n − 2) (at least 1),
 *   N_0 = n − N_1; w_c = N_c / n_c.
 *
 * Linear SVM: L2-regularised squared-hinge loss with class weights,
 *   min_w ½‖w‖² + Σ_i C_i max(0, 1 − y_i (w·x_i + b))², y_i ∈ {−1, +1},
 *   the bias b learnt as the weight of a constant feature 1 (liblinear's
 *   convention), solved by dual coordinate descent (Hsieh, Chang, Lin,
 *   Keerthi & Sundararajan, ICML 2008, algorithm 1 with D_ii = 1/(2C_i)).
 *   Class weights as ASReview 2's "Balanced" sampler: 1 for a relevant row,
 *   n_1/(ρ n_0) for an irrelevant one, then all scaled so they sum to n; so
 *   the relevant rows weigh ρ times the irrelevant ones in all.
 *   C_i = C · weight_i, C = 0.11 (ASReview 2's ELAS u4), ρ = 100 (chosen on
 *   the benchmark: ρ = 9.8, ELAS's value, found fewer; 1000 too few). The
 *   dual variables are kept
 *   between calls, so a retrain starts from the previous optimum: that is
 *   the incremental training. Output: score(x) = w·x + b.
 *
 * Logistic regression: L2-regularised, class-weighted as the SVM,
 *   min_w ½‖w‖² + Σ_i C_i ln(1 + exp(−y_i (w·x_i + b))), bias as above,
 *   solved by dual coordinate descent (Yu, Huang & Lin 2011, Machine
 *   Learning 85:41; liblinear's solve_l2r_lr_dual), C = 2, ρ = 100 (chosen
 *   on the benchmark's four Ferdinands sets: C = 1…10, ρ = 20…300 tried).
 *   Warm start: the dual variables are kept, each scaled with its class's
 *   cost when the costs change. Output: score(x) = w·x + b.
 *
 * The two metrics of the simulation are defined after the priors are
 * removed (as in ASReview and Ferdinands et al. 2023, Syst Rev 12:100):
 *   N' = records − 2, R' = relevant − 1, found(k) = relevant among the first
 *   k queried records.
 *   WSS@r (Cohen, Hersh, Peterson & Yen 2006, JAMIA 13:206) =
 *     100 · ((N' − k_r)/N' − (1 − r)), k_r the least k with found(k) ≥ r·R'.
 *   RRF@x = 100 · found(round(x·N')) / R'.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "wn-project-private.h"
#include "wn-rank.h"
#include "wn-screening-private.h"

#define NB_ALPHA          3.822
#define DOUBLE_A          2.155
#define DOUBLE_ALPHA      0.94
#define DOUBLE_B          0.789
#define DOUBLE_BETA       1.0
#define SVM_C             0.11
#define SVM_RATIO         100.0
#define SVM_EPS           0.1
#define SVM_MAX_EPOCHS    200
#define LR_C              2.0
#define LR_RATIO          100.0
#define LR_EPS            0.1
#define LR_MAX_EPOCHS     100
#define AUTO_PARTS        3
#define AUTO_DECAY        0.98

const char *
wn_rank_model_kind_to_string (WnRankModelKind kind)
{
  switch (kind)
    {
    case WN_RANK_MODEL_NB:
      return "nb";
    case WN_RANK_MODEL_SVM:
      return "svm";
    case WN_RANK_MODEL_MIX:
      return "mix";
    case WN_RANK_MODEL_LR:
      return "lr";
    case WN_RANK_MODEL_AUTO:
      return "auto";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
wn_rank_model_kind_from_string (const char      *text,
                                WnRankModelKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (g_strcmp0 (text, "nb") == 0)
    *kind = WN_RANK_MODEL_NB;
  else if (g_strcmp0 (text, "svm") == 0)
    *kind = WN_RANK_MODEL_SVM;
  else if (g_strcmp0 (text, "mix") == 0)
    *kind = WN_RANK_MODEL_MIX;
  else if (g_strcmp0 (text, "lr") == 0)
    *kind = WN_RANK_MODEL_LR;
  else if (g_strcmp0 (text, "auto") == 0)
    *kind = WN_RANK_MODEL_AUTO;
  else
    return FALSE;
  return TRUE;
}

/* ---- A map from 64-bit keys to term numbers -------------------------------
 *
 * Open addressing with linear probing. A GHashTable would need a boxed key
 * per bigram; a corpus of 10,000 abstracts has about a million of them. */

typedef struct
{
  guint64 *keys;   /* 0 = empty slot */
  guint32 *values;
  gsize    size;   /* a power of two */
  gsize    used;
} KeyMap;

static void
key_map_init (KeyMap *map)
{
  map->size = 1 << 12;
  map->used = 0;
  map->keys = g_new0 (guint64, map->size);
  map->values = g_new (guint32, map->size);
}

static void
key_map_clear (KeyMap *map)
{
  g_clear_pointer (&map->keys, g_free);
  g_clear_pointer (&map->values, g_free);
}

static inline gsize
key_hash (guint64 key)
{
  /* Murmur3's 64-bit finaliser. */
  key ^= key >> 33;
  key *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  key ^= key >> 33;
  key *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  key ^= key >> 33;
  return (gsize) key;
}

static gboolean
key_map_find (const KeyMap *map,
              guint64       key,
              guint32      *value)
{
  gsize mask = map->size - 1;

  g_assert (key != 0);
  for (gsize at = key_hash (key) & mask;; at = (at + 1) & mask)
    {
      if (map->keys[at] == 0)
        return FALSE;
      if (map->keys[at] == key)
        {
          *value = map->values[at];
          return TRUE;
        }
    }
}

static void
key_map_grow (KeyMap *map)
{
  KeyMap bigger = { NULL, NULL, map->size * 2, 0 };

  bigger.keys = g_new0 (guint64, bigger.size);
  bigger.values = g_new (guint32, bigger.size);
  for (gsize i = 0; i < map->size; i++)
    if (map->keys[i] != 0)
      {
        gsize mask = bigger.size - 1;
        gsize at = key_hash (map->keys[i]) & mask;

        while (bigger.keys[at] != 0)
          at = (at + 1) & mask;
        bigger.keys[at] = map->keys[i];
        bigger.values[at] = map->values[i];
        bigger.used++;
      }
  key_map_clear (map);
  *map = bigger;
}

/* The value of key, inserting next_value when it is new. */
static guint32
key_map_intern (KeyMap  *map,
                guint64  key,
                guint32  next_value,
                gboolean *added)
{
  gsize mask;
  gsize at;

  if ((map->used + 1) * 2 > map->size)
    key_map_grow (map);
  mask = map->size - 1;
  for (at = key_hash (key) & mask; map->keys[at] != 0; at = (at + 1) & mask)
    if (map->keys[at] == key)
      {
        *added = FALSE;
        return map->values[at];
      }
  map->keys[at] = key;
  map->values[at] = next_value;
  map->used++;
  *added = TRUE;
  return next_value;
}

/* ---- Tokens ----------------------------------------------------------- */

/* English stop words: the most frequent function words of scikit-learn's
 * list. Dropping them keeps bigrams such as "of the" out of the vocabulary. */
static const char * const english_stop_words[] = {
  "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
  "be", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
  "does", "doing", "down", "during", "each", "either", "else", "etc", "ever", "every", "few", "for", "from",
  "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself",
  "his", "how", "however", "if", "in", "into", "is", "it", "its", "itself", "may", "me", "might", "more",
  "most", "must", "my", "myself", "neither", "no", "nor", "not", "of", "off", "on", "once", "one", "only",
  "or", "other", "our", "ours", "ourselves", "out", "over", "own", "per", "same", "she", "should", "so",
  "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there",
  "therefore", "these", "they", "this", "those", "though", "through", "thus", "to", "too", "under", "until",
  "up", "upon", "us", "very", "via", "was", "we", "were", "what", "when", "where", "whether", "which",
  "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you",
  "your", "yours", "yourself", "yourselves",
};

static GHashTable *
get_stop_words (void)
{
  static GHashTable *set;

  if (g_once_init_enter (&set))
    {
      GHashTable *words = g_hash_table_new (g_str_hash, g_str_equal);

      for (gsize i = 0; i < G_N_ELEMENTS (english_stop_words); i++)
        g_hash_table_add (words, (gpointer) english_stop_words[i]);
      g_once_init_leave (&set, words);
    }
  return set;
}

/* Calls emit for each token of text, lower-cased, stop words dropped when
 * asked. buffer is scratch space. */
static void
tokenise (const char *text,
          gboolean    stop_words,
          GString    *buffer,
          void      (*emit) (const char *token, gsize len, gpointer data),
          gpointer    data)
{
  GHashTable *stop = stop_words ? get_stop_words () : NULL;
  guint chars = 0;
  const char *p = text;

  g_string_truncate (buffer, 0);
  for (;;)
    {
      gunichar c = *p != '\0' ? g_utf8_get_char_validated (p, -1) : 0;

      if (c != 0 && c != (gunichar) -1 && c != (gunichar) -2 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (buffer, g_unichar_tolower (c));
          chars++;
        }
      else
        {
          if (chars >= 2 && !(stop != NULL && g_hash_table_contains (stop, buffer->str)))
            emit (buffer->str, buffer->len, data);
          g_string_truncate (buffer, 0);
          chars = 0;
        }
      if (*p == '\0')
        break;
      if (c == (gunichar) -1 || c == (gunichar) -2)
        p++;
      else
        p = g_utf8_next_char (p);
    }
}

/* ---- Features ------------------------------------------------------------- */

struct _WnRankFeatures
{
  guint       n_rows;
  guint       n_terms;
  guint32    *row_start; /* n_rows + 1 */
  guint32    *columns;
  float      *values;
  /* For lookups: the words, and each raw term's column (-1 when dropped). */
  GHashTable *words;     /* char * → word number + 1 */
  KeyMap      terms;     /* key → raw term number */
  gint32     *column_of; /* raw term number → column */
};

void
wn_rank_feature_options_init (WnRankFeatureOptions *options)
{
  g_return_if_fail (options != NULL);

  options->min_df = 2;
  options->max_df = 0.95;
  options->bigrams = TRUE;
  options->stop_words = FALSE;
}

typedef struct
{
  GHashTable *words;
  GArray     *ids; /* guint32: the word numbers of one text */
} TokenSink;

static void
collect_word_cb (const char *token,
                 gsize       len,
                 gpointer    data)
{
  TokenSink *sink = data;
  gpointer value;
  guint32 id;

  if (g_hash_table_lookup_extended (sink->words, token, NULL, &value))
    id = GPOINTER_TO_UINT (value) - 1;
  else
    {
      id = g_hash_table_size (sink->words);
      g_hash_table_insert (sink->words, g_strndup (token, len), GUINT_TO_POINTER (id + 1));
    }
  g_array_append_val (sink->ids, id);
}

/* A unigram's key is (word + 1) << 32; a bigram's adds the second word + 1. */
static inline guint64
term_key (guint32 first,
          gint64  second)
{
  return ((guint64) first + 1) << 32 | (guint64) (second + 1);
}

static int
compare_u32 (gconstpointer a,
             gconstpointer b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

WnRankFeatures *
wn_rank_features_new (const char * const         *texts,
                      guint                       n,
                      const WnRankFeatureOptions *options)
{
  WnRankFeatureOptions defaults;
  WnRankFeatures *self;
  g_autoptr(GString) buffer = g_string_new (NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) doc_terms = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) raw_start = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) raw_terms = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) raw_tf = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) df = g_array_new (FALSE, TRUE, sizeof (guint32));
  g_autofree double *idf = NULL;
  TokenSink sink;
  guint32 n_raw = 0;
  guint32 zero = 0;
  gsize nnz = 0;

  g_return_val_if_fail (texts != NULL || n == 0, NULL);

  if (options == NULL)
    {
      wn_rank_feature_options_init (&defaults);
      options = &defaults;
    }

  self = g_new0 (WnRankFeatures, 1);
  self->n_rows = n;
  self->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  key_map_init (&self->terms);
  sink.words = self->words;
  sink.ids = ids;

  /* Pass 1: raw term counts per text. */
  g_array_append_val (raw_start, zero);
  for (guint d = 0; d < n; d++)
    {
      guint32 *terms;
      guint len;

      g_array_set_size (ids, 0);
      g_array_set_size (doc_terms, 0);
      if (texts[d] != NULL)
        tokenise (texts[d], options->stop_words, buffer, collect_word_cb, &sink);
      for (guint k = 0; k < ids->len; k++)
        {
          guint32 w = g_array_index (ids, guint32, k);
          gboolean added;
          guint32 t;

          t = key_map_intern (&self->terms, term_key (w, -1), n_raw, &added);
          n_raw += added;
          g_array_append_val (doc_terms, t);
          if (options->bigrams && k + 1 < ids->len)
            {
              t = key_map_intern (&self->terms, term_key (w, g_array_index (ids, guint32, k + 1)), n_raw, &added);
              n_raw += added;
              g_array_append_val (doc_terms, t);
            }
        }
      g_array_set_size (df, n_raw);
      g_array_sort (doc_terms, compare_u32);
      terms = (guint32 *) doc_terms->data;
      len = doc_terms->len;
      for (guint k = 0; k < len;)
        {
          guint32 count = 1;

          while (k + count < len && terms[k + count] == terms[k])
            count++;
          g_array_append_val (raw_terms, terms[k]);
          g_array_append_val (raw_tf, count);
          g_array_index (df, guint32, terms[k])++;
          k += count;
        }
      g_array_append_val (raw_start, raw_terms->len);
    }

  /* The vocabulary: terms within the document-frequency bounds. */
  self->column_of = g_new (gint32, MAX (n_raw, 1));
  idf = g_new (double, MAX (n_raw, 1));
  for (guint32 t = 0; t < n_raw; t++)
    {
      guint32 f = g_array_index (df, guint32, t);

      if (f >= options->min_df && f <= options->max_df * n)
        {
          idf[self->n_terms] = log ((1.0 + n) / (1.0 + f)) + 1.0;
          self->column_of[t] = (gint32) self->n_terms++;
        }
      else
        self->column_of[t] = -1;
    }

  for (guint i = 0; i < raw_terms->len; i++)
    nnz += self->column_of[g_array_index (raw_terms, guint32, i)] >= 0;
  self->row_start = g_new (guint32, n + 1);
  self->columns = g_new (guint32, MAX (nnz, 1));
  self->values = g_new (float, MAX (nnz, 1));

  /* Pass 2: weights, each row normalised. Columns stay ascending within a
   * row because raw numbers were sorted and the renumbering keeps order. */
  nnz = 0;
  for (guint d = 0; d < n; d++)
    {
      guint32 from = g_array_index (raw_start, guint32, d);
      guint32 to = g_array_index (raw_start, guint32, d + 1);
      gsize first = nnz;
      double norm = 0;

      self->row_start[d] = (guint32) nnz;
      for (guint32 k = from; k < to; k++)
        {
          gint32 column = self->column_of[g_array_index (raw_terms, guint32, k)];
          double value;

          if (column < 0)
            continue;
          value = (1.0 + log (g_array_index (raw_tf, guint32, k))) * idf[column];
          self->columns[nnz] = (guint32) column;
          self->values[nnz] = (float) value;
          norm += value * value;
          nnz++;
        }
      norm = sqrt (norm);
      for (gsize k = first; k < nnz && norm > 0; k++)
        self->values[k] = (float) (self->values[k] / norm);
    }
  self->row_start[n] = (guint32) nnz;
  return self;
}

void
wn_rank_features_free (WnRankFeatures *self)
{
  if (self == NULL)
    return;
  g_free (self->row_start);
  g_free (self->columns);
  g_free (self->values);
  g_clear_pointer (&self->words, g_hash_table_unref);
  key_map_clear (&self->terms);
  g_free (self->column_of);
  g_free (self);
}

guint
wn_rank_features_get_n_rows (const WnRankFeatures *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_rows;
}

guint
wn_rank_features_get_n_terms (const WnRankFeatures *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_terms;
}

gint
wn_rank_features_lookup (const WnRankFeatures *self,
                         const char           *term)
{
  g_auto(GStrv) parts = NULL;
  gint64 ids[2] = { -1, -1 };
  guint n_parts;
  guint32 raw;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (term != NULL, -1);

  parts = g_strsplit (term, " ", -1);
  n_parts = g_strv_length (parts);
  if (n_parts < 1 || n_parts > 2)
    return -1;
  for (guint i = 0; i < n_parts; i++)
    {
      gpointer value;

      if (!g_hash_table_lookup_extended (self->words, parts[i], NULL, &value))
        return -1;
      ids[i] = GPOINTER_TO_UINT (value) - 1;
    }
  if (!key_map_find (&self->terms, term_key ((guint32) ids[0], ids[1]), &raw))
    return -1;
  return self->column_of[raw];
}

float
wn_rank_features_get (const WnRankFeatures *self,
                      guint                 row,
                      gint                  column)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (row < self->n_rows, 0);

  for (guint32 k = self->row_start[row]; k < self->row_start[row + 1]; k++)
    if ((gint) self->columns[k] == column)
      return self->values[k];
  return 0;
}

static inline double
row_dot (const WnRankFeatures *features,
         guint                 row,
         const double         *weights)
{
  double sum = 0;

  for (guint32 k = features->row_start[row]; k < features->row_start[row + 1]; k++)
    sum += features->values[k] * weights[features->columns[k]];
  return sum;
}

static inline void
row_axpy (const WnRankFeatures *features,
          guint                 row,
          double                scale,
          double               *weights)
{
  for (guint32 k = features->row_start[row]; k < features->row_start[row + 1]; k++)
    weights[features->columns[k]] += scale * features->values[k];
}

/* ---- Models -------------------------------------------------------------- */

struct _WnRankModel
{
  WnRankModelKind kind;
  guint           n_rows;  /* of the features trained on; 0 before */
  guint           n_terms;
  gint8          *seen;    /* the label each row was last trained with */
  double         *weights; /* NB: θ_1 − θ_0; SVM: w */
  double          bias;
  /* NB: the unweighted sums of each class's rows. */
  double         *sums[2];
  guint           counts[2];
  /* SVM, LR: the dual variables, and the order of the passes. LR: the
   * class costs the dual variables were last solved for. */
  double         *alpha;
  double          costs[2];
  GRand          *rand;
  /* MIX: the two models (NB, SVM), and scratch space for their scores.
   * AUTO: the three models (NB, SVM, LR), each one's scores at the last
   * scoring and its top row then, which rows were unlabelled then, each
   * one's decayed failures and successes, and the one in use. */
  WnRankModel    *parts[AUTO_PARTS];
  float          *part_scores;
  float          *last_scores[AUTO_PARTS];
  gint8          *scored_labels;
  double          wins[AUTO_PARTS][2];
  guint           top[AUTO_PARTS];
  int             current;
  /* Presumed irrelevant rows (AutoTAR): how many are drawn at each
   * training, and the labels trained on. The generator of those draws
   * and of AUTO's. */
  guint           pseudo_negatives;
  GRand          *draw_rand;
  gint8          *train_labels;
};

WnRankModel *
wn_rank_model_new (WnRankModelKind kind)
{
  WnRankModel *self;

  g_return_val_if_fail (kind >= WN_RANK_MODEL_NB && kind <= WN_RANK_MODEL_AUTO, NULL);

  self = g_new0 (WnRankModel, 1);
  self->kind = kind;
  if (kind == WN_RANK_MODEL_MIX)
    {
      self->parts[0] = wn_rank_model_new (WN_RANK_MODEL_NB);
      self->parts[1] = wn_rank_model_new (WN_RANK_MODEL_SVM);
    }
  else if (kind == WN_RANK_MODEL_AUTO)
    {
      self->parts[0] = wn_rank_model_new (WN_RANK_MODEL_NB);
      self->parts[1] = wn_rank_model_new (WN_RANK_MODEL_SVM);
      self->parts[2] = wn_rank_model_new (WN_RANK_MODEL_LR);
      self->current = 1;
      self->draw_rand = g_rand_new_with_seed (1958);
    }
  self->rand = g_rand_new_with_seed (20231);
  return self;
}

void
wn_rank_model_free (WnRankModel *self)
{
  if (self == NULL)
    return;
  g_free (self->seen);
  g_free (self->weights);
  g_free (self->sums[0]);
  g_free (self->sums[1]);
  g_free (self->alpha);
  g_rand_free (self->rand);
  for (guint p = 0; p < AUTO_PARTS; p++)
    {
      wn_rank_model_free (self->parts[p]);
      g_free (self->last_scores[p]);
    }
  g_free (self->scored_labels);
  g_free (self->part_scores);
  if (self->draw_rand != NULL)
    g_rand_free (self->draw_rand);
  g_free (self->train_labels);
  g_free (self);
}

void
wn_rank_model_set_pseudo_negatives (WnRankModel *self,
                                    guint        count)
{
  g_return_if_fail (self != NULL);

  self->pseudo_negatives = count;
  if (self->draw_rand == NULL)
    self->draw_rand = g_rand_new_with_seed (1958);
  for (guint p = 0; p < AUTO_PARTS; p++)
    if (self->parts[p] != NULL)
      wn_rank_model_set_pseudo_negatives (self->parts[p], count);
}

/* AutoTAR (Cormack & Grossman 2015, "Autonomy and reliability of
 * continuous active learning", arXiv:1504.06868): `count` unlabelled rows
 * drawn at random, trained on as irrelevant this once; they stay
 * unlabelled and in the queue. At most half the unlabelled rows are drawn.
 * Returns the labels to train on. */
static const gint8 *
add_pseudo_negatives (WnRankModel          *self,
                      const WnRankFeatures *features,
                      const gint8          *labels)
{
  guint n = features->n_rows, unlabelled = 0, count;

  for (guint i = 0; i < n; i++)
    unlabelled += labels[i] < 0;
  count = MIN (self->pseudo_negatives, unlabelled / 2);
  if (count == 0)
    return labels;
  self->train_labels = g_renew (gint8, self->train_labels, n);
  memcpy (self->train_labels, labels, n);
  while (count > 0)
    {
      guint i = (guint) g_rand_int_range (self->draw_rand, 0, (gint32) n);

      if (self->train_labels[i] >= 0)
        continue;
      self->train_labels[i] = 0;
      count--;
    }
  return self->train_labels;
}

WnRankModelKind
wn_rank_model_get_kind (WnRankModel *self)
{
  g_return_val_if_fail (self != NULL, WN_RANK_MODEL_NB);
  return self->kind;
}

static void
model_reset (WnRankModel          *self,
             const WnRankFeatures *features)
{
  g_clear_pointer (&self->seen, g_free);
  g_clear_pointer (&self->weights, g_free);
  g_clear_pointer (&self->sums[0], g_free);
  g_clear_pointer (&self->sums[1], g_free);
  g_clear_pointer (&self->alpha, g_free);
  self->n_rows = features->n_rows;
  self->n_terms = features->n_terms;
  self->seen = g_new (gint8, MAX (self->n_rows, 1));
  memset (self->seen, -1, MAX (self->n_rows, 1));
  self->weights = g_new0 (double, MAX (self->n_terms, 1));
  self->bias = 0;
  self->counts[0] = self->counts[1] = 0;
  self->costs[0] = self->costs[1] = 0;
  if (self->kind == WN_RANK_MODEL_NB)
    {
      self->sums[0] = g_new0 (double, MAX (self->n_terms, 1));
      self->sums[1] = g_new0 (double, MAX (self->n_terms, 1));
    }
  else
    self->alpha = g_new0 (double, MAX (self->n_rows, 1));
}

static void
nb_train (WnRankModel          *self,
          const WnRankFeatures *features,
          const gint8          *labels)
{
  double n1, n0, n, w1, w0, total, draws1, draws0, f1 = 0, f0 = 0;
  double weight[2];
  double log_total[2];

  /* The sums change only by the rows whose label changed. */
  for (guint i = 0; i < features->n_rows; i++)
    {
      gint8 label = labels[i] < 0 ? -1 : labels[i] > 0;

      if (label == self->seen[i])
        continue;
      if (self->seen[i] >= 0)
        {
          row_axpy (features, i, -1.0, self->sums[self->seen[i]]);
          self->counts[self->seen[i]]--;
        }
      if (label >= 0)
        {
          row_axpy (features, i, 1.0, self->sums[label]);
          self->counts[label]++;
        }
      self->seen[i] = label;
    }

  n1 = self->counts[1];
  n0 = self->counts[0];
  n = n1 + n0;
  w1 = DOUBLE_A * pow (n1 / n0, -DOUBLE_ALPHA);
  w0 = 1.0 - (1.0 - DOUBLE_B) * pow (1.0 + log (n), -DOUBLE_BETA);
  total = w1 * n1 + w0 * n0;
  draws1 = CLAMP (w1 * n1 * n / total, 1.0, MAX (n - 2.0, 1.0));
  draws0 = n - draws1;
  weight[1] = draws1 / n1;
  weight[0] = draws0 / n0;

  for (guint t = 0; t < self->n_terms; t++)
    {
      f1 += self->sums[1][t];
      f0 += self->sums[0][t];
    }
  log_total[1] = log (weight[1] * f1 + NB_ALPHA * self->n_terms);
  log_total[0] = log (weight[0] * f0 + NB_ALPHA * self->n_terms);
  for (guint t = 0; t < self->n_terms; t++)
    self->weights[t] = (log (weight[1] * self->sums[1][t] + NB_ALPHA) - log_total[1])
                       - (log (weight[0] * self->sums[0][t] + NB_ALPHA) - log_total[0]);
  self->bias = log (draws1) - log (MAX (draws0, 1e-9));
}

static void
svm_train (WnRankModel          *self,
           const WnRankFeatures *features,
           const gint8          *labels)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  double n1 = 0, n0 = 0, c[2], diag[2];

  /* A row whose label changed or was withdrawn leaves the solution first. */
  for (guint i = 0; i < features->n_rows; i++)
    {
      gint8 label = labels[i] < 0 ? -1 : labels[i] > 0;

      if (label != self->seen[i] && self->seen[i] >= 0 && self->alpha[i] != 0)
        {
          double y = self->seen[i] ? 1.0 : -1.0;

          row_axpy (features, i, -self->alpha[i] * y, self->weights);
          self->bias -= self->alpha[i] * y;
          self->alpha[i] = 0;
        }
      self->seen[i] = label;
      if (label >= 0)
        {
          g_array_append_val (rows, i);
          if (label)
            n1++;
          else
            n0++;
        }
    }

  {
    double w0 = n1 / (SVM_RATIO * n0), scale = (n1 + n0) / (n1 + w0 * n0);

    c[1] = SVM_C * scale;
    c[0] = SVM_C * w0 * scale;
  }
  diag[1] = 0.5 / c[1];
  diag[0] = 0.5 / c[0];

  for (guint epoch = 0; epoch < SVM_MAX_EPOCHS; epoch++)
    {
      double pg_max = -G_MAXDOUBLE, pg_min = G_MAXDOUBLE;
      guint *order = (guint *) rows->data;

      /* Fisher–Yates: a random order per pass converges much faster than a
       * fixed one (Hsieh et al. §3.1). */
      for (guint k = rows->len; k > 1; k--)
        {
          guint j = g_rand_int_range (self->rand, 0, (gint32) k);
          guint swap = order[k - 1];

          order[k - 1] = order[j];
          order[j] = swap;
        }
      for (guint k = 0; k < rows->len; k++)
        {
          guint i = order[k];
          int label = self->seen[i];
          double y = label ? 1.0 : -1.0;
          double d = diag[label];
          double g = y * (row_dot (features, i, self->weights) + self->bias) - 1.0 + d * self->alpha[i];
          double pg = self->alpha[i] == 0 ? MIN (g, 0.0) : g;
          double q, old;

          pg_max = MAX (pg_max, pg);
          pg_min = MIN (pg_min, pg);
          if (fabs (pg) < 1e-12)
            continue;
          /* ‖x_i‖² is 1 (or 0 for an empty text), plus the bias feature. */
          q = (features->row_start[i + 1] > features->row_start[i] ? 1.0 : 0.0) + 1.0 + d;
          old = self->alpha[i];
          self->alpha[i] = MAX (old - g / q, 0.0);
          if (self->alpha[i] != old)
            {
              double step = (self->alpha[i] - old) * y;

              row_axpy (features, i, step, self->weights);
              self->bias += step;
            }
        }
      if (pg_max - pg_min <= SVM_EPS)
        break;
    }
}

/* The class costs of the weighted losses (SVM and LR): the relevant rows
 * weigh `ratio` times the irrelevant ones in all, and the weights sum to
 * the number of labelled rows. */
static void
class_costs (double  n1,
             double  n0,
             double  cost,
             double  ratio,
             double  c[2])
{
  double w0 = n1 / (ratio * n0), scale = (n1 + n0) / (n1 + w0 * n0);

  c[1] = cost * scale;
  c[0] = cost * w0 * scale;
}

static void
shuffle_rows (GRand *rand,
              GArray *rows)
{
  guint *order = (guint *) rows->data;

  for (guint k = rows->len; k > 1; k--)
    {
      guint j = g_rand_int_range (rand, 0, (gint32) k);
      guint swap = order[k - 1];

      order[k - 1] = order[j];
      order[j] = swap;
    }
}

/* L2-regularised logistic regression by dual coordinate descent (Yu, Huang
 * & Lin 2011, Machine Learning 85:41; liblinear's solve_l2r_lr_dual):
 *   min_w ½‖w‖² + Σ_i C_i ln(1 + exp(−y_i (w·x_i + b))),
 * dual 0 < α_i < C_i, w = Σ α_i y_i x_i, each coordinate a 1-D Newton
 * solve. Warm start: a row keeps its α_i, scaled with its class's cost
 * when the costs change, so it stays feasible; a new row starts near 0. */
static void
lr_train (WnRankModel          *self,
          const WnRankFeatures *features,
          const gint8          *labels)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  double n1 = 0, n0 = 0, c[2];

  for (guint i = 0; i < features->n_rows; i++)
    {
      gint8 label = labels[i] < 0 ? -1 : labels[i] > 0;

      if (label != self->seen[i])
        self->alpha[i] = 0;
      self->seen[i] = label;
      if (label >= 0)
        {
          g_array_append_val (rows, i);
          if (label)
            n1++;
          else
            n0++;
        }
    }
  class_costs (n1, n0, LR_C, LR_RATIO, c);

  memset (self->weights, 0, sizeof (double) * MAX (self->n_terms, 1));
  self->bias = 0;
  for (guint k = 0; k < rows->len; k++)
    {
      guint i = g_array_index (rows, guint, k);
      int label = self->seen[i];
      double y = label ? 1.0 : -1.0;

      if (self->alpha[i] > 0 && self->costs[label] > 0)
        self->alpha[i] *= c[label] / self->costs[label];
      else
        self->alpha[i] = MIN (0.001 * c[label], 1e-8);
      row_axpy (features, i, self->alpha[i] * y, self->weights);
      self->bias += self->alpha[i] * y;
    }
  self->costs[0] = c[0];
  self->costs[1] = c[1];

  for (guint epoch = 0; epoch < LR_MAX_EPOCHS; epoch++)
    {
      double g_max = 0;

      shuffle_rows (self->rand, rows);
      for (guint k = 0; k < rows->len; k++)
        {
          guint i = g_array_index (rows, guint, k);
          int label = self->seen[i];
          double y = label ? 1.0 : -1.0;
          double cost = c[label];
          double a = (features->row_start[i + 1] > features->row_start[i] ? 1.0 : 0.0) + 1.0;
          double b = y * (row_dot (features, i, self->weights) + self->bias);
          double z_old, z, sign, gp;
          guint inner;

          /* Solve for α_i or for C_i − α_i, whichever is nearer its
           * optimum from below (liblinear's trick against log(0)). */
          if (0.5 * a * (cost - 2.0 * self->alpha[i]) + b < 0)
            {
              z_old = cost - self->alpha[i];
              sign = -1;
            }
          else
            {
              z_old = self->alpha[i];
              sign = 1;
            }
          z = z_old;
          if (cost - z < 0.5 * cost)
            z *= 0.1;
          gp = a * (z - z_old) + sign * b + log (z / (cost - z));
          g_max = MAX (g_max, fabs (gp));
          for (inner = 0; inner < 100 && fabs (gp) >= 1e-3; inner++)
            {
              double gpp = a + cost / (cost - z) / z;
              double next = z - gp / gpp;

              z = next <= 0 ? z * 0.1 : next;
              gp = a * (z - z_old) + sign * b + log (z / (cost - z));
            }
          if (inner > 0)
            {
              double step = sign * (z - z_old) * y;

              self->alpha[i] = sign > 0 ? z : cost - z;
              row_axpy (features, i, step, self->weights);
              self->bias += step;
            }
        }
      if (g_max < LR_EPS)
        break;
    }
}

/* Online model selection ("auto"), a bandit over the three models with
 * shared credit, as in team-draft interleaving (Radlinski, Kurup &
 * Joachims, CIKM 2008): each scoring, every model names its top record;
 * when the reviewer labels a record, every model that had named it is
 * credited with a success (relevant) or a failure. Successes and failures
 * decay by AUTO_DECAY a label, so a model that was good early but not now
 * loses its lead. The next scoring uses the model drawn by Thompson
 * sampling, the largest of a draw from each one's Beta(1 + successes,
 * 1 + failures), from the model's own seeded generator. Only the
 * reviewer's own labels are used. */
static void
auto_judge (WnRankModel          *self,
            const WnRankFeatures *features,
            const gint8          *labels)
{
  guint n = features->n_rows;

  if (self->scored_labels == NULL || self->n_rows != n)
    return;
  for (guint i = 0; i < n; i++)
    {
      if (labels[i] < 0 || self->scored_labels[i] >= 0)
        continue;
      for (guint p = 0; p < AUTO_PARTS; p++)
        {
          self->wins[p][0] *= AUTO_DECAY;
          self->wins[p][1] *= AUTO_DECAY;
          if (self->top[p] == i)
            self->wins[p][labels[i] > 0] += 1;
        }
    }
}

/* A draw from Beta(a, b) for a, b ≥ 1, as the ratio of two Gamma draws
 * (Marsaglia & Tsang 2000). */
static double
gamma_draw (GRand *rand,
            double shape)
{
  double d = shape - 1.0 / 3.0, c = 1.0 / sqrt (9.0 * d);

  for (;;)
    {
      double x, v, u;

      do
        {
          /* A standard normal by Box–Muller. */
          double u1 = g_rand_double (rand), u2 = g_rand_double (rand);

          x = sqrt (-2.0 * log (1.0 - u1)) * cos (2.0 * G_PI * u2);
          v = 1.0 + c * x;
        }
      while (v <= 0);
      v = v * v * v;
      u = g_rand_double (rand);
      if (log (1.0 - u) < 0.5 * x * x + d - d * v + d * log (v))
        return d * v;
    }
}

static double
beta_draw (GRand *rand,
           double a,
           double b)
{
  double x = gamma_draw (rand, a), y = gamma_draw (rand, b);

  return x / (x + y);
}

gboolean
wn_rank_model_train (WnRankModel          *self,
                     const WnRankFeatures *features,
                     const gint8          *labels)
{
  gboolean has[2] = { FALSE, FALSE };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (features != NULL, FALSE);
  g_return_val_if_fail (labels != NULL || features->n_rows == 0, FALSE);

  for (guint i = 0; i < features->n_rows && !(has[0] && has[1]); i++)
    if (labels[i] >= 0)
      has[labels[i] > 0] = TRUE;
  if (!has[0] || !has[1])
    return FALSE;

  if (self->kind == WN_RANK_MODEL_AUTO)
    {
      auto_judge (self, features, labels);
      for (guint p = 0; p < AUTO_PARTS; p++)
        wn_rank_model_train (self->parts[p], features, labels);
      self->n_rows = features->n_rows;
      self->n_terms = features->n_terms;
      return TRUE;
    }
  if (self->kind == WN_RANK_MODEL_MIX)
    {
      wn_rank_model_train (self->parts[0], features, labels);
      wn_rank_model_train (self->parts[1], features, labels);
      self->n_rows = features->n_rows;
      self->n_terms = features->n_terms;
      return TRUE;
    }
  if (self->n_rows != features->n_rows || self->n_terms != features->n_terms || self->seen == NULL)
    model_reset (self, features);
  if (self->pseudo_negatives > 0)
    labels = add_pseudo_negatives (self, features, labels);
  if (self->kind == WN_RANK_MODEL_NB)
    nb_train (self, features, labels);
  else if (self->kind == WN_RANK_MODEL_LR)
    lr_train (self, features, labels);
  else
    svm_train (self, features, labels);
  return TRUE;
}

/* The two models' scores live on different scales (log-odds, margins), so
 * each is standardised over the rows scored (z = (s − mean)/sd) before
 * they are added. */
static void
mix_score (WnRankModel          *self,
           const WnRankFeatures *features,
           const gint8          *labels,
           float                *scores)
{
  guint n = features->n_rows;

  if (self->part_scores == NULL || self->n_rows != n)
    {
      g_free (self->part_scores);
      self->part_scores = g_new (float, MAX (n, 1));
    }
  memset (scores, 0, sizeof (float) * n);
  for (int p = 0; p < 2; p++)
    {
      double sum = 0, sum2 = 0, mean, sd;
      guint count = 0;

      wn_rank_model_score (self->parts[p], features, labels, self->part_scores);
      for (guint i = 0; i < n; i++)
        if (labels == NULL || labels[i] < 0)
          {
            sum += self->part_scores[i];
            sum2 += (double) self->part_scores[i] * self->part_scores[i];
            count++;
          }
      if (count == 0)
        return;
      mean = sum / count;
      sd = sqrt (MAX (sum2 / count - mean * mean, 0));
      if (sd <= 0)
        sd = 1;
      for (guint i = 0; i < n; i++)
        if (labels == NULL || labels[i] < 0)
          scores[i] += (float) ((self->part_scores[i] - mean) / sd);
    }
}

/* Every model scores (the next judgement needs their rankings); the one
 * in use gives the scores. */
static void
auto_score (WnRankModel          *self,
            const WnRankFeatures *features,
            const gint8          *labels,
            float                *scores)
{
  guint n = features->n_rows;

  if (self->scored_labels == NULL || self->n_rows != n)
    {
      g_free (self->scored_labels);
      self->scored_labels = g_new (gint8, MAX (n, 1));
      for (guint p = 0; p < AUTO_PARTS; p++)
        {
          g_free (self->last_scores[p]);
          self->last_scores[p] = g_new (float, MAX (n, 1));
        }
      self->n_rows = n;
    }
  for (guint p = 0; p < AUTO_PARTS; p++)
    {
      const float *part = self->last_scores[p];
      guint top = G_MAXUINT;

      wn_rank_model_score (self->parts[p], features, labels, self->last_scores[p]);
      for (guint i = 0; i < n; i++)
        if ((labels == NULL || labels[i] < 0) && (top == G_MAXUINT || part[i] > part[top]))
          top = i;
      self->top[p] = top;
    }
  {
    double best = -1;

    for (guint p = 0; p < AUTO_PARTS; p++)
      {
        double draw = beta_draw (self->draw_rand, 1.0 + self->wins[p][1], 1.0 + self->wins[p][0]);

        if (draw > best)
          {
            best = draw;
            self->current = p;
          }
      }
  }
  if (labels != NULL)
    memcpy (self->scored_labels, labels, n);
  else
    memset (self->scored_labels, -1, n);
  memcpy (scores, self->last_scores[self->current], sizeof (float) * n);
}

void
wn_rank_model_score (WnRankModel          *self,
                     const WnRankFeatures *features,
                     const gint8          *labels,
                     float                *scores)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (features != NULL);
  g_return_if_fail (scores != NULL || features->n_rows == 0);

  if (self->kind == WN_RANK_MODEL_MIX)
    {
      mix_score (self, features, labels, scores);
      return;
    }
  if (self->kind == WN_RANK_MODEL_AUTO)
    {
      auto_score (self, features, labels, scores);
      return;
    }
  if (self->weights == NULL || self->n_terms != features->n_terms)
    {
      memset (scores, 0, sizeof (float) * features->n_rows);
      return;
    }
  for (guint i = 0; i < features->n_rows; i++)
    scores[i] = labels != NULL && labels[i] >= 0 ? 0.0f : (float) (row_dot (features, i, self->weights) + self->bias);
}

/* ---- Snapshots and queues -------------------------------------------------- */

struct _WnRankSnapshot
{
  GArray    *ids;    /* gint64 */
  GPtrArray *texts;  /* "title abstract" */
  GArray    *labels; /* gint8 */
};

WnRankSnapshot *
wn_rank_snapshot_new (void)
{
  WnRankSnapshot *self = g_new0 (WnRankSnapshot, 1);

  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->texts = g_ptr_array_new_with_free_func (g_free);
  self->labels = g_array_new (FALSE, FALSE, sizeof (gint8));
  return self;
}

void
wn_rank_snapshot_free (WnRankSnapshot *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->ids);
  g_ptr_array_unref (self->texts);
  g_array_unref (self->labels);
  g_free (self);
}

void
wn_rank_snapshot_add (WnRankSnapshot *self,
                      gint64          record_id,
                      const char     *title,
                      const char     *abstract,
                      WnRankLabel     label)
{
  gint8 value = (gint8) label;

  g_return_if_fail (self != NULL);
  g_return_if_fail (label >= WN_RANK_LABEL_UNDECIDED && label <= WN_RANK_LABEL_INCLUDE);

  g_array_append_val (self->ids, record_id);
  g_ptr_array_add (self->texts, g_strconcat (title != NULL ? title : "", " ", abstract != NULL ? abstract : "", NULL));
  g_array_append_val (self->labels, value);
}

guint
wn_rank_snapshot_get_size (WnRankSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->ids->len;
}

void
wn_rank_queue_free (WnRankQueue *queue)
{
  if (queue == NULL)
    return;
  g_clear_pointer (&queue->entries, g_array_unref);
  g_clear_pointer (&queue->found, g_array_unref);
  g_free (queue);
}

typedef struct
{
  float score;
  guint index;
} Ranked;

/* Best first; ties in snapshot (or row) order, so a ranking is stable. */
static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a;
  const Ranked *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

struct _WnRanker
{
  gatomicrefcount  ref_count;
  WnRankModelKind  kind;
  WnRankFeatures  *features;    /* rows in ascending record id */
  guint64          fingerprint; /* of the ids and texts the features were built from */
  WnRankModel     *model;
};

WnRanker *
wn_ranker_new (WnRankModelKind kind)
{
  WnRanker *self;

  g_return_val_if_fail (kind >= WN_RANK_MODEL_NB && kind <= WN_RANK_MODEL_AUTO, NULL);

  self = g_new0 (WnRanker, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  return self;
}

WnRanker *
wn_ranker_ref (WnRanker *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
wn_ranker_unref (WnRanker *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  wn_rank_features_free (self->features);
  wn_rank_model_free (self->model);
  g_free (self);
}

WnRankModelKind
wn_ranker_get_kind (WnRanker *self)
{
  g_return_val_if_fail (self != NULL, WN_RANK_MODEL_SVM);
  return self->kind;
}

static int
compare_by_id (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const gint64 *ids = user_data;
  gint64 x = ids[*(const guint *) a];
  gint64 y = ids[*(const guint *) b];

  return x < y ? -1 : x > y;
}

WnRankQueue *
wn_ranker_rank (WnRanker        *self,
                WnRankSnapshot  *snapshot,
                GCancellable    *cancellable,
                GError         **error)
{
  g_autoptr(WnRankQueue) queue = g_new0 (WnRankQueue, 1);
  g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  g_autofree float *scores = NULL;
  g_autofree guint *rows = NULL;
  g_autofree gint8 *row_labels = NULL;
  const gint8 *labels;
  const gint64 *ids;
  gint64 start = g_get_monotonic_time ();
  guint n;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = snapshot->ids->len;
  labels = (const gint8 *) snapshot->labels->data;
  ids = (const gint64 *) snapshot->ids->data;
  queue->model = self->kind;
  queue->entries = g_array_sized_new (FALSE, FALSE, sizeof (WnRankEntry), n);
  queue->found = g_array_new (FALSE, FALSE, sizeof (guint));
  scores = g_new0 (float, MAX (n, 1));

  /* Progress: the decided records come in decision order. */
  for (guint i = 0; i < n; i++)
    if (labels[i] >= 0)
      {
        queue->decided++;
        if (labels[i] > 0)
          {
            queue->included++;
            queue->since_last_include = 0;
          }
        else
          queue->since_last_include++;
        g_array_append_val (queue->found, queue->included);
      }

  if (queue->included > 0 && queue->included < queue->decided)
    {
      g_autofree float *row_scores = g_new0 (float, MAX (n, 1));
      g_autoptr(GPtrArray) texts = g_ptr_array_sized_new (n);
      guint64 fingerprint = G_GUINT64_CONSTANT (14695981039346656037);

      /* The features follow record ids, not the snapshot's order (which
       * changes with every decision), so they are built once per set of
       * records and texts; only then can the model start from its last
       * solution. FNV-1a over ids and texts tells when they changed. */
      rows = g_new (guint, n);
      for (guint i = 0; i < n; i++)
        rows[i] = i;
      g_qsort_with_data (rows, (gint) n, sizeof (guint), compare_by_id, (gpointer) ids);
      for (guint r = 0; r < n; r++)
        {
          const char *text = snapshot->texts->pdata[rows[r]];
          gint64 id = ids[rows[r]];

          g_ptr_array_add (texts, (gpointer) text);
          for (guint k = 0; k < sizeof id; k++)
            fingerprint = (fingerprint ^ ((guint64) id >> (8 * k) & 0xff)) * G_GUINT64_CONSTANT (1099511628211);
          for (const char *p = text; *p != '\0'; p++)
            fingerprint = (fingerprint ^ (guchar) *p) * G_GUINT64_CONSTANT (1099511628211);
          fingerprint = (fingerprint ^ 0xff) * G_GUINT64_CONSTANT (1099511628211);
        }
      if (self->features == NULL || self->fingerprint != fingerprint)
        {
          g_clear_pointer (&self->features, wn_rank_features_free);
          g_clear_pointer (&self->model, wn_rank_model_free);
          self->features = wn_rank_features_new ((const char * const *) texts->pdata, n, NULL);
          self->fingerprint = fingerprint;
        }
      if (self->model == NULL)
        self->model = wn_rank_model_new (self->kind);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      row_labels = g_new (gint8, MAX (n, 1));
      for (guint r = 0; r < n; r++)
        row_labels[r] = labels[rows[r]];
      queue->trained = wn_rank_model_train (self->model, self->features, row_labels);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      wn_rank_model_score (self->model, self->features, row_labels, row_scores);
      for (guint r = 0; r < n; r++)
        scores[rows[r]] = row_scores[r];
    }

  for (guint i = 0; i < n; i++)
    if (labels[i] < 0)
      {
        Ranked entry = { queue->trained ? scores[i] : 0.0f, i };

        g_array_append_val (ranked, entry);
      }
  g_array_sort (ranked, compare_ranked);
  for (guint k = 0; k < ranked->len; k++)
    {
      const Ranked *r = &g_array_index (ranked, Ranked, k);
      WnRankEntry entry = { ids[r->index], r->score };

      g_array_append_val (queue->entries, entry);
    }
  queue->seconds = (g_get_monotonic_time () - start) / 1e6;
  return g_steal_pointer (&queue);
}

WnRankQueue *
wn_rank_snapshot_rank (WnRankSnapshot  *snapshot,
                       WnRankModelKind  model,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_autoptr(WnRanker) ranker = wn_ranker_new (model);

  return wn_ranker_rank (ranker, snapshot, cancellable, error);
}

typedef struct
{
  gint64      record_id;
  WnRankLabel label;
  gint64      order; /* the position of the reviewer's latest event on it */
} SnapshotRow;

static int
compare_snapshot_rows (gconstpointer a,
                       gconstpointer b)
{
  const SnapshotRow *x = a;
  const SnapshotRow *y = b;

  return x->order < y->order ? -1 : x->order > y->order;
}

WnRankSnapshot *
wn_project_rank_snapshot (WnProject   *self,
                          const char  *reviewer,
                          GError     **error)
{
  g_autoptr(WnReviewer) person = NULL;
  g_autoptr(GArray) queue = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GHashTable) latest = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (SnapshotRow));
  g_autoptr(WnRankSnapshot) snapshot = wn_rank_snapshot_new ();
  g_autoptr(WnStmt) stmt = NULL;
  int rc = SQLITE_OK;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);
  g_return_val_if_fail (reviewer != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  person = wn_project_get_reviewer (self, reviewer, error);
  if (person == NULL)
    return NULL;
  /* The reviewer's own votes in force: the queue's "mine". No one else's
   * vote reaches the model. */
  queue = wn_project_screening_queue (self, WN_STAGE_TA, reviewer, WN_QUEUE_ORDER_ID, 0, 0, error);
  if (queue == NULL)
    return NULL;

  _wn_project_lock (self);
  events = _wn_screening_query_decisions_locked (self, "?1 = ?1 AND d.stage = ?2 AND d.reviewer = ?3", 0,
                                                 wn_stage_to_string (WN_STAGE_TA), reviewer, error);
  if (events == NULL)
    {
      _wn_project_unlock (self);
      return NULL;
    }
  /* Events come oldest first: the last one seen per record is the latest. */
  for (guint i = 0; i < events->len; i++)
    {
      WnDecision *event = events->pdata[i];

      if (event->record_id > 0)
        g_hash_table_insert (latest, &event->record_id, GUINT_TO_POINTER (i + 1));
    }

  for (guint i = 0; i < queue->len; i++)
    {
      const WnScreeningState *state = &g_array_index (queue, WnScreeningState, i);
      SnapshotRow row = { state->record_id, WN_RANK_LABEL_UNDECIDED, G_MAXINT64 };

      switch (state->mine)
        {
        case WN_VERDICT_INCLUDE:
        case WN_VERDICT_MAYBE:
          /* A maybe is a "this could be relevant": the model should bring
           * up records like it. */
          row.label = WN_RANK_LABEL_INCLUDE;
          break;
        case WN_VERDICT_EXCLUDE:
          row.label = WN_RANK_LABEL_EXCLUDE;
          break;
        case WN_VERDICT_NONE:
        default:
          break;
        }
      if (row.label != WN_RANK_LABEL_UNDECIDED)
        row.order = GPOINTER_TO_UINT (g_hash_table_lookup (latest, &row.record_id));
      g_array_append_val (rows, row);
    }
  /* Decided records in the order they were decided, the rest in queue
   * order: every key is distinct, so the order does not depend on the
   * sort's stability. */
  for (guint i = 0; i < rows->len; i++)
    {
      SnapshotRow *row = &g_array_index (rows, SnapshotRow, i);

      if (row->label == WN_RANK_LABEL_UNDECIDED)
        row->order = G_MAXINT64 / 2 + i;
      else
        row->order = row->order * (gint64) (rows->len + 1) + i;
    }
  g_array_sort (rows, compare_snapshot_rows);

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "SELECT title, abstract FROM records WHERE id = ?1", -1, &stmt,
                           NULL);
  for (guint i = 0; rc == SQLITE_OK && i < rows->len; i++)
    {
      const SnapshotRow *row = &g_array_index (rows, SnapshotRow, i);

      sqlite3_reset (stmt);
      /* Reading 100,000 texts takes a while: the reviewer's decisions,
       * written meanwhile, take turns with it rather than wait. */
      if (i > 0 && i % 512 == 0)
        {
          _wn_project_unlock (self);
          _wn_project_lock (self);
        }
      sqlite3_bind_int64 (stmt, 1, row->record_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          wn_rank_snapshot_add (snapshot, row->record_id, (const char *) sqlite3_column_text (stmt, 0),
                                (const char *) sqlite3_column_text (stmt, 1), row->label);
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        {
          /* Never drop a record: one the queue names is always there. */
          wn_rank_snapshot_add (snapshot, row->record_id, NULL, NULL, row->label);
          rc = SQLITE_OK;
        }
    }
  if (rc != SQLITE_OK)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the records to rank"));
      _wn_project_unlock (self);
      return NULL;
    }
  _wn_project_unlock (self);
  return g_steal_pointer (&snapshot);
}

WnRankQueue *
wn_project_rank_queue (WnProject       *self,
                       const char      *reviewer,
                       WnRankModelKind  model,
                       GError         **error)
{
  g_autoptr(WnRankSnapshot) snapshot = NULL;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);
  g_return_val_if_fail (reviewer != NULL, NULL);

  snapshot = wn_project_rank_snapshot (self, reviewer, error);
  if (snapshot == NULL)
    return NULL;
  return wn_rank_snapshot_rank (snapshot, model, NULL, error);
}

typedef struct
{
  char     *reviewer;
  WnRanker *ranker;
} RankTaskData;

static void
rank_task_data_free (gpointer data)
{
  RankTaskData *task_data = data;

  g_free (task_data->reviewer);
  wn_ranker_unref (task_data->ranker);
  g_free (task_data);
}

static void
rank_queue_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  RankTaskData *data = task_data;
  g_autoptr(WnRankSnapshot) snapshot = NULL;
  GError *error = NULL;
  WnRankQueue *queue = NULL;

  snapshot = wn_project_rank_snapshot (source_object, data->reviewer, &error);
  if (snapshot != NULL)
    queue = wn_ranker_rank (data->ranker, snapshot, cancellable, &error);
  if (queue == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, queue, (GDestroyNotify) wn_rank_queue_free);
}

void
wn_project_rank_queue_async (WnProject           *self,
                             const char          *reviewer,
                             WnRanker            *ranker,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RankTaskData *data;

  g_return_if_fail (WN_IS_PROJECT (self));
  g_return_if_fail (reviewer != NULL);
  g_return_if_fail (ranker != NULL);

  data = g_new0 (RankTaskData, 1);
  data->reviewer = g_strdup (reviewer);
  data->ranker = wn_ranker_ref (ranker);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wn_project_rank_queue_async);
  g_task_set_task_data (task, data, rank_task_data_free);
  g_task_run_in_thread (task, rank_queue_thread);
}

WnRankQueue *
wn_project_rank_queue_finish (WnProject     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wn_project_rank_queue_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Simulation ------------------------------------------------------------ */

void
wn_rank_sim_options_init (WnRankSimOptions *options)
{
  g_return_if_fail (options != NULL);

  options->model = WN_RANK_MODEL_AUTO;
  options->seed = 0;
  options->batch = 1;
  options->pseudo_negatives = 0;
}

void
wn_rank_sim_result_free (WnRankSimResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->found, g_array_unref);
  g_free (result);
}

double
wn_rank_wss (const GArray *found,
             guint         n_screenable,
             guint         relevant,
             double        recall)
{
  double needed = recall * relevant - 1e-9;

  g_return_val_if_fail (found != NULL, NAN);

  if (n_screenable == 0 || relevant == 0)
    return NAN;
  for (guint k = 0; k < found->len; k++)
    if (g_array_index (found, guint, k) >= needed)
      return 100.0 * ((double) (n_screenable - (k + 1)) / n_screenable - (1.0 - recall));
  return NAN;
}

double
wn_rank_rrf (const GArray *found,
             guint         n_screenable,
             guint         relevant,
             double        fraction)
{
  guint k = (guint) floor (fraction * n_screenable + 0.5);
  guint value;

  g_return_val_if_fail (found != NULL, NAN);

  if (relevant == 0)
    return NAN;
  if (k == 0)
    return 0;
  if (found->len == 0)
    return 0;
  /* The curve stops once everything is found: beyond it nothing changes. */
  value = g_array_index (found, guint, MIN (k, found->len) - 1);
  return 100.0 * value / relevant;
}

WnRankSimResult *
wn_rank_simulate (const WnRankFeatures   *features,
                  const gboolean         *labels,
                  const WnRankSimOptions *options,
                  GCancellable           *cancellable,
                  GError                **error)
{
  g_autoptr(WnRankSimResult) result = g_new0 (WnRankSimResult, 1);
  g_autoptr(WnRankModel) model = NULL;
  g_autoptr(GArray) relevant_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) irrelevant_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree gint8 *known = NULL;
  g_autofree float *scores = NULL;
  g_autoptr(GArray) picked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  GRand *rand;
  guint32 seed[2];
  guint n, found = 0, remaining;
  gint64 spent = 0;
  guint batch;

  g_return_val_if_fail (features != NULL, NULL);
  g_return_val_if_fail (labels != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = features->n_rows;
  for (guint i = 0; i < n; i++)
    g_array_append_val (labels[i] ? relevant_rows : irrelevant_rows, i);
  if (n < 3 || relevant_rows->len == 0 || irrelevant_rows->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("a simulation needs at least one relevant and one irrelevant record, and three records in all "
                     "(%u records, %u relevant)"),
                   n, relevant_rows->len);
      return NULL;
    }

  result->n = n;
  result->relevant = relevant_rows->len;
  result->found = g_array_new (FALSE, FALSE, sizeof (guint));
  seed[0] = (guint32) (options->seed & 0xffffffffu);
  seed[1] = (guint32) (options->seed >> 32);
  rand = g_rand_new_with_seed_array (seed, 2);
  result->prior_relevant = g_array_index (relevant_rows, guint,
                                          g_rand_int_range (rand, 0, (gint32) relevant_rows->len));
  result->prior_irrelevant = g_array_index (irrelevant_rows, guint,
                                            g_rand_int_range (rand, 0, (gint32) irrelevant_rows->len));
  g_rand_free (rand);

  known = g_new (gint8, n);
  memset (known, -1, n);
  known[result->prior_relevant] = 1;
  known[result->prior_irrelevant] = 0;
  scores = g_new (float, n);
  model = wn_rank_model_new (options->model);
  if (options->pseudo_negatives > 0)
    wn_rank_model_set_pseudo_negatives (model, options->pseudo_negatives);
  batch = MAX (options->batch, 1);
  remaining = n - 2;

  while (found < result->relevant - 1 && remaining > 0)
    {
      gint64 start;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      start = g_get_monotonic_time ();
      wn_rank_model_train (model, features, known);
      wn_rank_model_score (model, features, known, scores);
      spent += g_get_monotonic_time () - start;
      result->iterations++;

      /* The top `batch` unlabelled rows, ties to the lower row. A batch is
       * small, so a partial selection beats sorting every score. */
      g_array_set_size (picked, 0);
      for (guint i = 0; i < n; i++)
        {
          Ranked candidate = { scores[i], i };
          guint at;

          if (known[i] >= 0)
            continue;
          if (picked->len == batch && compare_ranked (&candidate, &g_array_index (picked, Ranked, batch - 1)) >= 0)
            continue;
          for (at = picked->len; at > 0 && compare_ranked (&candidate, &g_array_index (picked, Ranked, at - 1)) < 0;
               at--)
            ;
          g_array_insert_val (picked, at, candidate);
          if (picked->len > batch)
            g_array_set_size (picked, batch);
        }
      for (guint k = 0; k < picked->len; k++)
        {
          guint row = g_array_index (picked, Ranked, k).index;

          known[row] = labels[row] ? 1 : 0;
          found += labels[row] ? 1 : 0;
          remaining--;
          g_array_append_val (result->found, found);
        }
    }

  result->wss95 = wn_rank_wss (result->found, n - 2, result->relevant - 1, 0.95);
  result->rrf10 = wn_rank_rrf (result->found, n - 2, result->relevant - 1, 0.10);
  result->seconds_per_iteration = result->iterations > 0 ? spent / 1e6 / result->iterations : 0;
  return g_steal_pointer (&result);
}

/* ---- Labelled data sets ---------------------------------------------------
 *
 * The importers' CSV parser is built for database exports: it leaves out
 * rows without a title, DOI or PMID and rows holding control characters,
 * and it tells the user why. A benchmark data set must be replayed whole
 * (wilson.csv has a record without a title, nudging.csv one with a U+0001
 * in its abstract), so data sets have this small reader. */

void
wn_rank_dataset_free (WnRankDataset *dataset)
{
  if (dataset == NULL)
    return;
  g_clear_pointer (&dataset->texts, g_ptr_array_unref);
  g_clear_pointer (&dataset->labels, g_array_unref);
  g_free (dataset->label_column);
  g_free (dataset);
}

/* One CSV row from *at: cells into row, the lines it spans counted. FALSE
 * at the end of the text. */
static gboolean
read_csv_row (const char **at,
              const char  *end,
              GPtrArray   *row,
              guint       *line,
              gboolean    *open_quote)
{
  const char *p = *at;
  GString *cell = g_string_new (NULL);

  g_ptr_array_set_size (row, 0);
  *open_quote = FALSE;
  if (p >= end)
    {
      g_string_free (cell, TRUE);
      return FALSE;
    }
  for (;;)
    {
      if (p < end && *p == '"')
        {
          p++;
          for (;;)
            {
              if (p >= end)
                {
                  *open_quote = TRUE;
                  break;
                }
              if (*p == '"')
                {
                  if (p + 1 < end && p[1] == '"')
                    {
                      g_string_append_c (cell, '"');
                      p += 2;
                      continue;
                    }
                  p++;
                  break;
                }
              if (*p == '\n')
                (*line)++;
              g_string_append_c (cell, *p++);
            }
        }
      /* Unquoted text, or text after a closing quote, up to the cell's end. */
      while (p < end && *p != ',' && *p != '\n' && *p != '\r')
        g_string_append_c (cell, *p++);
      g_ptr_array_add (row, g_string_free (cell, FALSE));
      if (p < end && *p == ',')
        {
          p++;
          cell = g_string_new (NULL);
          continue;
        }
      if (p < end && *p == '\r')
        p++;
      if (p < end && *p == '\n')
        p++;
      (*line)++;
      break;
    }
  *at = p;
  return TRUE;
}

static gint
find_column (GPtrArray          *header,
             const char * const *names,
             gsize               n_names)
{
  for (gsize k = 0; k < n_names; k++)
    for (guint i = 0; i < header->len; i++)
      {
        g_autofree char *name = g_strstrip (g_strdup (header->pdata[i]));

        if (g_ascii_strcasecmp (name, names[k]) == 0)
          return (gint) i;
      }
  return -1;
}

static gboolean
parse_label (const char *text,
             gboolean   *relevant)
{
  g_autofree char *value = g_ascii_strdown (text, -1);

  g_strstrip (value);
  if (g_str_equal (value, "1") || g_str_equal (value, "yes") || g_str_equal (value, "true"))
    *relevant = TRUE;
  else if (g_str_equal (value, "0") || g_str_equal (value, "no") || g_str_equal (value, "false"))
    *relevant = FALSE;
  else
    return FALSE;
  return TRUE;
}

WnRankDataset *
wn_rank_dataset_load (const char  *path,
                      const char  *label_column,
                      GError     **error)
{
  static const char * const title_names[] = { "title", "document title", "primary title" };
  static const char * const abstract_names[] = { "abstract", "notes_abstract" };
  static const char * const label_names[] = { "label_included", "included", "label" };
  g_autoptr(WnRankDataset) dataset = g_new0 (WnRankDataset, 1);
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *contents = NULL;
  const char *at, *end;
  gsize length;
  guint line = 1, row_line;
  gboolean open_quote;
  gint title, abstract, label;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (!g_utf8_validate_len (contents, length, NULL))
    {
      g_autofree char *converted = g_convert (contents, length, "UTF-8", "WINDOWS-1252", NULL, &length, error);

      if (converted == NULL)
        return NULL;
      g_free (contents);
      contents = g_steal_pointer (&converted);
    }
  at = contents;
  end = contents + length;
  if (length >= 3 && memcmp (at, "\xef\xbb\xbf", 3) == 0)
    at += 3;

  if (!read_csv_row (&at, end, header, &line, &open_quote))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s:1: the file is empty"), path);
      return NULL;
    }
  title = find_column (header, title_names, G_N_ELEMENTS (title_names));
  abstract = find_column (header, abstract_names, G_N_ELEMENTS (abstract_names));
  label = label_column != NULL ? find_column (header, &label_column, 1)
                               : find_column (header, label_names, G_N_ELEMENTS (label_names));
  if (title < 0 && abstract < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s:1: the header has no title and no abstract column"), path);
      return NULL;
    }
  if (label < 0)
    {
      if (label_column != NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s:1: the header has no “%s” column"), path,
                     label_column);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("%s:1: the header has no label column (label_included, included or label)"), path);
      return NULL;
    }
  dataset->label_column = g_strstrip (g_strdup (header->pdata[label]));
  dataset->texts = g_ptr_array_new_with_free_func (g_free);
  dataset->labels = g_array_new (FALSE, FALSE, sizeof (gboolean));

  for (row_line = line; read_csv_row (&at, end, row, &line, &open_quote); row_line = line)
    {
      const char *title_text, *abstract_text;
      gboolean relevant;

      if (open_quote)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s:%u: a quoted cell is still open at the end of the file"), path, row_line);
          return NULL;
        }
      if (row->len == 1 && *(const char *) row->pdata[0] == '\0')
        continue; /* a blank line */
      if ((gint) row->len <= label)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s:%u: the row has %u cells and no label"), path, row_line, row->len);
          return NULL;
        }
      if (!parse_label (row->pdata[label], &relevant))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s:%u: the label “%s” is not 1/0, yes/no or true/false"), path, row_line,
                       (const char *) row->pdata[label]);
          return NULL;
        }
      title_text = title >= 0 && (gint) row->len > title ? row->pdata[title] : "";
      abstract_text = abstract >= 0 && (gint) row->len > abstract ? row->pdata[abstract] : "";
      g_ptr_array_add (dataset->texts, g_strconcat (title_text, " ", abstract_text, NULL));
      g_array_append_val (dataset->labels, relevant);
      dataset->relevant += relevant ? 1 : 0;
    }
  return g_steal_pointer (&dataset);
}
