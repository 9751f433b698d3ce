/* melt-test-shapes.h: meshes the tests generate, and writers for them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * MeltTestShape:
 *
 * A polygon mesh: vertices and faces of 3 or more corners, counter-clockwise
 * seen from outside. The STL writers and melt_test_shape_to_soup() split
 * each face into a fan of triangles from its first corner; the OBJ writer
 * keeps quads and polygons as they are.
 */
typedef struct
{
  GArray *positions;     /* float, 3 per vertex */
  GArray *face_sizes;    /* guint, corners per face */
  GArray *face_indices;  /* guint, 0-based vertex indices, face after face */
} MeltTestShape;

typedef enum
{
  MELT_TEST_FORMAT_STL_BINARY,
  MELT_TEST_FORMAT_STL_ASCII,
  MELT_TEST_FORMAT_OBJ,
} MeltTestFormat;

MeltTestShape *melt_test_shape_new               (void);
void           melt_test_shape_free              (MeltTestShape  *shape);
guint          melt_test_shape_add_vertex        (MeltTestShape  *shape,
                                                  double          x,
                                                  double          y,
                                                  double          z);
void           melt_test_shape_add_face          (MeltTestShape  *shape,
                                                  guint           n_corners,
                                                  const guint    *corners);
void           melt_test_shape_add_triangle      (MeltTestShape  *shape,
                                                  guint           a,
                                                  guint           b,
                                                  guint           c);
void           melt_test_shape_add_quad          (MeltTestShape  *shape,
                                                  guint           a,
                                                  guint           b,
                                                  guint           c,
                                                  guint           d);
void           melt_test_shape_append            (MeltTestShape  *shape,
                                                  const MeltTestShape *other,
                                                  double          dx,
                                                  double          dy,
                                                  double          dz);
void           melt_test_shape_flip_face         (MeltTestShape  *shape,
                                                  guint           face);
guint          melt_test_shape_get_n_vertices    (const MeltTestShape *shape);
guint          melt_test_shape_get_n_faces       (const MeltTestShape *shape);
guint          melt_test_shape_get_n_triangles   (const MeltTestShape *shape);
float         *melt_test_shape_to_soup           (const MeltTestShape *shape,
                                                  guint          *n_triangles);

/* Shapes. All are closed and outward-facing unless their name says not. */
MeltTestShape *melt_test_shape_cube              (double          size);
MeltTestShape *melt_test_shape_box               (double          sx,
                                                  double          sy,
                                                  double          sz);
MeltTestShape *melt_test_shape_open_box          (double          size);
MeltTestShape *melt_test_shape_sphere            (double          radius,
                                                  guint           n_segments,
                                                  guint           n_rings);
MeltTestShape *melt_test_shape_torus             (double          major_radius,
                                                  double          minor_radius,
                                                  guint           n_major,
                                                  guint           n_minor);
MeltTestShape *melt_test_shape_two_bodies        (double          size,
                                                  double          gap);
MeltTestShape *melt_test_shape_edge_pair         (double          size);
MeltTestShape *melt_test_shape_fin               (double          size);

/* Exact figures of the polyhedra above, computed from their geometry
 * (frusta and trapezoids), not from their triangles. */
double         melt_test_sphere_polyhedron_volume (double         radius,
                                                   guint          n_segments,
                                                   guint          n_rings);
double         melt_test_sphere_polyhedron_area   (double         radius,
                                                   guint          n_segments,
                                                   guint          n_rings);
double         melt_test_torus_polyhedron_volume  (double         major_radius,
                                                   double         minor_radius,
                                                   guint          n_major,
                                                   guint          n_minor);
double         melt_test_torus_polyhedron_area    (double         major_radius,
                                                   double         minor_radius,
                                                   guint          n_major,
                                                   guint          n_minor);

/* Writers. The binary STL header deliberately starts with “solid”. */
gboolean       melt_test_shape_write             (const MeltTestShape *shape,
                                                  MeltTestFormat  format,
                                                  const char     *path,
                                                  GError        **error);
gboolean       melt_test_write_stl_binary        (const MeltTestShape *shape,
                                                  const char     *path,
                                                  GError        **error);
gboolean       melt_test_write_stl_ascii         (const MeltTestShape *shape,
                                                  const char     *path,
                                                  GError        **error);
gboolean       melt_test_write_obj               (const MeltTestShape *shape,
                                                  const char     *path,
                                                  GError        **error);
GBytes        *melt_test_shape_to_stl_binary     (const MeltTestShape *shape);

/* A scratch directory: made with g_dir_make_tmp(), removed with its files */
char          *melt_test_tmpdir_new              (void);
void           melt_test_tmpdir_remove           (const char     *dir);
char          *melt_test_write_file              (const char     *dir,
                                                  const char     *name,
                                                  const void     *data,
                                                  gssize          len);

/* A named pipe with a thread writing @text into it in small pieces, as a
 * shell's “<(cat part.obj)” delivers it. NULL when the file system has no
 * pipes (skip the test then). melt_test_fifo_finish() lets a writer still
 * waiting for a reader go and joins it.
 */
typedef struct _MeltTestFifo MeltTestFifo;

MeltTestFifo  *melt_test_fifo_new                (const char     *path,
                                                  const char     *text,
                                                  gsize           len);
void           melt_test_fifo_finish             (MeltTestFifo   *fifo);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MeltTestShape, melt_test_shape_free)

G_END_DECLS
