/* melt-h5-tree.c: the structure of any HDF5 file, as JSON and as an indented tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For someone writing a mapping file for a layout Meltline does not know:
 * every group, dataset and committed type with its type, shape, storage,
 * filters and attributes, children in name order. The file is opened
 * read-only (H5F_ACC_RDONLY) and nothing in it is changed. Soft and
 * external links are described, never followed; each object is described
 * once, at the first path that reaches it, so hard-link cycles end.
 *
 * Bad input never crashes and never allocates what the file merely claims:
 * attribute values are read only when small (MAX_VALUE_ELEMENTS elements,
 * fixed strings up to MAX_FIXED_STRING bytes), link values up to
 * MAX_LINK_VALUE bytes, groups and types only so deep. What cannot be read
 * is marked in the tree with an "error" and the walk goes on.
 *
 * HDF5 prints nothing while we work (its automatic error printing is turned
 * off); its innermost message is added to ours. HDF5 need not be built
 * thread-safe (the Flatpak's is not): every call from this file holds the
 * core's one HDF5 lock (melt-hdf5-private.h).
 *
 * TRANSLATORS read this too: the words of HDF5 itself in the text tree
 * (group, dataset, chunked, contiguous, int32, float64, string, enum,
 * compound, deflate, …) are kept in English, as the user writes them in a
 * mapping file and finds them in HDF5's documentation; the prose around
 * them is translated.
 */

#define G_LOG_DOMAIN "melt-h5-tree"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <hdf5.h>
#include <math.h>
#include <string.h>

#include "melt-h5-tree.h"
#include "melt-hdf5-private.h"

/* Groups nested deeper are not entered (each level is a C stack frame) */
#define MAX_DEPTH          256
/* Types nested deeper (arrays of compounds of arrays …) are not described */
#define MAX_TYPE_DEPTH     16
/* Members of an enum and fields of a compound listed; the rest are counted */
#define MAX_TYPE_MEMBERS   1024
/* Attribute values are read when they have at most this many elements … */
#define MAX_VALUE_ELEMENTS 8
/* … fixed-size strings of at most this many bytes each; */
#define MAX_FIXED_STRING   (64 * 1024)
/* strings longer than MAX_STRING_BYTES are cut to SHOWN_CHARS characters */
#define MAX_STRING_BYTES   128
#define SHOWN_CHARS        64
/* Soft and external link values larger than this are not read */
#define MAX_LINK_VALUE     (64 * 1024)
/* Parameters of a filter kept */
#define MAX_FILTER_VALUES  32
/* Enum members and compound fields shown on one line of the text tree */
#define TEXT_MEMBERS       8

G_DEFINE_QUARK (melt-h5-tree-error-quark, melt_h5_tree_error)


/* Where an object was described, for the hard links that reach it again */
typedef struct
{
  char       *path;
  const char *kind;
} Seen;

typedef struct
{
  GHashTable   *seen;         /* object address (gint64) → Seen */
  GCancellable *cancellable;
  guint         n_unreadable;
} Walk;

static void
seen_free (gpointer data)
{
  Seen *seen = data;

  g_free (seen->path);
  g_free (seen);
}

/* Errors */

/* @what, plus HDF5's own message when it has one */
static char *
with_hdf5_error (const char *what)
{
  g_autofree char *hdf5 = _melt_hdf5_take_error ();

  if (hdf5 != NULL)
    return g_strdup_printf ("%s (HDF5: %s)", what, hdf5);
  return g_strdup (what);
}

/* Marks @node as not wholly read: its "error" says what failed (several
 * failures are joined by “; ”) */
static void
add_error (Walk       *walk,
           JsonObject *node,
           const char *what)
{
  g_autofree char *message = with_hdf5_error (what);

  if (json_object_has_member (node, "error"))
    {
      g_autofree char *joined = g_strdup_printf ("%s; %s",
                                                 json_object_get_string_member (node, "error"),
                                                 message);

      json_object_set_string_member (node, "error", joined);
      return;
    }
  json_object_set_string_member (node, "error", message);
  walk->n_unreadable++;
}

/* Strings from the file as JSON strings: valid UTF-8 whatever the bytes */
static void
set_string (JsonObject *object,
            const char *member,
            const char *bytes)
{
  g_autofree char *valid = g_utf8_make_valid (bytes, -1);

  json_object_set_string_member (object, member, valid);
}

static JsonArray *
dims_array (const hsize_t *dims,
            int            rank,
            gboolean       unlimited_as_null)
{
  JsonArray *array = json_array_new ();

  for (int i = 0; i < rank; i++)
    {
      if (unlimited_as_null && dims[i] == H5S_UNLIMITED)
        json_array_add_null_element (array);
      else
        json_array_add_int_element (array, (gint64) MIN (dims[i], (hsize_t) G_MAXINT64));
    }
  return array;
}

/* Types */

static const char *
byte_order (hid_t type)
{
  switch (H5Tget_order (type))
    {
    case H5T_ORDER_LE: return "little";
    case H5T_ORDER_BE: return "big";
    case H5T_ORDER_VAX:
    case H5T_ORDER_MIXED: return "other";
    case H5T_ORDER_ERROR:
    case H5T_ORDER_NONE:
    default: return NULL;
    }
}

static gint64
native_integer (const guint8 *p,
                gsize         size,
                gboolean      is_signed)
{
  switch (size)
    {
    case 1: { gint8 s; guint8 u; memcpy (&s, p, 1); memcpy (&u, p, 1); return is_signed ? s : u; }
    case 2: { gint16 s; guint16 u; memcpy (&s, p, 2); memcpy (&u, p, 2); return is_signed ? s : u; }
    case 4: { gint32 s; guint32 u; memcpy (&s, p, 4); memcpy (&u, p, 4); return is_signed ? s : (gint64) u; }
    case 8: { gint64 s; memcpy (&s, p, 8); return s; }
    default: return 0;
    }
}

static JsonObject *describe_type (Walk       *walk,
                                  hid_t       type,
                                  guint       depth);

static void
describe_number (JsonObject *object,
                 hid_t       type,
                 gboolean    is_float)
{
  gsize size = H5Tget_size (type);
  gsize precision = H5Tget_precision (type);
  const char *order = byte_order (type);
  g_autofree char *name = NULL;

  if (is_float)
    name = g_strdup_printf ("float%" G_GSIZE_FORMAT, size * 8);
  else
    name = g_strdup_printf ("%sint%" G_GSIZE_FORMAT,
                            H5Tget_sign (type) == H5T_SGN_2 ? "" : "u", size * 8);
  json_object_set_string_member (object, "name", name);
  json_object_set_int_member (object, "size", (gint64) size);
  if (precision > 0 && precision != size * 8)
    json_object_set_int_member (object, "precision", (gint64) precision);
  if (order != NULL)
    json_object_set_string_member (object, "byte_order", order);
}

static void
describe_string (JsonObject *object,
                 hid_t       type)
{
  htri_t variable = H5Tis_variable_str (type);

  json_object_set_boolean_member (object, "variable", variable > 0);
  if (variable <= 0)
    json_object_set_int_member (object, "length", (gint64) H5Tget_size (type));
  json_object_set_string_member (object, "charset",
                                 H5Tget_cset (type) == H5T_CSET_UTF8 ? "utf-8" : "ascii");
  switch (H5Tget_strpad (type))
    {
    case H5T_STR_NULLTERM: json_object_set_string_member (object, "padding", "null-terminated"); break;
    case H5T_STR_NULLPAD: json_object_set_string_member (object, "padding", "null-padded"); break;
    case H5T_STR_SPACEPAD: json_object_set_string_member (object, "padding", "space-padded"); break;
    case H5T_STR_ERROR:
    case H5T_STR_RESERVED_3: case H5T_STR_RESERVED_4: case H5T_STR_RESERVED_5:
    case H5T_STR_RESERVED_6: case H5T_STR_RESERVED_7: case H5T_STR_RESERVED_8:
    case H5T_STR_RESERVED_9: case H5T_STR_RESERVED_10: case H5T_STR_RESERVED_11:
    case H5T_STR_RESERVED_12: case H5T_STR_RESERVED_13: case H5T_STR_RESERVED_14:
    case H5T_STR_RESERVED_15:
    default: break;
    }
}

static void
describe_enum (Walk       *walk,
               JsonObject *object,
               hid_t       type,
               guint       depth)
{
  g_auto(MeltH5Type) base = H5Tget_super (type);
  g_auto(MeltH5Type) native = H5Tget_native_type (type, H5T_DIR_ASCEND);
  g_auto(MeltH5Type) native_base = H5I_INVALID_HID;
  JsonArray *members = json_array_new ();
  int n = H5Tget_nmembers (type);
  gsize size = 0;
  gboolean is_signed = FALSE;

  if (base >= 0)
    json_object_set_object_member (object, "base", describe_type (walk, base, depth + 1));
  if (native >= 0)
    {
      native_base = H5Tget_super (native);
      size = H5Tget_size (native);
      is_signed = native_base >= 0 && H5Tget_sign (native_base) == H5T_SGN_2;
    }

  for (int i = 0; i < MIN (n, MAX_TYPE_MEMBERS); i++)
    {
      JsonObject *member = json_object_new ();
      char *name = H5Tget_member_name (type, (unsigned) i);
      guint8 value[8] = { 0 };

      if (name != NULL)
        {
          set_string (member, "name", name);
          H5free_memory (name);
        }
      if (size > 0 && size <= sizeof value && H5Tget_member_value (native, (unsigned) i, value) >= 0)
        json_object_set_int_member (member, "value", native_integer (value, size, is_signed));
      json_array_add_object_element (members, member);
    }
  H5Eclear2 (H5E_DEFAULT);
  json_object_set_array_member (object, "members", members);
  json_object_set_int_member (object, "member_count", MAX (n, 0));
}

static void
describe_compound (Walk       *walk,
                   JsonObject *object,
                   hid_t       type,
                   guint       depth)
{
  JsonArray *fields = json_array_new ();
  int n = H5Tget_nmembers (type);

  json_object_set_int_member (object, "size", (gint64) H5Tget_size (type));
  for (int i = 0; i < MIN (n, MAX_TYPE_MEMBERS); i++)
    {
      JsonObject *field = json_object_new ();
      char *name = H5Tget_member_name (type, (unsigned) i);
      g_auto(MeltH5Type) member = H5Tget_member_type (type, (unsigned) i);

      if (name != NULL)
        {
          set_string (field, "name", name);
          H5free_memory (name);
        }
      json_object_set_int_member (field, "offset", (gint64) H5Tget_member_offset (type, (unsigned) i));
      if (member >= 0)
        json_object_set_object_member (field, "type", describe_type (walk, member, depth + 1));
      json_array_add_object_element (fields, field);
    }
  H5Eclear2 (H5E_DEFAULT);
  json_object_set_array_member (object, "fields", fields);
  json_object_set_int_member (object, "field_count", MAX (n, 0));
}

/* A JSON description of @type; see melt-h5-tree.h */
static JsonObject *
describe_type (Walk  *walk,
               hid_t  type,
               guint  depth)
{
  JsonObject *object = json_object_new ();
  H5T_class_t type_class = H5Tget_class (type);

  if (depth > MAX_TYPE_DEPTH)
    {
      json_object_set_string_member (object, "class", "unknown");
      json_object_set_string_member (object, "error", _("types nested too deeply to describe"));
      return object;
    }

  switch (type_class)
    {
    case H5T_INTEGER:
      json_object_set_string_member (object, "class", "integer");
      describe_number (object, type, FALSE);
      break;

    case H5T_FLOAT:
      json_object_set_string_member (object, "class", "float");
      describe_number (object, type, TRUE);
      break;

    case H5T_STRING:
      json_object_set_string_member (object, "class", "string");
      describe_string (object, type);
      break;

    case H5T_ENUM:
      json_object_set_string_member (object, "class", "enum");
      describe_enum (walk, object, type, depth);
      break;

    case H5T_COMPOUND:
      json_object_set_string_member (object, "class", "compound");
      describe_compound (walk, object, type, depth);
      break;

    case H5T_ARRAY:
      {
        int rank = H5Tget_array_ndims (type);
        hsize_t dims[H5S_MAX_RANK];
        g_auto(MeltH5Type) base = H5Tget_super (type);

        json_object_set_string_member (object, "class", "array");
        if (rank >= 0 && rank <= H5S_MAX_RANK && H5Tget_array_dims2 (type, dims) == rank)
          json_object_set_array_member (object, "dims", dims_array (dims, rank, FALSE));
        if (base >= 0)
          json_object_set_object_member (object, "base", describe_type (walk, base, depth + 1));
      }
      break;

    case H5T_VLEN:
      {
        g_auto(MeltH5Type) base = H5Tget_super (type);

        json_object_set_string_member (object, "class", "vlen");
        if (base >= 0)
          json_object_set_object_member (object, "base", describe_type (walk, base, depth + 1));
      }
      break;

    case H5T_OPAQUE:
      {
        char *tag = H5Tget_tag (type);

        json_object_set_string_member (object, "class", "opaque");
        json_object_set_int_member (object, "size", (gint64) H5Tget_size (type));
        if (tag != NULL)
          {
            set_string (object, "tag", tag);
            H5free_memory (tag);
          }
      }
      break;

    case H5T_REFERENCE:
      json_object_set_string_member (object, "class", "reference");
      if (H5Tequal (type, H5T_STD_REF_OBJ) > 0)
        json_object_set_string_member (object, "kind", "object");
      else if (H5Tequal (type, H5T_STD_REF_DSETREG) > 0)
        json_object_set_string_member (object, "kind", "region");
      else
        json_object_set_string_member (object, "kind", "other");
      json_object_set_int_member (object, "size", (gint64) H5Tget_size (type));
      break;

    case H5T_BITFIELD:
      json_object_set_string_member (object, "class", "bitfield");
      json_object_set_int_member (object, "size", (gint64) H5Tget_size (type));
      break;

    case H5T_TIME:
      json_object_set_string_member (object, "class", "time");
      json_object_set_int_member (object, "size", (gint64) H5Tget_size (type));
      break;

    case H5T_NO_CLASS:
    case H5T_NCLASSES:
    default:
      json_object_set_string_member (object, "class", "unknown");
      break;
    }

  H5Eclear2 (H5E_DEFAULT);
  return object;
}

/* Shapes */

static JsonObject *
describe_space (hid_t     space,
                hssize_t *n_elements)
{
  JsonObject *object = json_object_new ();
  hsize_t dims[H5S_MAX_RANK];
  hsize_t max_dims[H5S_MAX_RANK];
  int rank;

  *n_elements = -1;
  switch (H5Sget_simple_extent_type (space))
    {
    case H5S_SCALAR:
      json_object_set_string_member (object, "space", "scalar");
      json_object_set_array_member (object, "dims", json_array_new ());
      json_object_set_array_member (object, "max_dims", json_array_new ());
      *n_elements = 1;
      break;

    case H5S_NULL:
      json_object_set_string_member (object, "space", "null");
      *n_elements = 0;
      break;

    case H5S_SIMPLE:
      json_object_set_string_member (object, "space", "simple");
      rank = H5Sget_simple_extent_ndims (space);
      if (rank >= 0 && rank <= H5S_MAX_RANK &&
          H5Sget_simple_extent_dims (space, dims, max_dims) == rank)
        {
          json_object_set_array_member (object, "dims", dims_array (dims, rank, FALSE));
          json_object_set_array_member (object, "max_dims", dims_array (max_dims, rank, TRUE));
          *n_elements = H5Sget_simple_extent_npoints (space);
        }
      break;

    case H5S_NO_CLASS:
    default:
      json_object_set_string_member (object, "space", "unknown");
      break;
    }
  return object;
}

/* Datasets: storage and filters */

static const char *
filter_name (H5Z_filter_t id)
{
  switch (id)
    {
    case H5Z_FILTER_DEFLATE: return "deflate";
    case H5Z_FILTER_SHUFFLE: return "shuffle";
    case H5Z_FILTER_FLETCHER32: return "fletcher32";
    case H5Z_FILTER_SZIP: return "szip";
    case H5Z_FILTER_NBIT: return "nbit";
    case H5Z_FILTER_SCALEOFFSET: return "scaleoffset";
    /* registered with The HDF Group, often met in files from Python */
    case 307: return "bzip2";
    case 32000: return "lzf";
    case 32001: return "blosc";
    case 32004: return "lz4";
    case 32008: return "bitshuffle";
    case 32013: return "zfp";
    case 32015: return "zstd";
    case 32017: return "sz";
    case 32026: return "blosc2";
    default: return NULL;
    }
}

static JsonObject *
describe_filter (hid_t    dcpl,
                 unsigned index)
{
  JsonObject *object = json_object_new ();
  unsigned flags = 0, config = 0;
  size_t n_values = MAX_FILTER_VALUES;
  unsigned values[MAX_FILTER_VALUES] = { 0 };
  char stored[256] = "";
  H5Z_filter_t id;
  JsonArray *parameters;
  const char *name;

  id = H5Pget_filter2 (dcpl, index, &flags, &n_values, values, sizeof stored, stored, &config);
  if (id < 0)
    {
      g_autofree char *message = with_hdf5_error (_("cannot read the filter"));

      json_object_set_string_member (object, "error", message);
      return object;
    }
  stored[sizeof stored - 1] = '\0';
  n_values = MIN (n_values, MAX_FILTER_VALUES);

  name = filter_name (id);
  json_object_set_int_member (object, "id", id);
  if (name != NULL)
    json_object_set_string_member (object, "name", name);
  else if (stored[0] != '\0')
    set_string (object, "name", stored);
  else
    json_object_set_null_member (object, "name");

  if (id == H5Z_FILTER_DEFLATE && n_values >= 1)
    json_object_set_int_member (object, "level", values[0]);
  if (id == H5Z_FILTER_SZIP && n_values >= 2)
    {
      json_object_set_string_member (object, "coding",
                                     values[0] & H5_SZIP_NN_OPTION_MASK ? "nn" : "ec");
      json_object_set_int_member (object, "pixels_per_block", values[1]);
    }

  json_object_set_boolean_member (object, "available", H5Zfilter_avail (id) > 0);
  json_object_set_boolean_member (object, "optional", (flags & H5Z_FLAG_OPTIONAL) != 0);
  parameters = json_array_new ();
  for (size_t i = 0; i < n_values; i++)
    json_array_add_int_element (parameters, values[i]);
  json_object_set_array_member (object, "parameters", parameters);
  H5Eclear2 (H5E_DEFAULT);
  return object;
}

static void
describe_storage (Walk       *walk,
                  JsonObject *node,
                  hid_t       dataset)
{
  g_auto(MeltH5Plist) dcpl = H5Dget_create_plist (dataset);
  JsonObject *storage;
  JsonArray *filters;
  H5D_layout_t layout;
  int n_filters, n_external;

  if (dcpl < 0)
    {
      add_error (walk, node, _("cannot read how the dataset is stored"));
      return;
    }

  storage = json_object_new ();
  layout = H5Pget_layout (dcpl);
  switch (layout)
    {
    case H5D_COMPACT: json_object_set_string_member (storage, "layout", "compact"); break;
    case H5D_CONTIGUOUS: json_object_set_string_member (storage, "layout", "contiguous"); break;
    case H5D_VIRTUAL: json_object_set_string_member (storage, "layout", "virtual"); break;
    case H5D_CHUNKED:
      {
        hsize_t chunk[H5S_MAX_RANK];
        int rank = H5Pget_chunk (dcpl, H5S_MAX_RANK, chunk);

        json_object_set_string_member (storage, "layout", "chunked");
        if (rank >= 0 && rank <= H5S_MAX_RANK)
          json_object_set_array_member (storage, "chunk", dims_array (chunk, rank, FALSE));
      }
      break;
    case H5D_LAYOUT_ERROR:
    case H5D_NLAYOUTS:
    default:
      json_object_set_string_member (storage, "layout", "unknown");
      break;
    }
  n_external = H5Pget_external_count (dcpl);
  if (n_external > 0)
    json_object_set_int_member (storage, "external_files", n_external);
  json_object_set_object_member (node, "storage", storage);

  filters = json_array_new ();
  n_filters = H5Pget_nfilters (dcpl);
  for (int i = 0; i < n_filters; i++)
    json_array_add_object_element (filters, describe_filter (dcpl, (unsigned) i));
  json_object_set_array_member (node, "filters", filters);
  H5Eclear2 (H5E_DEFAULT);
}

/* Attribute values */

/* The shortest decimal that reads back as @value (a float when @single) */
static void
shortest_decimal (char     *buffer,
                  gsize     size,
                  double    value,
                  gboolean  single)
{
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, size, format, value);
      if (single ? (float) g_ascii_strtod (buffer, NULL) == (float) value
                 : g_ascii_strtod (buffer, NULL) == value)
        return;
    }
}

static JsonNode *
double_node (double   value,
             gboolean single)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* JSON has no NaN or infinity */
  if (isnan (value))
    return json_node_init_string (json_node_alloc (), "nan");
  if (isinf (value))
    return json_node_init_string (json_node_alloc (), value > 0 ? "inf" : "-inf");
  if (!single)
    return json_node_init_double (json_node_alloc (), value);
  /* 0.1f is kept as 0.1, not 0.100000001490116 */
  shortest_decimal (buffer, sizeof buffer, value, TRUE);
  return json_node_init_double (json_node_alloc (), g_ascii_strtod (buffer, NULL));
}

/* A string value from @len bytes: whole when short, else its first
 * SHOWN_CHARS characters and *truncated set */
static JsonNode *
string_node (const char *bytes,
             gsize       len,
             gboolean   *truncated)
{
  g_autofree char *valid = g_utf8_make_valid (bytes, (gssize) len);

  if (len > MAX_STRING_BYTES && g_utf8_strlen (valid, -1) > SHOWN_CHARS)
    {
      *g_utf8_offset_to_pointer (valid, SHOWN_CHARS) = '\0';
      *truncated = TRUE;
    }
  return json_node_init_string (json_node_alloc (), valid);
}

static gboolean
read_integers (hid_t      attr,
               hid_t      type,
               hssize_t   n,
               JsonNode **values)
{
  if (H5Tget_sign (type) == H5T_SGN_2)
    {
      gint64 v[MAX_VALUE_ELEMENTS];

      if (H5Aread (attr, H5T_NATIVE_LLONG, v) < 0)
        return FALSE;
      for (hssize_t i = 0; i < n; i++)
        values[i] = json_node_init_int (json_node_alloc (), v[i]);
    }
  else
    {
      guint64 v[MAX_VALUE_ELEMENTS];

      if (H5Aread (attr, H5T_NATIVE_ULLONG, v) < 0)
        return FALSE;
      for (hssize_t i = 0; i < n; i++)
        {
          if (v[i] <= G_MAXINT64)
            values[i] = json_node_init_int (json_node_alloc (), (gint64) v[i]);
          else
            {
              /* beyond JSON's integers: kept exact as a string */
              g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, v[i]);

              values[i] = json_node_init_string (json_node_alloc (), text);
            }
        }
    }
  return TRUE;
}

static gboolean
read_floats (hid_t      attr,
             hid_t      type,
             hssize_t   n,
             JsonNode **values)
{
  if (H5Tget_size (type) <= 4)
    {
      float v[MAX_VALUE_ELEMENTS];

      if (H5Aread (attr, H5T_NATIVE_FLOAT, v) < 0)
        return FALSE;
      for (hssize_t i = 0; i < n; i++)
        values[i] = double_node (v[i], TRUE);
    }
  else
    {
      double v[MAX_VALUE_ELEMENTS];

      if (H5Aread (attr, H5T_NATIVE_DOUBLE, v) < 0)
        return FALSE;
      for (hssize_t i = 0; i < n; i++)
        values[i] = double_node (v[i], FALSE);
    }
  return TRUE;
}

static gboolean
read_strings (hid_t      attr,
              hid_t      type,
              hid_t      space,
              hssize_t   n,
              JsonNode **values,
              gboolean  *truncated)
{
  if (H5Tis_variable_str (type) > 0)
    {
      g_auto(MeltH5Type) memory = H5Tcopy (H5T_C_S1);
      char *v[MAX_VALUE_ELEMENTS] = { NULL };

      if (memory < 0 || H5Tset_size (memory, H5T_VARIABLE) < 0 ||
          H5Tset_cset (memory, H5Tget_cset (type)) < 0 || H5Aread (attr, memory, v) < 0)
        return FALSE;
      for (hssize_t i = 0; i < n; i++)
        {
          if (v[i] == NULL)
            values[i] = json_node_init_null (json_node_alloc ());
          else
            values[i] = string_node (v[i], strlen (v[i]), truncated);
        }
      H5Dvlen_reclaim (memory, space, H5P_DEFAULT, v);
    }
  else
    {
      gsize size = H5Tget_size (type);
      g_auto(MeltH5Type) memory = H5I_INVALID_HID;
      g_autofree char *buffer = NULL;
      gboolean space_padded = H5Tget_strpad (type) == H5T_STR_SPACEPAD;

      if (size == 0 || size > MAX_FIXED_STRING)
        return FALSE;
      memory = H5Tcopy (type);
      buffer = g_malloc0 (size * (gsize) n + 1);
      if (memory < 0 || H5Aread (attr, memory, buffer) < 0)
        return FALSE;
      for (hssize_t i = 0; i < n; i++)
        {
          const char *s = buffer + (gsize) i * size;
          gsize len = strnlen (s, size);

          while (space_padded && len > 0 && s[len - 1] == ' ')
            len--;
          values[i] = string_node (s, len, truncated);
        }
    }
  return TRUE;
}

static gboolean
read_enums (hid_t      attr,
            hid_t      type,
            hssize_t   n,
            JsonNode **values)
{
  g_auto(MeltH5Type) memory = H5Tget_native_type (type, H5T_DIR_ASCEND);
  g_auto(MeltH5Type) base = H5I_INVALID_HID;
  guint8 v[MAX_VALUE_ELEMENTS * 8];
  gsize size;
  gboolean is_signed;

  if (memory < 0)
    return FALSE;
  size = H5Tget_size (memory);
  base = H5Tget_super (memory);
  if (size == 0 || size > 8 || base < 0 || H5Aread (attr, memory, v) < 0)
    return FALSE;
  is_signed = H5Tget_sign (base) == H5T_SGN_2;

  for (hssize_t i = 0; i < n; i++)
    {
      char name[256];

      /* a member's name, or the number when no member has that value */
      if (H5Tenum_nameof (memory, v + i * size, name, sizeof name) >= 0)
        {
          g_autofree char *valid = g_utf8_make_valid (name, -1);

          values[i] = json_node_init_string (json_node_alloc (), valid);
        }
      else
        values[i] = json_node_init_int (json_node_alloc (), native_integer (v + i * size, size, is_signed));
    }
  H5Eclear2 (H5E_DEFAULT);
  return TRUE;
}

/* The value of a small attribute of numbers, strings or an enum in *value:
 * one node for a scalar, an array for a simple dataspace; NULL when too
 * large or of another type (the attribute's type and shape then say what it
 * is). FALSE when HDF5 failed to read it. */
static gboolean
read_attribute_value (hid_t      attr,
                      hid_t      type,
                      hid_t      space,
                      hssize_t   n,
                      JsonNode **value,
                      gboolean  *truncated)
{
  JsonNode *values[MAX_VALUE_ELEMENTS] = { NULL };
  H5S_class_t space_class = H5Sget_simple_extent_type (space);
  gboolean ok;
  JsonArray *array;

  *value = NULL;
  if (n < 1 || n > MAX_VALUE_ELEMENTS || (space_class != H5S_SCALAR && space_class != H5S_SIMPLE))
    return TRUE;

  switch (H5Tget_class (type))
    {
    case H5T_INTEGER:
      if (H5Tget_size (type) > 8)
        return TRUE;
      ok = read_integers (attr, type, n, values);
      break;
    case H5T_FLOAT:
      ok = read_floats (attr, type, n, values);
      break;
    case H5T_STRING:
      if (H5Tis_variable_str (type) <= 0 && H5Tget_size (type) > MAX_FIXED_STRING)
        return TRUE;
      ok = read_strings (attr, type, space, n, values, truncated);
      break;
    case H5T_ENUM:
      if (H5Tget_size (type) > 8)
        return TRUE;
      ok = read_enums (attr, type, n, values);
      break;
    case H5T_NO_CLASS: case H5T_TIME: case H5T_BITFIELD: case H5T_OPAQUE: case H5T_COMPOUND:
    case H5T_REFERENCE: case H5T_VLEN: case H5T_ARRAY: case H5T_NCLASSES:
    default:
      return TRUE;
    }

  if (!ok)
    {
      for (guint i = 0; i < G_N_ELEMENTS (values); i++)
        g_clear_pointer (&values[i], json_node_unref);
      return FALSE;
    }
  if (space_class == H5S_SCALAR)
    {
      *value = values[0];
      return TRUE;
    }

  array = json_array_sized_new ((guint) n);
  for (hssize_t i = 0; i < n; i++)
    json_array_add_element (array, values[i]);
  *value = json_node_init_array (json_node_alloc (), array);
  return TRUE;
}

/* Attributes */

static herr_t
collect_name (hid_t              location,
              const char        *name,
              const H5A_info_t  *info,
              void              *data)
{
  g_ptr_array_add (data, g_strdup (name));
  return 0;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static JsonObject *
describe_attribute (Walk       *walk,
                    hid_t       object,
                    const char *name)
{
  JsonObject *node = json_object_new ();
  g_auto(MeltH5Attr) attr = H5I_INVALID_HID;
  g_auto(MeltH5Type) type = H5I_INVALID_HID;
  g_auto(MeltH5Space) space = H5I_INVALID_HID;
  JsonNode *value;
  gboolean truncated = FALSE;
  hssize_t n;

  set_string (node, "name", name);
  attr = H5Aopen (object, name, H5P_DEFAULT);
  if (attr < 0)
    {
      add_error (walk, node, _("cannot open the attribute"));
      return node;
    }
  type = H5Aget_type (attr);
  space = H5Aget_space (attr);
  if (type < 0 || space < 0)
    {
      add_error (walk, node, _("cannot read the attribute’s type or shape"));
      return node;
    }

  json_object_set_object_member (node, "type", describe_type (walk, type, 0));
  json_object_set_object_member (node, "shape", describe_space (space, &n));
  if (n >= 0)
    json_object_set_int_member (node, "elements", n);

  if (!read_attribute_value (attr, type, space, n, &value, &truncated))
    add_error (walk, node, _("cannot read the attribute’s value"));
  else if (value != NULL)
    {
      json_object_set_member (node, "value", value);
      if (truncated)
        json_object_set_boolean_member (node, "truncated", TRUE);
    }
  H5Eclear2 (H5E_DEFAULT);
  return node;
}

static void
describe_attributes (Walk       *walk,
                     JsonObject *node,
                     hid_t       object)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonArray *attributes = json_array_new ();
  hsize_t index = 0;

  if (H5Aiterate2 (object, H5_INDEX_NAME, H5_ITER_INC, &index, collect_name, names) < 0)
    add_error (walk, node, _("cannot list every attribute"));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    json_array_add_object_element (attributes,
                                   describe_attribute (walk, object, g_ptr_array_index (names, i)));
  json_object_set_array_member (node, "attributes", attributes);
}

/* Objects and links */

static char *
child_path (const char *parent,
            const char *name)
{
  if (g_str_equal (parent, "/"))
    return g_strconcat ("/", name, NULL);
  return g_strconcat (parent, "/", name, NULL);
}

static void walk_group (Walk       *walk,
                        JsonObject *node,
                        hid_t       group,
                        const char *path,
                        guint       depth);

static void
describe_dataset (Walk       *walk,
                  JsonObject *node,
                  hid_t       dataset)
{
  g_auto(MeltH5Type) type = H5Dget_type (dataset);
  g_auto(MeltH5Space) space = H5Dget_space (dataset);
  hssize_t n;

  if (type >= 0)
    json_object_set_object_member (node, "type", describe_type (walk, type, 0));
  else
    add_error (walk, node, _("cannot read the dataset’s type"));
  if (space >= 0)
    json_object_set_object_member (node, "shape", describe_space (space, &n));
  else
    add_error (walk, node, _("cannot read the dataset’s shape"));
  describe_storage (walk, node, dataset);
  json_object_set_int_member (node, "storage_bytes", (gint64) H5Dget_storage_size (dataset));
  H5Eclear2 (H5E_DEFAULT);
}

/* Describes the object at @name in @group, reached by a hard link, unless
 * it was described already */
static void
walk_hard_link (Walk       *walk,
                JsonObject *node,
                hid_t       group,
                const char *name,
                const char *path,
                haddr_t     address,
                guint       depth)
{
  g_auto(MeltH5Object) object = H5I_INVALID_HID;
  gint64 key = (gint64) address;
  H5O_info_t info;
  Seen *seen;

  seen = g_hash_table_lookup (walk->seen, &key);
  if (seen != NULL)
    {
      json_object_set_string_member (node, "kind", seen->kind);
      json_object_set_string_member (node, "same_as", seen->path);
      return;
    }

  object = H5Oopen (group, name, H5P_DEFAULT);
  if (object < 0 || H5Oget_info2 (object, &info, H5O_INFO_BASIC) < 0)
    {
      json_object_set_string_member (node, "kind", "unreadable");
      add_error (walk, node, _("cannot open the object"));
      return;
    }

  seen = g_new0 (Seen, 1);
  seen->path = g_strdup (json_object_get_string_member (node, "path"));
  switch (info.type)
    {
    case H5O_TYPE_GROUP: seen->kind = "group"; break;
    case H5O_TYPE_DATASET: seen->kind = "dataset"; break;
    case H5O_TYPE_NAMED_DATATYPE: seen->kind = "datatype"; break;
    case H5O_TYPE_UNKNOWN:
    case H5O_TYPE_NTYPES:
    default: seen->kind = "unreadable"; break;
    }
  g_hash_table_insert (walk->seen, g_memdup2 (&key, sizeof key), seen);
  json_object_set_string_member (node, "kind", seen->kind);

  switch (info.type)
    {
    case H5O_TYPE_GROUP:
      describe_attributes (walk, node, object);
      walk_group (walk, node, object, path, depth);
      break;

    case H5O_TYPE_DATASET:
      describe_dataset (walk, node, object);
      describe_attributes (walk, node, object);
      break;

    case H5O_TYPE_NAMED_DATATYPE:
      json_object_set_object_member (node, "type", describe_type (walk, object, 0));
      describe_attributes (walk, node, object);
      break;

    case H5O_TYPE_UNKNOWN:
    case H5O_TYPE_NTYPES:
    default:
      add_error (walk, node, _("an object of a kind HDF5 does not know"));
      break;
    }
}

/* A link's value (the target of a soft link, the file and path of an
 * external one), read only when of a sensible size */
static char *
read_link_value (hid_t       group,
                 const char *name,
                 gsize       size)
{
  g_autofree char *value = NULL;

  if (size == 0 || size > MAX_LINK_VALUE)
    return NULL;
  value = g_malloc0 (size + 1);
  if (H5Lget_val (group, name, value, size, H5P_DEFAULT) < 0)
    return NULL;
  return g_steal_pointer (&value);
}

static JsonObject *
walk_link (Walk       *walk,
           hid_t       group,
           const char *name,
           const char *path,
           guint       depth)
{
  JsonObject *node = json_object_new ();
  g_autofree char *value = NULL;
  H5L_info_t info;

  set_string (node, "name", name);
  set_string (node, "path", path);
  if (H5Lget_info (group, name, &info, H5P_DEFAULT) < 0)
    {
      json_object_set_string_member (node, "kind", "unreadable");
      add_error (walk, node, _("cannot read the link"));
      return node;
    }

  switch (info.type)
    {
    case H5L_TYPE_HARD:
      walk_hard_link (walk, node, group, name, path, info.u.address, depth);
      break;

    case H5L_TYPE_SOFT:
      json_object_set_string_member (node, "kind", "soft-link");
      value = read_link_value (group, name, info.u.val_size);
      if (value != NULL)
        set_string (node, "target", value);
      else
        add_error (walk, node, _("cannot read the link’s target"));
      break;

    case H5L_TYPE_EXTERNAL:
      {
        const char *file_name = NULL, *object_path = NULL;
        unsigned flags = 0;

        json_object_set_string_member (node, "kind", "external-link");
        value = read_link_value (group, name, info.u.val_size);
        if (value != NULL &&
            H5Lunpack_elink_val (value, info.u.val_size, &flags, &file_name, &object_path) >= 0 &&
            file_name != NULL && object_path != NULL)
          {
            set_string (node, "file", file_name);
            set_string (node, "target", object_path);
          }
        else
          add_error (walk, node, _("cannot read the link’s target"));
      }
      break;

    case H5L_TYPE_ERROR:
    case H5L_TYPE_MAX:
    default:
      json_object_set_string_member (node, "kind", "user-link");
      json_object_set_int_member (node, "link_class", info.type);
      break;
    }
  return node;
}

static void
walk_group (Walk       *walk,
            JsonObject *node,
            hid_t       group,
            const char *path,
            guint       depth)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonArray *children = json_array_new ();
  hsize_t index = 0;

  json_object_set_array_member (node, "children", children);
  if (depth >= MAX_DEPTH)
    {
      g_autofree char *what = g_strdup_printf (_("groups nested deeper than %u levels are not shown"),
                                               MAX_DEPTH);

      add_error (walk, node, what);
      return;
    }

  if (H5Literate (group, H5_INDEX_NAME, H5_ITER_INC, &index, _melt_hdf5_collect_link_name,
                  names) < 0)
    add_error (walk, node, _("cannot list every member of the group"));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *valid = g_utf8_make_valid (name, -1);
      g_autofree char *child = child_path (path, valid);

      if (g_cancellable_is_cancelled (walk->cancellable))
        return;
      json_array_add_object_element (children, walk_link (walk, group, name, child, depth + 1));
    }
}

static JsonNode *
read_tree (const char    *path,
           const char    *display,
           GCancellable  *cancellable,
           GError       **error)
{
  g_auto(MeltH5Plist) access = H5I_INVALID_HID;
  g_auto(MeltH5File) file = H5I_INVALID_HID;
  g_auto(MeltH5Object) root_group = H5I_INVALID_HID;
  g_autoptr(GHashTable) seen = NULL;
  JsonObject *top, *root;
  H5O_info_t info;
  GStatBuf st;
  Walk walk = { NULL };

  if (g_stat (path, &st) != 0 || g_access (path, R_OK) != 0)
    {
      int saved = errno;

      g_set_error (error, MELT_H5_TREE_ERROR, MELT_H5_TREE_ERROR_IO,
                   _("%s: cannot open the file: %s"), display, g_strerror (saved));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, MELT_H5_TREE_ERROR, MELT_H5_TREE_ERROR_IO,
                   _("%s: is a directory, expected an HDF5 file"), display);
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, MELT_H5_TREE_ERROR, MELT_H5_TREE_ERROR_IO,
                   _("%s: not a regular file, expected an HDF5 file"), display);
      return NULL;
    }
  if (H5Fis_hdf5 (path) <= 0)
    {
      g_autofree char *what =
        with_hdf5_error (_("not an HDF5 file: no HDF5 signature at its start or after a user block"));

      g_set_error (error, MELT_H5_TREE_ERROR, MELT_H5_TREE_ERROR_FORMAT, "%s: %s", display, what);
      return NULL;
    }

  /* every object still open is closed with the file */
  access = H5Pcreate (H5P_FILE_ACCESS);
  if (access >= 0)
    H5Pset_fclose_degree (access, H5F_CLOSE_STRONG);
  file = H5Fopen (path, H5F_ACC_RDONLY, access >= 0 ? access : H5P_DEFAULT);
  if (file >= 0)
    root_group = H5Oopen (file, "/", H5P_DEFAULT);
  if (file < 0 || root_group < 0 || H5Oget_info2 (root_group, &info, H5O_INFO_BASIC) < 0)
    {
      g_autofree char *what =
        with_hdf5_error (_("cannot open the HDF5 file: it is damaged or cut short"));

      g_set_error (error, MELT_H5_TREE_ERROR, MELT_H5_TREE_ERROR_FORMAT, "%s: %s", display, what);
      return NULL;
    }

  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, seen_free);
  walk.seen = seen;
  walk.cancellable = cancellable;
  {
    Seen *first = g_new0 (Seen, 1);
    gint64 key = (gint64) info.addr;

    first->path = g_strdup ("/");
    first->kind = "group";
    g_hash_table_insert (seen, g_memdup2 (&key, sizeof key), first);
  }

  root = json_object_new ();
  json_object_set_string_member (root, "name", "/");
  json_object_set_string_member (root, "path", "/");
  json_object_set_string_member (root, "kind", "group");
  describe_attributes (&walk, root, root_group);
  walk_group (&walk, root, root_group, "/", 0);

  top = json_object_new ();
  json_object_set_string_member (top, "file", display);
  json_object_set_int_member (top, "unreadable", walk.n_unreadable);
  json_object_set_object_member (top, "root", root);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      json_object_unref (top);
      return NULL;
    }
  return json_node_init_object (json_node_alloc (), top);
}

JsonNode *
melt_h5_tree_read (GFile         *file,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  JsonNode *tree;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_file_get_parse_name (file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, MELT_H5_TREE_ERROR, MELT_H5_TREE_ERROR_IO,
                   _("%s: an HDF5 file can only be read from a local file"), display);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  _melt_hdf5_lock ();
  tree = read_tree (path, display, cancellable, error);
  _melt_hdf5_unlock ();

  return tree;
}

/* Text */

typedef struct
{
  char *label;
  char *text;
} Line;

static void
line_clear (gpointer data)
{
  Line *line = data;

  g_free (line->label);
  g_free (line->text);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static const char *
or_unknown (const char *text)
{
  return text != NULL ? text : "?";
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static void
append_value (GString  *out,
              JsonNode *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      g_string_append_c (out, '[');
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          append_value (out, json_array_get_element (array, i));
        }
      g_string_append_c (out, ']');
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      shortest_decimal (buffer, sizeof buffer, json_node_get_double (node), FALSE);
      g_string_append (out, buffer);
    }
  else
    {
      /* strings quoted and escaped as in JSON */
      g_autofree char *text = json_to_string (node, FALSE);

      g_string_append (out, text);
    }
}

static void
append_dims (GString    *out,
             JsonArray  *dims,
             JsonArray  *max_dims,
             const char *separator)
{
  /* TRANSLATORS: the maximum size of a dimension that can grow without limit,
     as in “[1000/unlimited]” */
  const char *unlimited = _("unlimited");

  for (guint i = 0; dims != NULL && i < json_array_get_length (dims); i++)
    {
      gint64 d = json_array_get_int_element (dims, i);

      if (i > 0)
        g_string_append (out, separator);
      g_string_append_printf (out, "%" G_GINT64_FORMAT, d);
      if (max_dims != NULL && i < json_array_get_length (max_dims))
        {
          JsonNode *max = json_array_get_element (max_dims, i);

          if (JSON_NODE_HOLDS_NULL (max))
            g_string_append_printf (out, "/%s", unlimited);
          else if (json_node_get_int (max) != d)
            g_string_append_printf (out, "/%" G_GINT64_FORMAT, json_node_get_int (max));
        }
    }
}

static void append_type (GString    *out,
                         JsonObject *type);

static void
append_type (GString    *out,
             JsonObject *type)
{
  const char *type_class = get_string (type, "class");

  if (type_class == NULL)
    {
      g_string_append (out, "?");
      return;
    }

  if (g_str_equal (type_class, "integer") || g_str_equal (type_class, "float"))
    {
      g_string_append (out, or_unknown (get_string (type, "name")));
      if (g_strcmp0 (get_string (type, "byte_order"), "big") == 0)
        /* TRANSLATORS: after a number type, as in “int32 (big-endian)” */
        g_string_append_printf (out, " %s", _("(big-endian)"));
    }
  else if (g_str_equal (type_class, "string"))
    {
      if (json_object_get_boolean_member_with_default (type, "variable", FALSE))
        g_string_append (out, "vlen string");
      else
        g_string_append_printf (out, "string[%" G_GINT64_FORMAT "]",
                                json_object_get_int_member_with_default (type, "length", 0));
      g_string_append_printf (out, " %s", or_unknown (get_string (type, "charset")));
    }
  else if (g_str_equal (type_class, "enum"))
    {
      JsonArray *members = get_array (type, "members");
      guint n = members != NULL ? json_array_get_length (members) : 0;
      gint64 total = json_object_get_int_member_with_default (type, "member_count", n);

      g_string_append (out, "enum ");
      append_type (out, get_object (type, "base"));
      g_string_append (out, " {");
      for (guint i = 0; i < MIN (n, TEXT_MEMBERS); i++)
        {
          JsonObject *member = json_array_get_object_element (members, i);

          if (i > 0)
            g_string_append (out, ", ");
          g_string_append (out, or_unknown (get_string (member, "name")));
          if (json_object_has_member (member, "value"))
            g_string_append_printf (out, "=%" G_GINT64_FORMAT,
                                    json_object_get_int_member (member, "value"));
        }
      if (total > TEXT_MEMBERS)
        {
          guint count = (guint) MIN (total, G_MAXUINT);

          g_string_append (out, ", … ");
          /* TRANSLATORS: how many members an enum type has in all, after the first few */
          g_string_append_printf (out, ngettext ("%u member", "%u members", count), count);
        }
      g_string_append (out, "}");
    }
  else if (g_str_equal (type_class, "compound"))
    {
      JsonArray *fields = get_array (type, "fields");
      guint n = fields != NULL ? json_array_get_length (fields) : 0;

      g_string_append (out, "compound {");
      for (guint i = 0; i < n; i++)
        {
          JsonObject *field = json_array_get_object_element (fields, i);

          if (i > 0)
            g_string_append (out, ", ");
          g_string_append_printf (out, "%s: ", or_unknown (get_string (field, "name")));
          append_type (out, get_object (field, "type"));
        }
      g_string_append (out, "}");
    }
  else if (g_str_equal (type_class, "array"))
    {
      g_string_append (out, "array[");
      append_dims (out, get_array (type, "dims"), NULL, "×");
      g_string_append (out, "] ");
      append_type (out, get_object (type, "base"));
    }
  else if (g_str_equal (type_class, "vlen"))
    {
      g_string_append (out, "vlen ");
      append_type (out, get_object (type, "base"));
    }
  else if (g_str_equal (type_class, "opaque"))
    {
      const char *tag = get_string (type, "tag");

      g_string_append_printf (out, "opaque[%" G_GINT64_FORMAT "]",
                              json_object_get_int_member_with_default (type, "size", 0));
      if (tag != NULL && tag[0] != '\0')
        g_string_append_printf (out, " \"%s\"", tag);
    }
  else if (g_str_equal (type_class, "reference"))
    g_string_append_printf (out, "reference(%s)", or_unknown (get_string (type, "kind")));
  else if (g_str_equal (type_class, "bitfield"))
    g_string_append_printf (out, "bitfield%" G_GINT64_FORMAT,
                            json_object_get_int_member_with_default (type, "size", 0) * 8);
  else
    g_string_append (out, type_class);
}

static void
append_filters (GString   *out,
                JsonArray *filters)
{
  for (guint i = 0; i < json_array_get_length (filters); i++)
    {
      JsonObject *filter = json_array_get_object_element (filters, i);
      const char *name = get_string (filter, "name");
      gint64 id = json_object_get_int_member_with_default (filter, "id", -1);
      g_autofree char *one = NULL;

      if (i > 0)
        g_string_append_c (out, '+');
      if (id == H5Z_FILTER_DEFLATE && json_object_has_member (filter, "level"))
        one = g_strdup_printf ("deflate(%" G_GINT64_FORMAT ")",
                               json_object_get_int_member (filter, "level"));
      else if (id >= 0 && id < H5Z_FILTER_RESERVED)
        one = g_strdup (name != NULL ? name : "?");
      else
        one = g_strdup_printf ("%s#%" G_GINT64_FORMAT, name != NULL ? name : "filter", id);

      if (!json_object_get_boolean_member_with_default (filter, "available", TRUE))
        {
          /* TRANSLATORS: %s is an HDF5 filter this HDF5 library cannot run, as in
             “blosc#32001 (not available)” */
          g_autofree char *missing = g_strdup_printf (_("%s (not available)"), one);

          g_string_append (out, missing);
        }
      else
        g_string_append (out, one);
    }
}

static void
append_shape (GString    *out,
              JsonObject *shape,
              gboolean    scalar_word)
{
  const char *space = get_string (shape, "space");

  if (g_strcmp0 (space, "simple") == 0)
    {
      g_string_append (out, " [");
      append_dims (out, get_array (shape, "dims"), get_array (shape, "max_dims"), ", ");
      g_string_append_c (out, ']');
    }
  else if (g_strcmp0 (space, "scalar") == 0 && scalar_word)
    g_string_append (out, " scalar");
  else if (g_strcmp0 (space, "null") == 0)
    g_string_append (out, " null");
}

static void
append_error (GString    *out,
              JsonObject *node)
{
  const char *message = get_string (node, "error");

  if (message == NULL)
    return;
  if (out->len > 0)
    g_string_append (out, "  ");
  /* TRANSLATORS: after what could be read of an object, why the rest could not */
  g_string_append_printf (out, _("unreadable: %s"), message);
}

static void
add_line (GArray     *lines,
          guint       indent,
          const char *label,
          GString    *text)
{
  Line line;

  line.label = g_strdup_printf ("%*s%s", (int) indent, "", label);
  line.text = g_strdup (text->str);
  g_array_append_val (lines, line);
}

static void
format_attribute (GArray     *lines,
                  JsonObject *attribute,
                  guint       indent)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *label = g_strdup_printf ("@%s", or_unknown (get_string (attribute, "name")));
  JsonObject *type = get_object (attribute, "type");
  JsonNode *value = json_object_get_member (attribute, "value");

  if (type != NULL)
    {
      /* the length of a string attribute says little: its value says it all */
      if (g_strcmp0 (get_string (type, "class"), "string") == 0)
        g_string_append (text, "string");
      else
        append_type (text, type);
      append_shape (text, get_object (attribute, "shape"), FALSE);
    }
  if (value != NULL)
    {
      g_string_append_c (text, ' ');
      append_value (text, value);
      if (json_object_get_boolean_member_with_default (attribute, "truncated", FALSE))
        g_string_append (text, "…");
    }
  append_error (text, attribute);
  add_line (lines, indent, label, text);
}

static void
format_node (GArray     *lines,
             JsonObject *node,
             guint       indent,
             gboolean    is_root)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *label = NULL;
  const char *kind = get_string (node, "kind");
  const char *name = get_string (node, "name");
  const char *same_as = get_string (node, "same_as");
  JsonArray *attributes = get_array (node, "attributes");
  JsonArray *children = get_array (node, "children");

  if (kind == NULL)
    kind = "unreadable";
  if (name == NULL)
    name = "?";
  label = is_root || !g_str_equal (kind, "group") ? g_strdup (name) : g_strconcat (name, "/", NULL);

  if (same_as != NULL)
    {
      g_string_append (text, kind);
      g_string_append (text, "  ");
      /* TRANSLATORS: a further hard link to an object already described at path %s */
      g_string_append_printf (text, _("(same object as %s)"), same_as);
    }
  else if (g_str_equal (kind, "group"))
    g_string_append (text, "group");
  else if (g_str_equal (kind, "dataset"))
    {
      JsonObject *storage = get_object (node, "storage");
      JsonArray *filters = get_array (node, "filters");

      if (get_object (node, "type") != NULL)
        append_type (text, get_object (node, "type"));
      append_shape (text, get_object (node, "shape"), TRUE);
      if (storage != NULL)
        {
          const char *layout = get_string (storage, "layout");

          g_string_append_printf (text, "  %s", layout != NULL ? layout : "?");
          if (g_strcmp0 (layout, "chunked") == 0)
            {
              g_string_append_c (text, ' ');
              append_dims (text, get_array (storage, "chunk"), NULL, "×");
            }
        }
      if (filters != NULL && json_array_get_length (filters) > 0)
        {
          g_string_append (text, ", ");
          append_filters (text, filters);
        }
    }
  else if (g_str_equal (kind, "datatype"))
    {
      g_string_append (text, "datatype ");
      append_type (text, get_object (node, "type"));
    }
  else if (g_str_equal (kind, "soft-link"))
    {
      const char *target = get_string (node, "target");

      if (target != NULL)
        /* TRANSLATORS: %s is the HDF5 path a soft link points to */
        g_string_append_printf (text, _("soft link to %s"), target);
    }
  else if (g_str_equal (kind, "external-link"))
    {
      const char *target = get_string (node, "target");
      const char *file = get_string (node, "file");

      if (target != NULL && file != NULL)
        /* TRANSLATORS: an HDF5 link to the object at path %1$s in another file %2$s */
        g_string_append_printf (text, _("external link to %1$s in %2$s"), target, file);
    }
  else if (g_str_equal (kind, "user-link"))
    /* TRANSLATORS: a link of a kind defined by some program, with its class number */
    g_string_append_printf (text, _("user-defined link of class %d"),
                            (int) json_object_get_int_member_with_default (node, "link_class", 0));

  if (same_as == NULL && attributes != NULL && json_array_get_length (attributes) > 0)
    {
      guint n = json_array_get_length (attributes);

      g_string_append (text, "  ");
      g_string_append_printf (text, ngettext ("(%u attribute)", "(%u attributes)", n), n);
    }
  append_error (text, node);
  add_line (lines, indent, label, text);

  for (guint i = 0; attributes != NULL && i < json_array_get_length (attributes); i++)
    format_attribute (lines, json_array_get_object_element (attributes, i), indent + 2);
  for (guint i = 0; children != NULL && i < json_array_get_length (children); i++)
    format_node (lines, json_array_get_object_element (children, i), indent + 2, FALSE);
}

char *
melt_h5_tree_to_text (JsonNode *tree)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (Line));
  GString *out = g_string_new (NULL);
  JsonObject *root;
  glong column = 0;

  g_return_val_if_fail (tree != NULL && JSON_NODE_HOLDS_OBJECT (tree), NULL);

  g_array_set_clear_func (lines, line_clear);
  root = get_object (json_node_get_object (tree), "root");
  if (root != NULL)
    format_node (lines, root, 0, TRUE);

  /* descriptions line up in one column, unless a few long names push it too far */
  for (guint i = 0; i < lines->len; i++)
    column = MAX (column, g_utf8_strlen (g_array_index (lines, Line, i).label, -1) + 2);
  column = CLAMP (column, 27, 48);

  for (guint i = 0; i < lines->len; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);
      glong width = g_utf8_strlen (line->label, -1);

      g_string_append (out, line->label);
      if (line->text[0] != '\0')
        {
          for (glong pad = width; pad < column; pad++)
            g_string_append_c (out, ' ');
          if (width + 2 > column)
            g_string_append (out, "  ");
          g_string_append (out, line->text);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
