/* melt-contours.c: the closed outlines of one layer, as plain arrays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-contours"

#include "config.h"

#include <math.h>
#include <string.h>

#include "melt-contours-geos.h"

/* The public struct and the room its arrays have, kept out of the header.
 * Every MeltContours comes from melt_contours_new(), so the cast is safe. */
typedef struct
{
  MeltContours pub;
  guint        points_room;     /* points @xy can hold */
  guint        rings_room;      /* entries @ring_start can hold */
  guint        polygons_room;   /* entries @polygon_start can hold */
} MeltContoursReal;

static inline MeltContoursReal *
real (MeltContours *self)
{
  return (MeltContoursReal *) self;
}

static guint
grow_room (guint room,
           guint needed)
{
  if (needed > G_MAXUINT / 4)
    g_error ("%s: contours of %u items are beyond what they may hold",
             G_STRFUNC, needed);

  while (room < needed)
    room = MAX (room * 2, 8u);

  return room;
}

static void
reserve_points (MeltContours *self,
                guint         n_more)
{
  MeltContoursReal *r = real (self);
  guint needed = self->n_points + n_more;

  if (needed <= r->points_room)
    return;

  r->points_room = grow_room (r->points_room, needed);
  self->xy = g_renew (double, self->xy, 2 * (gsize) r->points_room);
}

static void
reserve_rings (MeltContours *self,
               guint         n_more)
{
  MeltContoursReal *r = real (self);
  guint needed = self->n_rings + n_more + 1;

  if (needed <= r->rings_room)
    return;

  r->rings_room = grow_room (r->rings_room, needed);
  self->ring_start = g_renew (guint, self->ring_start, r->rings_room);
}

static void
reserve_polygons (MeltContours *self,
                  guint         n_more)
{
  MeltContoursReal *r = real (self);
  guint needed = self->n_polygons + n_more + 1;

  if (needed <= r->polygons_room)
    return;

  r->polygons_room = grow_room (r->polygons_room, needed);
  self->polygon_start = g_renew (guint, self->polygon_start, r->polygons_room);
}

/**
 * melt_contours_new:
 *
 * Returns: (transfer full): empty contours, to be filled with
 *   melt_contours_begin_polygon(), melt_contours_begin_ring() and
 *   melt_contours_add_point()
 */
MeltContours *
melt_contours_new (void)
{
  MeltContoursReal *r = g_new0 (MeltContoursReal, 1);

  r->rings_room = 1;
  r->polygons_room = 1;
  r->pub.ring_start = g_new0 (guint, 1);
  r->pub.polygon_start = g_new0 (guint, 1);

  return &r->pub;
}

void
melt_contours_free (MeltContours *self)
{
  if (self == NULL)
    return;

  g_free (self->xy);
  g_free (self->ring_start);
  g_free (self->polygon_start);
  g_free (real (self));
}

/**
 * melt_contours_copy:
 * @self: contours
 *
 * Returns: (transfer full): a deep copy of @self
 */
MeltContours *
melt_contours_copy (const MeltContours *self)
{
  MeltContours *copy;
  MeltContoursReal *r;

  g_return_val_if_fail (self != NULL, NULL);

  copy = melt_contours_new ();
  r = real (copy);

  copy->n_points = self->n_points;
  copy->n_rings = self->n_rings;
  copy->n_polygons = self->n_polygons;

  r->points_room = self->n_points;
  copy->xy = g_memdup2 (self->xy, 2 * sizeof (double) * (gsize) self->n_points);

  r->rings_room = self->n_rings + 1;
  g_free (copy->ring_start);
  copy->ring_start = g_memdup2 (self->ring_start, sizeof (guint) * ((gsize) self->n_rings + 1));

  r->polygons_room = self->n_polygons + 1;
  g_free (copy->polygon_start);
  copy->polygon_start = g_memdup2 (self->polygon_start,
                                   sizeof (guint) * ((gsize) self->n_polygons + 1));

  return copy;
}

/**
 * melt_contours_begin_polygon:
 * @self: contours being built
 *
 * Starts a new polygon. The ring begun next is its outer boundary, the
 * following ones its holes. The arrays stay consistent (their closing
 * offsets up to date) after every call, so the contours may be read at any
 * time while they are built.
 */
void
melt_contours_begin_polygon (MeltContours *self)
{
  g_return_if_fail (self != NULL);

  reserve_polygons (self, 1);
  self->polygon_start[self->n_polygons] = self->n_rings;
  self->n_polygons++;
  self->polygon_start[self->n_polygons] = self->n_rings;
}

/**
 * melt_contours_begin_ring:
 * @self: contours being built
 *
 * Starts a new ring of the current polygon (begun with
 * melt_contours_begin_polygon()).
 */
void
melt_contours_begin_ring (MeltContours *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->n_polygons > 0);

  reserve_rings (self, 1);
  self->ring_start[self->n_rings] = self->n_points;
  self->n_rings++;
  self->ring_start[self->n_rings] = self->n_points;
  self->polygon_start[self->n_polygons] = self->n_rings;
}

/**
 * melt_contours_add_point:
 * @self: contours being built
 * @x: x, mm
 * @y: y, mm
 *
 * Adds a point to the current ring. Rings are closed implicitly: do not
 * repeat the first point at the end.
 */
void
melt_contours_add_point (MeltContours *self,
                         double        x,
                         double        y)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->n_rings > 0);

  reserve_points (self, 1);
  self->xy[2 * (gsize) self->n_points] = x;
  self->xy[2 * (gsize) self->n_points + 1] = y;
  self->n_points++;
  self->ring_start[self->n_rings] = self->n_points;
}

/**
 * melt_contours_end:
 * @self: contours being built
 *
 * Ends building: gives back the spare room of the arrays. More polygons
 * may still be added afterwards.
 */
void
melt_contours_end (MeltContours *self)
{
  MeltContoursReal *r;

  g_return_if_fail (self != NULL);

  r = real (self);

  if (r->points_room > self->n_points)
    {
      r->points_room = self->n_points;
      if (self->n_points == 0)
        g_clear_pointer (&self->xy, g_free);
      else
        self->xy = g_renew (double, self->xy, 2 * (gsize) self->n_points);
    }

  if (r->rings_room > self->n_rings + 1)
    {
      r->rings_room = self->n_rings + 1;
      self->ring_start = g_renew (guint, self->ring_start, r->rings_room);
    }

  if (r->polygons_room > self->n_polygons + 1)
    {
      r->polygons_room = self->n_polygons + 1;
      self->polygon_start = g_renew (guint, self->polygon_start, r->polygons_room);
    }
}

/**
 * melt_contours_get_ring_area:
 * @self: contours
 * @ring: index of a ring
 *
 * Returns: the signed area of @ring, mm²: positive when it turns
 *   counter-clockwise seen from +Z (an outer ring), negative when clockwise
 *   (a hole)
 */
double
melt_contours_get_ring_area (const MeltContours *self,
                             guint               ring)
{
  const double *xy;
  guint n;
  double x0, y0;
  double sum = 0.0;

  g_return_val_if_fail (self != NULL, 0.0);
  g_return_val_if_fail (ring < self->n_rings, 0.0);

  xy = self->xy + 2 * (gsize) self->ring_start[ring];
  n = self->ring_start[ring + 1] - self->ring_start[ring];
  if (n < 3)
    return 0.0;

  /* Relative to the first point: the products stay small far from the
   * origin, and the sum exact to rounding */
  x0 = xy[0];
  y0 = xy[1];
  for (guint i = 1; i + 1 < n; i++)
    {
      double ax = xy[2 * i] - x0, ay = xy[2 * i + 1] - y0;
      double bx = xy[2 * i + 2] - x0, by = xy[2 * i + 3] - y0;

      sum += ax * by - bx * ay;
    }

  return 0.5 * sum;
}

/**
 * melt_contours_get_area:
 * @self: contours
 *
 * Returns: the area covered by the polygons, mm²: outer rings less holes
 */
double
melt_contours_get_area (const MeltContours *self)
{
  double area = 0.0;

  g_return_val_if_fail (self != NULL, 0.0);

  for (guint i = 0; i < self->n_rings; i++)
    area += melt_contours_get_ring_area (self, i);

  return area;
}

/**
 * melt_contours_get_bounds:
 * @self: contours
 * @min: (out): the least x and y, mm
 * @max: (out): the greatest x and y, mm
 *
 * The bounding rectangle of all points. Empty contours give zeros.
 */
void
melt_contours_get_bounds (const MeltContours *self,
                          double              min[2],
                          double              max[2])
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (min != NULL);
  g_return_if_fail (max != NULL);

  if (self->n_points == 0)
    {
      min[0] = min[1] = max[0] = max[1] = 0.0;
      return;
    }

  min[0] = max[0] = self->xy[0];
  min[1] = max[1] = self->xy[1];
  for (guint i = 1; i < self->n_points; i++)
    {
      double x = self->xy[2 * (gsize) i], y = self->xy[2 * (gsize) i + 1];

      min[0] = MIN (min[0], x);
      min[1] = MIN (min[1], y);
      max[0] = MAX (max[0], x);
      max[1] = MAX (max[1], y);
    }
}

/* GEOS */

static void
geos_notice (const char *message,
             void       *userdata)
{
  g_log ("melt-geos", G_LOG_LEVEL_DEBUG, "notice: %s", message);
}

static void
geos_error (const char *message,
            void       *userdata)
{
  g_log ("melt-geos", G_LOG_LEVEL_DEBUG, "error: %s", message);
}

GEOSContextHandle_t
_melt_geos_context_new (void)
{
  GEOSContextHandle_t ctx = GEOS_init_r ();

  if (ctx == NULL)
    g_error ("GEOS could not make a context: out of memory");

  GEOSContext_setNoticeMessageHandler_r (ctx, geos_notice, NULL);
  GEOSContext_setErrorMessageHandler_r (ctx, geos_error, NULL);

  return ctx;
}

void
_melt_geos_context_free (GEOSContextHandle_t ctx)
{
  if (ctx != NULL)
    GEOS_finish_r (ctx);
}

/* A closed GEOS ring from ring @ring of @self; NULL if it has fewer than
 * 3 points or GEOS fails */
static GEOSGeometry *
ring_to_geos (GEOSContextHandle_t  ctx,
              const MeltContours  *self,
              guint                ring,
              GArray              *buffer)
{
  guint first = self->ring_start[ring];
  guint n = self->ring_start[ring + 1] - first;
  GEOSCoordSequence *seq;

  if (n < 3)
    return NULL;

  g_array_set_size (buffer, 2 * ((gsize) n + 1));
  memcpy (buffer->data, self->xy + 2 * (gsize) first, 2 * sizeof (double) * n);
  g_array_index (buffer, double, 2 * (gsize) n) = self->xy[2 * (gsize) first];
  g_array_index (buffer, double, 2 * (gsize) n + 1) = self->xy[2 * (gsize) first + 1];

  seq = GEOSCoordSeq_copyFromBuffer_r (ctx, (const double *) buffer->data, n + 1, 0, 0);
  if (seq == NULL)
    return NULL;

  /* takes @seq */
  return GEOSGeom_createLinearRing_r (ctx, seq);
}

GEOSGeometry *
melt_contours_to_geos (GEOSContextHandle_t  ctx,
                       const MeltContours  *contours)
{
  g_autoptr(GArray) buffer = NULL;
  g_autoptr(GPtrArray) polygons = NULL;
  g_autoptr(GPtrArray) holes = NULL;
  GEOSGeometry *multi;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (contours != NULL, NULL);

  buffer = g_array_new (FALSE, FALSE, sizeof (double));
  polygons = g_ptr_array_new ();
  holes = g_ptr_array_new ();

  for (guint p = 0; p < contours->n_polygons; p++)
    {
      guint first = contours->polygon_start[p];
      guint end = contours->polygon_start[p + 1];
      GEOSGeometry *shell;
      GEOSGeometry *polygon;

      if (first == end)
        continue;

      shell = ring_to_geos (ctx, contours, first, buffer);
      if (shell == NULL)
        continue;

      g_ptr_array_set_size (holes, 0);
      for (guint r = first + 1; r < end; r++)
        {
          GEOSGeometry *hole = ring_to_geos (ctx, contours, r, buffer);

          if (hole != NULL)
            g_ptr_array_add (holes, hole);
        }

      /* takes @shell and the holes */
      polygon = GEOSGeom_createPolygon_r (ctx, shell, (GEOSGeometry **) holes->pdata, holes->len);
      if (polygon == NULL)
        goto failed;

      g_ptr_array_add (polygons, polygon);
    }

  /* takes the polygons */
  multi = GEOSGeom_createCollection_r (ctx, GEOS_MULTIPOLYGON,
                                       (GEOSGeometry **) polygons->pdata, polygons->len);
  if (multi == NULL)
    goto failed;

  return multi;

failed:
  for (guint i = 0; i < polygons->len; i++)
    GEOSGeom_destroy_r (ctx, polygons->pdata[i]);

  return NULL;
}

/* Appends one ring read from @ring (a GEOS LinearRing) to @self, turning it
 * counter-clockwise when @ccw, clockwise otherwise. Returns FALSE if GEOS
 * fails; sets *@added to whether the ring had 3 points and an area. */
static gboolean
add_geos_ring (MeltContours        *self,
               GEOSContextHandle_t  ctx,
               const GEOSGeometry  *ring,
               gboolean             ccw,
               gboolean             begin_polygon,
               GArray              *buffer,
               gboolean            *added)
{
  const GEOSCoordSequence *seq;
  unsigned int size = 0;
  const double *xy;
  guint n;
  double area2 = 0.0;

  *added = FALSE;

  seq = GEOSGeom_getCoordSeq_r (ctx, ring);
  if (seq == NULL || !GEOSCoordSeq_getSize_r (ctx, seq, &size))
    return FALSE;
  if (size < 4)
    return TRUE;

  g_array_set_size (buffer, 2 * (gsize) size);
  if (!GEOSCoordSeq_copyToBuffer_r (ctx, seq, (double *) buffer->data, 0, 0))
    return FALSE;

  xy = (const double *) buffer->data;

  /* drop the closing point and repeated consecutive points in place */
  n = 0;
  for (guint i = 0; i + 1 < size; i++)
    {
      double *out = (double *) buffer->data;

      if (n > 0 && out[2 * (n - 1)] == xy[2 * i] && out[2 * (n - 1) + 1] == xy[2 * i + 1])
        continue;
      out[2 * n] = xy[2 * i];
      out[2 * n + 1] = xy[2 * i + 1];
      n++;
    }
  while (n > 1 && xy[0] == xy[2 * (n - 1)] && xy[1] == xy[2 * (n - 1) + 1])
    n--;
  if (n < 3)
    return TRUE;

  for (guint i = 1; i + 1 < n; i++)
    area2 += (xy[2 * i] - xy[0]) * (xy[2 * i + 3] - xy[1]) -
             (xy[2 * i + 2] - xy[0]) * (xy[2 * i + 1] - xy[1]);
  if (area2 == 0.0 || !isfinite (area2))
    return TRUE;

  if (begin_polygon)
    melt_contours_begin_polygon (self);
  melt_contours_begin_ring (self);
  reserve_points (self, n);

  if ((area2 > 0.0) == ccw)
    {
      for (guint i = 0; i < n; i++)
        melt_contours_add_point (self, xy[2 * i], xy[2 * i + 1]);
    }
  else
    {
      /* reversed, keeping the same first point */
      melt_contours_add_point (self, xy[0], xy[1]);
      for (guint i = n - 1; i > 0; i--)
        melt_contours_add_point (self, xy[2 * i], xy[2 * i + 1]);
    }

  *added = TRUE;
  return TRUE;
}

static gboolean
add_geos_polygon (MeltContours        *self,
                  GEOSContextHandle_t  ctx,
                  const GEOSGeometry  *polygon,
                  GArray              *buffer)
{
  const GEOSGeometry *shell;
  gboolean added;
  int n_holes;

  if (GEOSisEmpty_r (ctx, polygon) == 1)
    return TRUE;

  shell = GEOSGetExteriorRing_r (ctx, polygon);
  n_holes = GEOSGetNumInteriorRings_r (ctx, polygon);
  if (shell == NULL || n_holes < 0)
    return FALSE;

  if (!add_geos_ring (self, ctx, shell, TRUE, TRUE, buffer, &added))
    return FALSE;
  if (!added)
    return TRUE;

  for (int i = 0; i < n_holes; i++)
    {
      const GEOSGeometry *hole = GEOSGetInteriorRingN_r (ctx, polygon, i);

      if (hole == NULL || !add_geos_ring (self, ctx, hole, FALSE, FALSE, buffer, &added))
        return FALSE;
    }

  return TRUE;
}

static gboolean
add_geos_any (MeltContours        *self,
              GEOSContextHandle_t  ctx,
              const GEOSGeometry  *geometry,
              GArray              *buffer,
              guint                depth)
{
  int type = GEOSGeomTypeId_r (ctx, geometry);

  switch (type)
    {
    case GEOS_POLYGON:
      return add_geos_polygon (self, ctx, geometry, buffer);

    case GEOS_MULTIPOLYGON:
    case GEOS_GEOMETRYCOLLECTION:
      {
        int n = GEOSGetNumGeometries_r (ctx, geometry);

        /* collections from GEOS operations are shallow; stop a pathological
         * nesting rather than the stack */
        if (n < 0 || depth > 64)
          return FALSE;

        for (int i = 0; i < n; i++)
          {
            const GEOSGeometry *part = GEOSGetGeometryN_r (ctx, geometry, i);

            if (part == NULL || !add_geos_any (self, ctx, part, buffer, depth + 1))
              return FALSE;
          }
        return TRUE;
      }

    case -1:
      return FALSE;

    default:
      /* points and lines have no area */
      return TRUE;
    }
}

gboolean
melt_contours_add_geos (MeltContours        *contours,
                        GEOSContextHandle_t  ctx,
                        const GEOSGeometry  *geometry)
{
  g_autoptr(GArray) buffer = NULL;

  g_return_val_if_fail (contours != NULL, FALSE);
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (geometry != NULL, FALSE);

  buffer = g_array_new (FALSE, FALSE, sizeof (double));

  return add_geos_any (contours, ctx, geometry, buffer, 0);
}

MeltContours *
melt_contours_new_from_geos (GEOSContextHandle_t  ctx,
                             const GEOSGeometry  *geometry)
{
  g_autoptr(MeltContours) contours = NULL;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (geometry != NULL, NULL);

  contours = melt_contours_new ();
  if (!melt_contours_add_geos (contours, ctx, geometry))
    return NULL;

  melt_contours_end (contours);

  return g_steal_pointer (&contours);
}
