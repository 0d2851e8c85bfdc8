/* bench-screening.c — how fast screening is at 100,000 records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not a test: `meson test -C BUILDDIR --benchmark screening` (or run the
 * executable: bench-screening [RECORDS] [EVENTS_PER_FILE]) builds a project
 * of RECORDS synthetic records (default 100,000) and prints a Markdown
 * table:
 *
 *  - a decision made durable: wn_project_decide, one transaction with
 *    synchronous=FULL (the WAL is fsynced before it returns), over 2,000
 *    decisions — target ≤ 5 ms;
 *  - the next record's data: what the screening view reads when a key
 *    moves on (the record, and the person's vote on it) — the part of
 *    "key press to next record drawn" that is not drawing; the UI benchmark
 *    (tests/bench/bench-screening-ui.py) measures the whole path;
 *  - the queue of 100,000 records, seeded random order, and the stage's
 *    counts;
 *  - merging two decision files of EVENTS_PER_FILE events each (default
 *    50,000), the first time and again (idempotent) — target ≤ 1 s.
 *
 * The decision files are written here in the documented format (see
 * app/wn-exchange.c), as a reviewer's copy would write them.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "wn-json.h"
#include "wn-project.h"
#include "wn-screening.h"

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  guint index = (guint) (p * (values->len - 1) + 0.5);

  return g_array_index (values, double, MIN (index, values->len - 1));
}

static void
row (const char *what,
     GArray     *ms,
     const char *target)
{
  g_array_sort (ms, compare_double);
  printf ("| %s | %u | %.3f | %.3f | %.3f | %.3f | %s |\n", what, ms->len, percentile (ms, 0.5),
          percentile (ms, 0.95), percentile (ms, 0.99), g_array_index (ms, double, ms->len - 1), target);
}

static void
single (const char *what,
        double      ms,
        const char *target)
{
  printf ("| %s | 1 | %.1f | | | | %s |\n", what, ms, target);
}

static char *
machine (void)
{
  struct utsname u;
  g_autofree char *cpuinfo = NULL;
  g_autofree char *model = NULL;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      char *line = strstr (cpuinfo, "model name");

      if (line != NULL && (line = strchr (line, ':')) != NULL)
        model = g_strndup (line + 2, strcspn (line + 2, "\n"));
    }
  uname (&u);
  return g_strdup_printf ("%s, %u CPUs, %s %s", model != NULL ? model : "?", g_get_num_processors (), u.sysname,
                          u.release);
}

/* A reviewer's decision file with n events on records 1..n of the search
 * whose record prefix is given, as wn_project_export_decisions writes it. */
static char *
write_decision_file (const char *dir,
                     const char *project_uid,
                     const char *reviewer,
                     const char *prefix,
                     guint       n,
                     guint       seed)
{
  g_autoptr(GString) body = g_string_new ("{");
  g_autoptr(GString) file = g_string_new (NULL);
  g_autofree char *digest = NULL;
  g_autofree char *path = g_strdup_printf ("%s/%s.decisions", dir, reviewer);
  GRand *rand = g_rand_new_with_seed (seed);
  const char *verdicts[] = { "include", "exclude", "maybe" };

  wn_json_append_key (body, "project");
  wn_json_append_string (body, project_uid);
  wn_json_append_key (body, "reviewer");
  wn_json_append_string (body, reviewer);
  g_string_append (body, ",\"reviewers\":[{\"name\":");
  wn_json_append_string (body, reviewer);
  g_string_append_printf (body, ",\"role\":\"reviewer\"}],\"reasons\":[],\"events\":%u}\n", n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uid = g_uuid_string_random ();

      g_string_append_printf (body,
                              "{\"uid\":\"%s\",\"record\":\"%s:%u\",\"reviewer\":\"%s\",\"stage\":\"ta\","
                              "\"kind\":\"vote\",\"verdict\":\"%s\",\"reason\":null,\"note\":null,\"labels\":[],"
                              "\"criteria_version\":1,\"made_at\":\"2026-11-24T10:%02u:%02u.%06uZ\"}\n",
                              uid, prefix, i + 1, reviewer,
                              verdicts[g_rand_int_range (rand, 0, 10) < 7 ? 1 : g_rand_int_range (rand, 0, 3)],
                              (i / 60000000) % 60, (i / 1000000) % 60, i % 1000000);
    }
  g_rand_free (rand);
  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) body->str, body->len);
  g_string_append_printf (file, "# winnow-decisions 1\n# sha256 %s\n", digest);
  g_string_append_len (file, body->str, body->len);
  g_assert_true (g_file_set_contents (path, file->str, file->len, NULL));
  return g_steal_pointer (&path);
}

int
main (int    argc,
      char **argv)
{
  guint records = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  guint events = argc > 2 ? (guint) atoi (argv[2]) : 50000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("winnow-bench-screening-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "bench.winnow", NULL);
  g_autoptr(WnProject) project = NULL;
  g_autoptr(WnSearch) search = wn_search_new ();
  g_autoptr(WnSearchWriter) writer = NULL;
  g_autoptr(GArray) queue = NULL;
  g_autoptr(GArray) decide_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) next_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *when = NULL;
  g_autofree char *where = machine ();
  g_autofree char *file_a = NULL;
  g_autofree char *file_b = NULL;
  g_autofree char *project_uid = NULL;
  g_autofree char *prefix = NULL;
  WnStageCounts counts;
  WnMergeReport report;
  double t0, queue_ms, counts_ms, merge_ms, remerge_ms, import_ms;

  events = MIN (events, records);
  project = wn_project_create (path, "Benchmark", &error);
  g_assert_no_error (error);

  t0 = now_ms ();
  search->database = g_strdup ("PubMed");
  search->file_name = g_strdup ("synthetic.ris");
  search->file_sha256 = g_strdup ("5e1ec7ed5e1ec7ed5e1ec7ed5e1ec7ed5e1ec7ed5e1ec7ed5e1ec7ed5e1ec7ed");
  writer = wn_project_begin_search (project, search, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < records; i++)
    {
      g_autoptr(WnRecord) record = wn_record_new ();

      record->title = g_strdup_printf ("Burnout and job satisfaction among peer recovery support workers, study %u", i);
      record->abstract = g_strdup ("Background: peer recovery support services employ people with lived experience "
                                   "of substance use. Methods: a survey of 412 peer workers in 31 agencies measured "
                                   "burnout, compassion fatigue and turnover intention. Results: role ambiguity and "
                                   "low pay predicted burnout; supervision by peers was protective. Conclusions: "
                                   "organisations should define the peer role and pay it fairly.");
      record->year = g_strdup ("2021");
      record->journal = g_strdup ("Journal of Substance Abuse Treatment");
      record->source_text = g_strdup (record->title);
      wn_record_add_author (record, "Smith, Jane");
      wn_record_add_author (record, "Doe, John");
      wn_record_add_field (record, "TI", record->title);
      wn_search_writer_add (writer, record, &error);
      g_assert_no_error (error);
    }
  g_assert_true (wn_search_writer_commit (writer, &error));
  g_clear_pointer (&writer, wn_search_writer_free);
  import_ms = now_ms () - t0;
  g_assert_true (wn_project_add_reviewer (project, "alice", NULL, &error));
  g_assert_true (wn_project_add_reviewer (project, "bob", NULL, &error));
  g_assert_cmpint (wn_project_set_criteria (project, "Peer recovery support workers; workforce outcomes.", &error), ==,
                   1);

  t0 = now_ms ();
  queue = wn_project_screening_queue (project, WN_STAGE_TA, "alice", WN_QUEUE_ORDER_RANDOM, 2026, 0, &error);
  queue_ms = now_ms () - t0;
  g_assert_no_error (error);

  /* The screening loop: read the next record and the person's vote on
   * it, decide, move on. */
  for (guint i = 0; i < MIN (2000u, queue->len); i++)
    {
      gint64 id = g_array_index (queue, WnScreeningState, i).record_id;
      g_autoptr(WnRecord) record = NULL;
      g_autoptr(WnDecision) event = NULL;
      WnScreeningState state;
      double t;

      t = now_ms ();
      record = wn_project_get_record (project, id, NULL, &error);
      g_assert_true (wn_project_get_screening_state (project, WN_STAGE_TA, id, "alice", &state, &error));
      t = now_ms () - t;
      g_array_append_val (next_ms, t);

      t = now_ms ();
      event = wn_project_decide (project, "alice", WN_STAGE_TA, id, i % 5 == 0 ? WN_VERDICT_INCLUDE : WN_VERDICT_EXCLUDE,
                                 NULL, NULL, NULL, &error);
      t = now_ms () - t;
      g_assert_no_error (error);
      g_array_append_val (decide_ms, t);
    }

  t0 = now_ms ();
  g_assert_true (wn_project_get_stage_counts (project, WN_STAGE_TA, &counts, &error));
  counts_ms = now_ms () - t0;

  /* Two reviewers' files of `events` events each, merged into the lead's
   * project. */
  {
    /* The search's record prefix, as every copy computes it. */
    g_autoptr(GPtrArray) history = NULL;

    history = wn_project_list_decisions (project, g_array_index (queue, WnScreeningState, 0).record_id, WN_STAGE_TA,
                                         "alice", &error);
    g_assert_cmpuint (history->len, ==, 1);
    prefix = g_strndup (((WnDecision *) history->pdata[0])->record_uid,
                        strchr (((WnDecision *) history->pdata[0])->record_uid, ':') -
                          ((WnDecision *) history->pdata[0])->record_uid);
  }
  {
    g_autofree char *export = g_build_filename (dir, "probe.decisions", NULL);
    g_autofree char *text = NULL;
    char *p;

    g_assert_true (wn_project_export_decisions (project, "alice", export, &error));
    g_assert_true (g_file_get_contents (export, &text, NULL, NULL));
    p = strstr (text, "\"project\":\"");
    g_assert_nonnull (p);
    p += strlen ("\"project\":\"");
    project_uid = g_strndup (p, strcspn (p, "\""));
  }
  file_a = write_decision_file (dir, project_uid, "carol", prefix, events, 1);
  file_b = write_decision_file (dir, project_uid, "dan", prefix, events, 2);
  {
    const char *files[] = { file_a, file_b, NULL };

    t0 = now_ms ();
    g_assert_true (wn_project_merge_decisions (project, files, &report, &error));
    merge_ms = now_ms () - t0;
    g_assert_no_error (error);
    g_assert_cmpint (report.new_events, ==, 2 * (gint64) events);
    t0 = now_ms ();
    g_assert_true (wn_project_merge_decisions (project, files, &report, &error));
    remerge_ms = now_ms () - t0;
    g_assert_cmpint (report.new_events, ==, 0);
  }

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    when = g_date_time_format (now, "%Y-%m-%d");
  }
  printf ("\nScreening benchmark, %s, %s; %u records, SQLite synchronous=FULL (WAL)\n\n", when, where, records);
  printf ("| operation | n | median ms | p95 ms | p99 ms | max ms | target |\n");
  printf ("|---|---:|---:|---:|---:|---:|---|\n");
  row ("decision made durable (`wn_project_decide`)", decide_ms, "≤ 5 ms");
  row ("next record's data (record + own vote)", next_ms, "part of ≤ 16 ms");
  single ("screening queue, seeded random order", queue_ms, "");
  single ("stage counts (eligible, conflicts, …)", counts_ms, "");
  {
    g_autofree char *what = g_strdup_printf ("merge 2 × %u-event files", events);

    single (what, merge_ms, "≤ 1000 ms");
  }
  single ("merge the same files again (nothing new)", remerge_ms, "");
  single ("(setup: store the records)", import_ms, "");
  printf ("\n");

  g_clear_object (&project);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_remove (file);
      }
    g_rmdir (dir);
  }
  return 0;
}
