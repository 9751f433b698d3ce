/* melt-hdf5-private.h: one lock for every call into HDF5 (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Debian's HDF5 is built without its thread-safety option: two threads in
 * the library at once corrupt its state. Plans, recordings and the HDF5
 * tree are read in worker threads, so every file that calls HDF5 takes this
 * one lock around its calls. It is recursive: a caller may hold it and call
 * another part of the core that takes it too.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Takes the lock and silences HDF5's own printing of errors (the callers
 * turn them into GErrors) */
void _melt_hdf5_lock   (void);
/* Clears HDF5's error stack and releases the lock */
void _melt_hdf5_unlock (void);

G_END_DECLS
