/* melt-preview-panel.h: the Preview page: colour, visibility, section, the bead picked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "melt-preview.h"

G_BEGIN_DECLS

#define MELT_TYPE_PREVIEW_PANEL (melt_preview_panel_get_type ())

G_DECLARE_FINAL_TYPE (MeltPreviewPanel, melt_preview_panel, MELT, PREVIEW_PANEL, GtkWidget)

GtkWidget   *melt_preview_panel_new         (void);
void         melt_preview_panel_set_preview (MeltPreviewPanel *self,
                                             MeltPreview      *preview);
MeltPreview *melt_preview_panel_get_preview (MeltPreviewPanel *self);

G_END_DECLS
