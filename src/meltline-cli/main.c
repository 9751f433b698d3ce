/* main.c: meltline-cli, Meltline's command-line tool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "meltline-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "melt-cli.h"

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} MeltCliCommand;

static const MeltCliCommand commands[] = {
  { "inspect", melt_cli_inspect, N_("Print a part design’s size, volume and mesh defects") },
  { "render", melt_cli_render, N_("Render a part design, a plan or G-code to a PNG image without a display") },
  { "process", melt_cli_process, N_("Check a process parameter set and print its derived values") },
  { "gcode-info", melt_cli_gcode_info, N_("Read a G-code file and print its moves, layers, lengths and time") },
  { "plan", melt_cli_plan, N_("Plan the beads of a part for a process set and save the plan") },
  { "recording-info", melt_cli_recording_info, N_("Print the streams, channels, frames and events of a recorded run") },
  { "h5-tree", melt_cli_h5_tree, N_("Print the groups, datasets and attributes of any HDF5 file") },
  { "simulate", melt_cli_simulate, N_("Simulate a recorded run of a plan on a flight platform") },
  { "plot", melt_cli_plot, N_("Plot a channel of a recorded run over time to a PNG image") },
  { "export-csv", melt_cli_export_csv, N_("Write channels of a recorded run as CSV") },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: meltline-cli COMMAND [OPTION…]"));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “meltline-cli COMMAND --help” for the options of a command."));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("meltline-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return MELT_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("meltline-cli %s\n", PACKAGE_VERSION);
      return MELT_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (argv[1], commands[i].name) == 0)
        {
          g_autofree char *name = g_strdup_printf ("meltline-cli %s", commands[i].name);
          int status;

          argv[1] = name;
          status = commands[i].run (argc - 1, argv + 1);
          return status;
        }
    }

  /* TRANSLATORS: %s is the command the user typed */
  g_printerr (_("meltline-cli: unknown command “%s”"), argv[1]);
  g_printerr ("\n\n");
  print_usage (stderr);
  return MELT_CLI_EXIT_BAD_INPUT;
}
