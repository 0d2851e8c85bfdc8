/* test-cli.c — the winnow-cli contract: commands, JSON, exit statuses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real winnow-cli (WINNOW_CLI, set by the test environment) as a
 * script would, and checks what CLI.md promises.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "wn-project.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static char *tmpdir;

static void
run_cli (Run *run,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("WINNOW_CLI");
  const char *arg;
  va_list ap;
  int wait_status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_assert_true (g_spawn_sync (tmpdir, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

/* /wn/core/cli/usage: help, version and usage errors */
static void
test_usage (void)
{
  g_auto(Run) help = { 0 };
  g_auto(Run) version = { 0 };
  g_auto(Run) unknown = { 0 };
  g_auto(Run) none = { 0 };
  g_auto(Run) missing = { 0 };
  g_auto(Run) import_help = { 0 };
  g_auto(Run) bad_option = { 0 };

  run_cli (&help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "import"));
  g_assert_nonnull (strstr (help.out, "records"));

  run_cli (&version, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_nonnull (strstr (version.out, PACKAGE_VERSION));

  run_cli (&unknown, "frobnicate", "x.winnow", NULL);
  g_assert_cmpint (unknown.status, ==, 2);

  run_cli (&none, NULL);
  g_assert_cmpint (none.status, ==, 2);

  run_cli (&missing, "info", NULL);
  g_assert_cmpint (missing.status, ==, 2);

  run_cli (&import_help, "import", "--help", NULL);
  g_assert_cmpint (import_help.status, ==, 0);
  g_assert_nonnull (strstr (import_help.out, "--keep-valid"));
  g_assert_nonnull (strstr (import_help.out, "--hits"));

  run_cli (&bad_option, "records", "x.winnow", "--no-such-option", NULL);
  g_assert_cmpint (bad_option.status, ==, 2);
}

/* /wn/core/cli/new-and-info */
static void
test_new_and_info (void)
{
  g_auto(Run) created = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) info = { 0 };
  g_auto(Run) text = { 0 };
  g_autoptr(JsonObject) object = NULL;
  JsonObject *decisions;

  run_cli (&created, "new", "info.winnow", "--title", "Peer workforce", NULL);
  g_assert_cmpint (created.status, ==, 0);

  run_cli (&again, "new", "info.winnow", NULL);
  g_assert_cmpint (again.status, ==, 3);
  g_assert_nonnull (strstr (again.err, "info.winnow"));

  run_cli (&info, "info", "info.winnow", "--json", NULL);
  g_assert_cmpint (info.status, ==, 0);
  object = parse_object (info.out);
  g_assert_cmpint (json_object_get_int_member (object, "records"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "unique_records"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "searches"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "duplicate_groups"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "included"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "schema_version"), ==, WN_PROJECT_SCHEMA_VERSION);
  g_assert_true (json_object_get_boolean_member (object, "blind"));
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Peer workforce");
  decisions = json_object_get_object_member (object, "decisions");
  g_assert_nonnull (decisions);
  g_assert_true (json_object_has_member (decisions, "ta"));
  g_assert_true (json_object_has_member (object, "conflicts"));

  run_cli (&text, "info", "info.winnow", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Peer workforce"));
}

/* /wn/core/cli/cannot-open: every kind of unopenable project is exit 3 with
 * a message naming the file, and the file is left as it was */
static void
test_cannot_open (void)
{
  g_autofree char *text_path = g_build_filename (tmpdir, "text.winnow", NULL);
  g_autofree char *after = NULL;
  g_auto(Run) missing = { 0 };
  g_auto(Run) text = { 0 };

  run_cli (&missing, "info", "nowhere.winnow", NULL);
  g_assert_cmpint (missing.status, ==, 3);
  g_assert_nonnull (strstr (missing.err, "nowhere.winnow"));

  g_assert_true (g_file_set_contents (text_path, "just some notes\n", -1, NULL));
  run_cli (&text, "records", "text.winnow", "--json", NULL);
  g_assert_cmpint (text.status, ==, 3);
  g_assert_nonnull (strstr (text.err, "not a Winnow project"));
  g_assert_true (g_file_get_contents (text_path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "just some notes\n");
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    if (*p == '\n')
      n++;
  return n;
}

/* /wn/core/cli/import-and-records: synthetic records in, JSON Lines out
 * with every field CLI.md names */
static void
test_import_and_records (void)
{
  static const char *const keys[] = {
    "id", "search_id", "source_id", "title", "authors", "year", "journal", "volume", "issue",
    "pages", "doi", "pmid", "abstract", "keywords", "language", "type", "database",
    "duplicate_of", "fulltext", "retrieval", "study_id",
  };
  g_auto(Run) synth = { 0 };
  g_auto(Run) created = { 0 };
  g_auto(Run) imported = { 0 };
  g_auto(Run) records = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) info = { 0 };
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) counts = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *file;

  run_cli (&synth, "synth", "--records", "250", "--seed", "3", "-o", "synth.ris", NULL);
  g_assert_cmpint (synth.status, ==, 0);
  run_cli (&created, "new", "import.winnow", NULL);
  g_assert_cmpint (created.status, ==, 0);

  run_cli (&imported, "import", "import.winnow", "synth.ris", "--database", "PsycINFO",
           "--platform", "EBSCOhost", "--date", "2026-10-01", "--query", "peer AND burnout",
           "--hits", "250", "--json", NULL);
  g_assert_cmpint (imported.status, ==, 0);
  report = parse_object (imported.out);
  file = json_array_get_object_element (json_object_get_array_member (report, "files"), 0);
  g_assert_cmpstr (json_object_get_string_member (file, "format"), ==, "ris");
  g_assert_cmpstr (json_object_get_string_member (file, "query"), ==, "peer AND burnout");
  g_assert_cmpint (json_object_get_int_member (file, "records"), ==, 250);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (file, "rejected")), ==, 0);

  run_cli (&records, "records", "import.winnow", "--json", NULL);
  g_assert_cmpint (records.status, ==, 0);
  g_assert_cmpuint (count_lines (records.out), ==, 250);
  lines = g_strsplit (records.out, "\n", 2);
  first = parse_object (lines[0]);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      if (!json_object_has_member (first, keys[i]))
        g_error ("records --json lacks the key %s", keys[i]);
    }
  g_assert_cmpint (json_object_get_int_member (first, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "source_id"), ==, "SYN000001");
  g_assert_cmpstr (json_object_get_string_member (first, "database"), ==, "PsycINFO");
  g_assert_true (json_object_get_null_member (first, "duplicate_of"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "authors")), >=, 1);

  /* The same file again is refused unless asked for: nothing added. */
  run_cli (&again, "import", "import.winnow", "synth.ris", NULL);
  g_assert_cmpint (again.status, ==, 1);
  run_cli (&info, "info", "import.winnow", "--json", NULL);
  counts = parse_object (info.out);
  g_assert_cmpint (json_object_get_int_member (counts, "records"), ==, 250);
  g_assert_cmpint (json_object_get_int_member (counts, "searches"), ==, 1);
}

/* /wn/core/cli/import-bad-file: exit 1, a message with file and line,
 * nothing imported */
static void
test_import_bad_file (void)
{
  g_autofree char *bad = g_build_filename (tmpdir, "garbage.ris", NULL);
  g_auto(Run) created = { 0 };
  g_auto(Run) imported = { 0 };
  g_auto(Run) info = { 0 };
  g_autoptr(JsonObject) counts = NULL;
  guint8 junk[4096];

  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (guint8) (i * 7919 % 251);
  g_assert_true (g_file_set_contents (bad, (const char *) junk, sizeof junk, NULL));

  run_cli (&created, "new", "bad.winnow", NULL);
  run_cli (&imported, "import", "bad.winnow", "garbage.ris", NULL);
  g_assert_cmpint (imported.status, ==, 1);
  g_assert_nonnull (strstr (imported.err, "garbage.ris"));

  run_cli (&info, "info", "bad.winnow", "--json", NULL);
  counts = parse_object (info.out);
  g_assert_cmpint (json_object_get_int_member (counts, "records"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (counts, "searches"), ==, 0);
}

static JsonObject *
file_report (JsonObject *report,
             guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (report, "files"), index);
}

static JsonObject *
search_report (JsonObject *report)
{
  JsonArray *searches = json_object_get_array_member (report, "searches");

  g_assert_cmpuint (json_array_get_length (searches), ==, 1);
  return json_array_get_object_element (searches, 0);
}

/* /wn/core/cli/import-several-files: the files of one import are one search
 * (an export in parts), compared with the hit count together: no warning
 * when the parts add up, although each differs alone; --add-to adds a
 * part later, --separate keeps files apart. Written when `import a b
 * --hits N` stored two searches of N hits and warned on both. */
static void
test_import_several_files (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) counts = NULL;
  JsonObject *search;
  JsonArray *files;
  gint64 first;
  static const struct { const char *name; const char *n; const char *seed; } parts[] = {
    { "part1.ris", "30", "11" }, { "part2.ris", "20", "12" }, { "part3.ris", "5", "13" },
    { "other.ris", "10", "14" }, { "solo1.ris", "4", "15" }, { "solo2.ris", "6", "16" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      run_clear (&run);
      run_cli (&run, "synth", "-n", parts[i].n, "--seed", parts[i].seed, "-o", parts[i].name, NULL);
      g_assert_cmpint (run.status, ==, 0);
    }
  run_clear (&run);
  run_cli (&run, "new", "parts.winnow", NULL);

  run_clear (&run);
  run_cli (&run, "import", "parts.winnow", "part1.ris", "part2.ris", "--database", "Embase",
           "--platform", "Ovid", "--hits", "50", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.err, "warning"));
  report = parse_object (run.out);
  first = json_object_get_int_member (file_report (report, 0), "search_id");
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *file = file_report (report, i);

      g_assert_cmpint (json_object_get_int_member (file, "batch_id"), ==, first);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (file, "warnings")), ==, 0);
    }
  search = search_report (report);
  g_assert_cmpint (json_object_get_int_member (search, "id"), ==, first);
  g_assert_cmpint (json_object_get_int_member (search, "records"), ==, 50);
  g_assert_cmpint (json_object_get_int_member (search, "reported_hits"), ==, 50);
  g_assert_cmpint (json_object_get_int_member (search, "hits_difference"), ==, 0);
  files = json_object_get_array_member (search, "files");
  g_assert_cmpuint (json_array_get_length (files), ==, 2);
  g_clear_pointer (&report, json_object_unref);

  /* Each file's records keep their own search id. */
  run_clear (&run);
  run_cli (&run, "records", "parts.winnow", "--search", "2", "--json", NULL);
  g_assert_cmpuint (count_lines (run.out), ==, 20);

  /* A part exported later: the sum now differs, and says so once. */
  run_clear (&run);
  run_cli (&run, "import", "parts.winnow", "part3.ris", "--add-to", "2", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  report = parse_object (run.out);
  g_assert_cmpint (json_object_get_int_member (file_report (report, 0), "batch_id"), ==, first);
  search = search_report (report);
  g_assert_cmpint (json_object_get_int_member (search, "records"), ==, 55);
  g_assert_cmpint (json_object_get_int_member (search, "hits_difference"), ==, 5);
  g_assert_nonnull (strstr (run.err, "warning"));
  g_clear_pointer (&report, json_object_unref);

  /* A search of one file is compared by itself, as before. */
  run_clear (&run);
  run_cli (&run, "import", "parts.winnow", "other.ris", "--database", "PsycINFO", "--hits", "12", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  report = parse_object (run.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (file_report (report, 0), "warnings")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (search_report (report), "hits_difference"), ==, -2);
  g_clear_pointer (&report, json_object_unref);

  run_clear (&run);
  run_cli (&run, "import", "parts.winnow", "solo1.ris", "solo2.ris", "--separate", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  report = parse_object (run.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "searches")), ==, 2);
  g_clear_pointer (&report, json_object_unref);

  run_clear (&run);
  run_cli (&run, "import", "parts.winnow", "solo1.ris", "--add-to", "99", "--again", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);
  run_cli (&run, "import", "parts.winnow", "solo1.ris", "--add-to", "1", "--separate", NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_clear (&run);
  run_cli (&run, "info", "parts.winnow", "--json", NULL);
  counts = parse_object (run.out);
  g_assert_cmpint (json_object_get_int_member (counts, "searches"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (counts, "search_batches"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (counts, "records"), ==, 75);
}

/* /wn/core/cli/import-mixed-sources: files of one import that come from
 * different databases are different searches, each with its own
 * provenance; a later file from the first database joins the search its
 * predecessor began. */
static void
test_import_mixed_sources (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) report = NULL;
  const char *embase = g_test_get_filename (G_TEST_DIST, "data", "ris", "embase-c5-pmid.ris", NULL);
  const char *ebsco = g_test_get_filename (G_TEST_DIST, "data", "ris", "ebsco-l3-copyright.ris", NULL);
  const char *ebsco_again = g_test_get_filename (G_TEST_DIST, "data", "ris", "ebsco-l3-copyright.ris.in", NULL);
  JsonObject *file;
  gint64 first;
  gint64 second;

  run_cli (&run, "new", "mixed.winnow", NULL);
  run_clear (&run);
  run_cli (&run, "import", "mixed.winnow", embase, ebsco, ebsco_again, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  report = parse_object (run.out);

  file = file_report (report, 0);
  first = json_object_get_int_member (file, "search_id");
  g_assert_cmpstr (json_object_get_string_member (file, "database"), ==, "Embase");
  g_assert_cmpint (json_object_get_int_member (file, "batch_id"), ==, first);

  /* EBSCOhost after embase.com: a search of its own, said so. */
  file = file_report (report, 1);
  second = json_object_get_int_member (file, "search_id");
  g_assert_cmpint (second, !=, first);
  g_assert_cmpint (json_object_get_int_member (file, "batch_id"), ==, second);
  g_assert_cmpstr (json_object_get_string_member (file, "database"), ==, "Criminal Justice Abstracts");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (file, "warnings")), ==, 1);

  /* Another part of the EBSCOhost export: joins its search. */
  file = file_report (report, 2);
  g_assert_cmpint (json_object_get_int_member (file, "batch_id"), ==, second);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "searches")), ==, 2);
  g_clear_pointer (&report, json_object_unref);

  /* Each search keeps its own database. */
  run_clear (&run);
  run_cli (&run, "info", "mixed.winnow", "--json", NULL);
  report = parse_object (run.out);
  g_assert_cmpint (json_object_get_int_member (report, "searches"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (report, "search_batches"), ==, 2);
}

/* /wn/core/cli/synth-deterministic: the same seed writes the same bytes */
static void
test_synth_deterministic (void)
{
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  g_auto(Run) c = { 0 };
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  g_autofree char *three = NULL;
  g_autofree char *p1 = g_build_filename (tmpdir, "s1.ris", NULL);
  g_autofree char *p2 = g_build_filename (tmpdir, "s2.ris", NULL);
  g_autofree char *p3 = g_build_filename (tmpdir, "s3.ris", NULL);

  run_cli (&a, "synth", "-n", "50", "--seed", "9", "-o", "s1.ris", NULL);
  run_cli (&b, "synth", "-n", "50", "--seed", "9", "-o", "s2.ris", NULL);
  run_cli (&c, "synth", "-n", "50", "--seed", "10", "-o", "s3.ris", NULL);
  g_assert_true (g_file_get_contents (p1, &one, NULL, NULL));
  g_assert_true (g_file_get_contents (p2, &two, NULL, NULL));
  g_assert_true (g_file_get_contents (p3, &three, NULL, NULL));
  g_assert_cmpstr (one, ==, two);
  g_assert_cmpstr (one, !=, three);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("winnow-cli-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/wn/core/cli/usage", test_usage);
  g_test_add_func ("/wn/core/cli/new-and-info", test_new_and_info);
  g_test_add_func ("/wn/core/cli/cannot-open", test_cannot_open);
  g_test_add_func ("/wn/core/cli/import-and-records", test_import_and_records);
  g_test_add_func ("/wn/core/cli/import-bad-file", test_import_bad_file);
  g_test_add_func ("/wn/core/cli/import-several-files", test_import_several_files);
  g_test_add_func ("/wn/core/cli/import-mixed-sources", test_import_mixed_sources);
  g_test_add_func ("/wn/core/cli/synth-deterministic", test_synth_deterministic);

  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmpdir);
    if (g_str_has_prefix (tmpdir, g_get_tmp_dir ()))
      (void) !system (command);
  }
  g_free (tmpdir);
  return status;
}
