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

  status = g_test_run ();

  melt_test_tmpdir_remove (tmpdir);
  g_free (tmpdir);
  g_free (cube_path);
  g_strfreev (child_env);

  return status;
}
