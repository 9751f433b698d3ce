/* test-cli-h5-tree.c: meltline-cli h5-tree, run as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The program is found through the MELTLINE_CLI environment variable
 * (tests/cli/meson.build sets it). The HDF5 file is written here: a run
 * with a format attribute, a chunked and deflated stream, a soft link.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <hdf5.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "melt-test-cli.h"
#include "melt-test-shapes.h"

static char *
write_run (const char *dir)
{
  char *path = g_build_filename (dir, "run.h5", NULL);
  hid_t file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hid_t type, space, attr, group, dcpl, dataset;
  hsize_t n = 3000, chunk = 1024;
  g_autofree double *time = g_new (double, n);

  g_assert_cmpint (file, >=, 0);
  for (hsize_t i = 0; i < n; i++)
    time[i] = (double) i * 1e-4;

  type = H5Tcopy (H5T_C_S1);
  H5Tset_size (type, 12);
  space = H5Screate (H5S_SCALAR);
  attr = H5Acreate2 (file, "format", type, space, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite (attr, type, "meltline-run");
  H5Aclose (attr);
  H5Sclose (space);
  H5Tclose (type);

  group = H5Gcreate2 (file, "/streams", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Gclose (group);
  group = H5Gcreate2 (file, "/streams/laser", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  dcpl = H5Pcreate (H5P_DATASET_CREATE);
  H5Pset_chunk (dcpl, 1, &chunk);
  H5Pset_shuffle (dcpl);
  H5Pset_deflate (dcpl, 1);
  space = H5Screate_simple (1, &n, NULL);
  dataset = H5Dcreate2 (group, "time", H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  H5Dwrite (dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, time);
  H5Dclose (dataset);
  H5Sclose (space);
  H5Pclose (dcpl);
  H5Gclose (group);

  H5Lcreate_soft ("/streams/laser/time", file, "time", H5P_DEFAULT, H5P_DEFAULT);
  H5Fclose (file);
  return path;
}

static void
test_text (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = write_run (dir);
  g_auto(CliRun) run = { 0 };

  run_cli (&run, "h5-tree", path, NULL);
  if (run.status == -1)
    {
      melt_test_tmpdir_remove (dir);
      return;
    }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpstr (run.out, ==,
                   "/                          group  (1 attribute)\n"
                   "  @format                  string \"meltline-run\"\n"
                   "  streams/                 group\n"
                   "    laser/                 group\n"
                   "      time                 float64 [3000]  chunked 1024, shuffle+deflate(1)\n"
                   "  time                     soft link to /streams/laser/time\n");

  melt_test_tmpdir_remove (dir);
}

static void
test_json (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *path = write_run (dir);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(CliRun) run = { 0 };
  JsonObject *o, *root, *streams, *time, *link;
  JsonArray *children, *filters;

  run_cli (&run, "h5-tree", "--json", path, NULL);
  if (run.status == -1)
    {
      melt_test_tmpdir_remove (dir);
      return;
    }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  o = parse_json (parser, run.out);
  g_assert_cmpstr (json_object_get_string_member (o, "file"), ==, path);
  g_assert_cmpint (json_object_get_int_member (o, "unreadable"), ==, 0);
  root = json_object_get_object_member (o, "root");
  g_assert_cmpstr (json_object_get_string_member (root, "kind"), ==, "group");
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (root, "attributes"), 0),
                     "value"), ==, "meltline-run");

  children = json_object_get_array_member (root, "children");
  g_assert_cmpuint (json_array_get_length (children), ==, 2);
  streams = json_array_get_object_element (children, 0);
  link = json_array_get_object_element (children, 1);
  g_assert_cmpstr (json_object_get_string_member (link, "kind"), ==, "soft-link");
  g_assert_cmpstr (json_object_get_string_member (link, "target"), ==, "/streams/laser/time");

  time = json_array_get_object_element (
    json_object_get_array_member (json_array_get_object_element (json_object_get_array_member (streams, "children"),
                                                                 0), "children"), 0);
  g_assert_cmpstr (json_object_get_string_member (time, "path"), ==, "/streams/laser/time");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (time, "type"), "name"),
                   ==, "float64");
  g_assert_cmpint (json_array_get_int_element (
                     json_object_get_array_member (json_object_get_object_member (time, "shape"), "dims"), 0),
                   ==, 3000);
  filters = json_object_get_array_member (time, "filters");
  g_assert_cmpuint (json_array_get_length (filters), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (filters, 1), "name"),
                   ==, "deflate");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (filters, 1), "level"), ==, 1);

  melt_test_tmpdir_remove (dir);
}

static void
test_bad_input (void)
{
  g_autofree char *dir = melt_test_tmpdir_new ();
  g_autofree char *missing = g_build_filename (dir, "missing.h5", NULL);
  g_autofree char *text = melt_test_write_file (dir, "notes.h5", "time,power\n0,100\n", -1);

  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "h5-tree", "--json", missing, NULL);
    if (run.status == -1)
      {
        melt_test_tmpdir_remove (dir);
        return;
      }
    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "missing.h5"));
  }
  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "h5-tree", text, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "notes.h5"));
    g_assert_nonnull (strstr (run.err, "not an HDF5 file"));
  }
  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "h5-tree", dir, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "directory"));
  }
  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "h5-tree", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "HDF5"));
  }
  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "h5-tree", text, text, NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, "h5-tree", "--bogus", text, NULL);
    g_assert_cmpint (run.status, ==, 2);
  }

  melt_test_tmpdir_remove (dir);
}

static void
test_help (void)
{
  g_auto(CliRun) run = { 0 };

  run_cli (&run, "--help", NULL);
  if (run.status == -1)
    return;
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "h5-tree"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/h5-tree/text", test_text);
  g_test_add_func ("/cli/h5-tree/json", test_json);
  g_test_add_func ("/cli/h5-tree/bad-input", test_bad_input);
  g_test_add_func ("/cli/h5-tree/help", test_help);

  return g_test_run ();
}
