/* wn-cli-prisma.c — winnow-cli's PRISMA commands: the diagram and its
 * counts (prisma), and the data only the flow needs: full-text retrieval
 * (retrieval), records found by hand (add-record), records removed before
 * screening (remove-record), the automatic limits (limits) and a search's
 * method (search-method)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "wn-cli-private.h"
#include "wn-json.h"
#include "wn-prisma.h"
#include "wn-prisma-render.h"

/* Input the command rejected is exit 1; a project that cannot be used, 3. */
static int
prisma_failure (GError *error)
{
  if (error->domain == WN_PRISMA_ERROR || error->domain == G_FILE_ERROR || error->domain == G_IO_ERROR)
    {
      g_printerr ("winnow-cli: %s\n", error->message);
      return WN_CLI_EXIT_REJECTED;
    }
  return wn_cli_store_failure (error);
}

/* ------------------------------------------------------------------------ */
/* prisma                                                                    */

static gboolean
format_from_path (const char  *path,
                  char       **format)
{
  const char *const formats[] = { "svg", "pdf", "png", "csv", "json" };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *suffix = g_strconcat (".", formats[i], NULL);

      if (g_str_has_suffix (lower, suffix))
        {
          *format = g_strdup (formats[i]);
          return TRUE;
        }
    }
  return FALSE;
}

int
wn_cli_cmd_prisma (int    argc,
                   char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  double dpi = 300.0;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(WnPrismaFlow) flow = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  WnPrismaFormat render_format;
  gboolean drawing;
  int status = 0;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("svg, pdf or png (the diagram), csv (the PRISMA2020 package's template) or json (the counts); default: "
         "from FILE's extension"),
      N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The file to write (replaced whole, atomically); “-” writes csv or json on standard output"), N_("FILE") },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, N_("Resolution of a PNG (default 300)"), N_("DPI") },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("prisma", N_("PROJECT"),
                                    N_("Write the PRISMA 2020 flow diagram (SVG, PDF, PNG) or its counts (the "
                                       "PRISMA2020 R package's CSV, which its Shiny app loads, or JSON), every "
                                       "count derived from the project. The checks that do not hold are printed "
                                       "on standard error; in JSON they are the \"warnings\"."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return wn_cli_usage_error (context, _("usage: prisma PROJECT --format svg|pdf|png|csv|json -o FILE"));
  if (output == NULL || *output == '\0')
    return wn_cli_usage_error (context, _("prisma needs -o FILE"));
  if (format == NULL && !format_from_path (output, &format))
    return wn_cli_usage_error (context, _("give --format svg, pdf, png, csv or json"));
  drawing = wn_prisma_format_from_string (format, &render_format);
  if (!drawing && g_strcmp0 (format, "csv") != 0 && g_strcmp0 (format, "json") != 0)
    return wn_cli_usage_error (context, _("unknown format “%s”: svg, pdf, png, csv or json"), format);
  if (drawing && g_str_equal (output, "-"))
    return wn_cli_usage_error (context, _("a diagram is written to a file, not to standard output"));
  if (dpi < 72.0 || dpi > 2400.0)
    return wn_cli_usage_error (context, _("--dpi is from 72 to 2400"));

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  flow = wn_project_prisma_flow (project, &error);
  if (flow == NULL)
    return prisma_failure (error);

  if (drawing)
    {
      if (!wn_prisma_render_file (flow, render_format, dpi, output, &error))
        return prisma_failure (error);
    }
  else
    {
      text = g_str_equal (format, "csv") ? wn_prisma_flow_to_csv (flow) : wn_prisma_flow_to_json (flow);
      if (g_str_equal (format, "json"))
        {
          char *with_newline = g_strconcat (text, "\n", NULL);

          g_free (text);
          text = with_newline;
        }
      if (g_str_equal (output, "-"))
        fwrite (text, 1, strlen (text), stdout);
      else if (!g_file_set_contents_full (output, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0666, &error))
        return prisma_failure (error);
    }

  checks = wn_prisma_flow_check (flow);
  for (guint i = 0; i < checks->len; i++)
    {
      const WnPrismaCheck *check = checks->pdata[i];

      if (check->status == WN_PRISMA_CHECK_WARNING)
        g_printerr (_("winnow-cli: warning: %s: %s\n"), check->id, check->explain);
      else if (check->status == WN_PRISMA_CHECK_ERROR)
        g_printerr (_("winnow-cli: error: %s: %s\n"), check->id, check->explain);
    }
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* retrieval                                                                 */

static void
append_retrieval_json (GString           *out,
                       gint64             record_id,
                       const WnRetrieval *retrieval)
{
  g_string_append_c (out, '{');
  wn_json_append_key (out, "record");
  wn_json_append_int (out, record_id);
  wn_json_append_key (out, "retrieval");
  wn_json_append_string (out, retrieval == NULL ? NULL : retrieval->retrieved ? "retrieved" : "not_retrieved");
  wn_json_append_key (out, "reason");
  wn_json_append_string (out, retrieval != NULL ? retrieval->reason : NULL);
  wn_json_append_key (out, "at");
  wn_json_append_string (out, retrieval != NULL ? retrieval->at : NULL);
  wn_json_append_key (out, "by");
  wn_json_append_string (out, retrieval != NULL ? retrieval->by : NULL);
  g_string_append_c (out, '}');
}

int
wn_cli_cmd_retrieval (int    argc,
                      char **argv)
{
  gboolean retrieved = FALSE;
  gboolean not_retrieved = FALSE;
  gboolean json = FALSE;
  g_autofree char *reason = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(WnRetrieval) retrieval = NULL;
  g_autoptr(GError) error = NULL;
  gint64 record_id = 0;
  int status = 0;
  GOptionEntry entries[] = {
    { "retrieved", 0, 0, G_OPTION_ARG_NONE, &retrieved, N_("The full text was retrieved"), NULL },
    { "not-retrieved", 0, 0, G_OPTION_ARG_NONE, &not_retrieved,
      N_("The full text could not be retrieved (needs --reason)"), NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why it was not retrieved (or a note)"), N_("TEXT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the status in force as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("retrieval", N_("PROJECT RECORD"),
                                    N_("Record whether a report's full text was retrieved. A report not retrieved "
                                       "leaves the full-text queue and counts under “Reports not retrieved”. "
                                       "Without --retrieved or --not-retrieved, show the status in force."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return wn_cli_usage_error (context, _("usage: retrieval PROJECT RECORD --retrieved|--not-retrieved [--reason TEXT]"));
  if (!wn_cli_parse_id (argv[2], &record_id))
    return wn_cli_usage_error (context, _("“%s” is not a record id"), argv[2]);
  if (retrieved && not_retrieved)
    return wn_cli_usage_error (context, _("--retrieved and --not-retrieved exclude each other"));

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if ((retrieved || not_retrieved) &&
      !wn_project_set_retrieval (project, record_id, retrieved, reason, &error))
    return prisma_failure (error);
  if (!retrieved && !not_retrieved)
    {
      g_autoptr(WnRecord) record = wn_project_get_record (project, record_id, NULL, &error);

      if (record == NULL)
        return prisma_failure (error);
    }
  retrieval = wn_project_get_retrieval (project, record_id, &error);
  if (error != NULL)
    return prisma_failure (error);
  if (json)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      append_retrieval_json (out, record_id, retrieval);
      wn_cli_print_json (out);
    }
  else if (!retrieved && !not_retrieved)
    {
      if (retrieval == NULL)
        g_print (_("%lld: no retrieval status\n"), (long long) record_id);
      else
        g_print ("%lld\t%s\t%s\n", (long long) record_id, retrieval->retrieved ? "retrieved" : "not_retrieved",
                 retrieval->reason != NULL ? retrieval->reason : "");
    }
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* add-record                                                                */

int
wn_cli_cmd_add_record (int    argc,
                       char **argv)
{
  g_autofree char *title = NULL;
  g_autofree char *authors = NULL;
  g_autofree char *year = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *doi = NULL;
  g_autofree char *url = NULL;
  g_autofree char *abstract = NULL;
  g_autofree char *method = NULL;
  g_autofree char *source = NULL;
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(WnRecord) record = wn_record_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;
  int status = 0;
  GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The title (required)"), N_("TEXT") },
    { "authors", 0, 0, G_OPTION_ARG_STRING, &authors, N_("The authors, separated by “;”"), N_("\"A; B\"") },
    { "year", 0, 0, G_OPTION_ARG_STRING, &year, N_("The year"), N_("YEAR") },
    { "journal", 0, 0, G_OPTION_ARG_STRING, &journal, N_("The journal, or the publisher of a report"), N_("TEXT") },
    { "doi", 0, 0, G_OPTION_ARG_STRING, &doi, N_("The DOI"), N_("DOI") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("Where it was found"), N_("URL") },
    { "abstract", 0, 0, G_OPTION_ARG_STRING, &abstract, N_("The abstract"), N_("TEXT") },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method, N_("How it was found: website, organisation, citation or other"),
      N_("METHOD") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, N_("The source, e.g. “SAMHSA website” (required)"),
      N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("add-record", N_("PROJECT"),
                                    N_("Add a record found by other methods (a website, an organisation, citation "
                                       "searching…). It is stored as a search of its own, with its source as the "
                                       "database, and goes straight to full-text retrieval, as PRISMA 2020's other "
                                       "methods do. Prints the new record's id."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return wn_cli_usage_error (context, _("add-record takes exactly one PROJECT file"));
  if (title == NULL || *title == '\0')
    return wn_cli_usage_error (context, _("--title is required"));
  if (source == NULL || *source == '\0')
    return wn_cli_usage_error (context, _("--source NAME is required"));
  if (method == NULL || !wn_search_method_is_valid (method) || wn_search_method_is_dbr (method))
    return wn_cli_usage_error (context, _("--method is website, organisation, citation or other"));

  record->title = g_strdup (title);
  if (authors != NULL)
    {
      g_auto(GStrv) names = g_strsplit (authors, ";", -1);

      for (guint i = 0; names[i] != NULL; i++)
        {
          g_strstrip (names[i]);
          if (*names[i] != '\0')
            wn_record_add_author (record, names[i]);
        }
    }
  record->year = g_strdup (year);
  record->journal = g_strdup (journal);
  record->doi = g_strdup (doi);
  record->abstract = g_strdup (abstract);

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  id = wn_project_add_record_by_hand (project, record, method, source, url, &error);
  if (id == 0)
    return prisma_failure (error);
  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{");
      g_autoptr(WnRecord) stored = NULL;
      WnRecordMeta meta = { 0 };

      stored = wn_project_get_record (project, id, &meta, NULL);
      wn_json_append_key (out, "id");
      wn_json_append_int (out, id);
      wn_json_append_key (out, "search_id");
      wn_json_append_int (out, meta.search_id);
      wn_json_append_key (out, "method");
      wn_json_append_string (out, method);
      wn_json_append_key (out, "source");
      wn_json_append_string (out, source);
      g_string_append_c (out, '}');
      wn_cli_print_json (out);
    }
  else
    g_print ("%lld\n", (long long) id);
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* remove-record                                                             */

int
wn_cli_cmd_remove_record (int    argc,
                          char **argv)
{
  g_autofree char *note = NULL;
  gboolean undo = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gint64 record_id = 0;
  int status = 0;
  GOptionEntry entries[] = {
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("Why the record is removed (required, except with --undo)"),
      N_("TEXT") },
    { "undo", 0, 0, G_OPTION_ARG_NONE, &undo,
      N_("Undo the removal in force, by a person or by the automatic limits"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("remove-record", N_("PROJECT RECORD"),
                                    N_("Remove a record before screening for another reason than duplication or "
                                       "the automatic limits (it counts under “Records removed for other "
                                       "reasons”), or undo a removal. Nothing is deleted."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return wn_cli_usage_error (context, _("usage: remove-record PROJECT RECORD --note TEXT, or --undo"));
  if (!wn_cli_parse_id (argv[2], &record_id))
    return wn_cli_usage_error (context, _("“%s” is not a record id"), argv[2]);
  if (!undo && (note == NULL || *note == '\0'))
    return wn_cli_usage_error (context, _("--note TEXT is required: say why the record is removed"));

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if (undo ? !wn_project_restore_record (project, record_id, note, &error)
           : !wn_project_remove_record (project, record_id, note, &error))
    return prisma_failure (error);
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* limits                                                                    */

/* "2000-2025", "2000-" or "-2025" (a hyphen or an en dash). */
static gboolean
parse_years (const char *text,
             int        *from,
             int        *to)
{
  g_autofree char *copy = g_strdup (text);
  char *dash = strstr (copy, "–");
  char *rest;
  guint64 value;

  *from = *to = 0;
  if (dash != NULL)
    {
      *dash = '\0';
      rest = dash + strlen ("–");
    }
  else if ((dash = strchr (copy, '-')) != NULL)
    {
      *dash = '\0';
      rest = dash + 1;
    }
  else
    return FALSE;
  g_strstrip (copy);
  g_strstrip (rest);
  if (*copy == '\0' && *rest == '\0')
    return FALSE;
  if (*copy != '\0')
    {
      if (!g_ascii_string_to_unsigned (copy, 10, 1000, 9999, &value, NULL))
        return FALSE;
      *from = (int) value;
    }
  if (*rest != '\0')
    {
      if (!g_ascii_string_to_unsigned (rest, 10, 1000, 9999, &value, NULL))
        return FALSE;
      *to = (int) value;
    }
  return *from == 0 || *to == 0 || *from <= *to;
}

static void
append_limits_json (GString        *out,
                    const WnLimits *limits)
{
  wn_json_append_key (out, "year_from");
  if (limits->year_from > 0)
    wn_json_append_int (out, limits->year_from);
  else
    g_string_append (out, "null");
  wn_json_append_key (out, "year_to");
  if (limits->year_to > 0)
    wn_json_append_int (out, limits->year_to);
  else
    g_string_append (out, "null");
  wn_json_append_key (out, "languages");
  g_string_append_c (out, '[');
  for (guint i = 0; limits->languages != NULL && limits->languages[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      wn_json_append_string (out, limits->languages[i]);
    }
  g_string_append_c (out, ']');
}

int
wn_cli_cmd_limits (int    argc,
                   char **argv)
{
  g_autofree char *years = NULL;
  g_autofree char *languages = NULL;
  gboolean clear = FALSE;
  gboolean apply = FALSE;
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) removals = NULL;
  WnLimits limits = { 0 };
  WnLimitsReport report = { 0 };
  gboolean change;
  gint64 automatic = 0;
  int status = 0;
  GOptionEntry entries[] = {
    { "years", 0, 0, G_OPTION_ARG_STRING, &years, N_("Publication years kept, e.g. 2000-2025, 2000- or -2025"),
      N_("FROM-TO") },
    { "languages", 0, 0, G_OPTION_ARG_STRING, &languages,
      N_("Languages kept, separated by commas: ISO 639 codes or English names, e.g. eng,spa"), N_("LIST") },
    { "apply", 0, 0, G_OPTION_ARG_NONE, &apply,
      N_("Apply the limits set before again (to records imported since)"), NULL },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Remove the limits: undo every automatic removal"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("limits", N_("PROJECT"),
                                    N_("Set the automatic limits (publication years, languages) and apply them: "
                                       "every unique record of the database and register searches outside them "
                                       "is marked ineligible by automation (PRISMA's “Records marked as "
                                       "ineligible by automation tools”), with the rule it breaks. Records "
                                       "without a year or a language are kept. Setting --years or --languages "
                                       "replaces both limits. Without options, show the limits."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return wn_cli_usage_error (context, _("usage: limits PROJECT [--years FROM-TO] [--languages L1,L2] [--apply|--clear]"));
  if (clear && (years != NULL || languages != NULL || apply))
    return wn_cli_usage_error (context, _("--clear goes alone"));
  if (apply && (years != NULL || languages != NULL))
    return wn_cli_usage_error (context, _("--apply applies the limits set before; setting new ones applies them"));
  if (years != NULL && !parse_years (years, &limits.year_from, &limits.year_to))
    return wn_cli_usage_error (context, _("“%s” is not a range of years such as 2000-2025, 2000- or -2025"), years);
  if (languages != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (languages, ",", -1);
      g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_strstrip (parts[i]);
          if (*parts[i] == '\0')
            return wn_cli_usage_error (context, _("“%s” is not a list of languages"), languages);
          g_ptr_array_add (kept, g_strdup (parts[i]));
        }
      g_ptr_array_add (kept, NULL);
      limits.languages = (char **) g_ptr_array_steal (kept, NULL);
    }
  change = years != NULL || languages != NULL || clear || apply;

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    {
      wn_limits_clear (&limits);
      return status;
    }
  if (apply && !wn_project_get_limits (project, &limits, &error))
    return prisma_failure (error);
  if (change && !wn_project_apply_limits (project, &limits, &report, &error))
    {
      wn_limits_clear (&limits);
      return prisma_failure (error);
    }
  wn_limits_clear (&limits);
  if (!wn_project_get_limits (project, &limits, &error))
    return prisma_failure (error);
  removals = wn_project_list_removals (project, &error);
  if (removals == NULL)
    {
      wn_limits_clear (&limits);
      return prisma_failure (error);
    }
  for (guint i = 0; i < removals->len; i++)
    automatic += ((WnRemoval *) removals->pdata[i])->kind == WN_REMOVAL_AUTOMATIC;

  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      append_limits_json (out, &limits);
      wn_json_append_key (out, "automatic_removals");
      wn_json_append_int (out, automatic);
      if (change)
        {
          wn_json_append_key (out, "removed");
          wn_json_append_int (out, report.removed);
          wn_json_append_key (out, "restored");
          wn_json_append_int (out, report.restored);
          wn_json_append_key (out, "kept_without_year");
          wn_json_append_int (out, report.no_year);
          wn_json_append_key (out, "kept_without_language");
          wn_json_append_int (out, report.no_language);
          wn_json_append_key (out, "exempt");
          wn_json_append_int (out, report.exempt);
        }
      g_string_append_c (out, '}');
      wn_cli_print_json (out);
    }
  else
    {
      g_autofree char *langs = limits.languages != NULL ? g_strjoinv (", ", limits.languages) : NULL;

      if (limits.year_from == 0 && limits.year_to == 0 && langs == NULL)
        g_print (_("No limits\n"));
      if (limits.year_from > 0 || limits.year_to > 0)
        {
          char from[16] = "";
          char to[16] = "";

          if (limits.year_from > 0)
            g_snprintf (from, sizeof from, "%d", limits.year_from);
          if (limits.year_to > 0)
            g_snprintf (to, sizeof to, "%d", limits.year_to);
          g_print (_("Years:     %s–%s\n"), from, to);
        }
      if (langs != NULL && *langs != '\0')
        g_print (_("Languages: %s\n"), langs);
      g_print (_("Records marked ineligible by automation: %lld\n"), (long long) automatic);
      if (change)
        g_printerr (_("%lld marked now, %lld back inside the limits; kept for want of a year: %lld, of a language: "
                      "%lld; kept because a person restored them: %lld\n"),
                    (long long) report.removed, (long long) report.restored, (long long) report.no_year,
                    (long long) report.no_language, (long long) report.exempt);
    }
  wn_limits_clear (&limits);
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* search-method                                                             */

int
wn_cli_cmd_search_method (int    argc,
                          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gint64 search_id = 0;
  int status = 0;

  context = wn_cli_command_context ("search-method",
                                    N_("PROJECT SEARCH database|register|website|organisation|citation|other"),
                                    N_("Correct which PRISMA 2020 source a search is: databases and registers are "
                                       "screened on title and abstract, the other methods go straight to full "
                                       "text."),
                                    NULL);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 4)
    return wn_cli_usage_error (context, _("usage: search-method PROJECT SEARCH METHOD"));
  if (!wn_cli_parse_id (argv[2], &search_id))
    return wn_cli_usage_error (context, _("“%s” is not a search id"), argv[2]);
  if (!wn_search_method_is_valid (argv[3]))
    return wn_cli_usage_error (context, _("the method is database, register, website, organisation, citation or "
                                          "other, not “%s”"),
                               argv[3]);

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if (!wn_project_set_search_method (project, search_id, argv[3], &error))
    return prisma_failure (error);
  return WN_CLI_EXIT_OK;
}
