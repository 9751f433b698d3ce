/* melt-mesh-private.h: what the mesh readers, the welder and MeltMesh share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "melt-mesh.h"

G_BEGIN_DECLS

/* The most triangles a mesh may have: every corner of every triangle must
 * have a 32-bit index, and the edge analysis packs a vertex index and a
 * direction bit into 32 bits, so corners stay below 2^31.
 */
#define MELT_MESH_MAX_TRIANGLES ((guint64) G_MAXINT32 / 3)

/* How often (in triangles) readers look at the cancellable. */
#define MELT_MESH_CHECK_INTERVAL (1u << 16)

/*
 * MeltMeshWelder:
 *
 * Turns a stream of triangle corners into an indexed mesh: corners with
 * bit-identical coordinates (after -0.0 is made 0.0) become one vertex.
 * An open-addressing hash table of 64-bit slots, each the upper half of the
 * hash and the vertex index plus one (0 marks an empty slot), grows by
 * doubling when half full.
 */
typedef struct
{
  GArray  *positions;   /* float, 3 per vertex */
  GArray  *indices;     /* guint32, 3 per triangle */
  guint64 *slots;
  gsize    mask;        /* number of slots minus one */
  guint    n_vertices;
} MeltMeshWelder;

void      _melt_mesh_welder_init        (MeltMeshWelder *welder,
                                         gsize           expected_corners);
void      _melt_mesh_welder_clear       (MeltMeshWelder *welder);
guint32   _melt_mesh_welder_add         (MeltMeshWelder *welder,
                                         const float     xyz[3]);
#define MELT_MESH_WELD_BLOCK 256
void      _melt_mesh_welder_add_triangles (MeltMeshWelder *welder,
                                           const float    *corners,
                                           guint           n_triangles);
void      _melt_mesh_welder_add_triangle (MeltMeshWelder *welder,
                                          const float     a[3],
                                          const float     b[3],
                                          const float     c[3]);

/*
 * MeltMeshReader: what every reader gets. The reader adds triangles to
 * @welder, reports progress through _melt_mesh_reader_progress() and
 * checks @cancellable every MELT_MESH_CHECK_INTERVAL triangles.
 */
typedef struct
{
  const char       *display_name;
  const guint8     *data;
  gsize             size;
  GCancellable     *cancellable;
  MeltProgressFunc  progress;
  gpointer          progress_data;
  int               last_percent;
  MeltMeshWelder    welder;
} MeltMeshReader;

void      _melt_mesh_reader_progress    (MeltMeshReader *reader,
                                         double          fraction);

/* Welds @n_triangles binary STL records (50 bytes each, corners at byte 12)
 * into @reader's welder. Returns FALSE with @error set when cancelled, or
 * FALSE with *@bad_float set to the index (9 per triangle) of the first
 * coordinate that is not finite. */
gboolean  _melt_mesh_weld_stl_records   (MeltMeshReader *reader,
                                         const guint8   *records,
                                         guint32         n_triangles,
                                         guint64        *bad_float,
                                         GError        **error);

gboolean  _melt_stl_read_binary         (MeltMeshReader *reader,
                                         GError        **error);
gboolean  _melt_stl_read_ascii          (MeltMeshReader *reader,
                                         GError        **error);
gboolean  _melt_obj_read                (MeltMeshReader *reader,
                                         GError        **error);
gboolean  _melt_stl_looks_binary        (const guint8   *data,
                                         gsize           size);

/* Parses a decimal floating-point number (as written by printf "%g" and
 * friends) starting at @p, not past @end. Returns the first byte after
 * the number, or NULL if there is no number there. Infinite and NaN
 * results are returned as such; callers reject them.
 */
const char *_melt_parse_double          (const char     *p,
                                         const char     *end,
                                         double         *value);

/* Asks the kernel to back a large, untouched allocation with huge pages:
 * a million-triangle mesh otherwise spends a third of its time in page
 * faults. A hint only; does nothing where unsupported. */
void      _melt_mesh_advise_large       (gpointer        data,
                                         gsize           size);

/* Report computation with progress and cancellation, used by the loaders. */
gboolean  _melt_mesh_report_compute_full (MeltMeshReport *report,
                                          const float    *positions,
                                          guint           n_vertices,
                                          const guint32  *indices,
                                          guint           n_triangles,
                                          GCancellable   *cancellable,
                                          GError        **error);

G_END_DECLS
