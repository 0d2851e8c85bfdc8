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

#include <glib/gstdio.h>
#include <string.h>

#include "wn-import.h"
#include "wn-ris.h"
#include "wn-test-dump.h"

static char *fixture_dir;

typedef struct
{
  GString *out;
  guint    n;
} DumpContext;

static gboolean
dump_record_cb (WnRecord  *record,
                gpointer   user_data,
                GError   **error)
{
  DumpContext *context = user_data;

  wn_test_dump_record (context->out, ++context->n, record);
  wn_record_free (record);
  return TRUE;
}

static void
test_golden (gconstpointer data)
{
  const char *name = data;
  g_autofree char *input = g_strconcat (name, ".ris", NULL);
  g_autofree char *expected_path = g_build_filename (fixture_dir, name, NULL);
  g_autofree char *expected_file = g_strconcat (expected_path, ".expected", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(WnImportReport) report = wn_import_report_new (input);
  g_autoptr(GString) records = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  DumpContext context = { records, 0 };

  /* The working folder is the fixture folder (see main), so messages
   * name the file as "NAME.ris" whatever the checkout's path. */
  wn_import_parse_file (input, WN_FORMAT_AUTO, dump_record_cb, &context, report, NULL, &error);

  g_string_append_printf (out, "# %s parsed by Winnow; WINNOW_REGENERATE=1 rewrites this file\n", input);
  wn_test_dump_report (out, report);
  g_string_append_printf (out, "error: %s\n", error != NULL ? error->message : "-");
  g_string_append (out, records->str);

  if (g_getenv ("WINNOW_REGENERATE") != NULL)
    {
      g_autoptr(GError) write_error = NULL;

      g_file_set_contents (expected_file, out->str, out->len, &write_error);
      g_assert_no_error (write_error);
      g_test_message ("wrote %s", expected_file);
      return;
    }

  if (!g_file_get_contents (expected_file, &expected, NULL, NULL))
    {
      g_test_message ("%s is missing; run the tests with WINNOW_REGENERATE=1 and check what it holds",
                      expected_file);
      g_test_fail ();
      return;
    }
  g_assert_cmpstr (out->str, ==, expected);
}

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

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *entry;

  g_test_init (&argc, &argv, NULL);

  fixture_dir = g_test_build_filename (G_TEST_DIST, "data", "ris", NULL);
  dir = g_dir_open (fixture_dir, 0, &error);
  g_assert_no_error (error);
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (entry, ".ris"))
      g_ptr_array_add (names, g_strndup (entry, strlen (entry) - strlen (".ris")));
  g_ptr_array_sort (names, compare_names);
  /* Every quirk the README lists has its fixture; losing some silently
   * would let a regression through. */
  g_assert_cmpuint (names->len, >=, 22);
  g_assert_cmpint (g_chdir (fixture_dir), ==, 0);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strconcat ("/wn/importers/ris/", (char *) g_ptr_array_index (names, i), NULL);

      g_test_add_data_func (path, g_ptr_array_index (names, i), test_golden);
    }
  g_test_add_func ("/wn/importers/ris/tag-lines", test_tag_lines);
  g_test_add_func ("/wn/importers/ris/database-names", test_database_names);
  g_test_add_func ("/wn/importers/ris/year-from-date", test_year_from_date);

  return g_test_run ();
}
