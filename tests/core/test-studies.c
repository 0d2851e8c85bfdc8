/* test-studies.c — study ids: in order of inclusion, stable, never reused
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wn-project.h"
#include "wn-screening.h"
#include "wn-studies.h"

typedef struct
{
  char      *dir;
  char      *path;
  WnProject *project;
  gint64     ids[6];
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnSearch) search = wn_search_new ();
  g_autoptr(WnSearchWriter) writer = NULL;

  fixture->dir = g_dir_make_tmp ("winnow-test-studies-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "review.winnow", NULL);
  fixture->project = wn_project_create (fixture->path, "Studies", &error);
  g_assert_no_error (error);

  search->database = g_strdup ("PsycINFO");
  search->file_name = g_strdup ("psycinfo.ris");
  writer = wn_project_begin_search (fixture->project, search, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (fixture->ids); i++)
    {
      g_autoptr(WnRecord) record = wn_record_new ();

      record->title = g_strdup_printf ("Peer workers and outcome number %u in its own words %c", i, 'a' + i);
      record->year = g_strdup ("2020");
      record->source_text = g_strdup (record->title);
      wn_record_add_author (record, i % 2 ? "Okafor, Chidi" : "Lindqvist, Maja");
      fixture->ids[i] = wn_search_writer_add (writer, record, &error);
      g_assert_no_error (error);
    }
  g_assert_true (wn_search_writer_commit (writer, &error));
  g_assert_no_error (error);

  g_assert_true (wn_project_add_reviewer (fixture->project, "alice", "reviewer", &error));
  g_assert_true (wn_project_add_reviewer (fixture->project, "bob", "reviewer", &error));
  g_assert_true (wn_project_add_reviewer (fixture->project, "carol", "adjudicator", &error));
  g_assert_true (wn_project_add_reason (fixture->project, "Wrong population", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&fixture->project);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static void
vote (Fixture    *fixture,
      const char *who,
      WnStage     stage,
      guint       index,
      WnVerdict   verdict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnDecision) event = NULL;

  event = wn_project_decide (fixture->project, who, stage, fixture->ids[index], verdict,
                             verdict == WN_VERDICT_EXCLUDE ? "Wrong population" : NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (event);
}

/* Both include at title/abstract, then at full text each as given. */
static void
screen (Fixture  *fixture,
        guint     index,
        WnVerdict alice,
        WnVerdict bob)
{
  vote (fixture, "alice", WN_STAGE_TA, index, WN_VERDICT_INCLUDE);
  vote (fixture, "bob", WN_STAGE_TA, index, WN_VERDICT_INCLUDE);
  vote (fixture, "alice", WN_STAGE_FT, index, alice);
  vote (fixture, "bob", WN_STAGE_FT, index, bob);
}

static char *
study_of (Fixture *fixture,
          guint    index,
          gboolean *included)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnStudy) study = wn_project_get_study (fixture->project, fixture->ids[index], &error);

  g_assert_no_error (error);
  if (study == NULL)
    return NULL;
  if (included != NULL)
    *included = study->included;
  return g_strdup (study->study_id);
}

/* /wn/core/studies/format */
static void
test_format (void)
{
  g_autofree char *one = wn_study_id_format (1);
  g_autofree char *big = wn_study_id_format (1234);

  g_assert_cmpstr (one, ==, "S001");
  g_assert_cmpstr (big, ==, "S1234");
  g_assert_cmpuint (wn_study_id_parse ("S001"), ==, 1);
  g_assert_cmpuint (wn_study_id_parse ("s42"), ==, 42);
  g_assert_cmpuint (wn_study_id_parse ("S1234"), ==, 1234);
  g_assert_cmpuint (wn_study_id_parse ("S000"), ==, 0);
  g_assert_cmpuint (wn_study_id_parse ("S01x"), ==, 0);
  g_assert_cmpuint (wn_study_id_parse ("001"), ==, 0);
  g_assert_cmpuint (wn_study_id_parse (NULL), ==, 0);
}

/* /wn/core/studies/order: ids in order of inclusion, whatever the record
 * order; an adjudicated inclusion counts when adjudicated. */
static void
test_order (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) studies = NULL;
  g_autoptr(WnDecision) adjudication = NULL;
  g_autofree char *s4 = NULL;
  g_autofree char *s1 = NULL;
  g_autofree char *s2 = NULL;
  g_autofree char *s0 = NULL;

  /* Record 4 first, then 1 (agreed), then 2 in conflict, then 0 excluded. */
  screen (fixture, 4, WN_VERDICT_INCLUDE, WN_VERDICT_INCLUDE);
  g_assert_cmpint (wn_project_sync_studies (fixture->project, &error), ==, 1);
  g_assert_no_error (error);
  g_usleep (2000);
  screen (fixture, 1, WN_VERDICT_INCLUDE, WN_VERDICT_INCLUDE);
  g_usleep (2000);
  screen (fixture, 2, WN_VERDICT_INCLUDE, WN_VERDICT_EXCLUDE);
  screen (fixture, 0, WN_VERDICT_EXCLUDE, WN_VERDICT_EXCLUDE);

  /* A conflict is no study yet. */
  g_assert_null (study_of (fixture, 2, NULL));
  g_usleep (2000);
  adjudication = wn_project_adjudicate (fixture->project, "carol", WN_STAGE_FT, fixture->ids[2], WN_VERDICT_INCLUDE,
                                        NULL, NULL, &error);
  g_assert_no_error (error);

  s4 = study_of (fixture, 4, NULL);
  s1 = study_of (fixture, 1, NULL);
  s2 = study_of (fixture, 2, NULL);
  s0 = study_of (fixture, 0, NULL);
  g_assert_cmpstr (s4, ==, "S001");
  g_assert_cmpstr (s1, ==, "S002");
  g_assert_cmpstr (s2, ==, "S003");
  g_assert_null (s0);

  studies = wn_project_list_studies (fixture->project, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (studies->len, ==, 3);
  g_assert_cmpint (((WnStudy *) g_ptr_array_index (studies, 0))->record_id, ==, fixture->ids[4]);
  g_assert_cmpint (((WnStudy *) g_ptr_array_index (studies, 2))->record_id, ==, fixture->ids[2]);
  /* Nothing new: no new ids. */
  g_assert_cmpint (wn_project_sync_studies (fixture->project, &error), ==, 0);
}

/* /wn/core/studies/never-reused: an inclusion undone keeps its number
 * (withdrawn); a later study gets the next one; included again, the same. */
static void
test_never_reused (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(WnDecision) undo = NULL;
  g_autofree char *first = NULL;
  g_autofree char *withdrawn = NULL;
  g_autofree char *next = NULL;
  g_autofree char *again = NULL;
  gboolean included = TRUE;

  screen (fixture, 3, WN_VERDICT_INCLUDE, WN_VERDICT_INCLUDE);
  first = study_of (fixture, 3, NULL);
  g_assert_cmpstr (first, ==, "S001");

  undo = wn_project_undo_decision (fixture->project, "bob", WN_STAGE_FT, fixture->ids[3], &error);
  g_assert_no_error (error);
  withdrawn = study_of (fixture, 3, &included);
  g_assert_cmpstr (withdrawn, ==, "S001");
  g_assert_false (included);
  current = wn_project_list_studies (fixture->project, FALSE, &error);
  g_assert_cmpuint (current->len, ==, 0);
  all = wn_project_list_studies (fixture->project, TRUE, &error);
  g_assert_cmpuint (all->len, ==, 1);

  screen (fixture, 5, WN_VERDICT_INCLUDE, WN_VERDICT_INCLUDE);
  next = study_of (fixture, 5, NULL);
  g_assert_cmpstr (next, ==, "S002");

  vote (fixture, "bob", WN_STAGE_FT, 3, WN_VERDICT_INCLUDE);
  again = study_of (fixture, 3, &included);
  g_assert_cmpstr (again, ==, "S001");
  g_assert_true (included);
}

/* /wn/core/studies/cli: records --json has study_id for included studies
 * only. */
static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  const char *cli = g_getenv ("WINNOW_CLI");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint with_id = 0;
  int status = 0;

  if (cli == NULL)
    {
      g_test_skip ("WINNOW_CLI is not set");
      return;
    }
  screen (fixture, 2, WN_VERDICT_INCLUDE, WN_VERDICT_INCLUDE);
  screen (fixture, 0, WN_VERDICT_EXCLUDE, WN_VERDICT_EXCLUDE);
  {
    const char *argv[] = { cli, "records", fixture->path, "--json", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                                 &error));
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *id = g_strdup_printf ("\"id\":%" G_GINT64_FORMAT ",", fixture->ids[2]);

      if (strstr (lines[i], "\"study_id\":\"S001\"") != NULL)
        {
          with_id++;
          g_assert_true (g_str_has_prefix (lines[i], "{") && strstr (lines[i], id) != NULL);
        }
      else if (lines[i][0] != '\0')
        g_assert_nonnull (strstr (lines[i], "\"study_id\":null"));
    }
  g_assert_cmpuint (with_id, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/wn/core/studies/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/wn/core/studies/format", test_format);
  ADD ("order", test_order);
  ADD ("never-reused", test_never_reused);
  ADD ("cli", test_cli);
#undef ADD

  return g_test_run ();
}
