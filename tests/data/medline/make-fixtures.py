#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the MEDLINE fixtures whose bytes a text editor would not keep.

    cd tests/data/medline && ./make-fixtures.py

CRLF line ends, a byte order mark and control bytes are easy to lose when a
file is edited or copied; this script is how each of those fixtures was
made, so they can be made again. The other fixtures in this folder are
plain text, written by hand. All records are made up.
"""


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


def crlf(text):
    return text.replace("\n", "\r\n")


# PubMed's citation manager download: CRLF; some files start with a blank
# line, some tools add a BOM; "©" in CI, a trailing space before each
# line break of a wrapped field.
write("bom-crlf-blank-start.nbib", b"\xef\xbb\xbf" + crlf("""
PMID- 38000001
OWN - NLM
STAT- Publisher
DP  - 2022 Oct 7
TI  - Lichtenberg-like figures in made-up cases: a CRLF file.
LID - S1080-6032(22)00139-9 [pii]
LID - 10.1016/j.wem.2022.07.008 [doi]
AB  - Lightning is a natural weather phenomenon that occurs most commonly during the 
      summer months in the afternoon or early evening. 
CI  - Copyright © 2022 Made-up Society. Published by Nobody Inc. All 
      rights reserved.
FAU - Manoubi, Syrine Azza
AU  - Manoubi SA
AD  - Université de Tunis El Manar, Tunis, Tunisia. 
      Electronic address: someone@example.org.
LA  - eng
PT  - Case Reports
DEP - 20221007
TA  - Wilderness Environ Med
JT  - Wilderness & environmental medicine

PMID- 38000002
DP  - 2022
TI  - Second record of the CRLF file.
""").encode("utf-8"))

# The two kinds of malformed record between good ones: control bytes (a
# damaged file), and a record with no PMID, no title and no abstract (the
# tail of a record cut in two).
write("malformed-records.nbib", b"""PMID- 39000001
TI  - Good record before.
DP  - 2001

PMID- 39000002
TI  - A record with control bytes \x01\x02 in its title.
DP  - 2002

OWN - NLM
STAT- MEDLINE
LA  - eng
PT  - Journal Article

PMID- 39000003
TI  - Good record after.
DP  - 2003
""")
