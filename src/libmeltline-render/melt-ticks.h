/* melt-ticks.h: "nice" axis ticks for linear and logarithmic ranges
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GArray *melt_ticks_linear  (double  min,
                            double  max,
                            guint   n_wanted,
                            double *step);
GArray *melt_ticks_log     (double  min,
                            double  max,
                            guint   n_wanted);
char   *melt_ticks_format  (double  value,
                            double  step);

G_END_DECLS
