/* wn-import-dialog.h — preview and import database exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wn-project.h"

G_BEGIN_DECLS

#define WN_TYPE_IMPORT_DIALOG (wn_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (WnImportDialog, wn_import_dialog, WN, IMPORT_DIALOG, GtkWindow)

/* files: (element-type GFile). The dialog previews them at once and
 * imports them into project when the person confirms; it emits
 * WnImportDialog::imported once, at the end, when at least one file was
 * stored, and destroys itself when done. */
WnImportDialog *wn_import_dialog_new (GtkWindow  *parent,
                                      WnProject  *project,
                                      GListModel *files) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
