/* wn-endnote-xml.c — the EndNote XML parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine in wn-xml.c turns each <record> into fields tagged by path;
 * this file says which elements are records and markup, and maps fields to
 * columns by precedence, since producers write the elements in different
 * orders.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "wn-endnote-xml.h"
#include "wn-ris.h"
#include "wn-xml-private.h"

static const char *const record_names[] = { "record", NULL };
static const char *const parent_names[] = { "records", NULL };
static const char *const inline_names[] = { "style", NULL };

enum
{
  SLOT_JOURNAL,
  SLOT_YEAR,
  SLOT_DOI,
  SLOT_SOURCE_ID,
  N_SLOTS
};

/* Lower is better; -1: the path does not feed the slot. */
static int
slot_rank (int         slot,
           const char *tag)
{
  switch (slot)
    {
    case SLOT_JOURNAL:
      if (strcmp (tag, "periodical/full-title") == 0)
        return 0;
      if (strcmp (tag, "titles/secondary-title") == 0)
        return 1;
      if (strcmp (tag, "periodical/abbr-1") == 0)
        return 2;
      if (strcmp (tag, "alt-periodical/full-title") == 0)
        return 3;
      if (strcmp (tag, "titles/alt-title") == 0)
        return 4;
      return -1;
    case SLOT_YEAR:
      if (strcmp (tag, "dates/year") == 0)
        return 0;
      if (strcmp (tag, "dates/pub-dates/date") == 0)
        return 1;
      return -1;
    case SLOT_DOI:
      if (strcmp (tag, "electronic-resource-num") == 0)
        return 0;
      if (g_str_has_prefix (tag, "urls/") && g_str_has_suffix (tag, "/url"))
        return 1;
      return -1;
    case SLOT_SOURCE_ID:
      if (strcmp (tag, "rec-number") == 0)
        return 0;
      if (strcmp (tag, "accession-num") == 0)
        return 1;
      return -1;
    default:
      return -1;
    }
}

static gboolean
all_digits (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  for (; *text; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

static gboolean
contains_nocase (const char *text,
                 const char *word)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);

  return strstr (lower, word) != NULL;
}

/* remote-database-provider as the other importers name platforms. */
static const char *
vendor_name (const char *provider)
{
  if (g_ascii_strcasecmp (provider, "NLM") == 0 || contains_nocase (provider, "pubmed"))
    return "PubMed";
  if (contains_nocase (provider, "ebsco"))
    return "EBSCOhost";
  if (contains_nocase (provider, "ovid"))
    return "Ovid";
  if (contains_nocase (provider, "clarivate") || contains_nocase (provider, "thomson") ||
      g_ascii_strcasecmp (provider, "ISI") == 0)
    return "Clarivate";
  if (contains_nocase (provider, "elsevier") || contains_nocase (provider, "embase"))
    return "embase.com";
  return provider;
}

static void
append_joined (GString    *out,
               const char *value)
{
  if (*value == '\0')
    return;
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append (out, value);
}

static char *
map_endnote (const WnXmlFormat *format,
             WnRecord          *record,
             const WnXmlPaths  *paths,
             WnImportReport    *report)
{
  int rank[N_SLOTS];
  const char *best[N_SLOTS] = { NULL };
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GString) abstract = g_string_new (NULL);
  const char *short_title = NULL;
  const char *type_name = NULL;
  const char *type_number = NULL;
  const char *accession = NULL;
  const char *provider = NULL;
  const char *remote_name = NULL;
  gboolean from_wos = FALSE;

  for (int s = 0; s < N_SLOTS; s++)
    rank[s] = G_MAXINT;

  for (guint i = 0; i < record->fields->len; i++)
    {
      const WnField *field = g_ptr_array_index (record->fields, i);
      const char *tag = _wn_xml_path (paths, i);
      const char *v = field->value;

      if (*v == '\0')
        continue;

      if (strcmp (tag, "contributors/authors/author") == 0)
        wn_record_add_author (record, v);
      else if (strcmp (tag, "titles/title") == 0)
        append_joined (title, v);
      else if (strcmp (tag, "titles/short-title") == 0 && short_title == NULL)
        short_title = v;
      else if (strcmp (tag, "abstract") == 0)
        append_joined (abstract, v);
      else if (strcmp (tag, "keywords/keyword") == 0)
        wn_record_add_keyword (record, v);
      else if (strcmp (tag, "volume") == 0)
        wn_record_set_once (&record->volume, v);
      else if (strcmp (tag, "number") == 0)
        wn_record_set_once (&record->issue, v);
      else if (strcmp (tag, "pages") == 0)
        wn_record_set_once (&record->pages, v);
      else if (strcmp (tag, "language") == 0)
        wn_record_set_once (&record->language, v);
      else if (strcmp (tag, "ref-type/@name") == 0 && type_name == NULL)
        type_name = v;
      else if (strcmp (tag, "ref-type") == 0 && type_number == NULL)
        type_number = v;
      else if (strcmp (tag, "accession-num") == 0 && accession == NULL)
        accession = v;
      else if (strcmp (tag, "remote-database-provider") == 0 && provider == NULL)
        provider = v;
      else if (strcmp (tag, "remote-database-name") == 0 && remote_name == NULL)
        remote_name = v;

      /* Records EndNote took from Web of Science. */
      if ((strcmp (tag, "accession-num") == 0 && (g_str_has_prefix (v, "WOS:") || g_str_has_prefix (v, "ISI:"))) ||
          (g_str_has_prefix (tag, "urls/") && g_str_has_prefix (v, "<Go to ISI>")))
        from_wos = TRUE;

      for (int s = 0; s < N_SLOTS; s++)
        {
          int r = slot_rank (s, tag);

          if (r < 0 || r >= rank[s])
            continue;
          if (s == SLOT_DOI)
            {
              char *doi = wn_doi_normalise (v);

              if (doi == NULL)
                continue;
              g_free (record->doi);
              record->doi = doi;
            }
          else if (s == SLOT_YEAR)
            {
              char *year = wn_ris_year_from_date (v);

              if (year == NULL)
                continue;
              g_free (record->year);
              record->year = year;
            }
          rank[s] = r;
          best[s] = v;
        }
    }

  wn_record_set_once (&record->title, title->len > 0 ? title->str : short_title);
  wn_record_set_once (&record->journal, best[SLOT_JOURNAL]);
  wn_record_set_once (&record->source_id, best[SLOT_SOURCE_ID]);
  if (abstract->len > 0)
    record->abstract = g_strdup (abstract->str);
  wn_record_set_once (&record->type, type_name != NULL ? type_name : type_number);

  /* accession-num is the record's id in the database it came from: a
   * PMID only when that database was PubMed. */
  if (accession != NULL && all_digits (accession) &&
      ((provider != NULL && g_str_equal (vendor_name (provider), "PubMed")) ||
       (remote_name != NULL && (contains_nocase (remote_name, "pubmed") || contains_nocase (remote_name, "medline")))))
    record->pmid = g_strdup (accession);

  if (remote_name != NULL)
    record->database = wn_ris_database_name (remote_name);
  else if (provider != NULL && g_str_equal (vendor_name (provider), "PubMed"))
    record->database = g_strdup ("PubMed");
  else if (from_wos)
    record->database = g_strdup ("Web of Science");

  if (report->vendor == NULL)
    {
      if (provider != NULL)
        report->vendor = g_strdup (vendor_name (provider));
      else if (from_wos)
        report->vendor = g_strdup ("Clarivate");
    }
  if (report->database == NULL && record->database != NULL)
    report->database = g_strdup (record->database);

  if (record->title == NULL && record->authors->len == 0 && record->doi == NULL && record->pmid == NULL)
    return g_strdup (_("the record has no title, no author and no identifier"));
  return NULL;
}

static const WnXmlFormat endnote_format = {
  .format = WN_FORMAT_ENDNOTE_XML,
  .record_names = record_names,
  .parent_names = parent_names,
  .inline_names = inline_names,
  .mathml_inline = FALSE,
  .split_cr = TRUE,
  .keep_blank_text = FALSE,
  .map = map_endnote,
};

gboolean
wn_endnote_xml_parse (WnLineReader    *reader,
                      WnRecordSink     sink,
                      gpointer         user_data,
                      WnImportReport  *report,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (sink != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  return _wn_xml_parse (&endnote_format, reader, sink, user_data, report, cancellable, error);
}
