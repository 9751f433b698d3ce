/* test-plan.c: the Plan page of the side panel under a real display (Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "melt-plan-panel.h"
#include "melt-plan-summary.h"
#include "melt-planner.h"
#include "melt-process-check.h"
#include "melt-slicer.h"
#include "melt-test-ui.h"
#include "melt-window.h"

#define PRESET "suborbital-laser-wire-ti64"

static char *scratch_dir;

static void
put_float (GByteArray *bytes,
           float       value)
{
  guint32 bits;

  memcpy (&bits, &value, sizeof bits);
  bits = GUINT32_TO_LE (bits);
  g_byte_array_append (bytes, (const guint8 *) &bits, sizeof bits);
}

/* A 20 mm cube as a binary STL */
static char *
write_cube_stl (const char *name)
{
  static const float corners[8][3] = {
    { 0, 0, 0 }, { 20, 0, 0 }, { 20, 20, 0 }, { 0, 20, 0 },
    { 0, 0, 20 }, { 20, 0, 20 }, { 20, 20, 20 }, { 0, 20, 20 },
  };
  static const guint faces[12][3] = {
    { 0, 2, 1 }, { 0, 3, 2 }, { 4, 5, 6 }, { 4, 6, 7 },
    { 0, 1, 5 }, { 0, 5, 4 }, { 1, 2, 6 }, { 1, 6, 5 },
    { 2, 3, 7 }, { 2, 7, 6 }, { 3, 0, 4 }, { 3, 4, 7 },
  };
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint8 header[80] = { 0 };
  guint32 count = GUINT32_TO_LE (G_N_ELEMENTS (faces));
  guint16 attributes = 0;
  char *path;

  g_byte_array_append (bytes, header, sizeof header);
  g_byte_array_append (bytes, (const guint8 *) &count, sizeof count);
  for (guint i = 0; i < G_N_ELEMENTS (faces); i++)
    {
      for (guint k = 0; k < 3; k++)
        put_float (bytes, 0.0f);
      for (guint v = 0; v < 3; v++)
        for (guint k = 0; k < 3; k++)
          put_float (bytes, corners[faces[i][v]][k]);
      g_byte_array_append (bytes, (const guint8 *) &attributes, sizeof attributes);
    }

  path = g_build_filename (scratch_dir, name, NULL);
  g_file_set_contents (path, (const char *) bytes->data, bytes->len, &error);
  g_assert_no_error (error);

  return path;
}

static gboolean
window_done_loading (gpointer data)
{
  return !melt_window_get_loading (data);
}

static gboolean
plan_done (gpointer data)
{
  return !melt_plan_panel_get_planning (data);
}

static void
on_failed_cb (MeltPlanPanel *panel,
              const GError  *error,
              guint         *count)
{
  g_test_message ("plan failed: %s", error->message);
  (*count)++;
}

static MeltWindow *
open_cube_window (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MeltWindow *window = melt_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  /* Nothing to plan before there is a part */
  g_assert_false (melt_plan_panel_get_can_plan (melt_window_get_plan_panel (window)));

  g_assert_true (melt_window_load_process_preset (window, PRESET, &error));
  g_assert_no_error (error);
  melt_window_open (window, file);
  wait_until (window_done_loading, window, "the part to load");
  g_assert_nonnull (melt_window_get_mesh (window));
  g_assert_true (melt_plan_panel_get_can_plan (melt_window_get_plan_panel (window)));

  return window;
}

static void
assert_close (double a,
              double b)
{
  g_assert_cmpfloat_with_epsilon (a, b, 1e-9 * MAX (1.0, fabs (b)));
}

/* What the core gives for the same part, process and settings */
static void
expected_summary (MeltWindow             *window,
                  const MeltPlanSettings *settings,
                  MeltPlanSummary        *summary,
                  MeltToolpathStats      *stats)
{
  MeltProcess *process = melt_window_get_process (window);
  MeltMesh *mesh = melt_window_get_mesh (window);
  g_autoptr(MeltSlice) slice = NULL;
  g_autoptr(MeltToolpath) toolpath = NULL;
  g_autoptr(GError) error = NULL;
  MeltProcessDerived derived;

  g_assert_true (melt_process_evaluate (process, &derived, NULL, &error));
  g_assert_no_error (error);
  slice = melt_slicer_slice (mesh, derived.layer_height_mm, MELT_PLAN_PANEL_GAP_TOLERANCE_MM,
                             NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  toolpath = melt_planner_plan (process, slice, settings, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (melt_plan_summary_compute (summary, toolpath, process,
                                            melt_mesh_get_report (mesh), &error));
  g_assert_no_error (error);
  melt_toolpath_compute_stats (toolpath,
                               melt_process_get_double (process, MELT_PROCESS_PARAM_WIRE_DIAMETER_MM),
                               stats);
}

static void
test_plan_summary (void)
{
  g_autofree char *path = write_cube_stl ("plan-cube.stl");
  MeltWindow *window = open_cube_window (path);
  MeltPlanPanel *panel = melt_window_get_plan_panel (window);
  const MeltPlanSummary *shown;
  MeltPlanSummary summary;
  MeltToolpathStats stats;
  MeltPlanSettings settings, got;
  MeltMaterial *material;
  guint failed = 0;
  const char *subtitle;

  g_signal_connect (panel, "failed", G_CALLBACK (on_failed_cb), &failed);

  /* Settings other than the defaults, through the panel */
  melt_plan_settings_init (&settings);
  settings.perimeters = 3;
  settings.fill = MELT_FILL_CONCENTRIC;
  settings.fill_angle_deg = 30.0;
  settings.fill_angle_step_deg = 60.0;
  settings.seam = MELT_SEAM_ALIGNED;
  melt_plan_panel_set_settings (panel, &settings);
  melt_plan_panel_get_settings (panel, &got);
  g_assert_cmpuint (got.perimeters, ==, 3);
  g_assert_cmpint (got.fill, ==, MELT_FILL_CONCENTRIC);
  g_assert_cmpfloat (got.fill_angle_deg, ==, 30.0);
  g_assert_cmpfloat (got.fill_angle_step_deg, ==, 60.0);
  g_assert_cmpint (got.seam, ==, MELT_SEAM_ALIGNED);

  g_assert_null (melt_plan_panel_get_summary (panel));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.plan", NULL));
  g_assert_true (melt_plan_panel_get_planning (panel));
  g_assert_false (melt_plan_panel_get_can_plan (panel));
  g_assert_cmpstr (melt_window_get_side_page (window), ==, "plan");
  wait_until (plan_done, panel, "the plan to finish");
  g_assert_cmpuint (failed, ==, 0);

  shown = melt_plan_panel_get_summary (panel);
  g_assert_nonnull (shown);
  g_assert_false (melt_plan_panel_get_stale (panel));

  expected_summary (window, &settings, &summary, &stats);
  g_assert_cmpuint (shown->layers, ==, summary.layers);
  g_assert_cmpuint (shown->layers, ==, stats.layers);
  g_assert_cmpuint (shown->segments, ==, stats.segments);
  g_assert_cmpuint (shown->beam_starts, ==, stats.beam_starts);
  assert_close (shown->total_time_s, stats.total_time_s);
  assert_close (shown->beam_on_time_s, stats.beam_on_time_s);
  assert_close (shown->energy_kj, stats.energy_j / 1000.0);
  assert_close (shown->deposited_volume_mm3, stats.deposited_volume_mm3);
  material = melt_material_lookup (melt_process_get_material (melt_window_get_process (window)));
  assert_close (shown->wire_mass_g, melt_material_get_density_kg_m3 (material) * stats.wire_volume_mm3 * 1e-6);
  assert_close (shown->part_volume_mm3, 8000.0);
  assert_close (shown->volume_ratio, summary.volume_ratio);
  assert_close (shown->longest_layer_time_s, summary.longest_layer_time_s);
  g_assert_cmpuint (shown->longest_layer, ==, summary.longest_layer);
  assert_close (shown->microgravity_window_s, summary.microgravity_window_s);
  g_assert_cmpint (shown->fits_microgravity_window, ==, summary.fits_microgravity_window);
  /* A sounding rocket's window of some minutes holds a layer of a 20 mm cube */
  g_assert_cmpfloat (summary.microgravity_window_s, >, 0.0);
  g_assert_true (summary.fits_microgravity_window);
  g_assert_cmpfloat (summary.volume_ratio, >, 0.5);
  g_assert_cmpfloat (summary.volume_ratio, <, 1.2);

  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (melt_plan_panel_get_fits_row (panel)));
  g_assert_nonnull (strstr (subtitle, "Longest layer"));

  /* Editing the process marks the summary out of date; planning again clears it */
  melt_process_set_double (melt_window_get_process (window), MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S,
                           melt_process_get_double (melt_window_get_process (window),
                                                    MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S) * 1.1);
  g_assert_true (melt_plan_panel_get_stale (panel));
  g_assert_nonnull (melt_plan_panel_get_summary (panel));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.plan", NULL));
  wait_until (plan_done, panel, "the second plan to finish");
  g_assert_false (melt_plan_panel_get_stale (panel));
  expected_summary (window, &settings, &summary, &stats);
  assert_close (melt_plan_panel_get_summary (panel)->total_time_s, summary.total_time_s);

  /* So does a change of settings */
  settings.perimeters = 1;
  melt_plan_panel_set_settings (panel, &settings);
  g_assert_true (melt_plan_panel_get_stale (panel));

  g_assert_cmpuint (failed, ==, 0);
  g_signal_handlers_disconnect_by_func (panel, on_failed_cb, &failed);
  close_window (window);
  g_unlink (path);
}

static void
test_plan_cancel (void)
{
  g_autofree char *path = write_cube_stl ("plan-cancel.stl");
  MeltWindow *window = open_cube_window (path);
  MeltPlanPanel *panel = melt_window_get_plan_panel (window);
  guint failed = 0;

  g_signal_connect (panel, "failed", G_CALLBACK (on_failed_cb), &failed);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.plan", NULL));
  g_assert_true (melt_plan_panel_get_planning (panel));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-plan", NULL));
  g_assert_false (melt_plan_panel_get_planning (panel));
  g_assert_true (melt_plan_panel_get_can_plan (panel));

  /* Let the worker finish: its result is dropped and no error is shown */
  g_usleep (G_USEC_PER_SEC / 5);
  spin_briefly ();
  g_assert_null (melt_plan_panel_get_summary (panel));
  g_assert_null (melt_plan_panel_get_toolpath (panel));
  g_assert_cmpuint (failed, ==, 0);

  g_signal_handlers_disconnect_by_func (panel, on_failed_cb, &failed);
  close_window (window);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!melt_test_ui_init (&argc, &argv))
    return 77;

  g_test_add_func ("/ui/plan/summary", test_plan_summary);
  g_test_add_func ("/ui/plan/cancel", test_plan_cancel);

  scratch_dir = g_dir_make_tmp ("meltline-ui-XXXXXX", NULL);
  g_assert_nonnull (scratch_dir);
  status = g_test_run ();
  g_rmdir (scratch_dir);
  g_free (scratch_dir);

  return status;
}
