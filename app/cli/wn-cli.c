/* wn-cli.c — winnow-cli: every non-interactive job of Winnow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The commands, flags, JSON fields and exit statuses are a contract (see
 * CLI.md in the team's shared folder): scripts and the test suite rely on
 * them. Exit status: 0 success; 1 the command ran but rejected some input
 * (nothing from that input was applied); 2 usage error; 3 the project cannot
 * be opened.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "wn-cli-private.h"
#include "wn-dedup.h"
#include "wn-dedup-group.h"
#include "wn-dedup-pair.h"
#include "wn-fulltext.h"
#include "wn-import.h"
#include "wn-json.h"
#include "wn-prisma.h"
#include "wn-project.h"
#include "wn-screening.h"
#include "wn-studies.h"
#include "wn-synth.h"

typedef int (*WnCliCommandFunc) (int argc, char **argv);

typedef struct
{
  const char       *name;
  const char       *args;
  const char       *summary;
  WnCliCommandFunc  func;
} WnCliCommand;

static int cmd_new      (int argc, char **argv);
static int cmd_info     (int argc, char **argv);
static int cmd_import   (int argc, char **argv);
static int cmd_records  (int argc, char **argv);
static int cmd_reviewer (int argc, char **argv);
static int cmd_synth    (int argc, char **argv);
static int cmd_dedup    (int argc, char **argv);
static int cmd_duplicates (int argc, char **argv);
static int cmd_dedup_decide (int argc, char **argv);
static int cmd_dedup_undo (int argc, char **argv);
static int cmd_dedup_confirm (int argc, char **argv);
static int cmd_dedup_explain (int argc, char **argv);

static const WnCliCommand commands[] = {
  { "new", N_("PROJECT"), N_("Create a project file"), cmd_new },
  { "info", N_("PROJECT"), N_("Show the project's counts"), cmd_info },
  { "import", N_("PROJECT FILE…"), N_("Import database exports as searches"), cmd_import },
  { "records", N_("PROJECT"), N_("List the records (JSON Lines with --json)"), cmd_records },
  { "reviewer", N_("add PROJECT NAME"), N_("Add a person to the review team"), cmd_reviewer },
  { "synth", N_("-o FILE"), N_("Write synthetic records for demos and benchmarks"), cmd_synth },
  { "dedup", N_("PROJECT"), N_("Find duplicates: merge the certain ones, queue the possible ones"), cmd_dedup },
  { "duplicates", N_("PROJECT"), N_("List the duplicate groups (or, with --pairs, the pairs)"), cmd_duplicates },
  { "dedup-decide", N_("PROJECT PAIR DECISION"), N_("Decide on a pair: duplicate or distinct"), cmd_dedup_decide },
  { "dedup-undo", N_("PROJECT GROUP"), N_("Undo a merge (or, with --pair, a decision)"), cmd_dedup_undo },
  { "dedup-confirm", N_("PROJECT GROUP"), N_("Mark an automatic merge as checked"), cmd_dedup_confirm },
  { "dedup-explain", N_("PROJECT A B"), N_("Show how records A and B compare, field by field"),
    cmd_dedup_explain },
  { "decide", N_("PROJECT RECORD VERDICT"), N_("Record a screening decision: include, exclude or maybe"),
    wn_cli_cmd_decide },
  { "adjudicate", N_("PROJECT RECORD VERDICT"), N_("The adjudicator's final decision on a conflict"),
    wn_cli_cmd_adjudicate },
  { "conflicts", N_("PROJECT"), N_("List records where reviewers disagree"), wn_cli_cmd_conflicts },
  { "agreement", N_("PROJECT"), N_("Agreement between reviewers: kappa, CI, PABAK, AC1"), wn_cli_cmd_agreement },
  { "kappa", N_("FILE.csv"), N_("Agreement statistics of a ratings file (one column per rater)"), wn_cli_cmd_kappa },
  { "simulate", N_("DATASET.csv"), N_("Replay a labelled screening data set: WSS@95, RRF@10 of the prioritiser"),
    wn_cli_cmd_simulate },
  { "export-decisions", N_("PROJECT -o FILE"), N_("Write a reviewer's decision file"), wn_cli_cmd_export_decisions },
  { "package", N_("PROJECT -o FILE"), N_("Write a reviewer package (no other reviewer's decisions)"),
    wn_cli_cmd_package },
  { "merge", N_("PROJECT FILE…"), N_("Merge decision files"), wn_cli_cmd_merge },
  { "screening", N_("PROJECT VERB"), N_("Reasons, criteria, calibration rounds, blinding, rules"),
    wn_cli_cmd_screening },
  { "export", N_("PROJECT -o FILE"), N_("Export a set of records with their decisions (RIS, CSV, ASReview)"),
    wn_cli_cmd_export },
  { "prisma", N_("PROJECT -o FILE"), N_("The PRISMA 2020 diagram (SVG, PDF, PNG) or its counts (CSV, JSON)"),
    wn_cli_cmd_prisma },
  { "retrieval", N_("PROJECT RECORD"), N_("Full-text retrieval status: --retrieved or --not-retrieved"),
    wn_cli_cmd_retrieval },
  { "attach", N_("PROJECT RECORD FILE.pdf"), N_("Attach a full-text PDF to a record"), wn_cli_cmd_attach },
  { "attach-folder", N_("PROJECT DIR"), N_("Attach a folder of PDFs, each to its record by DOI or title"),
    wn_cli_cmd_attach_folder },
  { "detach", N_("PROJECT RECORD"), N_("Detach a record's full text (the removal is recorded)"), wn_cli_cmd_detach },
  { "add-record", N_("PROJECT --title T --method M --source NAME"),
    N_("Add a record found by other methods (website, organisation, citation…)"), wn_cli_cmd_add_record },
  { "remove-record", N_("PROJECT RECORD --note TEXT"), N_("Remove a record before screening (or --undo)"),
    wn_cli_cmd_remove_record },
  { "limits", N_("PROJECT"), N_("Automatic limits (years, languages) applied before screening"), wn_cli_cmd_limits },
  { "search-method", N_("PROJECT SEARCH METHOD"), N_("Correct a search's PRISMA source (database, register, website…)"),
    wn_cli_cmd_search_method },
  { "template", N_("PROJECT"), N_("The extraction template (or revise it: a new version)"), wn_cli_cmd_template },
  { "extract", N_("PROJECT RECORD --field NAME --value TEXT"), N_("Set one extracted value of a study"),
    wn_cli_cmd_extract },
  { "verification", N_("PROJECT --extractor A --verifier B"), N_("Draw the studies extracted twice, blind"),
    wn_cli_cmd_verification },
  { "extraction-agreement", N_("PROJECT"), N_("Field-level agreement of verified extractions, and discrepancies"),
    wn_cli_cmd_extraction_agreement },
  { "extraction-export", N_("PROJECT --format csv|xlsx -o FILE"), N_("The extraction table and its companions"),
    wn_cli_cmd_extraction_export },
  { "codes", N_("PROJECT"), N_("The codebook (add, remove, REFI-QDA import and export)"), wn_cli_cmd_codes },
  { "code", N_("PROJECT RECORD --coder NAME --code PATH"), N_("Apply a code to a document or a span of its text"),
    wn_cli_cmd_code },
  { "paste-text", N_("PROJECT RECORD FILE.txt"), N_("Give a document without a PDF its text to code"),
    wn_cli_cmd_paste_text },
  { "double-coding", N_("PROJECT --coders A,B"), N_("Draw the double-coded documents; divide the rest"),
    wn_cli_cmd_double_coding },
  { "coding-agreement", N_("PROJECT"), N_("Agreement between two coders, per code"), wn_cli_cmd_coding_agreement },
};

/* ------------------------------------------------------------------------ */

int
wn_cli_usage_error (GOptionContext *context,
                    const char     *format,
                    ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("winnow-cli: %s\n", message);
  if (context != NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("\n%s", help);
    }
  return WN_CLI_EXIT_USAGE;
}

GOptionContext *
wn_cli_command_context (const char   *name,
                 const char   *args,
                 const char   *summary,
                 GOptionEntry *entries)
{
  g_autofree char *parameter = g_strdup_printf ("%s %s", name, _(args));
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_summary (context, _(summary));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

gboolean
wn_cli_parse_command (GOptionContext  *context,
               int             *argc,
               char          ***argv,
               int             *status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = wn_cli_usage_error (context, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* Opens a project, mapping every failure to exit status 3 with the store's
 * own message (which names the file and the cause). */
WnProject *
wn_cli_open_project (const char *path,
              int        *status)
{
  g_autoptr(GError) error = NULL;
  WnProject *project = wn_project_open (path, &error);

  if (project == NULL)
    {
      g_printerr ("winnow-cli: %s\n", error->message);
      *status = WN_CLI_EXIT_PROJECT;
    }
  else if (wn_project_is_read_only (project))
    g_printerr (_("winnow-cli: %s: the file or its folder cannot be written; opened read-only, so changes are refused\n"),
                path);
  return project;
}

void
wn_cli_print_json (GString *json)
{
  g_string_append_c (json, '\n');
  fwrite (json->str, 1, json->len, stdout);
}

/* ------------------------------------------------------------------------ */
/* new                                                                       */

static int
cmd_new (int    argc,
         char **argv)
{
  g_autofree char *title = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, N_("The review's title"), N_("TITLE") },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("new", N_("PROJECT"), N_("Create a project file."), entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return wn_cli_usage_error (context, _("new takes exactly one PROJECT file"));

  project = wn_project_create (argv[1], title, &error);
  if (project == NULL)
    {
      g_printerr ("winnow-cli: %s\n", error->message);
      return WN_CLI_EXIT_PROJECT;
    }
  g_printerr (_("Created %s\n"), argv[1]);
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* info                                                                      */

static int
cmd_info (int    argc,
          char **argv)
{
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  WnProjectCounts counts;
  int status = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("info", N_("PROJECT"), N_("Show the project's counts."), entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return wn_cli_usage_error (context, _("info takes exactly one PROJECT file"));

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if (!wn_project_get_counts (project, &counts, &error))
    {
      g_printerr ("winnow-cli: %s\n", error->message);
      return WN_CLI_EXIT_PROJECT;
    }
  title = wn_project_dup_title (project);

  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      wn_json_append_key (out, "title");
      wn_json_append_string (out, title);
      wn_json_append_key (out, "records");
      wn_json_append_int (out, counts.records);
      wn_json_append_key (out, "unique_records");
      wn_json_append_int (out, counts.unique_records);
      wn_json_append_key (out, "searches");
      wn_json_append_int (out, counts.searches);
      wn_json_append_key (out, "search_batches");
      wn_json_append_int (out, counts.search_batches);
      wn_json_append_key (out, "duplicate_groups");
      wn_json_append_int (out, counts.duplicate_groups);
      wn_json_append_key (out, "reviewers");
      wn_json_append_int (out, counts.reviewers);
      if (!wn_cli_append_screening_counts (project, out, &error))
        return wn_cli_store_failure (error);
      wn_json_append_key (out, "blind");
      g_string_append (out, wn_project_get_blind (project) ? "true" : "false");
      wn_json_append_key (out, "schema_version");
      wn_json_append_int (out, wn_project_get_schema_version (project));
      g_string_append_c (out, '}');
      wn_cli_print_json (out);
    }
  else
    {
      g_print (_("Project:          %s\n"), title ? title : "");
      g_print (_("Records:          %lld\n"), (long long) counts.records);
      g_print (_("Unique records:   %lld\n"), (long long) counts.unique_records);
      if (counts.search_batches != counts.searches)
        /* Translators: searches, some exported in several files: "Searches: 3 (5 files)" */
        g_print (_("Searches:         %lld (%lld files)\n"), (long long) counts.search_batches, (long long) counts.searches);
      else
        g_print (_("Searches:         %lld\n"), (long long) counts.searches);
      g_print (_("Duplicate groups: %lld\n"), (long long) counts.duplicate_groups);
      g_print (_("Reviewers:        %lld\n"), (long long) counts.reviewers);
      if (!wn_cli_print_screening_counts (project, &error))
        return wn_cli_store_failure (error);
      g_print (_("Blinding:         %s\n"), wn_project_get_blind (project) ? C_("blinding", "on") : C_("blinding", "off"));
      g_print (_("Schema version:   %d\n"), wn_project_get_schema_version (project));
    }
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* import                                                                    */

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  const char *name = user_data;

  if (total > 0)
    g_printerr ("\r%s: %3d %%", name, (int) (100.0 * done / total));
}

static void
append_issues_json (GString   *out,
                    GPtrArray *issues)
{
  g_string_append_c (out, '[');
  for (guint i = 0; issues != NULL && i < issues->len; i++)
    {
      const WnImportIssue *issue = g_ptr_array_index (issues, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      wn_json_append_key (out, "line");
      wn_json_append_int (out, issue->line);
      wn_json_append_key (out, "message");
      wn_json_append_string (out, issue->message);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static gboolean
parse_date (const char *text)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *iso = NULL;

  if (strlen (text) != 10)
    return FALSE;
  iso = g_strdup_printf ("%sT00:00:00Z", text);
  date = g_date_time_new_from_iso8601 (iso, NULL);
  return date != NULL;
}

/* The searches the files just stored belong to, each compared with the
 * hits the database reported over all its files (a search exported in
 * several files is compared once, not per file): a warning on stderr, and
 * with out, "searches": [{"id", "files": [search ids], "records",
 * "reported_hits", "hits_difference"}]. */
static gboolean
append_import_batches (WnProject *project,
                       GArray    *stored,
                       GString   *out)
{
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(GError) error = NULL;
  gboolean first = TRUE;

  if (out != NULL)
    {
      wn_json_append_key (out, "searches");
      g_string_append_c (out, '[');
    }
  batches = stored->len > 0 ? wn_project_list_search_batches (project, &error) : g_ptr_array_new ();
  if (batches == NULL)
    {
      g_printerr ("winnow-cli: %s\n", error->message);
      if (out != NULL)
        g_string_append_c (out, ']');
      return FALSE;
    }
  for (guint i = 0; i < batches->len; i++)
    {
      const WnSearchBatch *batch = g_ptr_array_index (batches, i);
      const WnSearch *search = wn_search_batch_get_search (batch);
      gint64 difference = wn_search_batch_get_hits_difference (batch);
      gboolean touched = FALSE;

      for (guint f = 0; f < batch->files->len && !touched; f++)
        for (guint k = 0; k < stored->len && !touched; k++)
          touched = ((const WnSearch *) g_ptr_array_index (batch->files, f))->id == g_array_index (stored, gint64, k);
      if (!touched)
        continue;

      /* A search of one file was compared by the importer, in its
       * warnings. */
      if (difference != 0 && batch->files->len > 1)
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, batch->id);
          g_autofree char *hits = g_strdup_printf ("%" G_GINT64_FORMAT, search->reported_hits);
          g_autofree char *records = g_strdup_printf ("%" G_GINT64_FORMAT, batch->record_count);

          /* Translators: 1: the search's number, 2: its number of files,
           * 3: the hits the database reported, 4: the records of all its files */
          g_printerr (g_dngettext (GETTEXT_PACKAGE,
                                   "warning: search %s (%u file): the database reported %s hits, but the files hold %s records\n",
                                   "warning: search %s (%u files): the database reported %s hits, but the files hold %s records\n",
                                   batch->files->len),
                      number, batch->files->len, hits, records);
        }
      if (out == NULL)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append_c (out, '{');
      wn_json_append_key (out, "id");
      wn_json_append_int (out, batch->id);
      wn_json_append_key (out, "files");
      g_string_append_c (out, '[');
      for (guint f = 0; f < batch->files->len; f++)
        {
          if (f > 0)
            g_string_append_c (out, ',');
          wn_json_append_int (out, ((const WnSearch *) g_ptr_array_index (batch->files, f))->id);
        }
      g_string_append_c (out, ']');
      wn_json_append_key (out, "records");
      wn_json_append_int (out, batch->record_count);
      wn_json_append_key (out, "reported_hits");
      if (search->reported_hits >= 0)
        wn_json_append_int (out, search->reported_hits);
      else
        g_string_append (out, "null");
      wn_json_append_key (out, "hits_difference");
      wn_json_append_int (out, difference);
      g_string_append_c (out, '}');
    }
  if (out != NULL)
    g_string_append_c (out, ']');
  return TRUE;
}

static int
cmd_import (int    argc,
            char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *database = NULL;
  g_autofree char *platform = NULL;
  g_autofree char *date = NULL;
  g_autofree char *query = NULL;
  g_autofree char *method = NULL;
  gint64 hits = -1;
  gint64 add_to = 0;
  gboolean separate = FALSE;
  gboolean keep_valid = FALSE;
  gboolean again = FALSE;
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GString) out = g_string_new ("{\"files\":[");
  g_autoptr(GArray) stored = g_array_new (FALSE, FALSE, sizeof (gint64));
  WnImportOptions options;
  gboolean show_progress = isatty (STDERR_FILENO);
  int status = 0;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("auto, ris, pubmed-xml, medline, wos, wos-tab, ovid, endnote-xml or csv (default: auto, detected from the content)"), N_("FORMAT") },
    { "database", 0, 0, G_OPTION_ARG_STRING, &database,
      N_("The database searched (default: what the file says)"), N_("NAME") },
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform,
      N_("The platform it was searched on, e.g. EBSCOhost or Ovid"), N_("NAME") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The date of the search"), N_("YYYY-MM-DD") },
    { "query", 0, 0, G_OPTION_ARG_STRING, &query, N_("The search string"), N_("TEXT") },
    { "hits", 0, 0, G_OPTION_ARG_INT64, &hits, N_("The number of hits the database reported"), N_("N") },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method,
      N_("The PRISMA source: database (default), register, website, organisation, citation or other"),
      N_("METHOD") },
    { "keep-valid", 0, 0, G_OPTION_ARG_NONE, &keep_valid,
      N_("Import the good records of a file and list the rejected ones"), NULL },
    { "again", 0, 0, G_OPTION_ARG_NONE, &again,
      N_("Import a file even if the same file was imported before"), NULL },
    { "separate", 0, 0, G_OPTION_ARG_NONE, &separate,
      N_("Import each file as a search of its own (by default the files are one search exported in several files)"), NULL },
    { "add-to", 0, 0, G_OPTION_ARG_INT64, &add_to,
      N_("Add the files to an earlier search, exported in several files (they take its provenance)"), N_("SEARCH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("import", N_("PROJECT FILE…"),
                             N_("Import database exports: the files are one search (a database's export in several files) "
                                "unless --separate is given. Each file is imported whole or not at all."),
                             entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc < 3)
    return wn_cli_usage_error (context, _("import takes a PROJECT and at least one FILE"));

  wn_import_options_init (&options);
  if (format != NULL && !wn_format_from_string (format, &options.format))
    return wn_cli_usage_error (context, _("unknown format “%s”"), format);
  if (date != NULL && !parse_date (date))
    return wn_cli_usage_error (context, _("“%s” is not a date of the form YYYY-MM-DD"), date);
  if (hits < -1)
    return wn_cli_usage_error (context, _("--hits must be a number of records"));
  if (add_to < 0)
    return wn_cli_usage_error (context, _("--add-to must be a search number"));
  if (add_to > 0 && separate)
    return wn_cli_usage_error (context, _("--add-to and --separate cannot be used together"));
  if (method != NULL && !wn_search_method_is_valid (method))
    return wn_cli_usage_error (context,
                               _("--method is database, register, website, organisation, citation or other, not “%s”"),
                               method);
  options.database = database;
  options.platform = platform;
  options.date_searched = date;
  options.query = query;
  options.reported_hits = hits;
  options.keep_valid = keep_valid;
  options.allow_reimport = again;
  options.batch_id = add_to;
  options.several_files = !separate && (argc > 3 || add_to > 0);
  /* Files taken together are one search only when they come from one
   * database and platform; a search named with --add-to is the person's
   * word. */
  options.same_source_only = add_to == 0;

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;

  /* The search --add-to names, by any of its files: its first file. */
  if (add_to > 0)
    {
      g_autoptr(GPtrArray) batches = NULL;
      g_autoptr(GError) error = NULL;

      batches = wn_project_list_search_batches (project, &error);
      if (batches == NULL)
        return wn_cli_store_failure (error);
      options.batch_id = 0;
      for (guint b = 0; b < batches->len && options.batch_id == 0; b++)
        {
          const WnSearchBatch *batch = g_ptr_array_index (batches, b);

          for (guint f = 0; f < batch->files->len; f++)
            if (((const WnSearch *) g_ptr_array_index (batch->files, f))->id == add_to)
              options.batch_id = batch->id;
        }
      if (options.batch_id == 0)
        {
          g_printerr (_("winnow-cli: there is no search %lld\n"), (long long) add_to);
          return WN_CLI_EXIT_REJECTED;
        }
    }

  for (int i = 2; i < argc; i++)
    {
      g_autoptr(WnImportReport) report = NULL;
      g_autoptr(GError) error = NULL;
      gboolean ok;

      if (show_progress && !json)
        {
          options.progress = progress_cb;
          options.progress_data = argv[i];
        }
      ok = wn_import_file (project, argv[i], &options, &report, NULL, &error);
      if (show_progress && !json)
        g_printerr ("\r\033[K");
      /* The search is stored as a database search; another method is set
       * right after, audited. */
      if (ok && method != NULL && report != NULL && report->search_id > 0 &&
          !wn_project_set_search_method (project, report->search_id, method, &error))
        ok = FALSE;
      /* The next files join the search the first one stored began. */
      if (ok && report != NULL && report->search_id > 0)
        {
          g_array_append_val (stored, report->search_id);
          /* The next files join this file's search: the one it began, or
           * the one it joined. */
          if (!separate && add_to == 0)
            options.batch_id = report->batch_id;
        }

      if (!ok)
        status = WN_CLI_EXIT_REJECTED;

      if (json)
        {
          if (i > 2)
            g_string_append_c (out, ',');
          g_string_append_c (out, '{');
          wn_json_append_key (out, "file");
          wn_json_append_string (out, argv[i]);
          wn_json_append_key (out, "ok");
          g_string_append (out, ok ? "true" : "false");
          wn_json_append_key (out, "format");
          wn_json_append_string (out, report && report->format ? wn_format_to_string (report->format) : NULL);
          wn_json_append_key (out, "encoding");
          wn_json_append_string (out, report ? report->encoding : NULL);
          wn_json_append_key (out, "vendor");
          wn_json_append_string (out, report ? report->vendor : NULL);
          wn_json_append_key (out, "database");
          wn_json_append_string (out, database ? database : report ? report->database : NULL);
          wn_json_append_key (out, "query");
          wn_json_append_string (out, query != NULL && *query != '\0' ? query : report ? report->query : NULL);
          wn_json_append_key (out, "records");
          wn_json_append_int (out, ok && report ? report->records : 0);
          wn_json_append_key (out, "method");
          wn_json_append_string (out, method != NULL ? method : "database");
          wn_json_append_key (out, "search_id");
          if (ok && report && report->search_id > 0)
            wn_json_append_int (out, report->search_id);
          else
            g_string_append (out, "null");
          wn_json_append_key (out, "batch_id");
          if (ok && report && report->search_id > 0)
            wn_json_append_int (out, report->batch_id);
          else
            g_string_append (out, "null");
          wn_json_append_key (out, "warnings");
          append_issues_json (out, report ? report->warnings : NULL);
          wn_json_append_key (out, "rejected");
          append_issues_json (out, report ? report->rejected : NULL);
          wn_json_append_key (out, "error");
          wn_json_append_string (out, error ? error->message : NULL);
          g_string_append_c (out, '}');
        }

      if (error != NULL)
        g_printerr ("winnow-cli: %s\n", error->message);
      if (report != NULL)
        {
          for (guint w = 0; report->warnings && w < report->warnings->len; w++)
            {
              const WnImportIssue *issue = g_ptr_array_index (report->warnings, w);

              if (issue->line > 0)
                g_printerr (_("%s: line %u: warning: %s\n"), argv[i], issue->line, issue->message);
              else
                g_printerr (_("%s: warning: %s\n"), argv[i], issue->message);
            }
          for (guint r = 0; ok && report->rejected && r < report->rejected->len; r++)
            {
              const WnImportIssue *issue = g_ptr_array_index (report->rejected, r);

              g_printerr (_("%s: line %u: record left out: %s\n"), argv[i], issue->line, issue->message);
            }
          if (ok && !json)
            g_print (_("%s: %u records imported (%s, %s) as search %lld\n"),
                     argv[i], report->records, wn_format_to_string (report->format),
                     report->encoding ? report->encoding : "?", (long long) report->search_id);
        }
    }

  g_string_append_c (out, ']');
  if (!append_import_batches (project, stored, json ? out : NULL))
    status = status == 0 ? WN_CLI_EXIT_REJECTED : status;
  if (json)
    {
      g_string_append_c (out, '}');
      wn_cli_print_json (out);
    }
  return status;
}

/* ------------------------------------------------------------------------ */
/* records                                                                   */

typedef struct
{
  GString    *buffer;
  gboolean    json;
  GHashTable *retrieval; /* record id → WnRetrieval */
  GHashTable *fulltexts; /* record id → WnFulltext */
  GHashTable *studies;   /* record id → WnStudy (included now) */
} RecordsState;

static gboolean
print_record_cb (const WnRecordMeta *meta,
                 const WnRecord     *record,
                 gpointer            user_data)
{
  RecordsState *state = user_data;
  GString *out = state->buffer;

  if (state->json)
    {
      g_string_append_c (out, '{');
      wn_json_append_key (out, "id");
      wn_json_append_int (out, meta->id);
      wn_json_append_key (out, "search_id");
      wn_json_append_int (out, meta->search_id);
      wn_json_append_key (out, "source_id");
      wn_json_append_string (out, record->source_id);
      wn_json_append_key (out, "title");
      wn_json_append_string (out, record->title);
      wn_json_append_key (out, "authors");
      wn_json_append_strv (out, record->authors);
      wn_json_append_key (out, "year");
      wn_json_append_string (out, record->year);
      wn_json_append_key (out, "journal");
      wn_json_append_string (out, record->journal);
      wn_json_append_key (out, "volume");
      wn_json_append_string (out, record->volume);
      wn_json_append_key (out, "issue");
      wn_json_append_string (out, record->issue);
      wn_json_append_key (out, "pages");
      wn_json_append_string (out, record->pages);
      wn_json_append_key (out, "doi");
      wn_json_append_string (out, record->doi);
      wn_json_append_key (out, "pmid");
      wn_json_append_string (out, record->pmid);
      wn_json_append_key (out, "abstract");
      wn_json_append_string (out, record->abstract);
      wn_json_append_key (out, "keywords");
      wn_json_append_strv (out, record->keywords);
      wn_json_append_key (out, "language");
      wn_json_append_string (out, record->language);
      wn_json_append_key (out, "type");
      wn_json_append_string (out, record->type);
      wn_json_append_key (out, "database");
      wn_json_append_string (out, meta->database);
      wn_json_append_key (out, "duplicate_of");
      if (meta->duplicate_of > 0)
        wn_json_append_int (out, meta->duplicate_of);
      else
        g_string_append (out, "null");
      {
        const WnFulltext *fulltext = g_hash_table_lookup (state->fulltexts, &meta->id);

        wn_json_append_key (out, "fulltext");
        wn_json_append_string (out, fulltext != NULL ? fulltext->sha256 : NULL);
      }
      {
        const WnRetrieval *retrieval = g_hash_table_lookup (state->retrieval, &meta->id);

        wn_json_append_key (out, "retrieval");
        wn_json_append_string (out, retrieval == NULL ? NULL
                                    : retrieval->retrieved ? "retrieved" : "not_retrieved");
      }
      {
        const WnStudy *study = g_hash_table_lookup (state->studies, &meta->id);

        wn_json_append_key (out, "study_id");
        wn_json_append_string (out, study != NULL ? study->study_id : NULL);
      }
      g_string_append (out, "}\n");
    }
  else
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT "\t%s\t%s\t%s\n",
                              meta->id,
                              record->year ? record->year : "",
                              record->authors->len > 0 ? (const char *) g_ptr_array_index (record->authors, 0) : "",
                              record->title ? record->title : "");
    }

  if (out->len > (1 << 16))
    {
      fwrite (out->str, 1, out->len, stdout);
      g_string_truncate (out, 0);
    }
  return TRUE;
}

static int
cmd_records (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  gboolean duplicates = FALSE;
  gint64 search_id = 0;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) buffer = g_string_sized_new (1 << 17);
  g_autoptr(GHashTable) retrieval = NULL;
  g_autoptr(GHashTable) fulltexts = NULL;
  g_autoptr(GPtrArray) studies = NULL;
  g_autoptr(GHashTable) by_study = NULL;
  RecordsState state;
  int status = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON Lines, one record each"), NULL },
    { "search", 0, 0, G_OPTION_ARG_INT64, &search_id, N_("Only the records of this search"), N_("ID") },
    { "include-duplicates", 0, 0, G_OPTION_ARG_NONE, &duplicates,
      N_("Also list records merged into another as duplicates"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("records", N_("PROJECT"), N_("List the project's records."), entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return wn_cli_usage_error (context, _("records takes exactly one PROJECT file"));
  if (search_id < 0)
    return wn_cli_usage_error (context, _("--search takes a search id"));

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;

  state.buffer = buffer;
  state.json = json;
  retrieval = wn_project_list_retrieval (project, &error);
  state.retrieval = retrieval;
  if (retrieval == NULL)
    {
      g_printerr ("winnow-cli: %s\n", error->message);
      return WN_CLI_EXIT_PROJECT;
    }
  fulltexts = wn_project_list_fulltexts (project, &error);
  state.fulltexts = fulltexts;
  if (fulltexts == NULL)
    {
      g_printerr ("winnow-cli: %s\n", error->message);
      return WN_CLI_EXIT_PROJECT;
    }
  studies = wn_project_list_studies (project, FALSE, &error);
  if (studies == NULL)
    {
      g_printerr ("winnow-cli: %s\n", error->message);
      return WN_CLI_EXIT_PROJECT;
    }
  state.studies = by_study = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < studies->len; i++)
    {
      WnStudy *study = g_ptr_array_index (studies, i);

      g_hash_table_insert (by_study, &study->record_id, study);
    }
  if (!wn_project_foreach_record (project, search_id,
                                  duplicates ? WN_RECORD_QUERY_INCLUDE_DUPLICATES : WN_RECORD_QUERY_DEFAULT,
                                  print_record_cb, &state, &error))
    {
      g_printerr ("winnow-cli: %s\n", error->message);
      return WN_CLI_EXIT_PROJECT;
    }
  fwrite (buffer->str, 1, buffer->len, stdout);
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* reviewer                                                                  */

static int
cmd_reviewer (int    argc,
              char **argv)
{
  g_autofree char *role = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("reviewer, adjudicator or lead (default: reviewer)"), N_("ROLE") },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("reviewer", N_("add PROJECT NAME"), N_("Add a person to the review team."), entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 4 || g_strcmp0 (argv[1], "add") != 0)
    return wn_cli_usage_error (context, _("usage: reviewer add PROJECT NAME [--role ROLE]"));
  if (role != NULL && g_strcmp0 (role, "reviewer") != 0 && g_strcmp0 (role, "adjudicator") != 0 &&
      g_strcmp0 (role, "lead") != 0)
    return wn_cli_usage_error (context, _("the role must be reviewer, adjudicator or lead"));

  project = wn_cli_open_project (argv[2], &status);
  if (project == NULL)
    return status;
  if (!wn_project_add_reviewer (project, argv[3], role, &error))
    {
      g_printerr ("winnow-cli: %s\n", error->message);
      return WN_CLI_EXIT_REJECTED;
    }
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* synth                                                                     */

static int
cmd_synth (int    argc,
           char **argv)
{
  gint64 n = 1000;
  gint64 seed = 1;
  double duplicates = 0.0;
  double near_misses = 0.0;
  g_autofree char *output = NULL;
  g_autofree char *format_name = NULL;
  WnSynthFormat format = WN_SYNTH_RIS;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "records", 'n', 0, G_OPTION_ARG_INT64, &n, N_("How many records (default 1000)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("The generator's seed (default 1)"), N_("SEED") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write"), N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      N_("ris, medline, wos or pubmed-xml (default: ris)"), N_("FORMAT") },
    { "duplicates", 0, 0, G_OPTION_ARG_DOUBLE, &duplicates,
      N_("Also write a noisy second copy of this share of the records, as another database would (RIS only)"),
      N_("SHARE") },
    { "near-misses", 0, 0, G_OPTION_ARG_DOUBLE, &near_misses,
      N_("Also write, for this share of the records, a related record that is not a duplicate (RIS only)"),
      N_("SHARE") },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("synth", N_("-o FILE"),
                             N_("Write synthetic records about peer recovery support workforce research, "
                                "laid out as the databases export them. The same seed always writes the same file."),
                             entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (output == NULL || argc != 1)
    return wn_cli_usage_error (context, _("synth takes an output file (-o FILE) and nothing else"));
  if (n < 1 || n > 10000000)
    return wn_cli_usage_error (context, _("--records must be between 1 and 10000000"));
  if (format_name == NULL || g_str_equal (format_name, "ris"))
    format = WN_SYNTH_RIS;
  else if (g_str_equal (format_name, "medline"))
    format = WN_SYNTH_MEDLINE;
  else if (g_str_equal (format_name, "wos"))
    format = WN_SYNTH_WOS;
  else if (g_str_equal (format_name, "pubmed-xml"))
    format = WN_SYNTH_PUBMED_XML;
  else
    return wn_cli_usage_error (context, _("unknown format “%s”"), format_name);

  if (duplicates < 0.0 || duplicates > 1.0 || near_misses < 0.0 || near_misses > 1.0)
    return wn_cli_usage_error (context, _("--duplicates and --near-misses take a share between 0 and 1"));
  if ((duplicates > 0.0 || near_misses > 0.0) && format != WN_SYNTH_RIS)
    return wn_cli_usage_error (context, _("--duplicates and --near-misses write RIS only"));

  file = g_file_new_for_path (output);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, &error);
  if (duplicates > 0.0 || near_misses > 0.0)
    {
      WnSynthOptions options = { duplicates, near_misses };

      if (stream == NULL ||
          !wn_synth_write_with_options (G_OUTPUT_STREAM (stream), format, (guint) n, (guint32) seed, &options,
                                        NULL, &error) ||
          !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error))
        {
          g_printerr ("winnow-cli: %s: %s\n", output, error->message);
          return WN_CLI_EXIT_REJECTED;
        }
      return WN_CLI_EXIT_OK;
    }
  if (stream == NULL ||
      !wn_synth_write (G_OUTPUT_STREAM (stream), format, (guint) n, (guint32) seed, NULL, &error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error))
    {
      g_printerr ("winnow-cli: %s: %s\n", output, error->message);
      return WN_CLI_EXIT_REJECTED;
    }
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* dedup, duplicates, dedup-decide, dedup-undo, dedup-confirm                */

gboolean
wn_cli_parse_id (const char *text,
          gint64     *id)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *id = (gint64) value;
  return TRUE;
}

/* The store's "no such pair/group" is a rejected input (1); anything else
 * means the project could not be used (3). */
int
wn_cli_store_failure (GError *error)
{
  g_printerr ("winnow-cli: %s\n", error->message);
  return g_error_matches (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND) ? WN_CLI_EXIT_REJECTED
                                                                           : WN_CLI_EXIT_PROJECT;
}

static int
cmd_dedup (int    argc,
           char **argv)
{
  gboolean json = FALSE;
  gboolean all_pairs = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  WnDedupReport report;
  gboolean show_progress = isatty (STDERR_FILENO);
  int status = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { "all-pairs", 0, 0, G_OPTION_ARG_NONE, &all_pairs,
      N_("Compare every pair again, not only pairs with a record imported since the last run"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("dedup", N_("PROJECT"),
                             N_("Find duplicate records. Certain duplicates are merged (nothing is deleted: the "
                                "copies are marked duplicate_of the most complete record); possible ones are "
                                "queued for a person (see duplicates --pairs and dedup-decide). Earlier decisions "
                                "are kept."),
                             entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return wn_cli_usage_error (context, _("dedup takes exactly one PROJECT file"));

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if (show_progress && !json)
    g_printerr ("%s", _("Finding duplicates…"));
  if (!wn_dedup_run (project, all_pairs ? WN_DEDUP_RUN_ALL_PAIRS : WN_DEDUP_RUN_DEFAULT, NULL, &report, &error))
    {
      if (show_progress && !json)
        g_printerr ("\r\033[K");
      return wn_cli_store_failure (error);
    }
  if (show_progress && !json)
    g_printerr ("\r\033[K");

  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{");
      char seconds[G_ASCII_DTOSTR_BUF_SIZE];

      wn_json_append_key (out, "run_id");
      wn_json_append_int (out, report.run_id);
      wn_json_append_key (out, "records");
      wn_json_append_int (out, report.records);
      wn_json_append_key (out, "new_records");
      wn_json_append_int (out, report.new_records);
      wn_json_append_key (out, "candidate_pairs");
      wn_json_append_int (out, report.candidate_pairs);
      wn_json_append_key (out, "certain_pairs");
      wn_json_append_int (out, report.certain_pairs);
      wn_json_append_key (out, "possible_pairs");
      wn_json_append_int (out, report.possible_pairs);
      wn_json_append_key (out, "held_pairs");
      wn_json_append_int (out, report.held_pairs);
      wn_json_append_key (out, "groups_created");
      wn_json_append_int (out, report.groups_created);
      wn_json_append_key (out, "groups_ended");
      wn_json_append_int (out, report.groups_ended);
      wn_json_append_key (out, "duplicate_groups");
      wn_json_append_int (out, report.duplicate_groups);
      wn_json_append_key (out, "duplicate_records");
      wn_json_append_int (out, report.duplicate_records);
      wn_json_append_key (out, "unique_records");
      wn_json_append_int (out, report.unique_records);
      wn_json_append_key (out, "pending_pairs");
      wn_json_append_int (out, report.pending_pairs);
      wn_json_append_key (out, "seconds");
      g_string_append (out, g_ascii_formatd (seconds, sizeof seconds, "%.3f", report.seconds));
      g_string_append_c (out, '}');
      wn_cli_print_json (out);
    }
  else
    {
      g_print (_("Records compared:      %u (%u new)\n"), report.records, report.new_records);
      g_print (_("Candidate pairs:       %u\n"), report.candidate_pairs);
      g_print (_("Certain pairs:         %u (merged)\n"), report.certain_pairs);
      g_print (_("Possible pairs:        %u (queued for a person)\n"), report.possible_pairs);
      if (report.held_pairs > 0)
        g_print (_("Held back:             %u (would chain unrelated records)\n"), report.held_pairs);
      g_print (_("Groups made:           %u (%u ended)\n"), report.groups_created, report.groups_ended);
      g_print (_("Duplicate groups:      %u\n"), report.duplicate_groups);
      g_print (_("Duplicate records:     %u\n"), report.duplicate_records);
      g_print (_("Unique records:        %u\n"), report.unique_records);
      g_print (_("Awaiting a decision:   %u\n"), report.pending_pairs);
      g_print (_("Time:                  %.2f s\n"), report.seconds);
    }
  return WN_CLI_EXIT_OK;
}

static void
append_record_json (GString        *out,
                    gint64          id,
                    const WnRecord *record)
{
  g_string_append_c (out, '{');
  wn_json_append_key (out, "id");
  wn_json_append_int (out, id);
  wn_json_append_key (out, "title");
  wn_json_append_string (out, record->title);
  wn_json_append_key (out, "authors");
  wn_json_append_strv (out, record->authors);
  wn_json_append_key (out, "year");
  wn_json_append_string (out, record->year);
  wn_json_append_key (out, "journal");
  wn_json_append_string (out, record->journal);
  wn_json_append_key (out, "volume");
  wn_json_append_string (out, record->volume);
  wn_json_append_key (out, "issue");
  wn_json_append_string (out, record->issue);
  wn_json_append_key (out, "pages");
  wn_json_append_string (out, record->pages);
  wn_json_append_key (out, "doi");
  wn_json_append_string (out, record->doi);
  wn_json_append_key (out, "pmid");
  wn_json_append_string (out, record->pmid);
  wn_json_append_key (out, "type");
  wn_json_append_string (out, record->type);
  g_string_append_c (out, '}');
}

static int
cmd_duplicates (int    argc,
                char **argv)
{
  gboolean json = FALSE;
  gboolean pairs = FALSE;
  gboolean all = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) groups = NULL;
  g_autoptr(GListModel) pending = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int status = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { "pairs", 0, 0, G_OPTION_ARG_NONE, &pairs,
      N_("List the pairs awaiting a person, with both records and the match reasons"), NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("With --pairs: every pair found, decided or not"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("duplicates", N_("PROJECT"),
                             N_("List the duplicate groups: each group's kept record, its members and whether the "
                                "engine merged it (auto), a person made or checked it (confirmed), or it awaits a "
                                "person (possible)."),
                             entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return wn_cli_usage_error (context, _("duplicates takes exactly one PROJECT file"));
  if (all && !pairs)
    return wn_cli_usage_error (context, _("--all goes with --pairs"));

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;

  if (pairs)
    {
      g_autoptr(GListModel) list = wn_dedup_list_pairs (project, all ? WN_DEDUP_PAIRS_ALL : WN_DEDUP_PAIRS_PENDING,
                                                        0, NULL, &error);
      guint n;

      if (list == NULL)
        return wn_cli_store_failure (error);
      n = g_list_model_get_n_items (list);
      g_string_append (out, "{\"pairs\":[");
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(WnDedupPair) pair = g_list_model_get_item (list, i);
          char score[G_ASCII_DTOSTR_BUF_SIZE];

          if (!json)
            {
              const WnRecord *a = wn_dedup_pair_get_record (pair, 0);
              const WnRecord *b = wn_dedup_pair_get_record (pair, 1);

              g_print (_("Pair %lld (%s, %s): %s\n"), (long long) wn_dedup_pair_get_id (pair),
                       wn_dedup_outcome_to_string (wn_dedup_pair_get_outcome (pair)), wn_dedup_pair_get_rule (pair),
                       wn_dedup_pair_get_description (pair));
              g_print ("  %lld\t%s\t%s\n", (long long) wn_dedup_pair_get_record_id (pair, 0),
                       a->year ? a->year : "", a->title ? a->title : "");
              g_print ("  %lld\t%s\t%s\n", (long long) wn_dedup_pair_get_record_id (pair, 1),
                       b->year ? b->year : "", b->title ? b->title : "");
              continue;
            }
          if (i > 0)
            g_string_append_c (out, ',');
          g_string_append_c (out, '{');
          wn_json_append_key (out, "id");
          wn_json_append_int (out, wn_dedup_pair_get_id (pair));
          wn_json_append_key (out, "a");
          wn_json_append_int (out, wn_dedup_pair_get_record_id (pair, 0));
          wn_json_append_key (out, "b");
          wn_json_append_int (out, wn_dedup_pair_get_record_id (pair, 1));
          wn_json_append_key (out, "outcome");
          wn_json_append_string (out, wn_dedup_outcome_to_string (wn_dedup_pair_get_outcome (pair)));
          wn_json_append_key (out, "score");
          g_string_append (out, g_ascii_formatd (score, sizeof score, "%.3f", wn_dedup_pair_get_score (pair)));
          wn_json_append_key (out, "rule");
          wn_json_append_string (out, wn_dedup_pair_get_rule (pair));
          wn_json_append_key (out, "decision");
          wn_json_append_string (out, wn_dedup_decision_to_string (wn_dedup_pair_get_decision (pair)));
          wn_json_append_key (out, "held");
          wn_json_append_string (out, wn_dedup_pair_get_held (pair));
          wn_json_append_key (out, "description");
          wn_json_append_string (out, wn_dedup_pair_get_description (pair));
          /* stored as JSON by the engine */
          wn_json_append_key (out, "reasons");
          g_string_append (out, wn_dedup_pair_get_reasons (pair));
          wn_json_append_key (out, "records");
          g_string_append_c (out, '[');
          append_record_json (out, wn_dedup_pair_get_record_id (pair, 0), wn_dedup_pair_get_record (pair, 0));
          g_string_append_c (out, ',');
          append_record_json (out, wn_dedup_pair_get_record_id (pair, 1), wn_dedup_pair_get_record (pair, 1));
          g_string_append (out, "]}");
        }
      g_string_append (out, "]}");
      if (json)
        wn_cli_print_json (out);
      return WN_CLI_EXIT_OK;
    }

  groups = wn_dedup_list_groups (project, NULL, &error);
  if (groups == NULL)
    return wn_cli_store_failure (error);
  pending = wn_dedup_list_pairs (project, WN_DEDUP_PAIRS_PENDING, 0, NULL, &error);
  if (pending == NULL)
    return wn_cli_store_failure (error);

  g_string_append (out, "{\"groups\":[");
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(WnDedupGroup) group = g_list_model_get_item (groups, i);
      guint n_members = 0;
      const gint64 *members = wn_dedup_group_get_members (group, &n_members);

      if (!json)
        {
          g_print (_("Group %lld (%s): kept %lld;"), (long long) wn_dedup_group_get_id (group),
                   wn_dedup_group_get_status (group), (long long) wn_dedup_group_get_kept_id (group));
          for (guint m = 0; m < n_members; m++)
            g_print (" %lld", (long long) members[m]);
          g_print ("\n");
          continue;
        }
      if (out->len > strlen ("{\"groups\":["))
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      wn_json_append_key (out, "kept");
      wn_json_append_int (out, wn_dedup_group_get_kept_id (group));
      wn_json_append_key (out, "members");
      g_string_append_c (out, '[');
      for (guint m = 0; m < n_members; m++)
        g_string_append_printf (out, "%s%lld", m > 0 ? "," : "", (long long) members[m]);
      g_string_append_c (out, ']');
      wn_json_append_key (out, "status");
      wn_json_append_string (out, wn_dedup_group_get_status (group));
      wn_json_append_key (out, "id");
      wn_json_append_int (out, wn_dedup_group_get_id (group));
      g_string_append_c (out, '}');
    }
  /* A pair awaiting a person is a possible group of two; "kept" is the
   * record that would be kept. */
  for (guint i = 0; i < g_list_model_get_n_items (pending); i++)
    {
      g_autoptr(WnDedupPair) pair = g_list_model_get_item (pending, i);
      gint64 a = wn_dedup_pair_get_record_id (pair, 0);
      gint64 b = wn_dedup_pair_get_record_id (pair, 1);

      if (!json)
        {
          g_print (_("Possible, pair %lld: %lld %lld (%s)\n"), (long long) wn_dedup_pair_get_id (pair),
                   (long long) a, (long long) b, wn_dedup_pair_get_description (pair));
          continue;
        }
      if (out->len > strlen ("{\"groups\":["))
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      wn_json_append_key (out, "kept");
      wn_json_append_int (out, a);
      g_string_append_printf (out, ",\"members\":[%lld,%lld]", (long long) a, (long long) b);
      wn_json_append_key (out, "status");
      wn_json_append_string (out, "possible");
      wn_json_append_key (out, "pair");
      wn_json_append_int (out, wn_dedup_pair_get_id (pair));
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  if (json)
    wn_cli_print_json (out);
  return WN_CLI_EXIT_OK;
}

static int
cmd_dedup_decide (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  WnDedupDecision decision;
  gint64 pair_id = 0;
  int status = 0;

  context = wn_cli_command_context ("dedup-decide", N_("PROJECT PAIR duplicate|distinct"),
                             N_("Decide on a pair of possible duplicates (pair ids come from duplicates --pairs). "
                                "duplicate merges the two records; distinct keeps them apart for good."),
                             NULL);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 4)
    return wn_cli_usage_error (context, _("usage: dedup-decide PROJECT PAIR duplicate|distinct"));
  if (!wn_cli_parse_id (argv[2], &pair_id))
    return wn_cli_usage_error (context, _("“%s” is not a pair id"), argv[2]);
  if (!wn_dedup_decision_from_string (argv[3], &decision))
    return wn_cli_usage_error (context, _("the decision must be duplicate or distinct"));

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if (!wn_dedup_decide (project, pair_id, decision, &error))
    return wn_cli_store_failure (error);
  return WN_CLI_EXIT_OK;
}

static int
cmd_dedup_undo (int    argc,
                char **argv)
{
  gint64 pair_id = 0;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gint64 group_id = 0;
  int status = 0;
  GOptionEntry entries[] = {
    { "pair", 0, 0, G_OPTION_ARG_INT64, &pair_id, N_("Undo the latest decision on this pair instead"), N_("PAIR") },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("dedup-undo", N_("PROJECT GROUP"),
                             N_("Undo a merge: every record of the group is its own record again, exactly as "
                                "before, and the group's links wait for a person. With --pair, undo a decision."),
                             entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (pair_id < 0)
    return wn_cli_usage_error (context, _("--pair takes a pair id"));
  if ((pair_id > 0 && argc != 2) || (pair_id == 0 && argc != 3))
    return wn_cli_usage_error (context, _("usage: dedup-undo PROJECT GROUP, or dedup-undo PROJECT --pair PAIR"));
  if (pair_id == 0 && !wn_cli_parse_id (argv[2], &group_id))
    return wn_cli_usage_error (context, _("“%s” is not a group id"), argv[2]);

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if (pair_id > 0 ? !wn_dedup_undo_decision (project, pair_id, &error)
                  : !wn_dedup_undo_group (project, group_id, &error))
    return wn_cli_store_failure (error);
  return WN_CLI_EXIT_OK;
}

static int
cmd_dedup_confirm (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gint64 group_id = 0;
  int status = 0;

  context = wn_cli_command_context ("dedup-confirm", N_("PROJECT GROUP"),
                             N_("Mark a group the engine merged as checked by a person."), NULL);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return wn_cli_usage_error (context, _("usage: dedup-confirm PROJECT GROUP"));
  if (!wn_cli_parse_id (argv[2], &group_id))
    return wn_cli_usage_error (context, _("“%s” is not a group id"), argv[2]);

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  if (!wn_dedup_confirm_group (project, group_id, &error))
    return wn_cli_store_failure (error);
  return WN_CLI_EXIT_OK;
}

static int
cmd_dedup_explain (int    argc,
                   char **argv)
{
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WnRecord) a = NULL;
  g_autoptr(WnRecord) b = NULL;
  g_autofree char *text = NULL;
  WnDedupMatch match;
  gint64 id_a = 0;
  gint64 id_b = 0;
  int status = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = wn_cli_command_context ("dedup-explain", N_("PROJECT RECORD RECORD"),
                             N_("Compare two records with the dedup rules and say why they are, or are not, "
                                "duplicates."),
                             entries);
  if (!wn_cli_parse_command (context, &argc, &argv, &status))
    return status;
  if (argc != 4)
    return wn_cli_usage_error (context, _("usage: dedup-explain PROJECT RECORD RECORD"));
  if (!wn_cli_parse_id (argv[2], &id_a) || !wn_cli_parse_id (argv[3], &id_b))
    return wn_cli_usage_error (context, _("records are given by their ids"));

  project = wn_cli_open_project (argv[1], &status);
  if (project == NULL)
    return status;
  a = wn_project_get_record (project, id_a, NULL, &error);
  if (a == NULL)
    return wn_cli_store_failure (error);
  b = wn_project_get_record (project, id_b, NULL, &error);
  if (b == NULL)
    return wn_cli_store_failure (error);

  wn_dedup_compare_records (a, b, &match);
  if (json)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      text = wn_dedup_match_to_json (&match);
      g_string_append (out, text);
      wn_cli_print_json (out);
    }
  else
    {
      text = wn_dedup_match_describe (&match);
      g_print ("%s (%s): %s\n", wn_dedup_outcome_to_string (match.outcome), match.rule, text);
    }
  return WN_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */

static void
print_usage (FILE *to)
{
  /* Pad by characters, not bytes ("…" is three bytes); a command too long
   * for the column puts its summary on the next line. */
  const glong column = 30;

  fprintf (to, "%s\n\n", _("Usage: winnow-cli COMMAND PROJECT [ARGS…]"));
  fprintf (to, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *left = g_strdup_printf ("%s %s", commands[i].name, _(commands[i].args));
      glong width = g_utf8_strlen (left, -1);

      if (width < column)
        fprintf (to, "  %s%*s %s\n", left, (int) (column - width), "", _(commands[i].summary));
      else
        fprintf (to, "  %s\n  %*s %s\n", left, (int) column, "", _(commands[i].summary));
    }
  fprintf (to, "\n%s\n", _("“winnow-cli COMMAND --help” describes a command's options."));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  /* WINNOW_LOCALEDIR: the build tree's po/ when running uninstalled
   * (build-aux/run, the tests); the installed catalogues otherwise. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("WINNOW_LOCALEDIR") != NULL
                                   ? g_getenv ("WINNOW_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("winnow-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return WN_CLI_EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return WN_CLI_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("winnow-cli %s\n", PACKAGE_VERSION);
      return WN_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        return commands[i].func (argc - 1, argv + 1);
    }

  g_printerr (_("winnow-cli: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);
  return WN_CLI_EXIT_USAGE;
}
