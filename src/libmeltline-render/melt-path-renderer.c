/* melt-path-renderer.c: every bead of a toolpath in one instanced draw
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The toolpath's points and per-segment attributes live in two textures;
 * a list texture names the segments to draw (beads of the visible kinds, in
 * order), so a range of layers, or a range of moves in the top layer, is a
 * range of the list: one glDrawArrays of that many items times the
 * template's vertices, each vertex finding its item from gl_VertexID.
 * (Instancing is what such renderers use, but llvmpipe spends microseconds
 * on each instance: a million instances took 27 s a frame, the plain draw
 * a fraction of that.) Travel moves have a list of their own, drawn as
 * lines.
 *
 * Zoomed out, when a bead is under a few pixels wide, a coarse list of runs
 * (nearly collinear segments of one bead merged, to a tenth of a bead
 * width) is drawn with a four-sided tube instead of the bead template.
 *
 * Uploads go through a small staging buffer, row band by row band, so that
 * the CPU keeps no copy of the points or attributes: only the instance lists
 * (to upload them) are built, and freed after upload.
 */

#define G_LOG_DOMAIN "melt-path-renderer"

#include "config.h"

#include <epoxy/gl.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "melt-colormap.h"
#include "melt-gl-program.h"
#include "melt-path-renderer.h"
#include "melt-renderer.h"

#define TEXTURE_SHIFT   12                  /* 4096 texels a row */
#define TEXTURE_WIDTH   (1u << TEXTURE_SHIFT)
#define BAND_ROWS       16                  /* rows uploaded at once */
#define MAX_RUN         64                  /* segments merged into one run at most */
#define RUN_TOLERANCE   0.1                 /* of the bead width */
#define COARSE_BELOW_PX 3.0                 /* beads narrower than this on screen: coarse */
#define COARSE_ABOVE_ITEMS 2000000          /* more beads in range than this: coarse */

static const float no_value_color[3] = { 0.42f, 0.43f, 0.45f };

typedef struct
{
  GLuint id;
  GLint  u_view;
  GLint  u_projection;
  GLint  u_points;
  GLint  u_attributes;
  GLint  u_list;
  GLint  u_texture_shift;
  GLint  u_z_offset;
  GLint  u_default_width;
  GLint  u_default_height;
  GLint  u_highlight;
  GLint  u_colormap;
  GLint  u_feature_colors;
  GLint  u_no_value_color;
  GLint  u_color_by_value;
  GLint  u_up;
  GLint  u_clip;
  GLint  u_color;
  GLint  u_eye;
  GLint  u_coarse;
} Program;

/* An instance list on the GPU, its copy (to find where the move limit
 * cuts it), and where each layer starts in it */
typedef struct
{
  GLuint  texture;         /* R32UI (slots) or RG32UI (runs), TEXTURE_WIDTH wide */
  guint   n;
  GArray *elements;        /* MeltPathGpuInstance or MeltPathGpuRun */
  guint  *layer_start;     /* n_layers + 1 */
} InstanceList;

struct _MeltPathRenderer
{
  GObject parent_instance;

  MeltToolpath *toolpath;
  guint n_segments;
  guint n_layers;
  guint n_slots;               /* segments plus hidden gaps */
  GArray *gap_slots;           /* guint32, the hidden slots, ascending */
  guint *layer_first_segment;  /* n_layers + 1 */
  float bounds[6];
  float default_width;
  float default_height;
  float z_offset;

  /* colour */
  float *values;               /* kept until uploaded */
  double value_min;
  double value_max;
  gboolean log_scale;
  gboolean color_by_value;
  guint8 colormap[256 * 4];
  float features[4][3];

  /* what to draw */
  guint first_layer;
  guint last_layer;
  guint segment_end;             /* exclusive; MELT_PATH_NO_SEGMENT: all */
  gboolean kind_visible[4];
  MeltPathClipAxis clip_axis;
  double clip_position;
  gboolean clip_keep_above;
  MeltPathDetail detail;
  guint highlight;

  /* GL */
  gboolean realized;
  gboolean use_es;
  Program bead_program;
  Program coarse_program;
  Program coarse_clip_program;
  Program pick_program;
  Program travel_program;
  GLuint empty_vao;
  GLuint points_texture;
  GLuint attributes_texture;
  GLuint colormap_texture;
  GLint max_texture_size;
  InstanceList beads;
  InstanceList runs;
  InstanceList travel;
  gsize gpu_bytes;
  gsize cpu_bytes;

  guint points_dirty : 1;
  guint attributes_dirty : 1;
  guint lists_dirty : 1;
  guint colormap_dirty : 1;

  /* the last draw */
  guint n_drawn;
  gboolean last_coarse;
};

G_DEFINE_FINAL_TYPE (MeltPathRenderer, melt_path_renderer, G_TYPE_OBJECT)

/* Slots and segments */

/* The slot of @segment: its index plus the hidden gaps before it */
static guint
slot_of_segment (MeltPathRenderer *self,
                 guint             segment)
{
  const guint32 *gaps = (const guint32 *) (gpointer) self->gap_slots->data;
  guint lo = 0, hi = self->gap_slots->len;

  /* gaps before the slot: gap slot g lies before segment i when
   * g <= i + (gaps before g), that is g - (its index) <= i */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (gaps[mid] - mid <= segment)
        lo = mid + 1;
      else
        hi = mid;
    }
  return segment + lo;
}

static guint
segment_of_slot (MeltPathRenderer *self,
                 guint             slot)
{
  const guint32 *gaps = (const guint32 *) (gpointer) self->gap_slots->data;
  guint lo = 0, hi = self->gap_slots->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (gaps[mid] < slot)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < self->gap_slots->len && gaps[lo] == slot)
    return MELT_PATH_NO_SEGMENT;
  return slot - lo;
}

static gboolean
same_point (const float *a,
            const float *b)
{
  return a[0] == b[0] && a[1] == b[1] && a[2] == b[2];
}

/* Gaps, layer starts, bounds and default bead size of a new toolpath */
static void
scan_toolpath (MeltPathRenderer *self)
{
  const float *starts = melt_toolpath_get_starts (self->toolpath);
  const float *ends = melt_toolpath_get_ends (self->toolpath);
  const guint8 *kinds = melt_toolpath_get_kinds (self->toolpath);
  const guint32 *layers = melt_toolpath_get_layers (self->toolpath);
  const float *widths = melt_toolpath_get_widths (self->toolpath);
  const float *heights = melt_toolpath_get_heights (self->toolpath);
  guint n = self->n_segments;
  double width_sum = 0.0, height_sum = 0.0;
  guint n_sized = 0;

  g_array_set_size (self->gap_slots, 0);
  g_clear_pointer (&self->layer_first_segment, g_free);
  self->n_layers = n > 0 ? melt_toolpath_get_n_layers (self->toolpath) : 0;
  self->layer_first_segment = g_new0 (guint, self->n_layers + 1);

  for (guint k = 0; k < 3; k++)
    {
      self->bounds[k] = G_MAXFLOAT;
      self->bounds[3 + k] = -G_MAXFLOAT;
    }

  for (guint i = 0, layer = 0; i < n; i++)
    {
      const float *s = &starts[3 * i];
      const float *e = &ends[3 * i];

      if (i > 0 && !same_point (s, &ends[3 * (i - 1)]))
        {
          guint32 gap = i + self->gap_slots->len;

          g_array_append_val (self->gap_slots, gap);
        }
      /* layers only go up (melt_toolpath_get_layers_ordered) */
      while (layer < layers[i] && layer < self->n_layers)
        self->layer_first_segment[++layer] = i;
      /* the bounds of what is deposited: G-code often starts with a move
       * from the machine's origin */
      if (melt_segment_kind_deposits (kinds[i]))
        for (guint k = 0; k < 3; k++)
          {
            self->bounds[k] = MIN (self->bounds[k], MIN (s[k], e[k]));
            self->bounds[3 + k] = MAX (self->bounds[3 + k], MAX (s[k], e[k]));
          }
      if (melt_segment_kind_deposits (kinds[i]) && widths[i] > 0.0f)
        {
          width_sum += widths[i];
          height_sum += heights[i];
          n_sized++;
        }
    }
  for (guint layer = self->n_layers; layer > 0 && n > 0; layer--)
    if (self->layer_first_segment[layer] == 0 && layer > layers[0])
      self->layer_first_segment[layer] = n;
  /* layers after the last one seen start at the end */
  {
    guint top = n > 0 ? layers[n - 1] : 0;

    for (guint layer = top + 1; layer <= self->n_layers; layer++)
      self->layer_first_segment[layer] = n;
  }

  /* nothing deposited: the bounds of every move */
  if (self->bounds[0] > self->bounds[3])
    for (guint i = 0; i < n; i++)
      for (guint k = 0; k < 3; k++)
        {
          self->bounds[k] = MIN (self->bounds[k], MIN (starts[3 * i + k], ends[3 * i + k]));
          self->bounds[3 + k] = MAX (self->bounds[3 + k], MAX (starts[3 * i + k], ends[3 * i + k]));
        }

  self->n_slots = n + self->gap_slots->len;
  /* FFF G-code without width comments: a typical bead */
  self->default_width = n_sized > 0 ? width_sum / n_sized : 0.45f;
  self->default_height = n_sized > 0 ? height_sum / n_sized : 0.2f;
}

/* GL objects */

static void
program_locations (Program *program)
{
  GLuint id = program->id;

  program->u_view = glGetUniformLocation (id, "u_view");
  program->u_projection = glGetUniformLocation (id, "u_projection");
  program->u_points = glGetUniformLocation (id, "u_points");
  program->u_attributes = glGetUniformLocation (id, "u_attributes");
  program->u_list = glGetUniformLocation (id, "u_list");
  program->u_texture_shift = glGetUniformLocation (id, "u_texture_shift");
  program->u_z_offset = glGetUniformLocation (id, "u_z_offset");
  program->u_default_width = glGetUniformLocation (id, "u_default_width");
  program->u_default_height = glGetUniformLocation (id, "u_default_height");
  program->u_highlight = glGetUniformLocation (id, "u_highlight");
  program->u_colormap = glGetUniformLocation (id, "u_colormap");
  program->u_feature_colors = glGetUniformLocation (id, "u_feature_colors");
  program->u_no_value_color = glGetUniformLocation (id, "u_no_value_color");
  program->u_color_by_value = glGetUniformLocation (id, "u_color_by_value");
  program->u_up = glGetUniformLocation (id, "u_up");
  program->u_clip = glGetUniformLocation (id, "u_clip");
  program->u_color = glGetUniformLocation (id, "u_color");
  program->u_eye = glGetUniformLocation (id, "u_eye");
  program->u_coarse = glGetUniformLocation (id, "u_coarse");
}

static gboolean
make_program (Program     *program,
              const char  *vertex,
              const char  *fragment,
              const char  *header,
              gboolean     use_es,
              GError     **error)
{
  memset (program, 0, sizeof *program);
  program->id = _melt_gl_program_new_with_header (vertex, fragment, NULL, header, use_es, error);
  if (program->id == 0)
    return FALSE;
  program_locations (program);
  return TRUE;
}

static void
clear_program (Program *program)
{
  if (program->id != 0)
    glDeleteProgram (program->id);
  memset (program, 0, sizeof *program);
}

/* Vertices of each item of a list: one quad */
#define ITEM_VERTICES 6
/* Items drawn by one glDrawArrays */
#define DRAW_BATCH 32768

static void
clear_list (InstanceList *list)
{
  if (list->texture != 0)
    glDeleteTextures (1, &list->texture);
  g_clear_pointer (&list->layer_start, g_free);
  g_clear_pointer (&list->elements, g_array_unref);
  list->texture = 0;
  list->n = 0;
}

static void
clear_texture (GLuint *texture)
{
  if (*texture != 0)
    glDeleteTextures (1, texture);
  *texture = 0;
}

static void
texture_parameters (void)
{
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

static guint
texture_rows (guint n)
{
  return MAX (1, (n + TEXTURE_WIDTH - 1) / TEXTURE_WIDTH);
}

/* Points: n_slots + 1 of them, band by band */
static void
upload_points (MeltPathRenderer *self)
{
  const float *starts = melt_toolpath_get_starts (self->toolpath);
  const float *ends = melt_toolpath_get_ends (self->toolpath);
  guint n_points = self->n_slots + 1;
  guint rows = texture_rows (n_points);
  g_autofree MeltPathGpuVertex *band = g_new0 (MeltPathGpuVertex, BAND_ROWS * TEXTURE_WIDTH);
  const guint32 *gaps = (const guint32 *) (gpointer) self->gap_slots->data;
  guint next_gap = 0, segment = 0;

  clear_texture (&self->points_texture);
  glGenTextures (1, &self->points_texture);
  glBindTexture (GL_TEXTURE_2D, self->points_texture);
  texture_parameters ();
  glPixelStorei (GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D (GL_TEXTURE_2D, 0, GL_RGB32F, TEXTURE_WIDTH, rows, 0, GL_RGB, GL_FLOAT, NULL);

  /* point p is where slot p starts; a gap slot starts where the segment
   * before it ended, and the point after it is where the next one starts */
  for (guint row = 0; row < rows; row += BAND_ROWS)
    {
      guint band_rows = MIN (BAND_ROWS, rows - row);
      guint first = row * TEXTURE_WIDTH;
      guint last = MIN (n_points, first + band_rows * TEXTURE_WIDTH);

      memset (band, 0, sizeof (MeltPathGpuVertex) * band_rows * TEXTURE_WIDTH);
      for (guint p = first; p < last; p++)
        {
          const float *xyz;

          if (next_gap < self->gap_slots->len && gaps[next_gap] == p)
            {
              xyz = &ends[3 * (segment - 1)];
              next_gap++;
            }
          else if (segment < self->n_segments)
            xyz = &starts[3 * segment++];
          else
            xyz = &ends[3 * (self->n_segments - 1)];
          memcpy (band[p - first].position, xyz, sizeof band[0].position);
        }
      glTexSubImage2D (GL_TEXTURE_2D, 0, 0, row, TEXTURE_WIDTH, band_rows, GL_RGB, GL_FLOAT, band);
    }

  self->gpu_bytes += (gsize) rows * TEXTURE_WIDTH * sizeof (MeltPathGpuVertex);
}

static guint16
to_micrometres (float mm)
{
  double um = mm * 1000.0;

  return um <= 0.0 || !isfinite (um) ? 0 : (guint16) MIN (um + 0.5, 65535.0);
}

static guint16
quantize (MeltPathRenderer *self,
          float             value)
{
  double t;

  if (!isfinite (value))
    return 0;
  if (self->log_scale)
    {
      if (value <= 0.0 || self->value_min <= 0.0)
        return 0;
      if (self->value_max <= self->value_min)
        t = 0.5;
      else
        t = (log10 (value) - log10 (self->value_min)) / (log10 (self->value_max) - log10 (self->value_min));
    }
  else if (self->value_max > self->value_min)
    t = (value - self->value_min) / (self->value_max - self->value_min);
  else
    t = 0.5;

  return (guint16) (1.0 + round (CLAMP (t, 0.0, 1.0) * 65534.0));
}

/* Whether segments @a and @a + 1 are one bead going on */
static gboolean
joins (const guint8  *kinds,
       const guint32 *layers,
       const guint32 *beads,
       guint          a)
{
  return melt_segment_kind_deposits (kinds[a]) && melt_segment_kind_deposits (kinds[a + 1])
         && layers[a] == layers[a + 1] && beads[a] == beads[a + 1];
}

static void
upload_attributes (MeltPathRenderer *self)
{
  const guint8 *kinds = melt_toolpath_get_kinds (self->toolpath);
  const float *widths = melt_toolpath_get_widths (self->toolpath);
  const float *heights = melt_toolpath_get_heights (self->toolpath);
  const guint32 *gaps = (const guint32 *) (gpointer) self->gap_slots->data;
  guint rows = texture_rows (self->n_slots);
  g_autofree MeltPathGpuAttributes *band = g_new0 (MeltPathGpuAttributes, BAND_ROWS * TEXTURE_WIDTH);
  gboolean new_texture = self->attributes_texture == 0;
  guint next_gap = 0, segment = 0;

  if (new_texture)
    {
      glGenTextures (1, &self->attributes_texture);
      glBindTexture (GL_TEXTURE_2D, self->attributes_texture);
      texture_parameters ();
      glTexImage2D (GL_TEXTURE_2D, 0, GL_RGBA16UI, TEXTURE_WIDTH, rows, 0, GL_RGBA_INTEGER,
                    GL_UNSIGNED_SHORT, NULL);
      self->gpu_bytes += (gsize) rows * TEXTURE_WIDTH * sizeof (MeltPathGpuAttributes);
    }
  else
    glBindTexture (GL_TEXTURE_2D, self->attributes_texture);
  glPixelStorei (GL_UNPACK_ALIGNMENT, 2);

  for (guint row = 0; row < rows; row += BAND_ROWS)
    {
      guint band_rows = MIN (BAND_ROWS, rows - row);
      guint first = row * TEXTURE_WIDTH;
      guint last = MIN (self->n_slots, first + band_rows * TEXTURE_WIDTH);

      /* slots in order, segments and hidden gaps, as upload_points () */
      memset (band, 0, sizeof (MeltPathGpuAttributes) * band_rows * TEXTURE_WIDTH);
      for (guint slot = first; slot < last; slot++)
        {
          MeltPathGpuAttributes *a = &band[slot - first];
          guint i;

          if (next_gap < self->gap_slots->len && gaps[next_gap] == slot)
            {
              a->flags = MELT_PATH_FLAG_HIDDEN | MELT_SEGMENT_TRAVEL;
              next_gap++;
              continue;
            }
          i = segment++;
          a->width_um = to_micrometres (widths[i]);
          a->height_um = to_micrometres (heights[i]);
          a->value = self->values != NULL && self->color_by_value ? quantize (self, self->values[i]) : 0;
          a->flags = kinds[i] & MELT_PATH_FLAG_KIND_MASK;
        }
      glTexSubImage2D (GL_TEXTURE_2D, 0, 0, row, TEXTURE_WIDTH, band_rows, GL_RGBA_INTEGER,
                       GL_UNSIGNED_SHORT, band);
    }
  glPixelStorei (GL_UNPACK_ALIGNMENT, 4);
}

/* The list goes into a texture TEXTURE_WIDTH wide: full rows from the
 * array itself, the last one through a padded copy */
static void
upload_list (InstanceList *list,
             GArray       *elements,
             guint        *layer_start,
             guint         n_layers)
{
  gsize size = g_array_get_element_size (elements);
  gboolean pairs = size == sizeof (MeltPathGpuRun);
  guint rows = texture_rows (elements->len);
  guint full_rows = elements->len / TEXTURE_WIDTH;

  clear_list (list);
  list->n = elements->len;
  list->elements = g_array_ref (elements);
  list->layer_start = g_memdup2 (layer_start, sizeof (guint) * (n_layers + 1));

  glGenTextures (1, &list->texture);
  glBindTexture (GL_TEXTURE_2D, list->texture);
  texture_parameters ();
  glPixelStorei (GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D (GL_TEXTURE_2D, 0, pairs ? GL_RG32UI : GL_R32UI, TEXTURE_WIDTH, rows, 0,
                pairs ? GL_RG_INTEGER : GL_RED_INTEGER, GL_UNSIGNED_INT, NULL);
  if (full_rows > 0)
    glTexSubImage2D (GL_TEXTURE_2D, 0, 0, 0, TEXTURE_WIDTH, full_rows,
                     pairs ? GL_RG_INTEGER : GL_RED_INTEGER, GL_UNSIGNED_INT, elements->data);
  if (full_rows < rows)
    {
      g_autofree guint8 *last = g_malloc0 (TEXTURE_WIDTH * size);

      if (elements->len > full_rows * TEXTURE_WIDTH)
        memcpy (last, elements->data + (gsize) full_rows * TEXTURE_WIDTH * size,
                (elements->len - (gsize) full_rows * TEXTURE_WIDTH) * size);
      glTexSubImage2D (GL_TEXTURE_2D, 0, 0, full_rows, TEXTURE_WIDTH, 1,
                       pairs ? GL_RG_INTEGER : GL_RED_INTEGER, GL_UNSIGNED_INT, last);
    }
}

/* What a list's texture takes: whole rows */
static gsize
list_bytes (const InstanceList *list,
            gsize               size)
{
  return list->texture != 0 ? (gsize) texture_rows (list->n) * TEXTURE_WIDTH * size : 0;
}

/* Greatest distance of points first + 1 … last − 1 from the chord first–last */
static double
chord_deviation (const float *starts,
                 guint        first,
                 guint        last,
                 const float *end)
{
  const float *a = &starts[3 * first];
  double d[3] = { end[0] - a[0], end[1] - a[1], end[2] - a[2] };
  double len2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
  double worst = 0.0;

  for (guint i = first + 1; i < last; i++)
    {
      const float *p = &starts[3 * i];
      double v[3] = { p[0] - a[0], p[1] - a[1], p[2] - a[2] };
      double t = len2 > 0.0 ? (v[0] * d[0] + v[1] * d[1] + v[2] * d[2]) / len2 : 0.0;
      double e[3] = { v[0] - t * d[0], v[1] - t * d[1], v[2] - t * d[2] };

      worst = MAX (worst, sqrt (e[0] * e[0] + e[1] * e[1] + e[2] * e[2]));
    }
  return worst;
}

/* The lists of beads (slots), coarse runs and travel moves of the visible kinds */
static void
build_lists (MeltPathRenderer *self)
{
  const guint8 *kinds = melt_toolpath_get_kinds (self->toolpath);
  const guint32 *layers = melt_toolpath_get_layers (self->toolpath);
  const guint32 *beads = melt_toolpath_get_beads (self->toolpath);
  const float *starts = melt_toolpath_get_starts (self->toolpath);
  const float *ends = melt_toolpath_get_ends (self->toolpath);
  const float *widths = melt_toolpath_get_widths (self->toolpath);
  g_autoptr(GArray) bead_slots = g_array_new (FALSE, FALSE, sizeof (MeltPathGpuInstance));
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (MeltPathGpuRun));
  g_autoptr(GArray) travel = g_array_new (FALSE, FALSE, sizeof (MeltPathGpuInstance));
  g_autofree guint *bead_start = g_new0 (guint, self->n_layers + 1);
  g_autofree guint *run_start = g_new0 (guint, self->n_layers + 1);
  g_autofree guint *travel_start = g_new0 (guint, self->n_layers + 1);

  for (guint layer = 0; layer < self->n_layers; layer++)
    {
      guint first = self->layer_first_segment[layer];
      guint last = self->layer_first_segment[layer + 1];

      bead_start[layer] = bead_slots->len;
      run_start[layer] = runs->len;
      travel_start[layer] = travel->len;

      for (guint i = first; i < last;)
        {
          guint kind = kinds[i];
          guint slot = slot_of_segment (self, i);

          if (!self->kind_visible[kind] || kind == MELT_SEGMENT_DWELL)
            {
              i++;
              continue;
            }
          if (kind == MELT_SEGMENT_TRAVEL)
            {
              g_array_append_val (travel, slot);
              i++;
              continue;
            }

          g_array_append_val (bead_slots, slot);

          /* a run: the bead goes on, nearly straight */
          {
            guint j = i + 1;
            double tolerance = RUN_TOLERANCE * (widths[i] > 0.0f ? widths[i] : self->default_width);
            MeltPathGpuRun run;

            while (j < last && j - i < MAX_RUN && joins (kinds, layers, beads, j - 1)
                   && slot_of_segment (self, j) == slot + (j - i)
                   && chord_deviation (starts, i, j + 1, &ends[3 * j]) <= tolerance)
              {
                g_array_append_vals (bead_slots, &(MeltPathGpuInstance) { slot + (j - i) }, 1);
                j++;
              }
            run.first_slot = slot;
            run.end_point = slot + (j - i);
            g_array_append_val (runs, run);
            i = j;
          }
        }
    }
  bead_start[self->n_layers] = bead_slots->len;
  run_start[self->n_layers] = runs->len;
  travel_start[self->n_layers] = travel->len;

  self->gpu_bytes -= list_bytes (&self->beads, sizeof (MeltPathGpuInstance))
                     + list_bytes (&self->runs, sizeof (MeltPathGpuRun))
                     + list_bytes (&self->travel, sizeof (MeltPathGpuInstance));
  upload_list (&self->beads, bead_slots, bead_start, self->n_layers);
  upload_list (&self->runs, runs, run_start, self->n_layers);
  upload_list (&self->travel, travel, travel_start, self->n_layers);
  self->gpu_bytes += list_bytes (&self->beads, sizeof (MeltPathGpuInstance))
                     + list_bytes (&self->runs, sizeof (MeltPathGpuRun))
                     + list_bytes (&self->travel, sizeof (MeltPathGpuInstance));

  /* what the CPU keeps: the lists, layer tables and gaps */
  self->cpu_bytes = (gsize) bead_slots->len * sizeof (MeltPathGpuInstance)
                    + (gsize) runs->len * sizeof (MeltPathGpuRun)
                    + (gsize) travel->len * sizeof (MeltPathGpuInstance)
                    + sizeof (guint) * 4 * (self->n_layers + 1)
                    + self->gap_slots->len * sizeof (guint32);
}

static void
upload_colormap (MeltPathRenderer *self)
{
  if (self->colormap_texture == 0)
    {
      glGenTextures (1, &self->colormap_texture);
      glBindTexture (GL_TEXTURE_2D, self->colormap_texture);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }
  else
    glBindTexture (GL_TEXTURE_2D, self->colormap_texture);
  glPixelStorei (GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D (GL_TEXTURE_2D, 0, GL_RGBA8, 256, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, self->colormap);
}

static void
sync_gpu (MeltPathRenderer *self)
{
  gboolean fits;

  if (self->toolpath == NULL || self->n_segments == 0)
    return;

  fits = TEXTURE_WIDTH <= (guint) self->max_texture_size
         && texture_rows (self->n_slots + 1) <= (guint) self->max_texture_size;
  if (!fits)
    {
      /* nothing of an earlier toolpath may stay: draw () then finds no
       * textures and draws nothing */
      if (self->points_dirty)
        g_warning ("A toolpath of %u segments is more than this GPU's textures hold (%u × %u texels)",
                   self->n_segments, (guint) self->max_texture_size, (guint) self->max_texture_size);
      clear_texture (&self->points_texture);
      clear_texture (&self->attributes_texture);
      clear_list (&self->beads);
      clear_list (&self->runs);
      clear_list (&self->travel);
      self->gpu_bytes = 0;
      self->points_dirty = self->attributes_dirty = self->lists_dirty = FALSE;
      return;
    }

  if (self->points_dirty)
    {
      self->gpu_bytes = 0;
      clear_texture (&self->attributes_texture);
      clear_list (&self->beads);
      clear_list (&self->runs);
      clear_list (&self->travel);
      upload_points (self);
      self->points_dirty = FALSE;
      self->attributes_dirty = TRUE;
      self->lists_dirty = TRUE;
    }
  if (self->attributes_dirty)
    {
      upload_attributes (self);
      self->attributes_dirty = FALSE;
    }
  if (self->lists_dirty)
    {
      build_lists (self);
      self->lists_dirty = FALSE;
    }
}

/* GObject */

static void
melt_path_renderer_finalize (GObject *object)
{
  MeltPathRenderer *self = (MeltPathRenderer *) object;

  if (self->realized)
    g_debug ("MeltPathRenderer finalized while realized; its GL objects go with the context");
  g_clear_object (&self->toolpath);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->gap_slots, g_array_unref);
  g_clear_pointer (&self->layer_first_segment, g_free);
  g_clear_pointer (&self->beads.layer_start, g_free);
  g_clear_pointer (&self->runs.layer_start, g_free);
  g_clear_pointer (&self->travel.layer_start, g_free);
  g_clear_pointer (&self->beads.elements, g_array_unref);
  g_clear_pointer (&self->runs.elements, g_array_unref);
  g_clear_pointer (&self->travel.elements, g_array_unref);

  G_OBJECT_CLASS (melt_path_renderer_parent_class)->finalize (object);
}

static void
melt_path_renderer_class_init (MeltPathRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = melt_path_renderer_finalize;
}

static void
melt_path_renderer_init (MeltPathRenderer *self)
{
  self->gap_slots = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->last_layer = G_MAXUINT;
  self->segment_end = MELT_PATH_NO_SEGMENT;
  for (guint k = 0; k < 4; k++)
    {
      self->kind_visible[k] = k != MELT_SEGMENT_DWELL;
      melt_colormap_feature_color (k, self->features[k]);
    }
  melt_colormap_fill_lut (self->colormap, 256);
  self->clip_axis = MELT_PATH_CLIP_NONE;
  self->detail = MELT_PATH_DETAIL_AUTO;
}

MeltPathRenderer *
melt_path_renderer_new (void)
{
  return g_object_new (MELT_TYPE_PATH_RENDERER, NULL);
}

/**
 * melt_path_renderer_realize:
 * @self: a #MeltPathRenderer
 * @use_es: whether the current context is OpenGL ES 3.0 or newer (else GL 3.3 core)
 * @error: where to put an error
 *
 * Compiles the shaders in the current GL context.
 *
 * Returns: %TRUE on success
 */
gboolean
melt_path_renderer_realize (MeltPathRenderer  *self,
                            gboolean           use_es,
                            GError           **error)
{
  g_return_val_if_fail (MELT_IS_PATH_RENDERER (self), FALSE);
  g_return_val_if_fail (!self->realized, FALSE);

  if (!make_program (&self->bead_program, "path.vert", "path.frag", NULL, use_es, error)
      || !make_program (&self->coarse_program, "path.vert", "path.frag", "#define COARSE 1\n", use_es, error)
      || !make_program (&self->coarse_clip_program, "path.vert", "path.frag",
                        "#define COARSE 1\n#define CLIP 1\n", use_es, error)
      || !make_program (&self->pick_program, "path.vert", "path.frag", "#define PICK 1\n", use_es, error)
      || !make_program (&self->travel_program, "travel.vert", "travel.frag", NULL, use_es, error))
    {
      clear_program (&self->bead_program);
      clear_program (&self->coarse_program);
      clear_program (&self->coarse_clip_program);
      clear_program (&self->pick_program);
      return FALSE;
    }

  glGenVertexArrays (1, &self->empty_vao);
  glGetIntegerv (GL_MAX_TEXTURE_SIZE, &self->max_texture_size);

  self->use_es = !!use_es;
  self->realized = TRUE;
  self->points_dirty = self->toolpath != NULL;
  self->colormap_dirty = TRUE;

  return TRUE;
}

void
melt_path_renderer_unrealize (MeltPathRenderer *self)
{
  g_return_if_fail (MELT_IS_PATH_RENDERER (self));

  if (!self->realized)
    return;

  clear_program (&self->bead_program);
  clear_program (&self->coarse_program);
  clear_program (&self->coarse_clip_program);
  clear_program (&self->pick_program);
  clear_program (&self->travel_program);
  if (self->empty_vao != 0)
    glDeleteVertexArrays (1, &self->empty_vao);
  self->empty_vao = 0;
  clear_texture (&self->points_texture);
  clear_texture (&self->attributes_texture);
  clear_texture (&self->colormap_texture);
  clear_list (&self->beads);
  clear_list (&self->runs);
  clear_list (&self->travel);
  self->gpu_bytes = 0;
  self->realized = FALSE;
}

/**
 * melt_path_renderer_set_toolpath:
 * @self: a #MeltPathRenderer
 * @toolpath: (nullable): the toolpath to draw; its layers must be in order
 * @z_is_bead_top: whether the points' Z is the top of the bead (G-code from
 *   FFF slicers: the nozzle's height) rather than its middle (Meltline plans)
 *
 * Shows @toolpath coloured by feature, every layer and segment.
 */
void
melt_path_renderer_set_toolpath (MeltPathRenderer *self,
                                 MeltToolpath     *toolpath,
                                 gboolean          z_is_bead_top)
{
  g_return_if_fail (MELT_IS_PATH_RENDERER (self));
  g_return_if_fail (toolpath == NULL || MELT_IS_TOOLPATH (toolpath));
  g_return_if_fail (toolpath == NULL || melt_toolpath_get_layers_ordered (toolpath));

  g_set_object (&self->toolpath, toolpath);
  self->n_segments = toolpath != NULL ? melt_toolpath_get_n_segments (toolpath) : 0;
  self->z_offset = z_is_bead_top ? -0.5f : 0.0f;
  self->color_by_value = FALSE;
  g_clear_pointer (&self->values, g_free);
  self->highlight = 0;
  if (toolpath != NULL)
    scan_toolpath (self);
  else
    {
      self->n_layers = 0;
      self->n_slots = 0;
      g_array_set_size (self->gap_slots, 0);
    }
  self->first_layer = 0;
  self->last_layer = self->n_layers > 0 ? self->n_layers - 1 : 0;
  self->segment_end = MELT_PATH_NO_SEGMENT;
  self->points_dirty = self->realized && self->n_segments > 0;
  self->attributes_dirty = self->lists_dirty = FALSE;
  if (self->realized && self->n_segments == 0)
    {
      clear_texture (&self->points_texture);
      clear_texture (&self->attributes_texture);
      clear_list (&self->beads);
      clear_list (&self->runs);
      clear_list (&self->travel);
      self->gpu_bytes = 0;
    }
}

MeltToolpath *
melt_path_renderer_get_toolpath (MeltPathRenderer *self)
{
  g_return_val_if_fail (MELT_IS_PATH_RENDERER (self), NULL);

  return self->toolpath;
}

/**
 * melt_path_renderer_get_bounds:
 * @self: a #MeltPathRenderer
 * @min: (out): the smallest X, Y and Z of the beads' points (of every
 *   point when nothing is deposited)
 * @max: (out): the largest
 *
 * Returns: %FALSE when there is no toolpath or it is empty
 */
gboolean
melt_path_renderer_get_bounds (MeltPathRenderer *self,
                               float             min[3],
                               float             max[3])
{
  g_return_val_if_fail (MELT_IS_PATH_RENDERER (self), FALSE);

  if (self->n_segments == 0)
    return FALSE;
  memcpy (min, self->bounds, 3 * sizeof (float));
  memcpy (max, self->bounds + 3, 3 * sizeof (float));
  return TRUE;
}

/**
 * melt_path_renderer_set_values:
 * @self: a #MeltPathRenderer
 * @values: (array): one value per segment (NAN: none, drawn grey), copied
 *   (kept while the colour holds, to upload again after a new realize)
 * @min: the value at the start of the colour map
 * @max: the value at its end
 * @log_scale: whether the map runs along log10 of the value
 *
 * Colours the beads by value through the colour map.
 */
void
melt_path_renderer_set_values (MeltPathRenderer *self,
                               const float      *values,
                               double            min,
                               double            max,
                               gboolean          log_scale)
{
  g_return_if_fail (MELT_IS_PATH_RENDERER (self));
  g_return_if_fail (values != NULL || self->n_segments == 0);

  g_clear_pointer (&self->values, g_free);
  if (self->n_segments > 0)
    self->values = g_memdup2 (values, sizeof (float) * self->n_segments);
  self->value_min = min;
  self->value_max = max;
  self->log_scale = !!log_scale;
  self->color_by_value = TRUE;
  self->attributes_dirty = self->realized && self->n_segments > 0 && !self->points_dirty;
}

/**
 * melt_path_renderer_color_by:
 * @self: a #MeltPathRenderer with a toolpath
 * @attribute: what to colour the beads by
 * @process: (nullable): the toolpath's process, for heat input
 * @log_scale: whether the colour scale is logarithmic
 * @min: (out) (optional): the value at the low end of the scale (NAN when
 *   no bead has a value)
 * @max: (out) (optional): at the high end
 *
 * Colours by feature, or by the values of @attribute over the range of the
 * toolpath's values (melt_path_attribute_range_for_toolpath()).
 */
void
melt_path_renderer_color_by (MeltPathRenderer  *self,
                             MeltPathAttribute  attribute,
                             MeltProcess       *process,
                             gboolean           log_scale,
                             double            *min,
                             double            *max)
{
  g_autofree float *values = NULL;
  double lo = NAN, hi = NAN;

  g_return_if_fail (MELT_IS_PATH_RENDERER (self));
  g_return_if_fail (process == NULL || MELT_IS_PROCESS (process));

  if (attribute == MELT_PATH_ATTRIBUTE_FEATURE || self->n_segments == 0)
    melt_path_renderer_set_color_by_feature (self);
  else
    {
      values = g_new (float, self->n_segments);
      melt_path_attribute_compute (attribute, self->toolpath, process, values);
      melt_path_attribute_range_for_toolpath (attribute, self->toolpath, values, log_scale, &lo, &hi);
      melt_path_renderer_set_values (self, values, lo, hi, log_scale);
    }
  if (min != NULL)
    *min = lo;
  if (max != NULL)
    *max = hi;
}

void
melt_path_renderer_set_color_by_feature (MeltPathRenderer *self)
{
  g_return_if_fail (MELT_IS_PATH_RENDERER (self));

  self->color_by_value = FALSE;
  g_clear_pointer (&self->values, g_free);
}

/**
 * melt_path_renderer_set_colormap:
 * @self: a #MeltPathRenderer
 * @rgba: (array length=n): @n sRGB colours, 4 bytes each, from the low end
 * @n: how many; resampled to 256
 */
void
melt_path_renderer_set_colormap (MeltPathRenderer *self,
                                 const guint8     *rgba,
                                 guint             n)
{
  g_return_if_fail (MELT_IS_PATH_RENDERER (self));
  g_return_if_fail (rgba != NULL && n >= 2);

  for (guint i = 0; i < 256; i++)
    {
      double x = i * (n - 1) / 255.0;
      guint a = MIN ((guint) x, n - 2);
      double t = x - a;

      for (guint c = 0; c < 4; c++)
        self->colormap[4 * i + c] = (guint8) round ((1.0 - t) * rgba[4 * a + c] + t * rgba[4 * (a + 1) + c]);
    }
  self->colormap_dirty = TRUE;
}

void
melt_path_renderer_set_feature_color (MeltPathRenderer *self,
                                      MeltSegmentKind   kind,
                                      const float       rgb[3])
{
  g_return_if_fail (MELT_IS_PATH_RENDERER (self));
  g_return_if_fail ((guint) kind < 4);

  memcpy (self->features[kind], rgb, sizeof self->features[kind]);
}

/**
 * melt_path_renderer_set_layer_range:
 * @self: a #MeltPathRenderer
 * @first: the lowest layer drawn
 * @last: the highest layer drawn (clamped to the last layer)
 */
void
melt_path_renderer_set_layer_range (MeltPathRenderer *self,
                                    guint             first,
                                    guint             last)
{
  g_return_if_fail (MELT_IS_PATH_RENDERER (self));

  self->last_layer = self->n_layers > 0 ? MIN (last, self->n_layers - 1) : 0;
  self->first_layer = MIN (first, self->last_layer);
}

void
melt_path_renderer_get_layer_range (MeltPathRenderer *self,
                                    guint            *first,
                                    guint            *last)
{
  g_return_if_fail (MELT_IS_PATH_RENDERER (self));

  if (first != NULL)
    *first = self->first_layer;
  if (last != NULL)
    *last = self->last_layer;
}

/**
 * melt_path_renderer_set_segment_end:
 * @self: a #MeltPathRenderer
 * @end: how many segments of the toolpath are drawn, from its first (for
 *   playback and the move slider): 0 draws none, %MELT_PATH_NO_SEGMENT all
 *   of the layer range
 */
void
melt_path_renderer_set_segment_end (MeltPathRenderer *self,
                                    guint             end)
{
  g_return_if_fail (MELT_IS_PATH_RENDERER (self));

  self->segment_end = end;
}

guint
melt_path_renderer_get_segment_end (MeltPathRenderer *self)
{
  g_return_val_if_fail (MELT_IS_PATH_RENDERER (self), MELT_PATH_NO_SEGMENT);

  return self->segment_end;
}

void
melt_path_renderer_set_kind_visible (MeltPathRenderer *self,
                                     MeltSegmentKind   kind,
                                     gboolean          visible)
{
  g_return_if_fail (MELT_IS_PATH_RENDERER (self));
  g_return_if_fail ((guint) kind < 4);

  visible = !!visible;
  if (self->kind_visible[kind] == visible)
    return;
  self->kind_visible[kind] = visible;
  self->lists_dirty = self->realized && self->n_segments > 0;
}

gboolean
melt_path_renderer_get_kind_visible (MeltPathRenderer *self,
                                     MeltSegmentKind   kind)
{
  g_return_val_if_fail (MELT_IS_PATH_RENDERER (self), FALSE);
  g_return_val_if_fail ((guint) kind < 4, FALSE);

  return self->kind_visible[kind];
}

/**
 * melt_path_renderer_set_clip:
 * @self: a #MeltPathRenderer
 * @axis: the axis the clipping plane is perpendicular to, or
 *   %MELT_PATH_CLIP_NONE
 * @position_mm: where along the axis
 * @keep_above: keep what lies above @position_mm on the axis (else below)
 */
void
melt_path_renderer_set_clip (MeltPathRenderer *self,
                             MeltPathClipAxis  axis,
                             double            position_mm,
                             gboolean          keep_above)
{
  g_return_if_fail (MELT_IS_PATH_RENDERER (self));
  g_return_if_fail (axis >= MELT_PATH_CLIP_NONE && axis <= MELT_PATH_CLIP_Z);

  self->clip_axis = axis;
  self->clip_position = position_mm;
  self->clip_keep_above = !!keep_above;
}

void
melt_path_renderer_set_detail (MeltPathRenderer *self,
                               MeltPathDetail    detail)
{
  g_return_if_fail (MELT_IS_PATH_RENDERER (self));

  self->detail = detail;
}

/**
 * melt_path_renderer_set_highlight:
 * @self: a #MeltPathRenderer
 * @segment: the segment drawn lighter (the one picked), or
 *   %MELT_PATH_NO_SEGMENT
 */
void
melt_path_renderer_set_highlight (MeltPathRenderer *self,
                                  guint             segment)
{
  g_return_if_fail (MELT_IS_PATH_RENDERER (self));

  self->highlight = segment < self->n_segments ? slot_of_segment (self, segment) + 1 : 0;
}

/* Drawing */

/* How many instances of @list from @begin on start at or before @slot */
static guint
count_until (const InstanceList *list,
             gboolean            runs,
             guint               begin,
             guint               end,
             guint               slot)
{
  guint lo = begin, hi = end;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint first = runs ? g_array_index (list->elements, MeltPathGpuRun, mid).first_slot
                         : g_array_index (list->elements, MeltPathGpuInstance, mid);

      if (first <= slot)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

typedef struct
{
  guint bead_begin, bead_end;     /* full detail */
  guint run_begin, run_end;       /* coarse, layers below the top */
  guint travel_begin, travel_end;
} DrawRanges;

/* What falls in the layer range and up to the last segment. With @coarse,
 * layers below the top one come from the runs. */
static void
compute_ranges (MeltPathRenderer *self,
                gboolean          coarse,
                DrawRanges       *r)
{
  const guint32 *layers = melt_toolpath_get_layers (self->toolpath);
  guint first = self->first_layer, top = self->last_layer;
  guint limit_slot = G_MAXUINT;

  memset (r, 0, sizeof *r);
  if (self->segment_end == 0)
    return;
  if (self->segment_end < self->n_segments)
    {
      guint last_segment = self->segment_end - 1;
      guint limit_layer = layers[last_segment];

      if (limit_layer < first)
        return;
      top = MIN (top, limit_layer);
      limit_slot = slot_of_segment (self, last_segment);
    }

  r->bead_begin = self->beads.layer_start[coarse ? top : first];
  r->bead_end = count_until (&self->beads, FALSE, r->bead_begin, self->beads.layer_start[top + 1], limit_slot);
  if (coarse && top > first)
    {
      r->run_begin = self->runs.layer_start[first];
      r->run_end = self->runs.layer_start[top];
    }
  r->travel_begin = self->travel.layer_start[first];
  r->travel_end = count_until (&self->travel, FALSE, r->travel_begin, self->travel.layer_start[top + 1], limit_slot);
}

/* Pixels a millimetre spans at the toolpath's centre */
static double
pixels_per_mm (MeltPathRenderer        *self,
               const graphene_matrix_t *view,
               const graphene_matrix_t *projection,
               int                      height_px)
{
  graphene_vec4_t centre, eye;
  double depth, focal = graphene_matrix_get_value (projection, 1, 1);

  graphene_vec4_init (&centre, 0.5f * (self->bounds[0] + self->bounds[3]),
                      0.5f * (self->bounds[1] + self->bounds[4]),
                      0.5f * (self->bounds[2] + self->bounds[5]), 1.0f);
  graphene_matrix_transform_vec4 (view, &centre, &eye);
  depth = -graphene_vec4_get_z (&eye);
  /* orthographic projections have w = 1: no division by depth */
  if (graphene_matrix_get_value (projection, 3, 3) == 1.0f || depth <= 1e-3)
    return 0.5 * height_px * focal;
  return 0.5 * height_px * focal / depth;
}

/* Coarse when asked, or (automatic) when beads are a few pixels wide or
 * more of them are in range than a frame can ray-cast */
static gboolean
use_coarse (MeltPathRenderer        *self,
            const graphene_matrix_t *view,
            const graphene_matrix_t *projection,
            int                      height_px)
{
  DrawRanges full;

  if (self->detail != MELT_PATH_DETAIL_AUTO)
    return self->detail == MELT_PATH_DETAIL_COARSE;
  compute_ranges (self, FALSE, &full);
  return self->default_width * pixels_per_mm (self, view, projection, height_px) < COARSE_BELOW_PX
         || full.bead_end - full.bead_begin > COARSE_ABOVE_ITEMS;
}

static void
clip_plane (MeltPathRenderer *self,
            float             plane[4])
{
  memset (plane, 0, 4 * sizeof (float));
  if (self->clip_axis == MELT_PATH_CLIP_NONE)
    {
      plane[3] = 1.0f;   /* keeps everything */
      return;
    }
  plane[self->clip_axis] = self->clip_keep_above ? 1.0f : -1.0f;
  plane[3] = self->clip_keep_above ? -self->clip_position : self->clip_position;
}

static void
bind_common (MeltPathRenderer        *self,
             const Program           *program,
             const graphene_matrix_t *view,
             const graphene_matrix_t *projection)
{
  float view_f[16], projection_f[16], plane[4], eye[3];
  graphene_matrix_t inverse;

  /* the eye: where the view matrix takes the origin from */
  if (graphene_matrix_inverse (view, &inverse))
    {
      eye[0] = graphene_matrix_get_value (&inverse, 3, 0);
      eye[1] = graphene_matrix_get_value (&inverse, 3, 1);
      eye[2] = graphene_matrix_get_value (&inverse, 3, 2);
    }
  else
    eye[0] = eye[1] = eye[2] = 0.0f;

  graphene_matrix_to_float (view, view_f);
  graphene_matrix_to_float (projection, projection_f);
  clip_plane (self, plane);

  glUseProgram (program->id);
  glUniformMatrix4fv (program->u_view, 1, GL_FALSE, view_f);
  glUniformMatrix4fv (program->u_projection, 1, GL_FALSE, projection_f);
  glUniform3fv (program->u_eye, 1, eye);
  glUniform1i (program->u_texture_shift, TEXTURE_SHIFT);
  glUniform4fv (program->u_clip, 1, plane);

  glActiveTexture (GL_TEXTURE0);
  glBindTexture (GL_TEXTURE_2D, self->points_texture);
  glUniform1i (program->u_points, 0);
  glActiveTexture (GL_TEXTURE1);
  glBindTexture (GL_TEXTURE_2D, self->attributes_texture);
  glUniform1i (program->u_attributes, 1);
  glActiveTexture (GL_TEXTURE2);
  glBindTexture (GL_TEXTURE_2D, self->colormap_texture);
  glUniform1i (program->u_colormap, 2);
  glUniform1i (program->u_list, 3);
  glActiveTexture (GL_TEXTURE0);

  glUniform1f (program->u_z_offset, self->z_offset);
  glUniform1f (program->u_default_width, self->default_width);
  glUniform1f (program->u_default_height, self->default_height);
  glUniform1ui (program->u_highlight, self->highlight);
}

/* Items @begin … @end of @list, @vertices each, in one plain draw */
static void
draw_items (const InstanceList *list,
            GLenum              mode,
            guint               vertices,
            guint               begin,
            guint               end)
{
  if (end <= begin)
    return;
  glActiveTexture (GL_TEXTURE3);
  glBindTexture (GL_TEXTURE_2D, list->texture);
  glActiveTexture (GL_TEXTURE0);
  /* in batches: llvmpipe keeps every shaded vertex of a draw in memory */
  for (guint first = begin; first < end; first += DRAW_BATCH)
    glDrawArrays (mode, (GLint) (first * vertices), (GLsizei) (MIN (DRAW_BATCH, end - first) * vertices));
}

static void
draw_travel (MeltPathRenderer        *self,
             const graphene_matrix_t *view,
             const graphene_matrix_t *projection,
             const DrawRanges        *r)
{
  float color[4];

  if (r->travel_end <= r->travel_begin)
    return;

  memcpy (color, self->features[MELT_SEGMENT_TRAVEL], 3 * sizeof (float));
  color[3] = 0.8f;
  bind_common (self, &self->travel_program, view, projection);
  glUniform4fv (self->travel_program.u_color, 1, color);
  glEnable (GL_BLEND);
  glBlendFuncSeparate (GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ZERO, GL_ONE);
  glBindVertexArray (self->empty_vao);
  draw_items (&self->travel, GL_LINES, 2, r->travel_begin, r->travel_end);
  glDisable (GL_BLEND);
}

/**
 * melt_path_renderer_draw:
 * @self: a realized #MeltPathRenderer
 * @view: world to eye
 * @projection: eye to clip space
 * @width_px: framebuffer width
 * @height_px: framebuffer height
 *
 * Draws the beads and travel moves in the current framebuffer, with depth
 * testing, on whatever is there. Leaves blending and depth writes on their
 * defaults (off, on).
 */
void
melt_path_renderer_draw (MeltPathRenderer        *self,
                         const graphene_matrix_t *view,
                         const graphene_matrix_t *projection,
                         int                      width_px,
                         int                      height_px)
{
  graphene_vec4_t up_world, up_view;
  float up[3];
  DrawRanges r;
  gboolean coarse;

  g_return_if_fail (MELT_IS_PATH_RENDERER (self));
  g_return_if_fail (self->realized);

  self->n_drawn = 0;
  self->last_coarse = FALSE;
  if (self->toolpath == NULL || self->n_segments == 0 || height_px <= 0)
    return;

  sync_gpu (self);
  if (self->points_texture == 0 || self->beads.layer_start == NULL)
    return;
  if (self->colormap_dirty)
    {
      upload_colormap (self);
      self->colormap_dirty = FALSE;
    }

  coarse = use_coarse (self, view, projection, height_px);
  compute_ranges (self, coarse, &r);

  glEnable (GL_DEPTH_TEST);
  glDepthFunc (GL_LESS);
  glDepthMask (GL_TRUE);
  glDisable (GL_BLEND);
  glDisable (GL_CULL_FACE);

  graphene_vec4_init (&up_world, 0.0f, 0.0f, 1.0f, 0.0f);
  graphene_matrix_transform_vec4 (view, &up_world, &up_view);
  up[0] = graphene_vec4_get_x (&up_view);
  up[1] = graphene_vec4_get_y (&up_view);
  up[2] = graphene_vec4_get_z (&up_view);

  glBindVertexArray (self->empty_vao);
  {
    const Program *program = !coarse ? &self->bead_program
                             : self->clip_axis != MELT_PATH_CLIP_NONE ? &self->coarse_clip_program
                             : &self->coarse_program;

    bind_common (self, program, view, projection);
    glUniform1i (program->u_coarse, coarse);
    glUniform3fv (program->u_feature_colors, 4, &self->features[0][0]);
    glUniform3fv (program->u_no_value_color, 1, no_value_color);
    glUniform1i (program->u_color_by_value, self->color_by_value);
    glUniform3fv (program->u_up, 1, up);
    draw_items (&self->beads, GL_TRIANGLES, ITEM_VERTICES, r.bead_begin, r.bead_end);
    /* coarse quads keep their own depth: layers nearest the eye first, so
     * that the depth test spares the shading of what they hide */
    if (r.run_end > r.run_begin)
      {
        graphene_matrix_t inverse;
        gboolean from_above = TRUE;
        guint first = 0, last = 0;

        if (graphene_matrix_inverse (view, &inverse))
          from_above = graphene_matrix_get_value (&inverse, 3, 2) > 0.5f * (self->bounds[2] + self->bounds[5]);
        while (first < self->n_layers && self->runs.layer_start[first + 1] <= r.run_begin)
          first++;
        for (last = first; last + 1 < self->n_layers && self->runs.layer_start[last + 1] < r.run_end; last++)
          ;
        for (guint k = 0; k <= last - first; k++)
          {
            guint layer = from_above ? last - k : first + k;

            draw_items (&self->runs, GL_TRIANGLES, ITEM_VERTICES,
                        MAX (self->runs.layer_start[layer], r.run_begin),
                        MIN (self->runs.layer_start[layer + 1], r.run_end));
          }
      }
  }
  draw_travel (self, view, projection, &r);

  glBindVertexArray (0);
  glUseProgram (0);

  self->n_drawn = (r.bead_end - r.bead_begin) + (r.run_end - r.run_begin) + (r.travel_end - r.travel_begin);
  self->last_coarse = coarse;
}

/**
 * melt_path_renderer_pick:
 * @self: a realized #MeltPathRenderer
 * @view: world to eye, as drawn
 * @projection: eye to clip space, as drawn
 * @width_px: framebuffer width
 * @height_px: framebuffer height
 * @x_px: the pixel's column, from the left
 * @y_px: its row, from the top
 *
 * Finds the bead drawn at a pixel (at full detail, whatever the zoom),
 * drawing the visible beads' identities into a one-pixel framebuffer of
 * its own. Restores the framebuffer and viewport bound before.
 *
 * Returns: the segment's index, or %MELT_PATH_NO_SEGMENT when no bead is there
 */
guint
melt_path_renderer_pick (MeltPathRenderer        *self,
                         const graphene_matrix_t *view,
                         const graphene_matrix_t *projection,
                         int                      width_px,
                         int                      height_px,
                         int                      x_px,
                         int                      y_px)
{
  GLint old_framebuffer = 0, old_viewport[4];
  GLuint framebuffer = 0, color = 0, depth = 0;
  graphene_matrix_t shift, picked_projection;
  guint result = MELT_PATH_NO_SEGMENT;
  GLuint ids[4] = { 0, 0, 0, 0 };
  DrawRanges r;

  g_return_val_if_fail (MELT_IS_PATH_RENDERER (self), MELT_PATH_NO_SEGMENT);
  g_return_val_if_fail (self->realized, MELT_PATH_NO_SEGMENT);

  if (self->toolpath == NULL || self->n_segments == 0 || width_px <= 0 || height_px <= 0
      || x_px < 0 || y_px < 0 || x_px >= width_px || y_px >= height_px)
    return MELT_PATH_NO_SEGMENT;

  sync_gpu (self);
  if (self->points_texture == 0 || self->beads.layer_start == NULL)
    return MELT_PATH_NO_SEGMENT;

  /* a projection that maps the pixel onto the whole 1 × 1 target */
  {
    float sx = width_px, sy = height_px;
    float cx = 2.0f * (x_px + 0.5f) / width_px - 1.0f;
    float cy = 1.0f - 2.0f * (y_px + 0.5f) / height_px;

    graphene_matrix_init_from_float (&shift, (float[16]) {
      sx, 0, 0, 0,
      0, sy, 0, 0,
      0, 0, 1, 0,
      -cx * sx, -cy * sy, 0, 1 });
    graphene_matrix_multiply (projection, &shift, &picked_projection);
  }

  glGetIntegerv (GL_FRAMEBUFFER_BINDING, &old_framebuffer);
  glGetIntegerv (GL_VIEWPORT, old_viewport);

  glGenFramebuffers (1, &framebuffer);
  glBindFramebuffer (GL_FRAMEBUFFER, framebuffer);
  glGenRenderbuffers (1, &color);
  glBindRenderbuffer (GL_RENDERBUFFER, color);
  glRenderbufferStorage (GL_RENDERBUFFER, GL_R32UI, 1, 1);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color);
  glGenRenderbuffers (1, &depth);
  glBindRenderbuffer (GL_RENDERBUFFER, depth);
  glRenderbufferStorage (GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, 1, 1);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depth);

  if (glCheckFramebufferStatus (GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE)
    {
      const GLuint zero[4] = { 0, 0, 0, 0 };

      glViewport (0, 0, 1, 1);
      glDisable (GL_SCISSOR_TEST);
      glDisable (GL_BLEND);
      glEnable (GL_DEPTH_TEST);
      glDepthFunc (GL_LESS);
      glDepthMask (GL_TRUE);
      glClearBufferuiv (GL_COLOR, 0, zero);
      glClear (GL_DEPTH_BUFFER_BIT);

      compute_ranges (self, FALSE, &r);
      bind_common (self, &self->pick_program, view, &picked_projection);
      glUniform1i (self->pick_program.u_coarse, FALSE);
      glBindVertexArray (self->empty_vao);
      draw_items (&self->beads, GL_TRIANGLES, ITEM_VERTICES, r.bead_begin, r.bead_end);

      glReadPixels (0, 0, 1, 1, GL_RGBA_INTEGER, GL_UNSIGNED_INT, ids);
      if (ids[0] != 0)
        result = segment_of_slot (self, ids[0] - 1);
    }

  glBindVertexArray (0);
  glUseProgram (0);
  glBindFramebuffer (GL_FRAMEBUFFER, old_framebuffer);
  glViewport (old_viewport[0], old_viewport[1], old_viewport[2], old_viewport[3]);
  glDeleteRenderbuffers (1, &color);
  glDeleteRenderbuffers (1, &depth);
  glDeleteFramebuffers (1, &framebuffer);

  return result;
}

guint
melt_path_renderer_get_n_drawn (MeltPathRenderer *self)
{
  g_return_val_if_fail (MELT_IS_PATH_RENDERER (self), 0);

  return self->n_drawn;
}

gboolean
melt_path_renderer_get_last_coarse (MeltPathRenderer *self)
{
  g_return_val_if_fail (MELT_IS_PATH_RENDERER (self), FALSE);

  return self->last_coarse;
}

/**
 * melt_path_renderer_get_gpu_bytes:
 * @self: a #MeltPathRenderer
 *
 * Returns: the bytes of GPU memory the toolpath takes (textures and
 *   instance buffers, as allocated)
 */
gsize
melt_path_renderer_get_gpu_bytes (MeltPathRenderer *self)
{
  g_return_val_if_fail (MELT_IS_PATH_RENDERER (self), 0);

  return self->gpu_bytes;
}

/**
 * melt_path_renderer_get_cpu_bytes:
 * @self: a #MeltPathRenderer
 *
 * Returns: the bytes of CPU memory the renderer keeps beside the toolpath
 */
gsize
melt_path_renderer_get_cpu_bytes (MeltPathRenderer *self)
{
  g_return_val_if_fail (MELT_IS_PATH_RENDERER (self), 0);

  return self->cpu_bytes;
}
