/* melt-obj-reader.c: Wavefront OBJ (geometry only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads “v” and “f” statements; every other statement of the format is
 * recognised and skipped. Faces may use “v”, “v/vt”, “v//vn” and
 * “v/vt/vn” references, negative (relative) indices, and any number of
 * corners: polygons are split into a fan of triangles from their first
 * corner, which is right for the convex polygons CAD exporters write.
 *
 * Lines end with LF, CR LF or a lone CR (old Mac files); a UTF-8 byte order
 * mark at the start is skipped. Line continuations (a “\\” at the end of a
 * line) are not supported: exporters of triangle meshes do not write them.
 */

#define G_LOG_DOMAIN "melt-mesh"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "melt-mesh-private.h"

/* Statements of the OBJ format that carry no triangle geometry */
static const char * const skipped_keywords[] = {
  "vt", "vn", "vp", "o", "g", "s", "mg", "usemtl", "mtllib", "l", "p",
  "cstype", "deg", "bmat", "step", "curv", "curv2", "surf", "parm", "trim",
  "hole", "scrv", "sp", "end", "con", "lod", "usemap", "maplib",
  "shadow_obj", "trace_obj", "ctech", "stech", "bevel", "c_interp",
  "d_interp", "call", "csh",
};

typedef struct
{
  MeltMeshReader *reader;
  guint           line;
  GArray         *positions;  /* float, 3 per OBJ vertex */
  GArray         *welded;     /* guint32, welded index per OBJ vertex or G_MAXUINT32 */
  GArray         *face;       /* guint32, OBJ vertex indices of the current face */
} ObjParser;

/* Blanks inside a line: the line's end is not part of it, but the CR of a
 * CR LF is */
static inline const char *
skip_blanks (const char *p,
             const char *end)
{
  return _melt_text_skip_space (p, end, TRUE);
}

static inline const char *
skip_word (const char *p,
           const char *end)
{
  while (p < end && !g_ascii_isspace (*p))
    p++;
  return p;
}

static char *
quote (const char *p,
       const char *end)
{
  return _melt_text_quote (p, skip_word (p, end) - p);
}

static gboolean
control_error (ObjParser   *parser,
               const char  *p,
               const char  *end,
               GError     **error)
{
  return _melt_text_control_error (parser->reader, parser->line, p, skip_word (p, end) - p, error);
}

static gboolean
parse_vertex (ObjParser   *parser,
              const char  *p,
              const char  *end,
              GError     **error)
{
  float xyz[3];
  guint32 unknown = G_MAXUINT32;

  for (guint k = 0; k < 3; k++)
    {
      const char *after;

      p = skip_blanks (p, end);

      if (p == end)
        {
          g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_SYNTAX,
                       /* TRANSLATORS: “%s” is a file name, %u a line number */
                       _("“%s”: line %u: expected 3 coordinates after “v”, found %u"),
                       parser->reader->display_name, parser->line, k);
          return FALSE;
        }

      after = skip_word (p, end);
      if (!_melt_text_parse_coordinate (parser->reader, parser->line, p, after, &xyz[k], error))
        return FALSE;

      p = after;
    }

  /* an optional w or vertex colour may follow; they do not matter here */

  /* the GArrays' lengths are guints: GLib aborts when they would overflow */
  if ((guint64) parser->welded->len >= MELT_MESH_MAX_VERTICES ||
      !_melt_mesh_array_can_grow (parser->positions->len, 3))
    {
      g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_TOO_LARGE,
                   _("“%s”: line %u: more vertices than Meltline can index"),
                   parser->reader->display_name, parser->line);
      return FALSE;
    }

  g_array_append_vals (parser->positions, xyz, 3);
  g_array_append_val (parser->welded, unknown);

  return TRUE;
}

/* Parses an optionally signed integer; NULL if there are no digits. Values
 * beyond 2^40 are kept at about 2^40: no file has that many vertices, and
 * messages quote the number as written. */
static const char *
parse_index (const char *p,
             const char *end,
             gint64     *value)
{
  gboolean negative = FALSE;
  gint64 v = 0;
  const char *digits;

  if (p < end && (*p == '-' || *p == '+'))
    negative = *p++ == '-';

  digits = p;
  for (; p < end && g_ascii_isdigit (*p); p++)
    {
      if (v < G_GINT64_CONSTANT (1) << 40)
        v = v * 10 + (*p - '0');
    }

  if (p == digits)
    return NULL;

  *value = negative ? -v : v;
  return p;
}

static gboolean
parse_face (ObjParser   *parser,
            const char  *p,
            const char  *end,
            GError     **error)
{
  const float *positions = (const float *) (gpointer) parser->positions->data;
  guint32 *welded = (guint32 *) (gpointer) parser->welded->data;
  guint n_defined = parser->welded->len;
  const guint32 *corners;

  g_array_set_size (parser->face, 0);

  for (;;)
    {
      const char *word;
      const char *index_end;
      gint64 index;
      gint64 resolved;
      guint32 v;

      p = skip_blanks (p, end);
      if (p == end)
        break;

      word = p;
      p = parse_index (p, end, &index);
      index_end = p;

      if (p == NULL)
        {
          g_autofree char *found = quote (word, end);

          if (control_error (parser, word, end, error))
            return FALSE;

          g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_SYNTAX,
                       /* TRANSLATORS: “%s” is a file name, %u a line number, “%s” the word found */
                       _("“%s”: line %u: expected a vertex reference such as “3”, “3/1/2” or “-1”, found “%s”"),
                       parser->reader->display_name, parser->line, found);
          return FALSE;
        }

      /* “/vt”, “/vt/vn” or “//vn”: texture and normal indices are not used */
      for (guint k = 0; k < 2 && p < end && *p == '/'; k++)
        {
          gint64 ignored;
          const char *q = parse_index (p + 1, end, &ignored);

          p = q != NULL ? q : p + 1;
        }

      if (p < end && !g_ascii_isspace (*p))
        {
          g_autofree char *found = quote (word, end);

          if (control_error (parser, word, end, error))
            return FALSE;

          g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_SYNTAX,
                       _("“%s”: line %u: expected a vertex reference such as “3”, “3/1/2” or “-1”, found “%s”"),
                       parser->reader->display_name, parser->line, found);
          return FALSE;
        }

      resolved = index > 0 ? index - 1 : (gint64) n_defined + index;

      if (index == 0 || resolved < 0 || resolved >= n_defined)
        {
          if (index == 0)
            g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_INDEX,
                         /* TRANSLATORS: “%s” is a file name, %u a line number */
                         _("“%s”: line %u: face refers to vertex 0, but OBJ vertices are numbered from 1"),
                         parser->reader->display_name, parser->line);
          else
            {
              /* the number as written, however long */
              g_autofree char *written = g_strndup (word, MIN (index_end - word, 40));

              g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_INDEX,
                           /* TRANSLATORS: “%s” is a file name, %u a line number, then the
                            * vertex number as written in the file and the number of vertices */
                           g_dngettext (GETTEXT_PACKAGE,
                                        "“%s”: line %u: face refers to vertex %s, but only %u vertex is defined",
                                        "“%s”: line %u: face refers to vertex %s, but only %u vertices are defined",
                                        n_defined),
                           parser->reader->display_name, parser->line, written, n_defined);
            }
          return FALSE;
        }

      v = (guint32) resolved;
      if (welded[v] == G_MAXUINT32)
        welded[v] = _melt_mesh_welder_add (&parser->reader->welder, &positions[3 * (gsize) v]);

      if G_UNLIKELY (parser->reader->welder.too_many)
        {
          g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_TOO_LARGE,
                       _("“%s”: line %u: more distinct vertices than Meltline can index (at most %llu)"),
                       parser->reader->display_name, parser->line,
                       (unsigned long long) MELT_MESH_MAX_VERTICES);
          return FALSE;
        }

      /* a face of more corners than there may be triangles */
      if G_UNLIKELY ((guint64) parser->face->len >= MELT_MESH_MAX_TRIANGLES)
        {
          g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_TOO_LARGE,
                       _("“%s”: line %u: more triangles than Meltline can index (at most %llu)"),
                       parser->reader->display_name, parser->line,
                       (unsigned long long) MELT_MESH_MAX_TRIANGLES);
          return FALSE;
        }

      g_array_append_val (parser->face, welded[v]);
    }

  if (parser->face->len < 3)
    {
      g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_SYNTAX,
                   /* TRANSLATORS: “%s” is a file name, %u a line number and a count */
                   _("“%s”: line %u: expected a face with at least 3 corners, found %u"),
                   parser->reader->display_name, parser->line, parser->face->len);
      return FALSE;
    }

  if ((guint64) parser->reader->welder.indices->len / 3 + parser->face->len - 2 > MELT_MESH_MAX_TRIANGLES)
    {
      g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_TOO_LARGE,
                   _("“%s”: line %u: more triangles than Meltline can index (at most %llu)"),
                   parser->reader->display_name, parser->line,
                   (unsigned long long) MELT_MESH_MAX_TRIANGLES);
      return FALSE;
    }

  corners = (const guint32 *) (gpointer) parser->face->data;

  for (guint i = 1; i + 1 < parser->face->len; i++)
    {
      guint32 tri[3] = { corners[0], corners[i], corners[i + 1] };

      g_array_append_vals (parser->reader->welder.indices, tri, 3);
    }

  return TRUE;
}

static gboolean
is_skipped_keyword (const char *word,
                    gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (skipped_keywords); i++)
    {
      if (strlen (skipped_keywords[i]) == len && memcmp (word, skipped_keywords[i], len) == 0)
        return TRUE;
    }

  return FALSE;
}

gboolean
_melt_obj_read (MeltMeshReader  *reader,
                GError         **error)
{
  const char *p = (const char *) reader->data + reader->text_start;
  const char *end = (const char *) reader->data + reader->size;
  const char *nl = NULL;
  ObjParser parser = { reader, 0, NULL, NULL, NULL };
  gboolean ok = TRUE;

  /* a vertex line takes at least 7 bytes: size the arrays from the file */
  parser.positions = g_array_sized_new (FALSE, FALSE, sizeof (float), MIN (reader->size / 8, (gsize) 1 << 24));
  parser.welded = g_array_sized_new (FALSE, FALSE, sizeof (guint32), MIN (reader->size / 24, (gsize) 1 << 24));
  parser.face = g_array_new (FALSE, FALSE, sizeof (guint32));
  _melt_mesh_welder_init (&reader->welder, MIN (reader->size / 8, (gsize) 1 << 24));

  while (ok && p < end)
    {
      const char *eol;
      const char *cr;
      const char *word;
      const char *word_end;
      gsize len;

      /* The line ends at the next LF or at a lone CR before it. The LF is
       * looked for again only once passed, so that a file of CR-only lines
       * is not searched to its end for every line. */
      if (nl == NULL || nl < p)
        {
          nl = memchr (p, '\n', end - p);
          if (nl == NULL)
            nl = end;
        }
      eol = nl;
      cr = memchr (p, '\r', eol - p);
      if (cr != NULL && cr + 1 != eol)
        eol = cr;

      parser.line++;

      if G_UNLIKELY ((parser.line & 0xFFFF) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (reader->cancellable, error))
            {
              ok = FALSE;
              break;
            }
          _melt_mesh_reader_progress (reader, (double) (p - (const char *) reader->data) / reader->size);
        }

      word = skip_blanks (p, eol);
      word_end = skip_word (word, eol);
      len = word_end - word;

      if (len == 0 || *word == '#')
        ;
      else if (len == 1 && *word == 'v')
        ok = parse_vertex (&parser, word_end, eol, error);
      else if ((len == 1 && *word == 'f') || (len == 2 && memcmp (word, "fo", 2) == 0))
        ok = parse_face (&parser, word_end, eol, error);
      else if (!is_skipped_keyword (word, len))
        {
          g_autofree char *found = quote (word, eol);

          ok = FALSE;
          if (!control_error (&parser, word, eol, error))
            g_set_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_SYNTAX,
                         /* TRANSLATORS: “%s” is a file name, %u a line number, “%s” the word found */
                         _("“%s”: line %u: expected an OBJ statement such as “v” or “f”, found “%s”"),
                         reader->display_name, parser.line, found);
        }

      p = eol < end ? eol + 1 : end;
    }

  g_array_unref (parser.positions);
  g_array_unref (parser.welded);
  g_array_unref (parser.face);

  return ok;
}
