/* wn-search-dialog.c — correct a search's provenance after import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fields a person typed when importing (database, platform, date
 * searched, query, the hit count the database reported) can be corrected;
 * the file's own facts (name, SHA-256, format, encoding, what it was
 * exported by, how many records it held) are shown but never change.
 *
 * Only the fields that changed are handed to wn_project_update_search(), so
 * the audit log records what the person changed and nothing else. Saving
 * runs in a GTask thread; the dialog stays open, with the message, when it
 * fails, and closes itself (emitting ::saved) when it succeeds.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-provenance.h"
#include "wn-search-dialog.h"

struct _WnSearchDialog
{
  GtkWindow        parent_instance;

  /* Template children. */
  GtkLabel        *title_label;
  GtkLabel        *subtitle_label;
  GtkWidget       *save_button;
  GtkSpinner      *spinner;
  GtkWidget       *content;
  GtkComboBoxText *database_combo;
  GtkComboBoxText *platform_combo;
  GtkEntry        *date_entry;
  GtkTextView     *query_view;
  GtkEntry        *hits_entry;
  GtkWidget       *hits_warning_box;
  GtkLabel        *hits_warning_label;
  GtkLabel        *form_error_label;
  GtkLabel        *facts_heading;
  GtkLabel        *facts_description;
  GtkGrid         *facts_grid;

  WnProject       *project;
  WnSearchItem    *item;
  gboolean         form_valid;
  gboolean         changed;
  gboolean         saving;
  gboolean         disposed;
  GtkWidget       *focus_before_save;  /* weak */
};

G_DEFINE_FINAL_TYPE (WnSearchDialog, wn_search_dialog, GTK_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the thread writes. NULL leaves a text field as it is, "" clears
 * it; reported_hits -2 leaves it, -1 clears it (wn_project_update_search). */
typedef struct
{
  WnProject *project;
  gint64     search_id;
  char      *database;
  char      *platform;
  char      *date_searched;
  char      *query;
  gint64     reported_hits;
} WnSearchEdit;

static void
wn_search_edit_free (WnSearchEdit *edit)
{
  g_clear_object (&edit->project);
  g_free (edit->database);
  g_free (edit->platform);
  g_free (edit->date_searched);
  g_free (edit->query);
  g_free (edit);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnSearchEdit, wn_search_edit_free)

static char *
dup_entry_text (GtkEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (wn_provenance_is_blank (text))
    return NULL;

  return g_strstrip (g_strdup (text));
}

/* The change to hand over for one text field: NULL when it is as it was,
 * "" when it was emptied. */
static char *
dup_change (const char *old_value,
            char       *new_value)
{
  g_autofree char *value = new_value;

  if (g_strcmp0 (old_value, value) == 0)
    return NULL;

  return value != NULL ? g_steal_pointer (&value) : g_strdup ("");
}

static WnSearchEdit *
wn_search_dialog_collect (WnSearchDialog *self)
{
  const WnSearch *search = wn_search_item_get_search (self->item);
  g_autoptr(WnSearchEdit) edit = g_new0 (WnSearchEdit, 1);
  gint64 hits;

  g_assert (WN_IS_SEARCH_DIALOG (self));

  if (!wn_provenance_parse_hits (gtk_editable_get_text (GTK_EDITABLE (self->hits_entry)), &hits))
    return NULL;

  edit->project = g_object_ref (self->project);
  edit->search_id = search->id;
  edit->database = dup_change (search->database, wn_provenance_dup_combo_text (self->database_combo));
  edit->platform = dup_change (search->platform, wn_provenance_dup_combo_text (self->platform_combo));
  edit->date_searched = dup_change (search->date_searched, dup_entry_text (self->date_entry));
  edit->query = dup_change (search->query, wn_provenance_dup_view_text (self->query_view));
  edit->reported_hits = hits == search->reported_hits ? -2 : hits;

  return g_steal_pointer (&edit);
}

static gboolean
wn_search_edit_is_empty (const WnSearchEdit *edit)
{
  return edit->database == NULL && edit->platform == NULL && edit->date_searched == NULL &&
         edit->query == NULL && edit->reported_hits == -2;
}

static void
wn_search_dialog_update_actions (WnSearchDialog *self)
{
  g_assert (WN_IS_SEARCH_DIALOG (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 self->form_valid && self->changed && !self->saving);
}

static void
wn_search_dialog_show_message (WnSearchDialog *self,
                               const char     *message,
                               gboolean        is_error)
{
  g_assert (WN_IS_SEARCH_DIALOG (self));

  gtk_label_set_text (self->form_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), message != NULL);

  /* A wrong entry is an error; a field still to fill in is only a hint. */
  if (is_error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->form_error_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->form_error_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->form_error_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->form_error_label), "dim-label");
    }
}

static void
set_entry_error (GtkWidget *widget,
                 gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
}

static void
wn_search_dialog_form_changed_cb (WnSearchDialog *self)
{
  g_autofree char *database = NULL;
  g_autofree char *date = NULL;
  g_autofree char *warning = NULL;
  g_autoptr(WnSearchEdit) edit = NULL;
  const char *message = NULL;
  gboolean date_ok;
  gboolean hits_ok;
  gint64 hits = -1;

  g_assert (WN_IS_SEARCH_DIALOG (self));

  /* Called by the template while it is still being built. */
  if (self->item == NULL)
    return;

  database = wn_provenance_dup_combo_text (self->database_combo);
  date = dup_entry_text (self->date_entry);
  /* A search imported without a date may stay without one. */
  date_ok = date == NULL || wn_provenance_parse_date (date);
  hits_ok = wn_provenance_parse_hits (gtk_editable_get_text (GTK_EDITABLE (self->hits_entry)), &hits);

  set_entry_error (GTK_WIDGET (self->date_entry), !date_ok);
  set_entry_error (GTK_WIDGET (self->hits_entry), !hits_ok);

  if (!date_ok)
    message = _("Enter the date searched as year-month-day, for example 2024-03-31, or leave it empty.");
  else if (!hits_ok)
    message = _("Enter the number of hits as digits only, or leave it empty.");
  else if (database == NULL)
    message = _("Name the database that was searched, for example PsycINFO. For a website or a hand search, name the source.");
  wn_search_dialog_show_message (self, message, !date_ok || !hits_ok);

  /* The same check the searches page makes, before saving: against the
   * records of all the search's files. */
  if (hits_ok)
    warning = wn_provenance_dup_hits_warning (hits, wn_search_item_get_record_count (self->item));
  gtk_label_set_text (self->hits_warning_label, warning != NULL ? warning : "");
  gtk_widget_set_visible (self->hits_warning_box, warning != NULL);

  self->form_valid = date_ok && hits_ok && database != NULL;
  edit = self->form_valid ? wn_search_dialog_collect (self) : NULL;
  self->changed = edit != NULL && !wn_search_edit_is_empty (edit);
  wn_search_dialog_update_actions (self);
}

/* Saving. */

static void
wn_search_dialog_save_thread (GTask        *task,
                              gpointer      source_object,
                              gpointer      task_data,
                              GCancellable *cancellable)
{
  WnSearchEdit *edit = task_data;
  GError *error = NULL;

  if (!wn_project_update_search (edit->project, edit->search_id,
                                 edit->database, edit->platform, edit->date_searched,
                                 edit->query, edit->reported_hits, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
wn_search_dialog_saved_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  WnSearchDialog *self = WN_SEARCH_DIALOG (object);
  g_autoptr(GError) error = NULL;

  /* The task keeps the dialog alive; a dialog destroyed with its window
   * meanwhile has nobody left to tell. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self->disposed)
        return;

      self->saving = FALSE;
      gtk_spinner_stop (self->spinner);
      gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
      gtk_widget_set_sensitive (self->content, TRUE);
      if (self->focus_before_save != NULL)
        gtk_widget_grab_focus (self->focus_before_save);
      g_clear_weak_pointer (&self->focus_before_save);
      wn_search_dialog_show_message (self, error->message, TRUE);
      wn_search_dialog_update_actions (self);
      return;
    }

  self->saving = FALSE;
  if (self->disposed)
    return;

  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
wn_search_dialog_save_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  WnSearchDialog *self = WN_SEARCH_DIALOG (widget);
  g_autoptr(GTask) task = NULL;
  WnSearchEdit *edit;

  if (self->saving || !self->form_valid)
    return;

  edit = wn_search_dialog_collect (self);
  if (edit == NULL)
    return;
  if (wn_search_edit_is_empty (edit))
    {
      wn_search_edit_free (edit);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  self->saving = TRUE;
  /* Out of the form before it goes insensitive: a text entry disabled
   * while it has the focus never hears that it lost it (GTK then warns
   * about a lost focus-out event when its cursor next blinks). */
  g_set_weak_pointer (&self->focus_before_save, gtk_window_get_focus (GTK_WINDOW (self)));
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (self->content, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);
  wn_search_dialog_update_actions (self);

  /* No cancellable on the task itself: once the thread runs, the write
   * completes or fails as a whole, and its result must be heard. */
  task = g_task_new (self, NULL, wn_search_dialog_saved_cb, NULL);
  g_task_set_source_tag (task, wn_search_dialog_save_action);
  g_task_set_task_data (task, edit, (GDestroyNotify) wn_search_edit_free);
  g_task_run_in_thread (task, wn_search_dialog_save_thread);
}

static void
wn_search_dialog_cancel_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  WnSearchDialog *self = WN_SEARCH_DIALOG (widget);

  /* A write in flight finishes; ::saved is still emitted, as the
   * searches page must show what the project now holds. */
  if (self->saving)
    return;

  gtk_window_destroy (GTK_WINDOW (self));
}

/* The read-only facts. */

static void
add_fact (WnSearchDialog *self,
          int            *row,
          const char     *name,
          const char     *value,
          gboolean        monospace)
{
  GtkWidget *name_label;
  GtkWidget *value_label;

  if (wn_provenance_is_blank (value))
    return;

  name_label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (name_label), 1.0f);
  gtk_label_set_yalign (GTK_LABEL (name_label), 0.0f);
  gtk_widget_add_css_class (name_label, "dim-label");

  value_label = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (value_label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_set_hexpand (value_label, TRUE);
  if (monospace)
    gtk_widget_add_css_class (value_label, "monospace");

  gtk_accessible_update_relation (GTK_ACCESSIBLE (value_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, name_label, NULL,
                                  -1);

  gtk_grid_attach (self->facts_grid, name_label, 0, *row, 1, 1);
  gtk_grid_attach (self->facts_grid, value_label, 1, *row, 1, 1);
  (*row)++;
}

static void
wn_search_dialog_show_search (WnSearchDialog *self)
{
  const WnSearch *search = wn_search_item_get_search (self->item);
  const WnSearchBatch *batch;
  g_autofree char *title = NULL;
  g_autofree char *records = NULL;
  g_autofree char *imported = NULL;
  g_autofree char *id = NULL;
  g_autofree char *when = NULL;
  int row = 0;

  g_assert (WN_IS_SEARCH_DIALOG (self));

  id = g_strdup_printf ("%" G_GINT64_FORMAT, search->id);
  /* Translators: the edit dialog's title, "Search 2". */
  title = g_strdup_printf (_("Search %s"), id);
  gtk_label_set_text (self->title_label, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_text (self->subtitle_label, wn_search_item_get_label (self->item));

  wn_provenance_set_combo_text (self->database_combo, search->database);
  wn_provenance_set_combo_text (self->platform_combo, search->platform);
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry),
                         search->date_searched != NULL ? search->date_searched : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->query_view),
                            search->query != NULL ? search->query : "", -1);
  if (search->reported_hits >= 0)
    {
      g_autofree char *hits = g_strdup_printf ("%" G_GINT64_FORMAT, search->reported_hits);

      gtk_editable_set_text (GTK_EDITABLE (self->hits_entry), hits);
    }

  records = g_strdup_printf ("%'" G_GINT64_FORMAT, wn_search_item_get_record_count (self->item));
  g_object_get (self->item, "imported-when", &when, NULL);
  if (when != NULL && search->imported_by != NULL)
    /* Translators: "2026-10-02 14:03 by Anna Berg". */
    imported = g_strdup_printf (_("%s by %s"), when, search->imported_by);
  else
    imported = g_strdup (when);

  /* Each file's own facts; a search exported in several files lists
   * them all, and the records of all of them. */
  batch = wn_search_item_get_batch (self->item);
  if (batch->files->len > 1)
    {
      gtk_label_set_text (self->facts_heading, _("From the Files"));
      gtk_label_set_text (self->facts_description,
                          _("What Winnow read from the files when they were imported. These facts cannot be changed."));
    }
  for (guint i = 0; i < batch->files->len; i++)
    {
      const WnSearch *file = g_ptr_array_index (batch->files, i);
      g_autofree char *file_label = NULL;
      g_autofree char *file_records = NULL;

      if (batch->files->len > 1)
        {
          /* Translators: one file of a search exported in several, "File 2 of 3". */
          file_label = g_strdup_printf (_("File %u of %u"), i + 1, batch->files->len);
          file_records = g_strdup_printf ("%'" G_GINT64_FORMAT, file->record_count);
        }
      add_fact (self, &row, file_label != NULL ? file_label : _("File"), file->file_name, FALSE);
      add_fact (self, &row, _("Format"), wn_provenance_format_name (file->format), FALSE);
      add_fact (self, &row, _("Encoding"), file->encoding, FALSE);
      add_fact (self, &row, _("Exported by"), file->vendor, FALSE);
      add_fact (self, &row, _("Records in the file"), file_records, FALSE);
      if (batch->files->len > 1)
        add_fact (self, &row, _("SHA-256"), file->file_sha256, TRUE);
    }
  add_fact (self, &row, _("Records imported"), records, FALSE);
  add_fact (self, &row, _("Imported"), imported, FALSE);
  if (batch->files->len == 1)
    add_fact (self, &row, _("SHA-256"), search->file_sha256, TRUE);
}

/* The object. */

static void
wn_search_dialog_dispose (GObject *object)
{
  WnSearchDialog *self = WN_SEARCH_DIALOG (object);

  self->disposed = TRUE;
  g_clear_weak_pointer (&self->focus_before_save);

  /* As in WnWindow: GtkWindow 4.8 would unparent its child again. */
  gtk_window_set_child (GTK_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WN_TYPE_SEARCH_DIALOG);

  G_OBJECT_CLASS (wn_search_dialog_parent_class)->dispose (object);
}

static void
wn_search_dialog_finalize (GObject *object)
{
  WnSearchDialog *self = WN_SEARCH_DIALOG (object);

  g_clear_object (&self->project);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (wn_search_dialog_parent_class)->finalize (object);
}

static void
wn_search_dialog_class_init (WnSearchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wn_search_dialog_dispose;
  object_class->finalize = wn_search_dialog_finalize;

  /**
   * WnSearchDialog::saved:
   *
   * The changes were written to the project; the dialog closes next.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/winnow/Winnow/wn-search-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WnSearchDialog, title_label);
  gtk_widget_class_bind_template_child (widget_class, WnSearchDialog, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, WnSearchDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, WnSearchDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, WnSearchDialog, content);
  gtk_widget_class_bind_template_child (widget_class, WnSearchDialog, database_combo);
  gtk_widget_class_bind_template_child (widget_class, WnSearchDialog, platform_combo);
  gtk_widget_class_bind_template_child (widget_class, WnSearchDialog, date_entry);
  gtk_widget_class_bind_template_child (widget_class, WnSearchDialog, query_view);
  gtk_widget_class_bind_template_child (widget_class, WnSearchDialog, hits_entry);
  gtk_widget_class_bind_template_child (widget_class, WnSearchDialog, hits_warning_box);
  gtk_widget_class_bind_template_child (widget_class, WnSearchDialog, hits_warning_label);
  gtk_widget_class_bind_template_child (widget_class, WnSearchDialog, form_error_label);
  gtk_widget_class_bind_template_child (widget_class, WnSearchDialog, facts_heading);
  gtk_widget_class_bind_template_child (widget_class, WnSearchDialog, facts_description);
  gtk_widget_class_bind_template_child (widget_class, WnSearchDialog, facts_grid);
  gtk_widget_class_bind_template_callback (widget_class, wn_search_dialog_form_changed_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, wn_search_dialog_save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, wn_search_dialog_cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "editor.save", NULL);
}

static void
wn_search_dialog_init (WnSearchDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  wn_provenance_fill_databases (self->database_combo);
  wn_provenance_fill_platforms (self->platform_combo);

  /* Typing into a combo box's entry does not always emit the combo box's
   * "changed": watch the entries themselves. */
  g_signal_connect_object (gtk_combo_box_get_child (GTK_COMBO_BOX (self->database_combo)),
                           "changed", G_CALLBACK (wn_search_dialog_form_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_combo_box_get_child (GTK_COMBO_BOX (self->platform_combo)),
                           "changed", G_CALLBACK (wn_search_dialog_form_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->query_view),
                           "changed", G_CALLBACK (wn_search_dialog_form_changed_cb),
                           self, G_CONNECT_SWAPPED);

  /* Entries in the combo boxes save on Enter too. */
  gtk_entry_set_activates_default (GTK_ENTRY (gtk_combo_box_get_child (GTK_COMBO_BOX (self->database_combo))), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (gtk_combo_box_get_child (GTK_COMBO_BOX (self->platform_combo))), TRUE);
}

WnSearchDialog *
wn_search_dialog_new (GtkWindow    *parent,
                      WnProject    *project,
                      WnSearchItem *item)
{
  WnSearchDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (WN_IS_PROJECT (project), NULL);
  g_return_val_if_fail (WN_IS_SEARCH_ITEM (item), NULL);

  self = g_object_new (WN_TYPE_SEARCH_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->project = g_object_ref (project);
  self->item = g_object_ref (item);

  wn_search_dialog_show_search (self);
  wn_search_dialog_form_changed_cb (self);

  return self;
}

gint64
wn_search_dialog_get_search_id (WnSearchDialog *self)
{
  g_return_val_if_fail (WN_IS_SEARCH_DIALOG (self), 0);

  return wn_search_item_get_id (self->item);
}
