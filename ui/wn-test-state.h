/* wn-test-state.h — how the pages report to the window's test hook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window writes the WINNOW_TEST_STATE file (see wn-window.c); a page
 * with more to say than a few getters hands it key=value pairs through one
 * of these.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*WnTestStateFunc) (const char *key,
                                 const char *value,
                                 gpointer    user_data);

G_END_DECLS
