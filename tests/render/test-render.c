/* test-render.c: the scene rendered headless through EGL, checked against the camera's geometry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <epoxy/gl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "melt-camera.h"
#include "melt-offscreen.h"
#include "melt-renderer.h"
#include "melt-test-render.h"
#include "melt-test-shapes.h"

#if defined(__SANITIZE_ADDRESS__)
# include <sanitizer/lsan_interface.h>
#endif

#define WIDTH  400
#define HEIGHT 300

typedef struct
{
  gboolean    use_es;
  MeltView    view;
} RenderCase;

static MeltMesh *
mesh_from_shape (MeltTestShape *shape)
{
  g_autofree float *soup = NULL;
  guint n_triangles = 0;

  soup = melt_test_shape_to_soup (shape, &n_triangles);

  return melt_mesh_new_from_soup (soup, n_triangles);
}

static MeltMesh *
make_cube (double size)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_cube (size);

  return mesh_from_shape (shape);
}

static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return ((const guint32 *) (gconstpointer) (data + (gsize) y * stride))[x];
}

static int
channel_distance (guint32 a,
                  guint32 b)
{
  int d = 0;

  for (guint shift = 0; shift < 24; shift += 8)
    d = MAX (d, ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)));

  return d;
}

/* Pixels that differ from the background: the gradient is vertical, so each row's
 * background is its leftmost pixel (the fitted part never reaches the edge). */
static guint
count_part_pixels (cairo_surface_t *surface,
                   int             *min_x,
                   int             *min_y,
                   int             *max_x,
                   int             *max_y)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  guint count = 0;

  *min_x = *min_y = G_MAXINT;
  *max_x = *max_y = -1;

  for (int y = 0; y < height; y++)
    {
      guint32 background = pixel (surface, 0, y);

      for (int x = 0; x < width; x++)
        {
          if (channel_distance (pixel (surface, x, y), background) > 24)
            {
              count++;
              *min_x = MIN (*min_x, x);
              *max_x = MAX (*max_x, x);
              *min_y = MIN (*min_y, y);
              *max_y = MAX (*max_y, y);
            }
        }
    }

  return count;
}

/* p * view * projection to pixels, from the float arrays GL receives */
static void
project_px (const graphene_matrix_t *view,
            const graphene_matrix_t *projection,
            const double             p[3],
            int                      width,
            int                      height,
            double                   px[2])
{
  float v[16], m[16];
  double e[4], c[4];

  graphene_matrix_to_float (view, v);
  graphene_matrix_to_float (projection, m);

  for (guint j = 0; j < 4; j++)
    e[j] = p[0] * v[j] + p[1] * v[4 + j] + p[2] * v[8 + j] + v[12 + j];
  for (guint j = 0; j < 4; j++)
    c[j] = e[0] * m[j] + e[1] * m[4 + j] + e[2] * m[8 + j] + e[3] * m[12 + j];

  g_assert_cmpfloat (c[3], >, 0.0);
  px[0] = (0.5 + 0.5 * c[0] / c[3]) * width;
  px[1] = (0.5 - 0.5 * c[1] / c[3]) * height;
}

static double
cross (const double o[2],
       const double a[2],
       const double b[2])
{
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const double *p = a, *q = b;

  if (p[0] != q[0])
    return p[0] < q[0] ? -1 : 1;
  if (p[1] != q[1])
    return p[1] < q[1] ? -1 : 1;
  return 0;
}

/* Convex hull (monotone chain) of @n points; returns its area and corner count */
static double
hull_area (double  points[][2],
           guint   n,
           double *perimeter,
           guint  *n_corners)
{
  double hull[32][2];
  guint k = 0;
  double area = 0.0;

  g_assert_cmpuint (n, <=, 16);
  qsort (points, n, sizeof points[0], compare_points);

  for (guint i = 0; i < n; i++)
    {
      while (k >= 2 && cross (hull[k - 2], hull[k - 1], points[i]) <= 1e-6)
        k--;
      memcpy (hull[k++], points[i], sizeof hull[0]);
    }
  for (int i = n - 2, t = k + 1; i >= 0; i--)
    {
      while (k >= (guint) t && cross (hull[k - 2], hull[k - 1], points[i]) <= 1e-6)
        k--;
      memcpy (hull[k++], points[i], sizeof hull[0]);
    }
  k--;

  *perimeter = 0.0;
  for (guint i = 0; i < k; i++)
    {
      const double *a = hull[i], *b = hull[(i + 1) % k];

      area += a[0] * b[1] - a[1] * b[0];
      *perimeter += hypot (b[0] - a[0], b[1] - a[1]);
    }

  /* corners where the outline really turns (perspective leaves near-collinear ones) */
  *n_corners = 0;
  for (guint i = 0; i < k; i++)
    {
      const double *a = hull[(i + k - 1) % k], *b = hull[i], *c = hull[(i + 1) % k];
      double turn = cross (a, b, c) / (hypot (b[0] - a[0], b[1] - a[1]) *
                                       hypot (c[0] - b[0], c[1] - b[1]));

      if (fabs (turn) > 0.05)
        (*n_corners)++;
    }

  return 0.5 * fabs (area);
}

static void
test_offscreen_clear (gconstpointer data)
{
  gboolean use_es = GPOINTER_TO_INT (data);
  g_autoptr(MeltOffscreen) offscreen = NULL;
  cairo_surface_t *surface;
  int w = 0, h = 0;

  if (!(offscreen = melt_test_offscreen_or_skip (64, 48, use_es)))
    return;

  g_assert_cmpint (melt_offscreen_get_use_es (offscreen), ==, use_es);
  melt_offscreen_get_size (offscreen, &w, &h);
  g_assert_cmpint (w, ==, 64);
  g_assert_cmpint (h, ==, 48);
  g_test_message ("%d samples per pixel", melt_offscreen_get_samples (offscreen));

  melt_offscreen_bind (offscreen);
  g_assert_cmpint (epoxy_is_desktop_gl (), ==, !use_es);
  glClearColor (0.0f, 0.0f, 1.0f, 1.0f);
  glClear (GL_COLOR_BUFFER_BIT);

  /* GL's bottom-left quarter in red: it must come out at the image's bottom left */
  glEnable (GL_SCISSOR_TEST);
  glScissor (0, 0, 32, 24);
  glClearColor (1.0f, 0.0f, 0.0f, 1.0f);
  glClear (GL_COLOR_BUFFER_BIT);
  glDisable (GL_SCISSOR_TEST);

  surface = melt_offscreen_snapshot (offscreen);
  g_assert_cmpint (cairo_image_surface_get_format (surface), ==, CAIRO_FORMAT_ARGB32);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 64);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 48);
  g_assert_cmphex (pixel (surface, 0, 47), ==, 0xffff0000);
  g_assert_cmphex (pixel (surface, 31, 24), ==, 0xffff0000);
  g_assert_cmphex (pixel (surface, 0, 0), ==, 0xff0000ff);
  g_assert_cmphex (pixel (surface, 63, 47), ==, 0xff0000ff);
  g_assert_cmphex (pixel (surface, 32, 47), ==, 0xff0000ff);
  cairo_surface_destroy (surface);
}

static void
test_two_offscreens (void)
{
  g_autoptr(MeltOffscreen) first = NULL;
  g_autoptr(MeltOffscreen) second = NULL;
  cairo_surface_t *surface;

  if (!(first = melt_test_offscreen_or_skip (8, 8, FALSE)))
    return;
  if (!(second = melt_test_offscreen_or_skip (8, 8, TRUE)))
    return;

  /* Freeing one keeps the shared EGL display alive for the other */
  g_clear_pointer (&second, melt_offscreen_free);
  melt_offscreen_bind (first);
  glClearColor (0.0f, 1.0f, 0.0f, 1.0f);
  glClear (GL_COLOR_BUFFER_BIT);
  surface = melt_offscreen_snapshot (first);
  g_assert_cmphex (pixel (surface, 4, 4), ==, 0xff00ff00);
  cairo_surface_destroy (surface);
}

static void
test_realize (gconstpointer data)
{
  gboolean use_es = GPOINTER_TO_INT (data);
  g_autoptr(MeltOffscreen) offscreen = NULL;
  g_autoptr(MeltRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  const char *description;

  if (!(offscreen = melt_test_offscreen_or_skip (32, 32, use_es)))
    return;

  renderer = melt_renderer_new ();
  g_assert_false (melt_renderer_get_realized (renderer));
  g_assert_null (melt_renderer_get_gl_description (renderer));

  for (guint round = 0; round < 2; round++)
    {
      g_assert_true (melt_renderer_realize (renderer, use_es, &error));
      g_assert_no_error (error);
      g_assert_true (melt_renderer_get_realized (renderer));
      g_assert_cmpint (melt_renderer_get_use_es (renderer), ==, use_es);

      description = melt_renderer_get_gl_description (renderer);
      g_test_message ("%s", description);
      g_assert_true (g_str_has_prefix (description, use_es ? "OpenGL ES" : "OpenGL "));
      g_assert_nonnull (strstr (description, " · "));

      melt_renderer_unrealize (renderer);
      g_assert_false (melt_renderer_get_realized (renderer));
      g_assert_cmpint (glGetError (), ==, GL_NO_ERROR);
    }
}

static cairo_surface_t *
render_once (MeltOffscreen *offscreen,
             MeltRenderer  *renderer,
             MeltCamera    *camera,
             int            width,
             int            height)
{
  melt_offscreen_bind (offscreen);
  melt_renderer_render (renderer, camera, width, height);
  g_assert_cmpint (glGetError (), ==, GL_NO_ERROR);

  return melt_offscreen_snapshot (offscreen);
}

/* A 20 mm cube fitted in each preset: its silhouette is the convex hull of its
 * projected corners, computed here from the camera's matrices. */
static void
test_cube_view (gconstpointer data)
{
  const RenderCase *rc = data;
  g_autoptr(MeltOffscreen) offscreen = NULL;
  g_autoptr(MeltRenderer) renderer = NULL;
  g_autoptr(MeltCamera) camera = NULL;
  g_autoptr(MeltMesh) cube = NULL;
  g_autoptr(GError) error = NULL;
  graphene_matrix_t view, projection;
  cairo_surface_t *surface;
  double corners[8][2], area, perimeter, expected_min[2] = { G_MAXDOUBLE, G_MAXDOUBLE };
  double expected_max[2] = { -G_MAXDOUBLE, -G_MAXDOUBLE };
  float min[3], max[3];
  guint n_corners, count;
  int min_x, min_y, max_x, max_y;

  if (!(offscreen = melt_test_offscreen_or_skip (WIDTH, HEIGHT, rc->use_es)))
    return;

  cube = make_cube (20.0);
  melt_mesh_get_bounds (cube, min, max);

  renderer = melt_renderer_new ();
  melt_renderer_set_show_grid (renderer, FALSE);
  melt_renderer_set_show_axes (renderer, FALSE);
  melt_renderer_set_show_edges (renderer, FALSE);
  g_assert_true (melt_renderer_realize (renderer, rc->use_es, &error));
  g_assert_no_error (error);
  melt_renderer_set_mesh (renderer, cube);

  camera = melt_camera_new ();
  melt_camera_set_viewport_size (camera, WIDTH, HEIGHT);
  melt_camera_set_view (camera, rc->view);
  melt_camera_fit (camera, min, max);

  surface = render_once (offscreen, renderer, camera, WIDTH, HEIGHT);
  melt_renderer_unrealize (renderer);

  if (g_test_verbose ())
    {
      g_autofree char *name = g_strdup_printf ("cube-%s-%s.png", rc->use_es ? "es" : "gl",
                                               melt_view_to_string (rc->view));
      cairo_surface_write_to_png (surface, name);
    }

  melt_camera_get_matrices (camera, WIDTH, HEIGHT, &view, &projection);
  for (guint i = 0; i < 8; i++)
    {
      double p[3] = { i & 1 ? max[0] : min[0], i & 2 ? max[1] : min[1], i & 4 ? max[2] : min[2] };

      project_px (&view, &projection, p, WIDTH, HEIGHT, corners[i]);
      for (guint j = 0; j < 2; j++)
        {
          expected_min[j] = MIN (expected_min[j], corners[i][j]);
          expected_max[j] = MAX (expected_max[j], corners[i][j]);
        }
    }
  area = hull_area (corners, 8, &perimeter, &n_corners);

  count = count_part_pixels (surface, &min_x, &min_y, &max_x, &max_y);
  cairo_surface_destroy (surface);

  g_test_message ("%s: %u pixels, hull %.1f px² with %u corners, bbox %d,%d-%d,%d vs "
                  "%.1f,%.1f-%.1f,%.1f", melt_view_to_string (rc->view), count, area, n_corners,
                  min_x, min_y, max_x, max_y,
                  expected_min[0], expected_min[1], expected_max[0], expected_max[1]);

  /* iso shows a hexagon, the others the square front face */
  g_assert_cmpuint (n_corners, ==, rc->view == MELT_VIEW_ISO ? 6 : 4);

  /* A decent part of the view, yet inside it */
  g_assert_cmpfloat (area, >, 0.08 * WIDTH * HEIGHT);

  /* Pixel count against area: edges are anti-aliased, so allow a band along the outline */
  g_assert_cmpfloat (fabs (count - area), <, 0.01 * area + 0.5 * perimeter);

  /* Silhouette extent within a pixel and a half of the projected box */
  g_assert_cmpfloat (fabs (min_x - expected_min[0]), <, 1.5);
  g_assert_cmpfloat (fabs (max_x + 1 - expected_max[0]), <, 1.5);
  g_assert_cmpfloat (fabs (min_y - expected_min[1]), <, 1.5);
  g_assert_cmpfloat (fabs (max_y + 1 - expected_max[1]), <, 1.5);

  if (rc->view == MELT_VIEW_ISO)
    {
      /* The hexagon fills as much of its bounding box as the projection says; a regular
       * one (orthographic iso) would fill 3/4, perspective makes the top face larger */
      double ratio = count / ((max_x + 1.0 - min_x) * (max_y + 1.0 - min_y));
      double expected = area / ((expected_max[0] - expected_min[0]) *
                                (expected_max[1] - expected_min[1]));

      g_test_message ("hexagon fills %.3f of its box, expected %.3f", ratio, expected);
      g_assert_cmpfloat (fabs (ratio - expected), <, 0.015);
      g_assert_cmpfloat (fabs (ratio - 0.75), <, 0.08);
    }
  else
    {
      /* a square */
      g_assert_cmpint (ABS ((max_x - min_x) - (max_y - min_y)), <=, 2);
    }
}

/* A flat fan of 200 000 triangles around one vertex: its feature edges (the
 * rim) are found in linear time (the renderer once compared every edge at
 * the centre with every other, which took minutes) and outlined. */
static void
test_fan_edges (gconstpointer data)
{
  gboolean use_es = GPOINTER_TO_INT (data);
  const guint n = 200000;
  g_autoptr(MeltOffscreen) offscreen = NULL;
  g_autoptr(MeltRenderer) renderer = NULL;
  g_autoptr(MeltCamera) camera = NULL;
  g_autoptr(MeltMesh) fan = NULL;
  g_autoptr(MeltTestShape) shape = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *with, *without;
  float min[3], max[3];
  guint changed = 0, n_edges = 0;
  gint64 begin, end;

  if (!(offscreen = melt_test_offscreen_or_skip (WIDTH, HEIGHT, use_es)))
    return;

  shape = melt_test_shape_new ();
  melt_test_shape_add_vertex (shape, 0, 0, 0);
  for (guint i = 0; i < n; i++)
    melt_test_shape_add_vertex (shape, 10 * cos (2 * G_PI * i / n), 10 * sin (2 * G_PI * i / n), 0);
  for (guint i = 0; i < n; i++)
    melt_test_shape_add_triangle (shape, 0, 1 + i, 1 + (i + 1) % n);
  fan = mesh_from_shape (shape);
  melt_mesh_get_bounds (fan, min, max);

  renderer = melt_renderer_new ();
  melt_renderer_set_show_grid (renderer, FALSE);
  melt_renderer_set_show_axes (renderer, FALSE);
  g_assert_true (melt_renderer_realize (renderer, use_es, &error));
  g_assert_no_error (error);
  melt_renderer_set_mesh (renderer, fan);

  camera = melt_camera_new ();
  melt_camera_set_viewport_size (camera, WIDTH, HEIGHT);
  melt_camera_set_view (camera, MELT_VIEW_TOP);
  melt_camera_fit (camera, min, max);

  /* the first frame finds the edges (the mesh was not loaded asynchronously) */
  begin = g_get_monotonic_time ();
  with = render_once (offscreen, renderer, camera, WIDTH, HEIGHT);
  end = g_get_monotonic_time ();
  g_test_message ("first frame of a 200 000-triangle fan: %.3f s", (end - begin) / 1e6);

  melt_mesh_get_feature_edges (fan, &n_edges);
  g_assert_cmpuint (n_edges, ==, n);

  melt_renderer_set_show_edges (renderer, FALSE);
  without = render_once (offscreen, renderer, camera, WIDTH, HEIGHT);
  melt_renderer_unrealize (renderer);

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      if (channel_distance (pixel (with, x, y), pixel (without, x, y)) > 20)
        changed++;
  cairo_surface_destroy (with);
  cairo_surface_destroy (without);

  /* the rim is drawn: some pixels, far fewer than the disc has */
  g_test_message ("the rim changes %u pixels", changed);
  g_assert_cmpuint (changed, >, 100);
  g_assert_cmpuint (changed, <, WIDTH * HEIGHT / 4);
}

/* A cube's sharp edges are outlined: seen iso, its six outline edges and the three
 * meeting at the near corner, about one and a half times the hexagon's perimeter. A
 * sphere's facets meet at small angles and get none. */
static void
test_edges (gconstpointer data)
{
  gboolean use_es = GPOINTER_TO_INT (data);
  g_autoptr(MeltOffscreen) offscreen = NULL;
  g_autoptr(MeltRenderer) renderer = NULL;
  g_autoptr(MeltCamera) camera = NULL;
  g_autoptr(MeltMesh) cube = NULL;
  g_autoptr(MeltMesh) sphere = NULL;
  g_autoptr(MeltTestShape) sphere_shape = NULL;
  g_autoptr(GError) error = NULL;
  graphene_matrix_t view, projection;
  cairo_surface_t *with, *without;
  double corners[8][2], perimeter;
  float min[3], max[3];
  guint n_corners, changed = 0;

  if (!(offscreen = melt_test_offscreen_or_skip (WIDTH, HEIGHT, use_es)))
    return;

  cube = make_cube (20.0);
  melt_mesh_get_bounds (cube, min, max);
  renderer = melt_renderer_new ();
  melt_renderer_set_show_grid (renderer, FALSE);
  melt_renderer_set_show_axes (renderer, FALSE);
  g_assert_true (melt_renderer_get_show_edges (renderer));
  g_assert_true (melt_renderer_realize (renderer, use_es, &error));
  g_assert_no_error (error);
  melt_renderer_set_mesh (renderer, cube);

  camera = melt_camera_new ();
  melt_camera_set_viewport_size (camera, WIDTH, HEIGHT);
  melt_camera_fit (camera, min, max);

  with = render_once (offscreen, renderer, camera, WIDTH, HEIGHT);
  melt_renderer_set_show_edges (renderer, FALSE);
  without = render_once (offscreen, renderer, camera, WIDTH, HEIGHT);

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      if (channel_distance (pixel (with, x, y), pixel (without, x, y)) > 20)
        changed++;
  cairo_surface_destroy (with);
  cairo_surface_destroy (without);

  melt_camera_get_matrices (camera, WIDTH, HEIGHT, &view, &projection);
  for (guint i = 0; i < 8; i++)
    {
      double p[3] = { i & 1 ? max[0] : min[0], i & 2 ? max[1] : min[1], i & 4 ? max[2] : min[2] };

      project_px (&view, &projection, p, WIDTH, HEIGHT, corners[i]);
    }
  hull_area (corners, 8, &perimeter, &n_corners);
  g_test_message ("edges change %u pixels, outline %.0f px", changed, perimeter);
  g_assert_cmpfloat (changed, >, 1.1 * perimeter);
  g_assert_cmpfloat (changed, <, 3.0 * perimeter);

  /* a smooth sphere: no edge lines at all */
  sphere_shape = melt_test_shape_sphere (10.0, 48, 24);
  sphere = mesh_from_shape (sphere_shape);
  melt_mesh_get_bounds (sphere, min, max);
  melt_camera_fit (camera, min, max);
  melt_renderer_set_mesh (renderer, sphere);

  melt_renderer_set_show_edges (renderer, TRUE);
  with = render_once (offscreen, renderer, camera, WIDTH, HEIGHT);
  melt_renderer_set_show_edges (renderer, FALSE);
  without = render_once (offscreen, renderer, camera, WIDTH, HEIGHT);
  melt_renderer_unrealize (renderer);

  changed = 0;
  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      if (channel_distance (pixel (with, x, y), pixel (without, x, y)) > 20)
        changed++;
  cairo_surface_destroy (with);
  cairo_surface_destroy (without);
  g_assert_cmpuint (changed, ==, 0);
}

static gboolean
region_has_color (cairo_surface_t *surface,
                  int              x0,
                  int              y0,
                  int              x1,
                  int              y1,
                  guint            channel)
{
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 p = pixel (surface, x, y);
        int c[3] = { (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff };

        if (c[channel] > 150 && c[channel] > c[(channel + 1) % 3] + 60 &&
            c[channel] > c[(channel + 2) % 3] + 60)
          return TRUE;
      }

  return FALSE;
}

/* The whole scene: grid and triad draw, the host's GL state survives, the overlay draws */
static void
test_scene (gconstpointer data)
{
  gboolean use_es = GPOINTER_TO_INT (data);
  g_autoptr(MeltOffscreen) offscreen = NULL;
  g_autoptr(MeltRenderer) renderer = NULL;
  g_autoptr(MeltCamera) camera = NULL;
  g_autoptr(MeltMesh) cube = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *plain, *full, *overlaid;
  cairo_t *cr;
  float min[3], max[3];
  GLint viewport[4], program, blend_src, blend_dst;
  guint changed = 0;
  double step;
  int a, b, c, d;

  if (!(offscreen = melt_test_offscreen_or_skip (WIDTH, HEIGHT, use_es)))
    return;

  cube = make_cube (20.0);
  melt_mesh_get_bounds (cube, min, max);

  renderer = melt_renderer_new ();
  g_assert_true (melt_renderer_get_show_grid (renderer));
  g_assert_true (melt_renderer_get_show_axes (renderer));
  g_assert_true (melt_renderer_realize (renderer, use_es, &error));
  g_assert_no_error (error);
  melt_renderer_set_mesh (renderer, cube);
  g_assert_true (melt_renderer_get_mesh (renderer) == cube);

  camera = melt_camera_new ();
  melt_camera_set_viewport_size (camera, WIDTH, HEIGHT);
  melt_camera_fit (camera, min, max);

  /* Host state that must come back unchanged */
  melt_offscreen_bind (offscreen);
  glEnable (GL_BLEND);
  glBlendFunc (GL_ONE, GL_ONE);
  glViewport (1, 2, 3, 4);
  glDisable (GL_DEPTH_TEST);
  glUseProgram (0);

  melt_renderer_render (renderer, camera, WIDTH, HEIGHT);
  g_assert_cmpint (glGetError (), ==, GL_NO_ERROR);
  glGetIntegerv (GL_VIEWPORT, viewport);
  glGetIntegerv (GL_CURRENT_PROGRAM, &program);
  glGetIntegerv (GL_BLEND_SRC_RGB, &blend_src);
  glGetIntegerv (GL_BLEND_DST_RGB, &blend_dst);
  g_assert_cmpint (viewport[0], ==, 1);
  g_assert_cmpint (viewport[1], ==, 2);
  g_assert_cmpint (viewport[2], ==, 3);
  g_assert_cmpint (viewport[3], ==, 4);
  g_assert_cmpint (program, ==, 0);
  g_assert_true (glIsEnabled (GL_BLEND));
  g_assert_false (glIsEnabled (GL_DEPTH_TEST));
  g_assert_cmpint (blend_src, ==, GL_ONE);
  g_assert_cmpint (blend_dst, ==, GL_ONE);
  glDisable (GL_BLEND);
  glViewport (0, 0, WIDTH, HEIGHT);

  full = render_once (offscreen, renderer, camera, WIDTH, HEIGHT);

  /* The grid step is a 1, 2 or 5 times a power of ten; 2 mm suits a 20 mm cube */
  step = melt_renderer_get_grid_step_mm (renderer);
  g_assert_cmpfloat (step, ==, melt_renderer_compute_grid_step_mm (renderer, camera));
  g_assert_cmpfloat (step, ==, 2.0);

  melt_renderer_set_show_grid (renderer, FALSE);
  melt_renderer_set_show_axes (renderer, FALSE);
  plain = render_once (offscreen, renderer, camera, WIDTH, HEIGHT);
  melt_renderer_unrealize (renderer);

  /* The grid lies around the cube: many pixels change */
  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      if (channel_distance (pixel (full, x, y), pixel (plain, x, y)) > 6)
        changed++;
  g_test_message ("grid and axes change %u pixels", changed);
  g_assert_cmpuint (changed, >, WIDTH * HEIGHT / 20);

  /* The triad: red, green and blue in the bottom-left corner, none without it */
  g_assert_true (region_has_color (full, 0, HEIGHT - 130, 130, HEIGHT, 0));
  g_assert_true (region_has_color (full, 0, HEIGHT - 130, 130, HEIGHT, 1));
  g_assert_true (region_has_color (full, 0, HEIGHT - 130, 130, HEIGHT, 2));
  g_assert_false (region_has_color (plain, 0, HEIGHT - 130, 130, HEIGHT, 2));

  /* The overlay writes the scale in the bottom-right corner */
  overlaid = cairo_surface_create_similar_image (full, CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (overlaid);
  cairo_set_source_surface (cr, full, 0, 0);
  cairo_paint (cr);
  melt_renderer_set_show_grid (renderer, TRUE);
  melt_renderer_set_show_axes (renderer, TRUE);
  melt_renderer_draw_overlay (renderer, cr, camera, WIDTH, HEIGHT);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  changed = 0;
  for (int y = HEIGHT - 50; y < HEIGHT; y++)
    for (int x = WIDTH - 150; x < WIDTH; x++)
      if (channel_distance (pixel (full, x, y), pixel (overlaid, x, y)) > 40)
        changed++;
  g_assert_cmpuint (changed, >, 50);

  if (g_test_verbose ())
    {
      cairo_surface_write_to_png (overlaid, use_es ? "scene-es.png" : "scene-gl.png");
      cairo_surface_write_to_png (plain, use_es ? "plain-es.png" : "plain-gl.png");
    }

  /* The part was left alone by everything else */
  g_assert_cmpuint (count_part_pixels (plain, &a, &b, &c, &d), >, 0);

  cairo_surface_destroy (plain);
  cairo_surface_destroy (full);
  cairo_surface_destroy (overlaid);
}

/* The mesh goes to the GPU at the next render after it changes */
static void
test_mesh_change (gconstpointer data)
{
  gboolean use_es = GPOINTER_TO_INT (data);
  g_autoptr(MeltOffscreen) offscreen = NULL;
  g_autoptr(MeltRenderer) renderer = NULL;
  g_autoptr(MeltCamera) camera = NULL;
  g_autoptr(MeltMesh) small = NULL;
  g_autoptr(MeltMesh) large = NULL;
  g_autoptr(GError) error = NULL;
  const float min[3] = { 0, 0, 0 }, max[3] = { 20, 20, 20 };
  cairo_surface_t *surface;
  guint none, n_small, n_large;
  int a, b, c, d;

  if (!(offscreen = melt_test_offscreen_or_skip (200, 200, use_es)))
    return;

  small = make_cube (10.0);
  large = make_cube (20.0);
  renderer = melt_renderer_new ();
  melt_renderer_set_show_grid (renderer, FALSE);
  melt_renderer_set_show_axes (renderer, FALSE);
  g_assert_true (melt_renderer_realize (renderer, use_es, &error));
  g_assert_no_error (error);

  camera = melt_camera_new ();
  melt_camera_set_viewport_size (camera, 200, 200);
  melt_camera_fit (camera, min, max);

  surface = render_once (offscreen, renderer, camera, 200, 200);
  none = count_part_pixels (surface, &a, &b, &c, &d);
  cairo_surface_destroy (surface);

  melt_renderer_set_mesh (renderer, small);
  surface = render_once (offscreen, renderer, camera, 200, 200);
  n_small = count_part_pixels (surface, &a, &b, &c, &d);
  cairo_surface_destroy (surface);

  melt_renderer_set_mesh (renderer, large);
  surface = render_once (offscreen, renderer, camera, 200, 200);
  n_large = count_part_pixels (surface, &a, &b, &c, &d);
  cairo_surface_destroy (surface);

  melt_renderer_set_mesh (renderer, NULL);
  surface = render_once (offscreen, renderer, camera, 200, 200);
  g_assert_cmpuint (count_part_pixels (surface, &a, &b, &c, &d), ==, 0);
  cairo_surface_destroy (surface);

  melt_renderer_unrealize (renderer);

  g_assert_cmpuint (none, ==, 0);
  g_assert_cmpuint (n_small, >, 500);
  g_assert_cmpuint (n_large, >, 2 * n_small);
}

/* About a million triangles upload and draw */
static void
test_large_mesh (gconstpointer data)
{
  gboolean use_es = GPOINTER_TO_INT (data);
  const guint n = 709;              /* (n-1)^2 * 2 = 1,002,528 triangles */
  g_autoptr(MeltOffscreen) offscreen = NULL;
  g_autoptr(MeltRenderer) renderer = NULL;
  g_autoptr(MeltCamera) camera = NULL;
  g_autoptr(MeltMesh) mesh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *positions = NULL;
  g_autofree guint32 *indices = NULL;
  cairo_surface_t *surface;
  float min[3], max[3];
  guint k = 0;
  int x0, y0, x1, y1;
  gint64 start;

  if (!(offscreen = melt_test_offscreen_or_skip (256, 256, use_es)))
    return;

  /* A wavy sheet over 100 x 100 mm */
  positions = g_new (float, 3 * n * n);
  for (guint j = 0; j < n; j++)
    for (guint i = 0; i < n; i++)
      {
        float *p = positions + 3 * (j * n + i);

        p[0] = 100.0f * i / (n - 1);
        p[1] = 100.0f * j / (n - 1);
        p[2] = 5.0f + 4.0f * sinf (p[0] * 0.2f) * cosf (p[1] * 0.15f);
      }
  indices = g_new (guint32, 6 * (n - 1) * (n - 1));
  for (guint j = 0; j + 1 < n; j++)
    for (guint i = 0; i + 1 < n; i++)
      {
        guint32 v = j * n + i;

        indices[k++] = v;
        indices[k++] = v + 1;
        indices[k++] = v + n + 1;
        indices[k++] = v;
        indices[k++] = v + n + 1;
        indices[k++] = v + n;
      }

  mesh = melt_mesh_new (positions, n * n, indices, k / 3);
  g_assert_nonnull (mesh);
  g_assert_cmpuint (melt_mesh_get_n_triangles (mesh), >=, 1000000);
  melt_mesh_get_bounds (mesh, min, max);

  renderer = melt_renderer_new ();
  melt_renderer_set_show_grid (renderer, FALSE);
  melt_renderer_set_show_axes (renderer, FALSE);
  g_assert_true (melt_renderer_realize (renderer, use_es, &error));
  g_assert_no_error (error);
  melt_renderer_set_mesh (renderer, mesh);

  camera = melt_camera_new ();
  melt_camera_set_viewport_size (camera, 256, 256);
  melt_camera_set_view (camera, MELT_VIEW_TOP);
  melt_camera_fit (camera, min, max);

  start = g_get_monotonic_time ();
  surface = render_once (offscreen, renderer, camera, 256, 256);
  g_test_message ("first frame of %u triangles: %.0f ms", melt_mesh_get_n_triangles (mesh),
                  (g_get_monotonic_time () - start) / 1000.0);
  melt_renderer_unrealize (renderer);

  /* Seen from the top the sheet is a square covering much of the view */
  g_assert_cmpuint (count_part_pixels (surface, &x0, &y0, &x1, &y1), >, 256 * 256 / 4);
  g_assert_cmpint (ABS ((x1 - x0) - (y1 - y0)), <=, 3);
  cairo_surface_destroy (surface);
}

/* fontconfig 2.14 loses a pattern while it parses its configuration (inside
 * FcInitLoadConfigAndFonts), the first time Cairo draws text. Load it here with leak
 * checking paused so that the check at exit is about our code, without a suppression. */
static void
warm_up_fonts (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
  cairo_t *cr = cairo_create (surface);

#if defined(__SANITIZE_ADDRESS__)
  __lsan_disable ();
#endif
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_show_text (cr, "0");
#if defined(__SANITIZE_ADDRESS__)
  __lsan_enable ();
#endif

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int    argc,
      char **argv)
{
  static const char *api_names[2] = { "gl", "es" };
  static RenderCase cases[2][4];
  int status;

  g_test_init (&argc, &argv, NULL);
  warm_up_fonts ();

  g_test_add_func ("/render/offscreen/two", test_two_offscreens);

  for (guint api = 0; api < 2; api++)
    {
      g_autofree char *clear = g_strdup_printf ("/render/offscreen/%s/clear", api_names[api]);
      g_autofree char *realize = g_strdup_printf ("/render/renderer/%s/realize", api_names[api]);
      g_autofree char *scene = g_strdup_printf ("/render/renderer/%s/scene", api_names[api]);
      g_autofree char *change = g_strdup_printf ("/render/renderer/%s/mesh-change", api_names[api]);
      g_autofree char *large = g_strdup_printf ("/render/renderer/%s/large-mesh", api_names[api]);
      g_autofree char *edges = g_strdup_printf ("/render/renderer/%s/edges", api_names[api]);
      g_autofree char *fan_edges = g_strdup_printf ("/render/renderer/%s/fan-edges", api_names[api]);

      g_test_add_data_func (clear, GINT_TO_POINTER (api), test_offscreen_clear);
      g_test_add_data_func (realize, GINT_TO_POINTER (api), test_realize);
      g_test_add_data_func (scene, GINT_TO_POINTER (api), test_scene);
      g_test_add_data_func (change, GINT_TO_POINTER (api), test_mesh_change);
      g_test_add_data_func (large, GINT_TO_POINTER (api), test_large_mesh);
      g_test_add_data_func (edges, GINT_TO_POINTER (api), test_edges);
      g_test_add_data_func (fan_edges, GINT_TO_POINTER (api), test_fan_edges);

      for (MeltView view = MELT_VIEW_ISO; view <= MELT_VIEW_SIDE; view++)
        {
          g_autofree char *path = g_strdup_printf ("/render/cube/%s/%s", api_names[api],
                                                   melt_view_to_string (view));

          cases[api][view].use_es = api == 1;
          cases[api][view].view = view;
          g_test_add_data_func (path, &cases[api][view], test_cube_view);
        }
    }

  status = g_test_run ();

  /* Cairo keeps the overlay's fonts in static caches; release them for leak checkers */
  cairo_debug_reset_static_data ();

  return status;
}
