/* wn-provenance.c — what the UI shares about a search's provenance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-import.h"
#include "wn-provenance.h"

/* The databases the issue names first, then others reviews search often;
 * "Other" last, for a source with no name of its own. Proper names, not
 * translated. */
static const char * const databases[] = {
  "PsycINFO",
  "Embase",
  "CINAHL",
  "Web of Science",
  "PubMed",
  "Google Scholar",
  "MEDLINE",
  "Scopus",
  "Cochrane Library",
  "ERIC",
};

static const char * const platforms[] = {
  "EBSCOhost",
  "Ovid",
  "embase.com",
  "Clarivate",
  "PubMed",
  "ProQuest",
  "Scopus",
  "Wiley",
};

/* GTK 4.8 leaves the entry and the list button inside a combo box with an
 * entry unnamed: a screen reader meets them as a blank text field and a
 * blank button. */
static void
name_combo_parts (GtkComboBoxText *combo,
                  const char      *entry_name,
                  const char      *button_name)
{
  GtkWidget *entry = gtk_combo_box_get_child (GTK_COMBO_BOX (combo));

  if (entry != NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, entry_name, -1);
      for (GtkWidget *w = gtk_widget_get_first_child (entry); w != NULL; w = gtk_widget_get_next_sibling (w))
        if (GTK_IS_TEXT (w))
          gtk_accessible_update_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL, entry_name, -1);
    }
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (combo)); w != NULL; w = gtk_widget_get_next_sibling (w))
    for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
      if (GTK_IS_TOGGLE_BUTTON (c))
        {
          gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_LABEL, button_name, -1);
          gtk_widget_set_tooltip_text (c, button_name);
        }
}

void
wn_provenance_fill_databases (GtkComboBoxText *combo)
{
  g_return_if_fail (GTK_IS_COMBO_BOX_TEXT (combo));

  for (guint i = 0; i < G_N_ELEMENTS (databases); i++)
    gtk_combo_box_text_append_text (combo, databases[i]);
  /* Translators: a database choice, for a source that is none of the others. */
  gtk_combo_box_text_append_text (combo, C_("database", "Other"));
  name_combo_parts (combo, _("Database"), _("Choose a Database"));
}

void
wn_provenance_fill_platforms (GtkComboBoxText *combo)
{
  g_return_if_fail (GTK_IS_COMBO_BOX_TEXT (combo));

  for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
    gtk_combo_box_text_append_text (combo, platforms[i]);
  name_combo_parts (combo, _("Platform"), _("Choose a Platform"));
}

gboolean
wn_provenance_is_blank (const char *text)
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

char *
wn_provenance_dup_combo_text (GtkComboBoxText *combo)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (GTK_IS_COMBO_BOX_TEXT (combo), NULL);

  text = gtk_combo_box_text_get_active_text (combo);
  if (wn_provenance_is_blank (text))
    return NULL;

  return g_strstrip (g_steal_pointer (&text));
}

char *
wn_provenance_dup_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;
  g_autofree char *text = NULL;

  g_return_val_if_fail (GTK_IS_TEXT_VIEW (view), NULL);

  buffer = gtk_text_view_get_buffer (view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (wn_provenance_is_blank (text))
    return NULL;

  return g_strstrip (g_steal_pointer (&text));
}

void
wn_provenance_set_combo_text (GtkComboBoxText *combo,
                              const char      *text)
{
  GtkWidget *entry;

  g_return_if_fail (GTK_IS_COMBO_BOX_TEXT (combo));

  entry = gtk_combo_box_get_child (GTK_COMBO_BOX (combo));
  g_return_if_fail (GTK_IS_EDITABLE (entry));

  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
}

gboolean
wn_provenance_parse_date (const char *text)
{
  guint year;
  guint month;
  guint day;
  char tail;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3)
    return FALSE;

  return year >= 1900 && g_date_valid_dmy (day, month, year);
}

gboolean
wn_provenance_parse_hits (const char *text,
                          gint64     *hits)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GString) digits = g_string_new (NULL);
  guint64 value = 0;

  g_return_val_if_fail (hits != NULL, FALSE);

  *hits = -1;
  if (stripped[0] == '\0')
    return TRUE;

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

const char *
wn_provenance_format_name (const char *format)
{
  WnFormat value;

  if (format == NULL || !wn_format_from_string (format, &value))
    return format;

  switch (value)
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
      return format;
    }
}

gulong
wn_provenance_plural_n (gint64 n)
{
  if (n < 0)
    n = -n;
  if ((guint64) n > G_MAXULONG)
    return (gulong) (n % 1000000 + 1000000);

  return (gulong) n;
}

char *
wn_provenance_dup_hits_warning (gint64 reported_hits,
                                gint64 records)
{
  g_autofree char *hits_text = NULL;
  g_autofree char *records_text = NULL;
  g_autofree char *difference_text = NULL;
  gint64 difference;

  if (reported_hits < 0 || reported_hits == records)
    return NULL;

  /* Numbers are formatted first: xgettext cannot see through
   * G_GINT64_FORMAT inside a translatable string. */
  difference = ABS (reported_hits - records);
  hits_text = g_strdup_printf ("%'" G_GINT64_FORMAT, reported_hits);
  records_text = g_strdup_printf ("%'" G_GINT64_FORMAT, records);
  difference_text = g_strdup_printf ("%'" G_GINT64_FORMAT, difference);

  if (records < reported_hits)
    /* Translators: "The database reported 1,234 hits, but 1,200 records
     * were imported, 34 fewer. …" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The database reported %s hits, but %s record was imported, %s fewer. Check that the export held every record.",
                                         "The database reported %s hits, but %s records were imported, %s fewer. Check that the export held every record.",
                                         wn_provenance_plural_n (records)),
                            hits_text, records_text, difference_text);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The database reported %s hits, but %s record was imported, %s more. Check the hit count, and whether the file holds another search too.",
                                       "The database reported %s hits, but %s records were imported, %s more. Check the hit count, and whether the file holds another search too.",
                                       wn_provenance_plural_n (records)),
                          hits_text, records_text, difference_text);
}
