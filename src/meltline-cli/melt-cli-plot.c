/* melt-cli-plot.c: meltline-cli plot RUN.h5 -o OUT.png --channel NAME, a channel of a
 * recorded run drawn to a PNG image
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "meltline-cli"

#include "config.h"

#include <cairo.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "melt-cli.h"
#include "melt-plot.h"
#include "melt-recording-mapping.h"
#include "melt-recording-pyramid.h"
#include "melt-recording.h"

#define DEFAULT_WIDTH  1200
#define DEFAULT_HEIGHT 600
#define MIN_SIDE       64
#define MAX_SIDE       16384

/* What the command was asked */
typedef struct
{
  char     *input;
  char     *output;
  char     *channel;
  char     *from;
  char     *to;
  char     *size;
  char     *title;
  char     *mapping;
  char     *time_path;
  char     *y_path;
  char     *time_unit;
  gboolean  steps;
  gboolean  no_events;
  gboolean  verbose;
  int       width;
  int       height;
} PlotArgs;

static void
plot_args_clear (PlotArgs *args)
{
  g_free (args->input);
  g_free (args->output);
  g_free (args->channel);
  g_free (args->from);
  g_free (args->to);
  g_free (args->size);
  g_free (args->title);
  g_free (args->mapping);
  g_free (args->time_path);
  g_free (args->y_path);
  g_free (args->time_unit);
}

/* The recording to plot: a Meltline run, a file of another layout through a
 * mapping file, or any HDF5 file given a time dataset and a value dataset (a
 * mapping of one stream "series" with one channel "y", made here) */
static MeltRecording *
open_recording (const PlotArgs  *args,
                GError         **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(MeltRecordingMapping) mapping = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  if (args->time_path == NULL)
    return melt_cli_open_recording (args->input, args->mapping, error);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "meltline-mapping");
  json_builder_set_member_name (builder, "format_version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "streams");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "series");
  json_builder_set_member_name (builder, "time");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, args->time_path);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, args->time_unit != NULL ? args->time_unit : "s");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "channels");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "y");
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, args->y_path);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  bytes = g_bytes_new (text, length);

  mapping = melt_recording_mapping_load_bytes (bytes, "--time/--y", NULL, error);
  if (mapping == NULL)
    return NULL;
  file = g_file_new_for_commandline_arg (args->input);
  return melt_recording_open_mapped (file, mapping, NULL, error);
}

static int
fail (const char *prgname,
      const char *message)
{
  g_printerr ("%s: %s\n", prgname, message);
  return MELT_CLI_EXIT_BAD_INPUT;
}

int
melt_cli_plot (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltRecording) recording = NULL;
  g_autoptr(MeltRecordingPyramid) pyramid = NULL;
  g_autoptr(MeltPlot) plot = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GFile) output = NULL;
  g_auto(GStrv) files = NULL;
  const MeltRecordingStream *stream;
  const MeltRecordingChannel *channel;
  g_autofree char *default_title = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double from = NAN, to = NAN;
  gint64 started, queried;
  gboolean ok;
  PlotArgs args = { .width = DEFAULT_WIDTH, .height = DEFAULT_HEIGHT };
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args.output,
      N_("Write the image to FILE (PNG)"), N_("FILE") },
    { "mapping", 'm', 0, G_OPTION_ARG_FILENAME, &args.mapping,
      N_("Read an HDF5 file of another layout through this mapping file (docs/mapping-format.md)"),
      N_("MAP.json") },
    { "time", 0, 0, G_OPTION_ARG_STRING, &args.time_path,
      N_("Plot any HDF5 file: the dataset of times (with --y)"), N_("/PATH") },
    { "y", 0, 0, G_OPTION_ARG_STRING, &args.y_path,
      N_("Plot any HDF5 file: the dataset of values (with --time)"), N_("/PATH") },
    { "time-unit", 0, 0, G_OPTION_ARG_STRING, &args.time_unit,
      N_("The unit of the --time dataset: s, ms, us or ns (default s)"), N_("UNIT") },
    { "channel", 'c', 0, G_OPTION_ARG_STRING, &args.channel,
      N_("The channel to plot: STREAM/CHANNEL, or a channel name only one stream has"),
      N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &args.from,
      N_("Start of the time window in seconds (default: the channel’s first sample)"), N_("S") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &args.to,
      N_("End of the time window in seconds (default: the channel’s last sample)"), N_("S") },
    { "size", 's', 0, G_OPTION_ARG_STRING, &args.size,
      N_("Image size in pixels (default 1200x600)"), N_("WxH") },
    { "title", 't', 0, G_OPTION_ARG_STRING, &args.title,
      N_("Title above the plot (default: the channel and the run)"), N_("TEXT") },
    { "steps", 0, 0, G_OPTION_ARG_NONE, &args.steps,
      N_("Draw the values as steps (sample-and-hold), as for setpoints and commands; "
         "integer channels are drawn so anyway"), NULL },
    { "no-events", 0, 0, G_OPTION_ARG_NONE, &args.no_events,
      N_("Leave out the markers of the run’s events"), NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &args.verbose,
      N_("Say whether the decimation pyramid came from the cache or was built, and how long "
         "it took"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  g_set_prgname (argv[0]);

  context = g_option_context_new (_("RUN.h5"));
  g_option_context_set_summary (context,
                                _("Plot one channel of a recorded run over time to a PNG image."));
  g_option_context_set_description (context,
                                    _("The plot is drawn from a min/max decimation pyramid of the "
                                      "channel, kept in the user’s cache folder "
                                      "(~/.cache/meltline/pyramids) and built on the first plot; "
                                      "the recording itself is only read. Each pixel column shows "
                                      "the lowest and highest sample it covers. Event markers "
                                      "show the run’s events in the window."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      plot_args_clear (&args);
      return fail (argv[0], error->message);
    }

#define FAIL(message) G_STMT_START { int status_ = fail (argv[0], (message)); \
                                     plot_args_clear (&args); return status_; } G_STMT_END

  if (files == NULL || g_strv_length (files) != 1)
    FAIL (files == NULL ? _("no recording given") : _("give exactly one recording"));
  args.input = g_strdup (files[0]);
  if (args.output == NULL)
    FAIL (_("no output file given (-o OUT.png)"));
  if ((args.time_path == NULL) != (args.y_path == NULL))
    FAIL (_("--time and --y go together: the dataset of times and the dataset of values"));
  if (args.time_path != NULL && (args.channel != NULL || args.mapping != NULL))
    FAIL (_("--time and --y plot a file on their own: leave out --channel and --mapping"));
  if (args.time_path != NULL)
    args.channel = g_strdup ("series/y");
  if (args.channel == NULL)
    FAIL (_("no channel given (--channel STREAM/CHANNEL, or --time and --y)"));
  if (args.size != NULL && !melt_cli_parse_size (args.size, MIN_SIDE, MAX_SIDE, &args.width, &args.height))
    {
      g_autofree char *message =
        /* TRANSLATORS: %s is what the user gave; %d are the smallest and largest sides */
        g_strdup_printf (_("bad size “%s”: expected WIDTHxHEIGHT, such as 1200x600, each from %d "
                           "to %d pixels"), args.size, MIN_SIDE, MAX_SIDE);
      FAIL (message);
    }
  if ((args.from != NULL && !melt_cli_parse_seconds (args.from, "--from", &from, &error))
      || (args.to != NULL && !melt_cli_parse_seconds (args.to, "--to", &to, &error)))
    FAIL (error->message);

  recording = open_recording (&args, &error);
  if (recording == NULL)
    FAIL (error->message);

  if (!melt_cli_find_channel (recording, args.channel, &stream, &channel, &error))
    FAIL (error->message);

  if (stream->n_samples == 0)
    {
      g_autofree char *message =
        /* TRANSLATORS: %s/%s are a stream and a channel */
        g_strdup_printf (_("%s/%s has no samples to plot"), stream->name, channel->name);
      FAIL (message);
    }

  if (args.from == NULL)
    from = stream->start_s;
  if (args.to == NULL)
    to = stream->end_s;
  if (!(from < to) && !(args.from == NULL && args.to == NULL))
    {
      g_autofree char *message = NULL;

      if (args.to == NULL)
        message =
          /* TRANSLATORS: a time window; %g are seconds, %s/%s a stream and a channel */
          g_strdup_printf (_("bad time window: --from %g s is not before the last sample of %s/%s, "
                             "at %g s"), from, stream->name, channel->name, to);
      else if (args.from == NULL)
        message =
          /* TRANSLATORS: a time window; %g are seconds, %s/%s a stream and a channel */
          g_strdup_printf (_("bad time window: --to %g s is not after the first sample of %s/%s, "
                             "at %g s"), to, stream->name, channel->name, from);
      else
        message =
          /* TRANSLATORS: a time window; %g are seconds */
          g_strdup_printf (_("bad time window: --from %g s must come before --to %g s"), from, to);
      FAIL (message);
    }
  if (to < stream->start_s || from > stream->end_s)
    {
      g_autofree char *message =
        /* TRANSLATORS: %g are seconds, %s/%s a stream and a channel */
        g_strdup_printf (_("bad time window: %g s to %g s holds no sample of %s/%s, which runs "
                           "from %g s to %g s"), from, to, stream->name, channel->name,
                         stream->start_s, stream->end_s);
      FAIL (message);
    }
  if (from == to)
    {
      /* one sample alone: a window around it */
      from -= 0.5;
      to += 0.5;
    }

  /* The pyramid: from the cache, or built now (and cached) */
  started = g_get_monotonic_time ();
  pyramid = melt_recording_pyramid_new (recording, stream->name, channel->name, &error);
  if (pyramid == NULL)
    FAIL (error->message);
  if (melt_recording_pyramid_get_from_cache (pyramid))
    {
      if (args.verbose)
        g_printerr (_("Pyramid of %s/%s loaded from %s in %.3f s\n"), stream->name, channel->name,
                    g_file_peek_path (melt_recording_pyramid_get_cache_file (pyramid)),
                    (g_get_monotonic_time () - started) / 1e6);
    }
  else
    {
      if (!melt_recording_pyramid_build (pyramid, NULL, &error))
        FAIL (error->message);
      if (args.verbose)
        g_printerr (_("Pyramid of %s/%s built over %llu samples in %.3f s (cache: %s)\n"),
                    stream->name, channel->name, (unsigned long long) stream->n_samples,
                    (g_get_monotonic_time () - started) / 1e6,
                    g_file_peek_path (melt_recording_pyramid_get_cache_file (pyramid)));
    }

  /* One column per pixel of the image's width: the data area is a little narrower, and the
   * plot gathers what falls in one of its pixel columns */
  queried = g_get_monotonic_time ();
  if (!melt_recording_pyramid_query (pyramid, from, to, args.width, &points, NULL, &error))
    FAIL (error->message);
  if (args.verbose)
    /* TRANSLATORS: %.3f is a time in seconds */
    g_printerr (_("Queried the points to draw in %.3f s\n"), (g_get_monotonic_time () - queried) / 1e6);

  plot = melt_plot_new ();
  if (melt_recording_get_simulated (recording))
    /* TRANSLATORS: a plot's title: STREAM/CHANNEL — RUN (simulated) */
    default_title = g_strdup_printf (_("%s/%s — %s (simulated)"), stream->name, channel->name,
                                     melt_recording_get_run_id (recording));
  else
    default_title = g_strdup_printf ("%s/%s — %s", stream->name, channel->name,
                                     melt_recording_get_run_id (recording));
  melt_plot_set_title (plot, args.title != NULL ? args.title : default_title);
  melt_plot_set_axis_label (plot, MELT_PLOT_AXIS_X, _("Time"), "s");
  melt_plot_set_axis_label (plot, MELT_PLOT_AXIS_Y, channel->long_name,
                            g_strcmp0 (channel->units, "1") != 0 ? channel->units : NULL);
  melt_plot_set_range (plot, MELT_PLOT_AXIS_X, from, to);
  melt_plot_add_series (plot, channel->long_name, (const MeltSeriesPoint *) points->data,
                        points->len,
                        args.steps || (channel->type != MELT_SAMPLE_FLOAT32
                                       && channel->type != MELT_SAMPLE_FLOAT64)
                        ? MELT_PLOT_STEPS : MELT_PLOT_LINE);
  if (!args.no_events)
    {
      const MeltRecordingEvent *events;
      gsize n_events = 0;

      events = melt_recording_get_events_in_window (recording, from, to, &n_events);
      for (gsize i = 0; i < n_events; i++)
        {
          g_autofree char *label = events[i].text[0] != '\0'
                                   ? g_strdup_printf ("%s: %s", events[i].kind, events[i].text)
                                   : g_strdup (events[i].kind);

          melt_plot_add_marker (plot, events[i].time_s, label);
        }
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, args.width, args.height);
  cr = cairo_create (surface);
  melt_plot_draw (plot, cr, args.width, args.height);
  cairo_destroy (cr);

  output = g_file_new_for_commandline_arg (args.output);
  ok = cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS
       && melt_cli_save_png (surface, output, &error);
  cairo_surface_destroy (surface);
  if (!ok)
    {
      g_printerr ("%s: %s\n", argv[0], error != NULL ? error->message : _("Could not draw the plot"));
      plot_args_clear (&args);
      return MELT_CLI_EXIT_FAILURE;
    }

  if (args.verbose)
    /* TRANSLATORS: %u is a number of points, %.3f seconds */
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "Plotted %u point in %.3f s\n",
                             "Plotted %u points in %.3f s\n", points->len),
                points->len, (g_get_monotonic_time () - started) / 1e6);

#undef FAIL

  plot_args_clear (&args);
  return MELT_CLI_EXIT_OK;
}
