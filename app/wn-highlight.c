/* wn-highlight.c — the include/exclude keyword highlighter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each list becomes one PCRE2 pattern, an alternation of its terms, with
 * every character of a term escaped except white space (→ \s+) and "*"
 * (→ word characters). The alternatives are ordered so that the first to
 * match at a place is the longest there (see term_compare()), because
 * PCRE2 takes the first alternative that matches, not the longest. The
 * contract is in wn-highlight.h.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <glib/gi18n-lib.h>
#include <pcre2.h>
#include <string.h>

#include "wn-highlight.h"

G_DEFINE_QUARK (wn-highlight-error-quark, wn_highlight_error)

/* A word character, as PCRE2 sees it in the patterns below: the same set
 * whatever PCRE2's version (10.43 added marks to \w under PCRE2_UCP). */
#define WORD_CLASS "[\\p{L}\\p{M}\\p{N}_]"

/* Backtracking cap per pcre2_match() call: only a term with several "*"
 * run against a very long word gets near it. */
#define MATCH_LIMIT 1000000

/* Terms longer than this are cut in error messages. */
#define MESSAGE_TERM_CHARS 40

struct _WnHighlighter
{
  gatomicrefcount      ref_count;
  pcre2_code          *code[2];       /* by WnHighlightKind; NULL for an empty list */
  guint                n_terms[2];
  pcre2_match_data    *match_data;    /* reused by every call: one thread at a time */
  pcre2_match_context *match_context; /* the backtracking cap */
};

G_DEFINE_BOXED_TYPE (WnHighlighter, wn_highlighter, wn_highlighter_ref, wn_highlighter_unref)

/* ------------------------------------------------------------------------ */
/* Parsing term lists                                                        */

static gboolean
is_separator (gunichar c)
{
  return c == ',' || c == ';' || c == '\n' || c == '\r' || c == 0x060C /* ، */ || c == 0x3001 /* 、 */ ||
         c == 0xFF0C /* ， */ || c == 0xFF1B /* ； */;
}

static gboolean
is_quote (gunichar c)
{
  return c == '"' || c == 0x201C /* “ */ || c == 0x201D /* ” */ || c == 0x201E /* „ */;
}

static gboolean
is_word_char (gunichar c)
{
  if (c == '_')
    return TRUE;
  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The term as the user wrote it (from start to end), trimmed and cut to a
 * readable length, for an error message. */
static char *
display_term (const char *start,
              const char *end)
{
  g_autofree char *text = g_strstrip (g_strndup (start, end - start));

  if (g_utf8_strlen (text, -1) > MESSAGE_TERM_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, MESSAGE_TERM_CHARS);

      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&text);
}

/* Turns one term's content (between its quote marks, or the whole of an
 * unquoted term) into its canonical form: white space runs as one space,
 * trimmed, "**" as "*". start/end bound the term as written, for errors. */
static char *
canonical_term (const char  *content,
                const char  *content_end,
                const char  *start,
                const char  *end,
                gboolean     quoted,
                GError     **error)
{
  GString *out = g_string_sized_new (content_end - content);
  gboolean space = FALSE;
  gboolean literal = FALSE;

  for (const char *p = content; p < content_end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      if (c == '*' && out->len > 0 && out->str[out->len - 1] == '*')
        continue;
      if (c != '*')
        literal = TRUE;
      g_string_append_unichar (out, c);
    }

  if (out->len == 0 || !literal)
    {
      g_autofree char *shown = display_term (start, end);
      gboolean empty = out->len == 0;

      g_string_free (out, TRUE);
      if (empty && quoted)
        g_set_error (error, WN_HIGHLIGHT_ERROR, WN_HIGHLIGHT_ERROR_EMPTY_PHRASE,
                     _("“%s” is an empty phrase"), shown);
      else
        g_set_error (error, WN_HIGHLIGHT_ERROR, WN_HIGHLIGHT_ERROR_ONLY_WILDCARD,
                     _("“%s” would match every word: a “*” needs letters beside it"), shown);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* Splits a term list into canonical terms, dropping duplicates (compared
 * case-folded), in the order written. */
static GPtrArray *
parse_terms (const char  *text,
             GError     **error)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *p = text;
  const char *end;

  if (text == NULL)
    return g_steal_pointer (&terms);
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, WN_HIGHLIGHT_ERROR, WN_HIGHLIGHT_ERROR_INVALID_TEXT,
                           _("The terms are not valid UTF-8 text"));
      return NULL;
    }
  end = text + strlen (text);

  while (p < end)
    {
      const char *start;
      g_autofree char *term = NULL;
      gunichar c = g_utf8_get_char (p);

      if (is_separator (c) || g_unichar_isspace (c))
        {
          p = g_utf8_next_char (p);
          continue;
        }

      start = p;
      if (is_quote (c))
        {
          const char *content = g_utf8_next_char (p);
          const char *close = content;

          while (close < end && !is_quote (g_utf8_get_char (close)) && *close != '\n' && *close != '\r')
            close = g_utf8_next_char (close);
          if (close >= end || !is_quote (g_utf8_get_char (close)))
            {
              g_autofree char *shown = display_term (start, close);

              g_set_error (error, WN_HIGHLIGHT_ERROR, WN_HIGHLIGHT_ERROR_UNBALANCED_QUOTE,
                           _("“%s” has no closing quote mark"), shown);
              return NULL;
            }
          p = g_utf8_next_char (close);
          term = canonical_term (content, close, start, p, TRUE, error);
          if (term == NULL)
            return NULL;

          /* Only white space may follow, up to the next separator. */
          while (p < end && !is_separator (g_utf8_get_char (p)))
            {
              if (!g_unichar_isspace (g_utf8_get_char (p)))
                {
                  const char *stop = p;
                  g_autofree char *shown = NULL;

                  while (stop < end && !is_separator (g_utf8_get_char (stop)))
                    stop = g_utf8_next_char (stop);
                  shown = display_term (start, stop);
                  g_set_error (error, WN_HIGHLIGHT_ERROR, WN_HIGHLIGHT_ERROR_TEXT_AFTER_QUOTE,
                               _("“%s” goes on after its closing quote mark: separate terms with commas"), shown);
                  return NULL;
                }
              p = g_utf8_next_char (p);
            }
        }
      else
        {
          while (p < end && !is_separator (g_utf8_get_char (p)))
            {
              if (is_quote (g_utf8_get_char (p)))
                {
                  const char *stop = p;
                  g_autofree char *shown = NULL;

                  while (stop < end && !is_separator (g_utf8_get_char (stop)))
                    stop = g_utf8_next_char (stop);
                  shown = display_term (start, stop);
                  g_set_error (error, WN_HIGHLIGHT_ERROR, WN_HIGHLIGHT_ERROR_UNBALANCED_QUOTE,
                               _("“%s” has a quote mark inside it: quote marks go around a whole term"), shown);
                  return NULL;
                }
              p = g_utf8_next_char (p);
            }
          term = canonical_term (start, p, start, p, FALSE, error);
          if (term == NULL)
            return NULL;
        }

      {
        char *key = g_utf8_casefold (term, -1);

        if (g_hash_table_add (seen, key))
          g_ptr_array_add (terms, g_steal_pointer (&term));
      }
    }

  return g_steal_pointer (&terms);
}

/* The written form of a canonical term: quoted when it would not survive
 * parsing bare, or reads as a phrase. */
static char *
written_term (const char *term)
{
  if (strpbrk (term, " ,;") != NULL)
    return g_strconcat ("\"", term, "\"", NULL);
  for (const char *p = term; *p; p = g_utf8_next_char (p))
    if (is_separator (g_utf8_get_char (p)))
      return g_strconcat ("\"", term, "\"", NULL);
  return g_strdup (term);
}

char **
wn_highlight_terms_split (const char  *terms,
                          GError     **error)
{
  g_autoptr(GPtrArray) parsed = NULL;
  char **split;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parsed = parse_terms (terms, error);
  if (parsed == NULL)
    return NULL;
  split = g_new0 (char *, parsed->len + 1);
  for (guint i = 0; i < parsed->len; i++)
    split[i] = written_term (parsed->pdata[i]);
  return split;
}

char *
wn_highlight_terms_normalise (const char  *terms,
                              GError     **error)
{
  g_auto(GStrv) split = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  split = wn_highlight_terms_split (terms, error);
  if (split == NULL)
    return NULL;
  return g_strjoinv ("\n", split);
}

/* ------------------------------------------------------------------------ */
/* Compiling                                                                 */

typedef struct
{
  const char *text;   /* canonical */
  guint       words;  /* runs of word characters ("*" counts as one) */
  gsize       len;
  gboolean    star;
  gboolean    punct;  /* has a character that is neither a word character, "*" nor a space */
} TermInfo;

/* The order of the alternatives: a term that matches more words first,
 * then one with punctuation, then a longer one, then a truncated one.
 * Words are what decides: a term edged by word characters ends where a
 * word of the text ends, so of two terms matching at one place, the one
 * spanning more words is longer. Among one-word terms, those made only of
 * word characters and "*" all match exactly the word they start at, so
 * their order does not matter; the others (C++) may match more, and go
 * first. */
static int
term_compare (gconstpointer a,
              gconstpointer b)
{
  const TermInfo *x = a;
  const TermInfo *y = b;

  if (x->words != y->words)
    return x->words > y->words ? -1 : 1;
  if (x->punct != y->punct)
    return x->punct ? -1 : 1;
  if (x->len != y->len)
    return x->len > y->len ? -1 : 1;
  if (x->star != y->star)
    return x->star ? -1 : 1;
  return strcmp (x->text, y->text);
}

static gboolean
is_edge_word (gunichar c)
{
  return c == '*' || is_word_char (c);
}

/* Appends one term's pattern, without the check before its start (see
 * compile_list()). */
static void
append_term_pattern (GString    *pattern,
                     const char *term)
{
  const char *last = g_utf8_find_prev_char (term, term + strlen (term));
  const char *p = term;

  while (*p)
    {
      /* One space-separated word of the term. */
      const char *word_end = strchr (p, ' ');

      if (word_end == NULL)
        word_end = p + strlen (p);

      if (word_end - p == 1 && *p == '*')
        g_string_append (pattern, WORD_CLASS "+");
      else
        for (const char *q = p; q < word_end; q = g_utf8_next_char (q))
          {
            guchar c = (guchar) *q;

            if (c == '*')
              g_string_append (pattern, WORD_CLASS "*");
            else if (c >= 0x80)
              g_string_append_len (pattern, q, g_utf8_next_char (q) - q);
            else if (g_ascii_isalnum (c) || c == '_')
              g_string_append_c (pattern, (char) c);
            else if (g_ascii_isprint (c))
              {
                /* A backslash before any ASCII non-alphanumeric is a literal. */
                g_string_append_c (pattern, '\\');
                g_string_append_c (pattern, (char) c);
              }
            else
              g_string_append_printf (pattern, "\\x{%x}", c);
          }

      p = word_end;
      if (*p == ' ')
        {
          g_string_append (pattern, "\\s+");
          p++;
        }
    }

  if (is_edge_word (g_utf8_get_char (last)))
    g_string_append (pattern, "(?!" WORD_CLASS ")");
}

static guint
count_words (const char *term)
{
  guint words = 0;
  gboolean in_word = FALSE;

  for (const char *p = term; *p; p = g_utf8_next_char (p))
    {
      gboolean w = is_edge_word (g_utf8_get_char (p));

      if (w && !in_word)
        words++;
      in_word = w;
    }
  return words;
}

static TermInfo
term_info (const char *term)
{
  TermInfo info = { term, count_words (term), strlen (term), strchr (term, '*') != NULL, FALSE };

  for (const char *p = term; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != '*' && c != ' ' && !is_word_char (c))
        info.punct = TRUE;
    }
  return info;
}

/* Compiles one list; *code stays NULL for an empty list. */
static gboolean
compile_list (const char   *text,
              pcre2_code  **code,
              guint        *n_terms,
              GError      **error)
{
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GArray) infos = NULL;
  g_autoptr(GString) pattern = NULL;
  PCRE2_SIZE error_offset = 0;
  int error_code = 0;

  *code = NULL;
  *n_terms = 0;
  terms = parse_terms (text, error);
  if (terms == NULL)
    return FALSE;
  if (terms->len == 0)
    return TRUE;

  infos = g_array_sized_new (FALSE, FALSE, sizeof (TermInfo), terms->len);
  for (guint i = 0; i < terms->len; i++)
    {
      TermInfo info = term_info (terms->pdata[i]);

      g_array_append_val (infos, info);
    }
  g_array_sort (infos, term_compare);

  /* The alternatives in order, each run of terms that start with a word
   * character sharing one check that no word character comes before:
   * "(?<!W)(?:peer|recovery)|\(peer\)|(?<!W)(?:coach)". Inside a word the
   * whole run then fails at once instead of term by term. */
  pattern = g_string_new (NULL);
  for (guint i = 0; i < infos->len;)
    {
      gboolean word_start = is_edge_word (g_utf8_get_char (g_array_index (infos, TermInfo, i).text));

      if (i > 0)
        g_string_append_c (pattern, '|');
      g_string_append (pattern, word_start ? "(?<!" WORD_CLASS ")(?:" : "(?:");
      for (guint j = i; i < infos->len; i++)
        {
          const char *term = g_array_index (infos, TermInfo, i).text;

          if (is_edge_word (g_utf8_get_char (term)) != word_start || (!word_start && i > j))
            break;
          if (i > j)
            g_string_append_c (pattern, '|');
          append_term_pattern (pattern, term);
        }
      g_string_append_c (pattern, ')');
    }

  *code = pcre2_compile ((PCRE2_SPTR) pattern->str, pattern->len,
                         PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_NEVER_BACKSLASH_C,
                         &error_code, &error_offset, NULL);
  if (*code == NULL)
    {
      PCRE2_UCHAR message[256];

      pcre2_get_error_message (error_code, message, sizeof message);
      g_set_error (error, WN_HIGHLIGHT_ERROR, WN_HIGHLIGHT_ERROR_FAILED,
                   _("The terms could not be prepared for matching: %s"), (const char *) message);
      return FALSE;
    }
  /* Not every platform has a JIT; the interpreter is the fallback. */
  pcre2_jit_compile (*code, PCRE2_JIT_COMPLETE);
  *n_terms = terms->len;
  return TRUE;
}

static void
wn_highlighter_free (WnHighlighter *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->code); i++)
    pcre2_code_free (self->code[i]);
  pcre2_match_data_free (self->match_data);
  pcre2_match_context_free (self->match_context);
  g_free (self);
}

WnHighlighter *
wn_highlighter_new (const char  *include_terms,
                    const char  *exclude_terms,
                    GError     **error)
{
  WnHighlighter *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (WnHighlighter, 1);
  g_atomic_ref_count_init (&self->ref_count);

  if (!compile_list (include_terms, &self->code[WN_HIGHLIGHT_INCLUDE], &self->n_terms[WN_HIGHLIGHT_INCLUDE],
                     error))
    {
      g_prefix_error (error, "%s", _("Include terms: "));
      wn_highlighter_free (self);
      return NULL;
    }
  if (!compile_list (exclude_terms, &self->code[WN_HIGHLIGHT_EXCLUDE], &self->n_terms[WN_HIGHLIGHT_EXCLUDE],
                     error))
    {
      g_prefix_error (error, "%s", _("Exclude terms: "));
      wn_highlighter_free (self);
      return NULL;
    }

  /* No capturing groups: the whole match's pair is all the ovector holds. */
  self->match_data = pcre2_match_data_create (1, NULL);
  self->match_context = pcre2_match_context_create (NULL);
  pcre2_set_match_limit (self->match_context, MATCH_LIMIT);
  return self;
}

WnHighlighter *
wn_highlighter_ref (WnHighlighter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
wn_highlighter_unref (WnHighlighter *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    wn_highlighter_free (self);
}

guint
wn_highlighter_get_n_terms (WnHighlighter   *self,
                            WnHighlightKind  kind)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (kind == WN_HIGHLIGHT_INCLUDE || kind == WN_HIGHLIGHT_EXCLUDE, 0);

  return self->n_terms[kind];
}

/* ------------------------------------------------------------------------ */
/* Matching                                                                  */

/* Appends the matches of one list in text[run_start, run_end), valid UTF-8,
 * left to right. The run is the subject: the invalid bytes around it (if
 * any) act as word breaks. */
static void
scan_run (WnHighlighter   *self,
          WnHighlightKind  kind,
          const char      *text,
          gsize            run_start,
          gsize            run_end,
          GArray          *spans)
{
  PCRE2_SPTR subject = (PCRE2_SPTR) (text + run_start);
  PCRE2_SIZE length = run_end - run_start;
  PCRE2_SIZE offset = 0;

  while (offset < length)
    {
      PCRE2_SIZE *ovector;
      int rc = pcre2_match (self->code[kind], subject, length, offset, PCRE2_NO_UTF_CHECK, self->match_data,
                            self->match_context);

      if (rc < 0)
        {
          if (rc != PCRE2_ERROR_NOMATCH)
            g_debug ("Highlighter: matching stopped with PCRE2 error %d", rc);
          return;
        }
      ovector = pcre2_get_ovector_pointer (self->match_data);
      if (ovector[1] <= ovector[0])
        {
          /* An empty match (no term allows one, but never loop): step a character. */
          offset = ovector[0] + 1;
          while (offset < length && (subject[offset] & 0xC0) == 0x80)
            offset++;
          continue;
        }

      {
        WnHighlightSpan span = { (guint) (run_start + ovector[0]), (guint) (run_start + ovector[1]), kind };

        g_array_append_val (spans, span);
      }
      offset = ovector[1];
    }
}

/* The matches of one list in the whole text, run by valid UTF-8 run. */
static void
scan (WnHighlighter   *self,
      WnHighlightKind  kind,
      const char      *text,
      gsize            len,
      GArray          *spans)
{
  gsize pos = 0;

  if (self->code[kind] == NULL)
    return;
  while (pos < len)
    {
      const char *valid_end = NULL;

      g_utf8_validate (text + pos, len - pos, &valid_end);
      if (valid_end > text + pos)
        scan_run (self, kind, text, pos, valid_end - text, spans);
      pos = valid_end - text;
      if (pos < len)
        pos++; /* skip one invalid (or NUL) byte */
    }
}

/* Stronger first: longer, then exclude, then earlier. */
static int
span_strength_compare (gconstpointer a,
                       gconstpointer b)
{
  const WnHighlightSpan *x = a;
  const WnHighlightSpan *y = b;
  guint lx = x->end - x->start;
  guint ly = y->end - y->start;

  if (lx != ly)
    return lx > ly ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind == WN_HIGHLIGHT_EXCLUDE ? -1 : 1;
  return x->start < y->start ? -1 : x->start > y->start;
}

/* Places the include and exclude matches (each sorted and non-overlapping)
 * strongest first, dropping any that overlaps one already placed. */
static GArray *
resolve (GArray *include,
         GArray *exclude)
{
  g_autoptr(GArray) all = NULL;
  GArray *kept;

  if (exclude->len == 0)
    return g_array_ref (include);
  if (include->len == 0)
    return g_array_ref (exclude);

  all = g_array_sized_new (FALSE, FALSE, sizeof (WnHighlightSpan), include->len + exclude->len);
  g_array_append_vals (all, include->data, include->len);
  g_array_append_vals (all, exclude->data, exclude->len);
  g_array_sort (all, span_strength_compare);

  kept = g_array_sized_new (FALSE, FALSE, sizeof (WnHighlightSpan), all->len);
  for (guint i = 0; i < all->len; i++)
    {
      const WnHighlightSpan *span = &g_array_index (all, WnHighlightSpan, i);
      guint lo = 0;
      guint hi = kept->len;

      /* The first kept span starting at or after span->start. */
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (g_array_index (kept, WnHighlightSpan, mid).start < span->start)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo > 0 && g_array_index (kept, WnHighlightSpan, lo - 1).end > span->start)
        continue;
      if (lo < kept->len && g_array_index (kept, WnHighlightSpan, lo).start < span->end)
        continue;
      g_array_insert_val (kept, lo, *span);
    }
  return kept;
}

GArray *
wn_highlighter_find (WnHighlighter *self,
                     const char    *text,
                     gssize         len)
{
  g_autoptr(GArray) include = NULL;
  g_autoptr(GArray) exclude = NULL;
  gsize length;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (text != NULL || len == 0, NULL);

  include = g_array_new (FALSE, FALSE, sizeof (WnHighlightSpan));
  length = len < 0 ? strlen (text) : (gsize) len;
  /* Offsets are guint: a text beyond 4 GiB is not an abstract. */
  if (length == 0 || length > G_MAXUINT)
    return g_steal_pointer (&include);

  exclude = g_array_new (FALSE, FALSE, sizeof (WnHighlightSpan));
  scan (self, WN_HIGHLIGHT_INCLUDE, text, length, include);
  scan (self, WN_HIGHLIGHT_EXCLUDE, text, length, exclude);
  return resolve (include, exclude);
}

void
wn_highlighter_count (WnHighlighter *self,
                      const char    *text,
                      gssize         len,
                      guint         *n_include,
                      guint         *n_exclude)
{
  g_autoptr(GArray) spans = NULL;
  guint counts[2] = { 0, 0 };

  g_return_if_fail (self != NULL);

  spans = wn_highlighter_find (self, text, len);
  for (guint i = 0; spans != NULL && i < spans->len; i++)
    counts[g_array_index (spans, WnHighlightSpan, i).kind]++;
  if (n_include != NULL)
    *n_include = counts[WN_HIGHLIGHT_INCLUDE];
  if (n_exclude != NULL)
    *n_exclude = counts[WN_HIGHLIGHT_EXCLUDE];
}
