/* melt-viewport.h: the 3D view of a part, a GtkGLArea driving MeltRenderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "melt-camera.h"
#include "melt-mesh.h"
#include "melt-renderer.h"

G_BEGIN_DECLS

#define MELT_TYPE_VIEWPORT (melt_viewport_get_type ())

G_DECLARE_FINAL_TYPE (MeltViewport, melt_viewport, MELT, VIEWPORT, GtkGLArea)

GtkWidget    *melt_viewport_new              (void);
MeltMesh     *melt_viewport_get_mesh         (MeltViewport *self);
void          melt_viewport_set_mesh         (MeltViewport *self,
                                              MeltMesh     *mesh);
void          melt_viewport_set_use_es       (MeltViewport *self,
                                              gboolean      use_es);
void          melt_viewport_set_view         (MeltViewport *self,
                                              MeltView      view);
void          melt_viewport_fit              (MeltViewport *self);
guint         melt_viewport_get_frame_count  (MeltViewport *self);
gboolean      melt_viewport_get_gl_failed    (MeltViewport *self);
const GError *melt_viewport_get_gl_error     (MeltViewport *self);
const char   *melt_viewport_get_gl_description (MeltViewport *self);
MeltRenderer *melt_viewport_get_renderer     (MeltViewport *self);
MeltCamera   *melt_viewport_get_camera       (MeltViewport *self);
void          melt_viewport_set_toolpath     (MeltViewport *self,
                                              MeltToolpath *toolpath,
                                              gboolean      z_is_bead_top);
MeltPathRenderer *melt_viewport_get_paths    (MeltViewport *self);
guint         melt_viewport_pick             (MeltViewport *self,
                                              double        x,
                                              double        y);
void          melt_viewport_redraw           (MeltViewport *self);

G_END_DECLS
