/* melt-plan-panel.h: the side panel that plans the part's beads and sums them up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "melt-mesh.h"
#include "melt-plan-summary.h"
#include "melt-planner.h"
#include "melt-process.h"
#include "melt-toolpath.h"

G_BEGIN_DECLS

/* Open outlines are closed across gaps up to this width when slicing */
#define MELT_PLAN_PANEL_GAP_TOLERANCE_MM 0.01

#define MELT_TYPE_PLAN_PANEL (melt_plan_panel_get_type ())

G_DECLARE_FINAL_TYPE (MeltPlanPanel, melt_plan_panel, MELT, PLAN_PANEL, GtkWidget)

GtkWidget             *melt_plan_panel_new          (void);
MeltMesh              *melt_plan_panel_get_mesh     (MeltPlanPanel    *self);
void                   melt_plan_panel_set_mesh     (MeltPlanPanel    *self,
                                                     MeltMesh         *mesh);
MeltProcess           *melt_plan_panel_get_process  (MeltPlanPanel    *self);
void                   melt_plan_panel_set_process  (MeltPlanPanel    *self,
                                                     MeltProcess      *process);
void                   melt_plan_panel_get_settings (MeltPlanPanel    *self,
                                                     MeltPlanSettings *settings);
void                   melt_plan_panel_set_settings (MeltPlanPanel    *self,
                                                     const MeltPlanSettings *settings);
gboolean               melt_plan_panel_get_can_plan (MeltPlanPanel    *self);
gboolean               melt_plan_panel_get_planning (MeltPlanPanel    *self);
gboolean               melt_plan_panel_get_stale    (MeltPlanPanel    *self);
void                   melt_plan_panel_plan         (MeltPlanPanel    *self);
void                   melt_plan_panel_cancel       (MeltPlanPanel    *self);
MeltToolpath          *melt_plan_panel_get_toolpath (MeltPlanPanel    *self);
const MeltPlanSummary *melt_plan_panel_get_summary  (MeltPlanPanel    *self);
const MeltPlanReport  *melt_plan_panel_get_report   (MeltPlanPanel    *self);
GtkWidget             *melt_plan_panel_get_fits_row (MeltPlanPanel    *self);

G_END_DECLS
