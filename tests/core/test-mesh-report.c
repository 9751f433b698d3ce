/* test-mesh-report.c: meshes made in memory, the report, JSON, async load
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "melt-mesh.h"
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
  g_test_add_func ("/core/mesh/load/async", test_load_async);
  g_test_add_func ("/core/mesh/load/cancelled", test_load_cancelled);
  g_test_add_func ("/core/mesh/load/cancelled-halfway", test_load_cancelled_halfway);
  g_test_add_func ("/core/mesh/load/perf-million", test_perf_million);

  return g_test_run ();
}
