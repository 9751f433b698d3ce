/* melt-mesh-text.c: numbers in text part files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-mesh"

#include "config.h"

#include <string.h>

#include "melt-mesh-private.h"

static const double exact_powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* The fast path covers what exporters write (up to 19 significant digits,
 * small exponents): the digits are collected exactly in an integer and
 * scaled by one exactly representable power of ten, so the result is
 * correctly rounded. Anything else goes to g_ascii_strtod() on a copy
 * (the text is not NUL-terminated).
 */
const char *
_melt_parse_double (const char *p,
                    const char *end,
                    double     *value)
{
  const char *start = p;
  gboolean negative = FALSE;
  guint64 mantissa = 0;
  int n_digits = 0;
  int dropped = 0;
  int exponent = 0;
  gboolean any_digit = FALSE;
  gboolean inexact = FALSE;

  if (p < end && (*p == '-' || *p == '+'))
    negative = *p++ == '-';

  for (; p < end && g_ascii_isdigit (*p); p++)
    {
      any_digit = TRUE;
      if (n_digits < 19)
        {
          mantissa = mantissa * 10 + (*p - '0');
          n_digits += mantissa != 0;
        }
      else
        dropped++;
    }

  if (p < end && *p == '.')
    {
      for (p++; p < end && g_ascii_isdigit (*p); p++)
        {
          any_digit = TRUE;
          if (n_digits < 19)
            {
              mantissa = mantissa * 10 + (*p - '0');
              n_digits += mantissa != 0;
              exponent--;
            }
          else
            inexact = TRUE;
        }
    }

  if (!any_digit)
    return NULL;

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      const char *q = p + 1;
      gboolean exp_negative = FALSE;
      int e = 0;

      if (q < end && (*q == '-' || *q == '+'))
        exp_negative = *q++ == '-';

      if (q < end && g_ascii_isdigit (*q))
        {
          for (; q < end && g_ascii_isdigit (*q); q++)
            {
              if (e < 100000)
                e = e * 10 + (*q - '0');
            }
          exponent += exp_negative ? -e : e;
          p = q;
        }
    }

  exponent += dropped;

  if (mantissa == 0)
    {
      *value = negative ? -0.0 : 0.0;
      return p;
    }

  if (dropped == 0 && !inexact && mantissa < (G_GUINT64_CONSTANT (1) << 53) &&
      exponent >= -22 && exponent <= 22)
    {
      double d = (double) mantissa;

      if (exponent < 0)
        d /= exact_powers_of_ten[-exponent];
      else
        d *= exact_powers_of_ten[exponent];

      *value = negative ? -d : d;
      return p;
    }
  else
    {
      char buf[128];
      gsize len = p - start;
      char *stop = NULL;

      if (len >= sizeof buf)
        return NULL;

      memcpy (buf, start, len);
      buf[len] = '\0';
      *value = g_ascii_strtod (buf, &stop);

      return stop == buf + len ? p : NULL;
    }
}
