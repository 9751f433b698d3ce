/* test-process-errors.c: every kind of bad parameter file gets a clear GError
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One test per bad input. Each writes a file, loads it and checks the error
 * domain and code, and that the message names the file, the key (as a JSON
 * path) and what was expected.
 */

#include "config.h"

#include <string.h>

#include "melt-process.h"
#include "melt-test-shapes.h"

/* A valid laser-wire file, as (key, raw JSON) pairs */
static const char * const root_pairs[][2] = {
  { "format", "\"meltline-process\"" },
  { "format_version", "1" },
  { "process", "\"laser-wire\"" },
  { "material", "\"316L\"" },
  { "wire_diameter_mm", "1.0" },
  { "wire_feed_mm_s", "16.667" },
  { "travel_speed_mm_s", "5" },
  { "platform", "\"ground\"" },
};

static const char * const laser_pairs[][2] = {
  { "power_w", "1500" },
  { "max_power_w", "3000" },
  { "absorptivity", "0.35" },
  { "shielding_gas", "\"argon\"" },
};

#define REMOVE NULL

/* The valid file with @key of @section ("" for the root, "laser") set to
 * @raw (added when absent), or removed when @raw is REMOVE */
static char *
make_text (const char *section,
           const char *key,
           const char *raw)
{
  GString *s = g_string_new ("{\n");
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (root_pairs); i++)
    {
      const char *value = root_pairs[i][1];

      if (section[0] == '\0' && strcmp (key, root_pairs[i][0]) == 0)
        {
          found = TRUE;
          if (raw == REMOVE)
            continue;
          value = raw;
        }
      g_string_append_printf (s, "  \"%s\": %s,\n", root_pairs[i][0], value);
    }
  if (section[0] == '\0' && !found && raw != REMOVE)
    g_string_append_printf (s, "  \"%s\": %s,\n", key, raw);

  if (strcmp (section, "laser") == 0 && strcmp (key, "") == 0)
    {
      /* the whole section replaced or removed */
      if (raw != REMOVE)
        g_string_append_printf (s, "  \"laser\": %s\n", raw);
      else
        g_string_truncate (s, s->len - 2), g_string_append (s, "\n");
      g_string_append (s, "}\n");
      return g_string_free (s, FALSE);
    }

  g_string_append (s, "  \"laser\": {\n");
  found = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (laser_pairs); i++)
    {
      const char *value = laser_pairs[i][1];

      if (strcmp (section, "laser") == 0 && strcmp (key, laser_pairs[i][0]) == 0)
        {
          found = TRUE;
          if (raw == REMOVE)
            continue;
          value = raw;
        }
      g_string_append_printf (s, "    \"%s\": %s,\n", laser_pairs[i][0], value);
    }
  if (strcmp (section, "laser") == 0 && !found && raw != REMOVE)
    g_string_append_printf (s, "    \"%s\": %s,\n", key, raw);
  g_string_truncate (s, s->len - 2);
  g_string_append (s, "\n  }\n}\n");

  return g_string_free (s, FALSE);
}

/* Loads @text as “bad.json”; checks the code, and that the message begins
 * with “bad.json”: and says @place and @also */
static void
assert_load_fails (const char *text,
                   int         code,
                   const char *place,
                   const char *also)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = melt_test_write_file (dir, "bad.json", text, -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltProcess) process = NULL;

  g_test_message ("%s", text);
  process = melt_process_load (file, NULL, &error);
  g_assert_null (process);
  g_assert_error (error, MELT_PROCESS_ERROR, code);
  g_test_message ("%s", error->message);

  if (!g_str_has_prefix (error->message, "“bad.json”: "))
    g_error ("message “%s” does not name the file first", error->message);
  if (place != NULL && strstr (error->message, place) == NULL)
    g_error ("message “%s” does not name “%s”", error->message, place);
  if (also != NULL && strstr (error->message, also) == NULL)
    g_error ("message “%s” does not say “%s”", error->message, also);

  melt_test_tmpdir_remove (dir);
}

static void
assert_bad (const char *section,
            const char *key,
            const char *raw,
            int         code,
            const char *place,
            const char *also)
{
  g_autofree char *text = make_text (section, key, raw);

  assert_load_fails (text, code, place, also);
}

static void
test_valid_base (void)
{
  g_autofree char *text = make_text ("", "name", "\"base\"");
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltProcess) process = melt_process_load_bytes (bytes, "good.json", &error);

  g_assert_no_error (error);
  g_assert_nonnull (process);
  g_assert_cmpstr (melt_process_get_name (process), ==, "base");
}

static void
test_not_json (void)
{
  assert_load_fails ("{ \"format\": \"meltline-process\", ", MELT_PROCESS_ERROR_PARSE, "not JSON", NULL);
}

static void
test_empty (void)
{
  assert_load_fails ("", MELT_PROCESS_ERROR_PARSE, "$", "empty");
}

static void
test_root_not_object (void)
{
  assert_load_fails ("[1, 2, 3]", MELT_PROCESS_ERROR_FORMAT, "$", "an array");
}

static void
test_wrong_format (void)
{
  assert_bad ("", "format", "\"meltline-plan\"", MELT_PROCESS_ERROR_FORMAT, "$.format", "meltline-plan");
}

static void
test_missing_format (void)
{
  assert_bad ("", "format", REMOVE, MELT_PROCESS_ERROR_MISSING_KEY, "$.format", "missing");
}

static void
test_unknown_version (void)
{
  assert_bad ("", "format_version", "2", MELT_PROCESS_ERROR_VERSION, "$.format_version", "expected version 1");
}

static void
test_version_wrong_type (void)
{
  assert_bad ("", "format_version", "\"1\"", MELT_PROCESS_ERROR_WRONG_TYPE, "$.format_version",
              "expected an integer");
}

static void
test_unknown_key (void)
{
  assert_bad ("", "wire_speed_mm_s", "3", MELT_PROCESS_ERROR_UNKNOWN_KEY, "$.wire_speed_mm_s", "unknown key");
}

static void
test_unknown_key_in_section (void)
{
  assert_bad ("laser", "powr_w", "3", MELT_PROCESS_ERROR_UNKNOWN_KEY, "$.laser.powr_w", "unknown key");
}

static void
test_wrong_type_number (void)
{
  assert_bad ("", "wire_feed_mm_s", "\"fast\"", MELT_PROCESS_ERROR_WRONG_TYPE, "$.wire_feed_mm_s",
              "expected a number, got a string");
}

static void
test_wrong_type_in_section (void)
{
  assert_bad ("laser", "power_w", "true", MELT_PROCESS_ERROR_WRONG_TYPE, "$.laser.power_w",
              "expected a number, got a boolean");
}

static void
test_wrong_type_section (void)
{
  assert_bad ("laser", "", "5", MELT_PROCESS_ERROR_WRONG_TYPE, "$.laser", "expected an object");
}

static void
test_wrong_type_enum (void)
{
  assert_bad ("", "process", "1", MELT_PROCESS_ERROR_WRONG_TYPE, "$.process", "expected a string");
}

static void
test_bad_enum (void)
{
  assert_bad ("", "process", "\"plasma-wire\"", MELT_PROCESS_ERROR_BAD_VALUE, "$.process", "“laser-wire”");
}

static void
test_bad_enum_in_section (void)
{
  assert_bad ("laser", "shielding_gas", "\"neon\"", MELT_PROCESS_ERROR_BAD_VALUE, "$.laser.shielding_gas",
              "“nitrogen”");
}

static void
test_missing_required (void)
{
  assert_bad ("", "wire_diameter_mm", REMOVE, MELT_PROCESS_ERROR_MISSING_KEY, "$.wire_diameter_mm",
              "required");
}

static void
test_missing_process (void)
{
  assert_bad ("", "process", REMOVE, MELT_PROCESS_ERROR_MISSING_KEY, "$.process", "laser-wire");
}

static void
test_missing_material (void)
{
  assert_bad ("", "material", REMOVE, MELT_PROCESS_ERROR_MISSING_KEY, "$.material", "missing");
}

static void
test_missing_section (void)
{
  assert_bad ("laser", "", REMOVE, MELT_PROCESS_ERROR_MISSING_KEY, "$.laser", "missing");
}

static void
test_missing_in_section (void)
{
  assert_bad ("laser", "power_w", REMOVE, MELT_PROCESS_ERROR_MISSING_KEY, "$.laser.power_w", "W");
}

static void
test_zero (void)
{
  assert_bad ("", "travel_speed_mm_s", "0", MELT_PROCESS_ERROR_BAD_VALUE, "$.travel_speed_mm_s",
              "greater than 0");
}

static void
test_zero_derived (void)
{
  /* 0 means “from the model” in the object, but a file leaves the key out */
  assert_bad ("", "bead_width_mm", "0", MELT_PROCESS_ERROR_BAD_VALUE, "$.bead_width_mm", "greater than 0");
}

static void
test_negative (void)
{
  assert_bad ("laser", "power_w", "-5", MELT_PROCESS_ERROR_BAD_VALUE, "$.laser.power_w", "got -5");
}

static void
test_negative_non_negative (void)
{
  assert_bad ("", "dwell_s", "-1", MELT_PROCESS_ERROR_BAD_VALUE, "$.dwell_s", "0 or more");
}

static void
test_nan (void)
{
  assert_bad ("", "wire_feed_mm_s", "NaN", MELT_PROCESS_ERROR_BAD_VALUE, "$.wire_feed_mm_s", "finite");
}

static void
test_infinity (void)
{
  assert_bad ("laser", "power_w", "Infinity", MELT_PROCESS_ERROR_BAD_VALUE, "$.laser.power_w", "finite");
  assert_bad ("", "wire_diameter_mm", "1e999", MELT_PROCESS_ERROR_BAD_VALUE, "$.wire_diameter_mm", "finite");
}

static void
test_fraction_above_one (void)
{
  assert_bad ("laser", "absorptivity", "1.5", MELT_PROCESS_ERROR_BAD_VALUE, "$.laser.absorptivity",
              "at most 1");
}

static void
test_out_of_range (void)
{
  assert_bad ("", "wire_diameter_mm", "100", MELT_PROCESS_ERROR_BAD_VALUE, "$.wire_diameter_mm", "got 100");
}

static void
test_unknown_material (void)
{
  assert_bad ("", "material", "\"unobtainium\"", MELT_PROCESS_ERROR_UNKNOWN_MATERIAL, "$.material",
              "“316L”");
}

static void
test_ambient_above_solidus (void)
{
  assert_bad ("", "ambient_k", "1700", MELT_PROCESS_ERROR_BAD_VALUE, "$.ambient_k", "solidus");
}

static void
test_nan_in_string_untouched (void)
{
  /* “NaN” inside a string is text, not a number */
  g_autofree char *text = make_text ("", "name", "\"NaN Infinity\"");
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltProcess) process = melt_process_load_bytes (bytes, "good.json", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (melt_process_get_name (process), ==, "NaN Infinity");
}

static void
test_missing_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/meltline/set.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltProcess) process = melt_process_load (file, NULL, &error);

  g_assert_null (process);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "“set.json”: "));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/process-errors/valid-base", test_valid_base);
  g_test_add_func ("/core/process-errors/not-json", test_not_json);
  g_test_add_func ("/core/process-errors/empty", test_empty);
  g_test_add_func ("/core/process-errors/root-not-object", test_root_not_object);
  g_test_add_func ("/core/process-errors/wrong-format", test_wrong_format);
  g_test_add_func ("/core/process-errors/missing-format", test_missing_format);
  g_test_add_func ("/core/process-errors/unknown-version", test_unknown_version);
  g_test_add_func ("/core/process-errors/version-wrong-type", test_version_wrong_type);
  g_test_add_func ("/core/process-errors/unknown-key", test_unknown_key);
  g_test_add_func ("/core/process-errors/unknown-key-in-section", test_unknown_key_in_section);
  g_test_add_func ("/core/process-errors/wrong-type-number", test_wrong_type_number);
  g_test_add_func ("/core/process-errors/wrong-type-in-section", test_wrong_type_in_section);
  g_test_add_func ("/core/process-errors/wrong-type-section", test_wrong_type_section);
  g_test_add_func ("/core/process-errors/wrong-type-enum", test_wrong_type_enum);
  g_test_add_func ("/core/process-errors/bad-enum", test_bad_enum);
  g_test_add_func ("/core/process-errors/bad-enum-in-section", test_bad_enum_in_section);
  g_test_add_func ("/core/process-errors/missing-required", test_missing_required);
  g_test_add_func ("/core/process-errors/missing-process", test_missing_process);
  g_test_add_func ("/core/process-errors/missing-material", test_missing_material);
  g_test_add_func ("/core/process-errors/missing-section", test_missing_section);
  g_test_add_func ("/core/process-errors/missing-in-section", test_missing_in_section);
  g_test_add_func ("/core/process-errors/zero", test_zero);
  g_test_add_func ("/core/process-errors/zero-derived", test_zero_derived);
  g_test_add_func ("/core/process-errors/negative", test_negative);
  g_test_add_func ("/core/process-errors/negative-non-negative", test_negative_non_negative);
  g_test_add_func ("/core/process-errors/nan", test_nan);
  g_test_add_func ("/core/process-errors/infinity", test_infinity);
  g_test_add_func ("/core/process-errors/fraction-above-one", test_fraction_above_one);
  g_test_add_func ("/core/process-errors/out-of-range", test_out_of_range);
  g_test_add_func ("/core/process-errors/unknown-material", test_unknown_material);
  g_test_add_func ("/core/process-errors/ambient-above-solidus", test_ambient_above_solidus);
  g_test_add_func ("/core/process-errors/nan-in-string", test_nan_in_string_untouched);
  g_test_add_func ("/core/process-errors/missing-file", test_missing_file);

  return g_test_run ();
}
