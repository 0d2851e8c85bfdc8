/* wn-normalise.c — bibliographic fields in the form deduplication compares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "wn-normalise.h"
#include "wn-record.h"

/* ------------------------------------------------------------------------ */
/* Greek letters, spelled out                                                */

static const char *const greek_names[] = {
  "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
  "nu", "xi", "omicron", "pi", "rho", "sigma", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
};

/* U+03B1 … U+03C9 and U+0391 … U+03A9 (U+03C2 is final sigma, U+03A2 unassigned). */
static const char *
greek_name (gunichar c)
{
  if (c >= 0x03B1 && c <= 0x03C9)
    return greek_names[c - 0x03B1];
  if (c >= 0x0391 && c <= 0x03A9 && c != 0x03A2)
    return greek_names[c - 0x0391];
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* HTML                                                                      */

typedef struct
{
  const char *name;
  const char *text;
} Entity;

static const Entity entities[] = {
  { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "apos", "'" }, { "nbsp", " " },
  { "ndash", "–" }, { "mdash", "—" }, { "hellip", "…" }, { "lsquo", "‘" }, { "rsquo", "’" },
  { "ldquo", "“" }, { "rdquo", "”" }, { "laquo", "«" }, { "raquo", "»" }, { "szlig", "ß" },
  { "aelig", "æ" }, { "AElig", "Æ" }, { "oelig", "œ" }, { "OElig", "Œ" }, { "thorn", "þ" }, { "eth", "ð" },
  { "times", "×" }, { "plusmn", "±" }, { "deg", "°" }, { "micro", "µ" }, { "middot", "·" }, { "le", "≤" },
  { "ge", "≥" }, { "minus", "−" }, { "reg", "®" }, { "copy", "©" }, { "trade", "™" }, { "shy", "" },
  { "thinsp", " " }, { "ensp", " " }, { "emsp", " " }, { "prime", "′" },
};

static const char *const accent_suffixes[] = {
  "acute", "grave", "uml", "circ", "tilde", "cedil", "ring", "slash", "caron", "macr", "breve", "ogon", "dot",
};

/* Appends the text of the entity named name (len bytes), or returns FALSE. */
static gboolean
append_entity (GString    *out,
               const char *name,
               gsize       len)
{
  char buffer[16];

  if (len == 0 || len >= sizeof buffer)
    return FALSE;
  memcpy (buffer, name, len);
  buffer[len] = '\0';

  if (buffer[0] == '#')
    {
      gunichar c;
      char *end = NULL;

      if (buffer[1] == 'x' || buffer[1] == 'X')
        c = (gunichar) strtoul (buffer + 2, &end, 16);
      else
        c = (gunichar) strtoul (buffer + 1, &end, 10);
      if (end == NULL || *end != '\0' || c == 0 || !g_unichar_validate (c))
        return FALSE;
      g_string_append_unichar (out, c);
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (strcmp (buffer, entities[i].name) == 0)
      {
        g_string_append (out, entities[i].text);
        return TRUE;
      }

  /* &eacute; &Ouml; &ccedil; …: the base letter is what a key keeps. */
  if (g_ascii_isalpha (buffer[0]))
    for (guint i = 0; i < G_N_ELEMENTS (accent_suffixes); i++)
      if (strcmp (buffer + 1, accent_suffixes[i]) == 0)
        {
          g_string_append_c (out, buffer[0]);
          return TRUE;
        }

  /* &alpha; &Beta; */
  for (guint i = 0; i < G_N_ELEMENTS (greek_names); i++)
    if (g_ascii_strcasecmp (buffer, greek_names[i]) == 0)
      {
        g_string_append_unichar (out, (g_ascii_isupper (buffer[0]) ? 0x0391 : 0x03B1) + i);
        return TRUE;
      }

  return FALSE;
}

/* An inline tag: "<i>", "</sup>", "<scp>", "<br/>" — a letter or slash
 * after "<", a short run without "<", and ">". "a < b > c" is not one. */
static gsize
tag_length (const char *p)
{
  gsize n = 1;

  if (!(g_ascii_isalpha (p[1]) || (p[1] == '/' && g_ascii_isalpha (p[2]))))
    return 0;
  while (p[n] != '\0' && p[n] != '>' && p[n] != '<' && n < 64)
    n++;
  return p[n] == '>' ? n + 1 : 0;
}

char *
wn_normalise_html (const char *text)
{
  GString *out;
  const char *p;

  if (text == NULL)
    return NULL;
  if (strchr (text, '&') == NULL && strchr (text, '<') == NULL)
    return g_strdup (text);

  out = g_string_sized_new (strlen (text));
  for (p = text; *p; )
    {
      if (*p == '&')
        {
          const char *semi = p + 1;

          while (*semi && *semi != ';' && (g_ascii_isalnum (*semi) || *semi == '#') && semi - p < 12)
            semi++;
          if (*semi == ';' && append_entity (out, p + 1, semi - p - 1))
            {
              p = semi + 1;
              continue;
            }
        }
      else if (*p == '<')
        {
          gsize n = tag_length (p);

          if (n > 0)
            {
              /* <br> and block tags separate words; inline ones do not. */
              if (g_ascii_strncasecmp (p, "<br", 3) == 0 || g_ascii_strncasecmp (p, "<p", 2) == 0)
                g_string_append_c (out, ' ');
              p += n;
              continue;
            }
        }
      g_string_append_c (out, *p);
      p++;
    }

  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Folding                                                                   */

/* Letters NFKD does not decompose. */
static const char *
special_letter (gunichar c)
{
  switch (c)
    {
    case 0x00DF: return "ss";  /* ß */
    case 0x1E9E: return "ss";
    case 0x00E6: case 0x00C6: return "ae";
    case 0x0153: case 0x0152: return "oe";
    case 0x00F8: case 0x00D8: return "o";
    case 0x0111: case 0x0110: return "d";
    case 0x00F0: case 0x00D0: return "d";
    case 0x0142: case 0x0141: return "l";
    case 0x00FE: case 0x00DE: return "th";
    case 0x0131: return "i";
    case 0x0127: case 0x0126: return "h";
    case 0x014B: case 0x014A: return "n";
    case 0x0138: return "k";
    default: return NULL;
    }
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x02B9 || c == 0x0060 || c == 0x00B4;
}

static inline void
fold_break (GString *out)
{
  if (out->len > 0 && out->str[out->len - 1] != ' ')
    g_string_append_c (out, ' ');
}

static void
fold_ascii (GString *out,
            char     c)
{
  if (g_ascii_isalnum (c))
    g_string_append_c (out, g_ascii_tolower (c));
  else if (c == '&')
    {
      fold_break (out);
      g_string_append (out, "and ");
    }
  else if (c != '\'' && c != '`')
    fold_break (out);
}

/* Folds one character that is not ASCII. */
static void
fold_unichar (GString  *out,
              gunichar  c)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  const char *name;
  gsize n;

  if (is_apostrophe (c))
    return;
  if ((name = special_letter (c)) != NULL)
    {
      g_string_append (out, name);
      return;
    }
  if ((name = greek_name (c)) != NULL || (c == 0x00B5 && (name = "mu")))
    {
      fold_break (out);
      g_string_append (out, name);
      g_string_append_c (out, ' ');
      return;
    }

  n = g_unichar_fully_decompose (c, TRUE, decomposed, G_N_ELEMENTS (decomposed));
  for (gsize i = 0; i < n; i++)
    {
      gunichar d = decomposed[i];

      if (g_unichar_ismark (d))
        continue;
      if (d < 0x80)
        fold_ascii (out, (char) d);
      else if ((name = greek_name (d)) != NULL)
        {
          fold_break (out);
          g_string_append (out, name);
          g_string_append_c (out, ' ');
        }
      else if (g_unichar_isalnum (d))
        g_string_append_unichar (out, g_unichar_tolower (d));
      else
        fold_break (out);
    }
}

/* Appends the folded form of text[0..len) to out (words separated by single
 * spaces; a space may end it). */
/* Folds text[0..len) into out. A letter lost to a wrong encoding ("Bu?lova",
 * "Cort?s", or U+FFFD) is not a word break: it is dropped, or with
 * keep_lost written as "?" (names compare it as any one letter). */
static void
fold_into_full (GString    *out,
                const char *text,
                gssize      len,
                gboolean    keep_lost)
{
  const char *end = len < 0 ? text + strlen (text) : text + len;
  const char *p = text;

  while (p < end)
    {
      guchar c = (guchar) *p;

      if ((c == '?' && p > text && p + 1 < end && g_ascii_isalpha (p[-1]) && g_ascii_isalpha (p[1])) ||
          (c == 0xEF && p + 2 < end && (guchar) p[1] == 0xBF && (guchar) p[2] == 0xBD))
        {
          if (keep_lost)
            g_string_append_c (out, '?');
          p += c == '?' ? 1 : 3;
          continue;
        }
      if (c < 0x80)
        {
          fold_ascii (out, (char) c);
          p++;
        }
      else
        {
          gunichar u = g_utf8_get_char_validated (p, end - p);

          if (u == (gunichar) -1 || u == (gunichar) -2)
            {
              fold_break (out);
              p++;
              continue;
            }
          fold_unichar (out, u);
          p = g_utf8_next_char (p);
        }
    }
}

static void
fold_into (GString    *out,
           const char *text,
           gssize      len)
{
  fold_into_full (out, text, len, FALSE);
}

static char *
finish_key (GString *out)
{
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  if (out->len > 0 && out->str[0] == ' ')
    g_string_erase (out, 0, 1);
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

char *
wn_normalise_text (const char *text)
{
  g_autofree char *decoded = NULL;
  GString *out;

  if (text == NULL)
    return NULL;
  decoded = wn_normalise_html (text);
  out = g_string_sized_new (strlen (decoded));
  fold_into (out, decoded, -1);
  return finish_key (out);
}

/* ------------------------------------------------------------------------ */
/* British and American spelling                                             */

static gboolean
ends_with (const char *word,
           gsize       len,
           const char *suffix)
{
  gsize n = strlen (suffix);

  return len >= n && memcmp (word + len - n, suffix, n) == 0;
}

/* Rewrites one ASCII word of a key in place to its American spelling; the
 * rewrite is applied to both records of a pair, so an over-eager rule
 * costs nothing. Returns the new length. */
static gsize
americanise (char  *word,
             gsize  len)
{
  gsize w = 0;

  /* ae, oe → e: haematology, oedema, foetal, diarrhoea, paediatric;
   * our → or inside longer words: behavioural, colourful, neighbourhood. */
  for (gsize r = 0; r < len; r++)
    {
      if ((word[r] == 'a' || word[r] == 'o') && r + 1 < len && word[r + 1] == 'e' && len > 3)
        continue;
      if (word[r] == 'u' && r >= 2 && word[r - 1] == 'o' && r + 1 < len && word[r + 1] == 'r' && len >= 6)
        continue;
      word[w++] = word[r];
    }
  len = w;

  struct { const char *from; const char *to; gsize min; } endings[] = {
    { "isations", "izations", 0 }, { "isation", "ization", 0 }, { "ised", "ized", 6 }, { "ises", "izes", 6 },
    { "ising", "izing", 7 }, { "ise", "ize", 6 }, { "ysed", "yzed", 0 }, { "yse", "yze", 0 },
    { "ours", "ors", 6 }, { "our", "or", 5 }, { "tres", "ters", 5 }, { "tre", "ter", 5 },
    { "ogues", "ogs", 0 }, { "ogue", "og", 0 }, { "mmes", "ms", 7 }, { "mme", "m", 7 },
    { "lled", "led", 6 }, { "lling", "ling", 7 }, { "ence", "ense", 7 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    {
      gsize from = strlen (endings[i].from);
      gsize to = strlen (endings[i].to);

      if (len >= MAX (from + 1, endings[i].min) && ends_with (word, len, endings[i].from) && to <= from)
        {
          memcpy (word + len - from, endings[i].to, to);
          return len - from + to;
        }
    }
  return len;
}

/* Applies americanise() to every ASCII word of a key, in place. */
static void
americanise_key (char *key)
{
  char *read = key;
  char *write = key;

  while (*read)
    {
      char *start = read;
      gboolean ascii = TRUE;
      gsize len;

      while (*read && *read != ' ')
        {
          if ((guchar) *read >= 0x80 || g_ascii_isdigit (*read))
            ascii = FALSE;
          read++;
        }
      len = read - start;
      memmove (write, start, len);
      if (ascii)
        len = americanise (write, len);
      write += len;
      if (*read == ' ')
        {
          *write++ = ' ';
          read++;
        }
    }
  *write = '\0';
}

/* ------------------------------------------------------------------------ */
/* Titles                                                                    */

static const char *const generic_titles[] = {
  "editorial", "editorials", "guest editorial", "editorial note", "editors note", "editors comments",
  "editor s comments", "introduction", "preface", "foreword", "erratum", "errata", "correction",
  "corrections", "corrigendum", "book review", "book reviews", "review", "reviews", "letter", "letters",
  "letter to the editor", "letters to the editor", "reply", "response", "comment", "comments",
  "commentary", "in this issue", "abstracts", "abstract", "news", "unknown", "untitled", "na", "n a",
  "no title", "title", "index", "contents", "table of contents", "announcement", "announcements",
  "obituary", "acknowledgement", "acknowledgements", "acknowledgment", "acknowledgments", "reviewers",
  "conference report", "highlights", "author index", "subject index", "notes", "editorial board",
  "masthead", "front matter", "back matter", "cover", "miscellaneous", "discussion", "summary",
  "poster", "posters", "oral presentations", "poster presentations", "retraction", "notice of retraction",
  "expression of concern", "retracted", "withdrawn", "correspondence", "in brief", "research highlights",
  "from the editor", "editors introduction", "call for papers", "case report", "case reports",
};

/* Trailing "(…)" notes databases add to titles; the content, lower case. */
static const char *const paren_decorations[] = {
  "author s transl", "authors transl", "multiple letters", "letter", "editorial", "review",
  "english abstract", "abstract", "see comments", "reprint", "author s translation",
};

static gboolean
matches_decoration (const char *content,
                    gsize       len)
{
  g_autofree char *key = NULL;
  GString *folded = g_string_sized_new (len);

  fold_into (folded, content, len);
  key = finish_key (folded);
  if (key == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (paren_decorations); i++)
    if (strcmp (key, paren_decorations[i]) == 0)
      return TRUE;
  return g_str_has_prefix (key, "published erratum") || g_str_has_prefix (key, "erratum appears") ||
         g_str_has_prefix (key, "comment in") || g_str_has_prefix (key, "see comment");
}

/* Web of Science writes a correction's title as the article's title
 * followed by "(vol 360, pg 542, 2009)". */
static gboolean
is_wos_erratum_note (const char *content,
                     gsize       len)
{
  g_autofree char *text = g_ascii_strdown (content, len);

  return g_str_has_prefix (text, "vol ") && strstr (text, "pg ") != NULL;
}

/* Embase writes it as "Title (Journal Name (2009) 360 (542-544))": a year in
 * brackets inside the trailing note. */
static gboolean
is_embase_erratum_note (const char *content,
                        gsize       len)
{
  for (gsize i = 0; i + 6 <= len; i++)
    if (content[i] == '(' && g_ascii_isdigit (content[i + 1]) && g_ascii_isdigit (content[i + 2]) &&
        g_ascii_isdigit (content[i + 3]) && g_ascii_isdigit (content[i + 4]) && content[i + 5] == ')')
      {
        int year = atoi (content + i + 1);

        return year >= 1800 && year <= 2100 && i > 2;
      }
  return FALSE;
}

static gboolean
is_trailing_junk (char c)
{
  return g_ascii_isspace (c) || c == '.' || c == ';' || c == ',' || c == ':';
}

/* Finds the bracket that opens the group ending at end (which holds close).
 * Returns its index or -1. */
static gssize
matching_open (const char *text,
               gssize      end,
               char        open,
               char        close)
{
  int depth = 0;

  for (gssize i = end; i >= 0; i--)
    {
      if (text[i] == close)
        depth++;
      else if (text[i] == open && --depth == 0)
        return i;
    }
  return -1;
}

/* Removes, in place, what databases wrap around a title, and notes WoS and
 * Embase erratum notices. Returns the start of the title inside text. */
static char *
strip_decorations (char        *text,
                   WnItemFlags *flags)
{
  char *start = text;
  gssize end;

  for (;;)
    {
      while (*start && (g_ascii_isspace (*start)))
        start++;
      end = (gssize) strlen (start) - 1;
      while (end >= 0 && is_trailing_junk (start[end]))
        start[end--] = '\0';
      if (end < 0)
        break;

      if (start[end] == ']')
        {
          gssize open = matching_open (start, end, '[', ']');

          if (open == 0)
            {
              /* "[A translated title]." — the whole title is in brackets. */
              start[end] = '\0';
              start++;
              continue;
            }
          if (open > 0)
            {
              start[open] = '\0';
              continue;
            }
          break;
        }
      if (start[end] == ')')
        {
          gssize open = matching_open (start, end, '(', ')');

          if (open > 0)
            {
              const char *content = start + open + 1;
              gsize len = end - open - 1;

              if (is_wos_erratum_note (content, len) || is_embase_erratum_note (content, len))
                {
                  *flags |= WN_ITEM_ERRATUM;
                  start[open] = '\0';
                  continue;
                }
              if (matches_decoration (content, len))
                {
                  start[open] = '\0';
                  continue;
                }
            }
        }
      break;
    }

  /* A bracket left open at the end: the field was cut off in the middle of
   * a note ("… syndrome (The Journal of Pediatrics (M"). */
  {
    int depth = 0;
    gssize open_at = -1;

    for (gssize i = (gssize) strlen (start) - 1; i >= 0; i--)
      {
        if (start[i] == ')' || start[i] == ']')
          depth++;
        else if (start[i] == '(' || start[i] == '[')
          {
            if (depth == 0)
              open_at = i;
            else
              depth--;
          }
      }
    if (open_at >= 20)
      {
        start[open_at] = '\0';
        g_strchomp (start);
      }
  }

  /* "English title = Titre français": keep the first language. */
  {
    char *eq = strstr (start, " = ");

    if (eq != NULL && eq - start > 12)
      *eq = '\0';
  }
  return start;
}

typedef struct
{
  const char  *words;     /* a key prefix, whole words */
  gboolean     colon;     /* only when followed by ":" (or nothing) in the original */
  WnItemFlags  flag;
} Marker;

/* Title openings that make an item a notice about another. "Correction",
 * "Response" and "Comment" open real titles too ("Correction of scoliosis
 * with…", "Response to treatment…"), so they count only before a colon. */
static const Marker prefix_markers[] = {
  { "notice of retraction", FALSE, WN_ITEM_RETRACTION },
  { "retraction note to", FALSE, WN_ITEM_RETRACTION },
  { "retraction notice to", FALSE, WN_ITEM_RETRACTION },
  { "retraction note", FALSE, WN_ITEM_RETRACTION },
  { "retraction notice", FALSE, WN_ITEM_RETRACTION },
  { "retraction of", FALSE, WN_ITEM_RETRACTION },
  { "retraction", FALSE, WN_ITEM_RETRACTION },
  { "retracted article", FALSE, WN_ITEM_RETRACTION },
  { "retracted", FALSE, WN_ITEM_RETRACTION },
  { "withdrawn", TRUE, WN_ITEM_RETRACTION },
  { "expression of concern", FALSE, WN_ITEM_RETRACTION },
  { "editorial expression of concern", FALSE, WN_ITEM_RETRACTION },
  { "erratum to", FALSE, WN_ITEM_ERRATUM },
  { "erratum in", FALSE, WN_ITEM_ERRATUM },
  { "erratum", FALSE, WN_ITEM_ERRATUM },
  { "errata", FALSE, WN_ITEM_ERRATUM },
  { "corrigendum to", FALSE, WN_ITEM_ERRATUM },
  { "corrigendum", FALSE, WN_ITEM_ERRATUM },
  { "corrigenda", FALSE, WN_ITEM_ERRATUM },
  { "correction to", FALSE, WN_ITEM_ERRATUM },
  { "author correction", FALSE, WN_ITEM_ERRATUM },
  { "publisher correction", FALSE, WN_ITEM_ERRATUM },
  { "correction", TRUE, WN_ITEM_ERRATUM },
  { "addendum", TRUE, WN_ITEM_ERRATUM },
  { "comment on", FALSE, WN_ITEM_COMMENT },
  { "comments on", FALSE, WN_ITEM_COMMENT },
  { "commentary on", FALSE, WN_ITEM_COMMENT },
  { "commentary", TRUE, WN_ITEM_COMMENT },
  { "comment", TRUE, WN_ITEM_COMMENT },
  { "re", TRUE, WN_ITEM_COMMENT },
  { "letter", TRUE, WN_ITEM_COMMENT },
  { "the authors reply", FALSE, WN_ITEM_REPLY },
  { "authors reply", FALSE, WN_ITEM_REPLY },
  { "author reply", FALSE, WN_ITEM_REPLY },
  { "authors response", FALSE, WN_ITEM_REPLY },
  { "in reply", FALSE, WN_ITEM_REPLY },
  { "reply to", FALSE, WN_ITEM_REPLY },
  { "reply", TRUE, WN_ITEM_REPLY },
  { "response to", TRUE, WN_ITEM_REPLY },
  { "response", TRUE, WN_ITEM_REPLY },
};

/* Title endings after a separator: "X - Reply", "X: authors' reply". */
static const Marker suffix_markers[] = {
  { "the authors reply", FALSE, WN_ITEM_REPLY },
  { "authors reply", FALSE, WN_ITEM_REPLY },
  { "author reply", FALSE, WN_ITEM_REPLY },
  { "reply", FALSE, WN_ITEM_REPLY },
  { "authors response", FALSE, WN_ITEM_REPLY },
  { "response", FALSE, WN_ITEM_REPLY },
  { "erratum", FALSE, WN_ITEM_ERRATUM },
  { "correction", FALSE, WN_ITEM_ERRATUM },
  { "retraction", FALSE, WN_ITEM_RETRACTION },
  { "retracted article", FALSE, WN_ITEM_RETRACTION },
  { "a commentary", FALSE, WN_ITEM_COMMENT },
  { "commentary", FALSE, WN_ITEM_COMMENT },
  { "comment", FALSE, WN_ITEM_COMMENT },
};

/* Length, in the raw text, of the prefix whose folded form is `words`, or 0.
 * Also reports the character that follows it. */
static gsize
raw_prefix_length (const char *raw,
                   const char *words,
                   char       *next)
{
  const char *p = raw;
  const char *w = words;

  while (*w)
    {
      while (*p && !g_ascii_isalnum (*p))
        {
          if ((guchar) *p >= 0x80)
            return 0;
          p++;
        }
      if (*w == ' ')
        {
          w++;
          continue;
        }
      while (*w && *w != ' ')
        {
          /* apostrophes are dropped by folding: "authors' reply" */
          if (*p == '\'')
            p++;
          if (g_ascii_tolower (*p) != *w)
            return 0;
          p++;
          w++;
        }
      if (*p == '\'')
        p++;
      if (g_ascii_isalnum (*p))
        return 0;
    }
  while (*p == ' ')
    p++;
  *next = *p;
  return p - raw;
}

/* Takes notice words off the start or end of raw (in place) and returns
 * the flags they stand for. */
static WnItemFlags
take_markers (char **raw_inout)
{
  char *raw = *raw_inout;
  WnItemFlags flags = 0;
  gsize len;

  for (guint i = 0; i < G_N_ELEMENTS (prefix_markers); i++)
    {
      char next = '\0';
      gsize n = raw_prefix_length (raw, prefix_markers[i].words, &next);

      if (n == 0)
        continue;
      if (prefix_markers[i].colon && next != ':' && next != '\0')
        continue;
      flags |= prefix_markers[i].flag;
      raw += n;
      while (*raw && (*raw == ':' || *raw == '-' || *raw == '.' || *raw == ',' || g_ascii_isspace (*raw)))
        raw++;
      /* "Erratum to: Comment on: X" */
      break;
    }

  len = strlen (raw);
  for (guint i = 0; i < G_N_ELEMENTS (suffix_markers); i++)
    {
      gsize n = strlen (suffix_markers[i].words);
      gsize at;
      gsize sep;

      /* Compare against the raw ending, folded: walk back over letters
       * and spaces only (suffix markers are plain words). */
      if (len < n + 3)
        continue;
      at = len - n;
      {
        g_autofree char *tail = g_ascii_strdown (raw + at, n);
        char *q;

        for (q = tail; *q; q++)
          if (*q == '\'')
            *q = ' ';
        if (strcmp (tail, suffix_markers[i].words) != 0)
          {
            /* "authors' reply" is one byte longer than its folded form */
            if (at > 0 && g_ascii_strncasecmp (raw + at - 1, "authors' reply", 14) == 0 &&
                g_str_equal (suffix_markers[i].words, "authors reply"))
              at--;
            else
              continue;
          }
      }
      if (at > 0 && g_ascii_isalnum (raw[at - 1]))
        continue;
      /* a separator before it: " - ", ":", ".", "—" */
      sep = at;
      while (sep > 0 && raw[sep - 1] == ' ')
        sep--;
      if (sep == 0)
        continue;
      if (raw[sep - 1] == '-' || raw[sep - 1] == ':' || raw[sep - 1] == '.' ||
          (sep >= 3 && (guchar) raw[sep - 3] == 0xE2 && (guchar) raw[sep - 2] == 0x80))
        {
          flags |= suffix_markers[i].flag;
          raw[sep - 1] = '\0';
          break;
        }
    }

  *raw_inout = raw;
  return flags;
}

static gboolean
key_has_word (const char *key,
              const char *word)
{
  gsize n = strlen (word);

  for (const char *p = strstr (key, word); p != NULL; p = strstr (p + 1, word))
    if ((p == key || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
      return TRUE;
  return FALSE;
}

/* Words of a column's recurring title. */
static const char *const column_words[] = {
  "editor", "editors", "editorial", "editorials", "president", "presidents", "column", "columnist",
  "chairman", "chairmans", "chair", "foreword", "preface",
};

static guint
count_key_words (const char *key)
{
  guint n = 1;

  for (const char *p = key; *p; p++)
    if (*p == ' ')
      n++;
  return n;
}

/* The word of a key at *p (up to the next space or the end): moves *p past
 * it, sets *len, and says whether it is all digits (an empty word is). */
static gboolean
next_key_word (const char **p,
               gsize       *len)
{
  const char *word = *p;
  gboolean digits = TRUE;

  while (**p && **p != ' ')
    {
      if (!g_ascii_isdigit (**p))
        digits = FALSE;
      (*p)++;
    }
  *len = *p - word;
  return digits;
}

/* Digit groups written apart are one number: "10 000", "10,000" and
 * "10.000" (the comma and the stop fold to a space) all become "10000",
 * as "10000" is written elsewhere. A group of three digits joins the
 * number of one to three digits before it, or the groups joined before
 * it ("1 000 000"). Works in place: the key only gets shorter. */
static void
join_digit_groups (char *key)
{
  char *w = key;
  const char *p = key;
  gboolean open = FALSE;

  while (*p)
    {
      const char *word = p;
      gsize len;
      gboolean digits = next_key_word (&p, &len);

      if (open && digits && len == 3)
        {
          memmove (w, word, len);
          w += len;
        }
      else
        {
          if (w > key)
            *w++ = ' ';
          memmove (w, word, len);
          w += len;
          open = digits && len >= 1 && len <= 3;
        }
      if (*p == ' ')
        p++;
    }
  *w = '\0';
}

char *
wn_normalise_title (const char  *title,
                    WnItemFlags *flags_out)
{
  g_autofree char *decoded = NULL;
  WnItemFlags flags = 0;
  char *raw;
  char *key;
  GString *out;

  if (flags_out != NULL)
    *flags_out = 0;
  if (title == NULL)
    return NULL;

  decoded = wn_normalise_html (title);
  raw = strip_decorations (decoded, &flags);
  flags |= take_markers (&raw);
  raw = strip_decorations (raw, &flags);

  out = g_string_sized_new (strlen (raw) + 8);
  fold_into (out, raw, -1);
  key = finish_key (out);

  if (key != NULL)
    {
      /* A leading article differs between translations and databases. */
      if (g_str_has_prefix (key, "the ") && strlen (key) > 12)
        memmove (key, key + 4, strlen (key + 4) + 1);
      americanise_key (key);
      join_digit_groups (key);
      if (key_has_word (key, "protocol"))
        flags |= WN_ITEM_PROTOCOL;
    }

  if (key == NULL)
    flags |= WN_ITEM_GENERIC;
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (generic_titles); i++)
        if (strcmp (key, generic_titles[i]) == 0)
          {
            flags |= WN_ITEM_GENERIC;
            break;
          }
      /* A column's recurring title ("Remarks from MIS Quarterly Editor -
       * Editor's Comments", "President's message") names no one work. */
      if (count_key_words (key) <= 10)
        for (guint i = 0; i < G_N_ELEMENTS (column_words); i++)
          if (key_has_word (key, column_words[i]))
            {
              flags |= WN_ITEM_GENERIC;
              break;
            }
    }

  if (flags_out != NULL)
    *flags_out = flags;
  return key;
}

static int
roman_value (const char *word,
             gsize       len)
{
  static const char *const romans[] = {
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x",
    "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx",
  };

  for (guint i = 0; i < G_N_ELEMENTS (romans); i++)
    if (strlen (romans[i]) == len && memcmp (romans[i], word, len) == 0)
      return i + 1;
  return 0;
}

static int
word_number (const char *word,
             gsize       len)
{
  static const char *const words[] = { "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strlen (words[i]) == len && memcmp (words[i], word, len) == 0)
      return i + 1;
  return 0;
}

/* Words after which "I", "one" … are numbers. */
static gboolean
is_counter_word (const char *word,
                 gsize       len)
{
  static const char *const counters[] = {
    "part", "phase", "type", "study", "trial", "stage", "grade", "class", "volume", "vol", "chapter",
    "section", "experiment", "series", "paper", "report", "wave", "round", "cohort", "book",
  };

  for (guint i = 0; i < G_N_ELEMENTS (counters); i++)
    if (strlen (counters[i]) == len && memcmp (counters[i], word, len) == 0)
      return TRUE;
  return FALSE;
}

static int
compare_guint32 (gconstpointer a,
                 gconstpointer b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

guint
wn_normalise_title_numbers (const char *title_key,
                            guint32    *out,
                            guint       max)
{
  const char *p = title_key;
  const char *prev = NULL;
  gsize prev_len = 0;
  guint n = 0;

  if (title_key == NULL || max == 0)
    return 0;

  while (*p)
    {
      const char *word = p;
      gsize len;
      guint64 value = 0;
      gboolean digits = next_key_word (&p, &len);

      if (digits && len > 0 && len <= 9)
        value = g_ascii_strtoull (word, NULL, 10);
      else if (!digits)
        {
          int r = roman_value (word, len);
          gboolean counted = prev != NULL && is_counter_word (prev, prev_len);

          /* "v" and "x" alone are letters ("i.v.", "X-ray") unless counted */
          if ((r >= 2 && len >= 2) || (r >= 1 && counted))
            value = r;
          else if (counted)
            value = word_number (word, len);
          else
            value = 0;
          if (value == 0)
            value = G_MAXUINT64;
        }
      else
        value = G_MAXUINT64;

      if (value != G_MAXUINT64 && n < max)
        {
          gboolean seen = FALSE;

          for (guint i = 0; i < n; i++)
            if (out[i] == (guint32) value)
              seen = TRUE;
          if (!seen)
            out[n++] = (guint32) value;
        }

      prev = word;
      prev_len = len;
      if (*p == ' ')
        p++;
    }

  qsort (out, n, sizeof (guint32), compare_guint32);
  return n;
}

/* ------------------------------------------------------------------------ */
/* Journals                                                                  */

static const char *const journal_stop_words[] = {
  "of", "the", "and", "for", "in", "on", "a", "an", "de", "la", "le", "der", "die", "und", "fur", "et",
  "des", "du", "y", "del", "della", "di", "da", "do", "dos", "das", "i", "en",
};

static gboolean
is_journal_stop_word (const char *word,
                      gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (journal_stop_words); i++)
    if (strlen (journal_stop_words[i]) == len && memcmp (journal_stop_words[i], word, len) == 0)
      return TRUE;
  return FALSE;
}

char *
wn_normalise_journal (const char *journal)
{
  g_autofree char *decoded = NULL;
  g_autofree char *key = NULL;
  GString *text;
  GString *out;
  const char *p;
  int depth = 0;

  if (journal == NULL)
    return NULL;
  decoded = wn_normalise_html (journal);

  /* Drop bracketed parts and what follows " = " or ". Conference". */
  text = g_string_sized_new (strlen (decoded));
  for (p = decoded; *p; p++)
    {
      if (*p == '(' || *p == '[')
        depth++;
      else if ((*p == ')' || *p == ']') && depth > 0)
        depth--;
      else if (depth == 0)
        {
          if (g_str_has_prefix (p, " = ") && text->len > 3)
            break;
          if ((*p == '.' || *p == ':' || *p == ';') && text->len > 3 &&
              g_ascii_strncasecmp (p + 1 + (p[1] == ' '), "conference", 10) == 0)
            break;
          g_string_append_c (text, *p);
        }
    }

  out = g_string_sized_new (text->len);
  fold_into (out, text->str, text->len);
  g_string_free (text, TRUE);
  key = finish_key (out);
  if (key == NULL)
    return NULL;
  americanise_key (key);

  out = g_string_sized_new (strlen (key));
  for (p = key; *p; )
    {
      const char *word = p;
      gsize len;

      while (*p && *p != ' ')
        p++;
      len = p - word;
      /* a last one-letter word is an initial ("U S A"), not an article */
      if (!is_journal_stop_word (word, len) || (len == 1 && *p == '\0'))
        {
          if (out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append_len (out, word, len);
        }
      if (*p == ' ')
        p++;
    }
  if (out->len == 0)
    {
      /* A journal named only by stop words: keep what there was. */
      g_string_free (out, TRUE);
      return g_steal_pointer (&key);
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *start;
  gsize       len;
} Word;

static guint
split_words (const char *key,
             Word       *words,
             guint       max)
{
  guint n = 0;
  const char *p = key;

  while (*p && n < max)
    {
      words[n].start = p;
      while (*p && *p != ' ')
        p++;
      words[n].len = p - words[n].start;
      n++;
      if (*p == ' ')
        p++;
    }
  return n;
}

/* Whether the words of `abbrev` abbreviate `full` from its start, in
 * order: each abbreviated word starts where a full word starts, and its
 * other letters follow in order, possibly running into the next words
 * ("cardiothorac" in "cardio thoracic"); the next abbreviated word starts
 * at the next full word. *complete says whether both ran out together. */
static gboolean
abbreviates_phrase (const Word *words,
                    guint       n,
                    const char *full,
                    gboolean   *complete)
{
  const char *p = full;

  if (n == 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const char *q;

      /* the full name ended first: "Proc Natl Acad Sci U S A" against
       * "Proceedings of the National Academy of Sciences" */
      if (*p == '\0' && i >= 2)
        {
          *complete = FALSE;
          return TRUE;
        }
      if (*p == '\0' || *p != words[i].start[0])
        return FALSE;
      q = p + 1;
      for (gsize k = 1; k < words[i].len; k++)
        {
          while (*q && *q != words[i].start[k])
            q++;
          if (*q == '\0')
            return FALSE;
          q++;
        }
      while (*q && *q != ' ')
        q++;
      while (*q == ' ')
        q++;
      p = q;
    }
  *complete = *p == '\0';
  return TRUE;
}

/* Whether acronym splits into one non-empty prefix of each word, in order:
 * "jama" ~ journal american medical association, "amcis" ~ americas
 * conference information systems ("am" + "c" + "i" + "s"). */
static gboolean
is_prefix_acronym (const char *acronym,
                   gsize       len,
                   const Word *words,
                   guint       n)
{
  if (n == 0)
    return len == 0;
  if (len < n)
    return FALSE;
  for (gsize take = 1; take <= MIN (len - (n - 1), words[0].len); take++)
    {
      if (acronym[take - 1] != words[0].start[take - 1])
        break;
      if (is_prefix_acronym (acronym + take, len - take, words + 1, n - 1))
        return TRUE;
    }
  return FALSE;
}

double
wn_journal_similarity (const char *a,
                       const char *b)
{
  Word wa[24];
  Word wb[24];
  guint na;
  guint nb;
  guint common = 0;

  if (a == NULL || b == NULL)
    return 0.0;
  if (strcmp (a, b) == 0)
    return 1.0;

  /* Without spaces: "zhongguo zhen jiu" and "zhongguo zhenjiu". */
  {
    const char *p = a;
    const char *q = b;

    for (;;)
      {
        while (*p == ' ')
          p++;
        while (*q == ' ')
          q++;
        if (*p != *q)
          break;
        if (*p == '\0')
          return 1.0;
        p++;
        q++;
      }
  }

  na = split_words (a, wa, G_N_ELEMENTS (wa));
  nb = split_words (b, wb, G_N_ELEMENTS (wb));

  /* An acronym: "jama" for "journal american medical association"; also
   * inside a longer name, as proceedings are named: "amcis 2017
   * proceedings" for "americas conference information systems". */
  for (guint side = 0; side < 2; side++)
    {
      const Word *names = side == 0 ? wa : wb;
      guint n_names = side == 0 ? na : nb;
      const Word *words = side == 0 ? wb : wa;
      guint n = side == 0 ? nb : na;

      if (n < 2)
        continue;
      for (guint i = 0; i < n_names; i++)
        if (names[i].len >= 3 && is_prefix_acronym (names[i].start, names[i].len, words, n))
          return n_names == 1 ? 0.95 : 0.9;
    }

  {
    gboolean complete = FALSE;

    if (abbreviates_phrase (wa, na, b, &complete) || abbreviates_phrase (wb, nb, a, &complete))
      return complete ? 0.95 : 0.85;
  }

  for (guint i = 0; i < na; i++)
    for (guint j = 0; j < nb; j++)
      if (wa[i].len == wb[j].len && memcmp (wa[i].start, wb[j].start, wa[i].len) == 0)
        {
          common++;
          break;
        }
  return 0.8 * (2.0 * common) / (na + nb);
}

/* ------------------------------------------------------------------------ */
/* Pages, volumes, years                                                     */

static const char *const months[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
};

typedef struct
{
  guint32  value;
  gsize    digits;     /* digits written, for "482-91" */
  gboolean lettered;   /* S12, A39, 102A, e123, c37 */
  char     letter;
  gboolean roman;
  gboolean month;
} PageNumber;

/* Reads one page number at *p, skipping what comes before it; advances *p. */
static gboolean
read_page_number (const char **pp,
                  PageNumber  *n)
{
  const char *p = *pp;

  memset (n, 0, sizeof *n);
  while (*p && !g_ascii_isalnum (*p))
    p++;
  if (*p == '\0')
    return FALSE;

  if (g_ascii_isalpha (*p))
    {
      const char *word = p;
      gsize len;

      while (g_ascii_isalpha (*p))
        p++;
      len = p - word;
      /* "p. 45", "pp 45-50" */
      if ((len == 1 && word[0] == 'p') || (len == 2 && word[0] == 'p' && word[1] == 'p'))
        {
          *pp = p;
          return read_page_number (pp, n);
        }
      if (g_ascii_isdigit (*p) && len <= 2)
        {
          n->lettered = TRUE;
          n->letter = g_ascii_tolower (word[0]);
        }
      else
        {
          g_autofree char *lower = g_ascii_strdown (word, len);
          int r;

          for (guint i = 0; i < G_N_ELEMENTS (months); i++)
            if (len >= 3 && memcmp (lower, months[i], 3) == 0 && len <= 9)
              {
                n->value = i + 1;
                n->digits = i + 1 >= 10 ? 2 : 1;
                n->month = TRUE;
                *pp = p;
                return TRUE;
              }
          r = roman_value (lower, len);
          if (r == 0)
            {
              for (gsize i = 0; i < len; i++)
                if (strchr ("ivxlc", lower[i]) == NULL)
                  return FALSE;
              /* longer Roman numerals: front matter pages */
              r = 0;
              for (gsize i = 0; i < len; i++)
                {
                  int v = lower[i] == 'i' ? 1 : lower[i] == 'v' ? 5 : lower[i] == 'x' ? 10 : lower[i] == 'l' ? 50 : 100;
                  int next = 0;

                  if (i + 1 < len)
                    next = lower[i + 1] == 'i' ? 1 : lower[i + 1] == 'v' ? 5 : lower[i + 1] == 'x' ? 10 :
                           lower[i + 1] == 'l' ? 50 : 100;
                  r += v < next ? -v : v;
                }
              if (r <= 0)
                return FALSE;
            }
          n->value = r;
          n->roman = TRUE;
          *pp = p;
          return TRUE;
        }
    }

  {
    const char *start = p;
    guint64 v = 0;

    while (g_ascii_isdigit (*p))
      {
        if (v < 100000000)
          v = v * 10 + (*p - '0');
        p++;
      }
    n->value = (guint32) v;
    n->digits = p - start;
    /* 102A, 14S */
    if (g_ascii_isalpha (*p) && !g_ascii_isalpha (p[1]))
      {
        n->lettered = TRUE;
        n->letter = g_ascii_tolower (*p);
        p++;
      }
  }
  *pp = p;
  return TRUE;
}

/* After a first page at *pp, reads "-last" if there is one into *last
 * (expanding "482-91" to 491 and Excel's months). */
static void
read_range_end (const char       **pp,
                const PageNumber  *first,
                guint32           *last_out)
{
  const char *p = *pp;
  PageNumber last;

  while (*p == ' ')
    p++;
  if (!(*p == '-' || g_str_has_prefix (p, "\xe2\x80\x93") || g_str_has_prefix (p, "\xe2\x80\x94") ||
        g_str_has_prefix (p, "to ")))
    return;
  if (read_page_number (&p, &last) && last.value > 0 && last.roman == first->roman)
    {
      guint32 value = last.value;

      /* "482-91": the end repeats only the digits that change. */
      if (value < first->value && last.digits < first->digits && !last.month && !first->month)
        {
          guint32 scale = 1;

          for (gsize i = 0; i < last.digits; i++)
            scale *= 10;
          value = first->value - first->value % scale + value;
          if (value < first->value)
            value += scale;
        }
      /* Excel turned "21-28" into "21-Aug": the month is the last digit(s). */
      else if (last.month && value < first->value)
        {
          guint32 scale = value >= 10 ? 100 : 10;

          value = first->value - first->value % scale + value;
          if (value < first->value)
            value += scale;
        }
      if (value >= first->value && value - first->value < 100000)
        *last_out = value;
      else if (value < first->value)
        *last_out = 0;  /* "2297-2108": a range that runs backwards is damaged */
      *pp = p;
    }
}

gboolean
wn_normalise_pages (const char *pages,
                    WnPages    *out)
{
  g_autofree char *lower = NULL;
  PageNumber first;
  const char *p;

  memset (out, 0, sizeof *out);
  if (pages == NULL)
    return FALSE;
  lower = g_ascii_strdown (pages, -1);
  g_strstrip (lower);
  if (*lower == '\0' || g_str_equal (lower, "na") || g_str_equal (lower, "n/a") || strstr (lower, "pagination") ||
      strstr (lower, "suppl") || strstr (lower, "unknown"))
    return FALSE;

  p = lower;
  if (!read_page_number (&p, &first) || first.value == 0)
    return FALSE;

  /* "62 p", "94 pp": a page count, not where the item is. */
  {
    const char *q = p;

    while (*q == ' ' || *q == '.')
      q++;
    if ((*q == 'p' && (q[1] == '\0' || q[1] == '.' || (q[1] == 'p' && (q[2] == '\0' || q[2] == '.')))) &&
        !first.lettered)
      return FALSE;
  }

  out->first = first.value;
  out->last = first.value;
  /* S12, A39, 102A; but a1754 is BMJ's e-locator (below) */
  if (first.lettered && (first.letter == 's' || (first.letter == 'a' && first.digits < 4)))
    out->flags |= WN_PAGES_SUPPLEMENT;

  /* An article number: e1234, CD002273, or six digits and more with no range. */
  {
    const char *q = p;

    while (*q == ' ')
      q++;
    /* e-locators: e0123456, BMJ's a1754 and c1804 (besides print pages),
     * Cochrane's CD002273; not supplement pages (S12, A39). */
    if (*q == '\0' && (first.digits >= 6 || g_str_has_prefix (lower, "cd") ||
                       (first.lettered && first.letter != 's' && first.digits >= 3 &&
                        !(first.letter == 'a' && first.digits < 4))))
      out->flags |= WN_PAGES_ARTICLE_NUMBER;
  }

  read_range_end (&p, &first, &out->last);
  if (out->last == 0)
    {
      memset (out, 0, sizeof *out);
      return FALSE;
    }

  /* More ranges: "742-8; discussion 748-9", "230-5, 246-51, 233-8",
   * "119-27; quiz 128". The item spans from the lowest first page to the
   * highest last, whatever order a database listed them in. */
  while (*p)
    {
      PageNumber more;
      guint32 last;

      while (*p && !g_ascii_isdigit (*p) &&
             !((*p == 's' || *p == 'a' || *p == 'e') && g_ascii_isdigit (p[1]) &&
               (p == lower || !g_ascii_isalpha (p[-1]))))
        p++;
      if (*p == '\0' || !read_page_number (&p, &more) || more.value == 0 || more.roman || more.month)
        break;
      last = more.value;
      read_range_end (&p, &more, &last);
      /* only ranges near the first: "123-45 (2 pages)" is not page 2 */
      if (more.value + 100 < out->first || more.value > out->last + 100)
        continue;
      out->first = MIN (out->first, more.value);
      out->last = MAX (out->last, last);
    }

  return TRUE;
}

guint32
wn_normalise_number (const char *text,
                     gboolean   *supplement)
{
  const char *p;
  guint64 value = 0;
  gboolean open = FALSE;

  if (supplement != NULL)
    *supplement = FALSE;
  if (text == NULL)
    return 0;
  if (supplement != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (text, -1);

      *supplement = strstr (lower, "suppl") != NULL || strstr (lower, "sp. iss") != NULL ||
                    strstr (lower, "spec iss") != NULL || strstr (lower, "special issue") != NULL;
    }

  /* Text before the number ("Suppl 2", EndNote's "Conference: 22nd FIGO
   * World Congress … Brazil. 143"): the volume is the last number that is
   * not an ordinal. */
  for (p = text; *p == ' '; p++)
    ;
  if (g_ascii_isalpha (*p))
    {
      const char *last = NULL;

      for (const char *q = p; *q; q++)
        if (g_ascii_isdigit (*q) && (q == text || !g_ascii_isalnum (q[-1])))
          {
            const char *end = q;

            while (g_ascii_isdigit (*end))
              end++;
            if (!g_ascii_isalpha (*end))
              last = q;
            q = end - 1;
          }
      if (last == NULL)
        return 0;
      return (guint32) MIN (g_ascii_strtoull (last, NULL, 10), 100000000);
    }

  for (p = text; *p && !g_ascii_isdigit (*p); p++)
    if (*p == '(')
      open = TRUE;
  if (*p == '\0')
    return 0;
  while (g_ascii_isdigit (*p))
    {
      if (value < 100000000)
        value = value * 10 + (*p - '0');
      p++;
    }
  /* "2)" is what is left of "65 (Suppl. 2)" split in the wrong place. */
  while (*p == ' ')
    p++;
  if (*p == ')' && !open)
    return 0;
  return (guint32) value;
}

int
wn_normalise_year (const char *text)
{
  if (text == NULL)
    return 0;
  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) && g_ascii_isdigit (p[3]) &&
          !g_ascii_isdigit (p[4]) && (p == text || !g_ascii_isdigit (p[-1])))
        {
          int year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');

          if (year >= 1800 && year <= 2100)
            return year;
        }
    }
  return 0;
}

char *
wn_normalise_doi (const char *text)
{
  g_autofree char *doi = wn_doi_normalise (text);
  const char *slash;

  if (doi == NULL)
    return NULL;
  slash = strchr (doi, '/');
  if (slash == NULL || slash - doi < 7 || strlen (slash + 1) < 2)
    return NULL;
  return g_steal_pointer (&doi);
}

guint
wn_normalise_doi_version (const char *doi_key)
{
  const char *pub;

  if (doi_key == NULL || !g_str_has_prefix (doi_key, "10.1002/14651858."))
    return 0;
  pub = strstr (doi_key, ".pub");
  if (pub == NULL)
    return 1;
  return MAX (1, atoi (pub + 4));
}

/* ------------------------------------------------------------------------ */
/* Authors                                                                   */

static const char *const name_particles[] = {
  "de", "del", "della", "der", "den", "di", "da", "du", "dos", "das", "van", "von", "le", "la", "lo", "el",
  "al", "bin", "ben", "st", "jr", "sr", "ii", "iii", "iv", "y", "e", "ter", "ten", "mc", "mac", "af", "zu",
};

static const char *const not_names[] = {
  "anonymous", "anon", "unknown", "et al", "and others", "na", "n a", "none", "no author", "no authors listed",
};

static const char *const group_words[] = {
  "group", "consortium", "collaboration", "collaborative", "investigators", "committee", "society",
  "association", "trialists", "network", "team", "working", "writing", "council", "organization",
  "organisation", "institute", "university", "foundation", "pharmaceuticals", "inc", "ltd", "gmbh",
};

static gboolean
in_list (const char         *word,
         gsize               len,
         const char * const *list,
         guint               n)
{
  for (guint i = 0; i < n; i++)
    if (strlen (list[i]) == len && memcmp (list[i], word, len) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  GPtrArray *words;      /* (element-type utf8) folded name words of the whole list */
  GString   *first;      /* first author's words, space separated */
  char       initial;    /* first author's given initial, or 0 */
  gboolean   have_first;
  gboolean   only_groups; /* every name so far was a group's */
} AuthorsKey;

/* A raw token of a name, before folding. */
typedef struct
{
  const char *start;
  gsize       len;
  gboolean    upper;     /* all its letters are upper case */
  gboolean    dotted;    /* followed by "." */
  guint       letters;
} NameToken;

static guint
name_tokens (const char *name,
             gsize       len,
             NameToken  *tokens,
             guint       max)
{
  const char *p = name;
  const char *end = name + len;
  guint n = 0;

  while (p < end && n < max)
    {
      NameToken *t;

      while (p < end && (*p == ' ' || *p == '.' || *p == '-' || *p == ',' || *p == '\t'))
        p++;
      if (p >= end)
        break;
      t = &tokens[n++];
      t->start = p;
      t->upper = TRUE;
      t->letters = 0;
      while (p < end && *p != ' ' && *p != '.' && *p != '-' && *p != ',' && *p != '\t')
        {
          gunichar c = g_utf8_get_char_validated (p, end - p);

          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              p++;
              continue;
            }
          if (g_unichar_isalpha (c))
            {
              t->letters++;
              if (g_unichar_islower (c))
                t->upper = FALSE;
            }
          p = g_utf8_next_char (p);
        }
      t->len = p - t->start;
      t->dotted = p < end && *p == '.';
    }
  return n;
}

/* Adds one name (len bytes) to the key. */
static void
add_name (AuthorsKey *key,
          const char *name,
          gsize       len)
{
  NameToken tokens[16];
  guint n = name_tokens (name, len, tokens, G_N_ELEMENTS (tokens));
  const char *comma = memchr (name, ',', len);
  gboolean any_lower = FALSE;
  gboolean is_group = FALSE;
  char initial = 0;
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);

  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    if (!tokens[i].upper)
      any_lower = TRUE;

  for (guint i = 0; i < n; i++)
    {
      const NameToken *t = &tokens[i];
      gboolean initials;
      GString *folded;
      char *word;

      /* Initials: one letter; or, in a mixed-case name, an upper-case run of
       * up to three letters ("Smith JA", "Legendre, CM"); or, in an
       * all-capitals name, a short token after the first ("LI J"). */
      initials = t->letters <= 1 ||
                 (any_lower && t->upper && t->letters <= 3) ||
                 (!any_lower && i > 0 && t->letters <= 2 && (comma == NULL || t->start > comma));
      if (initials)
        {
          if (initial == 0 && t->letters > 0 &&
              (comma != NULL ? t->start > comma : (i > 0 || n == 1 || tokens[n - 1].letters > 1)))
            initial = g_ascii_tolower (t->start[0]);
          continue;
        }

      folded = g_string_sized_new (t->len);
      fold_into_full (folded, t->start, t->len, TRUE);
      word = finish_key (folded);
      if (word == NULL)
        continue;
      if (strchr (word, ' ') != NULL)
        {
          /* "O'Brien" folds to one word; anything else splits. Keep the pieces. */
          g_auto(GStrv) parts = g_strsplit (word, " ", -1);

          g_free (word);
          for (guint k = 0; parts[k]; k++)
            if (strlen (parts[k]) >= 2)
              g_ptr_array_add (words, g_strdup (parts[k]));
          continue;
        }
      if (in_list (word, strlen (word), group_words, G_N_ELEMENTS (group_words)))
        is_group = TRUE;
      if (strlen (word) < 2 || in_list (word, strlen (word), name_particles, G_N_ELEMENTS (name_particles)))
        {
          g_free (word);
          continue;
        }
      /* The given name in "Smith, John": its initial is what compares. */
      if (comma != NULL && t->start > comma && initial == 0)
        initial = word[0];
      g_ptr_array_add (words, word);
    }

  if (words->len == 0)
    return;
  /* Group authors are left out unless they are all there is (DedupEndNote
   * does the same): one database lists "The ACT Study Group", another not. */
  if (is_group && key->have_first)
    return;
  if (!key->have_first)
    key->only_groups = is_group;
  else if (!is_group)
    key->only_groups = FALSE;

  if (!key->have_first)
    {
      /* The first author's surname: before the comma when there is one;
       * otherwise every word, since "Omulo Sylvia" and "Sylvia Omulo" are
       * both written. */
      for (guint i = 0; i < words->len; i++)
        {
          const char *w = g_ptr_array_index (words, i);

          if (comma != NULL && i > 0 && initial != 0 && w[0] == initial && i == words->len - 1)
            break;
          if (key->first->len > 0)
            g_string_append_c (key->first, ' ');
          g_string_append (key->first, w);
        }
      key->initial = initial;
      key->have_first = TRUE;
    }
  for (guint i = 0; i < words->len; i++)
    g_ptr_array_add (key->words, g_steal_pointer (&words->pdata[i]));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
wn_normalise_authors (const char * const *names,
                      guint               n)
{
  AuthorsKey key = { 0 };
  GString *out;
  guint used = 0;

  key.words = g_ptr_array_new_with_free_func (g_free);
  key.first = g_string_new (NULL);

  for (guint i = 0; i < n && used < WN_AUTHORS_MAX; i++)
    {
      const char *name = names[i];
      g_autofree char *decoded = NULL;
      const char *p;
      const char *start;

      if (name == NULL)
        continue;
      decoded = wn_normalise_html (name);
      {
        g_autofree char *folded = wn_normalise_text (decoded);

        if (folded == NULL || in_list (folded, strlen (folded), not_names, G_N_ELEMENTS (not_names)))
          continue;
      }

      /* One cell may hold several names: "A; B", or ASySD's run-together
       * "Adeli K.Lewis G. F." (a full stop straight before a capitalised
       * word starts the next name). */
      start = decoded;
      for (p = decoded; ; p++)
        {
          gboolean split = *p == '\0' || *p == ';' ||
                           (*p == '.' && g_ascii_isupper (p[1]) && g_ascii_islower (p[2]) && p > decoded &&
                            g_ascii_isupper (p[-1]));

          if (!split)
            continue;
          if (p > start && used < WN_AUTHORS_MAX)
            {
              add_name (&key, start, p - start + (*p == '.'));
              used++;
            }
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }

  /* Only a group author ("ASCUS-LSIL Triage Study (ALTS) Group") names no
   * person: other databases list the people instead. */
  if (key.words->len == 0 || key.only_groups)
    {
      g_ptr_array_unref (key.words);
      g_string_free (key.first, TRUE);
      return NULL;
    }

  g_ptr_array_sort (key.words, compare_strings);
  out = g_string_new (key.first->str);
  g_string_append_c (out, '|');
  g_string_append_c (out, key.initial ? key.initial : '-');
  g_string_append_c (out, '|');
  for (guint i = 0; i < key.words->len; i++)
    {
      const char *w = g_ptr_array_index (key.words, i);

      if (i > 0 && strcmp (w, g_ptr_array_index (key.words, i - 1)) == 0)
        continue;
      if (out->str[out->len - 1] != '|')
        g_string_append_c (out, ' ');
      g_string_append (out, w);
    }

  g_ptr_array_unref (key.words);
  g_string_free (key.first, TRUE);
  return g_string_free (out, FALSE);
}

/* Whether two name words are the same name: equal; equal but for "?"
 * standing for a lost letter; one edit apart when both have four letters or
 * more ("munoz" ~ "muoz"); or Jaro-Winkler ≥ 0.92 when both have five or
 * more ("grundstrom" ~ "grundstrm"). */
static gboolean
words_match (const char *a,
             gsize       alen,
             const char *b,
             gsize       blen)
{
  char x[64];
  char y[64];

  if (alen == blen && memcmp (a, b, alen) == 0)
    return TRUE;
  if (alen == blen && (memchr (a, '?', alen) != NULL || memchr (b, '?', blen) != NULL))
    {
      gsize i;

      for (i = 0; i < alen; i++)
        if (a[i] != b[i] && a[i] != '?' && b[i] != '?')
          break;
      if (i == alen)
        return TRUE;
    }
  if (alen < 4 || blen < 4 || alen >= sizeof x || blen >= sizeof y)
    return FALSE;
  memcpy (x, a, alen);
  x[alen] = '\0';
  memcpy (y, b, blen);
  y[blen] = '\0';
  if (wn_levenshtein_ratio (x, y, 0.0) * MAX (alen, blen) >= MAX (alen, blen) - 1.0 - 1e-9)
    return TRUE;
  return alen >= 5 && blen >= 5 && wn_jaro_winkler (x, y) >= 0.92;
}

double
wn_authors_similarity (const char *a,
                       const char *b)
{
  Word fa[8];
  Word fb[8];
  Word wa[64];
  Word wb[64];
  guint nfa;
  guint nfb;
  guint na;
  guint nb;
  guint matched = 0;
  gboolean matched_b[64] = { FALSE };
  double first = 0.0;
  const char *pa;
  const char *pb;
  char ia;
  char ib;

  if (a == NULL || b == NULL)
    return 0.0;

  pa = strchr (a, '|');
  pb = strchr (b, '|');
  if (pa == NULL || pb == NULL || pa[1] == '\0' || pb[1] == '\0')
    return 0.0;

  {
    g_autofree char *first_a = g_strndup (a, pa - a);
    g_autofree char *first_b = g_strndup (b, pb - b);

    nfa = split_words (first_a, fa, G_N_ELEMENTS (fa));
    nfb = split_words (first_b, fb, G_N_ELEMENTS (fb));
    for (guint i = 0; i < nfa && first == 0.0; i++)
      for (guint j = 0; j < nfb; j++)
        if (words_match (fa[i].start, fa[i].len, fb[j].start, fb[j].len))
          {
            first = 1.0;
            break;
          }
  }
  ia = pa[1];
  ib = pb[1];
  if (first > 0 && ia != '-' && ib != '-' && ia != ib)
    first = 0.5;

  na = split_words (pa + 3, wa, G_N_ELEMENTS (wa));
  nb = split_words (pb + 3, wb, G_N_ELEMENTS (wb));
  if (na == 0 || nb == 0)
    return 0.0;

  /* Exact matches by merging the sorted lists, then fuzzy ones. */
  {
    guint i = 0;
    guint j = 0;
    gboolean matched_a[64] = { FALSE };

    while (i < na && j < nb)
      {
        gsize n = MIN (wa[i].len, wb[j].len);
        int c = memcmp (wa[i].start, wb[j].start, n);

        if (c == 0)
          c = wa[i].len < wb[j].len ? -1 : wa[i].len > wb[j].len;
        if (c == 0)
          {
            matched++;
            matched_a[i] = TRUE;
            matched_b[j] = TRUE;
            i++;
            j++;
          }
        else if (c < 0)
          i++;
        else
          j++;
      }
    if (matched < MIN (na, nb))
      for (i = 0; i < na; i++)
        {
          if (matched_a[i] || wa[i].len < 2)
            continue;
          for (j = 0; j < nb; j++)
            if (!matched_b[j] && words_match (wa[i].start, wa[i].len, wb[j].start, wb[j].len))
              {
                matched++;
                matched_b[j] = TRUE;
                break;
              }
        }
  }

  return 0.5 * ((double) matched / MIN (na, nb)) + 0.5 * first;
}

/* ------------------------------------------------------------------------ */
/* String similarity                                                         */

double
wn_jaro_winkler (const char *a,
                 const char *b)
{
  gsize la;
  gsize lb;
  gsize window;
  gsize matches = 0;
  gsize transpositions = 0;
  gsize prefix = 0;
  gboolean stack_a[256];
  gboolean stack_b[256];
  gboolean *ma;
  gboolean *mb;
  double jaro;

  if (a == NULL || b == NULL)
    return 0.0;
  la = strlen (a);
  lb = strlen (b);
  if (la == 0 && lb == 0)
    return 1.0;
  if (la == 0 || lb == 0)
    return 0.0;

  ma = la <= G_N_ELEMENTS (stack_a) ? stack_a : g_new (gboolean, la);
  mb = lb <= G_N_ELEMENTS (stack_b) ? stack_b : g_new (gboolean, lb);
  memset (ma, 0, la * sizeof (gboolean));
  memset (mb, 0, lb * sizeof (gboolean));

  window = MAX (la, lb) / 2;
  window = window > 0 ? window - 1 : 0;

  for (gsize i = 0; i < la; i++)
    {
      gsize lo = i > window ? i - window : 0;
      gsize hi = MIN (i + window + 1, lb);

      for (gsize j = lo; j < hi; j++)
        if (!mb[j] && a[i] == b[j])
          {
            ma[i] = mb[j] = TRUE;
            matches++;
            break;
          }
    }

  if (matches == 0)
    jaro = 0.0;
  else
    {
      gsize k = 0;

      for (gsize i = 0; i < la; i++)
        {
          if (!ma[i])
            continue;
          while (!mb[k])
            k++;
          if (a[i] != b[k])
            transpositions++;
          k++;
        }
      jaro = ((double) matches / la + (double) matches / lb +
              (double) (matches - transpositions / 2) / matches) / 3.0;
    }

  if (ma != stack_a)
    g_free (ma);
  if (mb != stack_b)
    g_free (mb);

  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix])
    prefix++;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

double
wn_levenshtein_ratio (const char *a,
                      const char *b,
                      double      min_ratio)
{
  gsize la;
  gsize lb;
  gsize longest;
  gsize k;
  guint stack[2][512];
  guint *prev;
  guint *cur;
  guint distance;
  const guint big = G_MAXUINT / 2;

  if (a == NULL || b == NULL)
    return 0.0;
  la = strlen (a);
  lb = strlen (b);
  longest = MAX (la, lb);
  if (longest == 0)
    return 1.0;
  if (la > lb)
    {
      const char *t = a;
      gsize tl = la;

      a = b;
      b = t;
      la = lb;
      lb = tl;
    }

  /* Edits allowed before the ratio falls below min_ratio. */
  min_ratio = CLAMP (min_ratio, 0.0, 1.0);
  k = (gsize) ((1.0 - min_ratio) * longest);
  if (lb - la > k)
    return 1.0 - (double) (lb - la) / longest;

  if (lb + 1 <= G_N_ELEMENTS (stack[0]))
    {
      prev = stack[0];
      cur = stack[1];
    }
  else
    {
      prev = g_new (guint, lb + 1);
      cur = g_new (guint, lb + 1);
    }

  for (gsize j = 0; j <= lb; j++)
    prev[j] = j <= k ? (guint) j : big;

  for (gsize i = 1; i <= la; i++)
    {
      gsize lo = i > k ? i - k : 1;
      gsize hi = MIN (lb, i + k);
      guint row_min = big;

      cur[0] = i <= k ? (guint) i : big;
      if (lo > 1)
        cur[lo - 1] = big;
      for (gsize j = lo; j <= hi; j++)
        {
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          guint best = prev[j - 1] + cost;

          if (prev[j] + 1 < best)
            best = prev[j] + 1;
          if (cur[j - 1] + 1 < best)
            best = cur[j - 1] + 1;
          cur[j] = best;
          if (best < row_min)
            row_min = best;
        }
      if (hi < lb)
        cur[hi + 1] = big;
      if (row_min > k && cur[0] > k)
        {
          if (prev != stack[0] && prev != stack[1])
            {
              g_free (prev);
              g_free (cur);
            }
          return 1.0 - (double) (k + 1) / longest;
        }
      {
        guint *t = prev;

        prev = cur;
        cur = t;
      }
    }

  distance = prev[lb];
  if (prev != stack[0] && prev != stack[1])
    {
      g_free (prev);
      g_free (cur);
    }
  return 1.0 - (double) MIN (distance, longest) / longest;
}
