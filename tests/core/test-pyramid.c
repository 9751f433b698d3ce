/* test-pyramid.c: the min/max pyramid against brute force, its build, its
 * cache; `-m perf` times a build over 100 M samples and a full-range query
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <nettle/umac.h>
#include <string.h>

#include "melt-pyramid.h"
#include "melt-test-files.h"

/* A series in memory, read through the pyramid's callback */
typedef struct
{
  float        *data;
  guint64       n;
  gint          reads;          /* atomic */
  guint64       fail_at;        /* a read covering it fails */
  gboolean      fail_quietly;   /* ... without a GError */
  GCancellable *cancel;         /* cancelled at the cancel_after-th big read */
  gint          cancel_after;
  gint          big_reads;      /* atomic */
  GMutex        lock;
  GCond         cond;
  guint64       gate;           /* big reads past it wait */
  gboolean      waiting;
} Source;

static gboolean
source_read (gpointer   user_data,
             guint64    first,
             guint64    count,
             float     *out,
             GError   **error)
{
  Source *source = user_data;
  g_atomic_int_inc (&source->reads);

  g_assert_cmpuint (count, >, 0);
  g_assert_cmpuint (first + count, <=, source->n);

  if (first <= source->fail_at && source->fail_at < first + count)
    {
      if (!source->fail_quietly)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "bad sector at %lu",
                     (gulong) source->fail_at);
      return FALSE;
    }

  /* The full pass reads 4 MiB pieces, queries at most 256 KiB */
  if (count > 65536)
    {
      if (g_atomic_int_add (&source->big_reads, 1) + 1 == source->cancel_after
          && source->cancel != NULL)
        g_cancellable_cancel (source->cancel);

      g_mutex_lock (&source->lock);
      while (first + count > source->gate)
        {
          source->waiting = TRUE;
          g_cond_broadcast (&source->cond);
          g_cond_wait (&source->cond, &source->lock);
        }
      source->waiting = FALSE;
      g_mutex_unlock (&source->lock);
    }

  memcpy (out, source->data + first, count * sizeof (float));
  return TRUE;
}

static Source *
source_new (guint64 n,
            guint32 seed)
{
  Source *source = g_new0 (Source, 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  source->n = n;
  source->data = g_new (float, n);
  source->fail_at = G_MAXUINT64;
  source->gate = G_MAXUINT64;
  g_mutex_init (&source->lock);
  g_cond_init (&source->cond);

  for (guint64 i = 0; i < n; i++)
    {
      guint32 r = g_rand_int (rand);

      if (r % 64 == 0)
        source->data[i] = NAN;
      else if (r % 4099 == 1)
        source->data[i] = (r & 0x100) ? INFINITY : -INFINITY;
      else if (r % 997 == 2)
        source->data[i] = (float) g_rand_double_range (rand, -1e6, 1e6);
      else
        source->data[i] = (float) g_rand_double_range (rand, -100, 100);
    }

  /* Whole blocks of NaN, at every scale */
  for (guint64 lo = 1000, len = 200; lo + len <= n; lo = lo * 3 + 17, len *= 2)
    for (guint64 i = lo; i < lo + len; i++)
      source->data[i] = NAN;

  return source;
}

static void
source_free (gpointer data)
{
  Source *source = data;

  g_mutex_clear (&source->lock);
  g_cond_clear (&source->cond);
  g_free (source->data);
  g_free (source);
}

static void
source_set_gate (Source  *source,
                 guint64  gate)
{
  g_mutex_lock (&source->lock);
  source->gate = gate;
  g_cond_broadcast (&source->cond);
  g_mutex_unlock (&source->lock);
}

static gboolean
same_float (float a,
            float b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static void
brute_min_max (const float *data,
               guint64      lo,
               guint64      hi,
               float       *mn,
               float       *mx)
{
  gboolean any = FALSE;

  *mn = *mx = NAN;
  for (guint64 i = lo; i <= hi; i++)
    {
      float x = data[i];

      if (isnan (x))
        continue;
      if (!any || x < *mn)
        *mn = x;
      if (!any || x > *mx)
        *mx = x;
      any = TRUE;
    }
}

static guint64
ideal_start (guint64 first,
             guint64 count,
             guint   n_columns,
             guint   c)
{
  return first + (guint64) ((long double) c * count / n_columns);
}

/* Checks the columns of a query of [first, last] against the data itself */
static void
check_columns (const Source       *source,
               guint64             first,
               guint64             last,
               guint               n_columns,
               const MeltM4Column *out,
               guint               n_out,
               MeltM4Flags         flags)
{
  guint64 count = last - first + 1;

  g_assert_cmpuint (n_out, >=, 1);
  g_assert_cmpuint (n_out, <=, n_columns);
  g_assert_cmpuint (out[0].first_index, ==, first);
  g_assert_cmpuint (out[n_out - 1].last_index, ==, last);

  for (guint c = 0; c < n_out; c++)
    {
      const MeltM4Column *col = &out[c];
      float mn, mx;

      g_assert_cmpuint (col->first_index, <=, col->last_index);
      if (c > 0)
        g_assert_cmpuint (col->first_index, ==, out[c - 1].last_index + 1);

      if (col->flags & MELT_M4_COLUMN_UNKNOWN)
        {
          g_assert_true (flags & MELT_M4_APPROXIMATE);
          g_assert_true (isnan (col->first) && isnan (col->last));
          g_assert_true (isnan (col->min) && isnan (col->max));
          continue;
        }

      g_assert_true (same_float (col->first, source->data[col->first_index]));
      g_assert_true (same_float (col->last, source->data[col->last_index]));
      brute_min_max (source->data, col->first_index, col->last_index, &mn, &mx);

      if (col->flags & MELT_M4_COLUMN_PREVIEW)
        {
          /* Real samples, inside the true range */
          g_assert_true (flags & MELT_M4_APPROXIMATE);
          if (col->min_span != 0)
            {
              gboolean found_min = FALSE, found_max = FALSE;

              g_assert_cmpuint (col->min_index, >=, col->first_index);
              g_assert_cmpuint (col->min_index + col->min_span - 1, <=, col->last_index);
              g_assert_cmpuint (col->max_index, >=, col->first_index);
              g_assert_cmpuint (col->max_index + col->max_span - 1, <=, col->last_index);
              for (guint64 i = col->min_index; i < col->min_index + col->min_span; i++)
                found_min |= source->data[i] == col->min;
              for (guint64 i = col->max_index; i < col->max_index + col->max_span; i++)
                found_max |= source->data[i] == col->max;
              g_assert_true (found_min);
              g_assert_true (found_max);
              g_assert_cmpfloat (col->min, >=, mn);
              g_assert_cmpfloat (col->max, <=, mx);
            }
          continue;
        }

      g_assert_cmpuint (col->flags, ==, 0);
      if (!same_float (col->min, mn) || !same_float (col->max, mx))
        g_error ("column %u [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT "]: min %g max %g, "
                 "expected %g %g", c, col->first_index, col->last_index,
                 col->min, col->max, mn, mx);

      if (isnan (mn))
        {
          g_assert_cmpuint (col->min_span, ==, 0);
          g_assert_cmpuint (col->max_span, ==, 0);
        }
      else
        {
          gboolean found_min = FALSE, found_max = FALSE;

          g_assert_cmpuint (col->min_span, >=, 1);
          g_assert_cmpuint (col->min_index, >=, col->first_index);
          g_assert_cmpuint (col->min_index + col->min_span - 1, <=, col->last_index);
          g_assert_cmpuint (col->max_index, >=, col->first_index);
          g_assert_cmpuint (col->max_index + col->max_span - 1, <=, col->last_index);
          if (flags & MELT_M4_RAW)
            {
              g_assert_cmpuint (col->min_span, ==, 1);
              g_assert_cmpuint (col->max_span, ==, 1);
            }
          for (guint64 i = col->min_index; i < col->min_index + col->min_span; i++)
            found_min |= source->data[i] == mn;
          for (guint64 i = col->max_index; i < col->max_index + col->max_span; i++)
            found_max |= source->data[i] == mx;
          g_assert_true (found_min);
          g_assert_true (found_max);
        }
    }

  if (flags & MELT_M4_APPROXIMATE)
    return;

  if (flags & MELT_M4_RAW)
    {
      g_assert_cmpuint (n_out, ==, MIN (count, n_columns));
      g_assert_cmpint (!!(flags & MELT_M4_SPARSE), ==, count < 2 * (guint64) n_columns);
      if (count <= n_columns)
        for (guint c = 0; c < n_out; c++)
          g_assert_cmpuint (out[c].first_index, ==, out[c].last_index);
    }
  else
    {
      /* Each boundary within a quarter column of where it belongs */
      g_assert_cmpuint (n_out, ==, n_columns);
      for (guint c = 1; c < n_out; c++)
        {
          gint64 shift = (gint64) out[c].first_index
                         - (gint64) ideal_start (first, count, n_columns, c);

          g_assert_cmpint (ABS (shift), <=, (gint64) (count / n_columns / 4));
        }
    }
}

static MeltM4Flags
query_and_check (MeltPyramid  *pyramid,
                 const Source *source,
                 guint64       first,
                 guint64       last,
                 guint         n_columns)
{
  g_autofree MeltM4Column *out = g_new0 (MeltM4Column, n_columns);
  g_autoptr(GError) error = NULL;
  MeltM4Flags flags = 0;
  guint n_out = 0;

  g_assert_true (melt_pyramid_query_m4 (pyramid, first, last, n_columns, out, &n_out,
                                        &flags, &error));
  g_assert_no_error (error);
  check_columns (source, first, last, n_columns, out, n_out, flags);
  return flags;
}

static MeltPyramid *
build_pyramid (Source *source,
               guint   block_size,
               guint   factor)
{
  g_autoptr(GError) error = NULL;
  MeltPyramid *pyramid = melt_pyramid_new (source->n, block_size, factor, source_read, source,
                                           NULL);

  g_assert_true (melt_pyramid_build (pyramid, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (melt_pyramid_is_complete (pyramid));
  g_assert_cmpfloat (melt_pyramid_get_progress (pyramid), ==, 1.0);
  return pyramid;
}

/* Windows of every size class, at the very start, the very end and inside */
static void
check_windows (MeltPyramid *pyramid,
               Source      *source,
               GRand       *rand)
{
  static const guint columns[] = { 1, 7, 100, 1280 };
  guint64 n = source->n;

  for (guint ci = 0; ci < G_N_ELEMENTS (columns); ci++)
    {
      guint n_columns = columns[ci];
      guint64 sizes[64];
      guint n_sizes = 0;

      /* Around each threshold: raw, sparse, every level, the whole */
      sizes[n_sizes++] = 1;
      sizes[n_sizes++] = 2;
      sizes[n_sizes++] = n_columns;
      sizes[n_sizes++] = n_columns + 1;
      sizes[n_sizes++] = 2 * (guint64) n_columns - 1;
      sizes[n_sizes++] = 2 * (guint64) n_columns;
      for (guint k = 0; k < melt_pyramid_get_n_levels (pyramid) && n_sizes < 60; k++)
        {
          guint64 size = 4 * melt_pyramid_get_level_block_size (pyramid, k) * n_columns;

          sizes[n_sizes++] = size - 1;
          sizes[n_sizes++] = size;
          sizes[n_sizes++] = size + size / 3;
        }
      sizes[n_sizes++] = n;

      for (guint si = 0; si < n_sizes; si++)
        {
          guint64 size = MIN (sizes[si], n);
          guint64 inside = size < n ? (guint64) g_rand_double_range (rand, 0, n - size) : 0;

          query_and_check (pyramid, source, 0, size - 1, n_columns);
          query_and_check (pyramid, source, n - size, n - 1, n_columns);
          query_and_check (pyramid, source, inside, inside + size - 1, n_columns);
        }
    }
}

static void
test_query_exact (void)
{
  static const guint64 lengths[] = { 1, 63, 64, 65, 4097, 100003, 1000003, 5000011 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      Source *source = source_new (lengths[i], 7 + i);
      g_autoptr(MeltPyramid) pyramid = build_pyramid (source, 0, 0);

      g_assert_cmpuint (melt_pyramid_get_block_size (pyramid), ==, 64);
      g_assert_cmpuint (melt_pyramid_get_factor (pyramid), ==, 8);
      check_windows (pyramid, source, rand);
      g_clear_object (&pyramid);
      source_free (source);
    }
}

static void
test_query_shapes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (43);
  Source *source = source_new (777777, 3);

  /* Other block sizes and factors */
  for (guint b = 4; b <= 256; b *= 4)
    for (guint f = 2; f <= 16; f *= 2)
      {
        g_autoptr(MeltPyramid) pyramid = build_pyramid (source, b, f);

        g_assert_cmpuint (melt_pyramid_get_level_n_blocks (pyramid,
                                                           melt_pyramid_get_n_levels (pyramid) - 1),
                          <=, 16);
        check_windows (pyramid, source, rand);
      }
  source_free (source);
}

static void
test_query_raw (void)
{
  Source *source = source_new (100000, 5);
  g_autoptr(MeltPyramid) pyramid = build_pyramid (source, 0, 0);
  g_autoptr(GError) error = NULL;
  MeltM4Column out[100];
  float samples[150];
  MeltM4Flags flags;
  guint n_out;

  /* Fewer samples than columns: one column per sample */
  g_assert_true (melt_pyramid_query_m4 (pyramid, 500, 549, 100, out, &n_out, &flags, &error));
  g_assert_cmpuint (n_out, ==, 50);
  g_assert_cmpint (flags, ==, MELT_M4_RAW | MELT_M4_SPARSE);
  for (guint i = 0; i < n_out; i++)
    {
      g_assert_cmpuint (out[i].first_index, ==, 500 + i);
      g_assert_true (same_float (out[i].first, source->data[500 + i]));
      g_assert_true (same_float (out[i].min, source->data[500 + i]));
    }

  /* Under two per column: sparse; then raw up to four blocks per column */
  g_assert_cmpint (query_and_check (pyramid, source, 0, 149, 100), ==,
                   MELT_M4_RAW | MELT_M4_SPARSE);
  g_assert_cmpint (query_and_check (pyramid, source, 0, 199, 100), ==, MELT_M4_RAW);
  g_assert_cmpint (query_and_check (pyramid, source, 1, 4 * 64 * 100 - 1, 100), ==,
                   MELT_M4_RAW);
  g_assert_cmpint (query_and_check (pyramid, source, 0, 4 * 64 * 100 - 1, 100), ==,
                   MELT_M4_NONE);

  g_assert_true (melt_pyramid_query_raw (pyramid, 99850, 150, samples, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (samples, sizeof samples, source->data + 99850, sizeof samples);

  /* A failing source is an error, not a crash */
  source->fail_at = 99900;
  g_assert_false (melt_pyramid_query_raw (pyramid, 99850, 150, samples, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (melt_pyramid_query_m4 (pyramid, 99800, 99999, 100, out, &n_out, &flags,
                                         &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpuint (n_out, ==, 0);
  g_clear_error (&error);

  /* A pyramid query reads the source only for its unaligned ends */
  g_assert_false (melt_pyramid_query_m4 (pyramid, 0, 99902, 100, out, &n_out, &flags, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_true (melt_pyramid_query_m4 (pyramid, 0, 99999, 100, out, &n_out, &flags, &error));
  g_assert_true (melt_pyramid_query_m4 (pyramid, 0, 99839, 100, out, &n_out, &flags, &error));
  source->fail_at = 10;
  g_assert_false (melt_pyramid_query_m4 (pyramid, 3, 99999, 100, out, &n_out, &flags, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_true (melt_pyramid_query_m4 (pyramid, 64, 99999, 100, out, &n_out, &flags, &error));
  g_assert_no_error (error);

  g_clear_object (&pyramid);
  source_free (source);
}

static void
test_build_errors (void)
{
  Source *source = source_new (3000000, 9);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltPyramid) pyramid = NULL;

  source->fail_at = 2000000;
  pyramid = melt_pyramid_new (source->n, 0, 0, source_read, source, NULL);
  g_assert_false (melt_pyramid_build (pyramid, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (melt_pyramid_is_complete (pyramid));

  /* What was built before the failure is exact; the rest unknown */
  query_and_check (pyramid, source, 0, source->n - 1, 1280);
  query_and_check (pyramid, source, 0, 999999, 1280);

  source->fail_quietly = TRUE;
  g_assert_false (melt_pyramid_build (pyramid, NULL, &error));
  g_assert_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_SOURCE);
  g_clear_error (&error);

  /* Goes on from where it stopped */
  source->fail_at = G_MAXUINT64;
  g_atomic_int_set (&source->reads, 0);
  g_assert_true (melt_pyramid_build (pyramid, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (melt_pyramid_is_complete (pyramid));
  g_assert_cmpint (source->reads, <, 3);
  g_assert_cmpint (query_and_check (pyramid, source, 0, source->n - 1, 1280), ==, MELT_M4_NONE);

  g_clear_object (&pyramid);
  source_free (source);
}

static void
test_cancel (void)
{
  Source *source = source_new (20000000, 11);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltPyramid) pyramid = NULL;
  MeltM4Flags flags;

  pyramid = melt_pyramid_new (source->n, 0, 0, source_read, source, NULL);
  source->cancel = cancellable;
  /* After a few pieces of the full pass */
  source->cancel_after = 4;
  g_assert_false (melt_pyramid_build (pyramid, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (melt_pyramid_is_complete (pyramid));
  /* a synchronous build makes no preview: its caller waits for the whole */
  g_assert_false (melt_pyramid_has_preview (pyramid));
  g_assert_cmpfloat (melt_pyramid_get_progress (pyramid), >, 0.0);
  g_assert_cmpfloat (melt_pyramid_get_progress (pyramid), <, 1.0);

  /* Correct: exact where built, unknown after it */
  flags = query_and_check (pyramid, source, 0, source->n - 1, 1280);
  g_assert_cmpint (flags, ==, MELT_M4_APPROXIMATE);
  {
    MeltM4Column out[1280];
    guint n_out;
    MeltM4Flags unused;

    g_assert_true (melt_pyramid_query_m4 (pyramid, 0, source->n - 1, 1280, out, &n_out, &unused,
                                          &error));
    g_assert_no_error (error);
    g_assert_true (out[n_out - 1].flags & MELT_M4_COLUMN_UNKNOWN);
    for (guint c = 0; c < n_out; c++)
      g_assert_false (out[c].flags & MELT_M4_COLUMN_PREVIEW);
  }
  /* exact over what the full pass finished (how far it got before the
   * cancellation reached it depends on the threads' timing) */
  {
    guint64 done = (guint64) (melt_pyramid_get_progress (pyramid) * source->n);

    g_test_message ("cancelled after %.1f %% of the full pass", 100.0 * melt_pyramid_get_progress (pyramid));
    if (done >= 4 * 64 * 1280 + 64)
      g_assert_cmpint (query_and_check (pyramid, source, 0, done - 64, 1280), ==, MELT_M4_NONE);
  }

  /* Cancelled before it starts */
  source->cancel = NULL;
  g_assert_false (melt_pyramid_build (pyramid, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_assert_true (melt_pyramid_build (pyramid, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_and_check (pyramid, source, 0, source->n - 1, 1280), ==, MELT_M4_NONE);

  g_clear_object (&pyramid);
  source_free (source);
}

typedef struct
{
  GMainLoop *loop;
  gboolean   done;
  GError    *error;
  guint      n_progress;
  double     last_fraction;
} AsyncState;

static void
on_progress (MeltPyramid *pyramid,
             double       fraction,
             gpointer     user_data)
{
  AsyncState *state = user_data;

  g_assert_true (MELT_IS_PYRAMID (pyramid));
  g_assert_false (state->done);
  g_assert_cmpfloat (fraction, >=, state->last_fraction);
  g_assert_cmpfloat (fraction, <=, 1.0);
  state->last_fraction = fraction;
  state->n_progress++;
}

static void
on_built (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncState *state = user_data;

  melt_pyramid_build_finish (MELT_PYRAMID (object), result, &state->error);
  state->done = TRUE;
}

static void
test_coarse_first (void)
{
  Source *source = source_new (12000000, 13);
  g_autoptr(MeltPyramid) pyramid = NULL;
  AsyncState state = { 0 };
  guint64 gate = 3 * 1024 * 1024;
  MeltM4Flags flags;
  MeltM4Column out[1280];
  guint n_out, n_exact = 0, n_preview = 0;
  g_autoptr(GError) error = NULL;

  pyramid = melt_pyramid_new (source->n, 0, 0, source_read, source, NULL);
  source_set_gate (source, gate);

  /* Before anything is built: all unknown, never wrong */
  flags = query_and_check (pyramid, source, 0, source->n - 1, 1280);
  g_assert_cmpint (flags, ==, MELT_M4_APPROXIMATE);

  melt_pyramid_build_async (pyramid, NULL, on_progress, &state, on_built, &state);

  /* Wait until the full pass is held at the gate, all before it reduced */
  for (;;)
    {
      gboolean waiting;

      g_main_context_iteration (NULL, FALSE);
      g_mutex_lock (&source->lock);
      waiting = source->waiting;
      g_mutex_unlock (&source->lock);
      if (waiting && melt_pyramid_get_progress (pyramid) * source->n >= gate - 64)
        break;
      g_usleep (1000);
    }
  g_assert_true (melt_pyramid_has_preview (pyramid));
  g_assert_false (melt_pyramid_is_complete (pyramid));

  /* The whole range: exact up to the gate, the preview after */
  g_assert_true (melt_pyramid_query_m4 (pyramid, 0, source->n - 1, 1280, out, &n_out, &flags,
                                        &error));
  g_assert_no_error (error);
  check_columns (source, 0, source->n - 1, 1280, out, n_out, flags);
  g_assert_cmpint (flags, ==, MELT_M4_APPROXIMATE);
  for (guint c = 0; c < n_out; c++)
    {
      n_exact += out[c].flags == 0;
      n_preview += (out[c].flags & MELT_M4_COLUMN_PREVIEW) != 0;
      g_assert_false (out[c].flags & MELT_M4_COLUMN_UNKNOWN);
    }
  g_assert_cmpuint (n_exact, >, 0);
  g_assert_cmpuint (n_preview, >, 0);
  g_assert_cmpuint (n_exact + n_preview, ==, n_out);

  /* Zoomed into the part built: exact at full resolution */
  g_assert_cmpint (query_and_check (pyramid, source, 1000, gate - 1000, 1280), ==,
                   MELT_M4_NONE);
  /* Zoomed into the part not built: raw samples are exact at any time */
  g_assert_cmpint (query_and_check (pyramid, source, 9000000, 9000000 + 64000, 640), ==,
                   MELT_M4_RAW);
  /* Coarser there, still correct */
  flags = query_and_check (pyramid, source, gate - 100000, 9000000, 1280);
  g_assert_cmpint (flags, ==, MELT_M4_APPROXIMATE);

  /* A second build at the same time is refused */
  g_assert_false (melt_pyramid_build (pyramid, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);

  source_set_gate (source, G_MAXUINT64);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  g_assert_true (melt_pyramid_is_complete (pyramid));
  g_assert_cmpuint (state.n_progress, >, 0);

  /* No progress after the callback */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpint (query_and_check (pyramid, source, 0, source->n - 1, 1280), ==, MELT_M4_NONE);

  g_clear_object (&pyramid);
  source_free (source);
}

typedef struct
{
  MeltPyramid *pyramid;
  Source      *source;
  guint32      seed;
  guint        n_queries;
} Reader;

static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (reader->seed);
  guint64 n = reader->source->n;

  while (!melt_pyramid_is_complete (reader->pyramid) || reader->n_queries < 10)
    {
      guint64 a = (guint64) g_rand_double_range (rand, 0, n);
      guint64 b = (guint64) g_rand_double_range (rand, 0, n);

      query_and_check (reader->pyramid, reader->source, MIN (a, b), MAX (a, b),
                       g_rand_int_range (rand, 1, 400));
      reader->n_queries++;
    }
  return NULL;
}

static void
test_concurrent (void)
{
  Source *source = source_new (6000000, 17);
  g_autoptr(MeltPyramid) pyramid = NULL;
  g_autoptr(GError) error = NULL;
  Reader readers[2];
  GThread *threads[2];

  pyramid = melt_pyramid_new (source->n, 0, 0, source_read, source, NULL);
  for (guint i = 0; i < 2; i++)
    {
      readers[i] = (Reader) { pyramid, source, 100 + i, 0 };
      threads[i] = g_thread_new ("reader", reader_thread, &readers[i]);
    }
  g_assert_true (melt_pyramid_build (pyramid, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (readers[i].n_queries, >=, 10);
    }

  g_clear_object (&pyramid);
  source_free (source);
}

/* The cache */

static char *cache_home;

static void
compare_pyramids (MeltPyramid *a,
                  MeltPyramid *b,
                  Source      *source)
{
  static const guint64 windows[][2] = { { 0, 0 }, { 0, 99999 }, { 77, 1000000 }, { 5, 2 } };

  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    {
      guint64 first = windows[i][0];
      guint64 last = windows[i][1] == 0 ? source->n - 1 : windows[i][1];
      MeltM4Column out_a[640], out_b[640];
      MeltM4Flags flags_a, flags_b;
      guint n_a, n_b;

      if (last < first)
        last = source->n - first;
      memset (out_a, 0, sizeof out_a);
      memset (out_b, 0, sizeof out_b);
      g_assert_true (melt_pyramid_query_m4 (a, first, last, 640, out_a, &n_a, &flags_a, NULL));
      g_assert_true (melt_pyramid_query_m4 (b, first, last, 640, out_b, &n_b, &flags_b, NULL));
      g_assert_cmpuint (n_a, ==, n_b);
      g_assert_cmpint (flags_a, ==, flags_b);
      g_assert_cmpmem (out_a, n_a * sizeof out_a[0], out_b, n_b * sizeof out_b[0]);
      check_columns (source, first, last, 640, out_b, n_b, flags_b);
    }
}

static Source *cache_source;
static GFile *cache_file;
static char *cache_key;
static GBytes *cache_bytes;

static void
cache_setup (void)
{
  g_autoptr(MeltPyramid) pyramid = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (cache_source != NULL)
    return;

  cache_source = source_new (2500001, 19);
  cache_key = melt_pyramid_cache_key ("/data/runs/orbital-7.h5", 123456789, 1700000000000000,
                                      "/streams/pyrometer/temperature");
  cache_file = melt_pyramid_cache_file (cache_key);
  pyramid = build_pyramid (cache_source, 0, 0);
  melt_pyramid_set_key (pyramid, cache_key);
  g_assert_true (melt_pyramid_save (pyramid, cache_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (cache_file, NULL, &contents, &length, NULL, &error));
  g_assert_no_error (error);
  cache_bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
}

static void
test_cache_key (void)
{
  g_autofree char *a = melt_pyramid_cache_key ("/a.h5", 1, 2, "/x");
  g_autofree char *b = melt_pyramid_cache_key ("/a.h5", 1, 2, "/x");
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GFile) file = NULL;
  const char *other[][2] = { { "/b.h5", "/x" }, { "/a.h5", "/y" } };

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpuint (strlen (a), ==, 64);
  for (guint i = 0; i < G_N_ELEMENTS (other); i++)
    {
      g_autofree char *c = melt_pyramid_cache_key (other[i][0], 1, 2, other[i][1]);

      g_assert_cmpstr (a, !=, c);
    }
  {
    g_autofree char *c = melt_pyramid_cache_key ("/a.h5", 2, 2, "/x");
    g_autofree char *d = melt_pyramid_cache_key ("/a.h5", 1, 3, "/x");

    g_assert_cmpstr (a, !=, c);
    g_assert_cmpstr (a, !=, d);
  }

  file = melt_pyramid_cache_file (a);
  path = g_file_get_path (file);
  expected = g_strdup_printf ("%s/meltline/pyramids/%s.pyramid", cache_home, a);
  g_assert_cmpstr (path, ==, expected);
}

static void
test_cache_round_trip (void)
{
  g_autoptr(MeltPyramid) built = NULL;
  g_autoptr(MeltPyramid) loaded = NULL;
  g_autoptr(GError) error = NULL;

  cache_setup ();
  built = build_pyramid (cache_source, 0, 0);

  loaded = melt_pyramid_load (cache_file, cache_source->n, cache_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_true (melt_pyramid_is_complete (loaded));
  g_assert_cmpstr (melt_pyramid_get_key (loaded), ==, cache_key);
  g_assert_cmpuint (melt_pyramid_get_n_levels (loaded), ==, melt_pyramid_get_n_levels (built));
  melt_pyramid_set_source (loaded, source_read, cache_source, NULL);
  compare_pyramids (built, loaded, cache_source);

  /* Any key */
  g_clear_object (&loaded);
  loaded = melt_pyramid_load (cache_file, cache_source->n, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);

  /* Saving again replaces the file */
  g_assert_true (melt_pyramid_save (loaded, cache_file, &error));
  g_assert_no_error (error);
}

static void
test_cache_incomplete (void)
{
  Source *source = source_new (1000, 23);
  g_autoptr(MeltPyramid) pyramid = melt_pyramid_new (1000, 0, 0, source_read, source, NULL);
  g_autoptr(GFile) file = g_file_new_build_filename (cache_home, "incomplete.pyramid", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (melt_pyramid_save (pyramid, file, &error));
  g_assert_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_INCOMPLETE);
  g_assert_false (g_file_query_exists (file, NULL));
  g_clear_object (&pyramid);
  source_free (source);
}

/* Writes @bytes (changed by the caller) to a scratch file and loads it */
static void
load_expecting (const guint8 *bytes,
                gsize         length,
                guint64       expected_n,
                const char   *expected_key,
                gint          code)
{
  g_autoptr(GFile) file = g_file_new_build_filename (cache_home, "scratch.pyramid", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltPyramid) pyramid = NULL;

  g_assert_true (g_file_replace_contents (file, (const char *) bytes, length, NULL, FALSE,
                                          G_FILE_CREATE_NONE, NULL, NULL, &error));
  g_assert_no_error (error);
  pyramid = melt_pyramid_load (file, expected_n, expected_key, &error);
  g_assert_null (pyramid);
  g_assert_error (error, MELT_PYRAMID_ERROR, code);
  g_test_message ("%s", error->message);
}

static guint8 *
cache_copy (gsize *length)
{
  cache_setup ();
  return g_memdup2 (g_bytes_get_data (cache_bytes, length), g_bytes_get_size (cache_bytes));
}

/* Doubles attached to a pyramid are saved and loaded with it, under its
 * checksum; a header that claims more than n + 1 of them is refused */
static void
test_cache_attachment (void)
{
  Source *source = source_new (100000, 31);
  g_autoptr(MeltPyramid) pyramid = build_pyramid (source, 0, 0);
  g_autoptr(MeltPyramid) loaded = NULL;
  g_autoptr(GFile) file = g_file_new_build_filename (cache_home, "attached.pyramid", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  g_autofree double *values = g_new (double, 197);
  const double *got;
  gsize length, size;
  guint64 claim;

  for (guint i = 0; i < 197; i++)
    values[i] = i * 0.512 + 1e-3 * (i % 7);
  g_assert_null (melt_pyramid_dup_attachment (pyramid));
  melt_pyramid_set_attachment (pyramid, values, 197);
  memset (values, 0, 197 * sizeof (double));   /* a copy was kept */
  g_assert_cmpuint (melt_pyramid_get_memory_size (pyramid), >=, 197 * sizeof (double));
  melt_pyramid_set_key (pyramid, "attached");
  g_assert_true (melt_pyramid_save (pyramid, file, &error));
  g_assert_no_error (error);

  loaded = melt_pyramid_load (file, 100000, "attached", &error);
  g_assert_no_error (error);
  bytes = melt_pyramid_dup_attachment (loaded);
  g_assert_nonnull (bytes);
  got = g_bytes_get_data (bytes, &size);
  g_assert_cmpuint (size, ==, 197 * sizeof (double));
  for (guint i = 0; i < 197; i++)
    g_assert_cmpfloat (got[i], ==, i * 0.512 + 1e-3 * (i % 7));

  /* Cleared: saved without it */
  melt_pyramid_set_attachment (pyramid, NULL, 0);
  g_assert_null (melt_pyramid_dup_attachment (pyramid));

  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, &error));
  g_assert_no_error (error);
  /* The last attached double is covered by the checksum */
  contents[length - 3] ^= 0x40;
  load_expecting ((const guint8 *) contents, length, 100000, "attached", MELT_PYRAMID_ERROR_CORRUPT);
  contents[length - 3] ^= 0x40;
  /* Claims: one more double than the file holds; more than n / 64 + 2 (with a file
   * that long: refused before anything is allocated or read) */
  memcpy (&claim, contents + 64, 8);
  g_assert_cmpuint (claim, ==, 197);
  claim = 198;
  memcpy (contents + 64, &claim, 8);
  load_expecting ((const guint8 *) contents, length, 100000, "attached", MELT_PYRAMID_ERROR_CORRUPT);
  {
    gsize longer = length + (100000 / 64 + 3 - 197) * sizeof (double);
    g_autofree char *padded = g_malloc0 (longer);

    memcpy (padded, contents, length);
    claim = 100000 / 64 + 3;
    memcpy (padded + 64, &claim, 8);
    load_expecting ((const guint8 *) padded, longer, 100000, "attached", MELT_PYRAMID_ERROR_CORRUPT);
  }
  claim = G_GUINT64_CONSTANT (1) << 61;
  memcpy (contents + 64, &claim, 8);
  load_expecting ((const guint8 *) contents, length, 100000, "attached", MELT_PYRAMID_ERROR_CORRUPT);
  source_free (source);
}

/* Recomputes the checksum of a cache file's bytes, as melt_pyramid_save() does: what a
 * forged file would carry */
static void
forge_checksum (guint8 *bytes,
                gsize   length)
{
  static const guint8 nonce[16] = { 0 };
  struct umac128_ctx checksum;

  umac128_set_key (&checksum, (const guint8 *) "meltline-pyramid");
  umac128_set_nonce (&checksum, sizeof nonce, nonce);
  umac128_update (&checksum, length - 80, bytes + 80);
  umac128_digest (&checksum, UMAC128_DIGEST_SIZE, bytes + 48);
}

/* A forged cache (its checksum right) whose maxima are all -inf while its minima are
 * finite: queries never read out of bounds (found by fuzzing) */
static void
test_cache_forged_extremes (void)
{
  Source *source = source_new (5000, 41);
  g_autoptr(MeltPyramid) built = build_pyramid (source, 0, 0);
  g_autoptr(GFile) file = g_file_new_build_filename (cache_home, "forged.pyramid", NULL);
  g_autoptr(MeltPyramid) pyramid = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  guint8 *bytes;
  MeltM4Column columns[7];
  guint32 n_levels, key_length;
  gsize length, offset;
  guint n_out;

  melt_pyramid_set_key (built, "forged");
  g_assert_true (melt_pyramid_save (built, file, &error));
  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, &error));
  g_assert_no_error (error);
  bytes = (guint8 *) contents;

  memcpy (&n_levels, bytes + 32, 4);
  memcpy (&key_length, bytes + 36, 4);
  offset = 80 + n_levels * sizeof (guint64) + key_length;
  for (guint32 k = 0; k < n_levels; k++)
    {
      guint64 n_blocks;

      memcpy (&n_blocks, bytes + 80 + k * sizeof (guint64), 8);
      offset += n_blocks * sizeof (float);              /* the minima stay */
      for (guint64 j = 0; j < n_blocks; j++)
        {
          float minus_inf = -INFINITY;

          memcpy (bytes + offset + j * sizeof (float), &minus_inf, sizeof (float));
        }
      offset += n_blocks * sizeof (float);
    }
  forge_checksum (bytes, length);
  g_assert_true (g_file_replace_contents (file, contents, length, NULL, FALSE,
                                          G_FILE_CREATE_NONE, NULL, NULL, &error));
  pyramid = melt_pyramid_load (file, 5000, "forged", &error);
  g_assert_no_error (error);

  for (guint n_columns = 1; n_columns <= G_N_ELEMENTS (columns); n_columns += 3)
    {
      g_assert_true (melt_pyramid_query_m4 (pyramid, 0, 4999, n_columns, columns, &n_out, NULL,
                                            &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n_out, ==, n_columns);
      for (guint c = 0; c < n_out; c++)
        {
          /* no maximum anywhere: no extremes, and no place claimed for them */
          g_assert_true (isnan (columns[c].max));
          g_assert_cmpuint (columns[c].min_span, ==, 0);
          g_assert_cmpuint (columns[c].max_span, ==, 0);
        }
    }
  source_free (source);
}

static void
test_cache_truncated (void)
{
  gsize length;
  g_autofree guint8 *bytes = cache_copy (&length);
  gsize cuts[] = { 0, 1, 7, 40, 79, 80, 100, 200, length / 2, length - 1 };

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    load_expecting (bytes, cuts[i], cache_source->n, cache_key, MELT_PYRAMID_ERROR_CORRUPT);
}

static void
test_cache_extended (void)
{
  gsize length;
  g_autofree guint8 *bytes = cache_copy (&length);
  g_autofree guint8 *longer = g_malloc0 (length + 4);

  memcpy (longer, bytes, length);
  load_expecting (longer, length + 4, cache_source->n, cache_key, MELT_PYRAMID_ERROR_CORRUPT);
}

static void
test_cache_corrupt_data (void)
{
  gsize length;
  g_autofree guint8 *bytes = cache_copy (&length);
  gsize places[] = { 80, 100, length / 3, length / 2, length - 1 };

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      bytes[places[i]] ^= 0x10;
      load_expecting (bytes, length, cache_source->n, cache_key, MELT_PYRAMID_ERROR_CORRUPT);
      bytes[places[i]] ^= 0x10;
    }
}

static void
test_cache_corrupt_header (void)
{
  gsize length;
  g_autofree guint8 *bytes = cache_copy (&length);
  guint32 value32;
  guint64 value64;

  /* Magic */
  bytes[2] ^= 1;
  load_expecting (bytes, length, cache_source->n, cache_key, MELT_PYRAMID_ERROR_CORRUPT);
  bytes[2] ^= 1;

  /* Block size not a power of two, then another valid one */
  memcpy (&value32, bytes + 24, 4);
  for (guint32 v = 0; v < 3; v++)
    {
      guint32 bad = v == 0 ? 63 : v == 1 ? 0 : 128;

      memcpy (bytes + 24, &bad, 4);
      load_expecting (bytes, length, cache_source->n, cache_key, MELT_PYRAMID_ERROR_CORRUPT);
    }
  memcpy (bytes + 24, &value32, 4);

  /* Factor, levels, key length, data size */
  memcpy (&value32, bytes + 28, 4);
  value32 = 3;
  memcpy (bytes + 28, &value32, 4);
  load_expecting (bytes, length, cache_source->n, cache_key, MELT_PYRAMID_ERROR_CORRUPT);
  value32 = 8;
  memcpy (bytes + 28, &value32, 4);

  for (guint off = 32; off < 48; off += 4)
    {
      guint32 saved;

      memcpy (&saved, bytes + off, 4);
      value32 = saved ^ 0x80000000u;
      memcpy (bytes + off, &value32, 4);
      load_expecting (bytes, length, cache_source->n, cache_key, MELT_PYRAMID_ERROR_CORRUPT);
      value32 = saved + 1;
      memcpy (bytes + off, &value32, 4);
      load_expecting (bytes, length, cache_source->n, cache_key, MELT_PYRAMID_ERROR_CORRUPT);
      memcpy (bytes + off, &saved, 4);
    }

  /* A level count stored after the header */
  memcpy (&value64, bytes + 80, 8);
  value64 += 1;
  memcpy (bytes + 80, &value64, 8);
  load_expecting (bytes, length, cache_source->n, cache_key, MELT_PYRAMID_ERROR_CORRUPT);
  value64 -= 1;
  memcpy (bytes + 80, &value64, 8);

  /* The checksum itself */
  bytes[60] ^= 0xff;
  load_expecting (bytes, length, cache_source->n, cache_key, MELT_PYRAMID_ERROR_CORRUPT);
}

static void
test_cache_huge_claims (void)
{
  gsize length;
  g_autofree guint8 *bytes = cache_copy (&length);
  guint64 huge = G_GUINT64_CONSTANT (1) << 60;
  guint32 levels;

  /* A header claiming 2^60 samples, and a caller expecting them: the file
   * is far too short, found before anything is allocated */
  memcpy (bytes + 16, &huge, 8);
  load_expecting (bytes, length, huge, cache_key, MELT_PYRAMID_ERROR_CORRUPT);

  levels = 24;
  memcpy (bytes + 32, &levels, 4);
  load_expecting (bytes, length, huge, cache_key, MELT_PYRAMID_ERROR_CORRUPT);
}

static void
test_cache_mismatch (void)
{
  gsize length;
  g_autofree guint8 *bytes = cache_copy (&length);
  g_autoptr(GFile) missing = g_file_new_build_filename (cache_home, "missing.pyramid", NULL);
  g_autoptr(GError) error = NULL;
  guint32 version = 99;

  load_expecting (bytes, length, cache_source->n + 1, cache_key, MELT_PYRAMID_ERROR_MISMATCH);
  load_expecting (bytes, length, cache_source->n, "another", MELT_PYRAMID_ERROR_MISMATCH);

  memcpy (bytes + 8, &version, 4);
  load_expecting (bytes, length, cache_source->n, cache_key, MELT_PYRAMID_ERROR_MISMATCH);

  g_assert_null (melt_pyramid_load (missing, 10, NULL, &error));
  g_assert_error (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_IO);
}

/* -m perf */

static gboolean
memory_read (gpointer   user_data,
             guint64    first,
             guint64    count,
             float     *out,
             GError   **error)
{
  memcpy (out, (const float *) user_data + first, count * sizeof (float));
  return TRUE;
}

static void
test_perf (void)
{
  const guint64 n = 100000000;
  g_autofree float *data = NULL;
  g_autoptr(MeltPyramid) pyramid = NULL;
  g_autoptr(GError) error = NULL;
  MeltM4Column out[1280];
  guint32 state = 1;
  gint64 start, elapsed;
  double best = G_MAXDOUBLE;
  guint n_out;
  MeltM4Flags flags;
  const guint rounds = 2000;

  if (!g_test_perf ())
    {
      g_test_skip ("run with -m perf");
      return;
    }

  data = g_new (float, n);
  for (guint64 i = 0; i < n; i++)
    {
      state = state * 1664525u + 1013904223u;
      data[i] = (float) (state >> 8) * (1.0f / 16777216.0f) - 0.5f;
    }

  for (guint run = 0; run < 3; run++)
    {
      double seconds;

      g_clear_object (&pyramid);
      pyramid = melt_pyramid_new (n, 0, 0, memory_read, data, NULL);
      start = g_get_monotonic_time ();
      g_assert_true (melt_pyramid_build (pyramid, NULL, &error));
      g_assert_no_error (error);
      seconds = (g_get_monotonic_time () - start) / 1e6;
      best = MIN (best, seconds);
      g_printerr ("# build %u: %.1f ms, %.2f GB/s\n", run, seconds * 1e3,
                  n * sizeof (float) / seconds / 1e9);
    }
  g_printerr ("# build best: %.2f GB/s over %" G_GUINT64_FORMAT " samples (%u levels)\n",
              n * sizeof (float) / best / 1e9, n, melt_pyramid_get_n_levels (pyramid));
  g_printerr ("# memory: %.2f MB, %.2f %% of the samples\n",
              melt_pyramid_get_memory_size (pyramid) / 1e6,
              100.0 * melt_pyramid_get_memory_size (pyramid) / (n * sizeof (float)));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < rounds; i++)
    g_assert_true (melt_pyramid_query_m4 (pyramid, 0, n - 1, 1280, out, &n_out, &flags, NULL));
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpuint (n_out, ==, 1280);
  g_assert_cmpint (flags, ==, MELT_M4_NONE);
  g_printerr ("# full-range M4 query, 1280 columns: %.2f us\n", (double) elapsed / rounds);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < rounds; i++)
    g_assert_true (melt_pyramid_query_m4 (pyramid, 12345 + i, n / 3 + i, 1280, out, &n_out,
                                          &flags, NULL));
  elapsed = g_get_monotonic_time () - start;
  g_printerr ("# unaligned third-range M4 query, 1280 columns: %.2f us\n",
              (double) elapsed / rounds);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < rounds; i++)
    g_assert_true (melt_pyramid_query_m4 (pyramid, 5000000 + i, 5000000 + i + 1280 * 200, 1280,
                                          out, &n_out, &flags, NULL));
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpint (flags, ==, MELT_M4_RAW);
  g_printerr ("# raw M4 query, 200 samples per column, 1280 columns: %.2f us\n",
              (double) elapsed / rounds);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = g_dir_make_tmp ("melt-pyramid-XXXXXX", NULL);
  int ret;

  /* Before GLib reads it */
  cache_home = g_build_filename (tmp, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  g_mkdir_with_parents (cache_home, 0700);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/pyramid/query-exact", test_query_exact);
  g_test_add_func ("/core/pyramid/query-shapes", test_query_shapes);
  g_test_add_func ("/core/pyramid/query-raw", test_query_raw);
  g_test_add_func ("/core/pyramid/build-errors", test_build_errors);
  g_test_add_func ("/core/pyramid/cancel", test_cancel);
  g_test_add_func ("/core/pyramid/coarse-first", test_coarse_first);
  g_test_add_func ("/core/pyramid/concurrent", test_concurrent);
  g_test_add_func ("/core/pyramid/cache/key", test_cache_key);
  g_test_add_func ("/core/pyramid/cache/round-trip", test_cache_round_trip);
  g_test_add_func ("/core/pyramid/cache/incomplete", test_cache_incomplete);
  g_test_add_func ("/core/pyramid/cache/attachment", test_cache_attachment);
  g_test_add_func ("/core/pyramid/cache/truncated", test_cache_truncated);
  g_test_add_func ("/core/pyramid/cache/extended", test_cache_extended);
  g_test_add_func ("/core/pyramid/cache/corrupt-data", test_cache_corrupt_data);
  g_test_add_func ("/core/pyramid/cache/corrupt-header", test_cache_corrupt_header);
  g_test_add_func ("/core/pyramid/cache/huge-claims", test_cache_huge_claims);
  g_test_add_func ("/core/pyramid/cache/forged-extremes", test_cache_forged_extremes);
  g_test_add_func ("/core/pyramid/cache/mismatch", test_cache_mismatch);
  g_test_add_func ("/core/pyramid/perf", test_perf);

  ret = g_test_run ();

  if (cache_source != NULL)
    source_free (cache_source);
  g_clear_object (&cache_file);
  g_clear_pointer (&cache_key, g_free);
  g_clear_pointer (&cache_bytes, g_bytes_unref);
  melt_test_remove_tree (tmp);
  g_free (cache_home);
  return ret;
}
