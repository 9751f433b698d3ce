/* test-path-render.c: toolpaths drawn headless through EGL: memory per
 * segment, what is drawn for a layer range, picking, and a golden image
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The golden image is tests/render/golden/path-layers-clip.png. After a
 * deliberate change of the look, write it again with
 *   MELTLINE_UPDATE_GOLDEN=1 build/tests/render/test-path-render -p /render/path/golden/gl
 * and look at it before committing it.
 */

#include "config.h"

#include <epoxy/gl.h>
#include <math.h>
#include <string.h>

#include "melt-camera.h"
#include "melt-offscreen.h"
#include "melt-path-attribute.h"
#include "melt-renderer.h"
#include "melt-test-render.h"

#define BEAD_W 2.0f
#define BEAD_H 1.0f

/* Builds a toolpath move by move */
typedef struct
{
  MeltToolpath *toolpath;
  float at[3];
  double time;
  guint layer;
  guint bead;
} Builder;

static void
move (Builder         *b,
      MeltSegmentKind  kind,
      float            x,
      float            y,
      float            z)
{
  MeltSegment s = { 0 };
  double length;

  memcpy (s.start, b->at, sizeof s.start);
  s.end[0] = x;
  s.end[1] = y;
  s.end[2] = z;
  s.kind = kind;
  s.layer = b->layer;
  s.bead = melt_segment_kind_deposits (kind) ? b->bead : G_MAXUINT32;
  s.speed_mm_s = kind == MELT_SEGMENT_TRAVEL ? 50.0f : 5.0f + b->layer;
  s.power_w = melt_segment_kind_deposits (kind) ? 1000.0f : 0.0f;
  s.wire_feed_mm_s = melt_segment_kind_deposits (kind) ? 20.0f : 0.0f;
  s.width_mm = melt_segment_kind_deposits (kind) ? BEAD_W : 0.0f;
  s.height_mm = melt_segment_kind_deposits (kind) ? BEAD_H : 0.0f;
  s.area_mm2 = s.width_mm * s.height_mm * 0.8f;
  length = sqrt ((x - b->at[0]) * (x - b->at[0]) + (y - b->at[1]) * (y - b->at[1]) +
                 (z - b->at[2]) * (z - b->at[2]));
  s.start_time_s = b->time;
  s.duration_s = length / s.speed_mm_s;
  s.source_line = MELT_SEGMENT_NO_LINE;
  melt_toolpath_append (b->toolpath, &s);
  b->time += s.duration_s;
  b->at[0] = x;
  b->at[1] = y;
  b->at[2] = z;
}

/* A square ring of side @side centred on (0, 0), from its corner (−side/2, −side/2) */
static void
ring (Builder *b,
      float    side,
      float    z)
{
  float h = side / 2;

  move (b, MELT_SEGMENT_TRAVEL, -h, -h, z);
  move (b, MELT_SEGMENT_PERIMETER, h, -h, z);
  move (b, MELT_SEGMENT_PERIMETER, h, h, z);
  move (b, MELT_SEGMENT_PERIMETER, -h, h, z);
  move (b, MELT_SEGMENT_PERIMETER, -h, -h, z);
  b->bead++;
}

/* A small plan: @n_layers layers of two square perimeters and a zigzag
 * fill, layer heights BEAD_H, centred on the origin */
static MeltToolpath *
small_plan (guint n_layers)
{
  Builder b = { melt_toolpath_new (), { 0, 0, BEAD_H / 2 }, 0, 0, 0 };

  for (guint layer = 0; layer < n_layers; layer++)
    {
      float z = BEAD_H * (layer + 0.5f);

      b.layer = layer;
      ring (&b, 30.0f, z);
      ring (&b, 30.0f - 2 * BEAD_W, z);
      move (&b, MELT_SEGMENT_TRAVEL, -11.0f, -11.0f, z);
      for (int row = 0; row < 12; row++)
        {
          float y = -11.0f + 2.0f * row;

          move (&b, MELT_SEGMENT_FILL, row % 2 == 0 ? 11.0f : -11.0f, y, z);
          if (row < 11)
            move (&b, MELT_SEGMENT_FILL, row % 2 == 0 ? 11.0f : -11.0f, y + 2.0f, z);
        }
      b.bead++;
      move (&b, MELT_SEGMENT_DWELL, b.at[0], b.at[1], b.at[2]);
    }
  return b.toolpath;
}

/* A long straight bead of @n segments along X, at y = 0, z = BEAD_H / 2 */
static MeltToolpath *
straight_bead (guint n,
               float length)
{
  Builder b = { melt_toolpath_new (), { -length / 2, 0, BEAD_H / 2 }, 0, 0, 0 };

  for (guint i = 1; i <= n; i++)
    move (&b, MELT_SEGMENT_FILL, -length / 2 + length * i / n, 0.0f, BEAD_H / 2);
  return b.toolpath;
}

typedef struct
{
  MeltOffscreen *offscreen;
  MeltRenderer *renderer;
  MeltCamera *camera;
  int width, height;
} Scene;

static gboolean
scene_init (Scene        *scene,
            MeltToolpath *toolpath,
            MeltView      view,
            int           width,
            int           height,
            gboolean      use_es)
{
  g_autoptr(GError) error = NULL;
  float min[3], max[3];

  memset (scene, 0, sizeof *scene);
  scene->offscreen = melt_test_offscreen_or_skip (width, height, use_es);
  if (scene->offscreen == NULL)
    return FALSE;
  scene->width = width;
  scene->height = height;
  scene->renderer = melt_renderer_new ();
  melt_renderer_set_show_axes (scene->renderer, FALSE);
  melt_offscreen_bind (scene->offscreen);
  g_assert_true (melt_renderer_realize (scene->renderer, melt_offscreen_get_use_es (scene->offscreen), &error));
  g_assert_no_error (error);
  melt_path_renderer_set_toolpath (melt_renderer_get_paths (scene->renderer), toolpath, FALSE);
  g_assert_true (melt_renderer_get_scene_bounds (scene->renderer, min, max));
  scene->camera = melt_camera_new ();
  melt_camera_set_viewport_size (scene->camera, width, height);
  melt_camera_set_view (scene->camera, view);
  melt_camera_fit (scene->camera, min, max);
  return TRUE;
}

static void
scene_render (Scene *scene)
{
  melt_offscreen_bind (scene->offscreen);
  melt_renderer_render (scene->renderer, scene->camera, scene->width, scene->height);
  g_assert_cmpint (glGetError (), ==, GL_NO_ERROR);
}

static void
scene_clear (Scene *scene)
{
  if (scene->renderer != NULL)
    {
      melt_offscreen_bind (scene->offscreen);
      melt_renderer_unrealize (scene->renderer);
    }
  g_clear_object (&scene->renderer);
  g_clear_object (&scene->camera);
  g_clear_pointer (&scene->offscreen, melt_offscreen_free);
}

/* The buffer layout's size, and what a large toolpath really takes */
static void
test_bytes_per_segment (void)
{
  g_autoptr(MeltToolpath) toolpath = straight_bead (500000, 400.0f);
  guint n = melt_toolpath_get_n_segments (toolpath);
  MeltPathRenderer *paths;
  Scene scene;
  double gpu, cpu;

  g_assert_cmpuint (sizeof (MeltPathGpuVertex), ==, 12);
  g_assert_cmpuint (sizeof (MeltPathGpuAttributes), ==, 8);
  g_assert_cmpuint (sizeof (MeltPathGpuInstance), ==, 4);
  g_assert_cmpuint (sizeof (MeltPathGpuRun), ==, 8);
  g_assert_cmpuint (MELT_PATH_GPU_BYTES_PER_SEGMENT, <=, 32);

  if (!scene_init (&scene, toolpath, MELT_VIEW_ISO, 320, 200, FALSE))
    return;
  scene_render (&scene);
  paths = melt_renderer_get_paths (scene.renderer);
  gpu = (double) melt_path_renderer_get_gpu_bytes (paths) / n;
  cpu = (double) melt_path_renderer_get_cpu_bytes (paths) / n;
  g_test_message ("%u segments: %.2f B of GPU memory and %.2f B of CPU memory per segment", n, gpu, cpu);
  g_assert_cmpfloat (gpu, >, 12.0);
  g_assert_cmpfloat (gpu, <=, 32.0);
  g_assert_cmpfloat (cpu, <=, 48.0);
  scene_clear (&scene);
}

/* Deposit segments and travel moves of layers first … last, independently
 * of the renderer, up to segment @limit (inclusive) */
static guint
count_drawable (MeltToolpath *toolpath,
                guint         first,
                guint         last,
                guint         limit)
{
  guint n = melt_toolpath_get_n_segments (toolpath), count = 0;

  for (guint i = 0; i < n && i <= limit; i++)
    {
      MeltSegment s;

      melt_toolpath_get_segment (toolpath, i, &s);
      if (s.layer >= first && s.layer <= last && s.kind != MELT_SEGMENT_DWELL)
        count++;
    }
  return count;
}

static void
test_layer_range (void)
{
  g_autoptr(MeltToolpath) toolpath = small_plan (6);
  MeltPathRenderer *paths;
  Scene scene;
  guint first, last;

  if (!scene_init (&scene, toolpath, MELT_VIEW_ISO, 320, 200, FALSE))
    return;
  paths = melt_renderer_get_paths (scene.renderer);
  melt_path_renderer_set_detail (paths, MELT_PATH_DETAIL_FULL);

  scene_render (&scene);
  g_assert_cmpuint (melt_path_renderer_get_n_drawn (paths), ==, count_drawable (toolpath, 0, 5, G_MAXUINT));
  /* automatic detail: a 2 mm bead of a 30 mm part on 320 × 200 pixels is wide enough */
  melt_path_renderer_set_detail (paths, MELT_PATH_DETAIL_AUTO);
  scene_render (&scene);
  g_assert_false (melt_path_renderer_get_last_coarse (paths));
  melt_path_renderer_set_detail (paths, MELT_PATH_DETAIL_FULL);

  melt_path_renderer_set_layer_range (paths, 2, 3);
  melt_path_renderer_get_layer_range (paths, &first, &last);
  g_assert_cmpuint (first, ==, 2);
  g_assert_cmpuint (last, ==, 3);
  scene_render (&scene);
  g_assert_cmpuint (melt_path_renderer_get_n_drawn (paths), ==, count_drawable (toolpath, 2, 3, G_MAXUINT));

  /* the move limit cuts the top layer */
  {
    guint n = melt_toolpath_get_n_segments (toolpath);
    const guint32 *layers = melt_toolpath_get_layers (toolpath);
    guint limit = 0;

    for (guint i = 0; i < n; i++)
      if (layers[i] == 3)
        {
          limit = i + 9;
          break;
        }
    melt_path_renderer_set_segment_end (paths, limit + 1);
    scene_render (&scene);
    g_assert_cmpuint (melt_path_renderer_get_n_drawn (paths), ==, count_drawable (toolpath, 2, 3, limit));
    /* none at all */
    melt_path_renderer_set_segment_end (paths, 0);
    scene_render (&scene);
    g_assert_cmpuint (melt_path_renderer_get_n_drawn (paths), ==, 0);
    melt_path_renderer_set_segment_end (paths, MELT_PATH_NO_SEGMENT);
  }

  /* hiding travel */
  melt_path_renderer_set_kind_visible (paths, MELT_SEGMENT_TRAVEL, FALSE);
  scene_render (&scene);
  g_assert_cmpuint (melt_path_renderer_get_n_drawn (paths), ==,
                    count_drawable (toolpath, 2, 3, G_MAXUINT) - 2 * 3);

  /* the range is clamped to the layers there are */
  melt_path_renderer_set_layer_range (paths, 9, 99);
  melt_path_renderer_get_layer_range (paths, &first, &last);
  g_assert_cmpuint (first, ==, 5);
  g_assert_cmpuint (last, ==, 5);

  scene_clear (&scene);
}

/* The pixel where a world point lands, from the camera's own projection */
static void
project (Scene       *scene,
         const float  world[3],
         int         *x,
         int         *y)
{
  double sx, sy;

  g_assert_true (melt_camera_project (scene->camera, world, scene->width, scene->height, &sx, &sy));
  *x = (int) floor (sx);
  *y = (int) floor (sy);
}

static void
test_pick (gconstpointer data)
{
  gboolean use_es = GPOINTER_TO_INT (data);
  g_autoptr(MeltToolpath) toolpath = small_plan (3);
  MeltPathRenderer *paths;
  graphene_matrix_t view, projection;
  guint n = melt_toolpath_get_n_segments (toolpath), checked = 0;
  Scene scene;

  if (!scene_init (&scene, toolpath, MELT_VIEW_TOP, 400, 400, use_es))
    return;
  paths = melt_renderer_get_paths (scene.renderer);
  scene_render (&scene);
  melt_camera_get_matrices (scene.camera, scene.width, scene.height, &view, &projection);

  /* the middle of every bead of the top layer (seen from above) */
  for (guint i = 0; i < n; i++)
    {
      MeltSegment s;
      float mid[3];
      int x, y;

      melt_toolpath_get_segment (toolpath, i, &s);
      if (s.layer != 2 || !melt_segment_kind_deposits (s.kind))
        continue;
      mid[0] = (s.start[0] + s.end[0]) / 2;
      mid[1] = (s.start[1] + s.end[1]) / 2;
      mid[2] = s.start[2] + BEAD_H / 2;
      project (&scene, mid, &x, &y);
      g_assert_cmpuint (melt_path_renderer_pick (paths, &view, &projection, scene.width, scene.height, x, y),
                        ==, i);
      checked++;
    }
  g_assert_cmpuint (checked, ==, 8 + 23);

  /* nothing at a corner of the image, nor outside it */
  g_assert_cmpuint (melt_path_renderer_pick (paths, &view, &projection, scene.width, scene.height, 2, 2),
                    ==, MELT_PATH_NO_SEGMENT);
  g_assert_cmpuint (melt_path_renderer_pick (paths, &view, &projection, scene.width, scene.height, -1, 5),
                    ==, MELT_PATH_NO_SEGMENT);

  /* layers out of range are not picked: the layer below shows */
  melt_path_renderer_set_layer_range (paths, 0, 1);
  {
    MeltSegment s;
    float mid[3];
    guint got;
    int x, y;

    melt_toolpath_get_segment (toolpath, 1, &s);
    mid[0] = (s.start[0] + s.end[0]) / 2;
    mid[1] = (s.start[1] + s.end[1]) / 2;
    mid[2] = s.start[2] + BEAD_H / 2;
    project (&scene, mid, &x, &y);
    got = melt_path_renderer_pick (paths, &view, &projection, scene.width, scene.height, x, y);
    g_assert_cmpuint (got, !=, MELT_PATH_NO_SEGMENT);
    g_assert_cmpuint (melt_toolpath_get_layers (toolpath)[got], ==, 1);
  }

  scene_clear (&scene);
}

/* A toolpath with a jump (a segment that does not start where the one
 * before ended) draws and picks the segments after it */
static void
test_gap (void)
{
  g_autoptr(MeltToolpath) toolpath = melt_toolpath_new ();
  Builder b = { toolpath, { -20, 0, 0.5f }, 0, 0, 0 };
  MeltPathRenderer *paths;
  graphene_matrix_t view, projection;
  float mid[3] = { 10, 0, 1.0f };
  Scene scene;
  int x, y;

  move (&b, MELT_SEGMENT_FILL, -5, 0, 0.5f);
  b.bead++;
  b.at[0] = 5;                       /* jump: no travel */
  move (&b, MELT_SEGMENT_FILL, 15, 0, 0.5f);

  if (!scene_init (&scene, toolpath, MELT_VIEW_TOP, 400, 300, FALSE))
    return;
  paths = melt_renderer_get_paths (scene.renderer);
  scene_render (&scene);
  g_assert_cmpuint (melt_path_renderer_get_n_drawn (paths), ==, 2);
  melt_camera_get_matrices (scene.camera, scene.width, scene.height, &view, &projection);
  project (&scene, mid, &x, &y);
  g_assert_cmpuint (melt_path_renderer_pick (paths, &view, &projection, scene.width, scene.height, x, y), ==, 1);
  /* nothing drawn across the jump */
  mid[0] = 0;
  project (&scene, mid, &x, &y);
  g_assert_cmpuint (melt_path_renderer_pick (paths, &view, &projection, scene.width, scene.height, x, y),
                    ==, MELT_PATH_NO_SEGMENT);
  scene_clear (&scene);
}

/* Zoomed out, collinear segments are drawn as runs */
static void
test_coarse (void)
{
  g_autoptr(MeltToolpath) toolpath = straight_bead (6400, 1000.0f);
  Builder more = { toolpath, { 500, 0, BEAD_H * 1.5f }, 0, 1, 1 };
  MeltPathRenderer *paths;
  Scene scene;

  /* a second layer, so that the first is below the top */
  for (guint i = 1; i <= 640; i++)
    move (&more, MELT_SEGMENT_FILL, 500 - 1000.0f * i / 640, 0, BEAD_H * 1.5f);

  if (!scene_init (&scene, toolpath, MELT_VIEW_ISO, 320, 200, FALSE))
    return;
  paths = melt_renderer_get_paths (scene.renderer);

  melt_path_renderer_set_detail (paths, MELT_PATH_DETAIL_FULL);
  scene_render (&scene);
  g_assert_cmpuint (melt_path_renderer_get_n_drawn (paths), ==, 6400 + 640);
  g_assert_false (melt_path_renderer_get_last_coarse (paths));

  /* runs of at most 64 segments below the top layer; the top at full detail */
  melt_path_renderer_set_detail (paths, MELT_PATH_DETAIL_COARSE);
  scene_render (&scene);
  g_assert_true (melt_path_renderer_get_last_coarse (paths));
  g_assert_cmpuint (melt_path_renderer_get_n_drawn (paths), ==, 6400 / 64 + 640);

  /* automatic: a 2 mm bead on a 320 × 200 image of a 1 m part is under 3 px */
  melt_path_renderer_set_detail (paths, MELT_PATH_DETAIL_AUTO);
  scene_render (&scene);
  g_assert_true (melt_path_renderer_get_last_coarse (paths));

  scene_clear (&scene);
}

/* The pixel at a world point, as 0xRRGGBB */
static guint32
pixel_at (Scene       *scene,
          const float  world[3])
{
  cairo_surface_t *image = melt_offscreen_snapshot (scene->offscreen);
  double x, y;
  guint32 value;

  g_assert_true (melt_camera_project (scene->camera, world, scene->width, scene->height, &x, &y));
  cairo_surface_flush (image);
  value = ((const guint32 *) (gconstpointer) (cairo_image_surface_get_data (image)
                                               + (gsize) floor (y) * cairo_image_surface_get_stride (image)))[(int) floor (x)];
  cairo_surface_destroy (image);
  return value & 0xffffff;
}

/* A hidden point (a jump in the path) exactly where an upload band starts
 * (65 536 slots): the beads after it keep their kind and width */
static void
test_gap_at_band (void)
{
  g_autoptr(MeltToolpath) toolpath = straight_bead (65536, 200.0f);
  Builder b = { toolpath, { 0, 0, BEAD_H / 2 }, 0, 0, 1 };
  float mid[3] = { 0, 40, BEAD_H };
  Scene scene;
  guint32 colour;

  /* the jump: from the end of the line to (−100, 40) */
  b.at[0] = -100.0f;
  b.at[1] = 40.0f;
  for (guint i = 1; i <= 20; i++)
    move (&b, MELT_SEGMENT_FILL, -100.0f + 10.0f * i, 40.0f, BEAD_H / 2);

  if (!scene_init (&scene, toolpath, MELT_VIEW_TOP, 400, 300, FALSE))
    return;
  scene_render (&scene);
  colour = pixel_at (&scene, mid);
  /* the fill's raspberry, not the travel's blue-grey */
  g_test_message ("colour after the jump: %06x", colour);
  g_assert_cmpuint ((colour >> 16) & 0xff, >, (colour & 0xff) + 40);
  scene_clear (&scene);
}

/* The bead picked is lighter at both levels of detail */
static void
test_highlight (void)
{
  g_autoptr(MeltToolpath) toolpath = small_plan (3);
  MeltPathRenderer *paths;
  MeltSegment s;
  float mid[3];
  Scene scene;
  guint n;

  if (!scene_init (&scene, toolpath, MELT_VIEW_TOP, 400, 400, FALSE))
    return;
  paths = melt_renderer_get_paths (scene.renderer);
  n = melt_toolpath_get_n_segments (toolpath);
  melt_toolpath_get_segment (toolpath, n - 2, &s);
  g_assert_true (melt_segment_kind_deposits (s.kind));
  mid[0] = (s.start[0] + s.end[0]) / 2;
  mid[1] = (s.start[1] + s.end[1]) / 2;
  mid[2] = s.start[2] + BEAD_H / 2;

  for (guint coarse = 0; coarse < 2; coarse++)
    {
      guint32 plain, lit;

      melt_path_renderer_set_detail (paths, coarse ? MELT_PATH_DETAIL_COARSE : MELT_PATH_DETAIL_FULL);
      melt_path_renderer_set_highlight (paths, MELT_PATH_NO_SEGMENT);
      scene_render (&scene);
      plain = pixel_at (&scene, mid);
      melt_path_renderer_set_highlight (paths, n - 2);
      scene_render (&scene);
      lit = pixel_at (&scene, mid);
      g_test_message ("%s: %06x, highlighted %06x", coarse ? "coarse" : "full", plain, lit);
      g_assert_cmpuint (lit, !=, plain);
      g_assert_cmpuint ((lit >> 8) & 0xff, >, (plain >> 8) & 0xff);
    }
  scene_clear (&scene);
}

/* Colours by value survive a new GL context (unrealize, realize) */
static void
test_realize_again (void)
{
  g_autoptr(MeltToolpath) toolpath = small_plan (4);
  g_autoptr(GError) error = NULL;
  MeltPathRenderer *paths;
  float top[3] = { 0, -14.0f, 3.5f * BEAD_H + BEAD_H / 2 };
  guint32 before, after;
  Scene scene;

  if (!scene_init (&scene, toolpath, MELT_VIEW_TOP, 400, 400, FALSE))
    return;
  paths = melt_renderer_get_paths (scene.renderer);
  melt_path_renderer_color_by (paths, MELT_PATH_ATTRIBUTE_LAYER, NULL, FALSE, NULL, NULL);
  scene_render (&scene);
  before = pixel_at (&scene, top);
  melt_offscreen_bind (scene.offscreen);
  melt_renderer_unrealize (scene.renderer);
  g_assert_true (melt_renderer_realize (scene.renderer, FALSE, &error));
  g_assert_no_error (error);
  scene_render (&scene);
  after = pixel_at (&scene, top);
  g_test_message ("%06x before, %06x after", before, after);
  g_assert_cmpuint (after, ==, before);
  scene_clear (&scene);
}

/* A log scale over values that are all equal shows the middle of the map,
 * as the linear scale does, not the grey of "no value" */
static void
test_log_equal_values (void)
{
  g_autoptr(MeltToolpath) toolpath = straight_bead (10, 40.0f);
  MeltPathRenderer *paths;
  float mid[3] = { 0, 0, BEAD_H };
  guint32 linear, logarithmic;
  double min, max;
  Scene scene;

  if (!scene_init (&scene, toolpath, MELT_VIEW_TOP, 400, 300, FALSE))
    return;
  paths = melt_renderer_get_paths (scene.renderer);
  melt_path_renderer_color_by (paths, MELT_PATH_ATTRIBUTE_POWER, NULL, FALSE, &min, &max);
  g_assert_cmpfloat (min, ==, max);
  scene_render (&scene);
  linear = pixel_at (&scene, mid);
  melt_path_renderer_color_by (paths, MELT_PATH_ATTRIBUTE_POWER, NULL, TRUE, NULL, NULL);
  scene_render (&scene);
  logarithmic = pixel_at (&scene, mid);
  g_assert_cmpuint (logarithmic, ==, linear);
  scene_clear (&scene);
}

/* Mean absolute difference per channel, and the share of pixels where some
 * channel differs by more than 48 */
static void
compare_images (cairo_surface_t *a,
                cairo_surface_t *b,
                double          *mean,
                double          *share)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  int sa = cairo_image_surface_get_stride (a), sb = cairo_image_surface_get_stride (b);
  const guint8 *da = cairo_image_surface_get_data (a), *db = cairo_image_surface_get_data (b);
  double sum = 0;
  guint far = 0;

  g_assert_cmpint (cairo_image_surface_get_width (b), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int worst = 0;

        for (int c = 0; c < 3; c++)
          {
            int d = abs ((int) da[y * sa + 4 * x + c] - (int) db[y * sb + 4 * x + c]);

            sum += d;
            worst = MAX (worst, d);
          }
        far += worst > 48;
      }
  *mean = sum / (3.0 * w * h);
  *share = (double) far / ((double) w * h);
}

/* A small plan coloured by layer, cut by a plane across X, against the golden image */
static void
test_golden (gconstpointer data)
{
  gboolean use_es = GPOINTER_TO_INT (data);
  g_autoptr(MeltToolpath) toolpath = small_plan (8);
  g_autofree char *golden_path = g_test_build_filename (G_TEST_DIST, "render", "golden", "path-layers-clip.png", NULL);
  cairo_surface_t *image, *golden;
  MeltPathRenderer *paths;
  double mean, share;
  Scene scene;

  if (!scene_init (&scene, toolpath, MELT_VIEW_ISO, 320, 240, use_es))
    return;
  paths = melt_renderer_get_paths (scene.renderer);
  melt_path_renderer_color_by (paths, MELT_PATH_ATTRIBUTE_LAYER, NULL, FALSE, NULL, NULL);
  melt_path_renderer_set_clip (paths, MELT_PATH_CLIP_X, 4.0, FALSE);
  scene_render (&scene);
  image = melt_offscreen_snapshot (scene.offscreen);

  if (g_getenv ("MELTLINE_UPDATE_GOLDEN") != NULL)
    {
      g_assert_cmpint (cairo_surface_write_to_png (image, golden_path), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("wrote %s", golden_path);
    }

  golden = cairo_image_surface_create_from_png (golden_path);
  g_assert_cmpint (cairo_surface_status (golden), ==, CAIRO_STATUS_SUCCESS);
  compare_images (image, golden, &mean, &share);
  g_test_message ("%s against the golden image: mean difference %.3f, %.3f %% of pixels far off",
                  use_es ? "OpenGL ES" : "OpenGL", mean, 100.0 * share);
  if (mean > 1.5 || share > 0.01)
    {
      g_autofree char *failed = g_build_filename (g_get_tmp_dir (), "path-layers-clip-failed.png", NULL);

      cairo_surface_write_to_png (image, failed);
      g_error ("the image differs from %s (mean %.3f, %.3f %% far off); it is in %s",
               golden_path, mean, 100.0 * share, failed);
    }

  /* and the test can fail: without the clip it is another picture */
  melt_path_renderer_set_clip (paths, MELT_PATH_CLIP_NONE, 0, FALSE);
  scene_render (&scene);
  cairo_surface_destroy (image);
  image = melt_offscreen_snapshot (scene.offscreen);
  compare_images (image, golden, &mean, &share);
  g_assert_cmpfloat (share, >, 0.02);

  cairo_surface_destroy (image);
  cairo_surface_destroy (golden);
  scene_clear (&scene);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/path/bytes-per-segment", test_bytes_per_segment);
  g_test_add_func ("/render/path/layer-range", test_layer_range);
  g_test_add_data_func ("/render/path/pick/gl", GINT_TO_POINTER (FALSE), test_pick);
  g_test_add_data_func ("/render/path/pick/es", GINT_TO_POINTER (TRUE), test_pick);
  g_test_add_func ("/render/path/gap", test_gap);
  g_test_add_func ("/render/path/coarse", test_coarse);
  g_test_add_func ("/render/path/gap-at-band", test_gap_at_band);
  g_test_add_func ("/render/path/highlight", test_highlight);
  g_test_add_func ("/render/path/realize-again", test_realize_again);
  g_test_add_func ("/render/path/log-equal-values", test_log_equal_values);
  g_test_add_data_func ("/render/path/golden/gl", GINT_TO_POINTER (FALSE), test_golden);
  g_test_add_data_func ("/render/path/golden/es", GINT_TO_POINTER (TRUE), test_golden);

  return g_test_run ();
}
