/* test-simulator.c: simulated runs (melt-simulator.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plans are made here by hand: square beads one per layer, a dwell
 * and a travel up between layers. The expected melt-pool width is the
 * process model's (MeltProcessDerived), not the simulator's.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "melt-plan.h"
#include "melt-process.h"
#include "melt-process-check.h"
#include "melt-process-derived.h"
#include "melt-recording.h"
#include "melt-simulator.h"
#include "melt-toolpath.h"

static char *tmpdir;

static MeltProcess *
load_preset (const char *id)
{
  const char *dir = g_getenv ("MELTLINE_DATA_DIR");
  g_autofree char *name = g_strconcat (id, ".json", NULL);
  g_autofree char *path = g_build_filename (dir != NULL ? dir : SOURCE_DATA_DIR, "presets", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MeltProcess *process = melt_process_load (file, NULL, &error);

  g_assert_no_error (error);
  return process;
}

/* @n_layers square beads of @side mm at the process's speed, each followed
 * by a dwell of @dwell_s and a travel of 0.5 s up to the next layer */
static MeltPlan *
make_plan (MeltProcess *process,
           guint        n_layers,
           double       side,
           double       dwell_s,
           double      *duration_s)
{
  g_autoptr(MeltToolpath) toolpath = melt_toolpath_new ();
  MeltProcessDerived d;
  const double corners[5][2] = { { 0, 0 }, { 1, 0 }, { 1, 1 }, { 0, 1 }, { 0, 0 } };
  double speed = melt_process_get_double (process, MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S);
  double feed = melt_process_get_double (process, MELT_PROCESS_PARAM_WIRE_FEED_MM_S);
  gboolean laser = melt_process_get_kind (process) == MELT_PROCESS_KIND_LASER_WIRE;
  double t = 0;

  g_assert_true (melt_process_evaluate (process, &d, NULL, NULL));
  for (guint l = 0; l < n_layers; l++)
    {
      float z = (l + 1) * d.layer_height_mm;
      MeltSegment s = { 0 };

      for (guint c = 0; c < 4; c++)
        {
          memset (&s, 0, sizeof s);
          s.start[0] = corners[c][0] * side;
          s.start[1] = corners[c][1] * side;
          s.end[0] = corners[c + 1][0] * side;
          s.end[1] = corners[c + 1][1] * side;
          s.start[2] = s.end[2] = z;
          s.kind = MELT_SEGMENT_PERIMETER;
          s.layer = l;
          s.bead = l;
          s.speed_mm_s = speed;
          s.power_w = d.beam_power_w;
          s.beam_current_ma = laser ? 0 : melt_process_get_double (process, MELT_PROCESS_PARAM_EBEAM_BEAM_CURRENT_MA);
          s.wire_feed_mm_s = feed;
          s.width_mm = d.bead_width_mm;
          s.height_mm = d.bead_height_mm;
          s.area_mm2 = d.bead_area_mm2;
          s.start_time_s = t;
          s.duration_s = side / speed;
          s.source_line = MELT_SEGMENT_NO_LINE;
          melt_toolpath_append (toolpath, &s);
          t += s.duration_s;
        }
      memset (&s, 0, sizeof s);
      s.start[2] = s.end[2] = z;
      s.kind = MELT_SEGMENT_DWELL;
      s.layer = l;
      s.bead = G_MAXUINT32;
      s.start_time_s = t;
      s.duration_s = dwell_s;
      s.source_line = MELT_SEGMENT_NO_LINE;
      melt_toolpath_append (toolpath, &s);
      t += dwell_s;
      if (l + 1 < n_layers)
        {
          s.kind = MELT_SEGMENT_TRAVEL;
          s.end[2] = z + d.layer_height_mm;
          s.speed_mm_s = 2 * d.layer_height_mm;
          s.start_time_s = t;
          s.duration_s = 0.5;
          melt_toolpath_append (toolpath, &s);
          t += 0.5;
        }
    }
  *duration_s = t;
  return melt_plan_new (process, NULL, toolpath, NULL);
}

static char *
simulate (MeltPlan                   *plan,
          MeltProcess                *process,
          const MeltSimulatorOptions *options,
          const char                 *name)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (melt_simulate (plan, process, options, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static MeltRecording *
open_run (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MeltRecording *recording = melt_recording_open (file, NULL, &error);

  g_assert_no_error (error);
  return recording;
}

static gsize
count_events (MeltRecording *recording,
              const char    *kind)
{
  gsize n, count = 0;
  const MeltRecordingEvent *events = melt_recording_get_events (recording, &n);

  for (gsize i = 0; i < n; i++)
    if (strcmp (events[i].kind, kind) == 0)
      count++;
  return count;
}

/* The mean of @channel over [@start_s, @end_s], over samples above @floor */
static double
mean_of (MeltRecording *recording,
         const char    *stream,
         const char    *channel,
         double         start_s,
         double         end_s,
         double         floor)
{
  g_autofree double *times = NULL;
  g_autofree double *values = NULL;
  g_autoptr(GError) error = NULL;
  gsize n, used = 0;
  double sum = 0;

  g_assert_true (melt_recording_read_window (recording, stream, channel, start_s, end_s,
                                             &times, &values, &n, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < n; i++)
    if (values[i] > floor)
      {
        sum += values[i];
        used++;
      }
  g_assert_cmpuint (used, >, 0);
  return sum / used;
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

/* Same seed, same bytes (with a pause between, so that a time stamp in
 * the file would show); another seed, other bytes */
static void
test_reproducible (void)
{
  g_autoptr(MeltProcess) process = load_preset ("suborbital-laser-wire-ti64");
  MeltSimulatorOptions options;
  double duration;
  g_autoptr(MeltPlan) plan = make_plan (process, 2, 10, 2, &duration);
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  g_autofree char *sha_a = NULL, *sha_b = NULL, *sha_c = NULL;

  melt_simulator_options_init (&options);
  options.camera_width = options.camera_height = 16;
  options.seed = 7;
  a = simulate (plan, process, &options, "a.h5");
  g_usleep (1100 * 1000);
  b = simulate (plan, process, &options, "b.h5");
  options.seed = 8;
  c = simulate (plan, process, &options, "c.h5");

  sha_a = file_sha256 (a);
  sha_b = file_sha256 (b);
  sha_c = file_sha256 (c);
  g_assert_cmpstr (sha_a, !=, sha_c);
  /* written more than a second apart: HDF5 would store a modification
   * time in every object header, but the writer turns that off */
  g_assert_cmpstr (sha_a, ==, sha_b);
}

/* Streams, channels, units, root attributes, duration, events, frames;
 * the mean melt-pool width is the process model's Rosenthal width */
static void
test_laser_run (void)
{
  g_autoptr(MeltProcess) process = load_preset ("suborbital-laser-wire-ti64");
  g_autoptr(MeltRecording) recording = NULL;
  g_autoptr(GError) error = NULL;
  MeltSimulatorOptions options;
  MeltProcessDerived d;
  double duration;
  g_autoptr(MeltPlan) plan = make_plan (process, 4, 10, 5, &duration);
  g_autofree char *path = NULL;
  const MeltRecordingStream *motion, *pyrometer;
  const MeltRecordingFrames *frames;
  double width;

  melt_simulator_options_init (&options);
  options.platform = MELT_PLATFORM_SUBORBITAL;
  options.camera_width = 32;
  options.camera_height = 24;
  options.camera_hz = 100;
  path = simulate (plan, process, &options, "laser.h5");
  recording = open_run (path);

  g_assert_true (melt_recording_get_simulated (recording));
  g_assert_cmpint (melt_recording_get_platform (recording), ==, MELT_PLATFORM_SUBORBITAL);
  g_assert_cmpstr (melt_recording_get_run_id (recording), ==, "sim-laser-wire-suborbital-seed-1");
  g_assert_cmpstr (melt_recording_get_material (recording), ==, "Ti-6Al-4V");
  {
    g_autoptr(MeltProcess) back = melt_recording_load_process (recording, &error);

    g_assert_no_error (error);
    g_assert_cmpint (melt_process_get_kind (back), ==, MELT_PROCESS_KIND_LASER_WIRE);
  }

  assert_channel (recording, "motion", "x", "mm");
  assert_channel (recording, "motion", "speed", "mm/s");
  assert_channel (recording, "motion", "layer", "1");
  assert_channel (recording, "motion", "bead", "1");
  assert_channel (recording, "laser", "power_command", "W");
  assert_channel (recording, "laser", "power", "W");
  assert_channel (recording, "wire", "feed", "mm/s");
  assert_channel (recording, "wire", "motor_current", "A");
  assert_channel (recording, "pyrometer", "temperature", "K");
  assert_channel (recording, "melt_pool", "width", "mm");
  assert_channel (recording, "melt_pool", "length", "mm");
  assert_channel (recording, "control", "width_setpoint", "mm");
  assert_channel (recording, "control", "output", "W");
  assert_channel (recording, "chamber", "pressure", "Pa");
  assert_channel (recording, "flight", "accel_z", "m/s2");
  g_assert_null (melt_recording_lookup_stream (recording, "beam"));

  motion = melt_recording_lookup_stream (recording, "motion");
  g_assert_cmpfloat (motion->rate_hz, ==, 1000);
  g_assert_cmpfloat_with_epsilon (motion->end_s - motion->start_s, duration, 1.5e-3);
  pyrometer = melt_recording_lookup_stream (recording, "pyrometer");
  g_assert_cmpfloat_with_epsilon ((double) pyrometer->n_samples, duration * 2000 + 1, 2);
  frames = melt_recording_lookup_frames (recording, "coaxial");
  g_assert_nonnull (frames);
  g_assert_cmpuint (frames->width, ==, 32);
  g_assert_cmpuint (frames->height, ==, 24);
  g_assert_cmpfloat_with_epsilon ((double) frames->n_frames, duration * 100 + 1, 2);

  g_assert_cmpuint (count_events (recording, MELT_EVENT_LAYER_START), ==, 4);
  g_assert_cmpuint (count_events (recording, MELT_EVENT_BEAD_START), ==, 4);
  g_assert_cmpuint (count_events (recording, MELT_EVENT_BEAD_STOP), ==, 4);
  g_assert_cmpuint (count_events (recording, MELT_EVENT_COMMAND), ==, 2);
  /* launch, coast, microgravity, re-entry, ground */
  g_assert_cmpstr (melt_recording_get_phase_at (recording, 10), ==, MELT_PHASE_LAUNCH);
  g_assert_cmpstr (melt_recording_get_phase_at (recording, 50), ==, MELT_PHASE_COAST);
  g_assert_cmpstr (melt_recording_get_phase_at (recording, motion->start_s), ==, MELT_PHASE_MICROGRAVITY);
  g_assert_cmpstr (melt_recording_get_phase_at (recording, 400), ==, MELT_PHASE_REENTRY);
  g_assert_cmpuint (count_events (recording, MELT_EVENT_PHASE), >=, 5);
  {
    double g_micro = mean_of (recording, "flight", "accel_z", 100, 300, -1e9) / MELT_STANDARD_GRAVITY_M_S2;
    double g_boost = mean_of (recording, "flight", "accel_z", 40, 44, -1e9) / MELT_STANDARD_GRAVITY_M_S2;

    g_assert_cmpfloat (fabs (g_micro), <, 1e-3);
    g_assert_cmpfloat (g_boost, >, 3.0);
    g_assert_cmpfloat (g_boost, <, 4.5);
  }

  /* the process model's width at the nominal parameters */
  g_assert_true (melt_process_evaluate (process, &d, NULL, NULL));
  width = mean_of (recording, "melt_pool", "width", motion->start_s, motion->end_s, 0.5 * d.melt_pool_width_mm);
  g_test_message ("mean width %.3f mm, model %.3f mm", width, d.melt_pool_width_mm);
  g_assert_cmpfloat (fabs (width - d.melt_pool_width_mm), <, 0.10 * d.melt_pool_width_mm);
  /* the pyrometer sees the pool above the liquidus while depositing */
  g_assert_cmpfloat (mean_of (recording, "pyrometer", "temperature", motion->start_s + 1,
                              motion->start_s + 7, 0), >, d.effective.liquidus_k);
}

/* Heat builds up layer after layer: open loop the pool widens; closed loop
 * the controller lowers the power to hold the width, and raises it when
 * the ground raises the setpoint */
static void
test_controller (void)
{
  g_autoptr(MeltProcess) process = load_preset ("suborbital-laser-wire-ti64");
  MeltSimulatorOptions options;
  double duration;
  g_autoptr(MeltPlan) plan = make_plan (process, 6, 10, 1, &duration);
  double layer_s = 4 * 10 / 5.0 + 1.5;
  g_autofree char *open_path = NULL, *closed_path = NULL, *step_path = NULL;
  double first, last, before, after;
  MeltSimulatorCommand step = { 4 * layer_s + 2, MELT_SIMULATOR_PARAM_WIDTH_SETPOINT, 1.2 };
  MeltSimulatorCommand more = { 0, MELT_SIMULATOR_PARAM_WIDTH_SETPOINT, 1.6 };

  melt_simulator_options_init (&options);
  options.camera_width = 0;
  options.camera_height = 0;
  options.commands = &step;
  options.n_commands = 0;

  options.closed_loop = FALSE;
  open_path = simulate (plan, process, &options, "open.h5");
  {
    g_autoptr(MeltRecording) r = open_run (open_path);

    first = mean_of (r, "melt_pool", "width", 2, 7, 0.1);
    last = mean_of (r, "melt_pool", "width", 5 * layer_s + 2, 5 * layer_s + 7, 0.1);
    g_test_message ("open loop: width %.3f mm in layer 1, %.3f mm in layer 6", first, last);
    g_assert_cmpfloat (last, >, 1.05 * first);
    g_assert_cmpuint (count_events (r, MELT_EVENT_COMMAND), ==, 0);
  }

  options.closed_loop = TRUE;
  closed_path = simulate (plan, process, &options, "closed.h5");
  {
    g_autoptr(MeltRecording) r = open_run (closed_path);

    first = mean_of (r, "laser", "power", 2, 7, 10);
    last = mean_of (r, "laser", "power", 5 * layer_s + 2, 5 * layer_s + 7, 10);
    g_test_message ("closed loop: power %.1f W in layer 1, %.1f W in layer 6", first, last);
    g_assert_cmpfloat (last, <, 0.97 * first);
  }

  options.n_commands = 1;
  step_path = simulate (plan, process, &options, "step.h5");
  {
    g_autoptr(MeltRecording) r = open_run (step_path);
    double set_before = mean_of (r, "control", "width_setpoint", step.time_s - 1, step.time_s - 0.01, 0);
    double set_after = mean_of (r, "control", "width_setpoint", step.time_s + 0.01, step.time_s + 1, 0);

    before = mean_of (r, "laser", "power", step.time_s - 1.5, step.time_s, 10);
    after = mean_of (r, "laser", "power", step.time_s + 3, step.time_s + 4.5, 10);
    g_test_message ("setpoint %.3f -> %.3f mm: power %.1f -> %.1f W", set_before, set_after, before, after);
    g_assert_cmpfloat_with_epsilon (set_after / set_before, 1.2, 1e-3);
    g_assert_cmpfloat (after, >, 1.1 * before);
    g_assert_cmpuint (count_events (r, MELT_EVENT_COMMAND), ==, 1);
  }

  /* a much wider pool needs a heat input the porosity rule flags */
  more.time_s = 2;
  options.commands = &more;
  g_free (step_path);
  step_path = simulate (plan, process, &options, "porosity.h5");
  {
    g_autoptr(MeltRecording) r = open_run (step_path);

    g_assert_cmpuint (count_events (r, MELT_EVENT_POROSITY_RISK), >=, 1);
  }
  {
    g_autoptr(MeltRecording) r = open_run (closed_path);

    g_assert_cmpuint (count_events (r, MELT_EVENT_POROSITY_RISK), ==, 0);
  }
}

/* --max-duration: the print is cut */
static void
test_max_duration (void)
{
  g_autoptr(MeltProcess) process = load_preset ("iss-laser-wire-316l");
  MeltSimulatorOptions options;
  double duration;
  g_autoptr(MeltPlan) plan = make_plan (process, 3, 10, 2, &duration);
  g_autofree char *path = NULL;
  g_autoptr(MeltRecording) r = NULL;
  const MeltRecordingStream *motion, *flight;

  melt_simulator_options_init (&options);
  options.platform = MELT_PLATFORM_ORBITAL;
  options.max_duration_s = 3.0;
  path = simulate (plan, process, &options, "short.h5");
  r = open_run (path);
  motion = melt_recording_lookup_stream (r, "motion");
  flight = melt_recording_lookup_stream (r, "flight");
  g_assert_cmpfloat_with_epsilon (motion->end_s - motion->start_s, 3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (flight->end_s, 3.0, 1e-9);
  g_assert_cmpstr (melt_recording_get_phase_at (r, 1.0), ==, MELT_PHASE_MICROGRAVITY);
  g_assert_cmpfloat (fabs (mean_of (r, "flight", "accel_z", 0, 3, -1e9)), <, 1e-3 * MELT_STANDARD_GRAVITY_M_S2);
}

static gsize
ebeam_discharges (double       helium_sccm,
                  const char  *name,
                  gsize       *charging)
{
  g_autoptr(MeltProcess) process = load_preset ("ebeam-wire-ti64-helium");
  MeltSimulatorOptions options;
  MeltSimulatorCommand none = { 0 };
  double duration;
  g_autoptr(MeltPlan) plan = NULL;
  g_autofree char *path = NULL;
  g_autoptr(MeltRecording) r = NULL;

  melt_process_set_double (process, MELT_PROCESS_PARAM_EBEAM_HELIUM_FLOW_SCCM, helium_sccm);
  plan = make_plan (process, 6, 20, 1, &duration);
  melt_simulator_options_init (&options);
  options.platform = MELT_PLATFORM_ORBITAL;
  options.camera_width = options.camera_height = 0;
  options.commands = &none;
  options.n_commands = 0;
  path = simulate (plan, process, &options, name);
  r = open_run (path);

  assert_channel (r, "beam", "voltage", "kV");
  assert_channel (r, "beam", "current_command", "mA");
  assert_channel (r, "beam", "current", "mA");
  assert_channel (r, "beam", "focus_current", "mA");
  assert_channel (r, "vacuum", "helium_flow", "sccm");
  assert_channel (r, "vacuum", "pressure", "Pa");
  assert_channel (r, "stability", "oscillation", "mA");
  assert_channel (r, "control", "output", "mA");
  g_assert_null (melt_recording_lookup_stream (r, "laser"));
  g_assert_null (melt_recording_lookup_frames (r, "coaxial"));
  *charging = count_events (r, "charging");
  return count_events (r, MELT_EVENT_DISCHARGE);
}

static void
test_ebeam_helium (void)
{
  gsize charging_off, charging_on;
  gsize off = ebeam_discharges (0.0, "he-off.h5", &charging_off);
  gsize on = ebeam_discharges (5.0, "he-on.h5", &charging_on);

  g_test_message ("discharges: %" G_GSIZE_FORMAT " without helium, %" G_GSIZE_FORMAT " with 5 sccm",
                  off, on);
  g_assert_cmpuint (off, >=, 3);
  g_assert_cmpuint (on, <=, 1);
  g_assert_cmpuint (charging_off, >=, 1);
  g_assert_cmpuint (charging_on, ==, 0);
}

static void
test_camera_spec (void)
{
  MeltSimulatorOptions options;
  g_autoptr(GError) error = NULL;

  melt_simulator_options_init (&options);
  g_assert_true (melt_simulator_parse_camera ("128x96@400", &options, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (options.camera_width, ==, 128);
  g_assert_cmpuint (options.camera_height, ==, 96);
  g_assert_cmpfloat (options.camera_hz, ==, 400);
  g_assert_true (melt_simulator_parse_camera ("none", &options, &error));
  g_assert_cmpuint (options.camera_width, ==, 0);
  for (guint i = 0; i < 5; i++)
    {
      const char *bad[] = { "64x64", "64@200", "x64@200", "0x64@200", "64x64@0" };

      g_assert_false (melt_simulator_parse_camera (bad[i], &options, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
}

/* Options the simulator refuses, each with its own message */
static void
test_bad_options (void)
{
  g_autoptr(MeltProcess) process = load_preset ("suborbital-laser-wire-ti64");
  double duration;
  g_autoptr(MeltPlan) plan = make_plan (process, 2, 10, 2, &duration);
  g_autofree char *path = g_build_filename (tmpdir, "never.h5", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  struct { double hz; guint width, height; double max_s; const char *says; } cases[] = {
    { 0, 16, 16, 0, "a camera rate of 0 Hz, expected more than 0 and at most" },
    { 1e9, 16, 16, 0, "a camera rate of 1e+09 Hz" },
    { 100, 16, 0, 0, "camera frames of 16 × 0 pixels, expected both sizes" },
    { 100, 16, 16, -1, "a maximum duration of -1 s, expected 0 (no limit) or more" },
    { 100, 16, 16, NAN, "a maximum duration of nan s" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MeltSimulatorOptions options;
      g_autoptr(GError) error = NULL;

      melt_simulator_options_init (&options);
      options.camera_hz = cases[i].hz;
      options.camera_width = cases[i].width;
      options.camera_height = cases[i].height;
      options.max_duration_s = cases[i].max_s;
      g_assert_false (melt_simulate (plan, process, &options, file, NULL, NULL, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].says));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("test-simulator-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/core/simulator/camera-spec", test_camera_spec);
  g_test_add_func ("/core/simulator/bad-options", test_bad_options);
  g_test_add_func ("/core/simulator/reproducible", test_reproducible);
  g_test_add_func ("/core/simulator/laser-run", test_laser_run);
  g_test_add_func ("/core/simulator/controller", test_controller);
  g_test_add_func ("/core/simulator/max-duration", test_max_duration);
  g_test_add_func ("/core/simulator/ebeam-helium", test_ebeam_helium);

  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmpdir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (tmpdir);
    g_free (tmpdir);
  }
  return status;
}
