/* test-prisma-render.c — the PRISMA 2020 flow diagram: layout, SVG, PDF,
 * PNG, atomic writing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The full flow has both arms, three databases, a register and six
 * exclusion reasons, one of them 200 characters long. Every text is
 * measured here with pango as the header says texts are set (its font,
 * padding and indent, at 72 dpi, unhinted) and must fit its box; boxes must
 * not overlap. The files are read back with the tools a reader would use:
 * rsvg-convert for the SVG, pdftotext for the PDF's text, the PNG header
 * for its size.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "wn-prisma-render.h"

#define LONG_REASON                                                                             \
  "Published before the intervention was licensed, so it describes an earlier formulation given " \
  "at another dose, route and schedule, which the review protocol set aside at the outset for "   \
  "all comparisons."

/* ------------------------------------------------------------------------ */
/* Flows                                                                     */

static WnPrismaFlow *
full_flow (void)
{
  WnPrismaFlow *flow = wn_prisma_flow_new ();

  flow->other = TRUE;
  flow->database_results = 3200;
  wn_prisma_flow_add_count (flow->database_specific_results, "PubMed", 1500);
  wn_prisma_flow_add_count (flow->database_specific_results, "Embase", 1234);
  wn_prisma_flow_add_count (flow->database_specific_results, "PsycINFO", 466);
  flow->register_results = 120;
  wn_prisma_flow_add_count (flow->register_specific_results, "ClinicalTrials.gov", 120);
  flow->website_results = 45;
  flow->organisation_results = 12;
  flow->citations_results = 33;
  flow->duplicates = 1020;
  flow->excluded_automatic = 150;
  flow->excluded_other = 30;
  flow->records_screened = 2120;
  flow->records_excluded = 1850;
  flow->dbr_sought_reports = 270;
  flow->dbr_notretrieved_reports = 12;
  flow->dbr_assessed = 258;
  wn_prisma_flow_add_count (flow->dbr_excluded, "Wrong population", 80);
  wn_prisma_flow_add_count (flow->dbr_excluded, "Wrong intervention", 45);
  wn_prisma_flow_add_count (flow->dbr_excluded, "Wrong outcome", 30);
  wn_prisma_flow_add_count (flow->dbr_excluded, "Wrong study design", 25);
  wn_prisma_flow_add_count (flow->dbr_excluded, "Conference abstract only", 20);
  wn_prisma_flow_add_count (flow->dbr_excluded, LONG_REASON, 10);
  flow->other_sought_reports = 40;
  flow->other_notretrieved_reports = 3;
  flow->other_assessed = 37;
  wn_prisma_flow_add_count (flow->other_excluded, "Not a randomised trial", 20);
  wn_prisma_flow_add_count (flow->other_excluded, "Already found in databases", 5);
  flow->new_studies = 52;
  flow->new_reports = 60;
  return flow;
}

/* An updated review with a meta-analysis, databases only. */
static WnPrismaFlow *
updated_flow (void)
{
  WnPrismaFlow *flow = full_flow ();

  flow->other = FALSE;
  flow->previous = TRUE;
  flow->previous_studies = 20;
  flow->previous_reports = 25;
  flow->total_studies = 72;
  flow->total_reports = 85;
  flow->total_studies_ma = 30;
  flow->total_reports_ma = 34;
  return flow;
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

/* Text with no-break and em spaces as spaces, runs of white space as one. */
static char *
plain (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x00A0 || c == 0x2003)
        {
          if (!space)
            g_string_append_c (out, ' ');
          space = TRUE;
          continue;
        }
      g_string_append_unichar (out, c);
      space = FALSE;
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
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

/* A box that must be there. */
static const WnPrismaBox *
get_box (const WnPrismaLayout *layout,
         const char           *id)
{
  const WnPrismaBox *box = find_box (layout, id);

  if (box == NULL)
    g_error ("no %s in the layout", id);
  return box;
}

static gboolean
is_title (const char *id)
{
  return g_str_equal (id, "newstud") || g_str_equal (id, "othstud") || g_str_equal (id, "prevstud");
}

static gboolean
is_phase (const char *id)
{
  return g_str_equal (id, "identification") || g_str_equal (id, "screening") || g_str_equal (id, "included");
}

static PangoContext *
measuring_context (cairo_t *cr)
{
  PangoContext *context;
  cairo_font_options_t *options = cairo_font_options_create ();

  if (cr != NULL)
    context = pango_cairo_create_context (cr);
  else
    context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (context, 72.0);
  pango_context_set_round_glyph_positions (context, FALSE);
  if (cr != NULL)
    pango_cairo_update_context (cr, context);
  return context;
}

/* A box's text set as the header says. */
static PangoLayout *
box_text_layout (PangoContext      *context,
                 const WnPrismaBox *box,
                 const char        *text)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_from_string (
    is_title (box->box) || is_phase (box->box) ? WN_PRISMA_TITLE_FONT : WN_PRISMA_FONT);

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  if (!is_phase (box->box))
    {
      pango_layout_set_width (layout, pango_units_from_double (box->width - 2 * WN_PRISMA_PADDING));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (is_title (box->box))
    pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  else if (!is_phase (box->box))
    pango_layout_set_indent (layout, -pango_units_from_double (WN_PRISMA_HANGING_INDENT));
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
assert_texts_fit (const WnPrismaLayout *layout,
                  PangoContext         *context)
{
  const double eps = 0.01;

  for (guint i = 0; i < layout->boxes->len; i++)
    {
      const WnPrismaBox *box = g_ptr_array_index (layout->boxes, i);
      g_autoptr(PangoLayout) text = box_text_layout (context, box, box->text);
      PangoRectangle ink, logical;
      double width, height, ink_width, ink_height;

      pango_layout_get_extents (text, &ink, &logical);
      width = pango_units_to_double (logical.x + logical.width);
      height = pango_units_to_double (logical.height);
      ink_width = pango_units_to_double (ink.x + ink.width);
      ink_height = pango_units_to_double (ink.y + ink.height);
      g_test_message ("%s: %.1f × %.1f in %.1f × %.1f", box->box, width, height, box->width, box->height);
      if (is_phase (box->box))
        {
          /* Turned a quarter: the text's width runs up the bar. */
          g_assert_cmpfloat (width, <=, box->height + eps);
          g_assert_cmpfloat (height, <=, box->width + eps);
          continue;
        }
      /* Inside the padding, at the width the text is wrapped to… */
      g_assert_cmpfloat (width, <=, box->width - 2 * WN_PRISMA_PADDING + eps);
      g_assert_cmpfloat (height, <=, box->height - (is_title (box->box) ? 0 : 2 * WN_PRISMA_PADDING) + eps);
      g_assert_cmpfloat (ink_width, <=, box->width - WN_PRISMA_PADDING);
      g_assert_cmpfloat (ink_height, <=, box->height);
      /* … and so at the box's own width. */
      pango_layout_set_width (text, pango_units_from_double (box->width));
      pango_layout_get_extents (text, NULL, &logical);
      g_assert_cmpfloat (pango_units_to_double (logical.x + logical.width), <=, box->width + eps);
      g_assert_cmpfloat (pango_units_to_double (logical.height), <=, box->height + eps);
    }
}

static void
assert_no_overlap (const WnPrismaLayout *layout)
{
  for (guint i = 0; i < layout->boxes->len; i++)
    {
      const WnPrismaBox *a = g_ptr_array_index (layout->boxes, i);

      g_assert_cmpfloat (a->width, >, 0);
      g_assert_cmpfloat (a->height, >, 0);
      g_assert_cmpfloat (a->x, >=, 0);
      g_assert_cmpfloat (a->y, >=, 0);
      g_assert_cmpfloat (a->x + a->width, <=, layout->width);
      g_assert_cmpfloat (a->y + a->height, <=, layout->height);
      for (guint j = i + 1; j < layout->boxes->len; j++)
        {
          const WnPrismaBox *b = g_ptr_array_index (layout->boxes, j);
          gboolean apart = a->x + a->width <= b->x || b->x + b->width <= a->x || a->y + a->height <= b->y
                           || b->y + b->height <= a->y;

          if (!apart)
            g_error ("%s (%.1f, %.1f, %.1f × %.1f) overlaps %s (%.1f, %.1f, %.1f × %.1f)", a->box, a->x, a->y,
                     a->width, a->height, b->box, b->x, b->y, b->width, b->height);
        }
    }
}

static void
check_layout (const WnPrismaLayout *layout)
{
  PangoContext *context = measuring_context (NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 8, 8);
  cairo_t *cr = cairo_create (surface);

  assert_no_overlap (layout);
  assert_texts_fit (layout, context);
  g_object_unref (context);

  /* The same sizes at 600 dpi, as a PNG is drawn. */
  cairo_scale (cr, 600.0 / 72, 600.0 / 72);
  context = measuring_context (cr);
  assert_texts_fit (layout, context);
  g_object_unref (context);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static char *
box_plain_text (const WnPrismaLayout *layout,
                const char           *id)
{
  return plain (get_box (layout, id)->text);
}

static void
assert_box_contains (const WnPrismaLayout *layout,
                     const char           *id,
                     const char           *text)
{
  g_autofree char *have = box_plain_text (layout, id);

  if (strstr (have, text) == NULL)
    g_error ("%s is “%s”, without “%s”", id, have, text);
}

static void
assert_same_row (const WnPrismaLayout *layout,
                 const char *const    *ids)
{
  const WnPrismaBox *first = get_box (layout, ids[0]);

  for (guint i = 1; ids[i] != NULL; i++)
    {
      const WnPrismaBox *box = get_box (layout, ids[i]);

      g_assert_cmpfloat (box->y, ==, first->y);
      g_assert_cmpfloat (box->height, ==, first->height);
    }
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }
  g_remove (path);
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Width and height from a PNG's IHDR. */
static void
png_size (const char *path,
          guint32    *width,
          guint32    *height)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;
  const guchar *p;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 24);
  p = (const guchar *) data;
  g_assert_cmpmem (p, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpmem (p + 12, 4, "IHDR", 4);
  *width = (guint32) p[16] << 24 | (guint32) p[17] << 16 | (guint32) p[18] << 8 | p[19];
  *height = (guint32) p[20] << 24 | (guint32) p[21] << 16 | (guint32) p[22] << 8 | p[23];
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                     */

static void
test_format (void)
{
  WnPrismaFormat format = WN_PRISMA_FORMAT_PNG;

  g_assert_true (wn_prisma_format_from_string ("svg", &format));
  g_assert_cmpint (format, ==, WN_PRISMA_FORMAT_SVG);
  g_assert_true (wn_prisma_format_from_string ("pdf", &format));
  g_assert_cmpint (format, ==, WN_PRISMA_FORMAT_PDF);
  g_assert_true (wn_prisma_format_from_string ("PNG", &format));
  g_assert_cmpint (format, ==, WN_PRISMA_FORMAT_PNG);
  g_assert_false (wn_prisma_format_from_string ("jpeg", &format));
  g_assert_false (wn_prisma_format_from_string ("", &format));
  g_assert_false (wn_prisma_format_from_string (NULL, &format));
}

static void
test_layout_full (void)
{
  g_autoptr(WnPrismaFlow) flow = full_flow ();
  g_autoptr(WnPrismaLayout) layout = wn_prisma_layout_new (flow);
  const char *present[] = {
    "newstud", "othstud", "identification", "screening", "included", "box2", "box3", "box4", "box5",
    "box6",    "box7",    "box8",           "box9",      "box10",    "box11", "box12", "box13", "box14", "box15",
  };
  const char *absent[] = { "prevstud", "box1", "box16", "box17" };
  const char *row1[] = { "box2", "box3", "box11", NULL };
  const char *row2[] = { "box4", "box5", NULL };
  const char *row3[] = { "box6", "box7", "box12", "box13", NULL };
  const char *row4[] = { "box8", "box9", "box14", "box15", NULL };

  g_assert_nonnull (layout);
  g_assert_cmpuint (layout->boxes->len, ==, G_N_ELEMENTS (present));
  for (guint i = 0; i < G_N_ELEMENTS (present); i++)
    g_assert_nonnull (find_box (layout, present[i]));
  for (guint i = 0; i < G_N_ELEMENTS (absent); i++)
    g_assert_null (find_box (layout, absent[i]));
  check_layout (layout);
  assert_same_row (layout, row1);
  assert_same_row (layout, row2);
  assert_same_row (layout, row3);
  assert_same_row (layout, row4);

  /* The rows go down in the flow's order, the side boxes to the right. */
  g_assert_cmpfloat (get_box (layout, "box2")->y, <, get_box (layout, "box4")->y);
  g_assert_cmpfloat (get_box (layout, "box4")->y, <, get_box (layout, "box6")->y);
  g_assert_cmpfloat (get_box (layout, "box6")->y, <, get_box (layout, "box8")->y);
  g_assert_cmpfloat (get_box (layout, "box8")->y, <, get_box (layout, "box10")->y);
  g_assert_cmpfloat (get_box (layout, "box2")->x, <, get_box (layout, "box3")->x);
  g_assert_cmpfloat (get_box (layout, "box3")->x, <, get_box (layout, "box11")->x);
  g_assert_cmpfloat (get_box (layout, "identification")->x, <, get_box (layout, "box2")->x);

  /* Texts: the template's wording, thousands separated by commas. */
  assert_box_contains (layout, "newstud", "Identification of studies via databases and registers");
  assert_box_contains (layout, "othstud", "Identification of studies via other methods");
  assert_box_contains (layout, "identification", "Identification");
  assert_box_contains (layout, "box2", "Records identified from: Databases (n = 3,200) PubMed (n = 1,500) "
                                       "Embase (n = 1,234) PsycINFO (n = 466) Registers (n = 120) "
                                       "ClinicalTrials.gov (n = 120)");
  assert_box_contains (layout, "box3", "Records removed before screening: Duplicate records removed (n = 1,020) "
                                       "Records marked as ineligible by automation tools (n = 150) "
                                       "Records removed for other reasons (n = 30)");
  assert_box_contains (layout, "box4", "Records screened (n = 2,120)");
  assert_box_contains (layout, "box5", "Records excluded (n = 1,850)");
  assert_box_contains (layout, "box6", "Reports sought for retrieval (n = 270)");
  assert_box_contains (layout, "box7", "Reports not retrieved (n = 12)");
  assert_box_contains (layout, "box8", "Reports assessed for eligibility (n = 258)");
  assert_box_contains (layout, "box9", "Reports excluded: Wrong population (n = 80) Wrong intervention (n = 45)");
  assert_box_contains (layout, "box9", LONG_REASON " (n = 10)");
  assert_box_contains (layout, "box10", "Studies included in review (n = 52) Reports of included studies (n = 60)");
  assert_box_contains (layout, "box11",
                       "Records identified from: Websites (n = 45) Organisations (n = 12) Citation searching (n = 33)");
  assert_box_contains (layout, "box12", "Reports sought for retrieval (n = 40)");
  assert_box_contains (layout, "box13", "Reports not retrieved (n = 3)");
  assert_box_contains (layout, "box14", "Reports assessed for eligibility (n = 37)");
  assert_box_contains (layout, "box15", "Reports excluded: Not a randomised trial (n = 20)");
  /* A count never splits across lines. */
  g_assert_nonnull (strstr (get_box (layout, "box4")->text, "(n\xc2\xa0=\xc2\xa0" "2,120)"));
}

static void
test_layout_wrap (void)
{
  g_autoptr(WnPrismaFlow) flow = full_flow ();
  g_autoptr(WnPrismaFlow) short_flow = full_flow ();
  g_autoptr(WnPrismaLayout) layout = NULL;
  g_autoptr(WnPrismaLayout) short_layout = NULL;
  PangoContext *context = measuring_context (NULL);
  g_autoptr(PangoLayout) reason = NULL;
  const WnPrismaBox *box9;
  const WnPrismaCount *last;
  g_autofree char *huge = NULL;

  g_assert_cmpuint (strlen (LONG_REASON), ==, 200);
  g_ptr_array_set_size (short_flow->dbr_excluded, 5);
  layout = wn_prisma_layout_new (flow);
  short_layout = wn_prisma_layout_new (short_flow);
  box9 = get_box (layout, "box9");
  /* The long reason wraps over several lines inside the box's width… */
  reason = box_text_layout (context, box9, LONG_REASON);
  g_assert_cmpint (pango_layout_get_line_count (reason), >=, 4);
  g_object_unref (context);
  /* … and its box (and so its row) grows. */
  g_assert_cmpfloat (box9->height, >, get_box (short_layout, "box9")->height + 30);
  g_assert_cmpfloat (get_box (layout, "box8")->height, ==, box9->height);
  g_assert_cmpfloat (get_box (layout, "box10")->y, >, get_box (short_layout, "box10")->y + 30);
  check_layout (short_layout);

  /* A word longer than the box breaks between characters; a hundred
   * reasons make a tall box; nothing is clipped. */
  huge = g_strnfill (300, 'x');
  last = g_ptr_array_index (flow->dbr_excluded, flow->dbr_excluded->len - 1);
  g_free (last->name);
  ((WnPrismaCount *) last)->name = g_strdup (huge);
  for (int i = 0; i < 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("Reason number %d with a longer name than most", i);

      wn_prisma_flow_add_count (flow->other_excluded, name, 1000000 + i);
    }
  g_clear_pointer (&layout, wn_prisma_layout_free);
  layout = wn_prisma_layout_new (flow);
  check_layout (layout);
  assert_box_contains (layout, "box15", "Reason number 99 with a longer name than most (n = 1,000,099)");
  g_assert_cmpfloat (get_box (layout, "box15")->height, >, 1000);
}

static void
test_layout_hidden (void)
{
  g_autoptr(WnPrismaFlow) flow = full_flow ();
  g_autoptr(WnPrismaLayout) full = wn_prisma_layout_new (flow);
  g_autoptr(WnPrismaLayout) layout = NULL;
  g_autofree char *box3 = NULL;
  const char *gone[] = { "othstud", "box3", "box5", "box7", "box9", "box11", "box12", "box13", "box14", "box15" };

  /* No other methods: the arm and its title go, the diagram narrows. */
  flow->other = FALSE;
  layout = wn_prisma_layout_new (flow);
  g_assert_null (find_box (layout, "othstud"));
  for (int i = 11; i <= 15; i++)
    {
      g_autofree char *id = g_strdup_printf ("box%d", i);

      g_assert_null (find_box (layout, id));
    }
  g_assert_cmpfloat (layout->width, <, full->width - 300);
  check_layout (layout);

  /* A line at -1 is left out of its box… */
  flow->excluded_automatic = -1;
  g_clear_pointer (&layout, wn_prisma_layout_free);
  layout = wn_prisma_layout_new (flow);
  box3 = box_plain_text (layout, "box3");
  g_assert_cmpstr (box3, ==, "Records removed before screening: Duplicate records removed (n = 1,020) "
                             "Records removed for other reasons (n = 30)");

  /* … and a side box whose counts are all -1 is not drawn. */
  flow->duplicates = flow->excluded_other = -1;
  flow->records_excluded = -1;
  flow->dbr_notretrieved_reports = -1;
  g_ptr_array_set_size (flow->dbr_excluded, 0);
  g_clear_pointer (&layout, wn_prisma_layout_free);
  layout = wn_prisma_layout_new (flow);
  for (guint i = 0; i < G_N_ELEMENTS (gone); i++)
    g_assert_null (find_box (layout, gone[i]));
  for (int i = 2; i <= 10; i += 2)
    {
      g_autofree char *id = g_strdup_printf ("box%d", i);

      g_assert_nonnull (find_box (layout, id));
    }
  check_layout (layout);

  /* Only the other arm's side boxes go when it is drawn. */
  flow->other = TRUE;
  flow->other_notretrieved_reports = -1;
  g_ptr_array_set_size (flow->other_excluded, 0);
  g_clear_pointer (&layout, wn_prisma_layout_free);
  layout = wn_prisma_layout_new (flow);
  g_assert_nonnull (find_box (layout, "box12"));
  g_assert_null (find_box (layout, "box13"));
  g_assert_null (find_box (layout, "box15"));
  check_layout (layout);
}

/* A new flow is the empty template: the main boxes with "(n = )". */
static void
test_layout_template (void)
{
  g_autoptr(WnPrismaFlow) flow = wn_prisma_flow_new ();
  g_autoptr(WnPrismaLayout) layout = wn_prisma_layout_new (flow);
  g_autofree char *box2 = NULL;
  g_autofree char *box4 = NULL;

  g_assert_nonnull (layout);
  box2 = box_plain_text (layout, "box2");
  g_assert_cmpstr (box2, ==, "Records identified from: Databases (n = ) Registers (n = )");
  box4 = box_plain_text (layout, "box4");
  g_assert_cmpstr (box4, ==, "Records screened (n = )");
  g_assert_null (find_box (layout, "box3"));
  g_assert_null (find_box (layout, "box9"));
  g_assert_null (find_box (layout, "box11"));
  g_assert_null (find_box (layout, "box17"));
  g_assert_nonnull (find_box (layout, "box10"));
  check_layout (layout);
}

static void
test_layout_updated (void)
{
  g_autoptr(WnPrismaFlow) flow = updated_flow ();
  g_autoptr(WnPrismaLayout) layout = wn_prisma_layout_new (flow);
  const WnPrismaBox *box1, *box10, *box16, *box17, *included;

  g_assert_nonnull (find_box (layout, "prevstud"));
  assert_box_contains (layout, "prevstud", "Previous studies");
  assert_box_contains (layout, "newstud", "Identification of new studies via databases and registers");
  assert_box_contains (layout, "box1", "Studies included in previous version of review (n = 20) "
                                       "Reports of studies included in previous version of review (n = 25)");
  assert_box_contains (layout, "box10",
                       "New studies included in review (n = 52) Reports of new included studies (n = 60)");
  assert_box_contains (layout, "box16",
                       "Total studies included in review (n = 72) Reports of total included studies (n = 85)");
  assert_box_contains (layout, "box17", "Studies included in meta-analysis (n = 30)");
  check_layout (layout);

  box1 = get_box (layout, "box1");
  box10 = get_box (layout, "box10");
  box16 = get_box (layout, "box16");
  box17 = get_box (layout, "box17");
  included = get_box (layout, "included");
  /* The previous column is left of the databases arm, its box on the first
   * row; totals below the new studies, the meta-analysis below those, all
   * in the Included phase. */
  g_assert_cmpfloat (box1->x + box1->width, <, get_box (layout, "box2")->x);
  g_assert_cmpfloat (box1->y, ==, get_box (layout, "box2")->y);
  g_assert_cmpfloat (box16->y, >, box10->y + box10->height);
  g_assert_cmpfloat (box17->y, >, box16->y + box16->height);
  g_assert_cmpfloat (included->y, <=, box10->y);
  g_assert_cmpfloat (included->y + included->height, >=, box17->y + box17->height);
}

static void
test_hit (void)
{
  g_autoptr(WnPrismaFlow) flow = full_flow ();
  g_autoptr(WnPrismaLayout) layout = wn_prisma_layout_new (flow);
  const WnPrismaBox *box2 = get_box (layout, "box2");

  for (guint i = 0; i < layout->boxes->len; i++)
    {
      const WnPrismaBox *box = g_ptr_array_index (layout->boxes, i);
      const WnPrismaBox *hit = wn_prisma_layout_hit (layout, box->x + box->width / 2, box->y + box->height / 2);

      g_assert_nonnull (hit);
      g_assert_cmpstr (hit->box, ==, box->box);
      hit = wn_prisma_layout_hit (layout, box->x + 1, box->y + box->height - 1);
      g_assert_cmpstr (hit->box, ==, box->box);
    }
  g_assert_null (wn_prisma_layout_hit (layout, 1, 1));
  g_assert_null (wn_prisma_layout_hit (layout, -10, 50));
  g_assert_null (wn_prisma_layout_hit (layout, layout->width + 1, layout->height / 2));
  /* Between box2 and box3, on the arrow. */
  g_assert_null (wn_prisma_layout_hit (layout, box2->x + box2->width + 5, box2->y + box2->height / 2));
}

/* The highlighted box has a blue outline; the others are dark. */
static void
test_draw_highlight (void)
{
  g_autoptr(WnPrismaFlow) flow = full_flow ();
  g_autoptr(WnPrismaLayout) layout = wn_prisma_layout_new (flow);
  const WnPrismaBox *box4 = get_box (layout, "box4");
  const WnPrismaBox *box6 = get_box (layout, "box6");
  cairo_surface_t *surface
    = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (layout->width), (int) ceil (layout->height));
  cairo_t *cr = cairo_create (surface);
  guint32 *pixels;
  int stride;
  guint32 at4, at6;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  wn_prisma_draw (layout, cr, "box4");
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);
  pixels = (guint32 *) cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface) / 4;
  /* Left edges, half way down. */
  at4 = pixels[(int) (box4->y + box4->height / 2) * stride + (int) box4->x] & 0xffffff;
  at6 = pixels[(int) (box6->y + box6->height / 2) * stride + (int) box6->x] & 0xffffff;
  g_test_message ("box4 edge %06x, box6 edge %06x", at4, at6);
  g_assert_cmpuint (at4 & 0xff, >, 0x80);             /* blue */
  g_assert_cmpuint ((at4 >> 16) & 0xff, <, 0x60);     /* not red */
  g_assert_cmpuint ((at6 >> 16) & 0xff, ==, at6 & 0xff); /* grey */
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("winnow-prisma-render-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
test_svg (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(WnPrismaFlow) flow = full_flow ();
  g_autoptr(WnPrismaLayout) layout = wn_prisma_layout_new (flow);
  g_autofree char *svg = g_build_filename (fixture->dir, "flow.svg", NULL);
  g_autofree char *png = g_build_filename (fixture->dir, "flow.png", NULL);
  g_autofree char *rsvg = g_find_program_in_path ("rsvg-convert");
  g_autofree char *contents = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  guint32 width, height;

  g_assert_true (wn_prisma_render_file (flow, WN_PRISMA_FORMAT_SVG, 0, svg, &error));
  g_assert_no_error (error);
  g_file_get_contents (svg, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "<?xml"));
  g_assert_nonnull (strstr (contents, "pt\""));
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);

  if (rsvg == NULL)
    {
      g_test_skip ("rsvg-convert is not installed (Debian: librsvg2-bin)");
      return;
    }
  {
    /* At 72 dpi a point is a pixel. */
    const char *argv[] = { rsvg, "--dpi-x", "72", "--dpi-y", "72", "-o", png, svg, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("rsvg-convert: %s\n%s", error->message, err);
  png_size (png, &width, &height);
  g_assert_cmpuint (width, ==, (guint32) ceil (layout->width));
  g_assert_cmpuint (height, ==, (guint32) ceil (layout->height));
}

static void
test_pdf (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(WnPrismaFlow) flow = full_flow ();
  g_autoptr(WnPrismaLayout) layout = wn_prisma_layout_new (flow);
  PangoContext *context;
  g_autofree char *pdf = g_build_filename (fixture->dir, "flow.pdf", NULL);
  g_autofree char *tool = g_find_program_in_path ("pdftotext");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) tokens = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  const char *numbers[] = { "3,200", "1,500", "1,234", "466", "120", "45", "12", "33", "1,020", "150", "30",
                            "2,120", "1,850", "270", "258", "80", "25", "20", "10", "40", "3", "37", "5", "52", "60" };
  const char *reasons[] = {
    "Wrong population (n = 80)",         "Wrong intervention (n = 45)",     "Wrong outcome (n = 30)",
    "Wrong study design (n = 25)",       "Conference abstract only (n = 20)", LONG_REASON " (n = 10)",
    "Not a randomised trial (n = 20)",   "Already found in databases (n = 5)",
  };

  g_assert_true (wn_prisma_render_file (flow, WN_PRISMA_FORMAT_PDF, 0, pdf, &error));
  g_assert_no_error (error);
  if (tool == NULL)
    {
      g_test_skip ("pdftotext is not installed (Debian: poppler-utils)");
      return;
    }
  {
    const char *argv[] = { tool, "-layout", pdf, "-", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("pdftotext: %s\n%s", error->message, err);
  g_test_message ("%s", out);
  /* -layout keeps the columns side by side: a wrapped line of one box
   * shares its text line with its neighbours. So: every unwrapped line of
   * every box as it is, every word of the wrapped ones, every count. */
  text = plain (out);
  context = measuring_context (NULL);
  tokens = g_strsplit (text, " ", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    g_hash_table_add (words, g_strdup (tokens[i]));

  for (guint i = 0; i < layout->boxes->len; i++)
    {
      const WnPrismaBox *box = g_ptr_array_index (layout->boxes, i);
      g_auto(GStrv) paragraphs = g_strsplit (box->text, "\n", -1);

      for (guint j = 0; paragraphs[j] != NULL; j++)
        {
          g_autofree char *want = plain (paragraphs[j]);
          g_autoptr(PangoLayout) set = box_text_layout (context, box, paragraphs[j]);
          g_auto(GStrv) want_words = g_strsplit (want, " ", -1);
          const char *count = strstr (want, "(n = ");

          if (pango_layout_get_line_count (set) == 1 && strstr (text, want) == NULL)
            g_error ("“%s” (%s) is not in the PDF's text", want, box->box);
          for (guint k = 0; want_words[k] != NULL; k++)
            if (!g_hash_table_contains (words, want_words[k]))
              g_error ("“%s” of “%s” (%s) is not in the PDF's text", want_words[k], want, box->box);
          if (count != NULL && strstr (text, count) == NULL)
            g_error ("“%s” (%s) is not in the PDF's text", count, box->box);
        }
    }
  g_object_unref (context);
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *count = g_strdup_printf ("(n = %s)", numbers[i]);

      g_assert_nonnull (strstr (text, count));
    }
  /* Every reason: its words, its count (a name may wrap). */
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      g_auto(GStrv) parts = g_strsplit (reasons[i], " (", 2);
      g_auto(GStrv) name_words = g_strsplit (parts[0], " ", -1);
      g_autofree char *count = g_strconcat ("(", parts[1], NULL);

      for (guint k = 0; name_words[k] != NULL; k++)
        g_assert_true (g_hash_table_contains (words, name_words[k]));
      g_assert_nonnull (strstr (text, count));
    }
  g_assert_nonnull (strstr (text, "Identification of studies via databases and registers"));
  g_assert_nonnull (strstr (text, "Identification of studies via other methods"));
  g_assert_nonnull (strstr (text, "Records marked as ineligible by"));
}

static void
test_png (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(WnPrismaFlow) flow = full_flow ();
  g_autoptr(WnPrismaLayout) layout = wn_prisma_layout_new (flow);
  const double dpis[] = { 300, 600, 72 };

  for (guint i = 0; i < G_N_ELEMENTS (dpis); i++)
    {
      g_autofree char *name = g_strdup_printf ("flow-%g.png", dpis[i]);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_autofree char *data_ = NULL;
      gsize len = 0;
      g_autoptr(GError) error = NULL;
      guint32 width, height;
      guint32 per_metre = (guint32) lround (dpis[i] / 0.0254);
      guchar phys[9];

      g_assert_true (wn_prisma_render_file (flow, WN_PRISMA_FORMAT_PNG, dpis[i], path, &error));
      g_assert_no_error (error);
      png_size (path, &width, &height);
      g_assert_cmpuint (width, ==, (guint32) ceil (layout->width * dpis[i] / 72));
      g_assert_cmpuint (height, ==, (guint32) ceil (layout->height * dpis[i] / 72));
      /* The resolution is in a pHYs chunk right after IHDR. */
      g_file_get_contents (path, &data_, &len, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (len, >, 33 + 21);
      g_assert_cmpmem (data_ + 33 + 4, 4, "pHYs", 4);
      phys[0] = per_metre >> 24, phys[1] = per_metre >> 16, phys[2] = per_metre >> 8, phys[3] = per_metre;
      memcpy (phys + 4, phys, 4);
      phys[8] = 1;
      g_assert_cmpmem (data_ + 33 + 8, 9, phys, 9);
    }
  g_assert_cmpuint (count_files (fixture->dir), ==, G_N_ELEMENTS (dpis));
}

static void
assert_contents (const char *path,
                 const char *expected)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, expected);
}

static void
test_atomic (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(WnPrismaFlow) flow = full_flow ();
  g_autofree char *path = g_build_filename (fixture->dir, "flow.png", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing", "flow.png", NULL);
  g_autofree char *folder = g_build_filename (fixture->dir, "flow.svg", NULL);
  g_autofree char *inside = g_build_filename (folder, "keep.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  g_file_set_contents (path, "old", -1, &error);
  g_assert_no_error (error);

  /* A folder that is not there: an error, nothing written anywhere. */
  g_assert_false (wn_prisma_render_file (flow, WN_PRISMA_FORMAT_PNG, 300, missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  /* A resolution out of range: the old file stays. */
  g_assert_false (wn_prisma_render_file (flow, WN_PRISMA_FORMAT_PNG, 10, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (wn_prisma_render_file (flow, WN_PRISMA_FORMAT_PNG, 1e6, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  assert_contents (path, "old");

  /* The target is a folder: the rename fails after the diagram is drawn;
   * the folder and its file stay, the temporary file is removed. */
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_file_set_contents (inside, "keep", -1, &error);
  g_assert_no_error (error);
  g_assert_false (wn_prisma_render_file (flow, WN_PRISMA_FORMAT_SVG, 0, folder, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  assert_contents (inside, "keep");
  g_assert_cmpuint (count_files (fixture->dir), ==, 2);
  assert_contents (path, "old");

  /* Success replaces the old file, keeps its permissions, and leaves no
   * temporary file. */
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  g_assert_true (wn_prisma_render_file (flow, WN_PRISMA_FORMAT_PNG, 72, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "\x89PNG"));
  g_assert_cmpuint (count_files (fixture->dir), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/prisma-render/format", test_format);
  g_test_add_func ("/prisma-render/layout/full", test_layout_full);
  g_test_add_func ("/prisma-render/layout/wrap", test_layout_wrap);
  g_test_add_func ("/prisma-render/layout/hidden", test_layout_hidden);
  g_test_add_func ("/prisma-render/layout/template", test_layout_template);
  g_test_add_func ("/prisma-render/layout/updated", test_layout_updated);
  g_test_add_func ("/prisma-render/hit", test_hit);
  g_test_add_func ("/prisma-render/draw/highlight", test_draw_highlight);
  g_test_add ("/prisma-render/svg", Fixture, NULL, fixture_set_up, test_svg, fixture_tear_down);
  g_test_add ("/prisma-render/pdf", Fixture, NULL, fixture_set_up, test_pdf, fixture_tear_down);
  g_test_add ("/prisma-render/png", Fixture, NULL, fixture_set_up, test_png, fixture_tear_down);
  g_test_add ("/prisma-render/atomic", Fixture, NULL, fixture_set_up, test_atomic, fixture_tear_down);
  return g_test_run ();
}
