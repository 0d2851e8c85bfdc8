/* test-ris.c — the RIS parser against golden files, and its small helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each tests/data/ris/NAME.ris is parsed and its normalised dump (report,
 * then every record with its columns, fields and source) is compared with
 * NAME.expected beside it. The test path is /wn/importers/ris/NAME, one per
 * quirk; tests/data/README.md lists them. Run with WINNOW_REGENERATE=1 to
 * rewrite the .expected files after an intended change, then read the diff.
 */
#include "config.h"

#include "wn-import.h"
#include "wn-ris.h"
#include "wn-test-dump.h"

/* Table tests of the helpers */

static void
test_tag_lines (void)
{
  static const struct
  {
    const char *line;
    const char *tag;    /* NULL: not a tag line */
    const char *value;
  } rows[] = {
    { "TY  - JOUR", "TY", "JOUR" },
    { "TY - JOUR", "TY", "JOUR" },                  /* Zotero's one-space variant */
    { "ER  -", "ER", "" },                          /* no trailing space */
    { "ER  -  ", "ER", "" },                        /* Ovid: two trailing spaces */
    { "PMID  - 33355555", "PMID", "33355555" },     /* APA PsycNET */
    { "A1  - Liu R.", "A1", "Liu R." },
    { "T1  -   padded value  ", "T1", "padded value" },
    { "TI  -\tTabbed", "TI", "Tabbed" },
    { "TY   - JOUR", NULL, NULL },                  /* three spaces */
    { "TY  -JOUR", NULL, NULL },                    /* no space after the hyphen */
    { "TY- JOUR", NULL, NULL },                     /* no space before it */
    { "PMID - 1", NULL, NULL },                     /* long tags need two spaces */
    { "AIMS - to do", NULL, NULL },                 /* prose on a wrapped line */
    { "ty  - JOUR", NULL, NULL },
    { "1.", NULL, NULL },
    { "CD-ROM based", NULL, NULL },
    { "", NULL, NULL },
    { "TY", NULL, NULL },
    { "0Y  - x", NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      char tag[5] = "";
      const char *value = NULL;
      gsize value_len = 0;
      gboolean is_tag = wn_ris_parse_tag_line (rows[i].line, strlen (rows[i].line), tag, &value, &value_len);

      g_test_message ("row %" G_GSIZE_FORMAT ": \"%s\"", i, rows[i].line);
      g_assert_cmpint (is_tag, ==, rows[i].tag != NULL);
      if (!is_tag)
        continue;
      g_assert_cmpstr (tag, ==, rows[i].tag);
      g_assert_cmpmem (value, value_len, rows[i].value, strlen (rows[i].value));
    }
}

static void
test_database_names (void)
{
  static const struct
  {
    const char *value;
    const char *name;
  } rows[] = {
    { "psyh", "PsycINFO" },                    /* EBSCOhost code */
    { "i3h", "Criminal Justice Abstracts" },
    { "aph", "Academic Search Premier" },
    { "rzh", "CINAHL" },
    { "APA PsycInfo <2021>", "PsycINFO" },     /* Ovid segment with years */
    { "Embase <1974 to 2024 May 03>", "Embase" },
    { "Ovid MEDLINE(R) ALL <1946 to May 02, 2024>", "MEDLINE" },
    { "Embase", "Embase" },
    { "Medline", "MEDLINE" },
    { "PubMed", "PubMed" },
    { "PMC", "PMC" },
    { "Name of Database", "Name of Database" },
    { "  ", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *name = wn_ris_database_name (rows[i].value);

      g_assert_cmpstr (name, ==, rows[i].name);
    }
}

static void
test_year_from_date (void)
{
  static const struct
  {
    const char *value;
    const char *year;
  } rows[] = {
    { "2019//", "2019" },            /* Ovid */
    { "2022/11/05/", "2022" },       /* EBSCOhost */
    { "2021/06//", "2021" },
    { "2016/01/", "2016" },          /* NCBI */
    { "2013/02/15/received", "2013" },
    { "1998///Spring", "1998" },     /* the RIS spec's own example */
    { "20180327", "2018" },          /* EndNote's ET */
    { "SEP 2010", "2010" },
    { "SEP 22", NULL },              /* Web of Science DA: month and day */
    { "Year", NULL },
    { "0000", NULL },
    { "12345", NULL },
    { "", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *year = wn_ris_year_from_date (rows[i].value);

      g_assert_cmpstr (year, ==, rows[i].year);
    }
}

int
main (int   argc,
      char *argv[])
{
  static const char *const suffixes[] = { ".ris", NULL };

  g_test_init (&argc, &argv, NULL);

  /* Every quirk the README lists has its fixture. */
  wn_test_add_golden ("ris", suffixes, 22);

  g_test_add_func ("/wn/importers/ris/tag-lines", test_tag_lines);
  g_test_add_func ("/wn/importers/ris/database-names", test_database_names);
  g_test_add_func ("/wn/importers/ris/year-from-date", test_year_from_date);

  return g_test_run ();
}
