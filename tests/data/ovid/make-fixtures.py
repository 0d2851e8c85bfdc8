#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the Ovid tagged fixtures whose bytes a text editor would not keep.

    cd tests/data/ovid && ./make-fixtures.py

Leading and trailing spaces, CRLF, a missing final line end and control
bytes are easy to lose when a file is edited or copied; this script is how
each of those fixtures was made, so they can be made again. The other
fixtures in this folder are plain text, written by hand. All records are
made up.
"""


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


# APA PsycInfo on Ovid, the export that indents every line by one space:
# IN entries and RF references separated by blank lines (a blank line is
# one space here), GS with HTML on unindented lines, the accession number
# behind its status, "[References]." after the title, SO with
# "Vol.43(5)". CRLF, and no line end after the last line.
LINES = """<7. >
VN  - Ovid Technologies
DB  - APA PsycInfo <2002 to May Week 1 2024>
AN  - Peer Reviewed Journal: 2015-99999-012.
TI  - A made-up comparison of reassurance seeking in two groups. [References].
DP  - Sep 2015
YR  - 2015
PH  - First Posting: Jun 2014
LG  - English
AU  - Kobori, Osamu
AU  - Sawamiya, Yoko
MA  - Kobori, Osamu: someone@example.org
IN  - Kobori, Osamu: Made-up University, Chiba, Japan

      Sawamiya, Yoko: Other University, Tsukuba, Japan
SO  - Behavioural and Cognitive Psychotherapy. Vol.43(5), Sep 2015, pp. 623-634. 
IS  - 1352-4658
PU  - Cambridge University Press; United Kingdom
PT  - Journal
PT  - Peer Reviewed Journal
DT  - Journal Article
AB  - Background: A made-up abstract on one line.
DO  - http://dx.doi.org/10.1017/S1352465814999999
PM  - 24899999
ID  - Obsessive-compulsive disorder, cognitive model, depression, reassurance seeking
MH  - *Major Depression
MH  - Anxiety
TM  - Carefulness Scale
      Reassurance Seeking Questionnaire-Japanese Version
TD  - Beck Depression Inventory-II [doi: http://dx.doi.org/10.1037/t00742-000] (9999-00742-000)
GS  - <b>Sponsor: </b>Japan Society for the Promotion of Science. Japan
<b>Other Details: </b>Grants-in-Aid for Young Scientists (B)

CP  - HOLDER: British Association for Behavioural and Cognitive Psychotherapies
      YEAR: 2014
RF  - Beck, A. T. (1996). Manual for the Beck Depression Inventory-2. San Antonio, TX: Psychological Corporation.

      Brislin, R. W. (1970). Back-translation for cross-cultural research. Journal of Cross-Cultural Psychology, 1, 185-216. http://dx.doi.org/10.1177/135910457000100301
UP  - 20150810 (PsycINFO)
JN  - Behavioural and Cognitive Psychotherapy
VO  - 43
IP  - 5
MO  - Sep
PG  - 623-634
XL  - http://ovidsp.ovid.com/ovidweb.cgi?T=JS&CSC=Y&NEWS=N&PAGE=fulltext&D=psyc11&AN=2015-99999-012

<8. >
VN  - Ovid Technologies
DB  - APA PsycInfo <2002 to May Week 1 2024>
AN  - Peer Reviewed Journal: 2015-99999-007.
TI  - A second record with no pagination. [References].
YR  - 2015
AU  - Ewing, Donna L
SO  - Behavioural and Cognitive Psychotherapy. Vol.43(5), Sep 2015, pp. No Pagination Specified.
PG  - No Pagination Specified
""".split("\n")
write("psycinfo-one-space-indent.txt",
      "\r\n".join(" " + line for line in LINES).rstrip(" \r\n").encode("utf-8"))

# A record with nothing after its marker and one with control bytes,
# between good ones.
write("malformed-records.txt", b"""<1. >
VN  - Ovid Technologies
DB  - Embase
UI  - 1
TI  - Good record before.

<2. >

<3. >
VN  - Ovid Technologies
DB  - Embase
UI  - 3
TI  - A record with control bytes \x01\x02 in its title.

<4. >
VN  - Ovid Technologies
DB  - Embase
UI  - 4
TI  - Good record after.
""")
