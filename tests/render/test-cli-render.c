/* test-cli-render.c: meltline-cli render writes PNGs and refuses bad input with status 2
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <string.h>
#include <sys/wait.h>

#include "melt-test-shapes.h"

static const char *cli_path;
static char *tmpdir;
static char *cube_path;
static gboolean have_gl;
static char **child_env;

/* Runs meltline-cli with @args (NULL-terminated); returns its exit status */
static int
run_cli (char **standard_error,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *arg;
  int wait_status = 0;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) cli_path);
  g_ptr_array_add (argv, (gpointer) "render");
  va_start (ap, standard_error);
  while ((arg = va_arg (ap, const char *)))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, child_env, G_SPAWN_DEFAULT, NULL, NULL,
                &out, standard_error, &wait_status, &error);
  g_assert_no_error (error);

  g_assert_true (WIFEXITED (wait_status));

  return WEXITSTATUS (wait_status);
}

static void
assert_png_size (const char *path,
                 int         width,
                 int         height)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, height);
  cairo_surface_destroy (surface);
}

static gboolean
skip_without_gl (void)
{
  if (!have_gl)
    g_test_skip ("meltline-cli render cannot get a headless GL context here");

  return !have_gl;
}

static void
test_render_size (void)
{
  g_autofree char *out = g_build_filename (tmpdir, "top.png", NULL);
  g_autofree char *err = NULL;

  if (skip_without_gl ())
    return;

  g_assert_cmpint (run_cli (&err, cube_path, "-o", out, "--size", "320x200", "--view", "top",
                            NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  assert_png_size (out, 320, 200);
}

static void
test_render_default (void)
{
  g_autofree char *out = g_build_filename (tmpdir, "default.png", NULL);
  g_autofree char *err = NULL;

  if (skip_without_gl ())
    return;

  g_assert_cmpint (run_cli (&err, cube_path, "-o", out, NULL), ==, 0);
  assert_png_size (out, 1280, 800);
}

static void
test_render_gles (void)
{
  g_autofree char *out = g_build_filename (tmpdir, "es.png", NULL);
  g_autofree char *err = NULL;

  if (skip_without_gl ())
    return;

  g_assert_cmpint (run_cli (&err, "--gles", "--view", "side", "--size", "64X48", cube_path,
                            "--output", out, NULL), ==, 0);
  assert_png_size (out, 64, 48);
}

static void
test_bad_input (void)
{
  g_autofree char *out = g_build_filename (tmpdir, "bad.png", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "no-such-part.stl", NULL);
  g_autofree char *garbage = NULL;
  g_autofree char *nowhere = g_build_filename (tmpdir, "no-such-dir", "out.png", NULL);
  static const char *bad_sizes[] = { "0x10", "10x0", "abc", "10x", "x10", "100000x10", "-5x5",
                                     "12.5x10" };
  char *err = NULL;

  garbage = melt_test_write_file (tmpdir, "garbage.stl", "solid nothing here\nbanana\n", -1);

  /* missing part file: the message names it */
  g_assert_cmpint (run_cli (&err, missing, "-o", out, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "no-such-part.stl"));
  g_clear_pointer (&err, g_free);

  /* a file that is no mesh */
  g_assert_cmpint (run_cli (&err, garbage, "-o", out, NULL), ==, 2);
  g_assert_cmpstr (err, !=, "");
  g_clear_pointer (&err, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (bad_sizes); i++)
    {
      g_assert_cmpint (run_cli (&err, cube_path, "-o", out, "--size", bad_sizes[i], NULL), ==, 2);
      g_assert_nonnull (strstr (err, "size"));
      g_assert_nonnull (strstr (err, bad_sizes[i]));
      g_clear_pointer (&err, g_free);
    }

  g_assert_cmpint (run_cli (&err, cube_path, "-o", out, "--view", "bottom", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "bottom"));
  g_assert_nonnull (strstr (err, "iso"));
  g_clear_pointer (&err, g_free);

  /* no output, no part, two parts, unknown option */
  g_assert_cmpint (run_cli (&err, cube_path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "-o"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "-o", out, NULL), ==, 2);
  g_assert_cmpstr (err, !=, "");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, cube_path, cube_path, "-o", out, NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, cube_path, "-o", out, "--colour", "red", NULL), ==, 2);
  g_clear_pointer (&err, g_free);

  /* nothing was written by any of these */
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  if (have_gl)
    {
      g_assert_cmpint (run_cli (&err, cube_path, "-o", nowhere, "--size", "32x32", NULL), ==, 2);
      g_assert_nonnull (strstr (err, "no-such-dir"));
      g_clear_pointer (&err, g_free);
    }
}

/* A small G-code file: three layers of a 30 mm square and a fill line */
static char *
write_gcode (const char *name)
{
  g_autoptr(GString) g = g_string_new ("G21\nG90\nM83\n");

  for (int layer = 0; layer < 3; layer++)
    {
      double z = 0.5 * (layer + 1);

      g_string_append_printf (g, ";LAYER_CHANGE\n;Z:%.1f\nG1 Z%.1f F600\nG0 X0 Y0\n;WIDTH:1.2\n", z, z);
      g_string_append (g, "G1 X30 Y0 E2 F1200\nG1 X30 Y30 E2\nG1 X0 Y30 E2\nG1 X0 Y0 E2\n");
      g_string_append (g, "G0 X2 Y15\nG1 X28 Y15 E2\n");
    }
  return melt_test_write_file (tmpdir, name, g->str, g->len);
}

static double
brightness_sum (const char *path)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);
  const guint8 *data;
  int w, h, stride;
  double sum = 0;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  w = cairo_image_surface_get_width (surface);
  h = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < 4 * w; x++)
      sum += data[y * stride + x];
  cairo_surface_destroy (surface);
  return sum;
}

/* G-code drawn bead by bead: colour, layers and the clipping plane change
 * the picture */
static void
test_render_toolpath (void)
{
  g_autofree char *gcode = write_gcode ("square.gcode");
  g_autofree char *all = g_build_filename (tmpdir, "all.png", NULL);
  g_autofree char *one = g_build_filename (tmpdir, "one.png", NULL);
  g_autofree char *layer = g_build_filename (tmpdir, "layer.png", NULL);
  g_autofree char *clipped = g_build_filename (tmpdir, "clipped.png", NULL);
  g_autofree char *err = NULL;

  if (skip_without_gl ())
    return;

  g_assert_cmpint (run_cli (&err, gcode, "-o", all, "--size", "160x120", "--view", "top", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, gcode, "-o", one, "--size", "160x120", "--view", "top",
                            "--layers", "1:1", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, gcode, "-o", layer, "--size", "160x120", "--view", "top",
                            "--color-by", "layer", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, gcode, "-o", clipped, "--size", "160x120", "--view", "top",
                            "--clip", "x:15", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  assert_png_size (all, 160, 120);
  /* seen from the top, the top layer's colour shows: by layer it is
   * another colour than by feature; cut in half, less of the square shows */
  g_assert_cmpfloat (brightness_sum (all), !=, brightness_sum (layer));
  g_assert_cmpfloat (brightness_sum (clipped), <, brightness_sum (all));
  assert_png_size (one, 160, 120);

  /* the keys */
  g_assert_cmpint (run_cli (&err, gcode, "-o", all, "--color-by", "help", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
}

static void
test_bad_toolpath_input (void)
{
  g_autofree char *gcode = write_gcode ("bad-args.gcode");
  g_autofree char *empty = melt_test_write_file (tmpdir, "empty.gcode", "; nothing but a comment\n", -1);
  g_autofree char *fake = melt_test_write_file (tmpdir, "fake.h5", "\x89HDF\r\n\x1a\nnot really", -1);
  g_autofree char *out = g_build_filename (tmpdir, "bad-toolpath.png", NULL);
  static const char *bad_layers[] = { "0:3", "5:2", "abc", "3", "1:2:3", "-1:2" };
  static const char *bad_clips[] = { "w:3", "x:", "x:abc", "x3", "" };
  char *err = NULL;

  g_assert_cmpint (run_cli (&err, gcode, "-o", out, "--color-by", "colour", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "colour"));
  g_assert_nonnull (strstr (err, "heat-input"));
  g_clear_pointer (&err, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (bad_layers); i++)
    {
      g_assert_cmpint (run_cli (&err, gcode, "-o", out, "--layers", bad_layers[i], NULL), ==, 2);
      g_assert_nonnull (strstr (err, bad_layers[i]));
      g_clear_pointer (&err, g_free);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_clips); i++)
    {
      g_assert_cmpint (run_cli (&err, gcode, "-o", out, "--clip", bad_clips[i], NULL), ==, 2);
      g_assert_nonnull (strstr (err, "clipping plane"));
      g_clear_pointer (&err, g_free);
    }

  /* layers beyond the file's */
  g_assert_cmpint (run_cli (&err, gcode, "-o", out, "--layers", "50:60", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "3 layers"));
  g_clear_pointer (&err, g_free);

  /* toolpath options on a part */
  g_assert_cmpint (run_cli (&err, cube_path, "-o", out, "--color-by", "speed", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--color-by"));
  g_clear_pointer (&err, g_free);

  /* G-code without moves, and a file that only starts like HDF5 */
  g_assert_cmpint (run_cli (&err, empty, "-o", out, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "empty.gcode"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, fake, "-o", out, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "fake.h5"));
  g_clear_pointer (&err, g_free);

  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_help (void)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (&err, "--help", NULL), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(MeltTestShape) cube = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    g_error ("usage: %s PATH-TO-MELTLINE-CLI", argv[0]);
  cli_path = argv[1];

  /* In a sanitizer build the CLI's exit-time leak check would report fontconfig's own
   * leak (see test-render.c, which checks the same rendering code for leaks in-process),
   * so it is off for the CLI children. */
  child_env = g_get_environ ();
  child_env = g_environ_setenv (child_env, "ASAN_OPTIONS", "detect_leaks=0", TRUE);

  tmpdir = melt_test_tmpdir_new ();
  cube_path = g_build_filename (tmpdir, "cube.stl", NULL);
  cube = melt_test_shape_cube (20.0);
  g_assert_true (melt_test_write_stl_binary (cube, cube_path, &error));
  g_assert_no_error (error);

  /* Find out once whether headless GL works here; the render tests skip if not */
  {
    g_autofree char *probe = g_build_filename (tmpdir, "probe.png", NULL);
    g_autofree char *err = NULL;

    have_gl = run_cli (&err, cube_path, "-o", probe, "--size", "16x16", NULL) == 0;
    if (!have_gl && g_getenv ("MELTLINE_TEST_REQUIRE_GL") != NULL)
      g_error ("meltline-cli render failed: %s", err);
  }

  g_test_add_func ("/render/cli/size", test_render_size);
  g_test_add_func ("/render/cli/default", test_render_default);
  g_test_add_func ("/render/cli/gles", test_render_gles);
  g_test_add_func ("/render/cli/bad-input", test_bad_input);
  g_test_add_func ("/render/cli/help", test_help);
  g_test_add_func ("/render/cli/toolpath", test_render_toolpath);
  g_test_add_func ("/render/cli/bad-toolpath-input", test_bad_toolpath_input);

  status = g_test_run ();

  melt_test_tmpdir_remove (tmpdir);
  g_free (tmpdir);
  g_free (cube_path);
  g_strfreev (child_env);

  return status;
}
