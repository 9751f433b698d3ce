/* melt-recording-private.h: what the recording reader and writer share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <hdf5.h>

#include "melt-recording.h"

G_BEGIN_DECLS

/* HDF5 handles closed by g_auto */
typedef hid_t MeltRecH5File;
typedef hid_t MeltRecH5Group;
typedef hid_t MeltRecH5Dataset;
typedef hid_t MeltRecH5Attr;
typedef hid_t MeltRecH5Space;
typedef hid_t MeltRecH5Type;
typedef hid_t MeltRecH5Plist;

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (MeltRecH5File, H5Fclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (MeltRecH5Group, H5Gclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (MeltRecH5Dataset, H5Dclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (MeltRecH5Attr, H5Aclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (MeltRecH5Space, H5Sclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (MeltRecH5Type, H5Tclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (MeltRecH5Plist, H5Pclose, H5I_INVALID_HID)

/* Debian's HDF5 is not built thread-safe: the reader and the writer hold
 * this lock around every call into it. Locking also silences HDF5's own
 * printing (H5Eset_auto2); unlocking clears its error stack. */
void   _melt_recording_lock          (void);
void   _melt_recording_unlock        (void);

/* “FILE: WHERE: WHAT”, plus HDF5's innermost message when it has one (and
 * clears HDF5's error stack) */
void   _melt_recording_set_error     (GError              **error,
                                      MeltRecordingError    code,
                                      const char           *display,
                                      const char           *where,
                                      const char           *format,
                                      ...) G_GNUC_PRINTF (5, 6);

hid_t  _melt_sample_type_file_type   (MeltSampleType        type);
hid_t  _melt_sample_type_memory_type (MeltSampleType        type);

/* Blocks of `time` read by lookups since the recording was opened: tests
 * check that a window read visits a few chunks, not the whole run */
guint64 _melt_recording_get_blocks_read (MeltRecording *self);

G_END_DECLS
