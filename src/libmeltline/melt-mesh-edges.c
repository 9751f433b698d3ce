/* melt-mesh-edges.c: the edges of a triangle mesh, bucketed by vertex
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One edge analysis serves the report (open, non-manifold and inconsistent
 * edges, melt-mesh-report.c) and the feature edges the renderer outlines.
 * Both run in linear time, whatever the valence of the vertices: a vertex
 * shared by 100 000 triangles costs one sort of its bucket, not a
 * comparison of every use with every other.
 */

#define G_LOG_DOMAIN "melt-mesh"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "melt-mesh-edges.h"

static int
compare_guint32 (gconstpointer a,
                 gconstpointer b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return (x > y) - (x < y);
}

static int
compare_guint64 (gconstpointer a,
                 gconstpointer b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  return (x > y) - (x < y);
}

/* Sorts @n entries, and their faces along with them when @faces is set.
 * Buckets are small (about six uses per vertex in a closed mesh): insertion
 * sort, and qsort() for the few large ones. */
static void
sort_bucket (guint32 *entries,
             guint32 *faces,
             guint32  n)
{
  if (n > 24 && faces == NULL)
    {
      qsort (entries, n, sizeof *entries, compare_guint32);
      return;
    }

  if (n > 24)
    {
      g_autofree guint64 *pairs = g_new (guint64, n);

      for (guint32 i = 0; i < n; i++)
        pairs[i] = ((guint64) entries[i] << 32) | faces[i];

      qsort (pairs, n, sizeof *pairs, compare_guint64);

      for (guint32 i = 0; i < n; i++)
        {
          entries[i] = (guint32) (pairs[i] >> 32);
          faces[i] = (guint32) pairs[i];
        }
      return;
    }

  for (guint32 i = 1; i < n; i++)
    {
      guint32 x = entries[i];
      guint32 f = faces != NULL ? faces[i] : 0;
      guint32 j = i;

      while (j > 0 && entries[j - 1] > x)
        {
          entries[j] = entries[j - 1];
          if (faces != NULL)
            faces[j] = faces[j - 1];
          j--;
        }
      entries[j] = x;
      if (faces != NULL)
        faces[j] = f;
    }
}

static inline gboolean
is_degenerate (const guint32 *tri)
{
  return tri[0] == tri[1] || tri[1] == tri[2] || tri[0] == tri[2];
}

static inline gboolean
check_cancelled (GCancellable     *cancellable,
                 MeltMeshProgress *progress,
                 guint             i,
                 double            fraction)
{
  if G_LIKELY ((i & (MELT_MESH_CHECK_INTERVAL - 1)) != 0)
    return FALSE;

  if (progress != NULL)
    _melt_mesh_progress_update (progress, fraction);

  return cancellable != NULL && g_cancellable_is_cancelled (cancellable);
}

/* Fills the buckets: reports the fractions 0.0 to 0.5 of the current phase
 * of @progress (the caller's walk over the edges takes the rest). Returns
 * FALSE, with the buckets cleared, if @cancellable was cancelled. */
gboolean
_melt_mesh_edge_buckets_init (MeltMeshEdgeBuckets *buckets,
                              const guint32       *indices,
                              guint                n_vertices,
                              guint                n_triangles,
                              gboolean             with_faces,
                              GCancellable        *cancellable,
                              MeltMeshProgress    *progress)
{
  guint32 *offsets;
  guint32 *entries;
  guint32 *faces = NULL;
  gsize n_entries = 0;

  g_assert (buckets != NULL);
  g_assert (n_triangles == 0 || indices != NULL);
  g_assert ((guint64) n_vertices <= MELT_MESH_MAX_VERTICES);
  g_assert ((guint64) n_triangles <= MELT_MESH_MAX_TRIANGLES);

  memset (buckets, 0, sizeof *buckets);
  buckets->n_vertices = n_vertices;
  buckets->offsets = offsets = g_new0 (guint32, (gsize) n_vertices + 1);
  _melt_mesh_advise_large (offsets, sizeof (guint32) * ((gsize) n_vertices + 1));

  for (guint t = 0; t < n_triangles; t++)
    {
      const guint32 *tri = &indices[3 * (gsize) t];

      if G_UNLIKELY (check_cancelled (cancellable, progress, t, 0.2 * t / n_triangles))
        goto cancelled;

      if (is_degenerate (tri))
        continue;

      offsets[MIN (tri[0], tri[1])]++;
      offsets[MIN (tri[1], tri[2])]++;
      offsets[MIN (tri[2], tri[0])]++;
    }

  /* Exclusive prefix sums: offsets[v] is where vertex v's bucket begins */
  for (guint v = 0; v < n_vertices; v++)
    {
      guint32 count = offsets[v];

      offsets[v] = (guint32) n_entries;
      n_entries += count;
    }
  offsets[n_vertices] = (guint32) n_entries;

  buckets->entries = entries = g_new (guint32, MAX (n_entries, 1));
  _melt_mesh_advise_large (entries, sizeof (guint32) * MAX (n_entries, 1));
  if (with_faces)
    {
      buckets->faces = faces = g_new (guint32, MAX (n_entries, 1));
      _melt_mesh_advise_large (faces, sizeof (guint32) * MAX (n_entries, 1));
    }

  for (guint t = 0; t < n_triangles; t++)
    {
      const guint32 *tri = &indices[3 * (gsize) t];

      if G_UNLIKELY (check_cancelled (cancellable, progress, t, 0.2 + 0.3 * t / n_triangles))
        goto cancelled;

      if (is_degenerate (tri))
        continue;

      for (guint k = 0; k < 3; k++)
        {
          guint32 from = tri[k];
          guint32 to = tri[k == 2 ? 0 : k + 1];
          guint32 slot;

          if (from < to)
            {
              slot = offsets[from]++;
              entries[slot] = to << 1;
            }
          else
            {
              slot = offsets[to]++;
              entries[slot] = (from << 1) | 1;
            }

          if (faces != NULL)
            faces[slot] = t;
        }
    }

  /* Now offsets[v] is the end of bucket v: shift them to the beginnings */
  if (n_vertices > 0)
    memmove (offsets + 1, offsets, sizeof (guint32) * n_vertices);
  offsets[0] = 0;

  if (progress != NULL)
    _melt_mesh_progress_update (progress, 0.5);

  return TRUE;

cancelled:
  _melt_mesh_edge_buckets_clear (buckets);
  return FALSE;
}

void
_melt_mesh_edge_buckets_clear (MeltMeshEdgeBuckets *buckets)
{
  g_assert (buckets != NULL);

  g_clear_pointer (&buckets->offsets, g_free);
  g_clear_pointer (&buckets->entries, g_free);
  g_clear_pointer (&buckets->faces, g_free);
  buckets->n_vertices = 0;
}

void
_melt_mesh_edge_iter_init (MeltMeshEdgeIter    *iter,
                           MeltMeshEdgeBuckets *buckets)
{
  g_assert (iter != NULL);
  g_assert (buckets != NULL);

  iter->buckets = buckets;
  iter->v = 0;
  iter->i = 0;
  iter->end = 0;
}

void
_melt_mesh_edge_buckets_sort (MeltMeshEdgeBuckets *buckets,
                              guint32              v)
{
  guint32 begin = buckets->offsets[v];

  sort_bucket (&buckets->entries[begin],
               buckets->faces != NULL ? &buckets->faces[begin] : NULL,
               buckets->offsets[v + 1] - begin);
}

guint32 *
_melt_mesh_find_feature_edges (const float       *positions,
                               guint              n_vertices,
                               const guint32     *indices,
                               guint              n_triangles,
                               GCancellable      *cancellable,
                               MeltMeshProgress  *progress,
                               guint             *n_edges,
                               GError           **error)
{
  const float cos_limit = (float) cos (MELT_MESH_FEATURE_ANGLE_DEG * G_PI / 180.0);
  g_autofree float *normals = NULL;
  g_autoptr(GArray) lines = NULL;
  MeltMeshEdgeBuckets buckets;
  MeltMeshEdgeIter iter;
  MeltMeshEdge edge;
  guint n = 0;

  g_assert (n_vertices == 0 || positions != NULL);
  g_assert (n_triangles == 0 || indices != NULL);
  g_assert (n_edges != NULL);

  *n_edges = 0;

  normals = g_new (float, 3 * (gsize) MAX (n_triangles, 1));

  for (guint t = 0; t < n_triangles; t++)
    {
      const guint32 *tri = &indices[3 * (gsize) t];
      const float *a = &positions[3 * (gsize) tri[0]];
      const float *b = &positions[3 * (gsize) tri[1]];
      const float *c = &positions[3 * (gsize) tri[2]];
      float u[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] };
      float w[3] = { c[0] - a[0], c[1] - a[1], c[2] - a[2] };
      float *nt = &normals[3 * (gsize) t];
      float length;

      nt[0] = u[1] * w[2] - u[2] * w[1];
      nt[1] = u[2] * w[0] - u[0] * w[2];
      nt[2] = u[0] * w[1] - u[1] * w[0];
      length = sqrtf (nt[0] * nt[0] + nt[1] * nt[1] + nt[2] * nt[2]);
      for (guint k = 0; k < 3; k++)
        nt[k] = length > 0.0f ? nt[k] / length : 0.0f;
    }

  if (!_melt_mesh_edge_buckets_init (&buckets, indices, n_vertices, n_triangles, TRUE,
                                     cancellable, progress))
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }

  /* reserved, so that the data is not NULL even without a feature edge */
  lines = g_array_sized_new (FALSE, FALSE, sizeof (guint32), 64);

  _melt_mesh_edge_iter_init (&iter, &buckets);
  while (_melt_mesh_edge_iter_next (&iter, &edge))
    {
      gboolean feature;

      if G_UNLIKELY (check_cancelled (cancellable, progress, ++n,
                                      0.5 + 0.5 * iter.v / MAX (n_vertices, 1)))
        {
          _melt_mesh_edge_buckets_clear (&buckets);
          g_cancellable_set_error_if_cancelled (cancellable, error);
          return NULL;
        }

      /* holes (one use) and non-manifold edges (three or more) always */
      feature = edge.n_uses != 2;

      /* a crease: the two faces' normals differ by more than the angle;
       * faces without area have no normal and make no crease */
      if (!feature)
        {
          const float *p = &normals[3 * (gsize) buckets.faces[edge.first]];
          const float *q = &normals[3 * (gsize) buckets.faces[edge.first + 1]];
          float d = p[0] * q[0] + p[1] * q[1] + p[2] * q[2];

          feature = d < cos_limit &&
                    (p[0] != 0.0f || p[1] != 0.0f || p[2] != 0.0f) &&
                    (q[0] != 0.0f || q[1] != 0.0f || q[2] != 0.0f);
        }

      if (feature)
        {
          guint32 pair[2] = { edge.a, edge.b };

          g_array_append_vals (lines, pair, 2);
        }
    }

  _melt_mesh_edge_buckets_clear (&buckets);

  if (progress != NULL)
    _melt_mesh_progress_update (progress, 1.0);

  *n_edges = lines->len / 2;

  return g_array_steal (lines, NULL);
}
