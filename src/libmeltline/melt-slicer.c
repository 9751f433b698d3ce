/* melt-slicer.c: a part cut into planar layers of closed outlines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a layer is cut:
 * 1. Every triangle spanning the plane gives a segment between two of its
 *    edges. A vertex exactly on the plane counts as above it (a symbolic
 *    perturbation of the plane downwards), so a triangle spans the plane
 *    when its lowest vertex is below and its highest at or above: it then
 *    crosses exactly two of its edges, and never touches it at one point.
 * 2. Each segment end lies on a mesh edge, named by its two (welded) vertex
 *    indices. Segments sharing an edge name are joined: chaining is exact,
 *    no coordinates are compared. The point on an edge is computed from
 *    the edge's lower vertex index, so both triangles get the same bits.
 * 3. Chains that do not close (the mesh is open there) are joined end to
 *    end, nearest first, across gaps up to the tolerance; the rest are
 *    reported and left out.
 * 4. Closed rings are nested by even-odd containment (a ring inside an odd
 *    number of others is a hole of the smallest; many rings are looked up
 *    in a GEOS STR tree) and made into GEOS polygons. Where a polygon is
 *    invalid (rings crossing: the mesh intersects itself), a "hole"
 *    turning the same way as its shell is another body and is added, the
 *    true holes are taken away (GEOSMakeValid on each ring first).
 *    Polygons whose boxes meet are united; apart, they are kept as they are.
 *    A vertex on the plane gives its own coordinates, not a rounding.
 *
 * Layers are found with a sweep: triangles are bucketed by the first layer
 * they span (a counting sort), so a layer visits only the triangles
 * spanning it. Chunks of consecutive layers are cut in parallel, each
 * worker with its own GEOS context.
 */

#define G_LOG_DOMAIN "melt-slicer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "melt-contours-geos.h"
#include "melt-slicer.h"

struct _MeltSlice
{
  GObject          parent_instance;

  guint            n_layers;
  double           layer_height;
  double           z_min;
  MeltContours   **contours;        /* one per layer */
  guint           *gaps_closed;     /* one per layer */
  guint           *open_chains;     /* one per layer */
  MeltSliceReport  report;
};

G_DEFINE_FINAL_TYPE (MeltSlice, melt_slice, G_TYPE_OBJECT)

G_DEFINE_QUARK (melt-slicer-error-quark, melt_slicer_error)

enum {
  PROP_0,
  PROP_N_LAYERS,
  PROP_LAYER_HEIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
melt_slice_finalize (GObject *object)
{
  MeltSlice *self = (MeltSlice *) object;

  if (self->contours != NULL)
    {
      for (guint i = 0; i < self->n_layers; i++)
        g_clear_pointer (&self->contours[i], melt_contours_free);
      g_clear_pointer (&self->contours, g_free);
    }
  g_clear_pointer (&self->gaps_closed, g_free);
  g_clear_pointer (&self->open_chains, g_free);

  G_OBJECT_CLASS (melt_slice_parent_class)->finalize (object);
}

static void
melt_slice_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MeltSlice *self = MELT_SLICE (object);

  switch (prop_id)
    {
    case PROP_N_LAYERS:
      g_value_set_uint (value, self->n_layers);
      break;

    case PROP_LAYER_HEIGHT:
      g_value_set_double (value, self->layer_height);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_slice_class_init (MeltSliceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = melt_slice_finalize;
  object_class->get_property = melt_slice_get_property;

  properties[PROP_N_LAYERS] =
    g_param_spec_uint ("n-layers", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LAYER_HEIGHT] =
    g_param_spec_double ("layer-height", NULL, NULL,
                         0.0, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
melt_slice_init (MeltSlice *self)
{
  self->report.first_open_layer = G_MAXUINT;
}

guint
melt_slice_get_n_layers (MeltSlice *self)
{
  g_return_val_if_fail (MELT_IS_SLICE (self), 0);

  return self->n_layers;
}

/* Returns: the layer height, mm */
double
melt_slice_get_layer_height (MeltSlice *self)
{
  g_return_val_if_fail (MELT_IS_SLICE (self), 0.0);

  return self->layer_height;
}

static inline double
layer_z (double z_min,
         double layer_height,
         guint  layer)
{
  return z_min + ((double) layer + 0.5) * layer_height;
}

/**
 * melt_slice_get_z:
 * @self: a slice
 * @layer: a layer index
 *
 * Returns: the height at which @layer was cut, mm: its mid-height,
 *   z_min + (@layer + 0.5) × layer height
 */
double
melt_slice_get_z (MeltSlice *self,
                  guint      layer)
{
  g_return_val_if_fail (MELT_IS_SLICE (self), 0.0);
  g_return_val_if_fail (layer < self->n_layers, 0.0);

  return layer_z (self->z_min, self->layer_height, layer);
}

/**
 * melt_slice_get_contours:
 * @self: a slice
 * @layer: a layer index
 *
 * Returns: (transfer none): the outlines of @layer: valid polygons with
 *   holes, outer rings counter-clockwise, holes clockwise
 */
const MeltContours *
melt_slice_get_contours (MeltSlice *self,
                         guint      layer)
{
  g_return_val_if_fail (MELT_IS_SLICE (self), NULL);
  g_return_val_if_fail (layer < self->n_layers, NULL);

  return self->contours[layer];
}

const MeltSliceReport *
melt_slice_get_report (MeltSlice *self)
{
  g_return_val_if_fail (MELT_IS_SLICE (self), NULL);

  return &self->report;
}

/**
 * melt_slice_get_layer_gaps:
 * @self: a slice
 * @layer: a layer index
 * @n_gaps_closed: (out) (optional): gaps closed in @layer
 * @n_open_chains: (out) (optional): open outlines left out of @layer
 */
void
melt_slice_get_layer_gaps (MeltSlice *self,
                           guint      layer,
                           guint     *n_gaps_closed,
                           guint     *n_open_chains)
{
  g_return_if_fail (MELT_IS_SLICE (self));
  g_return_if_fail (layer < self->n_layers);

  if (n_gaps_closed != NULL)
    *n_gaps_closed = self->gaps_closed[layer];
  if (n_open_chains != NULL)
    *n_open_chains = self->open_chains[layer];
}

/**
 * melt_slice_describe_report:
 * @self: a slice
 *
 * Returns: (transfer full): one or two sentences for the user on the gaps
 *   closed and the open outlines left out
 */
char *
melt_slice_describe_report (MeltSlice *self)
{
  const MeltSliceReport *r;
  GString *text;

  g_return_val_if_fail (MELT_IS_SLICE (self), NULL);

  r = &self->report;
  if (r->n_gaps_closed == 0 && r->n_open_chains == 0)
    return g_strdup (_("Every layer outline is closed."));

  text = g_string_new (NULL);
  if (r->n_gaps_closed > 0)
    g_string_append_printf (text, _("Gaps closed: %u (the widest %.3g mm); layers with gaps: %u."),
                            r->n_gaps_closed, r->max_gap_mm, r->n_layers_with_gaps);
  if (r->n_open_chains > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              _("Open outlines left out: %u; layers with open outlines: %u, "
                                "the first is layer %u (z = %.3g mm)."),
                              r->n_open_chains, r->n_layers_with_open_chains,
                              r->first_open_layer + 1,
                              layer_z (self->z_min, self->layer_height, r->first_open_layer));
    }

  return g_string_free (text, FALSE);
}

/* Cutting one plane */

typedef struct
{
  guint64 key;     /* lower vertex << 32 | higher vertex */
  guint32 ref;     /* segment × 2 + end */
  guint32 unused;
} EdgeRef;

typedef struct
{
  guint first;     /* into the points */
  guint n;
} Chain;

typedef struct
{
  double   d;
  guint32  a;      /* chain end: open chain index × 2 + (0 start, 1 end) */
  guint32  b;
} Joint;

typedef struct
{
  guint  first;    /* into the ring points */
  guint  n;
  double area;     /* absolute */
  gboolean ccw;    /* turns counter-clockwise */
  double min[2];
  double max[2];
  guint  depth;
  int    parent;
} Ring;

/* What one thread reuses from layer to layer */
typedef struct
{
  GEOSContextHandle_t  ctx;
  GArray              *keys;        /* guint64, 2 per segment */
  GArray              *seg_xy;      /* double, 4 per segment */
  GArray              *refs;        /* EdgeRef */
  GArray              *links;       /* gint32 per segment end */
  GArray              *visited;     /* guint8 per segment */
  GArray              *chain_xy;    /* double */
  GArray              *closed;      /* Chain */
  GArray              *open;        /* Chain */
  GArray              *joints;      /* Joint */
  GArray              *ends;        /* guint32 chain ends, sorted by x */
  GArray              *end_links;   /* gint32 per open chain end */
  GArray              *uf;          /* guint32 per open chain */
  GArray              *ring_xy;     /* double */
  GArray              *rings;       /* Ring */
  GArray              *order;       /* guint32 rings by area */
  GArray              *shells;      /* guint32 rings made polygons as they are */
  GArray              *coords;      /* double, for GEOS */
  GPtrArray           *holes;       /* GEOSGeometry */
  GPtrArray           *polygons;    /* GEOSGeometry */
} Scratch;

typedef struct
{
  MeltContours *contours;
  guint         gaps_closed;
  double        max_gap;
  guint         open_chains;
} LayerResult;

static void
scratch_init (Scratch *s)
{
  s->ctx = _melt_geos_context_new ();
  s->keys = g_array_new (FALSE, FALSE, sizeof (guint64));
  s->seg_xy = g_array_new (FALSE, FALSE, sizeof (double));
  s->refs = g_array_new (FALSE, FALSE, sizeof (EdgeRef));
  s->links = g_array_new (FALSE, FALSE, sizeof (gint32));
  s->visited = g_array_new (FALSE, FALSE, sizeof (guint8));
  s->chain_xy = g_array_new (FALSE, FALSE, sizeof (double));
  s->closed = g_array_new (FALSE, FALSE, sizeof (Chain));
  s->open = g_array_new (FALSE, FALSE, sizeof (Chain));
  s->joints = g_array_new (FALSE, FALSE, sizeof (Joint));
  s->ends = g_array_new (FALSE, FALSE, sizeof (guint32));
  s->end_links = g_array_new (FALSE, FALSE, sizeof (gint32));
  s->uf = g_array_new (FALSE, FALSE, sizeof (guint32));
  s->ring_xy = g_array_new (FALSE, FALSE, sizeof (double));
  s->rings = g_array_new (FALSE, FALSE, sizeof (Ring));
  s->order = g_array_new (FALSE, FALSE, sizeof (guint32));
  s->shells = g_array_new (FALSE, FALSE, sizeof (guint32));
  s->coords = g_array_new (FALSE, FALSE, sizeof (double));
  s->holes = g_ptr_array_new ();
  s->polygons = g_ptr_array_new ();
}

static void
scratch_clear (Scratch *s)
{
  g_clear_pointer (&s->keys, g_array_unref);
  g_clear_pointer (&s->seg_xy, g_array_unref);
  g_clear_pointer (&s->refs, g_array_unref);
  g_clear_pointer (&s->links, g_array_unref);
  g_clear_pointer (&s->visited, g_array_unref);
  g_clear_pointer (&s->chain_xy, g_array_unref);
  g_clear_pointer (&s->closed, g_array_unref);
  g_clear_pointer (&s->open, g_array_unref);
  g_clear_pointer (&s->joints, g_array_unref);
  g_clear_pointer (&s->ends, g_array_unref);
  g_clear_pointer (&s->end_links, g_array_unref);
  g_clear_pointer (&s->uf, g_array_unref);
  g_clear_pointer (&s->ring_xy, g_array_unref);
  g_clear_pointer (&s->rings, g_array_unref);
  g_clear_pointer (&s->order, g_array_unref);
  g_clear_pointer (&s->shells, g_array_unref);
  g_clear_pointer (&s->coords, g_array_unref);
  g_clear_pointer (&s->holes, g_ptr_array_unref);
  g_clear_pointer (&s->polygons, g_ptr_array_unref);
  g_clear_pointer (&s->ctx, _melt_geos_context_free);
}

/* The point where the plane at @z crosses the edge between vertices @u and
 * @v, one below and one at or above; computed from the lower index so that
 * both triangles of the edge get the same bits */
static inline void
edge_point (const float *positions,
            guint32      u,
            guint32      v,
            double       z,
            double      *xy,
            guint64     *key)
{
  guint32 a = MIN (u, v), b = MAX (u, v);
  const float *pa = positions + 3 * (gsize) a;
  const float *pb = positions + 3 * (gsize) b;
  double t;

  *key = ((guint64) a << 32) | b;

  /* a vertex on the plane is the point itself, not a rounding of it: the
   * edges through it all give the same bits */
  if ((double) pa[2] == z || (double) pb[2] == z)
    {
      const float *p = (double) pa[2] == z ? pa : pb;

      xy[0] = p[0];
      xy[1] = p[1];
      return;
    }

  t = (z - (double) pa[2]) / ((double) pb[2] - (double) pa[2]);
  xy[0] = (double) pa[0] + t * ((double) pb[0] - (double) pa[0]);
  xy[1] = (double) pa[1] + t * ((double) pb[1] - (double) pa[1]);
}

/* Adds the segment of triangle @t at @z if it spans the plane */
static inline void
add_segment (Scratch       *s,
             const float   *positions,
             const guint32 *indices,
             guint32        t,
             double         z)
{
  const guint32 *v = indices + 3 * (gsize) t;
  gboolean above[3];
  int from = -1, to = -1;
  guint64 keys[2];
  double xy[4];

  for (guint i = 0; i < 3; i++)
    above[i] = (double) positions[3 * (gsize) v[i] + 2] >= z;

  if (above[0] == above[1] && above[1] == above[2])
    return;

  /* Walking the triangle's corners in order, the segment runs from the edge
   * going down through the plane to the edge going up: with outward normals
   * outer outlines come out counter-clockwise */
  for (guint i = 0; i < 3; i++)
    {
      guint j = (i + 1) % 3;

      if (above[i] && !above[j])
        from = i;
      else if (!above[i] && above[j])
        to = i;
    }

  edge_point (positions, v[from], v[(from + 1) % 3], z, xy, &keys[0]);
  edge_point (positions, v[to], v[(to + 1) % 3], z, xy + 2, &keys[1]);

  g_array_append_vals (s->keys, keys, 2);
  g_array_append_vals (s->seg_xy, xy, 4);
}

static int
compare_edge_refs (gconstpointer a,
                   gconstpointer b)
{
  const EdgeRef *ra = a, *rb = b;

  if (ra->key != rb->key)
    return ra->key < rb->key ? -1 : 1;
  return ra->ref < rb->ref ? -1 : ra->ref > rb->ref;
}

/* Joins the segments into chains by their edge names: closed ones into
 * s->closed, open ones into s->open, points in s->chain_xy */
static void
chain_segments (Scratch *s)
{
  guint n_segments = s->keys->len / 2;
  const guint64 *keys = (const guint64 *) s->keys->data;
  const double *seg_xy = (const double *) s->seg_xy->data;
  EdgeRef *refs;
  gint32 *links;
  guint8 *visited;

  g_array_set_size (s->chain_xy, 0);
  g_array_set_size (s->closed, 0);
  g_array_set_size (s->open, 0);
  if (n_segments == 0)
    return;

  g_array_set_size (s->refs, 2 * (gsize) n_segments);
  refs = (EdgeRef *) s->refs->data;
  for (guint i = 0; i < 2 * n_segments; i++)
    {
      refs[i].key = keys[i];
      refs[i].ref = i;
      refs[i].unused = 0;
    }
  qsort (refs, 2 * (gsize) n_segments, sizeof (EdgeRef), compare_edge_refs);

  /* Ends sharing an edge are linked in pairs. An edge of a closed manifold
   * mesh has two; a boundary edge one (an open end); a non-manifold edge
   * more, paired in order (the polygons are repaired later). */
  g_array_set_size (s->links, 2 * (gsize) n_segments);
  links = (gint32 *) s->links->data;
  for (guint i = 0; i < 2 * n_segments; i++)
    links[i] = -1;
  for (guint i = 0; i < 2 * n_segments;)
    {
      guint j = i + 1;

      while (j < 2 * n_segments && refs[j].key == refs[i].key)
        j++;
      for (guint k = i; k + 1 < j; k += 2)
        {
          links[refs[k].ref] = refs[k + 1].ref;
          links[refs[k + 1].ref] = refs[k].ref;
        }
      i = j;
    }

  g_array_set_size (s->visited, n_segments);
  visited = (guint8 *) s->visited->data;
  memset (visited, 0, n_segments);

  /* Open chains first, from their free ends; then what is left is loops */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < 2 * n_segments; i++)
      {
        guint32 ref = i;
        gboolean closed = FALSE;
        Chain chain;

        if (visited[i / 2] || (pass == 0 && links[i] != -1) || (pass == 1 && (i & 1)))
          continue;

        chain.first = s->chain_xy->len / 2;
        g_array_append_vals (s->chain_xy, seg_xy + 2 * ref, 2);

        for (;;)
          {
            guint32 seg = ref / 2;
            guint32 out = ref ^ 1;
            gint32 next;

            visited[seg] = TRUE;
            next = links[out];
            if (next == (gint32) i)
              {
                closed = TRUE;
                break;
              }
            g_array_append_vals (s->chain_xy, seg_xy + 2 * out, 2);
            if (next < 0 || visited[next / 2])
              break;
            ref = next;
          }

        chain.n = s->chain_xy->len / 2 - chain.first;
        g_array_append_val (closed ? s->closed : s->open, chain);
      }
}

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

static inline const double *
chain_end_point (Scratch *s,
                 guint32  end)
{
  const Chain *c = &g_array_index (s->open, Chain, end / 2);
  guint point = (end & 1) ? c->first + c->n - 1 : c->first;

  return (const double *) s->chain_xy->data + 2 * (gsize) point;
}

static int
compare_ends_by_x (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const double *x = user_data;
  double xa = x[*(const guint32 *) a], xb = x[*(const guint32 *) b];

  return xa < xb ? -1 : xa > xb;
}

static int
compare_joints (gconstpointer a,
                gconstpointer b)
{
  const Joint *ja = a, *jb = b;

  if (ja->d != jb->d)
    return ja->d < jb->d ? -1 : 1;
  if (ja->a != jb->a)
    return ja->a < jb->a ? -1 : 1;
  return ja->b < jb->b ? -1 : ja->b > jb->b;
}

/* Appends the ring of points @xy (@n of them) to s->ring_xy and s->rings,
 * without repeated consecutive points; left out if fewer than 3 remain or
 * it has no area */
static void
add_ring (Scratch      *s,
          const double *xy,
          guint         n)
{
  Ring ring = { 0, };
  guint m = 0;
  double *out;
  double area2 = 0.0;

  ring.first = s->ring_xy->len / 2;
  g_array_set_size (s->ring_xy, s->ring_xy->len + 2 * (gsize) n);
  out = (double *) s->ring_xy->data + 2 * (gsize) ring.first;

  for (guint i = 0; i < n; i++)
    {
      if (m > 0 && out[2 * (m - 1)] == xy[2 * i] && out[2 * (m - 1) + 1] == xy[2 * i + 1])
        continue;
      out[2 * m] = xy[2 * i];
      out[2 * m + 1] = xy[2 * i + 1];
      m++;
    }
  while (m > 1 && out[0] == out[2 * (m - 1)] && out[1] == out[2 * (m - 1) + 1])
    m--;

  g_array_set_size (s->ring_xy, 2 * ((gsize) ring.first + m));
  if (m < 3)
    {
      g_array_set_size (s->ring_xy, 2 * (gsize) ring.first);
      return;
    }

  out = (double *) s->ring_xy->data + 2 * (gsize) ring.first;
  ring.min[0] = ring.max[0] = out[0];
  ring.min[1] = ring.max[1] = out[1];
  for (guint i = 1; i < m; i++)
    {
      ring.min[0] = MIN (ring.min[0], out[2 * i]);
      ring.max[0] = MAX (ring.max[0], out[2 * i]);
      ring.min[1] = MIN (ring.min[1], out[2 * i + 1]);
      ring.max[1] = MAX (ring.max[1], out[2 * i + 1]);
      if (i + 1 < m)
        area2 += (out[2 * i] - out[0]) * (out[2 * i + 3] - out[1]) -
                 (out[2 * i + 2] - out[0]) * (out[2 * i + 1] - out[1]);
    }

  if (area2 == 0.0 || !isfinite (area2))
    {
      g_array_set_size (s->ring_xy, 2 * (gsize) ring.first);
      return;
    }

  ring.n = m;
  ring.area = fabs (area2) / 2.0;
  ring.ccw = area2 > 0.0;
  ring.parent = -1;
  g_array_append_val (s->rings, ring);
}

/* Joins open chains end to end across gaps up to @tolerance, nearest
 * first, and turns closed chains and joined loops into rings */
static void
close_gaps (Scratch     *s,
            double       tolerance,
            LayerResult *result)
{
  guint n_open = s->open->len;
  guint n_ends = 2 * n_open;
  g_autofree double *end_x = NULL;
  guint32 *ends;
  gint32 *end_links;
  guint32 *uf;
  guint8 *used;
  g_autoptr(GArray) path = NULL;

  g_array_set_size (s->rings, 0);
  g_array_set_size (s->ring_xy, 0);

  for (guint i = 0; i < s->closed->len; i++)
    {
      const Chain *c = &g_array_index (s->closed, Chain, i);

      add_ring (s, (const double *) s->chain_xy->data + 2 * (gsize) c->first, c->n);
    }

  if (n_open == 0)
    return;

  /* Candidate joints: pairs of ends no farther apart than the tolerance,
   * found by sweeping the ends sorted by x */
  end_x = g_new (double, n_ends);
  g_array_set_size (s->ends, n_ends);
  ends = (guint32 *) s->ends->data;
  for (guint32 e = 0; e < n_ends; e++)
    {
      ends[e] = e;
      end_x[e] = chain_end_point (s, e)[0];
    }
  g_qsort_with_data (ends, n_ends, sizeof (guint32), compare_ends_by_x, end_x);

  g_array_set_size (s->joints, 0);
  for (guint i = 0; i < n_ends; i++)
    {
      const double *p = chain_end_point (s, ends[i]);

      for (guint j = i + 1; j < n_ends && end_x[ends[j]] - p[0] <= tolerance; j++)
        {
          const double *q = chain_end_point (s, ends[j]);
          double d = hypot (q[0] - p[0], q[1] - p[1]);

          if (d <= tolerance)
            {
              Joint joint = { d, MIN (ends[i], ends[j]), MAX (ends[i], ends[j]) };

              g_array_append_val (s->joints, joint);
            }
        }
    }
  g_array_sort (s->joints, compare_joints);

  g_array_set_size (s->end_links, n_ends);
  end_links = (gint32 *) s->end_links->data;
  for (guint e = 0; e < n_ends; e++)
    end_links[e] = -1;
  g_array_set_size (s->uf, n_open);
  uf = (guint32 *) s->uf->data;
  for (guint c = 0; c < n_open; c++)
    uf[c] = c;

  /* Greedy, nearest first. Two free ends of one path are its two ends:
   * joining them closes it. */
  for (guint i = 0; i < s->joints->len; i++)
    {
      const Joint *j = &g_array_index (s->joints, Joint, i);
      guint32 ra, rb;

      if (end_links[j->a] != -1 || end_links[j->b] != -1)
        continue;

      ra = uf_find (uf, j->a / 2);
      rb = uf_find (uf, j->b / 2);
      if (ra != rb)
        uf[MAX (ra, rb)] = MIN (ra, rb);

      end_links[j->a] = j->b;
      end_links[j->b] = j->a;
      result->gaps_closed++;
      result->max_gap = MAX (result->max_gap, j->d);
    }

  /* Walk the joined paths: from free ends first (still open: reported and
   * left out), then the loops */
  used = g_new0 (guint8, n_open);
  path = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint pass = 0; pass < 2; pass++)
    for (guint32 e = 0; e < n_ends; e++)
      {
        guint32 in = e;
        gboolean closed = FALSE;

        if (used[e / 2] || (pass == 0 && end_links[e] != -1))
          continue;

        g_array_set_size (path, 0);
        for (;;)
          {
            const Chain *c = &g_array_index (s->open, Chain, in / 2);
            const double *xy = (const double *) s->chain_xy->data + 2 * (gsize) c->first;
            gint32 next;

            used[in / 2] = TRUE;
            if ((in & 1) == 0)
              g_array_append_vals (path, xy, 2 * c->n);
            else
              for (guint k = c->n; k > 0; k--)
                g_array_append_vals (path, xy + 2 * (k - 1), 2);

            next = end_links[in ^ 1];
            if (next == (gint32) e)
              {
                closed = TRUE;
                break;
              }
            if (next < 0 || used[next / 2])
              break;
            in = next;
          }

        if (closed)
          add_ring (s, (const double *) path->data, path->len / 2);
        else
          result->open_chains++;
      }

  g_free (used);
}

static gboolean
point_in_ring (const double *xy,
               guint         n,
               double        x,
               double        y)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    {
      double xi = xy[2 * i], yi = xy[2 * i + 1];
      double xj = xy[2 * j], yj = xy[2 * j + 1];

      if ((yi > y) != (yj > y) && x < xj + (y - yj) / (yi - yj) * (xi - xj))
        inside = !inside;
    }

  return inside;
}

/* Whether ring @r lies inside ring @o, rings of a valid slice being disjoint
 * or nested. Rings may touch (bodies meeting at an edge, an island touching
 * its hole): three points of @r vote, so that one on @o's boundary does not
 * decide alone. */
static gboolean
ring_in_ring (Scratch    *s,
              const Ring *r,
              const Ring *o)
{
  const double *rxy = (const double *) s->ring_xy->data + 2 * (gsize) r->first;
  const double *oxy = (const double *) s->ring_xy->data + 2 * (gsize) o->first;
  guint k = r->n / 2, l = (k + 1) % r->n;
  double points[3][2] = {
    { rxy[0], rxy[1] },
    { (rxy[0] + rxy[2]) / 2, (rxy[1] + rxy[3]) / 2 },
    { (rxy[2 * k] + rxy[2 * l]) / 2, (rxy[2 * k + 1] + rxy[2 * l + 1]) / 2 },
  };
  guint votes = 0;

  for (guint i = 0; i < 3; i++)
    votes += point_in_ring (oxy, o->n, points[i][0], points[i][1]);

  return votes >= 2;
}

static int
compare_rings_by_area (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  const Ring *rings = user_data;
  double aa = rings[*(const guint32 *) a].area;
  double ab = rings[*(const guint32 *) b].area;

  if (aa != ab)
    return aa > ab ? -1 : 1;
  return *(const guint32 *) a < *(const guint32 *) b ? -1 : 1;
}

static int
compare_rings_by_min_x (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  const Ring *rings = user_data;
  double xa = rings[*(const guint32 *) a].min[0];
  double xb = rings[*(const guint32 *) b].min[0];

  return xa < xb ? -1 : xa > xb;
}

static GEOSGeometry *
ring_to_geos (Scratch    *s,
              const Ring *ring)
{
  const double *xy = (const double *) s->ring_xy->data + 2 * (gsize) ring->first;
  GEOSCoordSequence *seq;

  g_array_set_size (s->coords, 2 * ((gsize) ring->n + 1));
  memcpy (s->coords->data, xy, 2 * sizeof (double) * ring->n);
  g_array_index (s->coords, double, 2 * (gsize) ring->n) = xy[0];
  g_array_index (s->coords, double, 2 * (gsize) ring->n + 1) = xy[1];

  seq = GEOSCoordSeq_copyFromBuffer_r (s->ctx, (const double *) s->coords->data,
                                       ring->n + 1, 0, 0);
  if (seq == NULL)
    return NULL;

  return GEOSGeom_createLinearRing_r (s->ctx, seq);
}

static void
destroy_all (GEOSContextHandle_t  ctx,
             GPtrArray           *geometries)
{
  for (guint i = 0; i < geometries->len; i++)
    GEOSGeom_destroy_r (ctx, geometries->pdata[i]);
  g_ptr_array_set_size (geometries, 0);
}

/* A polygon of the ring alone, made valid; NULL if GEOS fails */
static GEOSGeometry *
ring_polygon (Scratch    *s,
              const Ring *ring)
{
  GEOSGeometry *shell = ring_to_geos (s, ring);
  GEOSGeometry *polygon, *valid;

  if (shell == NULL)
    return NULL;
  polygon = GEOSGeom_createPolygon_r (s->ctx, shell, NULL, 0);
  if (polygon == NULL || GEOSisValid_r (s->ctx, polygon) == 1)
    return polygon;

  valid = GEOSMakeValid_r (s->ctx, polygon);
  GEOSGeom_destroy_r (s->ctx, polygon);

  return valid;
}

/* The shell order[@i] and its holes do not make a valid polygon: a hole
 * crosses the shell or another hole, or a ring crosses itself. Where the
 * mesh is consistently oriented, a "hole" turning the same way as its
 * shell is not a hole but another body overlapping it (a mesh that
 * intersects itself): it is added, the others are taken away. The parts
 * go to s->polygons, united later. FALSE if GEOS fails. */
static gboolean
add_repaired_polygon (Scratch       *s,
                      const guint32 *order,
                      guint          i)
{
  GEOSContextHandle_t ctx = s->ctx;
  const Ring *rings = (const Ring *) s->rings->data;
  const Ring *shell_ring = &rings[order[i]];
  GEOSGeometry *shape;

  shape = ring_polygon (s, shell_ring);
  if (shape == NULL)
    return FALSE;

  /* first take the holes away, then add the overlapping bodies */
  for (guint pass = 0; pass < 2; pass++)
    for (guint k = i + 1; k < s->rings->len; k++)
      {
        const Ring *hole_ring = &rings[order[k]];
        gboolean same = hole_ring->ccw == shell_ring->ccw;
        GEOSGeometry *hole, *result;

        if (hole_ring->parent != (int) order[i] || hole_ring->depth % 2 != 1 ||
            same != (pass == 1))
          continue;

        hole = ring_polygon (s, hole_ring);
        if (hole == NULL)
          {
            GEOSGeom_destroy_r (ctx, shape);
            return FALSE;
          }

        result = same ? GEOSUnion_r (ctx, shape, hole) : GEOSDifference_r (ctx, shape, hole);
        GEOSGeom_destroy_r (ctx, hole);
        GEOSGeom_destroy_r (ctx, shape);
        if (result == NULL)
          return FALSE;
        shape = result;
      }

  g_ptr_array_add (s->polygons, shape);

  return TRUE;
}

static void
collect_candidate (void *item,
                   void *user_data)
{
  guint32 k = GPOINTER_TO_UINT (item) - 1;

  g_array_append_val ((GArray *) user_data, k);
}

static inline void
nest_ring (Scratch  *s,
           Ring     *r,
           guint32   k,
           guint32   r_rank,
           guint32  *parent_rank,
           guint32  *rank)
{
  const Ring *o = &((const Ring *) s->rings->data)[k];

  if (rank[k] >= r_rank ||
      o->min[0] > r->min[0] || o->min[1] > r->min[1] ||
      o->max[0] < r->max[0] || o->max[1] < r->max[1] ||
      !ring_in_ring (s, r, o))
    return;

  r->depth++;
  if (r->parent < 0 || rank[k] > *parent_rank)
    {
      r->parent = k;
      *parent_rank = rank[k];
    }
}

/* Counts for every ring the rings holding it (its depth) and finds the
 * smallest (its parent). Many rings are looked up in an STR tree of their
 * boxes rather than each against all. FALSE if GEOS fails. */
static gboolean
nest_rings (Scratch       *s,
            const guint32 *order,
            guint          n_rings)
{
  GEOSContextHandle_t ctx = s->ctx;
  Ring *rings = (Ring *) s->rings->data;
  g_autofree guint32 *rank = g_new (guint32, n_rings);
  g_autoptr(GArray) candidates = NULL;
  GEOSSTRtree *tree = NULL;
  GPtrArray *boxes = s->holes;
  gboolean ok = TRUE;

  for (guint i = 0; i < n_rings; i++)
    rank[order[i]] = i;

  if (n_rings <= 32)
    {
      for (guint i = 0; i < n_rings; i++)
        {
          guint32 parent_rank = 0;

          for (guint k = 0; k < i; k++)
            nest_ring (s, &rings[order[i]], order[k], i, &parent_rank, rank);
        }
      return TRUE;
    }

  tree = GEOSSTRtree_create_r (ctx, 10);
  if (tree == NULL)
    return FALSE;

  g_ptr_array_set_size (boxes, 0);
  for (guint k = 0; k < n_rings; k++)
    {
      GEOSGeometry *box = GEOSGeom_createRectangle_r (ctx, rings[k].min[0], rings[k].min[1],
                                                      rings[k].max[0], rings[k].max[1]);

      if (box == NULL)
        {
          ok = FALSE;
          break;
        }
      g_ptr_array_add (boxes, box);
      GEOSSTRtree_insert_r (ctx, tree, box, GUINT_TO_POINTER (k + 1));
    }

  candidates = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint i = 0; i < n_rings && ok; i++)
    {
      guint32 parent_rank = 0;

      g_array_set_size (candidates, 0);
      GEOSSTRtree_query_r (ctx, tree, boxes->pdata[order[i]], collect_candidate, candidates);
      for (guint c = 0; c < candidates->len; c++)
        nest_ring (s, &rings[order[i]], g_array_index (candidates, guint32, c), i,
                   &parent_rank, rank);
    }

  GEOSSTRtree_destroy_r (ctx, tree);
  destroy_all (ctx, boxes);

  return ok;
}

/* Whether the bounding boxes of two shells in s->shells meet (touching
 * counts): only then may their polygons overlap or share an edge, which
 * the union must settle. Islands in holes meet their outer shell's box. */
static gboolean
shells_may_meet (Scratch *s)
{
  const Ring *rings = (const Ring *) s->rings->data;
  guint32 *shells = (guint32 *) s->shells->data;
  guint n = s->shells->len;

  if (n < 2)
    return FALSE;

  g_qsort_with_data (shells, n, sizeof (guint32), compare_rings_by_min_x, (gpointer) rings);
  for (guint i = 0; i < n; i++)
    {
      const Ring *a = &rings[shells[i]];

      for (guint j = i + 1; j < n && rings[shells[j]].min[0] <= a->max[0]; j++)
        {
          const Ring *b = &rings[shells[j]];

          if (b->min[1] <= a->max[1] && a->min[1] <= b->max[1])
            return TRUE;
        }
    }

  return FALSE;
}

/* Nests the rings by even-odd containment and builds valid polygons with
 * GEOS into result->contours. FALSE if GEOS fails. */
static gboolean
build_polygons (Scratch     *s,
                LayerResult *result)
{
  GEOSContextHandle_t ctx = s->ctx;
  Ring *rings = (Ring *) s->rings->data;
  guint n_rings = s->rings->len;
  guint32 *order;
  GEOSGeometry *multi = NULL;
  gboolean ok = TRUE;
  gboolean repaired = FALSE;

  result->contours = melt_contours_new ();
  if (n_rings == 0)
    return TRUE;

  g_array_set_size (s->shells, 0);

  g_array_set_size (s->order, n_rings);
  order = (guint32 *) s->order->data;
  for (guint i = 0; i < n_rings; i++)
    order[i] = i;
  g_qsort_with_data (order, n_rings, sizeof (guint32), compare_rings_by_area, rings);

  /* A ring can only lie inside a larger one; the smallest ring holding it
   * is its parent */
  if (!nest_rings (s, order, n_rings))
    return FALSE;

  g_ptr_array_set_size (s->polygons, 0);
  for (guint i = 0; i < n_rings && ok; i++)
    {
      const Ring *shell_ring = &rings[order[i]];
      GEOSGeometry *shell, *polygon;

      if (shell_ring->depth % 2 != 0)
        continue;

      shell = ring_to_geos (s, shell_ring);
      if (shell == NULL)
        {
          ok = FALSE;
          break;
        }

      g_ptr_array_set_size (s->holes, 0);
      for (guint k = i + 1; k < n_rings; k++)
        {
          const Ring *hole_ring = &rings[order[k]];
          GEOSGeometry *hole;

          if (hole_ring->parent != (int) order[i] || hole_ring->depth % 2 != 1)
            continue;

          hole = ring_to_geos (s, hole_ring);
          if (hole == NULL)
            {
              ok = FALSE;
              break;
            }
          g_ptr_array_add (s->holes, hole);
        }
      if (!ok)
        {
          GEOSGeom_destroy_r (ctx, shell);
          destroy_all (ctx, s->holes);
          break;
        }

      /* takes @shell and the holes */
      polygon = GEOSGeom_createPolygon_r (ctx, shell, (GEOSGeometry **) s->holes->pdata,
                                          s->holes->len);
      g_ptr_array_set_size (s->holes, 0);
      if (polygon == NULL)
        {
          ok = FALSE;
          break;
        }

      if (GEOSisValid_r (ctx, polygon) != 1)
        {
          GEOSGeom_destroy_r (ctx, polygon);
          ok = add_repaired_polygon (s, order, i);
          repaired = TRUE;
          if (!ok)
            break;
          continue;
        }

      g_ptr_array_add (s->polygons, polygon);
      g_array_append_val (s->shells, order[i]);
    }

  if (!ok)
    {
      destroy_all (ctx, s->polygons);
      return FALSE;
    }

  if (!repaired && !shells_may_meet (s))
    {
      /* valid polygons, apart from each other: no union needed (a layer
       * of thousands of islands would spend most of its time in it) */
      for (guint i = 0; i < s->polygons->len && ok; i++)
        ok = melt_contours_add_geos (result->contours, ctx, s->polygons->pdata[i]);
      destroy_all (ctx, s->polygons);
      melt_contours_end (result->contours);

      return ok;
    }
  else if (s->polygons->len == 1 &&
           GEOSGeomTypeId_r (ctx, s->polygons->pdata[0]) == GEOS_POLYGON)
    {
      multi = g_ptr_array_steal_index (s->polygons, 0);
    }
  else
    {
      GEOSGeometry *collection;

      /* takes the polygons */
      collection = GEOSGeom_createCollection_r (ctx, GEOS_GEOMETRYCOLLECTION,
                                                (GEOSGeometry **) s->polygons->pdata,
                                                s->polygons->len);
      if (collection == NULL)
        {
          destroy_all (ctx, s->polygons);
          return FALSE;
        }
      g_ptr_array_set_size (s->polygons, 0);

      /* Islands of separate bodies may overlap (the mesh intersects itself)
       * or touch: the union makes them one valid multipolygon */
      multi = GEOSUnaryUnion_r (ctx, collection);
      GEOSGeom_destroy_r (ctx, collection);
      if (multi == NULL)
        return FALSE;
    }

  ok = melt_contours_add_geos (result->contours, ctx, multi);
  GEOSGeom_destroy_r (ctx, multi);
  melt_contours_end (result->contours);

  return ok;
}

/* Cuts the plane at @z through the triangles @triangles (those not spanning
 * it are skipped). FALSE if GEOS fails. */
static gboolean
slice_plane (Scratch       *s,
             const float   *positions,
             const guint32 *indices,
             const guint32 *triangles,
             guint          n_triangles,
             double         z,
             double         tolerance,
             LayerResult   *result)
{
  memset (result, 0, sizeof *result);

  g_array_set_size (s->keys, 0);
  g_array_set_size (s->seg_xy, 0);
  for (guint i = 0; i < n_triangles; i++)
    add_segment (s, positions, indices, triangles != NULL ? triangles[i] : i, z);

  chain_segments (s);
  close_gaps (s, tolerance, result);

  return build_polygons (s, result);
}

/* The whole slice */

typedef struct
{
  /* read-only while the workers run */
  const float      *positions;
  const guint32    *indices;
  guint             n_layers;
  double            z_min;
  double            layer_height;
  double            tolerance;
  const guint32    *order;        /* triangles by first layer spanned */
  const guint32    *offsets;      /* n_layers + 1 into @order */
  const guint32    *last;         /* per triangle: the last layer it spans */
  guint             n_chunks;
  guint             chunk_size;
  GCancellable     *cancellable;

  /* written by the workers */
  LayerResult      *results;
  int               next_chunk;   /* atomic */
  int               n_done;       /* atomic */
  int               failed;       /* atomic */
  GMutex            lock;
  guint             failed_layer; /* under @lock */
  MeltProgressFunc  progress;
  gpointer          progress_data;
  int               last_percent; /* under @lock */
} SliceJob;

static void
job_report_progress (SliceJob *job,
                     guint     n_done)
{
  int percent;

  if (job->progress == NULL)
    return;

  /* 1.0 is reported once, by melt_slicer_slice() itself */
  percent = MIN ((int) ((guint64) n_done * 100 / job->n_layers), 99);

  g_mutex_lock (&job->lock);
  if (percent > job->last_percent)
    {
      job->last_percent = percent;
      job->progress (percent / 100.0, job->progress_data);
    }
  g_mutex_unlock (&job->lock);
}

static void
job_run_chunk (SliceJob *job,
               Scratch  *s,
               GArray   *active,
               guint     chunk)
{
  guint first = chunk * job->chunk_size;
  guint end = MIN (first + job->chunk_size, job->n_layers);

  /* Triangles that began below this chunk and still span its first layer */
  g_array_set_size (active, 0);
  for (guint i = 0; i < job->offsets[first]; i++)
    {
      guint32 t = job->order[i];

      if (job->last[t] >= first)
        g_array_append_val (active, t);
    }

  for (guint layer = first; layer < end; layer++)
    {
      guint32 *tris;
      guint n = 0;
      int n_done;

      if (g_atomic_int_get (&job->failed) ||
          g_cancellable_is_cancelled (job->cancellable))
        return;

      g_array_append_vals (active, job->order + job->offsets[layer],
                           job->offsets[layer + 1] - job->offsets[layer]);

      /* drop those that ended below this layer */
      tris = (guint32 *) active->data;
      for (guint i = 0; i < active->len; i++)
        if (job->last[tris[i]] >= layer)
          tris[n++] = tris[i];
      g_array_set_size (active, n);

      if (!slice_plane (s, job->positions, job->indices, tris, n,
                        layer_z (job->z_min, job->layer_height, layer),
                        job->tolerance, &job->results[layer]))
        {
          g_mutex_lock (&job->lock);
          if (!job->failed)
            job->failed_layer = layer;
          g_atomic_int_set (&job->failed, TRUE);
          g_mutex_unlock (&job->lock);
          return;
        }

      n_done = g_atomic_int_add (&job->n_done, 1) + 1;
      job_report_progress (job, n_done);
    }
}

static void
job_worker (gpointer data,
            gpointer user_data)
{
  SliceJob *job = user_data;
  g_autoptr(GArray) active = g_array_new (FALSE, FALSE, sizeof (guint32));
  Scratch s;
  int chunk;

  scratch_init (&s);
  while ((chunk = g_atomic_int_add (&job->next_chunk, 1)) < (int) job->n_chunks)
    job_run_chunk (job, &s, active, chunk);
  scratch_clear (&s);
}

static gboolean
check_arguments (double   layer_height_mm,
                 double   gap_tolerance_mm,
                 GError **error)
{
  if (!isfinite (layer_height_mm) || layer_height_mm <= 0.0)
    {
      g_set_error (error, MELT_SLICER_ERROR, MELT_SLICER_ERROR_BAD_LAYER_HEIGHT,
                   _("The layer height must be a positive number of millimetres, not %g"),
                   layer_height_mm);
      return FALSE;
    }

  if (!isfinite (gap_tolerance_mm) || gap_tolerance_mm < 0.0)
    {
      g_set_error (error, MELT_SLICER_ERROR, MELT_SLICER_ERROR_BAD_TOLERANCE,
                   _("The gap tolerance must be zero or a positive number of millimetres, not %g"),
                   gap_tolerance_mm);
      return FALSE;
    }

  return TRUE;
}

static const char *
mesh_name (MeltMesh *mesh)
{
  const char *name = melt_mesh_get_display_name (mesh);

  return name != NULL ? name : _("unnamed part");
}

MeltSlice *
melt_slicer_slice (MeltMesh          *mesh,
                   double             layer_height_mm,
                   double             gap_tolerance_mm,
                   GCancellable      *cancellable,
                   MeltProgressFunc   progress,
                   gpointer           progress_data,
                   GError           **error)
{
  g_autoptr(MeltSlice) slice = NULL;
  const float *positions;
  const guint32 *indices;
  guint n_triangles;
  float bmin[3], bmax[3];
  double height, n_layers_f;
  guint n_layers, n_threads;
  g_autofree guint32 *offsets = NULL;
  g_autofree guint32 *order = NULL;
  g_autofree guint32 *last = NULL;
  g_autofree guint32 *first = NULL;
  g_autofree LayerResult *results = NULL;
  SliceJob job = { 0, };
  GThreadPool *pool = NULL;

  g_return_val_if_fail (MELT_IS_MESH (mesh), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_arguments (layer_height_mm, gap_tolerance_mm, error))
    return NULL;

  positions = melt_mesh_get_positions (mesh);
  indices = melt_mesh_get_indices (mesh);
  n_triangles = melt_mesh_get_n_triangles (mesh);
  melt_mesh_get_bounds (mesh, bmin, bmax);
  height = (double) bmax[2] - (double) bmin[2];

  if (n_triangles == 0 || !(height > 0.0))
    {
      g_set_error (error, MELT_SLICER_ERROR, MELT_SLICER_ERROR_FLAT,
                   _("Cannot slice “%s”: it has no height (all its points lie at z = %g mm); "
                     "a part with volume was expected"),
                   mesh_name (mesh), (double) bmin[2]);
      return NULL;
    }

  /* As many layers as fit best: a top left over of less than half a layer
   * is not cut */
  n_layers_f = floor (height / layer_height_mm + 0.5);
  if (n_layers_f > MELT_SLICER_MAX_LAYERS)
    {
      g_set_error (error, MELT_SLICER_ERROR, MELT_SLICER_ERROR_TOO_MANY_LAYERS,
                   _("Cannot slice “%s”, %g mm tall, into layers of %g mm: that makes more "
                     "than %u layers"),
                   mesh_name (mesh), height, layer_height_mm, MELT_SLICER_MAX_LAYERS);
      return NULL;
    }
  n_layers = MAX ((guint) n_layers_f, 1u);

  slice = g_object_new (MELT_TYPE_SLICE, NULL);
  slice->n_layers = n_layers;
  slice->layer_height = layer_height_mm;
  slice->z_min = bmin[2];

  /* Bucket the triangles by the first layer they span (a counting sort),
   * remembering the last: triangle t spans layer i when its lowest vertex
   * is below z_i and its highest at or above */
  first = g_new (guint32, n_triangles);
  last = g_new (guint32, n_triangles);
  offsets = g_new0 (guint32, (gsize) n_layers + 1);
  for (guint t = 0; t < n_triangles; t++)
    {
      const guint32 *v = indices + 3 * (gsize) t;
      double z0 = positions[3 * (gsize) v[0] + 2];
      double z1 = positions[3 * (gsize) v[1] + 2];
      double z2 = positions[3 * (gsize) v[2] + 2];
      double lo = MIN (z0, MIN (z1, z2));
      double hi = MAX (z0, MAX (z1, z2));
      double f = ceil ((lo - slice->z_min) / layer_height_mm - 0.5);
      double l = floor ((hi - slice->z_min) / layer_height_mm - 0.5);
      gint64 a = (gint64) CLAMP (f, 0.0, (double) n_layers);
      gint64 b = (gint64) CLAMP (l, -1.0, (double) n_layers - 1);

      /* settle the rounding with the very comparisons slicing makes */
      while (a > 0 && layer_z (slice->z_min, layer_height_mm, a - 1) > lo)
        a--;
      while (a < n_layers && !(layer_z (slice->z_min, layer_height_mm, a) > lo))
        a++;
      while (b >= 0 && layer_z (slice->z_min, layer_height_mm, b) > hi)
        b--;
      while (b + 1 < n_layers && layer_z (slice->z_min, layer_height_mm, b + 1) <= hi)
        b++;

      if (b < a)
        {
          first[t] = G_MAXUINT32;
          continue;
        }

      first[t] = a;
      last[t] = b;
      offsets[a + 1]++;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  for (guint i = 0; i < n_layers; i++)
    offsets[i + 1] += offsets[i];
  order = g_new (guint32, MAX (offsets[n_layers], 1u));
  {
    g_autofree guint32 *fill = g_memdup2 (offsets, sizeof (guint32) * n_layers);

    for (guint t = 0; t < n_triangles; t++)
      if (first[t] != G_MAXUINT32)
        order[fill[first[t]]++] = t;
  }
  g_clear_pointer (&first, g_free);

  results = g_new0 (LayerResult, n_layers);

  job.positions = positions;
  job.indices = indices;
  job.n_layers = n_layers;
  job.z_min = slice->z_min;
  job.layer_height = layer_height_mm;
  job.tolerance = gap_tolerance_mm;
  job.order = order;
  job.offsets = offsets;
  job.last = last;
  job.cancellable = cancellable;
  job.results = results;
  job.progress = progress;
  job.progress_data = progress_data;
  job.last_percent = -1;
  g_mutex_init (&job.lock);

  n_threads = CLAMP (g_get_num_processors (), 1u, 64u);
  n_threads = MIN (n_threads, n_layers);
  /* Several chunks per thread balance the load; each chunk rescans the
   * buckets below it once, so not too many */
  job.n_chunks = MIN (n_layers, n_threads * 4);
  job.chunk_size = (n_layers + job.n_chunks - 1) / job.n_chunks;
  job.n_chunks = (n_layers + job.chunk_size - 1) / job.chunk_size;

  job_report_progress (&job, 0);

  if (n_threads > 1)
    pool = g_thread_pool_new (job_worker, &job, n_threads - 1, FALSE, NULL);
  if (pool != NULL)
    for (guint i = 1; i < n_threads; i++)
      g_thread_pool_push (pool, GUINT_TO_POINTER (i), NULL);

  /* this thread works too */
  job_worker (GUINT_TO_POINTER (0), &job);

  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);

  g_mutex_clear (&job.lock);

  slice->contours = g_new0 (MeltContours *, n_layers);
  slice->gaps_closed = g_new0 (guint, n_layers);
  slice->open_chains = g_new0 (guint, n_layers);
  for (guint i = 0; i < n_layers; i++)
    {
      LayerResult *r = &results[i];

      slice->contours[i] = g_steal_pointer (&r->contours);
      slice->gaps_closed[i] = r->gaps_closed;
      slice->open_chains[i] = r->open_chains;

      slice->report.n_gaps_closed += r->gaps_closed;
      slice->report.max_gap_mm = MAX (slice->report.max_gap_mm, r->max_gap);
      if (r->gaps_closed > 0)
        slice->report.n_layers_with_gaps++;
      slice->report.n_open_chains += r->open_chains;
      if (r->open_chains > 0)
        {
          slice->report.n_layers_with_open_chains++;
          slice->report.first_open_layer = MIN (slice->report.first_open_layer, i);
        }
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (job.failed)
    {
      g_set_error (error, MELT_SLICER_ERROR, MELT_SLICER_ERROR_GEOMETRY,
                   _("Cannot slice “%s”: GEOS could not build the outlines of layer %u "
                     "(z = %g mm)"),
                   mesh_name (mesh), job.failed_layer + 1,
                   layer_z (slice->z_min, layer_height_mm, job.failed_layer));
      return NULL;
    }

  for (guint i = 0; i < n_layers; i++)
    if (slice->contours[i] == NULL)
      slice->contours[i] = melt_contours_new ();

  if (progress != NULL)
    progress (1.0, progress_data);

  return g_steal_pointer (&slice);
}

MeltContours *
melt_slicer_slice_at (MeltMesh  *mesh,
                      double     z_mm,
                      double     gap_tolerance_mm,
                      guint     *n_gaps_closed,
                      double    *max_gap_mm,
                      guint     *n_open_chains,
                      GError   **error)
{
  LayerResult result;
  Scratch s;
  gboolean ok;

  g_return_val_if_fail (MELT_IS_MESH (mesh), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!isfinite (z_mm))
    {
      g_set_error (error, MELT_SLICER_ERROR, MELT_SLICER_ERROR_BAD_LAYER_HEIGHT,
                   _("The height of a section must be a finite number of millimetres, not %g"),
                   z_mm);
      return NULL;
    }
  if (!check_arguments (1.0, gap_tolerance_mm, error))
    return NULL;

  scratch_init (&s);
  ok = slice_plane (&s, melt_mesh_get_positions (mesh), melt_mesh_get_indices (mesh),
                    NULL, melt_mesh_get_n_triangles (mesh), z_mm, gap_tolerance_mm, &result);
  scratch_clear (&s);

  if (!ok)
    {
      g_clear_pointer (&result.contours, melt_contours_free);
      g_set_error (error, MELT_SLICER_ERROR, MELT_SLICER_ERROR_GEOMETRY,
                   _("Cannot slice “%s”: GEOS could not build the outlines at z = %g mm"),
                   mesh_name (mesh), z_mm);
      return NULL;
    }

  if (n_gaps_closed != NULL)
    *n_gaps_closed = result.gaps_closed;
  if (max_gap_mm != NULL)
    *max_gap_mm = result.max_gap;
  if (n_open_chains != NULL)
    *n_open_chains = result.open_chains;

  return result.contours;
}

/* Async */

typedef struct
{
  MeltMesh         *mesh;
  double            layer_height;
  double            tolerance;
  MeltProgressFunc  progress;
  gpointer          progress_data;
} SliceTaskData;

static void
slice_task_data_free (gpointer data)
{
  SliceTaskData *d = data;

  g_clear_object (&d->mesh);
  g_free (d);
}

static void
melt_slicer_slice_worker (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  SliceTaskData *d = task_data;
  g_autoptr(GError) error = NULL;
  MeltSlice *slice;

  slice = melt_slicer_slice (d->mesh, d->layer_height, d->tolerance, cancellable,
                             d->progress, d->progress_data, &error);
  if (slice == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, slice, g_object_unref);
}

void
melt_slicer_slice_async (MeltMesh            *mesh,
                         double               layer_height_mm,
                         double               gap_tolerance_mm,
                         GCancellable        *cancellable,
                         MeltProgressFunc     progress,
                         gpointer             progress_data,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SliceTaskData *d;

  g_return_if_fail (MELT_IS_MESH (mesh));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  d = g_new0 (SliceTaskData, 1);
  d->mesh = g_object_ref (mesh);
  d->layer_height = layer_height_mm;
  d->tolerance = gap_tolerance_mm;
  d->progress = progress;
  d->progress_data = progress_data;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, melt_slicer_slice_async);
  g_task_set_name (task, "[melt] slice");
  g_task_set_task_data (task, d, slice_task_data_free);
  g_task_run_in_thread (task, melt_slicer_slice_worker);
}

MeltSlice *
melt_slicer_slice_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == melt_slicer_slice_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
