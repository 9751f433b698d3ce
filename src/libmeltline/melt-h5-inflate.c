/* melt-h5-inflate.c: reading deflated HDF5 chunks on every core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The inverse of melt-h5-chunks.c. HDF5's deflate filter (H5Zdeflate.c)
 * stores a chunk as one zlib stream; its shuffle filter (H5Zshuffle.c)
 * stores byte j of element i of the chunk's n elements at j × n + i, and
 * chunks are always stored whole, the last one too. A read is done in
 * groups of at most GROUP_CHUNKS chunks: the calling thread, which holds
 * the HDF5 lock, takes the group's stored chunks with H5Dread_chunk(), then
 * it and the pool's threads take chunks off the group, inflate each into a
 * scratch chunk and unshuffle the part asked for into the caller's array.
 */

#include "config.h"

#include <string.h>
#include <zlib.h>

#include "melt-h5-inflate.h"

#define MAX_CHUNK_BYTES (16u * 1024 * 1024)
#define GROUP_CHUNKS    32

typedef struct
{
  guint8 *stored;       /* the chunk as stored: a zlib stream */
  gsize   stored_size;
  gsize   from;         /* the elements of the chunk asked for: [from, to) */
  gsize   to;
  guint8 *dest;         /* where element @from goes */
} Job;

/* Shared by the calling thread and the helpers it asked for: a helper may
 * start only after the caller has gone (a busy pool, or a thread that could
 * not be started yet), so the group is counted and freed by the last one;
 * the caller waits for the jobs to be finished, not for the helpers. */
typedef struct
{
  gatomicrefcount  ref;
  Job             *jobs;
  guint            n_jobs;
  gsize            chunk_elements;
  gsize            element_size;
  gboolean         shuffled;
  gint             next;        /* atomic: the next job to take */
  gint             failed;      /* atomic */
  GMutex           lock;
  GCond            done;
  guint            finished;    /* jobs done or given up, under @lock */
} Group;

static Group *
group_ref (Group *group)
{
  g_atomic_ref_count_inc (&group->ref);
  return group;
}

static void
group_unref (Group *group)
{
  if (g_atomic_ref_count_dec (&group->ref))
    {
      g_mutex_clear (&group->lock);
      g_cond_clear (&group->done);
      g_free (group);
    }
}

/* Byte j of element i is at @in[j × n + i], for the @n elements of a chunk */
static void
unshuffle (const guint8 *in,
           gsize         n,
           gsize         element_size,
           gsize         from,
           gsize         to,
           guint8       *out)
{
  switch (element_size)
    {
    case 4:
      {
        const guint8 *b0 = in, *b1 = in + n, *b2 = in + 2 * n, *b3 = in + 3 * n;

        for (gsize i = from; i < to; i++, out += 4)
          {
            out[0] = b0[i];
            out[1] = b1[i];
            out[2] = b2[i];
            out[3] = b3[i];
          }
      }
      break;

    case 8:
      {
        const guint8 *b0 = in, *b1 = in + n, *b2 = in + 2 * n, *b3 = in + 3 * n;
        const guint8 *b4 = in + 4 * n, *b5 = in + 5 * n, *b6 = in + 6 * n, *b7 = in + 7 * n;

        for (gsize i = from; i < to; i++, out += 8)
          {
            out[0] = b0[i];
            out[1] = b1[i];
            out[2] = b2[i];
            out[3] = b3[i];
            out[4] = b4[i];
            out[5] = b5[i];
            out[6] = b6[i];
            out[7] = b7[i];
          }
      }
      break;

    default:
      for (gsize i = from; i < to; i++)
        for (gsize j = 0; j < element_size; j++)
          *out++ = in[j * n + i];
      break;
    }
}

/* Inflates one stored chunk into @scratch (one chunk's bytes): exactly one
 * whole chunk, or a failure */
static gboolean
inflate_chunk (const Job *job,
               guint8    *scratch,
               gsize      chunk_bytes)
{
  z_stream stream = { 0 };
  int status;

  if (inflateInit (&stream) != Z_OK)
    return FALSE;
  stream.next_in = job->stored;
  stream.avail_in = (uInt) job->stored_size;
  stream.next_out = scratch;
  stream.avail_out = (uInt) chunk_bytes;
  status = inflate (&stream, Z_FINISH);
  inflateEnd (&stream);
  return status == Z_STREAM_END && stream.total_out == chunk_bytes;
}

/* Takes jobs off @group until none is left; after a failure the jobs left
 * are given up */
static void
work (Group *group)
{
  gsize chunk_bytes = group->chunk_elements * group->element_size;
  g_autofree guint8 *scratch = NULL;

  for (;;)
    {
      guint k = (guint) g_atomic_int_add (&group->next, 1);
      const Job *job;

      if (k >= group->n_jobs)
        return;
      job = &group->jobs[k];
      if (!g_atomic_int_get (&group->failed))
        {
          if (scratch == NULL)
            scratch = g_try_malloc (chunk_bytes);
          if (scratch == NULL || !inflate_chunk (job, scratch, chunk_bytes))
            g_atomic_int_set (&group->failed, 1);
          else if (group->shuffled)
            unshuffle (scratch, group->chunk_elements, group->element_size, job->from, job->to,
                       job->dest);
          else
            memcpy (job->dest, scratch + job->from * group->element_size,
                    (job->to - job->from) * group->element_size);
        }

      g_mutex_lock (&group->lock);
      if (++group->finished == group->n_jobs)
        g_cond_signal (&group->done);
      g_mutex_unlock (&group->lock);
    }
}

static void
helper (gpointer data,
        gpointer user_data)
{
  Group *group = data;

  work (group);
  group_unref (group);
}

static GThreadPool *
get_pool (void)
{
  static gsize pool;

  if (g_once_init_enter (&pool))
    {
      int helpers = MAX ((int) g_get_num_processors () - 1, 1);

      g_once_init_leave (&pool, (gsize) g_thread_pool_new (helper, NULL, helpers, FALSE, NULL));
    }
  return (GThreadPool *) pool;
}

/* Inflates the group's jobs on the pool and the calling thread */
static gboolean
run_group (Group *group)
{
  GThreadPool *pool = get_pool ();
  guint helpers = MIN ((guint) g_thread_pool_get_max_threads (pool), group->n_jobs - 1);

  /* A push that fails to start a thread still queues the helper */
  for (guint i = 0; i < helpers; i++)
    g_thread_pool_push (pool, group_ref (group), NULL);

  work (group);

  g_mutex_lock (&group->lock);
  while (group->finished < group->n_jobs)
    g_cond_wait (&group->done, &group->lock);
  g_mutex_unlock (&group->lock);
  return !g_atomic_int_get (&group->failed);
}

/* The length, chunk size and filters of @dataset, when it can be read here
 * as @memory_type */
static gboolean
readable (hid_t     dataset,
          hid_t     memory_type,
          hsize_t  *n,
          hsize_t  *chunk_elements,
          gboolean *shuffled)
{
  gsize element_size = H5Tget_size (memory_type);
  hid_t space = H5I_INVALID_HID, file_type = H5I_INVALID_HID, dcpl = H5I_INVALID_HID;
  gboolean ok = FALSE;
  unsigned options = 0;
  int n_filters;

  if (element_size == 0)
    return FALSE;

  /* one dimension, stored as @memory_type */
  space = H5Dget_space (dataset);
  file_type = H5Dget_type (dataset);
  if (space < 0 || file_type < 0 || H5Sget_simple_extent_ndims (space) != 1
      || H5Sget_simple_extent_dims (space, n, NULL) != 1 || H5Tequal (file_type, memory_type) <= 0)
    goto out;

  /* chunks of at most MAX_CHUNK_BYTES, all of them filtered */
  dcpl = H5Dget_create_plist (dataset);
  if (dcpl < 0 || H5Pget_layout (dcpl) != H5D_CHUNKED
      || H5Pget_chunk (dcpl, 1, chunk_elements) != 1
      || *chunk_elements == 0 || *chunk_elements > MAX_CHUNK_BYTES / element_size
      || H5Pget_chunk_opts (dcpl, &options) < 0
      || (options & H5D_CHUNK_DONT_FILTER_PARTIAL_CHUNKS))
    goto out;

  /* deflate, or shuffle (of this element size) then deflate */
  n_filters = H5Pget_nfilters (dcpl);
  *shuffled = FALSE;
  for (int i = 0; i < n_filters; i++)
    {
      unsigned flags = 0, config = 0, values[8] = { 0 };
      size_t n_values = G_N_ELEMENTS (values);
      char name[64];
      H5Z_filter_t filter = H5Pget_filter2 (dcpl, (unsigned) i, &flags, &n_values, values,
                                            sizeof name, name, &config);

      if (filter == H5Z_FILTER_SHUFFLE && i == 0 && n_filters == 2)
        {
          if (n_values < 1 || values[0] != element_size)
            goto out;
          *shuffled = TRUE;
        }
      else if (filter != H5Z_FILTER_DEFLATE || i != n_filters - 1)
        goto out;
    }
  ok = n_filters == 1 || n_filters == 2;

out:
  if (dcpl >= 0)
    H5Pclose (dcpl);
  if (file_type >= 0)
    H5Tclose (file_type);
  if (space >= 0)
    H5Sclose (space);
  return ok;
}

gboolean
_melt_h5_inflate_can_read (hid_t dataset,
                           hid_t memory_type)
{
  hsize_t n, chunk_elements;
  gboolean shuffled;

  return readable (dataset, memory_type, &n, &chunk_elements, &shuffled);
}

/* Takes the stored chunks of @group's jobs, or fails */
static gboolean
read_stored (hid_t  dataset,
             Group *group,
             gsize  chunk_bytes,
             guint64 first_chunk)
{
  gsize bound = compressBound ((uLong) chunk_bytes);

  for (guint k = 0; k < group->n_jobs; k++)
    {
      Job *job = &group->jobs[k];
      hsize_t offset = (first_chunk + k) * group->chunk_elements;
      hsize_t stored = 0;
      uint32_t filter_mask = 0;

      if (H5Dget_chunk_storage_size (dataset, &offset, &stored) < 0 || stored == 0
          || stored > bound)
        return FALSE;
      job->stored = g_try_malloc ((gsize) stored);
      if (job->stored == NULL)
        return FALSE;
      job->stored_size = (gsize) stored;
      if (H5Dread_chunk (dataset, H5P_DEFAULT, &offset, &filter_mask, job->stored) < 0
          || filter_mask != 0)
        return FALSE;
    }
  return TRUE;
}

gboolean
_melt_h5_inflate_read_1d (hid_t    dataset,
                          hid_t    memory_type,
                          guint64  first,
                          gsize    count,
                          void    *out)
{
  hsize_t n = 0, chunk_elements = 0;
  gsize element_size = H5Tget_size (memory_type), chunk_bytes;
  gboolean shuffled = FALSE;
  guint64 end, chunk, last_chunk;

  if (count == 0 || !readable (dataset, memory_type, &n, &chunk_elements, &shuffled)
      || first > n || count > n - first || count < 2 * chunk_elements)
    return FALSE;

  chunk_bytes = chunk_elements * element_size;
  end = first + count;
  last_chunk = (end - 1) / chunk_elements;
  for (chunk = first / chunk_elements; chunk <= last_chunk;)
    {
      Job jobs[GROUP_CHUNKS] = { { 0 } };
      Group *group = g_new0 (Group, 1);
      guint n_jobs = (guint) MIN (last_chunk - chunk + 1, GROUP_CHUNKS);
      gboolean ok;

      g_atomic_ref_count_init (&group->ref);
      g_mutex_init (&group->lock);
      g_cond_init (&group->done);
      group->jobs = jobs;
      group->n_jobs = n_jobs;
      group->chunk_elements = chunk_elements;
      group->element_size = element_size;
      group->shuffled = shuffled;
      for (guint k = 0; k < n_jobs; k++)
        {
          guint64 chunk_first = (chunk + k) * chunk_elements;
          guint64 from = MAX (first, chunk_first);
          guint64 to = MIN (end, chunk_first + chunk_elements);

          jobs[k].from = (gsize) (from - chunk_first);
          jobs[k].to = (gsize) (to - chunk_first);
          jobs[k].dest = (guint8 *) out + (from - first) * element_size;
        }

      ok = read_stored (dataset, group, chunk_bytes, chunk) && run_group (group);
      /* every job is finished: no helper looks at @jobs again */
      group->jobs = NULL;
      group_unref (group);
      for (guint k = 0; k < n_jobs; k++)
        g_free (jobs[k].stored);
      if (!ok)
        return FALSE;
      chunk += n_jobs;
    }
  return TRUE;
}
