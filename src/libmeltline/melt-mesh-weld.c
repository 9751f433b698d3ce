/* melt-mesh-weld.c: corners with equal coordinates become one vertex
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-mesh"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#ifdef HAVE_MADVISE
# include <sys/mman.h>
#endif

#include "melt-mesh-private.h"

void
_melt_mesh_advise_large (gpointer data,
                         gsize    size)
{
#if defined(HAVE_MADVISE) && defined(MADV_HUGEPAGE)
  const guintptr huge = 2 * 1024 * 1024;
  guintptr start = ((guintptr) data + huge - 1) & ~(huge - 1);
  guintptr end = ((guintptr) data + size) & ~(huge - 1);

  if (data != NULL && end > start)
    madvise ((gpointer) start, end - start, MADV_HUGEPAGE);
#endif
}

static inline guint32
float_key (float f)
{
  guint32 u;

  memcpy (&u, &f, sizeof u);

  /* -0.0 and 0.0 are the same place */
  if (u == 0x80000000u)
    u = 0;

  return u;
}

static inline guint64
hash_xyz (guint32 x,
          guint32 y,
          guint32 z)
{
  guint64 h = (((guint64) x << 32) | y) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);

  h ^= (guint64) z * G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F);

  /* MurmurHash3's 64-bit finaliser */
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xFF51AFD7ED558CCD);
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xC4CEB9FE1A85EC53);
  h ^= h >> 33;

  return h;
}

void
_melt_mesh_welder_init (MeltMeshWelder *welder,
                        gsize           expected_corners)
{
  gsize n_slots = 64;

  g_assert (welder != NULL);

  memset (welder, 0, sizeof *welder);

  /* A closed mesh has about one vertex per six corners, so a third of the
   * corners leaves the table at most half full (small enough to stay in
   * the caches as far as possible); a soup without shared corners makes it
   * grow twice.
   */
  expected_corners = MIN (expected_corners, (gsize) MELT_MESH_MAX_TRIANGLES * 3);
  while (n_slots < expected_corners / 3)
    n_slots *= 2;

  welder->slots = g_new0 (guint64, n_slots);
  welder->mask = n_slots - 1;
  welder->positions = g_array_sized_new (FALSE, FALSE, sizeof (float), 3 * MAX (16, expected_corners / 6));
  welder->indices = g_array_sized_new (FALSE, FALSE, sizeof (guint32), MAX (48, expected_corners));

  _melt_mesh_advise_large (welder->slots, n_slots * sizeof (guint64));
  _melt_mesh_advise_large (welder->positions->data, sizeof (float) * 3 * MAX (16, expected_corners / 6));
  _melt_mesh_advise_large (welder->indices->data, sizeof (guint32) * MAX (48, expected_corners));
}

void
_melt_mesh_welder_clear (MeltMeshWelder *welder)
{
  g_assert (welder != NULL);

  g_clear_pointer (&welder->slots, g_free);
  g_clear_pointer (&welder->positions, g_array_unref);
  g_clear_pointer (&welder->indices, g_array_unref);
  welder->n_vertices = 0;
  welder->mask = 0;
}

static void
welder_grow (MeltMeshWelder *welder)
{
  gsize n_slots = (welder->mask + 1) * 2;
  gsize mask = n_slots - 1;
  const float *pos = (const float *) (gpointer) welder->positions->data;
  guint64 *slots = g_new0 (guint64, n_slots);

  _melt_mesh_advise_large (slots, n_slots * sizeof (guint64));

  for (guint v = 0; v < welder->n_vertices; v++)
    {
      guint64 h = hash_xyz (float_key (pos[3 * v]), float_key (pos[3 * v + 1]), float_key (pos[3 * v + 2]));
      gsize i = h & mask;

      while (slots[i] != 0)
        i = (i + 1) & mask;

      slots[i] = (h & G_GUINT64_CONSTANT (0xFFFFFFFF00000000)) | ((guint64) v + 1);
    }

  g_free (welder->slots);
  welder->slots = slots;
  welder->mask = mask;
}

static inline guint32
welder_add_hashed (MeltMeshWelder *welder,
                   const float     xyz[3],
                   guint64         h)
{
  guint32 kx = float_key (xyz[0]);
  guint32 ky = float_key (xyz[1]);
  guint32 kz = float_key (xyz[2]);
  guint64 tag = h & G_GUINT64_CONSTANT (0xFFFFFFFF00000000);
  const float *pos = (const float *) (gpointer) welder->positions->data;
  gsize i = h & welder->mask;
  float p[3];
  guint32 v;

  for (;;)
    {
      guint64 slot = welder->slots[i];

      if (slot == 0)
        break;

      if ((slot & G_GUINT64_CONSTANT (0xFFFFFFFF00000000)) == tag)
        {
          guint32 idx = (guint32) (slot & 0xFFFFFFFFu) - 1;

          if (float_key (pos[3 * idx]) == kx &&
              float_key (pos[3 * idx + 1]) == ky &&
              float_key (pos[3 * idx + 2]) == kz)
            return idx;
        }

      i = (i + 1) & welder->mask;
    }

  /* More positions would overflow the GArray's length (GLib aborts): the
   * readers see the flag and fail with MELT_MESH_ERROR_TOO_LARGE */
  if G_UNLIKELY ((guint64) welder->n_vertices >= MELT_MESH_MAX_VERTICES)
    {
      welder->too_many = TRUE;
      return 0;
    }

  v = welder->n_vertices++;
  welder->slots[i] = tag | ((guint64) v + 1);

  /* store -0.0 as 0.0 so that the positions agree with the keys */
  p[0] = xyz[0] == 0.0f ? 0.0f : xyz[0];
  p[1] = xyz[1] == 0.0f ? 0.0f : xyz[1];
  p[2] = xyz[2] == 0.0f ? 0.0f : xyz[2];
  g_array_append_vals (welder->positions, p, 3);

  if ((gsize) welder->n_vertices * 2 > welder->mask + 1)
    welder_grow (welder);

  return v;
}

guint32
_melt_mesh_welder_add (MeltMeshWelder *welder,
                       const float     xyz[3])
{
  return welder_add_hashed (welder, xyz,
                            hash_xyz (float_key (xyz[0]), float_key (xyz[1]), float_key (xyz[2])));
}

/* Adds @n_triangles triangles (9 floats each). The table is far larger
 * than the caches for big meshes: hashing a whole block first and
 * prefetching its slots lets the memory accesses overlap. */
void
_melt_mesh_welder_add_triangles (MeltMeshWelder *welder,
                                 const float    *corners,
                                 guint           n_triangles)
{
  guint64 hashes[3 * MELT_MESH_WELD_BLOCK];
  guint32 tri[3 * MELT_MESH_WELD_BLOCK];

  while (n_triangles > 0)
    {
      guint n = MIN (n_triangles, MELT_MESH_WELD_BLOCK);

      for (guint i = 0; i < 3 * n; i++)
        {
          const float *p = &corners[3 * i];

          hashes[i] = hash_xyz (float_key (p[0]), float_key (p[1]), float_key (p[2]));
          __builtin_prefetch (&welder->slots[hashes[i] & welder->mask]);
        }

      for (guint i = 0; i < 3 * n; i++)
        tri[i] = welder_add_hashed (welder, &corners[3 * i], hashes[i]);

      g_array_append_vals (welder->indices, tri, 3 * n);
      corners += 9 * n;
      n_triangles -= n;
    }
}

void
_melt_mesh_welder_add_triangle (MeltMeshWelder *welder,
                                const float     a[3],
                                const float     b[3],
                                const float     c[3])
{
  guint32 tri[3];

  tri[0] = _melt_mesh_welder_add (welder, a);
  tri[1] = _melt_mesh_welder_add (welder, b);
  tri[2] = _melt_mesh_welder_add (welder, c);
  g_array_append_vals (welder->indices, tri, 3);
}

/* Binary STL records: corners are read, checked and welded block by block.
 *
 * (Splitting the corners between two threads by hash was tried: the table
 * probes are bound by memory latency, so it gained nothing, and the
 * scattered vertex numbering slowed the report down.)
 */

gboolean
_melt_mesh_weld_stl_records (MeltMeshReader  *reader,
                             const guint8    *records,
                             guint32          n_triangles,
                             guint64         *bad_float,
                             GError         **error)
{
  MeltMeshWelder *welder = &reader->welder;
  guint32 step = MAX (1, n_triangles / 64);
  guint32 *indices;

  g_assert (welder->indices->len == 0);
  g_assert (welder->n_vertices == 0);

  *bad_float = G_MAXUINT64;

  g_array_set_size (welder->indices, 3 * (gsize) n_triangles);
  indices = (guint32 *) (gpointer) welder->indices->data;

  for (guint32 first = 0; first < n_triangles; first += MELT_MESH_WELD_BLOCK)
    {
      guint32 count = MIN (n_triangles - first, MELT_MESH_WELD_BLOCK);
      float xyz[9 * MELT_MESH_WELD_BLOCK];
      guint64 hashes[3 * MELT_MESH_WELD_BLOCK];

      if G_UNLIKELY ((first & (MELT_MESH_CHECK_INTERVAL - 1)) == 0 &&
                     g_cancellable_set_error_if_cancelled (reader->cancellable, error))
        return FALSE;

      if G_UNLIKELY (first / step != (first + count) / step)
        _melt_mesh_reader_progress (reader, (double) first / n_triangles);

      /* Read and check a block, hash its corners and prefetch their slots
       * so that the table's cache misses overlap */
      for (guint32 i = 0; i < count; i++)
        {
          guint32 *bits = (guint32 *) (gpointer) &xyz[9 * i];
          guint32 bad = 0;

          memcpy (bits, records + (gsize) (first + i) * MELT_STL_RECORD_SIZE + 12, 9 * sizeof (guint32));
          for (guint k = 0; k < 9; k++)
            {
              bits[k] = GUINT32_FROM_LE (bits[k]);
              bad |= (bits[k] & 0x7F800000u) == 0x7F800000u;
            }

          if G_UNLIKELY (bad)
            {
              for (guint k = 0; k < 9; k++)
                {
                  if ((bits[k] & 0x7F800000u) == 0x7F800000u)
                    {
                      *bad_float = (guint64) (first + i) * 9 + k;
                      return FALSE;
                    }
                }
            }

          for (guint c = 0; c < 3; c++)
            {
              guint64 h = hash_xyz (float_key (xyz[9 * i + 3 * c]),
                                    float_key (xyz[9 * i + 3 * c + 1]),
                                    float_key (xyz[9 * i + 3 * c + 2]));

              hashes[3 * i + c] = h;
              __builtin_prefetch (&welder->slots[h & welder->mask]);
            }
        }

      for (guint j = 0; j < 3 * count; j++)
        indices[3 * (gsize) first + j] = welder_add_hashed (welder, &xyz[3 * j], hashes[j]);

      if G_UNLIKELY (welder->too_many)
        {
          g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_TOO_LARGE,
                       /* TRANSLATORS: “%s” is a file name, then a byte offset and a count */
                       _("“%s”: byte %llu: more distinct vertices than Meltline can index (at most %llu)"),
                       reader->display_name,
                       (unsigned long long) (MELT_STL_HEADER_SIZE + (guint64) first * MELT_STL_RECORD_SIZE),
                       (unsigned long long) MELT_MESH_MAX_VERTICES);
          return FALSE;
        }
    }

  return TRUE;
}
