/* melt-contours.h: the closed outlines of one layer, as plain arrays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MeltContours:
 * @xy: the points of every ring, x and y interleaved, mm
 * @n_points: number of points (@xy holds 2 × @n_points doubles)
 * @ring_start: @n_rings + 1 offsets into the points; ring i is points
 *   ring_start[i] to ring_start[i + 1] − 1, closed implicitly (the last point is
 *   not a repeat of the first)
 * @n_rings: number of rings
 * @polygon_start: @n_polygons + 1 offsets into the rings; the first ring of a
 *   polygon is its outer boundary (counter-clockwise seen from +Z), the others
 *   its holes (clockwise)
 * @n_polygons: number of polygons (islands)
 *
 * The outlines of one planar layer: polygons with holes, valid in the OGC sense
 * (no self-intersection, holes inside their outer ring, polygons disjoint).
 * Plain arrays so that the slicer, the planner, the renderer and the plan file
 * share them without a GEOS context.
 */
typedef struct
{
  double *xy;
  guint   n_points;
  guint  *ring_start;
  guint   n_rings;
  guint  *polygon_start;
  guint   n_polygons;
} MeltContours;

MeltContours *melt_contours_new            (void);
void          melt_contours_free           (MeltContours       *self);
MeltContours *melt_contours_copy           (const MeltContours *self);

/* Building: begin a polygon, then add its rings (outer first), point by point. */
void          melt_contours_begin_polygon  (MeltContours       *self);
void          melt_contours_begin_ring     (MeltContours       *self);
void          melt_contours_add_point      (MeltContours       *self,
                                            double              x,
                                            double              y);
void          melt_contours_end            (MeltContours       *self);

double        melt_contours_get_area       (const MeltContours *self);
double        melt_contours_get_ring_area  (const MeltContours *self,
                                            guint               ring);
void          melt_contours_get_bounds     (const MeltContours *self,
                                            double              min[2],
                                            double              max[2]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MeltContours, melt_contours_free)

G_END_DECLS
