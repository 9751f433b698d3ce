/* melt-process-preset.h: the process parameter sets shipped in data/presets/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "melt-process.h"

G_BEGIN_DECLS

/* The label every preset carries, as written in the files */
#define MELT_PROCESS_PRESET_LABEL "typical values, not flight values"

/* The same label, translated for display */
const char  *melt_process_preset_get_label (void);

/* The ids of the presets (file names without .json), sorted:
 * (element-type utf8) (transfer full) */
GPtrArray   *melt_process_preset_list_ids (void);
/* Loads one preset by id (a fresh object the caller may edit) */
MeltProcess *melt_process_preset_load     (const char *id,
                                           GError    **error);
/* Loads every preset: (element-type MeltProcess) (transfer full), in the
 * order of melt_process_preset_list_ids(); NULL and @error if one fails */
GPtrArray   *melt_process_preset_load_all (GError    **error);

G_END_DECLS
