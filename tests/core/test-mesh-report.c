/* test-mesh-report.c: meshes made in memory, the report, JSON, async load
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "melt-mesh.h"
#include "melt-mesh-private.h"
#include "melt-test-shapes.h"

static const float cube_positions[8 * 3] = {
  0, 0, 0,  4, 0, 0,  4, 4, 0,  0, 4, 0,
  0, 0, 4,  4, 0, 4,  4, 4, 4,  0, 4, 4,
};

static const guint32 cube_indices[12 * 3] = {
  0, 3, 2,  0, 2, 1,  0, 1, 5,  0, 5, 4,  1, 2, 6,  1, 6, 5,
  2, 3, 7,  2, 7, 6,  3, 0, 4,  3, 4, 7,  4, 5, 6,  4, 6, 7,
};

static void
test_new_indexed (void)
{
  g_autoptr(MeltMesh) mesh = melt_mesh_new (cube_positions, 8, cube_indices, 12);
  const MeltMeshReport *report = melt_mesh_get_report (mesh);
  float min[3], max[3];

  g_assert_cmpuint (melt_mesh_get_n_vertices (mesh), ==, 8);
  g_assert_cmpuint (melt_mesh_get_n_triangles (mesh), ==, 12);
  g_assert_cmpmem (melt_mesh_get_positions (mesh), sizeof cube_positions, cube_positions, sizeof cube_positions);
  g_assert_cmpmem (melt_mesh_get_indices (mesh), sizeof cube_indices, cube_indices, sizeof cube_indices);
  g_assert_null (melt_mesh_get_file (mesh));
  g_assert_cmpint (melt_mesh_get_format (mesh), ==, MELT_MESH_FORMAT_UNKNOWN);

  g_assert_cmpfloat (report->volume_mm3, ==, 64.0);
  g_assert_cmpfloat (report->area_mm2, ==, 96.0);
  g_assert_true (report->watertight);
  g_assert_cmpuint (report->bodies, ==, 1);

  melt_mesh_get_bounds (mesh, min, max);
  g_assert_cmpfloat (max[0], ==, 4.0f);
  g_assert_cmpfloat (min[2], ==, 0.0f);

  g_assert_finalize_object (g_steal_pointer (&mesh));
}

static void
test_soup_welds (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_sphere (3.0, 16, 8);
  guint n_triangles;
  g_autofree float *soup = melt_test_shape_to_soup (shape, &n_triangles);
  g_autoptr(MeltMesh) mesh = NULL;

  /* put -0.0 in where the sphere has 0.0: still the same vertex */
  for (guint i = 0; i < 9 * n_triangles; i += 2)
    if (soup[i] == 0.0f)
      soup[i] = -0.0f;

  mesh = melt_mesh_new_from_soup (soup, n_triangles);
  g_assert_cmpuint (melt_mesh_get_n_triangles (mesh), ==, 2 * 16 * 7);
  g_assert_cmpuint (melt_mesh_get_n_vertices (mesh), ==, melt_test_shape_get_n_vertices (shape));
  g_assert_true (melt_mesh_get_report (mesh)->watertight);

  /* each triangle's corners are where the soup put them */
  for (guint t = 0; t < n_triangles; t++)
    for (guint k = 0; k < 3; k++)
      {
        guint32 v = melt_mesh_get_indices (mesh)[3 * t + k];

        for (guint c = 0; c < 3; c++)
          g_assert_cmpfloat (melt_mesh_get_positions (mesh)[3 * v + c], ==, soup[9 * t + 3 * k + c]);
      }
}

static void
test_degenerate (void)
{
  static const float soup[] = {
    /* a good triangle */
    0, 0, 0,   10, 0, 0,   0, 10, 0,
    /* three corners on a line */
    0, 0, 0,   5, 5, 0,    10, 10, 0,
    /* a repeated corner */
    0, 0, 0,   10, 0, 0,   0, 0, 0,
    /* collinear after rounding to float, a sliver of no real area */
    0, 0, 0,   0.1f, 0.1f, 0.1f,   0.3f, 0.3f, 0.3f,
  };
  g_autoptr(MeltMesh) mesh = melt_mesh_new_from_soup (soup, 4);
  const MeltMeshReport *report = melt_mesh_get_report (mesh);
  g_autoptr(GPtrArray) defects = melt_mesh_report_list_defects (report);
  gboolean found = FALSE;

  g_assert_cmpuint (report->triangles, ==, 4);
  g_assert_cmpuint (report->degenerate_triangles, ==, 3);
  g_assert_cmpfloat (fabs (report->area_mm2 - 50.0), <, 1e-6);

  for (guint i = 0; i < defects->len; i++)
    found |= strstr (g_ptr_array_index (defects, i), "3 degenerate triangles") != NULL;
  g_assert_true (found);
}

static void
test_empty_mesh (void)
{
  g_autoptr(MeltMesh) mesh = melt_mesh_new (NULL, 0, NULL, 0);
  const MeltMeshReport *report = melt_mesh_get_report (mesh);
  g_autoptr(GPtrArray) defects = melt_mesh_report_list_defects (report);

  g_assert_cmpuint (report->triangles, ==, 0);
  g_assert_cmpuint (report->bodies, ==, 0);
  g_assert_cmpfloat (report->volume_mm3, ==, 0.0);
  g_assert_cmpuint (defects->len, ==, 1);
}

static void
test_bad_index (void)
{
  static const guint32 bad[3] = { 0, 1, 8 };

  if (g_test_subprocess ())
    {
      MeltMesh *mesh = melt_mesh_new (cube_positions, 8, bad, 1);

      g_assert_null (mesh);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*indices*");
}

static void
test_compute_direct (void)
{
  MeltMeshReport report;

  melt_mesh_report_compute (&report, cube_positions, 8, cube_indices, 10);
  g_assert_cmpuint (report.open_edges, ==, 4);
  g_assert_false (report.watertight);
  g_assert_cmpuint (report.vertices, ==, 8);
}

static void
test_json (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_two_bodies (2.0, 1.0);
  guint n_triangles;
  g_autofree float *soup = melt_test_shape_to_soup (shape, &n_triangles);
  g_autoptr(MeltMesh) mesh = melt_mesh_new_from_soup (soup, n_triangles);
  g_autofree char *json = melt_mesh_report_to_json (melt_mesh_get_report (mesh), TRUE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonObject *bounds;
  JsonArray *max;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpint (json_object_get_int_member (root, "triangles"), ==, 24);
  g_assert_cmpint (json_object_get_int_member (root, "vertices"), ==, 16);
  g_assert_cmpfloat (json_object_get_double_member (root, "volume_mm3"), ==, 16.0);
  g_assert_cmpfloat (json_object_get_double_member (root, "area_mm2"), ==, 48.0);
  g_assert_cmpint (json_object_get_int_member (root, "open_edges"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (root, "nonmanifold_edges"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (root, "degenerate_triangles"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (root, "inconsistent_edges"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (root, "bodies"), ==, 2);
  g_assert_true (json_object_get_boolean_member (root, "watertight"));

  bounds = json_object_get_object_member (root, "bounds_mm");
  max = json_object_get_array_member (bounds, "max");
  g_assert_cmpuint (json_array_get_length (max), ==, 3);
  g_assert_cmpfloat (json_array_get_double_element (max, 0), ==, 5.0);
  g_assert_cmpfloat (json_array_get_double_element (max, 1), ==, 2.0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (bounds, "min")), ==, 3);
}

typedef struct
{
  GMainLoop *loop;
  MeltMesh  *mesh;
  GError    *error;
  GThread   *main_thread;
  guint      n_progress;
  double     last_fraction;
  gboolean   progress_in_worker;
} AsyncState;

static void
on_progress (double   fraction,
             gpointer user_data)
{
  AsyncState *state = user_data;

  g_assert_cmpfloat (fraction, >=, state->last_fraction);
  g_assert_cmpfloat (fraction, <=, 1.0);
  state->last_fraction = fraction;
  state->n_progress++;
  if (g_thread_self () != state->main_thread)
    state->progress_in_worker = TRUE;
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;

  g_assert_null (object);
  state->mesh = melt_mesh_load_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_load_async (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_torus (50, 10, 400, 200);
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "torus.stl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AsyncState state = { 0 };

  melt_test_write_stl_binary (shape, path, &error);
  g_assert_no_error (error);

  state.loop = g_main_loop_new (NULL, FALSE);
  state.main_thread = g_thread_self ();
  melt_mesh_load_async (file, NULL, on_progress, &state, on_loaded, &state);
  g_main_loop_run (state.loop);

  g_assert_no_error (state.error);
  g_assert_true (MELT_IS_MESH (state.mesh));
  g_assert_cmpuint (melt_mesh_get_n_triangles (state.mesh), ==, 160000);
  g_assert_true (melt_mesh_get_report (state.mesh)->watertight);
  g_assert_cmpuint (melt_mesh_get_report (state.mesh)->bodies, ==, 1);
  g_assert_cmpuint (state.n_progress, >=, 2);
  g_assert_cmpuint (state.n_progress, <=, 101);
  g_assert_cmpfloat (state.last_fraction, ==, 1.0);
  g_assert_true (state.progress_in_worker);

  g_assert_finalize_object (state.mesh);
  g_main_loop_unref (state.loop);
  melt_test_tmpdir_remove (dir);
}

static void
test_load_cancelled (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_cube (1);
  g_autoptr(GBytes) bytes = melt_test_shape_to_stl_binary (shape);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) mesh = NULL;

  g_cancellable_cancel (cancellable);
  mesh = melt_mesh_load_bytes (bytes, "cube.stl", cancellable, NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (mesh);
}

static void
cancel_halfway (double   fraction,
                gpointer user_data)
{
  if (fraction >= 0.3)
    g_cancellable_cancel (user_data);
}

static void
test_load_cancelled_halfway (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_torus (50, 10, 500, 400);
  g_autoptr(GBytes) bytes = melt_test_shape_to_stl_binary (shape);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) mesh = NULL;

  mesh = melt_mesh_load_bytes (bytes, "torus.stl", cancellable, cancel_halfway, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (mesh);
}

/* A million triangles: loading, welding and analysing stays well under a
 * second (run with -m perf; timing is meaningless under sanitizers) */
static void
test_perf_million (void)
{
  g_autoptr(MeltTestShape) shape = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) mesh = NULL;
  gint64 begin, end;

  if (!g_test_perf ())
    {
      g_test_skip ("run with -m perf");
      return;
    }

  shape = melt_test_shape_torus (60, 15, 1000, 500);
  bytes = melt_test_shape_to_stl_binary (shape);
  begin = g_get_monotonic_time ();
  mesh = melt_mesh_load_bytes (bytes, "million.stl", NULL, NULL, NULL, &error);
  end = g_get_monotonic_time ();
  g_assert_no_error (error);
  g_assert_cmpuint (melt_mesh_get_n_triangles (mesh), ==, 1000000);
  g_test_minimized_result ((end - begin) / 1e6, "load + report of 1 M triangles: %.3f s", (end - begin) / 1e6);
  g_assert_cmpint (end - begin, <, G_USEC_PER_SEC);
}

/* A fan of @n triangles around a centre vertex (the first vertex), with
 * its rim on the unit circle... times 10 mm. With @height, the centre is
 * raised into a cone; with @closed, a second fan (the base) closes it. */
static MeltTestShape *
make_fan (guint    n,
          double   height,
          gboolean closed)
{
  MeltTestShape *shape = melt_test_shape_new ();
  guint apex = melt_test_shape_add_vertex (shape, 0, 0, height);
  guint base = closed ? melt_test_shape_add_vertex (shape, 0, 0, 0) : 0;
  guint first = melt_test_shape_get_n_vertices (shape);

  for (guint i = 0; i < n; i++)
    {
      double a = 2 * G_PI * i / n;

      melt_test_shape_add_vertex (shape, 10 * cos (a), 10 * sin (a), 0);
    }

  for (guint i = 0; i < n; i++)
    {
      guint r0 = first + i;
      guint r1 = first + (i + 1) % n;

      melt_test_shape_add_triangle (shape, apex, r0, r1);
      if (closed)
        melt_test_shape_add_triangle (shape, base, r1, r0);
    }

  return shape;
}

static MeltMesh *
mesh_from_shape (const MeltTestShape *shape)
{
  guint n_triangles;
  g_autofree float *soup = melt_test_shape_to_soup (shape, &n_triangles);

  return melt_mesh_new_from_soup (soup, n_triangles);
}

/* Every feature edge of @mesh joins two rim vertices (z = 0, radius 10) */
static void
assert_rim_edges (MeltMesh *mesh,
                  guint     n_expected)
{
  const float *positions = melt_mesh_get_positions (mesh);
  const guint32 *edges;
  guint n_edges = 0;

  edges = melt_mesh_get_feature_edges (mesh, &n_edges);
  g_assert_nonnull (edges);
  g_assert_cmpuint (n_edges, ==, n_expected);

  for (guint e = 0; e < n_edges; e++)
    {
      g_assert_cmpuint (edges[2 * e], <, edges[2 * e + 1]);
      for (guint k = 0; k < 2; k++)
        {
          const float *p = &positions[3 * edges[2 * e + k]];

          g_assert_cmpfloat (p[2], ==, 0.0f);
          g_assert_cmpfloat_with_epsilon (hypot (p[0], p[1]), 10.0, 1e-4);
        }
    }
}

/* A flat fan: the rim is open, the spokes are smooth; a raised, closed cone:
 * the rim is a crease (no hole), the spokes are smooth. */
static void
test_feature_edges_fan (void)
{
  g_autoptr(MeltTestShape) fan = make_fan (1000, 0.0, FALSE);
  g_autoptr(MeltTestShape) cone = make_fan (1000, 5.0, TRUE);
  g_autoptr(MeltMesh) fan_mesh = mesh_from_shape (fan);
  g_autoptr(MeltMesh) cone_mesh = mesh_from_shape (cone);

  g_assert_cmpuint (melt_mesh_get_report (fan_mesh)->open_edges, ==, 1000);
  assert_rim_edges (fan_mesh, 1000);

  g_assert_true (melt_mesh_get_report (cone_mesh)->watertight);
  assert_rim_edges (cone_mesh, 1000);
}

/* A cube: its 12 edges, not the diagonals of its faces; a sphere of many
 * facets: none. A fin (three faces on one edge) and a hole are outlined. */
static void
test_feature_edges_shapes (void)
{
  g_autoptr(MeltMesh) cube = melt_mesh_new (cube_positions, 8, cube_indices, 12);
  g_autoptr(MeltMesh) open_cube = melt_mesh_new (cube_positions, 8, cube_indices, 10);
  g_autoptr(MeltTestShape) sphere_shape = melt_test_shape_sphere (10.0, 48, 24);
  g_autoptr(MeltMesh) sphere = mesh_from_shape (sphere_shape);
  g_autoptr(MeltMesh) empty = melt_mesh_new (NULL, 0, NULL, 0);
  guint n_edges = G_MAXUINT;

  melt_mesh_get_feature_edges (cube, &n_edges);
  g_assert_cmpuint (n_edges, ==, 12);

  /* the two missing triangles (a face) leave a 4-edge hole; the hole's
   * edges are cube edges already: still 12 */
  melt_mesh_get_feature_edges (open_cube, &n_edges);
  g_assert_cmpuint (n_edges, ==, 12);

  melt_mesh_get_feature_edges (sphere, &n_edges);
  g_assert_cmpuint (n_edges, ==, 0);

  melt_mesh_get_feature_edges (empty, &n_edges);
  g_assert_cmpuint (n_edges, ==, 0);

  /* found once: the same array each time */
  g_assert_true (melt_mesh_get_feature_edges (cube, NULL) == melt_mesh_get_feature_edges (cube, NULL));
}

static gpointer
get_feature_edges_thread (gpointer data)
{
  return (gpointer) melt_mesh_get_feature_edges (data, NULL);
}

/* Several threads asking at once get the same edges, found once */
static void
test_feature_edges_threads (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_torus (50, 10, 300, 100);
  g_autoptr(MeltMesh) mesh = mesh_from_shape (shape);
  GThread *threads[4];
  gpointer results[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("edges", get_feature_edges_thread, mesh);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    results[i] = g_thread_join (threads[i]);

  for (guint i = 1; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (results[i] == results[0]);
}

static void
on_loaded_quit (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncState *state = user_data;

  state->mesh = melt_mesh_load_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

/* A fan of 200 000 triangles around one vertex: the old renderer compared
 * every edge at the centre with every other (minutes). The asynchronous load
 * finds the feature edges in its worker, in linear time. */
static void
test_feature_edges_high_valence (void)
{
  g_autoptr(MeltTestShape) shape = make_fan (200000, 0.0, FALSE);
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "fan.stl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) mesh = NULL;
  AsyncState state = { 0 };
  gint64 begin, loaded, end;
  guint n_edges;

  melt_test_write_stl_binary (shape, path, &error);
  g_assert_no_error (error);

  state.loop = g_main_loop_new (NULL, FALSE);
  begin = g_get_monotonic_time ();
  melt_mesh_load_async (file, NULL, NULL, NULL, on_loaded_quit, &state);
  g_main_loop_run (state.loop);
  loaded = g_get_monotonic_time ();
  g_assert_no_error (state.error);
  mesh = g_steal_pointer (&state.mesh);

  /* already there: no work on this (the main) thread */
  melt_mesh_get_feature_edges (mesh, &n_edges);
  end = g_get_monotonic_time ();
  g_test_message ("200 000-triangle fan: loaded with its feature edges in %.3f s, then got them in %.6f s",
                  (loaded - begin) / 1e6, (end - loaded) / 1e6);

  g_assert_cmpuint (melt_mesh_get_n_triangles (mesh), ==, 200000);
  assert_rim_edges (mesh, 200000);

  g_main_loop_unref (state.loop);
  melt_test_tmpdir_remove (dir);
}

typedef struct
{
  GArray *fractions;
} ProgressLog;

static void
log_progress (double   fraction,
              gpointer user_data)
{
  ProgressLog *log = user_data;

  g_array_append_val (log->fractions, fraction);
}

/* The phases of progress, as melt-mesh.h documents them: reading below
 * 0.9, exactly 0.9 when the analysis begins, steps after it, 1.0 last */
static void
test_load_progress_phases (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_torus (50, 10, 800, 400);
  g_autoptr(GBytes) bytes = melt_test_shape_to_stl_binary (shape);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) mesh = NULL;
  ProgressLog log = { g_array_new (FALSE, FALSE, sizeof (double)) };
  const double *f;
  guint checking = G_MAXUINT;
  guint n_analysis = 0;

  mesh = melt_mesh_load_bytes (bytes, "torus.stl", NULL, log_progress, &log, &error);
  g_assert_no_error (error);
  f = (const double *) (gpointer) log.fractions->data;

  g_assert_cmpuint (log.fractions->len, >=, 3);
  g_assert_cmpuint (log.fractions->len, <=, 101);
  g_assert_cmpfloat (f[0], ==, 0.0);
  g_assert_cmpfloat (f[log.fractions->len - 1], ==, 1.0);

  for (guint i = 0; i < log.fractions->len; i++)
    {
      if (i > 0)
        g_assert_cmpfloat (f[i], >, f[i - 1]);
      if (f[i] == MELT_MESH_PROGRESS_CHECKING)
        checking = i;
      if (f[i] > MELT_MESH_PROGRESS_CHECKING && f[i] < 1.0)
        n_analysis++;
    }

  /* 0.9 is reported, and the analysis (1.28 M edges) steps after it */
  g_assert_cmpuint (checking, <, log.fractions->len);
  g_assert_cmpuint (n_analysis, >=, 2);
  g_test_message ("%u progress calls, %u during the analysis", log.fractions->len, n_analysis);

  g_array_unref (log.fractions);
}

/* The edge analysis packs a vertex index and a bit into 32 bits */
static void
test_compute_too_many_vertices (void)
{
  if (g_test_subprocess ())
    {
      MeltMeshReport report;

      melt_mesh_report_compute (&report, cube_positions, G_MAXUINT, NULL, 0);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*MELT_MESH_MAX_VERTICES*");
}

/* GArray lengths are guints: the readers check before appending */
static void
test_array_limit (void)
{
  g_assert_true (_melt_mesh_array_can_grow (0, 3));
  g_assert_true (_melt_mesh_array_can_grow (G_MAXUINT - 3, 3));
  g_assert_false (_melt_mesh_array_can_grow (G_MAXUINT - 2, 3));
  g_assert_false (_melt_mesh_array_can_grow (G_MAXUINT, 1));
  g_assert_false (_melt_mesh_array_can_grow ((guint64) G_MAXUINT + 1, 0));
  g_assert_true (_melt_mesh_array_can_grow (3 * (MELT_MESH_MAX_VERTICES - 1), 3));
  g_assert_false (_melt_mesh_array_can_grow (3 * MELT_MESH_MAX_VERTICES, 3));
  g_assert_cmpuint (MELT_MESH_MAX_VERTICES, <, G_GUINT64_CONSTANT (1) << 31);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/mesh/new/indexed", test_new_indexed);
  g_test_add_func ("/core/mesh/new/soup-welds", test_soup_welds);
  g_test_add_func ("/core/mesh/new/bad-index", test_bad_index);
  g_test_add_func ("/core/mesh/new/empty", test_empty_mesh);
  g_test_add_func ("/core/mesh/report/degenerate", test_degenerate);
  g_test_add_func ("/core/mesh/report/compute", test_compute_direct);
  g_test_add_func ("/core/mesh/report/json", test_json);
  g_test_add_func ("/core/mesh/report/too-many-vertices", test_compute_too_many_vertices);
  g_test_add_func ("/core/mesh/report/array-limit", test_array_limit);
  g_test_add_func ("/core/mesh/feature-edges/fan", test_feature_edges_fan);
  g_test_add_func ("/core/mesh/feature-edges/shapes", test_feature_edges_shapes);
  g_test_add_func ("/core/mesh/feature-edges/threads", test_feature_edges_threads);
  g_test_add_func ("/core/mesh/feature-edges/high-valence", test_feature_edges_high_valence);
  g_test_add_func ("/core/mesh/load/progress-phases", test_load_progress_phases);
  g_test_add_func ("/core/mesh/load/async", test_load_async);
  g_test_add_func ("/core/mesh/load/cancelled", test_load_cancelled);
  g_test_add_func ("/core/mesh/load/cancelled-halfway", test_load_cancelled_halfway);
  g_test_add_func ("/core/mesh/load/perf-million", test_perf_million);

  return g_test_run ();
}
