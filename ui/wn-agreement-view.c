/* wn-agreement-view.c — the agreement page: how well reviewers agree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Per stage: a table with one row per pair of reviewers who voted on the
 * same records (wn_project_agreement, round 0): the records both
 * screened, the share they agree on, Cohen's kappa with its 95% confidence
 * interval, PABAK and Gwet's AC1 — "undefined" where a statistic is NAN —
 * and a warning for a pair whose kappa is below the project's threshold
 * (wn_project_get_kappa_threshold). Below, a plot (GtkDrawingArea, cairo)
 * of kappa per calibration round for each pair, with the 95% intervals as
 * whiskers and the threshold as a dashed line; the pairs differ by marker
 * shape as well as by colour.
 *
 * The statistics are computed in a GTask thread, only while the page is
 * shown (a change elsewhere marks them stale; the next showing reads them
 * again).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "wn-agreement-view.h"
#include "wn-agreement.h"
#include "wn-screening-dialogs.h"
#include "wn-screening.h"

struct _WnAgreementView
{
  GtkWidget        parent_instance;

  GtkLabel        *threshold_label;
  GtkRevealer     *warning_revealer;
  GtkLabel        *warning_label;
  GtkStack        *stack;
  GtkSpinner      *loading_spinner;
  GtkLabel        *empty_label;
  GtkGrid         *grid;
  GtkDrawingArea  *plot;
  GtkWidget       *legend_box;
  GtkLabel        *rounds_label;

  WnProject       *project;
  WnStage          stage;
  gboolean         loaded;
  gboolean         loading;
  gboolean         stale;

  GPtrArray       *overall;    /* WnPairAgreement, round 0 */
  GPtrArray       *rounds;     /* WnRound */
  GPtrArray       *per_round;  /* GPtrArray of WnPairAgreement, one per round */
  GPtrArray       *series;     /* char *: "a\nb" pair keys, in first-seen order */
  double           threshold;
  guint            n_points;

  GCancellable    *cancellable;
  gboolean         disposed;
};

G_DEFINE_FINAL_TYPE (WnAgreementView, wn_agreement_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  STATE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void wn_agreement_view_load (WnAgreementView *self);

/* Colour-blind-safe hues, each pair also with its own marker shape. The
 * colours are style.css's @wn_agreement_series_N (and _dark, for a dark
 * theme: each at least 3:1 against the page, tests/check-contrast.py);
 * these are the light ones, for when style.css is not loaded. */
static const char *const series_colours[] = { "#1c71d8", "#e66100", "#1b8553", "#9141ac", "#c64600", "#865e3c" };
static const char *const series_markers[] = { "●", "■", "▲", "◆", "▼", "✚" };

/* style.css's colour name (with _dark in a dark theme), else fallback. */
static void
lookup_colour (GtkWidget  *widget,
               const char *name,
               gboolean    dark,
               const char *fallback,
               GdkRGBA    *colour)
{
  g_autofree char *full = g_strconcat (name, dark ? "_dark" : "", NULL);

  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), full, colour))
    gdk_rgba_parse (colour, fallback);
}

static void
state_changed (WnAgreementView *self)
{
  if (self->disposed)
    return;
  g_signal_emit (self, signals[STATE_CHANGED], 0);
}

static char *
pair_key (const WnPairAgreement *pair)
{
  return g_strconcat (pair->reviewer_a, "\n", pair->reviewer_b, NULL);
}

static char *
pair_label (const WnPairAgreement *pair)
{
  /* Translators: a pair of reviewers, "alice – bob". */
  return g_strdup_printf (_("%s – %s"), pair->reviewer_a, pair->reviewer_b);
}

static char *
format_stat (double value,
             int    digits)
{
  if (!wn_agreement_is_defined (value))
    return g_strdup (_("undefined"));

  return g_strdup_printf ("%.*f", digits, value);
}

/* ------------------------------------------------------------------------ */
/* Loading                                                                   */

typedef struct
{
  WnStage    stage;
  GPtrArray *overall;
  GPtrArray *rounds;
  GPtrArray *per_round;
  double     threshold;
} Snapshot;

static void
snapshot_free (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->overall, g_ptr_array_unref);
  g_clear_pointer (&snapshot->rounds, g_ptr_array_unref);
  g_clear_pointer (&snapshot->per_round, g_ptr_array_unref);
  g_free (snapshot);
}

static void
wn_agreement_view_load_thread (GTask        *task,
                               gpointer      source_object,
                               gpointer      task_data,
                               GCancellable *cancellable)
{
  WnProject *project = g_object_get_data (G_OBJECT (task), "project");
  Snapshot *snapshot = task_data;
  GError *error = NULL;

  snapshot->threshold = wn_project_get_kappa_threshold (project);

  snapshot->overall = wn_project_agreement (project, snapshot->stage, 0, &error);
  if (snapshot->overall == NULL)
    goto failed;

  snapshot->rounds = wn_project_list_rounds (project, snapshot->stage, &error);
  if (snapshot->rounds == NULL)
    goto failed;

  snapshot->per_round = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < snapshot->rounds->len; i++)
    {
      WnRound *round = g_ptr_array_index (snapshot->rounds, i);
      GPtrArray *pairs;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      pairs = wn_project_agreement (project, snapshot->stage, round->number, &error);
      if (pairs == NULL)
        goto failed;
      g_ptr_array_add (snapshot->per_round, pairs);
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_boolean (task, TRUE);
  return;

failed:
  g_task_return_error (task, error);
}

static GtkWidget *
grid_label (const char *text,
            float       xalign,
            gboolean    header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_add_css_class (label, header ? "wn-grid-header" : "numeric");
  return label;
}

static void
rebuild_table (WnAgreementView *self)
{
  static const char *headers[] = {
    N_("Reviewers"), N_("Records"), N_("Agreement"), N_("Cohen’s κ"),
    /* xgettext:no-c-format */
    N_("95% CI"),
    N_("PABAK"), N_("Gwet’s AC1"), N_("Status"),
  };
  static const char *header_tips[] = {
    NULL,
    N_("Records both reviewers voted on"),
    N_("The share of those records on which they gave the same verdict"),
    N_("Cohen’s kappa: agreement beyond what chance would give"),
    /* xgettext:no-c-format */
    N_("The 95% confidence interval of kappa"),
    N_("Prevalence- and bias-adjusted kappa"),
    N_("Gwet’s first-order agreement coefficient, stable when one verdict is rare"),
    NULL,
  };
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    {
      GtkWidget *label = grid_label (_(headers[c]), c == 0 || c == 7 ? 0.0f : 1.0f, TRUE);

      if (header_tips[c] != NULL)
        gtk_widget_set_tooltip_text (label, _(header_tips[c]));
      gtk_grid_attach (self->grid, label, c, 0, 1, 1);
    }

  for (guint r = 0; self->overall != NULL && r < self->overall->len; r++)
    {
      WnPairAgreement *pair = g_ptr_array_index (self->overall, r);
      const WnAgreementStats *stats = &pair->stats;
      g_autofree char *who = pair_label (pair);
      g_autofree char *n = g_strdup_printf ("%.0f", stats->n);
      g_autofree char *agreement = NULL;
      g_autofree char *kappa = format_stat (stats->cohen_kappa, 2);
      g_autofree char *ci = NULL;
      g_autofree char *pabak = format_stat (stats->pabak, 2);
      g_autofree char *ac1 = format_stat (stats->gwet_ac1, 2);
      GtkWidget *status;
      int row = r + 1;

      if (wn_agreement_is_defined (stats->percent_agreement))
        /* Translators: a percentage, "92.5 %". */
        agreement = g_strdup_printf (_("%.1f %%"), 100.0 * stats->percent_agreement);
      else
        agreement = g_strdup (_("undefined"));

      if (wn_agreement_is_defined (stats->cohen_kappa_ci95_lower) &&
          wn_agreement_is_defined (stats->cohen_kappa_ci95_upper))
        /* Translators: a confidence interval, "0.41 to 0.78". */
        ci = g_strdup_printf (_("%.2f to %.2f"), stats->cohen_kappa_ci95_lower, stats->cohen_kappa_ci95_upper);
      else
        ci = g_strdup (_("undefined"));

      gtk_grid_attach (self->grid, grid_label (who, 0.0f, FALSE), 0, row, 1, 1);
      gtk_grid_attach (self->grid, grid_label (n, 1.0f, FALSE), 1, row, 1, 1);
      gtk_grid_attach (self->grid, grid_label (agreement, 1.0f, FALSE), 2, row, 1, 1);
      gtk_grid_attach (self->grid, grid_label (kappa, 1.0f, FALSE), 3, row, 1, 1);
      gtk_grid_attach (self->grid, grid_label (ci, 1.0f, FALSE), 4, row, 1, 1);
      gtk_grid_attach (self->grid, grid_label (pabak, 1.0f, FALSE), 5, row, 1, 1);
      gtk_grid_attach (self->grid, grid_label (ac1, 1.0f, FALSE), 6, row, 1, 1);

      if (pair->below_threshold)
        {
          g_autofree char *text = g_strdup_printf (_("Below %.2f"), self->threshold);

          status = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
          gtk_box_append (GTK_BOX (status), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
          gtk_box_append (GTK_BOX (status), gtk_label_new (text));
          gtk_widget_add_css_class (status, "wn-status-warning");
          gtk_widget_set_margin_start (status, 12);
          gtk_widget_set_margin_end (status, 12);
        }
      else if (!wn_agreement_is_defined (stats->cohen_kappa))
        {
          status = grid_label (_("Cannot tell"), 0.0f, FALSE);
          gtk_widget_add_css_class (status, "dim-label");
        }
      else
        {
          status = grid_label (_("Good"), 0.0f, FALSE);
        }
      gtk_grid_attach (self->grid, status, 7, row, 1, 1);
    }
}

static int
series_index (WnAgreementView       *self,
              const WnPairAgreement *pair)
{
  g_autofree char *key = pair_key (pair);

  for (guint i = 0; i < self->series->len; i++)
    if (g_str_equal (g_ptr_array_index (self->series, i), key))
      return i;

  g_ptr_array_add (self->series, g_steal_pointer (&key));
  return self->series->len - 1;
}

static void
rebuild_series (WnAgreementView *self)
{
  GtkWidget *child;

  g_ptr_array_set_size (self->series, 0);
  self->n_points = 0;

  /* The pairs of the overall table first, so their order matches. */
  for (guint i = 0; self->overall != NULL && i < self->overall->len; i++)
    series_index (self, g_ptr_array_index (self->overall, i));
  for (guint r = 0; self->per_round != NULL && r < self->per_round->len; r++)
    {
      GPtrArray *pairs = g_ptr_array_index (self->per_round, r);

      for (guint i = 0; i < pairs->len; i++)
        {
          WnPairAgreement *pair = g_ptr_array_index (pairs, i);

          series_index (self, pair);
          if (wn_agreement_is_defined (pair->stats.cohen_kappa))
            self->n_points++;
        }
    }

  while ((child = gtk_widget_get_first_child (self->legend_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->legend_box), child);

  for (guint i = 0; i < self->series->len && self->rounds != NULL && self->rounds->len > 0; i++)
    {
      g_auto(GStrv) names = g_strsplit (g_ptr_array_index (self->series, i), "\n", 2);
      g_autofree char *escaped_a = g_markup_escape_text (names[0], -1);
      g_autofree char *escaped_b = g_markup_escape_text (names[1] != NULL ? names[1] : "", -1);
      g_autofree char *markup = NULL;
      GtkWidget *label;

      markup = g_strdup_printf ("<span foreground=\"%s\">%s</span> %s – %s",
                                series_colours[i % G_N_ELEMENTS (series_colours)],
                                series_markers[i % G_N_ELEMENTS (series_markers)],
                                escaped_a, escaped_b);
      label = gtk_label_new (NULL);
      gtk_label_set_markup (GTK_LABEL (label), markup);
      gtk_box_append (GTK_BOX (self->legend_box), label);
    }

  if (self->rounds == NULL || self->rounds->len == 0)
    gtk_label_set_text (self->rounds_label,
                        _("No calibration rounds at this stage yet. The lead draws one from the Screening page (Lead Tools, New Calibration Round): every reviewer screens the same sample, and their agreement shows here round by round."));
  else
    gtk_label_set_text (self->rounds_label,
                        /* xgettext:no-c-format */
                        _("Dots are kappa for each round; bars their 95% confidence intervals; the dashed line the threshold. A round where kappa is undefined has no dot."));

  gtk_widget_set_visible (GTK_WIDGET (self->plot), self->rounds != NULL && self->rounds->len > 0);
  gtk_widget_set_visible (self->legend_box, self->rounds != NULL && self->rounds->len > 0);
  gtk_widget_queue_draw (GTK_WIDGET (self->plot));
}

static void
update_threshold (WnAgreementView *self)
{
  g_autofree char *text = NULL;
  guint below = 0;

  /* Translators: the agreement threshold, "Threshold: κ ≥ 0.60". */
  text = g_strdup_printf (_("Threshold: κ ≥ %.2f"), self->threshold);
  gtk_label_set_text (self->threshold_label, text);

  for (guint i = 0; self->overall != NULL && i < self->overall->len; i++)
    if (((WnPairAgreement *) g_ptr_array_index (self->overall, i))->below_threshold)
      below++;

  if (below > 0)
    {
      g_autofree char *warning = NULL;

      warning = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u pair of reviewers agrees less than the threshold (κ %.2f). Talk the criteria through, or run a calibration round, before going on.",
                                              "%u pairs of reviewers agree less than the threshold (κ %.2f). Talk the criteria through, or run a calibration round, before going on.",
                                              below),
                                 below, self->threshold);
      gtk_label_set_text (self->warning_label, warning);
    }
  gtk_revealer_set_reveal_child (self->warning_revealer, below > 0);
}

static void
update_page (WnAgreementView *self)
{
  const char *page;

  if (!self->loaded)
    page = "loading";
  else if (self->overall == NULL || self->overall->len == 0)
    page = (self->rounds != NULL && self->rounds->len > 0 && self->n_points > 0) ? "agreement" : "empty";
  else
    page = "agreement";

  /* Only while shown: a spinning spinner's animation runs the window's
   * frame clock (a frame every 16 ms, the window's size asked again) even
   * on a page nobody sees, and this page stays "loading" until it is first
   * shown; the screening page's keys waited for those frames. */
  gtk_spinner_set_spinning (self->loading_spinner,
                            g_str_equal (page, "loading") && gtk_widget_get_mapped (GTK_WIDGET (self)));

  gtk_label_set_text (self->empty_label,
                      self->stage == WN_STAGE_FT
                      ? _("Agreement needs two reviewers who both screened the same full texts.")
                      : _("Agreement needs two reviewers who both screened the same titles and abstracts."));
  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
wn_agreement_view_loaded_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(WnAgreementView) self = user_data;
  g_autoptr(GError) error = NULL;
  Snapshot *snapshot = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->cancellable);
      self->loading = FALSE;
      wn_show_error (GTK_WIDGET (self), _("Cannot Compute the Agreement"), error->message);
      state_changed (self);
      return;
    }

  g_clear_object (&self->cancellable);
  self->loading = FALSE;
  self->loaded = TRUE;
  self->threshold = snapshot->threshold;
  g_clear_pointer (&self->overall, g_ptr_array_unref);
  self->overall = g_steal_pointer (&snapshot->overall);
  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  self->rounds = g_steal_pointer (&snapshot->rounds);
  g_clear_pointer (&self->per_round, g_ptr_array_unref);
  self->per_round = g_steal_pointer (&snapshot->per_round);

  rebuild_table (self);
  rebuild_series (self);
  update_threshold (self);
  update_page (self);
  state_changed (self);
}

static void
wn_agreement_view_load (WnAgreementView *self)
{
  g_autoptr(GTask) task = NULL;
  Snapshot *snapshot;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->project == NULL)
    return;

  /* Computed while shown only. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;

  snapshot = g_new0 (Snapshot, 1);
  snapshot->stage = self->stage;

  self->loading = TRUE;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, wn_agreement_view_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, wn_agreement_view_load);
  g_task_set_task_data (task, snapshot, (GDestroyNotify) snapshot_free);
  g_object_set_data_full (G_OBJECT (task), "project", g_object_ref (self->project), g_object_unref);
  g_task_run_in_thread (task, wn_agreement_view_load_thread);
  state_changed (self);
}

/* ------------------------------------------------------------------------ */
/* The plot                                                                  */

static void
draw_marker (cairo_t *cr,
             guint    shape,
             double   x,
             double   y,
             double   r)
{
  switch (shape % G_N_ELEMENTS (series_markers))
    {
    case 1: /* square */
      cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
      break;
    case 2: /* triangle up */
      cairo_move_to (cr, x, y - r * 1.2);
      cairo_line_to (cr, x + r * 1.1, y + r * 0.8);
      cairo_line_to (cr, x - r * 1.1, y + r * 0.8);
      cairo_close_path (cr);
      break;
    case 3: /* diamond */
      cairo_move_to (cr, x, y - r * 1.3);
      cairo_line_to (cr, x + r * 1.3, y);
      cairo_line_to (cr, x, y + r * 1.3);
      cairo_line_to (cr, x - r * 1.3, y);
      cairo_close_path (cr);
      break;
    case 4: /* triangle down */
      cairo_move_to (cr, x, y + r * 1.2);
      cairo_line_to (cr, x + r * 1.1, y - r * 0.8);
      cairo_line_to (cr, x - r * 1.1, y - r * 0.8);
      cairo_close_path (cr);
      break;
    case 5: /* cross */
      cairo_rectangle (cr, x - r, y - r / 3, 2 * r, 2 * r / 3);
      cairo_rectangle (cr, x - r / 3, y - r, 2 * r / 3, 2 * r);
      break;
    case 0:
    default:
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    }
  cairo_fill (cr);
}

static void
draw_text (GtkWidget  *widget,
           cairo_t    *cr,
           const char *text,
           double      x,
           double      y,
           double      xalign,
           double      yalign)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int width;
  int height;

  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, x - xalign * width, y - yalign * height);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
wn_agreement_view_draw_plot (GtkDrawingArea *area,
                             cairo_t        *cr,
                             int             width,
                             int             height,
                             gpointer        user_data)
{
  WnAgreementView *self = user_data;
  GtkWidget *widget = GTK_WIDGET (area);
  GdkRGBA fg;
  double y_min = -0.2;
  double y_max = 1.0;
  double left = 56;
  double right = 16;
  double top = 12;
  double bottom = 36;
  double plot_w;
  double plot_h;
  guint n_rounds = self->rounds != NULL ? self->rounds->len : 0;
  double slot;
  double dash[] = { 6.0, 4.0 };
  GdkRGBA threshold_colour;
  gboolean dark;

  if (n_rounds == 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  /* Light text means a dark theme. */
  dark = (0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue) > 0.5;
  lookup_colour (widget, "wn_agreement_threshold", dark, "#c64600", &threshold_colour);

  /* The range: kappa's usual −0.2 to 1, widened for an interval beyond. */
  for (guint r = 0; r < self->per_round->len; r++)
    {
      GPtrArray *pairs = g_ptr_array_index (self->per_round, r);

      for (guint i = 0; i < pairs->len; i++)
        {
          const WnAgreementStats *s = &((WnPairAgreement *) g_ptr_array_index (pairs, i))->stats;

          if (wn_agreement_is_defined (s->cohen_kappa_ci95_lower))
            y_min = MIN (y_min, floor (s->cohen_kappa_ci95_lower * 5.0) / 5.0);
          if (wn_agreement_is_defined (s->cohen_kappa_ci95_upper))
            y_max = MAX (y_max, ceil (s->cohen_kappa_ci95_upper * 5.0) / 5.0);
        }
    }
  y_min = MAX (y_min, -1.0);
  y_max = MIN (y_max, 1.4);

  plot_w = MAX (width - left - right, 10);
  plot_h = MAX (height - top - bottom, 10);
  slot = plot_w / n_rounds;

#define Y(v) (top + plot_h * (1.0 - ((v) - y_min) / (y_max - y_min)))

  /* Grid lines every 0.2, with their values. */
  cairo_set_line_width (cr, 1.0);
  for (int k = (int) ceil (y_min * 5.0 - 1e-9); k <= (int) floor (y_max * 5.0 + 1e-9); k++)
    {
      double v = k / 5.0;
      double y = round (Y (v)) + 0.5;
      g_autofree char *text = g_strdup_printf ("%.1f", v);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, k == 0 ? 0.45 : 0.12);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, left + plot_w, y);
      cairo_stroke (cr);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.75);
      draw_text (widget, cr, text, left - 8, y, 1.0, 0.5);
    }

  /* The threshold, dashed, labelled. */
  {
    double y = round (Y (self->threshold)) + 0.5;
    g_autofree char *text = g_strdup_printf (_("threshold %.2f"), self->threshold);

    cairo_save (cr);
    gdk_cairo_set_source_rgba (cr, &threshold_colour);
    cairo_set_line_width (cr, 1.5);
    cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
    cairo_move_to (cr, left, y);
    cairo_line_to (cr, left + plot_w, y);
    cairo_stroke (cr);
    cairo_restore (cr);
    gdk_cairo_set_source_rgba (cr, &threshold_colour);
    draw_text (widget, cr, text, left + plot_w - 4, y - 2, 1.0, 1.0);
  }

  /* Round labels. */
  for (guint r = 0; r < n_rounds; r++)
    {
      WnRound *round = g_ptr_array_index (self->rounds, r);
      /* Translators: a calibration round under the agreement plot. */
      g_autofree char *text = g_strdup_printf (_("Round %d"), round->number);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.75);
      draw_text (widget, cr, text, left + slot * (r + 0.5), top + plot_h + 8, 0.5, 0.0);
    }

  /* Each pair: a thin line through its points, whiskers, markers. */
  for (guint s = 0; s < self->series->len; s++)
    {
      const char *key = g_ptr_array_index (self->series, s);
      GdkRGBA colour;
      double offset = (self->series->len > 1 ? ((double) s / (self->series->len - 1) - 0.5) : 0.0) *
                      MIN (slot * 0.4, 12.0 * self->series->len);
      gboolean have_previous = FALSE;
      double px = 0;
      double py = 0;

      {
        g_autofree char *name = g_strdup_printf ("wn_agreement_series_%u", (guint) (s % G_N_ELEMENTS (series_colours)) + 1);

        lookup_colour (widget, name, dark, series_colours[s % G_N_ELEMENTS (series_colours)], &colour);
      }

      for (guint r = 0; r < self->per_round->len; r++)
        {
          GPtrArray *pairs = g_ptr_array_index (self->per_round, r);
          const WnAgreementStats *stats = NULL;
          double x = left + slot * (r + 0.5) + offset;
          double y;

          for (guint i = 0; i < pairs->len; i++)
            {
              WnPairAgreement *pair = g_ptr_array_index (pairs, i);
              g_autofree char *pk = pair_key (pair);

              if (g_str_equal (pk, key))
                stats = &pair->stats;
            }
          if (stats == NULL || !wn_agreement_is_defined (stats->cohen_kappa))
            {
              have_previous = FALSE;
              continue;
            }

          y = Y (stats->cohen_kappa);
          gdk_cairo_set_source_rgba (cr, &colour);

          if (have_previous)
            {
              cairo_save (cr);
              cairo_set_line_width (cr, 1.2);
              cairo_set_source_rgba (cr, colour.red, colour.green, colour.blue, 0.5);
              cairo_move_to (cr, px, py);
              cairo_line_to (cr, x, y);
              cairo_stroke (cr);
              cairo_restore (cr);
            }

          if (wn_agreement_is_defined (stats->cohen_kappa_ci95_lower) &&
              wn_agreement_is_defined (stats->cohen_kappa_ci95_upper))
            {
              double lo = Y (CLAMP (stats->cohen_kappa_ci95_lower, y_min, y_max));
              double hi = Y (CLAMP (stats->cohen_kappa_ci95_upper, y_min, y_max));

              cairo_set_line_width (cr, 1.5);
              cairo_move_to (cr, x, lo);
              cairo_line_to (cr, x, hi);
              cairo_move_to (cr, x - 5, lo);
              cairo_line_to (cr, x + 5, lo);
              cairo_move_to (cr, x - 5, hi);
              cairo_line_to (cr, x + 5, hi);
              cairo_stroke (cr);
            }

          draw_marker (cr, s, x, y, 5.0);
          have_previous = TRUE;
          px = x;
          py = y;
        }
    }

  /* The axis's name. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.75);
  draw_text (widget, cr, "κ", 10, top + plot_h / 2, 0.5, 0.5);

#undef Y
}

/* ------------------------------------------------------------------------ */
/* The widget                                                                */

static void
set_stage (WnAgreementView *self,
           WnStage          stage)
{
  if (self->stage == stage)
    return;

  self->stage = stage;
  self->loaded = FALSE;
  update_page (self);
  wn_agreement_view_load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
}

static void
wn_agreement_view_map (GtkWidget *widget)
{
  WnAgreementView *self = WN_AGREEMENT_VIEW (widget);

  GTK_WIDGET_CLASS (wn_agreement_view_parent_class)->map (widget);

  if (self->project != NULL && (self->stale || (!self->loaded && !self->loading)))
    wn_agreement_view_load (self);
  update_page (self);
}

static void
wn_agreement_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  WnAgreementView *self = WN_AGREEMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_STAGE:
      g_value_set_string (value, wn_stage_to_string (self->stage));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wn_agreement_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  WnAgreementView *self = WN_AGREEMENT_VIEW (object);
  WnStage stage;

  switch (prop_id)
    {
    case PROP_STAGE:
      if (wn_stage_from_string (g_value_get_string (value), &stage))
        set_stage (self, stage);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wn_agreement_view_dispose (GObject *object)
{
  WnAgreementView *self = WN_AGREEMENT_VIEW (object);
  GtkWidget *child;

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), WN_TYPE_AGREEMENT_VIEW);
  /* The template's top box has no name, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->project);
  g_clear_pointer (&self->overall, g_ptr_array_unref);
  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  g_clear_pointer (&self->per_round, g_ptr_array_unref);
  g_clear_pointer (&self->series, g_ptr_array_unref);

  G_OBJECT_CLASS (wn_agreement_view_parent_class)->dispose (object);
}

static void
wn_agreement_view_class_init (WnAgreementViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wn_agreement_view_dispose;
  object_class->get_property = wn_agreement_view_get_property;
  object_class->set_property = wn_agreement_view_set_property;
  widget_class->map = wn_agreement_view_map;

  properties[PROP_STAGE] =
    g_param_spec_string ("stage", NULL, NULL, "ta",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wnagreementview");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/winnow/Winnow/wn-agreement-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WnAgreementView, threshold_label);
  gtk_widget_class_bind_template_child (widget_class, WnAgreementView, warning_revealer);
  gtk_widget_class_bind_template_child (widget_class, WnAgreementView, warning_label);
  gtk_widget_class_bind_template_child (widget_class, WnAgreementView, stack);
  gtk_widget_class_bind_template_child (widget_class, WnAgreementView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, WnAgreementView, empty_label);
  gtk_widget_class_bind_template_child (widget_class, WnAgreementView, grid);
  gtk_widget_class_bind_template_child (widget_class, WnAgreementView, plot);
  gtk_widget_class_bind_template_child (widget_class, WnAgreementView, legend_box);
  gtk_widget_class_bind_template_child (widget_class, WnAgreementView, rounds_label);

  gtk_widget_class_install_property_action (widget_class, "agreement.stage", "stage");
}

static void
wn_agreement_view_init (WnAgreementView *self)
{
  self->series = g_ptr_array_new_with_free_func (g_free);
  self->threshold = 0.6;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drawing_area_set_draw_func (self->plot, wn_agreement_view_draw_plot, self, NULL);
  update_page (self);
}

GtkWidget *
wn_agreement_view_new (void)
{
  return g_object_new (WN_TYPE_AGREEMENT_VIEW, NULL);
}

void
wn_agreement_view_set_project (WnAgreementView *self,
                               WnProject       *project)
{
  g_return_if_fail (WN_IS_AGREEMENT_VIEW (self));
  g_return_if_fail (project == NULL || WN_IS_PROJECT (project));

  if (self->project == project)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->project, project);
  self->loaded = FALSE;
  self->loading = FALSE;
  g_clear_pointer (&self->overall, g_ptr_array_unref);
  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  g_clear_pointer (&self->per_round, g_ptr_array_unref);
  rebuild_table (self);
  rebuild_series (self);
  update_page (self);

  if (project != NULL)
    wn_agreement_view_load (self);
  state_changed (self);
}

void
wn_agreement_view_reload (WnAgreementView *self)
{
  g_return_if_fail (WN_IS_AGREEMENT_VIEW (self));

  wn_agreement_view_load (self);
}

void
wn_agreement_view_describe (WnAgreementView *self,
                            WnTestStateFunc  func,
                            gpointer         user_data)
{
  g_autofree char *pairs = NULL;
  g_autofree char *below = NULL;
  g_autofree char *rounds = NULL;
  g_autofree char *points = NULL;
  g_autofree char *kappa = NULL;
  guint n_below = 0;

  g_return_if_fail (WN_IS_AGREEMENT_VIEW (self));

  for (guint i = 0; self->overall != NULL && i < self->overall->len; i++)
    if (((WnPairAgreement *) g_ptr_array_index (self->overall, i))->below_threshold)
      n_below++;

  pairs = g_strdup_printf ("%u", self->overall != NULL ? self->overall->len : 0);
  below = g_strdup_printf ("%u", n_below);
  rounds = g_strdup_printf ("%u", self->rounds != NULL ? self->rounds->len : 0);
  points = g_strdup_printf ("%u", self->n_points);
  if (self->overall != NULL && self->overall->len > 0)
    kappa = format_stat (((WnPairAgreement *) g_ptr_array_index (self->overall, 0))->stats.cohen_kappa, 3);

  func ("ag_loaded", self->loaded && !self->loading ? "1" : "0", user_data);
  func ("ag_page", gtk_stack_get_visible_child_name (self->stack), user_data);
  func ("ag_stage", wn_stage_to_string (self->stage), user_data);
  func ("ag_pairs", pairs, user_data);
  func ("ag_below", below, user_data);
  func ("ag_rounds", rounds, user_data);
  func ("ag_points", points, user_data);
  func ("ag_kappa", kappa, user_data);
}
