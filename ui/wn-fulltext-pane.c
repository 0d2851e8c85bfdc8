/* wn-fulltext-pane.c — one record's full text at the full-text stage: its
 * PDF, or attach it, or say why it was not retrieved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A header (the record's title, the PDF's name and size, the retrieval
 * status) over the PDF viewer (WnPdfView). A record without a PDF shows
 * "Attach PDF…" (a file chooser; a PDF dropped on the pane works too) and
 * "Not Retrieved…" (a reason, wn_project_set_retrieval: the report then
 * leaves the full-text queue and counts as not retrieved in PRISMA).
 *
 * Everything that touches the project runs in a thread
 * (wn_project_job_run): reading the record, its full text and status and
 * the PDF's bytes in one job, so the first page is drawn as soon as
 * possible after the record is shown (the viewer measures it); attaching;
 * setting the status. "changed" tells the screening page that the record
 * gained a PDF or left the queue.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-attach-folder.h"
#include "wn-fulltext-pane.h"
#include "wn-fulltext.h"
#include "wn-prisma.h"
#include "wn-screening-dialogs.h"

struct _WnFulltextPane
{
  GtkWidget     parent_instance;

  GtkLabel     *title_label;
  GtkLabel     *file_label;
  GtkLabel     *retrieval_label;
  GtkStack     *stack;
  GtkLabel     *none_label;
  GtkWidget    *attach_button;
  GtkWidget    *retrieval_button;
  GtkLabel     *error_label;
  WnPdfView    *pdf_view;

  WnProject    *project;
  gint64        record_id;
  GCancellable *cancellable;
  GtkNativeDialog *chooser;
  GtkWindow    *reason_dialog;
  gboolean      busy;
  char         *file;
  int           retrieval;   /* -1 none, 0 not retrieved, 1 retrieved */
  char         *retrieval_reason;
  char         *error;
};

G_DEFINE_FINAL_TYPE (WnFulltextPane, wn_fulltext_pane, GTK_TYPE_WIDGET)

enum { SIGNAL_STATE_CHANGED, SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
state_changed (WnFulltextPane *self)
{
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0);
}

/* ---- Reading --------------------------------------------------------------- */

typedef struct
{
  char        *title;
  WnFulltext  *fulltext;
  WnRetrieval *retrieval;
  GBytes      *bytes;
  char        *load_error;   /* the PDF could not be read: shown in the viewer */
} ReadResult;

static void
read_result_free (ReadResult *result)
{
  g_free (result->title);
  g_clear_pointer (&result->fulltext, wn_fulltext_free);
  g_clear_pointer (&result->retrieval, wn_retrieval_free);
  g_clear_pointer (&result->bytes, g_bytes_unref);
  g_free (result->load_error);
  g_free (result);
}

static gboolean
read_job (WnProject *project,
          gpointer   data,
          gpointer  *result_out,
          GError   **error)
{
  gint64 record_id = *(gint64 *) data;
  ReadResult *result = g_new0 (ReadResult, 1);
  g_autoptr(WnRecord) record = NULL;
  GError *local = NULL;

  record = wn_project_get_record (project, record_id, NULL, &local);
  if (record == NULL)
    {
      read_result_free (result);
      g_propagate_error (error, local);
      return FALSE;
    }
  result->title = g_strdup (record->title);

  result->fulltext = wn_project_get_fulltext (project, record_id, &local);
  if (local == NULL)
    result->retrieval = wn_project_get_retrieval (project, record_id, &local);
  if (local != NULL)
    {
      read_result_free (result);
      g_propagate_error (error, local);
      return FALSE;
    }
  if (result->fulltext != NULL)
    {
      result->bytes = wn_project_load_pdf (project, result->fulltext->sha256, &local);
      if (result->bytes == NULL)
        {
          result->load_error = g_strdup (local != NULL ? local->message : "");
          g_clear_error (&local);
        }
    }
  *result_out = result;
  return TRUE;
}

static void
read_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  WnFulltextPane *self = user_data;
  g_autoptr(GError) error = NULL;
  ReadResult *result = NULL;

  if (!wn_project_job_finish (res, (gpointer *) &result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->busy = FALSE;
          g_free (self->error);
          self->error = g_strdup (error->message);
          gtk_label_set_text (self->error_label, error->message);
          gtk_stack_set_visible_child_name (self->stack, "error");
          wn_pdf_view_clear (self->pdf_view);
          state_changed (self);
        }
      g_object_unref (self);
      return;
    }

  self->busy = FALSE;
  gtk_label_set_text (self->title_label, result->title != NULL ? result->title : _("Untitled record"));

  g_clear_pointer (&self->file, g_free);
  if (result->fulltext != NULL)
    {
      g_autofree char *size = g_format_size (result->fulltext->size);
      g_autofree char *text = NULL;

      self->file = g_strdup (result->fulltext->file_name);
      /* Translators: the PDF shown: "paper.pdf · 1.2 MB · 12 pages". */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s · %d page", "%s · %s · %d pages",
                                           result->fulltext->pages),
                              self->file != NULL ? self->file : "PDF", size, result->fulltext->pages);
      gtk_label_set_text (self->file_label, text);
    }
  else
    gtk_label_set_text (self->file_label, _("No PDF attached"));

  g_clear_pointer (&self->retrieval_reason, g_free);
  if (result->retrieval == NULL)
    {
      self->retrieval = -1;
      gtk_label_set_text (self->retrieval_label, _("Retrieval not recorded"));
    }
  else if (result->retrieval->retrieved)
    {
      self->retrieval = 1;
      gtk_label_set_text (self->retrieval_label, _("Retrieved"));
    }
  else
    {
      g_autofree char *text = NULL;

      self->retrieval = 0;
      self->retrieval_reason = g_strdup (result->retrieval->reason);
      /* Translators: a report not retrieved, and why. */
      text = g_strdup_printf (_("Not retrieved: %s"), self->retrieval_reason != NULL ? self->retrieval_reason : "");
      gtk_label_set_text (self->retrieval_label, text);
    }

  if (result->bytes != NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "pdf");
      wn_pdf_view_load_bytes (self->pdf_view, result->bytes, self->file);
    }
  else if (result->fulltext != NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "pdf");
      wn_pdf_view_show_error (self->pdf_view, result->load_error);
    }
  else
    {
      wn_pdf_view_clear (self->pdf_view);
      gtk_label_set_text (self->none_label,
                          self->retrieval == 0
                            ? _("This report was not retrieved. Attach its PDF if you find it after all.")
                            : _("Attach the PDF of this report to screen its full text, or record why it could not be retrieved."));
      gtk_widget_set_visible (self->retrieval_button, self->retrieval != 0);
      gtk_stack_set_visible_child_name (self->stack, "none");
    }

  read_result_free (result);
  state_changed (self);
  g_object_unref (self);
}

void
wn_fulltext_pane_show_record (WnFulltextPane *self,
                              gint64          record_id)
{
  g_return_if_fail (WN_IS_FULLTEXT_PANE (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->record_id = record_id;
  g_clear_pointer (&self->error, g_free);

  if (record_id == 0 || self->project == NULL)
    {
      self->busy = FALSE;
      gtk_label_set_text (self->title_label, "");
      gtk_label_set_text (self->file_label, "");
      gtk_label_set_text (self->retrieval_label, "");
      wn_pdf_view_clear (self->pdf_view);
      gtk_stack_set_visible_child_name (self->stack, "pdf");
      state_changed (self);
      return;
    }

  /* The first-page clock starts here: the record is selected. */
  self->busy = TRUE;
  wn_pdf_view_show_loading (self->pdf_view);
  gtk_stack_set_visible_child_name (self->stack, "pdf");
  self->cancellable = g_cancellable_new ();
  wn_project_job_run (self->project, read_job,
                      g_memdup2 (&record_id, sizeof record_id), g_free,
                      (GDestroyNotify) read_result_free, self->cancellable,
                      read_done, g_object_ref (self));
  state_changed (self);
}

/* ---- Attaching, not retrieved ------------------------------------------------ */

typedef struct
{
  gint64  record_id;
  GFile  *file;     /* attach this, or */
  char   *reason;   /* set "not retrieved" with this */
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_object (&data->file);
  g_free (data->reason);
  g_free (data);
}

static gboolean
write_job (WnProject *project,
           gpointer   data,
           gpointer  *result,
           GError   **error)
{
  WriteData *write = data;

  if (write->file != NULL)
    {
      g_autofree char *path = g_file_get_path (write->file);
      g_autoptr(WnRetrieval) retrieval = NULL;
      gboolean attached;

      if (path != NULL)
        attached = wn_project_attach_pdf (project, write->record_id, path, error);
      else
        {
          g_autoptr(GBytes) bytes = g_file_load_bytes (write->file, NULL, NULL, error);
          g_autofree char *name = g_file_get_basename (write->file);

          attached = bytes != NULL && wn_project_attach_pdf_bytes (project, write->record_id, bytes, name, error);
        }
      if (!attached)
        return FALSE;
      /* Found after all: a report marked not retrieved is retrieved now
       * (the core leaves a status already set as it is). */
      retrieval = wn_project_get_retrieval (project, write->record_id, NULL);
      if (retrieval != NULL && !retrieval->retrieved)
        return wn_project_set_retrieval (project, write->record_id, TRUE, NULL, error);
      return TRUE;
    }
  return wn_project_set_retrieval (project, write->record_id, FALSE, write->reason, error);
}

static void
write_done (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  WnFulltextPane *self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 record_id = self->record_id;

  self->busy = FALSE;
  if (!wn_project_job_finish (res, NULL, &error))
    {
      g_free (self->error);
      self->error = g_strdup (error->message);
      state_changed (self);
      wn_show_error (GTK_WIDGET (self), _("Cannot Save the Full Text"), error->message);
    }
  else
    {
      wn_fulltext_pane_show_record (self, record_id);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0, record_id);
    }
  g_object_unref (self);
}

static void
run_write (WnFulltextPane *self,
           GFile          *file,
           const char     *reason)
{
  WriteData *data;

  if (self->project == NULL || self->record_id == 0)
    return;
  data = g_new0 (WriteData, 1);
  data->record_id = self->record_id;
  data->file = file != NULL ? g_object_ref (file) : NULL;
  data->reason = g_strdup (reason);
  self->busy = TRUE;
  state_changed (self);
  wn_project_job_run (self->project, write_job, data, (GDestroyNotify) write_data_free,
                      NULL, NULL, write_done, g_object_ref (self));
}

static void
chooser_response_cb (WnFulltextPane       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        run_write (self, file, NULL);
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
}

static void
attach_clicked_cb (WnFulltextPane *self)
{
  if (self->chooser != NULL || self->record_id == 0)
    return;
  self->chooser = wn_attach_pdf_chooser_show (GTK_WIDGET (self), G_CALLBACK (chooser_response_cb), self);
}

static gboolean
drop_cb (WnFulltextPane *self,
         const GValue   *value,
         double          x,
         double          y)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || self->record_id == 0)
    return FALSE;
  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;
  run_write (self, files->data, NULL);
  return TRUE;
}

static void
reason_entry_changed_cb (GtkEditable *entry,
                         GtkWidget   *save)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  gtk_widget_set_sensitive (save, text[0] != '\0');
}

static void
reason_save_cb (WnFulltextPane *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (self->reason_dialog), "entry");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (text[0] == '\0')
    return;
  run_write (self, NULL, text);
  gtk_window_destroy (self->reason_dialog);
}

static void
reason_dialog_destroy_cb (WnFulltextPane *self)
{
  self->reason_dialog = NULL;
}

static void
retrieval_clicked_cb (WnFulltextPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *window, *box, *label, *entry, *buttons, *cancel, *save, *header;

  if (self->reason_dialog != NULL || self->record_id == 0)
    return;

  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Not Retrieved"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 420, -1);
  gtk_window_set_resizable (GTK_WINDOW (window), FALSE);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  header = gtk_header_bar_new ();
  gtk_header_bar_set_show_title_buttons (GTK_HEADER_BAR (header), FALSE);
  gtk_window_set_titlebar (GTK_WINDOW (window), header);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  label = gtk_label_new (_("Why could the full text not be retrieved? The report leaves the full-text queue and PRISMA counts it as not retrieved."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 44);
  gtk_box_append (GTK_BOX (box), label);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("e.g. Not available from the library"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_window_set_child (GTK_WINDOW (window), box);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  save = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_widget_set_sensitive (save, FALSE);
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), cancel);
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), save);
  g_object_unref (g_object_ref_sink (buttons));
  gtk_window_set_default_widget (GTK_WINDOW (window), save);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (reason_save_cb), self);
  g_signal_connect (entry, "changed", G_CALLBACK (reason_entry_changed_cb), save);
  g_object_set_data (G_OBJECT (window), "entry", entry);
  g_signal_connect_object (window, "destroy", G_CALLBACK (reason_dialog_destroy_cb), self, G_CONNECT_SWAPPED);

  self->reason_dialog = GTK_WINDOW (window);
  gtk_window_present (GTK_WINDOW (window));
}

/* ---- The widget ---------------------------------------------------------------- */

static void
pdf_state_cb (WnFulltextPane *self)
{
  state_changed (self);
}

static void
wn_fulltext_pane_dispose (GObject *object)
{
  WnFulltextPane *self = WN_FULLTEXT_PANE (object);
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  if (self->reason_dialog != NULL)
    gtk_window_destroy (self->reason_dialog);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->project);
  g_clear_pointer (&self->file, g_free);
  g_clear_pointer (&self->retrieval_reason, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (wn_fulltext_pane_parent_class)->dispose (object);
}

static void
wn_fulltext_pane_class_init (WnFulltextPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wn_fulltext_pane_dispose;

  /* Something the test hook shows changed. */
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The record gained a PDF or was marked not retrieved. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wnfulltextpane");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
wn_fulltext_pane_init (WnFulltextPane *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkWidget *header, *line, *box, *image, *label, *buttons;
  GtkDropTarget *drop;

  self->retrieval = -1;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (widget)),
                                  GTK_ORIENTATION_VERTICAL);

  header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_add_css_class (header, "wn-fulltext-header");
  gtk_widget_set_margin_start (header, 18);
  gtk_widget_set_margin_end (header, 18);
  gtk_widget_set_margin_top (header, 6);
  gtk_widget_set_margin_bottom (header, 4);
  gtk_widget_set_parent (header, widget);
  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title_label, 0);
  gtk_label_set_ellipsize (self->title_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->title_label), TRUE);
  g_object_bind_property (self->title_label, "label", self->title_label, "tooltip-text", G_BINDING_DEFAULT);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->title_label));
  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->file_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->file_label, 0);
  gtk_label_set_ellipsize (self->file_label, PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->file_label), "dim-label");
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->file_label));
  self->retrieval_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->retrieval_label, 1);
  gtk_widget_set_hexpand (GTK_WIDGET (self->retrieval_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->retrieval_label), "dim-label");
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->retrieval_label));
  gtk_box_append (GTK_BOX (header), line);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->stack), widget);

  self->pdf_view = WN_PDF_VIEW (wn_pdf_view_new ());
  g_signal_connect_object (self->pdf_view, "state-changed", G_CALLBACK (pdf_state_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->pdf_view), "pdf");

  /* No PDF: attach one, or say why it cannot be had. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (box, 36);
  gtk_widget_set_margin_end (box, 36);
  image = gtk_image_new_from_icon_name ("x-office-document-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (image), 64);
  gtk_widget_add_css_class (image, "dim-label");
  gtk_box_append (GTK_BOX (box), image);
  label = gtk_label_new (_("No Full Text"));
  gtk_widget_add_css_class (label, "title-3");
  gtk_box_append (GTK_BOX (box), label);
  self->none_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->none_label, TRUE);
  gtk_label_set_justify (self->none_label, GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (self->none_label, 48);
  gtk_widget_add_css_class (GTK_WIDGET (self->none_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->none_label));
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  self->attach_button = gtk_button_new_with_mnemonic (_("_Attach PDF…"));
  gtk_widget_add_css_class (self->attach_button, "suggested-action");
  gtk_widget_add_css_class (self->attach_button, "pill");
  gtk_widget_set_tooltip_text (self->attach_button, _("Choose the report’s PDF (or drop one here)"));
  g_signal_connect_swapped (self->attach_button, "clicked", G_CALLBACK (attach_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), self->attach_button);
  self->retrieval_button = gtk_button_new_with_mnemonic (_("_Not Retrieved…"));
  gtk_widget_add_css_class (self->retrieval_button, "pill");
  gtk_widget_set_tooltip_text (self->retrieval_button, _("Record that the full text could not be retrieved, and why"));
  g_signal_connect_swapped (self->retrieval_button, "clicked", G_CALLBACK (retrieval_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), self->retrieval_button);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_stack_add_named (self->stack, box, "none");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  image = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (image), 64);
  gtk_widget_add_css_class (image, "dim-label");
  gtk_box_append (GTK_BOX (box), image);
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_selectable (self->error_label, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));
  gtk_stack_add_named (self->stack, box, "error");
  gtk_stack_set_visible_child_name (self->stack, "pdf");

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_swapped (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drop));
}

GtkWidget *
wn_fulltext_pane_new (void)
{
  return g_object_new (WN_TYPE_FULLTEXT_PANE, NULL);
}

void
wn_fulltext_pane_set_project (WnFulltextPane *self,
                              WnProject      *project)
{
  g_return_if_fail (WN_IS_FULLTEXT_PANE (self));

  if (g_set_object (&self->project, project))
    wn_fulltext_pane_show_record (self, 0);
}

void
wn_fulltext_pane_set_highlighter (WnFulltextPane *self,
                                  WnHighlighter  *highlighter)
{
  g_return_if_fail (WN_IS_FULLTEXT_PANE (self));

  wn_pdf_view_set_highlighter (self->pdf_view, highlighter);
}

gint64
wn_fulltext_pane_get_record_id (WnFulltextPane *self)
{
  g_return_val_if_fail (WN_IS_FULLTEXT_PANE (self), 0);

  return self->record_id;
}

WnPdfView *
wn_fulltext_pane_get_pdf_view (WnFulltextPane *self)
{
  g_return_val_if_fail (WN_IS_FULLTEXT_PANE (self), NULL);

  return self->pdf_view;
}

void
wn_fulltext_pane_describe (WnFulltextPane *self,
                           WnTestStateFunc func,
                           gpointer        user_data)
{
  g_autofree char *id = NULL;
  const char *page;
  const char *state;

  g_return_if_fail (WN_IS_FULLTEXT_PANE (self));

  id = g_strdup_printf ("%" G_GINT64_FORMAT, self->record_id);
  page = gtk_stack_get_visible_child_name (self->stack);
  if (self->record_id == 0)
    state = "empty";
  else if (self->busy)
    state = "loading";
  else if (g_strcmp0 (page, "none") == 0)
    state = "none";
  else if (g_strcmp0 (page, "error") == 0)
    state = "error";
  else
    state = "pdf";

  func ("ft_record_id", id, user_data);
  func ("ft_state", state, user_data);
  func ("ft_file", self->file != NULL ? self->file : "", user_data);
  func ("ft_retrieval", self->retrieval < 0 ? "none" : self->retrieval ? "retrieved" : "not-retrieved", user_data);
  func ("ft_retrieval_reason", self->retrieval_reason != NULL ? self->retrieval_reason : "", user_data);
  func ("ft_error", self->error != NULL ? self->error : "", user_data);
  wn_pdf_view_describe (self->pdf_view, "pdf_", func, user_data);
}
