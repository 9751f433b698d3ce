/* melt-process-private.h: what the preset loader sets on a MeltProcess
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "melt-process.h"

G_BEGIN_DECLS

/* Marks @self as the shipped preset @preset_id (NULL: not a preset) */
void melt_process_set_preset_id (MeltProcess *self,
                                 const char  *preset_id);

G_END_DECLS
