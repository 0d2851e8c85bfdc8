/* wn-provenance.h — what the UI shares about a search's provenance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The import dialog, the search editor and the searches page offer the same
 * databases and platforms, read dates and hit counts the same way and name
 * formats the same way: one place for each, so they never disagree.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Fills a GtkComboBoxText (with an entry) with the databases and
 * platforms people search most; they can type any other. */
void        wn_provenance_fill_databases  (GtkComboBoxText *combo);
void        wn_provenance_fill_platforms  (GtkComboBoxText *combo);

/* The combo's entry text, stripped; NULL when blank. */
char       *wn_provenance_dup_combo_text  (GtkComboBoxText *combo) G_GNUC_WARN_UNUSED_RESULT;
/* The same for a text view (the search string). */
char       *wn_provenance_dup_view_text   (GtkTextView     *view) G_GNUC_WARN_UNUSED_RESULT;
void        wn_provenance_set_combo_text  (GtkComboBoxText *combo,
                                           const char      *text);

gboolean    wn_provenance_is_blank        (const char      *text);

/* Exactly YYYY-MM-DD, a real day from 1900 on. */
gboolean    wn_provenance_parse_date      (const char      *text);

/* Digits, with the "," "." or " " people copy from result pages as
 * thousands separators; *hits is -1 for an empty text. FALSE for anything
 * else. */
gboolean    wn_provenance_parse_hits      (const char      *text,
                                           gint64          *hits);

/* "RIS", "PubMed XML", … for a format as the project stores it ("ris",
 * "pubmed-xml", …); the text itself when it is not one Winnow knows. */
const char *wn_provenance_format_name     (const char      *format);

/* "The database reported 1,234 hits, but 1,200 records were imported:
 * 34 fewer." — NULL when the counts agree or no hit count was given. */
char       *wn_provenance_dup_hits_warning (gint64          reported_hits,
                                            gint64          records) G_GNUC_WARN_UNUSED_RESULT;

/* A count for choosing a plural form, which gettext takes as an unsigned
 * long: the number itself where it fits, else one with the same last six
 * digits, which is what plural rules look at. */
gulong      wn_provenance_plural_n        (gint64           n);

G_END_DECLS
