/* melt-cli-plan.c: meltline-cli plan PART --process PARAMS.json -o PLAN.h5
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads the part and the process set, slices the part at the process's
 * layer height, plans the beads, saves the plan (docs/plan-format.md) and,
 * when asked, the G-code, and prints the plan's summary
 * (melt-plan-summary.h: time, wire mass, energy, volumes, and whether every
 * layer fits the platform's microgravity window).
 */

#define G_LOG_DOMAIN "meltline-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "melt-cli.h"
#include "melt-gcode-writer.h"
#include "melt-mesh.h"
#include "melt-plan.h"
#include "melt-plan-summary.h"
#include "melt-planner.h"
#include "melt-process-check.h"
#include "melt-process-derived.h"
#include "melt-slicer.h"

/* Gaps in open outlines closed when slicing, as the app's plan panel does */
#define GAP_TOLERANCE_MM 0.01

/* The part's size and SHA-256 for the plan file, read in a thread of its
 * own while the part is sliced and planned */
typedef struct
{
  GFile        *file;
  MeltPlanPart  part;
  GError       *error;
} PartJob;

static gpointer
part_job_run (gpointer data)
{
  PartJob *job = data;
  const double no_offset[3] = { 0, 0, 0 };

  melt_plan_part_init_from_file (&job->part, job->file, no_offset, NULL, &job->error);
  return NULL;
}

/* G_MESSAGES_DEBUG=meltline-cli shows where the time goes */
static void
debug_phase (const char *phase,
             gint64     *since)
{
  gint64 now = g_get_monotonic_time ();

  g_debug ("%s: %.1f ms", phase, (now - *since) / 1000.0);
  *since = now;
}

static void
print_row (const char *label,
           const char *value)
{
  glong len = g_utf8_strlen (label, -1);

  g_print ("%s", label);
  for (glong i = len; i < 26; i++)
    g_print (" ");
  g_print ("%s\n", value);
}

static void
print_human (const MeltPlanSummary *s,
             const char            *part_name,
             const char            *plan_name,
             const char            *gcode_name)
{
  g_autofree char *layers = g_strdup_printf ("%'u", s->layers);
  g_autofree char *segments = g_strdup_printf ("%'u", s->segments);
  g_autofree char *path = g_strdup_printf (_("%.1f mm"), s->path_length_mm);
  g_autofree char *beam_on = g_strdup_printf (_("%.1f s"), s->beam_on_time_s);
  g_autofree char *total = g_strdup_printf (_("%.1f s (%.2f h)"), s->total_time_s, s->total_time_s / 3600.0);
  g_autofree char *starts = g_strdup_printf ("%'u", s->beam_starts);
  g_autofree char *mass = g_strdup_printf (_("%.1f g"), s->wire_mass_g);
  g_autofree char *energy = g_strdup_printf (_("%.1f kJ"), s->energy_kj);
  g_autofree char *deposited = g_strdup_printf (_("%.1f mm³"), s->deposited_volume_mm3);
  g_autofree char *part = g_strdup_printf (_("%.1f mm³"), s->part_volume_mm3);
  g_autofree char *ratio = g_strdup_printf ("%.3f", s->volume_ratio);
  g_autofree char *fits = NULL;

  if (s->microgravity_window_s > 0 && s->fits_microgravity_window)
    fits = g_strdup_printf (_("yes: the longest layer (%u) takes %.1f s of a %.0f s window"),
                            s->longest_layer + 1, s->longest_layer_time_s, s->microgravity_window_s);
  else if (s->microgravity_window_s > 0)
    fits = g_strdup_printf (_("no: layer %u takes %.1f s, longer than the %.0f s window"),
                            s->longest_layer + 1, s->longest_layer_time_s, s->microgravity_window_s);
  else
    fits = g_strdup (_("yes: the window is unlimited"));

  g_print ("%s\n", part_name);
  print_row (_("Layers"), layers);
  print_row (_("Segments"), segments);
  print_row (_("Deposition path"), path);
  print_row (_("Beam-on time"), beam_on);
  print_row (_("Total time"), total);
  print_row (_("Beam starts"), starts);
  print_row (_("Wire mass"), mass);
  print_row (_("Energy"), energy);
  print_row (_("Deposited volume"), deposited);
  print_row (_("Part volume"), part);
  print_row (_("Volume ratio"), ratio);
  print_row (_("Fits microgravity window"), fits);
  print_row (_("Plan"), plan_name);
  if (gcode_name != NULL)
    print_row (_("G-code"), gcode_name);
}

static void
print_json (const MeltPlanSummary *s)
{
  g_autoptr(JsonNode) root = melt_plan_summary_to_json_node (s);

  melt_cli_print_json (root);
}

int
melt_cli_plan (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) part_file = NULL;
  g_autoptr(GFile) process_file = NULL;
  g_autoptr(GFile) plan_file = NULL;
  g_autoptr(GFile) gcode_file = NULL;
  g_autoptr(MeltMesh) mesh = NULL;
  g_autoptr(MeltProcess) process = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(MeltSlice) slice = NULL;
  g_autoptr(MeltToolpath) toolpath = NULL;
  g_autoptr(MeltPlan) plan = NULL;
  g_autofree char *process_path = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *gcode_path = NULL;
  g_autofree char *fill = NULL;
  g_autofree char *narrow = NULL;
  MeltProcessDerived derived;
  MeltPlanSettings settings;
  MeltPlanReport report;
  MeltPlanSummary summary;
  PartJob part_job = { 0 };
  GThread *part_thread = NULL;
  int status = MELT_CLI_EXIT_FAILURE;
  gint64 clock = g_get_monotonic_time ();
  gboolean json = FALSE;
  int perimeters = -1;
  double fill_angle = NAN;
  double resolution = NAN;
  const GOptionEntry entries[] = {
    { "process", 'p', 0, G_OPTION_ARG_FILENAME, &process_path,
      N_("The process parameter set (required)"), N_("PARAMS.json") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("Where to save the plan (required)"), N_("PLAN.h5") },
    { "gcode", 0, 0, G_OPTION_ARG_FILENAME, &gcode_path,
      N_("Also write the plan as G-code"), N_("OUT.gcode") },
    { "perimeters", 0, 0, G_OPTION_ARG_INT, &perimeters,
      N_("Perimeter beads around every outline and hole (default 2)"), N_("N") },
    { "fill", 0, 0, G_OPTION_ARG_STRING, &fill,
      N_("How the inside is filled: raster, concentric or none (default raster)"), N_("PATTERN") },
    { "fill-angle", 0, 0, G_OPTION_ARG_DOUBLE, &fill_angle,
      N_("Direction of the raster rows on the first layer, in degrees from +X (default 45)"), N_("DEG") },
    { "resolution", 0, 0, G_OPTION_ARG_DOUBLE, &resolution,
      N_("How far the slice outlines may move when simplified, in mm; 0 keeps every point (default 0.0125)"),
      N_("MM") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object instead of text"), NULL },
    { NULL }
  };

  g_set_prgname (argv[0]);

  context = g_option_context_new (_("PART"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Slice a part design (STL or OBJ) at the layer height of a process set,\n"
                                  "plan its beads (perimeters and fill), save the plan as HDF5 and,\n"
                                  "with --gcode, as G-code, and print the time, wire mass, energy,\n"
                                  "volumes and whether every layer fits the microgravity window."));
  g_option_context_set_description (context,
                                    _("Exit status: 0 when the plan was made and saved,\n"
                                      "1 when planning failed on the part’s geometry,\n"
                                      "2 when the arguments are bad or an input cannot be read."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (argc != 2 || process_path == NULL || output_path == NULL)
    {
      const char *what = argc < 2 ? _("expected a part design file")
                         : argc > 2 ? _("expected one part design file only")
                         : process_path == NULL ? _("expected a process set: --process PARAMS.json")
                         : _("expected an output file: -o PLAN.h5");

      g_printerr ("%s: %s\n", argv[0], what);
      g_printerr (_("Run “%s --help” for usage."), argv[0]);
      g_printerr ("\n");
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  /* Settings first: a bad option fails before any work */
  melt_plan_settings_init (&settings);
  if (perimeters != -1)
    {
      if (perimeters < 0 || perimeters > MELT_PLAN_MAX_PERIMETERS)
        {
          g_printerr ("%s: ", argv[0]);
          g_printerr (_("--perimeters %d is out of range, expected 0 to %d"),
                      perimeters, MELT_PLAN_MAX_PERIMETERS);
          g_printerr ("\n");
          return MELT_CLI_EXIT_BAD_INPUT;
        }
      settings.perimeters = (guint) perimeters;
    }
  if (fill != NULL)
    {
      int value;

      if (!melt_enum_from_nick (MELT_TYPE_FILL_PATTERN, fill, &value))
        {
          g_printerr ("%s: ", argv[0]);
          g_printerr (_("--fill “%s” is not a fill pattern, expected raster, concentric or none"), fill);
          g_printerr ("\n");
          return MELT_CLI_EXIT_BAD_INPUT;
        }
      settings.fill = value;
    }
  if (!isnan (fill_angle))
    settings.fill_angle_deg = fill_angle;
  if (!isnan (resolution))
    settings.resolution_mm = resolution;
  if (!melt_plan_settings_validate (&settings, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  part_file = g_file_new_for_commandline_arg (argv[1]);
  process_file = g_file_new_for_commandline_arg (process_path);
  plan_file = g_file_new_for_commandline_arg (output_path);
  if (gcode_path != NULL)
    gcode_file = g_file_new_for_commandline_arg (gcode_path);

  /* The part's SHA-256 for the plan's part reference reads the file once
   * more: on a thread of its own while the part loads, which is serial */
  part_job.file = part_file;
  part_thread = g_thread_new ("part-hash", part_job_run, &part_job);

  process = melt_process_load (process_file, NULL, &error);
  if (process == NULL || !melt_process_evaluate (process, &derived, &checks, &error))
    {
      status = MELT_CLI_EXIT_BAD_INPUT;
      goto out;
    }

  mesh = melt_mesh_load (part_file, NULL, NULL, NULL, &error);
  if (mesh == NULL)
    {
      status = MELT_CLI_EXIT_BAD_INPUT;
      goto out;
    }
  debug_phase ("process and part loaded", &clock);

  slice = melt_slicer_slice (mesh, derived.layer_height_mm, GAP_TOLERANCE_MM, NULL, NULL, NULL, &error);
  debug_phase ("sliced", &clock);
  if (slice != NULL)
    toolpath = melt_planner_plan (process, slice, &settings, NULL, NULL, NULL, &report, &error);
  else
    status = MELT_CLI_EXIT_BAD_INPUT;
  if (slice != NULL && toolpath == NULL)
    status = g_error_matches (error, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_GEOMETRY)
             ? MELT_CLI_EXIT_FAILURE : MELT_CLI_EXIT_BAD_INPUT;

  debug_phase ("planned", &clock);
  g_thread_join (g_steal_pointer (&part_thread));
  debug_phase ("part hash joined", &clock);
  if (toolpath == NULL)
    goto out;
  if (part_job.error != NULL)
    {
      g_propagate_error (&error, g_steal_pointer (&part_job.error));
      status = MELT_CLI_EXIT_BAD_INPUT;
      goto out;
    }

  narrow = melt_plan_report_describe_narrow (&report);
  if (narrow != NULL)
    g_printerr ("%s: %s\n", argv[0], narrow);

  if (!melt_plan_summary_compute (&summary, toolpath, process, melt_mesh_get_report (mesh), &error))
    {
      status = MELT_CLI_EXIT_BAD_INPUT;
      goto out;
    }

  plan = melt_plan_new (process, &settings, toolpath, &report);
  melt_plan_set_part (plan, &part_job.part);
  if (!melt_plan_save (plan, plan_file, NULL, &error))
    {
      status = MELT_CLI_EXIT_BAD_INPUT;
      goto out;
    }
  debug_phase ("plan saved", &clock);
  if (gcode_file != NULL && !melt_gcode_write_file (toolpath, process, gcode_file, NULL, &error))
    {
      status = MELT_CLI_EXIT_BAD_INPUT;
      goto out;
    }
  if (gcode_file != NULL)
    debug_phase ("G-code written", &clock);

  if (json)
    print_json (&summary);
  else
    print_human (&summary, argv[1], output_path, gcode_path);
  status = MELT_CLI_EXIT_OK;

out:
  if (part_thread != NULL)
    g_thread_join (part_thread);
  if (error != NULL)
    g_printerr ("%s: %s\n", argv[0], error->message);
  melt_plan_part_clear (&part_job.part);
  g_clear_error (&part_job.error);
  return status;
}
