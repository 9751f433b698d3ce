/* melt-process-field.c: the derived quantities of a process set, as every view shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `meltline-cli process` (text and JSON), the process panel and the
 * comparison window all read this table, so that they show the same
 * figures under the same names.
 */

#define G_LOG_DOMAIN "melt-process"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "melt-process-field.h"

/* Names for the table's rows, so that the JSON order below can name them */
typedef enum
{
  F_HEAT_INPUT,
  F_BEAM_POWER,
  F_ABSORBED_POWER,
  F_ENERGY_PER_VOLUME,
  F_MELTING_POWER,

  F_WIRE_VOLUME_RATE,
  F_WIRE_MASS_RATE,
  F_DEPOSITION_RATE_CM3_H,
  F_DEPOSITION_RATE_KG_H,
  F_FEED_RATIO,
  F_HELIUM,
  F_LAYER_TIME,

  F_BEAD_WIDTH,
  F_BEAD_HEIGHT,
  F_BEAD_AREA,
  F_STEP_OVER,
  F_LAYER_HEIGHT,

  F_MELT_POOL_LENGTH,
  F_MELT_POOL_FRONT,
  F_MELT_POOL_WIDTH,
  F_PECLET,
  F_BOND,

  F_DENSITY,
  F_CONDUCTIVITY,
  F_SPECIFIC_HEAT,
  F_DIFFUSIVITY,
  F_LIQUIDUS,
  F_AMBIENT,

  N_FIELDS
} FieldId;

#define LASER MELT_PROCESS_KIND_LASER_WIRE
#define EBEAM MELT_PROCESS_KIND_EBEAM_WIRE
#define BOTH  (-1)

#define F(id, key, title, unit, member, decimals, kind, group, flags) \
  [id] = { key, title, unit, G_STRUCT_OFFSET (MeltProcessDerived, member), decimals, kind, \
           MELT_PROCESS_FIELD_GROUP_##group, flags }

static const MeltProcessField fields[N_FIELDS] = {
  F (F_HEAT_INPUT, "heat_input_j_mm", N_("Heat input"), "J/mm", heat_input_j_mm, 2, BOTH, ENERGY, 0),
  F (F_BEAM_POWER, "beam_power_w", N_("Beam power"), "W", beam_power_w, 1, BOTH, ENERGY, 0),
  F (F_ABSORBED_POWER, "absorbed_power_w", N_("Absorbed power"), "W", absorbed_power_w, 1, BOTH, ENERGY, 0),
  F (F_ENERGY_PER_VOLUME, "energy_per_volume_j_mm3", N_("Energy per volume"), "J/mm³",
     energy_per_volume_j_mm3, 2, BOTH, ENERGY, 0),
  F (F_MELTING_POWER, "melting_power_w", N_("Power to melt the wire"), "W", melting_power_w, 1, BOTH, ENERGY, 0),

  F (F_WIRE_VOLUME_RATE, "wire_volume_rate_mm3_s", N_("Wire volume rate"), "mm³/s",
     wire_volume_rate_mm3_s, 3, BOTH, DEPOSITION, 0),
  F (F_WIRE_MASS_RATE, "wire_mass_rate_g_s", N_("Wire mass rate"), "g/s", wire_mass_rate_g_s, 3, BOTH, DEPOSITION, 0),
  F (F_DEPOSITION_RATE_CM3_H, "deposition_rate_cm3_h", N_("Deposition rate"), "cm³/h",
     deposition_rate_cm3_h, 2, BOTH, DEPOSITION, 0),
  F (F_DEPOSITION_RATE_KG_H, "deposition_rate_kg_h", N_("Deposition rate"), "kg/h",
     deposition_rate_kg_h, 4, BOTH, DEPOSITION, 0),
  F (F_FEED_RATIO, "feed_ratio", N_("Wire feed to travel speed"), "", feed_ratio, 3, BOTH, DEPOSITION, 0),
  F (F_HELIUM, "helium_l_h", N_("Helium"), "l/h", helium_l_h, 3, EBEAM, DEPOSITION, 0),
  F (F_LAYER_TIME, "layer_time_s", N_("Layer time"), "s", layer_time_s, 1, BOTH, DEPOSITION, 0),

  F (F_BEAD_WIDTH, "bead_width_mm", N_("Bead width"), "mm", bead_width_mm, 4, BOTH, BEAD, 0),
  F (F_BEAD_HEIGHT, "bead_height_mm", N_("Bead height"), "mm", bead_height_mm, 4, BOTH, BEAD, 0),
  F (F_BEAD_AREA, "bead_area_mm2", N_("Bead area"), "mm²", bead_area_mm2, 4, BOTH, BEAD, 0),
  F (F_STEP_OVER, "step_over_mm", N_("Step-over"), "mm", step_over_mm, 4, BOTH, BEAD, 0),
  F (F_LAYER_HEIGHT, "layer_height_mm", N_("Layer height"), "mm", layer_height_mm, 4, BOTH, BEAD, 0),

  F (F_MELT_POOL_LENGTH, "melt_pool_length_mm", N_("Length behind the source"), "mm",
     melt_pool_length_mm, 3, BOTH, MELT_POOL, 0),
  F (F_MELT_POOL_FRONT, "melt_pool_front_mm", N_("Front ahead of the source"), "mm",
     melt_pool_front_mm, 3, BOTH, MELT_POOL, 0),
  F (F_MELT_POOL_WIDTH, "melt_pool_width_mm", N_("Width"), "mm", melt_pool_width_mm, 3, BOTH, MELT_POOL, 0),
  F (F_PECLET, "peclet_number", N_("Péclet number"), "", peclet_number, -1, BOTH, MELT_POOL, 0),
  F (F_BOND, "bond_number", N_("Bond number"), "", bond_number, -1, BOTH, MELT_POOL, 0),

  F (F_DENSITY, "density_kg_m3", N_("Density"), "kg/m³", effective.density_kg_m3, 0, BOTH, MATERIAL, 0),
  F (F_CONDUCTIVITY, "conductivity_w_mk", N_("Conductivity"), "W/(m K)",
     effective.conductivity_w_mk, 2, BOTH, MATERIAL, 0),
  F (F_SPECIFIC_HEAT, "specific_heat_j_kgk", N_("Specific heat"), "J/(kg K)",
     effective.specific_heat_j_kgk, 1, BOTH, MATERIAL, 0),
  F (F_DIFFUSIVITY, "diffusivity_mm2_s", N_("Diffusivity"), "mm²/s", effective.diffusivity_mm2_s, 3, BOTH, MATERIAL, 0),
  F (F_LIQUIDUS, "liquidus_k", N_("Liquidus"), "K", effective.liquidus_k, 2, BOTH, MATERIAL, 0),
  F (F_AMBIENT, "ambient_k", N_("Ambient temperature"), "K", effective.ambient_k, 2, BOTH, MATERIAL,
     MELT_PROCESS_FIELD_FLAG_INPUT),
};

#undef F

/* The members of `meltline-cli process --json`, in their stable order
 * (docs/process-format.md; tests/cli/test-cli-process.c checks it) */
static const FieldId json_fields[] = {
  F_HEAT_INPUT, F_ABSORBED_POWER, F_WIRE_VOLUME_RATE, F_DEPOSITION_RATE_CM3_H,
  F_DEPOSITION_RATE_KG_H, F_BEAD_AREA, F_BEAD_WIDTH, F_BEAD_HEIGHT, F_STEP_OVER,
  F_LAYER_HEIGHT, F_BEAM_POWER, F_MELT_POOL_LENGTH, F_MELT_POOL_FRONT, F_MELT_POOL_WIDTH,
  F_BOND, F_HELIUM,
};

/* … and of its "effective" object */
static const FieldId json_effective_fields[] = {
  F_DENSITY, F_CONDUCTIVITY, F_SPECIFIC_HEAT, F_LIQUIDUS, F_AMBIENT,
};

/**
 * melt_process_field_get_all:
 * @n_fields: (out): how many
 *
 * Returns: (array length=n_fields): every derived quantity, grouped, in
 *   the order views list them
 */
const MeltProcessField *
melt_process_field_get_all (guint *n_fields)
{
  g_return_val_if_fail (n_fields != NULL, NULL);

  *n_fields = G_N_ELEMENTS (fields);
  return fields;
}

/**
 * melt_process_field_lookup:
 * @key: a key of `meltline-cli process --json`
 *
 * Returns: (nullable): the field with this key
 */
const MeltProcessField *
melt_process_field_lookup (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].key, key))
      return &fields[i];

  return NULL;
}

const char *
melt_process_field_get_title (const MeltProcessField *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  return _(field->title);
}

double
melt_process_field_get_value (const MeltProcessField   *field,
                              const MeltProcessDerived *derived)
{
  g_return_val_if_fail (field != NULL, NAN);
  g_return_val_if_fail (derived != NULL, NAN);

  return G_STRUCT_MEMBER (double, derived, field->offset);
}

gboolean
melt_process_field_applies (const MeltProcessField *field,
                            MeltProcessKind         kind)
{
  g_return_val_if_fail (field != NULL, FALSE);

  return field->kind < 0 || field->kind == (int)kind;
}

/**
 * melt_process_field_group_get_title:
 * @group: a #MeltProcessFieldGroup
 *
 * Returns: the translated title of the group
 */
const char *
melt_process_field_group_get_title (MeltProcessFieldGroup group)
{
  switch (group)
    {
    case MELT_PROCESS_FIELD_GROUP_ENERGY:
      return _("Energy");

    case MELT_PROCESS_FIELD_GROUP_DEPOSITION:
      return _("Deposition");

    case MELT_PROCESS_FIELD_GROUP_BEAD:
      return _("Bead");

    case MELT_PROCESS_FIELD_GROUP_MELT_POOL:
      return _("Melt Pool");

    case MELT_PROCESS_FIELD_GROUP_MATERIAL:
      /* Translators: material properties averaged over the melt-pool temperatures */
      return _("Effective Material Values");

    case MELT_PROCESS_FIELD_N_GROUPS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Three significant digits; below 10⁻³ and from 10⁵ on as “1.23 × 10⁻⁵” */
static char *
format_significant (double value)
{
  static const char *superscripts[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  g_autoptr(GString) str = NULL;
  g_autofree char *digits = NULL;
  char buffer[64];
  const char *e;
  int exponent;

  if (value == 0.0)
    return g_strdup ("0");

  /* The exponent after rounding to three digits: 9.996e-6 is 1.00e-05 */
  g_snprintf (buffer, sizeof buffer, "%.2e", value);
  e = strrchr (buffer, 'e');
  g_assert (e != NULL);
  exponent = atoi (e + 1);

  if (exponent >= -3 && exponent < 5)
    return g_strdup_printf ("%.*f", MAX (0, 2 - exponent), value);

  str = g_string_new_len (buffer, e - buffer);
  g_string_append (str, " × 10");
  if (exponent < 0)
    g_string_append (str, "⁻");
  digits = g_strdup_printf ("%d", ABS (exponent));
  for (const char *p = digits; *p; p++)
    g_string_append (str, superscripts[*p - '0']);

  return g_string_free (g_steal_pointer (&str), FALSE);
}

/**
 * melt_format_number:
 * @value: a number
 * @decimals: decimals, or -1 for three significant digits
 * @unit: (nullable): the unit after it
 *
 * Returns: (transfer full): @value as every view shows it, e.g. "105.00 J/mm"
 */
char *
melt_format_number (double      value,
                    int         decimals,
                    const char *unit)
{
  g_autofree char *number = NULL;

  if (!isfinite (value))
    return g_strdup ("—");

  if (decimals < 0)
    number = format_significant (value);
  else
    number = g_strdup_printf ("%.*f", decimals, value);

  /* "-0.0" reads as a sign error */
  if (number[0] == '-' && strtod (number, NULL) == 0.0)
    memmove (number, number + 1, strlen (number));

  if (unit == NULL || unit[0] == '\0')
    return g_steal_pointer (&number);

  /* Translators: a value, then its unit, e.g. “105.0 J/mm” */
  return g_strdup_printf (_("%s %s"), number, unit);
}

/**
 * melt_process_field_format:
 * @field: a field
 * @derived: the values
 *
 * Returns: (transfer full): the value of @field with its unit, as the
 *   CLI's text output, the panel and the comparison window show it
 */
char *
melt_process_field_format (const MeltProcessField   *field,
                           const MeltProcessDerived *derived)
{
  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (derived != NULL, NULL);

  return melt_format_number (melt_process_field_get_value (field, derived),
                             field->decimals, field->unit);
}

/**
 * melt_process_derived_to_json_object:
 * @derived: the values
 *
 * Returns: (transfer full): the numeric members of `meltline-cli process --json`
 */
/* JSON has no NaN: a value the model does not give (the melt pool of a part
 * above its solidus) is null. */
static void
set_number_member (JsonObject *object,
                   const char *key,
                   double      value)
{
  if (isfinite (value))
    json_object_set_double_member (object, key, value);
  else
    json_object_set_null_member (object, key);
}

JsonObject *
melt_process_derived_to_json_object (const MeltProcessDerived *derived)
{
  JsonObject *object;
  JsonObject *effective;

  g_return_val_if_fail (derived != NULL, NULL);

  object = json_object_new ();
  for (guint i = 0; i < G_N_ELEMENTS (json_fields); i++)
    {
      const MeltProcessField *field = &fields[json_fields[i]];

      set_number_member (object, field->key, melt_process_field_get_value (field, derived));
    }

  effective = json_object_new ();
  for (guint i = 0; i < G_N_ELEMENTS (json_effective_fields); i++)
    {
      const MeltProcessField *field = &fields[json_effective_fields[i]];

      set_number_member (effective, field->key, melt_process_field_get_value (field, derived));
    }
  json_object_set_object_member (object, "effective", effective);

  return object;
}
