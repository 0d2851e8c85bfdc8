/* wn-dedup-private.h — the dedup engine's internals, shared with its store
 * and its tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wn-dedup.h"
#include "wn-dedup-group.h"
#include "wn-dedup-pair.h"
#include "wn-normalise.h"

G_BEGIN_DECLS

/* One record's fields as the store holds them (borrowed strings). */
typedef struct
{
  gint64      id;
  const char *title;
  const char *authors;   /* one name per line, as the records table stores them */
  const char *year;
  const char *journal;
  const char *volume;
  const char *issue;
  const char *pages;
  const char *doi;
  const char *pmid;
  const char *abstract;
  const char *type;
} WnDedupSource;

/* What an entry knows about itself besides WnItemFlags. */
typedef enum
{
  WN_ENTRY_HAS_ABSTRACT   = 1 << 0,
  WN_ENTRY_FULL_RANGE     = 1 << 1,  /* pages give a first and a different last page */
  WN_ENTRY_TITLE_CAPS     = 1 << 2,  /* the title is written in capitals */
  WN_ENTRY_SUPPLEMENT     = 1 << 3,  /* volume or issue names a supplement */
  WN_ENTRY_INFORMATIVE    = 1 << 4,  /* the title names a particular work: ≥ 4 words, ≥ 25 characters, not generic */
} WnEntryFlags;

#define WN_DEDUP_HISTOGRAM 32

/* A record normalised for comparison: about 100 bytes plus its keys, which
 * live in the index's string chunks. */
typedef struct
{
  gint64       id;
  const char  *title;      /* wn_normalise_title() */
  const char  *authors;    /* wn_normalise_authors() */
  const char  *journal;    /* wn_normalise_journal() */
  const char  *doi;        /* wn_normalise_doi() */
  const char  *abstract;   /* the first WN_DEDUP_ABSTRACT_PREFIX bytes of wn_normalise_text (abstract) */
  guint64      title_hash;
  guint8       title_histogram[WN_DEDUP_HISTOGRAM]; /* letters a–z, digits, the rest: for bag_distance() */
  guint16      title_length;
  guint32      pmid;
  guint32      volume;
  guint32      issue;
  guint32      page_first;
  guint32      page_last;
  guint32      numbers[4]; /* wn_normalise_title_numbers() */
  gint16       year;
  guint16      item;       /* WnItemFlags */
  guint8       entry;      /* WnEntryFlags */
  guint8       pages_flags;
  guint8       n_numbers;
  guint8       doi_version;
  guint8       completeness;
} WnDedupEntry;

#define WN_DEDUP_ABSTRACT_PREFIX 160

/* Normalises src into entry; the keys are copied into strings. */
void            _wn_dedup_entry_init       (WnDedupEntry        *entry,
                                            const WnDedupSource *src,
                                            GStringChunk        *strings);
void            _wn_dedup_source_from_record (WnDedupSource     *src,
                                              const WnRecord    *record,
                                              char             **authors_out);

WnDedupOutcome  _wn_dedup_compare          (const WnDedupEntry  *a,
                                            const WnDedupEntry  *b,
                                            WnDedupMatch        *match);
/* complete: compute every similarity even when a veto decides early (for
 * explaining a pair); otherwise only what the rules need, and all of it
 * only for pairs that are not distinct. */
WnDedupOutcome  _wn_dedup_compare_full     (const WnDedupEntry  *a,
                                            const WnDedupEntry  *b,
                                            WnDedupMatch        *match,
                                            gboolean             complete);
/* Whether the comparison ended on a veto (a conflict, not a lack of
 * evidence): the anti-chaining guard refuses to join groups across one. */
gboolean        _wn_dedup_match_is_veto    (const WnDedupMatch  *match);

/* All records of a project, normalised, in id order. */
typedef struct
{
  WnDedupEntry *entries;
  guint         n;
  gint64        max_id;
  GPtrArray    *chunks;    /* (element-type GStringChunk) */
} WnDedupIndex;

WnDedupIndex   *_wn_dedup_index_load       (WnProject           *project,
                                            const gint64        *ids,
                                            guint                n_ids,
                                            GCancellable        *cancellable,
                                            GError             **error);
void            _wn_dedup_index_free       (WnDedupIndex        *index);
/* The entry of a record id, or NULL (binary search). */
const WnDedupEntry *_wn_dedup_index_find   (const WnDedupIndex  *index,
                                            gint64               id);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WnDedupIndex, _wn_dedup_index_free)

/* A pair the engine found certain or possible. */
typedef struct
{
  guint32      a;          /* entry index, a < b */
  guint32      b;
  WnDedupMatch match;
} WnDedupFound;

/* Compares the pairs that share a blocking key, in parallel, and returns
 * (element-type WnDedupFound) those not distinct. Only pairs with an entry
 * at index ≥ first_new are compared (0: every pair). *n_candidates gets the
 * number of pairs compared. */
GArray         *_wn_dedup_find_pairs       (const WnDedupIndex  *index,
                                            guint                first_new,
                                            GCancellable        *cancellable,
                                            guint64             *n_candidates,
                                            GError             **error);

/* Constructors of the list items (the store fills them). */
WnDedupGroup   *_wn_dedup_group_new        (gint64               id,
                                            gint64               kept_id,
                                            const char          *status,
                                            const char          *reason,
                                            const char          *created_at,
                                            const gint64        *members,
                                            guint                n_members) G_GNUC_WARN_UNUSED_RESULT;
/* Takes ownership of a and b. */
WnDedupPair    *_wn_dedup_pair_new         (gint64               id,
                                            gint64               record_a,
                                            gint64               record_b,
                                            WnDedupOutcome       outcome,
                                            double               score,
                                            const char          *rule,
                                            const char          *reasons,
                                            WnDedupDecision      decision,
                                            const char          *held,
                                            WnRecord            *a,
                                            WnRecord            *b) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
