/* melt-renderer.c: draws the scene (part, build plate grid, axes) into the current GL context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-renderer"

#include "config.h"

#include <epoxy/gl.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "melt-gl-program.h"
#include "melt-renderer-private.h"

/* Colours, in sRGB unless they feed the lighting (then linear). */
static const float background_top[3] = { 0.235f, 0.255f, 0.290f };
static const float background_bottom[3] = { 0.098f, 0.106f, 0.122f };
static const float part_front[3] = { 0.50f, 0.515f, 0.54f };      /* linear: brushed steel */
static const float part_back[3] = { 0.36f, 0.17f, 0.11f };       /* linear: inside, warm */
static const float edge_color[4] = { 0.05f, 0.055f, 0.065f, 0.75f };
#define GHOST_ALPHA 0.16f
static const float grid_line[3] = { 0.80f, 0.83f, 0.88f };
static const float grid_fill[4] = { 0.55f, 0.60f, 0.70f, 0.07f };
static const float axis_x[3] = { 0.90f, 0.27f, 0.24f };
static const float axis_y[3] = { 0.38f, 0.78f, 0.27f };
static const float axis_z[3] = { 0.27f, 0.50f, 0.96f };

typedef struct
{
  GLuint id;
  GLint  u_view;
  GLint  u_projection;
  GLint  u_view_projection;
  GLint  u_front_color;
  GLint  u_back_color;
  GLint  u_up;
  GLint  u_top_color;
  GLint  u_bottom_color;
  GLint  u_step;
  GLint  u_plate;
  GLint  u_line_color;
  GLint  u_fill_color;
  GLint  u_x_color;
  GLint  u_y_color;
  GLint  u_rotation;
  GLint  u_scale;
  GLint  u_edge_color;
  GLint  u_alpha;
} Program;

struct _MeltRenderer
{
  GObject parent_instance;

  MeltMesh *mesh;
  MeltPathRenderer *paths;
  MeltMeshStyle mesh_style;
  char *gl_description;
  double grid_step_mm;
  double scale_factor;

  Program background_program;
  Program mesh_program;
  Program edge_program;
  Program grid_program;
  Program triad_program;

  GLuint empty_vao;
  GLuint mesh_vao;
  GLuint mesh_vertex_buffer;
  GLuint mesh_index_buffer;
  GLsizei mesh_n_indices;
  GLuint edge_vao;
  GLuint edge_index_buffer;
  GLsizei edge_n_indices;
  GLuint triad_vao;
  GLuint triad_buffer;
  GLsizei triad_n_vertices;

  guint realized : 1;
  guint use_es : 1;
  guint mesh_dirty : 1;
  guint show_grid : 1;
  guint show_axes : 1;
  guint show_edges : 1;
};

enum {
  PROP_0,
  PROP_MESH,
  PROP_SHOW_GRID,
  PROP_SHOW_AXES,
  PROP_SHOW_EDGES,
  PROP_SCALE_FACTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MeltRenderer, melt_renderer, G_TYPE_OBJECT)

G_DEFINE_QUARK (melt-render-error-quark, melt_render_error)

/* ---------------------------------------------------------------------------------------- */
/* Layout shared with the overlay                                                            */

double
melt_grid_nice_step (double raw_mm)
{
  double power, mantissa;

  if (!(raw_mm > 0.0) || !isfinite (raw_mm))
    return 1.0;

  power = pow (10.0, floor (log10 (raw_mm)));
  mantissa = raw_mm / power;

  if (mantissa <= 1.0 + 1e-9)
    return power;
  else if (mantissa <= 2.0 + 1e-9)
    return 2.0 * power;
  else if (mantissa <= 5.0 + 1e-9)
    return 5.0 * power;
  else
    return 10.0 * power;
}

void
melt_grid_layout_compute (MeltGridLayout *layout,
                          MeltRenderer   *renderer,
                          MeltCamera     *camera)
{
  float min[3], max[3];

  double visible_mm, step, centre[2], footprint, extent, half;

  g_assert (layout != NULL);
  g_assert (MELT_IS_RENDERER (renderer));
  g_assert (MELT_IS_CAMERA (camera));

  /* About 25 grid cells across the height of the view at the target's depth */
  visible_mm = 2.0 * melt_camera_get_distance (camera) *
               tan (melt_camera_get_fov_deg (camera) * G_PI / 360.0);
  step = melt_grid_nice_step (visible_mm / 25.0);

  if (melt_renderer_get_scene_bounds (renderer, min, max))
    {
      centre[0] = 0.5 * ((double) min[0] + max[0]);
      centre[1] = 0.5 * ((double) min[1] + max[1]);
      footprint = MAX ((double) max[0] - min[0], (double) max[1] - min[1]);
      extent = MAX (footprint, (double) max[2] - min[2]);
    }
  else
    {
      centre[0] = centre[1] = 0.0;
      footprint = extent = 100.0;
    }

  half = 0.5 * footprint + 0.75 * extent;
  half = MAX (half, 5.0 * step);
  half = ceil (half / step) * step;

  layout->step_mm = step;
  layout->plate[0] = centre[0] - half;
  layout->plate[1] = centre[1] - half;
  layout->plate[2] = centre[0] + half;
  layout->plate[3] = centre[1] + half;
}

void
melt_triad_get_rect (int     width,
                     int     height,
                     double  scale,
                     double *x,
                     double *y_from_bottom,
                     double *size)
{
  *size = floor (MIN (MELT_TRIAD_SIZE * scale, 0.3 * MIN (width, height)));
  *x = floor (MELT_TRIAD_MARGIN * scale);
  *y_from_bottom = floor (MELT_TRIAD_MARGIN * scale);
}

/* ---------------------------------------------------------------------------------------- */
/* GL objects                                                                                */

static gboolean
link_program (Program     *program,
              const char  *name,
              const char  *vertex_shader,
              gboolean     use_es,
              GError     **error)
{
  g_autofree char *vertex_name = g_strconcat (vertex_shader ? vertex_shader : name, ".vert", NULL);
  g_autofree char *fragment_name = g_strconcat (name, ".frag", NULL);
  GLuint id;

  memset (program, 0, sizeof *program);

  id = _melt_gl_program_new (vertex_name, fragment_name, use_es, error);
  if (id == 0)
    return FALSE;

  program->id = id;
  program->u_view = glGetUniformLocation (id, "u_view");
  program->u_projection = glGetUniformLocation (id, "u_projection");
  program->u_view_projection = glGetUniformLocation (id, "u_view_projection");
  program->u_front_color = glGetUniformLocation (id, "u_front_color");
  program->u_back_color = glGetUniformLocation (id, "u_back_color");
  program->u_up = glGetUniformLocation (id, "u_up");
  program->u_top_color = glGetUniformLocation (id, "u_top_color");
  program->u_bottom_color = glGetUniformLocation (id, "u_bottom_color");
  program->u_step = glGetUniformLocation (id, "u_step");
  program->u_plate = glGetUniformLocation (id, "u_plate");
  program->u_line_color = glGetUniformLocation (id, "u_line_color");
  program->u_fill_color = glGetUniformLocation (id, "u_fill_color");
  program->u_x_color = glGetUniformLocation (id, "u_x_color");
  program->u_y_color = glGetUniformLocation (id, "u_y_color");
  program->u_rotation = glGetUniformLocation (id, "u_rotation");
  program->u_scale = glGetUniformLocation (id, "u_scale");
  program->u_edge_color = glGetUniformLocation (id, "u_edge_color");
  program->u_alpha = glGetUniformLocation (id, "u_alpha");

  return TRUE;
}

static void
clear_program (Program *program)
{
  if (program->id != 0)
    glDeleteProgram (program->id);
  memset (program, 0, sizeof *program);
}

typedef struct
{
  float position[3];
  float normal[3];
  float color[3];
} TriadVertex;

static void
triad_push (GArray      *vertices,
            const float  position[3],
            const float  normal[3],
            const float  color[3])
{
  TriadVertex v;

  memcpy (v.position, position, sizeof v.position);
  memcpy (v.normal, normal, sizeof v.normal);
  memcpy (v.color, color, sizeof v.color);
  g_array_append_val (vertices, v);
}

/* Point or direction from coordinates along an axis (a) and its two perpendiculars */
static void
triad_frame (guint  axis,
             double along,
             double p,
             double q,
             float  out[3])
{
  out[axis] = along;
  out[(axis + 1) % 3] = p;
  out[(axis + 2) % 3] = q;
}

/* Each axis is a thin cylinder with a cone for a tip, from the origin to 1.0. */
static GArray *
build_triad (void)
{
  const guint segments = 24;
  const double shaft_radius = 0.05;
  const double shaft_end = 0.70;
  const double tip_radius = 0.13;
  const double tip_slope = tip_radius / (1.0 - shaft_end);
  const float *colors[3] = { axis_x, axis_y, axis_z };
  GArray *vertices = g_array_new (FALSE, FALSE, sizeof (TriadVertex));

  for (guint axis = 0; axis < 3; axis++)
    {
      const float *color = colors[axis];

      for (guint s = 0; s < segments; s++)
        {
          double a0 = 2.0 * G_PI * s / segments;
          double a1 = 2.0 * G_PI * (s + 1) / segments;
          double c0 = cos (a0), s0 = sin (a0), c1 = cos (a1), s1 = sin (a1);
          double norm = sqrt (1.0 + tip_slope * tip_slope);
          float p00[3], p01[3], p10[3], p11[3], n0[3], n1[3];
          float b0[3], b1[3], tip[3], tn0[3], tn1[3], back[3], centre[3];

          /* shaft */
          triad_frame (axis, 0.0, shaft_radius * c0, shaft_radius * s0, p00);
          triad_frame (axis, 0.0, shaft_radius * c1, shaft_radius * s1, p01);
          triad_frame (axis, shaft_end, shaft_radius * c0, shaft_radius * s0, p10);
          triad_frame (axis, shaft_end, shaft_radius * c1, shaft_radius * s1, p11);
          triad_frame (axis, 0.0, c0, s0, n0);
          triad_frame (axis, 0.0, c1, s1, n1);
          triad_push (vertices, p00, n0, color);
          triad_push (vertices, p01, n1, color);
          triad_push (vertices, p11, n1, color);
          triad_push (vertices, p00, n0, color);
          triad_push (vertices, p11, n1, color);
          triad_push (vertices, p10, n0, color);

          /* cone */
          triad_frame (axis, shaft_end, tip_radius * c0, tip_radius * s0, b0);
          triad_frame (axis, shaft_end, tip_radius * c1, tip_radius * s1, b1);
          triad_frame (axis, 1.0, 0.0, 0.0, tip);
          triad_frame (axis, tip_slope / norm, c0 / norm, s0 / norm, tn0);
          triad_frame (axis, tip_slope / norm, c1 / norm, s1 / norm, tn1);
          triad_push (vertices, b0, tn0, color);
          triad_push (vertices, b1, tn1, color);
          triad_push (vertices, tip, tn0, color);

          /* cone base */
          triad_frame (axis, -1.0, 0.0, 0.0, back);
          triad_frame (axis, shaft_end, 0.0, 0.0, centre);
          triad_push (vertices, b1, back, color);
          triad_push (vertices, b0, back, color);
          triad_push (vertices, centre, back, color);
        }
    }

  return vertices;
}

static void
melt_renderer_finalize (GObject *object)
{
  MeltRenderer *self = (MeltRenderer *)object;

  if (self->realized)
    g_debug ("MeltRenderer finalized while realized; its GL objects go with the context");

  g_clear_object (&self->mesh);
  g_clear_object (&self->paths);
  g_clear_pointer (&self->gl_description, g_free);

  G_OBJECT_CLASS (melt_renderer_parent_class)->finalize (object);
}

static void
melt_renderer_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MeltRenderer *self = MELT_RENDERER (object);

  switch (prop_id)
    {
    case PROP_MESH:
      g_value_set_object (value, self->mesh);
      break;

    case PROP_SHOW_GRID:
      g_value_set_boolean (value, self->show_grid);
      break;

    case PROP_SHOW_AXES:
      g_value_set_boolean (value, self->show_axes);
      break;

    case PROP_SHOW_EDGES:
      g_value_set_boolean (value, self->show_edges);
      break;

    case PROP_SCALE_FACTOR:
      g_value_set_double (value, self->scale_factor);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_renderer_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MeltRenderer *self = MELT_RENDERER (object);

  switch (prop_id)
    {
    case PROP_MESH:
      melt_renderer_set_mesh (self, g_value_get_object (value));
      break;

    case PROP_SHOW_GRID:
      melt_renderer_set_show_grid (self, g_value_get_boolean (value));
      break;

    case PROP_SHOW_AXES:
      melt_renderer_set_show_axes (self, g_value_get_boolean (value));
      break;

    case PROP_SHOW_EDGES:
      melt_renderer_set_show_edges (self, g_value_get_boolean (value));
      break;

    case PROP_SCALE_FACTOR:
      melt_renderer_set_scale_factor (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_renderer_class_init (MeltRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = melt_renderer_finalize;
  object_class->get_property = melt_renderer_get_property;
  object_class->set_property = melt_renderer_set_property;

  properties[PROP_MESH] =
    g_param_spec_object ("mesh", NULL, NULL,
                         MELT_TYPE_MESH,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SHOW_GRID] =
    g_param_spec_boolean ("show-grid", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SHOW_AXES] =
    g_param_spec_boolean ("show-axes", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SHOW_EDGES] =
    g_param_spec_boolean ("show-edges", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SCALE_FACTOR] =
    g_param_spec_double ("scale-factor", NULL, NULL,
                         0.25, 8.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
melt_renderer_init (MeltRenderer *self)
{
  self->paths = melt_path_renderer_new ();
  self->mesh_style = MELT_MESH_STYLE_SOLID;
  self->show_grid = TRUE;
  self->show_axes = TRUE;
  self->show_edges = TRUE;
  self->scale_factor = 1.0;
  self->grid_step_mm = 10.0;
}

MeltRenderer *
melt_renderer_new (void)
{
  return g_object_new (MELT_TYPE_RENDERER, NULL);
}

static char *
describe_context (void)
{
  const char *version = (const char *) glGetString (GL_VERSION);
  const char *renderer = (const char *) glGetString (GL_RENDERER);
  g_autofree char *short_renderer = NULL;
  const char *paren;

  if (version == NULL)
    version = "?";
  if (renderer == NULL)
    renderer = "?";

  /* "llvmpipe (LLVM 15.0.6, 256 bits)" reads as "llvmpipe" */
  if ((paren = strstr (renderer, " (")) != NULL && paren != renderer)
    short_renderer = g_strndup (renderer, paren - renderer);
  else
    short_renderer = g_strdup (renderer);

  if (g_str_has_prefix (version, "OpenGL"))
    return g_strdup_printf ("%s · %s", version, short_renderer);
  else
    return g_strdup_printf ("OpenGL %s · %s", version, short_renderer);
}

/**
 * melt_renderer_realize:
 * @self: a #MeltRenderer
 * @use_es: whether the current context is OpenGL ES (3.0 or later) rather than desktop
 *   OpenGL (3.3 core or later)
 * @error: return location for a #GError
 *
 * Compiles the shaders and creates the GL objects in the current context.
 *
 * Returns: %TRUE on success
 */
gboolean
melt_renderer_realize (MeltRenderer  *self,
                       gboolean       use_es,
                       GError       **error)
{
  g_autoptr(GArray) triad = NULL;
  int version;

  g_return_val_if_fail (MELT_IS_RENDERER (self), FALSE);
  g_return_val_if_fail (!self->realized, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (glGetString (GL_VERSION) == NULL)
    {
      g_set_error_literal (error, MELT_RENDER_ERROR, MELT_RENDER_ERROR_NO_CONTEXT,
                           _("No OpenGL context is current"));
      return FALSE;
    }

  if (use_es == epoxy_is_desktop_gl ())
    {
      g_debug ("Asked for %s but the current context is %s; following the context",
               use_es ? "OpenGL ES" : "desktop OpenGL",
               use_es ? "desktop OpenGL" : "OpenGL ES");
      use_es = !epoxy_is_desktop_gl ();
    }

  version = epoxy_gl_version ();
  if ((use_es && version < 30) || (!use_es && version < 33))
    {
      g_set_error (error, MELT_RENDER_ERROR, MELT_RENDER_ERROR_VERSION,
                   /* TRANSLATORS: the first %s is a version such as “OpenGL 3.3”, the
                    * second what the system offers */
                   _("The 3D view needs %s or later, but the system offers %s"),
                   use_es ? "OpenGL ES 3.0" : "OpenGL 3.3",
                   (const char *) glGetString (GL_VERSION));
      return FALSE;
    }

  if (!link_program (&self->background_program, "background", NULL, use_es, error) ||
      !link_program (&self->mesh_program, "mesh", NULL, use_es, error) ||
      !link_program (&self->edge_program, "edge", "mesh", use_es, error) ||
      !link_program (&self->grid_program, "grid", NULL, use_es, error) ||
      !link_program (&self->triad_program, "triad", NULL, use_es, error))
    {
      clear_program (&self->background_program);
      clear_program (&self->mesh_program);
      clear_program (&self->edge_program);
      clear_program (&self->grid_program);
      clear_program (&self->triad_program);
      return FALSE;
    }

  if (!melt_path_renderer_realize (self->paths, use_es, error))
    {
      clear_program (&self->background_program);
      clear_program (&self->mesh_program);
      clear_program (&self->edge_program);
      clear_program (&self->grid_program);
      clear_program (&self->triad_program);
      return FALSE;
    }

  glGenVertexArrays (1, &self->empty_vao);
  glGenVertexArrays (1, &self->mesh_vao);
  glGenBuffers (1, &self->mesh_vertex_buffer);
  glGenBuffers (1, &self->mesh_index_buffer);

  glBindVertexArray (self->mesh_vao);
  glBindBuffer (GL_ARRAY_BUFFER, self->mesh_vertex_buffer);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, self->mesh_index_buffer);
  glEnableVertexAttribArray (0);
  glVertexAttribPointer (0, 3, GL_FLOAT, GL_FALSE, 3 * sizeof (float), NULL);

  /* Edges share the part's vertices, with their own line indices */
  glGenVertexArrays (1, &self->edge_vao);
  glGenBuffers (1, &self->edge_index_buffer);
  glBindVertexArray (self->edge_vao);
  glBindBuffer (GL_ARRAY_BUFFER, self->mesh_vertex_buffer);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, self->edge_index_buffer);
  glEnableVertexAttribArray (0);
  glVertexAttribPointer (0, 3, GL_FLOAT, GL_FALSE, 3 * sizeof (float), NULL);

  triad = build_triad ();
  self->triad_n_vertices = triad->len;
  glGenVertexArrays (1, &self->triad_vao);
  glGenBuffers (1, &self->triad_buffer);
  glBindVertexArray (self->triad_vao);
  glBindBuffer (GL_ARRAY_BUFFER, self->triad_buffer);
  glBufferData (GL_ARRAY_BUFFER, triad->len * sizeof (TriadVertex), triad->data, GL_STATIC_DRAW);
  glEnableVertexAttribArray (0);
  glVertexAttribPointer (0, 3, GL_FLOAT, GL_FALSE, sizeof (TriadVertex),
                         GSIZE_TO_POINTER (G_STRUCT_OFFSET (TriadVertex, position)));
  glEnableVertexAttribArray (1);
  glVertexAttribPointer (1, 3, GL_FLOAT, GL_FALSE, sizeof (TriadVertex),
                         GSIZE_TO_POINTER (G_STRUCT_OFFSET (TriadVertex, normal)));
  glEnableVertexAttribArray (2);
  glVertexAttribPointer (2, 3, GL_FLOAT, GL_FALSE, sizeof (TriadVertex),
                         GSIZE_TO_POINTER (G_STRUCT_OFFSET (TriadVertex, color)));

  glBindVertexArray (0);
  glBindBuffer (GL_ARRAY_BUFFER, 0);

  g_clear_pointer (&self->gl_description, g_free);
  self->gl_description = describe_context ();
  self->use_es = !!use_es;
  self->mesh_dirty = TRUE;
  self->mesh_n_indices = 0;
  self->realized = TRUE;

  g_debug ("Realized on %s", self->gl_description);

  return TRUE;
}

/**
 * melt_renderer_unrealize:
 * @self: a #MeltRenderer
 *
 * Deletes the GL objects. The context they were made in must be current.
 */
void
melt_renderer_unrealize (MeltRenderer *self)
{
  g_return_if_fail (MELT_IS_RENDERER (self));

  if (!self->realized)
    return;

  clear_program (&self->background_program);
  clear_program (&self->mesh_program);
  clear_program (&self->edge_program);
  clear_program (&self->grid_program);
  clear_program (&self->triad_program);
  melt_path_renderer_unrealize (self->paths);

  glDeleteVertexArrays (1, &self->empty_vao);
  glDeleteVertexArrays (1, &self->mesh_vao);
  glDeleteVertexArrays (1, &self->triad_vao);
  glDeleteVertexArrays (1, &self->edge_vao);
  glDeleteBuffers (1, &self->edge_index_buffer);
  glDeleteBuffers (1, &self->mesh_vertex_buffer);
  glDeleteBuffers (1, &self->mesh_index_buffer);
  glDeleteBuffers (1, &self->triad_buffer);

  self->empty_vao = self->mesh_vao = self->triad_vao = self->edge_vao = 0;
  self->mesh_vertex_buffer = self->mesh_index_buffer = self->triad_buffer = 0;
  self->edge_index_buffer = 0;
  self->mesh_n_indices = 0;
  self->edge_n_indices = 0;
  self->triad_n_vertices = 0;
  self->mesh_dirty = TRUE;
  self->realized = FALSE;
}

/**
 * melt_renderer_set_mesh:
 * @self: a #MeltRenderer
 * @mesh: (nullable): the part to show
 *
 * Keeps a reference to @mesh; its data goes to the GPU at the next render.
 */
void
melt_renderer_set_mesh (MeltRenderer *self,
                        MeltMesh     *mesh)
{
  g_return_if_fail (MELT_IS_RENDERER (self));
  g_return_if_fail (!mesh || MELT_IS_MESH (mesh));

  if (g_set_object (&self->mesh, mesh))
    {
      self->mesh_dirty = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESH]);
    }
}

MeltMesh *
melt_renderer_get_mesh (MeltRenderer *self)
{
  g_return_val_if_fail (MELT_IS_RENDERER (self), NULL);

  return self->mesh;
}

/* Uploads the part and its feature edges (outlined: holes, non-manifold
 * edges, creases sharper than MELT_MESH_FEATURE_ANGLE_DEG). The mesh finds
 * those edges once, in linear time; a mesh from melt_mesh_load_async() has
 * them already, so this only copies buffers. */
static void
upload_mesh (MeltRenderer *self)
{
  const guint32 *edges = NULL;
  gsize n_vertices = 0, n_triangles = 0;
  guint n_edges = 0;

  if (self->mesh != NULL)
    {
      n_vertices = melt_mesh_get_n_vertices (self->mesh);
      n_triangles = melt_mesh_get_n_triangles (self->mesh);
    }

  if (n_vertices == 0 || n_triangles == 0 || 3 * n_triangles > G_MAXINT32)
    n_vertices = n_triangles = 0;
  else
    edges = melt_mesh_get_feature_edges (self->mesh, &n_edges);

  glBindVertexArray (self->mesh_vao);
  glBindBuffer (GL_ARRAY_BUFFER, self->mesh_vertex_buffer);
  glBufferData (GL_ARRAY_BUFFER, n_vertices * 3 * sizeof (float),
                n_vertices ? melt_mesh_get_positions (self->mesh) : NULL, GL_STATIC_DRAW);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, self->mesh_index_buffer);
  glBufferData (GL_ELEMENT_ARRAY_BUFFER, n_triangles * 3 * sizeof (guint32),
                n_triangles ? melt_mesh_get_indices (self->mesh) : NULL, GL_STATIC_DRAW);
  self->mesh_n_indices = 3 * n_triangles;

  glBindVertexArray (self->edge_vao);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, self->edge_index_buffer);
  glBufferData (GL_ELEMENT_ARRAY_BUFFER, 2 * (gsize) n_edges * sizeof (guint32), edges,
                GL_STATIC_DRAW);
  self->edge_n_indices = 2 * n_edges;

  g_debug ("Uploaded %zu vertices, %zu triangles and %u feature edges",
           n_vertices, n_triangles, n_edges);
}

/* The GL state the renderer touches, saved so that the host's state survives a frame. */
typedef struct
{
  GLint program;
  GLint vertex_array;
  GLint array_buffer;
  GLint viewport[4];
  GLint scissor[4];
  GLint blend_src_rgb, blend_dst_rgb, blend_src_alpha, blend_dst_alpha;
  GLint depth_func;
  GLfloat polygon_offset_factor, polygon_offset_units;
  GLboolean depth_mask;
  GLboolean depth_test, blend, cull_face, scissor_test, polygon_offset_fill;
} SavedState;

static void
save_state (SavedState *state)
{
  glGetIntegerv (GL_CURRENT_PROGRAM, &state->program);
  glGetIntegerv (GL_VERTEX_ARRAY_BINDING, &state->vertex_array);
  glGetIntegerv (GL_ARRAY_BUFFER_BINDING, &state->array_buffer);
  glGetIntegerv (GL_VIEWPORT, state->viewport);
  glGetIntegerv (GL_SCISSOR_BOX, state->scissor);
  glGetIntegerv (GL_BLEND_SRC_RGB, &state->blend_src_rgb);
  glGetIntegerv (GL_BLEND_DST_RGB, &state->blend_dst_rgb);
  glGetIntegerv (GL_BLEND_SRC_ALPHA, &state->blend_src_alpha);
  glGetIntegerv (GL_BLEND_DST_ALPHA, &state->blend_dst_alpha);
  glGetIntegerv (GL_DEPTH_FUNC, &state->depth_func);
  glGetFloatv (GL_POLYGON_OFFSET_FACTOR, &state->polygon_offset_factor);
  glGetFloatv (GL_POLYGON_OFFSET_UNITS, &state->polygon_offset_units);
  glGetBooleanv (GL_DEPTH_WRITEMASK, &state->depth_mask);
  state->depth_test = glIsEnabled (GL_DEPTH_TEST);
  state->blend = glIsEnabled (GL_BLEND);
  state->cull_face = glIsEnabled (GL_CULL_FACE);
  state->scissor_test = glIsEnabled (GL_SCISSOR_TEST);
  state->polygon_offset_fill = glIsEnabled (GL_POLYGON_OFFSET_FILL);
}

static void
set_enabled (GLenum    cap,
             GLboolean enabled)
{
  if (enabled)
    glEnable (cap);
  else
    glDisable (cap);
}

static void
restore_state (const SavedState *state)
{
  glUseProgram (state->program);
  glBindVertexArray (state->vertex_array);
  glBindBuffer (GL_ARRAY_BUFFER, state->array_buffer);
  glViewport (state->viewport[0], state->viewport[1], state->viewport[2], state->viewport[3]);
  glScissor (state->scissor[0], state->scissor[1], state->scissor[2], state->scissor[3]);
  glBlendFuncSeparate (state->blend_src_rgb, state->blend_dst_rgb,
                       state->blend_src_alpha, state->blend_dst_alpha);
  glDepthFunc (state->depth_func);
  glPolygonOffset (state->polygon_offset_factor, state->polygon_offset_units);
  glDepthMask (state->depth_mask);
  set_enabled (GL_DEPTH_TEST, state->depth_test);
  set_enabled (GL_BLEND, state->blend);
  set_enabled (GL_CULL_FACE, state->cull_face);
  set_enabled (GL_SCISSOR_TEST, state->scissor_test);
  set_enabled (GL_POLYGON_OFFSET_FILL, state->polygon_offset_fill);
}

static void
draw_background (MeltRenderer *self)
{
  glDisable (GL_DEPTH_TEST);
  glDepthMask (GL_FALSE);
  glDisable (GL_BLEND);

  glUseProgram (self->background_program.id);
  glUniform3fv (self->background_program.u_top_color, 1, background_top);
  glUniform3fv (self->background_program.u_bottom_color, 1, background_bottom);
  glBindVertexArray (self->empty_vao);
  glDrawArrays (GL_TRIANGLES, 0, 3);
}

/* The part: solid, or a ghost drawn after the beads (blended, not writing
 * depth, so that the beads inside show through it) */
static void
draw_mesh (MeltRenderer            *self,
           const graphene_matrix_t *view,
           const graphene_matrix_t *projection,
           gboolean                 ghost)
{
  graphene_vec4_t up_world, up_view;
  float view_f[16], projection_f[16], up[3];
  float edges[4];

  if (self->mesh_dirty)
    {
      upload_mesh (self);
      self->mesh_dirty = FALSE;
    }

  if (self->mesh_n_indices == 0)
    return;

  /* world +Z as seen from the eye, for the hemisphere light */
  graphene_vec4_init (&up_world, 0.0f, 0.0f, 1.0f, 0.0f);
  graphene_matrix_transform_vec4 (view, &up_world, &up_view);
  up[0] = graphene_vec4_get_x (&up_view);
  up[1] = graphene_vec4_get_y (&up_view);
  up[2] = graphene_vec4_get_z (&up_view);

  graphene_matrix_to_float (view, view_f);
  graphene_matrix_to_float (projection, projection_f);

  glEnable (GL_DEPTH_TEST);
  glDepthFunc (GL_LESS);
  glDepthMask (ghost ? GL_FALSE : GL_TRUE);
  glDisable (GL_CULL_FACE);
  if (ghost)
    {
      glEnable (GL_BLEND);
      glBlendFuncSeparate (GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ZERO, GL_ONE);
    }
  else
    glDisable (GL_BLEND);
  /* faces a little back, so that their edges win the depth test */
  glEnable (GL_POLYGON_OFFSET_FILL);
  glPolygonOffset (1.0f, 1.0f);

  glUseProgram (self->mesh_program.id);
  glUniformMatrix4fv (self->mesh_program.u_view, 1, GL_FALSE, view_f);
  glUniformMatrix4fv (self->mesh_program.u_projection, 1, GL_FALSE, projection_f);
  glUniform3fv (self->mesh_program.u_front_color, 1, part_front);
  glUniform3fv (self->mesh_program.u_back_color, 1, part_back);
  glUniform3fv (self->mesh_program.u_up, 1, up);
  glUniform1f (self->mesh_program.u_alpha, ghost ? GHOST_ALPHA : 1.0f);

  glBindVertexArray (self->mesh_vao);
  glDrawElements (GL_TRIANGLES, self->mesh_n_indices, GL_UNSIGNED_INT, NULL);
  glDisable (GL_POLYGON_OFFSET_FILL);

  if (self->show_edges && self->edge_n_indices > 0)
    {
      memcpy (edges, edge_color, sizeof edges);
      if (ghost)
        edges[3] *= 0.5f;
      glDepthFunc (GL_LEQUAL);
      glDepthMask (GL_FALSE);
      glEnable (GL_BLEND);
      glBlendFuncSeparate (GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ZERO, GL_ONE);

      glUseProgram (self->edge_program.id);
      glUniformMatrix4fv (self->edge_program.u_view, 1, GL_FALSE, view_f);
      glUniformMatrix4fv (self->edge_program.u_projection, 1, GL_FALSE, projection_f);
      glUniform4fv (self->edge_program.u_edge_color, 1, edges);
      glBindVertexArray (self->edge_vao);
      glDrawElements (GL_LINES, self->edge_n_indices, GL_UNSIGNED_INT, NULL);
    }

  glDisable (GL_BLEND);
  glDepthMask (GL_TRUE);
  glDepthFunc (GL_LESS);
}

static void
draw_grid (MeltRenderer            *self,
           const MeltGridLayout    *layout,
           const graphene_matrix_t *view,
           const graphene_matrix_t *projection)
{
  graphene_matrix_t view_projection;
  float view_projection_f[16];

  graphene_matrix_multiply (view, projection, &view_projection);
  graphene_matrix_to_float (&view_projection, view_projection_f);

  /* Lines blend over the plate; the part's bottom face, on the plate, wins the depth test. */
  glEnable (GL_DEPTH_TEST);
  glDepthFunc (GL_LEQUAL);
  glDepthMask (GL_FALSE);
  glEnable (GL_POLYGON_OFFSET_FILL);
  glPolygonOffset (1.0f, 4.0f);
  glEnable (GL_BLEND);
  glBlendFuncSeparate (GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ZERO, GL_ONE);

  glUseProgram (self->grid_program.id);
  glUniformMatrix4fv (self->grid_program.u_view_projection, 1, GL_FALSE, view_projection_f);
  glUniform4fv (self->grid_program.u_plate, 1, layout->plate);
  glUniform1f (self->grid_program.u_step, layout->step_mm);
  glUniform3fv (self->grid_program.u_line_color, 1, grid_line);
  glUniform4fv (self->grid_program.u_fill_color, 1, grid_fill);
  glUniform3fv (self->grid_program.u_x_color, 1, axis_x);
  glUniform3fv (self->grid_program.u_y_color, 1, axis_y);
  glBindVertexArray (self->empty_vao);
  glDrawArrays (GL_TRIANGLE_STRIP, 0, 4);

  glDisable (GL_POLYGON_OFFSET_FILL);
  glDisable (GL_BLEND);
  glDepthMask (GL_TRUE);
}

static void
draw_triad (MeltRenderer            *self,
            const graphene_matrix_t *view,
            int                      width_px,
            int                      height_px)
{
  float rotation_f[16];
  double x, y, size;

  melt_triad_get_rect (width_px, height_px, self->scale_factor, &x, &y, &size);
  if (size < 16.0)
    return;

  /* The view's rotation without its translation */
  graphene_matrix_to_float (view, rotation_f);
  rotation_f[12] = rotation_f[13] = rotation_f[14] = 0.0f;

  glEnable (GL_SCISSOR_TEST);
  glScissor (x, y, size, size);
  glDepthMask (GL_TRUE);
  glClear (GL_DEPTH_BUFFER_BIT);
  glViewport (x, y, size, size);

  glEnable (GL_DEPTH_TEST);
  glDepthFunc (GL_LESS);
  glDisable (GL_BLEND);

  glUseProgram (self->triad_program.id);
  glUniformMatrix4fv (self->triad_program.u_rotation, 1, GL_FALSE, rotation_f);
  glUniform1f (self->triad_program.u_scale, MELT_TRIAD_AXIS_SCALE);
  glBindVertexArray (self->triad_vao);
  glDrawArrays (GL_TRIANGLES, 0, self->triad_n_vertices);

  glDisable (GL_SCISSOR_TEST);
  glViewport (0, 0, width_px, height_px);
}

/**
 * melt_renderer_render:
 * @self: a realized #MeltRenderer
 * @camera: the view
 * @width_px: framebuffer width in device pixels
 * @height_px: framebuffer height in device pixels
 *
 * Draws the scene into the framebuffer bound in the current context, which must be the
 * context the renderer was realized in. Program, vertex array, buffers, viewport and the
 * capabilities the renderer changes are restored afterwards.
 */
void
melt_renderer_render (MeltRenderer *self,
                      MeltCamera   *camera,
                      int           width_px,
                      int           height_px)
{
  graphene_matrix_t view, projection;
  MeltGridLayout layout;
  SavedState state;

  g_return_if_fail (MELT_IS_RENDERER (self));
  g_return_if_fail (MELT_IS_CAMERA (camera));
  g_return_if_fail (self->realized);

  if (width_px <= 0 || height_px <= 0)
    return;

  melt_camera_get_matrices (camera, width_px, height_px, &view, &projection);
  melt_grid_layout_compute (&layout, self, camera);
  self->grid_step_mm = layout.step_mm;

  save_state (&state);

  glViewport (0, 0, width_px, height_px);
  glDisable (GL_SCISSOR_TEST);
  glDisable (GL_CULL_FACE);
  glDisable (GL_POLYGON_OFFSET_FILL);

  draw_background (self);

  glDepthMask (GL_TRUE);
  glClear (GL_DEPTH_BUFFER_BIT);

  if (self->mesh_style == MELT_MESH_STYLE_SOLID)
    draw_mesh (self, &view, &projection, FALSE);

  melt_path_renderer_draw (self->paths, &view, &projection, width_px, height_px);

  if (self->mesh_style == MELT_MESH_STYLE_GHOST)
    draw_mesh (self, &view, &projection, TRUE);

  if (self->show_grid)
    draw_grid (self, &layout, &view, &projection);

  if (self->show_axes)
    draw_triad (self, &view, width_px, height_px);

  restore_state (&state);
}

/**
 * melt_renderer_get_grid_step_mm:
 * @self: a #MeltRenderer
 *
 * Returns: the spacing of the minor grid lines in the last frame, in mm (major lines
 *   are ten times as far apart)
 */
double
melt_renderer_get_grid_step_mm (MeltRenderer *self)
{
  g_return_val_if_fail (MELT_IS_RENDERER (self), 0.0);

  return self->grid_step_mm;
}

/**
 * melt_renderer_compute_grid_step_mm:
 * @self: a #MeltRenderer
 * @camera: a view
 *
 * Returns: the grid spacing the renderer would use for @camera, in mm
 */
double
melt_renderer_compute_grid_step_mm (MeltRenderer *self,
                                    MeltCamera   *camera)
{
  MeltGridLayout layout;

  g_return_val_if_fail (MELT_IS_RENDERER (self), 0.0);
  g_return_val_if_fail (MELT_IS_CAMERA (camera), 0.0);

  melt_grid_layout_compute (&layout, self, camera);

  return layout.step_mm;
}

/**
 * melt_renderer_get_gl_description:
 * @self: a #MeltRenderer
 *
 * Returns: (nullable): the API, version and renderer of the context, such as
 *   “OpenGL 4.5 (Core Profile) Mesa 22.3.6 · llvmpipe”, or %NULL before realize
 */
const char *
melt_renderer_get_gl_description (MeltRenderer *self)
{
  g_return_val_if_fail (MELT_IS_RENDERER (self), NULL);

  return self->gl_description;
}

gboolean
melt_renderer_get_realized (MeltRenderer *self)
{
  g_return_val_if_fail (MELT_IS_RENDERER (self), FALSE);

  return self->realized;
}

/**
 * melt_renderer_get_use_es:
 * @self: a #MeltRenderer
 *
 * Returns: whether the renderer was realized on an OpenGL ES context
 */
gboolean
melt_renderer_get_use_es (MeltRenderer *self)
{
  g_return_val_if_fail (MELT_IS_RENDERER (self), FALSE);

  return self->use_es;
}

void
melt_renderer_set_show_grid (MeltRenderer *self,
                             gboolean      show_grid)
{
  g_return_if_fail (MELT_IS_RENDERER (self));

  show_grid = !!show_grid;
  if (self->show_grid != show_grid)
    {
      self->show_grid = show_grid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_GRID]);
    }
}

gboolean
melt_renderer_get_show_grid (MeltRenderer *self)
{
  g_return_val_if_fail (MELT_IS_RENDERER (self), FALSE);

  return self->show_grid;
}

void
melt_renderer_set_show_axes (MeltRenderer *self,
                             gboolean      show_axes)
{
  g_return_if_fail (MELT_IS_RENDERER (self));

  show_axes = !!show_axes;
  if (self->show_axes != show_axes)
    {
      self->show_axes = show_axes;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_AXES]);
    }
}

gboolean
melt_renderer_get_show_axes (MeltRenderer *self)
{
  g_return_val_if_fail (MELT_IS_RENDERER (self), FALSE);

  return self->show_axes;
}

/**
 * melt_renderer_set_show_edges:
 * @self: a #MeltRenderer
 * @show_edges: whether to outline the part's sharp edges and holes
 */
void
melt_renderer_set_show_edges (MeltRenderer *self,
                              gboolean      show_edges)
{
  g_return_if_fail (MELT_IS_RENDERER (self));

  show_edges = !!show_edges;
  if (self->show_edges != show_edges)
    {
      self->show_edges = show_edges;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_EDGES]);
    }
}

gboolean
melt_renderer_get_show_edges (MeltRenderer *self)
{
  g_return_val_if_fail (MELT_IS_RENDERER (self), FALSE);

  return self->show_edges;
}

/**
 * melt_renderer_set_scale_factor:
 * @self: a #MeltRenderer
 * @scale_factor: device pixels per logical pixel (gtk_widget_get_scale_factor())
 *
 * Sizes the axes triad so that it matches the overlay drawn in logical pixels.
 */
void
melt_renderer_set_scale_factor (MeltRenderer *self,
                                double        scale_factor)
{
  g_return_if_fail (MELT_IS_RENDERER (self));
  g_return_if_fail (scale_factor > 0.0);

  if (self->scale_factor != scale_factor)
    {
      self->scale_factor = scale_factor;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE_FACTOR]);
    }
}

double
melt_renderer_get_scale_factor (MeltRenderer *self)
{
  g_return_val_if_fail (MELT_IS_RENDERER (self), 1.0);

  return self->scale_factor;
}

/**
 * melt_renderer_get_paths:
 * @self: a #MeltRenderer
 *
 * Returns: (transfer none): the renderer of the toolpath, drawn with the part
 */
MeltPathRenderer *
melt_renderer_get_paths (MeltRenderer *self)
{
  g_return_val_if_fail (MELT_IS_RENDERER (self), NULL);

  return self->paths;
}

/**
 * melt_renderer_set_mesh_style:
 * @self: a #MeltRenderer
 * @style: how the part is drawn
 */
void
melt_renderer_set_mesh_style (MeltRenderer  *self,
                              MeltMeshStyle  style)
{
  g_return_if_fail (MELT_IS_RENDERER (self));

  self->mesh_style = style;
}

MeltMeshStyle
melt_renderer_get_mesh_style (MeltRenderer *self)
{
  g_return_val_if_fail (MELT_IS_RENDERER (self), MELT_MESH_STYLE_SOLID);

  return self->mesh_style;
}

/**
 * melt_renderer_get_scene_bounds:
 * @self: a #MeltRenderer
 * @min: (out): smallest X, Y, Z of the part, or of the toolpath when there
 *   is no part
 * @max: (out): largest
 *
 * Returns: %FALSE when there is neither
 */
gboolean
melt_renderer_get_scene_bounds (MeltRenderer *self,
                                float         min[3],
                                float         max[3])
{
  g_return_val_if_fail (MELT_IS_RENDERER (self), FALSE);

  if (self->mesh != NULL && melt_mesh_get_n_triangles (self->mesh) > 0)
    {
      melt_mesh_get_bounds (self->mesh, min, max);
      return TRUE;
    }
  return melt_path_renderer_get_bounds (self->paths, min, max);
}
