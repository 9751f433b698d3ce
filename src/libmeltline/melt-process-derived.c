/* melt-process-derived.c: what a process parameter set means physically
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/process-model.md states every formula here with its source.
 */

#define G_LOG_DOMAIN "melt-process"

#include "config.h"

#include <math.h>
#include <string.h>

#include "melt-process-derived.h"

/* Circular segment of chord @w and height @h: r = (w²/4 + h²) / 2h,
 * A = r² acos ((r − h) / r) − (r − h) w / 2, valid for minor (h < r) and
 * major (h > r) segments alike. */
static double
arc_area (double w,
          double h)
{
  double r = (w * w / 4 + h * h) / (2 * h);
  double c = CLAMP ((r - h) / r, -1.0, 1.0);

  return r * r * acos (c) - (r - h) * w / 2;
}

double
melt_bead_profile_area (MeltBeadProfile profile,
                        double          width_mm,
                        double          height_mm)
{
  g_return_val_if_fail (width_mm > 0 && height_mm > 0, 0);

  switch (profile)
    {
    case MELT_BEAD_PROFILE_PARABOLA:
      return 2.0 / 3.0 * width_mm * height_mm;
    case MELT_BEAD_PROFILE_COSINE:
      return 2.0 / G_PI * width_mm * height_mm;
    case MELT_BEAD_PROFILE_ARC:
      return arc_area (width_mm, height_mm);
    default:
      g_return_val_if_reached (0);
    }
}

/* The height of an arc bead of width @w and area @area: the area grows
 * with the height at a fixed width, so bracket the root and bisect. */
static double
arc_height_for_width (double area,
                      double w)
{
  double lo = 0;
  double hi = area / w;   /* a rectangle of this height has the area: too low a bound */

  while (arc_area (w, hi) < area)
    hi *= 2;

  for (guint i = 0; i < 200 && hi - lo > 1e-14 * hi; i++)
    {
      double mid = 0.5 * (lo + hi);

      if (arc_area (w, mid) < area)
        lo = mid;
      else
        hi = mid;
    }

  return 0.5 * (lo + hi);
}

void
melt_bead_profile_solve (MeltBeadProfile  profile,
                         double           area_mm2,
                         double           aspect_ratio,
                         double           width_mm,
                         double          *out_width_mm,
                         double          *out_height_mm)
{
  double w, h;

  g_return_if_fail (area_mm2 > 0);
  g_return_if_fail (out_width_mm != NULL && out_height_mm != NULL);

  if (width_mm > 0)
    {
      w = width_mm;
      switch (profile)
        {
        case MELT_BEAD_PROFILE_PARABOLA:
          h = 1.5 * area_mm2 / w;
          break;
        case MELT_BEAD_PROFILE_COSINE:
          h = G_PI / 2 * area_mm2 / w;
          break;
        case MELT_BEAD_PROFILE_ARC:
        default:
          h = arc_height_for_width (area_mm2, w);
          break;
        }
    }
  else
    {
      /* Every profile's area scales as h² at a fixed w/h = k:
       * A = h² · A(k, 1), so h = sqrt (A / A(k, 1)). */
      g_return_if_fail (aspect_ratio > 0);
      h = sqrt (area_mm2 / melt_bead_profile_area (profile, aspect_ratio, 1.0));
      w = aspect_ratio * h;
    }

  *out_width_mm = w;
  *out_height_mm = h;
}

double
melt_rosenthal_rise_k (double absorbed_power_w,
                       double conductivity_w_mk,
                       double diffusivity_mm2_s,
                       double speed_mm_s,
                       double x_mm,
                       double y_mm,
                       double z_mm)
{
  double r = sqrt (x_mm * x_mm + y_mm * y_mm + z_mm * z_mm);
  double k_w_mmk = conductivity_w_mk / 1000.0;

  return absorbed_power_w / (2 * G_PI * k_w_mmk * r) *
         exp (-speed_mm_s * (r + x_mm) / (2 * diffusivity_mm2_s));
}

/* On the isotherm, with L the length behind the source:
 *   ln (L / R) − v (R + x) / 2α = 0,
 * a decreasing function of R for a fixed x. Returns the R of the isotherm
 * at @x, between |x| and L, or −1 when x is outside the isotherm. */
static double
isotherm_radius (double length,
                 double v_over_2alpha,
                 double x)
{
  double lo = fabs (x);
  double hi = length;

  if (lo == 0)
    lo = 1e-300;
  if (log (length / lo) - v_over_2alpha * (lo + x) < 0)
    return -1;

  for (guint i = 0; i < 200 && hi - lo > 1e-15 * length; i++)
    {
      double mid = 0.5 * (lo + hi);

      if (log (length / mid) - v_over_2alpha * (mid + x) > 0)
        lo = mid;
      else
        hi = mid;
    }

  return 0.5 * (lo + hi);
}

static double
isotherm_half_width (double length,
                     double v_over_2alpha,
                     double x)
{
  double r = isotherm_radius (length, v_over_2alpha, x);

  if (r < 0)
    return 0;
  return sqrt (MAX (r * r - x * x, 0));
}

void
melt_rosenthal_isotherm (double  absorbed_power_w,
                         double  conductivity_w_mk,
                         double  diffusivity_mm2_s,
                         double  speed_mm_s,
                         double  rise_k,
                         double *length_mm,
                         double *front_mm,
                         double *width_mm)
{
  const guint n_scan = 400;
  double length, front, lo, hi, a, b, best_x, best_y;
  double v2a = speed_mm_s / (2 * diffusivity_mm2_s);
  guint best = 0;

  g_return_if_fail (absorbed_power_w > 0 && conductivity_w_mk > 0 && diffusivity_mm2_s > 0);
  g_return_if_fail (speed_mm_s > 0 && rise_k > 0);

  /* Behind the source, on the axis, R + x = 0: the exponential is 1 */
  length = absorbed_power_w / (2 * G_PI * (conductivity_w_mk / 1000.0) * rise_k);

  /* Ahead, on the axis, R = x: ln (L / x) − v x / α = 0, decreasing in x,
   * positive near 0 and not positive at x = L */
  lo = 0;
  hi = length;
  for (guint i = 0; i < 200 && hi - lo > 1e-15 * length; i++)
    {
      double mid = 0.5 * (lo + hi);

      if (log (length / mid) - 2 * v2a * mid > 0)
        lo = mid;
      else
        hi = mid;
    }
  front = 0.5 * (lo + hi);

  /* Widest point: scan x over [−L, front], then a golden-section search
   * in the two intervals around the best sample */
  best_y = -1;
  for (guint i = 0; i <= n_scan; i++)
    {
      double x = -length + (length + front) * i / n_scan;
      double y = isotherm_half_width (length, v2a, x);

      if (y > best_y)
        {
          best_y = y;
          best = i;
        }
    }

  a = -length + (length + front) * (best > 0 ? best - 1 : 0) / n_scan;
  b = -length + (length + front) * MIN (best + 1, n_scan) / n_scan;
  {
    const double g = (sqrt (5.0) - 1) / 2;
    double c = b - g * (b - a);
    double d = a + g * (b - a);
    double yc = isotherm_half_width (length, v2a, c);
    double yd = isotherm_half_width (length, v2a, d);

    for (guint i = 0; i < 200 && b - a > 1e-13 * length; i++)
      {
        if (yc > yd)
          {
            b = d;
            d = c;
            yd = yc;
            c = b - g * (b - a);
            yc = isotherm_half_width (length, v2a, c);
          }
        else
          {
            a = c;
            c = d;
            yc = yd;
            d = a + g * (b - a);
            yd = isotherm_half_width (length, v2a, d);
          }
      }
    best_x = 0.5 * (a + b);
    best_y = MAX (best_y, isotherm_half_width (length, v2a, best_x));
  }

  if (length_mm != NULL)
    *length_mm = length;
  if (front_mm != NULL)
    *front_mm = front;
  if (width_mm != NULL)
    *width_mm = 2 * best_y;
}

/**
 * melt_process_derived_melt_pool_applies:
 * @material: a material
 * @ambient_k: the part's temperature, K
 *
 * The one rule of the model's range: the part must be below its solidus.
 * The file reader, the derived values and the check
 * “ambient-above-solidus” all ask this.
 *
 * Returns: %TRUE when @ambient_k is below the solidus of @material
 */
gboolean
melt_process_derived_melt_pool_applies (MeltMaterial *material,
                                        double        ambient_k)
{
  g_return_val_if_fail (MELT_IS_MATERIAL (material), FALSE);

  return ambient_k < melt_material_get_solidus_k (material);
}

void
melt_process_derived_compute (MeltProcessDerived *derived,
                              MeltProcess        *process,
                              MeltMaterial       *material)
{
  double d, wfs, ts, eta_dep, rho_g_mm3, explicit_width, explicit_step, explicit_layer;
  double layer_length, melt_energy_j_g, g;

  g_return_if_fail (derived != NULL);
  g_return_if_fail (MELT_IS_PROCESS (process));
  g_return_if_fail (MELT_IS_MATERIAL (material));

  memset (derived, 0, sizeof *derived);

#define P(name) melt_process_get_double (process, MELT_PROCESS_PARAM_##name)
  d = P (WIRE_DIAMETER_MM);
  wfs = P (WIRE_FEED_MM_S);
  ts = P (TRAVEL_SPEED_MM_S);
  eta_dep = P (DEPOSITION_EFFICIENCY);
  explicit_width = P (BEAD_WIDTH_MM);
  explicit_step = P (STEP_OVER_MM);
  explicit_layer = P (LAYER_HEIGHT_MM);
  layer_length = P (LAYER_LENGTH_MM);

  melt_material_get_effective (material, P (AMBIENT_K), &derived->effective);
  rho_g_mm3 = derived->effective.density_kg_m3 * 1e-6;

  /* Wire and deposition */
  derived->wire_volume_rate_mm3_s = G_PI * d * d / 4 * wfs;
  derived->wire_mass_rate_g_s = rho_g_mm3 * derived->wire_volume_rate_mm3_s;
  derived->deposition_rate_cm3_h = eta_dep * derived->wire_volume_rate_mm3_s * 3600 / 1000;
  derived->deposition_rate_kg_h = eta_dep * derived->wire_mass_rate_g_s * 3600 / 1000;
  derived->feed_ratio = wfs / ts;

  /* Bead */
  derived->bead_area_mm2 = eta_dep * derived->wire_volume_rate_mm3_s / ts;
  melt_bead_profile_solve (melt_process_get_bead_profile (process),
                           derived->bead_area_mm2, P (BEAD_ASPECT_RATIO), explicit_width,
                           &derived->bead_width_mm, &derived->bead_height_mm);

  derived->tangent_step_over_mm = MELT_TANGENT_STEP_OVER_FRACTION * derived->bead_width_mm;
  if (explicit_step > 0)
    derived->step_over_mm = explicit_step;
  else if (melt_process_get_step_over_model (process) == MELT_STEP_OVER_TANGENT)
    derived->step_over_mm = derived->tangent_step_over_mm;
  else
    derived->step_over_mm = derived->bead_area_mm2 / derived->bead_height_mm;

  derived->overlapped_height_mm = derived->bead_area_mm2 / derived->step_over_mm;
  derived->layer_height_mm = explicit_layer > 0 ? explicit_layer : derived->overlapped_height_mm;

  /* Energy */
  if (melt_process_get_kind (process) == MELT_PROCESS_KIND_LASER_WIRE)
    {
      derived->beam_power_w = P (LASER_POWER_W);
      derived->absorbed_power_w = derived->beam_power_w * P (LASER_ABSORPTIVITY);
    }
  else
    {
      /* kV * mA = W */
      derived->beam_power_w = P (EBEAM_ACCEL_VOLTAGE_KV) * P (EBEAM_BEAM_CURRENT_MA);
      derived->absorbed_power_w = derived->beam_power_w * P (EBEAM_TRANSFER_EFFICIENCY);
      /* sccm is standard cm³ per minute: * 60 / 1000 for standard l/h */
      derived->helium_l_h = P (EBEAM_HELIUM_FLOW_SCCM) * 60.0 / 1000.0;
    }
  derived->heat_input_j_mm = derived->absorbed_power_w / ts;
  derived->energy_per_volume_j_mm3 =
    derived->absorbed_power_w / (eta_dep * derived->wire_volume_rate_mm3_s);

  /* Sensible heat from T0 to Tm with the mean c, plus the latent heat, J/g */
  melt_energy_j_g = (derived->effective.specific_heat_j_kgk *
                     (derived->effective.liquidus_k - derived->effective.ambient_k) +
                     melt_material_get_latent_heat_j_kg (material)) / 1000.0;
  derived->melting_power_w = derived->wire_mass_rate_g_s * melt_energy_j_g;

  /* Melt pool: the liquidus isotherm of the Rosenthal solution. A part at
   * or above its solidus has no melt pool to speak of (at the liquidus the
   * isotherm does not exist): no number, and the check
   * “ambient-above-solidus” says why. */
  if (melt_process_derived_melt_pool_applies (material, derived->effective.ambient_k))
    {
      melt_rosenthal_isotherm (derived->absorbed_power_w,
                               derived->effective.conductivity_w_mk,
                               derived->effective.diffusivity_mm2_s,
                               ts,
                               derived->effective.liquidus_k - derived->effective.ambient_k,
                               &derived->melt_pool_length_mm,
                               &derived->melt_pool_front_mm,
                               &derived->melt_pool_width_mm);
      derived->peclet_number = ts * (derived->melt_pool_length_mm + derived->melt_pool_front_mm) /
                               (2 * derived->effective.diffusivity_mm2_s);
    }
  else
    {
      derived->melt_pool_length_mm = NAN;
      derived->melt_pool_front_mm = NAN;
      derived->melt_pool_width_mm = NAN;
      derived->peclet_number = NAN;
    }

  /* Bond number rho g W² / sigma in SI units (NaN without a melt pool) */
  g = P (GRAVITY_G) * MELT_STANDARD_GRAVITY_M_S2;
  derived->bond_number = derived->effective.density_kg_m3 * g *
                         pow (derived->melt_pool_width_mm * 1e-3, 2) /
                         melt_material_get_surface_tension_n_m (material);

  /* One layer: its bead length at the travel speed, at least the minimum
   * layer time (the dwell after it is not part of the layer) */
  derived->layer_time_s = MAX (layer_length / ts, P (MIN_LAYER_TIME_S));
#undef P
}
