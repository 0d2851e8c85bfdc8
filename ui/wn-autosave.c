/* wn-autosave.c — the reviewer's decision file, saved by itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With the GSettings "autosave-exports" on and "autosave-folder" chosen,
 * an open project writes its reviewer's decision file into that folder
 * (the file and the name Export My Decisions writes and suggests) a few
 * seconds after the last decision, and at once when the window closes or
 * the project changes. The write is wn_project_export_decisions() in a
 * thread (atomic), one at a time; the application is held until it ends,
 * so quitting does not cut it off. A person who is not one of the
 * project's reviewers has no decisions there: nothing is written and
 * nothing is said. Any other failure is reported once (the "failed"
 * signal) and saving goes on at the next decision.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wn-autosave.h"
#include "wn-export.h"
#include "wn-screening-dialogs.h"
#include "wn-screening.h"

struct _WnAutosave
{
  GObject     parent_instance;

  GSettings  *settings;
  WnProject  *project;
  char       *project_name;
  char       *identity;

  guint       timeout_id;
  gboolean    dirty;       /* decisions not yet written */
  gboolean    running;     /* a write is in its thread */
  gboolean    again;       /* decisions came while it ran */
  guint       n_written;
  char       *last_path;
  char       *error;
};

G_DEFINE_FINAL_TYPE (WnAutosave, wn_autosave, G_TYPE_OBJECT)

enum {
  CHANGED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char *reviewer;
  char *path;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_free (job->reviewer);
  g_free (job->path);
  g_free (job);
}

char *
wn_decisions_file_name (const char *project_name,
                        const char *reviewer)
{
  g_autofree char *who = NULL;

  g_return_val_if_fail (project_name != NULL, NULL);
  g_return_val_if_fail (reviewer != NULL, NULL);

  who = wn_safe_file_name_part (reviewer);
  /* Translators: the suggested name of a decision file:
   * "<project> – <reviewer>.decisions". */
  return g_strdup_printf (_("%s – %s.decisions"), project_name, who);
}

/* The folder to save into, or NULL when saving is off. */
static char *
dup_folder (WnAutosave *self)
{
  g_autofree char *folder = NULL;

  if (self->settings == NULL || !g_settings_get_boolean (self->settings, "autosave-exports"))
    return NULL;
  folder = g_settings_get_string (self->settings, "autosave-folder");
  if (folder[0] == '\0')
    return NULL;
  return g_steal_pointer (&folder);
}

static void
set_error (WnAutosave *self,
           const char *message)
{
  gboolean report = message != NULL && g_strcmp0 (self->error, message) != 0;

  g_free (self->error);
  self->error = g_strdup (message);
  if (report)
    g_signal_emit (self, signals[FAILED], 0, message);
}

static gboolean
save_job (WnProject  *project,
          gpointer    data,
          gpointer   *result,
          GError    **error)
{
  SaveJob *job = data;

  return wn_project_export_decisions (project, job->reviewer, job->path, error);
}

static void write_now (WnAutosave *self);

typedef struct
{
  WnAutosave *self;
  char       *path;
} SaveDone;

static void
save_done_free (SaveDone *done)
{
  g_object_unref (done->self);
  g_free (done->path);
  g_free (done);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveDone, save_done_free)

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SaveDone) done = user_data;
  WnAutosave *self = done->self;
  g_autoptr(GError) error = NULL;
  const char *path = done->path;
  GApplication *app = g_application_get_default ();

  self->running = FALSE;
  if (wn_project_job_finish (result, NULL, &error))
    {
      self->n_written++;
      g_free (self->last_path);
      self->last_path = g_strdup (path);
      set_error (self, NULL);
    }
  else if (!g_error_matches (error, WN_SCREENING_ERROR, WN_SCREENING_ERROR_NO_REVIEWER))
    {
      set_error (self, error->message);
    }

  if (self->again)
    {
      self->again = FALSE;
      write_now (self);
    }
  g_signal_emit (self, signals[CHANGED], 0);
  if (app != NULL)
    g_application_release (app);
}

static void
write_now (WnAutosave *self)
{
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  GApplication *app = g_application_get_default ();
  SaveDone *done;
  SaveJob *job;

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  folder = dup_folder (self);
  if (folder == NULL || self->project == NULL || self->identity == NULL || !self->dirty)
    return;
  if (self->running)
    {
      self->again = TRUE;
      return;
    }

  if (!g_path_is_absolute (folder))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a folder on this computer. Choose another in Preferences."), folder);

      set_error (self, message);
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }

  self->dirty = FALSE;
  self->running = TRUE;
  name = wn_decisions_file_name (self->project_name != NULL ? self->project_name : "", self->identity);
  job = g_new0 (SaveJob, 1);
  job->reviewer = g_strdup (self->identity);
  job->path = g_build_filename (folder, name, NULL);
  done = g_new0 (SaveDone, 1);
  done->self = g_object_ref (self);
  done->path = g_strdup (job->path);

  if (app != NULL)
    g_application_hold (app);
  wn_project_job_run (self->project, save_job, job, (GDestroyNotify) save_job_free, NULL, NULL,
                      saved_cb, done);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
timeout_cb (gpointer user_data)
{
  WnAutosave *self = user_data;

  self->timeout_id = 0;
  write_now (self);
  return G_SOURCE_REMOVE;
}

static void
settings_changed_cb (WnAutosave *self,
                     const char *key,
                     GSettings  *settings)
{
  if (g_strcmp0 (key, "autosave-exports") != 0 && g_strcmp0 (key, "autosave-folder") != 0)
    return;

  /* Another folder, or saving turned on: what waits is written there. */
  set_error (self, NULL);
  if (self->dirty)
    wn_autosave_decisions_changed (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
wn_autosave_dispose (GObject *object)
{
  WnAutosave *self = WN_AUTOSAVE (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->settings);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (wn_autosave_parent_class)->dispose (object);
}

static void
wn_autosave_finalize (GObject *object)
{
  WnAutosave *self = WN_AUTOSAVE (object);

  g_free (self->project_name);
  g_free (self->identity);
  g_free (self->last_path);
  g_free (self->error);

  G_OBJECT_CLASS (wn_autosave_parent_class)->finalize (object);
}

static void
wn_autosave_class_init (WnAutosaveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wn_autosave_dispose;
  object_class->finalize = wn_autosave_finalize;

  /* The state the test hook shows changed. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A write failed, with a message not reported before. */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
wn_autosave_init (WnAutosave *self)
{
}

WnAutosave *
wn_autosave_new (GSettings *settings)
{
  WnAutosave *self;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (WN_TYPE_AUTOSAVE, NULL);
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  return self;
}

void
wn_autosave_set_project (WnAutosave *self,
                         WnProject  *project,
                         const char *project_name)
{
  g_return_if_fail (WN_IS_AUTOSAVE (self));
  g_return_if_fail (project == NULL || WN_IS_PROJECT (project));

  if (self->project == project)
    return;

  /* The decisions of the project going away are written first. */
  write_now (self);
  g_set_object (&self->project, project);
  g_free (self->project_name);
  self->project_name = g_strdup (project_name);
  self->dirty = FALSE;
  self->again = FALSE;
  set_error (self, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
wn_autosave_set_identity (WnAutosave *self,
                          const char *identity)
{
  g_return_if_fail (WN_IS_AUTOSAVE (self));

  if (g_strcmp0 (self->identity, identity) == 0)
    return;

  /* Another person's file from now on: the last one's is written first. */
  write_now (self);
  g_free (self->identity);
  self->identity = g_strdup (identity);
  self->dirty = FALSE;
  self->again = FALSE;
}

void
wn_autosave_decisions_changed (WnAutosave *self)
{
  g_autofree char *folder = NULL;

  g_return_if_fail (WN_IS_AUTOSAVE (self));

  self->dirty = TRUE;
  folder = dup_folder (self);
  if (folder == NULL || self->project == NULL || self->identity == NULL)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add_seconds (WN_AUTOSAVE_DELAY_SECONDS, timeout_cb, self);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
wn_autosave_flush (WnAutosave *self)
{
  g_return_if_fail (WN_IS_AUTOSAVE (self));

  write_now (self);
}

const char *
wn_autosave_get_error (WnAutosave *self)
{
  g_return_val_if_fail (WN_IS_AUTOSAVE (self), NULL);

  return self->error;
}

void
wn_autosave_describe (WnAutosave      *self,
                      WnTestStateFunc  func,
                      gpointer         user_data)
{
  g_autofree char *written = NULL;

  g_return_if_fail (WN_IS_AUTOSAVE (self));
  g_return_if_fail (func != NULL);

  written = g_strdup_printf ("%u", self->n_written);
  func ("autosave_written", written, user_data);
  func ("autosave_path", self->last_path, user_data);
  func ("autosave_error", self->error, user_data);
  func ("autosave_pending", self->timeout_id != 0 || self->running ? "1" : "0", user_data);
}
