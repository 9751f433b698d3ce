/* test-cli-plot.c: meltline-cli plot, run as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The run is written here with MeltRecordingWriter: a 1 kHz laser stream of two channels
 * over 20 s, a 10 Hz chamber stream with a channel of the same name as a laser one, and
 * two events. The pyramid cache goes to a temporary XDG_CACHE_HOME.
 */

#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "melt-recording-writer.h"
#include "melt-test-cli.h"
#include "melt-test-files.h"
#include "melt-test-shapes.h"

#define N_SAMPLES 20000
#define N_SLOW    200

static char *tmp_dir;
static char *run_path;

static void
write_run (void)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltRecordingWriter) writer = NULL;
  g_autofree double *times = g_new (double, N_SAMPLES);
  g_autofree double *power = g_new (double, N_SAMPLES);
  g_autofree double *state = g_new (double, N_SAMPLES);
  g_autofree double *slow_times = g_new (double, N_SLOW);
  g_autofree double *slow_state = g_new (double, N_SLOW);
  const double *values[2] = { power, state };
  const double *slow_values[1] = { slow_state };
  guint stream, slow;

  run_path = g_build_filename (tmp_dir, "run.h5", NULL);
  file = g_file_new_for_path (run_path);
  writer = melt_recording_writer_new (file, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_SAMPLES; i++)
    {
      times[i] = 10.0 + i * 1e-3;
      power[i] = 1000.0 + 100.0 * sin (i * 1e-3);
      state[i] = i / 5000;
    }
  for (guint i = 0; i < N_SLOW; i++)
    {
      slow_times[i] = 10.0 + i * 0.1;
      slow_state[i] = i % 3;
    }
  g_assert_true (melt_recording_writer_add_stream (writer, "laser", 1000.0, 0, &stream, &error));
  g_assert_true (melt_recording_writer_add_channel (writer, stream, "power", MELT_SAMPLE_FLOAT32, "W",
                                                    "laser power", &error));
  g_assert_true (melt_recording_writer_add_channel (writer, stream, "state", MELT_SAMPLE_UINT8, "1",
                                                    "state", &error));
  g_assert_true (melt_recording_writer_append (writer, stream, N_SAMPLES, times, values, &error));
  g_assert_true (melt_recording_writer_add_stream (writer, "chamber", 10.0, 0, &slow, &error));
  g_assert_true (melt_recording_writer_add_channel (writer, slow, "state", MELT_SAMPLE_UINT8, "1",
                                                    "state", &error));
  g_assert_true (melt_recording_writer_append (writer, slow, N_SLOW, slow_times, slow_values, &error));
  g_assert_true (melt_recording_writer_add_event (writer, 12.0, "layer-start", "2", &error));
  g_assert_true (melt_recording_writer_add_event (writer, 15.0, "command", "power 1100 W", &error));
  g_assert_true (melt_recording_writer_finish (writer, NULL, &error));
  g_assert_no_error (error);
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  if (dir != NULL)
    while (g_dir_read_name (dir) != NULL)
      n++;
  return n;
}

/* The PNG has the size asked and blue (the series) in it */
static void
check_png (const char *path,
           int         width,
           int         height)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);
  const guint8 *data;
  int stride, blue = 0;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, height);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel = *(const guint32 *) (data + y * stride + 4 * x);

        if ((int) (pixel & 0xff) - (int) ((pixel >> 16) & 0xff) > 60)
          blue++;
      }
  g_assert_cmpint (blue, >, width / 2);
  cairo_surface_destroy (surface);
}

static void
test_plot (void)
{
  g_autofree char *out = g_build_filename (tmp_dir, "power.png", NULL);
  g_autofree char *pyramids = g_build_filename (tmp_dir, "cache", "meltline", "pyramids", NULL);
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) again = { 0 };

  run_cli (&run, "plot", run_path, "-o", out, "--channel", "laser/power", "--size", "800x400", NULL);
  if (run.status == -1)
    return;
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  check_png (out, 800, 400);
  /* the pyramid went to the cache, nothing beside the recording */
  g_assert_cmpuint (count_files (pyramids), ==, 1);
  g_assert_cmpuint (count_files (tmp_dir), ==, 3);   /* run.h5, power.png, cache */

  /* again: from the cache, and --verbose says so */
  run_cli (&again, "plot", run_path, "-o", out, "--channel", "power", "--from", "12", "--to", "13.5",
           "--verbose", NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.err, "loaded from"));
  check_png (out, 1200, 600);
  g_assert_cmpuint (count_files (pyramids), ==, 1);
}

/* The bundled h5py file (data/samples/foreign-h5py, written by
 * build-aux/make-foreign-sample.py) plots and reads through its mapping */
static void
test_foreign_sample (void)
{
  g_autofree char *h5 = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "foreign-h5py",
                                               "flight7.h5", NULL);
  g_autofree char *mapping = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                    "foreign-h5py", "flight7.mapping.json", NULL);
  g_autofree char *out = g_build_filename (tmp_dir, "flight7.png", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) info = { 0 };
  JsonObject *root, *stream, *frames;

  run_cli (&run, "plot", h5, "--mapping", mapping, "--channel", "sensors/temperature", "-o", out,
           "--size", "900x450", NULL);
  if (run.status == -1)
    return;
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  check_png (out, 900, 450);

  run_cli (&info, "recording-info", "--json", "--mapping", mapping, h5, NULL);
  g_assert_cmpint (info.status, ==, 0);
  root = parse_json (parser, info.out);
  /* synthetic data says so; the clocks meet through offset_s */
  g_assert_true (json_object_get_boolean_member (root, "simulated"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "duration_s"), 19.999, 0.001);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "events")), ==, 6);
  frames = json_array_get_object_element (json_object_get_array_member (root, "frames"), 0);
  g_assert_cmpstr (json_object_get_string_member (frames, "name"), ==, "coaxial");
  g_assert_cmpint (json_object_get_int_member (frames, "frames"), ==, 100);
  stream = json_array_get_object_element (json_object_get_array_member (root, "streams"), 0);
  g_assert_cmpstr (json_object_get_string_member (stream, "name"), ==, "sensors");
  g_assert_cmpint (json_object_get_int_member (stream, "samples"), ==, 20000);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (stream, "channels")), ==, 4);
}

static void
test_steps_and_events (void)
{
  g_autofree char *out = g_build_filename (tmp_dir, "state.png", NULL);
  g_auto(CliRun) run = { 0 };

  run_cli (&run, "plot", run_path, "-o", out, "--channel", "chamber/state", "--size", "640x480",
           "--title", "Chamber state", NULL);
  if (run.status == -1)
    return;
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  check_png (out, 640, 480);
}

static void
expect_bad (const char *expected,
            ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(CliRun) run = { 0 };
  va_list ap;
  const char *arg;

  va_start (ap, expected);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);

  /* run_cli takes a NULL-terminated list: up to 10 arguments here */
  g_assert_cmpuint (args->len, <=, 10);
  g_ptr_array_set_size (args, 11);
  run_cli (&run, args->pdata[0], args->pdata[1], args->pdata[2], args->pdata[3], args->pdata[4],
           args->pdata[5], args->pdata[6], args->pdata[7], args->pdata[8], args->pdata[9], NULL);
  if (run.status == -1)
    return;
  g_test_message ("stderr: %s", run.err);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, expected));
}

static void
test_bad_input (void)
{
  g_autofree char *out = g_build_filename (tmp_dir, "bad.png", NULL);
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.h5", NULL);

  expect_bad ("missing.h5", "plot", missing, "-o", out, "--channel", "power", NULL);
  expect_bad ("no channel “nope”: the channels are laser/power, laser/state, chamber/state",
              "plot", run_path, "-o", out, "--channel", "nope", NULL);
  expect_bad ("no channel “laser/nope”", "plot", run_path, "-o", out, "--channel", "laser/nope", NULL);
  expect_bad ("several streams have a channel “state”: give one of laser/state, chamber/state",
              "plot", run_path, "-o", out, "--channel", "state", NULL);
  expect_bad ("bad size “80x”", "plot", run_path, "-o", out, "--channel", "power", "--size", "80x", NULL);
  expect_bad ("bad size “10x10”", "plot", run_path, "-o", out, "--channel", "power", "--size", "10x10", NULL);
  expect_bad ("bad time for --from “soon”", "plot", run_path, "-o", out, "--channel", "power",
              "--from", "soon", NULL);
  expect_bad ("bad time window: --from 15 s must come before --to 12 s", "plot", run_path, "-o", out,
              "--channel", "power", "--from", "15", "--to", "12", NULL);
  expect_bad ("holds no sample of laser/power", "plot", run_path, "-o", out, "--channel", "power",
              "--from", "100", "--to", "200", NULL);
  /* one end given: the other is the channel's, and the message says so */
  expect_bad ("bad time window: --from 1000 s is not before the last sample of laser/power, at ",
              "plot", run_path, "-o", out, "--channel", "power", "--from", "1000", NULL);
  expect_bad ("bad time window: --to -5 s is not after the first sample of laser/power, at ",
              "plot", run_path, "-o", out, "--channel", "power", "--to", "-5", NULL);
  expect_bad ("no output file given", "plot", run_path, "--channel", "power", NULL);
  expect_bad ("no channel given", "plot", run_path, "-o", out, NULL);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cache = NULL;
  int status;

  tmp_dir = melt_test_tmpdir_new ();
  cache = g_build_filename (tmp_dir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  g_test_init (&argc, &argv, NULL);
  write_run ();

  g_test_add_func ("/cli/plot/plot", test_plot);
  g_test_add_func ("/cli/plot/foreign-sample", test_foreign_sample);
  g_test_add_func ("/cli/plot/steps-and-events", test_steps_and_events);
  g_test_add_func ("/cli/plot/bad-input", test_bad_input);

  status = g_test_run ();
  melt_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (run_path);
  return status;
}
