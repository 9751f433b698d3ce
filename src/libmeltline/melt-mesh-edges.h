/* melt-mesh-edges.h: the edges of a triangle mesh, bucketed by vertex (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "melt-mesh-private.h"

G_BEGIN_DECLS

/*
 * MeltMeshEdgeBuckets:
 *
 * Every edge use (a triangle walking from one vertex to another) sits in the
 * bucket of its lower vertex, as the higher vertex shifted left once with
 * the low bit set when the triangle walks downwards (from the higher vertex
 * to the lower). Buckets are filled by a counting sort over vertices, so
 * building takes linear time; a bucket is sorted when the iterator enters
 * it, which brings the uses of one edge together. Triangles with a repeated
 * vertex have no proper edges and are left out.
 *
 * Packing the direction bit needs vertex indices below 2^31
 * (MELT_MESH_MAX_VERTICES), and the 32-bit offsets fewer than 2^32 uses
 * (MELT_MESH_MAX_TRIANGLES).
 */
typedef struct
{
  guint     n_vertices;
  guint32  *offsets;    /* n_vertices + 1: bucket v is [offsets[v], offsets[v + 1]) */
  guint32  *entries;    /* (other vertex << 1) | walks downwards */
  guint32  *faces;      /* the triangle of each use, or NULL if not asked for */
} MeltMeshEdgeBuckets;

/* One edge: vertices @a < @b, used by @n_uses triangles, @n_upward of which
 * walk it from @a to @b. Its uses are entries (and faces) @first to
 * @first + @n_uses - 1. */
typedef struct
{
  guint32 a;
  guint32 b;
  guint32 first;
  guint   n_uses;
  guint   n_upward;
} MeltMeshEdge;

typedef struct
{
  MeltMeshEdgeBuckets *buckets;
  guint32              v;
  guint32              i;
  guint32              end;
} MeltMeshEdgeIter;

gboolean  _melt_mesh_edge_buckets_init   (MeltMeshEdgeBuckets *buckets,
                                          const guint32       *indices,
                                          guint                n_vertices,
                                          guint                n_triangles,
                                          gboolean             with_faces,
                                          GCancellable        *cancellable,
                                          MeltMeshProgress    *progress);
void      _melt_mesh_edge_buckets_clear  (MeltMeshEdgeBuckets *buckets);

/* Sorts the bucket of vertex @v (the iterator does it on entering it) */
void      _melt_mesh_edge_buckets_sort   (MeltMeshEdgeBuckets *buckets,
                                          guint32              v);

void      _melt_mesh_edge_iter_init      (MeltMeshEdgeIter    *iter,
                                          MeltMeshEdgeBuckets *buckets);

/* Moves to the next edge, by lower vertex, then higher vertex, sorting each
 * bucket on entering it. Returns FALSE after the last edge. Inline: it runs
 * once per edge of million-triangle meshes. */
static inline gboolean
_melt_mesh_edge_iter_next (MeltMeshEdgeIter *iter,
                           MeltMeshEdge     *edge)
{
  const guint32 *entries = iter->buckets->entries;
  guint32 other;
  guint32 i;

  while (iter->i == iter->end)
    {
      guint32 v = iter->v;

      if (v >= iter->buckets->n_vertices)
        return FALSE;

      iter->i = iter->buckets->offsets[v];
      iter->end = iter->buckets->offsets[v + 1];
      iter->v = v + 1;
      _melt_mesh_edge_buckets_sort (iter->buckets, v);
    }

  i = iter->i;
  other = entries[i] >> 1;

  edge->a = iter->v - 1;
  edge->b = other;
  edge->first = i;
  edge->n_uses = 0;
  edge->n_upward = 0;

  for (; i < iter->end && (entries[i] >> 1) == other; i++)
    {
      edge->n_uses++;
      edge->n_upward += !(entries[i] & 1);
    }

  iter->i = i;

  return TRUE;
}

/* The feature edges of a mesh (see melt_mesh_get_feature_edges()): pairs of
 * vertex indices, 2 * *@n_edges of them. Returns NULL when cancelled, with
 * @error set; an empty array (not NULL) when there is no feature edge. */
guint32  *_melt_mesh_find_feature_edges  (const float         *positions,
                                          guint                n_vertices,
                                          const guint32       *indices,
                                          guint                n_triangles,
                                          GCancellable        *cancellable,
                                          MeltMeshProgress    *progress,
                                          guint               *n_edges,
                                          GError             **error);

G_END_DECLS
