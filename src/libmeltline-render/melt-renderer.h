/* melt-renderer.h: draws the scene (part, build plate grid, axes) into the current GL context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "melt-camera.h"
#include "melt-mesh.h"
#include "melt-path-renderer.h"

G_BEGIN_DECLS

#define MELT_RENDER_ERROR (melt_render_error_quark ())

typedef enum
{
  MELT_RENDER_ERROR_NO_CONTEXT,
  MELT_RENDER_ERROR_VERSION,
  MELT_RENDER_ERROR_SHADER,
  MELT_RENDER_ERROR_FRAMEBUFFER,
} MeltRenderError;

typedef enum
{
  MELT_MESH_STYLE_SOLID,
  MELT_MESH_STYLE_GHOST,
  MELT_MESH_STYLE_HIDDEN,
} MeltMeshStyle;

#define MELT_TYPE_RENDERER (melt_renderer_get_type ())

G_DECLARE_FINAL_TYPE (MeltRenderer, melt_renderer, MELT, RENDERER, GObject)

GQuark        melt_render_error_quark        (void);

MeltRenderer *melt_renderer_new              (void);
gboolean      melt_renderer_realize          (MeltRenderer           *self,
                                              gboolean                use_es,
                                              GError                **error);
void          melt_renderer_unrealize        (MeltRenderer           *self);
void          melt_renderer_set_mesh         (MeltRenderer           *self,
                                              MeltMesh               *mesh);
MeltMesh     *melt_renderer_get_mesh         (MeltRenderer           *self);
void          melt_renderer_render           (MeltRenderer           *self,
                                              MeltCamera             *camera,
                                              int                     width_px,
                                              int                     height_px);
double        melt_renderer_get_grid_step_mm (MeltRenderer           *self);
const char   *melt_renderer_get_gl_description (MeltRenderer         *self);
gboolean      melt_renderer_get_realized     (MeltRenderer           *self);
gboolean      melt_renderer_get_use_es       (MeltRenderer           *self);
void          melt_renderer_set_show_grid    (MeltRenderer           *self,
                                              gboolean                show_grid);
gboolean      melt_renderer_get_show_grid    (MeltRenderer           *self);
void          melt_renderer_set_show_axes    (MeltRenderer           *self,
                                              gboolean                show_axes);
gboolean      melt_renderer_get_show_axes    (MeltRenderer           *self);
void          melt_renderer_set_show_edges   (MeltRenderer           *self,
                                              gboolean                show_edges);
gboolean      melt_renderer_get_show_edges   (MeltRenderer           *self);
void          melt_renderer_set_scale_factor (MeltRenderer           *self,
                                              double                  scale_factor);
double        melt_renderer_get_scale_factor (MeltRenderer           *self);
double        melt_renderer_compute_grid_step_mm (MeltRenderer       *self,
                                              MeltCamera             *camera);
void          melt_renderer_draw_overlay     (MeltRenderer           *self,
                                              cairo_t                *cr,
                                              MeltCamera             *camera,
                                              int                     width,
                                              int                     height);
MeltPathRenderer *melt_renderer_get_paths     (MeltRenderer           *self);
void          melt_renderer_set_mesh_style   (MeltRenderer           *self,
                                              MeltMeshStyle           style);
MeltMeshStyle melt_renderer_get_mesh_style   (MeltRenderer           *self);
gboolean      melt_renderer_get_scene_bounds (MeltRenderer           *self,
                                              float                   min[3],
                                              float                   max[3]);

G_END_DECLS
