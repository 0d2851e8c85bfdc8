/* wn-xml.c — the streaming engine behind the XML importers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two readers look at the same bytes, one after the other:
 *
 *   line reader --read_raw--> scanner --> libxml2 xmlTextReader --> walk
 *                                |                                   |
 *                                +--- record bytes and lines ------->+--> WnRecord
 *
 * The reader moves from node to node until it meets a record element;
 * that one it expands into a tree, which the walk reads with plain pointers
 * (a call per node through the reader's API costs as much as the parsing)
 * and then skips, which frees it. So memory holds one record at a time.
 *
 * libxml2 gives the text of each element, decoded and checked, but not
 * where in the file a node was: its line numbers stop at 65535 on elements
 * and its parser runs ahead of the node the reader is on. So every byte
 * passes through a small scanner on its way to libxml2 (in the input
 * callback). The scanner knows only enough XML to find tags (comments,
 * CDATA, processing instructions, quoted attribute values and the DOCTYPE
 * are skipped as units); it finds the records by the same rule as the
 * walk, keeps each record's bytes and line range, and refuses a record or
 * token over the bounds before libxml2 has built anything from it. The
 * walk takes one scanned record from the queue for each record it has
 * read: libxml2 cannot have seen an end tag the scanner has not.
 *
 * The scanner also notices a file cut short: when the input ends inside
 * the document it completes the token it is in and closes the elements
 * still open, so that libxml2 reaches the records before the cut; the
 * record the cut falls in is then rejected.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "wn-xml-private.h"

/* Network off; libxml2's limits kept (no XML_PARSE_HUGE); the encoding in
 * the XML declaration ignored, as the line reader decoded the text; small
 * text nodes stored in place. Not XML_PARSE_NOENT, XML_PARSE_DTDLOAD,
 * XML_PARSE_DTDATTR or XML_PARSE_DTDVALID: each would make libxml2 expand
 * entities or read a DTD. */
#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_IGNORE_ENC | XML_PARSE_COMPACT)

/* libxml2's messages other than the fatal one: at most this many warnings. */
#define MAX_XML_WARNINGS 5

/* Names of open elements kept outside records, by depth. */
#define MAX_OUTER_DEPTH 32

/* Tag names are cut here: they only need to differ from record names and
 * close elements of a file cut short (a longer name cannot be closed). */
#define MAX_NAME 255

/* The scanner */

typedef enum
{
  SCAN_TEXT,
  SCAN_LT,              /* after "<" */
  SCAN_START_NAME,
  SCAN_TAG,             /* a start tag after its name */
  SCAN_TAG_QUOTE,       /* an attribute value */
  SCAN_END_NAME,
  SCAN_END_TAIL,        /* an end tag after its name */
  SCAN_BANG,            /* after "<!" */
  SCAN_BANG_BRACKET,    /* after "<![" */
  SCAN_COMMENT,
  SCAN_CDATA,
  SCAN_PI,
  SCAN_DECL,            /* <!DOCTYPE ...>, with its internal subset */
  SCAN_DECL_QUOTE,
  SCAN_DECL_LT,         /* "<" inside the internal subset */
  SCAN_DECL_BANG,
  SCAN_DECL_BANG_DASH,
} ScanState;

typedef enum
{
  ATTR_BETWEEN,         /* between attributes */
  ATTR_NAME,            /* in or after a name, before "=" */
  ATTR_EQUALS,          /* after "=", before the quote */
} AttrState;

typedef struct
{
  guint     line_start;
  guint     line_end;
  char     *text;
  gboolean  truncated;  /* the file ends inside the record */
} ScannedRecord;

typedef struct
{
  const WnXmlFormat *format;
  const char        *file_name;

  ScanState  state;
  ScanState  return_state;    /* where a comment or PI inside the DOCTYPE returns */
  AttrState  attr_state;
  char       quote;
  guint      marks;           /* "-", "]" or "?" seen just before a possible end */
  guint      decl_depth;      /* "[" nesting in the DOCTYPE */
  gboolean   end_slash;       /* the start tag so far ends with "/" */
  gboolean   amp_open;        /* text ends inside an entity reference */
  char       name[MAX_NAME + 1];  /* the tag name being read, cut at MAX_NAME */
  gsize      name_len;

  /* Names of the open elements, each NUL-terminated, one after another. */
  GString   *stack;
  GArray    *offsets;         /* guint: where each name starts in stack */

  gboolean   in_record;
  guint      record_depth;    /* depth of the record element, 1 = root */
  guint      record_elements; /* start tags in the record so far */
  gboolean   capturing;       /* keeping bytes: a record, or maybe one */
  GString   *capture;
  gsize      capture_from;    /* where the capture starts in this buffer */
  guint      capture_line;

  guint64    offset;          /* of the current buffer in the text */
  guint64    token_start;     /* offset where the current token started */
  guint      token_line;

  guint      line;            /* line at line_pos */
  gsize      line_pos;
  gboolean   cr_pending;      /* the last buffer ended with a CR */
  gboolean   at_line_end;     /* the last buffer ended with a line end */

  GQueue     records;         /* ScannedRecord */
  gboolean   repairing;       /* scanning what closes a file cut short */
  gboolean   cut;             /* the file was cut short */
  gboolean   cut_in_record;   /* ... inside a record */
  guint      cut_line;        /* where the cut record starts, or the last line */
  gboolean   cut_repaired;    /* the cut was closed for libxml2 */
} Scanner;

static void
scanned_record_free (gpointer data)
{
  ScannedRecord *scanned = data;

  g_free (scanned->text);
  g_free (scanned);
}

static void
scanner_init (Scanner           *scanner,
              const WnXmlFormat *format,
              const char        *file_name)
{
  memset (scanner, 0, sizeof *scanner);
  scanner->format = format;
  scanner->file_name = file_name;
  scanner->state = SCAN_TEXT;
  scanner->stack = g_string_new (NULL);
  scanner->offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  scanner->capture = g_string_sized_new (16 * 1024);
  scanner->line = 1;
  scanner->token_line = 1;
  g_queue_init (&scanner->records);
}

static void
scanner_clear (Scanner *scanner)
{
  g_string_free (scanner->stack, TRUE);
  g_array_unref (scanner->offsets);
  g_string_free (scanner->capture, TRUE);
  g_queue_clear_full (&scanner->records, scanned_record_free);
}

static gboolean
name_in (const char        *name,
         const char *const *names)
{
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (strcmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static const char *
scanner_top (Scanner *scanner)
{
  if (scanner->offsets->len == 0)
    return NULL;
  return scanner->stack->str + g_array_index (scanner->offsets, guint, scanner->offsets->len - 1);
}

static void
scanner_push (Scanner    *scanner,
              const char *name)
{
  guint at = scanner->stack->len;

  g_array_append_val (scanner->offsets, at);
  g_string_append_len (scanner->stack, name, strlen (name) + 1);
}

static void
scanner_pop (Scanner *scanner)
{
  guint at;

  if (scanner->offsets->len == 0)
    return;
  at = g_array_index (scanner->offsets, guint, scanner->offsets->len - 1);
  g_array_set_size (scanner->offsets, scanner->offsets->len - 1);
  g_string_truncate (scanner->stack, at);
}

/* Counts the lines up to pos in buf, as the line reader does: LF, CRLF
 * and a lone CR each end a line. */
static guint
line_at (Scanner    *scanner,
         const char *buf,
         gsize       len,
         gsize       pos)
{
  const char *start = buf + scanner->line_pos;
  const char *end = buf + pos;
  const char *p;

  if (pos <= scanner->line_pos)
    return scanner->line;

  for (p = start; (p = memchr (p, '\n', end - p)) != NULL; p++)
    scanner->line++;
  for (p = start; (p = memchr (p, '\r', end - p)) != NULL; p++)
    {
      if (p + 1 == buf + len)
        scanner->cr_pending = TRUE;
      else if (p[1] != '\n')
        scanner->line++;
    }
  scanner->line_pos = pos;

  return scanner->line;
}

static void
too_large (Scanner    *scanner,
           guint       line,
           const char *what,
           gsize       bound,
           GError    **error)
{
  g_autofree char *size = g_format_size_full (bound, G_FORMAT_SIZE_IEC_UNITS);

  /* Translators: the first %s is "the record that starts here" or "a
   * single text or tag", the second a size such as "16.0 MiB" */
  _wn_import_set_error (error, WN_IMPORT_ERROR_TOO_LARGE, scanner->file_name, line,
                        _("%s is larger than %s; no reference file holds one that large"),
                        what, size);
}

/* Where a token (text run, tag, comment, ...) starts. Its line is only
 * needed outside records: inside one, the record's line is given. */
static void
token_begins (Scanner    *scanner,
              const char *buf,
              gsize       len,
              gsize       pos)
{
  scanner->token_start = scanner->offset + pos;
  if (!scanner->in_record)
    scanner->token_line = line_at (scanner, buf, len, pos);
}

static void
emit_record (Scanner    *scanner,
             const char *buf,
             gsize       len,
             gsize       end)
{
  ScannedRecord *scanned = g_new0 (ScannedRecord, 1);
  gsize hint = scanner->capture->len + (end - scanner->capture_from);

  g_string_append_len (scanner->capture, buf + scanner->capture_from, end - scanner->capture_from);
  scanned->line_start = scanner->capture_line;
  scanned->line_end = line_at (scanner, buf, len, end - 1);
  scanned->truncated = scanner->repairing;

  /* Line ends as in every importer's source text: "\n", whatever the
   * file used (XML reads CRLF and a lone CR as LF too). */
  if (memchr (scanner->capture->str, '\r', scanner->capture->len) != NULL)
    {
      char *w = scanner->capture->str;
      const char *r = w;
      const char *stop = w + scanner->capture->len;

      for (; r < stop; r++)
        {
          if (*r != '\r')
            *w++ = *r;
          else if (r + 1 == stop || r[1] != '\n')
            *w++ = '\n';
        }
      g_string_truncate (scanner->capture, w - scanner->capture->str);
    }
  /* Hand the buffer over; the next record gets one of about the same
   * size. */
  scanned->text = g_string_free (scanner->capture, FALSE);
  scanner->capture = g_string_sized_new (hint + hint / 4);
  g_queue_push_tail (&scanner->records, scanned);

  scanner->capturing = FALSE;
  scanner->in_record = FALSE;
}

/* A markup token other than an element tag ended (comment, PI, CDATA,
 * DOCTYPE): outside a record, what was kept in case it began one goes. */
static void
other_token_ends (Scanner    *scanner,
                  const char *buf,
                  gsize       len,
                  gsize       end)
{
  if (!scanner->in_record)
    scanner->capturing = FALSE;
  token_begins (scanner, buf, len, end);
}

static void
start_tag_ends (Scanner    *scanner,
                const char *buf,
                gsize       len,
                gsize       end)
{
  const char *name = scanner->name;

  if (!scanner->in_record && scanner->capturing)
    {
      if (name_in (name, scanner->format->record_names))
        {
          if (scanner->end_slash)
            emit_record (scanner, buf, len, end);
          else
            {
              scanner->in_record = TRUE;
              scanner->record_depth = scanner->offsets->len + 1;
              scanner->record_elements = 0;
            }
        }
      else
        scanner->capturing = FALSE;
    }

  else if (scanner->in_record)
    scanner->record_elements++;

  if (!scanner->end_slash)
    scanner_push (scanner, name);
  token_begins (scanner, buf, len, end);
}

static void
end_tag_ends (Scanner    *scanner,
              const char *buf,
              gsize       len,
              gsize       end)
{
  guint depth = scanner->offsets->len;

  scanner_pop (scanner);
  if (scanner->in_record && depth == scanner->record_depth)
    emit_record (scanner, buf, len, end);
  else if (!scanner->in_record)
    scanner->capturing = FALSE;
  token_begins (scanner, buf, len, end);
}

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Appends name bytes from buf[i] on; returns where the name stops, len if
 * it goes on in the next buffer. Names longer than any the formats use are
 * cut: they only need to differ from record names. */
static gsize
read_name (Scanner    *scanner,
           const char *buf,
           gsize       len,
           gsize       i)
{
  gsize from = i;

  gsize n;

  while (i < len && !is_space (buf[i]) && buf[i] != '>' && buf[i] != '/')
    i++;
  n = MIN (i - from, MAX_NAME - scanner->name_len);
  memcpy (scanner->name + scanner->name_len, buf + from, n);
  scanner->name_len += n;
  scanner->name[scanner->name_len] = '\0';
  return i;
}

/* Feeds buf to the scanner. Returns FALSE with error set when a bound is
 * crossed. */
static gboolean
scan (Scanner     *scanner,
      const char  *buf,
      gsize        len,
      GError     **error)
{
  gsize i = 0;

  scanner->line_pos = 0;
  scanner->capture_from = 0;
  if (scanner->cr_pending && len > 0)
    {
      scanner->cr_pending = FALSE;
      if (buf[0] != '\n')
        scanner->line++;
    }

  while (i < len)
    {
      char c = buf[i];
      const char *p;

      switch (scanner->state)
        {
        case SCAN_TEXT:
          p = memchr (buf + i, '<', len - i);
          if (p == NULL)
            {
              /* An entity reference cut by the end of the buffer: only
               * the end of the file cares. */
              const char *amp = g_strrstr_len (buf + i, len - i, "&");
              const char *semi = g_strrstr_len (buf + i, len - i, ";");

              if (amp != NULL || semi != NULL)
                scanner->amp_open = amp != NULL && (semi == NULL || semi < amp);
              i = len;
              break;
            }
          scanner->amp_open = FALSE;
          i = p - buf;
          token_begins (scanner, buf, len, i);
          if (!scanner->in_record && scanner->offsets->len > 0 &&
              name_in (scanner_top (scanner), scanner->format->parent_names))
            {
              /* Maybe a record: keep its bytes from here. */
              scanner->capturing = TRUE;
              g_string_truncate (scanner->capture, 0);
              scanner->capture_from = i;
              scanner->capture_line = scanner->token_line;
            }
          scanner->state = SCAN_LT;
          i++;
          break;

        case SCAN_LT:
          scanner->name_len = 0;
          scanner->name[0] = '\0';
          scanner->marks = 0;
          if (c == '/')
            {
              scanner->state = SCAN_END_NAME;
              i++;
            }
          else if (c == '!')
            {
              scanner->state = SCAN_BANG;
              i++;
            }
          else if (c == '?')
            {
              scanner->state = SCAN_PI;
              scanner->return_state = SCAN_TEXT;
              i++;
            }
          else
            {
              scanner->state = SCAN_START_NAME;
              scanner->attr_state = ATTR_BETWEEN;
              scanner->end_slash = FALSE;
            }
          break;

        case SCAN_START_NAME:
          i = read_name (scanner, buf, len, i);
          if (i < len)
            scanner->state = SCAN_TAG;
          break;

        case SCAN_TAG:
          /* Attributes: a loop of its own, as tags are much of a file. */
          for (; i < len && scanner->state == SCAN_TAG; i++)
            {
              c = buf[i];
              if (c == '>')
                {
                  scanner->state = SCAN_TEXT;
                  start_tag_ends (scanner, buf, len, i + 1);
                }
              else if (c == '"' || c == '\'')
                {
                  scanner->quote = c;
                  scanner->state = SCAN_TAG_QUOTE;
                  scanner->end_slash = FALSE;
                }
              else if (c == '/')
                scanner->end_slash = TRUE;
              else if (c == '=')
                {
                  scanner->attr_state = ATTR_EQUALS;
                  scanner->end_slash = FALSE;
                }
              else if (!is_space (c))
                {
                  scanner->attr_state = ATTR_NAME;
                  scanner->end_slash = FALSE;
                }
            }
          break;

        case SCAN_TAG_QUOTE:
          p = memchr (buf + i, scanner->quote, len - i);
          if (p == NULL)
            i = len;
          else
            {
              i = p - buf + 1;
              scanner->state = SCAN_TAG;
              scanner->attr_state = ATTR_BETWEEN;
            }
          break;

        case SCAN_END_NAME:
          i = read_name (scanner, buf, len, i);
          if (i < len)
            scanner->state = SCAN_END_TAIL;
          break;

        case SCAN_END_TAIL:
          p = memchr (buf + i, '>', len - i);
          if (p == NULL)
            i = len;
          else
            {
              i = p - buf + 1;
              scanner->state = SCAN_TEXT;
              end_tag_ends (scanner, buf, len, i);
            }
          break;

        case SCAN_BANG:
          if (c == '-' && scanner->marks == 0)
            {
              scanner->marks = 1;
              i++;
            }
          else if (c == '-' && scanner->marks == 1)
            {
              scanner->state = SCAN_COMMENT;
              scanner->return_state = SCAN_TEXT;
              scanner->marks = 0;
              i++;
            }
          else if (c == '[' && scanner->marks == 0)
            scanner->state = SCAN_BANG_BRACKET;
          else
            {
              scanner->state = SCAN_DECL;
              scanner->decl_depth = 0;
            }
          break;

        case SCAN_BANG_BRACKET:
          scanner->name[scanner->name_len++] = c;
          scanner->name[scanner->name_len] = '\0';
          i++;
          if (scanner->name_len == strlen ("[CDATA["))
            {
              scanner->marks = 0;
              scanner->decl_depth = 0;
              scanner->state = strcmp (scanner->name, "[CDATA[") == 0 ? SCAN_CDATA : SCAN_DECL;
            }
          break;

        case SCAN_COMMENT:
        case SCAN_CDATA:
          {
            char mark = scanner->state == SCAN_COMMENT ? '-' : ']';

            if (scanner->marks == 0)
              {
                p = memchr (buf + i, mark, len - i);
                if (p == NULL)
                  {
                    i = len;
                    break;
                  }
                i = p - buf;
                c = *p;
              }
            i++;
            if (c == mark)
              scanner->marks++;
            else if (c == '>' && scanner->marks >= 2)
              {
                scanner->state = scanner->return_state;
                scanner->marks = 0;
                if (scanner->state == SCAN_TEXT)
                  other_token_ends (scanner, buf, len, i);
              }
            else
              scanner->marks = 0;
          }
          break;

        case SCAN_PI:
          if (scanner->marks == 0)
            {
              p = memchr (buf + i, '?', len - i);
              if (p == NULL)
                {
                  i = len;
                  break;
                }
              i = p - buf;
              c = *p;
            }
          i++;
          if (c == '?')
            scanner->marks = 1;
          else if (c == '>')
            {
              scanner->state = scanner->return_state;
              scanner->marks = 0;
              if (scanner->state == SCAN_TEXT)
                other_token_ends (scanner, buf, len, i);
            }
          else
            scanner->marks = 0;
          break;

        case SCAN_DECL:
          i++;
          if (c == '"' || c == '\'')
            {
              scanner->quote = c;
              scanner->state = SCAN_DECL_QUOTE;
            }
          else if (c == '[')
            scanner->decl_depth++;
          else if (c == ']' && scanner->decl_depth > 0)
            scanner->decl_depth--;
          else if (c == '<' && scanner->decl_depth > 0)
            scanner->state = SCAN_DECL_LT;
          else if (c == '>' && scanner->decl_depth == 0)
            {
              scanner->state = SCAN_TEXT;
              other_token_ends (scanner, buf, len, i);
            }
          break;

        case SCAN_DECL_QUOTE:
          p = memchr (buf + i, scanner->quote, len - i);
          if (p == NULL)
            i = len;
          else
            {
              i = p - buf + 1;
              scanner->state = SCAN_DECL;
            }
          break;

        case SCAN_DECL_LT:
          /* Comments and PIs inside the internal subset may hold quotes
           * and brackets that mean nothing. */
          scanner->marks = 0;
          if (c == '!')
            {
              scanner->state = SCAN_DECL_BANG;
              i++;
            }
          else if (c == '?')
            {
              scanner->state = SCAN_PI;
              scanner->return_state = SCAN_DECL;
              i++;
            }
          else
            scanner->state = SCAN_DECL;
          break;

        case SCAN_DECL_BANG:
          if (c == '-')
            {
              scanner->state = SCAN_DECL_BANG_DASH;
              i++;
            }
          else
            scanner->state = SCAN_DECL;
          break;

        case SCAN_DECL_BANG_DASH:
          if (c == '-')
            {
              scanner->state = SCAN_COMMENT;
              scanner->return_state = SCAN_DECL;
              i++;
            }
          else
            scanner->state = SCAN_DECL;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  line_at (scanner, buf, len, len);
  if (len > 0)
    scanner->at_line_end = buf[len - 1] == '\n' || buf[len - 1] == '\r';
  if (scanner->capturing)
    g_string_append_len (scanner->capture, buf + scanner->capture_from, len - scanner->capture_from);
  scanner->offset += len;

  if (scanner->capturing && scanner->in_record && scanner->capture->len > WN_XML_MAX_RECORD)
    {
      too_large (scanner, scanner->capture_line, _("the record that starts here"), WN_XML_MAX_RECORD, error);
      return FALSE;
    }
  /* libxml2 builds each record as a tree: its size follows the number
   * of elements more than the bytes. */
  if (scanner->in_record && scanner->record_elements > WN_XML_MAX_ELEMENTS)
    {
      _wn_import_set_error (error, WN_IMPORT_ERROR_TOO_LARGE, scanner->file_name, scanner->capture_line,
                            _("the record that starts here holds more than %u elements; "
                              "no reference file holds one that large"),
                            (guint) WN_XML_MAX_ELEMENTS);
      return FALSE;
    }
  if (scanner->offset - scanner->token_start > WN_XML_MAX_TOKEN)
    {
      if (scanner->in_record)
        too_large (scanner, scanner->capture_line, _("a single text or tag in the record that starts here"),
                   WN_XML_MAX_TOKEN, error);
      else
        too_large (scanner, scanner->token_line, _("a single text or tag"), WN_XML_MAX_TOKEN, error);
      return FALSE;
    }

  return TRUE;
}

/* The input ended. When the document is still open, writes into repair
 * what completes the token the cut fell in and closes every open element,
 * and returns TRUE; returns FALSE when nothing needs closing or the cut
 * cannot be closed safely (then libxml2 reports it). */
static gboolean
scanner_repair (Scanner *scanner,
                GString *repair)
{
  const char *top = scanner_top (scanner);

  if (scanner->state == SCAN_TEXT && scanner->offsets->len == 0)
    return FALSE;

  scanner->cut = TRUE;
  scanner->cut_in_record = scanner->in_record;
  /* The record the cut falls in, or the last line there is. */
  if (scanner->in_record)
    scanner->cut_line = scanner->capture_line;
  else
    scanner->cut_line = scanner->at_line_end && scanner->line > 1 ? scanner->line - 1 : scanner->line;

  switch (scanner->state)
    {
    case SCAN_TEXT:
      if (scanner->amp_open)
        return FALSE;
      break;
    case SCAN_LT:
      /* "<" and nothing after it: make it an empty element. */
      g_string_append (repair, "cut/>");
      break;
    case SCAN_START_NAME:
      if (scanner->name_len == 0)
        return FALSE;
      g_string_append (repair, "/>");
      break;
    case SCAN_TAG:
      if (scanner->attr_state == ATTR_NAME)
        g_string_append (repair, "=\"\"");
      else if (scanner->attr_state == ATTR_EQUALS)
        g_string_append (repair, "\"\"");
      g_string_append (repair, scanner->end_slash ? ">" : "/>");
      break;
    case SCAN_TAG_QUOTE:
      g_string_append_c (repair, scanner->quote);
      g_string_append (repair, "/>");
      break;
    case SCAN_END_NAME:
    case SCAN_END_TAIL:
      /* "</Aut": finish the name the open element has. */
      if (top == NULL || !g_str_has_prefix (top, scanner->name) ||
          (scanner->state == SCAN_END_TAIL && strcmp (top, scanner->name) != 0))
        return FALSE;
      g_string_append (repair, top + scanner->name_len);
      g_string_append_c (repair, '>');
      break;
    case SCAN_BANG:
      g_string_append (repair, scanner->marks == 0 ? "-- -->" : "- -->");
      break;
    case SCAN_COMMENT:
      g_string_append (repair, scanner->marks >= 2 ? ">" : " -->");
      break;
    case SCAN_CDATA:
      g_string_append (repair, scanner->marks >= 2 ? ">" : "]]>");
      break;
    case SCAN_PI:
      if (scanner->return_state != SCAN_TEXT)
        return FALSE;
      g_string_append (repair, scanner->marks > 0 ? ">" : "?>");
      break;
    case SCAN_BANG_BRACKET:
    case SCAN_DECL:
    case SCAN_DECL_QUOTE:
    case SCAN_DECL_LT:
    case SCAN_DECL_BANG:
    case SCAN_DECL_BANG_DASH:
    default:
      return FALSE;
    }

  /* Close what is open, innermost first; an end tag being completed
   * above closes the innermost one itself. */
  for (guint n = scanner->offsets->len - (scanner->state == SCAN_END_NAME || scanner->state == SCAN_END_TAIL);
       n > 0; n--)
    {
      const char *name = scanner->stack->str + g_array_index (scanner->offsets, guint, n - 1);

      g_string_append_printf (repair, "</%s>", name);
    }

  scanner->cut_repaired = TRUE;
  return TRUE;
}

/* The walk over libxml2's nodes */

typedef struct
{
  const WnXmlFormat *format;
  WnLineReader      *reader;
  WnImportReport    *report;
  WnRecordSink       sink;
  gpointer           user_data;
  GCancellable      *cancellable;
  const char        *file_name;

  xmlTextReaderPtr   xml;
  Scanner            scanner;
  GError            *input_error;   /* from the input callback */
  GString           *repair;        /* bytes that close a file cut short */
  gsize              repair_sent;
  gboolean           input_done;
  gsize              read_limit;    /* see _wn_xml_set_read_limit() */

  /* libxml2's first fatal error, and how many other messages it gave */
  char              *fatal_message;
  guint              fatal_line;
  int                fatal_code;
  guint              xml_messages;

  /* Interned names (libxml2's dictionary), so that most comparisons are
   * of pointers. */
  const xmlChar    **record_names;
  const xmlChar    **parent_names;
  const xmlChar    **inline_names;
  const xmlChar     *math_name;
  const xmlChar     *outer[MAX_OUTER_DEPTH];

  WnRecord          *record;
  GString           *path;
  GString           *text;          /* scratch for an element's text */
  GString           *value;         /* scratch for normalised values */
  WnXmlPaths         paths;         /* of the record's fields */
  guint              n_fields;
  gsize              tag_len;       /* of the tag add_field() is given */
  char              *reject;        /* why the record is rejected, when it is */
} XmlParser;

const char *
_wn_xml_path_name (const char *path)
{
  const char *slash;

  g_return_val_if_fail (path != NULL, NULL);

  slash = strrchr (path, '/');
  if (slash == NULL)
    return path[0] == '@' ? path + 1 : path;
  return slash[1] == '@' ? slash + 2 : slash + 1;
}

static gsize read_limit;

void
_wn_xml_set_read_limit (gsize limit)
{
  g_return_if_fail (limit == 0 || limit >= 4);

  read_limit = limit;
}

static int
input_read_cb (void *context,
               char *buffer,
               int   len)
{
  XmlParser *parser = context;
  gssize n;

  if (parser->input_error != NULL || len <= 0)
    return -1;

  if (parser->repair != NULL)
    {
      n = MIN ((gsize) len, parser->repair->len - parser->repair_sent);
      memcpy (buffer, parser->repair->str + parser->repair_sent, n);
      parser->repair_sent += n;
      return (int) n;
    }
  if (parser->input_done)
    return 0;

  if (len < 4)
    {
      /* libxml2 asks for 4 bytes or for thousands; a character of up to
       * 4 bytes must fit. */
      g_set_error_literal (&parser->input_error, WN_IMPORT_ERROR, WN_IMPORT_ERROR_IO,
                           _("the file could not be read"));
      return -1;
    }

  if (parser->read_limit > 0)
    len = MIN ((gsize) len, parser->read_limit);
  n = wn_line_reader_read_raw (parser->reader, buffer, len, &parser->input_error);
  if (n < 0)
    return -1;

  if (n == 0)
    {
      parser->input_done = TRUE;
      parser->repair = g_string_new (NULL);
      if (!scanner_repair (&parser->scanner, parser->repair))
        g_string_truncate (parser->repair, 0);
      parser->scanner.repairing = TRUE;
      if (!scan (&parser->scanner, parser->repair->str, parser->repair->len, &parser->input_error))
        return -1;
      if (parser->repair->len == 0)
        return 0;
      n = MIN ((gsize) len, parser->repair->len);
      memcpy (buffer, parser->repair->str, n);
      parser->repair_sent = n;
      return (int) n;
    }

  if (!scan (&parser->scanner, buffer, n, &parser->input_error))
    return -1;

  return (int) n;
}

static void
error_cb (void        *context,
          xmlErrorPtr  xml_error)
{
  XmlParser *parser = context;
  g_autofree char *message = NULL;

  if (xml_error == NULL || xml_error->message == NULL)
    return;
  message = g_strchomp (g_strdup (xml_error->message));

  if (xml_error->level == XML_ERR_FATAL)
    {
      if (parser->fatal_message == NULL)
        {
          parser->fatal_message = g_steal_pointer (&message);
          parser->fatal_line = xml_error->line > 0 ? (guint) xml_error->line : 0;
          parser->fatal_code = xml_error->code;
        }
      return;
    }

  /* Namespace slips, undeclared entities in a document with a DTD that
   * was not read: libxml2 goes on, and so does the import. */
  if (parser->xml_messages++ < MAX_XML_WARNINGS)
    wn_import_report_warn (parser->report, xml_error->line > 0 ? (guint) xml_error->line : 0,
                           _("XML problem: %s"), message);
}

/* Messages libxml2 prints rather than reports: dropped. */
static void
generic_error_cb (void       *context,
                  const char *format,
                  ...)
{
}

static const xmlChar **
intern_names (xmlTextReaderPtr   xml,
              const char *const *names)
{
  guint n = names != NULL ? g_strv_length ((char **) names) : 0;
  const xmlChar **interned = g_new0 (const xmlChar *, n + 1);

  for (guint i = 0; i < n; i++)
    interned[i] = xmlTextReaderConstString (xml, (const xmlChar *) names[i]);
  return interned;
}

static gboolean
same_name (const xmlChar *a,
           const xmlChar *b)
{
  return a == b || (a != NULL && b != NULL && a[0] == b[0] && strcmp ((const char *) a, (const char *) b) == 0);
}

static gboolean
interned_in (const xmlChar  *name,
             const xmlChar **names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (same_name (name, names[i]))
      return TRUE;
  return FALSE;
}

/* Markup inside text: the format's inline elements, and MathML, whose
 * elements all count as markup once inside <math> (append_text() takes the
 * text of everything below). Names are the local names of libxml2's
 * nodes, "math" for <mml:math>. */
static gboolean
is_inline (XmlParser     *parser,
           const xmlChar *name)
{
  if (interned_in (name, parser->inline_names))
    return TRUE;
  return parser->format->mathml_inline && same_name (name, parser->math_name);
}

/* path is the field's whole path (parser->tag_len bytes); the field is
 * tagged with its last two steps, and the path kept for the mapping. */
static void
add_raw_field (XmlParser  *parser,
               const char *path,
               const char *text,
               gsize       len)
{
  const char *tag = path + parser->tag_len;
  guint offset = parser->paths.text->len;
  guint steps = 0;

  while (tag > path && (tag[-1] != '/' || ++steps < 2))
    tag--;
  wn_record_add_field_len (parser->record, tag, parser->tag_len - (tag - path), text, len);
  parser->n_fields++;

  g_string_append_len (parser->paths.text, path, parser->tag_len + 1);
  g_array_append_val (parser->paths.offsets, offset);
}

/* Adds the field at path = text (len bytes, NUL-terminated), its runs of
 * white space made one space and none left at either end. When the format
 * says a CR separates values, each value is a field of its own. */
static void
add_normalised_fields (XmlParser  *parser,
                       const char *path,
                       const char *text,
                       gsize       len)
{
  GString *value = parser->value;
  gboolean split = parser->format->split_cr;
  gboolean space = FALSE;
  guint added = 0;

  /* Most values need nothing done. */
  if (len > 0 && !is_space (text[0]) && !is_space (text[len - 1]) &&
      strpbrk (text, "\t\n\r") == NULL && strstr (text, "  ") == NULL)
    {
      add_raw_field (parser, path, text, len);
      return;
    }

  g_string_truncate (value, 0);
  for (gsize i = 0; i <= len; i++)
    {
      char c = i < len ? text[i] : '\0';

      if (i == len || (c == '\r' && split))
        {
          if (value->len > 0 || (i == len && added == 0))
            {
              add_raw_field (parser, path, value->str, value->len);
              added++;
            }
          g_string_truncate (value, 0);
          space = FALSE;
          continue;
        }
      if (is_space (c))
        {
          space = value->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (value, ' ');
      space = FALSE;
      g_string_append_c (value, c);
    }

}

static void
reject_record (XmlParser  *parser,
               const char *reason)
{
  if (parser->reject == NULL)
    parser->reject = g_strdup (reason);
}

/* text[len] is a NUL: text is a whole attribute value, or the tail of
 * XmlParser.text. */
static void
add_field (XmlParser  *parser,
           const char *tag,
           const char *text,
           gsize       len)
{
  if (parser->n_fields >= WN_XML_MAX_FIELDS)
    {
      g_autofree char *reason = g_strdup_printf (_("the record holds more than %u elements; is the file damaged?"),
                                                 (guint) WN_XML_MAX_FIELDS);

      reject_record (parser, reason);
      return;
    }
  add_normalised_fields (parser, tag, text, len);
}

static void
begin_record (XmlParser *parser)
{
  parser->record = wn_record_new ();
  g_string_truncate (parser->path, 0);
  g_string_truncate (parser->paths.text, 0);
  g_array_set_size (parser->paths.offsets, 0);
  parser->n_fields = 0;
  g_clear_pointer (&parser->reject, g_free);
}

static gboolean
end_record (XmlParser  *parser,
            GError    **error)
{
  g_autoptr(WnRecord) record = g_steal_pointer (&parser->record);
  ScannedRecord *scanned = g_queue_pop_head (&parser->scanner.records);
  g_autofree char *reason = NULL;

  if (scanned == NULL)
    {
      /* Cannot happen: the scanner sees every byte before libxml2. */
      _wn_import_set_error (error, WN_IMPORT_ERROR_MALFORMED, parser->file_name, 0,
                            _("the XML could not be split into records"));
      return FALSE;
    }

  record->line_start = scanned->line_start;
  record->line_end = scanned->line_end;
  record->source_text = g_steal_pointer (&scanned->text);

  if (scanned->truncated)
    reason = g_strdup (_("the file ends inside this record; it was probably cut short"));
  else if (parser->reject != NULL)
    reason = g_steal_pointer (&parser->reject);
  else
    reason = parser->format->map (parser->format, record, &parser->paths, parser->report);
  scanned_record_free (scanned);

  if (reason != NULL)
    {
      wn_import_report_reject (parser->report, record->line_start, "%s", reason);
      return TRUE;
    }

  if (!parser->sink (g_steal_pointer (&record), parser->user_data, error))
    return FALSE;
  parser->report->records++;

  return !g_cancellable_set_error_if_cancelled (parser->cancellable, error);
}

static void
append_qname (GString    *out,
              xmlNsPtr    ns,
              const char *name)
{
  if (ns != NULL && ns->prefix != NULL)
    {
      g_string_append (out, (const char *) ns->prefix);
      g_string_append_c (out, ':');
    }
  g_string_append (out, name);
}

static void
add_attribute_fields (XmlParser  *parser,
                      xmlNodePtr  node)
{
  gsize element_len = parser->path->len;

  for (xmlAttrPtr attr = node->properties; attr != NULL && parser->reject == NULL; attr = attr->next)
    {
      xmlNodePtr child = attr->children;

      if (element_len > 0)
        g_string_append_c (parser->path, '/');
      g_string_append_c (parser->path, '@');
      append_qname (parser->path, attr->ns, (const char *) attr->name);
      parser->tag_len = parser->path->len;

      if (child == NULL)
        add_field (parser, parser->path->str, "", 0);
      else if (child->next == NULL && child->type == XML_TEXT_NODE && child->content != NULL)
        add_field (parser, parser->path->str, (const char *) child->content,
                   strlen ((const char *) child->content));
      else
        {
          xmlChar *value = xmlNodeListGetString (node->doc, child, 1);

          add_field (parser, parser->path->str, value != NULL ? (const char *) value : "",
                     value != NULL ? strlen ((const char *) value) : 0);
          xmlFree (value);
        }
      g_string_truncate (parser->path, element_len);
    }
}

/* Appends the text of nodes and what follows them to out. Inside markup
 * every text counts; directly inside a field, white space alone counts
 * only where the format says (EndNote's pretty-printers put it between
 * <style> runs, where EndNote never does; in PubMed a space between two
 * <i> runs is text). Entity references are never expanded: they are kept
 * as written. */
static void append_text (XmlParser  *parser,
                         xmlNodePtr  node,
                         gboolean    in_markup,
                         GString    *out);

static void
append_node_text (XmlParser  *parser,
                  xmlNodePtr  node,
                  gboolean    in_markup,
                  GString    *out)
{
  switch (node->type)
    {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
      if (node->content == NULL ||
          (!in_markup && !parser->format->keep_blank_text && xmlIsBlankNode (node)))
        break;
      g_string_append (out, (const char *) node->content);
      break;
    case XML_ENTITY_REF_NODE:
      g_string_append_c (out, '&');
      g_string_append (out, (const char *) node->name);
      g_string_append_c (out, ';');
      break;
    case XML_ELEMENT_NODE:
      append_text (parser, node->children, TRUE, out);
      break;
    default:
      break;
    }
}

/* Appends the text of node and the nodes after it to out. Inside markup
 * every text counts; directly inside a field, white space alone counts
 * only where the format says (EndNote's pretty-printers put it between
 * <style> runs, where EndNote never does; in PubMed a space between two
 * <i> runs is text). Entity references are never expanded: they are kept
 * as written. */
static void
append_text (XmlParser  *parser,
             xmlNodePtr  node,
             gboolean    in_markup,
             GString    *out)
{
  for (; node != NULL; node = node->next)
    append_node_text (parser, node, in_markup, out);
}

static gboolean
is_inline_node (XmlParser  *parser,
                xmlNodePtr  node)
{
  return node->type == XML_ELEMENT_NODE && is_inline (parser, node->name);
}

/* The fields of one element below the record: its attributes, then its
 * text when it holds no element other than markup, else the fields of
 * the elements inside it (and its own text, if it has any besides). */
static void
add_element_fields (XmlParser  *parser,
                    xmlNodePtr  node,
                    guint       depth,
                    gboolean    is_record)
{
  gsize path_len = parser->path->len;
  gboolean container = is_record;
  xmlNodePtr child;

  if (!is_record)
    {
      if (path_len > 0)
        g_string_append_c (parser->path, '/');
      append_qname (parser->path, node->ns, (const char *) node->name);
    }

  if (depth > WN_XML_MAX_DEPTH)
    {
      g_autofree char *reason = g_strdup_printf (_("the record nests elements more than %u deep; is the file damaged?"),
                                                 (guint) WN_XML_MAX_DEPTH);

      reject_record (parser, reason);
    }
  if (parser->reject != NULL)
    goto out;

  if (node->properties != NULL)
    add_attribute_fields (parser, node);

  for (child = node->children; child != NULL && !container; child = child->next)
    container = child->type == XML_ELEMENT_NODE && !is_inline_node (parser, child);

  parser->tag_len = parser->path->len;
  child = node->children;
  if (!container)
    {
      /* Most elements hold one text node: no copy needed. */
      if (child == NULL)
        add_field (parser, parser->path->str, "", 0);
      else if (child->next == NULL && child->type == XML_TEXT_NODE && child->content != NULL)
        add_field (parser, parser->path->str, (const char *) child->content,
                   strlen ((const char *) child->content));
      else
        {
          g_string_truncate (parser->text, 0);
          append_text (parser, child, FALSE, parser->text);
          add_field (parser, parser->path->str, parser->text->str, parser->text->len);
        }
      goto out;
    }

  for (; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && !is_inline_node (parser, child))
      add_element_fields (parser, child, depth + 1, FALSE);

  if (!is_record)
    {
      /* Mixed content around elements that are not markup: keep the
       * element's own text too, when it has any. */
      g_string_truncate (parser->text, 0);
      for (child = node->children; child != NULL; child = child->next)
        if (child->type != XML_ELEMENT_NODE || is_inline_node (parser, child))
          append_node_text (parser, child, child->type == XML_ELEMENT_NODE, parser->text);
      for (gsize i = 0; i < parser->text->len; i++)
        if (!is_space (parser->text->str[i]))
          {
            g_string_truncate (parser->path, path_len);
            if (path_len > 0)
              g_string_append_c (parser->path, '/');
            append_qname (parser->path, node->ns, (const char *) node->name);
            parser->tag_len = parser->path->len;
            add_field (parser, parser->path->str, parser->text->str, parser->text->len);
            break;
          }
    }

out:
  g_string_truncate (parser->path, path_len);
}

/* The reader goes from node to node outside records; each record is
 * expanded whole (the scanner bounds its size), read as a tree, and
 * skipped, which frees it. */
static gboolean
walk (XmlParser  *parser,
      GError    **error)
{
  xmlTextReaderPtr xml = parser->xml;
  int ret = xmlTextReaderRead (xml);

  while (ret == 1)
    {
      const xmlChar *name;
      int depth;

      if (xmlTextReaderNodeType (xml) != XML_READER_TYPE_ELEMENT)
        {
          ret = xmlTextReaderRead (xml);
          continue;
        }

      name = xmlTextReaderConstName (xml);
      depth = xmlTextReaderDepth (xml);
      if (depth > 0 && depth <= MAX_OUTER_DEPTH &&
          interned_in (name, parser->record_names) &&
          parser->outer[depth - 1] != NULL && interned_in (parser->outer[depth - 1], parser->parent_names))
        {
          xmlNodePtr node = xmlTextReaderExpand (xml);

          if (node == NULL)
            {
              ret = -1;
              break;
            }
          begin_record (parser);
          add_element_fields (parser, node, 1, TRUE);
          if (!end_record (parser, error))
            return FALSE;
          ret = xmlTextReaderNext (xml);
          continue;
        }

      if (xmlTextReaderIsEmptyElement (xml) != 1 && depth >= 0 && depth < MAX_OUTER_DEPTH)
        {
          parser->outer[depth] = name;
          if (depth + 1 < MAX_OUTER_DEPTH)
            parser->outer[depth + 1] = NULL;
        }
      ret = xmlTextReaderRead (xml);
    }

  if (ret == 0 && parser->input_error == NULL && parser->fatal_message == NULL)
    return TRUE;

  if (parser->input_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&parser->input_error));
      return FALSE;
    }
  if (parser->scanner.cut && !parser->scanner.cut_repaired)
    {
      _wn_import_set_error (error, WN_IMPORT_ERROR_MALFORMED, parser->file_name, parser->scanner.cut_line,
                            _("the file ends in the middle of the XML document; it was probably cut short"));
      return FALSE;
    }
  if (parser->fatal_code == XML_ERR_ENTITY_LOOP)
    {
      /* libxml2 gives the line inside the entity's text; the parser is
       * back at the reference by now. */
      _wn_import_set_error (error, WN_IMPORT_ERROR_MALFORMED, parser->file_name,
                            (guint) MAX (xmlTextReaderGetParserLineNumber (parser->xml), 0),
                            _("the file declares XML entities that would expand without end "
                              "(“billion laughs”); they were not expanded and the file was not read"));
      return FALSE;
    }
  _wn_import_set_error (error, WN_IMPORT_ERROR_MALFORMED, parser->file_name, parser->fatal_line,
                        _("this is not well-formed XML: %s"),
                        parser->fatal_message != NULL ? parser->fatal_message : _("the XML parser stopped"));
  return FALSE;
}

static gpointer
init_libxml_once (gpointer data)
{
  /* Before any thread parses: libxml2's globals are set up here. */
  xmlInitParser ();
  return NULL;
}

gboolean
_wn_xml_parse (const WnXmlFormat  *format,
               WnLineReader       *reader,
               WnRecordSink        sink,
               gpointer            user_data,
               WnImportReport     *report,
               GCancellable       *cancellable,
               GError            **error)
{
  static GOnce init_once = G_ONCE_INIT;
  XmlParser parser = { 0 };
  xmlStructuredErrorFunc old_structured;
  void *old_structured_context;
  xmlGenericErrorFunc old_generic;
  void *old_generic_context;
  gboolean ok = FALSE;

  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (sink != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  g_once (&init_once, init_libxml_once, NULL);

  parser.format = format;
  parser.reader = reader;
  parser.report = report;
  parser.sink = sink;
  parser.user_data = user_data;
  parser.cancellable = cancellable;
  parser.file_name = wn_line_reader_get_name (reader);
  parser.read_limit = read_limit;
  parser.path = g_string_new (NULL);
  parser.text = g_string_sized_new (4096);
  parser.value = g_string_sized_new (4096);
  parser.paths.text = g_string_sized_new (4096);
  parser.paths.offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  scanner_init (&parser.scanner, format, parser.file_name);

  /* libxml2's error handlers are per thread; whatever it says during this
   * parse comes here, not to stderr, and the old ones come back after. */
  old_structured = xmlStructuredError;
  old_structured_context = xmlStructuredErrorContext;
  old_generic = xmlGenericError;
  old_generic_context = xmlGenericErrorContext;
  xmlSetStructuredErrorFunc (&parser, error_cb);
  xmlSetGenericErrorFunc (NULL, generic_error_cb);

  parser.xml = xmlReaderForIO (input_read_cb, NULL, &parser, NULL, "UTF-8", XML_OPTIONS);
  if (parser.xml == NULL)
    {
      if (parser.input_error != NULL)
        g_propagate_error (error, g_steal_pointer (&parser.input_error));
      else
        _wn_import_set_error (error, WN_IMPORT_ERROR_IO, parser.file_name, 0,
                              _("the XML parser could not be started"));
      goto out;
    }
  xmlTextReaderSetStructuredErrorHandler (parser.xml, error_cb, &parser);

  parser.record_names = intern_names (parser.xml, format->record_names);
  parser.parent_names = intern_names (parser.xml, format->parent_names);
  parser.inline_names = intern_names (parser.xml, format->inline_names);
  parser.math_name = xmlTextReaderConstString (parser.xml, (const xmlChar *) "math");

  ok = walk (&parser, error);

  /* A cut inside a record is told by that record's rejection. */
  if (ok && parser.scanner.cut && !parser.scanner.cut_in_record)
    wn_import_report_warn (report, parser.scanner.cut_line,
                           _("the file ends before the XML document does; it was probably cut short"));

out:
  g_clear_pointer (&parser.xml, xmlFreeTextReader);
  xmlSetStructuredErrorFunc (old_structured_context, old_structured);
  xmlSetGenericErrorFunc (old_generic_context, old_generic);

  g_clear_pointer (&parser.record, wn_record_free);
  g_clear_error (&parser.input_error);
  g_free (parser.fatal_message);
  g_free (parser.reject);
  g_free (parser.record_names);
  g_free (parser.parent_names);
  g_free (parser.inline_names);
  g_string_free (parser.path, TRUE);
  g_string_free (parser.text, TRUE);
  g_string_free (parser.value, TRUE);
  g_string_free (parser.paths.text, TRUE);
  g_array_unref (parser.paths.offsets);
  if (parser.repair != NULL)
    g_string_free (parser.repair, TRUE);
  scanner_clear (&parser.scanner);

  return ok;
}
