/* melt-window.h: a Meltline main window showing one part
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "melt-mesh.h"
#include "melt-part-panel.h"
#include "melt-plan-panel.h"
#include "melt-preview.h"
#include "melt-range-slider.h"
#include "melt-process-panel.h"
#include "melt-viewport.h"

G_BEGIN_DECLS

#define MELT_TYPE_WINDOW (melt_window_get_type ())

G_DECLARE_FINAL_TYPE (MeltWindow, melt_window, MELT, WINDOW, AdwApplicationWindow)

MeltWindow    *melt_window_new            (GtkApplication *application);
void           melt_window_open           (MeltWindow     *self,
                                           GFile          *file);
void           melt_window_cancel_load    (MeltWindow     *self);
MeltMesh      *melt_window_get_mesh       (MeltWindow     *self);
GFile         *melt_window_get_file       (MeltWindow     *self);
gboolean       melt_window_get_loading    (MeltWindow     *self);
gboolean       melt_window_is_empty       (MeltWindow     *self);
MeltViewport  *melt_window_get_viewport   (MeltWindow     *self);
MeltPartPanel *melt_window_get_part_panel (MeltWindow     *self);
const char    *melt_window_get_visible_page (MeltWindow   *self);

MeltProcessPanel *melt_window_get_process_panel   (MeltWindow  *self);
MeltPlanPanel    *melt_window_get_plan_panel      (MeltWindow  *self);
MeltPreview      *melt_window_get_preview         (MeltWindow  *self);
MeltRangeSlider  *melt_window_get_layer_slider    (MeltWindow  *self);
MeltProcess      *melt_window_get_process         (MeltWindow  *self);
GFile            *melt_window_get_process_file    (MeltWindow  *self);
const char       *melt_window_get_side_page       (MeltWindow  *self);
gboolean          melt_window_open_process        (MeltWindow  *self,
                                                   GFile       *file,
                                                   GError     **error);
gboolean          melt_window_save_process        (MeltWindow  *self,
                                                   GFile       *file,
                                                   GError     **error);
gboolean          melt_window_load_process_preset (MeltWindow  *self,
                                                   const char  *id,
                                                   GError     **error);

G_END_DECLS
