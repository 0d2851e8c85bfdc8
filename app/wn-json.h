/* wn-json.h — writing JSON quickly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CLI streams JSON Lines for hundreds of thousands of records; building a
 * json-glib tree per record would double the time. These append JSON text to
 * a GString directly. Reading JSON is json-glib's job.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends text as a JSON string literal (quoted, escaped); NULL → null. */
void wn_json_append_string (GString    *out,
                            const char *text);
/* Appends "key": to an object being written; adds the comma when needed. */
void wn_json_append_key    (GString    *out,
                            const char *key);
void wn_json_append_int    (GString    *out,
                            gint64      value);
/* Appends a JSON array of strings. */
void wn_json_append_strv   (GString    *out,
                            GPtrArray  *strings);

G_END_DECLS
