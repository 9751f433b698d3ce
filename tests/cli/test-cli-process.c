/* test-cli-process.c: meltline-cli process, run as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The program is found through the MELTLINE_CLI environment variable
 * (tests/cli/meson.build sets it). Expected figures come from the worked
 * example of the process notes, not from the program.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "melt-process.h"
#include "melt-process-check.h"
#include "melt-process-field.h"
#include "melt-test-cli.h"
#include "melt-test-shapes.h"

/* The worked example: 1.0 mm 316L wire at 1 m/min, 0.3 m/min travel,
 * parabola w/h = 3, 1500 W laser at 0.35 */
static const char worked_example[] =
  "{\n"
  "  \"format\": \"meltline-process\",\n"
  "  \"format_version\": 1,\n"
  "  \"process\": \"laser-wire\",\n"
  "  \"material\": \"316L\",\n"
  "  \"wire_diameter_mm\": 1.0,\n"
  "  \"wire_feed_mm_s\": 16.666666666666668,\n"
  "  \"travel_speed_mm_s\": 5.0,\n"
  "  \"bead_profile\": \"parabola\",\n"
  "  \"bead_aspect_ratio\": 3,\n"
  "  \"laser\": { \"power_w\": 1500, \"max_power_w\": 3000, \"absorptivity\": 0.35 }\n"
  "}\n";

static const char * const expected_keys[] = {
  "process", "material", "heat_input_j_mm", "absorbed_power_w", "wire_volume_rate_mm3_s",
  "deposition_rate_cm3_h", "deposition_rate_kg_h", "bead_area_mm2", "bead_width_mm",
  "bead_height_mm", "step_over_mm", "layer_height_mm", "beam_power_w", "melt_pool_length_mm",
  "melt_pool_front_mm", "melt_pool_width_mm", "bond_number", "helium_l_h", "effective", "checks",
};

static const char * const effective_keys[] = {
  "density_kg_m3", "conductivity_w_mk", "specific_heat_j_kgk", "liquidus_k", "ambient_k",
};

static void
assert_close (double value,
              double expected,
              double rel)
{
  if (fabs (value - expected) > rel * fabs (expected))
    g_error ("%g is not %g within %g%%", value, expected, rel * 100);
}

static void
test_json_worked_example (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = melt_test_write_file (dir, "example.json", worked_example, -1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(CliRun) run = { 0 };
  g_autoptr(GList) members = NULL;
  JsonObject *o, *e;

  run_cli (&run, "process", path, "--json", NULL);
  if (run.status == -1)
    return;
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  o = parse_json (parser, run.out);

  /* exactly the stable keys, in order */
  members = json_object_get_members (o);
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (expected_keys));
  for (guint i = 0; i < G_N_ELEMENTS (expected_keys); i++)
    g_assert_cmpstr (g_list_nth_data (members, i), ==, expected_keys[i]);
  e = json_object_get_object_member (o, "effective");
  g_assert_cmpuint (json_object_get_size (e), ==, G_N_ELEMENTS (effective_keys));
  for (guint i = 0; i < G_N_ELEMENTS (effective_keys); i++)
    g_assert_true (json_object_has_member (e, effective_keys[i]));

  g_assert_cmpstr (json_object_get_string_member (o, "process"), ==, "laser-wire");
  g_assert_cmpstr (json_object_get_string_member (o, "material"), ==, "316L");
  assert_close (json_object_get_double_member (o, "bead_area_mm2"), 2.618, 0.005);
  assert_close (json_object_get_double_member (o, "bead_height_mm"), 1.144, 0.005);
  assert_close (json_object_get_double_member (o, "bead_width_mm"), 3.432, 0.005);
  assert_close (json_object_get_double_member (o, "deposition_rate_cm3_h"), 47.1, 0.005);
  assert_close (json_object_get_double_member (o, "deposition_rate_kg_h"), 0.375, 0.005);
  assert_close (json_object_get_double_member (o, "heat_input_j_mm"), 105, 0.005);
  assert_close (json_object_get_double_member (o, "absorbed_power_w"), 525, 1e-9);
  assert_close (json_object_get_double_member (o, "beam_power_w"), 1500, 1e-9);
  g_assert_cmpfloat (json_object_get_double_member (o, "helium_l_h"), ==, 0);
  assert_close (json_object_get_double_member (e, "density_kg_m3"), 7955, 1e-9);
  assert_close (json_object_get_double_member (e, "liquidus_k"), 1730, 1e-9);
  assert_close (json_object_get_double_member (e, "ambient_k"), 293.15, 1e-9);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "checks")), ==, 0);

  melt_test_tmpdir_remove (dir);
}

static void
test_text (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = melt_test_write_file (dir, "example.json", worked_example, -1);
  g_auto(CliRun) run = { 0 };

  run_cli (&run, "process", path, NULL);
  if (run.status == -1)
    return;
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Inputs:"));
  g_assert_nonnull (strstr (run.out, "Derived values:"));
  g_assert_nonnull (strstr (run.out, "Checks:"));
  g_assert_nonnull (strstr (run.out, "105.00 J/mm"));
  g_assert_nonnull (strstr (run.out, "All checks pass"));

  melt_test_tmpdir_remove (dir);
}

/* A check with severity error: exit 1, the check in the JSON */
static void
test_check_error_exit (void)
{
  g_autofree char *text = NULL;
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) text_run = { 0 };
  JsonArray *checks;
  JsonObject *check;

  /* the power over the source's limit */
  text = g_strdup (worked_example);
  memcpy (strstr (text, "\"power_w\": 1500"), "\"power_w\": 3500", strlen ("\"power_w\": 3500"));
  path = melt_test_write_file (dir, "over.json", text, -1);

  run_cli (&run, "process", "--json", path, NULL);
  if (run.status == -1)
    return;
  g_assert_cmpint (run.status, ==, 1);
  checks = json_object_get_array_member (parse_json (parser, run.out), "checks");
  g_assert_cmpuint (json_array_get_length (checks), >=, 1);
  check = json_array_get_object_element (checks, 0);
  g_assert_cmpstr (json_object_get_string_member (check, "severity"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (check, "code"), ==, "power-over-limit");
  g_assert_nonnull (strstr (json_object_get_string_member (check, "message"), "3500"));

  run_cli (&text_run, "process", path, NULL);
  g_assert_cmpint (text_run.status, ==, 1);
  g_assert_nonnull (strstr (text_run.out, "error [power-over-limit]"));

  melt_test_tmpdir_remove (dir);
}

/* A part above its solidus: a valid file whose check reports an error, with
 * no melt pool, written as null in JSON (which has no NaN) */
static void
test_above_solidus (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) text_run = { 0 };
  const char *at;
  JsonObject *root;
  JsonObject *check;

  at = strstr (worked_example, "\"material\": \"316L\",");
  g_assert_nonnull (at);
  text = g_strdup_printf ("%.*s\"ambient_k\": 1700, %s", (int) (at - worked_example),
                          worked_example, at);
  path = melt_test_write_file (dir, "hot.json", text, -1);

  run_cli (&run, "process", "--json", path, NULL);
  if (run.status == -1)
    return;
  g_assert_cmpint (run.status, ==, 1);
  root = parse_json (parser, run.out);
  g_assert_true (json_object_get_null_member (root, "melt_pool_length_mm"));
  g_assert_true (json_object_get_null_member (root, "melt_pool_width_mm"));
  g_assert_true (json_object_get_null_member (root, "bond_number"));
  g_assert_cmpfloat (json_object_get_double_member (root, "heat_input_j_mm"), >, 100.0);
  check = json_array_get_object_element (json_object_get_array_member (root, "checks"), 0);
  g_assert_cmpstr (json_object_get_string_member (check, "code"), ==, "ambient-above-solidus");

  run_cli (&text_run, "process", path, NULL);
  g_assert_cmpint (text_run.status, ==, 1);
  g_assert_nonnull (strstr (text_run.out, "error [ambient-above-solidus]"));

  melt_test_tmpdir_remove (dir);
}

static void
assert_invalid (const char *name,
                const char *from,
                const char *to,
                const char *key,
                const char *expected)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = NULL;
  g_autoptr(GString) text = g_string_new (worked_example);
  g_auto(CliRun) run = { 0 };
  g_autofree char *quoted = g_strdup_printf ("“%s”", name);

  g_assert_cmpuint (g_string_replace (text, from, to, 1), ==, 1);
  path = melt_test_write_file (dir, name, text->str, -1);

  run_cli (&run, "process", path, "--json", NULL);
  if (run.status == -1)
    return;
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  if (strstr (run.err, quoted) == NULL)
    g_error ("stderr “%s” does not name the file %s", run.err, quoted);
  if (strstr (run.err, key) == NULL)
    g_error ("stderr “%s” does not name the key %s", run.err, key);
  if (strstr (run.err, expected) == NULL)
    g_error ("stderr “%s” does not say “%s”", run.err, expected);

  melt_test_tmpdir_remove (dir);
}

static void
test_invalid_unknown_key (void)
{
  assert_invalid ("unknown.json", "\"bead_aspect_ratio\"", "\"bead_aspect\"", "$.bead_aspect", "unknown key");
}

static void
test_invalid_wrong_type (void)
{
  assert_invalid ("type.json", "\"travel_speed_mm_s\": 5.0", "\"travel_speed_mm_s\": \"5\"",
                  "$.travel_speed_mm_s", "expected a number");
}

static void
test_invalid_missing_key (void)
{
  assert_invalid ("missing.json", "\"wire_diameter_mm\": 1.0,", "", "$.wire_diameter_mm", "required");
}

static void
test_invalid_zero (void)
{
  assert_invalid ("zero.json", "\"travel_speed_mm_s\": 5.0", "\"travel_speed_mm_s\": 0",
                  "$.travel_speed_mm_s", "greater than 0");
}

static void
test_invalid_negative (void)
{
  assert_invalid ("negative.json", "\"power_w\": 1500", "\"power_w\": -1500",
                  "$.laser.power_w", "greater than 0");
}

static void
test_invalid_nan (void)
{
  assert_invalid ("nan.json", "\"wire_diameter_mm\": 1.0", "\"wire_diameter_mm\": NaN",
                  "$.wire_diameter_mm", "finite");
}

static void
test_invalid_material (void)
{
  assert_invalid ("material.json", "\"316L\"", "\"304\"", "$.material", "unknown material");
}

static void
test_invalid_version (void)
{
  assert_invalid ("version.json", "\"format_version\": 1", "\"format_version\": 7",
                  "$.format_version", "expected version 1");
}

static void
test_invalid_not_json (void)
{
  assert_invalid ("broken.json", "\"laser\": {", "\"laser\": {{", "not JSON", ":");
}

/* A million “[” (1 MB) crashed json-glib's recursive parser */
static void
test_invalid_nested (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *text = g_malloc (1000000);
  g_autofree char *path = NULL;
  g_auto(CliRun) run = { 0 };

  memset (text, '[', 1000000);
  path = melt_test_write_file (dir, "deep.json", text, 1000000);

  run_cli (&run, "process", path, NULL);
  if (run.status == -1)
    return;
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "“deep.json”: line 1: "));
  g_assert_nonnull (strstr (run.err, "nested deeper than 64 levels"));

  melt_test_tmpdir_remove (dir);
}

/* Integers beyond 64 bits were read wrapped (“got -1”) */
static void
test_invalid_huge_integer (void)
{
  assert_invalid ("huge.json", "\"travel_speed_mm_s\": 5.0",
                  "\"travel_speed_mm_s\": 18446744073709551616",
                  "$.travel_speed_mm_s", "got 1.84467e+19");
}

static void
test_invalid_duplicate_key (void)
{
  assert_invalid ("twice.json", "\"power_w\": 1500", "\"power_w\": 1500, \"power_w\": 900",
                  "$.laser.power_w", "given twice");
}

static void
test_usage (void)
{
  g_auto(CliRun) none = { 0 };
  g_auto(CliRun) missing = { 0 };
  g_auto(CliRun) help = { 0 };

  run_cli (&none, "process", NULL);
  if (none.status == -1)
    return;
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "expected a process parameter file"));

  run_cli (&missing, "process", "/nonexistent/set.json", NULL);
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_nonnull (strstr (missing.err, "set.json"));

  run_cli (&help, "process", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "PARAMS.json"));
  g_assert_nonnull (strstr (help.out, "Exit status"));
}

static void
test_presets (void)
{
  g_autofree char *dir = g_build_filename (SOURCE_DATA_DIR, "presets", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_auto(CliRun) run = { 0 };
      JsonObject *o;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      run_cli (&run, "process", "--json", path, NULL);
      if (run.status == -1)
        return;
      g_assert_cmpint (run.status, ==, 0);
      o = parse_json (parser, run.out);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "checks")), ==, 0);
      g_assert_cmpfloat (json_object_get_double_member (o, "melt_pool_width_mm"), >, 0);
      n++;
    }
  g_assert_cmpuint (n, >=, 4);
}

/* Whether @out has a line “<indent>@title<spaces>@text” */
static gboolean
has_row (const char *out,
         const char *title,
         const char *text)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *p = lines[i];

      while (*p == ' ')
        p++;
      if (!g_str_has_prefix (p, title))
        continue;
      p += strlen (title);
      if (*p != ' ')
        continue;
      while (*p == ' ')
        p++;
      if (g_str_equal (p, text))
        return TRUE;
    }

  return FALSE;
}

/* The text and the JSON output say what the core says, in the core's
 * words: every derived value is melt_process_field_format()'s text (the
 * panel's labels), every JSON number melt_process_derived_to_json_object()'s */
static void
assert_cli_matches_core (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(MeltProcess) process = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) expected = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GList) members = NULL;
  g_auto(CliRun) text_run = { 0 };
  g_auto(CliRun) json_run = { 0 };
  const MeltProcessField *fields;
  MeltProcessDerived derived;
  MeltProcessKind kind;
  JsonObject *o;
  guint n_fields;

  process = melt_process_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (melt_process_evaluate (process, &derived, &checks, &error));
  kind = melt_process_get_kind (process);

  run_cli (&text_run, "process", path, NULL);
  if (text_run.status == -1)
    return;

  fields = melt_process_field_get_all (&n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *text = melt_process_field_format (&fields[i], &derived);
      gboolean shown = has_row (text_run.out, melt_process_field_get_title (&fields[i]), text);

      if ((fields[i].flags & MELT_PROCESS_FIELD_FLAG_INPUT) != 0)
        continue;

      if (melt_process_field_applies (&fields[i], kind) != shown)
        g_error ("%s: “%s  %s” %s in the output", fields[i].key,
                 melt_process_field_get_title (&fields[i]), text, shown ? "is" : "is not");
    }

  /* Inputs: the file's name of an enum value, and what 0 means */
  g_assert_nonnull (strstr (text_run.out, melt_enum_to_nick (MELT_TYPE_PROCESS_KIND, kind)));
  for (guint i = 0; i < MELT_PROCESS_N_PARAMS; i++)
    {
      MeltProcessParamZero zero = melt_process_param_get_zero_meaning (i);
      int param_kind = melt_process_param_get_kind (i);

      if ((param_kind < 0 || param_kind == (int) kind) &&
          zero != MELT_PROCESS_PARAM_ZERO_VALUE && melt_process_get_double (process, i) == 0)
        g_assert_true (has_row (text_run.out, melt_process_param_get_title (i),
                                melt_process_param_zero_get_label (zero)));
    }

  run_cli (&json_run, "process", "--json", path, NULL);
  o = parse_json (parser, json_run.out);
  expected = melt_process_derived_to_json_object (&derived);
  members = json_object_get_members (expected);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (g_str_equal (l->data, "effective"))
        continue;
      assert_close (json_object_get_double_member (o, l->data),
                    json_object_get_double_member (expected, l->data), 1e-15);
    }
}

static void
test_text_matches_core (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = melt_test_write_file (dir, "example.json", worked_example, -1);
  g_autofree char *presets = g_build_filename (SOURCE_DATA_DIR, "presets", NULL);
  g_autoptr(GDir) d = g_dir_open (presets, 0, NULL);
  const char *name;

  assert_cli_matches_core (path);
  melt_test_tmpdir_remove (dir);

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *preset = g_build_filename (presets, name, NULL);

      if (g_str_has_suffix (name, ".json"))
        assert_cli_matches_core (preset);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/process/json-worked-example", test_json_worked_example);
  g_test_add_func ("/cli/process/text", test_text);
  g_test_add_func ("/cli/process/text-matches-core", test_text_matches_core);
  g_test_add_func ("/cli/process/check-error-exit", test_check_error_exit);
  g_test_add_func ("/cli/process/above-solidus", test_above_solidus);
  g_test_add_func ("/cli/process/invalid/unknown-key", test_invalid_unknown_key);
  g_test_add_func ("/cli/process/invalid/wrong-type", test_invalid_wrong_type);
  g_test_add_func ("/cli/process/invalid/missing-key", test_invalid_missing_key);
  g_test_add_func ("/cli/process/invalid/zero", test_invalid_zero);
  g_test_add_func ("/cli/process/invalid/negative", test_invalid_negative);
  g_test_add_func ("/cli/process/invalid/nan", test_invalid_nan);
  g_test_add_func ("/cli/process/invalid/unknown-material", test_invalid_material);
  g_test_add_func ("/cli/process/invalid/unknown-version", test_invalid_version);
  g_test_add_func ("/cli/process/invalid/not-json", test_invalid_not_json);
  g_test_add_func ("/cli/process/invalid/nested", test_invalid_nested);
  g_test_add_func ("/cli/process/invalid/huge-integer", test_invalid_huge_integer);
  g_test_add_func ("/cli/process/invalid/duplicate-key", test_invalid_duplicate_key);
  g_test_add_func ("/cli/process/usage", test_usage);
  g_test_add_func ("/cli/process/presets", test_presets);

  return g_test_run ();
}
