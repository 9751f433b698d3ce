/* melt-mesh-private.h: what the mesh readers, the welder and MeltMesh share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "melt-mesh.h"

G_BEGIN_DECLS

/* The most triangles a mesh may have: every corner of every triangle must
 * have a 32-bit index, and the edge analysis packs a vertex index and a
 * direction bit into 32 bits, so corners stay below 2^31.
 */
#define MELT_MESH_MAX_TRIANGLES ((guint64) G_MAXINT32 / 3)

/* The most distinct vertices a mesh may have: positions are kept in a
 * GArray of floats, whose guint length must hold 3 per vertex (GLib aborts
 * when it would overflow), and the edge analysis needs indices below 2^31.
 */
#define MELT_MESH_MAX_VERTICES ((guint64) G_MAXUINT / 3)

/* The most bytes read from a pipe or another file that is not a regular
 * one (its size is not known in advance): 1 GiB, 20 M binary STL triangles.
 */
#define MELT_MESH_MAX_STREAM_SIZE ((gsize) 1 << 30)

/* Binary STL: an 80-byte header, a little-endian 32-bit triangle count and
 * one 50-byte record per triangle (normal, three corners: 12 floats; a
 * 16-bit attribute). */
#define MELT_STL_HEADER_SIZE 84
#define MELT_STL_RECORD_SIZE 50

/* Whether a GArray of @len elements can take @n_more more: its length is a
 * guint, and GLib aborts rather than fail when it would overflow. */
static inline gboolean
_melt_mesh_array_can_grow (guint64 len,
                           guint64 n_more)
{
  return len <= G_MAXUINT && n_more <= G_MAXUINT - len;
}

/* How often (in triangles) readers look at the cancellable. */
#define MELT_MESH_CHECK_INTERVAL (1u << 16)

/*
 * MeltMeshWelder:
 *
 * Turns a stream of triangle corners into an indexed mesh: corners with
 * bit-identical coordinates (after -0.0 is made 0.0) become one vertex.
 * An open-addressing hash table of 64-bit slots, each the upper half of the
 * hash and the vertex index plus one (0 marks an empty slot), grows by
 * doubling when half full.
 */
typedef struct
{
  GArray  *positions;   /* float, 3 per vertex */
  GArray  *indices;     /* guint32, 3 per triangle */
  guint64 *slots;
  gsize    mask;        /* number of slots minus one */
  guint    n_vertices;
  gboolean too_many;    /* a vertex beyond MELT_MESH_MAX_VERTICES was refused */
} MeltMeshWelder;

void      _melt_mesh_welder_init        (MeltMeshWelder *welder,
                                         gsize           expected_corners);
void      _melt_mesh_welder_clear       (MeltMeshWelder *welder);
guint32   _melt_mesh_welder_add         (MeltMeshWelder *welder,
                                         const float     xyz[3]);
#define MELT_MESH_WELD_BLOCK 256
void      _melt_mesh_welder_add_triangles (MeltMeshWelder *welder,
                                           const float    *corners,
                                           guint           n_triangles);
void      _melt_mesh_welder_add_triangle (MeltMeshWelder *welder,
                                          const float     a[3],
                                          const float     b[3],
                                          const float     c[3]);

/*
 * MeltMeshProgress: progress of a load, told in phases. A phase covers the
 * overall fractions @from to @to; work inside it reports the fraction of the
 * phase done. Calls are deduplicated to whole percents, so the callback runs
 * at most about 100 times, always with increasing fractions.
 */
typedef struct
{
  MeltProgressFunc  func;
  gpointer          data;
  int               last_percent;
  double            from;
  double            to;
} MeltMeshProgress;

void      _melt_mesh_progress_init      (MeltMeshProgress *progress,
                                         MeltProgressFunc  func,
                                         gpointer          data);
void      _melt_mesh_progress_phase     (MeltMeshProgress *progress,
                                         double            from,
                                         double            to);
void      _melt_mesh_progress_update    (MeltMeshProgress *progress,
                                         double            fraction);

/* Where the phases of a load begin (see MeltProgressFunc in melt-mesh.h) */
#define MELT_MESH_PROGRESS_ANALYSIS MELT_MESH_PROGRESS_CHECKING

/*
 * MeltMeshReader: what every reader gets. The reader reads from @data
 * (past a UTF-8 byte order mark at @text_start for the text formats), adds
 * triangles to @welder, reports progress through
 * _melt_mesh_reader_progress() and checks @cancellable every
 * MELT_MESH_CHECK_INTERVAL triangles.
 */
typedef struct
{
  const char       *display_name;
  const guint8     *data;
  gsize             size;
  gsize             text_start;
  GCancellable     *cancellable;
  MeltMeshProgress *progress;
  MeltMeshWelder    welder;
} MeltMeshReader;

/* @fraction is the part of the file read, 0.0 to 1.0 */
void      _melt_mesh_reader_progress    (MeltMeshReader *reader,
                                         double          fraction);

/* Welds @n_triangles binary STL records (50 bytes each, corners at byte 12)
 * into @reader's welder. Returns FALSE with @error set when cancelled, or
 * FALSE with *@bad_float set to the index (9 per triangle) of the first
 * coordinate that is not finite. */
gboolean  _melt_mesh_weld_stl_records   (MeltMeshReader *reader,
                                         const guint8   *records,
                                         guint32         n_triangles,
                                         guint64        *bad_float,
                                         GError        **error);

gboolean  _melt_stl_read_binary         (MeltMeshReader *reader,
                                         GError        **error);
gboolean  _melt_stl_read_ascii          (MeltMeshReader *reader,
                                         GError        **error);
gboolean  _melt_obj_read                (MeltMeshReader *reader,
                                         GError        **error);
gboolean  _melt_stl_looks_binary        (const guint8   *data,
                                         gsize           size);

/* Text formats (melt-mesh-text.c) */

/* Parses a decimal floating-point number (as written by printf "%g" and
 * friends) starting at @p, not past @end. Returns the first byte after
 * the number, or NULL if there is no number there. Infinite and NaN
 * results are returned as such; callers reject them.
 */
const char *_melt_parse_double          (const char     *p,
                                         const char     *end,
                                         double         *value);

/* Parses the coordinate @word (up to @word_end, the end of the
 * whitespace-separated word) into a finite float. On failure sets an error
 * naming the file and @line: %MELT_MESH_ERROR_BAD_NUMBER for NaN, infinite
 * or too large numbers, %MELT_MESH_ERROR_SYNTAX for anything else. */
gboolean  _melt_text_parse_coordinate   (const MeltMeshReader *reader,
                                         guint           line,
                                         const char     *word,
                                         const char     *word_end,
                                         float          *value,
                                         GError        **error);

/* Length of a UTF-8 byte order mark at the start of @data: 3 or 0 */
gsize     _melt_text_bom_length         (const guint8   *data,
                                         gsize           size);

/* Skips blanks: spaces, tabs, form feeds, vertical tabs and, when
 * @with_line_ends, line ends too */
static inline const char *
_melt_text_skip_space (const char *p,
                       const char *end,
                       gboolean    with_line_ends)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\f' || *p == '\v' ||
                     (with_line_ends && (*p == '\n' || *p == '\r'))))
    p++;
  return p;
}

/* Whether the byte at @p ends a line: a LF, or a CR not followed by a LF
 * (old Mac files). The CR of a CR LF is a blank. */
static inline gboolean
_melt_text_is_line_end (const char *p,
                        const char *end)
{
  return *p == '\n' || (*p == '\r' && (p + 1 == end || p[1] != '\n'));
}

/* Line number (from 1) of the byte at @p in the text from @start to @end */
guint     _melt_text_line_at            (const char     *start,
                                         const char     *p,
                                         const char     *end);

/* Quotes a word for a message: at most 40 bytes, made valid UTF-8, control
 * bytes shown as U+FFFD so that a NUL does not cut the message short. */
char     *_melt_text_quote              (const char     *word,
                                         gsize           len);

/* If @word holds a control byte (a NUL, say: binary data in a text file),
 * sets an error naming the line and byte offset of the first one and
 * returns TRUE. Readers call it before they complain about a word. */
gboolean  _melt_text_control_error      (const MeltMeshReader *reader,
                                         guint           line,
                                         const char     *word,
                                         gsize           len,
                                         GError        **error);

/* Asks the kernel to back a large, untouched allocation with huge pages:
 * a million-triangle mesh otherwise spends a third of its time in page
 * faults. A hint only; does nothing where unsupported. */
void      _melt_mesh_advise_large       (gpointer        data,
                                         gsize           size);

/* Report computation with progress and cancellation, used by the loaders.
 * @progress may be NULL. */
gboolean  _melt_mesh_report_compute_full (MeltMeshReport *report,
                                          const float    *positions,
                                          guint           n_vertices,
                                          const guint32  *indices,
                                          guint           n_triangles,
                                          GCancellable   *cancellable,
                                          MeltMeshProgress *progress,
                                          GError        **error);

G_END_DECLS
