/* wn-cli-private.h — what winnow-cli's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "wn-project.h"

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

/* A command's option context: "winnow-cli NAME ARGS", its summary, its
 * options (may be NULL). */
GOptionContext *wn_cli_command_context (const char   *name,
                                        const char   *args,
                                        const char   *summary,
                                        GOptionEntry *entries);
/* Parses the command's options; on failure sets *status to the usage exit. */
gboolean        wn_cli_parse_command   (GOptionContext  *context,
                                        int             *argc,
                                        char          ***argv,
                                        int             *status);
/* Opens a project; on failure prints the store's message and sets *status
 * to WN_CLI_EXIT_PROJECT. */
WnProject      *wn_cli_open_project    (const char *path,
                                        int        *status);
/* Prints the JSON document with a final newline on stdout. */
void            wn_cli_print_json      (GString *json);
/* A positive decimal id. */
gboolean        wn_cli_parse_id        (const char *text,
                                        gint64     *id);
/* Prints a store error; exit 1 for a missing record, 3 otherwise. */
int             wn_cli_store_failure   (GError *error);

/* The commands that live in their own files. */
int             wn_cli_cmd_decide      (int    argc,
                                        char **argv);
int             wn_cli_cmd_adjudicate  (int    argc,
                                        char **argv);
int             wn_cli_cmd_conflicts   (int    argc,
                                        char **argv);
int             wn_cli_cmd_agreement   (int    argc,
                                        char **argv);
/* simulate DATASET.csv: replay a labelled data set through the
 * prioritiser (wn-cli-rank.c). */
int             wn_cli_cmd_simulate    (int    argc,
                                        char **argv);
/* kappa FILE.csv: agreement statistics of a ratings file (wn-cli-kappa.c). */
int             wn_cli_cmd_kappa       (int    argc,
                                        char **argv);
int             wn_cli_cmd_export_decisions (int    argc,
                                             char **argv);
int             wn_cli_cmd_package     (int    argc,
                                        char **argv);
int             wn_cli_cmd_merge       (int    argc,
                                        char **argv);
int             wn_cli_cmd_screening   (int    argc,
                                        char **argv);

/* info's screening counts (wn-cli-screening.c). */
gboolean        wn_cli_append_screening_counts (WnProject  *project,
                                                GString    *out,
                                                GError    **error);
gboolean        wn_cli_print_screening_counts  (WnProject  *project,
                                                GError    **error);
int             wn_cli_cmd_export      (int    argc,
                                        char **argv);
/* The PRISMA commands (wn-cli-prisma.c). */
int             wn_cli_cmd_prisma      (int    argc,
                                        char **argv);
int             wn_cli_cmd_retrieval   (int    argc,
                                        char **argv);
int             wn_cli_cmd_add_record  (int    argc,
                                        char **argv);
int             wn_cli_cmd_remove_record (int    argc,
                                          char **argv);
int             wn_cli_cmd_limits      (int    argc,
                                        char **argv);
int             wn_cli_cmd_search_method (int    argc,
                                          char **argv);
/* The full-text commands (wn-cli-fulltext.c). */
int             wn_cli_cmd_attach      (int    argc,
                                        char **argv);
int             wn_cli_cmd_attach_folder (int    argc,
                                          char **argv);
int             wn_cli_cmd_detach      (int    argc,
                                        char **argv);

/* Extraction and coding (wn-cli-coding.c). */
int             wn_cli_cmd_template    (int    argc,
                                        char **argv);
int             wn_cli_cmd_extract     (int    argc,
                                        char **argv);
int             wn_cli_cmd_verification (int    argc,
                                         char **argv);
int             wn_cli_cmd_extraction_agreement (int    argc,
                                                 char **argv);
int             wn_cli_cmd_extraction_export (int    argc,
                                              char **argv);
int             wn_cli_cmd_codes       (int    argc,
                                        char **argv);
int             wn_cli_cmd_code        (int    argc,
                                        char **argv);
int             wn_cli_cmd_paste_text  (int    argc,
                                        char **argv);
int             wn_cli_cmd_double_coding (int    argc,
                                          char **argv);
int             wn_cli_cmd_coding_agreement (int    argc,
                                             char **argv);

G_END_DECLS
