/* melt-toolpath.c: every bead and move of a print, as a struct of arrays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-toolpath"

#include "config.h"

#include <math.h>
#include <string.h>

#include "melt-toolpath.h"

struct _MeltToolpath
{
  GObject   parent_instance;

  guint     n_segments;
  guint     capacity;

  /* One array per field of MeltSegment, capacity long (3 × for points) */
  float    *starts;
  float    *ends;
  guint8   *kinds;
  guint32  *layers;
  guint32  *beads;
  float    *speeds;
  float    *powers;
  float    *beam_currents;
  float    *wire_feeds;
  float    *widths;
  float    *heights;
  float    *areas;
  double   *start_times;
  float    *durations;
  guint32  *source_lines;

  /* Highest layer index seen plus one */
  guint     n_layers;
  /* Whether layers never went down from one segment to the next */
  gboolean  layers_ordered;
};

G_DEFINE_FINAL_TYPE (MeltToolpath, melt_toolpath, G_TYPE_OBJECT)

static void
melt_toolpath_finalize (GObject *object)
{
  MeltToolpath *self = (MeltToolpath *) object;

  g_clear_pointer (&self->starts, g_free);
  g_clear_pointer (&self->ends, g_free);
  g_clear_pointer (&self->kinds, g_free);
  g_clear_pointer (&self->layers, g_free);
  g_clear_pointer (&self->beads, g_free);
  g_clear_pointer (&self->speeds, g_free);
  g_clear_pointer (&self->powers, g_free);
  g_clear_pointer (&self->beam_currents, g_free);
  g_clear_pointer (&self->wire_feeds, g_free);
  g_clear_pointer (&self->widths, g_free);
  g_clear_pointer (&self->heights, g_free);
  g_clear_pointer (&self->areas, g_free);
  g_clear_pointer (&self->start_times, g_free);
  g_clear_pointer (&self->durations, g_free);
  g_clear_pointer (&self->source_lines, g_free);

  G_OBJECT_CLASS (melt_toolpath_parent_class)->finalize (object);
}

static void
melt_toolpath_class_init (MeltToolpathClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = melt_toolpath_finalize;
}

static void
melt_toolpath_init (MeltToolpath *self)
{
  self->layers_ordered = TRUE;
}

/**
 * melt_toolpath_new:
 *
 * Returns: (transfer full): an empty toolpath
 */
MeltToolpath *
melt_toolpath_new (void)
{
  return g_object_new (MELT_TYPE_TOOLPATH, NULL);
}

#define RESIZE(field, n) \
  self->field = g_realloc_n (self->field, (n), sizeof *self->field)

static void
melt_toolpath_set_capacity (MeltToolpath *self,
                            guint         capacity)
{
  g_assert (capacity >= self->n_segments);

  RESIZE (starts, (gsize) capacity * 3);
  RESIZE (ends, (gsize) capacity * 3);
  RESIZE (kinds, capacity);
  RESIZE (layers, capacity);
  RESIZE (beads, capacity);
  RESIZE (speeds, capacity);
  RESIZE (powers, capacity);
  RESIZE (beam_currents, capacity);
  RESIZE (wire_feeds, capacity);
  RESIZE (widths, capacity);
  RESIZE (heights, capacity);
  RESIZE (areas, capacity);
  RESIZE (start_times, capacity);
  RESIZE (durations, capacity);
  RESIZE (source_lines, capacity);

  self->capacity = capacity;
}

#undef RESIZE

/**
 * melt_toolpath_reserve:
 * @self: a #MeltToolpath
 * @n_more: how many more segments are coming
 *
 * Makes room for @n_more more segments at once, so that appending them
 * does not reallocate. Appending works without it.
 */
void
melt_toolpath_reserve (MeltToolpath *self,
                       guint         n_more)
{
  g_return_if_fail (MELT_IS_TOOLPATH (self));
  g_return_if_fail (n_more <= MELT_TOOLPATH_MAX_SEGMENTS - self->n_segments);

  if (self->n_segments + n_more > self->capacity)
    melt_toolpath_set_capacity (self, self->n_segments + n_more);
}

/**
 * melt_toolpath_append:
 * @self: a #MeltToolpath
 * @segment: the segment to add at the end
 *
 * Copies @segment into the arrays. Segments are expected in layer order (a
 * layer's segments next to each other); see
 * melt_toolpath_get_layer_range() for what happens otherwise.
 */
void
melt_toolpath_append (MeltToolpath      *self,
                      const MeltSegment *segment)
{
  guint i;

  g_return_if_fail (MELT_IS_TOOLPATH (self));
  g_return_if_fail (segment != NULL);
  g_return_if_fail ((guint) segment->kind <= MELT_SEGMENT_DWELL);
  g_return_if_fail (segment->layer < MELT_TOOLPATH_MAX_SEGMENTS);
  g_return_if_fail (self->n_segments < MELT_TOOLPATH_MAX_SEGMENTS);

  if (self->n_segments == self->capacity)
    {
      guint capacity = self->capacity < 256 ? 256 : self->capacity;

      if (capacity > MELT_TOOLPATH_MAX_SEGMENTS / 2)
        capacity = MELT_TOOLPATH_MAX_SEGMENTS;
      else
        capacity *= 2;
      melt_toolpath_set_capacity (self, capacity);
    }

  i = self->n_segments;
  memcpy (&self->starts[(gsize) i * 3], segment->start, sizeof segment->start);
  memcpy (&self->ends[(gsize) i * 3], segment->end, sizeof segment->end);
  self->kinds[i] = segment->kind;
  self->layers[i] = segment->layer;
  self->beads[i] = segment->bead;
  self->speeds[i] = segment->speed_mm_s;
  self->powers[i] = segment->power_w;
  self->beam_currents[i] = segment->beam_current_ma;
  self->wire_feeds[i] = segment->wire_feed_mm_s;
  self->widths[i] = segment->width_mm;
  self->heights[i] = segment->height_mm;
  self->areas[i] = segment->area_mm2;
  self->start_times[i] = segment->start_time_s;
  self->durations[i] = segment->duration_s;
  self->source_lines[i] = segment->source_line;

  if (i > 0 && segment->layer < self->layers[i - 1])
    self->layers_ordered = FALSE;
  if (segment->layer >= self->n_layers)
    self->n_layers = segment->layer + 1;

  self->n_segments = i + 1;
}

/**
 * melt_toolpath_get_n_segments:
 * @self: a #MeltToolpath
 *
 * Returns: how many segments it has
 */
guint
melt_toolpath_get_n_segments (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), 0);

  return self->n_segments;
}

/**
 * melt_toolpath_get_n_layers:
 * @self: a #MeltToolpath
 *
 * Returns: the highest layer index of any segment plus one, 0 when empty
 */
guint
melt_toolpath_get_n_layers (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), 0);

  return self->n_layers;
}

/**
 * melt_toolpath_get_segment:
 * @self: a #MeltToolpath
 * @index: which segment, below melt_toolpath_get_n_segments()
 * @segment: (out caller-allocates): where to copy it
 */
void
melt_toolpath_get_segment (MeltToolpath *self,
                           guint         index,
                           MeltSegment  *segment)
{
  g_return_if_fail (MELT_IS_TOOLPATH (self));
  g_return_if_fail (segment != NULL);

  if (index >= self->n_segments)
    {
      g_critical ("Segment %u of a toolpath of %u segments", index, self->n_segments);
      memset (segment, 0, sizeof *segment);
      return;
    }

  memcpy (segment->start, &self->starts[(gsize) index * 3], sizeof segment->start);
  memcpy (segment->end, &self->ends[(gsize) index * 3], sizeof segment->end);
  segment->kind = self->kinds[index];
  segment->layer = self->layers[index];
  segment->bead = self->beads[index];
  segment->speed_mm_s = self->speeds[index];
  segment->power_w = self->powers[index];
  segment->beam_current_ma = self->beam_currents[index];
  segment->wire_feed_mm_s = self->wire_feeds[index];
  segment->width_mm = self->widths[index];
  segment->height_mm = self->heights[index];
  segment->area_mm2 = self->areas[index];
  segment->start_time_s = self->start_times[index];
  segment->duration_s = self->durations[index];
  segment->source_line = self->source_lines[index];
}

/* The arrays. All are NULL when the toolpath is empty. */

const float *
melt_toolpath_get_starts (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), NULL);
  return self->starts;
}

const float *
melt_toolpath_get_ends (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), NULL);
  return self->ends;
}

const guint8 *
melt_toolpath_get_kinds (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), NULL);
  return self->kinds;
}

const guint32 *
melt_toolpath_get_layers (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), NULL);
  return self->layers;
}

const guint32 *
melt_toolpath_get_beads (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), NULL);
  return self->beads;
}

const float *
melt_toolpath_get_speeds (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), NULL);
  return self->speeds;
}

const float *
melt_toolpath_get_powers (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), NULL);
  return self->powers;
}

const float *
melt_toolpath_get_beam_currents (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), NULL);
  return self->beam_currents;
}

const float *
melt_toolpath_get_wire_feeds (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), NULL);
  return self->wire_feeds;
}

const float *
melt_toolpath_get_widths (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), NULL);
  return self->widths;
}

const float *
melt_toolpath_get_heights (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), NULL);
  return self->heights;
}

const float *
melt_toolpath_get_areas (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), NULL);
  return self->areas;
}

const double *
melt_toolpath_get_start_times (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), NULL);
  return self->start_times;
}

const float *
melt_toolpath_get_durations (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), NULL);
  return self->durations;
}

const guint32 *
melt_toolpath_get_source_lines (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), NULL);
  return self->source_lines;
}

/* The first segment whose layer is at least @layer, in ordered layers */
static guint
lower_bound (const guint32 *layers,
             guint          n,
             guint          layer)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (layers[mid] < layer)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/**
 * melt_toolpath_get_layer_range:
 * @self: a #MeltToolpath
 * @layer: a layer index
 * @first: (out) (optional): its first segment
 * @last: (out) (optional): one past its last segment
 *
 * Gives the segments of @layer as @first to @last − 1. A layer with no
 * segments, or beyond the last one, gives an empty range (@first equal to
 * @last). It only reads the arrays, so threads may call it at once. When the segments of a layer are not next to each other (the
 * toolpath was not appended in layer order), the range runs from its first
 * segment to its last and holds others between.
 */
void
melt_toolpath_get_layer_range (MeltToolpath *self,
                               guint         layer,
                               guint        *first,
                               guint        *last)
{
  guint f, l;

  g_return_if_fail (MELT_IS_TOOLPATH (self));

  if (layer >= self->n_layers)
    {
      f = l = self->n_segments;
    }
  else if (self->layers_ordered)
    {
      f = lower_bound (self->layers, self->n_segments, layer);
      l = lower_bound (self->layers, self->n_segments, layer + 1);
    }
  else
    {
      f = l = self->n_segments;
      for (guint i = 0; i < self->n_segments; i++)
        {
          if (self->layers[i] == layer)
            {
              if (f == self->n_segments)
                f = i;
              l = i + 1;
            }
        }
    }

  if (first != NULL)
    *first = f;
  if (last != NULL)
    *last = l;
}

/**
 * melt_toolpath_get_layers_ordered:
 * @self: a #MeltToolpath
 *
 * Returns: whether the layer index never decreases from one segment to
 *   the next, so that every layer range holds only its own segments
 */
gboolean
melt_toolpath_get_layers_ordered (MeltToolpath *self)
{
  g_return_val_if_fail (MELT_IS_TOOLPATH (self), FALSE);

  return self->layers_ordered;
}

static inline double
segment_length (const float *a,
                const float *b)
{
  double dx = (double) b[0] - a[0];
  double dy = (double) b[1] - a[1];
  double dz = (double) b[2] - a[2];

  return sqrt (dx * dx + dy * dy + dz * dz);
}

/* Sums over segments first to last − 1; only segments of @layer when @layer
 * is not G_MAXUINT (for the case where a range holds other layers). */
static void
accumulate_stats (MeltToolpath      *self,
                  guint              first,
                  guint              last,
                  guint              layer,
                  double             wire_diameter_mm,
                  MeltToolpathStats *stats)
{
  double wire_area_mm2 = G_PI * wire_diameter_mm * wire_diameter_mm / 4.0;
  gboolean prev_deposit = FALSE;
  guint32 prev_bead = G_MAXUINT32;

  for (guint i = first; i < last; i++)
    {
      MeltSegmentKind kind = self->kinds[i];
      double length = segment_length (&self->starts[(gsize) i * 3], &self->ends[(gsize) i * 3]);
      double duration = self->durations[i];
      gboolean deposit;

      if (layer != G_MAXUINT && self->layers[i] != layer)
        continue;

      deposit = melt_segment_kind_deposits (kind);
      stats->segments++;
      stats->total_time_s += duration;

      switch (kind)
        {
        case MELT_SEGMENT_PERIMETER:
        case MELT_SEGMENT_FILL:
          stats->beam_on_time_s += duration;
          stats->path_length_mm += length;
          stats->wire_volume_mm3 += wire_area_mm2 * self->wire_feeds[i] * duration;
          stats->deposited_volume_mm3 += (double) self->areas[i] * length;
          stats->energy_j += (double) self->powers[i] * duration;
          /* A bead is a run with the beam on: a new one starts after
           * anything that is not deposition, or where the bead id changes. */
          if (!prev_deposit || self->beads[i] != prev_bead)
            stats->beam_starts++;
          break;

        case MELT_SEGMENT_TRAVEL:
          stats->travel_time_s += duration;
          stats->travel_length_mm += length;
          break;

        case MELT_SEGMENT_DWELL:
          stats->dwell_time_s += duration;
          break;

        default:
          g_assert_not_reached ();
        }

      prev_deposit = deposit;
      prev_bead = self->beads[i];
    }
}

/**
 * melt_toolpath_compute_stats:
 * @self: a #MeltToolpath
 * @wire_diameter_mm: the wire's diameter, for the wire volume
 * @stats: (out caller-allocates): the totals
 *
 * Totals over the whole plan. Times are sums of segment durations; beam-on
 * figures (time, path length, wire, energy, deposited volume) count
 * perimeter and fill segments; a beam start is a deposition segment that
 * follows a non-deposition one or a different bead.
 */
void
melt_toolpath_compute_stats (MeltToolpath      *self,
                             double             wire_diameter_mm,
                             MeltToolpathStats *stats)
{
  g_return_if_fail (MELT_IS_TOOLPATH (self));
  g_return_if_fail (stats != NULL);

  memset (stats, 0, sizeof *stats);
  stats->layers = self->n_layers;
  accumulate_stats (self, 0, self->n_segments, G_MAXUINT, wire_diameter_mm, stats);
}

/**
 * melt_toolpath_compute_layer_stats:
 * @self: a #MeltToolpath
 * @layer: a layer index
 * @wire_diameter_mm: the wire's diameter, for the wire volume
 * @stats: (out caller-allocates): the totals of that layer
 *
 * As melt_toolpath_compute_stats(), over the segments of @layer only;
 * @stats->layers is 1 when the layer has segments, else 0.
 */
void
melt_toolpath_compute_layer_stats (MeltToolpath      *self,
                                   guint              layer,
                                   double             wire_diameter_mm,
                                   MeltToolpathStats *stats)
{
  guint first, last;

  g_return_if_fail (MELT_IS_TOOLPATH (self));
  g_return_if_fail (stats != NULL);

  memset (stats, 0, sizeof *stats);
  melt_toolpath_get_layer_range (self, layer, &first, &last);
  accumulate_stats (self, first, last,
                    self->layers_ordered ? G_MAXUINT : layer,
                    wire_diameter_mm, stats);
  stats->layers = stats->segments > 0 ? 1 : 0;
}

/**
 * melt_segment_kind_to_string:
 * @kind: a #MeltSegmentKind
 *
 * Returns: its name as in files: "perimeter", "fill", "travel" or "dwell"
 */
const char *
melt_segment_kind_to_string (MeltSegmentKind kind)
{
  switch (kind)
    {
    case MELT_SEGMENT_PERIMETER:
      return "perimeter";
    case MELT_SEGMENT_FILL:
      return "fill";
    case MELT_SEGMENT_TRAVEL:
      return "travel";
    case MELT_SEGMENT_DWELL:
      return "dwell";
    default:
      return NULL;
    }
}
