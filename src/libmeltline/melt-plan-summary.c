/* melt-plan-summary.c: the figures of a plan that a person asks for first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-plan-summary"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "melt-material.h"
#include "melt-plan-summary.h"

/**
 * melt_plan_summary_compute:
 * @summary: (out caller-allocates): where to put the figures
 * @toolpath: a plan
 * @process: the process set it was planned with
 * @part: (nullable): the report of the part design, for its volume
 * @error: where to put an error
 *
 * One pass over the segments. See #MeltPlanSummary for the layer time and
 * the microgravity-window rule.
 *
 * Returns: whether @summary was filled
 */
gboolean
melt_plan_summary_compute (MeltPlanSummary       *summary,
                           MeltToolpath          *toolpath,
                           MeltProcess           *process,
                           const MeltMeshReport  *part,
                           GError               **error)
{
  MeltToolpathStats stats;
  MeltMaterial *material;
  g_autofree double *layer_time = NULL;
  const guint8 *kinds;
  const guint32 *layers;
  const float *durations;
  double min_layer_time_s, window_s;
  guint n_segments, n_layers;

  g_return_val_if_fail (summary != NULL, FALSE);
  g_return_val_if_fail (MELT_IS_TOOLPATH (toolpath), FALSE);
  g_return_val_if_fail (MELT_IS_PROCESS (process), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  material = melt_material_lookup (melt_process_get_material (process));
  if (material == NULL)
    {
      g_set_error (error, MELT_PROCESS_ERROR, MELT_PROCESS_ERROR_UNKNOWN_MATERIAL,
                   _("Unknown material “%s”"), melt_process_get_material (process));
      return FALSE;
    }

  memset (summary, 0, sizeof *summary);

  melt_toolpath_compute_stats (toolpath,
                               melt_process_get_double (process, MELT_PROCESS_PARAM_WIRE_DIAMETER_MM),
                               &stats);
  summary->layers = stats.layers;
  summary->segments = stats.segments;
  summary->total_time_s = stats.total_time_s;
  summary->beam_on_time_s = stats.beam_on_time_s;
  summary->travel_time_s = stats.travel_time_s;
  summary->dwell_time_s = stats.dwell_time_s;
  summary->path_length_mm = stats.path_length_mm;
  summary->beam_starts = stats.beam_starts;
  summary->wire_volume_mm3 = stats.wire_volume_mm3;
  /* kg/m³ × mm³: 1 mm³ = 1e-9 m³, 1 kg = 1e3 g */
  summary->wire_mass_g = melt_material_get_density_kg_m3 (material) * stats.wire_volume_mm3 * 1e-6;
  summary->energy_kj = stats.energy_j / 1000.0;
  summary->deposited_volume_mm3 = stats.deposited_volume_mm3;

  if (part != NULL)
    summary->part_volume_mm3 = part->volume_mm3;
  if (summary->part_volume_mm3 > 0.0)
    summary->volume_ratio = summary->deposited_volume_mm3 / summary->part_volume_mm3;

  /* Layer times in one pass, whether the layers are in order or not
   * (imported G-code may go back to a layer) */
  n_segments = melt_toolpath_get_n_segments (toolpath);
  n_layers = melt_toolpath_get_n_layers (toolpath);
  kinds = melt_toolpath_get_kinds (toolpath);
  layers = melt_toolpath_get_layers (toolpath);
  durations = melt_toolpath_get_durations (toolpath);
  layer_time = g_new0 (double, MAX (n_layers, 1));
  for (guint i = 0; i < n_segments; i++)
    if (kinds[i] != MELT_SEGMENT_DWELL && layers[i] < n_layers)
      layer_time[layers[i]] += durations[i];

  min_layer_time_s = melt_process_get_double (process, MELT_PROCESS_PARAM_MIN_LAYER_TIME_S);
  for (guint l = 0; l < n_layers; l++)
    {
      double t = MAX (layer_time[l], min_layer_time_s);

      if (t > summary->longest_layer_time_s)
        {
          summary->longest_layer_time_s = t;
          summary->longest_layer = l;
        }
    }

  window_s = melt_process_get_double (process, MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S);
  summary->microgravity_window_s = window_s;
  /* Durations are floats: allow their rounding at the boundary */
  summary->fits_microgravity_window = window_s <= 0.0 ||
                                      summary->longest_layer_time_s <= window_s * (1.0 + 1e-6);

  return TRUE;
}

/**
 * melt_plan_summary_to_json_node:
 * @summary: figures from melt_plan_summary_compute()
 *
 * Returns: (transfer full): a JSON object, keys as in the header
 */
JsonNode *
melt_plan_summary_to_json_node (const MeltPlanSummary *summary)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (summary != NULL, NULL);

#define INT(key, value) \
  json_builder_set_member_name (builder, key); json_builder_add_int_value (builder, value)
#define DBL(key, value) \
  json_builder_set_member_name (builder, key); json_builder_add_double_value (builder, value)
  json_builder_begin_object (builder);
  INT ("layers", summary->layers);
  INT ("segments", summary->segments);
  DBL ("path_length_mm", summary->path_length_mm);
  DBL ("beam_on_time_s", summary->beam_on_time_s);
  DBL ("travel_time_s", summary->travel_time_s);
  DBL ("dwell_time_s", summary->dwell_time_s);
  DBL ("total_time_s", summary->total_time_s);
  INT ("beam_starts", summary->beam_starts);
  DBL ("wire_volume_mm3", summary->wire_volume_mm3);
  DBL ("wire_mass_g", summary->wire_mass_g);
  DBL ("energy_kj", summary->energy_kj);
  DBL ("deposited_volume_mm3", summary->deposited_volume_mm3);
  DBL ("part_volume_mm3", summary->part_volume_mm3);
  DBL ("volume_ratio", summary->volume_ratio);
  DBL ("longest_layer_time_s", summary->longest_layer_time_s);
  INT ("longest_layer", summary->longest_layer);
  DBL ("microgravity_window_s", summary->microgravity_window_s);
  json_builder_set_member_name (builder, "fits_microgravity_window");
  json_builder_add_boolean_value (builder, summary->fits_microgravity_window);
  json_builder_end_object (builder);
#undef INT
#undef DBL

  return json_builder_get_root (builder);
}
