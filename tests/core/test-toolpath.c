/* test-toolpath.c: MeltToolpath arrays, layer ranges and stats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The expected figures are worked out by hand in the comments below, not
 * taken from the library.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "melt-toolpath.h"

#define assert_close(value, expected, tol)                                         \
  G_STMT_START {                                                                   \
    double v_ = (value), e_ = (expected);                                          \
    if (fabs (v_ - e_) > (tol))                                                    \
      g_error ("%s = %.9g, expected %.9g within %.2g", #value, v_, e_, (double) (tol)); \
  } G_STMT_END

#define WIRE_D 1.2

static void
seg (MeltToolpath    *path,
     MeltSegmentKind  kind,
     guint            layer,
     guint32          bead,
     double           x0,
     double           y0,
     double           z0,
     double           x1,
     double           y1,
     double           z1,
     double           speed,
     double           power,
     double           feed,
     double           area,
     double          *clock,
     double           dwell_s)
{
  MeltSegment s = { 0 };
  double length = sqrt ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0) + (z1 - z0) * (z1 - z0));

  s.start[0] = x0; s.start[1] = y0; s.start[2] = z0;
  s.end[0] = x1; s.end[1] = y1; s.end[2] = z1;
  s.kind = kind;
  s.layer = layer;
  s.bead = bead;
  s.speed_mm_s = speed;
  s.power_w = power;
  s.beam_current_ma = 0;
  s.wire_feed_mm_s = feed;
  s.width_mm = area > 0 ? 3 : 0;
  s.height_mm = area > 0 ? 1 : 0;
  s.area_mm2 = area;
  s.start_time_s = *clock;
  s.duration_s = kind == MELT_SEGMENT_DWELL ? dwell_s : length / speed;
  s.source_line = 100 + melt_toolpath_get_n_segments (path);
  *clock += s.duration_s;
  melt_toolpath_append (path, &s);
}

/*
 * Layer 0: a 10 mm square of 4 perimeter segments, one bead, at 5 mm/s,
 *   1000 W, wire 20 mm/s, bead area 2 mm²; then a travel of 10 mm
 *   ((0,0) to (6,8)) at 100 mm/s.
 * Layer 1: a dwell of 3 s; two fill segments of 10 mm, beads 1 and 2 end to
 *   end, at 5 mm/s, 800 W, wire 10 mm/s, area 1.5 mm².
 */
static MeltToolpath *
make_plan (void)
{
  MeltToolpath *path = melt_toolpath_new ();
  double t = 0;

  seg (path, MELT_SEGMENT_PERIMETER, 0, 0, 0, 0, 0, 10, 0, 0, 5, 1000, 20, 2, &t, 0);
  seg (path, MELT_SEGMENT_PERIMETER, 0, 0, 10, 0, 0, 10, 10, 0, 5, 1000, 20, 2, &t, 0);
  seg (path, MELT_SEGMENT_PERIMETER, 0, 0, 10, 10, 0, 0, 10, 0, 5, 1000, 20, 2, &t, 0);
  seg (path, MELT_SEGMENT_PERIMETER, 0, 0, 0, 10, 0, 0, 0, 0, 5, 1000, 20, 2, &t, 0);
  seg (path, MELT_SEGMENT_TRAVEL, 0, G_MAXUINT32, 0, 0, 0, 6, 8, 0, 100, 0, 0, 0, &t, 0);
  seg (path, MELT_SEGMENT_DWELL, 1, G_MAXUINT32, 6, 8, 1, 6, 8, 1, 0, 0, 0, 0, &t, 3);
  seg (path, MELT_SEGMENT_FILL, 1, 1, 6, 8, 1, 6, 18, 1, 5, 800, 10, 1.5, &t, 0);
  seg (path, MELT_SEGMENT_FILL, 1, 2, 6, 18, 1, 16, 18, 1, 5, 800, 10, 1.5, &t, 0);

  return path;
}

static void
test_append_get (void)
{
  g_autoptr(MeltToolpath) path = melt_toolpath_new ();
  MeltSegment s;

  g_assert_cmpuint (melt_toolpath_get_n_segments (path), ==, 0);
  g_assert_cmpuint (melt_toolpath_get_n_layers (path), ==, 0);
  g_clear_object (&path);

  path = make_plan ();
  g_assert_cmpuint (melt_toolpath_get_n_segments (path), ==, 8);
  g_assert_cmpuint (melt_toolpath_get_n_layers (path), ==, 2);
  g_assert_true (melt_toolpath_get_layers_ordered (path));

  melt_toolpath_get_segment (path, 1, &s);
  g_assert_cmpfloat (s.start[0], ==, 10);
  g_assert_cmpfloat (s.end[1], ==, 10);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_PERIMETER);
  g_assert_cmpuint (s.layer, ==, 0);
  g_assert_cmpuint (s.bead, ==, 0);
  g_assert_cmpfloat (s.speed_mm_s, ==, 5);
  g_assert_cmpfloat (s.power_w, ==, 1000);
  g_assert_cmpfloat (s.wire_feed_mm_s, ==, 20);
  g_assert_cmpfloat (s.width_mm, ==, 3);
  g_assert_cmpfloat (s.height_mm, ==, 1);
  g_assert_cmpfloat (s.area_mm2, ==, 2);
  g_assert_cmpfloat (s.start_time_s, ==, 2);
  g_assert_cmpfloat (s.duration_s, ==, 2);
  g_assert_cmpuint (s.source_line, ==, 101);

  melt_toolpath_get_segment (path, 5, &s);
  g_assert_cmpint (s.kind, ==, MELT_SEGMENT_DWELL);
  g_assert_cmpfloat (s.duration_s, ==, 3);
  g_assert_cmpuint (s.bead, ==, G_MAXUINT32);

  /* The arrays */
  g_assert_cmpfloat (melt_toolpath_get_starts (path)[3 * 7 + 1], ==, 18);
  g_assert_cmpfloat (melt_toolpath_get_ends (path)[3 * 7 + 0], ==, 16);
  g_assert_cmpuint (melt_toolpath_get_kinds (path)[4], ==, MELT_SEGMENT_TRAVEL);
  g_assert_cmpuint (melt_toolpath_get_layers (path)[6], ==, 1);
  g_assert_cmpuint (melt_toolpath_get_beads (path)[7], ==, 2);
  g_assert_cmpfloat (melt_toolpath_get_speeds (path)[4], ==, 100);
  g_assert_cmpfloat (melt_toolpath_get_powers (path)[6], ==, 800);
  g_assert_cmpfloat (melt_toolpath_get_wire_feeds (path)[6], ==, 10);
  g_assert_cmpfloat (melt_toolpath_get_areas (path)[7], ==, 1.5);
  g_assert_cmpfloat (melt_toolpath_get_durations (path)[4], ==, 0.1f);
  g_assert_cmpuint (melt_toolpath_get_source_lines (path)[7], ==, 107);
  assert_close (melt_toolpath_get_start_times (path)[7], 8.1 + 3 + 2, 1e-6);

  g_assert_cmpstr (melt_segment_kind_to_string (MELT_SEGMENT_FILL), ==, "fill");
  g_assert_cmpstr (melt_segment_kind_to_string (MELT_SEGMENT_DWELL), ==, "dwell");
  g_assert_true (melt_segment_kind_deposits (MELT_SEGMENT_PERIMETER));
  g_assert_false (melt_segment_kind_deposits (MELT_SEGMENT_TRAVEL));
}

static void
test_many (void)
{
  g_autoptr(MeltToolpath) path = melt_toolpath_new ();
  const guint n = 100000;

  melt_toolpath_reserve (path, 10);
  for (guint i = 0; i < n; i++)
    {
      MeltSegment s = { 0 };

      s.start[0] = i;
      s.end[0] = i + 1;
      s.kind = MELT_SEGMENT_FILL;
      s.layer = i / 1000;
      s.bead = i;
      melt_toolpath_append (path, &s);
    }

  g_assert_cmpuint (melt_toolpath_get_n_segments (path), ==, n);
  g_assert_cmpuint (melt_toolpath_get_n_layers (path), ==, 100);
  for (guint l = 0; l < 100; l++)
    {
      guint first, last;

      melt_toolpath_get_layer_range (path, l, &first, &last);
      g_assert_cmpuint (first, ==, l * 1000);
      g_assert_cmpuint (last, ==, l * 1000 + 1000);
    }
  g_assert_cmpfloat (melt_toolpath_get_starts (path)[3 * (n - 1)], ==, n - 1);
}

static void
test_layer_ranges (void)
{
  g_autoptr(MeltToolpath) path = make_plan ();
  g_autoptr(MeltToolpath) gaps = melt_toolpath_new ();
  g_autoptr(MeltToolpath) mixed = melt_toolpath_new ();
  guint first, last;
  const guint gap_layers[] = { 0, 0, 2, 2, 2, 5 };
  const guint mixed_layers[] = { 1, 0, 1, 0, 3 };

  melt_toolpath_get_layer_range (path, 0, &first, &last);
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (last, ==, 5);
  melt_toolpath_get_layer_range (path, 1, &first, &last);
  g_assert_cmpuint (first, ==, 5);
  g_assert_cmpuint (last, ==, 8);
  melt_toolpath_get_layer_range (path, 7, &first, &last);
  g_assert_cmpuint (first, ==, last);
  melt_toolpath_get_layer_range (path, 1, NULL, &last);
  g_assert_cmpuint (last, ==, 8);

  /* Layers with no segments give empty ranges in order */
  for (guint i = 0; i < G_N_ELEMENTS (gap_layers); i++)
    {
      MeltSegment s = { 0 };

      s.kind = MELT_SEGMENT_TRAVEL;
      s.layer = gap_layers[i];
      melt_toolpath_append (gaps, &s);
    }
  g_assert_cmpuint (melt_toolpath_get_n_layers (gaps), ==, 6);
  melt_toolpath_get_layer_range (gaps, 1, &first, &last);
  g_assert_cmpuint (first, ==, 2);
  g_assert_cmpuint (last, ==, 2);
  melt_toolpath_get_layer_range (gaps, 2, &first, &last);
  g_assert_cmpuint (first, ==, 2);
  g_assert_cmpuint (last, ==, 5);
  melt_toolpath_get_layer_range (gaps, 4, &first, &last);
  g_assert_cmpuint (first, ==, last);
  melt_toolpath_get_layer_range (gaps, 5, &first, &last);
  g_assert_cmpuint (first, ==, 5);
  g_assert_cmpuint (last, ==, 6);

  /* Out of order: the range spans the first to the last of the layer */
  for (guint i = 0; i < G_N_ELEMENTS (mixed_layers); i++)
    {
      MeltSegment s = { 0 };

      s.kind = MELT_SEGMENT_FILL;
      s.end[0] = 1;
      s.layer = mixed_layers[i];
      s.bead = i;
      melt_toolpath_append (mixed, &s);
    }
  g_assert_false (melt_toolpath_get_layers_ordered (mixed));
  melt_toolpath_get_layer_range (mixed, 0, &first, &last);
  g_assert_cmpuint (first, ==, 1);
  g_assert_cmpuint (last, ==, 4);
  {
    MeltToolpathStats stats;

    /* …but the layer's stats count only its own segments */
    melt_toolpath_compute_layer_stats (mixed, 0, WIRE_D, &stats);
    g_assert_cmpuint (stats.segments, ==, 2);
    assert_close (stats.path_length_mm, 2, 1e-9);
    g_assert_cmpuint (stats.beam_starts, ==, 2);
  }
}

static void
test_stats (void)
{
  g_autoptr(MeltToolpath) path = make_plan ();
  MeltToolpathStats all, l0, l1, none;
  double wire_area = G_PI * WIRE_D * WIRE_D / 4;

  melt_toolpath_compute_stats (path, WIRE_D, &all);
  melt_toolpath_compute_layer_stats (path, 0, WIRE_D, &l0);
  melt_toolpath_compute_layer_stats (path, 1, WIRE_D, &l1);
  melt_toolpath_compute_layer_stats (path, 9, WIRE_D, &none);

  /* Layer 0: 4 × 10 mm at 5 mm/s = 8 s on; travel 10 mm in 0.1 s */
  g_assert_cmpuint (l0.layers, ==, 1);
  g_assert_cmpuint (l0.segments, ==, 5);
  assert_close (l0.total_time_s, 8.1, 1e-6);
  assert_close (l0.beam_on_time_s, 8, 1e-6);
  assert_close (l0.travel_time_s, 0.1, 1e-6);
  assert_close (l0.dwell_time_s, 0, 1e-12);
  assert_close (l0.path_length_mm, 40, 1e-6);
  assert_close (l0.travel_length_mm, 10, 1e-6);
  g_assert_cmpuint (l0.beam_starts, ==, 1);
  /* pi d²/4 × feed × time = 1.1309734 × 20 × 8 */
  assert_close (l0.wire_volume_mm3, wire_area * 20 * 8, 1e-4);
  assert_close (l0.wire_volume_mm3, 180.95574, 1e-4);
  /* P × t = 1000 W × 8 s */
  assert_close (l0.energy_j, 8000, 1e-3);
  /* area × length = 2 × 40 */
  assert_close (l0.deposited_volume_mm3, 80, 1e-5);

  /* Layer 1: dwell 3 s; two beads of 10 mm, 2 s each, end to end */
  g_assert_cmpuint (l1.segments, ==, 3);
  assert_close (l1.total_time_s, 7, 1e-6);
  assert_close (l1.beam_on_time_s, 4, 1e-6);
  assert_close (l1.dwell_time_s, 3, 1e-6);
  assert_close (l1.travel_time_s, 0, 1e-12);
  assert_close (l1.path_length_mm, 20, 1e-6);
  g_assert_cmpuint (l1.beam_starts, ==, 2);
  assert_close (l1.wire_volume_mm3, wire_area * 10 * 4, 1e-4);
  assert_close (l1.energy_j, 3200, 1e-3);
  assert_close (l1.deposited_volume_mm3, 30, 1e-5);

  /* The whole plan */
  g_assert_cmpuint (all.layers, ==, 2);
  g_assert_cmpuint (all.segments, ==, 8);
  assert_close (all.total_time_s, 15.1, 1e-6);
  assert_close (all.beam_on_time_s, 12, 1e-6);
  assert_close (all.travel_time_s, 0.1, 1e-6);
  assert_close (all.dwell_time_s, 3, 1e-6);
  assert_close (all.path_length_mm, 60, 1e-6);
  assert_close (all.travel_length_mm, 10, 1e-6);
  g_assert_cmpuint (all.beam_starts, ==, 3);
  assert_close (all.wire_volume_mm3, 226.19467, 1e-4);
  assert_close (all.energy_j, 11200, 1e-3);
  assert_close (all.deposited_volume_mm3, 110, 1e-5);

  g_assert_cmpuint (none.layers, ==, 0);
  g_assert_cmpuint (none.segments, ==, 0);
  assert_close (none.total_time_s, 0, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/toolpath/append-get", test_append_get);
  g_test_add_func ("/core/toolpath/many", test_many);
  g_test_add_func ("/core/toolpath/layer-ranges", test_layer_ranges);
  g_test_add_func ("/core/toolpath/stats", test_stats);

  return g_test_run ();
}
