/* melt-recording.c: a recorded run ("meltline-run" HDF5), read lazily
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/recording-format.md describes the layout. The file is opened
 * read-only; opening checks the structure (types, ranks, lengths, filters:
 * metadata only) and reads the first and last time of every stream, and
 * the events. Signal data is read on demand through hyperslabs. Each
 * dataset is opened once, with a chunk cache of a few of its chunks.
 *
 * Time lookups binary-search the `time` dataset by blocks of one chunk
 * (HDF5 reads and decompresses a whole chunk for any element of it): the
 * search reads the blocks it visits, a few of them kept for the next
 * lookup. Every block read is checked: finite, strictly increasing.
 *
 * HDF5 prints nothing (H5Eset_auto2 off); its innermost error message is
 * added to ours. Every call into HDF5 holds hdf5_lock (HDF5 need not be
 * built thread-safe; the Flatpak's is not), which the writer shares.
 */

#define G_LOG_DOMAIN "melt-recording"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "melt-recording.h"

#include "melt-h5-inflate.h"
#include "melt-hdf5-private.h"
#include "melt-recording-mapping.h"
#include "melt-recording-private.h"

/* Blocks of a time dataset kept per stream, and their size when the
 * dataset is contiguous (no chunk to align to) or its chunks are huge */
#define N_BLOCKS             8
#define CONTIGUOUS_BLOCK     8192
#define MIN_BLOCK            1024
#define MAX_BLOCK            (1024 * 1024)
/* The first time of every block is remembered once read (8 bytes a block,
 * e.g. 17 KiB for 144 M samples in chunks of 65536), unless there are
 * more blocks than this */
#define MAX_FIRSTS           (4 * 1024 * 1024)
/* Chunk cache per dataset: this many chunks (signals), or frames */
#define CACHE_CHUNKS         4
#define CACHE_FRAMES         3
#define CACHE_SLOTS          521
/* HDF5's sieve buffer (default 64 KiB) */
#define SIEVE_BYTES          4096
/* Limits on what a header may claim before anything is allocated */
#define MAX_EVENTS           (16 * 1024 * 1024)
#define MAX_STRING_SIZE      (16 * 1024 * 1024)
#define MAX_EVENT_TEXT       (64 * 1024)
#define MAX_FRAME_BYTES      ((gsize) 256 * 1024 * 1024)

typedef struct
{
  guint64  number;        /* block number; G_MAXUINT64 when empty */
  gsize    count;
  double  *values;
  guint64  stamp;
} Block;

/* A `time` dataset, of a stream or a frame stack. @path names it in
 * errors (for a mapped file, with its place in the mapping). A mapped time
 * is converted: t / divisor × scale + offset seconds. */
typedef struct
{
  char    *path;
  hid_t    dataset;
  gboolean convert;
  double   divisor;
  double   scale;
  double   offset;
  guint64  n;
  guint64  block_size;
  double   first;
  double   last;
  Block    blocks[N_BLOCKS];
  guint64  stamp;
  double  *firsts;        /* n_blocks, NaN until read; NULL when not kept */
} Axis;

typedef struct
{
  MeltRecordingStream   pub;
  MeltRecordingChannel *channels;
  char                **paths;
  hid_t                *datasets;
  gint64               *columns;    /* of 2-D datasets, -1 for 1-D; NULL when all 1-D */
  Axis                  axis;
} Stream;

typedef struct
{
  MeltRecordingFrames  pub;
  char                *path;
  hid_t                data;
  gsize                frame_bytes;
  Axis                 axis;
} Frames;

struct _MeltRecording
{
  GObject             parent_instance;

  GFile              *file;
  char               *display;
  hid_t               h5;
  GStringChunk       *strings;

  char               *run_id;
  char               *material;
  char               *created_by;
  char               *process_json;
  MeltPlatform        platform;
  gboolean            simulated;

  GPtrArray          *streams;     /* Stream */
  GPtrArray          *frames;      /* Frames */
  GArray             *events;      /* MeltRecordingEvent */

  /* dataset hid → the fewest elements worth inflating on every core
   * (melt-h5-inflate.h): set when the dataset is opened, under the HDF5
   * lock; a dataset not in it is read by HDF5 alone */
  GHashTable         *inflate_from;

  guint64             blocks_read;
};

G_DEFINE_FINAL_TYPE (MeltRecording, melt_recording, G_TYPE_OBJECT)

G_DEFINE_QUARK (melt-recording-error-quark, melt_recording_error)


static inline hid_t
steal_hid (hid_t *id)
{
  hid_t stolen = *id;

  *id = H5I_INVALID_HID;
  return stolen;
}

#define rec_error(self, code, where, ...) \
  _melt_recording_set_error (error, code, (self)->display, where, __VA_ARGS__)

gsize
melt_sample_type_get_size (MeltSampleType type)
{
  switch (type)
    {
    case MELT_SAMPLE_INT8: case MELT_SAMPLE_UINT8: return 1;
    case MELT_SAMPLE_INT16: case MELT_SAMPLE_UINT16: return 2;
    case MELT_SAMPLE_INT32: case MELT_SAMPLE_UINT32: case MELT_SAMPLE_FLOAT32: return 4;
    case MELT_SAMPLE_INT64: case MELT_SAMPLE_UINT64: case MELT_SAMPLE_FLOAT64: return 8;
    default: g_return_val_if_reached (0);
    }
}

const char *
melt_sample_type_to_string (MeltSampleType type)
{
  static const char * const names[] = {
    "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float32", "float64",
  };

  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (names), NULL);
  return names[type];
}

hid_t
_melt_sample_type_file_type (MeltSampleType type)
{
  switch (type)
    {
    case MELT_SAMPLE_INT8: return H5T_STD_I8LE;
    case MELT_SAMPLE_UINT8: return H5T_STD_U8LE;
    case MELT_SAMPLE_INT16: return H5T_STD_I16LE;
    case MELT_SAMPLE_UINT16: return H5T_STD_U16LE;
    case MELT_SAMPLE_INT32: return H5T_STD_I32LE;
    case MELT_SAMPLE_UINT32: return H5T_STD_U32LE;
    case MELT_SAMPLE_INT64: return H5T_STD_I64LE;
    case MELT_SAMPLE_UINT64: return H5T_STD_U64LE;
    case MELT_SAMPLE_FLOAT32: return H5T_IEEE_F32LE;
    case MELT_SAMPLE_FLOAT64: return H5T_IEEE_F64LE;
    default: g_return_val_if_reached (H5I_INVALID_HID);
    }
}

hid_t
_melt_sample_type_memory_type (MeltSampleType type)
{
  switch (type)
    {
    case MELT_SAMPLE_INT8: return H5T_NATIVE_INT8;
    case MELT_SAMPLE_UINT8: return H5T_NATIVE_UINT8;
    case MELT_SAMPLE_INT16: return H5T_NATIVE_INT16;
    case MELT_SAMPLE_UINT16: return H5T_NATIVE_UINT16;
    case MELT_SAMPLE_INT32: return H5T_NATIVE_INT32;
    case MELT_SAMPLE_UINT32: return H5T_NATIVE_UINT32;
    case MELT_SAMPLE_INT64: return H5T_NATIVE_INT64;
    case MELT_SAMPLE_UINT64: return H5T_NATIVE_UINT64;
    case MELT_SAMPLE_FLOAT32: return H5T_NATIVE_FLOAT;
    case MELT_SAMPLE_FLOAT64: return H5T_NATIVE_DOUBLE;
    default: g_return_val_if_reached (H5I_INVALID_HID);
    }
}

/* The MeltSampleType of an HDF5 type, if it is one */
static gboolean
sample_type_from_h5 (hid_t           type,
                     MeltSampleType *out)
{
  gsize size = H5Tget_size (type);

  switch (H5Tget_class (type))
    {
    case H5T_INTEGER:
      {
        gboolean is_signed = H5Tget_sign (type) != H5T_SGN_NONE;

        switch (size)
          {
          case 1: *out = is_signed ? MELT_SAMPLE_INT8 : MELT_SAMPLE_UINT8; return TRUE;
          case 2: *out = is_signed ? MELT_SAMPLE_INT16 : MELT_SAMPLE_UINT16; return TRUE;
          case 4: *out = is_signed ? MELT_SAMPLE_INT32 : MELT_SAMPLE_UINT32; return TRUE;
          case 8: *out = is_signed ? MELT_SAMPLE_INT64 : MELT_SAMPLE_UINT64; return TRUE;
          default: return FALSE;
          }
      }
    case H5T_FLOAT:
      if (size == 4)
        *out = MELT_SAMPLE_FLOAT32;
      else if (size == 8)
        *out = MELT_SAMPLE_FLOAT64;
      else
        return FALSE;
      return TRUE;
    case H5T_NO_CLASS:
    case H5T_TIME:
    case H5T_STRING:
    case H5T_BITFIELD:
    case H5T_OPAQUE:
    case H5T_COMPOUND:
    case H5T_REFERENCE:
    case H5T_ENUM:
    case H5T_VLEN:
    case H5T_ARRAY:
    case H5T_NCLASSES:
    default:
      return FALSE;
    }
}

/* “float16”, “string”, “compound”…: what a dataset holds, for messages */
static char *
describe_type (hid_t type)
{
  switch (H5Tget_class (type))
    {
    case H5T_FLOAT:
      return g_strdup_printf ("float%lu", (unsigned long) H5Tget_size (type) * 8);
    case H5T_INTEGER:
      return g_strdup_printf ("%sint%lu", H5Tget_sign (type) == H5T_SGN_NONE ? "u" : "",
                              (unsigned long) H5Tget_size (type) * 8);
    case H5T_STRING: return g_strdup ("string");
    case H5T_COMPOUND: return g_strdup ("compound");
    case H5T_ENUM: return g_strdup ("enum");
    case H5T_ARRAY: return g_strdup ("array");
    case H5T_VLEN: return g_strdup ("variable-length");
    case H5T_OPAQUE: return g_strdup ("opaque");
    case H5T_REFERENCE: return g_strdup ("reference");
    case H5T_BITFIELD: return g_strdup ("bitfield");
    case H5T_NO_CLASS:
    case H5T_TIME:
    case H5T_NCLASSES:
    default:
      return g_strdup ("other");
    }
}

/* Object */

static void
axis_clear (Axis *axis)
{
  g_clear_pointer (&axis->path, g_free);
  if (axis->dataset >= 0)
    H5Dclose (axis->dataset);
  axis->dataset = H5I_INVALID_HID;
  for (guint i = 0; i < N_BLOCKS; i++)
    g_clear_pointer (&axis->blocks[i].values, g_free);
  g_clear_pointer (&axis->firsts, g_free);
}

static void
axis_init (Axis *axis)
{
  memset (axis, 0, sizeof *axis);
  axis->dataset = H5I_INVALID_HID;
  axis->divisor = axis->scale = 1;
  axis->first = axis->last = NAN;
  for (guint i = 0; i < N_BLOCKS; i++)
    axis->blocks[i].number = G_MAXUINT64;
}

static void
stream_free (gpointer data)
{
  Stream *stream = data;

  for (guint i = 0; i < stream->pub.n_channels; i++)
    {
      g_free (stream->paths[i]);
      if (stream->datasets[i] >= 0)
        H5Dclose (stream->datasets[i]);
    }
  g_free (stream->paths);
  g_free (stream->datasets);
  g_free (stream->columns);
  g_free (stream->channels);
  axis_clear (&stream->axis);
  g_free (stream);
}

static inline gint64
stream_column (const Stream *stream,
               guint         c)
{
  return stream->columns != NULL ? stream->columns[c] : -1;
}

static void
frames_free (gpointer data)
{
  Frames *frames = data;

  g_free (frames->path);
  if (frames->data >= 0)
    H5Dclose (frames->data);
  axis_clear (&frames->axis);
  g_free (frames);
}

static void
melt_recording_finalize (GObject *object)
{
  MeltRecording *self = (MeltRecording *) object;

  _melt_hdf5_lock ();
  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_clear_pointer (&self->frames, g_ptr_array_unref);
  if (self->h5 >= 0)
    H5Fclose (self->h5);
  self->h5 = H5I_INVALID_HID;
  _melt_hdf5_unlock ();

  g_clear_pointer (&self->events, g_array_unref);
  g_clear_pointer (&self->inflate_from, g_hash_table_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->display, g_free);
  g_clear_pointer (&self->run_id, g_free);
  g_clear_pointer (&self->material, g_free);
  g_clear_pointer (&self->created_by, g_free);
  g_clear_pointer (&self->process_json, g_free);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (melt_recording_parent_class)->finalize (object);
}

static void
melt_recording_class_init (MeltRecordingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = melt_recording_finalize;
}

static void
melt_recording_init (MeltRecording *self)
{
  self->h5 = H5I_INVALID_HID;
  self->strings = g_string_chunk_new (4096);
  self->streams = g_ptr_array_new_with_free_func (stream_free);
  self->frames = g_ptr_array_new_with_free_func (frames_free);
  self->events = g_array_new (FALSE, FALSE, sizeof (MeltRecordingEvent));
  self->inflate_from = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

/* Attributes */

static gboolean
attr_open (MeltRecording  *self,
           hid_t           loc,
           const char     *where,
           const char     *name,
           gboolean        required,
           hid_t          *attr,
           GError        **error)
{
  return _melt_hdf5_attr_open (loc, name, required, attr, MELT_RECORDING_ERROR,
                               MELT_RECORDING_ERROR_INVALID, MELT_RECORDING_ERROR_CORRUPT,
                               self->display, where, error);
}

/* Reads a single fixed- or variable-length string attribute; *@value is
 * NULL when it is absent and not @required */
static gboolean
read_string_attr (MeltRecording  *self,
                  hid_t           loc,
                  const char     *where,
                  const char     *name,
                  gboolean        required,
                  char          **value,
                  GError        **error)
{
  g_auto(MeltH5Attr) attr = H5I_INVALID_HID;
  gsize size = 0;

  *value = NULL;
  if (!attr_open (self, loc, where, name, required, &attr, error))
    return FALSE;
  if (attr < 0)
    return TRUE;

  switch (_melt_hdf5_read_string (attr, TRUE, MAX_STRING_SIZE, value, &size))
    {
    case MELT_HDF5_STRING_OK:
      return TRUE;
    case MELT_HDF5_STRING_NOT_SINGLE:
      rec_error (self, MELT_RECORDING_ERROR_INVALID, where,
                 _("the attribute “%s” is not a single string"), name);
      return FALSE;
    case MELT_HDF5_STRING_BAD_SIZE:
      rec_error (self, MELT_RECORDING_ERROR_INVALID, where,
                 _("the attribute “%s” is a string of %lu bytes, expected 1 to %lu"),
                 name, (unsigned long) size, (unsigned long) MAX_STRING_SIZE);
      return FALSE;
    case MELT_HDF5_STRING_UNREADABLE:
      rec_error (self, MELT_RECORDING_ERROR_CORRUPT, where,
                 _("cannot read the attribute “%s”"), name);
      return FALSE;
    case MELT_HDF5_STRING_NOT_UTF8:
    default:
      rec_error (self, MELT_RECORDING_ERROR_INVALID, where,
                 _("the attribute “%s” is not valid UTF-8"), name);
      return FALSE;
    }
}

/* Reads a single integer or floating-point attribute as a double;
 * *@present is FALSE when it is absent and not @required */
static gboolean
read_number_attr (MeltRecording  *self,
                  hid_t           loc,
                  const char     *where,
                  const char     *name,
                  gboolean        required,
                  double         *value,
                  gboolean       *present,
                  GError        **error)
{
  g_auto(MeltH5Attr) attr = H5I_INVALID_HID;
  g_auto(MeltH5Type) type = H5I_INVALID_HID;
  g_auto(MeltH5Space) space = H5I_INVALID_HID;
  H5T_class_t klass;

  *present = FALSE;
  if (!attr_open (self, loc, where, name, required, &attr, error))
    return FALSE;
  if (attr < 0)
    return TRUE;

  type = H5Aget_type (attr);
  space = H5Aget_space (attr);
  klass = type >= 0 ? H5Tget_class (type) : H5T_NO_CLASS;
  if (space < 0 || (klass != H5T_INTEGER && klass != H5T_FLOAT)
      || H5Sget_simple_extent_npoints (space) != 1)
    {
      rec_error (self, MELT_RECORDING_ERROR_INVALID, where,
                 _("the attribute “%s” is not a single number"), name);
      return FALSE;
    }
  if (H5Aread (attr, H5T_NATIVE_DOUBLE, value) < 0)
    {
      rec_error (self, MELT_RECORDING_ERROR_CORRUPT, where,
                 _("cannot read the attribute “%s”"), name);
      return FALSE;
    }
  *present = TRUE;
  return TRUE;
}

/* Datasets */

/* Every filter of @dataset must be in this HDF5 library */
static gboolean
check_filters (MeltRecording  *self,
               hid_t           dataset,
               const char     *where,
               GError        **error)
{
  return _melt_hdf5_check_filters (dataset, TRUE, MELT_RECORDING_ERROR,
                                   MELT_RECORDING_ERROR_CORRUPT, MELT_RECORDING_ERROR_FILTER,
                                   self->display, where, error);
}

/* Whether @name in @loc is a dataset (following soft links) */
static gboolean
is_dataset (hid_t       loc,
            const char *name)
{
  H5O_info_t info;

  return H5Lexists (loc, name, H5P_DEFAULT) > 0
         && H5Oget_info_by_name (loc, name, &info, H5P_DEFAULT) >= 0
         && info.type == H5O_TYPE_DATASET;
}

static gboolean
is_group (hid_t       loc,
          const char *name)
{
  H5O_info_t info;

  return H5Lexists (loc, name, H5P_DEFAULT) > 0
         && H5Oget_info_by_name (loc, name, &info, H5P_DEFAULT) >= 0
         && info.type == H5O_TYPE_GROUP;
}

/* Whether the absolute @path in @file is a dataset; a missing group on
 * the way is no error */
static gboolean
is_dataset_path (hid_t       file,
                 const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr(GString) prefix = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0')
        continue;
      g_string_append_printf (prefix, "/%s", parts[i]);
      if (H5Lexists (file, prefix->str, H5P_DEFAULT) <= 0)
        {
          H5Eclear2 (H5E_DEFAULT);
          return FALSE;
        }
    }
  return prefix->len > 0 && is_dataset (file, prefix->str);
}

/* Opens a dataset with a chunk cache of @n_chunks of its chunks (and at
 * least HDF5's default of 1 MiB), or without one when it is 1-D and its
 * chunks are not filtered */
static hid_t
open_dataset (MeltRecording  *self,
              hid_t           loc,
              const char     *name,
              const char     *where,
              guint           n_chunks,
              GError        **error)
{
  g_auto(MeltH5Dataset) probe = H5I_INVALID_HID;
  g_auto(MeltH5Plist) dcpl = H5I_INVALID_HID;
  g_auto(MeltH5Plist) dapl = H5I_INVALID_HID;
  g_auto(MeltH5Type) type = H5I_INVALID_HID;
  guint64 inflate_from = 0;
  hid_t dataset;

  probe = H5Dopen2 (loc, name, H5P_DEFAULT);
  if (probe < 0)
    {
      rec_error (self, MELT_RECORDING_ERROR_CORRUPT, where, _("cannot open the dataset"));
      return H5I_INVALID_HID;
    }
  dcpl = H5Dget_create_plist (probe);
  type = H5Dget_type (probe);
  if (dcpl >= 0 && type >= 0 && H5Pget_layout (dcpl) == H5D_CHUNKED)
    {
      hsize_t dims[H5S_MAX_RANK];
      int rank = H5Pget_chunk (dcpl, H5S_MAX_RANK, dims);
      gsize chunk_bytes = H5Tget_size (type);

      for (int i = 0; i < rank; i++)
        chunk_bytes = dims[i] > G_MAXSIZE / chunk_bytes ? G_MAXSIZE : chunk_bytes * dims[i];
      dapl = H5Pcreate (H5P_DATASET_ACCESS);
      /* Deflated 1-D chunks: long reads are inflated on every core */
      if (rank == 1 && H5Pget_nfilters (dcpl) > 0 && _melt_h5_inflate_can_read (probe, type))
        inflate_from = 2 * dims[0];
      if (H5Pget_nfilters (dcpl) == 0 && rank == 1)
        {
          /* Raw 1-D chunks: no cache, so that HDF5 reads only the selected
           * bytes, not the whole chunk (the page cache keeps them). A column
           * of a 2-D dataset keeps its cache: without one, HDF5 would read
           * it element by element. */
          if (dapl >= 0)
            H5Pset_chunk_cache (dapl, 0, 0, 1.0);
        }
      else if (rank > 0 && chunk_bytes <= 64 * 1024 * 1024)
        {
          /* Chunks of more than 64 MiB are not worth keeping */
          if (dapl >= 0)
            H5Pset_chunk_cache (dapl, CACHE_SLOTS, MAX (chunk_bytes * n_chunks, 1024 * 1024), 0.75);
        }
    }
  H5Eclear2 (H5E_DEFAULT);
  if (dapl < 0)
    dataset = steal_hid (&probe);
  else
    {
      /* HDF5 takes the access list of a dataset's first opening only */
      H5Dclose (steal_hid (&probe));
      dataset = H5Dopen2 (loc, name, dapl);
      if (dataset < 0)
        {
          rec_error (self, MELT_RECORDING_ERROR_CORRUPT, where, _("cannot open the dataset"));
          return H5I_INVALID_HID;
        }
    }
  /* always set: a closed dataset's hid may come back for another one */
  g_hash_table_insert (self->inflate_from, g_memdup2 (&dataset, sizeof dataset),
                       g_memdup2 (&inflate_from, sizeof inflate_from));
  return dataset;
}

/* The dataset's rank and dims (at most 3); FALSE with the error when it
 * has another rank than @rank */
static gboolean
check_rank (MeltRecording  *self,
            hid_t           dataset,
            const char     *where,
            int             rank,
            hsize_t        *dims,
            GError        **error)
{
  g_auto(MeltH5Space) space = H5Dget_space (dataset);
  int found;

  if (space < 0)
    {
      rec_error (self, MELT_RECORDING_ERROR_CORRUPT, where, _("cannot read the dataset’s shape"));
      return FALSE;
    }
  found = H5Sget_simple_extent_type (space) == H5S_SIMPLE ? H5Sget_simple_extent_ndims (space) : 0;
  if (found != rank)
    {
      /* Translators: %d are numbers of dimensions, e.g. “rank 2, expected rank 1” */
      rec_error (self, MELT_RECORDING_ERROR_TYPE, where,
                 _("the dataset has rank %d, expected rank %d"), found, rank);
      return FALSE;
    }
  H5Sget_simple_extent_dims (space, dims, NULL);
  return TRUE;
}

/* Reads elements [first, first + count) of a 1-D dataset as @memory_type */
static gboolean
read_1d (MeltRecording  *self,
         hid_t           dataset,
         const char     *where,
         hid_t           memory_type,
         guint64         first,
         gsize           count,
         void           *out,
         GError        **error)
{
  g_auto(MeltH5Space) file_space = H5I_INVALID_HID;
  g_auto(MeltH5Space) memory_space = H5I_INVALID_HID;
  const guint64 *inflate_from = g_hash_table_lookup (self->inflate_from, &dataset);
  hsize_t start = first, n = count;

  if (count == 0)
    return TRUE;
  /* Long reads of deflated chunks: inflated on every core */
  if (inflate_from != NULL && *inflate_from > 0 && count >= *inflate_from
      && _melt_h5_inflate_read_1d (dataset, memory_type, first, count, out))
    return TRUE;
  file_space = H5Dget_space (dataset);
  memory_space = H5Screate_simple (1, &n, NULL);
  if (file_space < 0 || memory_space < 0
      || H5Sselect_hyperslab (file_space, H5S_SELECT_SET, &start, NULL, &n, NULL) < 0
      || H5Dread (dataset, memory_type, memory_space, file_space, H5P_DEFAULT, out) < 0)
    {
      rec_error (self, MELT_RECORDING_ERROR_CORRUPT, where,
                 _("cannot read values %llu to %llu: the file is damaged or cut short"),
                 (unsigned long long) first, (unsigned long long) (first + count - 1));
      return FALSE;
    }
  return TRUE;
}

/* Reads rows [first, first + count) of column @column of a 2-D dataset,
 * or of a 1-D dataset when @column is -1 */
static gboolean
read_column (MeltRecording  *self,
             hid_t           dataset,
             const char     *where,
             hid_t           memory_type,
             gint64          column,
             guint64         first,
             gsize           count,
             void           *out,
             GError        **error)
{
  g_auto(MeltH5Space) file_space = H5I_INVALID_HID;
  g_auto(MeltH5Space) memory_space = H5I_INVALID_HID;
  hsize_t start[2] = { first, (hsize_t) column };
  hsize_t n[2] = { count, 1 };

  if (column < 0)
    return read_1d (self, dataset, where, memory_type, first, count, out, error);
  if (count == 0)
    return TRUE;
  file_space = H5Dget_space (dataset);
  memory_space = H5Screate_simple (1, n, NULL);
  if (file_space < 0 || memory_space < 0
      || H5Sselect_hyperslab (file_space, H5S_SELECT_SET, start, NULL, n, NULL) < 0
      || H5Dread (dataset, memory_type, memory_space, file_space, H5P_DEFAULT, out) < 0)
    {
      rec_error (self, MELT_RECORDING_ERROR_CORRUPT, where,
                 _("cannot read values %llu to %llu: the file is damaged or cut short"),
                 (unsigned long long) first, (unsigned long long) (first + count - 1));
      return FALSE;
    }
  return TRUE;
}

/* Reads times [first, first + count) of @axis as seconds (not checked) */
static gboolean
axis_read (MeltRecording  *self,
           Axis           *axis,
           guint64         first,
           gsize           count,
           double         *out,
           GError        **error)
{
  if (!read_1d (self, axis->dataset, axis->path, H5T_NATIVE_DOUBLE, first, count, out, error))
    return FALSE;
  /* t / divisor rounds once: 1500 us is exactly the double nearest 0.0015 */
  if (axis->convert)
    for (gsize i = 0; i < count; i++)
      out[i] = out[i] / axis->divisor * axis->scale + axis->offset;
  return TRUE;
}

/* Checks @count times read from index @first: finite, strictly increasing
 * (from @previous, the time before @first, when not NaN) */
static gboolean
check_times (MeltRecording  *self,
             const char     *where,
             const double   *times,
             guint64         first,
             gsize           count,
             double          previous,
             GError        **error)
{
  for (gsize i = 0; i < count; i++)
    {
      if (!isfinite (times[i]))
        {
          rec_error (self, MELT_RECORDING_ERROR_TIME, where,
                     _("time[%llu] is %g, expected a finite number of seconds"),
                     (unsigned long long) (first + i), times[i]);
          return FALSE;
        }
      if ((i > 0 || !isnan (previous)) && !(times[i] > (i > 0 ? times[i - 1] : previous)))
        {
          rec_error (self, MELT_RECORDING_ERROR_TIME, where,
                     /* Translators: time[INDEX] = VALUE is not after time[INDEX] = VALUE */
                     _("time[%llu] = %.17g is not after time[%llu] = %.17g: times must increase "
                       "strictly"),
                     (unsigned long long) (first + i), times[i],
                     (unsigned long long) (first + i - 1), i > 0 ? times[i - 1] : previous);
          return FALSE;
        }
    }
  return TRUE;
}

/* Opens the time dataset @name of @loc (axis->path names it in errors);
 * a mapped time (axis->convert) may be of any number type */
static gboolean
axis_open_dataset (MeltRecording  *self,
                   Axis           *axis,
                   hid_t           loc,
                   const char     *name,
                   GError        **error)
{
  g_auto(MeltH5Type) type = H5I_INVALID_HID;
  g_auto(MeltH5Plist) dcpl = H5I_INVALID_HID;
  MeltSampleType sample_type;
  hsize_t dims[1];
  double ends[2];

  axis->dataset = open_dataset (self, loc, name, axis->path, CACHE_CHUNKS, error);
  if (axis->dataset < 0)
    return FALSE;

  type = H5Dget_type (axis->dataset);
  if (axis->convert
      && (type < 0 || !sample_type_from_h5 (type, &sample_type)))
    {
      g_autofree char *found = type >= 0 ? describe_type (type) : g_strdup ("?");

      rec_error (self, MELT_RECORDING_ERROR_TYPE, axis->path,
                 _("the dataset holds %s values, expected times as integers or floating-point "
                   "numbers"), found);
      return FALSE;
    }
  if (!axis->convert
      && (type < 0 || H5Tget_class (type) != H5T_FLOAT
          || (H5Tget_size (type) != 4 && H5Tget_size (type) != 8)))
    {
      g_autofree char *found = type >= 0 ? describe_type (type) : g_strdup ("?");

      rec_error (self, MELT_RECORDING_ERROR_TYPE, axis->path,
                 _("the dataset holds %s values, expected float64 seconds"), found);
      return FALSE;
    }
  if (!check_rank (self, axis->dataset, axis->path, 1, dims, error)
      || !check_filters (self, axis->dataset, axis->path, error))
    return FALSE;
  axis->n = dims[0];

  axis->block_size = CONTIGUOUS_BLOCK;
  dcpl = H5Dget_create_plist (axis->dataset);
  if (dcpl >= 0 && H5Pget_layout (dcpl) == H5D_CHUNKED)
    {
      hsize_t chunk = 0;

      /* whole chunks, at least MIN_BLOCK times */
      if (H5Pget_chunk (dcpl, 1, &chunk) == 1 && chunk > 0)
        axis->block_size = MIN (chunk * ((MIN_BLOCK + chunk - 1) / chunk), MAX_BLOCK);
    }

  if (axis->n == 0)
    return TRUE;
  if (!axis_read (self, axis, 0, 1, &ends[0], error)
      || !axis_read (self, axis, axis->n - 1, 1, &ends[1], error)
      || !check_times (self, axis->path, &ends[0], 0, 1, NAN, error)
      || !check_times (self, axis->path, &ends[1], axis->n - 1, 1, axis->n > 1 ? ends[0] : NAN, error))
    return FALSE;
  axis->first = ends[0];
  axis->last = ends[1];
  return TRUE;
}

/* Opens `time` in @group (whose path is @group_path) */
static gboolean
axis_open (MeltRecording  *self,
           Axis           *axis,
           hid_t           group,
           const char     *group_path,
           GError        **error)
{
  axis->path = g_strconcat (group_path, "/time", NULL);
  if (!is_dataset (group, "time"))
    {
      H5Eclear2 (H5E_DEFAULT);
      rec_error (self, MELT_RECORDING_ERROR_INVALID, group_path,
                 _("there is no “time” dataset: every stream and frame stack has one, in "
                   "seconds"));
      return FALSE;
    }
  return axis_open_dataset (self, axis, group, "time", error);
}

/* Block @number of @axis, read if it is not kept */
static const Block *
axis_get_block (MeltRecording  *self,
                Axis           *axis,
                guint64         number,
                GError        **error)
{
  Block *block = NULL;
  guint64 first = number * axis->block_size;

  for (guint i = 0; i < N_BLOCKS; i++)
    if (axis->blocks[i].number == number)
      {
        axis->blocks[i].stamp = ++axis->stamp;
        return &axis->blocks[i];
      }

  /* the least recently used */
  block = &axis->blocks[0];
  for (guint i = 1; i < N_BLOCKS; i++)
    if (axis->blocks[i].stamp < block->stamp)
      block = &axis->blocks[i];

  block->number = G_MAXUINT64;
  if (block->values == NULL)
    {
      block->values = g_try_malloc (axis->block_size * sizeof (double));
      if (block->values == NULL)
        {
          rec_error (self, MELT_RECORDING_ERROR_IO, axis->path,
                     _("not enough memory for %llu bytes"),
                     (unsigned long long) (axis->block_size * sizeof (double)));
          return NULL;
        }
    }
  block->count = MIN (axis->block_size, axis->n - first);
  if (!axis_read (self, axis, first, block->count, block->values, error)
      || !check_times (self, axis->path, block->values, first, block->count, NAN, error))
    return NULL;
  self->blocks_read++;
  if (axis->firsts != NULL)
    axis->firsts[number] = block->values[0];
  block->number = number;
  block->stamp = ++axis->stamp;
  return block;
}

/* The first index whose time is > @t (@after) or >= @t; n when none */
static gboolean
axis_bound (MeltRecording  *self,
            Axis           *axis,
            double          t,
            gboolean        after,
            guint64        *out,
            GError        **error)
{
#define PAST(v) (after ? (v) > t : (v) >= t)
  guint64 n_blocks, lo, hi;
  const Block *block;
  gsize a, b;

  if (axis->n == 0 || PAST (axis->first))
    {
      *out = 0;
      return TRUE;
    }
  if (!PAST (axis->last))
    {
      *out = axis->n;
      return TRUE;
    }

  /* the last block whose first time is not past @t; the first times of
   * blocks read before need no reading */
  n_blocks = (axis->n + axis->block_size - 1) / axis->block_size;
  if (axis->firsts == NULL && n_blocks <= MAX_FIRSTS)
    {
      axis->firsts = g_try_malloc (n_blocks * sizeof (double));
      for (guint64 i = 0; axis->firsts != NULL && i < n_blocks; i++)
        axis->firsts[i] = NAN;
    }
  lo = 0;
  hi = n_blocks - 1;
  while (lo < hi)
    {
      guint64 mid = lo + (hi - lo + 1) / 2;
      double first = axis->firsts != NULL ? axis->firsts[mid] : NAN;

      if (isnan (first))
        {
          block = axis_get_block (self, axis, mid, error);
          if (block == NULL)
            return FALSE;
          first = block->values[0];
        }
      if (PAST (first))
        hi = mid - 1;
      else
        lo = mid;
    }

  block = axis_get_block (self, axis, lo, error);
  if (block == NULL)
    return FALSE;
  a = 0;
  b = block->count;
  while (a < b)
    {
      gsize mid = a + (b - a) / 2;

      if (PAST (block->values[mid]))
        b = mid;
      else
        a = mid + 1;
    }
  *out = MIN (lo * axis->block_size + a, axis->n);
  return TRUE;
#undef PAST
}

static gboolean
axis_at_or_before (MeltRecording  *self,
                   Axis           *axis,
                   double          t,
                   guint64        *index,
                   GError        **error)
{
  guint64 bound;

  if (!axis_bound (self, axis, t, TRUE, &bound, error))
    return FALSE;
  *index = bound == 0 ? MELT_RECORDING_NO_INDEX : bound - 1;
  return TRUE;
}

/* Reads every time of @axis, a block at a time, and checks them */
static gboolean
axis_verify (MeltRecording  *self,
             Axis           *axis,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autofree double *values = NULL;
  double previous = NAN;

  if (axis->n == 0)
    return TRUE;
  values = g_try_malloc (axis->block_size * sizeof (double));
  if (values == NULL)
    {
      rec_error (self, MELT_RECORDING_ERROR_IO, axis->path, _("not enough memory for %llu bytes"),
                 (unsigned long long) (axis->block_size * sizeof (double)));
      return FALSE;
    }
  for (guint64 first = 0; first < axis->n; first += axis->block_size)
    {
      gsize count = MIN (axis->block_size, axis->n - first);

      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !axis_read (self, axis, first, count, values, error)
          || !check_times (self, axis->path, values, first, count, previous, error))
        return FALSE;
      previous = values[count - 1];
    }
  return TRUE;
}

/* Member names of @group, in creation order when the group tracks it
 * (Meltline's writer does), else in name order */
static GPtrArray *
list_members (MeltRecording  *self,
              hid_t           group,
              const char     *where,
              GError        **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_auto(MeltH5Plist) gcpl = H5Gget_create_plist (group);
  H5_index_t index = H5_INDEX_NAME;
  unsigned flags = 0;
  hsize_t position = 0;

  if (gcpl >= 0 && H5Pget_link_creation_order (gcpl, &flags) >= 0
      && (flags & H5P_CRT_ORDER_INDEXED) != 0)
    index = H5_INDEX_CRT_ORDER;
  if (H5Literate (group, index, H5_ITER_INC, &position, _melt_hdf5_collect_link_name,
                  names) < 0)
    {
      rec_error (self, MELT_RECORDING_ERROR_CORRUPT, where, _("cannot list the group"));
      return NULL;
    }
  return g_steal_pointer (&names);
}

/* Streams */

/* Opens the dataset @dataset_name of @loc as channel @name (@path names it
 * in errors): 1-D, or 2-D read at @column when it is not -1. The mapping's
 * @mapped_units and @mapped_long_name, when not NULL, stand for the
 * dataset's attributes. */
static gboolean
open_channel (MeltRecording         *self,
              Stream                *stream,
              hid_t                  loc,
              const char            *dataset_name,
              const char            *name,
              const char            *path,
              gint64                 column,
              const char            *mapped_units,
              const char            *mapped_long_name,
              MeltRecordingChannel  *channel,
              hid_t                 *dataset_out,
              GError               **error)
{
  g_auto(MeltH5Dataset) dataset = open_dataset (self, loc, dataset_name, path, CACHE_CHUNKS, error);
  g_auto(MeltH5Type) type = H5I_INVALID_HID;
  g_autofree char *units = NULL;
  g_autofree char *long_name = NULL;
  hsize_t dims[2];

  if (dataset < 0)
    return FALSE;
  type = H5Dget_type (dataset);
  if (type < 0 || !sample_type_from_h5 (type, &channel->type))
    {
      g_autofree char *found = type >= 0 ? describe_type (type) : g_strdup ("?");

      rec_error (self, MELT_RECORDING_ERROR_TYPE, path,
                 _("the dataset holds %s values; a channel holds integers or floating-point "
                   "numbers (int8 to uint64, float32, float64)"), found);
      return FALSE;
    }
  if (column >= 0)
    {
      if (!check_rank (self, dataset, path, 2, dims, error))
        return FALSE;
      if ((guint64) column >= dims[1])
        {
          rec_error (self, MELT_RECORDING_ERROR_INVALID, path,
                     _("column %llu is past the last column of the dataset (it has %llu)"),
                     (unsigned long long) column, (unsigned long long) dims[1]);
          return FALSE;
        }
    }
  else if (stream->columns != NULL)
    {
      /* a mapped channel: say how to read a 2-D dataset */
      g_auto(MeltH5Space) space = H5Dget_space (dataset);
      int rank = space >= 0 ? H5Sget_simple_extent_ndims (space) : -1;

      if (rank == 2)
        {
          rec_error (self, MELT_RECORDING_ERROR_TYPE, path,
                     _("the dataset has rank 2, expected rank 1: give the “column” to read in "
                       "the mapping"));
          return FALSE;
        }
      if (!check_rank (self, dataset, path, 1, dims, error))
        return FALSE;
    }
  else if (!check_rank (self, dataset, path, 1, dims, error))
    return FALSE;
  if (dims[0] != stream->axis.n)
    {
      rec_error (self, MELT_RECORDING_ERROR_INVALID, path,
                 _("the channel holds %llu samples, expected %llu (the length of %s)"),
                 (unsigned long long) dims[0], (unsigned long long) stream->axis.n,
                 stream->axis.path);
      return FALSE;
    }
  if (!check_filters (self, dataset, path, error)
      || (mapped_units == NULL
          && !read_string_attr (self, dataset, path, "units", FALSE, &units, error))
      || (mapped_long_name == NULL
          && !read_string_attr (self, dataset, path, "long_name", FALSE, &long_name, error)))
    return FALSE;
  if (mapped_units != NULL)
    units = g_strdup (mapped_units);
  if (mapped_long_name != NULL)
    long_name = g_strdup (mapped_long_name);

  channel->name = g_string_chunk_insert_const (self->strings, name);
  channel->units = g_string_chunk_insert_const (self->strings, units != NULL ? units : "");
  channel->long_name = g_string_chunk_insert_const (self->strings,
                                                    long_name != NULL ? long_name : name);
  *dataset_out = steal_hid (&dataset);
  return TRUE;
}

static gboolean
read_rate (MeltRecording  *self,
           hid_t           group,
           const char     *where,
           double         *rate_hz,
           GError        **error)
{
  gboolean present;

  *rate_hz = 0;
  if (!read_number_attr (self, group, where, "rate_hz", FALSE, rate_hz, &present, error))
    return FALSE;
  if (present && !(isfinite (*rate_hz) && *rate_hz >= 0))
    {
      rec_error (self, MELT_RECORDING_ERROR_INVALID, where,
                 _("the attribute “%s” is %g, expected a finite number of 0 or more"),
                 "rate_hz", *rate_hz);
      return FALSE;
    }
  if (!present)
    *rate_hz = 0;
  return TRUE;
}

static gboolean
open_stream (MeltRecording  *self,
             hid_t           streams,
             const char     *name,
             GError        **error)
{
  g_autofree char *path = g_strconcat ("/streams/", name, NULL);
  g_auto(MeltH5Group) group = H5Gopen2 (streams, name, H5P_DEFAULT);
  g_autoptr(GPtrArray) members = NULL;
  Stream *stream;
  guint n = 0;

  if (group < 0)
    {
      rec_error (self, MELT_RECORDING_ERROR_CORRUPT, path, _("cannot open the group"));
      return FALSE;
    }
  stream = g_new0 (Stream, 1);
  axis_init (&stream->axis);
  g_ptr_array_add (self->streams, stream);
  stream->pub.name = g_string_chunk_insert_const (self->strings, name);

  if (!read_rate (self, group, path, &stream->pub.rate_hz, error)
      || !axis_open (self, &stream->axis, group, path, error))
    return FALSE;
  stream->pub.n_samples = stream->axis.n;
  stream->pub.start_s = stream->axis.first;
  stream->pub.end_s = stream->axis.last;

  members = list_members (self, group, path, error);
  if (members == NULL)
    return FALSE;
  stream->channels = g_new0 (MeltRecordingChannel, members->len);
  stream->paths = g_new0 (char *, members->len);
  stream->datasets = g_new (hid_t, members->len);
  for (guint i = 0; i < members->len; i++)
    {
      const char *member = g_ptr_array_index (members, i);

      if (strcmp (member, "time") == 0 || !is_dataset (group, member))
        continue;
      stream->paths[n] = g_strconcat (path, "/", member, NULL);
      stream->datasets[n] = H5I_INVALID_HID;
      stream->pub.n_channels = ++n;
      if (!open_channel (self, stream, group, member, member, stream->paths[n - 1], -1, NULL, NULL,
                         &stream->channels[n - 1], &stream->datasets[n - 1], error))
        return FALSE;
    }
  H5Eclear2 (H5E_DEFAULT);
  stream->pub.channels = stream->channels;
  return TRUE;
}

/* Opens the frame data @data_name of @loc (frames->path names it in
 * errors), one frame per time of frames->axis. A mapped stack may hold any
 * number type: 8- and 16-bit unsigned integers are read as uint16, others
 * as float32. The mapping's @mapped_units and @mapped_long_name, when not
 * NULL, stand for the dataset's attributes. */
static gboolean
frames_open_data (MeltRecording  *self,
                  Frames         *frames,
                  hid_t           loc,
                  const char     *data_name,
                  gboolean        mapped,
                  const char     *mapped_units,
                  const char     *mapped_long_name,
                  GError        **error)
{
  g_auto(MeltH5Type) type = H5I_INVALID_HID;
  g_autofree char *units = NULL;
  g_autofree char *long_name = NULL;
  MeltSampleType stored;
  hsize_t dims[3];
  gsize bytes;

  /* Probe the shape first: the chunk cache is sized from it */
  frames->data = open_dataset (self, loc, data_name, frames->path, CACHE_FRAMES, error);
  if (frames->data < 0)
    return FALSE;
  type = H5Dget_type (frames->data);
  if (mapped && type >= 0 && sample_type_from_h5 (type, &stored))
    frames->pub.type = stored == MELT_SAMPLE_UINT8 || stored == MELT_SAMPLE_UINT16
                       ? MELT_SAMPLE_UINT16 : MELT_SAMPLE_FLOAT32;
  else if (mapped)
    {
      g_autofree char *found = type >= 0 ? describe_type (type) : g_strdup ("?");

      rec_error (self, MELT_RECORDING_ERROR_TYPE, frames->path,
                 _("the dataset holds %s values, expected frames of integers or floating-point "
                   "numbers"), found);
      return FALSE;
    }
  else if (type < 0 || !sample_type_from_h5 (type, &frames->pub.type)
           || (frames->pub.type != MELT_SAMPLE_UINT16 && frames->pub.type != MELT_SAMPLE_FLOAT32))
    {
      g_autofree char *found = type >= 0 ? describe_type (type) : g_strdup ("?");

      rec_error (self, MELT_RECORDING_ERROR_TYPE, frames->path,
                 _("the dataset holds %s values, expected uint16 or float32 frames"), found);
      return FALSE;
    }
  if (!check_rank (self, frames->data, frames->path, 3, dims, error))
    return FALSE;
  if (dims[0] != frames->axis.n)
    {
      rec_error (self, MELT_RECORDING_ERROR_INVALID, frames->path,
                 _("the stack holds %llu frames, expected %llu (the length of %s)"),
                 (unsigned long long) dims[0], (unsigned long long) frames->axis.n,
                 frames->axis.path);
      return FALSE;
    }
  bytes = melt_sample_type_get_size (frames->pub.type);
  if (dims[1] == 0 || dims[2] == 0 || dims[1] > G_MAXUINT16 || dims[2] > G_MAXUINT16
      || dims[1] * dims[2] * bytes > MAX_FRAME_BYTES)
    {
      rec_error (self, MELT_RECORDING_ERROR_INVALID, frames->path,
                 _("frames of %llu × %llu pixels: expected 1 to 65535 each way, at most %lu MiB "
                   "a frame"),
                 (unsigned long long) dims[1], (unsigned long long) dims[2],
                 (unsigned long) (MAX_FRAME_BYTES >> 20));
      return FALSE;
    }
  if (!check_filters (self, frames->data, frames->path, error)
      || (mapped_units == NULL
          && !read_string_attr (self, frames->data, frames->path, "units", FALSE, &units, error))
      || (mapped_long_name == NULL
          && !read_string_attr (self, frames->data, frames->path, "long_name", FALSE, &long_name,
                                error)))
    return FALSE;
  if (mapped_units != NULL)
    units = g_strdup (mapped_units);
  if (mapped_long_name != NULL)
    long_name = g_strdup (mapped_long_name);

  frames->pub.n_frames = frames->axis.n;
  frames->pub.height = (guint) dims[1];
  frames->pub.width = (guint) dims[2];
  frames->frame_bytes = dims[1] * dims[2] * bytes;
  frames->pub.units = g_string_chunk_insert_const (self->strings, units != NULL ? units : "");
  frames->pub.long_name = g_string_chunk_insert_const (self->strings,
                                                       long_name != NULL ? long_name
                                                                         : frames->pub.name);
  frames->pub.start_s = frames->axis.first;
  frames->pub.end_s = frames->axis.last;
  return TRUE;
}

static gboolean
open_frames (MeltRecording  *self,
             hid_t           parent,
             const char     *name,
             GError        **error)
{
  g_autofree char *path = g_strconcat ("/frames/", name, NULL);
  g_auto(MeltH5Group) group = H5Gopen2 (parent, name, H5P_DEFAULT);
  Frames *frames;

  if (group < 0)
    {
      rec_error (self, MELT_RECORDING_ERROR_CORRUPT, path, _("cannot open the group"));
      return FALSE;
    }
  frames = g_new0 (Frames, 1);
  frames->data = H5I_INVALID_HID;
  axis_init (&frames->axis);
  g_ptr_array_add (self->frames, frames);
  frames->pub.name = g_string_chunk_insert_const (self->strings, name);
  frames->path = g_strconcat (path, "/data", NULL);

  if (!read_rate (self, group, path, &frames->pub.rate_hz, error)
      || !axis_open (self, &frames->axis, group, path, error))
    return FALSE;
  if (!is_dataset (group, "data"))
    {
      H5Eclear2 (H5E_DEFAULT);
      rec_error (self, MELT_RECORDING_ERROR_INVALID, path,
                 _("there is no “data” dataset: a frame stack holds its frames in one"));
      return FALSE;
    }
  return frames_open_data (self, frames, group, "data", FALSE, NULL, NULL, error);
}

/* Opens every member group of /streams or /frames */
static gboolean
open_groups (MeltRecording  *self,
             const char     *path,
             gboolean      (*open_one) (MeltRecording *, hid_t, const char *, GError **),
             GCancellable   *cancellable,
             GError        **error)
{
  g_auto(MeltH5Group) group = H5I_INVALID_HID;
  g_autoptr(GPtrArray) members = NULL;

  if (!is_group (self->h5, path))
    {
      H5Eclear2 (H5E_DEFAULT);
      return TRUE;
    }
  group = H5Gopen2 (self->h5, path, H5P_DEFAULT);
  if (group < 0)
    {
      rec_error (self, MELT_RECORDING_ERROR_CORRUPT, path, _("cannot open the group"));
      return FALSE;
    }
  members = list_members (self, group, path, error);
  if (members == NULL)
    return FALSE;
  for (guint i = 0; i < members->len; i++)
    {
      const char *name = g_ptr_array_index (members, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!is_group (group, name))
        {
          H5Eclear2 (H5E_DEFAULT);
          g_debug ("%s: %s/%s is not a group, ignored", self->display, path, name);
          continue;
        }
      if (!open_one (self, group, name, error))
        return FALSE;
    }
  return TRUE;
}

/* Events */

/* Reads a 1-D string dataset of @n strings (fixed- or variable-length)
 * into the string chunk */
static const char **
read_strings (MeltRecording  *self,
              hid_t           dataset,
              const char     *where,
              guint64         n,
              GError        **error)
{
  g_auto(MeltH5Type) type = H5Dget_type (dataset);
  g_auto(MeltH5Type) memory_type = H5I_INVALID_HID;
  g_auto(MeltH5Space) space = H5I_INVALID_HID;
  g_autofree const char **out = NULL;

  if (type < 0 || H5Tget_class (type) != H5T_STRING)
    {
      g_autofree char *found = type >= 0 ? describe_type (type) : g_strdup ("?");

      rec_error (self, MELT_RECORDING_ERROR_TYPE, where,
                 _("the dataset holds %s values, expected strings"), found);
      return NULL;
    }
  out = g_new0 (const char *, MAX (n, 1));
  if (n == 0)
    return g_steal_pointer (&out);

  memory_type = H5Tcopy (H5T_C_S1);
  H5Tset_cset (memory_type, H5Tget_cset (type));
  if (H5Tis_variable_str (type) > 0)
    {
      g_autofree char **vlen = g_new0 (char *, n);

      H5Tset_size (memory_type, H5T_VARIABLE);
      space = H5Dget_space (dataset);
      if (H5Dread (dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, vlen) < 0)
        {
          rec_error (self, MELT_RECORDING_ERROR_CORRUPT, where,
                     _("cannot read the dataset: the file is damaged or cut short"));
          return NULL;
        }
      for (guint64 i = 0; i < n; i++)
        {
          const char *s = vlen[i] != NULL ? vlen[i] : "";
          gsize len = strnlen (s, MAX_EVENT_TEXT);
          g_autofree char *valid = g_utf8_make_valid (s, len);

          out[i] = g_string_chunk_insert_const (self->strings, valid);
        }
      H5Dvlen_reclaim (memory_type, space, H5P_DEFAULT, vlen);
    }
  else
    {
      gsize size = H5Tget_size (type);
      g_autofree char *buffer = NULL;

      if (size == 0 || size > MAX_EVENT_TEXT)
        {
          rec_error (self, MELT_RECORDING_ERROR_INVALID, where,
                     _("strings of %lu bytes, expected 1 to %lu"),
                     (unsigned long) size, (unsigned long) MAX_EVENT_TEXT);
          return NULL;
        }
      H5Tset_size (memory_type, size);
      H5Tset_strpad (memory_type, H5T_STR_NULLPAD);
      buffer = g_try_malloc0 (n * size);
      if (buffer == NULL)
        {
          rec_error (self, MELT_RECORDING_ERROR_IO, where, _("not enough memory for %llu bytes"),
                     (unsigned long long) (n * size));
          return NULL;
        }
      if (H5Dread (dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer) < 0)
        {
          rec_error (self, MELT_RECORDING_ERROR_CORRUPT, where,
                     _("cannot read the dataset: the file is damaged or cut short"));
          return NULL;
        }
      for (guint64 i = 0; i < n; i++)
        {
          const char *s = buffer + i * size;
          g_autofree char *valid = g_utf8_make_valid (s, strnlen (s, size));

          out[i] = g_string_chunk_insert_const (self->strings, valid);
        }
    }
  return g_steal_pointer (&out);
}

typedef struct
{
  MeltRecordingEvent event;
  guint64            order;
} SortedEvent;

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const SortedEvent *x = a, *y = b;

  if (x->event.time_s != y->event.time_s)
    return x->event.time_s < y->event.time_s ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* Reads the events from the datasets @names of @loc (time, kind, text;
 * @wheres name them in errors). For a mapped file, @time converts the
 * times (of any number type) and names[2] may be NULL: every text is "". */
static gboolean
read_event_datasets (MeltRecording                   *self,
                     hid_t                            loc,
                     const char * const              *names,
                     const char * const              *wheres,
                     const MeltRecordingMappingTime  *time,
                     GError                         **error)
{
  g_auto(MeltH5Dataset) time_ds = H5I_INVALID_HID;
  g_auto(MeltH5Dataset) kind_ds = H5I_INVALID_HID;
  g_auto(MeltH5Dataset) text_ds = H5I_INVALID_HID;
  hid_t *datasets[3] = { &time_ds, &kind_ds, &text_ds };
  g_autofree double *times = NULL;
  g_autofree const char **kinds = NULL;
  g_autofree const char **texts = NULL;
  g_autofree SortedEvent *sorted = NULL;
  guint64 n = 0;
  gboolean in_order = TRUE;

  for (guint i = 0; i < 3; i++)
    {
      const char *path = wheres[i];
      hsize_t dims[1];

      if (names[i] == NULL)
        continue;
      if (time != NULL ? !is_dataset_path (self->h5, names[i]) : !is_dataset (loc, names[i]))
        {
          H5Eclear2 (H5E_DEFAULT);
          if (time != NULL)
            rec_error (self, MELT_RECORDING_ERROR_INVALID, path,
                       _("there is no dataset of that path in the file"));
          else
            rec_error (self, MELT_RECORDING_ERROR_INVALID, path,
                       _("the dataset is missing: events are three datasets, time, kind and text"));
          return FALSE;
        }
      *datasets[i] = open_dataset (self, loc, names[i], path, 1, error);
      if (*datasets[i] < 0
          || !check_rank (self, *datasets[i], path, 1, dims, error)
          || !check_filters (self, *datasets[i], path, error))
        return FALSE;
      if (i == 0)
        n = dims[0];
      if (dims[0] != n)
        {
          rec_error (self, MELT_RECORDING_ERROR_INVALID, path,
                     _("the dataset holds %llu values, expected %llu (the length of %s)"),
                     (unsigned long long) dims[0], (unsigned long long) n, wheres[0]);
          return FALSE;
        }
      if (n > MAX_EVENTS)
        {
          rec_error (self, MELT_RECORDING_ERROR_INVALID, path,
                     _("%llu events, more than the %lu Meltline reads"),
                     (unsigned long long) n, (unsigned long) MAX_EVENTS);
          return FALSE;
        }
    }

  {
    g_auto(MeltH5Type) type = H5Dget_type (time_ds);
    MeltSampleType stored;

    if (time != NULL && (type < 0 || !sample_type_from_h5 (type, &stored)))
      {
        g_autofree char *found = type >= 0 ? describe_type (type) : g_strdup ("?");

        rec_error (self, MELT_RECORDING_ERROR_TYPE, wheres[0],
                   _("the dataset holds %s values, expected times as integers or floating-point "
                     "numbers"), found);
        return FALSE;
      }
    if (time == NULL && (type < 0 || H5Tget_class (type) != H5T_FLOAT))
      {
        g_autofree char *found = type >= 0 ? describe_type (type) : g_strdup ("?");

        rec_error (self, MELT_RECORDING_ERROR_TYPE, wheres[0],
                   _("the dataset holds %s values, expected float64 seconds"), found);
        return FALSE;
      }
  }
  times = g_new (double, MAX (n, 1));
  if (!read_1d (self, time_ds, wheres[0], H5T_NATIVE_DOUBLE, 0, n, times, error))
    return FALSE;
  if (time != NULL)
    for (guint64 i = 0; i < n; i++)
      times[i] = times[i] / time->divisor * time->scale + time->offset_s;
  kinds = read_strings (self, kind_ds, wheres[1], n, error);
  if (kinds == NULL)
    return FALSE;
  if (names[2] != NULL)
    texts = read_strings (self, text_ds, wheres[2], n, error);
  else
    texts = g_new0 (const char *, MAX (n, 1));
  if (texts == NULL)
    return FALSE;

  sorted = g_new (SortedEvent, MAX (n, 1));
  for (guint64 i = 0; i < n; i++)
    {
      if (!isfinite (times[i]))
        {
          rec_error (self, MELT_RECORDING_ERROR_TIME, wheres[0],
                     _("time[%llu] is %g, expected a finite number of seconds"),
                     (unsigned long long) i, times[i]);
          return FALSE;
        }
      sorted[i].event.time_s = times[i];
      sorted[i].event.kind = kinds[i];
      sorted[i].event.text = texts[i] != NULL ? texts[i] : "";
      sorted[i].order = i;
      if (i > 0 && times[i] < times[i - 1])
        in_order = FALSE;
    }
  if (!in_order)
    qsort (sorted, n, sizeof *sorted, compare_events);
  g_array_set_size (self->events, n);
  for (guint64 i = 0; i < n; i++)
    g_array_index (self->events, MeltRecordingEvent, i) = sorted[i].event;
  return TRUE;
}

static gboolean
read_events (MeltRecording  *self,
             GError        **error)
{
  static const char * const names[] = { "time", "kind", "text" };
  static const char * const wheres[] = { "/events/time", "/events/kind", "/events/text" };
  g_auto(MeltH5Group) group = H5I_INVALID_HID;

  if (!is_group (self->h5, "/events"))
    {
      H5Eclear2 (H5E_DEFAULT);
      return TRUE;
    }
  group = H5Gopen2 (self->h5, "/events", H5P_DEFAULT);
  if (group < 0)
    {
      rec_error (self, MELT_RECORDING_ERROR_CORRUPT, "/events", _("cannot open the group"));
      return FALSE;
    }
  return read_event_datasets (self, group, names, wheres, NULL, error);
}

/* Root */

static gboolean
read_root (MeltRecording  *self,
           GError        **error)
{
  g_autofree char *format = NULL;
  g_autofree char *platform = NULL;
  double version = 0, simulated = 0;
  gboolean present;
  int value;

  if (H5Aexists (self->h5, "format") <= 0)
    {
      rec_error (self, MELT_RECORDING_ERROR_FORMAT, "/",
                 _("no “format” attribute: not a Meltline recording (“%s”); a mapping file "
                   "opens HDF5 files of other layouts"),
                 MELT_RECORDING_FORMAT);
      return FALSE;
    }
  if (!read_string_attr (self, self->h5, "/", "format", TRUE, &format, error))
    {
      g_clear_error (error);
      rec_error (self, MELT_RECORDING_ERROR_FORMAT, "/",
                 _("the “format” attribute is not a string: not a Meltline recording (“%s”); a "
                   "mapping file opens HDF5 files of other layouts"),
                 MELT_RECORDING_FORMAT);
      return FALSE;
    }
  if (strcmp (format, MELT_RECORDING_FORMAT) != 0)
    {
      rec_error (self, MELT_RECORDING_ERROR_FORMAT, "/",
                 _("the “format” attribute is “%s”, not “%s”: not a Meltline recording; a "
                   "mapping file opens HDF5 files of other layouts"),
                 format, MELT_RECORDING_FORMAT);
      return FALSE;
    }
  if (!read_number_attr (self, self->h5, "/", "format_version", TRUE, &version, &present, error))
    return FALSE;
  if (version != MELT_RECORDING_FORMAT_VERSION)
    {
      rec_error (self, MELT_RECORDING_ERROR_VERSION, "/",
                 _("format_version %g is not one this version of Meltline reads (%d)"),
                 version, MELT_RECORDING_FORMAT_VERSION);
      return FALSE;
    }

  if (!read_string_attr (self, self->h5, "/", "run_id", TRUE, &self->run_id, error)
      || !read_string_attr (self, self->h5, "/", "platform", TRUE, &platform, error)
      || !read_number_attr (self, self->h5, "/", "simulated", TRUE, &simulated, &present, error)
      || !read_string_attr (self, self->h5, "/", "material", FALSE, &self->material, error)
      || !read_string_attr (self, self->h5, "/", "created_by", FALSE, &self->created_by, error)
      || !read_string_attr (self, self->h5, "/", "process", FALSE, &self->process_json, error))
    return FALSE;
  if (!melt_enum_from_nick (MELT_TYPE_PLATFORM, platform, &value))
    {
      rec_error (self, MELT_RECORDING_ERROR_INVALID, "/",
                 _("the attribute “%s” is “%s”, expected ground, parabolic, suborbital or "
                   "orbital"),
                 "platform", platform);
      return FALSE;
    }
  self->platform = value;
  if (simulated != 0 && simulated != 1)
    {
      rec_error (self, MELT_RECORDING_ERROR_INVALID, "/",
                 _("the attribute “%s” is %g, expected 0 or 1"), "simulated", simulated);
      return FALSE;
    }
  self->simulated = simulated == 1;
  return TRUE;
}

/* Opens the HDF5 file read-only */
static gboolean
open_h5 (MeltRecording  *self,
         const char     *path,
         gboolean        mapped,
         GError        **error)
{
  g_auto(MeltH5Plist) fapl = H5Pcreate (H5P_FILE_ACCESS);

  if (g_access (path, R_OK) != 0)
    {
      int saved = errno;

      g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_IO,
                   _("%s: cannot open the file: %s"), self->display, g_strerror (saved));
      return FALSE;
    }
  if (H5Fis_hdf5 (path) <= 0)
    {
      if (mapped)
        rec_error (self, MELT_RECORDING_ERROR_NOT_HDF5, "/",
                   _("not an HDF5 file, expected the HDF5 file the mapping describes"));
      else
        rec_error (self, MELT_RECORDING_ERROR_NOT_HDF5, "/",
                   _("not an HDF5 file, expected a Meltline recording (“%s”)"),
                   MELT_RECORDING_FORMAT);
      return FALSE;
    }
#if H5_VERSION_GE (1, 10, 7)
  /* Read-only files on file systems without locks (NFS, some FUSE) */
  if (fapl >= 0)
    H5Pset_file_locking (fapl, TRUE, TRUE);
#endif
  /* Scattered reads (the times of a plot's points) read this much around
   * each element of a raw chunk or a contiguous dataset; larger reads go
   * straight to the caller's buffer */
  if (fapl >= 0)
    H5Pset_sieve_buf_size (fapl, SIEVE_BYTES);
  self->h5 = H5Fopen (path, H5F_ACC_RDONLY, fapl >= 0 ? fapl : H5P_DEFAULT);
  if (self->h5 < 0)
    {
      rec_error (self, MELT_RECORDING_ERROR_CORRUPT, "/",
                 _("cannot open the HDF5 file: it is damaged or cut short"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
open_file (MeltRecording  *self,
           const char     *path,
           GCancellable   *cancellable,
           GError        **error)
{
  return open_h5 (self, path, FALSE, error)
         && read_root (self, error)
         && open_groups (self, "/streams", open_stream, cancellable, error)
         && open_groups (self, "/frames", open_frames, cancellable, error)
         && read_events (self, error);
}

/* Mapped files */

/* How a dataset of a mapped file is named in errors: its HDF5 path and
 * where the mapping names it */
static char *
mapped_where (MeltRecording        *self,
              MeltRecordingMapping *mapping,
              const char           *path,
              const char           *json_path)
{
  /* Translators: HDF5 PATH (mapping MAPPING FILE: JSON PATH), e.g.
   * “/data/t_us (mapping run.json: $.streams[0].time.path)” */
  return g_strdup_printf (_("%s (mapping %s: %s)"), path,
                          melt_recording_mapping_get_display (mapping), json_path);
}

static gboolean
check_mapped_dataset (MeltRecording  *self,
                      const char     *path,
                      const char     *where,
                      GError        **error)
{
  if (is_dataset_path (self->h5, path))
    return TRUE;
  H5Eclear2 (H5E_DEFAULT);
  rec_error (self, MELT_RECORDING_ERROR_INVALID, where,
             _("there is no dataset of that path in the file"));
  return FALSE;
}

static gboolean
open_mapped_axis (MeltRecording                   *self,
                  MeltRecordingMapping            *mapping,
                  Axis                            *axis,
                  const MeltRecordingMappingTime  *time,
                  GError                         **error)
{
  axis->path = mapped_where (self, mapping, time->path, time->json_path);
  axis->convert = TRUE;
  axis->divisor = time->divisor;
  axis->scale = time->scale;
  axis->offset = time->offset_s;
  return check_mapped_dataset (self, time->path, axis->path, error)
         && axis_open_dataset (self, axis, self->h5, time->path, error);
}

static gboolean
open_mapped_stream (MeltRecording                     *self,
                    MeltRecordingMapping              *mapping,
                    const MeltRecordingMappingStream  *spec,
                    GError                           **error)
{
  Stream *stream = g_new0 (Stream, 1);

  axis_init (&stream->axis);
  g_ptr_array_add (self->streams, stream);
  stream->pub.name = g_string_chunk_insert_const (self->strings, spec->name);
  stream->pub.rate_hz = spec->rate_hz;
  if (!open_mapped_axis (self, mapping, &stream->axis, &spec->time, error))
    return FALSE;
  stream->pub.n_samples = stream->axis.n;
  stream->pub.start_s = stream->axis.first;
  stream->pub.end_s = stream->axis.last;

  stream->channels = g_new0 (MeltRecordingChannel, MAX (spec->n_channels, 1));
  stream->paths = g_new0 (char *, MAX (spec->n_channels, 1));
  stream->datasets = g_new (hid_t, MAX (spec->n_channels, 1));
  stream->columns = g_new (gint64, MAX (spec->n_channels, 1));
  stream->pub.channels = stream->channels;
  for (guint i = 0; i < spec->n_channels; i++)
    {
      const MeltRecordingMappingChannel *c = &spec->channels[i];

      stream->paths[i] = mapped_where (self, mapping, c->path, c->json_path);
      stream->datasets[i] = H5I_INVALID_HID;
      stream->columns[i] = c->column;
      stream->pub.n_channels = i + 1;
      if (!check_mapped_dataset (self, c->path, stream->paths[i], error)
          || !open_channel (self, stream, self->h5, c->path, c->name, stream->paths[i], c->column,
                            c->units, c->long_name, &stream->channels[i], &stream->datasets[i],
                            error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
open_mapped_frames (MeltRecording                     *self,
                    MeltRecordingMapping              *mapping,
                    const MeltRecordingMappingFrames  *spec,
                    GError                           **error)
{
  Frames *frames = g_new0 (Frames, 1);

  frames->data = H5I_INVALID_HID;
  axis_init (&frames->axis);
  g_ptr_array_add (self->frames, frames);
  frames->pub.name = g_string_chunk_insert_const (self->strings, spec->name);
  frames->pub.rate_hz = spec->rate_hz;
  frames->path = mapped_where (self, mapping, spec->path, spec->json_path);
  return open_mapped_axis (self, mapping, &frames->axis, &spec->time, error)
         && check_mapped_dataset (self, spec->path, frames->path, error)
         && frames_open_data (self, frames, self->h5, spec->path, TRUE, spec->units,
                              spec->long_name, error);
}

static gboolean
open_mapped_events (MeltRecording         *self,
                    MeltRecordingMapping  *mapping,
                    GError               **error)
{
  const MeltRecordingMappingEvents *spec = melt_recording_mapping_get_events (mapping);
  g_autofree char *time_where = NULL;
  g_autofree char *kind_where = NULL;
  g_autofree char *text_where = NULL;

  if (spec == NULL)
    return TRUE;
  time_where = mapped_where (self, mapping, spec->time.path, spec->time.json_path);
  kind_where = mapped_where (self, mapping, spec->kind, spec->kind_json_path);
  if (spec->text != NULL)
    text_where = mapped_where (self, mapping, spec->text, spec->text_json_path);
  {
    const char * const names[] = { spec->time.path, spec->kind, spec->text };
    const char * const wheres[] = { time_where, kind_where, text_where };

    return read_event_datasets (self, self->h5, names, wheres, &spec->time, error);
  }
}

static gboolean
open_mapped_file (MeltRecording         *self,
                  MeltRecordingMapping  *mapping,
                  const char            *path,
                  GCancellable          *cancellable,
                  GError               **error)
{
  const char *process_json = melt_recording_mapping_get_process_json (mapping);
  const char *material = melt_recording_mapping_get_material (mapping);
  const char *run_id = melt_recording_mapping_get_run_id (mapping);

  if (!open_h5 (self, path, TRUE, error))
    return FALSE;

  /* the run id defaults to the file's name without its extension */
  if (run_id != NULL)
    self->run_id = g_strdup (run_id);
  else
    {
      g_autofree char *base = g_path_get_basename (path);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      self->run_id = g_steal_pointer (&base);
    }
  self->platform = melt_recording_mapping_get_platform (mapping);
  self->material = g_strdup (material);
  self->process_json = g_strdup (process_json);
  self->simulated = melt_recording_mapping_get_simulated (mapping);

  for (guint i = 0; i < melt_recording_mapping_get_n_streams (mapping); i++)
    if (g_cancellable_set_error_if_cancelled (cancellable, error)
        || !open_mapped_stream (self, mapping, melt_recording_mapping_get_stream (mapping, i), error))
      return FALSE;
  for (guint i = 0; i < melt_recording_mapping_get_n_frames (mapping); i++)
    if (g_cancellable_set_error_if_cancelled (cancellable, error)
        || !open_mapped_frames (self, mapping, melt_recording_mapping_get_frames (mapping, i), error))
      return FALSE;
  return open_mapped_events (self, mapping, error);
}

MeltRecording *
melt_recording_open_mapped (GFile                 *file,
                            MeltRecordingMapping  *mapping,
                            GCancellable          *cancellable,
                            GError               **error)
{
  g_autoptr(MeltRecording) self = NULL;
  g_autofree char *path = NULL;
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (MELT_IS_RECORDING_MAPPING (mapping), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MELT_TYPE_RECORDING, NULL);
  self->file = g_object_ref (file);
  self->display = g_file_get_parse_name (file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_IO,
                   _("%s: a recording can only be read from a local file"), self->display);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  _melt_hdf5_lock ();
  ok = open_mapped_file (self, mapping, path, cancellable, error);
  _melt_hdf5_unlock ();

  return ok ? g_steal_pointer (&self) : NULL;
}

MeltRecording *
melt_recording_open_with_mapping (GFile         *file,
                                  GFile         *mapping,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(MeltRecordingMapping) parsed = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (G_IS_FILE (mapping), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parsed = melt_recording_mapping_load (mapping, cancellable, error);
  if (parsed == NULL)
    return NULL;
  return melt_recording_open_mapped (file, parsed, cancellable, error);
}

MeltRecording *
melt_recording_open (GFile         *file,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(MeltRecording) self = NULL;
  g_autofree char *path = NULL;
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MELT_TYPE_RECORDING, NULL);
  self->file = g_object_ref (file);
  self->display = g_file_get_parse_name (file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_IO,
                   _("%s: a recording can only be read from a local file"), self->display);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  _melt_hdf5_lock ();
  ok = open_file (self, path, cancellable, error);
  _melt_hdf5_unlock ();

  return ok ? g_steal_pointer (&self) : NULL;
}

/* Root attributes */

GFile *
melt_recording_get_file (MeltRecording *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING (self), NULL);
  return self->file;
}

const char *
melt_recording_get_run_id (MeltRecording *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING (self), NULL);
  return self->run_id;
}

MeltPlatform
melt_recording_get_platform (MeltRecording *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING (self), MELT_PLATFORM_GROUND);
  return self->platform;
}

gboolean
melt_recording_get_simulated (MeltRecording *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING (self), FALSE);
  return self->simulated;
}

const char *
melt_recording_get_material (MeltRecording *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING (self), NULL);
  return self->material;
}

const char *
melt_recording_get_created_by (MeltRecording *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING (self), NULL);
  return self->created_by;
}

const char *
melt_recording_get_process_json (MeltRecording *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING (self), NULL);
  return self->process_json;
}

MeltProcess *
melt_recording_load_process (MeltRecording  *self,
                             GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (MELT_IS_RECORDING (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->process_json == NULL)
    {
      g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_INVALID,
                   _("%s: /: the recording names no process set (no “process” attribute)"),
                   self->display);
      return NULL;
    }
  display = g_strdup_printf ("%s:/@process", self->display);
  bytes = g_bytes_new (self->process_json, strlen (self->process_json));
  return melt_process_load_bytes (bytes, display, error);
}

gboolean
melt_recording_get_time_span (MeltRecording *self,
                              double        *start_s,
                              double        *end_s)
{
  double start = INFINITY, end = -INFINITY;

  g_return_val_if_fail (MELT_IS_RECORDING (self), FALSE);

  for (guint i = 0; i < self->streams->len; i++)
    {
      const Stream *s = g_ptr_array_index (self->streams, i);

      if (s->axis.n > 0)
        start = MIN (start, s->axis.first), end = MAX (end, s->axis.last);
    }
  for (guint i = 0; i < self->frames->len; i++)
    {
      const Frames *f = g_ptr_array_index (self->frames, i);

      if (f->axis.n > 0)
        start = MIN (start, f->axis.first), end = MAX (end, f->axis.last);
    }
  if (self->events->len > 0)
    {
      start = MIN (start, g_array_index (self->events, MeltRecordingEvent, 0).time_s);
      end = MAX (end, g_array_index (self->events, MeltRecordingEvent, self->events->len - 1).time_s);
    }
  if (start > end)
    return FALSE;
  if (start_s != NULL)
    *start_s = start;
  if (end_s != NULL)
    *end_s = end;
  return TRUE;
}

/* What it holds */

guint
melt_recording_get_n_streams (MeltRecording *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING (self), 0);
  return self->streams->len;
}

const MeltRecordingStream *
melt_recording_get_stream (MeltRecording *self,
                           guint          index)
{
  g_return_val_if_fail (MELT_IS_RECORDING (self), NULL);
  g_return_val_if_fail (index < self->streams->len, NULL);
  return &((Stream *) g_ptr_array_index (self->streams, index))->pub;
}

static Stream *
find_stream (MeltRecording *self,
             const char    *name)
{
  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);

      if (strcmp (stream->pub.name, name) == 0)
        return stream;
    }
  return NULL;
}

static int
find_channel (Stream     *stream,
              const char *name)
{
  for (guint i = 0; i < stream->pub.n_channels; i++)
    if (strcmp (stream->channels[i].name, name) == 0)
      return (int) i;
  return -1;
}

static Frames *
find_frames (MeltRecording *self,
             const char    *name)
{
  for (guint i = 0; i < self->frames->len; i++)
    {
      Frames *frames = g_ptr_array_index (self->frames, i);

      if (strcmp (frames->pub.name, name) == 0)
        return frames;
    }
  return NULL;
}

const MeltRecordingStream *
melt_recording_lookup_stream (MeltRecording *self,
                              const char    *stream)
{
  Stream *s;

  g_return_val_if_fail (MELT_IS_RECORDING (self), NULL);
  g_return_val_if_fail (stream != NULL, NULL);

  s = find_stream (self, stream);
  return s != NULL ? &s->pub : NULL;
}

const MeltRecordingChannel *
melt_recording_lookup_channel (MeltRecording *self,
                               const char    *stream,
                               const char    *channel)
{
  Stream *s;
  int c;

  g_return_val_if_fail (MELT_IS_RECORDING (self), NULL);
  g_return_val_if_fail (stream != NULL && channel != NULL, NULL);

  s = find_stream (self, stream);
  c = s != NULL ? find_channel (s, channel) : -1;
  return c >= 0 ? &s->channels[c] : NULL;
}

guint
melt_recording_get_n_frames (MeltRecording *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING (self), 0);
  return self->frames->len;
}

const MeltRecordingFrames *
melt_recording_get_frames (MeltRecording *self,
                           guint          index)
{
  g_return_val_if_fail (MELT_IS_RECORDING (self), NULL);
  g_return_val_if_fail (index < self->frames->len, NULL);
  return &((Frames *) g_ptr_array_index (self->frames, index))->pub;
}

const MeltRecordingFrames *
melt_recording_lookup_frames (MeltRecording *self,
                              const char    *frames)
{
  Frames *f;

  g_return_val_if_fail (MELT_IS_RECORDING (self), NULL);
  g_return_val_if_fail (frames != NULL, NULL);

  f = find_frames (self, frames);
  return f != NULL ? &f->pub : NULL;
}

/* Lookups that name what is missing */

static Stream *
get_stream (MeltRecording  *self,
            const char     *name,
            GError        **error)
{
  Stream *stream = find_stream (self, name);

  if (stream == NULL)
    g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_NOT_FOUND,
                 _("%s: /streams: there is no stream “%s”"), self->display, name);
  return stream;
}

static int
get_channel (MeltRecording  *self,
             Stream         *stream,
             const char     *name,
             GError        **error)
{
  int c = find_channel (stream, name);

  if (c < 0)
    g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_NOT_FOUND,
                 _("%s: /streams/%s: there is no channel “%s”"),
                 self->display, stream->pub.name, name);
  return c;
}

static Frames *
get_frames (MeltRecording  *self,
            const char     *name,
            GError        **error)
{
  Frames *frames = find_frames (self, name);

  if (frames == NULL)
    g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_NOT_FOUND,
                 _("%s: /frames: there is no frame stack “%s”"), self->display, name);
  return frames;
}

/* Reading */

gboolean
melt_recording_index_at_or_after (MeltRecording  *self,
                                  const char     *stream,
                                  double          time_s,
                                  guint64        *index,
                                  GError        **error)
{
  Stream *s;
  guint64 bound = 0;
  gboolean ok;

  g_return_val_if_fail (MELT_IS_RECORDING (self), FALSE);
  g_return_val_if_fail (stream != NULL && index != NULL, FALSE);
  g_return_val_if_fail (!isnan (time_s), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *index = MELT_RECORDING_NO_INDEX;
  s = get_stream (self, stream, error);
  if (s == NULL)
    return FALSE;
  _melt_hdf5_lock ();
  ok = axis_bound (self, &s->axis, time_s, FALSE, &bound, error);
  _melt_hdf5_unlock ();
  if (ok && bound < s->axis.n)
    *index = bound;
  return ok;
}

gboolean
melt_recording_index_at_or_before (MeltRecording  *self,
                                   const char     *stream,
                                   double          time_s,
                                   guint64        *index,
                                   GError        **error)
{
  Stream *s;
  gboolean ok;

  g_return_val_if_fail (MELT_IS_RECORDING (self), FALSE);
  g_return_val_if_fail (stream != NULL && index != NULL, FALSE);
  g_return_val_if_fail (!isnan (time_s), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *index = MELT_RECORDING_NO_INDEX;
  s = get_stream (self, stream, error);
  if (s == NULL)
    return FALSE;
  _melt_hdf5_lock ();
  ok = axis_at_or_before (self, &s->axis, time_s, index, error);
  _melt_hdf5_unlock ();
  return ok;
}

/* Reads samples [first, first + count) of @s (times when @times is not
 * NULL, channel @c as @memory_type when @values is not NULL); holds the lock */
static gboolean
read_range_locked (MeltRecording  *self,
                   Stream         *s,
                   int             c,
                   guint64         first,
                   gsize           count,
                   double         *times,
                   hid_t           memory_type,
                   void           *values,
                   GError        **error)
{
  if (first > s->axis.n || count > s->axis.n - first)
    {
      g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_NOT_FOUND,
                   _("%s: /streams/%s: samples %llu to %llu are past the end of the stream "
                     "(%llu samples)"),
                   self->display, s->pub.name, (unsigned long long) first,
                   (unsigned long long) (first + count - 1), (unsigned long long) s->axis.n);
      return FALSE;
    }
  if (times != NULL
      && (!axis_read (self, &s->axis, first, count, times, error)
          || !check_times (self, s->axis.path, times, first, count, NAN, error)))
    return FALSE;
  if (values != NULL && c >= 0
      && !read_column (self, s->datasets[c], s->paths[c], memory_type, stream_column (s, c),
                       first, count, values, error))
    return FALSE;
  return TRUE;
}

gboolean
melt_recording_read_range (MeltRecording  *self,
                           const char     *stream,
                           const char     *channel,
                           guint64         first,
                           gsize           count,
                           double         *times,
                           double         *values,
                           GError        **error)
{
  Stream *s;
  int c = -1;
  gboolean ok;

  g_return_val_if_fail (MELT_IS_RECORDING (self), FALSE);
  g_return_val_if_fail (stream != NULL, FALSE);
  g_return_val_if_fail (channel != NULL || values == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  s = get_stream (self, stream, error);
  if (s == NULL || (channel != NULL && (c = get_channel (self, s, channel, error)) < 0))
    return FALSE;
  _melt_hdf5_lock ();
  ok = read_range_locked (self, s, c, first, count, times, H5T_NATIVE_DOUBLE, values, error);
  _melt_hdf5_unlock ();
  return ok;
}

gboolean
melt_recording_read_samples (MeltRecording  *self,
                             const char     *stream,
                             const char     *channel,
                             guint64         first,
                             gsize           count,
                             float          *out,
                             GError        **error)
{
  Stream *s;
  int c;
  gboolean ok;

  g_return_val_if_fail (MELT_IS_RECORDING (self), FALSE);
  g_return_val_if_fail (stream != NULL && channel != NULL, FALSE);
  g_return_val_if_fail (out != NULL || count == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  s = get_stream (self, stream, error);
  if (s == NULL || (c = get_channel (self, s, channel, error)) < 0)
    return FALSE;
  _melt_hdf5_lock ();
  ok = read_range_locked (self, s, c, first, count, NULL, H5T_NATIVE_FLOAT, out, error);
  _melt_hdf5_unlock ();
  return ok;
}

gboolean
melt_recording_read_window (MeltRecording  *self,
                            const char     *stream,
                            const char     *channel,
                            double          start_s,
                            double          end_s,
                            double        **times,
                            double        **values,
                            gsize          *n_samples,
                            GError        **error)
{
  g_autofree double *t = NULL;
  g_autofree double *v = NULL;
  guint64 first = 0, last = 0;
  gsize count = 0;
  Stream *s;
  int c;
  gboolean ok = TRUE;

  g_return_val_if_fail (MELT_IS_RECORDING (self), FALSE);
  g_return_val_if_fail (stream != NULL && channel != NULL, FALSE);
  g_return_val_if_fail (!isnan (start_s) && !isnan (end_s), FALSE);
  g_return_val_if_fail (n_samples != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *n_samples = 0;
  if (times != NULL)
    *times = NULL;
  if (values != NULL)
    *values = NULL;
  s = get_stream (self, stream, error);
  if (s == NULL || (c = get_channel (self, s, channel, error)) < 0)
    return FALSE;

  _melt_hdf5_lock ();
  if (start_s <= end_s)
    ok = axis_bound (self, &s->axis, start_s, FALSE, &first, error)
         && axis_bound (self, &s->axis, end_s, TRUE, &last, error);
  if (ok && last > first)
    {
      if (last - first > G_MAXSIZE / sizeof (double))
        ok = FALSE;
      else
        {
          count = last - first;
          t = times != NULL ? g_try_malloc (count * sizeof (double)) : NULL;
          v = values != NULL ? g_try_malloc (count * sizeof (double)) : NULL;
          ok = (times == NULL || t != NULL) && (values == NULL || v != NULL);
        }
      if (!ok)
        rec_error (self, MELT_RECORDING_ERROR_IO, s->paths[c],
                   _("not enough memory for %llu samples"), (unsigned long long) (last - first));
      else
        ok = read_range_locked (self, s, c, first, count, t, H5T_NATIVE_DOUBLE, v, error);
    }
  _melt_hdf5_unlock ();

  if (!ok)
    return FALSE;
  *n_samples = count;
  if (times != NULL)
    *times = g_steal_pointer (&t);
  if (values != NULL)
    *values = g_steal_pointer (&v);
  return TRUE;
}

gboolean
melt_recording_value_at (MeltRecording  *self,
                         const char     *stream,
                         const char     *channel,
                         double          time_s,
                         double         *value,
                         guint64        *index,
                         GError        **error)
{
  guint64 i = MELT_RECORDING_NO_INDEX;
  double v = NAN;
  Stream *s;
  int c;
  gboolean ok;

  g_return_val_if_fail (MELT_IS_RECORDING (self), FALSE);
  g_return_val_if_fail (stream != NULL && channel != NULL, FALSE);
  g_return_val_if_fail (!isnan (time_s), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (value != NULL)
    *value = NAN;
  if (index != NULL)
    *index = MELT_RECORDING_NO_INDEX;
  s = get_stream (self, stream, error);
  if (s == NULL || (c = get_channel (self, s, channel, error)) < 0)
    return FALSE;

  _melt_hdf5_lock ();
  ok = axis_at_or_before (self, &s->axis, time_s, &i, error);
  if (ok && i != MELT_RECORDING_NO_INDEX)
    ok = read_column (self, s->datasets[c], s->paths[c], H5T_NATIVE_DOUBLE, stream_column (s, c),
                      i, 1, &v, error);
  _melt_hdf5_unlock ();

  if (!ok)
    return FALSE;
  if (value != NULL)
    *value = v;
  if (index != NULL)
    *index = i;
  return TRUE;
}

/* Frames */

gboolean
melt_recording_frame_index_at (MeltRecording  *self,
                               const char     *frames,
                               double          time_s,
                               guint64        *index,
                               GError        **error)
{
  Frames *f;
  gboolean ok;

  g_return_val_if_fail (MELT_IS_RECORDING (self), FALSE);
  g_return_val_if_fail (frames != NULL && index != NULL, FALSE);
  g_return_val_if_fail (!isnan (time_s), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *index = MELT_RECORDING_NO_INDEX;
  f = get_frames (self, frames, error);
  if (f == NULL)
    return FALSE;
  _melt_hdf5_lock ();
  ok = axis_at_or_before (self, &f->axis, time_s, index, error);
  _melt_hdf5_unlock ();
  return ok;
}

static gboolean
check_frame_index (MeltRecording  *self,
                   Frames         *f,
                   guint64         index,
                   GError        **error)
{
  if (index < f->axis.n)
    return TRUE;
  g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_NOT_FOUND,
               _("%s: /frames/%s: there is no frame %llu (the stack holds %llu)"),
               self->display, f->pub.name, (unsigned long long) index,
               (unsigned long long) f->axis.n);
  return FALSE;
}

gboolean
melt_recording_get_frame_time (MeltRecording  *self,
                               const char     *frames,
                               guint64         index,
                               double         *time_s,
                               GError        **error)
{
  Frames *f;
  gboolean ok;

  g_return_val_if_fail (MELT_IS_RECORDING (self), FALSE);
  g_return_val_if_fail (frames != NULL && time_s != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  f = get_frames (self, frames, error);
  if (f == NULL || !check_frame_index (self, f, index, error))
    return FALSE;
  _melt_hdf5_lock ();
  ok = axis_read (self, &f->axis, index, 1, time_s, error)
       && check_times (self, f->axis.path, time_s, index, 1, NAN, error);
  _melt_hdf5_unlock ();
  return ok;
}

static gboolean
read_frame_locked (MeltRecording  *self,
                   Frames         *f,
                   guint64         index,
                   gpointer        buffer,
                   GError        **error)
{
  g_auto(MeltH5Space) file_space = H5Dget_space (f->data);
  g_auto(MeltH5Space) memory_space = H5I_INVALID_HID;
  hsize_t start[3] = { index, 0, 0 };
  hsize_t count[3] = { 1, f->pub.height, f->pub.width };

  memory_space = H5Screate_simple (3, count, NULL);
  if (file_space < 0 || memory_space < 0
      || H5Sselect_hyperslab (file_space, H5S_SELECT_SET, start, NULL, count, NULL) < 0
      || H5Dread (f->data, _melt_sample_type_memory_type (f->pub.type), memory_space, file_space,
                  H5P_DEFAULT, buffer) < 0)
    {
      rec_error (self, MELT_RECORDING_ERROR_CORRUPT, f->path,
                 _("cannot read frame %llu: the file is damaged or cut short"),
                 (unsigned long long) index);
      return FALSE;
    }
  return TRUE;
}

gboolean
melt_recording_read_frame (MeltRecording  *self,
                           const char     *frames,
                           guint64         index,
                           gpointer        buffer,
                           gsize           buffer_size,
                           GError        **error)
{
  Frames *f;
  gboolean ok;

  g_return_val_if_fail (MELT_IS_RECORDING (self), FALSE);
  g_return_val_if_fail (frames != NULL && buffer != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  f = get_frames (self, frames, error);
  if (f == NULL || !check_frame_index (self, f, index, error))
    return FALSE;
  g_return_val_if_fail (buffer_size >= f->frame_bytes, FALSE);

  _melt_hdf5_lock ();
  ok = read_frame_locked (self, f, index, buffer, error);
  _melt_hdf5_unlock ();
  return ok;
}

gpointer
melt_recording_dup_frame (MeltRecording  *self,
                          const char     *frames,
                          guint64         index,
                          gsize          *size,
                          GError        **error)
{
  g_autofree guint8 *buffer = NULL;
  Frames *f;

  g_return_val_if_fail (MELT_IS_RECORDING (self), NULL);
  g_return_val_if_fail (frames != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  f = get_frames (self, frames, error);
  if (f == NULL || !check_frame_index (self, f, index, error))
    return NULL;
  buffer = g_try_malloc (f->frame_bytes);
  if (buffer == NULL)
    {
      g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_IO,
                   _("%s: %s: not enough memory for %llu bytes"),
                   self->display, f->path, (unsigned long long) f->frame_bytes);
      return NULL;
    }
  if (!melt_recording_read_frame (self, frames, index, buffer, f->frame_bytes, error))
    return NULL;
  if (size != NULL)
    *size = f->frame_bytes;
  return g_steal_pointer (&buffer);
}

/* Events */

const MeltRecordingEvent *
melt_recording_get_events (MeltRecording *self,
                           gsize         *n_events)
{
  g_return_val_if_fail (MELT_IS_RECORDING (self), NULL);
  g_return_val_if_fail (n_events != NULL, NULL);

  *n_events = self->events->len;
  return (const MeltRecordingEvent *) self->events->data;
}

/* The first event at or after @t (@after FALSE) or after @t */
static gsize
event_bound (MeltRecording *self,
             double         t,
             gboolean       after)
{
  const MeltRecordingEvent *events = (const MeltRecordingEvent *) self->events->data;
  gsize a = 0, b = self->events->len;

  while (a < b)
    {
      gsize mid = a + (b - a) / 2;

      if (after ? events[mid].time_s > t : events[mid].time_s >= t)
        b = mid;
      else
        a = mid + 1;
    }
  return a;
}

const MeltRecordingEvent *
melt_recording_get_events_in_window (MeltRecording *self,
                                     double         start_s,
                                     double         end_s,
                                     gsize         *n_events)
{
  gsize first, last;

  g_return_val_if_fail (MELT_IS_RECORDING (self), NULL);
  g_return_val_if_fail (n_events != NULL, NULL);

  first = event_bound (self, start_s, FALSE);
  last = event_bound (self, end_s, TRUE);
  *n_events = last > first ? last - first : 0;
  return *n_events > 0 ? &g_array_index (self->events, MeltRecordingEvent, first) : NULL;
}

const char *
melt_recording_get_phase_at (MeltRecording *self,
                             double         time_s)
{
  g_return_val_if_fail (MELT_IS_RECORDING (self), NULL);

  for (gsize i = event_bound (self, time_s, TRUE); i > 0; i--)
    {
      const MeltRecordingEvent *e = &g_array_index (self->events, MeltRecordingEvent, i - 1);

      if (strcmp (e->kind, MELT_EVENT_PHASE) == 0)
        return e->text;
    }
  return NULL;
}

gboolean
melt_recording_verify (MeltRecording  *self,
                       GCancellable   *cancellable,
                       GError        **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (MELT_IS_RECORDING (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  _melt_hdf5_lock ();
  for (guint i = 0; ok && i < self->streams->len; i++)
    ok = axis_verify (self, &((Stream *) g_ptr_array_index (self->streams, i))->axis,
                      cancellable, error);
  for (guint i = 0; ok && i < self->frames->len; i++)
    ok = axis_verify (self, &((Frames *) g_ptr_array_index (self->frames, i))->axis,
                      cancellable, error);
  _melt_hdf5_unlock ();
  return ok;
}

guint64
_melt_recording_get_blocks_read (MeltRecording *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING (self), 0);
  return self->blocks_read;
}

gsize
_melt_recording_get_cache_size (MeltRecording *self,
                                const char    *stream,
                                const char    *channel)
{
  Stream *s;
  g_auto(MeltH5Plist) dapl = H5I_INVALID_HID;
  size_t slots = 0, bytes = G_MAXSIZE;
  double w0;
  int c = -1;

  g_return_val_if_fail (MELT_IS_RECORDING (self), G_MAXSIZE);

  s = get_stream (self, stream, NULL);
  if (s == NULL || (channel != NULL && (c = get_channel (self, s, channel, NULL)) < 0))
    return G_MAXSIZE;
  _melt_hdf5_lock ();
  dapl = H5Dget_access_plist (c >= 0 ? s->datasets[c] : s->axis.dataset);
  if (dapl < 0 || H5Pget_chunk_cache (dapl, &slots, &bytes, &w0) < 0)
    bytes = G_MAXSIZE;
  H5Eclear2 (H5E_DEFAULT);
  _melt_hdf5_unlock ();
  return bytes;
}

gboolean
_melt_recording_time_is_filtered (MeltRecording *self,
                                  const char    *stream)
{
  Stream *s;
  g_auto(MeltH5Plist) dcpl = H5I_INVALID_HID;
  gboolean filtered;

  g_return_val_if_fail (MELT_IS_RECORDING (self), FALSE);

  s = get_stream (self, stream, NULL);
  if (s == NULL)
    return FALSE;
  _melt_hdf5_lock ();
  dcpl = H5Dget_create_plist (s->axis.dataset);
  filtered = dcpl >= 0 && H5Pget_nfilters (dcpl) > 0;
  H5Eclear2 (H5E_DEFAULT);
  _melt_hdf5_unlock ();
  return filtered;
}
