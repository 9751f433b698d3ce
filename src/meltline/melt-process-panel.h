/* melt-process-panel.h: the side panel that edits a process parameter set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "melt-process.h"
#include "melt-process-derived.h"

G_BEGIN_DECLS

#define MELT_TYPE_PROCESS_PANEL (melt_process_panel_get_type ())

G_DECLARE_FINAL_TYPE (MeltProcessPanel, melt_process_panel, MELT, PROCESS_PANEL, GtkWidget)

GtkWidget                *melt_process_panel_new         (void);
MeltProcess              *melt_process_panel_get_process (MeltProcessPanel *self);
void                      melt_process_panel_set_process (MeltProcessPanel *self,
                                                          MeltProcess      *process);
const MeltProcessDerived *melt_process_panel_get_derived (MeltProcessPanel *self);
GPtrArray                *melt_process_panel_get_checks  (MeltProcessPanel *self);
guint                     melt_process_panel_get_serial  (MeltProcessPanel *self);
GtkWidget                *melt_process_panel_get_param_row (MeltProcessPanel *self,
                                                            MeltProcessParam  param);
GtkLabel                 *melt_process_panel_get_derived_label (MeltProcessPanel *self,
                                                                const char       *key);

G_END_DECLS
