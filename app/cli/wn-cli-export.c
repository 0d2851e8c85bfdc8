/* wn-cli-export.c — winnow-cli export: a set of records with their decisions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wn-cli-private.h"
#include "wn-export.h"
#include "wn-json.h"

int
wn_cli_cmd_export (int    argc,
                   char **argv)
{
  g_autofree char *set_text = NULL;
  g_autofree char *stage_text = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *label = NULL;
  g_autofree char *output = NULL;
  gint64 search_id = 0;
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  WnExportOptions options;
  gint64 written = 0;
  int status = 0;
  GOptionEntry entries[] = {
    { "set", 0, 0, G_OPTION_ARG_STRING, &set_text,
      N_("all, included-ta, included-ft, excluded-ta, excluded-ft or conflicts (default: all)"), N_("SET") },
    { "stage", 0, 0, G_OPTION_ARG_STRING, &stage_text,
      N_("The stage of --set conflicts, and of the ASReview label: ta or ft (default: ta, or the set's)"),
      N_("STAGE") },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, N_("Only records a decision in force gives this label"),
      N_("LABEL") },
    { "search", 0, 0, G_OPTION_ARG_INT64, &search_id,
      N_("Only this search's records (with --set all, its duplicates too)"), N_("ID") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text,
      N_("ris, csv or asreview-csv (default: csv for a .csv FILE, else ris)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write (replaced whole, atomically)"),
      N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("export", N_("PROJECT"),
                                    N_("Export a set of records with their screening decisions: RIS for reference "
                                       "managers (decisions as N1 notes), CSV for spreadsheets (one column per "
                                       "reviewer), or a labelled CSV for ASReview. Sets, --label and --search "
                                       "combine."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return wn_cli_usage_error (context, _("export takes exactly one PROJECT file"));
  if (output == NULL || *output == '\0')
    return wn_cli_usage_error (context, _("export needs -o FILE"));

  wn_export_options_init (&options);
  if (set_text != NULL && g_ascii_strcasecmp (set_text, "conflicts") == 0)
    options.set = WN_EXPORT_SET_CONFLICTS;
  else if (set_text != NULL && !wn_export_set_from_string (set_text, &options.set, &options.stage))
    return wn_cli_usage_error (context, _("unknown set “%s”"), set_text);
  if (stage_text != NULL)
    {
      WnStage stage;

      if (!wn_stage_from_string (stage_text, &stage))
        return wn_cli_usage_error (context, _("the stage must be ta or ft"));
      /* included-ta --stage ft names two stages: refuse rather than pick. */
      if (set_text != NULL && options.set != WN_EXPORT_SET_CONFLICTS && options.set != WN_EXPORT_SET_ALL &&
          stage != options.stage)
        return wn_cli_usage_error (context, _("--set %s is at another stage than --stage %s"), set_text, stage_text);
      options.stage = stage;
    }
  if (format_text != NULL)
    {
      if (!wn_export_format_from_string (format_text, &options.format))
        return wn_cli_usage_error (context, _("unknown format “%s”"), format_text);
    }
  else
    {
      g_autofree char *lower = g_ascii_strdown (output, -1);

      options.format = g_str_has_suffix (lower, ".csv") ? WN_EXPORT_FORMAT_CSV : WN_EXPORT_FORMAT_RIS;
    }
  if (search_id < 0)
    return wn_cli_usage_error (context, _("--search takes a search id"));
  if (label != NULL && *label == '\0')
    return wn_cli_usage_error (context, _("--label takes a label"));
  options.search_id = search_id;
  options.label = label;
  options.include_duplicates = search_id > 0;

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;

  if (!wn_project_export (project, &options, output, &written, &error))
    {
      /* An unknown search or label is rejected input, and so is a file
       * that cannot be written; anything else is the project's. */
      if (error->domain == G_FILE_ERROR)
        {
          g_printerr ("winnow-cli: %s\n", error->message);
          return WN_CLI_EXIT_REJECTED;
        }
      return wn_cli_store_failure (error);
    }

  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{");
      g_autofree char *display = g_filename_display_name (output);

      wn_json_append_key (out, "records_written");
      wn_json_append_int (out, written);
      wn_json_append_key (out, "file");
      wn_json_append_string (out, display);
      wn_json_append_key (out, "format");
      wn_json_append_string (out, wn_export_format_to_string (options.format));
      g_string_append_c (out, '}');
      wn_cli_print_json (out);
    }
  {
    g_autofree char *display = g_filename_display_name (output);

    g_printerr (g_dngettext (GETTEXT_PACKAGE, "%lld record written to %s\n", "%lld records written to %s\n",
                             (gulong) written),
                (long long) written, display);
  }
  return WN_CLI_EXIT_OK;
}
