/* melt-recording.h: a recorded run ("meltline-run" HDF5), read lazily
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "melt-process.h"
#include "melt-recording-mapping.h"

G_BEGIN_DECLS

#define MELT_RECORDING_ERROR (melt_recording_error_quark ())

/**
 * MeltRecordingError:
 * @MELT_RECORDING_ERROR_IO: the file cannot be opened, created, written or
 *   renamed, or is not a local file
 * @MELT_RECORDING_ERROR_NOT_HDF5: the file is not HDF5
 * @MELT_RECORDING_ERROR_FORMAT: HDF5, but not a "meltline-run" (no or another
 *   `format` attribute); a mapping file opens other layouts
 * @MELT_RECORDING_ERROR_VERSION: a format_version this build does not read
 * @MELT_RECORDING_ERROR_INVALID: a group, dataset or attribute is missing or
 *   has a wrong value or length (a channel longer or shorter than its time)
 * @MELT_RECORDING_ERROR_TIME: a time is not finite, or times do not increase
 *   strictly (the message gives the index and both values)
 * @MELT_RECORDING_ERROR_TYPE: a dataset has a type or rank Meltline does not
 *   read
 * @MELT_RECORDING_ERROR_FILTER: a dataset is compressed with a filter this
 *   HDF5 library lacks (named: deflate, szip, or the filter id)
 * @MELT_RECORDING_ERROR_CORRUPT: the file is cut short or its data damaged
 * @MELT_RECORDING_ERROR_NOT_FOUND: no stream, channel or frame stack of that
 *   name, or an index past the end
 *
 * Every message names the file, the place in it (an HDF5 path such as
 * “/streams/motion/x”, and an index where there is one) and what was
 * expected. Writer errors use the same domain.
 */
typedef enum
{
  MELT_RECORDING_ERROR_IO,
  MELT_RECORDING_ERROR_NOT_HDF5,
  MELT_RECORDING_ERROR_FORMAT,
  MELT_RECORDING_ERROR_VERSION,
  MELT_RECORDING_ERROR_INVALID,
  MELT_RECORDING_ERROR_TIME,
  MELT_RECORDING_ERROR_TYPE,
  MELT_RECORDING_ERROR_FILTER,
  MELT_RECORDING_ERROR_CORRUPT,
  MELT_RECORDING_ERROR_NOT_FOUND,
} MeltRecordingError;

/* The root "format" attribute and the "format_version" this build reads and
 * writes; docs/recording-format.md describes the layout */
#define MELT_RECORDING_FORMAT         "meltline-run"
#define MELT_RECORDING_FORMAT_VERSION 1

/* An index lookup that found no sample (before the first, after the last) */
#define MELT_RECORDING_NO_INDEX G_MAXUINT64

/* Event kinds the format names (others are allowed: lower-case words
 * joined by '-'). Flight phases are events of kind "phase" whose text is
 * one of the MELT_PHASE_* names. */
#define MELT_EVENT_LAYER_START   "layer-start"
#define MELT_EVENT_BEAD_START    "bead-start"
#define MELT_EVENT_BEAD_STOP     "bead-stop"
#define MELT_EVENT_COMMAND       "command"
#define MELT_EVENT_PHASE         "phase"
#define MELT_EVENT_FAULT         "fault"
#define MELT_EVENT_DISCHARGE     "discharge"
#define MELT_EVENT_POROSITY_RISK "porosity-risk"

#define MELT_PHASE_GROUND        "ground"
#define MELT_PHASE_LAUNCH        "launch"
#define MELT_PHASE_COAST         "coast"
#define MELT_PHASE_MICROGRAVITY  "microgravity"
#define MELT_PHASE_REENTRY       "re-entry"

/**
 * MeltSampleType:
 *
 * The element type of a channel or frame stack, as stored (little-endian
 * HDF5 standard types). Channels may be any of them; frames are
 * %MELT_SAMPLE_UINT16 or %MELT_SAMPLE_FLOAT32.
 */
typedef enum
{
  MELT_SAMPLE_INT8,
  MELT_SAMPLE_UINT8,
  MELT_SAMPLE_INT16,
  MELT_SAMPLE_UINT16,
  MELT_SAMPLE_INT32,
  MELT_SAMPLE_UINT32,
  MELT_SAMPLE_INT64,
  MELT_SAMPLE_UINT64,
  MELT_SAMPLE_FLOAT32,
  MELT_SAMPLE_FLOAT64,
} MeltSampleType;

/* Bytes per element: 1 to 8 */
gsize       melt_sample_type_get_size (MeltSampleType type);
/* "int8" … "float64" */
const char *melt_sample_type_to_string (MeltSampleType type);

/**
 * MeltRecordingChannel:
 * @name: the dataset's name in its stream, e.g. "x"
 * @units: UDUNITS spelling ("mm", "W", "K", "1"); "" when the file has none
 * @long_name: what it is; the name when the file has none
 * @type: the stored type; reads convert to double or float
 */
typedef struct
{
  const char     *name;
  const char     *units;
  const char     *long_name;
  MeltSampleType  type;
} MeltRecordingChannel;

/**
 * MeltRecordingStream:
 * @name: the group's name under /streams, e.g. "motion"
 * @rate_hz: nominal sample rate, 0 when the file gives none
 * @n_samples: the length of `time` and of every channel
 * @start_s: the first time; NaN when @n_samples is 0
 * @end_s: the last time; NaN when @n_samples is 0
 * @n_channels: the number of channels
 * @channels: (array length=n_channels): in the order they were written
 */
typedef struct
{
  const char                 *name;
  double                      rate_hz;
  guint64                     n_samples;
  double                      start_s;
  double                      end_s;
  guint                       n_channels;
  const MeltRecordingChannel *channels;
} MeltRecordingStream;

/**
 * MeltRecordingFrames:
 * @name: the group's name under /frames, e.g. "coaxial"
 * @rate_hz: nominal frame rate, 0 when the file gives none
 * @n_frames: the number of frames
 * @height: rows per frame
 * @width: columns per frame
 * @type: %MELT_SAMPLE_UINT16 (counts) or %MELT_SAMPLE_FLOAT32
 * @units: units of the pixel values ("1" for counts, "K")
 * @long_name: what the frames show
 * @start_s: the first frame's time; NaN when there are none
 * @end_s: the last frame's time; NaN when there are none
 */
typedef struct
{
  const char     *name;
  double          rate_hz;
  guint64         n_frames;
  guint           height;
  guint           width;
  MeltSampleType  type;
  const char     *units;
  const char     *long_name;
  double          start_s;
  double          end_s;
} MeltRecordingFrames;

/**
 * MeltRecordingEvent:
 * @time_s: when, in seconds on the streams' clock
 * @kind: e.g. %MELT_EVENT_BEAD_START
 * @text: free text (for a phase, its name); may be ""
 */
typedef struct
{
  double      time_s;
  const char *kind;
  const char *text;
} MeltRecordingEvent;

#define MELT_TYPE_RECORDING (melt_recording_get_type ())

G_DECLARE_FINAL_TYPE (MeltRecording, melt_recording, MELT, RECORDING, GObject)

GQuark                     melt_recording_error_quark       (void);

/* Opens @file read-only (nothing is ever written to it) and checks the
 * layout: root attributes, every stream's `time` and channels (type, rank,
 * length, filters), frame stacks, and reads the events. No signal data is
 * read beyond the first and last time of each stream and frame stack. */
MeltRecording             *melt_recording_open              (GFile         *file,
                                                             GCancellable  *cancellable,
                                                             GError       **error);

/* Opens @file, an HDF5 file of another layout, read-only, through the
 * mapping file @mapping (docs/mapping-format.md): its streams, channels,
 * frame stacks and events are read as a "meltline-run"'s, the times
 * converted to seconds. The mapping's errors are
 * %MELT_RECORDING_MAPPING_ERROR; the datasets are checked as in
 * melt_recording_open(), each error naming the HDF5 file, the dataset and
 * where the mapping names it. */
MeltRecording             *melt_recording_open_with_mapping (GFile                 *file,
                                                             GFile                 *mapping,
                                                             GCancellable          *cancellable,
                                                             GError               **error);
/* The same with a mapping already read */
MeltRecording             *melt_recording_open_mapped       (GFile                 *file,
                                                             MeltRecordingMapping  *mapping,
                                                             GCancellable          *cancellable,
                                                             GError               **error);

/* Root attributes */
GFile                     *melt_recording_get_file          (MeltRecording *self);
const char                *melt_recording_get_run_id        (MeltRecording *self);
MeltPlatform               melt_recording_get_platform      (MeltRecording *self);
gboolean                   melt_recording_get_simulated     (MeltRecording *self);
/* (nullable): absent from the file */
const char                *melt_recording_get_material      (MeltRecording *self);
const char                *melt_recording_get_created_by    (MeltRecording *self);
const char                *melt_recording_get_process_json  (MeltRecording *self);
/* Parses the `process` attribute (melt_process_load_bytes()); an error
 * when the file has none or it is not a valid process set */
MeltProcess               *melt_recording_load_process      (MeltRecording *self,
                                                             GError       **error);
/* The earliest and latest time of any stream, frame stack or event; FALSE
 * when the recording holds nothing */
gboolean                   melt_recording_get_time_span     (MeltRecording *self,
                                                             double        *start_s,
                                                             double        *end_s);

/* What it holds. Pointers belong to @self and live as long as it. */
guint                      melt_recording_get_n_streams     (MeltRecording *self);
const MeltRecordingStream *melt_recording_get_stream        (MeltRecording *self,
                                                             guint          index);
/* (nullable): no stream or channel of that name */
const MeltRecordingStream *melt_recording_lookup_stream     (MeltRecording *self,
                                                             const char    *stream);
const MeltRecordingChannel *melt_recording_lookup_channel   (MeltRecording *self,
                                                             const char    *stream,
                                                             const char    *channel);
guint                      melt_recording_get_n_frames      (MeltRecording *self);
const MeltRecordingFrames *melt_recording_get_frames        (MeltRecording *self,
                                                             guint          index);
const MeltRecordingFrames *melt_recording_lookup_frames     (MeltRecording *self,
                                                             const char    *frames);

/* Time → sample index in @stream: the first sample at or after @time_s, or
 * the last at or before it; MELT_RECORDING_NO_INDEX when there is none.
 * Binary search reading only the chunks of `time` it visits (a few are
 * kept, so nearby lookups read nothing). */
gboolean melt_recording_index_at_or_after  (MeltRecording  *self,
                                            const char     *stream,
                                            double          time_s,
                                            guint64        *index,
                                            GError        **error);
gboolean melt_recording_index_at_or_before (MeltRecording  *self,
                                            const char     *stream,
                                            double          time_s,
                                            guint64        *index,
                                            GError        **error);

/* The samples of @channel with @start_s <= time <= @end_s: *@times and
 * *@values are new arrays of *@n_samples (NULL when 0; free with g_free).
 * Reads only that part of the datasets. */
gboolean melt_recording_read_window        (MeltRecording  *self,
                                            const char     *stream,
                                            const char     *channel,
                                            double          start_s,
                                            double          end_s,
                                            double        **times,
                                            double        **values,
                                            gsize          *n_samples,
                                            GError        **error);
/* Samples [@first, @first + @count) into caller arrays of @count (either
 * may be NULL). @channel may be NULL to read the times alone. */
gboolean melt_recording_read_range         (MeltRecording  *self,
                                            const char     *stream,
                                            const char     *channel,
                                            guint64         first,
                                            gsize           count,
                                            double         *times,
                                            double         *values,
                                            GError        **error);
/* The same as floats, without the times: what a decimation pyramid reads */
gboolean melt_recording_read_samples       (MeltRecording  *self,
                                            const char     *stream,
                                            const char     *channel,
                                            guint64         first,
                                            gsize           count,
                                            float          *out,
                                            GError        **error);
/* Sample-and-hold: the value of the last sample at or before @time_s, and
 * its index. Before the first sample (or in an empty stream) *@value is NaN
 * and *@index MELT_RECORDING_NO_INDEX; that is not an error. */
gboolean melt_recording_value_at           (MeltRecording  *self,
                                            const char     *stream,
                                            const char     *channel,
                                            double          time_s,
                                            double         *value,
                                            guint64        *index,
                                            GError        **error);

/* Frames. The frame shown at @time_s is the last at or before it
 * (sample-and-hold); MELT_RECORDING_NO_INDEX before the first. */
gboolean melt_recording_frame_index_at     (MeltRecording  *self,
                                            const char     *frames,
                                            double          time_s,
                                            guint64        *index,
                                            GError        **error);
gboolean melt_recording_get_frame_time     (MeltRecording  *self,
                                            const char     *frames,
                                            guint64         index,
                                            double         *time_s,
                                            GError        **error);
/* Reads frame @index (height × width elements of the stack's type, row by
 * row) into @buffer of @buffer_size bytes, which must hold a frame */
gboolean melt_recording_read_frame         (MeltRecording  *self,
                                            const char     *frames,
                                            guint64         index,
                                            gpointer        buffer,
                                            gsize           buffer_size,
                                            GError        **error);
/* The same into a new array (free with g_free) of *@size bytes */
gpointer melt_recording_dup_frame          (MeltRecording  *self,
                                            const char     *frames,
                                            guint64         index,
                                            gsize          *size,
                                            GError        **error);

/* Events, sorted by time (read when the file is opened) */
const MeltRecordingEvent *melt_recording_get_events           (MeltRecording *self,
                                                               gsize         *n_events);
/* Those with @start_s <= time <= @end_s: a pointer into the sorted array */
const MeltRecordingEvent *melt_recording_get_events_in_window (MeltRecording *self,
                                                               double         start_s,
                                                               double         end_s,
                                                               gsize         *n_events);
/* The flight phase at @time_s: the text of the last "phase" event at or
 * before it, or NULL */
const char               *melt_recording_get_phase_at         (MeltRecording *self,
                                                               double         time_s);

/* Reads every `time` dataset in full, chunk by chunk, and checks that it is
 * finite and strictly increasing (opening checks only the ends; reads check
 * what they read). For `meltline-cli inspect` and before building a
 * pyramid of a file from elsewhere. */
gboolean                  melt_recording_verify               (MeltRecording *self,
                                                               GCancellable  *cancellable,
                                                               GError       **error);

G_END_DECLS
