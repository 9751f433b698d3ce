/* melt-camera.h: an orbiting camera around a part on the build plate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <graphene.h>

G_BEGIN_DECLS

/* World axes: X and Y span the build plate, Z is the build direction (up). */
typedef enum
{
  MELT_VIEW_ISO,
  MELT_VIEW_TOP,
  MELT_VIEW_FRONT,
  MELT_VIEW_SIDE,
} MeltView;

#define MELT_TYPE_CAMERA (melt_camera_get_type ())

G_DECLARE_FINAL_TYPE (MeltCamera, melt_camera, MELT, CAMERA, GObject)

const char *melt_view_to_string            (MeltView                view);
gboolean    melt_view_from_string          (const char             *name,
                                            MeltView               *view);

MeltCamera *melt_camera_new                (void);
void        melt_camera_set_view           (MeltCamera             *self,
                                            MeltView                view);
void        melt_camera_fit                (MeltCamera             *self,
                                            const float             min[3],
                                            const float             max[3]);
void        melt_camera_orbit              (MeltCamera             *self,
                                            double                  dx_px,
                                            double                  dy_px);
void        melt_camera_pan                (MeltCamera             *self,
                                            double                  dx_px,
                                            double                  dy_px,
                                            int                     width_px,
                                            int                     height_px);
void        melt_camera_zoom_at            (MeltCamera             *self,
                                            double                  factor,
                                            double                  x_px,
                                            double                  y_px,
                                            int                     width_px,
                                            int                     height_px);
void        melt_camera_get_matrices       (MeltCamera             *self,
                                            int                     width_px,
                                            int                     height_px,
                                            graphene_matrix_t      *view,
                                            graphene_matrix_t      *projection);
void        melt_camera_get_eye            (MeltCamera             *self,
                                            graphene_vec3_t        *eye);
double      melt_camera_get_distance       (MeltCamera             *self);
void        melt_camera_set_viewport_size  (MeltCamera             *self,
                                            int                     width_px,
                                            int                     height_px);
void        melt_camera_get_target         (MeltCamera             *self,
                                            graphene_vec3_t        *target);
double      melt_camera_get_fov_deg        (MeltCamera             *self);
void        melt_camera_get_axes           (MeltCamera             *self,
                                            graphene_vec3_t        *right,
                                            graphene_vec3_t        *up,
                                            graphene_vec3_t        *forward);
gboolean    melt_camera_project            (MeltCamera             *self,
                                            const float             world[3],
                                            int                     width_px,
                                            int                     height_px,
                                            double                 *x_px,
                                            double                 *y_px);
void        melt_camera_get_ray            (MeltCamera             *self,
                                            double                  x_px,
                                            double                  y_px,
                                            int                     width_px,
                                            int                     height_px,
                                            graphene_vec3_t        *origin,
                                            graphene_vec3_t        *direction);

G_END_DECLS
