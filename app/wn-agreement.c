/* wn-agreement.c — inter-rater agreement statistics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The formulas are those of the team's agreement test vectors (SOURCES.md),
 * each checked there against a published value or an independent
 * implementation. Notation: n subjects, q categories; for two raters
 * p_ij = table[i][j] / n, row marginals r_i = p_i. (rater 1), column
 * marginals c_j = p_.j (rater 2). For several raters n_ik is the number of
 * ratings of subject i in category k and r_i = Σ_k n_ik.
 *
 * Undefined values are NAN. Where a statistic is 0/0 for structural
 * reasons (every rating in one category, one rater constant), the test is
 * made on integer counts, or on a sum of non-negative terms, so that the
 * zero is exact and is not hidden by rounding.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wn-agreement.h"
#include "wn-json.h"

G_DEFINE_QUARK (wn-agreement-error-quark, wn_agreement_error)

struct _WnRatings
{
  guint      n_subjects;
  guint      n_raters;    /* 0: unknown (made from counts) */
  GPtrArray *categories;  /* char *, in declared order */
  int       *cells;       /* n_subjects × n_raters, -1 missing; NULL when made from counts */
  guint     *counts;      /* n_subjects × q: ratings per subject and category */
};

/* ------------------------------------------------------------------------ */
/* Ratings                                                                   */

static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;
  double v;

  if (text == NULL || *text == '\0' || g_ascii_isspace (*text))
    return FALSE;
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (v))
    return FALSE;
  *value = v;
  return TRUE;
}

static gboolean
check_categories (const char * const  *categories,
                  GError             **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; categories != NULL && categories[i] != NULL; i++)
    {
      if (*categories[i] == '\0')
        {
          g_set_error (error, WN_AGREEMENT_ERROR, WN_AGREEMENT_ERROR_INVALID, _("a category has an empty name"));
          return FALSE;
        }
      if (!g_hash_table_add (seen, (gpointer) categories[i]))
        {
          g_set_error (error, WN_AGREEMENT_ERROR, WN_AGREEMENT_ERROR_INVALID, _("the category “%s” is given twice"),
                       categories[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static WnRatings *
ratings_alloc (guint               n_subjects,
               guint               n_raters,
               const char * const *categories,
               gboolean            with_cells)
{
  WnRatings *self = g_new0 (WnRatings, 1);
  guint q;

  self->n_subjects = n_subjects;
  self->n_raters = n_raters;
  self->categories = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; categories != NULL && categories[i] != NULL; i++)
    g_ptr_array_add (self->categories, g_strdup (categories[i]));
  q = self->categories->len;
  self->counts = g_new0 (guint, (gsize) n_subjects * q + 1);
  if (with_cells)
    {
      gsize n_cells = (gsize) n_subjects * n_raters;

      self->cells = g_new (int, n_cells + 1);
      for (gsize i = 0; i < n_cells; i++)
        self->cells[i] = -1;
    }
  return self;
}

/**
 * wn_ratings_new:
 *
 * Contract: returns n_subjects × n_raters missing cells over the given
 * categories (NULL-terminated, distinct, non-empty). Never fails.
 */
WnRatings *
wn_ratings_new (guint               n_subjects,
                guint               n_raters,
                const char * const *categories)
{
  g_return_val_if_fail (check_categories (categories, NULL), NULL);

  return ratings_alloc (n_subjects, n_raters, categories, TRUE);
}

/**
 * wn_ratings_new_from_table:
 *
 * Contract: two raters; table[i * q + j] subjects get category i from
 * rater 1 and j from rater 2, in row-major order, so the result's
 * contingency table is exactly the one given.
 */
WnRatings *
wn_ratings_new_from_table (const char * const *categories,
                           const guint        *table)
{
  WnRatings *self;
  guint q = categories != NULL ? g_strv_length ((char **) categories) : 0;
  guint64 n = 0;
  guint s = 0;

  g_return_val_if_fail (check_categories (categories, NULL), NULL);
  g_return_val_if_fail (q == 0 || table != NULL, NULL);

  for (guint i = 0; i < q * q; i++)
    n += table[i];
  g_return_val_if_fail (n <= G_MAXUINT, NULL);

  self = ratings_alloc ((guint) n, 2, categories, TRUE);
  for (guint i = 0; i < q; i++)
    for (guint j = 0; j < q; j++)
      for (guint k = 0; k < table[i * q + j]; k++, s++)
        {
          wn_ratings_set (self, s, 0, (int) i);
          wn_ratings_set (self, s, 1, (int) j);
        }
  return self;
}

typedef struct
{
  const char *label;
  double      value;
} SortKey;

static int
compare_numeric (const void *a,
                 const void *b)
{
  const SortKey *x = a;
  const SortKey *y = b;

  if (x->value < y->value)
    return -1;
  if (x->value > y->value)
    return 1;
  return strcmp (x->label, y->label);
}

static int
compare_bytes (const void *a,
               const void *b)
{
  const SortKey *x = a;
  const SortKey *y = b;

  return strcmp (x->label, y->label);
}

/* The distinct labels, sorted numerically if all are numbers, else by
 * byte value (which for UTF-8 is code-point order). NULL-terminated. */
static const char **
observed_categories (guint               n_labels,
                     const char * const *labels)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (SortKey));
  gboolean numeric = TRUE;
  const char **result;

  for (guint i = 0; i < n_labels; i++)
    {
      SortKey key = { labels[i], 0.0 };

      if (labels[i] == NULL || !g_hash_table_add (seen, (gpointer) labels[i]))
        continue;
      if (!parse_number (labels[i], &key.value))
        numeric = FALSE;
      g_array_append_val (keys, key);
    }
  /* An empty GArray's data is NULL, which qsort() must not be given. */
  if (keys->len > 1)
    qsort (keys->data, keys->len, sizeof (SortKey), numeric ? compare_numeric : compare_bytes);

  result = g_new0 (const char *, keys->len + 1);
  for (guint i = 0; i < keys->len; i++)
    result[i] = g_array_index (keys, SortKey, i).label;
  return result;
}

/**
 * wn_ratings_new_from_labels:
 *
 * Contract: labels[s * n_raters + r] (NULL = missing) becomes cell (s, r).
 * With declared categories, a label outside them fails with
 * WN_AGREEMENT_ERROR_UNKNOWN_CATEGORY and an empty or repeated category
 * with WN_AGREEMENT_ERROR_INVALID. Without, the categories are the sorted
 * set of observed labels (numerically when all are numbers).
 */
WnRatings *
wn_ratings_new_from_labels (guint                n_subjects,
                            guint                n_raters,
                            const char * const  *labels,
                            const char * const  *categories,
                            GError             **error)
{
  g_autoptr(WnRatings) self = NULL;
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree const char **observed = NULL;
  guint n_labels = n_subjects * n_raters;

  g_return_val_if_fail (n_labels == 0 || labels != NULL, NULL);
  g_return_val_if_fail (n_raters == 0 || n_labels / n_raters == n_subjects, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (categories != NULL)
    {
      if (!check_categories (categories, error))
        return NULL;
    }
  else
    {
      observed = observed_categories (n_labels, labels);
      categories = observed;
    }

  self = ratings_alloc (n_subjects, n_raters, categories, TRUE);
  for (guint c = 0; c < self->categories->len; c++)
    g_hash_table_insert (index, g_ptr_array_index (self->categories, c), GUINT_TO_POINTER (c + 1));

  for (guint s = 0; s < n_subjects; s++)
    for (guint r = 0; r < n_raters; r++)
      {
        const char *label = labels[s * n_raters + r];
        guint c;

        if (label == NULL)
          continue;
        c = GPOINTER_TO_UINT (g_hash_table_lookup (index, label));
        if (c == 0)
          {
            g_set_error (error, WN_AGREEMENT_ERROR, WN_AGREEMENT_ERROR_UNKNOWN_CATEGORY,
                         _("subject %u, rater %u: “%s” is not one of the categories"), s + 1, r + 1, label);
            return NULL;
          }
        wn_ratings_set (self, s, r, (int) c - 1);
      }
  return g_steal_pointer (&self);
}

/**
 * wn_ratings_new_from_counts:
 *
 * Contract: Fleiss' layout; counts[s * q + c] ratings of subject s are in
 * category c. The raters are unknown (wn_ratings_get_n_raters() is 0).
 */
WnRatings *
wn_ratings_new_from_counts (const char * const *categories,
                            guint               n_subjects,
                            const guint        *counts)
{
  WnRatings *self;
  guint q = categories != NULL ? g_strv_length ((char **) categories) : 0;

  g_return_val_if_fail (check_categories (categories, NULL), NULL);
  g_return_val_if_fail (n_subjects * q == 0 || counts != NULL, NULL);

  self = ratings_alloc (n_subjects, 0, categories, FALSE);
  if (n_subjects * q > 0)
    memcpy (self->counts, counts, sizeof (guint) * n_subjects * q);
  return self;
}

void
wn_ratings_free (WnRatings *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->categories);
  g_free (self->cells);
  g_free (self->counts);
  g_free (self);
}

void
wn_ratings_set (WnRatings *self,
                guint      subject,
                guint      rater,
                int        category)
{
  gsize cell;
  guint q;
  int old;

  g_return_if_fail (self != NULL && self->cells != NULL);
  g_return_if_fail (subject < self->n_subjects && rater < self->n_raters);
  g_return_if_fail (category >= -1 && category < (int) self->categories->len);

  q = self->categories->len;
  cell = (gsize) subject * self->n_raters + rater;
  old = self->cells[cell];
  if (old >= 0)
    self->counts[(gsize) subject * q + (guint) old]--;
  if (category >= 0)
    self->counts[(gsize) subject * q + (guint) category]++;
  self->cells[cell] = category;
}

int
wn_ratings_get (const WnRatings *self,
                guint            subject,
                guint            rater)
{
  g_return_val_if_fail (self != NULL && self->cells != NULL, -1);
  g_return_val_if_fail (subject < self->n_subjects && rater < self->n_raters, -1);

  return self->cells[(gsize) subject * self->n_raters + rater];
}

guint
wn_ratings_get_n_subjects (const WnRatings *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_subjects;
}

guint
wn_ratings_get_n_raters (const WnRatings *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_raters;
}

guint
wn_ratings_get_n_categories (const WnRatings *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->categories->len;
}

const char *
wn_ratings_get_category (const WnRatings *self,
                         guint            category)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (category < self->categories->len, NULL);
  return g_ptr_array_index (self->categories, category);
}

guint
wn_ratings_get_count (const WnRatings *self,
                      guint            subject,
                      guint            category)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (subject < self->n_subjects && category < self->categories->len, 0);
  return self->counts[(gsize) subject * self->categories->len + category];
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

/* Contract: FALSE exactly for NAN, which stands for "undefined". */
gboolean
wn_agreement_is_defined (double value)
{
  return !isnan (value);
}

static const guint *
subject_counts (const WnRatings *ratings,
                guint            subject)
{
  return ratings->counts + (gsize) subject * ratings->categories->len;
}

static guint
subject_total (const WnRatings *ratings,
               guint            subject)
{
  const guint *counts = subject_counts (ratings, subject);
  guint total = 0;

  for (guint k = 0; k < ratings->categories->len; k++)
    total += counts[k];
  return total;
}

/* Σ_k n_ik (n_ik − 1) / (r_i (r_i − 1)): the share of the subject's ordered
 * pairs of ratings that agree. */
static double
pair_agreement (const guint *counts,
                guint        q,
                guint        total)
{
  double sum = 0;

  for (guint k = 0; k < q; k++)
    sum += (double) counts[k] * (counts[k] > 0 ? counts[k] - 1 : 0);
  return sum / ((double) total * (total - 1));
}

/* The numeric values of the categories, or NULL when one is not a number. */
static double *
category_values (const WnRatings *ratings)
{
  guint q = ratings->categories->len;
  g_autofree double *values = g_new0 (double, q + 1);

  for (guint k = 0; k < q; k++)
    if (!parse_number (g_ptr_array_index (ratings->categories, k), &values[k]))
      return NULL;
  return g_steal_pointer (&values);
}

/* ------------------------------------------------------------------------ */
/* Two raters                                                                */

/* Cohen's kappa with both standard errors, Scott's pi, PABAK and Gwet's
 * AC1 for two raters, on the subjects both rated (listwise).
 *
 * p_o = Σ p_ii, p_e = Σ r_i c_i; κ = (p_o − p_e)/(1 − p_e), undefined when
 * p_e = 1 (Cohen 1960).
 *
 * SE under H0 (Fleiss, Cohen & Everitt 1969; SAS "ASE under H0", irr):
 *   SE0² = [p_e + p_e² − Σ r_i c_i (r_i + c_i)] / [n (1 − p_e)²].
 * The numerator equals Σ_i r_i c_i [(1 − r_i)(1 − c_i) + Σ_{j≠i} r_j c_j],
 * a sum of non-negative terms, which is how it is computed: it is exactly
 * 0 when one rater is constant, and z = κ/SE0 is then undefined.
 *
 * Large-sample SE (Fleiss, Cohen & Everitt 1969; SAS "ASE", statsmodels,
 * vcd ≥ 1.3-2, irrCAC):
 *   SE² = [A + B − C] / [n (1 − p_e)²],
 *   A = Σ_i p_ii [1 − (r_i + c_i)(1 − κ)]²,
 *   B = (1 − κ)² Σ_{i≠j} p_ij (c_i + r_j)²,
 *   C = [κ − p_e (1 − κ)]².
 * The CI is κ ± 1.959963984540054 · SE, not truncated to [−1, 1].
 *
 * PABAK (Byrt, Bishop & Carlin 1993) = 2 p_o − 1 for q = 2; for q
 * categories (q p_o − 1)/(q − 1), the Brennan–Prediger coefficient.
 *
 * Scott's pi (Scott 1955): π_k = (r_k + c_k)/2,
 *   π = (p_o − Σ π_k²)/(1 − Σ π_k²).
 *
 * Gwet's AC1 (Gwet 2008; irrCAC gwet.ac1.table, no finite population
 * correction): p_e,γ = Σ_k π_k (1 − π_k)/(q − 1), AC1 = (p_o − p_e,γ)/(1 − p_e,γ),
 *   Var = [Σ_kl p_kl (δ_kl − 2 (1 − AC1)(1 − (π_k + π_l)/2)/(q − 1))²
 *          − (p_o − 2 (1 − AC1) p_e,γ)²] / [n (1 − p_e,γ)²].
 */
static void
compute_two_raters (const WnRatings  *ratings,
                    WnAgreementStats *stats)
{
  guint q = ratings->categories->len;
  g_autofree guint64 *table = g_new0 (guint64, (gsize) q * q + 1);
  g_autofree guint64 *rows = g_new0 (guint64, q + 1);
  g_autofree guint64 *cols = g_new0 (guint64, q + 1);
  guint64 n = 0;
  guint64 agree = 0;
  double dn, nn, s1 = 0, s2 = 0, po, pe, one_minus_pe, kappa;

  for (guint s = 0; s < ratings->n_subjects; s++)
    {
      int a = ratings->cells[(gsize) s * 2];
      int b = ratings->cells[(gsize) s * 2 + 1];

      if (a < 0 || b < 0)
        continue;
      table[(gsize) a * q + (guint) b]++;
      rows[a]++;
      cols[b]++;
      n++;
      if (a == b)
        agree++;
    }
  stats->n = (double) n;
  if (n == 0)
    return;

  /* Integer sums, exact in doubles while n² < 2^53. */
  dn = (double) n;
  nn = dn * dn;
  for (guint k = 0; k < q; k++)
    {
      s1 += (double) rows[k] * (double) cols[k];
      s2 += (double) (rows[k] + cols[k]) * (double) (rows[k] + cols[k]);
    }

  po = (double) agree / dn;
  pe = s1 / nn;
  stats->percent_agreement = po;
  stats->expected_agreement_cohen = pe;

  if (q >= 2)
    stats->pabak = (q * po - 1.0) / (q - 1.0);

  /* Scott: (4n·agree − Σ t_k²)/(4n² − Σ t_k²) with t_k = R_k + C_k. */
  if (4.0 * nn - s2 > 0)
    stats->scott_pi = (4.0 * dn * (double) agree - s2) / (4.0 * nn - s2);

  /* Gwet's AC1, two-rater form. */
  if (q >= 2)
    {
      g_autofree double *pi = g_new0 (double, q);
      double pe_g = 0, sum1 = 0, ac1, var, last;

      for (guint k = 0; k < q; k++)
        {
          pi[k] = (double) (rows[k] + cols[k]) / (2.0 * dn);
          pe_g += pi[k] * (1.0 - pi[k]);
        }
      pe_g /= q - 1.0;
      ac1 = (po - pe_g) / (1.0 - pe_g);
      for (guint k = 0; k < q; k++)
        for (guint l = 0; l < q; l++)
          {
            double p_kl = (double) table[(gsize) k * q + l] / dn;
            double term = (k == l ? 1.0 : 0.0) - 2.0 * (1.0 - ac1) * (1.0 - (pi[k] + pi[l]) / 2.0) / (q - 1.0);

            sum1 += p_kl * term * term;
          }
      last = po - 2.0 * (1.0 - ac1) * pe_g;
      var = (sum1 - last * last) / (dn * (1.0 - pe_g) * (1.0 - pe_g));
      stats->gwet_pe = pe_g;
      stats->gwet_ac1 = ac1;
      stats->gwet_ac1_se = sqrt (MAX (var, 0.0));
    }

  /* Cohen: undefined when p_e = 1, i.e. Σ R_k C_k = n². */
  if (s1 >= nn)
    return;
  kappa = (dn * (double) agree - s1) / (nn - s1);
  one_minus_pe = (nn - s1) / nn;
  stats->cohen_kappa = kappa;

  {
    double num = 0, var0;

    for (guint i = 0; i < q; i++)
      {
        double r_i = (double) rows[i] / dn;
        double c_i = (double) cols[i] / dn;
        double others = (s1 - (double) rows[i] * (double) cols[i]) / nn;

        if (rows[i] == 0 || cols[i] == 0)
          continue;
        num += r_i * c_i * (((dn - (double) rows[i]) / dn) * ((dn - (double) cols[i]) / dn) + others);
      }
    var0 = num / (dn * one_minus_pe * one_minus_pe);
    stats->cohen_kappa_se_null = sqrt (var0);
    stats->cohen_kappa_z = stats->cohen_kappa_se_null > 0 ? kappa / stats->cohen_kappa_se_null : NAN;
  }

  {
    double a = 0, b = 0, c, var;

    for (guint i = 0; i < q; i++)
      for (guint j = 0; j < q; j++)
        {
          double p_ij = (double) table[(gsize) i * q + j] / dn;

          if (p_ij == 0)
            continue;
          if (i == j)
            {
              double t = 1.0 - ((double) rows[i] / dn + (double) cols[i] / dn) * (1.0 - kappa);

              a += p_ij * t * t;
            }
          else
            {
              double t = (double) cols[i] / dn + (double) rows[j] / dn;

              b += p_ij * t * t;
            }
        }
    b *= (1.0 - kappa) * (1.0 - kappa);
    c = kappa - pe * (1.0 - kappa);
    c *= c;
    var = (a + b - c) / (dn * one_minus_pe * one_minus_pe);
    stats->cohen_kappa_se_fce = sqrt (MAX (var, 0.0));
    stats->cohen_kappa_ci95_lower = kappa - WN_AGREEMENT_Z95 * stats->cohen_kappa_se_fce;
    stats->cohen_kappa_ci95_upper = kappa + WN_AGREEMENT_Z95 * stats->cohen_kappa_se_fce;
  }
}

/* ------------------------------------------------------------------------ */
/* Several raters                                                            */

/* The chance-corrected coefficients of Gwet (2014) for any number of
 * raters with missing ratings (irrCAC pa.coeff.raw, gwet.ac1.raw,
 * fleiss.kappa.raw, bp.coeff.raw; no finite population correction).
 * Over the N subjects with at least one rating:
 *
 *   p_a = mean over the n2 subjects with r_i ≥ 2 of Σ_k n_ik (n_ik − 1)/(r_i (r_i − 1));
 *   π_k = mean over all N subjects of n_ik / r_i;
 *   Fleiss: p_e = Σ π_k²; AC1: p_e = Σ π_k (1 − π_k)/(q − 1); BP: p_e = 1/q;
 *   coefficient = (p_a − p_e)/(1 − p_e).
 *
 * Variances by linearisation: with p_a,i the subject's pair agreement (0
 * when r_i < 2) and p_e,i its chance term (Fleiss: Σ_k (n_ik/r_i) π_k;
 * AC1: Σ_k (n_ik/r_i)(1 − π_k)/(q − 1); BP and p_a: p_e),
 *   x_i = (N/n2)(p_a,i − p_e [r_i ≥ 2])/(1 − p_e) − 2 (1 − coef)(p_e,i − p_e)/(1 − p_e),
 *   Var = Σ_i (x_i − coef)² / (N (N − 1)).
 * With complete data Fleiss' p_a and p_e are Fleiss' (1971) P̄ and P̄e.
 *
 * For two raters the headline AC1 stays the two-rater table form, whose
 * variance divides by n instead of n − 1 (Gwet 2008). */
static void
compute_gwet (const WnRatings  *ratings,
              WnAgreementStats *stats)
{
  guint q = ratings->categories->len;
  g_autofree double *pi = g_new0 (double, q + 1);
  g_autofree guint64 *used = g_new0 (guint64, q + 1);
  guint n_rated = 0;
  guint n2 = 0;
  guint n_used = 0;
  guint unanimous = 0;
  double pa = 0, pe_f = 0, pe_g = 0, pe_bp, fleiss, ac1 = NAN, bp = NAN, scale;
  double var_pa = 0, var_f = 0, var_g = 0, var_bp = 0;
  gboolean two_raters = ratings->n_raters == 2;

  for (guint s = 0; s < ratings->n_subjects; s++)
    {
      const guint *counts = subject_counts (ratings, s);
      guint total = subject_total (ratings, s);

      if (total == 0)
        continue;
      n_rated++;
      for (guint k = 0; k < q; k++)
        {
          pi[k] += (double) counts[k] / total;
          used[k] += counts[k];
        }
      if (total >= 2)
        {
          n2++;
          pa += pair_agreement (counts, q, total);
          for (guint k = 0; k < q; k++)
            if (counts[k] == total)
              unanimous++;
        }
    }
  stats->n_subjects = n_rated;
  if (!two_raters)
    stats->n = n2;
  if (n_rated == 0)
    return;
  for (guint k = 0; k < q; k++)
    {
      pi[k] /= n_rated;
      pe_f += pi[k] * pi[k];
      pe_g += pi[k] * (1.0 - pi[k]);
      if (used[k] > 0)
        n_used++;
    }
  stats->fleiss_pe_bar = pe_f;
  if (q >= 2)
    {
      pe_g /= q - 1.0;
      if (!two_raters)
        stats->gwet_pe = pe_g;
    }
  if (n2 == 0)
    return;

  pa /= n2;
  stats->percent_agreement_pairwise = pa;
  stats->fleiss_p_bar = pa;
  stats->percent_agreement_unanimous = (double) unanimous / n2;

  /* p_e = 1 exactly when a single category was used. */
  fleiss = n_used >= 2 ? (pa - pe_f) / (1.0 - pe_f) : NAN;
  stats->fleiss_kappa_gwet_missing = fleiss;
  pe_bp = q >= 2 ? 1.0 / q : NAN;
  if (q >= 2)
    {
      ac1 = (pa - pe_g) / (1.0 - pe_g);
      bp = (pa - pe_bp) / (1.0 - pe_bp);
      if (!two_raters)
        stats->gwet_ac1 = ac1;
      stats->brennan_prediger = bp;
    }

  if (n_rated < 2)
    return;
  scale = (double) n_rated / n2;
  for (guint s = 0; s < ratings->n_subjects; s++)
    {
      const guint *counts = subject_counts (ratings, s);
      guint total = subject_total (ratings, s);
      double pa_i, r2, pe_f_i = 0, pe_g_i = 0, x;

      if (total == 0)
        continue;
      pa_i = total >= 2 ? pair_agreement (counts, q, total) : 0.0;
      r2 = total >= 2 ? 1.0 : 0.0;
      for (guint k = 0; k < q; k++)
        {
          pe_f_i += (double) counts[k] / total * pi[k];
          pe_g_i += (double) counts[k] / total * (1.0 - pi[k]);
        }

      x = scale * pa_i - pa;
      var_pa += x * x;
      if (!isnan (fleiss))
        {
          x = scale * (pa_i - pe_f * r2) / (1.0 - pe_f) - 2.0 * (1.0 - fleiss) * (pe_f_i - pe_f) / (1.0 - pe_f);
          var_f += (x - fleiss) * (x - fleiss);
        }
      if (q >= 2)
        {
          pe_g_i /= q - 1.0;
          x = scale * (pa_i - pe_g * r2) / (1.0 - pe_g) - 2.0 * (1.0 - ac1) * (pe_g_i - pe_g) / (1.0 - pe_g);
          var_g += (x - ac1) * (x - ac1);
          x = scale * (pa_i - pe_bp * r2) / (1.0 - pe_bp);
          var_bp += (x - bp) * (x - bp);
        }
    }
  {
    double denominator = (double) n_rated * (n_rated - 1.0);

    stats->percent_agreement_se = sqrt (var_pa / denominator);
    if (!isnan (fleiss))
      stats->fleiss_kappa_se_gwet = sqrt (var_f / denominator);
    if (q >= 2)
      {
        if (!two_raters)
          stats->gwet_ac1_se = sqrt (var_g / denominator);
        stats->brennan_prediger_se = sqrt (var_bp / denominator);
      }
  }
}

typedef struct
{
  double kappa;
  double p_bar;
  double pe_bar;
  double se_null;
  double z;
} FleissClassic;

/* Fleiss' (1971) kappa over the rated subjects, each with m ratings; with
 * m_only > 0, only the subjects with exactly m_only ratings count.
 *
 *   P_i = (Σ_c n_ic² − m)/(m (m − 1)), P̄ = mean P_i,
 *   p_c = Σ_i n_ic/(N m), P̄e = Σ p_c², κ = (P̄ − P̄e)/(1 − P̄e).
 *
 * SE under H0 (Fleiss, Nee & Landis 1979; irr::kappam.fleiss), q_c = 1 − p_c:
 *   Var0 = 2 / [(Σ p_c q_c)² N m (m − 1)] · [(Σ p_c q_c)² − Σ p_c q_c (q_c − p_c)].
 *
 * Returns FALSE when the subjects do not all have the same m ≥ 2 ratings,
 * or there are none. */
static gboolean
fleiss_classic (const WnRatings *ratings,
                guint            m_only,
                FleissClassic   *out)
{
  guint q = ratings->categories->len;
  g_autofree guint64 *columns = g_new0 (guint64, q + 1);
  guint m = m_only;
  guint n = 0;
  guint n_used = 0;
  double p_bar = 0, pe_bar = 0, sum_pq = 0, sum_pqqp = 0, nm;

  out->kappa = out->p_bar = out->pe_bar = out->se_null = out->z = NAN;
  for (guint s = 0; s < ratings->n_subjects; s++)
    {
      const guint *counts = subject_counts (ratings, s);
      guint total = subject_total (ratings, s);

      if (total == 0 || (m_only > 0 && total != m_only))
        continue;
      if (m == 0)
        m = total;
      if (total != m)
        return FALSE;
      n++;
      p_bar += pair_agreement (counts, q, total);
      for (guint k = 0; k < q; k++)
        columns[k] += counts[k];
    }
  if (n == 0 || m < 2)
    return FALSE;

  nm = (double) n * m;
  for (guint k = 0; k < q; k++)
    {
      double p = (double) columns[k] / nm;

      pe_bar += p * p;
      sum_pq += p * (1.0 - p);
      sum_pqqp += p * (1.0 - p) * ((1.0 - p) - p);
      if (columns[k] > 0)
        n_used++;
    }
  out->p_bar = p_bar / n;
  out->pe_bar = pe_bar;
  if (n_used < 2)
    return TRUE;
  out->kappa = (out->p_bar - pe_bar) / (1.0 - pe_bar);
  out->se_null = sqrt (MAX (2.0 / (sum_pq * sum_pq * nm * (m - 1.0)) * (sum_pq * sum_pq - sum_pqqp), 0.0));
  out->z = out->se_null > 0 ? out->kappa / out->se_null : NAN;
  return TRUE;
}

static void
compute_fleiss (const WnRatings  *ratings,
                WnAgreementStats *stats)
{
  FleissClassic classic;
  guint m_full = ratings->n_raters;

  if (fleiss_classic (ratings, 0, &classic))
    {
      stats->fleiss_kappa = classic.kappa;
      stats->fleiss_kappa_se_null = classic.se_null;
      stats->fleiss_kappa_z = classic.z;
    }

  /* Listwise: the subjects every rater rated; without rater identities,
   * the subjects with the most ratings. */
  if (m_full == 0)
    for (guint s = 0; s < ratings->n_subjects; s++)
      m_full = MAX (m_full, subject_total (ratings, s));
  if (m_full >= 2 && fleiss_classic (ratings, m_full, &classic))
    stats->fleiss_kappa_listwise = classic.kappa;
}

/* Conger's (1980) kappa, as irrCAC conger.kappa.raw (and irr
 * kappam.fleiss (exact = TRUE) on complete data): p_a as in Gwet (2014),
 * p_gk = share of rater g's ratings in category k,
 *   p_e = Σ_k Σ_{g≠h} p_gk p_hk / (R (R − 1)),
 * κ = (p_a − p_e)/(1 − p_e). For two raters with complete data it is
 * Cohen's kappa. Needs rater identities, and every rater must have rated
 * something. */
static void
compute_conger (const WnRatings  *ratings,
                WnAgreementStats *stats)
{
  guint q = ratings->categories->len;
  guint n_raters = ratings->n_raters;
  g_autofree double *share = NULL;
  g_autofree double *sum = g_new0 (double, q + 1);
  double pe = 0;
  guint n_used = 0;

  if (ratings->cells == NULL || n_raters < 2 || !wn_agreement_is_defined (stats->percent_agreement_pairwise))
    return;
  share = g_new0 (double, (gsize) n_raters * q + 1);
  for (guint g = 0; g < n_raters; g++)
    {
      guint rated = 0;

      for (guint s = 0; s < ratings->n_subjects; s++)
        {
          int c = ratings->cells[(gsize) s * n_raters + g];

          if (c < 0)
            continue;
          share[(gsize) g * q + (guint) c] += 1.0;
          rated++;
        }
      if (rated == 0)
        return;
      for (guint k = 0; k < q; k++)
        {
          share[(gsize) g * q + k] /= rated;
          sum[k] += share[(gsize) g * q + k];
        }
    }
  for (guint k = 0; k < q; k++)
    {
      double squares = 0;

      for (guint g = 0; g < n_raters; g++)
        squares += share[(gsize) g * q + k] * share[(gsize) g * q + k];
      pe += sum[k] * sum[k] - squares;
      if (sum[k] > 0)
        n_used++;
    }
  pe /= (double) n_raters * (n_raters - 1.0);
  if (n_used >= 2)
    stats->conger_kappa = (stats->percent_agreement_pairwise - pe) / (1.0 - pe);
}

/* ------------------------------------------------------------------------ */
/* Krippendorff's alpha                                                      */

typedef enum
{
  METRIC_NOMINAL,
  METRIC_ORDINAL,
  METRIC_INTERVAL,
  METRIC_RATIO,
} Metric;

/* δ²(c, k) for Krippendorff's metrics; n_c the coincidence marginals,
 * values the numeric category values (interval, ratio). */
static double
metric_delta (Metric        metric,
              guint         c,
              guint         k,
              const double *marginals,
              const double *values)
{
  switch (metric)
    {
    case METRIC_NOMINAL:
      return c == k ? 0.0 : 1.0;
    case METRIC_ORDINAL:
      {
        guint lo = MIN (c, k);
        guint hi = MAX (c, k);
        double d = 0;

        for (guint g = lo; g <= hi; g++)
          d += marginals[g];
        d -= (marginals[lo] + marginals[hi]) / 2.0;
        return d * d;
      }
    case METRIC_INTERVAL:
      return (values[c] - values[k]) * (values[c] - values[k]);
    case METRIC_RATIO:
      {
        double sum = values[c] + values[k];
        double d = sum == 0 ? 0.0 : (values[c] - values[k]) / sum;

        return d * d;
      }
    default:
      g_assert_not_reached ();
    }
}

/* Krippendorff (2011), "Computing Krippendorff's alpha-reliability". Only
 * units with at least two values (pairable values) count.
 *   o_ck = Σ_u (n_uc n_uk − [c = k] n_uc)/(m_u − 1), n_c = Σ_k o_ck, n = Σ n_c,
 *   D_o = Σ o_ck δ²_ck / n, D_e = Σ n_c n_k δ²_ck / (n (n − 1)),
 *   α = 1 − D_o / D_e,
 * undefined when n = 0 or D_e = 0 (a single value occurs). Nominal:
 * δ² = [c ≠ k]; ordinal: (Σ_{g=c..k} n_g − (n_c + n_k)/2)² over the
 * category order; interval: (c − k)²; ratio: ((c − k)/(c + k))². Interval
 * and ratio need numeric labels, ratio non-negative ones. */
static void
compute_krippendorff (const WnRatings  *ratings,
                      WnAgreementStats *stats)
{
  guint q = ratings->categories->len;
  g_autofree double *coincidence = g_new0 (double, (gsize) q * q + 1);
  g_autofree double *marginals = g_new0 (double, q + 1);
  g_autofree double *values = category_values (ratings);
  guint64 n = 0;
  guint64 sum_squares = 0;
  guint n_used = 0;
  double diagonal = 0, dn;
  gboolean non_negative = TRUE;
  static const struct
  {
    Metric metric;
    gsize  offset;
  } metrics[] = {
    { METRIC_ORDINAL, G_STRUCT_OFFSET (WnAgreementStats, krippendorff_alpha_ordinal) },
    { METRIC_INTERVAL, G_STRUCT_OFFSET (WnAgreementStats, krippendorff_alpha_interval) },
    { METRIC_RATIO, G_STRUCT_OFFSET (WnAgreementStats, krippendorff_alpha_ratio) },
  };

  for (guint s = 0; s < ratings->n_subjects; s++)
    {
      const guint *counts = subject_counts (ratings, s);
      guint total = subject_total (ratings, s);

      if (total < 2)
        continue;
      for (guint c = 0; c < q; c++)
        {
          if (counts[c] == 0)
            continue;
          for (guint k = 0; k < q; k++)
            {
              double pairs = (double) counts[c] * counts[k] - (c == k ? counts[c] : 0);

              coincidence[(gsize) c * q + k] += pairs / (total - 1.0);
            }
          marginals[c] += counts[c];
        }
      n += total;
    }
  stats->krippendorff_n_pairable = (double) n;
  if (n == 0)
    return;

  /* The marginals are integers (Σ_k o_ck = Σ_u n_uc). */
  for (guint c = 0; c < q; c++)
    {
      guint64 n_c = (guint64) marginals[c];

      sum_squares += n_c * n_c;
      diagonal += coincidence[(gsize) c * q + c];
      if (n_c > 0)
        n_used++;
    }
  dn = (double) n;
  stats->krippendorff_do_nominal = (dn - diagonal) / dn;
  stats->krippendorff_de_nominal = (dn * dn - (double) sum_squares) / (dn * (dn - 1.0));
  if (n_used < 2)
    return;
  stats->krippendorff_alpha_nominal = 1.0 - (dn - 1.0) * (dn - diagonal) / (dn * dn - (double) sum_squares);

  for (guint k = 0; values != NULL && k < q; k++)
    if (values[k] < 0)
      non_negative = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (metrics); i++)
    {
      Metric metric = metrics[i].metric;
      double d_o = 0, d_e = 0;

      if (metric != METRIC_ORDINAL && values == NULL)
        continue;
      if (metric == METRIC_RATIO && !non_negative)
        continue;
      for (guint c = 0; c < q; c++)
        for (guint k = 0; k < q; k++)
          {
            double delta;

            if (marginals[c] == 0 || marginals[k] == 0 || c == k)
              continue;
            delta = metric_delta (metric, c, k, marginals, values);
            d_o += coincidence[(gsize) c * q + k] * delta;
            d_e += marginals[c] * marginals[k] * delta;
          }
      d_o /= dn;
      d_e /= dn * (dn - 1.0);
      if (d_e > 0)
        G_STRUCT_MEMBER (double, stats, metrics[i].offset) = 1.0 - d_o / d_e;
    }
}

/* ------------------------------------------------------------------------ */
/* Entry points                                                              */

/**
 * wn_agreement_compute:
 *
 * Contract: fills every field of stats from ratings; each statistic that
 * is undefined for these data (0/0), or that does not apply to them, is
 * NAN. Two-rater statistics need exactly two raters and use the subjects
 * both rated; the others use every subject with at least one rating.
 */
void
wn_agreement_compute (const WnRatings  *ratings,
                      WnAgreementStats *stats)
{
  double *fields = (double *) stats;

  G_STATIC_ASSERT (sizeof (WnAgreementStats) % sizeof (double) == 0);
  g_return_if_fail (ratings != NULL);
  g_return_if_fail (stats != NULL);

  /* Every field is a double: start from "undefined" everywhere. */
  for (gsize i = 0; i < sizeof (WnAgreementStats) / sizeof (double); i++)
    fields[i] = NAN;

  stats->n = 0;
  stats->n_subjects = 0;
  stats->n_raters = ratings->n_raters;
  stats->n_categories = ratings->categories->len;

  if (ratings->n_raters == 2)
    compute_two_raters (ratings, stats);
  compute_gwet (ratings, stats);
  compute_fleiss (ratings, stats);
  compute_conger (ratings, stats);
  compute_krippendorff (ratings, stats);
}

/**
 * wn_agreement_subject_agreement:
 *
 * Contract: Fleiss (1971) P_i = Σ_c n_ic (n_ic − 1)/(r_i (r_i − 1)), the
 * share of agreeing ordered pairs of the subject's ratings; NAN when it has
 * fewer than two.
 */
double
wn_agreement_subject_agreement (const WnRatings *ratings,
                                guint            subject)
{
  guint total;

  g_return_val_if_fail (ratings != NULL, NAN);
  g_return_val_if_fail (subject < ratings->n_subjects, NAN);

  total = subject_total (ratings, subject);
  if (total < 2)
    return NAN;
  return pair_agreement (subject_counts (ratings, subject), ratings->categories->len, total);
}

/**
 * wn_agreement_fleiss_by_category:
 *
 * Contract: Fleiss (1971) kappa for category j (irr::kappam.fleiss
 * detail = TRUE): with p_j the share of ratings in j,
 *   κ_j = 1 − Σ_i n_ij (m − n_ij) / (N m (m − 1) p_j (1 − p_j)),
 * NAN unless every rated subject has the same m ≥ 2 ratings and 0 < p_j < 1.
 */
double
wn_agreement_fleiss_by_category (const WnRatings *ratings,
                                 guint            category)
{
  guint q;
  guint m = 0;
  guint n = 0;
  guint64 column = 0;
  double disagreement = 0, p, nm;

  g_return_val_if_fail (ratings != NULL, NAN);
  g_return_val_if_fail (category < ratings->categories->len, NAN);

  q = ratings->categories->len;
  for (guint s = 0; s < ratings->n_subjects; s++)
    {
      guint total = subject_total (ratings, s);
      guint n_ij = ratings->counts[(gsize) s * q + category];

      if (total == 0)
        continue;
      if (m == 0)
        m = total;
      if (total != m)
        return NAN;
      n++;
      column += n_ij;
      disagreement += (double) n_ij * (m - n_ij);
    }
  if (n == 0 || m < 2 || column == 0 || column == (guint64) n * m)
    return NAN;
  nm = (double) n * m;
  p = (double) column / nm;
  return 1.0 - disagreement / (nm * (m - 1.0) * p * (1.0 - p));
}

/**
 * wn_agreement_unanimous_within:
 *
 * Contract: the share of subjects with at least two ratings whose numeric
 * category values span at most tolerance (max − min ≤ tolerance), as
 * irr::agree; tolerance 0 is unanimity. NAN when a category label is not a
 * number or no subject has two ratings.
 */
double
wn_agreement_unanimous_within (const WnRatings *ratings,
                               double           tolerance)
{
  g_autofree double *values = NULL;
  guint q;
  guint n2 = 0;
  guint within = 0;

  g_return_val_if_fail (ratings != NULL, NAN);

  values = category_values (ratings);
  if (values == NULL)
    return NAN;
  q = ratings->categories->len;
  for (guint s = 0; s < ratings->n_subjects; s++)
    {
      const guint *counts = subject_counts (ratings, s);
      double lo = INFINITY, hi = -INFINITY;

      if (subject_total (ratings, s) < 2)
        continue;
      n2++;
      for (guint k = 0; k < q; k++)
        if (counts[k] > 0)
          {
            lo = MIN (lo, values[k]);
            hi = MAX (hi, values[k]);
          }
      if (hi - lo <= tolerance)
        within++;
    }
  return n2 > 0 ? (double) within / n2 : NAN;
}

static void
append_number (GString    *out,
               const char *key,
               double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  wn_json_append_key (out, key);
  if (isfinite (value))
    g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.15g", value));
  else
    g_string_append (out, "null");
}

/**
 * wn_agreement_stats_to_json:
 *
 * Contract: appends one JSON object, {"n": …, …}, with the sizes as
 * integers and every statistic under its field name; an undefined value
 * (NAN) is null, never a number.
 */
void
wn_agreement_stats_to_json (const WnAgreementStats *stats,
                            GString                *out)
{
#define FIELD(name) { #name, G_STRUCT_OFFSET (WnAgreementStats, name) }
  static const struct
  {
    const char *key;
    gsize       offset;
  } fields[] = {
    FIELD (percent_agreement),
    FIELD (expected_agreement_cohen),
    FIELD (cohen_kappa),
    FIELD (cohen_kappa_se_null),
    FIELD (cohen_kappa_se_fce),
    FIELD (cohen_kappa_ci95_lower),
    FIELD (cohen_kappa_ci95_upper),
    FIELD (cohen_kappa_z),
    FIELD (pabak),
    FIELD (scott_pi),
    FIELD (gwet_ac1),
    FIELD (gwet_ac1_se),
    FIELD (gwet_pe),
    FIELD (percent_agreement_pairwise),
    FIELD (percent_agreement_se),
    FIELD (percent_agreement_unanimous),
    FIELD (brennan_prediger),
    FIELD (brennan_prediger_se),
    FIELD (fleiss_kappa),
    FIELD (fleiss_kappa_se_null),
    FIELD (fleiss_kappa_z),
    FIELD (fleiss_p_bar),
    FIELD (fleiss_pe_bar),
    FIELD (fleiss_kappa_gwet_missing),
    FIELD (fleiss_kappa_se_gwet),
    FIELD (fleiss_kappa_listwise),
    FIELD (conger_kappa),
    FIELD (krippendorff_alpha_nominal),
    FIELD (krippendorff_alpha_ordinal),
    FIELD (krippendorff_alpha_interval),
    FIELD (krippendorff_alpha_ratio),
    FIELD (krippendorff_n_pairable),
    FIELD (krippendorff_do_nominal),
    FIELD (krippendorff_de_nominal),
  };
#undef FIELD

  g_return_if_fail (stats != NULL);
  g_return_if_fail (out != NULL);

  g_string_append_c (out, '{');
  wn_json_append_key (out, "n");
  wn_json_append_int (out, (gint64) stats->n);
  wn_json_append_key (out, "n_subjects");
  wn_json_append_int (out, (gint64) stats->n_subjects);
  wn_json_append_key (out, "n_raters");
  wn_json_append_int (out, (gint64) stats->n_raters);
  wn_json_append_key (out, "n_categories");
  wn_json_append_int (out, (gint64) stats->n_categories);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    append_number (out, fields[i].key, G_STRUCT_MEMBER (double, stats, fields[i].offset));
  g_string_append_c (out, '}');
}
