/* fuzz-mesh.c: libFuzzer target for the part readers (binary STL, ASCII STL, OBJ)
 *
 * Build: meson setup _build-fuzz -Dfuzzing=true -Dgui=false (with CC=clang)
 * Run:   _build-fuzz/tests/fuzz/fuzz-mesh tests/fuzz/corpus-mesh -max_total_time=60
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "melt-mesh.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  /* The first byte picks the name, so the extension-based format guess is exercised too. */
  static const char *names[] = { "fuzz.stl", "fuzz.obj", "fuzz.STL", "fuzz" };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MeltMesh) mesh = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = names[size > 0 ? data[0] % G_N_ELEMENTS (names) : 0];

  if (size > 0)
    {
      data++;
      size--;
    }

  bytes = g_bytes_new_static (data, size);
  mesh = melt_mesh_load_bytes (bytes, name, NULL, NULL, NULL, &error);

  /* Exactly one of the two: a mesh with a report, or an error with a message. */
  g_assert ((mesh == NULL) != (error == NULL));
  if (mesh != NULL)
    {
      const MeltMeshReport *report = melt_mesh_get_report (mesh);
      g_assert_cmpuint (report->triangles, >, 0);
      g_assert_cmpuint (report->vertices, <=, 3 * report->triangles);
    }
  else
    g_assert (error->message != NULL && error->message[0] != '\0');

  return 0;
}
