/* test-colormap.c: the preview's colour map, feature colours and normalization
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "melt-colormap.h"
#include "melt-toolpath.h"

/* Colour science done here independently of melt-colormap.c (which works in OKLab):
 * sRGB to CIE XYZ (D65) to CIELAB. */

static double
srgb_to_linear (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
relative_luminance (const float rgb[3])
{
  return 0.2126 * srgb_to_linear (rgb[0]) + 0.7152 * srgb_to_linear (rgb[1]) + 0.0722 * srgb_to_linear (rgb[2]);
}

static double
lab_f (double v)
{
  return v > 216.0 / 24389.0 ? cbrt (v) : (24389.0 / 27.0 * v + 16.0) / 116.0;
}

static void
srgb_to_cielab (const float rgb[3],
                double      lab[3])
{
  double r = srgb_to_linear (rgb[0]);
  double g = srgb_to_linear (rgb[1]);
  double b = srgb_to_linear (rgb[2]);
  double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
  double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;

  lab[0] = 116.0 * lab_f (y) - 16.0;
  lab[1] = 500.0 * (lab_f (x) - lab_f (y));
  lab[2] = 200.0 * (lab_f (y) - lab_f (z));
}

static double
lightness (double t)
{
  float rgb[3];
  double lab[3];

  melt_colormap_lookup (t, rgb);
  srgb_to_cielab (rgb, lab);

  return lab[0];
}

static double
delta_e (const float a[3],
         const float b[3])
{
  double la[3], lb[3];

  srgb_to_cielab (a, la);
  srgb_to_cielab (b, lb);

  return sqrt ((la[0] - lb[0]) * (la[0] - lb[0]) +
               (la[1] - lb[1]) * (la[1] - lb[1]) +
               (la[2] - lb[2]) * (la[2] - lb[2]));
}

static void
assert_rgb_equal (const float a[3],
                  const float b[3])
{
  for (guint k = 0; k < 3; k++)
    g_assert_cmpfloat (a[k], ==, b[k]);
}

static void
test_endpoints (void)
{
  float low[3], mid[3], high[3];

  melt_colormap_lookup (0.0, low);
  melt_colormap_lookup (0.5, mid);
  melt_colormap_lookup (1.0, high);

  /* Dark blue-violet: blue strongest, then red, little green */
  g_assert_cmpfloat (lightness (0.0), <, 25.0);
  g_assert_cmpfloat (low[2], >, low[0]);
  g_assert_cmpfloat (low[0], >, low[1]);
  g_assert_cmpfloat (low[2], >, 0.2f);

  /* Teal in the middle: green and blue over red */
  g_assert_cmpfloat (mid[1], >, mid[0] + 0.2f);
  g_assert_cmpfloat (mid[2], >, mid[0] + 0.2f);

  /* Light yellow */
  g_assert_cmpfloat (lightness (1.0), >, 85.0);
  g_assert_cmpfloat (high[0], >, 0.9f);
  g_assert_cmpfloat (high[1], >, 0.85f);
  g_assert_cmpfloat (high[2], <, 0.5f);
}

static void
test_in_gamut (void)
{
  for (guint i = 0; i <= 4096; i++)
    {
      float rgb[3];

      melt_colormap_lookup (i / 4096.0, rgb);
      for (guint k = 0; k < 3; k++)
        {
          g_assert_true (isfinite (rgb[k]));
          g_assert_cmpfloat (rgb[k], >=, 0.0f);
          g_assert_cmpfloat (rgb[k], <=, 1.0f);
        }
    }
}

static void
test_lightness_monotonic (void)
{
  double previous = lightness (0.0);

  for (guint i = 1; i <= 1024; i++)
    {
      double l = lightness (i / 1024.0);

      g_assert_cmpfloat (l, >, previous);
      previous = l;
    }
}

/* Equal steps of t are about equal steps of lightness and of colour */
static void
test_uniform (void)
{
  const guint n = 32;
  double min_dl = INFINITY, max_dl = 0.0, min_de = INFINITY, max_de = 0.0;

  for (guint i = 0; i < n; i++)
    {
      float a[3], b[3];
      double dl = lightness ((i + 1.0) / n) - lightness ((double) i / n);
      double de;

      melt_colormap_lookup ((double) i / n, a);
      melt_colormap_lookup ((i + 1.0) / n, b);
      de = delta_e (a, b);

      min_dl = MIN (min_dl, dl);
      max_dl = MAX (max_dl, dl);
      min_de = MIN (min_de, de);
      max_de = MAX (max_de, de);
    }

  /* Lightness spans at least 75 of L*'s 100 */
  g_assert_cmpfloat (lightness (1.0) - lightness (0.0), >, 75.0);
  g_assert_cmpfloat (max_dl / min_dl, <, 2.0);
  /* CIELAB exaggerates differences of blue and yellow chroma; still within 2.5 × */
  g_assert_cmpfloat (max_de / min_de, <, 2.5);
}

static void
test_clamp (void)
{
  float a[3], b[3];

  melt_colormap_lookup (0.0, a);
  melt_colormap_lookup (-0.5, b);
  assert_rgb_equal (a, b);
  melt_colormap_lookup (-INFINITY, b);
  assert_rgb_equal (a, b);

  melt_colormap_lookup (1.0, a);
  melt_colormap_lookup (7.0, b);
  assert_rgb_equal (a, b);
  melt_colormap_lookup (INFINITY, b);
  assert_rgb_equal (a, b);
}

static void
test_nan_grey (void)
{
  float rgb[3];

  melt_colormap_lookup (NAN, rgb);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpfloat (rgb[k], ==, MELT_COLORMAP_NAN_GREY);
  g_assert_cmpfloat (MELT_COLORMAP_NAN_GREY, ==, 0.5f);

  /* The grey is not on the map: it must not read as a value */
  for (guint i = 0; i <= 256; i++)
    {
      float on_map[3];

      melt_colormap_lookup (i / 256.0, on_map);
      g_assert_cmpfloat (delta_e (rgb, on_map), >, 10.0);
    }
}

static void
test_lut (void)
{
  const guint n = 256;
  g_autofree guint8 *lut = g_malloc (4 * (n + 1));

  /* One entry past the end must stay untouched */
  memset (lut, 0xa5, 4 * (n + 1));
  melt_colormap_fill_lut (lut, n);

  for (guint i = 0; i < n; i++)
    {
      float rgb[3];

      melt_colormap_lookup ((double) i / (n - 1), rgb);
      for (guint k = 0; k < 3; k++)
        g_assert_cmpint (lut[4 * i + k], ==, (int) lrint (rgb[k] * 255.0));
      g_assert_cmpint (lut[4 * i + 3], ==, 255);
    }

  for (guint k = 0; k < 4; k++)
    g_assert_cmpint (lut[4 * n + k], ==, 0xa5);

  /* The lookup table's lightness rises too, but for what rounding to 8 bits can take
   * away (a quarter of L*) between neighbours */
  for (guint i = 1; i < n; i++)
    {
      float a[3], b[3];
      double la[3], lb[3];

      for (guint k = 0; k < 3; k++)
        {
          a[k] = lut[4 * (i - 1) + k] / 255.0f;
          b[k] = lut[4 * i + k] / 255.0f;
        }
      srgb_to_cielab (a, la);
      srgb_to_cielab (b, lb);
      g_assert_cmpfloat (lb[0], >, la[0] - 0.25);

      if (i >= 4)
        {
          for (guint k = 0; k < 3; k++)
            a[k] = lut[4 * (i - 4) + k] / 255.0f;
          srgb_to_cielab (a, la);
          g_assert_cmpfloat (lb[0], >, la[0]);
        }
    }

  /* One entry: the low end; none: nothing written */
  {
    guint8 one[4];
    float rgb[3];

    melt_colormap_fill_lut (one, 1);
    melt_colormap_lookup (0.0, rgb);
    g_assert_cmpint (one[0], ==, (int) lrint (rgb[0] * 255.0));
    g_assert_cmpint (one[3], ==, 255);
    melt_colormap_fill_lut (NULL, 0);
  }
}

static void
test_features (void)
{
  float colors[MELT_COLORMAP_N_FEATURES][3];
  float white[3] = { 1, 1, 1 };
  float dark[3] = { 0.098f, 0.106f, 0.122f };
  float rgb[3];
  double lab[3];

  g_assert_cmpint (MELT_COLORMAP_N_FEATURES, ==, MELT_SEGMENT_DWELL + 1);

  for (guint i = 0; i < MELT_COLORMAP_N_FEATURES; i++)
    {
      double y;

      melt_colormap_feature_color (i, colors[i]);
      y = relative_luminance (colors[i]);

      /* WCAG contrast of 3:1 or more against white and the viewport's dark */
      g_assert_cmpfloat ((1.0 + 0.05) / (y + 0.05), >=, 3.0);
      g_assert_cmpfloat ((y + 0.05) / (relative_luminance (dark) + 0.05), >=, 3.0);
      g_assert_cmpfloat (delta_e (colors[i], white), >, 30.0);
    }

  for (guint i = 0; i < MELT_COLORMAP_N_FEATURES; i++)
    for (guint j = i + 1; j < MELT_COLORMAP_N_FEATURES; j++)
      g_assert_cmpfloat (delta_e (colors[i], colors[j]), >, 25.0);

  /* Perimeter and fill, the two that lay metal, far apart */
  g_assert_cmpfloat (delta_e (colors[MELT_SEGMENT_PERIMETER], colors[MELT_SEGMENT_FILL]), >, 35.0);

  /* Perimeter warm orange: red over green over blue */
  g_assert_cmpfloat (colors[MELT_SEGMENT_PERIMETER][0], >, colors[MELT_SEGMENT_PERIMETER][1]);
  g_assert_cmpfloat (colors[MELT_SEGMENT_PERIMETER][1], >, colors[MELT_SEGMENT_PERIMETER][2]);

  /* Travel muted blue-grey: low CIELAB chroma, blue over red */
  srgb_to_cielab (colors[MELT_SEGMENT_TRAVEL], lab);
  g_assert_cmpfloat (hypot (lab[1], lab[2]), <, 25.0);
  g_assert_cmpfloat (lab[2], <, 0.0);
  g_assert_cmpfloat (colors[MELT_SEGMENT_TRAVEL][2], >, colors[MELT_SEGMENT_TRAVEL][0]);

  /* Unknown kinds: the NaN grey */
  melt_colormap_feature_color (MELT_COLORMAP_N_FEATURES, rgb);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpfloat (rgb[k], ==, MELT_COLORMAP_NAN_GREY);
  melt_colormap_feature_color (G_MAXUINT, rgb);
  g_assert_cmpfloat (rgb[0], ==, MELT_COLORMAP_NAN_GREY);
}

static void
test_normalize_linear (void)
{
  g_assert_cmpfloat (melt_colormap_normalize (5.0, 0.0, 10.0, FALSE), ==, 0.5);
  g_assert_cmpfloat (melt_colormap_normalize (0.0, 0.0, 10.0, FALSE), ==, 0.0);
  g_assert_cmpfloat (melt_colormap_normalize (10.0, 0.0, 10.0, FALSE), ==, 1.0);
  g_assert_cmpfloat_with_epsilon (melt_colormap_normalize (-2.5, -5.0, 5.0, FALSE), 0.25, 1e-12);

  /* Clamped */
  g_assert_cmpfloat (melt_colormap_normalize (-3.0, 0.0, 10.0, FALSE), ==, 0.0);
  g_assert_cmpfloat (melt_colormap_normalize (30.0, 0.0, 10.0, FALSE), ==, 1.0);
  g_assert_cmpfloat (melt_colormap_normalize (INFINITY, 0.0, 10.0, FALSE), ==, 1.0);
  g_assert_cmpfloat (melt_colormap_normalize (-INFINITY, 0.0, 10.0, FALSE), ==, 0.0);

  /* Backwards: the map turns around */
  g_assert_cmpfloat_with_epsilon (melt_colormap_normalize (2.0, 10.0, 0.0, FALSE), 0.8, 1e-12);

  /* Degenerate */
  g_assert_cmpfloat (melt_colormap_normalize (3.0, 3.0, 3.0, FALSE), ==, 0.5);
  g_assert_cmpfloat (melt_colormap_normalize (-7.0, 3.0, 3.0, FALSE), ==, 0.5);
  g_assert_cmpfloat (melt_colormap_normalize (1.0, NAN, 3.0, FALSE), ==, 0.5);
  g_assert_cmpfloat (melt_colormap_normalize (1.0, 0.0, INFINITY, FALSE), ==, 0.5);
  g_assert_true (isnan (melt_colormap_normalize (NAN, 0.0, 1.0, FALSE)));
}

static void
test_normalize_log (void)
{
  g_assert_cmpfloat_with_epsilon (melt_colormap_normalize (10.0, 1.0, 100.0, TRUE), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (melt_colormap_normalize (1.0, 0.1, 1000.0, TRUE), 0.25, 1e-12);
  g_assert_cmpfloat (melt_colormap_normalize (1.0, 1.0, 100.0, TRUE), ==, 0.0);
  g_assert_cmpfloat (melt_colormap_normalize (100.0, 1.0, 100.0, TRUE), ==, 1.0);
  /* Differs from the linear mapping */
  g_assert_cmpfloat (fabs (melt_colormap_normalize (10.0, 1.0, 100.0, FALSE) - 0.5), >, 0.1);

  /* Values of 0 or less lie below any positive minimum */
  g_assert_cmpfloat (melt_colormap_normalize (0.0, 1.0, 100.0, TRUE), ==, 0.0);
  g_assert_cmpfloat (melt_colormap_normalize (-5.0, 1.0, 100.0, TRUE), ==, 0.0);
  g_assert_cmpfloat (melt_colormap_normalize (-5.0, 100.0, 1.0, TRUE), ==, 1.0);
  g_assert_cmpfloat (melt_colormap_normalize (1e9, 1.0, 100.0, TRUE), ==, 1.0);

  /* A range that is not positive falls back to linear */
  g_assert_cmpfloat (melt_colormap_normalize (5.0, 0.0, 10.0, TRUE), ==, 0.5);
  g_assert_cmpfloat (melt_colormap_normalize (0.0, -10.0, 10.0, TRUE), ==, 0.5);

  /* Degenerate */
  g_assert_cmpfloat (melt_colormap_normalize (4.0, 2.0, 2.0, TRUE), ==, 0.5);
  g_assert_true (isnan (melt_colormap_normalize (NAN, 1.0, 10.0, TRUE)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/colormap/endpoints", test_endpoints);
  g_test_add_func ("/render/colormap/in-gamut", test_in_gamut);
  g_test_add_func ("/render/colormap/lightness-monotonic", test_lightness_monotonic);
  g_test_add_func ("/render/colormap/uniform", test_uniform);
  g_test_add_func ("/render/colormap/clamp", test_clamp);
  g_test_add_func ("/render/colormap/nan-grey", test_nan_grey);
  g_test_add_func ("/render/colormap/lut", test_lut);
  g_test_add_func ("/render/colormap/features", test_features);
  g_test_add_func ("/render/colormap/normalize-linear", test_normalize_linear);
  g_test_add_func ("/render/colormap/normalize-log", test_normalize_log);

  return g_test_run ();
}
