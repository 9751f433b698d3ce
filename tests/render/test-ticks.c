/* test-ticks.c: nice axis ticks and their labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>

#include "melt-ticks.h"

#define N_RANDOM_RANGES 20000

static double
tick (GArray *ticks,
      guint   i)
{
  return g_array_index (ticks, double, i);
}

static void
assert_ticks (GArray       *ticks,
              const double *expected,
              guint         n_expected)
{
  g_assert_cmpuint (ticks->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpfloat (tick (ticks, i), ==, expected[i]);
}

/* Whether @x is m × 10^k for m in @mantissas, to rounding */
static gboolean
is_nice (double     x,
         const int *mantissas,
         guint      n_mantissas)
{
  double e = floor (log10 (x));
  double m = x / pow (10.0, e);

  for (guint i = 0; i < n_mantissas; i++)
    if (fabs (m - mantissas[i]) < 1e-9 * mantissas[i])
      return TRUE;

  /* 10^k can come out as 9.999999 × 10^(k-1) */
  return fabs (m - 10.0) < 1e-9 && mantissas[0] == 1;
}

static void
assert_in_range_increasing (GArray *ticks,
                            double  min,
                            double  max)
{
  for (guint i = 0; i < ticks->len; i++)
    {
      g_assert_cmpfloat (tick (ticks, i), >=, min);
      g_assert_cmpfloat (tick (ticks, i), <=, max);
      if (i > 0)
        g_assert_cmpfloat (tick (ticks, i), >, tick (ticks, i - 1));
    }
}

static void
test_linear_examples (void)
{
  static const double zero_to_hundred[] = { 0, 20, 40, 60, 80, 100 };
  static const double zero_to_one[] = { 0, 0.2, 0.4, 0.6, 0.8, 1.0 };
  static const double tenths[] = { 0.1, 0.2, 0.3 };
  static const double negative[] = { -40, -20, 0, 20 };
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;
  g_autoptr(GArray) c = NULL;
  g_autoptr(GArray) d = NULL;
  g_autoptr(GArray) e = NULL;
  g_autoptr(GArray) f = NULL;
  double step;

  a = melt_ticks_linear (0, 100, 5, &step);
  assert_ticks (a, zero_to_hundred, G_N_ELEMENTS (zero_to_hundred));
  g_assert_cmpfloat (step, ==, 20);

  /* Exactly the decimal values, not 0.6000000000000001 */
  b = melt_ticks_linear (0, 1, 5, &step);
  assert_ticks (b, zero_to_one, G_N_ELEMENTS (zero_to_one));
  g_assert_cmpfloat (step, ==, 0.2);

  /* Ends that are ticks themselves count, despite 0.3 / 0.1 = 2.9999999999999996 */
  c = melt_ticks_linear (0.1, 0.3, 3, &step);
  assert_ticks (c, tenths, G_N_ELEMENTS (tenths));

  /* Backwards is forwards; no -0 */
  d = melt_ticks_linear (25, -45, 4, &step);
  assert_ticks (d, negative, G_N_ELEMENTS (negative));
  g_assert_false (signbit (tick (d, 2)));

  /* One value */
  e = melt_ticks_linear (7.5, 7.5, 5, &step);
  g_assert_cmpuint (e->len, ==, 1);
  g_assert_cmpfloat (tick (e, 0), ==, 7.5);
  g_assert_cmpfloat (step, ==, 0.0);

  /* Nothing finite, nothing shown */
  f = melt_ticks_linear (0, INFINITY, 5, &step);
  g_assert_cmpuint (f->len, ==, 0);
  g_array_unref (melt_ticks_linear (NAN, 1, 5, NULL));
  g_array_unref (melt_ticks_linear (-G_MAXDOUBLE, G_MAXDOUBLE, 5, NULL));
}

static void
test_linear_random (void)
{
  static const int nice[] = { 1, 2, 5 };
  GRand *rand = g_rand_new_with_seed (20240611);
  guint worst_miss = 0;
  double relative_miss = 0.0;

  for (guint r = 0; r < N_RANDOM_RANGES; r++)
    {
      g_autoptr(GArray) ticks = NULL;
      double scale = pow (10.0, g_rand_double_range (rand, -9, 9));
      double min = g_rand_double_range (rand, -1, 1) * scale;
      double max = min + g_rand_double_range (rand, 0.001, 3) * scale;
      guint n_wanted = g_rand_int_range (rand, 2, 13);
      double step;
      guint miss;

      ticks = melt_ticks_linear (min, max, n_wanted, &step);

      assert_in_range_increasing (ticks, min, max);

      /* Two ticks at least, and near the number asked for: 1-2-5 steps are up to
       * 2.5 × apart, so not always close, but never off by more than half; for 2
       * wanted, [-0.43, 0.47] has 1 tick at step 0.5 and 5 at 0.2 */
      g_assert_cmpuint (ticks->len, >=, 2);
      g_assert_cmpfloat (ticks->len, >=, 0.5 * n_wanted);
      g_assert_cmpfloat (ticks->len, <=, MAX (5.0, 1.5 * n_wanted));
      miss = ABS ((int) ticks->len - (int) n_wanted);
      worst_miss = MAX (worst_miss, miss);
      relative_miss += (double) miss / n_wanted;

      /* Steps of 1, 2 or 5 × 10^k; ticks on its multiples, one step apart */
      g_assert_cmpfloat (step, >, 0.0);
      g_assert_true (is_nice (step, nice, G_N_ELEMENTS (nice)));
      for (guint i = 0; i < ticks->len; i++)
        {
          double q = tick (ticks, i) / step;

          g_assert_cmpfloat (fabs (q - round (q)), <, 1e-6);
          if (i > 0)
            g_assert_cmpfloat (fabs (tick (ticks, i) - tick (ticks, i - 1) - step), <, 1e-6 * step);
        }

      /* No room for another multiple outside the first and last */
      g_assert_cmpfloat (tick (ticks, 0) - step, <, min);
      g_assert_cmpfloat (tick (ticks, ticks->len - 1) + step, >, max);
    }

  /* And on average close */
  g_test_message ("largest difference from the tick count asked for: %u, mean %.3f of it",
                  worst_miss, relative_miss / N_RANDOM_RANGES);
  g_assert_cmpfloat (relative_miss / N_RANDOM_RANGES, <, 0.25);
  g_rand_free (rand);
}

static void
test_log_decades (void)
{
  static const double six_decades[] = { 1, 100, 1e4, 1e6 };
  static const int decade[] = { 1 };
  g_autoptr(GArray) a = NULL;
  GRand *rand = g_rand_new_with_seed (17);

  /* Seven powers of ten, five wanted: every second */
  a = melt_ticks_log (1, 1e6, 5);
  assert_ticks (a, six_decades, G_N_ELEMENTS (six_decades));

  /* Many decades: powers of ten only, about as many as asked for */
  for (guint r = 0; r < N_RANDOM_RANGES / 10; r++)
    {
      g_autoptr(GArray) ticks = NULL;
      guint n_wanted = g_rand_int_range (rand, 3, 9);
      double lo = g_rand_double_range (rand, -30, 30);
      double min = pow (10.0, lo);
      double max = pow (10.0, lo + g_rand_double_range (rand, n_wanted + 1, 6 * n_wanted));

      ticks = melt_ticks_log (min, max, n_wanted);
      assert_in_range_increasing (ticks, min, max);
      g_assert_cmpuint (ticks->len, >=, 2);
      g_assert_cmpuint (ticks->len, <=, 2 * n_wanted);
      for (guint i = 0; i < ticks->len; i++)
        {
          double e = log10 (tick (ticks, i));

          g_assert_true (is_nice (tick (ticks, i), decade, 1));
          g_assert_cmpfloat (fabs (e - round (e)), <, 1e-9);
        }
    }

  g_rand_free (rand);
}

static void
test_log_few_decades (void)
{
  static const double two_decades[] = { 1, 2, 5, 10, 20, 50, 100 };
  static const double part_decade[] = { 0.02, 0.05, 0.1, 0.2 };
  static const int nice[] = { 1, 2, 5 };
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;
  g_autoptr(GArray) c = NULL;
  g_autoptr(GArray) d = NULL;
  g_autoptr(GArray) e = NULL;
  GRand *rand = g_rand_new_with_seed (5);

  a = melt_ticks_log (1, 100, 5);
  assert_ticks (a, two_decades, G_N_ELEMENTS (two_decades));

  b = melt_ticks_log (0.015, 0.3, 4);
  assert_ticks (b, part_decade, G_N_ELEMENTS (part_decade));

  /* Inside one decade, 1-2-5 gives one tick: linear ticks instead */
  c = melt_ticks_log (3, 8, 5);
  assert_in_range_increasing (c, 3, 8);
  g_assert_cmpuint (c->len, >=, 4);

  /* Not positive: linear */
  d = melt_ticks_log (0, 100, 5);
  g_assert_cmpuint (d->len, ==, 6);
  g_assert_cmpfloat (tick (d, 1), ==, 20);

  e = melt_ticks_log (1000, 1, 5);
  assert_in_range_increasing (e, 1, 1000);
  g_assert_cmpfloat (tick (e, 0), ==, 1);

  for (guint r = 0; r < N_RANDOM_RANGES / 10; r++)
    {
      g_autoptr(GArray) ticks = NULL;
      double lo = g_rand_double_range (rand, -12, 12);
      double min = pow (10.0, lo);
      double max = pow (10.0, lo + g_rand_double_range (rand, 1.0, 3.0));

      ticks = melt_ticks_log (min, max, 6);
      assert_in_range_increasing (ticks, min, max);
      g_assert_cmpuint (ticks->len, >=, 2);
      for (guint i = 0; i < ticks->len; i++)
        g_assert_true (is_nice (tick (ticks, i), nice, G_N_ELEMENTS (nice)));
    }

  g_rand_free (rand);
}

static void
assert_format (double      value,
               double      step,
               const char *expected)
{
  g_autofree char *label = melt_ticks_format (value, step);

  g_assert_cmpstr (label, ==, expected);
}

static void
test_format (void)
{
  assert_format (0.25, 0.25, "0.25");
  assert_format (0.5, 0.25, "0.50");
  assert_format (1500, 500, "1500");
  assert_format (0, 0.1, "0.0");
  assert_format (-1e-17, 0.1, "0.0");
  assert_format (-0.2, 0.1, "-0.2");
  assert_format (2.5, 2.5, "2.5");
  assert_format (20, 20, "20");
  assert_format (0.002, 0.002, "0.002");
  assert_format (1e-4, 1e-4, "0.0001");

  /* Exponent form for very large and very small steps */
  assert_format (2.5e6, 5e5, "2.5e6");
  assert_format (3e6, 5e5, "3.0e6");
  assert_format (1e6, 1e6, "1e6");
  assert_format (3e5, 1e5, "3e5");
  assert_format (25000, 5000, "25000");
  assert_format (5e-5, 5e-5, "5e-5");
  assert_format (1.5e-4, 5e-5, "1.5e-4");
  assert_format (0, 5e-5, "0");
  assert_format (-2e9, 1e9, "-2e9");
  assert_format (9.96e6, 1e5, "1.00e7");

  /* No step: six significant digits */
  assert_format (3.14159265, 0.0, "3.14159");
  assert_format (12, -1.0, "12");
}

/* Labels of the random linear ranges read back as their ticks, distinct */
static void
test_format_round_trip (void)
{
  GRand *rand = g_rand_new_with_seed (99);

  for (guint r = 0; r < N_RANDOM_RANGES / 10; r++)
    {
      g_autoptr(GArray) ticks = NULL;
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      double scale = pow (10.0, g_rand_double_range (rand, -7, 9));
      double min = g_rand_double_range (rand, -1, 1) * scale;
      double max = min + g_rand_double_range (rand, 0.01, 2) * scale;
      double step;

      ticks = melt_ticks_linear (min, max, 6, &step);
      for (guint i = 0; i < ticks->len; i++)
        {
          char *label = melt_ticks_format (tick (ticks, i), step);
          double back = g_ascii_strtod (label, NULL);

          g_assert_cmpfloat (fabs (back - tick (ticks, i)), <, 1e-6 * step);
          g_assert_false (g_hash_table_contains (seen, label));
          g_hash_table_add (seen, label);
        }
    }

  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  /* The labels follow the locale's decimal separator: test in C */
  setlocale (LC_ALL, "C");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/ticks/linear-examples", test_linear_examples);
  g_test_add_func ("/render/ticks/linear-random", test_linear_random);
  g_test_add_func ("/render/ticks/log-decades", test_log_decades);
  g_test_add_func ("/render/ticks/log-few-decades", test_log_few_decades);
  g_test_add_func ("/render/ticks/format", test_format);
  g_test_add_func ("/render/ticks/format-round-trip", test_format_round_trip);

  return g_test_run ();
}
