/* wn-synth.h — plausible synthetic records for demos, tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Records about the peer recovery support workforce (the review Winnow was
 * shaped by), made up from word lists with a seeded generator: the same seed
 * always gives the same file, byte for byte. Nothing here comes from a real
 * database.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  WN_SYNTH_RIS,
  WN_SYNTH_MEDLINE,
  WN_SYNTH_WOS,
  WN_SYNTH_PUBMED_XML,
} WnSynthFormat;

/* Writes n records to out in the given format, laid out as the databases
 * lay out their exports (RIS with CRLF as EBSCOhost, MEDLINE as PubMed, WoS
 * plain text with its header, PubMed XML as efetch). */
gboolean wn_synth_write (GOutputStream  *out,
                         WnSynthFormat   format,
                         guint           n,
                         guint32         seed,
                         GCancellable   *cancellable,
                         GError        **error);

/* Duplicates for the dedup benchmarks (RIS only). With options, titles,
 * surnames and journals are drawn from much larger, generated vocabularies
 * (as a real million-record search has), and:
 *  - duplicate_share of the records get a second copy written right after
 *    them, as another database would have exported it: title case,
 *    punctuation, HTML entities, a bracketed translated title or a
 *    "[Review]" tail, British or American spelling; initials instead of
 *    given names, dropped diacritics, "et al." lists; an abbreviated
 *    journal; "482-91" pages; a DOI with a URL prefix or in capitals, or
 *    none; an ahead-of-print copy without volume, issue and pages; no
 *    abstract. Its ID is the original's with "-D" (SYN000123-D).
 *  - near_miss_share of the records get a related record that is NOT a
 *    duplicate: an erratum, a retraction notice, a comment or a reply about
 *    it, its conference abstract a year earlier, the next part of a
 *    series, or (for a Cochrane review) the next version .pubN. Its ID
 *    ends in "-N" and a letter for the kind (SYN000123-NE, -NR, -NC, -NY,
 *    -NA, -NP, -NV).
 * The records keep the same seeded sequence: the same seed and options
 * always write the same file. */
typedef struct
{
  double duplicate_share;
  double near_miss_share;
} WnSynthOptions;

gboolean wn_synth_write_with_options (GOutputStream         *out,
                                      WnSynthFormat          format,
                                      guint                  n,
                                      guint32                seed,
                                      const WnSynthOptions  *options,
                                      GCancellable          *cancellable,
                                      GError               **error);

G_END_DECLS
