/* test-dedup-store.c — dedup runs, merges, decisions, undo and re-runs in a
 * project, and the winnow-cli contract of dedup and duplicates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "wn-dedup.h"
#include "wn-dedup-group.h"
#include "wn-dedup-pair.h"
#include "wn-project.h"

typedef struct
{
  char      *dir;
  char      *path;
  WnProject *project;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("winnow-test-dedup-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "review.winnow", NULL);
  fixture->project = wn_project_create (fixture->path, "Dedup", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->project);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* A record from "field=value | …" (as in test-dedup.c). */
static WnRecord *
record_from (const char *spec)
{
  WnRecord *record = wn_record_new ();
  g_auto(GStrv) parts = g_strsplit (spec, " | ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *eq = strchr (parts[i], '=');
      char **slot = NULL;

      g_assert_nonnull (eq);
      *eq = '\0';
      if (g_str_equal (parts[i], "id"))
        slot = &record->source_id;
      else if (g_str_equal (parts[i], "t"))
        slot = &record->title;
      else if (g_str_equal (parts[i], "y"))
        slot = &record->year;
      else if (g_str_equal (parts[i], "j"))
        slot = &record->journal;
      else if (g_str_equal (parts[i], "v"))
        slot = &record->volume;
      else if (g_str_equal (parts[i], "i"))
        slot = &record->issue;
      else if (g_str_equal (parts[i], "p"))
        slot = &record->pages;
      else if (g_str_equal (parts[i], "ab"))
        slot = &record->abstract;
      if (slot != NULL)
        *slot = g_strdup (eq + 1);
      else if (g_str_equal (parts[i], "d"))
        record->doi = wn_doi_normalise (eq + 1);
      else if (g_str_equal (parts[i], "a"))
        {
          g_auto(GStrv) names = g_strsplit (eq + 1, ";", -1);

          for (guint k = 0; names[k] != NULL; k++)
            wn_record_add_author (record, g_strstrip (names[k]));
        }
      else
        g_error ("unknown field %s", parts[i]);
      wn_record_add_field (record, parts[i], eq + 1);
    }
  record->source_text = g_strdup (spec);
  return record;
}

/* Imports the records as one search; returns their ids. */
static GArray *
import (WnProject          *project,
        const char * const *specs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WnSearch) search = wn_search_new ();
  g_autoptr(WnSearchWriter) writer = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  search->database = g_strdup ("Test");
  search->file_name = g_strdup ("fixture.ris");
  writer = wn_project_begin_search (project, search, &error);
  g_assert_no_error (error);
  for (guint i = 0; specs[i] != NULL; i++)
    {
      g_autoptr(WnRecord) record = record_from (specs[i]);
      gint64 id = wn_search_writer_add (writer, record, &error);

      g_assert_no_error (error);
      g_array_append_val (ids, id);
    }
  g_assert_true (wn_search_writer_commit (writer, &error));
  g_assert_no_error (error);
  return ids;
}

#define ID(ids, i) g_array_index ((ids), gint64, (i))

/* A: the most complete copy (abstract, DOI, full range) but no issue;
 * A2, A3: copies as other databases write them; B: another paper;
 * C, D: the same title and authors in two journals without volume or
 * pages — possible, for a person. */
static const char *const first_search[] = {
  "id=A | t=Burnout among peer recovery coaches: a national survey | a=Smith, Anna; Jones, Kim | y=2019 | j=Addiction | v=114 | p=482-491 | d=10.1111/add.14000 | ab=We surveyed 412 peer recovery coaches.",
  "id=A2 | t=BURNOUT AMONG PEER RECOVERY COACHES - A NATIONAL SURVEY. | a=Smith, A.; Jones, K. | y=2019 | j=ADDICTION | v=114 | i=3 | p=482-91",
  "id=A3 | t=Burnout among peer recovery coaches: a national survey | a=Smith A; Jones K | y=2019 | j=Addiction (Abingdon, England) | v=114 | i=3 | p=482-491 | d=https://doi.org/10.1111/ADD.14000",
  "id=B | t=Compassion fatigue in harm reduction services: a qualitative study | a=Okafor, Kwame | y=2020 | j=Int J Drug Policy | v=80 | p=1-9",
  "id=C | t=Role ambiguity and turnover intention among peer navigators in emergency departments | a=Patel, Ravi; Kim, Sofia | y=2021 | j=Journal of Dual Diagnosis",
  "id=D | t=Role ambiguity and turnover intention among peer navigators in emergency departments | a=Patel, Ravi; Kim, Sofia | y=2021 | j=Social Work in Public Health",
  NULL
};

static gint64
record_duplicate_of (WnProject *project,
                     gint64     id)
{
  g_autoptr(GError) error = NULL;
  WnRecordMeta meta;
  g_autoptr(WnRecord) record = wn_project_get_record (project, id, &meta, &error);

  g_assert_no_error (error);
  return meta.duplicate_of;
}

static gint64
first_pending_pair (WnProject *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) pairs = wn_dedup_list_pairs (project, WN_DEDUP_PAIRS_PENDING, 0, NULL, &error);
  g_autoptr(WnDedupPair) pair = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (pairs), >=, 1);
  pair = g_list_model_get_item (pairs, 0);
  return wn_dedup_pair_get_id (pair);
}

static void
assert_counts (WnProject *project,
               gint64     unique,
               gint64     groups)
{
  g_autoptr(GError) error = NULL;
  WnProjectCounts counts;

  g_assert_true (wn_project_get_counts (project, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts.unique_records, ==, unique);
  g_assert_cmpint (counts.duplicate_groups, ==, groups);
}

/* /wn/core/dedup/store/run: certain copies merged into the most complete
 * record, missing fields filled beside it, the possible pair queued. */
static void
test_run (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = import (fixture->project, first_search);
  g_autoptr(GListModel) groups = NULL;
  g_autoptr(GListModel) pending = NULL;
  g_autoptr(WnDedupGroup) group = NULL;
  g_autoptr(WnDedupPair) pair = NULL;
  g_autoptr(WnRecord) merged = NULL;
  g_autoptr(WnRecord) original = NULL;
  WnDedupReport report;
  const gint64 *members;
  guint n_members = 0;
  gint64 bad = -1;

  g_assert_true (wn_dedup_run (fixture->project, WN_DEDUP_RUN_DEFAULT, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.records, ==, 6);
  g_assert_cmpuint (report.new_records, ==, 6);
  g_assert_cmpuint (report.certain_pairs, ==, 3);
  g_assert_cmpuint (report.possible_pairs, ==, 1);
  g_assert_cmpuint (report.groups_created, ==, 1);
  g_assert_cmpuint (report.duplicate_groups, ==, 1);
  g_assert_cmpuint (report.duplicate_records, ==, 2);
  g_assert_cmpuint (report.unique_records, ==, 4);
  g_assert_cmpuint (report.pending_pairs, ==, 1);

  /* the kept record is A, the most complete */
  g_assert_cmpint (record_duplicate_of (fixture->project, ID (ids, 0)), ==, 0);
  g_assert_cmpint (record_duplicate_of (fixture->project, ID (ids, 1)), ==, ID (ids, 0));
  g_assert_cmpint (record_duplicate_of (fixture->project, ID (ids, 2)), ==, ID (ids, 0));
  g_assert_cmpint (record_duplicate_of (fixture->project, ID (ids, 3)), ==, 0);
  assert_counts (fixture->project, 4, 1);

  groups = wn_dedup_list_groups (fixture->project, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, 1);
  group = g_list_model_get_item (groups, 0);
  g_assert_cmpint (wn_dedup_group_get_kept_id (group), ==, ID (ids, 0));
  g_assert_cmpstr (wn_dedup_group_get_status (group), ==, "auto");
  members = wn_dedup_group_get_members (group, &n_members);
  g_assert_cmpuint (n_members, ==, 3);
  g_assert_cmpint (members[0], ==, ID (ids, 0));
  g_assert_nonnull (strstr (wn_dedup_group_get_reason (group), "\"kept_because\":[\"abstract\",\"doi\""));

  pending = wn_dedup_list_pairs (fixture->project, WN_DEDUP_PAIRS_PENDING, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (pending), ==, 1);
  pair = g_list_model_get_item (pending, 0);
  g_assert_cmpint (wn_dedup_pair_get_record_id (pair, 0), ==, ID (ids, 4));
  g_assert_cmpint (wn_dedup_pair_get_record_id (pair, 1), ==, ID (ids, 5));
  g_assert_cmpint (wn_dedup_pair_get_outcome (pair), ==, WN_DEDUP_POSSIBLE);
  g_assert_cmpstr (wn_dedup_pair_get_record (pair, 1)->journal, ==, "Social Work in Public Health");
  g_assert_nonnull (strstr (wn_dedup_pair_get_reasons (pair), "\"rule\":\"possible:title\""));
  g_assert_nonnull (wn_dedup_pair_get_description (pair));

  /* The kept record lacks an issue: it is filled beside it, not in it. */
  merged = wn_dedup_get_merged_record (fixture->project, ID (ids, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (merged->issue, ==, "3");
  original = wn_project_get_record (fixture->project, ID (ids, 0), NULL, &error);
  g_assert_no_error (error);
  g_assert_null (original->issue);

  g_assert_true (wn_project_verify_audit (fixture->project, &bad, &error));
  g_assert_no_error (error);
}

/* /wn/core/dedup/store/decide-and-undo: a person's "duplicate" merges,
 * undoing it restores the state before exactly; "distinct" holds across
 * re-runs. */
static void
test_decide_and_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = import (fixture->project, first_search);
  g_autoptr(GListModel) groups = NULL;
  g_autoptr(WnDedupGroup) group = NULL;
  WnDedupReport report;
  WnDedupCounts counts;
  gint64 pair_id;

  g_assert_true (wn_dedup_run (fixture->project, WN_DEDUP_RUN_DEFAULT, NULL, &report, &error));
  pair_id = first_pending_pair (fixture->project);

  g_assert_true (wn_dedup_decide (fixture->project, pair_id, WN_DEDUP_DECISION_DUPLICATE, &error));
  g_assert_no_error (error);
  assert_counts (fixture->project, 3, 2);
  g_assert_cmpint (record_duplicate_of (fixture->project, ID (ids, 5)), ==, ID (ids, 4));
  groups = wn_dedup_list_groups (fixture->project, NULL, &error);
  group = g_list_model_get_item (groups, 1);
  g_assert_cmpint (wn_dedup_group_get_kept_id (group), ==, ID (ids, 4));
  g_assert_cmpstr (wn_dedup_group_get_status (group), ==, "confirmed");
  g_assert_true (wn_dedup_get_counts (fixture->project, &counts, &error));
  g_assert_cmpint (counts.pending_pairs, ==, 0);
  g_assert_cmpint (counts.decided_pairs, ==, 1);
  g_assert_cmpint (counts.confirmed_groups, ==, 1);

  /* deciding the same again changes nothing */
  g_assert_true (wn_dedup_decide (fixture->project, pair_id, WN_DEDUP_DECISION_DUPLICATE, &error));
  assert_counts (fixture->project, 3, 2);

  /* undo: as before the decision */
  g_assert_true (wn_dedup_undo_decision (fixture->project, pair_id, &error));
  g_assert_no_error (error);
  assert_counts (fixture->project, 4, 1);
  g_assert_cmpint (record_duplicate_of (fixture->project, ID (ids, 5)), ==, 0);
  g_assert_cmpint (first_pending_pair (fixture->project), ==, pair_id);
  g_assert_false (wn_dedup_undo_decision (fixture->project, pair_id, &error));
  g_assert_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* distinct holds: the pair leaves the queue and no run merges it */
  g_assert_true (wn_dedup_decide (fixture->project, pair_id, WN_DEDUP_DECISION_DISTINCT, &error));
  g_assert_no_error (error);
  g_assert_true (wn_dedup_run (fixture->project, WN_DEDUP_RUN_ALL_PAIRS, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.pending_pairs, ==, 0);
  assert_counts (fixture->project, 4, 1);

  /* a change of mind, then its undo, gives back the earlier decision */
  g_assert_true (wn_dedup_decide (fixture->project, pair_id, WN_DEDUP_DECISION_DUPLICATE, &error));
  assert_counts (fixture->project, 3, 2);
  g_assert_true (wn_dedup_undo_decision (fixture->project, pair_id, &error));
  assert_counts (fixture->project, 4, 1);
  g_assert_true (wn_dedup_get_counts (fixture->project, &counts, &error));
  g_assert_cmpint (counts.decided_pairs, ==, 1);
  g_assert_cmpint (counts.pending_pairs, ==, 0);

  g_assert_false (wn_dedup_decide (fixture->project, 9999, WN_DEDUP_DECISION_DUPLICATE, &error));
  g_assert_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND);
}

/* A certain pair (A, A3) and a record E that may duplicate A. */
static const char *const growing_search[] = {
  "id=A | t=Burnout among peer recovery coaches: a national survey | a=Smith, Anna; Jones, Kim | y=2019 | j=Addiction | v=114 | p=482-491 | d=10.1111/add.14000 | ab=We surveyed 412 peer recovery coaches.",
  "id=A3 | t=Burnout among peer recovery coaches: a national survey | a=Smith A; Jones K | y=2019 | j=Addiction (Abingdon, England) | v=114 | i=3 | p=482-491 | d=https://doi.org/10.1111/ADD.14000",
  "id=E | t=Burnout among peer recovery coaches: a national survey | a=Smith, Anna; Jones, Kim | y=2019 | j=Social Work in Public Health",
  NULL
};

/* The one active group: its id, status and number of members. */
static gint64
only_group (WnProject   *project,
            const char **status,
            guint       *n_members)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) groups = wn_dedup_list_groups (project, NULL, &error);
  g_autoptr(WnDedupGroup) group = NULL;
  static char saved[16];

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, 1);
  group = g_list_model_get_item (groups, 0);
  g_strlcpy (saved, wn_dedup_group_get_status (group), sizeof saved);
  *status = saved;
  wn_dedup_group_get_members (group, n_members);
  return wn_dedup_group_get_id (group);
}

/* /wn/core/dedup/store/undo-gives-back: a person's "duplicate" grows an
 * automatic group; its undo gives the group back as it was (id, status,
 * members), and a second change of mind gives back the grown one. */
static void
test_undo_gives_back (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = import (fixture->project, growing_search);
  WnDedupReport report;
  const char *status;
  guint n;
  gint64 automatic;
  gint64 grown;
  gint64 pair_id;

  g_assert_true (wn_dedup_run (fixture->project, WN_DEDUP_RUN_DEFAULT, NULL, &report, &error));
  g_assert_no_error (error);
  automatic = only_group (fixture->project, &status, &n);
  g_assert_cmpstr (status, ==, "auto");
  g_assert_cmpuint (n, ==, 2);
  pair_id = first_pending_pair (fixture->project);

  g_assert_true (wn_dedup_decide (fixture->project, pair_id, WN_DEDUP_DECISION_DUPLICATE, &error));
  g_assert_no_error (error);
  grown = only_group (fixture->project, &status, &n);
  g_assert_cmpint (grown, !=, automatic);
  g_assert_cmpstr (status, ==, "confirmed");
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (record_duplicate_of (fixture->project, ID (ids, 2)), ==, ID (ids, 0));

  g_assert_true (wn_dedup_undo_decision (fixture->project, pair_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (only_group (fixture->project, &status, &n), ==, automatic);
  g_assert_cmpstr (status, ==, "auto");
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (record_duplicate_of (fixture->project, ID (ids, 1)), ==, ID (ids, 0));
  g_assert_cmpint (record_duplicate_of (fixture->project, ID (ids, 2)), ==, 0);
  g_assert_cmpint (first_pending_pair (fixture->project), ==, pair_id);

  g_assert_true (wn_dedup_decide (fixture->project, pair_id, WN_DEDUP_DECISION_DISTINCT, &error));
  g_assert_cmpint (only_group (fixture->project, &status, &n), ==, automatic);
  g_assert_cmpstr (status, ==, "auto");

  g_assert_true (wn_dedup_decide (fixture->project, pair_id, WN_DEDUP_DECISION_DUPLICATE, &error));
  g_assert_cmpint (only_group (fixture->project, &status, &n), ==, grown);
  g_assert_cmpstr (status, ==, "confirmed");
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (record_duplicate_of (fixture->project, ID (ids, 2)), ==, ID (ids, 0));
}

static char *
records_snapshot (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, title, authors, year, journal, volume, issue, pages, doi,"
                                           " abstract, fields, source_text, duplicate_of FROM records ORDER BY id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < 13; c++)
        g_string_append_printf (out, "%s\t", sqlite3_column_text (stmt, c) ? (const char *) sqlite3_column_text (stmt, c)
                                                                          : "NULL");
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

/* /wn/core/dedup/store/undo-group: undoing a merge gives back the records
 * exactly, and the next run does not merge them again unasked. */
static void
test_undo_group (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = import (fixture->project, first_search);
  g_autofree char *before = records_snapshot (fixture->path);
  g_autofree char *after = NULL;
  g_autoptr(GListModel) groups = NULL;
  g_autoptr(GListModel) pending = NULL;
  g_autoptr(WnDedupGroup) group = NULL;
  g_autoptr(WnRecord) merged = NULL;
  WnDedupReport report;
  gint64 group_id;

  g_assert_true (wn_dedup_run (fixture->project, WN_DEDUP_RUN_DEFAULT, NULL, &report, &error));
  groups = wn_dedup_list_groups (fixture->project, NULL, &error);
  group = g_list_model_get_item (groups, 0);
  group_id = wn_dedup_group_get_id (group);

  g_assert_true (wn_dedup_undo_group (fixture->project, group_id, &error));
  g_assert_no_error (error);
  assert_counts (fixture->project, 6, 0);
  after = records_snapshot (fixture->path);
  g_assert_cmpstr (after, ==, before);
  merged = wn_dedup_get_merged_record (fixture->project, ID (ids, 0), &error);
  g_assert_null (merged->issue);

  /* the group's three links wait for a person, with the possible pair */
  pending = wn_dedup_list_pairs (fixture->project, WN_DEDUP_PAIRS_PENDING, 0, NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (pending), ==, 4);

  g_assert_true (wn_dedup_run (fixture->project, WN_DEDUP_RUN_ALL_PAIRS, NULL, &report, &error));
  g_assert_no_error (error);
  assert_counts (fixture->project, 6, 0);

  /* an ended group cannot be undone twice */
  g_assert_false (wn_dedup_undo_group (fixture->project, group_id, &error));
  g_assert_error (error, WN_STORE_ERROR, WN_STORE_ERROR_NOT_FOUND);
}

/* /wn/core/dedup/store/rerun: a run after a new import compares only
 * pairs with a new record, keeps people's decisions, and grows a group
 * without changing its kept record. */
static void
test_rerun (Fixture       *fixture,
            gconstpointer  data)
{
  static const char *const second_search[] = {
    "id=A4 | t=Burnout among peer recovery coaches: A national survey | a=Smith, Anna; Jones, Kim | y=2019 | j=Addict | v=114 | i=3 | p=482-491 | d=10.1111/add.14000 | ab=We surveyed 412 peer recovery coaches in 30 services.",
    "id=E | t=Professional identity of lived-experience practitioners in telehealth recovery services | a=Novak, Lucas | y=2022 | j=Addiction Research & Theory | v=30 | p=200-210",
    NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = import (fixture->project, first_search);
  g_autoptr(GArray) more = NULL;
  g_autoptr(GListModel) groups = NULL;
  g_autoptr(WnDedupGroup) group = NULL;
  WnDedupReport report;
  WnDedupReport again;
  gint64 pair_id;
  guint n_members = 0;

  g_assert_true (wn_dedup_run (fixture->project, WN_DEDUP_RUN_DEFAULT, NULL, &report, &error));
  pair_id = first_pending_pair (fixture->project);
  g_assert_true (wn_dedup_decide (fixture->project, pair_id, WN_DEDUP_DECISION_DISTINCT, &error));

  /* nothing new: nothing compared */
  g_assert_true (wn_dedup_run (fixture->project, WN_DEDUP_RUN_DEFAULT, NULL, &again, &error));
  g_assert_cmpuint (again.new_records, ==, 0);
  g_assert_cmpuint (again.candidate_pairs, ==, 0);
  g_assert_cmpuint (again.groups_created, ==, 0);

  more = import (fixture->project, second_search);
  g_assert_true (wn_dedup_run (fixture->project, WN_DEDUP_RUN_DEFAULT, NULL, &again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (again.new_records, ==, 2);
  g_assert_cmpuint (again.certain_pairs, ==, 3);    /* A4 with A, A2, A3 */
  g_assert_cmpuint (again.groups_created, ==, 1);   /* the group re-formed, grown */
  g_assert_cmpuint (again.groups_ended, ==, 1);
  g_assert_cmpuint (again.pending_pairs, ==, 0);    /* the distinct decision stands */
  /* every pair compared has a new record: at most new × all */
  g_assert_cmpuint (again.candidate_pairs, <=, 2 * 7);

  groups = wn_dedup_list_groups (fixture->project, NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, 1);
  group = g_list_model_get_item (groups, 0);
  g_assert_cmpint (wn_dedup_group_get_kept_id (group), ==, ID (ids, 0));
  wn_dedup_group_get_members (group, &n_members);
  g_assert_cmpuint (n_members, ==, 4);
  g_assert_cmpint (record_duplicate_of (fixture->project, ID (more, 0)), ==, ID (ids, 0));
  assert_counts (fixture->project, 5, 1);
}

/* /wn/core/dedup/store/chain-guard: a sparse record alike to two papers
 * that differ (other DOIs) may join one of them, never both. */
static void
test_chain_guard (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char *const records[] = {
    "id=X1 | t=Peer recovery support in emergency departments: a review | a=Walker, Thomas; Cohen, Laura | y=2018 | j=Addiction | v=113 | p=10-20 | d=10.1111/add.1",
    "id=X2 | t=Peer recovery support in emergency departments: a review | a=Walker, Thomas; Cohen, Laura | y=2018 | j=Addiction | v=113 | d=10.1111/add.2",
    "id=S | t=Peer recovery support in emergency departments: a review | a=Walker, T.; Cohen, L. | y=2018",
    NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = import (fixture->project, records);
  WnDedupReport report;
  gint64 x1;
  gint64 x2;
  gint64 s;

  g_assert_true (wn_dedup_run (fixture->project, WN_DEDUP_RUN_DEFAULT, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.certain_pairs, ==, 2);   /* S with X1, S with X2 */
  g_assert_cmpuint (report.held_pairs, ==, 1);
  g_assert_cmpuint (report.duplicate_groups, ==, 1);
  x1 = record_duplicate_of (fixture->project, ID (ids, 0));
  x2 = record_duplicate_of (fixture->project, ID (ids, 1));
  s = record_duplicate_of (fixture->project, ID (ids, 2));
  /* X1 and X2 are never in one group */
  g_assert_true ((x1 == 0 ? ID (ids, 0) : x1) != (x2 == 0 ? ID (ids, 1) : x2));
  g_assert_true (s != 0 || x1 != 0 || x2 != 0);
  g_assert_cmpuint (report.pending_pairs, ==, 1);
}

/* /wn/core/dedup/store/nothing-deleted: the history cannot be deleted */
static void
test_nothing_deleted (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char *const tables[] = {
    "dedup_runs", "dedup_pairs", "dedup_decisions", "dedup_groups", "dedup_members", "dedup_filled",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = import (fixture->project, first_search);
  WnDedupReport report;
  sqlite3 *db = NULL;

  g_assert_true (wn_dedup_run (fixture->project, WN_DEDUP_RUN_DEFAULT, NULL, &report, &error));
  g_assert_true (wn_dedup_decide (fixture->project, first_pending_pair (fixture->project),
                                  WN_DEDUP_DECISION_DUPLICATE, &error));
  g_clear_object (&fixture->project);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", tables[i]);

      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
    }
  sqlite3_close (db);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  WnDedupReport *report = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (wn_dedup_run_finish (WN_PROJECT (source), result, report, &error));
  g_assert_no_error (error);
}

static void
groups_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GListModel **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = wn_dedup_list_groups_finish (WN_PROJECT (source), result, &error);
  g_assert_no_error (error);
}

/* /wn/core/dedup/store/async: the _async/_finish pairs */
static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GArray) ids = import (fixture->project, first_search);
  g_autoptr(GListModel) groups = NULL;
  WnDedupReport report = { 0 };

  wn_dedup_run_async (fixture->project, WN_DEDUP_RUN_DEFAULT, NULL, run_done_cb, &report);
  while (report.run_id == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (report.duplicate_groups, ==, 1);

  wn_dedup_list_groups_async (fixture->project, NULL, groups_done_cb, &groups);
  while (groups == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, 1);
}

/* ------------------------------------------------------------------------ */
/* winnow-cli                                                                */

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

static void
run_cli (const char *dir,
         Run        *run,
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
  g_assert_true (g_spawn_sync (dir, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
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

/* /wn/core/dedup/cli: dedup, duplicates, dedup-decide, dedup-undo as
 * CLI.md promises, and info and records agreeing with them */
static void
test_cli (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("winnow-test-dedup-cli-XXXXXX", &error);
  g_autofree char *csv = g_build_filename (dir, "records.csv", NULL);
  g_auto(Run) created = { 0 };
  g_auto(Run) imported = { 0 };
  g_auto(Run) dedup = { 0 };
  g_auto(Run) dups = { 0 };
  g_auto(Run) info = { 0 };
  g_auto(Run) records = { 0 };
  g_auto(Run) pairs = { 0 };
  g_auto(Run) decide = { 0 };
  g_auto(Run) unknown = { 0 };
  g_auto(Run) usage = { 0 };
  g_auto(Run) undo = { 0 };
  g_auto(Run) not_project = { 0 };
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) groups_doc = NULL;
  g_autoptr(JsonNode) info_doc = NULL;
  g_autoptr(JsonNode) pairs_doc = NULL;
  JsonArray *groups;
  JsonObject *group;
  JsonObject *first_pair;
  g_autofree char *pair_id = NULL;
  g_autofree char *group_id = NULL;
  guint merged = 0;
  guint auto_groups = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (csv,
    "ID,title,author,year,journal,volume,number,pages,doi\n"
    "r1,Burnout among peer recovery coaches: a national survey,\"Smith, Anna and Jones, Kim\",2019,Addiction,114,3,482-491,10.1111/add.14000\n"
    "r2,BURNOUT AMONG PEER RECOVERY COACHES - A NATIONAL SURVEY,\"Smith, A. and Jones, K.\",2019,Addiction,114,3,482-91,\n"
    "r3,Compassion fatigue in harm reduction services,\"Okafor, Kwame\",2020,Int J Drug Policy,80,,1-9,\n"
    "r4,Role ambiguity and turnover intention among peer navigators in emergency departments,\"Patel, Ravi and Kim, Sofia\",2021,Journal of Dual Diagnosis,,,,\n"
    "r5,Role ambiguity and turnover intention among peer navigators in emergency departments,\"Patel, Ravi and Kim, Sofia\",2021,Social Work in Public Health,,,,\n",
    -1, &error));
  g_assert_no_error (error);

  run_cli (dir, &created, "new", "p.winnow", NULL);
  g_assert_cmpint (created.status, ==, 0);
  run_cli (dir, &imported, "import", "p.winnow", csv, NULL);
  g_assert_cmpint (imported.status, ==, 0);

  run_cli (dir, &dedup, "dedup", "p.winnow", "--json", NULL);
  g_assert_cmpint (dedup.status, ==, 0);
  report = parse_json (dedup.out);
  {
    JsonObject *o = json_node_get_object (report);
    static const char *const keys[] = {
      "records", "new_records", "candidate_pairs", "certain_pairs", "possible_pairs", "groups_created",
      "duplicate_groups", "duplicate_records", "unique_records", "pending_pairs", "seconds",
    };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      g_assert_true (json_object_has_member (o, keys[i]));
    g_assert_cmpint (json_object_get_int_member (o, "duplicate_groups"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (o, "pending_pairs"), ==, 1);
  }

  /* {"groups": [{"kept": ID, "members": [ID, …], "status": …}]} */
  run_cli (dir, &dups, "duplicates", "p.winnow", "--json", NULL);
  g_assert_cmpint (dups.status, ==, 0);
  groups_doc = parse_json (dups.out);
  groups = json_object_get_array_member (json_node_get_object (groups_doc), "groups");
  g_assert_cmpuint (json_array_get_length (groups), ==, 2);
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      const char *status;

      group = json_array_get_object_element (groups, i);
      status = json_object_get_string_member (group, "status");
      g_assert_true (json_object_has_member (group, "kept"));
      g_assert_true (g_str_equal (status, "auto") || g_str_equal (status, "confirmed") ||
                     g_str_equal (status, "possible"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (group, "members")), ==, 2);
      if (g_str_equal (status, "auto"))
        {
          auto_groups++;
          g_assert_cmpint (json_object_get_int_member (group, "kept"), ==, 1);
          group_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (group, "id"));
        }
    }
  g_assert_cmpuint (auto_groups, ==, 1);

  run_cli (dir, &info, "info", "p.winnow", "--json", NULL);
  info_doc = parse_json (info.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (info_doc), "unique_records"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (info_doc), "duplicate_groups"), ==, 1);

  run_cli (dir, &records, "records", "p.winnow", "--json", "--include-duplicates", NULL);
  {
    g_auto(GStrv) lines = g_strsplit (g_strstrip (records.out), "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 5);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_autoptr(JsonNode) line = parse_json (lines[i]);
        JsonObject *o = json_node_get_object (line);

        if (!json_object_get_null_member (o, "duplicate_of"))
          {
            merged++;
            g_assert_cmpint (json_object_get_int_member (o, "duplicate_of"), ==, 1);
          }
      }
    g_assert_cmpuint (merged, ==, 1);
  }

  run_cli (dir, &pairs, "duplicates", "p.winnow", "--pairs", "--json", NULL);
  g_assert_cmpint (pairs.status, ==, 0);
  pairs_doc = parse_json (pairs.out);
  first_pair = json_array_get_object_element (json_object_get_array_member (json_node_get_object (pairs_doc),
                                                                            "pairs"), 0);
  g_assert_cmpstr (json_object_get_string_member (first_pair, "outcome"), ==, "possible");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first_pair, "records")), ==, 2);
  g_assert_true (json_object_has_member (json_object_get_object_member (first_pair, "reasons"), "title"));
  pair_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (first_pair, "id"));

  run_cli (dir, &decide, "dedup-decide", "p.winnow", pair_id, "duplicate", NULL);
  g_assert_cmpint (decide.status, ==, 0);
  run_cli (dir, &unknown, "dedup-decide", "p.winnow", "9999", "duplicate", NULL);
  g_assert_cmpint (unknown.status, ==, 1);
  run_cli (dir, &usage, "dedup-decide", "p.winnow", pair_id, "maybe", NULL);
  g_assert_cmpint (usage.status, ==, 2);
  run_cli (dir, &undo, "dedup-undo", "p.winnow", group_id, NULL);
  g_assert_cmpint (undo.status, ==, 0);
  run_cli (dir, &not_project, "dedup", "records.csv", NULL);
  g_assert_cmpint (not_project.status, ==, 3);

  remove_tree (dir);
}

/* /wn/core/dedup/store/one-question: a record that may be a duplicate of a
 * merged group waits once, not once per member, and "distinct" on it
 * answers for the whole group. */
static const char *const group_and_outsider[] = {
  "id=C | t=Role ambiguity and turnover intention among peer navigators in emergency departments | a=Patel, Ravi; Kim, Sofia | y=2021 | j=Journal of Dual Diagnosis",
  "id=D | t=Role ambiguity and turnover intention among peer navigators in emergency departments | a=Patel, Ravi; Kim, Sofia | y=2021 | j=Social Work in Public Health | v=36 | p=101-110",
  "id=D2 | t=ROLE AMBIGUITY AND TURNOVER INTENTION AMONG PEER NAVIGATORS IN EMERGENCY DEPARTMENTS | a=Patel, R.; Kim, S. | y=2021 | j=Soc Work Public Health | v=36 | p=101-10",
  NULL
};

static void
test_one_question (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = import (fixture->project, group_and_outsider);
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) pending = NULL;
  WnDedupReport report;
  WnDedupCounts counts;
  guint possible = 0;

  g_assert_true (wn_dedup_run (fixture->project, WN_DEDUP_RUN_DEFAULT, NULL, &report, &error));
  g_assert_no_error (error);
  /* D and D2 are one report; C may be it too — asked about both members */
  g_assert_cmpint (record_duplicate_of (fixture->project, ID (ids, 2)), ==, ID (ids, 1));
  all = wn_dedup_list_pairs (fixture->project, WN_DEDUP_PAIRS_ALL, 0, NULL, &error);
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(WnDedupPair) pair = g_list_model_get_item (all, i);

      possible += wn_dedup_pair_get_outcome (pair) == WN_DEDUP_POSSIBLE;
    }
  g_assert_cmpuint (possible, ==, 2);
  pending = wn_dedup_list_pairs (fixture->project, WN_DEDUP_PAIRS_PENDING, 0, NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (pending), ==, 1);
  g_assert_true (wn_dedup_get_counts (fixture->project, &counts, &error));
  g_assert_cmpint (counts.pending_pairs, ==, 1);

  g_assert_true (wn_dedup_decide (fixture->project, first_pending_pair (fixture->project),
                                  WN_DEDUP_DECISION_DISTINCT, &error));
  g_assert_no_error (error);
  g_assert_true (wn_dedup_get_counts (fixture->project, &counts, &error));
  g_assert_cmpint (counts.pending_pairs, ==, 0);
  g_assert_cmpint (record_duplicate_of (fixture->project, ID (ids, 0)), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)
  ADD ("/wn/core/dedup/store/run", test_run);
  ADD ("/wn/core/dedup/store/decide-and-undo", test_decide_and_undo);
  ADD ("/wn/core/dedup/store/undo-group", test_undo_group);
  ADD ("/wn/core/dedup/store/undo-gives-back", test_undo_gives_back);
  ADD ("/wn/core/dedup/store/rerun", test_rerun);
  ADD ("/wn/core/dedup/store/chain-guard", test_chain_guard);
  ADD ("/wn/core/dedup/store/nothing-deleted", test_nothing_deleted);
  ADD ("/wn/core/dedup/store/async", test_async);
  ADD ("/wn/core/dedup/store/one-question", test_one_question);
#undef ADD
  g_test_add_func ("/wn/core/dedup/cli", test_cli);

  return g_test_run ();
}
