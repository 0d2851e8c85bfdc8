/* wn-import-dialog.c — preview and import database exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two steps. First every chosen file is parsed without storing anything
 * (wn_import_parse_file, one GTask thread per file) so the person sees what
 * Winnow found before anything is written: the format, the encoding, the
 * platform that exported it and the database it names, how many records it
 * holds, the first few (title, first author, year), every warning and every
 * record that cannot be read, each with its line. A file that cannot be read
 * at all is explained and left out.
 *
 * A file is imported whole or not at all. When some of its records cannot
 * be read, the person may choose "Import only the valid records"
 * (keep_valid); otherwise that file is refused, and the dialog says so
 * before and after importing.
 *
 * Then, with the provenance filled in (database, platform, date searched,
 * query, hits the database reported; a hit count that differs from the
 * records previewed is pointed out before importing), the files are imported
 * one after another (wn_import_file), with a progress bar and a Cancel
 * button. The files are one search, exported in several files: the first
 * file stored starts it, the others join it (WnImportOptions.batch_id), so
 * they share the provenance and the Searches page compares their records,
 * summed, with the hit count, as this dialog does. A file imported before
 * is only imported again when the person says so.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-accessibility.h"
#include "wn-import.h"
#include "wn-import-dialog.h"
#include "wn-provenance.h"

/* How many records of each file the preview shows. */
#define WN_PREVIEW_RECORDS 3
/* Warnings and rejected records listed per file; the rest are counted.
 * Bounded, as a damaged file can have one on every line. */
#define WN_PREVIEW_ISSUES 200

/* Written by the importing thread, read by a main-loop timeout. */
typedef struct
{
  GMutex  mutex;
  guint64 done;
  guint64 total;
} WnImportProgress;

typedef struct
{
  WnImportDialog *dialog;          /* not a reference: the dialog owns this */
  GFile          *file;
  char           *path;
  char           *name;
  GtkWidget      *row;
  GtkWidget      *icon;
  GtkSpinner     *spinner;
  GtkLabel       *summary_label;
  GtkWidget      *details_box;     /* filled in when the preview arrives */
  GtkLabel       *refusal_label;   /* what happens to a file with bad records */
  WnImportReport *preview;         /* set when the file could be parsed */
  guint           n_records;       /* records the preview read */
  char           *error_message;   /* set when nothing of it can be imported */
  gboolean        keep_valid;      /* import the good records, leave the rest */
} WnImportFile;

struct _WnImportDialog
{
  GtkWindow          parent_instance;

  GtkWidget         *import_button;
  GtkStack          *stack;
  GtkScrolledWindow *preview_scroller;
  GtkWidget         *preview_box;
  GtkListBox        *files_list;
  GtkComboBoxText   *database_combo;
  GtkComboBoxText   *platform_combo;
  GtkEntry          *date_entry;
  GtkTextView       *query_view;
  GtkEntry          *hits_entry;
  GtkWidget         *hits_warning_box;
  GtkLabel          *hits_warning_label;
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
  gint64             batch_id;         /* the search the first stored file began */
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

/* What will become of each file. */

static guint
wn_import_file_n_rejected (const WnImportFile *file)
{
  return file->preview != NULL ? file->preview->rejected->len : 0;
}

/* Read, with records to import, and either no bad record or the person
 * chose to leave the bad ones out. */
static gboolean
wn_import_file_is_importable (const WnImportFile *file)
{
  return file->preview != NULL && file->error_message == NULL && file->n_records > 0 &&
         (wn_import_file_n_rejected (file) == 0 || file->keep_valid);
}

/* Readable, but refused as it is: some records cannot be read and the
 * person did not choose to import only the others. */
static gboolean
wn_import_file_is_refused (const WnImportFile *file)
{
  return file->preview != NULL && file->error_message == NULL && file->n_records > 0 &&
         wn_import_file_n_rejected (file) > 0 && !file->keep_valid;
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
  const char *name = wn_provenance_format_name (wn_format_to_string (format));

  return name != NULL ? name : _("Unknown format");
}

/* Numbers for translatable strings: xgettext cannot see through
 * G_GINT64_FORMAT, and %' groups thousands as the locale does. */
static char *
dup_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static guint
wn_import_dialog_count_importable (WnImportDialog *self)
{
  guint n = 0;

  for (guint i = 0; i < self->files->len; i++)
    {
      if (wn_import_file_is_importable (g_ptr_array_index (self->files, i)))
        n++;
    }

  return n;
}

/* The records the files to import hold, as previewed. */
static guint64
wn_import_dialog_count_records (WnImportDialog *self)
{
  guint64 n = 0;

  for (guint i = 0; i < self->files->len; i++)
    {
      WnImportFile *file = g_ptr_array_index (self->files, i);

      if (wn_import_file_is_importable (file))
        n += file->n_records;
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
                                 wn_import_dialog_count_importable (self) > 0);
  gtk_widget_set_visible (self->import_button, !self->importing);
}

/* Scrolls the hit-count warning into view once it is laid out: it appears
 * below the entry being typed in, at the bottom of a long form. */
static gboolean
wn_import_dialog_reveal_hits_warning_cb (GtkWidget     *widget,
                                         GdkFrameClock *frame_clock,
                                         gpointer       user_data)
{
  WnImportDialog *self = WN_IMPORT_DIALOG (user_data);
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double bottom;

  if (!gtk_widget_get_visible (widget))
    return G_SOURCE_REMOVE;
  /* Not laid out yet: try again on the next frame. */
  if (!gtk_widget_compute_bounds (widget, self->preview_box, &bounds) || bounds.size.height <= 0)
    return G_SOURCE_CONTINUE;

  adjustment = gtk_scrolled_window_get_vadjustment (self->preview_scroller);
  bottom = bounds.origin.y + bounds.size.height + 12;
  if (bottom > gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment))
    gtk_adjustment_set_value (adjustment, bottom - gtk_adjustment_get_page_size (adjustment));

  return G_SOURCE_REMOVE;
}

/* The hit count typed against the records the files hold: pointed out
 * before importing, when it can still be checked at the database. */
static void
wn_import_dialog_update_hits_warning (WnImportDialog *self,
                                      gint64          hits)
{
  g_autofree char *message = NULL;
  guint64 records;
  guint n_files;

  g_assert (WN_IS_IMPORT_DIALOG (self));

  records = wn_import_dialog_count_records (self);
  n_files = wn_import_dialog_count_importable (self);

  if (hits >= 0 && self->previews_pending == 0 && n_files > 0 && (guint64) hits != records)
    {
      g_autofree char *hits_text = dup_count ((guint64) hits);
      g_autofree char *records_text = dup_count (records);
      g_autofree char *difference_text = dup_count ((guint64) hits > records ? (guint64) hits - records
                                                                                : records - (guint64) hits);

      if ((guint64) hits > records)
        /* Translators: "The database reported 1,234 hits, but 1,200
         * records will be imported, 34 fewer. …" */
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "The database reported %s hits, but %s record will be imported, %s fewer. Check that the export held every record: databases often export in batches.",
                                                "The database reported %s hits, but %s records will be imported, %s fewer. Check that the export held every record: databases often export in batches.",
                                                wn_provenance_plural_n ((gint64) records)),
                                   hits_text, records_text, difference_text);
      else
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "The database reported %s hits, but %s record will be imported, %s more. Check the number the database showed.",
                                                "The database reported %s hits, but %s records will be imported, %s more. Check the number the database showed.",
                                                wn_provenance_plural_n ((gint64) records)),
                                   hits_text, records_text, difference_text);
    }

  gtk_label_set_text (self->hits_warning_label, message != NULL ? message : "");
  if (message != NULL && !gtk_widget_get_visible (self->hits_warning_box))
    gtk_widget_add_tick_callback (self->hits_warning_box, wn_import_dialog_reveal_hits_warning_cb, self, NULL);
  gtk_widget_set_visible (self->hits_warning_box, message != NULL);
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

  /* Called by the template while it is still being built. */
  if (self->files == NULL)
    return;

  database = wn_provenance_dup_combo_text (self->database_combo);
  date = gtk_editable_get_text (GTK_EDITABLE (self->date_entry));
  date_ok = wn_provenance_parse_date (date);
  hits_ok = wn_provenance_parse_hits (gtk_editable_get_text (GTK_EDITABLE (self->hits_entry)), &hits);

  if (date_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->date_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->date_entry), "error");

  if (hits_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->hits_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->hits_entry), "error");

  wn_import_dialog_update_hits_warning (self, hits_ok ? hits : -1);

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
  GPtrArray *first;  /* of char*, "Title — Author (Year)" */
} WnPreviewSink;

typedef struct
{
  WnImportReport *report;
  GPtrArray      *first;
  guint           count;
} WnPreviewResult;

static void
wn_preview_result_free (WnPreviewResult *result)
{
  g_clear_pointer (&result->report, wn_import_report_free);
  g_clear_pointer (&result->first, g_ptr_array_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnPreviewResult, wn_preview_result_free)

/* "Title — Smith, J. (2019)": enough to recognise the search's records. */
static char *
dup_record_line (const WnRecord *record)
{
  g_autoptr(GString) line = g_string_new (NULL);
  const char *author = NULL;

  if (record->authors != NULL && record->authors->len > 0)
    author = g_ptr_array_index (record->authors, 0);

  g_string_append (line, !wn_provenance_is_blank (record->title) ? record->title : _("(no title)"));
  if (author != NULL && record->authors->len > 1)
    /* Translators: after a record's title, the first of its several
     * authors: " — Smith, J. et al.". */
    g_string_append_printf (line, _(" — %s et al."), author);
  else if (author != NULL)
    g_string_append_printf (line, " — %s", author);
  if (!wn_provenance_is_blank (record->year))
    g_string_append_printf (line, " (%s)", record->year);

  return g_string_free (g_steal_pointer (&line), FALSE);
}

static gboolean
wn_import_dialog_preview_sink (WnRecord  *record,
                               gpointer   user_data,
                               GError   **error)
{
  WnPreviewSink *sink = user_data;

  sink->count++;
  if (sink->first->len < WN_PREVIEW_RECORDS)
    g_ptr_array_add (sink->first, dup_record_line (record));

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

  sink.first = g_ptr_array_new_with_free_func (g_free);
  result->report = wn_import_report_new (path);

  if (!wn_import_parse_file (path, WN_FORMAT_AUTO,
                             wn_import_dialog_preview_sink, &sink,
                             result->report, cancellable, &error))
    {
      g_ptr_array_unref (sink.first);
      g_task_return_error (task, error);
      return;
    }

  result->first = sink.first;
  result->count = sink.count;
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) wn_preview_result_free);
}

/* "Line 12: unknown tag", one a line; at most max, then how many more. */
static char *
dup_issues_text (const GPtrArray *issues,
                 guint            max)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < issues->len && i < max; i++)
    {
      const WnImportIssue *issue = g_ptr_array_index (issues, i);

      if (out->len > 0)
        g_string_append_c (out, '\n');
      if (issue->line > 0)
        /* Translators: an importer's message, "Line 12: unknown tag". */
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

  return g_string_free (g_steal_pointer (&out), FALSE);
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
  const char *query = NULL;
  gboolean same_query = TRUE;
  guint n_failed = 0;
  const char *failed_name = NULL;

  g_assert (WN_IS_IMPORT_DIALOG (self));

  for (guint i = 0; i < self->files->len; i++)
    {
      WnImportFile *file = g_ptr_array_index (self->files, i);

      if (file->error_message != NULL)
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
      if (file->preview->query != NULL)
        {
          if (query != NULL && g_strcmp0 (query, file->preview->query) != 0)
            same_query = FALSE;
          query = file->preview->query;
        }
    }

  /* Offer what the files say about themselves; the person can correct it. */
  if (database != NULL && same_database)
    {
      g_autofree char *text = wn_provenance_dup_combo_text (self->database_combo);

      if (text == NULL)
        wn_provenance_set_combo_text (self->database_combo, database);
    }
  if (vendor != NULL && same_vendor)
    {
      g_autofree char *text = wn_provenance_dup_combo_text (self->platform_combo);

      if (text == NULL)
        wn_provenance_set_combo_text (self->platform_combo, vendor);
    }

  /* The search string an embase.com CSV holds in its preamble. */
  if (query != NULL && same_query)
    {
      g_autofree char *text = wn_provenance_dup_view_text (self->query_view);

      if (text == NULL)
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->query_view), query, -1);
    }

  wn_import_dialog_form_changed_cb (self);

  if (n_failed > 0)
    {
      g_autofree char *primary = NULL;
      g_autoptr(GString) secondary = g_string_new (NULL);
      guint n_readable = 0;

      for (guint i = 0; i < self->files->len; i++)
        {
          if (((WnImportFile *) g_ptr_array_index (self->files, i))->error_message == NULL)
            n_readable++;
        }

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
      if (n_readable > 0)
        g_string_append (secondary, g_dngettext (GETTEXT_PACKAGE,
                                                 "The other files can still be imported; this one will be left out.",
                                                 "The other files can still be imported; these will be left out.",
                                                 n_failed));
      else
        g_string_append (secondary, _("Nothing has been imported. Export the search again from the database, as RIS, PubMed XML, MEDLINE, Web of Science, EndNote XML or CSV, and import the new file."));

      wn_import_dialog_show_error (GTK_WINDOW (self), primary, secondary->str);
    }
}

/* The preview of one file, row by row. */

static GtkWidget *
create_caption_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_set_margin_top (label, 6);

  return label;
}

/* Two facts a row: name and value in column and column + 1. */
static void
add_fact (GtkGrid    *grid,
          int         column,
          int         row,
          const char *name,
          const char *value,
          gboolean    dim_value)
{
  GtkWidget *name_label = gtk_label_new (name);
  GtkWidget *value_label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (name_label), 0.0f);
  gtk_widget_add_css_class (name_label, "dim-label");
  gtk_widget_add_css_class (name_label, "caption");

  gtk_label_set_xalign (GTK_LABEL (value_label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_widget_add_css_class (value_label, "caption");
  if (dim_value)
    gtk_widget_add_css_class (value_label, "dim-label");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, name_label, NULL,
                                  -1);

  gtk_grid_attach (grid, name_label, column, row, 1, 1);
  gtk_grid_attach (grid, value_label, column + 1, row, 1, 1);
}

/* A list of warnings or rejected records, with their lines, in an
 * expander: short lists open, long ones closed. */
static GtkWidget *
create_issues_expander (const char      *title,
                        const GPtrArray *issues,
                        const char      *icon_name,
                        const char      *css_class)
{
  g_autofree char *text = dup_issues_text (issues, WN_PREVIEW_ISSUES);
  GtkWidget *expander;
  GtkWidget *header;
  GtkWidget *image;
  GtkWidget *label;

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  image = gtk_image_new_from_icon_name (icon_name);
  gtk_widget_add_css_class (image, css_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  g_str_equal (css_class, "error") ? _("Error") : _("Warning"),
                                  -1);
  gtk_box_append (GTK_BOX (header), image);
  label = gtk_label_new (title);
  gtk_widget_add_css_class (label, "wn-issue-title");
  gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (header), label);

  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 22);
  gtk_widget_set_margin_top (label, 2);
  gtk_widget_add_css_class (label, "caption");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);

  expander = gtk_expander_new (NULL);
  gtk_expander_set_label_widget (GTK_EXPANDER (expander), header);
  gtk_expander_set_child (GTK_EXPANDER (expander), label);
  gtk_expander_set_expanded (GTK_EXPANDER (expander), issues->len <= 5);

  return expander;
}

/* What happens to a file some of whose records cannot be read: said
 * beside the choice, before anything is imported. */
static void
wn_import_file_update_refusal (WnImportFile *file)
{
  g_autofree char *rejected = dup_count (wn_import_file_n_rejected (file));
  g_autofree char *valid = dup_count (file->n_records);
  g_autofree char *text = NULL;

  if (file->refusal_label == NULL)
    return;

  if (file->keep_valid)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The %2$s valid records will be imported; the %1$s record that cannot be read will be left out.",
                                         "The %2$s valid records will be imported; the %1$s records that cannot be read will be left out.",
                                         wn_import_file_n_rejected (file)),
                            rejected, valid);
  else
    text = g_strdup (_("A file is imported whole or not at all: as it is, nothing from this file will be imported. Export it again, or import only its valid records."));

  gtk_label_set_text (file->refusal_label, text);
  if (file->keep_valid)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (file->refusal_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (file->refusal_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (file->refusal_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (file->refusal_label), "error");
    }
}

static void
wn_import_file_keep_valid_toggled_cb (WnImportFile   *file,
                                      GtkCheckButton *check)
{
  file->keep_valid = gtk_check_button_get_active (check);
  wn_import_file_update_refusal (file);
  wn_import_dialog_form_changed_cb (file->dialog);
}

static void
wn_import_file_show_preview (WnImportFile    *file,
                             WnPreviewResult *preview)
{
  const WnImportReport *report = file->preview;
  GtkWidget *grid;
  GtkWidget *label;
  g_autofree char *records = dup_count (preview->count);
  g_autofree char *summary = NULL;
  guint n_rejected = report->rejected->len;
  guint n_warnings = report->warnings->len;
  int row = 0;

  /* The summary line: records, and what is wrong with them. */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record", "%s records", preview->count), records);
  if (n_rejected > 0)
    {
      g_autofree char *rejected = dup_count (n_rejected);
      g_autofree char *part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%s cannot be read",
                                                            "%s cannot be read",
                                                            n_rejected),
                                               rejected);
      char *joined = g_strdup_printf ("%s · %s", summary, part);

      g_free (summary);
      summary = joined;
    }
  if (n_warnings > 0)
    {
      g_autofree char *part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", n_warnings),
                                               n_warnings);
      char *joined = g_strdup_printf ("%s · %s", summary, part);

      g_free (summary);
      summary = joined;
    }
  gtk_label_set_text (file->summary_label, summary);

  /* What was detected. */
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_widget_set_margin_top (grid, 4);
  add_fact (GTK_GRID (grid), 0, row, _("Format"), format_display_name (report->format), FALSE);
  add_fact (GTK_GRID (grid), 2, row++, _("Exported by"),
            report->vendor != NULL ? report->vendor : _("Not named in the file"), report->vendor == NULL);
  add_fact (GTK_GRID (grid), 0, row, _("Encoding"), report->encoding != NULL ? report->encoding : _("Unknown"),
            report->encoding == NULL);
  add_fact (GTK_GRID (grid), 2, row++, _("Database"),
            report->database != NULL ? report->database : _("Not named in the file"), report->database == NULL);
  gtk_box_append (GTK_BOX (file->details_box), grid);

  /* The first records. */
  if (preview->first->len > 0)
    {
      g_autoptr(GString) lines = g_string_new (NULL);

      gtk_box_append (GTK_BOX (file->details_box),
                      create_caption_heading (g_dngettext (GETTEXT_PACKAGE, "First Record", "First Records",
                                                           preview->first->len)));
      for (guint i = 0; i < preview->first->len; i++)
        {
          if (lines->len > 0)
            g_string_append_c (lines, '\n');
          g_string_append_printf (lines, "• %s", (const char *) g_ptr_array_index (preview->first, i));
        }
      label = gtk_label_new (lines->str);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (file->details_box), label);
    }

  /* Records that cannot be read, and warnings, each with its line. */
  if (n_rejected > 0)
    {
      g_autofree char *title = NULL;
      g_autofree char *count = dup_count (n_rejected);

      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%s Record Cannot Be Read",
                                            "%s Records Cannot Be Read",
                                            n_rejected),
                               count);
      gtk_box_append (GTK_BOX (file->details_box),
                      create_issues_expander (title, report->rejected, "dialog-error-symbolic", "error"));
    }
  if (n_warnings > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Warning", "%u Warnings", n_warnings),
                                                n_warnings);

      gtk_box_append (GTK_BOX (file->details_box),
                      create_issues_expander (title, report->warnings, "dialog-warning-symbolic", "warning"));
    }

  /* Some records bad, some good: the person chooses. */
  if (n_rejected > 0 && preview->count > 0)
    {
      g_autofree char *text = NULL;
      GtkWidget *check;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Import only the %s _valid record",
                                           "Import only the %s _valid records",
                                           preview->count),
                              records);
      check = gtk_check_button_new_with_mnemonic (text);
      gtk_widget_set_margin_top (check, 4);
      /* The row, and so the check button, goes before the file does. */
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (wn_import_file_keep_valid_toggled_cb), file);
      gtk_box_append (GTK_BOX (file->details_box), check);

      label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (file->details_box), label);
      file->refusal_label = GTK_LABEL (label);
      wn_import_file_update_refusal (file);

      gtk_accessible_update_relation (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL,
                                      -1);
    }

  gtk_widget_set_visible (file->details_box, TRUE);

  if (n_rejected > 0)
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (file->icon), "dialog-error-symbolic");
      gtk_widget_add_css_class (file->icon, "error");
    }
  else if (n_warnings > 0)
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (file->icon), "dialog-warning-symbolic");
      gtk_widget_add_css_class (file->icon, "warning");
    }
  else
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (file->icon), "emblem-ok-symbolic");
      gtk_widget_add_css_class (file->icon, "wn-ok");
    }
}

static void
wn_import_file_show_error (WnImportFile *file,
                           const char   *message)
{
  GtkWidget *label;

  gtk_image_set_from_icon_name (GTK_IMAGE (file->icon), "dialog-error-symbolic");
  gtk_widget_add_css_class (file->icon, "error");
  gtk_label_set_text (file->summary_label, _("Cannot be read; it will be left out"));
  gtk_widget_add_css_class (GTK_WIDGET (file->summary_label), "error");

  label = gtk_label_new (message);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_prepend (GTK_BOX (file->details_box), label);
  gtk_widget_set_visible (file->details_box, TRUE);
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
      wn_import_file_show_error (file, error->message);
    }
  else
    {
      file->preview = g_steal_pointer (&preview->report);
      file->n_records = preview->count;
      wn_import_file_show_preview (file, preview);

      /* Every record rejected: nothing to import, whatever is chosen. */
      if (preview->count == 0)
        {
          const WnImportIssue *first = g_ptr_array_index (file->preview->rejected, 0);

          /* Translators: "file.ris, line 12: the record has no TY line". */
          file->error_message = g_strdup_printf (_("%s, line %u: %s; none of its records can be read"),
                                                 file->name, first->line, first->message);
          gtk_label_set_text (file->summary_label, _("None of its records can be read; it will be left out"));
          gtk_widget_add_css_class (GTK_WIDGET (file->summary_label), "error");
        }
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

  file->details_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_visible (file->details_box, FALSE);
  gtk_box_append (GTK_BOX (labels), file->details_box);

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
  gint64            batch_id;
  gboolean          several_files;
  gboolean          keep_valid;
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
  options.keep_valid = job->keep_valid;
  options.allow_reimport = job->allow_reimport;
  options.batch_id = job->batch_id;
  options.several_files = job->several_files;
  options.same_source_only = TRUE;
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
  guint n_ready = wn_import_dialog_count_importable (self);
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
      if (wn_import_file_is_importable (g_ptr_array_index (self->files, i)))
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
      /* The next files join this file's search (a file from another
       * database began a search of its own). */
      self->batch_id = report->batch_id;
      for (guint i = 0; report->rejected != NULL && i < report->rejected->len; i++)
        {
          const WnImportIssue *issue = g_ptr_array_index (report->rejected, i);

          /* Translators: a record left out of an import, "file.ris, line
           * 12: left out: the record has no TY line". */
          g_ptr_array_add (self->warnings, g_strdup_printf (_("%s, line %u: left out: %s"),
                                                            file->name, issue->line, issue->message));
        }
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

  /* Skip the files that cannot be imported (they are accounted for in
   * wn_import_dialog_start_action). */
  while (self->current < self->files->len)
    {
      file = g_ptr_array_index (self->files, self->current);
      if (wn_import_file_is_importable (file))
        break;
      self->current++;
      file = NULL;
    }

  if (file == NULL)
    {
      wn_import_dialog_finish (self);
      return;
    }

  n_ready = wn_import_dialog_count_importable (self);
  for (guint i = 0; i <= self->current; i++)
    {
      if (wn_import_file_is_importable (g_ptr_array_index (self->files, i)))
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
  job->batch_id = self->batch_id;
  job->several_files = n_ready > 1;
  job->keep_valid = file->keep_valid;
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

  if (self->importing)
    return;

  g_free (self->database);
  self->database = wn_provenance_dup_combo_text (self->database_combo);
  g_free (self->platform);
  self->platform = wn_provenance_dup_combo_text (self->platform_combo);
  g_free (self->date_searched);
  self->date_searched = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_entry)));
  if (!wn_provenance_parse_hits (gtk_editable_get_text (GTK_EDITABLE (self->hits_entry)), &self->reported_hits))
    return;

  g_free (self->query);
  self->query = wn_provenance_dup_view_text (self->query_view);

  self->importing = TRUE;
  self->current = 0;
  self->n_imported = 0;
  self->records_imported = 0;
  self->batch_id = 0;
  g_ptr_array_set_size (self->warnings, 0);
  g_ptr_array_set_size (self->failures, 0);

  /* A file with records that cannot be read, imported whole: refused, as
   * its row said; the summary at the end lists it with the first bad line. */
  for (guint i = 0; i < self->files->len; i++)
    {
      WnImportFile *file = g_ptr_array_index (self->files, i);
      const WnImportIssue *first;
      g_autofree char *rejected = NULL;

      if (!wn_import_file_is_refused (file))
        continue;

      first = g_ptr_array_index (file->preview->rejected, 0);
      rejected = dup_count (file->preview->rejected->len);
      /* Translators: the file's name, a new line, then the first record
       * that cannot be read: "Line 5: the record has no TY line (3 records
       * cannot be read; …)". */
      g_ptr_array_add (self->failures,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%s\nLine %u: %s (%s record cannot be read; “Import only the valid records” imports the others)",
                                                     "%s\nLine %u: %s (%s records cannot be read; “Import only the valid records” imports the others)",
                                                     file->preview->rejected->len),
                                        file->name, first->line, first->message, rejected));
    }

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
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, preview_scroller);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, preview_box);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, files_list);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, database_combo);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, platform_combo);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, date_entry);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, query_view);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, hits_entry);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, hits_warning_box);
  gtk_widget_class_bind_template_child (widget_class, WnImportDialog, hits_warning_label);
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
  wn_accessible_name_buttons (GTK_WIDGET (self));

  wn_provenance_fill_databases (self->database_combo);
  wn_provenance_fill_platforms (self->platform_combo);

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
      file->dialog = self;
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
