/* melt-toolpath.h: every bead and move of a print, as a struct of arrays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  MELT_SEGMENT_PERIMETER,
  MELT_SEGMENT_FILL,
  MELT_SEGMENT_TRAVEL,
  MELT_SEGMENT_DWELL,
} MeltSegmentKind;

#define MELT_SEGMENT_NO_LINE G_MAXUINT32

/* The most segments a toolpath holds (indices are 32-bit) */
#define MELT_TOOLPATH_MAX_SEGMENTS ((guint) G_MAXUINT32 - 1)

/* Whether segments of @kind lay down metal (the beam and wire are on) */
static inline gboolean
melt_segment_kind_deposits (MeltSegmentKind kind)
{
  return kind == MELT_SEGMENT_PERIMETER || kind == MELT_SEGMENT_FILL;
}

/**
 * MeltSegment:
 * @start: where the segment starts, mm
 * @end: where it ends, mm (equal to @start for a dwell)
 * @kind: perimeter, fill, travel or dwell
 * @layer: layer index, from 0
 * @bead: bead index within the whole plan (a bead is a run with the beam on);
 *   G_MAXUINT32 for travel and dwell
 * @speed_mm_s: travel speed along the segment (0 for a dwell)
 * @power_w: laser power, or beam power U × I, while depositing; 0 when off
 * @beam_current_ma: electron-beam current; 0 for a laser or when off
 * @wire_feed_mm_s: wire feed; 0 when off
 * @width_mm: bead width; 0 for travel and dwell
 * @height_mm: bead height; 0 for travel and dwell
 * @area_mm2: bead cross-section area (from the process's bead model); 0 for
 *   travel and dwell
 * @start_time_s: when the segment starts, from the start of the print
 * @duration_s: how long it lasts (length / speed, or the dwell time)
 * @source_line: the G-code line it came from, or %MELT_SEGMENT_NO_LINE
 *
 * One segment, used to append to and read from a #MeltToolpath, which stores
 * each field in an array of its own.
 */
typedef struct
{
  float           start[3];
  float           end[3];
  MeltSegmentKind kind;
  guint32         layer;
  guint32         bead;
  float           speed_mm_s;
  float           power_w;
  float           beam_current_ma;
  float           wire_feed_mm_s;
  float           width_mm;
  float           height_mm;
  float           area_mm2;
  double          start_time_s;
  float           duration_s;
  guint32         source_line;
} MeltSegment;

/**
 * MeltToolpathStats:
 *
 * Totals over the whole plan or over one layer.
 */
typedef struct
{
  guint   layers;
  guint   segments;
  double  total_time_s;
  double  beam_on_time_s;
  double  travel_time_s;
  double  dwell_time_s;
  double  path_length_mm;       /* beam-on path */
  double  travel_length_mm;
  guint   beam_starts;
  double  wire_volume_mm3;      /* wire fed: integral of pi d^2/4 × feed over beam-on time */
  double  deposited_volume_mm3; /* sum of bead area × length */
  double  energy_j;             /* integral of power over beam-on time */
} MeltToolpathStats;

#define MELT_TYPE_TOOLPATH (melt_toolpath_get_type ())

G_DECLARE_FINAL_TYPE (MeltToolpath, melt_toolpath, MELT, TOOLPATH, GObject)

MeltToolpath   *melt_toolpath_new                (void);
void            melt_toolpath_append             (MeltToolpath        *self,
                                                  const MeltSegment   *segment);
guint           melt_toolpath_get_n_segments     (MeltToolpath        *self);
guint           melt_toolpath_get_n_layers       (MeltToolpath        *self);
void            melt_toolpath_get_segment        (MeltToolpath        *self,
                                                  guint                index,
                                                  MeltSegment         *segment);
/* The arrays themselves, n_segments long (positions 3 × n_segments). */
const float    *melt_toolpath_get_starts         (MeltToolpath        *self);
const float    *melt_toolpath_get_ends           (MeltToolpath        *self);
const guint8   *melt_toolpath_get_kinds          (MeltToolpath        *self);
const guint32  *melt_toolpath_get_layers         (MeltToolpath        *self);
/* The segments of layer @layer are first to last − 1. */
void            melt_toolpath_get_layer_range    (MeltToolpath        *self,
                                                  guint                layer,
                                                  guint               *first,
                                                  guint               *last);
void            melt_toolpath_compute_stats      (MeltToolpath        *self,
                                                  double               wire_diameter_mm,
                                                  MeltToolpathStats   *stats);
void            melt_toolpath_compute_layer_stats (MeltToolpath       *self,
                                                   guint               layer,
                                                   double              wire_diameter_mm,
                                                   MeltToolpathStats  *stats);

void            melt_toolpath_reserve            (MeltToolpath        *self,
                                                  guint                n_more);
gboolean        melt_toolpath_get_layers_ordered (MeltToolpath        *self);
/* The other arrays, n_segments long; NULL while empty. */
const guint32  *melt_toolpath_get_beads          (MeltToolpath        *self);
const float    *melt_toolpath_get_speeds         (MeltToolpath        *self);
const float    *melt_toolpath_get_powers         (MeltToolpath        *self);
const float    *melt_toolpath_get_beam_currents  (MeltToolpath        *self);
const float    *melt_toolpath_get_wire_feeds     (MeltToolpath        *self);
const float    *melt_toolpath_get_widths         (MeltToolpath        *self);
const float    *melt_toolpath_get_heights        (MeltToolpath        *self);
const float    *melt_toolpath_get_areas          (MeltToolpath        *self);
const double   *melt_toolpath_get_start_times    (MeltToolpath        *self);
const float    *melt_toolpath_get_durations      (MeltToolpath        *self);
const guint32  *melt_toolpath_get_source_lines   (MeltToolpath        *self);

const char     *melt_segment_kind_to_string      (MeltSegmentKind      kind);

G_END_DECLS
