/* wn-screening-record.c — one record, large, with the keyword highlighting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a reviewer reads thousands of times: the title large, the authors,
 * the journal and year, the abstract at a comfortable reading size and
 * width, the keywords. The lead's include and exclude terms (wn-highlight.h)
 * are marked in the title, the abstract and the keywords with Pango
 * attributes built from the highlighter's byte offsets: green for include,
 * red and underlined for exclude. The colours are named in style.css
 * (wn_highlight_*), with _dark variants picked when the theme's text is
 * light, and are looked up again whenever the theme changes.
 *
 * A passive view: the screening and conflicts pages read the record in a
 * thread and hand it here.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wn-screening-record.h"

typedef struct
{
  GdkRGBA fg;
  GdkRGBA bg;
} Colours;

struct _WnScreeningRecord
{
  GtkWidget          parent_instance;

  GtkStack          *stack;
  GtkWidget         *scroller;
  GtkLabel          *title_label;
  GtkLabel          *authors_label;
  GtkLabel          *source_label;
  GtkWidget         *abstract_heading;
  GtkLabel          *abstract_label;
  GtkWidget         *keywords_heading;
  GtkLabel          *keywords_label;
  GtkLabel          *error_label;
  GtkSpinner        *spinner;

  WnHighlighter     *highlighter;
  gint64             record_id;
  char              *title;
  char              *abstract;
  char              *keywords;
  guint              n_include;
  guint              n_exclude;

  gboolean           dark;
  Colours            colours[2]; /* by WnHighlightKind */
  gboolean           colours_known;
};

G_DEFINE_FINAL_TYPE (WnScreeningRecord, wn_screening_record, GTK_TYPE_WIDGET)

/* ------------------------------------------------------------------------ */
/* The column the text sits in                                               */

/* Every record shown is measured again, and a wrapping GtkLabel measures
 * by laying its text out (and shaping it) anew for each size it is asked
 * about. The scrolled window's viewport asks for the width the text needs
 * at a given height (width-for-height) on every allocation, which a label
 * answers by a binary search, one layout per step: some twenty layouts of
 * the abstract per record, the larger part of drawing the next record. So
 * this column answers only what the page uses: the width its child needs
 * (at any height: the text's width does not depend on its height) and the
 * height it needs for a given width. Its natural height for no width in
 * particular, which only the viewport's horizontal scrolling (never
 * shown) asks for, is not computed. The child gets the column's whole
 * width, as in the horizontal box this replaces. */
#define WN_TYPE_RECORD_COLUMN (wn_record_column_get_type ())
G_DECLARE_FINAL_TYPE (WnRecordColumn, wn_record_column, WN, RECORD_COLUMN, GtkWidget)

struct _WnRecordColumn
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (WnRecordColumn, wn_record_column, GTK_TYPE_WIDGET)

static void
wn_record_column_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  if (child == NULL || !gtk_widget_should_layout (child))
    return;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    gtk_widget_measure (child, orientation, -1, minimum, natural, NULL, NULL);
  else if (for_size >= 0)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static GtkSizeRequestMode
wn_record_column_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
wn_record_column_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
wn_record_column_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (wn_record_column_parent_class)->dispose (object);
}

static void
wn_record_column_class_init (WnRecordColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wn_record_column_dispose;
  widget_class->measure = wn_record_column_measure;
  widget_class->get_request_mode = wn_record_column_get_request_mode;
  widget_class->size_allocate = wn_record_column_size_allocate;
}

static void
wn_record_column_init (WnRecordColumn *self)
{
}

/* ------------------------------------------------------------------------ */

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* The highlight colours for the current theme, from style.css. */
static gboolean
lookup_colours (WnScreeningRecord *self,
                Colours            colours[2])
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  static const char *const names[2][2] = {
    { "wn_highlight_include_fg", "wn_highlight_include_bg" },
    { "wn_highlight_exclude_fg", "wn_highlight_exclude_bg" },
  };
  GdkRGBA text;
  gboolean dark;

  /* Light text means a dark theme. */
  gtk_style_context_get_color (context, &text);
  dark = (0.2126 * text.red + 0.7152 * text.green + 0.0722 * text.blue) > 0.5;

  for (guint kind = 0; kind < 2; kind++)
    for (guint part = 0; part < 2; part++)
      {
        g_autofree char *name = g_strconcat (names[kind][part], dark ? "_dark" : "", NULL);
        GdkRGBA *rgba = part == 0 ? &colours[kind].fg : &colours[kind].bg;

        if (!gtk_style_context_lookup_color (context, name, rgba))
          {
            /* style.css not loaded (a unit test): plain defaults. */
            static const char *const fallback[2][2] = {
              { "#0a5c2b", "#d3f5dd" },
              { "#8b0f1f", "#fde0e0" },
            };
            gdk_rgba_parse (rgba, fallback[kind][part]);
          }
      }

  return dark;
}

static guint16
channel16 (float value)
{
  return (guint16) CLAMP (value * 65535.0f + 0.5f, 0.0f, 65535.0f);
}

static void
add_mark (PangoAttrList  *attrs,
          const Colours  *c,
          WnHighlightKind kind,
          guint           start,
          guint           end)
{
  PangoAttribute *attr;

  attr = pango_attr_foreground_new (channel16 (c->fg.red), channel16 (c->fg.green), channel16 (c->fg.blue));
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (attrs, attr);

  attr = pango_attr_background_new (channel16 (c->bg.red), channel16 (c->bg.green), channel16 (c->bg.blue));
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (attrs, attr);

  attr = pango_attr_weight_new (PANGO_WEIGHT_SEMIBOLD);
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (attrs, attr);

  /* Not by colour alone: excluded terms are underlined. */
  if (kind == WN_HIGHLIGHT_EXCLUDE)
    {
      attr = pango_attr_underline_new (PANGO_UNDERLINE_SINGLE);
      attr->start_index = start;
      attr->end_index = end;
      pango_attr_list_insert (attrs, attr);
    }
}

/* Sets text on label with the highlighter's marks; counts them. */
static void
set_highlighted (WnScreeningRecord *self,
                 GtkLabel          *label,
                 const char        *text)
{
  g_autoptr(PangoAttrList) attrs = NULL;
  g_autoptr(GArray) spans = NULL;

  gtk_label_set_text (label, text != NULL ? text : "");

  if (self->highlighter == NULL || text == NULL || text[0] == '\0')
    {
      gtk_label_set_attributes (label, NULL);
      return;
    }

  spans = wn_highlighter_find (self->highlighter, text, -1);
  if (spans->len == 0)
    {
      gtk_label_set_attributes (label, NULL);
      return;
    }

  attrs = pango_attr_list_new ();
  for (guint i = 0; i < spans->len; i++)
    {
      const WnHighlightSpan *span = &g_array_index (spans, WnHighlightSpan, i);
      const Colours *c = &self->colours[span->kind == WN_HIGHLIGHT_EXCLUDE ? 1 : 0];

      add_mark (attrs, c, span->kind, span->start, span->end);

      if (span->kind == WN_HIGHLIGHT_EXCLUDE)
        self->n_exclude++;
      else
        self->n_include++;
    }

  gtk_label_set_attributes (label, attrs);
}

static void
apply_text (WnScreeningRecord *self)
{
  if (!self->colours_known)
    {
      self->dark = lookup_colours (self, self->colours);
      self->colours_known = TRUE;
    }

  self->n_include = 0;
  self->n_exclude = 0;
  set_highlighted (self, self->title_label, self->title != NULL ? self->title : _("(no title)"));
  set_highlighted (self, self->abstract_label, self->abstract);
  set_highlighted (self, self->keywords_label, self->keywords);
}

static void
wn_screening_record_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  WnScreeningRecord *self = WN_SCREENING_RECORD (widget);
  Colours colours[2];

  GTK_WIDGET_CLASS (wn_screening_record_parent_class)->css_changed (widget, change);

  /* Called for every state change (hover, focus): only a new theme
   * (light to dark, say) sets the marks again. */
  lookup_colours (self, colours);
  if (self->colours_known && memcmp (colours, self->colours, sizeof colours) == 0)
    return;

  memcpy (self->colours, colours, sizeof colours);
  self->colours_known = TRUE;
  if (self->record_id != 0 && self->title != NULL)
    apply_text (self);
}

static GtkLabel *
add_label (GtkBox     *box,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* Never narrower than this: and the label finds its minimum width by
   * one layout at that width, not at width 0, where every character of
   * the abstract would be a line of its own (the costliest layout of a
   * record shown). */
  gtk_label_set_width_chars (GTK_LABEL (label), 20);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* A selectable label takes the keyboard focus on click; the page's keys
   * (I, E…) still reach the page, and Tab should not stop on every field. */
  gtk_widget_set_focusable (label, FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);

  return GTK_LABEL (label);
}

static GtkWidget *
add_heading (GtkBox     *box,
             const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_box_append (box, label);

  return label;
}

static void
wn_screening_record_dispose (GObject *object)
{
  WnScreeningRecord *self = WN_SCREENING_RECORD (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_pointer (&self->highlighter, wn_highlighter_unref);

  G_OBJECT_CLASS (wn_screening_record_parent_class)->dispose (object);
}

static void
wn_screening_record_finalize (GObject *object)
{
  WnScreeningRecord *self = WN_SCREENING_RECORD (object);

  g_free (self->title);
  g_free (self->abstract);
  g_free (self->keywords);

  G_OBJECT_CLASS (wn_screening_record_parent_class)->finalize (object);
}

static void
wn_screening_record_class_init (WnScreeningRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wn_screening_record_dispose;
  object_class->finalize = wn_screening_record_finalize;
  widget_class->css_changed = wn_screening_record_css_changed;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wnscreeningrecord");
}

static void
wn_screening_record_init (WnScreeningRecord *self)
{
  GtkWidget *box;
  GtkWidget *column;
  GtkWidget *page;

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));

  gtk_stack_add_named (self->stack, gtk_box_new (GTK_ORIENTATION_VERTICAL, 0), "empty");

  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_halign (GTK_WIDGET (self->spinner), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self->spinner), GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (GTK_WIDGET (self->spinner), 32, 32);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->spinner), "loading");

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_max_width_chars (self->error_label, 60);
  gtk_label_set_justify (self->error_label, GTK_JUSTIFY_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self->error_label), GTK_ALIGN_CENTER);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->error_label), "error");

  /* The text keeps a reading width (about 90 characters) however wide
   * the window is, and sits at the start so the eye always starts at the
   * same place. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (box, "wn-screen-record");
  gtk_widget_set_hexpand (box, TRUE);

  self->title_label = add_label (GTK_BOX (box), "wn-screen-title");
  gtk_label_set_max_width_chars (self->title_label, 70);
  self->authors_label = add_label (GTK_BOX (box), "wn-screen-authors");
  gtk_widget_set_margin_top (GTK_WIDGET (self->authors_label), 4);
  self->source_label = add_label (GTK_BOX (box), "wn-screen-source");
  gtk_widget_add_css_class (GTK_WIDGET (self->source_label), "dim-label");

  self->abstract_heading = add_heading (GTK_BOX (box), _("Abstract"));
  self->abstract_label = add_label (GTK_BOX (box), "wn-screen-abstract");
  gtk_label_set_max_width_chars (self->abstract_label, 90);

  self->keywords_heading = add_heading (GTK_BOX (box), _("Keywords"));
  self->keywords_label = add_label (GTK_BOX (box), NULL);
  gtk_label_set_max_width_chars (self->keywords_label, 90);

  /* The text takes the column's whole width; the column spares its
   * labels the viewport's width-for-height questions (see above). */
  column = g_object_new (WN_TYPE_RECORD_COLUMN, NULL);
  gtk_widget_set_parent (box, column);
  gtk_widget_set_halign (box, GTK_ALIGN_FILL);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), column);
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_widget_set_hexpand (self->scroller, TRUE);

  page = self->scroller;
  gtk_stack_add_named (self->stack, page, "record");
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

GtkWidget *
wn_screening_record_new (void)
{
  return g_object_new (WN_TYPE_SCREENING_RECORD, NULL);
}

static char *
join_strings (GPtrArray  *strings,
              const char *separator)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (strings == NULL)
    return NULL;

  for (guint i = 0; i < strings->len; i++)
    {
      const char *s = g_ptr_array_index (strings, i);

      if (is_blank (s))
        continue;
      if (out->len > 0)
        g_string_append (out, separator);
      g_string_append (out, s);
    }

  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static void
set_optional (GtkLabel   *label,
              GtkWidget  *heading,
              const char *text)
{
  gboolean visible = !is_blank (text);

  gtk_widget_set_visible (GTK_WIDGET (label), visible);
  if (heading != NULL)
    gtk_widget_set_visible (heading, visible);
}

void
wn_screening_record_show (WnScreeningRecord *self,
                          gint64             record_id,
                          const WnRecord    *record)
{
  g_autofree char *authors = NULL;
  g_autoptr(GString) source = g_string_new (NULL);

  g_return_if_fail (WN_IS_SCREENING_RECORD (self));
  g_return_if_fail (record != NULL);

  self->record_id = record_id;
  g_free (self->title);
  self->title = g_strdup (is_blank (record->title) ? NULL : record->title);
  g_free (self->abstract);
  self->abstract = g_strdup (is_blank (record->abstract) ? NULL : record->abstract);
  g_free (self->keywords);
  self->keywords = join_strings (record->keywords, "; ");

  authors = join_strings (record->authors, "; ");
  gtk_label_set_text (self->authors_label, authors != NULL ? authors : "");
  set_optional (self->authors_label, NULL, authors);

  /* "Journal · 2019 · 12(3):45–67 · doi:10.…" */
  if (!is_blank (record->journal))
    g_string_append (source, record->journal);
  if (!is_blank (record->year))
    g_string_append_printf (source, "%s%s", source->len > 0 ? " · " : "", record->year);
  if (!is_blank (record->volume))
    {
      g_string_append_printf (source, "%s%s", source->len > 0 ? " · " : "", record->volume);
      if (!is_blank (record->issue))
        g_string_append_printf (source, "(%s)", record->issue);
      if (!is_blank (record->pages))
        g_string_append_printf (source, ":%s", record->pages);
    }
  if (!is_blank (record->doi))
    g_string_append_printf (source, "%sdoi:%s", source->len > 0 ? " · " : "", record->doi);
  gtk_label_set_text (self->source_label, source->str);
  set_optional (self->source_label, NULL, source->str);

  apply_text (self);
  set_optional (self->abstract_label, self->abstract_heading, self->abstract);
  set_optional (self->keywords_label, self->keywords_heading, self->keywords);

  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "record");
}

void
wn_screening_record_scroll_to_top (WnScreeningRecord *self)
{
  GtkAdjustment *adjustment;

  g_return_if_fail (WN_IS_SCREENING_RECORD (self));

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static void
forget_record (WnScreeningRecord *self)
{
  self->record_id = 0;
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->abstract, g_free);
  g_clear_pointer (&self->keywords, g_free);
  self->n_include = 0;
  self->n_exclude = 0;
}

void
wn_screening_record_show_loading (WnScreeningRecord *self,
                                  gint64             record_id)
{
  g_return_if_fail (WN_IS_SCREENING_RECORD (self));

  forget_record (self);
  self->record_id = record_id;
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

void
wn_screening_record_show_error (WnScreeningRecord *self,
                                const char        *message)
{
  g_return_if_fail (WN_IS_SCREENING_RECORD (self));

  forget_record (self);
  gtk_label_set_text (self->error_label, message);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

void
wn_screening_record_clear (WnScreeningRecord *self)
{
  g_return_if_fail (WN_IS_SCREENING_RECORD (self));

  forget_record (self);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

void
wn_screening_record_set_highlighter (WnScreeningRecord *self,
                                     WnHighlighter     *highlighter)
{
  g_return_if_fail (WN_IS_SCREENING_RECORD (self));

  if (self->highlighter == highlighter)
    return;

  g_clear_pointer (&self->highlighter, wn_highlighter_unref);
  if (highlighter != NULL)
    self->highlighter = wn_highlighter_ref (highlighter);

  if (self->title != NULL || self->abstract != NULL)
    apply_text (self);
}

PangoAttrList *
wn_screening_record_dup_mark_attributes (WnScreeningRecord *self,
                                         WnHighlightKind    kind)
{
  PangoAttrList *attrs;

  g_return_val_if_fail (WN_IS_SCREENING_RECORD (self), NULL);

  if (!self->colours_known)
    {
      self->dark = lookup_colours (self, self->colours);
      self->colours_known = TRUE;
    }

  attrs = pango_attr_list_new ();
  add_mark (attrs, &self->colours[kind == WN_HIGHLIGHT_EXCLUDE ? 1 : 0], kind,
            PANGO_ATTR_INDEX_FROM_TEXT_BEGINNING, PANGO_ATTR_INDEX_TO_TEXT_END);
  return attrs;
}

gint64
wn_screening_record_get_record_id (WnScreeningRecord *self)
{
  g_return_val_if_fail (WN_IS_SCREENING_RECORD (self), 0);

  return self->record_id;
}

const char *
wn_screening_record_get_title (WnScreeningRecord *self)
{
  g_return_val_if_fail (WN_IS_SCREENING_RECORD (self), NULL);

  return self->title;
}

guint
wn_screening_record_get_n_highlights (WnScreeningRecord *self,
                                      WnHighlightKind    kind)
{
  g_return_val_if_fail (WN_IS_SCREENING_RECORD (self), 0);

  return kind == WN_HIGHLIGHT_EXCLUDE ? self->n_exclude : self->n_include;
}
