/* test-process-errors.c: every kind of bad parameter file gets a clear GError
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One test per bad input. Each writes a file, loads it and checks the error
 * domain and code, and that the message names the file, the key (as a JSON
 * path) and what was expected.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "melt-material.h"
#include "melt-process.h"
#include "melt-process-check.h"
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

/* Files that differ from the base in one key: each must fail with the code,
 * name the JSON path and say what was expected. */
typedef struct
{
  const char *path;     /* the test's name */
  const char *section;  /* "" for the root, or the section the key is in */
  const char *key;      /* "" for the section itself */
  const char *raw;      /* the value as written in the file */
  int         code;
  const char *place;
  const char *also;
} BadCase;

static const BadCase bad_cases[] = {
  { "/core/process-errors/wrong-format", "", "format", "\"meltline-plan\"",
    MELT_PROCESS_ERROR_FORMAT, "$.format", "meltline-plan" },
  { "/core/process-errors/missing-format", "", "format", REMOVE,
    MELT_PROCESS_ERROR_MISSING_KEY, "$.format", "missing" },
  { "/core/process-errors/unknown-version", "", "format_version", "2",
    MELT_PROCESS_ERROR_VERSION, "$.format_version", "expected version 1" },
  { "/core/process-errors/version-wrong-type", "", "format_version", "\"1\"",
    MELT_PROCESS_ERROR_WRONG_TYPE, "$.format_version", "expected an integer" },
  { "/core/process-errors/unknown-key", "", "wire_speed_mm_s", "3",
    MELT_PROCESS_ERROR_UNKNOWN_KEY, "$.wire_speed_mm_s", "unknown key" },
  { "/core/process-errors/unknown-key-in-section", "laser", "powr_w", "3",
    MELT_PROCESS_ERROR_UNKNOWN_KEY, "$.laser.powr_w", "unknown key" },
  { "/core/process-errors/wrong-type-number", "", "wire_feed_mm_s", "\"fast\"",
    MELT_PROCESS_ERROR_WRONG_TYPE, "$.wire_feed_mm_s", "expected a number, got a string" },
  { "/core/process-errors/wrong-type-in-section", "laser", "power_w", "true",
    MELT_PROCESS_ERROR_WRONG_TYPE, "$.laser.power_w", "expected a number, got a boolean" },
  { "/core/process-errors/wrong-type-section", "laser", "", "5",
    MELT_PROCESS_ERROR_WRONG_TYPE, "$.laser", "expected an object" },
  { "/core/process-errors/wrong-type-enum", "", "process", "1",
    MELT_PROCESS_ERROR_WRONG_TYPE, "$.process", "expected a string" },
  { "/core/process-errors/bad-enum", "", "process", "\"plasma-wire\"",
    MELT_PROCESS_ERROR_BAD_VALUE, "$.process", "“laser-wire”" },
  { "/core/process-errors/bad-enum-in-section", "laser", "shielding_gas", "\"neon\"",
    MELT_PROCESS_ERROR_BAD_VALUE, "$.laser.shielding_gas", "“nitrogen”" },
  { "/core/process-errors/missing-required", "", "wire_diameter_mm", REMOVE,
    MELT_PROCESS_ERROR_MISSING_KEY, "$.wire_diameter_mm", "required" },
  { "/core/process-errors/missing-process", "", "process", REMOVE,
    MELT_PROCESS_ERROR_MISSING_KEY, "$.process", "laser-wire" },
  { "/core/process-errors/missing-material", "", "material", REMOVE,
    MELT_PROCESS_ERROR_MISSING_KEY, "$.material", "missing" },
  { "/core/process-errors/missing-section", "laser", "", REMOVE,
    MELT_PROCESS_ERROR_MISSING_KEY, "$.laser", "missing" },
  { "/core/process-errors/missing-in-section", "laser", "power_w", REMOVE,
    MELT_PROCESS_ERROR_MISSING_KEY, "$.laser.power_w", "W" },
  { "/core/process-errors/zero", "", "travel_speed_mm_s", "0",
    MELT_PROCESS_ERROR_BAD_VALUE, "$.travel_speed_mm_s", "greater than 0" },
  /* 0 means “from the model” in the object, but a file leaves the key out */
  { "/core/process-errors/zero-derived", "", "bead_width_mm", "0",
    MELT_PROCESS_ERROR_BAD_VALUE, "$.bead_width_mm", "greater than 0" },
  { "/core/process-errors/negative", "laser", "power_w", "-5",
    MELT_PROCESS_ERROR_BAD_VALUE, "$.laser.power_w", "got -5" },
  { "/core/process-errors/negative-non-negative", "", "dwell_s", "-1",
    MELT_PROCESS_ERROR_BAD_VALUE, "$.dwell_s", "0 or more" },
  { "/core/process-errors/nan", "", "wire_feed_mm_s", "NaN",
    MELT_PROCESS_ERROR_BAD_VALUE, "$.wire_feed_mm_s", "finite" },
  { "/core/process-errors/fraction-above-one", "laser", "absorptivity", "1.5",
    MELT_PROCESS_ERROR_BAD_VALUE, "$.laser.absorptivity", "at most 1" },
  { "/core/process-errors/out-of-range", "", "wire_diameter_mm", "100",
    MELT_PROCESS_ERROR_BAD_VALUE, "$.wire_diameter_mm", "got 100" },
  { "/core/process-errors/unknown-material", "", "material", "\"unobtainium\"",
    MELT_PROCESS_ERROR_UNKNOWN_MATERIAL, "$.material", "“316L”" },
};

static void
test_bad_case (gconstpointer data)
{
  const BadCase *bad = data;

  assert_bad (bad->section, bad->key, bad->raw, bad->code, bad->place, bad->also);
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

/* json-glib parses white space alone to no root: not a CRITICAL */
static void
test_blank (void)
{
  assert_load_fails (" \n\t\r\n", MELT_PROCESS_ERROR_PARSE, "$", "empty");
}

static void
test_root_not_object (void)
{
  assert_load_fails ("[1, 2, 3]", MELT_PROCESS_ERROR_FORMAT, "$", "an array");
}

static void
test_infinity (void)
{
  assert_bad ("laser", "power_w", "Infinity", MELT_PROCESS_ERROR_BAD_VALUE, "$.laser.power_w", "finite");
  assert_bad ("", "wire_diameter_mm", "1e999", MELT_PROCESS_ERROR_BAD_VALUE, "$.wire_diameter_mm", "finite");
}

/* Above the solidus the file is valid: the check reports it, as in the panel */
static void
test_ambient_above_solidus (void)
{
  g_autofree char *text = make_text ("", "ambient_k", "1700");
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(MeltProcess) process = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;
  MeltProcessDerived derived;

  process = melt_process_load_bytes (bytes, "hot.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (process);
  g_assert_true (melt_process_evaluate (process, &derived, &checks, &error));
  g_assert_no_error (error);
  g_assert_true (melt_process_checks_have_errors (checks));
  g_assert_cmpstr (((MeltProcessCheck *) g_ptr_array_index (checks, 0))->code, ==,
                   "ambient-above-solidus");
  g_assert_true (isnan (derived.melt_pool_length_mm));
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

/* json-glib's parser recurses per level: a million “[” (1 MB, under the
 * size limit) overflowed its stack. The text pre-pass refuses the depth. */
static void
test_nested_too_deep (void)
{
  static const struct {
    const char *unit;
    guint       count;
  } cases[] = {
    { "[ ", 100000 },   /* 200 KB */
    { "[", 1000000 },   /* 1 MB */
    { "{\"a\":", 100000 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GString) text = g_string_new ("\n");

      for (guint i = 0; i < cases[c].count; i++)
        g_string_append (text, cases[c].unit);
      assert_load_fails (text->str, MELT_PROCESS_ERROR_PARSE, "line 2",
                         "nested deeper than 64 levels");
    }

  /* shallower nesting reaches the reader, which names the key */
  {
    g_autoptr(GString) value = g_string_new (NULL);

    for (guint i = 0; i < 60; i++)
      g_string_append_c (value, '[');
    for (guint i = 0; i < 60; i++)
      g_string_append_c (value, ']');
    assert_bad ("", "extra", value->str, MELT_PROCESS_ERROR_UNKNOWN_KEY, "$.extra", "unknown key");
  }

  /* brackets inside strings are text */
  {
    g_autoptr(GString) name = g_string_new ("\"");
    g_autofree char *text = NULL;
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(MeltProcess) process = NULL;

    for (guint i = 0; i < 1000; i++)
      g_string_append (name, "[{");
    g_string_append_c (name, '"');
    text = make_text ("", "name", name->str);
    bytes = g_bytes_new (text, strlen (text));
    process = melt_process_load_bytes (bytes, "good.json", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (strlen (melt_process_get_name (process)), ==, 2000);
  }
}

/* json-glib wraps integers that do not fit 64 bits; the reader reports
 * (and range-checks) the value written in the file */
static void
test_huge_integer (void)
{
  assert_bad ("", "dwell_s", "18446744073709551616", MELT_PROCESS_ERROR_BAD_VALUE, "$.dwell_s",
              "got 1.84467e+19");
  assert_bad ("", "dwell_s", "9223372036854775808", MELT_PROCESS_ERROR_BAD_VALUE, "$.dwell_s",
              "got 9.22337e+18");
  assert_bad ("", "dwell_s", "-99999999999999999999", MELT_PROCESS_ERROR_BAD_VALUE, "$.dwell_s",
              "got -1e+20");
  assert_bad ("", "ambient_k", "99999999999999999999", MELT_PROCESS_ERROR_BAD_VALUE, "$.ambient_k",
              "got 1e+20");
  assert_bad ("laser", "power_w", "1234567890123456789012345", MELT_PROCESS_ERROR_BAD_VALUE,
              "$.laser.power_w", "got 1.23457e+24");
  /* hundreds of digits overflow a double too */
  {
    g_autoptr(GString) digits = g_string_new ("1");

    for (guint i = 0; i < 400; i++)
      g_string_append_c (digits, '0');
    assert_bad ("", "wire_diameter_mm", digits->str, MELT_PROCESS_ERROR_BAD_VALUE,
                "$.wire_diameter_mm", "finite");
  }

  /* the focus offset of an electron-beam set was accepted as -1 */
  {
    g_autofree char *path = g_build_filename (SOURCE_DATA_DIR, "presets",
                                              "ebeam-wire-ti64-helium.json", NULL);
    g_autofree char *contents = NULL;
    g_autoptr(GString) text = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    text = g_string_new (contents);
    g_assert_cmpuint (g_string_replace (text, "\"focus_offset_mm\": 0.0",
                                        "\"focus_offset_mm\": 99999999999999999999", 1), ==, 1);
    assert_load_fails (text->str, MELT_PROCESS_ERROR_BAD_VALUE, "$.ebeam.focus_offset_mm",
                       "got 1e+20");
  }

  /* long integers inside strings, and short ones, are left alone */
  {
    g_autofree char *text = make_text ("", "name", "\"12345678901234567890\"");
    g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
    g_autoptr(GError) error = NULL;
    g_autoptr(MeltProcess) process = melt_process_load_bytes (bytes, "good.json", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (melt_process_get_name (process), ==, "12345678901234567890");
  }
  {
    g_autofree char *text = make_text ("", "layer_length_mm", "99999999");
    g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
    g_autoptr(GError) error = NULL;
    g_autoptr(MeltProcess) process = melt_process_load_bytes (bytes, "good.json", &error);

    g_assert_no_error (error);
    g_assert_cmpfloat (melt_process_get_double (process, MELT_PROCESS_PARAM_LAYER_LENGTH_MM), ==,
                       99999999);
  }
}

/* The valid file with @bad (@bad_len bytes) in the middle of the name
 * string, on line 2; *offset is where @bad starts in the text */
static char *
make_text_with_bytes (const char *bad,
                      gsize       bad_len,
                      gsize      *len,
                      gsize      *offset)
{
  g_autofree char *rest = make_text ("", "format", "\"meltline-process\"");
  GString *s = g_string_new ("{\n  \"name\": \"caf");

  *offset = s->len;
  g_string_append_len (s, bad, bad_len);
  g_string_append (s, "\",");
  /* the valid file, after its “{” */
  g_string_append (s, rest + 1);
  *len = s->len;

  return g_string_free (s, FALSE);
}

static void
test_not_utf8 (void)
{
  gsize len, offset;
  g_autofree char *text = make_text_with_bytes ("\xe9", 1, &len, &offset);
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = melt_test_write_file (dir, "latin1.json", text, len);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltProcess) process = NULL;
  g_autofree char *place = g_strdup_printf ("“latin1.json”: line 2, byte %lu: ",
                                            (unsigned long) offset + 1);

  process = melt_process_load (file, NULL, &error);
  g_assert_null (process);
  g_assert_error (error, MELT_PROCESS_ERROR, MELT_PROCESS_ERROR_PARSE);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, place));
  g_assert_nonnull (strstr (error->message, "0xE9"));
  g_assert_nonnull (strstr (error->message, "UTF-8"));

  melt_test_tmpdir_remove (dir);
}

/* A NUL byte used to cut the text short and give a misleading message */
static void
test_nul_byte (void)
{
  gsize len, offset;
  g_autofree char *text = make_text_with_bytes ("\0", 1, &len, &offset);
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = melt_test_write_file (dir, "nul.json", text, len);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltProcess) process = NULL;
  g_autofree char *place = g_strdup_printf ("“nul.json”: line 2, byte %lu: ",
                                            (unsigned long) offset + 1);

  process = melt_process_load (file, NULL, &error);
  g_assert_null (process);
  g_assert_error (error, MELT_PROCESS_ERROR, MELT_PROCESS_ERROR_PARSE);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, place));
  g_assert_nonnull (strstr (error->message, "NUL"));

  /* a NUL after the end of a valid object as well */
  {
    g_autofree char *valid = make_text ("", "name", "\"base\"");
    g_autoptr(GString) s = g_string_new (valid);
    g_autoptr(GBytes) bytes = NULL;

    g_string_append_len (s, "\0\0", 2);
    bytes = g_bytes_new (s->str, s->len);
    g_clear_error (&error);
    g_assert_null (melt_process_load_bytes (bytes, "trailing.json", &error));
    g_assert_error (error, MELT_PROCESS_ERROR, MELT_PROCESS_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "NUL"));
  }

  melt_test_tmpdir_remove (dir);
}

static void
test_duplicate_key (void)
{
  assert_bad ("", "wire_feed_mm_s", "16.667, \"wire_feed_mm_s\": 20",
              MELT_PROCESS_ERROR_DUPLICATE_KEY, "$.wire_feed_mm_s", "given twice");
  assert_bad ("laser", "power_w", "1500,\n    \"power_w\": 900", MELT_PROCESS_ERROR_DUPLICATE_KEY,
              "$.laser.power_w", "expected each key once");
  assert_bad ("", "process", "\"laser-wire\", \"process\": \"laser-wire\"", MELT_PROCESS_ERROR_DUPLICATE_KEY,
              "$.process", "given twice");
  /* the line of the second one: the laser section starts on line 10 */
  assert_bad ("laser", "power_w", "1500,\n    \"power_w\": 900", MELT_PROCESS_ERROR_DUPLICATE_KEY,
              "$.laser.power_w", "again on line 12");
  /* escapes spell the same key */
  assert_bad ("", "dwell_s", "1, \"dwell\\u005fs\": 2", MELT_PROCESS_ERROR_DUPLICATE_KEY, "$.dwell_s",
              "given twice");
  /* anywhere in the file, even under an unknown key */
  assert_bad ("", "extra", "[{\"a\": 1}, {\"b\": 1, \"b\": 2}]", MELT_PROCESS_ERROR_DUPLICATE_KEY,
              "$.extra[1].b", "given twice");
}

/* A 100 MB file (sparse: no data written) is refused without reading it
 * whole; an endless file is refused too, instead of read until memory runs out */
static void
test_too_large (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "huge.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltProcess) process = NULL;
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 100 * 1024 * 1024), ==, 0);
  g_assert_true (g_close (fd, NULL));

  process = melt_process_load (file, NULL, &error);
  g_assert_null (process);
  g_assert_error (error, MELT_PROCESS_ERROR, MELT_PROCESS_ERROR_PARSE);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "“huge.json”: $: "));
  g_assert_nonnull (strstr (error->message, "larger than 4 MiB"));

  melt_test_tmpdir_remove (dir);
}

/* An endless file: reading stops past 4 MiB (1 MiB for a material), within
 * seconds, instead of going on until memory runs out */
static void
test_endless (void)
{
  if (!g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/zero");
      return;
    }

  if (g_test_subprocess ())
    {
      g_autoptr(GFile) zero = g_file_new_for_path ("/dev/zero");
      g_autoptr(GError) error = NULL;

      g_assert_null (melt_process_load (zero, NULL, &error));
      g_assert_error (error, MELT_PROCESS_ERROR, MELT_PROCESS_ERROR_PARSE);
      g_assert_true (g_str_has_prefix (error->message, "“zero”: $: "));
      g_assert_nonnull (strstr (error->message, "larger than 4 MiB"));
      g_clear_error (&error);
      /* a material file too */
      g_assert_null (melt_material_load (zero, &error));
      g_assert_error (error, MELT_MATERIAL_ERROR, MELT_MATERIAL_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, "“zero”: larger than 1 MiB"));
      return;
    }

  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_window_zero (void)
{
  /* 0 is “unlimited”, in a file as in the object: not refused, and not
   * replaced by the platform's default */
  g_autofree char *text = make_text ("", "platform", "\"parabolic\", \"microgravity_window_s\": 0");
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltProcess) process = melt_process_load_bytes (bytes, "unlimited.json", &error);

  g_assert_no_error (error);
  g_assert_cmpint (melt_process_get_platform (process), ==, MELT_PLATFORM_PARABOLIC);
  g_assert_cmpfloat (melt_process_get_double (process, MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S), ==, 0);

  assert_bad ("", "microgravity_window_s", "-1", MELT_PROCESS_ERROR_BAD_VALUE, "$.microgravity_window_s",
              "0 or more");
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

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    g_test_add_data_func (bad_cases[i].path, &bad_cases[i], test_bad_case);

  g_test_add_func ("/core/process-errors/valid-base", test_valid_base);
  g_test_add_func ("/core/process-errors/not-json", test_not_json);
  g_test_add_func ("/core/process-errors/empty", test_empty);
  g_test_add_func ("/core/process-errors/blank", test_blank);
  g_test_add_func ("/core/process-errors/root-not-object", test_root_not_object);
  g_test_add_func ("/core/process-errors/infinity", test_infinity);
  g_test_add_func ("/core/process-errors/ambient-above-solidus", test_ambient_above_solidus);
  g_test_add_func ("/core/process-errors/nan-in-string", test_nan_in_string_untouched);
  g_test_add_func ("/core/process-errors/missing-file", test_missing_file);
  g_test_add_func ("/core/process-errors/nested-too-deep", test_nested_too_deep);
  g_test_add_func ("/core/process-errors/huge-integer", test_huge_integer);
  g_test_add_func ("/core/process-errors/not-utf8", test_not_utf8);
  g_test_add_func ("/core/process-errors/nul-byte", test_nul_byte);
  g_test_add_func ("/core/process-errors/duplicate-key", test_duplicate_key);
  g_test_add_func ("/core/process-errors/too-large", test_too_large);
  g_test_add_func ("/core/process-errors/endless", test_endless);
  g_test_add_func ("/core/process-errors/window-zero", test_window_zero);

  return g_test_run ();
}
