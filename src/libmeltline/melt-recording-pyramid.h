/* melt-recording-pyramid.h: the min/max pyramid of one channel of a recorded run, cached
 * in the user's cache directory, and the M4 points a plot of it draws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "melt-pyramid.h"
#include "melt-recording.h"

G_BEGIN_DECLS

/**
 * MeltSeriesPoint:
 * @time_s: when, in seconds on the recording's clock
 * @value: the sample; NaN breaks the line
 *
 * One point of a plotted series: a sample of the channel at its time.
 */
typedef struct
{
  double time_s;
  double value;
} MeltSeriesPoint;

#define MELT_TYPE_RECORDING_PYRAMID (melt_recording_pyramid_get_type ())

G_DECLARE_FINAL_TYPE (MeltRecordingPyramid, melt_recording_pyramid, MELT, RECORDING_PYRAMID, GObject)

/*
 * A MeltRecordingPyramid ties a MeltPyramid to the channel @stream/@channel
 * of @recording: its source reads the channel (melt_recording_read_samples(),
 * which takes the HDF5 lock, so builds and queries may run on any thread),
 * and its key names the file (path, size, modification time) and the
 * dataset. The pyramid lives in $XDG_CACHE_HOME/meltline/pyramids/, never
 * next to or inside the recording, which is only read.
 *
 * melt_recording_pyramid_new() loads the cached pyramid when there is a
 * sound one for this key; otherwise the pyramid is empty, and building it
 * (melt_recording_pyramid_build_async()) saves it to the cache atomically
 * once complete. Queries work at any time; while the pyramid builds they
 * may be approximate (MELT_M4_APPROXIMATE, see melt-pyramid.h).
 */

/* The cache key of @stream/@channel of @recording (64 hex digits) */
char                 *melt_recording_pyramid_make_key      (MeltRecording         *recording,
                                                            const char            *stream,
                                                            const char            *channel,
                                                            GError               **error);

MeltRecordingPyramid *melt_recording_pyramid_new           (MeltRecording         *recording,
                                                            const char            *stream,
                                                            const char            *channel,
                                                            GError               **error);

MeltRecording        *melt_recording_pyramid_get_recording (MeltRecordingPyramid  *self);
const char           *melt_recording_pyramid_get_stream    (MeltRecordingPyramid  *self);
const char           *melt_recording_pyramid_get_channel   (MeltRecordingPyramid  *self);
MeltPyramid          *melt_recording_pyramid_get_pyramid   (MeltRecordingPyramid  *self);
/* The cache file of the pyramid (it may not exist yet) */
GFile                *melt_recording_pyramid_get_cache_file (MeltRecordingPyramid *self);
/* TRUE when the pyramid was loaded from the cache */
gboolean              melt_recording_pyramid_get_from_cache (MeltRecordingPyramid *self);
gboolean              melt_recording_pyramid_is_complete   (MeltRecordingPyramid  *self);

/* Builds what is not built yet (for a compressed `time`, the table of
 * times too) and saves the complete pyramid to the cache. A cache that
 * cannot be written is not an error (the pyramid is usable; the reason
 * goes to the debug log). Nothing happens when the pyramid came from the
 * cache complete. Cancelled after the pyramid is built but before its
 * table of times, it saves the pyramid and fails with
 * G_IO_ERROR_CANCELLED; the next build makes the table alone. */
gboolean              melt_recording_pyramid_build         (MeltRecordingPyramid  *self,
                                                            GCancellable          *cancellable,
                                                            GError               **error);
/* The same on worker threads; @progress runs in the caller's main context */
void                  melt_recording_pyramid_build_async   (MeltRecordingPyramid  *self,
                                                            GCancellable          *cancellable,
                                                            MeltPyramidProgressFunc progress,
                                                            gpointer               progress_data,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
gboolean              melt_recording_pyramid_build_finish  (MeltRecordingPyramid  *self,
                                                            GAsyncResult          *result,
                                                            GError               **error);

/* The points to draw @start_s ≤ t ≤ @end_s over @n_columns pixel columns:
 * for each M4 column its first, min, max and last sample (in index order,
 * each once) at their times; or every sample when there are fewer than
 * two per column (@flags then has MELT_M4_RAW | MELT_M4_SPARSE). The
 * sample just before the window and the one just after it, when there are
 * any, are added at the ends so that a line or a step enters and leaves
 * the plot. Columns still unknown while the pyramid builds are left out.
 * *@points is a new array of MeltSeriesPoint (empty when the window holds
 * no sample and has none around it). */
gboolean              melt_recording_pyramid_query         (MeltRecordingPyramid  *self,
                                                            double                 start_s,
                                                            double                 end_s,
                                                            guint                  n_columns,
                                                            GArray               **points,
                                                            MeltM4Flags           *flags,
                                                            GError               **error);

G_END_DECLS
