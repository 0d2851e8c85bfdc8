#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the PubMed XML fixtures whose bytes a text editor would not keep.

    cd tests/data/pubmed-xml && ./make-fixtures.py

Byte order marks, UTF-16, CRLF and lone CR line ends, Windows-1252 and NUL
bytes are easy to lose when a file is edited or copied; this script is how
each of those fixtures was made, so they can be made again. The other
fixtures in this folder are plain text, written by hand. All records are
made up.
"""


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


def document(declaration, title, pmid):
    return (
        declaration + "\n"
        "<PubmedArticleSet>\n"
        "<PubmedArticle>\n"
        "  <MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\">\n"
        f"    <PMID Version=\"1\">{pmid}</PMID>\n"
        "    <Article PubModel=\"Print\">\n"
        "      <Journal><JournalIssue CitedMedium=\"Print\"><PubDate><Year>2020</Year></PubDate></JournalIssue>"
        "<Title>Revue d’épidémiologie inventée</Title></Journal>\n"
        f"      <ArticleTitle>{title}</ArticleTitle>\n"
        "      <AuthorList><Author><LastName>Müller</LastName><ForeName>Jürgen</ForeName></Author>"
        "<Author><LastName>Dubois</LastName><ForeName>Hélène</ForeName></Author></AuthorList>\n"
        "    </Article>\n"
        "  </MedlineCitation>\n"
        "</PubmedArticle>\n"
        "</PubmedArticleSet>\n"
    )


# UTF-16 with a BOM: the line reader decodes it, and libxml2 must not
# decode it again because the declaration says UTF-16.
write("utf16le-bom.xml", b"\xff\xfe" + document(
    '<?xml version="1.0" encoding="UTF-16"?>', "Ωmega-3 and mood 😀: a “trial”", 40000001).encode("utf-16-le"))
write("utf16be-bom.xml", b"\xfe\xff" + document(
    '<?xml version="1.0" encoding="UTF-16"?>', "Ωmega-3 and mood 😀: a “trial”", 40000002).encode("utf-16-be"))

# A UTF-8 file with a BOM and CRLF whose declaration names another encoding
# (tools copy declarations blindly): the bytes win.
write("utf8-bom-crlf-declared-latin1.xml", b"\xef\xbb\xbf" + document(
    '<?xml version="1.0" encoding="ISO-8859-1"?>', "Ångström – naïve café", 40000003)
    .replace("\n", "\r\n").encode("utf-8"))

# Windows-1252 bytes, as the declaration says: read as such, one warning.
write("windows-1252.xml", document(
    '<?xml version="1.0" encoding="windows-1252"?>', "Naïve “quotes” – and € signs", 40000004)
    .replace("Revue d’épidémiologie", "Revue d'épidémiologie").encode("cp1252"))

# Classic Mac OS line ends: a lone CR ends each line, and the line numbers
# count them.
write("lone-cr.xml", document('<?xml version="1.0"?>', "Lines ended by CR alone", 40000005)
      .replace("\n", "\r").encode("utf-8"))

# NUL bytes from a damaged transfer: dropped, one warning.
write("nul-bytes.xml", document('<?xml version="1.0"?>', "NUL\0 bytes\0 dropped", 40000006)
      .encode("utf-8"))

# Elements nested deeper than any reference file nests them: the record is
# rejected, the one after it is read.
deep = "".join(f"<Level{i}>" for i in range(70)) + "deep" + "".join(f"</Level{i}>" for i in reversed(range(70)))
write("deep-nesting.xml", (
    '<?xml version="1.0"?>\n<PubmedArticleSet>\n'
    "<PubmedArticle><MedlineCitation><PMID>40000007</PMID><Article><ArticleTitle>Too deep</ArticleTitle>"
    f"</Article>{deep}</MedlineCitation></PubmedArticle>\n"
    "<PubmedArticle><MedlineCitation><PMID>40000008</PMID><Article><ArticleTitle>Fine</ArticleTitle>"
    "</Article></MedlineCitation></PubmedArticle>\n"
    "</PubmedArticleSet>\n").encode("utf-8"))
