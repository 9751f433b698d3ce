/* melt-part-panel.h: the side panel naming a part's figures and defects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "melt-mesh.h"

G_BEGIN_DECLS

#define MELT_TYPE_PART_PANEL (melt_part_panel_get_type ())

G_DECLARE_FINAL_TYPE (MeltPartPanel, melt_part_panel, MELT, PART_PANEL, GtkWidget)

GtkWidget *melt_part_panel_new          (void);
MeltMesh  *melt_part_panel_get_mesh     (MeltPartPanel *self);
void       melt_part_panel_set_mesh     (MeltPartPanel *self,
                                         MeltMesh      *mesh);
guint      melt_part_panel_get_n_defects (MeltPartPanel *self);

G_END_DECLS
