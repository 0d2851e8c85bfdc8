/* wn-test-corpus.h — what the corpus tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shared corpus is $WINNOW_TESTDATA/imports/FOLDER/: real exports,
 * each named with its record count (_64recs, _1rec), some with another
 * tool's result beside them (STEM.expected.json from Zotero or RefLib,
 * STEM.expected.bib from JabRef or CoLRev). The oracles are what those
 * tools make of the files, not truth: each test decides how strictly it
 * compares, and says why where an oracle and the record differ. This file
 * holds the parts that do not decide: reading the files and the oracles,
 * and comparing titles, DOIs, years and names.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "wn-import.h"

G_BEGIN_DECLS

/* Registers /wn/importers/corpus/FOLDER/NAME for each file of
 * $WINNOW_TESTDATA/imports/FOLDER whose name ends in suffix (with suffix
 * NULL: each file that is not an oracle), in name order, or one skipped
 * test /wn/importers/corpus/FOLDER when there is none. func gets the
 * file's whole path. */
void        wn_test_add_corpus         (const char        *folder,
                                        const char        *suffix,
                                        GTestDataFunc      func);
/* $WINNOW_TESTDATA/imports/FOLDER/NAME, or NULL when it is not set. */
char       *wn_test_corpus_file        (const char        *folder,
                                        const char        *name);
/* DIR/STEM + suffix for DIR/STEM.EXT: "x_1rec.ris", ".expected.bib" →
 * "x_1rec.expected.bib" beside it. */
char       *wn_test_oracle_path        (const char        *path,
                                        const char        *suffix);

typedef struct
{
  GPtrArray      *records;  /* (element-type WnRecord) */
  WnImportReport *report;
} WnTestParsed;

void        wn_test_parsed_clear       (WnTestParsed      *parsed);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WnTestParsed, wn_test_parsed_clear)

/* Parses path (format detected) into parsed; asserts no error. */
void        wn_test_parse_all          (const char        *path,
                                        WnTestParsed      *parsed);
/* "x_64recs.txt" → 64, "x_1rec.nbib" → 1 */
guint       wn_test_count_from_name    (const char        *name);

/* White space collapsed, for titles that other tools re-wrap; with
 * drop_final_stop, a final full stop dropped too. */
char       *wn_test_squash             (const char        *text,
                                        gboolean           drop_final_stop);
/* The part before the comma, trimmed and case-folded. */
char       *wn_test_last_name          (const char        *name);

typedef enum
{
  /* White space collapsed on both sides. */
  WN_TEST_TITLE_SQUASHED,
  /* Also a final full stop dropped on both sides. */
  WN_TEST_TITLE_NO_FINAL_STOP,
  /* Also the record's final full stop dropped where the oracle has none. */
  WN_TEST_TITLE_OUR_FINAL_STOP,
} WnTestTitleMatch;

/* Each does nothing when expected is NULL. */
void        wn_test_assert_title       (const WnRecord    *record,
                                        const char        *expected,
                                        WnTestTitleMatch   match);
/* DOIs are case-insensitive; Winnow stores them in lower case. */
void        wn_test_assert_doi         (const WnRecord    *record,
                                        const char        *expected);
/* The year in expected_date, where it has one ("0000 Year Date" has
 * none). */
void        wn_test_assert_year        (const WnRecord    *record,
                                        const char        *expected_date);

/* The same last names, as many and in order. */
void        wn_test_assert_last_names  (const WnRecord    *record,
                                        GPtrArray         *expected);
/* Every name of part is in whole, by last name, in order. */
void        wn_test_assert_last_names_in (GPtrArray       *part,
                                          GPtrArray       *whole);

/* The array at the top of a JSON file; asserts that there is one. */
JsonArray  *wn_test_load_json_array    (const char        *path);
/* Zotero's JSON is an array of items with an itemType; RefLib's is not. */
gboolean    wn_test_json_is_zotero     (JsonArray         *array);
/* A Zotero item's creators' last names (lastName, or the single name);
 * with authors_only, only those of creatorType "author". *all_authors
 * (may be NULL) says whether every creator is an author. */
GPtrArray  *wn_test_zotero_names       (JsonObject        *item,
                                        gboolean           authors_only,
                                        gboolean          *all_authors);

/* The entries of a BibTeX file, each a GHashTable of lower-cased field
 * name → value (braces and quotes taken off). A small, tolerant reader,
 * enough for JabRef's and CoLRev's oracles; not a BibTeX parser. */
GPtrArray  *wn_test_load_bibtex        (const char        *path);
/* "A, B and C, D" → { "A, B", "C, D" } */
GPtrArray  *wn_test_bibtex_names       (const char        *author);

G_END_DECLS
