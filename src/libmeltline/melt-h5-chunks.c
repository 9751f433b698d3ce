/* melt-h5-chunks.c: shuffle + deflate of many HDF5 chunks on every core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HDF5's shuffle filter (H5Zshuffle.c) stores byte j of every element
 * together: byte j of element i goes to j × n + i, for the n elements of
 * the chunk. Its deflate filter (H5Zdeflate.c) stores the result as one
 * zlib stream (compress2(): zlib header, deflate data, Adler-32). Chunks
 * are compressed in groups of at most GROUP_BYTES of input, so a large
 * dataset never holds more than one group's compressed output.
 */

#include "config.h"

#include <string.h>
#include <zlib.h>

#include "melt-h5-chunks.h"

#define GROUP_BYTES (32u * 1024 * 1024)

typedef struct
{
  hid_t         dataset;
  const guint8 *data;
  gsize         element_size;
  gsize         row_bytes;
  hsize_t       n_rows;
  hsize_t       chunk_rows;
} Column;

typedef struct
{
  const Column *column;
  hsize_t       first_row;
  guint8       *output;       /* compressed bytes */
  uLongf        output_size;
  gboolean      failed;
} Job;

struct _MeltH5Chunks
{
  int     level;
  GArray *columns;            /* Column */
};

gboolean
_melt_h5_chunks_supported (void)
{
  return G_BYTE_ORDER == G_LITTLE_ENDIAN
         && H5Zfilter_avail (H5Z_FILTER_SHUFFLE) > 0
         && H5Zfilter_avail (H5Z_FILTER_DEFLATE) > 0;
}

MeltH5Chunks *
_melt_h5_chunks_new (int level)
{
  MeltH5Chunks *chunks = g_new0 (MeltH5Chunks, 1);

  chunks->level = CLAMP (level, 1, 9);
  chunks->columns = g_array_new (FALSE, FALSE, sizeof (Column));
  return chunks;
}

void
_melt_h5_chunks_add (MeltH5Chunks *chunks,
                     hid_t         dataset,
                     const void   *data,
                     gsize         element_size,
                     gsize         row_bytes,
                     hsize_t       n_rows,
                     hsize_t       chunk_rows)
{
  Column column = { dataset, data, element_size, row_bytes, n_rows, chunk_rows };

  g_return_if_fail (chunks != NULL);
  g_return_if_fail (element_size > 0 && row_bytes % element_size == 0 && chunk_rows > 0);

  if (n_rows == 0)
    return;
  H5Iinc_ref (dataset);
  g_array_append_val (chunks->columns, column);
}

void
_melt_h5_chunks_free (MeltH5Chunks *chunks)
{
  if (chunks == NULL)
    return;
  for (guint i = 0; i < chunks->columns->len; i++)
    H5Idec_ref (g_array_index (chunks->columns, Column, i).dataset);
  g_array_unref (chunks->columns);
  g_free (chunks);
}

static void
compress_job (gpointer data,
              gpointer user_data)
{
  Job *job = data;
  const Column *c = job->column;
  int level = GPOINTER_TO_INT (user_data);
  gsize chunk_bytes = (gsize) c->chunk_rows * c->row_bytes;
  gsize n_elements = chunk_bytes / c->element_size;
  hsize_t rows = MIN (c->chunk_rows, c->n_rows - job->first_row);
  const guint8 *source = c->data + (gsize) job->first_row * c->row_bytes;
  g_autofree guint8 *shuffled = g_malloc (chunk_bytes);

  if (c->element_size == 1)
    {
      memcpy (shuffled, source, rows * c->row_bytes);
      memset (shuffled + rows * c->row_bytes, 0, chunk_bytes - rows * c->row_bytes);
    }
  else
    {
      gsize present = rows * c->row_bytes / c->element_size;

      for (gsize j = 0; j < c->element_size; j++)
        {
          guint8 *plane = shuffled + j * n_elements;

          for (gsize i = 0; i < present; i++)
            plane[i] = source[i * c->element_size + j];
          memset (plane + present, 0, n_elements - present);
        }
    }

  job->output_size = compressBound (chunk_bytes);
  job->output = g_malloc (job->output_size);
  job->failed = compress2 (job->output, &job->output_size, shuffled, chunk_bytes, level) != Z_OK;
}

/* Compresses jobs [first, last) on the pool, then writes them in order */
static gboolean
run_group (MeltH5Chunks *chunks,
           Job          *jobs,
           guint         n_jobs,
           hid_t        *failed)
{
  gboolean ok = TRUE;

  if (n_jobs == 1)
    compress_job (&jobs[0], GINT_TO_POINTER (chunks->level));
  else
    {
      GThreadPool *pool = g_thread_pool_new (compress_job, GINT_TO_POINTER (chunks->level),
                                             (int) MIN (g_get_num_processors (), n_jobs),
                                             FALSE, NULL);

      for (guint i = 0; i < n_jobs; i++)
        g_thread_pool_push (pool, &jobs[i], NULL);
      g_thread_pool_free (pool, FALSE, TRUE);
    }

  for (guint i = 0; i < n_jobs; i++)
    {
      Job *job = &jobs[i];
      const Column *c = job->column;
      hsize_t offset[2] = { job->first_row, 0 };

      if (ok && job->failed)
        {
          *failed = H5I_INVALID_HID;
          ok = FALSE;
        }
      else if (ok && H5Dwrite_chunk (c->dataset, H5P_DEFAULT, 0, offset, job->output_size,
                                     job->output) < 0)
        {
          *failed = c->dataset;
          ok = FALSE;
        }
      g_clear_pointer (&job->output, g_free);
    }
  return ok;
}

gboolean
_melt_h5_chunks_write (MeltH5Chunks *chunks,
                       hid_t        *failed)
{
  g_autoptr(GArray) jobs = g_array_new (FALSE, TRUE, sizeof (Job));
  gsize group_bytes = 0;
  hid_t ignored;

  g_return_val_if_fail (chunks != NULL, FALSE);

  if (failed == NULL)
    failed = &ignored;
  *failed = H5I_INVALID_HID;

  for (guint c = 0; c < chunks->columns->len; c++)
    {
      const Column *column = &g_array_index (chunks->columns, Column, c);

      for (hsize_t row = 0; row < column->n_rows; row += column->chunk_rows)
        {
          Job job = { column, row, NULL, 0, FALSE };

          g_array_append_val (jobs, job);
          group_bytes += (gsize) column->chunk_rows * column->row_bytes;
          if (group_bytes >= GROUP_BYTES)
            {
              if (!run_group (chunks, (Job *) jobs->data, jobs->len, failed))
                return FALSE;
              g_array_set_size (jobs, 0);
              group_bytes = 0;
            }
        }
    }

  return jobs->len == 0 || run_group (chunks, (Job *) jobs->data, jobs->len, failed);
}
