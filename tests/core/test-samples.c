/* test-samples.c: the bundled recorded runs (data/samples, written by
 * build-aux/make-sample-runs) open, say they are simulated, and hold what a
 * laser-wire and an electron-beam-wire run hold
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "melt-recording.h"

static MeltRecording *
open_sample (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MeltRecording *recording = melt_recording_open (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (recording);
  g_assert_true (melt_recording_verify (recording, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (melt_recording_get_simulated (recording));
  return recording;
}

static void
assert_channel (MeltRecording *recording,
                const char    *stream,
                const char    *channel,
                const char    *units)
{
  const MeltRecordingChannel *c = melt_recording_lookup_channel (recording, stream, channel);

  if (c == NULL)
    g_error ("no channel %s/%s", stream, channel);
  g_assert_cmpstr (c->units, ==, units);
}

static void
test_laser (void)
{
  g_autoptr(MeltRecording) recording = open_sample ("nozzle-laser-suborbital.h5");
  g_autoptr(MeltProcess) process = NULL;
  g_autoptr(GError) error = NULL;
  double width = NAN;
  guint64 index;

  g_assert_cmpint (melt_recording_get_platform (recording), ==, MELT_PLATFORM_SUBORBITAL);
  process = melt_recording_load_process (recording, &error);
  g_assert_no_error (error);
  g_assert_cmpint (melt_process_get_kind (process), ==, MELT_PROCESS_KIND_LASER_WIRE);
  assert_channel (recording, "laser", "power", "W");
  assert_channel (recording, "melt_pool", "width", "mm");
  assert_channel (recording, "flight", "accel_z", "m/s2");
  g_assert_cmpuint (melt_recording_get_n_frames (recording), ==, 1);

  /* printing in microgravity: a melt pool a few millimetres wide */
  g_assert_true (melt_recording_value_at (recording, "melt_pool", "width",
                                          melt_recording_lookup_stream (recording, "melt_pool")->end_s,
                                          &width, &index, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (width, >, 1.0);
  g_assert_cmpfloat (width, <, 10.0);
}

static void
test_ebeam (void)
{
  g_autoptr(MeltRecording) recording = open_sample ("nozzle-ebeam-orbital.h5");
  g_autoptr(MeltProcess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (melt_recording_get_platform (recording), ==, MELT_PLATFORM_ORBITAL);
  process = melt_recording_load_process (recording, &error);
  g_assert_no_error (error);
  g_assert_cmpint (melt_process_get_kind (process), ==, MELT_PROCESS_KIND_EBEAM_WIRE);
  g_assert_nonnull (melt_recording_lookup_stream (recording, "beam"));
  g_assert_nonnull (melt_recording_lookup_stream (recording, "vacuum"));
  assert_channel (recording, "melt_pool", "width", "mm");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/samples/laser", test_laser);
  g_test_add_func ("/core/samples/ebeam", test_ebeam);

  return g_test_run ();
}
