/* wn-record-detail.c — the detail pane: one record, in full
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A passive view: the window loads the record in a thread
 * (wn_project_get_record) and hands it here. Empty fields hide their rows,
 * so a sparse record reads as cleanly as a full one.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-record-detail.h"

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

  gint64     record_id;
  char      *title;
};

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

  gtk_widget_dispose_template (GTK_WIDGET (self), WN_TYPE_RECORD_DETAIL);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (wn_record_detail_parent_class)->dispose (object);
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

  gtk_widget_class_set_css_name (widget_class, "wnrecorddetail");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
wn_record_detail_init (WnRecordDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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
}

void
wn_record_detail_clear (WnRecordDetail *self)
{
  g_return_if_fail (WN_IS_RECORD_DETAIL (self));

  self->record_id = 0;
  g_clear_pointer (&self->title, g_free);
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
