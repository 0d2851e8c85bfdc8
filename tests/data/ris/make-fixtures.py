#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the RIS fixtures whose bytes a text editor would not keep.

    cd tests/data/ris && ./make-fixtures.py

Line ends (CRLF, lone CR), byte order marks, UTF-16, Windows-1252, NUL and
control bytes are easy to lose when a file is edited or copied; this script
is how each of those fixtures was made, so they can be made again. The
other fixtures in this folder are plain text, written by hand. All records
are made up.
"""


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


def crlf(text):
    return text.replace("\n", "\r\n")


TWO_RECORDS = """TY  - JOUR
AU  - Müller, Jürgen
TI  - Ωmega-3 intake and mood 😀: a trial
PY  - 2020
DO  - 10.1000/enc.2020.1
ER  - 

TY  - JOUR
AU  - Dubois, Hélène
TI  - “Quoted” title – with dashes and € signs
PY  - 2021
ER  - 
"""

# EBSCOhost writes CRLF; embase.com (2019) a UTF-8 BOM and LF.
with open("ebsco-l3-copyright.ris.in", encoding="utf-8") as f:
    write("ebsco-l3-copyright.ris", crlf(f.read()).encode("utf-8"))
with open("embase-c5-pmid.ris.in", encoding="utf-8") as f:
    write("embase-c5-pmid.ris", b"\xef\xbb\xbf" + f.read().encode("utf-8"))

write("bom-crlf.ris", b"\xef\xbb\xbf" + crlf(TWO_RECORDS).encode("utf-8"))

# Classic Mac OS: CR alone ends every line.
write("lone-cr.ris", TWO_RECORDS.replace("\n", "\r").encode("utf-8"))

# Web of Science: an LF file where some lines end with a bare CR, so that
# AD, C3 and AN start in the middle of what an LF reader sees as one line.
# The last bare CR is followed by text that is no tag: it continues the
# title.
write("bare-cr-in-lf.ris", (
    "\ufeffTY  - JOUR\n"
    "AU  - Elton, T\n"
    "TI  - Marital status and problem gambling\rin older adults\n"
    "AD  - Ctr Addict, London, ON, Canada\rAD  - Univ Toronto, Toronto, ON, Canada\r"
    "C3  - University of Toronto\rAN  - WOS:000000000000001\n"
    "PY  - 2018\n"
    "ER  -\n"
    "\n"
    "TY  - JOUR\n"
    "AU  - Mock, SE\n"
    "TI  - Second record\n"
    "PY  - 2019\n"
    "AN  - WOS:000000000000002\r"
    "ER  -\n").encode("utf-8"))

write("nul-bytes.ris",
      b"TY  - JOUR\nTI  - A ti\x00tle with NUL by\x00tes\n\x00\nPY  - 2003\x00\nER  - \n")

write("utf16le-bom.ris", b"\xff\xfe" + crlf(TWO_RECORDS).encode("utf-16-le"))
write("utf16be-bom.ris", b"\xfe\xff" + crlf(TWO_RECORDS).encode("utf-16-be"))
write("utf16le-no-bom.ris", crlf(TWO_RECORDS).encode("utf-16-le"))

# Windows-1252 has no emoji and no omega: keep to what it can say.
CP1252 = TWO_RECORDS.replace("Ωmega-3", "Omega-3").replace(" 😀", "")
write("windows-1252.ris", crlf(CP1252).encode("cp1252"))

# One line UTF-8, one line Windows-1252: files pasted together from two
# tools.
write("mixed-utf8-windows-1252.ris",
      "TY  - JOUR\nAU  - Müller, Jürgen\n".encode("utf-8") +
      "AU  - Dubois, Hélène\n".encode("cp1252") +
      b"TI  - Mixed encodings\nER  - \n")

# Two exports joined with cat: the second BOM sits before the second TY.
write("concatenated-exports.ris",
      b"\xef\xbb\xbfTY  - JOUR\r\nTI  - From the first file\r\nER  - \r\n"
      b"\xef\xbb\xbfTY  - JOUR\r\nTI  - From the second file\r\nER  - \r\n")

write("malformed-records.ris", (
    "TY  - JOUR\n"
    "TI  - A good record\n"
    "ER  - \n"
    "\n"
    "AU  - Orphan, Anna\n"
    "TI  - A record whose TY line was lost\n"
    "ER  - \n"
    "\n"
    "TY  - JOUR\n"
    "ER  - \n"
    "\n"
    "TY  - JOUR\n"
    "TI  - Binary junk \x01\x02\x1b in this line\n"
    "ER  - \n"
    "\n"
    "TY  - JOUR\n"
    "TI  - Another good record\n"
    "ER  - \n").encode("utf-8"))
