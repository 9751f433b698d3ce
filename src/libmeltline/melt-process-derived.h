/* melt-process-derived.h: what a process parameter set means physically
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "melt-material.h"
#include "melt-process.h"

G_BEGIN_DECLS

/* Standard gravity, m/s² */
#define MELT_STANDARD_GRAVITY_M_S2 9.80665

/* The tangent overlapping model's critical centre distance, as a fraction
 * of the bead width (Ding et al., Robotics and CIM 31 (2015) 101-110) */
#define MELT_TANGENT_STEP_OVER_FRACTION 0.738

/**
 * MeltProcessDerived:
 *
 * Every derived quantity of a parameter set, in internal units. Plain data,
 * copyable by value. docs/process-model.md gives each formula and source.
 */
typedef struct
{
  MeltMaterialEffective effective;     /* T0, Tm, rho, k, c, alpha */

  double wire_volume_rate_mm3_s;       /* Q = pi d^2 / 4 * WFS */
  double wire_mass_rate_g_s;           /* rho * Q */
  double deposition_rate_cm3_h;        /* eta_dep * Q, in cm³/h */
  double deposition_rate_kg_h;         /* eta_dep * rho * Q, in kg/h */
  double feed_ratio;                   /* wire feed speed / travel speed */

  double bead_area_mm2;                /* A = eta_dep * Q / TS */
  double bead_width_mm;                /* w, from the profile and aspect ratio or explicit */
  double bead_height_mm;               /* h */
  double step_over_mm;                 /* d: flat-top A/h, tangent 0.738 w, or explicit */
  double tangent_step_over_mm;         /* 0.738 w, the reference of the step-over checks */
  double layer_height_mm;              /* A / d, or explicit */
  double overlapped_height_mm;         /* A / d, whatever the layer height is set to */

  double beam_power_w;                 /* laser power, or U * I */
  double absorbed_power_w;             /* eta * P */
  double heat_input_j_mm;              /* eta * P / TS */
  double energy_per_volume_j_mm3;      /* eta * P / (eta_dep * Q) */
  double melting_power_w;              /* power to heat the wire from T0 to Tm and melt it */

  /* NaN when the part is not below its solidus (melt_process_derived_melt_pool_applies()) */
  double melt_pool_length_mm;          /* Rosenthal: Tm isotherm behind the source */
  double melt_pool_front_mm;           /* Tm isotherm ahead of the source (numerical) */
  double melt_pool_width_mm;           /* widest extent of the Tm isotherm (numerical) */
  double peclet_number;                /* v * (L + front) / (2 alpha) */

  double bond_number;                  /* rho g W^2 / sigma with W the melt-pool width */
  double helium_l_h;                   /* standard litres per hour of beam-on time */
  double layer_time_s;                 /* max (layer length / TS + dwell, min layer time) */
} MeltProcessDerived;

/* Whether the melt-pool model applies to a part at @ambient_k: below the
 * solidus of @material. Otherwise the melt-pool values (length, front,
 * width, Péclet and Bond numbers) are NaN and a check reports an error. */
gboolean  melt_process_derived_melt_pool_applies (MeltMaterial          *material,
                                                  double                 ambient_k);

/* Fills @derived from @process and @material (pure: no I/O, no state) */
void      melt_process_derived_compute        (MeltProcessDerived       *derived,
                                               MeltProcess              *process,
                                               MeltMaterial             *material);

/* The bead area of a profile with width @width_mm and height @height_mm */
double    melt_bead_profile_area              (MeltBeadProfile           profile,
                                               double                    width_mm,
                                               double                    height_mm);
/* Solves width and height of a bead of @area_mm2: from the aspect ratio
 * w/h when @width_mm <= 0, else the height for that width. */
void      melt_bead_profile_solve             (MeltBeadProfile           profile,
                                               double                    area_mm2,
                                               double                    aspect_ratio,
                                               double                    width_mm,
                                               double                   *out_width_mm,
                                               double                   *out_height_mm);

/* The Rosenthal moving point source on a semi-infinite body: the
 * temperature rise (K) at (x, y, z) mm relative to the source moving along
 * +x at @speed_mm_s. @absorbed_power_w, @conductivity_w_mk, @diffusivity_mm2_s. */
double    melt_rosenthal_rise_k               (double                    absorbed_power_w,
                                               double                    conductivity_w_mk,
                                               double                    diffusivity_mm2_s,
                                               double                    speed_mm_s,
                                               double                    x_mm,
                                               double                    y_mm,
                                               double                    z_mm);
/* The isotherm of rise @rise_k on the surface: its length behind the
 * source, ahead of it, and its full width, in mm */
void      melt_rosenthal_isotherm             (double                    absorbed_power_w,
                                               double                    conductivity_w_mk,
                                               double                    diffusivity_mm2_s,
                                               double                    speed_mm_s,
                                               double                    rise_k,
                                               double                   *length_mm,
                                               double                   *front_mm,
                                               double                   *width_mm);

G_END_DECLS
