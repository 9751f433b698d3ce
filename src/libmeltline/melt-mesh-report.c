/* melt-mesh-report.c: size, volume and defects of a triangle mesh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How each figure is computed is written down in docs/mesh-checks.md.
 */

#define G_LOG_DOMAIN "melt-mesh"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "melt-mesh-edges.h"

/* A triangle whose area is at most this fraction of the squared diagonal of
 * the bounding box is degenerate: far below what float coordinates resolve.
 */
#define DEGENERATE_RELATIVE_AREA 1e-12

static inline guint32
uf_find (guint32 *parent,
         guint32  v)
{
  while (parent[v] != v)
    {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }

  return v;
}

static inline void
uf_union (guint32 *parent,
          guint32  a,
          guint32  b)
{
  a = uf_find (parent, a);
  b = uf_find (parent, b);

  /* the smaller index becomes the root: no rank array needed and the
   * trees stay shallow thanks to path halving */
  if (a < b)
    parent[b] = a;
  else if (b < a)
    parent[a] = b;
}

static inline gboolean
is_cancelled (GCancellable *cancellable,
              guint         i)
{
  return cancellable != NULL &&
         (i & (MELT_MESH_CHECK_INTERVAL - 1)) == 0 &&
         g_cancellable_is_cancelled (cancellable);
}

/* Two independent halves of the work, run on two threads for big meshes */
typedef struct
{
  const float   *positions;
  guint          n_vertices;
  const guint32 *indices;
  guint          n_triangles;
  GCancellable  *cancellable;
  MeltMeshProgress *progress;    /* told by the calling thread only */
  double         center[3];
  double         area_limit2;

  double         area_mm2;
  double         volume_mm3;
  guint          degenerate_triangles;
  guint          bodies;
  guint          edges;
  guint          open_edges;
  guint          nonmanifold_edges;
  guint          inconsistent_edges;
  /* one flag per thread */
  gboolean       geometry_cancelled;
  gboolean       edges_cancelled;
} ReportJob;

/* Area, signed volume, degenerate triangles and bodies */
static gpointer
compute_geometry (gpointer data)
{
  ReportJob *job = data;
  const float *positions = job->positions;
  const guint32 *indices = job->indices;
  g_autofree guint32 *parent = g_new (guint32, job->n_vertices);
  g_autofree guint8 *used = g_new0 (guint8, job->n_vertices);
  double area2_sum = 0.0;
  double volume6_sum = 0.0;

  _melt_mesh_advise_large (parent, sizeof (guint32) * job->n_vertices);

  for (guint v = 0; v < job->n_vertices; v++)
    parent[v] = v;

  for (guint t = 0; t < job->n_triangles; t++)
    {
      guint32 a = indices[3 * t];
      guint32 b = indices[3 * t + 1];
      guint32 c = indices[3 * t + 2];
      double p[3], q[3], r[3], e1[3], e2[3], n[3], cross2;

      if G_UNLIKELY (is_cancelled (job->cancellable, t))
        {
          job->geometry_cancelled = TRUE;
          return NULL;
        }

      /* bodies: triangles joined through shared vertices */
      used[a] = used[b] = used[c] = 1;
      uf_union (parent, a, b);
      uf_union (parent, a, c);

      if (a == b || b == c || a == c)
        {
          job->degenerate_triangles++;
          continue;
        }

      for (guint k = 0; k < 3; k++)
        {
          p[k] = positions[3 * a + k] - job->center[k];
          q[k] = positions[3 * b + k] - job->center[k];
          r[k] = positions[3 * c + k] - job->center[k];
          e1[k] = q[k] - p[k];
          e2[k] = r[k] - p[k];
        }

      n[0] = e1[1] * e2[2] - e1[2] * e2[1];
      n[1] = e1[2] * e2[0] - e1[0] * e2[2];
      n[2] = e1[0] * e2[1] - e1[1] * e2[0];
      cross2 = n[0] * n[0] + n[1] * n[1] + n[2] * n[2];

      if (cross2 <= job->area_limit2)
        job->degenerate_triangles++;

      area2_sum += sqrt (cross2);
      /* p · (q × r) = p · (e1 × e2) */
      volume6_sum += p[0] * n[0] + p[1] * n[1] + p[2] * n[2];
    }

  job->area_mm2 = 0.5 * area2_sum;
  job->volume_mm3 = volume6_sum / 6.0;

  for (guint v = 0; v < job->n_vertices; v++)
    {
      if (used[v] && parent[v] == v)
        job->bodies++;
    }

  return NULL;
}

/* Open, non-manifold and inconsistent edges, from the edge buckets
 * (melt-mesh-edges.c): the uses of one edge come together, their number
 * gives open (1), manifold (2) or non-manifold (3 or more), and a manifold
 * edge is consistent when one use walks it upwards and the other downwards.
 */
static void
compute_edges (ReportJob *job)
{
  MeltMeshEdgeBuckets buckets;
  MeltMeshEdgeIter iter;
  MeltMeshEdge edge;
  guint n = 0;

  if (!_melt_mesh_edge_buckets_init (&buckets, job->indices, job->n_vertices, job->n_triangles,
                                     FALSE, job->cancellable, job->progress))
    {
      job->edges_cancelled = TRUE;
      return;
    }

  _melt_mesh_edge_iter_init (&iter, &buckets);
  while (_melt_mesh_edge_iter_next (&iter, &edge))
    {
      if G_UNLIKELY ((++n & (MELT_MESH_CHECK_INTERVAL - 1)) == 0)
        {
          if (job->progress != NULL)
            _melt_mesh_progress_update (job->progress, 0.5 + 0.5 * iter.v / job->n_vertices);

          if (job->cancellable != NULL && g_cancellable_is_cancelled (job->cancellable))
            {
              job->edges_cancelled = TRUE;
              break;
            }
        }

      job->edges++;

      if (edge.n_uses == 1)
        job->open_edges++;
      else if (edge.n_uses > 2)
        job->nonmanifold_edges++;
      else if (edge.n_upward != 1)
        job->inconsistent_edges++;
    }

  _melt_mesh_edge_buckets_clear (&buckets);
}

/* Below this, a second thread costs more than it saves */
#define PARALLEL_MIN_TRIANGLES 65536

gboolean
_melt_mesh_report_compute_full (MeltMeshReport  *report,
                                const float     *positions,
                                guint            n_vertices,
                                const guint32   *indices,
                                guint            n_triangles,
                                GCancellable    *cancellable,
                                MeltMeshProgress *progress,
                                GError         **error)
{
  ReportJob job = { 0 };
  GThread *thread = NULL;
  double lo[3] = { 0, 0, 0 };
  double hi[3] = { 0, 0, 0 };
  double diag2;

  g_assert (report != NULL);
  g_assert (n_vertices == 0 || positions != NULL);
  g_assert (n_triangles == 0 || indices != NULL);
  g_assert ((guint64) n_vertices <= MELT_MESH_MAX_VERTICES);
  g_assert ((guint64) n_triangles <= MELT_MESH_MAX_TRIANGLES);

  memset (report, 0, sizeof *report);
  report->triangles = n_triangles;
  report->vertices = n_vertices;

  /* Bounds */
  if (n_vertices > 0)
    {
      float fmin[3], fmax[3];

      for (guint k = 0; k < 3; k++)
        fmin[k] = fmax[k] = positions[k];

      for (guint v = 1; v < n_vertices; v++)
        {
          const float *p = &positions[3 * v];

          for (guint k = 0; k < 3; k++)
            {
              fmin[k] = MIN (fmin[k], p[k]);
              fmax[k] = MAX (fmax[k], p[k]);
            }
        }

      for (guint k = 0; k < 3; k++)
        {
          lo[k] = fmin[k];
          hi[k] = fmax[k];
        }
    }

  for (guint k = 0; k < 3; k++)
    {
      report->bounds_min[k] = lo[k];
      report->bounds_max[k] = hi[k];
      job.center[k] = 0.5 * (lo[k] + hi[k]);
    }

  if (n_triangles == 0)
    return TRUE;

  diag2 = (hi[0] - lo[0]) * (hi[0] - lo[0]) +
          (hi[1] - lo[1]) * (hi[1] - lo[1]) +
          (hi[2] - lo[2]) * (hi[2] - lo[2]);
  /* compare squared doubled areas: |cross|^2 against (2 * limit)^2 */
  job.area_limit2 = (2.0 * DEGENERATE_RELATIVE_AREA * diag2) * (2.0 * DEGENERATE_RELATIVE_AREA * diag2);
  job.positions = positions;
  job.n_vertices = n_vertices;
  job.indices = indices;
  job.n_triangles = n_triangles;
  job.cancellable = cancellable;
  job.progress = progress;

  if (n_triangles >= PARALLEL_MIN_TRIANGLES && g_get_num_processors () > 1)
    thread = g_thread_try_new ("melt-mesh-report", compute_geometry, &job, NULL);

  if (thread == NULL)
    compute_geometry (&job);

  compute_edges (&job);

  if (thread != NULL)
    g_thread_join (thread);

  if (job.geometry_cancelled || job.edges_cancelled)
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }

  report->area_mm2 = job.area_mm2;
  report->volume_mm3 = job.volume_mm3;
  report->degenerate_triangles = job.degenerate_triangles;
  report->bodies = job.bodies;
  report->edges = job.edges;
  report->open_edges = job.open_edges;
  report->nonmanifold_edges = job.nonmanifold_edges;
  report->inconsistent_edges = job.inconsistent_edges;
  report->watertight = report->open_edges == 0 &&
                       report->nonmanifold_edges == 0 &&
                       report->inconsistent_edges == 0;

  return TRUE;
}

/**
 * melt_mesh_report_compute:
 * @report: (out caller-allocates): where to put the figures
 * @positions: (array): 3 floats per vertex, in mm
 * @n_vertices: number of vertices
 * @indices: (array): 3 vertex indices per triangle
 * @n_triangles: number of triangles
 *
 * Computes the figures of a mesh. Every index must be below @n_vertices,
 * and @n_vertices at most 1 431 655 765 (G_MAXUINT / 3: the edge analysis
 * packs a vertex index and a direction bit into 32 bits). See
 * docs/mesh-checks.md for what each figure means.
 */
void
melt_mesh_report_compute (MeltMeshReport *report,
                          const float    *positions,
                          guint           n_vertices,
                          const guint32  *indices,
                          guint           n_triangles)
{
  g_return_if_fail (report != NULL);
  g_return_if_fail (n_vertices == 0 || positions != NULL);
  g_return_if_fail (n_triangles == 0 || indices != NULL);
  g_return_if_fail ((guint64) n_triangles <= MELT_MESH_MAX_TRIANGLES);
  g_return_if_fail ((guint64) n_vertices <= MELT_MESH_MAX_VERTICES);

  _melt_mesh_report_compute_full (report, positions, n_vertices, indices, n_triangles,
                                  NULL, NULL, NULL);
}

static JsonNode *
vector_node (const double v[3])
{
  JsonArray *array = json_array_sized_new (3);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint k = 0; k < 3; k++)
    json_array_add_double_element (array, v[k]);
  json_node_take_array (node, array);

  return node;
}

/**
 * melt_mesh_report_to_json_node:
 * @report: a #MeltMeshReport
 *
 * Builds the JSON object that `meltline-cli inspect --json` prints: keys
 * `triangles`, `vertices`, `bounds_mm` (`min`, `max`), `volume_mm3`,
 * `area_mm2`, `open_edges`, `nonmanifold_edges`, `degenerate_triangles`,
 * `inconsistent_edges`, `bodies`, `watertight`.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
melt_mesh_report_to_json_node (const MeltMeshReport *report)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "triangles");
  json_builder_add_int_value (builder, report->triangles);
  json_builder_set_member_name (builder, "vertices");
  json_builder_add_int_value (builder, report->vertices);
  json_builder_set_member_name (builder, "bounds_mm");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "min");
  json_builder_add_value (builder, vector_node (report->bounds_min));
  json_builder_set_member_name (builder, "max");
  json_builder_add_value (builder, vector_node (report->bounds_max));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "volume_mm3");
  json_builder_add_double_value (builder, report->volume_mm3);
  json_builder_set_member_name (builder, "area_mm2");
  json_builder_add_double_value (builder, report->area_mm2);
  json_builder_set_member_name (builder, "open_edges");
  json_builder_add_int_value (builder, report->open_edges);
  json_builder_set_member_name (builder, "nonmanifold_edges");
  json_builder_add_int_value (builder, report->nonmanifold_edges);
  json_builder_set_member_name (builder, "degenerate_triangles");
  json_builder_add_int_value (builder, report->degenerate_triangles);
  json_builder_set_member_name (builder, "inconsistent_edges");
  json_builder_add_int_value (builder, report->inconsistent_edges);
  json_builder_set_member_name (builder, "bodies");
  json_builder_add_int_value (builder, report->bodies);
  json_builder_set_member_name (builder, "watertight");
  json_builder_add_boolean_value (builder, report->watertight);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * melt_mesh_report_to_json:
 * @report: a #MeltMeshReport
 * @pretty: whether to indent the text
 *
 * Returns: (transfer full): the report as the JSON text of one object, see
 *   melt_mesh_report_to_json_node()
 */
char *
melt_mesh_report_to_json (const MeltMeshReport *report,
                          gboolean              pretty)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  root = melt_mesh_report_to_json_node (report);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/**
 * melt_mesh_report_list_defects:
 * @report: a #MeltMeshReport
 *
 * Describes what is wrong with the mesh in plain, translated words, one
 * string per kind of defect, e.g. “12 open edges: the surface has holes”.
 *
 * Returns: (transfer full) (element-type utf8): the defects, an empty array
 *   when the mesh is clean
 */
GPtrArray *
melt_mesh_report_list_defects (const MeltMeshReport *report)
{
  GPtrArray *defects;

  g_return_val_if_fail (report != NULL, NULL);

  defects = g_ptr_array_new_with_free_func (g_free);

  if (report->triangles == 0)
    g_ptr_array_add (defects, g_strdup (_("No triangles: the part is empty")));

  if (report->open_edges > 0)
    g_ptr_array_add (defects,
                     /* TRANSLATORS: %u is a number of edges */
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u open edge: the surface has a hole",
                                                   "%u open edges: the surface has holes",
                                                   report->open_edges),
                                      report->open_edges));

  if (report->nonmanifold_edges > 0)
    g_ptr_array_add (defects,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u non-manifold edge: more than two triangles meet there",
                                                   "%u non-manifold edges: more than two triangles meet at each",
                                                   report->nonmanifold_edges),
                                      report->nonmanifold_edges));

  if (report->inconsistent_edges > 0)
    g_ptr_array_add (defects,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u edge between triangles facing opposite ways: some normals are flipped",
                                                   "%u edges between triangles facing opposite ways: some normals are flipped",
                                                   report->inconsistent_edges),
                                      report->inconsistent_edges));

  if (report->degenerate_triangles > 0)
    g_ptr_array_add (defects,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u degenerate triangle: no area or a repeated corner",
                                                   "%u degenerate triangles: no area or a repeated corner",
                                                   report->degenerate_triangles),
                                      report->degenerate_triangles));

  if (report->watertight && report->triangles > 0 && report->volume_mm3 < 0.0)
    g_ptr_array_add (defects, g_strdup (_("Negative volume: the triangles face inwards")));

  return defects;
}
