/* melt-h5-chunks.h: shuffle + deflate of many HDF5 chunks on every core (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <hdf5.h>

G_BEGIN_DECLS

/*
 * MeltH5Chunks:
 *
 * HDF5 runs its filters on the calling thread, one chunk after another; a
 * plan's or a recording's columns are many chunks. A MeltH5Chunks collects
 * the arrays of several chunked datasets (created with the shuffle and
 * deflate filters, in that order, and no other), compresses their chunks
 * on a pool of threads with zlib exactly as those filters would, and
 * writes each one with H5Dwrite_chunk(), in order. Readers see ordinary
 * shuffled, deflated chunks: h5py, h5dump and HDF5's own filter pipeline
 * read them without Meltline.
 *
 * Datasets are row-major arrays of @n_rows rows of @row_bytes bytes of
 * little-endian elements of @element_size bytes, chunked by whole rows
 * (chunk dimensions { chunk_rows, … full row … }). The last chunk is padded
 * with zeros, as HDF5 pads it.
 */
typedef struct _MeltH5Chunks MeltH5Chunks;

/* Whether this host can write chunks for HDF5 itself: little-endian, and
 * the HDF5 library has the shuffle and deflate filters to read them back */
gboolean      _melt_h5_chunks_supported (void);

MeltH5Chunks *_melt_h5_chunks_new       (int            level);
void          _melt_h5_chunks_add       (MeltH5Chunks  *chunks,
                                         hid_t          dataset,
                                         const void    *data,
                                         gsize          element_size,
                                         gsize          row_bytes,
                                         hsize_t        n_rows,
                                         hsize_t        chunk_rows);
/* Compresses and writes every chunk added; on failure returns the dataset
 * that failed in @failed (or H5I_INVALID_HID for a zlib failure) */
gboolean      _melt_h5_chunks_write     (MeltH5Chunks  *chunks,
                                         hid_t         *failed);
void          _melt_h5_chunks_free      (MeltH5Chunks  *chunks);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MeltH5Chunks, _melt_h5_chunks_free)

G_END_DECLS
