/* wn-screening-dialogs.c — the lead's screening tools, working apart, and a
 * thread for one write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain dialogs (GtkDialog, GTK 4.8): the eligibility criteria (each save
 * is a new version), the highlighted terms (checked by the highlighter
 * before they are saved), the exclusion reasons (add; remove, which
 * retires a reason decisions already use), a calibration round (a size or
 * a percentage, and a seed), the reviewer a package is for, and what a
 * merge of decision files did. Every read and write runs in a thread
 * (wn_project_job_run); a failure is shown in the dialog, which stays
 * open with what was typed.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-highlight.h"
#include "wn-provenance.h"
#include "wn-screening-dialogs.h"

/* "1,234": a count as the locale writes it. Main thread only; the last
 * four results stay valid. */
static const char *
format_count (gint64 n)
{
  static char buffers[4][32];
  static guint next;
  char *buffer = buffers[next++ % G_N_ELEMENTS (buffers)];

  g_snprintf (buffer, sizeof buffers[0], "%'" G_GINT64_FORMAT, n);
  return buffer;
}

/* ------------------------------------------------------------------------ */
/* One job on the project, in a thread                                       */

typedef struct
{
  WnProjectJobFunc  func;
  WnProject        *project;
  gpointer          data;
  GDestroyNotify    data_free;
  GDestroyNotify    result_free;
} Job;

static void
job_free (Job *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_clear_object (&job->project);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  gpointer result = NULL;
  GError *error = NULL;

  if (!job->func (job->project, job->data, &result, &error))
    {
      if (result != NULL && job->result_free != NULL)
        job->result_free (result);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, result, job->result_free);
}

void
wn_project_job_run (WnProject           *project,
                    WnProjectJobFunc     func,
                    gpointer             data,
                    GDestroyNotify       data_free,
                    GDestroyNotify       result_free,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (WN_IS_PROJECT (project));
  g_return_if_fail (func != NULL);

  job = g_new0 (Job, 1);
  job->func = func;
  job->project = g_object_ref (project);
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, wn_project_job_run);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

gboolean
wn_project_job_finish (GAsyncResult  *result,
                       gpointer      *result_out,
                       GError       **error)
{
  GError *local = NULL;
  gpointer value;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  value = g_task_propagate_pointer (G_TASK (result), &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }

  if (result_out != NULL)
    *result_out = value;
  else if (value != NULL)
    {
      Job *job = g_task_get_task_data (G_TASK (result));

      if (job->result_free != NULL)
        job->result_free (value);
    }

  return TRUE;
}

void
wn_show_error (GtkWidget  *widget,
               const char *primary,
               const char *secondary)
{
  GtkRoot *root = widget != NULL ? gtk_widget_get_root (widget) : NULL;
  GtkWidget *dialog;
  GtkWidget *area;

  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                   "%s", primary);
  if (secondary != NULL)
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);

  /* Messages name files and people: let them be copied. */
  area = gtk_message_dialog_get_message_area (GTK_MESSAGE_DIALOG (dialog));
  for (GtkWidget *child = gtk_widget_get_first_child (area); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child) && child != gtk_widget_get_first_child (area))
      gtk_label_set_selectable (GTK_LABEL (child), TRUE);

  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------ */
/* What the tools share                                                      */

typedef struct
{
  GtkDialog    *dialog;
  WnProject    *project;
  WnToolDone    done;
  gpointer      user_data;
  gboolean      changed;
  gboolean      busy;
  GCancellable *cancellable;
  GtkLabel     *error_label;

  /* Each tool's own widgets. */
  GtkTextView  *text_view;
  GtkTextView  *include_view;
  GtkTextView  *exclude_view;
  GtkListBox   *list;
  GtkEntry     *entry;
  GtkCheckButton *size_check;
  GtkSpinButton *size_spin;
  GtkSpinButton *percent_spin;
  GtkSpinButton *seed_spin;
  GtkDropDown  *role_dropdown;
  char         *lead;
  WnStage       stage;
  char         *original;
} Tool;

/* Reference-counted: the dialog holds one reference, each job running for
 * it another, so a job that answers after the dialog closed finds the
 * tool (with dialog NULL) rather than freed memory. */
static void
tool_clear (Tool *tool)
{
  g_cancellable_cancel (tool->cancellable);
  g_clear_object (&tool->cancellable);
  g_clear_object (&tool->project);
  g_free (tool->lead);
  g_free (tool->original);
}

static Tool *
tool_ref (Tool *tool)
{
  return g_rc_box_acquire (tool);
}

static void
tool_unref (Tool *tool)
{
  g_rc_box_release_full (tool, (GDestroyNotify) tool_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Tool, tool_unref)

static void
tool_destroyed_cb (GtkWidget *dialog,
                   Tool      *tool)
{
  WnToolDone done = tool->done;

  tool->done = NULL;
  tool->dialog = NULL;
  g_cancellable_cancel (tool->cancellable);
  if (done != NULL)
    done (tool->user_data, tool->changed);
}

static void
tool_show_error (Tool       *tool,
                 const char *message)
{
  gtk_label_set_text (tool->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (tool->error_label), message != NULL);
}

static void
tool_set_busy (Tool     *tool,
               gboolean  busy)
{
  tool->busy = busy;
  if (tool->dialog != NULL)
    gtk_dialog_set_response_sensitive (tool->dialog, GTK_RESPONSE_ACCEPT, !busy);
}

/* A modal dialog with Cancel and an accept button, a content box with
 * spacing and margins, and an error label at its end. */
static Tool *
tool_new (GtkWindow   *parent,
          WnProject   *project,
          const char  *title,
          const char  *accept_label,
          WnToolDone   done,
          gpointer     user_data,
          GtkBox     **content_out)
{
  Tool *tool = g_rc_box_new0 (Tool);
  GtkWidget *dialog;
  GtkWidget *content;
  GtkWidget *box;

  if (accept_label != NULL)
    dialog = gtk_dialog_new_with_buttons (title, parent,
                                          GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                          _("_Cancel"), GTK_RESPONSE_CANCEL,
                                          accept_label, GTK_RESPONSE_ACCEPT,
                                          NULL);
  else
    dialog = gtk_dialog_new_with_buttons (title, parent,
                                          GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                          _("_Close"), GTK_RESPONSE_CLOSE,
                                          NULL);
  if (accept_label != NULL)
    {
      GtkWidget *button = gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);

      gtk_widget_add_css_class (button, "suggested-action");
      gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    }

  tool->dialog = GTK_DIALOG (dialog);
  tool->project = g_object_ref (project);
  tool->done = done;
  tool->user_data = user_data;
  tool->cancellable = g_cancellable_new ();

  content = gtk_dialog_get_content_area (GTK_DIALOG (dialog));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_vexpand (box, TRUE);
  gtk_box_append (GTK_BOX (content), box);

  tool->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (tool->error_label, TRUE);
  gtk_label_set_xalign (tool->error_label, 0.0f);
  gtk_label_set_selectable (tool->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (tool->error_label), "wn-warning-text");
  gtk_widget_set_visible (GTK_WIDGET (tool->error_label), FALSE);

  g_object_set_data_full (G_OBJECT (dialog), "wn-tool", tool, (GDestroyNotify) tool_unref);
  g_signal_connect (dialog, "destroy", G_CALLBACK (tool_destroyed_cb), tool);

  *content_out = GTK_BOX (box);
  return tool;
}

static void
tool_finish_content (Tool   *tool,
                     GtkBox *box)
{
  gtk_box_append (box, GTK_WIDGET (tool->error_label));
}

static GtkWidget *
explanation_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 70);
  return label;
}

static GtkTextView *
add_text_area (GtkBox     *box,
               const char *accessible_label,
               int         width,
               int         height)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_set_size_request (scroller, width, height);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_widget_set_hexpand (scroller, TRUE);
  gtk_box_append (box, scroller);

  return GTK_TEXT_VIEW (view);
}

static char *
text_view_dup_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Eligibility criteria                                                      */

static gboolean
save_criteria_job (WnProject  *project,
                   gpointer    data,
                   gpointer   *result,
                   GError    **error)
{
  return wn_project_set_criteria (project, data, error) > 0;
}

static void
criteria_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Tool) tool = user_data;
  g_autoptr(GError) error = NULL;

  if (!wn_project_job_finish (result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || tool->dialog == NULL)
        return;
      tool_set_busy (tool, FALSE);
      tool_show_error (tool, error->message);
      return;
    }

  if (tool->dialog == NULL)
    return;
  tool->changed = TRUE;
  gtk_window_destroy (GTK_WINDOW (tool->dialog));
}

static void
criteria_response_cb (GtkDialog *dialog,
                      int        response,
                      Tool      *tool)
{
  g_autofree char *text = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }

  if (tool->busy)
    return;

  text = g_strstrip (text_view_dup_text (tool->text_view));
  if (text[0] == '\0')
    {
      tool_show_error (tool, _("Write the criteria first."));
      return;
    }
  if (g_strcmp0 (text, tool->original) == 0)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }

  tool_set_busy (tool, TRUE);
  wn_project_job_run (tool->project, save_criteria_job, g_steal_pointer (&text), g_free, NULL,
                      tool->cancellable, criteria_saved_cb, tool_ref (tool));
}

GtkWindow *
wn_criteria_dialog_new (GtkWindow   *parent,
                        WnProject   *project,
                        const char  *current,
                        int          version,
                        WnToolDone   done,
                        gpointer     user_data)
{
  g_autofree char *explanation = NULL;
  GtkBox *box;
  Tool *tool;

  g_return_val_if_fail (WN_IS_PROJECT (project), NULL);

  tool = tool_new (parent, project, _("Eligibility Criteria"), _("_Save as New Version"), done, user_data, &box);

  if (version > 0)
    /* Translators: %d is a version number. */
    explanation = g_strdup_printf (_("Version %d is in force. Saving makes version %d; every decision keeps the version it was made under."),
                                   version, version + 1);
  else
    explanation = g_strdup (_("The criteria every reviewer sees beside each record. Each save is a new version; every decision records the version it was made under."));

  gtk_box_append (box, explanation_label (explanation));
  tool->text_view = add_text_area (box, _("Eligibility criteria"), 560, 320);
  tool->original = g_strdup (current != NULL ? current : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (tool->text_view), tool->original, -1);
  tool_finish_content (tool, box);

  g_signal_connect (tool->dialog, "response", G_CALLBACK (criteria_response_cb), tool);
  gtk_widget_grab_focus (GTK_WIDGET (tool->text_view));

  return GTK_WINDOW (tool->dialog);
}

/* ------------------------------------------------------------------------ */
/* Highlighted terms                                                         */

typedef struct
{
  char *include_terms;
  char *exclude_terms;
} Terms;

static void
terms_free (Terms *terms)
{
  g_free (terms->include_terms);
  g_free (terms->exclude_terms);
  g_free (terms);
}

static gboolean
read_terms_job (WnProject  *project,
                gpointer    data,
                gpointer   *result,
                GError    **error)
{
  Terms *terms = g_new0 (Terms, 1);

  if (!wn_project_get_highlight_terms (project, &terms->include_terms, &terms->exclude_terms, error))
    {
      terms_free (terms);
      return FALSE;
    }

  *result = terms;
  return TRUE;
}

static gboolean
save_terms_job (WnProject  *project,
                gpointer    data,
                gpointer   *result,
                GError    **error)
{
  Terms *terms = data;

  return wn_project_set_highlight_terms (project, terms->include_terms, terms->exclude_terms, error);
}

static void
terms_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Tool) tool = user_data;
  g_autoptr(GError) error = NULL;
  Terms *terms = NULL;

  if (!wn_project_job_finish (result, (gpointer *) &terms, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || tool->dialog == NULL)
        return;
      tool_show_error (tool, error->message);
      return;
    }

  if (tool->dialog != NULL)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (tool->include_view),
                                terms->include_terms != NULL ? terms->include_terms : "", -1);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (tool->exclude_view),
                                terms->exclude_terms != NULL ? terms->exclude_terms : "", -1);
      tool_set_busy (tool, FALSE);
    }
  terms_free (terms);
}

static void
terms_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  criteria_saved_cb (object, result, user_data);
}

static void
terms_response_cb (GtkDialog *dialog,
                   int        response,
                   Tool      *tool)
{
  g_autofree char *include_text = NULL;
  g_autofree char *exclude_text = NULL;
  g_autoptr(WnHighlighter) highlighter = NULL;
  g_autoptr(GError) error = NULL;
  Terms *terms;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }

  if (tool->busy)
    return;

  include_text = text_view_dup_text (tool->include_view);
  exclude_text = text_view_dup_text (tool->exclude_view);

  /* Refuse a term the highlighter cannot use, naming it, before saving. */
  highlighter = wn_highlighter_new (include_text, exclude_text, &error);
  if (highlighter == NULL)
    {
      tool_show_error (tool, error->message);
      return;
    }

  terms = g_new0 (Terms, 1);
  terms->include_terms = wn_highlight_terms_normalise (include_text, NULL);
  terms->exclude_terms = wn_highlight_terms_normalise (exclude_text, NULL);

  tool_set_busy (tool, TRUE);
  wn_project_job_run (tool->project, save_terms_job, terms, (GDestroyNotify) terms_free, NULL,
                      tool->cancellable, terms_saved_cb, tool_ref (tool));
}

GtkWindow *
wn_terms_dialog_new (GtkWindow   *parent,
                     WnProject   *project,
                     WnToolDone   done,
                     gpointer     user_data)
{
  GtkBox *box;
  GtkWidget *columns;
  GtkWidget *column;
  GtkWidget *heading;
  Tool *tool;

  g_return_val_if_fail (WN_IS_PROJECT (project), NULL);

  tool = tool_new (parent, project, _("Highlighted Terms"), _("_Save"), done, user_data, &box);

  gtk_box_append (box, explanation_label (_("Reviewers see these terms marked in every title, abstract and keyword list. Separate terms with commas or put one on each line. A word matches whole words only, in any case; * stands for any ending (recover* finds recovery) or any one word in a phrase; quote a phrase only to keep a comma in it.")));

  columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_vexpand (columns, TRUE);
  gtk_box_append (box, columns);

  column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  heading = gtk_label_new (_("Include Terms"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
  gtk_widget_add_css_class (heading, "wn-legend-include");
  gtk_widget_set_halign (heading, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (column), heading);
  tool->include_view = add_text_area (GTK_BOX (column), _("Include terms"), 300, 260);
  gtk_box_append (GTK_BOX (columns), column);

  column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  heading = gtk_label_new (_("Exclude Terms"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
  gtk_widget_add_css_class (heading, "wn-legend-exclude");
  gtk_widget_set_halign (heading, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (column), heading);
  tool->exclude_view = add_text_area (GTK_BOX (column), _("Exclude terms"), 300, 260);
  gtk_box_append (GTK_BOX (columns), column);

  tool_finish_content (tool, box);

  g_signal_connect (tool->dialog, "response", G_CALLBACK (terms_response_cb), tool);

  /* Save waits for the current terms. */
  tool_set_busy (tool, TRUE);
  wn_project_job_run (project, read_terms_job, NULL, NULL, (GDestroyNotify) terms_free,
                      tool->cancellable, terms_read_cb, tool_ref (tool));
  gtk_widget_grab_focus (GTK_WIDGET (tool->include_view));

  return GTK_WINDOW (tool->dialog);
}

/* ------------------------------------------------------------------------ */
/* Exclusion reasons                                                         */

typedef enum
{
  REASON_LIST,
  REASON_ADD,
  REASON_REMOVE,
} ReasonOp;

typedef struct
{
  ReasonOp  op;
  char     *label;
} ReasonJob;

static void
reason_job_free (ReasonJob *job)
{
  g_free (job->label);
  g_free (job);
}

static gboolean
reason_job (WnProject  *project,
            gpointer    data,
            gpointer   *result,
            GError    **error)
{
  ReasonJob *job = data;

  if (job->op == REASON_ADD && !wn_project_add_reason (project, job->label, error))
    return FALSE;
  if (job->op == REASON_REMOVE && !wn_project_remove_reason (project, job->label, error))
    return FALSE;

  /* The list as it is now, retired reasons too (they say what happened). */
  *result = wn_project_list_reasons (project, TRUE, error);
  return *result != NULL;
}

static void run_reason_job (Tool       *tool,
                            ReasonOp    op,
                            const char *label);

static void
reason_remove_clicked_cb (GtkButton *button,
                          Tool      *tool)
{
  const char *label = g_object_get_data (G_OBJECT (button), "label");

  if (!tool->busy && label != NULL)
    run_reason_job (tool, REASON_REMOVE, label);
}

static void
fill_reasons (Tool      *tool,
              GPtrArray *reasons)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (tool->list))) != NULL)
    gtk_list_box_remove (tool->list, child);

  for (guint i = 0; i < reasons->len; i++)
    {
      WnReason *reason = g_ptr_array_index (reasons, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *label = gtk_label_new (reason->label);
      GtkWidget *detail;
      g_autofree char *uses = NULL;

      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);

      if (reason->retired)
        uses = g_strdup (_("Retired"));
      else
        /* Translators: how many decisions in force give an exclusion reason. */
        uses = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s decision", "%s decisions",
                                             wn_provenance_plural_n (reason->uses)),
                                format_count (reason->uses));
      detail = gtk_label_new (uses);
      gtk_widget_add_css_class (detail, "dim-label");
      gtk_widget_add_css_class (detail, "caption");
      gtk_box_append (GTK_BOX (box), detail);

      if (!reason->retired)
        {
          GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
          g_autofree char *name = NULL;

          /* Translators: %s is an exclusion reason. */
          name = g_strdup_printf (_("Remove “%s”"), reason->label);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          gtk_widget_set_tooltip_text (button,
                                       _("Remove the reason. A reason decisions already give is retired instead: they keep it, and it is no longer offered."));
          gtk_widget_add_css_class (button, "flat");
          g_object_set_data_full (G_OBJECT (button), "label", g_strdup (reason->label), g_free);
          g_signal_connect (button, "clicked", G_CALLBACK (reason_remove_clicked_cb), tool);
          gtk_box_append (GTK_BOX (box), button);
        }
      else
        {
          gtk_widget_add_css_class (label, "dim-label");
        }

      gtk_list_box_append (tool->list, box);
    }

  if (reasons->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("No exclusion reasons yet."));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_list_box_append (tool->list, label);
    }
}

static void
reason_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Tool) tool = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reasons = NULL;

  if (!wn_project_job_finish (result, (gpointer *) &reasons, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || tool->dialog == NULL)
        return;
      tool_set_busy (tool, FALSE);
      tool->busy = FALSE;
      tool_show_error (tool, error->message);
      return;
    }

  if (tool->dialog == NULL)
    return;

  tool->busy = FALSE;
  tool_show_error (tool, NULL);
  fill_reasons (tool, reasons);
}

static void
run_reason_job (Tool       *tool,
                ReasonOp    op,
                const char *label)
{
  ReasonJob *job = g_new0 (ReasonJob, 1);

  job->op = op;
  job->label = g_strdup (label);
  if (op != REASON_LIST)
    tool->changed = TRUE;
  tool->busy = TRUE;
  wn_project_job_run (tool->project, reason_job, job, (GDestroyNotify) reason_job_free,
                      (GDestroyNotify) g_ptr_array_unref, tool->cancellable, reason_done_cb, tool_ref (tool));
}

static void
reason_add_cb (GtkWidget *widget,
               Tool      *tool)
{
  g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (tool->entry))));

  if (tool->busy || label[0] == '\0')
    return;

  gtk_editable_set_text (GTK_EDITABLE (tool->entry), "");
  run_reason_job (tool, REASON_ADD, label);
}

static void
reasons_response_cb (GtkDialog *dialog,
                     int        response,
                     Tool      *tool)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

GtkWindow *
wn_reasons_dialog_new (GtkWindow   *parent,
                       WnProject   *project,
                       WnToolDone   done,
                       gpointer     user_data)
{
  GtkBox *box;
  GtkWidget *scroller;
  GtkWidget *row;
  GtkWidget *button;
  Tool *tool;

  g_return_val_if_fail (WN_IS_PROJECT (project), NULL);

  tool = tool_new (parent, project, _("Exclusion Reasons"), NULL, done, user_data, &box);

  gtk_box_append (box, explanation_label (_("Reviewers choose one of these (keys 1–9, in this order) when they exclude a record; at full text one is required. A reason decisions already give cannot be deleted: removing it retires it.")));

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scroller, 480, 260);
  gtk_widget_set_vexpand (scroller, TRUE);
  tool->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (tool->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (tool->list), "wn-boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (tool->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Exclusion reasons"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (tool->list));
  gtk_box_append (box, scroller);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  tool->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (tool->entry, _("New reason, e.g. Wrong population"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (tool->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("New exclusion reason"), -1);
  gtk_widget_set_hexpand (GTK_WIDGET (tool->entry), TRUE);
  g_signal_connect (tool->entry, "activate", G_CALLBACK (reason_add_cb), tool);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (tool->entry));
  button = gtk_button_new_with_mnemonic (_("_Add"));
  g_signal_connect (button, "clicked", G_CALLBACK (reason_add_cb), tool);
  gtk_box_append (GTK_BOX (row), button);
  gtk_box_append (box, row);

  tool_finish_content (tool, box);
  g_signal_connect (tool->dialog, "response", G_CALLBACK (reasons_response_cb), tool);

  run_reason_job (tool, REASON_LIST, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (tool->entry));

  return GTK_WINDOW (tool->dialog);
}

/* ------------------------------------------------------------------------ */
/* The review team                                                           */

/* The roles, in the order the dropdown offers them. */
static const char *const team_roles[] = { "reviewer", "adjudicator", "lead" };

const char *
wn_role_display_name (const char *role)
{
  if (g_strcmp0 (role, "lead") == 0)
    return _("Lead");
  if (g_strcmp0 (role, "adjudicator") == 0)
    return _("Adjudicator");
  return _("Reviewer");
}

typedef struct
{
  char *name;
  char *role;  /* NULL: only list */
} TeamJob;

static void
team_job_free (TeamJob *job)
{
  g_free (job->name);
  g_free (job->role);
  g_free (job);
}

static gboolean
team_job (WnProject  *project,
          gpointer    data,
          gpointer   *result,
          GError    **error)
{
  TeamJob *job = data;

  if (job->role != NULL && !wn_project_add_reviewer (project, job->name, job->role, error))
    return FALSE;
  *result = wn_project_list_reviewers (project, error);
  return *result != NULL;
}

static void
fill_team (Tool      *tool,
           GPtrArray *reviewers)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (tool->list))) != NULL)
    gtk_list_box_remove (tool->list, child);

  for (guint i = 0; i < reviewers->len; i++)
    {
      WnReviewer *reviewer = g_ptr_array_index (reviewers, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *name = gtk_label_new (reviewer->name);
      GtkWidget *role = gtk_label_new (wn_role_display_name (reviewer->role));

      gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_box_append (GTK_BOX (box), name);
      gtk_widget_add_css_class (role, "wn-role");
      gtk_box_append (GTK_BOX (box), role);
      g_object_set_data_full (G_OBJECT (box), "name", g_strdup (reviewer->name), g_free);
      gtk_list_box_append (tool->list, box);
    }
  if (reviewers->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("No one yet. Add the lead first, then the reviewers and the adjudicator."));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_list_box_append (tool->list, label);
    }
}

static void
team_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Tool) tool = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reviewers = NULL;

  tool->busy = FALSE;
  if (!wn_project_job_finish (result, (gpointer *) &reviewers, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && tool->dialog != NULL)
        tool_show_error (tool, error->message);
      return;
    }
  if (tool->dialog == NULL)
    return;
  fill_team (tool, reviewers);
  /* The next name is typed at once, whichever control added this one. */
  gtk_widget_grab_focus (GTK_WIDGET (tool->entry));
}

static void
run_team_job (Tool       *tool,
              const char *name,
              const char *role)
{
  TeamJob *job = g_new0 (TeamJob, 1);

  job->name = g_strdup (name);
  job->role = g_strdup (role);
  if (role != NULL)
    tool->changed = TRUE;
  tool->busy = TRUE;
  wn_project_job_run (tool->project, team_job, job, (GDestroyNotify) team_job_free,
                      (GDestroyNotify) g_ptr_array_unref, tool->cancellable, team_done_cb, tool_ref (tool));
}

static void
team_add_cb (GtkWidget *widget,
             Tool      *tool)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (tool->entry))));
  guint role = gtk_drop_down_get_selected (tool->role_dropdown);

  if (tool->busy)
    return;
  if (name[0] == '\0')
    {
      tool_show_error (tool, _("Type the person’s name first."));
      return;
    }
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        tool_show_error (tool, _("A name cannot hold control characters."));
        return;
      }
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (tool->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *child = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

      if (child != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (child), "name"), name) == 0)
        {
          g_autofree char *message = NULL;

          /* Translators: %s is a person's name. */
          message = g_strdup_printf (_("“%s” is in the team already: each person has one name."), name);
          tool_show_error (tool, message);
          return;
        }
    }
  if (role >= G_N_ELEMENTS (team_roles))
    role = 0;

  /* Ready for the next person, most often a reviewer. */
  gtk_editable_set_text (GTK_EDITABLE (tool->entry), "");
  gtk_drop_down_set_selected (tool->role_dropdown, 0);
  tool_show_error (tool, NULL);
  run_team_job (tool, name, team_roles[role]);
}

GtkWindow *
wn_team_dialog_new (GtkWindow   *parent,
                    WnProject   *project,
                    WnToolDone   done,
                    gpointer     user_data)
{
  const char *role_names[G_N_ELEMENTS (team_roles) + 1] = { NULL };
  GtkBox *box;
  GtkWidget *scroller;
  GtkWidget *grid;
  GtkWidget *label;
  GtkWidget *button;
  Tool *tool;

  g_return_val_if_fail (WN_IS_PROJECT (project), NULL);

  tool = tool_new (parent, project, _("Review Team"), NULL, done, user_data, &box);

  gtk_box_append (box, explanation_label (_("Everyone who screens, adjudicates or leads this review, by the name their decisions carry. Reviewers screen; the adjudicator settles conflicts; the lead sets the criteria, reasons and calibration rounds and may do both. Each person then chooses who they are on the Screening page. People are added, never removed: their decisions stay theirs.")));

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scroller, 480, 200);
  gtk_widget_set_vexpand (scroller, TRUE);
  tool->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (tool->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (tool->list), "wn-boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (tool->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The review team"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (tool->list));
  gtk_box_append (box, scroller);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);

  label = gtk_label_new_with_mnemonic (_("_Name"));
  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 0, 1, 1);
  tool->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (tool->entry, _("As the person’s decisions will carry it"));
  gtk_widget_set_hexpand (GTK_WIDGET (tool->entry), TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (tool->entry));
  g_signal_connect (tool->entry, "activate", G_CALLBACK (team_add_cb), tool);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (tool->entry), 1, 0, 1, 1);

  label = gtk_label_new_with_mnemonic (_("_Role"));
  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 1, 1, 1);
  for (guint i = 0; i < G_N_ELEMENTS (team_roles); i++)
    role_names[i] = wn_role_display_name (team_roles[i]);
  tool->role_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (role_names));
  gtk_widget_set_tooltip_text (GTK_WIDGET (tool->role_dropdown),
                               _("Reviewers screen; the adjudicator settles conflicts; the lead runs the review"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (tool->role_dropdown));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (tool->role_dropdown), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (tool->role_dropdown), 1, 1, 1, 1);

  button = gtk_button_new_with_mnemonic (_("_Add to the Team"));
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  g_signal_connect (button, "clicked", G_CALLBACK (team_add_cb), tool);
  gtk_grid_attach (GTK_GRID (grid), button, 1, 2, 1, 1);
  gtk_box_append (box, grid);

  tool_finish_content (tool, box);
  g_signal_connect (tool->dialog, "response", G_CALLBACK (reasons_response_cb), tool);

  run_team_job (tool, NULL, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (tool->entry));

  return GTK_WINDOW (tool->dialog);
}

/* ------------------------------------------------------------------------ */
/* Calibration round                                                         */

typedef struct
{
  char    *lead;
  WnStage  stage;
  gint64   size;
  double   percent;
  guint64  seed;
} RoundJob;

static void
round_job_free (RoundJob *job)
{
  g_free (job->lead);
  g_free (job);
}

static gboolean
round_job (WnProject  *project,
           gpointer    data,
           gpointer   *result,
           GError    **error)
{
  RoundJob *job = data;
  WnRound *round;

  round = wn_project_create_round (project, job->lead, job->stage, job->size, job->percent, job->seed, error);
  if (round == NULL)
    return FALSE;

  *result = round;
  return TRUE;
}

static void
round_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Tool) tool = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WnRound) round = NULL;

  if (!wn_project_job_finish (result, (gpointer *) &round, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || tool->dialog == NULL)
        return;
      tool_set_busy (tool, FALSE);
      tool_show_error (tool, error->message);
      return;
    }

  if (tool->dialog == NULL)
    return;
  tool->changed = TRUE;
  gtk_window_destroy (GTK_WINDOW (tool->dialog));
}

static void
round_response_cb (GtkDialog *dialog,
                   int        response,
                   Tool      *tool)
{
  RoundJob *job;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  if (tool->busy)
    return;

  job = g_new0 (RoundJob, 1);
  job->lead = g_strdup (tool->lead);
  job->stage = tool->stage;
  if (gtk_check_button_get_active (tool->size_check))
    job->size = gtk_spin_button_get_value_as_int (tool->size_spin);
  else
    job->percent = gtk_spin_button_get_value (tool->percent_spin);
  job->seed = (guint64) gtk_spin_button_get_value (tool->seed_spin);

  tool_set_busy (tool, TRUE);
  wn_project_job_run (tool->project, round_job, job, (GDestroyNotify) round_job_free,
                      (GDestroyNotify) wn_round_free, tool->cancellable, round_done_cb, tool_ref (tool));
}

static void
round_kind_toggled_cb (GtkCheckButton *check,
                       Tool           *tool)
{
  gboolean by_size = gtk_check_button_get_active (tool->size_check);

  gtk_widget_set_sensitive (GTK_WIDGET (tool->size_spin), by_size);
  gtk_widget_set_sensitive (GTK_WIDGET (tool->percent_spin), !by_size);
}

GtkWindow *
wn_round_dialog_new (GtkWindow   *parent,
                     WnProject   *project,
                     const char  *lead,
                     WnStage      stage,
                     WnToolDone   done,
                     gpointer     user_data)
{
  GtkBox *box;
  GtkWidget *grid;
  GtkWidget *percent_check;
  GtkWidget *label;
  Tool *tool;

  g_return_val_if_fail (WN_IS_PROJECT (project), NULL);

  tool = tool_new (parent, project, _("New Calibration Round"), _("C_reate Round"), done, user_data, &box);
  tool->lead = g_strdup (lead);
  tool->stage = stage;

  gtk_box_append (box, explanation_label (stage == WN_STAGE_FT
                                          ? _("A random sample of the full texts not in an earlier round. Every reviewer screens it first, so you can compare their agreement before the rest. The same seed always draws the same sample.")
                                          : _("A random sample of the titles and abstracts not in an earlier round. Every reviewer screens it first, so you can compare their agreement before the rest. The same seed always draws the same sample.")));

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_box_append (box, grid);

  tool->size_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Number of records")));
  gtk_check_button_set_active (tool->size_check, TRUE);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (tool->size_check), 0, 0, 1, 1);
  tool->size_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 100000, 1));
  gtk_spin_button_set_value (tool->size_spin, 50);
  gtk_widget_set_tooltip_text (GTK_WIDGET (tool->size_spin), _("How many records the round draws at random"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (tool->size_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Number of records"), -1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (tool->size_spin), 1, 0, 1, 1);

  percent_check = gtk_check_button_new_with_mnemonic (_("_Percentage of the records"));
  gtk_check_button_set_group (GTK_CHECK_BUTTON (percent_check), tool->size_check);
  gtk_grid_attach (GTK_GRID (grid), percent_check, 0, 1, 1, 1);
  tool->percent_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0.1, 100, 0.5));
  gtk_spin_button_set_digits (tool->percent_spin, 1);
  gtk_spin_button_set_value (tool->percent_spin, 10);
  gtk_widget_set_tooltip_text (GTK_WIDGET (tool->percent_spin), _("The share of the records the round draws at random"));
  gtk_widget_set_sensitive (GTK_WIDGET (tool->percent_spin), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (tool->percent_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Percentage of the records"), -1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (tool->percent_spin), 1, 1, 1, 1);

  label = gtk_label_new_with_mnemonic (_("_Seed"));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 2, 1, 1);
  tool->seed_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 2147483647.0, 1));
  gtk_spin_button_set_value (tool->seed_spin, g_random_int_range (1, G_MAXINT32));
  gtk_widget_set_tooltip_text (GTK_WIDGET (tool->seed_spin),
                               _("Write it down in the protocol: the same seed draws the same sample again"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (tool->seed_spin));
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (tool->seed_spin), 1, 2, 1, 1);

  g_signal_connect (tool->size_check, "toggled", G_CALLBACK (round_kind_toggled_cb), tool);
  g_signal_connect (percent_check, "toggled", G_CALLBACK (round_kind_toggled_cb), tool);

  tool_finish_content (tool, box);
  g_signal_connect (tool->dialog, "response", G_CALLBACK (round_response_cb), tool);

  return GTK_WINDOW (tool->dialog);
}

/* ------------------------------------------------------------------------ */
/* Working apart                                                             */

typedef struct
{
  WnReviewerChosen  chosen;
  gpointer          user_data;
  GtkListBox       *list;
  gboolean          answered;
} Chooser;

static void
chooser_answer (GtkDialog *dialog,
                Chooser   *chooser,
                const char *name)
{
  if (chooser->answered)
    return;
  chooser->answered = TRUE;
  chooser->chosen (chooser->user_data, name);
}

static void
chooser_response_cb (GtkDialog *dialog,
                     int        response,
                     Chooser   *chooser)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (chooser->list);
  g_autofree char *name = NULL;

  if (response == GTK_RESPONSE_ACCEPT && row != NULL)
    name = g_strdup (g_object_get_data (G_OBJECT (row), "name"));

  chooser_answer (dialog, chooser, name);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
chooser_destroyed_cb (GtkDialog *dialog,
                      Chooser   *chooser)
{
  chooser_answer (dialog, chooser, NULL);
}

static void
chooser_row_activated_cb (GtkListBox    *list,
                          GtkListBoxRow *row,
                          GtkDialog     *dialog)
{
  gtk_dialog_response (dialog, GTK_RESPONSE_ACCEPT);
}

GtkWindow *
wn_reviewer_chooser_new (GtkWindow        *parent,
                         GPtrArray        *reviewers,
                         WnReviewerChosen  chosen,
                         gpointer          user_data)
{
  GtkWidget *dialog;
  GtkWidget *content;
  GtkWidget *box;
  Chooser *chooser = g_new0 (Chooser, 1);

  g_return_val_if_fail (reviewers != NULL, NULL);
  g_return_val_if_fail (chosen != NULL, NULL);

  dialog = gtk_dialog_new_with_buttons (_("Make Reviewer Package"), parent,
                                        GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                        _("_Cancel"), GTK_RESPONSE_CANCEL,
                                        _("_Choose File…"), GTK_RESPONSE_ACCEPT,
                                        NULL);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT),
                            "suggested-action");
  chooser->chosen = chosen;
  chooser->user_data = user_data;
  g_object_set_data_full (G_OBJECT (dialog), "wn-chooser", chooser, g_free);

  content = gtk_dialog_get_content_area (GTK_DIALOG (dialog));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_box_append (GTK_BOX (content), box);

  gtk_box_append (GTK_BOX (box), explanation_label (_("A reviewer package is a copy of the project for one reviewer to screen on their own computer. It holds no other person’s decisions, notes or reasons. Who is it for?")));

  chooser->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (chooser->list), "wn-boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (chooser->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reviewers"), -1);
  for (guint i = 0; i < reviewers->len; i++)
    {
      WnReviewer *reviewer = g_ptr_array_index (reviewers, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *name = gtk_label_new (reviewer->name);
      GtkWidget *role = gtk_label_new (reviewer->role);

      gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_box_append (GTK_BOX (line), name);
      gtk_widget_add_css_class (role, "wn-role");
      gtk_box_append (GTK_BOX (line), role);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), line);
      g_object_set_data_full (G_OBJECT (row), "name", g_strdup (reviewer->name), g_free);
      gtk_list_box_append (chooser->list, row);
    }
  gtk_list_box_select_row (chooser->list, gtk_list_box_get_row_at_index (chooser->list, 0));
  g_signal_connect (chooser->list, "row-activated", G_CALLBACK (chooser_row_activated_cb), dialog);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (chooser->list));

  g_signal_connect (dialog, "response", G_CALLBACK (chooser_response_cb), chooser);
  g_signal_connect (dialog, "destroy", G_CALLBACK (chooser_destroyed_cb), chooser);

  return GTK_WINDOW (dialog);
}

void
wn_show_merge_report (GtkWindow           *parent,
                      const WnMergeReport *report)
{
  GtkWidget *dialog;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *primary = NULL;

  g_return_if_fail (report != NULL);

  if (report->new_events == 0)
    primary = g_strdup (_("Nothing New"));
  else
    primary = g_strdup (_("Decisions Merged"));

  /* Translators: the summary of a merge, one line each. */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u file read.", "%u files read.", report->files),
                          report->files);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s decision in it.", "%s decisions in them.",
                                             wn_provenance_plural_n (report->events)),
                          format_count (report->events));
  g_string_append_c (text, '\n');
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s new decision.", "%s new decisions.",
                                             wn_provenance_plural_n (report->new_events)),
                          format_count (report->new_events));
  g_string_append_c (text, '\n');
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s new conflict for the adjudicator.",
                                             "%s new conflicts for the adjudicator.",
                                             wn_provenance_plural_n (report->new_conflicts)),
                          format_count (report->new_conflicts));
  if (report->pending > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%s decision is about a record this project has not imported yet; it applies once the record is imported.",
                                                 "%s decisions are about records this project has not imported yet; they apply once the records are imported.",
                                                 wn_provenance_plural_n (report->pending)),
                              format_count (report->pending));
    }
  if (report->new_reviewers > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s reviewer added to the project.",
                                                 "%s reviewers added to the project.",
                                                 wn_provenance_plural_n (report->new_reviewers)),
                              format_count (report->new_reviewers));
    }

  dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_INFO, GTK_BUTTONS_CLOSE, "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", text->str);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}
