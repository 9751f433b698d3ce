/* test-process.c: process parameter sets, derived values, checks, presets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected figures come from the worked example of the process notes and
 * from formulas written out here, not from the library. The melt pool is
 * checked against a brute-force scan of the Rosenthal field written in this
 * file.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "melt-data.h"
#include "melt-material.h"
#include "melt-process.h"
#include "melt-process-check.h"
#include "melt-process-derived.h"
#include "melt-process-field.h"
#include "melt-process-preset.h"
#include "melt-test-shapes.h"

#define assert_close(value, expected, rel)                                        \
  G_STMT_START {                                                                  \
    double v_ = (value), e_ = (expected);                                         \
    if (fabs (v_ - e_) > (rel) * fabs (e_))                                       \
      g_error ("%s = %.6g, expected %.6g within %.2g%%", #value, v_, e_, (rel) * 100); \
  } G_STMT_END

static MeltMaterial *
material (const char *id)
{
  MeltMaterial *m = melt_material_lookup (id);

  g_assert_nonnull (m);
  return m;
}

static void
compute (MeltProcess        *process,
         MeltProcessDerived *derived)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (melt_process_evaluate (process, derived, NULL, &error));
  g_assert_no_error (error);
}

/* The worked example of the process notes: 1.0 mm 316L wire at 1 m/min,
 * 0.3 m/min travel, parabola w/h = 3, 1500 W at 0.35 */
static MeltProcess *
worked_example (void)
{
  MeltProcess *p = melt_process_new (MELT_PROCESS_KIND_LASER_WIRE);

  melt_process_set_material (p, "316L");
  melt_process_set_double (p, MELT_PROCESS_PARAM_WIRE_DIAMETER_MM, 1.0);
  melt_process_set_double (p, MELT_PROCESS_PARAM_WIRE_FEED_MM_S, 1000.0 / 60.0);
  melt_process_set_double (p, MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S, 300.0 / 60.0);
  melt_process_set_double (p, MELT_PROCESS_PARAM_DEPOSITION_EFFICIENCY, 1.0);
  melt_process_set_bead_profile (p, MELT_BEAD_PROFILE_PARABOLA);
  melt_process_set_double (p, MELT_PROCESS_PARAM_BEAD_ASPECT_RATIO, 3.0);
  melt_process_set_double (p, MELT_PROCESS_PARAM_LASER_POWER_W, 1500);
  melt_process_set_double (p, MELT_PROCESS_PARAM_LASER_ABSORPTIVITY, 0.35);

  return p;
}

static void
test_worked_example (void)
{
  g_autoptr(MeltProcess) p = worked_example ();
  MeltProcessDerived d;

  compute (p, &d);

  assert_close (d.bead_area_mm2, 2.618, 0.005);
  assert_close (d.bead_height_mm, 1.144, 0.005);
  assert_close (d.bead_width_mm, 3.432, 0.005);
  assert_close (d.deposition_rate_cm3_h, 47.1, 0.005);
  assert_close (d.deposition_rate_kg_h * 1000, 375, 0.005);
  assert_close (d.heat_input_j_mm, 105, 0.005);
  assert_close (d.absorbed_power_w, 525, 1e-12);
  assert_close (d.beam_power_w, 1500, 1e-12);
  assert_close (d.wire_volume_rate_mm3_s, G_PI / 4 * 1000.0 / 60.0, 1e-12);
  /* flat-top step-over A/h is 2/3 w for a parabola; the layer is then h */
  assert_close (d.step_over_mm, 2.0 / 3.0 * d.bead_width_mm, 1e-9);
  assert_close (d.layer_height_mm, d.bead_height_mm, 1e-9);
  assert_close (d.energy_per_volume_j_mm3, 525 / d.wire_volume_rate_mm3_s, 1e-12);
  /* Rosenthal length behind the source, eta P / (2 pi k (Tm - T0)) */
  assert_close (d.melt_pool_length_mm,
                525 / (2 * G_PI * d.effective.conductivity_w_mk / 1000 *
                       (d.effective.liquidus_k - d.effective.ambient_k)), 1e-9);
  g_assert_cmpfloat (d.helium_l_h, ==, 0);
}

static void
test_tangent_and_explicit (void)
{
  g_autoptr(MeltProcess) p = worked_example ();
  MeltProcessDerived d;

  melt_process_set_step_over_model (p, MELT_STEP_OVER_TANGENT);
  compute (p, &d);
  assert_close (d.step_over_mm, 0.738 * d.bead_width_mm, 1e-12);
  assert_close (d.layer_height_mm, d.bead_area_mm2 / d.step_over_mm, 1e-12);

  melt_process_set_double (p, MELT_PROCESS_PARAM_STEP_OVER_MM, 2.5);
  melt_process_set_double (p, MELT_PROCESS_PARAM_LAYER_HEIGHT_MM, 1.0);
  compute (p, &d);
  g_assert_cmpfloat (d.step_over_mm, ==, 2.5);
  g_assert_cmpfloat (d.layer_height_mm, ==, 1.0);

  /* an explicit width: the height follows from the area */
  melt_process_set_double (p, MELT_PROCESS_PARAM_BEAD_WIDTH_MM, 4.0);
  compute (p, &d);
  g_assert_cmpfloat (d.bead_width_mm, ==, 4.0);
  assert_close (d.bead_height_mm, 1.5 * d.bead_area_mm2 / 4.0, 1e-12);
}

/* A written out independently of the library: parabola 2/3 w h, cosine
 * 2/pi w h, arc as the integral of the circle's height over the chord */
static double
profile_area_by_integration (MeltBeadProfile profile,
                             double          w,
                             double          h)
{
  const int n = 200000;
  double r = (w * w / 4 + h * h) / (2 * h);
  double sum = 0;

  for (int i = 0; i < n; i++)
    {
      double x = -w / 2 + w * (i + 0.5) / n;
      double y;

      switch (profile)
        {
        case MELT_BEAD_PROFILE_PARABOLA:
          y = h * (1 - 4 * x * x / (w * w));
          break;
        case MELT_BEAD_PROFILE_COSINE:
          y = h * cos (G_PI * x / w);
          break;
        case MELT_BEAD_PROFILE_ARC:
        default:
          /* the upper part of a circle centred at (0, h − r) */
          y = (h - r) + sqrt (r * r - x * x);
          break;
        }
      sum += y * w / n;
    }

  return sum;
}

static void
test_profiles (void)
{
  static const MeltBeadProfile profiles[] = {
    MELT_BEAD_PROFILE_PARABOLA, MELT_BEAD_PROFILE_COSINE, MELT_BEAD_PROFILE_ARC,
  };
  static const double ratios[] = { 2.0, 3.0, 5.0, 8.0 };
  static const double widths[] = { 2.5, 3.4, 6.0 };

  for (guint p = 0; p < G_N_ELEMENTS (profiles); p++)
    {
      for (guint r = 0; r < G_N_ELEMENTS (ratios); r++)
        {
          double w, h;

          melt_bead_profile_solve (profiles[p], 2.618, ratios[r], 0, &w, &h);
          assert_close (w / h, ratios[r], 1e-12);
          /* A recomputed from w and h, by the library and by integration */
          assert_close (melt_bead_profile_area (profiles[p], w, h), 2.618, 1e-9);
          assert_close (profile_area_by_integration (profiles[p], w, h), 2.618, 3e-4);
        }

      for (guint k = 0; k < G_N_ELEMENTS (widths); k++)
        {
          double w, h;

          melt_bead_profile_solve (profiles[p], 2.618, 3.0, widths[k], &w, &h);
          g_assert_cmpfloat (w, ==, widths[k]);
          assert_close (profile_area_by_integration (profiles[p], w, h), 2.618, 3e-4);
        }
    }

  /* the closed forms of the process notes */
  assert_close (melt_bead_profile_area (MELT_BEAD_PROFILE_PARABOLA, 3, 1), 2.0, 1e-12);
  assert_close (melt_bead_profile_area (MELT_BEAD_PROFILE_COSINE, 3, 1), 6 / G_PI, 1e-12);
  {
    double w = 3, h = 1, r = (w * w / 4 + h * h) / (2 * h);

    assert_close (melt_bead_profile_area (MELT_BEAD_PROFILE_ARC, w, h),
                  r * r * asin (w / (2 * r)) - (w / 2) * (r - h), 1e-12);
    /* a half disc */
    assert_close (melt_bead_profile_area (MELT_BEAD_PROFILE_ARC, 2, 1), G_PI / 2, 1e-12);
  }
}

/* The Rosenthal field written out here, in mm, W, K */
static double
field_rise (double p_abs,
            double k_w_mk,
            double alpha_mm2_s,
            double v,
            double x,
            double y)
{
  double r = hypot (x, y);

  return p_abs / (2 * G_PI * (k_w_mk * 1e-3) * r) * exp (-v * (r + x) / (2 * alpha_mm2_s));
}

/* Brute force: scan the travel axis finely for the extents behind and
 * ahead, then a grid over the box they span for the widest point */
static void
scan_isotherm (double  p_abs,
               double  k,
               double  alpha,
               double  v,
               double  rise,
               double *length,
               double *front,
               double *width)
{
  /* the isotherm lies inside a circle of radius eta P / (2 pi k rise) */
  double bound = p_abs / (2 * G_PI * k * 1e-3 * rise) * 1.02;
  const int n_axis = 400000, nx = 2000, ny = 2000;
  double min_x = 0, max_x = 0, max_y = 0;
  double x0, x1;

  for (int i = 0; i <= n_axis; i++)
    {
      double x = -bound + 2 * bound * i / n_axis;

      if (x != 0 && field_rise (p_abs, k, alpha, v, x, 0) >= rise)
        {
          min_x = MIN (min_x, x);
          max_x = MAX (max_x, x);
        }
    }

  x0 = min_x;
  x1 = max_x;
  for (int i = 0; i <= nx; i++)
    {
      double x = x0 + (x1 - x0) * i / nx;

      for (int j = 1; j <= ny; j++)
        {
          double y = bound * j / ny;

          if (field_rise (p_abs, k, alpha, v, x, y) >= rise)
            max_y = MAX (max_y, y);
        }
    }

  *length = -min_x;
  *front = max_x;
  *width = 2 * max_y;
}

static void
test_rosenthal (void)
{
  /* { absorbed power W, k W/(m K), alpha mm²/s, v mm/s, rise K }, from slow
   * and conductive (aluminium, low Péclet) to fast and insulating (titanium) */
  static const double cases[][5] = {
    { 525, 23.0, 4.8, 5.0, 1437 },
    { 2040, 120.0, 48.9, 8.0, 623 },
    { 1275, 17.0, 5.2, 7.0, 1640 },
    { 420, 17.0, 5.2, 5.0, 1640 },
    { 3000, 25.0, 5.0, 20.0, 1400 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      double l, f, w, bl, bf, bw;

      melt_rosenthal_isotherm (cases[c][0], cases[c][1], cases[c][2], cases[c][3], cases[c][4],
                               &l, &f, &w);
      scan_isotherm (cases[c][0], cases[c][1], cases[c][2], cases[c][3], cases[c][4],
                     &bl, &bf, &bw);
      g_test_message ("case %u: length %g/%g front %g/%g width %g/%g", c, l, bl, f, bf, w, bw);
      assert_close (l, bl, 0.01);
      assert_close (f, bf, 0.01);
      assert_close (w, bw, 0.01);

      /* the field at the isotherm's points is the rise */
      assert_close (melt_rosenthal_rise_k (cases[c][0], cases[c][1], cases[c][2], cases[c][3],
                                           f, 0, 0), cases[c][4], 1e-9);
      assert_close (melt_rosenthal_rise_k (cases[c][0], cases[c][1], cases[c][2], cases[c][3],
                                           -l, 0, 0), cases[c][4], 1e-9);
    }
}

static void
test_derived_melt_pool_matches_field (void)
{
  g_autoptr(MeltProcess) p = worked_example ();
  MeltProcessDerived d;
  double bl, bf, bw;

  compute (p, &d);
  scan_isotherm (d.absorbed_power_w, d.effective.conductivity_w_mk, d.effective.diffusivity_mm2_s,
                 5.0, d.effective.liquidus_k - d.effective.ambient_k, &bl, &bf, &bw);
  assert_close (d.melt_pool_length_mm, bl, 0.01);
  assert_close (d.melt_pool_front_mm, bf, 0.01);
  assert_close (d.melt_pool_width_mm, bw, 0.01);

  /* Bond number rho g W² / sigma on the ground */
  assert_close (d.bond_number,
                7955 * 9.80665 * pow (d.melt_pool_width_mm * 1e-3, 2) /
                melt_material_get_surface_tension_n_m (material ("316L")), 1e-9);
}

static void
test_ebeam (void)
{
  g_autoptr(MeltProcess) p = worked_example ();
  MeltProcessDerived d;

  melt_process_set_kind (p, MELT_PROCESS_KIND_EBEAM_WIRE);
  melt_process_set_double (p, MELT_PROCESS_PARAM_EBEAM_ACCEL_VOLTAGE_KV, 20);
  melt_process_set_double (p, MELT_PROCESS_PARAM_EBEAM_BEAM_CURRENT_MA, 60);
  melt_process_set_double (p, MELT_PROCESS_PARAM_EBEAM_TRANSFER_EFFICIENCY, 0.85);
  melt_process_set_double (p, MELT_PROCESS_PARAM_EBEAM_HELIUM_FLOW_SCCM, 10);
  compute (p, &d);

  /* U I: 20 kV * 60 mA = 1200 W */
  assert_close (d.beam_power_w, 1200, 1e-12);
  assert_close (d.absorbed_power_w, 1020, 1e-12);
  assert_close (d.heat_input_j_mm, 1020 / 5.0, 1e-12);
  /* 10 sccm = 0.6 standard l/h */
  assert_close (d.helium_l_h, 0.6, 1e-12);
}

static void
test_materials (void)
{
  g_autofree char *dir = g_build_filename (SOURCE_DATA_DIR, "materials", NULL);
  g_autoptr(GFile) directory = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) library = melt_material_library_load (directory, &error);
  static const char * const keys[] = {
    "density_kg_m3", "solidus_k", "liquidus_k", "latent_heat_j_kg", "surface_tension_n_m",
    "conductivity_w_mk", "specific_heat_j_kgk", "feed_ratio_window",
  };
  MeltMaterialEffective e;
  MeltMaterial *steel;

  g_assert_no_error (error);
  g_assert_cmpuint (library->len, >=, 3);

  for (guint i = 0; i < library->len; i++)
    {
      MeltMaterial *m = g_ptr_array_index (library, i);

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          const char *source = melt_material_get_source (m, keys[k]);

          if (source == NULL || strlen (source) < 10)
            g_error ("%s: %s has no source", melt_material_get_id (m), keys[k]);
        }
      g_assert_cmpfloat (melt_material_get_solidus_k (m), <=, melt_material_get_liquidus_k (m));
    }

  g_assert_nonnull (melt_material_lookup ("316L"));
  g_assert_nonnull (melt_material_lookup ("Ti-6Al-4V"));
  g_assert_nonnull (melt_material_lookup ("Al-2219"));
  g_assert_null (melt_material_lookup ("unobtainium"));

  steel = material ("316L");
  assert_close (melt_material_get_density_kg_m3 (steel), 7955, 1e-12);
  /* a table linear from 16 at 293 K to 30 at 1730 K has the mean 23 */
  assert_close (melt_material_mean (steel, MELT_MATERIAL_CONDUCTIVITY, 293, 1730), 23.0, 1e-12);
  assert_close (melt_material_value_at (steel, MELT_MATERIAL_CONDUCTIVITY, 293 + 1437 / 2.0), 23.0, 1e-12);
  /* held constant outside the table */
  assert_close (melt_material_value_at (steel, MELT_MATERIAL_CONDUCTIVITY, 100), 16.0, 1e-12);
  assert_close (melt_material_mean (steel, MELT_MATERIAL_CONDUCTIVITY, 100, 293), 16.0, 1e-12);

  melt_material_get_effective (steel, 293, &e);
  assert_close (e.conductivity_w_mk, 23.0, 1e-12);
  assert_close (e.specific_heat_j_kgk, 600.0, 1e-12);
  assert_close (e.diffusivity_mm2_s, 23.0 / (7955 * 600.0) * 1e6, 1e-12);
  g_assert_cmpfloat (e.liquidus_k, ==, 1730);

  /* a three-point table: mean by hand over 293..1933 for Ti-6Al-4V */
  {
    MeltMaterial *ti = material ("Ti-6Al-4V");
    double expected = (0.5 * (6.7 + 15.0) * (1000 - 293) + 0.5 * (15.0 + 27.0) * (1933 - 1000)) / (1933 - 293);

    assert_close (melt_material_mean (ti, MELT_MATERIAL_CONDUCTIVITY, 293, 1933), expected, 1e-12);
  }
}

static GPtrArray *
run_checks (MeltProcess *p)
{
  MeltProcessDerived d;
  GPtrArray *checks = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (melt_process_evaluate (p, &d, &checks, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < checks->len; i++)
    {
      const MeltProcessCheck *c = g_ptr_array_index (checks, i);

      g_test_message ("%s %s: %s", melt_check_severity_to_string (c->severity), c->code, c->message);
    }

  return checks;
}

static const MeltProcessCheck *
find_check (GPtrArray  *checks,
            const char *code)
{
  for (guint i = 0; i < checks->len; i++)
    {
      const MeltProcessCheck *c = g_ptr_array_index (checks, i);

      if (strcmp (c->code, code) == 0)
        return c;
    }

  return NULL;
}

typedef void (*Modify) (MeltProcess *p);

static void
modify_power (MeltProcess *p)
{
  melt_process_set_double (p, MELT_PROCESS_PARAM_LASER_POWER_W, 3500);
}

static void
modify_ratio_high (MeltProcess *p)
{
  melt_process_set_double (p, MELT_PROCESS_PARAM_WIRE_FEED_MM_S, 50);
}

static void
modify_ratio_low (MeltProcess *p)
{
  melt_process_set_double (p, MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S, 20);
}

static void
modify_heat_too_low (MeltProcess *p)
{
  melt_process_set_double (p, MELT_PROCESS_PARAM_LASER_POWER_W, 150);
}

static void
modify_heat_low (MeltProcess *p)
{
  melt_process_set_double (p, MELT_PROCESS_PARAM_LASER_POWER_W, 500);
}

static void
modify_pool_narrow (MeltProcess *p)
{
  melt_process_set_double (p, MELT_PROCESS_PARAM_WIRE_DIAMETER_MM, 3.0);
  melt_process_set_double (p, MELT_PROCESS_PARAM_WIRE_FEED_MM_S, 2.0);
}

static void
modify_layer (MeltProcess *p)
{
  melt_process_set_double (p, MELT_PROCESS_PARAM_LAYER_HEIGHT_MM, 2.0);
}

static void
modify_gap (MeltProcess *p)
{
  melt_process_set_double (p, MELT_PROCESS_PARAM_STEP_OVER_MM, 4.0);
}

static void
modify_valleys (MeltProcess *p)
{
  melt_process_set_double (p, MELT_PROCESS_PARAM_STEP_OVER_MM, 0.738 * 3.432 * 1.15);
}

static void
modify_pile_up (MeltProcess *p)
{
  melt_process_set_double (p, MELT_PROCESS_PARAM_STEP_OVER_MM, 1.5);
}

static void
modify_no_helium (MeltProcess *p)
{
  melt_process_set_kind (p, MELT_PROCESS_KIND_EBEAM_WIRE);
  melt_process_set_double (p, MELT_PROCESS_PARAM_EBEAM_HELIUM_FLOW_SCCM, 0);
}

static void
modify_window (MeltProcess *p)
{
  melt_process_set_platform (p, MELT_PLATFORM_PARABOLIC);
  melt_process_set_double (p, MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S, 20);
  melt_process_set_double (p, MELT_PROCESS_PARAM_LAYER_LENGTH_MM, 200);
}

static void
modify_ambient (MeltProcess *p)
{
  melt_process_set_double (p, MELT_PROCESS_PARAM_AMBIENT_K, 1700);
}

static void
modify_arc_aspect (MeltProcess *p)
{
  melt_process_set_bead_profile (p, MELT_BEAD_PROFILE_ARC);
  melt_process_set_double (p, MELT_PROCESS_PARAM_BEAD_ASPECT_RATIO, 1.5);
}

static void
test_checks (void)
{
  static const struct {
    const char        *code;
    MeltCheckSeverity  severity;
    Modify             modify;
  } cases[] = {
    { MELT_CHECK_AMBIENT_ABOVE_SOLIDUS, MELT_CHECK_ERROR, modify_ambient },
    { MELT_CHECK_ARC_BEAD_ASPECT_LOW, MELT_CHECK_ERROR, modify_arc_aspect },
    { MELT_CHECK_POWER_OVER_LIMIT, MELT_CHECK_ERROR, modify_power },
    { MELT_CHECK_WIRE_FEED_RATIO_HIGH, MELT_CHECK_ERROR, modify_ratio_high },
    { MELT_CHECK_WIRE_FEED_RATIO_LOW, MELT_CHECK_ERROR, modify_ratio_low },
    { MELT_CHECK_HEAT_INPUT_TOO_LOW, MELT_CHECK_ERROR, modify_heat_too_low },
    { MELT_CHECK_HEAT_INPUT_LOW, MELT_CHECK_WARNING, modify_heat_low },
    { MELT_CHECK_MELT_POOL_NARROW, MELT_CHECK_ERROR, modify_pool_narrow },
    { MELT_CHECK_LAYER_ABOVE_BEAD, MELT_CHECK_ERROR, modify_layer },
    { MELT_CHECK_STEP_OVER_GAP, MELT_CHECK_ERROR, modify_gap },
    { MELT_CHECK_STEP_OVER_VALLEYS, MELT_CHECK_WARNING, modify_valleys },
    { MELT_CHECK_STEP_OVER_PILE_UP, MELT_CHECK_WARNING, modify_pile_up },
    { MELT_CHECK_EBEAM_NO_HELIUM, MELT_CHECK_WARNING, modify_no_helium },
    { MELT_CHECK_WINDOW_TOO_SHORT, MELT_CHECK_ERROR, modify_window },
  };
  const char * const *codes = melt_process_check_list_codes ();
  g_autoptr(MeltProcess) base = worked_example ();
  g_autoptr(GPtrArray) none = run_checks (base);

  /* not triggered: the worked example passes every check */
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_false (melt_process_checks_have_errors (none));

  /* every code is covered by a case */
  g_assert_cmpuint (g_strv_length ((char **) codes), ==, G_N_ELEMENTS (cases));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MeltProcess) p = melt_process_copy (base);
      g_autoptr(GPtrArray) checks = NULL;
      const MeltProcessCheck *check;

      g_test_message ("case %s", cases[i].code);
      g_assert_true (g_strv_contains (codes, cases[i].code));
      cases[i].modify (p);
      checks = run_checks (p);
      check = find_check (checks, cases[i].code);
      if (check == NULL)
        g_error ("check %s did not fire", cases[i].code);
      g_assert_cmpint (check->severity, ==, cases[i].severity);
      g_assert_cmpuint (strlen (check->message), >, 20);
      if (cases[i].severity == MELT_CHECK_ERROR)
        g_assert_true (melt_process_checks_have_errors (checks));

      /* errors come before warnings */
      for (guint k = 1; k < checks->len; k++)
        g_assert_cmpint (((MeltProcessCheck *) g_ptr_array_index (checks, k - 1))->severity, >=,
                         ((MeltProcessCheck *) g_ptr_array_index (checks, k))->severity);
    }

  /* the other sides of the pairs: just inside each threshold */
  {
    g_autoptr(MeltProcess) p = melt_process_copy (base);
    g_autoptr(GPtrArray) checks = NULL;

    melt_process_set_kind (p, MELT_PROCESS_KIND_EBEAM_WIRE);
    melt_process_set_double (p, MELT_PROCESS_PARAM_EBEAM_HELIUM_FLOW_SCCM, 1);
    melt_process_set_platform (p, MELT_PLATFORM_PARABOLIC);
    melt_process_set_double (p, MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S, 20);
    melt_process_set_double (p, MELT_PROCESS_PARAM_LAYER_LENGTH_MM, 99);
    melt_process_set_double (p, MELT_PROCESS_PARAM_EBEAM_MAX_POWER_W, 1500);
    melt_process_set_double (p, MELT_PROCESS_PARAM_LAYER_HEIGHT_MM, 1.14);
    checks = run_checks (p);
    g_assert_cmpuint (checks->len, ==, 0);
  }
}

/* One rule for the part's temperature: below the solidus. The reader
 * refuses a file above it; a set edited there (the panel, or a switch of
 * material) gets an error check and no melt-pool numbers, never a
 * CRITICAL (the test runs with criticals fatal: g_test_init()). */
static void
test_ambient_above_solidus (void)
{
  /* 316L: solidus 1670 K, liquidus 1730 K */
  static const double ambients[] = { 1670, 1700, 1729.999, 1730, 1800, 5000 };
  g_autoptr(MeltProcess) base = worked_example ();

  for (guint i = 0; i < G_N_ELEMENTS (ambients); i++)
    {
      g_autoptr(MeltProcess) p = melt_process_copy (base);
      g_autoptr(GPtrArray) checks = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *width = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(MeltProcess) loaded = NULL;
      const MeltProcessCheck *check;
      MeltProcessDerived d;

      g_test_message ("ambient %g K", ambients[i]);
      melt_process_set_double (p, MELT_PROCESS_PARAM_AMBIENT_K, ambients[i]);
      g_assert_true (melt_process_evaluate (p, &d, &checks, &error));
      g_assert_no_error (error);

      check = find_check (checks, MELT_CHECK_AMBIENT_ABOVE_SOLIDUS);
      g_assert_nonnull (check);
      g_assert_cmpint (check->severity, ==, MELT_CHECK_ERROR);
      g_assert_nonnull (strstr (check->message, "1670 K"));
      g_assert_true (melt_process_checks_have_errors (checks));
      /* the first of the errors */
      g_assert_true (g_ptr_array_index (checks, 0) == check);

      g_assert_true (isnan (d.melt_pool_length_mm));
      g_assert_true (isnan (d.melt_pool_front_mm));
      g_assert_true (isnan (d.melt_pool_width_mm));
      g_assert_true (isnan (d.peclet_number));
      g_assert_true (isnan (d.bond_number));
      /* the rest is still computed */
      assert_close (d.bead_area_mm2, 2.618, 0.005);
      width = melt_process_field_format (melt_process_field_lookup ("melt_pool_width_mm"), &d);
      g_assert_cmpstr (width, ==, "—");

      /* what the panel saves, the file reader reads back, with the same check */
      text = melt_process_to_json (p, NULL);
      bytes = g_bytes_new (text, strlen (text));
      loaded = melt_process_load_bytes (bytes, "hot.json", &error);
      g_assert_no_error (error);
      g_assert_nonnull (loaded);
      g_assert_cmpfloat (melt_process_get_double (loaded, MELT_PROCESS_PARAM_AMBIENT_K), ==,
                         melt_process_get_double (p, MELT_PROCESS_PARAM_AMBIENT_K));
    }

  /* just below the solidus: a melt pool and no such check */
  {
    g_autoptr(MeltProcess) p = melt_process_copy (base);
    g_autoptr(GPtrArray) checks = NULL;
    MeltProcessDerived d;

    melt_process_set_double (p, MELT_PROCESS_PARAM_AMBIENT_K, 1669);
    checks = run_checks (p);
    g_assert_null (find_check (checks, MELT_CHECK_AMBIENT_ABOVE_SOLIDUS));
    compute (p, &d);
    g_assert_cmpfloat (d.melt_pool_width_mm, >, 0);
    g_assert_true (isfinite (d.bond_number));
  }

  /* switching the material can put a warm part above the new solidus:
   * Al 2219 melts from 816 K */
  {
    g_autoptr(MeltProcess) p = melt_process_copy (base);
    g_autoptr(GPtrArray) before = NULL;
    g_autoptr(GPtrArray) after = NULL;

    melt_process_set_double (p, MELT_PROCESS_PARAM_AMBIENT_K, 900);
    before = run_checks (p);
    g_assert_null (find_check (before, MELT_CHECK_AMBIENT_ABOVE_SOLIDUS));
    melt_process_set_material (p, "Al-2219");
    after = run_checks (p);
    g_assert_nonnull (find_check (after, MELT_CHECK_AMBIENT_ABOVE_SOLIDUS));
  }
}

/* A circular-arc bead narrower than twice its height bulges wider than
 * its base: refused by a check that names the key */
static void
test_arc_aspect (void)
{
  g_autoptr(MeltProcess) base = worked_example ();

  melt_process_set_bead_profile (base, MELT_BEAD_PROFILE_ARC);

  /* from the aspect ratio */
  {
    g_autoptr(MeltProcess) p = melt_process_copy (base);
    g_autoptr(GPtrArray) checks = NULL;
    const MeltProcessCheck *check;

    melt_process_set_double (p, MELT_PROCESS_PARAM_BEAD_ASPECT_RATIO, 1.5);
    checks = run_checks (p);
    check = find_check (checks, MELT_CHECK_ARC_BEAD_ASPECT_LOW);
    g_assert_nonnull (check);
    g_assert_cmpint (check->severity, ==, MELT_CHECK_ERROR);
    g_assert_nonnull (strstr (check->message, "bead_aspect_ratio"));
    g_assert_nonnull (strstr (check->message, "1.50"));
  }

  /* from an explicit width too narrow for the area: 2.618 mm² is more
   * than the half disc of a 2 mm base (pi / 2) */
  {
    g_autoptr(MeltProcess) p = melt_process_copy (base);
    g_autoptr(GPtrArray) checks = NULL;
    const MeltProcessCheck *check;

    melt_process_set_double (p, MELT_PROCESS_PARAM_BEAD_WIDTH_MM, 2.0);
    checks = run_checks (p);
    check = find_check (checks, MELT_CHECK_ARC_BEAD_ASPECT_LOW);
    g_assert_nonnull (check);
    g_assert_nonnull (strstr (check->message, "bead_width_mm"));
  }

  /* 2 (a half disc) and more pass; other profiles may be narrower */
  {
    static const double ratios[] = { 2.0, 3.0, 8.0 };

    for (guint i = 0; i < G_N_ELEMENTS (ratios); i++)
      {
        g_autoptr(MeltProcess) p = melt_process_copy (base);
        g_autoptr(GPtrArray) checks = NULL;

        melt_process_set_double (p, MELT_PROCESS_PARAM_BEAD_ASPECT_RATIO, ratios[i]);
        checks = run_checks (p);
        g_assert_null (find_check (checks, MELT_CHECK_ARC_BEAD_ASPECT_LOW));
      }
  }
  {
    g_autoptr(MeltProcess) p = melt_process_copy (base);
    g_autoptr(GPtrArray) checks = NULL;

    melt_process_set_bead_profile (p, MELT_BEAD_PROFILE_PARABOLA);
    melt_process_set_double (p, MELT_PROCESS_PARAM_BEAD_ASPECT_RATIO, 1.5);
    checks = run_checks (p);
    g_assert_null (find_check (checks, MELT_CHECK_ARC_BEAD_ASPECT_LOW));
  }
}

static void
test_checks_json (void)
{
  g_autoptr(MeltProcess) p = worked_example ();
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(JsonArray) array = NULL;
  JsonObject *o;

  modify_gap (p);
  checks = run_checks (p);
  array = melt_process_checks_to_json_array (checks);
  g_assert_cmpuint (json_array_get_length (array), ==, checks->len);
  o = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "severity"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (o, "code"), ==, MELT_CHECK_STEP_OVER_GAP);
  g_assert_nonnull (json_object_get_string_member (o, "message"));
}

static void
count_changed (MeltProcess *p,
               guint       *count)
{
  (*count)++;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_properties_and_changed (void)
{
  g_autoptr(MeltProcess) p = worked_example ();
  guint changed = 0, notified = 0;
  double value;
  MeltPlatform platform;

  g_signal_connect (p, "changed", G_CALLBACK (count_changed), &changed);
  g_signal_connect (p, "notify::wire-feed-mm-s", G_CALLBACK (count_notify), &notified);

  melt_process_set_double (p, MELT_PROCESS_PARAM_WIRE_FEED_MM_S, 20);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (notified, ==, 1);

  /* no change, no notification */
  melt_process_set_double (p, MELT_PROCESS_PARAM_WIRE_FEED_MM_S, 20);
  g_object_set (p, "wire-feed-mm-s", 20.0, NULL);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (notified, ==, 1);

  /* several properties at once: one "changed" */
  g_object_set (p, "wire-feed-mm-s", 21.0, "travel-speed-mm-s", 6.0, "platform", MELT_PLATFORM_ORBITAL, NULL);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpuint (notified, ==, 2);

  g_object_get (p, "travel-speed-mm-s", &value, "platform", &platform, NULL);
  g_assert_cmpfloat (value, ==, 6.0);
  g_assert_cmpint (platform, ==, MELT_PLATFORM_ORBITAL);

  melt_process_set_material (p, "Ti-6Al-4V");
  melt_process_set_material (p, "Ti-6Al-4V");
  g_assert_cmpuint (changed, ==, 3);

  /* every parameter is a property with its metadata */
  for (guint i = 0; i < MELT_PROCESS_N_PARAMS; i++)
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (p),
                                                        melt_process_param_get_property_name (i));
      double min, max;

      g_assert_nonnull (pspec);
      g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);
      g_assert_true (g_str_has_prefix (melt_process_param_get_json_path (i), "$."));
      g_assert_nonnull (melt_process_param_get_unit (i));
      g_assert_nonnull (melt_process_param_get_title (i));
      melt_process_param_get_range (i, &min, &max);
      g_assert_cmpfloat (min, <, max);
    }

  /* out of range values are clamped */
  melt_process_set_double (p, MELT_PROCESS_PARAM_LASER_ABSORPTIVITY, 5);
  g_assert_cmpfloat (melt_process_get_double (p, MELT_PROCESS_PARAM_LASER_ABSORPTIVITY), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&p));
}

static MeltProcess *
unusual_set (void)
{
  MeltProcess *p = melt_process_new (MELT_PROCESS_KIND_EBEAM_WIRE);

  melt_process_set_name (p, "Round trip “ü”");
  melt_process_set_label (p, MELT_PROCESS_PRESET_LABEL);
  melt_process_set_material (p, "Ti-6Al-4V");
  melt_process_set_bead_profile (p, MELT_BEAD_PROFILE_ARC);
  melt_process_set_step_over_model (p, MELT_STEP_OVER_TANGENT);
  melt_process_set_platform (p, MELT_PLATFORM_SUBORBITAL);
  melt_process_set_deflection_pattern (p, MELT_DEFLECTION_ELLIPSE);
  for (guint i = 0; i < MELT_PROCESS_N_PARAMS; i++)
    {
      double min, max;

      melt_process_param_get_range (i, &min, &max);
      /* a value with many digits, inside the range and not 0 */
      melt_process_set_double (p, i, min + (MIN (max, 1e4) - min) * (0.1234567890123 + 0.01 * i));
    }
  melt_process_set_double (p, MELT_PROCESS_PARAM_AMBIENT_K, 301.123456789);
  melt_process_set_double (p, MELT_PROCESS_PARAM_EBEAM_FOCUS_OFFSET_MM, -1.5);

  return p;
}

static void
assert_same_set (MeltProcess *a,
                 MeltProcess *b)
{
  g_assert_cmpstr (melt_process_get_name (a), ==, melt_process_get_name (b));
  g_assert_cmpstr (melt_process_get_label (a), ==, melt_process_get_label (b));
  g_assert_cmpstr (melt_process_get_material (a), ==, melt_process_get_material (b));
  g_assert_cmpint (melt_process_get_kind (a), ==, melt_process_get_kind (b));
  g_assert_cmpint (melt_process_get_bead_profile (a), ==, melt_process_get_bead_profile (b));
  g_assert_cmpint (melt_process_get_step_over_model (a), ==, melt_process_get_step_over_model (b));
  g_assert_cmpint (melt_process_get_platform (a), ==, melt_process_get_platform (b));
  g_assert_cmpint (melt_process_get_deflection_pattern (a), ==, melt_process_get_deflection_pattern (b));
  g_assert_cmpint (melt_process_get_shielding_gas (a), ==, melt_process_get_shielding_gas (b));

  for (guint i = 0; i < MELT_PROCESS_N_PARAMS; i++)
    {
      int kind = melt_process_param_get_kind (i);

      /* a file holds the section of its own process only */
      if (kind >= 0 && kind != (int) melt_process_get_kind (a))
        continue;
      if (melt_process_get_double (a, i) != melt_process_get_double (b, i))
        g_error ("%s: %.17g != %.17g", melt_process_param_get_property_name (i),
                 melt_process_get_double (a, i), melt_process_get_double (b, i));
    }
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_test_message ("file in scratch dir: %s", name);
      n++;
    }

  return n;
}

static void
test_save_load (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "set.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(MeltProcess) p = unusual_set ();
  g_autoptr(MeltProcess) q = NULL;
  g_autoptr(MeltProcess) laser = worked_example ();
  g_autoptr(MeltProcess) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  GStatBuf before, after;

  g_assert_true (melt_process_save (p, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_equal (melt_process_get_file (p), file));
  g_assert_cmpuint (count_files (dir), ==, 1);

  q = melt_process_load (file, NULL, &error);
  g_assert_no_error (error);
  assert_same_set (p, q);

  /* saving again replaces the file by renaming a new one over it */
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  g_assert_true (melt_process_save (laser, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, !=, after.st_ino);
  g_assert_cmpuint (count_files (dir), ==, 1);

  r = melt_process_load (file, NULL, &error);
  g_assert_no_error (error);
  assert_same_set (laser, r);

  /* a save that fails leaves the old file as it was, and no temporary */
  g_assert_true (g_file_get_contents (path, &first, NULL, NULL));
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    g_assert_false (melt_process_save (p, file, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_nonnull (strstr (error->message, "set.json"));
    g_clear_error (&error);
  }
  /* a directory in the way of the file */
  {
    g_autofree char *blocked = g_build_filename (dir, "blocked", NULL);
    g_autoptr(GFile) blocked_file = NULL;

    g_assert_cmpint (g_mkdir (blocked, 0700), ==, 0);
    blocked_file = g_file_new_for_path (blocked);
    g_assert_false (melt_process_save (p, blocked_file, NULL, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_cmpint (g_rmdir (blocked), ==, 0);
  }
  g_assert_true (g_file_get_contents (path, &second, NULL, NULL));
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpuint (count_files (dir), ==, 1);

  /* the text form round-trips as well, and holds the format keys */
  {
    g_autofree char *text = melt_process_to_json (p, NULL);
    g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
    g_autoptr(MeltProcess) s = melt_process_load_bytes (bytes, "memory", &error);

    g_assert_no_error (error);
    assert_same_set (p, s);
    g_assert_nonnull (strstr (text, "\"format\" : \"meltline-process\""));
    g_assert_nonnull (strstr (text, "\"format_version\" : 1"));
  }

  melt_test_tmpdir_remove (dir);
}

/* “Unlimited” (0) survives a save and a load on every platform, as does
 * a window other than the platform's */
static void
test_window_round_trip (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (MELT_TYPE_PLATFORM);

  for (guint i = 0; i < klass->n_values; i++)
    {
      MeltPlatform platform = klass->values[i].value;
      static const double windows[] = { 0, 45, 300 };

      for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
        {
          g_autoptr(MeltProcess) p = worked_example ();
          g_autoptr(MeltProcess) q = NULL;
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) bytes = NULL;
          g_autofree char *text = NULL;

          g_test_message ("%s, window %g s", klass->values[i].value_nick, windows[w]);
          melt_process_set_platform (p, platform);
          melt_process_set_double (p, MELT_PROCESS_PARAM_GRAVITY_G,
                                   melt_platform_get_default_gravity_g (platform));
          melt_process_set_double (p, MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S, windows[w]);

          text = melt_process_to_json (p, NULL);
          bytes = g_bytes_new (text, strlen (text));
          q = melt_process_load_bytes (bytes, "window.json", &error);
          g_assert_no_error (error);
          g_assert_cmpint (melt_process_get_platform (q), ==, platform);
          g_assert_cmpfloat (melt_process_get_double (q, MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S), ==,
                             windows[w]);
          assert_same_set (p, q);
        }
    }
}

static void
test_copy (void)
{
  g_autoptr(MeltProcess) p = unusual_set ();
  g_autoptr(MeltProcess) q = melt_process_copy (p);

  assert_same_set (p, q);
  g_assert_null (melt_process_get_file (q));
}

static void
test_presets (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = melt_process_preset_list_ids ();
  g_autoptr(GPtrArray) presets = melt_process_preset_load_all (&error);
  gboolean kinds[2] = { FALSE, FALSE };
  gboolean materials[3] = { FALSE, FALSE, FALSE };

  g_assert_no_error (error);
  g_assert_cmpuint (presets->len, ==, ids->len);
  g_assert_cmpuint (presets->len, >=, 4);
  g_assert_cmpstr (melt_process_preset_get_label (), !=, NULL);

  for (guint i = 0; i < presets->len; i++)
    {
      MeltProcess *p = g_ptr_array_index (presets, i);
      g_autoptr(GPtrArray) checks = NULL;
      g_autoptr(MeltProcess) again = NULL;

      g_test_message ("preset %s", (const char *) g_ptr_array_index (ids, i));
      g_assert_cmpstr (melt_process_get_label (p), ==, MELT_PROCESS_PRESET_LABEL);
      g_assert_nonnull (melt_process_get_name (p));
      checks = run_checks (p);
      g_assert_false (melt_process_checks_have_errors (checks));
      /* and the presets pass without warnings too */
      g_assert_cmpuint (checks->len, ==, 0);

      again = melt_process_preset_load (g_ptr_array_index (ids, i), &error);
      g_assert_no_error (error);
      assert_same_set (p, again);

      kinds[melt_process_get_kind (p)] = TRUE;
      materials[0] |= strcmp (melt_process_get_material (p), "316L") == 0;
      materials[1] |= strcmp (melt_process_get_material (p), "Ti-6Al-4V") == 0;
      materials[2] |= strcmp (melt_process_get_material (p), "Al-2219") == 0;
    }

  g_assert_true (kinds[0] && kinds[1]);
  g_assert_true (materials[0] && materials[1] && materials[2]);
}

/* The derived quantities' table: every view reads it, so it must be whole */
static void
test_fields (void)
{
  static const char * const json_keys[] = {
    "heat_input_j_mm", "absorbed_power_w", "wire_volume_rate_mm3_s", "deposition_rate_cm3_h",
    "deposition_rate_kg_h", "bead_area_mm2", "bead_width_mm", "bead_height_mm", "step_over_mm",
    "layer_height_mm", "beam_power_w", "melt_pool_length_mm", "melt_pool_front_mm",
    "melt_pool_width_mm", "bond_number", "helium_l_h", "effective",
  };
  static const char * const effective_keys[] = {
    "density_kg_m3", "conductivity_w_mk", "specific_heat_j_kgk", "liquidus_k", "ambient_k",
  };
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(MeltProcess) p = worked_example ();
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GList) members = NULL;
  const MeltProcessField *fields;
  gboolean group_used[MELT_PROCESS_FIELD_N_GROUPS] = { FALSE };
  JsonObject *effective;
  MeltProcessDerived d;
  guint n_fields = 0;
  guint i = 0;

  fields = melt_process_field_get_all (&n_fields);
  g_assert_cmpuint (n_fields, >, 20);

  for (guint f = 0; f < n_fields; f++)
    {
      const MeltProcessField *field = &fields[f];

      g_assert_nonnull (field->key);
      g_assert_true (g_hash_table_add (keys, (gpointer) field->key));
      g_assert_true (melt_process_field_lookup (field->key) == field);
      g_assert_nonnull (field->title);
      g_assert_cmpstr (melt_process_field_get_title (field), !=, "");
      g_assert_nonnull (field->unit);
      g_assert_cmpint (field->decimals, >=, -1);
      g_assert_cmpint (field->kind, >=, -1);
      g_assert_cmpint (field->kind, <=, MELT_PROCESS_KIND_EBEAM_WIRE);
      g_assert_cmpint (field->group, <, MELT_PROCESS_FIELD_N_GROUPS);
      g_assert_cmpuint (field->offset + sizeof (double), <=, sizeof (MeltProcessDerived));
      /* grouped: a group's fields are contiguous, in group order */
      if (f > 0)
        g_assert_cmpint (field->group, >=, fields[f - 1].group);
      group_used[field->group] = TRUE;
    }
  g_assert_null (melt_process_field_lookup ("no_such_key"));

  for (guint g = 0; g < MELT_PROCESS_FIELD_N_GROUPS; g++)
    {
      g_assert_true (group_used[g]);
      g_assert_cmpstr (melt_process_field_group_get_title (g), !=, "");
    }

  /* Helium is an electron-beam figure, heat input both processes' */
  g_assert_false (melt_process_field_applies (melt_process_field_lookup ("helium_l_h"),
                                              MELT_PROCESS_KIND_LASER_WIRE));
  g_assert_true (melt_process_field_applies (melt_process_field_lookup ("helium_l_h"),
                                             MELT_PROCESS_KIND_EBEAM_WIRE));
  g_assert_true (melt_process_field_applies (melt_process_field_lookup ("heat_input_j_mm"),
                                             MELT_PROCESS_KIND_LASER_WIRE));

  /* The JSON output: its keys, in order, each a field with the field's value */
  compute (p, &d);
  object = melt_process_derived_to_json_object (&d);
  members = json_object_get_members (object);
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (json_keys));
  for (const GList *l = members; l != NULL; l = l->next, i++)
    {
      const char *key = l->data;

      g_assert_cmpstr (key, ==, json_keys[i]);
      if (g_str_equal (key, "effective"))
        continue;
      g_assert_cmpfloat (json_object_get_double_member (object, key), ==,
                         melt_process_field_get_value (melt_process_field_lookup (key), &d));
    }

  g_clear_pointer (&members, g_list_free);
  effective = json_object_get_object_member (object, "effective");
  members = json_object_get_members (effective);
  i = 0;
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (effective_keys));
  for (const GList *l = members; l != NULL; l = l->next, i++)
    {
      const MeltProcessField *field = melt_process_field_lookup (l->data);

      g_assert_cmpstr (l->data, ==, effective_keys[i]);
      g_assert_nonnull (field);
      g_assert_cmpint (field->group, ==, MELT_PROCESS_FIELD_GROUP_MATERIAL);
      g_assert_cmpfloat (json_object_get_double_member (effective, l->data), ==,
                         melt_process_field_get_value (field, &d));
    }

  /* The ambient temperature is an input: views show the parameter */
  g_assert_true (melt_process_field_lookup ("ambient_k")->flags & MELT_PROCESS_FIELD_FLAG_INPUT);
  g_assert_false (melt_process_field_lookup ("liquidus_k")->flags & MELT_PROCESS_FIELD_FLAG_INPUT);
}

static void
assert_formats (double      value,
                int         decimals,
                const char *unit,
                const char *expected)
{
  g_autofree char *text = melt_format_number (value, decimals, unit);

  g_assert_cmpstr (text, ==, expected);
}

/* One text for the CLI and the views (C locale, untranslated) */
static void
test_field_format (void)
{
  g_autoptr(MeltProcess) p = worked_example ();
  g_autofree char *heat = NULL;
  g_autofree char *bead = NULL;
  g_autofree char *bond = NULL;
  MeltProcessDerived d;

  compute (p, &d);

  heat = melt_process_field_format (melt_process_field_lookup ("heat_input_j_mm"), &d);
  g_assert_cmpstr (heat, ==, "105.00 J/mm");
  bead = melt_process_field_format (melt_process_field_lookup ("bead_area_mm2"), &d);
  g_assert_cmpstr (bead, ==, "2.6180 mm²");
  /* dimensionless: no unit, no trailing space */
  bond = melt_process_field_format (melt_process_field_lookup ("bond_number"), &d);
  g_assert_false (g_str_has_suffix (bond, " "));

  /* three significant digits; tiny and huge with a power of ten */
  assert_formats (8.1949e-7, -1, NULL, "8.19 × 10⁻⁷");
  assert_formats (8.1949e-7, -1, "", "8.19 × 10⁻⁷");
  assert_formats (9.996e-6, -1, NULL, "1.00 × 10⁻⁵");
  assert_formats (1.234e-12, -1, NULL, "1.23 × 10⁻¹²");
  assert_formats (123456, -1, NULL, "1.23 × 10⁵");
  assert_formats (0.581234, -1, NULL, "0.581");
  assert_formats (0.00123, -1, NULL, "0.00123");
  assert_formats (12.34, -1, NULL, "12.3");
  assert_formats (1234.4, -1, NULL, "1234");
  assert_formats (0, -1, NULL, "0");
  assert_formats (-4.5e-9, -1, "m", "-4.50 × 10⁻⁹ m");
  /* fixed decimals; no negative zero; no number */
  assert_formats (105, 2, "J/mm", "105.00 J/mm");
  assert_formats (-0.0001, 2, "mm", "0.00 mm");
  assert_formats (NAN, 2, "mm", "—");
  assert_formats (INFINITY, -1, NULL, "—");
}

static void
test_enum_display_names (void)
{
  const GType types[] = {
    MELT_TYPE_PROCESS_KIND, MELT_TYPE_BEAD_PROFILE, MELT_TYPE_STEP_OVER_MODEL,
    MELT_TYPE_PLATFORM, MELT_TYPE_SHIELDING_GAS, MELT_TYPE_DEFLECTION_PATTERN,
  };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (types[t]);
      g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint v = 0; v < klass->n_values; v++)
        {
          const char *name = melt_enum_get_display_name (types[t], klass->values[v].value);

          g_assert_nonnull (name);
          g_assert_cmpstr (name, !=, "");
          /* two values of a type never read the same */
          g_assert_true (g_hash_table_add (names, (gpointer) name));
        }

      /* values are 0 … n-1, and nothing past them */
      g_assert_cmpint (klass->maximum, ==, (int) klass->n_values - 1);
      g_assert_null (melt_enum_get_display_name (types[t], klass->maximum + 1));
      g_assert_null (melt_enum_get_display_name (types[t], -1));
    }

  g_assert_cmpstr (melt_enum_get_display_name (MELT_TYPE_PROCESS_KIND, MELT_PROCESS_KIND_LASER_WIRE),
                   ==, "Laser wire");
  g_assert_cmpstr (melt_enum_get_display_name (MELT_TYPE_PROCESS_KIND, MELT_PROCESS_KIND_EBEAM_WIRE),
                   ==, "Electron-beam wire");
  g_assert_cmpstr (melt_enum_get_display_name (MELT_TYPE_PLATFORM, MELT_PLATFORM_PARABOLIC),
                   ==, "Parabolic flight");
  g_assert_cmpstr (melt_enum_get_display_name (MELT_TYPE_BEAD_PROFILE, MELT_BEAD_PROFILE_ARC),
                   ==, "Circular arc");
  g_assert_cmpstr (melt_enum_get_display_name (MELT_TYPE_SHIELDING_GAS, MELT_SHIELDING_GAS_NONE),
                   ==, "None");
}

static void
test_param_zero_and_step (void)
{
  g_assert_cmpint (melt_process_param_get_zero_meaning (MELT_PROCESS_PARAM_BEAD_WIDTH_MM), ==,
                   MELT_PROCESS_PARAM_ZERO_AUTO);
  g_assert_cmpint (melt_process_param_get_zero_meaning (MELT_PROCESS_PARAM_STEP_OVER_MM), ==,
                   MELT_PROCESS_PARAM_ZERO_AUTO);
  g_assert_cmpint (melt_process_param_get_zero_meaning (MELT_PROCESS_PARAM_LAYER_HEIGHT_MM), ==,
                   MELT_PROCESS_PARAM_ZERO_AUTO);
  g_assert_cmpint (melt_process_param_get_zero_meaning (MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S), ==,
                   MELT_PROCESS_PARAM_ZERO_UNLIMITED);
  g_assert_cmpint (melt_process_param_get_zero_meaning (MELT_PROCESS_PARAM_LAYER_LENGTH_MM), ==,
                   MELT_PROCESS_PARAM_ZERO_UNKNOWN);
  g_assert_cmpint (melt_process_param_get_zero_meaning (MELT_PROCESS_PARAM_DWELL_S), ==,
                   MELT_PROCESS_PARAM_ZERO_NONE);
  g_assert_cmpint (melt_process_param_get_zero_meaning (MELT_PROCESS_PARAM_EBEAM_HELIUM_FLOW_SCCM), ==,
                   MELT_PROCESS_PARAM_ZERO_NONE);
  g_assert_cmpint (melt_process_param_get_zero_meaning (MELT_PROCESS_PARAM_WIRE_DIAMETER_MM), ==,
                   MELT_PROCESS_PARAM_ZERO_VALUE);
  /* a signed offset: 0 is on the work, a number like any other */
  g_assert_cmpint (melt_process_param_get_zero_meaning (MELT_PROCESS_PARAM_EBEAM_FOCUS_OFFSET_MM), ==,
                   MELT_PROCESS_PARAM_ZERO_VALUE);

  g_assert_null (melt_process_param_zero_get_label (MELT_PROCESS_PARAM_ZERO_VALUE));
  g_assert_cmpstr (melt_process_param_zero_get_label (MELT_PROCESS_PARAM_ZERO_AUTO), ==, "Auto");
  g_assert_cmpstr (melt_process_param_zero_get_label (MELT_PROCESS_PARAM_ZERO_NONE), ==, "None");
  g_assert_cmpstr (melt_process_param_zero_get_label (MELT_PROCESS_PARAM_ZERO_UNLIMITED), ==, "Unlimited");
  g_assert_cmpstr (melt_process_param_zero_get_label (MELT_PROCESS_PARAM_ZERO_UNKNOWN), ==, "Unknown");

  for (guint i = 0; i < MELT_PROCESS_N_PARAMS; i++)
    {
      MeltProcessParamZero zero = melt_process_param_get_zero_meaning (i);
      double min = -1, max = -1, step = 0;
      int decimals = -2;

      melt_process_param_get_range (i, &min, &max);
      melt_process_param_get_step (i, &step, &decimals);
      g_test_message ("%s: zero %d, step %g, decimals %d",
                      melt_process_param_get_property_name (i), zero, step, decimals);

      /* a parameter whose 0 means something can hold 0 */
      if (zero != MELT_PROCESS_PARAM_ZERO_VALUE)
        {
          g_assert_cmpfloat (min, ==, 0);
          g_assert_nonnull (melt_process_param_zero_get_label (zero));
        }

      g_assert_cmpfloat (step, >, 0);
      g_assert_cmpfloat (step, <, max - min);
      g_assert_cmpint (decimals, >=, -1);
      g_assert_cmpint (decimals, <=, 6);
    }
}

/* A preset knows it is one until the user saves it to a file */
static void
test_preset_id (void)
{
  g_autoptr(GPtrArray) ids = melt_process_preset_list_ids ();
  g_autoptr(MeltProcess) preset = NULL;
  g_autoptr(MeltProcess) copy = NULL;
  g_autoptr(MeltProcess) fresh = melt_process_new (MELT_PROCESS_KIND_LASER_WIRE);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "mine.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *property = NULL;
  const char *id;
  guint changed = 0;

  g_assert_cmpuint (ids->len, >, 0);
  id = g_ptr_array_index (ids, 0);

  g_assert_null (melt_process_get_preset_id (fresh));

  preset = melt_process_preset_load (id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (melt_process_get_preset_id (preset), ==, id);
  g_object_get (preset, "preset-id", &property, NULL);
  g_assert_cmpstr (property, ==, id);

  /* an edited preset is still read from the preset */
  melt_process_set_double (preset, MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S, 6.0);
  g_assert_cmpstr (melt_process_get_preset_id (preset), ==, id);

  /* a copy lives nowhere yet */
  copy = melt_process_copy (preset);
  g_assert_null (melt_process_get_preset_id (copy));

  /* saved by the user: the user's set; not a change of the set's values */
  g_signal_connect (preset, "changed", G_CALLBACK (count_changed), &changed);
  g_assert_true (melt_process_save (preset, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (melt_process_get_preset_id (preset));
  g_assert_cmpuint (changed, ==, 0);

  melt_test_tmpdir_remove (dir);
}

static void
test_data_dir (void)
{
  g_autofree char *dir = NULL;

  /* the suite points MELTLINE_DATA_DIR at the source tree */
  dir = melt_data_get_dir ("materials");
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/process/worked-example", test_worked_example);
  g_test_add_func ("/core/process/tangent-and-explicit", test_tangent_and_explicit);
  g_test_add_func ("/core/process/profiles", test_profiles);
  g_test_add_func ("/core/process/rosenthal", test_rosenthal);
  g_test_add_func ("/core/process/melt-pool", test_derived_melt_pool_matches_field);
  g_test_add_func ("/core/process/ebeam", test_ebeam);
  g_test_add_func ("/core/process/materials", test_materials);
  g_test_add_func ("/core/process/checks", test_checks);
  g_test_add_func ("/core/process/checks-json", test_checks_json);
  g_test_add_func ("/core/process/properties", test_properties_and_changed);
  g_test_add_func ("/core/process/save-load", test_save_load);
  g_test_add_func ("/core/process/copy", test_copy);
  g_test_add_func ("/core/process/presets", test_presets);
  g_test_add_func ("/core/process/data-dir", test_data_dir);
  g_test_add_func ("/core/process/fields", test_fields);
  g_test_add_func ("/core/process/field-format", test_field_format);
  g_test_add_func ("/core/process/enum-display-names", test_enum_display_names);
  g_test_add_func ("/core/process/param-zero-and-step", test_param_zero_and_step);
  g_test_add_func ("/core/process/preset-id", test_preset_id);
  g_test_add_func ("/core/process/ambient-above-solidus", test_ambient_above_solidus);
  g_test_add_func ("/core/process/arc-aspect", test_arc_aspect);
  g_test_add_func ("/core/process/window-round-trip", test_window_round_trip);

  return g_test_run ();
}
