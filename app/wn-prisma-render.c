/* wn-prisma-render.c — the PRISMA 2020 flow diagram, laid out with pango
 * and drawn with cairo: SVG, PDF, PNG and the app's preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout is the official PRISMA 2020 template for new reviews (the
 * team's notes, prisma2020.md §2): a grid of rows (identification,
 * screening, sought, assessed, included, total, meta-analysis) and columns
 * (previous studies; the databases arm's main and side columns; the other
 * methods arm's main and side columns). Every text is measured with pango
 * at its box's width, boxes on the same row share the tallest height, and
 * the phase bars down the left grow their rows when a label is longer than
 * its rows are tall: no text is ever clipped. Arrows are not stored; they
 * follow from which boxes exist (arrows[] below) and are routed from the
 * boxes' positions when drawing.
 *
 * Sizes are points. Text is set at 72 dpi with unhinted metrics and
 * unrounded glyph positions, so a layout measured once fits when drawn at
 * any scale (the preview's zoom, a 600 dpi PNG).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "wn-prisma-render.h"

/* Geometry, points. */
#define MARGIN         12.0
#define COLUMN_WIDTH   180.0
#define GAP_SIDE       30.0 /* main box → its side box (an arrow) */
#define GAP_ARM        34.0 /* between the previous column and the arms, between the arms */
#define GAP_ROW        26.0 /* between rows (an arrow) */
#define GAP_TITLE      14.0 /* title bars → first row */
#define GAP_PHASE      10.0 /* phase bars → first column */
#define MIN_BOX_HEIGHT 38.0
#define MIN_TITLE      24.0
#define TITLE_PADDING  5.0
#define PHASE_PADDING  6.0
#define ARROW_LENGTH   7.0
#define ARROW_HALF     3.5

typedef enum
{
  ROW_IDENTIFIED,
  ROW_SCREENED,
  ROW_SOUGHT,
  ROW_ASSESSED,
  ROW_INCLUDED,
  ROW_TOTAL,
  ROW_META,
  N_ROWS,
} Row;

typedef enum
{
  COL_PREVIOUS,
  COL_DBR_MAIN,
  COL_DBR_SIDE,
  COL_OTHER_MAIN,
  COL_OTHER_SIDE,
  N_COLS,
} Column;

typedef enum
{
  TEXT_BODY,  /* box texts: left, wrapped, hanging indent */
  TEXT_TITLE, /* title bars: bold, centred, wrapped */
  TEXT_PHASE, /* phase labels: bold, one line, turned */
} TextStyle;

/* The package's phase ids, their first and last rows. */
static const struct
{
  const char *id;
  Row         first;
  Row         last;
} phases[] = {
  { "identification", ROW_IDENTIFIED, ROW_IDENTIFIED },
  { "screening", ROW_SCREENED, ROW_ASSESSED },
  { "included", ROW_INCLUDED, ROW_META },
};

/* Arrows, drawn when both boxes exist. "box10" → "box17" only without a
 * totals box. */
static const struct
{
  const char *from;
  const char *to;
} arrows[] = {
  { "box2", "box3" },   { "box2", "box4" },   { "box4", "box5" },   { "box4", "box6" },
  { "box6", "box7" },   { "box6", "box8" },   { "box8", "box9" },   { "box8", "box10" },
  { "box11", "box12" }, { "box12", "box13" }, { "box12", "box14" }, { "box14", "box15" },
  { "box14", "box10" }, { "box1", "box16" },  { "box10", "box16" }, { "box16", "box17" },
  { "box10", "box17" },
};

/* ------------------------------------------------------------------------ */
/* Texts                                                                     */

/* U+2003 EM SPACE: one step of indentation in a box's list (9 points at 9
 * points); wrapped lines hang at two steps, so that the continuation of an
 * item stands to the right of the item's first line. */
#define INDENT "\xe2\x80\x83"

/* A count with a comma between thousands in English (the PRISMA2020
 * package prints scales::comma), the translation's separator otherwise, not
 * the locale's; "" for -1 (the template's empty "(n = )"). */
static char *
format_count (gint64 n)
{
  g_autofree char *digits = NULL;
  const char *separator;
  GString *out;
  gsize len;

  if (n < 0)
    return g_strdup ("");
  /* TRANSLATORS: what separates groups of three digits in the diagram's
   * counts, as in "1,234": "." in German, a no-break space in French. */
  separator = C_("digit group separator", ",");
  digits = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  len = strlen (digits);
  out = g_string_sized_new (len + len / 3 * strlen (separator) + 1);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* "(n = 1,234)" with no-break spaces, so that it never splits. */
static char *
count_fragment (gint64 n)
{
  g_autofree char *number = format_count (n);
  /* TRANSLATORS: a count in the PRISMA flow diagram, "(n = 1,234)"; the
   * spaces are printed as no-break spaces. */
  g_autofree char *text = g_strdup_printf (_("(n = %s)"), number);
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p == ' ')
      g_string_append (out, "\xc2\xa0");
    else
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* A user's name (a database, a reason) on one line. */
static char *
clean_name (const char *name)
{
  char *text = g_utf8_make_valid (name != NULL ? name : "", -1);

  for (char *p = text; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
  return g_strstrip (text);
}

static void
add_paragraph (GString    *text,
               const char *line)
{
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, line);
}

/* "  Label (n = 1,234)" at an indentation level. */
static void
add_counted (GString    *text,
             guint       level,
             const char *label,
             gint64      n)
{
  g_autofree char *count = count_fragment (n);
  GString *line = g_string_new (NULL);

  for (guint i = 0; i < level; i++)
    g_string_append (line, INDENT);
  g_string_append_printf (line, "%s %s", label, count);
  add_paragraph (text, line->str);
  g_string_free (line, TRUE);
}

static void
add_list (GString         *text,
          guint            level,
          const GPtrArray *list)
{
  if (list == NULL)
    return;
  for (guint i = 0; i < list->len; i++)
    {
      const WnPrismaCount *count = g_ptr_array_index (list, i);
      g_autofree char *name = clean_name (count->name);

      add_counted (text, level, name, count->n);
    }
}

static gboolean
list_empty (const GPtrArray *list)
{
  return list == NULL || list->len == 0;
}

/* "Label\n(n = 1,234)": the boxes with one count. */
static char *
single_text (const char *label,
             gint64      n)
{
  g_autofree char *count = count_fragment (n);

  return g_strdup_printf ("%s\n%s", label, count);
}

/* Lines "Label (n = x)" for the counts that are not -1; all of them, empty,
 * when every count is -1 and blank is TRUE; NULL (no box) otherwise. */
static char *
counted_lines (const char *const *labels,
               const gint64      *counts,
               guint              n,
               const char        *header,
               gboolean           blank)
{
  GString *text = g_string_new (NULL);
  gboolean any = FALSE;

  for (guint i = 0; i < n; i++)
    any = any || counts[i] >= 0;
  if (!any && !blank)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  if (header != NULL)
    add_paragraph (text, header);
  for (guint i = 0; i < n; i++)
    if (!any || counts[i] >= 0)
      add_counted (text, header != NULL ? 1 : 0, labels[i], counts[i]);
  return g_string_free (text, FALSE);
}

static char *
identified_text (const WnPrismaFlow *flow)
{
  gboolean databases = flow->database_results >= 0 || !list_empty (flow->database_specific_results);
  gboolean registers = flow->register_results >= 0 || !list_empty (flow->register_specific_results);
  GString *text = g_string_new (NULL);

  add_paragraph (text, _("Records identified from:"));
  if (databases || !registers)
    {
      add_counted (text, 1, _("Databases"), flow->database_results);
      add_list (text, 2, flow->database_specific_results);
    }
  if (registers || !databases)
    {
      add_counted (text, 1, _("Registers"), flow->register_results);
      add_list (text, 2, flow->register_specific_results);
    }
  return g_string_free (text, FALSE);
}

static char *
excluded_text (const GPtrArray *reasons)
{
  GString *text;

  if (list_empty (reasons))
    return NULL;
  text = g_string_new (_("Reports excluded:"));
  add_list (text, 1, reasons);
  return g_string_free (text, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Measuring                                                                 */

static void
configure_context (PangoContext *context)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (context, 72.0);
  pango_context_set_round_glyph_positions (context, FALSE);
}

/* A layout of text as it is drawn; width is the text's width (the box's
 * less its padding), unused for phase labels. */
static PangoLayout *
text_layout (PangoContext *context,
             const char   *text,
             TextStyle     style,
             double        width)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font
    = pango_font_description_from_string (style == TEXT_BODY ? WN_PRISMA_FONT : WN_PRISMA_TITLE_FONT);

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  if (style != TEXT_PHASE)
    {
      pango_layout_set_width (layout, pango_units_from_double (width));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (style == TEXT_BODY)
    pango_layout_set_indent (layout, -pango_units_from_double (WN_PRISMA_HANGING_INDENT));
  if (style == TEXT_TITLE)
    pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
text_size (PangoContext *context,
           const char   *text,
           TextStyle     style,
           double        width,
           double       *text_width,
           double       *text_height)
{
  g_autoptr(PangoLayout) layout = text_layout (context, text, style, width);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (text_width != NULL)
    *text_width = pango_units_to_double (logical.x + logical.width);
  if (text_height != NULL)
    *text_height = pango_units_to_double (logical.height);
}

/* ------------------------------------------------------------------------ */
/* Layout                                                                    */

typedef struct
{
  const char *id;
  char       *text; /* owned */
  Row         row;
  Column      column;
} Spec;

static void
add_spec (GArray     *specs,
          const char *id,
          Row         row,
          Column      column,
          char       *text)
{
  Spec spec = { id, text, row, column };

  if (text != NULL)
    g_array_append_val (specs, spec);
}

static int
compare_specs (gconstpointer a,
               gconstpointer b)
{
  const Spec *sa = a;
  const Spec *sb = b;

  if (sa->row != sb->row)
    return sa->row < sb->row ? -1 : 1;
  return sa->column < sb->column ? -1 : sa->column > sb->column;
}

static void
box_free (gpointer data)
{
  WnPrismaBox *box = data;

  g_free (box->box);
  g_free (box->text);
  g_free (box);
}

static void
add_box (WnPrismaLayout *layout,
         const char     *id,
         double          x,
         double          y,
         double          width,
         double          height,
         const char     *text)
{
  WnPrismaBox *box = g_new0 (WnPrismaBox, 1);

  box->box = g_strdup (id);
  box->x = x;
  box->y = y;
  box->width = width;
  box->height = height;
  box->text = g_strdup (text);
  g_ptr_array_add (layout->boxes, box);
}

/* The texts of the boxes that are drawn, in their rows and columns. */
static GArray *
flow_specs (const WnPrismaFlow *flow)
{
  GArray *specs = g_array_new (FALSE, FALSE, sizeof (Spec));

  if (flow->previous)
    {
      const char *labels[] = {
        _("Studies included in previous version of review"),
        _("Reports of studies included in previous version of review"),
      };
      gint64 counts[] = { flow->previous_studies, flow->previous_reports };

      add_spec (specs, "box1", ROW_IDENTIFIED, COL_PREVIOUS, counted_lines (labels, counts, 2, NULL, TRUE));
    }

  /* Databases and registers */
  add_spec (specs, "box2", ROW_IDENTIFIED, COL_DBR_MAIN, identified_text (flow));
  {
    const char *labels[] = {
      _("Duplicate records removed"),
      _("Records marked as ineligible by automation tools"),
      _("Records removed for other reasons"),
    };
    gint64 counts[] = { flow->duplicates, flow->excluded_automatic, flow->excluded_other };

    add_spec (specs, "box3", ROW_IDENTIFIED, COL_DBR_SIDE,
              counted_lines (labels, counts, 3, _("Records removed before screening:"), FALSE));
  }
  add_spec (specs, "box4", ROW_SCREENED, COL_DBR_MAIN, single_text (_("Records screened"), flow->records_screened));
  if (flow->records_excluded >= 0)
    add_spec (specs, "box5", ROW_SCREENED, COL_DBR_SIDE, single_text (_("Records excluded"), flow->records_excluded));
  add_spec (specs, "box6", ROW_SOUGHT, COL_DBR_MAIN,
            single_text (_("Reports sought for retrieval"), flow->dbr_sought_reports));
  if (flow->dbr_notretrieved_reports >= 0)
    add_spec (specs, "box7", ROW_SOUGHT, COL_DBR_SIDE,
              single_text (_("Reports not retrieved"), flow->dbr_notretrieved_reports));
  add_spec (specs, "box8", ROW_ASSESSED, COL_DBR_MAIN,
            single_text (_("Reports assessed for eligibility"), flow->dbr_assessed));
  add_spec (specs, "box9", ROW_ASSESSED, COL_DBR_SIDE, excluded_text (flow->dbr_excluded));

  /* Other methods */
  if (flow->other)
    {
      const char *labels[] = { _("Websites"), _("Organisations"), _("Citation searching") };
      gint64 counts[] = { flow->website_results, flow->organisation_results, flow->citations_results };

      add_spec (specs, "box11", ROW_IDENTIFIED, COL_OTHER_MAIN,
                counted_lines (labels, counts, 3, _("Records identified from:"), TRUE));
      add_spec (specs, "box12", ROW_SOUGHT, COL_OTHER_MAIN,
                single_text (_("Reports sought for retrieval"), flow->other_sought_reports));
      if (flow->other_notretrieved_reports >= 0)
        add_spec (specs, "box13", ROW_SOUGHT, COL_OTHER_SIDE,
                  single_text (_("Reports not retrieved"), flow->other_notretrieved_reports));
      add_spec (specs, "box14", ROW_ASSESSED, COL_OTHER_MAIN,
                single_text (_("Reports assessed for eligibility"), flow->other_assessed));
      add_spec (specs, "box15", ROW_ASSESSED, COL_OTHER_SIDE, excluded_text (flow->other_excluded));
    }

  /* Included */
  {
    const char *labels[] = {
      flow->previous ? _("New studies included in review") : _("Studies included in review"),
      flow->previous ? _("Reports of new included studies") : _("Reports of included studies"),
    };
    gint64 counts[] = { flow->new_studies, flow->new_reports };

    add_spec (specs, "box10", ROW_INCLUDED, COL_DBR_MAIN, counted_lines (labels, counts, 2, NULL, TRUE));
  }
  if (flow->previous)
    {
      const char *labels[] = {
        _("Total studies included in review"),
        _("Reports of total included studies"),
      };
      gint64 counts[] = { flow->total_studies, flow->total_reports };

      add_spec (specs, "box16", ROW_TOTAL, COL_DBR_MAIN, counted_lines (labels, counts, 2, NULL, TRUE));
    }
  {
    const char *labels[] = {
      _("Studies included in meta-analysis"),
      _("Reports of studies included in meta-analysis"),
    };
    gint64 counts[] = { flow->total_studies_ma, flow->total_reports_ma };

    add_spec (specs, "box17", ROW_META, COL_DBR_MAIN, counted_lines (labels, counts, 2, NULL, FALSE));
  }

  g_array_sort (specs, compare_specs);
  return specs;
}

typedef struct
{
  const char *id;
  char       *text; /* owned */
  Column      first;
  Column      last;
} Title;

WnPrismaLayout *
wn_prisma_layout_new (const WnPrismaFlow *flow)
{
  PangoContext *context;
  g_autoptr(GArray) specs = NULL;
  WnPrismaLayout *layout;
  const char *phase_labels[G_N_ELEMENTS (phases)] = { _("Identification"), _("Screening"), _("Included") };
  double phase_length[G_N_ELEMENTS (phases)];
  double phase_width = 0;
  double column_x[N_COLS] = { 0 };
  double row_height[N_ROWS] = { 0 };
  double row_y[N_ROWS] = { 0 };
  gboolean row_used[N_ROWS] = { FALSE };
  Title titles[3];
  guint n_titles = 0;
  double title_height = MIN_TITLE;
  double x, y;

  g_return_val_if_fail (flow != NULL, NULL);

  context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  configure_context (context);
  layout = g_new0 (WnPrismaLayout, 1);
  layout->boxes = g_ptr_array_new_with_free_func (box_free);

  /* Columns */
  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    {
      double w, h;

      text_size (context, phase_labels[i], TEXT_PHASE, 0, &w, &h);
      phase_length[i] = w + 2 * PHASE_PADDING;
      phase_width = MAX (phase_width, h + 2 * TITLE_PADDING);
    }
  x = MARGIN + phase_width + GAP_PHASE;
  if (flow->previous)
    {
      column_x[COL_PREVIOUS] = x;
      x += COLUMN_WIDTH + GAP_ARM;
    }
  column_x[COL_DBR_MAIN] = x;
  column_x[COL_DBR_SIDE] = x + COLUMN_WIDTH + GAP_SIDE;
  x = column_x[COL_DBR_SIDE] + COLUMN_WIDTH;
  if (flow->other)
    {
      column_x[COL_OTHER_MAIN] = x + GAP_ARM;
      column_x[COL_OTHER_SIDE] = column_x[COL_OTHER_MAIN] + COLUMN_WIDTH + GAP_SIDE;
      x = column_x[COL_OTHER_SIDE] + COLUMN_WIDTH;
    }
  layout->width = x + MARGIN;

  /* Title bars, one row */
  if (flow->previous)
    titles[n_titles++] = (Title) { "prevstud", g_strdup (_("Previous studies")), COL_PREVIOUS, COL_PREVIOUS };
  titles[n_titles++] = (Title) {
    "newstud",
    g_strdup (flow->previous ? _("Identification of new studies via databases and registers")
                             : _("Identification of studies via databases and registers")),
    COL_DBR_MAIN,
    COL_DBR_SIDE,
  };
  if (flow->other)
    titles[n_titles++] = (Title) {
      "othstud",
      g_strdup (flow->previous ? _("Identification of new studies via other methods")
                               : _("Identification of studies via other methods")),
      COL_OTHER_MAIN,
      COL_OTHER_SIDE,
    };
  for (guint i = 0; i < n_titles; i++)
    {
      double width = column_x[titles[i].last] + COLUMN_WIDTH - column_x[titles[i].first];
      double h;

      text_size (context, titles[i].text, TEXT_TITLE, width - 2 * WN_PRISMA_PADDING, NULL, &h);
      title_height = MAX (title_height, h + 2 * TITLE_PADDING);
    }

  /* Rows: the tallest text of each, then long enough for the phase labels */
  specs = flow_specs (flow);
  for (guint i = 0; i < specs->len; i++)
    {
      const Spec *spec = &g_array_index (specs, Spec, i);
      double h;

      text_size (context, spec->text, TEXT_BODY, COLUMN_WIDTH - 2 * WN_PRISMA_PADDING, NULL, &h);
      row_used[spec->row] = TRUE;
      row_height[spec->row] = MAX (row_height[spec->row], MAX (MIN_BOX_HEIGHT, h + 2 * WN_PRISMA_PADDING));
    }
  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    {
      double span = 0;
      int first_used = -1;

      for (int r = phases[i].first; r <= (int) phases[i].last; r++)
        if (row_used[r])
          {
            span += (first_used >= 0 ? GAP_ROW : 0) + row_height[r];
            if (first_used < 0)
              first_used = r;
          }
      if (first_used >= 0 && span < phase_length[i])
        row_height[first_used] += phase_length[i] - span;
    }
  y = MARGIN + title_height + GAP_TITLE;
  for (int r = 0; r < N_ROWS; r++)
    if (row_used[r])
      {
        row_y[r] = y;
        y += row_height[r] + GAP_ROW;
      }
  layout->height = y - GAP_ROW + MARGIN;

  /* Boxes, in reading order: titles, phases, then row by row */
  for (guint i = 0; i < n_titles; i++)
    {
      double width = column_x[titles[i].last] + COLUMN_WIDTH - column_x[titles[i].first];

      add_box (layout, titles[i].id, column_x[titles[i].first], MARGIN, width, title_height, titles[i].text);
      g_free (titles[i].text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    {
      double top = -1, bottom = -1;

      for (int r = phases[i].first; r <= (int) phases[i].last; r++)
        if (row_used[r])
          {
            if (top < 0)
              top = row_y[r];
            bottom = row_y[r] + row_height[r];
          }
      if (top >= 0)
        add_box (layout, phases[i].id, MARGIN, top, phase_width, bottom - top, phase_labels[i]);
    }
  for (guint i = 0; i < specs->len; i++)
    {
      Spec *spec = &g_array_index (specs, Spec, i);

      add_box (layout, spec->id, column_x[spec->column], row_y[spec->row], COLUMN_WIDTH, row_height[spec->row],
               spec->text);
      g_clear_pointer (&spec->text, g_free);
    }
  g_object_unref (context);
  return layout;
}

void
wn_prisma_layout_free (WnPrismaLayout *layout)
{
  if (layout == NULL)
    return;
  g_ptr_array_unref (layout->boxes);
  g_free (layout);
}

static const WnPrismaBox *
find_box (const WnPrismaLayout *layout,
          const char           *id)
{
  for (guint i = 0; i < layout->boxes->len; i++)
    {
      const WnPrismaBox *box = g_ptr_array_index (layout->boxes, i);

      if (g_str_equal (box->box, id))
        return box;
    }
  return NULL;
}

const WnPrismaBox *
wn_prisma_layout_hit (const WnPrismaLayout *layout,
                      double                x,
                      double                y)
{
  g_return_val_if_fail (layout != NULL, NULL);

  for (guint i = 0; i < layout->boxes->len; i++)
    {
      const WnPrismaBox *box = g_ptr_array_index (layout->boxes, i);

      if (x >= box->x && x <= box->x + box->width && y >= box->y && y <= box->y + box->height)
        return box;
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Drawing                                                                   */

typedef enum
{
  STYLE_BOX,
  STYLE_GREY_BOX,    /* the previous column, the other methods arm */
  STYLE_TITLE,       /* databases and registers */
  STYLE_GREY_TITLE,  /* previous studies, other methods */
  STYLE_PHASE,
} BoxStyle;

static BoxStyle
box_style (const char *id)
{
  if (g_str_equal (id, "newstud"))
    return STYLE_TITLE;
  if (g_str_equal (id, "othstud") || g_str_equal (id, "prevstud"))
    return STYLE_GREY_TITLE;
  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    if (g_str_equal (id, phases[i].id))
      return STYLE_PHASE;
  if (g_str_equal (id, "box1") || g_str_equal (id, "box11") || g_str_equal (id, "box12")
      || g_str_equal (id, "box13") || g_str_equal (id, "box14") || g_str_equal (id, "box15"))
    return STYLE_GREY_BOX;
  return STYLE_BOX;
}

static void
set_rgb (cairo_t *cr,
         guint32  rgb)
{
  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* A line through points (x, y pairs) ending in a filled head. */
static void
draw_arrow (cairo_t      *cr,
            const double *points,
            guint         n_points)
{
  double x1 = points[2 * n_points - 4];
  double y1 = points[2 * n_points - 3];
  double x2 = points[2 * n_points - 2];
  double y2 = points[2 * n_points - 1];
  double length = hypot (x2 - x1, y2 - y1);
  double ux, uy;

  if (length < ARROW_LENGTH)
    return;
  ux = (x2 - x1) / length;
  uy = (y2 - y1) / length;
  cairo_move_to (cr, points[0], points[1]);
  for (guint i = 1; i + 1 < n_points; i++)
    cairo_line_to (cr, points[2 * i], points[2 * i + 1]);
  cairo_line_to (cr, x2 - ux * ARROW_LENGTH * 0.8, y2 - uy * ARROW_LENGTH * 0.8);
  cairo_stroke (cr);
  cairo_move_to (cr, x2, y2);
  cairo_line_to (cr, x2 - ux * ARROW_LENGTH - uy * ARROW_HALF, y2 - uy * ARROW_LENGTH + ux * ARROW_HALF);
  cairo_line_to (cr, x2 - ux * ARROW_LENGTH + uy * ARROW_HALF, y2 - uy * ARROW_LENGTH - ux * ARROW_HALF);
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* Routes an arrow between two boxes: across to a box on the same row,
 * down to a box in the same column, otherwise down then across (the other
 * methods arm into the included box, the previous column into the totals). */
static void
route_arrow (cairo_t           *cr,
             const WnPrismaBox *from,
             const WnPrismaBox *to)
{
  double from_cx = from->x + from->width / 2;
  double from_cy = from->y + from->height / 2;
  double from_bottom = from->y + from->height;
  double to_cy = to->y + to->height / 2;

  if (to->x >= from->x + from->width && from_cy >= to->y && from_cy <= to->y + to->height)
    {
      double points[] = { from->x + from->width, from_cy, to->x, from_cy };

      draw_arrow (cr, points, 2);
    }
  else if (to->y >= from_bottom && to->x < from->x + from->width && to->x + to->width > from->x)
    {
      double points[] = { from_cx, from_bottom, from_cx, to->y };

      draw_arrow (cr, points, 2);
    }
  else
    {
      double end_x = to->x >= from_cx ? to->x : to->x + to->width;
      double points[] = { from_cx, from_bottom, from_cx, to_cy, end_x, to_cy };

      draw_arrow (cr, points, 3);
    }
}

static PangoContext *
draw_context (cairo_t *cr)
{
  PangoContext *context = pango_cairo_create_context (cr);

  configure_context (context);
  pango_cairo_update_context (cr, context);
  return context;
}

static void
draw_text (cairo_t            *cr,
           PangoContext       *context,
           const WnPrismaBox  *box,
           BoxStyle            style)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoRectangle logical;

  if (box->text == NULL || box->text[0] == '\0')
    return;
  set_rgb (cr, 0x000000);
  if (style == STYLE_PHASE)
    {
      layout = text_layout (context, box->text, TEXT_PHASE, 0);
      pango_layout_get_extents (layout, NULL, &logical);
      cairo_save (cr);
      cairo_translate (cr, box->x + box->width / 2, box->y + box->height / 2);
      cairo_rotate (cr, -G_PI / 2);
      pango_cairo_update_context (cr, context);
      pango_layout_context_changed (layout);
      cairo_move_to (cr, -pango_units_to_double (logical.width) / 2, -pango_units_to_double (logical.height) / 2);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
      pango_cairo_update_context (cr, context);
      return;
    }
  layout = text_layout (context, box->text, style == STYLE_TITLE || style == STYLE_GREY_TITLE ? TEXT_TITLE : TEXT_BODY,
                        box->width - 2 * WN_PRISMA_PADDING);
  pango_layout_get_extents (layout, NULL, &logical);
  cairo_move_to (cr, box->x + WN_PRISMA_PADDING, box->y + (box->height - pango_units_to_double (logical.height)) / 2);
  pango_cairo_show_layout (cr, layout);
}

void
wn_prisma_draw (const WnPrismaLayout *layout,
                cairo_t              *cr,
                const char           *highlight)
{
  PangoContext *context;

  g_return_if_fail (layout != NULL);
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  context = draw_context (cr);

  /* Arrows under the boxes */
  set_rgb (cr, 0x262626);
  cairo_set_line_width (cr, 1.0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  for (guint i = 0; i < G_N_ELEMENTS (arrows); i++)
    {
      const WnPrismaBox *from = find_box (layout, arrows[i].from);
      const WnPrismaBox *to = find_box (layout, arrows[i].to);

      if (from == NULL || to == NULL)
        continue;
      if (g_str_equal (arrows[i].from, "box10") && g_str_equal (arrows[i].to, "box17")
          && find_box (layout, "box16") != NULL)
        continue;
      route_arrow (cr, from, to);
    }

  for (guint i = 0; i < layout->boxes->len; i++)
    {
      const WnPrismaBox *box = g_ptr_array_index (layout->boxes, i);
      BoxStyle style = box_style (box->box);
      guint32 fill = 0xffffff, line = 0x333333;
      double radius = 0;

      switch (style)
        {
        case STYLE_BOX:
          break;
        case STYLE_GREY_BOX:
          fill = 0xeeeeee;
          break;
        case STYLE_TITLE:
          fill = 0xf9c74f;
          line = 0xb8860b;
          radius = 4;
          break;
        case STYLE_GREY_TITLE:
          fill = 0xd9d9d9;
          line = 0x8c8c8c;
          radius = 4;
          break;
        case STYLE_PHASE:
          fill = 0xa9c9ea;
          line = 0x5f87b3;
          radius = 4;
          break;
        default:
          g_assert_not_reached ();
        }
      /* Outlines on the half point, crisp at 72 dpi. */
      if (radius > 0)
        rounded_rectangle (cr, box->x + 0.5, box->y + 0.5, box->width - 1, box->height - 1, radius);
      else
        cairo_rectangle (cr, box->x + 0.5, box->y + 0.5, box->width - 1, box->height - 1);
      set_rgb (cr, fill);
      cairo_fill_preserve (cr);
      set_rgb (cr, line);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
      draw_text (cr, context, box, style);

      if (highlight != NULL && g_str_equal (highlight, box->box))
        {
          cairo_rectangle (cr, box->x - 1.5, box->y - 1.5, box->width + 3, box->height + 3);
          set_rgb (cr, 0x1c71d8);
          cairo_set_line_width (cr, 3.0);
          cairo_stroke (cr);
        }
    }
  g_object_unref (context);
  cairo_restore (cr);
}

/* ------------------------------------------------------------------------ */
/* Files                                                                     */

gboolean
wn_prisma_format_from_string (const char     *text,
                              WnPrismaFormat *format)
{
  static const struct
  {
    const char     *name;
    WnPrismaFormat  format;
  } names[] = {
    { "svg", WN_PRISMA_FORMAT_SVG },
    { "pdf", WN_PRISMA_FORMAT_PDF },
    { "png", WN_PRISMA_FORMAT_PNG },
  };

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i].name) == 0)
      {
        if (format != NULL)
          *format = names[i].format;
        return TRUE;
      }
  return FALSE;
}

typedef struct
{
  int fd;
  int error; /* errno of the first failed write, or 0 */
} Sink;

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;

  while (length > 0 && sink->error == 0)
    {
      gssize written = write (sink->fd, data, length);

      if (written < 0)
        {
          if (errno != EINTR)
            sink->error = errno;
          continue;
        }
      data += written;
      length -= (unsigned int) written;
    }
  return sink->error == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         len)
{
  crc = ~crc;
  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
    }
  return ~crc;
}

static void
put_be32 (guint8  *out,
          guint32  value)
{
  out[0] = value >> 24;
  out[1] = value >> 16;
  out[2] = value >> 8;
  out[3] = value;
}

/* cairo's PNG after its IHDR chunk, with a pHYs chunk saying the
 * resolution, so that word processors place it at its printed size. */
static cairo_status_t
png_collect (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
write_png (cairo_surface_t *surface,
           double           dpi,
           Sink            *sink)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  const gsize ihdr_end = 8 + 4 + 4 + 13 + 4; /* signature, IHDR length, type, data, CRC */
  guint8 phys[4 + 4 + 9 + 4];
  guint32 per_metre = (guint32) lround (dpi / 0.0254);

  if (cairo_surface_write_to_png_stream (surface, png_collect, png) != CAIRO_STATUS_SUCCESS || png->len < ihdr_end)
    return FALSE;
  put_be32 (phys, 9);
  memcpy (phys + 4, "pHYs", 4);
  put_be32 (phys + 8, per_metre);
  put_be32 (phys + 12, per_metre);
  phys[16] = 1; /* the unit is the metre */
  put_be32 (phys + 17, crc32_update (0, phys + 4, 4 + 9));
  return sink_write (sink, png->data, ihdr_end) == CAIRO_STATUS_SUCCESS
         && sink_write (sink, phys, sizeof phys) == CAIRO_STATUS_SUCCESS
         && sink_write (sink, png->data + ihdr_end, png->len - ihdr_end) == CAIRO_STATUS_SUCCESS;
}

static void
set_file_error (GError    **error,
                int         saved_errno,
                const char *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno), _("could not write “%s”: %s"), display,
               g_strerror (saved_errno));
}

/* Draws the diagram into the open temporary file. */
static gboolean
render_to_fd (const WnPrismaLayout *layout,
              WnPrismaFormat        format,
              double                dpi,
              Sink                 *sink,
              const char           *path,
              GError              **error)
{
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  double scale = 1.0;
  gboolean ok;

  switch (format)
    {
    case WN_PRISMA_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (sink_write, sink, layout->width, layout->height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
      break;
    case WN_PRISMA_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (sink_write, sink, layout->width, layout->height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("PRISMA 2020 flow diagram"));
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME " " PACKAGE_VERSION);
      break;
    case WN_PRISMA_FORMAT_PNG:
      scale = dpi / 72.0;
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (layout->width * scale),
                                            (int) ceil (layout->height * scale));
      break;
    default:
      g_assert_not_reached ();
    }

  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  wn_prisma_draw (layout, cr, NULL);
  if (format != WN_PRISMA_FORMAT_PNG)
    cairo_show_page (cr);
  ok = cairo_status (cr) == CAIRO_STATUS_SUCCESS;
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (ok && format == WN_PRISMA_FORMAT_PNG)
    ok = cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS && write_png (surface, dpi, sink);
  cairo_surface_finish (surface);
  ok = ok && cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS && sink->error == 0;
  if (!ok)
    {
      if (sink->error != 0)
        set_file_error (error, sink->error, path);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("could not draw the diagram: %s"),
                     cairo_status_to_string (cairo_surface_status (surface)));
    }
  cairo_surface_destroy (surface);
  return ok;
}

gboolean
wn_prisma_render_file (const WnPrismaFlow  *flow,
                       WnPrismaFormat       format,
                       double               dpi,
                       const char          *path,
                       GError             **error)
{
  g_autoptr(WnPrismaLayout) layout = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  g_autofree char *tmp = NULL;
  Sink sink = { -1, 0 };
  GStatBuf st;
  int dir_fd;

  g_return_val_if_fail (flow != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  layout = wn_prisma_layout_new (flow);
  /* cairo's image surfaces stop at 32767 pixels a side. */
  if (format == WN_PRISMA_FORMAT_PNG
      && (!isfinite (dpi) || dpi < 72 || ceil (layout->width * dpi / 72) > 32767
          || ceil (layout->height * dpi / 72) > 32767))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("a resolution of %g dpi is out of range for this diagram "
                     "(72 dpi or more, up to 32767 pixels a side)"),
                   dpi);
      return FALSE;
    }

  /* A temporary file in the same folder, renamed over the target once it
   * is complete and on disk (as wn-export.c writes). */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  name = g_strdup_printf (".%s.XXXXXX", base);
  tmp = g_build_filename (dir, name, NULL);
  sink.fd = g_mkstemp_full (tmp, O_WRONLY, 0666);
  if (sink.fd < 0)
    {
      set_file_error (error, errno, path);
      return FALSE;
    }
  /* Replacing a file keeps its permissions; a new one gets the umask's. */
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode))
    (void) fchmod (sink.fd, st.st_mode & 07777);

  if (!render_to_fd (layout, format, dpi, &sink, path, error))
    goto fail;
  if (g_fsync (sink.fd) != 0)
    {
      set_file_error (error, errno, path);
      goto fail;
    }
  if (close (sink.fd) != 0)
    {
      sink.fd = -1;
      set_file_error (error, errno, path);
      goto fail;
    }
  sink.fd = -1;
  if (g_rename (tmp, path) != 0)
    {
      set_file_error (error, errno, path);
      goto fail;
    }

  /* The rename is durable once the folder is flushed; a failure here
   * leaves a complete file either way. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY);
  if (dir_fd >= 0)
    {
      (void) g_fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;

fail:
  if (sink.fd >= 0)
    close (sink.fd);
  g_unlink (tmp);
  return FALSE;
}
