#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the CSV fixtures whose bytes a text editor would not keep.

    cd tests/data/csv && ./make-fixtures.py

Line ends (CRLF, lone CR, LF inside CRLF rows), byte order marks, UTF-16,
Windows-1252 and control bytes are easy to lose when a file is edited or
copied; so are the 49 columns of an embase.com row. This script is how each
of those fixtures was made, so they can be made again. The other fixtures in
this folder are plain text, written by hand. All records are made up.
"""


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


def crlf(text):
    return text.replace("\n", "\r\n")


def quote_all(cells):
    return ",".join('"' + c.replace('"', '""') + '"' for c in cells)


# PubMed "Save > CSV" (2024): UTF-8 BOM, unquoted header, every cell quoted,
# empty ones as "". Authors end with a full stop; a group author; a record
# ahead of print (its citation has no ";volume(issue):pages" part); a name
# suffix; non-ASCII names.
PUBMED_HEADER = ("PMID,Title,Authors,Citation,First Author,Journal/Book,"
                 "Publication Year,Create Date,PMCID,NIHMS ID,DOI")
PUBMED_ROWS = [
    ["31000001", "Sleep and screen time in adolescents: a cohort study",
     "Müller J, Østergaard KL, O'Brien-Smith AB.",
     "J Adolesc Health. 2019 Feb;64(2):201-209. doi: 10.1016/j.jadohealth.2018.01.001. Epub 2018 Nov 2.",
     "Müller J", "J Adolesc Health", "2019", "2018/11/05", "PMC6000001", "", "10.1016/j.jadohealth.2018.01.001"],
    ["32000002", "Blue light filters for insomnia: a randomised trial",
     "Nguyen T, Smith J Jr, Sleep Research Collaborative.",
     "Sleep Med. 2020 Jan 15;65:e1-e8. doi: 10.1016/j.sleep.2019.12.001.",
     "Nguyen T", "Sleep Med", "2020", "2020/01/16", "", "NIHMS900001", "10.1016/j.sleep.2019.12.001"],
    ["33000003", "Evening light exposure and melatonin: a protocol",
     "Dupont-Leclerc ME.",
     "Trials. 2024 Mar 3. doi: 10.1186/s13063-024-00003-x. Online ahead of print.",
     "Dupont-Leclerc ME", "Trials", "2024", "2024/03/04", "", "", "10.1186/s13063-024-00003-x"],
]
write("pubmed-bom.csv", b"\xef\xbb\xbf" + (
    PUBMED_HEADER + "\n" + "".join(quote_all(r) + "\n" for r in PUBMED_ROWS)).encode("utf-8"))

# embase.com CSV (2024): the search query, a rule and a blank line before
# the 49-column header; every cell quoted except empty ones; Emtree terms
# joined with ", " but with commas inside brackets; the DOI three times
# (DOI, Full Text Link, OpenURL).
EMBASE_COLUMNS = [
    "Title", "Original Title", "Author Names", "Author Addresses", "Correspondence Address", "Editors",
    "AiP/IP Entry Date", "Full Record Entry Date", "Source", "Source title", "Publication Year", "Volume",
    "Issue", "First Page", "Last Page", "Date of Publication", "Publication Type", "Conference Name",
    "Conference Location", "Conference Date", "Conference Editors", "ISSN", "ISBN", "Book Publisher",
    "Abstract", "Original Abstract", "Author Keywords", "Emtree Drug Index Terms (Major Focus)",
    "Emtree Drug Index Terms", "Emtree Medical Index Terms (Major Focus)", "Emtree Medical Index Terms",
    "Drug Tradenames", "Drug Manufacturer", "Device Tradenames", "Device Manufacturer",
    "CAS Registry Numbers", "Molecular Sequence Numbers", "Embase Classification", "Clinical Trial Numbers",
    "Article Language", "Summary Language", "Embase Accession ID", "Medline PMID", "PUI", "DOI",
    "Full Text Link", "Embase Link", "Open URL Link", "Copyright",
]


def embase_row(values):
    cells = []
    for name in EMBASE_COLUMNS:
        v = values.get(name, "")
        cells.append('"' + v.replace('"', '""') + '"' if v else "")
    return ",".join(cells)


EMBASE_ROWS = [
    {
        "Title": "Melatonin for delirium prevention in older inpatients: a randomized controlled trial",
        "Author Names": "Yang Z., van der Berg A.M., Dos Santos H.B., Kowalski J.-P.",
        "Author Addresses": "(Yang Z., zyang@example.org; Kowalski J.-P.) Department of Geriatrics, Example University, Cork, Ireland.",
        "Correspondence Address": "Z. Yang, Department of Geriatrics, Example University, Cork, Ireland. Email: zyang@example.org",
        "AiP/IP Entry Date": "2024-05-28", "Full Record Entry Date": "2024-06-04",
        "Source": "Journal of Example Geriatrics (2024) 15:1 Article Number: 4063. Date of Publication: 1 Dec 2024",
        "Source title": "Journal of Example Geriatrics", "Publication Year": "2024", "Volume": "15", "Issue": "1",
        "Date of Publication": "1 Dec 2024", "Publication Type": "Article", "ISSN": "2041-1723 (electronic)",
        "Book Publisher": "Example Press",
        "Abstract": "Background: Delirium is common. Methods: We randomised 200 \"older\" inpatients. Results: Fewer episodes.",
        "Emtree Drug Index Terms": "melatonin (drug therapy, pharmacology), placebo",
        "Emtree Medical Index Terms (Major Focus)": "delirium (prevention), hospital patient",
        "Emtree Medical Index Terms": "aged, article, controlled study, delirium (prevention), human",
        "CAS Registry Numbers": "melatonin (73-31-4)",
        "Embase Classification": "Gerontology and Geriatrics (20), Psychiatry (32)",
        "Article Language": "English", "Summary Language": "English",
        "Medline PMID": "38770001", "PUI": "L2029880001", "DOI": "10.1000/jeg.2024.4063",
        "Full Text Link": "http://dx.doi.org/10.1000/jeg.2024.4063",
        "Embase Link": "https://www.embase.com/search/results?subaction=viewrecord&id=L2029880001&from=export",
        "Open URL Link": "https://example.on.worldcat.org/atoztitles/link?sid=EMBASE&issn=20411723&id=doi:10.1000%2Fjeg.2024.4063&atitle=Melatonin",
        "Copyright": "Copyright 2024 Elsevier B.V., All rights reserved.",
    },
    {
        "Title": "Erratum: Sleep hygiene in shift workers",
        "Original Title": "Erratum: Schlafhygiene bei Schichtarbeitern",
        "Author Names": "Schmidt K.",
        "Full Record Entry Date": "2024-03-20",
        "Source": "Example Arbeitsmedizin (2023) 58 (12-14). Date of Publication: 14 Mar 2023",
        "Source title": "Example Arbeitsmedizin", "Publication Year": "2023", "Volume": "58",
        "First Page": "12", "Last Page": "14", "Date of Publication": "14 Mar 2023",
        "Publication Type": "Erratum", "Article Language": "German",
        "PUI": "L643750002",
        "Embase Link": "https://www.embase.com/search/results?subaction=viewrecord&id=L643750002&from=export",
        "Copyright": "This record is sourced from MEDLINE/PubMed, a database of the U.S. National Library of Medicine",
    },
]
write("embase-preamble.csv", (
    '"SEARCH QUERY","(delirium OR \'sleep hygiene\'):ti AND [2023-2024]/py"\n'
    "-------------------------------------\n"
    "\n"
    + quote_all(EMBASE_COLUMNS) + "\n"
    + "".join(embase_row(r) + "\n" for r in EMBASE_ROWS)).encode("utf-8"))

# Quoted cells with line ends, doubled quotes and delimiters inside, in a
# CRLF file: one row spans five lines, one holds a blank line.
write("embedded-newlines-crlf.csv", crlf(
    'Title,Authors,Year,Abstract,DOI\n'
    '"Naps, caffeine and ""power"" sleep",Lee K; Park S,2018,"Background: short.\n'
    'Methods: a crossover trial, n=24.\n'
    '\n'
    'Results: ""significant"" gains.\n'
    'Conclusions: nap.",10.1000/naps.1\n'
    '"A title that\n'
    'wraps",Kim H,2019,Plain abstract,10.1000/naps.2\n'
    'Last row on one line,Choi Y,2020,,10.1000/naps.3\n').encode("utf-8"))

# A spreadsheet saved as Windows-1252: every line is read as such, with one
# warning.
write("windows-1252.csv", crlf(
    'Title;Authors;Year;Journal\n'
    '"Schlaf und Bildschirmzeit – eine Kohortenstudie";"Müller, Jürgen; Pérez, José";2021;"Zeitschrift für Schlafforschung"\n'
    '"Éclairage du soir et mélatonine";"Dubois, Hélène";2022;"Revue française du sommeil"\n').encode("cp1252"))

# Excel pads rows to the widest row: empty header cells at the end, rows
# of commas, short rows. CRLF.
write("crlf-trailing-empty-columns.csv", crlf(
    'Title,Author,Year,,\n'
    'Padded row,"Ali, Sara",2017,,\n'
    'Short row,"Ong, Wei"\n'
    ',,,,\n'
    'Row with text under an unnamed column,"Roy, Ann",2018,,note\n'
    ',,,,\n'
    ',,,,\n').encode("utf-8"))

# Excel's "Unicode Text": UTF-16LE with a BOM, tab-delimited, CRLF.
write("utf16le-excel-unicode-text.txt", b"\xff\xfe" + crlf(
    'Title\tAuthors\tYear\tJournal\tDOI\n'
    'Ωmega-3 and sleep quality: a trial 😴\tMüller, J.; Østergaard, K.\t2020\tSleep, Mood & Health\t10.1000/omega.1\n'
    '"Quoted, with a tab\tinside"\tLee, K.\t2021\tSleep\t10.1000/omega.2\n').encode("utf-16-le"))

# A control character inside a row (a damaged file): that row is rejected.
write("control-characters.csv", (
    'Title,Year\n'
    'Good row,2019\n'
    'Damaged \x01 row,2020\n'
    'Another good row,2021\n').encode("utf-8"))

# Excel for Mac's "CSV (Macintosh)": a lone CR ends each row, an LF inside
# a quoted cell.
write("lone-cr-mac-excel.csv", (
    'Title,Abstract,Year\r'
    '"Mac row one","First paragraph.\nSecond paragraph.",2015\r'
    'Mac row two,,2016\r').encode("utf-8"))
