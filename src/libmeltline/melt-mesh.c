/* melt-mesh.c: a part design as an indexed triangle mesh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-mesh"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "melt-mesh-private.h"

struct _MeltMesh
{
  GObject         parent_instance;

  GFile          *file;
  char           *display_name;
  MeltMeshFormat  format;

  float          *positions;    /* 3 per vertex, mm */
  guint32        *indices;      /* 3 per triangle */
  guint           n_vertices;
  guint           n_triangles;

  float           bounds_min[3];
  float           bounds_max[3];
  MeltMeshReport  report;
};

G_DEFINE_FINAL_TYPE (MeltMesh, melt_mesh, G_TYPE_OBJECT)

G_DEFINE_QUARK (melt-mesh-error-quark, melt_mesh_error)

enum {
  PROP_0,
  PROP_FILE,
  PROP_DISPLAY_NAME,
  PROP_FORMAT,
  PROP_N_VERTICES,
  PROP_N_TRIANGLES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
melt_mesh_finalize (GObject *object)
{
  MeltMesh *self = (MeltMesh *) object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->positions, g_free);
  g_clear_pointer (&self->indices, g_free);

  G_OBJECT_CLASS (melt_mesh_parent_class)->finalize (object);
}

static void
melt_mesh_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MeltMesh *self = MELT_MESH (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_FORMAT:
      g_value_set_int (value, self->format);
      break;

    case PROP_N_VERTICES:
      g_value_set_uint (value, self->n_vertices);
      break;

    case PROP_N_TRIANGLES:
      g_value_set_uint (value, self->n_triangles);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_mesh_class_init (MeltMeshClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = melt_mesh_finalize;
  object_class->get_property = melt_mesh_get_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FORMAT] =
    g_param_spec_int ("format", NULL, NULL,
                      MELT_MESH_FORMAT_UNKNOWN, MELT_MESH_FORMAT_OBJ, MELT_MESH_FORMAT_UNKNOWN,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_VERTICES] =
    g_param_spec_uint ("n-vertices", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_TRIANGLES] =
    g_param_spec_uint ("n-triangles", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
melt_mesh_init (MeltMesh *self)
{
}

/* Takes ownership of @positions and @indices. */
static MeltMesh *
melt_mesh_new_take (float         *positions,
                    guint          n_vertices,
                    guint32       *indices,
                    guint          n_triangles,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(MeltMesh) self = g_object_new (MELT_TYPE_MESH, NULL);

  self->positions = positions;
  self->indices = indices;
  self->n_vertices = n_vertices;
  self->n_triangles = n_triangles;

  if (!_melt_mesh_report_compute_full (&self->report,
                                       positions, n_vertices,
                                       indices, n_triangles,
                                       cancellable, error))
    return NULL;

  for (guint k = 0; k < 3; k++)
    {
      self->bounds_min[k] = (float) self->report.bounds_min[k];
      self->bounds_max[k] = (float) self->report.bounds_max[k];
    }

  return g_steal_pointer (&self);
}

/**
 * melt_mesh_new:
 * @positions: (array): 3 floats per vertex, mm
 * @n_vertices: number of vertices
 * @indices: (array): 3 vertex indices per triangle, counter-clockwise seen
 *   from outside
 * @n_triangles: number of triangles
 *
 * Creates a mesh from an indexed triangle list. The arrays are copied and
 * not welded: vertices are used as given. Every index must be below
 * @n_vertices.
 *
 * Returns: (transfer full): a new #MeltMesh, or %NULL if an index is out
 *   of range
 */
MeltMesh *
melt_mesh_new (const float   *positions,
               guint          n_vertices,
               const guint32 *indices,
               guint          n_triangles)
{
  g_return_val_if_fail (n_vertices == 0 || positions != NULL, NULL);
  g_return_val_if_fail (n_triangles == 0 || indices != NULL, NULL);
  g_return_val_if_fail ((guint64) n_triangles <= MELT_MESH_MAX_TRIANGLES, NULL);
  g_return_val_if_fail (n_vertices <= G_MAXINT32, NULL);

  for (gsize i = 0; i < (gsize) n_triangles * 3; i++)
    g_return_val_if_fail (indices[i] < n_vertices, NULL);

  return melt_mesh_new_take (g_memdup2 (positions, sizeof (float) * 3 * (gsize) n_vertices),
                             n_vertices,
                             g_memdup2 (indices, sizeof (guint32) * 3 * (gsize) n_triangles),
                             n_triangles,
                             NULL, NULL);
}

static MeltMesh *
melt_mesh_new_from_welder (MeltMeshWelder  *welder,
                           GCancellable    *cancellable,
                           GError         **error)
{
  guint n_vertices = welder->n_vertices;
  guint n_triangles = welder->indices->len / 3;
  gsize len;
  float *positions;
  guint32 *indices;

  g_clear_pointer (&welder->slots, g_free);
  positions = g_array_steal (welder->positions, &len);
  indices = g_array_steal (welder->indices, &len);

  return melt_mesh_new_take (positions, n_vertices, indices, n_triangles, cancellable, error);
}

/**
 * melt_mesh_new_from_soup:
 * @corners: (array): 9 floats per triangle: its three corners, mm
 * @n_triangles: number of triangles
 *
 * Creates a mesh from separate triangles, as an STL file stores them:
 * corners with the same coordinates become one vertex.
 *
 * Returns: (transfer full): a new #MeltMesh
 */
MeltMesh *
melt_mesh_new_from_soup (const float *corners,
                         guint        n_triangles)
{
  MeltMeshWelder welder;
  MeltMesh *self;

  g_return_val_if_fail (n_triangles == 0 || corners != NULL, NULL);
  g_return_val_if_fail ((guint64) n_triangles <= MELT_MESH_MAX_TRIANGLES, NULL);

  _melt_mesh_welder_init (&welder, (gsize) n_triangles * 3);
  _melt_mesh_welder_add_triangles (&welder, corners, n_triangles);
  self = melt_mesh_new_from_welder (&welder, NULL, NULL);
  _melt_mesh_welder_clear (&welder);

  return self;
}

void
_melt_mesh_reader_progress (MeltMeshReader *reader,
                            double          fraction)
{
  int percent;

  if (reader->progress == NULL)
    return;

  /* Reading is the first 90 %, the analysis the rest */
  percent = (int) (CLAMP (fraction, 0.0, 1.0) * 90.0);

  if (percent > reader->last_percent)
    {
      reader->last_percent = percent;
      reader->progress (percent / 100.0, reader->progress_data);
    }
}

static gboolean
has_suffix_nocase (const char *name,
                   const char *suffix)
{
  gsize n = strlen (name);
  gsize s = strlen (suffix);

  return n >= s && g_ascii_strcasecmp (name + n - s, suffix) == 0;
}

static const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && g_ascii_isspace (*p))
    p++;
  return p;
}

static gboolean
starts_with_solid (const guint8 *data,
                   gsize         size)
{
  const char *p = skip_space ((const char *) data, (const char *) data + size);
  const char *end = (const char *) data + size;

  return end - p >= 5 && g_ascii_strncasecmp (p, "solid", 5) == 0 &&
         (end - p == 5 || g_ascii_isspace (p[5]));
}

/* Text as far as the first KiB goes: no NUL, no control bytes but space */
static gboolean
looks_like_text (const guint8 *data,
                 gsize         size)
{
  size = MIN (size, 1024);

  for (gsize i = 0; i < size; i++)
    {
      if (data[i] < 0x20 && data[i] != '\n' && data[i] != '\r' &&
          data[i] != '\t' && data[i] != '\f' && data[i] != '\v')
        return FALSE;
    }

  return TRUE;
}

static gboolean
looks_like_obj (const guint8 *data,
                gsize         size)
{
  static const char * const keywords[] = {
    "#", "v ", "v\t", "vt", "vn", "vp", "f ", "f\t", "o ", "g ", "s ", "mtllib", "usemtl", "l ",
  };
  const char *end = (const char *) data + size;
  const char *p = skip_space ((const char *) data, end);

  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    {
      gsize len = strlen (keywords[i]);

      if ((gsize) (end - p) >= len && memcmp (p, keywords[i], len) == 0)
        return TRUE;
    }

  return FALSE;
}

static MeltMeshFormat
detect_format (const char   *display_name,
               const guint8 *data,
               gsize         size)
{
  /* A binary STL whose triangle count matches the file size is binary,
   * whatever its header says: many begin with “solid”. */
  if (_melt_stl_looks_binary (data, size))
    return MELT_MESH_FORMAT_STL_BINARY;

  if (starts_with_solid (data, size) && looks_like_text (data, size))
    return MELT_MESH_FORMAT_STL_ASCII;

  if (has_suffix_nocase (display_name, ".obj"))
    return MELT_MESH_FORMAT_OBJ;

  if (has_suffix_nocase (display_name, ".stl"))
    {
      if (looks_like_text (data, size))
        return MELT_MESH_FORMAT_STL_ASCII;
      return MELT_MESH_FORMAT_STL_BINARY;
    }

  if (looks_like_text (data, size))
    {
      if (looks_like_obj (data, size))
        return MELT_MESH_FORMAT_OBJ;
      return MELT_MESH_FORMAT_UNKNOWN;
    }

  /* binary data: only binary STL is left; its reader says what is wrong */
  return MELT_MESH_FORMAT_STL_BINARY;
}

static void
set_unknown_format_error (const char    *display_name,
                          const guint8  *data,
                          gsize          size,
                          GError       **error)
{
  const char *end = (const char *) data + size;
  const char *p = skip_space ((const char *) data, end);
  const char *q = p;
  g_autofree char *word = NULL;
  guint line = 1;

  for (const char *s = (const char *) data; s < p; s++)
    line += *s == '\n';

  while (q < end && !g_ascii_isspace (*q) && q - p < 32)
    q++;
  word = g_utf8_make_valid (p, q - p);

  g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_UNSUPPORTED,
               /* TRANSLATORS: “%s” is a file name, %u a line number, “%s” the word found */
               _("“%s”: line %u: expected “solid” (ASCII STL) or an OBJ statement such as “v” or “f”, found “%s”"),
               display_name, line, word);
}

/**
 * melt_mesh_load_bytes:
 * @bytes: the contents of a part file
 * @display_name: the name to use in error messages, e.g. the file's base name
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): called with the fraction done, at
 *   most about 100 times, from the calling thread
 * @progress_data: closure for @progress
 * @error: return location for a #GError
 *
 * Reads a binary STL, ASCII STL or OBJ part from memory, welds its
 * vertices and computes its report. The format is found from the contents
 * (and, for text that could be either, from the extension of
 * @display_name).
 *
 * Errors are in the %MELT_MESH_ERROR domain (or %G_IO_ERROR_CANCELLED) and
 * their messages name @display_name and the line or byte offset.
 *
 * Returns: (transfer full): a new #MeltMesh, or %NULL with @error set
 */
MeltMesh *
melt_mesh_load_bytes (GBytes            *bytes,
                      const char        *display_name,
                      GCancellable      *cancellable,
                      MeltProgressFunc   progress,
                      gpointer           progress_data,
                      GError           **error)
{
  MeltMeshReader reader = { 0 };
  MeltMeshFormat format;
  MeltMesh *self = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = _("part");

  reader.display_name = display_name;
  reader.data = g_bytes_get_data (bytes, &reader.size);
  reader.cancellable = cancellable;
  reader.progress = progress;
  reader.progress_data = progress_data;
  reader.last_percent = -1;

  if (reader.data == NULL || reader.size == 0)
    {
      g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_EMPTY,
                   /* TRANSLATORS: “%s” is a file name */
                   _("“%s”: byte 0: the file is empty, expected a binary STL, ASCII STL or OBJ part"),
                   display_name);
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  _melt_mesh_reader_progress (&reader, 0.0);

  format = detect_format (display_name, reader.data, reader.size);

  g_debug ("Reading “%s” (%" G_GSIZE_FORMAT " bytes) as %s",
           display_name, reader.size, melt_mesh_format_to_string (format));

  switch (format)
    {
    case MELT_MESH_FORMAT_STL_BINARY:
      ok = _melt_stl_read_binary (&reader, error);
      break;

    case MELT_MESH_FORMAT_STL_ASCII:
      ok = _melt_stl_read_ascii (&reader, error);
      break;

    case MELT_MESH_FORMAT_OBJ:
      ok = _melt_obj_read (&reader, error);
      break;

    case MELT_MESH_FORMAT_UNKNOWN:
    default:
      set_unknown_format_error (display_name, reader.data, reader.size, error);
      return NULL;
    }

  if (ok && reader.welder.indices->len == 0)
    {
      ok = FALSE;
      g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_NO_TRIANGLES,
                   /* TRANSLATORS: “%s” is a file name, %s a file format, e.g. “OBJ” */
                   _("“%s”: byte %zu: expected at least one triangle, the %s file has none"),
                   display_name, reader.size, melt_mesh_format_to_string (format));
    }

  if (ok)
    {
      _melt_mesh_reader_progress (&reader, 1.0);
      self = melt_mesh_new_from_welder (&reader.welder, cancellable, error);
    }

  _melt_mesh_welder_clear (&reader.welder);

  if (self == NULL)
    return NULL;

  self->format = format;
  self->display_name = g_strdup (display_name);

  if (progress != NULL)
    progress (1.0, progress_data);

  return self;
}

/**
 * melt_mesh_load:
 * @file: a part file: binary STL, ASCII STL or OBJ
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): called with the fraction done, at
 *   most about 100 times, from the calling thread
 * @progress_data: closure for @progress
 * @error: return location for a #GError
 *
 * Reads a part file (a local file is mapped into memory, not copied), welds
 * its vertices and computes its report. Blocks: use melt_mesh_load_async()
 * from the main thread.
 *
 * Returns: (transfer full): a new #MeltMesh, or %NULL with @error set
 */
MeltMesh *
melt_mesh_load (GFile             *file,
                GCancellable      *cancellable,
                MeltProgressFunc   progress,
                gpointer           progress_data,
                GError           **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display_name = NULL;
  const char *path;
  MeltMesh *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = g_file_get_basename (file);
  path = g_file_peek_path (file);

  if (path != NULL)
    {
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);

      if (mapped == NULL)
        return NULL;

      bytes = g_mapped_file_get_bytes (mapped);
    }
  else
    {
      char *contents = NULL;
      gsize length = 0;

      if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
        return NULL;

      bytes = g_bytes_new_take (contents, length);
    }

  self = melt_mesh_load_bytes (bytes, display_name, cancellable, progress, progress_data, error);

  if (self != NULL)
    self->file = g_object_ref (file);

  return self;
}

typedef struct
{
  GFile            *file;
  MeltProgressFunc  progress;
  gpointer          progress_data;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_clear_object (&load->file);
  g_free (load);
}

static void
melt_mesh_load_worker (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  LoadData *load = task_data;
  g_autoptr(GError) error = NULL;
  MeltMesh *self;

  g_assert (G_IS_TASK (task));
  g_assert (load != NULL);
  g_assert (G_IS_FILE (load->file));

  self = melt_mesh_load (load->file, cancellable, load->progress, load->progress_data, &error);

  if (self == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, self, g_object_unref);
}

/**
 * melt_mesh_load_async:
 * @file: a part file: binary STL, ASCII STL or OBJ
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable): called with the fraction done, at most about 100
 *   times. **It is called from the worker thread**, not from the main
 *   thread: a caller that updates widgets must hand the value over to the
 *   main context itself (e.g. store it atomically and read it from an idle
 *   or tick callback). It must stay callable until @callback has run.
 * @progress_data: closure for @progress
 * @callback: called in the thread-default main context of the caller when
 *   the mesh is loaded and its report computed
 * @user_data: closure for @callback
 *
 * Reads and analyses a part file in a worker thread (see melt_mesh_load()).
 */
void
melt_mesh_load_async (GFile               *file,
                      GCancellable        *cancellable,
                      MeltProgressFunc     progress,
                      gpointer             progress_data,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  load = g_new0 (LoadData, 1);
  load->file = g_object_ref (file);
  load->progress = progress;
  load->progress_data = progress_data;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, melt_mesh_load_async);
  g_task_set_name (task, "[melt] load mesh");
  g_task_set_task_data (task, load, load_data_free);
  g_task_run_in_thread (task, melt_mesh_load_worker);
}

/**
 * melt_mesh_load_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the loaded #MeltMesh, or %NULL with @error set
 */
MeltMesh *
melt_mesh_load_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == melt_mesh_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * melt_mesh_format_to_string:
 * @format: a #MeltMeshFormat
 *
 * Returns: a short, untranslated name of the format, e.g. “binary STL”
 */
const char *
melt_mesh_format_to_string (MeltMeshFormat format)
{
  switch (format)
    {
    case MELT_MESH_FORMAT_STL_BINARY:
      return "binary STL";

    case MELT_MESH_FORMAT_STL_ASCII:
      return "ASCII STL";

    case MELT_MESH_FORMAT_OBJ:
      return "OBJ";

    case MELT_MESH_FORMAT_UNKNOWN:
    default:
      return "unknown";
    }
}

/**
 * melt_mesh_get_file:
 * @self: a #MeltMesh
 *
 * Returns: (transfer none) (nullable): the file the mesh was read from
 */
GFile *
melt_mesh_get_file (MeltMesh *self)
{
  g_return_val_if_fail (MELT_IS_MESH (self), NULL);

  return self->file;
}

/**
 * melt_mesh_get_display_name:
 * @self: a #MeltMesh
 *
 * Returns: (nullable): the name used in messages, the file's base name
 */
const char *
melt_mesh_get_display_name (MeltMesh *self)
{
  g_return_val_if_fail (MELT_IS_MESH (self), NULL);

  return self->display_name;
}

MeltMeshFormat
melt_mesh_get_format (MeltMesh *self)
{
  g_return_val_if_fail (MELT_IS_MESH (self), MELT_MESH_FORMAT_UNKNOWN);

  return self->format;
}

guint
melt_mesh_get_n_vertices (MeltMesh *self)
{
  g_return_val_if_fail (MELT_IS_MESH (self), 0);

  return self->n_vertices;
}

guint
melt_mesh_get_n_triangles (MeltMesh *self)
{
  g_return_val_if_fail (MELT_IS_MESH (self), 0);

  return self->n_triangles;
}

/**
 * melt_mesh_get_positions:
 * @self: a #MeltMesh
 *
 * Returns: (transfer none) (array): 3 floats per vertex, in mm
 */
const float *
melt_mesh_get_positions (MeltMesh *self)
{
  g_return_val_if_fail (MELT_IS_MESH (self), NULL);

  return self->positions;
}

/**
 * melt_mesh_get_indices:
 * @self: a #MeltMesh
 *
 * Returns: (transfer none) (array): 3 vertex indices per triangle
 */
const guint32 *
melt_mesh_get_indices (MeltMesh *self)
{
  g_return_val_if_fail (MELT_IS_MESH (self), NULL);

  return self->indices;
}

/**
 * melt_mesh_get_bounds:
 * @self: a #MeltMesh
 * @min: (out caller-allocates): lower corner, mm
 * @max: (out caller-allocates): upper corner, mm
 *
 * Gets the axis-aligned bounding box of the vertices; all zero for a mesh
 * without vertices.
 */
void
melt_mesh_get_bounds (MeltMesh *self,
                      float     min[3],
                      float     max[3])
{
  g_return_if_fail (MELT_IS_MESH (self));

  if (min != NULL)
    memcpy (min, self->bounds_min, sizeof self->bounds_min);
  if (max != NULL)
    memcpy (max, self->bounds_max, sizeof self->bounds_max);
}

/**
 * melt_mesh_get_report:
 * @self: a #MeltMesh
 *
 * Returns: (transfer none): the figures computed when the mesh was made
 */
const MeltMeshReport *
melt_mesh_get_report (MeltMesh *self)
{
  g_return_val_if_fail (MELT_IS_MESH (self), NULL);

  return &self->report;
}
