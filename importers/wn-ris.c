/* wn-ris.c — the RIS parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two steps per record. While lines come in, the parser only collects:
 * each tag line becomes a WnField (continuations extend or repeat it) and
 * each line is appended to the source text. When the record ends, one pass
 * over its fields fills the WnRecord's columns, choosing between tags by
 * precedence (TI over T1, JF over JO, ...), because vendors write them in
 * any order and EndNote writes them in alphabetical order.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "wn-ris.h"
#include "wn-tagged-private.h"

#define TAG2(a, b) (((guint) (guchar) (a) << 8) | (guint) (guchar) (b))

/* The record size limit is the tagged formats' one. */
G_STATIC_ASSERT (WN_RIS_MAX_RECORD == WN_TAGGED_MAX_RECORD);

typedef struct
{
  WnTaggedBuilder builder;

  gboolean        last_is_list;  /* continuations of the last tag are new values */
  guint           orphan_line;   /* first tag line outside a record since ER, or 0 */
  gboolean        wos;           /* the record is from Web of Science (AN "WOS:", WE) */
  gboolean        seen_record;
  char           *header_database; /* APA PsycNET's "Database: PsycINFO" header */
} RisParser;

static inline guint
tag_code (const char *tag)
{
  /* Four-letter tags (only PMID is known) get code 0 and are compared
   * as strings where it matters. */
  return tag[2] == '\0' ? TAG2 (tag[0], tag[1]) : 0;
}

gboolean
wn_ris_parse_tag_line (const char  *line,
                       gsize        len,
                       char         tag[5],
                       const char **value,
                       gsize       *value_len)
{
  gsize n = 0;
  gsize spaces = 0;
  gsize i;
  const char *v;
  const char *end;

  if (len < 4 || !_wn_tagged_is_tag_start (line[0]) || !_wn_tagged_is_tag_char (line[1]))
    return FALSE;

  n = 2;
  while (n < 4 && n < len && _wn_tagged_is_tag_char (line[n]))
    n++;
  for (i = n; i < len && line[i] == ' '; i++)
    spaces++;
  if (i >= len || line[i] != '-')
    return FALSE;
  /* Two-letter tags take one or two spaces ("TY - JOUR" is Zotero's
   * accepted variant); longer ones exactly two, like "PMID  - ". */
  if (n == 2 ? (spaces < 1 || spaces > 2) : spaces != 2)
    return FALSE;
  i++;
  if (i < len && line[i] != ' ' && line[i] != '\t')
    return FALSE;

  memcpy (tag, line, n);
  tag[n] = '\0';

  v = line + i;
  end = line + len;
  while (v < end && (*v == ' ' || *v == '\t'))
    v++;
  while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  *value = v;
  *value_len = end - v;
  return TRUE;
}

gboolean
wn_ris_is_type_line (const char *line,
                     gsize       len)
{
  char tag[5];
  const char *value;
  gsize value_len;

  return wn_ris_parse_tag_line (line, len, tag, &value, &value_len) &&
         tag[0] == 'T' && tag[1] == 'Y' && tag[2] == '\0';
}

static const struct
{
  const char *code;
  const char *name;
} ebsco_databases[] = {
  /* EBSCOhost short codes as they appear in DB and in db= of permalinks. */
  { "a9h", "Academic Search Complete" },
  { "aph", "Academic Search Premier" },
  { "asn", "Academic Search Ultimate" },
  { "bth", "Business Source Premier" },
  { "buh", "Business Source Complete" },
  { "c8h", "CINAHL" },
  { "ccm", "CINAHL" },
  { "cin20", "CINAHL" },
  { "cmedm", "MEDLINE" },
  { "eric", "ERIC" },
  { "i3h", "Criminal Justice Abstracts" },
  { "mdc", "MEDLINE" },
  { "mnh", "MEDLINE" },
  { "pdh", "PsycARTICLES" },
  { "psyh", "PsycINFO" },
  { "rzh", "CINAHL" },
};

static const struct
{
  const char *prefix;
  const char *name;
} database_names[] = {
  /* The same database under the names platforms give it; matched
   * case-insensitively at the start of the value. */
  { "apa psycinfo", "PsycINFO" },
  { "psycinfo", "PsycINFO" },
  { "embase", "Embase" },
  { "ovid medline", "MEDLINE" },
  { "medline", "MEDLINE" },
  { "pubmed", "PubMed" },
  { "cinahl", "CINAHL" },
  { "web of science", "Web of Science" },
};

char *
wn_ris_database_name (const char *value)
{
  g_autofree char *text = NULL;
  char *bracket;

  if (value == NULL)
    return NULL;

  text = g_strstrip (g_strdup (value));
  /* Ovid names the segment with its years: "APA PsycInfo <2021>",
   * "Embase <1974 to 2024 May 03>". */
  bracket = strchr (text, '<');
  if (bracket != NULL && bracket > text)
    {
      *bracket = '\0';
      g_strchomp (text);
    }
  if (*text == '\0')
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (ebsco_databases); i++)
    if (g_ascii_strcasecmp (text, ebsco_databases[i].code) == 0)
      return g_strdup (ebsco_databases[i].name);

  for (gsize i = 0; i < G_N_ELEMENTS (database_names); i++)
    if (g_ascii_strncasecmp (text, database_names[i].prefix, strlen (database_names[i].prefix)) == 0)
      return g_strdup (database_names[i].name);

  return g_steal_pointer (&text);
}

char *
wn_ris_year_from_date (const char *value)
{
  return _wn_tagged_year_from_date (value);
}

/* Tags whose untagged continuation lines are further values. */
static gboolean
is_list_tag (RisParser *parser,
             guint      code)
{
  switch (code)
    {
    case TAG2 ('A', 'U'):
    case TAG2 ('A', '1'):
    case TAG2 ('A', '2'):
    case TAG2 ('A', '3'):
    case TAG2 ('A', '4'):
    case TAG2 ('A', 'D'):
    case TAG2 ('E', 'D'):
    case TAG2 ('K', 'W'):
    case TAG2 ('L', '1'):
    case TAG2 ('L', '2'):
    case TAG2 ('L', '3'):
    case TAG2 ('L', '4'):
    case TAG2 ('L', 'A'):
    case TAG2 ('S', 'N'):
    case TAG2 ('U', 'R'):
      return TRUE;
    case TAG2 ('N', '1'):
      /* EndNote writes one note per line; Web of Science wraps one note,
       * "Times Cited in Web of Science Core Collection: 142", over "Total
       * Times Cited:" and "Cited Reference Count:" lines. */
      return !parser->wos;
    default:
      return FALSE;
    }
}

static void
set_vendor (RisParser  *parser,
            const char *vendor)
{
  if (parser->builder.report->vendor == NULL)
    parser->builder.report->vendor = g_strdup (vendor);
}

static void
add_field (RisParser  *parser,
           const char *tag,
           const char *value,
           gsize       value_len)
{
  guint code = tag_code (tag);

  _wn_tagged_add_field (&parser->builder, tag, value, value_len);

  parser->last_is_list = is_list_tag (parser, code);
  if ((code == TAG2 ('A', 'N') && value_len > 4 && memcmp (value, "WOS:", 4) == 0) ||
      code == TAG2 ('W', 'E'))
    parser->wos = TRUE;
}

static void
continue_field (RisParser    *parser,
                const WnLine *line)
{
  WnField *last = _wn_tagged_last_field (&parser->builder);
  const char *text = line->text;
  const char *end = line->text + line->len;

  while (text < end && g_ascii_isspace (*text))
    text++;
  while (end > text && g_ascii_isspace (end[-1]))
    end--;

  /* A list continuation is always a field of its own, even after an
   * empty value; the line is not blank (see handle_line()), so the text
   * is never empty. */
  if (parser->last_is_list)
    add_field (parser, last->tag, text, end - text);
  else
    _wn_tagged_join (&parser->builder, ' ', text, end - text);
}

/* The record's columns from its fields. */

enum
{
  SLOT_TITLE,
  SLOT_JOURNAL,
  SLOT_YEAR,
  SLOT_DOI,
  SLOT_PMID,
  SLOT_ABSTRACT,
  SLOT_SOURCE_ID,
  N_SLOTS
};

static int
slot_rank (int   slot,
           guint code)
{
  /* Lower is better; -1 means the tag does not feed the slot. */
  switch (slot)
    {
    case SLOT_TITLE:
      switch (code)
        {
        case TAG2 ('T', 'I'): return 0;
        case TAG2 ('T', '1'): return 1;
        case TAG2 ('C', 'T'): return 2;
        case TAG2 ('B', 'T'): return 3;
        case TAG2 ('S', 'T'): return 4;
        default: return -1;
        }
    case SLOT_JOURNAL:
      /* Full titles before abbreviations: embase.com's JO and PubMed's J2
       * are abbreviated, JF is the full title everywhere it appears. */
      switch (code)
        {
        case TAG2 ('J', 'F'): return 0;
        case TAG2 ('T', '2'): return 1;
        case TAG2 ('J', 'O'): return 2;
        case TAG2 ('J', 'A'): return 3;
        case TAG2 ('J', '2'): return 4;
        case TAG2 ('J', '1'): return 5;
        case TAG2 ('J', 'I'): return 6;
        case TAG2 ('J', '9'): return 7;
        default: return -1;
        }
    case SLOT_YEAR:
      switch (code)
        {
        case TAG2 ('P', 'Y'): return 0;
        case TAG2 ('Y', '1'): return 1;
        case TAG2 ('D', 'A'): return 2;
        default: return -1;
        }
    case SLOT_DOI:
      /* DO first; EBSCO's Academic Search and Criminal Justice Abstracts
       * put the DOI in L3, APA PsycNET also in M3 ("doi:10..."), embase.com
       * in L2 as a URL. */
      switch (code)
        {
        case TAG2 ('D', 'O'): return 0;
        case TAG2 ('D', 'I'): return 1;
        case TAG2 ('L', '3'): return 2;
        case TAG2 ('M', '3'): return 3;
        case TAG2 ('L', '2'): return 4;
        case TAG2 ('U', 'R'): return 5;
        default: return -1;
        }
    case SLOT_ABSTRACT:
      switch (code)
        {
        case TAG2 ('A', 'B'): return 0;
        case TAG2 ('N', '2'): return 1;
        default: return -1;
        }
    case SLOT_SOURCE_ID:
      switch (code)
        {
        case TAG2 ('I', 'D'): return 0;
        case TAG2 ('A', 'N'): return 1;
        default: return -1;
        }
    default:
      return -1;
    }
}

static gboolean
all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

/* EBSCO adds the publisher's notice as a second AB:
 * "Copyright of Addiction Research & Theory is the property of ...". */
static gboolean
is_copyright_notice (const char *text)
{
  return g_str_has_prefix (text, "Copyright of ") && strstr (text, " is the property of ") != NULL;
}

/* "26957754[pmid]" in NCBI's U1. */
static char *
pmid_from_bracketed (const char *value)
{
  const char *mark = strstr (value, "[pmid]");
  const char *start;

  if (mark == NULL)
    return NULL;
  start = mark;
  while (start > value && g_ascii_isdigit (start[-1]))
    start--;
  if (start == mark)
    return NULL;
  return g_strndup (start, mark - start);
}

/* Field values arrive stripped (see wn_ris_parse_tag_line() and
 * continue_field()), so the record's own helpers, which copy, strip and
 * collapse white space, are only needed for the odd value that holds runs of
 * white space. This is the hot path of every import. */
static inline void
set_once (char       **slot,
          const char  *value)
{
  if (*slot == NULL && value != NULL && *value != '\0')
    *slot = g_strdup (value);
}

static inline gboolean
is_clean (const char *value)
{
  return strchr (value, '\t') == NULL && strstr (value, "  ") == NULL;
}

static void
add_author (WnRecord   *record,
            const char *name)
{
  if (is_clean (name))
    g_ptr_array_add (record->authors, g_strdup (name));
  else
    wn_record_add_author (record, name);
}

static void
add_keyword (WnRecord   *record,
             const char *keyword)
{
  if (is_clean (keyword))
    g_ptr_array_add (record->keywords, g_strdup (keyword));
  else
    wn_record_add_keyword (record, keyword);
}

static void
add_authors (WnRecord   *record,
             const char *value)
{
  /* One name per tag is the rule; a few tools join several with "; ".
   * No name has a semicolon in it, so splitting there is safe. Commas
   * are not split: they separate last and first names. */
  g_auto(GStrv) names = NULL;

  if (strchr (value, ';') == NULL)
    {
      add_author (record, value);
      return;
    }

  names = g_strsplit (value, ";", -1);
  for (guint i = 0; names[i] != NULL; i++)
    wn_record_add_author (record, names[i]);
}

typedef struct
{
  const char *db;
  gboolean    pubmed_derived;  /* AN holds the PMID */
  gboolean    embase;          /* C5 holds the PMID */
} RecordFacts;

static void
scan_facts (RisParser   *parser,
            WnRecord    *record,
            RecordFacts *facts)
{
  memset (facts, 0, sizeof *facts);

  for (guint i = 0; i < record->fields->len; i++)
    {
      WnField *field = g_ptr_array_index (record->fields, i);
      const char *v = field->value;

      switch (tag_code (field->tag))
        {
        case TAG2 ('D', 'B'):
          if (facts->db == NULL && *v != '\0')
            facts->db = v;
          /* NCBI's own RIS and EBSCO's MEDLINE put the PMID in AN. Not a
           * plain "Medline": embase.com names it beside "Embase" in
           * records that have no AN. */
          if (g_ascii_strcasecmp (v, "PubMed") == 0 || g_ascii_strcasecmp (v, "cmedm") == 0 ||
              g_ascii_strcasecmp (v, "mdc") == 0 || g_ascii_strcasecmp (v, "mnh") == 0)
            facts->pubmed_derived = TRUE;
          if (g_ascii_strcasecmp (v, "Embase") == 0)
            facts->embase = TRUE;
          if (g_ascii_strcasecmp (v, "PubMed") == 0 || g_ascii_strcasecmp (v, "PMC") == 0)
            set_vendor (parser, "PubMed");
          else if (strchr (v, '<') != NULL)
            set_vendor (parser, "Ovid");
          break;
        case TAG2 ('D', 'P'):
          /* EndNote libraries built from PubMed say "DP - NLM". */
          if (g_ascii_strcasecmp (v, "NLM") == 0 || strstr (v, "PubMed") != NULL)
            facts->pubmed_derived = TRUE;
          if (strstr (v, "EBSCO") != NULL)
            set_vendor (parser, "EBSCOhost");
          break;
        case TAG2 ('U', 'R'):
        case TAG2 ('L', '2'):
          if (strstr (v, "embase.com") != NULL)
            {
              facts->embase = TRUE;
              set_vendor (parser, "embase.com");
            }
          else if (strstr (v, "ebscohost.com") != NULL)
            set_vendor (parser, "EBSCOhost");
          else if (strstr (v, "ovid.com") != NULL)
            set_vendor (parser, "Ovid");
          break;
        case TAG2 ('A', 'N'):
          if (g_str_has_prefix (v, "WOS:"))
            set_vendor (parser, "Clarivate");
          else if (g_str_has_prefix (v, "rayyan-"))
            set_vendor (parser, "Rayyan");
          break;
        default:
          break;
        }
    }
}

static void
map_record (RisParser *parser,
            WnRecord  *record)
{
  RecordFacts facts;
  int rank[N_SLOTS];
  const char *best[N_SLOTS] = { NULL };
  const char *sp = NULL;
  const char *ep = NULL;
  const char *accession = NULL;
  const char *embase_id = NULL;
  int pmid_rank = G_MAXINT;

  for (int s = 0; s < N_SLOTS; s++)
    rank[s] = G_MAXINT;

  scan_facts (parser, record, &facts);

  for (guint i = 0; i < record->fields->len; i++)
    {
      WnField *field = g_ptr_array_index (record->fields, i);
      const char *v = field->value;
      guint code = tag_code (field->tag);
      int r;

      if (*v == '\0')
        continue;

      switch (code)
        {
        case TAG2 ('T', 'Y'):
          set_once (&record->type, v);
          break;
        case TAG2 ('A', 'U'):
        case TAG2 ('A', '1'):
          add_authors (record, v);
          break;
        case TAG2 ('K', 'W'):
          add_keyword (record, v);
          break;
        case TAG2 ('V', 'L'):
          set_once (&record->volume, v);
          break;
        case TAG2 ('I', 'S'):
          set_once (&record->issue, v);
          break;
        case TAG2 ('S', 'P'):
          if (sp == NULL)
            sp = v;
          break;
        case TAG2 ('E', 'P'):
          if (ep == NULL)
            ep = v;
          break;
        case TAG2 ('L', 'A'):
          set_once (&record->language, v);
          break;
        case TAG2 ('N', '1'):
          /* EBSCOhost's Academic Search and Criminal Justice Abstracts
           * have no AN; the note starts "Accession Number: 150283836;". */
          if (accession == NULL && g_str_has_prefix (v, "Accession Number: "))
            accession = v + strlen ("Accession Number: ");
          break;
        case 0:
          if (strcmp (field->tag, "PMID") == 0 && pmid_rank > 0 && all_digits (v))
            {
              g_free (record->pmid);
              record->pmid = g_strdup (v);
              pmid_rank = 0;
            }
          break;
        case TAG2 ('U', '2'):
          /* embase.com's own id, "L373791783"; it has no ID or AN. */
          if (embase_id == NULL && facts.embase && v[0] == 'L' && all_digits (v + 1))
            embase_id = v;
          G_GNUC_FALLTHROUGH;
        case TAG2 ('U', '1'):
        case TAG2 ('U', '3'):
        case TAG2 ('U', '4'):
        case TAG2 ('U', '5'):
          if (pmid_rank > 1)
            {
              char *pmid = pmid_from_bracketed (v);

              if (pmid != NULL)
                {
                  g_free (record->pmid);
                  record->pmid = pmid;
                  pmid_rank = 1;
                }
            }
          break;
        case TAG2 ('C', '5'):
          if (pmid_rank > 3 && facts.embase && all_digits (v))
            {
              g_free (record->pmid);
              record->pmid = g_strdup (v);
              pmid_rank = 3;
            }
          break;
        default:
          break;
        }

      if (code == TAG2 ('A', 'N') && pmid_rank > 2 && facts.pubmed_derived && all_digits (v))
        {
          g_free (record->pmid);
          record->pmid = g_strdup (v);
          pmid_rank = 2;
        }

      for (int s = 0; s < N_SLOTS; s++)
        {
          r = slot_rank (s, code);
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
              char *year = _wn_tagged_year_from_date (v);

              if (year == NULL)
                continue;
              g_free (record->year);
              record->year = year;
            }
          else if (s == SLOT_ABSTRACT && is_copyright_notice (v))
            continue;

          rank[s] = r;
          best[s] = v;
        }
    }

  set_once (&record->title, best[SLOT_TITLE]);
  set_once (&record->journal, best[SLOT_JOURNAL]);
  set_once (&record->abstract, best[SLOT_ABSTRACT]);
  set_once (&record->source_id, best[SLOT_SOURCE_ID]);
  if (record->source_id == NULL && accession != NULL)
    {
      g_autofree char *id = g_strndup (accession, strcspn (accession, ";"));

      wn_record_set_once (&record->source_id, id);
    }
  set_once (&record->source_id, embase_id);

  /* Ovid writes "No Pagination Specified" as SP "No", EP "Specified". */
  if (sp != NULL && ep != NULL && strcmp (sp, "No") == 0 && strcmp (ep, "Specified") == 0)
    sp = ep = NULL;
  if (sp != NULL && ep != NULL && strcmp (sp, ep) != 0 && strchr (sp, '-') == NULL)
    record->pages = g_strdup_printf ("%s-%s", sp, ep);
  else
    set_once (&record->pages, sp != NULL ? sp : ep);

  if (facts.db != NULL)
    record->database = wn_ris_database_name (facts.db);
  else if (parser->wos)
    record->database = g_strdup ("Web of Science");
  else if (parser->header_database != NULL)
    record->database = g_strdup (parser->header_database);

  if (parser->builder.report->database == NULL && record->database != NULL)
    parser->builder.report->database = g_strdup (record->database);
}

static gboolean
check_and_map (WnRecord *record,
               gpointer  user_data)
{
  RisParser *parser = user_data;

  if (record->fields->len <= 1)
    {
      wn_import_report_reject (parser->builder.report, record->line_start,
                               _("the record has a TY line and nothing else"));
      return FALSE;
    }
  map_record (parser, record);
  return TRUE;
}

static void
start_record (RisParser    *parser,
              const WnLine *line,
              const char   *tag,
              const char   *value,
              gsize         value_len)
{
  _wn_tagged_start (&parser->builder, line);
  /* Per record, not per file: a file joined from several exports can mix
   * Web of Science records with others. */
  parser->wos = FALSE;
  add_field (parser, tag, value, value_len);
  parser->seen_record = TRUE;
}

static gboolean
finish_record (gpointer   data,
               GError   **error)
{
  RisParser *parser = data;
  return _wn_tagged_finish (&parser->builder, check_and_map, parser, error);
}

/* Lines outside records carry a few hints about where the file came
 * from; everything else there is ignored. */
static void
note_outside_line (RisParser    *parser,
                   const WnLine *line)
{
  const char *text = line->text;

  if (g_str_has_prefix (text, "Link to the Ovid"))
    set_vendor (parser, "Ovid");
  else if (!parser->seen_record && g_str_has_prefix (text, "Provider: American Psychological Association"))
    set_vendor (parser, "APA PsycNET");
  else if (!parser->seen_record && parser->header_database == NULL &&
           g_str_has_prefix (text, "Database: "))
    {
      parser->header_database = wn_ris_database_name (text + strlen ("Database: "));
      if (parser->builder.report->database == NULL && parser->header_database != NULL)
        parser->builder.report->database = g_strdup (parser->header_database);
    }
}

static gboolean
is_blank (const WnLine *line)
{
  for (gsize i = 0; i < line->len; i++)
    if (!g_ascii_isspace (line->text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
handle_line (gpointer   data,
             WnLine    *line,
             GError   **error)
{
  RisParser *parser = data;
  WnTaggedBuilder *builder = &parser->builder;
  char tag[5];
  const char *value;
  gsize value_len;

  if (wn_ris_parse_tag_line (line->text, line->len, tag, &value, &value_len))
    {
      guint code = tag_code (tag);

      if (code == TAG2 ('T', 'Y'))
        {
          if (!finish_record (parser, error))
            return FALSE;
          parser->orphan_line = 0;
          start_record (parser, line, tag, value, value_len);
          return TRUE;
        }

      if (code == TAG2 ('E', 'R'))
        {
          if (builder->record != NULL)
            {
              _wn_tagged_append_line (builder, line);
              return finish_record (parser, error);
            }
          if (parser->orphan_line != 0)
            {
              wn_import_report_reject (builder->report, parser->orphan_line,
                                       _("the record has no TY line"));
              parser->orphan_line = 0;
            }
          return TRUE;
        }

      if (builder->record == NULL)
        {
          /* Ovid's NL after ER, for one; it only matters if an ER
           * follows. */
          if (parser->orphan_line == 0)
            parser->orphan_line = line->number;
          return TRUE;
        }

      _wn_tagged_append_line (builder, line);
      add_field (parser, tag, value, value_len);
    }
  else if (builder->record != NULL)
    {
      if (is_blank (line))
        {
          _wn_tagged_blank (builder);
          return TRUE;
        }
      _wn_tagged_append_line (builder, line);
      continue_field (parser, line);
    }
  else
    note_outside_line (parser, line);

  return _wn_tagged_check_size (builder, error);
}

gboolean
wn_ris_parse (WnLineReader    *reader,
              WnRecordSink     sink,
              gpointer         user_data,
              WnImportReport  *report,
              GCancellable    *cancellable,
              GError         **error)
{
  RisParser parser = { 0 };
  gboolean ok;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (sink != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  _wn_tagged_builder_init (&parser.builder, reader, sink, user_data, report, cancellable);

  ok = _wn_tagged_parse_lines (&parser.builder, reader, handle_line, finish_record, &parser, error);
  g_free (parser.header_database);

  return ok;
}
