/* test-mesh-readers.c: reading generated parts in every format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The expected figures come from the shapes' geometry (exact cube figures,
 * frustum and trapezoid formulas for the sphere and torus polyhedra, the
 * Euler characteristic for their topology), never from the code under test.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "melt-mesh.h"
#include "melt-test-shapes.h"

static const struct {
  MeltTestFormat format;
  MeltMeshFormat expected;
  const char *name;
} formats[] = {
  { MELT_TEST_FORMAT_STL_BINARY, MELT_MESH_FORMAT_STL_BINARY, "part-binary.stl" },
  { MELT_TEST_FORMAT_STL_ASCII, MELT_MESH_FORMAT_STL_ASCII, "part-ascii.stl" },
  { MELT_TEST_FORMAT_OBJ, MELT_MESH_FORMAT_OBJ, "part.obj" },
};

#define assert_close(a, b, rel) \
  G_STMT_START { \
    double _a = (a), _b = (b); \
    if (!(fabs (_a - _b) <= (rel) * MAX (fabs (_b), 1e-12))) \
      g_error ("%s:%d: %s = %.12g, expected %.12g (within %g relative)", \
               __FILE__, __LINE__, #a, _a, _b, (double) (rel)); \
  } G_STMT_END

/* Writes @shape in @format into a scratch directory and reads it back */
static MeltMesh *
load_shape (const MeltTestShape *shape,
            guint                format_index)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, formats[format_index].name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  MeltMesh *mesh;

  melt_test_shape_write (shape, formats[format_index].format, path, &error);
  g_assert_no_error (error);

  mesh = melt_mesh_load (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (MELT_IS_MESH (mesh));
  g_assert_cmpint (melt_mesh_get_format (mesh), ==, formats[format_index].expected);
  g_assert_cmpstr (melt_mesh_get_display_name (mesh), ==, formats[format_index].name);
  g_assert_true (g_file_equal (melt_mesh_get_file (mesh), file));

  melt_test_tmpdir_remove (dir);

  return mesh;
}

/* Distinct undirected edges of the welded mesh, counted independently of
 * the report with a hash set */
static guint
count_edges (MeltMesh *mesh)
{
  g_autoptr(GHashTable) edges = g_hash_table_new (g_int64_hash, g_int64_equal);
  const guint32 *idx = melt_mesh_get_indices (mesh);
  g_autofree gint64 *keys = g_new (gint64, 3 * (gsize) melt_mesh_get_n_triangles (mesh));

  for (guint t = 0; t < melt_mesh_get_n_triangles (mesh); t++)
    for (guint k = 0; k < 3; k++)
      {
        guint32 a = idx[3 * t + k];
        guint32 b = idx[3 * t + (k + 1) % 3];
        gint64 *key = &keys[3 * t + k];

        *key = ((gint64) MIN (a, b) << 32) | MAX (a, b);
        g_hash_table_add (edges, key);
      }

  return g_hash_table_size (edges);
}

static int
euler_characteristic (MeltMesh *mesh)
{
  return (int) melt_mesh_get_n_vertices (mesh) - (int) count_edges (mesh) + (int) melt_mesh_get_n_triangles (mesh);
}

static void
assert_clean (const MeltMeshReport *report)
{
  g_autoptr(GPtrArray) defects = melt_mesh_report_list_defects (report);

  g_assert_cmpuint (report->open_edges, ==, 0);
  g_assert_cmpuint (report->nonmanifold_edges, ==, 0);
  g_assert_cmpuint (report->inconsistent_edges, ==, 0);
  g_assert_cmpuint (report->degenerate_triangles, ==, 0);
  g_assert_true (report->watertight);
  g_assert_cmpuint (defects->len, ==, 0);
}

static void
test_cube (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_cube (10.0);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr(MeltMesh) mesh = load_shape (shape, f);
      const MeltMeshReport *report = melt_mesh_get_report (mesh);
      float min[3], max[3];

      g_test_message ("format %s", formats[f].name);

      g_assert_cmpuint (report->triangles, ==, 12);
      g_assert_cmpuint (report->vertices, ==, 8);
      g_assert_cmpuint (melt_mesh_get_n_triangles (mesh), ==, 12);
      g_assert_cmpuint (melt_mesh_get_n_vertices (mesh), ==, 8);
      g_assert_cmpuint (report->edges, ==, 18);
      g_assert_cmpfloat (report->area_mm2, ==, 600.0);
      g_assert_cmpfloat (report->volume_mm3, ==, 1000.0);
      g_assert_cmpuint (report->bodies, ==, 1);
      assert_clean (report);

      melt_mesh_get_bounds (mesh, min, max);
      for (guint k = 0; k < 3; k++)
        {
          g_assert_cmpfloat (min[k], ==, 0.0f);
          g_assert_cmpfloat (max[k], ==, 10.0f);
          g_assert_cmpfloat (report->bounds_min[k], ==, 0.0);
          g_assert_cmpfloat (report->bounds_max[k], ==, 10.0);
        }
    }
}

static void
test_box_figures (void)
{
  /* a 12.5 x 40 x 3.25 plate moved away from the origin */
  g_autoptr(MeltTestShape) box = melt_test_shape_box (12.5, 40, 3.25);
  g_autoptr(MeltTestShape) shape = melt_test_shape_new ();

  melt_test_shape_append (shape, box, -100, 250, 7.5);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr(MeltMesh) mesh = load_shape (shape, f);
      const MeltMeshReport *report = melt_mesh_get_report (mesh);

      assert_close (report->volume_mm3, 12.5 * 40 * 3.25, 1e-9);
      assert_close (report->area_mm2, 2 * (12.5 * 40 + 12.5 * 3.25 + 40 * 3.25), 1e-9);
      g_assert_cmpfloat (report->bounds_min[0], ==, -100);
      g_assert_cmpfloat (report->bounds_max[1], ==, 290);
      g_assert_cmpfloat (report->bounds_max[2], ==, 10.75);
      assert_clean (report);
    }
}

static void
test_sphere (void)
{
  const double r = 25.0;
  double previous_error = G_MAXDOUBLE;
  static const guint resolutions[][2] = { { 8, 4 }, { 24, 12 }, { 96, 48 } };

  for (guint s = 0; s < G_N_ELEMENTS (resolutions); s++)
    {
      guint n_seg = resolutions[s][0];
      guint n_rings = resolutions[s][1];
      g_autoptr(MeltTestShape) shape = melt_test_shape_sphere (r, n_seg, n_rings);
      g_autoptr(MeltMesh) mesh = load_shape (shape, s % G_N_ELEMENTS (formats));
      const MeltMeshReport *report = melt_mesh_get_report (mesh);
      double exact = 4.0 / 3.0 * G_PI * r * r * r;
      double error;

      g_assert_cmpuint (report->vertices, ==, n_seg * (n_rings - 1) + 2);
      g_assert_cmpuint (report->triangles, ==, 2 * n_seg * (n_rings - 1));
      g_assert_cmpuint (report->bodies, ==, 1);
      g_assert_cmpint (euler_characteristic (mesh), ==, 2);
      assert_clean (report);

      assert_close (report->volume_mm3, melt_test_sphere_polyhedron_volume (r, n_seg, n_rings), 1e-5);
      assert_close (report->area_mm2, melt_test_sphere_polyhedron_area (r, n_seg, n_rings), 1e-5);

      /* inscribed polyhedra approach the sphere from below */
      g_assert_cmpfloat (report->volume_mm3, <, exact);
      error = exact - report->volume_mm3;
      g_assert_cmpfloat (error, <, previous_error / 4);
      previous_error = error;

      for (guint k = 0; k < 3; k++)
        {
          g_assert_cmpfloat (report->bounds_min[k], >=, -r * 1.000001);
          g_assert_cmpfloat (report->bounds_max[k], <=, r * 1.000001);
        }
      assert_close (report->bounds_max[2], r, 1e-7);
      assert_close (report->bounds_min[2], -r, 1e-7);
    }

  g_assert_cmpfloat (previous_error / (4.0 / 3.0 * G_PI * r * r * r), <, 5e-3);
}

static void
test_torus (void)
{
  const double R = 30.0, r = 8.0;
  const guint n_major = 64, n_minor = 24;
  g_autoptr(MeltTestShape) shape = melt_test_shape_torus (R, r, n_major, n_minor);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr(MeltMesh) mesh = load_shape (shape, f);
      const MeltMeshReport *report = melt_mesh_get_report (mesh);
      int chi = euler_characteristic (mesh);

      g_assert_cmpuint (report->vertices, ==, n_major * n_minor);
      g_assert_cmpuint (report->triangles, ==, 2 * n_major * n_minor);
      g_assert_cmpuint (report->bodies, ==, 1);
      /* one body of genus g has χ = 2 − 2g: a torus has genus 1 */
      g_assert_cmpint (chi, ==, 0);
      g_assert_cmpint ((int) report->vertices - (int) report->edges + (int) report->triangles, ==, 0);
      assert_clean (report);

      assert_close (report->volume_mm3, melt_test_torus_polyhedron_volume (R, r, n_major, n_minor), 1e-5);
      assert_close (report->area_mm2, melt_test_torus_polyhedron_area (R, r, n_major, n_minor), 1e-5);
      /* and close to the smooth torus, 2π²Rr² */
      assert_close (report->volume_mm3, 2 * G_PI * G_PI * R * r * r, 2e-2);
      assert_close (report->bounds_max[0], R + r, 1e-6);
      assert_close (report->bounds_max[2], r * sin (2 * G_PI * 6 / n_minor), 1e-6);
    }
}

static void
test_open_box (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_open_box (10.0);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr(MeltMesh) mesh = load_shape (shape, f);
      const MeltMeshReport *report = melt_mesh_get_report (mesh);
      g_autoptr(GPtrArray) defects = melt_mesh_report_list_defects (report);

      g_assert_cmpuint (report->triangles, ==, 10);
      g_assert_cmpuint (report->vertices, ==, 8);
      g_assert_cmpuint (report->open_edges, ==, 4);
      g_assert_cmpuint (report->nonmanifold_edges, ==, 0);
      g_assert_cmpuint (report->inconsistent_edges, ==, 0);
      g_assert_cmpuint (report->bodies, ==, 1);
      g_assert_false (report->watertight);
      assert_close (report->area_mm2, 500.0, 1e-12);
      g_assert_cmpuint (defects->len, ==, 1);
      g_assert_nonnull (strstr (g_ptr_array_index (defects, 0), "4 open edges"));
    }
}

static void
test_two_bodies (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_two_bodies (10.0, 5.0);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr(MeltMesh) mesh = load_shape (shape, f);
      const MeltMeshReport *report = melt_mesh_get_report (mesh);

      g_assert_cmpuint (report->triangles, ==, 24);
      g_assert_cmpuint (report->vertices, ==, 16);
      g_assert_cmpuint (report->bodies, ==, 2);
      g_assert_cmpint (euler_characteristic (mesh), ==, 4);
      assert_close (report->volume_mm3, 2000.0, 1e-12);
      assert_close (report->area_mm2, 1200.0, 1e-12);
      g_assert_cmpfloat (report->bounds_max[0], ==, 25.0);
      assert_clean (report);
    }
}

static void
test_nonmanifold_edge_pair (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_edge_pair (10.0);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr(MeltMesh) mesh = load_shape (shape, f);
      const MeltMeshReport *report = melt_mesh_get_report (mesh);

      /* the two vertices of the shared edge are welded */
      g_assert_cmpuint (report->vertices, ==, 14);
      g_assert_cmpuint (report->triangles, ==, 24);
      g_assert_cmpuint (report->nonmanifold_edges, ==, 1);
      g_assert_cmpuint (report->open_edges, ==, 0);
      g_assert_cmpuint (report->inconsistent_edges, ==, 0);
      g_assert_cmpuint (report->bodies, ==, 1);
      g_assert_false (report->watertight);
      assert_close (report->volume_mm3, 2000.0, 1e-12);
    }
}

static void
test_nonmanifold_fin (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_fin (10.0);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr(MeltMesh) mesh = load_shape (shape, f);
      const MeltMeshReport *report = melt_mesh_get_report (mesh);

      g_assert_cmpuint (report->triangles, ==, 13);
      g_assert_cmpuint (report->vertices, ==, 9);
      g_assert_cmpuint (report->nonmanifold_edges, ==, 1);
      g_assert_cmpuint (report->open_edges, ==, 2);
      g_assert_cmpuint (report->bodies, ==, 1);
      g_assert_false (report->watertight);
    }
}

static void
test_flipped_face (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_cube (10.0);

  melt_test_shape_flip_face (shape, 5);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr(MeltMesh) mesh = load_shape (shape, f);
      const MeltMeshReport *report = melt_mesh_get_report (mesh);

      /* the quad's four sides disagree with their neighbours; its
       * diagonal is shared by its own two triangles, which agree */
      g_assert_cmpuint (report->inconsistent_edges, ==, 4);
      g_assert_cmpuint (report->open_edges, ==, 0);
      g_assert_cmpuint (report->nonmanifold_edges, ==, 0);
      g_assert_false (report->watertight);
    }
}

static void
test_inside_out (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_cube (10.0);

  for (guint face = 0; face < melt_test_shape_get_n_faces (shape); face++)
    melt_test_shape_flip_face (shape, face);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr(MeltMesh) mesh = load_shape (shape, f);
      const MeltMeshReport *report = melt_mesh_get_report (mesh);
      g_autoptr(GPtrArray) defects = melt_mesh_report_list_defects (report);

      g_assert_cmpfloat (report->volume_mm3, ==, -1000.0);
      g_assert_true (report->watertight);
      g_assert_cmpuint (defects->len, ==, 1);
    }
}

/* The same shape in the three formats gives the same figures */
static void
test_formats_agree (void)
{
  g_autoptr(MeltTestShape) sphere = melt_test_shape_sphere (17.3, 37, 19);
  g_autoptr(MeltTestShape) shape = melt_test_shape_new ();
  g_autoptr(MeltTestShape) torus = melt_test_shape_torus (40, 5, 30, 11);
  g_autoptr(MeltMesh) first = NULL;

  /* a broken, two-body shape off the origin so every figure is non-trivial */
  melt_test_shape_append (shape, sphere, 3.1, -7.7, 100.25);
  melt_test_shape_append (shape, torus, 0, 0, 0);
  melt_test_shape_flip_face (shape, 3);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr(MeltMesh) mesh = load_shape (shape, f);
      const MeltMeshReport *a;
      const MeltMeshReport *b;

      if (first == NULL)
        {
          first = g_steal_pointer (&mesh);
          continue;
        }

      a = melt_mesh_get_report (first);
      b = melt_mesh_get_report (mesh);

      g_assert_cmpuint (a->triangles, ==, b->triangles);
      g_assert_cmpuint (a->vertices, ==, b->vertices);
      g_assert_cmpuint (a->edges, ==, b->edges);
      g_assert_cmpuint (a->open_edges, ==, b->open_edges);
      g_assert_cmpuint (a->nonmanifold_edges, ==, b->nonmanifold_edges);
      g_assert_cmpuint (a->inconsistent_edges, ==, b->inconsistent_edges);
      g_assert_cmpuint (a->degenerate_triangles, ==, b->degenerate_triangles);
      g_assert_cmpuint (a->bodies, ==, b->bodies);
      g_assert_cmpint (a->watertight, ==, b->watertight);
      assert_close (a->area_mm2, b->area_mm2, 1e-12);
      assert_close (a->volume_mm3, b->volume_mm3, 1e-12);
      for (guint k = 0; k < 3; k++)
        {
          g_assert_cmpfloat (a->bounds_min[k], ==, b->bounds_min[k]);
          g_assert_cmpfloat (a->bounds_max[k], ==, b->bounds_max[k]);
        }

      /* every coordinate survives the text formats exactly */
      g_assert_cmpmem (melt_mesh_get_positions (first), 12 * a->vertices,
                       melt_mesh_get_positions (mesh), 12 * b->vertices);
      g_assert_cmpmem (melt_mesh_get_indices (first), 12 * a->triangles,
                       melt_mesh_get_indices (mesh), 12 * b->triangles);
    }

  g_assert_cmpuint (melt_mesh_get_report (first)->bodies, ==, 2);
  g_assert_cmpuint (melt_mesh_get_report (first)->inconsistent_edges, >, 0);
}

/* A hexagonal prism: the OBJ keeps its two hexagons as polygons, the
 * reader splits each into four triangles */
static void
test_obj_polygons (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_new ();
  g_autoptr(MeltMesh) mesh = NULL;
  const MeltMeshReport *report;
  guint bottom[6], top[6];
  const double r = 10, h = 4;

  for (guint i = 0; i < 6; i++)
    {
      double a = G_PI / 3 * i;

      bottom[5 - i] = melt_test_shape_add_vertex (shape, r * cos (a), r * sin (a), 0);
      top[i] = melt_test_shape_add_vertex (shape, r * cos (a), r * sin (a), h);
    }
  melt_test_shape_add_face (shape, 6, bottom);
  melt_test_shape_add_face (shape, 6, top);
  for (guint i = 0; i < 6; i++)
    melt_test_shape_add_quad (shape, bottom[5 - i], bottom[(5 - (i + 1) % 6)], top[(i + 1) % 6], top[i]);

  mesh = load_shape (shape, 2);
  report = melt_mesh_get_report (mesh);

  g_assert_cmpuint (report->triangles, ==, 2 * 4 + 6 * 2);
  g_assert_cmpuint (report->vertices, ==, 12);
  assert_clean (report);
  assert_close (report->volume_mm3, 3 * sqrt (3) / 2 * r * r * h, 1e-6);
  assert_close (report->area_mm2, 2 * 3 * sqrt (3) / 2 * r * r + 6 * r * h, 1e-6);
}

/* Negative indices count back from the vertices defined so far, which
 * changes as the file goes on */
static void
test_obj_relative_indices (void)
{
  static const char obj[] =
    "# a tetrahedron, written in pieces\n"
    "v 0 0 0\n"
    "v 10 0 0\n"
    "v 0 10 0\n"
    "f -3 -1 -2\n"                /* 1 3 2: the base, facing down */
    "v 0 0 10\n"
    "f -4/1/1 -3/2/1 -1/3/1\n"    /* 1 2 4 */
    "f 2//1 3//1 -1//1\n"         /* 2 3 4 */
    "f\t3/1 1/2 4/3\r\n";         /* 3 1 4 */
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = melt_test_write_file (dir, "tetra.obj", obj, -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) mesh = melt_mesh_load (file, NULL, NULL, NULL, &error);
  const MeltMeshReport *report;

  g_assert_no_error (error);
  report = melt_mesh_get_report (mesh);
  g_assert_cmpuint (report->triangles, ==, 4);
  g_assert_cmpuint (report->vertices, ==, 4);
  assert_clean (report);
  assert_close (report->volume_mm3, 1000.0 / 6.0, 1e-12);
  assert_close (report->area_mm2, 3 * 50 + sqrt (3) / 4 * 200, 1e-9);

  melt_test_tmpdir_remove (dir);
}

/* Corners at -0.0 and 0.0 are one vertex; so are the corners of a text
 * file written with different spellings of the same number */
static void
test_weld_spellings (void)
{
  static const char stl[] =
    "solid spellings\n"
    " facet normal 0 0 -1\n  outer loop\n"
    "   vertex 0 0 0\n   vertex 0 10 0\n   vertex 10 0 0\n"
    "  endloop\n endfacet\n"
    " facet normal 0 -1 0\n  outer loop\n"
    "   vertex -0.0 +0e0 0.\n   vertex 1.0E1 0 0\n   vertex 0 0 10.000\n"
    "  endloop\n endfacet\n"
    " facet normal -1 0 0\n  outer loop\n"
    "   vertex .0 -0 0\n   vertex 0 0 1e+1\n   vertex 0 100e-1 0\n"
    "  endloop\n endfacet\n"
    " facet normal 1 1 1\n  outer loop\n"
    "   vertex 10 0 0\n   vertex 0 10 0\n   vertex 0 0 10\n"
    "  endloop\n endfacet\n"
    "endsolid spellings\n";
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = melt_test_write_file (dir, "spellings.stl", stl, -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) mesh = melt_mesh_load (file, NULL, NULL, NULL, &error);
  const MeltMeshReport *report;

  g_assert_no_error (error);
  g_assert_cmpint (melt_mesh_get_format (mesh), ==, MELT_MESH_FORMAT_STL_ASCII);
  report = melt_mesh_get_report (mesh);
  g_assert_cmpuint (report->vertices, ==, 4);
  assert_clean (report);
  assert_close (report->volume_mm3, 1000.0 / 6.0, 1e-12);

  /* no -0.0 is kept */
  for (guint i = 0; i < 3 * report->vertices; i++)
    g_assert_false (signbit (melt_mesh_get_positions (mesh)[i]));

  melt_test_tmpdir_remove (dir);
}

/* Several solids in one ASCII file, CRLF line ends, upper-case keywords */
static void
test_ascii_variants (void)
{
  g_autoptr(MeltTestShape) cube = melt_test_shape_cube (2.0);
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *one = g_build_filename (dir, "one.stl", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *twice = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) mesh = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *crlf = NULL;

  melt_test_write_stl_ascii (cube, one, &error);
  g_assert_no_error (error);
  g_file_get_contents (one, &contents, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  crlf = g_strjoinv ("\r\n", lines);
  twice = g_strconcat (crlf, "SOLID second\r\n  FACET NORMAL 0 0 0\r\n OUTER LOOP\r\n"
                       "VERTEX 5 5 5\r\nVERTEX 6 5 5\r\nVERTEX 5 6 5\r\nENDLOOP\r\nENDFACET\r\nENDSOLID\r\n", NULL);
  path = melt_test_write_file (dir, "two-solids.stl", twice, -1);
  file = g_file_new_for_path (path);

  mesh = melt_mesh_load (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (melt_mesh_get_report (mesh)->triangles, ==, 13);
  g_assert_cmpuint (melt_mesh_get_report (mesh)->bodies, ==, 2);
  g_assert_cmpuint (melt_mesh_get_report (mesh)->open_edges, ==, 3);

  melt_test_tmpdir_remove (dir);
}

/* A binary STL whose header begins with “solid” (the test writer always
 * does that) and one whose header is all zeros are both binary */
static void
test_binary_headers (void)
{
  g_autoptr(MeltTestShape) cube = melt_test_shape_cube (1.0);
  g_autoptr(GBytes) bytes = melt_test_shape_to_stl_binary (cube);
  g_autoptr(GByteArray) zeroed = g_byte_array_new ();
  g_autoptr(GBytes) zeroed_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) a = NULL;
  g_autoptr(MeltMesh) b = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  static const guint8 zeros[80] = { 0 };

  g_assert_cmpmem (data, 5, "solid", 5);
  a = melt_mesh_load_bytes (bytes, "header-solid.stl", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (melt_mesh_get_format (a), ==, MELT_MESH_FORMAT_STL_BINARY);

  g_byte_array_append (zeroed, zeros, 80);
  g_byte_array_append (zeroed, data + 80, len - 80);
  zeroed_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&zeroed));
  /* no extension: found from the contents */
  b = melt_mesh_load_bytes (zeroed_bytes, "part", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (melt_mesh_get_format (b), ==, MELT_MESH_FORMAT_STL_BINARY);
  g_assert_cmpfloat (melt_mesh_get_report (b)->volume_mm3, ==, 1.0);
}

/* An OBJ square (two triangles) and an ASCII STL triangle, the text
 * formats' variants are made from */
static const char square_obj[] =
  "# square\n"
  "v 0 0 0\n"
  "v 1 0 0\n"
  "v 1 1 0\n"
  "v 0 1 0\n"
  "f 1 2 3 4\n";

static const char triangle_stl[] =
  "solid t\n"
  "facet normal 0 0 1\n"
  "outer loop\n"
  "vertex 0 0 0\n"
  "vertex 1 0 0\n"
  "vertex 0 1 0\n"
  "endloop\n"
  "endfacet\n"
  "endsolid t\n";

static MeltMesh *
load_text (const char *name,
           const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  MeltMesh *mesh = melt_mesh_load_bytes (bytes, name, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (mesh);

  return mesh;
}

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

/* A UTF-8 byte order mark before OBJ and ASCII STL text, as Windows
 * editors write it, is skipped (with and without an extension) */
static void
test_bom (void)
{
  g_autofree char *obj = g_strconcat ("\xef\xbb\xbf", square_obj + strlen ("# square\n"), NULL);
  g_autofree char *stl = g_strconcat ("\xef\xbb\xbf", triangle_stl, NULL);
  g_autoptr(MeltMesh) a = load_text ("bom.obj", obj);
  g_autoptr(MeltMesh) b = load_text ("bom", obj);
  g_autoptr(MeltMesh) c = load_text ("bom.stl", stl);

  g_assert_cmpuint (melt_mesh_get_n_triangles (a), ==, 2);
  g_assert_cmpint (melt_mesh_get_format (b), ==, MELT_MESH_FORMAT_OBJ);
  g_assert_cmpuint (melt_mesh_get_n_triangles (b), ==, 2);
  g_assert_cmpint (melt_mesh_get_format (c), ==, MELT_MESH_FORMAT_STL_ASCII);
  g_assert_cmpuint (melt_mesh_get_n_triangles (c), ==, 1);
}

/* Lines ended by a lone CR (old Mac files) read as lines */
static void
test_cr_line_ends (void)
{
  g_autofree char *obj = replace_all (square_obj, "\n", "\r");
  g_autofree char *stl = replace_all (triangle_stl, "\n", "\r");
  g_autoptr(MeltMesh) a = load_text ("mac.obj", obj);
  g_autoptr(MeltMesh) b = load_text ("mac.stl", stl);

  g_assert_cmpuint (melt_mesh_get_n_triangles (a), ==, 2);
  g_assert_cmpuint (melt_mesh_get_n_vertices (a), ==, 4);
  g_assert_cmpuint (melt_mesh_get_n_triangles (b), ==, 1);
}

/* Numbers of more than 127 characters are numbers too */
static void
test_long_numbers (void)
{
  g_autofree char *zeros = g_strnfill (200, '0');
  g_autofree char *tiny = g_strconcat ("0.", zeros, "1", NULL);
  g_autofree char *one = g_strconcat ("1.", zeros, "1", NULL);
  g_autofree char *three = g_strconcat (zeros, "3", NULL);
  g_autofree char *obj = g_strdup_printf ("v %s 0 0\nv %s 0 0\nv 0 %s 0\nf 1 2 3\n", tiny, one, three);
  g_autofree char *stl = g_strdup_printf ("solid long\nfacet normal 0 0 1\nouter loop\n"
                                          "vertex %s 0 0\nvertex %s 0 0\nvertex 0 %s 0\n"
                                          "endloop\nendfacet\nendsolid long\n", tiny, one, three);
  const char *texts[] = { obj, stl };
  const char *names[] = { "long.obj", "long.stl" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(MeltMesh) mesh = load_text (names[i], texts[i]);
      float min[3], max[3];

      melt_mesh_get_bounds (mesh, min, max);
      g_assert_cmpfloat (min[0], ==, 0.0f);
      g_assert_cmpfloat (max[0], ==, 1.0f);
      g_assert_cmpfloat (max[1], ==, 3.0f);
    }
}

/* A file name that is not UTF-8 (byte 0xE9, Latin-1 “é”): the display
 * name is UTF-8, with U+FFFD for the byte */
static void
test_non_utf8_name (void)
{
  g_autoptr(MeltTestShape) cube = melt_test_shape_cube (1.0);
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "pi\xe8" "ce.stl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) mesh = NULL;
  const char *name;

  if (!melt_test_write_stl_binary (cube, path, &error))
    {
      g_test_skip_printf ("the file system refuses the name: %s", error->message);
      melt_test_tmpdir_remove (dir);
      return;
    }

  mesh = melt_mesh_load (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  name = melt_mesh_get_display_name (mesh);
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_true (g_str_has_prefix (name, "pi"));
  g_assert_true (g_str_has_suffix (name, "ce.stl"));

  melt_test_tmpdir_remove (dir);
}

/* A named pipe (as “<(cat part.obj)” gives): read as a stream, not mapped */
static void
test_fifo (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "pipe.obj", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) mesh = NULL;
  MeltTestFifo *fifo = melt_test_fifo_new (path, square_obj, strlen (square_obj));

  if (fifo == NULL)
    {
      g_test_skip ("no named pipes here");
      melt_test_tmpdir_remove (dir);
      return;
    }

  mesh = melt_mesh_load (file, NULL, NULL, NULL, &error);
  melt_test_fifo_finish (fifo);

  g_assert_no_error (error);
  g_assert_cmpuint (melt_mesh_get_n_triangles (mesh), ==, 2);
  g_assert_cmpstr (melt_mesh_get_display_name (mesh), ==, "pipe.obj");

  melt_test_tmpdir_remove (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/mesh/read/cube", test_cube);
  g_test_add_func ("/core/mesh/read/box-figures", test_box_figures);
  g_test_add_func ("/core/mesh/read/sphere", test_sphere);
  g_test_add_func ("/core/mesh/read/torus", test_torus);
  g_test_add_func ("/core/mesh/read/open-box", test_open_box);
  g_test_add_func ("/core/mesh/read/two-bodies", test_two_bodies);
  g_test_add_func ("/core/mesh/read/nonmanifold-edge-pair", test_nonmanifold_edge_pair);
  g_test_add_func ("/core/mesh/read/nonmanifold-fin", test_nonmanifold_fin);
  g_test_add_func ("/core/mesh/read/flipped-face", test_flipped_face);
  g_test_add_func ("/core/mesh/read/inside-out", test_inside_out);
  g_test_add_func ("/core/mesh/read/formats-agree", test_formats_agree);
  g_test_add_func ("/core/mesh/read/obj-polygons", test_obj_polygons);
  g_test_add_func ("/core/mesh/read/obj-relative-indices", test_obj_relative_indices);
  g_test_add_func ("/core/mesh/read/weld-spellings", test_weld_spellings);
  g_test_add_func ("/core/mesh/read/ascii-variants", test_ascii_variants);
  g_test_add_func ("/core/mesh/read/binary-headers", test_binary_headers);
  g_test_add_func ("/core/mesh/read/bom", test_bom);
  g_test_add_func ("/core/mesh/read/cr-line-ends", test_cr_line_ends);
  g_test_add_func ("/core/mesh/read/long-numbers", test_long_numbers);
  g_test_add_func ("/core/mesh/read/non-utf8-name", test_non_utf8_name);
  g_test_add_func ("/core/mesh/read/fifo", test_fifo);

  return g_test_run ();
}
