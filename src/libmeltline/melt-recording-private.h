/* melt-recording-private.h: what the recording reader and writer share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <hdf5.h>

#include "melt-hdf5-private.h"
#include "melt-recording.h"

G_BEGIN_DECLS

/* “FILE: WHERE: WHAT”, plus HDF5's innermost message when it has one (and
 * clears HDF5's error stack). Every call into HDF5 holds the core's one
 * lock (melt-hdf5-private.h), which also silences HDF5's own printing. */
#define _melt_recording_set_error(error, code, display, where, ...) \
  _melt_hdf5_set_error (error, MELT_RECORDING_ERROR, code, display, where, __VA_ARGS__)

hid_t  _melt_sample_type_file_type   (MeltSampleType        type);
hid_t  _melt_sample_type_memory_type (MeltSampleType        type);

/* Blocks of `time` read by lookups since the recording was opened: tests
 * check that a window read visits a few chunks, not the whole run */
guint64 _melt_recording_get_blocks_read (MeltRecording *self);

/* The chunk cache HDF5 keeps for @channel of @stream, or its `time` when
 * @channel is NULL (bytes; 0: none, reads take only the selected bytes);
 * G_MAXSIZE when there is no such stream or channel */
gsize   _melt_recording_get_cache_size      (MeltRecording *self,
                                             const char    *stream,
                                             const char    *channel);

/* Whether @stream's `time` goes through HDF5 filters (compressed), so that
 * reading any one time inflates a whole chunk */
gboolean _melt_recording_time_is_filtered   (MeltRecording *self,
                                             const char    *stream);

G_END_DECLS
