/* test-cli-simulate.c: meltline-cli simulate, run as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The program is found through MELTLINE_CLI, the presets through
 * MELTLINE_DATA_DIR (tests/cli/meson.build sets both). The plan is a
 * small one made here and saved with melt_plan_save().
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "melt-plan.h"
#include "melt-process-check.h"
#include "melt-process-derived.h"
#include "melt-recording.h"
#include "melt-test-cli.h"
#include "melt-test-shapes.h"

static char *
preset_path (const char *id)
{
  const char *dir = g_getenv ("MELTLINE_DATA_DIR");
  g_autofree char *name = g_strconcat (id, ".json", NULL);

  return g_build_filename (dir != NULL ? dir : SOURCE_DATA_DIR, "presets", name, NULL);
}

/* Two square layers of 10 mm at the process's speed, saved to @path */
static void
save_plan (const char *process_path,
           const char *path)
{
  g_autoptr(GFile) process_file = g_file_new_for_path (process_path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltProcess) process = melt_process_load (process_file, NULL, &error);
  g_autoptr(MeltToolpath) toolpath = melt_toolpath_new ();
  g_autoptr(MeltPlan) plan = NULL;
  const double corners[5][2] = { { 0, 0 }, { 10, 0 }, { 10, 10 }, { 0, 10 }, { 0, 0 } };
  MeltProcessDerived d;
  double speed, t = 0;

  g_assert_no_error (error);
  g_assert_true (melt_process_evaluate (process, &d, NULL, NULL));
  speed = melt_process_get_double (process, MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S);
  for (guint l = 0; l < 2; l++)
    for (guint c = 0; c < 4; c++)
      {
        MeltSegment s = { 0 };

        s.start[0] = corners[c][0];
        s.start[1] = corners[c][1];
        s.end[0] = corners[c + 1][0];
        s.end[1] = corners[c + 1][1];
        s.start[2] = s.end[2] = (l + 1) * d.layer_height_mm;
        s.kind = MELT_SEGMENT_PERIMETER;
        s.layer = l;
        s.bead = l;
        s.speed_mm_s = speed;
        s.power_w = d.beam_power_w;
        s.wire_feed_mm_s = melt_process_get_double (process, MELT_PROCESS_PARAM_WIRE_FEED_MM_S);
        s.width_mm = d.bead_width_mm;
        s.height_mm = d.bead_height_mm;
        s.area_mm2 = d.bead_area_mm2;
        s.start_time_s = t;
        s.duration_s = 10 / speed;
        s.source_line = MELT_SEGMENT_NO_LINE;
        melt_toolpath_append (toolpath, &s);
        t += s.duration_s;
      }
  plan = melt_plan_new (process, NULL, toolpath, NULL);
  g_assert_true (melt_plan_save (plan, file, NULL, &error));
  g_assert_no_error (error);
}

static char *
sha256_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
test_simulate (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *ti64 = preset_path ("suborbital-laser-wire-ti64");
  g_autofree char *plan_path = g_build_filename (dir, "plan.h5", NULL);
  g_autofree char *run_a = g_build_filename (dir, "a.h5", NULL);
  g_autofree char *run_b = g_build_filename (dir, "b.h5", NULL);
  g_autofree char *sha_a = NULL, *sha_b = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(MeltRecording) recording = NULL;
  g_autoptr(GError) error = NULL;
  const MeltRecordingStream *motion;
  const MeltRecordingFrames *frames;

  save_plan (ti64, plan_path);
  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "simulate", plan_path, "--process", ti64, "--platform", "parabolic",
             "-o", run_a, "--seed", "42", "--camera", "16x8@50", "--max-duration", "3", NULL);
    if (run.status == -1)
      {
        melt_test_tmpdir_remove (dir);
        return;
      }
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "a.h5"));
  }
  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "simulate", plan_path, "--process", ti64, "--platform", "parabolic",
             "-o", run_b, "--seed", "42", "--camera", "16x8@50", "--max-duration", "3", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  sha_a = sha256_of (run_a);
  sha_b = sha256_of (run_b);
  g_assert_cmpstr (sha_a, ==, sha_b);

  file = g_file_new_for_path (run_a);
  recording = melt_recording_open (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (melt_recording_get_simulated (recording));
  g_assert_cmpint (melt_recording_get_platform (recording), ==, MELT_PLATFORM_PARABOLIC);
  g_assert_cmpstr (melt_recording_get_run_id (recording), ==, "sim-laser-wire-parabolic-seed-42");
  motion = melt_recording_lookup_stream (recording, "motion");
  g_assert_nonnull (motion);
  g_assert_cmpfloat_with_epsilon (motion->end_s - motion->start_s, 3.0, 1e-9);
  frames = melt_recording_lookup_frames (recording, "coaxial");
  g_assert_nonnull (frames);
  g_assert_cmpuint (frames->width, ==, 16);
  g_assert_cmpuint (frames->height, ==, 8);
  g_assert_cmpuint (frames->n_frames, ==, 151);
  g_assert_cmpstr (melt_recording_get_phase_at (recording, motion->start_s), ==, MELT_PHASE_MICROGRAVITY);

  melt_test_tmpdir_remove (dir);
}

/* Bad input: exit status 2 and a message naming what is wrong */
static void
test_bad_input (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *ti64 = preset_path ("suborbital-laser-wire-ti64");
  g_autofree char *plan_path = g_build_filename (dir, "plan.h5", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.h5", NULL);
  g_autofree char *out = g_build_filename (dir, "run.h5", NULL);
  struct
  {
    const char *args[12];
    const char *expected;
  } cases[] = {
    { { "simulate", missing, "--process", ti64, "--platform", "ground", "-o", out, NULL },
      "missing.h5" },
    { { "simulate", plan_path, "--process", ti64, "--platform", "moon", "-o", out, NULL },
      "moon" },
    { { "simulate", plan_path, "--process", ti64, "--platform", "ground", "-o", out,
        "--camera", "64x64", NULL },
      "camera" },
    { { "simulate", plan_path, "--process", ti64, "--platform", "ground", "-o", out,
        "--camera", "0x64@200", NULL },
      "camera" },
    { { "simulate", plan_path, "--platform", "ground", "-o", out, NULL }, "--process" },
    { { "simulate", plan_path, "--process", ti64, "-o", out, NULL }, "--platform" },
    { { "simulate", plan_path, "--process", ti64, "--platform", "ground", NULL }, "-o" },
    { { "simulate", plan_path, "--process", ti64, "--platform", "ground", "-o", out,
        "--seed", "abc", NULL },
      "--seed" },
    { { "simulate", NULL }, "plan" },
  };

  save_plan (ti64, plan_path);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(CliRun) run = { 0 };
      const char * const *a = cases[i].args;

      run_cli (&run, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], NULL);
      if (run.status == -1)
        break;
      g_test_message ("%s", run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, cases[i].expected));
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }
  melt_test_tmpdir_remove (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/simulate/run", test_simulate);
  g_test_add_func ("/cli/simulate/bad-input", test_bad_input);

  return g_test_run ();
}
