/* test-coding-cli.c — the extraction and coding commands of winnow-cli, run
 * as a user runs them (WINNOW_CLI): template, extract, verification,
 * extraction-agreement, extraction-export, codes, paste-text, code,
 * double-coding, coding-agreement, and study_id in records --json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

typedef struct
{
  char *dir;
  char *path;
} Fixture;

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

/* Runs winnow-cli with the NULL-terminated arguments; PROJECT in them is
 * replaced by the fixture's project path. */
static void
cli (Fixture    *fixture,
     Run        *run,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  run_clear (run);
  g_ptr_array_add (argv, (gpointer) g_getenv ("WINNOW_CLI"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) (g_str_equal (arg, "PROJECT") ? fixture->path : arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (fixture->dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                               &run->err, &run->status, &error));
  g_assert_no_error (error);
  run->status = WIFEXITED (run->status) ? WEXITSTATUS (run->status) : -1;
}

static void
cli_ok (Fixture *fixture,
        Run     *run,
        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  run_clear (run);
  g_ptr_array_add (argv, (gpointer) g_getenv ("WINNOW_CLI"));
  va_start (args, run);
  for (arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) (g_str_equal (arg, "PROJECT") ? fixture->path : arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (fixture->dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                               &run->err, &run->status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (run->status, NULL))
    g_error ("winnow-cli %s: %s", (const char *) argv->pdata[1], run->err);
  run->status = 0;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Run run = { 0 };
  g_autofree char *ris = NULL;

  fixture->dir = g_dir_make_tmp ("winnow-test-coding-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "review.winnow", NULL);
  if (g_getenv ("WINNOW_CLI") == NULL)
    return;
  ris = g_build_filename (fixture->dir, "records.ris", NULL);
  cli_ok (fixture, &run, "new", "PROJECT", NULL);
  cli_ok (fixture, &run, "synth", "-n", "8", "-o", ris, NULL);
  cli_ok (fixture, &run, "import", "PROJECT", ris, NULL);
  cli_ok (fixture, &run, "reviewer", "add", "PROJECT", "alice", NULL);
  cli_ok (fixture, &run, "reviewer", "add", "PROJECT", "bob", NULL);
  /* Records 3, 1, 5 included in that order: S001, S002, S003. */
  for (guint i = 0; i < 3; i++)
    {
      const char *id = (const char *[]) { "3", "1", "5" }[i];

      cli_ok (fixture, &run, "decide", "PROJECT", id, "include", "-r", "alice", "-s", "ta", NULL);
      cli_ok (fixture, &run, "decide", "PROJECT", id, "include", "-r", "bob", "-s", "ta", NULL);
      cli_ok (fixture, &run, "decide", "PROJECT", id, "include", "-r", "alice", "-s", "ft", NULL);
      cli_ok (fixture, &run, "decide", "PROJECT", id, "include", "-r", "bob", "-s", "ft", NULL);
    }
  run_clear (&run);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static gboolean
need_cli (void)
{
  if (g_getenv ("WINNOW_CLI") != NULL)
    return TRUE;
  g_test_skip ("WINNOW_CLI is not set");
  return FALSE;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* /coding/cli/studies: study ids in order of inclusion, in records --json */
static void
test_studies (Fixture       *fixture,
              gconstpointer  data)
{
  Run run = { 0 };
  g_auto(GStrv) lines = NULL;
  guint with_id = 0;

  if (!need_cli ())
    return;
  cli_ok (fixture, &run, "records", "PROJECT", "--json", NULL);
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(JsonNode) node = parse_json (lines[i]);
      JsonObject *record = json_node_get_object (node);
      gint64 id = json_object_get_int_member (record, "id");
      const char *study = json_object_get_string_member_with_default (record, "study_id", NULL);

      if (id == 3)
        g_assert_cmpstr (study, ==, "S001");
      else if (id == 1)
        g_assert_cmpstr (study, ==, "S002");
      else if (id == 5)
        g_assert_cmpstr (study, ==, "S003");
      else
        g_assert_null (study);
      with_id += study != NULL;
    }
  g_assert_cmpuint (with_id, ==, 3);
  run_clear (&run);
}

/* /coding/cli/extraction: template, a revision, extract (checked), the
 * export with formula injection neutralised, verification and agreement */
static void
test_extraction (Fixture       *fixture,
                 gconstpointer  data)
{
  Run run = { 0 };
  g_autoptr(JsonNode) tmpl = NULL;
  g_autoptr(JsonNode) agreement = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *csv_path = g_build_filename (fixture->dir, "extraction.csv", NULL);
  g_autofree char *xlsx_path = g_build_filename (fixture->dir, "extraction.xlsx", NULL);
  JsonArray *fields;

  if (!need_cli ())
    return;
  cli_ok (fixture, &run, "template", "PROJECT", "--json", NULL);
  tmpl = parse_json (run.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (tmpl), "version"), ==, 1);
  fields = json_object_get_array_member (json_node_get_object (tmpl), "fields");
  g_assert_cmpuint (json_array_get_length (fields), >=, 12);

  cli_ok (fixture, &run, "extract", "PROJECT", "S001", "--field", "sample_size", "--value", "42", "--extractor",
          "alice", NULL);
  cli_ok (fixture, &run, "extract", "PROJECT", "S002", "--field", "thesis_objectives", "--value",
          "=HYPERLINK(\"http://x\")", "--extractor", "alice", NULL);
  /* Refused, exit 1, with the field and the cause. */
  cli (fixture, &run, "extract", "PROJECT", "S001", "--field", "sample_size", "--value", "forty", "--extractor",
       "alice", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "sample_size"));
  g_assert_nonnull (strstr (run.err, "forty"));
  cli (fixture, &run, "extract", "PROJECT", "2", "--field", "sample_size", "--value", "7", "--extractor", "alice",
       NULL);
  g_assert_cmpint (run.status, ==, 1);
  cli (fixture, &run, "extract", "PROJECT", "S009", "--field", "sample_size", "--value", "7", "--extractor", "alice",
       NULL);
  g_assert_cmpint (run.status, ==, 1);

  /* A revision adds a field: version 2, S001 flagged for it (as the
   * template's added_in tells). */
  cli_ok (fixture, &run, "template", "PROJECT", "--add", "funding", "--type", "single_choice", "--label", "Funding",
          "--choices", "public; private; none", "--note", "after the pilot", "--json", NULL);
  g_clear_pointer (&tmpl, json_node_unref);
  tmpl = parse_json (run.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (tmpl), "version"), ==, 2);
  cli (fixture, &run, "template", "PROJECT", "--retire", "nonexistent", NULL);
  g_assert_cmpint (run.status, ==, 1);

  cli_ok (fixture, &run, "extraction-export", "PROJECT", "--format", "csv", "-o", csv_path, NULL);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "\xef\xbb\xbfStudy ID,"));
  g_assert_nonnull (strstr (csv, "\r\nS001,"));
  g_assert_nonnull (strstr (csv, ",42,"));
  g_assert_nonnull (strstr (csv, "Funding"));
  g_assert_null (strstr (csv, ",=HYPERLINK"));
  g_assert_null (strstr (csv, ",\"=HYPERLINK"));
  g_assert_nonnull (strstr (csv, "'=HYPERLINK"));
  cli_ok (fixture, &run, "extraction-export", "PROJECT", "--format", "xlsx", "-o", xlsx_path, NULL);
  g_assert_true (g_file_test (xlsx_path, G_FILE_TEST_IS_REGULAR));
  cli (fixture, &run, "extraction-export", "PROJECT", "--format", "ods", "-o", xlsx_path, NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* Verification: a draw of at least one study; bob extracts it blind; the
   * agreement and the discrepancy. */
  cli_ok (fixture, &run, "verification", "PROJECT", "--extractor", "alice", "--verifier", "bob", "--share", "0.1",
          "--seed", "7", NULL);
  g_assert_true (g_str_has_prefix (run.out, "S00"));
  {
    g_autofree char *study = g_strndup (run.out, 4);

    cli_ok (fixture, &run, "extract", "PROJECT", study, "--field", "methodology", "--value", "qualitative",
            "--extractor", "alice", NULL);
    cli_ok (fixture, &run, "extract", "PROJECT", study, "--field", "methodology", "--value", "mixed methods",
            "--extractor", "bob", NULL);
  }
  cli_ok (fixture, &run, "extraction-agreement", "PROJECT", "--json", NULL);
  agreement = parse_json (run.out);
  {
    JsonArray *discrepancies = json_object_get_array_member (json_node_get_object (agreement), "discrepancies");
    JsonObject *d;

    g_assert_cmpuint (json_array_get_length (discrepancies), ==, 1);
    d = json_array_get_object_element (discrepancies, 0);
    g_assert_cmpstr (json_object_get_string_member (d, "field"), ==, "methodology");
    g_assert_cmpstr (json_object_get_string_member (d, "first"), ==, "qualitative");
    g_assert_cmpstr (json_object_get_string_member (d, "second"), ==, "mixed methods");
  }
  run_clear (&run);
}

/* /coding/cli/coding: the codebook, pasted text, codes on spans and whole
 * documents, double coding, agreement, the themes table, .qdc out and in */
static void
test_coding (Fixture       *fixture,
             gconstpointer  data)
{
  Run run = { 0 };
  g_autofree char *text_path = g_build_filename (fixture->dir, "report.txt", NULL);
  g_autofree char *qdc_path = g_build_filename (fixture->dir, "codebook.qdc", NULL);
  g_autofree char *themes_path = g_build_filename (fixture->dir, "themes.csv", NULL);
  g_autofree char *themes = NULL;
  g_autoptr(JsonNode) codes = NULL;
  g_autoptr(JsonNode) agreement = NULL;
  JsonArray *list;
  gboolean burnout = FALSE;

  if (!need_cli ())
    return;
  cli_ok (fixture, &run, "codes", "PROJECT", "--json", NULL);
  codes = parse_json (run.out);
  list = json_object_get_array_member (json_node_get_object (codes), "codes");
  for (guint i = 0; i < json_array_get_length (list); i++)
    burnout |= g_strcmp0 (json_object_get_string_member (json_array_get_object_element (list, i), "path"),
                          "Workforce outcomes/Burnout") == 0;
  g_assert_true (burnout);
  cli_ok (fixture, &run, "codes", "PROJECT", "--add", "Workforce outcomes/Moral injury", "--colour", "#aa3300",
          "--description", "Acting against one's values at work", NULL);
  cli (fixture, &run, "codes", "PROJECT", "--add", "No such theme/Child", NULL);
  g_assert_cmpint (run.status, ==, 1);

  /* "Señora Peer said burnout came first." : "burnout" is characters 16–23. */
  g_assert_true (g_file_set_contents (text_path, "Señora Peer said burnout came first.", -1, NULL));
  cli_ok (fixture, &run, "paste-text", "PROJECT", "S001", text_path, NULL);
  g_assert_true (g_file_set_contents (text_path, "Nothing here about it.", -1, NULL));
  cli_ok (fixture, &run, "paste-text", "PROJECT", "S002", text_path, NULL);
  cli_ok (fixture, &run, "double-coding", "PROJECT", "--coders", "alice,bob", "--share", "1", NULL);
  cli_ok (fixture, &run, "code", "PROJECT", "S001", "--coder", "alice", "--code", "Workforce outcomes/Burnout",
          "--start", "17", "--end", "24", NULL);
  cli_ok (fixture, &run, "code", "PROJECT", "S001", "--coder", "bob", "--code", "Workforce outcomes / Burnout",
          "--start", "17", "--end", "24", NULL);
  cli_ok (fixture, &run, "code", "PROJECT", "S002", "--coder", "alice", "--code", "Workforce outcomes/Moral injury",
          NULL);
  cli_ok (fixture, &run, "code", "PROJECT", "S002", "--coder", "bob", "--code", "Workforce outcomes/Burnout", NULL);
  cli (fixture, &run, "code", "PROJECT", "S001", "--coder", "alice", "--code", "Workforce outcomes/Burnout",
       "--start", "30", "--end", "99", NULL);
  g_assert_cmpint (run.status, ==, 1);
  cli (fixture, &run, "code", "PROJECT", "S001", "--coder", "alice", "--code", "Workforce outcomes/Burnout",
       "--start", "3", NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* Burnout: present for both on S001; on S002 bob only → 1 of 2 agree
   * (50 %); kappa: po 0.5, pe = (1/2·2/2)+(1/2·0/2) = 0.5 → 0. */
  cli_ok (fixture, &run, "coding-agreement", "PROJECT", "--json", NULL);
  agreement = parse_json (run.out);
  list = json_object_get_array_member (json_node_get_object (agreement), "codes");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *code = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (code, "code"), "Workforce outcomes/Burnout") != 0)
        continue;
      g_assert_cmpint (json_object_get_int_member (code, "n"), ==, 2);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (code, "percent_agreement"), 50.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (code, "cohen_kappa"), 0.0, 1e-9);
    }

  cli_ok (fixture, &run, "extraction-export", "PROJECT", "--format", "csv", "--table", "themes", "-o", themes_path,
          NULL);
  g_assert_true (g_file_get_contents (themes_path, &themes, NULL, NULL));
  g_assert_nonnull (strstr (themes, "Workforce outcomes,Burnout,Workforce outcomes/Burnout,2,1,0,2,3,“burnout” (S001)"));

  cli_ok (fixture, &run, "codes", "PROJECT", "--export", qdc_path, NULL);
  {
    g_autofree char *qdc = NULL;

    g_assert_true (g_file_get_contents (qdc_path, &qdc, NULL, NULL));
    g_assert_nonnull (strstr (qdc, "urn:QDA-XML:codebook:1.0"));
    g_assert_nonnull (strstr (qdc, "name=\"Moral injury\""));
  }
  run_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/coding/cli/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("studies", test_studies);
  ADD ("extraction", test_extraction);
  ADD ("coding", test_coding);
#undef ADD

  return g_test_run ();
}
