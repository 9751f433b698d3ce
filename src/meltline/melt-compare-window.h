/* melt-compare-window.h: two process parameter sets side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "melt-process.h"
#include "melt-process-derived.h"

G_BEGIN_DECLS

typedef enum
{
  MELT_COMPARE_LEFT,
  MELT_COMPARE_RIGHT,
} MeltCompareSide;

#define MELT_TYPE_COMPARE_WINDOW (melt_compare_window_get_type ())

G_DECLARE_FINAL_TYPE (MeltCompareWindow, melt_compare_window, MELT, COMPARE_WINDOW, AdwWindow)

GtkWidget                *melt_compare_window_new          (MeltProcess       *current);
MeltProcess              *melt_compare_window_get_process  (MeltCompareWindow *self,
                                                            MeltCompareSide    side);
void                      melt_compare_window_set_process  (MeltCompareWindow *self,
                                                            MeltCompareSide    side,
                                                            MeltProcess       *process);
const MeltProcessDerived *melt_compare_window_get_derived  (MeltCompareWindow *self,
                                                            MeltCompareSide    side);
GtkLabel                 *melt_compare_window_get_value_label (MeltCompareWindow *self,
                                                               MeltCompareSide    side,
                                                               const char        *key);
gboolean                  melt_compare_window_get_differs  (MeltCompareWindow *self,
                                                            const char        *key);
guint                     melt_compare_window_get_n_differing (MeltCompareWindow *self);

G_END_DECLS
