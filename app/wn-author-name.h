/* wn-author-name.h — every importer's personal names in one form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Databases write the same person many ways: "Sampson, SD" (Web of
 * Science), "Griffin DK" and "Griffin, D K" (MEDLINE), "Liu R." and
 * "Troiano, L.P." (embase.com), "Baldwin,S.A." (RefMan), "Shahtalebi, M. A."
 * (EndNote), "Gibb, F W Jr" (PubMed XML), "Trindade, Ines A" (Ovid). A
 * record's author list holds them in one form:
 *
 *   Surname, Given names I. J.[, Suffix]
 *
 * — surname first, a comma and one space, given names as written, each
 * initial a capital and a full stop, initials separated by a space
 * ("S. D."; hyphenated ones stay joined: "J.-P."; "Ch." and "Yu." stay),
 * a suffix (Jr, Sr, II, III, IV, 2nd, 3rd) after a second comma. Bare
 * capitals are initials when there are at most three of them and the name
 * is not written all in capitals ("WANG, LI" keeps its given name).
 * Without a comma, "Surname Initials" (Embase, MEDLINE) becomes
 * "Surname, I." when the surname is at most two capitalised words plus
 * particles ("Dos Santos HB", "van der Berg JA"); anything else ("World
 * Health Organization", "Selvamani") is a group or a single name and is
 * kept as written. Case is never changed. The verbatim value stays in the
 * record's fields.
 */
#pragma once

#include <glib.h>

#include "wn-record.h"

G_BEGIN_DECLS

/* Writes name in the form above to out (replacing its contents). Returns
 * TRUE when that differs from name. name is one name, white space already
 * collapsed (wn_record_add_author() does that). */
gboolean wn_author_name_normalise     (const char *name,
                                       GString    *out);

/* Whether token (len bytes, -1: all of it) is a name suffix: Jr, Jr., Sr,
 * Sr., II, III, IV, 2nd, 3rd. */
gboolean wn_author_name_is_suffix     (const char *token,
                                       gssize      len);

/* Puts each of record's authors in the form above; scratch is a buffer the
 * caller keeps between records. */
void     wn_record_normalise_authors  (WnRecord   *record,
                                       GString    *scratch);

G_END_DECLS
