/* melt-h5-inflate.h: reading deflated HDF5 chunks on every core (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <hdf5.h>

G_BEGIN_DECLS

/*
 * HDF5 runs its filters on the calling thread, one chunk after another,
 * and its shuffle filter goes byte by byte: reading a deflated float32
 * column spends a quarter of its time unshuffling and the rest inflating on
 * one core. _melt_h5_inflate_read_1d() reads elements [@first, @first +
 * @count) of a 1-D chunked dataset whose only filters are deflate, or
 * shuffle then deflate, and whose file type is @memory_type: it takes each
 * chunk's stored bytes with H5Dread_chunk() and inflates and unshuffles
 * them on a pool of threads, the calling one included.
 *
 * It is an optimisation only: it returns FALSE, having perhaps written part
 * of @out, whenever it cannot read the whole range itself (another
 * layout, filter or type; a range of under two chunks; a chunk not
 * stored, stored with a filter skipped, larger than its compressed bound
 * or not inflating to exactly one chunk; partial edge chunks stored
 * unfiltered, H5D_CHUNK_DONT_FILTER_PARTIAL_CHUNKS). The caller then
 * reads with H5Dread(), which reports any damage in HDF5's words. Nothing
 * it allocates depends on a size the file claims beyond a chunk's, and
 * chunks over 16 MiB are left to HDF5.
 *
 * _melt_h5_inflate_can_read() says whether the dataset's layout, filters
 * and type are ones it reads (given a range of two chunks or more, and
 * chunks stored as their filters say).
 *
 * Call both holding the core's HDF5 lock (melt-hdf5-private.h); the
 * threads that inflate never call HDF5.
 */
gboolean _melt_h5_inflate_can_read (hid_t    dataset,
                                    hid_t    memory_type);
gboolean _melt_h5_inflate_read_1d  (hid_t    dataset,
                                    hid_t    memory_type,
                                    guint64  first,
                                    gsize    count,
                                    void    *out);

G_END_DECLS
