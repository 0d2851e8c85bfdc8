/* wn-cli-coding.c — winnow-cli's extraction and coding commands: template,
 * extract, verification, extraction-agreement, extraction-export, codes,
 * code, paste-text, double-coding, coding-agreement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A RECORD argument takes a record id (42) or a study id (S001).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "wn-cli-private.h"
#include "wn-coding.h"
#include "wn-extraction.h"
#include "wn-json.h"
#include "wn-studies.h"

/* Input the command refused is exit 1; a project that cannot be used, 3. */
static int
coding_failure (GError *error)
{
  if (error->domain == WN_EXTRACTION_ERROR || error->domain == WN_CODING_ERROR ||
      error->domain == WN_TABLE_ERROR || error->domain == G_FILE_ERROR || error->domain == G_IO_ERROR)
    {
      g_printerr ("winnow-cli: %s\n", error->message);
      return WN_CLI_EXIT_REJECTED;
    }
  return wn_cli_store_failure (error);
}

/* A record id, or the record of a study id. */
static gboolean
resolve_record (WnProject   *project,
                const char  *text,
                gint64      *record_id,
                GError     **error)
{
  guint n = wn_study_id_parse (text);
  g_autoptr(GPtrArray) studies = NULL;

  if (n == 0)
    {
      if (wn_cli_parse_id (text, record_id))
        return TRUE;
      g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND, _("“%s” is neither a record nor a study id"), text);
      return FALSE;
    }
  studies = wn_project_list_studies (project, TRUE, error);
  if (studies == NULL)
    return FALSE;
  for (guint i = 0; i < studies->len; i++)
    {
      WnStudy *study = g_ptr_array_index (studies, i);

      if (study->n == n)
        {
          *record_id = study->record_id;
          return TRUE;
        }
    }
  g_set_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND, _("there is no study %s"), text);
  return FALSE;
}

static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    g_string_append (out, "null");
  else
    g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.4f", value));
}

/* ------------------------------------------------------------------------ */
/* template                                                                  */

int
wn_cli_cmd_template (int    argc,
                     char **argv)
{
  gboolean json = FALSE;
  gboolean required = FALSE;
  g_autofree char *add = NULL;
  g_autofree char *type = NULL;
  g_autofree char *label = NULL;
  g_autofree char *choices = NULL;
  g_autofree char *help = NULL;
  g_autofree char *retire = NULL;
  g_autofree char *note = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(WnTemplate) tmpl = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the template as JSON"), NULL },
    { "add", 0, 0, G_OPTION_ARG_STRING, &add, N_("Add a field (a new version)"), N_("NAME") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type,
      N_("The new field's type: short_text, long_text, integer, number, date, yes_no, single_choice, "
         "multiple_choice, country"), N_("TYPE") },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, N_("The new field's label"), N_("TEXT") },
    { "choices", 0, 0, G_OPTION_ARG_STRING, &choices, N_("Its code list, separated by semicolons"), N_("A;B;C") },
    { "help-text", 0, 0, G_OPTION_ARG_STRING, &help, N_("Its help text"), N_("TEXT") },
    { "required", 0, 0, G_OPTION_ARG_NONE, &required, N_("The new field is required"), NULL },
    { "retire", 0, 0, G_OPTION_ARG_STRING, &retire, N_("Leave a field out of the next version"), N_("NAME") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("Why the template was revised"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("template", N_("PROJECT"),
                                    N_("Show the extraction template in force, or revise it: --add a field or "
                                       "--retire one makes a new version; studies extracted before a field was "
                                       "added are flagged for a second pass on it."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return wn_cli_usage_error (context, _("usage: template PROJECT [--json] [--add NAME --type TYPE …] [--retire NAME]"));
  if (add != NULL && type == NULL)
    return wn_cli_usage_error (context, _("--add needs --type"));

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  tmpl = wn_project_get_template (project, &error);
  if (tmpl == NULL)
    return coding_failure (error);

  if (add != NULL || retire != NULL)
    {
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_template_field_free);
      gboolean retired = FALSE;
      guint version;

      for (guint i = 0; i < tmpl->fields->len; i++)
        {
          const WnTemplateField *field = g_ptr_array_index (tmpl->fields, i);

          if (g_strcmp0 (field->name, retire) == 0)
            retired = TRUE;
          else
            g_ptr_array_add (fields, wn_template_field_copy (field));
        }
      if (retire != NULL && !retired)
        {
          g_printerr (_("winnow-cli: the template has no field “%s”\n"), retire);
          return WN_CLI_EXIT_REJECTED;
        }
      if (add != NULL)
        {
          WnFieldType field_type;
          WnTemplateField *field;

          if (!wn_field_type_from_string (type, &field_type))
            return wn_cli_usage_error (context, _("“%s” is not a field type"), type);
          field = wn_template_field_new (add, label != NULL ? label : add, field_type);
          field->help = g_strdup (help);
          field->required = required;
          if (choices != NULL)
            {
              g_auto(GStrv) parts = g_strsplit (choices, ";", -1);
              g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

              for (guint i = 0; parts[i] != NULL; i++)
                {
                  g_strstrip (parts[i]);
                  if (parts[i][0] != '\0')
                    g_strv_builder_add (builder, parts[i]);
                }
              field->choices = g_strv_builder_end (builder);
            }
          g_ptr_array_add (fields, field);
        }
      version = wn_project_save_template (project, fields, note, &error);
      if (version == 0)
        return coding_failure (error);
      g_clear_pointer (&tmpl, wn_template_free);
      tmpl = wn_project_get_template (project, &error);
      if (tmpl == NULL)
        return coding_failure (error);
    }

  if (json)
    {
      g_autofree char *text = wn_template_to_json (tmpl);

      g_print ("%s\n", text);
      return WN_CLI_EXIT_OK;
    }
  g_print (_("Template version %u\n"), tmpl->version);
  for (guint i = 0; i < tmpl->fields->len; i++)
    {
      const WnTemplateField *field = g_ptr_array_index (tmpl->fields, i);
      g_autofree char *list = field->choices != NULL ? g_strjoinv ("; ", field->choices) : NULL;

      g_print ("%s\t%s\t%s%s\t%s\n", field->name, wn_field_type_to_string (field->type), field->label,
               field->required ? " *" : "", list != NULL ? list : "");
    }
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* extract                                                                   */

int
wn_cli_cmd_extract (int    argc,
                    char **argv)
{
  g_autofree char *field = NULL;
  g_autofree char *value = NULL;
  g_autofree char *extractor = NULL;
  gboolean clear = FALSE;
  gboolean resolve = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gint64 record_id = 0;
  int status = 0;
  GOptionEntry entries[] = {
    { "field", 0, 0, G_OPTION_ARG_STRING, &field, N_("The template field"), N_("NAME") },
    { "value", 0, 0, G_OPTION_ARG_STRING, &value, N_("The value (multiple choices separated by “; ”)"),
      N_("TEXT") },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Clear the value instead"), NULL },
    { "extractor", 0, 0, G_OPTION_ARG_STRING, &extractor, N_("Who extracted it"), N_("NAME") },
    { "resolve", 0, 0, G_OPTION_ARG_NONE, &resolve, N_("The value agreed after verification"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("extract", N_("PROJECT RECORD"),
                                    N_("Set one extracted value of an included study (RECORD: a record id or a "
                                       "study id such as S001). The value is checked against the field's type; "
                                       "it records the template version and the extractor."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 3 || field == NULL || (value == NULL && !clear) || (extractor == NULL && !resolve))
    return wn_cli_usage_error (context,
                               _("usage: extract PROJECT RECORD --field NAME --value TEXT --extractor NAME"));

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if (!resolve_record (project, argv[2], &record_id, &error))
    return coding_failure (error);
  if (resolve ? !wn_project_resolve_value (project, record_id, field, clear ? NULL : value, &error)
              : !wn_project_extract (project, record_id, field, clear ? NULL : value, extractor, NULL, &error))
    return coding_failure (error);
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* verification, extraction-agreement                                        */

int
wn_cli_cmd_verification (int    argc,
                         char **argv)
{
  g_autofree char *extractor = NULL;
  g_autofree char *verifier = NULL;
  double share = 0.10;
  gint64 seed = 1;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sample = NULL;
  g_autoptr(GHashTable) ids = NULL;
  int status = 0;
  int n;
  GOptionEntry entries[] = {
    { "extractor", 0, 0, G_OPTION_ARG_STRING, &extractor, N_("Who extracts every study"), N_("NAME") },
    { "verifier", 0, 0, G_OPTION_ARG_STRING, &verifier, N_("Who extracts the sample again, blind"), N_("NAME") },
    { "share", 0, 0, G_OPTION_ARG_DOUBLE, &share, N_("The share of studies to verify (default 0.1)"), N_("F") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("The draw's seed: the same seed draws the same studies"),
      N_("N") },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("verification", N_("PROJECT"),
                                    N_("Draw the studies a second person extracts again, blind (a seeded random "
                                       "share, at least one), and list them."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || extractor == NULL || verifier == NULL)
    return wn_cli_usage_error (context, _("usage: verification PROJECT --extractor NAME --verifier NAME"));
  if (!(share > 0 && share <= 1))
    return wn_cli_usage_error (context, _("--share must be more than 0 and at most 1"));

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  n = wn_project_draw_verification (project, extractor, verifier, share, (guint64) seed, &error);
  if (n < 0)
    return coding_failure (error);
  sample = wn_project_extraction_assignments (project, verifier, "verifier", &error);
  ids = sample != NULL ? wn_project_study_ids (project, &error) : NULL;
  if (ids == NULL)
    return coding_failure (error);
  for (guint i = 0; i < sample->len; i++)
    {
      gint64 record_id = g_array_index (sample, gint64, i);

      g_print ("%s\t%lld\n", (const char *) g_hash_table_lookup (ids, &record_id), (long long) record_id);
    }
  return WN_CLI_EXIT_OK;
}

int
wn_cli_cmd_extraction_agreement (int    argc,
                                 char **argv)
{
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) discrepancies = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("extraction-agreement", N_("PROJECT"),
                                    N_("Field-level agreement between the extractor and the verifier on the "
                                       "verified studies (kappa for coded fields, exact agreement for the rest), "
                                       "and every discrepancy with its resolution."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return wn_cli_usage_error (context, _("usage: extraction-agreement PROJECT [--json]"));
  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if (!wn_project_extraction_agreement (project, &fields, &discrepancies, &error))
    return coding_failure (error);

  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{\"fields\":[");

      for (guint i = 0; i < fields->len; i++)
        {
          WnFieldAgreement *field = g_ptr_array_index (fields, i);

          g_string_append (out, i > 0 ? ",{" : "{");
          wn_json_append_key (out, "field");
          wn_json_append_string (out, field->field);
          wn_json_append_key (out, "coded");
          g_string_append (out, field->coded ? "true" : "false");
          wn_json_append_key (out, "n");
          wn_json_append_int (out, field->n);
          wn_json_append_key (out, "agreed");
          wn_json_append_int (out, field->agreed);
          wn_json_append_key (out, "percent_agreement");
          append_number (out, field->percent_agreement);
          wn_json_append_key (out, "cohen_kappa");
          append_number (out, field->kappa);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "],\"discrepancies\":[");
      for (guint i = 0; i < discrepancies->len; i++)
        {
          WnDiscrepancy *d = g_ptr_array_index (discrepancies, i);

          g_string_append (out, i > 0 ? ",{" : "{");
          wn_json_append_key (out, "study_id");
          wn_json_append_string (out, d->study_id);
          wn_json_append_key (out, "record");
          wn_json_append_int (out, d->record_id);
          wn_json_append_key (out, "field");
          wn_json_append_string (out, d->field);
          wn_json_append_key (out, "first");
          wn_json_append_string (out, d->first);
          wn_json_append_key (out, "second");
          wn_json_append_string (out, d->second);
          wn_json_append_key (out, "resolved");
          wn_json_append_string (out, d->resolved);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
      wn_cli_print_json (out);
      return WN_CLI_EXIT_OK;
    }
  for (guint i = 0; i < fields->len; i++)
    {
      WnFieldAgreement *field = g_ptr_array_index (fields, i);

      if (field->n == 0)
        continue;
      if (field->coded && !isnan (field->kappa))
        g_print (_("%s: %u/%u agree (%.1f%%), kappa %.2f\n"), field->field, field->agreed, field->n,
                 field->percent_agreement, field->kappa);
      else
        g_print (_("%s: %u/%u agree (%.1f%%)\n"), field->field, field->agreed, field->n, field->percent_agreement);
    }
  for (guint i = 0; i < discrepancies->len; i++)
    {
      WnDiscrepancy *d = g_ptr_array_index (discrepancies, i);

      g_print ("%s\t%s\t%s\t%s\t%s\n", d->study_id, d->field, d->first ? d->first : "", d->second ? d->second : "",
               d->resolved != NULL ? d->resolved : _("(open)"));
    }
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* extraction-export                                                         */

typedef WnTable *(*TableFunc) (WnProject *project, GError **error);

static const struct
{
  const char *name;
  TableFunc   func;
} tables[] = {
  { "extraction", wn_project_extraction_table },
  { "characteristics", wn_project_characteristics_table },
  { "frequencies", wn_project_frequency_table },
  { "themes", wn_project_themes_table },
  { "template", wn_project_template_table },
  { "codebook", wn_project_codebook_table },
};

int
wn_cli_cmd_extraction_export (int    argc,
                              char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *table_name = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) built = g_ptr_array_new_with_free_func ((GDestroyNotify) wn_table_free);
  gboolean xlsx;
  int status = 0;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("csv or xlsx"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write"), N_("FILE") },
    { "table", 0, 0, G_OPTION_ARG_STRING, &table_name,
      N_("CSV: which table (extraction, characteristics, frequencies, themes, template, codebook); XLSX has "
         "them all"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("extraction-export", N_("PROJECT --format csv|xlsx -o FILE"),
                                    N_("Export the extraction table, one row per included study (study id "
                                       "first); XLSX adds a sheet each for the characteristics of included "
                                       "studies, the frequencies of coded fields, the themes, the template and "
                                       "the codebook. Cells that a spreadsheet would run as a formula are "
                                       "neutralised; the file is written atomically."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || format == NULL || output == NULL)
    return wn_cli_usage_error (context, _("usage: extraction-export PROJECT --format csv|xlsx -o FILE"));
  if (g_strcmp0 (format, "csv") != 0 && g_strcmp0 (format, "xlsx") != 0)
    return wn_cli_usage_error (context, _("“%s” is not a format: csv or xlsx"), format);
  xlsx = g_strcmp0 (format, "xlsx") == 0;
  if (table_name == NULL)
    table_name = g_strdup ("extraction");

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      WnTable *table;

      if (!xlsx && g_strcmp0 (tables[i].name, table_name) != 0)
        continue;
      table = tables[i].func (project, &error);
      if (table == NULL)
        return coding_failure (error);
      g_ptr_array_add (built, table);
    }
  if (built->len == 0)
    return wn_cli_usage_error (context, _("“%s” is not a table"), table_name);
  if (xlsx ? !wn_tables_write_xlsx ((WnTable **) built->pdata, built->len, output, &error)
           : !wn_table_write_csv (g_ptr_array_index (built, 0), output, &error))
    return coding_failure (error);
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* codes                                                                     */

int
wn_cli_cmd_codes (int    argc,
                  char **argv)
{
  gboolean json = FALSE;
  g_autofree char *add = NULL;
  g_autofree char *description = NULL;
  g_autofree char *colour = NULL;
  g_autofree char *remove = NULL;
  g_autofree char *import = NULL;
  g_autofree char *export = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the codebook as JSON"), NULL },
    { "add", 0, 0, G_OPTION_ARG_STRING, &add, N_("Add a code (its parents must exist)"), N_("THEME/SUB-THEME") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, N_("The new code's description"), N_("TEXT") },
    { "colour", 0, 0, G_OPTION_ARG_STRING, &colour, N_("The new code's colour"), N_("#RRGGBB") },
    { "remove", 0, 0, G_OPTION_ARG_STRING, &remove, N_("Remove a code and its sub-codes (codings are kept)"),
      N_("PATH") },
    { "import", 0, 0, G_OPTION_ARG_FILENAME, &import, N_("Merge a REFI-QDA codebook (.qdc)"), N_("FILE") },
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &export, N_("Write the codebook as REFI-QDA (.qdc)"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("codes", N_("PROJECT"),
                                    N_("Show the codebook (themes and sub-themes), add or remove a code, or "
                                       "exchange it with MAXQDA, NVivo or ATLAS.ti as a REFI-QDA codebook."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return wn_cli_usage_error (context, _("usage: codes PROJECT [--json] [--add PATH] [--import FILE.qdc]"));

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if (import != NULL)
    {
      int n = wn_project_import_qdc (project, import, &error);

      if (n < 0)
        return coding_failure (error);
      g_printerr (g_dngettext (NULL, "%d code added or changed\n", "%d codes added or changed\n", n), n);
    }
  if (add != NULL && wn_project_add_code (project, add, description, colour, &error) == 0)
    return coding_failure (error);
  if (remove != NULL)
    {
      g_autoptr(WnCode) code = wn_project_find_code (project, remove, &error);

      if (code == NULL || !wn_project_remove_code (project, code->id, &error))
        {
          if (error == NULL)
            g_set_error (&error, WN_CODING_ERROR, WN_CODING_ERROR_NO_CODE, _("there is no code “%s”"), remove);
          return coding_failure (error);
        }
    }
  if (export != NULL && !wn_project_export_qdc (project, export, &error))
    return coding_failure (error);

  codes = wn_project_list_codes (project, &error);
  if (codes == NULL)
    return coding_failure (error);
  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{\"codes\":[");

      for (guint i = 0; i < codes->len; i++)
        {
          WnCode *code = g_ptr_array_index (codes, i);

          g_string_append (out, i > 0 ? ",{" : "{");
          wn_json_append_key (out, "path");
          wn_json_append_string (out, code->path);
          wn_json_append_key (out, "description");
          wn_json_append_string (out, code->description);
          wn_json_append_key (out, "colour");
          wn_json_append_string (out, code->colour);
          wn_json_append_key (out, "guid");
          wn_json_append_string (out, code->guid);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
      wn_cli_print_json (out);
    }
  else if (import == NULL && add == NULL && remove == NULL && export == NULL)
    for (guint i = 0; i < codes->len; i++)
      {
        WnCode *code = g_ptr_array_index (codes, i);

        g_print ("%s\t%s\n", code->path, code->description != NULL ? code->description : "");
      }
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* code, paste-text                                                          */

int
wn_cli_cmd_code (int    argc,
                 char **argv)
{
  g_autofree char *coder = NULL;
  g_autofree char *code = NULL;
  g_autofree char *memo = NULL;
  gint64 start = -1;
  gint64 end = -1;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gint64 record_id = 0;
  gint64 id;
  int status = 0;
  GOptionEntry entries[] = {
    { "coder", 0, 0, G_OPTION_ARG_STRING, &coder, N_("Who codes"), N_("NAME") },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("The code"), N_("THEME/SUB-THEME") },
    { "start", 0, 0, G_OPTION_ARG_INT64, &start, N_("The span's first character (0 is the text's first)"),
      N_("N") },
    { "end", 0, 0, G_OPTION_ARG_INT64, &end, N_("The character after the span"), N_("N") },
    { "memo", 0, 0, G_OPTION_ARG_STRING, &memo, N_("A memo on this coding"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("code", N_("PROJECT RECORD"),
                                    N_("Apply a code to a document, or with --start and --end to a span of its "
                                       "text (the PDF's text, pages separated by form feeds, or the text pasted "
                                       "for it), counted in characters."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 3 || coder == NULL || code == NULL)
    return wn_cli_usage_error (context, _("usage: code PROJECT RECORD --coder NAME --code PATH [--start N --end N]"));
  if ((start < 0) != (end < 0))
    return wn_cli_usage_error (context, _("--start and --end go together"));

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if (!resolve_record (project, argv[2], &record_id, &error))
    return coding_failure (error);
  id = wn_project_add_coding (project, record_id, code, coder, start, end, memo, &error);
  if (id == 0)
    return coding_failure (error);
  g_print ("%lld\n", (long long) id);
  return WN_CLI_EXIT_OK;
}

int
wn_cli_cmd_paste_text (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 record_id = 0;
  int status = 0;

  context = wn_cli_command_context ("paste-text", N_("PROJECT RECORD FILE.txt"),
                                    N_("Give a document without a PDF (grey literature) its text to code, from a "
                                       "UTF-8 text file."),
                                    NULL);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 4)
    return wn_cli_usage_error (context, _("usage: paste-text PROJECT RECORD FILE.txt"));
  if (!g_file_get_contents (argv[3], &text, NULL, &error))
    return coding_failure (error);
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_printerr (_("winnow-cli: %s: not UTF-8 text\n"), argv[3]);
      return WN_CLI_EXIT_REJECTED;
    }
  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if (!resolve_record (project, argv[2], &record_id, &error) ||
      !wn_project_paste_text (project, record_id, text, &error))
    return coding_failure (error);
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* double-coding, coding-agreement                                           */

int
wn_cli_cmd_double_coding (int    argc,
                          char **argv)
{
  g_autofree char *coders = NULL;
  double share = 0.10;
  gint64 seed = 1;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  int status = 0;
  int n;
  GOptionEntry entries[] = {
    { "coders", 0, 0, G_OPTION_ARG_STRING, &coders, N_("The two coders"), N_("A,B") },
    { "share", 0, 0, G_OPTION_ARG_DOUBLE, &share, N_("The share double-coded (default 0.1)"), N_("F") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("The draw's seed"), N_("N") },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("double-coding", N_("PROJECT --coders A,B"),
                                    N_("Draw the documents both coders code independently (a seeded share, at "
                                       "least one) and divide the rest between them."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (coders != NULL)
    names = g_strsplit (coders, ",", -1);
  if (argc != 2 || names == NULL || g_strv_length (names) != 2)
    return wn_cli_usage_error (context, _("usage: double-coding PROJECT --coders A,B [--share F] [--seed N]"));
  if (!(share > 0 && share <= 1))
    return wn_cli_usage_error (context, _("--share must be more than 0 and at most 1"));
  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  n = wn_project_draw_double_coding (project, g_strstrip (names[0]), g_strstrip (names[1]), share,
                                     (guint64) seed, &error);
  if (n < 0)
    return coding_failure (error);
  g_print (g_dngettext (NULL, "%d document double-coded\n", "%d documents double-coded\n", n), n);
  return WN_CLI_EXIT_OK;
}

int
wn_cli_cmd_coding_agreement (int    argc,
                             char **argv)
{
  gboolean json = FALSE;
  double min_overlap = 50;
  g_autofree char *coders = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) agreements = NULL;
  g_auto(GStrv) names = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "coders", 0, 0, G_OPTION_ARG_STRING, &coders, N_("The two coders (default: the double-coding ones)"),
      N_("A,B") },
    { "min-overlap", 0, 0, G_OPTION_ARG_DOUBLE, &min_overlap,
      N_("Segments agree when they overlap by this percent of the shorter (default 50)"), N_("PERCENT") },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("coding-agreement", N_("PROJECT"),
                                    N_("Per code, agreement between two coders on the double-coded documents: "
                                       "percent agreement and Cohen's kappa on the code's presence per document, "
                                       "and segment agreement."),
                                    entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (coders != NULL)
    {
      names = g_strsplit (coders, ",", -1);
      if (g_strv_length (names) != 2)
        return wn_cli_usage_error (context, _("--coders takes two names: A,B"));
    }
  if (argc != 2)
    return wn_cli_usage_error (context, _("usage: coding-agreement PROJECT [--json]"));
  if (!(min_overlap > 0 && min_overlap <= 100))
    return wn_cli_usage_error (context, _("--min-overlap must be more than 0 and at most 100"));
  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  agreements = wn_project_coding_agreement (project, names != NULL ? g_strstrip (names[0]) : NULL,
                                            names != NULL ? g_strstrip (names[1]) : NULL, min_overlap, &error);
  if (agreements == NULL)
    return coding_failure (error);
  if (json)
    {
      g_autofree char *text = wn_code_agreements_to_json (agreements);

      g_print ("%s\n", text);
      return WN_CLI_EXIT_OK;
    }
  for (guint i = 0; i < agreements->len; i++)
    {
      WnCodeAgreement *a = g_ptr_array_index (agreements, i);

      /* Translators: "Theme/Sub-theme: 12 documents, 91.7% agree" */
      g_print (g_dngettext (NULL, "%s: %u document, %.1f%% agree", "%s: %u documents, %.1f%% agree", a->n), a->code,
               a->n, a->percent_agreement);
      if (isnan (a->kappa))
        g_print ("%s\n", _(", kappa undefined"));
      else
        g_print (_(", kappa %.2f\n"), a->kappa);
    }
  return WN_CLI_EXIT_OK;
}
