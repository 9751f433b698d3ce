/* melt-slicer.h: a part cut into planar layers of closed outlines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "melt-contours.h"
#include "melt-mesh.h"

G_BEGIN_DECLS

#define MELT_SLICER_ERROR (melt_slicer_error_quark ())

/**
 * MeltSlicerError:
 * @MELT_SLICER_ERROR_BAD_LAYER_HEIGHT: the layer height is not a positive,
 *   finite number of millimetres
 * @MELT_SLICER_ERROR_BAD_TOLERANCE: the gap tolerance is negative or not finite
 * @MELT_SLICER_ERROR_FLAT: the part has no height (or no triangles) to slice
 * @MELT_SLICER_ERROR_TOO_MANY_LAYERS: the part is more than
 *   %MELT_SLICER_MAX_LAYERS layer heights tall
 * @MELT_SLICER_ERROR_GEOMETRY: GEOS could not build the polygons of a layer
 */
typedef enum
{
  MELT_SLICER_ERROR_BAD_LAYER_HEIGHT,
  MELT_SLICER_ERROR_BAD_TOLERANCE,
  MELT_SLICER_ERROR_FLAT,
  MELT_SLICER_ERROR_TOO_MANY_LAYERS,
  MELT_SLICER_ERROR_GEOMETRY,
} MeltSlicerError;

/* The most layers a slice may have */
#define MELT_SLICER_MAX_LAYERS 1000000u

/**
 * MeltSliceReport:
 * @n_gaps_closed: chain ends of open outlines joined across a gap no wider
 *   than the gap tolerance, over all layers
 * @max_gap_mm: the widest gap closed, mm (0 when none was)
 * @n_layers_with_gaps: layers where at least one gap was closed
 * @n_open_chains: outlines left open (wider gaps, or ends with no partner):
 *   they enclose nothing and are left out of the contours
 * @n_layers_with_open_chains: layers with at least one open outline left
 * @first_open_layer: the lowest such layer (G_MAXUINT when there is none)
 *
 * What slicing found in the part: a closed (watertight) mesh has no gaps and
 * no open chains. melt_slice_get_layer_gaps() tells which layers have them.
 */
typedef struct
{
  guint  n_gaps_closed;
  double max_gap_mm;
  guint  n_layers_with_gaps;
  guint  n_open_chains;
  guint  n_layers_with_open_chains;
  guint  first_open_layer;
} MeltSliceReport;

#define MELT_TYPE_SLICE (melt_slice_get_type ())

G_DECLARE_FINAL_TYPE (MeltSlice, melt_slice, MELT, SLICE, GObject)

GQuark                 melt_slicer_error_quark        (void);

guint                  melt_slice_get_n_layers        (MeltSlice           *self);
double                 melt_slice_get_layer_height    (MeltSlice           *self);
double                 melt_slice_get_z               (MeltSlice           *self,
                                                       guint                layer);
const MeltContours    *melt_slice_get_contours        (MeltSlice           *self,
                                                       guint                layer);
const MeltSliceReport *melt_slice_get_report          (MeltSlice           *self);
void                   melt_slice_get_layer_gaps      (MeltSlice           *self,
                                                       guint                layer,
                                                       guint               *n_gaps_closed,
                                                       guint               *n_open_chains);
char                  *melt_slice_describe_report     (MeltSlice           *self);

/* One plane at @z_mm, not a layer of a slice: for sections and tests. A
 * vertex exactly at @z_mm counts as above the plane. @n_gaps_closed,
 * @max_gap_mm and @n_open_chains may be NULL. */
MeltContours          *melt_slicer_slice_at           (MeltMesh            *mesh,
                                                       double               z_mm,
                                                       double               gap_tolerance_mm,
                                                       guint               *n_gaps_closed,
                                                       double              *max_gap_mm,
                                                       guint               *n_open_chains,
                                                       GError             **error);

/* melt_slicer_slice() cuts @mesh into layers of @layer_height_mm, layer i at
 * mid-height z = z_min + (i + 0.5) × @layer_height_mm, in parallel worker
 * threads. @progress (may be NULL) is called FROM THOSE WORKER THREADS (or
 * the calling thread), serialised, with increasing whole-percent fractions
 * up to 1.0. */
MeltSlice             *melt_slicer_slice              (MeltMesh            *mesh,
                                                       double               layer_height_mm,
                                                       double               gap_tolerance_mm,
                                                       GCancellable        *cancellable,
                                                       MeltProgressFunc     progress,
                                                       gpointer             progress_data,
                                                       GError             **error);
/* As melt_slicer_slice(), in a GTask thread; @progress is called from worker
 * threads, as there. @callback runs in the caller's thread-default main
 * context. */
void                   melt_slicer_slice_async        (MeltMesh            *mesh,
                                                       double               layer_height_mm,
                                                       double               gap_tolerance_mm,
                                                       GCancellable        *cancellable,
                                                       MeltProgressFunc     progress,
                                                       gpointer             progress_data,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
MeltSlice             *melt_slicer_slice_finish       (GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
