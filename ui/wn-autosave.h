/* wn-autosave.h — the reviewer's decision file, saved by itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "wn-project.h"
#include "wn-test-state.h"

G_BEGIN_DECLS

/* How long after the last decision the file is written. */
#define WN_AUTOSAVE_DELAY_SECONDS 5

#define WN_TYPE_AUTOSAVE (wn_autosave_get_type ())
G_DECLARE_FINAL_TYPE (WnAutosave, wn_autosave, WN, AUTOSAVE, GObject)

/* settings may be NULL (no schema installed): nothing is ever saved. */
WnAutosave *wn_autosave_new                  (GSettings   *settings) G_GNUC_WARN_UNUSED_RESULT;
/* The project whose decisions are saved and the name the file carries
 * (the project's display name); NULL for none. */
void        wn_autosave_set_project          (WnAutosave  *self,
                                              WnProject   *project,
                                              const char  *project_name);
/* Whose decisions; NULL while unknown (nothing is written then). */
void        wn_autosave_set_identity         (WnAutosave  *self,
                                              const char  *identity);
/* Decisions changed: the file is written WN_AUTOSAVE_DELAY_SECONDS after
 * the last call. */
void        wn_autosave_decisions_changed    (WnAutosave  *self);
/* Writes now what is waiting (the window closes, the project changes). */
void        wn_autosave_flush                (WnAutosave  *self);
/* Why the last write failed, NULL after a success. The "failed" signal
 * fires once for a run of failures with the same message. */
const char *wn_autosave_get_error            (WnAutosave  *self);
/* Test hook: autosave_written=<writes done>, autosave_path=<the last file
 * written>, autosave_error=<the last failure>, autosave_pending=<1 while a
 * write waits or runs>. */
void        wn_autosave_describe             (WnAutosave      *self,
                                              WnTestStateFunc  func,
                                              gpointer         user_data);

/* The file name Export My Decisions suggests: "<project> – <who>.decisions". */
char       *wn_decisions_file_name           (const char  *project_name,
                                              const char  *reviewer) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
