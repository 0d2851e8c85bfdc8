/* wn-highlight.h — the include/exclude keyword highlighter of the screening view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A review's lead types two term lists, the include terms (shown in green)
 * and the exclude terms (shown in red), and reviewers see them marked in
 * each record's title, abstract and keywords. A highlighter compiles the
 * two lists once and then finds their matches in any number of texts.
 *
 * The term syntax (the lead never writes a regular expression: every
 * character means itself except the ones named here):
 *
 *   terms      separated by commas, semicolons or line breaks (also the
 *              Arabic, ideographic and full-width commas and semicolon);
 *              empty terms (",,", a trailing comma) are ignored, and so is
 *              a term given twice (case-insensitively).
 *   peer       a whole word: matches "Peer" and "PEER", not "peering".
 *   recover*   "*" stands for any run of word characters, possibly none:
 *              recover, recovery, recovering. It may also lead (*therapy:
 *              therapy, psychotherapy) or sit inside a word (wom*n).
 *   "peer support"
 *              a phrase. White space inside a term, quoted or not, matches
 *              any run of white space, line breaks included; "*" works in
 *              phrases too, and a "*" standing alone as a word stands for
 *              exactly one word ("peer * worker": peer support worker).
 *              Quote marks are needed only to keep a comma or semicolon
 *              inside a term; "…", “…” and „…“ are all accepted.
 *
 * An unusable term is an error naming it: a quote mark without its pair
 * on the same line or inside a word, words after a closing quote mark (a
 * missing comma), an empty phrase, or a term made only of "*".
 *
 * Matching. Case-insensitive with Unicode simple case folding (ÉTUDE =
 * étude, Σ = σ = ς, ẞ = ß; but ß ≠ ss, as one letter never matches two).
 * Diacritics count as written: "etude" does not match "étude", and text and
 * terms are compared code point by code point without Unicode
 * normalisation, so a decomposed "é" (e + U+0301) does not match a
 * precomposed one. Word characters are Unicode letters, combining marks,
 * digits and "_". A term that starts (ends) with a word character or "*"
 * matches only where no word character comes before (after) it; an edge
 * made of punctuation matches anywhere (C++, (peer)).
 *
 * Overlaps. Within one list matches do not overlap: the text is scanned
 * left to right and at each place the term covering the most words wins
 * (then the longer term, then a truncated one), so "peer support" beats
 * "peer". Between the lists, stronger matches are placed first — the
 * longer one, and at equal length the exclude one — and a match is shown
 * only if it does not overlap one already placed. So of an include and an
 * exclude match that overlap, the longer is shown, or the exclude one when
 * they are as long.
 *
 * Threads. A highlighter is immutable once built except for the match
 * scratch space it reuses across calls: use it from one thread at a time
 * (it may be handed from thread to thread, and ref/unref are thread-safe).
 *
 * Speed. Finding the matches of 50 terms in a 3,000-character abstract
 * takes 10–60 µs (PCRE2, JIT-compiled where available); a term with a
 * leading "*" costs the most, about 6 µs each. Backtracking is capped, so
 * a pathological term (*a*b*c* on a very long word) stops its list's
 * matching in that text early rather than hang.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WN_HIGHLIGHT_ERROR (wn_highlight_error_quark ())

typedef enum
{
  WN_HIGHLIGHT_ERROR_UNBALANCED_QUOTE, /* `"peer support` (no closing mark on its line), `peer"s` */
  WN_HIGHLIGHT_ERROR_TEXT_AFTER_QUOTE, /* `"peer support" worker`: a comma is missing */
  WN_HIGHLIGHT_ERROR_EMPTY_PHRASE,     /* `""`, `"  "` */
  WN_HIGHLIGHT_ERROR_ONLY_WILDCARD,    /* `*`, `"* *"`: would match every word */
  WN_HIGHLIGHT_ERROR_INVALID_TEXT,     /* the term list is not valid UTF-8 */
  WN_HIGHLIGHT_ERROR_FAILED,           /* PCRE2 refused the combined pattern (e.g. far too many terms) */
} WnHighlightError;

GQuark wn_highlight_error_quark (void);

typedef enum
{
  WN_HIGHLIGHT_INCLUDE = 0,
  WN_HIGHLIGHT_EXCLUDE,
} WnHighlightKind;

/* One match, in byte offsets into the UTF-8 text searched: text[start, end)
 * is the matched text, always whole characters. */
typedef struct
{
  guint           start;
  guint           end;
  WnHighlightKind kind;
} WnHighlightSpan;

/* A plain reference-counted struct, and a boxed GType so that it can sit
 * in a GValue or a property. */
typedef struct _WnHighlighter WnHighlighter;

#define WN_TYPE_HIGHLIGHTER (wn_highlighter_get_type ())
GType          wn_highlighter_get_type   (void) G_GNUC_CONST;

/* Compiles both lists; either may be NULL or empty (a highlighter with no
 * terms finds nothing). On an unusable term returns NULL and a translated
 * WN_HIGHLIGHT_ERROR that names the list and the term ("Exclude terms:
 * “"peer support” has no closing quote mark"). */
WnHighlighter *wn_highlighter_new        (const char     *include_terms,
                                          const char     *exclude_terms,
                                          GError        **error) G_GNUC_WARN_UNUSED_RESULT;
WnHighlighter *wn_highlighter_ref        (WnHighlighter  *self);
void           wn_highlighter_unref      (WnHighlighter  *self);

/* How many distinct terms the list holds after parsing (0 for an empty list). */
guint          wn_highlighter_get_n_terms (WnHighlighter  *self,
                                           WnHighlightKind kind);

/* The matches in text (len bytes, or up to its NUL when len is -1), as a
 * GArray of WnHighlightSpan sorted by start and never overlapping; empty,
 * never NULL, when nothing matches. Invalid UTF-8 is never matched and
 * acts as a word break; the valid parts around it are still searched and
 * the offsets always refer to text as given. Free with g_array_unref(). */
GArray        *wn_highlighter_find       (WnHighlighter  *self,
                                          const char     *text,
                                          gssize          len) G_GNUC_WARN_UNUSED_RESULT;

/* Counts the matches wn_highlighter_find() would return, by kind (what a
 * reviewer would see highlighted). Either count may be NULL. */
void           wn_highlighter_count      (WnHighlighter  *self,
                                          const char     *text,
                                          gssize          len,
                                          guint          *n_include,
                                          guint          *n_exclude);

/* A term list split into its terms, each in its canonical written form:
 * white space runs as one space, "**" as "*", quote marks only where the
 * term has white space, a comma or a semicolon ("peer support" quoted, C++
 * bare), duplicates dropped, in the order written. NULL or empty text
 * gives an empty vector. Errors as wn_highlighter_new(), without the
 * list's name. */
char         **wn_highlight_terms_split     (const char  *terms,
                                             GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same terms joined one per line: the form to store a list in, which
 * parses back to the same terms. */
char          *wn_highlight_terms_normalise (const char  *terms,
                                             GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnHighlighter, wn_highlighter_unref)

G_END_DECLS
