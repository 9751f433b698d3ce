/* melt-colormap.h: the colour scales of the deposition-path preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every colour here is sRGB-encoded (gamma, not linear light), each component in
 * [0, 1]: what a GL_RGBA8 texture (not GL_SRGB8_ALPHA8) or a GdkRGBA holds. */

/* The number of path features melt_colormap_feature_color() knows: perimeter,
 * fill, travel and dwell, in the order of MeltSegmentKind. */
#define MELT_COLORMAP_N_FEATURES 4

/* What melt_colormap_lookup() gives for NaN, and melt_colormap_feature_color()
 * for an unknown kind: a neutral mid grey, sRGB (0.5, 0.5, 0.5). */
#define MELT_COLORMAP_NAN_GREY 0.5f

void   melt_colormap_lookup         (double        t,
                                     float         rgb[3]);
void   melt_colormap_fill_lut       (guint8       *rgba,
                                     guint         n);
void   melt_colormap_feature_color  (guint         kind,
                                     float         rgb[3]);
double melt_colormap_normalize      (double        value,
                                     double        min,
                                     double        max,
                                     gboolean      log_scale);

G_END_DECLS
