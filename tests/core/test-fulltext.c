/* test-fulltext.c — full texts: attaching PDFs (generated here with cairo),
 * refusing bad files, storing each PDF once, detaching, the project copied
 * alone, full-text search, matching a folder by DOI and title, and the
 * winnow-cli commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <poppler.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>

#include "wn-dedup.h"
#include "wn-fulltext.h"
#include "wn-prisma.h"
#include "wn-project.h"

static char *tmpdir;

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

/* ------------------------------------------------------------------------ */
/* Test PDFs                                                                 */

typedef struct
{
  const char *title;     /* metadata */
  const char *subject;   /* metadata */
  const char *keywords;  /* metadata */
  const char *lines;     /* page 1, lines separated by '|' */
  int         pages;
} PdfSpec;

static void
write_pdf (const char    *path,
           const PdfSpec *spec)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);
  g_auto(GStrv) lines = g_strsplit (spec->lines, "|", -1);

  if (spec->title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, spec->title);
  if (spec->subject != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, spec->subject);
  if (spec->keywords != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_KEYWORDS, spec->keywords);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  for (int page = 1; page <= MAX (spec->pages, 1); page++)
    {
      cairo_set_font_size (cr, page == 1 ? 16 : 11);
      if (page == 1)
        for (guint i = 0; lines[i] != NULL; i++)
          {
            cairo_move_to (cr, 50, 80 + 24 * i);
            cairo_show_text (cr, lines[i]);
          }
      else
        {
          g_autofree char *body = g_strdup_printf ("Page %d: the discussion of pangolin outcomes continues here.",
                                                   page);

          cairo_move_to (cr, 50, 80);
          cairo_show_text (cr, body);
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

/* A PDF that needs a password: the Standard security handler with a user
 * password the empty one does not match. */
static void
write_encrypted_pdf (const char *path)
{
  const char *objects[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    "<< /Filter /Standard /V 1 /R 2 /O <1111111111111111111111111111111111111111111111111111111111111111>"
    " /U <2222222222222222222222222222222222222222222222222222222222222222> /P -4 >>",
  };
  g_autoptr(GString) pdf = g_string_new ("%PDF-1.4\n");
  g_autoptr(GError) error = NULL;
  gsize offsets[G_N_ELEMENTS (objects)];
  gsize xref;

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      offsets[i] = pdf->len;
      g_string_append_printf (pdf, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
    }
  xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", (guint) G_N_ELEMENTS (objects) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    g_string_append_printf (pdf, "%010lu 00000 n \n", (unsigned long) offsets[i]);
  g_string_append_printf (pdf,
                          "trailer\n<< /Size %u /Root 1 0 R /Encrypt 4 0 R"
                          " /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\n"
                          "startxref\n%lu\n%%%%EOF\n",
                          (guint) G_N_ELEMENTS (objects) + 1, (unsigned long) xref);
  g_assert_true (g_file_set_contents (path, pdf->str, pdf->len, &error));
  g_assert_no_error (error);
}

static void
write_text_file (const char *path,
                 const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

/* A PDF header, then nothing poppler can read. */
static void
write_damaged_pdf (const char *path)
{
  write_text_file (path, "%PDF-1.5\n1 0 obj\n<< /Type /Catalog garbage garbage\n");
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* ------------------------------------------------------------------------ */
/* A project with records                                                    */

/* "title|author|year|doi" */
static const char *const record_specs[] = {
  "Peer support for burnout in community health workers|Okafor, Chidi|2019|10.1234/abc",          /* 1 */
  "Mindfulness training reduces anxiety among nursing students|Lindqvist, Maja|2020|10.5555/meta.1", /* 2 */
  "A randomised trial of exercise referral schemes in primary care|Brennan, Aoife|2018|",          /* 3 */
  "Telehealth adoption by certified recovery specialists|Smith, Anna|2021|",                       /* 4 */
  "Telehealth adoption by certified recovery specialists|Jones, Bram|2021|",                       /* 5 */
  "Sleep hygiene education for shift workers: a cluster trial|Haddad, Rami|2017|10.7777/xyz",     /* 6 */
  "Effects of yoga on chronic low back pain in adults|Abernathy, Quinn|2015|",                     /* 7 */
  "Effects of yoga on chronic low back pain in adults|Zimmerman, Lotte|2016|",                     /* 8 */
  NULL
};

typedef struct
{
  char      *path;
  WnProject *project;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnSearch) search = wn_search_new ();
  g_autoptr(WnSearchWriter) writer = NULL;
  static int counter;

  fixture->path = g_strdup_printf ("%s/project-%d.winnow", tmpdir, ++counter);
  fixture->project = wn_project_create (fixture->path, "Full texts", &error);
  g_assert_no_error (error);
  search->database = g_strdup ("MEDLINE");
  search->file_name = g_strdup ("medline.ris");
  writer = wn_project_begin_search (fixture->project, search, &error);
  g_assert_no_error (error);
  for (guint i = 0; record_specs[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (record_specs[i], "|", -1);
      g_autoptr(WnRecord) record = wn_record_new ();
      gint64 id;

      record->title = g_strdup (parts[0]);
      wn_record_add_author (record, parts[1]);
      record->year = g_strdup (parts[2]);
      record->doi = *parts[3] ? g_strdup (parts[3]) : NULL;
      record->source_text = g_strdup (record_specs[i]);
      wn_record_add_field (record, "TI", record->title);
      id = wn_search_writer_add (writer, record, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, ==, i + 1);
    }
  g_assert_true (wn_search_writer_commit (writer, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->project);
  g_free (fixture->path);
}

static gint64
count_rows (const char *project_path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (project_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static char *
make_dir (const char *name)
{
  char *dir = g_build_filename (tmpdir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return dir;
}

static const PdfSpec pdf_doi_text = {
  NULL, NULL, NULL,
  "Peer support for burnout in community|health workers|Chidi Okafor|https://doi.org/10.1234/abc", 3
};
static const PdfSpec pdf_doi_meta = {
  NULL, "doi:10.5555/META.1", NULL, "Original research|Received 2 March 2020", 2
};
static const PdfSpec pdf_title = {
  NULL, NULL, NULL, "Journal of Physical Activity 12 (2018)|A Randomised Trial of Exercise Referral|Schemes in Primary Care|Aoife Brennan", 4
};
static const PdfSpec pdf_ambiguous = {
  "Telehealth adoption by certified recovery specialists", NULL, NULL, "Telehealth adoption by certified recovery specialists", 1
};
static const PdfSpec pdf_unmatched = {
  NULL, NULL, NULL, "Gardening and wellbeing in older adults: a national survey|Pat Doe", 2
};
static const PdfSpec pdf_tiebreak = {
  NULL, NULL, NULL, "Effects of yoga on chronic low back pain in adults|Lotte Zimmerman, Paul Carter|Published 2016", 2
};
static const PdfSpec pdf_sleep = {
  "Sleep hygiene education for shift workers", NULL, "sleep; shift work", "Sleep hygiene education for shift workers|Rami Haddad", 2
};

static const WnAttachedFile *
find_attached (const WnAttachFolderReport *report,
               const char                 *file)
{
  for (guint i = 0; i < report->attached->len; i++)
    {
      const WnAttachedFile *attached = g_ptr_array_index (report->attached, i);

      if (g_str_equal (attached->file, file))
        return attached;
    }
  g_error ("%s is not among the attached files", file);
}

static const WnUnmatchedFile *
find_unmatched (const WnAttachFolderReport *report,
                const char                 *file)
{
  for (guint i = 0; i < report->unmatched->len; i++)
    {
      const WnUnmatchedFile *unmatched = g_ptr_array_index (report->unmatched, i);

      if (g_str_equal (unmatched->file, file))
        return unmatched;
    }
  g_error ("%s is not among the unmatched files", file);
}

static gboolean
report_names (const WnAttachFolderReport *report,
              const char                 *file)
{
  for (guint i = 0; i < report->attached->len; i++)
    if (g_str_equal (((WnAttachedFile *) g_ptr_array_index (report->attached, i))->file, file))
      return TRUE;
  for (guint i = 0; i < report->unmatched->len; i++)
    if (g_str_equal (((WnUnmatchedFile *) g_ptr_array_index (report->unmatched, i))->file, file))
      return TRUE;
  return FALSE;
}

static void
progress_cb (guint       done,
             guint       total,
             const char *file_name,
             gpointer    user_data)
{
  guint *calls = user_data;

  g_assert_cmpuint (done, <=, total);
  g_assert_nonnull (file_name);
  (*calls)++;
}

/* /wn/core/fulltext/attach-folder: DOI in text, DOI in metadata, title,
 * title with an author/year tie-break; an ambiguous and an unmatched file,
 * a non-PDF, a damaged and an encrypted PDF, each listed with its reason */
static void
test_attach_folder (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *dir = make_dir ("folder");
  g_autoptr(GError) error = NULL;
  g_autoptr(WnRetrieval) retrieval = NULL;
  g_autoptr(WnFulltext) fulltext = NULL;
  WnAttachFolderReport report;
  const WnAttachedFile *attached;
  const WnUnmatchedFile *unmatched;
  guint calls = 0;
  struct
  {
    const char    *name;
    const PdfSpec *spec;
  } files[] = {
    { "a-doi-text.pdf", &pdf_doi_text },   { "b-doi-meta.pdf", &pdf_doi_meta },
    { "c-title.PDF", &pdf_title },         { "d-ambiguous.pdf", &pdf_ambiguous },
    { "e-unmatched.pdf", &pdf_unmatched }, { "h-tiebreak.pdf", &pdf_tiebreak },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);

      write_pdf (path, files[i].spec);
    }
  {
    g_autofree char *notpdf = g_build_filename (dir, "f-notpdf.pdf", NULL);
    g_autofree char *damaged = g_build_filename (dir, "g-damaged.pdf", NULL);
    g_autofree char *encrypted = g_build_filename (dir, "i-encrypted.pdf", NULL);
    g_autofree char *ignored = g_build_filename (dir, "notes.txt", NULL);

    write_text_file (notpdf, "Reviewer notes, not a PDF at all.\n");
    write_damaged_pdf (damaged);
    write_encrypted_pdf (encrypted);
    write_text_file (ignored, "not looked at");
  }

  wn_attach_folder_report_init (&report);
  g_assert_true (wn_project_attach_folder (fixture->project, dir, &report, progress_cb, &calls, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (calls, ==, 9);
  g_assert_cmpuint (report.attached->len, ==, 4);
  g_assert_cmpuint (report.unmatched->len, ==, 5);

  attached = find_attached (&report, "a-doi-text.pdf");
  g_assert_nonnull (attached);
  g_assert_cmpint (attached->record_id, ==, 1);
  g_assert_cmpstr (wn_attach_method_to_string (attached->by), ==, "doi-text");
  attached = find_attached (&report, "b-doi-meta.pdf");
  g_assert_nonnull (attached);
  g_assert_cmpint (attached->record_id, ==, 2);
  g_assert_cmpstr (wn_attach_method_to_string (attached->by), ==, "doi-metadata");
  attached = find_attached (&report, "c-title.PDF");
  g_assert_nonnull (attached);
  g_assert_cmpint (attached->record_id, ==, 3);
  g_assert_cmpstr (wn_attach_method_to_string (attached->by), ==, "title");
  attached = find_attached (&report, "h-tiebreak.pdf");
  g_assert_nonnull (attached);
  g_assert_cmpint (attached->record_id, ==, 8);
  g_assert_cmpint (attached->by, ==, WN_ATTACH_BY_TITLE);

  unmatched = find_unmatched (&report, "d-ambiguous.pdf");
  g_assert_nonnull (unmatched);
  g_assert_cmpint (unmatched->kind, ==, WN_UNMATCHED_AMBIGUOUS);
  g_assert_cmpuint (unmatched->candidates->len, ==, 2);
  g_assert_cmpint (g_array_index (unmatched->candidates, gint64, 0), ==, 4);
  g_assert_cmpint (g_array_index (unmatched->candidates, gint64, 1), ==, 5);
  g_assert_nonnull (strstr (unmatched->reason, "4 and 5"));
  unmatched = find_unmatched (&report, "e-unmatched.pdf");
  g_assert_nonnull (unmatched);
  g_assert_cmpint (unmatched->kind, ==, WN_UNMATCHED_NO_MATCH);
  g_assert_nonnull (strstr (unmatched->reason, "no record"));
  unmatched = find_unmatched (&report, "f-notpdf.pdf");
  g_assert_nonnull (unmatched);
  g_assert_cmpint (unmatched->kind, ==, WN_UNMATCHED_NOT_PDF);
  g_assert_cmpstr (unmatched->reason, ==, "not a PDF");
  unmatched = find_unmatched (&report, "g-damaged.pdf");
  g_assert_nonnull (unmatched);
  g_assert_cmpint (unmatched->kind, ==, WN_UNMATCHED_DAMAGED);
  unmatched = find_unmatched (&report, "i-encrypted.pdf");
  g_assert_nonnull (unmatched);
  g_assert_cmpint (unmatched->kind, ==, WN_UNMATCHED_ENCRYPTED);
  g_assert_nonnull (strstr (unmatched->reason, "encrypted"));
  g_assert_false (report_names (&report, "notes.txt"));
  wn_attach_folder_report_clear (&report);

  /* Nothing attached to the ambiguous records; retrieval set on the others. */
  fulltext = wn_project_get_fulltext (fixture->project, 4, &error);
  g_assert_no_error (error);
  g_assert_null (fulltext);
  fulltext = wn_project_get_fulltext (fixture->project, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fulltext);
  g_assert_cmpstr (fulltext->file_name, ==, "a-doi-text.pdf");
  g_assert_cmpint (fulltext->pages, ==, 3);
  g_assert_cmpstr (fulltext->doi, ==, "10.1234/abc");
  retrieval = wn_project_get_retrieval (fixture->project, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (retrieval);
  g_assert_true (retrieval->retrieved);

  /* Again: the same files are already in force, a second PDF for a record
   * that has one is listed, never swapped in. */
  {
    g_autofree char *other = g_build_filename (dir, "j-other-copy.pdf", NULL);
    PdfSpec spec = pdf_doi_text;

    spec.pages = 5;
    write_pdf (other, &spec);
  }
  wn_attach_folder_report_init (&report);
  g_assert_true (wn_project_attach_folder (fixture->project, dir, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.attached->len, ==, 4);
  unmatched = find_unmatched (&report, "j-other-copy.pdf");
  g_assert_nonnull (unmatched);
  g_assert_cmpint (unmatched->kind, ==, WN_UNMATCHED_HAS_FULLTEXT);
  wn_attach_folder_report_clear (&report);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count (*) FROM attachments"), ==, 4);

  /* A folder that cannot be read is an error. */
  wn_attach_folder_report_init (&report);
  g_assert_false (wn_project_attach_folder (fixture->project, "/nonexistent/winnow", &report, NULL, NULL, NULL,
                                            &error));
  g_assert_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_READ);
  wn_attach_folder_report_clear (&report);
}

/* /wn/core/fulltext/refused: a non-PDF, a damaged and an encrypted PDF,
 * a missing file, a duplicate record: clear errors naming the file, and
 * nothing in the project changes */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *dir = make_dir ("refused");
  g_autofree char *notpdf = g_build_filename (dir, "scan.pdf", NULL);
  g_autofree char *damaged = g_build_filename (dir, "broken.pdf", NULL);
  g_autofree char *truncated = g_build_filename (dir, "truncated.pdf", NULL);
  g_autofree char *encrypted = g_build_filename (dir, "locked.pdf", NULL);
  g_autofree char *good = g_build_filename (dir, "good.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WnRetrieval) retrieval = NULL;
  g_autoptr(GHashTable) all = NULL;
  gint64 audit_before;

  write_text_file (notpdf, "<html><body>Access denied</body></html>");
  write_damaged_pdf (damaged);
  write_encrypted_pdf (encrypted);
  write_pdf (good, &pdf_sleep);
  {
    /* The first 200 bytes of a good PDF: the header and no page. */
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (good, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 200);
    g_assert_true (g_file_set_contents (truncated, contents, 200, NULL));
  }
  audit_before = wn_project_count_audit (fixture->project, NULL);

  g_assert_false (wn_project_attach_pdf (fixture->project, 6, notpdf, &error));
  g_assert_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_NOT_PDF);
  g_assert_nonnull (strstr (error->message, "scan.pdf"));
  g_clear_error (&error);
  g_assert_false (wn_project_attach_pdf (fixture->project, 6, damaged, &error));
  g_assert_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "broken.pdf"));
  g_clear_error (&error);
  g_assert_false (wn_project_attach_pdf (fixture->project, 6, truncated, &error));
  g_assert_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_false (wn_project_attach_pdf (fixture->project, 6, encrypted, &error));
  g_assert_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_ENCRYPTED);
  g_assert_nonnull (strstr (error->message, "locked.pdf"));
  g_clear_error (&error);
  g_assert_false (wn_project_attach_pdf (fixture->project, 6, "/nonexistent/x.pdf", &error));
  g_assert_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_READ);
  g_clear_error (&error);
  g_assert_false (wn_project_attach_pdf (fixture->project, 999, good, &error));
  g_assert_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_RECORD);
  g_clear_error (&error);
  g_assert_false (wn_project_detach_pdf (fixture->project, 6, &error));
  g_assert_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_STATE);
  g_clear_error (&error);

  g_assert_cmpint (wn_project_count_audit (fixture->project, NULL), ==, audit_before);
  all = wn_project_list_fulltexts (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (all), ==, 0);
  retrieval = wn_project_get_retrieval (fixture->project, 6, &error);
  g_assert_no_error (error);
  g_assert_null (retrieval);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count (*) FROM fulltexts"), ==, 0);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count (*) FROM attachments"), ==, 0);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count (*) FROM fulltext_fts"), ==, 0);
}

/* /wn/core/fulltext/store-once: one PDF attached to two records is stored
 * once; detaching is an event; attaching marks the report retrieved */
static void
test_store_once (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *dir = make_dir ("once");
  g_autofree char *path = g_build_filename (dir, "sleep.pdf", NULL);
  g_autofree char *copy = g_build_filename (dir, "sleep-copy.pdf", NULL);
  g_autofree char *other = g_build_filename (dir, "other.pdf", NULL);
  g_autofree char *sha = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WnFulltext) a = NULL;
  g_autoptr(WnFulltext) b = NULL;
  g_autoptr(WnFulltext) gone = NULL;
  g_autoptr(WnRetrieval) retrieval = NULL;
  g_autoptr(GHashTable) all = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  gint64 audit;

  write_pdf (path, &pdf_sleep);
  write_pdf (other, &pdf_unmatched);
  {
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    g_assert_true (g_file_set_contents (copy, contents, length, NULL));
  }
  sha = file_sha256 (path);

  g_assert_true (wn_project_set_retrieval (fixture->project, 7, FALSE, "Library has no access", &error));
  g_assert_no_error (error);
  g_assert_true (wn_project_attach_pdf (fixture->project, 6, path, &error));
  g_assert_no_error (error);
  g_assert_true (wn_project_attach_pdf (fixture->project, 7, copy, &error));
  g_assert_no_error (error);
  audit = wn_project_count_audit (fixture->project, NULL);
  /* Attaching what is in force again changes nothing. */
  g_assert_true (wn_project_attach_pdf (fixture->project, 6, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wn_project_count_audit (fixture->project, NULL), ==, audit);

  a = wn_project_get_fulltext (fixture->project, 6, &error);
  g_assert_no_error (error);
  b = wn_project_get_fulltext (fixture->project, 7, &error);
  g_assert_no_error (error);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpstr (a->sha256, ==, sha);
  g_assert_cmpstr (b->sha256, ==, sha);
  g_assert_cmpstr (a->file_name, ==, "sleep.pdf");
  g_assert_cmpstr (b->file_name, ==, "sleep-copy.pdf");
  g_assert_cmpstr (a->title, ==, "Sleep hygiene education for shift workers");
  g_assert_cmpint (a->pages, ==, 2);
  g_assert_cmpint (a->size, >, 500);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count (*) FROM fulltexts"), ==, 1);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count (*) FROM fulltext_fts"), ==, 2);

  /* Found after all: a report marked not retrieved is retrieved now (its
   * history keeps both); a record without a status becomes retrieved. */
  retrieval = wn_project_get_retrieval (fixture->project, 7, &error);
  g_assert_no_error (error);
  g_assert_true (retrieval->retrieved);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count (*) FROM retrieval WHERE record_id = 7"), ==, 2);
  g_clear_pointer (&retrieval, wn_retrieval_free);
  retrieval = wn_project_get_retrieval (fixture->project, 6, &error);
  g_assert_no_error (error);
  g_assert_true (retrieval->retrieved);

  /* Replacing: a second PDF is stored beside the first. */
  g_assert_true (wn_project_attach_pdf (fixture->project, 7, other, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count (*) FROM fulltexts"), ==, 2);

  /* Detaching is an event; the PDF stays stored; search no longer finds it
   * for that record. */
  g_assert_true (wn_project_detach_pdf (fixture->project, 6, &error));
  g_assert_no_error (error);
  gone = wn_project_get_fulltext (fixture->project, 6, &error);
  g_assert_no_error (error);
  g_assert_null (gone);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count (*) FROM attachments WHERE action = 'detach'"
                                              " AND record_id = 6"),
                   ==, 1);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count (*) FROM audit WHERE action = 'fulltext.detach'"), ==, 1);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count (*) FROM fulltexts"), ==, 2);
  g_assert_false (wn_project_detach_pdf (fixture->project, 6, &error));
  g_assert_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_STATE);
  g_clear_error (&error);
  hits = wn_project_search_fulltext (fixture->project, "hygiene", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
  all = wn_project_list_fulltexts (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (all), ==, 1);
  g_assert_nonnull (g_hash_table_lookup (all, &(gint64) { 7 }));
}

/* /wn/core/fulltext/copy: the project file copied alone keeps its PDFs:
 * the bytes load with the same SHA-256 and poppler opens them */
static void
test_copy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *dir = make_dir ("copy");
  g_autofree char *pdf = g_build_filename (dir, "trial.pdf", NULL);
  g_autofree char *moved = g_build_filename (dir, "sent.winnow", NULL);
  g_autofree char *sha = NULL;
  g_autofree char *loaded_sha = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WnProject) copy = NULL;
  g_autoptr(WnFulltext) fulltext = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;
  PopplerDocument *document;

  write_pdf (pdf, &pdf_title);
  sha = file_sha256 (pdf);
  g_assert_true (wn_project_attach_pdf (fixture->project, 3, pdf, &error));
  g_assert_no_error (error);
  wn_project_close (fixture->project);
  g_clear_object (&fixture->project);
  g_assert_cmpint (g_remove (pdf), ==, 0);

  from = g_file_new_for_path (fixture->path);
  to = g_file_new_for_path (moved);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  copy = wn_project_open (moved, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wn_project_get_schema_version (copy), ==, WN_PROJECT_SCHEMA_VERSION);
  fulltext = wn_project_get_fulltext (copy, 3, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fulltext);
  g_assert_cmpstr (fulltext->sha256, ==, sha);
  bytes = wn_project_load_pdf (copy, fulltext->sha256, &error);
  g_assert_no_error (error);
  g_assert_cmpint ((gint64) g_bytes_get_size (bytes), ==, fulltext->size);
  loaded_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_assert_cmpstr (loaded_sha, ==, sha);
  document = poppler_document_new_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 4);
  g_object_unref (document);

  pages = wn_project_fulltext_text (copy, sha, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, 4);
  g_assert_nonnull (strstr (g_ptr_array_index (pages, 0), "Exercise Referral"));
  g_assert_nonnull (strstr (g_ptr_array_index (pages, 2), "Page 3"));

  g_assert_null (wn_project_load_pdf (copy, "0000", &error));
  g_assert_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_STATE);
}

/* /wn/core/fulltext/search: a word of a PDF's text finds its record and
 * page; prefixes and phrases; nothing for an absent word */
static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *dir = make_dir ("search");
  g_autofree char *a = g_build_filename (dir, "a.pdf", NULL);
  g_autofree char *b = g_build_filename (dir, "b.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  const WnFulltextHit *hit;

  write_pdf (a, &pdf_doi_text);
  write_pdf (b, &pdf_title);
  g_assert_true (wn_project_attach_pdf (fixture->project, 1, a, &error));
  g_assert_no_error (error);
  g_assert_true (wn_project_attach_pdf (fixture->project, 3, b, &error));
  g_assert_no_error (error);

  hits = wn_project_search_fulltext (fixture->project, "burnout", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpint (hit->record_id, ==, 1);
  g_assert_cmpint (hit->page, ==, 1);
  g_assert_nonnull (strstr (hit->snippet, "[burnout]"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* page 2.. of both: "pangolin" */
  hits = wn_project_search_fulltext (fixture->project, "pangol", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 2 + 3);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpint (hit->record_id, ==, 1);
  g_assert_cmpint (hit->page, ==, 2);
  hit = g_ptr_array_index (hits, 4);
  g_assert_cmpint (hit->record_id, ==, 3);
  g_assert_cmpint (hit->page, ==, 4);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = wn_project_search_fulltext (fixture->project, "\"exercise referral\" primary", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (((WnFulltextHit *) g_ptr_array_index (hits, 0))->record_id, ==, 3);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = wn_project_search_fulltext (fixture->project, "zeppelin", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = wn_project_search_fulltext (fixture->project, "  \" AND (", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
}

/* /wn/core/fulltext/duplicates: a duplicate record is refused (its kept
 * record stands for it); a DOI the duplicate shares with its kept record
 * matches the kept record, not ambiguously both */
static void
test_duplicates (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *dir = make_dir ("duplicates");
  g_autofree char *pdf = g_build_filename (dir, "peer.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WnSearch) search = wn_search_new ();
  g_autoptr(WnSearchWriter) writer = NULL;
  g_autoptr(WnRecord) record = wn_record_new ();
  g_autoptr(WnRecord) read = NULL;
  WnDedupReport dedup = { 0 };
  WnRecordMeta meta = { 0 };
  WnAttachFolderReport report;
  gint64 copy_id, kept, duplicate;

  search->database = g_strdup ("Embase");
  search->file_name = g_strdup ("embase.ris");
  writer = wn_project_begin_search (fixture->project, search, &error);
  g_assert_no_error (error);
  record->title = g_strdup ("Peer support for burnout in community health workers");
  wn_record_add_author (record, "Okafor, Chidi");
  record->year = g_strdup ("2019");
  record->doi = g_strdup ("10.1234/abc");
  record->journal = g_strdup ("Journal of Peer Work");
  record->source_text = g_strdup ("copy");
  copy_id = wn_search_writer_add (writer, record, &error);
  g_assert_no_error (error);
  g_assert_true (wn_search_writer_commit (writer, &error));
  g_assert_no_error (error);
  g_assert_true (wn_dedup_run (fixture->project, WN_DEDUP_RUN_DEFAULT, NULL, &dedup, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dedup.duplicate_records, ==, 1);

  read = wn_project_get_record (fixture->project, copy_id, &meta, &error);
  g_assert_no_error (error);
  if (meta.duplicate_of != 0)
    {
      duplicate = copy_id;
      kept = meta.duplicate_of;
    }
  else
    {
      duplicate = 1;
      kept = copy_id;
    }
  g_assert_cmpint (kept, !=, duplicate);

  write_pdf (pdf, &pdf_doi_text);
  g_assert_false (wn_project_attach_pdf (fixture->project, duplicate, pdf, &error));
  g_assert_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_RECORD);
  g_assert_nonnull (strstr (error->message, "duplicate"));
  g_clear_error (&error);

  wn_attach_folder_report_init (&report);
  g_assert_true (wn_project_attach_folder (fixture->project, dir, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.attached->len, ==, 1);
  g_assert_cmpint (((WnAttachedFile *) g_ptr_array_index (report.attached, 0))->record_id, ==, kept);
  wn_attach_folder_report_clear (&report);
}

/* ------------------------------------------------------------------------ */
/* winnow-cli                                                                */

typedef struct
{
  char *out;
  char *err;
  int   status;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static int
run_cli (Run *run,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("WINNOW_CLI");
  const char *arg;
  va_list ap;
  int wait_status = 0;

  g_assert_nonnull (cli);
  run_clear (run);
  g_ptr_array_add (args, (gpointer) cli);
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
  if (run->status != 0)
    g_test_message ("winnow-cli %s: %d: %s", (char *) args->pdata[1], run->status, run->err);
  return run->status;
}

static const char cli_ris[] =
  "TY  - JOUR\nTI  - Peer support for burnout in community health workers\nAU  - Okafor, Chidi\nPY  - 2019\n"
  "DO  - 10.1234/abc\nER  - \n\n"
  "TY  - JOUR\nTI  - Mindfulness training reduces anxiety among nursing students\nAU  - Lindqvist, Maja\n"
  "PY  - 2020\nDO  - 10.5555/meta.1\nER  - \n\n"
  "TY  - JOUR\nTI  - Sleep hygiene education for shift workers\nAU  - Haddad, Rami\nPY  - 2017\nER  - \n";

/* The fulltext field of each record in records --json, by id. */
static GHashTable *
records_fulltext (void)
{
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;
  GHashTable *table = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  g_assert_cmpint (run_cli (&run, "records", "cli.winnow", "--json", NULL), ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;
      gint64 *id = g_new (gint64, 1);

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_true (json_object_has_member (object, "fulltext"));
      *id = json_object_get_int_member (object, "id");
      g_hash_table_insert (table, id,
                           json_object_get_null_member (object, "fulltext")
                               ? g_strdup ("null")
                               : g_strdup (json_object_get_string_member (object, "fulltext")));
    }
  return table;
}

/* /wn/core/fulltext/cli: attach (and its refusals), attach-folder --json,
 * detach, records --json's fulltext and retrieval */
static void
test_cli (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *ris = g_build_filename (tmpdir, "cli.ris", NULL);
  g_autofree char *dir = make_dir ("cli-folder");
  g_autofree char *single = g_build_filename (tmpdir, "single.pdf", NULL);
  g_autofree char *junk = g_build_filename (tmpdir, "junk.pdf", NULL);
  g_autofree char *sha_single = NULL;
  g_autofree char *sha_meta = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) fulltexts = NULL;
  JsonObject *report;
  JsonArray *attached;
  JsonArray *unmatched;

  write_text_file (ris, cli_ris);
  write_pdf (single, &pdf_sleep);
  write_text_file (junk, "not a pdf");
  sha_single = file_sha256 (single);
  {
    g_autofree char *a = g_build_filename (dir, "a.pdf", NULL);
    g_autofree char *b = g_build_filename (dir, "b.pdf", NULL);
    g_autofree char *c = g_build_filename (dir, "c.pdf", NULL);

    write_pdf (a, &pdf_doi_text);
    write_pdf (b, &pdf_doi_meta);
    write_pdf (c, &pdf_unmatched);
    sha_meta = file_sha256 (b);
  }

  g_assert_cmpint (run_cli (&run, "new", "cli.winnow", NULL), ==, 0);
  g_assert_cmpint (run_cli (&run, "import", "cli.winnow", "cli.ris", NULL), ==, 0);

  g_assert_cmpint (run_cli (&run, "attach", "cli.winnow", "3", NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "attach", "cli.winnow", "x", "single.pdf", NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "attach", "cli.winnow", "3", "junk.pdf", NULL), ==, 1);
  g_assert_nonnull (strstr (run.err, "junk.pdf"));
  g_assert_nonnull (strstr (run.err, "not a PDF"));
  g_assert_cmpint (run_cli (&run, "attach", "cli.winnow", "99", "single.pdf", NULL), ==, 1);
  g_assert_cmpint (run_cli (&run, "attach", "missing.winnow", "3", "single.pdf", NULL), ==, 3);
  g_assert_cmpint (run_cli (&run, "attach", "cli.winnow", "3", "single.pdf", NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, sha_single));

  g_assert_cmpint (run_cli (&run, "attach-folder", "cli.winnow", "nowhere", NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "attach-folder", "cli.winnow", "cli-folder", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  report = json_node_get_object (json_parser_get_root (parser));
  attached = json_object_get_array_member (report, "attached");
  unmatched = json_object_get_array_member (report, "unmatched");
  g_assert_cmpuint (json_array_get_length (attached), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attached, 0), "file"), ==, "a.pdf");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (attached, 0), "record"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attached, 0), "by"), ==,
                   "doi-text");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (attached, 1), "by"), ==,
                   "doi-metadata");
  g_assert_cmpuint (json_array_get_length (unmatched), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (unmatched, 0), "file"), ==,
                   "c.pdf");
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (unmatched, 0), "reason"));

  /* Without --json: attached files on stdout, the rest on stderr. */
  g_assert_cmpint (run_cli (&run, "attach-folder", "cli.winnow", "cli-folder", NULL), ==, 0);
  g_assert_nonnull (strstr (run.err, "c.pdf"));
  g_assert_nonnull (strstr (run.out, "a.pdf\t1\tdoi-text"));

  fulltexts = records_fulltext ();
  g_assert_cmpstr (g_hash_table_lookup (fulltexts, &(gint64) { 2 }), ==, sha_meta);
  g_assert_cmpstr (g_hash_table_lookup (fulltexts, &(gint64) { 3 }), ==, sha_single);
  g_clear_pointer (&fulltexts, g_hash_table_unref);

  g_assert_cmpint (run_cli (&run, "detach", "cli.winnow", "3", NULL), ==, 0);
  g_assert_cmpint (run_cli (&run, "detach", "cli.winnow", "3", NULL), ==, 1);
  g_assert_nonnull (strstr (run.err, "no full text"));
  fulltexts = records_fulltext ();
  g_assert_cmpstr (g_hash_table_lookup (fulltexts, &(gint64) { 3 }), ==, "null");
  g_assert_cmpstr (g_hash_table_lookup (fulltexts, &(gint64) { 2 }), ==, sha_meta);

  g_assert_cmpint (run_cli (&run, "records", "cli.winnow", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "\"retrieval\":\"retrieved\""));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("winnow-fulltext-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add ("/wn/core/fulltext/attach-folder", Fixture, NULL, fixture_set_up, test_attach_folder,
              fixture_tear_down);
  g_test_add ("/wn/core/fulltext/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/wn/core/fulltext/store-once", Fixture, NULL, fixture_set_up, test_store_once, fixture_tear_down);
  g_test_add ("/wn/core/fulltext/copy", Fixture, NULL, fixture_set_up, test_copy, fixture_tear_down);
  g_test_add ("/wn/core/fulltext/search", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/wn/core/fulltext/duplicates", Fixture, NULL, fixture_set_up, test_duplicates, fixture_tear_down);
  g_test_add_func ("/wn/core/fulltext/cli", test_cli);

  status = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  return status;
}
