/* wn-fulltext.h — full texts: PDFs stored inside the project, matched to
 * records, their text extracted and indexed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each PDF is stored once per content hash (SHA-256) in the project file, so
 * a project stays one file that can be copied or sent. Its text is
 * extracted once (poppler), page by page, and indexed (FTS5). Attaching and
 * detaching are events (the latest per record is in force); detaching is
 * recorded, never silent, and the stored PDF stays in the file.
 *
 * Like every WnProject function these may be called from any thread; the
 * UI runs them in a GTask thread (attach and attach-folder parse PDFs, which
 * takes time). Nothing here uses GTK.
 */
#pragma once

#include <gio/gio.h>

#include "wn-project.h"

G_BEGIN_DECLS

/* Errors of the functions below, beside WN_STORE_ERROR's. Messages are
 * translated and name the file and the cause. */
#define WN_FULLTEXT_ERROR (wn_fulltext_error_quark ())

typedef enum
{
  WN_FULLTEXT_ERROR_READ,       /* the file cannot be read (missing, permissions) */
  WN_FULLTEXT_ERROR_NOT_PDF,    /* the file is not a PDF */
  WN_FULLTEXT_ERROR_DAMAGED,    /* a PDF poppler cannot open */
  WN_FULLTEXT_ERROR_ENCRYPTED,  /* a PDF that needs a password */
  WN_FULLTEXT_ERROR_RECORD,     /* no such record, or a duplicate (its kept record stands for it) */
  WN_FULLTEXT_ERROR_STATE,      /* detaching when nothing is attached; no such stored PDF */
} WnFulltextError;

GQuark       wn_fulltext_error_quark      (void);

/* The full text attached to a record. */
typedef struct
{
  gint64  record_id;
  char   *sha256;       /* lower-case hex, the stored PDF's key */
  gint64  size;         /* bytes */
  int     pages;
  char   *file_name;    /* base name of the attached file */
  char   *title;        /* the PDF's metadata title, or NULL */
  char   *doi;          /* the DOI found in its metadata or first pages (normalised), or NULL */
  char   *attached_at;  /* ISO 8601 UTC */
  char   *attached_by;
} WnFulltext;

void         wn_fulltext_free             (WnFulltext *fulltext);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnFulltext, wn_fulltext_free)

/* Attaches a PDF to a record, replacing the one in force (if any). Reads
 * the file, refuses one that is not a PDF, damaged or encrypted (nothing in
 * the project changes), stores the bytes once per SHA-256, extracts and
 * indexes the text the first time that content is seen, records an
 * "attach" event, and sets the record's retrieval status to "retrieved"
 * when none was set (a status already set, e.g. "not retrieved", is left
 * as it is). Attaching the PDF already in force does nothing and succeeds.
 * Duplicates are refused (WN_FULLTEXT_ERROR_RECORD). Audited
 * ("fulltext.attach"). */
gboolean     wn_project_attach_pdf        (WnProject    *self,
                                           gint64        record_id,
                                           const char   *path,
                                           GError      **error);
/* The same from bytes already in memory (a drop); file_name is recorded. */
gboolean     wn_project_attach_pdf_bytes  (WnProject    *self,
                                           gint64        record_id,
                                           GBytes       *bytes,
                                           const char   *file_name,
                                           GError      **error);
/* Records a "detach" event; WN_FULLTEXT_ERROR_STATE when nothing is
 * attached. The retrieval status is left as it is. Audited
 * ("fulltext.detach"). */
gboolean     wn_project_detach_pdf        (WnProject    *self,
                                           gint64        record_id,
                                           GError      **error);

/* The full text in force for a record, or NULL (without error) when none. */
WnFulltext  *wn_project_get_fulltext      (WnProject    *self,
                                           gint64        record_id,
                                           GError      **error) G_GNUC_WARN_UNUSED_RESULT;
/* Every record's full text in force: record id (gint64 *) → WnFulltext *. */
GHashTable  *wn_project_list_fulltexts    (WnProject    *self,
                                           GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* The stored PDF's bytes, for the viewer (poppler_document_new_from_bytes).
 * WN_FULLTEXT_ERROR_STATE when no PDF with that hash is stored. */
GBytes      *wn_project_load_pdf          (WnProject    *self,
                                           const char   *sha256,
                                           GError      **error) G_GNUC_WARN_UNUSED_RESULT;
/* The extracted text, one UTF-8 string per page (index 0 is page 1), for
 * search and highlighting. (element-type utf8) */
GPtrArray   *wn_project_fulltext_text     (WnProject    *self,
                                           const char   *sha256,
                                           GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* One page of a record's full text that matches a search. */
typedef struct
{
  gint64  record_id;
  int     page;       /* 1-based */
  char   *sha256;
  char   *snippet;    /* the matching words in context, matches in [ ] */
} WnFulltextHit;

void         wn_fulltext_hit_free         (WnFulltextHit *hit);

/* Searches the text of the PDFs in force (FTS5). The query is what a
 * person types: words, matched as prefixes, all required on one page;
 * "quoted phrases" kept. Returns (element-type WnFulltextHit) ordered by
 * record id, then page. */
GPtrArray   *wn_project_search_fulltext   (WnProject    *self,
                                           const char   *query,
                                           GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- Attaching a folder ---------------------------------------------------- */

/* How a file was matched to its record. */
typedef enum
{
  WN_ATTACH_BY_DOI_METADATA,  /* a DOI in the PDF's metadata (subject, keywords, title, XMP) */
  WN_ATTACH_BY_DOI_TEXT,      /* a DOI in the text of its first two pages */
  WN_ATTACH_BY_TITLE,         /* its title (metadata or first page) matches one record's strongly */
} WnAttachMethod;

/* "doi-metadata", "doi-text", "title" */
const char  *wn_attach_method_to_string   (WnAttachMethod method);

/* Why a file was not attached. */
typedef enum
{
  WN_UNMATCHED_NO_MATCH,    /* no record has its DOI or a title close enough */
  WN_UNMATCHED_AMBIGUOUS,   /* two or more records match equally: candidates lists them */
  WN_UNMATCHED_NOT_PDF,
  WN_UNMATCHED_DAMAGED,
  WN_UNMATCHED_ENCRYPTED,
  WN_UNMATCHED_UNREADABLE,  /* the file cannot be read */
  WN_UNMATCHED_FAILED,      /* matched, but storing failed (reason says why) */
  WN_UNMATCHED_HAS_FULLTEXT, /* matched a record that already has another PDF (never replaced
                              * by a folder: candidates holds the record) */
} WnUnmatchedKind;

typedef struct
{
  char           *file;       /* base name */
  gint64          record_id;
  WnAttachMethod  by;
} WnAttachedFile;

typedef struct
{
  char            *file;        /* base name */
  WnUnmatchedKind  kind;
  char            *reason;      /* translated, the cause alone: "not a PDF", "ambiguous between records 12 and 31" */
  GArray          *candidates;  /* (element-type gint64) the records of an ambiguous match, else empty */
} WnUnmatchedFile;

typedef struct
{
  GPtrArray *attached;   /* (element-type WnAttachedFile), in file-name order */
  GPtrArray *unmatched;  /* (element-type WnUnmatchedFile), in file-name order */
} WnAttachFolderReport;

void         wn_attach_folder_report_init  (WnAttachFolderReport *report);
void         wn_attach_folder_report_clear (WnAttachFolderReport *report);

/* Called after each file; may be NULL. */
typedef void (*WnAttachProgressFunc) (guint       done,
                                      guint       total,
                                      const char *file_name,
                                      gpointer    user_data);

/* Attaches every *.pdf (any case) directly in dir to its record: by a DOI
 * in its metadata, else a DOI in the text of its first two pages (the
 * record with that DOI, not a duplicate, must be unique), else by title
 * (the record whose normalised title is the same as or very close to the
 * PDF's metadata title or one of its first page's first lines; authors and
 * year break ties). A file is never attached to a record it may not
 * belong to: an ambiguous file is listed, not attached. Every file not
 * attached is listed with its reason. report must have been initialised.
 * Returns FALSE only when the folder cannot be read or the project fails;
 * files that cannot be matched are not errors. Stops between files when
 * cancellable is cancelled (G_IO_ERROR_CANCELLED; what was attached
 * stays). */
gboolean     wn_project_attach_folder     (WnProject             *self,
                                           const char            *dir,
                                           WnAttachFolderReport  *report,
                                           WnAttachProgressFunc   progress,
                                           gpointer               user_data,
                                           GCancellable          *cancellable,
                                           GError               **error);

G_END_DECLS
