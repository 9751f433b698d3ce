/* melt-mesh-report.h: what a part design's mesh says about itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * MeltMeshReport:
 * @triangles: number of triangles
 * @vertices: number of distinct (welded) vertices
 * @bounds_min: lower corner of the axis-aligned bounding box, mm
 * @bounds_max: upper corner of the axis-aligned bounding box, mm
 * @area_mm2: surface area
 * @volume_mm3: signed volume (positive for outward-facing normals)
 * @open_edges: edges used by one triangle only (boundary of a hole)
 * @nonmanifold_edges: edges shared by more than two triangles
 * @degenerate_triangles: triangles with zero area or a repeated vertex
 * @inconsistent_edges: manifold edges whose two triangles disagree on orientation
 * @bodies: connected bodies (triangles joined through shared vertices)
 * @watertight: no open, no non-manifold edges and consistent orientation
 * @edges: distinct edges (between two distinct vertices)
 *
 * Figures computed once per mesh; plain data, copyable by value.
 */
typedef struct
{
  guint    triangles;
  guint    vertices;
  double   bounds_min[3];
  double   bounds_max[3];
  double   area_mm2;
  double   volume_mm3;
  guint    open_edges;
  guint    nonmanifold_edges;
  guint    degenerate_triangles;
  guint    inconsistent_edges;
  guint    bodies;
  gboolean watertight;
  guint    edges;
} MeltMeshReport;

void       melt_mesh_report_compute          (MeltMeshReport       *report,
                                              const float          *positions,
                                              guint                 n_vertices,
                                              const guint32        *indices,
                                              guint                 n_triangles);
char      *melt_mesh_report_to_json          (const MeltMeshReport *report,
                                              gboolean              pretty);
JsonNode  *melt_mesh_report_to_json_node     (const MeltMeshReport *report);
GPtrArray *melt_mesh_report_list_defects     (const MeltMeshReport *report);

G_END_DECLS
