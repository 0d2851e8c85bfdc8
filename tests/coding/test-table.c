/* test-table.c — CSV and XLSX tables: quoting, formula injection, atomic writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "wn-table.h"

static char *tmpdir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

/* A table with every kind of awkward cell. */
static WnTable *
awkward_table (const char *name)
{
  const char *header[] = { "Study", "Note", "Count", "-Header", NULL };
  const char *row1[] = { "S001", "plain", "42", "x", NULL };
  const char *row2[] = { "S002", "a, \"quoted\"\nline", "-3.5", NULL, NULL };
  const char *row3[] = { "S003", "=HYPERLINK(\"http://evil\")", "+1", "@SUM(A1)", NULL };
  const char *row4[] = { "S004", "-2+3", "=1+2", "\tx", NULL };
  WnTable *table = wn_table_new (name, header);

  wn_table_set_numeric (table, 2, TRUE);
  wn_table_add_row (table, row1);
  wn_table_add_row (table, row2);
  wn_table_add_row (table, row3);
  wn_table_add_row (table, row4);
  return table;
}

/* /wn/coding/table/model */
static void
test_model (void)
{
  g_autoptr(WnTable) table = awkward_table ("Data");
  guint row;

  g_assert_cmpstr (wn_table_get_name (table), ==, "Data");
  g_assert_cmpuint (wn_table_get_n_columns (table), ==, 4);
  g_assert_cmpuint (wn_table_get_n_rows (table), ==, 4);
  g_assert_cmpstr (wn_table_get_header (table, 2), ==, "Count");
  g_assert_cmpstr (wn_table_get_cell (table, 1, 2), ==, "-3.5");
  g_assert_null (wn_table_get_cell (table, 1, 3));
  row = wn_table_append_row (table);
  g_assert_cmpuint (row, ==, 4);
  g_assert_null (wn_table_get_cell (table, row, 0));
  wn_table_set_cell (table, row, 0, "S005");
  wn_table_set_cell (table, row, 0, "S006");
  g_assert_cmpstr (wn_table_get_cell (table, row, 0), ==, "S006");
}

/* /wn/coding/table/safe-text */
static void
test_safe_text (void)
{
  static const char *const risky[] = { "=1+1", "+1", "-1", "@A1", "\tx", "\rx", NULL };
  char *copy = NULL;
  const char *text;

  for (guint i = 0; risky[i] != NULL; i++)
    {
      text = wn_table_safe_text (risky[i], &copy);
      g_assert_nonnull (copy);
      g_assert_true (text == copy);
      g_assert_cmpint (text[0], ==, '\'');
      g_assert_cmpstr (text + 1, ==, risky[i]);
      g_clear_pointer (&copy, g_free);
    }
  text = wn_table_safe_text ("plain = fine", &copy);
  g_assert_cmpstr (text, ==, "plain = fine");
  g_assert_null (copy);
  g_assert_null (wn_table_safe_text (NULL, &copy));
  g_assert_null (copy);
}

/* /wn/coding/table/csv */
static void
test_csv (void)
{
  g_autoptr(WnTable) table = awkward_table ("Data");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("table.csv");
  g_autofree char *contents = NULL;
  const char *expected =
    "\xEF\xBB\xBF"
    "Study,Note,Count,'-Header\r\n"
    "S001,plain,42,x\r\n"
    /* quotes doubled, the field quoted, the newline kept inside; a
     * negative number in a numeric column is not touched */
    "S002,\"a, \"\"quoted\"\"\nline\",-3.5,\r\n"
    /* formulas get an apostrophe; quoting still applies after it */
    "S003,\"'=HYPERLINK(\"\"http://evil\"\")\",+1,'@SUM(A1)\r\n"
    /* "-2+3" is text; "=1+2" in the numeric column is not a number */
    "S004,'-2+3,'=1+2,'\tx\r\n";

  g_assert_true (wn_table_write_csv (table, path, &error));
  g_assert_no_error (error);
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, expected);
}

/* Runs unzip -p on a member; NULL when unzip is missing. */
static char *
unzip_member (const char *path,
              const char *member)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("unzip");
  const char *argv[] = { "unzip", "-p", path, member, NULL };
  char *out = NULL;
  int status = 0;

  if (program == NULL)
    return NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* /wn/coding/table/xlsx */
static void
test_xlsx (void)
{
  g_autoptr(WnTable) table = awkward_table ("Data");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("tables.xlsx");
  g_autofree char *strings = NULL;
  g_autofree char *sheet = NULL;
  g_autofree char *program = g_find_program_in_path ("unzip");
  WnTable *tables[] = { table };

  g_assert_true (wn_tables_write_xlsx (tables, 1, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  if (program == NULL)
    {
      g_test_skip ("unzip is not installed");
      return;
    }
  strings = unzip_member (path, "xl/sharedStrings.xml");
  sheet = unzip_member (path, "xl/worksheets/sheet1.xml");
  g_assert_nonnull (strings);
  g_assert_nonnull (sheet);

  /* Formula-like text is stored as text with the apostrophe. */
  g_assert_nonnull (strstr (strings, "<t>'=HYPERLINK(\"http://evil\")</t>"));
  g_assert_nonnull (strstr (strings, "<t>'@SUM(A1)</t>"));
  g_assert_nonnull (strstr (strings, "<t>'-2+3</t>"));
  g_assert_nonnull (strstr (strings, "<t>'=1+2</t>"));
  g_assert_nonnull (strstr (strings, "<t>'-Header</t>"));
  g_assert_null (strstr (strings, "<t>=HYPERLINK"));
  /* Never a formula. */
  g_assert_null (strstr (sheet, "<f>"));
  /* Numbers in the numeric column are numbers (no t="s"), not strings. */
  g_assert_nonnull (strstr (sheet, "<c r=\"C2\"><v>42</v></c>"));
  g_assert_nonnull (strstr (sheet, "<c r=\"C3\"><v>-3.5</v></c>"));
  g_assert_nonnull (strstr (sheet, "<c r=\"C4\"><v>1</v></c>"));
  g_assert_null (strstr (strings, "<t>42</t>"));
  /* The header row is frozen. */
  g_assert_nonnull (strstr (sheet, "ySplit=\"1\""));
}

/* /wn/coding/table/sheet-names */
static void
test_sheet_names (void)
{
  const char *header[] = { "A", NULL };
  g_autoptr(WnTable) a = wn_table_new ("Frequencies: [coded]/fields?", header);
  g_autoptr(WnTable) b = wn_table_new ("frequencies_ _coded__fields_", header);
  g_autoptr(WnTable) c = wn_table_new ("A very long sheet name that goes well past Excel's limit", header);
  g_autoptr(WnTable) d = wn_table_new ("A very long sheet name that goes well past Excel's limit too", header);
  g_autoptr(WnTable) e = wn_table_new ("", header);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("sheets.xlsx");
  g_autofree char *workbook = NULL;
  g_autofree char *program = g_find_program_in_path ("unzip");
  WnTable *tables[] = { a, b, c, d, e };

  g_assert_true (wn_tables_write_xlsx (tables, G_N_ELEMENTS (tables), path, &error));
  g_assert_no_error (error);
  if (program == NULL)
    {
      g_test_skip ("unzip is not installed");
      return;
    }
  workbook = unzip_member (path, "xl/workbook.xml");
  /* Forbidden characters replaced. */
  g_assert_nonnull (strstr (workbook, "name=\"Frequencies_ _coded__fields_\""));
  /* A clash (case-insensitive) gets a number, cut to fit 31 characters. */
  g_assert_nonnull (strstr (workbook, "name=\"frequencies_ _coded__fields (2)\""));
  /* Cut to 31 characters, and still unique after the cut. */
  g_assert_nonnull (strstr (workbook, "name=\"A very long sheet name that goe\""));
  g_assert_nonnull (strstr (workbook, "name=\"A very long sheet name that (2)\""));
  g_assert_nonnull (strstr (workbook, "name=\"Sheet5\""));
}

/* /wn/coding/table/atomic */
static void
test_atomic (void)
{
  g_autoptr(WnTable) table = awkward_table ("Data");
  g_autoptr(GError) error = NULL;
  g_autofree char *missing_dir = tmp_path ("no-such-folder");
  g_autofree char *missing_csv = g_build_filename (missing_dir, "out.csv", NULL);
  g_autofree char *missing_xlsx = g_build_filename (missing_dir, "out.xlsx", NULL);
  g_autofree char *target = tmp_path ("existing.xlsx");
  g_autofree char *blocked_dir = tmp_path ("read-only");
  g_autofree char *blocked = g_build_filename (blocked_dir, "out.csv", NULL);
  g_autofree char *blocked_xlsx = g_build_filename (blocked_dir, "out.xlsx", NULL);
  g_autofree char *after = NULL;
  g_autoptr(GDir) dir = NULL;
  WnTable *tables[] = { table };

  /* Into a missing folder: fails, and leaves nothing. */
  g_assert_false (wn_table_write_csv (table, missing_csv, &error));
  g_assert_error (error, WN_TABLE_ERROR, WN_TABLE_ERROR_WRITE);
  g_clear_error (&error);
  g_assert_false (wn_tables_write_xlsx (tables, 1, missing_xlsx, &error));
  g_assert_error (error, WN_TABLE_ERROR, WN_TABLE_ERROR_WRITE);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));

  /* An existing target in a folder where nothing can be created: the
   * write fails and the target is as it was, with no temporary left. */
  g_assert_cmpint (g_mkdir (blocked_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (blocked, "old", -1, NULL));
  g_assert_true (g_file_set_contents (blocked_xlsx, "old xlsx", -1, NULL));
  g_assert_cmpint (g_chmod (blocked_dir, 0555), ==, 0);
  if (access (blocked_dir, W_OK) == 0)
    {
      /* root ignores the mode */
      g_chmod (blocked_dir, 0755);
      g_test_message ("running as root: the read-only folder case is skipped");
    }
  else
    {
      g_assert_false (wn_table_write_csv (table, blocked, &error));
      g_assert_error (error, WN_TABLE_ERROR, WN_TABLE_ERROR_WRITE);
      g_clear_error (&error);
      g_assert_false (wn_tables_write_xlsx (tables, 1, blocked_xlsx, &error));
      g_assert_error (error, WN_TABLE_ERROR, WN_TABLE_ERROR_WRITE);
      g_clear_error (&error);
      after = read_file (blocked);
      g_assert_cmpstr (after, ==, "old");
      g_clear_pointer (&after, g_free);
      after = read_file (blocked_xlsx);
      g_assert_cmpstr (after, ==, "old xlsx");
      g_clear_pointer (&after, g_free);
      g_chmod (blocked_dir, 0755);
    }
  dir = g_dir_open (blocked_dir, 0, NULL);
  g_assert_nonnull (dir);
  for (const char *name; (name = g_dir_read_name (dir)) != NULL;)
    g_assert_true (strcmp (name, "out.csv") == 0 || strcmp (name, "out.xlsx") == 0);

  /* Failures that do not depend on permissions (root ignores them): a
   * sheet past Excel's 16384 columns fails half-way through the XLSX, and
   * a CSV cannot be renamed over a folder. The targets are unchanged and
   * no temporary file is left beside them. */
  {
    g_autoptr(GPtrArray) wide_header = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(WnTable) wide = NULL;
    g_autofree char *folder = g_build_filename (blocked_dir, "folder.csv", NULL);
    WnTable *wide_tables[1];
    guint n_entries = 0;

    for (guint c = 0; c < 16400; c++)
      g_ptr_array_add (wide_header, g_strdup_printf ("c%u", c));
    g_ptr_array_add (wide_header, NULL);
    wide = wn_table_new ("Wide", (const char * const *) wide_header->pdata);
    wide_tables[0] = wide;
    g_assert_false (wn_tables_write_xlsx (wide_tables, 1, blocked_xlsx, &error));
    g_assert_error (error, WN_TABLE_ERROR, WN_TABLE_ERROR_WRITE);
    g_clear_error (&error);
    after = read_file (blocked_xlsx);
    g_assert_cmpstr (after, ==, "old xlsx");
    g_clear_pointer (&after, g_free);

    g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
    g_assert_false (wn_table_write_csv (table, folder, &error));
    g_assert_error (error, WN_TABLE_ERROR, WN_TABLE_ERROR_WRITE);
    g_clear_error (&error);
    g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
    g_rmdir (folder);

    g_clear_pointer (&dir, g_dir_close);
    dir = g_dir_open (blocked_dir, 0, NULL);
    for (const char *name; (name = g_dir_read_name (dir)) != NULL; n_entries++)
      g_assert_true (strcmp (name, "out.csv") == 0 || strcmp (name, "out.xlsx") == 0);
    g_assert_cmpuint (n_entries, ==, 2);
  }

  /* A successful write replaces the target whole. */
  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_true (wn_tables_write_xlsx (tables, 1, target, &error));
  g_assert_no_error (error);
  after = read_file (target);
  g_assert_true (g_str_has_prefix (after, "PK"));
  g_unlink (blocked);
  g_unlink (blocked_xlsx);
  g_rmdir (blocked_dir);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("winnow-test-table-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/wn/coding/table/model", test_model);
  g_test_add_func ("/wn/coding/table/safe-text", test_safe_text);
  g_test_add_func ("/wn/coding/table/csv", test_csv);
  g_test_add_func ("/wn/coding/table/xlsx", test_xlsx);
  g_test_add_func ("/wn/coding/table/sheet-names", test_sheet_names);
  g_test_add_func ("/wn/coding/table/atomic", test_atomic);

  result = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  return result;
}
