/* test-gcode.c: G-code export and import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected figures come from geometry written out here (circle lengths,
 * inch conversions) and, for PrusaSlicer's output, from a small parser in
 * this file that is independent of the importer.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "melt-gcode-reader.h"
#include "melt-gcode-writer.h"
#include "melt-process.h"
#include "melt-test-shapes.h"
#include "melt-toolpath.h"

#define assert_close(value, expected, tol)                                         \
  G_STMT_START {                                                                   \
    double v_ = (value), e_ = (expected);                                          \
    if (!(fabs (v_ - e_) <= (tol)))                                                \
      g_error ("%s = %.9g, expected %.9g within %.2g", #value, v_, e_, (double) (tol)); \
  } G_STMT_END

static MeltGCodeReader *
read_text (const char *text)
{
  g_autoptr(MeltGCodeReader) reader = melt_gcode_reader_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (melt_gcode_reader_load_data (reader, text, strlen (text), "test.gcode",
                                              NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&reader);
}

static guint
n_warnings (MeltGCodeReader *reader)
{
  MeltGCodeInfo info;

  melt_gcode_reader_get_info (reader, &info);
  return info.n_warnings;
}

static void
assert_warning_at (MeltGCodeReader *reader,
                   guint            line)
{
  guint n;
  const MeltGCodeWarning *w = melt_gcode_reader_get_warnings (reader, &n);

  for (guint i = 0; i < n; i++)
    if (w[i].line == line)
      {
        g_assert_nonnull (w[i].message);
        g_assert_cmpuint (strlen (w[i].message), >, 0);
        return;
      }
  g_error ("no warning on line %u", line);
}

static void
assert_segment (MeltToolpath    *path,
                guint            i,
                MeltSegmentKind  kind,
                double           x0,
                double           y0,
                double           z0,
                double           x1,
                double           y1,
                double           z1)
{
  MeltSegment s;

  g_assert_cmpuint (i, <, melt_toolpath_get_n_segments (path));
  melt_toolpath_get_segment (path, i, &s);
  g_assert_cmpint (s.kind, ==, kind);
  assert_close (s.start[0], x0, 1e-4);
  assert_close (s.start[1], y0, 1e-4);
  assert_close (s.start[2], z0, 1e-4);
  assert_close (s.end[0], x1, 1e-4);
  assert_close (s.end[1], y1, 1e-4);
  assert_close (s.end[2], z1, 1e-4);
}

/* Export then import */

static void
add (MeltToolpath    *path,
     MeltSegmentKind  kind,
     guint            layer,
     guint32          bead,
     const double    *from,
     const double    *to,
     double           speed,
     double           power,
     double           current,
     double           feed,
     double          *clock,
     double           dwell)
{
  MeltSegment s = { 0 };
  double length = sqrt ((to[0] - from[0]) * (to[0] - from[0]) + (to[1] - from[1]) * (to[1] - from[1])
                        + (to[2] - from[2]) * (to[2] - from[2]));

  for (int k = 0; k < 3; k++)
    {
      s.start[k] = from[k];
      s.end[k] = to[k];
    }
  s.kind = kind;
  s.layer = layer;
  s.bead = bead;
  s.speed_mm_s = kind == MELT_SEGMENT_DWELL ? 0 : speed;
  if (melt_segment_kind_deposits (kind))
    {
      s.power_w = power;
      s.beam_current_ma = current;
      s.wire_feed_mm_s = feed;
      s.width_mm = 3.1 + 0.01 * layer;
      s.height_mm = 1.05;
      s.area_mm2 = 2.5 + 0.1 * (bead % 3);
    }
  s.start_time_s = *clock;
  s.duration_s = kind == MELT_SEGMENT_DWELL ? dwell : length / speed;
  s.source_line = MELT_SEGMENT_NO_LINE;
  *clock += s.duration_s;
  melt_toolpath_append (path, &s);
}

/* A plan like the planner's: per layer, a dwell, a perimeter bead of odd
 * coordinates around a polygon, a travel, and zigzag fill beads. */
static MeltToolpath *
synthetic_plan (gboolean ebeam)
{
  MeltToolpath *path = melt_toolpath_new ();
  double clock = 0;
  double pos[3] = { 1.23456, -7.65432, 0.0 };
  guint32 bead = 0;
  GRand *rand = g_rand_new_with_seed (42);

  for (guint layer = 0; layer < 6; layer++)
    {
      double z = 1.05 * (layer + 1) + 0.00004;
      double to[3];
      double power = 1500 + 10 * layer;
      double current = ebeam ? 25 + 0.3 * layer : 0;

      if (ebeam)
        power = current * 60;

      /* up to the layer */
      to[0] = pos[0]; to[1] = pos[1]; to[2] = z;
      add (path, MELT_SEGMENT_TRAVEL, layer, G_MAXUINT32, pos, to, 50, 0, 0, 0, &clock, 0);
      memcpy (pos, to, sizeof pos);
      if (layer > 0)
        {
          add (path, MELT_SEGMENT_DWELL, layer, G_MAXUINT32, pos, pos, 0, 0, 0, 0, &clock, 12.5 + layer);
        }

      /* perimeter: a 17-gon */
      for (guint k = 1; k <= 17; k++)
        {
          double a = 2 * G_PI * k / 17;

          to[0] = 1.23456 + 20 * cos (a) - 20;
          to[1] = -7.65432 + 20.0001 * sin (a);
          to[2] = z;
          if (k == 17)
            {
              to[0] = 1.23456;
              to[1] = -7.65432;
            }
          add (path, MELT_SEGMENT_PERIMETER, layer, bead, pos, to, 5 + 0.25 * layer, power, current,
               16.6667, &clock, 0);
          memcpy (pos, to, sizeof pos);
        }
      bead++;

      /* fill: zigzag rows, two beads, the second starting right where the
       * first ended (the beam restarts there) */
      for (guint b = 0; b < 2; b++)
        {
          for (guint row = 0; row < 8; row++)
            {
              to[0] = pos[0] + (row % 2 == 0 ? 1 : -1) * (15 + g_rand_double (rand));
              to[1] = pos[1];
              to[2] = z;
              add (path, MELT_SEGMENT_FILL, layer, bead, pos, to, 6, power * 0.9, current * 0.9, 14.25,
                   &clock, 0);
              memcpy (pos, to, sizeof pos);
              to[1] = pos[1] + 2.345678;
              add (path, MELT_SEGMENT_FILL, layer, bead, pos, to, 6, power * 0.9, current * 0.9, 14.25,
                   &clock, 0);
              memcpy (pos, to, sizeof pos);
            }
          bead++;
        }

      /* back to the start */
      to[0] = 1.23456; to[1] = -7.65432; to[2] = z;
      add (path, MELT_SEGMENT_TRAVEL, layer, G_MAXUINT32, pos, to, 80, 0, 0, 0, &clock, 0);
      memcpy (pos, to, sizeof pos);
    }

  g_rand_free (rand);
  return path;
}

static void
check_round_trip (MeltProcessKind kind)
{
  g_autoptr(MeltProcess) process = melt_process_new (kind);
  g_autoptr(MeltToolpath) plan = synthetic_plan (kind == MELT_PROCESS_KIND_EBEAM_WIRE);
  g_autoptr(MeltGCodeReader) reader = melt_gcode_reader_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  MeltToolpath *back;
  MeltToolpathStats a, b;
  MeltGCodeInfo info;
  gsize len;
  const char *text;
  guint n;

  if (kind == MELT_PROCESS_KIND_EBEAM_WIRE)
    melt_process_set_double (process, MELT_PROCESS_PARAM_EBEAM_ACCEL_VOLTAGE_KV, 60);

  bytes = melt_gcode_write_bytes (plan, process);
  text = g_bytes_get_data (bytes, &len);
  g_assert_nonnull (strstr (text, "G21"));
  g_assert_nonnull (strstr (text, "G90"));
  g_assert_nonnull (strstr (text, ";LAYER:5\n"));
  g_assert_nonnull (strstr (text, ";TYPE:PERIMETER\n"));
  g_assert_nonnull (strstr (text, "M100 S"));
  if (kind == MELT_PROCESS_KIND_EBEAM_WIRE)
    {
      g_assert_nonnull (strstr (text, "M730 S60"));
      g_assert_nonnull (strstr (text, "M732 S"));
      g_assert_null (strstr (text, "M3 S"));
    }
  else
    g_assert_nonnull (strstr (text, "M3 S1500\n"));

  g_assert_true (melt_gcode_reader_load_data (reader, text, len, "plan.gcode", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_warnings (reader), ==, 0);
  melt_gcode_reader_get_info (reader, &info);
  g_assert_cmpint (info.flavor, ==, MELT_GCODE_FLAVOR_MELTLINE);

  back = melt_gcode_reader_get_toolpath (reader);
  /* The first travel starts from where the machine was: it is not a segment */
  n = melt_toolpath_get_n_segments (plan);
  g_assert_cmpuint (melt_toolpath_get_n_segments (back), ==, n);
  g_assert_cmpuint (melt_toolpath_get_n_layers (back), ==, 6);

  for (guint i = 0; i < n; i++)
    {
      MeltSegment s, t;

      melt_toolpath_get_segment (plan, i, &s);
      melt_toolpath_get_segment (back, i, &t);
      for (int k = 0; k < 3; k++)
        {
          assert_close (t.start[k], s.start[k], 1e-3);
          assert_close (t.end[k], s.end[k], 1e-3);
        }
      g_assert_cmpint (t.kind, ==, s.kind);
      g_assert_cmpuint (t.layer, ==, s.layer);
      g_assert_cmpuint (t.bead, ==, s.bead);
      g_assert_cmpuint (t.source_line, !=, MELT_SEGMENT_NO_LINE);
      assert_close (t.duration_s, s.duration_s, 1e-3 * s.duration_s + 1e-6);
      if (s.kind != MELT_SEGMENT_DWELL)
        assert_close (t.speed_mm_s, s.speed_mm_s, 1e-4);
      assert_close (t.power_w, s.power_w, 1e-2);
      assert_close (t.beam_current_ma, s.beam_current_ma, 1e-4);
      assert_close (t.wire_feed_mm_s, s.wire_feed_mm_s, 1e-4);
      assert_close (t.width_mm, s.width_mm, 1e-4);
      assert_close (t.height_mm, s.height_mm, 1e-4);
      assert_close (t.area_mm2, s.area_mm2, 1e-4);
    }

  melt_toolpath_compute_stats (plan, 1.0, &a);
  melt_toolpath_compute_stats (back, 1.0, &b);
  g_assert_cmpuint (a.beam_starts, ==, b.beam_starts);
  g_assert_cmpuint (a.beam_starts, ==, 18);
  assert_close (b.path_length_mm, a.path_length_mm, 1e-2);
  assert_close (b.energy_j, a.energy_j, 1e-3 * a.energy_j);
  assert_close (info.extrusion_length_mm, a.path_length_mm, 1e-2);
  assert_close (info.travel_length_mm, a.travel_length_mm, 1e-2);
  assert_close (info.estimated_time_s, a.total_time_s, 1e-3 * a.total_time_s);
}

static void
test_round_trip_laser (void)
{
  check_round_trip (MELT_PROCESS_KIND_LASER_WIRE);
}

static void
test_round_trip_ebeam (void)
{
  check_round_trip (MELT_PROCESS_KIND_EBEAM_WIRE);
}

static void
test_write_file (void)
{
  g_autoptr(MeltProcess) process = melt_process_new (MELT_PROCESS_KIND_LASER_WIRE);
  g_autoptr(MeltToolpath) plan = synthetic_plan (FALSE);
  g_autoptr(MeltGCodeReader) reader = melt_gcode_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "plan.gcode", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = NULL;
  g_autofree char *missing_path = g_build_filename (dir, "none.gcode", NULL);

  g_assert_true (melt_gcode_write_file (plan, process, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (melt_gcode_reader_load_file (reader, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (melt_toolpath_get_n_segments (melt_gcode_reader_get_toolpath (reader)), ==,
                    melt_toolpath_get_n_segments (plan));

  missing = g_file_new_for_path (missing_path);
  g_assert_false (melt_gcode_reader_load_file (reader, missing, NULL, &error));
  g_assert_error (error, MELT_GCODE_ERROR, MELT_GCODE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "none.gcode"));

  melt_test_tmpdir_remove (dir);
}

/* Arcs */

static void
test_arcs (void)
{
  g_autoptr(MeltGCodeReader) reader = NULL;
  MeltToolpath *path;
  MeltGCodeInfo info;
  const double r = 10;
  guint n;

  /* A full circle, clockwise, centre at I-10 J0 from (10, 0) */
  reader = read_text ("G21\nG90\nM83\nG0 X10 Y0 Z0.2 F3000\nG2 X10 Y0 I-10 J0 E5 F600\n");
  g_assert_cmpuint (n_warnings (reader), ==, 0);
  melt_gcode_reader_get_info (reader, &info);
  path = melt_gcode_reader_get_toolpath (reader);
  n = melt_toolpath_get_n_segments (path);
  g_assert_cmpuint (n, >=, 50);
  /* Chords are shorter than the arc by less than the tolerance allows */
  g_assert_cmpfloat (info.extrusion_length_mm, <=, 2 * G_PI * r);
  assert_close (info.extrusion_length_mm, 2 * G_PI * r, 2 * G_PI * MELT_GCODE_DEFAULT_CHORD_TOLERANCE_MM);
  assert_close (info.filament_mm, 5, 1e-9);
  for (guint i = 0; i < n; i++)
    {
      MeltSegment s;
      double mx, my;

      melt_toolpath_get_segment (path, i, &s);
      g_assert_cmpint (s.kind, ==, MELT_SEGMENT_FILL);
      g_assert_cmpuint (s.source_line, ==, 5);
      assert_close (hypot (s.end[0], s.end[1]), r, 1e-4);
      /* the sagitta: the chord's middle is within the tolerance of the arc */
      mx = (s.start[0] + s.end[0]) / 2;
      my = (s.start[1] + s.end[1]) / 2;
      g_assert_cmpfloat (r - hypot (mx, my), <=, MELT_GCODE_DEFAULT_CHORD_TOLERANCE_MM + 1e-6);
    }
  /* Clockwise: from (10, 0) the path goes down to negative y first */
  {
    MeltSegment s;

    melt_toolpath_get_segment (path, 0, &s);
    g_assert_cmpfloat (s.end[1], <, 0);
  }
  g_clear_object (&reader);

  /* A quarter, counter-clockwise, by radius: (10, 0) to (0, 10) about the
   * origin; then a G3 with R negative, the long way (270°) */
  reader = read_text ("G90\nM83\nG0 X10 Y0\nG3 X0 Y10 R10 E1\nG0 X10 Y0\nG3 X0 Y10 R-10 E1\n");
  g_assert_cmpuint (n_warnings (reader), ==, 0);
  melt_gcode_reader_get_info (reader, &info);
  assert_close (info.extrusion_length_mm, 0.25 * 2 * G_PI * r + 0.75 * 2 * G_PI * r, 0.02);
  path = melt_gcode_reader_get_toolpath (reader);
  {
    MeltSegment s;
    guint mid = 0;

    /* the quarter stays in the first quadrant */
    for (guint i = 0; i < melt_toolpath_get_n_segments (path); i++)
      {
        melt_toolpath_get_segment (path, i, &s);
        if (s.source_line != 4)
          break;
        g_assert_cmpfloat (s.end[0], >=, -1e-4);
        g_assert_cmpfloat (s.end[1], >=, -1e-4);
        assert_close (hypot (s.end[0], s.end[1]), r, 1e-4);
        mid++;
      }
    g_assert_cmpuint (mid, >, 10);
  }
  g_clear_object (&reader);

  /* A helix: z rises along the arc */
  reader = read_text ("G0 X5 Y0 Z0\nG3 X5 Y0 Z2 I-5 J0 E1\n");
  path = melt_gcode_reader_get_toolpath (reader);
  {
    MeltSegment s;

    melt_toolpath_get_segment (path, melt_toolpath_get_n_segments (path) / 2, &s);
    assert_close (s.start[2], 1, 0.05);
    melt_toolpath_get_segment (path, melt_toolpath_get_n_segments (path) - 1, &s);
    assert_close (s.end[2], 2, 1e-6);
  }
}

/* Modes */

static void
test_relative (void)
{
  g_autoptr(MeltGCodeReader) reader = read_text (
    "G21\n"
    "G90\n"
    "G0 X1 Y2 Z3\n"
    "G91\n"
    "G1 X10 E1\n"
    "G1 Y5 Z0.5 E1\n"
    "G0 X-3\n"
    "G90\n"
    "G0 X0 Y0\n");
  MeltToolpath *path = melt_gcode_reader_get_toolpath (reader);

  g_assert_cmpuint (n_warnings (reader), ==, 0);
  g_assert_cmpuint (melt_toolpath_get_n_segments (path), ==, 4);
  assert_segment (path, 0, MELT_SEGMENT_FILL, 1, 2, 3, 11, 2, 3);
  assert_segment (path, 1, MELT_SEGMENT_FILL, 11, 2, 3, 11, 7, 3.5);
  assert_segment (path, 2, MELT_SEGMENT_TRAVEL, 11, 7, 3.5, 8, 7, 3.5);
  assert_segment (path, 3, MELT_SEGMENT_TRAVEL, 8, 7, 3.5, 0, 0, 3.5);
}

static void
test_inches (void)
{
  g_autoptr(MeltGCodeReader) reader = read_text (
    "G20 ; inches\n"
    "G90\n"
    "G0 X0 Y0 Z0\n"
    "G1 X1 Y0.5 E0.1 F60\n"
    "G21\n"
    "G1 X30 E3\n");
  MeltToolpath *path = melt_gcode_reader_get_toolpath (reader);
  MeltSegment s;

  g_assert_cmpuint (n_warnings (reader), ==, 0);
  g_assert_cmpuint (melt_toolpath_get_n_segments (path), ==, 2);
  assert_segment (path, 0, MELT_SEGMENT_FILL, 0, 0, 0, 25.4, 12.7, 0);
  melt_toolpath_get_segment (path, 0, &s);
  /* F60 in/min = 25.4 mm/s */
  assert_close (s.speed_mm_s, 25.4, 1e-4);
  assert_segment (path, 1, MELT_SEGMENT_FILL, 25.4, 12.7, 0, 30, 12.7, 0);
}

static void
test_set_position (void)
{
  g_autoptr(MeltGCodeReader) reader = read_text (
    "G90\n"
    "M82\n"
    "G0 X10 Y10 Z1\n"
    "G92 X0 Y0\n"
    "G1 X5 E2\n"
    "G92 E0\n"
    "G1 X8 E1\n"
    "G92 Z10\n"
    "G0 Z12\n");
  MeltToolpath *path = melt_gcode_reader_get_toolpath (reader);
  MeltGCodeInfo info;

  g_assert_cmpuint (n_warnings (reader), ==, 0);
  g_assert_cmpuint (melt_toolpath_get_n_segments (path), ==, 3);
  assert_segment (path, 0, MELT_SEGMENT_FILL, 0, 0, 1, 5, 0, 1);
  /* E was set to 0, so E1 advances by 1: still deposition */
  assert_segment (path, 1, MELT_SEGMENT_FILL, 5, 0, 1, 8, 0, 1);
  assert_segment (path, 2, MELT_SEGMENT_TRAVEL, 8, 0, 10, 8, 0, 12);
  melt_gcode_reader_get_info (reader, &info);
  assert_close (info.filament_mm, 3, 1e-9);
}

static void
check_extrusion_modes (const char *text)
{
  g_autoptr(MeltGCodeReader) reader = read_text (text);
  MeltToolpath *path = melt_gcode_reader_get_toolpath (reader);
  MeltGCodeInfo info;
  MeltToolpathStats stats;

  g_assert_cmpuint (n_warnings (reader), ==, 0);
  melt_gcode_reader_get_info (reader, &info);
  /* deposit 10, retract, travel 10, wipe (moves while retracting), unretract,
   * deposit 10 */
  g_assert_cmpuint (melt_toolpath_get_n_segments (path), ==, 4);
  assert_segment (path, 0, MELT_SEGMENT_FILL, 0, 0, 0.2, 10, 0, 0.2);
  assert_segment (path, 1, MELT_SEGMENT_TRAVEL, 10, 0, 0.2, 20, 0, 0.2);
  assert_segment (path, 2, MELT_SEGMENT_TRAVEL, 20, 0, 0.2, 20, 5, 0.2);
  assert_segment (path, 3, MELT_SEGMENT_FILL, 20, 5, 0.2, 30, 5, 0.2);
  assert_close (info.extrusion_length_mm, 20, 1e-9);
  assert_close (info.travel_length_mm, 15, 1e-9);
  assert_close (info.filament_mm, 2, 1e-9);
  melt_toolpath_compute_stats (path, 1.75, &stats);
  g_assert_cmpuint (stats.beam_starts, ==, 2);
  /* filament feed: 1 mm over 10 mm at 10 mm/s */
  assert_close (melt_toolpath_get_wire_feeds (path)[0], 1, 1e-6);
}

static void
test_extrusion_modes (void)
{
  check_extrusion_modes ("G90\nM83\nG0 X0 Y0 Z0.2 F600\n"
                         "G1 X10 E1\nG1 E-0.8\nG0 X20\nG1 Y5 E-0.1\nG1 E0.9\nG1 X30 E1\n");
  check_extrusion_modes ("G90\nM82\nG92 E0\nG0 X0 Y0 Z0.2 F600\n"
                         "G1 X10 E1\nG1 E0.2\nG0 X20\nG1 Y5 E0.1\nG1 E1\nG1 X30 E2\n");
  /* G91 makes E relative too */
  check_extrusion_modes ("G90\nG0 X0 Y0 Z0.2 F600\nG91\n"
                         "G1 X10 E1\nG1 E-0.8\nG0 X10\nG1 Y5 E-0.1\nG1 E0.9\nG1 X10 E1\n");
}

static void
test_laser_wire_codes (void)
{
  g_autoptr(MeltGCodeReader) reader = read_text (
    "G21 G90\n"
    "G0 X0 Y0 Z1 F600\n"
    "M3 S1200\n"
    "M100 S15\n"
    "G1 X10 F300\n"
    "M101\n"
    "G1 X20\n"
    "M100 S12\n"
    "G1 X30\n"
    "M5\n"
    "G1 X40\n"
    "M4 S900\n"
    "G1 X50\n"
    "M5\n"
    "G0 X0\n");
  MeltToolpath *path = melt_gcode_reader_get_toolpath (reader);
  MeltSegment s;

  g_assert_cmpuint (n_warnings (reader), ==, 0);
  g_assert_cmpuint (melt_toolpath_get_n_segments (path), ==, 6);
  melt_toolpath_get_segment (path, 0, &s);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_FILL);
  g_assert_cmpfloat (s.power_w, ==, 1200);
  g_assert_cmpfloat (s.wire_feed_mm_s, ==, 15);
  assert_close (s.speed_mm_s, 5, 1e-9);
  assert_close (s.duration_s, 2, 1e-6);
  /* wire off: the beam alone does not deposit */
  melt_toolpath_get_segment (path, 1, &s);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_TRAVEL);
  melt_toolpath_get_segment (path, 2, &s);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_FILL);
  g_assert_cmpfloat (s.wire_feed_mm_s, ==, 12);
  g_assert_cmpuint (s.bead, ==, 1);
  melt_toolpath_get_segment (path, 3, &s);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_TRAVEL);
  melt_toolpath_get_segment (path, 4, &s);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_FILL);
  g_assert_cmpfloat (s.power_w, ==, 900);
  g_assert_cmpuint (s.bead, ==, 2);
  melt_toolpath_get_segment (path, 5, &s);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_TRAVEL);
  g_clear_object (&reader);

  /* A laser with no wire codes at all (powder, or a cutting file): the
   * beam alone deposits; electron beam: power = kV × mA */
  reader = read_text ("G0 X0 Y0\nM3 S500\nG1 X10 F600\nM5\nM730 S50\nM732 S20\nM100 S9\nG1 X20\nM733\n");
  path = melt_gcode_reader_get_toolpath (reader);
  g_assert_cmpuint (n_warnings (reader), ==, 0);
  melt_toolpath_get_segment (path, 0, &s);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_FILL);
  g_assert_cmpfloat (s.power_w, ==, 500);
  melt_toolpath_get_segment (path, 1, &s);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_FILL);
  g_assert_cmpfloat (s.power_w, ==, 1000);
  g_assert_cmpfloat (s.beam_current_ma, ==, 20);
}

static void
test_dwell_and_time (void)
{
  g_autoptr(MeltGCodeReader) reader = read_text (
    "G0 X0 Y0 Z0\nG0 X30 F1800\nG4 P1500\nG4 S2\nG1 X60 E1 F600\n");
  MeltGCodeInfo info;
  MeltToolpath *path = melt_gcode_reader_get_toolpath (reader);

  melt_gcode_reader_get_info (reader, &info);
  g_assert_cmpuint (melt_toolpath_get_n_segments (path), ==, 4);
  g_assert_cmpuint (melt_toolpath_get_kinds (path)[1], ==, MELT_SEGMENT_DWELL);
  /* 30 mm at 30 mm/s + 1.5 s + 2 s + 30 mm at 10 mm/s */
  assert_close (info.estimated_time_s, 1 + 1.5 + 2 + 3, 1e-6);
  g_assert_cmpuint (info.n_moves, ==, 3);
}

/* Other tools' comments */

static void
test_prusa_comments (void)
{
  g_autoptr(MeltGCodeReader) reader = read_text (
    "; generated by PrusaSlicer 2.5.0\n"
    "G28 ; home all axes\n"
    "M83\n"
    ";LAYER_CHANGE\n"
    ";Z:0.2\n"
    ";HEIGHT:0.2\n"
    "G1 Z.2 F7800\n"
    "G1 X10 Y10\n"
    ";TYPE:External perimeter\n"
    ";WIDTH:0.45\n"
    "G1 X20 Y10 E.5\n"
    ";TYPE:Solid infill\n"
    "G1 X20 Y20 E.5\n"
    ";LAYER_CHANGE\n"
    ";Z:0.4\n"
    ";HEIGHT:0.2\n"
    "G1 Z.4\n"
    ";TYPE:Perimeter\n"
    "G1 X10 Y20 E.5\n");
  MeltToolpath *path = melt_gcode_reader_get_toolpath (reader);
  MeltGCodeInfo info;
  MeltSegment s;

  g_assert_cmpuint (n_warnings (reader), ==, 0);
  melt_gcode_reader_get_info (reader, &info);
  g_assert_cmpint (info.flavor, ==, MELT_GCODE_FLAVOR_PRUSASLICER);
  g_assert_cmpuint (melt_toolpath_get_n_layers (path), ==, 2);
  g_assert_cmpuint (melt_toolpath_get_n_segments (path), ==, 6);
  melt_toolpath_get_segment (path, 2, &s);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_PERIMETER);
  g_assert_cmpuint (s.layer, ==, 0);
  assert_close (s.width_mm, 0.45, 1e-6);
  assert_close (s.height_mm, 0.2, 1e-6);
  /* (w − h) h + π h²/4 */
  assert_close (s.area_mm2, 0.25 * 0.2 + G_PI * 0.01, 1e-6);
  g_assert_cmpuint (s.source_line, ==, 11);
  melt_toolpath_get_segment (path, 3, &s);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_FILL);
  melt_toolpath_get_segment (path, 5, &s);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_PERIMETER);
  g_assert_cmpuint (s.layer, ==, 1);
}

static void
test_cura_comments (void)
{
  g_autoptr(MeltGCodeReader) reader = read_text (
    ";FLAVOR:Marlin\n"
    ";Generated with Cura_SteamEngine 5.0\n"
    "M82 ;absolute extrusion mode\n"
    "G92 E0\n"
    ";LAYER_COUNT:3\n"
    ";LAYER:-1\n"
    "G0 X0 Y0 Z0.3\n"
    ";TYPE:SKIRT\n"
    "G1 X10 E1\n"
    ";LAYER:0\n"
    "G0 Z0.5\n"
    ";TYPE:WALL-OUTER\n"
    "G1 X0 E2\n"
    ";TYPE:WALL-INNER\n"
    "G1 Y5 E3\n"
    ";TYPE:FILL\n"
    "G1 X10 E4\n"
    ";LAYER:1\n"
    "G0 Z0.7\n"
    ";TYPE:SKIN\n"
    "G1 X0 E5\n");
  MeltToolpath *path = melt_gcode_reader_get_toolpath (reader);
  MeltGCodeInfo info;
  MeltSegment s;

  g_assert_cmpuint (n_warnings (reader), ==, 0);
  melt_gcode_reader_get_info (reader, &info);
  g_assert_cmpint (info.flavor, ==, MELT_GCODE_FLAVOR_CURA);
  /* the raft layer −1 counts as the first */
  g_assert_cmpuint (melt_toolpath_get_n_layers (path), ==, 3);
  melt_toolpath_get_segment (path, 0, &s);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_FILL);
  g_assert_cmpuint (s.layer, ==, 0);
  melt_toolpath_get_segment (path, 2, &s);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_PERIMETER);
  g_assert_cmpuint (s.layer, ==, 1);
  /* no ;HEIGHT: the layer's z step */
  assert_close (s.height_mm, 0.2, 1e-6);
  melt_toolpath_get_segment (path, 3, &s);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_PERIMETER);
  melt_toolpath_get_segment (path, 4, &s);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_FILL);
  melt_toolpath_get_segment (path, 6, &s);
  g_assert_cmpuint (s.layer, ==, 2);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_FILL);
}

/* A layer number that jumps far ahead is taken as the next layer, with a
 * warning: a stray number cannot make a toolpath claim a billion layers */
static void
test_layer_jump (void)
{
  g_autoptr(MeltGCodeReader) reader = read_text (
    ";LAYER:0\n"
    "G1 X10 Y0 Z0.2 E1\n"
    ";LAYER:1000000000\n"
    "G1 X0 Y0 Z0.4 E2\n"
    ";LAYER:1000000001\n"
    "G1 X0 Y10 Z0.6 E3\n");
  MeltToolpath *path = melt_gcode_reader_get_toolpath (reader);
  const MeltGCodeWarning *warnings;
  guint n = 0;

  g_assert_cmpuint (melt_toolpath_get_n_layers (path), ==, 3);
  warnings = melt_gcode_reader_get_warnings (reader, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (warnings[0].line, ==, 3);
  g_assert_nonnull (strstr (warnings[0].message, "1000000000"));
}

static void
test_ornl_comments (void)
{
  g_autoptr(MeltGCodeReader) reader = read_text (
    ";Slicer 2 from ORNL\n"
    "G21\n"
    "G90\n"
    ";BEGINNING LAYER: 1\n"
    "G0 X0 Y0 Z1\n"
    "G1 F600 X10 ;TRAVEL\n"
    "M3 S1000\n"
    "G1 F300 X20 ;PERIMETER\n"
    "G1 X20 Y10 ;INFILL\n"
    "M5\n"
    "(BEGINNING LAYER: 2)\n"
    "G0 Z2\n"
    "M3\n"
    "G1 X10 ;INSET\n"
    "M5\n");
  MeltToolpath *path = melt_gcode_reader_get_toolpath (reader);
  MeltGCodeInfo info;
  MeltSegment s;

  g_assert_cmpuint (n_warnings (reader), ==, 0);
  melt_gcode_reader_get_info (reader, &info);
  g_assert_cmpint (info.flavor, ==, MELT_GCODE_FLAVOR_ORNL);
  g_assert_cmpuint (melt_toolpath_get_n_layers (path), ==, 2);
  g_assert_cmpuint (melt_toolpath_get_n_segments (path), ==, 5);
  assert_segment (path, 0, MELT_SEGMENT_TRAVEL, 0, 0, 1, 10, 0, 1);
  assert_segment (path, 1, MELT_SEGMENT_PERIMETER, 10, 0, 1, 20, 0, 1);
  assert_segment (path, 2, MELT_SEGMENT_FILL, 20, 0, 1, 20, 10, 1);
  melt_toolpath_get_segment (path, 4, &s);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_PERIMETER);
  g_assert_cmpuint (s.layer, ==, 1);
  g_assert_cmpfloat (s.power_w, ==, 1000);
}

static void
test_z_layers (void)
{
  /* No layer comments: a rise in z where deposition happens starts a layer */
  g_autoptr(MeltGCodeReader) reader = read_text (
    "M83\nG0 X0 Y0 Z0.5\nG1 X10 E1\nG0 Z1.0\nG1 X0 E1\nG1 Y10 E1\nG0 Z1.5\nG1 X10 E1\n");
  MeltToolpath *path = melt_gcode_reader_get_toolpath (reader);
  MeltSegment s;

  g_assert_cmpuint (melt_toolpath_get_n_layers (path), ==, 3);
  melt_toolpath_get_segment (path, 2, &s);
  g_assert_cmpuint (s.layer, ==, 1);
  assert_close (s.height_mm, 0.5, 1e-6);
}

/* Bad input */

static void
test_malformed (void)
{
  g_autoptr(MeltGCodeReader) reader = read_text (
    "G21\n"                       /* 1 */
    "G90\n"                       /* 2 */
    "G0 X0 Y0 Z0\n"               /* 3 */
    "G1 X1.2.3 Y4 E1\n"           /* 4: malformed number */
    "G1 Xabc Y5\n"                /* 5: letter without number */
    "G1\n"                        /* 6: no axis */
    "G2 X10 Y10 E1\n"             /* 7: arc with no centre */
    "M999\n"                      /* 8: unknown M */
    "G1 X1e5 Y0\n"                /* 9: fine: X1 then E5 */
    "G77 X1\n"                    /* 10: unknown G */
    "G1 X--1\n"                   /* 11: malformed */
    "G1 X99999999999 Y1\n"        /* 12: out of range */
    "#@!\n"                       /* 13: not a word */
    "G4\n"                        /* 14: dwell without time */
    "G3 X1 Y1 R0.1 E1\n"          /* 15: radius too small */
    "G1 F-100 X2\n"               /* 16: negative feed */
    ";LAYER:x\n"                  /* 17: layer without number */
    ";WIDTH:wide\n"               /* 18: bad width */
    "G1 X3 Y3 E1\n");             /* 19: fine */
  const guint lines[] = { 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18 };
  MeltToolpath *path = melt_gcode_reader_get_toolpath (reader);
  const MeltGCodeWarning *w;
  guint n;

  w = melt_gcode_reader_get_warnings (reader, &n);
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    assert_warning_at (reader, lines[i]);
  for (guint i = 0; i < n; i++)
    {
      gboolean expected = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (lines); j++)
        expected |= w[i].line == lines[j];
      if (!expected)
        g_error ("unexpected warning on line %u: %s", w[i].line, w[i].message);
    }
  /* the import goes on: the last move is there */
  {
    MeltSegment s;

    melt_toolpath_get_segment (path, melt_toolpath_get_n_segments (path) - 1, &s);
    g_assert_cmpuint (s.source_line, ==, 19);
    assert_close (s.end[0], 3, 1e-6);
  }
}

static void
test_many_warnings (void)
{
  GString *text = g_string_new ("G0 X0 Y0\n");
  g_autoptr(MeltGCodeReader) reader = NULL;
  MeltGCodeInfo info;
  guint n;

  for (guint i = 0; i < 5000; i++)
    g_string_append (text, "M4242\n");
  reader = read_text (text->str);
  melt_gcode_reader_get_info (reader, &info);
  g_assert_cmpuint (info.n_warnings, ==, 5000);
  melt_gcode_reader_get_warnings (reader, &n);
  g_assert_cmpuint (n, ==, MELT_GCODE_MAX_LISTED_WARNINGS);
  g_string_free (text, TRUE);
}

static void
test_not_gcode (void)
{
  g_autoptr(MeltGCodeReader) reader = melt_gcode_reader_new ();
  g_autoptr(GError) error = NULL;
  const char binary[] = "G1 X1\n\0\1\2";
  const char *prose = "Dear engineer,\nplease find the part attached.\n";

  g_assert_false (melt_gcode_reader_load_data (reader, binary, sizeof binary, "b.gcode", NULL, &error));
  g_assert_error (error, MELT_GCODE_ERROR, MELT_GCODE_ERROR_NOT_GCODE);
  g_assert_nonnull (strstr (error->message, "b.gcode"));
  g_clear_error (&error);

  g_assert_false (melt_gcode_reader_load_data (reader, prose, strlen (prose), "p.gcode", NULL, &error));
  g_assert_error (error, MELT_GCODE_ERROR, MELT_GCODE_ERROR_NOT_GCODE);
  g_clear_error (&error);

  /* Control characters: binary */
  g_assert_false (melt_gcode_reader_load_data (reader, "G1 X1\n\x01\x02G1\n", 10, "c.gcode", NULL, &error));
  g_assert_error (error, MELT_GCODE_ERROR, MELT_GCODE_ERROR_NOT_GCODE);
  g_clear_error (&error);

  /* An empty file is an empty toolpath */
  g_assert_true (melt_gcode_reader_load_data (reader, "", 0, "e.gcode", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (melt_toolpath_get_n_segments (melt_gcode_reader_get_toolpath (reader)), ==, 0);
}

static void
test_huge_arc (void)
{
  /* A full circle of 1 km radius needs more chords than an arc may have */
  g_autoptr(MeltGCodeReader) reader = read_text ("M83\nG0 X0 Y0\nG2 X0 Y0 I1000000 J0 E1\n");
  MeltGCodeInfo info;

  melt_gcode_reader_get_info (reader, &info);
  g_assert_cmpuint (melt_toolpath_get_n_segments (melt_gcode_reader_get_toolpath (reader)), <=, 4096);
  assert_close (info.extrusion_length_mm, 2 * G_PI * 1e6, 1e-3 * 2 * G_PI * 1e6);
}

/* Random text made of G-code's letters, digits and signs: no crash, and
 * every warning names a line of the text */
static void
test_garbage (void)
{
  static const char alphabet[] = "GMXYZEFIJRPSN0123456789.-+ ;()*\"\t\r\nabc#\xc3\xa9";
  GRand *rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(MeltGCodeReader) reader = melt_gcode_reader_new ();
      g_autoptr(GError) error = NULL;
      char text[2000];
      guint n_lines = 1;
      guint n;
      const MeltGCodeWarning *w;

      for (guint i = 0; i < sizeof text; i++)
        {
          text[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
          n_lines += text[i] == '\n';
        }
      if (!melt_gcode_reader_load_data (reader, text, sizeof text, "garbage.gcode", NULL, &error))
        {
          g_assert_error (error, MELT_GCODE_ERROR, MELT_GCODE_ERROR_NOT_GCODE);
          continue;
        }
      w = melt_gcode_reader_get_warnings (reader, &n);
      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpuint (w[i].line, >=, 1);
          g_assert_cmpuint (w[i].line, <=, n_lines);
          g_assert_true (g_utf8_validate (w[i].message, -1, NULL));
        }
    }
  g_rand_free (rand);
}

static void
test_write_skips_empty_moves (void)
{
  g_autoptr(MeltProcess) process = melt_process_new (MELT_PROCESS_KIND_LASER_WIRE);
  g_autoptr(MeltToolpath) plan = melt_toolpath_new ();
  g_autoptr(MeltGCodeReader) reader = melt_gcode_reader_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const double a[3] = { 0, 0, 1 }, b[3] = { 10, 0, 1 };
  double clock = 0;
  gsize len;
  const char *text;

  add (plan, MELT_SEGMENT_FILL, 0, 0, a, b, 5, 1000, 0, 10, &clock, 0);
  add (plan, MELT_SEGMENT_FILL, 0, 0, b, b, 5, 1000, 0, 10, &clock, 0);
  add (plan, MELT_SEGMENT_FILL, 0, 0, b, a, 5, 1000, 0, 10, &clock, 0);
  bytes = melt_gcode_write_bytes (plan, process);
  text = g_bytes_get_data (bytes, &len);
  g_assert_true (melt_gcode_reader_load_data (reader, text, len, "plan.gcode", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_warnings (reader), ==, 0);
  g_assert_cmpuint (melt_toolpath_get_n_segments (melt_gcode_reader_get_toolpath (reader)), ==, 2);
}

/* PrusaSlicer */

/* Sums the XYZ lengths of G1 moves that advance E, by a parser of its own
 * (PrusaSlicer writes one command per line, G1 with X/Y/Z/E/F words). */
static double
independent_extrusion_length (const char *text,
                              guint      *n_layer_changes)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  double pos[3] = { 0, 0, 0 }, e = 0, total = 0;
  gboolean e_relative = FALSE;

  *n_layer_changes = 0;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      char *semi = strchr (line, ';');
      g_auto(GStrv) words = NULL;
      double next[3], new_e;
      gboolean has_e = FALSE;

      if (g_str_has_prefix (line, ";LAYER_CHANGE"))
        (*n_layer_changes)++;
      if (semi != NULL)
        *semi = '\0';
      g_strstrip (line);
      if (*line == '\0')
        continue;
      if (strcmp (line, "M83") == 0)
        e_relative = TRUE;
      if (strcmp (line, "M82") == 0)
        e_relative = FALSE;

      words = g_strsplit (line, " ", -1);
      if (strcmp (words[0], "G92") == 0)
        {
          for (guint k = 1; words[k] != NULL; k++)
            if (words[k][0] == 'E')
              e = g_ascii_strtod (words[k] + 1, NULL);
          continue;
        }
      if (strcmp (words[0], "G28") == 0)
        {
          pos[0] = pos[1] = pos[2] = 0;
          continue;
        }
      if (strcmp (words[0], "G1") != 0 && strcmp (words[0], "G0") != 0)
        continue;

      memcpy (next, pos, sizeof next);
      new_e = e;
      for (guint k = 1; words[k] != NULL; k++)
        {
          double v = g_ascii_strtod (words[k] + 1, NULL);

          switch (words[k][0])
            {
            case 'X': next[0] = v; break;
            case 'Y': next[1] = v; break;
            case 'Z': next[2] = v; break;
            case 'E': new_e = e_relative ? e + v : v; has_e = TRUE; break;
            default: break;
            }
        }
      if (has_e && new_e > e)
        total += sqrt ((next[0] - pos[0]) * (next[0] - pos[0]) + (next[1] - pos[1]) * (next[1] - pos[1])
                       + (next[2] - pos[2]) * (next[2] - pos[2]));
      memcpy (pos, next, sizeof pos);
      e = new_e;
    }

  return total;
}

static void
test_prusa_slicer (void)
{
  g_autofree char *prusa = g_find_program_in_path ("prusa-slicer");
  g_autofree char *dir = NULL;
  g_autofree char *stl = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *std_out = NULL;
  g_autofree char *std_err = NULL;
  g_autoptr(MeltTestShape) cube = NULL;
  g_autoptr(MeltGCodeReader) reader = melt_gcode_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  MeltGCodeInfo info;
  guint n_layer_changes;
  double expected;
  int status;
  guint n;
  const MeltGCodeWarning *warnings;

  if (prusa == NULL)
    {
      g_test_skip ("prusa-slicer is not installed");
      return;
    }

  dir = melt_test_tmpdir_new ();
  stl = g_build_filename (dir, "cube.stl", NULL);
  out = g_build_filename (dir, "out.gcode", NULL);
  cube = melt_test_shape_cube (20);
  g_assert_true (melt_test_write_stl_binary (cube, stl, &error));
  g_assert_no_error (error);

  {
    const char *argv[] = { prusa, "--export-gcode", "--nozzle-diameter", "0.4",
                           "--layer-height", "0.2", "-o", out, stl, NULL };

    g_assert_true (g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &std_out, &std_err, &status, &error));
    g_assert_no_error (error);
  }
  if (!g_spawn_check_wait_status (status, NULL) || !g_file_test (out, G_FILE_TEST_EXISTS))
    {
      g_test_message ("prusa-slicer failed: %s", std_err);
      g_test_skip ("prusa-slicer could not slice here");
      melt_test_tmpdir_remove (dir);
      return;
    }

  g_assert_true (g_file_get_contents (out, &text, NULL, &error));
  g_assert_no_error (error);
  expected = independent_extrusion_length (text, &n_layer_changes);
  g_assert_cmpuint (n_layer_changes, >=, 99);  /* 20 mm in 0.2 mm layers */

  file = g_file_new_for_path (out);
  g_assert_true (melt_gcode_reader_load_file (reader, file, NULL, &error));
  g_assert_no_error (error);
  melt_gcode_reader_get_info (reader, &info);
  warnings = melt_gcode_reader_get_warnings (reader, &n);
  for (guint i = 0; i < n; i++)
    g_test_message ("line %u: %s", warnings[i].line, warnings[i].message);
  g_assert_cmpuint (info.n_warnings, ==, 0);
  g_assert_cmpint (info.flavor, ==, MELT_GCODE_FLAVOR_PRUSASLICER);
  g_assert_cmpuint (info.n_layers, ==, n_layer_changes);
  g_assert_cmpuint (melt_toolpath_get_n_layers (melt_gcode_reader_get_toolpath (reader)), ==,
                    n_layer_changes);
  assert_close (info.extrusion_length_mm, expected, 1e-6 * expected);
  g_assert_cmpfloat (info.extrusion_length_mm, >, 1000);

  melt_test_tmpdir_remove (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/gcode/round-trip-laser", test_round_trip_laser);
  g_test_add_func ("/core/gcode/round-trip-ebeam", test_round_trip_ebeam);
  g_test_add_func ("/core/gcode/write-file", test_write_file);
  g_test_add_func ("/core/gcode/arcs", test_arcs);
  g_test_add_func ("/core/gcode/relative", test_relative);
  g_test_add_func ("/core/gcode/inches", test_inches);
  g_test_add_func ("/core/gcode/set-position", test_set_position);
  g_test_add_func ("/core/gcode/extrusion-modes", test_extrusion_modes);
  g_test_add_func ("/core/gcode/laser-wire-codes", test_laser_wire_codes);
  g_test_add_func ("/core/gcode/dwell-and-time", test_dwell_and_time);
  g_test_add_func ("/core/gcode/prusa-comments", test_prusa_comments);
  g_test_add_func ("/core/gcode/cura-comments", test_cura_comments);
  g_test_add_func ("/core/gcode/ornl-comments", test_ornl_comments);
  g_test_add_func ("/core/gcode/layer-jump", test_layer_jump);
  g_test_add_func ("/core/gcode/z-layers", test_z_layers);
  g_test_add_func ("/core/gcode/malformed", test_malformed);
  g_test_add_func ("/core/gcode/many-warnings", test_many_warnings);
  g_test_add_func ("/core/gcode/not-gcode", test_not_gcode);
  g_test_add_func ("/core/gcode/huge-arc", test_huge_arc);
  g_test_add_func ("/core/gcode/garbage", test_garbage);
  g_test_add_func ("/core/gcode/write-skips-empty-moves", test_write_skips_empty_moves);
  g_test_add_func ("/core/gcode/prusa-slicer", test_prusa_slicer);

  return g_test_run ();
}
