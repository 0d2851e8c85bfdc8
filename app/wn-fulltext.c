/* wn-fulltext.c — full texts: PDFs stored inside the project, matched to
 * records, their text extracted and indexed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tables are migration 5 in wn-project.c: fulltexts (one row per
 * SHA-256, the bytes and the text), attachments (events, the latest per
 * record in force) and fulltext_fts (one row per page). A PDF is parsed
 * outside the project's lock; only the writes hold it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <poppler.h>
#include <string.h>

#include "wn-fulltext.h"
#include "wn-json.h"
#include "wn-normalise.h"
#include "wn-project-private.h"

G_DEFINE_QUARK (wn-fulltext-error-quark, wn_fulltext_error)

/* A title must have this many characters (key) to be matched on its own. */
#define TITLE_MIN_KEY      20
/* Two title keys this close (1 − edits / length) name the same work. */
#define TITLE_MIN_RATIO    0.92
/* How many first lines of page 1 are tried as a title, alone and joined. */
#define TITLE_FIRST_LINES  12

void
wn_fulltext_free (WnFulltext *fulltext)
{
  if (fulltext == NULL)
    return;
  g_free (fulltext->sha256);
  g_free (fulltext->file_name);
  g_free (fulltext->title);
  g_free (fulltext->doi);
  g_free (fulltext->attached_at);
  g_free (fulltext->attached_by);
  g_free (fulltext);
}

void
wn_fulltext_hit_free (WnFulltextHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->sha256);
  g_free (hit->snippet);
  g_free (hit);
}

const char *
wn_attach_method_to_string (WnAttachMethod method)
{
  switch (method)
    {
    case WN_ATTACH_BY_DOI_METADATA:
      return "doi-metadata";
    case WN_ATTACH_BY_DOI_TEXT:
      return "doi-text";
    case WN_ATTACH_BY_TITLE:
      return "title";
    default:
      return "unknown";
    }
}

static void
attached_file_free (WnAttachedFile *file)
{
  g_free (file->file);
  g_free (file);
}

static void
unmatched_file_free (WnUnmatchedFile *file)
{
  g_free (file->file);
  g_free (file->reason);
  g_array_unref (file->candidates);
  g_free (file);
}

void
wn_attach_folder_report_init (WnAttachFolderReport *report)
{
  report->attached = g_ptr_array_new_with_free_func ((GDestroyNotify) attached_file_free);
  report->unmatched = g_ptr_array_new_with_free_func ((GDestroyNotify) unmatched_file_free);
}

void
wn_attach_folder_report_clear (WnAttachFolderReport *report)
{
  g_clear_pointer (&report->attached, g_ptr_array_unref);
  g_clear_pointer (&report->unmatched, g_ptr_array_unref);
}

/* ------------------------------------------------------------------------ */
/* Reading a PDF                                                             */

typedef struct
{
  GBytes    *bytes;
  char      *sha256;
  char      *file_name;
  int        pages;
  char      *title;       /* metadata title */
  GPtrArray *meta_dois;   /* normalised DOIs in the metadata, in order */
  GPtrArray *page_texts;  /* (element-type utf8) one per page */
} ParsedPdf;

static void
parsed_pdf_free (ParsedPdf *pdf)
{
  if (pdf == NULL)
    return;
  g_clear_pointer (&pdf->bytes, g_bytes_unref);
  g_free (pdf->sha256);
  g_free (pdf->file_name);
  g_free (pdf->title);
  g_clear_pointer (&pdf->meta_dois, g_ptr_array_unref);
  g_clear_pointer (&pdf->page_texts, g_ptr_array_unref);
  g_free (pdf);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParsedPdf, parsed_pdf_free)

static GRegex *
doi_regex (void)
{
  static gsize regex;

  if (g_once_init_enter (&regex))
    {
      GRegex *r = g_regex_new ("\\b10\\.\\d{4,9}/[^\\s\"<>]+", G_REGEX_OPTIMIZE, 0, NULL);

      g_once_init_leave (&regex, (gsize) r);
    }
  return (GRegex *) regex;
}

/* Appends every DOI in text (normalised, unique) to dois. */
static void
collect_dois (const char *text,
              GPtrArray  *dois)
{
  g_autoptr(GMatchInfo) match = NULL;

  if (text == NULL)
    return;
  g_regex_match (doi_regex (), text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *raw = g_match_info_fetch (match, 0);
      g_autofree char *doi = wn_normalise_doi (raw);

      if (doi != NULL && !g_ptr_array_find_with_equal_func (dois, doi, g_str_equal, NULL))
        g_ptr_array_add (dois, g_steal_pointer (&doi));
      g_match_info_next (match, NULL);
    }
}

static char *
sha256_of (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static gboolean
looks_like_pdf (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  gsize limit = MIN (size, 1024);

  /* The header may follow some junk (the PDF reference allows 1024 bytes). */
  for (gsize i = 0; i + 5 <= limit; i++)
    if (memcmp (data + i, "%PDF-", 5) == 0)
      return TRUE;
  return FALSE;
}

/* Parses the bytes: refuses a non-PDF, damaged or encrypted PDF with an
 * error naming file_name; extracts metadata and each page's text. */
static ParsedPdf *
parse_pdf (GBytes      *bytes,
           const char  *file_name,
           GError     **error)
{
  g_autoptr(ParsedPdf) pdf = g_new0 (ParsedPdf, 1);
  g_autoptr(GObject) document_object = NULL; /* poppler 22 has no autoptr for its types */
  PopplerDocument *document;
  g_autoptr(GError) local = NULL;
  const char *meta_fields[4] = { NULL };
  g_autofree char *subject = NULL;
  g_autofree char *keywords = NULL;
  g_autofree char *xmp = NULL;

  if (!looks_like_pdf (bytes))
    {
      g_set_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_NOT_PDF,
                   _("%s is not a PDF file"), file_name);
      return NULL;
    }
  document = poppler_document_new_from_bytes (bytes, NULL, &local);
  document_object = (GObject *) document;
  if (document == NULL)
    {
      if (g_error_matches (local, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_ENCRYPTED,
                     _("%s is encrypted (it needs a password): save an unprotected copy and attach that"),
                     file_name);
      else
        g_set_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_DAMAGED,
                     _("%s is a damaged PDF that cannot be read (%s)"), file_name,
                     local != NULL ? local->message : _("unknown error"));
      return NULL;
    }
  pdf->pages = poppler_document_get_n_pages (document);
  if (pdf->pages <= 0)
    {
      g_set_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_DAMAGED,
                   _("%s is a damaged PDF that cannot be read (it has no pages)"), file_name);
      return NULL;
    }

  pdf->bytes = g_bytes_ref (bytes);
  pdf->sha256 = sha256_of (bytes);
  pdf->file_name = g_strdup (file_name);
  pdf->title = poppler_document_get_title (document);
  if (pdf->title != NULL)
    {
      g_strstrip (pdf->title);
      if (*pdf->title == '\0')
        g_clear_pointer (&pdf->title, g_free);
    }
  subject = poppler_document_get_subject (document);
  keywords = poppler_document_get_keywords (document);
  xmp = poppler_document_get_metadata (document);
  meta_fields[0] = subject;
  meta_fields[1] = keywords;
  meta_fields[2] = pdf->title;
  meta_fields[3] = xmp;
  pdf->meta_dois = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (meta_fields); i++)
    collect_dois (meta_fields[i], pdf->meta_dois);

  pdf->page_texts = g_ptr_array_new_full (pdf->pages, g_free);
  for (int i = 0; i < pdf->pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      char *text = page != NULL ? poppler_page_get_text (page) : NULL;

      g_clear_object (&page);
      /* Form feeds separate pages in the stored text. */
      if (text != NULL)
        g_strdelimit (text, "\f", ' ');
      g_ptr_array_add (pdf->page_texts, text != NULL ? text : g_strdup (""));
    }
  return g_steal_pointer (&pdf);
}

static GBytes *
read_file_bytes (const char  *path,
                 GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GError) local = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &local))
    {
      g_set_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_READ,
                   _("%s cannot be read: %s"), base, local->message);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

/* ------------------------------------------------------------------------ */
/* The store                                                                 */

/* A unique record, else WN_FULLTEXT_ERROR_RECORD. Lock held. */
static gboolean
require_unique_locked (WnProject   *self,
                       gint64       record_id,
                       GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "SELECT duplicate_of FROM records WHERE id = ?", -1, &stmt,
                           NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      gint64 duplicate_of = sqlite3_column_int64 (stmt, 0);

      if (duplicate_of == 0)
        return TRUE;
      g_set_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_RECORD,
                   _("record %lld is a duplicate of record %lld, which stands for it: attach the full text to record %lld"),
                   (long long) record_id, (long long) duplicate_of, (long long) duplicate_of);
      return FALSE;
    }
  if (rc == SQLITE_DONE)
    g_set_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_RECORD, _("there is no record %lld"),
                 (long long) record_id);
  else
    _wn_project_sql_error (self, error, rc, _("could not read the record"));
  return FALSE;
}

/* The sha256 of the PDF in force for a record, or NULL (then *failed tells
 * an error from none). Lock held. */
static char *
current_sha256_locked (WnProject   *self,
                       gint64       record_id,
                       gboolean    *failed,
                       GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  char *sha256 = NULL;
  int rc;

  *failed = FALSE;
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT sha256, action FROM attachments WHERE record_id = ? ORDER BY id DESC LIMIT 1", -1,
                           &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "attach") == 0)
        sha256 = _wn_column_dup (stmt, 0);
    }
  else if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the record's full text"));
      *failed = TRUE;
    }
  return sha256;
}

/* Whether a PDF with this hash is stored; -1 on error. Lock held. */
static int
is_stored_locked (WnProject   *self,
                  const char  *sha256,
                  GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "SELECT 1 FROM fulltexts WHERE sha256 = ?", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    return 1;
  if (rc == SQLITE_DONE)
    return 0;
  _wn_project_sql_error (self, error, rc, _("could not read the stored full texts"));
  return -1;
}

static int
is_stored (WnProject   *self,
           const char  *sha256,
           GError     **error)
{
  int stored;

  _wn_project_lock (self);
  stored = is_stored_locked (self, sha256, error);
  _wn_project_unlock (self);
  return stored;
}

/* The DOI a parsed PDF names for itself: its metadata's first, else the
 * first on page 1. */
static const char *
pdf_own_doi (const ParsedPdf *pdf,
             GPtrArray       *page1_dois)
{
  if (pdf->meta_dois->len > 0)
    return g_ptr_array_index (pdf->meta_dois, 0);
  if (page1_dois != NULL && page1_dois->len > 0)
    return g_ptr_array_index (page1_dois, 0);
  return NULL;
}

/* Stores a parsed PDF (bytes, text, page index). Lock held, in a
 * transaction. */
static gboolean
store_pdf_locked (WnProject   *self,
                  ParsedPdf   *pdf,
                  GError     **error)
{
  sqlite3 *db = _wn_project_get_db (self);
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(WnStmt) fts = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) page1_dois = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *now = _wn_now_iso8601 ();
  const char *what = _("could not store the full text");
  gsize size;
  const void *data = g_bytes_get_data (pdf->bytes, &size);
  int rc;

  if (pdf->page_texts->len > 0)
    collect_dois (g_ptr_array_index (pdf->page_texts, 0), page1_dois);
  for (guint i = 0; i < pdf->page_texts->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\f');
      g_string_append (text, g_ptr_array_index (pdf->page_texts, i));
    }

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO fulltexts (sha256, size, pages, title, doi, data, text, added_at, added_by)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, pdf->sha256, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) size);
      sqlite3_bind_int (stmt, 3, pdf->pages);
      sqlite3_bind_text (stmt, 4, pdf->title, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, pdf_own_doi (pdf, page1_dois), -1, SQLITE_STATIC);
      sqlite3_bind_blob64 (stmt, 6, data, size, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, text->str, (int) text->len, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, wn_project_get_actor (self), -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, what);
      return FALSE;
    }

  rc = sqlite3_prepare_v2 (db, "INSERT INTO fulltext_fts (text, sha256, page) VALUES (?, ?, ?)", -1, &fts, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < pdf->page_texts->len; i++)
    {
      sqlite3_bind_text (fts, 1, g_ptr_array_index (pdf->page_texts, i), -1, SQLITE_STATIC);
      sqlite3_bind_text (fts, 2, pdf->sha256, -1, SQLITE_STATIC);
      sqlite3_bind_int (fts, 3, (int) i + 1);
      rc = sqlite3_step (fts);
      if (rc == SQLITE_DONE)
        rc = sqlite3_reset (fts);
    }
  if (rc != SQLITE_OK)
    {
      _wn_project_sql_error (self, error, rc, what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_event_locked (WnProject   *self,
                     gint64       record_id,
                     const char  *sha256,
                     const char  *action,
                     const char  *file_name,
                     GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GString) detail = g_string_new ("{");
  g_autofree char *now = _wn_now_iso8601 ();
  g_autofree char *audit_action = g_strconcat ("fulltext.", action, NULL);
  int rc;

  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "INSERT INTO attachments (record_id, sha256, action, file_name, at, actor)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      sqlite3_bind_text (stmt, 2, sha256, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, file_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, wn_project_get_actor (self), -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not record the attachment"));
      return FALSE;
    }
  wn_json_append_key (detail, "record");
  wn_json_append_int (detail, record_id);
  wn_json_append_key (detail, "sha256");
  wn_json_append_string (detail, sha256);
  wn_json_append_key (detail, "file");
  wn_json_append_string (detail, file_name);
  g_string_append_c (detail, '}');
  return _wn_project_audit (self, audit_action, detail->str, error);
}

/* Sets "retrieved" when the record has no retrieval status. Lock held, in
 * a transaction. */
static gboolean
mark_retrieved_locked (WnProject   *self,
                       gint64       record_id,
                       GError     **error)
{
  sqlite3 *db = _wn_project_get_db (self);
  g_autoptr(WnStmt) check = NULL;
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GString) detail = g_string_new ("{");
  g_autofree char *now = _wn_now_iso8601 ();
  const char *what = _("could not record the retrieval status");
  int rc;

  /* A PDF in hand: the report was retrieved, even one marked not
   * retrieved before (found after all). */
  rc = sqlite3_prepare_v2 (db, "SELECT status = 'retrieved' FROM retrieval WHERE record_id = ? ORDER BY id DESC LIMIT 1",
                           -1, &check, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (check, 1, record_id);
      rc = sqlite3_step (check);
    }
  if (rc == SQLITE_ROW && sqlite3_column_int (check, 0) == 1)
    return TRUE;
  if (rc == SQLITE_ROW)
    rc = SQLITE_DONE;
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, what);
      return FALSE;
    }
  rc = sqlite3_prepare_v2 (db, "INSERT INTO retrieval (record_id, status, at, actor) VALUES (?, 'retrieved', ?, ?)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, wn_project_get_actor (self), -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, what);
      return FALSE;
    }
  wn_json_append_key (detail, "record");
  wn_json_append_int (detail, record_id);
  wn_json_append_key (detail, "status");
  wn_json_append_string (detail, "retrieved");
  wn_json_append_key (detail, "reason");
  wn_json_append_string (detail, NULL);
  g_string_append_c (detail, '}');
  return _wn_project_audit (self, "retrieval.set", detail->str, error);
}

/* Attaches sha256 (stored already, or pdf to store) to a record. When
 * keep_other is set and the record has another PDF in force, nothing
 * changes and *other is set to TRUE. */
static gboolean
attach_locked_tx (WnProject   *self,
                  gint64       record_id,
                  const char  *sha256,
                  ParsedPdf   *pdf,
                  const char  *file_name,
                  gboolean     keep_other,
                  gboolean    *other,
                  GError     **error)
{
  g_autofree char *current = NULL;
  const char *what = _("could not attach the full text");
  gboolean failed = FALSE;
  gboolean ok;
  int stored;

  if (other != NULL)
    *other = FALSE;
  if (!_wn_project_begin_write (self, what, error))
    return FALSE;
  ok = require_unique_locked (self, record_id, error);
  if (ok)
    {
      current = current_sha256_locked (self, record_id, &failed, error);
      ok = !failed;
    }
  if (ok && g_strcmp0 (current, sha256) == 0)
    return _wn_project_end_write (self, TRUE, what, error);
  if (ok && current != NULL && keep_other)
    {
      if (other != NULL)
        *other = TRUE;
      return _wn_project_end_write (self, TRUE, what, error);
    }
  if (ok)
    {
      stored = is_stored_locked (self, sha256, error);
      ok = stored >= 0;
      if (ok && stored == 0)
        {
          if (pdf == NULL)
            {
              g_set_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_STATE,
                           _("no stored PDF has the hash %s"), sha256);
              ok = FALSE;
            }
          else
            ok = store_pdf_locked (self, pdf, error);
        }
    }
  if (ok)
    ok = insert_event_locked (self, record_id, sha256, "attach", file_name, error);
  if (ok)
    ok = mark_retrieved_locked (self, record_id, error);
  return _wn_project_end_write (self, ok, what, error);
}

gboolean
wn_project_attach_pdf_bytes (WnProject   *self,
                             gint64       record_id,
                             GBytes      *bytes,
                             const char  *file_name,
                             GError     **error)
{
  g_autofree char *sha256 = NULL;
  g_autoptr(ParsedPdf) pdf = NULL;
  int stored;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (file_name == NULL)
    file_name = _("the file");
  sha256 = sha256_of (bytes);
  stored = is_stored (self, sha256, error);
  if (stored < 0)
    return FALSE;
  /* A stored PDF was read successfully before: no need to parse it again. */
  if (stored == 0)
    {
      pdf = parse_pdf (bytes, file_name, error);
      if (pdf == NULL)
        return FALSE;
    }
  return attach_locked_tx (self, record_id, sha256, pdf, file_name, FALSE, NULL, error);
}

gboolean
wn_project_attach_pdf (WnProject   *self,
                       gint64       record_id,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = read_file_bytes (path, error);
  if (bytes == NULL)
    return FALSE;
  base = g_path_get_basename (path);
  return wn_project_attach_pdf_bytes (self, record_id, bytes, base, error);
}

gboolean
wn_project_detach_pdf (WnProject   *self,
                       gint64       record_id,
                       GError     **error)
{
  g_autofree char *current = NULL;
  g_autofree char *file_name = NULL;
  const char *what = _("could not detach the full text");
  gboolean failed = FALSE;
  gboolean ok;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);

  if (!_wn_project_begin_write (self, what, error))
    return FALSE;
  ok = require_unique_locked (self, record_id, error);
  if (ok)
    {
      current = current_sha256_locked (self, record_id, &failed, error);
      ok = !failed;
    }
  if (ok && current == NULL)
    {
      g_set_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_STATE,
                   _("record %lld has no full text attached"), (long long) record_id);
      ok = FALSE;
    }
  if (ok)
    {
      g_autoptr(WnStmt) stmt = NULL;

      if (sqlite3_prepare_v2 (_wn_project_get_db (self),
                              "SELECT file_name FROM attachments WHERE record_id = ? ORDER BY id DESC LIMIT 1", -1,
                              &stmt, NULL) == SQLITE_OK)
        {
          sqlite3_bind_int64 (stmt, 1, record_id);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            file_name = _wn_column_dup (stmt, 0);
        }
      ok = insert_event_locked (self, record_id, current, "detach", file_name, error);
    }
  return _wn_project_end_write (self, ok, what, error);
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                   */

#define FULLTEXT_SELECT                                                                          \
  "SELECT a.record_id, a.sha256, f.size, f.pages, a.file_name, f.title, f.doi, a.at, a.actor"  \
  " FROM attachments a JOIN fulltexts f ON f.sha256 = a.sha256"

static WnFulltext *
fulltext_from_row (sqlite3_stmt *stmt)
{
  WnFulltext *fulltext = g_new0 (WnFulltext, 1);

  fulltext->record_id = sqlite3_column_int64 (stmt, 0);
  fulltext->sha256 = _wn_column_dup (stmt, 1);
  fulltext->size = sqlite3_column_int64 (stmt, 2);
  fulltext->pages = sqlite3_column_int (stmt, 3);
  fulltext->file_name = _wn_column_dup (stmt, 4);
  fulltext->title = _wn_column_dup (stmt, 5);
  fulltext->doi = _wn_column_dup (stmt, 6);
  fulltext->attached_at = _wn_column_dup (stmt, 7);
  fulltext->attached_by = _wn_column_dup (stmt, 8);
  return fulltext;
}

WnFulltext *
wn_project_get_fulltext (WnProject   *self,
                         gint64       record_id,
                         GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  WnFulltext *fulltext = NULL;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           FULLTEXT_SELECT " WHERE a.record_id = ? AND a.action = 'attach'"
                           " AND a.id = (SELECT max (id) FROM attachments WHERE record_id = ?)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, record_id);
      sqlite3_bind_int64 (stmt, 2, record_id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    fulltext = fulltext_from_row (stmt);
  else if (rc != SQLITE_DONE)
    _wn_project_sql_error (self, error, rc, _("could not read the record's full text"));
  _wn_project_unlock (self);
  return fulltext;
}

GHashTable *
wn_project_list_fulltexts (WnProject  *self,
                           GError    **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                       (GDestroyNotify) wn_fulltext_free);
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           FULLTEXT_SELECT " WHERE a.action = 'attach'"
                           " AND a.id IN (SELECT max (id) FROM attachments GROUP BY record_id)",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WnFulltext *fulltext = fulltext_from_row (stmt);

      g_hash_table_insert (table, &fulltext->record_id, fulltext);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not read the full texts"));
      _wn_project_unlock (self);
      return NULL;
    }
  _wn_project_unlock (self);
  return g_steal_pointer (&table);
}

GBytes *
wn_project_load_pdf (WnProject   *self,
                     const char  *sha256,
                     GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  GBytes *bytes = NULL;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "SELECT data FROM fulltexts WHERE sha256 = ?", -1, &stmt,
                           NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  else if (rc == SQLITE_DONE)
    g_set_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_STATE, _("no stored PDF has the hash %s"), sha256);
  else
    _wn_project_sql_error (self, error, rc, _("could not read the stored PDF"));
  _wn_project_unlock (self);
  return bytes;
}

GPtrArray *
wn_project_fulltext_text (WnProject   *self,
                          const char  *sha256,
                          GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  GPtrArray *pages = NULL;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self), "SELECT text, pages FROM fulltexts WHERE sha256 = ?", -1,
                           &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      g_auto(GStrv) split = g_strsplit (text != NULL ? text : "", "\f", -1);

      pages = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; split[i] != NULL; i++)
        g_ptr_array_add (pages, g_steal_pointer (&split[i]));
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_STATE, _("no stored PDF has the hash %s"), sha256);
  else
    _wn_project_sql_error (self, error, rc, _("could not read the full text"));
  _wn_project_unlock (self);
  return pages;
}

/* What a person types → an FTS5 query (as wn_project_search_text() does):
 * every word a quoted prefix term, "quoted phrases" kept, all required. */
static char *
fts_query_from_text (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      const char *start;
      gboolean phrase = FALSE;

      while (*p && (g_ascii_isspace (*p) || *p == ','))
        p++;
      if (*p == '\0')
        break;
      if (*p == '"' && strchr (p + 1, '"') != NULL)
        {
          phrase = TRUE;
          start = ++p;
          while (*p && *p != '"')
            p++;
        }
      else if (*p == '"')
        {
          p++;
          continue;
        }
      else
        {
          start = p;
          while (*p && !g_ascii_isspace (*p) && *p != ',' && *p != '"')
            p++;
        }
      if (p > start)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append_c (query, '"');
          for (const char *q = start; q < p; q++)
            {
              if (*q == '"')
                g_string_append_c (query, '"');
              g_string_append_c (query, *q);
            }
          g_string_append_c (query, '"');
          if (!phrase)
            g_string_append_c (query, '*');
        }
      if (phrase && *p == '"')
        p++;
    }
  if (query->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&query), FALSE);
}

GPtrArray *
wn_project_search_fulltext (WnProject   *self,
                            const char  *query,
                            GError     **error)
{
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_fulltext_hit_free);
  g_autofree char *fts = NULL;
  int rc;

  g_return_val_if_fail (WN_IS_PROJECT (self), NULL);

  fts = fts_query_from_text (query != NULL ? query : "");
  if (fts == NULL)
    return g_steal_pointer (&hits);

  _wn_project_lock (self);
  rc = sqlite3_prepare_v2 (_wn_project_get_db (self),
                           "SELECT a.record_id, f.page, f.sha256, snippet (fulltext_fts, 0, '[', ']', '…', 12)"
                           " FROM fulltext_fts f"
                           " JOIN (SELECT record_id, sha256 FROM attachments WHERE action = 'attach'"
                           "       AND id IN (SELECT max (id) FROM attachments GROUP BY record_id)) a"
                           "   ON a.sha256 = f.sha256"
                           " WHERE fulltext_fts MATCH ? ORDER BY a.record_id, f.page",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_STATIC);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WnFulltextHit *hit = g_new0 (WnFulltextHit, 1);

      hit->record_id = sqlite3_column_int64 (stmt, 0);
      hit->page = sqlite3_column_int (stmt, 1);
      hit->sha256 = _wn_column_dup (stmt, 2);
      hit->snippet = _wn_column_dup (stmt, 3);
      g_ptr_array_add (hits, hit);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _wn_project_sql_error (self, error, rc, _("could not search the full texts"));
      _wn_project_unlock (self);
      return NULL;
    }
  _wn_project_unlock (self);
  return g_steal_pointer (&hits);
}

/* ------------------------------------------------------------------------ */
/* Matching a folder                                                         */

typedef struct
{
  gint64  id;
  char   *title_key;
  char   *first_author;  /* the first author's surname, folded, or NULL */
  int     year;
} Candidate;

static void
candidate_free (Candidate *candidate)
{
  g_free (candidate->title_key);
  g_free (candidate->first_author);
  g_free (candidate);
}

typedef struct
{
  GPtrArray  *candidates;  /* (element-type Candidate) unique records */
  GHashTable *by_doi;      /* doi → GArray of gint64 */
  GHashTable *by_title;    /* title key → GArray of Candidate * (borrowed) */
} MatchIndex;

static void
match_index_clear (MatchIndex *index)
{
  g_clear_pointer (&index->by_doi, g_hash_table_unref);
  g_clear_pointer (&index->by_title, g_hash_table_unref);
  g_clear_pointer (&index->candidates, g_ptr_array_unref);
}

static char *
surname_key (const char *author)
{
  g_autofree char *surname = NULL;
  const char *comma;
  g_autofree char *key = NULL;
  char *space;

  if (author == NULL)
    return NULL;
  comma = strchr (author, ',');
  surname = comma != NULL ? g_strndup (author, comma - author) : g_strdup (author);
  key = wn_normalise_text (surname);
  if (key == NULL)
    return NULL;
  /* "Last First" without a comma: the first word. */
  if (comma == NULL && (space = strchr (key, ' ')) != NULL)
    *space = '\0';
  return g_steal_pointer (&key);
}

static gboolean
index_record (const WnRecordMeta *meta,
              const WnRecord     *record,
              gpointer            user_data)
{
  MatchIndex *index = user_data;
  Candidate *candidate = g_new0 (Candidate, 1);
  WnItemFlags flags = 0;

  candidate->id = meta->id;
  candidate->title_key = wn_normalise_title (record->title, &flags);
  if (candidate->title_key != NULL && (flags & WN_ITEM_GENERIC) != 0)
    g_clear_pointer (&candidate->title_key, g_free);
  if (record->authors != NULL && record->authors->len > 0)
    candidate->first_author = surname_key (g_ptr_array_index (record->authors, 0));
  candidate->year = wn_normalise_year (record->year);
  g_ptr_array_add (index->candidates, candidate);

  if (record->doi != NULL && *record->doi != '\0')
    {
      g_autofree char *doi = wn_normalise_doi (record->doi);
      GArray *ids;

      if (doi != NULL)
        {
          ids = g_hash_table_lookup (index->by_doi, doi);
          if (ids == NULL)
            {
              ids = g_array_new (FALSE, FALSE, sizeof (gint64));
              g_hash_table_insert (index->by_doi, g_steal_pointer (&doi), ids);
            }
          g_array_append_val (ids, candidate->id);
        }
    }
  if (candidate->title_key != NULL)
    {
      GPtrArray *list = g_hash_table_lookup (index->by_title, candidate->title_key);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (index->by_title, g_strdup (candidate->title_key), list);
        }
      g_ptr_array_add (list, candidate);
    }
  return TRUE;
}

static gboolean
build_index (WnProject   *self,
             MatchIndex  *index,
             GError     **error)
{
  index->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  index->by_doi = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  index->by_title = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  return wn_project_foreach_record (self, 0, WN_RECORD_QUERY_DEFAULT, index_record, index, error);
}

typedef enum
{
  MATCH_NONE,
  MATCH_ONE,
  MATCH_AMBIGUOUS,
} MatchResult;

/* Breaks a tie between candidates by the first author's surname and the
 * year appearing on page 1. Keeps in *out the best, when it is alone. */
static MatchResult
break_tie (GPtrArray   *tied,
           const char  *page1_key,
           GArray      *ambiguous,
           gint64      *out)
{
  int best = -1;
  guint best_count = 0;
  Candidate *winner = NULL;

  for (guint i = 0; i < tied->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (tied, i);
      int score = 0;

      if (page1_key != NULL && candidate->first_author != NULL)
        {
          g_autofree char *needle = g_strdup_printf (" %s ", candidate->first_author);

          if (strstr (page1_key, needle) != NULL)
            score += 2;
        }
      if (page1_key != NULL && candidate->year != 0)
        {
          char needle[16];

          g_snprintf (needle, sizeof needle, " %d ", candidate->year);
          if (strstr (page1_key, needle) != NULL)
            score += 1;
        }
      if (score > best)
        {
          best = score;
          best_count = 1;
          winner = candidate;
        }
      else if (score == best)
        best_count++;
    }
  if (best_count == 1 && best > 0)
    {
      *out = winner->id;
      return MATCH_ONE;
    }
  for (guint i = 0; i < tied->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (tied, i);

      g_array_append_val (ambiguous, candidate->id);
    }
  return MATCH_AMBIGUOUS;
}

static void
add_title_key (GPtrArray  *keys,
               const char *text)
{
  WnItemFlags flags = 0;
  char *key = wn_normalise_title (text, &flags);

  if (key == NULL || strlen (key) < TITLE_MIN_KEY || (flags & WN_ITEM_GENERIC) != 0 ||
      g_ptr_array_find_with_equal_func (keys, key, g_str_equal, NULL))
    {
      g_free (key);
      return;
    }
  g_ptr_array_add (keys, key);
}

/* The titles a PDF may have: its metadata title, its first page's first
 * lines, alone and two or three joined (titles wrap). */
static GPtrArray *
pdf_title_keys (const ParsedPdf *pdf)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) first = g_ptr_array_new ();

  if (pdf->title != NULL)
    add_title_key (keys, pdf->title);
  if (pdf->page_texts->len == 0)
    return keys;
  lines = g_strsplit (g_ptr_array_index (pdf->page_texts, 0), "\n", -1);
  for (guint i = 0; lines[i] != NULL && first->len < TITLE_FIRST_LINES; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] != '\0')
        g_ptr_array_add (first, lines[i]);
    }
  for (guint i = 0; i < first->len; i++)
    for (guint n = 1; n <= 3 && i + n <= first->len; n++)
      {
        g_autoptr(GString) joined = g_string_new (NULL);

        for (guint j = i; j < i + n; j++)
          {
            if (j > i)
              g_string_append_c (joined, ' ');
            g_string_append (joined, g_ptr_array_index (first, j));
          }
        add_title_key (keys, joined->str);
      }
  return keys;
}

/* The record whose title matches the PDF's: equal keys first, else the
 * closest within TITLE_MIN_RATIO; ties broken by authors and year. */
static MatchResult
match_by_title (const MatchIndex *index,
                const ParsedPdf  *pdf,
                GArray           *ambiguous,
                gint64           *out)
{
  g_autoptr(GPtrArray) keys = pdf_title_keys (pdf);
  g_autoptr(GPtrArray) tied = g_ptr_array_new ();
  g_autofree char *page1_key = NULL;
  double best = 0;

  if (keys->len == 0)
    return MATCH_NONE;
  for (guint k = 0; k < keys->len; k++)
    {
      GPtrArray *list = g_hash_table_lookup (index->by_title, g_ptr_array_index (keys, k));

      for (guint i = 0; list != NULL && i < list->len; i++)
        if (!g_ptr_array_find (tied, g_ptr_array_index (list, i), NULL))
          g_ptr_array_add (tied, g_ptr_array_index (list, i));
    }
  if (tied->len > 0)
    best = 1;
  else
    {
      /* Close titles: the metadata title and the joined first lines
       * against every record of a similar length. */
      for (guint i = 0; i < index->candidates->len; i++)
        {
          Candidate *candidate = g_ptr_array_index (index->candidates, i);
          double score = 0;
          gsize length;

          if (candidate->title_key == NULL)
            continue;
          length = strlen (candidate->title_key);
          for (guint k = 0; k < keys->len; k++)
            {
              const char *key = g_ptr_array_index (keys, k);
              gsize key_length = strlen (key);
              double ratio;

              if ((double) MIN (length, key_length) < TITLE_MIN_RATIO * (double) MAX (length, key_length))
                continue;
              ratio = wn_levenshtein_ratio (candidate->title_key, key, TITLE_MIN_RATIO);
              score = MAX (score, ratio);
            }
          if (score < TITLE_MIN_RATIO)
            continue;
          if (score > best + 0.01)
            {
              g_ptr_array_set_size (tied, 0);
              best = score;
            }
          if (score >= best - 0.01)
            g_ptr_array_add (tied, candidate);
        }
    }
  if (tied->len == 0)
    return MATCH_NONE;
  if (tied->len == 1)
    {
      *out = ((Candidate *) g_ptr_array_index (tied, 0))->id;
      return MATCH_ONE;
    }
  if (pdf->page_texts->len > 0)
    {
      g_autofree char *key = wn_normalise_text (g_ptr_array_index (pdf->page_texts, 0));

      page1_key = g_strdup_printf (" %s ", key != NULL ? key : "");
    }
  return break_tie (tied, page1_key, ambiguous, out);
}

/* The unique records the DOIs name, in order. MATCH_AMBIGUOUS when they
 * name several (or a DOI is shared by records not marked duplicates). */
static MatchResult
match_by_dois (const MatchIndex *index,
               GPtrArray        *dois,
               GArray           *ambiguous,
               gint64           *out)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < dois->len; i++)
    {
      GArray *ids = g_hash_table_lookup (index->by_doi, g_ptr_array_index (dois, i));

      for (guint j = 0; ids != NULL && j < ids->len; j++)
        {
          gint64 id = g_array_index (ids, gint64, j);
          gboolean seen = FALSE;

          for (guint k = 0; k < found->len; k++)
            seen |= g_array_index (found, gint64, k) == id;
          if (!seen)
            g_array_append_val (found, id);
        }
    }
  if (found->len == 0)
    return MATCH_NONE;
  if (found->len == 1)
    {
      *out = g_array_index (found, gint64, 0);
      return MATCH_ONE;
    }
  g_array_append_vals (ambiguous, found->data, found->len);
  return MATCH_AMBIGUOUS;
}

/* Resolves a DOI match that names several records with the title: the
 * one whose title also matches, when exactly one does. */
static MatchResult
resolve_with_title (const MatchIndex *index,
                    const ParsedPdf  *pdf,
                    GArray           *ambiguous,
                    gint64           *out)
{
  g_autoptr(GArray) title_ambiguous = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 by_title = 0;

  if (match_by_title (index, pdf, title_ambiguous, &by_title) == MATCH_ONE)
    for (guint i = 0; i < ambiguous->len; i++)
      if (g_array_index (ambiguous, gint64, i) == by_title)
        {
          *out = by_title;
          return MATCH_ONE;
        }
  return MATCH_AMBIGUOUS;
}

static void
add_unmatched (WnAttachFolderReport *report,
               const char           *file,
               WnUnmatchedKind       kind,
               const char           *reason,
               GArray               *candidates)
{
  WnUnmatchedFile *unmatched = g_new0 (WnUnmatchedFile, 1);

  unmatched->file = g_strdup (file);
  unmatched->kind = kind;
  unmatched->reason = g_strdup (reason);
  unmatched->candidates = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (candidates != NULL)
    g_array_append_vals (unmatched->candidates, candidates->data, candidates->len);
  g_ptr_array_add (report->unmatched, unmatched);
}

static char *
ambiguous_reason (GArray *candidates)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < candidates->len; i++)
    {
      if (i > 0)
        g_string_append (ids, i + 1 == candidates->len ? _(" and ") : ", ");
      g_string_append_printf (ids, "%lld", (long long) g_array_index (candidates, gint64, i));
    }
  /* Translators: %s: record ids, e.g. "12 and 31" */
  return g_strdup_printf (_("ambiguous between records %s"), ids->str);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static void
attach_one_file (WnProject            *self,
                 const MatchIndex     *index,
                 const char           *dir,
                 const char           *name,
                 WnAttachFolderReport *report)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ParsedPdf) pdf = NULL;
  g_autoptr(GArray) ambiguous = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) text_dois = g_ptr_array_new_with_free_func (g_free);
  MatchResult result;
  WnAttachMethod by = WN_ATTACH_BY_DOI_METADATA;
  gint64 record_id = 0;
  gboolean other = FALSE;

  bytes = read_file_bytes (path, &error);
  if (bytes != NULL)
    pdf = parse_pdf (bytes, name, &error);
  if (pdf == NULL)
    {
      WnUnmatchedKind kind = WN_UNMATCHED_UNREADABLE;
      /* The report names the file: the reason is the cause alone. */
      const char *reason = error->message;

      if (g_error_matches (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_NOT_PDF))
        {
          kind = WN_UNMATCHED_NOT_PDF;
          reason = _("not a PDF");
        }
      else if (g_error_matches (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_DAMAGED))
        {
          kind = WN_UNMATCHED_DAMAGED;
          reason = _("damaged PDF, cannot be read");
        }
      else if (g_error_matches (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_ENCRYPTED))
        {
          kind = WN_UNMATCHED_ENCRYPTED;
          reason = _("encrypted PDF (needs a password)");
        }
      add_unmatched (report, name, kind, reason, NULL);
      return;
    }

  result = match_by_dois (index, pdf->meta_dois, ambiguous, &record_id);
  if (result == MATCH_AMBIGUOUS)
    result = resolve_with_title (index, pdf, ambiguous, &record_id);
  /* DOIs in the text: page 1 first (page 2 may cite other works). */
  for (guint page = 0; result == MATCH_NONE && page < MIN (2, pdf->page_texts->len); page++)
    {
      g_ptr_array_set_size (text_dois, 0);
      collect_dois (g_ptr_array_index (pdf->page_texts, page), text_dois);
      by = WN_ATTACH_BY_DOI_TEXT;
      result = match_by_dois (index, text_dois, ambiguous, &record_id);
      if (result == MATCH_AMBIGUOUS)
        result = resolve_with_title (index, pdf, ambiguous, &record_id);
    }
  if (result == MATCH_NONE)
    {
      by = WN_ATTACH_BY_TITLE;
      result = match_by_title (index, pdf, ambiguous, &record_id);
    }

  if (result == MATCH_NONE)
    {
      add_unmatched (report, name, WN_UNMATCHED_NO_MATCH, _("no record has its DOI or title"), NULL);
      return;
    }
  if (result == MATCH_AMBIGUOUS)
    {
      g_autofree char *reason = ambiguous_reason (ambiguous);

      add_unmatched (report, name, WN_UNMATCHED_AMBIGUOUS, reason, ambiguous);
      return;
    }

  if (!attach_locked_tx (self, record_id, pdf->sha256, pdf, name, TRUE, &other, &error))
    {
      add_unmatched (report, name, WN_UNMATCHED_FAILED, error->message, NULL);
      return;
    }
  if (other)
    {
      g_autoptr(GArray) record = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autofree char *reason = g_strdup_printf (_("matches record %lld, which already has another full text"),
                                                 (long long) record_id);

      g_array_append_val (record, record_id);
      add_unmatched (report, name, WN_UNMATCHED_HAS_FULLTEXT, reason, record);
      return;
    }
  {
    WnAttachedFile *attached = g_new0 (WnAttachedFile, 1);

    attached->file = g_strdup (name);
    attached->record_id = record_id;
    attached->by = by;
    g_ptr_array_add (report->attached, attached);
  }
}

gboolean
wn_project_attach_folder (WnProject             *self,
                          const char            *dir,
                          WnAttachFolderReport  *report,
                          WnAttachProgressFunc   progress,
                          gpointer               user_data,
                          GCancellable          *cancellable,
                          GError               **error)
{
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local = NULL;
  MatchIndex index = { 0 };
  const char *name;
  gboolean ok = TRUE;

  g_return_val_if_fail (WN_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (report != NULL && report->attached != NULL, FALSE);

  handle = g_dir_open (dir, 0, &local);
  if (handle == NULL)
    {
      g_set_error (error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_READ, _("the folder %s cannot be read: %s"), dir,
                   local->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_str_has_suffix (name, ".pdf") || g_str_has_suffix (name, ".PDF") ||
          (strlen (name) > 4 && g_ascii_strcasecmp (name + strlen (name) - 4, ".pdf") == 0))
        if (!g_file_test (path, G_FILE_TEST_IS_DIR))
          g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  if (!build_index (self, &index, error))
    {
      match_index_clear (&index);
      return FALSE;
    }
  for (guint i = 0; i < names->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      attach_one_file (self, &index, dir, g_ptr_array_index (names, i), report);
      if (progress != NULL)
        progress (i + 1, names->len, g_ptr_array_index (names, i), user_data);
    }
  match_index_clear (&index);
  return ok;
}
