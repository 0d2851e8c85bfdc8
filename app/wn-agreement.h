/* wn-agreement.h — inter-rater agreement statistics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one module that measures how well reviewers agree: screening (two
 * reviewers, include / exclude / maybe) and qualitative coding (several
 * coders) both use it. GLib only.
 *
 * The data are a WnRatings: subjects × raters, each cell a category index
 * or -1 for a missing rating, with the category labels in their declared
 * order. wn_agreement_compute() fills a WnAgreementStats.
 *
 * Conventions, shared with the test vectors (SOURCES.md in the team's
 * agreement test data):
 *
 *  - Every statistic is a double. A value that is undefined (0/0, such as
 *    kappa when both raters put every subject in the same category) or that
 *    does not apply to the data (Cohen's kappa for three raters) is NAN,
 *    and is shown as "undefined" or written as JSON null, never as a
 *    number. Test with wn_agreement_is_defined().
 *  - q, the number of categories, is the number of declared categories,
 *    used or not (PABAK, Brennan–Prediger and AC1 depend on it); without a
 *    declared list it is the number of distinct labels observed.
 *  - The two-rater statistics (Cohen, Scott, PABAK and, for two raters,
 *    Gwet's AC1) use the subjects rated by both raters (listwise). The
 *    multi-rater statistics use every subject with at least one rating, as
 *    Gwet (2014) and Krippendorff (2011) define them.
 *  - Confidence intervals are κ ± 1.959963984540054 · SE and are not
 *    truncated to [−1, 1]: an interval reaching past 1 is reported as is.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WN_AGREEMENT_ERROR (wn_agreement_error_quark ())

typedef enum
{
  WN_AGREEMENT_ERROR_UNKNOWN_CATEGORY, /* a label that is not a declared category */
  WN_AGREEMENT_ERROR_INVALID,          /* an empty or repeated category, a bad size */
} WnAgreementError;

GQuark wn_agreement_error_quark (void);

/* ------------------------------------------------------------------------ */
/* Ratings                                                                   */

typedef struct _WnRatings WnRatings;

/* n_subjects × n_raters cells, all missing, over the given categories
 * (NULL-terminated; NULL or empty for none). */
WnRatings  *wn_ratings_new              (guint                n_subjects,
                                         guint                n_raters,
                                         const char * const  *categories);
/* Two raters from a q × q contingency table: table[i * q + j] subjects were
 * put in category i by rater 1 (rows) and in category j by rater 2
 * (columns). q is the length of categories (NULL-terminated). */
WnRatings  *wn_ratings_new_from_table   (const char * const  *categories,
                                         const guint         *table);
/* From labels: labels[s * n_raters + r] is rater r's label for subject s,
 * NULL for a missing rating. With categories (NULL-terminated), those are
 * the categories in that order and any other label is an error
 * (WN_AGREEMENT_ERROR_UNKNOWN_CATEGORY). Without, the categories are the
 * distinct labels observed, sorted: numerically when every label is a
 * number ("2" before "10"), otherwise by byte value. */
WnRatings  *wn_ratings_new_from_labels  (guint                n_subjects,
                                         guint                n_raters,
                                         const char * const  *labels,
                                         const char * const  *categories,
                                         GError             **error);
/* Fleiss' layout, rater identities unknown: counts[s * q + c] raters put
 * subject s in category c. wn_ratings_get_n_raters() is then 0 and the
 * two-rater statistics and Conger's kappa are NAN. */
WnRatings  *wn_ratings_new_from_counts  (const char * const  *categories,
                                         guint                n_subjects,
                                         const guint         *counts);
void        wn_ratings_free             (WnRatings           *self);

/* category: an index into the categories, or -1 for missing. Not for
 * ratings made from counts. */
void        wn_ratings_set              (WnRatings           *self,
                                         guint                subject,
                                         guint                rater,
                                         int                  category);
int         wn_ratings_get              (const WnRatings     *self,
                                         guint                subject,
                                         guint                rater);
guint       wn_ratings_get_n_subjects   (const WnRatings     *self);
/* 0 when the raters are unknown (made from counts). */
guint       wn_ratings_get_n_raters     (const WnRatings     *self);
guint       wn_ratings_get_n_categories (const WnRatings     *self);
const char *wn_ratings_get_category     (const WnRatings     *self,
                                         guint                category);
/* The number of ratings subject received in category. */
guint       wn_ratings_get_count        (const WnRatings     *self,
                                         guint                subject,
                                         guint                category);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnRatings, wn_ratings_free)

/* ------------------------------------------------------------------------ */
/* Statistics                                                                */

/* Every field is NAN when undefined or not applicable. "Two raters" fields
 * need exactly two raters (ratings with rater identities); "multi-rater"
 * fields take any number of raters, including two. */
typedef struct
{
  /* Sizes. n: the subjects the headline statistics use: rated by both
   * raters when there are two raters, otherwise rated at least twice. */
  double n;
  double n_subjects;                     /* subjects with at least one rating */
  double n_raters;                       /* 0 when unknown (counts layout) */
  double n_categories;                   /* q */

  /* Two raters (Cohen 1960; Fleiss, Cohen & Everitt 1969; Scott 1955;
   * Byrt, Bishop & Carlin 1993). */
  double percent_agreement;              /* p_o */
  double expected_agreement_cohen;       /* p_e */
  double cohen_kappa;
  double cohen_kappa_se_null;            /* SE under H0: κ = 0, for z */
  double cohen_kappa_se_fce;             /* large-sample SE, for the CI */
  double cohen_kappa_ci95_lower;         /* κ − 1.96 SE_fce, not truncated */
  double cohen_kappa_ci95_upper;         /* κ + 1.96 SE_fce, not truncated */
  double cohen_kappa_z;                  /* κ / SE_null */
  double pabak;                          /* (q p_o − 1)/(q − 1) */
  double scott_pi;

  /* Gwet's AC1 (Gwet 2008; irrCAC): the two-rater table form for two
   * raters (listwise), the multi-rater form (Gwet 2014) otherwise. */
  double gwet_ac1;
  double gwet_ac1_se;
  double gwet_pe;                        /* AC1's chance agreement */

  /* Multi-rater (Gwet 2014 for missing ratings; irrCAC *.raw). */
  double percent_agreement_pairwise;     /* share of agreeing rater pairs */
  double percent_agreement_se;           /* its linearised SE */
  double percent_agreement_unanimous;    /* share of subjects with one category */
  double brennan_prediger;               /* (p_a − 1/q)/(1 − 1/q) */
  double brennan_prediger_se;

  /* Fleiss (1971); SE under H0 from Fleiss, Nee & Landis (1979). Classic
   * Fleiss needs the same number of ratings for every subject. */
  double fleiss_kappa;
  double fleiss_kappa_se_null;           /* valid only for testing κ = 0 */
  double fleiss_kappa_z;
  double fleiss_p_bar;                   /* observed agreement P̄ */
  double fleiss_pe_bar;                  /* chance agreement P̄e */
  double fleiss_kappa_gwet_missing;      /* Gwet's generalisation to missing ratings */
  double fleiss_kappa_se_gwet;           /* its linearised SE (for a CI) */
  double fleiss_kappa_listwise;          /* classic Fleiss on fully rated subjects */
  double conger_kappa;                   /* Conger (1980); needs rater identities */

  /* Krippendorff (2011): every unit with at least two values. */
  double krippendorff_alpha_nominal;
  double krippendorff_alpha_ordinal;     /* the category order as the ranks */
  double krippendorff_alpha_interval;    /* needs numeric category labels */
  double krippendorff_alpha_ratio;       /* needs non-negative numeric labels */
  double krippendorff_n_pairable;        /* n: values in units with ≥ 2 values */
  double krippendorff_do_nominal;        /* observed disagreement D_o */
  double krippendorff_de_nominal;        /* expected disagreement D_e */
} WnAgreementStats;

/* The normal quantile for a two-sided 95% interval. */
#define WN_AGREEMENT_Z95 1.959963984540054

gboolean wn_agreement_is_defined          (double                  value);
void     wn_agreement_compute             (const WnRatings        *ratings,
                                           WnAgreementStats       *stats);

/* Fleiss' (1971) agreement on one subject: P_i = Σ_c n_ic (n_ic − 1) /
 * (r_i (r_i − 1)); NAN with fewer than two ratings. */
double   wn_agreement_subject_agreement   (const WnRatings        *ratings,
                                           guint                   subject);
/* Fleiss' (1971) kappa for one category against the others; NAN unless
 * every rated subject has the same number (≥ 2) of ratings. */
double   wn_agreement_fleiss_by_category  (const WnRatings        *ratings,
                                           guint                   category);
/* Share of subjects (with ≥ 2 ratings) whose numeric ratings lie within
 * tolerance of each other (irr::agree with a tolerance); NAN when a label
 * is not a number. */
double   wn_agreement_unanimous_within    (const WnRatings        *ratings,
                                           double                  tolerance);

/* Writes the statistics as one JSON object: n, n_subjects, n_raters,
 * n_categories, then every statistic under its field name; NAN is null. */
void     wn_agreement_stats_to_json       (const WnAgreementStats *stats,
                                           GString                *out);

G_END_DECLS
