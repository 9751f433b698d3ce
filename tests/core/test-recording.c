/* test-recording.c: MeltRecordingWriter writes a run, MeltRecording reads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run of three streams (one empty), two frame stacks and a handful of
 * events is written compressed, uncompressed and contiguous, with small
 * chunks and appends of an odd size so that every read crosses chunk
 * edges. Every read is compared with the values computed here, windows
 * and index lookups with a plain scan of the times. Reading never changes
 * a byte of the file.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <hdf5.h>
#include <math.h>
#include <string.h>

#include "melt-recording.h"
#include "melt-recording-private.h"
#include "melt-recording-writer.h"
#include "melt-test-shapes.h"

#define N_MOTION   50000
#define CHUNK      8192
#define APPEND     777
#define N_CHAMBER  (N_MOTION / 100)
#define COAX_H     16
#define COAX_W     24
#define N_COAX     50
#define THERM_H    8
#define THERM_W    8
#define N_THERM    5

typedef struct
{
  char  *dir;
  char  *path;
  GFile *file;
} Fixture;

typedef enum
{
  VARIANT_COMPRESSED,
  VARIANT_RAW,
  VARIANT_CONTIGUOUS,
  N_VARIANTS
} Variant;

/* The values written */

static double motion_time (guint64 i) { return 10.0 + (double) i * 0.001; }
static double motion_x (guint64 i) { return (float) (sin ((double) i * 0.01) * 50.0); }
static double motion_layer (guint64 i) { return (double) (i / 1000); }
static double motion_power (guint64 i) { return 1500.0 + 0.25 * (double) i; }
static double chamber_time (guint64 i) { return 10.0 + (double) i * 0.1; }
static double chamber_pressure (guint64 i) { return (float) (101325.0 - (double) i * 1.5); }
static double coax_time (guint64 k) { return 10.0025 + (double) k * 0.01; }
static double therm_time (guint64 k) { return 10.0 + (double) k * 0.5; }

static guint16
coax_pixel (guint64 k, guint r, guint c)
{
  return (guint16) ((k * 7 + r * 31 + c) & 0xffff);
}

static float
therm_pixel (guint64 k, guint r, guint c)
{
  return 300.0f + (float) k + 0.5f * (float) r + 0.25f * (float) c;
}

typedef struct
{
  double      time_s;
  const char *kind;
  const char *text;
} Ev;

/* In the order added; read back sorted by time, ties in this order */
static const Ev events_added[] = {
  { 10.0, MELT_EVENT_PHASE, MELT_PHASE_MICROGRAVITY },
  { 12.5, MELT_EVENT_LAYER_START, "layer 1" },
  { 10.0, MELT_EVENT_LAYER_START, "layer 0" },
  { 10.5, MELT_EVENT_BEAD_START, "bead 0" },
  { 11.0, MELT_EVENT_BEAD_STOP, "bead 0" },
  { 14.0, MELT_EVENT_COMMAND, "laser power 1400 W (ground command, é ✓)" },
  { 20.0, MELT_EVENT_PHASE, MELT_PHASE_REENTRY },
  { 9.0, MELT_EVENT_PHASE, MELT_PHASE_COAST },
  { 12.5, MELT_EVENT_FAULT, "" },
};

static const Ev events_sorted[] = {
  { 9.0, MELT_EVENT_PHASE, MELT_PHASE_COAST },
  { 10.0, MELT_EVENT_PHASE, MELT_PHASE_MICROGRAVITY },
  { 10.0, MELT_EVENT_LAYER_START, "layer 0" },
  { 10.5, MELT_EVENT_BEAD_START, "bead 0" },
  { 11.0, MELT_EVENT_BEAD_STOP, "bead 0" },
  { 12.5, MELT_EVENT_LAYER_START, "layer 1" },
  { 12.5, MELT_EVENT_FAULT, "" },
  { 14.0, MELT_EVENT_COMMAND, "laser power 1400 W (ground command, é ✓)" },
  { 20.0, MELT_EVENT_PHASE, MELT_PHASE_REENTRY },
};

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = melt_test_tmpdir_new ();
  f->path = g_build_filename (f->dir, "run.h5", NULL);
  f->file = g_file_new_for_path (f->path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  melt_test_tmpdir_remove (f->dir);
  g_clear_object (&f->file);
  g_free (f->path);
  g_free (f->dir);
}

static guint
count_dir_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
append_motion (MeltRecordingWriter *w,
               guint                stream,
               guint64              first,
               gsize                n)
{
  g_autofree double *t = g_new (double, n);
  g_autofree double *x = g_new (double, n);
  g_autofree double *layer = g_new (double, n);
  g_autofree double *power = g_new (double, n);
  const double *values[] = { x, layer, power };
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < n; i++)
    {
      t[i] = motion_time (first + i);
      x[i] = motion_x (first + i);
      layer[i] = motion_layer (first + i);
      power[i] = motion_power (first + i);
    }
  g_assert_true (melt_recording_writer_append (w, stream, n, t, values, &error));
  g_assert_no_error (error);
}

static void
write_run (Fixture *f,
           Variant  variant,
           guint64  n_motion)
{
  MeltRecordingWriterOptions options;
  g_autoptr(MeltRecordingWriter) w = NULL;
  g_autoptr(GError) error = NULL;
  gboolean contiguous = variant == VARIANT_CONTIGUOUS;
  guint motion, chamber, empty, coax, therm;

  melt_recording_writer_options_init (&options);
  options.compress = variant == VARIANT_COMPRESSED;
  options.contiguous = contiguous;
  options.chunk_samples = CHUNK;

  w = melt_recording_writer_new (f->file, &options, &error);
  g_assert_no_error (error);
  melt_recording_writer_set_run_id (w, "test-run-1");
  melt_recording_writer_set_platform (w, MELT_PLATFORM_SUBORBITAL);
  melt_recording_writer_set_simulated (w, TRUE);
  melt_recording_writer_set_material (w, "316L");

#define OK(call) G_STMT_START { g_assert_true (call); g_assert_no_error (error); } G_STMT_END

  OK (melt_recording_writer_add_stream (w, "motion", 1000, contiguous ? n_motion : 0, &motion, &error));
  OK (melt_recording_writer_add_channel (w, motion, "x", MELT_SAMPLE_FLOAT32, "mm", "x position", &error));
  OK (melt_recording_writer_add_channel (w, motion, "layer", MELT_SAMPLE_UINT32, "1", "layer index", &error));
  OK (melt_recording_writer_add_channel (w, motion, "power", MELT_SAMPLE_FLOAT64, "W", "laser power measured", &error));
  OK (melt_recording_writer_add_stream (w, "chamber", 10, contiguous ? N_CHAMBER : 0, &chamber, &error));
  OK (melt_recording_writer_add_channel (w, chamber, "pressure", MELT_SAMPLE_FLOAT32, "Pa", "chamber pressure", &error));
  OK (melt_recording_writer_add_stream (w, "empty", 0, 0, &empty, &error));
  OK (melt_recording_writer_add_channel (w, empty, "nothing", MELT_SAMPLE_INT16, "1", "never sampled", &error));
  OK (melt_recording_writer_add_frames (w, "coaxial", MELT_SAMPLE_UINT16, COAX_H, COAX_W, "1",
                                        "coaxial camera counts", 100, contiguous ? N_COAX : 0, &coax, &error));
  OK (melt_recording_writer_add_frames (w, "thermal", MELT_SAMPLE_FLOAT32, THERM_H, THERM_W, "K",
                                        "melt pool temperature", 2, contiguous ? N_THERM : 0, &therm, &error));

  /* interleaved, in odd blocks */
  for (guint64 i = 0; i < n_motion; i += APPEND)
    append_motion (w, motion, i, MIN (APPEND, n_motion - i));
  for (guint64 i = 0; i < N_CHAMBER; i++)
    {
      double t = chamber_time (i), p = chamber_pressure (i);
      const double *values[] = { &p };

      OK (melt_recording_writer_append (w, chamber, 1, &t, values, &error));
    }
  for (guint64 k = 0; k < N_COAX; k++)
    {
      guint16 pixels[COAX_H * COAX_W];

      for (guint r = 0; r < COAX_H; r++)
        for (guint c = 0; c < COAX_W; c++)
          pixels[r * COAX_W + c] = coax_pixel (k, r, c);
      OK (melt_recording_writer_append_frame (w, coax, coax_time (k), pixels, &error));
    }
  for (guint64 k = 0; k < N_THERM; k++)
    {
      float pixels[THERM_H * THERM_W];

      for (guint r = 0; r < THERM_H; r++)
        for (guint c = 0; c < THERM_W; c++)
          pixels[r * THERM_W + c] = therm_pixel (k, r, c);
      OK (melt_recording_writer_append_frame (w, therm, therm_time (k), pixels, &error));
    }
  for (guint i = 0; i < G_N_ELEMENTS (events_added); i++)
    OK (melt_recording_writer_add_event (w, events_added[i].time_s, events_added[i].kind,
                                         events_added[i].text, &error));
  OK (melt_recording_writer_finish (w, NULL, &error));
#undef OK

  /* no temporary file left */
  g_assert_cmpuint (count_dir_entries (f->dir), ==, 1);
}

static MeltRecording *
open_run (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  MeltRecording *rec = melt_recording_open (f->file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rec);
  return rec;
}

/* Round trip */

static void
check_layout (MeltRecording *rec,
              guint64        n_motion)
{
  const MeltRecordingStream *s;
  const MeltRecordingFrames *fr;
  const MeltRecordingEvent *events;
  gsize n_events;
  double start, end;

  g_assert_cmpstr (melt_recording_get_run_id (rec), ==, "test-run-1");
  g_assert_cmpint (melt_recording_get_platform (rec), ==, MELT_PLATFORM_SUBORBITAL);
  g_assert_true (melt_recording_get_simulated (rec));
  g_assert_cmpstr (melt_recording_get_material (rec), ==, "316L");
  g_assert_true (g_str_has_prefix (melt_recording_get_created_by (rec), "Meltline "));
  g_assert_null (melt_recording_get_process_json (rec));

  /* in the order written */
  g_assert_cmpuint (melt_recording_get_n_streams (rec), ==, 3);
  s = melt_recording_get_stream (rec, 0);
  g_assert_cmpstr (s->name, ==, "motion");
  g_assert_cmpfloat (s->rate_hz, ==, 1000);
  g_assert_cmpuint (s->n_samples, ==, n_motion);
  g_assert_cmpfloat (s->start_s, ==, motion_time (0));
  g_assert_cmpfloat (s->end_s, ==, motion_time (n_motion - 1));
  g_assert_cmpuint (s->n_channels, ==, 3);
  g_assert_cmpstr (s->channels[0].name, ==, "x");
  g_assert_cmpstr (s->channels[0].units, ==, "mm");
  g_assert_cmpstr (s->channels[0].long_name, ==, "x position");
  g_assert_cmpint (s->channels[0].type, ==, MELT_SAMPLE_FLOAT32);
  g_assert_cmpstr (s->channels[1].name, ==, "layer");
  g_assert_cmpint (s->channels[1].type, ==, MELT_SAMPLE_UINT32);
  g_assert_cmpstr (s->channels[2].name, ==, "power");
  g_assert_cmpstr (s->channels[2].units, ==, "W");
  g_assert_cmpint (s->channels[2].type, ==, MELT_SAMPLE_FLOAT64);
  g_assert_true (melt_recording_lookup_stream (rec, "motion") == s);
  g_assert_true (melt_recording_lookup_channel (rec, "motion", "power") == &s->channels[2]);
  g_assert_null (melt_recording_lookup_channel (rec, "motion", "time"));
  g_assert_null (melt_recording_lookup_stream (rec, "nope"));

  s = melt_recording_get_stream (rec, 1);
  g_assert_cmpstr (s->name, ==, "chamber");
  g_assert_cmpuint (s->n_samples, ==, N_CHAMBER);
  g_assert_cmpfloat (s->rate_hz, ==, 10);
  s = melt_recording_get_stream (rec, 2);
  g_assert_cmpstr (s->name, ==, "empty");
  g_assert_cmpuint (s->n_samples, ==, 0);
  g_assert_true (isnan (s->start_s) && isnan (s->end_s));
  g_assert_cmpuint (s->n_channels, ==, 1);
  g_assert_cmpint (s->channels[0].type, ==, MELT_SAMPLE_INT16);

  g_assert_cmpuint (melt_recording_get_n_frames (rec), ==, 2);
  fr = melt_recording_get_frames (rec, 0);
  g_assert_cmpstr (fr->name, ==, "coaxial");
  g_assert_cmpuint (fr->n_frames, ==, N_COAX);
  g_assert_cmpuint (fr->height, ==, COAX_H);
  g_assert_cmpuint (fr->width, ==, COAX_W);
  g_assert_cmpint (fr->type, ==, MELT_SAMPLE_UINT16);
  g_assert_cmpstr (fr->units, ==, "1");
  g_assert_cmpfloat (fr->rate_hz, ==, 100);
  g_assert_cmpfloat (fr->start_s, ==, coax_time (0));
  g_assert_cmpfloat (fr->end_s, ==, coax_time (N_COAX - 1));
  fr = melt_recording_lookup_frames (rec, "thermal");
  g_assert_nonnull (fr);
  g_assert_cmpint (fr->type, ==, MELT_SAMPLE_FLOAT32);
  g_assert_cmpstr (fr->units, ==, "K");

  events = melt_recording_get_events (rec, &n_events);
  g_assert_cmpuint (n_events, ==, G_N_ELEMENTS (events_sorted));
  for (gsize i = 0; i < n_events; i++)
    {
      g_assert_cmpfloat (events[i].time_s, ==, events_sorted[i].time_s);
      g_assert_cmpstr (events[i].kind, ==, events_sorted[i].kind);
      g_assert_cmpstr (events[i].text, ==, events_sorted[i].text);
    }

  g_assert_true (melt_recording_get_time_span (rec, &start, &end));
  g_assert_cmpfloat (start, ==, 9.0);
  g_assert_cmpfloat (end, ==, MAX (chamber_time (N_CHAMBER - 1), motion_time (n_motion - 1)));
}

static void
check_values (MeltRecording *rec,
              guint64        n)
{
  gsize size = MAX (n, N_CHAMBER);
  g_autofree double *t = g_new (double, size);
  g_autofree double *v = g_new (double, size);
  g_autofree float *fl = g_new (float, size);
  g_autoptr(GError) error = NULL;
  double (*expected[]) (guint64) = { motion_x, motion_layer, motion_power };
  const char *names[] = { "x", "layer", "power" };

  for (guint c = 0; c < G_N_ELEMENTS (names); c++)
    {
      g_assert_true (melt_recording_read_range (rec, "motion", names[c], 0, n, t, v, &error));
      g_assert_no_error (error);
      for (guint64 i = 0; i < n; i++)
        {
          if (t[i] != motion_time (i) || v[i] != expected[c] (i))
            g_error ("%s[%" G_GUINT64_FORMAT "]: read %.17g at %.17g, wrote %.17g at %.17g",
                     names[c], i, v[i], t[i], expected[c] (i), motion_time (i));
        }
      g_assert_true (melt_recording_read_samples (rec, "motion", names[c], 0, n, fl, &error));
      g_assert_no_error (error);
      for (guint64 i = 0; i < n; i++)
        g_assert_cmpfloat (fl[i], ==, (float) expected[c] (i));
    }

  /* a range in the middle, crossing a chunk edge; times alone */
  if (n > 2 * CHUNK + 4)
    {
  g_assert_true (melt_recording_read_range (rec, "motion", NULL, CHUNK - 5, 10, t, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpfloat (t[i], ==, motion_time (CHUNK - 5 + i));
  g_assert_true (melt_recording_read_samples (rec, "motion", "x", 2 * CHUNK - 3, 7, fl, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 7; i++)
    g_assert_cmpfloat (fl[i], ==, (float) motion_x (2 * CHUNK - 3 + i));
    }

  g_assert_true (melt_recording_read_range (rec, "chamber", "pressure", 0, N_CHAMBER, t, v, &error));
  g_assert_no_error (error);
  for (guint64 i = 0; i < N_CHAMBER; i++)
    {
      g_assert_cmpfloat (t[i], ==, chamber_time (i));
      g_assert_cmpfloat (v[i], ==, chamber_pressure (i));
    }

  /* the empty stream reads nothing, and nothing past the end */
  g_assert_true (melt_recording_read_range (rec, "empty", "nothing", 0, 0, t, v, &error));
  g_assert_no_error (error);
  g_assert_false (melt_recording_read_range (rec, "motion", "x", n - 2, 3, t, v, &error));
  g_assert_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (melt_recording_read_range (rec, "motion", "y", 0, 1, t, v, &error));
  g_assert_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“y”"));
  g_clear_error (&error);
  g_assert_false (melt_recording_read_range (rec, "nope", "x", 0, 1, t, v, &error));
  g_assert_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (melt_recording_verify (rec, NULL, &error));
  g_assert_no_error (error);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  for (guint v = 0; v < N_VARIANTS; v++)
    {
      g_autoptr(MeltRecording) rec = NULL;
      hid_t file, dataset, dcpl;

      g_test_message ("variant %u", v);
      write_run (f, v, N_MOTION);

      /* the layout asked for */
      file = H5Fopen (f->path, H5F_ACC_RDONLY, H5P_DEFAULT);
      dataset = H5Dopen2 (file, "/streams/motion/x", H5P_DEFAULT);
      dcpl = H5Dget_create_plist (dataset);
      g_assert_cmpint (H5Pget_layout (dcpl), ==, v == VARIANT_CONTIGUOUS ? H5D_CONTIGUOUS : H5D_CHUNKED);
      g_assert_cmpint (H5Pget_nfilters (dcpl), ==, v == VARIANT_COMPRESSED ? 2 : 0);
      if (v != VARIANT_CONTIGUOUS)
        {
          hsize_t chunk = 0;

          g_assert_cmpint (H5Pget_chunk (dcpl, 1, &chunk), ==, 1);
          g_assert_cmpuint (chunk, ==, CHUNK);
        }
      H5Pclose (dcpl);
      H5Dclose (dataset);
      dataset = H5Dopen2 (file, "/frames/coaxial/data", H5P_DEFAULT);
      dcpl = H5Dget_create_plist (dataset);
      if (v != VARIANT_CONTIGUOUS)
        {
          hsize_t chunk[3] = { 0 };

          g_assert_cmpint (H5Pget_chunk (dcpl, 3, chunk), ==, 3);
          g_assert_cmpuint (chunk[0], ==, 1);
          g_assert_cmpuint (chunk[1], ==, COAX_H);
          g_assert_cmpuint (chunk[2], ==, COAX_W);
        }
      H5Pclose (dcpl);
      H5Dclose (dataset);
      H5Fclose (file);

      rec = open_run (f);
      check_layout (rec, N_MOTION);
      check_values (rec, N_MOTION);
    }
}

/* A stream of exactly one chunk, of one sample, and a run without streams */
static void
test_small (Fixture       *f,
            gconstpointer  data)
{
  guint64 sizes[] = { CHUNK, 1, 2, CHUNK + 1 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint v = 0; v < N_VARIANTS; v++)
      {
        g_autoptr(MeltRecording) rec = NULL;
        g_autoptr(GError) error = NULL;
        double value;
        guint64 index;

        write_run (f, v, sizes[i]);
        rec = open_run (f);
        check_layout (rec, sizes[i]);
        check_values (rec, sizes[i]);
        g_assert_true (melt_recording_value_at (rec, "motion", "power", 1e9, &value, &index, &error));
        g_assert_cmpuint (index, ==, sizes[i] - 1);
        g_assert_cmpfloat (value, ==, motion_power (sizes[i] - 1));
      }

  {
    g_autoptr(MeltRecordingWriter) w = melt_recording_writer_new (f->file, NULL, NULL);
    g_autoptr(MeltRecording) rec = NULL;
    g_autoptr(GError) error = NULL;
    gsize n;

    g_assert_true (melt_recording_writer_finish (w, NULL, &error));
    g_assert_no_error (error);
    rec = open_run (f);
    g_assert_cmpuint (melt_recording_get_n_streams (rec), ==, 0);
    g_assert_cmpuint (melt_recording_get_n_frames (rec), ==, 0);
    melt_recording_get_events (rec, &n);
    g_assert_cmpuint (n, ==, 0);
    g_assert_false (melt_recording_get_time_span (rec, NULL, NULL));
    g_assert_cmpint (melt_recording_get_platform (rec), ==, MELT_PLATFORM_GROUND);
    g_assert_false (melt_recording_get_simulated (rec));
    g_assert_cmpuint (strlen (melt_recording_get_run_id (rec)), ==, 36);
    g_assert_null (melt_recording_get_phase_at (rec, 0));
  }
}

/* Windows and lookups, against a scan of the times */

static void
check_window (MeltRecording *rec,
              double         a,
              double         b,
              guint64        n)
{
  g_autofree double *t = NULL;
  g_autofree double *v = NULL;
  g_autoptr(GError) error = NULL;
  guint64 first = n, count = 0;
  gsize got;

  for (guint64 i = 0; i < n; i++)
    if (motion_time (i) >= a && motion_time (i) <= b)
      {
        if (first == n)
          first = i;
        count++;
      }

  g_assert_true (melt_recording_read_window (rec, "motion", "x", a, b, &t, &v, &got, &error));
  g_assert_no_error (error);
  if (got != count)
    g_error ("window [%.17g, %.17g]: %" G_GSIZE_FORMAT " samples, expected %" G_GUINT64_FORMAT,
             a, b, got, count);
  for (gsize i = 0; i < got; i++)
    {
      g_assert_cmpfloat (t[i], ==, motion_time (first + i));
      g_assert_cmpfloat (v[i], ==, motion_x (first + i));
    }
  if (got == 0)
    g_assert_true (t == NULL && v == NULL);
}

static void
test_windows (Fixture       *f,
              gconstpointer  data)
{
  for (guint variant = 0; variant < N_VARIANTS; variant++)
    {
      g_autoptr(MeltRecording) rec = NULL;
      g_autoptr(GRand) rand = g_rand_new_with_seed (42);
      double last = motion_time (N_MOTION - 1);

      write_run (f, variant, N_MOTION);
      rec = open_run (f);

      /* across chunk edges: exactly on samples and between them */
      for (guint k = 1; k <= 5; k++)
        {
          guint64 edge = (guint64) k * CHUNK;

          if (edge >= N_MOTION)
            break;
          check_window (rec, motion_time (edge - 2), motion_time (edge + 2), N_MOTION);
          check_window (rec, motion_time (edge - 1), motion_time (edge), N_MOTION);
          check_window (rec, motion_time (edge) - 0.0005, motion_time (edge) + 0.0005, N_MOTION);
          check_window (rec, motion_time (edge - 1) + 0.0001, motion_time (edge) - 0.0001, N_MOTION);
          check_window (rec, motion_time (edge), motion_time (edge), N_MOTION);
        }
      /* the ends */
      check_window (rec, 0, motion_time (3), N_MOTION);
      check_window (rec, -100, 9.9999, N_MOTION);
      check_window (rec, motion_time (0), motion_time (0), N_MOTION);
      check_window (rec, last - 0.003, last, N_MOTION);
      check_window (rec, last, 1e9, N_MOTION);
      check_window (rec, last + 0.0001, 1e9, N_MOTION);
      check_window (rec, -1e9, 1e9, N_MOTION);
      /* backwards: nothing */
      check_window (rec, 12, 11, N_MOTION);

      for (guint i = 0; i < 200; i++)
        {
          double a = g_rand_double_range (rand, 9.5, last + 0.5);
          double b = a + g_rand_double_range (rand, 0, 3);

          check_window (rec, a, b, N_MOTION);
        }
    }
}

static void
test_index (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(MeltRecording) rec = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  double last = motion_time (N_MOTION - 1);
  guint64 index;

  write_run (f, VARIANT_COMPRESSED, N_MOTION);
  rec = open_run (f);

  for (guint i = 0; i < 500; i++)
    {
      double t = g_rand_double_range (rand, 9.9, last + 0.1);
      guint64 after = MELT_RECORDING_NO_INDEX, before = MELT_RECORDING_NO_INDEX;

      if (i % 3 == 0)
        t = motion_time (g_rand_int_range (rand, 0, N_MOTION));
      for (guint64 k = 0; k < N_MOTION; k++)
        if (motion_time (k) >= t)
          {
            after = k;
            break;
          }
      for (guint64 k = N_MOTION; k > 0; k--)
        if (motion_time (k - 1) <= t)
          {
            before = k - 1;
            break;
          }
      g_assert_true (melt_recording_index_at_or_after (rec, "motion", t, &index, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (index, ==, after);
      g_assert_true (melt_recording_index_at_or_before (rec, "motion", t, &index, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (index, ==, before);
    }

  g_assert_true (melt_recording_index_at_or_before (rec, "motion", 9.0, &index, &error));
  g_assert_cmpuint (index, ==, MELT_RECORDING_NO_INDEX);
  g_assert_true (melt_recording_index_at_or_after (rec, "motion", last + 1, &index, &error));
  g_assert_cmpuint (index, ==, MELT_RECORDING_NO_INDEX);
  g_assert_true (melt_recording_index_at_or_after (rec, "motion", last, &index, &error));
  g_assert_cmpuint (index, ==, N_MOTION - 1);
  g_assert_true (melt_recording_index_at_or_before (rec, "motion", motion_time (0), &index, &error));
  g_assert_cmpuint (index, ==, 0);
  g_assert_true (melt_recording_index_at_or_after (rec, "empty", 10, &index, &error));
  g_assert_cmpuint (index, ==, MELT_RECORDING_NO_INDEX);
  g_assert_true (melt_recording_index_at_or_before (rec, "empty", 10, &index, &error));
  g_assert_cmpuint (index, ==, MELT_RECORDING_NO_INDEX);
  g_assert_no_error (error);

  g_assert_false (melt_recording_index_at_or_after (rec, "nope", 10, &index, &error));
  g_assert_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_NOT_FOUND);
}

static void
test_sample_and_hold (Fixture       *f,
                      gconstpointer  data)
{
  for (guint variant = 0; variant < N_VARIANTS; variant++)
    {
      g_autoptr(MeltRecording) rec = NULL;
      g_autoptr(GError) error = NULL;
      double value;
      guint64 index;

      write_run (f, variant, N_MOTION);
      rec = open_run (f);

      /* exactly at a sample: that sample */
      g_assert_true (melt_recording_value_at (rec, "motion", "power", motion_time (5), &value, &index, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (index, ==, 5);
      g_assert_cmpfloat (value, ==, motion_power (5));
      g_assert_true (melt_recording_value_at (rec, "motion", "x", motion_time (CHUNK), &value, &index, &error));
      g_assert_cmpuint (index, ==, CHUNK);
      g_assert_cmpfloat (value, ==, motion_x (CHUNK));

      /* between samples: the one before, held */
      g_assert_true (melt_recording_value_at (rec, "motion", "power", motion_time (5) + 0.0009, &value, &index, &error));
      g_assert_cmpuint (index, ==, 5);
      g_assert_cmpfloat (value, ==, motion_power (5));
      g_assert_true (melt_recording_value_at (rec, "motion", "x", motion_time (CHUNK) - 0.0001, &value, &index, &error));
      g_assert_cmpuint (index, ==, CHUNK - 1);
      g_assert_cmpfloat (value, ==, motion_x (CHUNK - 1));
      g_assert_true (melt_recording_value_at (rec, "chamber", "pressure", 10.25, &value, &index, &error));
      g_assert_cmpuint (index, ==, 2);
      g_assert_cmpfloat (value, ==, chamber_pressure (2));

      /* before the first: nothing, not an error */
      g_assert_true (melt_recording_value_at (rec, "motion", "power", 9.9995, &value, &index, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (index, ==, MELT_RECORDING_NO_INDEX);
      g_assert_true (isnan (value));
      g_assert_true (melt_recording_value_at (rec, "empty", "nothing", 11, &value, &index, &error));
      g_assert_cmpuint (index, ==, MELT_RECORDING_NO_INDEX);
      g_assert_true (isnan (value));

      /* after the last: the last, held */
      g_assert_true (melt_recording_value_at (rec, "motion", "layer", 1e6, &value, &index, &error));
      g_assert_cmpuint (index, ==, N_MOTION - 1);
      g_assert_cmpfloat (value, ==, motion_layer (N_MOTION - 1));
      g_assert_no_error (error);
    }
}

static void
test_frames (Fixture       *f,
             gconstpointer  data)
{
  for (guint variant = 0; variant < N_VARIANTS; variant++)
    {
      g_autoptr(MeltRecording) rec = NULL;
      g_autoptr(GError) error = NULL;
      guint16 coax[COAX_H * COAX_W];
      g_autofree float *therm = NULL;
      guint64 index;
      double t;
      gsize size = 0;

      write_run (f, variant, 1000);
      rec = open_run (f);

      for (guint64 k = 0; k < N_COAX; k++)
        {
          /* exactly at the frame, and just before the next: this frame */
          g_assert_true (melt_recording_frame_index_at (rec, "coaxial", coax_time (k), &index, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (index, ==, k);
          g_assert_true (melt_recording_frame_index_at (rec, "coaxial", coax_time (k) + 0.0099, &index, &error));
          g_assert_cmpuint (index, ==, k);
          g_assert_true (melt_recording_get_frame_time (rec, "coaxial", k, &t, &error));
          g_assert_cmpfloat (t, ==, coax_time (k));

          g_assert_true (melt_recording_read_frame (rec, "coaxial", k, coax, sizeof coax, &error));
          g_assert_no_error (error);
          for (guint r = 0; r < COAX_H; r++)
            for (guint c = 0; c < COAX_W; c++)
              g_assert_cmpuint (coax[r * COAX_W + c], ==, coax_pixel (k, r, c));
        }
      /* before the first frame, after the last */
      g_assert_true (melt_recording_frame_index_at (rec, "coaxial", coax_time (0) - 0.001, &index, &error));
      g_assert_cmpuint (index, ==, MELT_RECORDING_NO_INDEX);
      g_assert_true (melt_recording_frame_index_at (rec, "coaxial", 1e9, &index, &error));
      g_assert_cmpuint (index, ==, N_COAX - 1);

      g_assert_true (melt_recording_frame_index_at (rec, "thermal", 11.2, &index, &error));
      g_assert_cmpuint (index, ==, 2);
      therm = melt_recording_dup_frame (rec, "thermal", index, &size, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (size, ==, THERM_H * THERM_W * sizeof (float));
      for (guint r = 0; r < THERM_H; r++)
        for (guint c = 0; c < THERM_W; c++)
          g_assert_cmpfloat (therm[r * THERM_W + c], ==, therm_pixel (2, r, c));

      g_assert_false (melt_recording_read_frame (rec, "coaxial", N_COAX, coax, sizeof coax, &error));
      g_assert_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_NOT_FOUND);
      g_clear_error (&error);
      g_assert_null (melt_recording_dup_frame (rec, "side", 0, NULL, &error));
      g_assert_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_NOT_FOUND);
    }
}

static void
test_events (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(MeltRecording) rec = NULL;
  const MeltRecordingEvent *e;
  gsize n;

  write_run (f, VARIANT_RAW, 1000);
  rec = open_run (f);

  e = melt_recording_get_events_in_window (rec, 10.0, 12.5, &n);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpstr (e[0].text, ==, MELT_PHASE_MICROGRAVITY);
  g_assert_cmpstr (e[5].kind, ==, MELT_EVENT_FAULT);
  e = melt_recording_get_events_in_window (rec, 10.2, 10.9, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (e[0].kind, ==, MELT_EVENT_BEAD_START);
  e = melt_recording_get_events_in_window (rec, 15, 19, &n);
  g_assert_cmpuint (n, ==, 0);
  g_assert_null (e);
  e = melt_recording_get_events_in_window (rec, -1e9, 1e9, &n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (events_sorted));
  e = melt_recording_get_events_in_window (rec, 20, 20, &n);
  g_assert_cmpuint (n, ==, 1);
  e = melt_recording_get_events_in_window (rec, 13, 12, &n);
  g_assert_cmpuint (n, ==, 0);

  /* flight phases */
  g_assert_null (melt_recording_get_phase_at (rec, 8.9));
  g_assert_cmpstr (melt_recording_get_phase_at (rec, 9.0), ==, MELT_PHASE_COAST);
  g_assert_cmpstr (melt_recording_get_phase_at (rec, 9.99), ==, MELT_PHASE_COAST);
  g_assert_cmpstr (melt_recording_get_phase_at (rec, 10.0), ==, MELT_PHASE_MICROGRAVITY);
  g_assert_cmpstr (melt_recording_get_phase_at (rec, 19.0), ==, MELT_PHASE_MICROGRAVITY);
  g_assert_cmpstr (melt_recording_get_phase_at (rec, 25.0), ==, MELT_PHASE_REENTRY);
}

static void
test_process (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(MeltProcess) process = melt_process_new (MELT_PROCESS_KIND_EBEAM_WIRE);
  g_autoptr(MeltRecordingWriter) w = NULL;
  g_autoptr(MeltRecording) rec = NULL;
  g_autoptr(MeltProcess) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;

  melt_process_set_platform (process, MELT_PLATFORM_ORBITAL);
  json = melt_process_to_json (process, NULL);
  w = melt_recording_writer_new (f->file, NULL, &error);
  g_assert_no_error (error);
  melt_recording_writer_set_process (w, process);
  g_assert_true (melt_recording_writer_finish (w, NULL, &error));
  g_assert_no_error (error);

  rec = open_run (f);
  g_assert_cmpstr (melt_recording_get_process_json (rec), ==, json);
  g_assert_cmpint (melt_recording_get_platform (rec), ==, MELT_PLATFORM_ORBITAL);
  g_assert_cmpstr (melt_recording_get_material (rec), ==, melt_process_get_material (process));
  loaded = melt_recording_load_process (rec, &error);
  g_assert_no_error (error);
  json2 = melt_process_to_json (loaded, NULL);
  g_assert_cmpstr (json, ==, json2);
}

/* Reading never writes */

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static void
read_everything (Fixture *f)
{
  g_autoptr(MeltRecording) rec = open_run (f);
  g_autoptr(GError) error = NULL;
  g_autofree double *t = NULL;
  g_autofree double *v = NULL;
  g_autofree float *fl = g_new (float, 100);
  g_autofree guint16 *frame = NULL;
  double times[100], values[100], value;
  guint64 index;
  gsize n;

  g_assert_true (melt_recording_read_window (rec, "motion", "x", 11, 12, &t, &v, &n, &error));
  g_assert_true (melt_recording_read_range (rec, "motion", "power", 50, 100, times, values, &error));
  g_assert_true (melt_recording_read_samples (rec, "motion", "layer", 10, 100, fl, &error));
  g_assert_true (melt_recording_value_at (rec, "chamber", "pressure", 12, &value, &index, &error));
  g_assert_true (melt_recording_index_at_or_after (rec, "motion", 13, &index, &error));
  g_assert_true (melt_recording_index_at_or_before (rec, "motion", 13, &index, &error));
  g_assert_true (melt_recording_frame_index_at (rec, "coaxial", 10.1, &index, &error));
  g_assert_true (melt_recording_get_frame_time (rec, "coaxial", index, &value, &error));
  frame = melt_recording_dup_frame (rec, "coaxial", index, NULL, &error);
  g_assert_nonnull (frame);
  melt_recording_get_events_in_window (rec, 10, 12, &n);
  melt_recording_get_phase_at (rec, 11);
  g_assert_true (melt_recording_verify (rec, NULL, &error));
  g_assert_no_error (error);
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  for (guint variant = 0; variant < N_VARIANTS; variant++)
    {
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      GStatBuf st_before, st_after;

      write_run (f, variant, N_MOTION);
      before = file_sha256 (f->path);
      g_assert_cmpint (g_stat (f->path, &st_before), ==, 0);

      read_everything (f);
      after = file_sha256 (f->path);
      g_assert_cmpstr (before, ==, after);

      /* a read-only file opens and reads the same */
      g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
      read_everything (f);
      g_clear_pointer (&after, g_free);
      after = file_sha256 (f->path);
      g_assert_cmpstr (before, ==, after);
      g_assert_cmpint (g_stat (f->path, &st_after), ==, 0);
      g_assert_cmpint (st_before.st_mtime, ==, st_after.st_mtime);
      g_assert_cmpint (g_chmod (f->path, 0644), ==, 0);
    }
}

/* Atomic saves */

static void
test_atomic (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint stream;

  write_run (f, VARIANT_RAW, 1000);
  before = file_sha256 (f->path);

  /* aborted: the temporary file goes, the old file stays */
  {
    g_autoptr(MeltRecordingWriter) w = melt_recording_writer_new (f->file, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (count_dir_entries (f->dir), ==, 2);
    g_assert_true (melt_recording_writer_add_stream (w, "motion", 1000, 0, &stream, &error));
    append_motion (w, stream, 0, 100);
    melt_recording_writer_abort (w);
    g_assert_cmpuint (count_dir_entries (f->dir), ==, 1);
    /* nothing more after that */
    g_assert_false (melt_recording_writer_finish (w, NULL, &error));
    g_assert_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_IO);
    g_clear_error (&error);
  }
  /* dropped without finishing */
  {
    g_autoptr(MeltRecordingWriter) w = melt_recording_writer_new (f->file, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (melt_recording_writer_add_stream (w, "motion", 1000, 0, &stream, &error));
    append_motion (w, stream, 0, 100000);
  }
  g_assert_cmpuint (count_dir_entries (f->dir), ==, 1);
  /* cancelled */
  {
    g_autoptr(MeltRecordingWriter) w = melt_recording_writer_new (f->file, NULL, &error);

    g_assert_no_error (error);
    g_cancellable_cancel (cancellable);
    g_assert_false (melt_recording_writer_finish (w, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }
  g_assert_cmpuint (count_dir_entries (f->dir), ==, 1);
  after = file_sha256 (f->path);
  g_assert_cmpstr (before, ==, after);

  /* a directory that does not exist: an error naming the file */
  {
    g_autoptr(GFile) nowhere = g_file_new_build_filename (f->dir, "no-such-dir", "run.h5", NULL);
    g_autoptr(MeltRecordingWriter) w = melt_recording_writer_new (nowhere, NULL, &error);

    g_assert_null (w);
    g_assert_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "no-such-dir"));
  }
}

/* Lookups read a few chunks of `time`, not the whole run */
static void
test_blocks (Fixture       *f,
             gconstpointer  data)
{
  const guint64 n = 1000000;   /* 123 chunks of 8192 */
  g_autoptr(MeltRecording) rec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *t = NULL;
  g_autofree double *v = NULL;
  guint64 before, after;
  gsize got;

  write_run (f, VARIANT_COMPRESSED, n);
  rec = open_run (f);
  g_assert_cmpuint (_melt_recording_get_blocks_read (rec), ==, 0);

  g_assert_true (melt_recording_read_window (rec, "motion", "x", 500.0, 501.0, &t, &v, &got, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (got, ==, 1001);
  after = _melt_recording_get_blocks_read (rec);
  g_test_message ("a 1-second window of %" G_GUINT64_FORMAT " samples read %" G_GUINT64_FORMAT
                  " blocks of time", n, after);
  /* a binary search over 123 blocks for each end, sharing the first steps */
  g_assert_cmpuint (after, <=, 2 * 8);

  /* the next second: blocks kept from the last search */
  before = after;
  g_clear_pointer (&t, g_free);
  g_clear_pointer (&v, g_free);
  g_assert_true (melt_recording_read_window (rec, "motion", "x", 501.0, 502.0, &t, &v, &got, &error));
  after = _melt_recording_get_blocks_read (rec);
  g_assert_cmpuint (after - before, <=, 4);
}

/* HDF5 keeps a cache of whole chunks only where they are filtered: a read
 * from a raw chunk takes just the selected bytes (a plot's few thousand
 * scattered times would otherwise read every chunk of the run) */
static void
test_chunk_cache (Fixture       *f,
                  gconstpointer  data)
{
  const Variant variants[] = { VARIANT_RAW, VARIANT_COMPRESSED, VARIANT_CONTIGUOUS };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(MeltRecording) rec = NULL;
      gsize size;

      write_run (f, variants[i], 5 * CHUNK + 17);
      rec = open_run (f);
      size = _melt_recording_get_cache_size (rec, "motion", NULL);
      g_test_message ("variant %u: time chunk cache %" G_GSIZE_FORMAT " bytes", variants[i], size);
      if (variants[i] == VARIANT_COMPRESSED)
        /* a few chunks of CHUNK float64, and at least HDF5's 1 MiB */
        g_assert_cmpuint (size, ==, MAX (4 * CHUNK * sizeof (double), 1024 * 1024));
      else if (variants[i] == VARIANT_RAW)
        g_assert_cmpuint (size, ==, 0);
      else
        g_assert_cmpuint (size, !=, G_MAXSIZE);
      g_assert_cmpuint (_melt_recording_get_cache_size (rec, "no-such-stream", NULL), ==, G_MAXSIZE);
    }
}

/* -m perf: a 10 M-sample stream at 1 kHz; a 1-second window well under
 * 50 ms */
static void
test_perf_window (Fixture       *f,
                  gconstpointer  data)
{
  const guint64 n = 10000000;
  const gsize block = 1000000;
  g_autoptr(MeltRecordingWriter) w = NULL;
  g_autoptr(MeltRecording) rec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *t = g_new (double, block);
  g_autofree double *x = g_new (double, block);
  g_autofree double *wt = NULL;
  g_autofree double *wv = NULL;
  const double *values[] = { x };
  double elapsed, open_time;
  guint stream;
  gsize got;

  if (!g_test_perf ())
    {
      g_test_skip ("a performance test: run with -m perf");
      return;
    }

  g_test_timer_start ();
  w = melt_recording_writer_new (f->file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (melt_recording_writer_add_stream (w, "pyrometer", 1000, 0, &stream, &error));
  g_assert_true (melt_recording_writer_add_channel (w, stream, "temperature", MELT_SAMPLE_FLOAT32,
                                                    "K", "melt pool temperature", &error));
  for (guint64 first = 0; first < n; first += block)
    {
      for (gsize i = 0; i < block; i++)
        {
          t[i] = (double) (first + i) * 0.001;
          x[i] = 1800.0 + 100.0 * sin ((double) (first + i) * 0.001);
        }
      g_assert_true (melt_recording_writer_append (w, stream, block, t, values, &error));
    }
  g_assert_true (melt_recording_writer_finish (w, NULL, &error));
  g_assert_no_error (error);
  g_test_minimized_result (g_test_timer_elapsed (), "wrote 10 M samples in %.2f s",
                           g_test_timer_elapsed ());

  g_test_timer_start ();
  rec = open_run (f);
  open_time = g_test_timer_elapsed ();
  g_test_timer_start ();
  g_assert_true (melt_recording_read_window (rec, "pyrometer", "temperature", 6543.0, 6544.0,
                                             &wt, &wv, &got, &error));
  elapsed = g_test_timer_elapsed ();
  g_assert_no_error (error);
  g_assert_cmpuint (got, ==, 1001);
  g_test_minimized_result (elapsed * 1000, "open %.2f ms, 1-second window %.2f ms (%" G_GUINT64_FORMAT
                           " blocks of time read)", open_time * 1000, elapsed * 1000,
                           _melt_recording_get_blocks_read (rec));
  g_assert_cmpfloat (elapsed, <, 0.050);
  g_assert_cmpfloat (open_time, <, 0.050);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);

#define ADD(path, func) \
  g_test_add ("/core/recording/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("round-trip", test_round_trip);
  ADD ("small", test_small);
  ADD ("windows", test_windows);
  ADD ("index", test_index);
  ADD ("sample-and-hold", test_sample_and_hold);
  ADD ("frames", test_frames);
  ADD ("events", test_events);
  ADD ("process", test_process);
  ADD ("read-only", test_read_only);
  ADD ("atomic", test_atomic);
  ADD ("blocks", test_blocks);
  ADD ("chunk-cache", test_chunk_cache);
  ADD ("perf-window", test_perf_window);

#undef ADD

  return g_test_run ();
}
