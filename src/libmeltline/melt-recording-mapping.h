/* melt-recording-mapping.h: how an HDF5 file of another layout maps onto a
 * recording ("meltline-mapping" JSON)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "melt-process.h"

G_BEGIN_DECLS

#define MELT_RECORDING_MAPPING_ERROR (melt_recording_mapping_error_quark ())

/**
 * MeltRecordingMappingError:
 * @MELT_RECORDING_MAPPING_ERROR_IO: the mapping file (or the process file it
 *   names) cannot be read
 * @MELT_RECORDING_MAPPING_ERROR_PARSE: not JSON, not UTF-8, or too large
 * @MELT_RECORDING_MAPPING_ERROR_FORMAT: the root is not a "meltline-mapping"
 *   object
 * @MELT_RECORDING_MAPPING_ERROR_VERSION: a format_version this build does not
 *   read
 * @MELT_RECORDING_MAPPING_ERROR_INVALID: a member is missing, unknown, of the
 *   wrong JSON type or has a wrong value (an unknown time unit, a duplicate
 *   name, a negative column)
 *
 * Every message names the mapping file, the member as a JSON path (e.g.
 * “$.streams[0].channels[2].path”) and what was expected. Problems with the
 * datasets themselves are found when the HDF5 file is opened and are
 * #MELT_RECORDING_ERROR errors naming both files.
 */
typedef enum
{
  MELT_RECORDING_MAPPING_ERROR_IO,
  MELT_RECORDING_MAPPING_ERROR_PARSE,
  MELT_RECORDING_MAPPING_ERROR_FORMAT,
  MELT_RECORDING_MAPPING_ERROR_VERSION,
  MELT_RECORDING_MAPPING_ERROR_INVALID,
} MeltRecordingMappingError;

/* The "format" and "format_version" of a mapping file;
 * docs/mapping-format.md describes it */
#define MELT_RECORDING_MAPPING_FORMAT         "meltline-mapping"
#define MELT_RECORDING_MAPPING_FORMAT_VERSION 1

/**
 * MeltRecordingMappingTime:
 * @path: the HDF5 path of a 1-D dataset of numbers, e.g. "/data/t_us"
 * @json_path: where @path is in the mapping, e.g. "$.streams[0].time.path"
 * @divisor: 1, 1e3, 1e6 or 1e9 for s, ms, us, ns; 1 with a scale
 * @scale: seconds per stored unit when the mapping gives "scale", else 1
 * @offset_s: added after the conversion
 *
 * A stored time t is (t / @divisor) × @scale + @offset_s seconds.
 */
typedef struct
{
  const char *path;
  const char *json_path;
  double      divisor;
  double      scale;
  double      offset_s;
} MeltRecordingMappingTime;

/**
 * MeltRecordingMappingChannel:
 * @name: the channel's name in its stream
 * @path: HDF5 path of a 1-D dataset, or of a 2-D one with @column
 * @json_path: where @path is in the mapping
 * @column: the column of a 2-D [N][K] dataset, -1 for a 1-D dataset
 * @units: (nullable): from the mapping; NULL to take the dataset's
 *   `units` attribute
 * @long_name: (nullable): the same for `long_name`
 */
typedef struct
{
  const char *name;
  const char *path;
  const char *json_path;
  gint64      column;
  const char *units;
  const char *long_name;
} MeltRecordingMappingChannel;

typedef struct
{
  const char                        *name;
  double                             rate_hz;
  MeltRecordingMappingTime           time;
  guint                              n_channels;
  const MeltRecordingMappingChannel *channels;
} MeltRecordingMappingStream;

/**
 * MeltRecordingMappingFrames:
 * @path: HDF5 path of a 3-D [F][H][W] dataset of numbers
 */
typedef struct
{
  const char               *name;
  double                    rate_hz;
  MeltRecordingMappingTime  time;
  const char               *path;
  const char               *json_path;
  const char               *units;
  const char               *long_name;
} MeltRecordingMappingFrames;

/**
 * MeltRecordingMappingEvents:
 * @kind: HDF5 path of a 1-D string dataset
 * @text: (nullable): the same, or NULL when every text is ""
 */
typedef struct
{
  MeltRecordingMappingTime  time;
  const char               *kind;
  const char               *kind_json_path;
  const char               *text;
  const char               *text_json_path;
} MeltRecordingMappingEvents;

#define MELT_TYPE_RECORDING_MAPPING (melt_recording_mapping_get_type ())

G_DECLARE_FINAL_TYPE (MeltRecordingMapping, melt_recording_mapping, MELT, RECORDING_MAPPING,
                      GObject)

GQuark                  melt_recording_mapping_error_quark (void);

/* Reads and checks a mapping file (its JSON only: the datasets are checked
 * when a recording is opened with it). A "process" file is read relative
 * to the mapping's folder and checked as a process set. */
MeltRecordingMapping   *melt_recording_mapping_load        (GFile          *file,
                                                            GCancellable   *cancellable,
                                                            GError        **error);
/* The same from memory; @display names it in errors; @base (nullable) is
 * the folder a relative "process" path is read from */
MeltRecordingMapping   *melt_recording_mapping_load_bytes  (GBytes         *bytes,
                                                            const char     *display,
                                                            GFile          *base,
                                                            GError        **error);

const char             *melt_recording_mapping_get_display      (MeltRecordingMapping *self);
/* (nullable): not in the mapping */
const char             *melt_recording_mapping_get_run_id       (MeltRecordingMapping *self);
/* TRUE when the mapping says the file holds simulated data (default FALSE) */
gboolean                melt_recording_mapping_get_simulated    (MeltRecordingMapping *self);
/* MELT_PLATFORM_GROUND when the mapping names none */
MeltPlatform            melt_recording_mapping_get_platform     (MeltRecordingMapping *self);
const char             *melt_recording_mapping_get_material     (MeltRecordingMapping *self);
const char             *melt_recording_mapping_get_process_json (MeltRecordingMapping *self);

guint                   melt_recording_mapping_get_n_streams    (MeltRecordingMapping *self);
const MeltRecordingMappingStream *
                        melt_recording_mapping_get_stream       (MeltRecordingMapping *self,
                                                                 guint                 index);
guint                   melt_recording_mapping_get_n_frames     (MeltRecordingMapping *self);
const MeltRecordingMappingFrames *
                        melt_recording_mapping_get_frames       (MeltRecordingMapping *self,
                                                                 guint                 index);
/* (nullable): the mapping has no "events" */
const MeltRecordingMappingEvents *
                        melt_recording_mapping_get_events       (MeltRecordingMapping *self);

G_END_DECLS
