/* wn-cli-private.h — what winnow-cli's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The exit statuses of the CLI contract. */
enum
{
  WN_CLI_EXIT_OK       = 0, /* success */
  WN_CLI_EXIT_REJECTED = 1, /* ran, but rejected some input; nothing of it applied */
  WN_CLI_EXIT_USAGE    = 2, /* usage error */
  WN_CLI_EXIT_PROJECT  = 3, /* the project cannot be opened */
};

int wn_cli_usage_error (GOptionContext *context,
                        const char     *format,
                        ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
