/* wn-normalise.h — bibliographic fields in the form deduplication compares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Databases write the same article differently: case, punctuation,
 * diacritics, HTML entities and tags, translated titles in brackets,
 * "[Review]" and "[Chinese]" tails, abbreviated journal names, initials
 * instead of given names, `482-91` for 482–491, Excel's `01-Oct` for 1–10,
 * DOIs behind prefixes. Each function here turns one field into a key that
 * is equal (or measurably close) whenever two databases meant the same
 * value. They are pure functions of their input, thread-safe and
 * allocation-light: the dedup engine runs them over a million records.
 *
 * Keys are UTF-8, lower case, letters and digits only, words separated by
 * one space. Non-Latin scripts are kept (lower-cased), Latin diacritics
 * dropped (é → e, ß → ss, ø → o), Greek letters spelled out (α → alpha)
 * because databases write "α-synuclein" and "alpha-synuclein".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a title or record says about the kind of item it is. The dedup
 * rules use these to keep apart an article and the notices about it. */
typedef enum
{
  WN_ITEM_ERRATUM     = 1 << 0,  /* erratum, correction, corrigendum, WoS "(vol 3, pg 5, 2009)" */
  WN_ITEM_RETRACTION  = 1 << 1,  /* retraction, retracted article, withdrawal, expression of concern */
  WN_ITEM_COMMENT     = 1 << 2,  /* comment on, commentary on, letter: */
  WN_ITEM_REPLY       = 1 << 3,  /* reply, response, authors' reply */
  WN_ITEM_PROTOCOL    = 1 << 4,  /* a study protocol (its results paper is another report) */
  WN_ITEM_CONFERENCE  = 1 << 5,  /* a conference abstract or paper, a meeting supplement */
  WN_ITEM_GENERIC     = 1 << 6,  /* a title that names no particular work: "Editorial", "Book review" */
} WnItemFlags;

/* The notices: an erratum and the article it corrects are different items. */
#define WN_ITEM_NOTICE_MASK (WN_ITEM_ERRATUM | WN_ITEM_RETRACTION | WN_ITEM_COMMENT | WN_ITEM_REPLY | WN_ITEM_PROTOCOL)

/* Decodes HTML/XML character references and common named entities and
 * removes inline tags (<i>, <sup>, </scp>): "CO<sub>2</sub> &amp; H&#8322;O"
 * → "CO2 & H₂O". Named accented letters (&eacute;) become their base letter. */
char       *wn_normalise_html          (const char *text) G_GNUC_WARN_UNUSED_RESULT;

/* The general key: HTML decoded, diacritics dropped, lower case, "&" →
 * "and", apostrophes dropped ("O'Brien" → "obrien"), every other
 * punctuation a word break. NULL or no letters/digits → NULL. */
char       *wn_normalise_text          (const char *text) G_GNUC_WARN_UNUSED_RESULT;

/* The title key: wn_normalise_text() after removing what databases add
 * around a title — trailing bracketed notes ("[Chinese]", "[Review]",
 * "[16 refs]", "[Erratum appears in …]"), "(author's transl)", "(multiple
 * letters)", the brackets of a translated title ("[Title]." → "Title"), a
 * second-language title after " = ", a leading "The" — with British
 * spellings folded to American (haemolytic → hemolytic, tumour → tumor,
 * randomised → randomized, centre → center) and notice words taken off and
 * reported in *flags instead ("Erratum: X" → "x" with WN_ITEM_ERRATUM,
 * "X - Reply" → "x" with WN_ITEM_REPLY). Titles such as "Editorial" or
 * "UNKNOWN" get WN_ITEM_GENERIC. flags may be NULL. */
char       *wn_normalise_title         (const char   *title,
                                        WnItemFlags  *flags) G_GNUC_WARN_UNUSED_RESULT;

/* The numbers a title key holds: digits and Roman numerals II–XX (and "i"
 * after part/phase/type/study), so "Part 2" and "Part II" agree and "Part 1"
 * and "Part 2" do not. Writes up to max values, sorted and unique; returns
 * how many. */
guint       wn_normalise_title_numbers (const char *title_key,
                                        guint32    *out,
                                        guint       max);

/* The journal key: wn_normalise_text() of the journal after dropping
 * bracketed parts ("Cardiology (Switzerland)"), a second-language name after
 * " = ", a ". Conference: …" tail, and the words of, the, and, for, in, on,
 * a, de, la, der, und. NULL when empty. */
char       *wn_normalise_journal       (const char *journal) G_GNUC_WARN_UNUSED_RESULT;

/* How well two journal keys name the same journal, in [0, 1]:
 *   1     equal, or equal without spaces ("zhongguo zhenjiu")
 *   0.95  one abbreviates the other word by word, each abbreviated word
 *         starting with the full word's first letter and its letters
 *         appearing in order ("j trop pediatr" ~ "journal tropical
 *         pediatrics", "proc natl acad sci u s a" ~ "proceedings national
 *         academy sciences united states america"), or an acronym ("jama")
 *   0.85  the same but the longer name goes on ("nephron" ~ "nephron
 *         clinical practice")
 *   else  the Dice coefficient of their word sets, times 0.8.
 * Reference: DedupEndNote compares abbreviations word-prefix-wise
 * (globbestael/DedupEndNote); the subsequence test extends it to "natl". */
double      wn_journal_similarity      (const char *a,
                                        const char *b);

/* Page ranges. first/last are 0 when unknown. */
typedef enum
{
  WN_PAGES_ARTICLE_NUMBER = 1 << 0, /* an article number or e-locator (e1234, a1754, CD002273, 6-digit ids) */
  WN_PAGES_SUPPLEMENT     = 1 << 1, /* S12, A39, 102A: supplement pagination */
} WnPagesFlags;

typedef struct
{
  guint32      first;
  guint32      last;
  WnPagesFlags flags;
} WnPages;

/* Parses "482-91" (→ 482–491), "482–491", "376 -- 383", "S123-S125",
 * "c37-c42", "e0123456", "CD002273", "iii--xi", Excel's "01-Oct" (1–10) and
 * "21-Aug" (21–28). A page count ("62 p"), "no pagination" and anything
 * mentioning a supplement without a page give FALSE. */
gboolean    wn_normalise_pages         (const char *pages,
                                        WnPages    *out);

/* The leading number of a volume or issue ("4 (1) (no pagination)" → 4,
 * "Suppl 2" → 2), or 0 when there is none or the value is damaged ("2)",
 * "NA", "UNKNOWN"). *supplement is set when the text names a supplement. */
guint32     wn_normalise_number        (const char *text,
                                        gboolean   *supplement);

/* The first plausible four-digit year (1800–2100), or 0. */
int         wn_normalise_year          (const char *text);

/* A DOI key (wn_doi_normalise(), then NULL unless it has a registrant and a
 * suffix of at least two characters). */
char       *wn_normalise_doi           (const char *text) G_GNUC_WARN_UNUSED_RESULT;

/* A Cochrane review's version: 1 for 10.1002/14651858.CD002273, N for
 * ….CD002273.pubN; 0 when the DOI is not a Cochrane review's. */
guint       wn_normalise_doi_version   (const char *doi_key);

/* Authors. The key of a list is its name words — every word of two or more
 * letters of the first WN_AUTHORS_MAX names, folded, particles (de, van,
 * le, …) and suffixes (Jr) left out — sorted and unique, preceded by the
 * first author's words and given initial:
 *   "first-author-words|initial|word word word…"
 * This survives every way databases write names ("Zhai, Q. J.", "Zhai QJ",
 * "Q. J. Zhai", "Zhai Qing-Jie", ASySD's run-together "Adeli K.Lewis G. F.")
 * because it only asks which surnames appear. "Anonymous", "[Anonymous]",
 * "UNKNOWN" and "et al." are not names. NULL when no name is left. */
#define WN_AUTHORS_MAX 12

char       *wn_normalise_authors       (const char * const *names,
                                        guint               n) G_GNUC_WARN_UNUSED_RESULT;

/* How much two author keys agree, in [0, 1]: half the overlap coefficient
 * of their name-word sets (|A ∩ B| / min(|A|, |B|), a word matching when
 * equal or, for words of five letters or more, at Jaro-Winkler ≥ 0.92 —
 * "grundstrom" ~ "grundstrm") plus half the first-author agreement (1 when
 * a first-author word matches and the given initials, when both are known,
 * agree; 0.5 when the words match but the initials do not; else 0).
 * Overlap over the smaller set, because one database gives full names (more
 * words) and another initials; a list cut to "et al." is a subset.
 * Reference: bib-dedupe takes the max of token-sort and abbreviated-initials
 * ratios (sim.py); DedupEndNote requires Jaro-Winkler > 0.67 on joined
 * names. */
double      wn_authors_similarity      (const char *a,
                                        const char *b);

/* Jaro-Winkler similarity (Winkler 1990, prefix scale 0.1, up to four
 * characters) over bytes, in [0, 1]. */
double      wn_jaro_winkler            (const char *a,
                                        const char *b);

/* 1 − Levenshtein distance / length of the longer string, over bytes. When
 * the result would be below min_ratio the computation stops early and
 * returns a value below min_ratio (banded: O(n·k) for k = allowed edits). */
double      wn_levenshtein_ratio       (const char *a,
                                        const char *b,
                                        double      min_ratio);

G_END_DECLS
