/* melt-contours-geos.h: MeltContours to and from GEOS geometry (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only the core includes this header: the GEOS C API stays out of the
 * public headers. Every function takes the reentrant context of the
 * calling thread; a context is never shared between threads.
 */

#pragma once

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include "melt-contours.h"

G_BEGIN_DECLS

/* A GEOS context whose notices and errors go to the debug log (domain
 * "melt-geos") instead of stderr. One per thread; free it with
 * _melt_geos_context_free() in the thread that uses it. */
GEOSContextHandle_t  _melt_geos_context_new       (void);
void                 _melt_geos_context_free      (GEOSContextHandle_t  ctx);

/* A new MultiPolygon (possibly empty) holding the polygons of @contours,
 * rings closed as GEOS wants them. Rings of fewer than 3 points are left
 * out, and so is a polygon whose outer ring is. No validity repair: @contours
 * are valid when they come from melt_contours_new_from_geos(). NULL if GEOS
 * fails. Destroy with GEOSGeom_destroy_r(). */
GEOSGeometry        *melt_contours_to_geos        (GEOSContextHandle_t  ctx,
                                                   const MeltContours  *contours);

/* New contours holding the polygons of @geometry: a Polygon, a MultiPolygon
 * or a GeometryCollection (searched recursively). Points and lines are
 * ignored. Orientation is normalised: outer rings counter-clockwise, holes
 * clockwise; closing points and repeated consecutive points are dropped, and
 * rings left with fewer than 3 points or no area (and polygons whose outer
 * ring is such) skipped. NULL if GEOS fails. */
MeltContours        *melt_contours_new_from_geos  (GEOSContextHandle_t  ctx,
                                                   const GEOSGeometry  *geometry);

/* Appends the polygons of @geometry to @contours, as
 * melt_contours_new_from_geos() does. FALSE if GEOS fails (what was
 * appended until then stays). */
gboolean             melt_contours_add_geos       (MeltContours        *contours,
                                                   GEOSContextHandle_t  ctx,
                                                   const GEOSGeometry  *geometry);

G_END_DECLS
