/* wn-window.c — a Winnow main window: one project, its records table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window shows one of ten pages: "start" (no project: open or create
 * one, recent projects), "loading", "no-records" (a project without records:
 * import a search), "records" (search entry, records table, detail pane),
 * "searches" (every import with its provenance, WnSearchesView),
 * "duplicates" (finding and reviewing duplicates, WnDuplicatesView),
 * "screening" (one record at a time, WnScreeningView), "conflicts" (the
 * adjudicator's, WnConflictsView), "agreement" (kappa and friends,
 * WnAgreementView), "prisma" (the PRISMA 2020 flow diagram, its checks,
 * the records behind each box and its exports, WnPrismaView) and
 * "extraction" (data extraction and coding of the included studies beside
 * their PDFs, WnExtractionView). Once a project is open, the "view"
 * property (win.view, the buttons in the header bar, Ctrl+1 to Ctrl+8)
 * chooses between the last nine.
 *
 * The PRISMA page counts again whenever it is shown, and while it is shown
 * whenever the project changes behind it: after the records are read again
 * (imports, duplicates merged or undone, a search edited), after decisions
 * (screening, adjudication, a merge of decision files).
 *
 * Identity: who screens, settles and exports decisions in this window. A
 * reviewer package names its owner, who is it; otherwise the installation's
 * GSettings "identity", else the login name (g_get_user_name). The
 * screening page asks who you are when that is not one of the project's
 * reviewers, and the choice is remembered in "identity". A change of
 * "identity" (Preferences) runs the same choice again in every window.
 *
 * Autosave (wn-autosave.c): the window hands its project, identity and
 * decisions to a WnAutosave, and shows its failures in a banner above the
 * pages, once each, without stopping anything.
 *
 * Nothing here touches SQLite on the main thread. Opening a project, listing
 * its records, searching (FTS5), listing one search's record ids ("Show
 * Records" on the searches page) and reading one record for the detail pane
 * each run in a GTask thread with a cancellable the window owns; a newer
 * request cancels the older one, and a result that arrives after its
 * cancellation is dropped. The table is a GtkColumnView over a virtualised
 * model stack (see wn-window.ui), so 100,000 records cost one small GObject
 * each and the rows on screen.
 *
 * Actions, file choosers and error dialogs are in wn-window-actions.c.
 *
 * Test hook: when the environment variable WINNOW_TEST_STATE names a file,
 * the window rewrites it (atomically, with g_file_set_contents()) whenever
 * its state changes, as key=value lines:
 *
 *   page=<start|loading|no-records|records|searches|duplicates>  the page shown
 *   view=<records|searches|duplicates>  what the project view is set to
 *   title=<window title>  subtitle=<the header bar's second line: the folder,
 *   and why a project is read-only>
 *   project=<path of the project, empty when none>
 *   total=<records loaded>
 *   shown=<rows left after the search filter>
 *   search=<the search the table shows>
 *   searching=<1 while a search runs, else 0>
 *   selected_id=<id of the selected record, 0 when none>
 *   selected_title=<its title as the table has it>
 *   detail_title=<the title the detail pane shows, empty when none>
 *   detail_id=<the record the detail pane shows, 0 when none>
 *   detail_fulltext=<the PDF attached to it (file name), empty when none>
 *   detail_fulltext_busy=<1 while its full text is read, attached or detached>
 *   detail_fulltext_error=<why the last attach or detach failed, empty after a success>
 *   attach_folder=<idle|running|done>  attach_folder_attached, attach_folder_unmatched=<the report's counts>
 *   searches=<searches the searches page lists>
 *   search_warning=<searches whose reported hit count differs from the
 *                   records imported>
 *   selected_search=<id of the search selected on the searches page, 0 when none>
 *   records_search=<the search the records table is limited to, 0 for all>
 *   dup_loaded=<1 once the duplicates page has its lists>
 *   dup_runs=<duplicate runs the project has had>
 *   dup_running=<1 while duplicates are being found>
 *   dup_busy=<1 while the duplicates page runs, writes or reads>
 *   dup_groups=<active duplicate groups>
 *   dup_confirmed=<of which a person confirmed>
 *   dup_records=<records marked as a duplicate of another>
 *   dup_pending=<possible pairs waiting for a decision>
 *   dup_decided=<pairs with a person's decision>
 *   dup_list=<pending|decided|groups: the duplicates page's list>
 *   dup_selected_pair=<the pair selected there, 0 when none>
 *   dup_selected_group=<the group selected there, 0 when none>
 *   dup_group_status=<auto|confirmed: that group's status, empty when none>
 *   dup_undo=<decisions U can undo>
 *   dup_differences=<fields the comparison marks as differing>
 *   identity=<who screens in this window, empty until known>
 *   autosave_written, autosave_path, autosave_error, autosave_pending,
 *   autosave_banner=<the failure the banner shows, empty while hidden>
 *   (wn_autosave_describe)
 *   pref_open, pref_identity_error, pref_focus, pref_identity, pref_order,
 *   pref_blind, pref_autosave, pref_folder (wn_preferences_describe)
 *   scr_page=<loading|identity|screen>  the screening page's page
 *   scr_content=<record|done>  within "screen": a record, or the end of the queue
 *   scr_loaded=<1 once the queue is read and no read runs>
 *   scr_identity, scr_role=<the screening page's person and their role>
 *   scr_reviewers=<the project's reviewers, comma-separated, in order>
 *   scr_stage=<ta|ft>  scr_order=<random|id>  scr_round=<0 for every record>
 *   scr_rounds=<calibration rounds at the stage>
 *   scr_record_id=<the record to decide on, 0 at the end of the queue>
 *   scr_shown_id=<the record the page shows (0 while none)>
 *   scr_record_title=<its title as shown, empty while it loads>
 *   scr_position=<its place in the queue, from 1; 0 at the end>
 *   scr_mine=<none|include|exclude|maybe: my vote on it>
 *   scr_decided=<records of the queue with my vote>  scr_eligible=<records in the queue>
 *   scr_conflicts=<records in conflict at the stage>
 *   scr_busy=<1 while decisions are being written or the queue read>
 *   scr_writes=<decisions and undos written>  scr_write_ms_max=<the slowest, in ms>
 *   scr_reason=<the exclusion reason chosen for the next E>  scr_reasons=<reasons offered>
 *   scr_reason_prompt=<1 while an exclusion waits for its reason>
 *   scr_undo=<decisions U can undo>  scr_criteria_version=<the criteria shown>
 *   scr_hl_include, scr_hl_exclude=<terms marked in the record shown>
 *   scr_note=<the note typed>  scr_note_focus=<1 while typing in it>
 *   scr_text=<every label the screening page shows, " | "-separated>
 *   cf_loaded, cf_page=<loading|empty|conflicts>, cf_stage, cf_identity, cf_role
 *   cf_count=<conflicts listed>  cf_ids=<their record ids>  cf_record_id=<the one shown>
 *   cf_blind=<1 while the review is blind>  cf_votes_shown=<vote cards shown>
 *   cf_can_adjudicate=<1 for an adjudicator or the lead>  cf_busy  cf_prompt  cf_reason
 *   cf_text=<every label the conflicts page shows>
 *   ag_loaded, ag_page=<loading|empty|agreement>, ag_stage, ag_pairs=<pairs in the table>,
 *   ag_below=<pairs below the threshold>, ag_rounds, ag_points=<kappas plotted>,
 *   ag_kappa=<the first pair's kappa>
 *   prisma_loaded=<1 once a flow is shown and no count runs>  prisma_busy=<1 while counting>
 *   prisma_page=<loading|error|diagram>  prisma_error=<why counting failed>
 *   prisma_<data name>=<each count the diagram shows, by the PRISMA2020 package's
 *                       names: prisma_database_results, prisma_records_screened…; -1 is NA>
 *   prisma_database_specific_results, prisma_register_specific_results,
 *   prisma_dbr_excluded, prisma_other_excluded=<the lists, "name=n;name=n">
 *   prisma_other, prisma_previous=<1 when that arm or column is drawn>
 *   prisma_boxes=<boxes that can be selected>  prisma_box_order=<their ids in reading order>
 *   prisma_warnings=<checks that do not hold>  prisma_errors=<of which errors>
 *   prisma_warning_ids=<"INV-S2:warning,…", as listed>  prisma_status=<the toolbar's summary>
 *   prisma_highlight_check=<the check selected>  prisma_highlight=<its boxes, outlined>
 *   prisma_selected_box=<the box selected, empty for none>  prisma_selected_n=<its count>
 *   prisma_focus=<canvas|records|empty: where the keyboard is on the page>
 *   prisma_drill_box, prisma_drill_name=<the box listed in the side panel, and the line>
 *   prisma_drill_loaded=<1 once its records are read>  prisma_drill_records=<records listed>
 *   prisma_drill_selected=<the record selected in that list, 0 when none>
 *   prisma_zoom=<"fit:<scale>" or the zoom>  prisma_exporting=<exports running>
 *   prisma_exported=<the last file written>  prisma_export_error=<the last failure>
 *   ex_page=<empty|main>  ex_tab=<extract|code>  ex_loaded=<1 once the studies are read>
 *   ex_studies=<included studies listed>  ex_study=<the study shown, "S001">
 *   ex_record_id=<its record>  ex_identity=<who extracts, empty until chosen>
 *   ex_fields=<fields in the form>  ex_saved=<values saved>  ex_error=<the last refusal>
 *   ex_codes=<codes in the codebook>  ex_codings=<this coder's codings of the study>
 *   ex_selection=<the PDF's selection as "start-end" offsets, empty for none>
 *   ex_focus=<studies|pdf|codes|codings|coding-remove|other|a field's name, "name/source" on
 *             its Source from Selection button: where the keyboard is>
 *   and, while the page is shown, its full-text pane's ft_* and pdf_* keys
 *   (wn_fulltext_pane_describe; they replace the screening page's)
 *   tpl_open, ver_open, ca_open=<1 while the Template, Verification or Coding
 *   Agreement dialog is open>, and while it is: tpl_loaded, tpl_busy,
 *   tpl_version=<the version in force>, tpl_fields=<fields in the working copy>,
 *   tpl_names, tpl_flagged=<studies flagged after the last save, -1 before one>,
 *   tpl_error, tpl_editor=<1 while Add/Edit Field is open>, tpl_editor_type,
 *   tpl_focus; ver_loaded, ver_busy, ver_extractor, ver_verifier,
 *   ver_sample=<studies drawn>, ver_sample_ids, ver_fields=<rows of field
 *   agreement>, ver_discrepancies, ver_resolved, ver_error, ver_focus;
 *   ca_loaded, ca_busy, ca_coder_a, ca_coder_b, ca_double=<documents
 *   double-coded>, ca_codes=<rows of the per-code table>, ca_error, ca_focus
 *   (wn_review_dialogs_describe)
 *   help_open=<1 while the user guide is open>, and while it is:
 *   help_page=<the page shown, "screening.md">  help_title=<its title>
 *   help_pages=<pages the list shows (the search filters it)>  help_links=<links on the page>
 *   help_search=<the search typed>  help_focus=<text|link|sidebar|search|other|none>
 *   help_focus_link=<the page the focused link leads to>  help_active=<1 while it is active>
 *   (wn_help_window_describe)
 *   tour=<1 while the walkthrough runs>  tour_step=<its step, from 1; 0 when none>
 *   tour_steps=<steps in all>  tour_view=<the page the step shows>  tour_title
 *   tour_focus=<1 while the keyboard is in the tour's popover>
 *   tour_runs=<tours started in this window> (wn_tour_describe; only "tour=0" before one)
 *   focus=<where the keyboard is: builder ids outermost first, then the
 *         widget's type and address, "screening_view/include_button:GtkButton@0x…">
 *   focus_visible=<1 while the focus is drawn>
 *   dark=<1 in the dark style>  color_scheme_source  text_dpi
 *   (wn_desktop_style_describe)
 *
 * The UI test (tests/ui/) drives the real binary with xdotool and reads
 * this file to know what the window shows.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-accessibility.h"
#include "wn-application.h"
#include "wn-attach-folder.h"
#include "wn-autosave.h"
#include "wn-help-window.h"
#include "wn-preferences-window.h"
#include "wn-provenance.h"
#include "wn-record-item.h"
#include "wn-review-dialogs.h"
#include "wn-screening.h"
#include "wn-window-private.h"

G_DEFINE_FINAL_TYPE (WnWindow, wn_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The FTS5 hits of a search, shared (read-only) between the search thread
 * that builds them and the filter that tests each row against them. The
 * set's keys point into ids. */
typedef struct
{
  GArray     *ids;  /* gint64 */
  GHashTable *set;
} WnSearchHits;

static void
wn_search_hits_clear (WnSearchHits *hits)
{
  g_clear_pointer (&hits->set, g_hash_table_unref);
  g_clear_pointer (&hits->ids, g_array_unref);
}

static WnSearchHits *
wn_search_hits_new (GArray *ids)
{
  WnSearchHits *hits = g_atomic_rc_box_new0 (WnSearchHits);

  hits->ids = ids;
  hits->set = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (hits->set, &g_array_index (ids, gint64, i));

  return hits;
}

static WnSearchHits *
wn_search_hits_ref (WnSearchHits *hits)
{
  return g_atomic_rc_box_acquire (hits);
}

static void
wn_search_hits_unref (WnSearchHits *hits)
{
  g_atomic_rc_box_release_full (hits, (GDestroyNotify) wn_search_hits_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnSearchHits, wn_search_hits_unref)

/* What the detail thread hands back. */
typedef struct
{
  gint64    id;
  WnRecord *record;
  char     *database;
} WnDetailResult;

static void
wn_detail_result_free (WnDetailResult *result)
{
  g_clear_pointer (&result->record, wn_record_free);
  g_free (result->database);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnDetailResult, wn_detail_result_free)

static guint
wn_window_get_total (WnWindow *self)
{
  return self->items != NULL ? g_list_model_get_n_items (self->items) : 0;
}

static guint
wn_window_get_shown (WnWindow *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
}

/* Test hook (see the top of this file). */
static void
append_state (GString    *out,
              const char *key,
              const char *value)
{
  g_string_append (out, key);
  g_string_append_c (out, '=');
  for (const char *p = value != NULL ? value : ""; *p != '\0'; p++)
    g_string_append_c (out, (*p == '\n' || *p == '\r') ? ' ' : *p);
  g_string_append_c (out, '\n');
}

static void
append_state_int (GString    *out,
                  const char *key,
                  gint64      value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  append_state (out, key, text);
}

static void
append_state_cb (const char *key,
                 const char *value,
                 gpointer    user_data)
{
  append_state (user_data, key, value);
}

static void
wn_window_append_duplicates_state (WnWindow *self,
                                   GString  *out)
{
  WnDuplicatesView *view = self->duplicates_view;

  append_state_int (out, "dup_loaded", wn_duplicates_view_get_loaded (view));
  append_state_int (out, "dup_runs", wn_duplicates_view_get_n_runs (view));
  append_state_int (out, "dup_running", wn_duplicates_view_get_running (view));
  append_state_int (out, "dup_busy", wn_duplicates_view_get_busy (view));
  append_state_int (out, "dup_groups", wn_duplicates_view_get_n_groups (view));
  append_state_int (out, "dup_confirmed", wn_duplicates_view_get_n_confirmed (view));
  append_state_int (out, "dup_records", wn_duplicates_view_get_n_duplicate_records (view));
  append_state_int (out, "dup_pending", wn_duplicates_view_get_n_pending (view));
  append_state_int (out, "dup_decided", wn_duplicates_view_get_n_decided (view));
  append_state (out, "dup_list", wn_duplicates_view_get_list (view));
  append_state_int (out, "dup_selected_pair", wn_duplicates_view_get_selected_pair_id (view));
  append_state_int (out, "dup_selected_group", wn_duplicates_view_get_selected_group_id (view));
  append_state (out, "dup_group_status", wn_duplicates_view_get_selected_group_status (view));
  append_state_int (out, "dup_undo", wn_duplicates_view_get_n_undo (view));
  append_state_int (out, "dup_differences", wn_duplicates_view_get_n_differences (view));
}

static gboolean
wn_window_write_test_state_cb (gpointer user_data)
{
  WnWindow *self = user_data;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *total = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *selected_id = NULL;
  g_autofree char *detail_id = NULL;
  g_autofree char *searches = NULL;
  g_autofree char *search_warning = NULL;
  g_autofree char *selected_search = NULL;
  g_autofree char *records_search = NULL;
  g_autofree char *focus = NULL;
  WnRecordItem *item;

  self->test_state_source = 0;

  item = gtk_single_selection_get_selected_item (self->selection);
  total = g_strdup_printf ("%u", wn_window_get_total (self));
  shown = g_strdup_printf ("%u", self->items != NULL ? wn_window_get_shown (self) : 0);
  selected_id = g_strdup_printf ("%" G_GINT64_FORMAT, item != NULL ? wn_record_item_get_id (item) : 0);
  detail_id = g_strdup_printf ("%" G_GINT64_FORMAT, wn_record_detail_get_record_id (self->detail));
  searches = g_strdup_printf ("%u", wn_searches_view_get_n_searches (self->searches_view));
  search_warning = g_strdup_printf ("%u", wn_searches_view_get_n_warnings (self->searches_view));
  selected_search = g_strdup_printf ("%" G_GINT64_FORMAT, wn_searches_view_get_selected_id (self->searches_view));
  records_search = g_strdup_printf ("%" G_GINT64_FORMAT, self->source_search_id);

  append_state (out, "page", gtk_stack_get_visible_child_name (self->main_stack));
  append_state (out, "view", self->view);
  append_state (out, "title", gtk_window_get_title (GTK_WINDOW (self)));
  append_state (out, "subtitle", gtk_label_get_text (self->subtitle_label));
  append_state (out, "project", self->project != NULL ? self->project_path : NULL);
  append_state (out, "total", total);
  append_state (out, "shown", shown);
  append_state (out, "search", self->search_text);
  append_state (out, "searching", self->pending_search != NULL ? "1" : "0");
  append_state (out, "selected_id", selected_id);
  append_state (out, "selected_title", item != NULL ? wn_record_item_get_title (item) : NULL);
  append_state (out, "detail_title", wn_record_detail_get_title (self->detail));
  append_state (out, "detail_id", detail_id);
  append_state (out, "detail_fulltext", wn_record_detail_get_fulltext_name (self->detail));
  append_state (out, "detail_fulltext_busy", wn_record_detail_get_fulltext_busy (self->detail) ? "1" : "0");
  append_state (out, "detail_fulltext_error", wn_record_detail_get_fulltext_error (self->detail));
  append_state (out, "searches", searches);
  append_state (out, "search_warning", search_warning);
  append_state (out, "selected_search", selected_search);
  append_state (out, "records_search", records_search);
  wn_window_append_duplicates_state (self, out);
  append_state (out, "identity", self->identity);
  append_state (out, "extraction_exported", self->extraction_exported);
  append_state (out, "extraction_exporting", self->extraction_exporting ? "1" : "0");
  wn_screening_view_describe (self->screening_view, (WnTestStateFunc) append_state_cb, out);
  wn_conflicts_view_describe (self->conflicts_view, (WnTestStateFunc) append_state_cb, out);
  wn_agreement_view_describe (self->agreement_view, (WnTestStateFunc) append_state_cb, out);
  wn_prisma_view_describe (self->prisma_view, (WnTestStateFunc) append_state_cb, out);
  wn_extraction_view_describe (self->extraction_view, (WnTestStateFunc) append_state_cb, out);
  wn_attach_folder_describe ((WnTestStateFunc) append_state_cb, out);
  wn_review_dialogs_describe ((WnTestStateFunc) append_state_cb, out);
  wn_help_window_describe ((WnTestStateFunc) append_state_cb, out);
  if (self->tour != NULL)
    wn_tour_describe (self->tour, (WnTestStateFunc) append_state_cb, out);
  else
    append_state (out, "tour", "0");
  if (self->autosave != NULL)
    wn_autosave_describe (self->autosave, (WnTestStateFunc) append_state_cb, out);
  append_state (out, "autosave_banner",
                gtk_revealer_get_reveal_child (self->autosave_revealer) ? gtk_label_get_text (self->autosave_label) : NULL);
  {
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

    wn_preferences_describe (WN_IS_APPLICATION (app) ? wn_application_get_settings (WN_APPLICATION (app)) : NULL,
                             (WnTestStateFunc) append_state_cb, out);
  }
  focus = wn_describe_focus (GTK_WINDOW (self));
  append_state (out, "focus", focus);
  append_state (out, "focus_visible", gtk_window_get_focus_visible (GTK_WINDOW (self)) ? "1" : "0");
  wn_desktop_style_describe ((WnTestStateFunc) append_state_cb, out);

  if (!g_file_set_contents (self->test_state_path, out->str, out->len, &error))
    g_printerr ("WINNOW_TEST_STATE: %s\n", error->message);

  return G_SOURCE_REMOVE;
}

static void
wn_window_queue_test_state (WnWindow *self)
{
  g_assert (WN_IS_WINDOW (self));

  if (self->test_state_path == NULL || self->test_state_source != 0)
    return;

  /* Coalesce bursts of changes into one write, after they are drawn. */
  self->test_state_source = g_idle_add_full (G_PRIORITY_LOW,
                                             wn_window_write_test_state_cb,
                                             self, NULL);
}

void
_wn_window_queue_test_state (WnWindow *self)
{
  g_return_if_fail (WN_IS_WINDOW (self));

  wn_window_queue_test_state (self);
}

char *
_wn_window_dup_display_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  if (g_str_has_suffix (base, ".winnow") && strlen (base) > strlen (".winnow"))
    base[strlen (base) - strlen (".winnow")] = '\0';

  return g_steal_pointer (&base);
}

/* "~/Reviews" for "/home/me/Reviews/peer.winnow". */
static char *
dup_display_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  const char *home = g_get_home_dir ();
  gsize home_len = strlen (home);

  if (home_len > 1 && g_str_has_prefix (dir, home) &&
      (dir[home_len] == '\0' || dir[home_len] == G_DIR_SEPARATOR))
    return g_strconcat ("~", dir + home_len, NULL);

  return g_steal_pointer (&dir);
}

static void
wn_window_update_title (WnWindow *self)
{
  g_assert (WN_IS_WINDOW (self));

  if (self->project_path != NULL)
    {
      g_autofree char *name = _wn_window_dup_display_name (self->project_path);
      g_autofree char *folder = dup_display_folder (self->project_path);
      /* Translators: the window title, "<project name> — Winnow". */
      g_autofree char *title = g_strdup_printf (_("%s — Winnow"), name);
      g_autofree char *subtitle = NULL;

      /* A project on a medium that cannot be written opens read-only
       * (the core refuses every change): the title bar says so. */
      if (self->project != NULL && wn_project_is_read_only (self->project))
        {
          g_free (title);
          /* Translators: the window title of a project that cannot be changed. */
          title = g_strdup_printf (_("%s (read-only) — Winnow"), name);
          if (wn_project_is_held_elsewhere (self->project))
            /* Translators: the subtitle of a project another Winnow (of
             * another user, or on another computer sharing the folder)
             * has open for editing. */
            subtitle = g_strdup_printf (_("%s · open in another Winnow: read-only here"), folder);
          else
            /* Translators: the subtitle, "<folder> · read-only". */
            subtitle = g_strdup_printf (_("%s · read-only: changes cannot be saved"), folder);
        }
      gtk_window_set_title (GTK_WINDOW (self), title);
      gtk_label_set_text (self->title_label, name);
      gtk_label_set_text (self->subtitle_label, subtitle != NULL ? subtitle : folder);
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), TRUE);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Winnow"));
      gtk_label_set_text (self->title_label, _("Winnow"));
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), FALSE);
    }

  wn_window_queue_test_state (self);
}

static void
wn_window_set_page (WnWindow   *self,
                    const char *page)
{
  g_assert (WN_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->main_stack, page);
  if (g_str_equal (page, "loading"))
    gtk_spinner_start (self->loading_spinner);
  else
    gtk_spinner_stop (self->loading_spinner);

  gtk_widget_set_visible (self->view_switcher,
                          !g_str_equal (page, "start") && !g_str_equal (page, "loading"));

  _wn_window_update_actions (self);
  wn_window_queue_test_state (self);
}

static void
wn_window_update_count (WnWindow *self)
{
  g_autofree char *text = NULL;
  guint total;
  guint shown;

  g_assert (WN_IS_WINDOW (self));

  total = wn_window_get_total (self);
  shown = wn_window_get_shown (self);

  /* %'u groups thousands as the locale does: "1,234". */
  if (self->search_text == NULL && self->source_search_id == 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u record", "%'u records", total),
                            total);
  else
    /* Translators: "1,234 of 5,000 records" match the search. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u of %'u record", "%'u of %'u records", total),
                            shown, total);

  /* The table leaves duplicates out: say how many. */
  if (self->duplicates_view != NULL && wn_duplicates_view_get_n_duplicate_records (self->duplicates_view) > 0)
    {
      gint64 n_duplicates = wn_duplicates_view_get_n_duplicate_records (self->duplicates_view);
      g_autofree char *number = g_strdup_printf ("%'" G_GINT64_FORMAT, n_duplicates);
      g_autofree char *part = NULL;
      char *with_duplicates;

      part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s duplicate not listed", "%s duplicates not listed",
                                           wn_provenance_plural_n (n_duplicates)),
                              number);
      /* Translators: the records count, then the duplicates left out:
       * "312 records · 300 duplicates not listed". */
      with_duplicates = g_strdup_printf (C_("records count", "%s · %s"), text, part);
      g_free (text);
      text = with_duplicates;
    }

  gtk_label_set_text (self->count_label, text);

  if ((self->search_text != NULL || self->source_search_id != 0) && shown == 0 && total > 0)
    {
      g_autofree char *message = NULL;

      if (self->search_text != NULL)
        /* Translators: %s is what the person typed. */
        message = g_strdup_printf (_("No record’s title, abstract, authors or keywords contain “%s”. Check the spelling, or search for fewer words."),
                                   self->search_text);
      else
        message = g_strdup (_("Every record of this search is a duplicate of a record imported before, and duplicates are not listed."));
      gtk_label_set_text (self->no_matches_label, message);
      gtk_stack_set_visible_child_name (self->table_stack, "no-matches");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->table_stack, "table");
    }
}

/* Searching. */

static void
wn_window_search_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  WnProject *project = task_data;
  const char *text = g_object_get_data (G_OBJECT (task), "text");
  g_autoptr(GArray) ids = NULL;
  GError *error = NULL;

  ids = wn_project_search_text (project, text, &error);
  if (ids == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, wn_search_hits_new (g_steal_pointer (&ids)),
                         (GDestroyNotify) wn_search_hits_unref);
}

static gboolean
wn_window_search_filter_func (gpointer item,
                              gpointer user_data)
{
  WnSearchHits *hits = user_data;
  gint64 id = wn_record_item_get_id (item);

  return g_hash_table_contains (hits->set, &id);
}

/* Shows hits for text; NULL hits (and text) for no search. */
static void
wn_window_apply_search (WnWindow     *self,
                        const char   *text,
                        WnSearchHits *hits)
{
  g_assert (WN_IS_WINDOW (self));
  g_assert ((text == NULL) == (hits == NULL));

  g_free (self->search_text);
  self->search_text = g_strdup (text);

  /* A filter without a function matches everything, so the filter model
   * passes the sorted list through untouched when there is no search. */
  if (hits != NULL)
    gtk_custom_filter_set_filter_func (self->search_filter,
                                       wn_window_search_filter_func,
                                       wn_search_hits_ref (hits),
                                       (GDestroyNotify) wn_search_hits_unref);
  else
    gtk_custom_filter_set_filter_func (self->search_filter, NULL, NULL, NULL);

  wn_window_update_count (self);
  _wn_window_update_actions (self);
  wn_window_queue_test_state (self);
}

static void
wn_window_search_done_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(WnWindow) self = user_data;
  g_autoptr(WnSearchHits) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  hits = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  text = g_steal_pointer (&self->pending_search);
  gtk_widget_set_visible (GTK_WIDGET (self->search_spinner), FALSE);
  gtk_spinner_stop (self->search_spinner);

  if (error != NULL)
    {
      /* A search the index cannot parse (a lone quote, say) matches
       * nothing; say why in the empty page rather than in a dialog that
       * would interrupt typing. */
      hits = wn_search_hits_new (g_array_new (FALSE, FALSE, sizeof (gint64)));
      g_debug ("Search for “%s” failed: %s", text, error->message);
    }

  wn_window_apply_search (self, text, hits);
}

/* Runs the search for typed, unless it is the one shown or running; force
 * runs it again anyway (after an import, over the new records). */
static void
wn_window_start_search (WnWindow   *self,
                        const char *typed,
                        gboolean    force)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *text = NULL;

  g_assert (WN_IS_WINDOW (self));

  text = g_strstrip (g_strdup (typed != NULL ? typed : ""));

  if (!force &&
      (self->pending_search != NULL
       ? g_str_equal (self->pending_search, text)
       : g_strcmp0 (self->search_text, text[0] != '\0' ? text : NULL) == 0))
    return;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->pending_search, g_free);

  if (text[0] == '\0' || self->project == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->search_spinner), FALSE);
      gtk_spinner_stop (self->search_spinner);
      wn_window_apply_search (self, NULL, NULL);
      return;
    }

  self->pending_search = g_strdup (text);
  self->search_cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->search_spinner), TRUE);
  gtk_spinner_start (self->search_spinner);

  task = g_task_new (NULL, self->search_cancellable, wn_window_search_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, wn_window_start_search);
  g_task_set_task_data (task, g_object_ref (self->project), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "text", g_steal_pointer (&text), g_free);
  g_task_run_in_thread (task, wn_window_search_thread);

  wn_window_queue_test_state (self);
}

static void
wn_window_search_changed_cb (WnWindow       *self,
                             GtkSearchEntry *entry)
{
  g_assert (WN_IS_WINDOW (self));

  wn_window_start_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)), FALSE);
}

static void
wn_window_search_activate_cb (WnWindow       *self,
                              GtkSearchEntry *entry)
{
  g_assert (WN_IS_WINDOW (self));

  /* Enter searches now, without waiting for the typing pause. */
  wn_window_start_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)), FALSE);
}

static void
wn_window_search_stop_cb (WnWindow       *self,
                          GtkSearchEntry *entry)
{
  g_assert (WN_IS_WINDOW (self));

  /* Escape clears the search; a second Escape goes back to the table. */
  if (gtk_editable_get_text (GTK_EDITABLE (entry))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else if (wn_window_get_shown (self) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->records_view));
}

static gboolean
wn_window_search_key_pressed_cb (WnWindow              *self,
                                 guint                  keyval,
                                 guint                  keycode,
                                 GdkModifierType        state,
                                 GtkEventControllerKey *controller)
{
  g_assert (WN_IS_WINDOW (self));

  /* Down from the search entry goes to the results, as in Files. */
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) &&
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) == 0 &&
      wn_window_get_shown (self) > 0)
    {
      if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
        gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->records_view));
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
wn_window_filter_items_changed_cb (WnWindow   *self,
                                   guint       position,
                                   guint       removed,
                                   guint       added,
                                   GListModel *model)
{
  g_assert (WN_IS_WINDOW (self));

  /* The models outlive the template's widgets when another window (the
   * attach-folder report, its record picker) holds the records: nothing
   * to show once the window is being disposed. */
  if (self->count_label == NULL)
    return;

  wn_window_update_count (self);
  wn_window_queue_test_state (self);
}

/* The detail pane. */

static void
wn_window_detail_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  WnProject *project = task_data;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "id"));
  g_autoptr(WnDetailResult) result = g_new0 (WnDetailResult, 1);
  WnRecordMeta meta = { 0 };
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  result->id = id;
  result->record = wn_project_get_record (project, id, &meta, &error);
  if (result->record == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* meta.database may point into the project's own memory: copy it while
   * this thread is the one that may read it. */
  result->database = g_strdup (meta.database);

  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) wn_detail_result_free);
}

static void
wn_window_detail_done_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(WnWindow) self = user_data;
  g_autoptr(WnDetailResult) detail = NULL;
  g_autoptr(GError) error = NULL;

  detail = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled, so this is the newest request. */
  g_clear_object (&self->detail_cancellable);

  if (error != NULL)
    wn_record_detail_show_error (self->detail, error->message);
  else
    wn_record_detail_show_record (self->detail, detail->id, detail->record, detail->database);

  wn_window_queue_test_state (self);
}

/* Reads record id for the detail pane (0 clears it). */
static void
wn_window_load_detail (WnWindow *self,
                       gint64    id)
{
  g_autoptr(GTask) task = NULL;

  g_assert (WN_IS_WINDOW (self));

  /* Already shown, e.g. when a search keeps the selected record. */
  if (id != 0 && id == wn_record_detail_get_record_id (self->detail) &&
      self->detail_cancellable == NULL)
    return;

  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);

  if (id == 0 || self->project == NULL)
    {
      wn_record_detail_clear (self->detail);
      return;
    }

  /* The old record stays up until the new one arrives, a few milliseconds
   * later: no flicker when moving through the table with the arrow keys. */
  self->detail_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->detail_cancellable, wn_window_detail_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, wn_window_load_detail);
  g_task_set_task_data (task, g_object_ref (self->project), g_object_unref);
  g_object_set_data (G_OBJECT (task), "id", GSIZE_TO_POINTER ((gsize) id));
  g_task_run_in_thread (task, wn_window_detail_thread);
}

static void
wn_window_selected_item_changed_cb (WnWindow           *self,
                                    GParamSpec         *pspec,
                                    GtkSingleSelection *selection)
{
  WnRecordItem *item;

  g_assert (WN_IS_WINDOW (self));

  /* Being disposed (see wn_window_filter_items_changed_cb). */
  if (self->detail == NULL)
    return;

  wn_window_queue_test_state (self);

  item = gtk_single_selection_get_selected_item (selection);
  wn_window_load_detail (self, item != NULL ? wn_record_item_get_id (item) : 0);
}

/* Records or searches. */

/* The walkthrough. */

static void
wn_window_tour_changed_cb (WnWindow *self)
{
  wn_window_queue_test_state (self);
}

void
_wn_window_start_tour (WnWindow *self)
{
  g_return_if_fail (WN_IS_WINDOW (self));

  if (self->project == NULL || self->items == NULL)
    return;
  if (self->tour == NULL)
    {
      self->tour = wn_tour_new (GTK_WINDOW (self), self->view_switcher, self->import_button,
                                self->primary_menu_button);
      g_signal_connect_swapped (self->tour, "changed", G_CALLBACK (wn_window_tour_changed_cb), self);
    }
  wn_tour_start (self->tour);
}

static gboolean
wn_window_first_tour_cb (gpointer user_data)
{
  WnWindow *self = user_data;
  GApplication *app = g_application_get_default ();
  GSettings *settings;

  /* The header bar is laid out once the window is mapped. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || !gtk_widget_get_mapped (self->view_switcher))
    return G_SOURCE_CONTINUE;

  settings = WN_IS_APPLICATION (app) ? wn_application_get_settings (WN_APPLICATION (app)) : NULL;
  if (settings != NULL && !g_settings_get_boolean (settings, "walkthrough-shown"))
    {
      g_settings_set_boolean (settings, "walkthrough-shown", TRUE);
      _wn_window_start_tour (self);
    }
  return G_SOURCE_REMOVE;
}

/* The first time a project shows, in an installation that has not had the
 * tour: offer it. WINNOW_NO_TOUR=1 (the UI tests' default) never does. */
static void
wn_window_maybe_start_tour (WnWindow *self)
{
  GApplication *app = g_application_get_default ();
  GSettings *settings;

  if (self->tour_checked || self->project == NULL || self->items == NULL)
    return;
  self->tour_checked = TRUE;
  if (g_strcmp0 (g_getenv ("WINNOW_NO_TOUR"), "1") == 0)
    return;
  settings = WN_IS_APPLICATION (app) ? wn_application_get_settings (WN_APPLICATION (app)) : NULL;
  if (settings == NULL || g_settings_get_boolean (settings, "walkthrough-shown"))
    return;
  g_timeout_add_full (G_PRIORITY_LOW, 100, wn_window_first_tour_cb, g_object_ref (self), g_object_unref);
}

/* The page of an open project whose records are loaded: what the view
 * says. Before that the loading page stays. */
static void
wn_window_show_project_page (WnWindow *self)
{
  g_assert (WN_IS_WINDOW (self));

  if (self->project == NULL || self->items == NULL)
    return;

  if (g_str_equal (self->view, "searches"))
    wn_window_set_page (self, "searches");
  else if (g_str_equal (self->view, "duplicates"))
    wn_window_set_page (self, "duplicates");
  else if (g_str_equal (self->view, "screening"))
    wn_window_set_page (self, "screening");
  else if (g_str_equal (self->view, "conflicts"))
    wn_window_set_page (self, "conflicts");
  else if (g_str_equal (self->view, "agreement"))
    wn_window_set_page (self, "agreement");
  else if (g_str_equal (self->view, "prisma"))
    wn_window_set_page (self, "prisma");
  else if (g_str_equal (self->view, "extraction"))
    wn_window_set_page (self, "extraction");
  else
    wn_window_set_page (self, wn_window_get_total (self) > 0 ? "records" : "no-records");

  wn_window_maybe_start_tour (self);
}

void
_wn_window_set_view (WnWindow   *self,
                     const char *view)
{
  const char *page;

  g_return_if_fail (WN_IS_WINDOW (self));
  g_return_if_fail (g_strcmp0 (view, "records") == 0 || g_strcmp0 (view, "searches") == 0 ||
                    g_strcmp0 (view, "duplicates") == 0 || g_strcmp0 (view, "screening") == 0 ||
                    g_strcmp0 (view, "conflicts") == 0 || g_strcmp0 (view, "agreement") == 0 ||
                    g_strcmp0 (view, "prisma") == 0 || g_strcmp0 (view, "extraction") == 0);

  if (g_strcmp0 (self->view, view) == 0)
    return;

  g_free (self->view);
  self->view = g_strdup (view);
  wn_window_show_project_page (self);

  /* The keyboard goes where the new page's work is: the searches table,
   * the duplicates queue, or the records table. */
  page = gtk_stack_get_visible_child_name (self->main_stack);
  if (g_strcmp0 (page, "searches") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->searches_view));
  else if (g_strcmp0 (page, "duplicates") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->duplicates_view));
  else if (g_strcmp0 (page, "screening") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->screening_view));
  else if (g_strcmp0 (page, "conflicts") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->conflicts_view));
  else if (g_strcmp0 (page, "agreement") == 0)
    gtk_root_set_focus (GTK_ROOT (self), NULL);
  else if (g_strcmp0 (page, "prisma") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->prisma_view));
  else if (g_strcmp0 (page, "extraction") == 0 && !gtk_widget_grab_focus (GTK_WIDGET (self->extraction_view)))
    gtk_root_set_focus (GTK_ROOT (self), NULL);
  else if (g_strcmp0 (page, "records") == 0 && wn_window_get_shown (self) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->records_view));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
  wn_window_queue_test_state (self);
}

/* One search's records: the ids come from the project in a thread, then
 * source_filter keeps those rows. */

static gboolean
wn_window_collect_id_cb (const WnRecordMeta *meta,
                         const WnRecord     *record,
                         gpointer            user_data)
{
  GArray *ids = user_data;

  g_array_append_val (ids, meta->id);

  return TRUE;
}

static void
wn_window_source_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  WnProject *project = task_data;
  gint64 search_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "search-id"));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) files = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) batches = NULL;
  GError *error = NULL;

  /* Every file of the search (a search exported in several files). */
  batches = wn_project_list_search_batches (project, &error);
  if (batches == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < batches->len && files->len == 0; i++)
    {
      const WnSearchBatch *batch = g_ptr_array_index (batches, i);

      for (guint f = 0; f < batch->files->len; f++)
        if (((const WnSearch *) g_ptr_array_index (batch->files, f))->id == search_id)
          {
            for (guint k = 0; k < batch->files->len; k++)
              g_array_append_val (files, ((const WnSearch *) g_ptr_array_index (batch->files, k))->id);
            break;
          }
    }
  if (files->len == 0)
    g_array_append_val (files, search_id);

  /* The same records the table lists: duplicates left out. */
  for (guint f = 0; f < files->len; f++)
    if (!wn_project_foreach_record (project, g_array_index (files, gint64, f), WN_RECORD_QUERY_DEFAULT,
                                    wn_window_collect_id_cb, ids, &error))
      {
        g_task_return_error (task, error);
        return;
      }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, wn_search_hits_new (g_steal_pointer (&ids)),
                         (GDestroyNotify) wn_search_hits_unref);
}

/* Limits the table to hits, the records of search_id; 0 and NULL for
 * every record. */
static void
wn_window_apply_source (WnWindow     *self,
                        gint64        search_id,
                        WnSearchHits *hits)
{
  g_assert (WN_IS_WINDOW (self));
  g_assert ((search_id == 0) == (hits == NULL));

  self->source_search_id = search_id;

  if (hits != NULL)
    {
      WnSearchItem *item = wn_searches_view_lookup (self->searches_view, search_id);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, search_id);
      g_autofree char *label = NULL;
      g_autofree char *tooltip = NULL;

      /* Translators: the records table is limited to one search:
       * "Search 2: Embase, 2026-10-01". */
      if (item != NULL)
        label = g_strdup_printf (_("Search %s: %s"), number, wn_search_item_get_label (item));
      else
        /* Translators: the records table is limited to search 2. */
        label = g_strdup_printf (_("Search %s"), number);
      /* Translators: %s is the search's number. */
      tooltip = g_strdup_printf (_("Only the records of search %s are shown"), number);
      gtk_label_set_text (self->source_label, label);
      gtk_widget_set_tooltip_text (self->source_box, tooltip);
      gtk_custom_filter_set_filter_func (self->source_filter,
                                         wn_window_search_filter_func,
                                         wn_search_hits_ref (hits),
                                         (GDestroyNotify) wn_search_hits_unref);
    }
  else
    {
      gtk_custom_filter_set_filter_func (self->source_filter, NULL, NULL, NULL);
    }

  gtk_widget_set_visible (self->source_box, hits != NULL);
  wn_window_update_count (self);
  _wn_window_update_actions (self);
  wn_window_queue_test_state (self);
}

static void
wn_window_source_done_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(WnWindow) self = user_data;
  g_autoptr(WnSearchHits) hits = NULL;
  g_autoptr(GError) error = NULL;
  gint64 search_id;

  hits = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->source_cancellable);

  if (hits == NULL)
    {
      _wn_window_show_message (GTK_WINDOW (self), GTK_MESSAGE_ERROR,
                               _("Cannot Show the Records of This Search"), error->message);
      return;
    }

  search_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (result), "search-id"));
  wn_window_apply_source (self, search_id, hits);
  _wn_window_set_view (self, "records");

  if (wn_window_get_shown (self) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->records_view));
    }
}

void
_wn_window_show_search_records (WnWindow *self,
                                gint64    search_id)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WN_IS_WINDOW (self));
  g_return_if_fail (search_id > 0);

  if (self->project == NULL)
    return;

  g_cancellable_cancel (self->source_cancellable);
  g_clear_object (&self->source_cancellable);
  self->source_cancellable = g_cancellable_new ();

  task = g_task_new (NULL, self->source_cancellable, wn_window_source_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, _wn_window_show_search_records);
  g_task_set_task_data (task, g_object_ref (self->project), g_object_unref);
  g_object_set_data (G_OBJECT (task), "search-id", GSIZE_TO_POINTER ((gsize) search_id));
  g_task_run_in_thread (task, wn_window_source_thread);
}

void
_wn_window_show_all_records (WnWindow *self)
{
  g_return_if_fail (WN_IS_WINDOW (self));

  g_cancellable_cancel (self->source_cancellable);
  g_clear_object (&self->source_cancellable);
  wn_window_apply_source (self, 0, NULL);
}

/* The position of record id in the table as filtered and sorted, or
 * GTK_INVALID_LIST_POSITION. */
static guint
wn_window_find_row (WnWindow *self,
                    gint64    id)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WnRecordItem) item = g_list_model_get_item (model, i);

      if (wn_record_item_get_id (item) == id)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

void
_wn_window_show_record (WnWindow *self,
                        gint64    record_id)
{
  guint position;

  g_return_if_fail (WN_IS_WINDOW (self));
  g_return_if_fail (record_id > 0);

  if (self->project == NULL || self->items == NULL)
    return;

  _wn_window_set_view (self, "records");

  position = wn_window_find_row (self, record_id);
  if (position == GTK_INVALID_LIST_POSITION &&
      (self->search_text != NULL || self->pending_search != NULL || self->source_search_id != 0))
    {
      /* A search, or one search's filter, hides it: put them down (both
       * apply at once: no search runs for an empty text). */
      _wn_window_show_all_records (self);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      wn_window_start_search (self, "", FALSE);
      position = wn_window_find_row (self, record_id);
    }

  if (position != GTK_INVALID_LIST_POSITION)
    {
      gtk_single_selection_set_selected (self->selection, position);

      /* GTK 4.8's column view cannot scroll to a row itself; its list can. */
      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->records_view));
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          if (GTK_IS_LIST_VIEW (child))
            gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
        }
      gtk_widget_grab_focus (GTK_WIDGET (self->records_view));
    }
  else
    {
      /* The table leaves duplicates out: the detail pane shows it alone. */
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      wn_window_load_detail (self, record_id);
    }

  wn_window_queue_test_state (self);
}

static void
wn_window_prisma_show_record_cb (WnWindow     *self,
                                 gint64        record_id,
                                 WnPrismaView *view)
{
  g_assert (WN_IS_WINDOW (self));

  _wn_window_show_record (self, record_id);
}

static void
wn_window_searches_changed_cb (WnWindow       *self,
                               WnSearchesView *view)
{
  guint n_warnings;

  g_assert (WN_IS_WINDOW (self));

  /* The header bar's Searches button carries the warning too, so it is
   * seen from the records page. */
  n_warnings = wn_searches_view_get_n_warnings (view);
  gtk_widget_set_visible (self->searches_warning_icon, n_warnings > 0);
  if (n_warnings > 0)
    {
      g_autofree char *tooltip = NULL;

      tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Show the Searches (Ctrl+2): %u search has more or fewer records than the database reported",
                                              "Show the Searches (Ctrl+2): %u searches have more or fewer records than their databases reported",
                                              n_warnings),
                                 n_warnings);
      gtk_widget_set_tooltip_text (self->searches_toggle, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->searches_warning_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                      -1);
    }
  else
    {
      gtk_widget_set_tooltip_text (self->searches_toggle, _("Show the Searches (Ctrl+2)"));
    }

  wn_window_queue_test_state (self);
}

static void
wn_window_searches_notify_cb (WnWindow       *self,
                              GParamSpec     *pspec,
                              WnSearchesView *view)
{
  g_assert (WN_IS_WINDOW (self));

  wn_window_queue_test_state (self);
}

static void
wn_window_searches_show_records_cb (WnWindow       *self,
                                    gint64          search_id,
                                    WnSearchesView *view)
{
  g_assert (WN_IS_WINDOW (self));

  _wn_window_show_search_records (self, search_id);
}

static void
wn_window_searches_search_changed_cb (WnWindow       *self,
                                      gint64          search_id,
                                      WnSearchesView *view)
{
  g_assert (WN_IS_WINDOW (self));

  /* The records table shows each record's database, which is its
   * search's unless the file named one. */
  if (self->project != NULL)
    _wn_window_reload_records (self);
}

static void
wn_window_duplicates_notify_cb (WnWindow         *self,
                                GParamSpec       *pspec,
                                WnDuplicatesView *view)
{
  gint64 n_pending;

  g_assert (WN_IS_WINDOW (self));

  /* Only the page's own properties, not GtkWidget's (focus, parent…). */
  if (pspec->owner_type != WN_TYPE_DUPLICATES_VIEW)
    return;

  /* The header bar's Duplicates button shows the pairs waiting. */
  n_pending = wn_duplicates_view_get_n_pending (view);
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_count_label), n_pending > 0);
  if (n_pending > 0)
    {
      g_autofree char *number = g_strdup_printf ("%'" G_GINT64_FORMAT, n_pending);
      g_autofree char *tooltip = NULL;

      gtk_label_set_text (self->duplicates_count_label, number);
      tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Show the Duplicates (Ctrl+3): %s pair waits for a decision",
                                              "Show the Duplicates (Ctrl+3): %s pairs wait for a decision",
                                              wn_provenance_plural_n (n_pending)),
                                 number);
      gtk_widget_set_tooltip_text (self->duplicates_toggle, tooltip);
    }
  else
    {
      gtk_widget_set_tooltip_text (self->duplicates_toggle, _("Show the Duplicates (Ctrl+3)"));
    }

  wn_window_update_count (self);
  wn_window_queue_test_state (self);
}

static void
wn_window_duplicates_records_changed_cb (WnWindow         *self,
                                         WnDuplicatesView *view)
{
  g_assert (WN_IS_WINDOW (self));

  /* The table leaves duplicates out: which records it lists changed. */
  if (self->project != NULL)
    _wn_window_reload_records (self);
}

/* Who screens. */

static void
wn_window_owner_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  WnProject *project = task_data;

  g_task_return_pointer (task, wn_project_dup_package_owner (project), g_free);
}

/* The extraction page's person: the screening identity, once the
 * screening page knows it as one of the project's reviewers. */
static void
wn_window_update_extraction_identity (WnWindow *self)
{
  const char *role = wn_screening_view_get_role (self->screening_view);

  wn_extraction_view_set_identity (self->extraction_view,
                                   self->project != NULL && role != NULL ? self->identity : NULL);
}

static void
wn_window_owner_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WnWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *identity = NULL;
  GtkApplication *app;

  owner = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->project == NULL)
    return;

  g_clear_object (&self->identity_cancellable);

  /* A reviewer package is its owner's; else this installation's person. */
  if (owner != NULL && owner[0] != '\0')
    identity = g_steal_pointer (&owner);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (identity == NULL && WN_IS_APPLICATION (app) && wn_application_get_settings (WN_APPLICATION (app)) != NULL)
    {
      identity = g_settings_get_string (wn_application_get_settings (WN_APPLICATION (app)), "identity");
      if (identity[0] == '\0')
        g_clear_pointer (&identity, g_free);
    }

  /* The login name (the project's first actor): run again after a change
   * of "identity", the actor may be the name that was cleared. */
  if (identity == NULL)
    identity = g_strdup (g_get_user_name () != NULL ? g_get_user_name () : wn_project_get_actor (self->project));

  g_free (self->identity);
  self->identity = g_steal_pointer (&identity);
  if (self->autosave != NULL)
    wn_autosave_set_identity (self->autosave, self->identity);
  wn_project_set_actor (self->project, self->identity);
  wn_screening_view_set_project (self->screening_view, self->project, self->identity);
  wn_conflicts_view_set_project (self->conflicts_view, self->project, self->identity);
  wn_window_update_extraction_identity (self);
  _wn_window_update_actions (self);
  wn_window_queue_test_state (self);
}

static void
wn_window_resolve_identity (WnWindow *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->identity_cancellable);
  g_clear_object (&self->identity_cancellable);
  self->identity_cancellable = g_cancellable_new ();

  task = g_task_new (NULL, self->identity_cancellable, wn_window_owner_cb, g_object_ref (self));
  g_task_set_source_tag (task, wn_window_resolve_identity);
  g_task_set_task_data (task, g_object_ref (self->project), g_object_unref);
  g_task_run_in_thread (task, wn_window_owner_thread);
}

void
_wn_window_set_identity (WnWindow   *self,
                         const char *identity,
                         gboolean    remember)
{
  GtkApplication *app;

  g_return_if_fail (WN_IS_WINDOW (self));
  g_return_if_fail (identity != NULL);

  g_free (self->extraction_exported);
  g_free (self->identity);
  self->identity = g_strdup (identity);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (remember && WN_IS_APPLICATION (app) && wn_application_get_settings (WN_APPLICATION (app)) != NULL)
    g_settings_set_string (wn_application_get_settings (WN_APPLICATION (app)), "identity", identity);

  if (self->project != NULL)
    wn_project_set_actor (self->project, identity);
  if (self->autosave != NULL)
    wn_autosave_set_identity (self->autosave, identity);
  wn_screening_view_set_identity (self->screening_view, identity);
  wn_conflicts_view_set_identity (self->conflicts_view, identity);
  wn_window_update_extraction_identity (self);
  _wn_window_update_actions (self);
  wn_window_queue_test_state (self);
}

/* "identity" changed (Preferences, or another window): the same choice
 * again. While a choice runs it reads the new value itself. */
static void
wn_window_identity_setting_cb (WnWindow   *self,
                               const char *key,
                               GSettings  *settings)
{
  g_autofree char *identity = g_settings_get_string (settings, "identity");

  if (self->project == NULL || self->identity_cancellable != NULL ||
      (identity[0] != '\0' && g_strcmp0 (identity, self->identity) == 0))
    return;

  wn_window_resolve_identity (self);
}

static void
wn_window_autosave_failed_cb (WnWindow   *self,
                              const char *message,
                              WnAutosave *autosave)
{
  g_autofree char *text = NULL;

  /* Translators: %s says why the file could not be written. */
  text = g_strdup_printf (_("Your decision file could not be saved automatically: %s. Check the folder in Preferences."),
                          message);
  gtk_label_set_text (self->autosave_label, text);
  gtk_revealer_set_reveal_child (self->autosave_revealer, TRUE);
  wn_window_queue_test_state (self);
}

/* A save that works again puts the banner away. */
static void
wn_window_autosave_changed_cb (WnWindow   *self,
                               WnAutosave *autosave)
{
  if (wn_autosave_get_error (autosave) == NULL)
    gtk_revealer_set_reveal_child (self->autosave_revealer, FALSE);
  wn_window_queue_test_state (self);
}

static void
wn_window_autosave_dismiss_cb (WnWindow  *self,
                               GtkButton *button)
{
  gtk_revealer_set_reveal_child (self->autosave_revealer, FALSE);
  wn_window_queue_test_state (self);
}

/* The banner above the pages, around the template's page stack. */
static void
wn_window_add_autosave_banner (WnWindow *self)
{
  g_autoptr(GtkWidget) stack = g_object_ref (GTK_WIDGET (self->main_stack));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *dismiss = gtk_button_new_from_icon_name ("window-close-symbolic");

  gtk_widget_add_css_class (bar, "wn-info-bar");
  gtk_widget_add_css_class (bar, "wn-warning-bar");
  gtk_widget_add_css_class (icon, "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"), -1);
  gtk_box_append (GTK_BOX (bar), icon);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (bar), label);
  gtk_widget_add_css_class (dismiss, "flat");
  gtk_widget_set_valign (dismiss, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (dismiss, _("Dismiss"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dismiss), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dismiss"), -1);
  g_signal_connect_object (dismiss, "clicked", G_CALLBACK (wn_window_autosave_dismiss_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (bar), dismiss);

  self->autosave_revealer = GTK_REVEALER (gtk_revealer_new ());
  self->autosave_label = GTK_LABEL (label);
  gtk_revealer_set_transition_type (self->autosave_revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_revealer_set_child (self->autosave_revealer, bar);

  gtk_window_set_child (GTK_WINDOW (self), box);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->autosave_revealer));
  gtk_box_append (GTK_BOX (box), stack);
}

static void
wn_window_identity_chosen_cb (WnWindow        *self,
                              const char      *identity,
                              WnScreeningView *view)
{
  g_assert (WN_IS_WINDOW (self));

  _wn_window_set_identity (self, identity, TRUE);
}

static gboolean
wn_window_reload_conflicts_cb (gpointer user_data)
{
  WnWindow *self = user_data;

  self->conflicts_reload_source = 0;
  wn_conflicts_view_reload (self->conflicts_view);
  wn_agreement_view_reload (self->agreement_view);
  wn_prisma_view_reload (self->prisma_view);
  wn_extraction_view_reload (self->extraction_view);

  return G_SOURCE_REMOVE;
}

/* Screening wrote decisions: the conflicts and the agreement change.
 * Coalesced, as a reviewer decides several records a second. */
static void
wn_window_screening_decisions_cb (WnWindow        *self,
                                  WnScreeningView *view)
{
  g_assert (WN_IS_WINDOW (self));

  if (self->autosave != NULL)
    wn_autosave_decisions_changed (self->autosave);
  g_clear_handle_id (&self->conflicts_reload_source, g_source_remove);
  self->conflicts_reload_source = g_timeout_add (400, wn_window_reload_conflicts_cb, self);
}

/* An adjudication (or the end of blinding): outcomes changed, and with
 * them the full-text queue and the counts. */
static void
wn_window_conflicts_decisions_cb (WnWindow        *self,
                                  WnConflictsView *view)
{
  g_assert (WN_IS_WINDOW (self));

  if (self->autosave != NULL)
    wn_autosave_decisions_changed (self->autosave);
  wn_screening_view_reload (self->screening_view);
  wn_agreement_view_reload (self->agreement_view);
  wn_prisma_view_reload (self->prisma_view);
  wn_extraction_view_reload (self->extraction_view);
}

void
_wn_window_reload_screening (WnWindow *self)
{
  g_return_if_fail (WN_IS_WINDOW (self));

  wn_screening_view_reload (self->screening_view);
  wn_conflicts_view_reload (self->conflicts_view);
  wn_agreement_view_reload (self->agreement_view);
  wn_prisma_view_reload (self->prisma_view);
  wn_extraction_view_reload (self->extraction_view);
}

static void
wn_window_update_conflicts_badge (WnWindow *self)
{
  guint n = wn_conflicts_view_get_n_conflicts (self->conflicts_view);

  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_count_label), n > 0);
  if (n > 0)
    {
      g_autofree char *number = g_strdup_printf ("%'u", n);
      g_autofree char *tooltip = NULL;

      gtk_label_set_text (self->conflicts_count_label, number);
      tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Show the Conflicts (Ctrl+5): %s record waits for the adjudicator",
                                              "Show the Conflicts (Ctrl+5): %s records wait for the adjudicator",
                                              n),
                                 number);
      gtk_widget_set_tooltip_text (self->conflicts_toggle, tooltip);
    }
  else
    {
      gtk_widget_set_tooltip_text (self->conflicts_toggle, _("Show the Conflicts (Ctrl+5)"));
    }
}

static void
wn_window_page_state_cb (WnWindow  *self,
                         GtkWidget *page)
{
  g_assert (WN_IS_WINDOW (self));

  /* Pages going away with the window. */
  if (self->screening_view == NULL || self->conflicts_view == NULL || self->agreement_view == NULL ||
      self->prisma_view == NULL || self->extraction_view == NULL)
    return;

  if (page == GTK_WIDGET (self->conflicts_view))
    wn_window_update_conflicts_badge (self);
  if (page == GTK_WIDGET (self->screening_view))
    wn_window_update_extraction_identity (self);
  _wn_window_update_actions (self);
  wn_window_queue_test_state (self);
}

/* Loading a project and its records. */

static void
wn_window_set_items (WnWindow   *self,
                     GListModel *items)
{
  g_assert (WN_IS_WINDOW (self));

  g_set_object (&self->items, items);
  gtk_sort_list_model_set_model (self->sort_model, items);
}

static void
wn_window_close_project (WnWindow *self)
{
  g_assert (WN_IS_WINDOW (self));

  g_cancellable_cancel (self->project_cancellable);
  g_clear_object (&self->project_cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  g_cancellable_cancel (self->source_cancellable);
  g_clear_object (&self->source_cancellable);

  g_clear_pointer (&self->pending_search, g_free);
  g_clear_pointer (&self->search_text, g_free);
  if (self->autosave != NULL)
    wn_autosave_set_project (self->autosave, NULL, NULL);
  g_clear_object (&self->project);
  g_clear_pointer (&self->project_path, g_free);
  wn_window_set_items (self, NULL);
  gtk_custom_filter_set_filter_func (self->search_filter, NULL, NULL, NULL);
  wn_window_apply_source (self, 0, NULL);
  wn_record_detail_clear (self->detail);
  wn_searches_view_set_project (self->searches_view, NULL);
  wn_duplicates_view_set_project (self->duplicates_view, NULL);
  g_cancellable_cancel (self->identity_cancellable);
  g_clear_object (&self->identity_cancellable);
  g_clear_pointer (&self->identity, g_free);
  wn_screening_view_set_project (self->screening_view, NULL, NULL);
  wn_conflicts_view_set_project (self->conflicts_view, NULL, NULL);
  wn_agreement_view_set_project (self->agreement_view, NULL);
  wn_prisma_view_set_project (self->prisma_view, NULL);
  wn_extraction_view_set_identity (self->extraction_view, NULL);
  wn_extraction_view_set_project (self->extraction_view, NULL);
  wn_record_detail_set_project (self->detail, NULL);
  g_free (self->view);
  self->view = g_strdup ("records");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);

  wn_window_update_title (self);
  wn_window_set_page (self, "start");
}

static void
wn_window_records_loaded_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(WnWindow) self = user_data;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;

  items = wn_project_list_record_items_finish (WN_PROJECT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (items == NULL)
    {
      g_autofree char *path = g_strdup (self->project_path);

      wn_window_close_project (self);
      _wn_window_show_open_error (self, path, error);
      return;
    }

  wn_window_set_items (self, items);

  /* The records were read again because they changed (an import, a merge
   * of duplicates, a search edited): so did the flow. */
  wn_prisma_view_reload (self->prisma_view);

  /* After an import the same search runs again over the new records; the
   * old hits filter the table until the new ones arrive. */
  if (self->search_text != NULL)
    wn_window_start_search (self, self->search_text, TRUE);

  wn_window_update_count (self);
  wn_window_show_project_page (self);

  if (g_str_equal (self->view, "records") &&
      wn_window_get_total (self) > 0 &&
      !gtk_widget_has_focus (GTK_WIDGET (self->search_entry)) &&
      gtk_window_get_focus (GTK_WINDOW (self)) == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->records_view));
}

void
_wn_window_reload_records (WnWindow *self)
{
  g_return_if_fail (WN_IS_WINDOW (self));
  g_return_if_fail (self->project != NULL);

  g_cancellable_cancel (self->project_cancellable);
  g_clear_object (&self->project_cancellable);
  self->project_cancellable = g_cancellable_new ();

  /* A first load shows the spinner; a reload keeps the table up. */
  if (self->items == NULL || wn_window_get_total (self) == 0)
    {
      gtk_label_set_text (self->loading_label, _("Loading records…"));
      wn_window_set_page (self, "loading");
    }

  wn_project_list_record_items_async (self->project,
                                      WN_RECORD_QUERY_DEFAULT,
                                      self->project_cancellable,
                                      wn_window_records_loaded_cb,
                                      g_object_ref (self));
}

static void
wn_window_project_opened_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(WnWindow) self = user_data;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  GtkApplication *app;
  GSettings *settings;

  project = wn_project_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  app = gtk_window_get_application (GTK_WINDOW (self));

  if (project == NULL)
    {
      g_autofree char *path = g_steal_pointer (&self->project_path);

      if (WN_IS_APPLICATION (app) &&
          g_error_matches (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND))
        wn_application_remove_recent_project (WN_APPLICATION (app), path);

      wn_window_close_project (self);
      _wn_window_show_open_error (self, path, error);
      return;
    }

  self->project = g_steal_pointer (&project);
  if (self->autosave != NULL)
    {
      g_autofree char *name = _wn_window_dup_display_name (self->project_path);

      wn_autosave_set_project (self->autosave, self->project, name);
    }

  if (WN_IS_APPLICATION (app))
    {
      settings = wn_application_get_settings (WN_APPLICATION (app));
      if (settings != NULL)
        {
          g_autofree char *identity = g_settings_get_string (settings, "identity");

          if (identity[0] != '\0')
            wn_project_set_actor (self->project, identity);
        }

      wn_application_add_recent_project (WN_APPLICATION (app), self->project_path);
    }

  wn_window_update_title (self);
  wn_searches_view_set_project (self->searches_view, self->project);
  wn_duplicates_view_set_project (self->duplicates_view, self->project);
  wn_agreement_view_set_project (self->agreement_view, self->project);
  wn_prisma_view_set_project (self->prisma_view, self->project);
  wn_extraction_view_set_project (self->extraction_view, self->project);
  wn_record_detail_set_project (self->detail, self->project);
  wn_window_resolve_identity (self);
  _wn_window_reload_records (self);
}

/* Recent projects on the start page. */

static GtkWidget *
wn_window_create_recent_row (const char *path)
{
  g_autofree char *name = _wn_window_dup_display_name (path);
  g_autofree char *folder = dup_display_folder (path);
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *labels;
  GtkWidget *label;
  GtkWidget *image;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  image = gtk_image_new_from_icon_name ("folder-documents-symbolic");
  gtk_widget_add_css_class (image, "dim-label");
  gtk_box_append (GTK_BOX (box), image);

  labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (box), labels);

  label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (labels), label);

  label = gtk_label_new (folder);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_START);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (labels), label);

  image = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_widget_add_css_class (image, "dim-label");
  gtk_box_append (GTK_BOX (box), image);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, path);
  g_object_set_data_full (G_OBJECT (row), "path", g_strdup (path), g_free);

  return row;
}

static void
wn_window_rebuild_recent_list (WnWindow *self)
{
  GtkApplication *app;
  g_auto(GStrv) recent = NULL;
  GtkWidget *child;

  g_assert (WN_IS_WINDOW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (!WN_IS_APPLICATION (app))
    {
      gtk_widget_set_visible (self->recent_box, FALSE);
      return;
    }

  recent = wn_application_dup_recent_projects (WN_APPLICATION (app));
  for (guint i = 0; recent[i] != NULL; i++)
    gtk_list_box_append (self->recent_list, wn_window_create_recent_row (recent[i]));

  gtk_widget_set_visible (self->recent_box, recent[0] != NULL);
}

static void
wn_window_recent_row_activated_cb (WnWindow      *self,
                                   GtkListBoxRow *row,
                                   GtkListBox    *list)
{
  const char *path;
  g_autoptr(GFile) file = NULL;
  GtkApplication *app;

  g_assert (WN_IS_WINDOW (self));

  path = g_object_get_data (G_OBJECT (row), "path");
  app = gtk_window_get_application (GTK_WINDOW (self));
  if (path == NULL || !WN_IS_APPLICATION (app))
    return;

  file = g_file_new_for_path (path);
  wn_application_open_project (WN_APPLICATION (app), file, GTK_WINDOW (self));
}

/* The window itself. */

static void
wn_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  WnWindow *self = WN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_string (value, self->view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wn_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  WnWindow *self = WN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      _wn_window_set_view (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
wn_window_close_request (GtkWindow *window)
{
  WnWindow *self = WN_WINDOW (window);
  GtkApplication *app = gtk_window_get_application (window);
  GSettings *settings = NULL;

  if (WN_IS_APPLICATION (app))
    settings = wn_application_get_settings (WN_APPLICATION (app));

  if (settings != NULL)
    {
      int width;
      int height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (settings);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
        {
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
      g_settings_apply (settings);
    }

  /* The decision file waiting to be saved is written now. */
  if (self->autosave != NULL)
    wn_autosave_flush (self->autosave);

  /* Stop work nobody will see. An import in progress is cancelled by its
   * dialog, which is destroyed with this window. */
  g_cancellable_cancel (self->project_cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_cancellable_cancel (self->detail_cancellable);
  g_cancellable_cancel (self->source_cancellable);

  /* The guide goes with the last main window, so Winnow does not run on
   * with only its help showing. */
  if (app != NULL)
    {
      gboolean others = FALSE;

      for (GList *l = gtk_application_get_windows (app); l != NULL && !others; l = l->next)
        others = WN_IS_WINDOW (l->data) && l->data != (gpointer) window;
      if (!others)
        wn_help_window_close_guide ();
    }

  return GTK_WINDOW_CLASS (wn_window_parent_class)->close_request (window);
}

/* The application is set after constructed(), as a plain property: take
 * what depends on it (settings, recent projects) when it arrives. */
static void
wn_window_application_changed_cb (WnWindow   *self,
                                  GParamSpec *pspec,
                                  gpointer    unused)
{
  GtkApplication *app;
  GSettings *settings = NULL;
  int width = 1100;

  g_assert (WN_IS_WINDOW (self));

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (!WN_IS_APPLICATION (app) || self->application_ready)
    return;

  self->application_ready = TRUE;

  gtk_menu_button_set_menu_model (self->recent_button,
                                  wn_application_get_recent_menu (WN_APPLICATION (app)));
  g_signal_connect_object (app, "recent-projects-changed",
                           G_CALLBACK (wn_window_rebuild_recent_list),
                           self, G_CONNECT_SWAPPED);

  settings = wn_application_get_settings (WN_APPLICATION (app));
  self->autosave = wn_autosave_new (settings);
  g_signal_connect_object (self->autosave, "failed", G_CALLBACK (wn_window_autosave_failed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->autosave, "changed", G_CALLBACK (wn_window_autosave_changed_cb),
                           self, G_CONNECT_SWAPPED);
  if (settings != NULL)
    {
      int height = g_settings_get_int (settings, "window-height");

      g_signal_connect_object (settings, "changed::identity", G_CALLBACK (wn_window_identity_setting_cb),
                               self, G_CONNECT_SWAPPED);
      /* The Preferences keys the test hook shows. */
      g_signal_connect_object (settings, "changed", G_CALLBACK (wn_window_queue_test_state),
                               self, G_CONNECT_SWAPPED);

      width = MAX (g_settings_get_int (settings, "window-width"), 640);
      gtk_window_set_default_size (GTK_WINDOW (self), width, MAX (height, 480));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  /* The detail pane gets a comfortable reading width, the table the rest. */
  gtk_paned_set_position (self->records_paned, MAX (width - 420, width / 2));

  gtk_image_set_from_icon_name (self->start_icon, wn_application_get_icon_name ());
  wn_window_rebuild_recent_list (self);
}

static void
wn_window_constructed (GObject *object)
{
  WnWindow *self = WN_WINDOW (object);

  G_OBJECT_CLASS (wn_window_parent_class)->constructed (object);

  gtk_paned_set_position (self->records_paned, 680);
  wn_window_rebuild_recent_list (self);
  wn_window_update_title (self);
  wn_window_set_page (self, "start");
}

static void
wn_window_dispose (GObject *object)
{
  WnWindow *self = WN_WINDOW (object);

  /* Children disposed below still notify (the searches page's selection
   * goes): queue no state write that would run after the window is gone. */
  g_clear_pointer (&self->test_state_path, g_free);

  g_cancellable_cancel (self->project_cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_cancellable_cancel (self->detail_cancellable);
  g_cancellable_cancel (self->source_cancellable);
  g_clear_object (&self->project_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->detail_cancellable);
  g_clear_object (&self->source_cancellable);
  g_clear_handle_id (&self->test_state_source, g_source_remove);
  g_clear_handle_id (&self->conflicts_reload_source, g_source_remove);
  g_cancellable_cancel (self->identity_cancellable);
  g_clear_object (&self->identity_cancellable);

  if (self->file_chooser != NULL)
    {
      gtk_native_dialog_destroy (self->file_chooser);
      g_clear_object (&self->file_chooser);
    }
  if (self->import_dialog != NULL)
    gtk_window_destroy (self->import_dialog);
  g_assert (self->import_dialog == NULL);

  /* The filter's function holds the hits; drop them before the models. */
  if (self->search_filter != NULL)
    gtk_custom_filter_set_filter_func (self->search_filter, NULL, NULL, NULL);
  if (self->source_filter != NULL)
    gtk_custom_filter_set_filter_func (self->source_filter, NULL, NULL, NULL);

  /* GTK 4.8's GtkWindow keeps its own pointers to its child and titlebar
   * and unparents them again in its dispose: detach both through the
   * window before the template drops them, or it would unparent freed
   * widgets. */
  gtk_window_set_child (GTK_WINDOW (self), NULL);
  gtk_window_set_titlebar (GTK_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WN_TYPE_WINDOW);

  g_clear_object (&self->items);
  g_clear_object (&self->project);
  g_clear_pointer (&self->project_path, g_free);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->pending_search, g_free);
  g_clear_pointer (&self->view, g_free);
  g_clear_pointer (&self->identity, g_free);
  if (self->tour != NULL)
    g_signal_handlers_disconnect_by_data (self->tour, self);
  g_clear_object (&self->tour);
  /* A write still running reports to nobody. */
  if (self->autosave != NULL)
    g_signal_handlers_disconnect_by_data (self->autosave, self);
  g_clear_object (&self->autosave);

  G_OBJECT_CLASS (wn_window_parent_class)->dispose (object);
}

static void
wn_window_class_init (WnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = wn_window_constructed;
  object_class->dispose = wn_window_dispose;
  object_class->get_property = wn_window_get_property;
  object_class->set_property = wn_window_set_property;

  window_class->close_request = wn_window_close_request;

  /* Types the template names. */
  g_type_ensure (WN_TYPE_RECORD_DETAIL);
  g_type_ensure (WN_TYPE_RECORD_ITEM);
  g_type_ensure (WN_TYPE_SEARCHES_VIEW);
  g_type_ensure (WN_TYPE_DUPLICATES_VIEW);
  g_type_ensure (WN_TYPE_SCREENING_VIEW);
  g_type_ensure (WN_TYPE_CONFLICTS_VIEW);
  g_type_ensure (WN_TYPE_AGREEMENT_VIEW);
  g_type_ensure (WN_TYPE_PRISMA_VIEW);
  g_type_ensure (WN_TYPE_EXTRACTION_VIEW);

  /* "records", "searches", "duplicates", "screening", "conflicts",
   * "agreement", "prisma" or "extraction": what an open project shows
   * (win.view). */
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "records",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/winnow/Winnow/wn-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WnWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, recent_button);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, searches_toggle);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, searches_warning_icon);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, duplicates_toggle);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, duplicates_count_label);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, start_icon);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, recent_box);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, search_spinner);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, records_paned);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, table_stack);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, records_view);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, selection);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, filter_model);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, search_filter);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, source_filter);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, source_box);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, source_label);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, sort_model);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, no_matches_label);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, detail);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, searches_view);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, duplicates_view);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, screening_view);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, conflicts_view);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, agreement_view);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, prisma_view);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, extraction_view);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, conflicts_toggle);
  gtk_widget_class_bind_template_child (widget_class, WnWindow, conflicts_count_label);
  gtk_widget_class_bind_template_callback (widget_class, wn_window_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_window_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_window_search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_window_selected_item_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_window_filter_items_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_window_recent_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_window_searches_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_window_searches_notify_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_window_searches_show_records_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_window_searches_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_window_duplicates_notify_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_window_duplicates_records_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_window_page_state_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_window_identity_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_window_screening_decisions_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_window_conflicts_decisions_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_window_prisma_show_record_cb);

  _wn_window_class_actions_init (widget_class);
}

static void
wn_window_fulltext_changed_cb (WnWindow *self)
{
  /* Attaching sets the retrieval status: the queue and PRISMA's counts. */
  wn_screening_view_reload (self->screening_view);
  wn_prisma_view_reload (self->prisma_view);
  wn_extraction_view_reload (self->extraction_view);
  wn_window_queue_test_state (self);
}

void
_wn_window_fulltext_changed (WnWindow *self)
{
  g_return_if_fail (WN_IS_WINDOW (self));

  wn_record_detail_reload_fulltext (self->detail);
  wn_window_fulltext_changed_cb (self);
}

static void
wn_window_init (WnWindow *self)
{
  GtkEventController *controller;
  const char *test_state;

  self->view = g_strdup ("records");

  gtk_widget_init_template (GTK_WIDGET (self));
  wn_window_add_autosave_banner (self);

  g_signal_connect (self, "notify::application",
                    G_CALLBACK (wn_window_application_changed_cb), NULL);
  /* An attach or detach in the detail pane: the hook, and the screening
   * page (its record may have gained or lost its PDF). */
  g_signal_connect_object (self->detail, "fulltext-changed",
                           G_CALLBACK (wn_window_fulltext_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detail, "state-changed",
                           G_CALLBACK (wn_window_queue_test_state), self, G_CONNECT_SWAPPED);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed",
                           G_CALLBACK (wn_window_search_key_pressed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);

  /* Tab never sticks in an empty scrolled window, and with no focus widget
   * (after a screening decision) enters the page. */
  wn_window_tab_enters_page (GTK_WINDOW (self), self->main_stack);
  wn_accessible_name_buttons (GTK_WIDGET (self));

  /* Keys typed while the table has focus go to the search entry. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->records_view));

  test_state = g_getenv ("WINNOW_TEST_STATE");
  if (test_state != NULL && test_state[0] != '\0')
    {
      self->test_state_path = g_strdup (test_state);
      /* Where the keyboard is, and the style: for the keyboard and
       * accessibility tests. */
      g_signal_connect (self, "notify::focus-widget", G_CALLBACK (wn_window_queue_test_state), NULL);
      g_signal_connect (self, "notify::focus-visible", G_CALLBACK (wn_window_queue_test_state), NULL);
      g_signal_connect_object (gtk_widget_get_settings (GTK_WIDGET (self)), "notify::gtk-application-prefer-dark-theme",
                               G_CALLBACK (wn_window_queue_test_state), self, G_CONNECT_SWAPPED);
    }
}

WnWindow *
wn_window_new (WnApplication *application)
{
  g_return_val_if_fail (WN_IS_APPLICATION (application), NULL);

  return g_object_new (WN_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

void
wn_window_open_project (WnWindow *self,
                        GFile    *file)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (WN_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (wn_window_is_empty (self));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      _wn_window_show_message (GTK_WINDOW (self), GTK_MESSAGE_ERROR,
                               _("Cannot Open This Location"),
                               _("Winnow opens project files stored on this computer. Copy the project to a local folder, then open the copy."));
      return;
    }

  self->project_path = g_steal_pointer (&path);
  self->project_cancellable = g_cancellable_new ();

  name = _wn_window_dup_display_name (self->project_path);
  /* Translators: %s is the project's name. */
  message = g_strdup_printf (_("Opening “%s”…"), name);
  gtk_label_set_text (self->loading_label, message);
  wn_window_update_title (self);
  wn_window_set_page (self, "loading");

  wn_project_open_async (self->project_path,
                         self->project_cancellable,
                         wn_window_project_opened_cb,
                         g_object_ref (self));
}

const char *
wn_window_get_project_path (WnWindow *self)
{
  g_return_val_if_fail (WN_IS_WINDOW (self), NULL);

  return self->project_path;
}

gboolean
wn_window_is_empty (WnWindow *self)
{
  g_return_val_if_fail (WN_IS_WINDOW (self), FALSE);

  return self->project_path == NULL;
}
