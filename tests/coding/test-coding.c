/* test-coding.c — the codebook, REFI-QDA import and export, codings on
 * pasted and PDF text, memos, the double-coding draw, coder agreement and
 * the themes and codebook tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "wn-code-path.h"
#include "wn-coding.h"
#include "wn-fulltext.h"
#include "wn-project.h"
#include "wn-screening.h"
#include "wn-studies.h"

/* ------------------------------------------------------------------------ */
/* Projects with included studies                                            */

typedef struct
{
  char      *dir;
  char      *path;
  WnProject *project;
  GArray    *ids;     /* record ids, the first n_included included at full text */
} Project;

static void
vote (WnProject  *project,
      const char *who,
      WnStage     stage,
      gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnDecision) event = NULL;

  event = wn_project_decide (project, who, stage, id, WN_VERDICT_INCLUDE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (event);
}

/* n_records records, the first n_included included (S001 is record 0). */
static Project *
project_new (guint n_records,
             guint n_included)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnSearch) search = wn_search_new ();
  g_autoptr(WnSearchWriter) writer = NULL;
  Project *p = g_new0 (Project, 1);

  p->dir = g_dir_make_tmp ("winnow-test-coding-XXXXXX", &error);
  g_assert_no_error (error);
  p->path = g_build_filename (p->dir, "review.winnow", NULL);
  p->project = wn_project_create (p->path, "Coding", &error);
  g_assert_no_error (error);
  p->ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  search->database = g_strdup ("PsycINFO");
  search->file_name = g_strdup ("psycinfo.ris");
  writer = wn_project_begin_search (p->project, search, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_records; i++)
    {
      g_autoptr(WnRecord) record = wn_record_new ();
      gint64 id;

      record->title = g_strdup_printf ("Peer support workers study %u on distinct outcome %c%c", i, 'a' + i % 26,
                                       'a' + i / 26);
      record->year = g_strdup_printf ("%u", 2000 + i);
      record->source_text = g_strdup (record->title);
      wn_record_add_author (record, i % 2 ? "Okafor, Chidi" : "Lindqvist, Maja");
      id = wn_search_writer_add (writer, record, &error);
      g_assert_no_error (error);
      g_array_append_val (p->ids, id);
    }
  g_assert_true (wn_search_writer_commit (writer, &error));
  g_assert_no_error (error);

  g_assert_true (wn_project_add_reviewer (p->project, "alice", "reviewer", &error));
  g_assert_true (wn_project_add_reviewer (p->project, "bob", "reviewer", &error));
  for (guint i = 0; i < n_included; i++)
    {
      gint64 id = g_array_index (p->ids, gint64, i);

      vote (p->project, "alice", WN_STAGE_TA, id);
      vote (p->project, "bob", WN_STAGE_TA, id);
      vote (p->project, "alice", WN_STAGE_FT, id);
      vote (p->project, "bob", WN_STAGE_FT, id);
    }
  if (n_included > 0)
    {
      g_autoptr(GPtrArray) studies = wn_project_list_studies (p->project, FALSE, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (studies->len, ==, n_included);
    }
  return p;
}

static void
project_free (Project *p)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&p->project);
  dir = g_dir_open (p->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (p->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (p->dir);
  g_free (p->dir);
  g_free (p->path);
  g_array_unref (p->ids);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Project, project_free)

#define RID(p, i) (g_array_index ((p)->ids, gint64, (i)))

static gint64
code_id (WnProject  *project,
         const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnCode) code = wn_project_find_code (project, path, &error);

  g_assert_no_error (error);
  if (code == NULL)
    g_error ("no code %s", path);
  return code->id;
}

static guint
count_codes (WnProject *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = wn_project_list_codes (project, &error);

  g_assert_no_error (error);
  return codes->len;
}

/* The codebook as one text: path, description, colour, guid per line. */
static char *
codebook_dump (WnProject *project,
               gboolean   with_guids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = wn_project_list_codes (project, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < codes->len; i++)
    {
      WnCode *code = g_ptr_array_index (codes, i);

      g_string_append_printf (out, "%s|%s|%s|%s\n", code->path, code->description, code->colour,
                              with_guids ? code->guid : "");
    }
  return g_string_free (out, FALSE);
}

/* The count of an SQL query's single value on the project file. */
static gint64
sql_int (Project    *p,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (p->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* ------------------------------------------------------------------------ */
/* The codebook                                                              */

/* /coding/codebook/default */
static void
test_default (void)
{
  g_autoptr(Project) p = project_new (1, 0);
  g_autoptr(GPtrArray) defaults = wn_codebook_default ();
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(WnCode) burnout = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected[] = {
    "Workforce outcomes/Burnout", "Workforce outcomes/Compassion fatigue",
    "Workforce outcomes/Vicarious or secondary trauma", "Workforce outcomes/Job satisfaction",
    "Workforce outcomes/Role clarity and ambiguity", "Workforce outcomes/Turnover",
    "Workforce outcomes/Absenteeism and presenteeism", "Contributors/Supervision", "Contributors/Workload",
    "Contributors/Organisational support", "Contributors/Boundaries", "Contributors/Personal recovery",
  };

  g_assert_cmpuint (sql_int (p, "SELECT count (*) FROM codes"), ==, 0);
  codes = wn_project_list_codes (p->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (codes->len, ==, defaults->len);
  for (guint i = 0; i < codes->len; i++)
    {
      WnCode *code = g_ptr_array_index (codes, i);
      WnCode *model = g_ptr_array_index (defaults, i);

      g_assert_cmpstr (code->path, ==, model->path);
      g_assert_cmpuint (code->depth, ==, model->depth);
      g_assert_nonnull (code->description);
      g_assert_nonnull (code->colour);
      g_assert_cmpuint (strlen (code->guid), ==, 36);
      g_assert_true (g_uuid_string_is_valid (code->guid));
    }
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(WnCode) code = wn_project_find_code (p->project, expected[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (code->path, ==, expected[i]);
      g_assert_cmpuint (code->depth, ==, 1);
    }
  /* Typed loosely, found all the same. */
  burnout = wn_project_find_code (p->project, "  Workforce   outcomes /Burnout ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (burnout->path, ==, "Workforce outcomes/Burnout");
  g_assert_cmpint (burnout->parent_id, ==, code_id (p->project, "Workforce outcomes"));

  /* Seeded once: reading again adds nothing, and a codebook emptied by
   * its owner stays empty. */
  g_assert_cmpuint (count_codes (p->project), ==, defaults->len);
  g_assert_cmpuint (sql_int (p, "SELECT count (*) FROM codes"), ==, defaults->len);
  g_assert_true (wn_project_remove_code (p->project, code_id (p->project, "Workforce outcomes"), &error));
  g_assert_true (wn_project_remove_code (p->project, code_id (p->project, "Contributors"), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_codes (p->project), ==, 0);
  g_assert_cmpuint (sql_int (p, "SELECT count (*) FROM codes"), ==, defaults->len);
  g_assert_cmpuint (sql_int (p, "SELECT count (*) FROM audit WHERE action = 'codebook.seed'"), ==, 1);
}

/* /coding/codebook/edit */
static void
test_edit (void)
{
  g_autoptr(Project) p = project_new (1, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(WnCode) code = NULL;
  g_autoptr(WnCode) moved = NULL;
  gint64 injury, outcomes, burnout, contributors, workload;
  gint64 audit_before;

  injury = wn_project_add_code (p->project, "Workforce outcomes / Moral  injury", "Acting against one's values.",
                                "#AABBCC", &error);
  g_assert_no_error (error);
  g_assert_cmpint (injury, >, 0);
  code = wn_project_find_code (p->project, "Workforce outcomes/Moral injury", &error);
  g_assert_no_error (error);
  g_assert_cmpint (code->id, ==, injury);
  g_assert_cmpstr (code->colour, ==, "#aabbcc");
  g_assert_cmpstr (code->description, ==, "Acting against one's values.");
  g_assert_cmpuint (code->depth, ==, 1);
  g_clear_pointer (&code, wn_code_free);

  /* A sibling with the same name, a missing parent, a bad colour. */
  g_assert_cmpint (wn_project_add_code (p->project, "Workforce outcomes/Moral injury", NULL, NULL, &error), ==, 0);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (wn_project_add_code (p->project, "No such theme/Child", NULL, NULL, &error), ==, 0);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_NO_CODE);
  g_clear_error (&error);
  g_assert_cmpint (wn_project_add_code (p->project, "Stigma", NULL, "red", &error), ==, 0);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (wn_project_add_code (p->project, "Stigma", NULL, "#12345g", &error), ==, 0);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (wn_project_add_code (p->project, "A//B", NULL, NULL, &error), ==, 0);
  g_assert_error (error, WN_CODE_PATH_ERROR, WN_CODE_PATH_ERROR_EMPTY);
  g_clear_error (&error);
  /* The same name under another parent is fine. */
  g_assert_cmpint (wn_project_add_code (p->project, "Contributors/Moral injury", NULL, NULL, &error), >, 0);
  g_assert_no_error (error);

  /* Rename, describe, recolour. */
  burnout = code_id (p->project, "Workforce outcomes/Burnout");
  g_assert_false (wn_project_update_code (p->project, burnout, "Turnover", NULL, NULL, &error));
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (wn_project_update_code (p->project, burnout, "Burn/out", NULL, NULL, &error));
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (wn_project_update_code (p->project, burnout, NULL, NULL, "#abc", &error));
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (wn_project_update_code (p->project, 99999, "X", NULL, NULL, &error));
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_NO_CODE);
  g_clear_error (&error);
  g_assert_true (wn_project_update_code (p->project, burnout, "Burn-out", "Exhaustion.", "#010203", &error));
  g_assert_no_error (error);
  code = wn_project_find_code (p->project, "Workforce outcomes/Burn-out", &error);
  g_assert_no_error (error);
  g_assert_cmpint (code->id, ==, burnout);
  g_assert_cmpstr (code->description, ==, "Exhaustion.");
  g_assert_cmpstr (code->colour, ==, "#010203");
  g_clear_pointer (&code, wn_code_free);
  code = wn_project_find_code (p->project, "Workforce outcomes/Burnout", &error);
  g_assert_null (code);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_NO_CODE);
  g_clear_error (&error);
  /* NULL leaves as is; "" clears. */
  g_assert_true (wn_project_update_code (p->project, burnout, NULL, NULL, "", &error));
  code = wn_project_find_code (p->project, "Workforce outcomes/Burn-out", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code->description, ==, "Exhaustion.");
  g_assert_null (code->colour);
  g_clear_pointer (&code, wn_code_free);

  /* Moves: never under itself or its own sub-code, never onto a name
   * taken. */
  outcomes = code_id (p->project, "Workforce outcomes");
  contributors = code_id (p->project, "Contributors");
  workload = code_id (p->project, "Contributors/Workload");
  audit_before = sql_int (p, "SELECT count (*) FROM audit");
  g_assert_false (wn_project_move_code (p->project, outcomes, outcomes, &error));
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (wn_project_move_code (p->project, outcomes, burnout, &error));
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (wn_project_move_code (p->project, injury, contributors, &error));
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (p, "SELECT count (*) FROM audit"), ==, audit_before);

  g_assert_true (wn_project_move_code (p->project, workload, burnout, &error));
  g_assert_no_error (error);
  moved = wn_project_find_code (p->project, "Workforce outcomes/Burn-out/Workload", &error);
  g_assert_no_error (error);
  g_assert_cmpint (moved->id, ==, workload);
  g_assert_cmpuint (moved->depth, ==, 2);
  g_clear_pointer (&moved, wn_code_free);
  g_assert_true (wn_project_move_code (p->project, burnout, 0, &error));
  g_assert_no_error (error);
  moved = wn_project_find_code (p->project, "Burn-out/Workload", &error);
  g_assert_no_error (error);
  g_assert_cmpint (moved->id, ==, workload);
  g_assert_cmpint (sql_int (p, "SELECT count (*) FROM audit WHERE action = 'code.move'"), ==, 2);

  /* Removing takes the sub-codes with it; the name is free again. */
  g_assert_true (wn_project_remove_code (p->project, burnout, &error));
  g_assert_no_error (error);
  code = wn_project_find_code (p->project, "Burn-out/Workload", &error);
  g_assert_null (code);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_NO_CODE);
  g_clear_error (&error);
  g_assert_false (wn_project_remove_code (p->project, burnout, &error));
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_NO_CODE);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (p, "SELECT count (*) FROM codes WHERE removed = 1"), ==, 2);
  g_assert_cmpint (wn_project_add_code (p->project, "Burn-out", NULL, NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (p, "SELECT count (*) FROM audit WHERE action = 'code.add'"), ==, 3);
  g_assert_cmpint (sql_int (p, "SELECT count (*) FROM audit WHERE action = 'code.remove'"), ==, 1);
}

/* ------------------------------------------------------------------------ */
/* REFI-QDA                                                                  */

/* /coding/qdc/round-trip */
static void
test_qdc_round_trip (void)
{
  g_autoptr(Project) a = project_new (1, 0);
  g_autoptr(Project) b = project_new (1, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  int changed;

  g_assert_cmpint (wn_project_add_code (a->project, "Contributors/Peer network", "Other <peer> workers & “allies”: ünïcødé.",
                                        "#12AB9F", &error), >, 0);
  g_assert_cmpint (wn_project_add_code (a->project, "Contributors/Peer network/Online", NULL, NULL, &error), >, 0);
  g_assert_no_error (error);
  file = g_build_filename (a->dir, "codebook.qdc", NULL);
  g_assert_true (wn_project_export_qdc (a->project, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (file, &xml, NULL, NULL));
  g_assert_true (g_str_has_prefix (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
  g_assert_nonnull (strstr (xml, "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"Winnow"));
  g_assert_nonnull (strstr (xml, "isCodable=\"true\""));
  g_assert_nonnull (strstr (xml, "color=\"#12AB9F\""));
  g_assert_nonnull (strstr (xml, "\n      <Code "));  /* indented, nested */
  g_assert_nonnull (strstr (xml, "Other &lt;peer&gt; workers &amp; “allies”"));

  /* Into a fresh project: the file's codebook, not the default beside it. */
  changed = wn_project_import_qdc (b->project, file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (changed, ==, count_codes (a->project));
  dump_a = codebook_dump (a->project, TRUE);
  dump_b = codebook_dump (b->project, TRUE);
  g_assert_cmpstr (dump_b, ==, dump_a);
  codes = wn_project_list_codes (b->project, &error);
  g_assert_cmpuint (((WnCode *) g_ptr_array_index (codes, codes->len - 1))->depth, >=, 1);

  /* Again: nothing changes. */
  g_assert_cmpint (wn_project_import_qdc (b->project, file, &error), ==, 0);
  g_assert_no_error (error);
  g_clear_pointer (&dump_b, g_free);
  dump_b = codebook_dump (b->project, TRUE);
  g_assert_cmpstr (dump_b, ==, dump_a);

  /* A code renamed and moved in the other program comes back by its guid. */
  {
    g_autofree char *renamed = NULL;
    g_autoptr(GString) edited = g_string_new (xml);
    g_autoptr(WnCode) online = NULL;

    g_string_replace (edited, "name=\"Online\"", "name=\"Online forums\"", 1);
    g_assert_true (g_file_set_contents (file, edited->str, -1, NULL));
    g_assert_cmpint (wn_project_import_qdc (b->project, file, &error), ==, 1);
    g_assert_no_error (error);
    online = wn_project_find_code (b->project, "Contributors/Peer network/Online forums", &error);
    g_assert_no_error (error);
    g_assert_cmpint (count_codes (b->project), ==, count_codes (a->project));
  }
}

/* /coding/qdc/maxqda */
static void
test_qdc_maxqda (void)
{
  g_autoptr(Project) p = project_new (1, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "coding", "data", "maxqda-codebook.qdc", NULL);
  g_autoptr(WnCode) outcomes = NULL;
  g_autoptr(WnCode) burnout = NULL;
  g_autoptr(WnCode) exhaustion = NULL;
  g_autoptr(WnCode) absence = NULL;
  g_autoptr(WnCode) strategic = NULL;
  guint before = count_codes (p->project);
  int changed;

  outcomes = wn_project_find_code (p->project, "Workforce outcomes", &error);
  g_assert_no_error (error);
  g_clear_pointer (&outcomes, wn_code_free);

  changed = wn_project_import_qdc (p->project, file, &error);
  g_assert_no_error (error);
  /* Updated: Workforce outcomes (its guid), Burnout; added: Emotional
   * exhaustion, Absenteeism∕presenteeism, Lived experience, Disclosure,
   * Strategic disclosure. */
  g_assert_cmpint (changed, ==, 7);
  g_assert_cmpuint (count_codes (p->project), ==, before + 5);

  outcomes = wn_project_find_code (p->project, "Workforce outcomes", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (outcomes->guid, ==, "8F4A2C31-1D7B-4E8A-9C0D-5B6E7F8091A2");
  g_assert_nonnull (outcomes->description); /* none in the file: the default's kept */
  g_assert_cmpstr (outcomes->colour, ==, "#c0392b");
  burnout = wn_project_find_code (p->project, "Workforce outcomes/Burnout", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (burnout->description, ==, "Exhaustion, as MAXQDA's coders defined it.");
  g_assert_cmpstr (burnout->colour, ==, "#ff0000");
  g_assert_cmpstr (burnout->guid, ==, "0B1C2D3E-4F50-4617-8293-A4B5C6D7E8F9");
  exhaustion = wn_project_find_code (p->project, "Workforce outcomes/Burnout/Emotional exhaustion", &error);
  g_assert_no_error (error);
  g_assert_null (exhaustion->colour);
  g_assert_null (exhaustion->description);
  g_assert_cmpuint (exhaustion->depth, ==, 2);
  absence = wn_project_find_code (p->project, "Workforce outcomes/Absenteeism\u2215presenteeism", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (absence->description, ==, "Absence and working while ill.");
  strategic = wn_project_find_code (p->project, "Lived experience/Disclosure/Strategic disclosure", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (strategic->guid, ==, "5E6F7081-92A3-44B5-C6D7-E8F90A1B2C3E");

  /* A second import of the same file changes nothing. */
  g_assert_cmpint (wn_project_import_qdc (p->project, file, &error), ==, 0);
  g_assert_no_error (error);
}

/* /coding/qdc/damaged */
static void
test_qdc_damaged (void)
{
  g_autoptr(Project) p = project_new (1, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *broken = g_build_filename (p->dir, "broken.qdc", NULL);
  g_autofree char *nameless = g_build_filename (p->dir, "nameless.qdc", NULL);
  g_autofree char *missing = g_build_filename (p->dir, "missing.qdc", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 audit_before;

  before = codebook_dump (p->project, TRUE);
  audit_before = sql_int (p, "SELECT count (*) FROM audit");

  /* Not well-formed: the <Codes> element is never closed (line 6). */
  g_assert_true (g_file_set_contents (broken,
                                      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                                      "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">\n"
                                      "  <Codes>\n"
                                      "    <Code guid=\"0d3f3b63-7d53-4c55-9ad0-4f3b1c2c6a11\" name=\"New theme\" isCodable=\"true\"/>\n"
                                      "    <Code guid=\"1d3f3b63-7d53-4c55-9ad0-4f3b1c2c6a11\" name=\"Broken\" isCodable=\"true\">\n"
                                      "</CodeBook>\n",
                                      -1, NULL));
  g_assert_cmpint (wn_project_import_qdc (p->project, broken, &error), ==, -1);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_QDC);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, broken));
  g_assert_nonnull (strstr (error->message, "line 6"));
  g_clear_error (&error);

  /* Well-formed, but a code without a name after a good one (line 5):
   * the good one is not added either. */
  g_assert_true (g_file_set_contents (nameless,
                                      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                                      "<CodeBook>\n"
                                      "  <Codes>\n"
                                      "    <Code guid=\"0d3f3b63-7d53-4c55-9ad0-4f3b1c2c6a11\" name=\"New theme\" isCodable=\"true\"/>\n"
                                      "    <Code guid=\"1d3f3b63-7d53-4c55-9ad0-4f3b1c2c6a11\" isCodable=\"true\"/>\n"
                                      "  </Codes>\n"
                                      "</CodeBook>\n",
                                      -1, NULL));
  g_assert_cmpint (wn_project_import_qdc (p->project, nameless, &error), ==, -1);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_QDC);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, nameless));
  g_assert_nonnull (strstr (error->message, "line 5"));
  g_clear_error (&error);

  g_assert_cmpint (wn_project_import_qdc (p->project, missing, &error), ==, -1);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_QDC);
  g_clear_error (&error);

  after = codebook_dump (p->project, TRUE);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (sql_int (p, "SELECT count (*) FROM audit"), ==, audit_before);
}

/* ------------------------------------------------------------------------ */
/* Codings                                                                   */

/* Character offset of needle in text. */
static gint64
char_offset (const char *text,
             const char *needle)
{
  const char *at = strstr (text, needle);

  g_assert_nonnull (at);
  return g_utf8_pointer_to_offset (text, at);
}

/* /coding/coding/pasted */
static void
test_coding_pasted (void)
{
  g_autoptr(Project) p = project_new (3, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codings = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sha256 = NULL;
  const char *pasted = "Café naïve — “Ärztinnen” résumé: peer workers felt burnout every week.";
  gint64 start = char_offset (pasted, "burnout");
  gint64 span, whole, memo;
  WnCoding *coding;

  /* No text yet. */
  text = wn_project_coding_text (p->project, RID (p, 0), &sha256, &error);
  g_assert_no_error (error);
  g_assert_null (text);
  g_assert_null (sha256);
  g_assert_cmpint (wn_project_add_coding (p->project, RID (p, 0), "Workforce outcomes/Burnout", "alice", 0, 3, NULL,
                                          &error), ==, 0);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_NO_TEXT);
  g_clear_error (&error);

  g_assert_true (wn_project_paste_text (p->project, RID (p, 0), "An older version of the text.", &error));
  g_assert_true (wn_project_paste_text (p->project, RID (p, 0), pasted, &error));
  g_assert_no_error (error);
  text = wn_project_coding_text (p->project, RID (p, 0), &sha256, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, pasted);
  g_assert_cmpuint (strlen (sha256), ==, 64);
  g_assert_cmpint (start, <, (gint64) (strstr (pasted, "burnout") - pasted)); /* bytes ≠ characters here */

  span = wn_project_add_coding (p->project, RID (p, 0), "Workforce outcomes / Burnout", "alice", start, start + 7,
                                "Felt weekly.", &error);
  g_assert_no_error (error);
  g_assert_cmpint (span, >, 0);
  whole = wn_project_add_coding (p->project, RID (p, 1), "Contributors/Workload", "bob", -1, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (whole, >, 0);

  /* Spans that do not lie in the text, or a code not in the codebook. */
  g_assert_cmpint (wn_project_add_coding (p->project, RID (p, 0), "Workforce outcomes/Burnout", "alice", 60,
                                          g_utf8_strlen (pasted, -1) + 1, NULL, &error), ==, 0);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (wn_project_add_coding (p->project, RID (p, 0), "Workforce outcomes/Burnout", "alice", 5, 5, NULL,
                                          &error), ==, 0);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (wn_project_add_coding (p->project, RID (p, 0), "Workforce outcomes/Burnout", "alice", -3, 4, NULL,
                                          &error), ==, 0);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (wn_project_add_coding (p->project, RID (p, 0), "Workforce outcomes/Boredom", "alice", 0, 4, NULL,
                                          &error), ==, 0);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_NO_CODE);
  g_clear_error (&error);
  /* The last character is within. */
  g_assert_cmpint (wn_project_add_coding (p->project, RID (p, 0), "Contributors/Workload", "bob",
                                          g_utf8_strlen (pasted, -1) - 5, g_utf8_strlen (pasted, -1), NULL,
                                          &error), >, 0);
  g_assert_no_error (error);

  codings = wn_project_list_codings (p->project, RID (p, 0), "alice", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (codings->len, ==, 1);
  coding = g_ptr_array_index (codings, 0);
  g_assert_cmpint (coding->id, ==, span);
  g_assert_cmpstr (coding->quote, ==, "burnout");
  g_assert_cmpstr (coding->code_path, ==, "Workforce outcomes/Burnout");
  g_assert_cmpstr (coding->coder, ==, "alice");
  g_assert_cmpstr (coding->memo, ==, "Felt weekly.");
  g_assert_cmpint (coding->start, ==, start);
  g_assert_cmpint (coding->end, ==, start + 7);
  g_clear_pointer (&codings, g_ptr_array_unref);

  codings = wn_project_list_codings (p->project, RID (p, 0), NULL, &error);
  g_assert_cmpuint (codings->len, ==, 2);
  g_assert_cmpstr (((WnCoding *) g_ptr_array_index (codings, 1))->quote, ==, "week.");
  g_clear_pointer (&codings, g_ptr_array_unref);

  codings = wn_project_list_codings (p->project, 0, "bob", &error);
  g_assert_cmpuint (codings->len, ==, 2);
  g_assert_cmpint (((WnCoding *) g_ptr_array_index (codings, 0))->record_id, ==, RID (p, 0)); /* by record */
  coding = g_ptr_array_index (codings, 1);
  g_assert_cmpint (coding->id, ==, whole);
  g_assert_cmpint (coding->start, ==, -1);
  g_assert_cmpint (coding->end, ==, -1);
  g_assert_null (coding->quote);
  g_clear_pointer (&codings, g_ptr_array_unref);

  /* Removal is recorded, never a deletion. */
  g_assert_true (wn_project_remove_coding (p->project, span, &error));
  g_assert_no_error (error);
  g_assert_false (wn_project_remove_coding (p->project, span, &error));
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_NO_CODE);
  g_clear_error (&error);
  codings = wn_project_list_codings (p->project, RID (p, 0), "alice", &error);
  g_assert_cmpuint (codings->len, ==, 0);
  g_assert_cmpint (sql_int (p, "SELECT count (*) FROM codings"), ==, 3);
  g_assert_cmpint (sql_int (p, "SELECT count (*) FROM codings WHERE removed_at IS NOT NULL"
                              " AND removed_by IS NOT NULL AND quote = 'burnout'"), ==, 1);
  g_assert_cmpint (sql_int (p, "SELECT count (*) FROM audit WHERE action = 'coding.remove'"), ==, 1);

  /* Memos on a document, a code, or both. */
  memo = wn_project_add_memo (p->project, RID (p, 0), 0, "alice", "Grey literature: a report.", &error);
  g_assert_no_error (error);
  g_assert_cmpint (memo, >, 0);
  g_assert_cmpint (wn_project_add_memo (p->project, 0, code_id (p->project, "Contributors/Workload"), "bob",
                                        "Includes caseload.", &error), >, 0);
  g_assert_cmpint (wn_project_add_memo (p->project, RID (p, 1), code_id (p->project, "Contributors/Workload"), NULL,
                                        "Both.", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (wn_project_add_memo (p->project, 0, 0, "bob", "Nowhere.", &error), ==, 0);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (p, "SELECT count (*) FROM memos"), ==, 3);
  g_assert_cmpint (sql_int (p, "SELECT count (*) FROM memos WHERE record_id IS NULL AND coder = 'bob'"), ==, 1);
}

/* /coding/memos/list */
static void
test_memos_list (void)
{
  g_autoptr(Project) p = project_new (3, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) memos = NULL;
  gint64 workload = code_id (p->project, "Contributors/Workload");
  gint64 first;
  WnMemo *memo;

  memos = wn_project_list_memos (p->project, RID (p, 0), "alice", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (memos->len, ==, 0);
  g_clear_pointer (&memos, g_ptr_array_unref);

  first = wn_project_add_memo (p->project, RID (p, 0), 0, "alice", "First thought.", &error);
  g_assert_no_error (error);
  g_assert_cmpint (wn_project_add_memo (p->project, RID (p, 0), 0, "bob", "Bob's thought.", &error), >, 0);
  g_assert_cmpint (wn_project_add_memo (p->project, RID (p, 1), 0, "alice", "Another study.", &error), >, 0);
  g_assert_cmpint (wn_project_add_memo (p->project, RID (p, 0), workload, "alice", "Second thought.", &error), >, 0);
  g_assert_cmpint (wn_project_add_memo (p->project, 0, workload, "alice", "On the code.", &error), >, 0);
  g_assert_no_error (error);

  /* After a restart: the project reopened. */
  g_clear_object (&p->project);
  p->project = wn_project_open (p->path, &error);
  g_assert_no_error (error);

  memos = wn_project_list_memos (p->project, RID (p, 0), "alice", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (memos->len, ==, 2);
  memo = g_ptr_array_index (memos, 0);
  g_assert_cmpint (memo->id, ==, first);
  g_assert_cmpint (memo->record_id, ==, RID (p, 0));
  g_assert_cmpint (memo->code_id, ==, 0);
  g_assert_cmpstr (memo->coder, ==, "alice");
  g_assert_cmpstr (memo->text, ==, "First thought.");
  g_assert_nonnull (memo->at);
  memo = g_ptr_array_index (memos, 1);
  g_assert_cmpstr (memo->text, ==, "Second thought.");
  g_assert_cmpint (memo->code_id, ==, workload);
  g_clear_pointer (&memos, g_ptr_array_unref);

  /* Every coder's on the document; every memo. */
  memos = wn_project_list_memos (p->project, RID (p, 0), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (memos->len, ==, 3);
  g_assert_cmpstr (((WnMemo *) g_ptr_array_index (memos, 1))->coder, ==, "bob");
  g_clear_pointer (&memos, g_ptr_array_unref);
  memos = wn_project_list_memos (p->project, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (memos->len, ==, 5);
  g_assert_cmpint (((WnMemo *) g_ptr_array_index (memos, 4))->record_id, ==, 0);
}

static GBytes *
make_pdf (const char *dir,
          const char *page1,
          const char *page2)
{
  g_autofree char *path = g_build_filename (dir, "doc.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);
  char *contents = NULL;
  gsize length = 0;

  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 12);
  cairo_move_to (cr, 50, 80);
  cairo_show_text (cr, page1);
  cairo_show_page (cr);
  cairo_move_to (cr, 50, 80);
  cairo_show_text (cr, page2);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_unlink (path);
  return g_bytes_new_take (contents, length);
}

/* /coding/coding/pdf */
static void
test_coding_pdf (void)
{
  g_autoptr(Project) p = project_new (2, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = make_pdf (p->dir, "Überblick: Ärztinnen und Pflegekräfte", "Peer support reduced burnout.");
  g_autoptr(WnFulltext) fulltext = NULL;
  g_autoptr(GPtrArray) codings = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sha256 = NULL;
  gint64 start;
  gint64 id;
  WnCoding *coding;

  /* A pasted text is set aside once a PDF is attached. */
  g_assert_true (wn_project_paste_text (p->project, RID (p, 0), "Pasted before the PDF came.", &error));
  g_assert_true (wn_project_attach_pdf_bytes (p->project, RID (p, 0), pdf, "doc.pdf", &error));
  g_assert_no_error (error);
  fulltext = wn_project_get_fulltext (p->project, RID (p, 0), &error);
  g_assert_no_error (error);

  text = wn_project_coding_text (p->project, RID (p, 0), &sha256, &error);
  g_assert_no_error (error);
  g_test_message ("PDF text: %s", text);
  g_assert_cmpstr (sha256, ==, fulltext->sha256);
  g_assert_nonnull (strchr (text, '\f'));
  g_assert_nonnull (strstr (text, "Ärztinnen"));
  start = char_offset (text, "burnout");
  g_assert_cmpint (start, <, (gint64) (strstr (text, "burnout") - text));

  id = wn_project_add_coding (p->project, RID (p, 0), "Workforce outcomes/Burnout", "alice", start, start + 7, NULL,
                              &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (wn_project_add_coding (p->project, RID (p, 0), "Workforce outcomes/Burnout", "alice", start,
                                          g_utf8_strlen (text, -1) + 1, NULL, &error), ==, 0);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID);
  g_clear_error (&error);

  codings = wn_project_list_codings (p->project, RID (p, 0), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (codings->len, ==, 1);
  coding = g_ptr_array_index (codings, 0);
  g_assert_cmpstr (coding->quote, ==, "burnout");
  {
    g_autofree char *query = g_strdup_printf ("SELECT count (*) FROM codings WHERE source_sha256 = '%s'", sha256);

    g_assert_cmpint (sql_int (p, query), ==, 1);
  }
}

/* ------------------------------------------------------------------------ */
/* Double coding and agreement                                               */

static char *
draw_as_study_numbers (Project    *p,
                       const char *coder,
                       const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = wn_project_coding_assignments (p->project, coder, role, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    for (guint j = 0; j < p->ids->len; j++)
      if (RID (p, j) == g_array_index (ids, gint64, i))
        g_string_append_printf (out, "%s%u", out->len > 0 ? "," : "", j + 1);
  return g_string_free (out, FALSE);
}

/* /coding/double/draw */
static void
test_draw (void)
{
  g_autoptr(Project) p = project_new (21, 20);
  g_autoptr(Project) q = project_new (21, 20);
  g_autoptr(GError) error = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *again = NULL;
  g_autofree char *elsewhere = NULL;
  g_autofree char *both = NULL;
  g_autoptr(GArray) doubled = NULL;
  g_autoptr(GArray) alice = NULL;
  g_autoptr(GArray) bob = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  gboolean differs = FALSE;

  g_assert_cmpint (wn_project_draw_double_coding (p->project, "alice", "alice", 0.1, 1, &error), ==, -1);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (wn_project_draw_double_coding (p->project, "alice", "bob", 0.0, 1, &error), ==, -1);
  g_assert_error (error, WN_CODING_ERROR, WN_CODING_ERROR_INVALID);
  g_clear_error (&error);

  /* 10 % of 20 studies. */
  g_assert_cmpint (wn_project_draw_double_coding (p->project, "alice", "bob", 0.1, 42, &error), ==, 2);
  g_assert_no_error (error);
  sample = draw_as_study_numbers (p, "alice", "double");
  both = draw_as_study_numbers (p, "bob", "double");
  g_assert_cmpstr (sample, ==, both);
  g_test_message ("seed 42: %s", sample);
  doubled = wn_project_coding_assignments (p->project, NULL, "double", &error);
  g_assert_cmpuint (doubled->len, ==, 2);

  /* The rest divided: 9 each, none twice, every study someone's. */
  alice = wn_project_coding_assignments (p->project, "alice", "single", &error);
  bob = wn_project_coding_assignments (p->project, "bob", "single", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (alice->len, ==, 9);
  g_assert_cmpuint (bob->len, ==, 9);
  for (guint i = 0; i < doubled->len; i++)
    g_assert_true (g_hash_table_add (seen, &g_array_index (doubled, gint64, i)));
  for (guint i = 0; i < alice->len; i++)
    g_assert_true (g_hash_table_add (seen, &g_array_index (alice, gint64, i)));
  for (guint i = 0; i < bob->len; i++)
    g_assert_true (g_hash_table_add (seen, &g_array_index (bob, gint64, i)));
  g_assert_cmpuint (g_hash_table_size (seen), ==, 20);
  g_assert_false (g_hash_table_contains (seen, &RID (p, 20))); /* not included */
  all = wn_project_coding_assignments (p->project, NULL, NULL, &error);
  g_assert_cmpuint (all->len, ==, 20);
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpint (g_array_index (all, gint64, i - 1), <, g_array_index (all, gint64, i)); /* study order */

  /* Same seed, same sample: again, and in another project. */
  g_assert_cmpint (wn_project_draw_double_coding (p->project, "alice", "bob", 0.1, 42, &error), ==, 2);
  again = draw_as_study_numbers (p, "alice", "double");
  g_assert_cmpstr (again, ==, sample);
  g_assert_cmpint (wn_project_draw_double_coding (q->project, "alice", "bob", 0.1, 42, &error), ==, 2);
  elsewhere = draw_as_study_numbers (q, "bob", "double");
  g_assert_cmpstr (elsewhere, ==, sample);
  g_assert_cmpint (sql_int (p, "SELECT count (*) FROM coding_assignments WHERE seed = 42"), ==, 22);

  /* Another seed draws another sample (one of these at least). */
  for (guint64 seed = 1; seed <= 5; seed++)
    {
      g_autofree char *other = NULL;

      g_assert_cmpint (wn_project_draw_double_coding (q->project, "alice", "bob", 0.1, seed, &error), ==, 2);
      other = draw_as_study_numbers (q, "alice", "double");
      differs |= g_strcmp0 (other, sample) != 0;
    }
  g_assert_true (differs);

  /* At least one document; 25 % of 20 is 5. */
  g_assert_cmpint (wn_project_draw_double_coding (q->project, "alice", "bob", 0.001, 7, &error), ==, 1);
  g_assert_cmpint (wn_project_draw_double_coding (q->project, "alice", "bob", 0.25, 7, &error), ==, 5);
  g_assert_no_error (error);
}

static void
add (Project    *p,
     guint       doc,
     const char *coder,
     const char *code,
     gint64      start,
     gint64      end)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (wn_project_add_coding (p->project, RID (p, doc), code, coder, start, end, NULL, &error), >, 0);
  g_assert_no_error (error);
}

static WnCodeAgreement *
find_agreement (GPtrArray  *agreements,
                const char *code)
{
  for (guint i = 0; i < agreements->len; i++)
    {
      WnCodeAgreement *agreement = g_ptr_array_index (agreements, i);

      if (g_strcmp0 (agreement->code, code) == 0)
        return agreement;
    }
  g_error ("no agreement for %s", code);
}

/* /coding/agreement
 *
 * Eleven studies, all double-coded (share 1); alice codes study 11, bob
 * does not, so 10 documents are compared. Every document gets
 * "Contributors/Supervision" from both (whole document): present
 * everywhere for both, so kappa is undefined (0/0) and agreement 100 %.
 *
 * "Contributors/Workload", presence per document (P present, . absent):
 *
 *   document   1 2 3 4 5 6 7 8 9 10
 *   alice      P P P P P . . . . .
 *   bob        P P P . . P . . . .
 *
 *   both present 3, alice only 2, bob only 1, both absent 4.
 *   p_o = (3 + 4) / 10 = 0.7
 *   alice present 5/10, bob present 4/10
 *   p_e = 0.5 × 0.4 + 0.5 × 0.6 = 0.5
 *   kappa = (0.7 − 0.5) / (1 − 0.5) = 0.4; percent agreement 70.
 *
 * Segments of "Contributors/Workload" (characters [start, end)):
 *
 *   document 1: alice [10, 30)  bob [20, 40)  overlap 10 of the shorter 20 = 50 %
 *   document 2: alice [0, 10)   bob [6, 30)   overlap 4 of the shorter 10 = 40 %
 *   document 3: alice [50, 60)  bob [70, 80)  no overlap
 *   document 4: alice [0, 5)
 *   document 5: alice [0, 5)
 *   document 6:                 bob [0, 5)
 *
 *   segments: alice 5 + bob 4 = 9.
 *   min overlap 50 %: agreed alice's of document 1, bob's of document 1:
 *     2 / 9 = 22.22 %.
 *   min overlap 40 %: documents 1 and 2, both coders: 4 / 9 = 44.44 %.
 */
static void
test_agreement (void)
{
  g_autoptr(Project) p = project_new (11, 11);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) at50 = NULL;
  g_autoptr(GPtrArray) at40 = NULL;
  g_autoptr(GPtrArray) picked = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  WnCodeAgreement *workload;
  WnCodeAgreement *supervision;
  JsonObject *root;
  JsonArray *codes;
  gboolean seen_null = FALSE;
  const char *text = "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890";
  const char *wl = "Contributors/Workload";

  g_assert_cmpint (wn_project_draw_double_coding (p->project, "alice", "bob", 1.0, 3, &error), ==, 11);
  for (guint d = 0; d < 11; d++)
    {
      g_assert_true (wn_project_paste_text (p->project, RID (p, d), text, &error));
      add (p, d, "alice", "Contributors/Supervision", -1, -1);
      if (d < 10)
        add (p, d, "bob", "Contributors/Supervision", -1, -1);
    }
  add (p, 0, "alice", wl, 10, 30);
  add (p, 0, "bob", wl, 20, 40);
  add (p, 1, "alice", wl, 0, 10);
  add (p, 1, "bob", wl, 6, 30);
  add (p, 2, "alice", wl, 50, 60);
  add (p, 2, "bob", wl, 70, 80);
  add (p, 3, "alice", wl, 0, 5);
  add (p, 4, "alice", wl, 0, 5);
  add (p, 5, "bob", wl, 0, 5);
  add (p, 10, "alice", wl, 0, 5); /* only alice coded document 11 */
  /* carol is no part of it */
  add (p, 6, "carol", wl, 0, 5);

  at50 = wn_project_coding_agreement (p->project, "alice", "bob", 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (at50->len, ==, 2);
  workload = find_agreement (at50, wl);
  g_assert_nonnull (workload);
  g_assert_cmpuint (workload->n, ==, 10);
  g_assert_cmpfloat_with_epsilon (workload->percent_agreement, 70.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (workload->kappa, 0.4, 1e-9);
  g_assert_cmpuint (workload->segments, ==, 9);
  g_assert_cmpuint (workload->segments_agreed, ==, 2);
  g_assert_cmpfloat_with_epsilon (workload->segment_agreement, 200.0 / 9, 1e-9);
  supervision = find_agreement (at50, "Contributors/Supervision");
  g_assert_nonnull (supervision);
  g_assert_cmpuint (supervision->n, ==, 10);
  g_assert_cmpfloat_with_epsilon (supervision->percent_agreement, 100.0, 1e-9);
  g_assert_true (isnan (supervision->kappa));
  g_assert_cmpuint (supervision->segments, ==, 20);
  g_assert_cmpfloat_with_epsilon (supervision->segment_agreement, 100.0, 1e-9);

  at40 = wn_project_coding_agreement (p->project, "alice", "bob", 40, &error);
  g_assert_no_error (error);
  workload = find_agreement (at40, wl);
  g_assert_cmpuint (workload->segments_agreed, ==, 4);
  g_assert_cmpfloat_with_epsilon (workload->segment_agreement, 400.0 / 9, 1e-9);
  g_assert_cmpfloat_with_epsilon (workload->kappa, 0.4, 1e-9);

  /* The coders of the double-coded sample, when none are named. */
  picked = wn_project_coding_agreement (p->project, NULL, NULL, 50, &error);
  g_assert_no_error (error);
  workload = find_agreement (picked, wl);
  g_assert_cmpfloat_with_epsilon (workload->kappa, 0.4, 1e-9);
  g_assert_cmpuint (workload->segments_agreed, ==, 2);

  /* JSON, as `coding-agreement --json` writes it. */
  json = wn_code_agreements_to_json (at50);
  g_test_message ("%s", json);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  codes = json_object_get_array_member (root, "codes");
  g_assert_cmpuint (json_array_get_length (codes), ==, 2);
  for (guint i = 0; i < json_array_get_length (codes); i++)
    {
      JsonObject *code = json_array_get_object_element (codes, i);
      const char *name = json_object_get_string_member (code, "code");

      g_assert_true (json_object_has_member (code, "n"));
      g_assert_true (json_object_has_member (code, "percent_agreement"));
      g_assert_true (json_object_has_member (code, "cohen_kappa"));
      g_assert_true (json_object_has_member (code, "segments"));
      g_assert_true (json_object_has_member (code, "segment_agreement"));
      g_assert_cmpint (json_object_get_int_member (code, "n"), ==, 10);
      if (g_strcmp0 (name, wl) == 0)
        {
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (code, "cohen_kappa"), 0.4, 1e-9);
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (code, "percent_agreement"), 70, 1e-9);
          g_assert_cmpint (json_object_get_int_member (code, "segments"), ==, 9);
        }
      else
        {
          g_assert_cmpstr (name, ==, "Contributors/Supervision");
          g_assert_true (json_object_get_null_member (code, "cohen_kappa"));
          seen_null = TRUE;
        }
    }
  g_assert_true (seen_null);
}

/* ------------------------------------------------------------------------ */
/* Tables                                                                    */

static int
column_of (WnTable    *table,
           const char *header)
{
  for (guint c = 0; c < wn_table_get_n_columns (table); c++)
    if (g_strcmp0 (wn_table_get_header (table, c), header) == 0)
      return (int) c;
  return -1;
}

static int
row_of (WnTable    *table,
        const char *path)
{
  int column = column_of (table, "Path");

  for (guint r = 0; r < wn_table_get_n_rows (table); r++)
    if (g_strcmp0 (wn_table_get_cell (table, r, column), path) == 0)
      return (int) r;
  return -1;
}

/* /coding/tables */
static void
test_tables (void)
{
  g_autoptr(Project) p = project_new (4, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(WnTable) themes = NULL;
  g_autoptr(WnTable) codebook = NULL;
  g_autoptr(WnCode) burnout = NULL;
  const char *text = "Staff described burnout. Later, exhaustion and dread before each shift.";
  int row, theme_row;

  for (guint d = 0; d < 4; d++)
    g_assert_true (wn_project_paste_text (p->project, RID (p, d), text, &error));
  /* S001: burnout twice (the earlier span is the example), S003 once;
   * S002: workload, whole document; record 4 is no study. */
  add (p, 0, "alice", "Workforce outcomes/Burnout", 32, 42);
  add (p, 0, "bob", "Workforce outcomes/Burnout", 16, 23);
  add (p, 2, "alice", "Workforce outcomes/Burnout", 0, 5);
  add (p, 1, "alice", "Contributors/Workload", -1, -1);
  add (p, 3, "alice", "Contributors/Workload", 0, 5);

  themes = wn_project_themes_table (p->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wn_table_get_n_columns (themes), ==, 3 + 3 + 3);
  g_assert_cmpstr (wn_table_get_header (themes, 0), ==, "Theme");
  g_assert_cmpstr (wn_table_get_header (themes, 1), ==, "Sub-theme");
  g_assert_cmpstr (wn_table_get_header (themes, 3), ==, "S001");
  g_assert_cmpstr (wn_table_get_header (themes, 5), ==, "S003");
  g_assert_cmpuint (wn_table_get_n_rows (themes), ==, count_codes (p->project));

  row = row_of (themes, "Workforce outcomes/Burnout");
  g_assert_cmpint (row, >=, 0);
  g_assert_cmpstr (wn_table_get_cell (themes, row, 0), ==, "Workforce outcomes");
  g_assert_cmpstr (wn_table_get_cell (themes, row, 1), ==, "Burnout");
  g_assert_cmpstr (wn_table_get_cell (themes, row, column_of (themes, "S001")), ==, "2");
  g_assert_cmpstr (wn_table_get_cell (themes, row, column_of (themes, "S002")), ==, "0");
  g_assert_cmpstr (wn_table_get_cell (themes, row, column_of (themes, "S003")), ==, "1");
  g_assert_cmpstr (wn_table_get_cell (themes, row, column_of (themes, "Studies")), ==, "2");
  g_assert_cmpstr (wn_table_get_cell (themes, row, column_of (themes, "Codings")), ==, "3");
  g_assert_nonnull (strstr (wn_table_get_cell (themes, row, column_of (themes, "Example quote")), "burnout"));
  g_assert_nonnull (strstr (wn_table_get_cell (themes, row, column_of (themes, "Example quote")), "S001"));

  row = row_of (themes, "Contributors/Workload");
  g_assert_cmpstr (wn_table_get_cell (themes, row, column_of (themes, "S002")), ==, "1");
  g_assert_cmpstr (wn_table_get_cell (themes, row, column_of (themes, "Studies")), ==, "1");
  g_assert_cmpstr (wn_table_get_cell (themes, row, column_of (themes, "Codings")), ==, "1");
  g_assert_null (wn_table_get_cell (themes, row, column_of (themes, "Example quote")));

  theme_row = row_of (themes, "Workforce outcomes");
  g_assert_cmpstr (wn_table_get_cell (themes, theme_row, 0), ==, "Workforce outcomes");
  g_assert_null (wn_table_get_cell (themes, theme_row, 1));
  g_assert_cmpstr (wn_table_get_cell (themes, theme_row, column_of (themes, "Codings")), ==, "0");

  codebook = wn_project_codebook_table (p->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wn_table_get_n_rows (codebook), ==, count_codes (p->project));
  g_assert_cmpuint (wn_table_get_n_columns (codebook), ==, 4);
  row = row_of (codebook, "Workforce outcomes/Burnout");
  burnout = wn_project_find_code (p->project, "Workforce outcomes/Burnout", &error);
  g_assert_cmpstr (wn_table_get_cell (codebook, row, 1), ==, burnout->description);
  g_assert_cmpstr (wn_table_get_cell (codebook, row, 2), ==, burnout->colour);
  g_assert_cmpstr (wn_table_get_cell (codebook, row, 3), ==, burnout->guid);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/coding/codebook/default", test_default);
  g_test_add_func ("/coding/codebook/edit", test_edit);
  g_test_add_func ("/coding/qdc/round-trip", test_qdc_round_trip);
  g_test_add_func ("/coding/qdc/maxqda", test_qdc_maxqda);
  g_test_add_func ("/coding/qdc/damaged", test_qdc_damaged);
  g_test_add_func ("/coding/coding/pasted", test_coding_pasted);
  g_test_add_func ("/coding/coding/pdf", test_coding_pdf);
  g_test_add_func ("/coding/memos/list", test_memos_list);
  g_test_add_func ("/coding/double/draw", test_draw);
  g_test_add_func ("/coding/agreement", test_agreement);
  g_test_add_func ("/coding/tables", test_tables);

  return g_test_run ();
}
