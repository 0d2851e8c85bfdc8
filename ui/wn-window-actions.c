/* wn-window-actions.c — WnWindow's actions, file choosers and messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's actions live on its class (win.import, win.search,
 * search.clear, win.view (Ctrl+1…8 name it with the page as target),
 * records.show-all, and working apart:
 * win.export-decisions, win.make-package, win.merge-decisions,
 * win.switch-reviewer, and the lead's extraction and coding tools:
 * win.extraction-template, win.verification, win.coding-agreement,
 * Ctrl+Shift+T, V and K, and help: win.help (F1, an application
 * accelerator so the menu shows it), win.tour) with their keys as binding actions; buttons and
 * menu items only name them, and _wn_window_update_actions() is the one
 * place that enables and disables them. The application's actions
 * (app.new, app.open…) call wn_window_choose_project() on the active
 * window.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "wn-application.h"
#include "wn-import-dialog.h"
#include "wn-review-dialogs.h"
#include "wn-screening-dialogs.h"
#include "wn-screening.h"
#include "wn-attach-folder.h"
#include "wn-help-window.h"
#include "wn-autosave.h"
#include "wn-coding.h"
#include "wn-export.h"
#include "wn-extraction.h"
#include "wn-window-private.h"

void
_wn_window_update_actions (WnWindow *self)
{
  const char *page;
  gboolean has_project;
  gboolean has_records;
  gboolean shows_project;
  const char *role;
  GPtrArray *reviewers;

  g_return_if_fail (WN_IS_WINDOW (self));

  page = gtk_stack_get_visible_child_name (self->main_stack);
  has_project = self->project != NULL;
  has_records = g_strcmp0 (page, "records") == 0;
  /* A project whose records are loaded: its pages can be switched. */
  shows_project = has_project && self->items != NULL &&
                  g_strcmp0 (page, "loading") != 0 && g_strcmp0 (page, "start") != 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import",
                                 has_project && self->import_dialog == NULL &&
                                 g_strcmp0 (page, "loading") != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", has_records);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.clear",
                                 has_records && self->search_text != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.view", shows_project);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "records.show-all", self->source_search_id != 0);

  /* Working apart: as who the screening page knows this person to be. */
  role = self->screening_view != NULL ? wn_screening_view_get_role (self->screening_view) : NULL;
  reviewers = self->screening_view != NULL ? wn_screening_view_get_reviewers (self->screening_view) : NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-decisions",
                                 shows_project && self->identity != NULL && role != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.make-package",
                                 shows_project && g_strcmp0 (role, "lead") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.merge-decisions", shows_project);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.attach-folder", shows_project);
  /* Extraction and coding: the lead's tools, on any open project. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.extraction-template", shows_project);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.verification", shows_project);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.coding-agreement", shows_project);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-extraction", shows_project);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.tour", shows_project);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.switch-reviewer",
                                 shows_project && reviewers != NULL && reviewers->len > 0);

  gtk_widget_set_visible (self->import_button, has_project);
}

/* Messages. */

void
_wn_window_show_message (GtkWindow      *parent,
                         GtkMessageType  type,
                         const char     *primary,
                         const char     *secondary)
{
  GtkWidget *dialog;
  GtkWidget *area;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (primary != NULL);

  dialog = gtk_message_dialog_new (parent,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   type, GTK_BUTTONS_CLOSE,
                                   "%s", primary);
  if (secondary != NULL)
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);

  /* Error messages name files and lines: let people copy them. */
  area = gtk_message_dialog_get_message_area (GTK_MESSAGE_DIALOG (dialog));
  for (GtkWidget *child = gtk_widget_get_first_child (area);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && child != gtk_widget_get_first_child (area))
        gtk_label_set_selectable (GTK_LABEL (child), TRUE);
    }

  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_wn_window_show_open_error (WnWindow     *self,
                            const char   *path,
                            const GError *error)
{
  g_autofree char *name = NULL;
  g_autofree char *primary = NULL;
  g_autofree char *secondary = NULL;
  const char *advice = NULL;

  g_return_if_fail (WN_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  name = g_path_get_basename (path != NULL ? path : "");

  /* Each kind of failure gets its own explanation and its own next step.
   * Opening never changes a file it rejects; say so where people worry. */
  if (error->domain == WN_STORE_ERROR)
    {
      switch ((WnStoreError) error->code)
        {
        case WN_STORE_ERROR_NOT_FOUND:
          primary = g_strdup_printf (_("“%s” Was Not Found"), name);
          advice = _("It may have been moved, renamed or deleted. It has been removed from the recent projects.");
          break;
        case WN_STORE_ERROR_NOT_A_PROJECT:
          primary = g_strdup_printf (_("“%s” Is Not a Winnow Project"), name);
          advice = _("To add records from a database export, open or create a project, then use Import. The file has not been changed.");
          break;
        case WN_STORE_ERROR_NEWER_SCHEMA:
          primary = g_strdup_printf (_("“%s” Needs a Newer Winnow"), name);
          advice = _("It was saved by a newer version of Winnow. Update Winnow to open it. The file has not been changed.");
          break;
        case WN_STORE_ERROR_CORRUPT:
          primary = g_strdup_printf (_("“%s” Is Damaged"), name);
          advice = _("Winnow did not change it. Restore the project from a backup, or ask the person who sent it for a new copy.");
          break;
        case WN_STORE_ERROR_LOCKED:
          primary = g_strdup_printf (_("“%s” Is in Use"), name);
          advice = _("Another program is writing to it. Close that program, or wait for it to finish, then try again.");
          break;
        case WN_STORE_ERROR_READ_ONLY:
          primary = g_strdup_printf (_("“%s” Cannot Be Changed"), name);
          advice = _("Winnow needs to write to the project and to its folder. Check their permissions, or copy the project to a folder you can write to.");
          break;
        case WN_STORE_ERROR_EXISTS:
        case WN_STORE_ERROR_FAILED:
        default:
          break;
        }
    }

  if (primary == NULL)
    primary = g_strdup_printf (_("Cannot Open “%s”"), name);

  if (advice != NULL)
    secondary = g_strdup_printf ("%s\n\n%s", advice, error->message);
  else
    secondary = g_strdup (error->message);

  _wn_window_show_message (GTK_WINDOW (self), GTK_MESSAGE_ERROR, primary, secondary);
}

/* Opening and creating projects. */

static void
wn_window_create_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(WnProject) project = NULL;
  g_autofree char *title = NULL;
  GError *error = NULL;

  title = _wn_window_dup_display_name (path);
  project = wn_project_create (path, title, &error);
  if (project == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Preferences: "New projects start blind". A file just made that
   * cannot take it is removed, so no project starts otherwise. */
  if (!wn_project_set_initial_blind (project, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "blind")),
                                     &error))
    {
      wn_project_close (project);
      g_remove (path);
      g_task_return_error (task, error);
      return;
    }

  wn_project_close (project);
  g_task_return_boolean (task, TRUE);
}

static void
wn_window_created_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(WnWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  const char *path = g_task_get_task_data (G_TASK (result));
  GtkApplication *app;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *primary = g_strdup_printf (_("Cannot Create “%s”"), name);

      if (g_error_matches (error, WN_STORE_ERROR, WN_STORE_ERROR_EXISTS))
        {
          /* The file chooser asked before "replacing" it, but a project
           * file is years of decisions: never overwrite one from here. */
          _wn_window_show_message (GTK_WINDOW (self), GTK_MESSAGE_ERROR, primary,
                                   _("A file with that name already exists, and Winnow never replaces a file when it creates a project. Choose another name, or open the existing file."));
        }
      else
        {
          _wn_window_show_message (GTK_WINDOW (self), GTK_MESSAGE_ERROR, primary, error->message);
        }
      return;
    }

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (!WN_IS_APPLICATION (app))
    return;

  file = g_file_new_for_path (path);
  wn_application_open_project (WN_APPLICATION (app), file, GTK_WINDOW (self));
}

static void
wn_window_create_project (WnWindow *self,
                          GFile    *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  GtkApplication *app;
  GSettings *settings;
  gboolean blind;

  g_assert (WN_IS_WINDOW (self));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      _wn_window_show_message (GTK_WINDOW (self), GTK_MESSAGE_ERROR,
                               _("Cannot Create a Project Here"),
                               _("Winnow keeps projects on this computer. Choose a local folder."));
      return;
    }

  if (!g_str_has_suffix (path, ".winnow"))
    {
      char *with_suffix = g_strconcat (path, ".winnow", NULL);

      g_free (path);
      path = with_suffix;
    }

  app = gtk_window_get_application (GTK_WINDOW (self));
  settings = WN_IS_APPLICATION (app) ? wn_application_get_settings (WN_APPLICATION (app)) : NULL;
  blind = settings != NULL ? g_settings_get_boolean (settings, "new-projects-blind") : TRUE;

  task = g_task_new (NULL, NULL, wn_window_created_cb, g_object_ref (self));
  g_task_set_source_tag (task, wn_window_create_project);
  /* Read before the thread starts, never written after. */
  g_object_set_data (G_OBJECT (task), "blind", GINT_TO_POINTER (blind));
  g_task_set_task_data (task, g_steal_pointer (&path), g_free);
  g_task_run_in_thread (task, wn_window_create_thread);
}

static void
wn_window_project_chooser_response_cb (WnWindow             *self,
                                       int                   response,
                                       GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  gboolean create;
  GtkApplication *app;

  g_assert (WN_IS_WINDOW (self));

  create = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE;
  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (self->file_chooser == GTK_NATIVE_DIALOG (chooser))
    g_clear_object (&self->file_chooser);

  if (file == NULL)
    return;

  if (create)
    {
      wn_window_create_project (self, file);
      return;
    }

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (WN_IS_APPLICATION (app))
    wn_application_open_project (WN_APPLICATION (app), file, GTK_WINDOW (self));
}

static GtkFileFilter *
wn_window_project_filter_new (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Winnow Projects"));
  gtk_file_filter_add_suffix (filter, "winnow");

  return filter;
}

static void
wn_window_set_file_chooser (WnWindow             *self,
                            GtkFileChooserNative *chooser)
{
  g_assert (WN_IS_WINDOW (self));

  if (self->file_chooser != NULL)
    {
      gtk_native_dialog_destroy (self->file_chooser);
      g_clear_object (&self->file_chooser);
    }

  self->file_chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_set_modal (self->file_chooser, TRUE);
  gtk_native_dialog_show (self->file_chooser);
}

void
wn_window_choose_project (WnWindow *self,
                          gboolean  create)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) projects = NULL;
  g_autoptr(GtkFileFilter) all = NULL;

  g_return_if_fail (WN_IS_WINDOW (self));

  if (create)
    chooser = gtk_file_chooser_native_new (_("New Project"), GTK_WINDOW (self),
                                           GTK_FILE_CHOOSER_ACTION_SAVE,
                                           _("_Create"), _("_Cancel"));
  else
    chooser = gtk_file_chooser_native_new (_("Open Project"), GTK_WINDOW (self),
                                           GTK_FILE_CHOOSER_ACTION_OPEN,
                                           _("_Open"), _("_Cancel"));

  projects = wn_window_project_filter_new ();
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), projects);
  if (create)
    {
      /* Translators: the suggested file name of a new project. */
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("Untitled Review.winnow"));
    }
  else
    {
      all = gtk_file_filter_new ();
      gtk_file_filter_set_name (all, _("All Files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
    }
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), projects);

  g_signal_connect_object (chooser, "response",
                           G_CALLBACK (wn_window_project_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  wn_window_set_file_chooser (self, chooser);
}

/* Importing. */

static void
wn_window_import_dialog_imported_cb (WnWindow       *self,
                                     WnImportDialog *dialog)
{
  g_assert (WN_IS_WINDOW (self));

  if (self->project == NULL)
    return;

  /* Every page: the new records, the new searches with their counts, and
   * the records the duplicates page would compare. */
  _wn_window_reload_records (self);
  wn_searches_view_reload (self->searches_view);
  wn_duplicates_view_reload (self->duplicates_view);
}

static void
wn_window_import_dialog_destroyed_cb (WnWindow  *self,
                                      GtkWidget *dialog)
{
  g_assert (WN_IS_WINDOW (self));

  if (self->import_dialog == GTK_WINDOW (dialog))
    self->import_dialog = NULL;

  _wn_window_update_actions (self);
}

static void
wn_window_import_chooser_response_cb (WnWindow             *self,
                                      int                   response,
                                      GtkFileChooserNative *chooser)
{
  g_autoptr(GListModel) files = NULL;
  WnImportDialog *dialog;

  g_assert (WN_IS_WINDOW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

  if (self->file_chooser == GTK_NATIVE_DIALOG (chooser))
    g_clear_object (&self->file_chooser);

  if (files == NULL || g_list_model_get_n_items (files) == 0 || self->project == NULL)
    return;

  dialog = wn_import_dialog_new (GTK_WINDOW (self), self->project, files);
  self->import_dialog = GTK_WINDOW (dialog);
  g_signal_connect_object (dialog, "imported",
                           G_CALLBACK (wn_window_import_dialog_imported_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy",
                           G_CALLBACK (wn_window_import_dialog_destroyed_cb),
                           self, G_CONNECT_SWAPPED);
  _wn_window_update_actions (self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
wn_window_import_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  WnWindow *self = WN_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) references = NULL;
  g_autoptr(GtkFileFilter) all = NULL;
  static const char *suffixes[] = { "ris", "txt", "nbib", "xml", "csv", "ciw", "enw" };

  if (self->import_dialog != NULL)
    {
      gtk_window_present (self->import_dialog);
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Import Records"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Select"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);

  references = gtk_file_filter_new ();
  gtk_file_filter_set_name (references, _("Database Exports (RIS, PubMed, MEDLINE, Web of Science, EndNote XML, CSV)"));
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    gtk_file_filter_add_suffix (references, suffixes[i]);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), references);

  all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), references);

  g_signal_connect_object (chooser, "response",
                           G_CALLBACK (wn_window_import_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  wn_window_set_file_chooser (self, chooser);
}

/* Searching. */

static void
wn_window_search_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  WnWindow *self = WN_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
wn_window_search_clear_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  WnWindow *self = WN_WINDOW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
wn_window_switch_reviewer_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  WnWindow *self = WN_WINDOW (widget);

  _wn_window_set_view (self, "screening");
  wn_screening_view_choose_identity (self->screening_view);
}

/* The review team: after a person was added, every page that lists the
 * reviewers reads them again (the Screening page's "Who Is Screening?"). */
static void
wn_window_team_done_cb (gpointer user_data,
                        gboolean changed)
{
  g_autoptr(WnWindow) self = user_data;

  if (changed && self->project != NULL)
    _wn_window_reload_screening (self);
}

static void
wn_window_review_team_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  WnWindow *self = WN_WINDOW (widget);

  if (self->project == NULL)
    return;
  gtk_window_present (wn_team_dialog_new (GTK_WINDOW (self), self->project, wn_window_team_done_cb,
                                          g_object_ref (self)));
}

/* Working apart: decision files and reviewer packages. */

static GtkFileFilter *
wn_window_decisions_filter_new (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Winnow Decision Files"));
  gtk_file_filter_add_suffix (filter, "decisions");
  return filter;
}

static GtkFileFilter *
wn_window_all_files_filter_new (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  return filter;
}

typedef struct
{
  char  *reviewer;
  char  *path;
  char **paths;
} ApartJob;

static void
apart_job_free (ApartJob *job)
{
  g_free (job->reviewer);
  g_free (job->path);
  g_strfreev (job->paths);
  g_free (job);
}

static gboolean
export_job (WnProject  *project,
            gpointer    data,
            gpointer   *result,
            GError    **error)
{
  ApartJob *job = data;

  return wn_project_export_decisions (project, job->reviewer, job->path, error);
}

static gboolean
package_job (WnProject  *project,
             gpointer    data,
             gpointer   *result,
             GError    **error)
{
  ApartJob *job = data;

  return wn_project_write_package (project, job->reviewer, job->path, error);
}

static gboolean
merge_job (WnProject  *project,
           gpointer    data,
           gpointer   *result,
           GError    **error)
{
  ApartJob *job = data;
  WnMergeReport *report = g_new0 (WnMergeReport, 1);

  if (!wn_project_merge_decisions (project, (const char * const *) job->paths, report, error))
    {
      g_free (report);
      return FALSE;
    }

  *result = report;
  return TRUE;
}

/* What a finished export or package says, and to whom. */
typedef struct
{
  WnWindow *window;
  gboolean  package;
  char     *path;
} ApartDone;

static void
apart_done_free (ApartDone *done)
{
  g_object_unref (done->window);
  g_free (done->path);
  g_free (done);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ApartDone, apart_done_free)

static void
wn_window_exported_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(ApartDone) done = user_data;
  WnWindow *self = done->window;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (done->path);
  g_autofree char *secondary = NULL;

  if (!wn_project_job_finish (result, NULL, &error))
    {
      g_autofree char *primary = NULL;

      if (done->package)
        /* Translators: %s is a file name. */
        primary = g_strdup_printf (_("Cannot Write the Package “%s”"), name);
      else
        /* Translators: %s is a file name. */
        primary = g_strdup_printf (_("Cannot Export the Decisions to “%s”"), name);
      _wn_window_show_message (GTK_WINDOW (self), GTK_MESSAGE_ERROR, primary, error->message);
      return;
    }

  if (done->package)
    {
      /* Translators: %s is a file name. */
      secondary = g_strdup_printf (_("“%s” holds the project without anyone else’s decisions. The reviewer opens it in Winnow, screens, and sends back their decisions with Export My Decisions."),
                                   name);
      _wn_window_show_message (GTK_WINDOW (self), GTK_MESSAGE_INFO, _("Reviewer Package Written"), secondary);
    }
  else
    {
      /* Translators: %s is a file name. */
      secondary = g_strdup_printf (_("Your decisions are in “%s”. Send it to the lead, who adds it to the project with Merge Decision Files."),
                                   name);
      _wn_window_show_message (GTK_WINDOW (self), GTK_MESSAGE_INFO, _("Decisions Exported"), secondary);
    }
}

static void
wn_window_save_chooser_response_cb (WnWindow             *self,
                                    int                   response,
                                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  const char *kind = g_object_get_data (G_OBJECT (chooser), "kind");
  const char *reviewer = g_object_get_data (G_OBJECT (chooser), "reviewer");
  const char *suffix = g_str_equal (kind, "package") ? ".winnow" : ".decisions";
  ApartDone *done;
  ApartJob *job;

  g_assert (WN_IS_WINDOW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file == NULL || self->project == NULL)
    goto done;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      _wn_window_show_message (GTK_WINDOW (self), GTK_MESSAGE_ERROR, _("Cannot Write Here"),
                               _("Choose a folder on this computer."));
      goto done;
    }
  if (!g_str_has_suffix (path, suffix))
    {
      char *with_suffix = g_strconcat (path, suffix, NULL);

      g_free (path);
      path = with_suffix;
    }

  job = g_new0 (ApartJob, 1);
  job->reviewer = g_strdup (reviewer);
  job->path = g_strdup (path);
  done = g_new0 (ApartDone, 1);
  done->window = g_object_ref (self);
  done->package = g_str_equal (kind, "package");
  done->path = g_strdup (path);
  wn_project_job_run (self->project, done->package ? package_job : export_job, job,
                      (GDestroyNotify) apart_job_free, NULL, NULL, wn_window_exported_cb, done);

done:
  if (self->file_chooser == GTK_NATIVE_DIALOG (chooser))
    g_clear_object (&self->file_chooser);
}

static void
wn_window_choose_save_file (WnWindow   *self,
                            const char *kind,
                            const char *reviewer)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autoptr(GtkFileFilter) all = NULL;
  g_autofree char *project_name = _wn_window_dup_display_name (self->project_path);
  g_autofree char *suggested = NULL;
  g_autofree char *who = wn_safe_file_name_part (reviewer);
  gboolean package = g_str_equal (kind, "package");

  chooser = gtk_file_chooser_native_new (package ? _("Make Reviewer Package") : _("Export My Decisions"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         package ? _("_Save Package") : _("_Export"), _("_Cancel"));
  if (package)
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("Winnow Projects"));
      gtk_file_filter_add_suffix (filter, "winnow");
      /* Translators: the suggested name of a reviewer package:
       * "<project> – <reviewer>.winnow". */
      suggested = g_strdup_printf (_("%s – %s.winnow"), project_name, who);
    }
  else
    {
      filter = wn_window_decisions_filter_new ();
      /* The name autosaving writes too. */
      suggested = wn_decisions_file_name (project_name, reviewer);
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  all = wn_window_all_files_filter_new ();
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);

  g_object_set_data_full (G_OBJECT (chooser), "kind", g_strdup (kind), g_free);
  g_object_set_data_full (G_OBJECT (chooser), "reviewer", g_strdup (reviewer), g_free);
  g_signal_connect_object (chooser, "response",
                           G_CALLBACK (wn_window_save_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  wn_window_set_file_chooser (self, chooser);
}

static void
wn_window_export_decisions_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  WnWindow *self = WN_WINDOW (widget);

  if (self->project == NULL || self->identity == NULL)
    return;

  wn_window_choose_save_file (self, "export", self->identity);
}

static void
wn_window_package_reviewer_chosen_cb (gpointer    user_data,
                                      const char *name)
{
  WnWindow *self = user_data;

  if (name != NULL && self->project != NULL)
    wn_window_choose_save_file (self, "package", name);
  g_object_unref (self);
}

static void
wn_window_make_package_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  WnWindow *self = WN_WINDOW (widget);
  GPtrArray *reviewers = wn_screening_view_get_reviewers (self->screening_view);
  GtkWindow *dialog;

  if (self->project == NULL || reviewers == NULL || reviewers->len == 0)
    return;

  dialog = wn_reviewer_chooser_new (GTK_WINDOW (self), reviewers, wn_window_package_reviewer_chosen_cb,
                                    g_object_ref (self));
  gtk_window_present (dialog);
}

static void
wn_window_merged_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(WnWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree WnMergeReport *report = NULL;

  if (!wn_project_job_finish (result, (gpointer *) &report, &error))
    {
      _wn_window_show_message (GTK_WINDOW (self), GTK_MESSAGE_ERROR, _("Cannot Merge the Decision Files"),
                               error->message);
      return;
    }

  if (self->project == NULL)
    return;

  _wn_window_reload_screening (self);
  wn_show_merge_report (GTK_WINDOW (self), report);
}

static void
wn_window_merge_chooser_response_cb (WnWindow             *self,
                                     int                   response,
                                     GtkFileChooserNative *chooser)
{
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  ApartJob *job;

  g_assert (WN_IS_WINDOW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

  if (self->file_chooser == GTK_NATIVE_DIALOG (chooser))
    g_clear_object (&self->file_chooser);

  if (files == NULL || g_list_model_get_n_items (files) == 0 || self->project == NULL)
    return;

  paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      char *path = g_file_get_path (file);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);

  job = g_new0 (ApartJob, 1);
  job->paths = (char **) g_ptr_array_free (g_steal_pointer (&paths), FALSE);
  wn_project_job_run (self->project, merge_job, job, (GDestroyNotify) apart_job_free, g_free, NULL,
                      wn_window_merged_cb, g_object_ref (self));
}

/* Full texts: a folder of PDFs, each to its record; the report lets the
 * rest be matched by hand (wn-attach-folder.c). */
static void
wn_window_attach_folder_changed_cb (gpointer user_data)
{
  _wn_window_fulltext_changed (WN_WINDOW (user_data));
}

static void
wn_window_attach_folder_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  WnWindow *self = WN_WINDOW (widget);

  if (self->project == NULL)
    return;
  wn_attach_folder_choose (GTK_WINDOW (self), self->project, self->items,
                           wn_window_attach_folder_changed_cb, self);
}

/* Extraction and coding tables: an .xlsx file has them all, a sheet each;
 * a .csv file the extraction table (wn-table.h: formula injection
 * neutralised, written atomically). */
typedef struct
{
  char *path;
} ExtractionExport;

static void
extraction_export_free (ExtractionExport *job)
{
  g_free (job->path);
  g_free (job);
}

static gboolean
extraction_export_job (WnProject *project,
                       gpointer   data,
                       gpointer  *result,
                       GError   **error)
{
  ExtractionExport *job = data;
  WnTable *(*const builders[]) (WnProject *, GError **) = {
    wn_project_extraction_table, wn_project_characteristics_table, wn_project_frequency_table,
    wn_project_themes_table, wn_project_template_table, wn_project_codebook_table,
  };
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_table_free);
  gboolean csv = g_str_has_suffix (job->path, ".csv") || g_str_has_suffix (job->path, ".CSV");

  for (guint i = 0; i < (csv ? 1 : G_N_ELEMENTS (builders)); i++)
    {
      WnTable *table = builders[i] (project, error);

      if (table == NULL)
        return FALSE;
      g_ptr_array_add (tables, table);
    }
  if (csv)
    return wn_table_write_csv (g_ptr_array_index (tables, 0), job->path, error);
  return wn_tables_write_xlsx ((WnTable **) tables->pdata, tables->len, job->path, error);
}

typedef struct
{
  WnWindow *window;
  char     *path;
} ExtractionDone;

static void
extraction_exported_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  ExtractionDone *done = user_data;
  WnWindow *self = done->window;
  g_autoptr(GError) error = NULL;

  self->extraction_exporting = FALSE;
  if (!wn_project_job_finish (result, NULL, &error))
    wn_show_error (GTK_WIDGET (self), _("Cannot Export the Extraction Tables"), error->message);
  else
    {
      g_free (self->extraction_exported);
      self->extraction_exported = g_steal_pointer (&done->path);
    }
  _wn_window_queue_test_state (self);
  g_free (done->path);
  g_object_unref (done->window);
  g_free (done);
}

static void
extraction_chooser_response_cb (WnWindow             *self,
                                int                   response,
                                GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *lower = NULL;
  ExtractionExport *job;
  ExtractionDone *done;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (self->file_chooser == GTK_NATIVE_DIALOG (chooser))
    g_clear_object (&self->file_chooser);
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path == NULL || self->project == NULL)
    return;
  lower = g_ascii_strdown (path, -1);
  if (!g_str_has_suffix (lower, ".xlsx") && !g_str_has_suffix (lower, ".csv"))
    {
      char *with_suffix = g_strconcat (path, ".xlsx", NULL);

      g_free (path);
      path = with_suffix;
    }
  job = g_new0 (ExtractionExport, 1);
  job->path = g_strdup (path);
  done = g_new0 (ExtractionDone, 1);
  done->window = g_object_ref (self);
  done->path = g_strdup (path);
  self->extraction_exporting = TRUE;
  _wn_window_queue_test_state (self);
  wn_project_job_run (self->project, extraction_export_job, job, (GDestroyNotify) extraction_export_free, NULL, NULL,
                      extraction_exported_cb, done);
}

static void
wn_window_export_extraction_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  WnWindow *self = WN_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *project_name = NULL;
  g_autofree char *suggested = NULL;

  if (self->project == NULL)
    return;
  project_name = _wn_window_dup_display_name (self->project_path);
  chooser = gtk_file_chooser_native_new (_("Export Extraction Tables"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Spreadsheets (XLSX: every table; CSV: the extraction table)"));
  gtk_file_filter_add_suffix (filter, "xlsx");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* Translators: the suggested name of the extraction export: "<project> – extraction.xlsx". */
  suggested = g_strdup_printf (_("%s – extraction.xlsx"), project_name);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  g_signal_connect_object (chooser, "response", G_CALLBACK (extraction_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  wn_window_set_file_chooser (self, chooser);
}

static void
wn_window_merge_decisions_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  WnWindow *self = WN_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) decisions = NULL;
  g_autoptr(GtkFileFilter) all = NULL;

  if (self->project == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Merge Decision Files"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Merge"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  decisions = wn_window_decisions_filter_new ();
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), decisions);
  all = wn_window_all_files_filter_new ();
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), decisions);

  g_signal_connect_object (chooser, "response",
                           G_CALLBACK (wn_window_merge_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  wn_window_set_file_chooser (self, chooser);
}

/* Extraction and coding: the template, verification, coder agreement. */

static void
wn_window_review_changed_cb (gpointer user_data,
                             gboolean project_changed)
{
  WnWindow *self = WN_WINDOW (user_data);

  if (project_changed && self->extraction_view != NULL)
    wn_extraction_view_reload (self->extraction_view);
  _wn_window_queue_test_state (self);
}

static void
wn_window_review_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  WnWindow *self = WN_WINDOW (widget);
  GtkWindow *dialog;

  if (self->project == NULL)
    return;

  if (g_str_equal (action_name, "win.extraction-template"))
    dialog = wn_template_dialog_new (GTK_WINDOW (self), self->project, wn_window_review_changed_cb, self);
  else if (g_str_equal (action_name, "win.verification"))
    dialog = wn_verification_dialog_new (GTK_WINDOW (self), self->project, wn_window_review_changed_cb, self);
  else
    dialog = wn_coding_agreement_dialog_new (GTK_WINDOW (self), self->project, wn_window_review_changed_cb, self);
  gtk_window_present (dialog);
  _wn_window_queue_test_state (self);
}

/* F1: the guide, at the page about what the window shows. */
static void
wn_window_help_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  WnWindow *self = WN_WINDOW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->main_stack);
  WnHelpWindow *help = wn_help_window_present (GTK_WINDOW (self), wn_help_page_for_view (page));

  if (g_signal_handler_find (help, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                             _wn_window_queue_test_state, self) == 0)
    g_signal_connect_object (help, "changed", G_CALLBACK (_wn_window_queue_test_state), self, G_CONNECT_SWAPPED);
  _wn_window_queue_test_state (self);
}

static void
wn_window_tour_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _wn_window_start_tour (WN_WINDOW (widget));
}

static void
wn_window_show_all_records_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  _wn_window_show_all_records (WN_WINDOW (widget));
}

void
_wn_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import", NULL, wn_window_import_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, wn_window_search_action);
  gtk_widget_class_install_action (widget_class, "search.clear", NULL, wn_window_search_clear_action);
  /* Stateful, from the "view" property: the header bar's toggle buttons
   * name it with a target and show which view is on. */
  gtk_widget_class_install_property_action (widget_class, "win.view", "view");
  gtk_widget_class_install_action (widget_class, "win.switch-reviewer", NULL, wn_window_switch_reviewer_action);
  gtk_widget_class_install_action (widget_class, "win.review-team", NULL, wn_window_review_team_action);
  gtk_widget_class_install_action (widget_class, "win.export-decisions", NULL, wn_window_export_decisions_action);
  gtk_widget_class_install_action (widget_class, "win.make-package", NULL, wn_window_make_package_action);
  gtk_widget_class_install_action (widget_class, "win.merge-decisions", NULL, wn_window_merge_decisions_action);
  gtk_widget_class_install_action (widget_class, "win.attach-folder", NULL, wn_window_attach_folder_action);
  gtk_widget_class_install_action (widget_class, "records.show-all", NULL, wn_window_show_all_records_action);
  gtk_widget_class_install_action (widget_class, "win.extraction-template", NULL, wn_window_review_action);
  gtk_widget_class_install_action (widget_class, "win.verification", NULL, wn_window_review_action);
  gtk_widget_class_install_action (widget_class, "win.coding-agreement", NULL, wn_window_review_action);
  gtk_widget_class_install_action (widget_class, "win.export-extraction", NULL, wn_window_export_extraction_action);
  gtk_widget_class_install_action (widget_class, "win.help", NULL, wn_window_help_action);
  gtk_widget_class_install_action (widget_class, "win.tour", NULL, wn_window_tour_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.extraction-template", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.verification", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.coding-agreement", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_x, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-extraction", NULL);
  /* Ctrl+1 … Ctrl+8 (and the keypad's digits): the pages, in the order of
   * the view switcher. */
  {
    static const char *const views[] = { "records", "searches", "duplicates", "screening",
                                         "conflicts", "agreement", "prisma", "extraction" };

    for (guint i = 0; i < G_N_ELEMENTS (views); i++)
      {
        gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK, "win.view", "s", views[i]);
        gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1 + i, GDK_CONTROL_MASK, "win.view", "s",
                                             views[i]);
      }
  }
}
