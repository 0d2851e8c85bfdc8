/* wn-screening-dialogs.h — the lead's screening tools, working apart, and a
 * thread for one write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-project.h"
#include "wn-screening.h"

G_BEGIN_DECLS

/* ---- One job on the project, in a thread ---------------------------------- */

/* Runs in a GTask thread; returns FALSE with error set on failure. *result
 * (freed with result_free) is handed to the callback through
 * wn_project_job_finish(). */
typedef gboolean (*WnProjectJobFunc) (WnProject  *project,
                                      gpointer    data,
                                      gpointer   *result,
                                      GError    **error);

void      wn_project_job_run    (WnProject           *project,
                                 WnProjectJobFunc     func,
                                 gpointer             data,
                                 GDestroyNotify       data_free,
                                 GDestroyNotify       result_free,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
/* FALSE with error set when the job failed; *result (may be NULL) is the
 * caller's. */
gboolean  wn_project_job_finish (GAsyncResult        *result,
                                 gpointer            *result_out,
                                 GError             **error);

/* A modal error message with GError's text as the secondary text. */
void      wn_show_error         (GtkWidget           *widget,
                                 const char          *primary,
                                 const char          *secondary);

/* ---- The lead's tools (each saves in a thread, then calls done) ----------- */

/* Called after a tool saved something (changed TRUE) or was closed. */
typedef void (*WnToolDone) (gpointer user_data,
                            gboolean changed);

/* A new version of the eligibility criteria; current may be NULL. */
GtkWindow *wn_criteria_dialog_new  (GtkWindow   *parent,
                                    WnProject   *project,
                                    const char  *current,
                                    int          version,
                                    WnToolDone   done,
                                    gpointer     user_data);
/* The include and exclude terms, checked with the highlighter before they
 * are saved. */
GtkWindow *wn_terms_dialog_new     (GtkWindow   *parent,
                                    WnProject   *project,
                                    WnToolDone   done,
                                    gpointer     user_data);
/* The exclusion reasons: add, remove (a used reason is retired). */
/* The review team: who is in it, and a person added (the audit log records
 * who added whom; names are chosen, not authenticated, so any member may). */
GtkWindow *wn_team_dialog_new      (GtkWindow   *parent,
                                    WnProject   *project,
                                    WnToolDone   done,
                                    gpointer     user_data);
/* "Lead", "Adjudicator" or "Reviewer", translated, for a role's name. */
const char *wn_role_display_name   (const char  *role);
GtkWindow *wn_reasons_dialog_new   (GtkWindow   *parent,
                                    WnProject   *project,
                                    WnToolDone   done,
                                    gpointer     user_data);
/* A calibration round at a stage: a size or a percentage, and a seed. */
GtkWindow *wn_round_dialog_new     (GtkWindow   *parent,
                                    WnProject   *project,
                                    const char  *lead,
                                    WnStage      stage,
                                    WnToolDone   done,
                                    gpointer     user_data);

/* ---- Working apart (the window's menu) ------------------------------------ */

/* The "Make Reviewer Package" first step: which reviewer. Calls chosen
 * with the name, or NULL when cancelled. */
typedef void (*WnReviewerChosen) (gpointer    user_data,
                                  const char *name);

GtkWindow *wn_reviewer_chooser_new (GtkWindow        *parent,
                                    GPtrArray        *reviewers,
                                    WnReviewerChosen  chosen,
                                    gpointer          user_data);
/* What a merge did. */
void       wn_show_merge_report    (GtkWindow           *parent,
                                    const WnMergeReport *report);

G_END_DECLS
