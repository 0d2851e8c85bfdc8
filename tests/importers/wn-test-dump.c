/* wn-test-dump.c — a normalised text dump of parsed records, for golden files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dump is plain UTF-8 text, one value per line, so a change in what the
 * parser produces shows up as a readable diff. Control characters and the
 * backslash are escaped so that the file stays text whatever the input.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wn-test-dump.h"

static void
append_escaped (GString    *out,
                const char *text)
{
  if (text == NULL)
    return;
  for (const char *p = text; *p; p++)
    {
      guchar c = (guchar) *p;

      if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7F)
        g_string_append_printf (out, "\\x%02X", c);
      else
        g_string_append_c (out, (char) c);
    }
}

static void
append_value (GString    *out,
              const char *name,
              const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, "  %s: ", name);
  append_escaped (out, value);
  g_string_append_c (out, '\n');
}

static void
append_list (GString         *out,
             const char      *name,
             const GPtrArray *values)
{
  if (values == NULL || values->len == 0)
    return;
  g_string_append_printf (out, "  %s:", name);
  for (guint i = 0; i < values->len; i++)
    {
      g_string_append (out, i == 0 ? " " : " | ");
      append_escaped (out, g_ptr_array_index (values, i));
    }
  g_string_append_c (out, '\n');
}

static void
append_issues (GString         *out,
               const char      *name,
               const GPtrArray *issues)
{
  g_string_append_printf (out, "%s: %u\n", name, issues->len);
  for (guint i = 0; i < issues->len; i++)
    {
      const WnImportIssue *issue = g_ptr_array_index (issues, i);

      g_string_append_printf (out, "  line %u: ", issue->line);
      append_escaped (out, issue->message);
      g_string_append_c (out, '\n');
    }
}

void
wn_test_dump_report (GString              *out,
                     const WnImportReport *report)
{
  g_string_append_printf (out, "format: %s\n", wn_format_to_string (report->format));
  g_string_append_printf (out, "encoding: %s\n", report->encoding ? report->encoding : "-");
  g_string_append_printf (out, "vendor: %s\n", report->vendor ? report->vendor : "-");
  g_string_append_printf (out, "database: %s\n", report->database ? report->database : "-");
  g_string_append_printf (out, "sha256: %s\n", report->sha256 ? report->sha256 : "-");
  g_string_append_printf (out, "records: %u\n", report->records);
  g_string_append_printf (out, "lines: %u\n", report->lines);
  append_issues (out, "warnings", report->warnings);
  append_issues (out, "rejected", report->rejected);
}

void
wn_test_dump_record (GString        *out,
                     guint           index,
                     const WnRecord *record)
{
  g_autofree char *escaped_source = NULL;

  g_string_append_printf (out, "\nrecord %u (lines %u-%u)\n", index, record->line_start, record->line_end);
  append_value (out, "type", record->type);
  append_value (out, "source_id", record->source_id);
  append_value (out, "title", record->title);
  append_list (out, "authors", record->authors);
  append_value (out, "year", record->year);
  append_value (out, "journal", record->journal);
  append_value (out, "volume", record->volume);
  append_value (out, "issue", record->issue);
  append_value (out, "pages", record->pages);
  append_value (out, "doi", record->doi);
  append_value (out, "pmid", record->pmid);
  append_value (out, "abstract", record->abstract);
  append_list (out, "keywords", record->keywords);
  append_value (out, "language", record->language);
  append_value (out, "database", record->database);

  g_string_append (out, "  fields:\n");
  for (guint i = 0; i < record->fields->len; i++)
    {
      const WnField *field = g_ptr_array_index (record->fields, i);

      g_string_append (out, "    ");
      append_escaped (out, field->tag);
      g_string_append (out, " = ");
      append_escaped (out, field->value);
      g_string_append_c (out, '\n');
    }

  g_string_append (out, "  source:\n");
  if (record->source_text != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (record->source_text, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_string_append (out, "    | ");
          append_escaped (out, lines[i]);
          g_string_append_c (out, '\n');
        }
    }
}

/* Golden files */

static char *golden_dir;

gboolean
wn_test_dump_record_cb (WnRecord  *record,
                        gpointer   user_data,
                        GError   **error)
{
  WnTestDumpContext *context = user_data;

  wn_test_dump_record (context->out, ++context->n, record);
  wn_record_free (record);
  return TRUE;
}

char *
wn_test_dump_file (const char *input)
{
  g_autoptr(WnImportReport) report = wn_import_report_new (input);
  g_autoptr(GString) records = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  WnTestDumpContext context = { records, 0 };

  wn_import_parse_file (input, WN_FORMAT_AUTO, wn_test_dump_record_cb, &context, report, NULL, &error);

  g_string_append_printf (out, "# %s parsed by Winnow; WINNOW_REGENERATE=1 rewrites this file\n", input);
  wn_test_dump_report (out, report);
  g_string_append_printf (out, "error: %s\n", error != NULL ? error->message : "-");
  g_string_append (out, records->str);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
wn_test_fixture (const char *folder,
                 const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", folder, name, NULL);
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
wn_test_golden_fixtures (const char        *folder,
                         const char *const *suffixes,
                         guint              min_fixtures)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *entry;

  g_free (golden_dir);
  golden_dir = g_test_build_filename (G_TEST_DIST, "data", folder, NULL);
  dir = g_dir_open (golden_dir, 0, &error);
  g_assert_no_error (error);
  while ((entry = g_dir_read_name (dir)) != NULL)
    for (guint i = 0; suffixes[i] != NULL; i++)
      if (g_str_has_suffix (entry, suffixes[i]))
        {
          g_ptr_array_add (names, g_strdup (entry));
          break;
        }
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >=, min_fixtures);
  g_assert_cmpint (g_chdir (golden_dir), ==, 0);

  return names;
}

char *
wn_test_golden_expected (const char *name)
{
  g_autofree char *stem = g_strndup (name, strrchr (name, '.') - name);

  return g_strconcat (golden_dir, G_DIR_SEPARATOR_S, stem, ".expected", NULL);
}

void
wn_test_golden (gconstpointer data)
{
  const char *input = data;
  g_autofree char *expected_file = wn_test_golden_expected (input);
  g_autofree char *expected = NULL;
  g_autofree char *out = NULL;

  /* The working folder is the fixture folder, so messages name the file
   * as "NAME.ext" whatever the checkout's path. */
  out = wn_test_dump_file (input);

  if (g_getenv ("WINNOW_REGENERATE") != NULL)
    {
      g_autoptr(GError) write_error = NULL;

      g_file_set_contents (expected_file, out, -1, &write_error);
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
  g_assert_cmpstr (out, ==, expected);
}

void
wn_test_add_golden (const char        *folder,
                    const char *const *suffixes,
                    guint              min_fixtures)
{
  g_autoptr(GPtrArray) names = wn_test_golden_fixtures (folder, suffixes, min_fixtures);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *stem = g_strndup (name, strrchr (name, '.') - name);
      g_autofree char *path = g_strdup_printf ("/wn/importers/%s/%s", folder, stem);

      /* GLib frees the copy once its test has run. */
      g_test_add_data_func_full (path, g_strdup (name), wn_test_golden, g_free);
    }
}
