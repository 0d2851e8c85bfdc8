/* wn-pubmed-xml.h — the PubMed XML parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PubMed XML as efetch (retmode=xml) and PubMed's "Send to > File > XML"
 * write it: a <PubmedArticleSet> (or <PubmedBookArticleSet>) of
 * <PubmedArticle> and <PubmedBookArticle> records, streamed with libxml2's
 * xmlTextReader (see wn-xml-private.h for what every XML importer does:
 * fields by path, verbatim source, bounds, untrusted input).
 *
 * The columns, by path below the record element ("MC/" is
 * "MedlineCitation/Article/", "BD/" is "BookDocument/"):
 *
 *  - PMID from MedlineCitation/PMID or BD/PMID, else the record's own
 *    PubmedData (PubmedBookData) ArticleId IdType="pubmed"; never from
 *    ReferenceList or CommentsCorrections, which cite other records. It is
 *    also the source_id.
 *  - DOI from MC/ELocationID EIdType="doi", then the record's ArticleId
 *    IdType="doi" (PubmedData, PubmedBookData, BD/ArticleIdList).
 *  - title: MC/ArticleTitle, else MC/VernacularTitle; a book chapter's
 *    BD/ArticleTitle, else the book's BD/Book/BookTitle. All the text of
 *    the element: <i>, <b>, <u>, <sup>, <sub> and MathML inside count.
 *  - journal: Journal/Title, else ISOAbbreviation, else MedlineTA; for a
 *    chapter, the book's title.
 *  - year from JournalIssue/PubDate/Year, else the first year in
 *    PubDate/MedlineDate ("2010 Sep-Oct"), else the book's PubDate, else
 *    ArticleDate (the electronic date).
 *  - authors: each Author of an AuthorList that is not Type="editors", as
 *    "LastName, ForeName Suffix" (Initials when there is no ForeName), or
 *    its CollectiveName whole. Investigators are not authors.
 *  - abstract: the AbstractText parts joined with a space, each after its
 *    Label and ": " unless the label is "UNLABELLED" — as PubMed's MEDLINE
 *    format writes it, so that the same record reads the same from both.
 *  - keywords: the MeSH headings as MEDLINE writes them, descriptor and
 *    qualifiers joined by slashes, a star before each major topic
 *    ("*Humans"), then the KeywordList keywords.
 *  - volume, issue, pages (MedlinePgn, else StartPage-EndPage), language
 *    (the first), type (the first PublicationType).
 *
 * A record with neither a PMID nor a title is rejected; so is one the file
 * ends inside of (see wn-xml-private.h).
 */
#pragma once

#include "wn-import.h"
#include "wn-line-reader.h"

G_BEGIN_DECLS

gboolean    wn_pubmed_xml_parse   (WnLineReader    *reader,
                                   WnRecordSink     sink,
                                   gpointer         user_data,
                                   WnImportReport  *report,
                                   GCancellable    *cancellable,
                                   GError         **error);

G_END_DECLS
