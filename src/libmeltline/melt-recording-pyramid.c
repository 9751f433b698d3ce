/* melt-recording-pyramid.c: the min/max pyramid of one channel of a recorded run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pyramid reads the channel as float32 through melt_recording_read_samples(); the
 * reader takes the HDF5 lock, so the build threads and any querying thread share it
 * safely. The cache key hashes the file's absolute path, size and modification time
 * with the dataset's path: a file that changes gets a new key, and its old pyramid is
 * simply never loaded again.
 *
 * A query maps the time window to indices with two binary searches on `time`, asks the
 * pyramid for M4 columns over those indices, then reads the times of the few indices
 * the columns name (first, min, max, last), in runs of nearby indices.
 *
 * Reading one time from a compressed `time` inflates its whole chunk, so a full-range
 * query would inflate all of them. For such streams the build also makes a table of
 * times, that of every TIME_BLOCK-th sample and of the last, attached to the pyramid
 * (and so cached with it). A point's time is then interpolated in its block of the
 * table when that block spans at most MAX_TIME_ERROR of a column: exact for a regular
 * clock, and never off by more than a quarter of a pixel column otherwise. Other
 * points (zoomed in, or across a gap in the recording) are read.
 */

#define G_LOG_DOMAIN "melt-recording-pyramid"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "melt-recording-pyramid.h"
#include "melt-recording-private.h"

/* Indices closer than this are read in one run */
#define RUN_GAP 64
/* The table of times: one per this many samples, read this many at a time */
#define TIME_BLOCK 512
#define TIME_PIECE (256 * TIME_BLOCK)
/* Interpolated times: at most this fraction of a column away from the sample's */
#define MAX_TIME_ERROR 0.25

struct _MeltRecordingPyramid
{
  GObject        parent_instance;

  MeltRecording *recording;
  char          *stream;
  char          *channel;
  MeltPyramid   *pyramid;
  GFile         *cache_file;
  guint64        n_samples;
  guint          from_cache : 1;
};

G_DEFINE_FINAL_TYPE (MeltRecordingPyramid, melt_recording_pyramid, G_TYPE_OBJECT)

/* The source: what the pyramid's read function needs, owned by the pyramid */
typedef struct
{
  MeltRecording *recording;
  char          *stream;
  char          *channel;
} Source;

static void
source_free (gpointer data)
{
  Source *source = data;

  g_clear_object (&source->recording);
  g_free (source->stream);
  g_free (source->channel);
  g_free (source);
}

static gboolean
source_read (gpointer   user_data,
             guint64    first,
             guint64    count,
             float     *out,
             GError   **error)
{
  Source *source = user_data;

  return melt_recording_read_samples (source->recording, source->stream, source->channel,
                                      first, count, out, error);
}

static Source *
source_new (MeltRecordingPyramid *self)
{
  Source *source = g_new0 (Source, 1);

  source->recording = g_object_ref (self->recording);
  source->stream = g_strdup (self->stream);
  source->channel = g_strdup (self->channel);
  return source;
}

static void
melt_recording_pyramid_finalize (GObject *object)
{
  MeltRecordingPyramid *self = (MeltRecordingPyramid *) object;

  g_clear_object (&self->pyramid);
  g_clear_object (&self->cache_file);
  g_clear_object (&self->recording);
  g_clear_pointer (&self->stream, g_free);
  g_clear_pointer (&self->channel, g_free);

  G_OBJECT_CLASS (melt_recording_pyramid_parent_class)->finalize (object);
}

static void
melt_recording_pyramid_class_init (MeltRecordingPyramidClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = melt_recording_pyramid_finalize;
}

static void
melt_recording_pyramid_init (MeltRecordingPyramid *self)
{
}

/**
 * melt_recording_pyramid_make_key:
 * @recording: a recording
 * @stream: a stream of it
 * @channel: a channel of @stream
 * @error: set when the file's size and time cannot be read, or there is no
 *   such channel
 *
 * Returns: (transfer full) (nullable): the cache key of the channel's pyramid
 */
char *
melt_recording_pyramid_make_key (MeltRecording  *recording,
                                 const char     *stream,
                                 const char     *channel,
                                 GError        **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GDateTime) mtime = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dataset = NULL;
  GFile *file;
  guint64 mtime_us = 0;

  g_return_val_if_fail (MELT_IS_RECORDING (recording), NULL);
  g_return_val_if_fail (stream != NULL && channel != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (melt_recording_lookup_channel (recording, stream, channel) == NULL)
    {
      g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_NOT_FOUND,
                   /* TRANSLATORS: %s/%s are a stream and a channel of a recording */
                   _("The recording has no channel “%s/%s”"), stream, channel);
      return NULL;
    }

  file = melt_recording_get_file (recording);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_IO,
                   _("%s: not a local file"), uri);
      return NULL;
    }

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;

  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_TIME_MODIFIED))
    mtime_us = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC
               + g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);

  dataset = g_strdup_printf ("/streams/%s/%s", stream, channel);
  return melt_pyramid_cache_key (path, (guint64) g_file_info_get_size (info), mtime_us, dataset);
}

/**
 * melt_recording_pyramid_new:
 * @recording: a recording
 * @stream: a stream of it
 * @channel: a channel of @stream
 * @error: set when there is no such channel or the file cannot be queried
 *
 * The pyramid of the channel: loaded from the cache when a sound one is
 * there (a missing, damaged or outdated cache file only means a build),
 * else empty, to build with melt_recording_pyramid_build_async().
 *
 * Returns: (transfer full) (nullable): the channel's pyramid
 */
MeltRecordingPyramid *
melt_recording_pyramid_new (MeltRecording  *recording,
                            const char     *stream,
                            const char     *channel,
                            GError        **error)
{
  g_autoptr(MeltRecordingPyramid) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key = NULL;
  const MeltRecordingStream *s;

  g_return_val_if_fail (MELT_IS_RECORDING (recording), NULL);
  g_return_val_if_fail (stream != NULL && channel != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  key = melt_recording_pyramid_make_key (recording, stream, channel, error);
  if (key == NULL)
    return NULL;
  s = melt_recording_lookup_stream (recording, stream);
  g_assert (s != NULL);

  self = g_object_new (MELT_TYPE_RECORDING_PYRAMID, NULL);
  self->recording = g_object_ref (recording);
  self->stream = g_strdup (stream);
  self->channel = g_strdup (channel);
  self->n_samples = s->n_samples;
  self->cache_file = melt_pyramid_cache_file (key);

  self->pyramid = melt_pyramid_load (self->cache_file, self->n_samples, key, &local_error);
  if (self->pyramid != NULL)
    {
      self->from_cache = TRUE;
      melt_pyramid_set_source (self->pyramid, source_read, source_new (self), source_free);
      g_debug ("%s/%s: pyramid loaded from %s", stream, channel,
               g_file_peek_path (self->cache_file));
    }
  else
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_debug ("%s/%s: cached pyramid not used, building it: %s", stream, channel,
                 local_error->message);
      self->pyramid = melt_pyramid_new (self->n_samples, 0, 0, source_read, source_new (self),
                                        source_free);
      melt_pyramid_set_key (self->pyramid, key);
    }

  return g_steal_pointer (&self);
}

MeltRecording *
melt_recording_pyramid_get_recording (MeltRecordingPyramid *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING_PYRAMID (self), NULL);
  return self->recording;
}

const char *
melt_recording_pyramid_get_stream (MeltRecordingPyramid *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING_PYRAMID (self), NULL);
  return self->stream;
}

const char *
melt_recording_pyramid_get_channel (MeltRecordingPyramid *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING_PYRAMID (self), NULL);
  return self->channel;
}

MeltPyramid *
melt_recording_pyramid_get_pyramid (MeltRecordingPyramid *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING_PYRAMID (self), NULL);
  return self->pyramid;
}

GFile *
melt_recording_pyramid_get_cache_file (MeltRecordingPyramid *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING_PYRAMID (self), NULL);
  return self->cache_file;
}

gboolean
melt_recording_pyramid_get_from_cache (MeltRecordingPyramid *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING_PYRAMID (self), FALSE);
  return self->from_cache;
}

gboolean
melt_recording_pyramid_is_complete (MeltRecordingPyramid *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING_PYRAMID (self), FALSE);
  return melt_pyramid_is_complete (self->pyramid);
}

static inline guint64
time_table_length (guint64 n_samples)
{
  return (n_samples + TIME_BLOCK - 1) / TIME_BLOCK + 1;
}

/* Whether `time` is compressed and the pyramid has no table of times (or one of the
 * wrong length) */
static gboolean
needs_time_table (MeltRecordingPyramid *self)
{
  g_autoptr(GBytes) table = NULL;

  if (self->n_samples == 0 || !_melt_recording_time_is_filtered (self->recording, self->stream))
    return FALSE;
  table = melt_pyramid_dup_attachment (self->pyramid);
  return table == NULL
         || g_bytes_get_size (table) != time_table_length (self->n_samples) * sizeof (double);
}

/* Makes the table of times and attaches it to the pyramid. It is only a shortcut: when
 * `time` cannot be read, queries read every time they need (and report the damage), so
 * *@made is FALSE and the result TRUE. FALSE only when cancelled. */
static gboolean
make_time_table (MeltRecordingPyramid  *self,
                 GCancellable          *cancellable,
                 gboolean              *made,
                 GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree double *table = NULL;
  g_autofree double *piece = NULL;
  guint64 n = self->n_samples, n_table = time_table_length (n);

  *made = FALSE;
  table = g_new (double, n_table);
  piece = g_new (double, MIN (n, TIME_PIECE));
  for (guint64 first = 0; first < n; first += TIME_PIECE)
    {
      gsize count = MIN (n - first, TIME_PIECE);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!melt_recording_read_range (self->recording, self->stream, NULL, first, count, piece,
                                      NULL, &local_error))
        {
          g_debug ("%s: no table of times: %s", self->stream, local_error->message);
          return TRUE;
        }
      /* TIME_PIECE is a multiple of TIME_BLOCK: the piece starts a block */
      for (gsize i = 0; i < count; i += TIME_BLOCK)
        table[(first + i) / TIME_BLOCK] = piece[i];
      if (first + count == n)
        table[n_table - 1] = piece[count - 1];
    }
  melt_pyramid_set_attachment (self->pyramid, table, n_table);
  *made = TRUE;
  return TRUE;
}

/* A cache that cannot be written costs a rebuild next time, nothing more */
static void
save_to_cache (MeltRecordingPyramid *self)
{
  g_autoptr(GError) error = NULL;

  if (!melt_pyramid_is_complete (self->pyramid))
    return;
  if (!melt_pyramid_save (self->pyramid, self->cache_file, &error))
    g_debug ("%s/%s: pyramid not cached: %s", self->stream, self->channel, error->message);
  else
    g_debug ("%s/%s: pyramid cached in %s", self->stream, self->channel,
             g_file_peek_path (self->cache_file));
}

/* What follows a complete pyramid: the table of times when it lacks one, and saving it
 * when it was built (@built) or got a table. A cancelled table still saves what was
 * built; the next build makes the table alone. */
static gboolean
finish_build (MeltRecordingPyramid  *self,
              gboolean               built,
              GCancellable          *cancellable,
              GError               **error)
{
  gboolean made = FALSE;
  gboolean ok = !needs_time_table (self) || make_time_table (self, cancellable, &made, error);

  if (built || made)
    save_to_cache (self);
  return ok;
}

/**
 * melt_recording_pyramid_build:
 *
 * Builds the pyramid in the calling thread (and one reading thread) and
 * saves it to the cache. See melt_recording_pyramid_build_async().
 */
gboolean
melt_recording_pyramid_build (MeltRecordingPyramid  *self,
                              GCancellable          *cancellable,
                              GError               **error)
{
  gboolean built = FALSE;

  g_return_val_if_fail (MELT_IS_RECORDING_PYRAMID (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!melt_pyramid_is_complete (self->pyramid))
    {
      if (!melt_pyramid_build (self->pyramid, cancellable, error))
        return FALSE;
      built = TRUE;
    }
  return finish_build (self, built, cancellable, error);
}

static void
finish_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (finish_build (source_object, GPOINTER_TO_INT (task_data), cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
build_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = user_data;

  g_assert (MELT_IS_PYRAMID (object));

  if (!melt_pyramid_build_finish (MELT_PYRAMID (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The table of times, hashing and writing tens of MB: not on the caller's main loop */
  g_task_set_task_data (task, GINT_TO_POINTER (TRUE), NULL);
  g_task_run_in_thread (task, finish_worker);
}

/**
 * melt_recording_pyramid_build_async:
 * @self: a recording pyramid
 * @cancellable: (nullable): stops the build; what is built stays usable
 * @progress: (nullable): called as the build goes on
 * @progress_data: for @progress; valid until @callback has run
 * @callback: called when the pyramid is built and saved
 * @user_data: for @callback
 *
 * Builds the pyramid on worker threads (melt_pyramid_build_async()), then,
 * on a worker thread, makes the table of times of a compressed `time` and
 * saves both to the cache. Completes at once when the pyramid came from
 * the cache with everything; a cached pyramid without its table of times
 * (cancelled before it was made) gets it.
 */
void
melt_recording_pyramid_build_async (MeltRecordingPyramid    *self,
                                    GCancellable            *cancellable,
                                    MeltPyramidProgressFunc  progress,
                                    gpointer                 progress_data,
                                    GAsyncReadyCallback      callback,
                                    gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MELT_IS_RECORDING_PYRAMID (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, melt_recording_pyramid_build_async);
  g_task_set_name (task, "[melt] build recording pyramid");

  if (melt_pyramid_is_complete (self->pyramid))
    {
      /* From the cache: only a missing table of times to make */
      if (needs_time_table (self))
        {
          g_task_set_task_data (task, GINT_TO_POINTER (FALSE), NULL);
          g_task_run_in_thread (task, finish_worker);
        }
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  melt_pyramid_build_async (self->pyramid, cancellable, progress, progress_data, build_cb,
                            g_steal_pointer (&task));
}

gboolean
melt_recording_pyramid_build_finish (MeltRecordingPyramid  *self,
                                     GAsyncResult          *result,
                                     GError               **error)
{
  g_return_val_if_fail (MELT_IS_RECORDING_PYRAMID (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == melt_recording_pyramid_build_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Queries */

static int
compare_index (gconstpointer a,
               gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* The times of the sorted, distinct @indices, read in runs of nearby indices */
static gboolean
read_times (MeltRecordingPyramid  *self,
            const guint64         *indices,
            gsize                  n,
            double                *times,
            GError               **error)
{
  g_autofree double *buffer = NULL;
  gsize buffer_size = 0;

  for (gsize i = 0; i < n;)
    {
      gsize j = i + 1;
      gsize count;

      while (j < n && indices[j] - indices[j - 1] <= RUN_GAP)
        j++;
      count = indices[j - 1] - indices[i] + 1;

      if (count == j - i)
        {
          /* a run without holes: straight into @times */
          if (!melt_recording_read_range (self->recording, self->stream, NULL, indices[i], count,
                                          times + i, NULL, error))
            return FALSE;
          i = j;
          continue;
        }

      if (count > buffer_size)
        {
          buffer_size = MAX (count, 2 * buffer_size);
          g_free (buffer);
          buffer = g_new (double, buffer_size);
        }
      if (!melt_recording_read_range (self->recording, self->stream, NULL, indices[i], count,
                                      buffer, NULL, error))
        return FALSE;
      for (gsize k = i; k < j; k++)
        times[k] = buffer[indices[k] - indices[i]];
      i = j;
    }
  return TRUE;
}

/* The time of sample @index from the table, when its block spans at most @max_span
 * seconds (the most an interpolated time can be off) */
static gboolean
table_time (const double *table,
            guint64       n_samples,
            guint64       index,
            double        max_span,
            double       *time)
{
  guint64 block = index / TIME_BLOCK, lo = block * TIME_BLOCK;
  guint64 hi = MIN (lo + TIME_BLOCK, n_samples - 1);
  double t0 = table[block], t1 = table[block + 1];

  if (index == lo || index == hi)
    {
      *time = index == lo ? t0 : t1;
      return TRUE;
    }
  if (!(t1 - t0 <= max_span))
    return FALSE;
  *time = t0 + (t1 - t0) * ((double) (index - lo) / (double) (hi - lo));
  return TRUE;
}

/* The times of the sorted, distinct @indices: from the table of times where it is
 * close enough, otherwise read */
static gboolean
get_times (MeltRecordingPyramid  *self,
           const guint64         *indices,
           gsize                  n,
           double                 max_span,
           double                *times,
           GError               **error)
{
  g_autoptr(GBytes) attachment = melt_pyramid_dup_attachment (self->pyramid);
  g_autoptr(GArray) missing = NULL;      /* positions in @indices */
  g_autoptr(GArray) to_read = NULL;      /* their indices */
  g_autofree double *read = NULL;
  const double *table = NULL;
  gsize size = 0;

  if (attachment != NULL)
    table = g_bytes_get_data (attachment, &size);
  if (table == NULL || size != time_table_length (self->n_samples) * sizeof (double))
    return read_times (self, indices, n, times, error);

  missing = g_array_new (FALSE, FALSE, sizeof (gsize));
  to_read = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (gsize i = 0; i < n; i++)
    if (!table_time (table, self->n_samples, indices[i], max_span, &times[i]))
      {
        g_array_append_val (missing, i);
        g_array_append_val (to_read, indices[i]);
      }
  if (missing->len == 0)
    return TRUE;

  read = g_new (double, missing->len);
  if (!read_times (self, (const guint64 *) to_read->data, to_read->len, read, error))
    return FALSE;
  for (guint k = 0; k < missing->len; k++)
    times[g_array_index (missing, gsize, k)] = read[k];
  return TRUE;
}

static void
append_index (GArray  *indices,
              guint64  index)
{
  g_array_append_val (indices, index);
}

/* Index → time, by binary search in the sorted distinct @indices */
static double
time_of (const guint64 *indices,
         const double  *times,
         gsize          n,
         guint64        index)
{
  guint64 *found = bsearch (&index, indices, n, sizeof (guint64), compare_index);

  g_assert (found != NULL);
  return times[found - indices];
}

static void
append_point (GArray *points,
              double  time_s,
              double  value)
{
  MeltSeriesPoint point = { time_s, value };

  g_array_append_val (points, point);
}

/**
 * melt_recording_pyramid_query:
 * @self: a recording pyramid
 * @start_s: the window's start, seconds
 * @end_s: its end
 * @n_columns: pixel columns it is drawn over (at least 1)
 * @points: (out) (transfer full) (element-type MeltSeriesPoint): the points
 * @flags: (out) (optional): how the columns were computed
 * @error: set when the recording cannot be read
 *
 * See melt-recording-pyramid.h.
 */
gboolean
melt_recording_pyramid_query (MeltRecordingPyramid  *self,
                              double                 start_s,
                              double                 end_s,
                              guint                  n_columns,
                              GArray               **points,
                              MeltM4Flags           *flags,
                              GError               **error)
{
  g_autoptr(GArray) out = NULL;
  g_autoptr(GArray) indices = NULL;
  g_autofree MeltM4Column *columns = NULL;
  g_autofree double *times = NULL;
  g_autofree double *values = NULL;
  guint64 first = MELT_RECORDING_NO_INDEX, last = MELT_RECORDING_NO_INDEX;
  guint64 before, after, count;
  MeltM4Flags m4_flags = MELT_M4_NONE;
  guint n_out = 0;

  g_return_val_if_fail (MELT_IS_RECORDING_PYRAMID (self), FALSE);
  g_return_val_if_fail (n_columns > 0, FALSE);
  g_return_val_if_fail (points != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  out = g_array_new (FALSE, FALSE, sizeof (MeltSeriesPoint));
  if (flags != NULL)
    *flags = MELT_M4_NONE;

  if (self->n_samples == 0 || !(start_s <= end_s))
    {
      *points = g_steal_pointer (&out);
      return TRUE;
    }

  if (!melt_recording_index_at_or_after (self->recording, self->stream, start_s, &first, error)
      || !melt_recording_index_at_or_before (self->recording, self->stream, end_s, &last, error))
    return FALSE;

  /* The samples around the window: the line comes in from the left and goes out at the
   * right; a window between two samples draws the segment that crosses it */
  before = first == MELT_RECORDING_NO_INDEX ? self->n_samples - 1 : first > 0 ? first - 1
                                                                              : MELT_RECORDING_NO_INDEX;
  after = last == MELT_RECORDING_NO_INDEX ? 0 : last + 1 < self->n_samples ? last + 1
                                                                           : MELT_RECORDING_NO_INDEX;
  if (first == MELT_RECORDING_NO_INDEX || last == MELT_RECORDING_NO_INDEX || first > last)
    {
      /* no sample inside: at most the two around it */
      first = before != MELT_RECORDING_NO_INDEX ? before : after;
      last = after != MELT_RECORDING_NO_INDEX ? after : before;
      before = after = MELT_RECORDING_NO_INDEX;
      if (first == MELT_RECORDING_NO_INDEX || first > last)
        {
          *points = g_steal_pointer (&out);
          return TRUE;
        }
    }

  count = last - first + 1;

  if (count < 2 * (guint64) n_columns)
    {
      /* Raw: every sample, with the two around */
      guint64 lo = before != MELT_RECORDING_NO_INDEX ? before : first;
      guint64 hi = after != MELT_RECORDING_NO_INDEX ? after : last;
      gsize n = hi - lo + 1;

      times = g_new (double, n);
      values = g_new (double, n);
      if (!melt_recording_read_range (self->recording, self->stream, self->channel, lo, n, times,
                                      values, error))
        return FALSE;
      g_array_set_size (out, n);
      for (gsize i = 0; i < n; i++)
        {
          g_array_index (out, MeltSeriesPoint, i).time_s = times[i];
          g_array_index (out, MeltSeriesPoint, i).value = values[i];
        }
      if (flags != NULL)
        *flags = MELT_M4_RAW | MELT_M4_SPARSE;
      *points = g_steal_pointer (&out);
      return TRUE;
    }

  columns = g_new (MeltM4Column, n_columns);
  if (!melt_pyramid_query_m4 (self->pyramid, first, last, n_columns, columns, &n_out, &m4_flags,
                              error))
    return FALSE;

  /* The indices whose times are needed, sorted and distinct */
  indices = g_array_sized_new (FALSE, FALSE, sizeof (guint64), 4 * n_out + 2);
  if (before != MELT_RECORDING_NO_INDEX)
    append_index (indices, before);
  for (guint c = 0; c < n_out; c++)
    {
      const MeltM4Column *col = &columns[c];

      if (col->flags & MELT_M4_COLUMN_UNKNOWN)
        continue;
      append_index (indices, col->first_index);
      if (col->min_span > 0)
        append_index (indices, col->min_index);
      if (col->max_span > 0)
        append_index (indices, col->max_index);
      append_index (indices, col->last_index);
    }
  if (after != MELT_RECORDING_NO_INDEX)
    append_index (indices, after);
  g_array_sort (indices, compare_index);
  {
    guint n = 0;

    for (guint i = 0; i < indices->len; i++)
      if (n == 0 || g_array_index (indices, guint64, i) != g_array_index (indices, guint64, n - 1))
        g_array_index (indices, guint64, n++) = g_array_index (indices, guint64, i);
    g_array_set_size (indices, n);
  }

  times = g_new (double, MAX (indices->len, 1));
  if (!get_times (self, (const guint64 *) indices->data, indices->len,
                  MAX_TIME_ERROR * (end_s - start_s) / n_columns, times, error))
    return FALSE;

#define TIME_OF(i) time_of ((const guint64 *) indices->data, times, indices->len, (i))

  if (before != MELT_RECORDING_NO_INDEX)
    {
      float value;

      if (!melt_pyramid_query_raw (self->pyramid, before, 1, &value, error))
        return FALSE;
      append_point (out, TIME_OF (before), value);
    }

  for (guint c = 0; c < n_out; c++)
    {
      const MeltM4Column *col = &columns[c];
      guint64 idx[4];
      float val[4];
      guint64 prev = G_MAXUINT64;
      float prev_value = NAN;

      if (col->flags & MELT_M4_COLUMN_UNKNOWN)
        continue;

      idx[0] = col->first_index, val[0] = col->first;
      idx[3] = col->last_index, val[3] = col->last;
      /* min and max in index order; a column of only NaN has neither */
      idx[1] = col->min_span > 0 ? col->min_index : G_MAXUINT64, val[1] = col->min;
      idx[2] = col->max_span > 0 ? col->max_index : G_MAXUINT64, val[2] = col->max;
      if (idx[1] != G_MAXUINT64 && idx[2] != G_MAXUINT64 && idx[2] < idx[1])
        {
          guint64 ti = idx[1];
          float tv = val[1];

          idx[1] = idx[2], val[1] = val[2];
          idx[2] = ti, val[2] = tv;
        }

      for (guint k = 0; k < 4; k++)
        {
          /* Each sample once. An extreme found in a block starting at the column's first
           * sample has that index but maybe not its value: it is kept, at the same time. */
          if (idx[k] == G_MAXUINT64
              || (idx[k] == prev && (val[k] == prev_value || (isnan (val[k]) && isnan (prev_value)))))
            continue;
          append_point (out, TIME_OF (idx[k]), val[k]);
          prev = idx[k];
          prev_value = val[k];
        }
    }

  if (after != MELT_RECORDING_NO_INDEX)
    {
      float value;

      if (!melt_pyramid_query_raw (self->pyramid, after, 1, &value, error))
        return FALSE;
      append_point (out, TIME_OF (after), value);
    }

#undef TIME_OF

  if (flags != NULL)
    *flags = m4_flags;
  *points = g_steal_pointer (&out);
  return TRUE;
}
