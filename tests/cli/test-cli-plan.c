/* test-cli-plan.c: meltline-cli plan, run as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The program is found through the MELTLINE_CLI environment variable, the
 * sample part and the presets through MELTLINE_DATA_DIR (tests/cli/meson.build
 * sets both).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <hdf5.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "melt-plan.h"
#include "melt-test-cli.h"
#include "melt-test-shapes.h"

static const char * const keys[] = {
  "layers", "segments", "path_length_mm", "beam_on_time_s", "total_time_s", "beam_starts",
  "wire_mass_g", "energy_kj", "deposited_volume_mm3", "part_volume_mm3", "volume_ratio",
  "fits_microgravity_window",
};

static char *
data_path (const char *first,
           ...)
{
  const char *dir = g_getenv ("MELTLINE_DATA_DIR");
  g_autofree char *rest = NULL;
  va_list args;

  va_start (args, first);
  rest = g_build_filename_valist (first, &args);
  va_end (args);
  return g_build_filename (dir != NULL ? dir : SOURCE_DATA_DIR, rest, NULL);
}

static void
check_keys (JsonObject *o)
{
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (!json_object_has_member (o, keys[i]))
      g_error ("--json has no “%s”", keys[i]);
  g_assert_cmpint (json_object_get_int_member (o, "layers"), >, 0);
  g_assert_cmpint (json_object_get_int_member (o, "segments"), >, 0);
  g_assert_cmpint (json_object_get_int_member (o, "beam_starts"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (o, "path_length_mm"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (o, "beam_on_time_s"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (o, "total_time_s"), >=,
                     json_object_get_double_member (o, "beam_on_time_s"));
  g_assert_cmpfloat (json_object_get_double_member (o, "wire_mass_g"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (o, "energy_kj"), >, 0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "volume_ratio"),
                                  json_object_get_double_member (o, "deposited_volume_mm3")
                                  / json_object_get_double_member (o, "part_volume_mm3"), 1e-9);
}

/* The bundled nozzle extension with the suborbital Ti-6Al-4V preset: a
 * plan and G-code are written, the plan loads back, and the summary has
 * every key. Its walls (3 mm) are thinner than that process's bead
 * (3.2 mm), so the planner lays one bead along their middle: nothing is
 * reported left empty and the volume ratio is in 0.8 to 1.3 (about 0.83).
 * With the ISS 316L preset's narrower bead the part is filled with
 * perimeters and fill, and the ratio must be in 0.8 to 1.3 too. */
static void
test_sample (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *part = data_path ("samples", "nozzle-extension.stl", NULL);
  g_autofree char *ti64 = data_path ("presets", "suborbital-laser-wire-ti64.json", NULL);
  g_autofree char *ss316 = data_path ("presets", "iss-laser-wire-316l.json", NULL);
  g_autofree char *plan_path = g_build_filename (dir, "nozzle.h5", NULL);
  g_autofree char *gcode_path = g_build_filename (dir, "nozzle.gcode", NULL);
  g_autoptr(GFile) plan_file = g_file_new_for_path (plan_path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MeltPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  JsonObject *o;
  double ratio;

  run_cli (&run, "plan", part, "--process", ti64, "-o", plan_path, "--gcode", gcode_path,
           "--json", NULL);
  if (run.status == -1)
    {
      melt_test_tmpdir_remove (dir);
      return;
    }
  g_assert_cmpint (run.status, ==, 0);
  o = parse_json (parser, run.out);
  check_keys (o);
  ratio = json_object_get_double_member (o, "volume_ratio");
  g_test_message ("nozzle-extension.stl, suborbital Ti-6Al-4V: volume ratio %.3f", ratio);
  g_assert_cmpfloat (ratio, >=, 0.8);
  g_assert_cmpfloat (ratio, <=, 1.3);
  /* the thin walls get single beads: none is left empty */
  g_assert_null (strstr (run.err, "narrower than a bead"));
  /* 300 s of microgravity cannot hold one of these layers */
  g_assert_false (json_object_get_boolean_member (o, "fits_microgravity_window"));

  g_assert_true (g_file_test (gcode_path, G_FILE_TEST_IS_REGULAR));
  plan = melt_plan_load (plan_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (melt_toolpath_get_n_segments (melt_plan_get_toolpath (plan)), ==,
                   json_object_get_int_member (o, "segments"));
  g_assert_cmpstr (melt_plan_get_part (plan)->file_name, ==, "nozzle-extension.stl");
  g_assert_cmpuint (strlen (melt_plan_get_part (plan)->sha256), ==, 64);

  cli_run_clear (&run);
  run_cli (&run, "plan", part, "--process", ss316, "-o", plan_path, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  o = parse_json (parser, run.out);
  check_keys (o);
  ratio = json_object_get_double_member (o, "volume_ratio");
  g_test_message ("nozzle-extension.stl, ISS 316L: volume ratio %.3f", ratio);
  g_assert_cmpfloat (ratio, >=, 0.8);
  g_assert_cmpfloat (ratio, <=, 1.3);
  /* the orbital platform has no window limit */
  g_assert_true (json_object_get_boolean_member (o, "fits_microgravity_window"));

  melt_test_tmpdir_remove (dir);
}

/* A 40 mm cube with the Ti-6Al-4V preset: solid, so deposited volume is
 * within reason of the part volume */
static void
test_cube (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *part = g_build_filename (dir, "cube.stl", NULL);
  g_autofree char *ti64 = data_path ("presets", "suborbital-laser-wire-ti64.json", NULL);
  g_autofree char *plan_path = g_build_filename (dir, "cube.h5", NULL);
  g_autoptr(MeltTestShape) cube = melt_test_shape_cube (40);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  JsonObject *o;
  double ratio;

  g_assert_true (melt_test_write_stl_binary (cube, part, &error));
  g_assert_no_error (error);

  run_cli (&run, "plan", part, "--process", ti64, "-o", plan_path, "--json",
           "--perimeters", "1", "--fill", "raster", "--fill-angle", "0", NULL);
  if (run.status == -1)
    {
      melt_test_tmpdir_remove (dir);
      return;
    }
  g_assert_cmpint (run.status, ==, 0);
  o = parse_json (parser, run.out);
  check_keys (o);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "part_volume_mm3"), 64000, 1e-3);
  ratio = json_object_get_double_member (o, "volume_ratio");
  g_test_message ("40 mm cube, suborbital Ti-6Al-4V: volume ratio %.3f", ratio);
  g_assert_cmpfloat (ratio, >=, 0.8);
  g_assert_cmpfloat (ratio, <=, 1.3);

  /* the text summary */
  cli_run_clear (&run);
  run_cli (&run, "plan", part, "--process", ti64, "-o", plan_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "cube.stl"));
  g_assert_nonnull (strstr (run.out, plan_path));

  melt_test_tmpdir_remove (dir);
}

static void
expect_bad (const char *what,
            ...)
{
  g_auto(CliRun) run = { 0 };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  /* run_cli takes a NULL-terminated list: up to 12 arguments here */
  va_start (ap, what);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_assert_cmpuint (args->len, <=, 12);
  g_ptr_array_set_size (args, 13);

#define A(i) (const char *) args->pdata[i]
  run_cli (&run, A (0), A (1), A (2), A (3), A (4), A (5), A (6), A (7), A (8), A (9), A (10),
           A (11), A (12), NULL);
#undef A
  if (run.status == -1)
    return;
  g_test_message ("%s: %s", what, run.err);
  if (run.status != 2)
    g_error ("%s: exit status %d, expected 2 (stderr: %s)", what, run.status, run.err);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, !=, "");
}

static void
test_bad_input (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *part = data_path ("samples", "nozzle-extension.stl", NULL);
  g_autofree char *ti64 = data_path ("presets", "suborbital-laser-wire-ti64.json", NULL);
  g_autofree char *out = g_build_filename (dir, "out.h5", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.stl", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "no-such-dir", "out.h5", NULL);
  g_autofree char *not_stl = melt_test_write_file (dir, "text.stl", "hello", -1);
  g_autofree char *not_json = melt_test_write_file (dir, "bad.json", "{ \"format\": 3 ", -1);

  expect_bad ("no part", "plan", "--process", ti64, "-o", out, NULL);
  expect_bad ("two parts", "plan", part, part, "--process", ti64, "-o", out, NULL);
  expect_bad ("no process", "plan", part, "-o", out, NULL);
  expect_bad ("no output", "plan", part, "--process", ti64, NULL);
  expect_bad ("missing part", "plan", missing, "--process", ti64, "-o", out, NULL);
  expect_bad ("not a part", "plan", not_stl, "--process", ti64, "-o", out, NULL);
  expect_bad ("bad process", "plan", part, "--process", not_json, "-o", out, NULL);
  expect_bad ("missing process", "plan", part, "--process", missing, "-o", out, NULL);
  expect_bad ("bad fill", "plan", part, "--process", ti64, "-o", out, "--fill", "honeycomb", NULL);
  expect_bad ("bad perimeters", "plan", part, "--process", ti64, "-o", out, "--perimeters", "-3", NULL);
  expect_bad ("huge perimeters", "plan", part, "--process", ti64, "-o", out, "--perimeters", "1000", NULL);
  expect_bad ("bad angle", "plan", part, "--process", ti64, "-o", out, "--fill-angle", "abc", NULL);
  expect_bad ("unknown option", "plan", part, "--process", ti64, "-o", out, "--frobnicate", NULL);
  expect_bad ("unwritable output", "plan", part, "--process", ti64, "-o", nowhere, NULL);

  /* nothing was written */
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  melt_test_tmpdir_remove (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/plan/sample", test_sample);
  g_test_add_func ("/cli/plan/cube", test_cube);
  g_test_add_func ("/cli/plan/bad-input", test_bad_input);

  {
    int status = g_test_run ();

    H5close ();
    return status;
  }
}
