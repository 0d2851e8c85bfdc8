/* wn-pdf-view.c — a PDF viewer: pages rendered off the main thread,
 * navigation, zoom, search, keyword highlighting, text selection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The document is parsed (poppler_document_new_from_bytes) in a GTask
 * thread, twice from the same bytes: poppler documents are not
 * thread-safe, so one is the main thread's (page sizes, search, selected
 * text) and the other the renderers' (behind a mutex, so renders run one
 * at a time whatever thread the pool hands them). Each page that comes
 * into view (and the next one) is rendered at the current scale into a
 * cairo image surface in a thread; until it arrives the page is a blank
 * sheet with its number, and after a zoom the old render is drawn scaled
 * until the new one arrives. Pages far from the view drop their renders.
 *
 * The renderer also finds the review's include and exclude terms
 * (wn-highlight.h) in the page's text (poppler_page_get_text) and turns
 * each match into rectangles from poppler_page_get_text_layout; they are
 * drawn green and red, as on the screening page, in a multiply blend so
 * the text stays legible (a highlighter pen). Coded segments
 * (wn_pdf_view_set_segments: character spans of the document's text) go
 * the same way, in their code's colour, translucent. Search matches
 * (poppler_page_find_text) are yellow, the current one orange; the text
 * selected by dragging (poppler_page_get_selected_region) is blue.
 *
 * Keyboard, on the pages: Page Up/Down, Home/End, Ctrl+C (copies the
 * selection); anywhere in the viewer: Ctrl+F (search; Enter and
 * Shift+Enter for the next and previous match, Escape closes), Ctrl+plus
 * and Ctrl+minus zoom, Ctrl+0 fits the width again (the default).
 *
 * The time from show_loading() (a record selected) to its first page
 * drawn is measured, for the 100 ms budget, and told to the test hook.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

#include "wn-pdf-view.h"

/* poppler-glib 22.12 defines no autoptr cleanup of its own. */
typedef PopplerPage WnPopplerPage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnPopplerPage, g_object_unref)

#define PAGE_MARGIN  16.0   /* px around the pages */
#define PAGE_GAP     12.0   /* px between pages */
#define SCALE_MIN    0.2
#define SCALE_MAX    5.0
#define KEEP_PAGES   3      /* renders kept this many pages beyond the view */

static const double zoom_steps[] = { 0.25, 0.33, 0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 5.0 };

/* ------------------------------------------------------------------------ */
/* The renderers' document                                                   */

typedef struct
{
  gatomicrefcount  ref;
  GMutex           lock;
  PopplerDocument *doc;
  gint64          *page_starts; /* each page's first character in the
                                 * document's text; NULL until needed */
} RenderDoc;

static RenderDoc *
render_doc_ref (RenderDoc *rd)
{
  g_atomic_ref_count_inc (&rd->ref);
  return rd;
}

static void
render_doc_unref (RenderDoc *rd)
{
  if (g_atomic_ref_count_dec (&rd->ref))
    {
      g_clear_object (&rd->doc);
      g_free (rd->page_starts);
      g_mutex_clear (&rd->lock);
      g_free (rd);
    }
}

typedef struct
{
  double          x1, y1, x2, y2;   /* points, origin top left */
  WnHighlightKind kind;
  gboolean        segment;          /* a coded segment, in colour */
  GdkRGBA         colour;
} Mark;

typedef struct
{
  GdkTexture   *texture;
  double        scale;      /* what the texture was rendered at (points → px) */
  GArray       *marks;      /* of Mark, keyword highlights, then segments */
  guint         n_include;
  guint         n_exclude;
  guint         n_segments;
  GCancellable *pending;    /* the render running, NULL when none */
} PageCache;

typedef struct
{
  RenderDoc     *rd;
  int            index;
  double         scale;     /* points → device pixels */
  WnHighlighter *highlighter;
  GArray        *segments;  /* of WnPdfSegment, NULL for none */
  guint          serial;
} RenderJob;

typedef struct
{
  GdkTexture *texture;
  GArray     *marks;
  guint       n_include;
  guint       n_exclude;
  guint       n_segments;
} RenderResult;

static void
render_job_free (RenderJob *job)
{
  g_clear_pointer (&job->rd, render_doc_unref);
  g_clear_pointer (&job->highlighter, wn_highlighter_unref);
  g_clear_pointer (&job->segments, g_array_unref);
  g_free (job);
}

static void
render_result_free (RenderResult *result)
{
  g_clear_object (&result->texture);
  g_clear_pointer (&result->marks, g_array_unref);
  g_free (result);
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  int    page;     /* 0-based */
  double x1, y1, x2, y2;
} Match;

struct _WnPdfView
{
  GtkWidget          parent_instance;

  GtkWidget         *toolbar;
  GtkWidget         *prev_button;
  GtkWidget         *next_button;
  GtkEntry          *page_entry;
  GtkLabel          *n_pages_label;
  GtkWidget         *zoom_out_button;
  GtkWidget         *zoom_in_button;
  GtkWidget         *fit_button;
  GtkLabel          *zoom_label;
  GtkToggleButton   *search_button;
  GtkSearchBar      *search_bar;
  GtkSearchEntry    *search_entry;
  GtkLabel          *search_label;
  GtkStack          *stack;
  GtkLabel          *error_label;
  GtkScrolledWindow *scroller;
  GtkWidget         *canvas;

  GBytes            *bytes;
  char              *name;
  PopplerDocument   *doc;       /* the main thread's */
  RenderDoc         *rd;
  int                n_pages;
  double            *widths;    /* points */
  double            *heights;
  double            *tops;      /* px from the canvas top, at scale */
  double             max_width;
  PageCache         *cache;
  guint              serial;    /* bumped for each document */
  GCancellable      *open_cancellable;

  gboolean           fit;
  double             scale;     /* points → px, the fit one when fit */
  double             laid_out_scale;
  int                nav_page;  /* the page navigated to, -1 when scrolled */
  gboolean           restoring;
  int                restore_page;
  double             restore_frac;
  gboolean           restore_pending;

  WnHighlighter     *highlighter;
  GArray            *segments;  /* of WnPdfSegment, NULL for none */

  GArray            *matches;   /* of Match */
  int                match;     /* current, -1 none */
  int                search_origin; /* the page (0-based) the search started on, -1 */
  char              *search_text;

  int                sel_page;  /* -1 none */
  double             sel_x0, sel_y0, sel_x1, sel_y1;
  cairo_region_t    *sel_region;

  guint              controls_idle;
  gint64             t0;        /* when the clock started, 0 when not running */
  double             first_page_ms;
  char              *error;
};

G_DEFINE_FINAL_TYPE (WnPdfView, wn_pdf_view, GTK_TYPE_WIDGET)

enum { SIGNAL_STATE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
state_changed (WnPdfView *self)
{
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0);
}

/* ------------------------------------------------------------------------ */
/* WnPdfCanvas: the pages, one below the other                               */

#define WN_TYPE_PDF_CANVAS (wn_pdf_canvas_get_type ())
G_DECLARE_FINAL_TYPE (WnPdfCanvas, wn_pdf_canvas, WN, PDF_CANVAS, GtkWidget)

struct _WnPdfCanvas
{
  GtkWidget  parent_instance;
  WnPdfView *view;
};

G_DEFINE_FINAL_TYPE (WnPdfCanvas, wn_pdf_canvas, GTK_TYPE_WIDGET)

static double
fit_scale (WnPdfView *self,
           double     width)
{
  if (self->max_width <= 0)
    return 1.0;
  return CLAMP ((width - 2 * PAGE_MARGIN) / self->max_width, SCALE_MIN, SCALE_MAX);
}

static double
total_height (WnPdfView *self,
              double     scale)
{
  double h = 2 * PAGE_MARGIN;

  for (int i = 0; i < self->n_pages; i++)
    h += self->heights[i] * scale + (i > 0 ? PAGE_GAP : 0);
  return h;
}

static void
wn_pdf_canvas_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  WnPdfView *self = WN_PDF_CANVAS (widget)->view;

  if (self == NULL || self->n_pages == 0)
    {
      *minimum = *natural = 0;
      return;
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      if (self->fit)
        {
          *minimum = 64;
          *natural = (int) ceil (self->max_width + 2 * PAGE_MARGIN);
        }
      else
        *minimum = *natural = (int) ceil (self->max_width * self->scale + 2 * PAGE_MARGIN);
    }
  else
    {
      double scale = self->scale;

      if (self->fit && for_size > 0)
        scale = fit_scale (self, for_size);
      *minimum = *natural = (int) ceil (total_height (self, scale));
    }
}

static GtkSizeRequestMode
wn_pdf_canvas_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static double
page_left (WnPdfView *self,
           int        index,
           double     width)
{
  return floor (MAX (PAGE_MARGIN, (width - self->widths[index] * self->scale) / 2));
}

static void relayout (WnPdfView *self);
static void restore_position (WnPdfView *self);
static gboolean controls_idle_cb (gpointer data);

static void
wn_pdf_canvas_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  WnPdfView *self = WN_PDF_CANVAS (widget)->view;

  if (self == NULL || self->n_pages == 0)
    return;

  if (self->fit)
    {
      double scale = fit_scale (self, width);

      if (fabs (scale - self->scale) > 1e-4)
        {
          self->scale = scale;
          /* Not while allocating: the toolbar's labels, after. */
          if (self->controls_idle == 0)
            self->controls_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, controls_idle_cb, self, NULL);
        }
    }
  relayout (self);
  restore_position (self);
}

static void request_render (WnPdfView *self, int index);
static void drop_far_renders (WnPdfView *self, int first, int last);

static void
visible_range (WnPdfView *self,
               double    *top,
               double    *bottom)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scroller);

  *top = gtk_adjustment_get_value (vadj);
  *bottom = *top + MAX (gtk_adjustment_get_page_size (vadj), 1.0);
}

static void
append_rect (GtkSnapshot   *snapshot,
             const GdkRGBA *colour,
             double         left,
             double         top,
             double         scale,
             double         x1,
             double         y1,
             double         x2,
             double         y2)
{
  graphene_rect_t r;

  graphene_rect_init (&r, left + x1 * scale, top + y1 * scale,
                      MAX ((x2 - x1) * scale, 1), MAX ((y2 - y1) * scale, 1));
  gtk_snapshot_append_color (snapshot, colour, &r);
}

static void
wn_pdf_canvas_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  WnPdfView *self = WN_PDF_CANVAS (widget)->view;
  double width = gtk_widget_get_width (widget);
  double vtop, vbottom;
  int first = -1, last = -1;
  gboolean dark;
  GdkRGBA text_colour;
  GdkRGBA sheet, border, number, include, exclude, found, current, selection;

  if (self == NULL || self->n_pages == 0 || self->tops == NULL)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &text_colour);
  dark = (0.2126 * text_colour.red + 0.7152 * text_colour.green + 0.0722 * text_colour.blue) > 0.5;
  gdk_rgba_parse (&sheet, "#ffffff");
  gdk_rgba_parse (&border, dark ? "rgba(0,0,0,0.6)" : "rgba(0,0,0,0.18)");
  gdk_rgba_parse (&number, "#c0bfbc");
  gdk_rgba_parse (&include, "#a9ecbb");
  gdk_rgba_parse (&exclude, "#ffbcbc");
  gdk_rgba_parse (&found, "#ffe36e");
  gdk_rgba_parse (&current, "#ffa348");
  gdk_rgba_parse (&selection, "#a6c8ff");

  visible_range (self, &vtop, &vbottom);

  for (int i = 0; i < self->n_pages; i++)
    {
      double top = self->tops[i];
      double h = self->heights[i] * self->scale;
      double w = self->widths[i] * self->scale;
      double left = page_left (self, i, width);
      PageCache *pc = &self->cache[i];
      graphene_rect_t bounds;

      if (top + h < vtop || top > vbottom)
        continue;
      if (first < 0)
        first = i;
      last = i;

      graphene_rect_init (&bounds, left - 1, top - 1, w + 2, h + 2);
      gtk_snapshot_append_color (snapshot, &border, &bounds);
      graphene_rect_init (&bounds, left, top, w, h);

      if (pc->texture == NULL)
        {
          /* Not yet rendered: a blank sheet with its number. */
          PangoLayout *layout;
          g_autofree char *text = g_strdup_printf ("%d", i + 1);
          int lw, lh;

          gtk_snapshot_append_color (snapshot, &sheet, &bounds);
          layout = gtk_widget_create_pango_layout (widget, text);
          pango_layout_get_pixel_size (layout, &lw, &lh);
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (left + (w - lw) / 2,
                                                                   top + MIN (h / 2, 200) - lh / 2));
          gtk_snapshot_append_layout (snapshot, layout, &number);
          gtk_snapshot_restore (snapshot);
          g_object_unref (layout);
          request_render (self, i);
          continue;
        }

      if (fabs (pc->texture != NULL ? pc->scale - self->scale * gtk_widget_get_scale_factor (widget) : 1) > 1e-3)
        request_render (self, i);

      /* Marks under the ink: the page multiplied over them. */
      gtk_snapshot_push_blend (snapshot, GSK_BLEND_MODE_MULTIPLY);
      gtk_snapshot_append_texture (snapshot, pc->texture, &bounds);
      gtk_snapshot_pop (snapshot);

      gtk_snapshot_push_clip (snapshot, &bounds);
      gtk_snapshot_append_color (snapshot, &sheet, &bounds);
      if (pc->marks != NULL)
        for (guint m = 0; m < pc->marks->len; m++)
          {
            Mark *mark = &g_array_index (pc->marks, Mark, m);
            const GdkRGBA *colour = mark->kind == WN_HIGHLIGHT_INCLUDE ? &include : &exclude;
            GdkRGBA tint;

            if (mark->segment)
              {
                /* Translucent over the sheet: a lighter tint of the
                 * code's colour, the ink multiplied over it. */
                tint = mark->colour;
                tint.alpha = 0.4;
                colour = &tint;
              }
            append_rect (snapshot, colour, left, top, self->scale, mark->x1, mark->y1, mark->x2, mark->y2);
          }
      if (self->matches != NULL)
        for (guint m = 0; m < self->matches->len; m++)
          {
            Match *match = &g_array_index (self->matches, Match, m);

            if (match->page == i)
              append_rect (snapshot, (int) m == self->match ? &current : &found,
                           left, top, self->scale, match->x1, match->y1, match->x2, match->y2);
          }
      if (self->sel_page == i && self->sel_region != NULL)
        {
          int n = cairo_region_num_rectangles (self->sel_region);

          for (int r = 0; r < n; r++)
            {
              cairo_rectangle_int_t rect;

              cairo_region_get_rectangle (self->sel_region, r, &rect);
              append_rect (snapshot, &selection, left, top, self->scale,
                           rect.x, rect.y, rect.x + rect.width, rect.y + rect.height);
            }
        }
      gtk_snapshot_pop (snapshot);
      gtk_snapshot_pop (snapshot);

      if (self->first_page_ms < 0 && self->t0 != 0)
        {
          self->first_page_ms = (g_get_monotonic_time () - self->t0) / 1000.0;
          self->t0 = 0;
          state_changed (self);
        }
    }

  if (first >= 0)
    {
      /* The next page too, so paging down finds it ready. */
      if (last + 1 < self->n_pages && self->cache[last + 1].texture == NULL)
        request_render (self, last + 1);
      drop_far_renders (self, first, last);
    }
}

static void
wn_pdf_canvas_class_init (WnPdfCanvasClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = wn_pdf_canvas_measure;
  widget_class->get_request_mode = wn_pdf_canvas_get_request_mode;
  widget_class->size_allocate = wn_pdf_canvas_size_allocate;
  widget_class->snapshot = wn_pdf_canvas_snapshot;
  gtk_widget_class_set_css_name (widget_class, "wnpdfcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DOCUMENT);
}

static void
wn_pdf_canvas_init (WnPdfCanvas *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "text");
}

/* ------------------------------------------------------------------------ */
/* Rendering, in a thread                                                    */

static void
add_span_marks (GArray           *marks,
                PopplerRectangle *rects,
                guint             n_rects,
                guint             first,
                guint             last,
                WnHighlightKind   kind,
                const GdkRGBA    *colour)
{
  Mark mark = { 0 };
  gboolean open = FALSE;

  for (guint c = first; c < last && c < n_rects; c++)
    {
      PopplerRectangle *r = &rects[c];
      double x1 = MIN (r->x1, r->x2), x2 = MAX (r->x1, r->x2);
      double y1 = MIN (r->y1, r->y2), y2 = MAX (r->y1, r->y2);

      if (x2 - x1 <= 0 || y2 - y1 <= 0)
        continue;
      /* One rectangle per line: a character well below the open one
       * starts a new line. */
      if (open && y1 < mark.y2 - (mark.y2 - mark.y1) / 2 && x1 >= mark.x1 - 1)
        {
          mark.x2 = MAX (mark.x2, x2);
          mark.y1 = MIN (mark.y1, y1);
          mark.y2 = MAX (mark.y2, y2);
          continue;
        }
      if (open)
        g_array_append_val (marks, mark);
      mark = (Mark) { x1, y1, x2, y2, kind, colour != NULL, { 0 } };
      if (colour != NULL)
        mark.colour = *colour;
      open = TRUE;
    }
  if (open)
    g_array_append_val (marks, mark);
}

/* The include and exclude terms found in the page's text. */
static void
add_keyword_marks (WnHighlighter    *highlighter,
                   RenderResult     *result,
                   const char       *text,
                   PopplerRectangle *rects,
                   guint             n_rects)
{
  g_autoptr(GArray) spans = wn_highlighter_find (highlighter, text, -1);
  const char *p = text;
  glong offset = 0;

  for (guint s = 0; s < spans->len; s++)
    {
      WnHighlightSpan *span = &g_array_index (spans, WnHighlightSpan, s);
      glong start, end;

      /* Byte offsets to character offsets, walking forward. */
      offset += g_utf8_pointer_to_offset (p, text + span->start);
      p = text + span->start;
      start = offset;
      end = start + g_utf8_pointer_to_offset (p, text + span->end);
      add_span_marks (result->marks, rects, n_rects, start, end, span->kind, NULL);
      if (span->kind == WN_HIGHLIGHT_INCLUDE)
        result->n_include++;
      else
        result->n_exclude++;
    }
}

/* Where each page's text starts in the document's text (pages joined by
 * one form feed each, as wn_pdf_view_get_selection_offsets counts);
 * worked out once per document, with the renderers' lock held. */
static const gint64 *
page_starts (RenderDoc *rd)
{
  int n_pages;
  gint64 at = 0;

  if (rd->page_starts != NULL)
    return rd->page_starts;

  n_pages = poppler_document_get_n_pages (rd->doc);
  rd->page_starts = g_new0 (gint64, n_pages + 1);
  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr(WnPopplerPage) page = poppler_document_get_page (rd->doc, i);
      g_autofree char *text = page != NULL ? poppler_page_get_text (page) : NULL;

      rd->page_starts[i] = at;
      at += (text != NULL ? g_utf8_strlen (text, -1) : 0) + 1;
    }
  rd->page_starts[n_pages] = at;
  return rd->page_starts;
}

/* The coded segments that fall on the page, in their colours; a segment
 * over two pages is marked (and counted) on each. */
static void
add_segment_marks (RenderJob        *job,
                   RenderResult     *result,
                   PopplerRectangle *rects,
                   guint             n_rects)
{
  const gint64 *starts = page_starts (job->rd);
  gint64 page_start = starts[job->index];
  gint64 page_end = starts[job->index + 1] - 1;   /* without the form feed */

  for (guint s = 0; s < job->segments->len; s++)
    {
      const WnPdfSegment *segment = &g_array_index (job->segments, WnPdfSegment, s);
      gint64 first = MAX (segment->start, page_start);
      gint64 last = MIN (segment->end, page_end);

      if (last <= first)
        continue;
      add_span_marks (result->marks, rects, n_rects, first - page_start, last - page_start,
                      WN_HIGHLIGHT_INCLUDE, &segment->colour);
      result->n_segments++;
    }
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderJob *job = task_data;
  g_autoptr(WnPopplerPage) page = NULL;
  RenderResult *result;
  cairo_surface_t *surface;
  cairo_t *cr;
  double w, h;
  int pw, ph;
  g_autoptr(GBytes) pixels = NULL;

  g_mutex_lock (&job->rd->lock);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_mutex_unlock (&job->rd->lock);
      g_task_return_error_if_cancelled (task);
      return;
    }

  page = poppler_document_get_page (job->rd->doc, job->index);
  if (page == NULL)
    {
      g_mutex_unlock (&job->rd->lock);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "no page %d", job->index + 1);
      return;
    }

  poppler_page_get_size (page, &w, &h);
  pw = MAX (1, (int) ceil (w * job->scale));
  ph = MAX (1, (int) ceil (h * job->scale));
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, pw, ph);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, job->scale, job->scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  result = g_new0 (RenderResult, 1);
  result->marks = g_array_new (FALSE, FALSE, sizeof (Mark));

  if (job->highlighter != NULL || job->segments != NULL)
    {
      g_autofree char *text = poppler_page_get_text (page);
      PopplerRectangle *rects = NULL;
      guint n_rects = 0;

      if (text != NULL && poppler_page_get_text_layout (page, &rects, &n_rects))
        {
          if (job->highlighter != NULL)
            add_keyword_marks (job->highlighter, result, text, rects, n_rects);
          if (job->segments != NULL)
            add_segment_marks (job, result, rects, n_rects);
        }
      g_free (rects);
    }

  g_mutex_unlock (&job->rd->lock);

  pixels = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                       (gsize) cairo_image_surface_get_stride (surface) * ph,
                                       (GDestroyNotify) cairo_surface_destroy, surface);
  result->texture = gdk_memory_texture_new (pw, ph,
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
                                            GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
#else
                                            GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
#endif
                                            pixels, cairo_image_surface_get_stride (surface));

  g_task_return_pointer (task, result, (GDestroyNotify) render_result_free);
}

static void
render_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  WnPdfView *self = WN_PDF_VIEW (source);
  GTask *task = G_TASK (res);
  RenderJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  RenderResult *result = g_task_propagate_pointer (task, &error);
  PageCache *pc;

  if (result == NULL || job->serial != self->serial)
    {
      if (result != NULL)
        render_result_free (result);
      if (job->serial == self->serial && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("PDF page %d: %s", job->index + 1, error->message);
          g_clear_object (&self->cache[job->index].pending);
        }
      return;
    }

  pc = &self->cache[job->index];
  g_clear_object (&pc->pending);
  g_set_object (&pc->texture, result->texture);
  pc->scale = job->scale;
  g_clear_pointer (&pc->marks, g_array_unref);
  pc->marks = g_steal_pointer (&result->marks);
  pc->n_include = result->n_include;
  pc->n_exclude = result->n_exclude;
  pc->n_segments = result->n_segments;
  render_result_free (result);

  gtk_widget_queue_draw (self->canvas);
  state_changed (self);
}

static void
request_render (WnPdfView *self,
                int        index)
{
  PageCache *pc = &self->cache[index];
  double scale = self->scale * gtk_widget_get_scale_factor (GTK_WIDGET (self));
  g_autoptr(GTask) task = NULL;
  RenderJob *job;

  if (pc->pending != NULL)
    return;
  if (pc->texture != NULL && fabs (pc->scale - scale) < 1e-3)
    return;

  pc->pending = g_cancellable_new ();
  job = g_new0 (RenderJob, 1);
  job->rd = render_doc_ref (self->rd);
  job->index = index;
  job->scale = scale;
  job->highlighter = self->highlighter != NULL ? wn_highlighter_ref (self->highlighter) : NULL;
  job->segments = self->segments != NULL ? g_array_ref (self->segments) : NULL;
  job->serial = self->serial;

  task = g_task_new (self, pc->pending, render_done, NULL);
  g_task_set_source_tag (task, request_render);
  g_task_set_task_data (task, job, (GDestroyNotify) render_job_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, render_thread);
}

static void
drop_far_renders (WnPdfView *self,
                  int        first,
                  int        last)
{
  for (int i = 0; i < self->n_pages; i++)
    {
      PageCache *pc = &self->cache[i];

      if (i >= first - KEEP_PAGES && i <= last + KEEP_PAGES)
        continue;
      if (pc->pending != NULL)
        {
          g_cancellable_cancel (pc->pending);
          g_clear_object (&pc->pending);
        }
      g_clear_object (&pc->texture);
    }
}

static void
forget_renders (WnPdfView *self)
{
  for (int i = 0; i < self->n_pages; i++)
    {
      PageCache *pc = &self->cache[i];

      if (pc->pending != NULL)
        g_cancellable_cancel (pc->pending);
      g_clear_object (&pc->pending);
      g_clear_object (&pc->texture);
      g_clear_pointer (&pc->marks, g_array_unref);
      pc->n_include = pc->n_exclude = pc->n_segments = 0;
    }
}

/* ------------------------------------------------------------------------ */
/* Layout, navigation, zoom                                                  */

static void
relayout (WnPdfView *self)
{
  double y = PAGE_MARGIN;

  for (int i = 0; i < self->n_pages; i++)
    {
      self->tops[i] = y;
      y += self->heights[i] * self->scale + PAGE_GAP;
    }
  self->laid_out_scale = self->scale;
}

static int
page_at (WnPdfView *self,
         double     y)
{
  int page = 0;

  for (int i = 0; i < self->n_pages; i++)
    if (self->tops[i] <= y)
      page = i;
  return page;
}

int
wn_pdf_view_get_page (WnPdfView *self)
{
  g_return_val_if_fail (WN_IS_PDF_VIEW (self), 0);

  if (self->n_pages == 0)
    return 0;
  if (self->nav_page >= 0)
    return self->nav_page + 1;
  {
    double top, bottom;

    visible_range (self, &top, &bottom);
    return page_at (self, top + (bottom - top) / 3) + 1;
  }
}

static void
update_page_controls (WnPdfView *self)
{
  int page = wn_pdf_view_get_page (self);
  g_autofree char *text = g_strdup_printf ("%d", page);
  /* Translators: after the page number entry: "/ 12". */
  g_autofree char *of = g_strdup_printf (_("/ %d"), self->n_pages);
  g_autofree char *zoom = g_strdup_printf ("%.0f%%", self->scale * 100);

  if (!gtk_widget_has_focus (GTK_WIDGET (self->page_entry)) &&
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->page_entry)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->page_entry), text);
  gtk_label_set_text (self->n_pages_label, of);
  gtk_label_set_text (self->zoom_label, zoom);
  gtk_widget_set_sensitive (self->prev_button, page > 1);
  gtk_widget_set_sensitive (self->next_button, page < self->n_pages);
  gtk_widget_set_sensitive (self->fit_button, !self->fit);
}

static gboolean
controls_idle_cb (gpointer data)
{
  WnPdfView *self = data;

  self->controls_idle = 0;
  if (self->n_pages > 0)
    update_page_controls (self);
  state_changed (self);
  return G_SOURCE_REMOVE;
}

static void
scroll_to_y (WnPdfView *self,
             double     y)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scroller);

  self->restoring = TRUE;
  gtk_adjustment_set_value (vadj, y);
  self->restoring = FALSE;
}

void
wn_pdf_view_set_page (WnPdfView *self,
                      int        page)
{
  g_return_if_fail (WN_IS_PDF_VIEW (self));

  if (self->n_pages == 0)
    return;
  page = CLAMP (page, 1, self->n_pages);
  scroll_to_y (self, self->tops[page - 1] - PAGE_GAP / 2);
  self->nav_page = page - 1;
  update_page_controls (self);
  gtk_widget_queue_draw (self->canvas);
  state_changed (self);
}

static void
vadjustment_changed_cb (WnPdfView *self)
{
  if (!self->restoring)
    self->nav_page = -1;
  /* The value changes while the canvas is allocated too (keeping the page
   * in place across a zoom): the toolbar's entry and labels are updated
   * after, never while GTK lays out, or a box goes unallocated. */
  if (self->controls_idle == 0)
    self->controls_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, controls_idle_cb, self, NULL);
  gtk_widget_queue_draw (self->canvas);
}

/* Keeps the page at the top of the view where it was across a zoom. */
static void
remember_position (WnPdfView *self)
{
  double top, bottom;
  int page;

  if (self->n_pages == 0 || self->tops == NULL)
    return;
  visible_range (self, &top, &bottom);
  page = self->nav_page >= 0 ? self->nav_page : page_at (self, top);
  self->restore_page = page;
  self->restore_frac = (top - self->tops[page]) / MAX (self->heights[page] * self->laid_out_scale, 1);
  self->restore_pending = TRUE;
}

static void
restore_position (WnPdfView *self)
{
  int page = self->restore_page;
  int nav = self->nav_page;

  if (!self->restore_pending)
    return;
  self->restore_pending = FALSE;
  scroll_to_y (self, self->tops[page] + self->restore_frac * self->heights[page] * self->scale);
  self->nav_page = nav;
}

static void
set_zoom (WnPdfView *self,
          gboolean   fit,
          double     scale)
{
  if (self->n_pages == 0)
    return;
  remember_position (self);
  self->fit = fit;
  if (!fit)
    self->scale = CLAMP (scale, SCALE_MIN, SCALE_MAX);
  gtk_scrolled_window_set_policy (self->scroller, fit ? GTK_POLICY_NEVER : GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_queue_resize (self->canvas);
  update_page_controls (self);
  state_changed (self);
}

static void
zoom_step (WnPdfView *self,
           int        direction)
{
  double scale = self->scale;

  if (direction > 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (zoom_steps); i++)
        if (zoom_steps[i] > scale + 1e-3)
          {
            set_zoom (self, FALSE, zoom_steps[i]);
            return;
          }
      set_zoom (self, FALSE, SCALE_MAX);
    }
  else
    {
      for (int i = G_N_ELEMENTS (zoom_steps) - 1; i >= 0; i--)
        if (zoom_steps[i] < scale - 1e-3)
          {
            set_zoom (self, FALSE, zoom_steps[i]);
            return;
          }
      set_zoom (self, FALSE, SCALE_MIN);
    }
}

/* ------------------------------------------------------------------------ */
/* Search                                                                    */

static void
show_match (WnPdfView *self)
{
  Match *m;
  double top, bottom;
  double y1, y2;

  if (self->matches == NULL || self->match < 0 || (guint) self->match >= self->matches->len)
    return;
  m = &g_array_index (self->matches, Match, self->match);
  y1 = self->tops[m->page] + m->y1 * self->scale;
  y2 = self->tops[m->page] + m->y2 * self->scale;
  visible_range (self, &top, &bottom);
  if (y1 < top || y2 > bottom)
    {
      scroll_to_y (self, y1 - (bottom - top) / 3);
      self->nav_page = -1;
    }
  gtk_widget_queue_draw (self->canvas);
}

static void
update_search_label (WnPdfView *self)
{
  g_autofree char *text = NULL;

  if (self->search_text == NULL || self->search_text[0] == '\0')
    text = g_strdup ("");
  else if (self->matches == NULL || self->matches->len == 0)
    text = g_strdup (_("No matches"));
  else
    /* Translators: the current search match and how many there are. */
    text = g_strdup_printf (_("%d of %u"), self->match + 1, self->matches->len);
  gtk_label_set_text (self->search_label, text);
}

static void
run_search (WnPdfView  *self,
            const char *text)
{
  g_free (self->search_text);
  self->search_text = g_strdup (text);
  g_clear_pointer (&self->matches, g_array_unref);
  self->match = -1;

  if (self->doc != NULL && text != NULL && text[0] != '\0')
    {
      /* From the page shown when the search began, not from wherever
       * the matches of its first letters led. */
      int from = self->search_origin >= 0 ? self->search_origin : MAX (wn_pdf_view_get_page (self) - 1, 0);

      self->matches = g_array_new (FALSE, FALSE, sizeof (Match));
      for (int i = 0; i < self->n_pages; i++)
        {
          g_autoptr(WnPopplerPage) page = poppler_document_get_page (self->doc, i);
          GList *found = page != NULL ? poppler_page_find_text (page, text) : NULL;

          for (GList *l = found; l != NULL; l = l->next)
            {
              PopplerRectangle *r = l->data;
              /* find_text's rectangles have their origin at the bottom. */
              Match m = { i, MIN (r->x1, r->x2), self->heights[i] - MAX (r->y1, r->y2),
                          MAX (r->x1, r->x2), self->heights[i] - MIN (r->y1, r->y2) };

              if (self->match < 0 && i >= from)
                self->match = self->matches->len;
              g_array_append_val (self->matches, m);
            }
          g_list_free_full (found, (GDestroyNotify) poppler_rectangle_free);
        }
      if (self->match < 0 && self->matches->len > 0)
        self->match = 0;
      show_match (self);
    }

  update_search_label (self);
  gtk_widget_queue_draw (self->canvas);
  state_changed (self);
}

static void
next_match (WnPdfView *self,
            int        direction)
{
  if (self->matches == NULL || self->matches->len == 0)
    return;
  self->match = (self->match + direction + (int) self->matches->len) % (int) self->matches->len;
  show_match (self);
  update_search_label (self);
  state_changed (self);
}

static void next_match_cb (WnPdfView *self) { next_match (self, 1); }
static void prev_match_cb (WnPdfView *self) { next_match (self, -1); }

static void
search_changed_cb (WnPdfView *self)
{
  run_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
search_activate_cb (WnPdfView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (g_strcmp0 (text, self->search_text) != 0)
    run_search (self, text);
  else
    next_match (self, 1);
}

static gboolean
search_key_cb (WnPdfView             *self,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_SHIFT_MASK))
    {
      next_match (self, -1);
      return TRUE;
    }
  return FALSE;
}

static void
search_mode_cb (WnPdfView *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      self->search_origin = -1;
      run_search (self, NULL);
      if (self->n_pages > 0)
        gtk_widget_grab_focus (self->canvas);
    }
}

/* ------------------------------------------------------------------------ */
/* Selection                                                                 */

static gboolean
point_on_page (WnPdfView *self,
               double     x,
               double     y,
               int       *page,
               double    *px,
               double    *py)
{
  int i;

  if (self->n_pages == 0)
    return FALSE;
  i = page_at (self, y);
  *page = i;
  *px = (x - page_left (self, i, gtk_widget_get_width (self->canvas))) / self->scale;
  *py = (y - self->tops[i]) / self->scale;
  return TRUE;
}

static void
clear_selection (WnPdfView *self)
{
  self->sel_page = -1;
  g_clear_pointer (&self->sel_region, cairo_region_destroy);
}

static void
update_selection (WnPdfView *self)
{
  g_autoptr(WnPopplerPage) page = NULL;
  PopplerRectangle rect;

  g_clear_pointer (&self->sel_region, cairo_region_destroy);
  if (self->sel_page < 0 || self->doc == NULL)
    return;
  page = poppler_document_get_page (self->doc, self->sel_page);
  if (page == NULL)
    return;
  rect.x1 = self->sel_x0;
  rect.y1 = self->sel_y0;
  rect.x2 = self->sel_x1;
  rect.y2 = self->sel_y1;
  self->sel_region = poppler_page_get_selected_region (page, 1.0, POPPLER_SELECTION_GLYPH, &rect);
  gtk_widget_queue_draw (self->canvas);
}

static void
drag_begin_cb (WnPdfView      *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  int page;
  double px, py;

  gtk_widget_grab_focus (self->canvas);
  clear_selection (self);
  if (point_on_page (self, x, y, &page, &px, &py))
    {
      self->sel_page = page;
      self->sel_x0 = self->sel_x1 = px;
      self->sel_y0 = self->sel_y1 = py;
    }
  gtk_widget_queue_draw (self->canvas);
  state_changed (self);
}

static void
drag_update_cb (WnPdfView      *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  double x, y;

  if (self->sel_page < 0)
    return;
  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  x += dx;
  y += dy;
  self->sel_x1 = CLAMP ((x - page_left (self, self->sel_page, gtk_widget_get_width (self->canvas))) / self->scale,
                        0, self->widths[self->sel_page]);
  self->sel_y1 = CLAMP ((y - self->tops[self->sel_page]) / self->scale, 0, self->heights[self->sel_page]);
  update_selection (self);
}

static void
drag_end_cb (WnPdfView      *self,
             double          dx,
             double          dy,
             GtkGestureDrag *gesture)
{
  drag_update_cb (self, dx, dy, gesture);
  state_changed (self);
}

char *
wn_pdf_view_dup_selected_text (WnPdfView *self)
{
  g_autoptr(WnPopplerPage) page = NULL;
  PopplerRectangle rect;
  char *text;

  g_return_val_if_fail (WN_IS_PDF_VIEW (self), NULL);

  if (self->sel_page < 0 || self->doc == NULL || self->sel_region == NULL ||
      cairo_region_is_empty (self->sel_region))
    return NULL;
  page = poppler_document_get_page (self->doc, self->sel_page);
  if (page == NULL)
    return NULL;
  rect.x1 = self->sel_x0;
  rect.y1 = self->sel_y0;
  rect.x2 = self->sel_x1;
  rect.y2 = self->sel_y1;
  text = poppler_page_get_selected_text (page, POPPLER_SELECTION_GLYPH, &rect);
  if (text != NULL && text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* The characters of the page's text (poppler_page_get_text, as
 * wn_project_fulltext_text stores it) whose glyphs lie in the selected
 * region; then counted from the document's start, pages joined by one form
 * feed each. */
gboolean
wn_pdf_view_get_selection_offsets (WnPdfView *self,
                                   gint64    *start,
                                   gint64    *end)
{
  g_autoptr(WnPopplerPage) page = NULL;
  g_autofree char *text = NULL;
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  gint64 first = -1;
  gint64 last = -1;
  gint64 before = 0;

  g_return_val_if_fail (WN_IS_PDF_VIEW (self), FALSE);

  if (self->sel_page < 0 || self->doc == NULL || self->sel_region == NULL ||
      cairo_region_is_empty (self->sel_region))
    return FALSE;
  page = poppler_document_get_page (self->doc, self->sel_page);
  if (page == NULL)
    return FALSE;
  text = poppler_page_get_text (page);
  if (text == NULL || !poppler_page_get_text_layout (page, &rects, &n_rects))
    return FALSE;
  for (guint i = 0; i < n_rects; i++)
    {
      int cx = (int) floor ((rects[i].x1 + rects[i].x2) / 2);
      int cy = (int) floor ((rects[i].y1 + rects[i].y2) / 2);

      if (cairo_region_contains_point (self->sel_region, cx, cy))
        {
          if (first < 0)
            first = i;
          last = i;
        }
    }
  g_free (rects);
  if (first < 0)
    return FALSE;
  for (int i = 0; i < self->sel_page; i++)
    {
      g_autoptr(WnPopplerPage) other = poppler_document_get_page (self->doc, i);
      g_autofree char *other_text = other != NULL ? poppler_page_get_text (other) : NULL;

      before += (other_text != NULL ? g_utf8_strlen (other_text, -1) : 0) + 1;
    }
  *start = before + first;
  *end = before + last + 1;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Shortcuts                                                                 */

static gboolean
page_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  WnPdfView *self = WN_PDF_VIEW (user_data);
  int which = g_variant_get_int32 (args);
  int page = wn_pdf_view_get_page (self);

  if (self->n_pages == 0)
    return FALSE;
  switch (which)
    {
    case 0: wn_pdf_view_set_page (self, page + 1); break;
    case 1: wn_pdf_view_set_page (self, page - 1); break;
    case 2: wn_pdf_view_set_page (self, 1); break;
    case 3: wn_pdf_view_set_page (self, self->n_pages); break;
    default: break;
    }
  return TRUE;
}

static gboolean
copy_cb (GtkWidget *widget,
         GVariant  *args,
         gpointer   user_data)
{
  WnPdfView *self = WN_PDF_VIEW (user_data);
  g_autofree char *text = wn_pdf_view_dup_selected_text (self);

  if (text == NULL)
    return FALSE;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  return TRUE;
}

static gboolean
zoom_cb (GtkWidget *widget,
         GVariant  *args,
         gpointer   user_data)
{
  WnPdfView *self = WN_PDF_VIEW (user_data);
  int which = g_variant_get_int32 (args);

  if (self->n_pages == 0)
    return FALSE;
  if (which == 0)
    set_zoom (self, TRUE, 0);
  else
    zoom_step (self, which);
  return TRUE;
}

static gboolean
find_cb (GtkWidget *widget,
         GVariant  *args,
         gpointer   user_data)
{
  WnPdfView *self = WN_PDF_VIEW (user_data);

  if (self->n_pages == 0)
    return FALSE;
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    self->search_origin = wn_pdf_view_get_page (self) - 1;
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
  return TRUE;
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  keyval,
              GdkModifierType        modifiers,
              GtkShortcutFunc        func,
              gpointer               data,
              int                    arg)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                                            gtk_callback_action_new (func, data, NULL));

  gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (arg));
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

/* ------------------------------------------------------------------------ */
/* Buttons                                                                   */

static void prev_clicked_cb (WnPdfView *self) { wn_pdf_view_set_page (self, wn_pdf_view_get_page (self) - 1); }
static void next_clicked_cb (WnPdfView *self) { wn_pdf_view_set_page (self, wn_pdf_view_get_page (self) + 1); }
static void zoom_in_clicked_cb (WnPdfView *self) { zoom_step (self, 1); }
static void zoom_out_clicked_cb (WnPdfView *self) { zoom_step (self, -1); }
static void fit_clicked_cb (WnPdfView *self) { set_zoom (self, TRUE, 0); }

static void
page_entry_activate_cb (WnPdfView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->page_entry));
  gint64 page = g_ascii_strtoll (text, NULL, 10);

  if (page >= 1)
    wn_pdf_view_set_page (self, (int) page);
  if (self->n_pages > 0)
    gtk_widget_grab_focus (self->canvas);
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             GCallback   callback,
             gpointer    data)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_focus_on_click (button, FALSE);
  g_signal_connect_swapped (button, "clicked", callback, data);
  return button;
}

/* ------------------------------------------------------------------------ */
/* Opening a document, in a thread                                           */

typedef struct
{
  PopplerDocument *doc;
  PopplerDocument *render_doc;
  int              n_pages;
  double          *widths;
  double          *heights;
} OpenResult;

static void
open_result_free (OpenResult *result)
{
  g_clear_object (&result->doc);
  g_clear_object (&result->render_doc);
  g_free (result->widths);
  g_free (result->heights);
  g_free (result);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GBytes *bytes = task_data;
  GError *error = NULL;
  OpenResult *result = g_new0 (OpenResult, 1);

  result->doc = poppler_document_new_from_bytes (bytes, NULL, &error);
  if (result->doc != NULL)
    result->render_doc = poppler_document_new_from_bytes (bytes, NULL, &error);
  if (result->render_doc == NULL)
    {
      open_result_free (result);
      g_task_return_error (task, error);
      return;
    }

  result->n_pages = poppler_document_get_n_pages (result->doc);
  result->widths = g_new0 (double, MAX (result->n_pages, 1));
  result->heights = g_new0 (double, MAX (result->n_pages, 1));
  for (int i = 0; i < result->n_pages; i++)
    {
      g_autoptr(WnPopplerPage) page = poppler_document_get_page (result->doc, i);

      if (page != NULL)
        poppler_page_get_size (page, &result->widths[i], &result->heights[i]);
      if (result->widths[i] <= 0 || result->heights[i] <= 0)
        {
          result->widths[i] = 612;
          result->heights[i] = 792;
        }
    }
  if (result->n_pages == 0)
    {
      open_result_free (result);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The PDF has no pages."));
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) open_result_free);
}

static void
close_document (WnPdfView *self)
{
  forget_renders (self);
  self->serial++;
  g_clear_object (&self->doc);
  g_clear_pointer (&self->rd, render_doc_unref);
  g_clear_pointer (&self->widths, g_free);
  g_clear_pointer (&self->heights, g_free);
  g_clear_pointer (&self->tops, g_free);
  g_clear_pointer (&self->cache, g_free);
  self->n_pages = 0;
  self->max_width = 0;
  self->nav_page = -1;
  self->restore_pending = FALSE;
  g_clear_pointer (&self->matches, g_array_unref);
  self->match = -1;
  g_clear_pointer (&self->search_text, g_free);
  clear_selection (self);
  g_clear_pointer (&self->error, g_free);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_set_sensitive (self->toolbar, FALSE);
}

static void
open_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  WnPdfView *self;
  g_autoptr(GError) error = NULL;
  OpenResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  if (result == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = WN_PDF_VIEW (source);
  if (GPOINTER_TO_UINT (user_data) != self->serial)
    {
      if (result != NULL)
        open_result_free (result);
      return;
    }
  g_clear_object (&self->open_cancellable);

  if (result == NULL)
    {
      g_autofree char *message = g_strdup (error->message);

      wn_pdf_view_show_error (self, message);
      return;
    }

  self->doc = g_steal_pointer (&result->doc);
  self->rd = g_new0 (RenderDoc, 1);
  g_atomic_ref_count_init (&self->rd->ref);
  g_mutex_init (&self->rd->lock);
  self->rd->doc = g_steal_pointer (&result->render_doc);
  self->n_pages = result->n_pages;
  self->widths = g_steal_pointer (&result->widths);
  self->heights = g_steal_pointer (&result->heights);
  self->tops = g_new0 (double, self->n_pages);
  self->cache = g_new0 (PageCache, self->n_pages);
  self->max_width = 0;
  for (int i = 0; i < self->n_pages; i++)
    self->max_width = MAX (self->max_width, self->widths[i]);
  open_result_free (result);

  self->fit = TRUE;
  self->scale = fit_scale (self, MAX (gtk_widget_get_width (GTK_WIDGET (self->scroller)), 200));
  relayout (self);
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_sensitive (self->toolbar, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "document");
  gtk_widget_queue_resize (self->canvas);
  scroll_to_y (self, 0);
  self->nav_page = 0;
  update_page_controls (self);
  state_changed (self);
}

/* ------------------------------------------------------------------------ */
/* The widget                                                                */

static void
wn_pdf_view_dispose (GObject *object)
{
  WnPdfView *self = WN_PDF_VIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->controls_idle, g_source_remove);
  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  if (self->search_bar != NULL)
    close_document (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->search_bar = NULL;
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->highlighter, wn_highlighter_unref);
  g_clear_pointer (&self->segments, g_array_unref);

  G_OBJECT_CLASS (wn_pdf_view_parent_class)->dispose (object);
}

static void
wn_pdf_view_class_init (WnPdfViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wn_pdf_view_dispose;

  /* Something the test hook shows changed. */
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wnpdfview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkWidget *
status_page (const char *icon,
             const char *title,
             GtkLabel  **label_out)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *image = gtk_image_new_from_icon_name (icon);
  GtkWidget *label = gtk_label_new (title);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  gtk_image_set_pixel_size (GTK_IMAGE (image), 64);
  gtk_widget_add_css_class (image, "dim-label");
  gtk_box_append (GTK_BOX (box), image);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "title-3");
  gtk_box_append (GTK_BOX (box), label);
  if (label_out != NULL)
    {
      GtkWidget *detail = gtk_label_new (NULL);

      gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
      gtk_label_set_justify (GTK_LABEL (detail), GTK_JUSTIFY_CENTER);
      gtk_label_set_max_width_chars (GTK_LABEL (detail), 48);
      gtk_label_set_selectable (GTK_LABEL (detail), TRUE);
      gtk_widget_add_css_class (detail, "dim-label");
      gtk_box_append (GTK_BOX (box), detail);
      *label_out = GTK_LABEL (detail);
    }
  return box;
}

static void
wn_pdf_view_init (WnPdfView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkWidget *box, *spinner, *separator;
  GtkEventController *controller;
  GtkShortcutController *shortcuts;
  GtkGesture *drag;

  self->nav_page = -1;
  self->sel_page = -1;
  self->match = -1;
  self->search_origin = -1;
  self->fit = TRUE;
  self->scale = 1.0;
  self->first_page_ms = -1;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (widget)),
                                  GTK_ORIENTATION_VERTICAL);

  /* The toolbar: pages, zoom, search. */
  self->toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_widget_add_css_class (self->toolbar, "toolbar");
  gtk_widget_add_css_class (self->toolbar, "wn-pdf-toolbar");
  gtk_widget_set_parent (self->toolbar, widget);

  self->prev_button = icon_button ("go-up-symbolic", _("Previous Page (Page Up)"),
                                   G_CALLBACK (prev_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->toolbar), self->prev_button);
  self->next_button = icon_button ("go-down-symbolic", _("Next Page (Page Down)"),
                                   G_CALLBACK (next_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->toolbar), self->next_button);

  self->page_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (self->page_entry), 3);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->page_entry), 4);
  gtk_entry_set_input_purpose (self->page_entry, GTK_INPUT_PURPOSE_DIGITS);
  gtk_entry_set_alignment (self->page_entry, 1.0);
  gtk_widget_set_valign (GTK_WIDGET (self->page_entry), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->page_entry), _("Go to Page"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->page_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Page number"), -1);
  g_signal_connect_swapped (self->page_entry, "activate", G_CALLBACK (page_entry_activate_cb), self);
  gtk_box_append (GTK_BOX (self->toolbar), GTK_WIDGET (self->page_entry));
  self->n_pages_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->n_pages_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->n_pages_label), "numeric");
  gtk_box_append (GTK_BOX (self->toolbar), GTK_WIDGET (self->n_pages_label));

  separator = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_hexpand (separator, TRUE);
  gtk_box_append (GTK_BOX (self->toolbar), separator);

  self->zoom_out_button = icon_button ("zoom-out-symbolic", _("Zoom Out (Ctrl+Minus)"),
                                       G_CALLBACK (zoom_out_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->toolbar), self->zoom_out_button);
  self->zoom_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_width_chars (self->zoom_label, 5);
  gtk_widget_add_css_class (GTK_WIDGET (self->zoom_label), "numeric");
  gtk_box_append (GTK_BOX (self->toolbar), GTK_WIDGET (self->zoom_label));
  self->zoom_in_button = icon_button ("zoom-in-symbolic", _("Zoom In (Ctrl+Plus)"),
                                      G_CALLBACK (zoom_in_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->toolbar), self->zoom_in_button);
  self->fit_button = icon_button ("zoom-fit-best-symbolic", _("Fit Width (Ctrl+0)"),
                                  G_CALLBACK (fit_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->toolbar), self->fit_button);

  self->search_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_button_set_icon_name (GTK_BUTTON (self->search_button), "edit-find-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_button), _("Find in the PDF (Ctrl+F)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Find in the PDF"), -1);
  gtk_widget_add_css_class (GTK_WIDGET (self->search_button), "flat");
  gtk_widget_set_focus_on_click (GTK_WIDGET (self->search_button), FALSE);
  gtk_box_append (GTK_BOX (self->toolbar), GTK_WIDGET (self->search_button));
  gtk_widget_set_sensitive (self->toolbar, FALSE);

  /* The search bar. */
  self->search_bar = GTK_SEARCH_BAR (gtk_search_bar_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->search_bar), widget);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (self->search_entry), 24);
  gtk_search_entry_set_search_delay (self->search_entry, 250);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Find in the PDF"), -1);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (search_activate_cb), self);
  g_signal_connect_swapped (self->search_entry, "next-match", G_CALLBACK (next_match_cb), self);
  g_signal_connect_swapped (self->search_entry, "previous-match", G_CALLBACK (prev_match_cb), self);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (search_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search_entry));
  gtk_box_append (GTK_BOX (box), icon_button ("go-up-symbolic", _("Previous Match (Shift+Enter)"),
                                              G_CALLBACK (prev_match_cb), self));
  gtk_box_append (GTK_BOX (box), icon_button ("go-down-symbolic", _("Next Match (Enter)"),
                                              G_CALLBACK (next_match_cb), self));
  self->search_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->search_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->search_label), "numeric");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search_label));
  gtk_search_bar_set_child (self->search_bar, box);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_show_close_button (self->search_bar, TRUE);
  g_object_bind_property (self->search_button, "active", self->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_cb), self);

  /* The pages, a spinner, or why not. */
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->stack), widget);

  gtk_stack_add_named (self->stack, status_page ("x-office-document-symbolic", _("No PDF"), NULL), "empty");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  spinner = gtk_spinner_new ();
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_box_append (GTK_BOX (box), spinner);
  gtk_stack_add_named (self->stack, box, "loading");
  gtk_stack_add_named (self->stack, status_page ("dialog-warning-symbolic", _("The PDF Cannot Be Shown"),
                                                 &self->error_label), "error");

  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_add_css_class (GTK_WIDGET (self->scroller), "wn-pdf-pages");
  self->canvas = g_object_new (WN_TYPE_PDF_CANVAS, NULL);
  WN_PDF_CANVAS (self->canvas)->view = self;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->canvas), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("PDF pages"), -1);
  {
    /* Not scrolled back to the top when the pages take the focus. */
    GtkWidget *viewport = gtk_viewport_new (NULL, NULL);

    gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), FALSE);
    gtk_viewport_set_child (GTK_VIEWPORT (viewport), self->canvas);
    gtk_scrolled_window_set_child (self->scroller, viewport);
  }
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->scroller), "document");
  gtk_stack_set_visible_child_name (self->stack, "empty");
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                           G_CALLBACK (vadjustment_changed_cb), self, G_CONNECT_SWAPPED);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (self->canvas, GTK_EVENT_CONTROLLER (drag));

  /* On the pages: paging and copying, before the scrolled window's own. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  add_shortcut (shortcuts, GDK_KEY_Page_Down, 0, page_key_cb, self, 0);
  add_shortcut (shortcuts, GDK_KEY_KP_Page_Down, 0, page_key_cb, self, 0);
  add_shortcut (shortcuts, GDK_KEY_Page_Up, 0, page_key_cb, self, 1);
  add_shortcut (shortcuts, GDK_KEY_KP_Page_Up, 0, page_key_cb, self, 1);
  add_shortcut (shortcuts, GDK_KEY_Home, 0, page_key_cb, self, 2);
  add_shortcut (shortcuts, GDK_KEY_End, 0, page_key_cb, self, 3);
  add_shortcut (shortcuts, GDK_KEY_c, GDK_CONTROL_MASK, copy_cb, self, 0);
  gtk_widget_add_controller (self->canvas, GTK_EVENT_CONTROLLER (shortcuts));

  /* Anywhere in the viewer. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  add_shortcut (shortcuts, GDK_KEY_f, GDK_CONTROL_MASK, find_cb, self, 0);
  add_shortcut (shortcuts, GDK_KEY_plus, GDK_CONTROL_MASK, zoom_cb, self, 1);
  add_shortcut (shortcuts, GDK_KEY_equal, GDK_CONTROL_MASK, zoom_cb, self, 1);
  add_shortcut (shortcuts, GDK_KEY_KP_Add, GDK_CONTROL_MASK, zoom_cb, self, 1);
  add_shortcut (shortcuts, GDK_KEY_minus, GDK_CONTROL_MASK, zoom_cb, self, -1);
  add_shortcut (shortcuts, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, zoom_cb, self, -1);
  add_shortcut (shortcuts, GDK_KEY_0, GDK_CONTROL_MASK, zoom_cb, self, 0);
  add_shortcut (shortcuts, GDK_KEY_KP_0, GDK_CONTROL_MASK, zoom_cb, self, 0);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (shortcuts));
}

GtkWidget *
wn_pdf_view_new (void)
{
  return g_object_new (WN_TYPE_PDF_VIEW, NULL);
}

void
wn_pdf_view_show_loading (WnPdfView *self)
{
  g_return_if_fail (WN_IS_PDF_VIEW (self));

  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  close_document (self);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->name, g_free);
  self->t0 = g_get_monotonic_time ();
  self->first_page_ms = -1;
  gtk_stack_set_visible_child_name (self->stack, "loading");
  state_changed (self);
}

void
wn_pdf_view_load_bytes (WnPdfView  *self,
                        GBytes     *bytes,
                        const char *name)
{
  g_autoptr(GTask) task = NULL;
  gint64 t0;

  g_return_if_fail (WN_IS_PDF_VIEW (self));
  g_return_if_fail (bytes != NULL);

  t0 = self->t0 != 0 ? self->t0 : g_get_monotonic_time ();
  wn_pdf_view_show_loading (self);
  self->t0 = t0;
  self->bytes = g_bytes_ref (bytes);
  self->name = g_strdup (name);

  self->open_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->open_cancellable, open_done, GUINT_TO_POINTER (self->serial));
  g_task_set_source_tag (task, wn_pdf_view_load_bytes);
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, open_thread);
}

void
wn_pdf_view_show_error (WnPdfView  *self,
                        const char *message)
{
  g_return_if_fail (WN_IS_PDF_VIEW (self));

  close_document (self);
  self->t0 = 0;
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_stack_set_visible_child_name (self->stack, "error");
  state_changed (self);
}

void
wn_pdf_view_clear (WnPdfView *self)
{
  g_return_if_fail (WN_IS_PDF_VIEW (self));

  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  close_document (self);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->name, g_free);
  self->t0 = 0;
  self->first_page_ms = -1;
  gtk_stack_set_visible_child_name (self->stack, "empty");
  state_changed (self);
}

static void render_again (WnPdfView *self);

void
wn_pdf_view_set_highlighter (WnPdfView     *self,
                             WnHighlighter *highlighter)
{
  g_return_if_fail (WN_IS_PDF_VIEW (self));

  if (highlighter == self->highlighter)
    return;
  g_clear_pointer (&self->highlighter, wn_highlighter_unref);
  if (highlighter != NULL)
    self->highlighter = wn_highlighter_ref (highlighter);
  render_again (self);
}

static gboolean
same_segments (GArray             *old,
               const WnPdfSegment *segments,
               guint               n)
{
  if (old == NULL || n == 0)
    return (old == NULL || old->len == 0) && n == 0;
  if (old->len != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const WnPdfSegment *a = &g_array_index (old, WnPdfSegment, i);

      if (a->start != segments[i].start || a->end != segments[i].end || !gdk_rgba_equal (&a->colour, &segments[i].colour))
        return FALSE;
    }
  return TRUE;
}

void
wn_pdf_view_set_segments (WnPdfView          *self,
                          const WnPdfSegment *segments,
                          guint               n)
{
  g_return_if_fail (WN_IS_PDF_VIEW (self));
  g_return_if_fail (segments != NULL || n == 0);

  if (same_segments (self->segments, segments, n))
    return;
  g_clear_pointer (&self->segments, g_array_unref);
  if (n > 0)
    {
      self->segments = g_array_sized_new (FALSE, FALSE, sizeof (WnPdfSegment), n);
      g_array_append_vals (self->segments, segments, n);
    }
  render_again (self);
  state_changed (self);
}

guint
wn_pdf_view_get_n_segments (WnPdfView *self)
{
  g_return_val_if_fail (WN_IS_PDF_VIEW (self), 0);

  return self->segments != NULL ? self->segments->len : 0;
}

/* Renders the pages again (new terms or segments); the old pages stay up
 * meanwhile. */
static void
render_again (WnPdfView *self)
{
  for (int i = 0; i < self->n_pages; i++)
    {
      PageCache *pc = &self->cache[i];

      if (pc->pending != NULL)
        g_cancellable_cancel (pc->pending);
      g_clear_object (&pc->pending);
      pc->scale = -1;
    }
  if (self->n_pages > 0)
    gtk_widget_queue_draw (self->canvas);
}

int
wn_pdf_view_get_n_pages (WnPdfView *self)
{
  g_return_val_if_fail (WN_IS_PDF_VIEW (self), 0);

  return self->n_pages;
}

double
wn_pdf_view_get_first_page_ms (WnPdfView *self)
{
  g_return_val_if_fail (WN_IS_PDF_VIEW (self), -1);

  return self->first_page_ms;
}

static void
report (WnTestStateFunc func,
        gpointer        user_data,
        const char     *prefix,
        const char     *key,
        const char     *value)
{
  g_autofree char *full = g_strconcat (prefix, key, NULL);

  func (full, value != NULL ? value : "", user_data);
}

static void
report_int (WnTestStateFunc func,
            gpointer        user_data,
            const char     *prefix,
            const char     *key,
            gint64          value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  report (func, user_data, prefix, key, text);
}

void
wn_pdf_view_describe (WnPdfView      *self,
                      const char     *prefix,
                      WnTestStateFunc func,
                      gpointer        user_data)
{
  g_autofree char *ms = NULL;
  g_autofree char *zoom = NULL;
  g_autofree char *selected = NULL;
  guint drawn = 0, n_include = 0, n_exclude = 0, n_segment_marks = 0;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (WN_IS_PDF_VIEW (self));

  for (int i = 0; i < self->n_pages; i++)
    {
      if (self->cache[i].texture != NULL)
        drawn++;
      n_include += self->cache[i].n_include;
      n_exclude += self->cache[i].n_exclude;
      n_segment_marks += self->cache[i].n_segments;
    }
  if (self->first_page_ms >= 0)
    ms = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", self->first_page_ms));
  else
    ms = g_strdup ("-1");
  zoom = g_strdup_printf ("%s%s", self->fit ? "fit:" : "",
                          g_ascii_formatd (buf, sizeof buf, "%.3f", self->scale));
  selected = wn_pdf_view_dup_selected_text (self);

  report (func, user_data, prefix, "state", gtk_stack_get_visible_child_name (self->stack));
  report (func, user_data, prefix, "name", self->name);
  report_int (func, user_data, prefix, "pages", self->n_pages);
  report_int (func, user_data, prefix, "page", wn_pdf_view_get_page (self));
  report (func, user_data, prefix, "first_page_ms", ms);
  report_int (func, user_data, prefix, "rendered", drawn);
  report (func, user_data, prefix, "zoom", zoom);
  report_int (func, user_data, prefix, "search_open", gtk_search_bar_get_search_mode (self->search_bar));
  report (func, user_data, prefix, "search", self->search_text);
  report_int (func, user_data, prefix, "matches", self->matches != NULL ? self->matches->len : 0);
  report_int (func, user_data, prefix, "match", self->match + 1);
  report_int (func, user_data, prefix, "hl_include", n_include);
  report_int (func, user_data, prefix, "hl_exclude", n_exclude);
  report_int (func, user_data, prefix, "segments", wn_pdf_view_get_n_segments (self));
  report_int (func, user_data, prefix, "segments_drawn", n_segment_marks);
  report_int (func, user_data, prefix, "selected_chars", selected != NULL ? g_utf8_strlen (selected, -1) : 0);
  report (func, user_data, prefix, "error", self->error);
  report_int (func, user_data, prefix, "focus", self->canvas != NULL && gtk_widget_has_focus (self->canvas));
}
