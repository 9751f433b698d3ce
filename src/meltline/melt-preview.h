/* melt-preview.h: what the path preview shows, shared by its controls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "melt-path-attribute.h"
#include "melt-path-document.h"
#include "melt-viewport.h"

G_BEGIN_DECLS

#define MELT_TYPE_PREVIEW (melt_preview_get_type ())

G_DECLARE_FINAL_TYPE (MeltPreview, melt_preview, MELT, PREVIEW, GObject)

MeltPreview      *melt_preview_new                (MeltViewport      *viewport);
MeltViewport     *melt_preview_get_viewport       (MeltPreview       *self);
MeltPathDocument *melt_preview_get_document       (MeltPreview       *self);
void              melt_preview_set_document       (MeltPreview       *self,
                                                   MeltPathDocument  *document);
MeltPathAttribute melt_preview_get_color_by       (MeltPreview       *self);
void              melt_preview_set_color_by       (MeltPreview       *self,
                                                   MeltPathAttribute  attribute);
void              melt_preview_get_value_range    (MeltPreview       *self,
                                                   double            *min,
                                                   double            *max);
guint             melt_preview_get_n_layers       (MeltPreview       *self);
guint             melt_preview_get_first_layer    (MeltPreview       *self);
guint             melt_preview_get_last_layer     (MeltPreview       *self);
void              melt_preview_set_layers         (MeltPreview       *self,
                                                   guint              first,
                                                   guint              last);
guint             melt_preview_get_n_moves        (MeltPreview       *self);
guint             melt_preview_get_move           (MeltPreview       *self);
void              melt_preview_set_move           (MeltPreview       *self,
                                                   guint              move);
guint             melt_preview_get_segment_end    (MeltPreview       *self);
double            melt_preview_get_time           (MeltPreview       *self);
gboolean          melt_preview_get_playing        (MeltPreview       *self);
void              melt_preview_set_playing        (MeltPreview       *self,
                                                   gboolean           playing);
guint             melt_preview_get_selected       (MeltPreview       *self);
void              melt_preview_set_selected       (MeltPreview       *self,
                                                   guint              segment);

G_END_DECLS
