/* melt-plan-summary.h: the figures of a plan that a person asks for first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "melt-mesh-report.h"
#include "melt-process.h"
#include "melt-toolpath.h"

G_BEGIN_DECLS

/**
 * MeltPlanSummary:
 * @layers: layers of the toolpath
 * @segments: segments of the toolpath
 * @total_time_s: the whole print, dwells included
 * @beam_on_time_s: time depositing (perimeter and fill segments)
 * @travel_time_s: time moving with the beam off
 * @dwell_time_s: interlayer dwells
 * @path_length_mm: length of the beam-on path
 * @beam_starts: beads (times the beam is switched on)
 * @wire_volume_mm3: wire fed
 * @wire_mass_g: wire fed, by the density of the process's material
 * @energy_kj: beam energy (power × beam-on time), kJ
 * @deposited_volume_mm3: sum of bead area × length
 * @part_volume_mm3: volume of the part design (0 when not given)
 * @volume_ratio: deposited / part volume (0 when the part volume is not positive)
 * @longest_layer_time_s: the time of the longest layer (see below)
 * @longest_layer: its index, from 0 (0 when there are no layers)
 * @microgravity_window_s: the process's window, 0 = unlimited
 * @fits_microgravity_window: whether every layer fits in one window
 *
 * The time of a layer follows the process model (docs/process-model.md,
 * “Layer time”, and docs/planner.md, “Summary”): the time of its segments
 * except the interlayer dwell (beads and travel, from the end of the
 * previous layer's dwell), and at least the process's min_layer_time_s.
 * One layer must be laid down within one microgravity window: a plan fits
 * when the window is unlimited (0: ground and orbital platforms by
 * default) or when no layer takes longer than the window (parabolic and
 * suborbital flights, where the dwell can fall between windows).
 */
typedef struct
{
  guint    layers;
  guint    segments;
  double   total_time_s;
  double   beam_on_time_s;
  double   travel_time_s;
  double   dwell_time_s;
  double   path_length_mm;
  guint    beam_starts;
  double   wire_volume_mm3;
  double   wire_mass_g;
  double   energy_kj;
  double   deposited_volume_mm3;
  double   part_volume_mm3;
  double   volume_ratio;
  double   longest_layer_time_s;
  guint    longest_layer;
  double   microgravity_window_s;
  gboolean fits_microgravity_window;
} MeltPlanSummary;

/* Fills @summary for @toolpath planned with @process (wire diameter,
 * material density, minimum layer time, microgravity window). @part may be
 * NULL (no part volume). FALSE with MELT_PROCESS_ERROR_UNKNOWN_MATERIAL
 * when the process's material is not in the library. */
gboolean  melt_plan_summary_compute      (MeltPlanSummary        *summary,
                                          MeltToolpath           *toolpath,
                                          MeltProcess            *process,
                                          const MeltMeshReport   *part,
                                          GError                **error);

/* A JSON object with the keys of `meltline-cli plan --json`: layers,
 * segments, path_length_mm, beam_on_time_s, travel_time_s, dwell_time_s,
 * total_time_s, beam_starts, wire_volume_mm3, wire_mass_g, energy_kj,
 * deposited_volume_mm3, part_volume_mm3, volume_ratio,
 * longest_layer_time_s, longest_layer, microgravity_window_s (0 =
 * unlimited), fits_microgravity_window */
JsonNode *melt_plan_summary_to_json_node (const MeltPlanSummary  *summary);

G_END_DECLS
