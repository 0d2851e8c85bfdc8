/* wn-prisma-render.h — the PRISMA 2020 flow diagram, drawn with cairo and
 * pango (no GTK): SVG, PDF, PNG, and any cairo context (the app's preview)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout follows the official PRISMA 2020 template for new reviews:
 * the "databases and registers" arm, the optional "other methods" arm, the
 * optional "previous studies" column, phase labels (Identification,
 * Screening, Included) down the left. Box texts are translated. Long lists
 * (databases, exclusion reasons) wrap inside their box and boxes grow to fit:
 * no text is ever clipped. Boxes whose counts are all -1 are hidden.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "wn-prisma.h"

G_BEGIN_DECLS

typedef enum
{
  WN_PRISMA_FORMAT_SVG,
  WN_PRISMA_FORMAT_PDF,
  WN_PRISMA_FORMAT_PNG,
} WnPrismaFormat;

gboolean wn_prisma_format_from_string (const char     *text,
                                       WnPrismaFormat *format);

/* How texts are set, so that a caller (the app's preview, the tests) can
 * measure a box's text as the renderer does: pango at 72 dpi (a font size in
 * points is the same number of diagram units), metrics unhinted, glyph
 * positions not rounded, so that sizes do not change with the scale. Box
 * texts use WN_PRISMA_FONT, wrapped (PANGO_WRAP_WORD_CHAR) at the box width
 * less twice WN_PRISMA_PADDING, with a hanging indent of
 * WN_PRISMA_HANGING_INDENT for wrapped lines; the title bars (centred) and
 * phase labels (unwrapped, turned a quarter turn anticlockwise) use
 * WN_PRISMA_TITLE_FONT. Counts read "(n = 1,234)": a comma between
 * thousands whatever the locale, as the PRISMA2020 package prints them, with
 * no-break spaces (U+00A0) so that a count never splits across lines; the
 * lines of a list are indented with em spaces (U+2003). */
#define WN_PRISMA_FONT            "Sans 9"
#define WN_PRISMA_TITLE_FONT      "Sans Bold 9"
#define WN_PRISMA_PADDING         6.0
#define WN_PRISMA_HANGING_INDENT  18.0

/* One laid-out box, in points (1/72 inch) from the diagram's top left. */
typedef struct
{
  char   *box;       /* the package's box id: "box1" … "box17"; "newstud", "othstud",
                      * "prevstud" for the title bars; "identification",
                      * "screening", "included" for the phase labels */
  double  x, y, width, height;
  char   *text;      /* the text drawn, lines separated by \n */
} WnPrismaBox;

typedef struct
{
  double     width;  /* the whole diagram, points */
  double     height;
  GPtrArray *boxes;  /* (element-type WnPrismaBox) */
} WnPrismaLayout;

void            wn_prisma_layout_free    (WnPrismaLayout  *layout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnPrismaLayout, wn_prisma_layout_free)

/* Lays the diagram out (pango measures every text) without drawing. */
WnPrismaLayout *wn_prisma_layout_new     (const WnPrismaFlow *flow) G_GNUC_WARN_UNUSED_RESULT;
/* The box at a point (diagram coordinates), or NULL. */
const WnPrismaBox *wn_prisma_layout_hit  (const WnPrismaLayout *layout,
                                          double                x,
                                          double                y);

/* Draws the laid-out diagram on cr at the current transformation, in
 * points; the caller scales for zoom or resolution. highlight (may be
 * NULL) draws one box's outline emphasised (the app's selection). */
void            wn_prisma_draw           (const WnPrismaLayout *layout,
                                          cairo_t              *cr,
                                          const char           *highlight);

/* Writes the diagram to a file, atomically (a temporary file renamed).
 * dpi is for PNG only (300 or 600 for print; anything from 72): the image
 * is ceil (layout width × dpi / 72) pixels wide and says its resolution in
 * a pHYs chunk. SVG and PDF are in points, the PDF's text is text. Errors:
 * G_FILE_ERROR for the file (the old file stays, no temporary file is
 * left), G_IO_ERROR_INVALID_ARGUMENT for a dpi out of range. */
gboolean        wn_prisma_render_file    (const WnPrismaFlow  *flow,
                                          WnPrismaFormat       format,
                                          double               dpi,
                                          const char          *path,
                                          GError             **error);

G_END_DECLS
