/* fuzz-decisions.c — libFuzzer harness for reading and merging decision files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A decision file is checked by a SHA-256 line the fuzzer would never get
 * right, and must name the project it belongs to, so the input is taken in
 * one of two ways:
 *
 *  - an input starting with "# winnow-decisions" is the whole file, as
 *    written (the header and checksum checks);
 *  - any other input is the file's body (line 3 on): the harness writes the
 *    two header lines, with the body's real checksum, before it, so the
 *    description line and the events reach the reader and the merge.
 *
 * The project is made once: three imported records whose search has the
 * record prefix "fz", under the project uid FUZZ_PROJECT_UID (the seeds in
 * tests/fuzz/seeds/decisions use both). Each input is merged into a fresh
 * copy of it, so inputs do not see each other's merges and every crash
 * replays on its own.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "wn-import.h"
#include "wn-project.h"
#include "wn-screening.h"
#include "wn-fuzz.h"

#define FUZZ_PROJECT_UID "00000000-0000-4000-8000-00000000f022"
#define DECISIONS_MAGIC  "# winnow-decisions "

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static char *scratch;        /* the harness's own temporary folder */
static char *template_bytes; /* the project file, as made once */
static gsize template_size;

static const char records_ris[] =
  "TY  - JOUR\nTI  - Exercise and sleep in older adults: a randomised trial\nAU  - Smith, A.\nPY  - 2019\n"
  "DO  - 10.1000/fuzz.1\nER  - \n"
  "TY  - JOUR\nTI  - Mindfulness for anxiety in students\nAU  - Jones, B.\nPY  - 2020\nER  - \n"
  "TY  - JOUR\nTI  - Exercise and sleep in older adults: a randomised trial\nAU  - Smith, A.\nPY  - 2019\n"
  "ER  - \n";

static void
remove_scratch (void)
{
  g_autoptr(GDir) dir = g_dir_open (scratch, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (scratch, name, NULL);

      g_unlink (path);
    }
  g_rmdir (scratch);
}

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  if (sqlite3_open (path, &db) != SQLITE_OK || sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message != NULL ? message : sqlite3_errmsg (db));
  sqlite3_close (db);
}

static void
make_template (void)
{
  g_autofree char *project_path = g_build_filename (scratch, "template.winnow", NULL);
  g_autofree char *ris_path = g_build_filename (scratch, "records.ris", NULL);
  g_autoptr(WnProject) project = NULL;
  g_autoptr(WnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  WnImportOptions options;

  g_assert_true (g_file_set_contents (ris_path, records_ris, -1, NULL));
  project = wn_project_create (project_path, "Fuzz", &error);
  g_assert_no_error (error);
  wn_import_options_init (&options);
  wn_import_file (project, ris_path, &options, &report, NULL, &error);
  g_assert_no_error (error);
  wn_project_close (project);
  g_clear_object (&project);

  exec_sql (project_path, "UPDATE meta SET value = '" FUZZ_PROJECT_UID "' WHERE key = 'uid';"
                          "UPDATE searches SET record_prefix = 'fz';");
  g_assert_true (g_file_get_contents (project_path, &template_bytes, &template_size, NULL));
  g_unlink (ris_path);
  g_unlink (project_path);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *project_path = NULL;
  g_autofree char *file_path = NULL;
  g_autoptr(GString) file = g_string_new (NULL);
  g_autoptr(WnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[2] = { NULL, NULL };
  WnMergeReport report;

  if (scratch == NULL)
    {
      scratch = wn_fuzz_make_scratch ();
      atexit (remove_scratch);
      make_template ();
    }
  project_path = g_build_filename (scratch, "project.winnow", NULL);
  file_path = g_build_filename (scratch, "decisions.txt", NULL);

  if (size >= strlen (DECISIONS_MAGIC) && memcmp (data, DECISIONS_MAGIC, strlen (DECISIONS_MAGIC)) == 0)
    g_string_append_len (file, (const char *) data, (gssize) size);
  else
    {
      g_autofree char *digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);

      g_string_append_printf (file, DECISIONS_MAGIC "1\n# sha256 %s\n", digest);
      g_string_append_len (file, (const char *) data, (gssize) size);
    }
  wn_fuzz_write (file_path, file->str, file->len);
  wn_fuzz_write (project_path, template_bytes, template_size);

  project = wn_project_open (project_path, &error);
  g_assert_no_error (error);
  paths[0] = file_path;
  wn_project_merge_decisions (project, paths, &report, &error);
  wn_project_close (project);
  return 0;
}
