/* test-recording-errors.c: every kind of bad recording gets a clear GError
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One case per bad input, in a table. Each writes a good recording, spoils
 * it with the HDF5 C API (or writes a file from scratch), opens it and,
 * for what only shows when data is read, reads it; then checks the error
 * domain and code, and that the message names the file, the place and
 * what was wrong. Nothing may crash. Writer misuse is tested at the end.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <hdf5.h>
#include <math.h>
#include <string.h>

#include "melt-recording.h"
#include "melt-recording-writer.h"
#include "melt-test-shapes.h"

#define N        100
#define N_BIG    40000
#define CHUNK    8192
#define FRAME_H  4
#define FRAME_W  4
#define N_FRAMES 4

static double sample_time (guint64 i) { return 10.0 + (double) i * 0.001; }

/* A good recording: stream "motion" (x float32, layer uint32) of @n
 * samples, frame stack "coaxial", three events */
static void
write_good (const char *path,
            guint64     n,
            gboolean    compress)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(MeltRecordingWriter) w = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *t = g_new (double, n);
  g_autofree double *x = g_new (double, n);
  g_autofree double *layer = g_new (double, n);
  const double *values[] = { x, layer };
  MeltRecordingWriterOptions options;
  guint16 pixels[FRAME_H * FRAME_W] = { 0 };
  guint stream, frames;

  melt_recording_writer_options_init (&options);
  options.compress = compress;
  options.chunk_samples = CHUNK;
  w = melt_recording_writer_new (file, &options, &error);
  g_assert_no_error (error);
  melt_recording_writer_set_run_id (w, "bad-input");
  g_assert_true (melt_recording_writer_add_stream (w, "motion", 1000, 0, &stream, &error));
  g_assert_true (melt_recording_writer_add_channel (w, stream, "x", MELT_SAMPLE_FLOAT32, "mm", "x", &error));
  g_assert_true (melt_recording_writer_add_channel (w, stream, "layer", MELT_SAMPLE_UINT32, "1", "layer", &error));
  for (guint64 i = 0; i < n; i++)
    {
      t[i] = sample_time (i);
      x[i] = sin ((double) i);
      layer[i] = (double) (i / 10);
    }
  g_assert_true (melt_recording_writer_append (w, stream, n, t, values, &error));
  g_assert_true (melt_recording_writer_add_frames (w, "coaxial", MELT_SAMPLE_UINT16, FRAME_H, FRAME_W,
                                                   "1", "counts", 100, 0, &frames, &error));
  for (guint k = 0; k < N_FRAMES; k++)
    g_assert_true (melt_recording_writer_append_frame (w, frames, 10.0 + k * 0.01, pixels, &error));
  g_assert_true (melt_recording_writer_add_event (w, 10.0, MELT_EVENT_PHASE, MELT_PHASE_MICROGRAVITY, &error));
  g_assert_true (melt_recording_writer_add_event (w, 10.01, MELT_EVENT_LAYER_START, "0", &error));
  g_assert_true (melt_recording_writer_add_event (w, 10.05, MELT_EVENT_COMMAND, "power 900 W", &error));
  g_assert_true (melt_recording_writer_finish (w, NULL, &error));
  g_assert_no_error (error);
}

/* Tampering with the HDF5 C API */

static hid_t
open_rw (const char *path)
{
  hid_t file = H5Fopen (path, H5F_ACC_RDWR, H5P_DEFAULT);

  g_assert_cmpint (file, >=, 0);
  return file;
}

static void
set_string_attr (hid_t       loc,
                 const char *name,
                 const char *value)
{
  hid_t type = H5Tcopy (H5T_C_S1);
  hid_t space = H5Screate (H5S_SCALAR);
  hid_t attr;

  if (H5Aexists (loc, name) > 0)
    g_assert_cmpint (H5Adelete (loc, name), >=, 0);
  H5Tset_size (type, strlen (value));
  attr = H5Acreate2 (loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (attr, >=, 0);
  g_assert_cmpint (H5Awrite (attr, type, value), >=, 0);
  H5Aclose (attr);
  H5Sclose (space);
  H5Tclose (type);
}

static void
set_number_attr (hid_t       loc,
                 const char *name,
                 hid_t       file_type,
                 double      value)
{
  hid_t space = H5Screate (H5S_SCALAR);
  hid_t attr;

  if (H5Aexists (loc, name) > 0)
    g_assert_cmpint (H5Adelete (loc, name), >=, 0);
  attr = H5Acreate2 (loc, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (attr, >=, 0);
  g_assert_cmpint (H5Awrite (attr, H5T_NATIVE_DOUBLE, &value), >=, 0);
  H5Aclose (attr);
  H5Sclose (space);
}

/* Replaces @path with a dataset of @type (rank 0 to 3) filled with zeros */
static void
replace_dataset (hid_t          file,
                 const char    *path,
                 hid_t          type,
                 int            rank,
                 const hsize_t *dims)
{
  hid_t space = rank == 0 ? H5Screate (H5S_SCALAR) : H5Screate_simple (rank, dims, NULL);
  hsize_t n = 1;
  hid_t dataset;
  g_autofree guint8 *zeros = NULL;

  for (int i = 0; i < rank; i++)
    n *= dims[i];
  zeros = g_malloc0 (n * H5Tget_size (type) + 16);
  if (H5Lexists (file, path, H5P_DEFAULT) > 0)
    g_assert_cmpint (H5Ldelete (file, path, H5P_DEFAULT), >=, 0);
  dataset = H5Dcreate2 (file, path, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (dataset, >=, 0);
  if (H5Tget_class (type) != H5T_STRING || !H5Tis_variable_str (type))
    g_assert_cmpint (H5Dwrite (dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros), >=, 0);
  H5Dclose (dataset);
  H5Sclose (space);
}

static void
set_double (hid_t       file,
            const char *path,
            hsize_t     index,
            double      value)
{
  hid_t dataset = H5Dopen2 (file, path, H5P_DEFAULT);
  hid_t space = H5Dget_space (dataset);
  hsize_t one = 1;
  hid_t memory = H5Screate_simple (1, &one, NULL);

  g_assert_cmpint (H5Sselect_hyperslab (space, H5S_SELECT_SET, &index, NULL, &one, NULL), >=, 0);
  g_assert_cmpint (H5Dwrite (dataset, H5T_NATIVE_DOUBLE, memory, space, H5P_DEFAULT, &value), >=, 0);
  H5Sclose (memory);
  H5Sclose (space);
  H5Dclose (dataset);
}

static void
delete_link (hid_t       file,
             const char *path)
{
  g_assert_cmpint (H5Ldelete (file, path, H5P_DEFAULT), >=, 0);
}

/* The cases: each spoils the good file at @path */

static void
make_text (const char *path)
{
  g_assert_true (g_file_set_contents (path, "time,x\n0,1\n", -1, NULL));
}

static void
make_empty (const char *path)
{
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
}

static void
make_missing (const char *path)
{
  g_unlink (path);
}

static void
make_no_format (const char *path)
{
  hid_t file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hsize_t dims = 10;

  replace_dataset (file, "/pyrometer", H5T_IEEE_F32LE, 1, &dims);
  H5Fclose (file);
}

#define TAMPER(name, ...)                     \
  static void                                 \
  name (const char *path)                     \
  {                                           \
    hid_t file;                               \
                                              \
    write_good (path, N, FALSE);              \
    file = open_rw (path);                    \
    __VA_ARGS__;                              \
    H5Fclose (file);                          \
  }

TAMPER (make_other_format, set_string_attr (file, "format", "meltline-plan"))
TAMPER (make_format_number, set_number_attr (file, "format", H5T_STD_I32LE, 1))
TAMPER (make_version_2, set_number_attr (file, "format_version", H5T_STD_I32LE, 2))
TAMPER (make_no_run_id, g_assert_cmpint (H5Adelete (file, "run_id"), >=, 0))
TAMPER (make_bad_platform, set_string_attr (file, "platform", "moon"))
TAMPER (make_bad_simulated, set_number_attr (file, "simulated", H5T_STD_U8LE, 2))
TAMPER (make_no_time, delete_link (file, "/streams/motion/time"))
TAMPER (make_time_repeats, set_double (file, "/streams/motion/time", 5, sample_time (3)))
TAMPER (make_time_nan, set_double (file, "/streams/motion/time", 7, NAN))
TAMPER (make_time_backwards, set_double (file, "/streams/motion/time", N - 1, 0.5))
TAMPER (make_time_int, replace_dataset (file, "/streams/motion/time", H5T_STD_I32LE, 1, &(hsize_t) { N }))
TAMPER (make_time_rank2, replace_dataset (file, "/streams/motion/time", H5T_IEEE_F64LE, 2, (hsize_t[]) { N, 1 }))
TAMPER (make_channel_short, replace_dataset (file, "/streams/motion/x", H5T_IEEE_F32LE, 1, &(hsize_t) { N - 1 }))
TAMPER (make_channel_long, replace_dataset (file, "/streams/motion/layer", H5T_STD_U32LE, 1, &(hsize_t) { N + 1 }))
TAMPER (make_channel_rank2, replace_dataset (file, "/streams/motion/x", H5T_IEEE_F32LE, 2, (hsize_t[]) { N, 2 }))
TAMPER (make_channel_scalar, replace_dataset (file, "/streams/motion/x", H5T_IEEE_F32LE, 0, NULL))
TAMPER (make_rate_negative,
        {
          hid_t group = H5Gopen2 (file, "/streams/motion", H5P_DEFAULT);

          set_number_attr (group, "rate_hz", H5T_IEEE_F64LE, -5);
          H5Gclose (group);
        })
TAMPER (make_units_number,
        {
          hid_t dataset = H5Dopen2 (file, "/streams/motion/x", H5P_DEFAULT);

          set_number_attr (dataset, "units", H5T_STD_I32LE, 3);
          H5Dclose (dataset);
        })
TAMPER (make_frames_int32,
        replace_dataset (file, "/frames/coaxial/data", H5T_STD_I32LE, 3,
                         (hsize_t[]) { N_FRAMES, FRAME_H, FRAME_W }))
TAMPER (make_frames_rank2,
        replace_dataset (file, "/frames/coaxial/data", H5T_STD_U16LE, 2, (hsize_t[]) { N_FRAMES, 16 }))
TAMPER (make_frames_count,
        replace_dataset (file, "/frames/coaxial/data", H5T_STD_U16LE, 3,
                         (hsize_t[]) { N_FRAMES - 1, FRAME_H, FRAME_W }))
TAMPER (make_frames_no_data, delete_link (file, "/frames/coaxial/data"))
TAMPER (make_frames_no_time, delete_link (file, "/frames/coaxial/time"))
TAMPER (make_events_length,
        {
          hid_t type = H5Tcopy (H5T_C_S1);

          H5Tset_size (type, 8);
          replace_dataset (file, "/events/text", type, 1, &(hsize_t) { 2 });
          H5Tclose (type);
        })
TAMPER (make_events_no_kind, delete_link (file, "/events/kind"))
TAMPER (make_events_kind_number, replace_dataset (file, "/events/kind", H5T_STD_I32LE, 1, &(hsize_t) { 3 }))
TAMPER (make_events_time_nan, set_double (file, "/events/time", 1, NAN))

/* A channel of strings, one of compound records */
TAMPER (make_channel_string,
        {
          hid_t type = H5Tcopy (H5T_C_S1);

          H5Tset_size (type, 4);
          replace_dataset (file, "/streams/motion/x", type, 1, &(hsize_t) { N });
          H5Tclose (type);
        })
TAMPER (make_channel_compound,
        {
          hid_t type = H5Tcreate (H5T_COMPOUND, 8);

          H5Tinsert (type, "a", 0, H5T_NATIVE_FLOAT);
          H5Tinsert (type, "b", 4, H5T_NATIVE_FLOAT);
          replace_dataset (file, "/streams/motion/x", type, 1, &(hsize_t) { N });
          H5Tclose (type);
        })
TAMPER (make_channel_float16,
        {
          /* a 16-bit float: HDF5 can describe it, Meltline does not read it */
          hid_t type = H5Tcopy (H5T_IEEE_F32LE);

          H5Tset_fields (type, 15, 10, 5, 0, 10);
          H5Tset_size (type, 2);
          H5Tset_precision (type, 16);
          H5Tset_ebias (type, 15);
          replace_dataset (file, "/streams/motion/x", type, 1, &(hsize_t) { N });
          H5Tclose (type);
        })

/* A filter this library lacks (LZ4, 32004, optional so that it can be
 * written here) */
static void
make_lz4 (const char *path)
{
  hid_t file, dcpl, space, dataset;
  hsize_t dims = N, chunk = 50;
  float zeros[N] = { 0 };

  write_good (path, N, FALSE);
  file = open_rw (path);
  delete_link (file, "/streams/motion/x");
  dcpl = H5Pcreate (H5P_DATASET_CREATE);
  H5Pset_chunk (dcpl, 1, &chunk);
  g_assert_cmpint (H5Pset_filter (dcpl, 32004, H5Z_FLAG_OPTIONAL, 0, NULL), >=, 0);
  space = H5Screate_simple (1, &dims, NULL);
  dataset = H5Dcreate2 (file, "/streams/motion/x", H5T_IEEE_F32LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  g_assert_cmpint (dataset, >=, 0);
  H5Dwrite (dataset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros);
  H5Dclose (dataset);
  H5Sclose (space);
  H5Pclose (dcpl);
  H5Fclose (file);
}

static void
make_truncated_half (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  write_good (path, N_BIG, FALSE);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (path, contents, len / 2, NULL));
}

static void
make_truncated_header (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  write_good (path, N, FALSE);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (path, contents, 100, NULL));
}

/* Garbage over the second compressed chunk of /streams/motion/x */
static void
make_corrupt_chunk (const char *path)
{
  hid_t file, dataset;
  haddr_t address = 0;
  hsize_t size = 0, offset[1] = { CHUNK };
  unsigned mask = 0;
  g_autofree char *contents = NULL;
  gsize len;

  write_good (path, N_BIG, TRUE);
  file = H5Fopen (path, H5F_ACC_RDONLY, H5P_DEFAULT);
  dataset = H5Dopen2 (file, "/streams/motion/x", H5P_DEFAULT);
  g_assert_cmpint (H5Dget_chunk_info_by_coord (dataset, offset, &mask, &address, &size), >=, 0);
  g_assert_cmpuint (size, >, 0);
  H5Dclose (dataset);
  H5Fclose (file);

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (address + size, <=, len);
  memset (contents + address, 0xa5, size);
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
}

typedef enum
{
  AT_OPEN,      /* melt_recording_open() fails */
  AT_READ,      /* opens; reading all of motion/x (times and values) fails */
  AT_VERIFY,    /* opens; melt_recording_verify() fails */
} When;

typedef struct
{
  const char  *name;
  void       (*make) (const char *path);
  When         when;
  int          code;
  const char  *where;     /* in the message, or NULL */
  const char  *what;      /* in the message, or NULL */
} Case;

static const Case cases[] = {
  { "not-hdf5", make_text, AT_OPEN, MELT_RECORDING_ERROR_NOT_HDF5, "/", "not an HDF5 file" },
  { "empty", make_empty, AT_OPEN, MELT_RECORDING_ERROR_NOT_HDF5, "/", "not an HDF5 file" },
  { "missing", make_missing, AT_OPEN, MELT_RECORDING_ERROR_IO, NULL, "cannot open" },
  { "no-format", make_no_format, AT_OPEN, MELT_RECORDING_ERROR_FORMAT, "/", "mapping file" },
  { "other-format", make_other_format, AT_OPEN, MELT_RECORDING_ERROR_FORMAT, "/", "“meltline-plan”, not “meltline-run”" },
  { "format-number", make_format_number, AT_OPEN, MELT_RECORDING_ERROR_FORMAT, "/", "mapping file" },
  { "version-2", make_version_2, AT_OPEN, MELT_RECORDING_ERROR_VERSION, "/", "format_version 2" },
  { "no-run-id", make_no_run_id, AT_OPEN, MELT_RECORDING_ERROR_INVALID, "/", "“run_id” is missing" },
  { "bad-platform", make_bad_platform, AT_OPEN, MELT_RECORDING_ERROR_INVALID, "/", "“moon”" },
  { "bad-simulated", make_bad_simulated, AT_OPEN, MELT_RECORDING_ERROR_INVALID, "/", "“simulated” is 2" },
  { "no-time", make_no_time, AT_OPEN, MELT_RECORDING_ERROR_INVALID, "/streams/motion", "no “time” dataset" },
  { "time-repeats", make_time_repeats, AT_READ, MELT_RECORDING_ERROR_TIME, "/streams/motion/time",
    "time[5] = 10.003 is not after time[4] = 10.004" },
  { "time-repeats-verify", make_time_repeats, AT_VERIFY, MELT_RECORDING_ERROR_TIME, "/streams/motion/time",
    "time[5] = 10.003 is not after time[4]" },
  { "time-nan", make_time_nan, AT_READ, MELT_RECORDING_ERROR_TIME, "/streams/motion/time", "time[7] is nan" },
  { "time-backwards", make_time_backwards, AT_OPEN, MELT_RECORDING_ERROR_TIME, "/streams/motion/time",
    "time[99] = 0.5 is not after time[98] = 10" },
  { "time-int", make_time_int, AT_OPEN, MELT_RECORDING_ERROR_TYPE, "/streams/motion/time", "int32" },
  { "time-rank2", make_time_rank2, AT_OPEN, MELT_RECORDING_ERROR_TYPE, "/streams/motion/time", "rank 2, expected rank 1" },
  { "channel-short", make_channel_short, AT_OPEN, MELT_RECORDING_ERROR_INVALID, "/streams/motion/x",
    "holds 99 samples, expected 100" },
  { "channel-long", make_channel_long, AT_OPEN, MELT_RECORDING_ERROR_INVALID, "/streams/motion/layer",
    "holds 101 samples, expected 100" },
  { "channel-rank2", make_channel_rank2, AT_OPEN, MELT_RECORDING_ERROR_TYPE, "/streams/motion/x", "rank 2" },
  { "channel-scalar", make_channel_scalar, AT_OPEN, MELT_RECORDING_ERROR_TYPE, "/streams/motion/x", "rank 0" },
  { "channel-string", make_channel_string, AT_OPEN, MELT_RECORDING_ERROR_TYPE, "/streams/motion/x", "string" },
  { "channel-compound", make_channel_compound, AT_OPEN, MELT_RECORDING_ERROR_TYPE, "/streams/motion/x", "compound" },
  { "channel-float16", make_channel_float16, AT_OPEN, MELT_RECORDING_ERROR_TYPE, "/streams/motion/x", "float16" },
  { "rate-negative", make_rate_negative, AT_OPEN, MELT_RECORDING_ERROR_INVALID, "/streams/motion", "rate_hz" },
  { "units-number", make_units_number, AT_OPEN, MELT_RECORDING_ERROR_INVALID, "/streams/motion/x", "“units”" },
  { "frames-int32", make_frames_int32, AT_OPEN, MELT_RECORDING_ERROR_TYPE, "/frames/coaxial/data", "int32" },
  { "frames-rank2", make_frames_rank2, AT_OPEN, MELT_RECORDING_ERROR_TYPE, "/frames/coaxial/data", "rank 2, expected rank 3" },
  { "frames-count", make_frames_count, AT_OPEN, MELT_RECORDING_ERROR_INVALID, "/frames/coaxial/data", "3 frames, expected 4" },
  { "frames-no-data", make_frames_no_data, AT_OPEN, MELT_RECORDING_ERROR_INVALID, "/frames/coaxial", "“data”" },
  { "frames-no-time", make_frames_no_time, AT_OPEN, MELT_RECORDING_ERROR_INVALID, "/frames/coaxial", "“time”" },
  { "events-length", make_events_length, AT_OPEN, MELT_RECORDING_ERROR_INVALID, "/events/text", "holds 2 values, expected 3" },
  { "events-no-kind", make_events_no_kind, AT_OPEN, MELT_RECORDING_ERROR_INVALID, "/events/kind", "missing" },
  { "events-kind-number", make_events_kind_number, AT_OPEN, MELT_RECORDING_ERROR_TYPE, "/events/kind", "expected strings" },
  { "events-time-nan", make_events_time_nan, AT_OPEN, MELT_RECORDING_ERROR_TIME, "/events/time", "time[1]" },
  { "filter-lz4", make_lz4, AT_OPEN, MELT_RECORDING_ERROR_FILTER, "/streams/motion/x", "filter 32004" },
  { "truncated-half", make_truncated_half, AT_OPEN, MELT_RECORDING_ERROR_CORRUPT, "/", "damaged or cut short" },
  { "truncated-header", make_truncated_header, AT_OPEN, MELT_RECORDING_ERROR_CORRUPT, "/", "damaged or cut short" },
  { "corrupt-chunk", make_corrupt_chunk, AT_READ, MELT_RECORDING_ERROR_CORRUPT, "/streams/motion/x", "values 0 to 39999" },
};

static void
check_error (const Case *c,
             const char *path,
             GError     *error)
{
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_error (error, MELT_RECORDING_ERROR, c->code);
  if (strstr (error->message, path) == NULL)
    g_error ("“%s” does not name the file", error->message);
  if (c->where != NULL && strstr (error->message, c->where) == NULL)
    g_error ("“%s” does not name “%s”", error->message, c->where);
  if (c->what != NULL && strstr (error->message, c->what) == NULL)
    g_error ("“%s” does not say “%s”", error->message, c->what);
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "run.h5", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(MeltRecording) rec = NULL;
  g_autoptr(GError) error = NULL;

  c->make (path);
  rec = melt_recording_open (file, NULL, &error);
  if (c->when == AT_OPEN)
    {
      g_assert_null (rec);
      check_error (c, path, error);
    }
  else if (c->when == AT_READ)
    {
      const MeltRecordingStream *s;
      g_autofree double *t = NULL;
      g_autofree double *v = NULL;
      gsize n;

      g_assert_no_error (error);
      s = melt_recording_lookup_stream (rec, "motion");
      g_assert_false (melt_recording_read_window (rec, "motion", "x", s->start_s, s->end_s,
                                                  &t, &v, &n, &error));
      g_assert_null (t);
      g_assert_cmpuint (n, ==, 0);
      check_error (c, path, error);
    }
  else
    {
      g_assert_no_error (error);
      g_assert_false (melt_recording_verify (rec, NULL, &error));
      check_error (c, path, error);
    }
  g_clear_object (&rec);
  melt_test_tmpdir_remove (dir);
}

/* A filter known by name when the file was written (a plugin registered
 * then, gone now) is named by its id and name. HDF5 refuses to unregister
 * its own filters (deflate, szip…), so they cannot be taken away here;
 * the same code names them “deflate”, “szip”. */
#define TEST_FILTER 32010

static size_t
identity_filter (unsigned int        flags,
                 size_t              cd_nelmts,
                 const unsigned int  cd_values[],
                 size_t              nbytes,
                 size_t             *buf_size,
                 void              **buf)
{
  return nbytes;
}

static void
test_filter_named (void)
{
  const Case c = { "filter-named", NULL, AT_OPEN, MELT_RECORDING_ERROR_FILTER,
                   "/streams/motion/layer", "filter 32010 (“meltline-test-plugin”)" };
  const H5Z_class2_t filter_class = {
    H5Z_CLASS_T_VERS, TEST_FILTER, 1, 1, "meltline-test-plugin", NULL, NULL, identity_filter,
  };
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "run.h5", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(MeltRecording) rec = NULL;
  g_autoptr(GError) error = NULL;
  hid_t h5, dcpl, space, dataset;
  hsize_t dims = N, chunk = 50;
  guint32 zeros[N] = { 0 };

  write_good (path, N, FALSE);
  g_assert_cmpint (H5Zregister (&filter_class), >=, 0);
  h5 = open_rw (path);
  delete_link (h5, "/streams/motion/layer");
  dcpl = H5Pcreate (H5P_DATASET_CREATE);
  H5Pset_chunk (dcpl, 1, &chunk);
  g_assert_cmpint (H5Pset_filter (dcpl, TEST_FILTER, H5Z_FLAG_MANDATORY, 0, NULL), >=, 0);
  space = H5Screate_simple (1, &dims, NULL);
  dataset = H5Dcreate2 (h5, "/streams/motion/layer", H5T_STD_U32LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  g_assert_cmpint (dataset, >=, 0);
  g_assert_cmpint (H5Dwrite (dataset, H5T_NATIVE_UINT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros), >=, 0);
  H5Dclose (dataset);
  H5Sclose (space);
  H5Pclose (dcpl);
  H5Fclose (h5);
  g_assert_cmpint (H5Zunregister (TEST_FILTER), >=, 0);

  rec = melt_recording_open (file, NULL, &error);
  g_assert_null (rec);
  check_error (&c, path, error);
  melt_test_tmpdir_remove (dir);
}

/* Writer misuse */

static void
test_writer (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "run.h5", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(MeltRecordingWriter) w = NULL;
  g_autoptr(MeltRecording) rec = NULL;
  g_autoptr(GError) error = NULL;
  MeltRecordingWriterOptions options;
  double t[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
  double bad[] = { 10, 11, 11 };
  double nan_times[] = { 10, NAN };
  double good[] = { 10, 11 };
  double values[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  const double *v[] = { values };
  double read_t[12];
  guint stream, fixed, other;

  melt_recording_writer_options_init (&options);
  options.contiguous = TRUE;
  w = melt_recording_writer_new (file, &options, &error);
  g_assert_no_error (error);

#define FAILS(call, code_, what)                                          \
  G_STMT_START {                                                          \
    g_assert_false (call);                                                \
    g_assert_error (error, MELT_RECORDING_ERROR, code_);                  \
    g_test_message ("%s", error->message);                                \
    g_assert_nonnull (strstr (error->message, path));                     \
    if (strstr (error->message, what) == NULL)                            \
      g_error ("“%s” does not say “%s”", error->message, what);           \
    g_clear_error (&error);                                               \
  } G_STMT_END

  FAILS (melt_recording_writer_add_stream (w, "", 0, 0, &stream, &error), MELT_RECORDING_ERROR_INVALID, "not a valid name");
  FAILS (melt_recording_writer_add_stream (w, "a/b", 0, 0, &stream, &error), MELT_RECORDING_ERROR_INVALID, "“a/b”");
  g_assert_true (melt_recording_writer_add_stream (w, "motion", 1000, 0, &stream, &error));
  FAILS (melt_recording_writer_add_stream (w, "motion", 0, 0, &other, &error), MELT_RECORDING_ERROR_INVALID, "/streams/motion");
  FAILS (melt_recording_writer_add_channel (w, stream, "time", MELT_SAMPLE_FLOAT32, "s", "t", &error),
         MELT_RECORDING_ERROR_INVALID, "“time”");
  g_assert_true (melt_recording_writer_add_channel (w, stream, "x", MELT_SAMPLE_FLOAT64, "mm", "x", &error));
  FAILS (melt_recording_writer_add_channel (w, stream, "x", MELT_SAMPLE_FLOAT32, "mm", "x", &error),
         MELT_RECORDING_ERROR_INVALID, "/streams/motion/x");

  g_assert_true (melt_recording_writer_append (w, stream, 10, t, v, &error));
  g_assert_no_error (error);
  FAILS (melt_recording_writer_add_channel (w, stream, "y", MELT_SAMPLE_FLOAT32, "mm", "y", &error),
         MELT_RECORDING_ERROR_INVALID, "before the stream’s first samples");
  /* not increasing: nothing of it appended */
  FAILS (melt_recording_writer_append (w, stream, 3, bad, v, &error), MELT_RECORDING_ERROR_TIME,
         "/streams/motion/time: time[12] = 11 is not after time[11] = 11");
  FAILS (melt_recording_writer_append (w, stream, 2, t, v, &error), MELT_RECORDING_ERROR_TIME,
         "time[10] = 0 is not after time[9] = 9");
  FAILS (melt_recording_writer_append (w, stream, 2, nan_times, v, &error), MELT_RECORDING_ERROR_TIME,
         "time[11] is nan");
  g_assert_true (melt_recording_writer_append (w, stream, 2, good, v, &error));

  /* contiguous: the length declared must be kept */
  g_assert_true (melt_recording_writer_add_stream (w, "fixed", 10, 5, &fixed, &error));
  g_assert_true (melt_recording_writer_add_channel (w, fixed, "p", MELT_SAMPLE_FLOAT32, "Pa", "p", &error));
  FAILS (melt_recording_writer_append (w, fixed, 6, t, v, &error), MELT_RECORDING_ERROR_INVALID,
         "6 samples appended to a stream declared with 5");
  g_assert_true (melt_recording_writer_append (w, fixed, 5, t, v, &error));

  FAILS (melt_recording_writer_add_event (w, 1, "Bead Start", NULL, &error), MELT_RECORDING_ERROR_INVALID,
         "“Bead Start” is not an event kind");
  FAILS (melt_recording_writer_add_event (w, NAN, MELT_EVENT_FAULT, NULL, &error), MELT_RECORDING_ERROR_TIME,
         "/events/time");
  FAILS (melt_recording_writer_add_event (w, 1, MELT_EVENT_FAULT, "\xff", &error), MELT_RECORDING_ERROR_INVALID,
         "UTF-8");
  g_assert_true (melt_recording_writer_finish (w, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&w);

  rec = melt_recording_open (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (melt_recording_lookup_stream (rec, "motion")->n_samples, ==, 12);
  g_assert_true (melt_recording_read_range (rec, "motion", NULL, 0, 12, read_t, NULL, &error));
  g_assert_cmpfloat (read_t[9], ==, 9);
  g_assert_cmpfloat (read_t[10], ==, 10);
  g_assert_cmpfloat (read_t[11], ==, 11);
  g_clear_object (&rec);

  /* a contiguous stream left short: finishing fails and leaves no file */
  g_unlink (path);
  w = melt_recording_writer_new (file, &options, &error);
  g_assert_true (melt_recording_writer_add_stream (w, "fixed", 10, 5, &fixed, &error));
  g_assert_true (melt_recording_writer_append (w, fixed, 4, t, NULL, &error));
  FAILS (melt_recording_writer_finish (w, NULL, &error), MELT_RECORDING_ERROR_INVALID,
         "4 samples appended to a stream declared with 5");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);

    g_assert_null (g_dir_read_name (d));
  }

#undef FAILS
  melt_test_tmpdir_remove (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strconcat ("/core/recording-errors/", cases[i].name, NULL);

      g_test_add_data_func (name, &cases[i], test_case);
    }
  g_test_add_func ("/core/recording-errors/filter-named", test_filter_named);
  g_test_add_func ("/core/recording-errors/writer", test_writer);

  return g_test_run ();
}
