/* wn-test-dump.c — a normalised text dump of parsed records, for golden files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dump is plain UTF-8 text, one value per line, so a change in what the
 * parser produces shows up as a readable diff. Control characters and the
 * backslash are escaped so that the file stays text whatever the input.
 */
#include "config.h"

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
