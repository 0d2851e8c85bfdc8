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

G_END_DECLS
