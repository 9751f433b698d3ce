/* melt-colormap.c: the colour scales of the deposition-path preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-colormap"

#include "config.h"

#include <math.h>

#include "melt-colormap.h"

/* The sequential map runs from a dark blue-violet through blue, teal and green to a
 * light yellow, as viridis does, and has its properties:
 *
 * - Lightness rises steadily with t, so the order of values reads in grey, in print
 *   and to every kind of colour vision; the hue path avoids telling values apart by
 *   red against green alone.
 * - Equal steps in t are nearly equal steps in perceived colour.
 *
 * The control points were computed for Meltline, in OKLab (Björn Ottosson, 2020):
 * along a curve with L rising linearly from 0.27 to 0.93, hue (OKLCh) turning
 * linearly from 305° to 102° and chroma 0.118 - 0.13 s + 0.17 s² + 0.05 exp(-((s -
 * 0.8) / 0.12)²), which stays inside the sRGB gamut everywhere, eleven points were
 * taken at equal arc length (Euclidean distance in OKLab). Between them a uniform
 * Catmull-Rom spline in OKLab keeps the map smooth (no Mach bands at the knots);
 * along it the colour difference per step of t varies by less than 10 %.
 */
static const float control_points[][3] = {
  /* L, a, b */
  { 0.2700f, +0.0677f, -0.0967f },
  { 0.3386f, +0.0256f, -0.1032f },
  { 0.4091f, -0.0133f, -0.0972f },
  { 0.4809f, -0.0467f, -0.0814f },
  { 0.5531f, -0.0738f, -0.0575f },
  { 0.6250f, -0.0940f, -0.0266f },
  { 0.6940f, -0.1131f, +0.0107f },
  { 0.7530f, -0.1376f, +0.0600f },
  { 0.8099f, -0.1314f, +0.1145f },
  { 0.8689f, -0.0832f, +0.1396f },
  { 0.9300f, -0.0335f, +0.1576f },
};

#define N_CONTROL_POINTS G_N_ELEMENTS (control_points)

/* Path features, sRGB, in the order of MeltSegmentKind. Chosen in OKLCh so that each
 * has a relative luminance between 0.18 and 0.29: at least 3.3:1 against white and
 * against the dark bottom of the viewport, 2:1 or more against its lighter top. Their
 * smallest pairwise difference in OKLab is 0.10, also as seen with protanopia,
 * deuteranopia and tritanopia (Machado et al. 2009).
 */
static const guint8 feature_colors[MELT_COLORMAP_N_FEATURES][3] = {
  { 0xd8, 0x78, 0x3d },  /* perimeter: warm orange */
  { 0xd8, 0x34, 0x62 },  /* fill: raspberry red */
  { 0x78, 0x97, 0xaa },  /* travel: muted blue-grey */
  { 0x8b, 0x67, 0xc3 },  /* dwell: violet */
};

static void
grey (float rgb[3])
{
  rgb[0] = rgb[1] = rgb[2] = MELT_COLORMAP_NAN_GREY;
}

/* Control point @i, continued linearly past either end */
static void
control_point (int   i,
               float p[3])
{
  const int last = (int) N_CONTROL_POINTS - 1;

  for (guint k = 0; k < 3; k++)
    {
      if (i < 0)
        p[k] = 2.0f * control_points[0][k] - control_points[1][k];
      else if (i > last)
        p[k] = 2.0f * control_points[last][k] - control_points[last - 1][k];
      else
        p[k] = control_points[i][k];
    }
}

static float
linear_to_srgb (float c)
{
  c = CLAMP (c, 0.0f, 1.0f);

  if (c <= 0.0031308f)
    return 12.92f * c;

  return 1.055f * powf (c, 1.0f / 2.4f) - 0.055f;
}

/* OKLab to sRGB, clamped into the gamut (the curve lies inside it; this only
 * absorbs rounding) */
static void
oklab_to_srgb (const float lab[3],
               float       rgb[3])
{
  float l_ = lab[0] + 0.3963377774f * lab[1] + 0.2158037573f * lab[2];
  float m_ = lab[0] - 0.1055613458f * lab[1] - 0.0638541728f * lab[2];
  float s_ = lab[0] - 0.0894841775f * lab[1] - 1.2914855480f * lab[2];
  float l = l_ * l_ * l_;
  float m = m_ * m_ * m_;
  float s = s_ * s_ * s_;

  rgb[0] = linear_to_srgb (+4.0767416621f * l - 3.3077115913f * m + 0.2309699292f * s);
  rgb[1] = linear_to_srgb (-1.2684380046f * l + 2.6097574011f * m - 0.3413193965f * s);
  rgb[2] = linear_to_srgb (-0.0041960863f * l - 0.7034186147f * m + 1.7076147010f * s);
}

/**
 * melt_colormap_lookup:
 * @t: where on the map, 0 (low, dark blue-violet) to 1 (high, light yellow)
 * @rgb: (out): the colour, sRGB-encoded components in [0, 1]
 *
 * Looks up the sequential colour map. @t is clamped to [0, 1]; NaN gives a
 * neutral mid grey (#MELT_COLORMAP_NAN_GREY in each component), which is not on
 * the map, for values that are missing.
 */
void
melt_colormap_lookup (double t,
                      float  rgb[3])
{
  float p[4][3], lab[3];
  double x, u;
  int i;

  g_return_if_fail (rgb != NULL);

  if (isnan (t))
    {
      grey (rgb);
      return;
    }

  t = CLAMP (t, 0.0, 1.0);
  x = t * (N_CONTROL_POINTS - 1);
  i = MIN ((int) x, (int) N_CONTROL_POINTS - 2);
  u = x - i;

  for (int k = 0; k < 4; k++)
    control_point (i - 1 + k, p[k]);

  /* Uniform Catmull-Rom between p[1] (u = 0) and p[2] (u = 1) */
  for (guint k = 0; k < 3; k++)
    lab[k] = 0.5 * (2.0 * p[1][k]
                    + (p[2][k] - p[0][k]) * u
                    + (2.0 * p[0][k] - 5.0 * p[1][k] + 4.0 * p[2][k] - p[3][k]) * u * u
                    + (3.0 * (p[1][k] - p[2][k]) + p[3][k] - p[0][k]) * u * u * u);

  oklab_to_srgb (lab, rgb);
}

static guint8
to_byte (float c)
{
  return (guint8) lrintf (CLAMP (c, 0.0f, 1.0f) * 255.0f);
}

/**
 * melt_colormap_fill_lut:
 * @rgba: (out caller-allocates) (array length=n): 4 × @n bytes
 * @n: the number of entries
 *
 * Samples the map into a lookup table of @n RGBA entries, sRGB-encoded 8-bit with
 * alpha 255. Entry i holds the colour of t = i / (n - 1), so the first and last
 * entries are the ends of the map (a texture sampled with linear filtering should be
 * addressed at (t × (n - 1) + 0.5) / n). One entry holds the low end.
 */
void
melt_colormap_fill_lut (guint8 *rgba,
                        guint   n)
{
  g_return_if_fail (rgba != NULL || n == 0);

  for (guint i = 0; i < n; i++)
    {
      float rgb[3];

      melt_colormap_lookup (n > 1 ? (double) i / (n - 1) : 0.0, rgb);
      rgba[4 * i + 0] = to_byte (rgb[0]);
      rgba[4 * i + 1] = to_byte (rgb[1]);
      rgba[4 * i + 2] = to_byte (rgb[2]);
      rgba[4 * i + 3] = 255;
    }
}

/**
 * melt_colormap_feature_color:
 * @kind: a #MeltSegmentKind: 0 perimeter, 1 fill, 2 travel, 3 dwell
 * @rgb: (out): the colour, sRGB-encoded components in [0, 1]
 *
 * The colour of a kind of path feature when the preview shows features rather than
 * a value: perimeter warm orange, fill raspberry red, travel muted blue-grey, dwell
 * violet; each reads on white and on the dark viewport. An unknown @kind gives the
 * neutral grey of melt_colormap_lookup() for NaN.
 */
void
melt_colormap_feature_color (guint kind,
                             float rgb[3])
{
  g_return_if_fail (rgb != NULL);

  if (kind >= MELT_COLORMAP_N_FEATURES)
    {
      grey (rgb);
      return;
    }

  for (guint k = 0; k < 3; k++)
    rgb[k] = feature_colors[kind][k] / 255.0f;
}

/**
 * melt_colormap_normalize:
 * @value: a value, in the units of @min and @max
 * @min: the value shown at t = 0
 * @max: the value shown at t = 1 (below @min turns the map around)
 * @log_scale: whether to place values by their logarithm
 *
 * Places @value on the map, as t in [0, 1]; values outside the range are clamped
 * to its ends.
 *
 * With @log_scale, t follows log10 (@value). The range must then be positive: if
 * @min or @max is 0 or less the linear mapping is used instead. On a positive
 * range, a @value of 0 or less lies below any positive minimum and gives the low
 * end (the high end when @min > @max).
 *
 * Returns: t in [0, 1]; 0.5 when @min equals @max (or either is not finite); NaN
 *   when @value is NaN, which melt_colormap_lookup() shows grey
 */
double
melt_colormap_normalize (double   value,
                         double   min,
                         double   max,
                         gboolean log_scale)
{
  double t;

  if (isnan (value))
    return NAN;

  if (!isfinite (min) || !isfinite (max) || min == max)
    return 0.5;

  if (log_scale && min > 0.0 && max > 0.0)
    {
      double lmin = log10 (min);
      double lmax = log10 (max);
      double lvalue = value > 0.0 ? log10 (value) : -INFINITY;

      t = (lvalue - lmin) / (lmax - lmin);
    }
  else
    {
      t = (value - min) / (max - min);
    }

  /* An infinite value over a tiny range, or ∞ / ∞, must not slip through as NaN */
  if (isnan (t))
    return 0.5;

  return CLAMP (t, 0.0, 1.0);
}
