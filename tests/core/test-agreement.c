/* test-agreement.c — the agreement statistics against the team's vectors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /agreement/vectors/<case>: one test per case of
 * $WINNOW_TESTDATA/agreement/vectors.json (see SOURCES.md next to it).
 * Every expected quantity is checked, or is listed in skipped[] below with
 * the reason Winnow does not compute it; a quantity that is neither fails
 * the test. An expected {value: null, undefined: true} must come out NAN.
 *
 * The other tests are our own: edge cases, the JSON writer, and the
 * winnow-cli kappa command (WINNOW_CLI) on files written to a temporary
 * folder.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wn-agreement.h"

/* ------------------------------------------------------------------------ */
/* What each vector quantity is                                              */

#define FIELD(name) G_STRUCT_OFFSET (WnAgreementStats, name)

/* Vector quantities read straight from WnAgreementStats. */
static const struct
{
  const char *name;
  gsize       offset;
} fields[] = {
  { "n", FIELD (n) },
  { "percent_agreement", FIELD (percent_agreement) },
  { "expected_agreement_cohen", FIELD (expected_agreement_cohen) },
  { "cohen_kappa", FIELD (cohen_kappa) },
  { "cohen_kappa_se_null", FIELD (cohen_kappa_se_null) },
  { "cohen_kappa_se_fce", FIELD (cohen_kappa_se_fce) },
  { "cohen_kappa_ci95_lower", FIELD (cohen_kappa_ci95_lower) },
  { "cohen_kappa_ci95_upper", FIELD (cohen_kappa_ci95_upper) },
  { "cohen_kappa_z", FIELD (cohen_kappa_z) },
  { "pabak", FIELD (pabak) },
  { "scott_pi", FIELD (scott_pi) },
  { "gwet_ac1", FIELD (gwet_ac1) },
  { "gwet_ac1_se", FIELD (gwet_ac1_se) },
  { "gwet_pe", FIELD (gwet_pe) },
  { "percent_agreement_pairwise", FIELD (percent_agreement_pairwise) },
  { "percent_agreement_se", FIELD (percent_agreement_se) },
  { "percent_agreement_unanimous", FIELD (percent_agreement_unanimous) },
  { "brennan_prediger", FIELD (brennan_prediger) },
  { "brennan_prediger_se", FIELD (brennan_prediger_se) },
  { "fleiss_kappa", FIELD (fleiss_kappa) },
  { "fleiss_kappa_classic", FIELD (fleiss_kappa) },
  { "fleiss_kappa_se_null", FIELD (fleiss_kappa_se_null) },
  { "fleiss_kappa_z", FIELD (fleiss_kappa_z) },
  { "fleiss_P_bar", FIELD (fleiss_p_bar) },
  { "fleiss_Pe_bar", FIELD (fleiss_pe_bar) },
  { "fleiss_kappa_gwet_missing", FIELD (fleiss_kappa_gwet_missing) },
  { "fleiss_kappa_se_gwet", FIELD (fleiss_kappa_se_gwet) },
  { "fleiss_kappa_listwise_complete_subjects", FIELD (fleiss_kappa_listwise) },
  { "conger_exact_kappa", FIELD (conger_kappa) },
  { "krippendorff_alpha_nominal", FIELD (krippendorff_alpha_nominal) },
  { "krippendorff_alpha_nominal_irrCAC", FIELD (krippendorff_alpha_nominal) },
  { "krippendorff_alpha_ordinal", FIELD (krippendorff_alpha_ordinal) },
  { "krippendorff_alpha_interval", FIELD (krippendorff_alpha_interval) },
  { "krippendorff_alpha_ratio", FIELD (krippendorff_alpha_ratio) },
  { "krippendorff_n_pairable", FIELD (krippendorff_n_pairable) },
  { "krippendorff_D_o", FIELD (krippendorff_do_nominal) },
  { "krippendorff_D_e", FIELD (krippendorff_de_nominal) },
};

/* Vector quantities Winnow deliberately does not compute, and why. */
static const struct
{
  const char *name;
  const char *reason;
} skipped[] = {
  { "cohen_kappa_ci95_gwet_t_lower",
    "irrCAC's Student t(n-1) interval capped at 1; Winnow's CI is kappa +/- 1.96 SE_fce, untruncated "
    "(SOURCES.md 4.1-4.2)" },
  { "cohen_kappa_ci95_gwet_t_upper",
    "irrCAC's Student t(n-1) interval capped at 1; Winnow's CI is kappa +/- 1.96 SE_fce, untruncated "
    "(SOURCES.md 4.1-4.2)" },
  { "gwet_ac1_ci95_gwet_t_lower",
    "irrCAC's Student t(n-1) interval for AC1; Winnow reports AC1 with its SE and uses no t quantile" },
  { "gwet_ac1_ci95_gwet_t_upper",
    "irrCAC's Student t(n-1) interval for AC1; Winnow reports AC1 with its SE and uses no t quantile" },
  { "cohen_kappa_ci95_epiR_nullSE_lower",
    "epiR builds its CI from the null SE, which is valid only under H0; Winnow uses the FCE SE (SOURCES.md 4.1)" },
  { "cohen_kappa_ci95_epiR_nullSE_upper",
    "epiR builds its CI from the null SE, which is valid only under H0; Winnow uses the FCE SE (SOURCES.md 4.1)" },
  { "cohen_kappa_se_cohen1960_approx",
    "Cohen's 1960 approximation (old vcd, epiR 'cohen'), superseded by the FCE SE; one non-null SE avoids confusion" },
  { "pabak_ci95_exact_lower",
    "epiR's exact (Clopper-Pearson) PABAK interval needs beta quantiles; Winnow reports no PABAK interval" },
  { "pabak_ci95_exact_upper",
    "epiR's exact (Clopper-Pearson) PABAK interval needs beta quantiles; Winnow reports no PABAK interval" },
};

/* ------------------------------------------------------------------------ */
/* Building the input                                                        */

/* A ratings layout kept as labels, so that variants can change a cell. */
typedef struct
{
  guint      n_subjects;
  guint      n_raters;
  GPtrArray *labels;     /* char *, NULL for missing; [s * n_raters + r] */
  GPtrArray *categories; /* NULL-terminated, or NULL when not declared */
} Labels;

static void
labels_clear (Labels *labels)
{
  g_clear_pointer (&labels->labels, g_ptr_array_unref);
  g_clear_pointer (&labels->categories, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Labels, labels_clear)

/* A label as text: strings as they are, numbers as written by a person. */
static char *
label_from_node (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", json_node_get_double (node)));
      }
    default:
      g_assert_not_reached ();
    }
}

static GPtrArray *
categories_from_array (JsonArray *array)
{
  GPtrArray *categories = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (categories, label_from_node (json_array_get_element (array, i)));
  g_ptr_array_add (categories, NULL);
  return categories;
}

static void
labels_from_input (JsonObject *input,
                   Labels     *out)
{
  JsonArray *raters = json_object_get_array_member (input, "raters");

  out->n_raters = json_array_get_length (raters);
  out->n_subjects = out->n_raters > 0 ? json_array_get_length (json_array_get_array_element (raters, 0)) : 0;
  out->labels = g_ptr_array_new_with_free_func (g_free);
  for (guint s = 0; s < out->n_subjects; s++)
    for (guint r = 0; r < out->n_raters; r++)
      {
        JsonArray *column = json_array_get_array_element (raters, r);

        g_assert_cmpuint (json_array_get_length (column), ==, out->n_subjects);
        g_ptr_array_add (out->labels, label_from_node (json_array_get_element (column, s)));
      }
  out->categories = NULL;
  if (json_object_has_member (input, "categories"))
    out->categories = categories_from_array (json_object_get_array_member (input, "categories"));
}

static WnRatings *
ratings_from_labels (const Labels *labels,
                     gboolean      declared)
{
  g_autoptr(GError) error = NULL;
  WnRatings *ratings;

  ratings = wn_ratings_new_from_labels (labels->n_subjects, labels->n_raters,
                                        (const char * const *) labels->labels->pdata,
                                        declared && labels->categories != NULL
                                          ? (const char * const *) labels->categories->pdata
                                          : NULL,
                                        &error);
  g_assert_no_error (error);
  g_assert_nonnull (ratings);
  return ratings;
}

static WnRatings *
ratings_from_input (JsonObject *input)
{
  const char *type = json_object_get_string_member (input, "type");

  if (g_str_equal (type, "ratings"))
    {
      g_auto(Labels) labels = { 0 };

      labels_from_input (input, &labels);
      return ratings_from_labels (&labels, TRUE);
    }
  else if (g_str_equal (type, "contingency_table") || g_str_equal (type, "counts"))
    {
      gboolean table = g_str_equal (type, "contingency_table");
      g_autoptr(GPtrArray) categories = categories_from_array (json_object_get_array_member (input, "categories"));
      JsonArray *rows = json_object_get_array_member (input, table ? "table" : "counts");
      guint q = categories->len - 1;
      guint n_rows = json_array_get_length (rows);
      g_autofree guint *cells = g_new0 (guint, (gsize) n_rows * q + 1);

      if (table)
        g_assert_cmpuint (n_rows, ==, q);
      for (guint i = 0; i < n_rows; i++)
        {
          JsonArray *row = json_array_get_array_element (rows, i);

          g_assert_cmpuint (json_array_get_length (row), ==, q);
          for (guint j = 0; j < q; j++)
            {
              gint64 count = json_array_get_int_element (row, j);

              g_assert_cmpint (count, >=, 0);
              cells[i * q + j] = (guint) count;
            }
        }
      if (table)
        return wn_ratings_new_from_table ((const char * const *) categories->pdata, cells);
      return wn_ratings_new_from_counts ((const char * const *) categories->pdata, n_rows, cells);
    }
  g_error ("unknown input type '%s'", type);
}

/* ------------------------------------------------------------------------ */
/* Checking                                                                  */

static void
check_value (const char *case_name,
             const char *quantity,
             JsonObject *expected,
             double      actual)
{
  double value, tol;

  if (json_object_has_member (expected, "undefined") && json_object_get_boolean_member (expected, "undefined"))
    {
      if (wn_agreement_is_defined (actual))
        g_test_fail_printf ("%s: %s should be undefined, is %.10g", case_name, quantity, actual);
      return;
    }
  value = json_object_get_double_member (expected, "value");
  tol = json_object_get_double_member (expected, "tol");
  if (!wn_agreement_is_defined (actual))
    g_test_fail_printf ("%s: %s is undefined, expected %.10g", case_name, quantity, value);
  else if (fabs (actual - value) > tol + 1e-12)
    g_test_fail_printf ("%s: %s is %.10g, expected %.10g +/- %g", case_name, quantity, actual, value, tol);
}

static void
check_values (const char *case_name,
              const char *quantity,
              JsonObject *expected,
              guint       n,
              double     *actual)
{
  JsonArray *values = json_object_get_array_member (expected, "values");
  double tol = json_object_get_double_member (expected, "tol");

  if (json_array_get_length (values) != n)
    {
      g_test_fail_printf ("%s: %s has %u values, expected %u", case_name, quantity, n,
                          json_array_get_length (values));
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      double value = json_array_get_double_element (values, i);

      if (!wn_agreement_is_defined (actual[i]) || fabs (actual[i] - value) > tol + 1e-12)
        g_test_fail_printf ("%s: %s[%u] is %.10g, expected %.10g", case_name, quantity, i, actual[i], value);
    }
}

/* Quantities that need their own function or a variant of the input.
 * Returns FALSE when quantity is not one of them. */
static gboolean
check_special (const char      *case_name,
               const char      *quantity,
               JsonObject      *expected,
               JsonObject      *input,
               const WnRatings *ratings)
{
  if (g_str_equal (quantity, "fleiss_P_i"))
    {
      guint n = wn_ratings_get_n_subjects (ratings);
      g_autofree double *actual = g_new0 (double, n + 1);

      for (guint s = 0; s < n; s++)
        actual[s] = wn_agreement_subject_agreement (ratings, s);
      check_values (case_name, quantity, expected, n, actual);
      return TRUE;
    }
  if (g_str_equal (quantity, "fleiss_kappa_by_category"))
    {
      JsonArray *names = json_object_get_array_member (expected, "categories");
      guint n = json_array_get_length (names);
      g_autofree double *actual = g_new0 (double, n + 1);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *name = label_from_node (json_array_get_element (names, i));
          guint k;

          for (k = 0; k < wn_ratings_get_n_categories (ratings); k++)
            if (g_str_equal (wn_ratings_get_category (ratings, k), name))
              break;
          g_assert_cmpuint (k, <, wn_ratings_get_n_categories (ratings));
          actual[i] = wn_agreement_fleiss_by_category (ratings, k);
        }
      check_values (case_name, quantity, expected, n, actual);
      return TRUE;
    }
  if (g_str_equal (quantity, "percent_agreement_unanimous_tolerance1"))
    {
      check_value (case_name, quantity, expected, wn_agreement_unanimous_within (ratings, 1.0));
      return TRUE;
    }
  if (g_str_equal (quantity, "gwet_ac1_q1_observed_only"))
    {
      /* The same ratings with the observed categories only (here q = 1). */
      g_auto(Labels) labels = { 0 };
      g_autoptr(WnRatings) observed = NULL;
      WnAgreementStats stats;

      labels_from_input (input, &labels);
      observed = ratings_from_labels (&labels, FALSE);
      wn_agreement_compute (observed, &stats);
      check_value (case_name, quantity, expected, stats.gwet_ac1);
      return TRUE;
    }
  if (g_str_equal (quantity, "krippendorff_alpha_nominal_irrCAC_unit10_missing"))
    {
      /* irrCAC's copy of the data lacks Gerry's (rater 2) rating of unit 10. */
      g_auto(Labels) labels = { 0 };
      g_autoptr(WnRatings) variant = NULL;
      WnAgreementStats stats;

      labels_from_input (input, &labels);
      g_assert_cmpuint (labels.n_raters, ==, 2);
      g_assert_cmpuint (labels.n_subjects, >=, 10);
      g_clear_pointer (&g_ptr_array_index (labels.labels, 9 * 2 + 1), g_free);
      variant = ratings_from_labels (&labels, TRUE);
      wn_agreement_compute (variant, &stats);
      check_value (case_name, quantity, expected, stats.krippendorff_alpha_nominal);
      return TRUE;
    }
  return FALSE;
}

static void
test_vector (gconstpointer data)
{
  JsonObject *vector = (JsonObject *) data;
  const char *name = json_object_get_string_member (vector, "name");
  JsonObject *input = json_object_get_object_member (vector, "input");
  JsonObject *expected = json_object_get_object_member (vector, "expected");
  g_autoptr(WnRatings) ratings = ratings_from_input (input);
  g_autoptr(GList) quantities = json_object_get_members (expected);
  WnAgreementStats stats;
  guint checked = 0;

  wn_agreement_compute (ratings, &stats);
  for (GList *l = quantities; l != NULL; l = l->next)
    {
      const char *quantity = l->data;
      JsonObject *member = json_object_get_object_member (expected, quantity);
      gboolean known = FALSE;

      for (guint i = 0; !known && i < G_N_ELEMENTS (skipped); i++)
        if (g_str_equal (quantity, skipped[i].name))
          {
            g_test_message ("%s: %s not computed: %s", name, quantity, skipped[i].reason);
            known = TRUE;
          }
      for (guint i = 0; !known && i < G_N_ELEMENTS (fields); i++)
        if (g_str_equal (quantity, fields[i].name))
          {
            check_value (name, quantity, member, G_STRUCT_MEMBER (double, &stats, fields[i].offset));
            checked++;
            known = TRUE;
          }
      if (!known && check_special (name, quantity, member, input, ratings))
        {
          checked++;
          known = TRUE;
        }
      if (!known)
        g_test_fail_printf ("%s: unknown quantity '%s': compute it, or list it in skipped[] with a reason", name,
                            quantity);
    }
  g_assert_cmpuint (checked, >, 0);
}

static void
test_vectors_missing (gconstpointer data)
{
  g_test_skip ((const char *) data);
}

/* ------------------------------------------------------------------------ */
/* Our own cases                                                             */

static WnRatings *
two_raters (const char *const *a,
            const char *const *b,
            const char *const *categories)
{
  guint n = g_strv_length ((char **) a);
  g_autofree const char **labels = g_new0 (const char *, 2 * n + 1);
  g_autoptr(GError) error = NULL;
  WnRatings *ratings;

  g_assert_cmpuint (g_strv_length ((char **) b), ==, n);
  for (guint s = 0; s < n; s++)
    {
      labels[2 * s] = *a[s] ? a[s] : NULL;
      labels[2 * s + 1] = *b[s] ? b[s] : NULL;
    }
  ratings = wn_ratings_new_from_labels (n, 2, labels, categories, &error);
  g_assert_no_error (error);
  return ratings;
}

/* κ = 1: the large-sample SE is 0, the CI [1, 1]; the null SE is not. */
static void
test_perfect (void)
{
  const char *const categories[] = { "include", "exclude", NULL };
  const guint table[] = { 12, 0, 0, 18 };
  g_autoptr(WnRatings) ratings = wn_ratings_new_from_table (categories, table);
  WnAgreementStats stats;

  wn_agreement_compute (ratings, &stats);
  g_assert_cmpfloat (stats.n, ==, 30);
  g_assert_cmpfloat (stats.percent_agreement, ==, 1.0);
  g_assert_cmpfloat_with_epsilon (stats.cohen_kappa, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (stats.cohen_kappa_se_fce, 0.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (stats.cohen_kappa_ci95_lower, 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (stats.cohen_kappa_ci95_upper, 1.0, 1e-6);
  g_assert_cmpfloat (stats.cohen_kappa_se_null, >, 0.1);
  g_assert_true (wn_agreement_is_defined (stats.cohen_kappa_z));
  g_assert_cmpfloat_with_epsilon (stats.pabak, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (stats.gwet_ac1, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (stats.krippendorff_alpha_nominal, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (stats.fleiss_kappa, 1.0, 1e-12);
}

/* Every subject in one category: kappa, pi and alpha are 0/0. With one
 * category observed, PABAK and AC1 (which divide by q − 1) are too. */
static void
test_single_category (void)
{
  const char *const a[] = { "E", "E", "E", "E", NULL };
  g_autoptr(WnRatings) observed = two_raters (a, a, NULL);
  const char *const declared[] = { "I", "E", NULL };
  g_autoptr(WnRatings) offered = two_raters (a, a, declared);
  WnAgreementStats stats;

  wn_agreement_compute (observed, &stats);
  g_assert_cmpfloat (stats.n_categories, ==, 1);
  g_assert_cmpfloat (stats.percent_agreement, ==, 1.0);
  g_assert_cmpfloat (stats.expected_agreement_cohen, ==, 1.0);
  g_assert_false (wn_agreement_is_defined (stats.cohen_kappa));
  g_assert_false (wn_agreement_is_defined (stats.cohen_kappa_se_null));
  g_assert_false (wn_agreement_is_defined (stats.cohen_kappa_se_fce));
  g_assert_false (wn_agreement_is_defined (stats.cohen_kappa_ci95_lower));
  g_assert_false (wn_agreement_is_defined (stats.cohen_kappa_z));
  g_assert_false (wn_agreement_is_defined (stats.scott_pi));
  g_assert_false (wn_agreement_is_defined (stats.pabak));
  g_assert_false (wn_agreement_is_defined (stats.gwet_ac1));
  g_assert_false (wn_agreement_is_defined (stats.fleiss_kappa));
  g_assert_false (wn_agreement_is_defined (stats.conger_kappa));
  g_assert_false (wn_agreement_is_defined (stats.krippendorff_alpha_nominal));
  g_assert_false (wn_agreement_is_defined (stats.krippendorff_alpha_ordinal));

  wn_agreement_compute (offered, &stats);
  g_assert_cmpfloat (stats.n_categories, ==, 2);
  g_assert_false (wn_agreement_is_defined (stats.cohen_kappa));
  g_assert_cmpfloat (stats.pabak, ==, 1.0);
  g_assert_cmpfloat (stats.gwet_ac1, ==, 1.0);
}

/* One rater constant: κ = 0 exactly, SE0 = 0 exactly, z undefined. */
static void
test_one_rater_constant (void)
{
  const char *const a[] = { "E", "E", "E", "E", "E", NULL };
  const char *const b[] = { "E", "I", "E", "I", "I", NULL };
  g_autoptr(WnRatings) ratings = two_raters (a, b, NULL);
  WnAgreementStats stats;

  wn_agreement_compute (ratings, &stats);
  g_assert_cmpfloat (stats.cohen_kappa, ==, 0.0);
  g_assert_cmpfloat (stats.cohen_kappa_se_null, ==, 0.0);
  g_assert_false (wn_agreement_is_defined (stats.cohen_kappa_z));
}

/* No subjects at all, or none rated by both: nothing is a number. */
static void
test_empty (void)
{
  const char *const a[] = { "I", "", "E", NULL };
  const char *const b[] = { "", "E", "", NULL };
  g_autoptr(WnRatings) none = wn_ratings_new (0, 2, NULL);
  g_autoptr(WnRatings) disjoint = two_raters (a, b, NULL);
  WnAgreementStats stats;

  wn_agreement_compute (none, &stats);
  g_assert_cmpfloat (stats.n, ==, 0);
  g_assert_false (wn_agreement_is_defined (stats.percent_agreement));
  g_assert_false (wn_agreement_is_defined (stats.cohen_kappa));
  g_assert_false (wn_agreement_is_defined (stats.fleiss_kappa));
  g_assert_false (wn_agreement_is_defined (stats.krippendorff_alpha_nominal));

  wn_agreement_compute (disjoint, &stats);
  g_assert_cmpfloat (stats.n, ==, 0);
  g_assert_cmpfloat (stats.n_subjects, ==, 3);
  g_assert_false (wn_agreement_is_defined (stats.percent_agreement));
  g_assert_false (wn_agreement_is_defined (stats.gwet_ac1));
  g_assert_false (wn_agreement_is_defined (stats.percent_agreement_pairwise));
  g_assert_cmpfloat (stats.krippendorff_n_pairable, ==, 0);
  g_assert_false (wn_agreement_is_defined (stats.krippendorff_alpha_nominal));
}

/* Identities between the statistics for two raters with complete data:
 * Fleiss = Scott, Conger = Cohen, BP = PABAK, α = 1 − (2N−1)/(2N)(1 − π). */
static void
test_identities (void)
{
  const char *const a[] = { "I", "I", "M", "E", "E", "E", "M", "I", "E", "E", "E", "I", NULL };
  const char *const b[] = { "I", "M", "M", "E", "E", "I", "E", "I", "E", "E", "M", "I", NULL };
  const char *const categories[] = { "I", "M", "E", NULL };
  g_autoptr(WnRatings) ratings = two_raters (a, b, categories);
  WnAgreementStats stats;
  double n;

  wn_agreement_compute (ratings, &stats);
  n = stats.n;
  g_assert_cmpfloat_with_epsilon (stats.fleiss_kappa, stats.scott_pi, 1e-12);
  g_assert_cmpfloat_with_epsilon (stats.conger_kappa, stats.cohen_kappa, 1e-12);
  g_assert_cmpfloat_with_epsilon (stats.brennan_prediger, stats.pabak, 1e-12);
  g_assert_cmpfloat_with_epsilon (stats.percent_agreement_pairwise, stats.percent_agreement, 1e-12);
  g_assert_cmpfloat_with_epsilon (stats.krippendorff_alpha_nominal,
                                  1.0 - (2 * n - 1) / (2 * n) * (1.0 - stats.scott_pi), 1e-12);
  g_assert_cmpfloat_with_epsilon (stats.fleiss_kappa_gwet_missing, stats.fleiss_kappa, 1e-12);
}

/* Categories: numeric labels sort as numbers, others by bytes; a declared
 * list keeps its order and rejects other labels. */
static void
test_labels (void)
{
  const char *const numbers[] = { "10", "2", "1", "2", NULL };
  const char *const words[] = { "b", "a", "B", "a", NULL };
  const char *const declared[] = { "yes", "no", "maybe", NULL };
  const char *const answers[] = { "no", "yes", "no", "no", NULL };
  const char *const repeated[] = { "yes", "no", "yes", NULL };
  const char *labels[] = { "yes", "no", "perhaps", "no" };
  g_autoptr(WnRatings) by_number = two_raters (numbers, numbers, NULL);
  g_autoptr(WnRatings) by_bytes = two_raters (words, words, NULL);
  g_autoptr(WnRatings) in_order = two_raters (answers, answers, declared);
  g_autoptr(WnRatings) unknown = NULL;
  g_autoptr(WnRatings) twice = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (wn_ratings_get_n_categories (by_number), ==, 3);
  g_assert_cmpstr (wn_ratings_get_category (by_number, 0), ==, "1");
  g_assert_cmpstr (wn_ratings_get_category (by_number, 1), ==, "2");
  g_assert_cmpstr (wn_ratings_get_category (by_number, 2), ==, "10");
  g_assert_cmpstr (wn_ratings_get_category (by_bytes, 0), ==, "B");
  g_assert_cmpstr (wn_ratings_get_category (by_bytes, 1), ==, "a");
  g_assert_cmpstr (wn_ratings_get_category (by_bytes, 2), ==, "b");
  g_assert_cmpuint (wn_ratings_get_n_categories (in_order), ==, 3);
  g_assert_cmpstr (wn_ratings_get_category (in_order, 2), ==, "maybe");
  g_assert_cmpint (wn_ratings_get (in_order, 1, 0), ==, 0);

  unknown = wn_ratings_new_from_labels (2, 2, labels, declared, &error);
  g_assert_null (unknown);
  g_assert_error (error, WN_AGREEMENT_ERROR, WN_AGREEMENT_ERROR_UNKNOWN_CATEGORY);
  g_assert_nonnull (strstr (error->message, "perhaps"));
  g_clear_error (&error);

  twice = wn_ratings_new_from_labels (2, 2, labels, repeated, &error);
  g_assert_null (twice);
  g_assert_error (error, WN_AGREEMENT_ERROR, WN_AGREEMENT_ERROR_INVALID);
}

/* Setting a cell again moves its count; the counts follow the cells. */
static void
test_set (void)
{
  const char *const categories[] = { "a", "b", NULL };
  g_autoptr(WnRatings) ratings = wn_ratings_new (1, 3, categories);

  wn_ratings_set (ratings, 0, 0, 0);
  wn_ratings_set (ratings, 0, 1, 0);
  wn_ratings_set (ratings, 0, 2, 1);
  g_assert_cmpuint (wn_ratings_get_count (ratings, 0, 0), ==, 2);
  wn_ratings_set (ratings, 0, 1, 1);
  g_assert_cmpuint (wn_ratings_get_count (ratings, 0, 0), ==, 1);
  g_assert_cmpuint (wn_ratings_get_count (ratings, 0, 1), ==, 2);
  wn_ratings_set (ratings, 0, 2, -1);
  g_assert_cmpuint (wn_ratings_get_count (ratings, 0, 1), ==, 1);
  g_assert_cmpint (wn_ratings_get (ratings, 0, 2), ==, -1);
  g_assert_cmpfloat (wn_agreement_subject_agreement (ratings, 0), ==, 0.0);
  wn_ratings_set (ratings, 0, 1, -1);
  g_assert_false (wn_agreement_is_defined (wn_agreement_subject_agreement (ratings, 0)));
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static const char *const required_keys[] = {
  "n", "percent_agreement", "cohen_kappa", "cohen_kappa_se_null", "cohen_kappa_se_fce", "cohen_kappa_ci95_lower",
  "cohen_kappa_ci95_upper", "cohen_kappa_z", "pabak", "gwet_ac1", "gwet_ac1_se", "scott_pi", "fleiss_kappa",
  "krippendorff_alpha_nominal",
};

/* The JSON writer: every key, numbers that read back, null for NAN. */
static void
test_json (void)
{
  const char *const categories[] = { "Yes", "No", NULL };
  const guint table[] = { 20, 5, 10, 15 };
  const guint constant[] = { 0, 0, 0, 25 };
  g_autoptr(WnRatings) ratings = wn_ratings_new_from_table (categories, table);
  g_autoptr(WnRatings) undefined = wn_ratings_new_from_table (categories, constant);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonObject) object = NULL;
  WnAgreementStats stats;

  wn_agreement_compute (ratings, &stats);
  wn_agreement_stats_to_json (&stats, out);
  object = parse_object (out->str);
  for (guint i = 0; i < G_N_ELEMENTS (required_keys); i++)
    g_assert_true (json_object_has_member (object, required_keys[i]));
  g_assert_cmpint (json_object_get_int_member (object, "n"), ==, 50);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "cohen_kappa"), 0.4, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "cohen_kappa_se_fce"), 0.1269960629, 1e-9);

  g_string_truncate (out, 0);
  g_clear_pointer (&object, json_object_unref);
  wn_agreement_compute (undefined, &stats);
  wn_agreement_stats_to_json (&stats, out);
  object = parse_object (out->str);
  g_assert_true (json_object_get_null_member (object, "cohen_kappa"));
  g_assert_true (json_object_get_null_member (object, "scott_pi"));
  g_assert_true (json_object_get_null_member (object, "krippendorff_alpha_nominal"));
  g_assert_cmpfloat (json_object_get_double_member (object, "percent_agreement"), ==, 1.0);
}

/* ------------------------------------------------------------------------ */
/* winnow-cli kappa                                                          */

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

static char *tmpdir;

static gboolean
have_cli (void)
{
  if (g_getenv ("WINNOW_CLI") != NULL)
    return TRUE;
  g_test_skip ("WINNOW_CLI is not set");
  return FALSE;
}

static void
run_cli (Run *run,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;
  int wait_status = 0;

  g_ptr_array_add (args, (gpointer) g_getenv ("WINNOW_CLI"));
  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_assert_true (g_spawn_sync (tmpdir, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                               &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static void
write_file (const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* Wikipedia's Cohen's kappa example: 20 yes/yes, 5 yes/no, 10 no/yes,
 * 15 no/no. sep is the separator; the header is quoted RFC 4180 style. */
static char *
wikipedia_csv (const char *sep,
               gboolean    bom)
{
  GString *csv = g_string_new (bom ? "\xef\xbb\xbf" : "");
  const struct
  {
    const char *a, *b;
    guint       count;
  } cells[] = { { "Yes", "Yes", 20 }, { "Yes", "No", 5 }, { "No", "Yes", 10 }, { "No", "No", 15 } };

  g_string_append_printf (csv, "\"Reader A\"%s\"Reader \"\"B\"\"\"\r\n", sep);
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    for (guint k = 0; k < cells[i].count; k++)
      g_string_append_printf (csv, "%s%s%s\r\n", cells[i].a, sep, cells[i].b);
  return g_string_free (csv, FALSE);
}

static void
check_wikipedia_json (const char *text)
{
  g_autoptr(JsonObject) object = parse_object (text);
  const struct
  {
    const char *key;
    double      value;
  } expected[] = {
    { "n", 50 },
    { "percent_agreement", 0.7 },
    { "cohen_kappa", 0.4 },
    { "cohen_kappa_se_null", 0.1385640646 },
    { "cohen_kappa_se_fce", 0.1269960629 },
    { "cohen_kappa_ci95_lower", 0.1510922905 },
    { "cohen_kappa_ci95_upper", 0.6489077095 },
    { "cohen_kappa_z", 2.8867513459 },
    { "pabak", 0.4 },
    { "gwet_ac1", 0.4059405941 },
    { "gwet_ac1_se", 0.1301517176 },
    { "scott_pi", 0.3939393939 },
    { "fleiss_kappa", 0.3939393939 }, /* = Scott's pi for two raters */
    { "krippendorff_alpha_nominal", 0.4 }, /* 1 − (99/100)(1 − π) */
  };
  JsonArray *raters;

  for (guint i = 0; i < G_N_ELEMENTS (required_keys); i++)
    g_assert_true (json_object_has_member (object, required_keys[i]));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, expected[i].key), expected[i].value, 1e-6);
  raters = json_object_get_array_member (object, "raters");
  g_assert_cmpstr (json_array_get_string_element (raters, 1), ==, "Reader \"B\"");
}

static void
test_cli_json (void)
{
  g_autofree char *comma = wikipedia_csv (",", FALSE);
  g_autofree char *tabs = wikipedia_csv ("\t", TRUE);
  g_auto(Run) run = { 0 };
  g_auto(Run) tab_run = { 0 };
  g_auto(Run) declared = { 0 };
  g_auto(Run) human = { 0 };

  if (!have_cli ())
    return;
  write_file ("wikipedia.csv", comma);
  write_file ("wikipedia.tsv", tabs);

  run_cli (&run, "kappa", "wikipedia.csv", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  check_wikipedia_json (run.out);

  run_cli (&tab_run, "kappa", "wikipedia.tsv", "--json", NULL);
  g_assert_cmpint (tab_run.status, ==, 0);
  check_wikipedia_json (tab_run.out);

  /* A declared, unused third category changes PABAK but not kappa. */
  run_cli (&declared, "kappa", "wikipedia.csv", "--json", "--categories", "Yes,No,Maybe", NULL);
  g_assert_cmpint (declared.status, ==, 0);
  {
    g_autoptr(JsonObject) object = parse_object (declared.out);

    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "cohen_kappa"), 0.4, 1e-9);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "pabak"), 0.55, 1e-9);
    g_assert_cmpint (json_object_get_int_member (object, "n_categories"), ==, 3);
  }

  run_cli (&human, "kappa", "wikipedia.csv", NULL);
  g_assert_cmpint (human.status, ==, 0);
  g_assert_nonnull (strstr (human.out, "0.4000"));
  g_assert_nonnull (strstr (human.out, "0.1511"));
}

static void
test_cli_undefined (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) human = { 0 };
  g_autoptr(JsonObject) object = NULL;

  if (!have_cli ())
    return;
  write_file ("constant.csv", "a,b\nE,E\nE,E\nE,E\n\n");
  run_cli (&run, "kappa", "constant.csv", "--json", "--categories", "I,E", NULL);
  g_assert_cmpint (run.status, ==, 0);
  object = parse_object (run.out);
  g_assert_cmpint (json_object_get_int_member (object, "n"), ==, 3);
  g_assert_true (json_object_get_null_member (object, "cohen_kappa"));
  g_assert_true (json_object_get_null_member (object, "cohen_kappa_z"));
  g_assert_true (json_object_get_null_member (object, "krippendorff_alpha_nominal"));
  g_assert_cmpfloat (json_object_get_double_member (object, "percent_agreement"), ==, 1.0);
  g_assert_cmpfloat (json_object_get_double_member (object, "gwet_ac1"), ==, 1.0);

  run_cli (&human, "kappa", "constant.csv", NULL);
  g_assert_cmpint (human.status, ==, 0);
  g_assert_nonnull (strstr (human.out, "undefined"));
}

/* Three coders, one missing rating: the multi-rater statistics. */
static void
test_cli_three_raters (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) object = NULL;

  if (!have_cli ())
    return;
  write_file ("three.csv", "c1,c2,c3\nA,A,A\nA,B,A\nB,B,B\nC,C,C\nC,C,\nA,A,B\nB,B,B\nC,B,C\nA,A,A\nB,B,\n");
  run_cli (&run, "kappa", "three.csv", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  object = parse_object (run.out);
  g_assert_true (json_object_get_null_member (object, "cohen_kappa"));
  g_assert_true (json_object_get_null_member (object, "fleiss_kappa"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "krippendorff_alpha_nominal"), 0.6848249027,
                                  1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "gwet_ac1"), 0.701986755, 1e-6);
}

static void
test_cli_rejected (void)
{
  g_auto(Run) ragged = { 0 };
  g_auto(Run) unknown = { 0 };
  g_auto(Run) missing = { 0 };
  g_auto(Run) single = { 0 };
  g_auto(Run) quote = { 0 };
  g_auto(Run) usage = { 0 };

  if (!have_cli ())
    return;
  write_file ("ragged.csv", "a,b\nI,E\n\"I\nx\",E\nI,E,E\n");
  run_cli (&ragged, "kappa", "ragged.csv", NULL);
  g_assert_cmpint (ragged.status, ==, 1);
  g_assert_nonnull (strstr (ragged.err, "ragged.csv:5:"));
  g_assert_cmpstr (ragged.out, ==, "");

  write_file ("unknown.csv", "a,b\nI,E\nI,M\n");
  run_cli (&unknown, "kappa", "unknown.csv", "--categories", "I,E", NULL);
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_nonnull (strstr (unknown.err, "unknown.csv:3:"));
  g_assert_nonnull (strstr (unknown.err, "M"));

  run_cli (&missing, "kappa", "no-such-file.csv", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "no-such-file.csv"));

  write_file ("single.csv", "a\nI\nE\n");
  run_cli (&single, "kappa", "single.csv", NULL);
  g_assert_cmpint (single.status, ==, 1);
  g_assert_nonnull (strstr (single.err, "single.csv:1:"));

  write_file ("quote.csv", "a,b\nI,\"E\n");
  run_cli (&quote, "kappa", "quote.csv", NULL);
  g_assert_cmpint (quote.status, ==, 1);
  g_assert_nonnull (strstr (quote.err, "quote.csv:2:"));

  run_cli (&usage, "kappa", NULL);
  g_assert_cmpint (usage.status, ==, 2);
}

/* ------------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *vectors = NULL;
  const char *testdata;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("winnow-agreement-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/agreement/perfect", test_perfect);
  g_test_add_func ("/agreement/single-category", test_single_category);
  g_test_add_func ("/agreement/one-rater-constant", test_one_rater_constant);
  g_test_add_func ("/agreement/empty", test_empty);
  g_test_add_func ("/agreement/identities", test_identities);
  g_test_add_func ("/agreement/labels", test_labels);
  g_test_add_func ("/agreement/set", test_set);
  g_test_add_func ("/agreement/json", test_json);
  g_test_add_func ("/agreement/cli/json", test_cli_json);
  g_test_add_func ("/agreement/cli/undefined", test_cli_undefined);
  g_test_add_func ("/agreement/cli/three-raters", test_cli_three_raters);
  g_test_add_func ("/agreement/cli/rejected", test_cli_rejected);

  testdata = g_getenv ("WINNOW_TESTDATA");
  if (testdata != NULL)
    vectors = g_build_filename (testdata, "agreement", "vectors.json", NULL);
  if (vectors == NULL || !g_file_test (vectors, G_FILE_TEST_IS_REGULAR))
    g_test_add_data_func ("/agreement/vectors", "no $WINNOW_TESTDATA/agreement/vectors.json", test_vectors_missing);
  else
    {
      JsonArray *cases;

      json_parser_load_from_file (parser, vectors, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
      cases = json_node_get_array (json_parser_get_root (parser));
      for (guint i = 0; i < json_array_get_length (cases); i++)
        {
          JsonObject *vector = json_array_get_object_element (cases, i);
          g_autofree char *path = g_strdup_printf ("/agreement/vectors/%s",
                                                   json_object_get_string_member (vector, "name"));

          g_test_add_data_func (path, vector, test_vector);
        }
    }

  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmpdir);

    if (g_str_has_prefix (tmpdir, g_get_tmp_dir ()))
      (void) !system (command);
  }
  g_free (tmpdir);
  return status;
}
