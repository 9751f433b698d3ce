/* melt-derived-table.c: the derived quantities of a process set, as views show them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-derived-table"

#include "config.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "melt-derived-table.h"

#define Q(key, title, unit, field, digits, kind, section) \
  { key, title, unit, G_STRUCT_OFFSET (MeltProcessDerived, field), digits, kind, section }

/* In the order the views list them. Keys are those of `meltline-cli process --json`
 * where the CLI prints the quantity; units and decimals are those of its text
 * output (src/meltline-cli/melt-cli-process.c), so that both show the same
 * figures. */
static const MeltDerivedQuantity quantities[] = {
  Q ("heat_input_j_mm", N_("Heat input"), "J/mm", heat_input_j_mm, 2, -1, MELT_DERIVED_SECTION_ENERGY),
  Q ("beam_power_w", N_("Beam power"), "W", beam_power_w, 1, -1, MELT_DERIVED_SECTION_ENERGY),
  Q ("absorbed_power_w", N_("Absorbed power"), "W", absorbed_power_w, 1, -1, MELT_DERIVED_SECTION_ENERGY),
  Q ("energy_per_volume_j_mm3", N_("Energy per volume"), "J/mm³", energy_per_volume_j_mm3, 2, -1, MELT_DERIVED_SECTION_ENERGY),
  Q ("melting_power_w", N_("Power to melt the wire"), "W", melting_power_w, 1, -1, MELT_DERIVED_SECTION_ENERGY),

  Q ("wire_volume_rate_mm3_s", N_("Wire volume rate"), "mm³/s", wire_volume_rate_mm3_s, 3, -1, MELT_DERIVED_SECTION_DEPOSITION),
  Q ("deposition_rate_cm3_h", N_("Deposition rate"), "cm³/h", deposition_rate_cm3_h, 2, -1, MELT_DERIVED_SECTION_DEPOSITION),
  Q ("deposition_rate_kg_h", N_("Deposition rate"), "kg/h", deposition_rate_kg_h, 4, -1, MELT_DERIVED_SECTION_DEPOSITION),
  Q ("feed_ratio", N_("Wire feed to travel speed"), "", feed_ratio, 3, -1, MELT_DERIVED_SECTION_DEPOSITION),
  Q ("helium_l_h", N_("Helium"), "l/h", helium_l_h, 3, MELT_PROCESS_KIND_EBEAM_WIRE, MELT_DERIVED_SECTION_DEPOSITION),
  Q ("layer_time_s", N_("Layer time"), "s", layer_time_s, 1, -1, MELT_DERIVED_SECTION_DEPOSITION),

  Q ("bead_width_mm", N_("Bead width"), "mm", bead_width_mm, 4, -1, MELT_DERIVED_SECTION_BEAD),
  Q ("bead_height_mm", N_("Bead height"), "mm", bead_height_mm, 4, -1, MELT_DERIVED_SECTION_BEAD),
  Q ("bead_area_mm2", N_("Bead area"), "mm²", bead_area_mm2, 4, -1, MELT_DERIVED_SECTION_BEAD),
  Q ("step_over_mm", N_("Step-over"), "mm", step_over_mm, 4, -1, MELT_DERIVED_SECTION_BEAD),
  Q ("layer_height_mm", N_("Layer height"), "mm", layer_height_mm, 4, -1, MELT_DERIVED_SECTION_BEAD),

  Q ("melt_pool_length_mm", N_("Length behind the source"), "mm", melt_pool_length_mm, 3, -1, MELT_DERIVED_SECTION_MELT_POOL),
  Q ("melt_pool_front_mm", N_("Front ahead of the source"), "mm", melt_pool_front_mm, 3, -1, MELT_DERIVED_SECTION_MELT_POOL),
  Q ("melt_pool_width_mm", N_("Width"), "mm", melt_pool_width_mm, 3, -1, MELT_DERIVED_SECTION_MELT_POOL),
  Q ("peclet_number", N_("Péclet number"), "", peclet_number, -1, -1, MELT_DERIVED_SECTION_MELT_POOL),
  Q ("bond_number", N_("Bond number"), "", bond_number, -1, -1, MELT_DERIVED_SECTION_MELT_POOL),

  Q ("density_kg_m3", N_("Density"), "kg/m³", effective.density_kg_m3, 0, -1, MELT_DERIVED_SECTION_MATERIAL),
  Q ("conductivity_w_mk", N_("Conductivity"), "W/(m K)", effective.conductivity_w_mk, 2, -1, MELT_DERIVED_SECTION_MATERIAL),
  Q ("specific_heat_j_kgk", N_("Specific heat"), "J/(kg K)", effective.specific_heat_j_kgk, 1, -1, MELT_DERIVED_SECTION_MATERIAL),
  Q ("diffusivity_mm2_s", N_("Diffusivity"), "mm²/s", effective.diffusivity_mm2_s, 3, -1, MELT_DERIVED_SECTION_MATERIAL),
  Q ("liquidus_k", N_("Liquidus"), "K", effective.liquidus_k, 2, -1, MELT_DERIVED_SECTION_MATERIAL),
};

#undef Q

/**
 * melt_derived_section_get_title:
 * @section: a #MeltDerivedSection
 *
 * Returns: the translated title of the group
 */
const char *
melt_derived_section_get_title (MeltDerivedSection section)
{
  switch (section)
    {
    case MELT_DERIVED_SECTION_ENERGY:
      return _("Energy");

    case MELT_DERIVED_SECTION_DEPOSITION:
      return _("Deposition");

    case MELT_DERIVED_SECTION_BEAD:
      return _("Bead");

    case MELT_DERIVED_SECTION_MELT_POOL:
      return _("Melt Pool");

    case MELT_DERIVED_SECTION_MATERIAL:
      /* Translators: material properties averaged over the melt-pool temperatures */
      return _("Effective Material Values");

    case MELT_DERIVED_N_SECTIONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * melt_derived_table_get:
 * @n_quantities: (out): how many
 *
 * Returns: (array length=n_quantities): every derived quantity a view shows
 */
const MeltDerivedQuantity *
melt_derived_table_get (guint *n_quantities)
{
  g_return_val_if_fail (n_quantities != NULL, NULL);

  *n_quantities = G_N_ELEMENTS (quantities);
  return quantities;
}

double
melt_derived_quantity_value (const MeltDerivedQuantity *quantity,
                             const MeltProcessDerived  *derived)
{
  g_return_val_if_fail (quantity != NULL, NAN);
  g_return_val_if_fail (derived != NULL, NAN);

  return G_STRUCT_MEMBER (double, derived, quantity->offset);
}

gboolean
melt_derived_quantity_applies (const MeltDerivedQuantity *quantity,
                               MeltProcessKind            kind)
{
  g_return_val_if_fail (quantity != NULL, FALSE);

  return quantity->kind < 0 || quantity->kind == (int)kind;
}

/* Three significant digits; tiny and huge numbers as “1.23 × 10⁻⁵” */
static char *
format_significant (double value)
{
  static const char *superscripts[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  g_autoptr(GString) str = NULL;
  g_autofree char *digits = NULL;
  double magnitude = fabs (value);
  int exponent;

  if (magnitude == 0.0 || (magnitude >= 1e-3 && magnitude < 1e5))
    return g_strdup_printf ("%.3g", value);

  exponent = (int)floor (log10 (magnitude));
  /* Rounding may carry into the next decade: 9.996e-6 is 1.00 × 10⁻⁵ */
  if (fabs (value / pow (10.0, exponent)) >= 9.995)
    exponent++;

  str = g_string_new (NULL);
  g_string_append_printf (str, "%.2f × 10", value / pow (10.0, exponent));
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
 * @digits: decimals, or -1 for three significant digits
 * @unit: (nullable): the unit after it
 *
 * Returns: (transfer full): @value as views show it, e.g. "105.0 J/mm"
 */
char *
melt_format_number (double      value,
                    int         digits,
                    const char *unit)
{
  g_autofree char *number = NULL;

  if (!isfinite (value))
    return g_strdup ("—");

  if (digits < 0)
    number = format_significant (value);
  else
    number = g_strdup_printf ("%.*f", digits, value);

  /* "-0.0" reads as a sign error */
  if (number[0] == '-' && strtod (number, NULL) == 0.0)
    memmove (number, number + 1, strlen (number));

  if (unit == NULL || unit[0] == '\0')
    return g_steal_pointer (&number);

  /* Translators: a value, then its unit, e.g. “105.0 J/mm” */
  return g_strdup_printf (_("%s %s"), number, unit);
}

/**
 * melt_derived_quantity_format:
 * @quantity: a row of the table
 * @derived: the values
 *
 * Returns: (transfer full): the value with its unit
 */
char *
melt_derived_quantity_format (const MeltDerivedQuantity *quantity,
                              const MeltProcessDerived  *derived)
{
  g_return_val_if_fail (quantity != NULL, NULL);
  g_return_val_if_fail (derived != NULL, NULL);

  return melt_format_number (melt_derived_quantity_value (quantity, derived),
                             quantity->digits, quantity->unit);
}
