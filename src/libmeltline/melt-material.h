/* melt-material.h: a wire material and the library of them in data/materials/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MELT_MATERIAL_ERROR (melt_material_error_quark ())

/**
 * MeltMaterialError:
 * @MELT_MATERIAL_ERROR_PARSE: the file is not JSON
 * @MELT_MATERIAL_ERROR_INVALID: a key is missing, of the wrong type or out of range
 * @MELT_MATERIAL_ERROR_DUPLICATE: two files define the same material id
 */
typedef enum
{
  MELT_MATERIAL_ERROR_PARSE,
  MELT_MATERIAL_ERROR_INVALID,
  MELT_MATERIAL_ERROR_DUPLICATE,
} MeltMaterialError;

/**
 * MeltMaterialProperty:
 *
 * A property of a material that is a function of temperature, given as a
 * table of (temperature_k, value) points, interpolated linearly between
 * points and held constant outside the table.
 */
typedef enum
{
  MELT_MATERIAL_CONDUCTIVITY,    /* W/(m K) */
  MELT_MATERIAL_SPECIFIC_HEAT,   /* J/(kg K) */
} MeltMaterialProperty;

/**
 * MeltMaterialEffective:
 * @ambient_k: T0, the lower end of the averaging range
 * @liquidus_k: Tm, the melting isotherm of the melt-pool model
 * @density_kg_m3: density at room temperature (the tables give no other)
 * @conductivity_w_mk: mean of the conductivity table over T0..Tm
 * @specific_heat_j_kgk: mean of the specific-heat table over T0..Tm
 * @diffusivity_mm2_s: k / (rho c) with the means above, in mm²/s
 *
 * The constant properties the Rosenthal solution needs: each table is
 * averaged over T0..Tm (its integral over the range divided by Tm − T0,
 * exact for the piecewise-linear table).
 */
typedef struct
{
  double ambient_k;
  double liquidus_k;
  double density_kg_m3;
  double conductivity_w_mk;
  double specific_heat_j_kgk;
  double diffusivity_mm2_s;
} MeltMaterialEffective;

#define MELT_TYPE_MATERIAL (melt_material_get_type ())

G_DECLARE_FINAL_TYPE (MeltMaterial, melt_material, MELT, MATERIAL, GObject)

/*
 * Read-only properties: "id" (e.g. "316L", the key process files use), "name"
 * (e.g. “316L stainless steel”), "density-kg-m3", "solidus-k", "liquidus-k",
 * "latent-heat-j-kg", "surface-tension-n-m", "feed-ratio-min", "feed-ratio-max".
 */

GQuark        melt_material_error_quark          (void);

MeltMaterial *melt_material_load                 (GFile                 *file,
                                                  GError               **error);
MeltMaterial *melt_material_new_from_json_node   (JsonNode              *node,
                                                  const char            *display_name,
                                                  GError               **error);

const char   *melt_material_get_id               (MeltMaterial          *self);
const char   *melt_material_get_name             (MeltMaterial          *self);
double        melt_material_get_density_kg_m3    (MeltMaterial          *self);
double        melt_material_get_solidus_k        (MeltMaterial          *self);
double        melt_material_get_liquidus_k       (MeltMaterial          *self);
double        melt_material_get_latent_heat_j_kg (MeltMaterial          *self);
double        melt_material_get_surface_tension_n_m (MeltMaterial       *self);
/* The stable window of wire feed speed / travel speed: below it the wire
 * melts off before it reaches the pool (dripping), above it the wire hits
 * the part unmelted (stubbing) */
double        melt_material_get_feed_ratio_min   (MeltMaterial          *self);
double        melt_material_get_feed_ratio_max   (MeltMaterial          *self);
/* The source of a value, by its key in the file (e.g. "density_kg_m3",
 * "conductivity_w_mk"), or NULL */
const char   *melt_material_get_source           (MeltMaterial          *self,
                                                  const char            *key);

/* The table of a temperature-dependent property (arrays owned by @self) */
guint         melt_material_get_table            (MeltMaterial          *self,
                                                  MeltMaterialProperty   property,
                                                  const double         **temperatures_k,
                                                  const double         **values);
/* The property at one temperature (linear interpolation, constant outside) */
double        melt_material_value_at             (MeltMaterial          *self,
                                                  MeltMaterialProperty   property,
                                                  double                 temperature_k);
/* Mean of the property over [t0_k, t1_k] (the value at t0_k if they are equal) */
double        melt_material_mean                 (MeltMaterial          *self,
                                                  MeltMaterialProperty   property,
                                                  double                 t0_k,
                                                  double                 t1_k);
/* The effective values for a part at @ambient_k (see MeltMaterialEffective) */
void          melt_material_get_effective        (MeltMaterial          *self,
                                                  double                 ambient_k,
                                                  MeltMaterialEffective *effective);

/* The library: every *.json in a directory, sorted by id. */
GPtrArray    *melt_material_library_load         (GFile                 *directory,
                                                  GError               **error);
/* The default library, loaded once from the data directory (see
 * melt-data.h), never NULL: (element-type MeltMaterial) (transfer none).
 * Files that fail to load are logged with g_warning() and skipped. */
GPtrArray    *melt_material_library_get_default  (void);
/* A material of the default library by id (transfer none), or NULL */
MeltMaterial *melt_material_lookup               (const char            *id);

G_END_DECLS
