/* wn-import-dialog.c — preview and import database exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two steps. First every chosen file is parsed without storing anything
 * (wn_import_parse_file, one GTask thread per file) so the person sees what
 * Winnow found: format, encoding, exporting platform, database, how many
 * records, the first titles and any warnings, and a file that cannot be read
 * is explained before anything is written. Then, with the provenance filled
 * in (database, platform, date searched, query, hits the database reported),
 * the readable files are imported one after another (wn_import_file; each
 * file is one search, all or nothing), with a progress bar and a Cancel
 * button. A file imported before is only imported again when the person says
 * so.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-import.h"
#include "wn-import-dialog.h"

#define WN_PREVIEW_TITLES 3

/* Written by the importing thread, read by a main-loop timeout. */
typedef struct
{
  GMutex  mutex;
  guint64 done;
  guint64 total;
} WnImportProgress;

typedef struct
{
  GFile          *file;
  char           *path;
  char           *name;
  GtkWidget      *row;
  GtkWidget      *icon;
  GtkSpinner     *spinner;
  GtkLabel       *summary_label;
  GtkLabel       *details_label;
  WnImportReport *preview;        /* set when the file could be read */
  char           *error_message;  /* set when it could not */
} WnImportFile;

struct _WnImportDialog
{
  GtkWindow          parent_instance;

  GtkWidget         *import_button;
  GtkStack          *stack;
  GtkListBox        *files_list;
  GtkComboBoxText   *database_combo;
  GtkComboBoxText   *platform_combo;
  GtkEntry          *date_entry;
  GtkTextView       *query_view;
  GtkEntry          *hits_entry;
  GtkLabel          *form_error_label;
  GtkLabel          *progress_title;
  GtkProgressBar    *progress_bar;
  GtkLabel          *progress_label;

  WnProject         *project;
  GPtrArray         *files;              /* of WnImportFile */
  GCancellable      *cancellable;        /* previews and the import */
  guint              previews_pending;
  gboolean           form_valid;
  gboolean           importing;
  gboolean           disposed;

  /* The import in progress. */
  guint              current;            /* index into files */
  guint              n_imported;
  guint64            records_imported;
  GPtrArray         *warnings;           /* of char*, "file: line N: …" */
  GPtrArray         *failures;           /* of char*, "file\nwhy" */
  WnImportProgress  *progress;
  guint              progress_source;
  char              *database;
  char              *platform;
  char              *date_searched;
  char              *query;
  gint64             reported_hits;
};

G_DEFINE_FINAL_TYPE (WnImportDialog, wn_import_dialog, GTK_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void wn_import_dialog_import_next (WnImportDialog *self,
                                          gboolean        allow_reimport);

static void
wn_import_file_free (WnImportFile *file)
{
  g_clear_object (&file->file);
  g_clear_pointer (&file->path, g_free);
  g_clear_pointer (&file->name, g_free);
  g_clear_pointer (&file->preview, wn_import_report_free);
  g_clear_pointer (&file->error_message, g_free);
  g_free (file);
}

static WnImportProgress *
wn_import_progress_new (void)
{
  WnImportProgress *progress = g_atomic_rc_box_new0 (WnImportProgress);

  g_mutex_init (&progress->mutex);

  return progress;
}

static void
wn_import_progress_clear (WnImportProgress *progress)
{
  g_mutex_clear (&progress->mutex);
}

static WnImportProgress *
wn_import_progress_ref (WnImportProgress *progress)
{
  return g_atomic_rc_box_acquire (progress);
}

static void
wn_import_progress_unref (WnImportProgress *progress)
{
  g_atomic_rc_box_release_full (progress, (GDestroyNotify) wn_import_progress_clear);
}

static const char *
format_display_name (WnFormat format)
{
  switch (format)
    {
    case WN_FORMAT_RIS:
      return "RIS";
    case WN_FORMAT_PUBMED_XML:
      return "PubMed XML";
    case WN_FORMAT_MEDLINE:
      return "MEDLINE";
    case WN_FORMAT_WOS:
      return "Web of Science";
    case WN_FORMAT_ENDNOTE_XML:
      return "EndNote XML";
    case WN_FORMAT_CSV:
      return "CSV";
    case WN_FORMAT_AUTO:
    default:
      return _("Unknown format");
    }
}

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

/* The form. */

static char *
dup_combo_text (GtkComboBoxText *combo)
{
  g_autofree char *text = gtk_combo_box_text_get_active_text (combo);

  if (is_blank (text))
    return NULL;

  return g_strstrip (g_steal_pointer (&text));
}

static gboolean
parse_date (const char *text)
{
  guint year;
  guint month;
  guint day;
  char tail;

  /* Exactly YYYY-MM-DD, a real day. */
  if (text == NULL || strlen (text) != 10 ||
      sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3)
    return FALSE;

  return g_date_valid_dmy (day, month, year) && year >= 1900;
}

static gboolean
parse_hits (const char *text,
            gint64     *hits)
{
  guint64 value = 0;
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GString) digits = g_string_new (NULL);

  *hits = -1;
  if (stripped[0] == '\0')
    return TRUE;

  /* Accept "1,234" and "1 234" as people copy them from result pages. */
  for (const char *p = stripped; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ',' && *p != ' ' && *p != '.')
        return FALSE;
    }

  if (digits->len == 0 || digits->len > 12 ||
      !g_ascii_string_to_unsigned (digits->str, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;

  *hits = (gint64) value;
  return TRUE;
}

static guint
wn_import_dialog_count_ready (WnImportDialog *self)
{
  guint n = 0;

  for (guint i = 0; i < self->files->len; i++)
    {
      WnImportFile *file = g_ptr_array_index (self->files, i);

      if (file->preview != NULL)
        n++;
    }

  return n;
}

static void
wn_import_dialog_update_actions (WnImportDialog *self)
{
  g_assert (WN_IS_IMPORT_DIALOG (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.start",
                                 !self->importing &&
                                 self->previews_pending == 0 &&
                                 self->form_valid &&
                                 wn_import_dialog_count_ready (self) > 0);
  gtk_widget_set_visible (self->import_button, !self->importing);
}

static void
wn_import_dialog_form_changed_cb (WnImportDialog *self)
{
  g_autofree char *database = NULL;
  const char *date;
  const char *message = NULL;
  gint64 hits;
  gboolean date_ok;
  gboolean hits_ok;

  g_assert (WN_IS_IMPORT_DIALOG (self));

  database = dup_combo_text (self->database_combo);
  date = gtk_editable_get_text (GTK_EDITABLE (self->date_entry));
  date_ok = parse_date (date);
  hits_ok = parse_hits (gtk_editable_get_text (GTK_EDITABLE (self->hits_entry)), &hits);

  if (date_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->date_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->date_entry), "error");

  if (hits_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->hits_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->hits_entry), "error");

  /* The PRISMA diagram counts records per database, so every search needs
   * one; the files fill it in when they name theirs. The message appears
   * once the previews are done, not while the person has not started. */
  if (!date_ok)
    message = _("Enter the date searched as year-month-day, for example 2024-03-31.");
  else if (!hits_ok)
    message = _("Enter the number of records found as digits only, or leave it empty.");
  else if (database == NULL && self->previews_pending == 0)
    message = _("Name the database that was searched, for example PsycINFO. For a website or a hand search, name the source.");

  gtk_label_set_text (self->form_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), message != NULL);
  /* A wrong entry is an error; a field still to fill in is only a hint. */
  if (date_ok && hits_ok)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->form_error_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->form_error_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->form_error_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->form_error_label), "error");
    }

  self->form_valid = date_ok && hits_ok && database != NULL;
  wn_import_dialog_update_actions (self);
}

/* Previewing. */

typedef struct
{
  guint      count;
  GPtrArray *titles;
} WnPreviewSink;

typedef struct
{
  WnImportReport *report;
  GPtrArray      *titles;
  guint           count;
} WnPreviewResult;

static void
wn_preview_result_free (WnPreviewResult *result)
{
  g_clear_pointer (&result->report, wn_import_report_free);
  g_clear_pointer (&result->titles, g_ptr_array_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnPreviewResult, wn_preview_result_free)

static gboolean
wn_import_dialog_preview_sink (WnRecord  *record,
                               gpointer   user_data,
                               GError   **error)
{
  WnPreviewSink *sink = user_data;

  sink->count++;
  if (sink->titles->len < WN_PREVIEW_TITLES && !is_blank (record->title))
    g_ptr_array_add (sink->titles, g_strdup (record->title));

  wn_record_free (record);

  return TRUE;
}

static void
wn_import_dialog_preview_thread (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(WnPreviewResult) result = g_new0 (WnPreviewResult, 1);
  WnPreviewSink sink = { 0 };
  GError *error = NULL;

  sink.titles = g_ptr_array_new_with_free_func (g_free);
  result->report = wn_import_report_new (path);

  if (!wn_import_parse_file (path, WN_FORMAT_AUTO,
                             wn_import_dialog_preview_sink, &sink,
                             result->report, cancellable, &error))
    {
      g_ptr_array_unref (sink.titles);
      g_task_return_error (task, error);
      return;
    }

  result->titles = sink.titles;
  result->count = sink.count;
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) wn_preview_result_free);
}

static void
append_issues (GString         *out,
               const GPtrArray *issues,
               guint            max)
{
  if (issues == NULL)
    return;

  for (guint i = 0; i < issues->len && i < max; i++)
    {
      const WnImportIssue *issue = g_ptr_array_index (issues, i);

      if (out->len > 0)
        g_string_append_c (out, '\n');
      if (issue->line > 0)
        /* Translators: an importer warning, "line 12: unknown tag". */
        g_string_append_printf (out, _("Line %u: %s"), issue->line, issue->message);
      else
        g_string_append (out, issue->message);
    }

  if (issues->len > max)
    {
      g_string_append_c (out, '\n');
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "…and %u more", "…and %u more",
                                                issues->len - max),
                              issues->len - max);
    }
}

static void
wn_import_dialog_show_message (GtkWindow      *parent,
                               GtkMessageType  type,
                               const char     *primary,
                               const char     *secondary)
{
  GtkWidget *dialog;
  GtkWidget *area;

  dialog = gtk_message_dialog_new (parent,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   type, GTK_BUTTONS_CLOSE,
                                   "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);

  /* The message names file, line and cause: let people copy it. */
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

static void
wn_import_dialog_show_error (GtkWindow  *parent,
                             const char *primary,
                             const char *secondary)
{
  wn_import_dialog_show_message (parent, GTK_MESSAGE_ERROR, primary, secondary);
}

static void
wn_import_dialog_previews_done (WnImportDialog *self)
{
  g_autoptr(GString) errors = g_string_new (NULL);
  const char *database = NULL;
  const char *vendor = NULL;
  gboolean same_database = TRUE;
  gboolean same_vendor = TRUE;
  guint n_failed = 0;
  const char *failed_name = NULL;

  g_assert (WN_IS_IMPORT_DIALOG (self));

  for (guint i = 0; i < self->files->len; i++)
    {
      WnImportFile *file = g_ptr_array_index (self->files, i);

      if (file->preview == NULL)
        {
          n_failed++;
          failed_name = file->name;
          if (errors->len > 0)
            g_string_append (errors, "\n\n");
          g_string_append (errors, file->error_message);
          continue;
        }

      if (file->preview->database != NULL)
        {
          if (database != NULL && g_strcmp0 (database, file->preview->database) != 0)
            same_database = FALSE;
          database = file->preview->database;
        }
      if (file->preview->vendor != NULL)
        {
          if (vendor != NULL && g_strcmp0 (vendor, file->preview->vendor) != 0)
            same_vendor = FALSE;
          vendor = file->preview->vendor;
        }
    }

  /* Offer what the files say about themselves; the person can correct it. */
  if (database != NULL && same_database)
    {
      g_autofree char *text = dup_combo_text (self->database_combo);

      if (text == NULL)
        gtk_editable_set_text (GTK_EDITABLE (gtk_combo_box_get_child (GTK_COMBO_BOX (self->database_combo))),
                               database);
    }
  if (vendor != NULL && same_vendor)
    {
      g_autofree char *text = dup_combo_text (self->platform_combo);

      if (text == NULL)
        gtk_editable_set_text (GTK_EDITABLE (gtk_combo_box_get_child (GTK_COMBO_BOX (self->platform_combo))),
                               vendor);
    }

  wn_import_dialog_form_changed_cb (self);

  if (n_failed > 0)
    {
      g_autofree char *primary = NULL;
      g_autoptr(GString) secondary = g_string_new (NULL);

      if (n_failed == 1)
        primary = g_strdup_printf (_("“%s” Cannot Be Imported"), failed_name);
      else
        primary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u File Cannot Be Imported",
                                                "%u Files Cannot Be Imported",
                                                n_failed),
                                   n_failed);

      g_string_append (secondary, errors->str);
      g_string_append (secondary, "\n\n");
      if (wn_import_dialog_count_ready (self) > 0)
        g_string_append (secondary, _("The other files can still be imported; this one will be left out."));
      else
        g_string_append (secondary, _("Nothing has been imported. Export the search again from the database, as RIS, PubMed XML, MEDLINE, Web of Science, EndNote XML or CSV, and import the new file."));

      wn_import_dialog_show_error (GTK_WINDOW (self), primary, secondary->str);
    }
}

static void
wn_import_dialog_preview_done_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  WnImportDialog *self = WN_IMPORT_DIALOG (object);
  WnImportFile *file = user_data;
  g_autoptr(WnPreviewResult) preview = NULL;
  g_autoptr(GError) error = NULL;

  preview = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->disposed)
    return;

  g_assert (self->previews_pending > 0);
  self->previews_pending--;

  gtk_spinner_stop (file->spinner);
  gtk_widget_set_visible (GTK_WIDGET (file->spinner), FALSE);
  gtk_widget_set_visible (file->icon, TRUE);

  if (preview == NULL)
    {
      file->error_message = g_strdup (error->message);
      gtk_image_set_from_icon_name (GTK_IMAGE (file->icon), "dialog-error-symbolic");
      gtk_widget_add_css_class (file->icon, "error");
      gtk_label_set_text (file->summary_label, _("Cannot be read; it will be left out"));
      gtk_widget_add_css_class (GTK_WIDGET (file->summary_label), "error");
      gtk_label_set_text (file->details_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (file->details_label), TRUE);
    }
  else
    {
      g_autoptr(GString) summary = g_string_new (NULL);
      g_autoptr(GString) details = g_string_new (NULL);

      file->preview = g_steal_pointer (&preview->report);

      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE, "%'u record", "%'u records", preview->count),
                              preview->count);
      g_string_append (summary, " · ");
      g_string_append (summary, format_display_name (file->preview->format));
      if (file->preview->encoding != NULL)
        g_string_append_printf (summary, " · %s", file->preview->encoding);
      if (file->preview->vendor != NULL)
        g_string_append_printf (summary, " · %s", file->preview->vendor);
      if (file->preview->database != NULL)
        g_string_append_printf (summary, " · %s", file->preview->database);
      gtk_label_set_text (file->summary_label, summary->str);

      for (guint i = 0; i < preview->titles->len; i++)
        {
          if (details->len > 0)
            g_string_append_c (details, '\n');
          g_string_append_printf (details, "• %s", (const char *) g_ptr_array_index (preview->titles, i));
        }

      if (file->preview->warnings != NULL && file->preview->warnings->len > 0)
        {
          g_autoptr(GString) warnings = g_string_new (NULL);

          append_issues (warnings, file->preview->warnings, 3);
          if (details->len > 0)
            g_string_append (details, "\n\n");
          g_string_append_printf (details,
                                  g_dngettext (GETTEXT_PACKAGE, "%u warning:", "%u warnings:",
                                               file->preview->warnings->len),
                                  file->preview->warnings->len);
          g_string_append_c (details, '\n');
          g_string_append (details, warnings->str);
          gtk_image_set_from_icon_name (GTK_IMAGE (file->icon), "dialog-warning-symbolic");
          gtk_widget_add_css_class (file->icon, "warning");
        }
      else
        {
          gtk_image_set_from_icon_name (GTK_IMAGE (file->icon), "emblem-ok-symbolic");
          gtk_widget_add_css_class (file->icon, "wn-ok");
        }

      gtk_label_set_text (file->details_label, details->str);
      gtk_widget_set_visible (GTK_WIDGET (file->details_label), details->len > 0);
    }

  if (self->previews_pending == 0)
    wn_import_dialog_previews_done (self);
  else
    wn_import_dialog_update_actions (self);
}

static GtkWidget *
wn_import_dialog_create_file_row (WnImportFile *file)
{
  GtkWidget *box;
  GtkWidget *labels;
  GtkWidget *label;
  GtkWidget *status;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  status = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_valign (status, GTK_ALIGN_START);
  gtk_widget_set_margin_top (status, 2);
  gtk_box_append (GTK_BOX (box), status);

  file->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_spinner_start (file->spinner);
  gtk_box_append (GTK_BOX (status), GTK_WIDGET (file->spinner));

  file->icon = gtk_image_new ();
  gtk_widget_set_visible (file->icon, FALSE);
  gtk_box_append (GTK_BOX (status), file->icon);

  labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (box), labels);

  label = gtk_label_new (file->name);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_tooltip_text (label, file->path);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (labels), label);

  label = gtk_label_new (_("Reading…"));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (labels), label);
  file->summary_label = GTK_LABEL (label);

  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_visible (label, FALSE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (labels), label);
  file->details_label = GTK_LABEL (label);

  file->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (file->row), FALSE);
  gtk_widget_set_focusable (file->row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (file->row), box);

  return file->row;
}

/* Importing. */

typedef struct
{
  WnProject        *project;
  char             *path;
  char             *database;
  char             *platform;
  char             *date_searched;
  char             *query;
  gint64            reported_hits;
  gboolean          allow_reimport;
  WnImportProgress *progress;
} WnImportJob;

static void
wn_import_job_free (WnImportJob *job)
{
  g_clear_object (&job->project);
  g_free (job->path);
  g_free (job->database);
  g_free (job->platform);
  g_free (job->date_searched);
  g_free (job->query);
  g_clear_pointer (&job->progress, wn_import_progress_unref);
  g_free (job);
}

static void
wn_import_dialog_progress_cb (guint64  done,
                              guint64  total,
                              gpointer user_data)
{
  WnImportProgress *progress = user_data;

  g_mutex_lock (&progress->mutex);
  progress->done = done;
  progress->total = total;
  g_mutex_unlock (&progress->mutex);
}

static void
wn_import_dialog_import_thread (GTask        *task,
                                gpointer      source_object,
                                gpointer      task_data,
                                GCancellable *cancellable)
{
  WnImportJob *job = task_data;
  WnImportOptions options;
  WnImportReport *report = NULL;
  GError *error = NULL;

  wn_import_options_init (&options);
  options.database = job->database;
  options.platform = job->platform;
  options.date_searched = job->date_searched;
  options.query = job->query;
  options.reported_hits = job->reported_hits;
  options.allow_reimport = job->allow_reimport;
  options.progress = wn_import_dialog_progress_cb;
  options.progress_data = job->progress;

  if (!wn_import_file (job->project, job->path, &options, &report, cancellable, &error))
    {
      g_clear_pointer (&report, wn_import_report_free);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, report, (GDestroyNotify) wn_import_report_free);
}

static gboolean
wn_import_dialog_progress_timeout_cb (gpointer user_data)
{
  WnImportDialog *self = user_data;
  g_autofree char *text = NULL;
  guint n_ready = wn_import_dialog_count_ready (self);
  guint position = 0;
  double fraction = 0.0;
  guint64 done;
  guint64 total;

  g_mutex_lock (&self->progress->mutex);
  done = self->progress->done;
  total = self->progress->total;
  g_mutex_unlock (&self->progress->mutex);

  /* Files done, plus the part of this one. */
  for (guint i = 0; i < self->current && i < self->files->len; i++)
    {
      if (((WnImportFile *) g_ptr_array_index (self->files, i))->preview != NULL)
        position++;
    }
  if (total > 0)
    fraction = (double) done / (double) total;
  fraction = n_ready > 0 ? (position + CLAMP (fraction, 0.0, 1.0)) / n_ready : 0.0;

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  text = g_strdup_printf ("%.0f %%", fraction * 100.0);
  gtk_progress_bar_set_text (self->progress_bar, text);

  return G_SOURCE_CONTINUE;
}

static void
wn_import_dialog_finish (WnImportDialog *self)
{
  GtkWindow *parent;

  g_assert (WN_IS_IMPORT_DIALOG (self));

  self->importing = FALSE;
  g_clear_handle_id (&self->progress_source, g_source_remove);

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (self->n_imported > 0)
    g_signal_emit (self, signals[IMPORTED], 0);

  if (self->failures->len > 0)
    {
      g_autofree char *primary = NULL;
      g_autoptr(GString) secondary = g_string_new (NULL);

      if (self->failures->len == 1)
        primary = g_strdup (_("A File Was Not Imported"));
      else
        primary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u File Was Not Imported",
                                                "%u Files Were Not Imported",
                                                self->failures->len),
                                   self->failures->len);

      for (guint i = 0; i < self->failures->len; i++)
        {
          if (secondary->len > 0)
            g_string_append (secondary, "\n\n");
          g_string_append (secondary, g_ptr_array_index (self->failures, i));
        }

      g_string_append (secondary, "\n\n");
      if (self->n_imported > 0)
        g_string_append_printf (secondary,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "Nothing from it was stored. The other file was imported.",
                                             "Nothing from them was stored. The other %u files were imported.",
                                             self->n_imported),
                                self->n_imported);
      else
        g_string_append (secondary, _("Nothing was stored."));

      wn_import_dialog_show_error (parent, primary, secondary->str);
    }
  else if (self->warnings->len > 0)
    {
      g_autoptr(GString) secondary = g_string_new (NULL);

      for (guint i = 0; i < self->warnings->len && i < 10; i++)
        {
          if (secondary->len > 0)
            g_string_append_c (secondary, '\n');
          g_string_append (secondary, g_ptr_array_index (self->warnings, i));
        }
      if (self->warnings->len > 10)
        g_string_append_printf (secondary, "\n%s", _("…and more; the search report lists them all."));

      wn_import_dialog_show_message (parent, GTK_MESSAGE_WARNING, _("Imported, with Warnings"), secondary->str);
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
wn_import_dialog_reimport_response_cb (WnImportDialog *self,
                                       int             response,
                                       GtkDialog      *question)
{
  g_assert (WN_IS_IMPORT_DIALOG (self));

  gtk_window_destroy (GTK_WINDOW (question));

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      wn_import_dialog_finish (self);
      return;
    }

  if (response == GTK_RESPONSE_ACCEPT)
    {
      wn_import_dialog_import_next (self, TRUE);
      return;
    }

  self->current++;
  wn_import_dialog_import_next (self, FALSE);
}

static void
wn_import_dialog_ask_reimport (WnImportDialog *self,
                               WnImportFile   *file)
{
  GtkWidget *question;

  g_assert (WN_IS_IMPORT_DIALOG (self));

  question = gtk_message_dialog_new (GTK_WINDOW (self),
                                     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                     _("Import “%s” Again?"), file->name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (question), "%s",
                                            _("This project already has a search imported from this exact file. Importing it again adds every record a second time, as a new search."));
  gtk_dialog_add_buttons (GTK_DIALOG (question),
                          _("_Skip This File"), GTK_RESPONSE_REJECT,
                          _("_Import Again"), GTK_RESPONSE_ACCEPT,
                          NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (question), GTK_RESPONSE_REJECT);
  g_signal_connect_object (question, "response",
                           G_CALLBACK (wn_import_dialog_reimport_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (question));
}

static void
wn_import_dialog_import_done_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  WnImportDialog *self = WN_IMPORT_DIALOG (object);
  WnImportFile *file;
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->disposed)
    return;

  file = g_ptr_array_index (self->files, self->current);

  if (report != NULL)
    {
      self->n_imported++;
      self->records_imported += report->records;
      if (report->warnings != NULL)
        {
          for (guint i = 0; i < report->warnings->len; i++)
            {
              const WnImportIssue *issue = g_ptr_array_index (report->warnings, i);

              if (issue->line > 0)
                /* Translators: "file.ris, line 12: message". */
                g_ptr_array_add (self->warnings, g_strdup_printf (_("%s, line %u: %s"),
                                                                  file->name, issue->line, issue->message));
              else
                g_ptr_array_add (self->warnings, g_strdup_printf ("%s: %s", file->name, issue->message));
            }
        }

      self->current++;
      wn_import_dialog_import_next (self, FALSE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      wn_import_dialog_finish (self);
      return;
    }

  if (g_error_matches (error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_ALREADY_IMPORTED))
    {
      wn_import_dialog_ask_reimport (self, file);
      return;
    }

  /* Each file is all or nothing on its own: note why this one was left
   * out and go on with the others. */
  g_ptr_array_add (self->failures, g_strdup_printf ("%s\n%s", file->name, error->message));
  self->current++;
  wn_import_dialog_import_next (self, FALSE);
}

static void
wn_import_dialog_import_next (WnImportDialog *self,
                              gboolean        allow_reimport)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *title = NULL;
  WnImportJob *job;
  WnImportFile *file = NULL;
  guint n_ready;
  guint position = 0;

  g_assert (WN_IS_IMPORT_DIALOG (self));

  /* Skip the files that could not be read. */
  while (self->current < self->files->len)
    {
      file = g_ptr_array_index (self->files, self->current);
      if (file->preview != NULL)
        break;
      self->current++;
      file = NULL;
    }

  if (file == NULL)
    {
      wn_import_dialog_finish (self);
      return;
    }

  n_ready = wn_import_dialog_count_ready (self);
  for (guint i = 0; i <= self->current; i++)
    {
      if (((WnImportFile *) g_ptr_array_index (self->files, i))->preview != NULL)
        position++;
    }

  /* Translators: "Importing “file.ris” (1 of 3)". */
  title = g_strdup_printf (_("Importing “%s” (%u of %u)"), file->name, position, n_ready);
  gtk_label_set_text (self->progress_label, title);

  g_mutex_lock (&self->progress->mutex);
  self->progress->done = 0;
  self->progress->total = 0;
  g_mutex_unlock (&self->progress->mutex);

  job = g_new0 (WnImportJob, 1);
  job->project = g_object_ref (self->project);
  job->path = g_strdup (file->path);
  job->database = g_strdup (self->database);
  job->platform = g_strdup (self->platform);
  job->date_searched = g_strdup (self->date_searched);
  job->query = g_strdup (self->query);
  job->reported_hits = self->reported_hits;
  job->allow_reimport = allow_reimport;
  job->progress = wn_import_progress_ref (self->progress);

  task = g_task_new (self, self->cancellable, wn_import_dialog_import_done_cb, NULL);
  g_task_set_source_tag (task, wn_import_dialog_import_next);
  g_task_set_task_data (task, job, (GDestroyNotify) wn_import_job_free);
  g_task_run_in_thread (task, wn_import_dialog_import_thread);
}

static void
wn_import_dialog_start_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  WnImportDialog *self = WN_IMPORT_DIALOG (widget);
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;
  g_autofree char *query = NULL;

  if (self->importing)
    return;

  g_free (self->database);
  self->database = dup_combo_text (self->database_combo);
  g_free (self->platform);
  self->platform = dup_combo_text (self->platform_combo);
  g_free (self->date_searched);
  self->date_searched = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_entry)));
  if (!parse_hits (gtk_editable_get_text (GTK_EDITABLE (self->hits_entry)), &self->reported_hits))
    return;

  buffer = gtk_text_view_get_buffer (self->query_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  query = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_free (self->query);
  self->query = is_blank (query) ? NULL : g_strstrip (g_steal_pointer (&query));

  self->importing = TRUE;
  self->current = 0;
  self->n_imported = 0;
  self->records_imported = 0;
  g_ptr_array_set_size (self->warnings, 0);
  g_ptr_array_set_size (self->failures, 0);

  gtk_label_set_text (self->progress_title, _("Importing Records"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  self->progress_source = g_timeout_add (100, wn_import_dialog_progress_timeout_cb, self);

  wn_import_dialog_update_actions (self);
  wn_import_dialog_import_next (self, FALSE);
}

static void
wn_import_dialog_cancel_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  WnImportDialog *self = WN_IMPORT_DIALOG (widget);

  if (self->importing)
    {
      /* The file being imported is rolled back; its callback closes us. */
      g_cancellable_cancel (self->cancellable);
      gtk_label_set_text (self->progress_title, _("Cancelling…"));
      gtk_widget_action_set_enabled (widget, "import.cancel", FALSE);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
wn_import_dialog_close_request (GtkWindow *window)
{
  WnImportDialog *self = WN_IMPORT_DIALOG (window);

  if (self->importing)
    {
      wn_import_dialog_cancel_action (GTK_WIDGET (self), "import.cancel", NULL);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (wn_import_dialog_parent_class)->close_request (window);
}

static void
wn_import_dialog_dispose (GObject *object)
{
  WnImportDialog *self = WN_IMPORT_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);

  /* As in WnWindow: GtkWindow 4.8 would unparent its child again. */
  gtk_window_set_child (GTK_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WN_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (wn_import_dialog_parent_class)->dispose (object);
}

static void
wn_import_dialog_finalize (GObject *object)
{
  WnImportDialog *self = WN_IMPORT_DIALOG (object);

  g_clear_object (&self->project);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->failures, g_ptr_array_unref);
  g_clear_pointer (&self->progress, wn_import_progress_unref);
  g_free (self->database);
  g_free (self->platform);
  g_free (self->date_searched);
  g_free (self->query);

  G_OBJECT_CLASS (wn_import_dialog_parent_class)->finalize (object);
}

static void
wn_import_dialog_class_init (WnImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = wn_import_dialog_dispose;
  object_class->finalize = wn_import_dialog_finalize;

  window_class->close_request = wn_import_dialog_close_request;

  /**
   * WnImportDialog::imported:
   *
   * At least one file was stored; emitted once, when the dialog is done.
   */
  signals[IMPORTED] =
    g_signal_new ("imported",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/winnow/Winnow/wn-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, files_list);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, database_combo);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, platform_combo);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, date_entry);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, query_view);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, hits_entry);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, form_error_label);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, progress_title);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, progress_label);
  gtk_widget_class_bind_template_callback (widget_class, wn_import_dialog_form_changed_cb);

  gtk_widget_class_install_action (widget_class, "import.start", NULL, wn_import_dialog_start_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, wn_import_dialog_cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.cancel", NULL);
}

static void
wn_import_dialog_init (WnImportDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  gtk_widget_init_template (GTK_WIDGET (self));

  self->files = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_import_file_free);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->failures = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  self->progress = wn_import_progress_new ();
  self->reported_hits = -1;

  /* Typing into a combo box's entry does not always emit the combo box's
   * "changed": watch the entries themselves. */
  g_signal_connect_object (gtk_combo_box_get_child (GTK_COMBO_BOX (self->database_combo)),
                           "changed", G_CALLBACK (wn_import_dialog_form_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_combo_box_get_child (GTK_COMBO_BOX (self->platform_combo)),
                           "changed", G_CALLBACK (wn_import_dialog_form_changed_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), today);
  wn_import_dialog_form_changed_cb (self);
}

WnImportDialog *
wn_import_dialog_new (GtkWindow  *parent,
                      WnProject  *project,
                      GListModel *files)
{
  WnImportDialog *self;
  guint n_files;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (WN_IS_PROJECT (project), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (files), NULL);

  self = g_object_new (WN_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->project = g_object_ref (project);

  n_files = g_list_model_get_n_items (files);
  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(GFile) gfile = g_list_model_get_item (files, i);
      g_autoptr(GTask) task = NULL;
      WnImportFile *file;

      file = g_new0 (WnImportFile, 1);
      file->file = g_object_ref (gfile);
      file->path = g_file_get_path (gfile);
      file->name = g_file_get_basename (gfile);
      g_ptr_array_add (self->files, file);
      gtk_list_box_append (self->files_list, wn_import_dialog_create_file_row (file));

      self->previews_pending++;
      task = g_task_new (self, self->cancellable, wn_import_dialog_preview_done_cb, file);
      g_task_set_source_tag (task, wn_import_dialog_new);

      if (file->path == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                   _("%s: only files on this computer can be imported"),
                                   file->name);
          continue;
        }

      g_task_set_task_data (task, g_strdup (file->path), g_free);
      g_task_run_in_thread (task, wn_import_dialog_preview_thread);
    }

  gtk_window_set_title (GTK_WINDOW (self),
                        g_dngettext (GETTEXT_PACKAGE, "Import a File", "Import Files", n_files));
  wn_import_dialog_form_changed_cb (self);

  return self;
}
