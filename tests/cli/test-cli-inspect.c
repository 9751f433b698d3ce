/* test-cli-inspect.c: meltline-cli inspect, run as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The program is found through the MELTLINE_CLI environment variable
 * (tests/cli/meson.build sets it). Expected figures come from the shapes'
 * geometry, not from the program.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "melt-test-cli.h"
#include "melt-test-shapes.h"

static void
assert_vector (JsonObject   *bounds,
               const char   *name,
               const double  expected[3])
{
  JsonArray *array;

  g_assert_true (json_object_has_member (bounds, name));
  array = json_object_get_array_member (bounds, name);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (array, k), expected[k], 1e-6);
}

static char *
write_shape (const char          *dir,
             const char          *name,
             const MeltTestShape *shape,
             MeltTestFormat       format)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  melt_test_shape_write (shape, format, path, &error);
  g_assert_no_error (error);

  return path;
}

static void
test_json_cube (void)
{
  static const MeltTestFormat fmts[] = { MELT_TEST_FORMAT_STL_BINARY, MELT_TEST_FORMAT_STL_ASCII, MELT_TEST_FORMAT_OBJ };
  static const char * const names[] = { "cube.stl", "cube-ascii.stl", "cube.obj" };
  static const char * const format_names[] = { "binary STL", "ASCII STL", "OBJ" };
  g_autoptr(MeltTestShape) cube = melt_test_shape_box (20, 10, 5);
  g_autofree char *dir = melt_test_tmpdir_new ();

  for (guint f = 0; f < G_N_ELEMENTS (fmts); f++)
    {
      g_autofree char *path = write_shape (dir, names[f], cube, fmts[f]);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_auto(CliRun) run = { 0 };
      static const double min[3] = { 0, 0, 0 };
      static const double max[3] = { 20, 10, 5 };
      JsonObject *o;
      JsonObject *bounds;

      run_cli (&run, "inspect", "--json", path, NULL);
      if (run.status == -1)
        return;
      g_assert_cmpint (run.status, ==, 0);
      g_assert_cmpstr (run.err, ==, "");

      o = parse_json (parser, run.out);
      g_assert_cmpint (json_object_get_int_member (o, "triangles"), ==, 12);
      g_assert_cmpint (json_object_get_int_member (o, "vertices"), ==, 8);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "volume_mm3"), 1000.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "area_mm2"), 2 * (200 + 100 + 50), 1e-9);
      g_assert_cmpint (json_object_get_int_member (o, "open_edges"), ==, 0);
      g_assert_cmpint (json_object_get_int_member (o, "nonmanifold_edges"), ==, 0);
      g_assert_cmpint (json_object_get_int_member (o, "degenerate_triangles"), ==, 0);
      g_assert_cmpint (json_object_get_int_member (o, "inconsistent_edges"), ==, 0);
      g_assert_cmpint (json_object_get_int_member (o, "bodies"), ==, 1);
      g_assert_true (json_object_get_boolean_member (o, "watertight"));
      g_assert_cmpstr (json_object_get_string_member (o, "file"), ==, path);
      g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, format_names[f]);

      bounds = json_object_get_object_member (o, "bounds_mm");
      assert_vector (bounds, "min", min);
      assert_vector (bounds, "max", max);
    }

  melt_test_tmpdir_remove (dir);
}

static void
test_json_defects (void)
{
  g_autoptr(MeltTestShape) open_box = melt_test_shape_open_box (10);
  g_autoptr(MeltTestShape) pair = melt_test_shape_edge_pair (10);
  g_autoptr(MeltTestShape) two = melt_test_shape_two_bodies (10, 1);
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *open_path = write_shape (dir, "open.stl", open_box, MELT_TEST_FORMAT_STL_BINARY);
  g_autofree char *pair_path = write_shape (dir, "pair.obj", pair, MELT_TEST_FORMAT_OBJ);
  g_autofree char *two_path = write_shape (dir, "two.stl", two, MELT_TEST_FORMAT_STL_ASCII);
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  g_autoptr(JsonParser) p3 = json_parser_new ();
  g_auto(CliRun) r1 = { 0 };
  g_auto(CliRun) r2 = { 0 };
  g_auto(CliRun) r3 = { 0 };
  JsonObject *o;

  run_cli (&r1, "inspect", open_path, "--json", NULL);
  if (r1.status == -1)
    return;
  g_assert_cmpint (r1.status, ==, 0);
  o = parse_json (p1, r1.out);
  g_assert_cmpint (json_object_get_int_member (o, "open_edges"), ==, 4);
  g_assert_false (json_object_get_boolean_member (o, "watertight"));
  g_assert_cmpint (json_object_get_int_member (o, "triangles"), ==, 10);

  run_cli (&r2, "inspect", "--json", pair_path, NULL);
  g_assert_cmpint (r2.status, ==, 0);
  o = parse_json (p2, r2.out);
  g_assert_cmpint (json_object_get_int_member (o, "nonmanifold_edges"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "bodies"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "vertices"), ==, 14);
  g_assert_false (json_object_get_boolean_member (o, "watertight"));

  run_cli (&r3, "inspect", "--json", two_path, NULL);
  g_assert_cmpint (r3.status, ==, 0);
  o = parse_json (p3, r3.out);
  g_assert_cmpint (json_object_get_int_member (o, "bodies"), ==, 2);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "volume_mm3"), 2000.0, 1e-9);
  g_assert_true (json_object_get_boolean_member (o, "watertight"));

  melt_test_tmpdir_remove (dir);
}

static void
test_json_sphere (void)
{
  g_autoptr(MeltTestShape) sphere = melt_test_shape_sphere (12, 48, 24);
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = write_shape (dir, "sphere.stl", sphere, MELT_TEST_FORMAT_STL_ASCII);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(CliRun) run = { 0 };
  JsonObject *o;
  double expected = melt_test_sphere_polyhedron_volume (12, 48, 24);

  run_cli (&run, "inspect", "--json", path, NULL);
  if (run.status == -1)
    return;
  g_assert_cmpint (run.status, ==, 0);
  o = parse_json (parser, run.out);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "volume_mm3"), expected, expected * 1e-5);
  g_assert_cmpint (json_object_get_int_member (o, "triangles"), ==, 2 * 48 * 23);
  g_assert_true (json_object_get_boolean_member (o, "watertight"));

  melt_test_tmpdir_remove (dir);
}

static void
test_human (void)
{
  g_autoptr(MeltTestShape) cube = melt_test_shape_cube (10);
  g_autoptr(MeltTestShape) open_box = melt_test_shape_open_box (10);
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *cube_path = write_shape (dir, "cube.stl", cube, MELT_TEST_FORMAT_STL_BINARY);
  g_autofree char *open_path = write_shape (dir, "open.obj", open_box, MELT_TEST_FORMAT_OBJ);
  g_auto(CliRun) r1 = { 0 };
  g_auto(CliRun) r2 = { 0 };

  run_cli (&r1, "inspect", cube_path, NULL);
  if (r1.status == -1)
    return;
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_nonnull (strstr (r1.out, "Triangles"));
  g_assert_nonnull (strstr (r1.out, "1000.000 mm³"));
  g_assert_nonnull (strstr (r1.out, "600.000 mm²"));
  g_assert_nonnull (strstr (r1.out, "binary STL"));
  g_assert_true (g_regex_match_simple ("^Watertight +yes$", r1.out, G_REGEX_MULTILINE, 0));
  g_assert_nonnull (strstr (r1.out, "No defects"));

  run_cli (&r2, "inspect", open_path, NULL);
  g_assert_cmpint (r2.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^Watertight +no$", r2.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Open edges +4$", r2.out, G_REGEX_MULTILINE, 0));
  g_assert_nonnull (strstr (r2.out, "4 open edges: the surface has holes"));

  melt_test_tmpdir_remove (dir);
}

static void
test_check (void)
{
  g_autoptr(MeltTestShape) cube = melt_test_shape_cube (10);
  g_autoptr(MeltTestShape) open_box = melt_test_shape_open_box (10);
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *cube_path = write_shape (dir, "cube.stl", cube, MELT_TEST_FORMAT_STL_BINARY);
  g_autofree char *open_path = write_shape (dir, "open.stl", open_box, MELT_TEST_FORMAT_STL_BINARY);
  g_auto(CliRun) r1 = { 0 };
  g_auto(CliRun) r2 = { 0 };

  run_cli (&r1, "inspect", "--check", cube_path, NULL);
  if (r1.status == -1)
    return;
  g_assert_cmpint (r1.status, ==, 0);
  run_cli (&r2, "inspect", "--check", "--json", open_path, NULL);
  g_assert_cmpint (r2.status, ==, 1);

  melt_test_tmpdir_remove (dir);
}

/* Bad input: exit status 2, nothing on stdout, the error on stderr naming
 * the file and the place */
static void
assert_bad_input (const char *name,
                  const void *data,
                  gssize      len,
                  const char *place)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = melt_test_write_file (dir, name, data, len);
  g_autofree char *expected = g_strdup_printf ("“%s”: %s: ", name, place);
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) json_run = { 0 };

  run_cli (&run, "inspect", path, NULL);
  if (run.status == -1)
    return;
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, "meltline-cli inspect: "));
  g_assert_nonnull (strstr (run.err, expected));

  run_cli (&json_run, "inspect", "--json", path, NULL);
  g_assert_cmpint (json_run.status, ==, 2);
  g_assert_cmpstr (json_run.out, ==, "");
  g_assert_nonnull (strstr (json_run.err, expected));

  melt_test_tmpdir_remove (dir);
}

static void
test_bad_empty (void)
{
  assert_bad_input ("empty.stl", "", 0, "byte 0");
}

static void
test_bad_truncated (void)
{
  g_autoptr(MeltTestShape) cube = melt_test_shape_cube (10);
  g_autoptr(GBytes) bytes = melt_test_shape_to_stl_binary (cube);

  assert_bad_input ("cut.stl", g_bytes_get_data (bytes, NULL), 500, "byte 500");
}

static void
test_bad_count (void)
{
  g_autoptr(MeltTestShape) cube = melt_test_shape_cube (10);
  g_autoptr(GBytes) bytes = melt_test_shape_to_stl_binary (cube);

  assert_bad_input ("cube.stl", g_bytes_get_data (bytes, NULL), 584, "byte 84");
}

static void
test_bad_nan (void)
{
  static const char obj[] = "v 0 0 0\nv 1 0 0\nv 0 NaN 0\nf 1 2 3\n";

  assert_bad_input ("nan.obj", obj, -1, "line 3");
}

static void
test_bad_text (void)
{
  static const char text[] = "solid-ish but really\njust a letter\n";

  assert_bad_input ("letter.stl", text, -1, "line 1");
}

static void
test_bad_obj_index (void)
{
  static const char obj[] = "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 4\n";

  assert_bad_input ("index.obj", obj, -1, "line 4");
}

static void
test_bad_no_triangles (void)
{
  static const char stl[] = "solid empty\nendsolid empty\n";

  assert_bad_input ("none.stl", stl, -1, "byte 27");
}

static void
test_bad_arguments (void)
{
  g_auto(CliRun) none = { 0 };
  g_auto(CliRun) two = { 0 };
  g_auto(CliRun) option = { 0 };
  g_auto(CliRun) missing = { 0 };
  g_auto(CliRun) help = { 0 };

  run_cli (&none, "inspect", NULL);
  if (none.status == -1)
    return;
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "expected a part file"));

  run_cli (&two, "inspect", "a.stl", "b.stl", NULL);
  g_assert_cmpint (two.status, ==, 2);

  run_cli (&option, "inspect", "--no-such-option", "a.stl", NULL);
  g_assert_cmpint (option.status, ==, 2);
  g_assert_cmpstr (option.out, ==, "");

  run_cli (&missing, "inspect", "/nonexistent/dir/part.stl", NULL);
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_nonnull (strstr (missing.err, "part.stl"));

  run_cli (&help, "inspect", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "PART"));
  g_assert_nonnull (strstr (help.out, "--json"));
}

/* A file name with the byte 0xE9 (Latin-1 “é”), not UTF-8: the JSON is
 * valid all the same, its “file” has U+FFFD for the byte */
static void
test_json_non_utf8_name (void)
{
  g_autoptr(MeltTestShape) cube = melt_test_shape_cube (10.0);
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "caf\xe9.stl", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) json = { 0 };
  g_auto(CliRun) human = { 0 };
  JsonObject *root;
  const char *file;

  if (!melt_test_write_stl_binary (cube, path, &error))
    {
      g_test_skip_printf ("the file system refuses the name: %s", error->message);
      melt_test_tmpdir_remove (dir);
      return;
    }

  run_cli (&json, "inspect", "--json", path, NULL);
  if (json.status == -1)
    return;
  g_assert_cmpint (json.status, ==, 0);
  g_assert_true (g_utf8_validate (json.out, -1, NULL));
  root = parse_json (parser, json.out);
  file = json_object_get_string_member (root, "file");
  g_assert_true (g_str_has_suffix (file, "caf\xef\xbf\xbd.stl"));

  run_cli (&human, "inspect", path, NULL);
  g_assert_cmpint (human.status, ==, 0);
  g_assert_true (g_utf8_validate (human.out, -1, NULL));

  melt_test_tmpdir_remove (dir);
}

/* A folder: a clear message, not GLib's about mmap() */
static void
test_bad_directory (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *sub = g_build_filename (dir, "tmp", NULL);
  g_auto(CliRun) run = { 0 };

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  run_cli (&run, "inspect", sub, NULL);
  g_rmdir (sub);
  melt_test_tmpdir_remove (dir);
  if (run.status == -1)
    return;

  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "“tmp”: expected a part file, found a folder"));
}

/* A pipe, as “inspect <(cat part.obj)” gives: read, not mapped */
static void
test_pipe (void)
{
  g_autoptr(MeltTestShape) cube = melt_test_shape_cube (10.0);
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *obj = g_build_filename (dir, "cube.obj", NULL);
  g_autofree char *fifo = g_build_filename (dir, "63", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  g_autofree char *text = NULL;
  MeltTestFifo *writer;
  JsonObject *root;
  gsize len;

  melt_test_write_obj (cube, obj, &error);
  g_assert_no_error (error);
  g_file_get_contents (obj, &text, &len, &error);
  g_assert_no_error (error);

  writer = melt_test_fifo_new (fifo, text, len);
  if (writer == NULL)
    {
      g_test_skip ("no named pipes here");
      melt_test_tmpdir_remove (dir);
      return;
    }

  run_cli (&run, "inspect", "--json", fifo, NULL);
  melt_test_fifo_finish (writer);
  melt_test_tmpdir_remove (dir);
  if (run.status == -1)
    return;

  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (parser, run.out);
  g_assert_cmpint (json_object_get_int_member (root, "triangles"), ==, 12);
  g_assert_true (json_object_get_boolean_member (root, "watertight"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/inspect/json-cube", test_json_cube);
  g_test_add_func ("/cli/inspect/json-defects", test_json_defects);
  g_test_add_func ("/cli/inspect/json-sphere", test_json_sphere);
  g_test_add_func ("/cli/inspect/human", test_human);
  g_test_add_func ("/cli/inspect/check", test_check);
  g_test_add_func ("/cli/inspect/bad-empty", test_bad_empty);
  g_test_add_func ("/cli/inspect/bad-truncated", test_bad_truncated);
  g_test_add_func ("/cli/inspect/bad-count", test_bad_count);
  g_test_add_func ("/cli/inspect/bad-nan", test_bad_nan);
  g_test_add_func ("/cli/inspect/bad-text", test_bad_text);
  g_test_add_func ("/cli/inspect/bad-obj-index", test_bad_obj_index);
  g_test_add_func ("/cli/inspect/bad-no-triangles", test_bad_no_triangles);
  g_test_add_func ("/cli/inspect/bad-arguments", test_bad_arguments);
  g_test_add_func ("/cli/inspect/json-non-utf8-name", test_json_non_utf8_name);
  g_test_add_func ("/cli/inspect/bad-directory", test_bad_directory);
  g_test_add_func ("/cli/inspect/pipe", test_pipe);

  return g_test_run ();
}
