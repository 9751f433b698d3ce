/* melt-cli-gcode-info.c: meltline-cli gcode-info FILE.gcode [--json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "meltline-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "melt-cli.h"
#include "melt-gcode-reader.h"

static void
print_row (const char *label,
           const char *value)
{
  glong len = g_utf8_strlen (label, -1);

  g_print ("%s", label);
  for (glong i = len; i < 22; i++)
    g_print (" ");
  g_print ("%s\n", value);
}

static void
print_human (MeltGCodeReader *reader,
             const char      *file_name)
{
  MeltGCodeInfo info;
  MeltToolpathStats stats;
  g_autofree char *moves = NULL;
  g_autofree char *layers = NULL;
  g_autofree char *segments = NULL;
  g_autofree char *extrusion = NULL;
  g_autofree char *travel = NULL;
  g_autofree char *time = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *warnings = NULL;

  melt_gcode_reader_get_info (reader, &info);
  melt_toolpath_compute_stats (melt_gcode_reader_get_toolpath (reader), 0, &stats);

  /* %'llu groups thousands as the locale does */
  moves = g_strdup_printf ("%'llu", (unsigned long long) info.n_moves);
  layers = g_strdup_printf ("%'u", info.n_layers);
  segments = g_strdup_printf ("%'u", stats.segments);
  extrusion = g_strdup_printf (_("%.1f mm"), info.extrusion_length_mm);
  travel = g_strdup_printf (_("%.1f mm"), info.travel_length_mm);
  time = g_strdup_printf (_("%.1f s (%.2f h)"), info.estimated_time_s, info.estimated_time_s / 3600.0);
  starts = g_strdup_printf ("%'u", stats.beam_starts);
  warnings = g_strdup_printf ("%'u", info.n_warnings);

  g_print ("%s\n", file_name);
  print_row (_("Written by"), melt_gcode_flavor_to_string (info.flavor));
  print_row (_("Moves"), moves);
  print_row (_("Segments"), segments);
  print_row (_("Layers"), layers);
  print_row (_("Deposition path"), extrusion);
  print_row (_("Travel path"), travel);
  print_row (_("Beam starts"), starts);
  print_row (_("Estimated time"), time);
  print_row (_("Warnings"), warnings);
}

static void
print_warnings (MeltGCodeReader *reader,
                const char      *file_name)
{
  MeltGCodeInfo info;
  const MeltGCodeWarning *warnings;
  guint n;

  melt_gcode_reader_get_info (reader, &info);
  warnings = melt_gcode_reader_get_warnings (reader, &n);
  for (guint i = 0; i < n; i++)
    g_printerr ("%s:%u: %s\n", file_name, warnings[i].line, warnings[i].message);
  if (info.n_warnings > n)
    {
      guint more = info.n_warnings - n;

      g_printerr (ngettext ("%s: %u more warning not shown", "%s: %u more warnings not shown", more),
                  file_name, more);
      g_printerr ("\n");
    }
}

static void
print_json (MeltGCodeReader *reader,
            const char      *file_name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  MeltGCodeInfo info;
  MeltToolpathStats stats;
  const MeltGCodeWarning *warnings;
  guint n;

  melt_gcode_reader_get_info (reader, &info);
  melt_toolpath_compute_stats (melt_gcode_reader_get_toolpath (reader), 0, &stats);
  warnings = melt_gcode_reader_get_warnings (reader, &n);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, file_name);
  json_builder_set_member_name (builder, "flavor");
  json_builder_add_string_value (builder, melt_gcode_flavor_to_string (info.flavor));
  json_builder_set_member_name (builder, "lines");
  json_builder_add_int_value (builder, (gint64) info.n_lines);
  json_builder_set_member_name (builder, "moves");
  json_builder_add_int_value (builder, (gint64) info.n_moves);
  json_builder_set_member_name (builder, "segments");
  json_builder_add_int_value (builder, stats.segments);
  json_builder_set_member_name (builder, "layers");
  json_builder_add_int_value (builder, info.n_layers);
  json_builder_set_member_name (builder, "extrusion_length_mm");
  json_builder_add_double_value (builder, info.extrusion_length_mm);
  json_builder_set_member_name (builder, "travel_length_mm");
  json_builder_add_double_value (builder, info.travel_length_mm);
  json_builder_set_member_name (builder, "filament_mm");
  json_builder_add_double_value (builder, info.filament_mm);
  json_builder_set_member_name (builder, "beam_starts");
  json_builder_add_int_value (builder, stats.beam_starts);
  json_builder_set_member_name (builder, "estimated_time_s");
  json_builder_add_double_value (builder, info.estimated_time_s);
  json_builder_set_member_name (builder, "warning_count");
  json_builder_add_int_value (builder, info.n_warnings);
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, warnings[i].line);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, warnings[i].message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  melt_cli_print_json (root);
}

int
melt_cli_gcode_info (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(MeltGCodeReader) reader = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object instead of text"), NULL },
    { NULL }
  };

  /* so that --help says “meltline-cli gcode-info [OPTION…] FILE” */
  g_set_prgname (argv[0]);

  context = g_option_context_new (_("FILE.gcode"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Read a G-code file (Meltline’s dialect, PrusaSlicer, Cura, ORNL Slicer 2 "
                                  "or plain G-code)\nand print its moves, layers, deposition and travel "
                                  "lengths and estimated time.\nLines it cannot use are listed as "
                                  "warnings with their line numbers."));
  g_option_context_set_description (context,
                                    _("Exit status: 0 when the file was read (even with warnings),\n"
                                      "2 when the arguments are bad or the file cannot be read as G-code."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (argc != 2)
    {
      g_printerr ("%s: %s\n", argv[0],
                  argc < 2 ? _("expected a G-code file") : _("expected one G-code file only"));
      g_printerr (_("Run “%s --help” for usage."), argv[0]);
      g_printerr ("\n");
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  reader = melt_gcode_reader_new ();
  if (!melt_gcode_reader_load_file (reader, file, NULL, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (json)
    print_json (reader, argv[1]);
  else
    {
      print_human (reader, argv[1]);
      print_warnings (reader, argv[1]);
    }

  return MELT_CLI_EXIT_OK;
}
