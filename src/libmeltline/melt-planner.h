/* melt-planner.h: the beads of every layer, from its outlines and a process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "melt-contours.h"
#include "melt-mesh.h"
#include "melt-process.h"
#include "melt-slicer.h"
#include "melt-toolpath.h"

G_BEGIN_DECLS

#define MELT_PLANNER_ERROR (melt_planner_error_quark ())

/**
 * MeltPlannerError:
 * @MELT_PLANNER_ERROR_INVALID: an argument is out of range (no layers,
 *   heights that are not finite or go down, invalid settings)
 * @MELT_PLANNER_ERROR_PROCESS: the process set gives no usable bead (its
 *   material is unknown, or its bead width or step-over is not positive)
 * @MELT_PLANNER_ERROR_GEOMETRY: GEOS failed on a layer's outlines
 */
typedef enum
{
  MELT_PLANNER_ERROR_INVALID,
  MELT_PLANNER_ERROR_PROCESS,
  MELT_PLANNER_ERROR_GEOMETRY,
} MeltPlannerError;

typedef enum
{
  MELT_FILL_RASTER,       /*< nick=raster >*/
  MELT_FILL_CONCENTRIC,   /*< nick=concentric >*/
  MELT_FILL_NONE,         /*< nick=none >*/
} MeltFillPattern;

typedef enum
{
  MELT_SEAM_SPREAD,       /*< nick=spread >*/
  MELT_SEAM_ALIGNED,      /*< nick=aligned >*/
  MELT_SEAM_NEAREST,      /*< nick=nearest >*/
} MeltSeamStrategy;

#define MELT_PLAN_MAX_PERIMETERS 100
#define MELT_PLAN_MAX_RESOLUTION_MM 1.0

/**
 * MeltPlanSettings:
 * @perimeters: contour-parallel beads around every outline and hole (0 to
 *   %MELT_PLAN_MAX_PERIMETERS)
 * @fill: how the inside of the perimeters is filled
 * @fill_angle_deg: direction of the raster rows on layer 0, from +X
 * @fill_angle_step_deg: added to the row direction on each next layer
 * @seam: where each closed perimeter starts and ends
 * @fill_overlap: how far the fill reaches into the innermost perimeter, as a
 *   fraction of the step-over (0 to 1)
 * @min_region_width_mm: parts of a layer narrower than this are narrow
 *   regions: those from half a bead to a bead wide on average get one bead
 *   along their centre line, narrower ones are left empty and reported
 *   (wider ones, when this is more than a bead, get their perimeters and
 *   are reported); 0 means one bead width
 * @travel_speed_mm_s: speed of moves with the beam off
 * @resolution_mm: the slice outlines are simplified (Douglas–Peucker) so
 *   that no outline moves by more than this before planning; 0 keeps every
 *   point of the slice (0 to %MELT_PLAN_MAX_RESOLUTION_MM)
 *
 * Plain data; melt_plan_settings_init() fills in the defaults. docs/planner.md
 * describes each strategy.
 */
typedef struct
{
  guint            perimeters;
  MeltFillPattern  fill;
  double           fill_angle_deg;
  double           fill_angle_step_deg;
  MeltSeamStrategy seam;
  double           fill_overlap;
  double           min_region_width_mm;
  double           travel_speed_mm_s;
  double           resolution_mm;
} MeltPlanSettings;

/**
 * MeltPlanReport:
 * @layers: layers planned
 * @islands: separate regions over all layers
 * @beam_starts: beads (the beam switched on)
 * @dwells: dwell segments added between layers
 * @dwell_time_s: their total time
 * @narrow_regions: pieces of outline narrower than the minimum region width
 *   that are left empty: narrower than half a bead on average, or with no
 *   centre line found for a single bead (pieces that get a single bead are
 *   not counted)
 * @narrow_area_mm2: their total area
 * @narrow_layers: layers with at least one of them
 * @first_narrow_layer: the first such layer, G_MAXUINT when none
 * @last_narrow_layer: the last such layer, G_MAXUINT when none
 * @bead_width_mm: bead width used
 * @step_over_mm: distance between neighbouring bead centres used
 * @layer_height_mm: layer height of the process (for comparison with the
 *   spacing of the given layers)
 *
 * What the planner did, for a summary and for warnings.
 */
typedef struct
{
  guint  layers;
  guint  islands;
  guint  beam_starts;
  guint  dwells;
  double dwell_time_s;
  guint  narrow_regions;
  double narrow_area_mm2;
  guint  narrow_layers;
  guint  first_narrow_layer;
  guint  last_narrow_layer;
  double bead_width_mm;
  double step_over_mm;
  double layer_height_mm;
} MeltPlanReport;

#define MELT_TYPE_FILL_PATTERN  (melt_fill_pattern_get_type ())
#define MELT_TYPE_SEAM_STRATEGY (melt_seam_strategy_get_type ())

GType         melt_fill_pattern_get_type     (void) G_GNUC_CONST;
GType         melt_seam_strategy_get_type    (void) G_GNUC_CONST;
GQuark        melt_planner_error_quark       (void);

/* Defaults: 2 perimeters, raster fill at 45° turning 90° per layer, spread
 * seams, no fill overlap, minimum region width of one bead, travel 50 mm/s */
void          melt_plan_settings_init        (MeltPlanSettings        *settings);
/* FALSE with MELT_PLANNER_ERROR_INVALID naming the first bad field */
gboolean      melt_plan_settings_validate    (const MeltPlanSettings  *settings,
                                              GError                 **error);

/* Plans @n_layers layers: @layers[i] at height @layer_z[i] (mm, not going
 * down). Every segment lies in its layer's plane. @settings NULL means the
 * defaults; @report (may be NULL) is filled on success. @progress is called
 * from the calling thread with whole percents. The polygon work of the
 * layers runs in a pool of worker threads (one per processor, each with a
 * GEOS context of its own), a few layers ahead of the calling thread, which
 * orders the beads; the plan does not depend on the number of threads.
 * Several plans may run at once. */
MeltToolpath *melt_planner_plan_layers       (MeltProcess                *process,
                                              const MeltContours * const *layers,
                                              const double               *layer_z,
                                              guint                       n_layers,
                                              const MeltPlanSettings     *settings,
                                              GCancellable               *cancellable,
                                              MeltProgressFunc            progress,
                                              gpointer                    progress_data,
                                              MeltPlanReport             *report,
                                              GError                    **error);

/* A translated sentence about the regions too narrow for a bead, for a
 * warning (“2 regions narrower than a bead (14.0 mm²) are left empty, on
 * layers 3 to 9.”), or NULL when there are none */
char         *melt_plan_report_describe_narrow (const MeltPlanReport *report);

/* melt_planner_plan_layers() on every layer of @slice, at its heights */
MeltToolpath *melt_planner_plan              (MeltProcess                *process,
                                              MeltSlice                  *slice,
                                              const MeltPlanSettings     *settings,
                                              GCancellable               *cancellable,
                                              MeltProgressFunc            progress,
                                              gpointer                    progress_data,
                                              MeltPlanReport             *report,
                                              GError                    **error);

G_END_DECLS
