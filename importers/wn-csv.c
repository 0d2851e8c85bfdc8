/* wn-csv.c — the CSV and TSV parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows are read straight from the line reader: a row is one line unless a
 * quoted cell runs over the line end, in which case the next lines are
 * pulled in until the quote closes. A row's cells go into one buffer, each
 * ended by a NUL, with their offsets beside it, so reading a row allocates
 * nothing once the buffers have grown to the longest row. The header says
 * what each column means (see wn-csv.h); each row then becomes a WnRecord
 * with every cell as a field, and its columns filled from the best column
 * of each role.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "wn-import-private.h"
#include "wn-author-name.h"
#include "wn-csv.h"
#include "wn-ris.h"

/* Rows before the header that are neither blank nor a known preamble:
 * a few export notes of one cell each at most. */
#define MAX_PREAMBLE_ROWS 20
/* Warnings about rows with extra cells: the first few, then a count. */
#define MAX_EXTRA_CELL_WARNINGS 10
/* How many column names a "no title column" message lists. */
#define MAX_LISTED_COLUMNS 40

typedef enum
{
  ROLE_NONE,
  ROLE_TITLE,
  ROLE_AUTHORS,
  ROLE_YEAR,
  ROLE_JOURNAL,
  ROLE_VOLUME,
  ROLE_ISSUE,
  ROLE_PAGES,
  ROLE_FIRST_PAGE,
  ROLE_LAST_PAGE,
  ROLE_PAGE_COUNT,
  ROLE_DOI,
  ROLE_DOI_LINK,     /* a link or citation that may hold the DOI among other text */
  ROLE_ABSTRACT,
  ROLE_KEYWORDS,
  ROLE_PMID,
  ROLE_LANGUAGE,
  ROLE_TYPE,
  ROLE_SOURCE_ID,
  ROLE_DATABASE,
  ROLE_PERMALINK,    /* EBSCOhost's PLink, whose db= names the database */
  N_ROLES
} Role;

typedef struct
{
  const char *name;  /* normalised: see normalise_column_name() */
  Role        role;
  int         rank;  /* lower wins among the columns of one role */
} ColumnName;

static const ColumnName column_names[] = {
  { "title", ROLE_TITLE, 0 },
  { "article title", ROLE_TITLE, 1 },        /* EBSCOhost */
  { "document title", ROLE_TITLE, 2 },       /* IEEE Xplore */
  { "primary title", ROLE_TITLE, 3 },        /* RIS turned into CSV (asreview) */
  { "ti", ROLE_TITLE, 4 },
  { "original title", ROLE_TITLE, 5 },       /* embase.com: the title in its own language */

  { "authors", ROLE_AUTHORS, 0 },
  { "author", ROLE_AUTHORS, 1 },
  { "author(s)", ROLE_AUTHORS, 2 },
  { "author/s", ROLE_AUTHORS, 2 },           /* Lens.org */
  { "author names", ROLE_AUTHORS, 3 },       /* embase.com */
  { "creator", ROLE_AUTHORS, 4 },
  { "creators", ROLE_AUTHORS, 5 },
  { "first authors", ROLE_AUTHORS, 6 },      /* asreview's RIS as CSV: the A1 list */
  { "primary authors", ROLE_AUTHORS, 7 },
  { "author full names", ROLE_AUTHORS, 8 },  /* Scopus */
  { "au", ROLE_AUTHORS, 9 },

  { "year", ROLE_YEAR, 0 },
  { "publication year", ROLE_YEAR, 1 },      /* PubMed, embase.com */
  { "published year", ROLE_YEAR, 1 },        /* Covidence */
  { "py", ROLE_YEAR, 2 },
  { "pubyear", ROLE_YEAR, 3 },
  { "year published", ROLE_YEAR, 4 },
  { "publication date", ROLE_YEAR, 5 },      /* EBSCOhost: ="4/3/2024", ="Jun2023" */
  { "date of publication", ROLE_YEAR, 6 },   /* embase.com: 1 Dec 2024 */
  { "date published", ROLE_YEAR, 7 },
  { "date", ROLE_YEAR, 8 },
  { "pubdate", ROLE_YEAR, 9 },

  { "journal", ROLE_JOURNAL, 0 },
  { "source title", ROLE_JOURNAL, 1 },       /* Scopus, embase.com 2024 */
  { "journal title", ROLE_JOURNAL, 2 },      /* EBSCOhost */
  { "publication title", ROLE_JOURNAL, 3 },  /* Zotero, IEEE Xplore */
  { "secondary title", ROLE_JOURNAL, 4 },    /* EndNote */
  { "journal/book", ROLE_JOURNAL, 5 },       /* PubMed */
  { "journal name", ROLE_JOURNAL, 6 },
  { "publication", ROLE_JOURNAL, 7 },
  { "source", ROLE_JOURNAL, 8 },
  { "so", ROLE_JOURNAL, 9 },
  { "t2", ROLE_JOURNAL, 10 },

  { "volume", ROLE_VOLUME, 0 },
  { "vol", ROLE_VOLUME, 1 },
  { "vl", ROLE_VOLUME, 2 },

  { "issue", ROLE_ISSUE, 0 },
  { "number", ROLE_ISSUE, 1 },
  { "issue number", ROLE_ISSUE, 1 },         /* Lens.org */
  { "no", ROLE_ISSUE, 2 },
  { "is", ROLE_ISSUE, 3 },

  { "pages", ROLE_PAGES, 0 },
  { "page", ROLE_PAGES, 1 },
  { "pagination", ROLE_PAGES, 2 },
  { "page range", ROLE_PAGES, 3 },
  { "first page", ROLE_FIRST_PAGE, 0 },      /* embase.com, EBSCOhost */
  { "start page", ROLE_FIRST_PAGE, 1 },
  { "page start", ROLE_FIRST_PAGE, 2 },      /* Scopus */
  { "last page", ROLE_LAST_PAGE, 0 },
  { "end page", ROLE_LAST_PAGE, 1 },
  { "page end", ROLE_LAST_PAGE, 2 },
  { "page count", ROLE_PAGE_COUNT, 0 },      /* EBSCOhost: First Page 924, Page Count 11 */

  { "doi", ROLE_DOI, 0 },
  { "digital object identifier", ROLE_DOI, 1 },
  { "di", ROLE_DOI, 2 },
  { "full text link", ROLE_DOI_LINK, 0 },    /* embase.com: http://dx.doi.org/... */
  { "url", ROLE_DOI_LINK, 1 },
  { "link", ROLE_DOI_LINK, 2 },
  { "open url link", ROLE_DOI_LINK, 3 },     /* embase.com OpenURL: ...&id=doi:10...&... */
  { "citation", ROLE_DOI_LINK, 4 },          /* PubMed: "... doi: 10.1016/.... Epub ..." */

  { "abstract", ROLE_ABSTRACT, 0 },
  { "abstract note", ROLE_ABSTRACT, 1 },     /* Zotero */
  { "ab", ROLE_ABSTRACT, 2 },
  { "original abstract", ROLE_ABSTRACT, 3 },

  /* Every keyword column adds its terms, in column order. */
  { "keywords", ROLE_KEYWORDS, 0 },
  { "keyword", ROLE_KEYWORDS, 0 },
  { "subjects", ROLE_KEYWORDS, 0 },          /* EBSCOhost */
  { "subject", ROLE_KEYWORDS, 0 },
  { "subject terms", ROLE_KEYWORDS, 0 },
  { "author keywords", ROLE_KEYWORDS, 0 },   /* embase.com, Scopus */
  { "index keywords", ROLE_KEYWORDS, 0 },    /* Scopus */
  { "mesh terms", ROLE_KEYWORDS, 0 },
  { "index terms", ROLE_KEYWORDS, 0 },
  { "ieee terms", ROLE_KEYWORDS, 0 },        /* IEEE Xplore */
  { "manual tags", ROLE_KEYWORDS, 0 },       /* Zotero */
  { "kw", ROLE_KEYWORDS, 0 },

  { "pmid", ROLE_PMID, 0 },
  { "pubmed id", ROLE_PMID, 1 },             /* Scopus */
  { "medline pmid", ROLE_PMID, 2 },          /* embase.com */
  { "pubmed", ROLE_PMID, 3 },
  { "pm", ROLE_PMID, 4 },

  { "language", ROLE_LANGUAGE, 0 },
  { "article language", ROLE_LANGUAGE, 1 },  /* embase.com */
  { "language of original document", ROLE_LANGUAGE, 2 },  /* Scopus */
  { "lang", ROLE_LANGUAGE, 3 },
  { "la", ROLE_LANGUAGE, 4 },

  { "type", ROLE_TYPE, 0 },
  { "publication type", ROLE_TYPE, 1 },      /* embase.com */
  { "document type", ROLE_TYPE, 2 },         /* Scopus */
  { "doctype", ROLE_TYPE, 3 },               /* EBSCOhost */
  { "item type", ROLE_TYPE, 4 },             /* Zotero */
  { "reference type", ROLE_TYPE, 5 },
  { "type of reference", ROLE_TYPE, 6 },     /* asreview's RIS as CSV: TY */
  { "ty", ROLE_TYPE, 7 },

  { "id", ROLE_SOURCE_ID, 0 },
  { "record id", ROLE_SOURCE_ID, 1 },
  { "key", ROLE_SOURCE_ID, 2 },              /* Zotero, Rayyan */
  { "covidence #", ROLE_SOURCE_ID, 2 },
  { "item id", ROLE_SOURCE_ID, 2 },
  { "itemid", ROLE_SOURCE_ID, 2 },           /* EPPI-Reviewer */
  { "lens id", ROLE_SOURCE_ID, 2 },
  { "publication id", ROLE_SOURCE_ID, 2 },   /* Dimensions */
  { "accession number", ROLE_SOURCE_ID, 3 }, /* EBSCOhost */
  { "pui", ROLE_SOURCE_ID, 4 },              /* embase.com: the L-number, RIS's U2 */
  { "embase accession id", ROLE_SOURCE_ID, 5 },
  { "eid", ROLE_SOURCE_ID, 6 },              /* Scopus */
  { "ut", ROLE_SOURCE_ID, 7 },               /* Web of Science */

  { "database", ROLE_DATABASE, 0 },
  { "name of database", ROLE_DATABASE, 1 },
  { "db", ROLE_DATABASE, 2 },
  { "plink", ROLE_PERMALINK, 0 },            /* EBSCOhost */
};

/* Web of Science tab-delimited files name their columns by the two-letter
 * tags of its plain-text format; a few mean something else there. */
static const ColumnName wos_column_names[] = {
  { "id", ROLE_KEYWORDS, 0 },                /* Keywords Plus, not an id */
  { "de", ROLE_KEYWORDS, 0 },                /* author keywords */
  { "bp", ROLE_FIRST_PAGE, 0 },
  { "ep", ROLE_LAST_PAGE, 0 },
  { "dt", ROLE_TYPE, 0 },                    /* "Article"; PT is only "J" */
  { "pd", ROLE_YEAR, 10 },
  { "af", ROLE_AUTHORS, 10 },
  { "sp", ROLE_NONE, 0 },                    /* conference sponsors */
};

typedef enum
{
  VENDOR_GENERIC,
  VENDOR_PUBMED,
  VENDOR_EMBASE,
  VENDOR_EBSCO,
  VENDOR_SCOPUS,
  VENDOR_WOS,
} Vendor;

typedef struct
{
  char *name;        /* as in the header, white space trimmed */
  Role  role;
  int   rank;
} Column;

typedef enum
{
  ROW_OK,
  ROW_END,           /* no more rows */
  ROW_UNTERMINATED,  /* the file ended inside a quoted cell */
  ROW_ERROR,
} RowStatus;

typedef struct
{
  WnLineReader   *reader;
  WnImportReport *report;
  WnRecordSink    sink;
  gpointer        user_data;
  GCancellable   *cancellable;

  char            delimiter;
  gboolean        forced_delimiter;  /* Excel's "sep=;" line */
  gboolean        quoting;           /* FALSE for Web of Science */

  /* The header. */
  gboolean        have_header;
  Column         *columns;
  guint           n_columns;
  guint          *order;             /* column indices by role, then rank */
  guint           role_first[N_ROLES + 1];
  Vendor          vendor;
  gboolean        embase_preamble;
  gint            embase_source;     /* embase.com's "Source" column, or -1 */
  gint            pubmed_citation;   /* PubMed's "Citation" column, or -1 */
  guint           preamble_rows;
  guint           first_preamble_line;

  /* The row being read. */
  GString        *source;            /* its lines, joined with "\n" */
  GString        *cells;             /* its cells, each ended by a NUL */
  GArray         *offsets;           /* (element-type guint) where each cell starts */
  guint           row_start;
  guint           row_end;
  guint           control_line;      /* first line with control characters, or 0 */
  gboolean        overflow;          /* more than WN_CSV_MAX_COLUMNS cells */
  gboolean        formula;           /* a cell written as ="..." */

  guint           extra_cell_rows;
} CsvParser;

/* Names */

/* Lower case (ASCII), "_" as a blank, runs of blanks as one space, no
 * blanks at either end: "Publication_Year", "publication  year" and
 * "Publication Year" are the same column. */
static char *
normalise_column_name (const char *name)
{
  GString *out = g_string_sized_new (strlen (name));
  gboolean blank = FALSE;

  for (const char *p = name; *p; p++)
    {
      char c = *p;

      if (c == '_' || g_ascii_isspace (c))
        {
          blank = out->len > 0;
          continue;
        }
      if (blank)
        g_string_append_c (out, ' ');
      blank = FALSE;
      g_string_append_c (out, g_ascii_tolower (c));
    }

  return g_string_free (out, FALSE);
}

static gboolean
lookup_column (const char *normalised,
               Vendor      vendor,
               Role       *role,
               int        *rank)
{
  if (vendor == VENDOR_WOS)
    for (gsize i = 0; i < G_N_ELEMENTS (wos_column_names); i++)
      if (strcmp (normalised, wos_column_names[i].name) == 0)
        {
          *role = wos_column_names[i].role;
          *rank = wos_column_names[i].rank;
          return TRUE;
        }

  for (gsize i = 0; i < G_N_ELEMENTS (column_names); i++)
    if (strcmp (normalised, column_names[i].name) == 0)
      {
        *role = column_names[i].role;
        *rank = column_names[i].rank;
        return TRUE;
      }

  /* embase.com's four "Emtree Drug/Medical Index Terms (Major Focus)"
   * columns and whatever Elsevier adds next. */
  if (g_str_has_prefix (normalised, "emtree "))
    {
      *role = ROLE_KEYWORDS;
      *rank = 0;
      return TRUE;
    }

  *role = ROLE_NONE;
  *rank = 0;
  return FALSE;
}

/* Cells of one line, for detection */

static char
guess_delimiter (const char *line,
                 gsize       len)
{
  guint commas = 0;
  guint semicolons = 0;
  guint tabs = 0;
  gboolean quoted = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = line[i];

      if (c == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (c == ',')
        commas++;
      else if (c == ';')
        semicolons++;
      else if (c == '\t')
        tabs++;
    }

  /* Tab wins ties: titles in a TSV hold commas, and a header of two
   * columns has one delimiter of its own. */
  if (tabs > 0 && tabs >= commas && tabs >= semicolons)
    return '\t';
  if (semicolons > commas)
    return ';';
  return ',';
}

/* Splits one line into cells, quotes removed; a quote left open ends at the
 * end of the line. Enough for a header; rows go through read_row(). */
static GPtrArray *
split_line (const char *line,
            gsize       len,
            char        delimiter)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  GString *cell = g_string_new (NULL);
  const char *p = line;
  const char *end = line + len;
  gboolean more = TRUE;

  while (more && cells->len < WN_CSV_MAX_COLUMNS)
    {
      g_string_truncate (cell, 0);
      while (p < end && *p == ' ')
        p++;
      if (p < end && *p == '"')
        {
          for (p++; p < end; p++)
            {
              if (*p == '"' && p + 1 < end && p[1] == '"')
                g_string_append_c (cell, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (cell, *p);
            }
          while (p < end && *p != delimiter)
            p++;
        }
      else
        while (p < end && *p != delimiter)
          g_string_append_c (cell, *p++);

      g_ptr_array_add (cells, g_strndup (cell->str, cell->len));
      /* A delimiter means another cell, if only an empty one. */
      more = p < end;
      p++;
    }

  g_string_free (cell, TRUE);
  return cells;
}

gboolean
wn_csv_is_header_line (const char *line,
                       gsize       len)
{
  g_autoptr(GPtrArray) cells = NULL;
  guint known = 0;
  gboolean title = FALSE;

  g_return_val_if_fail (line != NULL, FALSE);

  cells = split_line (line, len, guess_delimiter (line, len));
  if (cells->len < 2)
    return FALSE;

  for (guint i = 0; i < cells->len; i++)
    {
      g_autofree char *name = normalise_column_name (g_ptr_array_index (cells, i));
      Role role;
      int rank;

      if (!lookup_column (name, VENDOR_GENERIC, &role, &rank))
        continue;
      known++;
      title = title || role == ROLE_TITLE;
    }

  /* Prose has commas too, but no cell of it is exactly a column name. */
  return title || known >= 2;
}

/* Reading rows */

static inline void
begin_cell (CsvParser *parser)
{
  guint offset = parser->cells->len;

  if (parser->offsets->len >= WN_CSV_MAX_COLUMNS)
    {
      /* The row is rejected; its further cells run into the last one,
       * which the bound on a row's size keeps in check. */
      parser->overflow = TRUE;
      return;
    }
  g_array_append_val (parser->offsets, offset);
}

static inline void
end_cell (CsvParser *parser)
{
  g_string_append_c (parser->cells, '\0');
}

/* Reads the row that starts on line (already read and not blank), pulling
 * more lines while a quoted cell is open. */
static RowStatus
read_row (CsvParser  *parser,
          WnLine     *line,
          GError    **error)
{
  enum { START, UNQUOTED, QUOTED, AFTER_QUOTE } state = START;
  const char delimiter = parser->delimiter;
  WnLine next;

  g_string_truncate (parser->source, 0);
  g_string_truncate (parser->cells, 0);
  g_array_set_size (parser->offsets, 0);
  parser->row_start = line->number;
  parser->control_line = 0;
  parser->overflow = FALSE;
  begin_cell (parser);

  for (;;)
    {
      const char *p = line->text;
      const char *end = line->text + line->len;

      if (parser->source->len + line->len + 1 > WN_CSV_MAX_RECORD)
        {
          g_autofree char *size = g_format_size_full (WN_CSV_MAX_RECORD, G_FORMAT_SIZE_IEC_UNITS);

          _wn_import_set_error (error, WN_IMPORT_ERROR_TOO_LARGE,
                                wn_line_reader_get_name (parser->reader), parser->row_start,
                                _("the row that starts here is larger than %s; is a quote left open?"),
                                size);
          return ROW_ERROR;
        }
      if (parser->source->len > 0)
        g_string_append_c (parser->source, '\n');
      g_string_append_len (parser->source, line->text, line->len);
      parser->row_end = line->number;
      if (line->has_control && parser->control_line == 0)
        parser->control_line = line->number;

      while (p < end)
        {
          switch (state)
            {
            case START:
              if (parser->quoting)
                {
                  const char *q = p;

                  /* ' "a, b"' is a quoted cell too: hand-made files put a
                   * blank after the delimiter. */
                  while (q < end && *q == ' ')
                    q++;
                  if (q < end && *q == '"')
                    {
                      p = q + 1;
                      state = QUOTED;
                      break;
                    }
                  /* EBSCOhost: ="19326203", so that Excel keeps the
                   * leading zero. The value is what is inside. */
                  if (q + 1 < end && q[0] == '=' && q[1] == '"')
                    {
                      p = q + 2;
                      parser->formula = TRUE;
                      state = QUOTED;
                      break;
                    }
                }
              state = UNQUOTED;
              G_GNUC_FALLTHROUGH;

            case UNQUOTED:
              {
                const char *stop = memchr (p, delimiter, end - p);

                if (stop == NULL)
                  {
                    g_string_append_len (parser->cells, p, end - p);
                    p = end;
                  }
                else
                  {
                    g_string_append_len (parser->cells, p, stop - p);
                    end_cell (parser);
                    begin_cell (parser);
                    state = START;
                    p = stop + 1;
                  }
              }
              break;

            case QUOTED:
              {
                const char *quote = memchr (p, '"', end - p);

                if (quote == NULL)
                  {
                    g_string_append_len (parser->cells, p, end - p);
                    p = end;
                  }
                else
                  {
                    g_string_append_len (parser->cells, p, quote - p);
                    state = AFTER_QUOTE;
                    p = quote + 1;
                  }
              }
              break;

            case AFTER_QUOTE:
              if (*p == '"')
                {
                  /* "" inside quotes is one quote. */
                  g_string_append_c (parser->cells, '"');
                  state = QUOTED;
                  p++;
                }
              else if (*p == delimiter)
                {
                  end_cell (parser);
                  begin_cell (parser);
                  state = START;
                  p++;
                }
              else
                {
                  const char *q = p;

                  /* Blanks between the closing quote and the delimiter
                   * are dropped; any other text there is kept, as
                   * spreadsheets do. */
                  while (q < end && (*q == ' ' || *q == '\t') && *q != delimiter)
                    q++;
                  if (q == end || *q == delimiter)
                    p = q;
                  else
                    state = UNQUOTED;
                }
              break;

            default:
              g_assert_not_reached ();
            }
        }

      if (state != QUOTED)
        break;

      /* A line end inside quotes belongs to the cell. */
      if (!wn_line_reader_next (parser->reader, &next, error))
        return error != NULL && *error != NULL ? ROW_ERROR : ROW_UNTERMINATED;
      g_string_append_c (parser->cells, '\n');
      line = &next;
    }

  end_cell (parser);
  return ROW_OK;
}

static inline guint
n_cells (CsvParser *parser)
{
  return parser->offsets->len;
}

static inline const char *
cell (CsvParser *parser,
      guint      i)
{
  return parser->cells->str + g_array_index (parser->offsets, guint, i);
}

static gboolean
is_blank_text (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
row_is_empty (CsvParser *parser)
{
  for (guint i = 0; i < n_cells (parser); i++)
    if (!is_blank_text (cell (parser, i)))
      return FALSE;
  return TRUE;
}

static guint
count_non_empty (CsvParser *parser)
{
  guint n = 0;

  for (guint i = 0; i < n_cells (parser); i++)
    n += !is_blank_text (cell (parser, i));
  return n;
}

/* The header */

static void
set_report_vendor (CsvParser  *parser,
                   const char *vendor,
                   const char *database)
{
  if (parser->report->vendor == NULL && vendor != NULL)
    parser->report->vendor = g_strdup (vendor);
  if (parser->report->database == NULL && database != NULL)
    parser->report->database = g_strdup (database);
}

static gboolean
has_column (GPtrArray  *names,
            const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (strcmp (g_ptr_array_index (names, i), name) == 0)
      return TRUE;
  return FALSE;
}

static Vendor
vendor_from_columns (CsvParser *parser,
                     GPtrArray *names)
{
  if (has_column (names, "pt") && has_column (names, "ut"))
    return VENDOR_WOS;
  if (parser->embase_preamble || has_column (names, "embase link") || has_column (names, "pui") ||
      has_column (names, "embase accession id"))
    return VENDOR_EMBASE;
  for (guint i = 0; i < names->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (names, i), "emtree "))
      return VENDOR_EMBASE;
  /* PubMed's "Save > CSV": PMID, Title, Authors, Citation, First Author,
   * Journal/Book, Publication Year, Create Date, PMCID, NIHMS ID, DOI. */
  if (has_column (names, "pmid") && has_column (names, "citation") &&
      (has_column (names, "journal/book") || has_column (names, "first author")))
    return VENDOR_PUBMED;
  if (has_column (names, "plink") || (has_column (names, "doctype") && has_column (names, "accession number")))
    return VENDOR_EBSCO;
  if (has_column (names, "eid") && has_column (names, "source title"))
    return VENDOR_SCOPUS;
  return VENDOR_GENERIC;
}

static const char *
vendor_database (Vendor vendor)
{
  switch (vendor)
    {
    case VENDOR_PUBMED:
      return "PubMed";
    case VENDOR_EMBASE:
      return "Embase";
    case VENDOR_SCOPUS:
      return "Scopus";
    case VENDOR_WOS:
      return "Web of Science";
    case VENDOR_EBSCO:
    case VENDOR_GENERIC:
    default:
      return NULL;
    }
}

static void
note_vendor (CsvParser *parser)
{
  switch (parser->vendor)
    {
    case VENDOR_PUBMED:
      set_report_vendor (parser, "PubMed", "PubMed");
      break;
    case VENDOR_EMBASE:
      set_report_vendor (parser, "embase.com", "Embase");
      break;
    case VENDOR_EBSCO:
      set_report_vendor (parser, "EBSCOhost", NULL);
      break;
    case VENDOR_SCOPUS:
      set_report_vendor (parser, "Elsevier", "Scopus");
      break;
    case VENDOR_WOS:
      set_report_vendor (parser, "Clarivate", "Web of Science");
      break;
    case VENDOR_GENERIC:
    default:
      break;
    }
}

static int
compare_by_role (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Column *columns = user_data;
  guint i = *(const guint *) a;
  guint j = *(const guint *) b;

  if (columns[i].role != columns[j].role)
    return columns[i].role < columns[j].role ? -1 : 1;
  if (columns[i].rank != columns[j].rank)
    return columns[i].rank < columns[j].rank ? -1 : 1;
  return i < j ? -1 : (i > j ? 1 : 0);
}

/* Takes the current row as the header. */
static void
set_header (CsvParser *parser,
            GPtrArray *names)
{
  guint n = n_cells (parser);

  parser->n_columns = n;
  parser->columns = g_new0 (Column, n);
  parser->vendor = vendor_from_columns (parser, names);
  /* Web of Science tab-delimited files do not quote; a title that starts
   * with a quote is just that. */
  parser->quoting = parser->vendor != VENDOR_WOS;
  parser->embase_source = -1;
  parser->pubmed_citation = -1;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (cell (parser, i)));
      const char *normalised = g_ptr_array_index (names, i);
      Column *column = &parser->columns[i];

      column->name = *name != '\0' ? g_steal_pointer (&name) : g_strdup_printf ("column %u", i + 1);
      lookup_column (normalised, parser->vendor, &column->role, &column->rank);

      /* embase.com's "Source" is a whole citation, "Nature Communications
       * (2024) 15:1 Article Number: 4063. Date of Publication: 1 Dec
       * 2024": read apart below, and only when there is no "Source
       * title". Scopus's "Source" names the database. */
      if (strcmp (normalised, "source") == 0 && parser->vendor == VENDOR_EMBASE)
        {
          column->role = ROLE_NONE;
          parser->embase_source = i;
        }
      else if (strcmp (normalised, "source") == 0 && parser->vendor == VENDOR_SCOPUS)
        column->role = ROLE_DATABASE;
      else if (strcmp (normalised, "citation") == 0 && parser->vendor == VENDOR_PUBMED)
        parser->pubmed_citation = i;
    }

  parser->order = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    parser->order[i] = i;
  g_qsort_with_data (parser->order, n, sizeof (guint), compare_by_role, parser->columns);
  for (guint r = 0, k = 0; r <= N_ROLES; r++)
    {
      while (k < n && (guint) parser->columns[parser->order[k]].role < r)
        k++;
      parser->role_first[r] = k;
    }

  parser->have_header = TRUE;
  note_vendor (parser);
}

static char *
list_columns (GPtrArray *names)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < names->len && i < MAX_LISTED_COLUMNS; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      /* Translators: a column name as quoted in a list of columns */
      g_string_append_printf (out, _("“%s”"), (const char *) g_ptr_array_index (names, i));
    }
  if (names->len > MAX_LISTED_COLUMNS)
    g_string_append (out, ", …");

  return g_string_free (out, FALSE);
}

static gboolean
is_rule_row (CsvParser *parser)
{
  /* embase.com's "-------------------------------------" under its query. */
  for (guint i = 0; i < n_cells (parser); i++)
    for (const char *p = cell (parser, i); *p; p++)
      if (*p != '-' && *p != '=' && *p != '_' && !g_ascii_isspace (*p))
        return FALSE;
  return TRUE;
}

/* The current row, before any header was found: the header, a preamble
 * row, or a header without a title column (an error). */
static gboolean
handle_header_candidate (CsvParser  *parser,
                         GError    **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
  gboolean title = FALSE;

  if (parser->overflow)
    {
      _wn_import_set_error (error, WN_IMPORT_ERROR_TOO_LARGE,
                            wn_line_reader_get_name (parser->reader), parser->row_start,
                            _("the header has more than %u columns"), WN_CSV_MAX_COLUMNS);
      return FALSE;
    }
  if (row_is_empty (parser) || is_rule_row (parser))
    return TRUE;

  for (guint i = 0; i < n_cells (parser); i++)
    {
      char *name = normalise_column_name (cell (parser, i));
      Role role;
      int rank;

      lookup_column (name, VENDOR_GENERIC, &role, &rank);
      title = title || role == ROLE_TITLE;
      g_ptr_array_add (names, name);
    }

  /* embase.com: "SEARCH QUERY","dinosaur:ti", then a rule, then a blank
   * line, then the header. */
  if (strcmp (g_ptr_array_index (names, 0), "search query") == 0)
    {
      parser->embase_preamble = TRUE;
      if (parser->report->query == NULL && n_cells (parser) > 1 && !is_blank_text (cell (parser, 1)))
        parser->report->query = g_strstrip (g_strdup (cell (parser, 1)));
      return TRUE;
    }

  if (title)
    {
      set_header (parser, names);
      return TRUE;
    }

  if (count_non_empty (parser) >= 2)
    {
      g_autofree char *list = NULL;

      for (guint i = 0; i < n_cells (parser); i++)
        if (!is_blank_text (cell (parser, i)))
          g_ptr_array_add (shown, g_strstrip (g_strdup (cell (parser, i))));
      list = list_columns (shown);
      _wn_import_set_error (error, WN_IMPORT_ERROR_MALFORMED,
                            wn_line_reader_get_name (parser->reader), parser->row_start,
                            _("the header has no title column (such as “Title” or “Article Title”); "
                              "the columns found are %s"),
                            list);
      return FALSE;
    }

  /* A note of one cell above the header ("About the data: exported on
   * ..."). */
  if (parser->preamble_rows++ == 0)
    parser->first_preamble_line = parser->row_start;
  if (parser->preamble_rows > MAX_PREAMBLE_ROWS)
    {
      _wn_import_set_error (error, WN_IMPORT_ERROR_MALFORMED,
                            wn_line_reader_get_name (parser->reader), parser->first_preamble_line,
                            _("no header row with a title column was found in the first %u rows"),
                            MAX_PREAMBLE_ROWS);
      return FALSE;
    }
  return TRUE;
}

/* Values */

/* A copy without white space at either end and, for values that are one
 * line (titles, names, keywords), with every run of white space (line ends
 * too) as one space. NULL when nothing is left. */
static char *
clean_value (const char *text,
             gboolean    one_line)
{
  const char *start = text;
  const char *end;
  gboolean simple = TRUE;
  GString *out;
  gboolean blank = FALSE;

  while (g_ascii_isspace (*start))
    start++;
  end = start + strlen (start);
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  if (end == start)
    return NULL;

  if (one_line)
    for (const char *p = start; p < end && simple; p++)
      simple = *p == ' ' ? p[1] != ' ' : !g_ascii_isspace (*p);
  if (!one_line || simple)
    return g_strndup (start, end - start);

  out = g_string_sized_new (end - start);
  for (const char *p = start; p < end; p++)
    {
      if (g_ascii_isspace (*p))
        {
          blank = TRUE;
          continue;
        }
      if (blank)
        g_string_append_c (out, ' ');
      blank = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
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

/* A DOI in a link or a citation: after "doi.org/", "doi:" or "doi=", up to
 * the end of the query parameter ("...&id=doi:10.4103%2F2303-9027.138783&
 * atitle=..." in embase.com's OpenURL). Links without such a marker hold
 * no DOI: a Scopus or EBSCOhost permalink has numbers that look like one. */
static char *
doi_from_link (const char *text)
{
  static const char *const markers[] = { "doi.org/", "doi:", "doi=", "doi/" };
  g_autofree char *lower = g_ascii_strdown (text, -1);

  for (gsize i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      const char *at = strstr (lower, markers[i]);
      g_autofree char *part = NULL;

      if (at == NULL)
        continue;
      at += strlen (markers[i]);
      part = g_strndup (text + (at - lower), strcspn (at, "&#? \t\n"));
      return wn_doi_normalise (part);
    }
  return NULL;
}

/* "?direct=true&db=aph&AN=176404503&site=ehost-live" names the database. */
static char *
database_from_permalink (const char *url)
{
  const char *at = strstr (url, "db=");
  g_autofree char *code = NULL;

  while (at != NULL && at > url && at[-1] != '?' && at[-1] != '&')
    at = strstr (at + 1, "db=");
  if (at == NULL)
    return NULL;
  at += 3;
  code = g_strndup (at, strcspn (at, "&#"));
  return wn_ris_database_name (code);
}

typedef struct
{
  char *journal;
  char *year;
  char *volume;
  char *issue;
  char *pages;
} SourceParts;

static void
source_parts_clear (SourceParts *parts)
{
  g_free (parts->journal);
  g_free (parts->year);
  g_free (parts->volume);
  g_free (parts->issue);
  g_free (parts->pages);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SourceParts, source_parts_clear)

static char *
strndup_stripped (const char *start,
                  const char *end)
{
  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  return end > start ? g_strndup (start, end - start) : NULL;
}

/* embase.com's "Source": "Endoscopic Ultrasound (2014) 3:3 (152-160). Date
 * of Publication: 2014", "International Journal of Surgery Case Reports
 * (2019) 54 (83-86). ...", "Nature Communications (2024) 15:1 Article
 * Number: 4063. ...". The 2019 layout has no other column for journal,
 * year, volume, issue or pages. */
static void
parse_embase_source (const char  *text,
                     SourceParts *parts)
{
  const char *year = NULL;
  const char *p;
  const char *run;

  for (p = strchr (text, '('); p != NULL; p = strchr (p + 1, '('))
    if (g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) && g_ascii_isdigit (p[3]) &&
        g_ascii_isdigit (p[4]) && p[5] == ')')
      {
        year = p;
        break;
      }
  if (year == NULL)
    return;

  parts->journal = strndup_stripped (text, year);
  parts->year = g_strndup (year + 1, 4);

  p = year + 6;
  while (*p == ' ')
    p++;
  run = p;
  while (*p != '\0' && *p != ':' && *p != ' ' && *p != '(' && *p != '.')
    p++;
  parts->volume = strndup_stripped (run, p);
  if (*p == ':')
    {
      run = ++p;
      while (*p != '\0' && *p != ' ' && *p != '(' && *p != '.')
        p++;
      parts->issue = strndup_stripped (run, p);
    }
  while (*p == ' ')
    p++;
  if (*p == '(')
    {
      run = ++p;
      while (*p != '\0' && *p != ')')
        p++;
      if (*p == ')')
        parts->pages = strndup_stripped (run, p);
    }
}

/* PubMed's "Citation" is MEDLINE's SO: "Behav Ther. 2022 Mar;53(2):334-347.
 * doi: ...", "Elife. 2022 Nov 30;11:e80092. doi: ...". Its CSV has no
 * other column for volume, issue or pages. Records ahead of print have no
 * ";volume" part, and then nothing is taken. */
static void
parse_pubmed_citation (const char  *text,
                       SourceParts *parts)
{
  const char *semicolon = strchr (text, ';');
  const char *doi = strstr (text, "doi:");
  const char *p;
  const char *run;

  if (semicolon == NULL || (doi != NULL && doi < semicolon))
    return;

  p = run = semicolon + 1;
  while (*p != '\0' && *p != '(' && *p != ':' && *p != '.' && *p != ' ' && *p != ';')
    p++;
  parts->volume = strndup_stripped (run, p);
  if (*p == '(')
    {
      run = ++p;
      while (*p != '\0' && *p != ')')
        p++;
      if (*p != ')')
        return;
      parts->issue = strndup_stripped (run, p);
      p++;
    }
  if (*p == ':')
    {
      run = ++p;
      while (*p != '\0' && *p != ' ' && *p != ';' && !(*p == '.' && (p[1] == ' ' || p[1] == '\0')))
        p++;
      parts->pages = strndup_stripped (run, p);
    }
}

/* Authors
 *
 * Every export joins a record's authors in one cell, each its own way:
 *  - PubMed: "Griffin DK, Larkin DM, O'Connor RE." (comma list, initials
 *    without stops, a full stop after the last);
 *  - embase.com: "Yang Z., Jiang B., McNamara M.E." (comma list, initials
 *    with stops);
 *  - EBSCOhost, Scopus, Web of Science: "Curry Rogers, Kristina; Martínez,
 *    Ricardo N." (semicolons);
 *  - BibTeX-minded tools: "Lim, SM and Shiau, CWC";
 *  - asreview's RIS as CSV: "['Marx, Karl', 'Lindgren, Astrid']".
 * Names become "Last, First M." where the form allows: "Yang Z." and
 * "Griffin DK" are "Yang, Z." and "Griffin, D.K."; wn_import_parse_file()
 * then writes every importer's names in one form ("Griffin, D. K.",
 * wn-author-name.h). Names already with a comma, and names that are not
 * surname-and-initials ("CAIZHI SHEN", group authors), are kept as they are.
 */

static gboolean
is_dotted_initials (const char *token)
{
  const char *p = token;
  gboolean any = FALSE;

  /* "Z.", "M.E.", "J.-P.", "Ch." */
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '-' && any)
        {
          p++;
          continue;
        }
      if (!g_unichar_isupper (c))
        return FALSE;
      p = g_utf8_next_char (p);
      if (*p != '\0' && *p != '.' && g_unichar_islower (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p != '.')
        return FALSE;
      p++;
      any = TRUE;
    }
  return any;
}

static gboolean
is_bare_initials (const char *token)
{
  guint n = 0;

  /* PubMed's "DK", "CWC", "JCL". */
  for (const char *p = token; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isupper (g_utf8_get_char (p)) || ++n > 4)
      return FALSE;
  return n > 0;
}

static gboolean
has_lower (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_islower (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* "M.E." stays, "DK" becomes "D.K.", "J.-P." stays. */
static void
append_initials (GString    *out,
                 const char *token)
{
  for (const char *p = token; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (c == '.')
        continue;
      g_string_append_unichar (out, c);
      if (c != '-' && (*next == '\0' || *next == '.' || *next == '-' ||
                       g_unichar_isupper (g_utf8_get_char (next))))
        g_string_append_c (out, '.');
    }
}

static void
add_name (WnRecord   *record,
          const char *text)
{
  g_autofree char *name = clean_value (text, TRUE);
  g_auto(GStrv) tokens = NULL;
  guint n;
  guint last;
  GString *out;

  if (name == NULL)
    return;
  if (strchr (name, ',') != NULL || strchr (name, ' ') == NULL)
    {
      wn_record_add_author (record, name);
      return;
    }

  tokens = g_strsplit (name, " ", -1);
  n = g_strv_length (tokens);

  /* IEEE Xplore and others: "A. B. van der Berg", "J.-P. Dupont". */
  if (is_dotted_initials (tokens[0]) && !is_dotted_initials (tokens[n - 1]))
    {
      guint first = 1;

      while (first < n - 1 && is_dotted_initials (tokens[first]))
        first++;
      out = g_string_new (NULL);
      for (guint i = first; i < n; i++)
        {
          if (i > first)
            g_string_append_c (out, ' ');
          g_string_append (out, tokens[i]);
        }
      g_string_append (out, ", ");
      for (guint i = 0; i < first; i++)
        append_initials (out, tokens[i]);
      g_ptr_array_add (record->authors, g_string_free (out, FALSE));
      return;
    }

  last = n - 1;
  if (n >= 3 && wn_author_name_is_suffix (tokens[last], -1))
    last--;
  /* Bare initials ("DK") only after a surname in mixed case: in "CAIZHI
   * SHEN" or "JUNCHANG LÜ" (EBSCOhost) the capitals are a name. */
  if (!is_dotted_initials (tokens[last]) &&
      !(is_bare_initials (tokens[last]) && has_lower (tokens[0])))
    {
      wn_record_add_author (record, name);
      return;
    }

  out = g_string_new (NULL);
  for (guint i = 0; i < last; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, tokens[i]);
    }
  g_string_append (out, ", ");
  append_initials (out, tokens[last]);
  if (last != n - 1)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, tokens[n - 1]);
    }
  g_ptr_array_add (record->authors, g_string_free (out, FALSE));
}

/* The last blank-separated word of text. */
static const char *
last_word (const char *text)
{
  const char *space = strrchr (text, ' ');

  return space != NULL ? space + 1 : text;
}

/* "Griffin DK, Larkin DM" and "Yang Z., Jiang B." are lists of names;
 * "Smith, John" and "van der Berg, Anna Maria" are one name. A list has
 * two words or more in every part and surname-and-initials in at least
 * half of them (group authors are the rest). */
static gboolean
is_comma_list (GStrv parts)
{
  guint n = 0;
  guint initials = 0;

  for (; parts[n] != NULL; n++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[n]));
      g_autofree char *word = NULL;
      gsize len;

      if (strchr (part, ' ') == NULL)
        return FALSE;
      word = g_strdup (last_word (part));
      len = strlen (word);
      /* "Smith J Jr" */
      if (wn_author_name_is_suffix (word, -1) && strrchr (part, ' ') > strchr (part, ' '))
        {
          g_autofree char *shorter = g_strndup (part, strrchr (part, ' ') - part);

          g_free (word);
          word = g_strdup (last_word (shorter));
          len = strlen (word);
        }
      /* PubMed ends its list with a full stop: "O'Connor RE." */
      if (parts[n + 1] == NULL && len > 1 && word[len - 1] == '.' && !is_dotted_initials (word))
        word[len - 1] = '\0';
      initials += is_dotted_initials (word) || (is_bare_initials (word) && has_lower (part));
    }

  return n >= 2 && initials * 2 >= n;
}

static gboolean
is_list_literal (const char *text)
{
  gsize len = strlen (text);

  return len >= 4 && text[0] == '[' && text[len - 1] == ']' && (text[1] == '\'' || text[1] == '"');
}

/* "['Marx, Karl', 'Lindgren, Astrid']": a Python list as pandas writes it. */
static GPtrArray *
split_list_literal (const char *text)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
  const char *p = text + 1;

  for (;;)
    {
      char quote;
      GString *item;

      while (*p == ' ' || *p == ',')
        p++;
      if (*p != '\'' && *p != '"')
        break;
      quote = *p++;
      item = g_string_new (NULL);
      for (; *p != '\0' && *p != quote; p++)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          g_string_append_c (item, *p);
        }
      g_ptr_array_add (items, g_string_free (item, FALSE));
      if (*p == '\0')
        break;
      p++;
    }

  return items;
}

static void
add_authors (CsvParser  *parser,
             WnRecord   *record,
             const char *value)
{
  g_autofree char *text = clean_value (value, FALSE);
  g_auto(GStrv) parts = NULL;
  gsize len;

  if (text == NULL)
    return;

  if (is_list_literal (text))
    {
      g_autoptr(GPtrArray) items = split_list_literal (text);

      for (guint i = 0; i < items->len; i++)
        add_name (record, g_ptr_array_index (items, i));
      return;
    }

  if (strchr (text, ';') != NULL || strchr (text, '\n') != NULL)
    {
      parts = g_strsplit_set (text, ";\n", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        add_name (record, parts[i]);
      return;
    }

  if (strstr (text, " and ") != NULL)
    {
      parts = g_strsplit (text, " and ", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        add_name (record, parts[i]);
      return;
    }

  /* PubMed ends the list with a full stop; the last name is no
   * abbreviation. */
  len = strlen (text);
  if (parser->vendor == VENDOR_PUBMED && len > 1 && text[len - 1] == '.' &&
      !is_dotted_initials (last_word (text)))
    text[len - 1] = '\0';

  /* PubMed and embase.com always join names with commas, and no name of
   * theirs has one; elsewhere "Smith, John" is one name. */
  parts = g_strsplit (text, ",", -1);
  if (parser->vendor != VENDOR_PUBMED && parser->vendor != VENDOR_EMBASE && !is_comma_list (parts))
    {
      add_name (record, text);
      return;
    }
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));
      gsize part_len = strlen (part);

      if (parts[i + 1] == NULL && part_len > 1 && part[part_len - 1] == '.' &&
          !is_dotted_initials (last_word (part)))
        part[part_len - 1] = '\0';
      add_name (record, part);
    }
}

/* Keywords: "; " (EBSCOhost, Scopus, Web of Science), ", " (embase.com's
 * Emtree terms, whose own commas are inside brackets: "cyst (diagnosis,
 * surgery)"), one per line, or a Python list. */
static void
add_keyword_once (WnRecord   *record,
                  const char *text)
{
  g_autofree char *keyword = clean_value (text, TRUE);

  if (keyword == NULL)
    return;
  /* embase.com's 2019 layout repeats each Emtree column as its "Major
   * Focus" twin. */
  for (guint i = 0; i < record->keywords->len; i++)
    if (strcmp (g_ptr_array_index (record->keywords, i), keyword) == 0)
      return;
  g_ptr_array_add (record->keywords, g_steal_pointer (&keyword));
}

static void
add_keywords (WnRecord   *record,
              const char *value)
{
  g_autofree char *text = clean_value (value, FALSE);
  char separator;
  int depth = 0;
  const char *start;

  if (text == NULL)
    return;

  if (is_list_literal (text))
    {
      g_autoptr(GPtrArray) items = split_list_literal (text);

      for (guint i = 0; i < items->len; i++)
        add_keyword_once (record, g_ptr_array_index (items, i));
      return;
    }

  if (strchr (text, ';') != NULL)
    separator = ';';
  else if (strchr (text, '\n') != NULL)
    separator = '\n';
  else
    separator = ',';

  start = text;
  for (char *p = text;; p++)
    {
      if (*p == '(' || *p == '[')
        depth++;
      else if ((*p == ')' || *p == ']') && depth > 0)
        depth--;
      else if (*p == '\0' || (*p == separator && depth == 0))
        {
          gboolean last = *p == '\0';

          *p = '\0';
          add_keyword_once (record, start);
          if (last)
            break;
          start = p + 1;
        }
    }
}

/* Records */

/* The best non-empty cell of a role, or NULL. */
static const char *
best_cell (CsvParser *parser,
           Role       role)
{
  for (guint k = parser->role_first[role]; k < parser->role_first[role + 1]; k++)
    {
      guint i = parser->order[k];

      if (i < n_cells (parser) && !is_blank_text (cell (parser, i)))
        return cell (parser, i);
    }
  return NULL;
}

static void
set_from_role (CsvParser  *parser,
               char      **slot,
               Role        role,
               gboolean    one_line)
{
  const char *value = best_cell (parser, role);

  if (*slot == NULL && value != NULL)
    *slot = clean_value (value, one_line);
}

static void
map_year (CsvParser *parser,
          WnRecord  *record)
{
  for (guint k = parser->role_first[ROLE_YEAR]; k < parser->role_first[ROLE_YEAR + 1] && record->year == NULL; k++)
    {
      guint i = parser->order[k];

      if (i < n_cells (parser))
        record->year = wn_ris_year_from_date (cell (parser, i));
    }
}

static void
map_doi (CsvParser *parser,
         WnRecord  *record)
{
  for (guint k = parser->role_first[ROLE_DOI]; k < parser->role_first[ROLE_DOI + 1] && record->doi == NULL; k++)
    {
      guint i = parser->order[k];

      if (i < n_cells (parser))
        record->doi = wn_doi_normalise (cell (parser, i));
    }
  for (guint k = parser->role_first[ROLE_DOI_LINK];
       k < parser->role_first[ROLE_DOI_LINK + 1] && record->doi == NULL; k++)
    {
      guint i = parser->order[k];

      if (i < n_cells (parser))
        record->doi = doi_from_link (cell (parser, i));
    }
}

static void
map_pmid (CsvParser *parser,
          WnRecord  *record)
{
  for (guint k = parser->role_first[ROLE_PMID]; k < parser->role_first[ROLE_PMID + 1] && record->pmid == NULL; k++)
    {
      guint i = parser->order[k];
      g_autofree char *value = NULL;

      if (i >= n_cells (parser))
        continue;
      value = clean_value (cell (parser, i), TRUE);
      if (value != NULL && all_digits (value))
        record->pmid = g_steal_pointer (&value);
    }
}

static void
map_pages (CsvParser   *parser,
           WnRecord    *record,
           SourceParts *source)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *count = NULL;

  set_from_role (parser, &record->pages, ROLE_PAGES, TRUE);
  if (record->pages != NULL)
    return;

  set_from_role (parser, &first, ROLE_FIRST_PAGE, TRUE);
  set_from_role (parser, &last, ROLE_LAST_PAGE, TRUE);
  set_from_role (parser, &count, ROLE_PAGE_COUNT, TRUE);

  if (first != NULL && last != NULL && strcmp (first, last) != 0)
    record->pages = g_strdup_printf ("%s-%s", first, last);
  else if (first != NULL && last == NULL && count != NULL && all_digits (first) && all_digits (count) &&
           strlen (first) < 9 && strlen (count) < 9 && g_ascii_strtoull (count, NULL, 10) > 1)
    /* EBSCOhost gives the first page and the number of pages; its RIS
     * export of the same records says SP 924, EP 934 for 924 and 11. */
    record->pages = g_strdup_printf ("%s-%" G_GUINT64_FORMAT, first,
                                     g_ascii_strtoull (first, NULL, 10) + g_ascii_strtoull (count, NULL, 10) - 1);
  else if (first != NULL)
    record->pages = g_steal_pointer (&first);
  else if (last != NULL)
    record->pages = g_steal_pointer (&last);
  else if (source->pages != NULL)
    record->pages = g_steal_pointer (&source->pages);
}

static void
map_record (CsvParser *parser,
            WnRecord  *record)
{
  g_auto(SourceParts) source = { NULL };
  const char *value;

  if (parser->embase_source >= 0 && (guint) parser->embase_source < n_cells (parser))
    parse_embase_source (cell (parser, parser->embase_source), &source);
  else if (parser->pubmed_citation >= 0 && (guint) parser->pubmed_citation < n_cells (parser))
    parse_pubmed_citation (cell (parser, parser->pubmed_citation), &source);

  set_from_role (parser, &record->title, ROLE_TITLE, TRUE);
  value = best_cell (parser, ROLE_AUTHORS);
  if (value != NULL)
    add_authors (parser, record, value);
  map_year (parser, record);
  if (record->year == NULL && source.year != NULL)
    record->year = g_steal_pointer (&source.year);
  set_from_role (parser, &record->journal, ROLE_JOURNAL, TRUE);
  if (record->journal == NULL)
    record->journal = g_steal_pointer (&source.journal);
  set_from_role (parser, &record->volume, ROLE_VOLUME, TRUE);
  if (record->volume == NULL)
    record->volume = g_steal_pointer (&source.volume);
  set_from_role (parser, &record->issue, ROLE_ISSUE, TRUE);
  if (record->issue == NULL)
    record->issue = g_steal_pointer (&source.issue);
  map_pages (parser, record, &source);
  map_doi (parser, record);
  map_pmid (parser, record);
  set_from_role (parser, &record->abstract, ROLE_ABSTRACT, FALSE);
  for (guint k = parser->role_first[ROLE_KEYWORDS]; k < parser->role_first[ROLE_KEYWORDS + 1]; k++)
    {
      guint i = parser->order[k];

      if (i < n_cells (parser))
        add_keywords (record, cell (parser, i));
    }
  set_from_role (parser, &record->language, ROLE_LANGUAGE, TRUE);
  set_from_role (parser, &record->type, ROLE_TYPE, TRUE);
  set_from_role (parser, &record->source_id, ROLE_SOURCE_ID, TRUE);
  /* PubMed's CSV has no id column but the PMID is one. */
  if (record->source_id == NULL && parser->vendor == VENDOR_PUBMED && record->pmid != NULL)
    record->source_id = g_strdup (record->pmid);

  value = best_cell (parser, ROLE_DATABASE);
  if (value != NULL)
    record->database = wn_ris_database_name (value);
  value = best_cell (parser, ROLE_PERMALINK);
  if (record->database == NULL && value != NULL)
    record->database = database_from_permalink (value);
  if (record->database == NULL && vendor_database (parser->vendor) != NULL)
    record->database = g_strdup (vendor_database (parser->vendor));
  if (parser->report->database == NULL && record->database != NULL)
    parser->report->database = g_strdup (record->database);
}

static void
add_fields (CsvParser *parser,
            WnRecord  *record)
{
  guint n = n_cells (parser);
  guint extra = 0;

  for (guint i = 0; i < n; i++)
    {
      const char *value = cell (parser, i);

      if (i < parser->n_columns)
        {
          wn_record_add_field (record, parser->columns[i].name, value);
          continue;
        }
      /* Spreadsheets pad rows with empty cells; only text counts. */
      if (is_blank_text (value))
        continue;
      {
        g_autofree char *tag = g_strdup_printf ("column %u", i + 1);

        wn_record_add_field (record, tag, value);
        extra++;
      }
    }

  if (extra > 0 && parser->extra_cell_rows++ < MAX_EXTRA_CELL_WARNINGS)
    wn_import_report_warn (parser->report, parser->row_start,
                           _("the row has more cells than the header has columns (%u); "
                             "the extra cells are kept as fields named “column N”"),
                           parser->n_columns);
}

static gboolean
handle_row (CsvParser  *parser,
            GError    **error)
{
  g_autoptr(WnRecord) record = NULL;
  gsize hint;

  if (row_is_empty (parser))
    return TRUE;

  if (parser->formula && parser->vendor == VENDOR_GENERIC)
    {
      /* Only EBSCOhost writes Excel formulas into its CSV. */
      parser->vendor = VENDOR_EBSCO;
      note_vendor (parser);
    }

  if (parser->control_line != 0)
    {
      wn_import_report_reject (parser->report, parser->row_start,
                               _("the row holds control characters on line %u; is the file damaged?"),
                               parser->control_line);
      return TRUE;
    }
  if (parser->overflow)
    {
      wn_import_report_reject (parser->report, parser->row_start,
                               _("the row has more than %u cells"), WN_CSV_MAX_COLUMNS);
      return TRUE;
    }

  record = wn_record_new ();
  record->line_start = parser->row_start;
  record->line_end = parser->row_end;
  add_fields (parser, record);
  map_record (parser, record);

  if (record->title == NULL && record->doi == NULL && record->pmid == NULL)
    {
      wn_import_report_reject (parser->report, parser->row_start,
                               _("the row has no title, DOI or PMID, so there is nothing to screen"));
      return TRUE;
    }

  /* Hand the buffer over rather than copy it, unless it is much larger
   * than the row (it grew for a longer row before): thousands of records
   * wait in the import's queue, and each would keep the spare room. */
  if (parser->source->allocated_len <= 2 * parser->source->len + 256)
    {
      hint = parser->source->len + parser->source->len / 4;
      record->source_text = g_string_free (parser->source, FALSE);
      parser->source = g_string_sized_new (hint);
    }
  else
    record->source_text = g_strndup (parser->source->str, parser->source->len);

  if (!parser->sink (g_steal_pointer (&record), parser->user_data, error))
    return FALSE;
  parser->report->records++;

  return !g_cancellable_set_error_if_cancelled (parser->cancellable, error);
}

static gboolean
is_blank_line (const WnLine *line)
{
  for (gsize i = 0; i < line->len; i++)
    if (!g_ascii_isspace (line->text[i]))
      return FALSE;
  return TRUE;
}

/* Excel's "sep=;" first line, which names the delimiter. */
static gboolean
is_sep_line (const WnLine *line,
             char         *delimiter)
{
  if (line->len == 5 && g_ascii_strncasecmp (line->text, "sep=", 4) == 0 &&
      (line->text[4] == ',' || line->text[4] == ';' || line->text[4] == '\t'))
    {
      *delimiter = line->text[4];
      return TRUE;
    }
  return FALSE;
}

static gboolean
parse_rows (CsvParser  *parser,
            GError    **error)
{
  WnLine line;

  while (wn_line_reader_next (parser->reader, &line, error))
    {
      RowStatus status;

      if (is_blank_line (&line))
        continue;

      if (!parser->have_header)
        {
          if (parser->preamble_rows == 0 && !parser->embase_preamble && is_sep_line (&line, &parser->delimiter))
            {
              parser->forced_delimiter = TRUE;
              continue;
            }
          if (!parser->forced_delimiter)
            parser->delimiter = guess_delimiter (line.text, line.len);
        }

      status = read_row (parser, &line, error);
      if (status == ROW_ERROR)
        return FALSE;
      if (status == ROW_UNTERMINATED)
        {
          wn_import_report_reject (parser->report, parser->row_start,
                                   _("a quoted cell in the row that starts here is not closed "
                                     "before the end of the file"));
          return TRUE;
        }

      if (!parser->have_header)
        {
          if (!handle_header_candidate (parser, error))
            return FALSE;
          continue;
        }

      if (!handle_row (parser, error))
        return FALSE;
    }

  return error == NULL || *error == NULL;
}

gboolean
wn_csv_parse (WnLineReader    *reader,
              WnRecordSink     sink,
              gpointer         user_data,
              WnImportReport  *report,
              GCancellable    *cancellable,
              GError         **error)
{
  CsvParser parser = { 0 };
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (sink != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  parser.reader = reader;
  parser.report = report;
  parser.sink = sink;
  parser.user_data = user_data;
  parser.cancellable = cancellable;
  parser.delimiter = ',';
  parser.quoting = TRUE;
  parser.embase_source = -1;
  parser.pubmed_citation = -1;
  parser.source = g_string_sized_new (4096);
  parser.cells = g_string_sized_new (4096);
  parser.offsets = g_array_sized_new (FALSE, FALSE, sizeof (guint), 64);

  ok = parse_rows (&parser, &local_error);

  if (ok && !parser.have_header && parser.preamble_rows > 0)
    {
      _wn_import_set_error (&local_error, WN_IMPORT_ERROR_MALFORMED,
                            wn_line_reader_get_name (reader), parser.first_preamble_line,
                            _("no header row with a title column was found"));
      ok = FALSE;
    }
  if (ok && parser.extra_cell_rows > MAX_EXTRA_CELL_WARNINGS)
    wn_import_report_warn (report, 0, _("%u more rows have more cells than the header has columns"),
                           parser.extra_cell_rows - MAX_EXTRA_CELL_WARNINGS);

  for (guint i = 0; i < parser.n_columns; i++)
    g_free (parser.columns[i].name);
  g_free (parser.columns);
  g_free (parser.order);
  g_string_free (parser.source, TRUE);
  g_string_free (parser.cells, TRUE);
  g_array_unref (parser.offsets);

  if (!ok)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}
