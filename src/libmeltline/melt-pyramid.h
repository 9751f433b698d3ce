/* melt-pyramid.h: a min/max decimation pyramid over one series of float32
 * samples, for M4 plots whose redraw costs the screen width, not the data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MELT_PYRAMID_ERROR (melt_pyramid_error_quark ())

/**
 * MeltPyramidError:
 * @MELT_PYRAMID_ERROR_SOURCE: the source callback failed without saying why
 * @MELT_PYRAMID_ERROR_NO_MEMORY: the levels do not fit in memory
 * @MELT_PYRAMID_ERROR_INCOMPLETE: the pyramid is not fully built (save)
 * @MELT_PYRAMID_ERROR_IO: a cache file cannot be read or written
 * @MELT_PYRAMID_ERROR_CORRUPT: a cache file is truncated, malformed or its
 *   checksum does not match: the caller rebuilds
 * @MELT_PYRAMID_ERROR_MISMATCH: a sound cache file made for another series
 *   (another key or length), format version or byte order: the caller rebuilds
 */
typedef enum
{
  MELT_PYRAMID_ERROR_SOURCE,
  MELT_PYRAMID_ERROR_NO_MEMORY,
  MELT_PYRAMID_ERROR_INCOMPLETE,
  MELT_PYRAMID_ERROR_IO,
  MELT_PYRAMID_ERROR_CORRUPT,
  MELT_PYRAMID_ERROR_MISMATCH,
} MeltPyramidError;

/* Defaults for melt_pyramid_new() (block_size and factor 0) */
#define MELT_PYRAMID_DEFAULT_BLOCK_SIZE 64
#define MELT_PYRAMID_DEFAULT_FACTOR     8

/**
 * MeltPyramidReadFunc:
 * @user_data: the source
 * @first: index of the first sample to read
 * @count: how many (at least 1; @first + @count never exceeds the length)
 * @out: where to write @count samples
 * @error: set on failure (a NULL error with FALSE gives a generic message)
 *
 * Reads samples [@first, @first + @count). Called from the build threads
 * and from the threads that query, possibly at the same time: the source
 * must be thread-safe (a recording reader takes its HDF5 lock).
 *
 * Returns: TRUE when all @count samples were written
 */
typedef gboolean (*MeltPyramidReadFunc) (gpointer   user_data,
                                         guint64    first,
                                         guint64    count,
                                         float     *out,
                                         GError   **error);

/**
 * MeltM4Flags:
 * @MELT_M4_NONE: every column is exact, from the pyramid's complete levels
 *   (and raw samples at the range's unaligned ends)
 * @MELT_M4_RAW: every column was computed from raw samples read through the
 *   source: min_index and max_index are exact (spans of 1)
 * @MELT_M4_SPARSE: fewer than two samples per column: draw the samples
 *   themselves (melt_pyramid_query_raw()); when there are no more samples
 *   than columns, each column holds exactly one sample
 * @MELT_M4_APPROXIMATE: the pyramid is still building (or its build was
 *   cancelled) and some columns fell back on the preview or are unknown;
 *   see each column's flags. Columns may be fewer and wider than asked.
 */
typedef enum
{
  MELT_M4_NONE        = 0,
  MELT_M4_RAW         = 1 << 0,
  MELT_M4_SPARSE      = 1 << 1,
  MELT_M4_APPROXIMATE = 1 << 2,
} MeltM4Flags;

/**
 * MeltM4ColumnFlags:
 * @MELT_M4_COLUMN_PREVIEW: min and max come partly from the preview, a
 *   subsample read before the full pass: they are real samples at their
 *   indices but the true minimum may be lower and the maximum higher.
 *   first and last are exact.
 * @MELT_M4_COLUMN_UNKNOWN: nothing is known yet of this column's samples:
 *   all four values are NaN
 */
typedef enum
{
  MELT_M4_COLUMN_PREVIEW = 1 << 0,
  MELT_M4_COLUMN_UNKNOWN = 1 << 1,
} MeltM4ColumnFlags;

/**
 * MeltM4Column:
 * @first_index: index of the column's first sample
 * @last_index: index of its last sample; columns follow each other without
 *   gap or overlap, from the query's first index to its last
 * @min_index: the minimum is one of the samples [@min_index, @min_index +
 *   @min_span): the block of the pyramid level that held it
 * @max_index: likewise for the maximum
 * @min_span: 1 when @min_index is exact, 0 when the column holds only NaN
 * @max_span: likewise for @max_index
 * @first: the sample at @first_index (NaN when that sample is NaN)
 * @min: the smallest sample, NaN ignored (NaN when all are)
 * @max: the largest sample, NaN ignored (NaN when all are)
 * @last: the sample at @last_index (NaN when that sample is NaN)
 * @flags: #MeltM4ColumnFlags, 0 for an exact column
 *
 * One pixel column of an M4 plot: drawing first, min, max, last (min and
 * max in index order) for each column draws every pixel a line through all
 * the samples would.
 */
typedef struct
{
  guint64 first_index;
  guint64 last_index;
  guint64 min_index;
  guint64 max_index;
  guint64 min_span;
  guint64 max_span;
  float   first;
  float   min;
  float   max;
  float   last;
  guint32 flags;
} MeltM4Column;

#define MELT_TYPE_PYRAMID (melt_pyramid_get_type ())

G_DECLARE_FINAL_TYPE (MeltPyramid, melt_pyramid, MELT, PYRAMID, GObject)

/**
 * MeltPyramidProgressFunc:
 * @pyramid: the pyramid being built
 * @fraction: the part of the samples reduced so far, 0 to 1
 * @user_data: the data given to melt_pyramid_build_async()
 *
 * Called in the thread-default main context of the caller of
 * melt_pyramid_build_async(), never after its callback has run.
 */
typedef void (*MeltPyramidProgressFunc) (MeltPyramid *pyramid,
                                         double       fraction,
                                         gpointer     user_data);

GQuark       melt_pyramid_error_quark       (void);

MeltPyramid *melt_pyramid_new               (guint64               n_samples,
                                             guint                 block_size,
                                             guint                 factor,
                                             MeltPyramidReadFunc   read_func,
                                             gpointer              user_data,
                                             GDestroyNotify        destroy);
void         melt_pyramid_set_source        (MeltPyramid          *pyramid,
                                             MeltPyramidReadFunc   read_func,
                                             gpointer              user_data,
                                             GDestroyNotify        destroy);

guint64      melt_pyramid_get_n_samples     (MeltPyramid          *pyramid);
guint        melt_pyramid_get_block_size    (MeltPyramid          *pyramid);
guint        melt_pyramid_get_factor        (MeltPyramid          *pyramid);
guint        melt_pyramid_get_n_levels      (MeltPyramid          *pyramid);
guint64      melt_pyramid_get_level_block_size (MeltPyramid       *pyramid,
                                             guint                 level);
guint64      melt_pyramid_get_level_n_blocks (MeltPyramid         *pyramid,
                                             guint                 level);
gsize        melt_pyramid_get_memory_size   (MeltPyramid          *pyramid);
void         melt_pyramid_set_key           (MeltPyramid          *pyramid,
                                             const char           *key);
const char  *melt_pyramid_get_key           (MeltPyramid          *pyramid);
void         melt_pyramid_set_attachment    (MeltPyramid          *pyramid,
                                             const double         *values,
                                             gsize                 n);
GBytes      *melt_pyramid_dup_attachment    (MeltPyramid          *pyramid);
gboolean     melt_pyramid_is_complete       (MeltPyramid          *pyramid);
gboolean     melt_pyramid_has_preview       (MeltPyramid          *pyramid);
double       melt_pyramid_get_progress      (MeltPyramid          *pyramid);

gboolean     melt_pyramid_build             (MeltPyramid          *pyramid,
                                             GCancellable         *cancellable,
                                             GError              **error);
void         melt_pyramid_build_async       (MeltPyramid          *pyramid,
                                             GCancellable         *cancellable,
                                             MeltPyramidProgressFunc progress,
                                             gpointer              progress_data,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean     melt_pyramid_build_finish      (MeltPyramid          *pyramid,
                                             GAsyncResult         *result,
                                             GError              **error);

gboolean     melt_pyramid_query_m4          (MeltPyramid          *pyramid,
                                             guint64               first_index,
                                             guint64               last_index,
                                             guint                 n_columns,
                                             MeltM4Column         *out,
                                             guint                *n_out,
                                             MeltM4Flags          *flags,
                                             GError              **error);
gboolean     melt_pyramid_query_raw         (MeltPyramid          *pyramid,
                                             guint64               first_index,
                                             guint64               count,
                                             float                *out,
                                             GError              **error);

gboolean     melt_pyramid_save              (MeltPyramid          *pyramid,
                                             GFile                *file,
                                             GError              **error);
MeltPyramid *melt_pyramid_load              (GFile                *file,
                                             guint64               expected_n,
                                             const char           *expected_key,
                                             GError              **error);

char        *melt_pyramid_cache_key         (const char           *path,
                                             guint64               size,
                                             guint64               mtime_us,
                                             const char           *dataset);
GFile       *melt_pyramid_cache_file        (const char           *key);

G_END_DECLS
