#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the EndNote XML fixtures whose bytes a text editor would not keep.

    cd tests/data/endnote-xml && ./make-fixtures.py

EndNote 20 writes a whole library on one line, and files that went through
Windows tools carry a BOM and CRLF; editors tend to re-wrap or convert
both, so this script is how those fixtures were made. The other fixtures in
this folder are plain text, written by hand. All records are made up.
"""


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


def style(text, face="normal"):
    return f'<style face="{face}" font="default" size="100%">{text}</style>'


def field(name, *values):
    return f"<{name}>{''.join(values)}</{name}>"


# EndNote 20: every value in <style> runs, several values in one element
# separated by &#xD;, the whole file on one line.
RECORDS = [
    "<record>"
    '<database name="Invented.enl" path="\\\\server\\home\\me\\Documents\\Invented.enl">Invented.enl</database>'
    '<source-app name="EndNote" version="20.2">EndNote</source-app>'
    "<rec-number>895</rec-number>"
    '<foreign-keys><key app="EN" db-id="abcdefabcdefabcdefabcdefabcdefabcdef">895</key></foreign-keys>'
    '<ref-type name="Journal Article">17</ref-type>'
    "<contributors><authors>"
    + field("author", style("Müller, J. K."))
    + field("author", style("O&apos;Brien-Smith, A."))
    + "</authors></contributors>"
    + field("auth-address", style("Invented University, Utrecht.&#xD;Invented Hospital, Leiden."))
    + "<titles>"
    + field("title", style("Blue light for "), style("Acne vulgaris", "italic"), style(": a trial"))
    + field("secondary-title", style("Invent Dermatol"))
    + "</titles>"
    + field("periodical", field("full-title", style("Invent Dermatol")),
            field("abbr-1", style("Invented dermatology")))
    + field("pages", style("53-9"))
    + field("volume", style("7"))
    + field("number", style("2"))
    + field("edition", style("20180327"))
    + "<keywords>" + field("keyword", style("Acne Vulgaris/*therapy")) + field("keyword", style("blue light"))
    + "</keywords>"
    + field("dates", field("year", style("2018")), field("pub-dates", field("date", style("Mar 27"))))
    + field("isbn", style("2277-9175 (Print)&#xD;2277-9175"))
    + field("accession-num", style("29657938"))
    + field("abstract", style("BACKGROUND: Why.&#xD;RESULTS: What."))
    + field("notes", style("2277-9175&#xD;Müller, Jürgen K&#xD;Journal Article"))
    + "<urls></urls>"
    + field("custom2", style("PMC5887696"))
    + field("electronic-resource-num", style("https://doi.org/10.4103/ABR.abr_99_17"))
    + field("remote-database-provider", style("NLM"))
    + field("language", style("eng"))
    + "</record>",

    "<record>"
    '<database name="Invented.enl" path="\\\\server\\home\\me\\Documents\\Invented.enl">Invented.enl</database>'
    '<source-app name="EndNote" version="20.2">EndNote</source-app>'
    "<rec-number>896</rec-number>"
    '<ref-type name="Journal Article">17</ref-type>'
    "<contributors><authors>" + field("author", style("Curry Rogers, Kristina")) + "</authors></contributors>"
    + "<titles>" + field("title", style("A record from EBSCOhost")) + "</titles>"
    + field("dates", field("pub-dates", field("date", style("June 2, 2015"))))
    + field("accession-num", style("2015-12345-001"))
    + field("remote-database-name", style("psyh"))
    + field("remote-database-provider", style("EBSCOhost"))
    + "</record>",
]

write("endnote20-one-line.xml",
      ('<?xml version="1.0" encoding="UTF-8" ?><xml><records>' + "".join(RECORDS) + "</records></xml>")
      .encode("utf-8"))

# A BOM and CRLF, pretty-printed: line numbers count CRLF once.
PRETTY = """<?xml version="1.0" encoding="UTF-8"?>
<xml>
  <records>
    <record>
      <rec-number>1</rec-number>
      <ref-type name="Book">6</ref-type>
      <contributors>
        <authors>
          <author>Ørsted, Hans</author>
        </authors>
      </contributors>
      <titles>
        <title>A book with a
          wrapped title</title>
      </titles>
      <dates>
        <year>1820</year>
      </dates>
      <publisher>Invented &amp; Sons</publisher>
      <isbn>9780000000019</isbn>
    </record>
    <record>
      <rec-number>2</rec-number>
      <ref-type name="Journal Article">17</ref-type>
      <titles>
        <title>Second record</title>
      </titles>
      <electronic-resource-num>doi:10.1000/XYZ.2</electronic-resource-num>
    </record>
  </records>
</xml>
"""
write("bom-crlf.xml", b"\xef\xbb\xbf" + PRETTY.replace("\n", "\r\n").encode("utf-8"))

# A file cut short in the middle of a <style> attribute of the second
# record: the first record is read, the second rejected.
write("truncated-mid-style.xml",
      ('<?xml version="1.0" encoding="UTF-8" ?><xml><records>' + RECORDS[1]
       + RECORDS[0][: RECORDS[0].index("Blue light") - 30]).encode("utf-8"))
