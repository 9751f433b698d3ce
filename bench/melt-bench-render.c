/* melt-bench-render.c: load and draw a large toolpath headless, and say how long it took
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * melt-bench-render --generate N PLAN.h5      writes a plan of about N segments
 * melt-bench-render [--size WxH] [--frames F] [--gles] PLAN.h5|FILE.gcode
 *
 * The plan is a 150 mm cylinder wall of 3 mm beads: every layer two
 * perimeter rings and a zigzag fill between them of short segments, so that
 * the count grows with the layers and the fill resolution like a real plan.
 *
 * Drawing prints, as one JSON object: the segments, the load time (reading
 * the file into a toolpath), the first frame (upload, draw and glFinish),
 * the mean and median time of F more frames at full detail and with the
 * coarse level of detail, with the camera turning, and the bytes of GPU and
 * CPU memory the renderer takes per segment.
 */

#include "config.h"

#include <epoxy/gl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "melt-camera.h"
#include "melt-offscreen.h"
#include "melt-path-document.h"
#include "melt-plan.h"
#include "melt-renderer.h"

/* Resident memory now, MiB (Linux) */
static double
rss_mib (void)
{
  g_autofree char *statm = NULL;
  unsigned long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL)
      || sscanf (statm, "%lu %lu", &size, &resident) != 2)
    return NAN;
  return resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
append (MeltToolpath    *toolpath,
        MeltSegmentKind  kind,
        const float      from[3],
        const float      to[3],
        guint            layer,
        guint            bead,
        double          *t)
{
  MeltSegment s = { 0 };
  double length = hypot (to[0] - from[0], to[1] - from[1]);

  memcpy (s.start, from, sizeof s.start);
  memcpy (s.end, to, sizeof s.end);
  s.kind = kind;
  s.layer = layer;
  s.bead = melt_segment_kind_deposits (kind) ? bead : G_MAXUINT32;
  s.speed_mm_s = kind == MELT_SEGMENT_TRAVEL ? 50.0f : 8.0f;
  s.power_w = melt_segment_kind_deposits (kind) ? 1500.0f + 200.0f * sinf (layer * 0.1f) : 0.0f;
  s.wire_feed_mm_s = melt_segment_kind_deposits (kind) ? 25.0f : 0.0f;
  s.width_mm = melt_segment_kind_deposits (kind) ? 3.0f : 0.0f;
  s.height_mm = melt_segment_kind_deposits (kind) ? 1.0f : 0.0f;
  s.area_mm2 = s.width_mm * s.height_mm * 0.8f;
  s.start_time_s = *t;
  s.duration_s = length / s.speed_mm_s;
  s.source_line = MELT_SEGMENT_NO_LINE;
  melt_toolpath_append (toolpath, &s);
  *t += s.duration_s;
}

static int
generate (guint64     n_segments,
          const char *path)
{
  g_autoptr(MeltToolpath) toolpath = melt_toolpath_new ();
  g_autoptr(MeltProcess) process = melt_process_new (MELT_PROCESS_KIND_LASER_WIRE);
  g_autoptr(MeltPlan) plan = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MeltPlanSettings settings;
  MeltPlanReport report = { 0 };
  const guint ring_points = 720;
  /* per layer: 2 rings + the fill zigzag around the wall, 4 segments a step */
  guint fill_steps = 2000;
  guint per_layer = 2 * ring_points + 4 * fill_steps + 3;
  guint n_layers = MAX (1, (guint) ((n_segments + per_layer / 2) / per_layer));
  double t = 0;
  guint bead = 0;
  float at[3] = { 75, 0, 0.5f };

  melt_toolpath_reserve (toolpath, (guint) n_layers * per_layer);
  for (guint layer = 0; layer < n_layers; layer++)
    {
      float z = 0.5f + layer;

      for (guint ring = 0; ring < 2; ring++)
        {
          float r = ring == 0 ? 73.5f : 62.5f;
          float start[3] = { r, 0, z };

          append (toolpath, MELT_SEGMENT_TRAVEL, at, start, layer, bead, &t);
          for (guint k = 1; k <= ring_points; k++)
            {
              float to[3] = { r * cosf (2 * G_PI * k / ring_points), r * sinf (2 * G_PI * k / ring_points), z };

              append (toolpath, MELT_SEGMENT_PERIMETER, start, to, layer, bead, &t);
              memcpy (start, to, sizeof start);
            }
          memcpy (at, start, sizeof at);
          bead++;
        }
      /* zigzag across the wall between r = 65.2 and 70.8, around the circle */
      {
        float start[3] = { 65.2f, 0, z };

        append (toolpath, MELT_SEGMENT_TRAVEL, at, start, layer, bead, &t);
        for (guint k = 0; k < fill_steps; k++)
          {
            double a0 = 2 * G_PI * k / fill_steps, a1 = 2 * G_PI * (k + 0.5) / fill_steps;
            double a2 = 2 * G_PI * (k + 1) / fill_steps;
            float p1[3] = { 70.8f * cosf (a0), 70.8f * sinf (a0), z };
            float p2[3] = { 70.8f * cosf (a1), 70.8f * sinf (a1), z };
            float p3[3] = { 65.2f * cosf (a1), 65.2f * sinf (a1), z };
            float p4[3] = { 65.2f * cosf (a2), 65.2f * sinf (a2), z };

            append (toolpath, MELT_SEGMENT_FILL, start, p1, layer, bead, &t);
            append (toolpath, MELT_SEGMENT_FILL, p1, p2, layer, bead, &t);
            append (toolpath, MELT_SEGMENT_FILL, p2, p3, layer, bead, &t);
            append (toolpath, MELT_SEGMENT_FILL, p3, p4, layer, bead, &t);
            memcpy (start, p4, sizeof start);
          }
        memcpy (at, start, sizeof at);
        bead++;
      }
      {
        float up[3] = { at[0], at[1], z + 1.0f };

        if (layer + 1 < n_layers)
          append (toolpath, MELT_SEGMENT_TRAVEL, at, up, layer, bead, &t);
        memcpy (at, up, sizeof at);
      }
    }

  melt_plan_settings_init (&settings);
  report.layers = n_layers;
  plan = melt_plan_new (process, &settings, toolpath, &report);
  if (!melt_plan_save (plan, file, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print ("%s: %u segments, %u layers\n", path, melt_toolpath_get_n_segments (toolpath), n_layers);
  return 0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Mean and median of @frames frames with the camera turning a little each */
static void
time_frames (MeltRenderer *renderer,
             MeltCamera   *camera,
             int           width,
             int           height,
             guint         frames,
             double       *mean,
             double       *median)
{
  g_autofree double *times = g_new (double, frames);
  double sum = 0;

  for (guint i = 0; i < frames; i++)
    {
      double t0 = now_s ();

      melt_camera_orbit (camera, 6.0, 0.0);
      melt_renderer_render (renderer, camera, width, height);
      glFinish ();
      times[i] = now_s () - t0;
      sum += times[i];
    }
  qsort (times, frames, sizeof (double), compare_doubles);
  *mean = sum / frames;
  *median = times[frames / 2];
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltOffscreen) offscreen = NULL;
  g_autoptr(MeltRenderer) renderer = NULL;
  g_autoptr(MeltCamera) camera = NULL;
  g_autoptr(MeltPathDocument) document = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *size = NULL;
  gint64 generate_n = 0;
  gint frames = 10;
  gboolean use_es = FALSE;
  gboolean skip_full = FALSE;
  int width = 1280, height = 800;
  MeltPathRenderer *paths;
  MeltToolpath *toolpath;
  float min[3], max[3];
  double t0, load_s, first_s, full_mean, full_median, coarse_mean, coarse_median;
  guint n;
  gboolean first_coarse;
  double rss_start = rss_mib (), rss_loaded, rss_drawn;
  g_autofree char *full_mean_text = NULL;
  g_autofree char *full_median_text = NULL;
  const GOptionEntry entries[] = {
    { "generate", 0, 0, G_OPTION_ARG_INT64, &generate_n, "Write a plan of about N segments to the file", "N" },
    { "size", 's', 0, G_OPTION_ARG_STRING, &size, "Image size (default 1280x800)", "WxH" },
    { "frames", 'f', 0, G_OPTION_ARG_INT, &frames, "Frames timed at each level of detail (default 10)", "F" },
    { "gles", 0, 0, G_OPTION_ARG_NONE, &use_es, "Render through OpenGL ES 3.0", NULL },
    { "skip-full", 0, 0, G_OPTION_ARG_NONE, &skip_full, "Time the coarse level only", NULL },
    { NULL }
  };

  context = g_option_context_new ("PLAN.h5|FILE.gcode");
  g_option_context_set_summary (context, "Time loading and drawing a toolpath headless (Meltline benchmark).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || frames < 1
      || (size != NULL && sscanf (size, "%dx%d", &width, &height) != 2))
    {
      g_printerr ("%s\n", error != NULL ? error->message : "usage: melt-bench-render [--generate N] [--size WxH] [--frames F] FILE");
      return 2;
    }
  if (generate_n > 0)
    return generate (generate_n, argv[1]);

  offscreen = melt_offscreen_new (width, height, use_es, &error);
  if (offscreen == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  renderer = melt_renderer_new ();
  melt_renderer_set_show_axes (renderer, FALSE);
  melt_offscreen_bind (offscreen);
  if (!melt_renderer_realize (renderer, melt_offscreen_get_use_es (offscreen), &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  paths = melt_renderer_get_paths (renderer);

  file = g_file_new_for_commandline_arg (argv[1]);
  t0 = now_s ();
  document = melt_path_document_load (file, NULL, &error);
  if (document == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  load_s = now_s () - t0;
  rss_loaded = rss_mib ();
  toolpath = melt_path_document_get_toolpath (document);
  n = melt_toolpath_get_n_segments (toolpath);

  t0 = now_s ();
  melt_path_renderer_set_toolpath (paths, toolpath, melt_path_document_get_z_is_bead_top (document));
  melt_renderer_get_scene_bounds (renderer, min, max);
  camera = melt_camera_new ();
  melt_camera_set_viewport_size (camera, width, height);
  melt_camera_set_view (camera, MELT_VIEW_ISO);
  melt_camera_fit (camera, min, max);
  melt_renderer_render (renderer, camera, width, height);
  glFinish ();
  first_s = now_s () - t0;
  first_coarse = melt_path_renderer_get_last_coarse (paths);
  rss_drawn = rss_mib ();

  melt_path_renderer_set_detail (paths, MELT_PATH_DETAIL_FULL);
  if (skip_full)
    full_mean = full_median = NAN;
  else
    time_frames (renderer, camera, width, height, frames, &full_mean, &full_median);
  melt_path_renderer_set_detail (paths, MELT_PATH_DETAIL_COARSE);
  time_frames (renderer, camera, width, height, frames, &coarse_mean, &coarse_median);
  melt_path_renderer_set_detail (paths, MELT_PATH_DETAIL_COARSE);
  melt_renderer_render (renderer, camera, width, height);
  glFinish ();

  full_mean_text = isnan (full_mean) ? g_strdup ("null") : g_strdup_printf ("%.3f", full_mean);
  full_median_text = isnan (full_median) ? g_strdup ("null") : g_strdup_printf ("%.3f", full_median);
  g_print ("{\"segments\": %u, \"first_frame_coarse\": %s, \"size\": \"%dx%d\", \"load_s\": %.3f, \"first_frame_s\": %.3f, "
           "\"frame_full_mean_s\": %s, \"frame_full_median_s\": %s, "
           "\"frame_coarse_mean_s\": %.3f, \"frame_coarse_median_s\": %.3f, \"coarse_instances\": %u, "
           "\"gpu_bytes_per_segment\": %.2f, \"cpu_bytes_per_segment\": %.2f, "
           "\"rss_start_mib\": %.0f, \"rss_loaded_mib\": %.0f, \"rss_drawn_mib\": %.0f, \"gl\": \"%s\"}\n",
           n, first_coarse ? "true" : "false", width, height, load_s, first_s,
           full_mean_text, full_median_text, coarse_mean, coarse_median,
           melt_path_renderer_get_n_drawn (paths),
           (double) melt_path_renderer_get_gpu_bytes (paths) / MAX (n, 1),
           (double) melt_path_renderer_get_cpu_bytes (paths) / MAX (n, 1),
           rss_start, rss_loaded, rss_drawn,
           melt_renderer_get_gl_description (renderer));

  melt_renderer_unrealize (renderer);
  return 0;
}
