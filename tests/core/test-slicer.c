/* test-slicer.c: parts cut into layers, checked against analytic figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "melt-contours-geos.h"
#include "melt-mesh.h"
#include "melt-slicer.h"
#include "melt-test-shapes.h"

static MeltMesh *
mesh_from_shape (const MeltTestShape *shape)
{
  guint n_triangles;
  g_autofree float *soup = melt_test_shape_to_soup (shape, &n_triangles);

  return melt_mesh_new_from_soup (soup, n_triangles);
}

static MeltSlice *
slice_shape (const MeltTestShape *shape,
             double               layer_height,
             double               tolerance)
{
  g_autoptr(MeltMesh) mesh = mesh_from_shape (shape);
  g_autoptr(GError) error = NULL;
  MeltSlice *slice;

  slice = melt_slicer_slice (mesh, layer_height, tolerance, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (slice);

  return slice;
}

static void
assert_close (double value,
              double expected,
              double relative)
{
  if (fabs (value - expected) > relative * fabs (expected))
    g_error ("%.12g is not within %g (relative) of %.12g", value, relative, expected);
}

/* Rings turn as documented: outer counter-clockwise, holes clockwise */
static void
assert_oriented (const MeltContours *c)
{
  for (guint p = 0; p < c->n_polygons; p++)
    for (guint r = c->polygon_start[p]; r < c->polygon_start[p + 1]; r++)
      {
        if (r == c->polygon_start[p])
          g_assert_cmpfloat (melt_contours_get_ring_area (c, r), >, 0.0);
        else
          g_assert_cmpfloat (melt_contours_get_ring_area (c, r), <, 0.0);
      }
}

/* Valid in the OGC sense, by GEOS's own check */
static void
assert_valid (const MeltContours *c)
{
  GEOSContextHandle_t ctx = _melt_geos_context_new ();
  GEOSGeometry *g = melt_contours_to_geos (ctx, c);

  g_assert_nonnull (g);
  g_assert_cmpint (GEOSisValid_r (ctx, g), ==, 1);
  GEOSGeom_destroy_r (ctx, g);
  _melt_geos_context_free (ctx);
}

static void
assert_no_gaps (MeltSlice *slice)
{
  const MeltSliceReport *report = melt_slice_get_report (slice);

  g_assert_cmpuint (report->n_gaps_closed, ==, 0);
  g_assert_cmpfloat (report->max_gap_mm, ==, 0.0);
  g_assert_cmpuint (report->n_open_chains, ==, 0);
  g_assert_cmpuint (report->n_layers_with_gaps, ==, 0);
  g_assert_cmpuint (report->n_layers_with_open_chains, ==, 0);
  g_assert_cmpuint (report->first_open_layer, ==, G_MAXUINT);
}

static void
test_cube (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_cube (20.0);
  g_autoptr(MeltSlice) slice = slice_shape (shape, 1.0, 0.0);
  g_autofree char *text = NULL;

  g_assert_cmpuint (melt_slice_get_n_layers (slice), ==, 20);
  g_assert_cmpfloat (melt_slice_get_layer_height (slice), ==, 1.0);

  for (guint i = 0; i < 20; i++)
    {
      const MeltContours *c = melt_slice_get_contours (slice, i);
      double min[2], max[2];

      g_assert_cmpfloat_with_epsilon (melt_slice_get_z (slice, i), i + 0.5, 1e-12);
      g_assert_cmpuint (c->n_polygons, ==, 1);
      g_assert_cmpuint (c->n_rings, ==, 1);
      assert_close (melt_contours_get_area (c), 400.0, 1e-6);
      assert_oriented (c);
      assert_valid (c);

      melt_contours_get_bounds (c, min, max);
      g_assert_cmpfloat (min[0], ==, 0.0);
      g_assert_cmpfloat (min[1], ==, 0.0);
      g_assert_cmpfloat (max[0], ==, 20.0);
      g_assert_cmpfloat (max[1], ==, 20.0);
    }

  assert_no_gaps (slice);
  text = melt_slice_describe_report (slice);
  g_assert_nonnull (text);

  g_assert_finalize_object (g_steal_pointer (&slice));
}

/* A layer height that does not divide the part: a top left over of less
 * than half a layer is not cut, more than half is */
static void
test_layer_count (void)
{
  g_autoptr(MeltTestShape) low = melt_test_shape_box (10.0, 10.0, 10.3);
  g_autoptr(MeltTestShape) high = melt_test_shape_box (10.0, 10.0, 10.7);
  g_autoptr(MeltSlice) a = slice_shape (low, 1.0, 0.0);
  g_autoptr(MeltSlice) b = slice_shape (high, 1.0, 0.0);

  g_assert_cmpuint (melt_slice_get_n_layers (a), ==, 10);
  g_assert_cmpuint (melt_slice_get_n_layers (b), ==, 11);
  assert_close (melt_contours_get_area (melt_slice_get_contours (b, 10)), 100.0, 1e-6);
}

/* Polyhedral radius of a UV sphere at height z: on the straight meridian
 * edge between the two rings around z */
static double
uv_sphere_rho (double radius,
               guint  n_rings,
               double z)
{
  for (guint i = 0; i < n_rings; i++)
    {
      double t0 = G_PI * i / n_rings, t1 = G_PI * (i + 1) / n_rings;
      double z0 = radius * cos (t0), z1 = radius * cos (t1);
      double r0 = radius * sin (t0), r1 = radius * sin (t1);

      if (z <= z0 && z >= z1)
        return r0 + (z - z0) / (z1 - z0) * (r1 - r0);
    }

  g_assert_not_reached ();
}

static void
test_sphere (void)
{
  const double r = 10.0;
  const guint n_segments = 64, n_rings = 32;
  g_autoptr(MeltTestShape) shape = melt_test_shape_sphere (r, n_segments, n_rings);
  g_autoptr(MeltSlice) slice = slice_shape (shape, 0.5, 0.0);
  /* The polyhedron lies between the sphere and the sphere shrunk by these
   * factors (its faces' distance from the centre) */
  double shrink = cos (G_PI / n_segments) * cos (G_PI / n_rings);

  g_assert_cmpuint (melt_slice_get_n_layers (slice), ==, 40);

  for (guint i = 0; i < 40; i++)
    {
      const MeltContours *c = melt_slice_get_contours (slice, i);
      double z = melt_slice_get_z (slice, i);
      double area = melt_contours_get_area (c);
      double rho = uv_sphere_rho (r, n_rings, z);
      double exact = 0.5 * n_segments * rho * rho * sin (2 * G_PI / n_segments);

      g_assert_cmpfloat_with_epsilon (z, -10.0 + 0.25 + 0.5 * i, 1e-9);
      g_assert_cmpuint (c->n_polygons, ==, 1);
      g_assert_cmpuint (c->n_rings, ==, 1);

      /* the section of the polyhedron, to float precision (the mesh holds
       * its corners as floats) */
      assert_close (area, exact, 1e-5);
      /* and of the sphere, within the tessellation */
      g_assert_cmpfloat (area, <=, G_PI * (r * r - z * z) * (1 + 1e-9));
      g_assert_cmpfloat (area, >=, G_PI * (r * r * shrink * shrink - z * z));
      assert_oriented (c);
    }

  assert_no_gaps (slice);
}

/* The torus's profile is a regular n_minor-gon around (R, 0): the outer and
 * inner radius of its polyhedral section at z */
static void
torus_rho (double  R,
           double  r,
           guint   n_minor,
           double  z,
           double *inner,
           double *outer)
{
  *inner = G_MAXDOUBLE;
  *outer = -G_MAXDOUBLE;

  for (guint i = 0; i < n_minor; i++)
    {
      double v0 = 2 * G_PI * i / n_minor, v1 = 2 * G_PI * (i + 1) / n_minor;
      double z0 = r * sin (v0), z1 = r * sin (v1);
      double p0 = R + r * cos (v0), p1 = R + r * cos (v1);
      double rho;

      if ((z < z0) == (z < z1))
        continue;

      rho = p0 + (z - z0) / (z1 - z0) * (p1 - p0);
      *inner = MIN (*inner, rho);
      *outer = MAX (*outer, rho);
    }
}

static void
test_torus (void)
{
  const double R = 20.0, r = 5.0;
  const guint n_major = 96, n_minor = 48;
  g_autoptr(MeltTestShape) shape = melt_test_shape_torus (R, r, n_major, n_minor);
  g_autoptr(MeltSlice) slice = slice_shape (shape, 1.0, 0.0);
  guint n_layers = melt_slice_get_n_layers (slice);

  /* the profile's height is 2 r sin of the nearest corner to the top */
  g_assert_cmpuint (n_layers, ==, 10);

  for (guint i = 0; i < n_layers; i++)
    {
      const MeltContours *c = melt_slice_get_contours (slice, i);
      double z = melt_slice_get_z (slice, i);
      double inner, outer, exact;

      torus_rho (R, r, n_minor, z, &inner, &outer);
      exact = 0.5 * n_major * sin (2 * G_PI / n_major) * (outer * outer - inner * inner);

      /* an annulus: one polygon with a hole */
      g_assert_cmpuint (c->n_polygons, ==, 1);
      g_assert_cmpuint (c->n_rings, ==, 2);
      /* to float precision, as the sphere's */
      assert_close (melt_contours_get_area (c), exact, 1e-5);
      assert_close (melt_contours_get_ring_area (c, 0),
                    0.5 * n_major * sin (2 * G_PI / n_major) * outer * outer, 1e-5);
      assert_oriented (c);
      assert_valid (c);
    }

  assert_no_gaps (slice);
}

/* A square tube, 20 mm outside, a 10 mm square hole through it along z */
static MeltTestShape *
square_tube (double outer,
             double inner,
             double height)
{
  MeltTestShape *shape = melt_test_shape_new ();
  double a = (outer - inner) / 2, b = a + inner;
  const double o[4][2] = { { 0, 0 }, { outer, 0 }, { outer, outer }, { 0, outer } };
  const double in[4][2] = { { a, a }, { b, a }, { b, b }, { a, b } };
  guint ob[4], ot[4], ib[4], it[4];

  for (guint k = 0; k < 4; k++)
    {
      ob[k] = melt_test_shape_add_vertex (shape, o[k][0], o[k][1], 0);
      ot[k] = melt_test_shape_add_vertex (shape, o[k][0], o[k][1], height);
      ib[k] = melt_test_shape_add_vertex (shape, in[k][0], in[k][1], 0);
      it[k] = melt_test_shape_add_vertex (shape, in[k][0], in[k][1], height);
    }

  for (guint k = 0; k < 4; k++)
    {
      guint l = (k + 1) % 4;

      melt_test_shape_add_quad (shape, ob[k], ob[l], ot[l], ot[k]);   /* outside */
      melt_test_shape_add_quad (shape, ib[l], ib[k], it[k], it[l]);   /* inside */
      melt_test_shape_add_quad (shape, ob[l], ob[k], ib[k], ib[l]);   /* bottom */
      melt_test_shape_add_quad (shape, ot[k], ot[l], it[l], it[k]);   /* top */
    }

  return shape;
}

static void
test_tube (void)
{
  g_autoptr(MeltTestShape) shape = square_tube (20.0, 10.0, 10.0);
  g_autoptr(MeltSlice) slice = slice_shape (shape, 1.0, 0.0);

  g_assert_cmpuint (melt_slice_get_n_layers (slice), ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      const MeltContours *c = melt_slice_get_contours (slice, i);

      g_assert_cmpuint (c->n_polygons, ==, 1);
      g_assert_cmpuint (c->n_rings, ==, 2);
      assert_close (melt_contours_get_area (c), 400.0 - 100.0, 1e-9);
      assert_close (melt_contours_get_ring_area (c, 1), -100.0, 1e-9);
      assert_oriented (c);
      assert_valid (c);
    }
  assert_no_gaps (slice);
}

/* A tube with a smaller tube standing in its hole: an island in a hole */
static void
test_island_in_hole (void)
{
  g_autoptr(MeltTestShape) shape = square_tube (20.0, 10.0, 10.0);
  g_autoptr(MeltTestShape) inner = melt_test_shape_box (4.0, 4.0, 10.0);
  g_autoptr(MeltSlice) slice = NULL;
  const MeltContours *c;

  melt_test_shape_append (shape, inner, 8.0, 8.0, 0.0);
  slice = slice_shape (shape, 1.0, 0.0);

  c = melt_slice_get_contours (slice, 3);
  g_assert_cmpuint (c->n_polygons, ==, 2);
  g_assert_cmpuint (c->n_rings, ==, 3);
  assert_close (melt_contours_get_area (c), 300.0 + 16.0, 1e-9);
  assert_oriented (c);
  assert_valid (c);
}

/* 6 × 6 tubes, each with an island in its hole: enough rings that they are
 * nested through a search tree */
static void
test_many_islands (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_new ();
  g_autoptr(MeltTestShape) tube = square_tube (20.0, 10.0, 10.0);
  g_autoptr(MeltTestShape) inner = melt_test_shape_box (4.0, 4.0, 10.0);
  g_autoptr(MeltSlice) slice = NULL;
  const MeltContours *c;

  for (guint i = 0; i < 6; i++)
    for (guint j = 0; j < 6; j++)
      {
        melt_test_shape_append (shape, tube, 25.0 * i, 25.0 * j, 0.0);
        melt_test_shape_append (shape, inner, 25.0 * i + 8.0, 25.0 * j + 8.0, 0.0);
      }
  slice = slice_shape (shape, 1.0, 0.0);

  c = melt_slice_get_contours (slice, 7);
  g_assert_cmpuint (c->n_polygons, ==, 72);
  g_assert_cmpuint (c->n_rings, ==, 108);
  assert_close (melt_contours_get_area (c), 36 * (300.0 + 16.0), 1e-9);
  assert_oriented (c);
  assert_valid (c);
}

static void
test_two_bodies (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_two_bodies (10.0, 5.0);
  g_autoptr(MeltSlice) slice = slice_shape (shape, 1.0, 0.0);

  g_assert_cmpuint (melt_slice_get_n_layers (slice), ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      const MeltContours *c = melt_slice_get_contours (slice, i);

      g_assert_cmpuint (c->n_polygons, ==, 2);
      g_assert_cmpuint (c->n_rings, ==, 2);
      assert_close (melt_contours_get_area (c), 200.0, 1e-9);
      assert_oriented (c);
      assert_valid (c);
    }
  assert_no_gaps (slice);
}

/* Two cubes overlapping (a mesh that intersects itself): their union */
static void
test_overlapping_bodies (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_cube (10.0);
  g_autoptr(MeltTestShape) other = melt_test_shape_cube (10.0);
  g_autoptr(MeltSlice) slice = NULL;
  const MeltContours *c;

  melt_test_shape_append (shape, other, 5.0, 5.0, 0.0);
  slice = slice_shape (shape, 1.0, 0.0);

  c = melt_slice_get_contours (slice, 5);
  g_assert_cmpuint (c->n_polygons, ==, 1);
  assert_oriented (c);
  assert_valid (c);
  /* Even-odd nesting makes no hole of a crossing ring: 2 × 100 − 25 */
  assert_close (melt_contours_get_area (c), 175.0, 1e-9);
}

/* The open face of an open box is horizontal: no layer notices */
static void
test_open_box (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_open_box (20.0);
  g_autoptr(MeltSlice) slice = slice_shape (shape, 1.0, 0.0);

  g_assert_cmpuint (melt_slice_get_n_layers (slice), ==, 20);
  for (guint i = 0; i < 20; i++)
    assert_close (melt_contours_get_area (melt_slice_get_contours (slice, i)), 400.0, 1e-9);
  assert_no_gaps (slice);
}

/* A 20 mm cube whose front face (y = 0) is cut by a vertical slit @gap
 * wide at x = 10: the mesh is open along the slit */
static MeltTestShape *
slit_cube (double gap)
{
  MeltTestShape *shape = melt_test_shape_new ();
  const double s = 20.0, l = 10.0 - gap / 2, r = 10.0 + gap / 2;
  const double xy[6][2] = { { 0, 0 }, { l, 0 }, { r, 0 }, { s, 0 }, { s, s }, { 0, s } };
  guint bottom[6], top[6];
  guint face[6];

  for (guint k = 0; k < 6; k++)
    {
      bottom[k] = melt_test_shape_add_vertex (shape, xy[k][0], xy[k][1], 0);
      top[k] = melt_test_shape_add_vertex (shape, xy[k][0], xy[k][1], s);
    }

  for (guint k = 0; k < 6; k++)
    {
      guint m = (k + 1) % 6;

      if (k != 1)   /* the slit, between l and r */
        melt_test_shape_add_quad (shape, bottom[k], bottom[m], top[m], top[k]);
    }

  for (guint k = 0; k < 6; k++)
    face[k] = bottom[5 - k];
  melt_test_shape_add_face (shape, 6, face);
  for (guint k = 0; k < 6; k++)
    face[k] = top[k];
  melt_test_shape_add_face (shape, 6, face);

  return shape;
}

static void
test_gap_closed (void)
{
  g_autoptr(MeltTestShape) shape = slit_cube (0.05);
  g_autoptr(MeltSlice) slice = slice_shape (shape, 1.0, 0.1);
  const MeltSliceReport *report = melt_slice_get_report (slice);
  g_autofree char *text = NULL;

  g_assert_cmpuint (melt_slice_get_n_layers (slice), ==, 20);
  g_assert_cmpuint (report->n_gaps_closed, ==, 20);
  g_assert_cmpuint (report->n_layers_with_gaps, ==, 20);
  g_assert_cmpfloat_with_epsilon (report->max_gap_mm, 0.05, 1e-6);
  g_assert_cmpuint (report->n_open_chains, ==, 0);
  g_assert_cmpuint (report->first_open_layer, ==, G_MAXUINT);

  for (guint i = 0; i < 20; i++)
    {
      const MeltContours *c = melt_slice_get_contours (slice, i);
      guint gaps, open;

      melt_slice_get_layer_gaps (slice, i, &gaps, &open);
      g_assert_cmpuint (gaps, ==, 1);
      g_assert_cmpuint (open, ==, 0);
      g_assert_cmpuint (c->n_polygons, ==, 1);
      /* the joint runs along the slit: the full square */
      assert_close (melt_contours_get_area (c), 400.0, 1e-9);
      assert_oriented (c);
    }

  text = melt_slice_describe_report (slice);
  g_assert_nonnull (strstr (text, "20"));
}

static void
test_gap_left_open (void)
{
  g_autoptr(MeltTestShape) shape = slit_cube (0.05);
  g_autoptr(MeltSlice) slice = slice_shape (shape, 1.0, 0.01);
  const MeltSliceReport *report = melt_slice_get_report (slice);
  g_autofree char *text = NULL;

  g_assert_cmpuint (report->n_gaps_closed, ==, 0);
  g_assert_cmpuint (report->n_open_chains, ==, 20);
  g_assert_cmpuint (report->n_layers_with_open_chains, ==, 20);
  g_assert_cmpuint (report->first_open_layer, ==, 0);

  for (guint i = 0; i < 20; i++)
    {
      guint gaps, open;

      melt_slice_get_layer_gaps (slice, i, &gaps, &open);
      g_assert_cmpuint (gaps, ==, 0);
      g_assert_cmpuint (open, ==, 1);
      /* an open outline encloses nothing */
      g_assert_cmpuint (melt_slice_get_contours (slice, i)->n_polygons, ==, 0);
    }

  text = melt_slice_describe_report (slice);
  g_assert_nonnull (strstr (text, "20"));
}

/* Two cubes sharing an edge: four triangles on it, a non-manifold edge the
 * layers cross at the squares' common corner */
static void
test_non_manifold_edge (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_edge_pair (10.0);
  g_autoptr(MeltSlice) slice = slice_shape (shape, 1.0, 0.0);

  g_assert_cmpuint (melt_slice_get_n_layers (slice), ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      const MeltContours *c = melt_slice_get_contours (slice, i);

      assert_close (melt_contours_get_area (c), 200.0, 1e-9);
      assert_oriented (c);
      assert_valid (c);
    }
  g_assert_cmpuint (melt_slice_get_report (slice)->n_open_chains, ==, 0);
}

/* A cube with a one-sided fin above it: the fin's layers are open chains */
static void
test_fin (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_fin (10.0);
  g_autoptr(MeltSlice) slice = slice_shape (shape, 1.0, 0.0);
  const MeltSliceReport *report = melt_slice_get_report (slice);

  g_assert_cmpuint (melt_slice_get_n_layers (slice), ==, 15);
  for (guint i = 0; i < 15; i++)
    {
      guint gaps, open;

      melt_slice_get_layer_gaps (slice, i, &gaps, &open);
      g_assert_cmpuint (gaps, ==, 0);
      g_assert_cmpuint (open, ==, i < 10 ? 0 : 1);
      assert_close (melt_contours_get_area (melt_slice_get_contours (slice, i)),
                    i < 10 ? 100.0 : 0.0, 1e-9);
    }
  g_assert_cmpuint (report->n_open_chains, ==, 5);
  g_assert_cmpuint (report->n_layers_with_open_chains, ==, 5);
  g_assert_cmpuint (report->first_open_layer, ==, 10);
}

/* An octahedron, corners on the axes at ±@r */
static MeltTestShape *
octahedron (double r)
{
  MeltTestShape *shape = melt_test_shape_new ();
  guint e[4], top, bottom;

  e[0] = melt_test_shape_add_vertex (shape, r, 0, 0);
  e[1] = melt_test_shape_add_vertex (shape, 0, r, 0);
  e[2] = melt_test_shape_add_vertex (shape, -r, 0, 0);
  e[3] = melt_test_shape_add_vertex (shape, 0, -r, 0);
  top = melt_test_shape_add_vertex (shape, 0, 0, r);
  bottom = melt_test_shape_add_vertex (shape, 0, 0, -r);

  for (guint k = 0; k < 4; k++)
    {
      melt_test_shape_add_triangle (shape, e[k], e[(k + 1) % 4], top);
      melt_test_shape_add_triangle (shape, e[(k + 1) % 4], e[k], bottom);
    }

  return shape;
}

/* Planes through vertices: a vertex on the plane counts as above it */
static void
test_plane_through_vertices (void)
{
  g_autoptr(MeltTestShape) shape = octahedron (10.0);
  g_autoptr(MeltMesh) mesh = mesh_from_shape (shape);
  g_autoptr(MeltTestShape) cube_shape = melt_test_shape_cube (20.0);
  g_autoptr(MeltMesh) cube = mesh_from_shape (cube_shape);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltSlice) slice = NULL;
  MeltContours *c;
  guint gaps = 99, open = 99;
  double max_gap = -1;

  /* the equator: a square through the four corners, area 2 r² */
  c = melt_slicer_slice_at (mesh, 0.0, 0.0, &gaps, &max_gap, &open, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->n_polygons, ==, 1);
  g_assert_cmpuint (c->n_rings, ==, 1);
  g_assert_cmpuint (c->n_points, ==, 4);
  assert_close (melt_contours_get_area (c), 200.0, 1e-12);
  g_assert_cmpuint (gaps, ==, 0);
  g_assert_cmpuint (open, ==, 0);
  g_assert_cmpfloat (max_gap, ==, 0.0);
  assert_oriented (c);
  melt_contours_free (c);

  /* through the top and bottom corners: nothing, and nothing left open */
  for (int sign = -1; sign <= 1; sign += 2)
    {
      c = melt_slicer_slice_at (mesh, sign * 10.0, 0.0, &gaps, NULL, &open, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (c->n_polygons, ==, 0);
      g_assert_cmpuint (gaps, ==, 0);
      g_assert_cmpuint (open, ==, 0);
      melt_contours_free (c);
    }

  /* the bottom face of a cube is above a plane through it, the top face
   * too: the plane is just below them */
  c = melt_slicer_slice_at (cube, 0.0, 0.0, NULL, NULL, &open, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->n_polygons, ==, 0);
  g_assert_cmpuint (open, ==, 0);
  melt_contours_free (c);

  c = melt_slicer_slice_at (cube, 20.0, 0.0, NULL, NULL, &open, &error);
  g_assert_no_error (error);
  assert_close (melt_contours_get_area (c), 400.0, 1e-12);
  g_assert_cmpuint (open, ==, 0);
  melt_contours_free (c);

  /* the octahedron in layers of 2.5 mm from z = -10: planes at -8.75,
   * -6.25, ...: squares of half-diagonal 10 - |z| */
  slice = melt_slicer_slice (mesh, 2.5, 0.0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (melt_slice_get_n_layers (slice), ==, 8);
  for (guint i = 0; i < 8; i++)
    {
      double z = melt_slice_get_z (slice, i);
      double d = 10.0 - fabs (z);

      assert_close (melt_contours_get_area (melt_slice_get_contours (slice, i)), 2 * d * d, 1e-12);
    }
}

/* A plane through every vertex of a joint between two bodies stacked on
 * each other, and through non-manifold edges there */
static void
test_plane_on_shared_vertices (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_box (10.0, 10.0, 1.0);
  g_autoptr(MeltTestShape) upper = melt_test_shape_box (10.0, 10.0, 1.5);
  g_autoptr(MeltMesh) mesh = NULL;
  g_autoptr(GError) error = NULL;
  MeltContours *c;
  guint open = 99;

  /* a thin plate and a taller box on top, touching at z = 1: the plane at
   * z = 1 runs through every vertex of the joint */
  melt_test_shape_append (shape, upper, 0.0, 0.0, 1.0);
  mesh = mesh_from_shape (shape);

  c = melt_slicer_slice_at (mesh, 1.0, 0.0, NULL, NULL, &open, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open, ==, 0);
  g_assert_cmpuint (c->n_polygons, ==, 1);
  assert_close (melt_contours_get_area (c), 100.0, 1e-12);
  melt_contours_free (c);
}

static void
test_cancel (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_sphere (10.0, 32, 16);
  g_autoptr(MeltMesh) mesh = mesh_from_shape (shape);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltSlice) slice = NULL;

  g_cancellable_cancel (cancellable);
  slice = melt_slicer_slice (mesh, 0.1, 0.0, cancellable, NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (slice);
}

static void
cancel_on_progress (double   fraction,
                    gpointer user_data)
{
  if (fraction > 0.0)
    g_cancellable_cancel (user_data);
}

static void
test_cancel_midway (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_sphere (10.0, 32, 16);
  g_autoptr(MeltMesh) mesh = mesh_from_shape (shape);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltSlice) slice = NULL;

  slice = melt_slicer_slice (mesh, 0.01, 0.0, cancellable, cancel_on_progress, cancellable,
                             &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (slice);
}

static void
test_bad_arguments (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_cube (20.0);
  g_autoptr(MeltMesh) mesh = mesh_from_shape (shape);
  const float flat_positions[] = { 0, 0, 1,  1, 0, 1,  0, 1, 1 };
  const guint32 flat_indices[] = { 0, 1, 2 };
  g_autoptr(MeltMesh) flat = melt_mesh_new (flat_positions, 3, flat_indices, 1);
  const double bad_heights[] = { 0.0, -1.0, NAN, INFINITY, -INFINITY };
  const double bad_tolerances[] = { -0.1, NAN, INFINITY };
  MeltSlice *slice;

  for (guint i = 0; i < G_N_ELEMENTS (bad_heights); i++)
    {
      g_autoptr(GError) error = NULL;

      slice = melt_slicer_slice (mesh, bad_heights[i], 0.0, NULL, NULL, NULL, &error);
      g_assert_error (error, MELT_SLICER_ERROR, MELT_SLICER_ERROR_BAD_LAYER_HEIGHT);
      g_assert_nonnull (strstr (error->message, "layer height"));
      g_assert_null (slice);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_tolerances); i++)
    {
      g_autoptr(GError) error = NULL;
      MeltContours *c;

      slice = melt_slicer_slice (mesh, 1.0, bad_tolerances[i], NULL, NULL, NULL, &error);
      g_assert_error (error, MELT_SLICER_ERROR, MELT_SLICER_ERROR_BAD_TOLERANCE);
      g_assert_null (slice);
      g_clear_error (&error);

      c = melt_slicer_slice_at (mesh, 1.0, bad_tolerances[i], NULL, NULL, NULL, &error);
      g_assert_error (error, MELT_SLICER_ERROR, MELT_SLICER_ERROR_BAD_TOLERANCE);
      g_assert_null (c);
    }

  {
    g_autoptr(GError) error = NULL;

    slice = melt_slicer_slice (flat, 1.0, 0.0, NULL, NULL, NULL, &error);
    g_assert_error (error, MELT_SLICER_ERROR, MELT_SLICER_ERROR_FLAT);
    g_assert_nonnull (strstr (error->message, "height"));
    g_assert_null (slice);
  }

  {
    g_autoptr(GError) error = NULL;

    slice = melt_slicer_slice (mesh, 1e-6, 0.0, NULL, NULL, NULL, &error);
    g_assert_error (error, MELT_SLICER_ERROR, MELT_SLICER_ERROR_TOO_MANY_LAYERS);
    g_assert_null (slice);
  }

  {
    g_autoptr(GError) error = NULL;
    MeltContours *c = melt_slicer_slice_at (mesh, NAN, 0.0, NULL, NULL, NULL, &error);

    g_assert_error (error, MELT_SLICER_ERROR, MELT_SLICER_ERROR_BAD_LAYER_HEIGHT);
    g_assert_null (c);
  }
}

typedef struct
{
  GMutex     lock;
  GArray    *fractions;
  GMainLoop *loop;
  MeltSlice *slice;
  GError    *error;
} AsyncState;

static void
record_progress (double   fraction,
                 gpointer user_data)
{
  AsyncState *state = user_data;

  g_mutex_lock (&state->lock);
  g_array_append_val (state->fractions, fraction);
  g_mutex_unlock (&state->lock);
}

static void
sliced (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  AsyncState *state = user_data;

  state->slice = melt_slicer_slice_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async (void)
{
  g_autoptr(MeltTestShape) shape = melt_test_shape_torus (20.0, 5.0, 128, 64);
  g_autoptr(MeltMesh) mesh = mesh_from_shape (shape);
  AsyncState state = { 0, };

  g_mutex_init (&state.lock);
  state.fractions = g_array_new (FALSE, FALSE, sizeof (double));
  state.loop = g_main_loop_new (NULL, FALSE);

  melt_slicer_slice_async (mesh, 0.1, 0.0, NULL, record_progress, &state, sliced, &state);
  g_main_loop_run (state.loop);

  g_assert_no_error (state.error);
  g_assert_nonnull (state.slice);
  g_assert_cmpuint (melt_slice_get_n_layers (state.slice), ==, 100);

  /* increasing, whole percents, ending at exactly 1.0 once */
  g_assert_cmpuint (state.fractions->len, >=, 2);
  g_assert_cmpuint (state.fractions->len, <=, 101);
  for (guint i = 1; i < state.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (state.fractions, double, i), >,
                       g_array_index (state.fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (state.fractions, double, state.fractions->len - 1), ==, 1.0);

  for (guint i = 0; i < 100; i++)
    {
      const MeltContours *c = melt_slice_get_contours (state.slice, i);

      g_assert_cmpuint (c->n_polygons, ==, 1);
      g_assert_cmpuint (c->n_rings, ==, 2);
    }

  g_assert_finalize_object (state.slice);
  g_main_loop_unref (state.loop);
  g_array_unref (state.fractions);
  g_mutex_clear (&state.lock);
}

/* The converters the planner uses: orientation is normalised either way */
static void
test_contours_geos (void)
{
  g_autoptr(MeltContours) c = melt_contours_new ();
  g_autoptr(MeltContours) back = NULL;
  g_autoptr(MeltContours) copy = NULL;
  GEOSContextHandle_t ctx = _melt_geos_context_new ();
  GEOSGeometry *g, *line, *collection;
  GEOSGeometry *parts[2];
  double min[2], max[2];

  /* a 10 mm square drawn clockwise with a 2 mm hole drawn counter-clockwise,
   * and a triangle */
  melt_contours_begin_polygon (c);
  melt_contours_begin_ring (c);
  melt_contours_add_point (c, 0, 0);
  melt_contours_add_point (c, 0, 10);
  melt_contours_add_point (c, 10, 10);
  melt_contours_add_point (c, 10, 0);
  melt_contours_begin_ring (c);
  melt_contours_add_point (c, 4, 4);
  melt_contours_add_point (c, 6, 4);
  melt_contours_add_point (c, 6, 6);
  melt_contours_add_point (c, 4, 6);
  melt_contours_begin_polygon (c);
  melt_contours_begin_ring (c);
  melt_contours_add_point (c, 20, 0);
  melt_contours_add_point (c, 24, 0);
  melt_contours_add_point (c, 20, 3);
  melt_contours_end (c);

  g_assert_cmpuint (c->n_polygons, ==, 2);
  g_assert_cmpuint (c->n_rings, ==, 3);
  g_assert_cmpuint (c->n_points, ==, 11);
  g_assert_cmpfloat (melt_contours_get_ring_area (c, 0), ==, -100.0);
  g_assert_cmpfloat (melt_contours_get_ring_area (c, 1), ==, 4.0);

  copy = melt_contours_copy (c);
  g_assert_cmpuint (copy->n_points, ==, 11);
  g_assert_cmpmem (copy->xy, 22 * sizeof (double), c->xy, 22 * sizeof (double));

  g = melt_contours_to_geos (ctx, c);
  g_assert_nonnull (g);
  g_assert_cmpint (GEOSGeomTypeId_r (ctx, g), ==, GEOS_MULTIPOLYGON);
  g_assert_cmpint (GEOSGetNumGeometries_r (ctx, g), ==, 2);

  back = melt_contours_new_from_geos (ctx, g);
  g_assert_nonnull (back);
  g_assert_cmpuint (back->n_polygons, ==, 2);
  g_assert_cmpuint (back->n_rings, ==, 3);
  g_assert_cmpuint (back->n_points, ==, 11);
  g_assert_cmpfloat (melt_contours_get_ring_area (back, 0), ==, 100.0);
  g_assert_cmpfloat (melt_contours_get_ring_area (back, 1), ==, -4.0);
  g_assert_cmpfloat (melt_contours_get_ring_area (back, 2), ==, 6.0);
  g_assert_cmpfloat (melt_contours_get_area (back), ==, 102.0);
  melt_contours_get_bounds (back, min, max);
  g_assert_cmpfloat (min[0], ==, 0.0);
  g_assert_cmpfloat (max[0], ==, 24.0);
  g_assert_cmpfloat (max[1], ==, 10.0);

  /* a collection holding a line and the multipolygon: the line is ignored */
  line = GEOSGeom_createLineString_r (ctx, GEOSCoordSeq_copyFromBuffer_r (ctx,
                                      (const double[]) { 0, 0, 1, 1 }, 2, 0, 0));
  parts[0] = line;
  parts[1] = g;
  collection = GEOSGeom_createCollection_r (ctx, GEOS_GEOMETRYCOLLECTION, parts, 2);
  g_clear_pointer (&back, melt_contours_free);
  back = melt_contours_new_from_geos (ctx, collection);
  g_assert_cmpuint (back->n_polygons, ==, 2);
  g_assert_cmpfloat (melt_contours_get_area (back), ==, 102.0);
  GEOSGeom_destroy_r (ctx, collection);

  /* empty contours make an empty multipolygon, and back */
  g_clear_pointer (&back, melt_contours_free);
  {
    g_autoptr(MeltContours) empty = melt_contours_new ();

    g = melt_contours_to_geos (ctx, empty);
    g_assert_cmpint (GEOSisEmpty_r (ctx, g), ==, 1);
    back = melt_contours_new_from_geos (ctx, g);
    g_assert_cmpuint (back->n_polygons, ==, 0);
    g_assert_cmpuint (back->ring_start[0], ==, 0);
    g_assert_cmpuint (back->polygon_start[0], ==, 0);
    g_assert_cmpfloat (melt_contours_get_area (back), ==, 0.0);
    GEOSGeom_destroy_r (ctx, g);
  }

  _melt_geos_context_free (ctx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/slicer/contours-geos", test_contours_geos);
  g_test_add_func ("/core/slicer/cube", test_cube);
  g_test_add_func ("/core/slicer/layer-count", test_layer_count);
  g_test_add_func ("/core/slicer/sphere", test_sphere);
  g_test_add_func ("/core/slicer/torus", test_torus);
  g_test_add_func ("/core/slicer/tube", test_tube);
  g_test_add_func ("/core/slicer/island-in-hole", test_island_in_hole);
  g_test_add_func ("/core/slicer/many-islands", test_many_islands);
  g_test_add_func ("/core/slicer/two-bodies", test_two_bodies);
  g_test_add_func ("/core/slicer/overlapping-bodies", test_overlapping_bodies);
  g_test_add_func ("/core/slicer/open-box", test_open_box);
  g_test_add_func ("/core/slicer/gap-closed", test_gap_closed);
  g_test_add_func ("/core/slicer/gap-left-open", test_gap_left_open);
  g_test_add_func ("/core/slicer/non-manifold-edge", test_non_manifold_edge);
  g_test_add_func ("/core/slicer/fin", test_fin);
  g_test_add_func ("/core/slicer/plane-through-vertices", test_plane_through_vertices);
  g_test_add_func ("/core/slicer/plane-on-shared-vertices", test_plane_on_shared_vertices);
  g_test_add_func ("/core/slicer/cancel", test_cancel);
  g_test_add_func ("/core/slicer/cancel-midway", test_cancel_midway);
  g_test_add_func ("/core/slicer/bad-arguments", test_bad_arguments);
  g_test_add_func ("/core/slicer/async", test_async);

  return g_test_run ();
}
