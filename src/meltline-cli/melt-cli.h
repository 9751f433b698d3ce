/* melt-cli.h: the subcommands of meltline-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "melt-recording.h"

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
int melt_cli_simulate   (int    argc,
                         char **argv);
int melt_cli_plot       (int    argc,
                         char **argv);
int melt_cli_export_csv (int    argc,
                         char **argv);

/* Output (melt-cli-output.c) */
void     melt_cli_print_json (JsonNode         *root);
gboolean melt_cli_parse_size (const char       *text,
                              int               min_side,
                              int               max_side,
                              int              *width,
                              int              *height);
gboolean melt_cli_save_png   (cairo_surface_t  *surface,
                              GFile            *file,
                              GError          **error);

/* Recordings (melt-cli-recording.c): a run opened read-only (through a mapping file for
 * other layouts), a channel by "STREAM/CHANNEL" or by a name only one stream has, and a
 * time in seconds; the errors are messages for the user */
MeltRecording *melt_cli_open_recording (const char  *path,
                                        const char  *mapping_path,
                                        GError     **error);
gboolean melt_cli_find_channel  (MeltRecording               *recording,
                                 const char                  *name,
                                 const MeltRecordingStream  **stream,
                                 const MeltRecordingChannel **channel,
                                 GError                     **error);
gboolean melt_cli_parse_seconds (const char                  *text,
                                 const char                  *option,
                                 double                      *seconds,
                                 GError                     **error);

G_END_DECLS
