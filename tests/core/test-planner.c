/* test-planner.c: perimeters, fill, seams, dwell and reports of the planner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected figures are the volumes of the shapes (a cube, a cylinder, a
 * square with a square hole) and the geometry of the process's bead,
 * computed here, not taken from the planner. Positions are checked with
 * GEOS directly.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "melt-contours.h"
#include "melt-contours-geos.h"
#include "melt-planner.h"
#include "melt-process.h"
#include "melt-process-check.h"
#include "melt-process-derived.h"
#include "melt-slicer.h"
#include "melt-test-shapes.h"
#include "melt-toolpath.h"

#define assert_close(value, expected, rel)                                        \
  G_STMT_START {                                                                  \
    double v_ = (value), e_ = (expected);                                         \
    if (fabs (v_ - e_) > (rel) * fabs (e_))                                       \
      g_error ("%s = %.6g, expected %.6g within %.2g%%", #value, v_, e_, (rel) * 100); \
  } G_STMT_END

/* The bead of the test process: parabola 3.0 mm wide; area
 * A = pi/4 × 1.0² × WFS / TS = 2.6 mm² with TS = 5 mm/s; step-over 2.6 mm,
 * so that the layer height A / d is exactly 1.0 mm */
#define BEAD_WIDTH   3.0
#define STEP_OVER    2.6
#define BEAD_AREA    2.6
#define TRAVEL_SPEED 5.0
#define LAYER_HEIGHT (BEAD_AREA / STEP_OVER)

static MeltProcess *
test_process (void)
{
  MeltProcess *p = melt_process_new (MELT_PROCESS_KIND_LASER_WIRE);

  melt_process_set_material (p, "316L");
  melt_process_set_bead_profile (p, MELT_BEAD_PROFILE_PARABOLA);
  melt_process_set_double (p, MELT_PROCESS_PARAM_WIRE_DIAMETER_MM, 1.0);
  melt_process_set_double (p, MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S, TRAVEL_SPEED);
  melt_process_set_double (p, MELT_PROCESS_PARAM_WIRE_FEED_MM_S,
                           BEAD_AREA * TRAVEL_SPEED / (G_PI / 4.0));
  melt_process_set_double (p, MELT_PROCESS_PARAM_DEPOSITION_EFFICIENCY, 1.0);
  melt_process_set_double (p, MELT_PROCESS_PARAM_BEAD_WIDTH_MM, BEAD_WIDTH);
  melt_process_set_double (p, MELT_PROCESS_PARAM_STEP_OVER_MM, STEP_OVER);
  melt_process_set_double (p, MELT_PROCESS_PARAM_LAYER_HEIGHT_MM, 0.0);
  melt_process_set_double (p, MELT_PROCESS_PARAM_DWELL_S, 0.0);
  melt_process_set_double (p, MELT_PROCESS_PARAM_MIN_LAYER_TIME_S, 0.0);

  return p;
}

static void
test_process_bead (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(GError) error = NULL;
  MeltProcessDerived derived;

  g_assert_true (melt_process_evaluate (process, &derived, NULL, &error));
  g_assert_no_error (error);
  assert_close (derived.bead_area_mm2, BEAD_AREA, 1e-6);
  assert_close (derived.bead_width_mm, BEAD_WIDTH, 1e-6);
  assert_close (derived.step_over_mm, STEP_OVER, 1e-6);
  assert_close (derived.layer_height_mm, 1.0, 1e-6);
  /* parabola: A = 2/3 w h */
  assert_close (derived.bead_height_mm, BEAD_AREA / (2.0 / 3.0 * BEAD_WIDTH), 1e-6);
}

/* Shapes */

static void
add_rectangle (MeltContours *c,
               double        x0,
               double        y0,
               double        x1,
               double        y1,
               gboolean      hole)
{
  melt_contours_begin_ring (c);
  if (!hole)
    {
      melt_contours_add_point (c, x0, y0);
      melt_contours_add_point (c, x1, y0);
      melt_contours_add_point (c, x1, y1);
      melt_contours_add_point (c, x0, y1);
    }
  else
    {
      melt_contours_add_point (c, x0, y0);
      melt_contours_add_point (c, x0, y1);
      melt_contours_add_point (c, x1, y1);
      melt_contours_add_point (c, x1, y0);
    }
}

static MeltContours *
square (double side)
{
  MeltContours *c = melt_contours_new ();

  melt_contours_begin_polygon (c);
  add_rectangle (c, 0, 0, side, side, FALSE);
  melt_contours_end (c);

  return c;
}

static MeltContours *
square_with_hole (double side,
                  double hole)
{
  MeltContours *c = melt_contours_new ();
  double a = (side - hole) / 2.0;

  melt_contours_begin_polygon (c);
  add_rectangle (c, 0, 0, side, side, FALSE);
  add_rectangle (c, a, a, a + hole, a + hole, TRUE);
  melt_contours_end (c);

  return c;
}

static MeltContours *
disc (double   radius,
      guint    n)
{
  MeltContours *c = melt_contours_new ();

  melt_contours_begin_polygon (c);
  melt_contours_begin_ring (c);
  for (guint i = 0; i < n; i++)
    melt_contours_add_point (c, radius * cos (2 * G_PI * i / n), radius * sin (2 * G_PI * i / n));
  melt_contours_end (c);

  return c;
}

/* A comb: a 60 × 10 mm back with five 6 × 30 mm teeth, concave everywhere */
static MeltContours *
comb (void)
{
  MeltContours *c = melt_contours_new ();

  melt_contours_begin_polygon (c);
  melt_contours_begin_ring (c);
  melt_contours_add_point (c, 0, 0);
  melt_contours_add_point (c, 60, 0);
  for (int t = 4; t >= 0; t--)
    {
      double x = 12.0 * t + 9.0;

      melt_contours_add_point (c, x, 10);
      melt_contours_add_point (c, x, 40);
      melt_contours_add_point (c, x - 6, 40);
      melt_contours_add_point (c, x - 6, 10);
    }
  melt_contours_add_point (c, 0, 10);
  melt_contours_end (c);

  return c;
}

/* Plans @n_layers copies of @layer, one layer height apart */
static MeltToolpath *
plan_stack (MeltProcess            *process,
            const MeltContours     *layer,
            guint                   n_layers,
            const MeltPlanSettings *settings,
            MeltPlanReport         *report)
{
  g_autofree const MeltContours **layers = g_new (const MeltContours *, n_layers);
  g_autofree double *z = g_new (double, n_layers);
  g_autoptr(GError) error = NULL;
  MeltToolpath *toolpath;

  for (guint i = 0; i < n_layers; i++)
    {
      layers[i] = layer;
      z[i] = (i + 1) * LAYER_HEIGHT;
    }
  toolpath = melt_planner_plan_layers (process, layers, z, n_layers, settings,
                                       NULL, NULL, NULL, report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (toolpath);

  return toolpath;
}

static gboolean
is_deposit (guint8 kind)
{
  return kind == MELT_SEGMENT_PERIMETER || kind == MELT_SEGMENT_FILL;
}

/* Σ area × length, independent of the toolpath's statistics */
static double
sum_volume (MeltToolpath *toolpath)
{
  guint n = melt_toolpath_get_n_segments (toolpath);
  double volume = 0.0;

  for (guint i = 0; i < n; i++)
    {
      MeltSegment s;

      melt_toolpath_get_segment (toolpath, i, &s);
      if (is_deposit (s.kind))
        volume += s.area_mm2 * sqrt ((s.end[0] - s.start[0]) * (s.end[0] - s.start[0]) +
                                     (s.end[1] - s.start[1]) * (s.end[1] - s.start[1]) +
                                     (s.end[2] - s.start[2]) * (s.end[2] - s.start[2]));
    }

  return volume;
}

static void
check_volume (const MeltContours *layer,
              guint               n_layers,
              double              expected)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltToolpath) toolpath = NULL;
  MeltToolpathStats stats;
  MeltPlanReport report;

  toolpath = plan_stack (process, layer, n_layers, NULL, &report);
  melt_toolpath_compute_stats (toolpath, 1.0, &stats);
  g_test_message ("deposited %.1f mm³ of %.1f mm³ (%.1f %%), %u beads",
                  stats.deposited_volume_mm3, expected,
                  100.0 * stats.deposited_volume_mm3 / expected, report.beam_starts);
  assert_close (stats.deposited_volume_mm3, expected, 0.10);
  assert_close (sum_volume (toolpath), expected, 0.10);
  g_assert_cmpuint (melt_toolpath_get_n_layers (toolpath), ==, n_layers);
  g_assert_cmpuint (report.layers, ==, n_layers);
  g_assert_cmpuint (report.narrow_regions, ==, 0);
}

static void
test_volume_cube (void)
{
  g_autoptr(MeltContours) layer = square (20.0);

  check_volume (layer, 20, 20.0 * 20.0 * 20.0 * LAYER_HEIGHT);
}

static void
test_volume_cylinder (void)
{
  g_autoptr(MeltContours) layer = disc (15.0, 256);

  check_volume (layer, 20, G_PI * 15.0 * 15.0 * 20 * LAYER_HEIGHT);
}

static void
test_volume_hole (void)
{
  g_autoptr(MeltContours) layer = square_with_hole (40.0, 12.0);

  check_volume (layer, 10, (40.0 * 40.0 - 12.0 * 12.0) * 10 * LAYER_HEIGHT);
}

static void
test_volume_comb (void)
{
  g_autoptr(MeltContours) layer = comb ();

  check_volume (layer, 10, (60.0 * 10.0 + 5 * 6.0 * 30.0) * 10 * LAYER_HEIGHT);
}

/* The whole chain: a 20 mm cube mesh sliced at the process's layer height,
 * then planned */
static void
test_volume_sliced_cube (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltMesh) mesh = NULL;
  g_autoptr(MeltSlice) slice = NULL;
  g_autoptr(MeltToolpath) toolpath = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *soup = NULL;
  MeltTestShape *cube = melt_test_shape_cube (20.0);
  MeltToolpathStats stats;
  MeltPlanReport report;
  guint n_triangles = 0;

  soup = melt_test_shape_to_soup (cube, &n_triangles);
  melt_test_shape_free (cube);
  mesh = melt_mesh_new_from_soup (soup, n_triangles);
  slice = melt_slicer_slice (mesh, LAYER_HEIGHT, 0.0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (melt_slice_get_n_layers (slice), ==, 20);

  toolpath = melt_planner_plan (process, slice, NULL, NULL, NULL, NULL, &report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (toolpath);
  g_assert_cmpuint (melt_toolpath_get_n_layers (toolpath), ==, 20);
  g_assert_cmpuint (report.layers, ==, 20);
  melt_toolpath_compute_stats (toolpath, 1.0, &stats);
  g_test_message ("sliced cube: deposited %.1f mm³ of 8000", stats.deposited_volume_mm3);
  assert_close (stats.deposited_volume_mm3, 8000.0, 0.10);
}

/* No bead centre outside the outline inset by half a bead. The tolerance
 * covers the arcs of insets round reflex corners, which GEOS draws as chords
 * and simplifies by a hundredth of the inset (0.015 mm here). */
#define CENTRE_TOLERANCE 0.05

static void
check_centres_inside (MeltToolpath       *toolpath,
                      const MeltContours *layer)
{
  GEOSContextHandle_t ctx = _melt_geos_context_new ();
  GEOSGeometry *outline = melt_contours_to_geos (ctx, layer);
  GEOSGeometry *allowed = GEOSBuffer_r (ctx, outline, -(BEAD_WIDTH / 2.0 - CENTRE_TOLERANCE), 16);
  const GEOSPreparedGeometry *prepared = GEOSPrepare_r (ctx, allowed);
  guint n = melt_toolpath_get_n_segments (toolpath);
  guint checked = 0;

  for (guint i = 0; i < n; i++)
    {
      MeltSegment s;

      melt_toolpath_get_segment (toolpath, i, &s);
      if (!is_deposit (s.kind))
        continue;
      for (guint k = 0; k <= 4; k++)
        {
          double x = s.start[0] + (s.end[0] - s.start[0]) * k / 4.0;
          double y = s.start[1] + (s.end[1] - s.start[1]) * k / 4.0;
          GEOSGeometry *point = GEOSGeom_createPointFromXY_r (ctx, x, y);

          if (GEOSPreparedCovers_r (ctx, prepared, point) != 1)
            g_error ("segment %u (kind %d, layer %u): bead centre (%.4f, %.4f) outside the inset outline",
                     i, s.kind, s.layer, x, y);
          GEOSGeom_destroy_r (ctx, point);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >, 0);

  GEOSPreparedGeom_destroy_r (ctx, prepared);
  GEOSGeom_destroy_r (ctx, allowed);
  GEOSGeom_destroy_r (ctx, outline);
  _melt_geos_context_free (ctx);
}

static void
test_centres_inside (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) hole = square_with_hole (40.0, 12.0);
  g_autoptr(MeltContours) round = disc (15.0, 200);
  g_autoptr(MeltContours) teeth = comb ();
  MeltFillPattern fills[] = { MELT_FILL_RASTER, MELT_FILL_CONCENTRIC };

  for (guint f = 0; f < G_N_ELEMENTS (fills); f++)
    for (guint perimeters = 0; perimeters <= 3; perimeters++)
      {
        MeltPlanSettings settings;
        g_autoptr(MeltToolpath) a = NULL;
        g_autoptr(MeltToolpath) b = NULL;
        g_autoptr(MeltToolpath) c = NULL;

        melt_plan_settings_init (&settings);
        settings.fill = fills[f];
        settings.perimeters = perimeters;
        settings.fill_angle_deg = 30.0;
        a = plan_stack (process, hole, 3, &settings, NULL);
        check_centres_inside (a, hole);
        b = plan_stack (process, round, 3, &settings, NULL);
        check_centres_inside (b, round);
        c = plan_stack (process, teeth, 2, &settings, NULL);
        check_centres_inside (c, teeth);
      }
}

/* The line string of bead @bead */
static GEOSGeometry *
bead_line (GEOSContextHandle_t  ctx,
           MeltToolpath        *toolpath,
           guint32              bead)
{
  guint n = melt_toolpath_get_n_segments (toolpath);
  g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
  GEOSCoordSequence *seq;

  for (guint i = 0; i < n; i++)
    {
      MeltSegment s;

      melt_toolpath_get_segment (toolpath, i, &s);
      if (!is_deposit (s.kind) || s.bead != bead)
        continue;
      if (xy->len == 0)
        {
          double p[2] = { s.start[0], s.start[1] };

          g_array_append_vals (xy, p, 2);
        }
      {
        double p[2] = { s.end[0], s.end[1] };

        g_array_append_vals (xy, p, 2);
      }
    }
  g_assert_cmpuint (xy->len, >=, 4);

  seq = GEOSCoordSeq_create_r (ctx, xy->len / 2, 2);
  for (guint i = 0; i < xy->len / 2; i++)
    GEOSCoordSeq_setXY_r (ctx, seq, i, g_array_index (xy, double, 2 * i),
                          g_array_index (xy, double, 2 * i + 1));

  return GEOSGeom_createLineString_r (ctx, seq);
}

/* Concentric rings (perimeters then concentric fill) of a square: each ring
 * one bead, each a step-over from the next */
static void
test_ring_spacing (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = square (30.0);
  g_autoptr(MeltToolpath) toolpath = NULL;
  MeltPlanSettings settings;
  MeltPlanReport report;
  GEOSContextHandle_t ctx;
  guint rings;

  melt_plan_settings_init (&settings);
  settings.perimeters = 2;
  settings.fill = MELT_FILL_CONCENTRIC;
  toolpath = plan_stack (process, layer, 1, &settings, &report);

  /* centres from 1.5 mm to at most 15 mm from the edge: (15 − 1.5) / 2.6 + 1 rings */
  rings = (guint) floor ((15.0 - BEAD_WIDTH / 2.0) / STEP_OVER) + 1;
  g_assert_cmpuint (report.beam_starts, ==, rings);

  ctx = _melt_geos_context_new ();
  for (guint32 k = 0; k + 1 < rings; k++)
    {
      GEOSGeometry *a = bead_line (ctx, toolpath, k);
      GEOSGeometry *b = bead_line (ctx, toolpath, k + 1);
      double distance = 0.0;

      g_assert_true (GEOSDistance_r (ctx, a, b, &distance));
      g_test_message ("rings %u and %u: %.4f mm apart", k, k + 1, distance);
      g_assert_cmpfloat (distance, >=, STEP_OVER - 1e-3);
      g_assert_cmpfloat (distance, <=, STEP_OVER + 1e-3);
      GEOSGeom_destroy_r (ctx, a);
      GEOSGeom_destroy_r (ctx, b);
    }
  _melt_geos_context_free (ctx);
}

/* The direction (degrees, 0 to 180) of the longest fill segment of a layer */
static double
fill_direction (MeltToolpath *toolpath,
                guint         layer)
{
  guint first, last;
  double longest = 0.0, angle = -1.0;

  melt_toolpath_get_layer_range (toolpath, layer, &first, &last);
  for (guint i = first; i < last; i++)
    {
      MeltSegment s;
      double length;

      melt_toolpath_get_segment (toolpath, i, &s);
      if (s.kind != MELT_SEGMENT_FILL)
        continue;
      length = hypot (s.end[0] - s.start[0], s.end[1] - s.start[1]);
      if (length > longest)
        {
          longest = length;
          angle = atan2 (s.end[1] - s.start[1], s.end[0] - s.start[0]) * 180.0 / G_PI;
          if (angle < 0.0)
            angle += 180.0;
          if (angle >= 180.0 - 1e-6)
            angle -= 180.0;
        }
    }

  return angle;
}

static void
test_fill_angle (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = square (40.0);
  g_autoptr(MeltToolpath) toolpath = NULL;
  MeltPlanSettings settings;

  melt_plan_settings_init (&settings);
  toolpath = plan_stack (process, layer, 4, &settings, NULL);
  g_assert_cmpfloat_with_epsilon (fill_direction (toolpath, 0), 45.0, 1e-3);
  g_assert_cmpfloat_with_epsilon (fill_direction (toolpath, 1), 135.0, 1e-3);
  g_assert_cmpfloat_with_epsilon (fill_direction (toolpath, 2), 45.0, 1e-3);
  g_assert_cmpfloat_with_epsilon (fill_direction (toolpath, 3), 135.0, 1e-3);

  g_clear_object (&toolpath);
  settings.fill_angle_deg = 0.0;
  settings.fill_angle_step_deg = 60.0;
  toolpath = plan_stack (process, layer, 3, &settings, NULL);
  g_assert_cmpfloat_with_epsilon (fill_direction (toolpath, 0), 0.0, 1e-3);
  g_assert_cmpfloat_with_epsilon (fill_direction (toolpath, 1), 60.0, 1e-3);
  g_assert_cmpfloat_with_epsilon (fill_direction (toolpath, 2), 120.0, 1e-3);
}

/* A zigzag keeps the beam on: a 40 mm square's fill at 0° is one bead */
static void
test_zigzag (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = square (40.0);
  g_autoptr(MeltToolpath) toolpath = NULL;
  MeltPlanSettings settings;
  MeltPlanReport report;
  MeltToolpathStats stats;

  melt_plan_settings_init (&settings);
  settings.fill_angle_deg = 0.0;
  toolpath = plan_stack (process, layer, 1, &settings, &report);
  /* two perimeters and one fill bead */
  g_assert_cmpuint (report.beam_starts, ==, 3);
  melt_toolpath_compute_stats (toolpath, 1.0, &stats);
  g_assert_cmpuint (stats.beam_starts, ==, 3);
}

/* The smallest x of the fill's bead centres */
static double
fill_min_x (MeltToolpath *toolpath)
{
  guint n = melt_toolpath_get_n_segments (toolpath);
  double min_x = G_MAXDOUBLE;

  for (guint i = 0; i < n; i++)
    {
      MeltSegment s;

      melt_toolpath_get_segment (toolpath, i, &s);
      if (s.kind == MELT_SEGMENT_FILL)
        min_x = MIN (min_x, MIN (s.start[0], s.end[0]));
    }

  return min_x;
}

/* Fill rows end one step-over inside the innermost perimeter, less the
 * overlap; no fill when none is asked for */
static void
test_fill_reach (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = square (40.0);
  MeltPlanSettings settings;
  MeltPlanReport report;

  melt_plan_settings_init (&settings);
  settings.fill_angle_deg = 0.0;
  for (guint perimeters = 0; perimeters <= 3; perimeters++)
    for (guint o = 0; o <= 2; o++)
      {
        g_autoptr(MeltToolpath) toolpath = NULL;
        double expected;

        settings.perimeters = perimeters;
        settings.fill_overlap = o / 2.0;
        toolpath = plan_stack (process, layer, 1, &settings, NULL);
        expected = MAX (BEAD_WIDTH / 2.0, BEAD_WIDTH / 2.0 + (perimeters - o / 2.0) * STEP_OVER);
        g_assert_cmpfloat_with_epsilon (fill_min_x (toolpath), expected, 1e-4);
      }

  {
    g_autoptr(MeltToolpath) toolpath = NULL;

    settings.perimeters = 2;
    settings.fill = MELT_FILL_NONE;
    toolpath = plan_stack (process, layer, 1, &settings, &report);
    g_assert_cmpfloat (fill_min_x (toolpath), ==, G_MAXDOUBLE);
    g_assert_cmpuint (report.beam_starts, ==, 2);
  }
}

/* The first point of the first perimeter of a layer */
static void
layer_seam (MeltToolpath *toolpath,
            guint         layer,
            double        xy[2])
{
  guint first, last;

  melt_toolpath_get_layer_range (toolpath, layer, &first, &last);
  for (guint i = first; i < last; i++)
    {
      MeltSegment s;

      melt_toolpath_get_segment (toolpath, i, &s);
      if (s.kind == MELT_SEGMENT_PERIMETER)
        {
          xy[0] = s.start[0];
          xy[1] = s.start[1];
          return;
        }
    }
  g_assert_not_reached ();
}

static void
test_seams (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = disc (15.0, 128);
  g_autoptr(MeltToolpath) spread = NULL;
  g_autoptr(MeltToolpath) aligned = NULL;
  MeltPlanSettings settings;

  melt_plan_settings_init (&settings);
  g_assert_cmpint (settings.seam, ==, MELT_SEAM_SPREAD);
  spread = plan_stack (process, layer, 10, &settings, NULL);
  for (guint i = 0; i + 1 < 10; i++)
    {
      double a[2], b[2];

      layer_seam (spread, i, a);
      layer_seam (spread, i + 1, b);
      /* at least a bead width apart */
      g_assert_cmpfloat (hypot (a[0] - b[0], a[1] - b[1]), >, BEAD_WIDTH);
    }

  settings.seam = MELT_SEAM_ALIGNED;
  aligned = plan_stack (process, layer, 10, &settings, NULL);
  for (guint i = 0; i + 1 < 10; i++)
    {
      double a[2], b[2];

      layer_seam (aligned, i, a);
      layer_seam (aligned, i + 1, b);
      g_assert_cmpfloat (hypot (a[0] - b[0], a[1] - b[1]), <, 1e-3);
    }
}

static void
test_dwell (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = square (10.0);
  g_autoptr(MeltToolpath) toolpath = NULL;
  MeltPlanReport report;
  guint n, dwells = 0;

  melt_process_set_double (process, MELT_PROCESS_PARAM_MIN_LAYER_TIME_S, 120.0);
  toolpath = plan_stack (process, layer, 3, NULL, &report);
  g_assert_cmpuint (report.dwells, ==, 2);

  n = melt_toolpath_get_n_segments (toolpath);
  for (guint layer_i = 0; layer_i < 3; layer_i++)
    {
      guint first, last;
      MeltSegment s, end;
      double layer_time;

      melt_toolpath_get_layer_range (toolpath, layer_i, &first, &last);
      g_assert_cmpuint (first, <, last);
      melt_toolpath_get_segment (toolpath, first, &s);
      melt_toolpath_get_segment (toolpath, last - 1, &end);
      layer_time = end.start_time_s + end.duration_s - s.start_time_s;
      if (end.kind == MELT_SEGMENT_DWELL)
        {
          dwells++;
          /* the layer's beads take less than the minimum; the dwell makes it up */
          g_assert_cmpfloat (end.duration_s, >, 0.0);
          g_assert_cmpfloat_with_epsilon (layer_time, 120.0, 1e-3);
        }
    }
  g_assert_cmpuint (dwells, ==, 2);
  g_assert_cmpuint (n, >, 0);

  /* a plain dwell comes on top of a long layer */
  g_clear_object (&toolpath);
  melt_process_set_double (process, MELT_PROCESS_PARAM_MIN_LAYER_TIME_S, 0.0);
  melt_process_set_double (process, MELT_PROCESS_PARAM_DWELL_S, 7.0);
  toolpath = plan_stack (process, layer, 2, NULL, &report);
  g_assert_cmpuint (report.dwells, ==, 1);
  g_assert_cmpfloat_with_epsilon (report.dwell_time_s, 7.0, 1e-6);
}

static void
test_narrow (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = melt_contours_new ();
  g_autoptr(MeltContours) plain = square (20.0);
  const MeltContours *layers[3];
  double z[3] = { 1, 2, 3 };
  g_autoptr(MeltToolpath) toolpath = NULL;
  g_autoptr(GError) error = NULL;
  MeltPlanReport report;

  /* a 20 mm square and, apart from it, a strip 1 mm wide and 15 mm long */
  melt_contours_begin_polygon (layer);
  add_rectangle (layer, 0, 0, 20, 20, FALSE);
  melt_contours_begin_polygon (layer);
  add_rectangle (layer, 25, 0, 26, 15, FALSE);
  melt_contours_end (layer);

  layers[0] = plain;
  layers[1] = layer;
  layers[2] = plain;
  toolpath = melt_planner_plan_layers (process, layers, z, 3, NULL, NULL, NULL, NULL,
                                       &report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (toolpath);
  g_assert_cmpuint (report.narrow_regions, ==, 1);
  assert_close (report.narrow_area_mm2, 15.0, 0.01);
  g_assert_cmpuint (report.narrow_layers, ==, 1);
  g_assert_cmpuint (report.first_narrow_layer, ==, 1);
  g_assert_cmpuint (report.last_narrow_layer, ==, 1);
  g_assert_cmpuint (report.islands, ==, 4);
  check_centres_inside (toolpath, layer);
  {
    g_autofree char *text = melt_plan_report_describe_narrow (&report);

    g_assert_nonnull (text);
    g_assert_nonnull (strstr (text, "1 region"));
    g_assert_nonnull (strstr (text, "layer 2"));
  }
}

/* The distance from (x, y) to the boundary of the square [lo, hi]² */
static double
distance_to_square (double x,
                    double y,
                    double lo,
                    double hi)
{
  double dx = MAX (MAX (lo - x, x - hi), 0.0);
  double dy = MAX (MAX (lo - y, y - hi), 0.0);

  if (dx > 0.0 || dy > 0.0)
    return hypot (dx, dy);

  return MIN (MIN (x - lo, hi - x), MIN (y - lo, hi - y));
}

/* A square tube 40 mm wide with 2.5 mm walls, narrower than the 3 mm bead
 * but wider than half of it: one closed bead along the middle of the wall,
 * nothing reported left empty, the wall's volume deposited */
static void
test_single_bead_tube (void)
{
  const double side = 40.0, wall = 2.5;
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = square_with_hole (side, side - 2 * wall);
  g_autoptr(MeltToolpath) toolpath = NULL;
  MeltToolpathStats stats;
  MeltPlanReport report;
  guint n, deposits = 0;
  MeltSegment first = { 0 }, last = { 0 };

  toolpath = plan_stack (process, layer, 1, NULL, &report);
  g_assert_cmpuint (report.narrow_regions, ==, 0);
  g_assert_cmpuint (report.beam_starts, ==, 1);

  n = melt_toolpath_get_n_segments (toolpath);
  for (guint i = 0; i < n; i++)
    {
      MeltSegment s;

      melt_toolpath_get_segment (toolpath, i, &s);
      if (!is_deposit (s.kind))
        continue;
      g_assert_cmpint (s.kind, ==, MELT_SEGMENT_PERIMETER);
      assert_close (s.width_mm, BEAD_WIDTH, 1e-6);
      assert_close (s.area_mm2, BEAD_AREA, 1e-6);
      /* the mid-line of the wall is the square [w/2, side − w/2]² */
      g_assert_cmpfloat (distance_to_square (s.start[0], s.start[1], wall / 2, side - wall / 2), <, 0.3);
      g_assert_cmpfloat (distance_to_square (s.end[0], s.end[1], wall / 2, side - wall / 2), <, 0.3);
      if (deposits++ == 0)
        first = s;
      last = s;
    }
  g_assert_cmpuint (deposits, >=, 4);
  /* closed: it ends where it started */
  g_assert_cmpfloat (hypot (last.end[0] - first.start[0], last.end[1] - first.start[1]), <, 1e-6);

  melt_toolpath_compute_stats (toolpath, 1.0, &stats);
  g_test_message ("tube: deposited %.1f mm³ of %.1f",
                  stats.deposited_volume_mm3, (side * side - (side - 2 * wall) * (side - 2 * wall)) * LAYER_HEIGHT);
  assert_close (stats.deposited_volume_mm3,
                (side * side - (side - 2 * wall) * (side - 2 * wall)) * LAYER_HEIGHT, 0.15);
}

/* A strip 2 mm × 30 mm: one open bead along its middle, about as long */
static void
test_single_bead_strip (void)
{
  const double length = 30.0, width = 2.0;
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = melt_contours_new ();
  g_autoptr(MeltToolpath) toolpath = NULL;
  MeltToolpathStats stats;
  MeltPlanReport report;
  guint n;

  melt_contours_begin_polygon (layer);
  add_rectangle (layer, 0, 0, length, width, FALSE);
  melt_contours_end (layer);

  toolpath = plan_stack (process, layer, 1, NULL, &report);
  g_assert_cmpuint (report.narrow_regions, ==, 0);
  g_assert_cmpuint (report.beam_starts, ==, 1);

  n = melt_toolpath_get_n_segments (toolpath);
  for (guint i = 0; i < n; i++)
    {
      MeltSegment s;

      melt_toolpath_get_segment (toolpath, i, &s);
      if (!is_deposit (s.kind))
        continue;
      g_assert_cmpint (s.kind, ==, MELT_SEGMENT_PERIMETER);
      g_assert_cmpfloat (fabs (s.start[1] - width / 2), <, 0.05 * width);
      g_assert_cmpfloat (fabs (s.end[1] - width / 2), <, 0.05 * width);
      g_assert_cmpfloat (MIN (s.start[0], s.end[0]), >=, 0.0);
      g_assert_cmpfloat (MAX (s.start[0], s.end[0]), <=, length);
    }

  /* it stops about half the strip's width short of each end */
  melt_toolpath_compute_stats (toolpath, 1.0, &stats);
  g_test_message ("strip: bead %.2f mm long", stats.path_length_mm);
  g_assert_cmpfloat (stats.path_length_mm, >=, length - 1.5 * width);
  g_assert_cmpfloat (stats.path_length_mm, <=, length);
  assert_close (stats.deposited_volume_mm3, stats.path_length_mm * BEAD_AREA, 1e-6);
}

/* An L-shaped wall 2 mm thick, legs 30 and 20 mm: one open bead round the
 * corner, along the middle of both legs */
static void
test_single_bead_corner (void)
{
  const double width = 2.0;
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = melt_contours_new ();
  g_autoptr(MeltToolpath) toolpath = NULL;
  MeltToolpathStats stats;
  MeltPlanReport report;
  guint n;

  melt_contours_begin_polygon (layer);
  melt_contours_begin_ring (layer);
  melt_contours_add_point (layer, 0, 0);
  melt_contours_add_point (layer, 30, 0);
  melt_contours_add_point (layer, 30, width);
  melt_contours_add_point (layer, width, width);
  melt_contours_add_point (layer, width, 20);
  melt_contours_add_point (layer, 0, 20);
  melt_contours_end (layer);

  toolpath = plan_stack (process, layer, 1, NULL, &report);
  g_assert_cmpuint (report.narrow_regions, ==, 0);
  g_assert_cmpuint (report.beam_starts, ==, 1);

  n = melt_toolpath_get_n_segments (toolpath);
  for (guint i = 0; i < n; i++)
    {
      MeltSegment s;

      melt_toolpath_get_segment (toolpath, i, &s);
      if (!is_deposit (s.kind))
        continue;
      for (guint e = 0; e < 2; e++)
        {
          double p[2] = { e ? s.end[0] : s.start[0], e ? s.end[1] : s.start[1] };
          /* the mid-line: y = w/2 for x ≥ w/2, x = w/2 for y ≥ w/2 */
          double to_x_leg = p[0] >= width / 2 ? fabs (p[1] - width / 2) : hypot (p[0] - width / 2, p[1] - width / 2);
          double to_y_leg = p[1] >= width / 2 ? fabs (p[0] - width / 2) : hypot (p[0] - width / 2, p[1] - width / 2);

          g_assert_cmpfloat (MIN (to_x_leg, to_y_leg), <, 0.3);
        }
    }

  melt_toolpath_compute_stats (toolpath, 1.0, &stats);
  g_test_message ("corner: bead %.2f mm long", stats.path_length_mm);
  g_assert_cmpfloat (stats.path_length_mm, >=, 0.85 * (30.0 + 20.0 - width));
  g_assert_cmpfloat (stats.path_length_mm, <=, 30.0 + 20.0 - width);
}

/* A strip narrower than half a bead stays empty and is reported */
static void
test_single_bead_too_narrow (void)
{
  const double length = 30.0, width = 0.45 * BEAD_WIDTH;
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = melt_contours_new ();
  g_autoptr(MeltToolpath) toolpath = NULL;
  MeltToolpathStats stats;
  MeltPlanReport report;

  melt_contours_begin_polygon (layer);
  add_rectangle (layer, 0, 0, length, width, FALSE);
  melt_contours_end (layer);

  toolpath = plan_stack (process, layer, 1, NULL, &report);
  g_assert_cmpuint (report.narrow_regions, ==, 1);
  assert_close (report.narrow_area_mm2, length * width, 0.01);
  g_assert_cmpuint (report.beam_starts, ==, 0);
  melt_toolpath_compute_stats (toolpath, 1.0, &stats);
  g_assert_cmpfloat (stats.deposited_volume_mm3, ==, 0.0);
}

/* A network of thin walls (a 30 mm square with four 12 mm square holes,
 * walls 2 mm) is not handled: it stays empty and is reported */
static void
test_single_bead_network (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = melt_contours_new ();
  g_autoptr(MeltToolpath) toolpath = NULL;
  MeltPlanReport report;

  melt_contours_begin_polygon (layer);
  add_rectangle (layer, 0, 0, 30, 30, FALSE);
  for (guint i = 0; i < 4; i++)
    add_rectangle (layer, 2 + (i % 2) * 14, 2 + (i / 2) * 14,
                   14 + (i % 2) * 14, 14 + (i / 2) * 14, TRUE);
  melt_contours_end (layer);

  toolpath = plan_stack (process, layer, 1, NULL, &report);
  g_assert_cmpuint (report.narrow_regions, ==, 1);
  assert_close (report.narrow_area_mm2, 30.0 * 30.0 - 4 * 12.0 * 12.0, 0.01);
  g_assert_cmpuint (report.beam_starts, ==, 0);
}

/* Islands are visited nearest first: with four squares in a row, the
 * travel between them is no more than the gaps between their beads */
static void
test_islands (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = melt_contours_new ();
  g_autoptr(MeltToolpath) toolpath = NULL;
  MeltPlanSettings settings;
  MeltPlanReport report;
  MeltToolpathStats stats;
  /* listed out of order on purpose */
  double at[4] = { 0.0, 60.0, 20.0, 40.0 };

  for (guint i = 0; i < 4; i++)
    {
      melt_contours_begin_polygon (layer);
      add_rectangle (layer, at[i], 0, at[i] + 10, 10, FALSE);
    }
  melt_contours_end (layer);

  melt_plan_settings_init (&settings);
  settings.perimeters = 1;
  settings.fill = MELT_FILL_NONE;
  settings.seam = MELT_SEAM_NEAREST;
  toolpath = plan_stack (process, layer, 1, &settings, &report);
  g_assert_cmpuint (report.islands, ==, 4);
  g_assert_cmpuint (report.beam_starts, ==, 4);
  g_assert_null (melt_plan_report_describe_narrow (&report));
  melt_toolpath_compute_stats (toolpath, 1.0, &stats);
  /* each ring ends where it started, at its seam; the seam of the next is
   * the nearest point of it, 20 mm on: three hops, left to right */
  g_assert_cmpfloat (stats.travel_length_mm, <=, 3 * 20.0 + 1e-4);
  {
    guint n = melt_toolpath_get_n_segments (toolpath);
    double last_x = -1.0;

    for (guint i = 0; i < n; i++)
      {
        MeltSegment s;

        melt_toolpath_get_segment (toolpath, i, &s);
        if (s.kind != MELT_SEGMENT_PERIMETER)
          continue;
        g_assert_cmpfloat (s.start[0], >=, last_x - 10.0);
        last_x = MAX (last_x, s.start[0]);
      }
  }
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  GArray *fractions = user_data;

  g_array_append_val (fractions, fraction);
}

static void
test_progress (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = square (10.0);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  const MeltContours *layers[250];
  double z[250];
  g_autoptr(MeltToolpath) toolpath = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 250; i++)
    {
      layers[i] = layer;
      z[i] = i;
    }
  toolpath = melt_planner_plan_layers (process, layers, z, 250, NULL, NULL,
                                       on_progress, fractions, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fractions->len, ==, 100);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
}

static void
test_cancel (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = square (10.0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const MeltContours *layers[2] = { layer, layer };
  double z[2] = { 1, 2 };
  g_autoptr(MeltToolpath) toolpath = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  toolpath = melt_planner_plan_layers (process, layers, z, 2, NULL, cancellable,
                                       NULL, NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (toolpath);
}

static void
cancel_at_half (double   fraction,
                gpointer user_data)
{
  if (fraction >= 0.5)
    g_cancellable_cancel (user_data);
}

/* Cancelled half way, with layers being computed ahead in worker threads */
static void
test_cancel_running (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = disc (40.0, 400);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const MeltContours *layers[60];
  double z[60];
  g_autoptr(MeltToolpath) toolpath = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 60; i++)
    {
      layers[i] = layer;
      z[i] = i;
    }
  toolpath = melt_planner_plan_layers (process, layers, z, 60, NULL, cancellable,
                                       cancel_at_half, cancellable, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (toolpath);
}

static void
expect_invalid (MeltProcess            *process,
                const MeltContours     *layer,
                const double           *z,
                guint                   n,
                const MeltPlanSettings *settings,
                GQuark                  domain,
                int                     code)
{
  const MeltContours *layers[3] = { layer, layer, layer };
  g_autoptr(MeltToolpath) toolpath = NULL;
  g_autoptr(GError) error = NULL;

  toolpath = melt_planner_plan_layers (process, layers, z, n, settings, NULL, NULL, NULL,
                                       NULL, &error);
  g_assert_null (toolpath);
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
}

static void
test_bad_arguments (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltProcess) unknown = test_process ();
  g_autoptr(MeltContours) layer = square (10.0);
  g_autoptr(MeltContours) broken = square (10.0);
  double z[3] = { 1, 2, 3 };
  double down[3] = { 1, 3, 2 };
  double nan_z[3] = { 1, NAN, 3 };
  MeltPlanSettings settings;

  expect_invalid (process, layer, z, 0, NULL, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID);
  expect_invalid (process, layer, down, 3, NULL, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID);
  expect_invalid (process, layer, nan_z, 3, NULL, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID);

  melt_plan_settings_init (&settings);
  settings.perimeters = MELT_PLAN_MAX_PERIMETERS + 1;
  expect_invalid (process, layer, z, 3, &settings, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID);
  melt_plan_settings_init (&settings);
  settings.fill_overlap = 1.5;
  expect_invalid (process, layer, z, 3, &settings, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID);
  melt_plan_settings_init (&settings);
  settings.travel_speed_mm_s = 0.0;
  expect_invalid (process, layer, z, 3, &settings, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID);
  for (guint i = 0; i < 3; i++)
    {
      const double bad[] = { -0.01, MELT_PLAN_MAX_RESOLUTION_MM * 1.5, NAN };

      melt_plan_settings_init (&settings);
      settings.resolution_mm = bad[i];
      expect_invalid (process, layer, z, 3, &settings, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID);
    }
  melt_plan_settings_init (&settings);
  settings.fill = (MeltFillPattern) 17;
  expect_invalid (process, layer, z, 3, &settings, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID);
  melt_plan_settings_init (&settings);
  settings.seam = (MeltSeamStrategy) 9;
  expect_invalid (process, layer, z, 3, &settings, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID);
  melt_plan_settings_init (&settings);
  settings.fill_angle_deg = INFINITY;
  expect_invalid (process, layer, z, 3, &settings, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID);

  /* contours whose offsets point past their arrays */
  broken->ring_start[broken->n_rings] = broken->n_points + 5;
  expect_invalid (process, broken, z, 3, NULL, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID);
  broken->ring_start[broken->n_rings] = broken->n_points;
  broken->xy[3] = NAN;
  expect_invalid (process, broken, z, 3, NULL, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID);

  melt_process_set_material (unknown, "unobtainium");
  expect_invalid (unknown, layer, z, 3, NULL, MELT_PROCESS_ERROR, MELT_PROCESS_ERROR_UNKNOWN_MATERIAL);

  /* a NULL process is a programming error */
  {
    const MeltContours *layers[1] = { layer };
    g_autoptr(GError) error = NULL;

    g_test_expect_message ("melt-planner", G_LOG_LEVEL_CRITICAL, "*MELT_IS_PROCESS*");
    g_assert_null (melt_planner_plan_layers (NULL, layers, z, 1, NULL, NULL, NULL, NULL,
                                             NULL, &error));
    g_test_assert_expected_messages ();
    g_assert_no_error (error);
  }
}

/* Self-intersecting outlines are repaired, empty layers are allowed */
static void
test_odd_outlines (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) bowtie = melt_contours_new ();
  g_autoptr(MeltContours) empty = melt_contours_new ();
  const MeltContours *layers[2] = { bowtie, empty };
  double z[2] = { 1, 2 };
  g_autoptr(MeltToolpath) toolpath = NULL;
  g_autoptr(GError) error = NULL;
  MeltPlanReport report;

  melt_contours_begin_polygon (bowtie);
  melt_contours_begin_ring (bowtie);
  melt_contours_add_point (bowtie, 0, 0);
  melt_contours_add_point (bowtie, 30, 30);
  melt_contours_add_point (bowtie, 30, 0);
  melt_contours_add_point (bowtie, 0, 30);
  melt_contours_end (bowtie);

  toolpath = melt_planner_plan_layers (process, layers, z, 2, NULL, NULL, NULL, NULL,
                                       &report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (toolpath);
  g_assert_cmpuint (report.layers, ==, 2);
  g_assert_cmpuint (report.islands, ==, 2);
  g_assert_cmpuint (melt_toolpath_get_n_segments (toolpath), >, 0);
}

/* The electron beam: power U × I and the beam current on every bead */
static void
test_ebeam (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = square (10.0);
  g_autoptr(MeltToolpath) toolpath = NULL;
  guint n;

  melt_process_set_kind (process, MELT_PROCESS_KIND_EBEAM_WIRE);
  melt_process_set_double (process, MELT_PROCESS_PARAM_EBEAM_ACCEL_VOLTAGE_KV, 20.0);
  melt_process_set_double (process, MELT_PROCESS_PARAM_EBEAM_BEAM_CURRENT_MA, 50.0);
  toolpath = plan_stack (process, layer, 1, NULL, NULL);
  n = melt_toolpath_get_n_segments (toolpath);
  for (guint i = 0; i < n; i++)
    {
      MeltSegment s;

      melt_toolpath_get_segment (toolpath, i, &s);
      if (is_deposit (s.kind))
        {
          g_assert_cmpfloat_with_epsilon (s.power_w, 1000.0, 1e-3);
          g_assert_cmpfloat_with_epsilon (s.beam_current_ma, 50.0, 1e-4);
          g_assert_cmpfloat_with_epsilon (s.speed_mm_s, TRAVEL_SPEED, 1e-5);
        }
      else
        {
          g_assert_cmpfloat (s.power_w, ==, 0.0);
          g_assert_cmpfloat (s.wire_feed_mm_s, ==, 0.0);
        }
    }
}

/* Times: every segment starts where the one before ended */
static void
test_times (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = square_with_hole (30.0, 10.0);
  g_autoptr(MeltToolpath) toolpath = NULL;
  guint n;
  double t = 0.0;

  toolpath = plan_stack (process, layer, 3, NULL, NULL);
  n = melt_toolpath_get_n_segments (toolpath);
  for (guint i = 0; i < n; i++)
    {
      MeltSegment s;
      double length;

      melt_toolpath_get_segment (toolpath, i, &s);
      g_assert_cmpfloat_with_epsilon (s.start_time_s, t, 1e-6 * MAX (1.0, t));
      length = sqrt ((s.end[0] - s.start[0]) * (s.end[0] - s.start[0]) +
                     (s.end[1] - s.start[1]) * (s.end[1] - s.start[1]) +
                     (s.end[2] - s.start[2]) * (s.end[2] - s.start[2]));
      if (s.kind != MELT_SEGMENT_DWELL)
        g_assert_cmpfloat_with_epsilon (s.duration_s, length / s.speed_mm_s, 1e-4 * MAX (1.0, s.duration_s));
      if (i > 0)
        {
          MeltSegment prev;

          melt_toolpath_get_segment (toolpath, i - 1, &prev);
          for (guint k = 0; k < 3; k++)
            g_assert_cmpfloat_with_epsilon (prev.end[k], s.start[k], 1e-4);
        }
      t = s.start_time_s + s.duration_s;
    }
}

/* Polygon length, independent of the planner */
static double
disc_perimeter_beads_length (MeltToolpath *toolpath)
{
  guint n = melt_toolpath_get_n_segments (toolpath);
  double length = 0.0;

  for (guint i = 0; i < n; i++)
    {
      MeltSegment s;

      melt_toolpath_get_segment (toolpath, i, &s);
      if (s.kind == MELT_SEGMENT_PERIMETER)
        length += hypot (s.end[0] - s.start[0], s.end[1] - s.start[1]);
    }

  return length;
}

/* A finely tessellated disc (20 000 points, 6 µm apart) is simplified to the
 * resolution: far fewer segments, the same beads. (GEOS's inset itself drops
 * points closer than a hundredth of the inset distance, so even unsimplified
 * the bead has fewer points than the outline.) Every bead point stays within
 * the resolution of the true inset circle. */
static void
test_resolution (void)
{
  const double radius = 20.0;
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = disc (radius, 20000);
  g_autoptr(MeltToolpath) full = NULL;
  g_autoptr(MeltToolpath) simple = NULL;
  MeltPlanSettings settings;
  guint n_full, n_simple, n;
  double first_radius = radius - BEAD_WIDTH / 2.0;

  melt_plan_settings_init (&settings);
  g_assert_cmpfloat (settings.resolution_mm, ==, 0.0125);
  settings.fill = MELT_FILL_NONE;
  settings.perimeters = 1;
  simple = plan_stack (process, layer, 1, &settings, NULL);
  settings.resolution_mm = 0.0;
  full = plan_stack (process, layer, 1, &settings, NULL);

  n_full = melt_toolpath_get_n_segments (full);
  n_simple = melt_toolpath_get_n_segments (simple);
  g_test_message ("disc of 20000 points: %u segments unsimplified, %u at 0.0125 mm", n_full, n_simple);
  g_assert_cmpuint (n_full, >, 4000);
  g_assert_cmpuint (n_simple * 20, <, n_full);
  /* 2πr of the first perimeter, to a chord's shortfall */
  assert_close (disc_perimeter_beads_length (simple), 2 * G_PI * first_radius, 0.001);
  assert_close (disc_perimeter_beads_length (full), 2 * G_PI * first_radius, 0.001);

  /* the bead's ends lie on the inset circle, to the resolution */
  n = melt_toolpath_get_n_segments (simple);
  for (guint i = 0; i < n; i++)
    {
      MeltSegment s;

      melt_toolpath_get_segment (simple, i, &s);
      if (s.kind != MELT_SEGMENT_PERIMETER)
        continue;
      g_assert_cmpfloat (fabs (hypot (s.start[0], s.start[1]) - first_radius), <=, 0.0125 + 1e-6);
    }
}

/* 100 layers of a 100 mm square; the time goes to the log */
static void
test_large (void)
{
  g_autoptr(MeltProcess) process = test_process ();
  g_autoptr(MeltContours) layer = square (100.0);
  g_autoptr(MeltToolpath) toolpath = NULL;
  MeltToolpathStats stats;
  gint64 start = g_get_monotonic_time ();
  double seconds;

  toolpath = plan_stack (process, layer, 100, NULL, NULL);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  melt_toolpath_compute_stats (toolpath, 1.0, &stats);
  g_test_message ("100 layers of a 100 mm square: %.3f s, %u segments, %.0f mm³ of %.0f",
                  seconds, melt_toolpath_get_n_segments (toolpath),
                  stats.deposited_volume_mm3, 100.0 * 100.0 * 100 * LAYER_HEIGHT);
  assert_close (stats.deposited_volume_mm3, 100.0 * 100.0 * 100 * LAYER_HEIGHT, 0.10);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/planner/process-bead", test_process_bead);
  g_test_add_func ("/core/planner/volume/cube", test_volume_cube);
  g_test_add_func ("/core/planner/volume/cylinder", test_volume_cylinder);
  g_test_add_func ("/core/planner/volume/hole", test_volume_hole);
  g_test_add_func ("/core/planner/volume/comb", test_volume_comb);
  g_test_add_func ("/core/planner/volume/sliced-cube", test_volume_sliced_cube);
  g_test_add_func ("/core/planner/centres-inside", test_centres_inside);
  g_test_add_func ("/core/planner/resolution", test_resolution);
  g_test_add_func ("/core/planner/ring-spacing", test_ring_spacing);
  g_test_add_func ("/core/planner/fill-angle", test_fill_angle);
  g_test_add_func ("/core/planner/zigzag", test_zigzag);
  g_test_add_func ("/core/planner/fill-reach", test_fill_reach);
  g_test_add_func ("/core/planner/seams", test_seams);
  g_test_add_func ("/core/planner/dwell", test_dwell);
  g_test_add_func ("/core/planner/narrow", test_narrow);
  g_test_add_func ("/core/planner/single-bead/tube", test_single_bead_tube);
  g_test_add_func ("/core/planner/single-bead/strip", test_single_bead_strip);
  g_test_add_func ("/core/planner/single-bead/corner", test_single_bead_corner);
  g_test_add_func ("/core/planner/single-bead/too-narrow", test_single_bead_too_narrow);
  g_test_add_func ("/core/planner/single-bead/network", test_single_bead_network);
  g_test_add_func ("/core/planner/islands", test_islands);
  g_test_add_func ("/core/planner/progress", test_progress);
  g_test_add_func ("/core/planner/cancel", test_cancel);
  g_test_add_func ("/core/planner/cancel-running", test_cancel_running);
  g_test_add_func ("/core/planner/bad-arguments", test_bad_arguments);
  g_test_add_func ("/core/planner/odd-outlines", test_odd_outlines);
  g_test_add_func ("/core/planner/ebeam", test_ebeam);
  g_test_add_func ("/core/planner/times", test_times);
  g_test_add_func ("/core/planner/large", test_large);

  return g_test_run ();
}
