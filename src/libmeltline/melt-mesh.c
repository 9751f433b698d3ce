/* melt-mesh.c: a part design as an indexed triangle mesh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-mesh"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "melt-mesh-edges.h"

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

  /* Computed once, on first use or by the loading worker, under the lock;
   * feature_edges_ready is set (atomically) once they are there. */
  GMutex          feature_edges_lock;
  guint32        *feature_edges;    /* 2 per edge */
  guint           n_feature_edges;
  int             feature_edges_ready;
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
  g_clear_pointer (&self->feature_edges, g_free);
  g_mutex_clear (&self->feature_edges_lock);

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
  g_mutex_init (&self->feature_edges_lock);
}

/* Takes ownership of @positions and @indices. */
static MeltMesh *
melt_mesh_new_take (float         *positions,
                    guint          n_vertices,
                    guint32       *indices,
                    guint          n_triangles,
                    GCancellable  *cancellable,
                    MeltMeshProgress *progress,
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
                                       cancellable, progress, error))
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
  g_return_val_if_fail ((guint64) n_vertices <= MELT_MESH_MAX_VERTICES, NULL);

  for (gsize i = 0; i < (gsize) n_triangles * 3; i++)
    g_return_val_if_fail (indices[i] < n_vertices, NULL);

  return melt_mesh_new_take (g_memdup2 (positions, sizeof (float) * 3 * (gsize) n_vertices),
                             n_vertices,
                             g_memdup2 (indices, sizeof (guint32) * 3 * (gsize) n_triangles),
                             n_triangles,
                             NULL, NULL, NULL);
}

static MeltMesh *
melt_mesh_new_from_welder (MeltMeshWelder    *welder,
                           GCancellable      *cancellable,
                           MeltMeshProgress  *progress,
                           GError           **error)
{
  guint n_vertices = welder->n_vertices;
  guint n_triangles = welder->indices->len / 3;
  gsize len;
  float *positions;
  guint32 *indices;

  g_clear_pointer (&welder->slots, g_free);
  positions = g_array_steal (welder->positions, &len);
  indices = g_array_steal (welder->indices, &len);

  return melt_mesh_new_take (positions, n_vertices, indices, n_triangles, cancellable, progress, error);
}

/**
 * melt_mesh_new_from_soup:
 * @corners: (array): 9 floats per triangle: its three corners, mm
 * @n_triangles: number of triangles
 *
 * Creates a mesh from separate triangles, as an STL file stores them:
 * corners with the same coordinates become one vertex.
 *
 * Returns: (transfer full) (nullable): a new #MeltMesh, or %NULL if the
 *   triangles have more than 1 431 655 765 distinct corners
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
  if (welder.too_many)
    {
      g_critical ("%s: more than %llu distinct corners", G_STRFUNC,
                  (unsigned long long) MELT_MESH_MAX_VERTICES);
      self = NULL;
    }
  else
    self = melt_mesh_new_from_welder (&welder, NULL, NULL, NULL);
  _melt_mesh_welder_clear (&welder);

  return self;
}

void
_melt_mesh_progress_init (MeltMeshProgress *progress,
                          MeltProgressFunc  func,
                          gpointer          data)
{
  g_assert (progress != NULL);

  progress->func = func;
  progress->data = data;
  progress->last_percent = -1;
  progress->from = 0.0;
  progress->to = 1.0;
}

void
_melt_mesh_progress_phase (MeltMeshProgress *progress,
                           double            from,
                           double            to)
{
  g_assert (progress != NULL);
  g_assert (from <= to);

  progress->from = from;
  progress->to = to;
  _melt_mesh_progress_update (progress, 0.0);
}

void
_melt_mesh_progress_update (MeltMeshProgress *progress,
                            double            fraction)
{
  double overall;
  int percent;

  if (progress == NULL || progress->func == NULL)
    return;

  overall = progress->from + (progress->to - progress->from) * CLAMP (fraction, 0.0, 1.0);
  /* rounded, so that a phase beginning at 0.9 reports 0.9 and not 0.89 */
  percent = (int) (overall * 100.0 + 0.5);

  if (percent > progress->last_percent)
    {
      progress->last_percent = percent;
      progress->func (percent / 100.0, progress->data);
    }
}

void
_melt_mesh_reader_progress (MeltMeshReader *reader,
                            double          fraction)
{
  /* the reading phase ends below MELT_MESH_PROGRESS_ANALYSIS: the analysis
   * announces itself with exactly that value */
  _melt_mesh_progress_update (reader->progress, MIN (fraction, 0.99));
}

static gboolean
has_suffix_nocase (const char *name,
                   const char *suffix)
{
  gsize n = strlen (name);
  gsize s = strlen (suffix);

  return n >= s && g_ascii_strcasecmp (name + n - s, suffix) == 0;
}

static gboolean
starts_with_solid (const guint8 *data,
                   gsize         size)
{
  const char *end = (const char *) data + size;
  const char *p = (const char *) data + _melt_text_bom_length (data, size);

  p = _melt_text_skip_space (p, end, TRUE);

  return end - p >= 5 && g_ascii_strncasecmp (p, "solid", 5) == 0 &&
         (end - p == 5 || g_ascii_isspace (p[5]));
}

/* Whether the first KiB after the first line (the solid's name) holds
 * “facet” or “endsolid”: then a file beginning with “solid” is an ASCII STL
 * even with stray binary bytes in it. A binary STL's 80-byte header rarely
 * has a line end, and its records do not spell STL keywords. */
static gboolean
has_ascii_stl_keyword (const guint8 *data,
                       gsize         size)
{
  const char *p = (const char *) data;
  const char *end = (const char *) data + MIN (size, 1024);

  while (p < end && *p != '\n' && *p != '\r')
    p++;

  for (; p + 5 <= end; p++)
    {
      if (g_ascii_strncasecmp (p, "facet", 5) == 0 ||
          (p + 8 <= end && g_ascii_strncasecmp (p, "endsolid", 8) == 0))
        return TRUE;
    }

  return FALSE;
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
  const char *p = (const char *) data + _melt_text_bom_length (data, size);

  p = _melt_text_skip_space (p, end, TRUE);

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

  /* “solid” and STL keywords, but a NUL or another control byte: an ASCII
   * STL with a bad byte, which its reader then finds and names the line of
   * (a binary STL with a “solid” header and a wrong size has no keywords) */
  if (starts_with_solid (data, size) && has_ascii_stl_keyword (data, size))
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
  const char *start = (const char *) data + _melt_text_bom_length (data, size);
  const char *end = (const char *) data + size;
  const char *p = _melt_text_skip_space (start, end, TRUE);
  const char *q = p;
  g_autofree char *word = NULL;
  guint line = _melt_text_line_at (start, p, end);

  while (q < end && !g_ascii_isspace (*q) && q - p < 32)
    q++;
  word = _melt_text_quote (p, q - p);

  g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_UNSUPPORTED,
               /* TRANSLATORS: “%s” is a file name, %u a line number, “%s” the word found */
               _("“%s”: line %u: expected “solid” (ASCII STL) or an OBJ statement such as “v” or “f”, found “%s”"),
               display_name, line, word);
}

/* The analysis after reading: the report, and the feature edges when
 * @feature_edges (the loading worker finds them, so that the renderer
 * does not on the main thread). Phases of @progress: see MeltProgressFunc. */
#define PROGRESS_REPORT_END_WITH_EDGES 0.95
#define PROGRESS_ANALYSIS_END 0.99

static gboolean ensure_feature_edges (MeltMesh          *self,
                                      GCancellable      *cancellable,
                                      MeltMeshProgress  *progress,
                                      GError           **error);

static MeltMesh *
load_bytes (GBytes            *bytes,
            const char        *display_name,
            gboolean           feature_edges,
            GCancellable      *cancellable,
            MeltProgressFunc   progress_func,
            gpointer           progress_data,
            GError           **error)
{
  MeltMeshReader reader = { 0 };
  MeltMeshProgress progress;
  MeltMeshFormat format;
  MeltMesh *self = NULL;
  gboolean ok = FALSE;

  _melt_mesh_progress_init (&progress, progress_func, progress_data);

  reader.display_name = display_name;
  reader.data = g_bytes_get_data (bytes, &reader.size);
  reader.cancellable = cancellable;
  reader.progress = &progress;

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

  _melt_mesh_progress_phase (&progress, 0.0, MELT_MESH_PROGRESS_ANALYSIS);

  format = detect_format (display_name, reader.data, reader.size);

  g_debug ("Reading “%s” (%" G_GSIZE_FORMAT " bytes) as %s",
           display_name, reader.size, melt_mesh_format_to_string (format));

  switch (format)
    {
    case MELT_MESH_FORMAT_STL_BINARY:
      ok = _melt_stl_read_binary (&reader, error);
      break;

    case MELT_MESH_FORMAT_STL_ASCII:
      reader.text_start = _melt_text_bom_length (reader.data, reader.size);
      ok = _melt_stl_read_ascii (&reader, error);
      break;

    case MELT_MESH_FORMAT_OBJ:
      reader.text_start = _melt_text_bom_length (reader.data, reader.size);
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
      double report_end = feature_edges ? PROGRESS_REPORT_END_WITH_EDGES : PROGRESS_ANALYSIS_END;

      /* reports MELT_MESH_PROGRESS_ANALYSIS: reading is done */
      _melt_mesh_progress_phase (&progress, MELT_MESH_PROGRESS_ANALYSIS, report_end);
      self = melt_mesh_new_from_welder (&reader.welder, cancellable, &progress, error);

      if (self != NULL && feature_edges)
        {
          _melt_mesh_progress_phase (&progress, report_end, PROGRESS_ANALYSIS_END);
          if (!ensure_feature_edges (self, cancellable, &progress, error))
            g_clear_object (&self);
        }
    }

  _melt_mesh_welder_clear (&reader.welder);

  if (self == NULL)
    return NULL;

  self->format = format;
  self->display_name = g_strdup (display_name);

  _melt_mesh_progress_phase (&progress, 1.0, 1.0);

  return self;
}

/**
 * melt_mesh_load_bytes:
 * @bytes: the contents of a part file
 * @display_name: the name to use in error messages, e.g. the file's base name
 *   (UTF-8, as g_filename_display_basename() gives)
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): called with the fraction done, at
 *   most about 100 times, from the calling thread; see #MeltProgressFunc
 *   for what the fractions mean
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
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name == NULL || g_utf8_validate (display_name, -1, NULL), NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = _("part");

  return load_bytes (bytes, display_name, FALSE, cancellable, progress, progress_data, error);
}

/* Files at least this large are mapped into memory, smaller ones read.
 *
 * Reading copies the file once (about 20 ms for a 50 MB, million-triangle
 * binary STL in the page cache, on top of 80 ms to read, weld and check it
 * mapped) but owns its bytes. A mapping is shared with the file: if another
 * program truncates the file while it is loaded, touching the lost pages
 * raises SIGBUS and ends Meltline. Only files too large to copy cheaply
 * take that risk.
 */
#define MAP_MIN_SIZE ((goffset) 64 << 20)

/* Reads all of @fd, or of @stream when it is set, into memory: at most
 * MELT_MESH_MAX_STREAM_SIZE bytes, checking @cancellable between reads. For
 * pipes, devices and files that are not local. */
static GBytes *
read_all (int            fd,
          GInputStream  *stream,
          gsize          size_hint,
          const char    *display_name,
          GCancellable  *cancellable,
          GError       **error)
{
  const gsize chunk = 16 << 20;
  gsize capacity = size_hint > 0 ? size_hint + 1 : 64 << 10;
  g_autofree guint8 *buffer = NULL;
  gsize len = 0;

  capacity = MIN (capacity, MELT_MESH_MAX_STREAM_SIZE + 1);
  buffer = g_malloc (capacity);
  /* huge pages: a 50 MB file otherwise spends more time in page faults
   * than in the copy */
  _melt_mesh_advise_large (buffer, capacity);

  for (;;)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      if (len == capacity)
        {
          if (len > MELT_MESH_MAX_STREAM_SIZE)
            {
              g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_TOO_LARGE,
                           /* TRANSLATORS: “%s” is a file name, then a byte offset and a
                            * number of bytes */
                           _("“%s”: byte %llu: expected at most %llu bytes from a pipe, a device or a remote file, found more"),
                           display_name, (unsigned long long) MELT_MESH_MAX_STREAM_SIZE,
                           (unsigned long long) MELT_MESH_MAX_STREAM_SIZE);
              return NULL;
            }

          capacity = MIN (2 * capacity, MELT_MESH_MAX_STREAM_SIZE + 1);
          buffer = g_realloc (buffer, capacity);
        }

      if (stream != NULL)
        {
          g_autoptr(GError) local_error = NULL;

          n = g_input_stream_read (stream, buffer + len, MIN (capacity - len, chunk),
                                   cancellable, &local_error);
          if (n < 0)
            {
              if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                g_propagate_error (error, g_steal_pointer (&local_error));
              else
                g_set_error (error, local_error->domain, local_error->code,
                             /* TRANSLATORS: “%s” is a file name, then a byte offset and
                              * the reason, e.g. “Connection reset” */
                             _("“%s”: byte %llu: cannot read the file: %s"),
                             display_name, (unsigned long long) len, local_error->message);
              return NULL;
            }
        }
      else
        {
          n = read (fd, buffer + len, MIN (capacity - len, chunk));
          if (n < 0)
            {
              int saved_errno = errno;

              if (saved_errno == EINTR)
                continue;

              g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                           _("“%s”: byte %llu: cannot read the file: %s"),
                           display_name, (unsigned long long) len, g_strerror (saved_errno));
              return NULL;
            }
        }

      if (n == 0)
        break;

      len += n;
    }

  return g_bytes_new_take (g_steal_pointer (&buffer), len);
}

static GBytes *
load_local_file (const char    *path,
                 const char    *display_name,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes = NULL;
  struct stat st;
  int saved_errno;
  int fd;

  /* A FIFO blocks here until a writer opens it */
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   /* TRANSLATORS: “%s” is a file name, then the reason, e.g.
                    * “No such file or directory” */
                   _("“%s”: cannot open the file: %s"),
                   display_name, g_strerror (saved_errno));
      return NULL;
    }

  if (fstat (fd, &st) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("“%s”: byte 0: cannot read the file: %s"),
                   display_name, g_strerror (saved_errno));
    }
  else if (S_ISDIR (st.st_mode))
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                 /* TRANSLATORS: “%s” is the name of a folder given as a part file */
                 _("“%s”: expected a part file, found a folder"),
                 display_name);
  else if (S_ISREG (st.st_mode) && st.st_size >= MAP_MIN_SIZE)
    {
      mapped = g_mapped_file_new_from_fd (fd, FALSE, &local_error);
      if (mapped != NULL)
        bytes = g_mapped_file_get_bytes (mapped);
      else
        g_set_error (error, local_error->domain, local_error->code,
                     /* TRANSLATORS: “%s” is a file name, then the reason */
                     _("“%s”: cannot map the file into memory: %s"),
                     display_name, local_error->message);
    }
  else
    {
      /* regular files of known size, and pipes, sockets and devices,
       * which cannot be mapped: read in a loop */
      bytes = read_all (fd, NULL, S_ISREG (st.st_mode) ? (gsize) st.st_size : 0,
                        display_name, cancellable, error);
    }

  g_close (fd, NULL);

  return bytes;
}

static GBytes *
load_remote_file (GFile         *file,
                  const char    *display_name,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                            cancellable, NULL);
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s”: expected a part file, found a folder"),
                   display_name);
      return NULL;
    }

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, local_error->domain, local_error->code,
                     _("“%s”: cannot open the file: %s"),
                     display_name, local_error->message);
      return NULL;
    }

  return read_all (-1, G_INPUT_STREAM (stream), 0, display_name, cancellable, error);
}

/* A UTF-8 name for messages and labels, whatever bytes the file name has */
static char *
file_display_name (GFile *file)
{
  const char *path = g_file_peek_path (file);
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *basename = NULL;

  if (path != NULL)
    return g_filename_display_basename (path);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME, G_FILE_QUERY_INFO_NONE,
                            NULL, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME))
    return g_strdup (g_file_info_get_display_name (info));

  basename = g_file_get_basename (file);

  return g_utf8_make_valid (basename != NULL ? basename : "", -1);
}

static MeltMesh *
load_file (GFile             *file,
           gboolean           feature_edges,
           GCancellable      *cancellable,
           MeltProgressFunc   progress,
           gpointer           progress_data,
           GError           **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display_name = file_display_name (file);
  const char *path = g_file_peek_path (file);
  MeltMesh *self;

  if (path != NULL)
    bytes = load_local_file (path, display_name, cancellable, error);
  else
    bytes = load_remote_file (file, display_name, cancellable, error);

  if (bytes == NULL)
    return NULL;

  self = load_bytes (bytes, display_name, feature_edges, cancellable, progress, progress_data, error);

  if (self != NULL)
    self->file = g_object_ref (file);

  return self;
}

/**
 * melt_mesh_load:
 * @file: a part file: binary STL, ASCII STL or OBJ
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): called with the fraction done, at
 *   most about 100 times, from the calling thread; see #MeltProgressFunc
 * @progress_data: closure for @progress
 * @error: return location for a #GError
 *
 * Reads a part file, welds its vertices and computes its report. Blocks:
 * use melt_mesh_load_async() from the main thread.
 *
 * A local file is read into memory, or mapped when it is very large (then
 * truncating it while it is loaded ends the program with SIGBUS). Pipes,
 * devices and remote files are read as streams, up to 1 GiB. A folder is an
 * error (%G_FILE_ERROR_ISDIR). Errors of the file system are in the
 * %G_FILE_ERROR domain for local files (%G_IO_ERROR for remote ones); all
 * messages begin with the file's display name.
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
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_file (file, FALSE, cancellable, progress, progress_data, error);
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

  /* the feature edges too, so that showing the part costs the main
   * thread no more than uploading them */
  self = load_file (load->file, TRUE, cancellable, load->progress, load->progress_data, &error);

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
 *   times (see #MeltProgressFunc for the phases). **It is called from the
 *   worker thread**, not from the main thread: a caller that updates
 *   widgets must hand the value over to the main context itself (e.g. store
 *   it atomically and read it from an idle or tick callback). It must stay
 *   callable until @callback has run.
 * @progress_data: closure for @progress
 * @callback: called in the thread-default main context of the caller when
 *   the mesh is loaded, its report computed and its feature edges found
 * @user_data: closure for @callback
 *
 * Reads and analyses a part file in a worker thread (see melt_mesh_load()).
 * The worker also finds the feature edges, so melt_mesh_get_feature_edges()
 * on the result returns at once.
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

static gboolean
ensure_feature_edges (MeltMesh          *self,
                      GCancellable      *cancellable,
                      MeltMeshProgress  *progress,
                      GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  guint32 *edges;
  guint n_edges = 0;

  if (g_atomic_int_get (&self->feature_edges_ready))
    return TRUE;

  locker = g_mutex_locker_new (&self->feature_edges_lock);

  /* another thread may have found them while this one waited */
  if (g_atomic_int_get (&self->feature_edges_ready))
    return TRUE;

  edges = _melt_mesh_find_feature_edges (self->positions, self->n_vertices,
                                         self->indices, self->n_triangles,
                                         cancellable, progress, &n_edges, error);
  if (edges == NULL)
    return FALSE;

  self->feature_edges = edges;
  self->n_feature_edges = n_edges;
  g_atomic_int_set (&self->feature_edges_ready, TRUE);

  return TRUE;
}

/**
 * melt_mesh_get_feature_edges:
 * @self: a #MeltMesh
 * @n_edges: (out) (optional): return location for the number of edges
 *
 * Gets the edges worth outlining in a view of the part, as pairs of vertex
 * indices (lower index first): open edges (used by one triangle: the rims of
 * holes), non-manifold edges (used by three or more) and creases, edges
 * between two triangles whose normals differ by more than
 * %MELT_MESH_FEATURE_ANGLE_DEG. Triangles with a repeated vertex are left
 * out, as in the report; triangles without area make no crease.
 *
 * They are found once, in linear time, and kept. A mesh from
 * melt_mesh_load_async() has them already; for other meshes the first call
 * finds them (about 30 ms per million triangles). Safe to call from any
 * thread.
 *
 * Returns: (transfer none) (array): 2 × @n_edges vertex indices
 */
const guint32 *
melt_mesh_get_feature_edges (MeltMesh *self,
                             guint    *n_edges)
{
  g_return_val_if_fail (MELT_IS_MESH (self), NULL);

  /* cannot fail without a cancellable */
  ensure_feature_edges (self, NULL, NULL, NULL);

  if (n_edges != NULL)
    *n_edges = self->n_feature_edges;

  return self->feature_edges;
}
