/* melt-simulator.h: simulated recorded runs of a plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "melt-plan.h"
#include "melt-process.h"
#include "melt-recording-writer.h"

G_BEGIN_DECLS

/**
 * MeltSimulatorParam:
 * @MELT_SIMULATOR_PARAM_WIDTH_SETPOINT: the melt-pool width the controller holds
 * @MELT_SIMULATOR_PARAM_POWER: the feed-forward laser power or beam current
 * @MELT_SIMULATOR_PARAM_WIRE_FEED: the wire feed
 * @MELT_SIMULATOR_PARAM_HELIUM_FLOW: the helium flow (electron beam)
 *
 * What a ground command changes.
 */
typedef enum
{
  MELT_SIMULATOR_PARAM_WIDTH_SETPOINT,
  MELT_SIMULATOR_PARAM_POWER,
  MELT_SIMULATOR_PARAM_WIRE_FEED,
  MELT_SIMULATOR_PARAM_HELIUM_FLOW,
} MeltSimulatorParam;

/**
 * MeltSimulatorCommand:
 * @time_s: when it arrives, in seconds from the start of the print
 * @param: what it changes
 * @factor: the new value as a multiple of the process set's nominal one
 *
 * A parameter change sent from the ground by telemetry; the simulation
 * follows it from @time_s on and records a "command" event.
 */
typedef struct
{
  double             time_s;
  MeltSimulatorParam param;
  double             factor;
} MeltSimulatorCommand;

/**
 * MeltSimulatorOptions:
 * @platform: the flight platform (its g-profile and phases)
 * @seed: the random seed: the same seed, plan, process and options give a
 *   byte-identical file
 * @camera_width: coaxial camera frame width in pixels; 0 for no frames
 * @camera_height: frame height in pixels
 * @camera_hz: frame rate (and the rate of the melt_pool stream and of the
 *   width controller)
 * @max_duration_s: simulate at most this much of the print; 0 for all of it
 * @closed_loop: whether the PI controller holds the melt-pool width (TRUE
 *   by default); FALSE runs the plan's power open loop
 * @commands: (array length=n_commands) (nullable): ground commands; NULL
 *   for the default schedule (width setpoint +5 % from 40 % to 70 % of the
 *   print)
 * @n_commands: their number (0 with a non-NULL @commands: no commands)
 */
typedef struct
{
  MeltPlatform                platform;
  guint64                     seed;
  guint                       camera_width;
  guint                       camera_height;
  double                      camera_hz;
  double                      max_duration_s;
  gboolean                    closed_loop;
  const MeltSimulatorCommand *commands;
  guint                       n_commands;
} MeltSimulatorOptions;

#define MELT_SIMULATOR_DEFAULT_CAMERA_WIDTH  64
#define MELT_SIMULATOR_DEFAULT_CAMERA_HEIGHT 64
#define MELT_SIMULATOR_DEFAULT_CAMERA_HZ     200.0
#define MELT_SIMULATOR_DEFAULT_SEED          1

/* Ground platform, seed 1, a 64 × 64 camera at 200 Hz, the whole print,
 * closed loop, the default commands */
void     melt_simulator_options_init (MeltSimulatorOptions *options);

/* Parses "WxH@HZ" (e.g. "64x64@200") or "none" (no frames) into @options;
 * FALSE with a translated message when it is neither */
gboolean melt_simulator_parse_camera (const char           *spec,
                                      MeltSimulatorOptions *options,
                                      GError              **error);

/* Called now and then with the fraction of the print simulated */
typedef void (*MeltSimulateProgress) (double   fraction,
                                      gpointer user_data);

/*
 * Simulates a run of @plan's toolpath with @process (laser-wire or
 * electron-beam wire) on @options' platform and writes it to @output
 * through a MeltRecordingWriter, streaming in blocks (memory does not grow
 * with the run's length). docs/recording-format.md, “Simulated runs”,
 * gives every signal's model and noise. On failure or cancellation @output
 * is left as it was. Errors: MELT_RECORDING_ERROR (writing), G_IO_ERROR
 * (cancelled), MELT_PROCESS_ERROR (a set whose melt-pool model does not
 * apply, an unknown material), G_IO_ERROR_INVALID_ARGUMENT (an empty
 * toolpath, bad options).
 */
gboolean melt_simulate (MeltPlan                   *plan,
                        MeltProcess                *process,
                        const MeltSimulatorOptions *options,
                        GFile                      *output,
                        GCancellable               *cancellable,
                        MeltSimulateProgress        progress,
                        gpointer                    user_data,
                        GError                    **error);

G_END_DECLS
