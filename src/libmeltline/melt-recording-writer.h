/* melt-recording-writer.h: writes a recorded run ("meltline-run" HDF5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "melt-process.h"
#include "melt-recording.h"

G_BEGIN_DECLS

/**
 * MeltRecordingWriterOptions:
 * @compress: shuffle + deflate (level 1) on chunked datasets, when the
 *   HDF5 library has both filters (default TRUE)
 * @contiguous: store streams and frame stacks whose length is declared up
 *   front as contiguous datasets (no chunks, no compression); those of
 *   unknown length are chunked all the same (default FALSE)
 * @chunk_samples: samples per chunk of a stream (the same rows in `time`
 *   and in every channel): 8192 to 131072, default 65536, i.e. 512 KiB of
 *   float64 time and 256 KiB of a float32 channel. Frames are always one
 *   per chunk.
 */
typedef struct
{
  gboolean compress;
  gboolean contiguous;
  guint    chunk_samples;
} MeltRecordingWriterOptions;

#define MELT_RECORDING_WRITER_MIN_CHUNK_SAMPLES     8192
#define MELT_RECORDING_WRITER_MAX_CHUNK_SAMPLES     131072
#define MELT_RECORDING_WRITER_DEFAULT_CHUNK_SAMPLES 65536

void melt_recording_writer_options_init (MeltRecordingWriterOptions *options);

#define MELT_TYPE_RECORDING_WRITER (melt_recording_writer_get_type ())

G_DECLARE_FINAL_TYPE (MeltRecordingWriter, melt_recording_writer, MELT, RECORDING_WRITER, GObject)

/*
 * A MeltRecordingWriter writes one recording, streaming: samples are
 * appended in blocks and written a chunk at a time (extendible chunked
 * datasets), so a simulator writes 100 M samples holding one chunk per
 * channel. Everything goes to a temporary file in @file's directory
 * (".NAME.XXXXXX"), renamed over @file by melt_recording_writer_finish();
 * melt_recording_writer_abort(), a failed finish, or dropping the last
 * reference before finishing removes it and leaves @file as it was.
 *
 * Order of calls: new; set the root attributes (any time before finish);
 * add streams, each with its channels, then append samples to them (a
 * stream's channels are fixed by its first append); add frame stacks and
 * append frames; add events (any order: they are sorted by time); finish.
 * Errors are in MELT_RECORDING_ERROR and name the file and the place.
 * HDF5 calls hold the lock the reader holds.
 */

/* @options: (nullable): NULL for the defaults */
MeltRecordingWriter *melt_recording_writer_new          (GFile                             *file,
                                                         const MeltRecordingWriterOptions  *options,
                                                         GError                           **error);

/* Root attributes. Defaults: run_id a random UUID, platform ground,
 * simulated FALSE, created_by "Meltline VERSION", no material, no process. */
void     melt_recording_writer_set_run_id     (MeltRecordingWriter *self,
                                               const char          *run_id);
void     melt_recording_writer_set_platform   (MeltRecordingWriter *self,
                                               MeltPlatform         platform);
void     melt_recording_writer_set_simulated  (MeltRecordingWriter *self,
                                               gboolean             simulated);
void     melt_recording_writer_set_material   (MeltRecordingWriter *self,
                                               const char          *material);
void     melt_recording_writer_set_created_by (MeltRecordingWriter *self,
                                               const char          *created_by);
/* Stores @process as JSON (melt_process_to_json()) and takes the material
 * and platform from it */
void     melt_recording_writer_set_process    (MeltRecordingWriter *self,
                                               MeltProcess         *process);

/* A stream: a group under /streams with its `time` (float64 seconds).
 * @rate_hz: nominal rate (0: none); @n_samples: the length when known up
 * front (0: unknown). *@stream is the id to add channels and append with. */
gboolean melt_recording_writer_add_stream     (MeltRecordingWriter *self,
                                               const char          *name,
                                               double               rate_hz,
                                               guint64              n_samples,
                                               guint               *stream,
                                               GError             **error);
/* A channel of @stream, stored as @type, before its first append. @name
 * may not be "time"; @units in UDUNITS spelling ("1" for counts). */
gboolean melt_recording_writer_add_channel    (MeltRecordingWriter *self,
                                               guint                stream,
                                               const char          *name,
                                               MeltSampleType       type,
                                               const char          *units,
                                               const char          *long_name,
                                               GError             **error);
/* Appends @n samples: @times (finite, strictly increasing, after the last
 * appended) and @values, one array of @n per channel in the order added
 * (converted to each channel's type as HDF5 converts). Nothing is appended
 * when it fails. */
gboolean melt_recording_writer_append         (MeltRecordingWriter *self,
                                               guint                stream,
                                               gsize                n,
                                               const double        *times,
                                               const double * const *values,
                                               GError             **error);

/* A frame stack under /frames: frames of @height × @width of @type
 * (MELT_SAMPLE_UINT16 or MELT_SAMPLE_FLOAT32), one per chunk. @n_frames:
 * the count when known up front (0: unknown). */
gboolean melt_recording_writer_add_frames     (MeltRecordingWriter *self,
                                               const char          *name,
                                               MeltSampleType       type,
                                               guint                height,
                                               guint                width,
                                               const char          *units,
                                               const char          *long_name,
                                               double               rate_hz,
                                               guint64              n_frames,
                                               guint               *frames,
                                               GError             **error);
/* Appends one frame (@height × @width elements of the stack's type, row by
 * row) taken at @time_s, after the last one appended */
gboolean melt_recording_writer_append_frame   (MeltRecordingWriter *self,
                                               guint                frames,
                                               double               time_s,
                                               gconstpointer        pixels,
                                               GError             **error);

/* An event: @kind is lower-case letters, digits and '-' (MELT_EVENT_*),
 * @text any UTF-8 text (NULL: ""); for a flight phase, kind
 * MELT_EVENT_PHASE and text a MELT_PHASE_* name */
gboolean melt_recording_writer_add_event      (MeltRecordingWriter *self,
                                               double               time_s,
                                               const char          *kind,
                                               const char          *text,
                                               GError             **error);

/* Writes what is buffered, the root attributes and the events, flushes the
 * file to the disk and renames it over the target. The writer is done
 * afterwards, whether it succeeded or not. */
gboolean melt_recording_writer_finish         (MeltRecordingWriter *self,
                                               GCancellable        *cancellable,
                                               GError             **error);
/* Drops everything written and removes the temporary file */
void     melt_recording_writer_abort          (MeltRecordingWriter *self);

G_END_DECLS
