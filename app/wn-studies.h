/* wn-studies.h — included studies and their stable ids (S001, S002, …)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every record included at full text (its outcome after adjudication)
 * becomes a study with an id "S" + at least three digits, given in order of
 * inclusion (the time of the decision that included it, then the record's
 * id) and never reused: a study whose inclusion is later undone keeps its
 * number and is listed as withdrawn; included again, it gets the same id.
 *
 * Ids are given by wn_project_sync_studies(), which every reader below
 * calls first, in one write transaction; a read-only copy shows the ids it
 * already has.
 */
#pragma once

#include "wn-project.h"

G_BEGIN_DECLS

typedef struct
{
  char      *study_id;    /* "S001" */
  guint      n;           /* 1 */
  gint64     record_id;
  char      *included_at; /* ISO 8601, the including decision's time */
  gboolean   included;    /* FALSE: the inclusion was undone (withdrawn) */
} WnStudy;

void        wn_study_free               (WnStudy *study);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnStudy, wn_study_free)

/* "S001" for 1; "S1000" past 999. */
char       *wn_study_id_format          (guint n) G_GNUC_WARN_UNUSED_RESULT;
/* 1 for "S001" (or "s1"); 0 when text is no study id. */
guint       wn_study_id_parse           (const char *text);

/* Gives ids to the records newly included at full text. Returns the number
 * of new studies, or -1 with error set. */
int         wn_project_sync_studies     (WnProject   *self,
                                         GError     **error);

/* The studies in id order; withdrawn ones too when with_withdrawn.
 * (element-type WnStudy) */
GPtrArray  *wn_project_list_studies     (WnProject   *self,
                                         gboolean     with_withdrawn,
                                         GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* The record's study (withdrawn or not), NULL when it has none (error unset)
 * or on failure (error set). */
WnStudy    *wn_project_get_study        (WnProject   *self,
                                         gint64       record_id,
                                         GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Every record with a study id: record id → "S001" (owned strings), for
 * listings. Does not sync. */
GHashTable *wn_project_study_ids        (WnProject   *self,
                                         GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
