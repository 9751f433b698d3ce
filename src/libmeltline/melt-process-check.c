/* melt-process-check.c: is a process parameter set inside a sane window?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each check's threshold and where it comes from is in
 * docs/process-model.md, under “Process-window checks”.
 */

#define G_LOG_DOMAIN "melt-process"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "melt-process-check.h"

/* A pool must get at least this multiple of the power that merely melts
 * the wire: melting efficiencies above about 0.5 are not reached (DuPont
 * and Marder, Welding Journal 74 (1995) 406s) */
#define HEAT_INPUT_MARGIN 2.0

/* Step-over warnings: 10 % beyond the tangent model's critical distance
 * (valleys), or an overlapped layer 10 % higher than one bead (pile-up) */
#define STEP_OVER_TOLERANCE 1.1

/* A circular-arc bead narrower than twice its height is more than a half
 * disc: it bulges wider than its base (to 2r), which the step-over checks
 * against the base width do not describe */
#define ARC_MIN_ASPECT_RATIO 2.0

static const char * const codes[] = {
  MELT_CHECK_AMBIENT_ABOVE_SOLIDUS,
  MELT_CHECK_POWER_OVER_LIMIT,
  MELT_CHECK_WIRE_FEED_RATIO_HIGH,
  MELT_CHECK_WIRE_FEED_RATIO_LOW,
  MELT_CHECK_HEAT_INPUT_TOO_LOW,
  MELT_CHECK_HEAT_INPUT_LOW,
  MELT_CHECK_MELT_POOL_NARROW,
  MELT_CHECK_LAYER_ABOVE_BEAD,
  MELT_CHECK_ARC_BEAD_ASPECT_LOW,
  MELT_CHECK_STEP_OVER_GAP,
  MELT_CHECK_STEP_OVER_VALLEYS,
  MELT_CHECK_STEP_OVER_PILE_UP,
  MELT_CHECK_EBEAM_NO_HELIUM,
  MELT_CHECK_WINDOW_TOO_SHORT,
  NULL
};

const char * const *
melt_process_check_list_codes (void)
{
  return codes;
}

void
melt_process_check_free (MeltProcessCheck *check)
{
  if (check == NULL)
    return;

  g_free (check->message);
  g_free (check);
}

const char *
melt_check_severity_to_string (MeltCheckSeverity severity)
{
  return severity == MELT_CHECK_ERROR ? "error" : "warning";
}

static void add_check (GPtrArray         *checks,
                       MeltCheckSeverity  severity,
                       const char        *code,
                       const char        *format,
                       ...) G_GNUC_PRINTF (4, 5);

static void
add_check (GPtrArray         *checks,
           MeltCheckSeverity  severity,
           const char        *code,
           const char        *format,
           ...)
{
  MeltProcessCheck *check = g_new0 (MeltProcessCheck, 1);
  va_list args;

  check->severity = severity;
  check->code = code;
  va_start (args, format);
  check->message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (checks, check);
}

static int
compare_severity (gconstpointer a,
                  gconstpointer b)
{
  const MeltProcessCheck *ca = *(const MeltProcessCheck **) a;
  const MeltProcessCheck *cb = *(const MeltProcessCheck **) b;

  return (int) cb->severity - (int) ca->severity;
}

/**
 * melt_process_check_run:
 * @process: a parameter set
 * @material: its material
 * @derived: its derived values (melt_process_derived_compute())
 *
 * Returns: (transfer full) (element-type MeltProcessCheck): the checks
 *   that fire, errors first
 */
GPtrArray *
melt_process_check_run (MeltProcess              *process,
                        MeltMaterial             *material,
                        const MeltProcessDerived *derived)
{
  GPtrArray *checks;
  MeltProcessKind kind;
  double max_power, ratio_min, ratio_max, explicit_layer, window;

  g_return_val_if_fail (MELT_IS_PROCESS (process), NULL);
  g_return_val_if_fail (MELT_IS_MATERIAL (material), NULL);
  g_return_val_if_fail (derived != NULL, NULL);

  checks = g_ptr_array_new_with_free_func ((GDestroyNotify) melt_process_check_free);
  kind = melt_process_get_kind (process);

#define P(name) melt_process_get_double (process, MELT_PROCESS_PARAM_##name)

  if (!melt_process_derived_melt_pool_applies (material, P (AMBIENT_K)))
    add_check (checks, MELT_CHECK_ERROR, MELT_CHECK_AMBIENT_ABOVE_SOLIDUS,
               _("The ambient temperature of %.0f K is not below the solidus of %s (%.0f K): "
                 "the part melts, and the melt-pool model does not apply"),
               P (AMBIENT_K), melt_material_get_id (material),
               melt_material_get_solidus_k (material));

  max_power = kind == MELT_PROCESS_KIND_LASER_WIRE ? P (LASER_MAX_POWER_W) : P (EBEAM_MAX_POWER_W);
  if (derived->beam_power_w > max_power)
    add_check (checks, MELT_CHECK_ERROR, MELT_CHECK_POWER_OVER_LIMIT,
               kind == MELT_PROCESS_KIND_LASER_WIRE
               ? _("The laser power of %.0f W is over the source’s limit of %.0f W")
               : _("The beam power U × I of %.0f W is over the gun’s limit of %.0f W"),
               derived->beam_power_w, max_power);

  ratio_min = melt_material_get_feed_ratio_min (material);
  ratio_max = melt_material_get_feed_ratio_max (material);
  if (derived->feed_ratio > ratio_max)
    add_check (checks, MELT_CHECK_ERROR, MELT_CHECK_WIRE_FEED_RATIO_HIGH,
               _("Wire feed to travel speed ratio %.2f is above %.2f, the top of the window for %s: "
                 "the wire reaches the part unmelted and stubs"),
               derived->feed_ratio, ratio_max, melt_material_get_id (material));
  else if (derived->feed_ratio < ratio_min)
    add_check (checks, MELT_CHECK_ERROR, MELT_CHECK_WIRE_FEED_RATIO_LOW,
               _("Wire feed to travel speed ratio %.2f is below %.2f, the bottom of the window for %s: "
                 "the wire melts off before the pool and drips"),
               derived->feed_ratio, ratio_min, melt_material_get_id (material));

  if (derived->absorbed_power_w < derived->melting_power_w)
    add_check (checks, MELT_CHECK_ERROR, MELT_CHECK_HEAT_INPUT_TOO_LOW,
               _("Absorbed power %.0f W is less than the %.0f W it takes to melt the wire: "
                 "heat input %.1f J/mm is too low to fuse"),
               derived->absorbed_power_w, derived->melting_power_w, derived->heat_input_j_mm);
  else if (derived->absorbed_power_w < HEAT_INPUT_MARGIN * derived->melting_power_w)
    add_check (checks, MELT_CHECK_WARNING, MELT_CHECK_HEAT_INPUT_LOW,
               _("Absorbed power %.0f W is less than twice the %.0f W it takes to melt the wire: "
                 "little is left to melt the part below, risking lack of fusion"),
               derived->absorbed_power_w, derived->melting_power_w);

  if (derived->melt_pool_width_mm < P (WIRE_DIAMETER_MM))
    add_check (checks, MELT_CHECK_ERROR, MELT_CHECK_MELT_POOL_NARROW,
               _("The melt pool, %.2f mm wide, is narrower than the %.2f mm wire: "
                 "the wire cannot enter the pool"),
               derived->melt_pool_width_mm, P (WIRE_DIAMETER_MM));

  explicit_layer = P (LAYER_HEIGHT_MM);
  if (explicit_layer > 0 && explicit_layer > derived->bead_height_mm * (1 + 1e-9))
    add_check (checks, MELT_CHECK_ERROR, MELT_CHECK_LAYER_ABOVE_BEAD,
               _("Layer height %.3f mm is above the bead height %.3f mm: the distance to the "
                 "part grows with every layer"),
               explicit_layer, derived->bead_height_mm);

  if (melt_process_get_bead_profile (process) == MELT_BEAD_PROFILE_ARC &&
      derived->bead_width_mm < ARC_MIN_ASPECT_RATIO * derived->bead_height_mm * (1 - 1e-9))
    add_check (checks, MELT_CHECK_ERROR, MELT_CHECK_ARC_BEAD_ASPECT_LOW,
               /* TRANSLATORS: %s is a key of the file, bead_aspect_ratio or bead_width_mm */
               _("The circular-arc bead is %.3f mm wide and %.3f mm high, a width to height "
                 "ratio of %.2f (from %s), below 2: the arc is more than a half disc and bulges "
                 "wider than its base, which the bead and step-over model does not cover"),
               derived->bead_width_mm, derived->bead_height_mm,
               derived->bead_width_mm / derived->bead_height_mm,
               P (BEAD_WIDTH_MM) > 0 ? "bead_width_mm" : "bead_aspect_ratio");

  if (derived->step_over_mm >= derived->bead_width_mm)
    add_check (checks, MELT_CHECK_ERROR, MELT_CHECK_STEP_OVER_GAP,
               _("Step-over %.3f mm is not less than the bead width %.3f mm: "
                 "neighbouring beads do not touch and leave gaps"),
               derived->step_over_mm, derived->bead_width_mm);
  else if (derived->step_over_mm > STEP_OVER_TOLERANCE * derived->tangent_step_over_mm)
    add_check (checks, MELT_CHECK_WARNING, MELT_CHECK_STEP_OVER_VALLEYS,
               _("Step-over %.3f mm is more than 10%% above the tangent model’s %.3f mm "
                 "(0.738 of the bead width): deep valleys remain between beads"),
               derived->step_over_mm, derived->tangent_step_over_mm);

  if (derived->overlapped_height_mm > STEP_OVER_TOLERANCE * derived->bead_height_mm)
    add_check (checks, MELT_CHECK_WARNING, MELT_CHECK_STEP_OVER_PILE_UP,
               _("Step-over %.3f mm is so small that overlapped beads build %.3f mm, "
                 "more than 10%% above one bead’s %.3f mm: the layer piles up"),
               derived->step_over_mm, derived->overlapped_height_mm, derived->bead_height_mm);

  if (kind == MELT_PROCESS_KIND_EBEAM_WIRE && P (EBEAM_HELIUM_FLOW_SCCM) <= 0)
    add_check (checks, MELT_CHECK_WARNING, MELT_CHECK_EBEAM_NO_HELIUM,
               _("Electron beam in vacuum without helium: the part charges up, "
                 "the beam oscillates and discharges can occur"));

  window = P (MICROGRAVITY_WINDOW_S);
  if (window > 0 && derived->layer_time_s > window)
    add_check (checks, MELT_CHECK_ERROR, MELT_CHECK_WINDOW_TOO_SHORT,
               _("The microgravity window of %.0f s is shorter than one layer, which takes %.0f s"),
               window, derived->layer_time_s);

#undef P

  g_ptr_array_sort (checks, compare_severity);

  return checks;
}

gboolean
melt_process_checks_have_errors (GPtrArray *checks)
{
  g_return_val_if_fail (checks != NULL, FALSE);

  for (guint i = 0; i < checks->len; i++)
    {
      const MeltProcessCheck *check = g_ptr_array_index (checks, i);

      if (check->severity == MELT_CHECK_ERROR)
        return TRUE;
    }

  return FALSE;
}

JsonArray *
melt_process_checks_to_json_array (GPtrArray *checks)
{
  JsonArray *array;

  g_return_val_if_fail (checks != NULL, NULL);

  array = json_array_new ();
  for (guint i = 0; i < checks->len; i++)
    {
      const MeltProcessCheck *check = g_ptr_array_index (checks, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "severity", melt_check_severity_to_string (check->severity));
      json_object_set_string_member (object, "code", check->code);
      json_object_set_string_member (object, "message", check->message);
      json_array_add_object_element (array, object);
    }

  return array;
}

gboolean
melt_process_evaluate (MeltProcess         *process,
                       MeltProcessDerived  *derived,
                       GPtrArray          **checks,
                       GError             **error)
{
  MeltMaterial *material;

  g_return_val_if_fail (MELT_IS_PROCESS (process), FALSE);
  g_return_val_if_fail (derived != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  material = melt_material_lookup (melt_process_get_material (process));
  if (material == NULL)
    {
      g_set_error (error, MELT_PROCESS_ERROR, MELT_PROCESS_ERROR_UNKNOWN_MATERIAL,
                   _("Unknown material “%s”"), melt_process_get_material (process));
      return FALSE;
    }

  melt_process_derived_compute (derived, process, material);
  if (checks != NULL)
    *checks = melt_process_check_run (process, material, derived);

  return TRUE;
}
