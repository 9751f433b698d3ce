/* test-h5-tree.c: the structure of HDF5 files written here with HDF5's C API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <hdf5.h>
#include <string.h>

#include "melt-h5-tree.h"

typedef struct
{
  guint8  state;
  double  t;
  float   x;
  int     n;
} Sample;

static void
add_attribute (hid_t        object,
               const char  *name,
               hid_t        type,
               int          rank,
               hsize_t      n,
               const void  *value)
{
  hid_t space = rank == 0 ? H5Screate (H5S_SCALAR) : H5Screate_simple (1, &n, NULL);
  hid_t attr = H5Acreate2 (object, name, type, space, H5P_DEFAULT, H5P_DEFAULT);

  g_assert_cmpint (attr, >=, 0);
  g_assert_cmpint (H5Awrite (attr, type, value), >=, 0);
  H5Aclose (attr);
  H5Sclose (space);
}

static hid_t
string_type (size_t      size,
             H5T_cset_t  cset)
{
  hid_t type = H5Tcopy (H5T_C_S1);

  H5Tset_size (type, size);
  H5Tset_cset (type, cset);
  return type;
}

static hid_t
state_type (void)
{
  hid_t type = H5Tenum_create (H5T_NATIVE_UINT8);
  guint8 v;

  v = 0, H5Tenum_insert (type, "OFF", &v);
  v = 1, H5Tenum_insert (type, "ON", &v);
  v = 2, H5Tenum_insert (type, "FAULT", &v);
  return type;
}

/* A 1-D dataset of @n elements of @type, written from @data (or left
 * unwritten when NULL), with @dcpl */
static hid_t
add_dataset (hid_t        location,
             const char  *name,
             hid_t        type,
             hsize_t      n,
             hsize_t      max,
             hid_t        dcpl,
             const void  *data)
{
  hid_t space = H5Screate_simple (1, &n, &max);
  hid_t dataset = H5Dcreate2 (location, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);

  g_assert_cmpint (dataset, >=, 0);
  if (data != NULL)
    g_assert_cmpint (H5Dwrite (dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), >=, 0);
  H5Sclose (space);
  return dataset;
}

/* Everything the tree describes, in one file */
static void
write_sample_file (const char *path)
{
  hid_t file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hid_t group, laser, types, links, loop, inner, dcpl, type, dataset;
  g_autofree double *time = g_new (double, 1000);
  float power[100];
  gint16 current[10] = { 0 };
  gint64 counts[4] = { 1, -2, 3, G_MININT64 };
  guint32 ids[5] = { 1, 2, 3, 4, G_MAXUINT32 };
  guint8 states[5] = { 0, 1, 2, 1, 0 };
  Sample samples[4] = { { 1, 0.5, 1.5f, 3 } };
  char fixed[4][8] = { "alpha", "beta", "gamma", "delta" };
  const char *variable[3] = { "one", "zwei", "三" };
  const char *utf8 = "héllo";
  int version = 3;
  double scale[3] = { 0.5, 1, 2 };
  float tenth = 0.1f;
  int many[100];
  guint8 on = 1;
  g_autofree char *long_text = g_strnfill (300, 'x');
  hobj_ref_t ref;
  hsize_t chunk = 256, array_dims = 3;

  g_assert_cmpint (file, >=, 0);
  for (int i = 0; i < 1000; i++)
    time[i] = i * 1e-3;
  for (int i = 0; i < 100; i++)
    power[i] = (float) i, many[i] = i;

  /* root attributes of many kinds */
  type = string_type (12, H5T_CSET_ASCII);
  add_attribute (file, "format", type, 0, 1, "meltline-run");
  H5Tclose (type);
  add_attribute (file, "version", H5T_NATIVE_INT, 0, 1, &version);
  add_attribute (file, "scale", H5T_NATIVE_DOUBLE, 1, 3, scale);
  add_attribute (file, "tenth", H5T_NATIVE_FLOAT, 0, 1, &tenth);
  add_attribute (file, "many", H5T_NATIVE_INT, 1, 100, many);
  type = string_type (H5T_VARIABLE, H5T_CSET_UTF8);
  add_attribute (file, "greeting", type, 0, 1, &utf8);
  H5Tclose (type);
  type = string_type (300, H5T_CSET_ASCII);
  add_attribute (file, "long", type, 0, 1, long_text);
  H5Tclose (type);
  type = state_type ();
  add_attribute (file, "state", type, 0, 1, &on);
  H5Tclose (type);

  /* nested groups; a chunked, shuffled, deflated dataset that can grow */
  group = H5Gcreate2 (file, "streams", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  laser = H5Gcreate2 (group, "laser", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  dcpl = H5Pcreate (H5P_DATASET_CREATE);
  H5Pset_chunk (dcpl, 1, &chunk);
  H5Pset_shuffle (dcpl);
  H5Pset_deflate (dcpl, 1);
  dataset = add_dataset (laser, "time", H5T_IEEE_F64LE, 1000, H5S_UNLIMITED, dcpl, time);
  type = string_type (2, H5T_CSET_ASCII);
  add_attribute (dataset, "unit", type, 0, 1, "s");
  H5Tclose (type);
  H5Dclose (dataset);
  H5Pclose (dcpl);
  H5Dclose (add_dataset (laser, "power", H5T_IEEE_F32LE, 100, 100, H5P_DEFAULT, power));
  H5Dclose (add_dataset (laser, "current", H5T_STD_I16BE, 10, 10, H5P_DEFAULT, current));
  dcpl = H5Pcreate (H5P_DATASET_CREATE);
  H5Pset_layout (dcpl, H5D_COMPACT);
  H5Dclose (add_dataset (laser, "counts", H5T_STD_I64LE, 4, 4, dcpl, counts));
  H5Pclose (dcpl);
  H5Dclose (add_dataset (laser, "ids", H5T_STD_U32LE, 5, 5, H5P_DEFAULT, ids));
  H5Gclose (laser);
  H5Gclose (group);

  /* strings, an enum, a compound, an array type, a committed type, a reference */
  group = H5Gcreate2 (file, "strings", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  type = string_type (8, H5T_CSET_ASCII);
  H5Dclose (add_dataset (group, "fixed", type, 4, 4, H5P_DEFAULT, fixed));
  H5Tclose (type);
  type = string_type (H5T_VARIABLE, H5T_CSET_UTF8);
  H5Dclose (add_dataset (group, "variable", type, 3, 3, H5P_DEFAULT, variable));
  H5Tclose (type);
  H5Gclose (group);

  types = H5Gcreate2 (file, "types", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  type = state_type ();
  H5Dclose (add_dataset (types, "state", type, 5, 5, H5P_DEFAULT, states));
  g_assert_cmpint (H5Tcommit2 (types, "state_t", type, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), >=, 0);
  H5Tclose (type);
  type = H5Tcreate (H5T_COMPOUND, sizeof (Sample));
  {
    hid_t state = state_type ();

    H5Tinsert (type, "state", HOFFSET (Sample, state), state);
    H5Tclose (state);
  }
  H5Tinsert (type, "t", HOFFSET (Sample, t), H5T_NATIVE_DOUBLE);
  H5Tinsert (type, "x", HOFFSET (Sample, x), H5T_NATIVE_FLOAT);
  H5Tinsert (type, "n", HOFFSET (Sample, n), H5T_NATIVE_INT);
  H5Dclose (add_dataset (types, "sample", type, 4, 4, H5P_DEFAULT, samples));
  H5Tclose (type);
  type = H5Tarray_create2 (H5T_NATIVE_FLOAT, 1, &array_dims);
  H5Dclose (add_dataset (types, "vector", type, 2, 2, H5P_DEFAULT, NULL));
  H5Tclose (type);
  type = H5Tcreate (H5T_OPAQUE, 4);
  H5Tset_tag (type, "blob");
  H5Dclose (add_dataset (types, "opaque", type, 2, 2, H5P_DEFAULT, NULL));
  H5Tclose (type);
  g_assert_cmpint (H5Rcreate (&ref, file, "/streams", H5R_OBJECT, -1), >=, 0);
  H5Dclose (add_dataset (types, "reference", H5T_STD_REF_OBJ, 1, 1, H5P_DEFAULT, &ref));
  H5Gclose (types);

  /* links: soft (and dangling), external to a missing file, hard cycle */
  links = H5Gcreate2 (file, "links", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (H5Lcreate_soft ("/streams/laser/time", links, "soft", H5P_DEFAULT, H5P_DEFAULT), >=, 0);
  g_assert_cmpint (H5Lcreate_soft ("/nowhere", links, "dangling", H5P_DEFAULT, H5P_DEFAULT), >=, 0);
  g_assert_cmpint (H5Lcreate_external ("missing.h5", "/data", links, "external", H5P_DEFAULT,
                                       H5P_DEFAULT), >=, 0);
  g_assert_cmpint (H5Lcreate_hard (file, "/streams/laser/power", links, "power", H5P_DEFAULT,
                                   H5P_DEFAULT), >=, 0);
  H5Gclose (links);

  loop = H5Gcreate2 (file, "loop", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  inner = H5Gcreate2 (loop, "inner", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (H5Lcreate_hard (file, "/loop", inner, "back", H5P_DEFAULT, H5P_DEFAULT), >=, 0);
  g_assert_cmpint (H5Lcreate_hard (file, "/", inner, "root", H5P_DEFAULT, H5P_DEFAULT), >=, 0);
  H5Gclose (inner);
  H5Gclose (loop);

  H5Fclose (file);
}

/* The node at @path (a path through "children" names) */
static JsonObject *
find (JsonNode   *tree,
      const char *path)
{
  JsonObject *node = json_object_get_object_member (json_node_get_object (tree), "root");
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);

  for (guint p = 0; parts[p] != NULL; p++)
    {
      JsonArray *children;
      JsonObject *next = NULL;

      if (parts[p][0] == '\0')
        continue;
      g_assert_true (json_object_has_member (node, "children"));
      children = json_object_get_array_member (node, "children");
      for (guint i = 0; i < json_array_get_length (children); i++)
        {
          JsonObject *child = json_array_get_object_element (children, i);

          if (g_str_equal (json_object_get_string_member (child, "name"), parts[p]))
            next = child;
        }
      if (next == NULL)
        g_error ("no %s in the tree", path);
      node = next;
    }
  return node;
}

static JsonObject *
find_attribute (JsonObject *node,
                const char *name)
{
  JsonArray *attributes = json_object_get_array_member (node, "attributes");

  for (guint i = 0; i < json_array_get_length (attributes); i++)
    {
      JsonObject *attribute = json_array_get_object_element (attributes, i);

      if (g_str_equal (json_object_get_string_member (attribute, "name"), name))
        return attribute;
    }
  g_error ("no attribute %s", name);
  return NULL;
}

static const char *
type_string (JsonObject *node,
             const char *member)
{
  return json_object_get_string_member (json_object_get_object_member (node, "type"), member);
}

static gint64
array_int (JsonObject *object,
           const char *member,
           guint       index)
{
  return json_array_get_int_element (json_object_get_array_member (object, member), index);
}

static JsonNode *
read_tree (const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return melt_h5_tree_read (file, NULL, error);
}

static void
test_sample (void)
{
  g_autofree char *dir = g_dir_make_tmp ("meltline-h5-tree-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sample.h5", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) tree = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GChecksum) before = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GChecksum) after = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *contents = NULL;
  gsize length;
  JsonObject *root, *node, *attribute, *type, *filter;
  JsonArray *children, *array;

  write_sample_file (path);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_checksum_update (before, (const guchar *) contents, length);
  g_clear_pointer (&contents, g_free);

  tree = read_tree (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tree);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (tree), "unreadable"), ==, 0);

  /* the root, its children in name order */
  root = find (tree, "/");
  g_assert_cmpstr (json_object_get_string_member (root, "kind"), ==, "group");
  g_assert_cmpstr (json_object_get_string_member (root, "path"), ==, "/");
  children = json_object_get_array_member (root, "children");
  g_assert_cmpuint (json_array_get_length (children), ==, 5);
  {
    const char *order[] = { "links", "loop", "streams", "strings", "types" };

    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (children, i), "name"),
                       ==, order[i]);
  }

  /* attributes: names in order, small values shown, large ones summarised */
  array = json_object_get_array_member (root, "attributes");
  g_assert_cmpuint (json_array_get_length (array), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"),
                   ==, "format");
  attribute = find_attribute (root, "format");
  g_assert_cmpstr (json_object_get_string_member (attribute, "value"), ==, "meltline-run");
  type = json_object_get_object_member (attribute, "type");
  g_assert_cmpstr (json_object_get_string_member (type, "class"), ==, "string");
  g_assert_false (json_object_get_boolean_member (type, "variable"));
  g_assert_cmpint (json_object_get_int_member (type, "length"), ==, 12);
  g_assert_cmpstr (json_object_get_string_member (type, "charset"), ==, "ascii");
  attribute = find_attribute (root, "version");
  g_assert_cmpint (json_object_get_int_member (attribute, "value"), ==, 3);
  g_assert_cmpstr (type_string (attribute, "name"), ==, "int32");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (attribute, "shape"), "space"),
                   ==, "scalar");
  attribute = find_attribute (root, "scale");
  array = json_object_get_array_member (attribute, "value");
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpfloat (json_array_get_double_element (array, 1), ==, 1.0);
  g_assert_cmpstr (type_string (attribute, "name"), ==, "float64");
  attribute = find_attribute (root, "tenth");
  g_assert_cmpfloat (json_object_get_double_member (attribute, "value"), ==, 0.1);
  g_assert_cmpstr (type_string (attribute, "name"), ==, "float32");
  attribute = find_attribute (root, "many");
  g_assert_false (json_object_has_member (attribute, "value"));
  g_assert_cmpint (json_object_get_int_member (attribute, "elements"), ==, 100);
  attribute = find_attribute (root, "greeting");
  g_assert_cmpstr (json_object_get_string_member (attribute, "value"), ==, "héllo");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (attribute, "type"),
                                                 "variable"));
  g_assert_cmpstr (type_string (attribute, "charset"), ==, "utf-8");
  attribute = find_attribute (root, "long");
  g_assert_true (json_object_get_boolean_member (attribute, "truncated"));
  g_assert_cmpuint (strlen (json_object_get_string_member (attribute, "value")), ==, 64);
  attribute = find_attribute (root, "state");
  g_assert_cmpstr (json_object_get_string_member (attribute, "value"), ==, "ON");

  /* a chunked, shuffled, deflated dataset that can grow */
  node = find (tree, "/streams/laser/time");
  g_assert_cmpstr (json_object_get_string_member (node, "kind"), ==, "dataset");
  g_assert_cmpstr (json_object_get_string_member (node, "path"), ==, "/streams/laser/time");
  g_assert_cmpstr (type_string (node, "class"), ==, "float");
  g_assert_cmpstr (type_string (node, "name"), ==, "float64");
  g_assert_cmpint (array_int (json_object_get_object_member (node, "shape"), "dims", 0), ==, 1000);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_array_get_element (
    json_object_get_array_member (json_object_get_object_member (node, "shape"), "max_dims"), 0)));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (node, "storage"), "layout"),
                   ==, "chunked");
  g_assert_cmpint (array_int (json_object_get_object_member (node, "storage"), "chunk", 0), ==, 256);
  array = json_object_get_array_member (node, "filters");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  filter = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (filter, "name"), ==, "shuffle");
  g_assert_true (json_object_get_boolean_member (filter, "available"));
  filter = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (filter, "name"), ==, "deflate");
  g_assert_cmpint (json_object_get_int_member (filter, "level"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (find_attribute (node, "unit"), "value"), ==, "s");

  /* contiguous and compact; integer types; byte order (power is described
   * at /links/power, which comes first in name order) */
  node = find (tree, "/links/power");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (node, "storage"), "layout"),
                   ==, "contiguous");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (node, "filters")), ==, 0);
  g_assert_cmpstr (type_string (node, "name"), ==, "float32");
  node = find (tree, "/streams/laser/counts");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (node, "storage"), "layout"),
                   ==, "compact");
  g_assert_cmpstr (type_string (node, "name"), ==, "int64");
  g_assert_cmpstr (type_string (find (tree, "/streams/laser/ids"), "name"), ==, "uint32");
  node = find (tree, "/streams/laser/current");
  g_assert_cmpstr (type_string (node, "name"), ==, "int16");
  g_assert_cmpstr (type_string (node, "byte_order"), ==, "big");

  /* strings */
  node = find (tree, "/strings/fixed");
  g_assert_cmpstr (type_string (node, "class"), ==, "string");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (node, "type"), "length"), ==, 8);
  node = find (tree, "/strings/variable");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (node, "type"), "variable"));
  g_assert_cmpstr (type_string (node, "charset"), ==, "utf-8");

  /* an enum with its members, a compound with its fields */
  node = find (tree, "/types/state");
  type = json_object_get_object_member (node, "type");
  g_assert_cmpstr (json_object_get_string_member (type, "class"), ==, "enum");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (type, "base"), "name"),
                   ==, "uint8");
  array = json_object_get_array_member (type, "members");
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 2), "name"),
                   ==, "FAULT");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 2), "value"), ==, 2);

  node = find (tree, "/types/sample");
  type = json_object_get_object_member (node, "type");
  g_assert_cmpstr (json_object_get_string_member (type, "class"), ==, "compound");
  g_assert_cmpint (json_object_get_int_member (type, "size"), ==, sizeof (Sample));
  array = json_object_get_array_member (type, "fields");
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "name"), ==, "t");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 1), "offset"),
                   ==, G_STRUCT_OFFSET (Sample, t));
  g_assert_cmpstr (type_string (json_array_get_object_element (array, 0), "class"), ==, "enum");
  g_assert_cmpstr (type_string (json_array_get_object_element (array, 3), "name"), ==, "int32");

  node = find (tree, "/types/vector");
  type = json_object_get_object_member (node, "type");
  g_assert_cmpstr (json_object_get_string_member (type, "class"), ==, "array");
  g_assert_cmpint (array_int (type, "dims", 0), ==, 3);
  node = find (tree, "/types/opaque");
  g_assert_cmpstr (type_string (node, "class"), ==, "opaque");
  g_assert_cmpstr (type_string (node, "tag"), ==, "blob");
  node = find (tree, "/types/reference");
  g_assert_cmpstr (type_string (node, "class"), ==, "reference");
  g_assert_cmpstr (type_string (node, "kind"), ==, "object");
  node = find (tree, "/types/state_t");
  g_assert_cmpstr (json_object_get_string_member (node, "kind"), ==, "datatype");
  g_assert_cmpstr (type_string (node, "class"), ==, "enum");

  /* links: listed with their targets, not followed */
  node = find (tree, "/links/soft");
  g_assert_cmpstr (json_object_get_string_member (node, "kind"), ==, "soft-link");
  g_assert_cmpstr (json_object_get_string_member (node, "target"), ==, "/streams/laser/time");
  node = find (tree, "/links/dangling");
  g_assert_cmpstr (json_object_get_string_member (node, "target"), ==, "/nowhere");
  node = find (tree, "/links/external");
  g_assert_cmpstr (json_object_get_string_member (node, "kind"), ==, "external-link");
  g_assert_cmpstr (json_object_get_string_member (node, "file"), ==, "missing.h5");
  g_assert_cmpstr (json_object_get_string_member (node, "target"), ==, "/data");

  /* hard links: described at the first path in name order, then named */
  node = find (tree, "/links/power");
  g_assert_cmpstr (json_object_get_string_member (node, "kind"), ==, "dataset");
  g_assert_true (json_object_has_member (node, "type"));
  node = find (tree, "/streams/laser/power");
  g_assert_cmpstr (json_object_get_string_member (node, "same_as"), ==, "/links/power");
  node = find (tree, "/loop/inner/back");
  g_assert_cmpstr (json_object_get_string_member (node, "kind"), ==, "group");
  g_assert_cmpstr (json_object_get_string_member (node, "same_as"), ==, "/loop");
  g_assert_false (json_object_has_member (node, "children"));
  node = find (tree, "/loop/inner/root");
  g_assert_cmpstr (json_object_get_string_member (node, "same_as"), ==, "/");

  /* the text tree */
  text = melt_h5_tree_to_text (tree);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "/ "));
  g_assert_nonnull (strstr (text, "\n  @format "));
  g_assert_nonnull (strstr (text, "string \"meltline-run\"\n"));
  g_assert_nonnull (strstr (text, "int32 3\n"));
  g_assert_nonnull (strstr (text, "float64 [3] [0.5, 1, 2]\n"));
  g_assert_nonnull (strstr (text, "float32 0.1\n"));
  g_assert_nonnull (strstr (text, "\n  streams/ "));
  g_assert_nonnull (strstr (text, "\n      time "));
  g_assert_nonnull (strstr (text, "float64 [1000/unlimited]  chunked 256, shuffle+deflate(1)  (1 attribute)\n"
                                  "        @unit              string \"s\"\n"));
  g_assert_nonnull (strstr (text, "int16 (big-endian) [10]  contiguous\n"));
  g_assert_nonnull (strstr (text, "enum uint8 {OFF=0, ON=1, FAULT=2} [5]"));
  g_assert_nonnull (strstr (text, "compound {state: enum uint8 {OFF=0, ON=1, FAULT=2}, t: float64, "
                                  "x: float32, n: int32} [4]"));
  g_assert_nonnull (strstr (text, "array[3] float32 [2]"));
  g_assert_nonnull (strstr (text, "string[8] ascii [4]"));
  g_assert_nonnull (strstr (text, "vlen string utf-8 [3]"));
  g_assert_nonnull (strstr (text, "/streams/laser/time\n"));
  g_assert_nonnull (strstr (text, "missing.h5"));
  g_assert_nonnull (strstr (text, "/loop)\n"));

  /* the file was not changed */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_checksum_update (after, (const guchar *) contents, length);
  g_assert_cmpstr (g_checksum_get_string (before), ==, g_checksum_get_string (after));

  g_unlink (path);
  g_rmdir (dir);
}

/* A filter HDF5 lacks, optional so the dataset can be written: listed by
 * its id and name, marked as not available */
static void
test_unavailable_filter (void)
{
  g_autofree char *dir = g_dir_make_tmp ("meltline-h5-tree-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "filter.h5", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) tree = NULL;
  g_autofree char *text = NULL;
  hid_t file, dcpl;
  hsize_t chunk = 4;
  unsigned values[2] = { 7, 9 };
  JsonObject *filter;

  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
  file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  dcpl = H5Pcreate (H5P_DATASET_CREATE);
  H5Pset_chunk (dcpl, 1, &chunk);
  if (H5Pset_filter (dcpl, 32001, H5Z_FLAG_OPTIONAL, 2, values) < 0)
    {
      g_test_skip ("this HDF5 cannot set a filter it lacks");
      H5Pclose (dcpl);
      H5Fclose (file);
      g_unlink (path);
      g_rmdir (dir);
      return;
    }
  H5Dclose (add_dataset (file, "packed", H5T_NATIVE_INT, 16, 16, dcpl, NULL));
  H5Pclose (dcpl);
  H5Fclose (file);

  tree = read_tree (path, &error);
  g_assert_no_error (error);
  filter = json_array_get_object_element (json_object_get_array_member (find (tree, "/packed"), "filters"), 0);
  g_assert_cmpint (json_object_get_int_member (filter, "id"), ==, 32001);
  g_assert_cmpstr (json_object_get_string_member (filter, "name"), ==, "blosc");
  g_assert_false (json_object_get_boolean_member (filter, "available"));
  g_assert_cmpint (array_int (filter, "parameters", 1), ==, 9);
  text = melt_h5_tree_to_text (tree);
  g_assert_nonnull (strstr (text, "chunked 4, blosc#32001 (not available)"));

  g_unlink (path);
  g_rmdir (dir);
}

/* An object whose header is destroyed: shown as unreadable, the rest read */
static void
test_unreadable_object (void)
{
  g_autofree char *dir = g_dir_make_tmp ("meltline-h5-tree-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "damaged.h5", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) tree = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  H5O_info_t info;
  gsize length;
  hid_t file, dataset;
  int values[4] = { 1, 2, 3, 4 };
  JsonObject *node;

  file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  H5Dclose (add_dataset (file, "a", H5T_NATIVE_INT, 4, 4, H5P_DEFAULT, values));
  dataset = add_dataset (file, "broken", H5T_NATIVE_INT, 4, 4, H5P_DEFAULT, values);
  g_assert_cmpint (H5Oget_info2 (dataset, &info, H5O_INFO_BASIC), >=, 0);
  H5Dclose (dataset);
  H5Dclose (add_dataset (file, "c", H5T_NATIVE_INT, 4, 4, H5P_DEFAULT, values));
  H5Fclose (file);

  /* overwrite the start of the object header with garbage */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (info.addr + 16, <, length);
  memset (contents + info.addr, 0xff, 16);
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));

  tree = read_tree (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (tree), "unreadable"), ==, 1);
  node = find (tree, "/broken");
  g_assert_cmpstr (json_object_get_string_member (node, "kind"), ==, "unreadable");
  g_assert_true (json_object_has_member (node, "error"));
  g_assert_cmpstr (json_object_get_string_member (find (tree, "/a"), "kind"), ==, "dataset");
  g_assert_cmpstr (json_object_get_string_member (find (tree, "/c"), "kind"), ==, "dataset");
  text = melt_h5_tree_to_text (tree);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "\n  broken "));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_bad_input (void)
{
  g_autofree char *dir = g_dir_make_tmp ("meltline-h5-tree-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.h5", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.h5", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.h5", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.h5", NULL);
  g_autofree char *whole = g_build_filename (dir, "whole.h5", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) tree = read_tree (missing, &error);

    g_assert_null (tree);
    g_assert_error (error, MELT_H5_TREE_ERROR, MELT_H5_TREE_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "missing.h5"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) tree = read_tree (dir, &error);

    g_assert_null (tree);
    g_assert_error (error, MELT_H5_TREE_ERROR, MELT_H5_TREE_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "directory"));
  }
  g_assert_true (g_file_set_contents (text, "time,power\n0,100\n1,120\n", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) tree = read_tree (i == 0 ? text : empty, &error);

      g_assert_null (tree);
      g_assert_error (error, MELT_H5_TREE_ERROR, MELT_H5_TREE_ERROR_FORMAT);
      g_assert_nonnull (strstr (error->message, "not an HDF5 file"));
      g_assert_nonnull (strstr (error->message, i == 0 ? "notes.h5" : "empty.h5"));
    }

  /* an HDF5 file cut short after its superblock */
  write_sample_file (whole);
  g_assert_true (g_file_get_contents (whole, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (cut, contents, 200, NULL));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) tree = read_tree (cut, &error);

    /* HDF5 may open what is left or refuse it; it must not crash */
    if (tree == NULL)
      {
        g_assert_error (error, MELT_H5_TREE_ERROR, MELT_H5_TREE_ERROR_FORMAT);
        g_assert_nonnull (strstr (error->message, "cut.h5"));
      }
    else
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (tree), "unreadable"), >, 0);
  }

  g_unlink (missing);
  g_unlink (text);
  g_unlink (empty);
  g_unlink (cut);
  g_unlink (whole);
  g_rmdir (dir);
}

/* Every prefix of a valid file: an error or a tree, never a crash */
static void
test_truncated (void)
{
  g_autofree char *dir = g_dir_make_tmp ("meltline-h5-tree-XXXXXX", NULL);
  g_autofree char *whole = g_build_filename (dir, "whole.h5", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.h5", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  write_sample_file (whole);
  g_assert_true (g_file_get_contents (whole, &contents, &length, NULL));
  for (gsize size = 0; size < length; size += 97)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) tree = NULL;

      g_assert_true (g_file_set_contents (cut, contents, (gssize) size, NULL));
      tree = read_tree (cut, &error);
      g_assert_true ((tree == NULL) != (error == NULL));
      if (tree != NULL)
        g_free (melt_h5_tree_to_text (tree));
    }

  g_unlink (whole);
  g_unlink (cut);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/h5-tree/sample", test_sample);
  g_test_add_func ("/core/h5-tree/unavailable-filter", test_unavailable_filter);
  g_test_add_func ("/core/h5-tree/unreadable-object", test_unreadable_object);
  g_test_add_func ("/core/h5-tree/bad-input", test_bad_input);
  g_test_add_func ("/core/h5-tree/truncated", test_truncated);

  return g_test_run ();
}
