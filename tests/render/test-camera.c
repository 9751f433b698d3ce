/* test-camera.c: MeltCamera's views, fitting, zooming and panning
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "melt-camera.h"

/* p * view * projection, done here from the float arrays GL receives */
static gboolean
project (const graphene_matrix_t *view,
         const graphene_matrix_t *projection,
         const double             p[3],
         int                      width,
         int                      height,
         double                   ndc[3],
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

  if (c[3] <= 0.0)
    return FALSE;

  for (guint j = 0; j < 3; j++)
    ndc[j] = c[j] / c[3];

  if (px != NULL)
    {
      px[0] = (0.5 + 0.5 * ndc[0]) * width;
      px[1] = (0.5 - 0.5 * ndc[1]) * height;
    }

  return TRUE;
}

static void
assert_vec3 (const graphene_vec3_t *v,
             double                 x,
             double                 y,
             double                 z)
{
  g_assert_cmpfloat_with_epsilon (graphene_vec3_get_x (v), x, 1e-5);
  g_assert_cmpfloat_with_epsilon (graphene_vec3_get_y (v), y, 1e-5);
  g_assert_cmpfloat_with_epsilon (graphene_vec3_get_z (v), z, 1e-5);
}

static void
test_view_strings (void)
{
  static const MeltView views[] = { MELT_VIEW_ISO, MELT_VIEW_TOP, MELT_VIEW_FRONT, MELT_VIEW_SIDE };
  MeltView view;

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      const char *name = melt_view_to_string (views[i]);

      g_assert_nonnull (name);
      g_assert_true (melt_view_from_string (name, &view));
      g_assert_cmpint (view, ==, views[i]);
    }

  g_assert_cmpstr (melt_view_to_string (MELT_VIEW_ISO), ==, "iso");
  g_assert_cmpstr (melt_view_to_string (MELT_VIEW_TOP), ==, "top");
  g_assert_cmpstr (melt_view_to_string (MELT_VIEW_FRONT), ==, "front");
  g_assert_cmpstr (melt_view_to_string (MELT_VIEW_SIDE), ==, "side");

  g_assert_true (melt_view_from_string ("TOP", &view));
  g_assert_cmpint (view, ==, MELT_VIEW_TOP);

  view = MELT_VIEW_FRONT;
  g_assert_false (melt_view_from_string ("bottom", &view));
  g_assert_false (melt_view_from_string ("", &view));
  g_assert_false (melt_view_from_string (NULL, &view));
  g_assert_cmpint (view, ==, MELT_VIEW_FRONT);
}

/* Where a small step along a world axis from the target goes on screen */
static void
screen_direction (MeltCamera *camera,
                  double      dx,
                  double      dy,
                  double      dz,
                  double     *sx,
                  double     *sy)
{
  graphene_matrix_t view, projection;
  graphene_vec3_t target;
  double t[3], p[3], ndc[3], a[2], b[2];

  melt_camera_get_matrices (camera, 800, 800, &view, &projection);
  melt_camera_get_target (camera, &target);
  t[0] = graphene_vec3_get_x (&target);
  t[1] = graphene_vec3_get_y (&target);
  t[2] = graphene_vec3_get_z (&target);
  p[0] = t[0] + dx;
  p[1] = t[1] + dy;
  p[2] = t[2] + dz;

  g_assert_true (project (&view, &projection, t, 800, 800, ndc, a));
  g_assert_true (project (&view, &projection, p, 800, 800, ndc, b));

  /* screen x to the right, screen y upwards */
  *sx = b[0] - a[0];
  *sy = a[1] - b[1];
}

static void
test_presets (void)
{
  g_autoptr(MeltCamera) camera = melt_camera_new ();
  graphene_vec3_t right, up, forward, eye, target;
  double sx, sy;

  /* top: looking down -Z, X right, Y up */
  melt_camera_set_view (camera, MELT_VIEW_TOP);
  melt_camera_get_axes (camera, &right, &up, &forward);
  assert_vec3 (&forward, 0, 0, -1);
  assert_vec3 (&right, 1, 0, 0);
  assert_vec3 (&up, 0, 1, 0);
  screen_direction (camera, 1, 0, 0, &sx, &sy);
  g_assert_cmpfloat (sx, >, 1.0);
  g_assert_cmpfloat (fabs (sy), <, 1e-3);
  screen_direction (camera, 0, 1, 0, &sx, &sy);
  g_assert_cmpfloat (sy, >, 1.0);
  g_assert_cmpfloat (fabs (sx), <, 1e-3);

  /* front: looking along +Y, X right, Z up */
  melt_camera_set_view (camera, MELT_VIEW_FRONT);
  melt_camera_get_axes (camera, &right, &up, &forward);
  assert_vec3 (&forward, 0, 1, 0);
  assert_vec3 (&right, 1, 0, 0);
  assert_vec3 (&up, 0, 0, 1);
  screen_direction (camera, 1, 0, 0, &sx, &sy);
  g_assert_cmpfloat (sx, >, 1.0);
  screen_direction (camera, 0, 0, 1, &sx, &sy);
  g_assert_cmpfloat (sy, >, 1.0);
  g_assert_cmpfloat (fabs (sx), <, 1e-3);

  /* side: looking along -X from +X, Y right, Z up */
  melt_camera_set_view (camera, MELT_VIEW_SIDE);
  melt_camera_get_axes (camera, &right, &up, &forward);
  assert_vec3 (&forward, -1, 0, 0);
  assert_vec3 (&right, 0, 1, 0);
  assert_vec3 (&up, 0, 0, 1);
  melt_camera_get_eye (camera, &eye);
  melt_camera_get_target (camera, &target);
  g_assert_cmpfloat (graphene_vec3_get_x (&eye), >, graphene_vec3_get_x (&target));
  screen_direction (camera, 0, 1, 0, &sx, &sy);
  g_assert_cmpfloat (sx, >, 1.0);
  g_assert_cmpfloat (fabs (sy), <, 1e-3);

  /* iso: from the +X, -Y, +Z quadrant, equally from each axis, Z up on screen */
  melt_camera_set_view (camera, MELT_VIEW_ISO);
  melt_camera_get_axes (camera, &right, &up, &forward);
  assert_vec3 (&forward, -1 / sqrt (3), 1 / sqrt (3), -1 / sqrt (3));
  melt_camera_get_eye (camera, &eye);
  melt_camera_get_target (camera, &target);
  g_assert_cmpfloat (graphene_vec3_get_x (&eye), >, graphene_vec3_get_x (&target));
  g_assert_cmpfloat (graphene_vec3_get_y (&eye), <, graphene_vec3_get_y (&target));
  g_assert_cmpfloat (graphene_vec3_get_z (&eye), >, graphene_vec3_get_z (&target));
  screen_direction (camera, 0, 0, 1, &sx, &sy);
  g_assert_cmpfloat (sy, >, 1.0);
  g_assert_cmpfloat (fabs (sx), <, 1e-3);
  /* X goes right and down, Y right and up, like a CAD iso */
  screen_direction (camera, 1, 0, 0, &sx, &sy);
  g_assert_cmpfloat (sx, >, 0.5);
  g_assert_cmpfloat (sy, <, -0.1);
  screen_direction (camera, 0, 1, 0, &sx, &sy);
  g_assert_cmpfloat (sx, >, 0.5);
  g_assert_cmpfloat (sy, >, 0.1);
}

/* The camera's own projection agrees with its matrices */
static void
test_project_matches_matrices (void)
{
  g_autoptr(MeltCamera) camera = melt_camera_new ();
  const float min[3] = { -5, 3, 0 }, max[3] = { 40, 17, 12 };
  graphene_matrix_t view, projection;

  melt_camera_fit (camera, min, max);
  melt_camera_orbit (camera, 37, -12);
  melt_camera_get_matrices (camera, 640, 360, &view, &projection);

  for (guint i = 0; i < 8; i++)
    {
      float corner[3] = {
        i & 1 ? max[0] : min[0],
        i & 2 ? max[1] : min[1],
        i & 4 ? max[2] : min[2],
      };
      double p[3] = { corner[0], corner[1], corner[2] };
      double ndc[3], px[2], x, y;

      g_assert_true (project (&view, &projection, p, 640, 360, ndc, px));
      g_assert_true (melt_camera_project (camera, corner, 640, 360, &x, &y));
      g_assert_cmpfloat_with_epsilon (x, px[0], 1e-3);
      g_assert_cmpfloat_with_epsilon (y, px[1], 1e-3);
    }
}

static void
test_fit (void)
{
  static const int sizes[][2] = {
    { 800, 600 }, { 600, 800 }, { 500, 500 }, { 1920, 400 }, { 300, 1200 },
  };
  static const float boxes[][6] = {
    { 0, 0, 0, 20, 20, 20 },
    { -100, -50, 0, 100, 50, 2 },
    { 0, 0, 0, 10, 10, 300 },
    { 1000, 1000, 0, 1010, 1030, 5 },
    { 0, 0, 0, 0.01f, 0.01f, 0.01f },
    { -5000, -5000, 0, 5000, 5000, 10000 },
  };
  static const MeltView views[] = { MELT_VIEW_ISO, MELT_VIEW_TOP, MELT_VIEW_FRONT, MELT_VIEW_SIDE };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint b = 0; b < G_N_ELEMENTS (boxes); b++)
      for (guint v = 0; v < G_N_ELEMENTS (views) + 1; v++)
        {
          g_autoptr(MeltCamera) camera = melt_camera_new ();
          graphene_matrix_t view, projection;
          int w = sizes[s][0], h = sizes[s][1];
          double reach = 0.0;

          melt_camera_set_viewport_size (camera, w, h);
          if (v < G_N_ELEMENTS (views))
            melt_camera_set_view (camera, views[v]);
          else
            melt_camera_orbit (camera, 123, 45);
          melt_camera_fit (camera, boxes[b], boxes[b] + 3);
          melt_camera_get_matrices (camera, w, h, &view, &projection);

          for (guint i = 0; i < 8; i++)
            {
              const float *box = boxes[b];
              double p[3] = {
                i & 1 ? box[3] : box[0],
                i & 2 ? box[4] : box[1],
                i & 4 ? box[5] : box[2],
              };
              double ndc[3];

              g_assert_true (project (&view, &projection, p, w, h, ndc, NULL));
              /* inside the viewport with a margin, and between the clip planes */
              g_assert_cmpfloat (fabs (ndc[0]), <, 0.97);
              g_assert_cmpfloat (fabs (ndc[1]), <, 0.97);
              g_assert_cmpfloat (fabs (ndc[2]), <, 1.0);
              reach = MAX (reach, MAX (fabs (ndc[0]), fabs (ndc[1])));
            }

          /* and not lost in the middle either: cubes fill the view well, flat or
           * slender boxes seen end-on less so, since fitting uses the bounding sphere */
          if (b == 0 || b == 4 || b == 5)
            g_assert_cmpfloat (reach, >, 0.5);
          else
            g_assert_cmpfloat (reach, >, 0.02);
        }
}

/* The point of the target plane under the pointer */
static void
point_under (MeltCamera *camera,
             double      x,
             double      y,
             int         w,
             int         h,
             double      point[3])
{
  graphene_vec3_t origin, direction, forward, target;
  double t, along_ray, along_target;

  melt_camera_get_ray (camera, x, y, w, h, &origin, &direction);
  melt_camera_get_axes (camera, NULL, NULL, &forward);
  melt_camera_get_target (camera, &target);

  along_target = melt_camera_get_distance (camera);
  along_ray = graphene_vec3_dot (&direction, &forward);
  t = along_target / along_ray;

  point[0] = graphene_vec3_get_x (&origin) + t * graphene_vec3_get_x (&direction);
  point[1] = graphene_vec3_get_y (&origin) + t * graphene_vec3_get_y (&direction);
  point[2] = graphene_vec3_get_z (&origin) + t * graphene_vec3_get_z (&direction);
}

static void
test_zoom_at (void)
{
  static const double cursors[][2] = { { 400, 300 }, { 10, 20 }, { 790, 590 }, { 123, 456 } };
  static const double factors[] = { 1.25, 0.8, 3.0, 0.1 };
  const float min[3] = { 0, 0, 0 }, max[3] = { 50, 30, 20 };

  for (guint c = 0; c < G_N_ELEMENTS (cursors); c++)
    for (guint f = 0; f < G_N_ELEMENTS (factors); f++)
      {
        g_autoptr(MeltCamera) camera = melt_camera_new ();
        graphene_matrix_t view, projection;
        double point[3], ndc[3], px[2], before;

        melt_camera_set_viewport_size (camera, 800, 600);
        melt_camera_fit (camera, min, max);
        melt_camera_orbit (camera, 20.0 * c, 10.0 * f);
        point_under (camera, cursors[c][0], cursors[c][1], 800, 600, point);
        before = melt_camera_get_distance (camera);

        melt_camera_zoom_at (camera, factors[f], cursors[c][0], cursors[c][1], 800, 600);

        g_assert_cmpfloat_with_epsilon (melt_camera_get_distance (camera), before / factors[f],
                                        1e-9 * before);
        melt_camera_get_matrices (camera, 800, 600, &view, &projection);
        g_assert_true (project (&view, &projection, point, 800, 600, ndc, px));
        g_assert_cmpfloat_with_epsilon (px[0], cursors[c][0], 1e-2);
        g_assert_cmpfloat_with_epsilon (px[1], cursors[c][1], 1e-2);
      }
}

static void
test_pan (void)
{
  g_autoptr(MeltCamera) camera = melt_camera_new ();
  const float min[3] = { 0, 0, 0 }, max[3] = { 50, 30, 20 };
  graphene_matrix_t view, projection;
  double point[3], ndc[3], px[2];

  melt_camera_set_viewport_size (camera, 640, 480);
  melt_camera_fit (camera, min, max);
  melt_camera_orbit (camera, 30, -15);
  point_under (camera, 320, 240, 640, 480, point);

  /* the point at the target's depth follows the pointer */
  melt_camera_pan (camera, 37, -21, 640, 480);
  melt_camera_get_matrices (camera, 640, 480, &view, &projection);
  g_assert_true (project (&view, &projection, point, 640, 480, ndc, px));
  g_assert_cmpfloat_with_epsilon (px[0], 320 + 37, 1e-2);
  g_assert_cmpfloat_with_epsilon (px[1], 240 - 21, 1e-2);
}

static void
count_changes (MeltCamera *camera,
               guint      *changes)
{
  g_assert_true (MELT_IS_CAMERA (camera));
  (*changes)++;
}

static void
test_orbit (void)
{
  g_autoptr(MeltCamera) camera = melt_camera_new ();
  graphene_vec3_t forward, eye_before, eye_after, target;
  guint changes = 0;

  g_signal_connect (camera, "changed", G_CALLBACK (count_changes), &changes);

  /* orbiting keeps the distance to the target */
  melt_camera_get_eye (camera, &eye_before);
  melt_camera_orbit (camera, 100, 0);
  melt_camera_get_eye (camera, &eye_after);
  melt_camera_get_target (camera, &target);
  graphene_vec3_subtract (&eye_before, &target, &eye_before);
  graphene_vec3_subtract (&eye_after, &target, &eye_after);
  g_assert_cmpfloat_with_epsilon (graphene_vec3_length (&eye_before),
                                  graphene_vec3_length (&eye_after), 1e-3);
  g_assert_cmpfloat_with_epsilon (graphene_vec3_get_z (&eye_before),
                                  graphene_vec3_get_z (&eye_after), 1e-3);
  g_assert_cmpuint (changes, ==, 1);

  /* dragging down far looks straight down, never over the top */
  melt_camera_orbit (camera, 0, 10000);
  melt_camera_get_axes (camera, NULL, NULL, &forward);
  assert_vec3 (&forward, 0, 0, -1);
  melt_camera_orbit (camera, 0, -20000);
  melt_camera_get_axes (camera, NULL, NULL, &forward);
  assert_vec3 (&forward, 0, 0, 1);
  g_assert_cmpuint (changes, ==, 3);
}

/* Clip planes follow the distance: tiny and huge parts are neither clipped nor flat */
static void
test_clip_planes (void)
{
  static const double sizes[] = { 0.001, 1, 1000, 100000 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(MeltCamera) camera = melt_camera_new ();
      float min[3] = { 0, 0, 0 }, max[3] = { sizes[i], sizes[i], sizes[i] };
      graphene_matrix_t view, projection;
      double near_point[3] = { sizes[i], 0, sizes[i] };
      double far_point[3] = { 0, sizes[i], 0 };
      double n[3], f[3];

      melt_camera_fit (camera, min, max);
      melt_camera_get_matrices (camera, 400, 400, &view, &projection);
      g_assert_true (project (&view, &projection, near_point, 400, 400, n, NULL));
      g_assert_true (project (&view, &projection, far_point, 400, 400, f, NULL));
      g_assert_cmpfloat (n[2], >, -1.0);
      g_assert_cmpfloat (f[2], <, 1.0);
      /* depth still tells the near corner from the far one */
      g_assert_cmpfloat (f[2] - n[2], >, 1e-4);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/camera/view-strings", test_view_strings);
  g_test_add_func ("/render/camera/presets", test_presets);
  g_test_add_func ("/render/camera/project", test_project_matches_matrices);
  g_test_add_func ("/render/camera/fit", test_fit);
  g_test_add_func ("/render/camera/zoom-at", test_zoom_at);
  g_test_add_func ("/render/camera/pan", test_pan);
  g_test_add_func ("/render/camera/orbit", test_orbit);
  g_test_add_func ("/render/camera/clip-planes", test_clip_planes);

  return g_test_run ();
}
