/* melt-planner.c: the beads of every layer, from its outlines and a process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every polygon operation (insets, clipping of raster rows, validity repair)
 * goes through GEOS's reentrant C API, in worker threads, with a context
 * per layer; the calling thread orders the beads without GEOS.
 * docs/planner.md describes the strategies.
 */

#define G_LOG_DOMAIN "melt-planner"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "melt-contours-geos.h"
#include "melt-planner.h"
#include "melt-process-check.h"
#include "melt-process-derived.h"

G_DEFINE_QUARK (melt-planner-error-quark, melt_planner_error)

G_DEFINE_ENUM_TYPE (MeltFillPattern, melt_fill_pattern,
  G_DEFINE_ENUM_VALUE (MELT_FILL_RASTER, "raster"),
  G_DEFINE_ENUM_VALUE (MELT_FILL_CONCENTRIC, "concentric"),
  G_DEFINE_ENUM_VALUE (MELT_FILL_NONE, "none"))

G_DEFINE_ENUM_TYPE (MeltSeamStrategy, melt_seam_strategy,
  G_DEFINE_ENUM_VALUE (MELT_SEAM_SPREAD, "spread"),
  G_DEFINE_ENUM_VALUE (MELT_SEAM_ALIGNED, "aligned"),
  G_DEFINE_ENUM_VALUE (MELT_SEAM_NEAREST, "nearest"))

/* Segments per quarter circle of the rounded joins of insets */
#define QUADRANT_SEGMENTS 8
/* The golden-ratio step of the spread seam along a contour, per layer */
#define SEAM_SPREAD_STEP 0.6180339887498949
/* Narrow pieces smaller than this fraction of (minimum width)² are the
 * rounded-off corners of an inset, not regions */
#define NARROW_MIN_AREA_FRACTION 0.25
/* A narrow piece at least this fraction of a bead wide, and narrower than
 * a bead (its mean width, 2 × area / boundary length), gets one bead along
 * its centre line; a narrower one is left empty and reported */
#define SINGLE_BEAD_MIN_WIDTH_FRACTION 0.5
/* The centre line of a narrow piece of mean width t is found from its inset
 * by this fraction of t/2 (then the next ones when that leaves nothing) */
static const double single_bead_inset_fractions[] = { 0.9, 0.7, 0.5 };
/* A zigzag link may be at most this many step-overs long ... */
#define LINK_MAX_STEP_OVERS 3.0
/* ... and leave the fill region by at most this fraction of a step-over */
#define LINK_TOLERANCE_STEP_OVERS 0.001
/* Moves shorter than this (mm) need no travel */
#define SAME_POINT_MM 1e-6

#define DEFAULT_TRAVEL_SPEED_MM_S 50.0
/* PrusaSlicer's default G-code resolution: far below a bead's width */
#define DEFAULT_RESOLUTION_MM 0.0125

typedef struct
{
  GEOSContextHandle_t     geos;
  const MeltPlanSettings *settings;
  MeltToolpath           *toolpath;
  MeltPlanReport         *report;

  /* the bead */
  double   width_mm;
  double   height_mm;
  double   area_mm2;
  double   step_over_mm;
  double   speed_mm_s;
  double   power_w;
  double   beam_current_ma;
  double   wire_feed_mm_s;
  double   dwell_s;
  double   min_layer_time_s;
  double   min_width_mm;

  /* where the head is */
  guint    layer;
  double   z;
  gboolean have_position;
  double   position[3];
  double   time_s;
  guint32  next_bead;
  gboolean beam_on;

  char    *geos_message;
} Planner;

/* A closed ring or an open path: x, y interleaved */
typedef GArray Points;

static Points *
points_new (guint reserve)
{
  return g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * reserve);
}

static inline guint
points_len (const Points *p)
{
  return p->len / 2;
}

static inline const double *
points_at (const Points *p,
           guint         i)
{
  return &g_array_index (p, double, 2 * i);
}

static inline void
points_add (Points *p,
            double  x,
            double  y)
{
  double xy[2] = { x, y };

  g_array_append_vals (p, xy, 2);
}

static void
geos_message_handler (const char *message,
                      void       *user_data)
{
  Planner *planner = user_data;

  g_debug ("GEOS: %s", message);
  g_free (planner->geos_message);
  planner->geos_message = g_strdup (message);
}

static void
geos_destroy (Planner      *planner,
              GEOSGeometry *geometry)
{
  if (geometry != NULL)
    GEOSGeom_destroy_r (planner->geos, geometry);
}

static void
set_geometry_error (Planner     *planner,
                    GError     **error)
{
  g_set_error (error, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_GEOMETRY,
               _("Layer %u: polygon operation failed: %s"),
               planner->layer + 1,
               planner->geos_message != NULL ? planner->geos_message : _("unknown error"));
}

void
melt_plan_settings_init (MeltPlanSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->perimeters = 2;
  settings->fill = MELT_FILL_RASTER;
  settings->fill_angle_deg = 45.0;
  settings->fill_angle_step_deg = 90.0;
  settings->seam = MELT_SEAM_SPREAD;
  settings->fill_overlap = 0.0;
  settings->min_region_width_mm = 0.0;
  settings->travel_speed_mm_s = DEFAULT_TRAVEL_SPEED_MM_S;
  settings->resolution_mm = DEFAULT_RESOLUTION_MM;
}

gboolean
melt_plan_settings_validate (const MeltPlanSettings  *settings,
                             GError                 **error)
{
  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (settings->perimeters > MELT_PLAN_MAX_PERIMETERS)
    {
      g_set_error (error, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID,
                   _("Planner settings: %u perimeters; expected at most %u"),
                   settings->perimeters, (guint) MELT_PLAN_MAX_PERIMETERS);
      return FALSE;
    }
  if ((guint) settings->fill > MELT_FILL_NONE)
    {
      g_set_error (error, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID,
                   _("Planner settings: unknown fill pattern %d"), (int) settings->fill);
      return FALSE;
    }
  if ((guint) settings->seam > MELT_SEAM_NEAREST)
    {
      g_set_error (error, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID,
                   _("Planner settings: unknown seam strategy %d"), (int) settings->seam);
      return FALSE;
    }
  if (!isfinite (settings->fill_angle_deg) || !isfinite (settings->fill_angle_step_deg))
    {
      g_set_error (error, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID,
                   _("Planner settings: the fill angle and its step per layer must be finite numbers"));
      return FALSE;
    }
  if (!(settings->fill_overlap >= 0.0 && settings->fill_overlap <= 1.0))
    {
      g_set_error (error, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID,
                   _("Planner settings: fill overlap %g; expected a fraction of the step-over from 0 to 1"),
                   settings->fill_overlap);
      return FALSE;
    }
  if (!(settings->min_region_width_mm >= 0.0 && isfinite (settings->min_region_width_mm)))
    {
      g_set_error (error, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID,
                   _("Planner settings: minimum region width %g mm; expected 0 (one bead) or more"),
                   settings->min_region_width_mm);
      return FALSE;
    }
  if (!(settings->travel_speed_mm_s > 0.0 && isfinite (settings->travel_speed_mm_s)))
    {
      g_set_error (error, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID,
                   _("Planner settings: travel speed %g mm/s; expected more than 0"),
                   settings->travel_speed_mm_s);
      return FALSE;
    }
  if (!(settings->resolution_mm >= 0.0 && settings->resolution_mm <= MELT_PLAN_MAX_RESOLUTION_MM))
    {
      g_set_error (error, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID,
                   _("Planner settings: resolution %g mm; expected 0 (every slice point) to %g mm"),
                   settings->resolution_mm, MELT_PLAN_MAX_RESOLUTION_MM);
      return FALSE;
    }

  return TRUE;
}

/* Segments */

static void
emit (Planner         *planner,
      MeltSegmentKind  kind,
      const double     from[3],
      const double     to[3],
      double           duration_s)
{
  MeltSegment s = { 0 };
  gboolean deposit = kind == MELT_SEGMENT_PERIMETER || kind == MELT_SEGMENT_FILL;

  for (guint i = 0; i < 3; i++)
    {
      s.start[i] = from[i];
      s.end[i] = to[i];
    }
  s.kind = kind;
  s.layer = planner->layer;
  s.bead = deposit ? planner->next_bead - 1 : G_MAXUINT32;
  s.speed_mm_s = deposit ? planner->speed_mm_s
                         : kind == MELT_SEGMENT_TRAVEL ? planner->settings->travel_speed_mm_s : 0.0;
  s.power_w = deposit ? planner->power_w : 0.0;
  s.beam_current_ma = deposit ? planner->beam_current_ma : 0.0;
  s.wire_feed_mm_s = deposit ? planner->wire_feed_mm_s : 0.0;
  s.width_mm = deposit ? planner->width_mm : 0.0;
  s.height_mm = deposit ? planner->height_mm : 0.0;
  s.area_mm2 = deposit ? planner->area_mm2 : 0.0;
  s.start_time_s = planner->time_s;
  s.duration_s = duration_s;
  s.source_line = MELT_SEGMENT_NO_LINE;

  melt_toolpath_append (planner->toolpath, &s);
  planner->time_s += duration_s;
  planner->position[0] = to[0];
  planner->position[1] = to[1];
  planner->position[2] = to[2];
  planner->have_position = TRUE;
}

static void
beam_off (Planner *planner)
{
  planner->beam_on = FALSE;
}

/* Moves with the beam off to (x, y) of the current layer */
static void
travel_to (Planner *planner,
           double   x,
           double   y)
{
  double to[3] = { x, y, planner->z };
  double length;

  beam_off (planner);
  if (!planner->have_position)
    {
      planner->position[0] = x;
      planner->position[1] = y;
      planner->position[2] = planner->z;
      planner->have_position = TRUE;
      return;
    }

  length = sqrt ((to[0] - planner->position[0]) * (to[0] - planner->position[0]) +
                 (to[1] - planner->position[1]) * (to[1] - planner->position[1]) +
                 (to[2] - planner->position[2]) * (to[2] - planner->position[2]));
  if (length <= SAME_POINT_MM)
    return;

  emit (planner, MELT_SEGMENT_TRAVEL, planner->position, to,
        length / planner->settings->travel_speed_mm_s);
}

/* Deposits from the current position to (x, y), switching the beam on if off */
static void
deposit_to (Planner         *planner,
            MeltSegmentKind  kind,
            double           x,
            double           y)
{
  double to[3] = { x, y, planner->z };
  double length;

  g_assert (planner->have_position);

  length = hypot (x - planner->position[0], y - planner->position[1]);
  if (length <= SAME_POINT_MM)
    return;

  if (!planner->beam_on)
    {
      planner->beam_on = TRUE;
      planner->next_bead++;
      planner->report->beam_starts++;
    }

  emit (planner, kind, planner->position, to, length / planner->speed_mm_s);
}

/* Geometry: contours in, rings out */

/* The layer's region as one valid (multi)polygon: repaired if need be (the
 * slicer's contours are valid; hand-made ones may not be), then simplified
 * to the resolution. GEOS's Douglas–Peucker simplifier keeps polygons valid,
 * but it would repair an invalid input by a zero buffer, which drops a lobe
 * of a bow tie: MakeValid comes first. */
static GEOSGeometry *
contours_to_geos (Planner            *planner,
                  const MeltContours *contours)
{
  GEOSGeometry *region = melt_contours_to_geos (planner->geos, contours);

  if (region == NULL)
    return NULL;

  if (GEOSisValid_r (planner->geos, region) != 1)
    {
      GEOSGeometry *valid = GEOSMakeValid_r (planner->geos, region);

      g_debug ("layer %u: outlines repaired", planner->layer);
      geos_destroy (planner, region);
      /* MakeValid may leave lines and points; a zero buffer keeps the areas */
      region = valid != NULL ? GEOSBuffer_r (planner->geos, valid, 0.0, QUADRANT_SEGMENTS) : NULL;
      geos_destroy (planner, valid);
      if (region == NULL)
        return NULL;
    }

  if (planner->settings->resolution_mm > 0.0)
    {
      GEOSGeometry *simple = GEOSSimplify_r (planner->geos, region, planner->settings->resolution_mm);

      geos_destroy (planner, region);
      region = simple;
    }

  return region;
}

static double
ring_signed_area (const Points *ring)
{
  guint n = points_len (ring);
  double sum = 0.0;

  for (guint i = 0; i < n; i++)
    {
      const double *a = points_at (ring, i);
      const double *b = points_at (ring, (i + 1) % n);

      sum += a[0] * b[1] - b[0] * a[1];
    }

  return sum / 2.0;
}

/* Adds the rings of a linear ring to @rings, counter-clockwise, without the
 * repeated closing point */
static void
collect_ring (Planner            *planner,
              const GEOSGeometry *ring,
              GPtrArray          *rings)
{
  const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r (planner->geos, ring);
  unsigned int size = 0;
  Points *points;

  if (seq == NULL || !GEOSCoordSeq_getSize_r (planner->geos, seq, &size) || size < 4)
    return;

  points = points_new (size - 1);
  for (unsigned int i = 0; i + 1 < size; i++)
    {
      double x, y;

      GEOSCoordSeq_getXY_r (planner->geos, seq, i, &x, &y);
      points_add (points, x, y);
    }

  if (ring_signed_area (points) < 0.0)
    {
      guint n = points_len (points);
      Points *reversed = points_new (n);

      for (guint i = n; i > 0; i--)
        points_add (reversed, points_at (points, i - 1)[0], points_at (points, i - 1)[1]);
      g_array_unref (points);
      points = reversed;
    }

  g_ptr_array_add (rings, points);
}

/* Every ring (outer boundaries and holes) of a polygonal geometry */
static void
collect_rings (Planner            *planner,
               const GEOSGeometry *geometry,
               GPtrArray          *rings)
{
  int type = GEOSGeomTypeId_r (planner->geos, geometry);

  if (type == GEOS_POLYGON)
    {
      int n_holes;

      if (GEOSisEmpty_r (planner->geos, geometry))
        return;
      collect_ring (planner, GEOSGetExteriorRing_r (planner->geos, geometry), rings);
      n_holes = GEOSGetNumInteriorRings_r (planner->geos, geometry);
      for (int i = 0; i < n_holes; i++)
        collect_ring (planner, GEOSGetInteriorRingN_r (planner->geos, geometry, i), rings);
    }
  else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION)
    {
      int n = GEOSGetNumGeometries_r (planner->geos, geometry);

      for (int i = 0; i < n; i++)
        collect_rings (planner, GEOSGetGeometryN_r (planner->geos, geometry, i), rings);
    }
}

static GEOSGeometry *
inset (Planner            *planner,
       const GEOSGeometry *region,
       double              distance_mm)
{
  return GEOSBuffer_r (planner->geos, region, -distance_mm, QUADRANT_SEGMENTS);
}

/* Seams */

typedef struct
{
  guint  edge;   /* the seam lies on the edge from vertex edge to edge + 1 */
  double t;      /* at this fraction of it */
  double xy[2];
} Seam;

static void
seam_at_edge (const Points *ring,
              guint         edge,
              double        t,
              Seam         *seam)
{
  guint n = points_len (ring);
  const double *a = points_at (ring, edge);
  const double *b = points_at (ring, (edge + 1) % n);

  seam->edge = edge;
  seam->t = CLAMP (t, 0.0, 1.0);
  seam->xy[0] = a[0] + seam->t * (b[0] - a[0]);
  seam->xy[1] = a[1] + seam->t * (b[1] - a[1]);
}

/* The point of @ring nearest to (x, y) */
static void
seam_nearest (const Points *ring,
              double        x,
              double        y,
              Seam         *seam)
{
  guint n = points_len (ring);
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < n; i++)
    {
      const double *a = points_at (ring, i);
      const double *b = points_at (ring, (i + 1) % n);
      double dx = b[0] - a[0], dy = b[1] - a[1];
      double len2 = dx * dx + dy * dy;
      double t = len2 > 0.0 ? ((x - a[0]) * dx + (y - a[1]) * dy) / len2 : 0.0;
      double px, py, d2;

      t = CLAMP (t, 0.0, 1.0);
      px = a[0] + t * dx;
      py = a[1] + t * dy;
      d2 = (px - x) * (px - x) + (py - y) * (py - y);
      if (d2 < best)
        {
          best = d2;
          seam_at_edge (ring, i, t, seam);
        }
    }
}

/* The vertex nearest to the lower left corner of the ring's bounds: a
 * reference that stays put from layer to layer on a prismatic part */
static guint
ring_reference_vertex (const Points *ring)
{
  guint n = points_len (ring);
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE;
  double best = G_MAXDOUBLE;
  guint best_i = 0;

  for (guint i = 0; i < n; i++)
    {
      min_x = MIN (min_x, points_at (ring, i)[0]);
      min_y = MIN (min_y, points_at (ring, i)[1]);
    }
  for (guint i = 0; i < n; i++)
    {
      const double *p = points_at (ring, i);
      double d2 = (p[0] - min_x) * (p[0] - min_x) + (p[1] - min_y) * (p[1] - min_y);

      if (d2 < best - 1e-12)
        {
          best = d2;
          best_i = i;
        }
    }

  return best_i;
}

/* The point at @fraction of the ring's length from its reference vertex */
static void
seam_at_fraction (const Points *ring,
                  double        fraction,
                  Seam         *seam)
{
  guint n = points_len (ring);
  guint ref = ring_reference_vertex (ring);
  double length = 0.0, target, walked = 0.0;

  for (guint i = 0; i < n; i++)
    {
      const double *a = points_at (ring, i);
      const double *b = points_at (ring, (i + 1) % n);

      length += hypot (b[0] - a[0], b[1] - a[1]);
    }

  target = fraction * length;
  for (guint k = 0; k < n; k++)
    {
      guint i = (ref + k) % n;
      const double *a = points_at (ring, i);
      const double *b = points_at (ring, (i + 1) % n);
      double edge = hypot (b[0] - a[0], b[1] - a[1]);

      if (walked + edge >= target && edge > 0.0)
        {
          seam_at_edge (ring, i, (target - walked) / edge, seam);
          return;
        }
      walked += edge;
    }

  seam_at_edge (ring, ref, 0.0, seam);
}

static void
choose_seam (Planner      *planner,
             const Points *ring,
             Seam         *seam)
{
  switch (planner->settings->seam)
    {
    case MELT_SEAM_SPREAD:
      {
        double f = planner->layer * SEAM_SPREAD_STEP;

        seam_at_fraction (ring, f - floor (f), seam);
      }
      break;

    case MELT_SEAM_ALIGNED:
      seam_at_fraction (ring, 0.0, seam);
      break;

    case MELT_SEAM_NEAREST:
    default:
      if (planner->have_position)
        seam_nearest (ring, planner->position[0], planner->position[1], seam);
      else
        seam_at_fraction (ring, 0.0, seam);
      break;
    }
}

/* Deposits a closed ring once around, from its seam back to it */
static void
deposit_ring (Planner         *planner,
              const Points    *ring,
              const Seam      *seam,
              MeltSegmentKind  kind)
{
  guint n = points_len (ring);

  travel_to (planner, seam->xy[0], seam->xy[1]);
  for (guint k = 1; k <= n; k++)
    {
      const double *p = points_at (ring, (seam->edge + k) % n);

      deposit_to (planner, kind, p[0], p[1]);
    }
  deposit_to (planner, kind, seam->xy[0], seam->xy[1]);
  beam_off (planner);
}

static double
distance_to (Planner      *planner,
             const double  xy[2])
{
  if (!planner->have_position)
    return 0.0;

  return hypot (xy[0] - planner->position[0], xy[1] - planner->position[1]);
}

/* Deposits every ring of @rings, the nearest next */
static void
deposit_rings (Planner         *planner,
               GPtrArray       *rings,
               MeltSegmentKind  kind)
{
  g_autofree gboolean *done = g_new0 (gboolean, rings->len);

  for (guint count = 0; count < rings->len; count++)
    {
      double best = G_MAXDOUBLE;
      guint best_i = 0;
      Seam best_seam = { 0 };

      for (guint i = 0; i < rings->len; i++)
        {
          Seam seam;
          double d;

          if (done[i])
            continue;
          choose_seam (planner, g_ptr_array_index (rings, i), &seam);
          d = distance_to (planner, seam.xy);
          if (d < best)
            {
              best = d;
              best_i = i;
              best_seam = seam;
            }
        }

      done[best_i] = TRUE;
      deposit_ring (planner, g_ptr_array_index (rings, best_i), &best_seam, kind);
    }
}

/* Raster fill */

typedef struct
{
  double   a[2];
  double   b[2];
  int      row;
  gboolean done;
} Row;

/* A zigzag link from an end of a row piece to an end of a piece in the
 * next row, found to stay inside the fill region */
typedef struct
{
  guint32 to;      /* the piece linked to */
  gboolean to_b;   /* at its end b, else a */
  int     step;    /* its row minus this one: ±1 */
} Link;

/* What the beads of an island need, computed with GEOS (in any thread).
 * Laying them down (order, seams, zigzags) needs no GEOS. */
typedef struct
{
  Points    *outline;      /* the outer ring, for ordering islands */
  GPtrArray *perimeters;   /* per perimeter: (element-type Points) GPtrArray */
  GPtrArray *concentric;   /* per concentric fill ring: likewise */
  GPtrArray *single_rings; /* (element-type Points) closed single beads of narrow pieces */
  GPtrArray *single_paths; /* (element-type Points) open single beads of narrow pieces */
  GArray    *rows;         /* Row, sorted by row */
  guint      n_rows;
  guint     *row_first;    /* the pieces of row r: row_first[r] to row_first[r + 1] − 1 */
  GArray    *links;        /* Link */
  guint     *link_first;   /* the links from end e (0 = a, 1 = b) of piece i:
                            * link_first[2i + e] to link_first[2i + e + 1] − 1 */
} Island;

static void
island_free (Island *island)
{
  g_clear_pointer (&island->outline, g_array_unref);
  g_clear_pointer (&island->perimeters, g_ptr_array_unref);
  g_clear_pointer (&island->concentric, g_ptr_array_unref);
  g_clear_pointer (&island->single_rings, g_ptr_array_unref);
  g_clear_pointer (&island->single_paths, g_ptr_array_unref);
  g_clear_pointer (&island->rows, g_array_unref);
  g_clear_pointer (&island->row_first, g_free);
  g_clear_pointer (&island->links, g_array_unref);
  g_clear_pointer (&island->link_first, g_free);
  g_free (island);
}

static GPtrArray *
ring_levels_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
}

static int
row_compare (gconstpointer a,
             gconstpointer b)
{
  const Row *ra = a, *rb = b;

  return (ra->row > rb->row) - (ra->row < rb->row);
}

static gboolean
link_inside (Planner                     *planner,
             const GEOSPreparedGeometry  *region,
             const double                 from[2],
             const double                 to[2])
{
  GEOSCoordSequence *seq = GEOSCoordSeq_create_r (planner->geos, 2, 2);
  GEOSGeometry *line;
  gboolean inside;

  GEOSCoordSeq_setXY_r (planner->geos, seq, 0, from[0], from[1]);
  GEOSCoordSeq_setXY_r (planner->geos, seq, 1, to[0], to[1]);
  line = GEOSGeom_createLineString_r (planner->geos, seq);
  inside = GEOSPreparedCovers_r (planner->geos, region, line) == 1;
  geos_destroy (planner, line);

  return inside;
}

/* Rows clipped to @region at the layer's angle, and the links between row
 * ends that stay inside the region */
static gboolean
compute_raster (Planner             *planner,
                const GEOSGeometry  *region,
                Island              *island,
                GError             **error)
{
  const MeltPlanSettings *settings = planner->settings;
  double d = planner->step_over_mm;
  double angle = (settings->fill_angle_deg + planner->layer * settings->fill_angle_step_deg) * G_PI / 180.0;
  double u[2] = { cos (angle), sin (angle) };   /* along the rows */
  double v[2] = { -u[1], u[0] };                /* across them */
  double min_x, min_y, max_x, max_y;
  double u_min = G_MAXDOUBLE, u_max = -G_MAXDOUBLE, v_min = G_MAXDOUBLE, v_max = -G_MAXDOUBLE;
  double v_first;
  guint n_rows;
  g_autoptr(GPtrArray) lines = NULL;
  GArray *rows;
  GEOSGeometry *grid, *clipped, *tolerant;
  const GEOSPreparedGeometry *prepared;
  int n_pieces;

  if (GEOSisEmpty_r (planner->geos, region))
    return TRUE;
  if (!GEOSGeom_getXMin_r (planner->geos, region, &min_x) ||
      !GEOSGeom_getYMin_r (planner->geos, region, &min_y) ||
      !GEOSGeom_getXMax_r (planner->geos, region, &max_x) ||
      !GEOSGeom_getYMax_r (planner->geos, region, &max_y))
    {
      set_geometry_error (planner, error);
      return FALSE;
    }

  for (guint c = 0; c < 4; c++)
    {
      double x = (c & 1) ? max_x : min_x;
      double y = (c & 2) ? max_y : min_y;
      double pu = x * u[0] + y * u[1];
      double pv = x * v[0] + y * v[1];

      u_min = MIN (u_min, pu);
      u_max = MAX (u_max, pu);
      v_min = MIN (v_min, pv);
      v_max = MAX (v_max, pv);
    }

  /* rows one step-over apart, centred on the region so that each row's
   * strip (a step-over wide) lies within it */
  n_rows = MAX (1, (guint) floor ((v_max - v_min) / d + 0.5));
  v_first = (v_min + v_max) / 2.0 - (n_rows - 1) * d / 2.0;
  u_min -= d;
  u_max += d;

  lines = g_ptr_array_new ();
  for (guint k = 0; k < n_rows; k++)
    {
      double vk = v_first + k * d;
      GEOSCoordSequence *seq = GEOSCoordSeq_create_r (planner->geos, 2, 2);

      GEOSCoordSeq_setXY_r (planner->geos, seq, 0, u_min * u[0] + vk * v[0], u_min * u[1] + vk * v[1]);
      GEOSCoordSeq_setXY_r (planner->geos, seq, 1, u_max * u[0] + vk * v[0], u_max * u[1] + vk * v[1]);
      g_ptr_array_add (lines, GEOSGeom_createLineString_r (planner->geos, seq));
    }
  grid = GEOSGeom_createCollection_r (planner->geos, GEOS_MULTILINESTRING,
                                      (GEOSGeometry **) lines->pdata, lines->len);
  clipped = grid != NULL ? GEOSIntersection_r (planner->geos, grid, region) : NULL;
  geos_destroy (planner, grid);
  if (clipped == NULL)
    {
      set_geometry_error (planner, error);
      return FALSE;
    }

  rows = g_array_new (FALSE, FALSE, sizeof (Row));
  n_pieces = GEOSGetNumGeometries_r (planner->geos, clipped);
  for (int i = 0; i < n_pieces; i++)
    {
      const GEOSGeometry *piece = GEOSGetGeometryN_r (planner->geos, clipped, i);
      const GEOSCoordSequence *seq;
      unsigned int size = 0;
      Row row = { 0 };
      double mid_v;

      if (GEOSGeomTypeId_r (planner->geos, piece) != GEOS_LINESTRING)
        continue;
      seq = GEOSGeom_getCoordSeq_r (planner->geos, piece);
      if (seq == NULL || !GEOSCoordSeq_getSize_r (planner->geos, seq, &size) || size < 2)
        continue;
      GEOSCoordSeq_getXY_r (planner->geos, seq, 0, &row.a[0], &row.a[1]);
      GEOSCoordSeq_getXY_r (planner->geos, seq, size - 1, &row.b[0], &row.b[1]);
      if (hypot (row.b[0] - row.a[0], row.b[1] - row.a[1]) <= SAME_POINT_MM)
        continue;
      mid_v = ((row.a[0] + row.b[0]) * v[0] + (row.a[1] + row.b[1]) * v[1]) / 2.0;
      row.row = CLAMP ((int) lround ((mid_v - v_first) / d), 0, (int) n_rows - 1);
      g_array_append_val (rows, row);
    }
  geos_destroy (planner, clipped);

  if (rows->len == 0)
    {
      g_array_unref (rows);
      return TRUE;
    }

  g_array_sort (rows, row_compare);
  island->rows = rows;
  island->n_rows = n_rows;
  island->row_first = g_new0 (guint, n_rows + 1);
  for (guint i = 0; i < rows->len; i++)
    island->row_first[g_array_index (rows, Row, i).row + 1] = i + 1;
  for (guint r = 1; r <= n_rows; r++)
    island->row_first[r] = MAX (island->row_first[r], island->row_first[r - 1]);

  tolerant = GEOSBuffer_r (planner->geos, region, LINK_TOLERANCE_STEP_OVERS * d, QUADRANT_SEGMENTS);
  if (tolerant == NULL)
    {
      set_geometry_error (planner, error);
      return FALSE;
    }
  prepared = GEOSPrepare_r (planner->geos, tolerant);

  /* from each end of each piece, to the nearer end of each piece of the
   * rows on either side no more than the longest link away */
  island->links = g_array_new (FALSE, FALSE, sizeof (Link));
  island->link_first = g_new0 (guint, 2 * rows->len + 1);
  for (guint i = 0; i < rows->len; i++)
    for (guint e = 0; e < 2; e++)
      {
        const Row *row = &g_array_index (rows, Row, i);
        const double *end = e ? row->b : row->a;

        for (int step = -1; step <= 1; step += 2)
          {
            int r = row->row + step;

            if (r < 0 || r >= (int) n_rows)
              continue;
            for (guint j = island->row_first[r]; j < island->row_first[r + 1]; j++)
              {
                const Row *other = &g_array_index (rows, Row, j);
                double da = hypot (other->a[0] - end[0], other->a[1] - end[1]);
                double db = hypot (other->b[0] - end[0], other->b[1] - end[1]);
                Link link = { j, db < da, step };

                if (MIN (da, db) <= LINK_MAX_STEP_OVERS * d &&
                    link_inside (planner, prepared, end, link.to_b ? other->b : other->a))
                  g_array_append_val (island->links, link);
              }
          }
        island->link_first[2 * i + e + 1] = island->links->len;
      }

  GEOSPreparedGeom_destroy_r (planner->geos, prepared);
  geos_destroy (planner, tolerant);

  return TRUE;
}

/* Lays the rows down in zigzags */
static void
deposit_raster (Planner *planner,
                Island  *island)
{
  GArray *rows = island->rows;
  guint n_rows = island->n_rows;
  g_autofree guint *free_in_row = g_new0 (guint, n_rows);

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);

      row->done = FALSE;
      free_in_row[row->row]++;
    }

  for (guint count = 0; count < rows->len;)
    {
      double best = G_MAXDOUBLE;
      guint current = 0;
      gboolean from_a = TRUE;
      int direction = 0;

      /* a zigzag starts at the nearest free row end of a row at an edge
       * of what is left (no free row on one side), and sweeps away from it */
      for (guint i = 0; i < rows->len; i++)
        {
          Row *row = &g_array_index (rows, Row, i);
          gboolean below, above;
          double da, db;

          if (row->done)
            continue;
          below = row->row > 0 && free_in_row[row->row - 1] > 0;
          above = row->row + 1 < (int) n_rows && free_in_row[row->row + 1] > 0;
          if (below && above)
            continue;
          da = distance_to (planner, row->a);
          db = distance_to (planner, row->b);
          if (MIN (da, db) < best)
            {
              best = MIN (da, db);
              current = i;
              from_a = da <= db;
              direction = !above && !below ? 0 : below ? -1 : 1;
            }
        }
      g_assert (best < G_MAXDOUBLE);

      {
        Row *row = &g_array_index (rows, Row, current);

        travel_to (planner, from_a ? row->a[0] : row->b[0], from_a ? row->a[1] : row->b[1]);
      }

      for (;;)
        {
          Row *row = &g_array_index (rows, Row, current);
          guint end_index = 2 * current + (from_a ? 1 : 0);
          const double *end = from_a ? row->b : row->a;
          double best_link = G_MAXDOUBLE;
          gboolean found = FALSE;
          guint next = 0;
          gboolean next_from_a = TRUE;
          int next_direction = 0;

          deposit_to (planner, MELT_SEGMENT_FILL, end[0], end[1]);
          row->done = TRUE;
          free_in_row[row->row]--;
          count++;

          /* the nearest free piece linked to this end, in the sweep's direction */
          for (guint l = island->link_first[end_index]; l < island->link_first[end_index + 1]; l++)
            {
              const Link *link = &g_array_index (island->links, Link, l);
              const Row *other = &g_array_index (rows, Row, link->to);
              const double *start = link->to_b ? other->b : other->a;
              double dist;

              if (other->done || (direction != 0 && link->step != direction))
                continue;
              dist = hypot (start[0] - end[0], start[1] - end[1]);
              if (dist < best_link)
                {
                  best_link = dist;
                  found = TRUE;
                  next = link->to;
                  next_from_a = !link->to_b;
                  next_direction = link->step;
                }
            }
          if (!found)
            break;

          {
            Row *other = &g_array_index (rows, Row, next);
            const double *start = next_from_a ? other->a : other->b;

            deposit_to (planner, MELT_SEGMENT_FILL, start[0], start[1]);
          }
          current = next;
          from_a = next_from_a;
          direction = next_direction;
        }
      beam_off (planner);
    }
}

/* Adds to @levels the rings of the insets of @region at @first_mm,
 * @first_mm + step, … (all of them when @count is 0). @first_inset, when
 * not NULL, is the inset at @first_mm, already computed. */
static gboolean
compute_insets (Planner             *planner,
                const GEOSGeometry  *region,
                double               first_mm,
                guint                count,
                const GEOSGeometry  *first_inset,
                GPtrArray           *levels,
                GError             **error)
{
  for (guint k = 0; count == 0 || k < count; k++)
    {
      g_autoptr(GPtrArray) rings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

      if (k == 0 && first_inset != NULL)
        collect_rings (planner, first_inset, rings);
      else
        {
          GEOSGeometry *ring_region = inset (planner, region, first_mm + k * planner->step_over_mm);

          if (ring_region == NULL)
            {
              set_geometry_error (planner, error);
              return FALSE;
            }
          collect_rings (planner, ring_region, rings);
          geos_destroy (planner, ring_region);
        }
      if (rings->len == 0)
        break;
      g_ptr_array_add (levels, g_steal_pointer (&rings));
    }

  return TRUE;
}

/* Single beads in narrow pieces */

static double
polyline_length (const Points *line,
                 gboolean      closed)
{
  guint n = points_len (line);
  double length = 0.0;

  for (guint i = 0; i + 1 < n || (closed && i < n); i++)
    {
      const double *a = points_at (line, i);
      const double *b = points_at (line, (i + 1) % n);

      length += hypot (b[0] - a[0], b[1] - a[1]);
    }

  return length;
}

/* The point of @line (closed when @closed) nearest to @p */
static void
polyline_nearest (const Points *line,
                  gboolean      closed,
                  const double  p[2],
                  double        nearest[2])
{
  guint n = points_len (line);
  guint n_edges = closed ? n : n - 1;
  double best = G_MAXDOUBLE;

  nearest[0] = points_at (line, 0)[0];
  nearest[1] = points_at (line, 0)[1];
  for (guint i = 0; i < n_edges; i++)
    {
      const double *a = points_at (line, i);
      const double *b = points_at (line, (i + 1) % n);
      double dx = b[0] - a[0], dy = b[1] - a[1];
      double len2 = dx * dx + dy * dy;
      double t = len2 > 0.0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0.0;
      double qx, qy, d2;

      t = CLAMP (t, 0.0, 1.0);
      qx = a[0] + t * dx;
      qy = a[1] + t * dy;
      d2 = (qx - p[0]) * (qx - p[0]) + (qy - p[1]) * (qy - p[1]);
      if (d2 < best)
        {
          best = d2;
          nearest[0] = qx;
          nearest[1] = qy;
        }
    }
}

/* Every point of @line moved halfway to the nearest point of the closed
 * ring @other: from one side of a thin band to its middle */
static Points *
points_halfway (const Points *line,
                const Points *other)
{
  guint n = points_len (line);
  Points *middle = points_new (n);

  for (guint i = 0; i < n; i++)
    {
      const double *p = points_at (line, i);
      double q[2];

      polyline_nearest (other, TRUE, p, q);
      points_add (middle, (p[0] + q[0]) / 2.0, (p[1] + q[1]) / 2.0);
    }

  return middle;
}

/* @line with points added so that no edge is longer than @step */
static Points *
points_densify (const Points *line,
                double        step)
{
  guint n = points_len (line);
  Points *dense = points_new (n);

  for (guint i = 0; i < n; i++)
    {
      const double *p = points_at (line, i);

      if (i > 0)
        {
          const double *q = points_at (line, i - 1);
          guint pieces = (guint) ceil (hypot (p[0] - q[0], p[1] - q[1]) / step);

          for (guint k = 1; k < pieces; k++)
            points_add (dense, q[0] + (p[0] - q[0]) * k / pieces, q[1] + (p[1] - q[1]) * k / pieces);
        }
      points_add (dense, p[0], p[1]);
    }

  return dense;
}

static int
double_compare (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The end of @path pushed on along its last edge as far as @tip reaches */
static void
extend_to (Points       *path,
           gboolean      at_start,
           const double  tip[2])
{
  guint n = points_len (path);
  const double *e = points_at (path, at_start ? 0 : n - 1);
  const double *f = points_at (path, at_start ? 1 : n - 2);
  double dx = e[0] - f[0], dy = e[1] - f[1];
  double len = hypot (dx, dy);
  double reach;

  if (len <= SAME_POINT_MM)
    return;
  dx /= len;
  dy /= len;
  reach = (tip[0] - e[0]) * dx + (tip[1] - e[1]) * dy;
  if (reach <= SAME_POINT_MM)
    return;

  if (at_start)
    {
      double xy[2] = { e[0] + reach * dx, e[1] + reach * dy };

      g_array_prepend_vals (path, xy, 2);
    }
  else
    points_add (path, e[0] + reach * dx, e[1] + reach * dy);
}

/* The middle of an open thin band between its sides @side and @other (both
 * from one tip to the other): the points of @side, @step apart, moved
 * halfway across. Near the tips the nearest point across is on the tip
 * itself: points less than half the band's median width across are
 * dropped from both ends, and the ends then go on straight to the tips. */
static Points *
open_band_middle (const Points *side,
                  const Points *other,
                  double        step)
{
  g_autoptr(GArray) dense = points_densify (side, step);
  guint n = points_len (dense);
  g_autoptr(GArray) halfway = points_new (n);
  g_autofree double *across = g_new (double, n);
  g_autofree double *sorted = g_new (double, n);
  guint first = 0, last = n;
  Points *middle;

  for (guint i = 0; i < n; i++)
    {
      const double *p = points_at (dense, i);
      double q[2];

      polyline_nearest (other, FALSE, p, q);
      points_add (halfway, (p[0] + q[0]) / 2.0, (p[1] + q[1]) / 2.0);
      across[i] = hypot (q[0] - p[0], q[1] - p[1]);
      sorted[i] = across[i];
    }
  qsort (sorted, n, sizeof (double), double_compare);
  while (first < n && across[first] < 0.5 * sorted[n / 2])
    first++;
  while (last > first && across[last - 1] < 0.5 * sorted[n / 2])
    last--;
  if (last - first < 2)
    return NULL;

  middle = points_new (last - first + 2);
  for (guint i = first; i < last; i++)
    points_add (middle, points_at (halfway, i)[0], points_at (halfway, i)[1]);
  extend_to (middle, TRUE, points_at (side, 0));
  extend_to (middle, FALSE, points_at (side, points_len (side) - 1));

  return middle;
}

static Points *
ring_points (Planner            *planner,
             const GEOSGeometry *ring)
{
  g_autoptr(GPtrArray) rings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  collect_ring (planner, ring, rings);

  return rings->len > 0 ? g_array_ref (g_ptr_array_index (rings, 0)) : NULL;
}

static guint
farthest_vertex (const Points *ring,
                 guint         from)
{
  const double *p = points_at (ring, from);
  double best = -1.0;
  guint best_i = from;

  for (guint i = 0; i < points_len (ring); i++)
    {
      const double *q = points_at (ring, i);
      double d2 = (q[0] - p[0]) * (q[0] - p[0]) + (q[1] - p[1]) * (q[1] - p[1]);

      if (d2 > best)
        {
          best = d2;
          best_i = i;
        }
    }

  return best_i;
}

/* The vertices of the closed @ring from @from to @to, going forward */
static Points *
ring_section (const Points *ring,
              guint         from,
              guint         to)
{
  guint n = points_len (ring);
  Points *section = points_new ((to + n - from) % n + 1);

  for (guint i = from;; i = (i + 1) % n)
    {
      points_add (section, points_at (ring, i)[0], points_at (ring, i)[1]);
      if (i == to)
        break;
    }

  return section;
}

/* The centre line of one polygon of a thin band (a narrow piece inset
 * nearly to its middle), added to @island. With one hole (a thin ring
 * wall): a closed line halfway between its two rings. With none: an open
 * line halfway between its two sides, from one end (the vertices farthest
 * apart) to the other. FALSE for a band with more holes (a network of
 * thin walls, whose single beads would overlap). */
static gboolean
band_centre_line (Planner            *planner,
                  const GEOSGeometry *band,
                  Island             *island,
                  double             *length)
{
  int n_holes = GEOSGetNumInteriorRings_r (planner->geos, band);
  g_autoptr(GArray) outer = NULL;
  Points *middle;

  if (n_holes < 0 || n_holes > 1)
    return FALSE;
  outer = ring_points (planner, GEOSGetExteriorRing_r (planner->geos, band));
  if (outer == NULL)
    return TRUE;

  if (n_holes == 1)
    {
      g_autoptr(GArray) inner = ring_points (planner, GEOSGetInteriorRingN_r (planner->geos, band, 0));

      if (inner == NULL)
        return FALSE;
      middle = points_halfway (outer, inner);
      *length += polyline_length (middle, TRUE);
      g_ptr_array_add (island->single_rings, middle);
    }
  else
    {
      guint a = farthest_vertex (outer, 0);
      guint b = farthest_vertex (outer, a);
      g_autoptr(GArray) side = NULL;
      g_autoptr(GArray) other = NULL;

      if (a == b)
        return TRUE;
      side = ring_section (outer, a, b);
      other = ring_section (outer, b, a);
      middle = open_band_middle (side, other, planner->width_mm / 4.0);
      if (middle == NULL)
        return TRUE;
      *length += polyline_length (middle, FALSE);
      g_ptr_array_add (island->single_paths, middle);
    }

  return TRUE;
}

/* One bead along the centre line of a narrow @piece of mean width
 * @width_mm, added to @island: the middle of the thin band its inset by
 * nearly half that width leaves. @found is FALSE when there is none (no
 * band, a band with several holes, or a centre line shorter than half a
 * bead): the piece then stays empty. */
static gboolean
compute_single_bead (Planner             *planner,
                     const GEOSGeometry  *piece,
                     double               width_mm,
                     Island              *island,
                     gboolean            *found,
                     GError             **error)
{
  guint rings_before = island->single_rings->len;
  guint paths_before = island->single_paths->len;

  *found = FALSE;
  for (guint f = 0; f < G_N_ELEMENTS (single_bead_inset_fractions); f++)
    {
      GEOSGeometry *band = inset (planner, piece, single_bead_inset_fractions[f] * width_mm / 2.0);
      gboolean ok = TRUE;
      double length = 0.0;
      int n;

      if (band == NULL)
        {
          set_geometry_error (planner, error);
          return FALSE;
        }
      if (GEOSisEmpty_r (planner->geos, band))
        {
          geos_destroy (planner, band);
          continue;
        }

      n = GEOSGetNumGeometries_r (planner->geos, band);
      for (int i = 0; i < n && ok; i++)
        {
          const GEOSGeometry *polygon = GEOSGetGeometryN_r (planner->geos, band, i);

          if (GEOSGeomTypeId_r (planner->geos, polygon) == GEOS_POLYGON &&
              !GEOSisEmpty_r (planner->geos, polygon))
            ok = band_centre_line (planner, polygon, island, &length);
        }
      geos_destroy (planner, band);

      if (ok && length >= SINGLE_BEAD_MIN_WIDTH_FRACTION * planner->width_mm)
        *found = TRUE;
      else
        {
          g_ptr_array_set_size (island->single_rings, rings_before);
          g_ptr_array_set_size (island->single_paths, paths_before);
        }
      break;
    }

  return TRUE;
}

/* Pieces of @island narrower than the minimum width: what an opening (an
 * inset by half the width, grown back) removes, less rounded corners.
 * @shrunk_given, when not NULL, is the island inset by half the width. */
static gboolean
report_narrow (Planner             *planner,
               const GEOSGeometry  *island,
               const GEOSGeometry  *shrunk_given,
               Island              *beads,
               GError             **error)
{
  double half = planner->min_width_mm / 2.0;
  double min_area = NARROW_MIN_AREA_FRACTION * planner->min_width_mm * planner->min_width_mm;
  GEOSGeometry *shrunk, *opened = NULL, *narrow = NULL;
  int n;

  shrunk = shrunk_given != NULL ? (GEOSGeometry *) shrunk_given : inset (planner, island, half);
  if (shrunk != NULL)
    opened = GEOSBuffer_r (planner->geos, shrunk, half, QUADRANT_SEGMENTS);
  if (shrunk != shrunk_given)
    geos_destroy (planner, shrunk);
  if (opened != NULL)
    {
      double island_area = 0.0, opened_area = 0.0;

      /* the difference is costly: skip it when it cannot hold a narrow piece */
      if (GEOSArea_r (planner->geos, island, &island_area) &&
          GEOSArea_r (planner->geos, opened, &opened_area) &&
          island_area - opened_area < min_area)
        {
          geos_destroy (planner, opened);
          return TRUE;
        }
      narrow = GEOSDifference_r (planner->geos, island, opened);
    }
  geos_destroy (planner, opened);
  if (narrow == NULL)
    {
      set_geometry_error (planner, error);
      return FALSE;
    }

  n = GEOSGetNumGeometries_r (planner->geos, narrow);
  for (int i = 0; i < n; i++)
    {
      const GEOSGeometry *piece = GEOSGetGeometryN_r (planner->geos, narrow, i);
      double area = 0.0, boundary = 0.0, mean_width;
      gboolean filled = FALSE;

      if (!GEOSArea_r (planner->geos, piece, &area) || area < min_area)
        continue;

      /* a piece from half a bead to a bead wide on average gets a single
       * bead; a wider one (the minimum width being more than a bead) has
       * perimeters already */
      mean_width = GEOSLength_r (planner->geos, piece, &boundary) && boundary > 0.0
                   ? 2.0 * area / boundary : 0.0;
      if (mean_width >= SINGLE_BEAD_MIN_WIDTH_FRACTION * planner->width_mm &&
          mean_width < planner->width_mm &&
          !compute_single_bead (planner, piece, mean_width, beads, &filled, error))
        {
          geos_destroy (planner, narrow);
          return FALSE;
        }
      if (filled)
        g_debug ("layer %u: a single bead in a narrow piece of %.1f mm², %.2f mm wide",
                 planner->layer, area, mean_width);
      else
        {
          planner->report->narrow_regions++;
          planner->report->narrow_area_mm2 += area;
        }
    }
  geos_destroy (planner, narrow);

  return TRUE;
}

static gboolean
compute_island (Planner             *planner,
                const GEOSGeometry  *polygon,
                Island              *island,
                GError             **error)
{
  const MeltPlanSettings *settings = planner->settings;
  double half = planner->width_mm / 2.0;
  double d = planner->step_over_mm;
  double fill_inset;
  g_autoptr(GPtrArray) outline = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  GEOSGeometry *first;
  gboolean ok = TRUE;

  collect_ring (planner, GEOSGetExteriorRing_r (planner->geos, polygon), outline);
  island->outline = outline->len > 0 ? g_array_ref (g_ptr_array_index (outline, 0)) : points_new (0);
  island->perimeters = ring_levels_new ();
  island->concentric = ring_levels_new ();
  island->single_rings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  island->single_paths = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  /* the inset at half a bead: the first perimeter, and the first step of
   * the narrow-region test when the minimum width is one bead */
  first = inset (planner, polygon, half);
  if (first == NULL)
    {
      set_geometry_error (planner, error);
      return FALSE;
    }

  if (!report_narrow (planner, polygon,
                      planner->min_width_mm == planner->width_mm ? first : NULL, island, error))
    ok = FALSE;
  /* no bead centre fits anywhere: nothing more to do */
  else if (GEOSisEmpty_r (planner->geos, first))
    ok = TRUE;
  /* perimeter k: centre line at w/2 + k × step-over inside the outline */
  else if (settings->perimeters > 0 &&
           !compute_insets (planner, polygon, half, settings->perimeters, first,
                            island->perimeters, error))
    ok = FALSE;
  else
    {
      /* the fill's centre lines: one step-over inside the innermost
       * perimeter's centre line, less the overlap, never closer to the
       * outline than half a bead. Zigzag links run along this boundary
       * like one more perimeter, so rows end there too. */
      fill_inset = MAX (half, half + (settings->perimeters - settings->fill_overlap) * d);

      switch (settings->fill)
        {
        case MELT_FILL_RASTER:
          {
            GEOSGeometry *region = fill_inset == half ? first : inset (planner, polygon, fill_inset);

            if (region == NULL)
              {
                set_geometry_error (planner, error);
                ok = FALSE;
                break;
              }
            ok = compute_raster (planner, region, island, error);
            if (region != first)
              geos_destroy (planner, region);
          }
          break;

        case MELT_FILL_CONCENTRIC:
          /* rings on, one step-over apart, from the same inset, until
           * nothing is left */
          ok = compute_insets (planner, polygon, fill_inset, 0,
                               fill_inset == half ? first : NULL, island->concentric, error);
          break;

        case MELT_FILL_NONE:
        default:
          break;
        }
    }

  geos_destroy (planner, first);

  return ok;
}

/* Deposits an open path from one end to the other */
static void
deposit_path (Planner      *planner,
              const Points *path,
              gboolean      reversed)
{
  guint n = points_len (path);

  for (guint k = 0; k < n; k++)
    {
      const double *p = points_at (path, reversed ? n - 1 - k : k);

      if (k == 0)
        travel_to (planner, p[0], p[1]);
      else
        deposit_to (planner, MELT_SEGMENT_PERIMETER, p[0], p[1]);
    }
  beam_off (planner);
}

/* The single beads of narrow pieces, the nearest next: closed ones from
 * their seam, open ones from their nearer end */
static void
deposit_single_beads (Planner *planner,
                      Island  *island)
{
  guint n_rings = island->single_rings->len;
  guint n = n_rings + island->single_paths->len;
  g_autofree gboolean *done = g_new0 (gboolean, MAX (n, 1));

  for (guint count = 0; count < n; count++)
    {
      double best = G_MAXDOUBLE;
      guint best_i = 0;
      gboolean best_reversed = FALSE;
      Seam best_seam = { 0 };

      for (guint i = 0; i < n; i++)
        {
          double d;

          if (done[i])
            continue;
          if (i < n_rings)
            {
              Seam seam;

              choose_seam (planner, g_ptr_array_index (island->single_rings, i), &seam);
              d = distance_to (planner, seam.xy);
              if (d < best)
                {
                  best = d;
                  best_i = i;
                  best_seam = seam;
                }
            }
          else
            {
              const Points *path = g_ptr_array_index (island->single_paths, i - n_rings);
              double d_first = distance_to (planner, points_at (path, 0));
              double d_last = distance_to (planner, points_at (path, points_len (path) - 1));

              d = MIN (d_first, d_last);
              if (d < best)
                {
                  best = d;
                  best_i = i;
                  best_reversed = d_last < d_first;
                }
            }
        }

      done[best_i] = TRUE;
      if (best_i < n_rings)
        deposit_ring (planner, g_ptr_array_index (island->single_rings, best_i), &best_seam,
                      MELT_SEGMENT_PERIMETER);
      else
        deposit_path (planner, g_ptr_array_index (island->single_paths, best_i - n_rings),
                      best_reversed);
    }
}

/* Perimeters outside in, the single beads of narrow pieces, then the fill */
static void
deposit_island (Planner *planner,
                Island  *island)
{
  for (guint k = 0; k < island->perimeters->len; k++)
    deposit_rings (planner, g_ptr_array_index (island->perimeters, k), MELT_SEGMENT_PERIMETER);
  if (island->single_rings != NULL)
    deposit_single_beads (planner, island);
  for (guint k = 0; k < island->concentric->len; k++)
    deposit_rings (planner, g_ptr_array_index (island->concentric, k), MELT_SEGMENT_FILL);
  if (island->rows != NULL)
    deposit_raster (planner, island);
}

/* The distance from the head to the nearest vertex of an island's outline */
static double
island_distance (Planner      *planner,
                 const Island *island)
{
  double best = G_MAXDOUBLE;

  if (!planner->have_position)
    return 0.0;
  for (guint i = 0; i < points_len (island->outline); i++)
    {
      const double *p = points_at (island->outline, i);

      best = MIN (best, hypot (p[0] - planner->position[0], p[1] - planner->position[1]));
    }

  return best;
}

/* One layer's geometry, computed by a worker */
typedef struct
{
  guint               layer;
  const MeltContours *contours;
  GPtrArray          *islands;   /* Island */
  MeltPlanReport      report;    /* islands and narrow regions of the layer */
  GError             *error;
  gboolean            ready;
} LayerWork;

/* Computes the islands of a layer, with a GEOS context of its own: runs in
 * a worker thread (or the caller's). @template gives the bead and settings. */
static void
compute_layer (const Planner *template,
               LayerWork     *work)
{
  Planner planner = *template;
  GEOSGeometry *region;
  int n_islands;

  planner.geos = GEOS_init_r ();
  planner.geos_message = NULL;
  planner.layer = work->layer;
  planner.report = &work->report;
  planner.toolpath = NULL;
  GEOSContext_setErrorMessageHandler_r (planner.geos, geos_message_handler, &planner);

  work->islands = g_ptr_array_new_with_free_func ((GDestroyNotify) island_free);

  region = contours_to_geos (&planner, work->contours);
  if (region == NULL)
    set_geometry_error (&planner, &work->error);
  else
    {
      n_islands = GEOSGetNumGeometries_r (planner.geos, region);
      for (int i = 0; i < n_islands; i++)
        {
          const GEOSGeometry *polygon = GEOSGetGeometryN_r (planner.geos, region, i);
          Island *island;

          if (GEOSGeomTypeId_r (planner.geos, polygon) != GEOS_POLYGON ||
              GEOSisEmpty_r (planner.geos, polygon))
            continue;
          island = g_new0 (Island, 1);
          g_ptr_array_add (work->islands, island);
          work->report.islands++;
          if (!compute_island (&planner, polygon, island, &work->error))
            break;
        }
      geos_destroy (&planner, region);
    }

  g_free (planner.geos_message);
  GEOS_finish_r (planner.geos);
}

/* Lays down the islands of a layer, the nearest next */
static void
deposit_layer (Planner   *planner,
               LayerWork *work)
{
  GPtrArray *islands = work->islands;
  g_autofree gboolean *done = g_new0 (gboolean, MAX (islands->len, 1));

  for (guint count = 0; count < islands->len; count++)
    {
      double best = G_MAXDOUBLE;
      guint next = 0;

      for (guint i = 0; i < islands->len; i++)
        {
          double dist;

          if (done[i])
            continue;
          dist = island_distance (planner, g_ptr_array_index (islands, i));
          if (dist < best)
            {
              best = dist;
              next = i;
            }
        }
      done[next] = TRUE;
      deposit_island (planner, g_ptr_array_index (islands, next));
    }
}

/* Workers compute layers ahead of the one being laid down */
typedef struct
{
  const Planner *template;
  GMutex         mutex;
  GCond          cond;
  gint           abort;
} Workers;

static void
layer_worker (gpointer data,
              gpointer user_data)
{
  LayerWork *work = data;
  Workers *workers = user_data;

  if (!g_atomic_int_get (&workers->abort))
    compute_layer (workers->template, work);

  g_mutex_lock (&workers->mutex);
  work->ready = TRUE;
  g_cond_broadcast (&workers->cond);
  g_mutex_unlock (&workers->mutex);
}

static void
layer_work_clear (LayerWork *work)
{
  g_clear_pointer (&work->islands, g_ptr_array_unref);
  g_clear_error (&work->error);
}

static gboolean
contours_are_sane (const MeltContours *c)
{
  if (c->n_polygons > 0 && (c->polygon_start == NULL || c->ring_start == NULL))
    return FALSE;
  if (c->n_rings > 0 && (c->ring_start == NULL || c->xy == NULL))
    return FALSE;
  if (c->polygon_start != NULL && c->polygon_start[c->n_polygons] > c->n_rings)
    return FALSE;
  if (c->ring_start != NULL && c->ring_start[c->n_rings] > c->n_points)
    return FALSE;
  for (guint p = 0; p < c->n_polygons; p++)
    if (c->polygon_start[p] > c->polygon_start[p + 1])
      return FALSE;
  for (guint r = 0; r < c->n_rings; r++)
    if (c->ring_start[r] > c->ring_start[r + 1])
      return FALSE;
  for (guint i = 0; i < 2 * c->n_points; i++)
    if (!isfinite (c->xy[i]))
      return FALSE;

  return TRUE;
}

MeltToolpath *
melt_planner_plan_layers (MeltProcess                *process,
                          const MeltContours * const *layers,
                          const double               *layer_z,
                          guint                       n_layers,
                          const MeltPlanSettings     *settings,
                          GCancellable               *cancellable,
                          MeltProgressFunc            progress,
                          gpointer                    progress_data,
                          MeltPlanReport             *report,
                          GError                    **error)
{
  g_autoptr(MeltToolpath) toolpath = NULL;
  MeltProcessDerived derived;
  MeltPlanSettings defaults;
  MeltPlanReport local_report = { 0 };
  Planner planner = { 0 };
  Planner template;
  Workers workers = { 0 };
  GThreadPool *pool = NULL;
  LayerWork *works;
  guint n_threads, window, pushed = 0;
  int last_percent = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (MELT_IS_PROCESS (process), NULL);
  g_return_val_if_fail (n_layers == 0 || layers != NULL, NULL);
  g_return_val_if_fail (n_layers == 0 || layer_z != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (settings == NULL)
    {
      melt_plan_settings_init (&defaults);
      settings = &defaults;
    }
  if (!melt_plan_settings_validate (settings, error))
    return NULL;

  if (n_layers == 0)
    {
      g_set_error (error, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID,
                   _("Nothing to plan: the part has no layers"));
      return NULL;
    }
  for (guint i = 0; i < n_layers; i++)
    {
      if (layers[i] == NULL || !contours_are_sane (layers[i]))
        {
          g_set_error (error, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID,
                       _("Layer %u: the outlines are missing or inconsistent"), i + 1);
          return NULL;
        }
      if (!isfinite (layer_z[i]) || (i > 0 && layer_z[i] < layer_z[i - 1]))
        {
          g_set_error (error, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_INVALID,
                       _("Layer %u: height %g mm; expected a finite height not below the layer before"),
                       i + 1, layer_z[i]);
          return NULL;
        }
    }

  if (!melt_process_evaluate (process, &derived, NULL, error))
    return NULL;
  if (!(derived.bead_width_mm > 0.0 && isfinite (derived.bead_width_mm) &&
        derived.step_over_mm > 0.0 && isfinite (derived.step_over_mm) &&
        derived.bead_area_mm2 > 0.0 && isfinite (derived.bead_area_mm2)))
    {
      g_set_error (error, MELT_PLANNER_ERROR, MELT_PLANNER_ERROR_PROCESS,
                   _("The process gives no usable bead (width %g mm, step-over %g mm)"),
                   derived.bead_width_mm, derived.step_over_mm);
      return NULL;
    }

  if (report == NULL)
    report = &local_report;
  memset (report, 0, sizeof *report);
  report->first_narrow_layer = G_MAXUINT;
  report->last_narrow_layer = G_MAXUINT;
  report->bead_width_mm = derived.bead_width_mm;
  report->step_over_mm = derived.step_over_mm;
  report->layer_height_mm = derived.layer_height_mm;

  toolpath = melt_toolpath_new ();

  planner.settings = settings;
  planner.toolpath = toolpath;
  planner.report = report;
  planner.width_mm = derived.bead_width_mm;
  planner.height_mm = derived.bead_height_mm;
  planner.area_mm2 = derived.bead_area_mm2;
  planner.step_over_mm = derived.step_over_mm;
  planner.speed_mm_s = melt_process_get_double (process, MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S);
  planner.power_w = derived.beam_power_w;
  planner.beam_current_ma = melt_process_get_kind (process) == MELT_PROCESS_KIND_EBEAM_WIRE
                            ? melt_process_get_double (process, MELT_PROCESS_PARAM_EBEAM_BEAM_CURRENT_MA)
                            : 0.0;
  planner.wire_feed_mm_s = melt_process_get_double (process, MELT_PROCESS_PARAM_WIRE_FEED_MM_S);
  planner.dwell_s = melt_process_get_double (process, MELT_PROCESS_PARAM_DWELL_S);
  planner.min_layer_time_s = melt_process_get_double (process, MELT_PROCESS_PARAM_MIN_LAYER_TIME_S);
  planner.min_width_mm = settings->min_region_width_mm > 0.0
                         ? settings->min_region_width_mm
                         : derived.bead_width_mm;

  /* Layers are computed (GEOS) by a pool of workers, a few ahead of the
   * one laid down (ordering, seams, zigzags: no GEOS) in this thread */
  works = g_new0 (LayerWork, n_layers);
  for (guint i = 0; i < n_layers; i++)
    {
      works[i].layer = i;
      works[i].contours = layers[i];
    }
  template = planner;
  workers.template = &template;
  g_mutex_init (&workers.mutex);
  g_cond_init (&workers.cond);
  n_threads = MIN ((guint) g_get_num_processors (), n_layers);
  if (n_threads > 1)
    pool = g_thread_pool_new (layer_worker, &workers, n_threads, FALSE, NULL);
  window = pool != NULL ? 4 * n_threads : 1;
  for (pushed = 0; pool != NULL && pushed < MIN (window, n_layers); pushed++)
    g_thread_pool_push (pool, &works[pushed], NULL);

  for (guint i = 0; i < n_layers && ok; i++)
    {
      LayerWork *work = &works[i];
      double layer_start_s = planner.time_s;
      double layer_time_s;
      int percent;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }

      if (pool == NULL)
        compute_layer (&template, work);
      else
        {
          g_mutex_lock (&workers.mutex);
          while (!work->ready)
            g_cond_wait (&workers.cond, &workers.mutex);
          g_mutex_unlock (&workers.mutex);
          if (pushed < n_layers)
            g_thread_pool_push (pool, &works[pushed++], NULL);
        }

      if (work->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&work->error));
          ok = FALSE;
          break;
        }

      planner.layer = i;
      planner.z = layer_z[i];
      beam_off (&planner);
      deposit_layer (&planner, work);

      report->islands += work->report.islands;
      if (work->report.narrow_regions > 0)
        {
          report->narrow_regions += work->report.narrow_regions;
          report->narrow_area_mm2 += work->report.narrow_area_mm2;
          report->narrow_layers++;
          if (report->first_narrow_layer == G_MAXUINT)
            report->first_narrow_layer = i;
          report->last_narrow_layer = i;
        }
      layer_work_clear (work);

      /* interlayer dwell: at least the process's dwell, and long enough
       * for the layer to take its minimum time */
      layer_time_s = planner.time_s - layer_start_s;
      if (i + 1 < n_layers)
        {
          double dwell = MAX (planner.dwell_s, planner.min_layer_time_s - layer_time_s);

          if (dwell > 0.0)
            {
              double at[3] = { planner.position[0], planner.position[1], planner.z };

              if (!planner.have_position)
                at[0] = at[1] = 0.0;
              emit (&planner, MELT_SEGMENT_DWELL, at, at, dwell);
              report->dwells++;
              report->dwell_time_s += dwell;
            }
        }
      report->layers++;

      percent = (int) ((guint64) (i + 1) * 100 / n_layers);
      if (progress != NULL && percent > last_percent)
        {
          last_percent = percent;
          progress (percent / 100.0, progress_data);
        }
    }

  if (pool != NULL)
    {
      /* drop the layers not started, wait for the running ones */
      g_atomic_int_set (&workers.abort, TRUE);
      g_thread_pool_free (pool, TRUE, TRUE);
    }
  for (guint i = 0; i < n_layers; i++)
    layer_work_clear (&works[i]);
  g_free (works);
  g_mutex_clear (&workers.mutex);
  g_cond_clear (&workers.cond);

  if (!ok)
    return NULL;

  g_debug ("planned %u layers: %u islands, %u beads, %u narrow regions",
           report->layers, report->islands, report->beam_starts, report->narrow_regions);

  return g_steal_pointer (&toolpath);
}

char *
melt_plan_report_describe_narrow (const MeltPlanReport *report)
{
  g_autofree char *regions = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  if (report->narrow_regions == 0)
    return NULL;

  /* Translators: the start of a sentence that goes on with the layers */
  regions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u region narrower than a bead (%.1f mm²) is left empty",
                                          "%u regions narrower than a bead (%.1f mm²) are left empty",
                                          report->narrow_regions),
                             report->narrow_regions, report->narrow_area_mm2);
  if (report->first_narrow_layer == report->last_narrow_layer)
    /* Translators: the first %s is “N regions narrower than a bead (A mm²) are left empty” */
    return g_strdup_printf (_("%s, on layer %u."), regions, report->first_narrow_layer + 1);

  /* Translators: the first %s is “N regions narrower than a bead (A mm²) are left empty” */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s, on %u layer from %u to %u.",
                                       "%s, on %u layers from %u to %u.",
                                       report->narrow_layers),
                          regions, report->narrow_layers,
                          report->first_narrow_layer + 1, report->last_narrow_layer + 1);
}

MeltToolpath *
melt_planner_plan (MeltProcess             *process,
                   MeltSlice               *slice,
                   const MeltPlanSettings  *settings,
                   GCancellable            *cancellable,
                   MeltProgressFunc         progress,
                   gpointer                 progress_data,
                   MeltPlanReport          *report,
                   GError                 **error)
{
  g_autofree const MeltContours **layers = NULL;
  g_autofree double *layer_z = NULL;
  guint n_layers;

  g_return_val_if_fail (MELT_IS_PROCESS (process), NULL);
  g_return_val_if_fail (MELT_IS_SLICE (slice), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_layers = melt_slice_get_n_layers (slice);
  layers = g_new (const MeltContours *, MAX (n_layers, 1));
  layer_z = g_new (double, MAX (n_layers, 1));
  for (guint i = 0; i < n_layers; i++)
    {
      layers[i] = melt_slice_get_contours (slice, i);
      layer_z[i] = melt_slice_get_z (slice, i);
    }

  return melt_planner_plan_layers (process, layers, layer_z, n_layers, settings, cancellable,
                                   progress, progress_data, report, error);
}
