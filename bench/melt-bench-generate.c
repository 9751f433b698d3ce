/* melt-bench-generate.c: writes a large closed part for the benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * melt-bench-generate [--triangles N] [--format stl|ascii-stl|obj] OUTPUT
 *
 * The part is a torus (major radius 60 mm, tube radius 15 mm): closed,
 * watertight, one body, every vertex shared by six triangles, so every
 * tool has real welding and edge work to do. N is rounded to the nearest
 * count of the form 2 · n_major · n_minor with n_major = 2 · n_minor.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "melt-test-shapes.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MeltTestShape) shape = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL;
  gint64 triangles = 1000000;
  guint n_minor, n_major;
  MeltTestFormat fmt = MELT_TEST_FORMAT_STL_BINARY;
  const GOptionEntry entries[] = {
    { "triangles", 'n', 0, G_OPTION_ARG_INT64, &triangles, "Number of triangles (default 1000000)", "N" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, "stl (binary, default), ascii-stl or obj", "FORMAT" },
    { NULL }
  };

  context = g_option_context_new ("OUTPUT");
  g_option_context_set_summary (context, "Write a closed torus part for the Meltline benchmarks.");
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || triangles < 16)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "usage: melt-bench-generate [--triangles N] [--format stl|ascii-stl|obj] OUTPUT");
      return 2;
    }

  if (format == NULL || g_str_equal (format, "stl"))
    fmt = MELT_TEST_FORMAT_STL_BINARY;
  else if (g_str_equal (format, "ascii-stl"))
    fmt = MELT_TEST_FORMAT_STL_ASCII;
  else if (g_str_equal (format, "obj"))
    fmt = MELT_TEST_FORMAT_OBJ;
  else
    {
      g_printerr ("unknown format “%s”\n", format);
      return 2;
    }

  /* triangles = 2 · n_major · n_minor = 4 · n_minor² */
  n_minor = MAX (3, (guint) lround (sqrt (triangles / 4.0)));
  n_major = (guint) MAX (3, lround ((double) triangles / (2.0 * n_minor)));

  shape = melt_test_shape_torus (60.0, 15.0, n_major, n_minor);

  if (!melt_test_shape_write (shape, fmt, argv[1], &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_print ("%s: torus of %u triangles, %u vertices\n", argv[1],
           melt_test_shape_get_n_triangles (shape), melt_test_shape_get_n_vertices (shape));

  return 0;
}
