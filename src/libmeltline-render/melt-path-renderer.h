/* melt-path-renderer.h: every bead of a toolpath in one instanced draw
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <graphene.h>

#include "melt-path-attribute.h"
#include "melt-process.h"
#include "melt-toolpath.h"

G_BEGIN_DECLS

/*
 * What the GPU holds per segment (docs/path-preview.md, "Memory"):
 *
 * - MeltPathGpuVertex: the path's points, one texel of an RGB32F texture
 *   each; segment s runs from point s to point s + 1 (the toolpath is one
 *   continuous line; where a segment does not start where the one before it
 *   ended, a hidden point is put in between);
 * - MeltPathGpuAttributes: bead width and height in µm, the colour value
 *   scaled to 1…65535 (0 = none), and flags (kind, hidden),
 *   one texel of an RGBA16UI texture;
 * - MeltPathGpuInstance: the segments drawn, one per instance, in order;
 * - MeltPathGpuRun: the coarse level of detail, runs of nearly collinear
 *   segments drawn as one, at most one per segment.
 */
typedef struct
{
  float position[3];
} MeltPathGpuVertex;

typedef struct
{
  guint16 width_um;
  guint16 height_um;
  guint16 value;
  guint16 flags;
} MeltPathGpuAttributes;

typedef guint32 MeltPathGpuInstance;

typedef struct
{
  guint32 first_slot;
  guint32 end_point;
} MeltPathGpuRun;

/* The most GPU memory a segment can take, in bytes */
#define MELT_PATH_GPU_BYTES_PER_SEGMENT \
  (sizeof (MeltPathGpuVertex) + sizeof (MeltPathGpuAttributes) + \
   sizeof (MeltPathGpuInstance) + sizeof (MeltPathGpuRun))

/* Attribute flags */
#define MELT_PATH_FLAG_KIND_MASK  0x3u
#define MELT_PATH_FLAG_HIDDEN     0x10u

typedef enum
{
  MELT_PATH_DETAIL_AUTO,
  MELT_PATH_DETAIL_FULL,
  MELT_PATH_DETAIL_COARSE,
} MeltPathDetail;

typedef enum
{
  MELT_PATH_CLIP_NONE = -1,
  MELT_PATH_CLIP_X,
  MELT_PATH_CLIP_Y,
  MELT_PATH_CLIP_Z,
} MeltPathClipAxis;

#define MELT_PATH_NO_SEGMENT G_MAXUINT

#define MELT_TYPE_PATH_RENDERER (melt_path_renderer_get_type ())

G_DECLARE_FINAL_TYPE (MeltPathRenderer, melt_path_renderer, MELT, PATH_RENDERER, GObject)

MeltPathRenderer *melt_path_renderer_new              (void);
gboolean          melt_path_renderer_realize          (MeltPathRenderer        *self,
                                                       gboolean                 use_es,
                                                       GError                 **error);
void              melt_path_renderer_unrealize        (MeltPathRenderer        *self);

void              melt_path_renderer_set_toolpath     (MeltPathRenderer        *self,
                                                       MeltToolpath            *toolpath,
                                                       gboolean                 z_is_bead_top);
MeltToolpath     *melt_path_renderer_get_toolpath     (MeltPathRenderer        *self);
gboolean          melt_path_renderer_get_bounds       (MeltPathRenderer        *self,
                                                       float                    min[3],
                                                       float                    max[3]);

void              melt_path_renderer_set_values       (MeltPathRenderer        *self,
                                                       const float             *values,
                                                       double                   min,
                                                       double                   max,
                                                       gboolean                 log_scale);
void              melt_path_renderer_set_color_by_feature (MeltPathRenderer    *self);
void              melt_path_renderer_color_by         (MeltPathRenderer        *self,
                                                       MeltPathAttribute        attribute,
                                                       MeltProcess             *process,
                                                       gboolean                 log_scale,
                                                       double                  *min,
                                                       double                  *max);
void              melt_path_renderer_set_colormap     (MeltPathRenderer        *self,
                                                       const guint8            *rgba,
                                                       guint                    n);
void              melt_path_renderer_set_feature_color (MeltPathRenderer       *self,
                                                       MeltSegmentKind          kind,
                                                       const float              rgb[3]);

void              melt_path_renderer_set_layer_range  (MeltPathRenderer        *self,
                                                       guint                    first,
                                                       guint                    last);
void              melt_path_renderer_get_layer_range  (MeltPathRenderer        *self,
                                                       guint                   *first,
                                                       guint                   *last);
void              melt_path_renderer_set_segment_end  (MeltPathRenderer        *self,
                                                       guint                    end);
guint             melt_path_renderer_get_segment_end  (MeltPathRenderer        *self);
void              melt_path_renderer_set_kind_visible (MeltPathRenderer        *self,
                                                       MeltSegmentKind          kind,
                                                       gboolean                 visible);
gboolean          melt_path_renderer_get_kind_visible (MeltPathRenderer        *self,
                                                       MeltSegmentKind          kind);
void              melt_path_renderer_set_clip         (MeltPathRenderer        *self,
                                                       MeltPathClipAxis         axis,
                                                       double                   position_mm,
                                                       gboolean                 keep_above);
void              melt_path_renderer_set_detail       (MeltPathRenderer        *self,
                                                       MeltPathDetail           detail);
void              melt_path_renderer_set_highlight    (MeltPathRenderer        *self,
                                                       guint                    segment);

void              melt_path_renderer_draw             (MeltPathRenderer        *self,
                                                       const graphene_matrix_t *view,
                                                       const graphene_matrix_t *projection,
                                                       int                      width_px,
                                                       int                      height_px);
guint             melt_path_renderer_pick             (MeltPathRenderer        *self,
                                                       const graphene_matrix_t *view,
                                                       const graphene_matrix_t *projection,
                                                       int                      width_px,
                                                       int                      height_px,
                                                       int                      x_px,
                                                       int                      y_px);

/* What the last draw did, for tests, benchmarks and the status line */
guint             melt_path_renderer_get_n_drawn      (MeltPathRenderer        *self);
gboolean          melt_path_renderer_get_last_coarse  (MeltPathRenderer        *self);
gsize             melt_path_renderer_get_gpu_bytes    (MeltPathRenderer        *self);
gsize             melt_path_renderer_get_cpu_bytes    (MeltPathRenderer        *self);

G_END_DECLS
