/* test-path-attribute.c: the values the path preview colours beads by
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected values are worked out by hand from the segments of small
 * toolpaths built here (the numbers are in the comments), or recomputed
 * from a planned toolpath's own segments with the formulas of
 * docs/path-preview.md, never taken from melt-path-attribute.c.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "melt-contours.h"
#include "melt-path-attribute.h"
#include "melt-planner.h"
#include "melt-process.h"
#include "melt-process-check.h"
#include "melt-process-derived.h"
#include "melt-process-preset.h"
#include "melt-toolpath.h"

#define assert_close(value, expected, rel)                                        \
  G_STMT_START {                                                                  \
    double v_ = (value), e_ = (expected);                                         \
    if (!(fabs (v_ - e_) <= (rel) * MAX (fabs (e_), 1e-30)))                       \
      g_error ("%s = %.9g, expected %.9g within %.2g%%", #value, v_, e_, (rel) * 100); \
  } G_STMT_END

#define assert_nan(value)                                                         \
  G_STMT_START {                                                                  \
    double v_ = (value);                                                          \
    if (!isnan (v_))                                                              \
      g_error ("%s = %.9g, expected NAN", #value, v_);                            \
  } G_STMT_END

#define T MELT_SEGMENT_TRAVEL
#define D MELT_SEGMENT_DWELL
#define P MELT_SEGMENT_PERIMETER
#define F MELT_SEGMENT_FILL

/* One row per segment of a hand-made toolpath */
typedef struct
{
  MeltSegmentKind kind;
  guint           layer;
  double          start_s;
  double          duration_s;
  float           speed_mm_s;
  float           power_w;
  float           feed_mm_s;
  float           width_mm;
  float           area_mm2;
} Row;

/* Three layers with an interlayer dwell after layers 0 and 1.
 * Bead ends: layer 0 last bead (row 2) ends at 5 + 2 = 7 s; layer 1 first
 * bead (row 5) starts at 17.5 s, last bead (row 7) ends at 20.7 + 2.3 = 23 s;
 * layer 2 first bead (row 10) starts at 29 s. */
static const Row three_layers[] = {
  /* layer 0 */
  { T, 0, 0.0, 1.0, 50, 0, 0, 0, 0 },
  { P, 0, 1.0, 4.0, 5, 1500, 20, 3.0, 2.6 },
  { F, 0, 5.0, 2.0, 8, 1200, 25, 2.5, 2.0 },
  { D, 0, 7.0, 10.0, 0, 0, 0, 0, 0 },
  /* layer 1 */
  { T, 1, 17.0, 0.5, 50, 0, 0, 0, 0 },
  { P, 1, 17.5, 3.0, 5, 1500, 20, 3.0, 2.6 },
  { T, 1, 20.5, 0.2, 50, 0, 0, 0, 0 },
  { F, 1, 20.7, 2.3, 10, 1000, 30, 2.0, 1.5 },
  { D, 1, 23.0, 5.0, 0, 0, 0, 0, 0 },
  /* layer 2 */
  { T, 2, 28.0, 1.0, 50, 0, 0, 0, 0 },
  { F, 2, 29.0, 2.0, 4, 800, 15, 3.5, 3.0 },
  { T, 2, 31.0, 1.0, 50, 0, 0, 0, 0 },
};

#define N_ROWS G_N_ELEMENTS (three_layers)

/* Expected per row, NAN on travel and dwell (worked by hand) */
static const double speed_expected[N_ROWS] = { NAN, 5, 8, NAN, NAN, 5, NAN, 10, NAN, NAN, 4, NAN };
/* area × speed: 2.6 × 5, 2.0 × 8, 2.6 × 5, 1.5 × 10, 3.0 × 4 */
static const double deposition_expected[N_ROWS] = { NAN, 13, 16, NAN, NAN, 13, NAN, 15, NAN, NAN, 12, NAN };
/* P / v: 1500/5, 1200/8, 1500/5, 1000/10, 800/4 */
static const double heat_input_plain[N_ROWS] = { NAN, 300, 150, NAN, NAN, 300, NAN, 100, NAN, NAN, 200, NAN };
/* layer 1: 17.5 − 7 = 10.5 s; layer 2: 29 − 23 = 6 s */
static const double interlayer_expected[N_ROWS] = { NAN, NAN, NAN, NAN, NAN, 10.5, NAN, 10.5, NAN, NAN, 6.0, NAN };

/* Beam currents when the same path is an electron beam at 20 kV: P / U */
#define EBEAM_KV 20.0

static MeltToolpath *
build (const Row *rows,
       guint      n,
       gboolean   ebeam)
{
  MeltToolpath *toolpath = melt_toolpath_new ();

  for (guint i = 0; i < n; i++)
    {
      MeltSegment s = { 0 };

      s.start[0] = s.end[0] = (float) i;
      s.end[0] += rows[i].kind == D ? 0.0f : 1.0f;
      s.kind = rows[i].kind;
      s.layer = rows[i].layer;
      s.bead = melt_segment_kind_deposits (rows[i].kind) ? i : G_MAXUINT32;
      s.speed_mm_s = rows[i].speed_mm_s;
      s.power_w = rows[i].power_w;
      s.beam_current_ma = ebeam ? (float) (rows[i].power_w / EBEAM_KV) : 0.0f;
      s.wire_feed_mm_s = rows[i].feed_mm_s;
      s.width_mm = rows[i].width_mm;
      s.height_mm = rows[i].width_mm / 3.0f;
      s.area_mm2 = rows[i].area_mm2;
      s.start_time_s = rows[i].start_s;
      s.duration_s = (float) rows[i].duration_s;
      s.source_line = MELT_SEGMENT_NO_LINE;
      melt_toolpath_append (toolpath, &s);
    }

  return toolpath;
}

static float *
compute (MeltPathAttribute  attribute,
         MeltToolpath      *toolpath,
         MeltProcess       *process)
{
  guint n = melt_toolpath_get_n_segments (toolpath);
  float *values = g_new (float, MAX (n, 1));

  /* a value the function must overwrite */
  for (guint i = 0; i < n; i++)
    values[i] = -12345.0f;
  melt_path_attribute_compute (attribute, toolpath, process, values);

  return values;
}

static void
check_values (const float  *values,
              const double *expected,
              guint         n,
              const char   *what)
{
  for (guint i = 0; i < n; i++)
    {
      if (isnan (expected[i]))
        {
          if (!isnan (values[i]))
            g_error ("%s of row %u = %g, expected NAN", what, i, values[i]);
        }
      else if (!(fabs (values[i] - expected[i]) <= 1e-5 * fabs (expected[i])))
        {
          g_error ("%s of row %u = %.9g, expected %.9g", what, i, values[i], expected[i]);
        }
    }
}

static void
test_keys (void)
{
  static const struct {
    MeltPathAttribute attribute;
    const char *key;
    const char *title;
    const char *unit;
  } expected[] = {
    { MELT_PATH_ATTRIBUTE_FEATURE, "feature", "Feature type", "" },
    { MELT_PATH_ATTRIBUTE_LAYER, "layer", "Layer", "" },
    { MELT_PATH_ATTRIBUTE_SPEED, "speed", "Speed", "mm/s" },
    { MELT_PATH_ATTRIBUTE_POWER, "power", "Power", "W" },
    { MELT_PATH_ATTRIBUTE_BEAM_CURRENT, "beam-current", "Beam current", "mA" },
    { MELT_PATH_ATTRIBUTE_WIRE_FEED, "wire-feed", "Wire feed", "mm/s" },
    { MELT_PATH_ATTRIBUTE_HEAT_INPUT, "heat-input", "Heat input", "J/mm" },
    { MELT_PATH_ATTRIBUTE_BEAD_WIDTH, "width", "Bead width", "mm" },
    { MELT_PATH_ATTRIBUTE_DEPOSITION_RATE, "deposition-rate", "Deposition rate", "mm³/s" },
    { MELT_PATH_ATTRIBUTE_TIME, "time", "Time", "s" },
    { MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, "interlayer-time", "Interlayer time", "s" },
  };
  static const char * const unknown[] = {
    "", "heat_input", "Heat-Input", "heat-input ", "bead-width", "colour", "feature2",
  };
  GEnumClass *klass = g_type_class_ref (MELT_TYPE_PATH_ATTRIBUTE);
  g_autofree char *table = NULL;

  g_assert_cmpuint (G_N_ELEMENTS (expected), ==, MELT_PATH_N_ATTRIBUTES);
  g_assert_cmpuint (klass->n_values, ==, MELT_PATH_N_ATTRIBUTES);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      MeltPathAttribute a = (MeltPathAttribute) -1;
      GEnumValue *value = g_enum_get_value (klass, expected[i].attribute);

      g_assert_cmpint (expected[i].attribute, ==, i);
      g_assert_cmpstr (melt_path_attribute_to_key (expected[i].attribute), ==, expected[i].key);
      /* the GType's nick is the key too, so settings bind to it */
      g_assert_nonnull (value);
      g_assert_cmpstr (value->value_nick, ==, expected[i].key);
      g_assert_true (melt_path_attribute_from_key (expected[i].key, &a));
      g_assert_cmpint (a, ==, expected[i].attribute);
      g_assert_cmpstr (melt_path_attribute_get_title (a), ==, expected[i].title);
      g_assert_cmpstr (melt_path_attribute_get_unit (a), ==, expected[i].unit);
      g_assert_true (melt_path_attribute_is_discrete (a) == (a == MELT_PATH_ATTRIBUTE_FEATURE));
      g_assert_false (melt_path_attribute_default_log_scale (a));
    }

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      MeltPathAttribute a = MELT_PATH_ATTRIBUTE_TIME;

      g_assert_false (melt_path_attribute_from_key (unknown[i], &a));
      g_assert_cmpint (a, ==, MELT_PATH_ATTRIBUTE_TIME);
    }
  g_assert_true (melt_path_attribute_from_key ("heat-input", NULL));

  g_assert_cmpstr (melt_path_attribute_get_keys_help (), ==,
                   "feature, layer, speed, power, beam-current, wire-feed, heat-input, "
                   "width, deposition-rate, time, interlayer-time");
  /* the same string every time */
  g_assert_true (melt_path_attribute_get_keys_help () == melt_path_attribute_get_keys_help ());

  table = melt_path_attribute_format_keys_table ();
  g_assert_nonnull (strstr (table, "  heat-input        Heat input (J/mm)\n"));
  g_assert_nonnull (strstr (table, "  feature           Feature type\n"));
  g_assert_nonnull (strstr (table, "  deposition-rate   Deposition rate (mm³/s)\n"));
  {
    g_auto(GStrv) lines = g_strsplit (table, "\n", -1);

    /* one line per attribute, then the empty string after the last newline */
    g_assert_cmpuint (g_strv_length (lines), ==, MELT_PATH_N_ATTRIBUTES + 1);
    g_assert_cmpstr (lines[MELT_PATH_N_ATTRIBUTES], ==, "");
  }

  /* categories of the feature, in MeltSegmentKind order */
  g_assert_cmpuint (melt_path_attribute_get_n_categories (MELT_PATH_ATTRIBUTE_FEATURE), ==, 4);
  g_assert_cmpstr (melt_path_attribute_get_category_title (MELT_PATH_ATTRIBUTE_FEATURE, MELT_SEGMENT_PERIMETER), ==, "Perimeter");
  g_assert_cmpstr (melt_path_attribute_get_category_title (MELT_PATH_ATTRIBUTE_FEATURE, MELT_SEGMENT_FILL), ==, "Fill");
  g_assert_cmpstr (melt_path_attribute_get_category_title (MELT_PATH_ATTRIBUTE_FEATURE, MELT_SEGMENT_TRAVEL), ==, "Travel");
  g_assert_cmpstr (melt_path_attribute_get_category_title (MELT_PATH_ATTRIBUTE_FEATURE, MELT_SEGMENT_DWELL), ==, "Dwell");
  g_assert_null (melt_path_attribute_get_category_title (MELT_PATH_ATTRIBUTE_FEATURE, 4));
  g_assert_cmpuint (melt_path_attribute_get_n_categories (MELT_PATH_ATTRIBUTE_LAYER), ==, 0);
  g_assert_null (melt_path_attribute_get_category_title (MELT_PATH_ATTRIBUTE_HEAT_INPUT, 0));

  g_type_class_unref (klass);
}

static void
test_bad_arguments (void)
{
  g_autoptr(MeltToolpath) toolpath = build (three_layers, N_ROWS, FALSE);
  float values[N_ROWS];

  g_test_expect_message ("melt-path-attribute", G_LOG_LEVEL_CRITICAL, "*attribute_is_valid*");
  g_assert_null (melt_path_attribute_to_key (MELT_PATH_N_ATTRIBUTES));
  g_test_assert_expected_messages ();

  g_test_expect_message ("melt-path-attribute", G_LOG_LEVEL_CRITICAL, "*attribute_is_valid*");
  g_assert_null (melt_path_attribute_get_title ((MeltPathAttribute) 99));
  g_test_assert_expected_messages ();

  g_test_expect_message ("melt-path-attribute", G_LOG_LEVEL_CRITICAL, "*values != NULL*");
  melt_path_attribute_compute (MELT_PATH_ATTRIBUTE_SPEED, toolpath, NULL, NULL);
  g_test_assert_expected_messages ();

  values[0] = 7.0f;
  g_test_expect_message ("melt-path-attribute", G_LOG_LEVEL_CRITICAL, "*attribute_is_valid*");
  melt_path_attribute_compute (MELT_PATH_N_ATTRIBUTES, toolpath, NULL, values);
  g_test_assert_expected_messages ();
  g_assert_cmpfloat (values[0], ==, 7.0f);
}

/* Every attribute of the laser path, with absorptivity 0.4 */
static void
test_laser (void)
{
  g_autoptr(MeltToolpath) toolpath = build (three_layers, N_ROWS, FALSE);
  g_autoptr(MeltProcess) process = melt_process_new (MELT_PROCESS_KIND_LASER_WIRE);
  /* 0.4 × P / v: 0.4 × 1500/5, 0.4 × 1200/8, 0.4 × 1500/5, 0.4 × 1000/10, 0.4 × 800/4 */
  static const double heat_input[N_ROWS] = { NAN, 120, 60, NAN, NAN, 120, NAN, 40, NAN, NAN, 80, NAN };
  static const double power[N_ROWS] = { NAN, 1500, 1200, NAN, NAN, 1500, NAN, 1000, NAN, NAN, 800, NAN };
  static const double feed[N_ROWS] = { NAN, 20, 25, NAN, NAN, 20, NAN, 30, NAN, NAN, 15, NAN };
  static const double width[N_ROWS] = { NAN, 3.0, 2.5, NAN, NAN, 3.0, NAN, 2.0, NAN, NAN, 3.5, NAN };
  /* a laser has no beam current: 0 on the beads */
  static const double current[N_ROWS] = { NAN, 0, 0, NAN, NAN, 0, NAN, 0, NAN, NAN, 0, NAN };
  static const double feature[N_ROWS] = { T, P, F, D, T, P, T, F, D, T, F, T };
  static const double layer[N_ROWS] = { 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2 };
  static const double start_times[N_ROWS] = { 0, 1, 5, 7, 17, 17.5, 20.5, 20.7, 23, 28, 29, 31 };
  struct {
    MeltPathAttribute attribute;
    const double *expected;
  } cases[] = {
    { MELT_PATH_ATTRIBUTE_FEATURE, feature },
    { MELT_PATH_ATTRIBUTE_LAYER, layer },
    { MELT_PATH_ATTRIBUTE_SPEED, speed_expected },
    { MELT_PATH_ATTRIBUTE_POWER, power },
    { MELT_PATH_ATTRIBUTE_BEAM_CURRENT, current },
    { MELT_PATH_ATTRIBUTE_WIRE_FEED, feed },
    { MELT_PATH_ATTRIBUTE_HEAT_INPUT, heat_input },
    { MELT_PATH_ATTRIBUTE_BEAD_WIDTH, width },
    { MELT_PATH_ATTRIBUTE_DEPOSITION_RATE, deposition_expected },
    { MELT_PATH_ATTRIBUTE_TIME, start_times },
    { MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, interlayer_expected },
  };

  melt_process_set_double (process, MELT_PROCESS_PARAM_LASER_ABSORPTIVITY, 0.4);
  /* the electron-beam efficiency of the set must not be used for a laser */
  melt_process_set_double (process, MELT_PROCESS_PARAM_EBEAM_TRANSFER_EFFICIENCY, 0.9);

  g_assert_cmpuint (G_N_ELEMENTS (cases), ==, MELT_PATH_N_ATTRIBUTES);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree float *values = compute (cases[c].attribute, toolpath, process);

      check_values (values, cases[c].expected, N_ROWS,
                    melt_path_attribute_to_key (cases[c].attribute));
    }

  /* one segment at a time, as the preview shows the bead picked */
  for (guint i = 0; i < N_ROWS; i++)
    {
      double v = melt_path_attribute_value_at (MELT_PATH_ATTRIBUTE_HEAT_INPUT, toolpath, process, i);

      if (isnan (heat_input[i]))
        g_assert_true (isnan (v));
      else
        g_assert_cmpfloat_with_epsilon (v, heat_input[i], 1e-4 * heat_input[i]);
      v = melt_path_attribute_value_at (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, toolpath, process, i);
      if (isnan (interlayer_expected[i]))
        g_assert_true (isnan (v));
      else
        g_assert_cmpfloat_with_epsilon (v, interlayer_expected[i], 1e-4);
    }
  g_assert_true (isnan (melt_path_attribute_value_at (MELT_PATH_ATTRIBUTE_SPEED, toolpath, process, N_ROWS)));
}

/* The same path as an electron beam at 20 kV with transfer efficiency 0.85 */
static void
test_ebeam (void)
{
  g_autoptr(MeltToolpath) toolpath = build (three_layers, N_ROWS, TRUE);
  g_autoptr(MeltProcess) process = melt_process_new (MELT_PROCESS_KIND_EBEAM_WIRE);
  /* 0.85 × P / v: 0.85 × 300, 0.85 × 150, 0.85 × 300, 0.85 × 100, 0.85 × 200 */
  static const double heat_input[N_ROWS] = { NAN, 255, 127.5, NAN, NAN, 255, NAN, 85, NAN, NAN, 170, NAN };
  /* P / 20 kV: 1500/20, 1200/20, 1500/20, 1000/20, 800/20 */
  static const double current[N_ROWS] = { NAN, 75, 60, NAN, NAN, 75, NAN, 50, NAN, NAN, 40, NAN };
  g_autofree float *hi = NULL;
  g_autofree float *ma = NULL;
  g_autofree float *rate = NULL;

  melt_process_set_double (process, MELT_PROCESS_PARAM_EBEAM_TRANSFER_EFFICIENCY, 0.85);
  /* the laser absorptivity of the set must not be used for an electron beam */
  melt_process_set_double (process, MELT_PROCESS_PARAM_LASER_ABSORPTIVITY, 0.3);

  hi = compute (MELT_PATH_ATTRIBUTE_HEAT_INPUT, toolpath, process);
  check_values (hi, heat_input, N_ROWS, "heat-input");
  ma = compute (MELT_PATH_ATTRIBUTE_BEAM_CURRENT, toolpath, process);
  check_values (ma, current, N_ROWS, "beam-current");
  rate = compute (MELT_PATH_ATTRIBUTE_DEPOSITION_RATE, toolpath, process);
  check_values (rate, deposition_expected, N_ROWS, "deposition-rate");
}

/* Without a process (an imported G-code) heat input is the beam power
 * over the speed: efficiency 1 */
static void
test_no_process (void)
{
  g_autoptr(MeltToolpath) laser = build (three_layers, N_ROWS, FALSE);
  g_autoptr(MeltToolpath) ebeam = build (three_layers, N_ROWS, TRUE);
  g_autofree float *a = compute (MELT_PATH_ATTRIBUTE_HEAT_INPUT, laser, NULL);
  g_autofree float *b = compute (MELT_PATH_ATTRIBUTE_HEAT_INPUT, ebeam, NULL);
  g_autofree float *s = compute (MELT_PATH_ATTRIBUTE_SPEED, laser, NULL);
  g_autofree float *il = compute (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, laser, NULL);

  check_values (a, heat_input_plain, N_ROWS, "heat-input");
  check_values (b, heat_input_plain, N_ROWS, "heat-input");
  check_values (s, speed_expected, N_ROWS, "speed");
  check_values (il, interlayer_expected, N_ROWS, "interlayer-time");
}

/* Travel and dwell: NAN for every attribute except feature, layer and time */
static void
test_travel_dwell (void)
{
  g_autoptr(MeltToolpath) toolpath = build (three_layers, N_ROWS, TRUE);
  g_autoptr(MeltProcess) process = melt_process_new (MELT_PROCESS_KIND_EBEAM_WIRE);

  for (guint a = 0; a < MELT_PATH_N_ATTRIBUTES; a++)
    {
      g_autofree float *values = compute (a, toolpath, process);

      for (guint i = 0; i < N_ROWS; i++)
        {
          const Row *row = &three_layers[i];

          if (row->kind == P || row->kind == F)
            {
              /* every bead here has a value for every attribute but the
               * interlayer time of layer 0 */
              if (a != MELT_PATH_ATTRIBUTE_INTERLAYER_TIME || row->layer > 0)
                g_assert_true (isfinite (values[i]));
              continue;
            }

          switch (a)
            {
            case MELT_PATH_ATTRIBUTE_FEATURE:
              g_assert_cmpfloat (values[i], ==, (float) row->kind);
              break;
            case MELT_PATH_ATTRIBUTE_LAYER:
              g_assert_cmpfloat (values[i], ==, (float) row->layer);
              break;
            case MELT_PATH_ATTRIBUTE_TIME:
              g_assert_cmpfloat (values[i], ==, (float) row->start_s);
              break;
            default:
              if (!isnan (values[i]))
                g_error ("%s of %s row %u = %g, expected NAN",
                         melt_path_attribute_to_key (a),
                         melt_segment_kind_to_string (row->kind), i, values[i]);
            }
        }
    }
}

/* Layers with no bead, layers out of a dense range, a bead with no speed */
static void
test_interlayer (void)
{
  /* layer 1 has no bead (only a travel and a dwell): layer 2 has nothing
   * below it and gets NAN; layer 3 follows layer 2: 40 − (30 + 4) = 6 s */
  static const Row gap_layer[] = {
    { P, 0, 0.0, 10.0, 5, 1000, 20, 3, 2.6 },
    { T, 1, 10.0, 1.0, 50, 0, 0, 0, 0 },
    { D, 1, 11.0, 19.0, 0, 0, 0, 0, 0 },
    { F, 2, 30.0, 4.0, 5, 1000, 20, 3, 2.6 },
    { D, 2, 34.0, 6.0, 0, 0, 0, 0, 0 },
    { P, 3, 40.0, 2.0, 5, 1000, 20, 3, 2.6 },
  };
  static const double gap_expected[] = { NAN, NAN, NAN, NAN, NAN, 6.0 };
  /* Far more layer indices than segments (layers 1000 to 1003): the bead
   * of layer 1001 starts 12 − (2 + 3) = 7 s after the last of 1000 ends
   * (the later of its two beads); 1003 has no layer 1002 below: NAN.
   * Layer 1000's beads have nothing below either (layer 999 is empty). */
  static const Row sparse[] = {
    { P, 1000, 0.0, 2.0, 5, 1000, 20, 3, 2.6 },
    { F, 1000, 2.0, 3.0, 5, 1000, 20, 3, 2.6 },
    { D, 1000, 5.0, 7.0, 0, 0, 0, 0, 0 },
    { P, 1001, 12.0, 1.0, 5, 1000, 20, 3, 2.6 },
    { F, 1001, 13.0, 1.0, 5, 1000, 20, 3, 2.6 },
    { P, 1003, 20.0, 1.0, 5, 1000, 20, 3, 2.6 },
  };
  static const double sparse_expected[] = { NAN, NAN, NAN, 7.0, 7.0, NAN };
  /* A path that goes back down: layer 1 is printed between two beads of
   * layer 0 and so starts (at 3 s) before layer 0 ends (at 9 s): −6 s */
  static const Row overlap[] = {
    { P, 0, 0.0, 2.0, 5, 1000, 20, 3, 2.6 },
    { P, 1, 3.0, 2.0, 5, 1000, 20, 3, 2.6 },
    { P, 0, 6.0, 3.0, 5, 1000, 20, 3, 2.6 },
  };
  static const double overlap_expected[] = { NAN, -6.0, NAN };
  /* Times out of path order (a hand-made toolpath): the latest end of
   * layer 0 is 5 + 4 = 9 s, though its last bead in order ends at 2 s; the
   * earliest start of layer 1 is 12 s: 3 s */
  static const Row unordered[] = {
    { P, 0, 5.0, 4.0, 5, 1000, 20, 3, 2.6 },
    { P, 0, 0.0, 2.0, 5, 1000, 20, 3, 2.6 },
    { F, 1, 14.0, 1.0, 5, 1000, 20, 3, 2.6 },
    { P, 1, 12.0, 1.0, 5, 1000, 20, 3, 2.6 },
  };
  static const double unordered_expected[] = { NAN, NAN, 3.0, 3.0 };
  /* Layer indices near the 32-bit limit: tables indexed by layer would
   * need tens of GB; the layers must be mapped to the few that exist.
   * 10 − (0 + 2) = 8 s */
  static const Row huge[] = {
    { P, 3000000000u, 0.0, 2.0, 5, 1000, 20, 3, 2.6 },
    { D, 3000000000u, 2.0, 8.0, 0, 0, 0, 0, 0 },
    { P, 3000000001u, 10.0, 2.0, 5, 1000, 20, 3, 2.6 },
  };
  static const double huge_expected[] = { NAN, NAN, 8.0 };
  g_autoptr(MeltToolpath) a = build (gap_layer, G_N_ELEMENTS (gap_layer), FALSE);
  g_autoptr(MeltToolpath) b = build (sparse, G_N_ELEMENTS (sparse), FALSE);
  g_autoptr(MeltToolpath) c = build (overlap, G_N_ELEMENTS (overlap), FALSE);
  g_autofree float *va = compute (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, a, NULL);
  g_autofree float *vb = compute (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, b, NULL);
  g_autoptr(MeltToolpath) u = build (unordered, G_N_ELEMENTS (unordered), FALSE);
  g_autoptr(MeltToolpath) h = build (huge, G_N_ELEMENTS (huge), FALSE);
  g_autofree float *vc = compute (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, c, NULL);
  g_autofree float *vu = compute (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, u, NULL);
  g_autofree float *vh = compute (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, h, NULL);

  g_assert_cmpuint (melt_toolpath_get_n_layers (b), ==, 1004);
  check_values (va, gap_expected, G_N_ELEMENTS (gap_expected), "interlayer-time");
  check_values (vb, sparse_expected, G_N_ELEMENTS (sparse_expected), "interlayer-time (sparse)");
  check_values (vc, overlap_expected, G_N_ELEMENTS (overlap_expected), "interlayer-time (overlap)");
  check_values (vu, unordered_expected, G_N_ELEMENTS (unordered_expected), "interlayer-time (unordered)");
  check_values (vh, huge_expected, G_N_ELEMENTS (huge_expected), "interlayer-time (huge)");
  g_assert_true (melt_path_attribute_available (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, h, NULL));

  g_assert_true (melt_path_attribute_available (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, a, NULL));
  g_assert_true (melt_path_attribute_available (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, b, NULL));

  /* without layer 3, no layer has beads right above beads */
  {
    g_autoptr(MeltToolpath) d = build (gap_layer, G_N_ELEMENTS (gap_layer) - 1, FALSE);
    g_autoptr(MeltToolpath) e = build (sparse, 3, FALSE);

    g_assert_false (melt_path_attribute_available (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, d, NULL));
    g_assert_false (melt_path_attribute_available (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, e, NULL));
  }
}

/* A bead that does not move (speed 0, as a hand-made or odd G-code path
 * may have): no heat input per length (NaN, never an infinity), no
 * deposition rate (0 × area) */
static void
test_zero_speed (void)
{
  static const Row rows[] = {
    { P, 0, 0.0, 1.0, 0, 1000, 20, 3, 2.6 },
    { F, 0, 1.0, 1.0, 5, 1000, 20, 3, 2.6 },
  };
  static const double heat_input[] = { NAN, 200 };
  static const double rate[] = { 0, 13 };
  g_autoptr(MeltToolpath) toolpath = build (rows, G_N_ELEMENTS (rows), FALSE);
  g_autofree float *hi = compute (MELT_PATH_ATTRIBUTE_HEAT_INPUT, toolpath, NULL);
  g_autofree float *dr = compute (MELT_PATH_ATTRIBUTE_DEPOSITION_RATE, toolpath, NULL);

  check_values (hi, heat_input, G_N_ELEMENTS (rows), "heat-input");
  check_values (dr, rate, G_N_ELEMENTS (rows), "deposition-rate");
  /* the still bead alone has no heat input to show */
  g_clear_object (&toolpath);
  toolpath = build (rows, 1, FALSE);
  g_assert_false (melt_path_attribute_available (MELT_PATH_ATTRIBUTE_HEAT_INPUT, toolpath, NULL));
  g_assert_false (melt_path_attribute_available (MELT_PATH_ATTRIBUTE_DEPOSITION_RATE, toolpath, NULL));
  g_assert_false (melt_path_attribute_available (MELT_PATH_ATTRIBUTE_SPEED, toolpath, NULL));
  g_assert_true (melt_path_attribute_available (MELT_PATH_ATTRIBUTE_POWER, toolpath, NULL));
}

static void
test_available (void)
{
  g_autoptr(MeltToolpath) laser = build (three_layers, N_ROWS, FALSE);
  g_autoptr(MeltToolpath) ebeam = build (three_layers, N_ROWS, TRUE);
  g_autoptr(MeltToolpath) empty = melt_toolpath_new ();
  g_autoptr(MeltProcess) lp = melt_process_new (MELT_PROCESS_KIND_LASER_WIRE);
  g_autoptr(MeltProcess) ep = melt_process_new (MELT_PROCESS_KIND_EBEAM_WIRE);
  /* travel and dwell only, as a G-code with no beam-on move */
  static const Row moves[] = {
    { T, 0, 0.0, 1.0, 50, 0, 0, 0, 0 },
    { D, 0, 1.0, 5.0, 0, 0, 0, 0, 0 },
    { T, 1, 6.0, 1.0, 50, 0, 0, 0, 0 },
  };
  /* beads without power or area (a G-code that never sets them) in one layer */
  static const Row unpowered[] = {
    { T, 0, 0.0, 1.0, 50, 0, 0, 0, 0 },
    { P, 0, 1.0, 2.0, 5, 0, 20, 3, 0 },
    { F, 0, 3.0, 2.0, 5, 0, 20, 3, 0 },
  };
  g_autoptr(MeltToolpath) only_moves = build (moves, G_N_ELEMENTS (moves), FALSE);
  g_autoptr(MeltToolpath) no_power = build (unpowered, G_N_ELEMENTS (unpowered), FALSE);

  for (guint a = 0; a < MELT_PATH_N_ATTRIBUTES; a++)
    {
      gboolean always = a == MELT_PATH_ATTRIBUTE_FEATURE || a == MELT_PATH_ATTRIBUTE_LAYER ||
                        a == MELT_PATH_ATTRIBUTE_TIME;

      /* a laser has every attribute but the beam current */
      g_assert_true (melt_path_attribute_available (a, laser, lp) ==
                     (a != MELT_PATH_ATTRIBUTE_BEAM_CURRENT));
      g_assert_true (melt_path_attribute_available (a, laser, NULL) ==
                     (a != MELT_PATH_ATTRIBUTE_BEAM_CURRENT));
      g_assert_true (melt_path_attribute_available (a, ebeam, ep));
      g_assert_false (melt_path_attribute_available (a, empty, NULL));
      g_assert_true (melt_path_attribute_available (a, only_moves, NULL) == always);
    }

  g_assert_true (melt_path_attribute_available (MELT_PATH_ATTRIBUTE_SPEED, no_power, NULL));
  g_assert_true (melt_path_attribute_available (MELT_PATH_ATTRIBUTE_WIRE_FEED, no_power, NULL));
  g_assert_true (melt_path_attribute_available (MELT_PATH_ATTRIBUTE_BEAD_WIDTH, no_power, NULL));
  g_assert_false (melt_path_attribute_available (MELT_PATH_ATTRIBUTE_POWER, no_power, NULL));
  g_assert_false (melt_path_attribute_available (MELT_PATH_ATTRIBUTE_HEAT_INPUT, no_power, NULL));
  g_assert_false (melt_path_attribute_available (MELT_PATH_ATTRIBUTE_DEPOSITION_RATE, no_power, NULL));
  g_assert_false (melt_path_attribute_available (MELT_PATH_ATTRIBUTE_BEAM_CURRENT, no_power, NULL));
  g_assert_false (melt_path_attribute_available (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, no_power, NULL));

  /* an empty toolpath computes nothing, with or without an array */
  melt_path_attribute_compute (MELT_PATH_ATTRIBUTE_HEAT_INPUT, empty, NULL, NULL);
}

static void
test_range (void)
{
  const float values[] = { 3.0f, NAN, -2.0f, 0.0f, INFINITY, 0.5f, 10.0f, -INFINITY, 7.0f };
  const guint8 kinds[] = { P, T, F, P, F, F, D, P, F };
  const float none[] = { NAN, NAN, INFINITY };
  const float negative[] = { -1.0f, 0.0f, -5.0f };
  g_autoptr(MeltToolpath) toolpath = build (three_layers, N_ROWS, FALSE);
  double min = 0, max = 0;

  /* beads: 3, −2, 0, 0.5, 7 (10 is a dwell's; NAN and ±inf do not count) */
  g_assert_true (melt_path_attribute_range (values, kinds, G_N_ELEMENTS (values), FALSE, &min, &max));
  g_assert_cmpfloat (min, ==, -2.0);
  g_assert_cmpfloat (max, ==, 7.0);
  /* logarithmic: above 0 only: 3, 0.5, 7 */
  g_assert_true (melt_path_attribute_range (values, kinds, G_N_ELEMENTS (values), TRUE, &min, &max));
  g_assert_cmpfloat (min, ==, 0.5);
  g_assert_cmpfloat (max, ==, 7.0);
  /* every segment: the dwell's 10 counts */
  g_assert_true (melt_path_attribute_range (values, NULL, G_N_ELEMENTS (values), FALSE, &min, &max));
  g_assert_cmpfloat (min, ==, -2.0);
  g_assert_cmpfloat (max, ==, 10.0);
  /* one value: min equals max */
  g_assert_true (melt_path_attribute_range (values, kinds, 1, FALSE, &min, &max));
  g_assert_cmpfloat (min, ==, 3.0);
  g_assert_cmpfloat (max, ==, 3.0);

  /* nothing finite, nothing positive, nothing at all, only travel */
  g_assert_false (melt_path_attribute_range (none, NULL, G_N_ELEMENTS (none), FALSE, &min, &max));
  g_assert_true (isnan (min) && isnan (max));
  g_assert_true (melt_path_attribute_range (negative, NULL, G_N_ELEMENTS (negative), FALSE, &min, &max));
  g_assert_cmpfloat (min, ==, -5.0);
  g_assert_cmpfloat (max, ==, 0.0);
  min = max = 0;
  g_assert_false (melt_path_attribute_range (negative, NULL, G_N_ELEMENTS (negative), TRUE, &min, &max));
  g_assert_true (isnan (min) && isnan (max));
  g_assert_false (melt_path_attribute_range (NULL, NULL, 0, FALSE, &min, &max));
  g_assert_false (melt_path_attribute_range (values, kinds + 1, 1, FALSE, &min, &max));

  /* the toolpath's scale: time over every segment (the first travel at
   * 0 s, the last travel at 31 s), speed over the beads (4 to 10 mm/s),
   * feature over every kind (0 to 3) */
  {
    g_autofree float *times = compute (MELT_PATH_ATTRIBUTE_TIME, toolpath, NULL);
    g_autofree float *speed = compute (MELT_PATH_ATTRIBUTE_SPEED, toolpath, NULL);
    g_autofree float *feature = compute (MELT_PATH_ATTRIBUTE_FEATURE, toolpath, NULL);
    g_autofree float *il = compute (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, toolpath, NULL);

    g_assert_true (melt_path_attribute_range_for_toolpath (MELT_PATH_ATTRIBUTE_TIME, toolpath, times, FALSE, &min, &max));
    g_assert_cmpfloat (min, ==, 0.0);
    g_assert_cmpfloat (max, ==, 31.0);
    /* log: 0 s is left out, the first bead starts at 1 s */
    g_assert_true (melt_path_attribute_range_for_toolpath (MELT_PATH_ATTRIBUTE_TIME, toolpath, times, TRUE, &min, &max));
    g_assert_cmpfloat (min, ==, 1.0);
    g_assert_cmpfloat (max, ==, 31.0);
    g_assert_true (melt_path_attribute_range_for_toolpath (MELT_PATH_ATTRIBUTE_SPEED, toolpath, speed, FALSE, &min, &max));
    g_assert_cmpfloat (min, ==, 4.0);
    g_assert_cmpfloat (max, ==, 10.0);
    g_assert_true (melt_path_attribute_range_for_toolpath (MELT_PATH_ATTRIBUTE_FEATURE, toolpath, feature, FALSE, &min, &max));
    g_assert_cmpfloat (min, ==, 0.0);
    g_assert_cmpfloat (max, ==, 3.0);
    g_assert_true (melt_path_attribute_range_for_toolpath (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, toolpath, il, FALSE, &min, &max));
    assert_close (min, 6.0, 1e-6);
    assert_close (max, 10.5, 1e-6);
  }
}

static MeltContours *
square_with_hole (double side,
                  double hole)
{
  MeltContours *c = melt_contours_new ();
  double h0 = (side - hole) / 2, h1 = h0 + hole;

  melt_contours_begin_polygon (c);
  melt_contours_begin_ring (c);
  melt_contours_add_point (c, 0, 0);
  melt_contours_add_point (c, side, 0);
  melt_contours_add_point (c, side, side);
  melt_contours_add_point (c, 0, side);
  melt_contours_begin_ring (c);
  melt_contours_add_point (c, h0, h0);
  melt_contours_add_point (c, h0, h1);
  melt_contours_add_point (c, h1, h1);
  melt_contours_add_point (c, h1, h0);
  melt_contours_end (c);

  return c;
}

/* A real plan of a preset: heat input is η P / v on every bead, the
 * process model's heat input where the bead runs at the set's power and
 * speed, and the interlayer time is the pause the planner left */
static void
check_planned (const char *preset_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltProcess) process = melt_process_preset_load (preset_id, &error);
  g_autoptr(MeltContours) layer = square_with_hole (40.0, 12.0);
  g_autoptr(MeltToolpath) toolpath = NULL;
  g_autofree float *hi = NULL;
  g_autofree float *il = NULL;
  g_autofree float *rate = NULL;
  const MeltContours *layers[4];
  double z[4];
  MeltProcessDerived derived;
  MeltSegment s;
  double eta, dwell;
  guint n, beads = 0, n_layers = G_N_ELEMENTS (layers);

  g_assert_no_error (error);
  g_assert_nonnull (process);
  g_assert_true (melt_process_evaluate (process, &derived, NULL, &error));
  g_assert_no_error (error);

  if (melt_process_get_kind (process) == MELT_PROCESS_KIND_LASER_WIRE)
    eta = melt_process_get_double (process, MELT_PROCESS_PARAM_LASER_ABSORPTIVITY);
  else
    eta = melt_process_get_double (process, MELT_PROCESS_PARAM_EBEAM_TRANSFER_EFFICIENCY);
  g_assert_cmpfloat (eta, <, 1.0);
  dwell = melt_process_get_double (process, MELT_PROCESS_PARAM_DWELL_S);
  g_assert_cmpfloat (dwell, >, 0.0);

  for (guint i = 0; i < n_layers; i++)
    {
      layers[i] = layer;
      z[i] = (i + 1) * derived.layer_height_mm;
    }
  toolpath = melt_planner_plan_layers (process, layers, z, n_layers, NULL,
                                       NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (toolpath);
  g_assert_cmpuint (melt_toolpath_get_n_layers (toolpath), ==, n_layers);

  hi = compute (MELT_PATH_ATTRIBUTE_HEAT_INPUT, toolpath, process);
  il = compute (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, toolpath, process);
  rate = compute (MELT_PATH_ATTRIBUTE_DEPOSITION_RATE, toolpath, process);
  n = melt_toolpath_get_n_segments (toolpath);
  for (guint i = 0; i < n; i++)
    {
      melt_toolpath_get_segment (toolpath, i, &s);
      if (!melt_segment_kind_deposits (s.kind))
        {
          g_assert_true (isnan (hi[i]));
          g_assert_true (isnan (il[i]));
          continue;
        }
      beads++;
      g_assert_cmpfloat (s.speed_mm_s, >, 0.0);
      assert_close (hi[i], eta * s.power_w / s.speed_mm_s, 1e-6);
      /* the planner runs every bead at the set's power and travel speed */
      assert_close (hi[i], derived.heat_input_j_mm, 1e-5);
      /* and lays the set's bead: η_dep Q, the model's deposition rate */
      assert_close (rate[i], derived.deposition_rate_cm3_h * 1000.0 / 3600.0, 1e-4);
    }
  g_assert_cmpuint (beads, >, 20);

  /* interlayer time, from the segments of each layer */
  for (guint l = 0; l < n_layers; l++)
    {
      guint first, last;
      double first_start = INFINITY, prev_end = -INFINITY;

      melt_toolpath_get_layer_range (toolpath, l, &first, &last);
      for (guint i = first; i < last; i++)
        {
          melt_toolpath_get_segment (toolpath, i, &s);
          if (melt_segment_kind_deposits (s.kind))
            {
              first_start = s.start_time_s;
              break;
            }
        }
      if (l > 0)
        {
          guint pf, pl;

          melt_toolpath_get_layer_range (toolpath, l - 1, &pf, &pl);
          for (guint i = pl; i-- > pf;)
            {
              melt_toolpath_get_segment (toolpath, i, &s);
              if (melt_segment_kind_deposits (s.kind))
                {
                  prev_end = s.start_time_s + s.duration_s;
                  break;
                }
            }
        }

      for (guint i = first; i < last; i++)
        {
          if (!melt_segment_kind_deposits (melt_toolpath_get_kinds (toolpath)[i]))
            continue;
          if (l == 0)
            {
              g_assert_true (isnan (il[i]));
            }
          else
            {
              assert_close (il[i], first_start - prev_end, 1e-5);
              /* the set's dwell is part of the pause */
              g_assert_cmpfloat (il[i], >=, dwell - 1e-3);
            }
        }
    }
}

static void
test_planned (void)
{
  check_planned ("iss-laser-wire-316l");
  check_planned ("ebeam-wire-ti64-helium");
}

/* Ten million segments: every attribute and its range well under a second
 * each (run with -m perf; timing is meaningless under sanitizers) */
static void
test_perf (void)
{
  const guint n = 10000000;
  const guint per_layer = 10000;
  g_autoptr(MeltToolpath) toolpath = NULL;
  g_autoptr(MeltProcess) process = NULL;
  g_autofree float *values = NULL;
  double t = 0, worst = 0;

  if (!g_test_perf ())
    {
      g_test_skip ("run with -m perf");
      return;
    }

  toolpath = melt_toolpath_new ();
  process = melt_process_new (MELT_PROCESS_KIND_LASER_WIRE);
  melt_toolpath_reserve (toolpath, n);
  for (guint i = 0; i < n; i++)
    {
      MeltSegment s = { 0 };
      guint k = i % per_layer;

      s.kind = k == 0 ? MELT_SEGMENT_TRAVEL
             : k == per_layer - 1 ? MELT_SEGMENT_DWELL
             : k % 2 ? MELT_SEGMENT_PERIMETER : MELT_SEGMENT_FILL;
      s.layer = i / per_layer;
      s.speed_mm_s = s.kind == MELT_SEGMENT_DWELL ? 0 : 5 + (i % 7);
      if (melt_segment_kind_deposits (s.kind))
        {
          s.power_w = 1000 + (i % 13);
          s.wire_feed_mm_s = 20;
          s.width_mm = 3;
          s.area_mm2 = 2.6f;
        }
      s.start_time_s = t;
      s.duration_s = s.kind == MELT_SEGMENT_DWELL ? 30.0f : 0.2f;
      s.source_line = MELT_SEGMENT_NO_LINE;
      t += s.duration_s;
      melt_toolpath_append (toolpath, &s);
    }
  g_assert_cmpuint (melt_toolpath_get_n_segments (toolpath), ==, n);

  values = g_new (float, n);
  for (guint a = 0; a < MELT_PATH_N_ATTRIBUTES; a++)
    {
      gint64 begin, middle, end;
      double min, max, seconds;

      begin = g_get_monotonic_time ();
      melt_path_attribute_compute (a, toolpath, process, values);
      middle = g_get_monotonic_time ();
      g_assert_true (melt_path_attribute_range_for_toolpath (a, toolpath, values, FALSE, &min, &max));
      end = g_get_monotonic_time ();

      seconds = (end - begin) / 1e6;
      worst = MAX (worst, seconds);
      g_test_message ("%-16s compute %.3f s, range %.3f s", melt_path_attribute_to_key (a),
                      (middle - begin) / 1e6, (end - middle) / 1e6);
      g_assert_cmpfloat (seconds, <, 0.5);
    }
  /* every layer after the first waits 30 s of dwell plus a travel of 0.2 s */
  assert_close (values[per_layer + 1], 30.2, 1e-4);
  g_test_minimized_result (worst, "slowest attribute (compute + range) over 10 M segments: %.3f s", worst);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/path-attribute/keys", test_keys);
  g_test_add_func ("/core/path-attribute/bad-arguments", test_bad_arguments);
  g_test_add_func ("/core/path-attribute/laser", test_laser);
  g_test_add_func ("/core/path-attribute/ebeam", test_ebeam);
  g_test_add_func ("/core/path-attribute/no-process", test_no_process);
  g_test_add_func ("/core/path-attribute/travel-dwell", test_travel_dwell);
  g_test_add_func ("/core/path-attribute/interlayer", test_interlayer);
  g_test_add_func ("/core/path-attribute/zero-speed", test_zero_speed);
  g_test_add_func ("/core/path-attribute/available", test_available);
  g_test_add_func ("/core/path-attribute/range", test_range);
  g_test_add_func ("/core/path-attribute/planned", test_planned);
  g_test_add_func ("/core/path-attribute/perf-10m", test_perf);

  return g_test_run ();
}
