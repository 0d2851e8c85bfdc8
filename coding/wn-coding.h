/* wn-coding.h — the codebook, coded segments, memos, coder agreement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Codebook. A tree of codes (themes and sub-themes), each with a name,
 * description, colour (#rrggbb) and a REFI-QDA guid kept across import and
 * export. A code is named by its path, "Theme/Sub-theme" (wn-code-path.h
 * normalises it). A project without codes gets the protocol's deductive
 * codebook (wn_codebook_default) the first time the codebook is read. Codes
 * are added, renamed, described, recoloured, moved and removed; a removed
 * code keeps its row and its codings (they stop counting). Each change is
 * audited.
 *
 * REFI-QDA. wn_codebook_export_qdc writes the codebook as a REFI-QDA
 * Codebook (.qdc, urn:QDA-XML:codebook:1.0): nested <Code guid name
 * isCodable color> with <Description>; wn_project_import_qdc reads one
 * (MAXQDA, NVivo, ATLAS.ti write them) and merges it: a code with a known
 * guid is updated, else matched by path (taking the file's guid), else
 * added. Round trip keeps names, nesting, descriptions, colours and guids.
 * A project that never had codes takes the file's codebook alone (the
 * default is not seeded beside it). A "/" in a code's name (our path
 * separator) is read as U+2215 DIVISION SLASH.
 *
 * Coding. A coder applies a code to a span [start, end) of a document's
 * text, counted in characters (not bytes) of the record's PDF text
 * (wn_project_fulltext_text: pages joined by form feeds) or of a text
 * pasted in for a document without a PDF (grey literature); or to the
 * whole document (start = end = -1). The quote is stored with it. Memos
 * hang on a document, a code, or both. Removing a coding is recorded.
 *
 * Double coding. wn_project_draw_double_coding() draws a seeded share
 * (default 10 %, at least one) of the included studies for both coders to
 * code independently, and divides the rest between them alternately.
 * share is a fraction in (0, 1] (0.1 for 10 %). The draw uses its own
 * generator, splitmix64 seeded with seed, for a partial Fisher–Yates
 * shuffle of the included studies in study-number order (indices drawn
 * without modulo bias): the same seed draws the same sample on any
 * machine. A new draw replaces the assignments.
 *
 * Agreement (wn-agreement): per code, over the double-coded documents both
 * coders coded (applied any code to; every document both coded when
 * nothing was drawn): Cohen's kappa and percent agreement
 * on the code's presence per document; and segment agreement: a segment of
 * one coder counts as agreed when the other applied the same code to a
 * segment overlapping it by at least min_overlap (percent of the shorter
 * of the two), agreed segments over all segments of both. A whole-document
 * coding agrees only with a whole-document coding. Codes neither coder
 * applied to those documents are left out.
 *
 * GLib and libxml2 only; any thread (the project's lock).
 */
#pragma once

#include "wn-project.h"
#include "wn-table.h"

G_BEGIN_DECLS

#define WN_CODING_ERROR (wn_coding_error_quark ())

typedef enum
{
  WN_CODING_ERROR_NO_CODE,     /* no code at that path */
  WN_CODING_ERROR_EXISTS,      /* a sibling already has that name */
  WN_CODING_ERROR_INVALID,     /* a bad span, colour, or a move under itself */
  WN_CODING_ERROR_NO_TEXT,     /* the document has no text to code a span of */
  WN_CODING_ERROR_QDC,         /* a .qdc file that cannot be read: file, line, cause */
} WnCodingError;

GQuark wn_coding_error_quark (void);

typedef struct
{
  gint64  id;
  gint64  parent_id;    /* 0 for a theme */
  char   *guid;
  char   *name;
  char   *path;         /* "Theme/Sub-theme" */
  char   *description;
  char   *colour;       /* "#rrggbb" or NULL */
  guint   depth;        /* 0 for a theme */
} WnCode;

void        wn_code_free              (WnCode *code);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnCode, wn_code_free)

/* The protocol's deductive codebook as paths with descriptions: workforce
 * outcomes (burnout, compassion fatigue, vicarious/secondary trauma, job
 * satisfaction, role clarity/ambiguity, turnover, absenteeism/
 * presenteeism, …) and their contributors (supervision, workload,
 * organisational support, boundaries, personal recovery, …).
 * (element-type WnCode; ids 0) */
GPtrArray  *wn_codebook_default       (void);

/* Depth first, siblings by position. (element-type WnCode) */
GPtrArray  *wn_project_list_codes     (WnProject   *self,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;
WnCode     *wn_project_find_code      (WnProject   *self,
                                       const char  *path,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* Adds the code at path (its parents must exist); returns its id, 0 on error. */
gint64      wn_project_add_code       (WnProject   *self,
                                       const char  *path,
                                       const char  *description,
                                       const char  *colour,
                                       GError     **error);
/* Each of name, description, colour NULL to leave as is. */
gboolean    wn_project_update_code    (WnProject   *self,
                                       gint64       code_id,
                                       const char  *name,
                                       const char  *description,
                                       const char  *colour,
                                       GError     **error);
/* parent_id 0: a theme. */
gboolean    wn_project_move_code      (WnProject   *self,
                                       gint64       code_id,
                                       gint64       parent_id,
                                       GError     **error);
/* The code and its sub-codes. */
gboolean    wn_project_remove_code    (WnProject   *self,
                                       gint64       code_id,
                                       GError     **error);

gboolean    wn_project_export_qdc     (WnProject   *self,
                                       const char  *path,
                                       GError     **error);
/* Returns the number of codes added or changed, -1 on error (nothing
 * changed then). */
int         wn_project_import_qdc     (WnProject   *self,
                                       const char  *path,
                                       GError     **error);

/* ---- Documents and codings --------------------------------------------------- */

/* The text codings count in: the PDF's text, else the latest pasted text;
 * NULL (error unset) when the record has neither. *sha256 names it. */
char       *wn_project_coding_text    (WnProject   *self,
                                       gint64       record_id,
                                       char       **sha256,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    wn_project_paste_text     (WnProject   *self,
                                       gint64       record_id,
                                       const char  *text,
                                       GError     **error);

typedef struct
{
  gint64  id;
  gint64  record_id;
  gint64  code_id;
  char   *code_path;
  char   *coder;
  gint64  start;     /* -1: the whole document */
  gint64  end;
  char   *quote;
  char   *memo;
  char   *at;
} WnCoding;

void        wn_coding_free            (WnCoding *coding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnCoding, wn_coding_free)

/* Applies a code; start = end = -1 for the whole document. The span must
 * lie in the document's text; the quote is taken from it. Returns the
 * coding's id, 0 on error. */
gint64      wn_project_add_coding     (WnProject   *self,
                                       gint64       record_id,
                                       const char  *code_path,
                                       const char  *coder,
                                       gint64       start,
                                       gint64       end,
                                       const char  *memo,
                                       GError     **error);
gboolean    wn_project_remove_coding  (WnProject   *self,
                                       gint64       coding_id,
                                       GError     **error);
/* Codings in force for a record (0: all), one coder's (NULL: all), by
 * record then start. (element-type WnCoding) */
GPtrArray  *wn_project_list_codings   (WnProject   *self,
                                       gint64       record_id,
                                       const char  *coder,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;
gint64      wn_project_add_memo       (WnProject   *self,
                                       gint64       record_id,
                                       gint64       code_id,
                                       const char  *coder,
                                       const char  *text,
                                       GError     **error);

typedef struct
{
  gint64  id;
  gint64  record_id; /* 0: a code's memo */
  gint64  code_id;   /* 0: a document's memo */
  char   *coder;
  char   *text;
  char   *at;
} WnMemo;

void        wn_memo_free              (WnMemo *memo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnMemo, wn_memo_free)

/* Memos on a record (0: all), one coder's (NULL: all), oldest first.
 * (element-type WnMemo) */
GPtrArray  *wn_project_list_memos     (WnProject   *self,
                                       gint64       record_id,
                                       const char  *coder,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- Double coding and agreement ---------------------------------------------- */

/* Returns the number of double-coded documents, -1 on error. */
int         wn_project_draw_double_coding (WnProject *self,
                                       const char  *coder_a,
                                       const char  *coder_b,
                                       double       share,
                                       guint64      seed,
                                       GError     **error);
/* (element-type gint64) as a GArray, in study order. role "double",
 * "single" or NULL for both. */
GArray     *wn_project_coding_assignments (WnProject *self,
                                       const char  *coder,
                                       const char  *role,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;

typedef struct
{
  char   *code;              /* path */
  guint   n;                 /* documents compared */
  double  percent_agreement; /* presence per document, 0–100 */
  double  kappa;             /* NAN when undefined */
  guint   segments;          /* both coders' segments with this code */
  guint   segments_agreed;
  double  segment_agreement; /* 0–100, NAN without segments */
} WnCodeAgreement;

void        wn_code_agreement_free    (WnCodeAgreement *agreement);

/* coder_a, coder_b NULL: the two coders of the double-coded sample (or the
 * two who coded most). min_overlap in percent (e.g. 50). Documents: the
 * double-coded ones both coded. (element-type WnCodeAgreement) */
GPtrArray  *wn_project_coding_agreement (WnProject *self,
                                       const char  *coder_a,
                                       const char  *coder_b,
                                       double       min_overlap,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* {"codes": [{"code", "n", "percent_agreement", "cohen_kappa",
 *  "segments", "segments_agreed", "segment_agreement"}]} — the CLI's
 *  `coding-agreement --json`; undefined values are null. */
char       *wn_code_agreements_to_json (GPtrArray *agreements);

/* ---- Tables --------------------------------------------------------------------- */

/* Themes: one row per code (theme, sub-theme, path), a column per study
 * (its count of codings, every coder's), total studies, total codings, and
 * an example quote (the first coded span in study order, then by position,
 * followed by its study id). */
WnTable    *wn_project_themes_table   (WnProject   *self,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* The codebook: path, description, colour, guid. */
WnTable    *wn_project_codebook_table (WnProject   *self,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
