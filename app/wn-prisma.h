/* wn-prisma.h — the PRISMA 2020 flow: counts derived from the project,
 * their arithmetic checks, and the CSV/JSON of the PRISMA2020 R package
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Field names are the `data` keys of the PRISMA2020 R package's template
 * (PRISMA.csv; see the team's notes/prisma2020.md). A count of -1 means
 * "not applicable" (NA in the package: the line or box is hidden). Units
 * change on the way down: the identification and screening boxes count
 * records, the boxes from "Reports sought for retrieval" on count reports,
 * the last box studies and reports.
 *
 * Rendering (SVG, PDF, PNG with cairo and pango) is in wn-prisma-render.h.
 */
#pragma once

#include <gio/gio.h>

#include "wn-project.h"

G_BEGIN_DECLS

/* One line of a list-valued box: a database or register with its record
 * count, or an exclusion reason with its report count. */
typedef struct
{
  char   *name;
  gint64  n;
} WnPrismaCount;

typedef struct
{
  gboolean   previous;   /* an updated review: the "previous studies" column */
  gboolean   other;      /* the "other methods" arm is drawn */

  gint64     previous_studies;
  gint64     previous_reports;

  /* Identification via databases and registers (records) */
  gint64     database_results;
  GPtrArray *database_specific_results;  /* (element-type WnPrismaCount) */
  gint64     register_results;
  GPtrArray *register_specific_results;  /* (element-type WnPrismaCount) */

  /* Identification via other methods (records) */
  gint64     website_results;
  gint64     organisation_results;
  gint64     citations_results;

  /* Removed before screening (records) */
  gint64     duplicates;
  gint64     excluded_automatic;
  gint64     excluded_other;

  /* Screening (records, then reports) */
  gint64     records_screened;
  gint64     records_excluded;
  gint64     dbr_sought_reports;
  gint64     dbr_notretrieved_reports;
  gint64     dbr_assessed;
  GPtrArray *dbr_excluded;               /* (element-type WnPrismaCount): reason → reports */
  gint64     other_sought_reports;
  gint64     other_notretrieved_reports;
  gint64     other_assessed;
  GPtrArray *other_excluded;             /* (element-type WnPrismaCount) */

  /* Included (studies and reports) */
  gint64     new_studies;
  gint64     new_reports;
  gint64     total_studies;
  gint64     total_reports;
  gint64     total_studies_ma;
  gint64     total_reports_ma;
} WnPrismaFlow;

WnPrismaFlow *wn_prisma_flow_new    (void) G_GNUC_WARN_UNUSED_RESULT; /* every count -1, lists empty */
void          wn_prisma_flow_free   (WnPrismaFlow       *flow);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnPrismaFlow, wn_prisma_flow_free)
void          wn_prisma_flow_add_count (GPtrArray       *list,
                                        const char      *name,
                                        gint64           n);

/* The flow of a project, every count derived from its data: searches
 * (by database, register or other method), duplicates, automatic limits,
 * records removed for other reasons, final title/abstract decisions,
 * retrieval status, full-text decisions with their primary reasons.
 *
 * For the figure's legend: each excluded report counts under one primary
 * reason (the adjudicator's when the exclusion was adjudicated, else the
 * one most exclude votes give, a tie going to the reason listed first),
 * so the reasons add up to the reports excluded. Until studies are linked
 * to reports (issue #8), new_studies = new_reports. Records of "other"
 * searches (not websites, organisations or citations) are counted with
 * organisations. A new review: previous_*, total_* and *_ma are -1. */
WnPrismaFlow *wn_project_prisma_flow (WnProject         *self,
                                      GError           **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- Arithmetic checks ----------------------------------------------------- */

typedef enum
{
  WN_PRISMA_CHECK_OK = 0,
  WN_PRISMA_CHECK_WARNING, /* PRISMA allows it; the app asks for an explanation */
  WN_PRISMA_CHECK_ERROR,   /* a bookkeeping mistake */
} WnPrismaCheckStatus;

typedef struct
{
  char                *id;      /* "INV-S1", … as in notes/prisma2020.md */
  WnPrismaCheckStatus  status;
  char                *detail;  /* e.g. "identified 3200 - removed = 2180 vs records_screened 2200" */
  char                *explain; /* translated: which boxes, by how much, why (for the UI) */
  char               **boxes;   /* the box ids concerned ("box4", …) */
} WnPrismaCheck;

void          wn_prisma_check_free   (WnPrismaCheck      *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnPrismaCheck, wn_prisma_check_free)
const char   *wn_prisma_check_status_to_string (WnPrismaCheckStatus status); /* "ok", "warning", "error" */

/* Every invariant that applies to the flow, in the notes' order.
 * (element-type WnPrismaCheck) */
GPtrArray    *wn_prisma_flow_check   (const WnPrismaFlow *flow) G_GNUC_WARN_UNUSED_RESULT;

/* ---- The PRISMA2020 package's formats ---------------------------------------- */

/* The CSV of the package's template (data,node,box,description,boxtext,
 * tooltips,url,n), one row per template row, lists as "name, n; name, n",
 * NA for a count of -1; loads in the PRISMA2020 Shiny app. */
char         *wn_prisma_flow_to_csv  (const WnPrismaFlow *flow) G_GNUC_WARN_UNUSED_RESULT;
/* One JSON object: the same data names as keys (lists as objects name → n,
 * -1 as null), plus "warnings": the checks that are not ok. */
char         *wn_prisma_flow_to_json (const WnPrismaFlow *flow) G_GNUC_WARN_UNUSED_RESULT;
/* Parses the keys of a flow written as JSON (the test cases' "flow"
 * objects use these names; lists as [[name, n], …] or {name: n}). */
WnPrismaFlow *wn_prisma_flow_from_json (const char       *json,
                                        GError          **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- Boxes and the records behind them ------------------------------------- */

/* The box ids of the package's template ("box2" … "box17"), and for each
 * the records (ids, ascending) that a box counts: for list boxes, name
 * selects one line (a database, a reason), NULL all of them. Boxes that
 * count numbers not tied to records (previous review) give an empty
 * array. */
GArray       *wn_project_prisma_box_records (WnProject   *self,
                                             const char  *box,
                                             const char  *name,
                                             GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- The flow's own data: sources, removals, limits, retrieval ------------ */

/* Errors of the functions below, beside WN_STORE_ERROR's. */
#define WN_PRISMA_ERROR (wn_prisma_error_quark ())

typedef enum
{
  WN_PRISMA_ERROR_INVALID, /* a method, note, reason, limit or box the caller got wrong */
  WN_PRISMA_ERROR_RECORD,  /* no such record, or a duplicate (the kept record stands for it) */
  WN_PRISMA_ERROR_STATE,   /* removing a record already removed, undoing what is not in force */
  WN_PRISMA_ERROR_PARSE,   /* a flow's JSON that cannot be read */
} WnPrismaError;

GQuark        wn_prisma_error_quark  (void);

/* A search's method is the PRISMA 2020 source it stands for: "database"
 * or "register" (the left arm: de-duplicated, screened on title and
 * abstract), "website", "organisation", "citation" or "other" (the other
 * methods' arm: straight to full-text retrieval, as PRISMA 2020 has no
 * title/abstract screening there). */
gboolean      wn_search_method_is_valid    (const char  *method);
/* Whether the method belongs to the databases-and-registers arm. */
gboolean      wn_search_method_is_dbr      (const char  *method);

/* Corrects a search's method after import, for every file of a search
 * exported in several. Audited ("search.method"). */
gboolean      wn_project_set_search_method (WnProject   *self,
                                            gint64       search_id,
                                            const char  *method,
                                            GError     **error);

/* A record found by hand (a website, an organisation, citation searching
 * or another method): stored as a search of its own holding one record,
 * with that method, database = source_name (e.g. "SAMHSA website"), the
 * date, the person and the URL kept as its provenance. Audited. Returns
 * the new record's id, or 0. */
gint64        wn_project_add_record_by_hand (WnProject      *self,
                                             const WnRecord *record,
                                             const char     *method,
                                             const char     *source_name,
                                             const char     *url,
                                             GError        **error);

/* Records removed before screening. Nothing is deleted: a removal is
 * undone, and both are kept. At most one removal per record is in force. */
typedef enum
{
  WN_REMOVAL_AUTOMATIC = 0, /* "marked as ineligible by automation tools": the limits */
  WN_REMOVAL_OTHER,         /* "removed for other reasons": a person, with a note */
} WnRemovalKind;

typedef struct
{
  gint64         record_id;
  WnRemovalKind  kind;
  char          *note;  /* the rule for an automatic removal, the person's reason else */
  char          *at;    /* ISO 8601 UTC */
  char          *by;
} WnRemoval;

void          wn_removal_free        (WnRemoval          *removal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnRemoval, wn_removal_free)

/* Removes a record (not a duplicate, not already removed) for another
 * reason; the note is required. Audited ("record.remove"). */
gboolean      wn_project_remove_record  (WnProject   *self,
                                         gint64       record_id,
                                         const char  *note,
                                         GError     **error);
/* Undoes the removal in force, automatic or not; note may be NULL. A
 * record whose automatic removal a person undid is never removed by the
 * limits again: the person's judgement stands. Audited ("record.restore"). */
gboolean      wn_project_restore_record (WnProject   *self,
                                         gint64       record_id,
                                         const char  *note,
                                         GError     **error);
/* The removals in force, by record id. (element-type WnRemoval) */
GPtrArray    *wn_project_list_removals  (WnProject   *self,
                                         GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* The automatic limits: publication years and languages. A record is
 * outside them when its year (the first plausible four-digit year of its
 * year field) is outside [year_from, year_to], or when it names languages
 * and none is in the list. A record without a year or a language is kept
 * for that limit: automation cannot tell. Languages are compared as ISO
 * 639-2 codes: "en", "eng", "English" are one language. */
typedef struct
{
  int     year_from;  /* 0: no lower bound */
  int     year_to;    /* 0: no upper bound */
  char  **languages;  /* NULL-terminated; NULL or empty: any language */
} WnLimits;

void          wn_limits_clear         (WnLimits    *limits);

typedef struct
{
  gint64 removed;          /* records newly marked ineligible */
  gint64 restored;         /* automatic removals undone: the records are inside the new limits */
  gint64 in_force;         /* automatic removals in force afterwards */
  gint64 no_year;          /* records kept for having no year (when years are limited) */
  gint64 no_language;      /* records kept for naming no language (when languages are) */
  gint64 exempt;           /* outside the limits, kept: a person undid their automatic removal */
} WnLimitsReport;

/* The limits set last (all zero/NULL when none); FALSE only on error. */
gboolean      wn_project_get_limits   (WnProject        *self,
                                       WnLimits         *limits,
                                       GError          **error);
/* Sets the limits and applies them to the unique records of the database
 * and register searches (the limits of a database search are what the
 * automation box counts): every record outside them that is not removed
 * yet is removed as "automatic", with the rule it breaks as its note; an
 * automatic removal of a record that is inside them now is undone. Empty
 * limits undo every automatic removal. Records imported later are marked
 * when the limits are applied again. One transaction; audited
 * ("limits.apply"). report may be NULL. */
gboolean      wn_project_apply_limits (WnProject        *self,
                                       const WnLimits   *limits,
                                       WnLimitsReport   *report,
                                       GError          **error);

/* Full-text retrieval: events, the latest in force. */
typedef struct
{
  gint64    record_id;
  gboolean  retrieved;
  char     *reason;  /* required when not retrieved; may be NULL when retrieved */
  char     *at;
  char     *by;
} WnRetrieval;

void          wn_retrieval_free        (WnRetrieval *retrieval);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnRetrieval, wn_retrieval_free)

/* Records whether a record's full text was retrieved; not retrieved needs
 * a reason. Duplicates are refused (their kept record stands for them). A
 * report not retrieved leaves the full-text queue. Audited
 * ("retrieval.set"). */
gboolean      wn_project_set_retrieval  (WnProject   *self,
                                         gint64       record_id,
                                         gboolean     retrieved,
                                         const char  *reason,
                                         GError     **error);
/* The status in force, or NULL (without error) when none was set. */
WnRetrieval  *wn_project_get_retrieval  (WnProject   *self,
                                         gint64       record_id,
                                         GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* Every record's status in force: record id (gint64 *) → WnRetrieval *. */
GHashTable   *wn_project_list_retrieval (WnProject   *self,
                                         GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
