/* melt-simulator.c: simulated recorded runs of a plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Walks the plan's toolpath on a 2 kHz clock and writes what a laser-wire
 * or electron-beam-wire payload would record: motion, source and wire
 * signals, a pyrometer, the melt pool measured by a coaxial camera (the
 * Rosenthal pool of docs/process-model.md for the current power, speed and
 * part temperature), a PI controller holding the pool width, the flight's
 * acceleration with its phases, camera frames and events. Every model and
 * constant is listed in docs/recording-format.md, “Simulated runs”.
 *
 * Reproducible: every random number comes from GRand generators seeded
 * from the options' seed, and nothing in the file depends on the clock or
 * the locale (event texts are formatted with g_ascii_formatd()).
 * Streaming: samples go to the writer in blocks of BLOCK samples.
 */

#define G_LOG_DOMAIN "melt-simulator"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "melt-material.h"
#include "melt-process-check.h"
#include "melt-process-derived.h"
#include "melt-simulator.h"
#include "melt-toolpath.h"

#define BLOCK        4096
#define MAX_CHANNELS 8

#define PHYSICS_HZ 2000.0   /* the physics step and the pyrometer rate */
#define SIGNAL_HZ  1000.0   /* motion, source, wire, control, stability */
#define FLIGHT_HZ  100.0
#define SLOW_HZ    10.0     /* chamber, vacuum */

/* Heat build-up: lumped part temperature (see the docs) */
#define BUILDUP_FRACTION      0.3   /* steady rise under continuous deposition, of (Ts − T0) */
#define BUILDUP_MAX_FRACTION  0.8   /* the part never gets hotter than this, of (Ts − T0) */
#define COOLING_TAU_GAS_S     60.0
#define COOLING_TAU_VACUUM_S  120.0

/* Closed loop */
#define CONTROL_KP            1.0
#define CONTROL_MIN_OUTPUT    0.3
#define CONTROL_MAX_OUTPUT    2.0

/* Porosity risk: absorbed heat input above this multiple of the set's */
#define POROSITY_HI_FACTOR    1.2
#define POROSITY_HI_CLEAR     1.1

/* Electron-beam charging and discharges */
#define HELIUM_REFERENCE_SCCM 5.0   /* flow that neutralises the charge fully */
#define CHARGE_TAU_S          5.0
#define CHARGE_DECAY_TAU_S    2.0
#define DISCHARGE_RATE_MAX    0.3   /* 1/s of beam-on time, helium off, fully charged */
#define DISCHARGE_RATE_MIN    2e-4  /* 1/s of beam-on time, whatever the helium */
#define DISCHARGE_TRIP_S      0.02
#define CHARGING_EVENT_LEVEL  0.10  /* oscillation / beam current */
#define CHARGING_EVENT_CLEAR  0.07

#define PYROMETER_MAX_K       3500.0

/* The dimensionless Rosenthal table (see pool_steady) */
#define TABLE_N 121

typedef struct
{
  const char     *name;
  MeltSampleType  type;
  const char     *units;
  const char     *long_name;
} ChannelDef;

typedef struct
{
  guint   id;
  guint   n_channels;
  gsize   fill;
  double  times[BLOCK];
  double  values[MAX_CHANNELS][BLOCK];
} Stream;

typedef struct
{
  MeltRecordingWriter *writer;
  MeltProcessKind      kind;
  MeltProcess         *process;
  MeltSimulatorOptions options;
  GArray              *commands;

  /* the toolpath */
  guint           n_segments;
  const float    *starts;
  const float    *ends;
  const guint8   *kinds;
  const guint32  *layers;
  const guint32  *beads;
  const float    *speeds;
  const float    *powers;
  const float    *currents;
  const float    *feeds;
  const double   *start_times;
  const float    *durations;

  /* nominal values */
  MeltProcessDerived derived;
  double ambient_k, liquidus_k, solidus_k;
  double k_w_mmk, alpha_mm2_s;
  double efficiency;           /* absorptivity or transfer efficiency */
  double voltage_kv;           /* electron beam */
  double max_command;          /* W (laser) or mA (electron beam) */
  double width_nominal, length_nominal, front_fraction_nominal;
  double tau_pool, tau_cooling, buildup_gain;
  double helium_nominal;
  double wire_diameter;
  double mm_per_px;

  double beta_min, beta_step;  /* log10 */
  double table_width[TABLE_N];
  double table_front[TABLE_N];

  /* timing */
  double print_start_s;        /* the print's time 0 on the recording's clock */
  double print_s;              /* simulated print duration */

  /* random numbers */
  GRand  *rng_signal;
  GRand  *rng_flight;
  GRand  *rng_camera;
  gboolean have_spare;
  double   spare;

  /* state */
  guint    cursor;
  guint32  current_layer;
  guint32  current_bead;       /* G_MAXUINT32: none */
  double   bead_start_s;
  double   part_k;
  double   source_true;        /* W or mA after the source's response */
  double   feed_true;
  double   pool_width, pool_length;
  double   pyrometer_k;
  double   control_output;     /* multiple of the feed-forward */
  double   control_integral;
  double   charge;
  double   oscillation;
  double   trip_until_s;
  double   width_factor, power_factor, feed_factor, helium_factor;
  guint    next_command;
  gboolean porosity;
  gboolean charging;
  gboolean stubbing;
  gboolean saturated;
  gboolean beam_on;
  double   direction[2];
  double   width_measured, length_measured;
  double   deflection_t;

  guint16 *frame;
} Sim;

/* Random numbers */

static double
normal (Sim   *sim,
        GRand *rng)
{
  double u, v, r;

  if (rng == sim->rng_signal && sim->have_spare)
    {
      sim->have_spare = FALSE;
      return sim->spare;
    }
  u = g_rand_double (rng);
  v = g_rand_double (rng);
  r = sqrt (-2.0 * log (1.0 - u));
  if (rng == sim->rng_signal)
    {
      sim->spare = r * sin (2 * G_PI * v);
      sim->have_spare = TRUE;
    }
  return r * cos (2 * G_PI * v);
}

static void
format_number (char       *buffer,
               const char *format,
               double      value)
{
  g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, format, value);
}

/* Streams, written in blocks */

static Stream *
stream_new (Sim              *sim,
            const char       *name,
            double            rate_hz,
            const ChannelDef *channels,
            guint             n_channels,
            GError          **error)
{
  g_autofree Stream *stream = g_new0 (Stream, 1);

  g_assert (n_channels <= MAX_CHANNELS);
  stream->n_channels = n_channels;
  if (!melt_recording_writer_add_stream (sim->writer, name, rate_hz, 0, &stream->id, error))
    return NULL;
  for (guint i = 0; i < n_channels; i++)
    if (!melt_recording_writer_add_channel (sim->writer, stream->id, channels[i].name,
                                            channels[i].type, channels[i].units,
                                            channels[i].long_name, error))
      return NULL;
  return g_steal_pointer (&stream);
}

static gboolean
stream_flush (Sim     *sim,
              Stream  *stream,
              GError **error)
{
  const double *values[MAX_CHANNELS];

  if (stream == NULL || stream->fill == 0)
    return TRUE;
  for (guint i = 0; i < stream->n_channels; i++)
    values[i] = stream->values[i];
  if (!melt_recording_writer_append (sim->writer, stream->id, stream->fill,
                                     stream->times, values, error))
    return FALSE;
  stream->fill = 0;
  return TRUE;
}

/* Adds one sample of stream->n_channels values */
static gboolean
stream_push (Sim           *sim,
             Stream        *stream,
             double         time_s,
             const double  *values,
             GError       **error)
{
  for (guint i = 0; i < stream->n_channels; i++)
    stream->values[i][stream->fill] = values[i];
  stream->times[stream->fill++] = time_s;
  if (stream->fill == BLOCK)
    return stream_flush (sim, stream, error);
  return TRUE;
}

/* The Rosenthal pool. With L = P_abs / (2π k ΔT) the isotherm equation
 * ln(L/R) − v (R + x) / 2α = 0 scaled by L depends on β = v L / 2α alone,
 * so width / L and front / L are tabulated once over β (log-spaced, from
 * melt_rosenthal_isotherm(), the function MeltProcessDerived uses) and
 * interpolated: a pool costs a few flops, not a root search. */

static void
table_init (Sim    *sim,
            double  beta_nominal)
{
  double rise = 1000.0;
  double power = 2 * G_PI * sim->k_w_mmk * rise;   /* L = 1 mm */

  sim->beta_min = log10 (beta_nominal) - 2.0;
  sim->beta_step = 4.0 / (TABLE_N - 1);
  for (guint i = 0; i < TABLE_N; i++)
    {
      double beta = pow (10.0, sim->beta_min + i * sim->beta_step);
      double speed = 2 * sim->alpha_mm2_s * beta;
      double length, front, width;

      melt_rosenthal_isotherm (power, sim->k_w_mmk * 1000.0, sim->alpha_mm2_s, speed, rise,
                               &length, &front, &width);
      sim->table_width[i] = width / length;
      sim->table_front[i] = front / length;
    }
}

/* The steady pool for @absorbed_w at @speed over a part at @part_k: full
 * width and total length (behind + ahead of the source) */
static void
pool_steady (Sim    *sim,
             double  absorbed_w,
             double  speed,
             double  part_k,
             double *width,
             double *length)
{
  double rise = sim->liquidus_k - part_k;
  double behind, beta, pos, f;
  guint i;

  if (absorbed_w <= 0 || rise <= 0)
    {
      *width = *length = 0;
      return;
    }
  behind = absorbed_w / (2 * G_PI * sim->k_w_mmk * rise);
  beta = MAX (speed, 1e-6) * behind / (2 * sim->alpha_mm2_s);
  pos = (log10 (beta) - sim->beta_min) / sim->beta_step;
  pos = CLAMP (pos, 0.0, TABLE_N - 1.000001);
  i = (guint) pos;
  f = pos - i;
  *width = behind * ((1 - f) * sim->table_width[i] + f * sim->table_width[i + 1]);
  *length = behind * (1 + (1 - f) * sim->table_front[i] + f * sim->table_front[i + 1]);
}

/* Flight: the platform's g-level and phase at @t seconds */

static double
flight_g (Sim         *sim,
          double       t,
          const char **phase)
{
  switch (sim->options.platform)
    {
    case MELT_PLATFORM_GROUND:
      *phase = MELT_PHASE_GROUND;
      return 1.0;

    case MELT_PLATFORM_ORBITAL:
      *phase = MELT_PHASE_MICROGRAVITY;
      return 1e-6;

    case MELT_PLATFORM_PARABOLIC:
      {
        double c;

        if (t < 30)
          {
            *phase = "level-flight";
            return 1.0;
          }
        c = fmod (t - 30, 112.0);
        if (c < 20)
          {
            *phase = "pull-up";
            return 1.8;
          }
        if (c < 42)
          {
            *phase = MELT_PHASE_MICROGRAVITY;
            return 0.0;
          }
        if (c < 62)
          {
            *phase = "pull-out";
            return 1.8;
          }
        *phase = "level-flight";
        return 1.0;
      }

    case MELT_PLATFORM_SUBORBITAL:
    default:
      if (t < 45)
        {
          *phase = MELT_PHASE_LAUNCH;
          return 1.5 + 2.3 * t / 45.0;
        }
      if (t < 70)
        {
          *phase = MELT_PHASE_COAST;
          return 1e-3 + 0.05 * exp (-(t - 45) / 5.0);
        }
      if (t < 370)
        {
          *phase = MELT_PHASE_MICROGRAVITY;
          return 1e-4;
        }
      if (t < 900)
        {
          *phase = MELT_PHASE_REENTRY;
          return 1.0 + 7.0 * exp (-pow ((t - 395) / 8.0, 2));
        }
      *phase = MELT_PHASE_GROUND;
      return 1.0;
    }
}

static double
print_start_for (MeltPlatform platform)
{
  switch (platform)
    {
    case MELT_PLATFORM_PARABOLIC:
      return 50.0;    /* the first parabola's microgravity */
    case MELT_PLATFORM_SUBORBITAL:
      return 75.0;    /* 5 s into the microgravity phase */
    case MELT_PLATFORM_GROUND:
    case MELT_PLATFORM_ORBITAL:
    default:
      return 0.0;
    }
}

static gboolean
simulate_flight (Sim           *sim,
                 GCancellable  *cancellable,
                 GError       **error)
{
  static const ChannelDef channels[] = {
    { "accel_x", MELT_SAMPLE_FLOAT32, "m/s2", "Acceleration x" },
    { "accel_y", MELT_SAMPLE_FLOAT32, "m/s2", "Acceleration y" },
    { "accel_z", MELT_SAMPLE_FLOAT32, "m/s2", "Acceleration z (vehicle axis)" },
  };
  g_autofree Stream *stream = NULL;
  double end_s = sim->print_start_s + sim->print_s;
  const char *last_phase = NULL;
  double g_filtered = NAN;
  double jitter[3] = { 0, 0, 0 };
  guint64 n;

  if (sim->options.platform == MELT_PLATFORM_SUBORBITAL)
    end_s = MAX (end_s, 900.0);
  n = (guint64) floor (end_s * FLIGHT_HZ + 1e-9) + 1;

  stream = stream_new (sim, "flight", FLIGHT_HZ, channels, G_N_ELEMENTS (channels), error);
  if (stream == NULL)
    return FALSE;

  for (guint64 i = 0; i < n; i++)
    {
      double t = i / FLIGHT_HZ;
      const char *phase;
      double g = flight_g (sim, t, &phase);
      double sigma, values[3];

      if (last_phase == NULL || strcmp (phase, last_phase) != 0)
        {
          if (!melt_recording_writer_add_event (sim->writer, t, MELT_EVENT_PHASE, phase, error))
            return FALSE;
          if (sim->options.platform == MELT_PLATFORM_SUBORBITAL
              && g_strcmp0 (last_phase, MELT_PHASE_MICROGRAVITY) == 0
              && sim->print_start_s + sim->print_s > t
              && !melt_recording_writer_add_event (sim->writer, t, MELT_EVENT_FAULT,
                                                   "microgravity ended before the print", error))
            return FALSE;
          last_phase = phase;
        }

      /* the vehicle follows the profile with a 1.5 s lag (no steps) */
      if (isnan (g_filtered))
        g_filtered = g;
      else
        g_filtered += (g - g_filtered) * (1 - exp (-1 / (FLIGHT_HZ * 1.5)));

      /* jitter: white noise through a 50 ms first-order filter */
      switch (sim->options.platform)
        {
        case MELT_PLATFORM_ORBITAL:
          sigma = 3e-5;
          break;
        case MELT_PLATFORM_SUBORBITAL:
          sigma = g < 0.01 ? 5e-5 : 0.02 * g;
          break;
        case MELT_PLATFORM_PARABOLIC:
          sigma = g < 0.1 ? 0.02 : 0.05;
          break;
        case MELT_PLATFORM_GROUND:
        default:
          sigma = 1e-4;
          break;
        }
      for (guint a = 0; a < 3; a++)
        {
          double k = 1 - exp (-1 / (FLIGHT_HZ * 0.05));

          /* scaled so that the filtered noise has standard deviation sigma */
          jitter[a] += k * (normal (sim, sim->rng_flight) * sigma * sqrt ((2 - k) / k) - jitter[a]);
        }
      values[0] = jitter[0] * 0.5 * MELT_STANDARD_GRAVITY_M_S2;
      values[1] = jitter[1] * 0.5 * MELT_STANDARD_GRAVITY_M_S2;
      values[2] = (g_filtered + jitter[2]) * MELT_STANDARD_GRAVITY_M_S2;
      if (!stream_push (sim, stream, t, values, error))
        return FALSE;

      if ((i & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }
  return stream_flush (sim, stream, error);
}

/* Events from the toolpath */

static gboolean
add_event (Sim         *sim,
           double       plan_s,
           const char  *kind,
           const char  *text,
           GError     **error)
{
  return melt_recording_writer_add_event (sim->writer, sim->print_start_s + plan_s, kind, text, error);
}

static gboolean
enter_segment (Sim     *sim,
               guint    index,
               GError **error)
{
  char text[32];
  gboolean deposits = melt_segment_kind_deposits (sim->kinds[index]);

  if (sim->current_bead != G_MAXUINT32
      && !(deposits && sim->beads[index] == sim->current_bead))
    {
      guint prev = index - 1;

      g_snprintf (text, sizeof text, "%u", sim->current_bead);
      if (!add_event (sim, sim->start_times[prev] + sim->durations[prev], MELT_EVENT_BEAD_STOP,
                      text, error))
        return FALSE;
      sim->current_bead = G_MAXUINT32;
    }
  if (sim->layers[index] != sim->current_layer)
    {
      sim->current_layer = sim->layers[index];
      g_snprintf (text, sizeof text, "%u", sim->current_layer);
      if (!add_event (sim, sim->start_times[index], MELT_EVENT_LAYER_START, text, error))
        return FALSE;
    }
  if (deposits && sim->beads[index] != sim->current_bead)
    {
      sim->current_bead = sim->beads[index];
      sim->bead_start_s = sim->start_times[index];
      g_snprintf (text, sizeof text, "%u", sim->current_bead);
      if (!add_event (sim, sim->start_times[index], MELT_EVENT_BEAD_START, text, error))
        return FALSE;
      sim->stubbing = FALSE;
    }
  return TRUE;
}

static gboolean
apply_command (Sim                        *sim,
               const MeltSimulatorCommand *command,
               GError                    **error)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *text = NULL;

  switch (command->param)
    {
    case MELT_SIMULATOR_PARAM_WIDTH_SETPOINT:
      sim->width_factor = command->factor;
      format_number (number, "%.3f", sim->width_nominal * command->factor);
      text = g_strconcat ("width setpoint ", number, " mm", NULL);
      break;
    case MELT_SIMULATOR_PARAM_POWER:
      sim->power_factor = command->factor;
      if (sim->kind == MELT_PROCESS_KIND_LASER_WIRE)
        {
          format_number (number, "%.1f", sim->derived.beam_power_w * command->factor);
          text = g_strconcat ("laser power ", number, " W", NULL);
        }
      else
        {
          format_number (number, "%.2f",
                         sim->derived.beam_power_w / sim->voltage_kv * command->factor);
          text = g_strconcat ("beam current ", number, " mA", NULL);
        }
      break;
    case MELT_SIMULATOR_PARAM_WIRE_FEED:
      sim->feed_factor = command->factor;
      format_number (number, "%.2f",
                     melt_process_get_double (sim->process, MELT_PROCESS_PARAM_WIRE_FEED_MM_S)
                     * command->factor);
      text = g_strconcat ("wire feed ", number, " mm/s", NULL);
      break;
    case MELT_SIMULATOR_PARAM_HELIUM_FLOW:
    default:
      sim->helium_factor = command->factor;
      format_number (number, "%.2f", sim->helium_nominal * command->factor);
      text = g_strconcat ("helium flow ", number, " sccm", NULL);
      break;
    }
  return add_event (sim, command->time_s, MELT_EVENT_COMMAND, text, error);
}

/* The coaxial camera: an elliptical hot spot (the pool) of the current
 * width and length, its long axis along the travel direction, trailing
 * the source at the image centre, over the glow of the part */
static void
render_frame (Sim *sim)
{
  guint w = sim->options.camera_width, h = sim->options.camera_height;
  double s = sim->mm_per_px;
  double hot = (sim->part_k - sim->ambient_k) / (sim->solidus_k - sim->ambient_k);
  double background = 100 + 1500 * hot * hot;
  double a = sim->pool_length / 2, b = sim->pool_width / 2;
  double centre = sim->pool_length * (sim->front_fraction_nominal - 0.5);
  double dx = sim->direction[0], dy = sim->direction[1];
  double spot = sim->beam_on ? MAX (0.4 * b, s) : 0;

  for (guint r = 0; r < h; r++)
    for (guint c = 0; c < w; c++)
      {
        double x = (c + 0.5 - w / 2.0) * s, y = (h / 2.0 - r - 0.5) * s;
        double u = x * dx + y * dy, v = -x * dy + y * dx;
        double value = background;
        guint32 bits = g_rand_int (sim->rng_camera);
        double noise;

        if (a > 0 && b > 0)
          {
            double rho2 = (u - centre) * (u - centre) / (a * a) + v * v / (b * b);

            if (rho2 < 1)
              value += 20000 + 25000 * sqrt (1 - rho2);
          }
        if (spot > 0 && u * u + v * v < 9 * spot * spot)
          value += 20000 * exp (-(u * u + v * v) / (spot * spot));
        /* triangular noise (sum of two uniforms), standard deviation
         * 20 counts + 2 % */
        noise = ((bits & 0xffff) + (bits >> 16) - 65535.0) / 65535.0 * sqrt (6.0);
        value += noise * (20 + 0.02 * value);
        sim->frame[r * w + c] = (guint16) CLAMP (value, 0, 65535);
      }
}

/* The print: everything but the flight */

enum { MOTION, SOURCE, WIRE, PYROMETER, MELT_POOL, CONTROL, SLOW, STABILITY, N_STREAMS };

static gboolean
simulate_print (Sim                  *sim,
                GCancellable         *cancellable,
                MeltSimulateProgress  progress,
                gpointer              user_data,
                GError              **error)
{
  static const ChannelDef motion[] = {
    { "x", MELT_SAMPLE_FLOAT32, "mm", "Position x" },
    { "y", MELT_SAMPLE_FLOAT32, "mm", "Position y" },
    { "z", MELT_SAMPLE_FLOAT32, "mm", "Position z" },
    { "speed", MELT_SAMPLE_FLOAT32, "mm/s", "Travel speed" },
    { "layer", MELT_SAMPLE_UINT32, "1", "Layer" },
    { "bead", MELT_SAMPLE_INT32, "1", "Bead (-1 between beads)" },
  };
  static const ChannelDef laser[] = {
    { "power_command", MELT_SAMPLE_FLOAT32, "W", "Laser power commanded" },
    { "power", MELT_SAMPLE_FLOAT32, "W", "Laser power measured" },
  };
  static const ChannelDef beam[] = {
    { "voltage", MELT_SAMPLE_FLOAT32, "kV", "Accelerating voltage" },
    { "current_command", MELT_SAMPLE_FLOAT32, "mA", "Beam current commanded" },
    { "current", MELT_SAMPLE_FLOAT32, "mA", "Beam current measured" },
    { "focus_current", MELT_SAMPLE_FLOAT32, "mA", "Focus coil current" },
    { "deflection_x", MELT_SAMPLE_FLOAT32, "mm", "Beam deflection x" },
    { "deflection_y", MELT_SAMPLE_FLOAT32, "mm", "Beam deflection y" },
  };
  static const ChannelDef wire[] = {
    { "feed_command", MELT_SAMPLE_FLOAT32, "mm/s", "Wire feed commanded" },
    { "feed", MELT_SAMPLE_FLOAT32, "mm/s", "Wire feed measured" },
    { "motor_current", MELT_SAMPLE_FLOAT32, "A", "Wire feed motor current" },
  };
  static const ChannelDef pyrometer[] = {
    { "temperature", MELT_SAMPLE_FLOAT32, "K", "Melt-pool temperature (pyrometer)" },
  };
  static const ChannelDef melt_pool[] = {
    { "width", MELT_SAMPLE_FLOAT32, "mm", "Melt-pool width (camera)" },
    { "length", MELT_SAMPLE_FLOAT32, "mm", "Melt-pool length (camera)" },
  };
  static const ChannelDef control_laser[] = {
    { "width_setpoint", MELT_SAMPLE_FLOAT32, "mm", "Melt-pool width setpoint" },
    { "output", MELT_SAMPLE_FLOAT32, "W", "Controller output (laser power command)" },
  };
  static const ChannelDef control_beam[] = {
    { "width_setpoint", MELT_SAMPLE_FLOAT32, "mm", "Melt-pool width setpoint" },
    { "output", MELT_SAMPLE_FLOAT32, "mA", "Controller output (beam current command)" },
  };
  static const ChannelDef chamber[] = {
    { "pressure", MELT_SAMPLE_FLOAT32, "Pa", "Chamber pressure" },
    { "oxygen", MELT_SAMPLE_FLOAT32, "ppm", "Oxygen" },
    { "gas_flow", MELT_SAMPLE_FLOAT32, "L/min", "Shielding gas flow" },
  };
  static const ChannelDef vacuum[] = {
    { "pressure", MELT_SAMPLE_FLOAT32, "Pa", "Chamber pressure" },
    { "helium_flow", MELT_SAMPLE_FLOAT32, "sccm", "Helium flow" },
    { "helium_pressure", MELT_SAMPLE_FLOAT32, "Pa", "Helium partial pressure" },
  };
  static const ChannelDef stability[] = {
    { "oscillation", MELT_SAMPLE_FLOAT32, "mA", "Beam-current oscillation amplitude" },
  };
  gboolean laser_run = sim->kind == MELT_PROCESS_KIND_LASER_WIRE;
  Stream *streams[N_STREAMS] = { NULL };
  guint frames = 0;
  gboolean ok = FALSE;
  guint64 n_steps = (guint64) floor (sim->print_s * PHYSICS_HZ + 1e-9) + 1;
  guint64 progress_every = MAX (n_steps / 100, 1);
  guint64 next_frame = 0;
  double dt = 1.0 / PHYSICS_HZ;
  double source_tau = laser_run ? 0.001 : 0.0005;
  double pyrometer_tau = sim->tau_pool;
  double pool_k = 1 - exp (-dt / sim->tau_pool);
  double pyro_k = 1 - exp (-dt / pyrometer_tau);
  double source_k = 1 - exp (-dt / source_tau);
  double feed_k = 1 - exp (-dt / 0.02);
  double gas_flow = melt_process_get_double (sim->process, MELT_PROCESS_PARAM_LASER_GAS_FLOW_L_MIN);
  double deflection_amplitude = melt_process_get_double (sim->process,
                                                         MELT_PROCESS_PARAM_EBEAM_DEFLECTION_AMPLITUDE_MM);
  double deflection_hz = melt_process_get_double (sim->process,
                                                  MELT_PROCESS_PARAM_EBEAM_DEFLECTION_FREQUENCY_HZ);
  MeltDeflectionPattern pattern = melt_process_get_deflection_pattern (sim->process);
  MeltShieldingGas gas = melt_process_get_shielding_gas (sim->process);

  if ((streams[MOTION] = stream_new (sim, "motion", SIGNAL_HZ, motion, G_N_ELEMENTS (motion), error)) == NULL
      || (streams[SOURCE] = laser_run
          ? stream_new (sim, "laser", SIGNAL_HZ, laser, G_N_ELEMENTS (laser), error)
          : stream_new (sim, "beam", SIGNAL_HZ, beam, G_N_ELEMENTS (beam), error)) == NULL
      || (streams[WIRE] = stream_new (sim, "wire", SIGNAL_HZ, wire, G_N_ELEMENTS (wire), error)) == NULL
      || (streams[PYROMETER] = stream_new (sim, "pyrometer", PHYSICS_HZ, pyrometer,
                                           G_N_ELEMENTS (pyrometer), error)) == NULL
      || (streams[MELT_POOL] = stream_new (sim, "melt_pool", sim->options.camera_hz, melt_pool,
                                           G_N_ELEMENTS (melt_pool), error)) == NULL
      || (streams[CONTROL] = stream_new (sim, "control", SIGNAL_HZ,
                                         laser_run ? control_laser : control_beam, 2, error)) == NULL
      || (streams[SLOW] = laser_run
          ? stream_new (sim, "chamber", SLOW_HZ, chamber, G_N_ELEMENTS (chamber), error)
          : stream_new (sim, "vacuum", SLOW_HZ, vacuum, G_N_ELEMENTS (vacuum), error)) == NULL
      || (!laser_run
          && (streams[STABILITY] = stream_new (sim, "stability", SIGNAL_HZ, stability,
                                               G_N_ELEMENTS (stability), error)) == NULL))
    goto out;

  if (sim->options.camera_width > 0
      && !melt_recording_writer_add_frames (sim->writer, "coaxial", MELT_SAMPLE_UINT16,
                                            sim->options.camera_height, sim->options.camera_width,
                                            "1", "Coaxial melt-pool camera", sim->options.camera_hz,
                                            0, &frames, error))
    goto out;

  if (!enter_segment (sim, 0, error))
    goto out;

  for (guint64 step = 0; step < n_steps; step++)
    {
      double t = step / PHYSICS_HZ;
      double rec_t = sim->print_start_s + t;
      gboolean deposits, inside;
      double seg_end, fraction, feedforward = 0, command = 0, absorbed, width_ss, length_ss;
      double pos[3], speed = 0, values[MAX_CHANNELS];
      double helium = sim->helium_nominal * sim->helium_factor;
      guint i;

      /* toolpath and ground commands up to t */
      while (sim->cursor + 1 < sim->n_segments && sim->start_times[sim->cursor + 1] <= t)
        if (!enter_segment (sim, ++sim->cursor, error))
          goto out;
      while (sim->next_command < sim->commands->len
             && g_array_index (sim->commands, MeltSimulatorCommand, sim->next_command).time_s <= t)
        if (!apply_command (sim, &g_array_index (sim->commands, MeltSimulatorCommand,
                                                 sim->next_command++), error))
          goto out;

      i = sim->cursor;
      seg_end = sim->start_times[i] + sim->durations[i];
      inside = t >= sim->start_times[i] && t <= seg_end;
      deposits = inside && melt_segment_kind_deposits (sim->kinds[i]);
      fraction = sim->durations[i] > 0 ? CLAMP ((t - sim->start_times[i]) / sim->durations[i], 0, 1)
                                       : 1.0;
      if (!inside && t > seg_end)
        fraction = 1.0;
      for (guint a = 0; a < 3; a++)
        pos[a] = sim->starts[3 * i + a] + fraction * (sim->ends[3 * i + a] - sim->starts[3 * i + a]);
      if (inside)
        speed = sim->speeds[i];
      {
        double ddx = sim->ends[3 * i] - sim->starts[3 * i];
        double ddy = sim->ends[3 * i + 1] - sim->starts[3 * i + 1];
        double norm = hypot (ddx, ddy);

        if (deposits && norm > 1e-6)
          {
            sim->direction[0] = ddx / norm;
            sim->direction[1] = ddy / norm;
          }
      }

      /* source: feed-forward from the plan, times the controller's output */
      sim->beam_on = deposits && t >= sim->trip_until_s;
      if (deposits)
        {
          feedforward = (laser_run ? sim->powers[i] : sim->currents[i]) * sim->power_factor;
          command = sim->options.closed_loop ? feedforward * sim->control_output : feedforward;
          command = MIN (command, sim->max_command);
        }
      sim->source_true += ((sim->beam_on ? command : 0) - sim->source_true) * source_k;
      absorbed = sim->efficiency * sim->source_true * (laser_run ? 1.0 : sim->voltage_kv);

      /* heat build-up: lumped part temperature */
      sim->part_k += (-(sim->part_k - sim->ambient_k) / sim->tau_cooling
                      + sim->buildup_gain * absorbed) * dt;
      sim->part_k = MIN (sim->part_k,
                         sim->ambient_k + BUILDUP_MAX_FRACTION * (sim->solidus_k - sim->ambient_k));

      /* the pool follows its steady state with a lag */
      if (sim->beam_on)
        pool_steady (sim, absorbed, speed, sim->part_k, &width_ss, &length_ss);
      else
        width_ss = length_ss = 0;
      sim->pool_width += (width_ss - sim->pool_width) * pool_k;
      sim->pool_length += (length_ss - sim->pool_length) * pool_k;

      /* pyrometer: Rosenthal on the axis at half the nominal width behind
       * the source (a spot as wide as the nominal pool) */
      {
        double target = sim->part_k;
        double reading;

        if (sim->beam_on)
          target += absorbed / (G_PI * sim->k_w_mmk * sim->width_nominal);
        sim->pyrometer_k += (target - sim->pyrometer_k) * pyro_k;
        reading = sim->pyrometer_k * (1 + 0.005 * normal (sim, sim->rng_signal))
                  + 3 * normal (sim, sim->rng_signal);
        if (reading > PYROMETER_MAX_K)
          {
            if (!sim->saturated
                && !add_event (sim, t, MELT_EVENT_FAULT, "pyrometer saturated", error))
              goto out;
            sim->saturated = TRUE;
            reading = PYROMETER_MAX_K;
          }
        else if (reading < 0.95 * PYROMETER_MAX_K)
          sim->saturated = FALSE;
        values[0] = reading;
        if (!stream_push (sim, streams[PYROMETER], rec_t, values, error))
          goto out;
      }

      /* electron beam: charging, oscillation and discharges */
      if (!laser_run)
        {
          double h = CLAMP (helium / HELIUM_REFERENCE_SCCM, 0, 1);
          double rate;

          if (sim->beam_on)
            sim->charge += (1 - sim->charge) * dt / CHARGE_TAU_S;
          else
            sim->charge -= sim->charge * dt / CHARGE_DECAY_TAU_S;
          sim->oscillation = sim->source_true * (0.01 + 0.2 * (1 - h) * sim->charge);
          rate = DISCHARGE_RATE_MAX * (1 - h) * (1 - h) * sim->charge + DISCHARGE_RATE_MIN;
          if (sim->beam_on && g_rand_double (sim->rng_signal) < rate * dt)
            {
              char number[G_ASCII_DTOSTR_BUF_SIZE];
              g_autofree char *text = NULL;

              format_number (number, "%.2f", helium);
              text = g_strconcat ("arc: beam tripped for 20 ms; helium ", number, " sccm", NULL);
              if (!add_event (sim, t, MELT_EVENT_DISCHARGE, text, error))
                goto out;
              sim->trip_until_s = t + DISCHARGE_TRIP_S;
              sim->charge = 0;
            }
          if (sim->beam_on && !sim->charging
              && sim->oscillation > CHARGING_EVENT_LEVEL * sim->source_true)
            {
              char number[G_ASCII_DTOSTR_BUF_SIZE];
              g_autofree char *text = NULL;

              format_number (number, "%.2f", sim->oscillation);
              text = g_strconcat ("beam oscillation ", number, " mA: the part is charging", NULL);
              if (!add_event (sim, t, "charging", text, error))
                goto out;
              sim->charging = TRUE;
            }
          else if (sim->charging && sim->oscillation < CHARGING_EVENT_CLEAR * sim->source_true)
            sim->charging = FALSE;
        }

      /* camera, melt-pool measurement and the controller, at the camera rate */
      if (rec_t >= sim->print_start_s + next_frame / sim->options.camera_hz - 1e-9)
        {
          double frame_t = sim->print_start_s + next_frame / sim->options.camera_hz;
          double px = sim->mm_per_px;

          next_frame++;
          sim->width_measured = 0;
          sim->length_measured = 0;
          if (sim->pool_width > px)
            {
              sim->width_measured = MAX (0, sim->pool_width * (1 + 0.015 * normal (sim, sim->rng_signal))
                                            + 0.5 * px * normal (sim, sim->rng_signal));
              sim->length_measured = MAX (0, sim->pool_length * (1 + 0.015 * normal (sim, sim->rng_signal))
                                             + 0.5 * px * normal (sim, sim->rng_signal));
            }
          values[0] = sim->width_measured;
          values[1] = sim->length_measured;
          if (!stream_push (sim, streams[MELT_POOL], frame_t, values, error))
            goto out;

          /* PI on the relative width error, engaged once the bead's start
           * transient is over (two pool time constants) */
          if (sim->options.closed_loop && sim->beam_on
              && t - sim->bead_start_s > 2 * sim->tau_pool && sim->width_measured > 0)
            {
              double setpoint = sim->width_nominal * sim->width_factor;
              double e = (setpoint - sim->width_measured) / setpoint;
              double integral = sim->control_integral + e / sim->tau_pool / sim->options.camera_hz;
              double output = 1 + CONTROL_KP * e + integral;

              /* anti-windup: the integral stops at the output's limits */
              if (output > CONTROL_MIN_OUTPUT && output < CONTROL_MAX_OUTPUT
                  && feedforward * output < sim->max_command)
                sim->control_integral = integral;
              sim->control_output = CLAMP (1 + CONTROL_KP * e + sim->control_integral,
                                           CONTROL_MIN_OUTPUT, CONTROL_MAX_OUTPUT);
            }

          if (sim->options.camera_width > 0)
            {
              render_frame (sim);
              if (!melt_recording_writer_append_frame (sim->writer, frames, frame_t, sim->frame, error))
                goto out;
            }
        }

      if (step % 2 != 0)
        continue;

      /* 1 kHz streams */
      values[0] = pos[0];
      values[1] = pos[1];
      values[2] = pos[2];
      values[3] = speed;
      values[4] = sim->layers[i];
      values[5] = deposits ? (double) sim->beads[i] : -1.0;
      if (!stream_push (sim, streams[MOTION], rec_t, values, error))
        goto out;

      if (laser_run)
        {
          values[0] = command;
          values[1] = MAX (0, sim->source_true * (1 + 0.005 * normal (sim, sim->rng_signal))
                              + normal (sim, sim->rng_signal));
        }
      else
        {
          double osc = sim->beam_on ? sim->oscillation * sin (2 * G_PI * 37.0 * t) : 0;
          double focus = melt_process_get_double (sim->process, MELT_PROCESS_PARAM_EBEAM_FOCUS_OFFSET_MM);
          double phase = 2 * G_PI * deflection_hz * t;
          double ax = 0, ay = 0;

          if (sim->beam_on && deflection_amplitude > 0)
            switch (pattern)
              {
              case MELT_DEFLECTION_CIRCLE:
                ax = cos (phase);
                ay = sin (phase);
                break;
              case MELT_DEFLECTION_ELLIPSE:
                ax = cos (phase);
                ay = 0.5 * sin (phase);
                break;
              case MELT_DEFLECTION_LINE:
                ax = sin (phase);
                break;
              case MELT_DEFLECTION_RASTER:
                ax = 2 * fabs (2 * (deflection_hz * t - floor (deflection_hz * t + 0.5))) - 1;
                ay = 2 * fabs (2 * (deflection_hz * t / 10 - floor (deflection_hz * t / 10 + 0.5))) - 1;
                break;
              case MELT_DEFLECTION_NONE:
              default:
                break;
              }
          values[0] = sim->voltage_kv * (1 + 0.001 * normal (sim, sim->rng_signal));
          values[1] = command;
          values[2] = MAX (0, sim->source_true * (1 + 0.005 * normal (sim, sim->rng_signal))
                              + 0.05 * normal (sim, sim->rng_signal) + osc);
          values[3] = 1000 + 10 * focus + 0.5 * normal (sim, sim->rng_signal);
          values[4] = deflection_amplitude * ax;
          values[5] = deflection_amplitude * ay;
        }
      if (!stream_push (sim, streams[SOURCE], rec_t, values, error))
        goto out;

      /* wire: feed with a 20 ms motor lag; the motor current rises when
       * the wire stubs (pool narrower than 1.1 × the wire, after the
       * bead's start transient) */
      {
        double feed_command = deposits ? sim->feeds[i] * sim->feed_factor : 0;
        gboolean stub = deposits && t - sim->bead_start_s > 3 * sim->tau_pool
                        && sim->pool_width < 1.1 * sim->wire_diameter;

        sim->feed_true += (feed_command - sim->feed_true) * (1 - pow (1 - feed_k, 2));
        if (stub && !sim->stubbing && !add_event (sim, t, MELT_EVENT_FAULT, "wire stub", error))
          goto out;
        sim->stubbing = stub;
        values[0] = feed_command;
        values[1] = MAX (0, sim->feed_true * (1 + 0.01 * normal (sim, sim->rng_signal)));
        values[2] = 0.2 + 0.02 * sim->feed_true + (stub ? 0.8 : 0)
                    + 0.01 * normal (sim, sim->rng_signal);
        if (!stream_push (sim, streams[WIRE], rec_t, values, error))
          goto out;
      }

      /* control */
      values[0] = sim->width_nominal * sim->width_factor;
      values[1] = command;
      if (!stream_push (sim, streams[CONTROL], rec_t, values, error))
        goto out;

      if (!laser_run)
        {
          values[0] = MAX (0, sim->oscillation * (1 + 0.05 * normal (sim, sim->rng_signal))
                              + 0.01 * normal (sim, sim->rng_signal));
          if (!stream_push (sim, streams[STABILITY], rec_t, values, error))
            goto out;
        }

      /* porosity risk: absorbed heat input (J/mm) over the threshold */
      if (sim->beam_on && speed > 0)
        {
          double hi = absorbed / speed;
          double limit = POROSITY_HI_FACTOR * sim->derived.heat_input_j_mm;

          if (!sim->porosity && hi > limit)
            {
              char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE];
              g_autofree char *text = NULL;

              format_number (a, "%.1f", hi);
              format_number (b, "%.1f", limit);
              format_number (c, "%.1f", sim->derived.heat_input_j_mm);
              text = g_strconcat ("heat input ", a, " J/mm above ", b, " J/mm (1.2 x the set's ",
                                  c, " J/mm): gas and keyhole porosity", NULL);
              if (!add_event (sim, t, MELT_EVENT_POROSITY_RISK, text, error))
                goto out;
              sim->porosity = TRUE;
            }
          else if (sim->porosity && hi < POROSITY_HI_CLEAR * sim->derived.heat_input_j_mm)
            sim->porosity = FALSE;
        }

      /* 10 Hz */
      if (step % (guint64) (PHYSICS_HZ / SLOW_HZ) == 0)
        {
          if (laser_run)
            {
              double pressure = melt_process_get_double (sim->process,
                                                         MELT_PROCESS_PARAM_LASER_CHAMBER_PRESSURE_PA);

              values[0] = pressure * (1 + 0.0005 * normal (sim, sim->rng_signal));
              values[1] = gas == MELT_SHIELDING_GAS_NONE ? 209000 * (1 + 0.001 * normal (sim, sim->rng_signal))
                          : MAX (0, 50 + 2 * normal (sim, sim->rng_signal));
              values[2] = MAX (0, gas_flow * (1 + 0.01 * normal (sim, sim->rng_signal)));
            }
          else
            {
              /* helium: 1 sccm = 1.69 Pa L/s into a 500 L/s pump */
              double vacuum_pa = melt_process_get_double (sim->process, MELT_PROCESS_PARAM_EBEAM_VACUUM_PA);
              double helium_pa = 1.69 * helium / 500.0;

              values[0] = (vacuum_pa * (sim->beam_on ? 1.5 : 1.0) + helium_pa)
                          * (1 + 0.02 * normal (sim, sim->rng_signal));
              values[1] = MAX (0, helium * (1 + 0.01 * normal (sim, sim->rng_signal)));
              values[2] = helium_pa * (1 + 0.02 * normal (sim, sim->rng_signal));
            }
          if (!stream_push (sim, streams[SLOW], rec_t, values, error))
            goto out;
        }

      if (step % progress_every == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          if (progress != NULL)
            progress ((double) step / n_steps, user_data);
        }
    }

  /* the last bead's stop, when it ends within the run */
  if (sim->current_bead != G_MAXUINT32)
    {
      guint i = sim->cursor;
      double end = sim->start_times[i] + sim->durations[i];

      if (end <= sim->print_s + 1e-9)
        {
          char text[32];

          g_snprintf (text, sizeof text, "%u", sim->current_bead);
          if (!add_event (sim, end, MELT_EVENT_BEAD_STOP, text, error))
            goto out;
        }
    }

  for (guint s = 0; s < N_STREAMS; s++)
    if (!stream_flush (sim, streams[s], error))
      goto out;
  if (progress != NULL)
    progress (1.0, user_data);
  ok = TRUE;

out:
  for (guint s = 0; s < N_STREAMS; s++)
    g_free (streams[s]);
  return ok;
}

/* Public API */

void
melt_simulator_options_init (MeltSimulatorOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->platform = MELT_PLATFORM_GROUND;
  options->seed = MELT_SIMULATOR_DEFAULT_SEED;
  options->camera_width = MELT_SIMULATOR_DEFAULT_CAMERA_WIDTH;
  options->camera_height = MELT_SIMULATOR_DEFAULT_CAMERA_HEIGHT;
  options->camera_hz = MELT_SIMULATOR_DEFAULT_CAMERA_HZ;
  options->max_duration_s = 0;
  options->closed_loop = TRUE;
  options->commands = NULL;
  options->n_commands = 0;
}

gboolean
melt_simulator_parse_camera (const char           *spec,
                             MeltSimulatorOptions *options,
                             GError              **error)
{
  guint64 w, h;
  double hz;
  char *end;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  if (strcmp (spec, "none") == 0)
    {
      options->camera_width = 0;
      options->camera_height = 0;
      return TRUE;
    }

  w = g_ascii_strtoull (spec, &end, 10);
  if (end == spec || (*end != 'x' && *end != 'X'))
    goto bad;
  spec = end + 1;
  h = g_ascii_strtoull (spec, &end, 10);
  if (end == spec || *end != '@')
    goto bad;
  spec = end + 1;
  hz = g_ascii_strtod (spec, &end);
  if (end == spec || *end != '\0')
    goto bad;
  if (w < 1 || h < 1 || w > 4096 || h > 4096 || !(hz > 0 && hz <= PHYSICS_HZ))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Camera %llux%llu at %g Hz is out of range: 1 to 4096 pixels each way, "
                     "a rate above 0 and at most %g Hz"),
                   (unsigned long long) w, (unsigned long long) h, hz, PHYSICS_HZ);
      return FALSE;
    }
  options->camera_width = (guint) w;
  options->camera_height = (guint) h;
  options->camera_hz = hz;
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("Cannot read the camera “%s”: expected WIDTHxHEIGHT@HZ, e.g. 64x64@200, or none"),
               spec);
  return FALSE;
}

static int
compare_commands (gconstpointer a,
                  gconstpointer b)
{
  const MeltSimulatorCommand *ca = a, *cb = b;

  return (ca->time_s > cb->time_s) - (ca->time_s < cb->time_s);
}

static void
sim_free (Sim *sim)
{
  g_clear_object (&sim->writer);
  g_clear_pointer (&sim->commands, g_array_unref);
  g_clear_pointer (&sim->rng_signal, g_rand_free);
  g_clear_pointer (&sim->rng_flight, g_rand_free);
  g_clear_pointer (&sim->rng_camera, g_rand_free);
  g_clear_pointer (&sim->frame, g_free);
  g_free (sim);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sim, sim_free)

static GRand *
rand_for (guint64 seed,
          guint32 stream)
{
  guint32 words[3] = { (guint32) seed, (guint32) (seed >> 32), stream };

  return g_rand_new_with_seed_array (words, G_N_ELEMENTS (words));
}

gboolean
melt_simulate (MeltPlan                   *plan,
               MeltProcess                *process,
               const MeltSimulatorOptions *options,
               GFile                      *output,
               GCancellable               *cancellable,
               MeltSimulateProgress        progress,
               gpointer                    user_data,
               GError                    **error)
{
  g_autoptr(Sim) sim = g_new0 (Sim, 1);
  MeltToolpath *toolpath;
  MeltMaterial *material;
  g_autofree char *run_id = NULL;
  double plan_s = 0, beta_nominal, speed, behind, absorbed;

  g_return_val_if_fail (MELT_IS_PLAN (plan), FALSE);
  g_return_val_if_fail (MELT_IS_PROCESS (process), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (output), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sim->options = *options;
  sim->process = process;
  sim->kind = melt_process_get_kind (process);

  if (!(options->camera_hz > 0 && options->camera_hz <= PHYSICS_HZ))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* TRANSLATORS: %g are rates in Hz */
                   _("Invalid simulator options: a camera rate of %g Hz, expected more than 0 and at "
                     "most %g Hz"), options->camera_hz, PHYSICS_HZ);
      return FALSE;
    }
  if ((options->camera_width == 0) != (options->camera_height == 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* TRANSLATORS: %u × %u are a frame's width and height in pixels */
                   _("Invalid simulator options: camera frames of %u × %u pixels, expected both "
                     "sizes (a camera) or neither (none)"),
                   options->camera_width, options->camera_height);
      return FALSE;
    }
  if (!(options->max_duration_s >= 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Invalid simulator options: a maximum duration of %g s, expected 0 (no limit) "
                     "or more"), options->max_duration_s);
      return FALSE;
    }

  toolpath = melt_plan_get_toolpath (plan);
  sim->n_segments = melt_toolpath_get_n_segments (toolpath);
  if (sim->n_segments == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The plan has no segments: there is nothing to simulate"));
      return FALSE;
    }
  sim->starts = melt_toolpath_get_starts (toolpath);
  sim->ends = melt_toolpath_get_ends (toolpath);
  sim->kinds = melt_toolpath_get_kinds (toolpath);
  sim->layers = melt_toolpath_get_layers (toolpath);
  sim->beads = melt_toolpath_get_beads (toolpath);
  sim->speeds = melt_toolpath_get_speeds (toolpath);
  sim->powers = melt_toolpath_get_powers (toolpath);
  sim->currents = melt_toolpath_get_beam_currents (toolpath);
  sim->feeds = melt_toolpath_get_wire_feeds (toolpath);
  sim->start_times = melt_toolpath_get_start_times (toolpath);
  sim->durations = melt_toolpath_get_durations (toolpath);
  for (guint i = 0; i < sim->n_segments; i++)
    plan_s = MAX (plan_s, sim->start_times[i] + sim->durations[i]);
  sim->print_s = options->max_duration_s > 0 ? MIN (plan_s, options->max_duration_s) : plan_s;
  sim->print_start_s = print_start_for (options->platform);

  /* nominal values */
  if (!melt_process_evaluate (process, &sim->derived, NULL, error))
    return FALSE;
  material = melt_material_lookup (melt_process_get_material (process));
  if (material == NULL || isnan (sim->derived.melt_pool_width_mm))
    {
      g_set_error (error, MELT_PROCESS_ERROR, MELT_PROCESS_ERROR_BAD_VALUE,
                   _("The melt-pool model does not apply to this process set (the part is not "
                     "below the solidus of “%s”): nothing to simulate"),
                   melt_process_get_material (process));
      return FALSE;
    }
  sim->ambient_k = sim->derived.effective.ambient_k;
  sim->liquidus_k = sim->derived.effective.liquidus_k;
  sim->solidus_k = melt_material_get_solidus_k (material);
  sim->k_w_mmk = sim->derived.effective.conductivity_w_mk / 1000.0;
  sim->alpha_mm2_s = sim->derived.effective.diffusivity_mm2_s;
  sim->wire_diameter = melt_process_get_double (process, MELT_PROCESS_PARAM_WIRE_DIAMETER_MM);
  if (sim->kind == MELT_PROCESS_KIND_LASER_WIRE)
    {
      sim->efficiency = melt_process_get_double (process, MELT_PROCESS_PARAM_LASER_ABSORPTIVITY);
      sim->max_command = melt_process_get_double (process, MELT_PROCESS_PARAM_LASER_MAX_POWER_W);
      sim->voltage_kv = 0;
      sim->tau_cooling = COOLING_TAU_GAS_S;
      sim->helium_nominal = 0;
    }
  else
    {
      sim->efficiency = melt_process_get_double (process, MELT_PROCESS_PARAM_EBEAM_TRANSFER_EFFICIENCY);
      sim->voltage_kv = melt_process_get_double (process, MELT_PROCESS_PARAM_EBEAM_ACCEL_VOLTAGE_KV);
      sim->max_command = melt_process_get_double (process, MELT_PROCESS_PARAM_EBEAM_MAX_POWER_W)
                         / sim->voltage_kv;
      sim->tau_cooling = COOLING_TAU_VACUUM_S;
      sim->helium_nominal = melt_process_get_double (process, MELT_PROCESS_PARAM_EBEAM_HELIUM_FLOW_SCCM);
    }

  speed = melt_process_get_double (process, MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S);
  absorbed = sim->derived.absorbed_power_w;
  behind = absorbed / (2 * G_PI * sim->k_w_mmk * (sim->liquidus_k - sim->ambient_k));
  beta_nominal = speed * behind / (2 * sim->alpha_mm2_s);
  table_init (sim, beta_nominal);
  pool_steady (sim, absorbed, speed, sim->ambient_k, &sim->width_nominal, &sim->length_nominal);
  sim->front_fraction_nominal = (sim->length_nominal - behind) / sim->length_nominal;
  /* the pool settles once the source has moved half its width */
  sim->tau_pool = CLAMP (sim->width_nominal / (2 * speed), 0.01, 2.0);
  sim->buildup_gain = BUILDUP_FRACTION * (sim->solidus_k - sim->ambient_k) / (absorbed * sim->tau_cooling);

  sim->commands = g_array_new (FALSE, FALSE, sizeof (MeltSimulatorCommand));
  if (options->commands != NULL)
    g_array_append_vals (sim->commands, options->commands, options->n_commands);
  else
    {
      MeltSimulatorCommand up = { 0.4 * sim->print_s, MELT_SIMULATOR_PARAM_WIDTH_SETPOINT, 1.05 };
      MeltSimulatorCommand back = { 0.7 * sim->print_s, MELT_SIMULATOR_PARAM_WIDTH_SETPOINT, 1.0 };

      g_array_append_val (sim->commands, up);
      g_array_append_val (sim->commands, back);
    }
  g_array_sort (sim->commands, compare_commands);
  /* commands past the end of the run never arrive */
  while (sim->commands->len > 0
         && g_array_index (sim->commands, MeltSimulatorCommand, sim->commands->len - 1).time_s > sim->print_s)
    g_array_set_size (sim->commands, sim->commands->len - 1);

  sim->rng_signal = rand_for (options->seed, 1);
  sim->rng_flight = rand_for (options->seed, 2);
  sim->rng_camera = rand_for (options->seed, 3);
  if (options->camera_width > 0)
    {
      sim->frame = g_new0 (guint16, (gsize) options->camera_width * options->camera_height);
      /* the nominal pool fills 40 % of the frame */
      sim->mm_per_px = 2.5 * MAX (sim->width_nominal, sim->length_nominal)
                       / MIN (options->camera_width, options->camera_height);
    }
  else
    sim->mm_per_px = 0.05;

  sim->current_layer = G_MAXUINT32;
  sim->current_bead = G_MAXUINT32;
  sim->part_k = sim->ambient_k;
  sim->pyrometer_k = sim->ambient_k;
  sim->control_output = 1.0;
  sim->width_factor = sim->power_factor = sim->feed_factor = sim->helium_factor = 1.0;
  sim->direction[0] = 1.0;
  sim->trip_until_s = -1;

  sim->writer = melt_recording_writer_new (output, NULL, error);
  if (sim->writer == NULL)
    return FALSE;
  run_id = g_strdup_printf ("sim-%s-%s-seed-%llu",
                            melt_enum_to_nick (MELT_TYPE_PROCESS_KIND, sim->kind),
                            melt_enum_to_nick (MELT_TYPE_PLATFORM, options->platform),
                            (unsigned long long) options->seed);
  /* the process first: it sets the platform, which the options override */
  melt_recording_writer_set_process (sim->writer, process);
  melt_recording_writer_set_run_id (sim->writer, run_id);
  melt_recording_writer_set_platform (sim->writer, options->platform);
  melt_recording_writer_set_simulated (sim->writer, TRUE);
  melt_recording_writer_set_created_by (sim->writer, "Meltline " PACKAGE_VERSION " simulator");

  if (!simulate_flight (sim, cancellable, error)
      || !simulate_print (sim, cancellable, progress, user_data, error))
    {
      melt_recording_writer_abort (sim->writer);
      return FALSE;
    }
  return melt_recording_writer_finish (sim->writer, cancellable, error);
}
