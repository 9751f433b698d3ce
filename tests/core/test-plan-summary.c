/* test-plan-summary.c: the figures of a plan and the microgravity-window rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>

#include "melt-material.h"
#include "melt-plan-summary.h"

static void
assert_close (double a,
              double b)
{
  g_assert_cmpfloat_with_epsilon (a, b, 1e-6 * MAX (1.0, fabs (b)));
}

static void
add (MeltToolpath    *path,
     MeltSegmentKind  kind,
     guint            layer,
     guint            bead,
     double           length_mm,
     double           duration_s,
     double          *clock)
{
  MeltSegment s = { 0 };
  gboolean on = melt_segment_kind_deposits (kind);

  s.end[0] = kind == MELT_SEGMENT_DWELL ? 0 : length_mm;
  s.start[2] = s.end[2] = layer + 0.5;
  s.kind = kind;
  s.layer = layer;
  s.bead = on ? bead : G_MAXUINT32;
  s.speed_mm_s = kind == MELT_SEGMENT_DWELL ? 0 : length_mm / duration_s;
  s.power_w = on ? 1000 : 0;
  s.wire_feed_mm_s = on ? 10 : 0;
  s.width_mm = on ? 3 : 0;
  s.height_mm = on ? 1 : 0;
  s.area_mm2 = on ? 2 : 0;
  s.start_time_s = *clock;
  s.duration_s = duration_s;
  s.source_line = MELT_SEGMENT_NO_LINE;
  *clock += duration_s;
  melt_toolpath_append (path, &s);
}

/* Layer 0: 10 s of bead, 2 s of travel, a 30 s dwell; layer 1: 25 s of bead */
static MeltToolpath *
two_layers (void)
{
  MeltToolpath *path = melt_toolpath_new ();
  double clock = 0;

  add (path, MELT_SEGMENT_PERIMETER, 0, 0, 50, 10, &clock);
  add (path, MELT_SEGMENT_TRAVEL, 0, 0, 20, 2, &clock);
  add (path, MELT_SEGMENT_DWELL, 0, 0, 0, 30, &clock);
  add (path, MELT_SEGMENT_FILL, 1, 1, 100, 25, &clock);

  return path;
}

static void
test_figures (void)
{
  g_autoptr(MeltToolpath) path = two_layers ();
  g_autoptr(MeltProcess) process = melt_process_new (MELT_PROCESS_KIND_LASER_WIRE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  MeltMeshReport part = { 0 };
  MeltPlanSummary s;
  MeltMaterial *material;
  double d, wire_volume;
  JsonObject *object;

  melt_process_set_double (process, MELT_PROCESS_PARAM_MIN_LAYER_TIME_S, 0);
  melt_process_set_double (process, MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S, 0);
  part.volume_mm3 = 400;

  g_assert_true (melt_plan_summary_compute (&s, path, process, &part, &error));
  g_assert_no_error (error);

  d = melt_process_get_double (process, MELT_PROCESS_PARAM_WIRE_DIAMETER_MM);
  wire_volume = G_PI * d * d / 4 * 10 * 35;
  material = melt_material_lookup (melt_process_get_material (process));
  g_assert_nonnull (material);

  g_assert_cmpuint (s.layers, ==, 2);
  g_assert_cmpuint (s.segments, ==, 4);
  g_assert_cmpuint (s.beam_starts, ==, 2);
  assert_close (s.total_time_s, 67);
  assert_close (s.beam_on_time_s, 35);
  assert_close (s.travel_time_s, 2);
  assert_close (s.dwell_time_s, 30);
  assert_close (s.path_length_mm, 150);
  assert_close (s.wire_volume_mm3, wire_volume);
  assert_close (s.wire_mass_g, melt_material_get_density_kg_m3 (material) * wire_volume * 1e-6);
  assert_close (s.energy_kj, 35.0);
  assert_close (s.deposited_volume_mm3, 300);
  assert_close (s.part_volume_mm3, 400);
  assert_close (s.volume_ratio, 0.75);
  /* Layer 0 is 12 s (its dwell is not counted), layer 1 25 s */
  assert_close (s.longest_layer_time_s, 25);
  g_assert_cmpuint (s.longest_layer, ==, 1);
  g_assert_true (s.fits_microgravity_window);

  node = melt_plan_summary_to_json_node (&s);
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "layers"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "beam_starts"), ==, 2);
  assert_close (json_object_get_double_member (object, "total_time_s"), 67);
  assert_close (json_object_get_double_member (object, "energy_kj"), 35);
  assert_close (json_object_get_double_member (object, "volume_ratio"), 0.75);
  g_assert_true (json_object_get_boolean_member (object, "fits_microgravity_window"));
  for (const char * const *key = (const char * const[]) { "segments", "path_length_mm",
         "beam_on_time_s", "wire_mass_g", "deposited_volume_mm3", "part_volume_mm3", NULL };
       *key != NULL; key++)
    g_assert_true (json_object_has_member (object, *key));

  /* No part: no volume ratio */
  g_assert_true (melt_plan_summary_compute (&s, path, process, NULL, &error));
  assert_close (s.part_volume_mm3, 0);
  assert_close (s.volume_ratio, 0);
}

static void
test_window (void)
{
  g_autoptr(MeltToolpath) path = two_layers ();
  g_autoptr(MeltProcess) process = melt_process_new (MELT_PROCESS_KIND_LASER_WIRE);
  g_autoptr(GError) error = NULL;
  MeltPlanSummary s;

  melt_process_set_double (process, MELT_PROCESS_PARAM_MIN_LAYER_TIME_S, 0);

  /* A parabola's 20 s cannot hold the 25 s layer */
  melt_process_set_double (process, MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S, 20);
  g_assert_true (melt_plan_summary_compute (&s, path, process, NULL, &error));
  assert_close (s.microgravity_window_s, 20);
  g_assert_false (s.fits_microgravity_window);

  /* Exactly the window fits; the 30 s dwell between layers does not count */
  melt_process_set_double (process, MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S, 25);
  g_assert_true (melt_plan_summary_compute (&s, path, process, NULL, &error));
  g_assert_true (s.fits_microgravity_window);

  /* A minimum layer time longer than the window makes a layer too long */
  melt_process_set_double (process, MELT_PROCESS_PARAM_MIN_LAYER_TIME_S, 40);
  melt_process_set_double (process, MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S, 30);
  g_assert_true (melt_plan_summary_compute (&s, path, process, NULL, &error));
  assert_close (s.longest_layer_time_s, 40);
  g_assert_cmpuint (s.longest_layer, ==, 0);
  g_assert_false (s.fits_microgravity_window);

  /* Unlimited */
  melt_process_set_double (process, MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S, 0);
  g_assert_true (melt_plan_summary_compute (&s, path, process, NULL, &error));
  g_assert_true (s.fits_microgravity_window);
}

static void
test_unknown_material (void)
{
  g_autoptr(MeltToolpath) path = two_layers ();
  g_autoptr(MeltProcess) process = melt_process_new (MELT_PROCESS_KIND_LASER_WIRE);
  g_autoptr(GError) error = NULL;
  MeltPlanSummary s;

  melt_process_set_material (process, "unobtainium");
  g_assert_false (melt_plan_summary_compute (&s, path, process, NULL, &error));
  g_assert_error (error, MELT_PROCESS_ERROR, MELT_PROCESS_ERROR_UNKNOWN_MATERIAL);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/plan-summary/figures", test_figures);
  g_test_add_func ("/core/plan-summary/window", test_window);
  g_test_add_func ("/core/plan-summary/unknown-material", test_unknown_material);

  return g_test_run ();
}
