/* test-cli-recording-info.c: meltline-cli recording-info, run as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The run is written here with MeltRecordingWriter: a 1 kHz laser stream of
 * two channels over 2 s, a small camera, three events, the ISS preset.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <hdf5.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "melt-process-preset.h"
#include "melt-recording-writer.h"
#include "melt-test-cli.h"
#include "melt-test-shapes.h"

#define N_SAMPLES 2000

static char *
write_run (const char *dir)
{
  char *path = g_build_filename (dir, "run.h5", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltRecordingWriter) writer = NULL;
  g_autoptr(MeltProcess) process = melt_process_preset_load ("iss-laser-wire-316l", &error);
  g_autofree double *times = g_new (double, N_SAMPLES);
  g_autofree double *power = g_new (double, N_SAMPLES);
  g_autofree double *width = g_new (double, N_SAMPLES);
  const double *values[2] = { power, width };
  guint16 pixels[8 * 8] = { 0 };
  guint stream, frames;

  g_assert_no_error (error);
  writer = melt_recording_writer_new (file, NULL, &error);
  g_assert_no_error (error);
  melt_recording_writer_set_run_id (writer, "test-run-1");
  melt_recording_writer_set_platform (writer, MELT_PLATFORM_ORBITAL);
  melt_recording_writer_set_simulated (writer, TRUE);
  melt_recording_writer_set_process (writer, process);

  g_assert_true (melt_recording_writer_add_stream (writer, "laser", 1000.0, 0, &stream, &error));
  g_assert_true (melt_recording_writer_add_channel (writer, stream, "power", MELT_SAMPLE_FLOAT32, "W",
                                                    "laser power, measured", &error));
  g_assert_true (melt_recording_writer_add_channel (writer, stream, "pool_width", MELT_SAMPLE_FLOAT32, "mm",
                                                    "melt-pool width", &error));
  for (guint i = 0; i < N_SAMPLES; i++)
    {
      times[i] = 10.0 + i * 1e-3;
      power[i] = 1000.0 + (i % 7);
      width[i] = 3.0;
    }
  g_assert_true (melt_recording_writer_append (writer, stream, N_SAMPLES, times, values, &error));
  g_assert_true (melt_recording_writer_add_frames (writer, "coaxial", MELT_SAMPLE_UINT16, 8, 8, "1",
                                                   "coaxial camera", 400.0, 0, &frames, &error));
  for (guint i = 0; i < 5; i++)
    g_assert_true (melt_recording_writer_append_frame (writer, frames, 10.0 + i * 0.0025, pixels, &error));
  g_assert_true (melt_recording_writer_add_event (writer, 10.0, "phase", "microgravity", &error));
  g_assert_true (melt_recording_writer_add_event (writer, 10.5, "layer-start", "layer 1", &error));
  g_assert_true (melt_recording_writer_add_event (writer, 11.0, "command", "power 1100 W", &error));
  g_assert_true (melt_recording_writer_finish (writer, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_json (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = write_run (dir);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(CliRun) run = { 0 };
  JsonObject *o, *stream, *channel, *frames, *process;
  JsonArray *streams, *events;

  run_cli (&run, "recording-info", "--json", path, NULL);
  if (run.status == -1)
    {
      melt_test_tmpdir_remove (dir);
      return;
    }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  o = parse_json (parser, run.out);
  g_assert_cmpstr (json_object_get_string_member (o, "run_id"), ==, "test-run-1");
  g_assert_cmpstr (json_object_get_string_member (o, "platform"), ==, "orbital");
  g_assert_true (json_object_get_boolean_member (o, "simulated"));
  /* from the first sample at 10 s to the last at 11.999 s */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "duration_s"), 1.999, 1e-9);
  process = json_object_get_object_member (o, "process");
  g_assert_cmpstr (json_object_get_string_member (process, "format"), ==, "meltline-process");

  streams = json_object_get_array_member (o, "streams");
  g_assert_cmpuint (json_array_get_length (streams), ==, 1);
  stream = json_array_get_object_element (streams, 0);
  g_assert_cmpstr (json_object_get_string_member (stream, "name"), ==, "laser");
  g_assert_cmpfloat (json_object_get_double_member (stream, "rate_hz"), ==, 1000.0);
  g_assert_cmpint (json_object_get_int_member (stream, "samples"), ==, N_SAMPLES);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (stream, "channels")), ==, 2);
  channel = json_array_get_object_element (json_object_get_array_member (stream, "channels"), 1);
  g_assert_cmpstr (json_object_get_string_member (channel, "name"), ==, "pool_width");
  g_assert_cmpstr (json_object_get_string_member (channel, "units"), ==, "mm");
  g_assert_cmpstr (json_object_get_string_member (channel, "type"), ==, "float32");

  frames = json_array_get_object_element (json_object_get_array_member (o, "frames"), 0);
  g_assert_cmpstr (json_object_get_string_member (frames, "name"), ==, "coaxial");
  g_assert_cmpint (json_object_get_int_member (frames, "frames"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (frames, "width"), ==, 8);

  events = json_object_get_array_member (o, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 2), "text"),
                   ==, "power 1100 W");

  melt_test_tmpdir_remove (dir);
}

static void
test_text (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = write_run (dir);
  g_auto(CliRun) run = { 0 };

  run_cli (&run, "recording-info", path, NULL);
  if (run.status == -1)
    {
      melt_test_tmpdir_remove (dir);
      return;
    }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "test-run-1"));
  g_assert_nonnull (strstr (run.out, "laser"));
  g_assert_nonnull (strstr (run.out, "pool_width"));
  g_assert_nonnull (strstr (run.out, "coaxial"));
  melt_test_tmpdir_remove (dir);
}

/* Not a run: a missing file, a text file, an HDF5 file of another layout,
 * no argument; each exits 2 and says why */
static void
test_bad_input (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *missing = g_build_filename (dir, "missing.h5", NULL);
  g_autofree char *text = melt_test_write_file (dir, "notes.h5", "not HDF5 at all\n", -1);
  g_autofree char *other = g_build_filename (dir, "other.h5", NULL);
  struct { const char *path; const char *expect; } cases[] = {
    { missing, "missing.h5" },
    { text, "not an HDF5 file" },
    { other, "mapping" },
  };

  H5Fclose (H5Fcreate (other, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(CliRun) run = { 0 };

      run_cli (&run, "recording-info", cases[i].path, NULL);
      if (run.status == -1)
        break;
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      if (strstr (run.err, cases[i].expect) == NULL)
        g_error ("“%s”: expected “%s” in: %s", cases[i].path, cases[i].expect, run.err);
    }

  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "recording-info", NULL);
    if (run.status != -1)
      {
        g_assert_cmpint (run.status, ==, 2);
        g_assert_nonnull (strstr (run.err, "recorded run"));
      }
  }
  melt_test_tmpdir_remove (dir);
}

/* An HDF5 file as an h5py script writes it: int64 microseconds, a float32
 * series in a group of its own */
static char *
write_foreign (const char *dir)
{
  char *path = g_build_filename (dir, "foreign.h5", NULL);
  hid_t file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hsize_t n = 5000;
  g_autofree gint64 *t = g_new (gint64, n);
  g_autofree float *y = g_new (float, n);
  hid_t group, space, dataset;

  for (hsize_t i = 0; i < n; i++)
    {
      t[i] = 1000000 + (gint64) i * 250;
      y[i] = 1500.0f + 100.0f * sinf (i * 0.01f);
    }
  group = H5Gcreate2 (file, "/data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  space = H5Screate_simple (1, &n, NULL);
  dataset = H5Dcreate2 (group, "t_us", H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite (dataset, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, t);
  H5Dclose (dataset);
  dataset = H5Dcreate2 (group, "temperature", H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite (dataset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, y);
  H5Dclose (dataset);
  H5Sclose (space);
  H5Gclose (group);
  H5Fclose (file);
  return path;
}

/* Other layouts: recording-info and export-csv through a mapping file, and
 * plot given the time and value datasets */
static void
test_foreign (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = write_foreign (dir);
  g_autofree char *png = g_build_filename (dir, "foreign.png", NULL);
  g_autofree char *mapping = melt_test_write_file (dir, "map.json",
    "{ \"format\": \"meltline-mapping\", \"format_version\": 1,\n"
    "  \"streams\": [ { \"name\": \"pyrometer\",\n"
    "    \"time\": { \"path\": \"/data/t_us\", \"unit\": \"us\" },\n"
    "    \"channels\": [ { \"name\": \"T\", \"path\": \"/data/temperature\", \"units\": \"K\" } ] } ] }\n", -1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o, *stream;

  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "recording-info", "--json", "--mapping", mapping, path, NULL);
    if (run.status == -1)
      {
        melt_test_tmpdir_remove (dir);
        return;
      }
    g_assert_cmpint (run.status, ==, 0);
    o = parse_json (parser, run.out);
    stream = json_array_get_object_element (json_object_get_array_member (o, "streams"), 0);
    g_assert_cmpstr (json_object_get_string_member (stream, "name"), ==, "pyrometer");
    g_assert_cmpint (json_object_get_int_member (stream, "samples"), ==, 5000);
    /* 1 s to 1 s + 4999 × 250 µs */
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "duration_s"), 1.24975, 1e-9);
  }
  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "export-csv", "--mapping", mapping, "--channels", "T", "--to", "1.0005", path, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "time_s,T [K]\n1,1500\n1.00025,"));
  }
  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "plot", path, "--time", "/data/t_us", "--time-unit", "us", "--y", "/data/temperature",
             "-o", png, "--size", "400x300", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  }
  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "plot", path, "--time", "/data/t_us", "-o", png, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--y"));
  }
  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "plot", path, "--time", "/data/t_us", "--time-unit", "minutes", "--y", "/data/temperature",
             "-o", png, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "minutes"));
  }
  melt_test_tmpdir_remove (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/recording-info/json", test_json);
  g_test_add_func ("/cli/recording-info/text", test_text);
  g_test_add_func ("/cli/recording-info/bad-input", test_bad_input);
  g_test_add_func ("/cli/recording-info/foreign", test_foreign);

  return g_test_run ();
}
