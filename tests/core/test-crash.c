/* test-crash.c — a power loss after a committed decision
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A process killed with SIGKILL loses nothing the kernel was given (see
 * test-crash.py); a power loss loses every write that was not flushed to
 * the disk. This test puts a SQLite VFS in front of the default one that
 * keeps, for each database and WAL file, the bytes as of its last xSync,
 * the only thing a disk promises to keep. "Power loss" puts every file
 * back to that image and removes the -shm file (memory, gone), while the
 * connection still holds the project; the files are then opened afresh
 * with the real VFS, as after a reboot.
 *
 * With the project's settings (WAL, synchronous=FULL, see wn-project.c) a
 * decision that wn_project_decide() returned survives. The same decision
 * made after "PRAGMA synchronous = NORMAL" is lost: the WAL is only synced
 * at checkpoints then, which is why the project does not use NORMAL. That
 * second case also shows the model does drop unflushed writes, so the
 * first is not passing by accident.
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "wn-project.h"
#include "wn-project-private.h"
#include "wn-screening.h"

/* ------------------------------------------------------------------------ */
/* The power-loss VFS                                                         */

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;
  char         *name;   /* tracked (main database or WAL), else NULL */
} ShimFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs  shim_vfs;
static GHashTable  *durable;  /* file name → GBytes: its contents at the last xSync */
static GMutex       shim_mutex;
static gboolean     power_off;

static GBytes *
read_whole (sqlite3_file *real)
{
  sqlite3_int64 size = 0;
  guint8 *buffer;

  g_assert_cmpint (real->pMethods->xFileSize (real, &size), ==, SQLITE_OK);
  buffer = g_malloc (MAX (size, 1));
  if (size > 0)
    g_assert_cmpint (real->pMethods->xRead (real, buffer, (int) size, 0), ==, SQLITE_OK);
  return g_bytes_new_take (buffer, (gsize) size);
}

#define REAL(file) (((ShimFile *) (file))->real)

static int
shim_close (sqlite3_file *file)
{
  ShimFile *self = (ShimFile *) file;
  int rc = self->real->pMethods->xClose (self->real);

  g_free (self->real);
  g_free (self->name);
  return rc;
}

static int
shim_read (sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
  return REAL (file)->pMethods->xRead (REAL (file), buffer, amount, offset);
}

static int
shim_write (sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
  if (power_off)
    return SQLITE_OK;
  return REAL (file)->pMethods->xWrite (REAL (file), buffer, amount, offset);
}

static int
shim_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  if (power_off)
    return SQLITE_OK;
  return REAL (file)->pMethods->xTruncate (REAL (file), size);
}

static int
shim_sync (sqlite3_file *file, int flags)
{
  ShimFile *self = (ShimFile *) file;
  int rc;

  if (power_off)
    return SQLITE_OK;
  rc = self->real->pMethods->xSync (self->real, flags);
  if (rc == SQLITE_OK && self->name != NULL)
    {
      g_mutex_lock (&shim_mutex);
      g_hash_table_replace (durable, g_strdup (self->name), read_whole (self->real));
      g_mutex_unlock (&shim_mutex);
    }
  return rc;
}

static int
shim_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
shim_lock (sqlite3_file *file, int level)
{
  return REAL (file)->pMethods->xLock (REAL (file), level);
}

static int
shim_unlock (sqlite3_file *file, int level)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), level);
}

static int
shim_check_reserved_lock (sqlite3_file *file, int *out)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), out);
}

static int
shim_file_control (sqlite3_file *file, int op, void *arg)
{
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
shim_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
shim_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

static int
shim_shm_map (sqlite3_file *file, int page, int size, int extend, void volatile **out)
{
  return REAL (file)->pMethods->xShmMap (REAL (file), page, size, extend, out);
}

static int
shim_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
shim_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
shim_shm_unmap (sqlite3_file *file, int delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), power_off ? 0 : delete_flag);
}

/* No memory-mapped I/O through the shim: every read goes through xRead. */
static int
shim_fetch (sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
  *out = NULL;
  return SQLITE_OK;
}

static int
shim_unfetch (sqlite3_file *file, sqlite3_int64 offset, void *page)
{
  return SQLITE_OK;
}

static const sqlite3_io_methods shim_io = {
  3,
  shim_close,
  shim_read,
  shim_write,
  shim_truncate,
  shim_sync,
  shim_file_size,
  shim_lock,
  shim_unlock,
  shim_check_reserved_lock,
  shim_file_control,
  shim_sector_size,
  shim_device_characteristics,
  shim_shm_map,
  shim_shm_lock,
  shim_shm_barrier,
  shim_shm_unmap,
  shim_fetch,
  shim_unfetch,
};

static int
shim_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  ShimFile *self = (ShimFile *) file;
  int rc;

  self->real = g_malloc0 (real_vfs->szOsFile);
  self->name = NULL;
  rc = real_vfs->xOpen (real_vfs, name, self->real, flags, out_flags);
  if (rc != SQLITE_OK)
    {
      g_clear_pointer (&self->real, g_free);
      self->base.pMethods = NULL;
      return rc;
    }
  self->base.pMethods = &shim_io;
  if (name != NULL && (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL)) != 0)
    {
      self->name = g_strdup (name);
      g_mutex_lock (&shim_mutex);
      /* What is on the disk when first seen counts as flushed. */
      if (!g_hash_table_contains (durable, name))
        g_hash_table_insert (durable, g_strdup (name), read_whole (self->real));
      g_mutex_unlock (&shim_mutex);
    }
  return SQLITE_OK;
}

static int
shim_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  if (power_off)
    return SQLITE_OK;
  g_mutex_lock (&shim_mutex);
  g_hash_table_remove (durable, name);
  g_mutex_unlock (&shim_mutex);
  return real_vfs->xDelete (real_vfs, name, sync_dir);
}

static int
shim_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  return real_vfs->xAccess (real_vfs, name, flags, out);
}

static int
shim_full_pathname (sqlite3_vfs *vfs, const char *name, int n, char *out)
{
  return real_vfs->xFullPathname (real_vfs, name, n, out);
}

static int
shim_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xRandomness (real_vfs, n, out);
}

static int
shim_sleep (sqlite3_vfs *vfs, int microseconds)
{
  return real_vfs->xSleep (real_vfs, microseconds);
}

static int
shim_current_time (sqlite3_vfs *vfs, double *out)
{
  return real_vfs->xCurrentTime (real_vfs, out);
}

static int
shim_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xGetLastError (real_vfs, n, out);
}

static int
shim_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  return real_vfs->xCurrentTimeInt64 (real_vfs, out);
}

static void
shim_install (void)
{
  g_assert_cmpint (sqlite3_initialize (), ==, SQLITE_OK);
  real_vfs = sqlite3_vfs_find (NULL);
  g_assert_nonnull (real_vfs);
  g_assert_cmpint (real_vfs->iVersion, >=, 2);
  memset (&shim_vfs, 0, sizeof shim_vfs);
  shim_vfs.iVersion = 2;
  shim_vfs.szOsFile = sizeof (ShimFile);
  shim_vfs.mxPathname = real_vfs->mxPathname;
  shim_vfs.zName = "winnow-power-loss";
  shim_vfs.xOpen = shim_open;
  shim_vfs.xDelete = shim_delete;
  shim_vfs.xAccess = shim_access;
  shim_vfs.xFullPathname = shim_full_pathname;
  shim_vfs.xRandomness = shim_randomness;
  shim_vfs.xSleep = shim_sleep;
  shim_vfs.xCurrentTime = shim_current_time;
  shim_vfs.xGetLastError = shim_get_last_error;
  shim_vfs.xCurrentTimeInt64 = shim_current_time_int64;
  durable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  power_off = FALSE;
  g_assert_cmpint (sqlite3_vfs_register (&shim_vfs, 1), ==, SQLITE_OK);
}

/* The power goes: every tracked file back to its last flushed bytes, the
 * shared-memory index gone; from now on the dying connection writes
 * nothing. */
static void
shim_power_loss (void)
{
  GHashTableIter iter;
  gpointer key, value;

  power_off = TRUE;
  g_hash_table_iter_init (&iter, durable);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (value, &size);
      int fd = g_open (key, O_WRONLY | O_TRUNC | O_CLOEXEC, 0);

      g_assert_cmpint (fd, >=, 0);
      g_assert_cmpint (size == 0 ? 0 : write (fd, data, size), ==, (gssize) size);
      close (fd);
      if (!g_str_has_suffix (key, "-wal"))
        {
          g_autofree char *shm = g_strconcat (key, "-shm", NULL);

          g_unlink (shm);
        }
    }
}

static void
shim_remove (void)
{
  g_assert_cmpint (sqlite3_vfs_unregister (&shim_vfs), ==, SQLITE_OK);
  g_clear_pointer (&durable, g_hash_table_unref);
  power_off = FALSE;
}

/* ------------------------------------------------------------------------ */
/* The test                                                                   */

static char *
make_project (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "power.winnow", NULL);
  g_autofree char *ris = g_build_filename (dir, "power.ris", NULL);
  const char *cli = g_getenv ("WINNOW_CLI");
  const char *steps[][8] = {
    { cli, "new", path, NULL },
    { cli, "synth", "-n", "20", "-o", ris, NULL },
    { cli, "import", path, ris, NULL },
    { cli, "reviewer", "add", path, "alice", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(GError) error = NULL;
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) steps[i], NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                                   NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  return g_steal_pointer (&path);
}

static gint64
count_event (const char *path,
             const char *uid)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count (*) FROM decisions WHERE uid = ?", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Opens the project through the power-loss VFS, makes one decision (with
 * the given synchronous setting, NULL for the project's own), cuts the
 * power, and reports whether the decision is there after the reboot. */
static gboolean
decision_survives (const char *synchronous)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("winnow-power-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *check = NULL;
  g_autoptr(WnProject) reopened = NULL;
  WnProject *project;
  WnDecision *decision;
  gboolean survived;

  g_assert_no_error (error);
  path = make_project (dir);

  shim_install ();
  project = wn_project_open (path, &error);
  g_assert_no_error (error);
  if (synchronous != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA synchronous = %s", synchronous);

      g_assert_true (_wn_project_exec (project, sql, "test", &error));
      g_assert_no_error (error);
    }
  decision = wn_project_decide (project, "alice", WN_STAGE_TA, 3, WN_VERDICT_INCLUDE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (decision);
  uid = g_strdup (decision->uid);
  wn_decision_free (decision);

  shim_power_loss ();
  g_object_unref (project);
  shim_remove ();

  /* The reboot: the project opens and is sound. */
  reopened = wn_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reopened);
  g_clear_object (&reopened);
  survived = count_event (path, uid) == 1;
  g_test_message ("synchronous=%s: the decision %s the power loss", synchronous ? synchronous : "(project's: FULL)",
                  survived ? "survived" : "did not survive");

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    if (g_str_has_prefix (dir, g_get_tmp_dir ()))
      (void) !system (command);
  }
  return survived;
}

/* /wn/core/crash/power-loss: the project's setting keeps a committed
 * decision; NORMAL would not. */
static void
test_power_loss (void)
{
  if (g_getenv ("WINNOW_CLI") == NULL)
    {
      g_test_skip ("WINNOW_CLI is not set");
      return;
    }
  g_assert_true (decision_survives (NULL));
  g_test_message ("crash: power-loss: committed decision survived with synchronous=FULL");
  g_assert_false (decision_survives ("NORMAL"));
  g_assert_true (decision_survives ("FULL"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/wn/core/crash/power-loss", test_power_loss);
  return g_test_run ();
}
