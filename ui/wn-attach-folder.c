/* wn-attach-folder.c — "Attach Folder of PDFs…": the run, its report, and
 * matching the rest by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * wn_project_attach_folder runs in a GTask thread (it opens every PDF);
 * its progress reaches the window through the main context. The report
 * lists first what still needs the user — every file not attached, by
 * name, with the core's reason; those that were not matched, were
 * ambiguous or failed to store get "Match…", a searchable list of the
 * project's records: choosing one attaches the file to it (in a thread; a
 * refusal, e.g. a damaged file, is shown with the core's message and
 * nothing changes) — then every file attached, with its record's title
 * and how it was matched.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "wn-attach-folder.h"
#include "wn-fulltext.h"
#include "wn-record-item.h"
#include "wn-screening-dialogs.h"

/* What the test hook shows: one run at a time. */
static struct
{
  const char *state;
  guint       attached;
  guint       unmatched;
  GString    *files;
} hook = { "idle", 0, 0, NULL };

/* Escape closes the report and the record picker. */
static void
close_on_escape (GtkWidget *window)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, controller);
}

typedef struct
{
  GtkWindow             *window;
  WnProject             *project;
  GListModel            *items;
  GFile                 *dir;
  WnAttachFolderChanged  changed;
  gpointer               user_data;
  GCancellable          *cancellable;

  GtkStack              *stack;
  GtkLabel              *progress_label;
  GtkProgressBar        *progress_bar;
  GtkLabel              *summary_label;
  GtkListBox            *unmatched_list;
  GtkListBox            *attached_list;
  GtkWidget             *unmatched_heading;
  GtkWidget             *attached_heading;
  guint                  n_attached;
  guint                  n_unmatched;
} Run;

static void
run_free (Run *run)
{
  if (run->cancellable != NULL)
    g_cancellable_cancel (run->cancellable);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->project);
  g_clear_object (&run->items);
  g_clear_object (&run->dir);
  g_free (run);
}

static void
notify_changed (Run *run)
{
  hook.attached = run->n_attached;
  hook.unmatched = run->n_unmatched;
  if (run->changed != NULL)
    run->changed (run->user_data);
}

static const char *
title_of (Run    *run,
          gint64  record_id)
{
  guint n = run->items != NULL ? g_list_model_get_n_items (run->items) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WnRecordItem) item = g_list_model_get_item (run->items, i);

      if (wn_record_item_get_id (item) == record_id)
        return wn_record_item_get_title (item);
    }
  return NULL;
}

static const char *
method_text (WnAttachMethod method)
{
  switch (method)
    {
    case WN_ATTACH_BY_DOI_METADATA: return _("by the DOI in its metadata");
    case WN_ATTACH_BY_DOI_TEXT:     return _("by the DOI in its text");
    case WN_ATTACH_BY_TITLE:        return _("by its title");
    default:                        return "";
    }
}

static const char *
kind_name (WnUnmatchedKind kind)
{
  switch (kind)
    {
    case WN_UNMATCHED_NO_MATCH:   return "no-match";
    case WN_UNMATCHED_AMBIGUOUS:  return "ambiguous";
    case WN_UNMATCHED_NOT_PDF:    return "not-pdf";
    case WN_UNMATCHED_DAMAGED:    return "damaged";
    case WN_UNMATCHED_ENCRYPTED:  return "encrypted";
    case WN_UNMATCHED_UNREADABLE: return "unreadable";
    case WN_UNMATCHED_FAILED:     return "failed";
    case WN_UNMATCHED_HAS_FULLTEXT: return "has-fulltext";
    default:                      return "other";
    }
}

static GtkWidget *
two_line_row (const char *first,
              const char *second,
              GtkWidget  *suffix,
              GtkLabel  **second_out)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label;

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_hexpand (text, TRUE);
  label = gtk_label_new (first);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (text), label);
  label = gtk_label_new (second);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (text), label);
  if (second_out != NULL)
    *second_out = GTK_LABEL (label);
  gtk_box_append (GTK_BOX (row), text);
  if (suffix != NULL)
    {
      gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (row), suffix);
    }
  return row;
}

static void
add_attached_row (Run        *run,
                  const char *file,
                  gint64      record_id,
                  const char *how)
{
  const char *title = title_of (run, record_id);
  g_autofree char *text = NULL;

  /* Translators: a PDF attached: "→ Peer support in … (record 12), by its title". */
  text = g_strdup_printf (_("→ %s (record %" PRId64 "), %s"),
                          title != NULL ? title : _("Untitled record"), record_id, how);
  gtk_list_box_append (run->attached_list, two_line_row (file, text, NULL, NULL));
  gtk_widget_set_visible (run->attached_heading, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (run->attached_list), TRUE);
}

static void
update_summary (Run *run)
{
  g_autofree char *attached = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u PDF attached", "%u PDFs attached",
                                                            run->n_attached), run->n_attached);
  g_autofree char *unmatched = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u not attached", "%u not attached",
                                                             run->n_unmatched), run->n_unmatched);
  /* Translators: "12 PDFs attached · 3 not attached". */
  g_autofree char *text = g_strdup_printf (_("%s · %s"), attached, unmatched);

  gtk_label_set_text (run->summary_label, text);
}

/* ---- Matching one file by hand ---------------------------------------------- */

typedef struct
{
  Run        *run;
  char       *file;
  GtkWidget  *button;
  GtkLabel   *reason_label;
  gint64      record_id;
  GtkWindow  *picker;
  GtkCustomFilter *filter;
  char       *needle;
} Manual;

static void
manual_free (Manual *manual)
{
  g_free (manual->file);
  g_free (manual->needle);
  g_clear_object (&manual->filter);
  g_free (manual);
}

typedef struct
{
  gint64  record_id;
  char   *path;
} AttachData;

static void
attach_data_free (AttachData *data)
{
  g_free (data->path);
  g_free (data);
}

static gboolean
attach_job (WnProject *project,
            gpointer   data,
            gpointer  *result,
            GError   **error)
{
  AttachData *attach = data;

  return wn_project_attach_pdf (project, attach->record_id, attach->path, error);
}

static void
manual_attached (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  Manual *manual = user_data;
  Run *run;
  g_autoptr(GError) error = NULL;
  gboolean ok = wn_project_job_finish (res, NULL, &error);

  /* The report was closed: manual is gone with it. */
  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  run = manual->run;
  gtk_widget_set_sensitive (manual->button, TRUE);
  if (!ok)
    {
      wn_show_error (GTK_WIDGET (run->window), _("Cannot Attach the PDF"), error->message);
      return;
    }

  gtk_widget_set_visible (manual->button, FALSE);
  gtk_label_set_text (manual->reason_label, _("Attached by hand"));
  run->n_unmatched--;
  run->n_attached++;
  add_attached_row (run, manual->file, manual->record_id, _("by hand"));
  update_summary (run);
  notify_changed (run);
}

static void
attach_to (Manual *manual,
           gint64  record_id)
{
  Run *run = manual->run;
  AttachData *data = g_new0 (AttachData, 1);
  g_autoptr(GFile) file = g_file_get_child (run->dir, manual->file);

  data->record_id = record_id;
  data->path = g_file_get_path (file);
  manual->record_id = record_id;
  gtk_widget_set_sensitive (manual->button, FALSE);
  wn_project_job_run (run->project, attach_job, data, (GDestroyNotify) attach_data_free, NULL,
                      run->cancellable, manual_attached, manual);
}

static gboolean
picker_filter (gpointer item,
               gpointer user_data)
{
  Manual *manual = user_data;
  WnRecordItem *record = item;
  g_autofree char *hay = NULL;
  g_autofree char *folded = NULL;

  if (manual->needle == NULL || manual->needle[0] == '\0')
    return TRUE;
  hay = g_strdup_printf ("%" G_GINT64_FORMAT " %s %s %s", wn_record_item_get_id (record),
                         wn_record_item_get_title (record) ?: "", wn_record_item_get_authors (record) ?: "",
                         wn_record_item_get_year (record) ?: "");
  folded = g_utf8_casefold (hay, -1);
  return strstr (folded, manual->needle) != NULL;
}

static void
picker_search_cb (GtkSearchEntry *entry,
                  Manual         *manual)
{
  g_free (manual->needle);
  manual->needle = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
  gtk_filter_changed (GTK_FILTER (manual->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
picker_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item)
{
  GtkLabel *second;

  gtk_list_item_set_child (list_item, two_line_row ("", "", NULL, &second));
}

static void
picker_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item)
{
  WnRecordItem *record = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  GtkWidget *text = gtk_widget_get_first_child (row);
  GtkWidget *first = gtk_widget_get_first_child (text);
  GtkWidget *second = gtk_widget_get_next_sibling (first);
  g_autofree char *detail = g_strdup_printf ("%s · %s · #%" G_GINT64_FORMAT,
                                             wn_record_item_get_authors (record) ?: "",
                                             wn_record_item_get_year (record) ?: "",
                                             wn_record_item_get_id (record));

  gtk_label_set_text (GTK_LABEL (first), wn_record_item_get_title (record) ?: _("Untitled record"));
  gtk_label_set_text (GTK_LABEL (second), detail);
}

static void
picker_activate_cb (GtkListView *view,
                    guint        position,
                    Manual      *manual)
{
  g_autoptr(WnRecordItem) record = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (view)), position);

  if (record == NULL)
    return;
  attach_to (manual, wn_record_item_get_id (record));
  gtk_window_destroy (manual->picker);
}

/* Enter in the search: the record highlighted (the first one found). */
static void
picker_entry_activate_cb (GtkListView *view,
                          GtkSearchEntry *entry)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (view));
  guint position = gtk_single_selection_get_selected (selection);
  Manual *manual = g_object_get_data (G_OBJECT (view), "manual");

  if (position != GTK_INVALID_LIST_POSITION)
    picker_activate_cb (view, position, manual);
}

static void
picker_destroy_cb (Manual *manual)
{
  manual->picker = NULL;
}

static void
match_clicked_cb (Manual *manual)
{
  Run *run = manual->run;
  GtkWidget *window, *header, *box, *entry, *scroller, *view;
  GtkListItemFactory *factory;
  GtkFilterListModel *filtered;
  g_autofree char *title = NULL;

  if (manual->picker != NULL || run->items == NULL)
    {
      if (manual->picker != NULL)
        gtk_window_present (manual->picker);
      return;
    }

  window = gtk_window_new ();
  /* Translators: the record picker's title, with the PDF's file name. */
  title = g_strdup_printf (_("Attach “%s” to…"), manual->file);
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), run->window);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 480);
  header = gtk_header_bar_new ();
  gtk_window_set_titlebar (GTK_WINDOW (window), header);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  entry = gtk_search_entry_new ();
  gtk_widget_set_margin_top (entry, 8);
  gtk_widget_set_margin_bottom (entry, 8);
  gtk_widget_set_margin_start (entry, 12);
  gtk_widget_set_margin_end (entry, 12);
  g_object_set (entry, "placeholder-text", _("Search by title, author, year or ID"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search the records"), -1);
  gtk_box_append (GTK_BOX (box), entry);

  g_clear_object (&manual->filter);
  manual->filter = gtk_custom_filter_new (picker_filter, manual, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (run->items), GTK_FILTER (g_object_ref (manual->filter)));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (picker_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (picker_bind_cb), NULL);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (filtered))), factory);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (view), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Records"), -1);
  g_signal_connect (view, "activate", G_CALLBACK (picker_activate_cb), manual);
  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_window_set_child (GTK_WINDOW (window), box);

  g_signal_connect (entry, "search-changed", G_CALLBACK (picker_search_cb), manual);
  g_object_set_data (G_OBJECT (view), "manual", manual);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (picker_entry_activate_cb), view);
  g_signal_connect_swapped (window, "destroy", G_CALLBACK (picker_destroy_cb), manual);
  close_on_escape (window);
  gtk_search_entry_set_key_capture_widget (GTK_SEARCH_ENTRY (entry), window);
  manual->picker = GTK_WINDOW (window);
  gtk_window_present (GTK_WINDOW (window));
}

/* ---- The run ------------------------------------------------------------------ */

typedef struct
{
  Run   *run;
  guint  done;
  guint  total;
  char  *file;
} Progress;

static gboolean
progress_idle (gpointer data)
{
  Progress *progress = data;
  Run *run = progress->run;

  if (run->progress_label != NULL)
    {
      /* Translators: "Reading 3 of 40: paper.pdf". */
      g_autofree char *text = g_strdup_printf (_("Reading %u of %u: %s"), progress->done, progress->total,
                                               progress->file != NULL ? progress->file : "");

      gtk_label_set_text (run->progress_label, text);
      gtk_progress_bar_set_fraction (run->progress_bar,
                                     progress->total > 0 ? (double) progress->done / progress->total : 0);
    }
  g_free (progress->file);
  g_free (progress);
  return G_SOURCE_REMOVE;
}

static void
progress_cb (guint       done,
             guint       total,
             const char *file_name,
             gpointer    user_data)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->run = user_data;
  progress->done = done;
  progress->total = total;
  progress->file = g_strdup (file_name);
  /* The run outlives its thread: its window keeps it until it is done. */
  g_main_context_invoke (NULL, progress_idle, progress);
}

typedef struct
{
  char                 *dir;
  Run                  *run;
} FolderData;

static gboolean
folder_job (WnProject *project,
            gpointer   data,
            gpointer  *result,
            GError   **error)
{
  FolderData *folder = data;
  WnAttachFolderReport *report = g_new0 (WnAttachFolderReport, 1);

  wn_attach_folder_report_init (report);
  if (!wn_project_attach_folder (project, folder->dir, report, progress_cb, folder->run,
                                 NULL, error))
    {
      wn_attach_folder_report_clear (report);
      g_free (report);
      return FALSE;
    }
  *result = report;
  return TRUE;
}

static void
folder_data_free (FolderData *data)
{
  g_free (data->dir);
  g_free (data);
}

static void
report_free (WnAttachFolderReport *report)
{
  wn_attach_folder_report_clear (report);
  g_free (report);
}

static void
folder_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  WnAttachFolderReport *report = NULL;
  GtkWidget *first_button = NULL;

  hook.state = "done";
  if (hook.files == NULL)
    hook.files = g_string_new (NULL);
  g_string_truncate (hook.files, 0);

  /* The window is gone (closed while the run went on): keep the counts. */
  if (run->window == NULL)
    {
      if (wn_project_job_finish (res, (gpointer *) &report, NULL) && report != NULL)
        {
          run->n_attached = report->attached->len;
          run->n_unmatched = report->unmatched->len;
          report_free (report);
        }
      notify_changed (run);
      run_free (run);
      return;
    }

  if (!wn_project_job_finish (res, (gpointer *) &report, &error))
    {
      gtk_window_destroy (run->window);
      wn_show_error (NULL, _("Cannot Attach the Folder"), error->message);
      return;
    }

  for (guint i = 0; i < report->unmatched->len; i++)
    {
      WnUnmatchedFile *file = g_ptr_array_index (report->unmatched, i);
      GtkWidget *button = NULL;
      GtkLabel *reason_label;
      Manual *manual = NULL;

      if (file->kind == WN_UNMATCHED_NO_MATCH || file->kind == WN_UNMATCHED_AMBIGUOUS ||
          file->kind == WN_UNMATCHED_FAILED || file->kind == WN_UNMATCHED_HAS_FULLTEXT)
        {
          button = gtk_button_new_with_mnemonic (_("_Match…"));
          gtk_widget_set_tooltip_text (button, _("Choose the record this PDF belongs to"));
        }
      gtk_list_box_append (run->unmatched_list, two_line_row (file->file, file->reason, button, &reason_label));
      if (button != NULL)
        {
          if (first_button == NULL)
            first_button = button;
          manual = g_new0 (Manual, 1);
          manual->run = run;
          manual->file = g_strdup (file->file);
          manual->button = button;
          manual->reason_label = reason_label;
          g_signal_connect_data (button, "clicked", G_CALLBACK (match_clicked_cb), manual,
                                 (GClosureNotify) (void (*) (void)) manual_free, G_CONNECT_SWAPPED);
        }
      g_string_append_printf (hook.files, "%s%s:%s", hook.files->len > 0 ? "," : "", file->file,
                              kind_name (file->kind));
    }
  for (guint i = 0; i < report->attached->len; i++)
    {
      WnAttachedFile *file = g_ptr_array_index (report->attached, i);

      add_attached_row (run, file->file, file->record_id, method_text (file->by));
      g_string_append_printf (hook.files, "%s%s:attached", hook.files->len > 0 ? "," : "", file->file);
    }
  run->n_attached = report->attached->len;
  run->n_unmatched = report->unmatched->len;
  gtk_widget_set_visible (run->unmatched_heading, run->n_unmatched > 0);
  gtk_widget_set_visible (GTK_WIDGET (run->unmatched_list), run->n_unmatched > 0);
  gtk_widget_set_visible (run->attached_heading, run->n_attached > 0);
  gtk_widget_set_visible (GTK_WIDGET (run->attached_list), run->n_attached > 0);
  update_summary (run);
  gtk_stack_set_visible_child_name (run->stack, "report");
  /* The keyboard on the first thing left to do. */
  if (first_button != NULL)
    gtk_window_set_focus (run->window, first_button);
  report_free (report);
  notify_changed (run);
}

static void
window_destroy_cb (Run *run)
{
  run->window = NULL;
  run->progress_label = NULL;
  /* Still running: folder_done frees it. */
  if (g_strcmp0 (hook.state, "running") != 0)
    run_free (run);
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  return label;
}

GtkWindow *
wn_attach_folder_run (GtkWindow             *parent,
                      WnProject             *project,
                      GListModel            *items,
                      GFile                 *dir,
                      WnAttachFolderChanged  changed,
                      gpointer               user_data)
{
  Run *run = g_new0 (Run, 1);
  GtkWidget *window, *header, *box, *spinner, *scroller, *content, *bar;
  FolderData *data;
  g_autofree char *dir_name = g_file_get_basename (dir);
  g_autofree char *title = NULL;

  run->project = g_object_ref (project);
  run->items = items != NULL ? g_object_ref (items) : NULL;
  run->dir = g_object_ref (dir);
  run->changed = changed;
  run->user_data = user_data;
  run->cancellable = g_cancellable_new ();

  window = gtk_window_new ();
  run->window = GTK_WINDOW (window);
  /* Translators: the report's title, with the folder's name. */
  title = g_strdup_printf (_("PDFs from “%s”"), dir_name);
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 560);
  header = gtk_header_bar_new ();
  gtk_window_set_titlebar (GTK_WINDOW (window), header);

  run->stack = GTK_STACK (gtk_stack_new ());
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (box, 36);
  gtk_widget_set_margin_end (box, 36);
  spinner = gtk_spinner_new ();
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_box_append (GTK_BOX (box), spinner);
  run->progress_label = GTK_LABEL (gtk_label_new (_("Reading the PDFs…")));
  gtk_label_set_ellipsize (run->progress_label, PANGO_ELLIPSIZE_MIDDLE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (run->progress_label));
  bar = gtk_progress_bar_new ();
  run->progress_bar = GTK_PROGRESS_BAR (bar);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_stack_add_named (run->stack, box, "running");

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  run->summary_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (run->summary_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (run->summary_label), "title-4");
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (run->summary_label));
  run->unmatched_heading = heading (_("Not Attached"));
  gtk_box_append (GTK_BOX (content), run->unmatched_heading);
  run->unmatched_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (run->unmatched_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (run->unmatched_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (run->unmatched_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Files not attached"), -1);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (run->unmatched_list));
  run->attached_heading = heading (_("Attached"));
  gtk_box_append (GTK_BOX (content), run->attached_heading);
  run->attached_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (run->attached_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (run->attached_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (run->attached_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Files attached"), -1);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (run->attached_list));
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), content);
  gtk_stack_add_named (run->stack, scroller, "report");
  gtk_stack_set_visible_child_name (run->stack, "running");
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (run->stack));
  g_signal_connect_swapped (window, "destroy", G_CALLBACK (window_destroy_cb), run);
  close_on_escape (window);

  hook.state = "running";
  hook.attached = hook.unmatched = 0;
  if (run->changed != NULL)
    run->changed (run->user_data);

  data = g_new0 (FolderData, 1);
  data->dir = g_file_get_path (dir);
  data->run = run;
  wn_project_job_run (project, folder_job, data, (GDestroyNotify) folder_data_free,
                      (GDestroyNotify) report_free, NULL, folder_done, run);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

typedef struct
{
  GtkWindow             *parent;
  WnProject             *project;
  GListModel            *items;
  WnAttachFolderChanged  changed;
  gpointer               user_data;
} Choose;

static void
choose_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    Choose          *choose)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) dir = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (dir != NULL)
        wn_attach_folder_run (choose->parent, choose->project, choose->items, dir,
                              choose->changed, choose->user_data);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (choose->project);
  g_clear_object (&choose->items);
  g_free (choose);
}

void
wn_attach_folder_choose (GtkWindow             *parent,
                         WnProject             *project,
                         GListModel            *items,
                         WnAttachFolderChanged  changed,
                         gpointer               user_data)
{
  GtkFileChooserNative *chooser;
  Choose *choose = g_new0 (Choose, 1);

  choose->parent = parent;
  choose->project = g_object_ref (project);
  choose->items = items != NULL ? g_object_ref (items) : NULL;
  choose->changed = changed;
  choose->user_data = user_data;
  chooser = gtk_file_chooser_native_new (_("Attach Folder of PDFs"), parent,
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Attach"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (choose_response_cb), choose);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

GtkNativeDialog *
wn_attach_pdf_chooser_show (GtkWidget *widget,
                            GCallback  response_cb,
                            gpointer   user_data)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);

  chooser = gtk_file_chooser_native_new (_("Attach PDF"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_swapped (chooser, "response", response_cb, user_data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  return GTK_NATIVE_DIALOG (chooser);
}

void
wn_attach_folder_describe (WnTestStateFunc func,
                           gpointer        user_data)
{
  g_autofree char *attached = g_strdup_printf ("%u", hook.attached);
  g_autofree char *unmatched = g_strdup_printf ("%u", hook.unmatched);

  func ("attach_folder", hook.state, user_data);
  func ("attach_folder_attached", attached, user_data);
  func ("attach_folder_unmatched", unmatched, user_data);
  func ("attach_folder_files", hook.files != NULL ? hook.files->str : "", user_data);
}
