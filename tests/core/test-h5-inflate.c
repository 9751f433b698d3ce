/* test-h5-inflate.c: deflated chunks inflated on many threads read the
 * same bytes as HDF5's own filter pipeline, and everything else is left to
 * HDF5
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <hdf5.h>
#include <string.h>
#include <zlib.h>

#include "melt-h5-inflate.h"
#include "melt-test-files.h"

#define CHUNK 1000

typedef enum
{
  DEFLATE = 1 << 0,
  SHUFFLE = 1 << 1,            /* before deflate */
  SHUFFLE_AFTER = 1 << 2,      /* after deflate */
  FLETCHER = 1 << 3,
  RAW_EDGE = 1 << 4,           /* partial edge chunks stored unfiltered */
} Filters;

static hid_t
create (hid_t        file,
        const char  *name,
        hid_t        type,
        hsize_t      n,
        Filters      filters)
{
  hsize_t chunk = CHUNK;
  hid_t space = H5Screate_simple (1, &n, NULL);
  hid_t dcpl = H5Pcreate (H5P_DATASET_CREATE);
  hid_t dataset;

  g_assert_cmpint (H5Pset_chunk (dcpl, 1, &chunk), >=, 0);
  if (filters & SHUFFLE)
    g_assert_cmpint (H5Pset_shuffle (dcpl), >=, 0);
  if (filters & DEFLATE)
    g_assert_cmpint (H5Pset_deflate (dcpl, 4), >=, 0);
  if (filters & SHUFFLE_AFTER)
    g_assert_cmpint (H5Pset_shuffle (dcpl), >=, 0);
  if (filters & FLETCHER)
    g_assert_cmpint (H5Pset_fletcher32 (dcpl), >=, 0);
  if (filters & RAW_EDGE)
    g_assert_cmpint (H5Pset_chunk_opts (dcpl, H5D_CHUNK_DONT_FILTER_PARTIAL_CHUNKS), >=, 0);
  dataset = H5Dcreate2 (file, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  g_assert_cmpint (dataset, >=, 0);
  H5Pclose (dcpl);
  H5Sclose (space);
  return dataset;
}

/* Bytes that compress somewhat and differ in every byte position */
static guint8 *
make_values (gsize n_bytes)
{
  guint8 *bytes = g_malloc (n_bytes);
  guint32 x = 12345;

  for (gsize i = 0; i < n_bytes; i++)
    {
      x = x * 1103515245u + 12345u;
      bytes[i] = (guint8) ((i % 7 == 0) ? (x >> 16) : (i / 13 + (i % 5)));
    }
  return bytes;
}

/* HDF5's own reading of [first, first + count) */
static guint8 *
hdf5_read (hid_t    dataset,
           hid_t    memory_type,
           guint64  first,
           gsize    count)
{
  gsize size = H5Tget_size (memory_type);
  guint8 *out = g_malloc (count * size);
  hsize_t start = first, n = count;
  hid_t file_space = H5Dget_space (dataset);
  hid_t memory_space = H5Screate_simple (1, &n, NULL);

  g_assert_cmpint (H5Sselect_hyperslab (file_space, H5S_SELECT_SET, &start, NULL, &n, NULL), >=, 0);
  g_assert_cmpint (H5Dread (dataset, memory_type, memory_space, file_space, H5P_DEFAULT, out), >=, 0);
  H5Sclose (memory_space);
  H5Sclose (file_space);
  return out;
}

/* Reads [first, first + count) both ways: the same bytes */
static void
check_range (hid_t    dataset,
             hid_t    memory_type,
             guint64  first,
             gsize    count)
{
  gsize size = H5Tget_size (memory_type);
  g_autofree guint8 *expected = hdf5_read (dataset, memory_type, first, count);
  /* a guard byte after the range: nothing is written past it */
  g_autofree guint8 *got = g_malloc (count * size + 1);

  memset (got, 0x5a, count * size + 1);
  g_assert_true (_melt_h5_inflate_read_1d (dataset, memory_type, first, count, got));
  g_assert_cmpmem (got, count * size, expected, count * size);
  g_assert_cmpuint (got[count * size], ==, 0x5a);
}

/* Element sizes 1, 2, 4 and 8; shuffled or not; a partial last chunk;
 * more chunks than one group: every range of two chunks or more reads the
 * bytes HDF5 reads */
static void
test_same_bytes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("meltline-h5-inflate-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "inflate.h5", NULL);
  hid_t three = H5Tcreate (H5T_OPAQUE, 3), six = H5Tcreate (H5T_OPAQUE, 6);
  const struct { const char *name; hid_t type; Filters filters; } sets[] = {
    { "f32", H5T_NATIVE_FLOAT, SHUFFLE | DEFLATE },
    { "f64", H5T_NATIVE_DOUBLE, SHUFFLE | DEFLATE },
    { "i16", H5T_NATIVE_INT16, DEFLATE },
    { "i16-shuffled", H5T_NATIVE_INT16, SHUFFLE | DEFLATE },
    { "u8", H5T_NATIVE_UINT8, SHUFFLE | DEFLATE },
    { "opaque-3", three, SHUFFLE | DEFLATE },
    { "opaque-6", six, SHUFFLE | DEFLATE },
  };
  const hsize_t n = 70 * CHUNK + 357;    /* 71 chunks: three groups */
  hid_t file;

  g_assert_cmpint (H5Tset_tag (three, "three bytes"), >=, 0);
  g_assert_cmpint (H5Tset_tag (six, "six bytes"), >=, 0);
  file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (file, >=, 0);
  for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      g_autofree guint8 *values = make_values (n * H5Tget_size (sets[s].type));
      hid_t dataset = create (file, sets[s].name, sets[s].type, n, sets[s].filters);

      g_assert_cmpint (H5Dwrite (dataset, sets[s].type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), >=, 0);
      H5Dclose (dataset);
    }
  H5Fclose (file);

  file = H5Fopen (path, H5F_ACC_RDONLY, H5P_DEFAULT);
  g_assert_cmpint (file, >=, 0);
  for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      hid_t dataset = H5Dopen2 (file, sets[s].name, H5P_DEFAULT);
      GRand *rand = g_rand_new_with_seed (s + 1);

      g_assert_cmpint (dataset, >=, 0);
      g_assert_true (_melt_h5_inflate_can_read (dataset, sets[s].type));
      check_range (dataset, sets[s].type, 0, n);
      check_range (dataset, sets[s].type, 0, 2 * CHUNK);
      check_range (dataset, sets[s].type, n - 2 * CHUNK, 2 * CHUNK);
      check_range (dataset, sets[s].type, CHUNK - 1, 2 * CHUNK + 2);
      check_range (dataset, sets[s].type, 31 * CHUNK + 5, 33 * CHUNK);
      for (int r = 0; r < 20; r++)
        {
          gsize count = (gsize) g_rand_int_range (rand, 2 * CHUNK, (gint32) n + 1);
          guint64 first = (guint64) g_rand_int_range (rand, 0, (gint32) (n - count + 1));

          check_range (dataset, sets[s].type, first, count);
        }
      g_rand_free (rand);
      H5Dclose (dataset);
    }
  H5Fclose (file);
  H5Tclose (three);
  H5Tclose (six);
  melt_test_remove_tree (dir);
}

static gboolean
refuses (hid_t    dataset,
         hid_t    memory_type,
         guint64  first,
         gsize    count)
{
  g_autofree guint8 *out = g_malloc0 (MAX (count, 1) * 8);

  return !_melt_h5_inflate_read_1d (dataset, memory_type, first, count, out);
}

/* Not even tried: the layout, filters or type are not ones it reads */
static gboolean
refuses_dataset (hid_t    dataset,
                 hid_t    memory_type,
                 gsize    n)
{
  return !_melt_h5_inflate_can_read (dataset, memory_type) && refuses (dataset, memory_type, 0, n);
}

/* Whatever is not deflate or shuffle + deflate of the memory type over two
 * chunks or more is left to HDF5 */
static void
test_left_to_hdf5 (void)
{
  g_autofree char *dir = g_dir_make_tmp ("meltline-h5-inflate-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "others.h5", NULL);
  const hsize_t n = 10 * CHUNK;
  g_autofree float *values = (float *) make_values (n * sizeof (float));
  hsize_t dims[2] = { n, 2 }, chunk2[2] = { CHUNK, 2 };
  hid_t file, dataset, space, dcpl;

  file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (file, >=, 0);

  /* contiguous */
  space = H5Screate_simple (1, &n, NULL);
  dataset = H5Dcreate2 (file, "contiguous", H5T_NATIVE_FLOAT, space, H5P_DEFAULT, H5P_DEFAULT,
                        H5P_DEFAULT);
  g_assert_cmpint (H5Dwrite (dataset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), >=, 0);
  g_assert_true (refuses_dataset (dataset, H5T_NATIVE_FLOAT, n));
  H5Dclose (dataset);
  H5Sclose (space);

  /* other pipelines */
  {
    const struct { const char *name; Filters filters; hsize_t n; } others[] = {
      { "raw", 0, n },
      { "fletcher", SHUFFLE | DEFLATE | FLETCHER, n },
      { "shuffle-last", DEFLATE | SHUFFLE_AFTER, n },
      { "shuffle-only", SHUFFLE, n },
      { "raw-edge", SHUFFLE | DEFLATE | RAW_EDGE, n - CHUNK / 2 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (others); i++)
      {
        dataset = create (file, others[i].name, H5T_NATIVE_FLOAT, others[i].n, others[i].filters);
        g_assert_cmpint (H5Dwrite (dataset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), >=, 0);
        g_test_message ("%s", others[i].name);
        g_assert_true (refuses_dataset (dataset, H5T_NATIVE_FLOAT, others[i].n));
        H5Dclose (dataset);
      }
  }

  /* a good one, read wrongly */
  dataset = create (file, "good", H5T_NATIVE_FLOAT, n, SHUFFLE | DEFLATE);
  g_assert_cmpint (H5Dwrite (dataset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), >=, 0);
  g_assert_false (refuses (dataset, H5T_NATIVE_FLOAT, 0, n));
  g_assert_true (_melt_h5_inflate_can_read (dataset, H5T_NATIVE_FLOAT));
  g_assert_true (refuses_dataset (dataset, H5T_NATIVE_DOUBLE, n));   /* converted */
  g_assert_true (refuses (dataset, H5T_NATIVE_FLOAT, 0, 2 * CHUNK - 1));  /* short */
  g_assert_true (refuses (dataset, H5T_NATIVE_FLOAT, 1, n));         /* past the end */
  g_assert_true (refuses (dataset, H5T_NATIVE_FLOAT, n + 1, 2 * CHUNK));
  g_assert_true (refuses (dataset, H5T_NATIVE_FLOAT, 0, 0));
  H5Dclose (dataset);

  /* big-endian in the file */
  dataset = create (file, "big-endian", H5T_IEEE_F32BE, n, SHUFFLE | DEFLATE);
  g_assert_cmpint (H5Dwrite (dataset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), >=, 0);
  g_assert_true (refuses_dataset (dataset, H5T_NATIVE_FLOAT, n));
  H5Dclose (dataset);

  /* two dimensions */
  space = H5Screate_simple (2, dims, NULL);
  dcpl = H5Pcreate (H5P_DATASET_CREATE);
  H5Pset_chunk (dcpl, 2, chunk2);
  H5Pset_shuffle (dcpl);
  H5Pset_deflate (dcpl, 1);
  dataset = H5Dcreate2 (file, "2d", H5T_NATIVE_FLOAT, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  g_assert_cmpint (dataset, >=, 0);
  g_assert_true (refuses_dataset (dataset, H5T_NATIVE_FLOAT, n));
  H5Dclose (dataset);
  H5Pclose (dcpl);
  H5Sclose (space);

  /* only the first half written: the other chunks are not stored */
  dataset = create (file, "half", H5T_NATIVE_FLOAT, n, SHUFFLE | DEFLATE);
  {
    hsize_t start = 0, count = n / 2;
    hid_t file_space = H5Dget_space (dataset);
    hid_t memory_space = H5Screate_simple (1, &count, NULL);

    H5Sselect_hyperslab (file_space, H5S_SELECT_SET, &start, NULL, &count, NULL);
    g_assert_cmpint (H5Dwrite (dataset, H5T_NATIVE_FLOAT, memory_space, file_space, H5P_DEFAULT,
                               values), >=, 0);
    H5Sclose (memory_space);
    H5Sclose (file_space);
  }
  g_assert_true (_melt_h5_inflate_can_read (dataset, H5T_NATIVE_FLOAT));
  g_assert_false (refuses (dataset, H5T_NATIVE_FLOAT, 0, n / 2));
  g_assert_true (refuses (dataset, H5T_NATIVE_FLOAT, 0, n));
  H5Dclose (dataset);

  /* a chunk stored with the shuffle filter skipped (filter mask bit 0) */
  dataset = create (file, "skipped", H5T_NATIVE_FLOAT, n, SHUFFLE | DEFLATE);
  g_assert_cmpint (H5Dwrite (dataset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), >=, 0);
  {
    uLongf size = compressBound (CHUNK * sizeof (float));
    g_autofree guint8 *stored = g_malloc (size);
    hsize_t offset = 3 * CHUNK;

    g_assert_cmpint (compress2 (stored, &size, (const guint8 *) (values + offset),
                                CHUNK * sizeof (float), 1), ==, Z_OK);
    g_assert_cmpint (H5Dwrite_chunk (dataset, H5P_DEFAULT, 0x1, &offset, size, stored), >=, 0);
  }
  g_assert_true (refuses (dataset, H5T_NATIVE_FLOAT, 0, n));
  /* and HDF5 reads it as written */
  {
    g_autofree guint8 *back = hdf5_read (dataset, H5T_NATIVE_FLOAT, 0, n);

    g_assert_cmpmem (back, n * sizeof (float), values, n * sizeof (float));
  }
  H5Dclose (dataset);

  H5Fclose (file);
  melt_test_remove_tree (dir);
}

/* A damaged chunk: refused (HDF5 then reports it), never garbage */
static void
test_damaged (void)
{
  g_autofree char *dir = g_dir_make_tmp ("meltline-h5-inflate-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "damaged.h5", NULL);
  const hsize_t n = 8 * CHUNK;
  g_autofree float *values = (float *) make_values (n * sizeof (float));
  g_autofree float *out = g_new (float, n);
  g_autofree char *contents = NULL;
  hsize_t offset = 5 * CHUNK, size = 0;
  haddr_t address = 0;
  unsigned mask = 0;
  gsize length;
  hid_t file, dataset;

  file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  dataset = create (file, "x", H5T_NATIVE_FLOAT, n, SHUFFLE | DEFLATE);
  g_assert_cmpint (H5Dwrite (dataset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), >=, 0);
  g_assert_cmpint (H5Dget_chunk_info_by_coord (dataset, &offset, &mask, &address, &size), >=, 0);
  H5Dclose (dataset);
  H5Fclose (file);

  /* flip bytes in the middle of the deflate data, keeping the zlib header */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (size, >, 16);
  g_assert_cmpuint (address + size, <=, length);
  for (hsize_t i = size / 3; i < size / 3 + 8; i++)
    contents[address + i] ^= 0x5a;
  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  file = H5Fopen (path, H5F_ACC_RDONLY, H5P_DEFAULT);
  dataset = H5Dopen2 (file, "x", H5P_DEFAULT);
  g_assert_false (_melt_h5_inflate_read_1d (dataset, H5T_NATIVE_FLOAT, 0, n, out));
  /* the chunks before it still read */
  g_assert_true (_melt_h5_inflate_read_1d (dataset, H5T_NATIVE_FLOAT, 0, 5 * CHUNK, out));
  g_assert_cmpmem (out, 5 * CHUNK * sizeof (float), values, 5 * CHUNK * sizeof (float));
  H5Dclose (dataset);
  H5Fclose (file);
  melt_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);

  g_test_add_func ("/core/h5-inflate/same-bytes", test_same_bytes);
  g_test_add_func ("/core/h5-inflate/left-to-hdf5", test_left_to_hdf5);
  g_test_add_func ("/core/h5-inflate/damaged", test_damaged);

  return g_test_run ();
}
