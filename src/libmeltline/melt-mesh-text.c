/* melt-mesh-text.c: numbers, words and lines in text part files (ASCII STL, OBJ)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-mesh"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
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
 * (the text is not NUL-terminated): on the stack, or on the heap for the
 * rare number longer than 127 characters (“0.000…0001”).
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
      char stack_buf[128];
      g_autofree char *heap_buf = NULL;
      char *buf = stack_buf;
      gsize len = p - start;
      char *stop = NULL;

      if (len >= sizeof stack_buf)
        buf = heap_buf = g_malloc (len + 1);

      memcpy (buf, start, len);
      buf[len] = '\0';
      *value = g_ascii_strtod (buf, &stop);

      return stop == buf + len ? p : NULL;
    }
}

/* “nan”, “inf”, “-Infinity” and such: numbers, but not finite ones */
static gboolean
word_names_non_finite (const char *word,
                       gsize       len)
{
  if (len > 0 && (*word == '+' || *word == '-'))
    {
      word++;
      len--;
    }

  return len >= 3 &&
         (g_ascii_strncasecmp (word, "nan", 3) == 0 ||
          g_ascii_strncasecmp (word, "inf", 3) == 0);
}

gboolean
_melt_text_parse_coordinate (const MeltMeshReader  *reader,
                             guint                  line,
                             const char            *word,
                             const char            *word_end,
                             float                 *value,
                             GError               **error)
{
  const char *after;
  double d;

  after = _melt_parse_double (word, word_end, &d);

  if (after != word_end)
    {
      g_autofree char *found = _melt_text_quote (word, word_end - word);

      if (_melt_text_control_error (reader, line, word, word_end - word, error))
        return FALSE;

      if (word_names_non_finite (word, word_end - word))
        g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_BAD_NUMBER,
                     /* TRANSLATORS: “%s” is a file name, %u a line number, “%s” the word found */
                     _("“%s”: line %u: expected a finite coordinate, found “%s”"),
                     reader->display_name, line, found);
      else
        g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_SYNTAX,
                     /* TRANSLATORS: “%s” is a file name, %u a line number, “%s” the word found */
                     _("“%s”: line %u: expected a coordinate (a number), found “%s”"),
                     reader->display_name, line, found);
      return FALSE;
    }

  *value = (float) d;

  /* too large for a float */
  if (!isfinite (*value))
    {
      g_autofree char *found = _melt_text_quote (word, word_end - word);

      g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_BAD_NUMBER,
                   _("“%s”: line %u: expected a finite coordinate, found “%s”"),
                   reader->display_name, line, found);
      return FALSE;
    }

  return TRUE;
}

gsize
_melt_text_bom_length (const guint8 *data,
                       gsize         size)
{
  if (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    return 3;

  return 0;
}

guint
_melt_text_line_at (const char *start,
                    const char *p,
                    const char *end)
{
  guint line = 1;

  g_assert (start <= p && p <= end);

  for (const char *s = start; s < p; s++)
    line += _melt_text_is_line_end (s, end);

  return line;
}

char *
_melt_text_quote (const char *word,
                  gsize       len)
{
  /* NULs and bytes that are not UTF-8 become U+FFFD here... */
  g_autofree char *valid = g_utf8_make_valid (word, MIN (len, 40));
  GString *text = g_string_sized_new (strlen (valid) + 8);

  /* ...and the other control bytes here */
  for (const char *s = valid; *s != '\0'; s++)
    {
      if ((guchar) *s < 0x20 || *s == 0x7F)
        g_string_append (text, "\xef\xbf\xbd");
      else
        g_string_append_c (text, *s);
    }

  return g_string_free (text, FALSE);
}

gboolean
_melt_text_control_error (const MeltMeshReader  *reader,
                          guint                  line,
                          const char            *word,
                          gsize                  len,
                          GError               **error)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) word[i];

      if (c < 0x20 && !g_ascii_isspace (c))
        {
          g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_SYNTAX,
                       /* TRANSLATORS: “%s” is a file name, %u a line number, then a byte
                        * offset and the value of the byte, e.g. 0x00 */
                       _("“%s”: line %u: expected text, found the control byte 0x%02x at byte %llu: the file holds binary data"),
                       reader->display_name, line, (guint) c,
                       (unsigned long long) ((const guint8 *) word + i - reader->data));
          return TRUE;
        }
    }

  return FALSE;
}
