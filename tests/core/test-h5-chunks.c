/* test-h5-chunks.c: chunks deflated on many threads read back through
 * HDF5's own filter pipeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <hdf5.h>
#include <string.h>

#include "melt-h5-chunks.h"

/* A dataset created the way melt-plan.c creates its columns */
static hid_t
create_dataset (hid_t        file,
                const char  *name,
                hid_t        type,
                hsize_t      n_rows,
                hsize_t      width,
                hsize_t      chunk_rows)
{
  hsize_t dims[2] = { n_rows, width };
  hsize_t chunk[2] = { chunk_rows, width };
  int rank = width == 1 ? 1 : 2;
  hid_t space = H5Screate_simple (rank, dims, NULL);
  hid_t dcpl = H5Pcreate (H5P_DATASET_CREATE);
  hid_t dataset;

  g_assert_cmpint (H5Pset_chunk (dcpl, rank, chunk), >=, 0);
  g_assert_cmpint (H5Pset_shuffle (dcpl), >=, 0);
  g_assert_cmpint (H5Pset_deflate (dcpl, 1), >=, 0);
  dataset = H5Dcreate2 (file, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  g_assert_cmpint (dataset, >=, 0);
  H5Pclose (dcpl);
  H5Sclose (space);
  return dataset;
}

/* Three datasets of three element sizes, each of many chunks with a partial
 * last one, in more than one compression group: every value reads back */
static void
test_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("meltline-h5-chunks-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "chunks.h5", NULL);
  const hsize_t n_xyz = 100003, n_kind = 70001, n_time = 4200001;
  g_autofree float *xyz = g_new (float, 3 * n_xyz);
  g_autofree guint8 *kind = g_new (guint8, n_kind);
  g_autofree double *time = g_new (double, n_time);
  g_autofree float *xyz_back = g_new0 (float, 3 * n_xyz);
  g_autofree guint8 *kind_back = g_new0 (guint8, n_kind);
  g_autofree double *time_back = g_new0 (double, n_time);
  g_autoptr(MeltH5Chunks) chunks = NULL;
  hid_t file, d_xyz, d_kind, d_time, failed = 0;

  g_assert_true (_melt_h5_chunks_supported ());

  for (hsize_t i = 0; i < 3 * n_xyz; i++)
    xyz[i] = (float) (i % 977) * 0.25f - (float) (i % 3);
  for (hsize_t i = 0; i < n_kind; i++)
    kind[i] = (guint8) (i * 7 % 5);
  for (hsize_t i = 0; i < n_time; i++)
    time[i] = i * 1e-3 + (i % 11) * 1e-9;

  file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (file, >=, 0);
  d_xyz = create_dataset (file, "xyz", H5T_IEEE_F32LE, n_xyz, 3, 4096);
  d_kind = create_dataset (file, "kind", H5T_STD_U8LE, n_kind, 1, 65536);
  /* 33.6 MB: two compression groups */
  d_time = create_dataset (file, "time", H5T_IEEE_F64LE, n_time, 1, 32768);

  chunks = _melt_h5_chunks_new (1);
  _melt_h5_chunks_add (chunks, d_xyz, xyz, 4, 12, n_xyz, 4096);
  _melt_h5_chunks_add (chunks, d_kind, kind, 1, 1, n_kind, 65536);
  _melt_h5_chunks_add (chunks, d_time, time, 8, 8, n_time, 32768);
  g_assert_true (_melt_h5_chunks_write (chunks, &failed));
  g_assert_cmpint (failed, ==, H5I_INVALID_HID);
  g_clear_pointer (&chunks, _melt_h5_chunks_free);

  /* compressed: less stored than the raw values */
  g_assert_cmpuint (H5Dget_storage_size (d_xyz), <, 3 * n_xyz * sizeof (float));
  g_assert_cmpuint (H5Dget_storage_size (d_kind), <, n_kind);
  H5Dclose (d_xyz);
  H5Dclose (d_kind);
  H5Dclose (d_time);
  H5Fclose (file);

  /* HDF5 reads them through its own shuffle and deflate filters */
  file = H5Fopen (path, H5F_ACC_RDONLY, H5P_DEFAULT);
  g_assert_cmpint (file, >=, 0);
  d_xyz = H5Dopen2 (file, "xyz", H5P_DEFAULT);
  d_kind = H5Dopen2 (file, "kind", H5P_DEFAULT);
  d_time = H5Dopen2 (file, "time", H5P_DEFAULT);
  g_assert_cmpint (H5Dread (d_xyz, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, xyz_back), >=, 0);
  g_assert_cmpint (H5Dread (d_kind, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, kind_back), >=, 0);
  g_assert_cmpint (H5Dread (d_time, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, time_back), >=, 0);
  g_assert_cmpmem (xyz_back, 3 * n_xyz * sizeof (float), xyz, 3 * n_xyz * sizeof (float));
  g_assert_cmpmem (kind_back, n_kind, kind, n_kind);
  g_assert_cmpmem (time_back, n_time * sizeof (double), time, n_time * sizeof (double));
  H5Dclose (d_xyz);
  H5Dclose (d_kind);
  H5Dclose (d_time);
  H5Fclose (file);

  g_unlink (path);
  g_rmdir (dir);
}

/* Nothing added: nothing written, success */
static void
test_empty (void)
{
  g_autoptr(MeltH5Chunks) chunks = _melt_h5_chunks_new (6);

  g_assert_true (_melt_h5_chunks_write (chunks, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/h5-chunks/round-trip", test_round_trip);
  g_test_add_func ("/core/h5-chunks/empty", test_empty);

  return g_test_run ();
}
