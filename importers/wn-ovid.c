/* wn-ovid.c — the Ovid tagged parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Records are collected by the shared builder and mapped when complete, as
 * in the other tagged parsers. The format is described in wn-ovid.h.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "wn-ovid.h"
#include "wn-ris.h"
#include "wn-tagged-private.h"

typedef enum
{
  LAYOUT_UNKNOWN,
  LAYOUT_TAGGED,
  LAYOUT_LONG,
} Layout;

typedef struct
{
  WnTaggedBuilder  builder;
  Layout           layout;         /* of the record being read */
  gboolean         last_is_list;   /* continuations of the last field are new values */
  gboolean         after_blank;    /* blank lines since the record's last line */
  gboolean         has_vn;         /* the record has its VN line */
  char            *header_database;
} OvidParser;

/* Ovid's long field names (its "Fields" display and "Complete Reference"
 * exports) for the fields Winnow maps, matched case-insensitively. */
static const struct
{
  const char *name;
  guint32     code;
} long_names[] = {
  { "Unique Identifier", WN_TAG2 ('U', 'I') },
  { "Accession Number", WN_TAG2 ('A', 'N') },
  { "Database", WN_TAG2 ('D', 'B') },
  { "Title", WN_TAG2 ('T', 'I') },
  { "Author", WN_TAG2 ('A', 'U') },
  { "Authors", WN_TAG2 ('A', 'U') },
  { "Author Name", WN_TAG2 ('A', 'U') },
  { "Full Author Name", WN_TAG2 ('F', 'A') },
  { "Author Full Name", WN_TAG2 ('F', 'A') },
  { "Institution", WN_TAG2 ('I', 'N') },
  { "Source", WN_TAG2 ('S', 'O') },
  { "Journal Name", WN_TAG2 ('J', 'N') },
  { "Journal Title", WN_TAG2 ('J', 'N') },
  { "Volume", WN_TAG2 ('V', 'O') },
  { "Issue", WN_TAG2 ('I', 'P') },
  { "Issue/Part", WN_TAG2 ('I', 'P') },
  { "Page", WN_TAG2 ('P', 'G') },
  { "Pages", WN_TAG2 ('P', 'G') },
  { "Pagination", WN_TAG2 ('P', 'G') },
  { "Year of Publication", WN_TAG2 ('Y', 'R') },
  { "Publication Year", WN_TAG2 ('Y', 'R') },
  { "Date of Publication", WN_TAG2 ('D', 'P') },
  { "Publication Date", WN_TAG2 ('D', 'P') },
  { "Abstract", WN_TAG2 ('A', 'B') },
  { "Digital Object Identifier", WN_TAG2 ('D', 'O') },
  { "DOI Number", WN_TAG2 ('D', 'O') },
  { "DOI", WN_TAG2 ('D', 'O') },
  { "PubMed Identifier", WN_TAG2 ('P', 'M') },
  { "PMID", WN_TAG2 ('P', 'M') },
  { "Language", WN_TAG2 ('L', 'G') },
  { "Publication Type", WN_TAG2 ('P', 'T') },
  { "Document Type", WN_TAG2 ('D', 'T') },
  { "MeSH Subject Headings", WN_TAG2 ('M', 'H') },
  { "Subject Headings", WN_TAG2 ('M', 'H') },
  { "Keyword Heading", WN_TAG2 ('K', 'W') },
  { "Keywords", WN_TAG2 ('K', 'W') },
  { "Author Keywords", WN_TAG2 ('K', 'W') },
  { "References", WN_TAG2 ('R', 'F') },
  { "Tests and Measures", WN_TAG2 ('T', 'M') },
};

/* The two-letter meaning of a field, whatever the layout it came in. */
static guint32
field_code (const char *tag)
{
  gsize n = 0;

  /* Long names first: "DOI" and "PMID" look like tags. */
  if (tag[0] != '\0' && tag[1] != '\0' && tag[2] != '\0')
    for (gsize i = 0; i < G_N_ELEMENTS (long_names); i++)
      if (g_ascii_strcasecmp (tag, long_names[i].name) == 0)
        return long_names[i].code;

  while (tag[n] != '\0' && n <= 4 &&
         (n == 0 ? _wn_tagged_is_tag_start (tag[n]) : _wn_tagged_is_tag_char (tag[n])))
    n++;
  if (tag[n] == '\0' && n >= 2 && n <= 4)
    return _wn_tag_code (tag);
  return 0;
}

gboolean
wn_ovid_is_marker (const char *line,
                   gsize       len)
{
  gsize i = 0;

  while (i < len && i < 8 && line[i] == ' ')
    i++;
  if (i >= len || line[i] != '<')
    return FALSE;
  i++;
  if (i >= len || !g_ascii_isdigit (line[i]))
    return FALSE;
  while (i < len && g_ascii_isdigit (line[i]))
    i++;
  if (i + 3 <= len && memcmp (line + i, ". >", 3) == 0)
    i += 3;
  else if (i < len && line[i] == '>')
    i++;
  else
    return FALSE;
  while (i < len && (line[i] == ' ' || line[i] == '\t'))
    i++;
  return i == len;
}

/* "VN  - Ovid Technologies": a tag, one or two spaces, a hyphen, then a
 * space or the end of the line. */
static gboolean
parse_tag_line (const char  *line,
                gsize        len,
                char         tag[5],
                const char **value,
                gsize       *value_len)
{
  gsize n;
  gsize i;
  gsize spaces = 0;
  const char *v;
  gsize v_len;

  if (len < 4 || !_wn_tagged_is_tag_start (line[0]) || !_wn_tagged_is_tag_char (line[1]))
    return FALSE;
  n = 2;
  while (n < 4 && n < len && _wn_tagged_is_tag_char (line[n]))
    n++;
  for (i = n; i < len && line[i] == ' '; i++)
    spaces++;
  if (i >= len || line[i] != '-' || spaces < 1 || spaces > 2)
    return FALSE;
  i++;
  if (i < len && line[i] != ' ' && line[i] != '\t')
    return FALSE;

  memcpy (tag, line, n);
  tag[n] = '\0';
  v = line + i;
  v_len = len - i;
  _wn_tagged_strip (&v, &v_len);
  *value = v;
  *value_len = v_len;
  return TRUE;
}

static gboolean
is_list_code (guint32 code)
{
  switch (code)
    {
    case WN_TAG2 ('I', 'N'):
    case WN_TAG2 ('R', 'F'):
    case WN_TAG2 ('T', 'M'):
    case WN_TAG2 ('T', 'D'):
      return TRUE;
    default:
      return FALSE;
    }
}

/* Source strings */

typedef struct
{
  GRegex *journal;
  GRegex *journal_any;
  GRegex *vol_issue;
  GRegex *number_issue;
  GRegex *number;
  GRegex *pp;
  GRegex *colon_pages;
  GRegex *year;
} SourceRegexes;

static const SourceRegexes *
source_regexes (void)
{
  static SourceRegexes regexes;
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      /* The journal is everything before the first ". " that the volume,
       * a conference, a supplement or a bracket follows; else before the
       * first ". ". */
      regexes.journal = g_regex_new ("^(.+?)\\.\\s+(?=Vol\\b|Vol\\.|\\d|Conference:|Suppl|No\\.|\\()",
                                     G_REGEX_OPTIMIZE, 0, NULL);
      regexes.journal_any = g_regex_new ("^(.+?)\\.(?:\\s|$)", G_REGEX_OPTIMIZE, 0, NULL);
      /* "Vol.43(5)", "Vol 12" */
      regexes.vol_issue = g_regex_new ("\\bVol\\.?\\s*([0-9A-Za-z-]+)(?:\\s*\\(([^)]*)\\))?",
                                       G_REGEX_OPTIMIZE, 0, NULL);
      /* "30(15):", "12 (Supplement 3)", but not "245 (pp 1-10)" */
      regexes.number_issue = g_regex_new ("(?:^|\\s)(\\d+[A-Za-z]?)\\s*\\((?!pp\\b|no pagination)([^)]+)\\)",
                                          G_REGEX_OPTIMIZE | G_REGEX_CASELESS, 0, NULL);
      /* "245 (pp 1-10)", "5:67" */
      regexes.number = g_regex_new ("(?:^|\\s)(\\d+)\\s*(?::|\\(pp|,)", G_REGEX_OPTIMIZE, 0, NULL);
      /* "pp. 623-634", "(pp 1-10)"; a page has a digit ("No Pagination
       * Specified" has none). */
      regexes.pp = g_regex_new ("\\bpp\\.?\\s*([A-Za-z]?\\d[0-9A-Za-z]*(?:\\s*-\\s*[A-Za-z]?\\d[0-9A-Za-z]*)?)",
                                G_REGEX_OPTIMIZE, 0, NULL);
      /* "(15):1234-40", "5:67"; the colon right after a number or a
       * bracket, so that "Conference: 2nd ..." is no page. */
      regexes.colon_pages = g_regex_new ("(?<=[)\\d])\\s*:\\s*([A-Za-z]?\\d[0-9A-Za-z]*(?:-[A-Za-z]?\\d[0-9A-Za-z]*)?)",
                                         G_REGEX_OPTIMIZE, 0, NULL);
      regexes.year = g_regex_new ("(?<!\\d)(1[5-9]\\d\\d|20\\d\\d)(?!\\d)", G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&done, 1);
    }
  return &regexes;
}

static char *
match_group (GRegex     *regex,
             const char *text,
             int         group,
             int        *end_pos)
{
  g_autoptr(GMatchInfo) info = NULL;
  char *value;

  if (!g_regex_match (regex, text, 0, &info))
    return NULL;
  value = g_match_info_fetch (info, group);
  if (end_pos != NULL)
    g_match_info_fetch_pos (info, 0, NULL, end_pos);
  if (value != NULL && *g_strstrip (value) == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

void
wn_ovid_source_clear (WnOvidSource *source)
{
  g_clear_pointer (&source->journal, g_free);
  g_clear_pointer (&source->volume, g_free);
  g_clear_pointer (&source->issue, g_free);
  g_clear_pointer (&source->pages, g_free);
  g_clear_pointer (&source->year, g_free);
}

void
wn_ovid_parse_source (const char   *source,
                      WnOvidSource *out)
{
  const SourceRegexes *re = source_regexes ();
  const char *rest = source;
  int end = 0;
  g_autoptr(GMatchInfo) info = NULL;

  memset (out, 0, sizeof *out);
  if (source == NULL || *source == '\0')
    return;

  out->journal = match_group (re->journal, source, 1, &end);
  if (out->journal == NULL)
    out->journal = match_group (re->journal_any, source, 1, &end);
  if (out->journal != NULL)
    rest = source + end;

  if (!g_regex_match (re->vol_issue, rest, 0, &info))
    {
      g_clear_pointer (&info, g_match_info_unref);
      g_regex_match (re->number_issue, rest, 0, &info);
    }
  if (g_match_info_matches (info))
    {
      out->volume = g_match_info_fetch (info, 1);
      out->issue = g_match_info_fetch (info, 2);
    }
  else
    out->volume = match_group (re->number, rest, 1, NULL);
  if (out->issue != NULL && *g_strstrip (out->issue) == '\0')
    g_clear_pointer (&out->issue, g_free);

  out->pages = match_group (re->pp, rest, 1, NULL);
  if (out->pages == NULL)
    out->pages = match_group (re->colon_pages, rest, 1, NULL);
  out->year = match_group (re->year, rest, 1, NULL);
}

/* The column mapping */

/* Ovid appends what a record is to its title: "... depression.
 * [References].", "... [Article]". Only these annotations are dropped, and
 * only after other text: a title that is all brackets is MEDLINE's
 * translation of a foreign title. */
static char *
clean_title (const char *value)
{
  static const char *const notes[] = { "[References]", "[Article]", "[Review]", "[Editorial]", "[Report]" };
  g_autofree char *title = g_strstrip (g_strdup (value));
  gsize len = strlen (title);

  if (len > 0 && title[len - 1] == '.' && len > 1 && title[len - 2] == ']')
    title[--len] = '\0';
  for (gsize i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      gsize n = strlen (notes[i]);

      if (len > n && strcmp (title + len - n, notes[i]) == 0)
        {
          title[len - n] = '\0';
          g_strchomp (title);
          break;
        }
    }
  return *title != '\0' ? g_steal_pointer (&title) : g_strstrip (g_strdup (value));
}

/* "Walsdorf, Neill B. [Inventor, Reprint Author]", "Kohler, Lars 1": the
 * name without roles and affiliation numbers. */
static void
add_author (WnRecord   *record,
            const char *value)
{
  g_autoptr(GString) bare = g_string_sized_new (strlen (value));
  g_auto(GStrv) names = NULL;
  int depth = 0;

  /* Roles first, as they may hold semicolons of their own ("[Author,
   * Reprint Author; E-mail: ...]"); then one name per ";". */
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '[')
        depth++;
      else if (*p == ']' && depth > 0)
        depth--;
      else if (depth == 0)
        g_string_append_c (bare, *p);
    }
  names = g_strsplit (bare->str, ";", -1);

  for (guint i = 0; names[i] != NULL; i++)
    {
      char *name = names[i];
      gsize len;

      len = strlen (name);
      while (len > 0 && (g_ascii_isdigit (name[len - 1]) || strchr (" \t*+,", name[len - 1]) != NULL))
        name[--len] = '\0';
      g_strstrip (name);
      if (*name != '\0')
        _wn_tagged_add_person (record, name);
    }
}

/* "Peer Reviewed Journal: 2015-33942-012." → "2015-33942-012" */
static char *
clean_accession (const char *value)
{
  const char *colon = strstr (value, ": ");
  g_autofree char *id = g_strstrip (g_strdup (colon != NULL ? colon + 2 : value));
  gsize len = strlen (id);

  if (len > 1 && id[len - 1] == '.')
    id[len - 1] = '\0';
  return g_steal_pointer (&id);
}

static void
drop_full_stop (char *text)
{
  gsize len = text != NULL ? strlen (text) : 0;

  if (len > 1 && text[len - 1] == '.')
    text[len - 1] = '\0';
}

static gboolean
has_digit (const char *text)
{
  for (; *text != '\0'; text++)
    if (g_ascii_isdigit (*text))
      return TRUE;
  return FALSE;
}

static gboolean
map_record (WnRecord *record,
            gpointer  user_data)
{
  OvidParser *parser = user_data;
  WnImportReport *report = parser->builder.report;
  const char *title = NULL;
  const char *journal[3] = { NULL, NULL, NULL }; /* JN, JT, JA */
  const char *source = NULL;
  const char *years[3] = { NULL, NULL, NULL };   /* YR, DP, PY */
  const char *dois[2] = { NULL, NULL };          /* DO, DI */
  const char *unique_id = NULL;
  const char *accession = NULL;
  const char *database = NULL;
  const char *doc_type = NULL;
  const char *volume_vi = NULL;
  const char *language_la = NULL;
  gboolean has_full_names = FALSE;
  gboolean has_mh = FALSE;

  if (record->fields->len == 0)
    {
      wn_import_report_reject (report, record->line_start, _("the record has no fields"));
      return FALSE;
    }

  for (guint i = 0; i < record->fields->len; i++)
    {
      WnField *field = g_ptr_array_index (record->fields, i);
      guint32 code = field_code (field->tag);

      has_full_names = has_full_names || (code == WN_TAG2 ('F', 'A') && *field->value != '\0');
      has_mh = has_mh || (code == WN_TAG2 ('M', 'H') && *field->value != '\0');
    }

  for (guint i = 0; i < record->fields->len; i++)
    {
      WnField *field = g_ptr_array_index (record->fields, i);
      const char *v = field->value;

      if (*v == '\0')
        continue;

      switch (field_code (field->tag))
        {
        case WN_TAG2 ('U', 'I'):
          if (unique_id == NULL)
            unique_id = v;
          break;
        case WN_TAG2 ('A', 'N'):
          if (accession == NULL)
            accession = v;
          break;
        case WN_TAG2 ('D', 'B'):
          if (database == NULL)
            database = v;
          break;
        case WN_TAG2 ('T', 'I'):
          if (title == NULL)
            title = v;
          break;
        case WN_TAG2 ('F', 'A'):
          add_author (record, v);
          break;
        case WN_TAG2 ('A', 'U'):
          if (!has_full_names)
            add_author (record, v);
          break;
        case WN_TAG2 ('J', 'N'):
          journal[0] = journal[0] != NULL ? journal[0] : v;
          break;
        case WN_TAG2 ('J', 'T'):
          journal[1] = journal[1] != NULL ? journal[1] : v;
          break;
        case WN_TAG2 ('J', 'A'):
          journal[2] = journal[2] != NULL ? journal[2] : v;
          break;
        case WN_TAG2 ('S', 'O'):
          if (source == NULL)
            source = v;
          break;
        case WN_TAG2 ('V', 'O'):
          wn_record_set_once (&record->volume, v);
          break;
        case WN_TAG2 ('V', 'I'):
          if (volume_vi == NULL)
            volume_vi = v;
          break;
        case WN_TAG2 ('I', 'P'):
          wn_record_set_once (&record->issue, v);
          break;
        case WN_TAG2 ('P', 'G'):
          /* PsycINFO writes "No Pagination Specified". */
          if (has_digit (v))
            wn_record_set_once (&record->pages, v);
          break;
        case WN_TAG2 ('Y', 'R'):
          years[0] = years[0] != NULL ? years[0] : v;
          break;
        case WN_TAG2 ('D', 'P'):
          years[1] = years[1] != NULL ? years[1] : v;
          break;
        case WN_TAG2 ('P', 'Y'):
          years[2] = years[2] != NULL ? years[2] : v;
          break;
        case WN_TAG2 ('D', 'O'):
          dois[0] = dois[0] != NULL ? dois[0] : v;
          break;
        case WN_TAG2 ('D', 'I'):
          dois[1] = dois[1] != NULL ? dois[1] : v;
          break;
        case WN_TAG2 ('P', 'M'):
          if (record->pmid == NULL && _wn_tagged_all_digits (v))
            record->pmid = g_strdup (v);
          break;
        case WN_TAG2 ('A', 'B'):
          wn_record_set_once (&record->abstract, v);
          break;
        case WN_TAG2 ('M', 'H'):
          _wn_tagged_push_keyword (record, v, strlen (v));
          break;
        case WN_TAG2 ('O', 'D'):
          /* Embase repeats its MH terms as OD. */
          if (!has_mh)
            _wn_tagged_push_keyword (record, v, strlen (v));
          break;
        case WN_TAG2 ('K', 'W'):
          _wn_tagged_add_keywords (record, v, ';');
          break;
        case WN_TAG2 ('I', 'D'):
          _wn_tagged_add_keywords (record, v, strchr (v, ';') != NULL ? ';' : ',');
          break;
        case WN_TAG2 ('L', 'G'):
          wn_record_set_once (&record->language, v);
          break;
        case WN_TAG2 ('L', 'A'):
          if (language_la == NULL)
            language_la = v;
          break;
        case WN_TAG2 ('P', 'T'):
          wn_record_set_once (&record->type, v);
          break;
        case WN_TAG2 ('D', 'T'):
          if (doc_type == NULL)
            doc_type = v;
          break;
        default:
          break;
        }
    }

  if (title != NULL)
    record->title = clean_title (title);
  wn_record_set_once (&record->language, language_la);
  wn_record_set_once (&record->type, doc_type);
  /* The long-name layout ends every value with a full stop: "English.",
   * "Journal Article.", "...; throughfall.". */
  if (parser->layout == LAYOUT_LONG)
    {
      drop_full_stop (record->language);
      drop_full_stop (record->type);
      for (guint i = 0; i < record->keywords->len; i++)
        drop_full_stop (g_ptr_array_index (record->keywords, i));
    }
  wn_record_set_once (&record->volume, volume_vi);
  for (gsize i = 0; i < G_N_ELEMENTS (journal); i++)
    wn_record_set_once (&record->journal, journal[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (years); i++)
    _wn_tagged_set_year (&record->year, years[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (dois) && record->doi == NULL; i++)
    if (dois[i] != NULL)
      record->doi = wn_doi_normalise (dois[i]);

  if (source != NULL &&
      (record->journal == NULL || record->volume == NULL || record->issue == NULL ||
       record->pages == NULL || record->year == NULL))
    {
      WnOvidSource parsed;

      wn_ovid_parse_source (source, &parsed);
      wn_record_set_once (&record->journal, parsed.journal);
      wn_record_set_once (&record->volume, parsed.volume);
      wn_record_set_once (&record->issue, parsed.issue);
      wn_record_set_once (&record->pages, parsed.pages);
      wn_record_set_once (&record->year, parsed.year);
      wn_ovid_source_clear (&parsed);
    }

  if (database != NULL)
    record->database = wn_ris_database_name (database);
  else if (parser->header_database != NULL)
    record->database = g_strdup (parser->header_database);

  /* Ovid MEDLINE's unique identifier is the PMID; Embase's and
   * PsycINFO's are their own accession numbers. */
  if (record->pmid == NULL && unique_id != NULL && _wn_tagged_all_digits (unique_id) &&
      record->database != NULL &&
      (strcmp (record->database, "MEDLINE") == 0 || strcmp (record->database, "PubMed") == 0))
    record->pmid = g_strdup (unique_id);

  if (unique_id != NULL)
    record->source_id = clean_accession (unique_id);
  else if (accession != NULL)
    record->source_id = clean_accession (accession);

  if (report->vendor == NULL)
    report->vendor = g_strdup ("Ovid");
  if (report->database == NULL && record->database != NULL)
    report->database = g_strdup (record->database);

  return TRUE;
}

/* Line handling */

static gboolean
finish_record (gpointer   data,
               GError   **error)
{
  OvidParser *parser = data;
  parser->after_blank = FALSE;
  return _wn_tagged_finish (&parser->builder, map_record, parser, error);
}

static void
start_record (OvidParser   *parser,
              const WnLine *line)
{
  _wn_tagged_start (&parser->builder, line);
  parser->layout = LAYOUT_UNKNOWN;
  parser->last_is_list = FALSE;
  parser->after_blank = FALSE;
  parser->has_vn = FALSE;
}

static void
note_outside_line (OvidParser *parser,
                   const char *text)
{
  /* Ovid's search history opens with the database searched. */
  if (parser->header_database == NULL && g_str_has_prefix (text, "Database: "))
    parser->header_database = wn_ris_database_name (text + strlen ("Database: "));
}

static gboolean
handle_line (gpointer   data,
             WnLine    *line,
             GError   **error)
{
  OvidParser *parser = data;
  WnTaggedBuilder *builder = &parser->builder;
  const char *text = line->text;
  gsize len = line->len;
  char tag[5];
  const char *value;
  gsize value_len;

  /* One export indents every line by one space. */
  if (len >= 2 && text[0] == ' ' && text[1] != ' ' && text[1] != '\t')
    {
      text++;
      len--;
    }

  if (_wn_tagged_is_blank (text, len))
    {
      if (builder->record != NULL)
        {
          _wn_tagged_blank (builder);
          parser->after_blank = TRUE;
        }
      return TRUE;
    }

  if (wn_ovid_is_marker (text, len))
    {
      if (!finish_record (parser, error))
        return FALSE;
      start_record (parser, line);
      return TRUE;
    }

  if (parser->layout != LAYOUT_LONG && parse_tag_line (text, len, tag, &value, &value_len))
    {
      guint32 code = _wn_tag_code (tag);

      /* Without markers, VN starts each record. */
      if (code == WN_TAG2 ('V', 'N') && (builder->record == NULL || parser->has_vn))
        {
          if (!finish_record (parser, error))
            return FALSE;
          start_record (parser, line);
        }
      else if (builder->record == NULL)
        return TRUE;
      else
        _wn_tagged_append_line (builder, line);

      _wn_tagged_add_field (builder, tag, value, value_len);
      parser->layout = LAYOUT_TAGGED;
      parser->last_is_list = is_list_code (code);
      parser->has_vn = parser->has_vn || code == WN_TAG2 ('V', 'N');
    }
  else if (builder->record == NULL)
    {
      note_outside_line (parser, text);
      return TRUE;
    }
  else if (text[0] == ' ' || text[0] == '\t')
    {
      /* An indented line: a wrapped line, the next value of a list, or
       * (long names) the field's value. */
      _wn_tagged_strip (&text, &len);
      _wn_tagged_append_line (builder, line);
      /* Text before any field is kept in the source only. */
      if (parser->layout != LAYOUT_UNKNOWN && parser->last_is_list)
        _wn_tagged_add_value (builder, text, len);
      else if (parser->layout != LAYOUT_UNKNOWN)
        _wn_tagged_join (builder, parser->after_blank ? '\n' : ' ', text, len);
    }
  else if (parser->layout == LAYOUT_TAGGED)
    {
      /* An unindented line that is no tag: a new paragraph. */
      _wn_tagged_strip (&text, &len);
      _wn_tagged_append_line (builder, line);
      if (parser->last_is_list)
        _wn_tagged_add_value (builder, text, len);
      else
        _wn_tagged_join (builder, '\n', text, len);
    }
  else
    {
      /* A long field name. */
      g_autofree char *name = NULL;

      _wn_tagged_strip (&text, &len);
      name = g_strndup (text, len);
      _wn_tagged_append_line (builder, line);
      _wn_tagged_add_field (builder, name, "", 0);
      parser->layout = LAYOUT_LONG;
      parser->last_is_list = is_list_code (field_code (name));
    }

  parser->after_blank = FALSE;
  return _wn_tagged_check_size (builder, error);
}

gboolean
wn_ovid_parse (WnLineReader    *reader,
               WnRecordSink     sink,
               gpointer         user_data,
               WnImportReport  *report,
               GCancellable    *cancellable,
               GError         **error)
{
  OvidParser parser = { 0 };
  gboolean ok;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (sink != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  _wn_tagged_builder_init (&parser.builder, reader, sink, user_data, report, cancellable);

  ok = _wn_tagged_parse_lines (&parser.builder, reader, handle_line, finish_record, &parser, error);
  g_free (parser.header_database);

  return ok;
}
