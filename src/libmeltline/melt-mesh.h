/* melt-mesh.h: a part design as an indexed triangle mesh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "melt-mesh-report.h"

G_BEGIN_DECLS

#define MELT_MESH_ERROR (melt_mesh_error_quark ())

/**
 * MeltMeshError:
 * @MELT_MESH_ERROR_EMPTY: the file holds no bytes
 * @MELT_MESH_ERROR_TRUNCATED: the file ends before the data it announced
 * @MELT_MESH_ERROR_SIZE_MISMATCH: a binary STL's triangle count disagrees with the file size
 * @MELT_MESH_ERROR_BAD_NUMBER: a coordinate is NaN, infinite or not a number
 * @MELT_MESH_ERROR_SYNTAX: text that is not a mesh in the expected format
 * @MELT_MESH_ERROR_INDEX: an OBJ face refers to a vertex that does not exist
 * @MELT_MESH_ERROR_NO_TRIANGLES: the file is well formed but holds no triangle
 * @MELT_MESH_ERROR_UNSUPPORTED: the file is not in a format Meltline reads
 * @MELT_MESH_ERROR_TOO_LARGE: the mesh exceeds what 32-bit indices can address
 */
typedef enum
{
  MELT_MESH_ERROR_EMPTY,
  MELT_MESH_ERROR_TRUNCATED,
  MELT_MESH_ERROR_SIZE_MISMATCH,
  MELT_MESH_ERROR_BAD_NUMBER,
  MELT_MESH_ERROR_SYNTAX,
  MELT_MESH_ERROR_INDEX,
  MELT_MESH_ERROR_NO_TRIANGLES,
  MELT_MESH_ERROR_UNSUPPORTED,
  MELT_MESH_ERROR_TOO_LARGE,
} MeltMeshError;

typedef enum
{
  MELT_MESH_FORMAT_UNKNOWN,
  MELT_MESH_FORMAT_STL_BINARY,
  MELT_MESH_FORMAT_STL_ASCII,
  MELT_MESH_FORMAT_OBJ,
} MeltMeshFormat;

/**
 * MeltProgressFunc:
 * @fraction: work done so far, 0.0 to 1.0
 * @user_data: closure
 *
 * Reports progress of long work. Called from the thread doing the work,
 * with increasing fractions, in whole percents, at most about 100 times.
 *
 * Loading a mesh has two phases:
 * - 0.0 to 0.89: reading the file (the fraction of it read and welded);
 * - exactly %MELT_MESH_PROGRESS_CHECKING (0.9): reading is done and the
 *   analysis begins (the report's edges, bodies and volume, and for
 *   melt_mesh_load_async() the feature edges): a UI shows “Checking…”;
 * - 0.91 to 0.99: the analysis going on;
 * - 1.0: the mesh is ready; reported once, last, just before the load
 *   returns (for melt_mesh_load_async(), before @callback is scheduled).
 *
 * A load that fails stops reporting without reaching 1.0.
 */
typedef void (*MeltProgressFunc) (double   fraction,
                                  gpointer user_data);

/* The progress fraction at which the analysis of a loaded mesh begins */
#define MELT_MESH_PROGRESS_CHECKING 0.9

/**
 * MELT_MESH_FEATURE_ANGLE_DEG:
 *
 * Two triangles sharing an edge make a crease, a feature edge worth
 * outlining, when their normals differ by more than this angle, in degrees.
 */
#define MELT_MESH_FEATURE_ANGLE_DEG 40.0

#define MELT_TYPE_MESH (melt_mesh_get_type ())

G_DECLARE_FINAL_TYPE (MeltMesh, melt_mesh, MELT, MESH, GObject)

GQuark                  melt_mesh_error_quark          (void);
const char             *melt_mesh_format_to_string     (MeltMeshFormat          format);

MeltMesh               *melt_mesh_new                  (const float            *positions,
                                                        guint                   n_vertices,
                                                        const guint32          *indices,
                                                        guint                   n_triangles);
MeltMesh               *melt_mesh_new_from_soup        (const float            *corners,
                                                        guint                   n_triangles);
MeltMesh               *melt_mesh_load                 (GFile                  *file,
                                                        GCancellable           *cancellable,
                                                        MeltProgressFunc        progress,
                                                        gpointer                progress_data,
                                                        GError                **error);
MeltMesh               *melt_mesh_load_bytes           (GBytes                 *bytes,
                                                        const char             *display_name,
                                                        GCancellable           *cancellable,
                                                        MeltProgressFunc        progress,
                                                        gpointer                progress_data,
                                                        GError                **error);
/* melt_mesh_load_async() reads and analyses the part, and finds its feature
 * edges, in a GTask worker thread. Its @progress callback is called FROM
 * THAT WORKER THREAD (at most about 100 times, with a fraction from 0.0 to
 * 1.0, see MeltProgressFunc): a caller that updates widgets must marshal
 * the value to the main context itself. @callback runs in the caller's
 * thread-default main context as usual. */
void                    melt_mesh_load_async           (GFile                  *file,
                                                        GCancellable           *cancellable,
                                                        MeltProgressFunc        progress,
                                                        gpointer                progress_data,
                                                        GAsyncReadyCallback     callback,
                                                        gpointer                user_data);
MeltMesh               *melt_mesh_load_finish          (GAsyncResult           *result,
                                                        GError                **error);

GFile                  *melt_mesh_get_file             (MeltMesh               *self);
const char             *melt_mesh_get_display_name     (MeltMesh               *self);
MeltMeshFormat          melt_mesh_get_format           (MeltMesh               *self);
guint                   melt_mesh_get_n_vertices       (MeltMesh               *self);
guint                   melt_mesh_get_n_triangles      (MeltMesh               *self);
const float            *melt_mesh_get_positions        (MeltMesh               *self);
const guint32          *melt_mesh_get_indices          (MeltMesh               *self);
void                    melt_mesh_get_bounds           (MeltMesh               *self,
                                                        float                   min[3],
                                                        float                   max[3]);
const MeltMeshReport   *melt_mesh_get_report           (MeltMesh               *self);
const guint32          *melt_mesh_get_feature_edges    (MeltMesh               *self,
                                                        guint                  *n_edges);

G_END_DECLS
