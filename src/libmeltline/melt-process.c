/* melt-process.c: a process parameter set (laser-wire or electron-beam wire)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The numeric parameters live in one array described by one table (name,
 * JSON key, unit, range, rule, default), so that properties, JSON reading
 * and writing, validation and the panel's spin rows all agree.
 */

#define G_LOG_DOMAIN "melt-process"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "melt-file-private.h"
#include "melt-material.h"
#include "melt-process.h"
#include "melt-process-derived.h"
#include "melt-process-private.h"

G_DEFINE_QUARK (melt-process-error-quark, melt_process_error)

G_DEFINE_ENUM_TYPE (MeltProcessKind, melt_process_kind,
  G_DEFINE_ENUM_VALUE (MELT_PROCESS_KIND_LASER_WIRE, "laser-wire"),
  G_DEFINE_ENUM_VALUE (MELT_PROCESS_KIND_EBEAM_WIRE, "ebeam-wire"))

G_DEFINE_ENUM_TYPE (MeltBeadProfile, melt_bead_profile,
  G_DEFINE_ENUM_VALUE (MELT_BEAD_PROFILE_PARABOLA, "parabola"),
  G_DEFINE_ENUM_VALUE (MELT_BEAD_PROFILE_COSINE, "cosine"),
  G_DEFINE_ENUM_VALUE (MELT_BEAD_PROFILE_ARC, "arc"))

G_DEFINE_ENUM_TYPE (MeltStepOverModel, melt_step_over_model,
  G_DEFINE_ENUM_VALUE (MELT_STEP_OVER_FLAT_TOP, "flat-top"),
  G_DEFINE_ENUM_VALUE (MELT_STEP_OVER_TANGENT, "tangent"))

G_DEFINE_ENUM_TYPE (MeltPlatform, melt_platform,
  G_DEFINE_ENUM_VALUE (MELT_PLATFORM_GROUND, "ground"),
  G_DEFINE_ENUM_VALUE (MELT_PLATFORM_PARABOLIC, "parabolic"),
  G_DEFINE_ENUM_VALUE (MELT_PLATFORM_SUBORBITAL, "suborbital"),
  G_DEFINE_ENUM_VALUE (MELT_PLATFORM_ORBITAL, "orbital"))

G_DEFINE_ENUM_TYPE (MeltShieldingGas, melt_shielding_gas,
  G_DEFINE_ENUM_VALUE (MELT_SHIELDING_GAS_NONE, "none"),
  G_DEFINE_ENUM_VALUE (MELT_SHIELDING_GAS_ARGON, "argon"),
  G_DEFINE_ENUM_VALUE (MELT_SHIELDING_GAS_NITROGEN, "nitrogen"),
  G_DEFINE_ENUM_VALUE (MELT_SHIELDING_GAS_HELIUM, "helium"))

G_DEFINE_ENUM_TYPE (MeltDeflectionPattern, melt_deflection_pattern,
  G_DEFINE_ENUM_VALUE (MELT_DEFLECTION_NONE, "none"),
  G_DEFINE_ENUM_VALUE (MELT_DEFLECTION_CIRCLE, "circle"),
  G_DEFINE_ENUM_VALUE (MELT_DEFLECTION_ELLIPSE, "ellipse"),
  G_DEFINE_ENUM_VALUE (MELT_DEFLECTION_LINE, "line"),
  G_DEFINE_ENUM_VALUE (MELT_DEFLECTION_RASTER, "raster"))

const char *
melt_enum_to_nick (GType enum_type,
                   int   value)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *v;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), NULL);

  klass = g_type_class_ref (enum_type);
  v = g_enum_get_value (klass, value);

  /* the nicks are static strings of the type, which is never unloaded */
  return v != NULL ? v->value_nick : NULL;
}

gboolean
melt_enum_from_nick (GType       enum_type,
                     const char *nick,
                     int        *value)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *v;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), FALSE);
  g_return_val_if_fail (nick != NULL, FALSE);

  klass = g_type_class_ref (enum_type);
  v = g_enum_get_value_by_nick (klass, nick);
  if (v == NULL)
    return FALSE;
  if (value != NULL)
    *value = v->value;

  return TRUE;
}

/* Display names, in the order of each type's values; NC_() so that
 * words such as “None” can be translated apart per type */
typedef struct
{
  const char *context;
  const char *name;
} DisplayName;

static const DisplayName process_kind_names[] = {
  { NULL, N_("Laser wire") },
  { NULL, N_("Electron-beam wire") },
};

static const DisplayName bead_profile_names[] = {
  { "bead profile", NC_("bead profile", "Parabola") },
  { "bead profile", NC_("bead profile", "Cosine") },
  { "bead profile", NC_("bead profile", "Circular arc") },
};

static const DisplayName step_over_model_names[] = {
  { "step-over model", NC_("step-over model", "Flat top") },
  { "step-over model", NC_("step-over model", "Tangent") },
};

static const DisplayName platform_names[] = {
  { "platform", NC_("platform", "Ground") },
  { "platform", NC_("platform", "Parabolic flight") },
  { "platform", NC_("platform", "Suborbital") },
  { "platform", NC_("platform", "Orbital") },
};

static const DisplayName shielding_gas_names[] = {
  { "shielding gas", NC_("shielding gas", "None") },
  { "shielding gas", NC_("shielding gas", "Argon") },
  { "shielding gas", NC_("shielding gas", "Nitrogen") },
  { "shielding gas", NC_("shielding gas", "Helium") },
};

static const DisplayName deflection_pattern_names[] = {
  { "deflection pattern", NC_("deflection pattern", "None") },
  { "deflection pattern", NC_("deflection pattern", "Circle") },
  { "deflection pattern", NC_("deflection pattern", "Ellipse") },
  { "deflection pattern", NC_("deflection pattern", "Line") },
  { "deflection pattern", NC_("deflection pattern", "Raster") },
};

/**
 * melt_enum_get_display_name:
 * @enum_type: one of the process enumerations (MELT_TYPE_PROCESS_KIND, …)
 * @value: a value of it
 *
 * Returns: (nullable): the translated name of @value, e.g. “Laser wire”
 */
const char *
melt_enum_get_display_name (GType enum_type,
                            int   value)
{
  const DisplayName *names;
  guint n_names;

#define CASE(type, table) \
  if (enum_type == type) { names = table; n_names = G_N_ELEMENTS (table); } else

  CASE (MELT_TYPE_PROCESS_KIND, process_kind_names)
  CASE (MELT_TYPE_BEAD_PROFILE, bead_profile_names)
  CASE (MELT_TYPE_STEP_OVER_MODEL, step_over_model_names)
  CASE (MELT_TYPE_PLATFORM, platform_names)
  CASE (MELT_TYPE_SHIELDING_GAS, shielding_gas_names)
  CASE (MELT_TYPE_DEFLECTION_PATTERN, deflection_pattern_names)
  g_return_val_if_reached (NULL);
#undef CASE

  if (value < 0 || (guint)value >= n_names)
    return NULL;

  if (names[value].context == NULL)
    return _(names[value].name);

  return g_dpgettext2 (GETTEXT_PACKAGE, names[value].context, names[value].name);
}

/* What a file may hold for a parameter */
typedef enum
{
  RULE_POSITIVE,     /* > 0 */
  RULE_FRACTION,     /* > 0 and <= 1 */
  RULE_DERIVED,      /* > 0 in a file; 0 in the object means “from the model” */
  RULE_NON_NEGATIVE, /* >= 0 */
  RULE_UNLIMITED,    /* >= 0; 0 means “no limit”, in a file as in the object */
  RULE_SIGNED,       /* any finite value in range */
} ParamRule;

typedef struct
{
  const char *property;
  const char *section;   /* NULL, "laser" or "ebeam" */
  const char *key;
  const char *path;
  const char *unit;
  const char *title;
  double      min;
  double      max;
  double      def;
  ParamRule   rule;
  gboolean    required;
  int         kind;      /* -1 common, else MeltProcessKind */
  MeltProcessParamZero zero;
  double      step;      /* of one click in a form */
  int         decimals;  /* shown in a form, -1 for three significant digits */
} ParamInfo;

#define LASER MELT_PROCESS_KIND_LASER_WIRE
#define EBEAM MELT_PROCESS_KIND_EBEAM_WIRE
#define ZERO_VALUE     MELT_PROCESS_PARAM_ZERO_VALUE
#define ZERO_AUTO      MELT_PROCESS_PARAM_ZERO_AUTO
#define ZERO_NONE      MELT_PROCESS_PARAM_ZERO_NONE
#define ZERO_UNLIMITED MELT_PROCESS_PARAM_ZERO_UNLIMITED
#define ZERO_UNKNOWN   MELT_PROCESS_PARAM_ZERO_UNKNOWN

static const ParamInfo params[MELT_PROCESS_N_PARAMS] = {
  [MELT_PROCESS_PARAM_WIRE_DIAMETER_MM] =
    { "wire-diameter-mm", NULL, "wire_diameter_mm", "$.wire_diameter_mm", "mm",
      N_("Wire diameter"), 0.01, 20, 1.0, RULE_POSITIVE, TRUE, -1,
      ZERO_VALUE, 0.05, 2 },
  [MELT_PROCESS_PARAM_WIRE_FEED_MM_S] =
    { "wire-feed-mm-s", NULL, "wire_feed_mm_s", "$.wire_feed_mm_s", "mm/s",
      N_("Wire feed speed"), 1e-3, 10000, 1000.0 / 60.0, RULE_POSITIVE, TRUE, -1,
      ZERO_VALUE, 0.5, 1 },
  [MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S] =
    { "travel-speed-mm-s", NULL, "travel_speed_mm_s", "$.travel_speed_mm_s", "mm/s",
      N_("Travel speed"), 1e-3, 10000, 300.0 / 60.0, RULE_POSITIVE, TRUE, -1,
      ZERO_VALUE, 0.5, 1 },
  [MELT_PROCESS_PARAM_DEPOSITION_EFFICIENCY] =
    { "deposition-efficiency", NULL, "deposition_efficiency", "$.deposition_efficiency", "",
      N_("Deposition efficiency"), 1e-3, 1, 1.0, RULE_FRACTION, FALSE, -1,
      ZERO_VALUE, 0.01, 2 },
  [MELT_PROCESS_PARAM_BEAD_ASPECT_RATIO] =
    { "bead-aspect-ratio", NULL, "bead_aspect_ratio", "$.bead_aspect_ratio", "",
      N_("Bead width to height"), 0.1, 100, 3.0, RULE_POSITIVE, FALSE, -1,
      ZERO_VALUE, 0.1, 2 },
  [MELT_PROCESS_PARAM_BEAD_WIDTH_MM] =
    { "bead-width-mm", NULL, "bead_width_mm", "$.bead_width_mm", "mm",
      N_("Bead width"), 0, 200, 0, RULE_DERIVED, FALSE, -1,
      ZERO_AUTO, 0.1, 2 },
  [MELT_PROCESS_PARAM_STEP_OVER_MM] =
    { "step-over-mm", NULL, "step_over_mm", "$.step_over_mm", "mm",
      N_("Step-over"), 0, 200, 0, RULE_DERIVED, FALSE, -1,
      ZERO_AUTO, 0.1, 2 },
  [MELT_PROCESS_PARAM_LAYER_HEIGHT_MM] =
    { "layer-height-mm", NULL, "layer_height_mm", "$.layer_height_mm", "mm",
      N_("Layer height"), 0, 100, 0, RULE_DERIVED, FALSE, -1,
      ZERO_AUTO, 0.05, 2 },
  [MELT_PROCESS_PARAM_DWELL_S] =
    { "dwell-s", NULL, "dwell_s", "$.dwell_s", "s",
      N_("Interlayer dwell"), 0, 1e6, 0, RULE_NON_NEGATIVE, FALSE, -1,
      ZERO_NONE, 1.0, 1 },
  [MELT_PROCESS_PARAM_MIN_LAYER_TIME_S] =
    { "min-layer-time-s", NULL, "min_layer_time_s", "$.min_layer_time_s", "s",
      N_("Minimum layer time"), 0, 1e6, 0, RULE_NON_NEGATIVE, FALSE, -1,
      ZERO_NONE, 1.0, 1 },
  [MELT_PROCESS_PARAM_LAYER_LENGTH_MM] =
    { "layer-length-mm", NULL, "layer_length_mm", "$.layer_length_mm", "mm",
      N_("Bead length per layer"), 0, 1e8, 0, RULE_NON_NEGATIVE, FALSE, -1,
      ZERO_UNKNOWN, 10.0, 0 },
  [MELT_PROCESS_PARAM_AMBIENT_K] =
    { "ambient-k", NULL, "ambient_k", "$.ambient_k", "K",
      N_("Ambient temperature"), 1, 5000, 293.15, RULE_POSITIVE, FALSE, -1,
      ZERO_VALUE, 1.0, 0 },
  [MELT_PROCESS_PARAM_GRAVITY_G] =
    { "gravity-g", NULL, "gravity_g", "$.gravity_g", "g",
      N_("Gravity"), 0, 20, 1.0, RULE_NON_NEGATIVE, FALSE, -1,
      ZERO_NONE, 0.01, -1 },
  [MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S] =
    { "microgravity-window-s", NULL, "microgravity_window_s", "$.microgravity_window_s", "s",
      N_("Microgravity window"), 0, 1e9, 0, RULE_UNLIMITED, FALSE, -1,
      ZERO_UNLIMITED, 10.0, 0 },

  [MELT_PROCESS_PARAM_LASER_POWER_W] =
    { "laser-power-w", "laser", "power_w", "$.laser.power_w", "W",
      N_("Laser power"), 1e-3, 1e6, 1500, RULE_POSITIVE, TRUE, LASER,
      ZERO_VALUE, 10.0, 0 },
  [MELT_PROCESS_PARAM_LASER_MAX_POWER_W] =
    { "laser-max-power-w", "laser", "max_power_w", "$.laser.max_power_w", "W",
      N_("Laser power limit"), 1e-3, 1e6, 3000, RULE_POSITIVE, TRUE, LASER,
      ZERO_VALUE, 100.0, 0 },
  [MELT_PROCESS_PARAM_LASER_ABSORPTIVITY] =
    { "laser-absorptivity", "laser", "absorptivity", "$.laser.absorptivity", "",
      N_("Absorptivity"), 1e-3, 1, 0.35, RULE_FRACTION, TRUE, LASER,
      ZERO_VALUE, 0.01, 2 },
  [MELT_PROCESS_PARAM_LASER_SPOT_DIAMETER_MM] =
    { "laser-spot-diameter-mm", "laser", "spot_diameter_mm", "$.laser.spot_diameter_mm", "mm",
      N_("Spot diameter"), 1e-3, 100, 2.0, RULE_POSITIVE, FALSE, LASER,
      ZERO_VALUE, 0.1, 2 },
  [MELT_PROCESS_PARAM_LASER_WAVELENGTH_NM] =
    { "laser-wavelength-nm", "laser", "wavelength_nm", "$.laser.wavelength_nm", "nm",
      N_("Wavelength"), 100, 20000, 1070, RULE_POSITIVE, FALSE, LASER,
      ZERO_VALUE, 1.0, 0 },
  [MELT_PROCESS_PARAM_LASER_GAS_FLOW_L_MIN] =
    { "laser-gas-flow-l-min", "laser", "gas_flow_l_min", "$.laser.gas_flow_l_min", "l/min",
      N_("Shielding gas flow"), 0, 1000, 10, RULE_NON_NEGATIVE, FALSE, LASER,
      ZERO_NONE, 0.5, 1 },
  [MELT_PROCESS_PARAM_LASER_CHAMBER_PRESSURE_PA] =
    { "laser-chamber-pressure-pa", "laser", "chamber_pressure_pa", "$.laser.chamber_pressure_pa", "Pa",
      N_("Chamber pressure"), 1e-6, 1e7, 101325, RULE_POSITIVE, FALSE, LASER,
      ZERO_VALUE, 100.0, 0 },

  [MELT_PROCESS_PARAM_EBEAM_ACCEL_VOLTAGE_KV] =
    { "ebeam-accel-voltage-kv", "ebeam", "accel_voltage_kv", "$.ebeam.accel_voltage_kv", "kV",
      N_("Accelerating voltage"), 1e-3, 1000, 20, RULE_POSITIVE, TRUE, EBEAM,
      ZERO_VALUE, 0.5, 1 },
  [MELT_PROCESS_PARAM_EBEAM_BEAM_CURRENT_MA] =
    { "ebeam-beam-current-ma", "ebeam", "beam_current_ma", "$.ebeam.beam_current_ma", "mA",
      N_("Beam current"), 1e-3, 10000, 75, RULE_POSITIVE, TRUE, EBEAM,
      ZERO_VALUE, 0.5, 1 },
  [MELT_PROCESS_PARAM_EBEAM_MAX_POWER_W] =
    { "ebeam-max-power-w", "ebeam", "max_power_w", "$.ebeam.max_power_w", "W",
      N_("Gun power limit"), 1e-3, 1e6, 3000, RULE_POSITIVE, TRUE, EBEAM,
      ZERO_VALUE, 100.0, 0 },
  [MELT_PROCESS_PARAM_EBEAM_TRANSFER_EFFICIENCY] =
    { "ebeam-transfer-efficiency", "ebeam", "transfer_efficiency", "$.ebeam.transfer_efficiency", "",
      N_("Transfer efficiency"), 1e-3, 1, 0.85, RULE_FRACTION, TRUE, EBEAM,
      ZERO_VALUE, 0.01, 2 },
  [MELT_PROCESS_PARAM_EBEAM_FOCUS_OFFSET_MM] =
    { "ebeam-focus-offset-mm", "ebeam", "focus_offset_mm", "$.ebeam.focus_offset_mm", "mm",
      N_("Focus offset"), -1000, 1000, 0, RULE_SIGNED, FALSE, EBEAM,
      ZERO_VALUE, 0.5, 1 },
  [MELT_PROCESS_PARAM_EBEAM_DEFLECTION_AMPLITUDE_MM] =
    { "ebeam-deflection-amplitude-mm", "ebeam", "deflection_amplitude_mm",
      "$.ebeam.deflection_amplitude_mm", "mm",
      N_("Deflection amplitude"), 0, 100, 0, RULE_NON_NEGATIVE, FALSE, EBEAM,
      ZERO_NONE, 0.1, 2 },
  [MELT_PROCESS_PARAM_EBEAM_DEFLECTION_FREQUENCY_HZ] =
    { "ebeam-deflection-frequency-hz", "ebeam", "deflection_frequency_hz",
      "$.ebeam.deflection_frequency_hz", "Hz",
      N_("Deflection frequency"), 0, 1e7, 0, RULE_NON_NEGATIVE, FALSE, EBEAM,
      ZERO_NONE, 10.0, 0 },
  [MELT_PROCESS_PARAM_EBEAM_VACUUM_PA] =
    { "ebeam-vacuum-pa", "ebeam", "vacuum_pa", "$.ebeam.vacuum_pa", "Pa",
      N_("Chamber vacuum"), 1e-9, 1e5, 1e-2, RULE_POSITIVE, FALSE, EBEAM,
      ZERO_VALUE, 0.001, -1 },
  [MELT_PROCESS_PARAM_EBEAM_HELIUM_FLOW_SCCM] =
    { "ebeam-helium-flow-sccm", "ebeam", "helium_flow_sccm", "$.ebeam.helium_flow_sccm", "sccm",
      N_("Helium flow"), 0, 1e5, 5, RULE_NON_NEGATIVE, FALSE, EBEAM,
      ZERO_NONE, 0.5, 1 },
};

const char *
melt_process_param_get_property_name (MeltProcessParam param)
{
  g_return_val_if_fail (param < MELT_PROCESS_N_PARAMS, NULL);
  return params[param].property;
}

const char *
melt_process_param_get_json_path (MeltProcessParam param)
{
  g_return_val_if_fail (param < MELT_PROCESS_N_PARAMS, NULL);
  return params[param].path;
}

const char *
melt_process_param_get_unit (MeltProcessParam param)
{
  g_return_val_if_fail (param < MELT_PROCESS_N_PARAMS, NULL);
  return params[param].unit;
}

const char *
melt_process_param_get_title (MeltProcessParam param)
{
  g_return_val_if_fail (param < MELT_PROCESS_N_PARAMS, NULL);
  return _(params[param].title);
}

void
melt_process_param_get_range (MeltProcessParam  param,
                              double           *min,
                              double           *max)
{
  g_return_if_fail (param < MELT_PROCESS_N_PARAMS);

  if (min != NULL)
    *min = params[param].min;
  if (max != NULL)
    *max = params[param].max;
}

int
melt_process_param_get_kind (MeltProcessParam param)
{
  g_return_val_if_fail (param < MELT_PROCESS_N_PARAMS, -1);
  return params[param].kind;
}

MeltProcessParamZero
melt_process_param_get_zero_meaning (MeltProcessParam param)
{
  g_return_val_if_fail (param < MELT_PROCESS_N_PARAMS, MELT_PROCESS_PARAM_ZERO_VALUE);
  return params[param].zero;
}

/**
 * melt_process_param_zero_get_label:
 * @zero: what 0 means
 *
 * Returns: (nullable): the translated word a view shows for 0, or %NULL
 *   when 0 is just a number
 */
const char *
melt_process_param_zero_get_label (MeltProcessParamZero zero)
{
  switch (zero)
    {
    case MELT_PROCESS_PARAM_ZERO_AUTO:
      /* Translators: a parameter that takes its value from the model */
      return C_("parameter", "Auto");

    case MELT_PROCESS_PARAM_ZERO_NONE:
      return C_("parameter", "None");

    case MELT_PROCESS_PARAM_ZERO_UNLIMITED:
      return C_("parameter", "Unlimited");

    case MELT_PROCESS_PARAM_ZERO_UNKNOWN:
      return C_("parameter", "Unknown");

    case MELT_PROCESS_PARAM_ZERO_VALUE:
    default:
      return NULL;
    }
}

void
melt_process_param_get_step (MeltProcessParam  param,
                             double           *step,
                             int              *decimals)
{
  g_return_if_fail (param < MELT_PROCESS_N_PARAMS);

  if (step != NULL)
    *step = params[param].step;
  if (decimals != NULL)
    *decimals = params[param].decimals;
}

double
melt_platform_get_default_gravity_g (MeltPlatform platform)
{
  /* Orders of magnitude of residual acceleration: a parabola about 0.01 g,
   * a sounding rocket's coast about 1e-4 g, the ISS about 1e-6 g. */
  switch (platform)
    {
    case MELT_PLATFORM_GROUND:
      return 1.0;
    case MELT_PLATFORM_PARABOLIC:
      return 1e-2;
    case MELT_PLATFORM_SUBORBITAL:
      return 1e-4;
    case MELT_PLATFORM_ORBITAL:
      return 1e-6;
    default:
      g_return_val_if_reached (1.0);
    }
}

double
melt_platform_get_default_window_s (MeltPlatform platform)
{
  /* PROCESS-MODEL: a parabola about 20 s; Li Hong-1 more than 300 s */
  switch (platform)
    {
    case MELT_PLATFORM_GROUND:
    case MELT_PLATFORM_ORBITAL:
      return 0;
    case MELT_PLATFORM_PARABOLIC:
      return 20;
    case MELT_PLATFORM_SUBORBITAL:
      return 300;
    default:
      g_return_val_if_reached (0);
    }
}

struct _MeltProcess
{
  GObject                parent_instance;

  GFile                 *file;
  char                  *preset_id;
  char                  *name;
  char                  *label;
  char                  *material;
  MeltProcessKind        kind;
  MeltBeadProfile        bead_profile;
  MeltStepOverModel      step_over_model;
  MeltPlatform           platform;
  MeltShieldingGas       shielding_gas;
  MeltDeflectionPattern  deflection_pattern;
  double                 values[MELT_PROCESS_N_PARAMS];
};

G_DEFINE_FINAL_TYPE (MeltProcess, melt_process, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_PRESET_ID,
  PROP_NAME,
  PROP_LABEL,
  PROP_PROCESS,
  PROP_MATERIAL,
  PROP_BEAD_PROFILE,
  PROP_STEP_OVER_MODEL,
  PROP_PLATFORM,
  PROP_SHIELDING_GAS,
  PROP_DEFLECTION_PATTERN,
  PROP_FIRST_PARAM,
  N_PROPS = PROP_FIRST_PARAM + MELT_PROCESS_N_PARAMS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
melt_process_finalize (GObject *object)
{
  MeltProcess *self = (MeltProcess *) object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->preset_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->material, g_free);

  G_OBJECT_CLASS (melt_process_parent_class)->finalize (object);
}

static void
melt_process_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MeltProcess *self = MELT_PROCESS (object);

  if (prop_id >= PROP_FIRST_PARAM && prop_id < N_PROPS)
    {
      g_value_set_double (value, self->values[prop_id - PROP_FIRST_PARAM]);
      return;
    }

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_PRESET_ID:
      g_value_set_string (value, self->preset_id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    case PROP_PROCESS:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_MATERIAL:
      g_value_set_string (value, self->material);
      break;

    case PROP_BEAD_PROFILE:
      g_value_set_enum (value, self->bead_profile);
      break;

    case PROP_STEP_OVER_MODEL:
      g_value_set_enum (value, self->step_over_model);
      break;

    case PROP_PLATFORM:
      g_value_set_enum (value, self->platform);
      break;

    case PROP_SHIELDING_GAS:
      g_value_set_enum (value, self->shielding_gas);
      break;

    case PROP_DEFLECTION_PATTERN:
      g_value_set_enum (value, self->deflection_pattern);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_process_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MeltProcess *self = MELT_PROCESS (object);

  if (prop_id >= PROP_FIRST_PARAM && prop_id < N_PROPS)
    {
      melt_process_set_double (self, prop_id - PROP_FIRST_PARAM, g_value_get_double (value));
      return;
    }

  switch (prop_id)
    {
    case PROP_NAME:
      melt_process_set_name (self, g_value_get_string (value));
      break;

    case PROP_LABEL:
      melt_process_set_label (self, g_value_get_string (value));
      break;

    case PROP_PROCESS:
      melt_process_set_kind (self, g_value_get_enum (value));
      break;

    case PROP_MATERIAL:
      melt_process_set_material (self, g_value_get_string (value));
      break;

    case PROP_BEAD_PROFILE:
      melt_process_set_bead_profile (self, g_value_get_enum (value));
      break;

    case PROP_STEP_OVER_MODEL:
      melt_process_set_step_over_model (self, g_value_get_enum (value));
      break;

    case PROP_PLATFORM:
      melt_process_set_platform (self, g_value_get_enum (value));
      break;

    case PROP_SHIELDING_GAS:
      melt_process_set_shielding_gas (self, g_value_get_enum (value));
      break;

    case PROP_DEFLECTION_PATTERN:
      melt_process_set_deflection_pattern (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Every batch of notifications (one g_object_set() of several properties,
 * or one setter) ends in one "changed" */
static void
melt_process_dispatch_properties_changed (GObject     *object,
                                          guint        n_pspecs,
                                          GParamSpec **pspecs)
{
  G_OBJECT_CLASS (melt_process_parent_class)->dispatch_properties_changed (object, n_pspecs, pspecs);

  for (guint i = 0; i < n_pspecs; i++)
    {
      /* where the set lives is not a change of the set */
      if (pspecs[i] != properties[PROP_FILE] && pspecs[i] != properties[PROP_PRESET_ID])
        {
          g_signal_emit (object, signals[CHANGED], 0);
          break;
        }
    }
}

static void
melt_process_class_init (MeltProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  object_class->finalize = melt_process_finalize;
  object_class->get_property = melt_process_get_property;
  object_class->set_property = melt_process_set_property;
  object_class->dispatch_properties_changed = melt_process_dispatch_properties_changed;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PRESET_ID] =
    g_param_spec_string ("preset-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_PROCESS] =
    g_param_spec_enum ("process", NULL, NULL,
                       MELT_TYPE_PROCESS_KIND, MELT_PROCESS_KIND_LASER_WIRE, flags);
  properties[PROP_MATERIAL] =
    g_param_spec_string ("material", NULL, NULL, "316L", flags);
  properties[PROP_BEAD_PROFILE] =
    g_param_spec_enum ("bead-profile", NULL, NULL,
                       MELT_TYPE_BEAD_PROFILE, MELT_BEAD_PROFILE_PARABOLA, flags);
  properties[PROP_STEP_OVER_MODEL] =
    g_param_spec_enum ("step-over-model", NULL, NULL,
                       MELT_TYPE_STEP_OVER_MODEL, MELT_STEP_OVER_FLAT_TOP, flags);
  properties[PROP_PLATFORM] =
    g_param_spec_enum ("platform", NULL, NULL,
                       MELT_TYPE_PLATFORM, MELT_PLATFORM_GROUND, flags);
  properties[PROP_SHIELDING_GAS] =
    g_param_spec_enum ("laser-shielding-gas", NULL, NULL,
                       MELT_TYPE_SHIELDING_GAS, MELT_SHIELDING_GAS_ARGON, flags);
  properties[PROP_DEFLECTION_PATTERN] =
    g_param_spec_enum ("ebeam-deflection-pattern", NULL, NULL,
                       MELT_TYPE_DEFLECTION_PATTERN, MELT_DEFLECTION_NONE, flags);

  for (guint i = 0; i < MELT_PROCESS_N_PARAMS; i++)
    properties[PROP_FIRST_PARAM + i] =
      g_param_spec_double (params[i].property, NULL, NULL,
                           params[i].min, params[i].max, params[i].def, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MeltProcess::changed:
   *
   * Emitted once after one or more properties changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
melt_process_init (MeltProcess *self)
{
  self->material = g_strdup ("316L");
  self->kind = MELT_PROCESS_KIND_LASER_WIRE;
  self->bead_profile = MELT_BEAD_PROFILE_PARABOLA;
  self->step_over_model = MELT_STEP_OVER_FLAT_TOP;
  self->platform = MELT_PLATFORM_GROUND;
  self->shielding_gas = MELT_SHIELDING_GAS_ARGON;
  self->deflection_pattern = MELT_DEFLECTION_NONE;

  for (guint i = 0; i < MELT_PROCESS_N_PARAMS; i++)
    self->values[i] = params[i].def;
}

/**
 * melt_process_new:
 * @kind: laser-wire or electron-beam wire
 *
 * Returns: (transfer full): a set of typical values for @kind
 */
MeltProcess *
melt_process_new (MeltProcessKind kind)
{
  MeltProcess *self;

  g_return_val_if_fail (kind == MELT_PROCESS_KIND_LASER_WIRE || kind == MELT_PROCESS_KIND_EBEAM_WIRE, NULL);

  self = g_object_new (MELT_TYPE_PROCESS, NULL);
  self->kind = kind;

  return self;
}

/**
 * melt_process_copy:
 * @self: a #MeltProcess
 *
 * Returns: (transfer full): a new set with the same values (and no file)
 */
MeltProcess *
melt_process_copy (MeltProcess *self)
{
  MeltProcess *copy;

  g_return_val_if_fail (MELT_IS_PROCESS (self), NULL);

  copy = g_object_new (MELT_TYPE_PROCESS, NULL);
  g_free (copy->material);
  copy->name = g_strdup (self->name);
  copy->label = g_strdup (self->label);
  copy->material = g_strdup (self->material);
  copy->kind = self->kind;
  copy->bead_profile = self->bead_profile;
  copy->step_over_model = self->step_over_model;
  copy->platform = self->platform;
  copy->shielding_gas = self->shielding_gas;
  copy->deflection_pattern = self->deflection_pattern;
  memcpy (copy->values, self->values, sizeof self->values);

  return copy;
}

/**
 * melt_process_get_preset_id:
 * @self: a #MeltProcess
 *
 * Returns: (nullable): the id of the shipped preset @self was loaded from,
 *   %NULL when it was not or has since been saved to another file
 */
const char *
melt_process_get_preset_id (MeltProcess *self)
{
  g_return_val_if_fail (MELT_IS_PROCESS (self), NULL);

  return self->preset_id;
}

void
melt_process_set_preset_id (MeltProcess *self,
                            const char  *preset_id)
{
  g_return_if_fail (MELT_IS_PROCESS (self));

  if (g_strcmp0 (self->preset_id, preset_id) == 0)
    return;

  g_free (self->preset_id);
  self->preset_id = g_strdup (preset_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESET_ID]);
}

GFile *
melt_process_get_file (MeltProcess *self)
{
  g_return_val_if_fail (MELT_IS_PROCESS (self), NULL);
  return self->file;
}

/* g_set_str() is GLib 2.76 */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
set_string (MeltProcess  *self,
            char        **field,
            const char   *value,
            guint         prop)
{
  if (set_str (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

const char *
melt_process_get_name (MeltProcess *self)
{
  g_return_val_if_fail (MELT_IS_PROCESS (self), NULL);
  return self->name;
}

void
melt_process_set_name (MeltProcess *self,
                       const char  *name)
{
  g_return_if_fail (MELT_IS_PROCESS (self));
  set_string (self, &self->name, name, PROP_NAME);
}

const char *
melt_process_get_label (MeltProcess *self)
{
  g_return_val_if_fail (MELT_IS_PROCESS (self), NULL);
  return self->label;
}

void
melt_process_set_label (MeltProcess *self,
                        const char  *label)
{
  g_return_if_fail (MELT_IS_PROCESS (self));
  set_string (self, &self->label, label, PROP_LABEL);
}

const char *
melt_process_get_material (MeltProcess *self)
{
  g_return_val_if_fail (MELT_IS_PROCESS (self), NULL);
  return self->material;
}

/* The id of a material, whether or not the library knows it: a view shows
 * the check (or the error of melt_process_evaluate()) */
void
melt_process_set_material (MeltProcess *self,
                           const char  *material_id)
{
  g_return_if_fail (MELT_IS_PROCESS (self));
  g_return_if_fail (material_id != NULL);
  set_string (self, &self->material, material_id, PROP_MATERIAL);
}

#define DEFINE_ENUM_ACCESSORS(Type, name, field, PROP, n_values)              \
Type                                                                           \
melt_process_get_##name (MeltProcess *self)                                    \
{                                                                              \
  g_return_val_if_fail (MELT_IS_PROCESS (self), 0);                            \
  return self->field;                                                          \
}                                                                              \
                                                                               \
void                                                                           \
melt_process_set_##name (MeltProcess *self,                                    \
                         Type         value)                                   \
{                                                                              \
  g_return_if_fail (MELT_IS_PROCESS (self));                                   \
  g_return_if_fail ((guint) value < (n_values));                               \
                                                                               \
  if (self->field == value)                                                    \
    return;                                                                    \
  self->field = value;                                                         \
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                \
}

DEFINE_ENUM_ACCESSORS (MeltProcessKind, kind, kind, PROP_PROCESS, 2)
DEFINE_ENUM_ACCESSORS (MeltBeadProfile, bead_profile, bead_profile, PROP_BEAD_PROFILE, 3)
DEFINE_ENUM_ACCESSORS (MeltStepOverModel, step_over_model, step_over_model, PROP_STEP_OVER_MODEL, 2)
DEFINE_ENUM_ACCESSORS (MeltShieldingGas, shielding_gas, shielding_gas, PROP_SHIELDING_GAS, 4)
DEFINE_ENUM_ACCESSORS (MeltDeflectionPattern, deflection_pattern, deflection_pattern,
                       PROP_DEFLECTION_PATTERN, 5)

MeltPlatform
melt_process_get_platform (MeltProcess *self)
{
  g_return_val_if_fail (MELT_IS_PROCESS (self), 0);
  return self->platform;
}

/* Changing the platform does not touch gravity_g or the window: a view
 * that wants the platform's typical values sets them as well (see
 * melt_platform_get_default_gravity_g()). */
void
melt_process_set_platform (MeltProcess  *self,
                           MeltPlatform  platform)
{
  g_return_if_fail (MELT_IS_PROCESS (self));
  g_return_if_fail ((guint) platform <= MELT_PLATFORM_ORBITAL);

  if (self->platform == platform)
    return;
  self->platform = platform;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLATFORM]);
}

double
melt_process_get_double (MeltProcess      *self,
                         MeltProcessParam  param)
{
  g_return_val_if_fail (MELT_IS_PROCESS (self), NAN);
  g_return_val_if_fail (param < MELT_PROCESS_N_PARAMS, NAN);

  return self->values[param];
}

void
melt_process_set_double (MeltProcess      *self,
                         MeltProcessParam  param,
                         double            value)
{
  g_return_if_fail (MELT_IS_PROCESS (self));
  g_return_if_fail (param < MELT_PROCESS_N_PARAMS);
  g_return_if_fail (!isnan (value));

  value = CLAMP (value, params[param].min, params[param].max);
  if (self->values[param] == value)
    return;

  self->values[param] = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_PARAM + param]);
}

/* Reading */

typedef struct
{
  const char *display_name;
  GError    **error;
} Reader;

static gboolean reader_fail (Reader     *reader,
                             int         code,
                             const char *path,
                             const char *format,
                             ...) G_GNUC_PRINTF (4, 5);

/* Sets “FILE”: PATH: DETAIL and returns FALSE */
static gboolean
reader_fail (Reader     *reader,
             int         code,
             const char *path,
             const char *format,
             ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: “file name”: place in the file (a JSON path such as
   * $.laser.power_w): what is wrong */
  g_set_error (reader->error, MELT_PROCESS_ERROR, code, _("“%s”: %s: %s"),
               reader->display_name, path, detail);

  return FALSE;
}

static const char *
node_type_name (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
    default:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          return _("a string");
        if (type == G_TYPE_BOOLEAN)
          return _("a boolean");
        return _("a number");
      }
    }
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
read_number (Reader      *reader,
             JsonNode    *node,
             const char  *path,
             double      *out)
{
  if (!node_is_number (node))
    return reader_fail (reader, MELT_PROCESS_ERROR_WRONG_TYPE, path,
                        _("expected a number, got %s"), node_type_name (node));

  *out = json_node_get_double (node);
  if (!isfinite (*out))
    return reader_fail (reader, MELT_PROCESS_ERROR_BAD_VALUE, path,
                        _("expected a finite number, got NaN or infinity"));

  return TRUE;
}

static gboolean
read_string (Reader      *reader,
             JsonNode    *node,
             const char  *path,
             const char **out)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return reader_fail (reader, MELT_PROCESS_ERROR_WRONG_TYPE, path,
                        _("expected a string, got %s"), node_type_name (node));

  *out = json_node_get_string (node);
  return TRUE;
}

static char *
enum_nicks (GType enum_type)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < klass->n_values; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append_printf (s, "“%s”", klass->values[i].value_nick);
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
read_enum (Reader     *reader,
           JsonNode   *node,
           const char *path,
           GType       enum_type,
           int        *out)
{
  const char *nick;

  if (!read_string (reader, node, path, &nick))
    return FALSE;

  if (!melt_enum_from_nick (enum_type, nick, out))
    {
      g_autofree char *nicks = enum_nicks (enum_type);

      /* TRANSLATORS: the second %s is a list of quoted names */
      return reader_fail (reader, MELT_PROCESS_ERROR_BAD_VALUE, path,
                          _("expected one of %s, got “%s”"), nicks, nick);
    }

  return TRUE;
}

static gboolean
read_param (Reader      *reader,
            MeltProcess *self,
            guint        i,
            JsonNode    *node)
{
  const ParamInfo *p = &params[i];
  double value = 0;

  if (!read_number (reader, node, p->path, &value))
    return FALSE;

  switch (p->rule)
    {
    case RULE_POSITIVE:
    case RULE_DERIVED:
      if (value <= 0)
        return reader_fail (reader, MELT_PROCESS_ERROR_BAD_VALUE, p->path,
                            _("expected a number greater than 0, got %g"), value);
      break;

    case RULE_FRACTION:
      if (value <= 0 || value > 1)
        return reader_fail (reader, MELT_PROCESS_ERROR_BAD_VALUE, p->path,
                            _("expected a fraction greater than 0 and at most 1, got %g"), value);
      break;

    case RULE_NON_NEGATIVE:
    case RULE_UNLIMITED:
      if (value < 0)
        return reader_fail (reader, MELT_PROCESS_ERROR_BAD_VALUE, p->path,
                            _("expected a number of 0 or more, got %g"), value);
      break;

    case RULE_SIGNED:
    default:
      break;
    }

  if (value < p->min || value > p->max)
    return reader_fail (reader, MELT_PROCESS_ERROR_BAD_VALUE, p->path,
                        _("expected a number from %g to %g %s, got %g"),
                        p->min, p->max, p->unit, value);

  self->values[i] = value;
  return TRUE;
}

static gboolean
fail_missing (Reader          *reader,
              const ParamInfo *p)
{
  if (p->rule == RULE_FRACTION)
    return reader_fail (reader, MELT_PROCESS_ERROR_MISSING_KEY, p->path,
                        _("missing: this key is required, a fraction greater than 0 and at most 1"));
  /* TRANSLATORS: %s is a unit such as mm/s or W */
  return reader_fail (reader, MELT_PROCESS_ERROR_MISSING_KEY, p->path,
                      _("missing: this key is required, a number greater than 0 in %s"), p->unit);
}

static int
find_param (const char *section,
            const char *key)
{
  for (guint i = 0; i < MELT_PROCESS_N_PARAMS; i++)
    if (g_strcmp0 (params[i].section, section) == 0 && strcmp (params[i].key, key) == 0)
      return (int) i;

  return -1;
}

static gboolean
read_section (Reader      *reader,
              MeltProcess *self,
              JsonObject  *root,
              const char  *section,
              gboolean     active)
{
  g_autofree char *section_path = g_strdup_printf ("$.%s", section);
  g_autoptr(GList) members = NULL;
  JsonNode *node = json_object_get_member (root, section);
  JsonObject *object;

  if (node == NULL)
    {
      if (active)
        return reader_fail (reader, MELT_PROCESS_ERROR_MISSING_KEY, section_path,
                            _("missing: expected an object with the %s parameters"), section);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return reader_fail (reader, MELT_PROCESS_ERROR_WRONG_TYPE, section_path,
                        _("expected an object, got %s"), node_type_name (node));

  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_autofree char *path = g_strdup_printf ("$.%s.%s", section, key);
      JsonNode *member = json_object_get_member (object, key);
      int i = find_param (section, key);

      if (i >= 0)
        {
          if (!read_param (reader, self, i, member))
            return FALSE;
        }
      else if (strcmp (section, "laser") == 0 && strcmp (key, "shielding_gas") == 0)
        {
          int value;

          if (!read_enum (reader, member, path, MELT_TYPE_SHIELDING_GAS, &value))
            return FALSE;
          self->shielding_gas = value;
        }
      else if (strcmp (section, "ebeam") == 0 && strcmp (key, "deflection_pattern") == 0)
        {
          int value;

          if (!read_enum (reader, member, path, MELT_TYPE_DEFLECTION_PATTERN, &value))
            return FALSE;
          self->deflection_pattern = value;
        }
      else
        return reader_fail (reader, MELT_PROCESS_ERROR_UNKNOWN_KEY, path,
                            _("unknown key: the format (docs/process-format.md) does not define it"));
    }

  if (active)
    {
      for (guint i = 0; i < MELT_PROCESS_N_PARAMS; i++)
        if (params[i].required && g_strcmp0 (params[i].section, section) == 0 &&
            !json_object_has_member (object, params[i].key))
          return fail_missing (reader, &params[i]);
    }

  return TRUE;
}

static const char * const root_keys[] = {
  "format", "format_version", "name", "label", "process", "material",
  "bead_profile", "step_over_model", "platform", "laser", "ebeam",
};

static gboolean
read_root (Reader      *reader,
           MeltProcess *self,
           JsonNode    *root_node)
{
  g_autoptr(GList) members = NULL;
  JsonObject *root;
  JsonNode *node;
  const char *text;
  gboolean has_window = FALSE;
  gboolean has_gravity = FALSE;
  int value;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    return reader_fail (reader, MELT_PROCESS_ERROR_FORMAT, "$",
                        _("expected a JSON object with \"format\": \"%s\", got %s"),
                        MELT_PROCESS_FORMAT, node_type_name (root_node));

  root = json_node_get_object (root_node);

  /* format and version first: a newer file is “unknown version”, not a list
   * of unknown keys */
  node = json_object_get_member (root, "format");
  if (node == NULL)
    return reader_fail (reader, MELT_PROCESS_ERROR_MISSING_KEY, "$.format",
                        _("missing: expected \"format\": \"%s\""), MELT_PROCESS_FORMAT);
  if (!read_string (reader, node, "$.format", &text))
    return FALSE;
  if (strcmp (text, MELT_PROCESS_FORMAT) != 0)
    return reader_fail (reader, MELT_PROCESS_ERROR_FORMAT, "$.format",
                        _("expected “%s”, got “%s”"), MELT_PROCESS_FORMAT, text);

  node = json_object_get_member (root, "format_version");
  if (node == NULL)
    return reader_fail (reader, MELT_PROCESS_ERROR_MISSING_KEY, "$.format_version",
                        _("missing: expected \"format_version\": %d"), MELT_PROCESS_FORMAT_VERSION);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return reader_fail (reader, MELT_PROCESS_ERROR_WRONG_TYPE, "$.format_version",
                        _("expected an integer, got %s"), node_type_name (node));
  if (json_node_get_int (node) != MELT_PROCESS_FORMAT_VERSION)
    return reader_fail (reader, MELT_PROCESS_ERROR_VERSION, "$.format_version",
                        _("expected version %d, got %lld: the file was written by another "
                          "version of Meltline"),
                        MELT_PROCESS_FORMAT_VERSION, (long long) json_node_get_int (node));

  members = json_object_get_members (root);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_autofree char *path = g_strdup_printf ("$.%s", key);
      gboolean known = FALSE;
      int i;

      for (guint k = 0; k < G_N_ELEMENTS (root_keys); k++)
        known |= strcmp (key, root_keys[k]) == 0;

      i = find_param (NULL, key);
      if (i < 0 && !known)
        return reader_fail (reader, MELT_PROCESS_ERROR_UNKNOWN_KEY, path,
                            _("unknown key: the format (docs/process-format.md) does not define it"));
      if (i >= 0 && !read_param (reader, self, i, json_object_get_member (root, key)))
        return FALSE;
      has_window |= i == MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S;
      has_gravity |= i == MELT_PROCESS_PARAM_GRAVITY_G;
    }

  for (guint i = 0; i < MELT_PROCESS_N_PARAMS; i++)
    if (params[i].required && params[i].section == NULL &&
        !json_object_has_member (root, params[i].key))
      return fail_missing (reader, &params[i]);

  if ((node = json_object_get_member (root, "name")) != NULL)
    {
      if (!read_string (reader, node, "$.name", &text))
        return FALSE;
      set_str (&self->name, text);
    }

  if ((node = json_object_get_member (root, "label")) != NULL)
    {
      if (!read_string (reader, node, "$.label", &text))
        return FALSE;
      set_str (&self->label, text);
    }

  node = json_object_get_member (root, "process");
  if (node == NULL)
    return reader_fail (reader, MELT_PROCESS_ERROR_MISSING_KEY, "$.process",
                        _("missing: expected “laser-wire” or “ebeam-wire”"));
  if (!read_enum (reader, node, "$.process", MELT_TYPE_PROCESS_KIND, &value))
    return FALSE;
  self->kind = value;

  node = json_object_get_member (root, "material");
  if (node == NULL)
    return reader_fail (reader, MELT_PROCESS_ERROR_MISSING_KEY, "$.material",
                        _("missing: expected a material id such as “316L”"));
  if (!read_string (reader, node, "$.material", &text))
    return FALSE;
  if (melt_material_lookup (text) == NULL)
    {
      GPtrArray *library = melt_material_library_get_default ();
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint k = 0; k < library->len; k++)
        g_string_append_printf (ids, "%s“%s”", k > 0 ? ", " : "",
                                melt_material_get_id (g_ptr_array_index (library, k)));

      /* TRANSLATORS: the second %s is a list of quoted material ids */
      return reader_fail (reader, MELT_PROCESS_ERROR_UNKNOWN_MATERIAL, "$.material",
                          _("unknown material “%s”: expected one of %s"), text, ids->str);
    }
  set_str (&self->material, text);

  if ((node = json_object_get_member (root, "bead_profile")) != NULL)
    {
      if (!read_enum (reader, node, "$.bead_profile", MELT_TYPE_BEAD_PROFILE, &value))
        return FALSE;
      self->bead_profile = value;
    }

  if ((node = json_object_get_member (root, "step_over_model")) != NULL)
    {
      if (!read_enum (reader, node, "$.step_over_model", MELT_TYPE_STEP_OVER_MODEL, &value))
        return FALSE;
      self->step_over_model = value;
    }

  if ((node = json_object_get_member (root, "platform")) != NULL)
    {
      if (!read_enum (reader, node, "$.platform", MELT_TYPE_PLATFORM, &value))
        return FALSE;
      self->platform = value;
    }
  if (!has_gravity)
    self->values[MELT_PROCESS_PARAM_GRAVITY_G] = melt_platform_get_default_gravity_g (self->platform);
  if (!has_window)
    self->values[MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S] = melt_platform_get_default_window_s (self->platform);

  if (!read_section (reader, self, root, "laser", self->kind == MELT_PROCESS_KIND_LASER_WIRE) ||
      !read_section (reader, self, root, "ebeam", self->kind == MELT_PROCESS_KIND_EBEAM_WIRE))
    return FALSE;

  /* An ambient temperature at or above the solidus is a valid file: the
   * check “ambient-above-solidus” of melt_process_evaluate() reports it, as
   * for a set edited there in the panel, so that what the panel saves the
   * CLI reads. */

  return TRUE;
}

/**
 * melt_process_new_from_json_node:
 * @node: the root of a parameter file
 * @display_name: (nullable): the file's name for messages
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the set, or %NULL with @error set
 */
MeltProcess *
melt_process_new_from_json_node (JsonNode    *node,
                                 const char  *display_name,
                                 GError     **error)
{
  g_autoptr(MeltProcess) self = NULL;
  Reader reader;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader.display_name = display_name != NULL ? display_name : _("parameter set");
  reader.error = error;

  self = g_object_new (MELT_TYPE_PROCESS, NULL);
  if (!read_root (&reader, self, node))
    return NULL;

  return g_steal_pointer (&self);
}

/* A parameter set nests objects two levels deep. json-glib's parser
 * recurses once per level and overflows the stack on a file of a million
 * “[”, so deeper nesting is refused before it parses. */
#define MAX_DEPTH 64

/* json-glib reads an integer literal into 64 bits and wraps one that does
 * not fit (99999999999999999999 becomes -1), while it reads any decimal
 * as a double. Integers with more digits than this get a “.0”; up to 15
 * digits a double holds every integer exactly, so nothing else changes. */
#define MAX_INTEGER_DIGITS 15

/* Parameter files are small; anything bigger than this is not one */
#define MAX_FILE_SIZE (4 * 1024 * 1024)

static gboolean text_fail (GError     **error,
                           int          code,
                           const char  *display_name,
                           const char  *place,
                           const char  *format,
                           ...) G_GNUC_PRINTF (5, 6);

/* Sets “FILE”: PLACE: DETAIL and returns FALSE */
static gboolean
text_fail (GError     **error,
           int          code,
           const char  *display_name,
           const char  *place,
           const char  *format,
           ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, MELT_PROCESS_ERROR, code, _("“%s”: %s: %s"), display_name, place, detail);

  return FALSE;
}

/* A character that continues a number or a word: a number or word starts
 * only after none of these */
static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '_' || c == '+' || c == '-';
}

/* Checks the text of a parameter file and prepares it for json-glib, so
 * that every error names a place:
 *
 * - it must be UTF-8 without NUL bytes: json-glib names no place for bad
 *   UTF-8, and text parsed as a C string stops at the first NUL;
 * - arrays and objects nest MAX_DEPTH levels at most (outside strings);
 * - JSON has no NaN or Infinity, and json-glib stops at them with a syntax
 *   error that cannot name the key: outside strings the bare words become
 *   a number that overflows to infinity, so that the reader reports
 *   “expected a finite number” at the key;
 * - integer literals longer than MAX_INTEGER_DIGITS digits get a “.0”, so
 *   that the reader sees their value instead of a wrapped 64-bit one.
 *
 * Returns: the text to parse (its length in @out_len), or NULL with @error set
 */
static char *
prepare_text (const char  *data,
              gsize        len,
              const char  *display_name,
              gsize       *out_len,
              GError     **error)
{
  static const char * const words[] = { "NaN", "Infinity" };
  g_autoptr(GString) out = NULL;
  const char *end = NULL;
  gboolean in_string = FALSE;
  guint line = 1;
  guint depth = 0;

  if (!g_utf8_validate_len (data, len, &end))
    {
      gsize offset = end - data;
      g_autofree char *place = NULL;

      for (gsize i = 0; i < offset; i++)
        line += data[i] == '\n';
      /* TRANSLATORS: a place in a file; the byte counts from 1 at the start of the file */
      place = g_strdup_printf (_("line %u, byte %lu"), line, (unsigned long) offset + 1);

      if (*end == '\0')
        text_fail (error, MELT_PROCESS_ERROR_PARSE, display_name, place,
                   _("a NUL byte, expected JSON text in UTF-8"));
      else
        text_fail (error, MELT_PROCESS_ERROR_PARSE, display_name, place,
                   _("invalid UTF-8 (byte 0x%02X), expected JSON text in UTF-8"),
                   (guint) (guchar) *end);
      return NULL;
    }

  out = g_string_sized_new (len + 16);

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (c == '\n')
        line++;

      if (in_string)
        {
          g_string_append_c (out, c);
          if (c == '\\' && i + 1 < len)
            {
              c = data[++i];
              g_string_append_c (out, c);
              if (c == '\n')
                line++;
            }
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_DEPTH)
            {
              g_autofree char *place = g_strdup_printf (_("line %u"), line);

              text_fail (error, MELT_PROCESS_ERROR_PARSE, display_name, place,
                         _("arrays and objects nested deeper than %d levels, "
                           "expected a parameter set"),
                         MAX_DEPTH);
              return NULL;
            }
        }
      else if (c == ']' || c == '}')
        {
          if (depth > 0)
            depth--;
        }
      else if ((c == '-' || g_ascii_isdigit (c)) && (i == 0 || !is_token_char (data[i - 1])))
        {
          gsize j = i + (c == '-');
          gsize n_digits = 0;

          for (; j < len && g_ascii_isdigit (data[j]); j++)
            n_digits++;

          g_string_append_len (out, data + i, j - i);
          if (n_digits > MAX_INTEGER_DIGITS &&
              (j == len || (data[j] != '.' && data[j] != 'e' && data[j] != 'E')))
            g_string_append (out, ".0");

          i = j - 1;
          continue;
        }
      else if (i == 0 || !g_ascii_isalnum (data[i - 1]))
        {
          gboolean replaced = FALSE;

          for (guint w = 0; w < G_N_ELEMENTS (words) && !replaced; w++)
            {
              gsize n = strlen (words[w]);

              if (i + n <= len && memcmp (data + i, words[w], n) == 0 &&
                  (i + n == len || !g_ascii_isalnum (data[i + n])))
                {
                  g_string_append (out, "1e999");
                  i += n - 1;
                  replaced = TRUE;
                }
            }
          if (replaced)
            continue;
        }

      g_string_append_c (out, c);
    }

  *out_len = out->len;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* json-glib keeps the last of two members with one name, and tells each
 * member as it is parsed: more members told than an object holds means a
 * name was given twice. */
typedef struct
{
  GHashTable *counts;   /* JsonObject → members told so far */
  JsonObject *object;   /* the first object with a key given twice */
  char       *key;
  guint       line;
} DuplicateFinder;

static void
on_object_member_cb (JsonParser *parser,
                     JsonObject *object,
                     const char *member_name,
                     gpointer    user_data)
{
  DuplicateFinder *finder = user_data;
  guint count;

  if (finder->object != NULL)
    return;

  count = GPOINTER_TO_UINT (g_hash_table_lookup (finder->counts, object)) + 1;
  g_hash_table_insert (finder->counts, object, GUINT_TO_POINTER (count));

  if (count > json_object_get_size (object))
    {
      finder->object = object;
      finder->key = g_strdup (member_name);
      finder->line = json_parser_get_current_line (parser);
    }
}

/* Appends to @path the JSON path of @target inside @node; the depth is
 * at most MAX_DEPTH */
static gboolean
find_object_path (JsonNode   *node,
                  JsonObject *target,
                  GString    *path)
{
  gsize len = path->len;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = NULL;

      if (object == target)
        return TRUE;

      members = json_object_get_members (object);
      for (const GList *l = members; l != NULL; l = l->next)
        {
          g_string_append_printf (path, ".%s", (const char *) l->data);
          if (find_object_path (json_object_get_member (object, l->data), target, path))
            return TRUE;
          g_string_truncate (path, len);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_string_append_printf (path, "[%u]", i);
          if (find_object_path (json_array_get_element (array, i), target, path))
            return TRUE;
          g_string_truncate (path, len);
        }
    }

  return FALSE;
}

/**
 * melt_process_load_bytes:
 * @bytes: the contents of a parameter file
 * @display_name: (nullable): the file's name for messages
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the set, or %NULL with @error set
 */
MeltProcess *
melt_process_load_bytes (GBytes      *bytes,
                         const char  *display_name,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autofree char *text = NULL;
  g_autofree char *duplicate_key = NULL;
  DuplicateFinder finder = { NULL };
  const char *data;
  gsize text_len = 0;
  gsize len;
  gboolean parsed;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = _("parameter set");

  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      g_set_error (error, MELT_PROCESS_ERROR, MELT_PROCESS_ERROR_PARSE,
                   _("“%s”: %s: %s"), display_name, "$",
                   _("the file is empty: expected a JSON object"));
      return NULL;
    }

  if (len > MAX_FILE_SIZE)
    {
      text_fail (error, MELT_PROCESS_ERROR_PARSE, display_name, "$",
                 _("the file is larger than %d MiB, expected a parameter set of a few kilobytes"),
                 MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  text = prepare_text (data, len, display_name, &text_len, error);
  if (text == NULL)
    return NULL;

  counts = g_hash_table_new (NULL, NULL);
  finder.counts = counts;
  parser = json_parser_new ();
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member_cb), &finder);
  parsed = json_parser_load_from_data (parser, text, text_len, &local_error);
  duplicate_key = g_steal_pointer (&finder.key);

  if (!parsed)
    {
      /* json-glib's message starts with <data>:LINE:COLUMN */
      const char *message = local_error->message;

      if (g_str_has_prefix (message, "<data>:"))
        message += strlen ("<data>:");

      /* TRANSLATORS: “file name”: line:column: the parser's message */
      g_set_error (error, MELT_PROCESS_ERROR, MELT_PROCESS_ERROR_PARSE,
                   _("“%s”: not JSON: %s"), display_name, message);
      return NULL;
    }

  /* json-glib accepts a text of white space alone, with no root */
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, MELT_PROCESS_ERROR, MELT_PROCESS_ERROR_PARSE,
                   _("“%s”: %s: %s"), display_name, "$",
                   _("the file is empty: expected a JSON object"));
      return NULL;
    }

  if (finder.object != NULL)
    {
      g_autoptr(GString) path = g_string_new ("$");

      find_object_path (json_parser_get_root (parser), finder.object, path);
      g_string_append_printf (path, ".%s", duplicate_key);
      text_fail (error, MELT_PROCESS_ERROR_DUPLICATE_KEY, display_name, path->str,
                 _("given twice (again on line %u), expected each key once"), finder.line);
      return NULL;
    }

  return melt_process_new_from_json_node (json_parser_get_root (parser), display_name, error);
}

static char *
file_display_name (GFile *file)
{
  const char *path = g_file_peek_path (file);
  g_autofree char *basename = NULL;

  if (path != NULL)
    return g_filename_display_basename (path);

  basename = g_file_get_basename (file);
  return g_utf8_make_valid (basename != NULL ? basename : "", -1);
}

/**
 * melt_process_load:
 * @file: a parameter file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the set, or %NULL with @error set
 */
MeltProcess *
melt_process_load (GFile         *file,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *display_name = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  MeltProcess *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = file_display_name (file);

  bytes = _melt_file_read_at_most (file, MAX_FILE_SIZE, cancellable, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("“%s”: %s"), display_name, local_error->message);
      return NULL;
    }

  /* melt_process_load_bytes() refuses more than MAX_FILE_SIZE bytes */
  self = melt_process_load_bytes (bytes, display_name, error);
  if (self != NULL)
    self->file = g_object_ref (file);

  return self;
}

/* Writing */

static void
add_param (JsonBuilder *builder,
           MeltProcess *self,
           guint        i)
{
  const ParamInfo *p = &params[i];
  double value = self->values[i];

  /* “0 = derived” is written by leaving the key out. “0 = unlimited” is
   * written as 0: a missing window takes the platform's default, which is
   * not unlimited for a parabola or a suborbital flight. */
  if (p->rule == RULE_DERIVED && value == 0)
    return;

  json_builder_set_member_name (builder, p->key);
  json_builder_add_double_value (builder, value);
}

/**
 * melt_process_to_json_node:
 * @self: a #MeltProcess
 *
 * The file form of the set: the common keys and the section of the
 * active process only ("laser" or "ebeam").
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
melt_process_to_json_node (MeltProcess *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  const char *section;

  g_return_val_if_fail (MELT_IS_PROCESS (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, MELT_PROCESS_FORMAT);
  json_builder_set_member_name (builder, "format_version");
  json_builder_add_int_value (builder, MELT_PROCESS_FORMAT_VERSION);

  if (self->name != NULL)
    {
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, self->name);
    }
  if (self->label != NULL)
    {
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, self->label);
    }

  json_builder_set_member_name (builder, "process");
  json_builder_add_string_value (builder, melt_enum_to_nick (MELT_TYPE_PROCESS_KIND, self->kind));
  json_builder_set_member_name (builder, "material");
  json_builder_add_string_value (builder, self->material);
  json_builder_set_member_name (builder, "bead_profile");
  json_builder_add_string_value (builder, melt_enum_to_nick (MELT_TYPE_BEAD_PROFILE, self->bead_profile));
  json_builder_set_member_name (builder, "step_over_model");
  json_builder_add_string_value (builder, melt_enum_to_nick (MELT_TYPE_STEP_OVER_MODEL, self->step_over_model));
  json_builder_set_member_name (builder, "platform");
  json_builder_add_string_value (builder, melt_enum_to_nick (MELT_TYPE_PLATFORM, self->platform));

  for (guint i = 0; i < MELT_PROCESS_N_PARAMS; i++)
    if (params[i].section == NULL)
      add_param (builder, self, i);

  section = self->kind == MELT_PROCESS_KIND_LASER_WIRE ? "laser" : "ebeam";
  json_builder_set_member_name (builder, section);
  json_builder_begin_object (builder);
  for (guint i = 0; i < MELT_PROCESS_N_PARAMS; i++)
    if (g_strcmp0 (params[i].section, section) == 0)
      add_param (builder, self, i);
  if (self->kind == MELT_PROCESS_KIND_LASER_WIRE)
    {
      json_builder_set_member_name (builder, "shielding_gas");
      json_builder_add_string_value (builder, melt_enum_to_nick (MELT_TYPE_SHIELDING_GAS, self->shielding_gas));
    }
  else
    {
      json_builder_set_member_name (builder, "deflection_pattern");
      json_builder_add_string_value (builder, melt_enum_to_nick (MELT_TYPE_DEFLECTION_PATTERN,
                                                                 self->deflection_pattern));
    }
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * melt_process_to_json:
 * @self: a #MeltProcess
 * @length: (out) (optional): the length of the text
 *
 * Returns: (transfer full): the file's text, indented, ending in a newline
 */
char *
melt_process_to_json (MeltProcess *self,
                      gsize       *length)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  char *result;

  g_return_val_if_fail (MELT_IS_PROCESS (self), NULL);

  root = melt_process_to_json_node (self);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  result = g_strconcat (text, "\n", NULL);
  if (length != NULL)
    *length = strlen (result);

  return result;
}

/**
 * melt_process_save:
 * @self: a #MeltProcess
 * @file: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the set atomically: g_file_replace_contents() writes a temporary
 * file next to @file and renames it over @file, so that @file holds the
 * old or the new set, never a part of one.
 *
 * Returns: %TRUE on success
 */
gboolean
melt_process_save (MeltProcess   *self,
                   GFile         *file,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gsize len;

  g_return_val_if_fail (MELT_IS_PROCESS (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = melt_process_to_json (self, &len);

  if (!g_file_replace_contents (file, text, len, NULL, FALSE, G_FILE_CREATE_NONE,
                                NULL, cancellable, &local_error))
    {
      g_autofree char *display_name = file_display_name (file);

      g_set_error (error, local_error->domain, local_error->code,
                   _("“%s”: %s"), display_name, local_error->message);
      return FALSE;
    }

  /* Saved by the user: from now on the user's set, no longer the preset */
  g_object_freeze_notify (G_OBJECT (self));
  melt_process_set_preset_id (self, NULL);
  if (self->file == NULL || !g_file_equal (self->file, file))
    {
      g_set_object (&self->file, file);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}
