/* wn-code-path.h — codebook paths: "Theme/Sub-theme/…"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A deductive codebook is a tree of themes and sub-themes. People type a
 * code as a path ("Workforce outcomes/Burnout"); the same code must compare
 * equal however it was typed (spaces around slashes, doubled spaces,
 * Unicode normalisation), and a path that cannot name a code is an error.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WN_CODE_PATH_ERROR (wn_code_path_error_quark ())

typedef enum
{
  WN_CODE_PATH_ERROR_EMPTY,         /* nothing, or an empty segment ("A//B") */
  WN_CODE_PATH_ERROR_TOO_DEEP,      /* more levels than a codebook may have */
  WN_CODE_PATH_ERROR_INVALID,       /* not UTF-8, or control characters */
} WnCodePathError;

#define WN_CODE_PATH_MAX_DEPTH 8

GQuark  wn_code_path_error_quark (void);

/* Splits and normalises a typed path into its segments (NFC, white space
 * folded, trimmed). Returns NULL with error set when it names no code. */
GStrv   wn_code_path_parse       (const char  *text,
                                  GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* The canonical text of a path: segments joined with "/". */
char   *wn_code_path_normalise   (const char  *text,
                                  GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* TRUE when ancestor is path itself or one of its parents. */
gboolean wn_code_path_is_within  (const char  *path,
                                  const char  *ancestor);

G_END_DECLS
