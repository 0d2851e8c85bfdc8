/* wn-endnote-xml.h — the EndNote XML parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * EndNote's XML export (<xml><records><record>...), and the same format as
 * other tools write it. Streamed with libxml2's xmlTextReader (see
 * wn-xml-private.h for what every XML importer does: fields by path,
 * verbatim source, bounds, untrusted input). What differs between
 * producers, and is read the same way here:
 *
 *  - EndNote 20 wraps every value in <style face font size> runs and
 *    writes the whole file on one line; a value in several runs (an
 *    italic word in a title) is the text of all its runs. Other producers
 *    write plain text. <style> is never part of a field's path.
 *  - Several values in one element are separated by CR (&#xD;): five
 *    affiliations in one auth-address, "2277-9175 (Print)&#xD;2277-9175"
 *    in isbn. Each value is a field of its own, as EndNote's RIS export
 *    writes one line each.
 *  - Pretty-printed files put line breaks and indents inside and between
 *    elements: runs of white space become one space, and white space
 *    between <style> runs is dropped.
 *
 * The columns, by path below <record>:
 *  - title: titles/title (every value, joined with a space), else
 *    titles/short-title;
 *  - authors: contributors/authors/author, one name each, as written
 *    (secondary, tertiary and other contributors are editors, series
 *    editors and the like, kept as fields);
 *  - journal: periodical/full-title, else titles/secondary-title, else
 *    periodical/abbr-1, else alt-periodical/full-title, else
 *    titles/alt-title;
 *  - year from dates/year, else the first year in dates/pub-dates/date;
 *  - DOI from electronic-resource-num, else from a URL in urls;
 *  - PMID from accession-num, only when the record came from PubMed
 *    (remote-database-provider NLM, or remote-database-name PubMed or
 *    MEDLINE) and it is all digits;
 *  - source_id: rec-number (as EndNote's RIS ID), else accession-num;
 *  - volume, issue (number), pages, abstract (its values joined with a
 *    space), keywords/keyword, language, type (ref-type's name);
 *  - database from remote-database-name, else PubMed for provider NLM,
 *    else Web of Science for a "WOS:"/"ISI:" accession number or a
 *    "<Go to ISI>" URL. The report's vendor is the first record's
 *    provider, named as the other importers name it (NLM is PubMed).
 *
 * A record with no title, no author, no DOI and no PMID is rejected; so is
 * one the file ends inside of (see wn-xml-private.h).
 */
#pragma once

#include "wn-import.h"
#include "wn-line-reader.h"

G_BEGIN_DECLS

gboolean    wn_endnote_xml_parse  (WnLineReader    *reader,
                                   WnRecordSink     sink,
                                   gpointer         user_data,
                                   WnImportReport  *report,
                                   GCancellable    *cancellable,
                                   GError         **error);

G_END_DECLS
