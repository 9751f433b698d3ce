/* melt-pyramid.c: a min/max decimation pyramid over one float32 series
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Levels. Level 0 holds the minimum and maximum of each block of B samples
 * (B = 64 by default); level k + 1 merges F blocks of level k (F = 8), so
 * a level-k block holds B·F^k samples. Levels are added until one has at
 * most TOP_BLOCKS blocks. Each level is two float arrays (min, max): a
 * block of only NaN holds (+inf, −inf), which merges as "nothing". Level 0
 * also keeps the first and last sample of each block ("edges"), so that
 * the first and last value of any column that starts and ends on block
 * boundaries are known without reading the source. Memory, for float32
 * samples: 2/B·(1 + 1/F + 1/F² + …) for the levels (3.57 % for 64 and 8)
 * plus 2/B for the edges (3.13 %): 6.7 % in all, 38.6 MB for the 576 MB of
 * a 144 M-sample channel. B and F are powers of two: positions are tested
 * against levels with masks, not divisions.
 *
 * Building. Exact minima and maxima of a block need every one of its
 * samples, so no level can be exact before the pass that reads the whole
 * series has gone over it; what can be had early is:
 *
 * 1. the preview, before the full pass of an asynchronous build (series
 *    of PREVIEW_MIN_SAMPLES or more): for each block of the "preview
 *    level" (the coarsest level with at least PREVIEW_BLOCKS blocks), one
 *    short run of the source at the block's start, one sample before it
 *    included. That gives each preview block its exact first and last
 *    sample and the min and max of the samples read, at their exact
 *    indices: real values, but the block's true minimum may be lower and
 *    its maximum higher. It costs about PREVIEW_BLOCKS small reads (0.2 %
 *    of the samples of 100 M), scattered over the file: from a cold disk,
 *    a third of the build. A synchronous build has nobody to show it to
 *    and skips it.
 *
 * 2. the full pass, front to back, in pieces of PIECE_BYTES: a reading
 *    thread calls the source while the building thread reduces the piece
 *    before (two cores overlap reading and reducing). After each piece the
 *    new level-0 blocks and every coarser block whose children are all done
 *    are published (an atomic count of complete blocks per level). So every
 *    level is exact, at all resolutions, over the prefix already read.
 *
 * What a query returns while building: columns inside the complete prefix
 * are exact. Beyond it, the columns are snapped to a grid no finer than the
 * preview level (so they may be fewer and wider than asked) and use the
 * preview blocks: those columns carry MELT_M4_COLUMN_PREVIEW and the query
 * MELT_M4_APPROXIMATE. Without a preview (not read yet, or a short series)
 * they are MELT_M4_COLUMN_UNKNOWN, all NaN. Nothing is ever invented: every
 * value returned is a sample of the series at the index given, and exact
 * columns are exact. Queries of few samples per column read the source and
 * are exact at any time. A cancelled build keeps its prefix; building again
 * goes on from there.
 *
 * Threads: one build at a time; any number of threads may query during it.
 * Arrays are allocated before the build starts and never move; a reader only
 * reads blocks below the published counts.
 *
 * Cache file (native byte order, refused on a host of the other one):
 *   0  "MELTPYR\0"           8  guint32 version     12 guint32 0x01020304
 *   16 guint64 n             24 guint32 block size  28 guint32 factor
 *   32 guint32 n_levels      36 guint32 key length  40 guint64 data bytes
 *   48 checksum of everything after the header (16 bytes)
 *   64 guint64 n_attached    72 8 zero bytes
 *   80 guint64 n_blocks[n_levels], the key, then per level min[], max[],
 *      then the edges (first, last per level-0 block), then the
 *      attachment (n_attached doubles: what the pyramid's owner keeps with
 *      it, e.g. a recording pyramid's table of times; at most n / 64 + 2,
 *      a quarter of the pyramid's own size).
 * Every field is checked against the values derived from n, the block size
 * and the factor, and the file's size against the total, before anything is
 * allocated; then the checksum. It is UMAC-128 (nettle) under a fixed,
 * public key: a universal hash that catches a damaged file, not a forged
 * one, at 8 GB/s here (SHA-256 with the CPU's SHA instructions read
 * 1.6 GB/s, which was a sixth of a cached plot's time).
 */

#define G_LOG_DOMAIN "melt-pyramid"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <nettle/umac.h>
#include <string.h>

#include "melt-pyramid.h"

#define MAX_LEVELS          24
#define TOP_BLOCKS          16
#define PIECE_BYTES         (4u * 1024 * 1024)
#define N_BUFFERS           3
#define PREVIEW_BLOCKS      1024
#define PREVIEW_MIN_SAMPLES (4u * 1024 * 1024)
#define RAW_CHUNK           65536
#define PROGRESS_STEP       0.01

#define CACHE_MAGIC         "MELTPYR"
#define CACHE_VERSION       2
#define CACHE_BYTE_ORDER    0x01020304u
#define CACHE_HEADER_SIZE   80
#define CACHE_MAX_KEY       4096

typedef struct
{
  guint64  block_size;
  guint64  n_blocks;
  float   *min;
  float   *max;
  gsize    built;          /* atomic: blocks [0, built) are complete */
} Level;

typedef struct
{
  float   first;
  float   last;
  float   min;
  float   max;
  guint64 min_index;
  guint64 max_index;
  guint64 min_span;        /* 0 when the samples read were all NaN */
  guint64 max_span;
} PreviewBlock;

struct _MeltPyramid
{
  GObject              parent_instance;

  guint64              n;
  guint                block_size;
  guint                factor;
  guint                block_shift;   /* log2 (block_size) */
  guint                factor_shift;  /* log2 (factor) */
  guint                n_levels;
  Level                levels[MAX_LEVELS];
  float               *edges;

  guint                preview_level; /* G_MAXUINT: no preview */
  PreviewBlock        *preview;
  gint                 preview_ready; /* atomic */

  gint                 building;      /* atomic */
  char                *key;
  GBytes              *attachment;    /* doubles; under attachment_lock */
  GMutex               attachment_lock;

  MeltPyramidReadFunc  read_func;
  gpointer             read_data;
  GDestroyNotify       read_destroy;
};

G_DEFINE_FINAL_TYPE (MeltPyramid, melt_pyramid, G_TYPE_OBJECT)

G_DEFINE_QUARK (melt-pyramid-error-quark, melt_pyramid_error)

/* The most doubles a pyramid of @n samples keeps attached */
static inline guint64
max_attachment (guint64 n)
{
  return n / 64 + 2;
}

static inline guint
log2_exact (guint64 value)
{
  return (guint) g_bit_nth_lsf (value, -1);
}

static inline gsize
level_built (Level *level)
{
  return (gsize) g_atomic_pointer_get (&level->built);
}

static void
melt_pyramid_finalize (GObject *object)
{
  MeltPyramid *self = MELT_PYRAMID (object);

  for (guint k = 0; k < self->n_levels; k++)
    {
      g_free (self->levels[k].min);
      g_free (self->levels[k].max);
    }
  g_free (self->edges);
  g_free (self->preview);
  g_free (self->key);
  g_clear_pointer (&self->attachment, g_bytes_unref);
  g_mutex_clear (&self->attachment_lock);
  if (self->read_destroy != NULL)
    self->read_destroy (self->read_data);

  G_OBJECT_CLASS (melt_pyramid_parent_class)->finalize (object);
}

static void
melt_pyramid_class_init (MeltPyramidClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = melt_pyramid_finalize;
}

static void
melt_pyramid_init (MeltPyramid *self)
{
  self->preview_level = G_MAXUINT;
  g_mutex_init (&self->attachment_lock);
}

/* The levels of a series: block sizes and counts, no arrays */
static guint
layout_levels (guint64  n,
               guint    block_size,
               guint    factor,
               Level   *levels)
{
  guint64 size = block_size;
  guint n_levels = 0;

  for (;;)
    {
      guint64 n_blocks = n / size + (n % size != 0);

      levels[n_levels].block_size = size;
      levels[n_levels].n_blocks = n_blocks;
      n_levels++;
      if (n_blocks <= TOP_BLOCKS || n_levels == MAX_LEVELS || size > G_MAXUINT64 / factor)
        break;
      size *= factor;
    }

  return n_levels;
}

static gboolean
valid_shape (guint block_size,
             guint factor)
{
  return block_size >= 4 && block_size <= (1u << 20) && (block_size & (block_size - 1)) == 0
         && factor >= 2 && factor <= 256 && (factor & (factor - 1)) == 0;
}

static MeltPyramid *
pyramid_new (guint64 n,
             guint   block_size,
             guint   factor)
{
  MeltPyramid *self = g_object_new (MELT_TYPE_PYRAMID, NULL);

  self->n = n;
  self->block_size = block_size;
  self->factor = factor;
  self->block_shift = log2_exact (block_size);
  self->factor_shift = log2_exact (factor);
  self->n_levels = layout_levels (n, block_size, factor, self->levels);
  return self;
}

/**
 * melt_pyramid_new:
 * @n_samples: the length of the series
 * @block_size: samples per level-0 block, a power of two from 4 to 2^20,
 *   or 0 for %MELT_PYRAMID_DEFAULT_BLOCK_SIZE
 * @factor: blocks merged per level, a power of two from 2 to 256, or 0 for
 *   %MELT_PYRAMID_DEFAULT_FACTOR
 * @read_func: reads samples of the series
 * @user_data: for @read_func
 * @destroy: (nullable): frees @user_data with the pyramid
 *
 * An empty pyramid: build it with melt_pyramid_build_async(). Nothing large
 * is allocated until the build starts.
 *
 * Returns: (transfer full): a new pyramid
 */
MeltPyramid *
melt_pyramid_new (guint64              n_samples,
                  guint                block_size,
                  guint                factor,
                  MeltPyramidReadFunc  read_func,
                  gpointer             user_data,
                  GDestroyNotify       destroy)
{
  MeltPyramid *self;

  if (block_size == 0)
    block_size = MELT_PYRAMID_DEFAULT_BLOCK_SIZE;
  if (factor == 0)
    factor = MELT_PYRAMID_DEFAULT_FACTOR;
  g_return_val_if_fail (n_samples > 0, NULL);
  g_return_val_if_fail (valid_shape (block_size, factor), NULL);
  g_return_val_if_fail (read_func != NULL, NULL);

  self = pyramid_new (n_samples, block_size, factor);
  melt_pyramid_set_source (self, read_func, user_data, destroy);
  return self;
}

/**
 * melt_pyramid_set_source:
 *
 * Sets the source that raw queries (and builds) read, for instance on a
 * pyramid loaded from the cache. Call it before querying or building.
 */
void
melt_pyramid_set_source (MeltPyramid          *self,
                         MeltPyramidReadFunc   read_func,
                         gpointer              user_data,
                         GDestroyNotify        destroy)
{
  g_return_if_fail (MELT_IS_PYRAMID (self));
  g_return_if_fail (!g_atomic_int_get (&self->building));

  if (self->read_destroy != NULL)
    self->read_destroy (self->read_data);
  self->read_func = read_func;
  self->read_data = user_data;
  self->read_destroy = destroy;
}

guint64
melt_pyramid_get_n_samples (MeltPyramid *self)
{
  g_return_val_if_fail (MELT_IS_PYRAMID (self), 0);
  return self->n;
}

guint
melt_pyramid_get_block_size (MeltPyramid *self)
{
  g_return_val_if_fail (MELT_IS_PYRAMID (self), 0);
  return self->block_size;
}

guint
melt_pyramid_get_factor (MeltPyramid *self)
{
  g_return_val_if_fail (MELT_IS_PYRAMID (self), 0);
  return self->factor;
}

guint
melt_pyramid_get_n_levels (MeltPyramid *self)
{
  g_return_val_if_fail (MELT_IS_PYRAMID (self), 0);
  return self->n_levels;
}

guint64
melt_pyramid_get_level_block_size (MeltPyramid *self,
                                   guint        level)
{
  g_return_val_if_fail (MELT_IS_PYRAMID (self), 0);
  g_return_val_if_fail (level < self->n_levels, 0);
  return self->levels[level].block_size;
}

guint64
melt_pyramid_get_level_n_blocks (MeltPyramid *self,
                                 guint        level)
{
  g_return_val_if_fail (MELT_IS_PYRAMID (self), 0);
  g_return_val_if_fail (level < self->n_levels, 0);
  return self->levels[level].n_blocks;
}

/**
 * melt_pyramid_get_memory_size:
 *
 * Returns: the bytes the levels, the edges and the preview take once built
 */
gsize
melt_pyramid_get_memory_size (MeltPyramid *self)
{
  gsize size = 0;

  g_return_val_if_fail (MELT_IS_PYRAMID (self), 0);

  for (guint k = 0; k < self->n_levels; k++)
    size += 2 * self->levels[k].n_blocks * sizeof (float);
  size += 2 * self->levels[0].n_blocks * sizeof (float);
  if (self->preview_level != G_MAXUINT)
    size += self->levels[self->preview_level].n_blocks * sizeof (PreviewBlock);
  g_mutex_lock (&self->attachment_lock);
  if (self->attachment != NULL)
    size += g_bytes_get_size (self->attachment);
  g_mutex_unlock (&self->attachment_lock);
  return size;
}

/**
 * melt_pyramid_set_attachment:
 * @values: (array length=n) (nullable): doubles to keep with the pyramid
 * @n: how many: at most the pyramid's samples / 64 + 2
 *
 * Keeps a copy of @values with the pyramid, saved and loaded with it and
 * covered by its checksum; replaces what was attached. Safe from any
 * thread.
 */
void
melt_pyramid_set_attachment (MeltPyramid  *self,
                             const double *values,
                             gsize         n)
{
  GBytes *bytes;

  g_return_if_fail (MELT_IS_PYRAMID (self));
  g_return_if_fail (values != NULL || n == 0);
  g_return_if_fail (n <= max_attachment (self->n));

  bytes = n > 0 ? g_bytes_new (values, n * sizeof (double)) : NULL;
  g_mutex_lock (&self->attachment_lock);
  g_clear_pointer (&self->attachment, g_bytes_unref);
  self->attachment = bytes;
  g_mutex_unlock (&self->attachment_lock);
}

/**
 * melt_pyramid_dup_attachment:
 *
 * Returns: (transfer full) (nullable): the doubles attached, or NULL
 */
GBytes *
melt_pyramid_dup_attachment (MeltPyramid *self)
{
  GBytes *bytes;

  g_return_val_if_fail (MELT_IS_PYRAMID (self), NULL);

  g_mutex_lock (&self->attachment_lock);
  bytes = self->attachment != NULL ? g_bytes_ref (self->attachment) : NULL;
  g_mutex_unlock (&self->attachment_lock);
  return bytes;
}

void
melt_pyramid_set_key (MeltPyramid *self,
                      const char  *key)
{
  g_return_if_fail (MELT_IS_PYRAMID (self));
  g_return_if_fail (key == NULL || strlen (key) <= CACHE_MAX_KEY);

  g_free (self->key);
  self->key = g_strdup (key);
}

/**
 * melt_pyramid_get_key:
 *
 * Returns: (nullable): the key saved with the pyramid in its cache file
 */
const char *
melt_pyramid_get_key (MeltPyramid *self)
{
  g_return_val_if_fail (MELT_IS_PYRAMID (self), NULL);
  return self->key;
}

gboolean
melt_pyramid_is_complete (MeltPyramid *self)
{
  g_return_val_if_fail (MELT_IS_PYRAMID (self), FALSE);

  return level_built (&self->levels[self->n_levels - 1])
         == self->levels[self->n_levels - 1].n_blocks;
}

gboolean
melt_pyramid_has_preview (MeltPyramid *self)
{
  g_return_val_if_fail (MELT_IS_PYRAMID (self), FALSE);
  return g_atomic_int_get (&self->preview_ready) != 0;
}

/**
 * melt_pyramid_get_progress:
 *
 * Returns: the part of the series whose level-0 blocks are built, 0 to 1
 */
double
melt_pyramid_get_progress (MeltPyramid *self)
{
  g_return_val_if_fail (MELT_IS_PYRAMID (self), 0.0);

  return (double) level_built (&self->levels[0]) / (double) self->levels[0].n_blocks;
}

/* Reading the source */

static gboolean
read_source (MeltPyramid  *self,
             guint64       first,
             guint64       count,
             float        *out,
             GError      **error)
{
  GError *local_error = NULL;

  g_assert (first + count <= self->n && count > 0);

  if (self->read_func == NULL)
    {
      g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_SOURCE,
                   _("The pyramid has no source to read samples from"));
      return FALSE;
    }

  if (self->read_func (self->read_data, first, count, out, &local_error))
    return TRUE;

  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else
    g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_SOURCE,
                 _("Cannot read samples %llu to %llu of the series"),
                 (unsigned long long) first, (unsigned long long) (first + count - 1));
  return FALSE;
}

/* Reductions. Written as independent lanes of "x < m ? x : m": GCC turns
 * them into minps/maxps at -O2, and a NaN sample compares false, so it
 * never replaces a value. */

#define LANES 16

static inline void
block_min_max (const float *v,
               gsize        len,
               float       *out_min,
               float       *out_max)
{
  float mn[LANES], mx[LANES];
  gsize i = 0;

  for (guint j = 0; j < LANES; j++)
    {
      mn[j] = INFINITY;
      mx[j] = -INFINITY;
    }

  for (; i + LANES <= len; i += LANES)
    for (guint j = 0; j < LANES; j++)
      {
        float x = v[i + j];

        mn[j] = x < mn[j] ? x : mn[j];
        mx[j] = x > mx[j] ? x : mx[j];
      }

  for (; i < len; i++)
    {
      mn[0] = v[i] < mn[0] ? v[i] : mn[0];
      mx[0] = v[i] > mx[0] ? v[i] : mx[0];
    }

  for (guint j = 1; j < LANES; j++)
    {
      mn[0] = mn[j] < mn[0] ? mn[j] : mn[0];
      mx[0] = mx[j] > mx[0] ? mx[j] : mx[0];
    }

  *out_min = mn[0];
  *out_max = mx[0];
}

/* Level 0 for the samples [first, first + count), first on a block */
static void
reduce_level0 (MeltPyramid *self,
               guint64      first,
               const float *data,
               guint64      count)
{
  Level *level = &self->levels[0];
  guint64 b0 = first >> self->block_shift;
  guint64 size = self->block_size;
  guint64 n_blocks = (count + size - 1) / size;

  for (guint64 b = 0; b < n_blocks; b++)
    {
      const float *v = data + b * size;
      gsize len = MIN (size, count - b * size);

      block_min_max (v, len, &level->min[b0 + b], &level->max[b0 + b]);
      self->edges[2 * (b0 + b)] = v[0];
      self->edges[2 * (b0 + b) + 1] = v[len - 1];
    }
}

/* Merges children of level k - 1 into every level-k block they complete,
 * then publishes the new counts, finest level first */
static void
merge_levels (MeltPyramid *self,
              guint64      level0_built)
{
  guint64 child_built = level0_built;

  g_atomic_pointer_set (&self->levels[0].built, (gsize) level0_built);

  for (guint k = 1; k < self->n_levels; k++)
    {
      Level *level = &self->levels[k];
      const Level *child = &self->levels[k - 1];
      guint64 j = level_built (level);
      guint64 end;

      if (child_built == child->n_blocks)
        end = level->n_blocks;
      else
        end = child_built >> self->factor_shift;

      for (; j < end; j++)
        {
          guint64 lo = j << self->factor_shift;
          guint64 hi = MIN (lo + self->factor, child->n_blocks);
          float mn = INFINITY, mx = -INFINITY;

          for (guint64 c = lo; c < hi; c++)
            {
              mn = child->min[c] < mn ? child->min[c] : mn;
              mx = child->max[c] > mx ? child->max[c] : mx;
            }
          level->min[j] = mn;
          level->max[j] = mx;
        }

      g_atomic_pointer_set (&level->built, (gsize) end);
      child_built = end;
    }
}

static gboolean
allocate_levels (MeltPyramid  *self,
                 GError      **error)
{
  if (self->edges != NULL)
    return TRUE;

  for (guint k = 0; k < self->n_levels; k++)
    {
      Level *level = &self->levels[k];

      if (level->n_blocks > G_MAXSIZE / 2 / sizeof (float))
        goto fail;
      level->min = g_try_new (float, level->n_blocks);
      level->max = g_try_new (float, level->n_blocks);
      if (level->min == NULL || level->max == NULL)
        goto fail;
    }

  if (self->preview_level != G_MAXUINT)
    {
      self->preview = g_try_new0 (PreviewBlock, self->levels[self->preview_level].n_blocks);
      if (self->preview == NULL)
        goto fail;
    }

  /* Last: edges != NULL marks the arrays as allocated */
  self->edges = g_try_new (float, 2 * self->levels[0].n_blocks);
  if (self->edges == NULL)
    goto fail;

  return TRUE;

fail:
  for (guint k = 0; k < self->n_levels; k++)
    {
      g_clear_pointer (&self->levels[k].min, g_free);
      g_clear_pointer (&self->levels[k].max, g_free);
    }
  g_clear_pointer (&self->preview, g_free);
  self->preview_level = G_MAXUINT;
  g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_NO_MEMORY,
               _("Not enough memory for the pyramid of %llu samples"),
               (unsigned long long) self->n);
  return FALSE;
}

static inline void
preview_add (PreviewBlock *block,
             float         x,
             guint64       index)
{
  if (x != x)
    return;
  if (block->min_span == 0 || x < block->min)
    {
      block->min = x;
      block->min_index = index;
      block->min_span = 1;
    }
  if (block->max_span == 0 || x > block->max)
    {
      block->max = x;
      block->max_index = index;
      block->max_span = 1;
    }
}

/* The preview: a short run at the start of each preview-level block, with
 * the sample before it (the previous block's last) */
static gboolean
build_preview (MeltPyramid   *self,
               GCancellable  *cancellable,
               GError       **error)
{
  const Level *level = &self->levels[self->preview_level];
  guint64 size = level->block_size;
  guint64 run = MIN ((guint64) self->block_size, size);
  g_autofree float *buffer = g_new (float, run + 1);
  PreviewBlock *last_block = &self->preview[level->n_blocks - 1];
  float last;

  for (guint64 j = 0; j < level->n_blocks; j++)
    {
      guint64 start = j * size;
      guint64 lo = j == 0 ? 0 : start - 1;
      guint64 hi = MIN (start + run, self->n);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!read_source (self, lo, hi - lo, buffer, error))
        return FALSE;

      memset (&self->preview[j], 0, sizeof self->preview[j]);
      self->preview[j].first = buffer[start - lo];
      self->preview[j].last = NAN;
      if (j > 0)
        {
          /* The previous block's last sample */
          self->preview[j - 1].last = buffer[0];
          preview_add (&self->preview[j - 1], buffer[0], lo);
        }
      for (guint64 i = start; i < hi; i++)
        preview_add (&self->preview[j], buffer[i - lo], i);
    }

  /* The very last sample closes the last block */
  if (!read_source (self, self->n - 1, 1, &last, error))
    return FALSE;
  last_block->last = last;
  preview_add (last_block, last, self->n - 1);

  g_atomic_int_set (&self->preview_ready, 1);
  return TRUE;
}

/* The full pass */

typedef void (*ProgressHook) (MeltPyramid *self,
                              gpointer     data);

typedef struct
{
  float   *data;
  guint64  first;
  guint64  count;
} Piece;

typedef struct
{
  MeltPyramid  *self;
  GCancellable *cancellable;
  GAsyncQueue  *free_pieces;
  GAsyncQueue  *full_pieces;
  guint64       start;
  guint64       piece_samples;
  gint          stop;          /* atomic: the builder gave up */
  GError       *error;
} Reader;

/* Pushed on full_pieces when the reader stops, for whatever reason */
static Piece end_of_pieces;

static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;
  MeltPyramid *self = reader->self;

  for (guint64 first = reader->start; first < self->n; first += reader->piece_samples)
    {
      Piece *piece = g_async_queue_pop (reader->free_pieces);

      if (g_atomic_int_get (&reader->stop)
          || g_cancellable_set_error_if_cancelled (reader->cancellable, &reader->error))
        {
          g_async_queue_push (reader->free_pieces, piece);
          break;
        }

      piece->first = first;
      piece->count = MIN (reader->piece_samples, self->n - first);
      if (!read_source (self, first, piece->count, piece->data, &reader->error))
        {
          g_async_queue_push (reader->free_pieces, piece);
          break;
        }
      g_async_queue_push (reader->full_pieces, piece);
    }

  g_async_queue_push (reader->full_pieces, &end_of_pieces);
  return NULL;
}

static void
reduce_piece (MeltPyramid *self,
              const Piece *piece)
{
  reduce_level0 (self, piece->first, piece->data, piece->count);
  merge_levels (self, (piece->first + piece->count + self->block_size - 1) >> self->block_shift);
}

static gboolean
build_full_pass (MeltPyramid   *self,
                 GCancellable  *cancellable,
                 ProgressHook   progress,
                 gpointer       progress_data,
                 GError       **error)
{
  guint64 piece_samples = MAX (PIECE_BYTES / sizeof (float), self->block_size);
  guint64 start = (guint64) level_built (&self->levels[0]) << self->block_shift;
  Piece pieces[N_BUFFERS] = { { 0 } };
  gboolean ok = TRUE;

  if (start >= self->n)
    {
      /* Level 0 is complete: only merges may be missing */
      merge_levels (self, self->levels[0].n_blocks);
      return TRUE;
    }

  piece_samples = MIN (piece_samples, self->n - start);

  if (self->n - start <= 2 * piece_samples || g_get_num_processors () < 2)
    {
      /* One thread: read a piece, reduce it */
      g_autofree float *data = g_try_new (float, piece_samples);
      Piece piece = { data, 0, 0 };

      if (data == NULL)
        {
          g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_NO_MEMORY,
                       _("Not enough memory for the pyramid of %llu samples"),
                       (unsigned long long) self->n);
          return FALSE;
        }

      for (guint64 first = start; first < self->n; first += piece_samples)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          piece.first = first;
          piece.count = MIN (piece_samples, self->n - first);
          if (!read_source (self, first, piece.count, data, error))
            return FALSE;
          reduce_piece (self, &piece);
          if (progress != NULL)
            progress (self, progress_data);
        }
      return TRUE;
    }
  else
    {
      /* Two threads: the reader fills pieces while this one reduces */
      Reader reader = { self, cancellable, NULL, NULL, start, piece_samples, 0, NULL };
      GThread *thread;
      Piece *piece;

      reader.free_pieces = g_async_queue_new ();
      reader.full_pieces = g_async_queue_new ();
      for (guint i = 0; i < N_BUFFERS; i++)
        {
          pieces[i].data = g_try_new (float, piece_samples);
          if (pieces[i].data == NULL)
            {
              g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_NO_MEMORY,
                           _("Not enough memory for the pyramid of %llu samples"),
                           (unsigned long long) self->n);
              ok = FALSE;
              goto out;
            }
          g_async_queue_push (reader.free_pieces, &pieces[i]);
        }

      thread = g_thread_new ("melt-pyramid-read", reader_thread, &reader);

      while ((piece = g_async_queue_pop (reader.full_pieces)) != &end_of_pieces)
        {
          if (ok && g_cancellable_is_cancelled (cancellable))
            {
              ok = FALSE;
              g_atomic_int_set (&reader.stop, 1);
            }
          if (ok)
            {
              reduce_piece (self, piece);
              if (progress != NULL)
                progress (self, progress_data);
            }
          g_async_queue_push (reader.free_pieces, piece);
        }

      g_thread_join (thread);

      if (reader.error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&reader.error));
          ok = FALSE;
        }
      else if (g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;

    out:
      for (guint i = 0; i < N_BUFFERS; i++)
        g_free (pieces[i].data);
      g_async_queue_unref (reader.free_pieces);
      g_async_queue_unref (reader.full_pieces);
      return ok;
    }
}

static gboolean
build_run (MeltPyramid   *self,
           gboolean       with_preview,
           GCancellable  *cancellable,
           ProgressHook   progress,
           gpointer       progress_data,
           GError       **error)
{
  gboolean ok;

  if (!g_atomic_int_compare_and_exchange (&self->building, 0, 1))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                   _("The pyramid is already being built"));
      return FALSE;
    }

  if (melt_pyramid_is_complete (self))
    {
      g_atomic_int_set (&self->building, 0);
      return TRUE;
    }

  if (with_preview && self->edges == NULL && self->n >= PREVIEW_MIN_SAMPLES)
    {
      /* The coarsest level with enough blocks to draw a screen from */
      for (guint k = self->n_levels; k-- > 0;)
        if (self->levels[k].n_blocks >= PREVIEW_BLOCKS)
          {
            self->preview_level = k;
            break;
          }
    }

  ok = allocate_levels (self, error);

  if (ok && self->preview_level != G_MAXUINT && !g_atomic_int_get (&self->preview_ready)
      && level_built (&self->levels[0]) == 0)
    ok = build_preview (self, cancellable, error);

  if (ok)
    ok = build_full_pass (self, cancellable, progress, progress_data, error);

  g_atomic_int_set (&self->building, 0);
  return ok;
}

/**
 * melt_pyramid_build:
 *
 * Builds the pyramid in the calling thread (and one reading thread), for a
 * caller that waits for the whole of it (a plot drawn once, a benchmark).
 * It makes no preview: the preview's scattered reads only pay for a screen
 * drawn while the build goes on, and from a cold disk they cost a third of
 * the build. Queries from other threads meanwhile see the exact prefix and
 * unknown columns after it. See melt_pyramid_build_async().
 */
gboolean
melt_pyramid_build (MeltPyramid   *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_return_val_if_fail (MELT_IS_PYRAMID (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return build_run (self, FALSE, cancellable, NULL, NULL, error);
}

typedef struct
{
  MeltPyramidProgressFunc  func;
  gpointer                 data;
  double                   reported;   /* worker thread only */
} BuildData;

typedef struct
{
  GTask  *task;
  double  fraction;
} ProgressEvent;

static void
progress_event_free (gpointer data)
{
  ProgressEvent *event = data;

  g_object_unref (event->task);
  g_free (event);
}

static gboolean
progress_idle (gpointer user_data)
{
  ProgressEvent *event = user_data;
  BuildData *build = g_task_get_task_data (event->task);

  if (!g_task_get_completed (event->task))
    build->func (g_task_get_source_object (event->task), event->fraction, build->data);
  return G_SOURCE_REMOVE;
}

static void
build_progress (MeltPyramid *self,
                gpointer     data)
{
  GTask *task = data;
  BuildData *build = g_task_get_task_data (task);
  double fraction = melt_pyramid_get_progress (self);
  ProgressEvent *event;

  if (fraction < 1.0 && fraction - build->reported < PROGRESS_STEP)
    return;
  build->reported = fraction;

  event = g_new (ProgressEvent, 1);
  event->task = g_object_ref (task);
  event->fraction = fraction;
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                              progress_idle, event, progress_event_free);
}

static void
build_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  MeltPyramid *self = source_object;
  BuildData *build = task_data;
  g_autoptr(GError) error = NULL;

  g_assert (MELT_IS_PYRAMID (self));

  if (build_run (self, TRUE, cancellable, build->func != NULL ? build_progress : NULL, task, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * melt_pyramid_build_async:
 * @pyramid: a pyramid
 * @cancellable: (nullable): stops the build; the part built stays usable and
 *   a later build goes on from it
 * @progress: (nullable): called as the build goes on, at most every 1 %
 * @progress_data: for @progress; must stay valid until @callback has run
 * @callback: called when the build is over
 * @user_data: for @callback
 *
 * Builds the pyramid on a worker thread (reading the source on a second
 * one): first the preview, then all levels front to back. Queries may run
 * meanwhile from any thread; see melt_pyramid_query_m4() for what they see.
 */
void
melt_pyramid_build_async (MeltPyramid             *self,
                          GCancellable            *cancellable,
                          MeltPyramidProgressFunc  progress,
                          gpointer                 progress_data,
                          GAsyncReadyCallback      callback,
                          gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  BuildData *build;

  g_return_if_fail (MELT_IS_PYRAMID (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  build = g_new0 (BuildData, 1);
  build->func = progress;
  build->data = progress_data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, melt_pyramid_build_async);
  g_task_set_name (task, "[melt] build pyramid");
  g_task_set_task_data (task, build, g_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, build_worker);
}

gboolean
melt_pyramid_build_finish (MeltPyramid   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (MELT_IS_PYRAMID (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == melt_pyramid_build_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Queries */

/* What is known of the samples of one column so far, in index order */
typedef struct
{
  gboolean any;
  guint    flags;
  guint64  first_index;
  guint64  last_index;
  float    first;
  float    last;
  float    min;
  float    max;
  guint64  min_index;
  guint64  max_index;
  guint64  min_span;
  guint64  max_span;
} Acc;

static inline void
acc_init (Acc *acc)
{
  memset (acc, 0, sizeof *acc);
  acc->min = INFINITY;
  acc->max = -INFINITY;
}

/* Appends the samples [lo, hi) given by their first and last sample and
 * their min and max (spans of 0: none, all NaN) */
static inline void
acc_add (Acc     *acc,
         guint64  lo,
         guint64  hi,
         float    first,
         float    last,
         float    mn,
         guint64  mn_index,
         guint64  mn_span,
         float    mx,
         guint64  mx_index,
         guint64  mx_span)
{
  if (!acc->any)
    {
      acc->any = TRUE;
      acc->first_index = lo;
      acc->first = first;
    }
  acc->last_index = hi - 1;
  acc->last = last;

  if (mn_span != 0 && (acc->min_span == 0 || mn < acc->min))
    {
      acc->min = mn;
      acc->min_index = mn_index;
      acc->min_span = mn_span;
    }
  if (mx_span != 0 && (acc->max_span == 0 || mx > acc->max))
    {
      acc->max = mx;
      acc->max_index = mx_index;
      acc->max_span = mx_span;
    }
}

static void
acc_add_samples (Acc         *acc,
                 guint64      lo,
                 const float *v,
                 gsize        len)
{
  float mn, mx;
  gsize mn_i = 0, mx_i = 0;
  gboolean any;

  /* Vectorised min and max, then where they are */
  block_min_max (v, len, &mn, &mx);
  any = mn <= mx;
  if (any)
    {
      while (v[mn_i] != mn)
        mn_i++;
      while (v[mx_i] != mx)
        mx_i++;
    }

  acc_add (acc, lo, lo + len, v[0], v[len - 1],
           mn, lo + mn_i, any ? 1 : 0, mx, lo + mx_i, any ? 1 : 0);
}

static void
acc_to_column (const Acc    *acc,
               MeltM4Column *column,
               guint64       lo,
               guint64       hi)
{
  column->first_index = lo;
  column->last_index = hi - 1;
  column->flags = acc->flags;

  if (acc->flags & MELT_M4_COLUMN_UNKNOWN)
    {
      column->first = column->last = column->min = column->max = NAN;
      column->min_index = column->max_index = lo;
      column->min_span = column->max_span = 0;
      return;
    }

  column->first = acc->first;
  column->last = acc->last;
  if (acc->min_span == 0)
    {
      column->min = column->max = NAN;
      column->min_index = column->max_index = lo;
      column->min_span = column->max_span = 0;
    }
  else
    {
      column->min = acc->min;
      column->max = acc->max;
      column->min_index = acc->min_index;
      column->max_index = acc->max_index;
      column->min_span = acc->min_span;
      column->max_span = acc->max_span;
    }
}

typedef struct
{
  MeltPyramid *self;
  gsize        built[MAX_LEVELS];   /* snapshot at the start */
  gboolean     preview;
  guint64      preview_size;
  guint64      exact_end;           /* level 0 is complete below */
  float       *buffer;
  gsize        buffer_size;
  guint64      buffer_lo;
  guint64      buffer_hi;
} Query;

static void
query_init (Query       *q,
            MeltPyramid *self)
{
  memset (q, 0, sizeof *q);
  q->self = self;
  for (guint k = 0; k < self->n_levels; k++)
    q->built[k] = level_built (&self->levels[k]);
  q->exact_end = MIN ((guint64) q->built[0] << self->block_shift, self->n);
  q->preview = g_atomic_int_get (&self->preview_ready) != 0;
  if (q->preview)
    q->preview_size = self->levels[self->preview_level].block_size;
}

static void
query_clear (Query *q)
{
  g_clear_pointer (&q->buffer, g_free);
}

/* Adds the raw samples [lo, hi), read through a buffer that reads ahead up
 * to @limit */
static gboolean
query_add_raw (Query    *q,
               Acc      *acc,
               guint64   lo,
               guint64   hi,
               guint64   limit,
               GError  **error)
{
  while (lo < hi)
    {
      guint64 end;

      if (lo < q->buffer_lo || lo >= q->buffer_hi)
        {
          guint64 count = MIN (limit - lo, RAW_CHUNK);

          if (count > q->buffer_size)
            {
              g_free (q->buffer);
              q->buffer = g_new (float, count);
              q->buffer_size = count;
            }
          q->buffer_lo = q->buffer_hi = 0;
          if (!read_source (q->self, lo, count, q->buffer, error))
            return FALSE;
          q->buffer_lo = lo;
          q->buffer_hi = lo + count;
        }

      end = MIN (hi, q->buffer_hi);
      acc_add_samples (acc, lo, q->buffer + (lo - q->buffer_lo), end - lo);
      lo = end;
    }

  return TRUE;
}

/* The samples [lo, hi) from the largest complete blocks that fit, the
 * preview where the levels are not built yet, raw samples at unaligned
 * ends */
static gboolean
query_add_range (Query    *q,
                 Acc      *acc,
                 guint64   lo,
                 guint64   hi,
                 GError  **error)
{
  MeltPyramid *self = q->self;
  guint64 p = lo;

  while (p < hi)
    {
      gint top;

      /* The coarsest level p starts a block of */
      if (p == 0)
        top = self->n_levels - 1;
      else
        {
          guint tz = (guint) __builtin_ctzll (p);

          top = tz < self->block_shift ? -1 : (gint) ((tz - self->block_shift) / self->factor_shift);
          top = MIN (top, (gint) self->n_levels - 1);
        }

      for (gint k = top; k >= 0; k--)
        {
          const Level *level = &self->levels[k];
          guint64 j = p >> (self->block_shift + k * self->factor_shift);
          guint64 end = MIN (p + level->block_size, self->n);

          if (end > hi || j >= q->built[k])
            continue;

          acc_add (acc, p, end,
                   self->edges[2 * (p >> self->block_shift)],
                   self->edges[2 * ((end - 1) >> self->block_shift) + 1],
                   level->min[j], p, level->min[j] <= level->max[j] ? end - p : 0,
                   level->max[j], p, level->min[j] <= level->max[j] ? end - p : 0);
          p = end;
          goto next;
        }

      if (p < q->exact_end)
        {
          /* Level 0 is built here: only an unaligned end is missing */
          guint64 end = MIN (hi, ((p >> self->block_shift) + 1) << self->block_shift);

          if (!query_add_raw (q, acc, p, end, end, error))
            return FALSE;
          p = end;
        }
      else if (q->preview)
        {
          guint64 size = q->preview_size;
          guint64 end = MIN (p + size, self->n);

          if ((p & (size - 1)) == 0 && end <= hi)
            {
              const PreviewBlock *block = &self->preview[p / size];

              acc_add (acc, p, end, block->first, block->last,
                       block->min, block->min_index, block->min_span,
                       block->max, block->max_index, block->max_span);
              acc->flags |= MELT_M4_COLUMN_PREVIEW;
              p = end;
            }
          else
            {
              /* Up to one preview block at the range's ends or where the
               * complete prefix stops */
              end = MIN (hi, ((p / size) + 1) * size);
              if (!query_add_raw (q, acc, p, end, end, error))
                return FALSE;
              p = end;
            }
        }
      else
        {
          acc->flags |= MELT_M4_COLUMN_UNKNOWN;
          return TRUE;
        }

    next:
      ;
    }

  return TRUE;
}

/* The min and max of blocks [j0, j1) of level k, all complete, into
 * *mn (at block *mn_j of level *mn_k) and *mx: an empty block holds
 * (+inf, -inf) and never wins */
static inline void
scan_blocks (const Level *level,
             guint        k,
             guint64      j0,
             guint64      j1,
             float       *mn,
             float       *mx,
             guint64     *mn_j,
             guint64     *mx_j,
             guint       *mn_k,
             guint       *mx_k)
{
  const float *mins = level->min;
  const float *maxs = level->max;

  for (guint64 j = j0; j < j1; j++)
    {
      if (mins[j] < *mn || (*mn_k == G_MAXUINT && mins[j] <= maxs[j]))
        {
          *mn = mins[j];
          *mn_j = j;
          *mn_k = k;
        }
      if (maxs[j] > *mx || (*mx_k == G_MAXUINT && mins[j] <= maxs[j]))
        {
          *mx = maxs[j];
          *mx_j = j;
          *mx_k = k;
        }
    }
}

/* The usual column: whole complete blocks of level k, taken as blocks of
 * level k + 1 where they fit. FALSE to go the general way. */
static inline gboolean
query_column_fast (Query        *q,
                   guint         k,
                   guint64       lo,
                   guint64       hi,
                   MeltM4Column *column)
{
  MeltPyramid *self = q->self;
  guint shift = self->block_shift + k * self->factor_shift;
  guint64 mask = ((guint64) 1 << shift) - 1;
  guint64 j0 = lo >> shift;
  guint64 j1 = (hi + mask) >> shift;
  float mn = INFINITY, mx = -INFINITY;
  guint64 mn_j = 0, mx_j = 0, u0, u1;
  guint mn_k = G_MAXUINT, mx_k = G_MAXUINT;

  if ((lo & mask) != 0 || ((hi & mask) != 0 && hi != self->n) || j1 > q->built[k])
    return FALSE;

  u0 = (j0 + self->factor - 1) >> self->factor_shift;
  if (k + 1 >= self->n_levels)
    u1 = 0;
  else if (j1 == self->levels[k].n_blocks)
    u1 = self->levels[k + 1].n_blocks;
  else
    u1 = j1 >> self->factor_shift;

  if (u0 < u1 && u1 <= q->built[k + 1])
    {
      guint64 m0 = u0 << self->factor_shift, m1 = MIN (u1 << self->factor_shift, j1);

      scan_blocks (&self->levels[k], k, j0, m0, &mn, &mx, &mn_j, &mx_j, &mn_k, &mx_k);
      scan_blocks (&self->levels[k + 1], k + 1, u0, u1, &mn, &mx, &mn_j, &mx_j, &mn_k, &mx_k);
      scan_blocks (&self->levels[k], k, m1, j1, &mn, &mx, &mn_j, &mx_j, &mn_k, &mx_k);
    }
  else
    scan_blocks (&self->levels[k], k, j0, j1, &mn, &mx, &mn_j, &mx_j, &mn_k, &mx_k);

  column->first_index = lo;
  column->last_index = hi - 1;
  column->first = self->edges[2 * (lo >> self->block_shift)];
  column->last = self->edges[2 * ((hi - 1) >> self->block_shift) + 1];
  column->flags = 0;
  if (mn_k == G_MAXUINT || mx_k == G_MAXUINT)
    {
      /* Only NaN (or, from a forged cache file, minima without maxima) */
      column->min = column->max = NAN;
      column->min_index = column->max_index = lo;
      column->min_span = column->max_span = 0;
    }
  else
    {
      column->min = mn;
      column->max = mx;
      column->min_index = mn_j << (self->block_shift + mn_k * self->factor_shift);
      column->max_index = mx_j << (self->block_shift + mx_k * self->factor_shift);
      column->min_span = MIN (self->levels[mn_k].block_size, self->n - column->min_index);
      column->max_span = MIN (self->levels[mx_k].block_size, self->n - column->max_index);
    }
  return TRUE;
}

/* Column c of n_columns over count samples from first, evenly */
static inline guint64
column_start (guint64 first,
              guint64 count,
              guint   n_columns,
              guint   c)
{
  guint64 q = count / n_columns, r = count % n_columns;

  return first + (guint64) c * q + ((guint64) c * r) / n_columns;
}

static gboolean
query_m4_raw (MeltPyramid   *self,
              guint64        first,
              guint64        last,
              guint          n_columns,
              MeltM4Column  *out,
              guint         *n_out,
              GError       **error)
{
  guint64 count = last - first + 1;
  guint n = (guint) MIN (count, (guint64) n_columns);
  Query q;
  gboolean ok = TRUE;

  query_init (&q, self);
  for (guint c = 0; c < n && ok; c++)
    {
      guint64 lo = column_start (first, count, n, c);
      guint64 hi = column_start (first, count, n, c + 1);
      Acc acc;

      acc_init (&acc);
      ok = query_add_raw (&q, &acc, lo, hi, last + 1, error);
      if (ok)
        acc_to_column (&acc, &out[c], lo, hi);
    }
  query_clear (&q);

  *n_out = ok ? n : 0;
  return ok;
}

/**
 * melt_pyramid_query_m4:
 * @pyramid: a pyramid
 * @first_index: the first sample of the range
 * @last_index: its last sample (inclusive), below the series' length
 * @n_columns: the number of pixel columns
 * @out: (out caller-allocates) (array length=n_columns): the columns
 * @n_out: (out): how many columns were written, at most @n_columns
 * @flags: (out) (optional): how they were computed
 * @error: set when the source cannot be read
 *
 * First, min, max and last of the samples of each pixel column, in index
 * order. The range is cut into @n_columns columns of nearly equal length.
 *
 * With fewer than 4 block sizes of samples per column, the samples are read
 * through the source and the columns are exact: MELT_M4_RAW (and, under two
 * samples per column, MELT_M4_SPARSE: draw the samples). Otherwise the
 * query uses the coarsest level whose blocks are at most a quarter of a
 * column: column boundaries move to the nearest block boundary of that
 * level (by less than one block, so less than a quarter of a pixel), the
 * columns are made of the largest complete blocks that fit, and the source
 * is read only for the parts of a level-0 block at the range's two ends.
 * min_index and max_index then name the block that holds the extreme.
 *
 * While the pyramid builds, see the comment at the top of melt-pyramid.c:
 * the part already read is exact; beyond it columns are snapped to the
 * preview grid and flagged MELT_M4_COLUMN_PREVIEW, or MELT_M4_COLUMN_UNKNOWN
 * when there is no preview yet, and @flags has MELT_M4_APPROXIMATE.
 *
 * Returns: FALSE with @error set when the source failed
 */
gboolean
melt_pyramid_query_m4 (MeltPyramid   *self,
                       guint64        first_index,
                       guint64        last_index,
                       guint          n_columns,
                       MeltM4Column  *out,
                       guint         *n_out,
                       MeltM4Flags   *flags,
                       GError       **error)
{
  guint64 count, grid, level_size, step, rest, ideal, carry;
  guint level = 0;
  MeltM4Flags result = MELT_M4_NONE;
  Query q;
  guint64 lo;
  guint c = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (MELT_IS_PYRAMID (self), FALSE);
  g_return_val_if_fail (first_index <= last_index && last_index < self->n, FALSE);
  g_return_val_if_fail (n_columns > 0 && out != NULL && n_out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *n_out = 0;
  count = last_index - first_index + 1;

  /* Blocks of level 0 wider than a quarter of a column: raw samples */
  if (count / n_columns < 4 * (guint64) self->block_size)
    {
      result = MELT_M4_RAW;
      if (count < 2 * (guint64) n_columns)
        result |= MELT_M4_SPARSE;
      if (flags != NULL)
        *flags = result;
      return query_m4_raw (self, first_index, last_index, n_columns, out, n_out, error);
    }

  while (level + 1 < self->n_levels
         && self->levels[level + 1].block_size <= count / n_columns / 4)
    level++;
  level_size = self->levels[level].block_size;

  query_init (&q, self);
  grid = level_size;
  if (last_index >= q.exact_end && q.preview && q.preview_size > grid)
    {
      /* Past the complete prefix only preview blocks are known */
      grid = q.preview_size;
      result |= MELT_M4_APPROXIMATE;
    }

  /* Column i starts at first + i·step + ⌊i·rest / n_columns⌋ */
  step = count / n_columns;
  rest = count % n_columns;
  ideal = first_index;
  carry = 0;
  lo = first_index;
  for (guint i = 1; i <= n_columns && ok; i++)
    {
      guint64 hi;
      Acc acc;

      ideal += step;
      carry += rest;
      if (carry >= n_columns)
        {
          ideal++;
          carry -= n_columns;
        }

      if (i == n_columns)
        hi = last_index + 1;
      else
        {
          hi = (ideal + grid / 2) & ~(grid - 1);
          if (hi <= lo || hi > last_index)
            continue;
        }

      if (query_column_fast (&q, level, lo, hi, &out[c]))
        {
          c++;
          lo = hi;
          continue;
        }

      acc_init (&acc);
      ok = query_add_range (&q, &acc, lo, hi, error);
      if (!ok)
        break;
      acc_to_column (&acc, &out[c], lo, hi);
      if (acc.flags != 0)
        result |= MELT_M4_APPROXIMATE;
      c++;
      lo = hi;
    }
  query_clear (&q);

  if (!ok)
    return FALSE;

  *n_out = c;
  if (flags != NULL)
    *flags = result;
  return TRUE;
}

/**
 * melt_pyramid_query_raw:
 *
 * Reads the samples [@first_index, @first_index + @count) through the
 * source, for plots zoomed in to fewer than two samples per column.
 */
gboolean
melt_pyramid_query_raw (MeltPyramid  *self,
                        guint64       first_index,
                        guint64       count,
                        float        *out,
                        GError      **error)
{
  g_return_val_if_fail (MELT_IS_PYRAMID (self), FALSE);
  g_return_val_if_fail (count > 0 && out != NULL, FALSE);
  g_return_val_if_fail (first_index < self->n && count <= self->n - first_index, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return read_source (self, first_index, count, out, error);
}

/* The cache */

static char *
display_name (GFile *file)
{
  return g_file_get_parse_name (file);
}

static gboolean
key_is_safe (const char *key)
{
  gsize len = strlen (key);

  if (len == 0 || len > 128 || key[0] == '.')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (key[i]) && key[i] != '-' && key[i] != '_' && key[i] != '.')
      return FALSE;
  return TRUE;
}

/**
 * melt_pyramid_cache_key:
 * @path: the recording's path
 * @size: its size in bytes
 * @mtime_us: its modification time, in microseconds
 * @dataset: the dataset of the series inside it
 *
 * A key that changes when the file does: 64 hex digits of SHA-256.
 *
 * Returns: (transfer full): the key
 */
char *
melt_pyramid_cache_key (const char *path,
                        guint64     size,
                        guint64     mtime_us,
                        const char *dataset)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint64 numbers[2] = { GUINT64_TO_LE (size), GUINT64_TO_LE (mtime_us) };

  g_return_val_if_fail (path != NULL && dataset != NULL, NULL);

  g_checksum_update (checksum, (const guchar *) "meltline-pyramid-1", -1);
  g_checksum_update (checksum, (const guchar *) path, strlen (path) + 1);
  g_checksum_update (checksum, (const guchar *) numbers, sizeof numbers);
  g_checksum_update (checksum, (const guchar *) dataset, strlen (dataset) + 1);
  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * melt_pyramid_cache_file:
 * @key: a key from melt_pyramid_cache_key() (letters, digits, '-', '_')
 *
 * Returns: (transfer full): the cache file for @key, under
 *   $XDG_CACHE_HOME/meltline/pyramids/
 */
GFile *
melt_pyramid_cache_file (const char *key)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (key != NULL && key_is_safe (key), NULL);

  name = g_strconcat (key, ".pyramid", NULL);
  path = g_build_filename (g_get_user_cache_dir (), "meltline", "pyramids", name, NULL);
  return g_file_new_for_path (path);
}

/* Bytes of the data after the key */
static guint64
cache_data_size (const Level *levels,
                 guint        n_levels)
{
  guint64 size = 2 * levels[0].n_blocks;

  for (guint k = 0; k < n_levels; k++)
    size += 2 * levels[k].n_blocks;
  return size * sizeof (float);
}

typedef struct
{
  char    magic[8];
  guint32 version;
  guint32 byte_order;
  guint64 n;
  guint32 block_size;
  guint32 factor;
  guint32 n_levels;
  guint32 key_length;
  guint64 data_size;
  guint8  checksum[UMAC128_DIGEST_SIZE];
  guint64 n_attached;
  guint8  reserved[8];
} CacheHeader;

G_STATIC_ASSERT (sizeof (CacheHeader) == CACHE_HEADER_SIZE);

static void
checksum_init (struct umac128_ctx *checksum)
{
  static const guint8 nonce[16] = { 0 };

  umac128_set_key (checksum, (const guint8 *) "meltline-pyramid");
  umac128_set_nonce (checksum, sizeof nonce, nonce);
}

static gboolean
write_all (GOutputStream  *stream,
           const void     *data,
           gsize           size,
           GError        **error)
{
  return g_output_stream_write_all (stream, data, size, NULL, NULL, error);
}

/**
 * melt_pyramid_save:
 * @pyramid: a complete pyramid
 * @file: where to save it (its folders are made as needed)
 *
 * Saves the pyramid atomically: a reader never sees a partial file.
 */
gboolean
melt_pyramid_save (MeltPyramid  *self,
                   GFile        *file,
                   GError      **error)
{
  struct umac128_ctx checksum_state;
  struct umac128_ctx *checksum = &checksum_state;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  g_autoptr(GBytes) attachment = NULL;
  const guint8 *attached;
  gsize attached_size = 0;
  guint64 n_blocks[MAX_LEVELS];
  const char *key;
  CacheHeader header;

  g_return_val_if_fail (MELT_IS_PYRAMID (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = display_name (file);

  if (!melt_pyramid_is_complete (self))
    {
      g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_INCOMPLETE,
                   _("%s: the pyramid is not fully built"), display);
      return FALSE;
    }

  parent = g_file_get_parent (file);
  if (parent != NULL && !g_file_make_directory_with_parents (parent, NULL, &local_error)
      && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_IO,
                   _("%s: cannot create the folder: %s"), display, local_error->message);
      return FALSE;
    }
  g_clear_error (&local_error);

  key = self->key != NULL ? self->key : "";
  memset (&header, 0, sizeof header);
  memcpy (header.magic, CACHE_MAGIC, sizeof CACHE_MAGIC);
  header.version = CACHE_VERSION;
  header.byte_order = CACHE_BYTE_ORDER;
  header.n = self->n;
  header.block_size = self->block_size;
  header.factor = self->factor;
  header.n_levels = self->n_levels;
  header.key_length = strlen (key);
  header.data_size = cache_data_size (self->levels, self->n_levels);
  attachment = melt_pyramid_dup_attachment (self);
  attached = attachment != NULL ? g_bytes_get_data (attachment, &attached_size) : NULL;
  header.n_attached = attached_size / sizeof (double);

  for (guint k = 0; k < self->n_levels; k++)
    n_blocks[k] = self->levels[k].n_blocks;

  /* The checksum first, then the file in one go */
  checksum_init (checksum);
  umac128_update (checksum, self->n_levels * sizeof (guint64), (const guchar *) n_blocks);
  umac128_update (checksum, header.key_length, (const guchar *) key);
  for (guint k = 0; k < self->n_levels; k++)
    {
      umac128_update (checksum, self->levels[k].n_blocks * sizeof (float),
                     (const guchar *) self->levels[k].min);
      umac128_update (checksum, self->levels[k].n_blocks * sizeof (float),
                     (const guchar *) self->levels[k].max);
    }
  umac128_update (checksum, 2 * self->levels[0].n_blocks * sizeof (float),
                 (const guchar *) self->edges);
  umac128_update (checksum, attached_size, attached);
  umac128_digest (checksum, UMAC128_DIGEST_SIZE, header.checksum);

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                           &local_error);
  if (stream == NULL)
    goto fail;

  if (!write_all (G_OUTPUT_STREAM (stream), &header, sizeof header, &local_error)
      || !write_all (G_OUTPUT_STREAM (stream), n_blocks,
                     self->n_levels * sizeof (guint64), &local_error)
      || !write_all (G_OUTPUT_STREAM (stream), key, header.key_length, &local_error))
    goto fail;
  for (guint k = 0; k < self->n_levels; k++)
    if (!write_all (G_OUTPUT_STREAM (stream), self->levels[k].min,
                    self->levels[k].n_blocks * sizeof (float), &local_error)
        || !write_all (G_OUTPUT_STREAM (stream), self->levels[k].max,
                       self->levels[k].n_blocks * sizeof (float), &local_error))
      goto fail;
  if (!write_all (G_OUTPUT_STREAM (stream), self->edges,
                  2 * self->levels[0].n_blocks * sizeof (float), &local_error)
      || (attached_size > 0
          && !write_all (G_OUTPUT_STREAM (stream), attached, attached_size, &local_error)))
    goto fail;

  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &local_error))
    goto fail;
  return TRUE;

fail:
  if (stream != NULL)
    {
      /* Closing cancelled keeps the old file and drops the temporary one */
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
    }
  g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_IO,
               _("%s: cannot write the pyramid cache: %s"), display, local_error->message);
  return FALSE;
}

static gboolean
read_exactly (GInputStream  *stream,
              struct umac128_ctx *checksum,
              void          *data,
              gsize          size,
              const char    *display,
              GError       **error)
{
  guint8 *bytes = data;

  for (gsize done = 0; done < size;)
    {
      gsize chunk = MIN (size - done, 64u * 1024 * 1024);
      gsize got = 0;
      g_autoptr(GError) local_error = NULL;

      if (!g_input_stream_read_all (stream, bytes + done, chunk, &got, NULL, &local_error))
        {
          g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_IO,
                       _("%s: cannot read the pyramid cache: %s"), display,
                       local_error->message);
          return FALSE;
        }
      if (got < chunk)
        {
          g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_CORRUPT,
                       _("%s: the pyramid cache is truncated"), display);
          return FALSE;
        }
      if (checksum != NULL)
        umac128_update (checksum, chunk, bytes + done);
      done += chunk;
    }
  return TRUE;
}

/**
 * melt_pyramid_load:
 * @file: a cache file written by melt_pyramid_save()
 * @expected_n: the length of the series it must describe
 * @expected_key: (nullable): the key it must carry (NULL: any)
 * @error: MELT_PYRAMID_ERROR_CORRUPT or _MISMATCH when the file cannot be
 *   used: the caller builds the pyramid again
 *
 * Loads a complete pyramid. The header is checked against the file's size
 * and against what @expected_n implies before anything is allocated, the
 * data against its checksum before the pyramid is returned. Set its source
 * with melt_pyramid_set_source() for queries that read raw samples.
 *
 * Returns: (transfer full) (nullable): the pyramid
 */
MeltPyramid *
melt_pyramid_load (GFile       *file,
                   guint64      expected_n,
                   const char  *expected_key,
                   GError     **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  struct umac128_ctx checksum_state;
  struct umac128_ctx *checksum = &checksum_state;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(MeltPyramid) self = NULL;
  g_autofree char *display = NULL;
  g_autofree char *key = NULL;
  Level levels[MAX_LEVELS];
  guint64 n_blocks[MAX_LEVELS];
  guint8 digest[UMAC128_DIGEST_SIZE];
  g_autofree double *attached = NULL;
  CacheHeader header;
  guint n_levels;
  guint64 file_size, expected_size;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = display_name (file);

  stream = g_file_read (file, NULL, &local_error);
  if (stream != NULL)
    info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL,
                                           &local_error);
  if (info == NULL)
    {
      g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_IO,
                   _("%s: cannot read the pyramid cache: %s"), display, local_error->message);
      return NULL;
    }
  file_size = (guint64) g_file_info_get_size (info);

  if (!read_exactly (G_INPUT_STREAM (stream), NULL, &header, sizeof header, display, error))
    return NULL;

  if (memcmp (header.magic, CACHE_MAGIC, sizeof CACHE_MAGIC) != 0)
    {
      g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_CORRUPT,
                   _("%s: not a Meltline pyramid cache"), display);
      return NULL;
    }
  if (header.byte_order != CACHE_BYTE_ORDER || header.version != CACHE_VERSION)
    {
      g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_MISMATCH,
                   _("%s: a pyramid cache of another version or byte order"), display);
      return NULL;
    }
  if (header.n != expected_n)
    {
      g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_MISMATCH,
                   _("%s: the pyramid cache is for %llu samples, expected %llu"),
                   display, (unsigned long long) header.n, (unsigned long long) expected_n);
      return NULL;
    }
  if (header.n == 0 || !valid_shape (header.block_size, header.factor)
      || header.key_length > CACHE_MAX_KEY)
    goto corrupt;

  n_levels = layout_levels (header.n, header.block_size, header.factor, levels);
  if (header.n_levels != n_levels
      || header.data_size != cache_data_size (levels, n_levels)
      || header.n_attached > max_attachment (header.n))
    goto corrupt;
  /* Sizes are now bounded by n: check them against the file itself */
  expected_size = CACHE_HEADER_SIZE + n_levels * sizeof (guint64) + header.key_length
                  + header.data_size + header.n_attached * sizeof (double);
  if (file_size != expected_size)
    {
      g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_CORRUPT,
                   _("%s: the pyramid cache has %llu bytes, its header announces %llu"),
                   display, (unsigned long long) file_size, (unsigned long long) expected_size);
      return NULL;
    }

  checksum_init (checksum);
  key = g_malloc (header.key_length + 1);
  if (!read_exactly (G_INPUT_STREAM (stream), checksum, n_blocks, n_levels * sizeof (guint64),
                     display, error)
      || !read_exactly (G_INPUT_STREAM (stream), checksum, key, header.key_length, display,
                        error))
    return NULL;
  key[header.key_length] = '\0';

  for (guint k = 0; k < n_levels; k++)
    if (n_blocks[k] != levels[k].n_blocks)
      goto corrupt;
  if (expected_key != NULL && strcmp (key, expected_key) != 0)
    {
      g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_MISMATCH,
                   _("%s: the pyramid cache is for another series"), display);
      return NULL;
    }

  self = pyramid_new (header.n, header.block_size, header.factor);
  if (!allocate_levels (self, error))
    return NULL;

  for (guint k = 0; k < n_levels; k++)
    if (!read_exactly (G_INPUT_STREAM (stream), checksum, self->levels[k].min,
                       levels[k].n_blocks * sizeof (float), display, error)
        || !read_exactly (G_INPUT_STREAM (stream), checksum, self->levels[k].max,
                          levels[k].n_blocks * sizeof (float), display, error))
      return NULL;
  if (!read_exactly (G_INPUT_STREAM (stream), checksum, self->edges,
                     2 * levels[0].n_blocks * sizeof (float), display, error))
    return NULL;
  if (header.n_attached > 0)
    {
      attached = g_try_new (double, header.n_attached);
      if (attached == NULL)
        {
          g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_CORRUPT,
                       _("%s: not enough memory for the pyramid cache"), display);
          return NULL;
        }
      if (!read_exactly (G_INPUT_STREAM (stream), checksum, attached,
                         header.n_attached * sizeof (double), display, error))
        return NULL;
    }

  umac128_digest (checksum, UMAC128_DIGEST_SIZE, digest);
  if (memcmp (digest, header.checksum, sizeof digest) != 0)
    {
      g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_CORRUPT,
                   _("%s: the pyramid cache does not match its checksum"), display);
      return NULL;
    }

  self->key = g_steal_pointer (&key);
  if (header.n_attached > 0)
    self->attachment = g_bytes_new_take (g_steal_pointer (&attached),
                                         header.n_attached * sizeof (double));
  for (guint k = 0; k < n_levels; k++)
    g_atomic_pointer_set (&self->levels[k].built, (gsize) levels[k].n_blocks);
  return g_steal_pointer (&self);

corrupt:
  g_set_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_CORRUPT,
               _("%s: the pyramid cache header is invalid"), display);
  return NULL;
}
