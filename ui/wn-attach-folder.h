/* wn-attach-folder.h — "Attach Folder of PDFs…": the run, its report, and
 * matching the rest by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-project.h"
#include "wn-test-state.h"

G_BEGIN_DECLS

/* Called whenever PDFs were attached (the run, or a file matched by hand),
 * and when the state the test hook shows changes. */
typedef void (*WnAttachFolderChanged) (gpointer user_data);

/* Attaches every PDF in dir (wn_project_attach_folder, in a thread) and
 * shows the report in a window over parent: each file attached, with its
 * record's title and how it was matched; each file not attached, with the
 * reason, and for those that can be matched by hand, "Match…": a
 * searchable list of the records (items, of WnRecordItem) to attach it
 * to. */
GtkWindow *wn_attach_folder_run      (GtkWindow             *parent,
                                      WnProject             *project,
                                      GListModel            *items,
                                      GFile                 *dir,
                                      WnAttachFolderChanged  changed,
                                      gpointer               user_data);
/* Asks for the folder first (GtkFileChooserNative), then runs. */
void       wn_attach_folder_choose   (GtkWindow             *parent,
                                      WnProject             *project,
                                      GListModel            *items,
                                      WnAttachFolderChanged  changed,
                                      gpointer               user_data);

/* Test hook: attach_folder=<idle|running|done>, attach_folder_attached,
 * attach_folder_unmatched (files still not attached),
 * attach_folder_files (the report's "file:reason-kind" list). */
void       wn_attach_folder_describe (WnTestStateFunc        func,
                                      gpointer               user_data);

/* Shows a modal file chooser for one PDF (a PDF filter) over widget's
 * window; response_cb is connected swapped to user_data ("response":
 * (user_data, response, chooser)). Returns it; the caller destroys it in
 * its response handler and drops the reference. */
GtkNativeDialog *wn_attach_pdf_chooser_show (GtkWidget *widget,
                                             GCallback  response_cb,
                                             gpointer   user_data);

G_END_DECLS
