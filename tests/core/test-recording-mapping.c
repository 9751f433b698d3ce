/* test-recording-mapping.c: HDF5 files of other layouts, read through a
 * mapping file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes a "foreign" file with the HDF5 C API, as an h5py script would:
 * int64 microsecond times, float32 and int16 channels in another group, a
 * 2-D dataset read by columns, a uint16 N×H×W image stack with uint32
 * millisecond times, events. Then reads it through a mapping and checks
 * every read path against the arrays written (times converted exactly),
 * that every bad mapping gets an error naming the mapping and the JSON
 * path (and, for datasets, the HDF5 file and dataset), and that the file's
 * bytes never change.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <hdf5.h>
#include <math.h>
#include <string.h>

#include "melt-recording.h"
#include "melt-recording-mapping.h"
#include "melt-recording-private.h"

#define N        5000     /* samples: several blocks of `time` */
#define CHUNK    512
#define N_COLS   3
#define N_FRAMES 6
#define FRAME_H  4
#define FRAME_W  5
#define N_EVENTS 3

static gint64  raw_time (guint64 i) { return G_GINT64_CONSTANT (1000000) + (gint64) i * 1500; }
static double  seconds (guint64 i) { return (double) raw_time (i) / 1e6; }
static float   temperature (guint64 i) { return 300.0f + (float) i * 0.25f; }
static gint16  pressure (guint64 i) { return (gint16) ((gint64) (i % 2000) - 1000); }
static double  imu (guint64 i, guint col) { return (double) i * 10.0 + col; }
static guint32 frame_ms (guint k) { return 1000 + k * 10; }
static guint16 pixel (guint k, guint r, guint c) { return (guint16) (k * 100 + r * FRAME_W + c); }

typedef struct
{
  char *dir;
  char *h5;
  char *mapping;
} Fixture;

/* Writing the foreign file */

static void
write_dataset (hid_t        file,
               const char  *path,
               hid_t        file_type,
               hid_t        memory_type,
               int          rank,
               const hsize_t *dims,
               const void  *data)
{
  hid_t lcpl = H5Pcreate (H5P_LINK_CREATE);
  hid_t dcpl = H5Pcreate (H5P_DATASET_CREATE);
  hid_t space = H5Screate_simple (rank, dims, NULL);
  hid_t dataset;

  H5Pset_create_intermediate_group (lcpl, 1);
  if (rank <= 2 && dims[0] > CHUNK)
    {
      hsize_t chunk[2] = { CHUNK, rank == 2 ? dims[1] : 1 };

      H5Pset_chunk (dcpl, rank, chunk);
    }
  dataset = H5Dcreate2 (file, path, file_type, space, lcpl, dcpl, H5P_DEFAULT);
  g_assert_cmpint (dataset, >=, 0);
  g_assert_cmpint (H5Dwrite (dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), >=, 0);
  H5Dclose (dataset);
  H5Sclose (space);
  H5Pclose (dcpl);
  H5Pclose (lcpl);
}

static void
write_string_attr (hid_t       file,
                   const char *object,
                   const char *name,
                   const char *value)
{
  hid_t type = H5Tcopy (H5T_C_S1);
  hid_t space = H5Screate (H5S_SCALAR);
  hid_t attr;

  H5Tset_size (type, strlen (value));
  attr = H5Acreate_by_name (file, object, name, type, space, H5P_DEFAULT, H5P_DEFAULT,
                            H5P_DEFAULT);
  g_assert_cmpint (attr, >=, 0);
  g_assert_cmpint (H5Awrite (attr, type, value), >=, 0);
  H5Aclose (attr);
  H5Sclose (space);
  H5Tclose (type);
}

static void
write_strings (hid_t              file,
               const char        *path,
               const char * const *values,
               hsize_t            n)
{
  hid_t type = H5Tcopy (H5T_C_S1);
  hid_t space = H5Screate_simple (1, &n, NULL);
  hid_t dataset;

  H5Tset_size (type, H5T_VARIABLE);
  H5Tset_cset (type, H5T_CSET_UTF8);
  dataset = H5Dcreate2 (file, path, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (dataset, >=, 0);
  g_assert_cmpint (H5Dwrite (dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), >=, 0);
  H5Dclose (dataset);
  H5Sclose (space);
  H5Tclose (type);
}

static void
write_foreign (const char *path)
{
  g_autofree gint64 *t = g_new (gint64, N);
  g_autofree gint64 *t_back = g_new (gint64, N);
  g_autofree gint64 *t_dip = g_new (gint64, N);
  g_autofree float *temp = g_new (float, N);
  g_autofree gint16 *press = g_new (gint16, N);
  g_autofree double *cols = g_new (double, N * N_COLS);
  g_autofree guint16 *stack = g_new (guint16, N_FRAMES * FRAME_H * FRAME_W);
  guint32 frame_t[N_FRAMES];
  double event_t[N_EVENTS] = { 2.0, 1.5, 3.0 };   /* out of order: the reader sorts */
  const char *kinds[N_EVENTS] = { "layer-start", "phase", "fault" };
  const char *texts[N_EVENTS] = { "1", "microgravity", "wire stub" };
  float cube[8] = { 0 };
  hsize_t dims[3];
  hid_t file;

  for (guint64 i = 0; i < N; i++)
    {
      t[i] = raw_time (i);
      t_back[i] = raw_time (N - 1 - i);
      t_dip[i] = raw_time (i == N / 2 ? 10 : i);
      temp[i] = temperature (i);
      press[i] = pressure (i);
      for (guint c = 0; c < N_COLS; c++)
        cols[i * N_COLS + c] = imu (i, c);
    }
  for (guint k = 0; k < N_FRAMES; k++)
    {
      frame_t[k] = frame_ms (k);
      for (guint r = 0; r < FRAME_H; r++)
        for (guint c = 0; c < FRAME_W; c++)
          stack[(k * FRAME_H + r) * FRAME_W + c] = pixel (k, r, c);
    }

  file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (file, >=, 0);
  dims[0] = N;
  write_dataset (file, "/data/t_us", H5T_STD_I64LE, H5T_NATIVE_INT64, 1, dims, t);
  write_dataset (file, "/sensors/temperature", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 1, dims, temp);
  write_string_attr (file, "/sensors/temperature", "units", "K");
  write_dataset (file, "/sensors/pressure", H5T_STD_I16LE, H5T_NATIVE_INT16, 1, dims, press);
  dims[1] = N_COLS;
  write_dataset (file, "/sensors/imu", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, dims, cols);
  dims[0] = N_FRAMES;
  write_dataset (file, "/cam/t_ms", H5T_STD_U32LE, H5T_NATIVE_UINT32, 1, dims, frame_t);
  dims[1] = FRAME_H;
  dims[2] = FRAME_W;
  write_dataset (file, "/images", H5T_STD_U16LE, H5T_NATIVE_UINT16, 3, dims, stack);
  dims[0] = N_EVENTS;
  write_dataset (file, "/ev/t", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, dims, event_t);
  write_strings (file, "/ev/kind", kinds, N_EVENTS);
  write_strings (file, "/ev/text", texts, N_EVENTS);

  /* for the errors */
  dims[0] = N;
  write_dataset (file, "/bad/t_back", H5T_STD_I64LE, H5T_NATIVE_INT64, 1, dims, t_back);
  write_dataset (file, "/bad/t_dip", H5T_STD_I64LE, H5T_NATIVE_INT64, 1, dims, t_dip);
  dims[0] = N - 1;
  write_dataset (file, "/bad/short", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 1, dims, temp);
  dims[0] = dims[1] = dims[2] = 2;
  write_dataset (file, "/bad/cube", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 3, dims, cube);
  write_strings (file, "/bad/strings", texts, N_EVENTS);
  dims[0] = N_FRAMES;
  dims[1] = FRAME_H * FRAME_W;
  write_dataset (file, "/bad/flat_stack", H5T_STD_U16LE, H5T_NATIVE_UINT16, 2, dims, stack);
  g_assert_cmpint (H5Fclose (file), >=, 0);
}

#define HEADER "\"format\": \"meltline-mapping\", \"format_version\": 1"
#define TIME_US "{\"path\": \"/data/t_us\", \"unit\": \"us\"}"
#define FRAMES \
  "\"frames\": [{\"name\": \"camera\", \"rate_hz\": 100, " \
  "\"time\": {\"path\": \"cam/t_ms\", \"unit\": \"ms\"}, \"path\": \"/images\", \"units\": \"1\"}]"

static const char good_mapping[] =
  "{" HEADER ",\n"
  " \"run\": {\"run_id\": \"h5py-run-7\", \"platform\": \"suborbital\", \"material\": \"316L\"},\n"
  " \"streams\": [{\"name\": \"sensors\", \"rate_hz\": 666.7, \"time\": " TIME_US ",\n"
  "   \"channels\": [{\"name\": \"T\", \"path\": \"/sensors/temperature\", \"long_name\": \"melt pool temperature\"},\n"
  "                {\"name\": \"p\", \"path\": \"/sensors/pressure\", \"units\": \"Pa\"},\n"
  "                {\"name\": \"ax\", \"path\": \"/sensors/imu\", \"column\": 0, \"units\": \"m/s2\"},\n"
  "                {\"name\": \"az\", \"path\": \"/sensors/imu\", \"column\": 2, \"units\": \"m/s2\"}]}],\n"
  " " FRAMES ",\n"
  " \"events\": {\"time\": {\"path\": \"/ev/t\", \"unit\": \"s\"}, \"kind\": \"/ev/kind\", \"text\": \"/ev/text\"}\n"
  "}\n";

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("meltline-mapping-XXXXXX", &error);
  g_assert_no_error (error);
  f->h5 = g_build_filename (f->dir, "foreign.h5", NULL);
  f->mapping = g_build_filename (f->dir, "foreign-map.json", NULL);
  write_foreign (f->h5);
  g_assert_true (g_file_set_contents (f->mapping, good_mapping, -1, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_unlink (f->h5);
  g_unlink (f->mapping);
  g_rmdir (f->dir);
  g_free (f->h5);
  g_free (f->mapping);
  g_free (f->dir);
}

static MeltRecording *
open_mapped (Fixture  *f,
             GError  **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->h5);
  g_autoptr(GFile) mapping = g_file_new_for_path (f->mapping);

  return melt_recording_open_with_mapping (file, mapping, NULL, error);
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

/* Every read path */

static void
test_read (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltRecording) rec = open_mapped (f, &error);
  g_autofree double *times = NULL;
  g_autofree double *values = NULL;
  g_autofree float *samples = g_new (float, N);
  g_autofree guint16 *frame = NULL;
  const MeltRecordingStream *stream;
  const MeltRecordingChannel *channel;
  const MeltRecordingFrames *frames;
  const MeltRecordingEvent *events;
  guint64 first, index;
  gsize n, size;
  double value, t, start, end;

  g_assert_no_error (error);
  g_assert_nonnull (rec);
  g_assert_cmpstr (melt_recording_get_run_id (rec), ==, "h5py-run-7");
  g_assert_cmpint (melt_recording_get_platform (rec), ==, MELT_PLATFORM_SUBORBITAL);
  g_assert_cmpstr (melt_recording_get_material (rec), ==, "316L");
  g_assert_false (melt_recording_get_simulated (rec));
  g_assert_null (melt_recording_get_process_json (rec));

  /* the stream, its times converted exactly */
  g_assert_cmpuint (melt_recording_get_n_streams (rec), ==, 1);
  stream = melt_recording_get_stream (rec, 0);
  g_assert_cmpstr (stream->name, ==, "sensors");
  g_assert_cmpfloat (stream->rate_hz, ==, 666.7);
  g_assert_cmpuint (stream->n_samples, ==, N);
  g_assert_cmpfloat (stream->start_s, ==, seconds (0));
  g_assert_cmpfloat (stream->end_s, ==, seconds (N - 1));
  g_assert_cmpfloat (stream->start_s, ==, 1.0);
  g_assert_cmpuint (stream->n_channels, ==, 4);
  g_assert_cmpstr (stream->channels[0].name, ==, "T");
  g_assert_cmpstr (stream->channels[0].units, ==, "K");            /* the dataset's attribute */
  g_assert_cmpstr (stream->channels[0].long_name, ==, "melt pool temperature");
  g_assert_cmpint (stream->channels[0].type, ==, MELT_SAMPLE_FLOAT32);
  /* raw 1-D chunks are read without a chunk cache; a column of a 2-D dataset keeps one,
   * or HDF5 would read it element by element */
  g_assert_cmpuint (_melt_recording_get_cache_size (rec, "sensors", "T"), ==, 0);
  g_assert_cmpuint (_melt_recording_get_cache_size (rec, "sensors", "ax"), >, 0);
  g_assert_cmpuint (_melt_recording_get_cache_size (rec, "sensors", "ax"), !=, G_MAXSIZE);
  channel = melt_recording_lookup_channel (rec, "sensors", "p");
  g_assert_nonnull (channel);
  g_assert_cmpstr (channel->units, ==, "Pa");
  g_assert_cmpstr (channel->long_name, ==, "p");
  g_assert_cmpint (channel->type, ==, MELT_SAMPLE_INT16);
  channel = melt_recording_lookup_channel (rec, "sensors", "az");
  g_assert_cmpint (channel->type, ==, MELT_SAMPLE_FLOAT64);

  /* a window: [seconds (1000), seconds (1999)] */
  g_assert_true (melt_recording_read_window (rec, "sensors", "T", seconds (1000), seconds (1999),
                                             &times, &values, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1000);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpfloat (times[i], ==, seconds (1000 + i));
      g_assert_cmpfloat (values[i], ==, temperature (1000 + i));
    }
  g_clear_pointer (&times, g_free);
  g_clear_pointer (&values, g_free);

  /* a window of a column, between samples */
  g_assert_true (melt_recording_read_window (rec, "sensors", "az", seconds (10) + 1e-4,
                                             seconds (20) - 1e-4, &times, &values, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 9);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpfloat (times[i], ==, seconds (11 + i));
      g_assert_cmpfloat (values[i], ==, imu (11 + i, 2));
    }

  /* index lookups */
  g_assert_true (melt_recording_index_at_or_after (rec, "sensors", seconds (42) - 1e-5, &index,
                                                   &error));
  g_assert_cmpuint (index, ==, 42);
  g_assert_true (melt_recording_index_at_or_before (rec, "sensors", seconds (42) - 1e-5, &index,
                                                    &error));
  g_assert_cmpuint (index, ==, 41);

  /* sample-and-hold */
  g_assert_true (melt_recording_value_at (rec, "sensors", "p", seconds (3333) + 1e-4, &value,
                                          &index, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (index, ==, 3333);
  g_assert_cmpfloat (value, ==, pressure (3333));
  g_assert_true (melt_recording_value_at (rec, "sensors", "ax", seconds (N - 1) + 5, &value,
                                          &index, &error));
  g_assert_cmpuint (index, ==, N - 1);
  g_assert_cmpfloat (value, ==, imu (N - 1, 0));
  g_assert_true (melt_recording_value_at (rec, "sensors", "T", 0.5, &value, &index, &error));
  g_assert_cmpuint (index, ==, MELT_RECORDING_NO_INDEX);
  g_assert_true (isnan (value));

  /* samples as floats, the times alone */
  first = 4000;
  g_assert_true (melt_recording_read_samples (rec, "sensors", "p", first, N - first, samples,
                                              &error));
  g_assert_no_error (error);
  for (guint64 i = first; i < N; i++)
    g_assert_cmpfloat (samples[i - first], ==, (float) pressure (i));
  g_assert_true (melt_recording_read_samples (rec, "sensors", "ax", 0, N, samples, &error));
  for (guint64 i = 0; i < N; i++)
    g_assert_cmpfloat (samples[i], ==, (float) imu (i, 0));
  g_clear_pointer (&times, g_free);
  times = g_new (double, 7);
  g_assert_true (melt_recording_read_range (rec, "sensors", NULL, 100, 7, times, NULL, &error));
  for (guint i = 0; i < 7; i++)
    g_assert_cmpfloat (times[i], ==, seconds (100 + i));
  g_assert_false (melt_recording_read_samples (rec, "sensors", "p", N - 1, 2, samples, &error));
  g_assert_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* frames: uint32 ms times, the uint16 stack */
  g_assert_cmpuint (melt_recording_get_n_frames (rec), ==, 1);
  frames = melt_recording_lookup_frames (rec, "camera");
  g_assert_nonnull (frames);
  g_assert_cmpuint (frames->n_frames, ==, N_FRAMES);
  g_assert_cmpuint (frames->height, ==, FRAME_H);
  g_assert_cmpuint (frames->width, ==, FRAME_W);
  g_assert_cmpint (frames->type, ==, MELT_SAMPLE_UINT16);
  g_assert_cmpstr (frames->units, ==, "1");
  g_assert_cmpstr (frames->long_name, ==, "camera");
  g_assert_cmpfloat (frames->rate_hz, ==, 100);
  g_assert_cmpfloat (frames->start_s, ==, frame_ms (0) / 1e3);
  g_assert_cmpfloat (frames->end_s, ==, frame_ms (N_FRAMES - 1) / 1e3);
  for (guint k = 0; k < N_FRAMES; k++)
    {
      g_assert_true (melt_recording_get_frame_time (rec, "camera", k, &t, &error));
      g_assert_cmpfloat (t, ==, (double) frame_ms (k) / 1e3);
      g_assert_true (melt_recording_frame_index_at (rec, "camera", t + 0.005, &index, &error));
      g_assert_cmpuint (index, ==, k);
      frame = melt_recording_dup_frame (rec, "camera", k, &size, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (size, ==, FRAME_H * FRAME_W * sizeof (guint16));
      for (guint r = 0; r < FRAME_H; r++)
        for (guint c = 0; c < FRAME_W; c++)
          g_assert_cmpuint (frame[r * FRAME_W + c], ==, pixel (k, r, c));
      g_clear_pointer (&frame, g_free);
    }

  /* events, sorted */
  events = melt_recording_get_events (rec, &n);
  g_assert_cmpuint (n, ==, N_EVENTS);
  g_assert_cmpfloat (events[0].time_s, ==, 1.5);
  g_assert_cmpstr (events[0].kind, ==, "phase");
  g_assert_cmpstr (events[1].kind, ==, "layer-start");
  g_assert_cmpstr (events[2].text, ==, "wire stub");
  g_assert_cmpstr (melt_recording_get_phase_at (rec, 2.5), ==, "microgravity");

  g_assert_true (melt_recording_get_time_span (rec, &start, &end));
  g_assert_cmpfloat (start, ==, 1.0);
  g_assert_cmpfloat (end, ==, MAX (seconds (N - 1), 3.0));
  g_assert_true (melt_recording_verify (rec, NULL, &error));
  g_assert_no_error (error);
}

/* Defaults, "scale" and "offset_s", text-less events, a relative process, a simulated
 * run */
static void
test_defaults (Fixture       *f,
               gconstpointer  data)
{
  static const char mapping[] =
    "{" HEADER ", \"run\": {\"process\": \"process.json\", \"simulated\": true},\n"
    " \"streams\": [{\"name\": \"s\", \"time\": {\"path\": \"data/t_us\", \"scale\": 2e-6, \"offset_s\": -2},\n"
    "   \"channels\": [{\"name\": \"T\", \"path\": \"sensors/temperature\"}]}],\n"
    " \"events\": {\"time\": {\"path\": \"/ev/t\", \"unit\": \"ms\"}, \"kind\": \"/ev/kind\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltRecording) rec = NULL;
  g_autoptr(MeltProcess) process = melt_process_new (MELT_PROCESS_KIND_LASER_WIRE);
  g_autofree char *process_path = g_build_filename (f->dir, "process.json", NULL);
  g_autofree char *process_json = melt_process_to_json (process, NULL);
  g_autoptr(MeltProcess) loaded = NULL;
  const MeltRecordingStream *stream;
  const MeltRecordingEvent *events;
  gsize n;

  g_assert_true (g_file_set_contents (process_path, process_json, -1, NULL));
  g_assert_true (g_file_set_contents (f->mapping, mapping, -1, NULL));
  rec = open_mapped (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (melt_recording_get_run_id (rec), ==, "foreign");
  g_assert_cmpint (melt_recording_get_platform (rec), ==, MELT_PLATFORM_GROUND);
  g_assert_true (melt_recording_get_simulated (rec));
  stream = melt_recording_lookup_stream (rec, "s");
  g_assert_cmpfloat (stream->start_s, ==, (double) raw_time (0) / 1 * 2e-6 - 2);
  g_assert_cmpfloat (stream->rate_hz, ==, 0);
  g_assert_cmpstr (stream->channels[0].units, ==, "K");
  g_assert_cmpstr (stream->channels[0].long_name, ==, "T");
  g_assert_cmpuint (melt_recording_get_n_frames (rec), ==, 0);
  events = melt_recording_get_events (rec, &n);
  g_assert_cmpuint (n, ==, N_EVENTS);
  g_assert_cmpfloat (events[0].time_s, ==, 1.5e-3);
  g_assert_cmpstr (events[0].text, ==, "");
  loaded = melt_recording_load_process (rec, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_unlink (process_path);
}

/* Errors */

typedef struct
{
  const char *name;
  const char *json;
  gboolean    mapping_error;   /* MELT_RECORDING_MAPPING_ERROR, else MELT_RECORDING_ERROR */
  int         code;
  const char *json_path;
  const char *dataset;         /* for dataset problems, the HDF5 path named */
} ErrorCase;

#define STREAM_WITH(time, channels) \
  "{" HEADER ", \"streams\": [{\"name\": \"s\", \"time\": " time ", \"channels\": [" channels "]}]}"
#define CHANNEL(path) "{\"name\": \"c\", \"path\": \"" path "\"}"

static const ErrorCase error_cases[] = {
  { "not-json", "{\"format\": \"meltline-mapping\",", TRUE, MELT_RECORDING_MAPPING_ERROR_PARSE, "$", NULL },
  { "empty", "", TRUE, MELT_RECORDING_MAPPING_ERROR_PARSE, "$", NULL },
  { "not-object", "[1, 2]", TRUE, MELT_RECORDING_MAPPING_ERROR_FORMAT, "$", NULL },
  { "wrong-format", "{\"format\": \"meltline-process\", \"format_version\": 1}", TRUE,
    MELT_RECORDING_MAPPING_ERROR_FORMAT, "$.format", NULL },
  { "wrong-version", "{\"format\": \"meltline-mapping\", \"format_version\": 2}", TRUE,
    MELT_RECORDING_MAPPING_ERROR_VERSION, "$.format_version", NULL },
  { "unknown-member", "{" HEADER ", \"streams\": [{\"name\": \"s\", \"time\": " TIME_US ", \"chanels\": []}]}",
    TRUE, MELT_RECORDING_MAPPING_ERROR_INVALID, "$.streams[0].chanels", NULL },
  { "missing-time", "{" HEADER ", \"streams\": [{\"name\": \"s\", \"channels\": []}]}", TRUE,
    MELT_RECORDING_MAPPING_ERROR_INVALID, "$.streams[0].time", NULL },
  { "time-not-object", STREAM_WITH ("\"/data/t_us\"", ""), TRUE,
    MELT_RECORDING_MAPPING_ERROR_INVALID, "$.streams[0].time", NULL },
  { "unknown-unit", STREAM_WITH ("{\"path\": \"/data/t_us\", \"unit\": \"minutes\"}", ""), TRUE,
    MELT_RECORDING_MAPPING_ERROR_INVALID, "$.streams[0].time.unit", NULL },
  { "no-unit", STREAM_WITH ("{\"path\": \"/data/t_us\"}", ""), TRUE,
    MELT_RECORDING_MAPPING_ERROR_INVALID, "$.streams[0].time", NULL },
  { "unit-and-scale", STREAM_WITH ("{\"path\": \"/data/t_us\", \"unit\": \"s\", \"scale\": 2}", ""),
    TRUE, MELT_RECORDING_MAPPING_ERROR_INVALID, "$.streams[0].time", NULL },
  { "bad-scale", STREAM_WITH ("{\"path\": \"/data/t_us\", \"scale\": 0}", ""), TRUE,
    MELT_RECORDING_MAPPING_ERROR_INVALID, "$.streams[0].time.scale", NULL },
  { "missing-path", STREAM_WITH (TIME_US, "{\"name\": \"c\"}"), TRUE,
    MELT_RECORDING_MAPPING_ERROR_INVALID, "$.streams[0].channels[0].path", NULL },
  { "negative-column", STREAM_WITH (TIME_US, "{\"name\": \"c\", \"path\": \"/sensors/imu\", \"column\": -1}"),
    TRUE, MELT_RECORDING_MAPPING_ERROR_INVALID, "$.streams[0].channels[0].column", NULL },
  { "duplicate-channel", STREAM_WITH (TIME_US, CHANNEL ("/sensors/imu") ", " CHANNEL ("/sensors/pressure")),
    TRUE, MELT_RECORDING_MAPPING_ERROR_INVALID, "$.streams[0].channels[1].name", NULL },
  { "bad-platform", "{" HEADER ", \"run\": {\"platform\": \"lunar\"}}", TRUE,
    MELT_RECORDING_MAPPING_ERROR_INVALID, "$.run.platform", NULL },
  { "bad-simulated", "{" HEADER ", \"run\": {\"simulated\": 1}}", TRUE,
    MELT_RECORDING_MAPPING_ERROR_INVALID, "$.run.simulated", NULL },
  { "missing-process", "{" HEADER ", \"run\": {\"process\": \"nowhere.json\"}}", TRUE,
    MELT_RECORDING_MAPPING_ERROR_IO, "$.run.process", NULL },
  /* the datasets */
  { "time-missing", STREAM_WITH ("{\"path\": \"/data/t_s\", \"unit\": \"s\"}", ""), FALSE,
    MELT_RECORDING_ERROR_INVALID, "$.streams[0].time.path", "/data/t_s" },
  { "time-group-missing", STREAM_WITH ("{\"path\": \"/nothing/t\", \"unit\": \"s\"}", ""), FALSE,
    MELT_RECORDING_ERROR_INVALID, "$.streams[0].time.path", "/nothing/t" },
  { "time-is-group", STREAM_WITH ("{\"path\": \"/data\", \"unit\": \"s\"}", ""), FALSE,
    MELT_RECORDING_ERROR_INVALID, "$.streams[0].time.path", "/data" },
  { "time-strings", STREAM_WITH ("{\"path\": \"/bad/strings\", \"unit\": \"s\"}", ""), FALSE,
    MELT_RECORDING_ERROR_TYPE, "$.streams[0].time.path", "/bad/strings" },
  { "time-rank", STREAM_WITH ("{\"path\": \"/sensors/imu\", \"unit\": \"s\"}", ""), FALSE,
    MELT_RECORDING_ERROR_TYPE, "$.streams[0].time.path", "/sensors/imu" },
  { "time-backwards", STREAM_WITH ("{\"path\": \"/bad/t_back\", \"unit\": \"us\"}", ""), FALSE,
    MELT_RECORDING_ERROR_TIME, "$.streams[0].time.path", "/bad/t_back" },
  { "channel-missing", STREAM_WITH (TIME_US, CHANNEL ("/sensors/temperature") ", {\"name\": \"d\", \"path\": \"/sensors/nope\"}"),
    FALSE, MELT_RECORDING_ERROR_INVALID, "$.streams[0].channels[1].path", "/sensors/nope" },
  { "channel-rank", STREAM_WITH (TIME_US, CHANNEL ("/bad/cube")), FALSE,
    MELT_RECORDING_ERROR_TYPE, "$.streams[0].channels[0].path", "/bad/cube" },
  { "channel-type", STREAM_WITH ("{\"path\": \"/ev/t\", \"unit\": \"s\"}", CHANNEL ("/bad/strings")), FALSE,
    MELT_RECORDING_ERROR_TYPE, "$.streams[0].channels[0].path", "/bad/strings" },
  { "channel-2d-no-column", STREAM_WITH (TIME_US, CHANNEL ("/sensors/imu")), FALSE,
    MELT_RECORDING_ERROR_TYPE, "$.streams[0].channels[0].path", "/sensors/imu" },
  { "column-out-of-range", STREAM_WITH (TIME_US, "{\"name\": \"c\", \"path\": \"/sensors/imu\", \"column\": 3}"),
    FALSE, MELT_RECORDING_ERROR_INVALID, "$.streams[0].channels[0].path", "/sensors/imu" },
  { "column-of-1d", STREAM_WITH (TIME_US, "{\"name\": \"c\", \"path\": \"/sensors/pressure\", \"column\": 0}"),
    FALSE, MELT_RECORDING_ERROR_TYPE, "$.streams[0].channels[0].path", "/sensors/pressure" },
  { "channel-length", STREAM_WITH (TIME_US, CHANNEL ("/bad/short")), FALSE,
    MELT_RECORDING_ERROR_INVALID, "$.streams[0].channels[0].path", "/bad/short" },
  { "frames-rank", "{" HEADER ", \"frames\": [{\"name\": \"f\", \"time\": {\"path\": \"/cam/t_ms\", \"unit\": \"ms\"}, \"path\": \"/bad/flat_stack\"}]}",
    FALSE, MELT_RECORDING_ERROR_TYPE, "$.frames[0].path", "/bad/flat_stack" },
  { "frames-length", "{" HEADER ", \"frames\": [{\"name\": \"f\", \"time\": " TIME_US ", \"path\": \"/images\"}]}",
    FALSE, MELT_RECORDING_ERROR_INVALID, "$.frames[0].path", "/images" },
  { "events-kind-missing", "{" HEADER ", \"events\": {\"time\": {\"path\": \"/ev/t\", \"unit\": \"s\"}, \"kind\": \"/ev/kinds\"}}",
    FALSE, MELT_RECORDING_ERROR_INVALID, "$.events.kind", "/ev/kinds" },
  { "events-text-type", "{" HEADER ", \"events\": {\"time\": {\"path\": \"/ev/t\", \"unit\": \"s\"}, \"kind\": \"/ev/kind\", \"text\": \"/ev/t\"}}",
    FALSE, MELT_RECORDING_ERROR_TYPE, "$.events.text", "/ev/t" },
};

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *before = file_sha256 (f->h5);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *c = &error_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(MeltRecording) rec = NULL;
      g_autofree char *json_place = NULL;

      g_test_message ("case %s", c->name);
      g_assert_true (g_file_set_contents (f->mapping, c->json, -1, NULL));
      rec = open_mapped (f, &error);
      g_assert_null (rec);
      g_assert_nonnull (error);
      g_test_message ("  %s", error->message);
      if (c->mapping_error)
        g_assert_error (error, MELT_RECORDING_MAPPING_ERROR, c->code);
      else
        g_assert_error (error, MELT_RECORDING_ERROR, c->code);

      /* the mapping file and the JSON path, as “MAPPING: PATH:” */
      json_place = g_strdup_printf ("foreign-map.json: %s%s", c->json_path,
                                    c->dataset != NULL ? ")" : ":");
      g_assert_nonnull (strstr (error->message, json_place));
      if (c->dataset != NULL)
        {
          g_autofree char *h5_place = g_strdup_printf ("foreign.h5: %s (", c->dataset);

          g_assert_nonnull (strstr (error->message, h5_place));
        }
    }

  after = file_sha256 (f->h5);
  g_assert_cmpstr (before, ==, after);
}

/* A time that goes back in the middle: opening reads only the ends; a read
 * over it, and verify, name the place */
static void
test_time_dip (Fixture       *f,
               gconstpointer  data)
{
  static const char mapping[] =
    STREAM_WITH ("{\"path\": \"/bad/t_dip\", \"unit\": \"us\"}", CHANNEL ("/sensors/temperature"));
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltRecording) rec = NULL;
  g_autofree double *values = NULL;
  gsize n;

  g_assert_true (g_file_set_contents (f->mapping, mapping, -1, NULL));
  rec = open_mapped (f, &error);
  g_assert_no_error (error);

  g_assert_false (melt_recording_read_window (rec, "s", "c", seconds (N / 2 - 5),
                                              seconds (N / 2 + 5), NULL, &values, &n, &error));
  g_assert_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_TIME);
  g_assert_nonnull (strstr (error->message, "foreign.h5: /bad/t_dip ("));
  g_assert_nonnull (strstr (error->message, "foreign-map.json: $.streams[0].time.path)"));
  g_clear_error (&error);

  g_assert_false (melt_recording_verify (rec, NULL, &error));
  g_assert_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_TIME);
  g_assert_nonnull (strstr (error->message, "$.streams[0].time.path"));
  g_assert_nonnull (strstr (error->message, "time[2500]"));
}

/* The foreign file is opened read-only and never changed */
static void
test_unchanged (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *before = file_sha256 (f->h5);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_chmod (f->h5, 0444), ==, 0);
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(MeltRecording) rec = open_mapped (f, &error);
      g_autofree double *values = NULL;
      g_autofree guint16 *frame = NULL;
      gsize n;

      g_assert_no_error (error);
      g_assert_true (melt_recording_read_window (rec, "sensors", "az", 0, 100, NULL, &values, &n,
                                                 &error));
      g_assert_cmpuint (n, ==, N);
      frame = melt_recording_dup_frame (rec, "camera", N_FRAMES - 1, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (melt_recording_verify (rec, NULL, &error));
    }
  g_assert_cmpint (g_chmod (f->h5, 0644), ==, 0);
  after = file_sha256 (f->h5);
  g_assert_cmpstr (before, ==, after);
}

/* The mapping read alone */
static void
test_mapping_object (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (good_mapping, strlen (good_mapping));
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltRecordingMapping) mapping = NULL;
  const MeltRecordingMappingStream *stream;
  const MeltRecordingMappingFrames *frames;
  const MeltRecordingMappingEvents *events;

  mapping = melt_recording_mapping_load_bytes (bytes, "map.json", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (melt_recording_mapping_get_display (mapping), ==, "map.json");
  g_assert_cmpuint (melt_recording_mapping_get_n_streams (mapping), ==, 1);
  stream = melt_recording_mapping_get_stream (mapping, 0);
  g_assert_cmpstr (stream->time.path, ==, "/data/t_us");
  g_assert_cmpstr (stream->time.json_path, ==, "$.streams[0].time.path");
  g_assert_cmpfloat (stream->time.divisor, ==, 1e6);
  g_assert_cmpuint (stream->n_channels, ==, 4);
  g_assert_cmpint (stream->channels[0].column, ==, -1);
  g_assert_cmpint (stream->channels[3].column, ==, 2);
  g_assert_null (stream->channels[0].units);
  g_assert_cmpstr (stream->channels[3].json_path, ==, "$.streams[0].channels[3].path");
  frames = melt_recording_mapping_get_frames (mapping, 0);
  g_assert_cmpstr (frames->time.path, ==, "/cam/t_ms");   /* made absolute */
  g_assert_cmpfloat (frames->time.divisor, ==, 1e3);
  events = melt_recording_mapping_get_events (mapping);
  g_assert_nonnull (events);
  g_assert_cmpstr (events->text, ==, "/ev/text");
}

/* Endless files, as the mapping or as the process it names: reading stops past 4 MiB,
 * within seconds, instead of going on until memory runs out */
static void
test_endless (Fixture       *f,
              gconstpointer  data)
{
  if (!g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/zero");
      return;
    }

  if (g_test_subprocess ())
    {
      static const char mapping[] = "{" HEADER ", \"run\": {\"process\": \"/dev/zero\"}}";
      g_autoptr(GFile) zero = g_file_new_for_path ("/dev/zero");
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = g_bytes_new_static (mapping, strlen (mapping));

      g_assert_null (melt_recording_mapping_load (zero, NULL, &error));
      g_assert_error (error, MELT_RECORDING_MAPPING_ERROR, MELT_RECORDING_MAPPING_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, "larger than 4 MiB"));
      g_clear_error (&error);

      g_assert_null (melt_recording_mapping_load_bytes (bytes, "map.json", NULL, &error));
      g_assert_error (error, MELT_RECORDING_MAPPING_ERROR, MELT_RECORDING_MAPPING_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "$.run.process"));
      g_assert_nonnull (strstr (error->message, "/dev/zero is not a process set"));
      return;
    }

  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/recording-mapping/read", Fixture, NULL, fixture_set_up, test_read,
              fixture_tear_down);
  g_test_add ("/core/recording-mapping/defaults", Fixture, NULL, fixture_set_up, test_defaults,
              fixture_tear_down);
  g_test_add ("/core/recording-mapping/errors", Fixture, NULL, fixture_set_up, test_errors,
              fixture_tear_down);
  g_test_add ("/core/recording-mapping/time-dip", Fixture, NULL, fixture_set_up, test_time_dip,
              fixture_tear_down);
  g_test_add ("/core/recording-mapping/unchanged", Fixture, NULL, fixture_set_up, test_unchanged,
              fixture_tear_down);
  g_test_add_func ("/core/recording-mapping/object", test_mapping_object);
  g_test_add ("/core/recording-mapping/endless", Fixture, NULL, fixture_set_up, test_endless,
              fixture_tear_down);

  return g_test_run ();
}
