/* melt-offscreen.h: a headless GL context (EGL, surfaceless) rendering into a framebuffer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _MeltOffscreen MeltOffscreen;

MeltOffscreen   *melt_offscreen_new          (int              width_px,
                                              int              height_px,
                                              gboolean         use_es,
                                              GError         **error);
void             melt_offscreen_free         (MeltOffscreen   *self);
gboolean         melt_offscreen_get_use_es   (MeltOffscreen   *self);
int              melt_offscreen_get_samples  (MeltOffscreen   *self);
void             melt_offscreen_get_size     (MeltOffscreen   *self,
                                              int             *width_px,
                                              int             *height_px);
void             melt_offscreen_bind         (MeltOffscreen   *self);
cairo_surface_t *melt_offscreen_snapshot     (MeltOffscreen   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MeltOffscreen, melt_offscreen_free)

G_END_DECLS
