/* melt-test-shapes.c: meshes the tests generate, and writers for them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing here uses the code under test: the writers and the reference
 * figures are independent of libmeltline.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "melt-test-shapes.h"

MeltTestShape *
melt_test_shape_new (void)
{
  MeltTestShape *shape = g_new0 (MeltTestShape, 1);

  shape->positions = g_array_new (FALSE, FALSE, sizeof (float));
  shape->face_sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  shape->face_indices = g_array_new (FALSE, FALSE, sizeof (guint));

  return shape;
}

void
melt_test_shape_free (MeltTestShape *shape)
{
  if (shape == NULL)
    return;

  g_array_unref (shape->positions);
  g_array_unref (shape->face_sizes);
  g_array_unref (shape->face_indices);
  g_free (shape);
}

guint
melt_test_shape_add_vertex (MeltTestShape *shape,
                            double         x,
                            double         y,
                            double         z)
{
  float p[3] = { (float) x, (float) y, (float) z };

  g_array_append_vals (shape->positions, p, 3);

  return shape->positions->len / 3 - 1;
}

void
melt_test_shape_add_face (MeltTestShape *shape,
                          guint          n_corners,
                          const guint   *corners)
{
  g_assert (n_corners >= 3);

  for (guint i = 0; i < n_corners; i++)
    g_assert (corners[i] < shape->positions->len / 3);

  g_array_append_val (shape->face_sizes, n_corners);
  g_array_append_vals (shape->face_indices, corners, n_corners);
}

void
melt_test_shape_add_triangle (MeltTestShape *shape,
                              guint          a,
                              guint          b,
                              guint          c)
{
  guint corners[3] = { a, b, c };

  melt_test_shape_add_face (shape, 3, corners);
}

void
melt_test_shape_add_quad (MeltTestShape *shape,
                          guint          a,
                          guint          b,
                          guint          c,
                          guint          d)
{
  guint corners[4] = { a, b, c, d };

  melt_test_shape_add_face (shape, 4, corners);
}

void
melt_test_shape_append (MeltTestShape       *shape,
                        const MeltTestShape *other,
                        double               dx,
                        double               dy,
                        double               dz)
{
  guint base = shape->positions->len / 3;
  const float *p = (const float *) (gpointer) other->positions->data;
  const guint *idx = (const guint *) (gpointer) other->face_indices->data;
  guint at = 0;

  for (guint v = 0; v < other->positions->len / 3; v++)
    melt_test_shape_add_vertex (shape, p[3 * v] + dx, p[3 * v + 1] + dy, p[3 * v + 2] + dz);

  for (guint f = 0; f < other->face_sizes->len; f++)
    {
      guint n = g_array_index (other->face_sizes, guint, f);
      g_autofree guint *corners = g_new (guint, n);

      for (guint i = 0; i < n; i++)
        corners[i] = idx[at + i] + base;
      melt_test_shape_add_face (shape, n, corners);
      at += n;
    }
}

static guint
face_start (const MeltTestShape *shape,
            guint                face)
{
  guint at = 0;

  for (guint f = 0; f < face; f++)
    at += g_array_index (shape->face_sizes, guint, f);

  return at;
}

void
melt_test_shape_flip_face (MeltTestShape *shape,
                           guint          face)
{
  guint at = face_start (shape, face);
  guint n = g_array_index (shape->face_sizes, guint, face);
  guint *idx = &g_array_index (shape->face_indices, guint, at);

  for (guint i = 0; i < n / 2; i++)
    {
      guint tmp = idx[i];

      idx[i] = idx[n - 1 - i];
      idx[n - 1 - i] = tmp;
    }
}

guint
melt_test_shape_get_n_vertices (const MeltTestShape *shape)
{
  return shape->positions->len / 3;
}

guint
melt_test_shape_get_n_faces (const MeltTestShape *shape)
{
  return shape->face_sizes->len;
}

guint
melt_test_shape_get_n_triangles (const MeltTestShape *shape)
{
  guint n = 0;

  for (guint f = 0; f < shape->face_sizes->len; f++)
    n += g_array_index (shape->face_sizes, guint, f) - 2;

  return n;
}

/* Calls @func for each triangle of the fan of each face */
typedef void (*TriangleFunc) (const float *a,
                              const float *b,
                              const float *c,
                              gpointer     user_data);

static void
foreach_triangle (const MeltTestShape *shape,
                  TriangleFunc         func,
                  gpointer             user_data)
{
  const float *p = (const float *) (gpointer) shape->positions->data;
  const guint *idx = (const guint *) (gpointer) shape->face_indices->data;
  guint at = 0;

  for (guint f = 0; f < shape->face_sizes->len; f++)
    {
      guint n = g_array_index (shape->face_sizes, guint, f);

      for (guint i = 1; i + 1 < n; i++)
        func (&p[3 * idx[at]], &p[3 * idx[at + i]], &p[3 * idx[at + i + 1]], user_data);
      at += n;
    }
}

static void
append_soup (const float *a,
             const float *b,
             const float *c,
             gpointer     user_data)
{
  GArray *soup = user_data;

  g_array_append_vals (soup, a, 3);
  g_array_append_vals (soup, b, 3);
  g_array_append_vals (soup, c, 3);
}

float *
melt_test_shape_to_soup (const MeltTestShape *shape,
                         guint               *n_triangles)
{
  GArray *soup = g_array_new (FALSE, FALSE, sizeof (float));

  foreach_triangle (shape, append_soup, soup);
  if (n_triangles != NULL)
    *n_triangles = soup->len / 9;

  return (float *) (gpointer) g_array_free (soup, FALSE);
}

/* Shapes */

MeltTestShape *
melt_test_shape_box (double sx,
                     double sy,
                     double sz)
{
  MeltTestShape *shape = melt_test_shape_new ();

  melt_test_shape_add_vertex (shape, 0, 0, 0);
  melt_test_shape_add_vertex (shape, sx, 0, 0);
  melt_test_shape_add_vertex (shape, sx, sy, 0);
  melt_test_shape_add_vertex (shape, 0, sy, 0);
  melt_test_shape_add_vertex (shape, 0, 0, sz);
  melt_test_shape_add_vertex (shape, sx, 0, sz);
  melt_test_shape_add_vertex (shape, sx, sy, sz);
  melt_test_shape_add_vertex (shape, 0, sy, sz);

  melt_test_shape_add_quad (shape, 0, 3, 2, 1);   /* bottom, z = 0 */
  melt_test_shape_add_quad (shape, 0, 1, 5, 4);   /* front, y = 0 */
  melt_test_shape_add_quad (shape, 1, 2, 6, 5);   /* right, x = sx */
  melt_test_shape_add_quad (shape, 2, 3, 7, 6);   /* back, y = sy */
  melt_test_shape_add_quad (shape, 3, 0, 4, 7);   /* left, x = 0 */
  melt_test_shape_add_quad (shape, 4, 5, 6, 7);   /* top, z = sz: the last face */

  return shape;
}

MeltTestShape *
melt_test_shape_cube (double size)
{
  return melt_test_shape_box (size, size, size);
}

/* A cube without its top face: 10 triangles, a square hole of 4 edges */
MeltTestShape *
melt_test_shape_open_box (double size)
{
  MeltTestShape *shape = melt_test_shape_cube (size);

  g_array_set_size (shape->face_sizes, shape->face_sizes->len - 1);
  g_array_set_size (shape->face_indices, shape->face_indices->len - 4);

  return shape;
}

/* Two cubes side by side along x with @gap between them */
MeltTestShape *
melt_test_shape_two_bodies (double size,
                            double gap)
{
  MeltTestShape *shape = melt_test_shape_cube (size);
  g_autoptr(MeltTestShape) other = melt_test_shape_cube (size);

  melt_test_shape_append (shape, other, size + gap, 0, 0);

  return shape;
}

/* Two cubes that share one edge (x = y = size, 0 <= z <= size): four
 * triangles meet on it, a non-manifold edge */
MeltTestShape *
melt_test_shape_edge_pair (double size)
{
  MeltTestShape *shape = melt_test_shape_cube (size);
  g_autoptr(MeltTestShape) other = melt_test_shape_cube (size);

  melt_test_shape_append (shape, other, size, size, 0);

  return shape;
}

/* A cube with a triangular fin on its top front edge: three triangles on
 * one edge, and the fin's two other edges are open */
MeltTestShape *
melt_test_shape_fin (double size)
{
  MeltTestShape *shape = melt_test_shape_cube (size);
  guint tip = melt_test_shape_add_vertex (shape, size / 2, -size / 2, size * 1.5);

  melt_test_shape_add_triangle (shape, 4, 5, tip);

  return shape;
}

/* A UV sphere: poles on the z axis, @n_rings bands of @n_segments faces;
 * triangle fans at the poles, planar quads (isosceles trapezoids) between */
MeltTestShape *
melt_test_shape_sphere (double radius,
                        guint  n_segments,
                        guint  n_rings)
{
  MeltTestShape *shape = melt_test_shape_new ();
  guint north, south, first;

  g_assert (n_segments >= 3 && n_rings >= 2);

  north = melt_test_shape_add_vertex (shape, 0, 0, radius);
  first = north + 1;

  for (guint i = 1; i < n_rings; i++)
    {
      double theta = G_PI * i / n_rings;

      for (guint j = 0; j < n_segments; j++)
        {
          double phi = 2 * G_PI * j / n_segments;

          melt_test_shape_add_vertex (shape,
                                      radius * sin (theta) * cos (phi),
                                      radius * sin (theta) * sin (phi),
                                      radius * cos (theta));
        }
    }

  south = melt_test_shape_add_vertex (shape, 0, 0, -radius);

#define RING(i, j) (first + ((i) - 1) * n_segments + ((j) % n_segments))
  for (guint j = 0; j < n_segments; j++)
    melt_test_shape_add_triangle (shape, north, RING (1, j), RING (1, j + 1));

  for (guint i = 1; i + 1 < n_rings; i++)
    for (guint j = 0; j < n_segments; j++)
      melt_test_shape_add_quad (shape, RING (i, j), RING (i + 1, j), RING (i + 1, j + 1), RING (i, j + 1));

  for (guint j = 0; j < n_segments; j++)
    melt_test_shape_add_triangle (shape, south, RING (n_rings - 1, j + 1), RING (n_rings - 1, j));
#undef RING

  return shape;
}

/* A torus around the z axis: @n_major steps around the axis, @n_minor
 * around the tube; every face a planar quad */
MeltTestShape *
melt_test_shape_torus (double major_radius,
                       double minor_radius,
                       guint  n_major,
                       guint  n_minor)
{
  MeltTestShape *shape = melt_test_shape_new ();

  g_assert (n_major >= 3 && n_minor >= 3);

  for (guint j = 0; j < n_major; j++)
    {
      double u = 2 * G_PI * j / n_major;

      for (guint i = 0; i < n_minor; i++)
        {
          double v = 2 * G_PI * i / n_minor;
          double rho = major_radius + minor_radius * cos (v);

          melt_test_shape_add_vertex (shape, rho * cos (u), rho * sin (u), minor_radius * sin (v));
        }
    }

#define AT(j, i) ((((j) % n_major) * n_minor) + ((i) % n_minor))
  for (guint j = 0; j < n_major; j++)
    for (guint i = 0; i < n_minor; i++)
      melt_test_shape_add_quad (shape, AT (j, i), AT (j + 1, i), AT (j + 1, i + 1), AT (j, i + 1));
#undef AT

  return shape;
}

/* Reference figures. A band between two parallel regular n-gons on the
 * same axis (radii rho0, rho1 to their corners, heights z0, z1) is a
 * frustum of a pyramid, and each of its n sides an isosceles trapezoid.
 */
static double
ngon_area (double rho,
           guint  n)
{
  return 0.5 * n * rho * rho * sin (2 * G_PI / n);
}

static double
band_side_area (double rho0,
                double z0,
                double rho1,
                double z1,
                guint  n)
{
  double a = 2 * rho0 * sin (G_PI / n);
  double b = 2 * rho1 * sin (G_PI / n);
  double dr = (rho0 - rho1) * cos (G_PI / n);
  double h = sqrt ((z0 - z1) * (z0 - z1) + dr * dr);

  return n * 0.5 * (a + b) * h;
}

double
melt_test_sphere_polyhedron_volume (double radius,
                                    guint  n_segments,
                                    guint  n_rings)
{
  double volume = 0;

  for (guint i = 0; i < n_rings; i++)
    {
      double a0 = ngon_area (radius * sin (G_PI * i / n_rings), n_segments);
      double a1 = ngon_area (radius * sin (G_PI * (i + 1) / n_rings), n_segments);
      double h = radius * (cos (G_PI * i / n_rings) - cos (G_PI * (i + 1) / n_rings));

      volume += h / 3 * (a0 + a1 + sqrt (a0 * a1));
    }

  return volume;
}

double
melt_test_sphere_polyhedron_area (double radius,
                                  guint  n_segments,
                                  guint  n_rings)
{
  double area = 0;

  for (guint i = 0; i < n_rings; i++)
    area += band_side_area (radius * sin (G_PI * i / n_rings), radius * cos (G_PI * i / n_rings),
                            radius * sin (G_PI * (i + 1) / n_rings), radius * cos (G_PI * (i + 1) / n_rings),
                            n_segments);

  return area;
}

/* Each of the n_major wedges sweeps the tube's cross-section (a regular
 * n_minor-gon of area A centred at distance R from the axis) along straight
 * segments; its volume is sin(2π/n_major) · A · R. */
double
melt_test_torus_polyhedron_volume (double major_radius,
                                   double minor_radius,
                                   guint  n_major,
                                   guint  n_minor)
{
  return n_major * sin (2 * G_PI / n_major) * ngon_area (minor_radius, n_minor) * major_radius;
}

double
melt_test_torus_polyhedron_area (double major_radius,
                                 double minor_radius,
                                 guint  n_major,
                                 guint  n_minor)
{
  double area = 0;

  for (guint i = 0; i < n_minor; i++)
    {
      double v0 = 2 * G_PI * i / n_minor;
      double v1 = 2 * G_PI * (i + 1) / n_minor;

      area += band_side_area (major_radius + minor_radius * cos (v0), minor_radius * sin (v0),
                              major_radius + minor_radius * cos (v1), minor_radius * sin (v1),
                              n_major);
    }

  return area;
}

/* Writers */

static void
face_normal (const float *a,
             const float *b,
             const float *c,
             float        n[3])
{
  double u[3], v[3], w[3], len;

  for (guint k = 0; k < 3; k++)
    {
      u[k] = b[k] - a[k];
      v[k] = c[k] - a[k];
    }
  w[0] = u[1] * v[2] - u[2] * v[1];
  w[1] = u[2] * v[0] - u[0] * v[2];
  w[2] = u[0] * v[1] - u[1] * v[0];
  len = sqrt (w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);

  for (guint k = 0; k < 3; k++)
    n[k] = len > 0 ? (float) (w[k] / len) : 0.0f;
}

static void
append_le32 (GByteArray *out,
             guint32     v)
{
  v = GUINT32_TO_LE (v);
  g_byte_array_append (out, (const guint8 *) &v, 4);
}

static void
append_float (GByteArray *out,
              float       f)
{
  guint32 bits;

  memcpy (&bits, &f, 4);
  append_le32 (out, bits);
}

static void
append_stl_record (const float *a,
                   const float *b,
                   const float *c,
                   gpointer     user_data)
{
  GByteArray *out = user_data;
  static const guint8 attribute[2] = { 0, 0 };
  float n[3];

  face_normal (a, b, c, n);
  for (guint k = 0; k < 3; k++)
    append_float (out, n[k]);
  for (guint k = 0; k < 3; k++)
    append_float (out, a[k]);
  for (guint k = 0; k < 3; k++)
    append_float (out, b[k]);
  for (guint k = 0; k < 3; k++)
    append_float (out, c[k]);
  g_byte_array_append (out, attribute, 2);
}

GBytes *
melt_test_shape_to_stl_binary (const MeltTestShape *shape)
{
  guint n = melt_test_shape_get_n_triangles (shape);
  GByteArray *out = g_byte_array_sized_new (84 + 50 * n);
  guint8 header[80];

  /* Many real binary STL files begin with “solid”: readers must not be fooled */
  memset (header, ' ', sizeof header);
  memcpy (header, "solid meltline test shape (binary)", 34);
  g_byte_array_append (out, header, sizeof header);
  append_le32 (out, n);
  foreach_triangle (shape, append_stl_record, out);

  return g_byte_array_free_to_bytes (out);
}

gboolean
melt_test_write_stl_binary (const MeltTestShape  *shape,
                            const char           *path,
                            GError              **error)
{
  g_autoptr(GBytes) bytes = melt_test_shape_to_stl_binary (shape);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return g_file_set_contents (path, data, len, error);
}

static void
append_formatted (GString *out,
                  float    f)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* nine significant digits bring every float back exactly */
  g_string_append_c (out, ' ');
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.9g", f));
}

static void
append_ascii_facet (const float *a,
                    const float *b,
                    const float *c,
                    gpointer     user_data)
{
  GString *out = user_data;
  const float *corners[3] = { a, b, c };
  float n[3];

  face_normal (a, b, c, n);
  g_string_append (out, "  facet normal");
  for (guint k = 0; k < 3; k++)
    append_formatted (out, n[k]);
  g_string_append (out, "\n    outer loop\n");
  for (guint i = 0; i < 3; i++)
    {
      g_string_append (out, "      vertex");
      for (guint k = 0; k < 3; k++)
        append_formatted (out, corners[i][k]);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "    endloop\n  endfacet\n");
}

gboolean
melt_test_write_stl_ascii (const MeltTestShape  *shape,
                           const char           *path,
                           GError              **error)
{
  g_autoptr(GString) out = g_string_new ("solid meltline_test\n");

  foreach_triangle (shape, append_ascii_facet, out);
  g_string_append (out, "endsolid meltline_test\n");

  return g_file_set_contents (path, out->str, out->len, error);
}

/* OBJ: every vertex is written once (as given), faces as polygons. The
 * faces cycle through the reference styles “v”, “v/vt/vn”, “v//vn”,
 * “v/vt” and negative (relative) indices, and the file has comments,
 * groups, smoothing and material statements that readers must skip. */
gboolean
melt_test_write_obj (const MeltTestShape  *shape,
                     const char           *path,
                     GError              **error)
{
  g_autoptr(GString) out = g_string_new ("# Meltline test shape\r\nmtllib shapes.mtl\no shape\n");
  const float *p = (const float *) (gpointer) shape->positions->data;
  const guint *idx = (const guint *) (gpointer) shape->face_indices->data;
  guint n_vertices = melt_test_shape_get_n_vertices (shape);
  guint at = 0;

  for (guint v = 0; v < n_vertices; v++)
    {
      g_string_append (out, "v");
      for (guint k = 0; k < 3; k++)
        append_formatted (out, p[3 * v + k]);
      /* an optional w on some lines */
      g_string_append (out, v % 5 == 1 ? " 1.0\n" : "\n");
    }

  g_string_append (out, "vt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\n");
  g_string_append (out, "vn 0 0 1\nvn 0 0 -1\n");
  g_string_append (out, "\ng body\nusemtl metal\ns off\n");

  for (guint f = 0; f < shape->face_sizes->len; f++)
    {
      guint n = g_array_index (shape->face_sizes, guint, f);

      g_string_append (out, "f");
      for (guint i = 0; i < n; i++)
        {
          guint v = idx[at + i];

          switch (f % 5)
            {
            case 0:
              g_string_append_printf (out, " %u", v + 1);
              break;
            case 1:
              g_string_append_printf (out, " %u/%u/%u", v + 1, i % 4 + 1, 1 + i % 2);
              break;
            case 2:
              g_string_append_printf (out, " %u//%u", v + 1, 2 - i % 2);
              break;
            case 3:
              g_string_append_printf (out, " %u/%u", v + 1, i % 4 + 1);
              break;
            default:
              g_string_append_printf (out, " %d/%d/%d", (int) v - (int) n_vertices, -1 - (int) (i % 4), -1);
              break;
            }
        }
      g_string_append (out, f % 7 == 3 ? " \r\n" : "\n");
      at += n;
    }

  return g_file_set_contents (path, out->str, out->len, error);
}

gboolean
melt_test_shape_write (const MeltTestShape  *shape,
                       MeltTestFormat        format,
                       const char           *path,
                       GError              **error)
{
  switch (format)
    {
    case MELT_TEST_FORMAT_STL_BINARY:
      return melt_test_write_stl_binary (shape, path, error);
    case MELT_TEST_FORMAT_STL_ASCII:
      return melt_test_write_stl_ascii (shape, path, error);
    case MELT_TEST_FORMAT_OBJ:
      return melt_test_write_obj (shape, path, error);
    default:
      g_assert_not_reached ();
    }
}

/* Scratch directories */

char *
melt_test_tmpdir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("meltline-test-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);

  return dir;
}

void
melt_test_tmpdir_remove (const char *dir)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (dir == NULL)
    return;

  d = g_dir_open (dir, 0, NULL);
  if (d != NULL)
    {
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);

          if (g_unlink (path) != 0)
            g_warning ("Could not remove %s: %s", path, g_strerror (errno));
        }
    }

  if (g_rmdir (dir) != 0)
    g_warning ("Could not remove %s: %s", dir, g_strerror (errno));
}

char *
melt_test_write_file (const char *dir,
                      const char *name,
                      const void *data,
                      gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  if (len < 0)
    len = strlen (data);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);

  return path;
}

struct _MeltTestFifo
{
  char    *path;
  char    *text;
  gsize    len;
  GThread *thread;
};

static gpointer
melt_test_fifo_write (gpointer data)
{
  MeltTestFifo *fifo = data;
  int fd = g_open (fifo->path, O_WRONLY, 0);
  gsize done = 0;

  if (fd < 0)
    return NULL;

  /* A reader that gave up early makes write() fail: the test then fails on
   * what the reader reported, not here. */
  while (done < fifo->len)
    {
      gssize n = write (fd, fifo->text + done, MIN (fifo->len - done, 7));

      if (n <= 0)
        break;
      done += n;
    }
  g_close (fd, NULL);

  return NULL;
}

MeltTestFifo *
melt_test_fifo_new (const char *path,
                    const char *text,
                    gsize       len)
{
  MeltTestFifo *fifo;

  if (mkfifo (path, 0600) != 0)
    {
      g_test_message ("mkfifo %s: %s", path, g_strerror (errno));
      return NULL;
    }

  signal (SIGPIPE, SIG_IGN);
  fifo = g_new0 (MeltTestFifo, 1);
  fifo->path = g_strdup (path);
  fifo->text = g_memdup2 (text, len);
  fifo->len = len;
  fifo->thread = g_thread_new ("fifo writer", melt_test_fifo_write, fifo);

  return fifo;
}

void
melt_test_fifo_finish (MeltTestFifo *fifo)
{
  int fd;

  g_return_if_fail (fifo != NULL);

  /* A writer still blocked in open() (nobody read) is let go by a reader. */
  fd = g_open (fifo->path, O_RDONLY | O_NONBLOCK, 0);
  g_thread_join (fifo->thread);
  if (fd >= 0)
    g_close (fd, NULL);
  g_free (fifo->path);
  g_free (fifo->text);
  g_free (fifo);
}
