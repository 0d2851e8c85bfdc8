/* wn-fuzz.h — what the fuzz harnesses share (wn-fuzz-common.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *wn_fuzz_make_scratch (void) G_GNUC_WARN_UNUSED_RESULT;
void  wn_fuzz_write        (const char *path,
                            const void *data,
                            gsize       size);

G_END_DECLS
