/* test-recording-pyramid.c: a channel's pyramid read through a recording, against brute
 * force over the arrays written; its cache in XDG_CACHE_HOME; the recording untouched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "melt-recording-pyramid.h"
#include "melt-recording-writer.h"
#include "melt-test-files.h"
#include "melt-test-shapes.h"

#define N_SAMPLES 300000
#define N_SLOW    4000

static char *tmp_dir;
static char *run_path;
static char *run_checksum;
static double *times;
static float *values;

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* A 1 kHz-ish pyrometer with jittered times and a float32 channel; a slow stream beside it */
static void
write_run (void)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltRecordingWriter) writer = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree double *dvalues = g_new (double, N_SAMPLES);
  g_autofree double *slow_times = g_new (double, N_SLOW);
  g_autofree double *slow_values = g_new (double, N_SLOW);
  const double *columns[1] = { dvalues };
  const double *slow_columns[1] = { slow_values };
  MeltRecordingWriterOptions options;
  guint stream, slow;

  run_path = g_build_filename (tmp_dir, "run.h5", NULL);
  file = g_file_new_for_path (run_path);
  melt_recording_writer_options_init (&options);
  options.compress = FALSE;
  options.chunk_samples = 8192;
  writer = melt_recording_writer_new (file, &options, &error);
  g_assert_no_error (error);

  times = g_new (double, N_SAMPLES);
  values = g_new (float, N_SAMPLES);
  for (guint i = 0; i < N_SAMPLES; i++)
    {
      times[i] = 100.0 + i * 1e-3 + g_rand_double_range (rand, 0.0, 4e-4);
      values[i] = (float) (1800.0 + 200.0 * sin (i * 1e-4) + g_rand_double_range (rand, -30.0, 30.0)
                           + (i % 50000 == 1234 ? 500.0 : 0.0));
      dvalues[i] = values[i];
    }
  for (guint i = 0; i < N_SLOW; i++)
    {
      slow_times[i] = 100.0 + i * 0.075;
      slow_values[i] = i;
    }

  g_assert_true (melt_recording_writer_add_stream (writer, "pyrometer", 1000.0, 0, &stream, &error));
  g_assert_true (melt_recording_writer_add_channel (writer, stream, "temperature", MELT_SAMPLE_FLOAT32,
                                                    "K", "melt-pool temperature", &error));
  g_assert_true (melt_recording_writer_append (writer, stream, N_SAMPLES, times, columns, &error));
  g_assert_true (melt_recording_writer_add_stream (writer, "chamber", 13.3, 0, &slow, &error));
  g_assert_true (melt_recording_writer_add_channel (writer, slow, "count", MELT_SAMPLE_FLOAT64, "1",
                                                    "a count", &error));
  g_assert_true (melt_recording_writer_append (writer, slow, N_SLOW, slow_times, slow_columns, &error));
  g_assert_true (melt_recording_writer_finish (writer, NULL, &error));
  g_assert_no_error (error);

  run_checksum = file_checksum (run_path);
}

static MeltRecording *
open_run (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (run_path);
  g_autoptr(GError) error = NULL;
  MeltRecording *recording = melt_recording_open (file, NULL, &error);

  g_assert_no_error (error);
  return recording;
}

static void
build_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  g_assert_true (melt_recording_pyramid_build_finish (MELT_RECORDING_PYRAMID (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* The M4 columns of the pyramid over [first, last] against the written arrays */
static void
check_columns (MeltPyramid *pyramid,
               guint64      first,
               guint64      last,
               guint        n_columns)
{
  g_autofree MeltM4Column *columns = g_new (MeltM4Column, n_columns);
  g_autoptr(GError) error = NULL;
  guint n_out = 0;
  MeltM4Flags flags = 0;

  g_assert_true (melt_pyramid_query_m4 (pyramid, first, last, n_columns, columns, &n_out, &flags, &error));
  g_assert_no_error (error);
  g_assert_false (flags & MELT_M4_APPROXIMATE);
  g_assert_cmpuint (n_out, ==, n_columns);
  g_assert_cmpuint (columns[0].first_index, ==, first);
  g_assert_cmpuint (columns[n_out - 1].last_index, ==, last);

  for (guint c = 0; c < n_out; c++)
    {
      const MeltM4Column *col = &columns[c];
      float min = INFINITY, max = -INFINITY;

      if (c > 0)
        g_assert_cmpuint (col->first_index, ==, columns[c - 1].last_index + 1);
      for (guint64 i = col->first_index; i <= col->last_index; i++)
        {
          min = MIN (min, values[i]);
          max = MAX (max, values[i]);
        }
      g_assert_cmpfloat (col->first, ==, values[col->first_index]);
      g_assert_cmpfloat (col->last, ==, values[col->last_index]);
      g_assert_cmpfloat (col->min, ==, min);
      g_assert_cmpfloat (col->max, ==, max);
      /* the extreme lies in the block named */
      for (guint64 i = col->min_index; i < col->min_index + col->min_span; i++)
        if (values[i] == min)
          break;
        else
          g_assert_cmpuint (i + 1, <, col->min_index + col->min_span);
    }
}

static guint64
index_after (double t)
{
  guint64 lo = 0, hi = N_SAMPLES;

  while (lo < hi)
    {
      guint64 mid = (lo + hi) / 2;

      if (times[mid] < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The points of a window against brute force: the points inside it are samples of it,
 * the first and last are its first and last samples, its extremes are among them, and the
 * samples just outside come at the ends */
static void
check_points (MeltRecordingPyramid *rp,
              double                t0,
              double                t1,
              guint                 n_columns)
{
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) error = NULL;
  MeltM4Flags flags = 0;
  guint64 first = index_after (t0), last = index_after (nextafter (t1, INFINITY)) - 1;
  float min = INFINITY, max = -INFINITY;
  double pmin = INFINITY, pmax = -INFINITY;
  guint n_inside = 0;

  g_assert_true (melt_recording_pyramid_query (rp, t0, t1, n_columns, &points, &flags, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, >=, 2);

  for (guint64 i = first; i <= last; i++)
    {
      min = MIN (min, values[i]);
      max = MAX (max, values[i]);
    }

  for (guint k = 0; k < points->len; k++)
    {
      const MeltSeriesPoint *p = &g_array_index (points, MeltSeriesPoint, k);
      guint64 i = index_after (p->time_s);

      if (k > 0)
        g_assert_cmpfloat (p->time_s, >=, g_array_index (points, MeltSeriesPoint, k - 1).time_s);
      g_assert_cmpuint (i, <, N_SAMPLES);
      g_assert_cmpfloat (times[i], ==, p->time_s);   /* a sample's time */
      if (p->time_s < t0 || p->time_s > t1)
        continue;
      n_inside++;
      pmin = MIN (pmin, p->value);
      pmax = MAX (pmax, p->value);
    }

  g_assert_cmpfloat (pmin, ==, min);
  g_assert_cmpfloat (pmax, ==, max);
  g_assert_cmpfloat (g_array_index (points, MeltSeriesPoint, 0).time_s, ==, times[first - 1]);
  g_assert_cmpfloat (g_array_index (points, MeltSeriesPoint, 0).value, ==, values[first - 1]);
  g_assert_cmpfloat (g_array_index (points, MeltSeriesPoint, 1).time_s, ==, times[first]);
  g_assert_cmpfloat (g_array_index (points, MeltSeriesPoint, 1).value, ==, values[first]);
  g_assert_cmpfloat (g_array_index (points, MeltSeriesPoint, points->len - 1).time_s, ==, times[last + 1]);
  g_assert_cmpfloat (g_array_index (points, MeltSeriesPoint, points->len - 2).value, ==, values[last]);

  if (last - first + 1 < 2 * n_columns)
    {
      /* every sample, exactly */
      g_assert_true (flags & MELT_M4_SPARSE);
      g_assert_cmpuint (points->len, ==, last - first + 3);
      for (guint k = 0; k < points->len; k++)
        {
          g_assert_cmpfloat (g_array_index (points, MeltSeriesPoint, k).time_s, ==, times[first - 1 + k]);
          g_assert_cmpfloat (g_array_index (points, MeltSeriesPoint, k).value, ==, values[first - 1 + k]);
        }
    }
  else
    {
      /* a few points per column */
      g_assert_false (flags & MELT_M4_SPARSE);
      g_assert_cmpuint (n_inside, <=, 4 * n_columns);
      g_assert_cmpuint (n_inside, >=, 2 * n_columns);
    }
}

static void
test_build_and_query (void)
{
  g_autoptr(MeltRecording) recording = open_run ();
  g_autoptr(MeltRecordingPyramid) rp = NULL;
  g_autoptr(GError) error = NULL;
  GFile *cache_file;
  g_autofree char *cache_root = g_build_filename (tmp_dir, "cache", "meltline", "pyramids", NULL);
  g_autofree char *cache_parent = NULL;
  gboolean done = FALSE;

  rp = melt_recording_pyramid_new (recording, "pyrometer", "temperature", &error);
  g_assert_no_error (error);
  g_assert_false (melt_recording_pyramid_get_from_cache (rp));
  g_assert_false (melt_recording_pyramid_is_complete (rp));

  /* the cache lives in XDG_CACHE_HOME, never beside the recording */
  cache_file = melt_recording_pyramid_get_cache_file (rp);
  cache_parent = g_path_get_dirname (g_file_peek_path (cache_file));
  g_assert_cmpstr (cache_parent, ==, cache_root);
  g_assert_false (g_file_query_exists (cache_file, NULL));

  melt_recording_pyramid_build_async (rp, NULL, NULL, NULL, build_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (melt_recording_pyramid_is_complete (rp));
  g_assert_true (g_file_query_exists (cache_file, NULL));

  check_columns (melt_recording_pyramid_get_pyramid (rp), 0, N_SAMPLES - 1, 800);
  check_columns (melt_recording_pyramid_get_pyramid (rp), 12345, 267890, 333);
  check_points (rp, 150.0, 350.0, 700);      /* M4 */
  check_points (rp, 200.0005, 200.5, 400);   /* raw, fewer than 2 per column */

  /* only the samples around: a window between two samples */
  {
    g_autoptr(GArray) points = NULL;
    guint64 i = index_after (200.0);

    g_assert_true (melt_recording_pyramid_query (rp, times[i] + 1e-9, times[i + 1] - 1e-9, 100,
                                                 &points, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (points->len, ==, 2);
    g_assert_cmpfloat (g_array_index (points, MeltSeriesPoint, 1).value, ==, values[i + 1]);
  }

  /* a window after the end: the last sample alone */
  {
    g_autoptr(GArray) points = NULL;

    g_assert_true (melt_recording_pyramid_query (rp, 1e6, 2e6, 100, &points, NULL, &error));
    g_assert_cmpuint (points->len, ==, 1);
    g_assert_cmpfloat (g_array_index (points, MeltSeriesPoint, 0).value, ==, values[N_SAMPLES - 1]);
  }

  {
    g_autofree char *checksum = file_checksum (run_path);

    g_assert_cmpstr (checksum, ==, run_checksum);
  }
}

static void
test_cache_reused (void)
{
  g_autoptr(MeltRecording) recording = open_run ();
  g_autoptr(MeltRecordingPyramid) rp = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) before = NULL;
  g_autoptr(GFileInfo) after = NULL;

  rp = melt_recording_pyramid_new (recording, "pyrometer", "temperature", &error);
  g_assert_no_error (error);
  g_assert_true (melt_recording_pyramid_get_from_cache (rp));
  g_assert_true (melt_recording_pyramid_is_complete (rp));

  before = g_file_query_info (melt_recording_pyramid_get_cache_file (rp), G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                              G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC, 0, NULL, &error);
  g_assert_no_error (error);
  /* nothing to build, nothing rewritten */
  g_assert_true (melt_recording_pyramid_build (rp, NULL, &error));
  after = g_file_query_info (melt_recording_pyramid_get_cache_file (rp), G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                             G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC, 0, NULL, &error);
  g_assert_cmpuint (g_file_info_get_attribute_uint32 (before, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC), ==,
                    g_file_info_get_attribute_uint32 (after, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC));

  /* the loaded pyramid answers as the built one */
  check_columns (melt_recording_pyramid_get_pyramid (rp), 0, N_SAMPLES - 1, 800);
  check_points (rp, 150.0, 350.0, 700);
  check_points (rp, 200.0005, 200.5, 400);

  {
    g_autofree char *checksum = file_checksum (run_path);

    g_assert_cmpstr (checksum, ==, run_checksum);
  }
}

static void
test_key (void)
{
  g_autoptr(MeltRecording) recording = open_run ();
  g_autoptr(GError) error = NULL;
  g_autofree char *key = melt_recording_pyramid_make_key (recording, "pyrometer", "temperature", &error);
  g_autofree char *other = melt_recording_pyramid_make_key (recording, "chamber", "count", &error);
  g_autofree char *missing = NULL;
  g_autoptr(MeltRecordingPyramid) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (key), ==, 64);
  g_assert_cmpstr (key, !=, other);

  missing = melt_recording_pyramid_make_key (recording, "pyrometer", "nope", &error);
  g_assert_null (missing);
  g_assert_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_NOT_FOUND);
  g_clear_error (&error);
  none = melt_recording_pyramid_new (recording, "nope", "temperature", &error);
  g_assert_null (none);
  g_assert_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_NOT_FOUND);
}

/* A changed file (another modification time) gets another key: the old pyramid is not used */
static void
test_changed_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *new_key = NULL;
  g_autoptr(MeltRecordingPyramid) rp = NULL;

  {
    g_autoptr(MeltRecording) recording = open_run ();

    key = melt_recording_pyramid_make_key (recording, "pyrometer", "temperature", &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(GFile) file = g_file_new_for_path (run_path);

    g_assert_true (g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                                g_get_real_time () / G_USEC_PER_SEC + 100,
                                                G_FILE_QUERY_INFO_NONE, NULL, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(MeltRecording) recording = open_run ();

    new_key = melt_recording_pyramid_make_key (recording, "pyrometer", "temperature", &error);
    g_assert_cmpstr (key, !=, new_key);
    rp = melt_recording_pyramid_new (recording, "pyrometer", "temperature", &error);
    g_assert_no_error (error);
    g_assert_false (melt_recording_pyramid_get_from_cache (rp));
  }
}

/* One stream at 1 kHz with jitter and a 50-second gap, written raw and compressed: the
 * compressed run's pyramid keeps a table of times; queries through it agree with the raw
 * run's exact times to a quarter of a column, exactly when zoomed in or at the gap */
#define TABLE_N     200000
#define TABLE_BLOCK 512
#define GAP_AT      123456

static double
table_run_time (guint i)
{
  return 10.0 + i * 1e-3 + ((i * 2654435761u) % 1000) * 3e-7 + (i >= GAP_AT ? 50.0 : 0.0);
}

static char *
write_table_run (const char *name,
                 gboolean    compress)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltRecordingWriter) writer = NULL;
  g_autofree double *t = g_new (double, TABLE_N);
  g_autofree double *v = g_new (double, TABLE_N);
  const double *columns[1] = { v };
  MeltRecordingWriterOptions options;
  guint stream;

  melt_recording_writer_options_init (&options);
  options.compress = compress;
  options.chunk_samples = 8192;
  writer = melt_recording_writer_new (file, &options, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < TABLE_N; i++)
    {
      t[i] = table_run_time (i);
      v[i] = sin (i * 1e-3) * 100.0 + (i % 977 == 5 ? 400.0 : 0.0);
    }
  g_assert_true (melt_recording_writer_add_stream (writer, "pyrometer", 1000.0, 0, &stream, &error));
  g_assert_true (melt_recording_writer_add_channel (writer, stream, "temperature", MELT_SAMPLE_FLOAT32,
                                                    "K", "melt-pool temperature", &error));
  g_assert_true (melt_recording_writer_append (writer, stream, TABLE_N, t, columns, &error));
  g_assert_true (melt_recording_writer_finish (writer, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static MeltRecordingPyramid *
built_table_pyramid (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltRecording) recording = melt_recording_open (file, NULL, &error);
  g_autoptr(MeltRecordingPyramid) rp = NULL;

  g_assert_no_error (error);
  rp = melt_recording_pyramid_new (recording, "pyrometer", "temperature", &error);
  g_assert_no_error (error);
  g_assert_true (melt_recording_pyramid_build (rp, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&rp);
}

/* Queries @t0..@t1 on both; returns how many times differ */
static guint
compare_queries (MeltRecordingPyramid *exact,
                 MeltRecordingPyramid *tabled,
                 double                t0,
                 double                t1,
                 guint                 n_columns)
{
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;
  g_autoptr(GError) error = NULL;
  double tolerance = 0.25 * (t1 - t0) / n_columns;
  guint differ = 0;

  g_assert_true (melt_recording_pyramid_query (exact, t0, t1, n_columns, &a, NULL, &error));
  g_assert_true (melt_recording_pyramid_query (tabled, t0, t1, n_columns, &b, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint k = 0; k < a->len; k++)
    {
      const MeltSeriesPoint *p = &g_array_index (a, MeltSeriesPoint, k);
      const MeltSeriesPoint *q = &g_array_index (b, MeltSeriesPoint, k);

      g_assert_cmpfloat (p->value, ==, q->value);
      g_assert_cmpfloat (fabs (p->time_s - q->time_s), <=, tolerance);
      if (p->time_s != q->time_s)
        differ++;
      /* no point placed inside the gap */
      g_assert_false (q->time_s > table_run_time (GAP_AT - 1) && q->time_s < table_run_time (GAP_AT));
    }
  return differ;
}

static void
test_time_table (void)
{
  g_autofree char *raw_path = write_table_run ("table-raw.h5", FALSE);
  g_autofree char *z_path = write_table_run ("table-z.h5", TRUE);
  g_autofree char *z_checksum = file_checksum (z_path);
  g_autoptr(MeltRecordingPyramid) exact = built_table_pyramid (raw_path);
  g_autoptr(MeltRecordingPyramid) tabled = built_table_pyramid (z_path);
  g_autoptr(MeltRecordingPyramid) cached = NULL;
  g_autoptr(GBytes) table = NULL;
  const double *entries;
  gsize size;
  guint64 n_table = (TABLE_N + TABLE_BLOCK - 1) / TABLE_BLOCK + 1;
  double end = table_run_time (TABLE_N - 1);

  /* raw time: read when needed, no table */
  g_assert_null (melt_pyramid_dup_attachment (melt_recording_pyramid_get_pyramid (exact)));

  /* compressed time: every 512th time and the last */
  table = melt_pyramid_dup_attachment (melt_recording_pyramid_get_pyramid (tabled));
  g_assert_nonnull (table);
  entries = g_bytes_get_data (table, &size);
  g_assert_cmpuint (size, ==, n_table * sizeof (double));
  for (guint64 b = 0; b + 1 < n_table; b++)
    g_assert_cmpfloat (entries[b], ==, table_run_time (b * TABLE_BLOCK));
  g_assert_cmpfloat (entries[n_table - 1], ==, table_run_time (TABLE_N - 1));

  /* full range: interpolated times (the clock jitters, so some differ), within a
   * quarter column; the blocks across the gap are read */
  g_assert_cmpuint (compare_queries (exact, tabled, 10.0, end, 50), >, 0);
  compare_queries (exact, tabled, 0.0, end + 1000.0, 97);
  /* starting at the first sample after the gap, whose block spans the gap */
  g_assert_cmpuint (compare_queries (exact, tabled, table_run_time (GAP_AT) - 1e-4, end, 20), >, 0);
  /* zoomed in: 2.6 samples a column, blocks far wider than a column: all read */
  g_assert_cmpuint (compare_queries (exact, tabled, 60.0, 62.0, 768), ==, 0);
  g_assert_cmpuint (compare_queries (exact, tabled, table_run_time (GAP_AT) - 1.0,
                                     table_run_time (GAP_AT) + 1.0, 700), ==, 0);

  /* the table comes back with the cached pyramid, and answers the same */
  {
    g_autoptr(GFile) file = g_file_new_for_path (z_path);
    g_autoptr(GError) error = NULL;
    g_autoptr(MeltRecording) recording = melt_recording_open (file, NULL, &error);
    g_autoptr(GBytes) loaded = NULL;

    g_assert_no_error (error);
    cached = melt_recording_pyramid_new (recording, "pyrometer", "temperature", &error);
    g_assert_no_error (error);
    g_assert_true (melt_recording_pyramid_get_from_cache (cached));
    loaded = melt_pyramid_dup_attachment (melt_recording_pyramid_get_pyramid (cached));
    g_assert_nonnull (loaded);
    g_assert_true (g_bytes_equal (loaded, table));
  }
  g_assert_cmpuint (compare_queries (exact, cached, 10.0, end, 50), >, 0);

  {
    g_autofree char *checksum = file_checksum (z_path);

    g_assert_cmpstr (checksum, ==, z_checksum);
  }
}

/* A cached pyramid without its table of times (its build was cancelled before the table
 * was made) gets the table at the next build, sync or async, and the cache keeps it; a
 * cancelled table build says so */
static MeltRecordingPyramid *
open_table_pyramid (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltRecording) recording = melt_recording_open (file, NULL, &error);
  MeltRecordingPyramid *rp;

  g_assert_no_error (error);
  rp = melt_recording_pyramid_new (recording, "pyrometer", "temperature", &error);
  g_assert_no_error (error);
  return rp;
}

static void
strip_cached_table (MeltRecordingPyramid *rp)
{
  GFile *cache_file = melt_recording_pyramid_get_cache_file (rp);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltPyramid) cached = melt_pyramid_load (cache_file, TABLE_N, NULL, &error);

  g_assert_no_error (error);
  melt_pyramid_set_attachment (cached, NULL, 0);
  g_assert_true (melt_pyramid_save (cached, cache_file, &error));
  g_assert_no_error (error);
}

static gboolean
has_table (MeltRecordingPyramid *rp)
{
  g_autoptr(GBytes) table = melt_pyramid_dup_attachment (melt_recording_pyramid_get_pyramid (rp));

  return table != NULL;
}

static void
test_time_table_resumed (void)
{
  g_autofree char *path = write_table_run ("table-resumed.h5", TRUE);
  g_autoptr(MeltRecordingPyramid) first = built_table_pyramid (path);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (has_table (first));
  strip_cached_table (first);

  /* sync: cancelled, then made */
  {
    g_autoptr(MeltRecordingPyramid) rp = open_table_pyramid (path);
    g_autoptr(MeltRecordingPyramid) again = NULL;

    g_assert_true (melt_recording_pyramid_get_from_cache (rp));
    g_assert_false (has_table (rp));
    g_cancellable_cancel (cancelled);
    g_assert_false (melt_recording_pyramid_build (rp, cancelled, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_false (has_table (rp));
    g_assert_true (melt_recording_pyramid_build (rp, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (has_table (rp));
    again = open_table_pyramid (path);
    g_assert_true (melt_recording_pyramid_get_from_cache (again));
    g_assert_true (has_table (again));
  }

  /* async */
  strip_cached_table (first);
  {
    g_autoptr(MeltRecordingPyramid) rp = open_table_pyramid (path);
    g_autoptr(MeltRecordingPyramid) again = NULL;
    gboolean done = FALSE;

    g_assert_false (has_table (rp));
    melt_recording_pyramid_build_async (rp, NULL, NULL, NULL, build_cb, &done);
    while (!done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (has_table (rp));
    again = open_table_pyramid (path);
    g_assert_true (has_table (again));
  }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cache = NULL;
  int status;

  /* before anything asks GLib for the cache folder: it keeps the first answer */
  tmp_dir = melt_test_tmpdir_new ();
  cache = g_build_filename (tmp_dir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  g_test_init (&argc, &argv, NULL);
  write_run ();

  g_test_add_func ("/core/recording-pyramid/key", test_key);
  g_test_add_func ("/core/recording-pyramid/build-and-query", test_build_and_query);
  g_test_add_func ("/core/recording-pyramid/cache-reused", test_cache_reused);
  g_test_add_func ("/core/recording-pyramid/changed-file", test_changed_file);
  g_test_add_func ("/core/recording-pyramid/time-table", test_time_table);
  g_test_add_func ("/core/recording-pyramid/time-table-resumed", test_time_table_resumed);

  status = g_test_run ();

  melt_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (run_path);
  g_free (run_checksum);
  g_free (times);
  g_free (values);
  return status;
}
