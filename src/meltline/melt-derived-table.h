/* melt-derived-table.h: the derived quantities of a process set, as views show them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "melt-process.h"
#include "melt-process-derived.h"

G_BEGIN_DECLS

typedef enum
{
  MELT_DERIVED_SECTION_ENERGY,
  MELT_DERIVED_SECTION_DEPOSITION,
  MELT_DERIVED_SECTION_BEAD,
  MELT_DERIVED_SECTION_MELT_POOL,
  MELT_DERIVED_SECTION_MATERIAL,
  MELT_DERIVED_N_SECTIONS
} MeltDerivedSection;

/**
 * MeltDerivedQuantity:
 * @key: the key of `meltline-cli process --json` (e.g. "heat_input_j_mm")
 * @title: untranslated title (translate with _())
 * @unit: the unit shown after the value, "" for none
 * @offset: where the value is in #MeltProcessDerived
 * @digits: decimals shown; -1 for three significant digits (spans decades)
 * @kind: the process kind it means something for, or -1 for both
 * @section: the group it is shown in
 *
 * One row of the process panel's derived values and of the comparison
 * table. Only presentation lives here: the values come from the core.
 */
typedef struct
{
  const char *key;
  const char *title;
  const char *unit;
  gsize       offset;
  int         digits;
  int         kind;
  MeltDerivedSection section;
} MeltDerivedQuantity;

const char                *melt_derived_section_get_title (MeltDerivedSection section);
const MeltDerivedQuantity *melt_derived_table_get     (guint                      *n_quantities);
double                     melt_derived_quantity_value (const MeltDerivedQuantity *quantity,
                                                        const MeltProcessDerived  *derived);
gboolean                   melt_derived_quantity_applies (const MeltDerivedQuantity *quantity,
                                                          MeltProcessKind            kind);
char                      *melt_derived_quantity_format (const MeltDerivedQuantity *quantity,
                                                         const MeltProcessDerived  *derived);
char                      *melt_format_number          (double                     value,
                                                        int                        digits,
                                                        const char                *unit);

G_END_DECLS
