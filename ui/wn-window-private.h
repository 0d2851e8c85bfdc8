/* wn-window-private.h — what wn-window.c and wn-window-actions.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wn-agreement-view.h"
#include "wn-autosave.h"
#include "wn-conflicts-view.h"
#include "wn-duplicates-view.h"
#include "wn-extraction-view.h"
#include "wn-prisma-view.h"
#include "wn-project.h"
#include "wn-record-detail.h"
#include "wn-screening-view.h"
#include "wn-searches-view.h"
#include "wn-tour.h"
#include "wn-window.h"

G_BEGIN_DECLS

struct _WnWindow
{
  GtkApplicationWindow  parent_instance;

  /* Template children. */
  GtkHeaderBar         *header_bar;
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkMenuButton        *recent_button;
  GtkWidget            *import_button;
  GtkWidget            *primary_menu_button;
  GtkWidget            *view_switcher;
  GtkWidget            *searches_toggle;
  GtkWidget            *searches_warning_icon;
  GtkWidget            *duplicates_toggle;
  GtkLabel             *duplicates_count_label;
  GtkWidget            *conflicts_toggle;
  GtkLabel             *conflicts_count_label;
  GtkStack             *main_stack;
  GtkImage             *start_icon;
  GtkWidget            *recent_box;
  GtkListBox           *recent_list;
  GtkSpinner           *loading_spinner;
  GtkLabel             *loading_label;
  GtkSearchEntry       *search_entry;
  GtkSpinner           *search_spinner;
  GtkLabel             *count_label;
  GtkPaned             *records_paned;
  GtkStack             *table_stack;
  GtkColumnView        *records_view;
  GtkSingleSelection   *selection;
  GtkFilterListModel   *filter_model;
  GtkCustomFilter      *search_filter;
  GtkCustomFilter      *source_filter;
  GtkWidget            *source_box;
  GtkLabel             *source_label;
  GtkSortListModel     *sort_model;
  GtkLabel             *no_matches_label;
  WnRecordDetail       *detail;
  WnSearchesView       *searches_view;
  WnDuplicatesView     *duplicates_view;
  WnScreeningView      *screening_view;
  WnConflictsView      *conflicts_view;
  WnAgreementView      *agreement_view;
  WnPrismaView         *prisma_view;
  WnExtractionView     *extraction_view;

  /* The project shown; project_path is set from the moment it starts to
   * open, so a second request for the same file finds this window. */
  WnProject            *project;
  char                 *project_path;
  GListModel           *items;            /* of WnRecordItem, NULL until loaded */

  /* Cancelled when the window goes away or the work is superseded. */
  GCancellable         *project_cancellable;
  GCancellable         *search_cancellable;
  GCancellable         *detail_cancellable;
  GCancellable         *source_cancellable;

  char                 *search_text;      /* the search the table shows, NULL for none */
  char                 *pending_search;   /* the search running, NULL for none */

  /* Who screens, settles and exports decisions in this window: the owner
   * of a reviewer package, else the installation's identity (GSettings
   * "identity"), else the login name. NULL until the project has said
   * whether it is a package. */
  char                 *identity;
  /* The last extraction export written (test state), and one running. */
  char                 *extraction_exported;
  gboolean              extraction_exporting;
  GCancellable         *identity_cancellable;
  guint                 conflicts_reload_source;

  /* What a project shows: "records", "searches", "duplicates",
   * "screening", "conflicts", "agreement" or "prisma" (the "view" property,
   * win.view). The page follows it once the records are loaded. */
  char                 *view;
  gint64                source_search_id; /* the search the records are limited to, 0 for all */

  GtkNativeDialog      *file_chooser;
  GtkWindow            *import_dialog;

  gboolean              application_ready;

  /* The walkthrough (wn-tour.c): offered once, when a project first shows
   * in an installation whose "walkthrough-shown" is false. */
  WnTour               *tour;
  gboolean              tour_checked;

  /* The decision file saved by itself, and the banner for its failures. */
  WnAutosave           *autosave;
  GtkRevealer          *autosave_revealer;
  GtkLabel             *autosave_label;

  char                 *test_state_path;  /* WINNOW_TEST_STATE */
  guint                 test_state_source;
};

void _wn_window_class_actions_init  (GtkWidgetClass *widget_class);
void _wn_window_update_actions      (WnWindow       *self);
void _wn_window_reload_records      (WnWindow       *self);
void _wn_window_set_view            (WnWindow       *self,
                                     const char     *view);
void _wn_window_show_search_records (WnWindow       *self,
                                     gint64          search_id);
void _wn_window_show_all_records    (WnWindow       *self);
/* The Records page on one record: the search and the search filter are
 * put down if they hide it, and the detail pane shows it even when the
 * table leaves it out (a duplicate). */
void _wn_window_show_record         (WnWindow       *self,
                                     gint64          record_id);
/* Sets who screens in this window, remembers it on this computer when
 * remember is TRUE, and tells every page. */
void _wn_window_set_identity        (WnWindow       *self,
                                     const char     *identity,
                                     gboolean        remember);
/* PDFs were attached or detached (the detail pane, a folder): the detail
 * pane and the screening page read again. */
void _wn_window_fulltext_changed    (WnWindow       *self);
/* Decisions changed behind the pages (a merge): every page reads again. */
void _wn_window_reload_screening    (WnWindow       *self);
/* The test hook: the state file is written again soon. */
void _wn_window_queue_test_state    (WnWindow       *self);
/* The walkthrough from its first step (win.tour). */
void _wn_window_start_tour          (WnWindow       *self);
void _wn_window_show_message        (GtkWindow      *parent,
                                     GtkMessageType  type,
                                     const char     *primary,
                                     const char     *secondary);
void _wn_window_show_open_error     (WnWindow       *self,
                                     const char     *path,
                                     const GError   *error);
char *_wn_window_dup_display_name   (const char     *path) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
