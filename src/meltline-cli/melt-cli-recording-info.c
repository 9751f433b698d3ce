/* melt-cli-recording-info.c: meltline-cli recording-info RUN.h5 [--json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "meltline-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "melt-cli.h"
#include "melt-process.h"
#include "melt-recording.h"

static double
duration_s (MeltRecording *recording)
{
  double start, end;

  if (!melt_recording_get_time_span (recording, &start, &end))
    return 0.0;
  return end - start;
}

static void
print_human (MeltRecording *recording,
             const char    *file_name)
{
  const char *platform = melt_enum_to_nick (MELT_TYPE_PLATFORM, melt_recording_get_platform (recording));
  g_autofree char *duration = g_strdup_printf (_("%.3f s"), duration_s (recording));
  gsize n_events = 0;

  melt_recording_get_events (recording, &n_events);

  g_print ("%s\n", file_name);
  g_print ("  %-20s %s\n", _("Run"), melt_recording_get_run_id (recording));
  g_print ("  %-20s %s\n", _("Platform"), platform != NULL ? platform : "");
  g_print ("  %-20s %s\n", _("Material"), melt_recording_get_material (recording) != NULL
                                         ? melt_recording_get_material (recording) : "—");
  g_print ("  %-20s %s\n", _("Simulated"), melt_recording_get_simulated (recording) ? _("yes") : _("no"));
  g_print ("  %-20s %s\n", _("Duration"), duration);

  for (guint i = 0; i < melt_recording_get_n_streams (recording); i++)
    {
      const MeltRecordingStream *s = melt_recording_get_stream (recording, i);

      /* TRANSLATORS: a stream: its name, sample count and rate */
      g_print (_("Stream %s: %'llu samples at %g Hz\n"), s->name, (unsigned long long) s->n_samples,
               s->rate_hz);
      for (guint c = 0; c < s->n_channels; c++)
        g_print ("    %-20s %-10s %s\n", s->channels[c].name,
                 s->channels[c].units[0] != '\0' ? s->channels[c].units : "—",
                 s->channels[c].long_name);
    }
  for (guint i = 0; i < melt_recording_get_n_frames (recording); i++)
    {
      const MeltRecordingFrames *f = melt_recording_get_frames (recording, i);

      /* TRANSLATORS: a camera: its name, frame count, size in pixels, rate and pixel type */
      g_print (_("Frames %s: %'llu of %u × %u pixels at %g Hz (%s)\n"), f->name,
               (unsigned long long) f->n_frames, f->width, f->height, f->rate_hz,
               melt_sample_type_to_string (f->type));
    }
  g_print (ngettext ("%'zu event\n", "%'zu events\n", n_events), n_events);
}

static void
add_double_or_null (JsonBuilder *builder,
                    const char  *name,
                    double       value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
print_json (MeltRecording *recording,
            const char    *file_name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *process = melt_recording_get_process_json (recording);
  const char *platform = melt_enum_to_nick (MELT_TYPE_PLATFORM, melt_recording_get_platform (recording));
  const MeltRecordingEvent *events;
  gsize n_events = 0;

  events = melt_recording_get_events (recording, &n_events);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, file_name);
  json_builder_set_member_name (builder, "run_id");
  json_builder_add_string_value (builder, melt_recording_get_run_id (recording));
  json_builder_set_member_name (builder, "platform");
  json_builder_add_string_value (builder, platform != NULL ? platform : "");
  json_builder_set_member_name (builder, "material");
  if (melt_recording_get_material (recording) != NULL)
    json_builder_add_string_value (builder, melt_recording_get_material (recording));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "simulated");
  json_builder_add_boolean_value (builder, melt_recording_get_simulated (recording));
  json_builder_set_member_name (builder, "duration_s");
  json_builder_add_double_value (builder, duration_s (recording));

  /* the process set as it is stored: an object, or null */
  json_builder_set_member_name (builder, "process");
  if (process != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, process, -1, NULL) && json_parser_get_root (parser) != NULL)
        json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
      else
        json_builder_add_null_value (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "streams");
  json_builder_begin_array (builder);
  for (guint i = 0; i < melt_recording_get_n_streams (recording); i++)
    {
      const MeltRecordingStream *s = melt_recording_get_stream (recording, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, s->name);
      json_builder_set_member_name (builder, "rate_hz");
      json_builder_add_double_value (builder, s->rate_hz);
      json_builder_set_member_name (builder, "samples");
      json_builder_add_int_value (builder, (gint64) s->n_samples);
      add_double_or_null (builder, "start_s", s->start_s);
      add_double_or_null (builder, "end_s", s->end_s);
      json_builder_set_member_name (builder, "channels");
      json_builder_begin_array (builder);
      for (guint c = 0; c < s->n_channels; c++)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, s->channels[c].name);
          json_builder_set_member_name (builder, "units");
          json_builder_add_string_value (builder, s->channels[c].units);
          json_builder_set_member_name (builder, "long_name");
          json_builder_add_string_value (builder, s->channels[c].long_name);
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, melt_sample_type_to_string (s->channels[c].type));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "frames");
  json_builder_begin_array (builder);
  for (guint i = 0; i < melt_recording_get_n_frames (recording); i++)
    {
      const MeltRecordingFrames *f = melt_recording_get_frames (recording, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, f->name);
      json_builder_set_member_name (builder, "rate_hz");
      json_builder_add_double_value (builder, f->rate_hz);
      json_builder_set_member_name (builder, "frames");
      json_builder_add_int_value (builder, (gint64) f->n_frames);
      json_builder_set_member_name (builder, "width");
      json_builder_add_int_value (builder, f->width);
      json_builder_set_member_name (builder, "height");
      json_builder_add_int_value (builder, f->height);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, melt_sample_type_to_string (f->type));
      json_builder_set_member_name (builder, "units");
      json_builder_add_string_value (builder, f->units);
      add_double_or_null (builder, "start_s", f->start_s);
      add_double_or_null (builder, "end_s", f->end_s);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (gsize i = 0; i < n_events; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "time_s");
      json_builder_add_double_value (builder, events[i].time_s);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, events[i].kind);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, events[i].text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  melt_cli_print_json (root);
}

int
melt_cli_recording_info (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltRecording) recording = NULL;
  g_autofree char *mapping = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "mapping", 'm', 0, G_OPTION_ARG_FILENAME, &mapping,
      N_("Read an HDF5 file of another layout through this mapping file (docs/mapping-format.md)"),
      N_("MAP.json") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object instead of text"), NULL },
    { NULL }
  };

  g_set_prgname (argv[0]);

  context = g_option_context_new (_("RUN.h5"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Open a recorded run (docs/recording-format.md) read-only and print\n"
                                  "its process, platform, duration, streams with their channels,\n"
                                  "rates and sample counts, camera frames and events."));
  g_option_context_set_description (context,
                                    _("Exit status: 0 when the run was read,\n"
                                      "2 when the arguments are bad or the file is not a readable run."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (argc != 2)
    {
      g_printerr ("%s: %s\n", argv[0],
                  argc < 2 ? _("expected a recorded run") : _("expected one recorded run only"));
      g_printerr (_("Run “%s --help” for usage."), argv[0]);
      g_printerr ("\n");
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  recording = melt_cli_open_recording (argv[1], mapping, &error);
  if (recording == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (json)
    print_json (recording, argv[1]);
  else
    print_human (recording, argv[1]);

  return MELT_CLI_EXIT_OK;
}
