/* wn-dedup.c — the dedup engine: normalised entries, pair rules, blocking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pipeline the best published tools share (see the team's notes,
 * dedup-and-prioritisation.md §3): heavy normalisation of every field
 * (wn-normalise.c), several exact-match blocking keys so that only records
 * sharing a key are compared, per-field similarity, explicit rules with
 * vetoes, then connected components guarded against chaining (in
 * wn-dedup-store.c). Everything here works on compact C structs loaded
 * from SQLite in one pass; normalising and comparing run on every core.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "wn-dedup-private.h"
#include "wn-project-private.h"

/* ------------------------------------------------------------------------ */
/* Entries                                                                   */

static guint64
hash_bytes (const char *text,
            gsize       len,
            guint64     seed)
{
  /* FNV-1a, 64 bits, with a seed per key type. */
  guint64 h = 0xcbf29ce484222325ULL ^ (seed * 0x9E3779B97F4A7C15ULL);

  for (gsize i = 0; i < len; i++)
    {
      h ^= (guchar) text[i];
      h *= 0x100000001b3ULL;
    }
  return h ? h : 1;
}

static const char *
chunk_insert (GStringChunk *strings,
              const char   *text)
{
  return text != NULL ? g_string_chunk_insert (strings, text) : NULL;
}

static gboolean
has_any_word (const char         *text,
              const char * const *words,
              guint               n)
{
  g_autofree char *key = NULL;

  if (text == NULL)
    return FALSE;
  key = wn_normalise_text (text);
  if (key == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      gsize len = strlen (words[i]);

      for (const char *p = strstr (key, words[i]); p != NULL; p = strstr (p + 1, words[i]))
        if ((p == key || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0'))
          return TRUE;
    }
  return FALSE;
}

/* A venue that is a meeting. Not "proceedings" alone: the Proceedings of
 * the National Academy of Sciences is a journal. */
static gboolean
venue_is_conference (const char *journal)
{
  static const char *const words[] = {
    "conference", "congress", "meeting", "symposium", "workshop", "colloquium", "convention", "abstracts",
  };

  return has_any_word (journal, words, G_N_ELEMENTS (words));
}

/* A record type for conference items: RIS CONF/ABST, Embase's
 * "Conference Abstract", BibTeX inproceedings (and incollection, which
 * proceedings published in a book series use). */
static gboolean
type_is_conference (const char *type)
{
  static const char *const words[] = {
    "conference", "congress", "meeting", "symposium", "proceedings", "abstract", "abstracts", "workshop",
    "inproceedings", "incollection", "conf", "cpaper", "abst", "poster",
  };

  return has_any_word (type, words, G_N_ELEMENTS (words));
}

/* Record types that name a notice rather than an article (PubMed's and
 * Embase's publication types, RIS and EndNote reference types). */
static WnItemFlags
type_flags (const char *type)
{
  g_autofree char *key = NULL;

  if (type == NULL)
    return 0;
  key = wn_normalise_text (type);
  if (key == NULL)
    return 0;
  if (strstr (key, "erratum") != NULL || strstr (key, "correction") != NULL)
    return WN_ITEM_ERRATUM;
  if (strstr (key, "retraction") != NULL || strstr (key, "retracted") != NULL)
    return WN_ITEM_RETRACTION;
  if (type_is_conference (type))
    return WN_ITEM_CONFERENCE;
  return 0;
}

static gboolean
title_in_capitals (const char *title)
{
  guint upper = 0;
  guint letters = 0;

  if (title == NULL)
    return FALSE;
  for (const char *p = title; *p; p++)
    if (g_ascii_isalpha (*p))
      {
        letters++;
        if (g_ascii_isupper (*p))
          upper++;
      }
  return letters >= 10 && upper * 10 >= letters * 8;
}

static guint
count_words (const char *key)
{
  guint n = 0;

  if (key == NULL || *key == '\0')
    return 0;
  for (const char *p = key; *p; p++)
    if (*p == ' ')
      n++;
  return n + 1;
}

static gboolean
present (const char *text)
{
  return text != NULL && *text != '\0';
}

void
_wn_dedup_entry_init (WnDedupEntry        *entry,
                      const WnDedupSource *src,
                      GStringChunk        *strings)
{
  g_autofree char *title = NULL;
  g_autofree char *authors = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *doi = NULL;
  WnItemFlags item = 0;
  WnPages pages;
  gboolean supplement_volume = FALSE;
  gboolean supplement_issue = FALSE;
  guint major;
  guint minor;

  memset (entry, 0, sizeof *entry);
  entry->id = src->id;

  title = wn_normalise_title (src->title, &item);
  if (title != NULL)
    {
      entry->title = g_string_chunk_insert (strings, title);
      entry->title_hash = hash_bytes (title, strlen (title), 1);
      entry->title_length = (guint16) MIN (strlen (title), G_MAXUINT16);
      for (const char *p = title; *p; p++)
        {
          guchar c = (guchar) *p;
          guint bucket;

          if (c == ' ')
            continue;
          bucket = c >= 'a' && c <= 'z' ? c - 'a' : c >= '0' && c <= '9' ? 26 + (c - '0') % 5 : 31;
          if (entry->title_histogram[bucket] < G_MAXUINT8)
            entry->title_histogram[bucket]++;
        }
      entry->n_numbers = wn_normalise_title_numbers (title, entry->numbers, G_N_ELEMENTS (entry->numbers));
      if ((item & WN_ITEM_GENERIC) == 0 && count_words (title) >= 4 && strlen (title) >= 25)
        entry->entry |= WN_ENTRY_INFORMATIVE;
    }

  if (src->authors != NULL)
    {
      g_auto(GStrv) names = g_strsplit (src->authors, "\n", WN_AUTHORS_MAX + 1);

      authors = wn_normalise_authors ((const char * const *) names, g_strv_length (names));
      entry->authors = chunk_insert (strings, authors);
    }

  journal = wn_normalise_journal (src->journal);
  entry->journal = chunk_insert (strings, journal);

  doi = wn_normalise_doi (src->doi);
  entry->doi = chunk_insert (strings, doi);
  entry->doi_version = wn_normalise_doi_version (doi);

  if (present (src->pmid))
    {
      guint64 pmid = g_ascii_strtoull (src->pmid, NULL, 10);

      entry->pmid = pmid < G_MAXUINT32 ? (guint32) pmid : 0;
    }

  if (present (src->abstract))
    {
      g_autofree char *key = wn_normalise_text (src->abstract);

      entry->entry |= WN_ENTRY_HAS_ABSTRACT;
      if (key != NULL)
        {
          gsize len = strlen (key);

          if (len > WN_DEDUP_ABSTRACT_PREFIX)
            {
              /* cut at a character boundary */
              len = WN_DEDUP_ABSTRACT_PREFIX;
              while (len > 0 && ((guchar) key[len] & 0xC0) == 0x80)
                len--;
              key[len] = '\0';
            }
          entry->abstract = g_string_chunk_insert (strings, key);
        }
    }

  entry->year = (gint16) wn_normalise_year (src->year);
  entry->volume = wn_normalise_number (src->volume, &supplement_volume);
  entry->issue = wn_normalise_number (src->issue, &supplement_issue);
  if (supplement_volume || supplement_issue)
    entry->entry |= WN_ENTRY_SUPPLEMENT;

  if (wn_normalise_pages (src->pages, &pages))
    {
      entry->page_first = pages.first;
      entry->page_last = pages.last;
      entry->pages_flags = pages.flags;
      if (pages.last > pages.first)
        entry->entry |= WN_ENTRY_FULL_RANGE;
    }

  item |= type_flags (src->type);
  /* A conference item: its type says so, its venue is a meeting, or it is
   * printed in a supplement (S- or A-numbered pages, "Suppl" issue). */
  if (venue_is_conference (src->journal) || (entry->entry & WN_ENTRY_SUPPLEMENT) ||
      (pages.flags & WN_PAGES_SUPPLEMENT))
    item |= WN_ITEM_CONFERENCE;
  entry->item = item;

  if (title_in_capitals (src->title))
    entry->entry |= WN_ENTRY_TITLE_CAPS;

  /* The kept record of a group is the most complete one (issue #4): an
   * abstract first, then a DOI, a full page range, a title not in capitals;
   * then how many other fields it has. */
  major = ((entry->entry & WN_ENTRY_HAS_ABSTRACT) ? 8 : 0) + (entry->doi ? 4 : 0) +
          ((entry->entry & WN_ENTRY_FULL_RANGE) ? 2 : 0) + ((entry->entry & WN_ENTRY_TITLE_CAPS) ? 0 : 1);
  minor = (entry->authors != NULL) + (entry->journal != NULL) + (entry->volume != 0) + (entry->issue != 0) +
          (entry->pmid != 0) + (entry->year != 0) + (entry->page_first != 0);
  entry->completeness = (guint8) ((major << 3) | MIN (minor, 7));
}

static const char *
record_field (const WnRecord *record,
              const char     *tag)
{
  for (guint i = 0; record->fields != NULL && i < record->fields->len; i++)
    {
      const WnField *field = g_ptr_array_index (record->fields, i);

      if (g_ascii_strcasecmp (field->tag, tag) == 0 && field->value != NULL && *field->value != '\0')
        return field->value;
    }
  return NULL;
}

void
_wn_dedup_source_from_record (WnDedupSource  *src,
                              const WnRecord *record,
                              char          **authors_out)
{
  memset (src, 0, sizeof *src);
  src->title = record->title;
  src->year = record->year;
  src->journal = record->journal;
  src->volume = record->volume;
  src->issue = record->issue;
  src->pages = record->pages;
  src->doi = record->doi;
  src->pmid = record->pmid;
  src->abstract = record->abstract;
  src->type = record->type;
  /* as the loader does (batch_add_row) */
  if (src->type == NULL)
    src->type = record_field (record, "ENTRYTYPE");
  if (src->journal == NULL)
    src->journal = record_field (record, "booktitle");
  *authors_out = NULL;
  if (record->authors != NULL && record->authors->len > 0)
    {
      GString *joined = g_string_new (NULL);

      for (guint i = 0; i < record->authors->len; i++)
        {
          if (i > 0)
            g_string_append_c (joined, '\n');
          g_string_append (joined, g_ptr_array_index (record->authors, i));
        }
      *authors_out = g_string_free (joined, FALSE);
    }
  src->authors = *authors_out;
}

/* ------------------------------------------------------------------------ */
/* Comparing two entries                                                     */

static WnFieldAgreement
compare_number (guint32 a,
                guint32 b)
{
  if (a == 0 || b == 0)
    return WN_FIELD_MISSING;
  return a == b ? WN_FIELD_EQUAL : WN_FIELD_DIFFERENT;
}

static gboolean
full_range (const WnDedupEntry *e)
{
  return e->page_last > e->page_first;
}

/* Pages: EQUAL when the first pages are equal and the last pages too (or
 * one gives a single page); COMPATIBLE when the first pages are equal but
 * the ends differ (943-944 ~ 943-945), when both ranges end on the same
 * page and start within ten pages (a typo: 2141-2147 ~ 2142-2147), when
 * one is an online-first 1-n and the other an issue range of the same
 * length (1-17 ~ 566-582), when a single page is the other's last page
 * (569 ~ 567-569), or when one is an e-locator or article number and the
 * other print pages (a1754 ~ 969-972); DIFFERENT otherwise. Start pages compare as numbers, so
 * S123 = 123 and c37 = 37 (DedupEndNote). */
static WnFieldAgreement
compare_pages (const WnDedupEntry *a,
               const WnDedupEntry *b)
{
  if (a->page_first == 0 || b->page_first == 0)
    return WN_FIELD_MISSING;
  if (a->page_first == b->page_first)
    {
      if (a->page_last == b->page_last || !full_range (a) || !full_range (b))
        return WN_FIELD_EQUAL;
      return WN_FIELD_COMPATIBLE;
    }
  if (full_range (a) && full_range (b))
    {
      guint32 gap = a->page_first > b->page_first ? a->page_first - b->page_first : b->page_first - a->page_first;

      if (a->page_last == b->page_last && gap < 10)
        return WN_FIELD_COMPATIBLE;
      if ((a->page_first == 1 || b->page_first == 1) &&
          a->page_last - a->page_first == b->page_last - b->page_first)
        return WN_FIELD_COMPATIBLE;
    }
  /* A single page that is the other's last: some exports keep only the
   * last page (567-569 as "569"). */
  if ((!full_range (a) && full_range (b) && a->page_first == b->page_last) ||
      (!full_range (b) && full_range (a) && b->page_first == a->page_last))
    return WN_FIELD_COMPATIBLE;
  /* Two pagination schemes: an e-locator or article number beside print
   * pages (BMJ's a1754 and 969-972). */
  if ((a->pages_flags & WN_PAGES_ARTICLE_NUMBER) != (b->pages_flags & WN_PAGES_ARTICLE_NUMBER))
    return WN_FIELD_COMPATIBLE;
  return WN_FIELD_DIFFERENT;
}

/* Numbers in titles: a conflict when each title has a number the other
 * lacks ("Part 1" / "Part 2", "12-month" / "24-month", "2019 update" /
 * "2020 update"). A number only one title has is not (one database keeps
 * "(2 cases)", another does not). */
static gboolean
numbers_conflict (const WnDedupEntry *a,
                  const WnDedupEntry *b)
{
  gboolean a_extra = FALSE;
  gboolean b_extra = FALSE;

  if (a->n_numbers == 0 || b->n_numbers == 0)
    return FALSE;
  for (guint i = 0; i < a->n_numbers; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < b->n_numbers; j++)
        if (a->numbers[i] == b->numbers[j])
          found = TRUE;
      if (!found)
        a_extra = TRUE;
    }
  for (guint j = 0; j < b->n_numbers; j++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < a->n_numbers; i++)
        if (a->numbers[i] == b->numbers[j])
          found = TRUE;
      if (!found)
        b_extra = TRUE;
    }
  return a_extra && b_extra;
}

/* Whether one title key is the other with whole words added at its start
 * or end ("MEDICAL PROGRESS Atypical hemolytic-uremic syndrome", "Thrombotic
 * microangiopathy: can liver-kidney transplantation cure aHUS?"). The
 * shorter must have at least three words and 20 characters. */
static gboolean
title_contained (const char *a,
                 const char *b)
{
  const char *shorter = strlen (a) <= strlen (b) ? a : b;
  const char *longer = shorter == a ? b : a;
  gsize ls = strlen (shorter);
  gsize ll = strlen (longer);

  if (ls < 20 || count_words (shorter) < 3 || ls == ll)
    return FALSE;
  if (strncmp (longer, shorter, ls) == 0 && longer[ls] == ' ')
    return TRUE;
  if (strcmp (longer + ll - ls, shorter) == 0 && longer[ll - ls - 1] == ' ')
    return TRUE;
  return FALSE;
}

static WnDedupOutcome
decide (WnDedupMatch   *m,
        WnDedupOutcome  outcome,
        const char     *rule)
{
  m->outcome = outcome;
  m->rule = rule;
  return outcome;
}

static const char *
notice_veto (WnItemFlags differing)
{
  if (differing & WN_ITEM_RETRACTION)
    return "veto:retraction";
  if (differing & WN_ITEM_ERRATUM)
    return "veto:erratum";
  if (differing & WN_ITEM_REPLY)
    return "veto:reply";
  if (differing & WN_ITEM_COMMENT)
    return "veto:comment";
  return "veto:protocol";
}

/* The rules. Contract:
 *
 * Inputs: two normalised entries (wn-normalise.h keys, numbers, flags).
 * Output: certain (merge without asking), possible (ask a person) or
 * distinct, with every field's comparison and the name of the deciding
 * rule in *m.
 *
 * Field comparisons: title — 1 when the keys are equal, else the
 * Levenshtein ratio of the keys (1 − d/max length); "contained" when one
 * key is the other with words added at the start or end. Authors —
 * wn_authors_similarity(). Journal — wn_journal_similarity(). Abstract —
 * Levenshtein ratio of the first 160 characters of the keys. Volume,
 * issue, PMID, DOI — equal/different/missing on normalised values; pages —
 * compare_pages(); year — the gap in years.
 *
 * Vetoes, in order (each makes the pair distinct; "same id" means an equal
 * DOI or PMID, which turns some vetoes into "possible"):
 *   veto:cochrane-version  DOIs of one Cochrane review with different .pubN
 *   veto:doi / veto:pmid   both records have one and they differ (possible
 *                          if everything else is identical: a typo)
 *   veto:year              years more than one apart (ASySD, DedupEndNote)
 *   veto:pages             first pages differ (not a typo, not online-first)
 *   veto:volume            volumes differ (unless title ≥ 0.95, authors ≥ 0.9,
 *                          journal, year and pages agree: a damaged field)
 *   veto:numbers           each title has a number the other lacks
 *   veto:erratum, veto:retraction, veto:comment, veto:reply, veto:protocol
 *                          one record is such a notice and the other not,
 *                          unless both sit in the same place (journal,
 *                          volume, pages equal: the same notice, one
 *                          database keeping "Erratum:" in the title)
 *   veto:conference        one is a conference item, the other not, unless
 *                          same journal, volume, pages and year (one
 *                          database types the supplement "Journal Article")
 *   veto:version           two article-numbered items (Cochrane CD…) of
 *                          different years without a shared DOI
 *   veto:issue             issues differ, pages do not settle it, and the
 *                          title names no particular work ("Editor's
 *                          Comments" in issues 1, 2, 3 and 4)
 *
 * Then, "X" counting soft conflicts (journals unlike, Dice < 0.5; issues
 * differ where the pages do not settle it) and "L" the agreements (journal
 * ≥ 0.85, volume equal, pages equal or compatible, issue equal):
 *   possible:same-id-pages-differ
 *                           same id on different first pages (a supplement's
 *                           DOI on two abstracts), titles or authors ≥ 0.75
 *                           → possible; else veto:same-id-different-work
 *   doi+title / pmid+title  same id and titles ≥ 0.9 alike, contained, or
 *                           one missing → certain
 *   doi+authors             same id, titles ≥ 0.75, authors ≥ 0.75, X = 0 → certain
 *   doi+place               same id, same journal, volume, full page range
 *                           and year, issues not different, authors ≥ 0.9
 *                           → certain (a title translated, the original in
 *                           brackets)
 *   same-id                 same id, titles ≥ 0.75, or authors ≥ 0.75, or titles
 *                           ≥ 0.5 with authors ≥ 0.25 or missing → possible;
 *                           else veto:same-id-different-work (a DOI shared by a
 *                           whole supplement, or copied to the wrong record)
 *   title+authors           titles ≥ 0.95, authors ≥ 0.75, both titles
 *                           informative, X = 0, and L ≥ 1 or (authors ≥ 0.9 and
 *                           same year) → certain
 *   title+place             titles ≥ 0.9, same journal, volume and pages,
 *                           authors ≥ 0.5 or missing, X = 0 → certain
 *   title+abstract          titles ≥ 0.85, abstracts ≥ 0.9, authors ≥ 0.5 or
 *                           missing, L ≥ 1, X = 0 → certain
 *   contained+place         contained title, same journal, volume and pages,
 *                           authors ≥ 0.75, X = 0 → certain
 *   title+issue             titles ≥ 0.95, both informative, same journal,
 *                           volume, issue and year, authors ≥ 0.75 or
 *                           missing, X = 0 → certain (a whole supplement's
 *                           record, "Abstracts of the 79th EAS Congress",
 *                           has neither authors nor pages)
 *   title+authors+volume    titles ≥ 0.98, both informative, authors ≥ 0.9,
 *                           same volume, issue (or none, for two meeting
 *                           items) and year, pages not different, any
 *                           journal names → certain
 *   conference:title+year   both conference items, titles ≥ 0.98, both
 *                           informative, authors ≥ 0.5 (names reordered or
 *                           swapped), same year, no unlike venue, volume,
 *                           issue and pages not different → certain
 *   (and title+volume+pages, title+place+year, place+authors, title+pages,
 *   each explained where it is decided)
 *   possible:title          titles ≥ 0.85, authors ≥ 0.5 or missing, X ≤ 1
 *   possible:place          titles ≥ 0.7, same journal, volume and pages
 *   possible:contained      contained title, authors ≥ 0.75 or L ≥ 2
 *   possible:abstract       abstracts ≥ 0.95, authors ≥ 0.5
 *   otherwise distinct ("no-rule").
 *
 * The thresholds follow ASySD (title > 0.9 with author > 0.9 and another
 * field, title > 0.95 with pages and volume) and bib-dedupe (title > 0.9,
 * author > 0.95 ... with volume, issue, pages, year all non-contradicting),
 * made stricter where the benchmark sets showed false merges and explained
 * at each rule. References: Hair et al. 2023 (ASySD, BMC Biol 21:189);
 * Wagner et al., bib-dedupe match_conditions.py; DedupEndNote README.
 *
 * Score, for ordering the queue only: 0.4·title + 0.25·authors +
 * 0.1·journal + 0.1·(pages agree) + 0.05·(volume equal) + 0.1·(same id).
 */
/* The similarities are computed when a rule first needs them: most
 * candidate pairs end on a cheap veto (different DOIs, pages, volumes)
 * before any string is compared, and a title comparison starts with a
 * bound that costs 32 additions. */
typedef struct
{
  const WnDedupEntry *a;
  const WnDedupEntry *b;
  WnDedupMatch       *m;
  gboolean            have_title;
  gboolean            have_authors;
  gboolean            have_journal;
  gboolean            have_abstract;
} Lazy;

/* A lower bound of the edit distance between two title keys: the larger
 * count of letters one has more of than the other (the "bag distance",
 * Bartolini et al. 2002), over the entries' letter histograms. */
static guint
bag_distance (const WnDedupEntry *a,
              const WnDedupEntry *b)
{
  guint more_a = 0;
  guint more_b = 0;

  for (guint i = 0; i < WN_DEDUP_HISTOGRAM; i++)
    {
      int d = (int) a->title_histogram[i] - (int) b->title_histogram[i];

      if (d > 0)
        more_a += d;
      else
        more_b -= d;
    }
  return MAX (more_a, more_b);
}

static double
lazy_title (Lazy *z)
{
  const WnDedupEntry *a = z->a;
  const WnDedupEntry *b = z->b;

  if (z->have_title)
    return z->m->title;
  z->have_title = TRUE;
  if (a->title == NULL || b->title == NULL)
    return z->m->title = -1.0;
  if (a->title_hash == b->title_hash && strcmp (a->title, b->title) == 0)
    return z->m->title = 1.0;
  z->m->title_contained = title_contained (a->title, b->title);
  {
    guint longest = MAX (a->title_length, b->title_length);
    double bound = 1.0 - (double) MAX (bag_distance (a, b), (guint) ABS ((int) a->title_length -
                                                                        (int) b->title_length)) / MAX (longest, 1);

    /* below 0.6 no rule looks at the exact value */
    if (bound < 0.6)
      return z->m->title = bound;
  }
  return z->m->title = wn_levenshtein_ratio (a->title, b->title, 0.6);
}

static double
lazy_authors (Lazy *z)
{
  if (!z->have_authors)
    {
      z->have_authors = TRUE;
      z->m->authors = z->a->authors != NULL && z->b->authors != NULL
                      ? wn_authors_similarity (z->a->authors, z->b->authors) : -1.0;
    }
  return z->m->authors;
}

static double
lazy_journal (Lazy *z)
{
  if (!z->have_journal)
    {
      z->have_journal = TRUE;
      z->m->journal = z->a->journal != NULL && z->b->journal != NULL
                      ? wn_journal_similarity (z->a->journal, z->b->journal) : -1.0;
    }
  return z->m->journal;
}

static double
lazy_abstract (Lazy *z)
{
  if (!z->have_abstract)
    {
      z->have_abstract = TRUE;
      z->m->abstract = z->a->abstract != NULL && z->b->abstract != NULL
                       ? wn_levenshtein_ratio (z->a->abstract, z->b->abstract, 0.8) : -1.0;
    }
  return z->m->abstract;
}

/* Identical in all but an identifier: the DOI or PMID of one copy is
 * wrong (a typo, or the DOI of a supplement). A person should look. */
static gboolean
near_identical (Lazy *z)
{
  const WnDedupMatch *m = z->m;

  return m->volume == WN_FIELD_EQUAL && m->pages == WN_FIELD_EQUAL && m->year_gap == 0 &&
         lazy_journal (z) >= 0.85 && lazy_authors (z) >= 0.9 && lazy_title (z) >= 0.98;
}

/* Fills what was not computed and the score, for the pair's reasons. */
static WnDedupOutcome
finish (Lazy           *z,
        WnDedupOutcome  outcome,
        const char     *rule,
        gboolean        complete)
{
  WnDedupMatch *m = z->m;

  if (complete || outcome != WN_DEDUP_DISTINCT)
    {
      lazy_title (z);
      lazy_authors (z);
      lazy_journal (z);
      lazy_abstract (z);
    }
  m->score = 0.4 * MAX (m->title, 0.0) + 0.25 * MAX (m->authors, 0.0) + 0.1 * MAX (m->journal, 0.0) +
             0.1 * (m->pages == WN_FIELD_EQUAL || m->pages == WN_FIELD_COMPATIBLE) +
             0.05 * (m->volume == WN_FIELD_EQUAL) +
             0.1 * (m->doi == WN_FIELD_EQUAL || m->pmid == WN_FIELD_EQUAL);
  m->score = MIN (m->score, 1.0);
  return decide (m, outcome, rule);
}

#define DECIDE(outcome, rule) return finish (&z, (outcome), (rule), complete)

WnDedupOutcome
_wn_dedup_compare_full (const WnDedupEntry *a,
                        const WnDedupEntry *b,
                        WnDedupMatch       *m,
                        gboolean            complete)
{
  Lazy z = { a, b, m, FALSE, FALSE, FALSE, FALSE };
  gboolean same_id;
  gboolean strong_place;
  gboolean journal_conflict;
  gboolean issue_conflict;
  gboolean informative;
  gboolean place_full;
  gboolean issue_forgiven;
  gboolean volume_conflict;
  guint agreements = 0;
  guint conflicts = 0;
  double t;
  double au;
  double journal;

  memset (m, 0, sizeof *m);
  m->title = m->authors = m->journal = m->abstract = -1.0;
  m->year_gap = -1;

  /* The cheap fields. */
  if (a->doi != NULL && b->doi != NULL)
    m->doi = strcmp (a->doi, b->doi) == 0 ? WN_FIELD_EQUAL : WN_FIELD_DIFFERENT;
  m->pmid = compare_number (a->pmid, b->pmid);
  m->volume = compare_number (a->volume, b->volume);
  m->issue = compare_number (a->issue, b->issue);
  m->pages = compare_pages (a, b);
  if (a->year != 0 && b->year != 0)
    m->year_gap = ABS (a->year - b->year);
  same_id = m->doi == WN_FIELD_EQUAL || m->pmid == WN_FIELD_EQUAL;
  informative = (a->entry & WN_ENTRY_INFORMATIVE) && (b->entry & WN_ENTRY_INFORMATIVE);

  /* Vetoes. */
  if (m->doi == WN_FIELD_DIFFERENT)
    {
      if (a->doi_version != 0 && b->doi_version != 0 && a->doi_version != b->doi_version)
        {
          const char *pa = strstr (a->doi, ".pub");
          const char *pb = strstr (b->doi, ".pub");
          gsize la = pa ? (gsize) (pa - a->doi) : strlen (a->doi);
          gsize lb = pb ? (gsize) (pb - b->doi) : strlen (b->doi);

          if (la == lb && strncmp (a->doi, b->doi, la) == 0)
            DECIDE (WN_DEDUP_DISTINCT, "veto:cochrane-version");
        }
      if (m->pmid != WN_FIELD_EQUAL)
        {
          if (near_identical (&z))
            DECIDE (WN_DEDUP_POSSIBLE, "possible:doi-differs");
          DECIDE (WN_DEDUP_DISTINCT, "veto:doi");
        }
    }
  if (m->pmid == WN_FIELD_DIFFERENT && m->doi != WN_FIELD_EQUAL)
    {
      if (near_identical (&z))
        DECIDE (WN_DEDUP_POSSIBLE, "possible:pmid-differs");
      DECIDE (WN_DEDUP_DISTINCT, "veto:pmid");
    }
  if (m->year_gap >= 2)
    {
      if (same_id && lazy_title (&z) >= 0.9)
        DECIDE (WN_DEDUP_POSSIBLE, "possible:same-id-years-apart");
      DECIDE (WN_DEDUP_DISTINCT, "veto:year");
    }
  if (!same_id && m->pages == WN_FIELD_DIFFERENT)
    DECIDE (WN_DEDUP_DISTINCT, "veto:pages");
  /* A volume conflict is a veto, except in a copy that agrees on
   * everything else — title, authors, journal, year, and pages or abstract
   * — where it is a damaged volume field (exports that split "61 (Suppl. 1)"
   * into volume "1"): two works do not share all of those. */
  volume_conflict = m->volume == WN_FIELD_DIFFERENT &&
                    !(informative && m->year_gap == 0 && lazy_journal (&z) >= 0.85 &&
                      (m->pages == WN_FIELD_EQUAL || lazy_abstract (&z) >= 0.95) &&
                      lazy_authors (&z) >= 0.9 && lazy_title (&z) >= 0.95);
  if (!same_id && volume_conflict)
    DECIDE (WN_DEDUP_DISTINCT, "veto:volume");
  if (numbers_conflict (a, b))
    {
      if (same_id)
        DECIDE (WN_DEDUP_POSSIBLE, "possible:same-id-numbers-differ");
      DECIDE (WN_DEDUP_DISTINCT, "veto:numbers");
    }

  /* The same volume and the same full page range: one place in the
   * literature, whatever the journal is called there ("Chung-Hua Chieh Ho
   * Ho Hu Hsi Tsa Chih" and "Zhonghua jie he he hu xi za zhi", "Hong Kong
   * Medical Journal" and "Xianggang yi xue za zhi"). */
  journal = lazy_journal (&z);
  place_full = m->volume == WN_FIELD_EQUAL && m->pages == WN_FIELD_EQUAL && full_range (a) && full_range (b);
  journal_conflict = journal >= 0.0 && journal < 0.5 && !place_full;
  {
    WnItemFlags differing = (a->item ^ b->item) & WN_ITEM_NOTICE_MASK;

    if (differing != 0)
      {
        gboolean same_place = journal >= 0.85 && m->volume == WN_FIELD_EQUAL && m->pages == WN_FIELD_EQUAL &&
                              m->issue != WN_FIELD_DIFFERENT;

        if (!same_place)
          {
            if (same_id)
              DECIDE (WN_DEDUP_POSSIBLE, "possible:same-id-notice");
            DECIDE (WN_DEDUP_DISTINCT, notice_veto (differing));
          }
      }
  }
  if ((a->item ^ b->item) & WN_ITEM_CONFERENCE)
    {
      gboolean same_place = journal >= 0.85 && !volume_conflict && m->pages != WN_FIELD_DIFFERENT &&
                            m->year_gap == 0;

      if (!same_place)
        {
          if (same_id)
            DECIDE (WN_DEDUP_POSSIBLE, "possible:same-id-conference");
          DECIDE (WN_DEDUP_DISTINCT, "veto:conference");
        }
    }
  if (!same_id && (a->pages_flags & WN_PAGES_ARTICLE_NUMBER) && (b->pages_flags & WN_PAGES_ARTICLE_NUMBER) &&
      m->year_gap > 0)
    DECIDE (WN_DEDUP_DISTINCT, "veto:version");

  /* Issues: a difference the pages settle (same first page, not article
   * numbers) is a typo; otherwise a conflict — a veto for a title that
   * names no particular work, a weak conflict for others (issue fields
   * are the least reliable: supplement numbers, record numbers). */
  issue_conflict = m->issue == WN_FIELD_DIFFERENT &&
                   !(m->pages == WN_FIELD_EQUAL && !(a->pages_flags & WN_PAGES_ARTICLE_NUMBER));
  if (issue_conflict && !same_id && !informative)
    DECIDE (WN_DEDUP_DISTINCT, "veto:issue");

  conflicts = journal_conflict + issue_conflict;
  agreements = (journal >= 0.85) + (m->volume == WN_FIELD_EQUAL) +
               (m->pages == WN_FIELD_EQUAL || m->pages == WN_FIELD_COMPATIBLE) + (m->issue == WN_FIELD_EQUAL);
  /* The same journal, volume and pages; for article-numbered items
   * (Cochrane's CD numbers, e-numbers) the same year stands in for a
   * missing volume. */
  strong_place = journal >= 0.85 && (m->pages == WN_FIELD_EQUAL || m->pages == WN_FIELD_COMPATIBLE) &&
                 (m->volume == WN_FIELD_EQUAL ||
                  ((a->pages_flags & WN_PAGES_ARTICLE_NUMBER) && m->pages == WN_FIELD_EQUAL && m->year_gap == 0 &&
                   m->volume != WN_FIELD_DIFFERENT));

  t = lazy_title (&z);
  au = lazy_authors (&z);
  /* An issue conflict is forgiven when all else that is known agrees:
   * authors, journal and year. */
  issue_forgiven = !issue_conflict || (au >= 0.9 && journal >= 0.85 && m->year_gap == 0);

  /* The same identifier. */
  if (same_id)
    {
      const char *rule_title = m->doi == WN_FIELD_EQUAL ? "doi+title" : "pmid+title";

      /* The same identifier on different first pages: a DOI given to a
       * whole supplement, on two abstracts that share a title (one with
       * more authors) but not a page, or a page typed wrong. A person
       * tells which; merging would let a group chain both abstracts. */
      if (m->pages == WN_FIELD_DIFFERENT)
        {
          if (t >= 0.75 || au >= 0.75)
            DECIDE (WN_DEDUP_POSSIBLE, "possible:same-id-pages-differ");
          DECIDE (WN_DEDUP_DISTINCT, "veto:same-id-different-work");
        }
      if (t >= 0.9 || m->title_contained)
        DECIDE (WN_DEDUP_CERTAIN, rule_title);
      if (t < 0.0)
        {
          if (au >= 0.5 || agreements >= 2)
            DECIDE (WN_DEDUP_CERTAIN, rule_title);
          DECIDE (WN_DEDUP_POSSIBLE, "possible:same-id");
        }
      if (t >= 0.75 && au >= 0.75 && conflicts == 0)
        DECIDE (WN_DEDUP_CERTAIN, "doi+authors");
      /* The same identifier, journal, volume, full page range, year and
       * authors, under titles that differ: one copy gives the title in
       * English with the original in brackets ("Working in the Platform
       * Economy … [Arbeiten in der Plattformökonomie …]"). The rule
       * place+authors below merges such a pair without an identifier; a
       * shared identifier must not make it weaker. */
      if (place_full && journal >= 0.85 && m->issue != WN_FIELD_DIFFERENT && m->year_gap == 0 && au >= 0.9)
        DECIDE (WN_DEDUP_CERTAIN, "doi+place");
      if (t >= 0.75 || au >= 0.75 || (t >= 0.5 && (au >= 0.25 || au < 0.0)))
        DECIDE (WN_DEDUP_POSSIBLE, "possible:same-id");
      DECIDE (WN_DEDUP_DISTINCT, "veto:same-id-different-work");
    }

  if (t < 0.0)
    {
      if (strong_place && au >= 0.9)
        DECIDE (WN_DEDUP_POSSIBLE, "possible:place-no-title");
      DECIDE (WN_DEDUP_DISTINCT, "no-rule");
    }

  if (!journal_conflict)
    {
      if (t >= 0.95 && au >= 0.75 && informative && issue_forgiven &&
          (agreements >= 1 || (au >= 0.9 && m->year_gap == 0)))
        DECIDE (WN_DEDUP_CERTAIN, "title+authors");
      if (t >= 0.9 && strong_place && (au >= 0.5 || au < 0.0))
        DECIDE (WN_DEDUP_CERTAIN, "title+place");
      if (t >= 0.85 && (au >= 0.5 || au < 0.0) && agreements >= 1 && !issue_conflict &&
          lazy_abstract (&z) >= 0.9)
        DECIDE (WN_DEDUP_CERTAIN, "title+abstract");
      if (m->title_contained && strong_place && au >= 0.75)
        DECIDE (WN_DEDUP_CERTAIN, "contained+place");
      if (t >= 0.95 && informative && journal >= 0.85 && m->volume == WN_FIELD_EQUAL &&
          m->issue == WN_FIELD_EQUAL && m->year_gap == 0 && (au >= 0.75 || au < 0.0))
        DECIDE (WN_DEDUP_CERTAIN, "title+issue");
    }
  if (t >= 0.95 && informative && place_full && m->year_gap <= 1 && (au >= 0.5 || au < 0.0))
    DECIDE (WN_DEDUP_CERTAIN, "title+volume+pages");
  /* The same informative title by the same authors in the same year and
   * volume, with no issue or pages against it, whatever the journal is
   * called: a romanised or translated name ("Jinko Chino Gakkai
   * Ronbunshi" for the Transactions of the Japanese Society for
   * Artificial Intelligence) or a meeting's name in place of the journal
   * that printed its abstracts. Two works do not share all of these. The
   * issue must be the same too, unless both are meeting items (an
   * abstract book's records seldom have one): one abstract in two
   * journals' supplements is two reports, and their volumes may agree. */
  if (t >= 0.98 && informative && au >= 0.9 && m->volume == WN_FIELD_EQUAL &&
      (m->issue == WN_FIELD_EQUAL || (m->issue == WN_FIELD_MISSING && (a->item & b->item & WN_ITEM_CONFERENCE))) &&
      m->pages != WN_FIELD_DIFFERENT && m->year_gap == 0)
    DECIDE (WN_DEDUP_CERTAIN, "title+authors+volume");
  /* Proceedings papers often have no volume, issue or pages, and their
   * authors are written in another order or with given and family names
   * swapped ("Carignani, Andrea" and "Andrea, C."): every name word of
   * the shorter list is in the other but the first authors differ, which
   * scores 0.5. Two conference items with the same informative title, the
   * same year, no unlike venue and nothing else against them are one
   * paper. */
  if ((a->item & b->item & WN_ITEM_CONFERENCE) && t >= 0.98 && informative && au >= 0.5 && m->year_gap == 0 &&
      !journal_conflict && m->volume != WN_FIELD_DIFFERENT && m->issue != WN_FIELD_DIFFERENT &&
      m->pages != WN_FIELD_DIFFERENT)
    DECIDE (WN_DEDUP_CERTAIN, "conference:title+year");
  /* The same title in the same journal, volume, full page range and year
   * is the same article even when its authors were garbled ("Xi, L F" and
   * "Long, F X"); only authors with nearly nothing in common — separate
   * letters printed under one heading — keep them apart. */
  if (t >= 0.99 && informative && place_full && journal >= 0.85 && m->year_gap == 0 && au >= 0.25)
    DECIDE (WN_DEDUP_CERTAIN, "title+place+year");
  /* Titles that differ (one translated) in the same place, by the same
   * authors. The issue must not differ: journals that number pages per
   * issue reuse a volume's page ranges. */
  if (place_full && journal >= 0.85 && m->issue != WN_FIELD_DIFFERENT && m->year_gap == 0 && au >= 0.9)
    DECIDE (WN_DEDUP_CERTAIN, "place+authors");
  /* Proceedings often have no journal or volume: the same full page range
   * in the same year, by the same authors, under a like or contained title
   * ("Infrastructure in the Wild" and "Infrastructure in the wild: What
   * mapping in post-earthquake Nepal reveals…"). */
  if ((t >= 0.85 || m->title_contained) && m->pages == WN_FIELD_EQUAL && full_range (a) && full_range (b) &&
      m->year_gap == 0 && au >= 0.75 && !journal_conflict && m->volume != WN_FIELD_DIFFERENT &&
      m->issue != WN_FIELD_DIFFERENT)
    DECIDE (WN_DEDUP_CERTAIN, "title+pages");

  if (t >= 0.85 && (au >= 0.5 || au < 0.0) && conflicts <= 1)
    DECIDE (WN_DEDUP_POSSIBLE, "possible:title");
  if (t >= 0.7 && strong_place)
    DECIDE (WN_DEDUP_POSSIBLE, "possible:place");
  if (m->title_contained && (au >= 0.75 || agreements >= 2))
    DECIDE (WN_DEDUP_POSSIBLE, "possible:contained");
  if (au >= 0.5 && lazy_abstract (&z) >= 0.95)
    DECIDE (WN_DEDUP_POSSIBLE, "possible:abstract");

  DECIDE (WN_DEDUP_DISTINCT, "no-rule");
}

#undef DECIDE

WnDedupOutcome
_wn_dedup_compare (const WnDedupEntry *a,
                   const WnDedupEntry *b,
                   WnDedupMatch       *m)
{
  return _wn_dedup_compare_full (a, b, m, FALSE);
}

gboolean
_wn_dedup_match_is_veto (const WnDedupMatch *match)
{
  return match->outcome == WN_DEDUP_DISTINCT && g_str_has_prefix (match->rule, "veto:");
}

WnDedupOutcome
wn_dedup_compare_records (const WnRecord *a,
                          const WnRecord *b,
                          WnDedupMatch   *match)
{
  g_autoptr(GStringChunk) strings = g_string_chunk_new (1024);
  g_autofree char *authors_a = NULL;
  g_autofree char *authors_b = NULL;
  WnDedupSource src_a;
  WnDedupSource src_b;
  WnDedupEntry ea;
  WnDedupEntry eb;
  WnDedupMatch local;

  g_return_val_if_fail (a != NULL && b != NULL, WN_DEDUP_DISTINCT);

  _wn_dedup_source_from_record (&src_a, a, &authors_a);
  _wn_dedup_source_from_record (&src_b, b, &authors_b);
  src_a.id = 1;
  src_b.id = 2;
  _wn_dedup_entry_init (&ea, &src_a, strings);
  _wn_dedup_entry_init (&eb, &src_b, strings);
  return _wn_dedup_compare_full (&ea, &eb, match != NULL ? match : &local, TRUE);
}

const char *
wn_dedup_outcome_to_string (WnDedupOutcome outcome)
{
  switch (outcome)
    {
    case WN_DEDUP_CERTAIN:
      return "certain";
    case WN_DEDUP_POSSIBLE:
      return "possible";
    case WN_DEDUP_DISTINCT:
    default:
      return "distinct";
    }
}

const char *
wn_dedup_decision_to_string (WnDedupDecision decision)
{
  switch (decision)
    {
    case WN_DEDUP_DECISION_DUPLICATE:
      return "duplicate";
    case WN_DEDUP_DECISION_DISTINCT:
      return "distinct";
    case WN_DEDUP_DECISION_NONE:
    default:
      return NULL;
    }
}

gboolean
wn_dedup_decision_from_string (const char      *text,
                               WnDedupDecision *decision)
{
  if (g_strcmp0 (text, "duplicate") == 0)
    *decision = WN_DEDUP_DECISION_DUPLICATE;
  else if (g_strcmp0 (text, "distinct") == 0 || g_strcmp0 (text, "not-duplicate") == 0)
    *decision = WN_DEDUP_DECISION_DISTINCT;
  else
    return FALSE;
  return TRUE;
}

static const char *
agreement_name (WnFieldAgreement agreement)
{
  switch (agreement)
    {
    case WN_FIELD_EQUAL:
      return "equal";
    case WN_FIELD_COMPATIBLE:
      return "compatible";
    case WN_FIELD_DIFFERENT:
      return "different";
    case WN_FIELD_MISSING:
    default:
      return "missing";
    }
}

static void
append_similarity (GString    *out,
                   const char *key,
                   double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  wn_json_append_key (out, key);
  if (value < 0.0)
    g_string_append (out, "null");
  else
    g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.3f", value));
}

char *
wn_dedup_match_to_json (const WnDedupMatch *m)
{
  GString *out = g_string_new ("{");

  g_return_val_if_fail (m != NULL, NULL);

  wn_json_append_key (out, "outcome");
  wn_json_append_string (out, wn_dedup_outcome_to_string (m->outcome));
  wn_json_append_key (out, "rule");
  wn_json_append_string (out, m->rule);
  append_similarity (out, "score", m->score);
  append_similarity (out, "title", m->title);
  if (m->title_contained)
    g_string_append (out, ",\"title_contained\":true");
  append_similarity (out, "authors", m->authors);
  append_similarity (out, "journal", m->journal);
  append_similarity (out, "abstract", m->abstract);
  wn_json_append_key (out, "year_gap");
  if (m->year_gap < 0)
    g_string_append (out, "null");
  else
    wn_json_append_int (out, m->year_gap);
  wn_json_append_key (out, "doi");
  wn_json_append_string (out, agreement_name (m->doi));
  wn_json_append_key (out, "pmid");
  wn_json_append_string (out, agreement_name (m->pmid));
  wn_json_append_key (out, "volume");
  wn_json_append_string (out, agreement_name (m->volume));
  wn_json_append_key (out, "issue");
  wn_json_append_string (out, agreement_name (m->issue));
  wn_json_append_key (out, "pages");
  wn_json_append_string (out, agreement_name (m->pages));
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static void
describe_part (GString    *out,
               const char *text)
{
  if (out->len > 0)
    g_string_append (out, "; ");
  g_string_append (out, text);
}

static int
percent (double value)
{
  return (int) (value * 100.0 + 0.5);
}

char *
wn_dedup_match_describe (const WnDedupMatch *m)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (m != NULL, NULL);

  if (m->doi == WN_FIELD_EQUAL)
    describe_part (out, _("same DOI"));
  else if (m->doi == WN_FIELD_DIFFERENT)
    describe_part (out, _("different DOIs"));
  if (m->pmid == WN_FIELD_EQUAL)
    describe_part (out, _("same PMID"));
  else if (m->pmid == WN_FIELD_DIFFERENT)
    describe_part (out, _("different PMIDs"));
  if (m->title_contained)
    describe_part (out, _("one title contains the other"));
  {
    g_autofree char *title = NULL;
    g_autofree char *authors = NULL;
    g_autofree char *journal = NULL;
    g_autofree char *abstract = NULL;
    g_autofree char *years = NULL;

    /* Translators: %d is a percentage */
    if (m->title >= 0.0)
      describe_part (out, title = g_strdup_printf (_("titles %d %% alike"), percent (m->title)));
    /* Translators: %d is a percentage */
    if (m->authors >= 0.0)
      describe_part (out, authors = g_strdup_printf (_("authors %d %% alike"), percent (m->authors)));
    /* Translators: %d is a percentage */
    if (m->journal >= 0.0)
      describe_part (out, journal = g_strdup_printf (_("journals %d %% alike"), percent (m->journal)));
    /* Translators: %d is a percentage */
    if (m->abstract >= 0.0)
      describe_part (out, abstract = g_strdup_printf (_("abstracts %d %% alike"), percent (m->abstract)));
    if (m->year_gap == 0)
      describe_part (out, _("same year"));
    else if (m->year_gap > 0)
      describe_part (out, years = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year apart", "%d years apart",
                                                                m->year_gap), m->year_gap));
  }
  if (m->volume == WN_FIELD_EQUAL)
    describe_part (out, _("same volume"));
  else if (m->volume == WN_FIELD_DIFFERENT)
    describe_part (out, _("different volumes"));
  if (m->issue == WN_FIELD_EQUAL)
    describe_part (out, _("same issue"));
  else if (m->issue == WN_FIELD_DIFFERENT)
    describe_part (out, _("different issues"));
  if (m->pages == WN_FIELD_EQUAL)
    describe_part (out, _("same pages"));
  else if (m->pages == WN_FIELD_COMPATIBLE)
    describe_part (out, _("compatible pages"));
  else if (m->pages == WN_FIELD_DIFFERENT)
    describe_part (out, _("different pages"));

  if (g_str_has_prefix (m->rule, "veto:"))
    {
      static const struct { const char *rule; const char *text; } vetoes[] = {
        { "veto:cochrane-version", N_("different versions of a Cochrane review") },
        { "veto:erratum", N_("one is an erratum") },
        { "veto:retraction", N_("one is a retraction notice") },
        { "veto:comment", N_("one is a comment") },
        { "veto:reply", N_("one is a reply") },
        { "veto:protocol", N_("one is a protocol") },
        { "veto:conference", N_("a conference abstract and an article") },
        { "veto:numbers", N_("numbers in the titles differ (parts of a series)") },
        { "veto:version", N_("different versions of an article-numbered item") },
        { "veto:same-id-different-work", N_("the same identifier on different works") },
      };

      for (guint i = 0; i < G_N_ELEMENTS (vetoes); i++)
        if (g_str_equal (m->rule, vetoes[i].rule))
          describe_part (out, _(vetoes[i].text));
    }

  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Loading                                                                   */

#define BATCH_ROWS 4096
#define N_COLUMNS 12

enum
{
  COL_ID,
  COL_TITLE,
  COL_AUTHORS,
  COL_YEAR,
  COL_JOURNAL,
  COL_VOLUME,
  COL_ISSUE,
  COL_PAGES,
  COL_DOI,
  COL_PMID,
  COL_ABSTRACT,
  COL_TYPE,
  COL_FIELDS,
};

typedef struct
{
  WnDedupIndex *index;
  guint         first;             /* index of its first row */
  guint         n;
  gint64        ids[BATCH_ROWS];
  guint32       offsets[BATCH_ROWS][N_COLUMNS];  /* into text; G_MAXUINT32 = NULL */
  GString      *text;
} Batch;

typedef struct
{
  GMutex     lock;
  GPtrArray *chunks;
} LoadShared;

static void
batch_free (Batch *batch)
{
  g_string_free (batch->text, TRUE);
  g_free (batch);
}

static void
normalise_batch_cb (gpointer data,
                    gpointer user_data)
{
  Batch *batch = data;
  LoadShared *shared = user_data;
  GStringChunk *strings = g_string_chunk_new (64 * 1024);

  for (guint r = 0; r < batch->n; r++)
    {
      WnDedupSource src;
      const char *col[N_COLUMNS];

      for (guint c = 0; c < N_COLUMNS; c++)
        col[c] = batch->offsets[r][c] == G_MAXUINT32 ? NULL : batch->text->str + batch->offsets[r][c];
      src.id = batch->ids[r];
      src.title = col[COL_TITLE];
      src.authors = col[COL_AUTHORS];
      src.year = col[COL_YEAR];
      src.journal = col[COL_JOURNAL];
      src.volume = col[COL_VOLUME];
      src.issue = col[COL_ISSUE];
      src.pages = col[COL_PAGES];
      src.doi = col[COL_DOI];
      src.pmid = col[COL_PMID];
      src.abstract = col[COL_ABSTRACT];
      src.type = col[COL_TYPE];
      _wn_dedup_entry_init (&batch->index->entries[batch->first + r], &src, strings);
    }

  g_mutex_lock (&shared->lock);
  g_ptr_array_add (shared->chunks, strings);
  g_mutex_unlock (&shared->lock);
  batch_free (batch);
}

/* Reads the value of a tag from the fields column ('TAG<TAB>value' lines,
 * \\ \n \t escaped, or a reference to a column of the row),
 * case-insensitively. Appends it to out (with its NUL) and returns its
 * offset, or G_MAXUINT32. */
static guint32
append_field_value (GString      *out,
                    sqlite3_stmt *row,
                    const char   *fields,
                    const char   *tag)
{
  gsize tag_len = strlen (tag);

  for (const char *line = fields; line != NULL && *line; )
    {
      const char *eol = strchr (line, '\n');

      if (eol == NULL)
        eol = line + strlen (line);
      if ((gsize) (eol - line) > tag_len && line[tag_len] == '\t' && g_ascii_strncasecmp (line, tag, tag_len) == 0)
        {
          const char *value = line + tag_len + 1;
          guint32 offset = out->len;
          g_autofree char *resolved = NULL;

          resolved = _wn_fields_resolve_reference (value, eol - value,
                                                   (const char *) sqlite3_column_text (row, COL_TITLE),
                                                   (const char *) sqlite3_column_text (row, COL_ABSTRACT),
                                                   (const char *) sqlite3_column_text (row, COL_JOURNAL),
                                                   (const char *) sqlite3_column_text (row, COL_AUTHORS),
                                                   NULL);
          if (resolved != NULL)
            {
              for (char *p = resolved; *p; p++)
                g_string_append_c (out, *p == '\n' || *p == '\t' || *p == '\r' ? ' ' : *p);
            }
          else
            for (const char *p = value; p < eol; p++)
              {
                if (*p == '\\' && p + 1 < eol)
                  {
                    p++;
                    g_string_append_c (out, *p == 'n' || *p == 't' || *p == 'r' ? ' ' : *p);
                  }
                else
                  g_string_append_c (out, *p);
              }
          if (out->len == offset)
            return G_MAXUINT32;
          g_string_append_c (out, '\0');
          return offset;
        }
      line = *eol ? eol + 1 : NULL;
    }
  return G_MAXUINT32;
}

static void
batch_add_row (Batch        *batch,
               sqlite3_stmt *stmt)
{
  guint r = batch->n++;
  const char *fields = (const char *) sqlite3_column_text (stmt, COL_FIELDS);

  batch->ids[r] = sqlite3_column_int64 (stmt, COL_ID);
  batch->offsets[r][COL_ID] = G_MAXUINT32;
  for (guint c = 1; c < N_COLUMNS; c++)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, c);
      int len = sqlite3_column_bytes (stmt, c);

      if (text == NULL || len == 0)
        {
          batch->offsets[r][c] = G_MAXUINT32;
          continue;
        }
      batch->offsets[r][c] = batch->text->len;
      g_string_append_len (batch->text, text, len);
      g_string_append_c (batch->text, '\0');
    }

  /* CSV exports from reference managers (BibTeX-like columns) carry the
   * entry type and a conference's booktitle in columns the importer keeps
   * only among the fields. */
  if (fields != NULL)
    {
      if (batch->offsets[r][COL_TYPE] == G_MAXUINT32)
        batch->offsets[r][COL_TYPE] = append_field_value (batch->text, stmt, fields, "ENTRYTYPE");
      if (batch->offsets[r][COL_JOURNAL] == G_MAXUINT32)
        batch->offsets[r][COL_JOURNAL] = append_field_value (batch->text, stmt, fields, "booktitle");
    }
}

static Batch *
batch_new (WnDedupIndex *index,
           guint         first)
{
  Batch *batch = g_new (Batch, 1);

  batch->index = index;
  batch->first = first;
  batch->n = 0;
  batch->text = g_string_sized_new (BATCH_ROWS * 512);
  return batch;
}

void
_wn_dedup_index_free (WnDedupIndex *index)
{
  if (index == NULL)
    return;
  g_free (index->entries);
  g_ptr_array_unref (index->chunks);
  g_free (index);
}

static void
string_chunk_free (gpointer chunk)
{
  g_string_chunk_free (chunk);
}

#define LOAD_COLUMNS \
  "SELECT r.id, r.title, r.authors, r.year, r.journal, r.volume, r.issue, r.pages, r.doi, r.pmid," \
  " substr (r.abstract, 1, 600), r.type," \
  " CASE WHEN r.journal IS NULL OR r.type IS NULL THEN r.fields END FROM records r"

WnDedupIndex *
_wn_dedup_index_load (WnProject     *project,
                      const gint64  *ids,
                      guint          n_ids,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(WnDedupIndex) index = g_new0 (WnDedupIndex, 1);
  g_autoptr(WnStmt) stmt = NULL;
  g_autoptr(GString) id_list = NULL;
  LoadShared shared;
  GThreadPool *pool;
  Batch *batch;
  sqlite3 *db;
  gint64 count;
  guint row = 0;
  gboolean own_transaction;
  int rc;

  index->chunks = g_ptr_array_new_with_free_func (string_chunk_free);

  _wn_project_lock (project);
  db = _wn_project_get_db (project);
  /* One read transaction, so that the count and the rows agree (unless
   * the caller is inside a transaction already). */
  own_transaction = sqlite3_get_autocommit (db);
  if (own_transaction)
    sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);

  if (ids == NULL)
    {
      g_autoptr(WnStmt) count_stmt = NULL;

      rc = sqlite3_prepare_v2 (db, "SELECT count(*), COALESCE (max (id), 0) FROM records", -1, &count_stmt, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_step (count_stmt);
      if (rc != SQLITE_ROW)
        {
          _wn_project_set_sqlite_error (error, db, rc, wn_project_get_path (project), _("could not read the records"));
          if (own_transaction)
            sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
          _wn_project_unlock (project);
          return NULL;
        }
      count = sqlite3_column_int64 (count_stmt, 0);
      index->max_id = sqlite3_column_int64 (count_stmt, 1);
      rc = sqlite3_prepare_v2 (db, LOAD_COLUMNS " ORDER BY r.id", -1, &stmt, NULL);
    }
  else
    {
      id_list = g_string_new ("[");
      for (guint i = 0; i < n_ids; i++)
        g_string_append_printf (id_list, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", ids[i]);
      g_string_append_c (id_list, ']');
      count = n_ids;
      rc = sqlite3_prepare_v2 (db, LOAD_COLUMNS " WHERE r.id IN (SELECT value FROM json_each (?1)) ORDER BY r.id",
                               -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        sqlite3_bind_text (stmt, 1, id_list->str, -1, SQLITE_STATIC);
    }

  index->entries = g_new0 (WnDedupEntry, MAX (count, 1));
  g_mutex_init (&shared.lock);
  shared.chunks = index->chunks;
  pool = g_thread_pool_new (normalise_batch_cb, &shared, g_get_num_processors (), FALSE, NULL);
  batch = batch_new (index, 0);

  for (rc = rc == SQLITE_OK ? sqlite3_step (stmt) : rc; rc == SQLITE_ROW; rc = sqlite3_step (stmt))
    {
      if (row >= count)
        break;
      batch_add_row (batch, stmt);
      row++;
      if (batch->n == BATCH_ROWS)
        {
          g_thread_pool_push (pool, batch, NULL);
          batch = batch_new (index, row);
          if (g_cancellable_is_cancelled (cancellable))
            break;
        }
    }
  if (rc == SQLITE_ROW)
    rc = SQLITE_DONE;
  if (batch->n > 0)
    g_thread_pool_push (pool, batch, NULL);
  else
    batch_free (batch);
  g_thread_pool_free (pool, FALSE, TRUE);
  g_mutex_clear (&shared.lock);

  if (own_transaction)
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_DONE)
    {
      _wn_project_set_sqlite_error (error, db, rc, wn_project_get_path (project), _("could not read the records"));
      _wn_project_unlock (project);
      return NULL;
    }
  _wn_project_unlock (project);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  index->n = row;
  if (ids != NULL && row > 0)
    index->max_id = index->entries[row - 1].id;
  return g_steal_pointer (&index);
}

const WnDedupEntry *
_wn_dedup_index_find (const WnDedupIndex *index,
                      gint64              id)
{
  guint lo = 0;
  guint hi = index->n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (index->entries[mid].id < id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < index->n && index->entries[lo].id == id ? &index->entries[lo] : NULL;
}

/* ------------------------------------------------------------------------ */
/* Blocking                                                                  */

/* Blocks larger than this are not compared all against all: their records
 * are sorted on a second key and each is compared with the next
 * BLOCK_WINDOW (the sorted-neighbourhood method, Hernández & Stolfo 1995),
 * which keeps the cost linear when a key is common ("Editorial", "Wang"
 * and 2020, a journal's volume 1 page 1). */
#define BLOCK_ALL    48
#define BLOCK_WINDOW 10

typedef enum
{
  KEY_DOI = 1,
  KEY_PMID,
  KEY_TITLE_START,
  KEY_TITLE_END,
  KEY_AUTHOR_YEAR,
  KEY_PLACE,
  KEY_ABSTRACT,
  N_KEY_TYPES,
} KeyType;

typedef struct
{
  guint64 key;
  guint64 sort;
  guint32 index;
} KeyEntry;

/* The first 8 bytes of a string as a big-endian number: sorting by it is
 * sorting by the string's start. */
static guint64
prefix_value (const char *text)
{
  guint64 v = 0;

  for (guint i = 0; i < 8; i++)
    {
      v <<= 8;
      if (text != NULL && *text)
        v |= (guchar) *text++;
    }
  return v;
}

/* Writes the title key without spaces, at most max bytes from the start
 * (or, with from_end, from the end) into buffer; returns the length. */
static gsize
title_piece (const char *title,
             char       *buffer,
             gsize       max,
             gboolean    from_end,
             gsize      *total)
{
  gsize n = 0;
  gsize all = 0;

  for (const char *p = title; *p; p++)
    if (*p != ' ')
      all++;
  *total = all;
  if (!from_end)
    {
      for (const char *p = title; *p && n < max; p++)
        if (*p != ' ')
          buffer[n++] = *p;
    }
  else
    {
      gsize skip = all > max ? all - max : 0;

      for (const char *p = title; *p; p++)
        if (*p != ' ')
          {
            if (skip > 0)
              skip--;
            else
              buffer[n++] = *p;
          }
    }
  return n;
}

#define TITLE_PIECE 24
#define ABSTRACT_PIECE 64

static guint
entry_keys (const WnDedupEntry *e,
            KeyType             type,
            KeyEntry           *out)
{
  char buffer[TITLE_PIECE + 8];
  guint n = 0;
  guint64 by_title = prefix_value (e->title);
  guint64 by_author = prefix_value (e->authors) ^ (guint64) (guint16) e->year;

  switch (type)
    {
    case KEY_DOI:
      if (e->doi != NULL)
        out[n++] = (KeyEntry) { hash_bytes (e->doi, strlen (e->doi), type), by_title, 0 };
      break;
    case KEY_PMID:
      if (e->pmid != 0)
        out[n++] = (KeyEntry) { hash_bytes ((const char *) &e->pmid, sizeof e->pmid, type), by_title, 0 };
      break;
    case KEY_TITLE_START:
    case KEY_TITLE_END:
      if (e->title != NULL)
        {
          gsize total;
          gsize len = title_piece (e->title, buffer, TITLE_PIECE, type == KEY_TITLE_END, &total);

          if (type == KEY_TITLE_END && total <= TITLE_PIECE)
            break;
          out[n++] = (KeyEntry) { hash_bytes (buffer, len, type), by_author, 0 };
        }
      break;
    case KEY_AUTHOR_YEAR:
      if (e->authors != NULL && e->authors[0] != '|')
        {
          const char *p = e->authors;

          /* one key per word of the first author's name (at most two):
           * "Omulo Sylvia" and "Omulo, S." share "omulo" */
          for (guint w = 0; w < 2 && *p && *p != '|'; w++)
            {
              const char *start = p;
              gsize len;

              while (*p && *p != ' ' && *p != '|')
                p++;
              len = p - start;
              if (len > 0 && len < sizeof buffer - 2)
                {
                  memcpy (buffer, start, len);
                  buffer[len] = (char) (e->year & 0xff);
                  buffer[len + 1] = (char) (e->year >> 8);
                  out[n++] = (KeyEntry) { hash_bytes (buffer, len + 2, type), by_title, 0 };
                }
              if (*p == ' ')
                p++;
            }
        }
      break;
    case KEY_PLACE:
      if (e->volume != 0 && e->page_first != 0)
        {
          guint32 v[3] = { e->journal != NULL ? (guchar) e->journal[0] : 0, e->volume, e->page_first };

          out[n++] = (KeyEntry) { hash_bytes ((const char *) v, sizeof v, type), by_title, 0 };
        }
      break;
    case KEY_ABSTRACT:
      if (e->abstract != NULL && strlen (e->abstract) >= ABSTRACT_PIECE)
        out[n++] = (KeyEntry) { hash_bytes (e->abstract, ABSTRACT_PIECE, type), by_title, 0 };
      break;
    case N_KEY_TYPES:
    default:
      break;
    }
  return n;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const KeyEntry *x = a;
  const KeyEntry *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  if (x->sort != y->sort)
    return x->sort < y->sort ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

typedef struct
{
  const WnDedupIndex *index;
  guint               first_new;
  GCancellable       *cancellable;
  GMutex              lock;
  GArray             *pairs;       /* guint64: a << 32 | b */
} BlockShared;

static inline void
emit_pair (GArray  *pairs,
           guint32  i,
           guint32  j,
           guint    first_new)
{
  guint64 pair;

  if (i == j)
    return;
  if (i > j)
    {
      guint32 t = i;

      i = j;
      j = t;
    }
  if (j < first_new)
    return;
  pair = ((guint64) i << 32) | j;
  g_array_append_val (pairs, pair);
}

static void
block_key_type_cb (gpointer data,
                   gpointer user_data)
{
  KeyType type = GPOINTER_TO_UINT (data);
  BlockShared *shared = user_data;
  const WnDedupIndex *index = shared->index;
  g_autoptr(GArray) keys = g_array_sized_new (FALSE, FALSE, sizeof (KeyEntry), index->n);
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint start;

  for (guint i = 0; i < index->n; i++)
    {
      KeyEntry found[4];
      guint n = entry_keys (&index->entries[i], type, found);

      for (guint k = 0; k < n; k++)
        {
          found[k].index = i;
          g_array_append_val (keys, found[k]);
        }
    }
  if (g_cancellable_is_cancelled (shared->cancellable))
    return;
  g_array_sort (keys, compare_keys);

  for (start = 0; start < keys->len; )
    {
      const KeyEntry *k = &g_array_index (keys, KeyEntry, 0);
      guint end = start + 1;

      while (end < keys->len && k[end].key == k[start].key)
        end++;
      if (end - start <= BLOCK_ALL)
        {
          for (guint x = start; x < end; x++)
            for (guint y = x + 1; y < end; y++)
              emit_pair (pairs, k[x].index, k[y].index, shared->first_new);
        }
      else
        {
          for (guint x = start; x < end; x++)
            for (guint y = x + 1; y < end && y <= x + BLOCK_WINDOW; y++)
              emit_pair (pairs, k[x].index, k[y].index, shared->first_new);
        }
      start = end;
    }

  g_mutex_lock (&shared->lock);
  g_array_append_vals (shared->pairs, pairs->data, pairs->len);
  g_mutex_unlock (&shared->lock);
}

/* LSD radix sort of 64-bit values, 16 bits a pass. */
static void
radix_sort_u64 (guint64 *values,
                gsize    n)
{
  guint64 *tmp;
  gsize *count;

  if (n < 2)
    return;
  tmp = g_new (guint64, n);
  count = g_new (gsize, 65536);
  for (guint shift = 0; shift < 64; shift += 16)
    {
      gsize sum = 0;

      memset (count, 0, 65536 * sizeof (gsize));
      for (gsize i = 0; i < n; i++)
        count[(values[i] >> shift) & 0xffff]++;
      for (gsize i = 0; i < 65536; i++)
        {
          gsize c = count[i];

          count[i] = sum;
          sum += c;
        }
      for (gsize i = 0; i < n; i++)
        tmp[count[(values[i] >> shift) & 0xffff]++] = values[i];
      memcpy (values, tmp, n * sizeof (guint64));
    }
  g_free (tmp);
  g_free (count);
}

/* ------------------------------------------------------------------------ */
/* Comparing the candidates                                                  */

#define COMPARE_CHUNK 8192

typedef struct
{
  const WnDedupIndex *index;
  const guint64      *pairs;
  gsize               n_pairs;
  gint                next_chunk;  /* atomic */
  GCancellable       *cancellable;
  GMutex              lock;
  GArray             *found;       /* WnDedupFound */
} CompareShared;

static gpointer
compare_thread (gpointer data)
{
  CompareShared *shared = data;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (WnDedupFound));

  for (;;)
    {
      gsize chunk = (gsize) g_atomic_int_add (&shared->next_chunk, 1);
      gsize start = chunk * COMPARE_CHUNK;
      gsize end;

      if (start >= shared->n_pairs || g_cancellable_is_cancelled (shared->cancellable))
        break;
      end = MIN (start + COMPARE_CHUNK, shared->n_pairs);
      for (gsize p = start; p < end; p++)
        {
          WnDedupFound f;

          f.a = (guint32) (shared->pairs[p] >> 32);
          f.b = (guint32) (shared->pairs[p] & 0xffffffff);
          if (_wn_dedup_compare (&shared->index->entries[f.a], &shared->index->entries[f.b], &f.match) !=
              WN_DEDUP_DISTINCT)
            g_array_append_val (found, f);
        }
    }

  g_mutex_lock (&shared->lock);
  g_array_append_vals (shared->found, found->data, found->len);
  g_mutex_unlock (&shared->lock);
  return NULL;
}

static int
compare_found (gconstpointer a,
               gconstpointer b)
{
  const WnDedupFound *x = a;
  const WnDedupFound *y = b;

  if (x->a != y->a)
    return x->a < y->a ? -1 : 1;
  return x->b < y->b ? -1 : x->b > y->b;
}

GArray *
_wn_dedup_find_pairs (const WnDedupIndex  *index,
                      guint                first_new,
                      GCancellable        *cancellable,
                      guint64             *n_candidates,
                      GError             **error)
{
  BlockShared block = { 0 };
  CompareShared compare = { 0 };
  GThreadPool *pool;
  guint n_threads = MAX (1, g_get_num_processors ());
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  guint64 *values;
  gsize n = 0;

  block.index = index;
  block.first_new = first_new;
  block.cancellable = cancellable;
  block.pairs = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_mutex_init (&block.lock);

  pool = g_thread_pool_new (block_key_type_cb, &block, n_threads, FALSE, NULL);
  for (guint type = KEY_DOI; type < N_KEY_TYPES; type++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (type), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  g_mutex_clear (&block.lock);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_array_unref (block.pairs);
      return NULL;
    }

  /* One comparison per pair, however many keys it shares. */
  values = (guint64 *) block.pairs->data;
  radix_sort_u64 (values, block.pairs->len);
  for (gsize i = 0; i < block.pairs->len; i++)
    if (n == 0 || values[i] != values[n - 1])
      values[n++] = values[i];
  if (n_candidates != NULL)
    *n_candidates = n;

  compare.index = index;
  compare.pairs = values;
  compare.n_pairs = n;
  compare.cancellable = cancellable;
  compare.found = g_array_new (FALSE, FALSE, sizeof (WnDedupFound));
  g_mutex_init (&compare.lock);
  for (guint t = 0; t < n_threads; t++)
    g_ptr_array_add (threads, g_thread_new ("wn-dedup", compare_thread, &compare));
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (g_ptr_array_index (threads, t));
  g_mutex_clear (&compare.lock);
  g_array_unref (block.pairs);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_array_unref (compare.found);
      return NULL;
    }

  /* The same result whatever the threads' timing. */
  g_array_sort (compare.found, compare_found);
  return compare.found;
}
