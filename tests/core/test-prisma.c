/* test-prisma.c — the PRISMA 2020 flow: its checks against the shared
 * cases, every box of a project built for it, the package's CSV and the
 * JSON, the data only the flow needs (methods, records found by hand,
 * removals, limits, retrieval), how they change the screening queues, and
 * the winnow-cli commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "wn-dedup.h"
#include "wn-prisma.h"
#include "wn-project.h"
#include "wn-screening.h"

static char *tmpdir;

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

static char *
testdata_path (const char *name)
{
  const char *dir = g_getenv ("WINNOW_TESTDATA");
  char *path;

  if (dir == NULL || *dir == '\0')
    return NULL;
  path = g_build_filename (dir, "prisma", name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_clear_pointer (&path, g_free);
  return path;
}

/* ------------------------------------------------------------------------ */
/* (a) The shared invariant cases                                            */

static void
assert_checks_match (GPtrArray *checks,
                     JsonArray *expected)
{
  g_assert_cmpuint (checks->len, ==, json_array_get_length (expected));
  for (guint i = 0; i < checks->len; i++)
    {
      const WnPrismaCheck *check = checks->pdata[i];
      JsonObject *want = json_array_get_object_element (expected, i);

      g_assert_cmpstr (check->id, ==, json_object_get_string_member (want, "id"));
      g_assert_cmpstr (wn_prisma_check_status_to_string (check->status), ==,
                       json_object_get_string_member (want, "status"));
      g_assert_cmpstr (check->detail, ==, json_object_get_string_member (want, "detail"));
      g_assert_nonnull (check->explain);
      g_assert_cmpuint (strlen (check->explain), >, 10);
      g_assert_nonnull (check->boxes);
      if (!g_str_equal (check->id, "INV-NN"))
        g_assert_nonnull (check->boxes[0]);
    }
}

/* /wn/core/prisma/invariant-cases: the six cases' expected checks, ids,
 * statuses, order and detail text; and again after a JSON round trip */
static void
test_invariant_cases (void)
{
  g_autofree char *path = testdata_path ("flow_invariant_cases.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *cases;

  if (path == NULL)
    {
      g_test_skip ("WINNOW_TESTDATA/prisma/flow_invariant_cases.json is not available");
      return;
    }
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  cases = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (cases), ==, 6);

  for (guint c = 0; c < json_array_get_length (cases); c++)
    {
      JsonObject *test_case = json_array_get_object_element (cases, c);
      g_autofree char *flow_json = json_to_string (json_object_get_member (test_case, "flow"), FALSE);
      g_autoptr(WnPrismaFlow) flow = NULL;
      g_autoptr(WnPrismaFlow) again = NULL;
      g_autoptr(GPtrArray) checks = NULL;
      g_autoptr(GPtrArray) checks_again = NULL;
      g_autofree char *written = NULL;
      g_autofree char *rewritten = NULL;

      g_test_message ("case %s", json_object_get_string_member (test_case, "name"));
      flow = wn_prisma_flow_from_json (flow_json, &error);
      g_assert_no_error (error);
      g_assert_cmpint (flow->database_results, ==, 3000);
      g_assert_cmpuint (flow->database_specific_results->len, ==, 3);
      g_assert_cmpstr (((WnPrismaCount *) flow->database_specific_results->pdata[1])->name, ==, "Embase");
      g_assert_cmpint (((WnPrismaCount *) flow->database_specific_results->pdata[1])->n, ==, 1500);
      checks = wn_prisma_flow_check (flow);
      assert_checks_match (checks, json_object_get_array_member (test_case, "expected_checks"));

      /* Our JSON reads back to the same flow. */
      written = wn_prisma_flow_to_json (flow);
      again = wn_prisma_flow_from_json (written, &error);
      g_assert_no_error (error);
      g_assert_cmpint (again->previous, ==, flow->previous);
      g_assert_cmpint (again->other, ==, flow->other);
      checks_again = wn_prisma_flow_check (again);
      assert_checks_match (checks_again, json_object_get_array_member (test_case, "expected_checks"));
      rewritten = wn_prisma_flow_to_json (again);
      g_assert_cmpstr (rewritten, ==, written);
    }
}

static gboolean
has_check (GPtrArray  *checks,
           const char *id)
{
  for (guint i = 0; i < checks->len; i++)
    if (g_str_equal (((WnPrismaCheck *) checks->pdata[i])->id, id))
      return TRUE;
  return FALSE;
}

static WnPrismaCheck *
find_check (GPtrArray  *checks,
            const char *id)
{
  for (guint i = 0; i < checks->len; i++)
    if (g_str_equal (((WnPrismaCheck *) checks->pdata[i])->id, id))
      return checks->pdata[i];
  g_error ("no check %s", id);
}

/* /wn/core/prisma/checks-fail: what the cases do not show — a broken
 * per-database sum, negative counts, the meta-analysis box, the other
 * arm left out, lists as objects, bad JSON */
static void
test_checks_fail (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnPrismaFlow) flow = NULL;
  g_autoptr(WnPrismaFlow) bad = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  WnPrismaCheck *check;

  flow = wn_prisma_flow_from_json ("{\"database_specific_results\": {\"MEDLINE\": 10, \"Embase\": 5},"
                                   " \"database_results\": 16, \"register_results\": null,"
                                   " \"duplicates\": 2, \"records_screened\": 14, \"records_excluded\": 20,"
                                   " \"dbr_sought_reports\": 3, \"dbr_notretrieved_reports\": 1, \"dbr_assessed\": 2,"
                                   " \"dbr_excluded\": [[\"Wrong population\", 3]],"
                                   " \"new_studies\": 4, \"new_reports\": 2, \"total_studies_ma\": 5,"
                                   " \"total_reports_ma\": 1}",
                                   &error);
  g_assert_no_error (error);
  g_assert_false (flow->other);
  g_assert_false (flow->previous);
  g_assert_cmpint (flow->register_results, ==, -1);
  checks = wn_prisma_flow_check (flow);
  /* no INV-O*, no INV-U*: ID1 ID2 S1 S2 S3 S4 N1 N2 M1 NN */
  g_assert_cmpuint (checks->len, ==, 10);
  g_assert_false (has_check (checks, "INV-O2"));
  g_assert_false (has_check (checks, "INV-U1"));

  check = find_check (checks, "INV-ID1");
  g_assert_cmpint (check->status, ==, WN_PRISMA_CHECK_ERROR);
  g_assert_cmpstr (check->detail, ==, "sum per database 15 vs database_results 16");
  g_assert_cmpstr (check->boxes[0], ==, "box2");
  check = find_check (checks, "INV-ID2");
  g_assert_cmpint (check->status, ==, WN_PRISMA_CHECK_OK);
  check = find_check (checks, "INV-S1");
  g_assert_cmpint (check->status, ==, WN_PRISMA_CHECK_OK);
  g_assert_cmpstr (check->detail, ==, "identified 16 - removed = 14 vs records_screened 14");
  check = find_check (checks, "INV-S2");
  g_assert_cmpint (check->status, ==, WN_PRISMA_CHECK_WARNING);
  g_assert_cmpstr (check->detail, ==, "screened - excluded = -6 vs dbr_sought_reports 3 (records vs reports)");
  check = find_check (checks, "INV-S4");
  g_assert_cmpint (check->status, ==, WN_PRISMA_CHECK_ERROR);
  g_assert_cmpstr (check->detail, ==, "reports included via databases/registers = -1");
  check = find_check (checks, "INV-N1");
  g_assert_cmpint (check->status, ==, WN_PRISMA_CHECK_WARNING);
  g_assert_cmpstr (check->detail, ==, "arm totals -1+0 = -1 vs new_reports 2");
  check = find_check (checks, "INV-N2");
  g_assert_cmpint (check->status, ==, WN_PRISMA_CHECK_WARNING);
  g_assert_cmpstr (check->detail, ==, "new_studies 4 > new_reports 2");
  check = find_check (checks, "INV-M1");
  g_assert_cmpint (check->status, ==, WN_PRISMA_CHECK_ERROR);
  g_assert_cmpstr (check->detail, ==, "total_studies_ma 5 <= new_studies 4; total_reports_ma 1 <= new_reports 2");
  check = checks->pdata[checks->len - 1];
  g_assert_cmpstr (check->id, ==, "INV-NN");
  g_assert_cmpint (check->status, ==, WN_PRISMA_CHECK_ERROR);
  g_assert_nonnull (strstr (check->detail, "reports included via databases/registers -1"));
  g_assert_true (g_strv_contains ((const char * const *) check->boxes, "box9"));

  /* A negative count of its own, and a list line */
  g_clear_pointer (&checks, g_ptr_array_unref);
  flow->duplicates = -3;
  wn_prisma_flow_add_count (flow->dbr_excluded, "Wrong outcome", -2);
  checks = wn_prisma_flow_check (flow);
  check = checks->pdata[checks->len - 1];
  g_assert_nonnull (strstr (check->detail, "duplicates -3"));
  g_assert_nonnull (strstr (check->detail, "dbr_excluded[Wrong outcome] -2"));
  g_assert_true (g_strv_contains ((const char * const *) check->boxes, "box3"));

  /* add_count sums a name given twice */
  wn_prisma_flow_add_count (flow->database_specific_results, "Embase", 1);
  g_assert_cmpuint (flow->database_specific_results->len, ==, 2);
  g_assert_cmpint (((WnPrismaCount *) flow->database_specific_results->pdata[1])->n, ==, 6);

  bad = wn_prisma_flow_from_json ("{\"database_results\": \"many\"}", &error);
  g_assert_null (bad);
  g_assert_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_PARSE);
  g_clear_error (&error);
  bad = wn_prisma_flow_from_json ("{\"dbr_excluded\": [[\"x\"]]}", &error);
  g_assert_null (bad);
  g_assert_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_PARSE);
  g_clear_error (&error);
  bad = wn_prisma_flow_from_json ("[1, 2]", &error);
  g_assert_null (bad);
  g_assert_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_PARSE);
}

/* ------------------------------------------------------------------------ */
/* (b) A project built for the flow                                          */

typedef struct
{
  char      *dir;
  char      *path;
  WnProject *project;
  /* record ids by name */
  GHashTable *ids;
} Fixture;

static gint64
rid (Fixture    *fixture,
     const char *name)
{
  gpointer id = g_hash_table_lookup (fixture->ids, name);

  g_assert_nonnull (id);
  return GPOINTER_TO_SIZE (id);
}

/* "name|title|year|doi|abstract|language"; each title its own words, so
 * that only the copies meant as duplicates are. batch_id: a search to add
 * this file to (a search exported in several files), or 0. Returns the
 * file's search id. */
static gint64
import_search_file (Fixture            *fixture,
                    const char         *database,
                    const char         *method,
                    gint64              batch_id,
                    const char * const *specs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnSearch) search = wn_search_new ();
  g_autoptr(WnSearchWriter) writer = NULL;

  search->database = g_strdup (database);
  search->method = g_strdup (method);
  search->batch_id = batch_id;
  search->file_name = g_strdup_printf ("%s.ris", database != NULL ? database : "export");
  writer = wn_project_begin_search (fixture->project, search, &error);
  g_assert_no_error (error);
  for (guint i = 0; specs[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (specs[i], "|", -1);
      g_autoptr(WnRecord) record = wn_record_new ();
      gint64 id;

      g_assert_cmpuint (g_strv_length (parts), ==, 6);
      record->title = g_strdup (parts[1]);
      record->year = *parts[2] ? g_strdup (parts[2]) : NULL;
      record->doi = *parts[3] ? g_strdup (parts[3]) : NULL;
      record->abstract = *parts[4] ? g_strdup (parts[4]) : NULL;
      record->language = *parts[5] ? g_strdup (parts[5]) : NULL;
      record->journal = g_strdup_printf ("Journal of %s", parts[0]);
      record->volume = g_strdup ("12");
      record->pages = g_strdup ("101-110");
      wn_record_add_author (record, "Quillfeather, Odessa");
      record->source_text = g_strdup (specs[i]);
      wn_record_add_field (record, "TI", record->title);
      id = wn_search_writer_add (writer, record, &error);
      g_assert_no_error (error);
      g_hash_table_insert (fixture->ids, g_strdup (parts[0]), GSIZE_TO_POINTER (id));
    }
  g_assert_true (wn_search_writer_commit (writer, &error));
  g_assert_no_error (error);
  return wn_search_writer_get_search_id (writer);
}

static void
import_search (Fixture            *fixture,
               const char         *database,
               const char         *method,
               const char * const *specs)
{
  import_search_file (fixture, database, method, 0, specs);
}

static void
add_by_hand (Fixture    *fixture,
             const char *name,
             const char *title,
             const char *method,
             const char *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnRecord) record = wn_record_new ();
  gint64 id;

  record->title = g_strdup (title);
  record->year = g_strdup ("2022");
  id = wn_project_add_record_by_hand (fixture->project, record, method, source, "https://example.org/report", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_hash_table_insert (fixture->ids, g_strdup (name), GSIZE_TO_POINTER (id));
}

static void
vote (Fixture    *fixture,
      const char *who,
      WnStage     stage,
      const char *name,
      WnVerdict   verdict,
      const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnDecision) event = wn_project_decide (fixture->project, who, stage, rid (fixture, name), verdict, reason,
                                                   NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (event);
}

static void
both (Fixture    *fixture,
      WnStage     stage,
      const char *name,
      WnVerdict   verdict,
      const char *reason_a,
      const char *reason_b)
{
  vote (fixture, "alice", stage, name, verdict, reason_a);
  vote (fixture, "bob", stage, name, verdict, reason_b);
}

static void
adjudicate (Fixture    *fixture,
            WnStage     stage,
            const char *name,
            WnVerdict   verdict,
            const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnDecision) event = wn_project_adjudicate (fixture->project, "carol", stage, rid (fixture, name), verdict,
                                                       reason, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (event);
}

static const char *const medline[] = {
  "m0|Burnout among peer recovery coaches in rural Appalachia|2019|10.1000/m0|We surveyed coaches.|eng",
  "m1|Compassion fatigue in syringe service program staff|2018|10.1000/m1|Interviews with staff.|eng",
  "m2|Supervision models for lived experience workers|2020|10.1000/m2|A scoping of models.|eng",
  "m3|Wage theft and precarity among community health workers|2021||Mixed methods.|eng",
  "m4|Telehealth adoption by certified recovery specialists|2022||Cross-sectional.|eng",
  "m5|Role strain in hospital based naloxone distribution|2017||Cohort.|eng",
  "m6|Retracted claims about peer mentoring outcomes|2016||Retracted.|eng",
  "m7|Boundary setting training for harm reduction navigators|2023||Trial protocol.|English",
  "m8|Épuisement professionnel des pairs aidants au Québec|2015||Étude.|French",
  "m9|Early mutual aid societies and temperance volunteers|1995||History.|eng",
  NULL
};

static const char *const embase[] = {
  "e0|Burnout among peer recovery coaches in rural Appalachia|2019|10.1000/m0||",
  "e1|Compassion fatigue in syringe service program staff|2018|10.1000/m1||",
  "e2|Moral injury of emergency department recovery navigators|2021||Qualitative.|",
  "e3|Organisational climate scales validated in treatment agencies|2014||Psychometrics.|eng",
  "e4|Secondary traumatic stress in overdose responders|2020||Survey.|eng",
  "e5|Sobriety houses and volunteer counsellors in the 1980s|1990||History.|eng",
  NULL
};

static const char *const registers[] = {
  "r0|Peer delivered contingency management pilot trial|2021||Registered trial.|",
  "r1|Resilience coaching for opioid treatment program staff|2022||Registered trial.|",
  "r2|Stepped care supervision for recovery community centres|||Registered trial.|",
  NULL
};

static const char *const website[] = {
  "w0|Supervision models for lived experience workers|2020|||",
  "w1|Toolkit for integrating peers into crisis teams|1980|||",
  "w2|Annual workforce survey of recovery support staff|2023|||",
  NULL
};

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  WnDedupReport report;

  fixture->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->dir = g_dir_make_tmp ("winnow-test-prisma-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "review.winnow", NULL);
  fixture->project = wn_project_create (fixture->path, "PRISMA", &error);
  g_assert_no_error (error);

  import_search (fixture, "MEDLINE", NULL, medline);
  import_search (fixture, "Embase", "database", embase);
  import_search (fixture, "ClinicalTrials.gov", "register", registers);
  import_search (fixture, "SAMHSA website", "website", website);
  add_by_hand (fixture, "h1", "Reference list find on peer workforce retention", "citation", "Reference lists");
  add_by_hand (fixture, "h2", "World Health Organization guidance on peer support", "organisation", "WHO");
  add_by_hand (fixture, "h3", "Personal communication from a state peer certification board", "other",
               "Experts contacted");

  g_assert_true (wn_dedup_run (fixture->project, WN_DEDUP_RUN_DEFAULT, NULL, &report, &error));
  g_assert_no_error (error);

  g_assert_true (wn_project_add_reviewer (fixture->project, "alice", "reviewer", &error));
  g_assert_true (wn_project_add_reviewer (fixture->project, "bob", "reviewer", &error));
  g_assert_true (wn_project_add_reviewer (fixture->project, "carol", "adjudicator", &error));
  g_assert_true (wn_project_add_reason (fixture->project, "Wrong population", &error));
  g_assert_true (wn_project_add_reason (fixture->project, "Wrong outcome", &error));
  g_assert_true (wn_project_add_reason (fixture->project, "Wrong design, setting", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->project);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
  g_hash_table_unref (fixture->ids);
}

static gint64
duplicate_of (Fixture    *fixture,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnRecord) record = NULL;
  WnRecordMeta meta;

  record = wn_project_get_record (fixture->project, rid (fixture, name), &meta, &error);
  g_assert_no_error (error);
  return meta.duplicate_of;
}

/* Removals, limits, both stages' decisions and retrieval, as the
 * comments in test_flow_boxes() count them. */
static void
build_review (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  WnLimits limits = { 2000, 2025, NULL };
  const char *languages[] = { "eng", NULL };
  WnLimitsReport report;

  /* the duplicates dedup found: two Embase copies and the website's copy */
  g_assert_cmpint (duplicate_of (fixture, "e0"), ==, rid (fixture, "m0"));
  g_assert_cmpint (duplicate_of (fixture, "e1"), ==, rid (fixture, "m1"));
  g_assert_cmpint (duplicate_of (fixture, "w0"), ==, rid (fixture, "m2"));
  g_assert_cmpint (duplicate_of (fixture, "m3"), ==, 0);
  g_assert_cmpint (duplicate_of (fixture, "w1"), ==, 0);

  /* limits: m9 (1995) and e5 (1990) by year, m8 (French) by language;
   * w1 (1980) is of the other methods, which the limits leave alone */
  limits.languages = (char **) languages;
  g_assert_true (wn_project_apply_limits (fixture->project, &limits, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.removed, ==, 3);
  g_assert_cmpint (report.restored, ==, 0);
  g_assert_cmpint (report.in_force, ==, 3);
  g_assert_cmpint (report.no_year, ==, 1);     /* r2 */
  g_assert_cmpint (report.no_language, ==, 4); /* e2, r0, r1, r2 */

  /* removed for other reasons: m6; h3 (other methods: leaves that arm,
   * counts in no "removed" box); e4 removed and put back */
  g_assert_true (wn_project_remove_record (fixture->project, rid (fixture, "m6"), "Retracted", &error));
  g_assert_true (wn_project_remove_record (fixture->project, rid (fixture, "h3"), "Not a report", &error));
  g_assert_true (wn_project_remove_record (fixture->project, rid (fixture, "e4"), "By mistake", &error));
  g_assert_true (wn_project_restore_record (fixture->project, rid (fixture, "e4"), NULL, &error));
  g_assert_no_error (error);

  /* title/abstract */
  both (fixture, WN_STAGE_TA, "m0", WN_VERDICT_INCLUDE, NULL, NULL);
  both (fixture, WN_STAGE_TA, "m1", WN_VERDICT_INCLUDE, NULL, NULL);
  both (fixture, WN_STAGE_TA, "m2", WN_VERDICT_INCLUDE, NULL, NULL);
  both (fixture, WN_STAGE_TA, "m3", WN_VERDICT_INCLUDE, NULL, NULL);
  both (fixture, WN_STAGE_TA, "e2", WN_VERDICT_INCLUDE, NULL, NULL);
  both (fixture, WN_STAGE_TA, "r0", WN_VERDICT_INCLUDE, NULL, NULL);
  both (fixture, WN_STAGE_TA, "m4", WN_VERDICT_EXCLUDE, NULL, NULL);
  both (fixture, WN_STAGE_TA, "m5", WN_VERDICT_EXCLUDE, NULL, NULL);
  both (fixture, WN_STAGE_TA, "e3", WN_VERDICT_EXCLUDE, NULL, NULL);
  vote (fixture, "alice", WN_STAGE_TA, "m7", WN_VERDICT_INCLUDE, NULL);
  vote (fixture, "bob", WN_STAGE_TA, "m7", WN_VERDICT_EXCLUDE, NULL);
  adjudicate (fixture, WN_STAGE_TA, "m7", WN_VERDICT_INCLUDE, NULL);
  vote (fixture, "alice", WN_STAGE_TA, "e4", WN_VERDICT_MAYBE, NULL);
  vote (fixture, "bob", WN_STAGE_TA, "e4", WN_VERDICT_INCLUDE, NULL);
  adjudicate (fixture, WN_STAGE_TA, "e4", WN_VERDICT_EXCLUDE, NULL);
  vote (fixture, "alice", WN_STAGE_TA, "r1", WN_VERDICT_INCLUDE, NULL);
  vote (fixture, "bob", WN_STAGE_TA, "r1", WN_VERDICT_EXCLUDE, NULL);
  /* r2: not screened yet */

  /* retrieval */
  g_assert_true (wn_project_set_retrieval (fixture->project, rid (fixture, "m3"), FALSE, "Not held by any library",
                                           &error));
  g_assert_true (wn_project_set_retrieval (fixture->project, rid (fixture, "m0"), TRUE, NULL, &error));
  g_assert_true (wn_project_set_retrieval (fixture->project, rid (fixture, "w2"), FALSE, "Paywalled", &error));
  g_assert_no_error (error);

  /* full text */
  both (fixture, WN_STAGE_FT, "m0", WN_VERDICT_INCLUDE, NULL, NULL);
  both (fixture, WN_STAGE_FT, "r0", WN_VERDICT_INCLUDE, NULL, NULL);
  both (fixture, WN_STAGE_FT, "m1", WN_VERDICT_EXCLUDE, "Wrong outcome", "Wrong population");
  both (fixture, WN_STAGE_FT, "m2", WN_VERDICT_EXCLUDE, "Wrong design, setting", "Wrong design, setting");
  vote (fixture, "alice", WN_STAGE_FT, "e2", WN_VERDICT_INCLUDE, NULL);
  vote (fixture, "bob", WN_STAGE_FT, "e2", WN_VERDICT_EXCLUDE, "Wrong outcome");
  adjudicate (fixture, WN_STAGE_FT, "e2", WN_VERDICT_EXCLUDE, "Wrong population");
  both (fixture, WN_STAGE_FT, "w1", WN_VERDICT_INCLUDE, NULL, NULL);
  both (fixture, WN_STAGE_FT, "h1", WN_VERDICT_EXCLUDE, "Wrong outcome", "Wrong outcome");
  /* m7 and h2: not assessed yet */
}

static void
assert_line (GPtrArray  *list,
             guint       index,
             const char *name,
             gint64      n)
{
  const WnPrismaCount *count;

  g_assert_cmpuint (index, <, list->len);
  count = list->pdata[index];
  g_assert_cmpstr (count->name, ==, name);
  g_assert_cmpint (count->n, ==, n);
}

static void
assert_box (Fixture            *fixture,
            const char         *box,
            const char         *name,
            const char * const *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = wn_project_prisma_box_records (fixture->project, box, name, &error);
  g_autoptr(GArray) want = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_no_error (error);
  for (guint i = 0; expected[i] != NULL; i++)
    {
      gint64 id = rid (fixture, expected[i]);

      g_array_append_val (want, id);
    }
  /* ascending ids */
  for (guint i = 1; i < want->len; i++)
    for (guint j = i; j > 0 && g_array_index (want, gint64, j - 1) > g_array_index (want, gint64, j); j--)
      {
        gint64 t = g_array_index (want, gint64, j);

        g_array_index (want, gint64, j) = g_array_index (want, gint64, j - 1);
        g_array_index (want, gint64, j - 1) = t;
      }
  g_test_message ("box %s %s", box, name != NULL ? name : "");
  g_assert_cmpmem (ids->data, ids->len * sizeof (gint64), want->data, want->len * sizeof (gint64));
}

#define IDS(...) ((const char * const[]) { __VA_ARGS__, NULL })

static gboolean
queue_has (Fixture    *fixture,
           WnStage     stage,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) queue = wn_project_screening_queue (fixture->project, stage, NULL, WN_QUEUE_ORDER_ID, 0, 0, &error);
  gint64 id = rid (fixture, name);

  g_assert_no_error (error);
  for (guint i = 0; i < queue->len; i++)
    if (g_array_index (queue, WnScreeningState, i).record_id == id)
      return TRUE;
  return FALSE;
}

/* /wn/core/prisma/flow-boxes: every count of a project's flow, and the
 * records behind every box */
static void
test_flow_boxes (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnPrismaFlow) flow = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GArray) none = NULL;
  WnStageCounts ta, ft;
  const char *const expected_status[][2] = {
    { "INV-ID1", "ok" }, { "INV-ID2", "ok" }, { "INV-S1", "ok" }, { "INV-S2", "warning" }, { "INV-S3", "ok" },
    { "INV-S4", "ok" }, { "INV-O2", "ok" }, { "INV-O3", "ok" }, { "INV-O4", "ok" }, { "INV-N1", "warning" },
    { "INV-N2", "ok" }, { "INV-NN", "ok" },
  };

  build_review (fixture);
  flow = wn_project_prisma_flow (fixture->project, &error);
  g_assert_no_error (error);

  g_assert_false (flow->previous);
  g_assert_true (flow->other);
  g_assert_cmpint (flow->previous_studies, ==, -1);
  g_assert_cmpint (flow->previous_reports, ==, -1);
  /* identification: MEDLINE 10 + Embase 6; one register of 3 */
  g_assert_cmpint (flow->database_results, ==, 16);
  g_assert_cmpuint (flow->database_specific_results->len, ==, 2);
  assert_line (flow->database_specific_results, 0, "MEDLINE", 10);
  assert_line (flow->database_specific_results, 1, "Embase", 6);
  g_assert_cmpint (flow->register_results, ==, 3);
  g_assert_cmpuint (flow->register_specific_results->len, ==, 1);
  assert_line (flow->register_specific_results, 0, "ClinicalTrials.gov", 3);
  /* other methods: 3 from the website; WHO and the experts (other →
   * organisations); one from reference lists */
  g_assert_cmpint (flow->website_results, ==, 3);
  g_assert_cmpint (flow->organisation_results, ==, 2);
  g_assert_cmpint (flow->citations_results, ==, 1);
  /* before screening: e0, e1 duplicates (w0 is the other arm's); m8, m9,
   * e5 by the limits; m6 by a person (e4 was put back, h3 is the other
   * arm's) */
  g_assert_cmpint (flow->duplicates, ==, 2);
  g_assert_cmpint (flow->excluded_automatic, ==, 3);
  g_assert_cmpint (flow->excluded_other, ==, 1);
  /* 19 - 6 = 13 screened; m4, m5, e3, e4 (adjudicated) excluded */
  g_assert_cmpint (flow->records_screened, ==, 13);
  g_assert_cmpint (flow->records_excluded, ==, 4);
  /* sought: m0 m1 m2 m3 e2 r0 m7 (adjudicated); m3 not retrieved */
  g_assert_cmpint (flow->dbr_sought_reports, ==, 7);
  g_assert_cmpint (flow->dbr_notretrieved_reports, ==, 1);
  g_assert_cmpint (flow->dbr_assessed, ==, 6);
  /* m1: a tie between the two reasons goes to the first in the list;
   * e2: the adjudicator's reason, not the vote's; m2: a comma in it */
  g_assert_cmpuint (flow->dbr_excluded->len, ==, 2);
  assert_line (flow->dbr_excluded, 0, "Wrong population", 2);
  assert_line (flow->dbr_excluded, 1, "Wrong design, setting", 1);
  /* other arm: w1 w2 h1 h2 sought, w2 not retrieved, h1 excluded */
  g_assert_cmpint (flow->other_sought_reports, ==, 4);
  g_assert_cmpint (flow->other_notretrieved_reports, ==, 1);
  g_assert_cmpint (flow->other_assessed, ==, 3);
  g_assert_cmpuint (flow->other_excluded->len, ==, 1);
  assert_line (flow->other_excluded, 0, "Wrong outcome", 1);
  /* included: m0, r0, w1 */
  g_assert_cmpint (flow->new_reports, ==, 3);
  g_assert_cmpint (flow->new_studies, ==, 3);
  g_assert_cmpint (flow->total_studies, ==, -1);
  g_assert_cmpint (flow->total_reports, ==, -1);
  g_assert_cmpint (flow->total_studies_ma, ==, -1);
  g_assert_cmpint (flow->total_reports_ma, ==, -1);

  /* the boxes are the screening queues */
  g_assert_true (wn_project_get_stage_counts (fixture->project, WN_STAGE_TA, &ta, &error));
  g_assert_true (wn_project_get_stage_counts (fixture->project, WN_STAGE_FT, &ft, &error));
  g_assert_cmpint (ta.eligible, ==, flow->records_screened);
  g_assert_cmpint (ta.excluded, ==, flow->records_excluded);
  g_assert_cmpint (ta.included, ==, flow->dbr_sought_reports);
  g_assert_cmpint (ft.eligible, ==, flow->dbr_assessed + flow->other_assessed);
  g_assert_cmpint (ft.included, ==, flow->new_reports);
  g_assert_cmpint (ft.excluded, ==, 4);

  /* the checks: r1 and r2 undecided, m7 and h2 not assessed yet */
  checks = wn_prisma_flow_check (flow);
  g_assert_cmpuint (checks->len, ==, G_N_ELEMENTS (expected_status));
  for (guint i = 0; i < checks->len; i++)
    {
      WnPrismaCheck *check = checks->pdata[i];

      g_assert_cmpstr (check->id, ==, expected_status[i][0]);
      g_assert_cmpstr (wn_prisma_check_status_to_string (check->status), ==, expected_status[i][1]);
    }
  g_assert_cmpstr (((WnPrismaCheck *) checks->pdata[3])->detail, ==,
                   "screened - excluded = 9 vs dbr_sought_reports 7 (records vs reports)");
  g_assert_cmpstr (((WnPrismaCheck *) checks->pdata[9])->detail, ==, "arm totals 3+2 = 5 vs new_reports 3");

  /* the records behind each box */
  assert_box (fixture, "box2", NULL,
              IDS ("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "e0", "e1", "e2", "e3", "e4", "e5",
                   "r0", "r1", "r2"));
  assert_box (fixture, "box2", "Embase", IDS ("e0", "e1", "e2", "e3", "e4", "e5"));
  assert_box (fixture, "box2", "register_results", IDS ("r0", "r1", "r2"));
  assert_box (fixture, "box3", NULL, IDS ("e0", "e1", "m6", "m8", "m9", "e5"));
  assert_box (fixture, "box3", "duplicates", IDS ("e0", "e1"));
  assert_box (fixture, "box3", "excluded_automatic", IDS ("m8", "m9", "e5"));
  assert_box (fixture, "box3", "excluded_other", IDS ("m6"));
  assert_box (fixture, "box4", NULL,
              IDS ("m0", "m1", "m2", "m3", "m4", "m5", "m7", "e2", "e3", "e4", "r0", "r1", "r2"));
  assert_box (fixture, "box5", NULL, IDS ("m4", "m5", "e3", "e4"));
  assert_box (fixture, "box6", NULL, IDS ("m0", "m1", "m2", "m3", "m7", "e2", "r0"));
  assert_box (fixture, "box7", NULL, IDS ("m3"));
  assert_box (fixture, "box8", NULL, IDS ("m0", "m1", "m2", "m7", "e2", "r0"));
  assert_box (fixture, "box9", NULL, IDS ("m1", "m2", "e2"));
  assert_box (fixture, "box9", "Wrong population", IDS ("m1", "e2"));
  assert_box (fixture, "box9", "Wrong design, setting", IDS ("m2"));
  assert_box (fixture, "box10", NULL, IDS ("m0", "r0", "w1"));
  assert_box (fixture, "box10", "new_studies", IDS ("m0", "r0", "w1"));
  assert_box (fixture, "box11", NULL, IDS ("w0", "w1", "w2", "h1", "h2", "h3"));
  assert_box (fixture, "box11", "organisation_results", IDS ("h2", "h3"));
  assert_box (fixture, "box11", "SAMHSA website", IDS ("w0", "w1", "w2"));
  assert_box (fixture, "box12", NULL, IDS ("w1", "w2", "h1", "h2"));
  assert_box (fixture, "box13", NULL, IDS ("w2"));
  assert_box (fixture, "box14", NULL, IDS ("w1", "h1", "h2"));
  assert_box (fixture, "box15", NULL, IDS ("h1"));
  assert_box (fixture, "box15", "Wrong outcome", IDS ("h1"));
  for (guint i = 0; i < 6; i++)
    {
      const char *empty[] = { "box1", "box16", "box17", "prevstud", "identification", "othstud" };

      none = wn_project_prisma_box_records (fixture->project, empty[i], NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (none->len, ==, 0);
      g_clear_pointer (&none, g_array_unref);
    }
  none = wn_project_prisma_box_records (fixture->project, "box99", NULL, &error);
  g_assert_null (none);
  g_assert_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_INVALID);
}

/* /wn/core/prisma/eligibility: removed records, records of other methods
 * and reports not retrieved leave the queues, and come back */
static void
test_eligibility (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnDecision) event = NULL;
  WnStageCounts counts;

  /* before anything: 17 unique records of databases and registers at
   * title/abstract; the other methods' 5 unique ones go straight to full
   * text */
  g_assert_true (wn_project_get_stage_counts (fixture->project, WN_STAGE_TA, &counts, &error));
  g_assert_cmpint (counts.eligible, ==, 17);
  g_assert_true (wn_project_get_stage_counts (fixture->project, WN_STAGE_FT, &counts, &error));
  g_assert_cmpint (counts.eligible, ==, 5);
  g_assert_true (queue_has (fixture, WN_STAGE_TA, "m6"));
  g_assert_false (queue_has (fixture, WN_STAGE_TA, "h1"));
  g_assert_true (queue_has (fixture, WN_STAGE_FT, "h1"));
  g_assert_false (queue_has (fixture, WN_STAGE_FT, "w0")); /* a duplicate */

  /* no title/abstract screening for the other methods */
  event = wn_project_decide (fixture->project, "alice", WN_STAGE_TA, rid (fixture, "h1"), WN_VERDICT_INCLUDE, NULL,
                             NULL, NULL, &error);
  g_assert_null (event);
  g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_RECORD);
  g_clear_error (&error);
  vote (fixture, "alice", WN_STAGE_FT, "h1", WN_VERDICT_INCLUDE, NULL);

  /* removed: out of the queue, no decisions; put back: in again */
  g_assert_true (wn_project_remove_record (fixture->project, rid (fixture, "m6"), "Retracted", &error));
  g_assert_false (queue_has (fixture, WN_STAGE_TA, "m6"));
  event = wn_project_decide (fixture->project, "alice", WN_STAGE_TA, rid (fixture, "m6"), WN_VERDICT_INCLUDE, NULL,
                             NULL, NULL, &error);
  g_assert_null (event);
  g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_RECORD);
  g_clear_error (&error);
  g_assert_true (wn_project_restore_record (fixture->project, rid (fixture, "m6"), "Not retracted after all",
                                            &error));
  g_assert_true (queue_has (fixture, WN_STAGE_TA, "m6"));

  /* removed by the limits (1995), and by a person at the other arm */
  {
    WnLimits limits = { 2000, 0, NULL };

    g_assert_true (wn_project_apply_limits (fixture->project, &limits, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_false (queue_has (fixture, WN_STAGE_TA, "m9"));
  g_assert_false (queue_has (fixture, WN_STAGE_TA, "e5"));
  g_assert_true (queue_has (fixture, WN_STAGE_TA, "m8")); /* 2015 */
  g_assert_true (queue_has (fixture, WN_STAGE_FT, "w1")); /* 1980, but of a website */
  g_assert_true (wn_project_remove_record (fixture->project, rid (fixture, "h2"), "Duplicate report", &error));
  g_assert_false (queue_has (fixture, WN_STAGE_FT, "h2"));

  /* not retrieved: out of full text; retrieved after all: back */
  both (fixture, WN_STAGE_TA, "m0", WN_VERDICT_INCLUDE, NULL, NULL);
  g_assert_true (queue_has (fixture, WN_STAGE_FT, "m0"));
  g_assert_true (wn_project_set_retrieval (fixture->project, rid (fixture, "m0"), FALSE, "Embargoed", &error));
  g_assert_false (queue_has (fixture, WN_STAGE_FT, "m0"));
  g_assert_true (queue_has (fixture, WN_STAGE_TA, "m0")); /* title/abstract is unchanged */
  event = wn_project_decide (fixture->project, "alice", WN_STAGE_FT, rid (fixture, "m0"), WN_VERDICT_INCLUDE, NULL,
                             NULL, NULL, &error);
  g_assert_null (event);
  g_assert_error (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_RECORD);
  g_clear_error (&error);
  g_assert_true (wn_project_set_retrieval (fixture->project, rid (fixture, "m0"), TRUE, NULL, &error));
  g_assert_true (queue_has (fixture, WN_STAGE_FT, "m0"));
  vote (fixture, "alice", WN_STAGE_FT, "m0", WN_VERDICT_INCLUDE, NULL);

  g_assert_true (wn_project_get_stage_counts (fixture->project, WN_STAGE_TA, &counts, &error));
  g_assert_cmpint (counts.eligible, ==, 15);
  g_assert_true (wn_project_get_stage_counts (fixture->project, WN_STAGE_FT, &counts, &error));
  g_assert_cmpint (counts.eligible, ==, 5); /* w1 w2 h1 h3 + m0 */
  g_assert_no_error (error);
}

/* /wn/core/prisma/removals-and-limits: what may be removed, the limits'
 * rules and languages, changing them, a person's undo standing, the
 * audit log */
static void
test_removals_and_limits (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) removals = NULL;
  WnLimits limits = { 0 };
  WnLimits stored = { 0 };
  const char *spanish_english[] = { "Spanish", "en", NULL };
  WnLimitsReport report;
  gint64 audit = wn_project_count_audit (fixture->project, NULL);
  gint64 bad_row = -1;

  /* a note is required; duplicates and unknown records are refused */
  g_assert_false (wn_project_remove_record (fixture->project, rid (fixture, "m4"), "  ", &error));
  g_assert_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (wn_project_remove_record (fixture->project, rid (fixture, "e0"), "Copy", &error));
  g_assert_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_RECORD);
  g_clear_error (&error);
  g_assert_false (wn_project_remove_record (fixture->project, 9999, "Nothing", &error));
  g_assert_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_RECORD);
  g_clear_error (&error);
  g_assert_false (wn_project_restore_record (fixture->project, rid (fixture, "m4"), NULL, &error));
  g_assert_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (wn_project_remove_record (fixture->project, rid (fixture, "m4"), "Conference notice", &error));
  g_assert_false (wn_project_remove_record (fixture->project, rid (fixture, "m4"), "Again", &error));
  g_assert_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_STATE);
  g_clear_error (&error);

  /* the years' limits: the rule is kept as the note */
  limits.year_from = 2016;
  g_assert_true (wn_project_apply_limits (fixture->project, &limits, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.removed, ==, 4); /* m8 2015, m9 1995, e3 2014, e5 1990 */
  g_assert_cmpint (report.no_year, ==, 1);
  removals = wn_project_list_removals (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (removals->len, ==, 5);
  for (guint i = 0; i < removals->len; i++)
    {
      WnRemoval *removal = removals->pdata[i];

      if (removal->record_id == rid (fixture, "m4"))
        {
          g_assert_cmpint (removal->kind, ==, WN_REMOVAL_OTHER);
          g_assert_cmpstr (removal->note, ==, "Conference notice");
        }
      else
        {
          g_assert_cmpint (removal->kind, ==, WN_REMOVAL_AUTOMATIC);
          g_assert_nonnull (strstr (removal->note, "2016"));
        }
      g_assert_nonnull (removal->at);
      g_assert_nonnull (removal->by);
    }
  g_assert_true (wn_project_get_limits (fixture->project, &stored, &error));
  g_assert_cmpint (stored.year_from, ==, 2016);
  g_assert_cmpint (stored.year_to, ==, 0);
  g_assert_null (stored.languages);
  wn_limits_clear (&stored);

  /* a person puts e3 back: the limits leave it alone from then on */
  g_assert_true (wn_project_restore_record (fixture->project, rid (fixture, "e3"), "Reprint of a 2019 paper", &error));

  /* new limits: 2010 on, English or Spanish ("Spanish", "en" as codes);
   * m8 (French) stays out by language, m9 and e5 by year; e3 is exempt */
  limits.year_from = 2010;
  limits.languages = (char **) spanish_english;
  g_assert_true (wn_project_apply_limits (fixture->project, &limits, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.removed, ==, 0);
  g_assert_cmpint (report.restored, ==, 0);
  g_assert_cmpint (report.in_force, ==, 3);
  g_assert_cmpint (report.exempt, ==, 0); /* e3 (2014) is inside these */
  g_assert_true (wn_project_get_limits (fixture->project, &stored, &error));
  g_assert_cmpstr (stored.languages[0], ==, "spa");
  g_assert_cmpstr (stored.languages[1], ==, "eng");
  wn_limits_clear (&stored);

  limits.year_from = 2015;
  limits.languages = NULL;
  g_assert_true (wn_project_apply_limits (fixture->project, &limits, &report, &error));
  g_assert_cmpint (report.restored, ==, 1); /* m8: 2015 and no language limit */
  g_assert_cmpint (report.exempt, ==, 1);   /* e3 (2014): restored by a person */
  g_assert_cmpint (report.in_force, ==, 2);

  /* bad limits */
  limits.year_from = 2025;
  limits.year_to = 2000;
  g_assert_false (wn_project_apply_limits (fixture->project, &limits, &report, &error));
  g_assert_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_INVALID);
  g_clear_error (&error);

  /* no limits: every automatic removal undone, the person's stays */
  memset (&limits, 0, sizeof limits);
  g_assert_true (wn_project_apply_limits (fixture->project, &limits, &report, &error));
  g_assert_cmpint (report.restored, ==, 2);
  g_assert_cmpint (report.in_force, ==, 0);
  g_clear_pointer (&removals, g_ptr_array_unref);
  removals = wn_project_list_removals (fixture->project, &error);
  g_assert_cmpuint (removals->len, ==, 1);
  g_assert_true (wn_project_get_limits (fixture->project, &stored, &error));
  g_assert_cmpint (stored.year_from, ==, 0);

  /* every change audited, the chain intact */
  g_assert_cmpint (wn_project_count_audit (fixture->project, NULL), ==, audit + 6);
  g_assert_true (wn_project_verify_audit (fixture->project, &bad_row, &error));
  g_assert_no_error (error);
}

/* /wn/core/prisma/methods-and-retrieval: a search's method changed, a
 * record found by hand, retrieval statuses */
static void
test_methods_and_retrieval (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  g_autoptr(WnPrismaFlow) flow = NULL;
  g_autoptr(WnRecord) record = NULL;
  g_autoptr(WnRecord) bad = wn_record_new ();
  g_autoptr(WnRetrieval) status = NULL;
  g_autoptr(GHashTable) all = NULL;
  WnRecordMeta meta;
  gint64 website_search = 0;

  searches = wn_project_list_searches (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (searches->len, ==, 7);
  g_assert_cmpstr (((WnSearch *) searches->pdata[0])->method, ==, "database");
  g_assert_cmpstr (((WnSearch *) searches->pdata[2])->method, ==, "register");
  g_assert_cmpstr (((WnSearch *) searches->pdata[3])->method, ==, "website");
  g_assert_cmpstr (((WnSearch *) searches->pdata[6])->method, ==, "other");
  g_assert_cmpstr (((WnSearch *) searches->pdata[6])->database, ==, "Experts contacted");
  g_assert_cmpstr (((WnSearch *) searches->pdata[6])->format, ==, "manual");
  g_assert_cmpint (((WnSearch *) searches->pdata[6])->record_count, ==, 1);
  website_search = ((WnSearch *) searches->pdata[3])->id;

  /* the record found by hand: its source, URL and RIS text kept */
  record = wn_project_get_record (fixture->project, rid (fixture, "h2"), &meta, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->database, ==, "WHO");
  g_assert_cmpstr (meta.database, ==, "WHO");
  g_assert_nonnull (strstr (record->source_text, "UR  - https://example.org/report"));
  g_assert_nonnull (strstr (record->source_text, "TI  - World Health Organization guidance"));

  bad->title = g_strdup ("  ");
  g_assert_cmpint (wn_project_add_record_by_hand (fixture->project, bad, "website", "X", NULL, &error), ==, 0);
  g_assert_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_INVALID);
  g_clear_error (&error);
  g_free (bad->title);
  bad->title = g_strdup ("A title");
  g_assert_cmpint (wn_project_add_record_by_hand (fixture->project, bad, "website", "", NULL, &error), ==, 0);
  g_assert_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (wn_project_add_record_by_hand (fixture->project, bad, "blog", "X", NULL, &error), ==, 0);
  g_assert_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_INVALID);
  g_clear_error (&error);

  /* the website's search was a database's after all */
  g_assert_false (wn_project_set_search_method (fixture->project, website_search, "blog", &error));
  g_assert_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (wn_project_set_search_method (fixture->project, 999, "database", &error));
  g_assert_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (wn_project_set_search_method (fixture->project, website_search, "database", &error));
  flow = wn_project_prisma_flow (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpint (flow->database_results, ==, 19);
  g_assert_cmpint (flow->website_results, ==, 0);
  g_assert_cmpint (flow->duplicates, ==, 3); /* w0 now counts */
  g_assert_cmpint (flow->records_screened, ==, 19);
  assert_line (flow->database_specific_results, 2, "SAMHSA website", 3);
  g_assert_true (queue_has (fixture, WN_STAGE_TA, "w1"));
  g_assert_false (queue_has (fixture, WN_STAGE_FT, "w1"));

  /* retrieval: a reason for not retrieved, none for a duplicate, the
   * latest in force */
  g_assert_false (wn_project_set_retrieval (fixture->project, rid (fixture, "m1"), FALSE, " ", &error));
  g_assert_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (wn_project_set_retrieval (fixture->project, rid (fixture, "e1"), TRUE, NULL, &error));
  g_assert_error (error, WN_PRISMA_ERROR, WN_PRISMA_ERROR_RECORD);
  g_clear_error (&error);
  status = wn_project_get_retrieval (fixture->project, rid (fixture, "m1"), &error);
  g_assert_no_error (error);
  g_assert_null (status);
  g_assert_true (wn_project_set_retrieval (fixture->project, rid (fixture, "m1"), FALSE, "Lost", &error));
  g_assert_true (wn_project_set_retrieval (fixture->project, rid (fixture, "m1"), TRUE, "Found in an archive", &error));
  g_assert_true (wn_project_set_retrieval (fixture->project, rid (fixture, "m2"), FALSE, "Lost", &error));
  status = wn_project_get_retrieval (fixture->project, rid (fixture, "m1"), &error);
  g_assert_nonnull (status);
  g_assert_true (status->retrieved);
  g_assert_cmpstr (status->reason, ==, "Found in an archive");
  all = wn_project_list_retrieval (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (all), ==, 2);
  g_assert_false (((WnRetrieval *) g_hash_table_lookup (all, &(gint64) { rid (fixture, "m2") }))->retrieved);
}

/* ------------------------------------------------------------------------ */
/* (c) CSV, (d) JSON                                                         */

/* RFC 4180 rows (as R's read.csv reads them). */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;
  gboolean quoted = FALSE;
  gboolean any = FALSE;

  for (; *p; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
          continue;
        }
      any = TRUE;
      if (*p == '"')
        quoted = TRUE;
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
        }
      else if (*p == '\r' && p[1] == '\n')
        continue;
      else if (*p == '\n')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (row, NULL);
          g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
          any = FALSE;
        }
      else
        g_string_append_c (field, *p);
    }
  if (any)
    {
      g_ptr_array_add (row, g_strdup (field->str));
      g_ptr_array_add (row, NULL);
      g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
    }
  return rows;
}

/* The package's parser: lines split at ";", each line's name before its
 * first ",". */
static void
assert_package_list (const char *n,
                     GPtrArray  *list)
{
  g_auto(GStrv) lines = NULL;

  if (list->len == 0)
    {
      g_assert_cmpstr (n, ==, "NA");
      return;
    }
  lines = g_strsplit (n, ";", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, list->len);
  for (guint i = 0; i < list->len; i++)
    {
      const WnPrismaCount *count = list->pdata[i];
      char *comma = strchr (lines[i], ',');
      g_autofree char *want = NULL;
      g_autofree char *name = NULL;
      g_autofree char *number = NULL;

      g_assert_nonnull (comma);
      name = g_strstrip (g_strndup (lines[i], comma - lines[i]));
      number = g_strstrip (g_strdup (comma + 1));
      want = g_strdup_printf ("%" G_GINT64_FORMAT, count->n);
      g_assert_cmpstr (number, ==, want);
      /* a comma shown as U+201A, a semicolon as U+FF1B: nothing cut off */
      {
        g_autoptr(GString) shown = g_string_new (count->name);

        g_string_replace (shown, ",", "\xe2\x80\x9a", 0);
        g_string_replace (shown, ";", "\xef\xbc\x9b", 0);
        g_assert_cmpstr (name, ==, shown->str);
      }
    }
}

static void
assert_csv_matches_template (const WnPrismaFlow *flow,
                             const char         *csv)
{
  g_autofree char *template_path = testdata_path ("PRISMA.csv");
  g_autofree char *template_text = NULL;
  g_autoptr(GPtrArray) template_rows = NULL;
  g_autoptr(GPtrArray) rows = parse_csv (csv);

  /* every line ends in CR LF */
  for (const char *p = strchr (csv, '\n'); p != NULL; p = strchr (p + 1, '\n'))
    g_assert_cmpint (p[-1], ==, '\r');
  g_assert_cmpuint (rows->len, ==, 35);
  g_assert_cmpstr (((char **) rows->pdata[0])[0], ==, "data");
  g_assert_cmpstr (((char **) rows->pdata[0])[7], ==, "n");

  if (template_path != NULL)
    {
      g_assert_true (g_file_get_contents (template_path, &template_text, NULL, NULL));
      template_rows = parse_csv (template_text);
      g_assert_cmpuint (template_rows->len, ==, rows->len);
    }
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = rows->pdata[r];
      const char *data = row[0];
      char *n = row[7];

      g_assert_cmpuint (g_strv_length (row), ==, 8);
      if (template_rows != NULL)
        {
          char **want = template_rows->pdata[r];

          for (guint c = 0; c < 7; c++)
            g_assert_cmpstr (row[c], ==, want[c]);
          if (r == 0 || g_str_equal (data, "NA") || g_str_equal (data, "identification") ||
              g_str_equal (data, "screening") || g_str_equal (data, "included"))
            g_assert_cmpstr (n, ==, want[7]);
        }
      if (r == 0)
        continue;
#define COUNT(key)                                                                                                   \
      if (g_str_equal (data, #key))                                                                                  \
        {                                                                                                            \
          g_autofree char *want_n = flow->key == -1 ? g_strdup ("NA")                                                \
                                                    : g_strdup_printf ("%" G_GINT64_FORMAT, flow->key);              \
          g_assert_cmpstr (n, ==, want_n);                                                                           \
        }
      COUNT (previous_studies) COUNT (previous_reports) COUNT (database_results) COUNT (register_results)
      COUNT (website_results) COUNT (organisation_results) COUNT (citations_results) COUNT (duplicates)
      COUNT (excluded_automatic) COUNT (excluded_other) COUNT (records_screened) COUNT (records_excluded)
      COUNT (dbr_sought_reports) COUNT (dbr_notretrieved_reports) COUNT (other_sought_reports)
      COUNT (other_notretrieved_reports) COUNT (dbr_assessed) COUNT (other_assessed) COUNT (new_studies)
      COUNT (new_reports) COUNT (total_studies) COUNT (total_reports) COUNT (total_studies_ma)
      COUNT (total_reports_ma)
#undef COUNT
      if (g_str_equal (data, "database_specific_results"))
        assert_package_list (n, flow->database_specific_results);
      if (g_str_equal (data, "register_specific_results"))
        assert_package_list (n, flow->register_specific_results);
      if (g_str_equal (data, "dbr_excluded"))
        assert_package_list (n, flow->dbr_excluded);
      if (g_str_equal (data, "other_excluded"))
        assert_package_list (n, flow->other_excluded);
    }
}

/* /wn/core/prisma/csv: the template's rows in order, its fixed columns,
 * n from the flow (a shared case and a project's) */
static void
test_csv (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnPrismaFlow) flow = NULL;
  g_autoptr(WnPrismaFlow) case_flow = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *case_csv = NULL;
  g_autofree char *template_path = testdata_path ("PRISMA.csv");

  if (template_path == NULL)
    g_test_message ("WINNOW_TESTDATA/prisma/PRISMA.csv is not available: fixed columns not compared");

  build_review (fixture);
  flow = wn_project_prisma_flow (fixture->project, &error);
  g_assert_no_error (error);
  csv = wn_prisma_flow_to_csv (flow);
  assert_csv_matches_template (flow, csv);
  g_assert_nonnull (strstr (csv, "\"Wrong population, 2; Wrong design\xe2\x80\x9a setting, 1\""));
  g_assert_nonnull (strstr (csv, "\"MEDLINE, 10; Embase, 6\""));
  g_assert_nonnull (strstr (csv, "previous_studies.html,NA\r\n"));

  case_flow = wn_prisma_flow_from_json ("{\"previous\": true, \"previous_studies\": 10, \"previous_reports\": 14,"
                                        " \"database_specific_results\": [[\"MEDLINE\", 1200], [\"Embase\", 1500]],"
                                        " \"database_results\": 2700, \"register_results\": 0,"
                                        " \"dbr_excluded\": [[\"A; B\", 3]], \"new_studies\": 24, \"new_reports\": 29,"
                                        " \"total_studies\": 34, \"total_reports\": 43}",
                                        &error);
  g_assert_no_error (error);
  case_csv = wn_prisma_flow_to_csv (case_flow);
  assert_csv_matches_template (case_flow, case_csv);
  /* a semicolon in a name would split the line: it is shown as U+FF1B */
  g_assert_nonnull (strstr (case_csv, "A\xef\xbc\x9b B, 3"));
  g_assert_nonnull (strstr (case_csv, "previous_studies.html,10\r\n"));
}

/* /wn/core/prisma/json: CLI.md's keys, lists as objects, -1 as null, the
 * warnings */
static void
test_json (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnPrismaFlow) flow = NULL;
  g_autoptr(WnPrismaFlow) again = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  g_autofree char *rewritten = NULL;
  JsonObject *object;
  JsonObject *list;
  JsonArray *warnings;
  const char *const keys[] = {
    "database_results", "database_specific_results", "register_results", "register_specific_results",
    "website_results", "organisation_results", "citations_results", "duplicates", "excluded_automatic",
    "excluded_other", "records_screened", "records_excluded", "dbr_sought_reports", "dbr_notretrieved_reports",
    "dbr_assessed", "dbr_excluded", "other_sought_reports", "other_notretrieved_reports", "other_assessed",
    "other_excluded", "new_studies", "new_reports", "warnings", "previous", "other", "total_studies",
  };

  build_review (fixture);
  flow = wn_project_prisma_flow (fixture->project, &error);
  g_assert_no_error (error);
  json = wn_prisma_flow_to_json (flow);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (object, keys[i]));
  g_assert_cmpint (json_object_get_int_member (object, "records_screened"), ==, 13);
  g_assert_cmpint (json_object_get_int_member (object, "excluded_automatic"), ==, 3);
  g_assert_true (json_object_get_null_member (object, "total_studies"));
  g_assert_true (json_object_get_null_member (object, "previous_studies"));
  g_assert_true (json_object_get_boolean_member (object, "other"));
  list = json_object_get_object_member (object, "database_specific_results");
  g_assert_cmpint (json_object_get_size (list), ==, 2);
  g_assert_cmpint (json_object_get_int_member (list, "MEDLINE"), ==, 10);
  list = json_object_get_object_member (object, "dbr_excluded");
  g_assert_cmpint (json_object_get_int_member (list, "Wrong design, setting"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (list, "Wrong population"), ==, 2);
  warnings = json_object_get_array_member (object, "warnings");
  g_assert_cmpuint (json_array_get_length (warnings), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (warnings, 0), "id"), ==, "INV-S2");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (warnings, 0), "status"), ==,
                   "warning");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (warnings, 1), "detail"), ==,
                   "arm totals 3+2 = 5 vs new_reports 3");

  again = wn_prisma_flow_from_json (json, &error);
  g_assert_no_error (error);
  rewritten = wn_prisma_flow_to_json (again);
  g_assert_cmpstr (rewritten, ==, json);
}

/* ------------------------------------------------------------------------ */
/* (e) winnow-cli                                                            */

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

static int
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
  run_clear (run);
  g_ptr_array_add (args, (gpointer) cli);
  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_assert_true (g_spawn_sync (tmpdir, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                               &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  if (run->status != 0)
    g_test_message ("winnow-cli %s: %d: %s", (char *) args->pdata[1], run->status, run->err);
  return run->status;
}

static const char ris_medline[] =
  "TY  - JOUR\nTI  - Burnout among peer recovery coaches\nAU  - Quillfeather, Odessa\nPY  - 2019\n"
  "JO  - Addiction\nDO  - 10.1000/cli1\nER  - \n\n"
  "TY  - JOUR\nTI  - Early mutual aid societies and temperance volunteers\nAU  - Marchbanks, Tobias\nPY  - 1995\n"
  "JO  - History of Medicine\nER  - \n\n"
  "TY  - JOUR\nTI  - Telehealth adoption by certified recovery specialists\nAU  - Okonkwo, Ada\nPY  - 2022\n"
  "JO  - Psychiatric Services\nER  - \n";

static const char ris_register[] =
  "TY  - JOUR\nTI  - Peer delivered contingency management pilot trial\nAU  - Lindqvist, Saga\nPY  - 2021\n"
  "ER  - \n";

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* The line of `records --json` for a record. */
static JsonObject *
record_line (const char *lines,
             gint64      id)
{
  g_auto(GStrv) split = g_strsplit (lines, "\n", -1);

  for (guint i = 0; split[i] != NULL; i++)
    {
      g_autoptr(JsonObject) object = NULL;

      if (*split[i] == '\0')
        continue;
      object = parse_object (split[i]);
      if (json_object_get_int_member (object, "id") == id)
        return g_steal_pointer (&object);
    }
  return NULL;
}

/* /wn/core/prisma/cli: import --method, add-record, remove-record,
 * limits, retrieval, search-method, records --json, prisma json/csv, and
 * their exit statuses */
static void
test_cli (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) line = NULL;
  g_autofree char *medline_path = g_build_filename (tmpdir, "medline.ris", NULL);
  g_autofree char *register_path = g_build_filename (tmpdir, "register.ris", NULL);
  g_autofree char *json_path = g_build_filename (tmpdir, "flow.json", NULL);
  g_autofree char *csv_path = g_build_filename (tmpdir, "flow.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 hand_id;
  JsonObject *list;

  g_assert_true (g_file_set_contents (medline_path, ris_medline, -1, NULL));
  g_assert_true (g_file_set_contents (register_path, ris_register, -1, NULL));
  g_assert_cmpint (run_cli (&run, "new", "cli.winnow", NULL), ==, 0);

  /* import --method */
  g_assert_cmpint (run_cli (&run, "import", "cli.winnow", "medline.ris", "--method", "blog", NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "import", "cli.winnow", "medline.ris", "--database", "MEDLINE", NULL), ==, 0);
  g_assert_cmpint (run_cli (&run, "import", "cli.winnow", "register.ris", "--database", "ClinicalTrials.gov",
                            "--method", "register", "--json", NULL),
                   ==, 0);
  object = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (object, "files"), 0), "method"),
                   ==, "register");
  g_clear_pointer (&object, json_object_unref);

  /* add-record */
  g_assert_cmpint (run_cli (&run, "add-record", "cli.winnow", "--title", "Peer toolkit", "--method", "website",
                            NULL),
                   ==, 2);
  g_assert_cmpint (run_cli (&run, "add-record", "cli.winnow", "--title", "Peer toolkit", "--method", "database",
                            "--source", "X", NULL),
                   ==, 2);
  g_assert_cmpint (run_cli (&run, "add-record", "cli.winnow", "--title", "Peer toolkit", "--method", "website",
                            "--source", "SAMHSA website", "--doi", "not a doi", NULL),
                   ==, 1);
  g_assert_cmpint (run_cli (&run, "add-record", "cli.winnow", "--title", "Peer workforce toolkit", "--authors",
                            "Doe, Jane; Roe, Richard", "--year", "2023", "--url", "https://samhsa.gov/toolkit",
                            "--method", "website", "--source", "SAMHSA website", NULL),
                   ==, 0);
  hand_id = g_ascii_strtoll (run.out, NULL, 10);
  g_assert_cmpint (hand_id, ==, 5);
  g_assert_cmpint (run_cli (&run, "add-record", "cli.winnow", "--title", "Reference list find", "--method",
                            "citation", "--source", "Reference lists", "--json", NULL),
                   ==, 0);
  object = parse_object (run.out);
  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (object, "search_id"), ==, 4);
  g_clear_pointer (&object, json_object_unref);

  /* remove-record */
  g_assert_cmpint (run_cli (&run, "remove-record", "cli.winnow", "3", NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "remove-record", "cli.winnow", "x", "--note", "n", NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "remove-record", "cli.winnow", "99", "--note", "Gone", NULL), ==, 1);
  g_assert_cmpint (run_cli (&run, "remove-record", "cli.winnow", "3", "--note", "Erratum, not a study", NULL), ==, 0);
  g_assert_cmpint (run_cli (&run, "remove-record", "cli.winnow", "3", "--note", "Again", NULL), ==, 1);
  g_assert_cmpint (run_cli (&run, "remove-record", "cli.winnow", "3", "--undo", NULL), ==, 0);
  g_assert_cmpint (run_cli (&run, "remove-record", "cli.winnow", "3", "--undo", NULL), ==, 1);
  g_assert_cmpint (run_cli (&run, "remove-record", "cli.winnow", "3", "--note", "Erratum", NULL), ==, 0);
  g_assert_cmpint (run_cli (&run, "remove-record", "missing.winnow", "3", "--note", "Erratum", NULL), ==, 3);

  /* limits */
  g_assert_cmpint (run_cli (&run, "limits", "cli.winnow", "--years", "2025-2000", NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "limits", "cli.winnow", "--years", "recent", NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "limits", "cli.winnow", "--clear", "--years", "2000-", NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "limits", "cli.winnow", "--years", "2000-2025", "--languages", "eng,spa", "--json",
                            NULL),
                   ==, 0);
  object = parse_object (run.out);
  g_assert_cmpint (json_object_get_int_member (object, "removed"), ==, 1); /* the 1995 record */
  g_assert_cmpint (json_object_get_int_member (object, "automatic_removals"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "year_from"), ==, 2000);
  g_clear_pointer (&object, json_object_unref);
  g_assert_cmpint (run_cli (&run, "limits", "cli.winnow", NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "2000–2025"));
  g_assert_nonnull (strstr (run.out, "eng, spa"));

  /* retrieval, as CLI.md says */
  g_assert_cmpint (run_cli (&run, "retrieval", "cli.winnow", "1", "--not-retrieved", NULL), ==, 1);
  g_assert_cmpint (run_cli (&run, "retrieval", "cli.winnow", "1", "--retrieved", "--not-retrieved", NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "retrieval", "cli.winnow", "99", "--retrieved", NULL), ==, 1);
  g_assert_cmpint (run_cli (&run, "retrieval", "cli.winnow", "5", "--not-retrieved", "--reason", "Page removed",
                            NULL),
                   ==, 0);
  g_assert_cmpint (run_cli (&run, "retrieval", "cli.winnow", "1", "--retrieved", NULL), ==, 0);
  g_assert_cmpint (run_cli (&run, "retrieval", "cli.winnow", "5", "--json", NULL), ==, 0);
  object = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (object, "retrieval"), ==, "not_retrieved");
  g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, "Page removed");
  g_clear_pointer (&object, json_object_unref);

  /* records --json: retrieval, fulltext, study_id */
  g_assert_cmpint (run_cli (&run, "records", "cli.winnow", "--json", NULL), ==, 0);
  line = record_line (run.out, 5);
  g_assert_nonnull (line);
  g_assert_cmpstr (json_object_get_string_member (line, "retrieval"), ==, "not_retrieved");
  g_assert_cmpstr (json_object_get_string_member (line, "database"), ==, "SAMHSA website");
  g_assert_true (json_object_has_member (line, "fulltext"));
  g_assert_true (json_object_has_member (line, "study_id"));
  g_clear_pointer (&line, json_object_unref);
  line = record_line (run.out, 1);
  g_assert_cmpstr (json_object_get_string_member (line, "retrieval"), ==, "retrieved");
  g_clear_pointer (&line, json_object_unref);
  line = record_line (run.out, 4);
  g_assert_true (json_object_get_null_member (line, "retrieval"));
  g_clear_pointer (&line, json_object_unref);

  /* prisma --format json */
  g_assert_cmpint (run_cli (&run, "prisma", "cli.winnow", "--format", "json", "-o", "flow.json", NULL), ==, 0);
  g_assert_true (g_file_get_contents (json_path, &text, NULL, &error));
  object = parse_object (text);
  g_assert_cmpint (json_object_get_int_member (object, "database_results"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "register_results"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "website_results"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "citations_results"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "excluded_automatic"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "excluded_other"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "records_screened"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "other_sought_reports"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "other_notretrieved_reports"), ==, 1);
  list = json_object_get_object_member (object, "database_specific_results");
  g_assert_cmpint (json_object_get_int_member (list, "MEDLINE"), ==, 3);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "warnings")));
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&text, g_free);

  /* prisma --format csv, and the format from the file's name */
  g_assert_cmpint (run_cli (&run, "prisma", "cli.winnow", "-o", "flow.csv", NULL), ==, 0);
  g_assert_true (g_file_get_contents (csv_path, &text, NULL, &error));
  rows = parse_csv (text);
  g_assert_cmpuint (rows->len, ==, 35);
  g_assert_cmpstr (((char **) rows->pdata[5])[0], ==, "database_results");
  g_assert_cmpstr (((char **) rows->pdata[5])[7], ==, "3");
  g_assert_cmpint (run_cli (&run, "prisma", "cli.winnow", "--format", "csv", "-o", "-", NULL), ==, 0);
  g_assert_cmpstr (run.out, ==, text);

  g_assert_cmpint (run_cli (&run, "prisma", "cli.winnow", "--format", "doc", "-o", "x.doc", NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "prisma", "cli.winnow", "-o", "x.doc", NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "prisma", "cli.winnow", "--format", "json", NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "prisma", "missing.winnow", "--format", "json", "-o", "m.json", NULL), ==, 3);
  g_assert_cmpint (run_cli (&run, "prisma", "cli.winnow", "--format", "json", "-o", "no/such/dir/flow.json", NULL),
                   ==, 1);

  /* search-method */
  g_assert_cmpint (run_cli (&run, "search-method", "cli.winnow", "2", "blog", NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "search-method", "cli.winnow", "99", "website", NULL), ==, 1);
  g_assert_cmpint (run_cli (&run, "search-method", "cli.winnow", "2", "database", NULL), ==, 0);
  g_assert_cmpint (run_cli (&run, "prisma", "cli.winnow", "--format", "json", "-o", "-", NULL), ==, 0);
  object = parse_object (run.out);
  g_assert_cmpint (json_object_get_int_member (object, "register_results"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "database_results"), ==, 4);
  g_clear_pointer (&object, json_object_unref);

  /* limits --clear puts the 1995 record back */
  g_assert_cmpint (run_cli (&run, "limits", "cli.winnow", "--clear", "--json", NULL), ==, 0);
  object = parse_object (run.out);
  g_assert_cmpint (json_object_get_int_member (object, "restored"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "automatic_removals"), ==, 0);
}

/* /wn/core/prisma/search-batch: a search exported in several files counts
 * each record once, on one line: CINAHL in two files (3 + 2) is "CINAHL
 * 5" (beside the fixture's MEDLINE 10 and Embase 6), a search of two files that names no database is one line named
 * after its first file, not a line per file. */
static void
test_search_batch (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char *const cinahl_1[] = { "e1|Peer mentors in rural clinics|2020|||", "e2|Shift work and recovery coaches|2021|||",
                                          "e3|Supervision of lived experience staff|2019|||", NULL };
  static const char *const cinahl_2[] = { "e4|Wages of certified peer specialists|2018|||",
                                          "e5|Boundaries in peer support practice|2022|||", NULL };
  static const char *const nameless_1[] = { "n1|Moral injury among outreach workers|2023|||",
                                            "n2|Retention in harm reduction teams|2017|||", NULL };
  static const char *const nameless_2[] = { "n3|Training needs of recovery navigators|2016|||", NULL };
  static const char *const psycinfo[] = { "p1|Role ambiguity in peer roles|2015|||", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(WnPrismaFlow) flow = NULL;
  gint64 cinahl, nameless;
  g_autofree char *nameless_line = NULL;

  nameless = import_search_file (fixture, NULL, NULL, 0, nameless_1);
  cinahl = import_search_file (fixture, "CINAHL", NULL, 0, cinahl_1);
  import_search_file (fixture, NULL, NULL, nameless, nameless_2);
  import_search_file (fixture, "PsycINFO", NULL, 0, psycinfo);
  import_search_file (fixture, NULL, NULL, cinahl, cinahl_2);

  flow = wn_project_prisma_flow (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpint (flow->database_results, ==, 16 + 9);
  g_assert_cmpuint (flow->database_specific_results->len, ==, 5);
  nameless_line = g_strdup_printf ("Search %" G_GINT64_FORMAT, nameless);
  assert_line (flow->database_specific_results, 0, "MEDLINE", 10);
  assert_line (flow->database_specific_results, 1, "Embase", 6);
  assert_line (flow->database_specific_results, 2, nameless_line, 3);
  assert_line (flow->database_specific_results, 3, "CINAHL", 5);
  assert_line (flow->database_specific_results, 4, "PsycINFO", 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("winnow-prisma-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/wn/core/prisma/invariant-cases", test_invariant_cases);
  g_test_add_func ("/wn/core/prisma/checks-fail", test_checks_fail);
  g_test_add ("/wn/core/prisma/flow-boxes", Fixture, NULL, fixture_set_up, test_flow_boxes, fixture_tear_down);
  g_test_add ("/wn/core/prisma/eligibility", Fixture, NULL, fixture_set_up, test_eligibility, fixture_tear_down);
  g_test_add ("/wn/core/prisma/removals-and-limits", Fixture, NULL, fixture_set_up, test_removals_and_limits,
              fixture_tear_down);
  g_test_add ("/wn/core/prisma/methods-and-retrieval", Fixture, NULL, fixture_set_up, test_methods_and_retrieval,
              fixture_tear_down);
  g_test_add ("/wn/core/prisma/csv", Fixture, NULL, fixture_set_up, test_csv, fixture_tear_down);
  g_test_add ("/wn/core/prisma/search-batch", Fixture, NULL, fixture_set_up, test_search_batch, fixture_tear_down);
  g_test_add ("/wn/core/prisma/json", Fixture, NULL, fixture_set_up, test_json, fixture_tear_down);
  g_test_add_func ("/wn/core/prisma/cli", test_cli);

  status = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  return status;
}
