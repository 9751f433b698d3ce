/* melt-stl-reader.c: binary and ASCII STL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-mesh"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "melt-mesh-private.h"

#define STL_HEADER_SIZE MELT_STL_HEADER_SIZE
#define STL_RECORD_SIZE MELT_STL_RECORD_SIZE

/* Binary STL: see MELT_STL_HEADER_SIZE in melt-mesh-private.h */
gboolean
_melt_stl_looks_binary (const guint8 *data,
                        gsize         size)
{
  guint32 n;

  if (size < STL_HEADER_SIZE)
    return FALSE;

  memcpy (&n, data + 80, sizeof n);
  n = GUINT32_FROM_LE (n);

  return (guint64) STL_HEADER_SIZE + (guint64) STL_RECORD_SIZE * n == size;
}

gboolean
_melt_stl_read_binary (MeltMeshReader  *reader,
                       GError         **error)
{
  const guint8 *data = reader->data;
  gsize size = reader->size;
  guint64 expected;
  guint64 bad_float = G_MAXUINT64;
  guint32 n;

  if (size < STL_HEADER_SIZE)
    {
      g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_TRUNCATED,
                   /* TRANSLATORS: “%s” is a file name, the number a byte offset */
                   _("“%s”: byte %zu: the file ends inside the 84-byte binary STL header"),
                   reader->display_name, size);
      return FALSE;
    }

  memcpy (&n, data + 80, sizeof n);
  n = GUINT32_FROM_LE (n);
  expected = (guint64) STL_HEADER_SIZE + (guint64) STL_RECORD_SIZE * n;

  /* Believe the count only when the file is as long as it says */
  if (expected != size)
    {
      if (size < expected && (size - STL_HEADER_SIZE) % STL_RECORD_SIZE != 0)
        g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_TRUNCATED,
                     /* TRANSLATORS: “%s” is a file name; then a byte offset, a triangle
                      * number, the number of triangles, a number of bytes */
                     _("“%s”: byte %zu: the file ends inside triangle %llu of %u, expected %llu bytes"),
                     reader->display_name, size,
                     (unsigned long long) ((size - STL_HEADER_SIZE) / STL_RECORD_SIZE + 1), n,
                     (unsigned long long) expected);
      else
        g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_SIZE_MISMATCH,
                     /* TRANSLATORS: “%s” is a file name; then a number of triangles,
                      * and two sizes in bytes */
                     _("“%s”: byte 84: expected 50-byte triangle records for %u triangles (%llu bytes), the file has %zu bytes"),
                     reader->display_name, n, (unsigned long long) expected, size);
      return FALSE;
    }

  if ((guint64) n > MELT_MESH_MAX_TRIANGLES)
    {
      g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_TOO_LARGE,
                   _("“%s”: byte 80: %u triangles are more than Meltline can index (at most %llu)"),
                   reader->display_name, n, (unsigned long long) MELT_MESH_MAX_TRIANGLES);
      return FALSE;
    }

  _melt_mesh_welder_init (&reader->welder, (gsize) n * 3);

  if (!_melt_mesh_weld_stl_records (reader, data + STL_HEADER_SIZE, n, &bad_float, error))
    {
      if (bad_float != G_MAXUINT64 && (error == NULL || *error == NULL))
        {
          guint32 bits;
          float f;

          memcpy (&bits, data + STL_HEADER_SIZE + (bad_float / 9) * STL_RECORD_SIZE + 12 + 4 * (bad_float % 9), 4);
          bits = GUINT32_FROM_LE (bits);
          memcpy (&f, &bits, sizeof f);

          g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_BAD_NUMBER,
                       /* TRANSLATORS: “%s” is a file name, then a byte offset,
                        * a triangle number and the value found (NaN or infinity) */
                       _("“%s”: byte %llu: expected a finite coordinate in triangle %llu, found %s"),
                       reader->display_name,
                       (unsigned long long) (STL_HEADER_SIZE + (bad_float / 9) * STL_RECORD_SIZE
                                             + 12 + 4 * (bad_float % 9)),
                       (unsigned long long) (bad_float / 9 + 1),
                       isnan (f) ? "NaN" : (f > 0 ? "+Inf" : "-Inf"));
        }

      return FALSE;
    }

  return TRUE;
}

/* ASCII STL */

typedef struct
{
  MeltMeshReader *reader;
  const char     *p;
  const char     *end;
  guint           line;
  const char     *word;
  gsize           word_len;
} StlLexer;

/* Moves to the next whitespace-separated word; FALSE at the end of the file */
static inline gboolean
lexer_next (StlLexer *lex)
{
  const char *p = lex->p;
  const char *end = lex->end;

  while (p < end && g_ascii_isspace (*p))
    {
      if (_melt_text_is_line_end (p, end))
        lex->line++;
      p++;
    }

  lex->word = p;

  while (p < end && !g_ascii_isspace (*p))
    p++;

  lex->word_len = p - lex->word;
  lex->p = p;

  return lex->word_len > 0;
}

static inline gboolean
lexer_is (StlLexer   *lex,
          const char *keyword,
          gsize       len)
{
  return lex->word_len == len && g_ascii_strncasecmp (lex->word, keyword, len) == 0;
}

/* Skips the rest of the current line (e.g. a solid's name), up to its LF
 * or CR, which lexer_next() then counts */
static void
lexer_skip_line (StlLexer *lex)
{
  const char *p = lex->p;

  while (p < lex->end && *p != '\n' && *p != '\r')
    p++;

  lex->p = p;
}

static char *
lexer_quote_word (StlLexer *lex)
{
  return _melt_text_quote (lex->word, lex->word_len);
}

/* Before complaining about the current word: binary data gets its own
 * message */
static gboolean
lexer_control_error (StlLexer  *lex,
                     GError   **error)
{
  return _melt_text_control_error (lex->reader, lex->line, lex->word, lex->word_len, error);
}

static gboolean
lexer_expect (StlLexer    *lex,
              const char  *keyword,
              guint        facet,
              GError     **error)
{
  gsize len = strlen (keyword);

  if (!lexer_next (lex))
    {
      g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_TRUNCATED,
                   /* TRANSLATORS: “%s” is a file name, %u a line number and a facet number,
                    * “%s” an STL keyword */
                   _("“%s”: line %u: the file ends inside facet %u, expected “%s”"),
                   lex->reader->display_name, lex->line, facet, keyword);
      return FALSE;
    }

  if (!lexer_is (lex, keyword, len))
    {
      g_autofree char *found = lexer_quote_word (lex);

      if (lexer_control_error (lex, error))
        return FALSE;

      g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_SYNTAX,
                   /* TRANSLATORS: “%s” is a file name, %u a line number,
                    * then an STL keyword and the word found instead */
                   _("“%s”: line %u: expected “%s”, found “%s”"),
                   lex->reader->display_name, lex->line, keyword, found);
      return FALSE;
    }

  return TRUE;
}

static gboolean
lexer_number (StlLexer  *lex,
              guint      facet,
              float     *value,
              GError   **error)
{
  if (!lexer_next (lex))
    {
      g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_TRUNCATED,
                   /* TRANSLATORS: “%s” is a file name, %u a line number and a facet number */
                   _("“%s”: line %u: the file ends inside facet %u, expected a coordinate"),
                   lex->reader->display_name, lex->line, facet);
      return FALSE;
    }

  return _melt_text_parse_coordinate (lex->reader, lex->line,
                                      lex->word, lex->word + lex->word_len,
                                      value, error);
}

gboolean
_melt_stl_read_ascii (MeltMeshReader  *reader,
                      GError         **error)
{
  StlLexer lex = { reader, (const char *) reader->data + reader->text_start,
                   (const char *) reader->data + reader->size, 1, NULL, 0 };
  guint facet = 0;

  /* An ASCII facet takes at least ~100 bytes; guess from the real size */
  _melt_mesh_welder_init (&reader->welder, MIN (reader->size / 40, (gsize) 1 << 24));

  if (!lexer_next (&lex) || !lexer_is (&lex, "solid", 5))
    {
      g_autofree char *found = lexer_quote_word (&lex);

      if (lexer_control_error (&lex, error))
        return FALSE;

      g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_SYNTAX,
                   _("“%s”: line %u: expected “%s”, found “%s”"),
                   reader->display_name, lex.line, "solid", found);
      return FALSE;
    }
  lexer_skip_line (&lex);

  for (;;)
    {
      float corners[9];

      if (!lexer_next (&lex))
        {
          g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_TRUNCATED,
                       /* TRANSLATORS: “%s” is a file name, %u a line number */
                       _("“%s”: line %u: the file ends before “endsolid”"),
                       reader->display_name, lex.line);
          return FALSE;
        }

      if (lexer_is (&lex, "endsolid", 8))
        {
          lexer_skip_line (&lex);

          /* some exporters write several solids into one file */
          if (lexer_next (&lex))
            {
              if (lexer_is (&lex, "solid", 5))
                {
                  lexer_skip_line (&lex);
                  continue;
                }
              else
                {
                  g_autofree char *found = lexer_quote_word (&lex);

                  if (lexer_control_error (&lex, error))
                    return FALSE;

                  g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_SYNTAX,
                               _("“%s”: line %u: expected the end of the file or “solid”, found “%s”"),
                               reader->display_name, lex.line, found);
                  return FALSE;
                }
            }

          break;
        }

      if (!lexer_is (&lex, "facet", 5))
        {
          g_autofree char *found = lexer_quote_word (&lex);

          if (lexer_control_error (&lex, error))
            return FALSE;

          g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_SYNTAX,
                       /* TRANSLATORS: “%s” is a file name, %u a line number, “%s” the word found */
                       _("“%s”: line %u: expected “facet” or “endsolid”, found “%s”"),
                       reader->display_name, lex.line, found);
          return FALSE;
        }

      facet++;

      if G_UNLIKELY ((facet & 4095) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (reader->cancellable, error))
            return FALSE;
          _melt_mesh_reader_progress (reader, (double) (lex.p - (const char *) reader->data) / reader->size);
        }

      if ((guint64) facet > MELT_MESH_MAX_TRIANGLES)
        {
          g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_TOO_LARGE,
                       _("“%s”: line %u: more triangles than Meltline can index (at most %llu)"),
                       reader->display_name, lex.line,
                       (unsigned long long) MELT_MESH_MAX_TRIANGLES);
          return FALSE;
        }

      /* “normal nx ny nz”: the normal is not used, and some exporters write
       * NaN there for sliver facets, so its numbers are not checked */
      if (!lexer_expect (&lex, "normal", facet, error))
        return FALSE;
      for (guint k = 0; k < 3; k++)
        {
          if (!lexer_next (&lex))
            return lexer_expect (&lex, "outer", facet, error);
        }

      if (!lexer_expect (&lex, "outer", facet, error) ||
          !lexer_expect (&lex, "loop", facet, error))
        return FALSE;

      for (guint c = 0; c < 3; c++)
        {
          if (!lexer_expect (&lex, "vertex", facet, error))
            return FALSE;

          for (guint k = 0; k < 3; k++)
            {
              if (!lexer_number (&lex, facet, &corners[3 * c + k], error))
                return FALSE;
            }
        }

      if (!lexer_expect (&lex, "endloop", facet, error) ||
          !lexer_expect (&lex, "endfacet", facet, error))
        return FALSE;

      _melt_mesh_welder_add_triangle (&reader->welder, &corners[0], &corners[3], &corners[6]);

      if G_UNLIKELY (reader->welder.too_many)
        {
          g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_TOO_LARGE,
                       /* TRANSLATORS: “%s” is a file name, %u a line number, then a count */
                       _("“%s”: line %u: more distinct vertices than Meltline can index (at most %llu)"),
                       reader->display_name, lex.line,
                       (unsigned long long) MELT_MESH_MAX_VERTICES);
          return FALSE;
        }
    }

  return TRUE;
}
