/* wn-cli-fulltext.c — winnow-cli's full-text commands: attach a PDF to a
 * record (attach), a folder of PDFs each to its record (attach-folder),
 * and detach (detach)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-cli-private.h"
#include "wn-fulltext.h"
#include "wn-json.h"

/* A file or record the command refused is exit 1; a project that cannot be
 * used, 3. */
static int
fulltext_failure (GError *error)
{
  if (error->domain == WN_FULLTEXT_ERROR || error->domain == G_FILE_ERROR || error->domain == G_IO_ERROR)
    {
      g_printerr ("winnow-cli: %s\n", error->message);
      return WN_CLI_EXIT_REJECTED;
    }
  return wn_cli_store_failure (error);
}

/* ------------------------------------------------------------------------ */
/* attach                                                                    */

int
wn_cli_cmd_attach (int    argc,
                   char **argv)
{
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(WnFulltext) fulltext = NULL;
  g_autoptr(GError) error = NULL;
  gint64 record_id = 0;
  int status = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the attached full text as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("attach", N_("PROJECT RECORD FILE.pdf"),
                                    N_("Attach a full-text PDF to a record. The PDF is stored inside the project "
                                       "(once per content), its text extracted and indexed, and the report marked "
                                       "retrieved (one marked not retrieved before was found after all). An "
                                       "encrypted, damaged or "
                                       "non-PDF file is refused and nothing changes."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 4)
    return wn_cli_usage_error (context, _("usage: attach PROJECT RECORD FILE.pdf"));
  if (!wn_cli_parse_id (argv[2], &record_id))
    return wn_cli_usage_error (context, _("“%s” is not a record id"), argv[2]);

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if (!wn_project_attach_pdf (project, record_id, argv[3], &error))
    return fulltext_failure (error);
  fulltext = wn_project_get_fulltext (project, record_id, &error);
  if (fulltext == NULL)
    {
      if (error == NULL)
        g_set_error (&error, WN_FULLTEXT_ERROR, WN_FULLTEXT_ERROR_STATE,
                     _("record %lld has no full text attached"), (long long) record_id);
      return fulltext_failure (error);
    }
  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      wn_json_append_key (out, "record");
      wn_json_append_int (out, record_id);
      wn_json_append_key (out, "sha256");
      wn_json_append_string (out, fulltext->sha256);
      wn_json_append_key (out, "size");
      wn_json_append_int (out, fulltext->size);
      wn_json_append_key (out, "pages");
      wn_json_append_int (out, fulltext->pages);
      wn_json_append_key (out, "file");
      wn_json_append_string (out, fulltext->file_name);
      g_string_append_c (out, '}');
      wn_cli_print_json (out);
    }
  else
    /* Translators: 1: record id; 2: file name; 3: pages; 4: size in bytes; 5: SHA-256 */
    g_print (_("%lld: attached %s (%d pages, %lld bytes, sha256 %s)\n"), (long long) record_id,
             fulltext->file_name, fulltext->pages, (long long) fulltext->size, fulltext->sha256);
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* attach-folder                                                             */

int
wn_cli_cmd_attach_folder (int    argc,
                          char **argv)
{
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  WnAttachFolderReport report;
  int status = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the report as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("attach-folder", N_("PROJECT DIR"),
                                    N_("Attach every PDF in a folder to its record: by the DOI in its metadata or "
                                       "the text of its first pages, else by its title (authors and year break "
                                       "ties). A file that matches no record, or more than one, is not attached; "
                                       "every such file is listed with the reason."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return wn_cli_usage_error (context, _("usage: attach-folder PROJECT DIR [--json]"));
  if (!g_file_test (argv[2], G_FILE_TEST_IS_DIR))
    return wn_cli_usage_error (context, _("%s is not a folder"), argv[2]);

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  wn_attach_folder_report_init (&report);
  if (!wn_project_attach_folder (project, argv[2], &report, NULL, NULL, NULL, &error))
    {
      wn_attach_folder_report_clear (&report);
      return fulltext_failure (error);
    }

  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      wn_json_append_key (out, "attached");
      g_string_append_c (out, '[');
      for (guint i = 0; i < report.attached->len; i++)
        {
          const WnAttachedFile *file = g_ptr_array_index (report.attached, i);

          g_string_append (out, i > 0 ? ",{" : "{");
          wn_json_append_key (out, "file");
          wn_json_append_string (out, file->file);
          wn_json_append_key (out, "record");
          wn_json_append_int (out, file->record_id);
          wn_json_append_key (out, "by");
          wn_json_append_string (out, wn_attach_method_to_string (file->by));
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
      wn_json_append_key (out, "unmatched");
      g_string_append_c (out, '[');
      for (guint i = 0; i < report.unmatched->len; i++)
        {
          const WnUnmatchedFile *file = g_ptr_array_index (report.unmatched, i);

          g_string_append (out, i > 0 ? ",{" : "{");
          wn_json_append_key (out, "file");
          wn_json_append_string (out, file->file);
          wn_json_append_key (out, "reason");
          wn_json_append_string (out, file->reason);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
      wn_cli_print_json (out);
    }
  else
    {
      for (guint i = 0; i < report.attached->len; i++)
        {
          const WnAttachedFile *file = g_ptr_array_index (report.attached, i);

          g_print ("%s\t%lld\t%s\n", file->file, (long long) file->record_id,
                   wn_attach_method_to_string (file->by));
        }
      /* Translators: 1: files attached; 2: files not attached */
      g_printerr (_("winnow-cli: %u files attached, %u not attached\n"), report.attached->len,
                  report.unmatched->len);
    }
  for (guint i = 0; !json && i < report.unmatched->len; i++)
    {
      const WnUnmatchedFile *file = g_ptr_array_index (report.unmatched, i);

      g_printerr ("winnow-cli: %s: %s\n", file->file, file->reason);
    }
  wn_attach_folder_report_clear (&report);
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* detach                                                                    */

int
wn_cli_cmd_detach (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gint64 record_id = 0;
  int status = 0;

  context = wn_cli_command_context ("detach", N_("PROJECT RECORD"),
                                    N_("Detach a record's full text. The removal is recorded; the stored PDF "
                                       "stays in the project."),
                                    NULL);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return wn_cli_usage_error (context, _("usage: detach PROJECT RECORD"));
  if (!wn_cli_parse_id (argv[2], &record_id))
    return wn_cli_usage_error (context, _("“%s” is not a record id"), argv[2]);

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if (!wn_project_detach_pdf (project, record_id, &error))
    return fulltext_failure (error);
  return WN_CLI_EXIT_OK;
}
