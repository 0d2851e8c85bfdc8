/* wn-record-detail.c — the detail pane: one record, in full
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A passive view: the window loads the record in a thread
 * (wn_project_get_record) and hands it here. Empty fields hide their rows,
 * so a sparse record reads as cleanly as a full one.
 *
 * The Full Text section is the pane's own: given the project
 * (wn_record_detail_set_project), it reads the record's PDF and retrieval
 * status in a thread, attaches a PDF chosen with "Attach PDF…" or dropped
 * anywhere on the pane (GtkDropTarget, a file list), and detaches it, each
 * in a thread. An encrypted, damaged or non-PDF file is refused with the
 * core's message in a dialog; the record is unaffected. "fulltext-changed"
 * tells the window after an attach or detach.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-fulltext.h"
#include "wn-prisma.h"
#include "wn-attach-folder.h"
#include "wn-record-detail.h"
#include "wn-screening-dialogs.h"

struct _WnRecordDetail
{
  GtkWidget  parent_instance;

  GtkStack  *stack;
  GtkLabel  *error_label;
  GtkWidget *scroller;
  GtkLabel  *title_label;
  GtkLabel  *authors_label;
  GtkLabel  *source_label;
  GtkLabel  *doi_label;
  GtkWidget *abstract_heading;
  GtkLabel  *abstract_label;
  GtkWidget *keywords_heading;
  GtkLabel  *keywords_label;
  GtkGrid   *facts_grid;
  GtkLabel  *fulltext_label;
  GtkLabel  *retrieval_label;
  GtkWidget *attach_button;
  GtkWidget *detach_button;
  GtkSpinner *fulltext_spinner;

  gint64     record_id;
  char      *title;

  WnProject    *project;
  GCancellable *fulltext_cancellable;
  GtkNativeDialog *chooser;
  gboolean      has_fulltext;
  gboolean      fulltext_busy;
  char         *fulltext_name;
  char         *fulltext_error;   /* the last attach's failure, for the test hook */
};

enum { SIGNAL_FULLTEXT_CHANGED, SIGNAL_STATE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (WnRecordDetail, wn_record_detail, GTK_TYPE_WIDGET)

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isspace (*text))
        return FALSE;
    }

  return TRUE;
}

/* Sets a label's text and hides it (and its heading) when there is none. */
static void
set_optional_label (GtkLabel   *label,
                    GtkWidget  *heading,
                    const char *text)
{
  gboolean visible = !is_blank (text);

  gtk_label_set_text (label, visible ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), visible);
  if (heading != NULL)
    gtk_widget_set_visible (heading, visible);
}

static char *
join_strings (GPtrArray  *strings,
              const char *separator)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (strings == NULL)
    return NULL;

  for (guint i = 0; i < strings->len; i++)
    {
      const char *s = g_ptr_array_index (strings, i);

      if (is_blank (s))
        continue;
      if (out->len > 0)
        g_string_append (out, separator);
      g_string_append (out, s);
    }

  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* "<i>Journal</i> · 2021 · 12(3) · pp. 45–67", as Pango markup. */
static char *
format_source (const WnRecord *record)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) volume = g_string_new (NULL);

#define APPEND_PART(markup) \
  G_STMT_START { \
    g_autofree char *part_ = (markup); \
    if (out->len > 0) \
      g_string_append (out, " · "); \
    g_string_append (out, part_); \
  } G_STMT_END

  if (!is_blank (record->journal))
    APPEND_PART (g_markup_printf_escaped ("<i>%s</i>", record->journal));
  if (!is_blank (record->year))
    APPEND_PART (g_markup_escape_text (record->year, -1));

  if (!is_blank (record->volume))
    g_string_append (volume, record->volume);
  if (!is_blank (record->issue))
    g_string_append_printf (volume, "(%s)", record->issue);
  if (volume->len > 0)
    APPEND_PART (g_markup_escape_text (volume->str, -1));

  if (!is_blank (record->pages))
    {
      /* Translators: page numbers of an article, e.g. "pp. 45–67". */
      g_autofree char *pages = g_strdup_printf (_("pp. %s"), record->pages);
      APPEND_PART (g_markup_escape_text (pages, -1));
    }

#undef APPEND_PART

  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static void
add_fact (WnRecordDetail *self,
          int            *row,
          const char     *name,
          const char     *value)
{
  GtkWidget *name_label;
  GtkWidget *value_label;

  g_assert (WN_IS_RECORD_DETAIL (self));

  if (is_blank (value))
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

  gtk_grid_attach (self->facts_grid, name_label, 0, *row, 1, 1);
  gtk_grid_attach (self->facts_grid, value_label, 1, *row, 1, 1);
  (*row)++;
}

static void
wn_record_detail_clear_facts (WnRecordDetail *self)
{
  GtkWidget *child;

  g_assert (WN_IS_RECORD_DETAIL (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->facts_grid))) != NULL)
    gtk_grid_remove (self->facts_grid, child);
}

static void
wn_record_detail_dispose (GObject *object)
{
  WnRecordDetail *self = WN_RECORD_DETAIL (object);

  if (self->fulltext_cancellable != NULL)
    g_cancellable_cancel (self->fulltext_cancellable);
  g_clear_object (&self->fulltext_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), WN_TYPE_RECORD_DETAIL);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->fulltext_name, g_free);
  g_clear_pointer (&self->fulltext_error, g_free);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (wn_record_detail_parent_class)->dispose (object);
}

/* ---- The full text ------------------------------------------------------- */

typedef struct
{
  WnFulltext  *fulltext;
  WnRetrieval *retrieval;
} FulltextInfo;

static void
fulltext_info_free (FulltextInfo *info)
{
  g_clear_pointer (&info->fulltext, wn_fulltext_free);
  g_clear_pointer (&info->retrieval, wn_retrieval_free);
  g_free (info);
}

static gboolean
read_fulltext_job (WnProject *project,
                   gpointer   data,
                   gpointer  *result,
                   GError   **error)
{
  gint64 record_id = *(gint64 *) data;
  FulltextInfo *info = g_new0 (FulltextInfo, 1);

  info->fulltext = wn_project_get_fulltext (project, record_id, error);
  if (info->fulltext == NULL && error != NULL && *error != NULL)
    {
      fulltext_info_free (info);
      return FALSE;
    }
  info->retrieval = wn_project_get_retrieval (project, record_id, error);
  if (info->retrieval == NULL && error != NULL && *error != NULL)
    {
      fulltext_info_free (info);
      return FALSE;
    }
  *result = info;
  return TRUE;
}

static void
set_fulltext_busy (WnRecordDetail *self,
                   gboolean        busy)
{
  self->fulltext_busy = busy;
  gtk_spinner_set_spinning (self->fulltext_spinner, busy);
  gtk_widget_set_sensitive (self->attach_button, !busy && self->project != NULL && self->record_id != 0);
  gtk_widget_set_sensitive (self->detach_button, !busy && self->has_fulltext);
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0);
}

static void
show_fulltext_info (WnRecordDetail     *self,
                    const FulltextInfo *info)
{
  g_clear_pointer (&self->fulltext_name, g_free);
  self->has_fulltext = info != NULL && info->fulltext != NULL;

  if (self->has_fulltext)
    {
      const WnFulltext *ft = info->fulltext;
      g_autofree char *size = g_format_size (ft->size);
      g_autofree char *text = NULL;

      self->fulltext_name = g_strdup (ft->file_name);
      /* Translators: an attached PDF: "paper.pdf · 1.2 MB · 12 pages". */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s · %d page", "%s · %s · %d pages", ft->pages),
                              ft->file_name != NULL ? ft->file_name : "PDF", size, ft->pages);
      gtk_label_set_text (self->fulltext_label, text);
    }
  else
    gtk_label_set_text (self->fulltext_label,
                        info != NULL ? _("No PDF attached. Drop a PDF on this pane or attach one.") : "");

  if (info != NULL && info->retrieval != NULL)
    {
      g_autofree char *text = NULL;

      if (info->retrieval->retrieved)
        text = g_strdup (_("Retrieval: retrieved"));
      else
        /* Translators: a report not retrieved, with the reason given. */
        text = g_strdup_printf (_("Retrieval: not retrieved (%s)"),
                                info->retrieval->reason != NULL ? info->retrieval->reason : "");
      gtk_label_set_text (self->retrieval_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->retrieval_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->retrieval_label), FALSE);

  set_fulltext_busy (self, FALSE);
}

static void
read_fulltext_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  WnRecordDetail *self = user_data;
  g_autoptr(GError) error = NULL;
  FulltextInfo *info = NULL;

  if (!wn_project_job_finish (result, (gpointer *) &info, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->fulltext_label, error->message);
          set_fulltext_busy (self, FALSE);
        }
      g_object_unref (self);
      return;
    }
  show_fulltext_info (self, info);
  fulltext_info_free (info);
  g_object_unref (self);
}

static void
wn_record_detail_read_fulltext (WnRecordDetail *self)
{
  if (self->fulltext_cancellable != NULL)
    g_cancellable_cancel (self->fulltext_cancellable);
  g_clear_object (&self->fulltext_cancellable);

  if (self->project == NULL || self->record_id == 0)
    {
      show_fulltext_info (self, NULL);
      return;
    }

  self->fulltext_cancellable = g_cancellable_new ();
  set_fulltext_busy (self, TRUE);
  wn_project_job_run (self->project, read_fulltext_job,
                      g_memdup2 (&self->record_id, sizeof self->record_id), g_free,
                      (GDestroyNotify) fulltext_info_free, self->fulltext_cancellable,
                      read_fulltext_done, g_object_ref (self));
}

typedef struct
{
  gint64  record_id;
  GFile  *file;   /* NULL to detach */
} AttachData;

static void
attach_data_free (AttachData *data)
{
  g_clear_object (&data->file);
  g_free (data);
}

static gboolean
attach_job (WnProject *project,
            gpointer   data,
            gpointer  *result,
            GError   **error)
{
  AttachData *attach = data;
  g_autofree char *path = NULL;

  gboolean attached;

  if (attach->file == NULL)
    return wn_project_detach_pdf (project, attach->record_id, error);

  path = g_file_get_path (attach->file);
  if (path != NULL)
    attached = wn_project_attach_pdf (project, attach->record_id, path, error);
  else
    {
      /* Not a local file (a portal or a remote one): read its bytes. */
      g_autoptr(GBytes) bytes = g_file_load_bytes (attach->file, NULL, NULL, error);
      g_autofree char *name = g_file_get_basename (attach->file);

      attached = bytes != NULL && wn_project_attach_pdf_bytes (project, attach->record_id, bytes, name, error);
    }
  /* The core marks the report retrieved in the same transaction. */
  return attached;
}

typedef struct
{
  WnRecordDetail *self;
  gint64          record_id;
  gboolean        detach;
} AttachCall;

static void
attach_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AttachCall *call = user_data;
  WnRecordDetail *self = call->self;
  g_autoptr(GError) error = NULL;

  if (!wn_project_job_finish (result, NULL, &error))
    {
      g_free (self->fulltext_error);
      self->fulltext_error = g_strdup (error->message);
      set_fulltext_busy (self, FALSE);
      wn_show_error (GTK_WIDGET (self),
                     call->detach ? _("Cannot Detach the PDF") : _("Cannot Attach the PDF"),
                     error->message);
    }
  else
    {
      g_clear_pointer (&self->fulltext_error, g_free);
      if (call->record_id == self->record_id)
        wn_record_detail_read_fulltext (self);
      g_signal_emit (self, signals[SIGNAL_FULLTEXT_CHANGED], 0, call->record_id);
    }
  g_object_unref (self);
  g_free (call);
}

/* Attaches file (NULL: detaches) to the record shown, in a thread. */
void
wn_record_detail_attach_file (WnRecordDetail *self,
                              GFile          *file)
{
  AttachData *data;
  AttachCall *call;

  g_return_if_fail (WN_IS_RECORD_DETAIL (self));

  if (self->project == NULL || self->record_id == 0)
    return;

  data = g_new0 (AttachData, 1);
  data->record_id = self->record_id;
  data->file = file != NULL ? g_object_ref (file) : NULL;
  call = g_new0 (AttachCall, 1);
  call->self = g_object_ref (self);
  call->record_id = self->record_id;
  call->detach = file == NULL;
  set_fulltext_busy (self, TRUE);
  wn_project_job_run (self->project, attach_job, data, (GDestroyNotify) attach_data_free,
                      NULL, NULL, attach_done, call);
}

static void
chooser_response_cb (WnRecordDetail       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        wn_record_detail_attach_file (self, file);
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
}

static void
wn_record_detail_attach_clicked_cb (WnRecordDetail *self)
{
  if (self->chooser != NULL || self->record_id == 0)
    return;
  self->chooser = wn_attach_pdf_chooser_show (GTK_WIDGET (self), G_CALLBACK (chooser_response_cb), self);
}

static void
wn_record_detail_detach_clicked_cb (WnRecordDetail *self)
{
  if (self->has_fulltext)
    wn_record_detail_attach_file (self, NULL);
}

static gboolean
wn_record_detail_drop_cb (WnRecordDetail *self,
                          const GValue   *value,
                          double          x,
                          double          y)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || self->project == NULL || self->record_id == 0)
    return FALSE;
  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;
  /* One full text per record: the first file dropped. */
  wn_record_detail_attach_file (self, files->data);
  return TRUE;
}

void
wn_record_detail_set_project (WnRecordDetail *self,
                              WnProject      *project)
{
  g_return_if_fail (WN_IS_RECORD_DETAIL (self));

  if (g_set_object (&self->project, project))
    wn_record_detail_read_fulltext (self);
}

void
wn_record_detail_reload_fulltext (WnRecordDetail *self)
{
  g_return_if_fail (WN_IS_RECORD_DETAIL (self));

  wn_record_detail_read_fulltext (self);
}

gboolean
wn_record_detail_get_has_fulltext (WnRecordDetail *self)
{
  g_return_val_if_fail (WN_IS_RECORD_DETAIL (self), FALSE);

  return self->has_fulltext;
}

const char *
wn_record_detail_get_fulltext_name (WnRecordDetail *self)
{
  g_return_val_if_fail (WN_IS_RECORD_DETAIL (self), NULL);

  return self->fulltext_name;
}

const char *
wn_record_detail_get_fulltext_error (WnRecordDetail *self)
{
  g_return_val_if_fail (WN_IS_RECORD_DETAIL (self), NULL);

  return self->fulltext_error;
}

gboolean
wn_record_detail_get_fulltext_busy (WnRecordDetail *self)
{
  g_return_val_if_fail (WN_IS_RECORD_DETAIL (self), FALSE);

  return self->fulltext_busy;
}

static void
wn_record_detail_class_init (WnRecordDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wn_record_detail_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/winnow/Winnow/wn-record-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, WnRecordDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, WnRecordDetail, error_label);
  gtk_widget_class_bind_template_child (widget_class, WnRecordDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, WnRecordDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, WnRecordDetail, authors_label);
  gtk_widget_class_bind_template_child (widget_class, WnRecordDetail, source_label);
  gtk_widget_class_bind_template_child (widget_class, WnRecordDetail, doi_label);
  gtk_widget_class_bind_template_child (widget_class, WnRecordDetail, abstract_heading);
  gtk_widget_class_bind_template_child (widget_class, WnRecordDetail, abstract_label);
  gtk_widget_class_bind_template_child (widget_class, WnRecordDetail, keywords_heading);
  gtk_widget_class_bind_template_child (widget_class, WnRecordDetail, keywords_label);
  gtk_widget_class_bind_template_child (widget_class, WnRecordDetail, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, WnRecordDetail, fulltext_label);
  gtk_widget_class_bind_template_child (widget_class, WnRecordDetail, retrieval_label);
  gtk_widget_class_bind_template_child (widget_class, WnRecordDetail, attach_button);
  gtk_widget_class_bind_template_child (widget_class, WnRecordDetail, detach_button);
  gtk_widget_class_bind_template_child (widget_class, WnRecordDetail, fulltext_spinner);
  gtk_widget_class_bind_template_callback (widget_class, wn_record_detail_attach_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, wn_record_detail_detach_clicked_cb);

  /* A PDF was attached or detached. */
  signals[SIGNAL_FULLTEXT_CHANGED] =
    g_signal_new ("fulltext-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* Something the test hook shows changed (the full text read, busy). */
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "wnrecorddetail");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
wn_record_detail_init (WnRecordDetail *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_swapped (drop, "drop", G_CALLBACK (wn_record_detail_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

GtkWidget *
wn_record_detail_new (void)
{
  return g_object_new (WN_TYPE_RECORD_DETAIL, NULL);
}

void
wn_record_detail_show_record (WnRecordDetail *self,
                              gint64          record_id,
                              const WnRecord *record,
                              const char     *database)
{
  g_autofree char *authors = NULL;
  g_autofree char *keywords = NULL;
  g_autofree char *source = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *lines = NULL;
  GtkAdjustment *vadjustment;
  int row = 0;

  g_return_if_fail (WN_IS_RECORD_DETAIL (self));
  g_return_if_fail (record != NULL);

  self->record_id = record_id;
  g_free (self->title);
  self->title = g_strdup (is_blank (record->title) ? _("Untitled record") : record->title);

  gtk_label_set_text (self->title_label, self->title);

  authors = join_strings (record->authors, "; ");
  set_optional_label (self->authors_label, NULL, authors);

  source = format_source (record);
  gtk_label_set_markup (self->source_label, source != NULL ? source : "");
  gtk_widget_set_visible (GTK_WIDGET (self->source_label), source != NULL);

  if (!is_blank (record->doi))
    {
      g_autofree char *escaped = g_uri_escape_string (record->doi, G_URI_RESERVED_CHARS_ALLOWED_IN_PATH, FALSE);
      g_autofree char *url = g_strconcat ("https://doi.org/", escaped, NULL);
      g_autofree char *markup = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", url, url);

      gtk_label_set_markup (self->doi_label, markup);
      gtk_widget_set_visible (GTK_WIDGET (self->doi_label), TRUE);
    }
  else
    {
      gtk_label_set_text (self->doi_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->doi_label), FALSE);
    }

  set_optional_label (self->abstract_label, self->abstract_heading, record->abstract);

  keywords = join_strings (record->keywords, " · ");
  set_optional_label (self->keywords_label, self->keywords_heading, keywords);

  wn_record_detail_clear_facts (self);
  add_fact (self, &row, _("Database"), database != NULL ? database : record->database);
  add_fact (self, &row, _("Type"), record->type);
  add_fact (self, &row, _("Language"), record->language);
  add_fact (self, &row, _("PMID"), record->pmid);
  add_fact (self, &row, _("Source ID"), record->source_id);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, record_id);
  add_fact (self, &row, _("Record ID"), id_text);
  if (record->line_start > 0)
    {
      /* Translators: where the record was in the imported file. */
      lines = g_strdup_printf (_("Lines %u–%u of the imported file"),
                               record->line_start, record->line_end);
      add_fact (self, &row, _("Source"), lines);
    }

  /* A new record starts at its title. */
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_lower (vadjustment));

  gtk_stack_set_visible_child_name (self->stack, "record");
  wn_record_detail_read_fulltext (self);
}

void
wn_record_detail_clear (WnRecordDetail *self)
{
  g_return_if_fail (WN_IS_RECORD_DETAIL (self));

  self->record_id = 0;
  g_clear_pointer (&self->title, g_free);
  wn_record_detail_read_fulltext (self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

void
wn_record_detail_show_error (WnRecordDetail *self,
                             const char     *message)
{
  g_return_if_fail (WN_IS_RECORD_DETAIL (self));

  self->record_id = 0;
  g_clear_pointer (&self->title, g_free);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_stack_set_visible_child_name (self->stack, "error");
}

gint64
wn_record_detail_get_record_id (WnRecordDetail *self)
{
  g_return_val_if_fail (WN_IS_RECORD_DETAIL (self), 0);

  return self->record_id;
}

const char *
wn_record_detail_get_title (WnRecordDetail *self)
{
  g_return_val_if_fail (WN_IS_RECORD_DETAIL (self), NULL);

  return self->title;
}
