/* melt-recording-writer.c: writes a recorded run ("meltline-run" HDF5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/recording-format.md describes the layout. Samples appended to a
 * stream are buffered one chunk at a time (the same rows of `time` and of
 * every channel) and written as whole chunks to extendible datasets, so
 * HDF5 compresses each chunk once and memory stays at one chunk per
 * dataset. Frames are written one per chunk as they come. Events are kept
 * and written, sorted by time, when the file is finished. The file is a
 * temporary one next to the target, renamed over it at the end.
 */

#define G_LOG_DOMAIN "melt-recording-writer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "melt-recording-writer.h"
#include "melt-recording-private.h"

#define DEFLATE_LEVEL   1
#define MAX_NAME        255
#define MAX_KIND        64
#define MAX_EVENT_TEXT  (64 * 1024)

typedef struct
{
  char           *name;
  char           *units;
  char           *long_name;
  MeltSampleType  type;
  hid_t           dataset;
  double         *buffer;
} Channel;

typedef struct
{
  char     *name;
  char     *path;
  guint64   declared;       /* 0: unknown */
  gboolean  contiguous;
  hid_t     group;
  hid_t     time;
  GArray   *channels;       /* Channel */
  gboolean  created;        /* datasets created: channels are fixed */
  guint64   written;        /* samples in the file */
  gsize     buffered;       /* samples in the buffers */
  gsize     chunk;          /* buffer capacity, samples per chunk */
  double   *time_buffer;
  double    last_time;      /* NaN before the first sample */
  guint64   appended;
} Stream;

typedef struct
{
  char           *name;
  char           *path;
  MeltSampleType  type;
  guint           height;
  guint           width;
  guint64         declared;
  gboolean        contiguous;
  hid_t           group;
  hid_t           time;
  hid_t           data;
  guint64         appended;
  guint64         times_written;
  gsize           chunk;
  gsize           buffered;
  double         *time_buffer;
  double          last_time;
} Frames;

typedef struct
{
  double   time_s;
  char    *kind;
  char    *text;
  guint64  order;
} Event;

struct _MeltRecordingWriter
{
  GObject                     parent_instance;

  char                       *path;
  char                       *temp;
  char                       *display;
  hid_t                       h5;
  MeltRecordingWriterOptions  options;
  gboolean                    can_compress;
  gboolean                    done;

  char                       *run_id;
  char                       *material;
  char                       *created_by;
  char                       *process_json;
  MeltPlatform                platform;
  gboolean                    simulated;

  GPtrArray                  *streams;   /* Stream */
  GPtrArray                  *frames;    /* Frames */
  GArray                     *events;    /* Event */
};

G_DEFINE_FINAL_TYPE (MeltRecordingWriter, melt_recording_writer, G_TYPE_OBJECT)

#define writer_error(self, code, where, ...) \
  _melt_recording_set_error (error, code, (self)->display, where, __VA_ARGS__)

static void
close_hid (hid_t *id,
           herr_t (*close) (hid_t))
{
  if (*id >= 0)
    close (*id);
  *id = H5I_INVALID_HID;
}

static void
channel_clear (gpointer data)
{
  Channel *c = data;

  g_free (c->name);
  g_free (c->units);
  g_free (c->long_name);
  g_free (c->buffer);
  close_hid (&c->dataset, H5Dclose);
}

/* Called with the lock held */
static void
stream_free (gpointer data)
{
  Stream *s = data;

  g_array_unref (s->channels);
  close_hid (&s->time, H5Dclose);
  close_hid (&s->group, H5Gclose);
  g_free (s->time_buffer);
  g_free (s->name);
  g_free (s->path);
  g_free (s);
}

static void
frames_free (gpointer data)
{
  Frames *f = data;

  close_hid (&f->time, H5Dclose);
  close_hid (&f->data, H5Dclose);
  close_hid (&f->group, H5Gclose);
  g_free (f->time_buffer);
  g_free (f->name);
  g_free (f->path);
  g_free (f);
}

static void
event_clear (gpointer data)
{
  Event *e = data;

  g_free (e->kind);
  g_free (e->text);
}

/* Closes every handle and the file (lock held) */
static void
close_all (MeltRecordingWriter *self)
{
  g_ptr_array_set_size (self->streams, 0);
  g_ptr_array_set_size (self->frames, 0);
  close_hid (&self->h5, H5Fclose);
}

void
melt_recording_writer_abort (MeltRecordingWriter *self)
{
  g_return_if_fail (MELT_IS_RECORDING_WRITER (self));

  if (self->done)
    return;
  self->done = TRUE;
  _melt_hdf5_lock ();
  close_all (self);
  _melt_hdf5_unlock ();
  if (self->temp != NULL)
    g_unlink (self->temp);
}

static void
melt_recording_writer_finalize (GObject *object)
{
  MeltRecordingWriter *self = (MeltRecordingWriter *) object;

  melt_recording_writer_abort (self);
  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_clear_pointer (&self->frames, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_array_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->temp, g_free);
  g_clear_pointer (&self->display, g_free);
  g_clear_pointer (&self->run_id, g_free);
  g_clear_pointer (&self->material, g_free);
  g_clear_pointer (&self->created_by, g_free);
  g_clear_pointer (&self->process_json, g_free);

  G_OBJECT_CLASS (melt_recording_writer_parent_class)->finalize (object);
}

static void
melt_recording_writer_class_init (MeltRecordingWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = melt_recording_writer_finalize;
}

static void
melt_recording_writer_init (MeltRecordingWriter *self)
{
  self->h5 = H5I_INVALID_HID;
  self->streams = g_ptr_array_new_with_free_func (stream_free);
  self->frames = g_ptr_array_new_with_free_func (frames_free);
  self->events = g_array_new (FALSE, FALSE, sizeof (Event));
  g_array_set_clear_func (self->events, event_clear);
  self->run_id = g_uuid_string_random ();
  self->created_by = g_strdup ("Meltline " PACKAGE_VERSION);
  self->platform = MELT_PLATFORM_GROUND;
}

void
melt_recording_writer_options_init (MeltRecordingWriterOptions *options)
{
  g_return_if_fail (options != NULL);

  options->compress = TRUE;
  options->contiguous = FALSE;
  options->chunk_samples = MELT_RECORDING_WRITER_DEFAULT_CHUNK_SAMPLES;
}

/* HDF5 helpers; each returns FALSE with HDF5's error on its stack */

/* A group that keeps its members in creation order, so that channels read
 * back in the order they were added */
static hid_t
create_group (hid_t       loc,
              const char *name)
{
  g_auto(MeltH5Plist) gcpl = H5Pcreate (H5P_GROUP_CREATE);

  /* no modification times in object headers: the same run writes the same bytes */
  if (gcpl < 0 || H5Pset_obj_track_times (gcpl, FALSE) < 0
      || H5Pset_link_creation_order (gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0)
    return H5I_INVALID_HID;
  return H5Gcreate2 (loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
}

/* A dataset of @rank with first dimension @n (fixed when @contiguous, else
 * 0 growing without limit), the others @rest, chunked by @chunk rows */
static hid_t
create_dataset (MeltRecordingWriter *self,
                hid_t                loc,
                const char          *name,
                hid_t                file_type,
                int                  rank,
                guint64              n,
                const hsize_t       *rest,
                gboolean             contiguous,
                gsize                chunk)
{
  hsize_t dims[3], maxdims[3], chunk_dims[3];
  g_auto(MeltH5Space) space = H5I_INVALID_HID;
  g_auto(MeltH5Plist) dcpl = H5Pcreate (H5P_DATASET_CREATE);
  g_auto(MeltH5Plist) dapl = H5Pcreate (H5P_DATASET_ACCESS);

  dims[0] = contiguous ? n : 0;
  maxdims[0] = contiguous ? n : H5S_UNLIMITED;
  chunk_dims[0] = chunk;
  for (int i = 1; i < rank; i++)
    dims[i] = maxdims[i] = chunk_dims[i] = rest[i - 1];

  space = H5Screate_simple (rank, dims, maxdims);
  if (space < 0 || dcpl < 0 || dapl < 0 || H5Pset_obj_track_times (dcpl, FALSE) < 0)
    return H5I_INVALID_HID;
  if (contiguous)
    {
      /* no zeros written first: every sample is written once */
      if (H5Pset_layout (dcpl, H5D_CONTIGUOUS) < 0
          || H5Pset_fill_time (dcpl, H5D_FILL_TIME_NEVER) < 0)
        return H5I_INVALID_HID;
    }
  else
    {
      if (H5Pset_chunk (dcpl, rank, chunk_dims) < 0)
        return H5I_INVALID_HID;
      if (self->options.compress && self->can_compress
          && (H5Pset_shuffle (dcpl) < 0 || H5Pset_deflate (dcpl, DEFLATE_LEVEL) < 0))
        return H5I_INVALID_HID;
      /* whole chunks are written: nothing to keep in a cache */
      H5Pset_chunk_cache (dapl, 0, 0, 1.0);
    }
  return H5Dcreate2 (loc, name, file_type, space, H5P_DEFAULT, dcpl, dapl);
}

/* Writes @count rows of @data at row @first of a dataset of @rank (growing
 * it first unless @contiguous) */
static gboolean
write_rows (hid_t        dataset,
            hid_t        memory_type,
            int          rank,
            guint64      first,
            gsize        count,
            gboolean     contiguous,
            const void  *data)
{
  g_auto(MeltH5Space) file_space = H5I_INVALID_HID;
  g_auto(MeltH5Space) memory_space = H5I_INVALID_HID;
  hsize_t dims[3], start[3] = { first, 0, 0 }, n[3];

  if (count == 0)
    return TRUE;
  file_space = H5Dget_space (dataset);
  if (file_space < 0 || H5Sget_simple_extent_dims (file_space, dims, NULL) != rank)
    return FALSE;
  if (!contiguous && dims[0] < first + count)
    {
      dims[0] = first + count;
      H5Sclose (file_space);
      file_space = H5I_INVALID_HID;
      if (H5Dset_extent (dataset, dims) < 0)
        return FALSE;
      file_space = H5Dget_space (dataset);
      if (file_space < 0)
        return FALSE;
    }
  n[0] = count;
  for (int i = 1; i < rank; i++)
    n[i] = dims[i];
  memory_space = H5Screate_simple (rank, n, NULL);
  return memory_space >= 0
         && H5Sselect_hyperslab (file_space, H5S_SELECT_SET, start, NULL, n, NULL) >= 0
         && H5Dwrite (dataset, memory_type, memory_space, file_space, H5P_DEFAULT, data) >= 0;
}

/* Names of streams, channels and frame stacks: one HDF5 link name */
static gboolean
check_name (MeltRecordingWriter  *self,
            const char           *where,
            const char           *name,
            GError              **error)
{
  gboolean ok = name[0] != '\0' && strlen (name) <= MAX_NAME
                && g_utf8_validate (name, -1, NULL)
                && strcmp (name, ".") != 0 && strcmp (name, "..") != 0;

  for (const char *c = name; ok && *c != '\0'; c++)
    ok = *c != '/' && !g_ascii_iscntrl (*c);
  if (!ok)
    {
      g_autofree char *shown = g_utf8_make_valid (name, -1);

      _melt_recording_set_error (error, MELT_RECORDING_ERROR_INVALID, self->display, where,
                                 _("“%s” is not a valid name: 1 to %d bytes of UTF-8, no “/”, "
                                   "no control characters"),
                                 shown, MAX_NAME);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_open (MeltRecordingWriter  *self,
            GError              **error)
{
  if (!self->done)
    return TRUE;
  g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_IO,
               _("%s: the recording is already finished or aborted"), self->display);
  return FALSE;
}

/* Creation */

MeltRecordingWriter *
melt_recording_writer_new (GFile                             *file,
                           const MeltRecordingWriterOptions  *options,
                           GError                           **error)
{
  g_autoptr(MeltRecordingWriter) self = NULL;
  g_auto(MeltH5Plist) fapl = H5I_INVALID_HID;
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MELT_TYPE_RECORDING_WRITER, NULL);
  if (options != NULL)
    self->options = *options;
  else
    melt_recording_writer_options_init (&self->options);
  self->options.chunk_samples = CLAMP (self->options.chunk_samples,
                                       MELT_RECORDING_WRITER_MIN_CHUNK_SAMPLES,
                                       MELT_RECORDING_WRITER_MAX_CHUNK_SAMPLES);
  self->display = g_file_get_parse_name (file);
  self->path = g_file_get_path (file);
  if (self->path == NULL)
    {
      self->done = TRUE;
      g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_IO,
                   _("%s: a recording can only be written to a local file"), self->display);
      return NULL;
    }

  self->temp = _melt_hdf5_temp_file_new (self->path, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_IO,
                                         self->display, error);
  if (self->temp == NULL)
    {
      self->done = TRUE;
      return NULL;
    }

  _melt_hdf5_lock ();
  self->can_compress = H5Zfilter_avail (H5Z_FILTER_SHUFFLE) > 0
                       && H5Zfilter_avail (H5Z_FILTER_DEFLATE) > 0;
  fapl = H5Pcreate (H5P_FILE_ACCESS);
  /* Readable by HDF5 1.8 and later whichever library writes */
  if (fapl >= 0)
    H5Pset_libver_bounds (fapl, H5F_LIBVER_EARLIEST, H5F_LIBVER_V18);
  self->h5 = H5Fcreate (self->temp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl >= 0 ? fapl : H5P_DEFAULT);
  ok = self->h5 >= 0;
  if (ok)
    {
      hid_t streams = create_group (self->h5, "streams");
      hid_t frames = create_group (self->h5, "frames");

      ok = streams >= 0 && frames >= 0;
      close_hid (&streams, H5Gclose);
      close_hid (&frames, H5Gclose);
    }
  if (!ok)
    _melt_recording_set_error (error, MELT_RECORDING_ERROR_IO, self->display, "/",
                               _("cannot create the file"));
  _melt_hdf5_unlock ();

  if (!ok)
    {
      melt_recording_writer_abort (self);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* Root attributes */

void
melt_recording_writer_set_run_id (MeltRecordingWriter *self,
                                  const char          *run_id)
{
  g_return_if_fail (MELT_IS_RECORDING_WRITER (self));
  g_return_if_fail (run_id != NULL && g_utf8_validate (run_id, -1, NULL));

  g_free (self->run_id);
  self->run_id = g_strdup (run_id);
}

void
melt_recording_writer_set_platform (MeltRecordingWriter *self,
                                    MeltPlatform         platform)
{
  g_return_if_fail (MELT_IS_RECORDING_WRITER (self));
  g_return_if_fail (melt_enum_to_nick (MELT_TYPE_PLATFORM, platform) != NULL);

  self->platform = platform;
}

void
melt_recording_writer_set_simulated (MeltRecordingWriter *self,
                                     gboolean             simulated)
{
  g_return_if_fail (MELT_IS_RECORDING_WRITER (self));

  self->simulated = !!simulated;
}

void
melt_recording_writer_set_material (MeltRecordingWriter *self,
                                    const char          *material)
{
  g_return_if_fail (MELT_IS_RECORDING_WRITER (self));
  g_return_if_fail (material == NULL || g_utf8_validate (material, -1, NULL));

  g_free (self->material);
  self->material = g_strdup (material);
}

void
melt_recording_writer_set_created_by (MeltRecordingWriter *self,
                                      const char          *created_by)
{
  g_return_if_fail (MELT_IS_RECORDING_WRITER (self));
  g_return_if_fail (created_by != NULL && g_utf8_validate (created_by, -1, NULL));

  g_free (self->created_by);
  self->created_by = g_strdup (created_by);
}

void
melt_recording_writer_set_process (MeltRecordingWriter *self,
                                   MeltProcess         *process)
{
  g_return_if_fail (MELT_IS_RECORDING_WRITER (self));
  g_return_if_fail (MELT_IS_PROCESS (process));

  g_free (self->process_json);
  self->process_json = melt_process_to_json (process, NULL);
  melt_recording_writer_set_material (self, melt_process_get_material (process));
  self->platform = melt_process_get_platform (process);
}

/* Streams */

gboolean
melt_recording_writer_add_stream (MeltRecordingWriter  *self,
                                  const char           *name,
                                  double                rate_hz,
                                  guint64               n_samples,
                                  guint                *stream,
                                  GError              **error)
{
  g_autofree char *path = NULL;
  Stream *s;
  gboolean ok;

  g_return_val_if_fail (MELT_IS_RECORDING_WRITER (self), FALSE);
  g_return_val_if_fail (name != NULL && stream != NULL, FALSE);
  g_return_val_if_fail (isfinite (rate_hz) && rate_hz >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_strconcat ("/streams/", name, NULL);
  if (!check_open (self, error) || !check_name (self, "/streams", name, error))
    return FALSE;
  for (guint i = 0; i < self->streams->len; i++)
    if (strcmp (((Stream *) g_ptr_array_index (self->streams, i))->name, name) == 0)
      {
        g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_INVALID,
                     _("%s: %s: the stream is already there"), self->display, path);
        return FALSE;
      }

  s = g_new0 (Stream, 1);
  s->name = g_strdup (name);
  s->path = g_steal_pointer (&path);
  s->declared = n_samples;
  s->contiguous = self->options.contiguous && n_samples > 0;
  s->time = H5I_INVALID_HID;
  s->channels = g_array_new (FALSE, TRUE, sizeof (Channel));
  g_array_set_clear_func (s->channels, channel_clear);
  s->chunk = self->options.chunk_samples;
  if (s->contiguous)
    s->chunk = MIN (s->chunk, n_samples);
  s->last_time = NAN;

  _melt_hdf5_lock ();
  s->group = create_group (self->h5, s->path);
  ok = s->group >= 0 && _melt_hdf5_write_numeric_attr (s->group, "rate_hz", H5T_IEEE_F64LE,
                                                       H5T_NATIVE_DOUBLE, &rate_hz, 1);
  if (!ok)
    writer_error (self, MELT_RECORDING_ERROR_IO, s->path, _("cannot create the stream"));
  g_ptr_array_add (self->streams, s);
  _melt_hdf5_unlock ();

  *stream = self->streams->len - 1;
  return ok;
}

gboolean
melt_recording_writer_add_channel (MeltRecordingWriter  *self,
                                   guint                 stream,
                                   const char           *name,
                                   MeltSampleType        type,
                                   const char           *units,
                                   const char           *long_name,
                                   GError              **error)
{
  Channel c = { 0 };
  Stream *s;

  g_return_val_if_fail (MELT_IS_RECORDING_WRITER (self), FALSE);
  g_return_val_if_fail (stream < self->streams->len, FALSE);
  g_return_val_if_fail (name != NULL && units != NULL && long_name != NULL, FALSE);
  g_return_val_if_fail ((guint) type <= MELT_SAMPLE_FLOAT64, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  s = g_ptr_array_index (self->streams, stream);
  if (!check_open (self, error) || !check_name (self, s->path, name, error))
    return FALSE;
  if (strcmp (name, "time") == 0)
    {
      g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_INVALID,
                   _("%s: %s: a channel cannot be called “time”: that is the stream’s time"),
                   self->display, s->path);
      return FALSE;
    }
  for (guint i = 0; i < s->channels->len; i++)
    if (strcmp (g_array_index (s->channels, Channel, i).name, name) == 0)
      {
        g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_INVALID,
                     _("%s: %s/%s: the channel is already there"), self->display, s->path, name);
        return FALSE;
      }
  if (s->created)
    {
      g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_INVALID,
                   _("%s: %s/%s: channels are added before the stream’s first samples"),
                   self->display, s->path, name);
      return FALSE;
    }

  c.name = g_strdup (name);
  c.units = g_strdup (units);
  c.long_name = g_strdup (long_name);
  c.type = type;
  c.dataset = H5I_INVALID_HID;
  g_array_append_val (s->channels, c);
  return TRUE;
}

/* Creates the stream's datasets and buffers (lock held) */
static gboolean
stream_create (MeltRecordingWriter  *self,
               Stream               *s,
               GError              **error)
{
  if (s->created)
    return TRUE;
  s->created = TRUE;
  s->time_buffer = g_new (double, MAX (s->chunk, 1));
  s->time = create_dataset (self, s->group, "time", H5T_IEEE_F64LE, 1, s->declared, NULL,
                            s->contiguous, s->chunk);
  if (s->time < 0
      || !_melt_hdf5_write_string_attr (s->time, "units", "s")
      || !_melt_hdf5_write_string_attr (s->time, "long_name", "time"))
    {
      g_autofree char *where = g_strconcat (s->path, "/time", NULL);

      writer_error (self, MELT_RECORDING_ERROR_IO, where, _("cannot create the dataset"));
      return FALSE;
    }
  for (guint i = 0; i < s->channels->len; i++)
    {
      Channel *c = &g_array_index (s->channels, Channel, i);

      c->buffer = g_new (double, MAX (s->chunk, 1));
      c->dataset = create_dataset (self, s->group, c->name, _melt_sample_type_file_type (c->type),
                                   1, s->declared, NULL, s->contiguous, s->chunk);
      if (c->dataset < 0
          || !_melt_hdf5_write_string_attr (c->dataset, "units", c->units)
          || !_melt_hdf5_write_string_attr (c->dataset, "long_name", c->long_name))
        {
          g_autofree char *where = g_strconcat (s->path, "/", c->name, NULL);

          writer_error (self, MELT_RECORDING_ERROR_IO, where, _("cannot create the dataset"));
          return FALSE;
        }
    }
  return TRUE;
}

/* Writes the buffered samples (lock held) */
static gboolean
stream_flush (MeltRecordingWriter  *self,
              Stream               *s,
              GError              **error)
{
  if (!stream_create (self, s, error))
    return FALSE;
  if (s->buffered == 0)
    return TRUE;
  if (!write_rows (s->time, H5T_NATIVE_DOUBLE, 1, s->written, s->buffered, s->contiguous,
                   s->time_buffer))
    {
      g_autofree char *where = g_strconcat (s->path, "/time", NULL);

      writer_error (self, MELT_RECORDING_ERROR_IO, where, _("cannot write samples %llu to %llu"),
                    (unsigned long long) s->written,
                    (unsigned long long) (s->written + s->buffered - 1));
      return FALSE;
    }
  for (guint i = 0; i < s->channels->len; i++)
    {
      Channel *c = &g_array_index (s->channels, Channel, i);

      if (!write_rows (c->dataset, H5T_NATIVE_DOUBLE, 1, s->written, s->buffered, s->contiguous,
                       c->buffer))
        {
          g_autofree char *where = g_strconcat (s->path, "/", c->name, NULL);

          writer_error (self, MELT_RECORDING_ERROR_IO, where, _("cannot write samples %llu to %llu"),
                        (unsigned long long) s->written,
                        (unsigned long long) (s->written + s->buffered - 1));
          return FALSE;
        }
    }
  s->written += s->buffered;
  s->buffered = 0;
  return TRUE;
}

/* Times must be finite and increase strictly from @previous (NaN: none) */
static gboolean
check_new_times (MeltRecordingWriter  *self,
                 const char           *where,
                 const double         *times,
                 gsize                 n,
                 guint64               first,
                 double                previous,
                 GError              **error)
{
  for (gsize i = 0; i < n; i++)
    {
      double before = i > 0 ? times[i - 1] : previous;

      if (!isfinite (times[i]))
        {
          g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_TIME,
                       _("%s: %s: time[%llu] is %g, expected a finite number of seconds"),
                       self->display, where, (unsigned long long) (first + i), times[i]);
          return FALSE;
        }
      if (!isnan (before) && !(times[i] > before))
        {
          g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_TIME,
                       _("%s: %s: time[%llu] = %.17g is not after time[%llu] = %.17g: times "
                         "must increase strictly"),
                       self->display, where, (unsigned long long) (first + i), times[i],
                       (unsigned long long) (first + i - 1), before);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
melt_recording_writer_append (MeltRecordingWriter   *self,
                              guint                  stream,
                              gsize                  n,
                              const double          *times,
                              const double * const  *values,
                              GError               **error)
{
  g_autofree char *where = NULL;
  Stream *s;
  gboolean ok = TRUE;
  gsize done = 0;

  g_return_val_if_fail (MELT_IS_RECORDING_WRITER (self), FALSE);
  g_return_val_if_fail (stream < self->streams->len, FALSE);
  g_return_val_if_fail (times != NULL || n == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  s = g_ptr_array_index (self->streams, stream);
  g_return_val_if_fail (values != NULL || n == 0 || s->channels->len == 0, FALSE);
  for (guint i = 0; n > 0 && i < s->channels->len; i++)
    g_return_val_if_fail (values[i] != NULL, FALSE);

  if (!check_open (self, error))
    return FALSE;
  where = g_strconcat (s->path, "/time", NULL);
  if (!check_new_times (self, where, times, n, s->appended, s->last_time, error))
    return FALSE;
  if (s->contiguous && n > s->declared - s->appended)
    {
      g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_INVALID,
                   _("%s: %s: %llu samples appended to a stream declared with %llu"),
                   self->display, s->path, (unsigned long long) (s->appended + n),
                   (unsigned long long) s->declared);
      return FALSE;
    }
  if (n == 0)
    return TRUE;

  _melt_hdf5_lock ();
  ok = stream_create (self, s, error);
  while (ok && done < n)
    {
      gsize take = MIN (n - done, s->chunk - s->buffered);

      memcpy (s->time_buffer + s->buffered, times + done, take * sizeof (double));
      for (guint i = 0; i < s->channels->len; i++)
        memcpy (g_array_index (s->channels, Channel, i).buffer + s->buffered, values[i] + done,
                take * sizeof (double));
      s->buffered += take;
      done += take;
      if (s->buffered == s->chunk)
        ok = stream_flush (self, s, error);
    }
  _melt_hdf5_unlock ();

  s->appended += done;
  if (done > 0)
    s->last_time = times[done - 1];
  return ok;
}

/* Frame stacks */

gboolean
melt_recording_writer_add_frames (MeltRecordingWriter  *self,
                                  const char           *name,
                                  MeltSampleType        type,
                                  guint                 height,
                                  guint                 width,
                                  const char           *units,
                                  const char           *long_name,
                                  double                rate_hz,
                                  guint64               n_frames,
                                  guint                *frames,
                                  GError              **error)
{
  hsize_t rest[2] = { height, width };
  Frames *f;
  gboolean ok;

  g_return_val_if_fail (MELT_IS_RECORDING_WRITER (self), FALSE);
  g_return_val_if_fail (name != NULL && units != NULL && long_name != NULL, FALSE);
  g_return_val_if_fail (type == MELT_SAMPLE_UINT16 || type == MELT_SAMPLE_FLOAT32, FALSE);
  g_return_val_if_fail (height > 0 && width > 0 && height <= G_MAXUINT16 && width <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (isfinite (rate_hz) && rate_hz >= 0, FALSE);
  g_return_val_if_fail (frames != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_open (self, error) || !check_name (self, "/frames", name, error))
    return FALSE;
  for (guint i = 0; i < self->frames->len; i++)
    if (strcmp (((Frames *) g_ptr_array_index (self->frames, i))->name, name) == 0)
      {
        g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_INVALID,
                     _("%s: /frames/%s: the frame stack is already there"), self->display, name);
        return FALSE;
      }

  f = g_new0 (Frames, 1);
  f->name = g_strdup (name);
  f->path = g_strconcat ("/frames/", name, NULL);
  f->type = type;
  f->height = height;
  f->width = width;
  f->declared = n_frames;
  f->contiguous = self->options.contiguous && n_frames > 0;
  f->chunk = self->options.chunk_samples;
  if (f->contiguous)
    f->chunk = MIN (f->chunk, n_frames);
  f->time_buffer = g_new (double, f->chunk);
  f->last_time = NAN;
  f->time = f->data = H5I_INVALID_HID;

  _melt_hdf5_lock ();
  f->group = create_group (self->h5, f->path);
  ok = f->group >= 0 && _melt_hdf5_write_numeric_attr (f->group, "rate_hz", H5T_IEEE_F64LE,
                                                       H5T_NATIVE_DOUBLE, &rate_hz, 1);
  if (ok)
    {
      f->time = create_dataset (self, f->group, "time", H5T_IEEE_F64LE, 1, n_frames, NULL,
                                f->contiguous, f->chunk);
      f->data = create_dataset (self, f->group, "data", _melt_sample_type_file_type (type), 3,
                                n_frames, rest, f->contiguous, 1);
      ok = f->time >= 0 && f->data >= 0
           && _melt_hdf5_write_string_attr (f->time, "units", "s")
           && _melt_hdf5_write_string_attr (f->time, "long_name", "time")
           && _melt_hdf5_write_string_attr (f->data, "units", units)
           && _melt_hdf5_write_string_attr (f->data, "long_name", long_name);
    }
  if (!ok)
    writer_error (self, MELT_RECORDING_ERROR_IO, f->path, _("cannot create the frame stack"));
  g_ptr_array_add (self->frames, f);
  _melt_hdf5_unlock ();

  *frames = self->frames->len - 1;
  return ok;
}

/* Writes the buffered frame times (lock held) */
static gboolean
frames_flush (MeltRecordingWriter  *self,
              Frames               *f,
              GError              **error)
{
  if (f->buffered == 0)
    return TRUE;
  if (!write_rows (f->time, H5T_NATIVE_DOUBLE, 1, f->times_written, f->buffered, f->contiguous,
                   f->time_buffer))
    {
      g_autofree char *where = g_strconcat (f->path, "/time", NULL);

      writer_error (self, MELT_RECORDING_ERROR_IO, where, _("cannot write samples %llu to %llu"),
                    (unsigned long long) f->times_written,
                    (unsigned long long) (f->times_written + f->buffered - 1));
      return FALSE;
    }
  f->times_written += f->buffered;
  f->buffered = 0;
  return TRUE;
}

gboolean
melt_recording_writer_append_frame (MeltRecordingWriter  *self,
                                    guint                 frames,
                                    double                time_s,
                                    gconstpointer         pixels,
                                    GError              **error)
{
  g_autofree char *where = NULL;
  Frames *f;
  gboolean ok;

  g_return_val_if_fail (MELT_IS_RECORDING_WRITER (self), FALSE);
  g_return_val_if_fail (frames < self->frames->len, FALSE);
  g_return_val_if_fail (pixels != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  f = g_ptr_array_index (self->frames, frames);
  if (!check_open (self, error))
    return FALSE;
  where = g_strconcat (f->path, "/time", NULL);
  if (!check_new_times (self, where, &time_s, 1, f->appended, f->last_time, error))
    return FALSE;
  if (f->contiguous && f->appended >= f->declared)
    {
      g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_INVALID,
                   _("%s: %s: %llu frames appended to a stack declared with %llu"),
                   self->display, f->path, (unsigned long long) (f->appended + 1),
                   (unsigned long long) f->declared);
      return FALSE;
    }

  _melt_hdf5_lock ();
  ok = write_rows (f->data, _melt_sample_type_memory_type (f->type), 3, f->appended, 1,
                   f->contiguous, pixels);
  if (!ok)
    writer_error (self, MELT_RECORDING_ERROR_IO, f->path, _("cannot write frame %llu"),
                  (unsigned long long) f->appended);
  if (ok)
    {
      f->time_buffer[f->buffered++] = time_s;
      if (f->buffered == f->chunk)
        ok = frames_flush (self, f, error);
    }
  _melt_hdf5_unlock ();

  if (ok)
    {
      f->appended++;
      f->last_time = time_s;
    }
  return ok;
}

/* Events */

gboolean
melt_recording_writer_add_event (MeltRecordingWriter  *self,
                                 double                time_s,
                                 const char           *kind,
                                 const char           *text,
                                 GError              **error)
{
  Event e;
  gboolean ok;

  g_return_val_if_fail (MELT_IS_RECORDING_WRITER (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_open (self, error))
    return FALSE;
  if (text == NULL)
    text = "";
  ok = kind[0] != '\0' && strlen (kind) <= MAX_KIND;
  for (const char *c = kind; ok && *c != '\0'; c++)
    ok = g_ascii_islower (*c) || g_ascii_isdigit (*c) || *c == '-';
  if (!ok)
    {
      g_autofree char *shown = g_utf8_make_valid (kind, -1);

      g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_INVALID,
                   _("%s: /events/kind: “%s” is not an event kind: 1 to %d lower-case letters, "
                     "digits and “-”"),
                   self->display, shown, MAX_KIND);
      return FALSE;
    }
  if (!g_utf8_validate (text, -1, NULL) || strlen (text) > MAX_EVENT_TEXT)
    {
      g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_INVALID,
                   _("%s: /events/text: expected UTF-8 text of at most %d bytes"),
                   self->display, MAX_EVENT_TEXT);
      return FALSE;
    }
  if (!isfinite (time_s))
    {
      g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_TIME,
                   _("%s: /events/time: time[%u] is %g, expected a finite number of seconds"),
                   self->display, self->events->len, time_s);
      return FALSE;
    }

  e.time_s = time_s;
  e.kind = g_strdup (kind);
  e.text = g_strdup (text);
  e.order = self->events->len;
  g_array_append_val (self->events, e);
  return TRUE;
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const Event *x = a, *y = b;

  if (x->time_s != y->time_s)
    return x->time_s < y->time_s ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* Writes a 1-D dataset of variable-length UTF-8 strings (lock held) */
static gboolean
write_strings (hid_t         loc,
               const char   *name,
               const char  **strings,
               hsize_t       n)
{
  g_auto(MeltH5Type) type = H5Tcopy (H5T_C_S1);
  g_auto(MeltH5Space) space = H5Screate_simple (1, &n, NULL);
  g_auto(MeltH5Plist) dcpl = H5Pcreate (H5P_DATASET_CREATE);
  g_auto(MeltH5Dataset) dataset = H5I_INVALID_HID;

  if (type < 0 || space < 0 || dcpl < 0
      || H5Pset_obj_track_times (dcpl, FALSE) < 0
      || H5Tset_size (type, H5T_VARIABLE) < 0
      || H5Tset_cset (type, H5T_CSET_UTF8) < 0)
    return FALSE;
  dataset = H5Dcreate2 (loc, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  return dataset >= 0
         && (n == 0 || H5Dwrite (dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, strings) >= 0);
}

static gboolean
write_events (MeltRecordingWriter  *self,
              GError              **error)
{
  g_auto(MeltH5Group) group = H5I_INVALID_HID;
  g_auto(MeltH5Dataset) time_ds = H5I_INVALID_HID;
  hsize_t n = self->events->len;
  g_autofree double *times = g_new (double, MAX (n, 1));
  g_autofree const char **kinds = g_new (const char *, MAX (n, 1));
  g_autofree const char **texts = g_new (const char *, MAX (n, 1));

  g_array_sort (self->events, compare_events);
  for (guint i = 0; i < n; i++)
    {
      const Event *e = &g_array_index (self->events, Event, i);

      times[i] = e->time_s;
      kinds[i] = e->kind;
      texts[i] = e->text;
    }

  group = create_group (self->h5, "events");
  if (group >= 0)
    time_ds = create_dataset (self, group, "time", H5T_IEEE_F64LE, 1, n, NULL, TRUE, 1);
  if (group < 0 || time_ds < 0
      || !write_rows (time_ds, H5T_NATIVE_DOUBLE, 1, 0, n, TRUE, times)
      || !_melt_hdf5_write_string_attr (time_ds, "units", "s")
      || !_melt_hdf5_write_string_attr (time_ds, "long_name", "time")
      || !write_strings (group, "kind", kinds, n)
      || !write_strings (group, "text", texts, n))
    {
      writer_error (self, MELT_RECORDING_ERROR_IO, "/events", _("cannot write the events"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_root (MeltRecordingWriter  *self,
            GError              **error)
{
  int version = MELT_RECORDING_FORMAT_VERSION;
  guint8 simulated = self->simulated ? 1 : 0;

  if (!_melt_hdf5_write_string_attr (self->h5, "format", MELT_RECORDING_FORMAT)
      || !_melt_hdf5_write_numeric_attr (self->h5, "format_version", H5T_STD_I32LE,
                                         H5T_NATIVE_INT, &version, 1)
      || !_melt_hdf5_write_string_attr (self->h5, "run_id", self->run_id)
      || !_melt_hdf5_write_string_attr (self->h5, "platform",
                             melt_enum_to_nick (MELT_TYPE_PLATFORM, self->platform))
      || !_melt_hdf5_write_numeric_attr (self->h5, "simulated", H5T_STD_U8LE, H5T_NATIVE_UINT8,
                                         &simulated, 1)
      || !_melt_hdf5_write_string_attr (self->h5, "created_by", self->created_by)
      || (self->material != NULL && !_melt_hdf5_write_string_attr (self->h5, "material", self->material))
      || (self->process_json != NULL && !_melt_hdf5_write_string_attr (self->h5, "process", self->process_json)))
    {
      writer_error (self, MELT_RECORDING_ERROR_IO, "/", _("cannot write the root attributes"));
      return FALSE;
    }
  return TRUE;
}

/* Everything but the rename (lock held) */
static gboolean
finish_locked (MeltRecordingWriter  *self,
               GError              **error)
{
  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *s = g_ptr_array_index (self->streams, i);

      if (s->contiguous && s->appended != s->declared)
        {
          g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_INVALID,
                       _("%s: %s: %llu samples appended to a stream declared with %llu"),
                       self->display, s->path, (unsigned long long) s->appended,
                       (unsigned long long) s->declared);
          return FALSE;
        }
      if (!stream_flush (self, s, error))
        return FALSE;
    }
  for (guint i = 0; i < self->frames->len; i++)
    {
      Frames *f = g_ptr_array_index (self->frames, i);

      if (f->contiguous && f->appended != f->declared)
        {
          g_set_error (error, MELT_RECORDING_ERROR, MELT_RECORDING_ERROR_INVALID,
                       _("%s: %s: %llu frames appended to a stack declared with %llu"),
                       self->display, f->path, (unsigned long long) f->appended,
                       (unsigned long long) f->declared);
          return FALSE;
        }
      if (!frames_flush (self, f, error))
        return FALSE;
    }
  if (!write_events (self, error) || !write_root (self, error))
    return FALSE;

  g_ptr_array_set_size (self->streams, 0);
  g_ptr_array_set_size (self->frames, 0);
  if (H5Fclose (self->h5) < 0)
    {
      self->h5 = H5I_INVALID_HID;
      writer_error (self, MELT_RECORDING_ERROR_IO, "/", _("cannot close the file"));
      return FALSE;
    }
  self->h5 = H5I_INVALID_HID;
  return TRUE;
}

gboolean
melt_recording_writer_finish (MeltRecordingWriter  *self,
                              GCancellable         *cancellable,
                              GError              **error)
{
  gboolean ok;

  g_return_val_if_fail (MELT_IS_RECORDING_WRITER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_open (self, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      melt_recording_writer_abort (self);
      return FALSE;
    }

  _melt_hdf5_lock ();
  ok = finish_locked (self, error);
  _melt_hdf5_unlock ();

  if (ok)
    ok = _melt_hdf5_temp_file_commit (self->temp, self->path, cancellable, MELT_RECORDING_ERROR,
                                      MELT_RECORDING_ERROR_IO, self->display, error);
  if (!ok)
    {
      melt_recording_writer_abort (self);
      return FALSE;
    }
  self->done = TRUE;
  return TRUE;
}
