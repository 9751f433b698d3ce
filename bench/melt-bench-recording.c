/* melt-bench-recording.c: writes a large recorded run and times the ways
 * Meltline reads it (bench/recording.sh runs it)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   melt-bench-recording write RUN.h5 [--samples N] [--rate HZ]
 *                                     [--compress|--contiguous] [--frames N]
 *                                     [--frame-size WxH]
 *   melt-bench-recording evict FILE...
 *   melt-bench-recording measure RUN.h5 [--rounds N] [--builds N] [--cold]
 *
 * `write` makes one float32 channel ("pyrometer/temperature") of N samples
 * and a stack of uint16 camera frames; the signal is a drifting melt-pool
 * temperature with noise and rare spikes, so that min/max matter.
 * `evict` drops the files from the page cache (posix_fadvise), which makes
 * the next read a cold one without root. `measure` times opening, random
 * 1-second windows, random frames, the pyramid build (each of --builds
 * builds from nothing), a full-range query of 1280 columns, and prints the
 * medians and maxima with the peak memory as JSON. With --cold the file
 * leaves the page cache before every timed step.
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sys/resource.h>
#include <unistd.h>

#include "melt-recording.h"
#include "melt-recording-pyramid.h"
#include "melt-recording-writer.h"
#include "melt-test-files.h"

#define STREAM  "pyrometer"
#define CHANNEL "temperature"
#define FRAMES  "camera"

static guint32 rng_state = 12345;

static inline double
rng_uniform (void)
{
  rng_state = rng_state * 1664525u + 1013904223u;
  return (rng_state >> 8) * (1.0 / 16777216.0);
}

static gboolean
evict (const char *path,
       GError    **error)
{
  int fd = g_open (path, O_RDONLY, 0);
  int err;

  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", path,
                   g_strerror (errno));
      return FALSE;
    }
  err = posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);
  close (fd);
  if (err != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err), "%s: %s", path,
                   g_strerror (err));
      return FALSE;
    }
  return TRUE;
}

static int
cmd_write (int    argc,
           char **argv)
{
  gint64 samples = 100000000;
  double rate = 100000;
  gboolean compress = FALSE;
  gboolean contiguous = FALSE;
  gint64 n_frames = 1000;
  g_autofree char *frame_size = g_strdup ("128x128");
  GOptionEntry entries[] = {
    { "samples", 0, 0, G_OPTION_ARG_INT64, &samples, "Samples of the channel", "N" },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, "Sample rate", "HZ" },
    { "compress", 0, 0, G_OPTION_ARG_NONE, &compress, "Shuffle + deflate", NULL },
    { "contiguous", 0, 0, G_OPTION_ARG_NONE, &contiguous, "Contiguous datasets", NULL },
    { "frames", 0, 0, G_OPTION_ARG_INT64, &n_frames, "Camera frames", "N" },
    { "frame-size", 0, 0, G_OPTION_ARG_STRING, &frame_size, "Frame size", "WxH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("RUN.h5");
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltRecordingWriter) writer = NULL;
  g_autoptr(GFile) file = NULL;
  MeltRecordingWriterOptions options;
  const gsize block = 1 << 20;
  g_autofree double *t = NULL;
  g_autofree double *x = NULL;
  g_autofree guint16 *frame = NULL;
  const double *values[1];
  double drift = 1850.0;
  guint width = 0, height = 0, stream, frames;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || samples < 2
      || rate <= 0 || (compress && contiguous) || n_frames < 0
      || sscanf (frame_size, "%ux%u", &width, &height) != 2 || width == 0 || height == 0)
    {
      g_printerr ("%s\n", error != NULL ? error->message
                  : "usage: melt-bench-recording write RUN.h5 [--samples N] [--rate HZ] "
                    "[--compress|--contiguous] [--frames N] [--frame-size WxH]");
      return 2;
    }

  melt_recording_writer_options_init (&options);
  options.compress = compress;
  options.contiguous = contiguous;
  file = g_file_new_for_commandline_arg (argv[1]);
  writer = melt_recording_writer_new (file, &options, &error);
  if (writer == NULL)
    goto fail;
  melt_recording_writer_set_run_id (writer, "bench");
  melt_recording_writer_set_simulated (writer, TRUE);
  melt_recording_writer_set_created_by (writer, "melt-bench-recording (synthetic data)");
  if (!melt_recording_writer_add_stream (writer, STREAM, rate, samples, &stream, &error)
      || !melt_recording_writer_add_channel (writer, stream, CHANNEL, MELT_SAMPLE_FLOAT32, "K",
                                             "melt pool temperature (synthetic)", &error))
    goto fail;

  t = g_new (double, block);
  x = g_new (double, block);
  values[0] = x;
  for (gint64 first = 0; first < samples; first += block)
    {
      gsize n = MIN ((gint64) block, samples - first);

      for (gsize i = 0; i < n; i++)
        {
          double time = (first + i) / rate;

          drift += (rng_uniform () - 0.5) * 0.05;
          t[i] = time;
          x[i] = drift + 40.0 * sin (time * 0.7) + (rng_uniform () - 0.5) * 8.0;
          if (rng_uniform () < 1e-6)
            x[i] += 300.0 * rng_uniform ();
        }
      if (!melt_recording_writer_append (writer, stream, n, t, values, &error))
        goto fail;
    }

  if (n_frames > 0)
    {
      double duration = (samples - 1) / rate;

      if (!melt_recording_writer_add_frames (writer, FRAMES, MELT_SAMPLE_UINT16, height, width,
                                             "1", "coaxial camera (synthetic)",
                                             n_frames / duration, n_frames, &frames, &error))
        goto fail;
      frame = g_new (guint16, (gsize) width * height);
      for (gint64 f = 0; f < n_frames; f++)
        {
          double cx = width / 2.0 + 4.0 * sin (f * 0.1), cy = height / 2.0;

          for (guint y = 0; y < height; y++)
            for (guint xx = 0; xx < width; xx++)
              {
                double r2 = ((xx - cx) * (xx - cx) + (y - cy) * (y - cy)) / (width * width / 64.0);

                frame[(gsize) y * width + xx] =
                  (guint16) (200.0 + 3800.0 * exp (-r2) + 20.0 * rng_uniform ());
              }
          if (!melt_recording_writer_append_frame (writer, frames, f * duration / n_frames, frame,
                                                   &error))
            goto fail;
        }
    }

  if (!melt_recording_writer_finish (writer, NULL, &error))
    goto fail;
  g_print ("%s: %" G_GINT64_FORMAT " float32 samples at %g Hz, %" G_GINT64_FORMAT
           " frames of %ux%u, %s\n", argv[1], samples, rate, n_frames, width, height,
           compress ? "chunked, compressed" : contiguous ? "contiguous" : "chunked, uncompressed");
  return 0;

fail:
  g_printerr ("melt-bench-recording: %s\n", error->message);
  return 1;
}

static int
cmd_evict (int    argc,
           char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!evict (argv[i], &error))
        {
          g_printerr ("melt-bench-recording: %s\n", error->message);
          return 1;
        }
    }
  return 0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Median and maximum of @n timings, in ms */
typedef struct
{
  double median;
  double max;
} Timing;

static Timing
summarize (double *seconds,
           guint   n)
{
  qsort (seconds, n, sizeof *seconds, compare_double);
  return (Timing) { seconds[n / 2] * 1e3, seconds[n - 1] * 1e3 };
}

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
maybe_evict (const char *path,
             gboolean    cold)
{
  g_autoptr(GError) error = NULL;

  if (cold && !evict (path, &error))
    g_error ("%s", error->message);
}

static int
cmd_measure (int    argc,
             char **argv)
{
  gint rounds = 20;
  gint builds = 5;
  gboolean cold = FALSE;
  GOptionEntry entries[] = {
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Timed rounds of each step", "N" },
    { "builds", 0, 0, G_OPTION_ARG_INT, &builds, "Timed pyramid builds", "N" },
    { "cold", 0, 0, G_OPTION_ARG_NONE, &cold, "Evict the file from the page cache before each step", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("RUN.h5");
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(MeltRecording) recording = NULL;
  g_autoptr(MeltRecordingPyramid) pyramid = NULL;
  g_autoptr(GArray) points = NULL;
  g_autofree double *seconds = NULL;
  g_autofree char *cache = NULL;
  g_autofree gpointer frame = NULL;
  const MeltRecordingStream *stream;
  const MeltRecordingFrames *frames;
  double t0, t1, start;
  gsize frame_size = 0;
  guint64 n;
  MeltM4Flags flags;
  struct rusage usage;
  Timing open_t, window_t, frame_t = { NAN, NAN }, build_t, query_t;
  guint64 window_samples = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || rounds < 1
      || builds < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message
                  : "usage: melt-bench-recording measure RUN.h5 [--rounds N] [--builds N] [--cold]");
      return 2;
    }
  /* A pyramid cache of its own, so that the build is a real one */
  cache = g_dir_make_tmp ("melt-bench-cache-XXXXXX", &error);
  if (cache == NULL)
    goto fail;
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  file = g_file_new_for_commandline_arg (argv[1]);
  seconds = g_new (double, MAX (rounds, builds));

  /* Open */
  for (gint r = 0; r < rounds; r++)
    {
      g_clear_object (&recording);
      maybe_evict (argv[1], cold);
      start = now ();
      recording = melt_recording_open (file, NULL, &error);
      seconds[r] = now () - start;
      if (recording == NULL)
        goto fail;
    }
  open_t = summarize (seconds, rounds);

  stream = melt_recording_lookup_stream (recording, STREAM);
  if (stream == NULL || melt_recording_lookup_channel (recording, STREAM, CHANNEL) == NULL)
    {
      g_printerr ("melt-bench-recording: %s has no %s/%s (write it with `melt-bench-recording "
                  "write`)\n", argv[1], STREAM, CHANNEL);
      return 1;
    }
  n = stream->n_samples;
  t0 = stream->start_s;
  t1 = stream->end_s;
  if (n == 0)
    {
      g_printerr ("melt-bench-recording: %s holds no samples\n", argv[1]);
      return 1;
    }

  /* Random 1-second windows */
  for (gint r = 0; r < rounds; r++)
    {
      g_autofree double *times = NULL;
      g_autofree double *values = NULL;
      double from = t0 + rng_uniform () * MAX (t1 - t0 - 1.0, 0.0);
      gsize got;

      maybe_evict (argv[1], cold);
      start = now ();
      if (!melt_recording_read_window (recording, STREAM, CHANNEL, from, from + 1.0, &times,
                                       &values, &got, &error))
        goto fail;
      seconds[r] = now () - start;
      window_samples = got;
    }
  window_t = summarize (seconds, rounds);

  /* Random frames */
  frames = melt_recording_lookup_frames (recording, FRAMES);
  if (frames != NULL && frames->n_frames > 0)
    {
      frame_size = (gsize) frames->height * frames->width * melt_sample_type_get_size (frames->type);
      frame = g_malloc (frame_size);
      for (gint r = 0; r < rounds; r++)
        {
          guint64 index = (guint64) (rng_uniform () * frames->n_frames);

          maybe_evict (argv[1], cold);
          start = now ();
          if (!melt_recording_read_frame (recording, FRAMES, MIN (index, frames->n_frames - 1),
                                          frame, frame_size, &error))
            goto fail;
          seconds[r] = now () - start;
        }
      frame_t = summarize (seconds, rounds);
    }

  /* Pyramid builds, each from nothing (the scratch cache emptied), saved to
   * the cache: a build is long enough to time alone, but one build's time
   * swings with what else the machine does, so the median of a few */
  for (gint r = 0; r < builds; r++)
    {
      g_autofree char *pyramids = g_build_filename (cache, "meltline", NULL);

      g_clear_object (&pyramid);
      melt_test_remove_tree (pyramids);
      maybe_evict (argv[1], cold);
      pyramid = melt_recording_pyramid_new (recording, STREAM, CHANNEL, &error);
      if (pyramid == NULL)
        goto fail;
      g_assert (!melt_pyramid_is_complete (melt_recording_pyramid_get_pyramid (pyramid)));
      start = now ();
      if (!melt_recording_pyramid_build (pyramid, NULL, &error))
        goto fail;
      seconds[r] = now () - start;
    }
  build_t = summarize (seconds, builds);

  /* Full-range query, 1280 columns, with the times of the points */
  for (gint r = 0; r < rounds; r++)
    {
      g_clear_pointer (&points, g_array_unref);
      maybe_evict (argv[1], cold);
      start = now ();
      if (!melt_recording_pyramid_query (pyramid, t0, t1, 1280, &points, &flags, &error))
        goto fail;
      seconds[r] = now () - start;
    }
  query_t = summarize (seconds, rounds);

  getrusage (RUSAGE_SELF, &usage);
  g_print ("{\n"
           "  \"file\": \"%s\",\n"
           "  \"samples\": %" G_GUINT64_FORMAT ",\n"
           "  \"cold\": %s,\n"
           "  \"rounds\": %d,\n"
           "  \"open_ms\": %.2f,\n"
           "  \"open_max_ms\": %.2f,\n"
           "  \"window_samples\": %" G_GUINT64_FORMAT ",\n"
           "  \"window_ms\": %.2f,\n"
           "  \"window_max_ms\": %.2f,\n"
           "  \"frame_bytes\": %" G_GSIZE_FORMAT ",\n"
           "  \"frame_ms\": %.3f,\n"
           "  \"frame_max_ms\": %.3f,\n"
           "  \"builds\": %d,\n"
           "  \"pyramid_build_s\": %.3f,\n"
           "  \"pyramid_build_max_s\": %.3f,\n"
           "  \"pyramid_build_gb_s\": %.2f,\n"
           "  \"pyramid_mb\": %.1f,\n"
           "  \"query_points\": %u,\n"
           "  \"query_ms\": %.2f,\n"
           "  \"query_max_ms\": %.2f,\n"
           "  \"peak_rss_mib\": %.1f\n"
           "}\n",
           argv[1], n, cold ? "true" : "false", rounds,
           open_t.median, open_t.max,
           window_samples, window_t.median, window_t.max,
           frame_size, frame_t.median, frame_t.max,
           builds, build_t.median / 1e3, build_t.max / 1e3,
           n * sizeof (float) / (build_t.median / 1e3) / 1e9,
           melt_pyramid_get_memory_size (melt_recording_pyramid_get_pyramid (pyramid)) / 1e6,
           points->len, query_t.median, query_t.max,
           usage.ru_maxrss / 1024.0);

  melt_test_remove_tree (cache);
  return 0;

fail:
  g_printerr ("melt-bench-recording: %s\n", error->message);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 2 && g_str_equal (argv[1], "write"))
    return cmd_write (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "evict"))
    return cmd_evict (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "measure"))
    return cmd_measure (argc - 1, argv + 1);
  g_printerr ("usage: melt-bench-recording write|evict|measure …\n");
  return 2;
}
