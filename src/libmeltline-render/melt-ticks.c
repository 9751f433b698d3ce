/* melt-ticks.c: "nice" axis ticks for linear and logarithmic ranges
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-ticks"

#include "config.h"

#include <float.h>
#include <math.h>

#include "melt-ticks.h"

/* Most ticks anyone gets, whatever they ask for */
#define MAX_TICKS 1000

/* How far past an end of the range a tick may lie, relative to the step, and still
 * count as on the end (0.3 / 0.1 is 2.9999999999999996) */
#define STEP_EPSILON 1e-9

/* Steps per decade, as Heckbert's "nice numbers" (Graphics Gems, 1990) */
static const int nice_mantissas[] = { 1, 2, 5 };

static GArray *
ticks_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

/* 10^e, exactly for |e| <= 22 */
static double
exp10i (int e)
{
  return pow (10.0, e);
}

/* m × 10^e, dividing for e < 0 so that 3 × 10^-1 is 0.3 and not 0.30000000000000004 */
static double
scaled (double m,
        int    e)
{
  return e < 0 ? m / exp10i (-e) : m * exp10i (e);
}

static void
append_clamped (GArray *ticks,
                double  value,
                double  min,
                double  max)
{
  value = CLAMP (value, min, max);
  if (value == 0.0)
    value = 0.0;  /* no -0 */

  /* Below the resolution of doubles two ticks can fall together */
  if (ticks->len > 0 && g_array_index (ticks, double, ticks->len - 1) == value)
    return;

  g_array_append_val (ticks, value);
}

/* How many multiples of m × 10^e lie in [min, max], and the first one's index */
static double
count_multiples (double  min,
                 double  max,
                 int     m,
                 int     e,
                 double *first)
{
  double step = scaled (m, e);
  double i0 = ceil (min / step - STEP_EPSILON);
  double i1 = floor (max / step + STEP_EPSILON);

  if (first != NULL)
    *first = i0;

  return i1 >= i0 ? i1 - i0 + 1.0 : 0.0;
}

/* How far a tick count is from the one asked for; fewer than two ticks cannot show a
 * scale, so they come last */
static double
count_badness (double count,
               guint  n_wanted)
{
  return fabs (count - n_wanted) + (count < 2.0 ? 1e6 : 0.0);
}

/**
 * melt_ticks_linear:
 * @min: one end of the range
 * @max: the other end
 * @n_wanted: about how many ticks to give (at least 2 are aimed for)
 * @step: (out) (optional): the step between the ticks, for melt_ticks_format();
 *   0 when there is at most one tick
 *
 * Ticks for a linear axis: the multiples of a step of 1, 2 or 5 × 10^k that lie in
 * the range, the step chosen to give the number of ticks nearest to @n_wanted (the
 * coarser step on a tie). A range given backwards is taken forwards.
 *
 * A range of one value gives that value alone; a range with an end that is not
 * finite, or one too wide for a double, gives no ticks.
 *
 * Returns: (transfer full) (element-type double): the ticks in increasing order, all
 *   inside [min, max]
 */
GArray *
melt_ticks_linear (double  min,
                   double  max,
                   guint   n_wanted,
                   double *step)
{
  GArray *ticks = ticks_new ();
  double span, best_badness = INFINITY, first = 0.0, count;
  int best_m = 0, best_e = 0, e0;

  if (step != NULL)
    *step = 0.0;

  if (!isfinite (min) || !isfinite (max))
    return ticks;

  if (min > max)
    {
      double swap = min;

      min = max;
      max = swap;
    }

  span = max - min;
  if (!isfinite (span))
    return ticks;

  /* One value, or a range narrower than doubles resolve at its magnitude */
  if (span <= 64.0 * DBL_EPSILON * MAX (fabs (min), fabs (max)) || span < DBL_MIN)
    {
      append_clamped (ticks, min, min, max);
      return ticks;
    }

  n_wanted = CLAMP (n_wanted, 2, MAX_TICKS);
  e0 = (int) floor (log10 (span / n_wanted));

  for (int e = e0 - 1; e <= e0 + 1; e++)
    for (guint j = 0; j < G_N_ELEMENTS (nice_mantissas); j++)
      {
        double candidate = scaled (nice_mantissas[j], e);
        double badness;

        if (!(candidate > 0.0) || !isfinite (candidate))
          continue;

        badness = count_badness (count_multiples (min, max, nice_mantissas[j], e, NULL), n_wanted);
        /* Candidates come from fine to coarse: <= keeps the coarser on a tie */
        if (badness <= best_badness)
          {
            best_badness = badness;
            best_m = nice_mantissas[j];
            best_e = e;
          }
      }

  if (best_m == 0)
    {
      append_clamped (ticks, min, min, max);
      return ticks;
    }

  count = count_multiples (min, max, best_m, best_e, &first);
  count = MIN (count, MAX_TICKS);
  for (double i = 0; i < count; i++)
    append_clamped (ticks, scaled ((first + i) * best_m, best_e), min, max);

  if (step != NULL && ticks->len > 1)
    *step = scaled (best_m, best_e);

  return ticks;
}

/* The ticks m × 10^e in [min, max] for m in @mantissas and e a multiple of @stride */
static GArray *
log_ticks (double     min,
           double     max,
           const int *mantissas,
           guint      n_mantissas,
           int        stride)
{
  GArray *ticks = ticks_new ();
  int e0 = (int) floor (log10 (min));
  int e1 = (int) floor (log10 (max));

  for (int e = e0; e <= e1 && ticks->len < MAX_TICKS; e++)
    {
      if (e % stride != 0)
        continue;

      for (guint j = 0; j < n_mantissas; j++)
        {
          double value = scaled (mantissas[j], e);

          if (value >= min * (1.0 - STEP_EPSILON) && value <= max * (1.0 + STEP_EPSILON))
            append_clamped (ticks, value, min, max);
        }
    }

  return ticks;
}

/**
 * melt_ticks_log:
 * @min: one end of the range, above 0 for logarithmic ticks
 * @max: the other end, above 0 for logarithmic ticks
 * @n_wanted: about how many ticks to give
 *
 * Ticks for a logarithmic axis: the powers of ten in the range, every second, fifth
 * (or further) one when there are many more decades than @n_wanted; or, over a few
 * decades, 1, 2 and 5 × 10^k, whichever comes nearer to @n_wanted (the 1-2-5 ticks on
 * a tie).
 *
 * When neither gives two ticks (a range inside one decade, as 3 to 8), or the range
 * is not wholly positive, the ticks are those of melt_ticks_linear().
 *
 * Format each tick with melt_ticks_format (tick, tick).
 *
 * Returns: (transfer full) (element-type double): the ticks in increasing order, all
 *   inside [min, max]
 */
GArray *
melt_ticks_log (double min,
                double max,
                guint  n_wanted)
{
  static const int decade[] = { 1 };
  static const int strides[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 };
  g_autoptr(GArray) decades = NULL;
  g_autoptr(GArray) sub = NULL;
  double n_decades;

  if (min > max)
    {
      double swap = min;

      min = max;
      max = swap;
    }

  if (!(min > 0.0) || !isfinite (max) || min == max)
    return melt_ticks_linear (min, max, n_wanted, NULL);

  n_wanted = CLAMP (n_wanted, 2, MAX_TICKS);

  /* Powers of ten in range, thinned to about n_wanted (the thinner on a tie);
   * 10^0 stays when in range */
  for (guint i = 0; i < G_N_ELEMENTS (strides); i++)
    {
      g_autoptr(GArray) candidate = log_ticks (min, max, decade, G_N_ELEMENTS (decade), strides[i]);

      if (decades == NULL ||
          count_badness (candidate->len, n_wanted) <= count_badness (decades->len, n_wanted))
        {
          g_clear_pointer (&decades, g_array_unref);
          decades = g_steal_pointer (&candidate);
        }
    }

  n_decades = floor (log10 (max) + STEP_EPSILON) - ceil (log10 (min) - STEP_EPSILON) + 1.0;

  /* Over few decades, 2 and 5 in between */
  if (n_decades <= n_wanted)
    sub = log_ticks (min, max, nice_mantissas, G_N_ELEMENTS (nice_mantissas), 1);

  if (sub != NULL && count_badness (sub->len, n_wanted) <= count_badness (decades->len, n_wanted))
    {
      if (sub->len >= 2)
        return g_steal_pointer (&sub);
    }
  else if (decades->len >= 2)
    {
      return g_steal_pointer (&decades);
    }

  return melt_ticks_linear (min, max, n_wanted, NULL);
}

/* The exponent of the last significant digit of @step: 2 for 500, -2 for 0.25, 5 for
 * 2.5e6 */
static int
last_digit_exponent (double step)
{
  int e = (int) floor (log10 (step));

  for (int q = e; q > e - 15; q--)
    {
      double r = q < 0 ? step * exp10i (-q) : step / exp10i (q);

      if (fabs (r - round (r)) <= 1e-6 * r)
        return q;
    }

  return e - 15;
}

/**
 * melt_ticks_format:
 * @value: a tick
 * @step: the step between ticks, from melt_ticks_linear(); for logarithmic ticks
 *   the tick itself
 *
 * Prints a tick with just the decimals the step needs, the same number for every
 * tick of an axis: step 0.25 gives "0.25" and "1.50", step 500 gives "1500". Steps of
 * 100 000 or more, or below 0.0001, give exponent form, where six-digit numbers
 * would need counting: "2.5e6" (step 500 000), "5e-5".
 *
 * The decimal separator is the locale's, as for any number shown to the user. A @step
 * that is not above 0 prints @value to six significant digits.
 *
 * Returns: (transfer full): the label
 */
char *
melt_ticks_format (double value,
                   double step)
{
  int q, decimals;

  if (!isfinite (value) || !(step > 0.0) || !isfinite (step))
    return g_strdup_printf ("%.6g", value);

  q = last_digit_exponent (step);

  /* Values within rounding of zero print as "0", never "-0.00" */
  if (fabs (value) < 0.5 * exp10i (q))
    value = 0.0;

  if (step >= 1e5 || step < 1e-4)
    {
      double mantissa;
      int e;

      if (value == 0.0)
        return g_strdup ("0");

      e = (int) floor (log10 (fabs (value)));
      decimals = CLAMP (e - q, 0, 15);
      mantissa = value / exp10i (e);

      /* 9.96 with one decimal rounds to 10.0 */
      if (fabs (round (mantissa * exp10i (decimals))) >= 10.0 * exp10i (decimals))
        {
          e++;
          decimals = CLAMP (e - q, 0, 15);
          mantissa = value / exp10i (e);
        }

      return g_strdup_printf ("%.*fe%d", decimals, mantissa, e);
    }

  decimals = CLAMP (-q, 0, 15);
  return g_strdup_printf ("%.*f", decimals, value);
}
