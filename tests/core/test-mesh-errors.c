/* test-mesh-errors.c: every kind of bad part file gets a clear GError
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One test per bad input. Each checks the error domain and code, and that
 * the message names the file and the place in it (line or byte offset).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "melt-mesh.h"
#include "melt-test-shapes.h"

/* Writes @data as @name in a scratch directory, loads it and checks the
 * error: its code, and that the message has the quoted file name and
 * @place (e.g. “line 17” or “byte 84”) */
static void
assert_load_fails (const char *name,
                   const void *data,
                   gssize      len,
                   int         code,
                   const char *place,
                   const char *also)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = melt_test_write_file (dir, name, data, len);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) mesh = NULL;
  g_autofree char *quoted = g_strdup_printf ("“%s”: %s: ", name, place);

  mesh = melt_mesh_load (file, NULL, NULL, NULL, &error);
  g_assert_null (mesh);
  g_assert_error (error, MELT_MESH_ERROR, code);
  g_test_message ("%s", error->message);

  if (!g_str_has_prefix (error->message, quoted))
    g_error ("message “%s” does not begin with “%s”", error->message, quoted);
  if (also != NULL && strstr (error->message, also) == NULL)
    g_error ("message “%s” does not say “%s”", error->message, also);

  melt_test_tmpdir_remove (dir);
}

static GBytes *
cube_stl (void)
{
  g_autoptr(MeltTestShape) cube = melt_test_shape_cube (10);

  return melt_test_shape_to_stl_binary (cube);
}

static void
test_empty (void)
{
  assert_load_fails ("empty.stl", "", 0, MELT_MESH_ERROR_EMPTY, "byte 0", "empty");
  assert_load_fails ("empty.obj", "", 0, MELT_MESH_ERROR_EMPTY, "byte 0", "empty");
}

/* A binary STL cut off inside a triangle record */
static void
test_truncated_binary (void)
{
  g_autoptr(GBytes) bytes = cube_stl ();
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  g_assert_cmpuint (len, ==, 684);
  assert_load_fails ("cut.stl", data, 84 + 50 * 7 + 20, MELT_MESH_ERROR_TRUNCATED,
                     "byte 454", "inside triangle 8 of 12");
}

/* A binary STL cut off inside its 84-byte header */
static void
test_truncated_header (void)
{
  g_autoptr(GBytes) bytes = cube_stl ();
  const guint8 *data = g_bytes_get_data (bytes, NULL);
  guint8 head[60];

  /* a header with a NUL in it is not text */
  memcpy (head, data, sizeof head);
  head[40] = 0;
  assert_load_fails ("header.stl", head, sizeof head, MELT_MESH_ERROR_TRUNCATED,
                     "byte 60", "84-byte");
}

/* An ASCII STL that ends in the middle of a facet */
static void
test_truncated_ascii (void)
{
  static const char stl[] =
    "solid cut\n"
    "  facet normal 0 0 1\n"
    "    outer loop\n"
    "      vertex 0 0 0\n"
    "      vertex 1 0 0\n"
    "      vertex 0 1 0\n"
    "    endloop\n"
    "  endfacet\n"
    "  facet normal 0 0 1\n"
    "    outer loop\n"
    "      vertex 0 0 0\n"
    "      vertex 1 0";

  assert_load_fails ("cut-ascii.stl", stl, -1, MELT_MESH_ERROR_TRUNCATED, "line 12", "facet 2");
}

/* An ASCII STL without its “endsolid” */
static void
test_truncated_ascii_endsolid (void)
{
  static const char stl[] =
    "solid cut\n"
    "  facet normal 0 0 1\n"
    "    outer loop\n"
    "      vertex 0 0 0\n"
    "      vertex 1 0 0\n"
    "      vertex 0 1 0\n"
    "    endloop\n"
    "  endfacet\n";

  assert_load_fails ("no-end.stl", stl, -1, MELT_MESH_ERROR_TRUNCATED, "line 9", "endsolid");
}

/* The header says 12 triangles, the file holds 10 whole records */
static void
test_count_mismatch (void)
{
  g_autoptr(GBytes) bytes = cube_stl ();
  const guint8 *data = g_bytes_get_data (bytes, NULL);

  assert_load_fails ("cube.stl", data, 84 + 50 * 10, MELT_MESH_ERROR_SIZE_MISMATCH, "byte 84",
                     "expected 50-byte triangle records for 12 triangles (684 bytes), the file has 584 bytes");
}

/* A count of four billion on a small file: refused without allocating */
static void
test_count_huge (void)
{
  g_autoptr(GBytes) bytes = cube_stl ();
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), 684);
  guint32 huge = GUINT32_TO_LE (4000000000u);

  memcpy (data + 80, &huge, 4);
  assert_load_fails ("huge.stl", data, 684, MELT_MESH_ERROR_SIZE_MISMATCH, "byte 84",
                     "4000000000 triangles");
}

/* More bytes than the count announces */
static void
test_count_too_small (void)
{
  g_autoptr(GBytes) bytes = cube_stl ();
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), 684);
  guint32 n = GUINT32_TO_LE (11);

  memcpy (data + 80, &n, 4);
  assert_load_fails ("long.stl", data, 684, MELT_MESH_ERROR_SIZE_MISMATCH, "byte 84", "634 bytes");
}

static void
put_float (guint8 *data,
           gsize   offset,
           float   f)
{
  guint32 bits;

  memcpy (&bits, &f, 4);
  bits = GUINT32_TO_LE (bits);
  memcpy (data + offset, &bits, 4);
}

static void
test_nan_binary (void)
{
  g_autoptr(GBytes) bytes = cube_stl ();
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), 684);

  /* triangle 4 (0-based 3), second corner, y */
  put_float (data, 84 + 50 * 3 + 12 + 12 + 4, NAN);
  assert_load_fails ("nan.stl", data, 684, MELT_MESH_ERROR_BAD_NUMBER, "byte 262", "triangle 4");
}

static void
test_inf_binary (void)
{
  g_autoptr(GBytes) bytes = cube_stl ();
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), 684);

  put_float (data, 84 + 50 * 11 + 12 + 24 + 8, -INFINITY);
  assert_load_fails ("inf.stl", data, 684, MELT_MESH_ERROR_BAD_NUMBER, "byte 678", "-Inf");
}

static void
test_nan_ascii (void)
{
  static const char stl[] =
    "solid nan\n"
    "  facet normal 0 0 1\n"
    "    outer loop\n"
    "      vertex 0 0 0\n"
    "      vertex 1 nan 0\n"
    "      vertex 0 1 0\n"
    "    endloop\n"
    "  endfacet\n"
    "endsolid nan\n";

  assert_load_fails ("nan-ascii.stl", stl, -1, MELT_MESH_ERROR_BAD_NUMBER, "line 5", "“nan”");
}

/* A number too large for a float is infinite */
static void
test_overflow_ascii (void)
{
  static const char stl[] =
    "solid big\n"
    "  facet normal 0 0 1\n"
    "    outer loop\n"
    "      vertex 0 0 0\n"
    "      vertex 1 0 0\n"
    "      vertex 0 1 1e39\n"
    "    endloop\n"
    "  endfacet\n"
    "endsolid big\n";

  assert_load_fails ("overflow.stl", stl, -1, MELT_MESH_ERROR_BAD_NUMBER, "line 6", "1e39");
}

static void
test_inf_obj (void)
{
  static const char obj[] =
    "v 0 0 0\n"
    "v 1 0 0\n"
    "v -inf 1 0\n"
    "f 1 2 3\n";

  assert_load_fails ("inf.obj", obj, -1, MELT_MESH_ERROR_BAD_NUMBER, "line 3", "“-inf”");
}

/* Text that is not a mesh, with each of the extensions */
static void
test_not_a_mesh_stl (void)
{
  static const char text[] = "Dear engineer,\nplease find the part attached.\n";

  assert_load_fails ("letter.stl", text, -1, MELT_MESH_ERROR_SYNTAX, "line 1", "expected “solid”, found “Dear”");
}

static void
test_not_a_mesh_obj (void)
{
  static const char text[] = "# notes\n\nDear engineer,\nplease find the part attached.\n";

  assert_load_fails ("letter.obj", text, -1, MELT_MESH_ERROR_SYNTAX, "line 3", "found “Dear”");
}

static void
test_not_a_mesh_other (void)
{
  static const char text[] = "\n\n<html><body>Not found</body></html>\n";

  assert_load_fails ("download.txt", text, -1, MELT_MESH_ERROR_UNSUPPORTED, "line 3", "“<html><body>Not”");
}

/* An ASCII STL with a word where a coordinate should be */
static void
test_ascii_syntax (void)
{
  static const char stl[] =
    "solid bad\n"
    "  facet normal 0 0 1\n"
    "    outer loop\n"
    "      vertex 0 0 0\n"
    "      vertex 1 0 zero\n"
    "      vertex 0 1 0\n"
    "    endloop\n"
    "  endfacet\n"
    "endsolid bad\n";

  assert_load_fails ("word.stl", stl, -1, MELT_MESH_ERROR_SYNTAX, "line 5", "expected a coordinate");
}

/* An ASCII facet with four corners */
static void
test_ascii_four_corners (void)
{
  static const char stl[] =
    "solid quad\n"
    "  facet normal 0 0 1\n"
    "    outer loop\n"
    "      vertex 0 0 0\n"
    "      vertex 1 0 0\n"
    "      vertex 1 1 0\n"
    "      vertex 0 1 0\n"
    "    endloop\n"
    "  endfacet\n"
    "endsolid quad\n";

  assert_load_fails ("quad.stl", stl, -1, MELT_MESH_ERROR_SYNTAX, "line 7", "expected “endloop”, found “vertex”");
}

/* The example of the issue: line 17 refers to vertex 9 of 8 */
static void
test_obj_index_out_of_range (void)
{
  static const char obj[] =
    "# cube\n"
    "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\n"
    "v 0 0 1\nv 1 0 1\nv 1 1 1\nv 0 1 1\n"
    "\n"
    "f 1 4 3 2\n"
    "f 1 2 6 5\n"
    "f 2 3 7 6\n"
    "f 3 4 8 7\n"
    "f 4 1 5 8\n"
    "s off\n"
    "f 5 6 7 9\n";

  assert_load_fails ("part.obj", obj, -1, MELT_MESH_ERROR_INDEX, "line 17",
                     "face refers to vertex 9, but only 8 vertices are defined");
}

static void
test_obj_negative_out_of_range (void)
{
  static const char obj[] =
    "v 0 0 0\n"
    "v 1 0 0\n"
    "f -1 -2 -3\n"
    "v 0 1 0\n";

  assert_load_fails ("relative.obj", obj, -1, MELT_MESH_ERROR_INDEX, "line 3",
                     "face refers to vertex -3, but only 2 vertices are defined");
}

static void
test_obj_zero_index (void)
{
  static const char obj[] =
    "v 0 0 0\n"
    "v 1 0 0\n"
    "v 0 1 0\n"
    "f 0/1/1 1/1/1 2/1/1\n";

  assert_load_fails ("zero.obj", obj, -1, MELT_MESH_ERROR_INDEX, "line 4", "numbered from 1");
}

static void
test_obj_short_face (void)
{
  static const char obj[] =
    "v 0 0 0\n"
    "v 1 0 0\n"
    "v 0 1 0\n"
    "f 1 2\n";

  assert_load_fails ("short.obj", obj, -1, MELT_MESH_ERROR_SYNTAX, "line 4", "at least 3 corners");
}

static void
test_obj_bad_reference (void)
{
  static const char obj[] =
    "v 0 0 0\n"
    "v 1 0 0\n"
    "v 0 1 0\n"
    "f 1 2 three\n";

  assert_load_fails ("words.obj", obj, -1, MELT_MESH_ERROR_SYNTAX, "line 4", "“three”");
}

static void
test_obj_short_vertex (void)
{
  static const char obj[] =
    "v 0 0 0\n"
    "v 1 0\n";

  assert_load_fails ("flat.obj", obj, -1, MELT_MESH_ERROR_SYNTAX, "line 2", "expected 3 coordinates");
}

static void
test_no_triangles_binary (void)
{
  g_autoptr(GBytes) bytes = cube_stl ();
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), 84);

  memset (data + 80, 0, 4);
  assert_load_fails ("nothing.stl", data, 84, MELT_MESH_ERROR_NO_TRIANGLES, "byte 84", "none");
}

static void
test_no_triangles_ascii (void)
{
  static const char stl[] = "solid nothing\nendsolid nothing\n";

  assert_load_fails ("nothing-ascii.stl", stl, -1, MELT_MESH_ERROR_NO_TRIANGLES, "byte 31", "none");
}

static void
test_no_triangles_obj (void)
{
  static const char obj[] = "# only points\nv 0 0 0\nv 1 0 0\nv 0 1 0\n";

  assert_load_fails ("points.obj", obj, -1, MELT_MESH_ERROR_NO_TRIANGLES, "byte 38", "none");
}

/* Not a mesh and not text: random bytes of a size no STL can have */
static void
test_binary_garbage (void)
{
  guint8 junk[333];

  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (guint8) (i * 131 + 7);
  assert_load_fails ("junk.bin", junk, sizeof junk, MELT_MESH_ERROR_TRUNCATED, "byte 333", NULL);
}

static void
test_missing_file (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "missing.stl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) mesh = melt_mesh_load (file, NULL, NULL, NULL, &error);

  g_assert_null (mesh);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "“missing.stl”: cannot open the file: "));

  melt_test_tmpdir_remove (dir);
}

/* An ASCII STL with a NUL in its first KiB (its size no binary STL's):
 * still read as ASCII, and the message names the line of the bad byte */
static void
test_ascii_nul (void)
{
  static const char stl[] =
    "solid nul\n"
    "  facet normal 0 0 1\n"
    "    outer loop\n"
    "      vertex 0 0 0\n"
    "      vertex 1 \0 0\n"
    "      vertex 0 1 0\n"
    "    endloop\n"
    "  endfacet\n"
    "endsolid nul\n";

  g_assert_cmpuint ((sizeof stl - 1 - 84) % 50, !=, 0);
  assert_load_fails ("nul.stl", stl, sizeof stl - 1, MELT_MESH_ERROR_SYNTAX, "line 5",
                     "control byte 0x00 at byte 80");
}

/* An OBJ index too long for any integer: quoted as written */
static void
test_obj_huge_index (void)
{
  static const char obj[] =
    "v 0 0 0\n"
    "v 1 0 0\n"
    "v 0 1 0\n"
    "f 1 2 99999999999999999999999\n";

  assert_load_fails ("huge.obj", obj, -1, MELT_MESH_ERROR_INDEX, "line 4",
                     "face refers to vertex 99999999999999999999999, but only 3 vertices are defined");
}

/* Errors after a byte order mark and in lone-CR files name the right line */
static void
test_bom_line (void)
{
  static const char obj[] = "\xef\xbb\xbfv 0 0 0\nv 1 0 zero\n";

  assert_load_fails ("bom.obj", obj, -1, MELT_MESH_ERROR_SYNTAX, "line 2", "“zero”");
}

static void
test_cr_line (void)
{
  static const char obj[] = "v 0 0 0\rv 1 0 0\rv 0 1 0\rf 1 2 4\r";
  static const char stl[] =
    "solid mac\r"
    "facet normal 0 0 1\r"
    "outer loop\r"
    "vertex 0 0 0\r"
    "vertex 1 0 0\r"
    "vertex 0 one 0\r";
  static const char text[] = "\r\r<html>\r";

  assert_load_fails ("mac.obj", obj, -1, MELT_MESH_ERROR_INDEX, "line 4", "vertex 4");
  assert_load_fails ("mac.stl", stl, -1, MELT_MESH_ERROR_SYNTAX, "line 6", "“one”");
  assert_load_fails ("mac.txt", text, -1, MELT_MESH_ERROR_UNSUPPORTED, "line 3", "“<html>”");
  /* CR LF counts once */
  assert_load_fails ("dos.txt", "\r\n\r\n<html>\r\n", -1, MELT_MESH_ERROR_UNSUPPORTED, "line 3", NULL);
}

/* A word with a control byte, in OBJ: named as binary data */
static void
test_obj_control_byte (void)
{
  static const char obj[] = "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n\x01\x02\x03\n";

  assert_load_fails ("bin.obj", obj, -1, MELT_MESH_ERROR_SYNTAX, "line 5", "control byte 0x01 at byte 32");
}

/* A folder is not a part */
static void
test_directory (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *sub = g_build_filename (dir, "parts", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (sub);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) mesh = NULL;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  mesh = melt_mesh_load (file, NULL, NULL, NULL, &error);
  g_assert_null (mesh);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_assert_cmpstr (error->message, ==, "“parts”: expected a part file, found a folder");

  g_assert_cmpint (g_rmdir (sub), ==, 0);
  melt_test_tmpdir_remove (dir);
}

/* A bad part through a named pipe: a Meltline message, not GLib's about
 * mmap() */
static void
test_fifo_bad (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "63", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) mesh = NULL;
  static const char obj[] = "v 0 0 0\nv 1 0 0\nf 1 2 3\n";
  MeltTestFifo *fifo = melt_test_fifo_new (path, obj, strlen (obj));

  if (fifo == NULL)
    {
      g_test_skip ("no named pipes here");
      melt_test_tmpdir_remove (dir);
      return;
    }

  mesh = melt_mesh_load (file, NULL, NULL, NULL, &error);
  melt_test_fifo_finish (fifo);

  g_assert_null (mesh);
  g_assert_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_INDEX);
  g_assert_true (g_str_has_prefix (error->message, "“63”: line 3: face refers to vertex 3"));

  melt_test_tmpdir_remove (dir);
}

/* A file name that is not UTF-8: the message is UTF-8 all the same */
static void
test_non_utf8_name (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "caf\xe9.obj", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) mesh = NULL;

  if (!g_file_set_contents (path, "v 0 0 0\nf 1 2 3\n", -1, &error))
    {
      g_test_skip_printf ("the file system refuses the name: %s", error->message);
      melt_test_tmpdir_remove (dir);
      return;
    }

  mesh = melt_mesh_load (file, NULL, NULL, NULL, &error);
  g_assert_null (mesh);
  g_assert_error (error, MELT_MESH_ERROR, MELT_MESH_ERROR_INDEX);
  g_test_message ("%s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_str_has_prefix (error->message, "“caf\xef\xbf\xbd.obj”: line 2: "));

  melt_test_tmpdir_remove (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/mesh/error/empty", test_empty);
  g_test_add_func ("/core/mesh/error/truncated-binary", test_truncated_binary);
  g_test_add_func ("/core/mesh/error/truncated-header", test_truncated_header);
  g_test_add_func ("/core/mesh/error/truncated-ascii", test_truncated_ascii);
  g_test_add_func ("/core/mesh/error/truncated-ascii-endsolid", test_truncated_ascii_endsolid);
  g_test_add_func ("/core/mesh/error/count-mismatch", test_count_mismatch);
  g_test_add_func ("/core/mesh/error/count-huge", test_count_huge);
  g_test_add_func ("/core/mesh/error/count-too-small", test_count_too_small);
  g_test_add_func ("/core/mesh/error/nan-binary", test_nan_binary);
  g_test_add_func ("/core/mesh/error/inf-binary", test_inf_binary);
  g_test_add_func ("/core/mesh/error/nan-ascii", test_nan_ascii);
  g_test_add_func ("/core/mesh/error/overflow-ascii", test_overflow_ascii);
  g_test_add_func ("/core/mesh/error/inf-obj", test_inf_obj);
  g_test_add_func ("/core/mesh/error/not-a-mesh-stl", test_not_a_mesh_stl);
  g_test_add_func ("/core/mesh/error/not-a-mesh-obj", test_not_a_mesh_obj);
  g_test_add_func ("/core/mesh/error/not-a-mesh-other", test_not_a_mesh_other);
  g_test_add_func ("/core/mesh/error/ascii-syntax", test_ascii_syntax);
  g_test_add_func ("/core/mesh/error/ascii-four-corners", test_ascii_four_corners);
  g_test_add_func ("/core/mesh/error/obj-index-out-of-range", test_obj_index_out_of_range);
  g_test_add_func ("/core/mesh/error/obj-negative-out-of-range", test_obj_negative_out_of_range);
  g_test_add_func ("/core/mesh/error/obj-zero-index", test_obj_zero_index);
  g_test_add_func ("/core/mesh/error/obj-short-face", test_obj_short_face);
  g_test_add_func ("/core/mesh/error/obj-bad-reference", test_obj_bad_reference);
  g_test_add_func ("/core/mesh/error/obj-short-vertex", test_obj_short_vertex);
  g_test_add_func ("/core/mesh/error/no-triangles-binary", test_no_triangles_binary);
  g_test_add_func ("/core/mesh/error/no-triangles-ascii", test_no_triangles_ascii);
  g_test_add_func ("/core/mesh/error/no-triangles-obj", test_no_triangles_obj);
  g_test_add_func ("/core/mesh/error/binary-garbage", test_binary_garbage);
  g_test_add_func ("/core/mesh/error/missing-file", test_missing_file);
  g_test_add_func ("/core/mesh/error/ascii-nul", test_ascii_nul);
  g_test_add_func ("/core/mesh/error/obj-huge-index", test_obj_huge_index);
  g_test_add_func ("/core/mesh/error/bom-line", test_bom_line);
  g_test_add_func ("/core/mesh/error/cr-line", test_cr_line);
  g_test_add_func ("/core/mesh/error/obj-control-byte", test_obj_control_byte);
  g_test_add_func ("/core/mesh/error/directory", test_directory);
  g_test_add_func ("/core/mesh/error/fifo-bad", test_fifo_bad);
  g_test_add_func ("/core/mesh/error/non-utf8-name", test_non_utf8_name);

  return g_test_run ();
}
