/* test-cli-gcode-info.c: meltline-cli gcode-info, run as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The program is found through the MELTLINE_CLI environment variable
 * (tests/cli/meson.build sets it). Expected figures come from the G-code
 * written here: a 10 mm square deposited at 10 mm/s, travels, a dwell.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "melt-test-cli.h"
#include "melt-test-shapes.h"

static const char square[] =
  "; a square\n"                  /* 1 */
  "G21\n"                         /* 2 */
  "G90\n"                         /* 3 */
  "M83\n"                         /* 4 */
  "G0 X0 Y0 Z0.5 F1200\n"         /* 5: from an unknown position: no segment */
  ";LAYER:0\n"                    /* 6 */
  "G1 X10 E1 F600\n"              /* 7 */
  "G1 Y10 E1\n"                   /* 8 */
  "G1 X0 E1\n"                    /* 9 */
  "G1 Y0 E1\n"                    /* 10 */
  "G4 P2000\n"                    /* 11 */
  "M999\n"                        /* 12: unknown */
  ";LAYER:1\n"                    /* 13 */
  "G0 Z1 F600\n"                  /* 14: 0.5 mm travel at 10 mm/s */
  "G1 X5 Yzz E1\n"                /* 15: malformed, X5 still read */
  "G0 X0 F1200\n";                /* 16: 5 mm travel at 20 mm/s */

static void
test_json (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = melt_test_write_file (dir, "square.gcode", square, -1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(CliRun) run = { 0 };
  JsonObject *o;
  JsonArray *warnings;
  const char * const keys[] = { "moves", "layers", "extrusion_length_mm", "travel_length_mm",
                                "estimated_time_s", "warnings" };

  run_cli (&run, "gcode-info", "--json", path, NULL);
  if (run.status == -1)
    {
      melt_test_tmpdir_remove (dir);
      return;
    }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  o = parse_json (parser, run.out);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (o, keys[i]));

  g_assert_cmpint (json_object_get_int_member (o, "moves"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (o, "layers"), ==, 2);
  /* 4 × 10 mm square plus 5 mm at line 15 */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "extrusion_length_mm"), 45, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "travel_length_mm"), 5.5, 1e-9);
  /* 45 mm at 10 mm/s + 2 s + 0.5 mm at 10 mm/s + 5 mm at 20 mm/s */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "estimated_time_s"),
                                  4.5 + 2 + 0.05 + 0.25, 1e-6);

  warnings = json_object_get_array_member (o, "warnings");
  g_assert_cmpuint (json_array_get_length (warnings), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (warnings, 0), "line"), ==, 12);
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (warnings, 0),
                                                           "message"), "M999"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (warnings, 1), "line"), ==, 15);

  melt_test_tmpdir_remove (dir);
}

static void
test_text (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = melt_test_write_file (dir, "square.gcode", square, -1);
  g_auto(CliRun) run = { 0 };
  g_autofree char *where = NULL;

  run_cli (&run, "gcode-info", path, NULL);
  if (run.status == -1)
    {
      melt_test_tmpdir_remove (dir);
      return;
    }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "square.gcode"));
  /* warnings go to standard error as FILE:LINE: message */
  where = g_strdup_printf ("%s:12: ", path);
  g_assert_nonnull (strstr (run.err, where));

  melt_test_tmpdir_remove (dir);
}

static void
test_bad_input (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *missing = g_build_filename (dir, "missing.gcode", NULL);
  g_autofree char *binary = melt_test_write_file (dir, "binary.gcode", "G1 X1\n\0\xff", 8);

  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "gcode-info", "--json", missing, NULL);
    if (run.status == -1)
      {
        melt_test_tmpdir_remove (dir);
        return;
      }
    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "missing.gcode"));
  }
  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "gcode-info", binary, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "binary.gcode"));
  }
  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "gcode-info", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "gcode-info", "--bogus", binary, NULL);
    g_assert_cmpint (run.status, ==, 2);
  }

  melt_test_tmpdir_remove (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/gcode-info/json", test_json);
  g_test_add_func ("/cli/gcode-info/text", test_text);
  g_test_add_func ("/cli/gcode-info/bad-input", test_bad_input);

  return g_test_run ();
}
