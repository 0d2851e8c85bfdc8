/* bench-fulltext.c — attaching a folder of PDFs, and the first page drawn
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not a test: `meson test -C BUILDDIR --benchmark fulltext` (or run the
 * executable: bench-fulltext [PDFS] [SAMPLES]) builds a project of PDFS
 * synthetic records (default 500) and a folder of as many PDFs written
 * here with cairo (3–10 pages of text each, the record's DOI on page 1),
 * and prints a Markdown table:
 *
 *  - attach-folder over the PDFS files: read, hash, parse and extract
 *    every page's text (poppler), match by DOI, store and index;
 *  - "first page drawn" for SAMPLES records (default 100), seeded random:
 *    the record's full text looked up, the PDF loaded from the project,
 *    poppler_document_new_from_bytes, page 1 rendered into a cairo image
 *    surface 1000 px wide (the viewer at screen scale) — target ≤ 100 ms.
 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "wn-fulltext.h"
#include "wn-project.h"

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  guint index = (guint) (p * (values->len - 1) + 0.5);

  return g_array_index (values, double, MIN (index, values->len - 1));
}

static char *
machine (void)
{
  struct utsname u;
  g_autofree char *cpuinfo = NULL;
  g_autofree char *model = NULL;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      char *line = strstr (cpuinfo, "model name");

      if (line != NULL && (line = strchr (line, ':')) != NULL)
        model = g_strndup (line + 2, strcspn (line + 2, "\n"));
    }
  uname (&u);
  return g_strdup_printf ("%s, %u CPUs, %s %s", model != NULL ? model : "?", g_get_num_processors (), u.sysname,
                          u.release);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

static const char *const words[] = {
  "peer", "support", "burnout", "recovery", "workers", "community", "outcomes", "randomised", "trial",
  "participants", "intervention", "control", "follow-up", "analysis", "mental", "health", "services",
  "quality", "training", "supervision", "retention", "stress", "coping", "qualitative", "interviews",
};

static char *
record_title (guint i)
{
  return g_strdup_printf ("%s %s among %s %s: study number %u of the synthetic corpus", words[i % 25],
                          words[(i / 25) % 25], words[(i * 7 + 3) % 25], words[(i * 11 + 5) % 25], i);
}

static void
write_pdf (const char *path,
           guint       i,
           GRand      *rand)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *title = record_title (i);
  g_autofree char *doi = g_strdup_printf ("https://doi.org/10.5555/bench.%u", i);
  int pages = g_rand_int_range (rand, 3, 11);

  cairo_select_font_face (cr, "serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  for (int page = 0; page < pages; page++)
    {
      int y = 60;

      if (page == 0)
        {
          cairo_set_font_size (cr, 15);
          cairo_move_to (cr, 50, y);
          cairo_show_text (cr, title);
          y += 24;
          cairo_set_font_size (cr, 10);
          cairo_move_to (cr, 50, y);
          cairo_show_text (cr, doi);
          y += 30;
        }
      cairo_set_font_size (cr, 10);
      for (; y < 800; y += 13)
        {
          g_autoptr(GString) line = g_string_new (NULL);

          for (int w = 0; w < 14; w++)
            {
              if (w > 0)
                g_string_append_c (line, ' ');
              g_string_append (line, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
            }
          cairo_move_to (cr, 50, y);
          cairo_show_text (cr, line->str);
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    g_error ("cairo: %s", cairo_status_to_string (cairo_surface_status (surface)));
  cairo_surface_destroy (surface);
}

static void
row (const char *what,
     GArray     *ms,
     const char *target)
{
  g_array_sort (ms, compare_double);
  printf ("| %s | %u | %.1f | %.1f | %.1f | %s |\n", what, ms->len, percentile (ms, 0.5), percentile (ms, 0.95),
          g_array_index (ms, double, ms->len - 1), target);
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 500;
  guint samples = argc > 2 ? (guint) atoi (argv[2]) : 100;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("winnow-bench-fulltext-XXXXXX", &error);
  g_autofree char *pdfs = NULL;
  g_autofree char *path = NULL;
  g_autofree char *where = machine ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M UTC");
  g_autoptr(WnProject) project = NULL;
  g_autoptr(WnSearch) search = wn_search_new ();
  g_autoptr(WnSearchWriter) writer = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261124);
  g_autoptr(GArray) first_page = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) load_only = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) attach_ms = g_array_new (FALSE, FALSE, sizeof (double));
  WnAttachFolderReport report;
  double t0, generate_ms, folder_ms;
  gint64 bytes_total = 0;

  if (dir == NULL)
    g_error ("%s", error->message);
  if (n == 0 || samples == 0)
    g_error ("usage: bench-fulltext [PDFS] [SAMPLES]");
  pdfs = g_build_filename (dir, "pdfs", NULL);
  g_mkdir (pdfs, 0755);
  path = g_build_filename (dir, "bench.winnow", NULL);

  project = wn_project_create (path, "Full-text benchmark", &error);
  if (project == NULL)
    g_error ("%s", error->message);
  search->database = g_strdup ("MEDLINE");
  writer = wn_project_begin_search (project, search, &error);
  if (writer == NULL)
    g_error ("%s", error->message);
  for (guint i = 1; i <= n; i++)
    {
      g_autoptr(WnRecord) record = wn_record_new ();

      record->title = record_title (i);
      record->doi = g_strdup_printf ("10.5555/bench.%u", i);
      record->year = g_strdup_printf ("%u", 2000 + i % 25);
      wn_record_add_author (record, "Quillfeather, Odessa");
      record->source_text = g_strdup (record->title);
      wn_record_add_field (record, "TI", record->title);
      if (wn_search_writer_add (writer, record, &error) == 0)
        g_error ("%s", error->message);
    }
  if (!wn_search_writer_commit (writer, &error))
    g_error ("%s", error->message);

  t0 = now_ms ();
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/paper-%04u.pdf", pdfs, i);
      GStatBuf st;

      write_pdf (name, i, rand);
      if (g_stat (name, &st) == 0)
        bytes_total += st.st_size;
    }
  generate_ms = now_ms () - t0;

  wn_attach_folder_report_init (&report);
  t0 = now_ms ();
  if (!wn_project_attach_folder (project, pdfs, &report, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  folder_ms = now_ms () - t0;
  if (report.attached->len != n || report.unmatched->len != 0)
    g_error ("attach-folder: %u attached, %u not (expected %u, 0)", report.attached->len, report.unmatched->len, n);
  wn_attach_folder_report_clear (&report);
  g_array_append_val (attach_ms, folder_ms);

  for (guint s = 0; s < samples; s++)
    {
      gint64 record_id = g_rand_int_range (rand, 1, (gint32) n + 1);
      g_autoptr(WnFulltext) fulltext = NULL;
      g_autoptr(GBytes) bytes = NULL;
      PopplerDocument *document;
      PopplerPage *page;
      cairo_surface_t *surface;
      cairo_t *cr;
      double width, height, scale, t1, t2;

      t1 = now_ms ();
      fulltext = wn_project_get_fulltext (project, record_id, &error);
      if (fulltext == NULL)
        g_error ("record %lld: no full text", (long long) record_id);
      bytes = wn_project_load_pdf (project, fulltext->sha256, &error);
      if (bytes == NULL)
        g_error ("%s", error->message);
      t2 = now_ms ();
      document = poppler_document_new_from_bytes (bytes, NULL, &error);
      if (document == NULL)
        g_error ("%s", error->message);
      page = poppler_document_get_page (document, 0);
      poppler_page_get_size (page, &width, &height);
      scale = 1000.0 / width;
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1000, (int) (height * scale + 0.5));
      cr = cairo_create (surface);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, scale, scale);
      poppler_page_render (page, cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      g_array_append_val (first_page, (double) { now_ms () - t1 });
      if (s == 0)
        {
          /* The page must have been drawn: some pixels are not white. */
          const guint32 *pixels = (const guint32 *) cairo_image_surface_get_data (surface);
          int stride = cairo_image_surface_get_stride (surface) / 4;
          guint dark = 0;

          for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
            for (int x = 0; x < 1000; x++)
              dark += (pixels[y * stride + x] & 0xffffff) != 0xffffff;
          if (dark < 1000)
            g_error ("page 1 of record %lld was not drawn (%u dark pixels)", (long long) record_id, dark);
        }
      g_array_append_val (load_only, (double) { t2 - t1 });
      cairo_surface_destroy (surface);
      g_object_unref (page);
      g_object_unref (document);
    }

  printf ("\nFull-text benchmark, %s, %s; %u PDFs (3–10 pages, %.1f MB in all; generated with cairo in %.1f s)\n\n",
          when, where, n, bytes_total / 1e6, generate_ms / 1000.0);
  printf ("| operation | n | median ms | p95 ms | max ms | target |\n");
  printf ("|---|---:|---:|---:|---:|---|\n");
  {
    g_autofree char *what = g_strdup_printf ("attach-folder, %u PDFs (whole run; %.1f ms per PDF)", n,
                                             folder_ms / n);

    row (what, attach_ms, "");
  }
  row ("first page drawn: lookup + load from project + poppler open + render p.1 at 1000 px", first_page,
       "≤ 100 ms");
  row ("  of which lookup + load PDF bytes from the project", load_only, "");
  printf ("\n");

  wn_project_close (project);
  g_clear_object (&project);
  remove_tree (dir);
  return 0;
}
