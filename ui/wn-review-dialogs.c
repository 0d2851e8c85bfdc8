/* wn-review-dialogs.c — the lead's extraction and coding tools: the
 * template, verification, coder agreement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three modal dialogs (GtkDialog, GTK 4.8) over the window, opened from its
 * menu's "Extraction and Coding" section:
 *
 *   Template: the version in force, its fields (added, edited, retired in a
 *   working copy) and a note, saved as the next version
 *   (wn_project_save_template); afterwards, how many studies are flagged
 *   for a second pass.
 *
 *   Verification: extractor, verifier, share and seed; Draw
 *   (wn_project_draw_verification); the sample, field agreement and each
 *   discrepancy with Use First, Use Second or a typed value
 *   (wn_project_resolve_value).
 *
 *   Coding agreement: coders A and B, share and seed; Draw Double-Coded
 *   Sample (wn_project_draw_double_coding); the minimum overlap and the
 *   per-code table (wn_project_coding_agreement), refreshed on demand.
 *
 * Every read and write runs in a thread (wn_project_job_run); a failure is
 * shown in the dialog with the core's message. A dialog that closes
 * cancels its work; a result that arrives afterwards is dropped.
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "wn-accessibility.h"
#include "wn-coding.h"
#include "wn-extraction.h"
#include "wn-review-dialogs.h"
#include "wn-screening-dialogs.h"
#include "wn-screening.h"
#include "wn-studies.h"

typedef enum
{
  KIND_TEMPLATE,
  KIND_VERIFICATION,
  KIND_CODING,
  N_KINDS
} Kind;

typedef struct
{
  Kind             kind;
  GtkDialog       *dialog;      /* NULL once destroyed */
  GtkWindow       *parent;      /* weak */
  WnProject       *project;
  GCancellable    *cancellable;
  WnReviewChanged  changed;
  gpointer         user_data;
  gboolean         project_changed;

  GtkLabel        *heading;
  GtkLabel        *status_label;
  GtkLabel        *error_label;
  char            *error;
  guint            busy;
  gboolean         loaded;

  /* Template: the version in force and the working copy of its fields. */
  guint            version;
  GPtrArray       *fields;      /* WnTemplateField */
  GtkListBox      *field_list;
  GtkEntry        *note_entry;
  GtkWidget       *save_button;
  GtkWidget       *edit_button;
  GtkWidget       *retire_button;
  int              flagged;     /* -1 until a save */

  /* The field editor (Add Field…, Edit…). */
  GtkDialog       *editor;
  int              editor_index; /* -1: a new field */
  GtkEntry        *ed_name;
  GtkEntry        *ed_label;
  GtkDropDown     *ed_type;
  GtkEntry        *ed_help;
  GtkSwitch       *ed_required;
  GtkTextView     *ed_choices;
  GtkLabel        *ed_error;

  /* Verification and coding agreement. */
  GPtrArray       *reviewers;   /* char * */
  GtkDropDown     *person_a;
  GtkDropDown     *person_b;
  GtkSpinButton   *share;
  GtkSpinButton   *seed;
  GtkSpinButton   *overlap;
  GtkWidget       *draw_button;
  GtkWidget       *table_box;   /* holds the table grid */
  GtkLabel        *sample_label;
  GtkWidget       *discrepancy_box;
  GArray          *sample;      /* gint64 */
  GPtrArray       *sample_ids;  /* char *, the study ids */
  GPtrArray       *agreements;  /* WnFieldAgreement or WnCodeAgreement */
  GPtrArray       *discrepancies; /* WnDiscrepancy */
  int              n_double;    /* -1 unknown */
  gboolean         setting_up;
} Dlg;

static Dlg *open_dialogs[N_KINDS];

static void
dlg_clear (Dlg *dlg)
{
  g_clear_object (&dlg->project);
  g_clear_object (&dlg->cancellable);
  g_free (dlg->error);
  g_clear_pointer (&dlg->fields, g_ptr_array_unref);
  g_clear_pointer (&dlg->reviewers, g_ptr_array_unref);
  g_clear_pointer (&dlg->sample, g_array_unref);
  g_clear_pointer (&dlg->sample_ids, g_ptr_array_unref);
  g_clear_pointer (&dlg->agreements, g_ptr_array_unref);
  g_clear_pointer (&dlg->discrepancies, g_ptr_array_unref);
}

static Dlg *
dlg_ref (Dlg *dlg)
{
  return g_rc_box_acquire (dlg);
}

static void
dlg_unref (Dlg *dlg)
{
  g_rc_box_release_full (dlg, (GDestroyNotify) dlg_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Dlg, dlg_unref)

static void
dlg_notify (Dlg *dlg)
{
  if (dlg->changed == NULL || dlg->parent == NULL || gtk_widget_in_destruction (GTK_WIDGET (dlg->parent)))
    return;
  dlg->changed (dlg->user_data, FALSE);
}

static void
dlg_destroyed_cb (GtkWidget *dialog,
                  Dlg       *dlg)
{
  WnReviewChanged changed = dlg->changed;

  dlg->dialog = NULL;
  dlg->editor = NULL;
  g_cancellable_cancel (dlg->cancellable);
  if (open_dialogs[dlg->kind] == dlg)
    open_dialogs[dlg->kind] = NULL;
  dlg->changed = NULL;
  if (changed != NULL && dlg->parent != NULL && !gtk_widget_in_destruction (GTK_WIDGET (dlg->parent)))
    changed (dlg->user_data, dlg->project_changed);
  if (dlg->parent != NULL)
    g_object_remove_weak_pointer (G_OBJECT (dlg->parent), (gpointer *) &dlg->parent);
  dlg->parent = NULL;
}

static void
dlg_show_error (Dlg        *dlg,
                const char *message)
{
  g_free (dlg->error);
  dlg->error = g_strdup (message);
  if (dlg->dialog == NULL)
    return;
  gtk_label_set_text (dlg->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (dlg->error_label), message != NULL);
  dlg_notify (dlg);
}

static void
dlg_set_status (Dlg        *dlg,
                const char *message)
{
  gtk_label_set_text (dlg->status_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (dlg->status_label), message != NULL);
}

static void
dlg_busy (Dlg      *dlg,
          gboolean  busy)
{
  if (busy)
    dlg->busy++;
  else if (dlg->busy > 0)
    dlg->busy--;
  if (dlg->dialog == NULL)
    return;
  if (dlg->save_button != NULL)
    gtk_widget_set_sensitive (dlg->save_button, dlg->busy == 0);
  if (dlg->draw_button != NULL)
    gtk_widget_set_sensitive (dlg->draw_button, dlg->busy == 0);
  dlg_notify (dlg);
}

static void
focus_changed_cb (GObject    *object,
                  GParamSpec *pspec,
                  Dlg        *dlg)
{
  dlg_notify (dlg);
}

static GtkWidget *
bold_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static GtkWidget *
wrapped_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 80);
  return label;
}

/* A modal dialog with Close, a content box, a status and an error label. */
static Dlg *
dlg_new (Kind        kind,
         GtkWindow  *parent,
         WnProject  *project,
         const char *title,
         WnReviewChanged changed,
         gpointer    user_data,
         GtkBox    **content_out)
{
  Dlg *dlg = g_rc_box_new0 (Dlg);
  GtkWidget *dialog;
  GtkWidget *box;

  dialog = gtk_dialog_new_with_buttons (title, parent,
                                        GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                        _("_Close"), GTK_RESPONSE_CLOSE,
                                        NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);

  dlg->kind = kind;
  dlg->dialog = GTK_DIALOG (dialog);
  dlg->parent = parent;
  if (parent != NULL)
    g_object_add_weak_pointer (G_OBJECT (parent), (gpointer *) &dlg->parent);
  dlg->project = g_object_ref (project);
  dlg->cancellable = g_cancellable_new ();
  dlg->changed = changed;
  dlg->user_data = user_data;
  dlg->flagged = -1;
  dlg->n_double = -1;
  dlg->editor_index = -1;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_vexpand (box, TRUE);
  gtk_box_append (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), box);

  dlg->heading = GTK_LABEL (wrapped_label (""));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (dlg->heading));

  dlg->status_label = GTK_LABEL (wrapped_label (NULL));
  gtk_label_set_selectable (dlg->status_label, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (dlg->status_label), FALSE);

  dlg->error_label = GTK_LABEL (wrapped_label (NULL));
  gtk_label_set_selectable (dlg->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (dlg->error_label), "wn-warning-text");
  gtk_widget_set_visible (GTK_WIDGET (dlg->error_label), FALSE);

  g_object_set_data_full (G_OBJECT (dialog), "wn-review-dialog", dlg, (GDestroyNotify) dlg_unref);
  g_signal_connect (dialog, "destroy", G_CALLBACK (dlg_destroyed_cb), dlg);
  g_signal_connect (dialog, "notify::focus-widget", G_CALLBACK (focus_changed_cb), dlg);

  if (open_dialogs[kind] != NULL && open_dialogs[kind]->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (open_dialogs[kind]->dialog));
  open_dialogs[kind] = dlg;

  *content_out = GTK_BOX (box);
  return dlg;
}

static void
dlg_finish_content (Dlg    *dlg,
                    GtkBox *box)
{
  gtk_box_append (box, GTK_WIDGET (dlg->status_label));
  gtk_box_append (box, GTK_WIDGET (dlg->error_label));
}

/* A job's common end: FALSE (and the error shown) when it failed or the
 * dialog is gone. */
static gboolean
dlg_job_finish (Dlg           *dlg,
                GAsyncResult  *result,
                gpointer      *value)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = wn_project_job_finish (result, value, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || dlg->dialog == NULL)
    return FALSE;
  dlg_busy (dlg, FALSE);
  if (!ok)
    {
      dlg_show_error (dlg, error->message);
      return FALSE;
    }
  return TRUE;
}

static GtkWidget *
scrolled (GtkWidget *child,
          int        width,
          int        height)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), child);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scroller, width, height);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_widget_set_hexpand (scroller, TRUE);
  return scroller;
}

static char *
format_percent (double value)
{
  if (isnan (value))
    return g_strdup ("—");
  /* Translators: a percentage. */
  return g_strdup_printf (_("%.1f %%"), value);
}

static char *
format_kappa (double      value,
              const char *undefined)
{
  if (isnan (value))
    return g_strdup (undefined);
  return g_strdup_printf ("%.2f", value);
}

/* A table: a header row, then rows of cells (the first left-aligned). */
static GtkGrid *
table_new (const char *const *headers,
           guint               n_columns)
{
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());

  gtk_grid_set_column_spacing (grid, 18);
  gtk_grid_set_row_spacing (grid, 4);
  gtk_widget_set_margin_top (GTK_WIDGET (grid), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (grid), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (grid), 8);
  /* Clear of the overlay scroll bar. */
  gtk_widget_set_margin_end (GTK_WIDGET (grid), 20);
  for (guint i = 0; i < n_columns; i++)
    {
      GtkWidget *label = bold_label (headers[i]);

      gtk_label_set_xalign (GTK_LABEL (label), i == 0 ? 0.0f : 1.0f);
      gtk_grid_attach (grid, label, i, 0, 1, 1);
    }
  return grid;
}

static void
table_add_row (GtkGrid           *grid,
               guint              row,
               const char *const *cells,
               guint              n_columns)
{
  for (guint i = 0; i < n_columns; i++)
    {
      GtkWidget *label = gtk_label_new (cells[i]);

      gtk_label_set_xalign (GTK_LABEL (label), i == 0 ? 0.0f : 1.0f);
      gtk_label_set_selectable (GTK_LABEL (label), FALSE);
      if (i == 0)
        {
          gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
          gtk_label_set_width_chars (GTK_LABEL (label), 24);
          gtk_widget_set_hexpand (label, TRUE);
        }
      gtk_grid_attach (grid, label, i, row + 1, 1, 1);
    }
}

static void
table_box_set (Dlg       *dlg,
               GtkWidget *child)
{
  GtkWidget *old;

  while ((old = gtk_widget_get_first_child (dlg->table_box)) != NULL)
    gtk_box_remove (GTK_BOX (dlg->table_box), old);
  gtk_box_append (GTK_BOX (dlg->table_box), child);
}

/* ------------------------------------------------------------------------ */
/* Reviewers                                                                */

static GPtrArray *
list_reviewer_names (WnProject  *project,
                     GError    **error)
{
  g_autoptr(GPtrArray) reviewers = wn_project_list_reviewers (project, error);
  GPtrArray *names;

  if (reviewers == NULL)
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < reviewers->len; i++)
    g_ptr_array_add (names, g_strdup (((WnReviewer *) g_ptr_array_index (reviewers, i))->name));
  return names;
}

static const char *
selected_person (GtkDropDown *dropdown,
                 Dlg         *dlg)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  if (dlg->reviewers == NULL || i >= dlg->reviewers->len)
    return NULL;
  return g_ptr_array_index (dlg->reviewers, i);
}

static void
set_reviewers (Dlg        *dlg,
               GPtrArray  *names,
               const char *a,
               const char *b)
{
  g_autoptr(GtkStringList) model_a = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) model_b = gtk_string_list_new (NULL);
  guint ia = 0;
  guint ib = names->len > 1 ? 1 : 0;

  g_clear_pointer (&dlg->reviewers, g_ptr_array_unref);
  dlg->reviewers = g_ptr_array_ref (names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      gtk_string_list_append (model_a, name);
      gtk_string_list_append (model_b, name);
      if (g_strcmp0 (name, a) == 0)
        ia = i;
      if (g_strcmp0 (name, b) == 0)
        ib = i;
    }
  dlg->setting_up = TRUE;
  gtk_drop_down_set_model (dlg->person_a, G_LIST_MODEL (model_a));
  gtk_drop_down_set_model (dlg->person_b, G_LIST_MODEL (model_b));
  gtk_drop_down_set_selected (dlg->person_a, ia);
  gtk_drop_down_set_selected (dlg->person_b, ib);
  dlg->setting_up = FALSE;
}

/* Extractor/verifier or coder A/B, share, seed and the draw button, on one
 * grid; returns the grid's next free row. */
static GtkGrid *
draw_controls (Dlg        *dlg,
               const char *label_a,
               const char *label_b,
               const char *draw_label)
{
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  GtkWidget *label;

  gtk_grid_set_column_spacing (grid, 8);
  gtk_grid_set_row_spacing (grid, 8);

  label = gtk_label_new_with_mnemonic (label_a);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_grid_attach (grid, label, 0, 0, 1, 1);
  dlg->person_a = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_set_name (GTK_WIDGET (dlg->person_a), "person-a");
  gtk_widget_set_tooltip_text (GTK_WIDGET (dlg->person_a), _("The first of the two people whose work is compared"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (dlg->person_a));
  wn_accessible_name_buttons (GTK_WIDGET (dlg->person_a));
  gtk_grid_attach (grid, GTK_WIDGET (dlg->person_a), 1, 0, 1, 1);

  label = gtk_label_new_with_mnemonic (label_b);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_grid_attach (grid, label, 2, 0, 1, 1);
  dlg->person_b = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_set_name (GTK_WIDGET (dlg->person_b), "person-b");
  gtk_widget_set_tooltip_text (GTK_WIDGET (dlg->person_b), _("The second of the two people whose work is compared"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (dlg->person_b));
  wn_accessible_name_buttons (GTK_WIDGET (dlg->person_b));
  gtk_grid_attach (grid, GTK_WIDGET (dlg->person_b), 3, 0, 1, 1);

  label = gtk_label_new_with_mnemonic (_("S_hare (%)"));
  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_grid_attach (grid, label, 0, 1, 1, 1);
  dlg->share = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 100, 1));
  gtk_spin_button_set_value (dlg->share, 10);
  gtk_widget_set_name (GTK_WIDGET (dlg->share), "share");
  gtk_widget_set_tooltip_text (GTK_WIDGET (dlg->share), _("The share of the included studies drawn at random"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (dlg->share));
  gtk_grid_attach (grid, GTK_WIDGET (dlg->share), 1, 1, 1, 1);

  label = gtk_label_new_with_mnemonic (_("S_eed"));
  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_grid_attach (grid, label, 2, 1, 1, 1);
  dlg->seed = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, G_MAXINT, 1));
  gtk_spin_button_set_value (dlg->seed, 1);
  gtk_widget_set_name (GTK_WIDGET (dlg->seed), "seed");
  gtk_widget_set_tooltip_text (GTK_WIDGET (dlg->seed), _("The same seed draws the same studies, so a draw can be repeated"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (dlg->seed));
  gtk_grid_attach (grid, GTK_WIDGET (dlg->seed), 3, 1, 1, 1);

  dlg->draw_button = gtk_button_new_with_mnemonic (draw_label);
  gtk_widget_set_name (dlg->draw_button, "draw");
  gtk_widget_add_css_class (dlg->draw_button, "suggested-action");
  gtk_grid_attach (grid, dlg->draw_button, 4, 1, 1, 1);

  return grid;
}

/* ------------------------------------------------------------------------ */
/* Template                                                                 */

static const char *
field_type_label (WnFieldType type)
{
  switch (type)
    {
    case WN_FIELD_SHORT_TEXT: return _("Short text");
    case WN_FIELD_LONG_TEXT: return _("Long text");
    case WN_FIELD_INTEGER: return _("Integer");
    case WN_FIELD_NUMBER: return _("Number");
    case WN_FIELD_DATE: return _("Date");
    case WN_FIELD_YES_NO: return _("Yes/no");
    case WN_FIELD_SINGLE_CHOICE: return _("Single choice");
    case WN_FIELD_MULTIPLE_CHOICE: return _("Multiple choice");
    case WN_FIELD_COUNTRY: return _("Country or region");
    default: return "";
    }
}

#define N_FIELD_TYPES (WN_FIELD_COUNTRY + 1)

static void
template_update_buttons (Dlg *dlg)
{
  gboolean selected = gtk_list_box_get_selected_row (dlg->field_list) != NULL;

  gtk_widget_set_sensitive (dlg->edit_button, selected);
  gtk_widget_set_sensitive (dlg->retire_button, selected);
}

static void
template_fill (Dlg *dlg)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (dlg->field_list))) != NULL)
    gtk_list_box_remove (dlg->field_list, child);

  for (guint i = 0; i < dlg->fields->len; i++)
    {
      WnTemplateField *field = g_ptr_array_index (dlg->fields, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *title = bold_label (field->label);
      g_autoptr(GString) detail = g_string_new (field->name);
      GtkWidget *detail_label;

      g_string_append_printf (detail, " · %s", field_type_label (field->type));
      if (field->required)
        g_string_append_printf (detail, " · %s", _("required"));
      if (field->choices != NULL && field->choices[0] != NULL)
        {
          g_autofree char *choices = g_strjoinv ("; ", field->choices);

          g_string_append_printf (detail, " · %s", choices);
        }
      detail_label = gtk_label_new (detail->str);
      gtk_label_set_xalign (GTK_LABEL (detail_label), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (detail_label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (detail_label, "dim-label");

      gtk_widget_set_margin_top (box, 4);
      gtk_widget_set_margin_bottom (box, 4);
      gtk_widget_set_margin_start (box, 8);
      gtk_widget_set_margin_end (box, 8);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), detail_label);
      gtk_list_box_append (dlg->field_list, box);
    }
  template_update_buttons (dlg);
  dlg_notify (dlg);
}

static void
template_set (Dlg        *dlg,
              WnTemplate *tmpl)
{
  g_autofree char *heading = NULL;

  dlg->version = tmpl->version;
  g_clear_pointer (&dlg->fields, g_ptr_array_unref);
  dlg->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_template_field_free);
  for (guint i = 0; i < tmpl->fields->len; i++)
    g_ptr_array_add (dlg->fields, wn_template_field_copy (g_ptr_array_index (tmpl->fields, i)));

  if (tmpl->note != NULL && tmpl->note[0] != '\0')
    /* Translators: %u is a version number, %s its note. */
    heading = g_strdup_printf (_("Version %u is in force: %s"), tmpl->version, tmpl->note);
  else
    /* Translators: %u is a version number. */
    heading = g_strdup_printf (_("Version %u is in force."), tmpl->version);
  gtk_label_set_text (dlg->heading, heading);

  {
    /* Translators: %u is the next version's number. */
    g_autofree char *save = g_strdup_printf (_("_Save as Version %u"), tmpl->version + 1);

    gtk_button_set_label (GTK_BUTTON (dlg->save_button), save);
  }
  dlg->loaded = TRUE;
  template_fill (dlg);
}

static gboolean
read_template_job (WnProject  *project,
                   gpointer    data,
                   gpointer   *result,
                   GError    **error)
{
  WnTemplate *tmpl = wn_project_get_template (project, error);

  *result = tmpl;
  return tmpl != NULL;
}

static void
template_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Dlg) dlg = user_data;
  g_autoptr(WnTemplate) tmpl = NULL;

  if (!dlg_job_finish (dlg, result, (gpointer *) &tmpl))
    return;
  template_set (dlg, tmpl);
}

typedef struct
{
  GPtrArray  *fields;
  char       *note;
  WnTemplate *tmpl;     /* out */
  guint       flagged;  /* out */
} SaveTemplate;

static void
save_template_free (SaveTemplate *save)
{
  g_clear_pointer (&save->fields, g_ptr_array_unref);
  g_free (save->note);
  g_clear_pointer (&save->tmpl, wn_template_free);
  g_free (save);
}

static gboolean
save_template_job (WnProject  *project,
                   gpointer    data,
                   gpointer   *result,
                   GError    **error)
{
  SaveTemplate *save = data;
  g_autoptr(GPtrArray) flags = NULL;
  SaveTemplate *out;

  if (wn_project_save_template (project, save->fields, save->note, error) == 0)
    return FALSE;
  out = g_new0 (SaveTemplate, 1);
  *result = out;
  out->tmpl = wn_project_get_template (project, error);
  if (out->tmpl == NULL)
    return FALSE;
  flags = wn_project_extraction_flags (project, error);
  if (flags == NULL)
    return FALSE;
  {
    g_autoptr(GHashTable) studies = g_hash_table_new (g_int64_hash, g_int64_equal);

    for (guint i = 0; i < flags->len; i++)
      g_hash_table_add (studies, &((WnExtractionFlag *) g_ptr_array_index (flags, i))->record_id);
    out->flagged = g_hash_table_size (studies);
  }
  return TRUE;
}

static void
template_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Dlg) dlg = user_data;
  SaveTemplate *saved = NULL;
  g_autofree char *status = NULL;

  if (!dlg_job_finish (dlg, result, (gpointer *) &saved))
    {
      if (saved != NULL)
        save_template_free (saved);
      return;
    }

  dlg->project_changed = TRUE;
  dlg->flagged = saved->flagged;
  gtk_editable_set_text (GTK_EDITABLE (dlg->note_entry), "");
  dlg_show_error (dlg, NULL);
  /* Translators: %u is a version number; the second a count of studies. */
  status = g_strdup_printf (ngettext ("Saved version %u. %u study is now flagged for a second pass.",
                                      "Saved version %u. %u studies are now flagged for a second pass.",
                                      saved->flagged),
                            saved->tmpl->version, saved->flagged);
  dlg_set_status (dlg, status);
  template_set (dlg, saved->tmpl);
  save_template_free (saved);
}

static void
template_save_cb (GtkButton *button,
                  Dlg       *dlg)
{
  SaveTemplate *save;
  const char *note;

  if (dlg->busy > 0 || !dlg->loaded)
    return;

  save = g_new0 (SaveTemplate, 1);
  save->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_template_field_free);
  for (guint i = 0; i < dlg->fields->len; i++)
    g_ptr_array_add (save->fields, wn_template_field_copy (g_ptr_array_index (dlg->fields, i)));
  note = gtk_editable_get_text (GTK_EDITABLE (dlg->note_entry));
  save->note = note[0] != '\0' ? g_strdup (note) : NULL;

  dlg_show_error (dlg, NULL);
  dlg_set_status (dlg, NULL);
  dlg_busy (dlg, TRUE);
  wn_project_job_run (dlg->project, save_template_job, save, (GDestroyNotify) save_template_free,
                      (GDestroyNotify) save_template_free, dlg->cancellable, template_saved_cb, dlg_ref (dlg));
}

/* The field editor. */

static gboolean
valid_field_name (const char *name)
{
  if (name[0] == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
      return FALSE;
  return TRUE;
}

static GStrv
choices_from_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start;
  GtkTextIter end;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      g_strv_builder_add (builder, lines[i]);
      n++;
    }
  return n > 0 ? g_strv_builder_end (builder) : NULL;
}

static void
editor_response_cb (GtkDialog *editor,
                    int        response,
                    Dlg       *dlg)
{
  g_autofree char *name = NULL;
  const char *label;
  WnTemplateField *field;

  if (response != GTK_RESPONSE_ACCEPT || dlg->dialog == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (editor));
      return;
    }

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (dlg->ed_name))));
  label = gtk_editable_get_text (GTK_EDITABLE (dlg->ed_label));
  if (!valid_field_name (name))
    {
      gtk_label_set_text (dlg->ed_error, _("A field's name is lower-case letters, digits and underscores (such as “sample_size”)."));
      gtk_widget_set_visible (GTK_WIDGET (dlg->ed_error), TRUE);
      return;
    }

  if (dlg->editor_index >= 0 && (guint) dlg->editor_index < dlg->fields->len)
    field = g_ptr_array_index (dlg->fields, dlg->editor_index);
  else
    {
      field = wn_template_field_new (name, label, gtk_drop_down_get_selected (dlg->ed_type));
      g_ptr_array_add (dlg->fields, field);
    }

  g_free (field->label);
  field->label = g_strdup (label[0] != '\0' ? label : name);
  g_free (field->help);
  field->help = g_strdup (gtk_editable_get_text (GTK_EDITABLE (dlg->ed_help)));
  field->required = gtk_switch_get_active (dlg->ed_required);
  g_strfreev (field->choices);
  field->choices = choices_from_text (dlg->ed_choices);

  gtk_window_destroy (GTK_WINDOW (editor));
  template_fill (dlg);
}

static void
editor_destroyed_cb (GtkWidget *editor,
                     Dlg       *dlg)
{
  if (dlg->editor == GTK_DIALOG (editor))
    dlg->editor = NULL;
  dlg_notify (dlg);
}

static void
editor_type_changed_cb (GObject    *object,
                        GParamSpec *pspec,
                        Dlg        *dlg)
{
  dlg_notify (dlg);
}

static GtkWidget *
editor_row (GtkGrid    *grid,
            int         row,
            const char *mnemonic,
            GtkWidget  *widget)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, widget, 1, row, 1, 1);
  return widget;
}

static void
template_open_editor (Dlg *dlg,
                      int  index)
{
  const WnTemplateField *field = index >= 0 ? g_ptr_array_index (dlg->fields, index) : NULL;
  GtkWidget *editor;
  GtkWidget *box;
  GtkGrid *grid;
  GtkWidget *scroller;
  const char *types[N_FIELD_TYPES + 1];

  for (guint i = 0; i < N_FIELD_TYPES; i++)
    types[i] = field_type_label (i);
  types[N_FIELD_TYPES] = NULL;

  editor = gtk_dialog_new_with_buttons (field != NULL ? _("Edit Field") : _("Add Field"),
                                        GTK_WINDOW (dlg->dialog),
                                        GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                        _("_Cancel"), GTK_RESPONSE_CANCEL,
                                        field != NULL ? _("_Apply") : _("_Add"), GTK_RESPONSE_ACCEPT,
                                        NULL);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (editor), GTK_RESPONSE_ACCEPT),
                            "suggested-action");
  gtk_dialog_set_default_response (GTK_DIALOG (editor), GTK_RESPONSE_ACCEPT);
  dlg->editor = GTK_DIALOG (editor);
  dlg->editor_index = index;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_box_append (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (editor))), box);

  grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (grid, 12);
  gtk_grid_set_row_spacing (grid, 8);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (grid));

  dlg->ed_name = GTK_ENTRY (editor_row (grid, 0, _("_Name"), gtk_entry_new ()));
  gtk_widget_set_name (GTK_WIDGET (dlg->ed_name), "ed-name");
  gtk_entry_set_placeholder_text (dlg->ed_name, _("such as funding_source"));
  dlg->ed_label = GTK_ENTRY (editor_row (grid, 1, _("_Label"), gtk_entry_new ()));
  gtk_widget_set_name (GTK_WIDGET (dlg->ed_label), "ed-label");
  dlg->ed_type = GTK_DROP_DOWN (editor_row (grid, 2, _("_Type"), gtk_drop_down_new_from_strings (types)));
  gtk_widget_set_name (GTK_WIDGET (dlg->ed_type), "ed-type");
  dlg->ed_help = GTK_ENTRY (editor_row (grid, 3, _("_Help"), gtk_entry_new ()));
  gtk_widget_set_name (GTK_WIDGET (dlg->ed_help), "ed-help");
  dlg->ed_required = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_name (GTK_WIDGET (dlg->ed_required), "ed-required");
  gtk_widget_set_tooltip_text (GTK_WIDGET (dlg->ed_required), _("Whether every study needs a value for this field"));
  gtk_widget_set_halign (GTK_WIDGET (dlg->ed_required), GTK_ALIGN_START);
  editor_row (grid, 4, _("_Required"), GTK_WIDGET (dlg->ed_required));
  gtk_widget_set_hexpand (GTK_WIDGET (dlg->ed_required), FALSE);
  dlg->ed_choices = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_widget_set_name (GTK_WIDGET (dlg->ed_choices), "ed-choices");
  gtk_text_view_set_accepts_tab (dlg->ed_choices, FALSE);
  gtk_text_view_set_left_margin (dlg->ed_choices, 6);
  gtk_text_view_set_top_margin (dlg->ed_choices, 4);
  scroller = scrolled (GTK_WIDGET (dlg->ed_choices), 320, 120);
  editor_row (grid, 5, _("Ch_oices"), scroller);
  gtk_label_set_mnemonic_widget (GTK_LABEL (gtk_grid_get_child_at (grid, 0, 5)), GTK_WIDGET (dlg->ed_choices));
  gtk_label_set_yalign (GTK_LABEL (gtk_grid_get_child_at (grid, 0, 5)), 0.0f);
  gtk_widget_set_margin_top (gtk_grid_get_child_at (grid, 0, 5), 6);
  gtk_grid_attach (grid, wrapped_label (_("One per line, for coded fields (single and multiple choice, yes/no, a list of countries).")),
                   1, 6, 1, 1);
  gtk_widget_add_css_class (gtk_grid_get_child_at (grid, 1, 6), "dim-label");

  dlg->ed_error = GTK_LABEL (wrapped_label (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (dlg->ed_error), "wn-warning-text");
  gtk_widget_set_visible (GTK_WIDGET (dlg->ed_error), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (dlg->ed_error));

  if (field != NULL)
    {
      g_autofree char *choices = field->choices != NULL ? g_strjoinv ("\n", field->choices) : NULL;

      gtk_editable_set_text (GTK_EDITABLE (dlg->ed_name), field->name);
      gtk_editable_set_editable (GTK_EDITABLE (dlg->ed_name), FALSE);
      gtk_widget_set_can_focus (GTK_WIDGET (dlg->ed_name), FALSE);
      gtk_editable_set_text (GTK_EDITABLE (dlg->ed_label), field->label != NULL ? field->label : "");
      gtk_drop_down_set_selected (dlg->ed_type, field->type);
      gtk_widget_set_sensitive (GTK_WIDGET (dlg->ed_type), FALSE);
      gtk_editable_set_text (GTK_EDITABLE (dlg->ed_help), field->help != NULL ? field->help : "");
      gtk_switch_set_active (dlg->ed_required, field->required);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (dlg->ed_choices), choices != NULL ? choices : "", -1);
    }

  g_signal_connect (editor, "response", G_CALLBACK (editor_response_cb), dlg);
  g_signal_connect (editor, "destroy", G_CALLBACK (editor_destroyed_cb), dlg);
  g_signal_connect (editor, "notify::focus-widget", G_CALLBACK (focus_changed_cb), dlg);
  g_signal_connect (dlg->ed_type, "notify::selected", G_CALLBACK (editor_type_changed_cb), dlg);
  gtk_widget_grab_focus (GTK_WIDGET (field != NULL ? dlg->ed_label : dlg->ed_name));
  gtk_window_present (GTK_WINDOW (editor));
  dlg_notify (dlg);
}

static void
template_add_cb (GtkButton *button,
                 Dlg       *dlg)
{
  if (dlg->loaded && dlg->editor == NULL)
    template_open_editor (dlg, -1);
}

static void
template_edit_cb (GtkButton *button,
                  Dlg       *dlg)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (dlg->field_list);

  if (row != NULL && dlg->editor == NULL)
    template_open_editor (dlg, gtk_list_box_row_get_index (row));
}

static void
template_row_activated_cb (GtkListBox    *list,
                           GtkListBoxRow *row,
                           Dlg           *dlg)
{
  if (dlg->editor == NULL)
    template_open_editor (dlg, gtk_list_box_row_get_index (row));
}

static void
template_retire_cb (GtkButton *button,
                    Dlg       *dlg)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (dlg->field_list);
  int index;

  if (row == NULL)
    return;
  index = gtk_list_box_row_get_index (row);
  g_ptr_array_remove_index (dlg->fields, index);
  template_fill (dlg);
}

static void
template_selection_cb (GtkListBox    *list,
                       GtkListBoxRow *row,
                       Dlg           *dlg)
{
  template_update_buttons (dlg);
}

GtkWindow *
wn_template_dialog_new (GtkWindow       *parent,
                        WnProject       *project,
                        WnReviewChanged  changed,
                        gpointer         user_data)
{
  GtkBox *box;
  Dlg *dlg;
  GtkWidget *buttons;
  GtkWidget *button;
  GtkWidget *note_box;
  GtkWidget *label;

  g_return_val_if_fail (WN_IS_PROJECT (project), NULL);

  dlg = dlg_new (KIND_TEMPLATE, parent, project, _("Extraction Template"), changed, user_data, &box);
  gtk_label_set_text (dlg->heading, _("Reading the template…"));
  gtk_box_append (box, wrapped_label (_("Fields are only ever added, changed or retired by saving a new version; "
                                        "values keep the version they were extracted under.")));

  dlg->field_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (dlg->field_list), "fields");
  gtk_list_box_set_selection_mode (dlg->field_list, GTK_SELECTION_SINGLE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dlg->field_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Template fields"), -1);
  gtk_box_append (box, scrolled (GTK_WIDGET (dlg->field_list), 620, 340));

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  button = gtk_button_new_with_mnemonic (_("_Add Field…"));
  gtk_widget_set_name (button, "add-field");
  g_signal_connect (button, "clicked", G_CALLBACK (template_add_cb), dlg);
  gtk_box_append (GTK_BOX (buttons), button);
  dlg->edit_button = gtk_button_new_with_mnemonic (_("_Edit…"));
  gtk_widget_set_name (dlg->edit_button, "edit-field");
  g_signal_connect (dlg->edit_button, "clicked", G_CALLBACK (template_edit_cb), dlg);
  gtk_box_append (GTK_BOX (buttons), dlg->edit_button);
  dlg->retire_button = gtk_button_new_with_mnemonic (_("_Retire"));
  gtk_widget_set_tooltip_text (dlg->retire_button, _("Leave the selected field out of the next template version"));
  gtk_widget_set_name (dlg->retire_button, "retire-field");
  g_signal_connect (dlg->retire_button, "clicked", G_CALLBACK (template_retire_cb), dlg);
  gtk_box_append (GTK_BOX (buttons), dlg->retire_button);
  gtk_box_append (box, buttons);

  note_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  label = gtk_label_new_with_mnemonic (_("_Note"));
  dlg->note_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (dlg->note_entry), "note");
  gtk_entry_set_placeholder_text (dlg->note_entry, _("Why the template changes"));
  gtk_widget_set_hexpand (GTK_WIDGET (dlg->note_entry), TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (dlg->note_entry));
  gtk_box_append (GTK_BOX (note_box), label);
  gtk_box_append (GTK_BOX (note_box), GTK_WIDGET (dlg->note_entry));
  dlg->save_button = gtk_button_new_with_mnemonic (_("_Save as New Version"));
  gtk_widget_set_tooltip_text (dlg->save_button,
                               _("Save the fields as a new template version; studies extracted with the old one are "
                                 "flagged for a second pass"));
  gtk_widget_set_name (dlg->save_button, "save");
  gtk_widget_add_css_class (dlg->save_button, "suggested-action");
  g_signal_connect (dlg->save_button, "clicked", G_CALLBACK (template_save_cb), dlg);
  gtk_box_append (GTK_BOX (note_box), dlg->save_button);
  gtk_box_append (box, note_box);
  dlg_finish_content (dlg, box);

  g_signal_connect (dlg->field_list, "row-selected", G_CALLBACK (template_selection_cb), dlg);
  g_signal_connect (dlg->field_list, "row-activated", G_CALLBACK (template_row_activated_cb), dlg);
  gtk_widget_set_sensitive (dlg->edit_button, FALSE);
  gtk_widget_set_sensitive (dlg->retire_button, FALSE);

  dlg_busy (dlg, TRUE);
  wn_project_job_run (project, read_template_job, NULL, NULL, (GDestroyNotify) wn_template_free,
                      dlg->cancellable, template_read_cb, dlg_ref (dlg));
  return GTK_WINDOW (dlg->dialog);
}

/* ------------------------------------------------------------------------ */
/* Verification                                                             */

typedef struct
{
  /* in */
  char      *extractor;   /* NULL on the first read: the draw's */
  char      *verifier;
  gboolean   draw;
  double     share;
  guint64    seed;
  double     min_overlap;
  gint64     record_id;   /* a resolution, 0 for none */
  char      *field;
  char      *value;
  /* out */
  GPtrArray *reviewers;
  GArray    *sample;
  GPtrArray *sample_ids;
  GPtrArray *agreements;
  GPtrArray *discrepancies;
  GHashTable *labels;     /* field name → label */
  int        n_double;
} Load;

static void
load_free (Load *load)
{
  g_free (load->extractor);
  g_free (load->verifier);
  g_free (load->field);
  g_free (load->value);
  g_clear_pointer (&load->reviewers, g_ptr_array_unref);
  g_clear_pointer (&load->sample, g_array_unref);
  g_clear_pointer (&load->sample_ids, g_ptr_array_unref);
  g_clear_pointer (&load->agreements, g_ptr_array_unref);
  g_clear_pointer (&load->discrepancies, g_ptr_array_unref);
  g_clear_pointer (&load->labels, g_hash_table_unref);
  g_free (load);
}

/* The first reviewer with assignments in role, else fallback. */
static char *
person_with_role (WnProject  *project,
                  GPtrArray  *names,
                  const char *role,
                  gboolean    coding,
                  const char *other,
                  guint       fallback)
{
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(GArray) ids = NULL;

      if (g_strcmp0 (name, other) == 0)
        continue;
      ids = coding ? wn_project_coding_assignments (project, name, role, NULL)
                   : wn_project_extraction_assignments (project, name, role, NULL);
      if (ids != NULL && ids->len > 0)
        return g_strdup (name);
    }
  return fallback < names->len ? g_strdup (g_ptr_array_index (names, fallback)) : NULL;
}

static gboolean
verification_job (WnProject  *project,
                  gpointer    data,
                  gpointer   *result,
                  GError    **error)
{
  Load *load = data;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(WnTemplate) tmpl = NULL;

  /* The request is the result: it is freed with it, also on failure. */
  *result = load;

  if (load->record_id != 0 && !wn_project_resolve_value (project, load->record_id, load->field, load->value, error))
    return FALSE;
  if (load->draw && wn_project_draw_verification (project, load->extractor, load->verifier,
                                                  load->share, load->seed, error) < 0)
    return FALSE;

  load->reviewers = list_reviewer_names (project, error);
  if (load->reviewers == NULL)
    return FALSE;
  if (load->verifier == NULL)
    {
      load->verifier = person_with_role (project, load->reviewers, "verifier", FALSE, NULL, 1);
      load->extractor = person_with_role (project, load->reviewers, "extractor", FALSE, load->verifier, 0);
    }

  load->sample_ids = g_ptr_array_new_with_free_func (g_free);
  if (load->verifier != NULL)
    {
      load->sample = wn_project_extraction_assignments (project, load->verifier, "verifier", error);
      if (load->sample == NULL)
        return FALSE;
      ids = wn_project_study_ids (project, error);
      if (ids == NULL)
        return FALSE;
      for (guint i = 0; i < load->sample->len; i++)
        {
          gint64 record_id = g_array_index (load->sample, gint64, i);
          const char *study = g_hash_table_lookup (ids, &record_id);

          g_ptr_array_add (load->sample_ids,
                           study != NULL ? g_strdup (study) : g_strdup_printf ("#%" G_GINT64_FORMAT, record_id));
        }
    }
  if (!wn_project_extraction_agreement (project, &load->agreements, &load->discrepancies, error))
    return FALSE;

  tmpl = wn_project_get_template (project, error);
  if (tmpl == NULL)
    return FALSE;
  load->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < tmpl->fields->len; i++)
    {
      WnTemplateField *field = g_ptr_array_index (tmpl->fields, i);

      g_hash_table_insert (load->labels, g_strdup (field->name), g_strdup (field->label));
    }

  return TRUE;
}

static const char *
field_label (Load       *load,
             const char *name)
{
  const char *label = g_hash_table_lookup (load->labels, name);

  return label != NULL ? label : name;
}

static void verification_run (Dlg    *dlg,
                              Load   *load);

typedef struct
{
  Dlg     *dlg;       /* not a reference: the row dies with the dialog */
  gint64   record_id;
  char    *field;
  char    *first;
  char    *second;
  GtkEntry *entry;
} ResolveRow;

static void
resolve_row_free (ResolveRow *row)
{
  g_free (row->field);
  g_free (row->first);
  g_free (row->second);
  g_free (row);
}

static void
resolve (ResolveRow *row,
         const char *value)
{
  Dlg *dlg = row->dlg;
  Load *load;

  if (dlg->busy > 0 || dlg->dialog == NULL)
    return;
  if (value == NULL || value[0] == '\0')
    {
      dlg_show_error (dlg, _("Type the agreed value first."));
      return;
    }
  load = g_new0 (Load, 1);
  load->record_id = row->record_id;
  load->field = g_strdup (row->field);
  load->value = g_strdup (value);
  load->extractor = g_strdup (selected_person (dlg->person_a, dlg));
  load->verifier = g_strdup (selected_person (dlg->person_b, dlg));
  verification_run (dlg, load);
}

static void
use_first_cb (GtkButton  *button,
              ResolveRow *row)
{
  resolve (row, row->first);
}

static void
use_second_cb (GtkButton  *button,
               ResolveRow *row)
{
  resolve (row, row->second);
}

static void
resolve_typed_cb (GtkWidget  *widget,
                  ResolveRow *row)
{
  resolve (row, gtk_editable_get_text (GTK_EDITABLE (row->entry)));
}

static GtkWidget *
discrepancy_row (Dlg           *dlg,
                 Load          *load,
                 WnDiscrepancy *d)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *button;
  g_autofree char *title = g_strdup_printf ("%s · %s", d->study_id != NULL ? d->study_id : "", field_label (load, d->field));
  /* Translators: the extractor's and the verifier's values. */
  g_autofree char *values = g_strdup_printf (_("First: %s    Second: %s"),
                                             d->first != NULL ? d->first : "—", d->second != NULL ? d->second : "—");
  GtkWidget *label;
  ResolveRow *row = g_new0 (ResolveRow, 1);

  row->dlg = dlg;
  row->record_id = d->record_id;
  row->field = g_strdup (d->field);
  row->first = g_strdup (d->first);
  row->second = g_strdup (d->second);
  g_object_set_data_full (G_OBJECT (box), "wn-resolve-row", row, (GDestroyNotify) resolve_row_free);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_box_append (GTK_BOX (box), bold_label (title));
  label = wrapped_label (values);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_box_append (GTK_BOX (box), label);
  if (d->resolved != NULL)
    {
      /* Translators: %s is the agreed value. */
      g_autofree char *resolved = g_strdup_printf (_("Resolved: %s"), d->resolved);

      label = wrapped_label (resolved);
      gtk_widget_add_css_class (label, "success");
      gtk_box_append (GTK_BOX (box), label);
    }

  button = gtk_button_new_with_label (_("Use First"));
  gtk_widget_set_tooltip_text (button, _("Keep the first extractor’s value as the agreed one"));
  gtk_widget_set_name (button, "use-first");
  gtk_widget_set_sensitive (button, d->first != NULL);
  g_signal_connect (button, "clicked", G_CALLBACK (use_first_cb), row);
  gtk_box_append (GTK_BOX (line), button);
  button = gtk_button_new_with_label (_("Use Second"));
  gtk_widget_set_tooltip_text (button, _("Keep the second extractor’s value as the agreed one"));
  gtk_widget_set_name (button, "use-second");
  gtk_widget_set_sensitive (button, d->second != NULL);
  g_signal_connect (button, "clicked", G_CALLBACK (use_second_cb), row);
  gtk_box_append (GTK_BOX (line), button);
  row->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (row->entry), "resolve-entry");
  gtk_entry_set_placeholder_text (row->entry, _("Agreed value"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Agreed value"), -1);
  gtk_widget_set_hexpand (GTK_WIDGET (row->entry), TRUE);
  g_signal_connect (row->entry, "activate", G_CALLBACK (resolve_typed_cb), row);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (row->entry));
  button = gtk_button_new_with_label (_("Resolve"));
  gtk_widget_set_tooltip_text (button, _("Keep the value typed beside it as the agreed one (Enter)"));
  gtk_widget_set_name (button, "resolve");
  g_signal_connect (button, "clicked", G_CALLBACK (resolve_typed_cb), row);
  gtk_box_append (GTK_BOX (line), button);
  gtk_box_append (GTK_BOX (box), line);

  return box;
}

static void
verification_show (Dlg  *dlg,
                   Load *load)
{
  static const char *const headers[] = { N_("Field"), N_("n"), N_("Agreed"), N_("%"), N_("Kappa") };
  const char *translated[G_N_ELEMENTS (headers)];
  GtkGrid *grid;
  GtkWidget *child;
  g_autofree char *sample = NULL;

  set_reviewers (dlg, load->reviewers, load->extractor, load->verifier);

  g_clear_pointer (&dlg->sample_ids, g_ptr_array_unref);
  dlg->sample_ids = g_ptr_array_ref (load->sample_ids);
  g_clear_pointer (&dlg->agreements, g_ptr_array_unref);
  dlg->agreements = g_ptr_array_ref (load->agreements);
  g_clear_pointer (&dlg->discrepancies, g_ptr_array_unref);
  dlg->discrepancies = g_ptr_array_ref (load->discrepancies);

  if (load->sample_ids->len == 0)
    sample = g_strdup (_("No studies are drawn for verification yet."));
  else
    {
      g_ptr_array_add (load->sample_ids, NULL);
      {
        g_autofree char *list = g_strjoinv (", ", (char **) load->sample_ids->pdata);

        /* Translators: %u is a count of studies, %s their ids. */
        sample = g_strdup_printf (ngettext ("Sample (%u study): %s", "Sample (%u studies): %s",
                                            load->sample_ids->len - 1),
                                  load->sample_ids->len - 1, list);
      }
      g_ptr_array_remove_index (load->sample_ids, load->sample_ids->len - 1);
    }
  gtk_label_set_text (dlg->sample_label, sample);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    translated[i] = _(headers[i]);
  grid = table_new (translated, G_N_ELEMENTS (headers));
  for (guint i = 0; i < load->agreements->len; i++)
    {
      WnFieldAgreement *a = g_ptr_array_index (load->agreements, i);
      g_autofree char *n = g_strdup_printf ("%u", a->n);
      g_autofree char *agreed = g_strdup_printf ("%u", a->agreed);
      g_autofree char *percent = a->n > 0 ? format_percent (a->percent_agreement) : g_strdup ("—");
      g_autofree char *kappa = format_kappa (a->kappa, "—");
      const char *cells[] = { field_label (load, a->field), n, agreed, percent, kappa };

      table_add_row (grid, i, cells, G_N_ELEMENTS (cells));
    }
  table_box_set (dlg, GTK_WIDGET (grid));

  while ((child = gtk_widget_get_first_child (dlg->discrepancy_box)) != NULL)
    gtk_box_remove (GTK_BOX (dlg->discrepancy_box), child);
  for (guint i = 0; i < load->discrepancies->len; i++)
    {
      if (i > 0)
        gtk_box_append (GTK_BOX (dlg->discrepancy_box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
      gtk_box_append (GTK_BOX (dlg->discrepancy_box),
                      discrepancy_row (dlg, load, g_ptr_array_index (load->discrepancies, i)));
    }
  if (load->discrepancies->len == 0)
    {
      GtkWidget *label = wrapped_label (_("No discrepancies."));

      gtk_widget_set_margin_top (label, 8);
      gtk_widget_set_margin_bottom (label, 8);
      gtk_widget_set_margin_start (label, 8);
      gtk_box_append (GTK_BOX (dlg->discrepancy_box), label);
    }

  dlg->loaded = TRUE;
  dlg_notify (dlg);
}

static void
verification_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(Dlg) dlg = user_data;
  Load *load = NULL;

  if (!dlg_job_finish (dlg, result, (gpointer *) &load))
    {
      g_clear_pointer (&load, load_free);
      return;
    }
  verification_show (dlg, load);
  load_free (load);
}

static void
verification_run (Dlg  *dlg,
                  Load *load)
{
  if (load->draw || load->record_id != 0)
    dlg->project_changed = TRUE;
  dlg_show_error (dlg, NULL);
  dlg_busy (dlg, TRUE);
  wn_project_job_run (dlg->project, verification_job, load, NULL, (GDestroyNotify) load_free,
                      dlg->cancellable, verification_done_cb, dlg_ref (dlg));
}

static void
verification_draw_cb (GtkButton *button,
                      Dlg       *dlg)
{
  Load *load;
  const char *extractor = selected_person (dlg->person_a, dlg);
  const char *verifier = selected_person (dlg->person_b, dlg);

  if (dlg->busy > 0)
    return;
  if (extractor == NULL || verifier == NULL || g_strcmp0 (extractor, verifier) == 0)
    {
      dlg_show_error (dlg, _("Choose two different people: one extracts every study, the other verifies the sample."));
      return;
    }
  load = g_new0 (Load, 1);
  load->draw = TRUE;
  load->extractor = g_strdup (extractor);
  load->verifier = g_strdup (verifier);
  load->share = gtk_spin_button_get_value (dlg->share) / 100.0;
  load->seed = (guint64) gtk_spin_button_get_value_as_int (dlg->seed);
  verification_run (dlg, load);
}

static void
verification_person_cb (GObject    *object,
                        GParamSpec *pspec,
                        Dlg        *dlg)
{
  Load *load;

  if (dlg->setting_up || !dlg->loaded || dlg->busy > 0)
    return;
  load = g_new0 (Load, 1);
  load->extractor = g_strdup (selected_person (dlg->person_a, dlg));
  load->verifier = g_strdup (selected_person (dlg->person_b, dlg));
  verification_run (dlg, load);
}

GtkWindow *
wn_verification_dialog_new (GtkWindow       *parent,
                            WnProject       *project,
                            WnReviewChanged  changed,
                            gpointer         user_data)
{
  GtkBox *box;
  Dlg *dlg;
  GtkGrid *grid;

  g_return_val_if_fail (WN_IS_PROJECT (project), NULL);

  dlg = dlg_new (KIND_VERIFICATION, parent, project, _("Verification"), changed, user_data, &box);
  gtk_label_set_text (dlg->heading,
                      _("A seeded share of the included studies is extracted again, blind, by a second person. "
                        "The same seed draws the same studies; drawing again tops the sample up."));

  grid = draw_controls (dlg, _("E_xtractor"), _("_Verifier"), _("_Draw"));
  gtk_box_append (box, GTK_WIDGET (grid));
  g_signal_connect (dlg->draw_button, "clicked", G_CALLBACK (verification_draw_cb), dlg);
  g_signal_connect (dlg->person_a, "notify::selected", G_CALLBACK (verification_person_cb), dlg);
  g_signal_connect (dlg->person_b, "notify::selected", G_CALLBACK (verification_person_cb), dlg);

  dlg->sample_label = GTK_LABEL (wrapped_label (_("Reading…")));
  gtk_box_append (box, GTK_WIDGET (dlg->sample_label));

  gtk_box_append (box, bold_label (_("Field agreement")));
  dlg->table_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (box, scrolled (dlg->table_box, 640, 200));

  gtk_box_append (box, bold_label (_("Discrepancies")));
  dlg->discrepancy_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dlg->discrepancy_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Discrepancies"), -1);
  gtk_box_append (box, scrolled (dlg->discrepancy_box, 640, 180));
  dlg_finish_content (dlg, box);

  verification_run (dlg, g_new0 (Load, 1));
  return GTK_WINDOW (dlg->dialog);
}

/* ------------------------------------------------------------------------ */
/* Coding agreement                                                         */

static gboolean
coding_job (WnProject  *project,
            gpointer    data,
            gpointer   *result,
            GError    **error)
{
  Load *load = data;
  g_autoptr(GArray) doubles = NULL;

  /* The request is the result: it is freed with it, also on failure. */
  *result = load;

  if (load->draw)
    {
      load->n_double = wn_project_draw_double_coding (project, load->extractor, load->verifier,
                                                      load->share, load->seed, error);
      if (load->n_double < 0)
        return FALSE;
    }

  load->reviewers = list_reviewer_names (project, error);
  if (load->reviewers == NULL)
    return FALSE;
  if (load->extractor == NULL)
    {
      load->extractor = person_with_role (project, load->reviewers, "double", TRUE, NULL, 0);
      load->verifier = person_with_role (project, load->reviewers, "double", TRUE, load->extractor, 1);
    }
  if (load->extractor == NULL || load->verifier == NULL)
    {
      load->agreements = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_code_agreement_free);
      load->n_double = 0;
      return TRUE;
    }

  doubles = wn_project_coding_assignments (project, load->extractor, "double", error);
  if (doubles == NULL)
    return FALSE;
  load->n_double = doubles->len;
  load->agreements = wn_project_coding_agreement (project, load->extractor, load->verifier, load->min_overlap, error);
  if (load->agreements == NULL)
    return FALSE;

  return TRUE;
}

static void
coding_show (Dlg  *dlg,
             Load *load)
{
  static const char *const headers[] = { N_("Code"), N_("Documents"),
                                         /* xgettext:no-c-format */
                                         N_("% agreement"), N_("Kappa"),
                                         N_("Segment agreement") };
  const char *translated[G_N_ELEMENTS (headers)];
  g_autofree char *doubles = NULL;
  GtkGrid *grid;

  set_reviewers (dlg, load->reviewers, load->extractor, load->verifier);
  dlg->n_double = load->n_double;
  g_clear_pointer (&dlg->agreements, g_ptr_array_unref);
  dlg->agreements = g_ptr_array_ref (load->agreements);

  /* Translators: %d is a count of documents. */
  doubles = g_strdup_printf (ngettext ("%d document is double-coded.", "%d documents are double-coded.",
                                       load->n_double),
                             load->n_double);
  gtk_label_set_text (dlg->sample_label, doubles);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    translated[i] = _(headers[i]);
  grid = table_new (translated, G_N_ELEMENTS (headers));
  for (guint i = 0; i < load->agreements->len; i++)
    {
      WnCodeAgreement *a = g_ptr_array_index (load->agreements, i);
      g_autofree char *n = g_strdup_printf ("%u", a->n);
      g_autofree char *percent = format_percent (a->percent_agreement);
      g_autofree char *kappa = format_kappa (a->kappa, _("undefined"));
      g_autofree char *segments = NULL;
      const char *cells[5];

      if (isnan (a->segment_agreement))
        segments = g_strdup ("—");
      else
        /* Translators: a percentage, then agreed segments of all. */
        segments = g_strdup_printf (_("%.1f %% (%u of %u)"), a->segment_agreement, a->segments_agreed, a->segments);
      cells[0] = a->code;
      cells[1] = n;
      cells[2] = percent;
      cells[3] = kappa;
      cells[4] = segments;
      table_add_row (grid, i, cells, G_N_ELEMENTS (cells));
    }
  if (load->agreements->len == 0)
    gtk_grid_attach (grid, wrapped_label (_("No code was applied by both coders to the double-coded documents.")),
                     0, 1, G_N_ELEMENTS (headers), 1);
  table_box_set (dlg, GTK_WIDGET (grid));

  dlg->loaded = TRUE;
  dlg_notify (dlg);
}

static void
coding_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Dlg) dlg = user_data;
  Load *load = NULL;

  if (!dlg_job_finish (dlg, result, (gpointer *) &load))
    {
      g_clear_pointer (&load, load_free);
      return;
    }
  coding_show (dlg, load);
  load_free (load);
}

static void
coding_run (Dlg      *dlg,
            gboolean  draw)
{
  Load *load = g_new0 (Load, 1);
  const char *a = dlg->loaded ? selected_person (dlg->person_a, dlg) : NULL;
  const char *b = dlg->loaded ? selected_person (dlg->person_b, dlg) : NULL;

  if (dlg->busy > 0)
    {
      load_free (load);
      return;
    }
  if (dlg->loaded && (a == NULL || b == NULL || g_strcmp0 (a, b) == 0))
    {
      dlg_show_error (dlg, _("Choose two different coders."));
      load_free (load);
      return;
    }
  load->extractor = g_strdup (a);
  load->verifier = g_strdup (b);
  load->draw = draw;
  load->min_overlap = gtk_spin_button_get_value (dlg->overlap);
  if (draw)
    {
      load->share = gtk_spin_button_get_value (dlg->share) / 100.0;
      load->seed = (guint64) gtk_spin_button_get_value_as_int (dlg->seed);
      dlg->project_changed = TRUE;
    }
  dlg_show_error (dlg, NULL);
  dlg_busy (dlg, TRUE);
  wn_project_job_run (dlg->project, coding_job, load, NULL, (GDestroyNotify) load_free,
                      dlg->cancellable, coding_done_cb, dlg_ref (dlg));
}

static void
coding_draw_cb (GtkButton *button,
                Dlg       *dlg)
{
  coding_run (dlg, TRUE);
}

static void
coding_refresh_cb (GtkButton *button,
                   Dlg       *dlg)
{
  coding_run (dlg, FALSE);
}

GtkWindow *
wn_coding_agreement_dialog_new (GtkWindow       *parent,
                                WnProject       *project,
                                WnReviewChanged  changed,
                                gpointer         user_data)
{
  GtkBox *box;
  Dlg *dlg;
  GtkGrid *grid;
  GtkWidget *line;
  GtkWidget *label;
  GtkWidget *button;

  g_return_val_if_fail (WN_IS_PROJECT (project), NULL);

  dlg = dlg_new (KIND_CODING, parent, project, _("Coding Agreement"), changed, user_data, &box);
  gtk_label_set_text (dlg->heading,
                      _("A seeded share of the included studies is coded by both coders independently; the rest "
                        "is divided between them. Agreement is per code, on the double-coded documents both coded."));

  grid = draw_controls (dlg, _("Coder _A"), _("Coder _B"), _("_Draw Double-Coded Sample"));
  gtk_box_append (box, GTK_WIDGET (grid));
  g_signal_connect (dlg->draw_button, "clicked", G_CALLBACK (coding_draw_cb), dlg);

  dlg->sample_label = GTK_LABEL (wrapped_label (_("Reading…")));
  gtk_box_append (box, GTK_WIDGET (dlg->sample_label));

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  label = gtk_label_new_with_mnemonic (_("_Minimum overlap (%)"));
  dlg->overlap = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 100, 1));
  gtk_spin_button_set_value (dlg->overlap, 50);
  gtk_widget_set_name (GTK_WIDGET (dlg->overlap), "overlap");
  gtk_widget_set_tooltip_text (GTK_WIDGET (dlg->overlap),
                               _("How much two coders’ spans must overlap to count as the same coding"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (dlg->overlap));
  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (dlg->overlap));
  button = gtk_button_new_with_mnemonic (_("_Refresh"));
  gtk_widget_set_name (button, "refresh");
  g_signal_connect (button, "clicked", G_CALLBACK (coding_refresh_cb), dlg);
  gtk_box_append (GTK_BOX (line), button);
  gtk_box_append (box, line);

  dlg->table_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (box, scrolled (dlg->table_box, 680, 300));
  dlg_finish_content (dlg, box);

  coding_run (dlg, FALSE);
  return GTK_WINDOW (dlg->dialog);
}

/* ------------------------------------------------------------------------ */
/* Test hook                                                                */

static void
describe_int (WnTestStateFunc  func,
              gpointer         user_data,
              const char      *key,
              gint64           value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  func (key, text, user_data);
}

static const char *
focus_name (Dlg *dlg)
{
  GtkWindow *window = dlg->editor != NULL ? GTK_WINDOW (dlg->editor) : GTK_WINDOW (dlg->dialog);
  GtkWidget *focus = window != NULL ? gtk_root_get_focus (GTK_ROOT (window)) : NULL;
  GtkWidget *named;

  /* The innermost widget with a name we gave. */
  for (named = focus; named != NULL; named = gtk_widget_get_parent (named))
    {
      const char *name = gtk_widget_get_name (named);

      if (name != NULL && g_ascii_islower (name[0]))
        return name;
    }
  return focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "";
}

void
wn_review_dialogs_describe (WnTestStateFunc  func,
                            gpointer         user_data)
{
  Dlg *tpl = open_dialogs[KIND_TEMPLATE];
  Dlg *ver = open_dialogs[KIND_VERIFICATION];
  Dlg *ca = open_dialogs[KIND_CODING];

  g_return_if_fail (func != NULL);

  describe_int (func, user_data, "tpl_open", tpl != NULL);
  if (tpl != NULL)
    {
      describe_int (func, user_data, "tpl_loaded", tpl->loaded);
      describe_int (func, user_data, "tpl_busy", tpl->busy > 0);
      describe_int (func, user_data, "tpl_version", tpl->version);
      describe_int (func, user_data, "tpl_fields", tpl->fields != NULL ? tpl->fields->len : 0);
      describe_int (func, user_data, "tpl_flagged", tpl->flagged);
      func ("tpl_error", tpl->error, user_data);
      describe_int (func, user_data, "tpl_editor", tpl->editor != NULL);
      func ("tpl_editor_type",
            tpl->editor != NULL ? wn_field_type_to_string (gtk_drop_down_get_selected (tpl->ed_type)) : "",
            user_data);
      func ("tpl_focus", focus_name (tpl), user_data);
      if (tpl->fields != NULL)
        {
          g_autoptr(GString) names = g_string_new (NULL);

          for (guint i = 0; i < tpl->fields->len; i++)
            g_string_append_printf (names, "%s%s", i > 0 ? "," : "",
                                    ((WnTemplateField *) g_ptr_array_index (tpl->fields, i))->name);
          func ("tpl_names", names->str, user_data);
        }
    }

  describe_int (func, user_data, "ver_open", ver != NULL);
  if (ver != NULL)
    {
      guint resolved = 0;

      describe_int (func, user_data, "ver_loaded", ver->loaded);
      describe_int (func, user_data, "ver_busy", ver->busy > 0);
      func ("ver_extractor", ver->loaded ? selected_person (ver->person_a, ver) : "", user_data);
      func ("ver_verifier", ver->loaded ? selected_person (ver->person_b, ver) : "", user_data);
      describe_int (func, user_data, "ver_sample", ver->sample_ids != NULL ? ver->sample_ids->len : 0);
      if (ver->sample_ids != NULL)
        {
          g_autoptr(GString) ids = g_string_new (NULL);

          for (guint i = 0; i < ver->sample_ids->len; i++)
            g_string_append_printf (ids, "%s%s", i > 0 ? "," : "", (char *) g_ptr_array_index (ver->sample_ids, i));
          func ("ver_sample_ids", ids->str, user_data);
        }
      describe_int (func, user_data, "ver_fields", ver->agreements != NULL ? ver->agreements->len : 0);
      describe_int (func, user_data, "ver_discrepancies", ver->discrepancies != NULL ? ver->discrepancies->len : 0);
      for (guint i = 0; ver->discrepancies != NULL && i < ver->discrepancies->len; i++)
        if (((WnDiscrepancy *) g_ptr_array_index (ver->discrepancies, i))->resolved != NULL)
          resolved++;
      describe_int (func, user_data, "ver_resolved", resolved);
      func ("ver_error", ver->error, user_data);
      func ("ver_focus", focus_name (ver), user_data);
    }

  describe_int (func, user_data, "ca_open", ca != NULL);
  if (ca != NULL)
    {
      describe_int (func, user_data, "ca_loaded", ca->loaded);
      describe_int (func, user_data, "ca_busy", ca->busy > 0);
      func ("ca_coder_a", ca->loaded ? selected_person (ca->person_a, ca) : "", user_data);
      func ("ca_coder_b", ca->loaded ? selected_person (ca->person_b, ca) : "", user_data);
      describe_int (func, user_data, "ca_double", ca->n_double);
      describe_int (func, user_data, "ca_codes", ca->agreements != NULL ? ca->agreements->len : 0);
      func ("ca_error", ca->error, user_data);
      func ("ca_focus", focus_name (ca), user_data);
    }
}
