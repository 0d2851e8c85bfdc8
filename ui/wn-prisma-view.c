/* wn-prisma-view.c — the PRISMA page: the flow diagram, its checks, the
 * records behind each box, and its exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A live preview of the PRISMA 2020 flow diagram. The flow
 * (wn_project_prisma_flow), its arithmetic checks (wn_prisma_flow_check)
 * and its layout (wn_prisma_layout_new) are computed in a GTask thread,
 * only while the page is shown: a change elsewhere (decisions, imports,
 * duplicates, merges; the window calls wn_prisma_view_reload) marks the
 * flow stale, and the next showing derives it again. Each showing derives
 * it again anyway, so the page never shows an old count; the old diagram
 * stays up until the new one arrives.
 *
 * The diagram is drawn by wn_prisma_draw, in vector, on the cairo context
 * of a GtkDrawingArea (WnPrismaCanvas, below) inside a GtkScrolledWindow:
 * crisp at any zoom. It fits the width by default (height for width); Ctrl
 * with plus, minus or 0 (or the toolbar) zooms in, out, or back to the
 * width; Ctrl with the scroll wheel zooms too.
 *
 * The checks that do not hold are listed above the diagram, errors first,
 * each with its icon and, in words, "Error" or "Warning" (never colour
 * alone); selecting one outlines its boxes — solid for an error, dashed
 * for a warning.
 *
 * A box is selected with the mouse or the keyboard (arrows move to the
 * nearest box that way, Tab and Shift+Tab in reading order, Home and End);
 * a click or Enter opens the side panel with the records behind it
 * (wn_project_prisma_box_records, read in a thread with their titles), and
 * for the boxes that list databases or reasons a line per database or
 * reason narrows the list. Enter on a record asks the window to show it in
 * the Records page (the "show-record" signal).
 *
 * Exports (SVG, PDF, PNG at 300 or 600 dpi, the PRISMA2020 Shiny app's CSV,
 * JSON) ask for a file with GtkFileChooserNative, in the project's folder
 * with a suggested name, and write in a thread from a flow derived afresh
 * (wn_prisma_render_file, wn_prisma_flow_to_csv, wn_prisma_flow_to_json);
 * a failure is shown in a GtkMessageDialog with the GError's message.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "wn-accessibility.h"
#include "wn-prisma-render.h"
#include "wn-prisma-view.h"
#include "wn-prisma.h"
#include "wn-record-item.h"
#include "wn-screening-dialogs.h"

#define CANVAS_MARGIN  24.0  /* px around the paper */
#define PAPER_PADDING  12.0  /* px of paper around the diagram */
#define FIT_MAX_SCALE   1.75 /* fitting the width never blows the text up more */
#define ZOOM_MIN        0.25
#define ZOOM_MAX        4.0

/* ------------------------------------------------------------------------ */
/* WnPrismaCanvas: a GtkDrawingArea that asks for height for width           */

/* Fitting the width makes the height follow the width, which a plain
 * GtkDrawingArea (a fixed content size) cannot say; a fixed zoom asks for
 * the diagram's size at that zoom. The page draws. */

#define WN_TYPE_PRISMA_CANVAS (wn_prisma_canvas_get_type ())
G_DECLARE_FINAL_TYPE (WnPrismaCanvas, wn_prisma_canvas, WN, PRISMA_CANVAS, GtkDrawingArea)

struct _WnPrismaCanvas
{
  GtkDrawingArea parent_instance;

  double         width;   /* the diagram, points; 0 when none */
  double         height;
  gboolean       fit;
  double         zoom;    /* when not fitting */
};

G_DEFINE_FINAL_TYPE (WnPrismaCanvas, wn_prisma_canvas, GTK_TYPE_DRAWING_AREA)

static double
fit_scale (WnPrismaCanvas *self,
           double          widget_width)
{
  double room = widget_width - 2 * (CANVAS_MARGIN + PAPER_PADDING);

  if (self->width <= 0)
    return 1.0;

  return CLAMP (room / self->width, 0.1, FIT_MAX_SCALE);
}

/* Points to pixels, for a canvas widget_width wide. */
static double
wn_prisma_canvas_get_scale (WnPrismaCanvas *self,
                            double          widget_width)
{
  return self->fit ? fit_scale (self, widget_width) : self->zoom;
}

/* Where the diagram's origin is drawn: centred across, under the margin. */
static void
wn_prisma_canvas_get_origin (WnPrismaCanvas *self,
                             double          widget_width,
                             double         *x,
                             double         *y)
{
  double scale = wn_prisma_canvas_get_scale (self, widget_width);

  *x = MAX (CANVAS_MARGIN + PAPER_PADDING, (widget_width - self->width * scale) / 2.0);
  *y = CANVAS_MARGIN + PAPER_PADDING;
}

static GtkSizeRequestMode
wn_prisma_canvas_get_request_mode (GtkWidget *widget)
{
  WnPrismaCanvas *self = WN_PRISMA_CANVAS (widget);

  return self->fit ? GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
wn_prisma_canvas_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  WnPrismaCanvas *self = WN_PRISMA_CANVAS (widget);
  double border = 2 * (CANVAS_MARGIN + PAPER_PADDING);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      if (self->fit)
        {
          *minimum = 120;
          *natural = MAX (120, (int) ceil (self->width + border));
        }
      else
        {
          *minimum = *natural = (int) ceil (self->width * self->zoom + border);
        }
    }
  else
    {
      double scale;

      if (self->fit)
        scale = fit_scale (self, for_size >= 0 ? for_size : self->width + border);
      else
        scale = self->zoom;
      *minimum = *natural = (int) ceil (self->height * scale + border);
    }
}

static void
wn_prisma_canvas_class_init (WnPrismaCanvasClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->get_request_mode = wn_prisma_canvas_get_request_mode;
  widget_class->measure = wn_prisma_canvas_measure;
  gtk_widget_class_set_css_name (widget_class, "wnprismacanvas");
}

static void
wn_prisma_canvas_init (WnPrismaCanvas *self)
{
  self->fit = TRUE;
  self->zoom = 1.0;
}

static void
wn_prisma_canvas_set_size (WnPrismaCanvas *self,
                           double          width,
                           double          height)
{
  if (self->width == width && self->height == height)
    return;

  self->width = width;
  self->height = height;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
wn_prisma_canvas_set_zoom (WnPrismaCanvas *self,
                           gboolean        fit,
                           double          zoom)
{
  if (self->fit == fit && (fit || self->zoom == zoom))
    return;

  self->fit = fit;
  self->zoom = zoom;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------ */
/* The page                                                                  */

struct _WnPrismaView
{
  GtkWidget            parent_instance;

  /* Template children. */
  GtkImage            *status_icon;
  GtkLabel            *status_label;
  GtkSpinner          *busy_spinner;
  GtkLabel            *saved_label;
  GtkButton           *zoom_button;
  GtkRevealer         *checks_revealer;
  GtkLabel            *checks_title;
  GtkListBox          *checks_list;
  GtkStack            *stack;
  GtkSpinner          *loading_spinner;
  GtkLabel            *error_label;
  GtkScrolledWindow   *scroller;
  WnPrismaCanvas      *canvas;
  GtkWidget           *side_separator;
  GtkWidget           *side_panel;
  GtkLabel            *side_title;
  GtkLabel            *side_count;
  GtkWidget           *lines_scroller;
  GtkListBox          *lines_list;
  GtkStack            *side_stack;
  GtkSpinner          *side_spinner;
  GtkListView         *records_view;
  GtkSingleSelection  *records_selection;
  GtkLabel            *side_empty_label;

  WnProject           *project;

  /* What the page shows: the last flow derived, its checks and layout. */
  WnPrismaFlow        *flow;
  GPtrArray           *checks;        /* WnPrismaCheck, every one */
  GPtrArray           *problems;      /* WnPrismaCheck, borrowed from checks: not ok, errors first */
  WnPrismaLayout      *layout;
  GPtrArray           *order;         /* WnPrismaBox, borrowed from layout: the selectable boxes in reading order */
  char                *error_message; /* the last derivation failed */
  gboolean             loaded;
  gboolean             loading;
  gboolean             stale;
  GCancellable        *cancellable;

  char                *selected;      /* the box selected, NULL for none */
  WnPrismaCheck       *highlight;     /* the check whose boxes are outlined, borrowed from checks */

  /* The side panel: the records behind drill_box (one line of it when
   * drill_name is set). */
  char                *drill_box;
  char                *drill_name;
  gboolean             drill_loading;
  gboolean             drill_focus;   /* put the keyboard in the list once it is filled */
  GListStore          *drill_store;   /* WnRecordItem */
  GPtrArray           *all_items;     /* WnRecordItem of every record, ascending id; NULL until read */
  GCancellable        *drill_cancellable;
  gboolean             filling_lines;

  /* Exports. */
  GtkNativeDialog     *chooser;
  guint                exporting;
  char                *exported_path;
  char                *export_error;
  guint                saved_source;

  guint                scroll_source;
  char               **scroll_boxes;  /* what scroll_source brings into view */
  gboolean             disposed;
};

G_DEFINE_FINAL_TYPE (WnPrismaView, wn_prisma_view, GTK_TYPE_WIDGET)

enum {
  STATE_CHANGED,
  SHOW_RECORD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void wn_prisma_view_load       (WnPrismaView *self);
static void wn_prisma_view_load_drill (WnPrismaView *self);

static void
state_changed (WnPrismaView *self)
{
  if (self->disposed)
    return;
  g_signal_emit (self, signals[STATE_CHANGED], 0);
}

/* "1,234": a count as the locale writes it. */
static char *
format_count (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

/* ------------------------------------------------------------------------ */
/* The boxes and their counts                                                */

static gint64
count_or_zero (gint64 n)
{
  return n < 0 ? 0 : n;
}

static gint64
list_total (const GPtrArray *list)
{
  gint64 total = 0;

  for (guint i = 0; list != NULL && i < list->len; i++)
    total += count_or_zero (((WnPrismaCount *) g_ptr_array_index (list, i))->n);

  return total;
}

static gboolean
is_flow_box (const char *box)
{
  return box != NULL && g_str_has_prefix (box, "box");
}

/* The number a box shows (its first, for boxes of two: studies and
 * reports, the reports, which is what the records behind it count).
 * FALSE for phase labels and unknown boxes. */
static gboolean
box_count (const WnPrismaFlow *f,
           const char         *box,
           gint64             *n)
{
  struct { const char *box; gint64 value; } simple[] = {
    { "box1", f->previous_reports },
    { "box4", f->records_screened },
    { "box5", f->records_excluded },
    { "box6", f->dbr_sought_reports },
    { "box7", f->dbr_notretrieved_reports },
    { "box8", f->dbr_assessed },
    { "box10", f->new_reports },
    { "box12", f->other_sought_reports },
    { "box13", f->other_notretrieved_reports },
    { "box14", f->other_assessed },
    { "box16", f->total_reports },
    { "box17", f->total_reports_ma },
  };

  if (!is_flow_box (box))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (simple); i++)
    if (g_str_equal (box, simple[i].box))
      {
        *n = count_or_zero (simple[i].value);
        return TRUE;
      }

  if (g_str_equal (box, "box2"))
    *n = count_or_zero (f->database_results) + count_or_zero (f->register_results);
  else if (g_str_equal (box, "box3"))
    *n = count_or_zero (f->duplicates) + count_or_zero (f->excluded_automatic) + count_or_zero (f->excluded_other);
  else if (g_str_equal (box, "box9"))
    *n = list_total (f->dbr_excluded);
  else if (g_str_equal (box, "box11"))
    *n = count_or_zero (f->website_results) + count_or_zero (f->organisation_results) +
         count_or_zero (f->citations_results);
  else if (g_str_equal (box, "box15"))
    *n = list_total (f->other_excluded);
  else
    return FALSE;

  return TRUE;
}

/* One line of a box, which narrows its records: a database or register,
 * an exclusion reason, or one of the counts a box adds up (duplicates,
 * automation, other reasons; websites, organisations, citations). key is
 * what wn_project_prisma_box_records takes as the line's name. */
typedef struct
{
  char   *key;
  char   *label;
  gint64  n;
} BoxLine;

static void
box_line_clear (BoxLine *line)
{
  g_free (line->key);
  g_free (line->label);
}

static void
add_line (GArray     *lines,
          const char *key,
          const char *label,
          gint64      n)
{
  BoxLine line = { g_strdup (key), g_strdup (label), n };

  /* NA is a line the diagram does not draw. */
  if (n >= 0)
    g_array_append_val (lines, line);
  else
    box_line_clear (&line);
}

static void
add_list_lines (GArray          *lines,
                const GPtrArray *list)
{
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      WnPrismaCount *count = g_ptr_array_index (list, i);

      add_line (lines, count->name, count->name, count_or_zero (count->n));
    }
}

/* The lines of a box; fewer than two narrow nothing. */
static GArray *
box_lines (const WnPrismaFlow *f,
           const char         *box)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (BoxLine));

  g_array_set_clear_func (lines, (GDestroyNotify) box_line_clear);

  if (g_strcmp0 (box, "box2") == 0)
    {
      add_list_lines (lines, f->database_specific_results);
      add_list_lines (lines, f->register_specific_results);
    }
  else if (g_strcmp0 (box, "box3") == 0)
    {
      add_line (lines, "duplicates", _("Duplicate records removed"), f->duplicates);
      add_line (lines, "excluded_automatic", _("Marked as ineligible by automation tools"), f->excluded_automatic);
      add_line (lines, "excluded_other", _("Removed for other reasons"), f->excluded_other);
    }
  else if (g_strcmp0 (box, "box9") == 0)
    add_list_lines (lines, f->dbr_excluded);
  else if (g_strcmp0 (box, "box11") == 0)
    {
      add_line (lines, "website_results", _("Websites"), f->website_results);
      add_line (lines, "organisation_results", _("Organisations"), f->organisation_results);
      add_line (lines, "citations_results", _("Citation searching"), f->citations_results);
    }
  else if (g_strcmp0 (box, "box15") == 0)
    add_list_lines (lines, f->other_excluded);

  return lines;
}

static const WnPrismaBox *
find_box (WnPrismaView *self,
          const char   *box)
{
  for (guint i = 0; box != NULL && self->layout != NULL && i < self->layout->boxes->len; i++)
    {
      const WnPrismaBox *b = g_ptr_array_index (self->layout->boxes, i);

      if (g_strcmp0 (b->box, box) == 0)
        return b;
    }

  return NULL;
}

static int
order_index (WnPrismaView *self,
             const char   *box)
{
  for (guint i = 0; box != NULL && self->order != NULL && i < self->order->len; i++)
    if (g_str_equal (((WnPrismaBox *) g_ptr_array_index (self->order, i))->box, box))
      return i;

  return -1;
}

/* The box's text on one line, for headings and screen readers. */
static char *
box_text_one_line (const WnPrismaBox *box)
{
  g_autofree char *text = g_strdup (box->text != NULL ? box->text : "");

  g_strdelimit (text, "\n", ' ');
  return g_strstrip (g_steal_pointer (&text));
}

static int
compare_top (gconstpointer a,
             gconstpointer b)
{
  const WnPrismaBox *x = *(WnPrismaBox **) a;
  const WnPrismaBox *y = *(WnPrismaBox **) b;

  return (x->y > y->y) - (x->y < y->y);
}

static int
compare_left (gconstpointer a,
              gconstpointer b)
{
  const WnPrismaBox *x = *(WnPrismaBox **) a;
  const WnPrismaBox *y = *(WnPrismaBox **) b;

  return (x->x > y->x) - (x->x < y->x);
}

/* Reading order: rows top to bottom (boxes whose tops are within a few
 * points of the row's first), each row left to right. */
static void
build_order (WnPrismaView *self)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  guint start = 0;

  g_clear_pointer (&self->order, g_ptr_array_unref);
  self->order = g_ptr_array_new ();
  if (self->layout == NULL)
    return;

  for (guint i = 0; i < self->layout->boxes->len; i++)
    {
      WnPrismaBox *box = g_ptr_array_index (self->layout->boxes, i);

      if (is_flow_box (box->box))
        g_ptr_array_add (sorted, box);
    }
  g_ptr_array_sort (sorted, compare_top);

  while (start < sorted->len)
    {
      WnPrismaBox *first = g_ptr_array_index (sorted, start);
      guint end = start + 1;
      g_autoptr(GPtrArray) row = g_ptr_array_new ();

      while (end < sorted->len && ((WnPrismaBox *) g_ptr_array_index (sorted, end))->y - first->y < 12.0)
        end++;
      for (guint i = start; i < end; i++)
        g_ptr_array_add (row, g_ptr_array_index (sorted, i));
      g_ptr_array_sort (row, compare_left);
      for (guint i = 0; i < row->len; i++)
        g_ptr_array_add (self->order, g_ptr_array_index (row, i));
      start = end;
    }
}

/* ------------------------------------------------------------------------ */
/* Drawing                                                                   */

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
wn_prisma_view_draw (GtkDrawingArea *area,
                     cairo_t        *cr,
                     int             width,
                     int             height,
                     gpointer        user_data)
{
  WnPrismaView *self = user_data;
  WnPrismaCanvas *canvas = WN_PRISMA_CANVAS (area);
  double scale;
  double ox;
  double oy;

  if (self->layout == NULL)
    return;

  scale = wn_prisma_canvas_get_scale (canvas, width);
  wn_prisma_canvas_get_origin (canvas, width, &ox, &oy);

  /* The page the diagram is printed on: white in light and dark themes
   * alike, as in the files it exports, with a soft edge. */
  cairo_save (cr);
  rounded_rectangle (cr, ox - PAPER_PADDING + 1, oy - PAPER_PADDING + 2,
                     self->layout->width * scale + 2 * PAPER_PADDING,
                     self->layout->height * scale + 2 * PAPER_PADDING, 6);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.12);
  cairo_fill (cr);
  rounded_rectangle (cr, ox - PAPER_PADDING, oy - PAPER_PADDING,
                     self->layout->width * scale + 2 * PAPER_PADDING,
                     self->layout->height * scale + 2 * PAPER_PADDING, 6);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
  cairo_restore (cr);

  cairo_save (cr);
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, scale, scale);
  wn_prisma_draw (self->layout, cr, self->selected);

  /* The boxes of the check selected: red and solid for an error, amber and
   * dashed for a warning, so the two differ without colour. */
  if (self->highlight != NULL && self->highlight->boxes != NULL)
    {
      gboolean error = self->highlight->status == WN_PRISMA_CHECK_ERROR;
      double dash[] = { 6.0, 3.5 };

      cairo_save (cr);
      cairo_set_line_width (cr, 3.0);
      if (error)
        cairo_set_source_rgb (cr, 0.75, 0.11, 0.16);
      else
        {
          cairo_set_source_rgb (cr, 0.90, 0.47, 0.0);
          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
        }
      for (guint i = 0; self->highlight->boxes[i] != NULL; i++)
        {
          const WnPrismaBox *box = find_box (self, self->highlight->boxes[i]);

          if (box == NULL)
            continue;
          rounded_rectangle (cr, box->x - 5, box->y - 5, box->width + 10, box->height + 10, 6);
          cairo_stroke (cr);
        }
      cairo_restore (cr);
    }

  /* Where the keyboard is: a focus ring around the box selected. */
  if (self->selected != NULL && gtk_widget_has_focus (GTK_WIDGET (area)) &&
      gtk_widget_has_visible_focus (GTK_WIDGET (area)))
    {
      const WnPrismaBox *box = find_box (self, self->selected);
      double dash[] = { 2.0, 2.0 };

      if (box != NULL)
        {
          cairo_save (cr);
          cairo_set_line_width (cr, 1.5);
          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
          cairo_set_source_rgb (cr, 0.11, 0.44, 0.85);
          rounded_rectangle (cr, box->x - 9, box->y - 9, box->width + 18, box->height + 18, 8);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
    }
  cairo_restore (cr);
}

/* The box at a point of the canvas, or NULL. */
static const WnPrismaBox *
hit_box (WnPrismaView *self,
         double        x,
         double        y)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->canvas));
  double scale;
  double ox;
  double oy;
  const WnPrismaBox *box;

  if (self->layout == NULL)
    return NULL;

  scale = wn_prisma_canvas_get_scale (self->canvas, width);
  wn_prisma_canvas_get_origin (self->canvas, width, &ox, &oy);
  box = wn_prisma_layout_hit (self->layout, (x - ox) / scale, (y - oy) / scale);

  return box != NULL && is_flow_box (box->box) ? box : NULL;
}

static gboolean
scroll_to_boxes_cb (gpointer user_data)
{
  WnPrismaView *self = user_data;
  g_auto(GStrv) boxes = g_steal_pointer (&self->scroll_boxes);
  GtkAdjustment *hadj;
  GtkAdjustment *vadj;
  gboolean any = FALSE;
  double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;
  int width;
  double scale;
  double ox;
  double oy;

  self->scroll_source = 0;

  for (guint i = 0; boxes != NULL && boxes[i] != NULL; i++)
    {
      const WnPrismaBox *box = find_box (self, boxes[i]);

      if (box == NULL)
        continue;
      any = TRUE;
      x1 = MIN (x1, box->x);
      y1 = MIN (y1, box->y);
      x2 = MAX (x2, box->x + box->width);
      y2 = MAX (y2, box->y + box->height);
    }
  if (!any)
    return G_SOURCE_REMOVE;

  width = gtk_widget_get_width (GTK_WIDGET (self->canvas));
  scale = wn_prisma_canvas_get_scale (self->canvas, width);
  wn_prisma_canvas_get_origin (self->canvas, width, &ox, &oy);

  /* All of them when they fit; else their top left first. */
  hadj = gtk_scrolled_window_get_hadjustment (self->scroller);
  vadj = gtk_scrolled_window_get_vadjustment (self->scroller);
  gtk_adjustment_clamp_page (hadj, ox + x1 * scale - 16, ox + x2 * scale + 16);
  gtk_adjustment_clamp_page (vadj, oy + y1 * scale - 16, oy + y2 * scale + 16);

  return G_SOURCE_REMOVE;
}

/* Scrolls boxes into view, once the canvas has its new size. */
static void
queue_scroll_to_boxes (WnPrismaView      *self,
                       const char *const *boxes)
{
  g_strfreev (self->scroll_boxes);
  self->scroll_boxes = g_strdupv ((char **) boxes);
  if (self->scroll_source == 0)
    self->scroll_source = g_idle_add_full (GDK_PRIORITY_REDRAW + 10, scroll_to_boxes_cb, self, NULL);
}

static void
queue_scroll_to_selected (WnPrismaView *self)
{
  const char *boxes[] = { self->selected, NULL };

  if (self->selected != NULL)
    queue_scroll_to_boxes (self, boxes);
}

/* ------------------------------------------------------------------------ */
/* Selection and zoom                                                        */

static void
update_canvas_description (WnPrismaView *self)
{
  const WnPrismaBox *box = find_box (self, self->selected);
  g_autofree char *text = box != NULL ? box_text_one_line (box) : NULL;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->canvas),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text != NULL ? text : "",
                                  -1);
}

static void
select_box (WnPrismaView *self,
            const char   *box)
{
  if (g_strcmp0 (self->selected, box) == 0)
    return;

  g_free (self->selected);
  self->selected = g_strdup (box);
  update_canvas_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
  if (box != NULL)
    queue_scroll_to_selected (self);
  state_changed (self);
}

static void
update_zoom_label (WnPrismaView *self)
{
  g_autofree char *text = NULL;

  if (self->canvas->fit)
    text = g_strdup (C_("zoom", "Fit Width"));
  else
    /* Translators: the zoom of the diagram, "125 %". */
    text = g_strdup_printf (C_("zoom", "%.0f %%"), self->canvas->zoom * 100.0);

  gtk_button_set_label (self->zoom_button, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prisma.zoom-in",
                                 self->canvas->fit || self->canvas->zoom < ZOOM_MAX - 1e-6);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prisma.zoom-out",
                                 self->canvas->fit || self->canvas->zoom > ZOOM_MIN + 1e-6);
}

/* The zooms Ctrl+plus and Ctrl+minus go through, from whatever scale
 * fitting the width gave. */
static const double zoom_steps[] = {
  0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0,
};

/* Zooms one step in (direction 1) or out (-1) from the scale shown, or
 * back to fitting the width (0). */
static void
zoom_step (WnPrismaView *self,
           int           direction)
{
  double scale;

  if (direction == 0)
    {
      wn_prisma_canvas_set_zoom (self->canvas, TRUE, 1.0);
      gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    }
  else
    {
      scale = wn_prisma_canvas_get_scale (self->canvas, gtk_widget_get_width (GTK_WIDGET (self->canvas)));
      if (direction > 0)
        {
          double next = ZOOM_MAX;

          for (guint i = 0; i < G_N_ELEMENTS (zoom_steps); i++)
            if (zoom_steps[i] > scale + 0.005)
              {
                next = zoom_steps[i];
                break;
              }
          scale = next;
        }
      else
        {
          double next = ZOOM_MIN;

          for (guint i = G_N_ELEMENTS (zoom_steps); i > 0; i--)
            if (zoom_steps[i - 1] < scale - 0.005)
              {
                next = zoom_steps[i - 1];
                break;
              }
          scale = next;
        }
      wn_prisma_canvas_set_zoom (self->canvas, FALSE, scale);
      gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
    }

  update_zoom_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
  queue_scroll_to_selected (self);
  state_changed (self);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  zoom_step (WN_PRISMA_VIEW (widget), 1);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  zoom_step (WN_PRISMA_VIEW (widget), -1);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  zoom_step (WN_PRISMA_VIEW (widget), 0);
}

/* ------------------------------------------------------------------------ */
/* The side panel: the records behind a box                                  */

static void
show_side_panel (WnPrismaView *self,
                 gboolean      shown)
{
  gtk_widget_set_visible (self->side_panel, shown);
  gtk_widget_set_visible (self->side_separator, shown);
}

static GtkWidget *
line_row_new (const char *name,
              const char *label,
              gint64      n)
{
  g_autofree char *number = format_count (n);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_label_new (label);
  GtkWidget *count = gtk_label_new (number);

  gtk_label_set_xalign (GTK_LABEL (text), 0.0f);
  /* One line each (a wrapped label would ask the scrolled window for
   * more height than it takes), the whole name in the tooltip. */
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 28);
  gtk_widget_set_tooltip_text (row, label);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_add_css_class (count, "dim-label");
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "name", g_strdup (name), g_free);
  g_object_set_data_full (G_OBJECT (row), "label", g_strdup (label), g_free);

  return row;
}

/* The lines of the box opened: "All" and one per line of the box. */
static void
fill_lines (WnPrismaView *self)
{
  g_autoptr(GArray) lines = NULL;
  GtkWidget *child;
  gint64 n = 0;
  gboolean any = FALSE;

  self->filling_lines = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lines_list))) != NULL)
    gtk_list_box_remove (self->lines_list, child);

  if (self->flow != NULL && self->drill_box != NULL)
    {
      lines = box_lines (self->flow, self->drill_box);
      any = lines->len > 1 || (lines->len == 1 && g_strcmp0 (self->drill_box, "box2") == 0);
    }

  if (any)
    {
      const char *all_label;
      GtkWidget *all;

      if (g_strcmp0 (self->drill_box, "box2") == 0)
        all_label = _("Every database and register");
      else if (g_strcmp0 (self->drill_box, "box9") == 0 || g_strcmp0 (self->drill_box, "box15") == 0)
        all_label = _("Every reason");
      else
        all_label = _("All of them");

      box_count (self->flow, self->drill_box, &n);
      all = line_row_new (NULL, all_label, n);
      gtk_list_box_append (self->lines_list, all);
      if (self->drill_name == NULL)
        gtk_list_box_select_row (self->lines_list, GTK_LIST_BOX_ROW (all));

      for (guint i = 0; i < lines->len; i++)
        {
          BoxLine *line = &g_array_index (lines, BoxLine, i);
          GtkWidget *row = line_row_new (line->key, line->label, line->n);

          gtk_list_box_append (self->lines_list, row);
          if (g_strcmp0 (self->drill_name, line->key) == 0)
            gtk_list_box_select_row (self->lines_list, GTK_LIST_BOX_ROW (row));
        }
    }

  /* A line that went away with a change (a reason no longer used): the
   * whole box again. */
  if (self->drill_name != NULL && gtk_list_box_get_selected_row (self->lines_list) == NULL)
    {
      g_clear_pointer (&self->drill_name, g_free);
      if (any)
        gtk_list_box_select_row (self->lines_list, gtk_list_box_get_row_at_index (self->lines_list, 0));
    }

  gtk_widget_set_visible (self->lines_scroller, any);
  self->filling_lines = FALSE;
}

static void
update_side_header (WnPrismaView *self)
{
  const WnPrismaBox *box = find_box (self, self->drill_box);
  g_autofree char *title = box != NULL ? box_text_one_line (box) : g_strdup (self->drill_box);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->drill_store));
  g_autofree char *number = format_count (n);
  g_autofree char *count = NULL;

  /* The box's first line is its name; the rest its numbers. */
  if (box != NULL && box->text != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (box->text, "\n", 2);

      g_free (title);
      title = g_strstrip (g_strdup (lines[0] != NULL ? lines[0] : ""));
      /* "Records identified from:" heads the list of its lines. */
      if (g_str_has_suffix (title, ":"))
        title[strlen (title) - 1] = '\0';
    }
  gtk_label_set_text (self->side_title, title);

  if (self->drill_loading)
    count = g_strdup (_("Reading the records…"));
  else if (self->drill_name != NULL)
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->lines_list);
      const char *label = row != NULL ? g_object_get_data (G_OBJECT (row), "label") : NULL;

      /* Translators: "12 records: Embase" — the records of one line of a box. */
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record: %s", "%s records: %s", n),
                               number, label != NULL ? label : self->drill_name);
    }
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record", "%s records", n), number);
  gtk_label_set_text (self->side_count, count);
}

static void
close_drill (WnPrismaView *self)
{
  g_cancellable_cancel (self->drill_cancellable);
  g_clear_object (&self->drill_cancellable);
  g_clear_pointer (&self->drill_box, g_free);
  g_clear_pointer (&self->drill_name, g_free);
  self->drill_loading = FALSE;
  self->drill_focus = FALSE;
  g_list_store_remove_all (self->drill_store);
  show_side_panel (self, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prisma.close-records", FALSE);
  state_changed (self);
}

/* Opens the side panel on box (all its lines), or on one line. */
static void
open_drill (WnPrismaView *self,
            const char   *box,
            const char   *name,
            gboolean      focus_list)
{
  gboolean same_box = g_strcmp0 (self->drill_box, box) == 0;

  g_free (self->drill_box);
  self->drill_box = g_strdup (box);
  g_free (self->drill_name);
  self->drill_name = g_strdup (name);
  self->drill_focus = focus_list;

  if (!same_box)
    fill_lines (self);
  show_side_panel (self, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prisma.close-records", TRUE);
  wn_prisma_view_load_drill (self);
}

typedef struct
{
  char      *box;
  char      *name;
  GPtrArray *all_items;  /* in: the cache, or NULL; out: read here when it was NULL */
  gboolean   listed;
  GPtrArray *items;      /* out: WnRecordItem, in the order of the ids */
} DrillJob;

static void
drill_job_free (DrillJob *job)
{
  g_free (job->box);
  g_free (job->name);
  g_clear_pointer (&job->all_items, g_ptr_array_unref);
  g_clear_pointer (&job->items, g_ptr_array_unref);
  g_free (job);
}

static WnRecordItem *
lookup_item (GPtrArray *items,
             gint64     id)
{
  guint lo = 0;
  guint hi = items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      WnRecordItem *item = g_ptr_array_index (items, mid);
      gint64 mid_id = wn_record_item_get_id (item);

      if (mid_id == id)
        return item;
      if (mid_id < id)
        lo = mid + 1;
      else
        hi = mid;
    }

  return NULL;
}

static void
drill_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WnProject *project = g_object_get_data (G_OBJECT (task), "project");
  DrillJob *job = task_data;
  g_autoptr(GArray) ids = NULL;
  GError *error = NULL;

  ids = wn_project_prisma_box_records (project, job->box, job->name, &error);
  if (ids == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Titles: every record's once (duplicates too: a box counts them), kept
   * by the page until the flow changes. */
  if (job->all_items == NULL)
    {
      g_autoptr(GListModel) model = wn_project_list_record_items (project, WN_RECORD_QUERY_INCLUDE_DUPLICATES,
                                                                  cancellable, &error);
      guint n;

      if (model == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      n = g_list_model_get_n_items (model);
      job->all_items = g_ptr_array_new_full (n, g_object_unref);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (job->all_items, g_list_model_get_item (model, i));
      job->listed = TRUE;
    }

  job->items = g_ptr_array_new_full (ids->len, g_object_unref);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      WnRecordItem *item = lookup_item (job->all_items, id);

      if (item != NULL)
        g_ptr_array_add (job->items, g_object_ref (item));
      else
        g_ptr_array_add (job->items, wn_record_item_new (id, NULL, NULL, NULL, NULL, NULL, NULL));
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_boolean (task, TRUE);
}

static void
drill_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(WnPrismaView) self = user_data;
  DrillJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->disposed)
    return;

  g_clear_object (&self->drill_cancellable);
  self->drill_loading = FALSE;
  gtk_spinner_stop (self->side_spinner);

  if (error != NULL)
    {
      g_list_store_remove_all (self->drill_store);
      gtk_label_set_text (self->side_empty_label, error->message);
      gtk_stack_set_visible_child_name (self->side_stack, "empty");
      update_side_header (self);
      state_changed (self);
      return;
    }

  if (job->listed && self->all_items == NULL)
    self->all_items = g_ptr_array_ref (job->all_items);

  g_list_store_splice (self->drill_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->drill_store)),
                       job->items->pdata, job->items->len);

  if (job->items->len > 0)
    {
      gtk_stack_set_visible_child_name (self->side_stack, "records");
      if (self->drill_focus)
        {
          gtk_single_selection_set_selected (self->records_selection, 0);
          gtk_widget_grab_focus (GTK_WIDGET (self->records_view));
        }
    }
  else
    {
      gint64 n = 0;

      if (self->flow != NULL && box_count (self->flow, self->drill_box, &n) && n > 0)
        gtk_label_set_text (self->side_empty_label,
                            _("This number is not tied to records in the project (a previous review, or a count entered by hand)."));
      else
        gtk_label_set_text (self->side_empty_label, _("No records are behind this box."));
      gtk_stack_set_visible_child_name (self->side_stack, "empty");
    }
  self->drill_focus = FALSE;

  update_side_header (self);
  state_changed (self);
}

static void
wn_prisma_view_load_drill (WnPrismaView *self)
{
  g_autoptr(GTask) task = NULL;
  DrillJob *job;

  g_cancellable_cancel (self->drill_cancellable);
  g_clear_object (&self->drill_cancellable);

  if (self->project == NULL || self->drill_box == NULL)
    return;

  job = g_new0 (DrillJob, 1);
  job->box = g_strdup (self->drill_box);
  job->name = g_strdup (self->drill_name);
  job->all_items = self->all_items != NULL ? g_ptr_array_ref (self->all_items) : NULL;

  self->drill_loading = TRUE;
  g_list_store_remove_all (self->drill_store);
  gtk_stack_set_visible_child_name (self->side_stack, "loading");
  gtk_spinner_start (self->side_spinner);
  update_side_header (self);

  self->drill_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->drill_cancellable, drill_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, wn_prisma_view_load_drill);
  g_task_set_task_data (task, job, (GDestroyNotify) drill_job_free);
  g_object_set_data_full (G_OBJECT (task), "project", g_object_ref (self->project), g_object_unref);
  g_task_run_in_thread (task, drill_thread);
  state_changed (self);
}

static void
wn_prisma_view_line_selected_cb (WnPrismaView  *self,
                                 GtkListBoxRow *row,
                                 GtkListBox    *list)
{
  const char *name;

  g_assert (WN_IS_PRISMA_VIEW (self));

  if (self->filling_lines || row == NULL || self->drill_box == NULL)
    return;

  name = g_object_get_data (G_OBJECT (row), "name");
  if (g_strcmp0 (name, self->drill_name) == 0)
    return;

  g_free (self->drill_name);
  self->drill_name = g_strdup (name);
  wn_prisma_view_load_drill (self);
}

static void
wn_prisma_view_record_activate_cb (WnPrismaView *self,
                                   guint         position,
                                   GtkListView  *view)
{
  g_autoptr(WnRecordItem) item = NULL;

  g_assert (WN_IS_PRISMA_VIEW (self));

  item = g_list_model_get_item (G_LIST_MODEL (self->records_selection), position);
  if (item != NULL)
    g_signal_emit (self, signals[SHOW_RECORD], 0, wn_record_item_get_id (item));
}

static void
record_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *meta = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (title), 3);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  /* Wrapped and ellipsized labels ask for their whole text's width:
   * keep the panel's natural width to its own. */
  gtk_label_set_max_width_chars (GTK_LABEL (title), 36);
  gtk_label_set_width_chars (GTK_LABEL (title), 36);
  gtk_label_set_xalign (GTK_LABEL (meta), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (meta), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (meta), 36);
  gtk_widget_add_css_class (meta, "dim-label");
  gtk_widget_add_css_class (meta, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), meta);
  gtk_list_item_set_child (list_item, box);
}

static void
record_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  WnRecordItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *meta = gtk_widget_get_next_sibling (title);
  g_autoptr(GString) line = g_string_new (NULL);
  const char *parts[3];
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, wn_record_item_get_id (item));
  const char *text = wn_record_item_get_title (item);

  if (text != NULL && text[0] != '\0')
    gtk_label_set_text (GTK_LABEL (title), text);
  else
    {
      /* Translators: a record without a title, "Record 12 (no title)". */
      g_autofree char *untitled = g_strdup_printf (_("Record %s (no title)"), id);

      gtk_label_set_text (GTK_LABEL (title), untitled);
    }

  parts[0] = wn_record_item_get_authors (item);
  parts[1] = wn_record_item_get_year (item);
  parts[2] = wn_record_item_get_database (item);
  /* Translators: the record's number before its authors, year, database. */
  g_string_append_printf (line, _("No. %s"), id);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && parts[i][0] != '\0')
      g_string_append_printf (line, " · %s", parts[i]);
  gtk_label_set_text (GTK_LABEL (meta), line->str);
  gtk_widget_set_tooltip_text (box, text);
}

static void
close_records_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WnPrismaView *self = WN_PRISMA_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean had_focus = focus != NULL && gtk_widget_is_ancestor (focus, self->side_panel);

  close_drill (self);
  if (had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static gboolean
side_key_pressed_cb (WnPrismaView          *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  /* Escape goes back to the diagram, on the box the list is of. */
  if (keyval == GDK_KEY_Escape && (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) == 0)
    {
      if (self->drill_box != NULL)
        select_box (self, self->drill_box);
      gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

/* ------------------------------------------------------------------------ */
/* The canvas's mouse and keys                                               */

static void
canvas_pressed_cb (WnPrismaView    *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  const WnPrismaBox *box = hit_box (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  if (box == NULL)
    return;

  select_box (self, box->box);
  open_drill (self, box->box, NULL, FALSE);
}

static void
canvas_motion_cb (WnPrismaView             *self,
                  double                    x,
                  double                    y,
                  GtkEventControllerMotion *controller)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->canvas), hit_box (self, x, y) != NULL ? "pointer" : NULL);
}

static gboolean
canvas_query_tooltip_cb (WnPrismaView *self,
                         int           x,
                         int           y,
                         gboolean      keyboard,
                         GtkTooltip   *tooltip,
                         GtkWidget    *canvas)
{
  const WnPrismaBox *box = keyboard ? find_box (self, self->selected) : hit_box (self, x, y);
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;

  if (box == NULL)
    return FALSE;

  line = box_text_one_line (box);
  /* Translators: a box's tooltip: its text, then what a click does. */
  text = g_strdup_printf (_("%s\nClick or press Enter to list the records behind it."), line);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static gboolean
canvas_scroll_cb (WnPrismaView             *self,
                  double                    dx,
                  double                    dy,
                  GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if ((state & GDK_CONTROL_MASK) == 0 || dy == 0)
    return GDK_EVENT_PROPAGATE;

  zoom_step (self, dy < 0 ? 1 : -1);
  return GDK_EVENT_STOP;
}

/* The nearest box from the selected one in a direction (dx, dy one of
 * -1, 0, 1): ahead of it that way, weighing sideways distance double. */
static const WnPrismaBox *
nearest_box (WnPrismaView      *self,
             const WnPrismaBox *from,
             int                dx,
             int                dy)
{
  const WnPrismaBox *best = NULL;
  double best_score = G_MAXDOUBLE;
  double fx = from->x + from->width / 2;
  double fy = from->y + from->height / 2;

  for (guint i = 0; i < self->order->len; i++)
    {
      const WnPrismaBox *box = g_ptr_array_index (self->order, i);
      double cx = box->x + box->width / 2;
      double cy = box->y + box->height / 2;
      double ahead;
      double side;
      double score;

      if (box == from)
        continue;

      if (dx != 0)
        {
          /* Beyond the edge, not just the centre: boxes side by side. */
          ahead = dx > 0 ? box->x - (from->x + from->width / 2) : (from->x + from->width / 2) - (box->x + box->width);
          side = fabs (cy - fy);
          if (dx > 0 ? cx <= fx + 1 : cx >= fx - 1)
            continue;
        }
      else
        {
          ahead = dy > 0 ? box->y - (from->y + from->height / 2) : (from->y + from->height / 2) - (box->y + box->height);
          side = fabs (cx - fx);
          if (dy > 0 ? cy <= fy + 1 : cy >= fy - 1)
            continue;
        }

      score = MAX (ahead, 0) + 2 * side;
      if (score < best_score)
        {
          best_score = score;
          best = box;
        }
    }

  return best;
}

static gboolean
canvas_key_pressed_cb (WnPrismaView          *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK);
  int index;
  const WnPrismaBox *current;
  const WnPrismaBox *next = NULL;
  int dx = 0;
  int dy = 0;

  if (self->order == NULL || self->order->len == 0)
    return GDK_EVENT_PROPAGATE;

  index = order_index (self, self->selected);
  current = index >= 0 ? g_ptr_array_index (self->order, index) : NULL;

  switch (keyval)
    {
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_ISO_Left_Tab:
      if ((mods & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
        return GDK_EVENT_PROPAGATE;
      /* Through the boxes in reading order; past the last (or before the
       * first) the keyboard leaves the diagram as usual. */
      if (keyval == GDK_KEY_ISO_Left_Tab || (mods & GDK_SHIFT_MASK) != 0)
        {
          if (index <= 0)
            return GDK_EVENT_PROPAGATE;
          next = g_ptr_array_index (self->order, index - 1);
        }
      else
        {
          if (index + 1 >= (int) self->order->len)
            return GDK_EVENT_PROPAGATE;
          next = g_ptr_array_index (self->order, index + 1);
        }
      break;

    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      dx = -1;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      dx = 1;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      dy = -1;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      dy = 1;
      break;

    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      next = g_ptr_array_index (self->order, 0);
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      next = g_ptr_array_index (self->order, self->order->len - 1);
      break;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      if (mods != 0)
        return GDK_EVENT_PROPAGATE;
      if (current == NULL)
        return GDK_EVENT_PROPAGATE;
      open_drill (self, current->box, NULL, TRUE);
      return GDK_EVENT_STOP;

    case GDK_KEY_Escape:
      if (mods != 0)
        return GDK_EVENT_PROPAGATE;
      /* Closes what is open, one thing at a time. */
      if (self->drill_box != NULL)
        close_drill (self);
      else if (self->highlight != NULL)
        gtk_list_box_unselect_all (self->checks_list);
      else if (self->selected != NULL)
        select_box (self, NULL);
      else
        return GDK_EVENT_PROPAGATE;
      return GDK_EVENT_STOP;

    default:
      return GDK_EVENT_PROPAGATE;
    }

  if (dx != 0 || dy != 0)
    {
      if (mods != 0)
        return GDK_EVENT_PROPAGATE;
      next = current != NULL ? nearest_box (self, current, dx, dy) : g_ptr_array_index (self->order, 0);
      /* At the edge: stay, and keep the key from scrolling away. */
      if (next == NULL)
        return GDK_EVENT_STOP;
    }

  if (next != NULL)
    select_box (self, next->box);

  return GDK_EVENT_STOP;
}

static void
canvas_focus_changed_cb (WnPrismaView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
  state_changed (self);
}

/* ------------------------------------------------------------------------ */
/* The checks                                                                */

static int
compare_status (gconstpointer a,
                gconstpointer b)
{
  const WnPrismaCheck *x = *(WnPrismaCheck **) a;
  const WnPrismaCheck *y = *(WnPrismaCheck **) b;

  /* Errors first; otherwise the notes' order (a stable sort). */
  return (int) y->status - (int) x->status;
}

/* The toolbar's icon: which, and its colour class ("error", "warning",
 * "wn-ok"); the words beside it say the same. */
static void
set_status_icon (WnPrismaView *self,
                 const char   *icon_name,
                 const char   *css_class)
{
  static const char *const classes[] = { "error", "warning", "wn-ok" };

  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      if (g_strcmp0 (classes[i], css_class) == 0)
        gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), classes[i]);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), classes[i]);
    }
}

static GtkWidget *
check_row_new (const WnPrismaCheck *check)
{
  gboolean error = check->status == WN_PRISMA_CHECK_ERROR;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *icon = gtk_image_new_from_icon_name (error ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  GtkWidget *kind = gtk_label_new (error ? C_("prisma check", "Error") : C_("prisma check", "Warning"));
  GtkWidget *text = gtk_label_new (check->explain != NULL && check->explain[0] != '\0' ? check->explain : check->detail);
  g_autofree char *accessible = g_strdup_printf ("%s: %s", gtk_label_get_text (GTK_LABEL (kind)),
                                                 gtk_label_get_text (GTK_LABEL (text)));

  gtk_widget_add_css_class (icon, error ? "error" : "warning");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (GTK_LABEL (kind)), -1);
  gtk_widget_add_css_class (kind, "wn-prisma-check-kind");
  gtk_widget_add_css_class (kind, error ? "error" : "warning");
  gtk_widget_set_valign (kind, GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (text), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (text, TRUE);

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), kind);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* The arithmetic itself, for who wants to check it. */
  if (check->detail != NULL && check->id != NULL)
    {
      g_autofree char *tooltip = g_strdup_printf ("%s: %s", check->id, check->detail);

      gtk_widget_set_tooltip_text (row, tooltip);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  return row;
}

static void
rebuild_checks (WnPrismaView *self,
                const char   *highlight_id)
{
  GtkWidget *child;
  guint n_errors = 0;
  guint n_warnings = 0;
  guint n_checks = self->checks != NULL ? self->checks->len : 0;

  self->highlight = NULL;
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = g_ptr_array_new ();

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->checks_list))) != NULL)
    gtk_list_box_remove (self->checks_list, child);

  for (guint i = 0; i < n_checks; i++)
    {
      WnPrismaCheck *check = g_ptr_array_index (self->checks, i);

      if (check->status == WN_PRISMA_CHECK_OK)
        continue;
      g_ptr_array_add (self->problems, check);
      if (check->status == WN_PRISMA_CHECK_ERROR)
        n_errors++;
      else
        n_warnings++;
    }
  g_ptr_array_sort (self->problems, compare_status);

  for (guint i = 0; i < self->problems->len; i++)
    {
      WnPrismaCheck *check = g_ptr_array_index (self->problems, i);
      GtkWidget *row = check_row_new (check);

      g_object_set_data (G_OBJECT (row), "check", check);
      gtk_list_box_append (self->checks_list, row);
      if (highlight_id != NULL && g_strcmp0 (check->id, highlight_id) == 0)
        gtk_list_box_select_row (self->checks_list, GTK_LIST_BOX_ROW (row));
    }

  if (self->problems->len > 0)
    {
      g_autofree char *errors = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", n_errors),
                                                 n_errors);
      g_autofree char *warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", n_warnings),
                                                   n_warnings);
      g_autofree char *title = NULL;
      g_autofree char *status = NULL;

      if (n_errors > 0 && n_warnings > 0)
        /* Translators: "1 error and 2 warnings in the numbers: …". */
        title = g_strdup_printf (_("%s and %s in the numbers: select one to outline its boxes"), errors, warnings);
      else
        /* Translators: "2 warnings in the numbers: …". */
        title = g_strdup_printf (_("%s in the numbers: select one to outline its boxes"),
                                 n_errors > 0 ? errors : warnings);
      gtk_label_set_text (self->checks_title, title);

      if (n_errors > 0)
        {
          /* Translators: the toolbar's summary, "The numbers do not add up: 1 error". */
          status = g_strdup_printf (_("The numbers do not add up: %s"), errors);
          set_status_icon (self, "dialog-error-symbolic", "error");
        }
      else
        {
          /* Translators: the toolbar's summary, "The numbers need a word of explanation: 2 warnings". */
          status = g_strdup_printf (_("The numbers need a word of explanation: %s"), warnings);
          set_status_icon (self, "dialog-warning-symbolic", "warning");
        }
      gtk_label_set_text (self->status_label, status);
    }
  else if (self->flow != NULL)
    {
      g_autofree char *status = NULL;

      /* Translators: the toolbar's summary when every check holds. */
      status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The numbers add up: %u check holds",
                                             "The numbers add up: all %u checks hold", n_checks),
                                n_checks);
      gtk_label_set_text (self->status_label, status);
      set_status_icon (self, "emblem-ok-symbolic", "wn-ok");
    }
  else
    {
      gtk_label_set_text (self->status_label, "");
      set_status_icon (self, NULL, NULL);
    }

  gtk_revealer_set_reveal_child (self->checks_revealer, self->problems->len > 0);
}

static void
wn_prisma_view_check_selected_cb (WnPrismaView  *self,
                                  GtkListBoxRow *row,
                                  GtkListBox    *list)
{
  g_assert (WN_IS_PRISMA_VIEW (self));

  self->highlight = row != NULL ? g_object_get_data (G_OBJECT (row), "check") : NULL;
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
  /* Its boxes come into view (the selection stays where it is). */
  if (self->highlight != NULL && self->highlight->boxes != NULL)
    queue_scroll_to_boxes (self, (const char *const *) self->highlight->boxes);
  state_changed (self);
}

/* ------------------------------------------------------------------------ */
/* Deriving the flow                                                         */

typedef struct
{
  WnPrismaFlow   *flow;
  GPtrArray      *checks;
  WnPrismaLayout *layout;
} Snapshot;

static void
snapshot_free (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->flow, wn_prisma_flow_free);
  g_clear_pointer (&snapshot->checks, g_ptr_array_unref);
  g_clear_pointer (&snapshot->layout, wn_prisma_layout_free);
  g_free (snapshot);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  WnProject *project = g_object_get_data (G_OBJECT (task), "project");
  Snapshot *snapshot = task_data;
  GError *error = NULL;

  snapshot->flow = wn_project_prisma_flow (project, &error);
  if (snapshot->flow == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  snapshot->checks = wn_prisma_flow_check (snapshot->flow);
  /* Pango measures every text here, off the main thread too. */
  snapshot->layout = wn_prisma_layout_new (snapshot->flow);

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_boolean (task, TRUE);
}

static void
update_page (WnPrismaView *self)
{
  const char *page;

  if (self->error_message != NULL && self->layout == NULL)
    page = "error";
  else if (self->layout == NULL)
    page = "loading";
  else
    page = "diagram";

  /* Only while shown: a spinning spinner's animation runs the window's
   * frame clock (a frame every 16 ms) even on a page nobody sees, and this
   * page stays "loading" until it is first shown. */
  gtk_spinner_set_spinning (self->loading_spinner,
                            g_str_equal (page, "loading") && gtk_widget_get_mapped (GTK_WIDGET (self)));
  gtk_stack_set_visible_child_name (self->stack, page);

  /* A reload over a diagram shown keeps it up, with a spinner. */
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), self->loading && self->layout != NULL);
  if (self->loading && self->layout != NULL)
    gtk_spinner_start (self->busy_spinner);
  else
    gtk_spinner_stop (self->busy_spinner);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prisma.export", self->project != NULL && self->flow != NULL);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(WnPrismaView) self = user_data;
  Snapshot *snapshot = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *highlight_id = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->disposed)
    return;

  g_clear_object (&self->cancellable);
  self->loading = FALSE;
  self->loaded = TRUE;

  if (error != NULL)
    {
      g_free (self->error_message);
      self->error_message = g_strdup (error->message);
      gtk_label_set_text (self->error_label, error->message);
      /* Over a diagram already shown, it stays, and the toolbar says it
       * is not up to date. */
      if (self->layout != NULL)
        {
          /* Translators: %s is why the flow could not be counted again. */
          g_autofree char *text = g_strdup_printf (_("Not up to date: %s"), error->message);

          gtk_label_set_text (self->status_label, text);
          set_status_icon (self, "dialog-error-symbolic", "error");
        }
      update_page (self);
      state_changed (self);
      return;
    }

  g_clear_pointer (&self->error_message, g_free);
  highlight_id = self->highlight != NULL ? g_strdup (self->highlight->id) : NULL;
  self->highlight = NULL;

  g_clear_pointer (&self->flow, wn_prisma_flow_free);
  self->flow = g_steal_pointer (&snapshot->flow);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  self->checks = g_steal_pointer (&snapshot->checks);
  g_clear_pointer (&self->order, g_ptr_array_unref);
  g_clear_pointer (&self->layout, wn_prisma_layout_free);
  self->layout = g_steal_pointer (&snapshot->layout);
  build_order (self);

  /* Titles may have changed with the records. */
  g_clear_pointer (&self->all_items, g_ptr_array_unref);

  rebuild_checks (self, highlight_id);
  wn_prisma_canvas_set_size (self->canvas, self->layout->width, self->layout->height);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));

  /* The selection and the box opened stay where they still exist. */
  if (self->selected != NULL && find_box (self, self->selected) == NULL)
    g_clear_pointer (&self->selected, g_free);
  update_canvas_description (self);
  if (self->drill_box != NULL)
    {
      if (find_box (self, self->drill_box) == NULL)
        close_drill (self);
      else
        {
          fill_lines (self);
          wn_prisma_view_load_drill (self);
        }
    }

  update_page (self);
  state_changed (self);
}

static void
wn_prisma_view_load (WnPrismaView *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->loading = FALSE;

  if (self->project == NULL)
    return;

  /* Derived while shown only. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      update_page (self);
      return;
    }
  self->stale = FALSE;

  self->loading = TRUE;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, wn_prisma_view_load);
  g_task_set_task_data (task, g_new0 (Snapshot, 1), (GDestroyNotify) snapshot_free);
  g_object_set_data_full (G_OBJECT (task), "project", g_object_ref (self->project), g_object_unref);
  g_task_run_in_thread (task, load_thread);
  update_page (self);
  state_changed (self);
}

/* ------------------------------------------------------------------------ */
/* Exports                                                                   */

typedef struct
{
  const char *kind;       /* the action's target */
  const char *suffix;
  const char *filter;     /* the file chooser's filter name */
  const char *title;      /* the file chooser's title */
  const char *name;       /* the suggested name, after the project's */
  double      dpi;        /* PNG only */
  int         format;     /* WnPrismaFormat, or -1 for the counts */
} ExportKind;

static const ExportKind export_kinds[] = {
  { "svg", ".svg", N_("SVG Images"), N_("Export the Diagram as SVG"), N_("PRISMA 2020 flow diagram"), 0, WN_PRISMA_FORMAT_SVG },
  { "pdf", ".pdf", N_("PDF Documents"), N_("Export the Diagram as PDF"), N_("PRISMA 2020 flow diagram"), 0, WN_PRISMA_FORMAT_PDF },
  { "png-300", ".png", N_("PNG Images"), N_("Export the Diagram as PNG, 300 dpi"), N_("PRISMA 2020 flow diagram, 300 dpi"), 300, WN_PRISMA_FORMAT_PNG },
  { "png-600", ".png", N_("PNG Images"), N_("Export the Diagram as PNG, 600 dpi"), N_("PRISMA 2020 flow diagram, 600 dpi"), 600, WN_PRISMA_FORMAT_PNG },
  { "csv", ".csv", N_("CSV Files"), N_("Export the Counts for the PRISMA2020 App"), N_("PRISMA 2020 counts"), 0, -1 },
  { "json", ".json", N_("JSON Files"), N_("Export the Counts as JSON"), N_("PRISMA 2020 counts"), 0, -1 },
};

static const ExportKind *
find_export_kind (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (export_kinds); i++)
    if (g_strcmp0 (export_kinds[i].kind, kind) == 0)
      return &export_kinds[i];

  return NULL;
}

typedef struct
{
  const ExportKind *kind;
  char             *path;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->path);
  g_free (job);
}

/* In the job's thread: the flow afresh, so the file has what the project
 * holds now, then the file, written whole or not at all. */
static gboolean
export_job (WnProject  *project,
            gpointer    data,
            gpointer   *result,
            GError    **error)
{
  ExportJob *job = data;
  g_autoptr(WnPrismaFlow) flow = NULL;
  g_autofree char *text = NULL;

  flow = wn_project_prisma_flow (project, error);
  if (flow == NULL)
    return FALSE;

  if (job->kind->format >= 0)
    return wn_prisma_render_file (flow, (WnPrismaFormat) job->kind->format, job->kind->dpi, job->path, error);

  if (g_str_equal (job->kind->kind, "csv"))
    text = wn_prisma_flow_to_csv (flow);
  else
    text = wn_prisma_flow_to_json (flow);

  return g_file_set_contents (job->path, text, -1, error);
}

static gboolean
hide_saved_cb (gpointer user_data)
{
  WnPrismaView *self = user_data;

  self->saved_source = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->saved_label), FALSE);
  return G_SOURCE_REMOVE;
}

/* Who hears of a finished export, and of which file. */
typedef struct
{
  WnPrismaView *view;
  char         *path;
} ExportDone;

static void
export_done_free (ExportDone *done)
{
  g_object_unref (done->view);
  g_free (done->path);
  g_free (done);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportDone, export_done_free)

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ExportDone) done = user_data;
  WnPrismaView *self = done->view;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (done->path);

  self->exporting--;

  if (!wn_project_job_finish (result, NULL, &error))
    {
      /* Translators: %s is a file name. */
      g_autofree char *primary = g_strdup_printf (_("Cannot Export to “%s”"), name);

      g_free (self->export_error);
      self->export_error = g_strdup (error->message);
      if (!self->disposed)
        {
          wn_show_error (GTK_WIDGET (self), primary, error->message);
          state_changed (self);
        }
      return;
    }

  g_clear_pointer (&self->export_error, g_free);
  g_free (self->exported_path);
  self->exported_path = g_strdup (done->path);
  if (!self->disposed)
    {
      /* Translators: after an export, "Saved “review – PRISMA 2020 flow diagram.svg”". */
      g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);

      gtk_label_set_text (self->saved_label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->saved_label), done->path);
      gtk_widget_set_visible (GTK_WIDGET (self->saved_label), TRUE);
      g_clear_handle_id (&self->saved_source, g_source_remove);
      self->saved_source = g_timeout_add_seconds (8, hide_saved_cb, self);
      state_changed (self);
    }
}

static void
start_export (WnPrismaView     *self,
              const ExportKind *kind,
              const char       *path)
{
  ExportJob *job;
  ExportDone *done;

  job = g_new0 (ExportJob, 1);
  job->kind = kind;
  job->path = g_strdup (path);
  done = g_new0 (ExportDone, 1);
  done->view = g_object_ref (self);
  done->path = g_strdup (path);

  self->exporting++;
  g_clear_pointer (&self->export_error, g_free);
  state_changed (self);

  wn_project_job_run (self->project, export_job, job, (GDestroyNotify) export_job_free, NULL, NULL,
                      exported_cb, done);
}

static void
export_chooser_response_cb (WnPrismaView         *self,
                            int                   response,
                            GtkFileChooserNative *chooser)
{
  const ExportKind *kind = g_object_get_data (G_OBJECT (chooser), "kind");
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (self->chooser == GTK_NATIVE_DIALOG (chooser))
    g_clear_object (&self->chooser);

  if (file == NULL || self->project == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      wn_show_error (GTK_WIDGET (self), _("Cannot Export Here"), _("Choose a folder on this computer."));
      return;
    }
  if (!g_str_has_suffix (path, kind->suffix))
    {
      char *with_suffix = g_strconcat (path, kind->suffix, NULL);

      g_free (path);
      path = with_suffix;
    }

  start_export (self, kind, path);
}

static char *
project_display_name (WnPrismaView *self)
{
  g_autofree char *base = g_path_get_basename (wn_project_get_path (self->project));

  if (g_str_has_suffix (base, ".winnow") && strlen (base) > strlen (".winnow"))
    base[strlen (base) - strlen (".winnow")] = '\0';

  return g_steal_pointer (&base);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WnPrismaView *self = WN_PRISMA_VIEW (widget);
  const ExportKind *kind = find_export_kind (g_variant_get_string (parameter, NULL));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autoptr(GtkFileFilter) all = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *project = NULL;
  g_autofree char *suggested = NULL;

  if (kind == NULL || self->project == NULL)
    return;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }

  chooser = gtk_file_chooser_native_new (_(kind->title), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _(kind->filter));
  gtk_file_filter_add_suffix (filter, kind->suffix + 1);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), filter);

  /* Beside the project, named after it. */
  dir = g_path_get_dirname (wn_project_get_path (self->project));
  folder = g_file_new_for_path (dir);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  project = project_display_name (self);
  /* Translators: a suggested file name: "<project> – PRISMA 2020 flow diagram.svg". */
  suggested = g_strdup_printf (_("%s – %s%s"), project, _(kind->name), kind->suffix);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);

  g_object_set_data (G_OBJECT (chooser), "kind", (gpointer) kind);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  gtk_native_dialog_show (self->chooser);
}

/* ------------------------------------------------------------------------ */
/* The widget                                                                */

static gboolean
wn_prisma_view_grab_focus (GtkWidget *widget)
{
  WnPrismaView *self = WN_PRISMA_VIEW (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
wn_prisma_view_map (GtkWidget *widget)
{
  WnPrismaView *self = WN_PRISMA_VIEW (widget);

  GTK_WIDGET_CLASS (wn_prisma_view_parent_class)->map (widget);

  /* Every showing counts again: changes made elsewhere show at once. */
  if (self->project != NULL)
    wn_prisma_view_load (self);
}

static void
wn_prisma_view_dispose (GObject *object)
{
  WnPrismaView *self = WN_PRISMA_VIEW (object);
  GtkWidget *child;

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->drill_cancellable);
  g_clear_object (&self->drill_cancellable);
  g_clear_handle_id (&self->saved_source, g_source_remove);
  g_clear_handle_id (&self->scroll_source, g_source_remove);
  g_clear_pointer (&self->scroll_boxes, g_strfreev);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }

  /* The list boxes' rows point into the checks: empty them first. */
  self->highlight = NULL;
  if (self->checks_list != NULL)
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->checks_list))) != NULL)
      gtk_list_box_remove (self->checks_list, child);

  gtk_widget_dispose_template (GTK_WIDGET (self), WN_TYPE_PRISMA_VIEW);
  /* The template's top box has no name, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->project);
  g_clear_object (&self->drill_store);
  g_clear_pointer (&self->all_items, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->order, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->layout, wn_prisma_layout_free);
  g_clear_pointer (&self->flow, wn_prisma_flow_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->selected, g_free);
  g_clear_pointer (&self->drill_box, g_free);
  g_clear_pointer (&self->drill_name, g_free);
  g_clear_pointer (&self->exported_path, g_free);
  g_clear_pointer (&self->export_error, g_free);

  G_OBJECT_CLASS (wn_prisma_view_parent_class)->dispose (object);
}

static void
wn_prisma_view_class_init (WnPrismaViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wn_prisma_view_dispose;
  widget_class->map = wn_prisma_view_map;
  widget_class->grab_focus = wn_prisma_view_grab_focus;

  /* Something the test hook reports changed. */
  signals[STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A record of the list was activated: show it in the Records page. */
  signals[SHOW_RECORD] =
    g_signal_new ("show-record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (WN_TYPE_PRISMA_CANVAS);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wnprismaview");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/winnow/Winnow/wn-prisma-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, status_icon);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, status_label);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, saved_label);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, checks_revealer);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, checks_title);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, checks_list);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, stack);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, error_label);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, scroller);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, canvas);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, side_separator);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, side_panel);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, side_title);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, side_count);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, lines_scroller);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, lines_list);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, side_stack);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, side_spinner);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, records_view);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, records_selection);
  gtk_widget_class_bind_template_child (widget_class, WnPrismaView, side_empty_label);
  gtk_widget_class_bind_template_callback (widget_class, wn_prisma_view_check_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_prisma_view_line_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_prisma_view_record_activate_cb);

  gtk_widget_class_install_action (widget_class, "prisma.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "prisma.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "prisma.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "prisma.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "prisma.close-records", NULL, close_records_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "prisma.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "prisma.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "prisma.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "prisma.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "prisma.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "prisma.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "prisma.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "prisma.zoom-fit", NULL);
}

static void
wn_prisma_view_init (WnPrismaView *self)
{
  GtkEventController *controller;
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Tab leaves the lists; the arrows move within them. */
  wn_list_tab_leaves (GTK_WIDGET (self->checks_list));
  wn_list_tab_leaves (GTK_WIDGET (self->lines_list));
  wn_list_tab_leaves (GTK_WIDGET (self->records_view));

  self->drill_store = g_list_store_new (WN_TYPE_RECORD_ITEM);
  gtk_single_selection_set_model (self->records_selection, G_LIST_MODEL (self->drill_store));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (record_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (record_bind_cb), NULL);
  gtk_list_view_set_factory (self->records_view, factory);
  g_object_unref (factory);

  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->canvas), wn_prisma_view_draw, self, NULL);
  g_signal_connect_object (self->records_selection, "notify::selected", G_CALLBACK (state_changed),
                           self, G_CONNECT_SWAPPED);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  g_signal_connect_object (controller, "pressed", G_CALLBACK (canvas_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "motion", G_CALLBACK (canvas_motion_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (canvas_scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (canvas_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_object (controller, "enter", G_CALLBACK (canvas_focus_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (canvas_focus_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), controller);

  g_signal_connect_object (self->canvas, "query-tooltip", G_CALLBACK (canvas_query_tooltip_cb),
                           self, G_CONNECT_SWAPPED);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (side_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->side_panel, controller);

  /* Where the keyboard is, for the test hook. */
  controller = gtk_event_controller_focus_new ();
  g_signal_connect_object (controller, "enter", G_CALLBACK (state_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (state_changed), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->side_panel, controller);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prisma.close-records", FALSE);
  update_zoom_label (self);
  rebuild_checks (self, NULL);
  update_page (self);
}

GtkWidget *
wn_prisma_view_new (void)
{
  return g_object_new (WN_TYPE_PRISMA_VIEW, NULL);
}

void
wn_prisma_view_set_project (WnPrismaView *self,
                            WnProject    *project)
{
  g_return_if_fail (WN_IS_PRISMA_VIEW (self));
  g_return_if_fail (project == NULL || WN_IS_PROJECT (project));

  if (self->project == project)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  close_drill (self);
  g_set_object (&self->project, project);
  self->loaded = FALSE;
  self->loading = FALSE;
  self->highlight = NULL;
  g_clear_pointer (&self->selected, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->all_items, g_ptr_array_unref);
  g_clear_pointer (&self->order, g_ptr_array_unref);
  g_clear_pointer (&self->layout, wn_prisma_layout_free);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->flow, wn_prisma_flow_free);
  g_clear_pointer (&self->exported_path, g_free);
  g_clear_pointer (&self->export_error, g_free);
  rebuild_checks (self, NULL);
  wn_prisma_canvas_set_size (self->canvas, 0, 0);
  wn_prisma_canvas_set_zoom (self->canvas, TRUE, 1.0);
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  update_zoom_label (self);
  update_page (self);

  if (project != NULL)
    wn_prisma_view_load (self);
  state_changed (self);
}

void
wn_prisma_view_reload (WnPrismaView *self)
{
  g_return_if_fail (WN_IS_PRISMA_VIEW (self));

  wn_prisma_view_load (self);
}

static void
describe_list (WnTestStateFunc  func,
               gpointer         user_data,
               const char      *key,
               const GPtrArray *list)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      WnPrismaCount *count = g_ptr_array_index (list, i);

      if (i > 0)
        g_string_append_c (text, ';');
      g_string_append_printf (text, "%s=%" G_GINT64_FORMAT, count->name, count->n);
    }
  func (key, text->str, user_data);
}

void
wn_prisma_view_describe (WnPrismaView    *self,
                         WnTestStateFunc  func,
                         gpointer         user_data)
{
  const WnPrismaFlow *f;
  g_autoptr(GString) boxes = g_string_new (NULL);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GString) highlight = g_string_new (NULL);
  g_autofree char *n_boxes = NULL;
  g_autofree char *n_problems = NULL;
  g_autofree char *n_errors = NULL;
  g_autofree char *selected_n = NULL;
  g_autofree char *drill_records = NULL;
  g_autofree char *scale = NULL;
  g_autofree char *exporting = NULL;
  guint errors = 0;
  gint64 n;
  GtkWidget *focus;
  WnRecordItem *item;
  g_autofree char *drill_selected = NULL;

  g_return_if_fail (WN_IS_PRISMA_VIEW (self));

  f = self->flow;

  func ("prisma_loaded", self->loaded && !self->loading && self->flow != NULL ? "1" : "0", user_data);
  func ("prisma_busy", self->loading ? "1" : "0", user_data);
  func ("prisma_page", gtk_stack_get_visible_child_name (self->stack), user_data);
  func ("prisma_error", self->error_message, user_data);

  /* The counts shown, by the package's data names. */
  if (f != NULL)
    {
      struct { const char *key; gint64 value; } counts[] = {
        { "prisma_previous_studies", f->previous_studies },
        { "prisma_previous_reports", f->previous_reports },
        { "prisma_database_results", f->database_results },
        { "prisma_register_results", f->register_results },
        { "prisma_website_results", f->website_results },
        { "prisma_organisation_results", f->organisation_results },
        { "prisma_citations_results", f->citations_results },
        { "prisma_duplicates", f->duplicates },
        { "prisma_excluded_automatic", f->excluded_automatic },
        { "prisma_excluded_other", f->excluded_other },
        { "prisma_records_screened", f->records_screened },
        { "prisma_records_excluded", f->records_excluded },
        { "prisma_dbr_sought_reports", f->dbr_sought_reports },
        { "prisma_dbr_notretrieved_reports", f->dbr_notretrieved_reports },
        { "prisma_dbr_assessed", f->dbr_assessed },
        { "prisma_other_sought_reports", f->other_sought_reports },
        { "prisma_other_notretrieved_reports", f->other_notretrieved_reports },
        { "prisma_other_assessed", f->other_assessed },
        { "prisma_new_studies", f->new_studies },
        { "prisma_new_reports", f->new_reports },
        { "prisma_total_studies", f->total_studies },
        { "prisma_total_reports", f->total_reports },
        { "prisma_total_studies_ma", f->total_studies_ma },
        { "prisma_total_reports_ma", f->total_reports_ma },
      };

      for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
        {
          g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, counts[i].value);

          func (counts[i].key, value, user_data);
        }
      describe_list (func, user_data, "prisma_database_specific_results", f->database_specific_results);
      describe_list (func, user_data, "prisma_register_specific_results", f->register_specific_results);
      describe_list (func, user_data, "prisma_dbr_excluded", f->dbr_excluded);
      describe_list (func, user_data, "prisma_other_excluded", f->other_excluded);
      func ("prisma_other", f->other ? "1" : "0", user_data);
      func ("prisma_previous", f->previous ? "1" : "0", user_data);
    }

  for (guint i = 0; self->order != NULL && i < self->order->len; i++)
    {
      const WnPrismaBox *box = g_ptr_array_index (self->order, i);

      if (i > 0)
        g_string_append_c (boxes, ',');
      g_string_append (boxes, box->box);
    }
  n_boxes = g_strdup_printf ("%u", self->order != NULL ? self->order->len : 0);
  func ("prisma_boxes", n_boxes, user_data);
  func ("prisma_box_order", boxes->str, user_data);

  for (guint i = 0; self->problems != NULL && i < self->problems->len; i++)
    {
      const WnPrismaCheck *check = g_ptr_array_index (self->problems, i);

      if (check->status == WN_PRISMA_CHECK_ERROR)
        errors++;
      if (i > 0)
        g_string_append_c (problems, ',');
      g_string_append_printf (problems, "%s:%s", check->id, wn_prisma_check_status_to_string (check->status));
    }
  n_problems = g_strdup_printf ("%u", self->problems != NULL ? self->problems->len : 0);
  n_errors = g_strdup_printf ("%u", errors);
  func ("prisma_warnings", n_problems, user_data);
  func ("prisma_errors", n_errors, user_data);
  func ("prisma_warning_ids", problems->str, user_data);
  func ("prisma_status", gtk_label_get_text (self->status_label), user_data);

  for (guint i = 0; self->highlight != NULL && self->highlight->boxes != NULL && self->highlight->boxes[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (highlight, ',');
      g_string_append (highlight, self->highlight->boxes[i]);
    }
  func ("prisma_highlight_check", self->highlight != NULL ? self->highlight->id : NULL, user_data);
  func ("prisma_highlight", highlight->str, user_data);

  func ("prisma_selected_box", self->selected, user_data);
  if (self->flow != NULL && box_count (self->flow, self->selected, &n))
    selected_n = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  func ("prisma_selected_n", selected_n, user_data);
  focus = gtk_widget_get_root (GTK_WIDGET (self)) != NULL
          ? gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self))) : NULL;
  func ("prisma_focus", focus == GTK_WIDGET (self->canvas) ? "canvas"
                        : focus != NULL && gtk_widget_is_ancestor (focus, self->side_panel) ? "records" : "",
        user_data);

  drill_records = g_strdup_printf ("%u", g_list_model_get_n_items (G_LIST_MODEL (self->drill_store)));
  func ("prisma_drill_box", self->drill_box, user_data);
  func ("prisma_drill_name", self->drill_name, user_data);
  func ("prisma_drill_loaded", self->drill_box != NULL && !self->drill_loading ? "1" : "0", user_data);
  func ("prisma_drill_records", drill_records, user_data);
  item = gtk_single_selection_get_selected_item (self->records_selection);
  drill_selected = g_strdup_printf ("%" G_GINT64_FORMAT, item != NULL ? wn_record_item_get_id (item) : 0);
  func ("prisma_drill_selected", drill_selected, user_data);

  if (self->canvas->fit)
    scale = g_strdup_printf ("fit:%.2f", wn_prisma_canvas_get_scale (self->canvas, gtk_widget_get_width (GTK_WIDGET (self->canvas))));
  else
    scale = g_strdup_printf ("%.2f", self->canvas->zoom);
  func ("prisma_zoom", scale, user_data);

  exporting = g_strdup_printf ("%u", self->exporting);
  func ("prisma_exporting", exporting, user_data);
  func ("prisma_exported", self->exported_path, user_data);
  func ("prisma_export_error", self->export_error, user_data);
}
