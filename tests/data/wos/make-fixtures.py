#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the Web of Science fixtures whose bytes a text editor would not keep.

    cd tests/data/wos && ./make-fixtures.py

Byte order marks, UTF-16, CRLF, a missing final line end and control bytes
are easy to lose when a file is edited or copied; this script is how each
of those fixtures was made, so they can be made again. The other fixtures
in this folder are plain text, written by hand. All records are made up.
No tab-delimited export was found in public test data; the two here follow
the column list of Web of Science's "Tab delimited file" export.
"""


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


def crlf(text):
    return text.replace("\n", "\r\n")


# A BOM, a header with a non-ASCII character (the 2013-era "Web of
# Science™"), and no line end after EF.
write("bom-no-final-newline.txt", "\ufeff" "FN Thomson Reuters Web of Science™\n"
      "VR 1.0\n"
      "PT J\n"
      "AU Müller, J\n"
      "AF Müller, Jürgen\n"
      "TI Ωmega-3 and mood: a BOM file with no line end after EF\n"
      "SO JOURNAL OF UNICODE\n"
      "PY 2013\n"
      "DI 10.1000/UPPER.CASE.DOI\n"
      "UT WOS:000300000000001\n"
      "ER\n"
      "\n"
      "EF".encode("utf-8"))

# Malformed records between good ones: tag lines ended by ER with no PT
# before them, a record with nothing but PT, and control bytes.
write("malformed-records.txt", b"""FN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Good, A
TI Good record before
UT WOS:000900000000001
ER

AU Orphan, O
TI A record whose PT line is missing
ER

PT J
ER

PT J
AU Damaged, D
TI A record with control bytes \x01\x02 in its title
UT WOS:000900000000002
ER

PT J
AU Good, B
TI Good record after
UT WOS:000900000000003
ER

EF
""")

COLUMNS = ("PT AU BA BE GP AF BF CA TI SO SE BS LA DT CT CY CL SP HO DE ID AB C1 C3 RP EM RI OI FU FP "
           "FX CR NR TC Z9 U1 U2 PU PI PA SN EI BN J9 JI PD PY VL IS PN SU SI MA BP EP AR DI DL D2 EA PG "
           "WC WE SC GA PM OA HC HP DA UT").split()


def row(**cells):
    return "\t".join(cells.get(c, "") for c in COLUMNS)


HEADER = "\t".join(COLUMNS)

TAB_ROWS = [
    row(PT="J", AU="Toh, ML; Aria, M", AF="Toh, Ming Liang; Aria, Massimo",
        TI="A tab-delimited record: lists are joined with \"; \" in their cells",
        SO="JOURNAL OF MADE-UP STUDIES", LA="English", DT="Article",
        DE="bibliometric analysis; GIS; real estate", ID="REGRESSION; URBAN EXPANSION",
        AB="An abstract on one line, as every cell is.",
        C1="[Toh, Ming Liang] Univ Technol Sarawak, Sibu, Malaysia; [Aria, Massimo] Univ Naples, Naples, Italy",
        CR="Anselin L, 2006, GEOGR ANAL, V38, P5, DOI 10.1111/j.0016-7363.2005.00671.x; "
           "Aria M, 2017, J INFORMETR, V11, P959, DOI 10.1016/j.joi.2017.08.007",
        PD="FEB 2026", PY="2026", VL="58", IS="4", BP="301", EP="315",
        DI="10.1080/00396265.2026.1111111", PM="39999999", DA="2026-03-28", UT="WOS:001702577900002"),
    row(PT="J", CA="Swedish Made-up Team", TI="Group authors only, and an article number",
        SO="CITIES", PY="2020", VL="96", AR="102423", DI="10.1016/j.cities.2019.102423",
        UT="WOS:000500000000002"),
    row(PT="B", GP="IEEE", AU="Chen, L", AF="Chen, Ling", TI="A proceedings paper; SP holds sponsors",
        SO="7TH INTERNATIONAL CONFERENCE ON MADE-UP COMMUNICATION", SP="Minist Informat & Commun, NCA",
        CY="FEB 21-23, 2005", PY="2005", BP="532", EP="537", UT="WOS:000230445900102"),
]

# Windows' "Tab delimited file": UTF-16LE with a BOM and CRLF; WoS ends
# the header and each row with a tab of its own in some versions.
write("tab-delimited-utf16le.txt",
      b"\xff\xfe" + crlf("\n".join([HEADER + "\t"] + [r + "\t" for r in TAB_ROWS]) + "\n").encode("utf-16-le"))

# UTF-8, with two malformed rows between good ones: one with cells past
# the last column (a tab inside a value), and, at the end, a row cut short
# before its title, as in a truncated file.
write("tab-delimited-malformed.txt", ("\n".join([
    HEADER,
    TAB_ROWS[0],
    TAB_ROWS[1] + "\textra cell\tand another",
    TAB_ROWS[2],
    "J\tCut, C\t",
]) + "\n").encode("utf-8"))
