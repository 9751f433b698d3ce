/* melt-process-field.h: the derived quantities of a process set, as every view shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "melt-process.h"
#include "melt-process-derived.h"

G_BEGIN_DECLS

/**
 * MeltProcessFieldGroup:
 *
 * The groups the derived quantities are shown in, in the order shown.
 */
typedef enum
{
  MELT_PROCESS_FIELD_GROUP_ENERGY,
  MELT_PROCESS_FIELD_GROUP_DEPOSITION,
  MELT_PROCESS_FIELD_GROUP_BEAD,
  MELT_PROCESS_FIELD_GROUP_MELT_POOL,
  MELT_PROCESS_FIELD_GROUP_MATERIAL,     /* effective material values */
  MELT_PROCESS_FIELD_N_GROUPS
} MeltProcessFieldGroup;

/**
 * MeltProcessFieldFlags:
 * @MELT_PROCESS_FIELD_FLAG_NONE: a derived value every view shows
 * @MELT_PROCESS_FIELD_FLAG_INPUT: an input repeated in the JSON output for
 *   reference (e.g. "ambient_k"); views show the parameter instead
 */
typedef enum
{
  MELT_PROCESS_FIELD_FLAG_NONE  = 0,
  MELT_PROCESS_FIELD_FLAG_INPUT = 1 << 0,
} MeltProcessFieldFlags;

/**
 * MeltProcessField:
 * @key: the stable key of `meltline-cli process --json` (e.g. "heat_input_j_mm")
 * @title: untranslated title; melt_process_field_get_title() translates it
 * @unit: the unit shown after the value, "" for none
 * @offset: where the value is in #MeltProcessDerived
 * @decimals: decimals shown; -1 for three significant digits (for values
 *   that span decades, written “8.19 × 10⁻⁷” when tiny or huge)
 * @kind: the #MeltProcessKind it means something for, or -1 for both
 * @group: the group it is shown in
 * @flags: #MeltProcessFieldFlags
 *
 * One derived quantity, as the CLI's text and JSON output, the process
 * panel and the comparison window show it: the one place its key, title,
 * unit and precision are written down.
 */
typedef struct
{
  const char            *key;
  const char            *title;
  const char            *unit;
  gsize                  offset;
  int                    decimals;
  int                    kind;
  MeltProcessFieldGroup  group;
  MeltProcessFieldFlags  flags;
} MeltProcessField;

/* Every field, in the order views list them (grouped by @group) */
const MeltProcessField *melt_process_field_get_all        (guint                    *n_fields);
/* The field with this JSON key, or NULL */
const MeltProcessField *melt_process_field_lookup         (const char               *key);

const char             *melt_process_field_get_title      (const MeltProcessField   *field);
double                  melt_process_field_get_value      (const MeltProcessField   *field,
                                                           const MeltProcessDerived *derived);
/* Whether @field means something for a set of @kind */
gboolean                melt_process_field_applies        (const MeltProcessField   *field,
                                                           MeltProcessKind           kind);
/* The value with its unit, e.g. “105.00 J/mm” or “8.19 × 10⁻⁷” */
char                   *melt_process_field_format         (const MeltProcessField   *field,
                                                           const MeltProcessDerived *derived);

/* The translated title of a group, e.g. “Melt Pool” */
const char             *melt_process_field_group_get_title (MeltProcessFieldGroup    group);

/* @value with @decimals decimals (-1: three significant digits, powers of
 * ten as “× 10⁻⁵” outside 10⁻³ … 10⁵), then @unit when not NULL or "";
 * “—” when not finite */
char                   *melt_format_number                (double                    value,
                                                           int                       decimals,
                                                           const char               *unit);

/* The numeric keys of `meltline-cli process --json`, in its order
 * (heat_input_j_mm, …, helium_l_h, and the "effective" object); the caller
 * adds process, material and checks */
JsonObject             *melt_process_derived_to_json_object (const MeltProcessDerived *derived);

G_END_DECLS
