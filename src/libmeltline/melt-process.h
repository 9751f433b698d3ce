/* melt-process.h: a process parameter set (laser-wire or electron-beam wire)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MELT_PROCESS_ERROR (melt_process_error_quark ())

/**
 * MeltProcessError:
 * @MELT_PROCESS_ERROR_PARSE: the file is not JSON (or not UTF-8, nested too
 *   deep, too large)
 * @MELT_PROCESS_ERROR_FORMAT: the root is not a "meltline-process" object
 * @MELT_PROCESS_ERROR_VERSION: a format_version this build does not read
 * @MELT_PROCESS_ERROR_UNKNOWN_KEY: a key the format does not define
 * @MELT_PROCESS_ERROR_WRONG_TYPE: a value of the wrong JSON type
 * @MELT_PROCESS_ERROR_MISSING_KEY: a required key is absent
 * @MELT_PROCESS_ERROR_BAD_VALUE: a number that is zero, negative, NaN or out
 *   of range, or a string that is not one of the allowed names
 * @MELT_PROCESS_ERROR_UNKNOWN_MATERIAL: the material is not in the library
 * @MELT_PROCESS_ERROR_DUPLICATE_KEY: a key given twice in one object
 *
 * Every message names the file, the key as a JSON path (e.g.
 * “$.laser.power_w”) and what was expected.
 */
typedef enum
{
  MELT_PROCESS_ERROR_PARSE,
  MELT_PROCESS_ERROR_FORMAT,
  MELT_PROCESS_ERROR_VERSION,
  MELT_PROCESS_ERROR_UNKNOWN_KEY,
  MELT_PROCESS_ERROR_WRONG_TYPE,
  MELT_PROCESS_ERROR_MISSING_KEY,
  MELT_PROCESS_ERROR_BAD_VALUE,
  MELT_PROCESS_ERROR_UNKNOWN_MATERIAL,
  MELT_PROCESS_ERROR_DUPLICATE_KEY,
} MeltProcessError;

/* The value of "format" and the "format_version" this build reads and writes */
#define MELT_PROCESS_FORMAT         "meltline-process"
#define MELT_PROCESS_FORMAT_VERSION 1

/* Enumerations. Each has a GType (for properties) whose value nicks are
 * the names used in the JSON format, e.g. "laser-wire". */

typedef enum
{
  MELT_PROCESS_KIND_LASER_WIRE,   /*< nick=laser-wire >*/
  MELT_PROCESS_KIND_EBEAM_WIRE,   /*< nick=ebeam-wire >*/
} MeltProcessKind;

typedef enum
{
  MELT_BEAD_PROFILE_PARABOLA,     /*< nick=parabola >*/
  MELT_BEAD_PROFILE_COSINE,       /*< nick=cosine >*/
  MELT_BEAD_PROFILE_ARC,          /*< nick=arc >*/
} MeltBeadProfile;

typedef enum
{
  MELT_STEP_OVER_FLAT_TOP,        /*< nick=flat-top >*/
  MELT_STEP_OVER_TANGENT,         /*< nick=tangent >*/
} MeltStepOverModel;

typedef enum
{
  MELT_PLATFORM_GROUND,           /*< nick=ground >*/
  MELT_PLATFORM_PARABOLIC,        /*< nick=parabolic >*/
  MELT_PLATFORM_SUBORBITAL,       /*< nick=suborbital >*/
  MELT_PLATFORM_ORBITAL,          /*< nick=orbital >*/
} MeltPlatform;

typedef enum
{
  MELT_SHIELDING_GAS_NONE,        /*< nick=none >*/
  MELT_SHIELDING_GAS_ARGON,       /*< nick=argon >*/
  MELT_SHIELDING_GAS_NITROGEN,    /*< nick=nitrogen >*/
  MELT_SHIELDING_GAS_HELIUM,      /*< nick=helium >*/
} MeltShieldingGas;

typedef enum
{
  MELT_DEFLECTION_NONE,           /*< nick=none >*/
  MELT_DEFLECTION_CIRCLE,         /*< nick=circle >*/
  MELT_DEFLECTION_ELLIPSE,        /*< nick=ellipse >*/
  MELT_DEFLECTION_LINE,           /*< nick=line >*/
  MELT_DEFLECTION_RASTER,         /*< nick=raster >*/
} MeltDeflectionPattern;

#define MELT_TYPE_PROCESS_KIND        (melt_process_kind_get_type ())
#define MELT_TYPE_BEAD_PROFILE        (melt_bead_profile_get_type ())
#define MELT_TYPE_STEP_OVER_MODEL     (melt_step_over_model_get_type ())
#define MELT_TYPE_PLATFORM            (melt_platform_get_type ())
#define MELT_TYPE_SHIELDING_GAS       (melt_shielding_gas_get_type ())
#define MELT_TYPE_DEFLECTION_PATTERN  (melt_deflection_pattern_get_type ())

GType melt_process_kind_get_type       (void) G_GNUC_CONST;
GType melt_bead_profile_get_type       (void) G_GNUC_CONST;
GType melt_step_over_model_get_type    (void) G_GNUC_CONST;
GType melt_platform_get_type           (void) G_GNUC_CONST;
GType melt_shielding_gas_get_type      (void) G_GNUC_CONST;
GType melt_deflection_pattern_get_type (void) G_GNUC_CONST;

/* The JSON name (value nick) of an enum value, e.g. "laser-wire", or NULL */
const char *melt_enum_to_nick   (GType       enum_type,
                                 int         value);
/* The value with this JSON name; FALSE if @nick is not one of them */
gboolean    melt_enum_from_nick (GType       enum_type,
                                 const char *nick,
                                 int        *value);
/* The translated name of an enum value for display, e.g. “Laser wire”,
 * “Parabolic flight”; NULL when @value is not one of @enum_type's */
const char *melt_enum_get_display_name (GType enum_type,
                                        int   value);

/**
 * MeltProcessParam:
 *
 * The numeric parameters of a set. Each is also a GObject property of type
 * double (melt_process_param_get_property_name()) and a JSON key
 * (melt_process_param_get_json_path()). Parameters marked “0 = derived”
 * take the value from the model when 0 (and are absent from the file);
 * “0 = none” accept 0 as a real value; all others must be > 0.
 */
typedef enum
{
  /* common */
  MELT_PROCESS_PARAM_WIRE_DIAMETER_MM,           /* mm */
  MELT_PROCESS_PARAM_WIRE_FEED_MM_S,             /* mm/s */
  MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S,          /* mm/s */
  MELT_PROCESS_PARAM_DEPOSITION_EFFICIENCY,      /* 0..1 */
  MELT_PROCESS_PARAM_BEAD_ASPECT_RATIO,          /* width / height */
  MELT_PROCESS_PARAM_BEAD_WIDTH_MM,              /* mm, 0 = derived from the aspect ratio */
  MELT_PROCESS_PARAM_STEP_OVER_MM,               /* mm, 0 = derived from the step-over model */
  MELT_PROCESS_PARAM_LAYER_HEIGHT_MM,            /* mm, 0 = derived from the bead model */
  MELT_PROCESS_PARAM_DWELL_S,                    /* s, 0 = none */
  MELT_PROCESS_PARAM_MIN_LAYER_TIME_S,           /* s, 0 = none */
  MELT_PROCESS_PARAM_LAYER_LENGTH_MM,            /* mm of bead per layer, 0 = unknown */
  MELT_PROCESS_PARAM_AMBIENT_K,                  /* K, part and platform temperature */
  MELT_PROCESS_PARAM_GRAVITY_G,                  /* in units of 9.80665 m/s², 0 = none */
  MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S,      /* s, 0 = unlimited */
  /* laser-wire */
  MELT_PROCESS_PARAM_LASER_POWER_W,              /* W */
  MELT_PROCESS_PARAM_LASER_MAX_POWER_W,          /* W, the source's limit */
  MELT_PROCESS_PARAM_LASER_ABSORPTIVITY,         /* 0..1 */
  MELT_PROCESS_PARAM_LASER_SPOT_DIAMETER_MM,     /* mm */
  MELT_PROCESS_PARAM_LASER_WAVELENGTH_NM,        /* nm */
  MELT_PROCESS_PARAM_LASER_GAS_FLOW_L_MIN,       /* standard l/min, 0 = none */
  MELT_PROCESS_PARAM_LASER_CHAMBER_PRESSURE_PA,  /* Pa */
  /* ebeam-wire */
  MELT_PROCESS_PARAM_EBEAM_ACCEL_VOLTAGE_KV,     /* kV */
  MELT_PROCESS_PARAM_EBEAM_BEAM_CURRENT_MA,      /* mA */
  MELT_PROCESS_PARAM_EBEAM_MAX_POWER_W,          /* W, the gun's limit */
  MELT_PROCESS_PARAM_EBEAM_TRANSFER_EFFICIENCY,  /* 0..1 */
  MELT_PROCESS_PARAM_EBEAM_FOCUS_OFFSET_MM,      /* mm, signed: + above the work, 0 = on it */
  MELT_PROCESS_PARAM_EBEAM_DEFLECTION_AMPLITUDE_MM, /* mm, 0 = none */
  MELT_PROCESS_PARAM_EBEAM_DEFLECTION_FREQUENCY_HZ, /* Hz, 0 = none */
  MELT_PROCESS_PARAM_EBEAM_VACUUM_PA,            /* Pa */
  MELT_PROCESS_PARAM_EBEAM_HELIUM_FLOW_SCCM,     /* sccm, 0 = none */
  MELT_PROCESS_N_PARAMS
} MeltProcessParam;

/**
 * MeltProcessParamZero:
 * @MELT_PROCESS_PARAM_ZERO_VALUE: 0 is a number like any other (or not allowed)
 * @MELT_PROCESS_PARAM_ZERO_AUTO: 0 takes the value from the model (bead width,
 *   step-over, layer height)
 * @MELT_PROCESS_PARAM_ZERO_NONE: 0 means there is none (no dwell, no gas flow)
 * @MELT_PROCESS_PARAM_ZERO_UNLIMITED: 0 means no limit (microgravity window)
 * @MELT_PROCESS_PARAM_ZERO_UNKNOWN: 0 means not known (bead length per layer)
 *
 * What a value of 0 means for a parameter; views show
 * melt_process_param_zero_get_label() instead of “0”.
 */
typedef enum
{
  MELT_PROCESS_PARAM_ZERO_VALUE,
  MELT_PROCESS_PARAM_ZERO_AUTO,
  MELT_PROCESS_PARAM_ZERO_NONE,
  MELT_PROCESS_PARAM_ZERO_UNLIMITED,
  MELT_PROCESS_PARAM_ZERO_UNKNOWN,
} MeltProcessParamZero;

/* Metadata of a parameter, for building forms (spin rows with a unit suffix) */
const char *melt_process_param_get_property_name (MeltProcessParam param); /* "wire-feed-mm-s" */
const char *melt_process_param_get_json_path     (MeltProcessParam param); /* "$.laser.power_w" */
const char *melt_process_param_get_unit          (MeltProcessParam param); /* "mm/s", "" if none */
const char *melt_process_param_get_title         (MeltProcessParam param); /* translated, “Wire feed” */
void        melt_process_param_get_range         (MeltProcessParam param,
                                                  double          *min,
                                                  double          *max);
/* The process kind a parameter belongs to, or -1 when common to both */
int         melt_process_param_get_kind          (MeltProcessParam param);
/* What 0 means for @param */
MeltProcessParamZero melt_process_param_get_zero_meaning (MeltProcessParam param);
/* The translated word shown for 0 (“Auto”, “None”, “Unlimited”, “Unknown”),
 * NULL for MELT_PROCESS_PARAM_ZERO_VALUE */
const char *melt_process_param_zero_get_label    (MeltProcessParamZero zero);
/* How a form edits @param: the step of one click and the decimals shown
 * (-1: three significant digits, for values that span decades) */
void        melt_process_param_get_step          (MeltProcessParam param,
                                                  double          *step,
                                                  int             *decimals);

#define MELT_TYPE_PROCESS (melt_process_get_type ())

G_DECLARE_FINAL_TYPE (MeltProcess, melt_process, MELT, PROCESS, GObject)

/*
 * Properties (all G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY, notified only
 * on a real change):
 *   "name" (string), "label" (string: e.g. “typical values, not flight values”),
 *   "process" (MeltProcessKind), "material" (string: a material id, e.g. "316L"),
 *   "bead-profile" (MeltBeadProfile), "step-over-model" (MeltStepOverModel),
 *   "platform" (MeltPlatform), "laser-shielding-gas" (MeltShieldingGas),
 *   "ebeam-deflection-pattern" (MeltDeflectionPattern),
 *   and one double per MeltProcessParam ("wire-feed-mm-s", "laser-power-w", …).
 *   "file" (GFile, read-only): where it was loaded from or last saved to.
 *   "preset-id" (string, read-only): the id of the shipped preset it was
 *   loaded from (melt_process_preset_load()), NULL for any other set and
 *   once saved to a file of the user's.
 *
 * Signal "changed" (no arguments): emitted once after any property changed
 * (after its notify), so a view recomputes derived values and checks once.
 */

GQuark          melt_process_error_quark       (void);

/* A set of typical values for @kind (1.0 mm 316L wire at 1 m/min, 0.3 m/min
 * travel: the worked example of docs/process-model.md) */
MeltProcess    *melt_process_new               (MeltProcessKind   kind);
MeltProcess    *melt_process_copy              (MeltProcess      *self);

MeltProcess    *melt_process_load              (GFile            *file,
                                                GCancellable     *cancellable,
                                                GError          **error);
MeltProcess    *melt_process_load_bytes        (GBytes           *bytes,
                                                const char       *display_name,
                                                GError          **error);
MeltProcess    *melt_process_new_from_json_node (JsonNode        *node,
                                                const char       *display_name,
                                                GError          **error);
JsonNode       *melt_process_to_json_node      (MeltProcess      *self);
char           *melt_process_to_json           (MeltProcess      *self,
                                                gsize            *length);
/* Writes atomically (a temporary file renamed over @file, g_file_replace_contents);
 * on failure the old file is left as it was. Sets "file" on success. */
gboolean        melt_process_save              (MeltProcess      *self,
                                                GFile            *file,
                                                GCancellable     *cancellable,
                                                GError          **error);

GFile          *melt_process_get_file          (MeltProcess      *self);
const char     *melt_process_get_preset_id     (MeltProcess      *self);
const char     *melt_process_get_name          (MeltProcess      *self);
void            melt_process_set_name          (MeltProcess      *self,
                                                const char       *name);
const char     *melt_process_get_label         (MeltProcess      *self);
void            melt_process_set_label         (MeltProcess      *self,
                                                const char       *label);
MeltProcessKind melt_process_get_kind          (MeltProcess      *self);
void            melt_process_set_kind          (MeltProcess      *self,
                                                MeltProcessKind   kind);
const char     *melt_process_get_material      (MeltProcess      *self);
void            melt_process_set_material      (MeltProcess      *self,
                                                const char       *material_id);
MeltBeadProfile melt_process_get_bead_profile  (MeltProcess      *self);
void            melt_process_set_bead_profile  (MeltProcess      *self,
                                                MeltBeadProfile   profile);
MeltStepOverModel melt_process_get_step_over_model (MeltProcess    *self);
void            melt_process_set_step_over_model (MeltProcess      *self,
                                                  MeltStepOverModel model);
MeltPlatform    melt_process_get_platform      (MeltProcess      *self);
void            melt_process_set_platform      (MeltProcess      *self,
                                                MeltPlatform      platform);
MeltShieldingGas melt_process_get_shielding_gas (MeltProcess     *self);
void            melt_process_set_shielding_gas (MeltProcess      *self,
                                                MeltShieldingGas  gas);
MeltDeflectionPattern melt_process_get_deflection_pattern (MeltProcess *self);
void            melt_process_set_deflection_pattern (MeltProcess  *self,
                                                     MeltDeflectionPattern pattern);

double          melt_process_get_double        (MeltProcess      *self,
                                                MeltProcessParam  param);
/* Values outside melt_process_param_get_range() are clamped into it */
void            melt_process_set_double        (MeltProcess      *self,
                                                MeltProcessParam  param,
                                                double            value);

/* Typical gravity (in g) and microgravity window (s, 0 = unlimited) of a platform */
double          melt_platform_get_default_gravity_g (MeltPlatform platform);
double          melt_platform_get_default_window_s  (MeltPlatform platform);

G_END_DECLS
