/* melt-cli.h: the subcommands of meltline-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Exit statuses shared by every subcommand. */
enum
{
  MELT_CLI_EXIT_OK = 0,
  MELT_CLI_EXIT_FAILURE = 1,   /* the command ran and the part failed a check */
  MELT_CLI_EXIT_BAD_INPUT = 2, /* bad arguments or an unreadable/invalid input file */
};

/* Each subcommand gets argv with argv[0] set to "meltline-cli NAME". */
int melt_cli_inspect (int    argc,
                      char **argv);
int melt_cli_render  (int    argc,
                      char **argv);
int melt_cli_process (int    argc,
                      char **argv);
int melt_cli_gcode_info (int    argc,
                         char **argv);
int melt_cli_plan       (int    argc,
                         char **argv);
int melt_cli_recording_info (int    argc,
                             char **argv);
int melt_cli_h5_tree    (int    argc,
                         char **argv);

void melt_cli_print_json (JsonNode *root);

G_END_DECLS
