/* wn-test-tagged.h — what the MEDLINE, Web of Science and Ovid tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Golden tests over tests/data/FOLDER/, a throw-away project for the
 * bad-input tests, and the comparisons with other tools' results (Zotero
 * and RefLib JSON, JabRef BibTeX) for the shared corpus.
 */
#pragma once

#include "wn-import.h"

G_BEGIN_DECLS

/* Golden tests: each file in tests/data/FOLDER whose name ends in one of
 * suffixes is parsed and its dump compared with NAME.expected beside it;
 * test paths are /wn/importers/FOLDER/NAME. Changes the working folder to
 * the fixture folder, so that messages name files without a path. Fails
 * when fewer than min_fixtures are found: losing some silently would let
 * a regression through. */
void        wn_test_tagged_add_golden  (const char        *folder,
                                        const char *const *suffixes,
                                        guint              min_fixtures);
/* The absolute path of tests/data/FOLDER/NAME. */
char       *wn_test_tagged_fixture     (const char        *folder,
                                        const char        *name);

/* A project in a temporary folder. */
typedef struct
{
  char      *dir;
  WnProject *project;
} WnTestProject;

void        wn_test_project_set_up     (WnTestProject     *fixture,
                                        gconstpointer      data);
void        wn_test_project_tear_down  (WnTestProject     *fixture,
                                        gconstpointer      data);
char       *wn_test_project_write      (WnTestProject     *fixture,
                                        const char        *name,
                                        const void        *data,
                                        gssize             len);
void        wn_test_project_assert_counts (WnTestProject  *fixture,
                                           gint64          records,
                                           gint64          searches);
/* Writes NAME in the project's folder: head, then a line of size bytes of
 * 'x' without a line end, a block at a time. */
char       *wn_test_project_write_long_line (WnTestProject *fixture,
                                             const char    *name,
                                             const char    *head,
                                             gsize          size);
glong       wn_test_peak_rss_kib       (void);

/* The corpus. */
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
/* Compares parsed with the oracle beside it (STEM.expected.json or
 * STEM.expected.bib), if there is one. */
void        wn_test_compare_oracles    (const char        *dir,
                                        const char        *name,
                                        WnTestParsed      *parsed);
/* Registers /wn/importers/corpus/FOLDER/NAME for each file of
 * $WINNOW_TESTDATA/imports/FOLDER that is not an oracle, or one skipped
 * test when the folder is absent. func gets the file name; the folder is
 * in *dir_out. */
void        wn_test_add_corpus         (const char        *folder,
                                        GTestDataFunc      func,
                                        char             **dir_out);

G_END_DECLS
