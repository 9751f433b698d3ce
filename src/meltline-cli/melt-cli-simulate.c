/* melt-cli-simulate.c: meltline-cli simulate PLAN.h5 --process PARAMS.json
 *   --platform PLATFORM -o RUN.h5
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads a plan and a process set and writes a simulated recorded run
 * (melt-simulator.h; docs/recording-format.md, “Simulated runs”).
 */

#define G_LOG_DOMAIN "meltline-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "melt-cli.h"
#include "melt-plan.h"
#include "melt-process.h"
#include "melt-simulator.h"

static int
bad_input (const char *prgname,
           const char *message)
{
  g_printerr ("%s: %s\n", prgname, message);
  g_printerr (_("Run “%s --help” for usage."), prgname);
  g_printerr ("\n");
  return MELT_CLI_EXIT_BAD_INPUT;
}

int
melt_cli_simulate (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) plan_file = NULL;
  g_autoptr(GFile) process_file = NULL;
  g_autoptr(GFile) run_file = NULL;
  g_autoptr(MeltPlan) plan = NULL;
  g_autoptr(MeltProcess) process = NULL;
  g_autofree char *process_path = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *platform = NULL;
  g_autofree char *camera = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *run_name = NULL;
  double max_duration = 0;
  gboolean open_loop = FALSE;
  MeltSimulatorOptions options;
  gint64 clock;
  int value;
  const GOptionEntry entries[] = {
    { "process", 'p', 0, G_OPTION_ARG_FILENAME, &process_path,
      N_("The process parameter set (required)"), N_("PARAMS.json") },
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform,
      N_("The flight platform: ground, parabolic, suborbital or orbital (required)"), N_("PLATFORM") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("Where to write the run (required)"), N_("RUN.h5") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed,
      N_("Random seed: the same seed gives the same file (default 1)"), N_("N") },
    { "camera", 0, 0, G_OPTION_ARG_STRING, &camera,
      N_("Coaxial camera frames, or none (default 64x64@200)"), N_("WxH@HZ") },
    { "max-duration", 0, 0, G_OPTION_ARG_DOUBLE, &max_duration,
      N_("Simulate at most this many seconds of the print (default: all of it)"), N_("S") },
    { "open-loop", 0, 0, G_OPTION_ARG_NONE, &open_loop,
      N_("Run the plan’s power without the melt-pool width controller"), NULL },
    { NULL }
  };

  g_set_prgname (argv[0]);

  context = g_option_context_new (_("PLAN.h5"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Simulate a recorded run of a plan: motion, laser or electron beam,\n"
                                  "wire, pyrometer, melt pool, width controller, flight acceleration,\n"
                                  "camera frames and events, written as a meltline-run HDF5 file."));
  g_option_context_set_description (context,
                                    _("Exit status: 0 when the run was written,\n"
                                      "1 when the simulation or writing failed,\n"
                                      "2 when the arguments are bad or an input cannot be read."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return bad_input (argv[0], error->message);

  if (argc < 2)
    return bad_input (argv[0], _("expected a plan file"));
  if (argc > 2)
    return bad_input (argv[0], _("expected one plan file only"));
  if (process_path == NULL)
    return bad_input (argv[0], _("expected a process set: --process PARAMS.json"));
  if (platform == NULL)
    return bad_input (argv[0], _("expected a platform: --platform ground|parabolic|suborbital|orbital"));
  if (output_path == NULL)
    return bad_input (argv[0], _("expected an output file: -o RUN.h5"));

  melt_simulator_options_init (&options);
  if (!melt_enum_from_nick (MELT_TYPE_PLATFORM, platform, &value))
    {
      g_autofree char *message =
        g_strdup_printf (_("--platform “%s” is not a platform, expected ground, parabolic, "
                           "suborbital or orbital"), platform);

      return bad_input (argv[0], message);
    }
  options.platform = value;
  if (seed != NULL)
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (seed, 10, 0, G_MAXUINT64, &n, NULL))
        {
          g_autofree char *message =
            g_strdup_printf (_("--seed “%s” is not a number, expected 0 or a positive whole number"),
                             seed);

          return bad_input (argv[0], message);
        }
      options.seed = n;
    }
  if (camera != NULL && !melt_simulator_parse_camera (camera, &options, &error))
    {
      g_autofree char *message = g_strdup_printf ("--camera: %s", error->message);

      return bad_input (argv[0], message);
    }
  if (!(max_duration >= 0) || isinf (max_duration))
    {
      g_autofree char *message =
        g_strdup_printf (_("--max-duration %g is out of range, expected a number of seconds, 0 for all"),
                         max_duration);

      return bad_input (argv[0], message);
    }
  options.max_duration_s = max_duration;
  options.closed_loop = !open_loop;

  process_file = g_file_new_for_commandline_arg (process_path);
  process = melt_process_load (process_file, NULL, &error);
  if (process == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  plan_file = g_file_new_for_commandline_arg (argv[1]);
  plan = melt_plan_load (plan_file, NULL, &error);
  if (plan == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (melt_process_get_kind (process) != melt_process_get_kind (melt_plan_get_process (plan)))
    {
      g_printerr ("%s: ", argv[0]);
      g_printerr (_("the plan was made for %s and the process set is %s: plan the part again "
                    "with this set"),
                  melt_enum_get_display_name (MELT_TYPE_PROCESS_KIND,
                                              melt_process_get_kind (melt_plan_get_process (plan))),
                  melt_enum_get_display_name (MELT_TYPE_PROCESS_KIND, melt_process_get_kind (process)));
      g_printerr ("\n");
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  run_file = g_file_new_for_commandline_arg (output_path);
  clock = g_get_monotonic_time ();
  if (!melt_simulate (plan, process, &options, run_file, NULL, NULL, NULL, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return g_error_matches (error, MELT_PROCESS_ERROR, MELT_PROCESS_ERROR_BAD_VALUE)
             ? MELT_CLI_EXIT_BAD_INPUT : MELT_CLI_EXIT_FAILURE;
    }

  run_name = g_file_get_parse_name (run_file);
  /* TRANSLATORS: %s is the file written, then the seconds it took */
  g_print (_("Wrote %s in %.1f s"), run_name, (g_get_monotonic_time () - clock) / 1e6);
  g_print ("\n");
  return MELT_CLI_EXIT_OK;
}
