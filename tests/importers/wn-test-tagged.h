/* wn-test-tagged.h — what the importer tests share beyond dumps and the corpus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A throw-away project for the import and bad-input tests of every format,
 * and the MEDLINE, Web of Science and Ovid tests' comparisons with other
 * tools' results (Zotero and RefLib JSON, JabRef BibTeX) for the shared
 * corpus. Golden tests over tests/data/FOLDER/ are in wn-test-dump.h; the
 * corpus's files and oracles in wn-test-corpus.h.
 */
#pragma once

#include "wn-import.h"
#include "wn-test-corpus.h"
#include "wn-test-dump.h"

G_BEGIN_DECLS

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

/* The corpus: compares parsed with the oracle beside path
 * (STEM.expected.json or STEM.expected.bib), if there is one. */
void        wn_test_compare_oracles    (const char        *path,
                                        WnTestParsed      *parsed);

G_END_DECLS
