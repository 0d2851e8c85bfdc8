/* wn-pubmed-xml.c — the PubMed XML parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine in wn-xml.c turns each record into fields tagged by path; this
 * file only says which elements are records and markup, and maps fields to
 * columns. Fields are matched by their whole path, never by name alone: a
 * PubMed record repeats PMID and ArticleId for every record it cites.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "wn-pubmed-xml.h"
#include "wn-ris.h"
#include "wn-xml-private.h"

#define MC "MedlineCitation/"
#define MCA "MedlineCitation/Article/"
#define BD "BookDocument/"

static const char *const record_names[] = { "PubmedArticle", "PubmedBookArticle", NULL };
static const char *const parent_names[] = { "PubmedArticleSet", "PubmedBookArticleSet", NULL };
/* NLM's DTD allows these in titles and abstracts since 2019; MathML is
 * handled by the engine. */
static const char *const inline_names[] = { "i", "b", "u", "sup", "sub", NULL };

typedef struct
{
  const char *last;
  const char *fore;
  const char *initials;
  const char *suffix;
  const char *collective;
  gboolean    editor;
} Author;

typedef struct
{
  WnRecord   *record;

  /* The attributes of the element whose text comes next. */
  const char *id_type;
  const char *label;
  gboolean    major;

  /* The AuthorList the next authors belong to. */
  const char *list_path;     /* its path, without the "/@..." */
  gsize       list_path_len;
  gboolean    list_editors;
  gboolean    list_has_authors;
  Author      author;

  GString    *abstract;
  GString    *mesh;
  GString    *name;
  GPtrArray  *keywords;      /* KeywordList keywords, after MeSH */

  const char *pmid;
  const char *pmid_id;       /* ArticleId IdType="pubmed" */
  const char *article_title;
  const char *vernacular_title;
  const char *chapter_title;
  const char *book_title;
  const char *journal_title;
  const char *iso_abbreviation;
  const char *medline_ta;
  const char *pub_year;
  const char *medline_date;
  const char *book_year;
  const char *article_date_year;
  const char *volume;
  const char *issue;
  const char *medline_pgn;
  const char *start_page;
  const char *end_page;
  const char *language;
  const char *publication_type;
  char       *doi;
  int         doi_rank;
} Mapping;

static inline void
take_once (const char **slot,
           const char  *value)
{
  if (*slot == NULL && value != NULL && *value != '\0')
    *slot = value;
}

/* Field values come with their white space already normalised, so names
 * and keywords put together from them go into the record as they are. */
static void
flush_author (Mapping *map)
{
  Author *author = &map->author;
  GString *name = map->name;

  g_string_truncate (name, 0);
  if (author->collective != NULL)
    g_string_append (name, author->collective);
  else if (author->last != NULL)
    {
      const char *first = author->fore != NULL ? author->fore : author->initials;

      g_string_append (name, author->last);
      if (first != NULL || author->suffix != NULL)
        g_string_append_c (name, ',');
      if (first != NULL)
        {
          g_string_append_c (name, ' ');
          g_string_append (name, first);
        }
      if (author->suffix != NULL)
        {
          g_string_append_c (name, ' ');
          g_string_append (name, author->suffix);
        }
    }

  if (name->len > 0 && !author->editor)
    g_ptr_array_add (map->record->authors, g_strndup (name->str, name->len));
  memset (author, 0, sizeof *author);
}

static void
flush_mesh (Mapping *map)
{
  if (map->mesh->len > 0)
    g_ptr_array_add (map->record->keywords, g_strndup (map->mesh->str, map->mesh->len));
  g_string_truncate (map->mesh, 0);
}

static void
offer_doi (Mapping    *map,
           const char *value,
           int         rank)
{
  char *doi;

  if (rank >= map->doi_rank)
    return;
  doi = wn_doi_normalise (value);
  if (doi == NULL)
    return;
  g_free (map->doi);
  map->doi = doi;
  map->doi_rank = rank;
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
is_author_path (const char *tag,
                const char *part)
{
  static const char *const lists[] = {
    MCA "AuthorList/Author/",
    BD "AuthorList/Author/",
    BD "Book/AuthorList/Author/",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      gsize n = strlen (lists[i]);

      if (strncmp (tag, lists[i], n) == 0 && strcmp (tag + n, part) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Whether an author at tag belongs to the AuthorList last seen, and that
 * list is of editors. */
static gboolean
in_editor_list (Mapping    *map,
                const char *tag)
{
  if (map->list_path == NULL || strncmp (tag, map->list_path, map->list_path_len) != 0)
    return FALSE;
  map->list_has_authors = TRUE;
  return map->list_editors;
}

/* An attribute field: remember what the next element's text needs. */
static void
map_attribute (Mapping       *map,
               const WnField *field,
               const char    *path,
               const char    *name)
{
  const char *v = field->value;

  switch (name[0])
    {
    case 'I':
      if (strcmp (name, "IdType") == 0)
        map->id_type = v;
      break;
    case 'E':
      if (strcmp (name, "EIdType") == 0)
        map->id_type = v;
      break;
    case 'L':
      if (strcmp (name, "Label") == 0)
        map->label = v;
      break;
    case 'M':
      if (strcmp (name, "MajorTopicYN") == 0)
        map->major = strcmp (v, "Y") == 0;
      break;
    case 'T':
    case 'C':
      /* An AuthorList shows where it starts only by its attributes
       * (Type, CompleteYN), and its Type says whether it lists editors.
       * An attribute at another path, or after authors, starts a list. */
      if (strcmp (name, "Type") == 0 || strcmp (name, "CompleteYN") == 0)
        {
          const char *at = strstr (path, "/@");
          gsize len = at - path;
          gsize list_len = strlen ("AuthorList");

          if (len >= list_len && strncmp (at - list_len, "AuthorList", list_len) == 0)
            {
              if (map->list_path == NULL || map->list_path_len != len || map->list_has_authors ||
                  strncmp (map->list_path, path, len) != 0)
                {
                  map->list_editors = FALSE;
                  map->list_has_authors = FALSE;
                }
              map->list_path = path;
              map->list_path_len = len;
              if (name[0] == 'T')
                map->list_editors = strcmp (v, "editors") == 0;
            }
        }
      break;
    default:
      break;
    }
}

static void
map_element (Mapping       *map,
             const WnField *field,
             const char    *tag,
             const char    *name)
{
  const char *v = field->value;

  switch (name[0])
    {
    case 'A':
      if (strcmp (name, "ArticleTitle") == 0)
        {
          if (strcmp (tag, MCA "ArticleTitle") == 0)
            take_once (&map->article_title, v);
          else if (strcmp (tag, BD "ArticleTitle") == 0)
            take_once (&map->chapter_title, v);
        }
      else if (strcmp (name, "ArticleId") == 0)
        {
          if (strcmp (tag, "PubmedData/ArticleIdList/ArticleId") == 0 ||
              strcmp (tag, "PubmedBookData/ArticleIdList/ArticleId") == 0 ||
              strcmp (tag, BD "ArticleIdList/ArticleId") == 0)
            {
              if (g_strcmp0 (map->id_type, "doi") == 0)
                offer_doi (map, v, 1);
              else if (g_strcmp0 (map->id_type, "pubmed") == 0 && all_digits (v))
                take_once (&map->pmid_id, v);
            }
        }
      else if (strcmp (name, "AbstractText") == 0)
        {
          if (*v != '\0' && (strcmp (tag, MCA "Abstract/AbstractText") == 0 ||
                             strcmp (tag, BD "Abstract/AbstractText") == 0))
            {
              if (map->abstract->len > 0)
                g_string_append_c (map->abstract, ' ');
              if (map->label != NULL && *map->label != '\0' && strcmp (map->label, "UNLABELLED") != 0)
                g_string_append_printf (map->abstract, "%s: ", map->label);
              g_string_append (map->abstract, v);
            }
        }
      break;

    case 'B':
      if (strcmp (tag, BD "Book/BookTitle") == 0)
        take_once (&map->book_title, v);
      break;

    case 'C':
      if (strcmp (name, "CollectiveName") == 0 && is_author_path (tag, "CollectiveName"))
        {
          flush_author (map);
          map->author.collective = v;
          map->author.editor = in_editor_list (map, tag);
        }
      break;

    case 'D':
      if (strcmp (tag, MC "MeshHeadingList/MeshHeading/DescriptorName") == 0)
        {
          flush_mesh (map);
          if (map->major)
            g_string_append_c (map->mesh, '*');
          g_string_append (map->mesh, v);
        }
      break;

    case 'E':
      if (strcmp (name, "ELocationID") == 0 && g_strcmp0 (map->id_type, "doi") == 0 &&
          (strcmp (tag, MCA "ELocationID") == 0 || strcmp (tag, BD "ELocationID") == 0 ||
           strcmp (tag, BD "Book/ELocationID") == 0))
        offer_doi (map, v, 0);
      else if (strcmp (tag, MCA "Pagination/EndPage") == 0 || strcmp (tag, BD "Pagination/EndPage") == 0)
        take_once (&map->end_page, v);
      break;

    case 'F':
      if (strcmp (name, "ForeName") == 0 && is_author_path (tag, "ForeName"))
        map->author.fore = v;
      break;

    case 'I':
      if (strcmp (tag, MCA "Journal/JournalIssue/Issue") == 0)
        take_once (&map->issue, v);
      else if (strcmp (tag, MCA "Journal/ISOAbbreviation") == 0)
        take_once (&map->iso_abbreviation, v);
      else if (strcmp (name, "Initials") == 0 && is_author_path (tag, "Initials"))
        map->author.initials = v;
      break;

    case 'K':
      if (*v != '\0' && (strcmp (tag, MC "KeywordList/Keyword") == 0 || strcmp (tag, BD "KeywordList/Keyword") == 0))
        g_ptr_array_add (map->keywords, (gpointer) v);
      break;

    case 'L':
      if (strcmp (name, "LastName") == 0 && is_author_path (tag, "LastName"))
        {
          flush_author (map);
          map->author.last = v;
          map->author.editor = in_editor_list (map, tag);
        }
      else if (strcmp (tag, MCA "Language") == 0 || strcmp (tag, BD "Language") == 0)
        take_once (&map->language, v);
      break;

    case 'M':
      if (strcmp (tag, MCA "Pagination/MedlinePgn") == 0 || strcmp (tag, BD "Pagination/MedlinePgn") == 0)
        take_once (&map->medline_pgn, v);
      else if (strcmp (tag, MCA "Journal/JournalIssue/PubDate/MedlineDate") == 0 ||
               strcmp (tag, BD "Book/PubDate/MedlineDate") == 0)
        take_once (&map->medline_date, v);
      else if (strcmp (tag, MC "MedlineJournalInfo/MedlineTA") == 0)
        take_once (&map->medline_ta, v);
      break;

    case 'P':
      if (strcmp (tag, MC "PMID") == 0 || strcmp (tag, BD "PMID") == 0)
        take_once (&map->pmid, v);
      else if (strcmp (tag, MCA "PublicationTypeList/PublicationType") == 0 ||
               strcmp (tag, BD "PublicationType") == 0)
        take_once (&map->publication_type, v);
      break;

    case 'Q':
      if (strcmp (tag, MC "MeshHeadingList/MeshHeading/QualifierName") == 0 && map->mesh->len > 0)
        {
          g_string_append_c (map->mesh, '/');
          if (map->major)
            g_string_append_c (map->mesh, '*');
          g_string_append (map->mesh, v);
        }
      break;

    case 'S':
      if (strcmp (name, "Suffix") == 0 && is_author_path (tag, "Suffix"))
        map->author.suffix = v;
      else if (strcmp (tag, MCA "Pagination/StartPage") == 0 || strcmp (tag, BD "Pagination/StartPage") == 0)
        take_once (&map->start_page, v);
      break;

    case 'T':
      if (strcmp (tag, MCA "Journal/Title") == 0)
        take_once (&map->journal_title, v);
      break;

    case 'V':
      if (strcmp (tag, MCA "Journal/JournalIssue/Volume") == 0 || strcmp (tag, BD "Book/Volume") == 0)
        take_once (&map->volume, v);
      else if (strcmp (tag, MCA "VernacularTitle") == 0 || strcmp (tag, BD "VernacularTitle") == 0)
        take_once (&map->vernacular_title, v);
      break;

    case 'Y':
      if (strcmp (tag, MCA "Journal/JournalIssue/PubDate/Year") == 0)
        take_once (&map->pub_year, v);
      else if (strcmp (tag, BD "Book/PubDate/Year") == 0)
        take_once (&map->book_year, v);
      else if (strcmp (tag, MCA "ArticleDate/Year") == 0)
        take_once (&map->article_date_year, v);
      break;

    default:
      break;
    }

  /* The attributes seen so far belonged to this element (or to a
   * container before it). */
  map->id_type = NULL;
  map->label = NULL;
  map->major = FALSE;
}

static void
set_year (WnRecord   *record,
          const char *const *candidates,
          gsize       n)
{
  for (gsize i = 0; i < n && record->year == NULL; i++)
    record->year = wn_ris_year_from_date (candidates[i]);
}

static char *
map_pubmed (const WnXmlFormat *format,
            WnRecord          *record,
            const WnXmlPaths  *paths,
            WnImportReport    *report)
{
  Mapping map = { 0 };
  const char *years[4];
  const char *title;

  map.record = record;
  map.doi_rank = G_MAXINT;
  map.abstract = g_string_new (NULL);
  map.mesh = g_string_new (NULL);
  map.name = g_string_new (NULL);
  map.keywords = g_ptr_array_new ();

  for (guint i = 0; i < record->fields->len; i++)
    {
      const WnField *field = g_ptr_array_index (record->fields, i);
      const char *path = _wn_xml_path (paths, i);
      const char *name = _wn_xml_path_name (path);

      if (name > path && name[-1] == '@')
        map_attribute (&map, field, path, name);
      else
        map_element (&map, field, path, name);
    }
  flush_author (&map);
  flush_mesh (&map);

  for (guint i = 0; i < map.keywords->len; i++)
    g_ptr_array_add (record->keywords, g_strdup (g_ptr_array_index (map.keywords, i)));

  title = map.article_title != NULL ? map.article_title : map.vernacular_title;
  if (title == NULL)
    title = map.chapter_title != NULL ? map.chapter_title : map.book_title;
  wn_record_set_once (&record->title, title);

  if (map.chapter_title != NULL)
    wn_record_set_once (&record->journal, map.book_title);
  wn_record_set_once (&record->journal, map.journal_title);
  wn_record_set_once (&record->journal, map.iso_abbreviation);
  wn_record_set_once (&record->journal, map.medline_ta);

  years[0] = map.pub_year;
  years[1] = map.medline_date;
  years[2] = map.book_year;
  years[3] = map.article_date_year;
  set_year (record, years, G_N_ELEMENTS (years));

  if (map.pmid != NULL && all_digits (map.pmid))
    record->pmid = g_strdup (map.pmid);
  else if (map.pmid_id != NULL)
    record->pmid = g_strdup (map.pmid_id);
  wn_record_set_once (&record->source_id, map.pmid != NULL ? map.pmid : map.pmid_id);

  record->doi = g_steal_pointer (&map.doi);
  wn_record_set_once (&record->volume, map.volume);
  wn_record_set_once (&record->issue, map.issue);
  if (map.medline_pgn != NULL)
    wn_record_set_once (&record->pages, map.medline_pgn);
  else if (map.start_page != NULL && map.end_page != NULL && strcmp (map.start_page, map.end_page) != 0)
    record->pages = g_strdup_printf ("%s-%s", map.start_page, map.end_page);
  else
    wn_record_set_once (&record->pages, map.start_page);
  if (map.abstract->len > 0)
    record->abstract = g_strdup (map.abstract->str);
  wn_record_set_once (&record->language, map.language);
  wn_record_set_once (&record->type, map.publication_type);
  wn_record_set_once (&record->type, map.chapter_title != NULL || map.book_title != NULL ? "Book" : "Journal Article");
  record->database = g_strdup ("PubMed");

  g_string_free (map.abstract, TRUE);
  g_string_free (map.mesh, TRUE);
  g_string_free (map.name, TRUE);
  g_ptr_array_unref (map.keywords);

  if (report->vendor == NULL)
    report->vendor = g_strdup ("PubMed");
  if (report->database == NULL)
    report->database = g_strdup ("PubMed");

  if (record->pmid == NULL && record->title == NULL)
    return g_strdup (_("the record has neither a PMID nor a title"));
  return NULL;
}

static const WnXmlFormat pubmed_format = {
  .format = WN_FORMAT_PUBMED_XML,
  .record_names = record_names,
  .parent_names = parent_names,
  .inline_names = inline_names,
  .mathml_inline = TRUE,
  .split_cr = FALSE,
  .keep_blank_text = TRUE,
  .map = map_pubmed,
};

gboolean
wn_pubmed_xml_parse (WnLineReader    *reader,
                     WnRecordSink     sink,
                     gpointer         user_data,
                     WnImportReport  *report,
                     GCancellable    *cancellable,
                     GError         **error)
{
  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (sink != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  return _wn_xml_parse (&pubmed_format, reader, sink, user_data, report, cancellable, error);
}
