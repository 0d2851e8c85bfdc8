/* wn-extraction-view.c — the Extraction page: each included study's data
 * extracted and its text coded, beside its PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three panes. On the left the included studies (wn_project_list_studies)
 * as "S001 · First author (year) · title", a study flagged for a second
 * pass (a field added to the template after it was extracted) marked so.
 * In the centre the selected study's PDF (WnFulltextPane, which offers to
 * attach one when there is none). A study without a PDF (grey literature)
 * can have its text pasted instead ("Paste Text…", wn_project_paste_text):
 * the latest pasted text is then shown read-only and selectable in the
 * centre, and codings count in it (character offsets of the text view's
 * selection). On the right a stack of two pages:
 *
 *  - Extract: a form generated from the template in force, one widget per
 *    field by its type, holding this person's own values only (the review
 *    of extraction is blind). A value is saved when an entry is activated
 *    or loses the keyboard, when a drop-down or a check button changes; a
 *    value the core refuses shows its message under the field and is not
 *    saved. "Source from Selection" beside a text field records the PDF's
 *    selection as the value's source (and fills an empty field with it).
 *  - Code: the codebook, one row per code indented by depth with its
 *    colour; activating a code (Enter, double-click) codes the PDF's (or
 *    the pasted text's) selection with it, "Code Whole Document" the whole report; below,
 *    this coder's codings of the document, each with its memo and a
 *    remove button. They are marked on the PDF in their code's colour
 *    (wn_pdf_view_set_segments), or on the pasted text by a background
 *    tag. "Edit Codebook…" (Ctrl+Shift+E) opens
 *    the codebook editor (wn-codebook-dialog.c); the codebook is read
 *    again after each change it makes. "Memo…" writes a memo on the
 *    document (wn_project_add_memo); the coder's memos on the document
 *    are listed under the codings (wn_project_list_memos).
 *
 * The person is the window's screening identity. Everything that touches
 * the project runs in a thread (wn_project_job_run): reading the studies,
 * the template and the codebook in one job; a study's values, codings and
 * PDF hash in another; each save, coding and removal in its own.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wn-codebook-dialog.h"
#include "wn-coding.h"
#include "wn-extraction-view.h"
#include "wn-extraction.h"
#include "wn-fulltext-pane.h"
#include "wn-fulltext.h"
#include "wn-screening-dialogs.h"
#include "wn-studies.h"

struct _WnExtractionView
{
  GtkWidget         parent_instance;

  GtkStack         *stack;          /* "empty", "main" */
  GtkLabel         *empty_title;
  GtkLabel         *empty_label;
  GtkListBox       *study_list;
  WnFulltextPane   *pane;
  GtkStack         *side_stack;     /* "extract", "code" */
  GtkBox           *form_box;
  GtkLabel         *form_label;
  GtkListBox       *code_list;
  GtkListBox       *coding_list;
  GtkLabel         *code_message;
  GtkLabel         *memo_label;
  GtkStack         *centre_stack;   /* "pdf", "text" */
  GtkWidget        *paste_bar;
  GtkLabel         *paste_label;
  GtkTextView      *text_view;
  GtkWindow        *codebook_dialog;
  GtkWindow        *memo_dialog;
  GtkWindow        *paste_dialog;

  WnProject        *project;
  char             *identity;
  GCancellable     *cancellable;        /* the list's read */
  GCancellable     *record_cancellable; /* the study's read */
  GCancellable     *codings_cancellable; /* its codings read again */
  GCancellable     *write_cancellable;  /* writes; cancelled on dispose only */
  gboolean          stale;
  gboolean          loading;
  gboolean          loaded;
  char             *load_error;

  GPtrArray        *studies;        /* (element-type StudyInfo) */
  WnTemplate       *tmpl;
  GPtrArray        *codes;          /* (element-type WnCode) */
  gint64            record_id;
  char             *study_id;
  char             *pdf_sha256;
  guint             n_fields;
  guint             n_codings;
  GPtrArray        *codings;        /* (element-type WnCoding) this coder's, shown */
  GPtrArray        *memos;          /* (element-type WnMemo) this coder's on the study */
  gboolean          record_loaded;  /* whether the study has a PDF is known */
  char             *pasted_text;    /* the study's pasted text, when it has no PDF */
  char             *text_sha256;
  guint             n_text_marks;
  gboolean          focus_text;     /* a text just pasted: the keyboard on it once shown */
  guint             focus_moves;    /* for the test hook: the keyboard moved */
  guint             saved;
  char             *error;
};

G_DEFINE_FINAL_TYPE (WnExtractionView, wn_extraction_view, GTK_TYPE_WIDGET)

enum { SIGNAL_STATE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void load_record (WnExtractionView *self);
static void load_codings (WnExtractionView *self);

static void
state_changed (WnExtractionView *self)
{
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0);
}

static void
set_error (WnExtractionView *self,
           const char       *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
}

static void
remove_children (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

/* ---- The studies ------------------------------------------------------------ */

typedef struct
{
  gint64  record_id;
  char   *study_id;
  char   *label;
  char   *flags;    /* fields to extract in a second pass, ", "-joined; NULL for none */
} StudyInfo;

static void
study_info_free (StudyInfo *info)
{
  g_free (info->study_id);
  g_free (info->label);
  g_free (info->flags);
  g_free (info);
}

typedef struct
{
  GPtrArray  *studies;   /* (element-type StudyInfo) */
  WnTemplate *tmpl;
  GPtrArray  *codes;     /* (element-type WnCode) */
} ListResult;

static void
list_result_free (ListResult *result)
{
  g_clear_pointer (&result->studies, g_ptr_array_unref);
  g_clear_pointer (&result->tmpl, wn_template_free);
  g_clear_pointer (&result->codes, g_ptr_array_unref);
  g_free (result);
}

/* "Smith" from "Smith, John A.". */
static char *
dup_surname (const char *author)
{
  const char *comma = strchr (author, ',');

  return comma != NULL ? g_strndup (author, comma - author) : g_strdup (author);
}

static gboolean
list_job (WnProject  *project,
          gpointer    data,
          gpointer   *result_out,
          GError    **error)
{
  g_autoptr(GPtrArray) studies = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GHashTable) flagged = NULL;
  ListResult *result;

  studies = wn_project_list_studies (project, FALSE, error);
  if (studies == NULL)
    return FALSE;

  result = g_new0 (ListResult, 1);
  result->studies = g_ptr_array_new_with_free_func ((GDestroyNotify) study_info_free);
  result->tmpl = wn_project_get_template (project, error);
  if (result->tmpl == NULL)
    goto fail;
  result->codes = wn_project_list_codes (project, error);
  if (result->codes == NULL)
    goto fail;
  flags = wn_project_extraction_flags (project, error);
  if (flags == NULL)
    goto fail;

  flagged = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < flags->len; i++)
    {
      const WnExtractionFlag *flag = g_ptr_array_index (flags, i);
      const char *old = g_hash_table_lookup (flagged, &flag->record_id);
      char *joined = old != NULL ? g_strconcat (old, ", ", flag->field, NULL) : g_strdup (flag->field);

      g_hash_table_insert (flagged, g_memdup2 (&flag->record_id, sizeof (gint64)), joined);
    }

  for (guint i = 0; i < studies->len; i++)
    {
      const WnStudy *study = g_ptr_array_index (studies, i);
      g_autoptr(WnRecord) record = NULL;
      g_autofree char *author = NULL;
      StudyInfo *info;

      record = wn_project_get_record (project, study->record_id, NULL, error);
      if (record == NULL)
        goto fail;

      if (record->authors != NULL && record->authors->len > 0)
        author = dup_surname (g_ptr_array_index (record->authors, 0));
      else
        author = g_strdup (_("Anonymous"));

      info = g_new0 (StudyInfo, 1);
      info->record_id = study->record_id;
      info->study_id = g_strdup (study->study_id);
      /* TRANSLATORS: a study in the list: id · first author (year) · title */
      info->label = g_strdup_printf (_("%s · %s (%s) · %s"), study->study_id, author,
                                     record->year != NULL ? record->year : _("n.d."),
                                     record->title != NULL ? record->title : _("Untitled"));
      info->flags = g_strdup (g_hash_table_lookup (flagged, &study->record_id));
      g_ptr_array_add (result->studies, info);
    }

  *result_out = result;
  return TRUE;

fail:
  list_result_free (result);
  return FALSE;
}

static GtkWidget *
create_study_row (const StudyInfo *info)
{
  GtkWidget *row, *box, *label, *badge;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  label = gtk_label_new (info->label);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);

  if (info->flags != NULL)
    {
      g_autofree char *tooltip = NULL;

      badge = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_widget_add_css_class (badge, "warning");
      gtk_widget_set_valign (badge, GTK_ALIGN_START);
      tooltip = g_strdup_printf (_("Second pass: extract %s"), info->flags);
      gtk_widget_set_tooltip_text (badge, tooltip);
      gtk_widget_set_tooltip_text (box, tooltip);
      gtk_box_append (GTK_BOX (box), badge);
    }

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, info->label);
  g_object_set_data_full (G_OBJECT (row), "record-id", g_memdup2 (&info->record_id, sizeof (gint64)), g_free);
  g_object_set_data_full (G_OBJECT (row), "study-id", g_strdup (info->study_id), g_free);

  return row;
}

static void
show_empty (WnExtractionView *self,
            const char       *title,
            const char       *message)
{
  gtk_label_set_text (self->empty_title, title);
  gtk_label_set_text (self->empty_label, message);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* What the page shows for what it knows. */
static void
update_page (WnExtractionView *self)
{
  if (self->project == NULL)
    show_empty (self, _("No Project"), _("Open a project to extract data from its included studies."));
  else if (self->identity == NULL)
    show_empty (self, _("Who Are You?"), _("Choose who you are on the Screening page first."));
  else if (self->load_error != NULL)
    show_empty (self, _("The Studies Could Not Be Read"), self->load_error);
  else if (!self->loaded)
    show_empty (self, _("Loading…"), "");
  else if (self->studies == NULL || self->studies->len == 0)
    show_empty (self, _("No Included Studies"),
                _("No included studies yet. Studies appear here once included at full text."));
  else
    gtk_stack_set_visible_child_name (self->stack, "main");
}

static void
build_codes (WnExtractionView *self);
static void update_segments (WnExtractionView *self);

static void
list_done_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(WnExtractionView) self = user_data;
  g_autoptr(GError) error = NULL;
  ListResult *result = NULL;
  guint template_version;
  guint select = G_MAXUINT;

  if (!wn_project_job_finish (res, (gpointer *) &result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->loading = FALSE;
      self->loaded = TRUE;
      g_free (self->load_error);
      self->load_error = g_strdup (error->message);
      update_page (self);
      state_changed (self);
      return;
    }

  self->loading = FALSE;
  self->loaded = TRUE;
  g_clear_pointer (&self->load_error, g_free);
  template_version = self->tmpl != NULL ? self->tmpl->version : 0;
  g_clear_pointer (&self->studies, g_ptr_array_unref);
  self->studies = g_steal_pointer (&result->studies);
  g_clear_pointer (&self->tmpl, wn_template_free);
  self->tmpl = g_steal_pointer (&result->tmpl);
  g_clear_pointer (&self->codes, g_ptr_array_unref);
  self->codes = g_steal_pointer (&result->codes);
  list_result_free (result);

  /* The list again, keeping the study shown. */
  g_signal_handlers_block_matched (self->study_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  remove_children (GTK_WIDGET (self->study_list));
  for (guint i = 0; i < self->studies->len; i++)
    {
      const StudyInfo *info = g_ptr_array_index (self->studies, i);

      gtk_list_box_append (self->study_list, create_study_row (info));
      if (info->record_id == self->record_id)
        select = i;
    }
  g_signal_handlers_unblock_matched (self->study_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  build_codes (self);
  update_segments (self);
  update_page (self);

  if (select != G_MAXUINT)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->study_list, select);

      g_signal_handlers_block_matched (self->study_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
      gtk_list_box_select_row (self->study_list, row);
      g_signal_handlers_unblock_matched (self->study_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
      /* A new template: the form again. */
      if (self->tmpl->version != template_version)
        load_record (self);
    }
  else if (self->studies->len > 0)
    {
      /* The first study, or the study shown is no longer included. */
      gtk_list_box_select_row (self->study_list, gtk_list_box_get_row_at_index (self->study_list, 0));
    }
  else
    {
      self->record_id = 0;
      g_clear_pointer (&self->study_id, g_free);
      wn_fulltext_pane_show_record (self->pane, 0);
    }

  /* Shown with the keyboard nowhere: on the study. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && gtk_widget_get_root (GTK_WIDGET (self)) != NULL &&
      gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self))) == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self));

  state_changed (self);
}

static void
load_list (WnExtractionView *self)
{
  self->stale = FALSE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->project == NULL || self->identity == NULL)
    {
      update_page (self);
      state_changed (self);
      return;
    }

  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  wn_project_job_run (self->project, list_job, NULL, NULL, (GDestroyNotify) list_result_free,
                      self->cancellable, list_done_cb, g_object_ref (self));
  update_page (self);
  state_changed (self);
}

/* ---- The form ------------------------------------------------------------------- */

typedef struct
{
  WnExtractionView *view;       /* not a reference: the row dies with the page */
  WnTemplateField  *field;
  gint64            record_id;
  GtkWidget        *entry;      /* GtkEntry, or NULL */
  GtkTextView      *text_view;
  GtkDropDown      *dropdown;
  GPtrArray        *checks;     /* GtkCheckButton, for multiple choice */
  GtkLabel         *error_label;
  char             *saved;      /* the value in force ("" for none) */
  char             *pending;    /* the value being saved */
} FieldUi;

static void
field_ui_free (FieldUi *ui)
{
  wn_template_field_free (ui->field);
  g_clear_pointer (&ui->checks, g_ptr_array_unref);
  g_free (ui->saved);
  g_free (ui->pending);
  g_free (ui);
}

/* The choices a drop-down offers after the empty item. */
static const char *const yes_no[] = { "yes", "no", NULL };

static const char *const *
field_choices (const WnTemplateField *field)
{
  if (field->type == WN_FIELD_YES_NO && (field->choices == NULL || field->choices[0] == NULL))
    return yes_no;
  return (const char *const *) field->choices;
}

static char *
field_ui_dup_value (FieldUi *ui)
{
  if (ui->entry != NULL)
    return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ui->entry))));

  if (ui->text_view != NULL)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (ui->text_view);
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
    }

  if (ui->dropdown != NULL)
    {
      const char *const *choices = field_choices (ui->field);
      guint selected = gtk_drop_down_get_selected (ui->dropdown);

      if (selected == GTK_INVALID_LIST_POSITION || selected == 0 || choices == NULL ||
          selected > g_strv_length ((char **) choices))
        return g_strdup ("");
      return g_strdup (choices[selected - 1]);
    }

  if (ui->checks != NULL)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      for (guint i = 0; i < ui->checks->len; i++)
        {
          GtkCheckButton *check = g_ptr_array_index (ui->checks, i);

          if (!gtk_check_button_get_active (check))
            continue;
          if (out->len > 0)
            g_string_append (out, "; ");
          g_string_append (out, g_object_get_data (G_OBJECT (check), "choice"));
        }
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  return g_strdup ("");
}

static void
field_ui_set_value (FieldUi    *ui,
                    const char *value)
{
  if (value == NULL)
    value = "";

  if (ui->entry != NULL)
    gtk_editable_set_text (GTK_EDITABLE (ui->entry), value);
  else if (ui->text_view != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (ui->text_view), value, -1);
  else if (ui->dropdown != NULL)
    {
      const char *const *choices = field_choices (ui->field);
      guint selected = 0;

      for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
        if (g_ascii_strcasecmp (choices[i], value) == 0)
          selected = i + 1;
      gtk_drop_down_set_selected (ui->dropdown, selected);
    }
  else if (ui->checks != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (value, ";", -1);

      for (guint i = 0; i < ui->checks->len; i++)
        {
          GtkCheckButton *check = g_ptr_array_index (ui->checks, i);
          const char *choice = g_object_get_data (G_OBJECT (check), "choice");
          gboolean active = FALSE;

          for (guint j = 0; parts[j] != NULL; j++)
            {
              g_autofree char *part = g_strstrip (g_strdup (parts[j]));

              if (g_ascii_strcasecmp (part, choice) == 0)
                active = TRUE;
            }
          gtk_check_button_set_active (check, active);
        }
    }

  g_free (ui->saved);
  ui->saved = g_strdup (value);
}

static void
field_ui_show_error (FieldUi    *ui,
                     const char *message)
{
  gtk_label_set_text (ui->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (ui->error_label), message != NULL);
}

typedef struct
{
  gint64            record_id;
  char             *field;
  char             *value;      /* NULL clears */
  char             *extractor;
  WnExtractedValue *source;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->field);
  g_free (data->value);
  g_free (data->extractor);
  g_clear_pointer (&data->source, wn_extracted_value_free);
  g_free (data);
}

static gboolean
save_job (WnProject  *project,
          gpointer    data,
          gpointer   *result,
          GError    **error)
{
  SaveData *save = data;

  return wn_project_extract (project, save->record_id, save->field, save->value, save->extractor,
                             save->source, error);
}

typedef struct
{
  WnExtractionView *view;    /* a reference */
  GWeakRef          row;     /* the field's row: FieldUi lives on it */
  char             *value;
} SaveCall;

static void
save_done_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  SaveCall *call = user_data;
  WnExtractionView *self = call->view;
  g_autoptr(GtkWidget) row = g_weak_ref_get (&call->row);
  g_autoptr(GError) error = NULL;
  FieldUi *ui = row != NULL ? g_object_get_data (G_OBJECT (row), "field-ui") : NULL;
  gboolean ok;

  ok = wn_project_job_finish (res, NULL, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (ok)
        {
          self->saved++;
          set_error (self, NULL);
        }
      else
        {
          set_error (self, error->message);
        }

      if (ui != NULL)
        {
          if (g_strcmp0 (ui->pending, call->value) == 0)
            g_clear_pointer (&ui->pending, g_free);
          if (ok)
            {
              g_free (ui->saved);
              ui->saved = g_strdup (call->value);
            }
          field_ui_show_error (ui, ok ? NULL : error->message);
        }
      state_changed (self);
    }

  g_weak_ref_clear (&call->row);
  g_object_unref (call->view);
  g_free (call->value);
  g_free (call);
}

/* Saves what the field holds unless it is saved already (or being saved);
 * force saves anyway (a new source). */
static void
field_ui_save (FieldUi          *ui,
               GtkWidget        *row,
               WnExtractedValue *source)
{
  WnExtractionView *self = ui->view;
  g_autofree char *value = field_ui_dup_value (ui);
  SaveData *data;
  SaveCall *call;

  if (self->project == NULL || self->identity == NULL)
    {
      g_clear_pointer (&source, wn_extracted_value_free);
      return;
    }
  if (source == NULL && (g_strcmp0 (value, ui->saved) == 0 || g_strcmp0 (value, ui->pending) == 0))
    return;

  g_free (ui->pending);
  ui->pending = g_strdup (value);

  data = g_new0 (SaveData, 1);
  data->record_id = ui->record_id;
  data->field = g_strdup (ui->field->name);
  data->value = value[0] != '\0' ? g_strdup (value) : NULL;
  data->extractor = g_strdup (self->identity);
  data->source = source;

  call = g_new0 (SaveCall, 1);
  call->view = g_object_ref (self);
  g_weak_ref_init (&call->row, row);
  call->value = g_steal_pointer (&value);

  wn_project_job_run (self->project, save_job, data, (GDestroyNotify) save_data_free, NULL,
                      self->write_cancellable, save_done_cb, call);
}

static FieldUi *
row_field_ui (GtkWidget *widget)
{
  GtkWidget *row = widget;

  while (row != NULL && g_object_get_data (G_OBJECT (row), "field-ui") == NULL)
    row = gtk_widget_get_parent (row);

  return row != NULL ? g_object_get_data (G_OBJECT (row), "field-ui") : NULL;
}

static GtkWidget *
row_of (GtkWidget *widget)
{
  while (widget != NULL && g_object_get_data (G_OBJECT (widget), "field-ui") == NULL)
    widget = gtk_widget_get_parent (widget);

  return widget;
}

static void
entry_activate_cb (GtkWidget *entry)
{
  FieldUi *ui = row_field_ui (entry);

  if (ui != NULL)
    field_ui_save (ui, row_of (entry), NULL);
}

static void
focus_leave_cb (GtkEventControllerFocus *controller)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  FieldUi *ui = row_field_ui (widget);

  if (ui != NULL)
    field_ui_save (ui, row_of (widget), NULL);
}

static void
dropdown_changed_cb (GtkDropDown *dropdown)
{
  FieldUi *ui = row_field_ui (GTK_WIDGET (dropdown));

  if (ui != NULL)
    field_ui_save (ui, row_of (GTK_WIDGET (dropdown)), NULL);
}

static void
check_toggled_cb (GtkCheckButton *check)
{
  FieldUi *ui = row_field_ui (GTK_WIDGET (check));

  if (ui != NULL)
    field_ui_save (ui, row_of (GTK_WIDGET (check)), NULL);
}

static gboolean text_selection (WnExtractionView *self,
                                gint64           *start,
                                gint64           *end);

static void
source_clicked_cb (GtkButton *button)
{
  FieldUi *ui = row_field_ui (GTK_WIDGET (button));
  WnExtractionView *self;
  WnPdfView *pdf;
  g_autofree char *text = NULL;
  g_autofree char *value = NULL;
  WnExtractedValue *source;
  gint64 start, end;

  if (ui == NULL)
    return;
  self = ui->view;
  pdf = wn_fulltext_pane_get_pdf_view (self->pane);
  if (self->pdf_sha256 == NULL && self->pasted_text != NULL && text_selection (self, &start, &end))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
      GtkTextIter from, to;

      gtk_text_buffer_get_iter_at_offset (buffer, &from, (int) start);
      gtk_text_buffer_get_iter_at_offset (buffer, &to, (int) end);
      text = gtk_text_buffer_get_text (buffer, &from, &to, TRUE);
    }
  else if (self->pdf_sha256 != NULL)
    text = wn_pdf_view_dup_selected_text (pdf);
  if (text == NULL || (self->pdf_sha256 != NULL && !wn_pdf_view_get_selection_offsets (pdf, &start, &end)))
    {
      field_ui_show_error (ui, _("Select text in the PDF first"));
      set_error (self, _("Select text in the PDF first"));
      state_changed (self);
      return;
    }

  value = field_ui_dup_value (ui);
  if (value[0] == '\0')
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      /* An entry holds one line. */
      if (ui->entry != NULL)
        g_strdelimit (stripped, "\n\r\f\t", ' ');

      field_ui_set_value (ui, stripped);
      g_free (ui->saved);
      ui->saved = g_strdup ("");
    }

  source = g_new0 (WnExtractedValue, 1);
  source->record_id = ui->record_id;
  source->source_sha256 = g_strdup (self->pdf_sha256 != NULL ? self->pdf_sha256 : self->text_sha256);
  source->source_start = start;
  source->source_end = end;
  source->source_text = g_steal_pointer (&text);
  field_ui_save (ui, row_of (GTK_WIDGET (button)), source);
}

static GtkWidget *
create_field_row (WnExtractionView       *self,
                  const WnTemplateField  *field,
                  const char             *value)
{
  GtkWidget *row, *label, *line, *widget = NULL;
  g_autofree char *title = NULL;
  gboolean text_field = FALSE;
  GtkEventController *focus;
  FieldUi *ui;

  ui = g_new0 (FieldUi, 1);
  ui->view = self;
  ui->field = wn_template_field_copy (field);
  ui->record_id = self->record_id;

  row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (row, "wn-extraction-field");
  g_object_set_data_full (G_OBJECT (row), "field-ui", ui, (GDestroyNotify) field_ui_free);
  gtk_widget_set_name (row, field->name);

  title = field->required ? g_strdup_printf (_("%s (required)"), field->label) : g_strdup (field->label);
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (row), label);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (row), line);

  switch (field->type)
    {
    case WN_FIELD_LONG_TEXT:
      {
        GtkWidget *frame = gtk_frame_new (NULL);
        GtkWidget *view = gtk_text_view_new ();

        gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
        gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
        gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
        gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
        gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 4);
        gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 4);
        gtk_widget_set_size_request (view, -1, 72);
        gtk_frame_set_child (GTK_FRAME (frame), view);
        gtk_widget_set_hexpand (frame, TRUE);
        gtk_box_append (GTK_BOX (line), frame);
        ui->text_view = GTK_TEXT_VIEW (view);
        focus = gtk_event_controller_focus_new ();
        g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), NULL);
        gtk_widget_add_controller (view, focus);
        widget = view;
        text_field = TRUE;
      }
      break;

    case WN_FIELD_YES_NO:
    case WN_FIELD_SINGLE_CHOICE:
      {
        const char *const *choices = field_choices (field);
        g_autoptr(GPtrArray) items = g_ptr_array_new ();

        g_ptr_array_add (items, (gpointer) "");
        for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
          {
            if (choices == yes_no)
              g_ptr_array_add (items, (gpointer) (i == 0 ? _("Yes") : _("No")));
            else
              g_ptr_array_add (items, (gpointer) choices[i]);
          }
        g_ptr_array_add (items, NULL);
        widget = gtk_drop_down_new_from_strings ((const char *const *) items->pdata);
        gtk_widget_set_hexpand (widget, TRUE);
        gtk_box_append (GTK_BOX (line), widget);
        ui->dropdown = GTK_DROP_DOWN (widget);
      }
      break;

    case WN_FIELD_MULTIPLE_CHOICE:
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

        ui->checks = g_ptr_array_new ();
        for (guint i = 0; field->choices != NULL && field->choices[i] != NULL; i++)
          {
            GtkWidget *check = gtk_check_button_new_with_label (field->choices[i]);

            g_object_set_data_full (G_OBJECT (check), "choice", g_strdup (field->choices[i]), g_free);
            g_ptr_array_add (ui->checks, check);
            gtk_box_append (GTK_BOX (box), check);
          }
        gtk_widget_set_hexpand (box, TRUE);
        gtk_box_append (GTK_BOX (line), box);
        widget = box;
      }
      break;

    case WN_FIELD_SHORT_TEXT:
    case WN_FIELD_COUNTRY:
    case WN_FIELD_INTEGER:
    case WN_FIELD_NUMBER:
    case WN_FIELD_DATE:
    default:
      widget = gtk_entry_new ();
      gtk_widget_set_hexpand (widget, TRUE);
      if (field->type == WN_FIELD_INTEGER || field->type == WN_FIELD_NUMBER)
        gtk_entry_set_input_purpose (GTK_ENTRY (widget), GTK_INPUT_PURPOSE_NUMBER);
      if (field->type == WN_FIELD_DATE)
        gtk_entry_set_placeholder_text (GTK_ENTRY (widget), _("YYYY, YYYY-MM or YYYY-MM-DD"));
      g_signal_connect (widget, "activate", G_CALLBACK (entry_activate_cb), NULL);
      focus = gtk_event_controller_focus_new ();
      g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), NULL);
      gtk_widget_add_controller (widget, focus);
      gtk_box_append (GTK_BOX (line), widget);
      ui->entry = widget;
      text_field = TRUE;
      break;
    }

  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  if (field->help != NULL && field->help[0] != '\0')
    {
      GtkWidget *help = gtk_label_new (field->help);

      gtk_widget_set_tooltip_text (widget, field->help);
      gtk_label_set_xalign (GTK_LABEL (help), 0);
      gtk_label_set_wrap (GTK_LABEL (help), TRUE);
      gtk_widget_add_css_class (help, "dim-label");
      gtk_widget_add_css_class (help, "caption");
      gtk_box_append (GTK_BOX (row), help);
    }

  if (text_field)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("edit-select-all-symbolic");

      gtk_widget_set_tooltip_text (button, _("Source from Selection: the text selected in the PDF"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Source from Selection"), -1);
      gtk_widget_set_valign (button, GTK_ALIGN_START);
      /* A hair below its field: Tab (which goes by position) reaches the
       * field first. */
      gtk_widget_set_margin_top (button, 2);
      gtk_widget_set_focus_on_click (button, FALSE);
      g_object_set_data (G_OBJECT (button), "source-button", GINT_TO_POINTER (TRUE));
      g_signal_connect (button, "clicked", G_CALLBACK (source_clicked_cb), NULL);
      gtk_box_append (GTK_BOX (line), button);
    }

  ui->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (ui->error_label, 0);
  gtk_label_set_wrap (ui->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (ui->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (ui->error_label), FALSE);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (ui->error_label));

  field_ui_set_value (ui, value);

  /* Connected after the value is in, so filling the form saves nothing. */
  if (ui->dropdown != NULL)
    g_signal_connect (ui->dropdown, "notify::selected", G_CALLBACK (dropdown_changed_cb), NULL);
  for (guint i = 0; ui->checks != NULL && i < ui->checks->len; i++)
    g_signal_connect (g_ptr_array_index (ui->checks, i), "toggled", G_CALLBACK (check_toggled_cb), NULL);

  return row;
}

/* ---- The codes ------------------------------------------------------------------ */

static GtkWidget *
create_swatch (const char *colour)
{
  g_autofree char *markup = NULL;
  GtkWidget *label;

  label = gtk_label_new (NULL);
  if (colour != NULL)
    {
      markup = g_markup_printf_escaped ("<span foreground=\"%s\">■</span>", colour);
      gtk_label_set_markup (GTK_LABEL (label), markup);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (label), "□");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  colour != NULL ? colour : "", -1);
  return label;
}

static void
build_codes (WnExtractionView *self)
{
  remove_children (GTK_WIDGET (self->code_list));

  for (guint i = 0; self->codes != NULL && i < self->codes->len; i++)
    {
      const WnCode *code = g_ptr_array_index (self->codes, i);
      GtkWidget *row, *box, *label;

      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_widget_set_margin_start (box, 6 + 18 * code->depth);
      gtk_widget_set_margin_end (box, 6);
      gtk_widget_set_margin_top (box, 3);
      gtk_widget_set_margin_bottom (box, 3);
      gtk_box_append (GTK_BOX (box), create_swatch (code->colour));
      label = gtk_label_new (code->name);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      if (code->depth == 0)
        gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (box), label);

      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      if (code->description != NULL && code->description[0] != '\0')
        gtk_widget_set_tooltip_text (row, code->description);
      g_object_set_data_full (G_OBJECT (row), "code-path", g_strdup (code->path), g_free);
      gtk_list_box_append (self->code_list, row);
    }
}

/* ---- One study ------------------------------------------------------------------ */

typedef struct
{
  gint64  record_id;
  char   *person;
} RecordData;

static void
record_data_free (RecordData *data)
{
  g_free (data->person);
  g_free (data);
}

typedef struct
{
  GPtrArray *values;    /* (element-type WnExtractedValue) */
  GPtrArray *codings;   /* (element-type WnCoding) */
  GPtrArray *memos;     /* (element-type WnMemo) */
  char      *sha256;
  char      *pasted;    /* the latest pasted text, without a PDF */
  char      *pasted_sha256;
} RecordResult;

static void
record_result_free (RecordResult *result)
{
  g_clear_pointer (&result->values, g_ptr_array_unref);
  g_clear_pointer (&result->codings, g_ptr_array_unref);
  g_clear_pointer (&result->memos, g_ptr_array_unref);
  g_free (result->sha256);
  g_free (result->pasted);
  g_free (result->pasted_sha256);
  g_free (result);
}

static gboolean
record_job (WnProject  *project,
            gpointer    data,
            gpointer   *result_out,
            GError    **error)
{
  RecordData *record = data;
  g_autoptr(GError) local = NULL;
  RecordResult *result;
  WnFulltext *fulltext;

  result = g_new0 (RecordResult, 1);
  result->values = wn_project_list_extraction_values (project, record->record_id, record->person, error);
  if (result->values == NULL)
    goto fail;
  result->codings = wn_project_list_codings (project, record->record_id, record->person, error);
  if (result->codings == NULL)
    goto fail;
  result->memos = wn_project_list_memos (project, record->record_id, record->person, error);
  if (result->memos == NULL)
    goto fail;
  fulltext = wn_project_get_fulltext (project, record->record_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      goto fail;
    }
  if (fulltext != NULL)
    {
      result->sha256 = g_strdup (fulltext->sha256);
      wn_fulltext_free (fulltext);
    }
  else
    {
      /* No PDF: the pasted text, if any. */
      result->pasted = wn_project_coding_text (project, record->record_id, &result->pasted_sha256, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          goto fail;
        }
    }

  *result_out = result;
  return TRUE;

fail:
  record_result_free (result);
  return FALSE;
}

static void remove_coding_clicked_cb (GtkButton *button);

/* The coded spans on the pasted text: a background tag in each code's
 * colour, made lighter so the text stays readable. */
static void
update_text_marks (WnExtractionView *self,
                   GArray           *segments)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextIter start, end;
  int length;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_all_tags (buffer, &start, &end);
  self->n_text_marks = 0;
  if (self->pasted_text == NULL || self->pdf_sha256 != NULL)
    return;

  length = gtk_text_buffer_get_char_count (buffer);
  for (guint i = 0; i < segments->len; i++)
    {
      const WnPdfSegment *segment = &g_array_index (segments, WnPdfSegment, i);
      g_autofree char *colour = gdk_rgba_to_string (&segment->colour);
      g_autofree char *name = g_strconcat ("coded ", colour, NULL);
      GtkTextTag *tag = gtk_text_tag_table_lookup (table, name);

      if (segment->start >= length)
        continue;
      if (tag == NULL)
        {
          GdkRGBA light = segment->colour;

          light.alpha = 0.45;
          tag = gtk_text_buffer_create_tag (buffer, name, "background-rgba", &light, NULL);
        }
      gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) segment->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) MIN (segment->end, length));
      gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
      self->n_text_marks++;
    }
}

/* The pasted text's selection, in characters. */
static gboolean
text_selection (WnExtractionView *self,
                gint64           *start,
                gint64           *end)
{
  GtkTextIter from, to;

  if (self->pasted_text == NULL || self->pdf_sha256 != NULL
      || !gtk_text_buffer_get_selection_bounds (gtk_text_view_get_buffer (self->text_view), &from, &to))
    return FALSE;
  *start = gtk_text_iter_get_offset (&from);
  *end = gtk_text_iter_get_offset (&to);
  return *end > *start;
}

/* The centre: the PDF pane, or the pasted text; "Paste Text…" above
 * either when the study has no PDF. */
static void
update_centre (WnExtractionView *self)
{
  gboolean no_pdf = self->record_id != 0 && self->record_loaded && self->pdf_sha256 == NULL;

  gtk_widget_set_visible (self->paste_bar, no_pdf);
  if (no_pdf && self->pasted_text != NULL)
    {
      gtk_label_set_text (self->paste_label, _("No PDF: coding the pasted text"));
      gtk_stack_set_visible_child_name (self->centre_stack, "text");
    }
  else
    {
      gtk_label_set_text (self->paste_label, _("No PDF? Paste the report’s text to code it."));
      gtk_stack_set_visible_child_name (self->centre_stack, "pdf");
    }
}

/* This coder's coded spans of the study shown, marked on its PDF in
 * their code's colour. */
static void
update_segments (WnExtractionView *self)
{
  g_autoptr(GArray) segments = g_array_new (FALSE, FALSE, sizeof (WnPdfSegment));
  g_autoptr(GHashTable) colours = g_hash_table_new (g_int64_hash, g_int64_equal);
  WnPdfView *pdf = wn_fulltext_pane_get_pdf_view (self->pane);

  for (guint i = 0; self->codes != NULL && i < self->codes->len; i++)
    {
      WnCode *code = g_ptr_array_index (self->codes, i);

      if (code->colour != NULL)
        g_hash_table_insert (colours, &code->id, code->colour);
    }
  for (guint i = 0; self->codings != NULL && i < self->codings->len; i++)
    {
      const WnCoding *coding = g_ptr_array_index (self->codings, i);
      const char *colour = g_hash_table_lookup (colours, &coding->code_id);
      WnPdfSegment segment = { coding->start, coding->end, { 0 } };

      if (coding->start < 0 || coding->end <= coding->start)
        continue;
      /* A code without a colour: a highlighter yellow. */
      if (colour == NULL || !gdk_rgba_parse (&segment.colour, colour))
        gdk_rgba_parse (&segment.colour, "#f6d32d");
      g_array_append_val (segments, segment);
    }
  wn_pdf_view_set_segments (pdf, (const WnPdfSegment *) (gpointer) segments->data, segments->len);
  update_text_marks (self, segments);
}

static void
build_codings (WnExtractionView *self,
               GPtrArray        *codings)
{
  remove_children (GTK_WIDGET (self->coding_list));
  self->n_codings = codings != NULL ? codings->len : 0;
  if (codings != self->codings)
    {
      g_clear_pointer (&self->codings, g_ptr_array_unref);
      self->codings = codings != NULL ? g_ptr_array_ref (codings) : NULL;
    }
  update_segments (self);

  for (guint i = 0; codings != NULL && i < codings->len; i++)
    {
      const WnCoding *coding = g_ptr_array_index (codings, i);
      GtkWidget *row, *box, *labels, *label, *button;
      g_autofree char *quote = NULL;
      g_autofree char *flat = g_strdup (coding->quote != NULL ? coding->quote : "");

      /* One paragraph: line ends and page breaks as spaces. */
      g_strdelimit (flat, "\n\r\f\t", ' ');
      g_strstrip (flat);
      if (coding->start < 0)
        quote = g_strdup (_("The whole document"));
      else if (g_utf8_strlen (flat, -1) > 80)
        {
          g_autofree char *cut = g_utf8_substring (flat, 0, 79);

          quote = g_strdup_printf ("“%s…”", g_strstrip (cut));
        }
      else
        quote = g_strdup_printf ("“%s”", flat);

      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_widget_set_margin_start (box, 6);
      gtk_widget_set_margin_end (box, 6);
      gtk_widget_set_margin_top (box, 4);
      gtk_widget_set_margin_bottom (box, 4);
      labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gtk_widget_set_hexpand (labels, TRUE);
      label = gtk_label_new (coding->code_path);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (labels), label);
      label = gtk_label_new (quote);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (labels), label);
      if (coding->memo != NULL && coding->memo[0] != '\0')
        {
          /* TRANSLATORS: a coding's memo, under its quote */
          g_autofree char *memo = g_strdup_printf (_("Memo: %s"), coding->memo);

          label = gtk_label_new (memo);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
          gtk_widget_add_css_class (label, "caption");
          gtk_box_append (GTK_BOX (labels), label);
        }
      gtk_box_append (GTK_BOX (box), labels);
      button = gtk_button_new_from_icon_name ("list-remove-symbolic");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Remove this coding"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove this coding"), -1);
      g_object_set_data_full (G_OBJECT (button), "coding-id", g_memdup2 (&coding->id, sizeof (gint64)), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (remove_coding_clicked_cb), NULL);
      gtk_box_append (GTK_BOX (box), button);

      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_list_box_append (self->coding_list, row);
    }
}

static void update_memos (WnExtractionView *self);

static void
record_done_cb (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(WnExtractionView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) values = NULL;
  RecordResult *result = NULL;

  if (!wn_project_job_finish (res, (gpointer *) &result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      remove_children (GTK_WIDGET (self->form_box));
      gtk_label_set_text (self->form_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->form_label), TRUE);
      set_error (self, error->message);
      state_changed (self);
      return;
    }

  g_free (self->pdf_sha256);
  self->pdf_sha256 = g_steal_pointer (&result->sha256);
  g_free (self->text_sha256);
  self->text_sha256 = g_steal_pointer (&result->pasted_sha256);
  if (g_strcmp0 (self->pasted_text, result->pasted) != 0)
    {
      g_free (self->pasted_text);
      self->pasted_text = g_steal_pointer (&result->pasted);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view),
                                self->pasted_text != NULL ? self->pasted_text : "", -1);
    }
  self->record_loaded = TRUE;
  update_centre (self);
  if (self->focus_text && self->pasted_text != NULL && self->pdf_sha256 == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  self->focus_text = FALSE;
  g_clear_pointer (&self->memos, g_ptr_array_unref);
  self->memos = g_steal_pointer (&result->memos);
  update_memos (self);

  values = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < result->values->len; i++)
    {
      const WnExtractedValue *value = g_ptr_array_index (result->values, i);

      g_hash_table_insert (values, value->field, value->value);
    }

  remove_children (GTK_WIDGET (self->form_box));
  gtk_widget_set_visible (GTK_WIDGET (self->form_label), FALSE);
  self->n_fields = 0;
  for (guint i = 0; self->tmpl != NULL && i < self->tmpl->fields->len; i++)
    {
      const WnTemplateField *field = g_ptr_array_index (self->tmpl->fields, i);

      gtk_box_append (self->form_box, create_field_row (self, field, g_hash_table_lookup (values, field->name)));
      self->n_fields++;
    }

  build_codings (self, result->codings);
  record_result_free (result);
  state_changed (self);
}

static void
load_record (WnExtractionView *self)
{
  RecordData *data;

  if (self->record_cancellable != NULL)
    g_cancellable_cancel (self->record_cancellable);
  g_clear_object (&self->record_cancellable);
  if (self->codings_cancellable != NULL)
    g_cancellable_cancel (self->codings_cancellable);
  g_clear_object (&self->codings_cancellable);

  if (self->project == NULL || self->identity == NULL || self->record_id == 0)
    {
      remove_children (GTK_WIDGET (self->form_box));
      build_codings (self, NULL);
      self->n_fields = 0;
      return;
    }

  self->record_cancellable = g_cancellable_new ();
  data = g_new0 (RecordData, 1);
  data->record_id = self->record_id;
  data->person = g_strdup (self->identity);
  wn_project_job_run (self->project, record_job, data, (GDestroyNotify) record_data_free,
                      (GDestroyNotify) record_result_free, self->record_cancellable, record_done_cb,
                      g_object_ref (self));
}

static gboolean
codings_job (WnProject  *project,
             gpointer    data,
             gpointer   *result_out,
             GError    **error)
{
  RecordData *record = data;
  RecordResult *result = g_new0 (RecordResult, 1);

  result->codings = wn_project_list_codings (project, record->record_id, record->person, error);
  if (result->codings != NULL)
    result->memos = wn_project_list_memos (project, record->record_id, record->person, error);
  if (result->memos == NULL)
    {
      record_result_free (result);
      return FALSE;
    }
  *result_out = result;
  return TRUE;
}

static void
codings_done_cb (GObject      *object,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr(WnExtractionView) self = user_data;
  g_autoptr(GError) error = NULL;
  RecordResult *result = NULL;

  if (!wn_project_job_finish (res, (gpointer *) &result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->code_message, error->message);
      set_error (self, error->message);
      state_changed (self);
      return;
    }

  build_codings (self, result->codings);
  g_clear_pointer (&self->memos, g_ptr_array_unref);
  self->memos = g_steal_pointer (&result->memos);
  update_memos (self);
  record_result_free (result);
  state_changed (self);
}

static void
load_codings (WnExtractionView *self)
{
  RecordData *data;

  if (self->codings_cancellable != NULL)
    g_cancellable_cancel (self->codings_cancellable);
  g_clear_object (&self->codings_cancellable);

  if (self->project == NULL || self->identity == NULL || self->record_id == 0)
    return;

  self->codings_cancellable = g_cancellable_new ();
  data = g_new0 (RecordData, 1);
  data->record_id = self->record_id;
  data->person = g_strdup (self->identity);
  wn_project_job_run (self->project, codings_job, data, (GDestroyNotify) record_data_free,
                      (GDestroyNotify) record_result_free, self->codings_cancellable, codings_done_cb,
                      g_object_ref (self));
}

static void
study_selected_cb (WnExtractionView *self,
                   GtkListBoxRow    *row,
                   GtkListBox       *list)
{
  gint64 *record_id;

  if (row == NULL)
    return;

  record_id = g_object_get_data (G_OBJECT (row), "record-id");
  if (record_id == NULL || *record_id == self->record_id)
    return;

  self->record_id = *record_id;
  g_free (self->study_id);
  self->study_id = g_strdup (g_object_get_data (G_OBJECT (row), "study-id"));
  set_error (self, NULL);
  gtk_label_set_text (self->code_message, "");
  /* The old study's marks go at once; its codings come with the record. */
  g_clear_pointer (&self->codings, g_ptr_array_unref);
  g_clear_pointer (&self->memos, g_ptr_array_unref);
  g_clear_pointer (&self->pasted_text, g_free);
  g_clear_pointer (&self->text_sha256, g_free);
  g_clear_pointer (&self->pdf_sha256, g_free);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", -1);
  self->record_loaded = FALSE;
  self->focus_text = FALSE;
  update_centre (self);
  update_segments (self);
  update_memos (self);
  wn_fulltext_pane_show_record (self->pane, self->record_id);
  load_record (self);
  state_changed (self);
}

/* ---- Coding --------------------------------------------------------------------- */

typedef struct
{
  gint64  record_id;
  char   *code_path;
  char   *coder;
  gint64  start;
  gint64  end;
  gint64  coding_id;   /* to remove */
} CodingData;

static void
coding_data_free (CodingData *data)
{
  g_free (data->code_path);
  g_free (data->coder);
  g_free (data);
}

static gboolean
add_coding_job (WnProject  *project,
                gpointer    data,
                gpointer   *result,
                GError    **error)
{
  CodingData *coding = data;

  return wn_project_add_coding (project, coding->record_id, coding->code_path, coding->coder, coding->start,
                                coding->end, NULL, error) != 0;
}

static gboolean
remove_coding_job (WnProject  *project,
                   gpointer    data,
                   gpointer   *result,
                   GError    **error)
{
  CodingData *coding = data;

  return wn_project_remove_coding (project, coding->coding_id, error);
}

static void
coding_done_cb (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(WnExtractionView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!wn_project_job_finish (res, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->code_message, error->message);
      set_error (self, error->message);
      state_changed (self);
      return;
    }

  gtk_label_set_text (self->code_message, "");
  /* The list of codings again, with the new quote; the form as typed. */
  load_codings (self);
}

static void
apply_code (WnExtractionView *self,
            const char       *path,
            gboolean          whole)
{
  CodingData *data;
  gint64 start = -1, end = -1;

  if (self->project == NULL || self->identity == NULL || self->record_id == 0 || path == NULL)
    return;

  if (!whole && self->pdf_sha256 == NULL && self->pasted_text != NULL)
    {
      if (!text_selection (self, &start, &end))
        {
          gtk_label_set_text (self->code_message, _("Select some of the pasted text first"));
          set_error (self, _("Select some of the pasted text first"));
          state_changed (self);
          return;
        }
    }
  else if (!whole && !wn_pdf_view_get_selection_offsets (wn_fulltext_pane_get_pdf_view (self->pane), &start, &end))
    {
      gtk_label_set_text (self->code_message, _("Select text in the PDF first"));
      set_error (self, _("Select text in the PDF first"));
      state_changed (self);
      return;
    }

  data = g_new0 (CodingData, 1);
  data->record_id = self->record_id;
  data->code_path = g_strdup (path);
  data->coder = g_strdup (self->identity);
  data->start = whole ? -1 : start;
  data->end = whole ? -1 : end;
  wn_project_job_run (self->project, add_coding_job, data, (GDestroyNotify) coding_data_free, NULL,
                      self->write_cancellable, coding_done_cb, g_object_ref (self));
}

static void
code_activated_cb (WnExtractionView *self,
                   GtkListBoxRow    *row,
                   GtkListBox       *list)
{
  apply_code (self, g_object_get_data (G_OBJECT (row), "code-path"), FALSE);
}

static void
whole_document_clicked_cb (WnExtractionView *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->code_list);

  if (row == NULL)
    {
      gtk_label_set_text (self->code_message, _("Choose a code first"));
      return;
    }
  apply_code (self, g_object_get_data (G_OBJECT (row), "code-path"), TRUE);
}

static void
remove_coding_clicked_cb (GtkButton *button)
{
  WnExtractionView *self = WN_EXTRACTION_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                        WN_TYPE_EXTRACTION_VIEW));
  gint64 *coding_id = g_object_get_data (G_OBJECT (button), "coding-id");
  CodingData *data;

  if (self == NULL || self->project == NULL || coding_id == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  data = g_new0 (CodingData, 1);
  data->coding_id = *coding_id;
  wn_project_job_run (self->project, remove_coding_job, data, (GDestroyNotify) coding_data_free, NULL,
                      self->write_cancellable, coding_done_cb, g_object_ref (self));
}

/* ---- The codebook editor --------------------------------------------------------- */

static void
codebook_state_cb (WnExtractionView *self)
{
  state_changed (self);
}

/* The codebook changed: the codes again (and the marks' colours). */
static void
codebook_changed_cb (WnExtractionView *self)
{
  load_list (self);
}

static void
codebook_destroy_cb (WnExtractionView *self,
                     GtkWindow        *dialog)
{
  if (self->codebook_dialog == dialog)
    self->codebook_dialog = NULL;
  state_changed (self);
}

static void
edit_codebook (WnExtractionView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->project == NULL)
    return;
  if (self->codebook_dialog != NULL)
    {
      gtk_window_present (self->codebook_dialog);
      return;
    }
  self->codebook_dialog = wn_codebook_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->project);
  g_signal_connect_object (self->codebook_dialog, "state-changed", G_CALLBACK (codebook_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->codebook_dialog, "changed", G_CALLBACK (codebook_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->codebook_dialog, "destroy", G_CALLBACK (codebook_destroy_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (self->codebook_dialog);
  state_changed (self);
}

static gboolean
edit_codebook_shortcut_cb (GtkWidget *widget,
                           GVariant  *args,
                           gpointer   user_data)
{
  WnExtractionView *self = WN_EXTRACTION_VIEW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "main") != 0)
    return FALSE;
  edit_codebook (self);
  return TRUE;
}

/* ---- Memos ------------------------------------------------------------------------ */

static void
update_memos (WnExtractionView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; self->memos != NULL && i < self->memos->len; i++)
    {
      const WnMemo *memo = g_ptr_array_index (self->memos, i);
      g_autofree char *flat = g_strdup (memo->text != NULL ? memo->text : "");

      g_strdelimit (flat, "\n\r\t", ' ');
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: a memo on the document, under the codings */
      g_string_append_printf (text, _("Memo: %s"), flat);
    }
  gtk_label_set_text (self->memo_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->memo_label), text->len > 0);
}

static guint
n_memos (WnExtractionView *self)
{
  return self->memos != NULL ? self->memos->len : 0;
}

typedef struct
{
  gint64  record_id;
  char   *coder;
  char   *text;
} MemoData;

static void
memo_data_free (MemoData *data)
{
  g_free (data->coder);
  g_free (data->text);
  g_free (data);
}

static gboolean
add_memo_job (WnProject  *project,
              gpointer    data,
              gpointer   *result,
              GError    **error)
{
  MemoData *memo = data;

  return wn_project_add_memo (project, memo->record_id, 0, memo->coder, memo->text, error) != 0;
}

typedef struct
{
  WnExtractionView *self;
  GtkWindow        *dialog;
  gint64            record_id;
  char             *text;
} MemoCall;

static void
memo_call_free (MemoCall *call)
{
  g_clear_object (&call->self);
  g_clear_object (&call->dialog);
  g_free (call->text);
  g_free (call);
}

/* A text dialog's write came back: FALSE, with the call freed, when it
 * failed; the dialog then stays open with the message and Save again. */
static gboolean
text_dialog_finish (MemoCall     *call,
                    GAsyncResult *res)
{
  g_autoptr(GError) error = NULL;

  if (wn_project_job_finish (res, NULL, &error))
    return TRUE;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      GtkLabel *label = g_object_get_data (G_OBJECT (call->dialog), "message");

      gtk_label_set_text (label, error->message);
      gtk_widget_set_sensitive (g_object_get_data (G_OBJECT (call->dialog), "ok"), TRUE);
      set_error (call->self, error->message);
      state_changed (call->self);
    }
  memo_call_free (call);
  return FALSE;
}

static void
memo_done_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  MemoCall *call = user_data;
  WnExtractionView *self = call->self;

  if (!text_dialog_finish (call, res))
    return;

  /* The memos again, from the project. */
  if (call->record_id == self->record_id)
    load_codings (self);
  gtk_window_destroy (call->dialog);
  state_changed (self);
  memo_call_free (call);
}

static void
memo_save_cb (GtkWidget *button)
{
  GtkWindow *dialog = GTK_WINDOW (gtk_widget_get_root (button));
  WnExtractionView *self = g_object_get_data (G_OBJECT (dialog), "view");
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "text");
  GtkLabel *label = g_object_get_data (G_OBJECT (dialog), "message");
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  MemoData *data;
  MemoCall *call;

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (gtk_text_view_get_buffer (view), &start, &end, FALSE));
  if (text[0] == '\0')
    {
      gtk_label_set_text (label, _("Write the memo first."));
      return;
    }
  if (self->project == NULL || self->identity == NULL || self->record_id == 0)
    return;

  gtk_widget_set_sensitive (button, FALSE);
  data = g_new0 (MemoData, 1);
  data->record_id = self->record_id;
  data->coder = g_strdup (self->identity);
  data->text = g_strdup (text);
  call = g_new0 (MemoCall, 1);
  call->self = g_object_ref (self);
  call->dialog = g_object_ref (dialog);
  call->record_id = self->record_id;
  call->text = g_steal_pointer (&text);
  wn_project_job_run (self->project, add_memo_job, data, (GDestroyNotify) memo_data_free, NULL,
                      self->write_cancellable, memo_done_cb, call);
}

/* Ctrl+Enter saves (the Save button is the controller's data). */
static gboolean
text_dialog_key_cb (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    GtkWidget             *save)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_CONTROL_MASK) != 0)
    {
      if (gtk_widget_get_sensitive (save))
        gtk_widget_activate (save);
      return TRUE;
    }
  return FALSE;
}

/* A modal window with a text to write (the memo, a pasted text): the
 * label (with its mnemonic), the text, a message line, Cancel and Save.
 * Ctrl+Enter saves, Escape closes. On the window: "view", "text",
 * "message" and "ok" (the Save button). destroyed is called, swapped,
 * with self when it closes. */
static GtkWidget *
text_dialog_new (WnExtractionView *self,
                 const char       *title,
                 const char       *label_text,
                 const char       *initial,
                 int               width,
                 int               height,
                 GCallback         save_cb,
                 GCallback         destroyed)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *window, *box, *label, *scrolled, *text, *buttons, *cancel, *save;
  GtkEventController *controller;

  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  g_object_set_data (G_OBJECT (window), "view", self);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  label = gtk_label_new_with_mnemonic (label_text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_set_vexpand (scrolled, TRUE);
  text = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (text), GTK_WRAP_WORD_CHAR);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), text);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), text);
  gtk_box_append (GTK_BOX (box), scrolled);
  g_object_set_data (G_OBJECT (window), "text", text);
  if (initial != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text)), initial, -1);
  label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_box_append (GTK_BOX (box), label);
  g_object_set_data (G_OBJECT (window), "message", label);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  gtk_box_append (GTK_BOX (buttons), cancel);
  save = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect (save, "clicked", save_cb, NULL);
  gtk_box_append (GTK_BOX (buttons), save);
  g_object_set_data (G_OBJECT (window), "ok", save);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_window_set_child (GTK_WINDOW (window), box);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (text_dialog_key_cb), save);
  gtk_widget_add_controller (window, controller);
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, controller);
  g_signal_connect_object (window, "destroy", destroyed, self, G_CONNECT_SWAPPED);
  return window;
}

static void
memo_destroy_cb (WnExtractionView *self,
                 GtkWindow        *dialog)
{
  if (self->memo_dialog == dialog)
    self->memo_dialog = NULL;
  state_changed (self);
}

static void
memo_clicked_cb (WnExtractionView *self)
{
  g_autofree char *title = NULL;
  GtkWidget *window;

  if (self->project == NULL || self->identity == NULL || self->record_id == 0)
    return;
  if (self->memo_dialog != NULL)
    {
      gtk_window_present (self->memo_dialog);
      return;
    }

  /* TRANSLATORS: the memo window's title; %s is the study, "S002" */
  title = g_strdup_printf (_("Memo on %s"), self->study_id != NULL ? self->study_id : "");
  window = text_dialog_new (self, title, _("_Memo on the document (Ctrl+Enter saves)"), NULL, 420, 260,
                            G_CALLBACK (memo_save_cb), G_CALLBACK (memo_destroy_cb));
  self->memo_dialog = GTK_WINDOW (window);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (g_object_get_data (G_OBJECT (window), "text"));
  state_changed (self);
}

/* ---- A pasted text ------------------------------------------------------------------ */

typedef struct
{
  gint64  record_id;
  char   *text;
} PasteData;

static void
paste_data_free (PasteData *data)
{
  g_free (data->text);
  g_free (data);
}

static gboolean
paste_job (WnProject  *project,
           gpointer    data,
           gpointer   *result,
           GError    **error)
{
  PasteData *paste = data;

  return wn_project_paste_text (project, paste->record_id, paste->text, error);
}

static void
paste_done_cb (GObject      *object,
               GAsyncResult *res,
               gpointer      user_data)
{
  MemoCall *call = user_data;
  WnExtractionView *self = call->self;

  if (!text_dialog_finish (call, res))
    return;

  /* The study again, with its text, and the keyboard on it to select. */
  gtk_window_destroy (call->dialog);
  if (call->record_id == self->record_id)
    {
      self->focus_text = TRUE;
      load_record (self);
    }
  state_changed (self);
  memo_call_free (call);
}

static void
paste_save_cb (GtkWidget *button)
{
  GtkWindow *dialog = GTK_WINDOW (gtk_widget_get_root (button));
  WnExtractionView *self = g_object_get_data (G_OBJECT (dialog), "view");
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "text");
  GtkLabel *label = g_object_get_data (G_OBJECT (dialog), "message");
  gint64 *record_id = g_object_get_data (G_OBJECT (dialog), "record-id");
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  PasteData *data;
  MemoCall *call;

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &start, &end);
  text = gtk_text_buffer_get_text (gtk_text_view_get_buffer (view), &start, &end, TRUE);
  g_strchomp (text);
  if (text[0] == '\0')
    {
      gtk_label_set_text (label, _("Paste the report’s text first."));
      return;
    }
  if (self->project == NULL || record_id == NULL)
    return;

  gtk_widget_set_sensitive (button, FALSE);
  data = g_new0 (PasteData, 1);
  data->record_id = *record_id;
  data->text = g_steal_pointer (&text);
  call = g_new0 (MemoCall, 1);
  call->self = g_object_ref (self);
  call->dialog = g_object_ref (dialog);
  call->record_id = *record_id;
  wn_project_job_run (self->project, paste_job, data, (GDestroyNotify) paste_data_free, NULL,
                      self->write_cancellable, paste_done_cb, call);
}

static void
paste_destroy_cb (WnExtractionView *self,
                  GtkWindow        *dialog)
{
  if (self->paste_dialog == dialog)
    self->paste_dialog = NULL;
  state_changed (self);
}

static void
paste_clicked_cb (WnExtractionView *self)
{
  g_autofree char *title = NULL;
  GtkWidget *window;

  if (self->project == NULL || self->record_id == 0)
    return;
  if (self->paste_dialog != NULL)
    {
      gtk_window_present (self->paste_dialog);
      return;
    }

  /* TRANSLATORS: the window's title; %s is the study, "S002" */
  title = g_strdup_printf (_("Text of %s"), self->study_id != NULL ? self->study_id : "");
  window = text_dialog_new (self, title, _("_Paste the report’s text; codings count in it (Ctrl+Enter saves)"),
                            self->pasted_text, 560, 420, G_CALLBACK (paste_save_cb), G_CALLBACK (paste_destroy_cb));
  g_object_set_data_full (G_OBJECT (window), "record-id", g_memdup2 (&self->record_id, sizeof (gint64)), g_free);
  self->paste_dialog = GTK_WINDOW (window);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (g_object_get_data (G_OBJECT (window), "text"));
  state_changed (self);
}

/* ---- The widget ----------------------------------------------------------------- */

static void
pane_state_cb (WnExtractionView *self)
{
  state_changed (self);
}

/* A PDF attached: its hash, and the text the codings count in. */
static void
pane_changed_cb (WnExtractionView *self)
{
  load_record (self);
}

/* The pasted text's selection, for the test hook. */
static void
text_mark_set_cb (WnExtractionView *self,
                  GtkTextIter      *location,
                  GtkTextMark      *mark)
{
  const char *name = gtk_text_mark_get_name (mark);

  if (g_strcmp0 (name, "insert") == 0 || g_strcmp0 (name, "selection_bound") == 0)
    state_changed (self);
}

static void
side_page_cb (WnExtractionView *self)
{
  state_changed (self);
}

static void
focus_moved_cb (WnExtractionView *self)
{
  self->focus_moves++;
  state_changed (self);
}

static void
wn_extraction_view_map (GtkWidget *widget)
{
  WnExtractionView *self = WN_EXTRACTION_VIEW (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (wn_extraction_view_parent_class)->map (widget);

  /* The test hook says where the keyboard is. */
  root = gtk_widget_get_root (widget);
  if (root != NULL)
    g_signal_connect_object (root, "notify::focus-widget", G_CALLBACK (focus_moved_cb), self, G_CONNECT_SWAPPED);

  if (self->stale)
    load_list (self);
}

static void
wn_extraction_view_unmap (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (root != NULL)
    g_signal_handlers_disconnect_by_func (root, focus_moved_cb, widget);

  GTK_WIDGET_CLASS (wn_extraction_view_parent_class)->unmap (widget);
}

/* The keyboard goes to the study shown. */
static gboolean
wn_extraction_view_grab_focus (GtkWidget *widget)
{
  WnExtractionView *self = WN_EXTRACTION_VIEW (widget);
  GtkListBoxRow *row;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "main") != 0)
    return FALSE;

  row = gtk_list_box_get_selected_row (self->study_list);
  if (row != NULL)
    return gtk_widget_grab_focus (GTK_WIDGET (row));
  return gtk_widget_grab_focus (GTK_WIDGET (self->study_list));
}

static void
wn_extraction_view_dispose (GObject *object)
{
  WnExtractionView *self = WN_EXTRACTION_VIEW (object);
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->record_cancellable != NULL)
    g_cancellable_cancel (self->record_cancellable);
  g_clear_object (&self->record_cancellable);
  if (self->write_cancellable != NULL)
    g_cancellable_cancel (self->write_cancellable);
  g_clear_object (&self->write_cancellable);
  if (self->codings_cancellable != NULL)
    g_cancellable_cancel (self->codings_cancellable);
  g_clear_object (&self->codings_cancellable);

  if (self->codebook_dialog != NULL)
    gtk_window_destroy (self->codebook_dialog);
  if (self->memo_dialog != NULL)
    gtk_window_destroy (self->memo_dialog);
  if (self->paste_dialog != NULL)
    gtk_window_destroy (self->paste_dialog);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->project);
  g_clear_pointer (&self->codings, g_ptr_array_unref);
  g_clear_pointer (&self->memos, g_ptr_array_unref);
  g_clear_pointer (&self->pasted_text, g_free);
  g_clear_pointer (&self->text_sha256, g_free);
  g_clear_pointer (&self->identity, g_free);
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->studies, g_ptr_array_unref);
  g_clear_pointer (&self->tmpl, wn_template_free);
  g_clear_pointer (&self->codes, g_ptr_array_unref);
  g_clear_pointer (&self->study_id, g_free);
  g_clear_pointer (&self->pdf_sha256, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (wn_extraction_view_parent_class)->dispose (object);
}

static void
wn_extraction_view_class_init (WnExtractionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wn_extraction_view_dispose;
  widget_class->map = wn_extraction_view_map;
  widget_class->unmap = wn_extraction_view_unmap;
  widget_class->grab_focus = wn_extraction_view_grab_focus;

  /* Something the test hook shows changed. */
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                edit_codebook_shortcut_cb, NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wnextractionview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkWidget *
create_empty_page (WnExtractionView *self)
{
  GtkWidget *box, *image;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (box, 36);
  gtk_widget_set_margin_end (box, 36);
  image = gtk_image_new_from_icon_name ("x-office-spreadsheet-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (image), 64);
  gtk_widget_add_css_class (image, "dim-label");
  gtk_box_append (GTK_BOX (box), image);
  self->empty_title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_title), "title-2");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->empty_title));
  self->empty_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->empty_label, TRUE);
  gtk_label_set_justify (self->empty_label, GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (self->empty_label, 60);
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->empty_label));

  return box;
}

static GtkWidget *
create_side (WnExtractionView *self)
{
  GtkWidget *box, *switcher, *scrolled, *page, *label, *button, *frame, *buttons;
  GtkStackPage *stack_page;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_size_request (box, 320, -1);

  self->side_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->side_stack), TRUE);
  g_signal_connect_swapped (self->side_stack, "notify::visible-child", G_CALLBACK (side_page_cb), self);

  switcher = gtk_stack_switcher_new ();
  gtk_stack_switcher_set_stack (GTK_STACK_SWITCHER (switcher), self->side_stack);
  gtk_widget_set_halign (switcher, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (switcher, 6);
  gtk_box_append (GTK_BOX (box), switcher);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->side_stack));

  /* Extract. */
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (page, 12);
  gtk_widget_set_margin_end (page, 12);
  gtk_widget_set_margin_top (page, 6);
  gtk_widget_set_margin_bottom (page, 12);
  self->form_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->form_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->form_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->form_label), FALSE);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->form_label));
  self->form_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 14));
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->form_box));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), page);
  stack_page = gtk_stack_add_titled (self->side_stack, scrolled, "extract", _("E_xtract"));
  gtk_stack_page_set_use_underline (stack_page, TRUE);

  /* Code. */
  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (page, 12);
  gtk_widget_set_margin_end (page, 12);
  gtk_widget_set_margin_top (page, 6);
  gtk_widget_set_margin_bottom (page, 12);
  label = gtk_label_new (_("Select text in the PDF or the pasted text, then activate a code (Enter or double-click)."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (page), label);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  self->code_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_activate_on_single_click (self->code_list, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->code_list), "wn-codebook");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->code_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Codebook"), -1);
  g_signal_connect_swapped (self->code_list, "row-activated", G_CALLBACK (code_activated_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->code_list));
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  gtk_widget_set_vexpand (frame, TRUE);
  gtk_box_append (GTK_BOX (page), frame);
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
  button = gtk_button_new_with_mnemonic (_("Code _Whole Document"));
  gtk_widget_set_tooltip_text (button, _("Apply the selected code to the whole document"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (whole_document_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), button);
  button = gtk_button_new_with_mnemonic (_("Edit Code_book…"));
  gtk_widget_set_tooltip_text (button, _("Add, edit, move or remove codes; exchange them as REFI-QDA "
                                         "(Ctrl+Shift+E)"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (edit_codebook), self);
  gtk_box_append (GTK_BOX (buttons), button);
  gtk_box_append (GTK_BOX (page), buttons);
  self->code_message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->code_message, TRUE);
  gtk_label_set_xalign (self->code_message, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->code_message), "error");
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->code_message));
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  label = gtk_label_new (_("Your Codings"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (buttons), label);
  button = gtk_button_new_with_mnemonic (_("_Memo…"));
  gtk_widget_set_tooltip_text (button, _("Write a memo on the document"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (memo_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), button);
  gtk_box_append (GTK_BOX (page), buttons);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 140);
  self->coding_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->coding_list, GTK_SELECTION_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->coding_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Your Codings"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->coding_list));
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  gtk_box_append (GTK_BOX (page), frame);
  self->memo_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->memo_label, TRUE);
  gtk_label_set_wrap_mode (self->memo_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->memo_label, 0);
  gtk_label_set_selectable (self->memo_label, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->memo_label), FALSE);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->memo_label));
  stack_page = gtk_stack_add_titled (self->side_stack, page, "code", _("_Code"));
  gtk_stack_page_set_use_underline (stack_page, TRUE);

  return box;
}

static GtkWidget *
create_centre (WnExtractionView *self)
{
  GtkWidget *box, *button, *scrolled;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->paste_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (self->paste_bar, 6);
  gtk_widget_set_margin_end (self->paste_bar, 6);
  gtk_widget_set_margin_top (self->paste_bar, 6);
  gtk_widget_set_margin_bottom (self->paste_bar, 6);
  self->paste_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->paste_label, TRUE);
  gtk_label_set_xalign (self->paste_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->paste_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->paste_label), "dim-label");
  gtk_box_append (GTK_BOX (self->paste_bar), GTK_WIDGET (self->paste_label));
  button = gtk_button_new_with_mnemonic (_("_Paste Text…"));
  gtk_widget_set_tooltip_text (button, _("Paste the text of a report without a PDF, to code it"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (paste_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->paste_bar), button);
  gtk_widget_set_visible (self->paste_bar, FALSE);
  gtk_box_append (GTK_BOX (box), self->paste_bar);

  self->centre_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->centre_stack), TRUE);
  gtk_stack_add_named (self->centre_stack, GTK_WIDGET (self->pane), "pdf");
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  self->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_editable (self->text_view, FALSE);
  /* A cursor, so the keyboard can select. */
  gtk_text_view_set_cursor_visible (self->text_view, TRUE);
  gtk_text_view_set_accepts_tab (self->text_view, FALSE);
  gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (self->text_view, 12);
  gtk_text_view_set_right_margin (self->text_view, 12);
  gtk_text_view_set_top_margin (self->text_view, 12);
  gtk_text_view_set_bottom_margin (self->text_view, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pasted text"), -1);
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "mark-set",
                           G_CALLBACK (text_mark_set_cb), self, G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->text_view));
  gtk_stack_add_named (self->centre_stack, scrolled, "text");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->centre_stack));
  return box;
}

static void
wn_extraction_view_init (WnExtractionView *self)
{
  GtkWidget *outer, *inner, *scrolled, *centre;

  self->write_cancellable = g_cancellable_new ();
  self->stale = TRUE;

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));
  gtk_stack_add_named (self->stack, create_empty_page (self), "empty");

  outer = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_shrink_start_child (GTK_PANED (outer), FALSE);
  gtk_paned_set_resize_start_child (GTK_PANED (outer), FALSE);
  gtk_paned_set_position (GTK_PANED (outer), 260);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scrolled, 200, -1);
  self->study_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->study_list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->study_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Included studies"), -1);
  g_signal_connect_swapped (self->study_list, "row-selected", G_CALLBACK (study_selected_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->study_list));
  gtk_paned_set_start_child (GTK_PANED (outer), scrolled);

  inner = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_shrink_end_child (GTK_PANED (inner), FALSE);
  gtk_paned_set_resize_end_child (GTK_PANED (inner), FALSE);
  self->pane = WN_FULLTEXT_PANE (wn_fulltext_pane_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->pane), 300, -1);
  g_signal_connect_object (self->pane, "state-changed", G_CALLBACK (pane_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pane, "changed", G_CALLBACK (pane_changed_cb), self, G_CONNECT_SWAPPED);
  centre = create_centre (self);
  gtk_paned_set_start_child (GTK_PANED (inner), centre);
  gtk_paned_set_end_child (GTK_PANED (inner), create_side (self));
  gtk_paned_set_end_child (GTK_PANED (outer), inner);

  gtk_stack_add_named (self->stack, outer, "main");
  update_page (self);
}

GtkWidget *
wn_extraction_view_new (void)
{
  return g_object_new (WN_TYPE_EXTRACTION_VIEW, NULL);
}

static void
reset (WnExtractionView *self)
{
  if (self->record_cancellable != NULL)
    g_cancellable_cancel (self->record_cancellable);
  g_clear_object (&self->record_cancellable);
  self->loaded = FALSE;
  g_clear_pointer (&self->load_error, g_free);
  self->record_id = 0;
  g_clear_pointer (&self->study_id, g_free);
  g_clear_pointer (&self->pdf_sha256, g_free);
  g_clear_pointer (&self->studies, g_ptr_array_unref);
  g_clear_pointer (&self->tmpl, wn_template_free);
  g_clear_pointer (&self->codes, g_ptr_array_unref);
  set_error (self, NULL);
  self->saved = 0;
  self->n_fields = 0;
  remove_children (GTK_WIDGET (self->study_list));
  remove_children (GTK_WIDGET (self->form_box));
  build_codes (self);
  build_codings (self, NULL);
  g_clear_pointer (&self->memos, g_ptr_array_unref);
  update_memos (self);
  g_clear_pointer (&self->pasted_text, g_free);
  g_clear_pointer (&self->text_sha256, g_free);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", -1);
  self->record_loaded = FALSE;
  update_centre (self);
  if (self->paste_dialog != NULL)
    gtk_window_destroy (self->paste_dialog);
  if (self->codebook_dialog != NULL)
    gtk_window_destroy (self->codebook_dialog);
  wn_fulltext_pane_show_record (self->pane, 0);
}

void
wn_extraction_view_set_project (WnExtractionView *self,
                                WnProject        *project)
{
  g_return_if_fail (WN_IS_EXTRACTION_VIEW (self));

  if (!g_set_object (&self->project, project))
    return;

  reset (self);
  wn_fulltext_pane_set_project (self->pane, project);
  wn_extraction_view_reload (self);
}

void
wn_extraction_view_set_identity (WnExtractionView *self,
                                 const char       *identity)
{
  g_return_if_fail (WN_IS_EXTRACTION_VIEW (self));

  if (identity != NULL && identity[0] == '\0')
    identity = NULL;
  if (g_strcmp0 (self->identity, identity) == 0)
    return;

  g_free (self->identity);
  self->identity = g_strdup (identity);
  /* Another person's values and codings: the form again. */
  reset (self);
  wn_extraction_view_reload (self);
}

void
wn_extraction_view_reload (WnExtractionView *self)
{
  g_return_if_fail (WN_IS_EXTRACTION_VIEW (self));

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_list (self);
  else
    {
      self->stale = TRUE;
      update_page (self);
      state_changed (self);
    }
}

void
wn_extraction_view_describe (WnExtractionView *self,
                             WnTestStateFunc   func,
                             gpointer          user_data)
{
  char buffer[64];
  gint64 start, end;
  GtkWidget *focus;
  GtkRoot *root;
  FieldUi *focus_ui = NULL;
  g_autofree char *focus_source = NULL;
  const char *where;

  g_return_if_fail (WN_IS_EXTRACTION_VIEW (self));

  func ("ex_page", gtk_stack_get_visible_child_name (self->stack), user_data);
  func ("ex_tab", gtk_stack_get_visible_child_name (self->side_stack), user_data);
  func ("ex_loaded", self->loaded && !self->loading ? "1" : "0", user_data);
  g_snprintf (buffer, sizeof buffer, "%u", self->studies != NULL ? self->studies->len : 0);
  func ("ex_studies", buffer, user_data);
  func ("ex_study", self->study_id != NULL ? self->study_id : "", user_data);
  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, self->record_id);
  func ("ex_record_id", buffer, user_data);
  func ("ex_identity", self->identity != NULL ? self->identity : "", user_data);
  g_snprintf (buffer, sizeof buffer, "%u", self->n_fields);
  func ("ex_fields", buffer, user_data);
  g_snprintf (buffer, sizeof buffer, "%u", self->saved);
  func ("ex_saved", buffer, user_data);
  func ("ex_error", self->error != NULL ? self->error : "", user_data);
  g_snprintf (buffer, sizeof buffer, "%u", self->codes != NULL ? self->codes->len : 0);
  func ("ex_codes", buffer, user_data);
  g_snprintf (buffer, sizeof buffer, "%u", self->n_codings);
  func ("ex_codings", buffer, user_data);
  g_snprintf (buffer, sizeof buffer, "%u", n_memos (self));
  func ("ex_memos", buffer, user_data);
  func ("ex_memo_open", self->memo_dialog != NULL ? "1" : "0", user_data);
  func ("ex_codebook_open", self->codebook_dialog != NULL ? "1" : "0", user_data);
  if (self->codebook_dialog != NULL)
    wn_codebook_dialog_describe (WN_CODEBOOK_DIALOG (self->codebook_dialog), func, user_data);
  if (self->pdf_sha256 != NULL)
    func ("ex_text", "pdf", user_data);
  else
    func ("ex_text", self->pasted_text != NULL ? "pasted" : "none", user_data);
  func ("ex_paste_shown", gtk_widget_get_visible (self->paste_bar) ? "1" : "0", user_data);
  func ("ex_paste_open", self->paste_dialog != NULL ? "1" : "0", user_data);
  g_snprintf (buffer, sizeof buffer, "%u", self->n_text_marks);
  func ("ex_text_marks", buffer, user_data);
  if (text_selection (self, &start, &end)
      || wn_pdf_view_get_selection_offsets (wn_fulltext_pane_get_pdf_view (self->pane), &start, &end))
    g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, start, end);
  else
    buffer[0] = '\0';
  func ("ex_selection", buffer, user_data);

  /* Where the keyboard is: studies, pdf, codes, codings, or a field's name. */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    where = "";
  else if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->form_box)) && (focus_ui = row_field_ui (focus)) != NULL)
    {
      /* "name/source" on its Source from Selection button. */
      if (g_object_get_data (G_OBJECT (focus), "source-button") != NULL)
        where = focus_source = g_strconcat (focus_ui->field->name, "/source", NULL);
      else
        where = focus_ui->field->name;
    }
  else if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->study_list)))
    where = "studies";
  else if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->code_list)))
    where = "codes";
  else if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->coding_list)))
    where = GTK_IS_BUTTON (focus) ? "coding-remove" : "codings";
  else if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->pane)))
    where = "pdf";
  else if (focus == GTK_WIDGET (self->text_view) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->text_view)))
    where = "text";
  else if (gtk_widget_is_ancestor (focus, self->paste_bar))
    where = "paste";
  else
    where = "other";
  func ("ex_focus", where, user_data);
  g_snprintf (buffer, sizeof buffer, "%u", self->focus_moves);
  func ("ex_focus_moves", buffer, user_data);

  /* The screening page's pane has the same keys: this one's only while
   * this page is shown (they come after, and win). */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    wn_fulltext_pane_describe (self->pane, func, user_data);
}
