/* melt-material.c: a wire material and the library of them in data/materials/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-material"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "melt-data.h"
#include "melt-file-private.h"
#include "melt-material.h"

/* A material file is a few kilobytes of JSON */
#define MAX_MATERIAL_BYTES (1024 * 1024)

G_DEFINE_QUARK (melt-material-error-quark, melt_material_error)

typedef struct
{
  guint   n;
  double *temperatures_k;
  double *values;
} Table;

struct _MeltMaterial
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  double      density_kg_m3;
  double      solidus_k;
  double      liquidus_k;
  double      latent_heat_j_kg;
  double      surface_tension_n_m;
  double      feed_ratio_min;
  double      feed_ratio_max;
  Table       tables[2];
  GHashTable *sources;   /* key -> source text */
};

G_DEFINE_FINAL_TYPE (MeltMaterial, melt_material, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DENSITY_KG_M3,
  PROP_SOLIDUS_K,
  PROP_LIQUIDUS_K,
  PROP_LATENT_HEAT_J_KG,
  PROP_SURFACE_TENSION_N_M,
  PROP_FEED_RATIO_MIN,
  PROP_FEED_RATIO_MAX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
melt_material_finalize (GObject *object)
{
  MeltMaterial *self = (MeltMaterial *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->tables); i++)
    {
      g_clear_pointer (&self->tables[i].temperatures_k, g_free);
      g_clear_pointer (&self->tables[i].values, g_free);
    }
  g_clear_pointer (&self->sources, g_hash_table_unref);

  G_OBJECT_CLASS (melt_material_parent_class)->finalize (object);
}

static void
melt_material_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MeltMaterial *self = MELT_MATERIAL (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_DENSITY_KG_M3:
      g_value_set_double (value, self->density_kg_m3);
      break;

    case PROP_SOLIDUS_K:
      g_value_set_double (value, self->solidus_k);
      break;

    case PROP_LIQUIDUS_K:
      g_value_set_double (value, self->liquidus_k);
      break;

    case PROP_LATENT_HEAT_J_KG:
      g_value_set_double (value, self->latent_heat_j_kg);
      break;

    case PROP_SURFACE_TENSION_N_M:
      g_value_set_double (value, self->surface_tension_n_m);
      break;

    case PROP_FEED_RATIO_MIN:
      g_value_set_double (value, self->feed_ratio_min);
      break;

    case PROP_FEED_RATIO_MAX:
      g_value_set_double (value, self->feed_ratio_max);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
double_property (const char *name)
{
  return g_param_spec_double (name, NULL, NULL, 0, G_MAXDOUBLE, 0,
                              (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static void
melt_material_class_init (MeltMaterialClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = melt_material_finalize;
  object_class->get_property = melt_material_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DENSITY_KG_M3] = double_property ("density-kg-m3");
  properties[PROP_SOLIDUS_K] = double_property ("solidus-k");
  properties[PROP_LIQUIDUS_K] = double_property ("liquidus-k");
  properties[PROP_LATENT_HEAT_J_KG] = double_property ("latent-heat-j-kg");
  properties[PROP_SURFACE_TENSION_N_M] = double_property ("surface-tension-n-m");
  properties[PROP_FEED_RATIO_MIN] = double_property ("feed-ratio-min");
  properties[PROP_FEED_RATIO_MAX] = double_property ("feed-ratio-max");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
melt_material_init (MeltMaterial *self)
{
  self->sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Reading */

typedef struct
{
  const char *display_name;
  GError    **error;
} Reader;

static gboolean reader_fail (Reader     *reader,
                             const char *path,
                             const char *format,
                             ...) G_GNUC_PRINTF (3, 4);

static gboolean
reader_fail (Reader     *reader,
             const char *path,
             const char *format,
             ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: “file name”: place in the file (a JSON path): what is wrong */
  g_set_error (reader->error, MELT_MATERIAL_ERROR, MELT_MATERIAL_ERROR_INVALID,
               _("“%s”: %s: %s"), reader->display_name, path, detail);
  return FALSE;
}

static gboolean
get_number (JsonNode *node,
            double   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;
  *out = json_node_get_double (node);
  return isfinite (*out);
}

static gboolean
read_source (Reader       *reader,
             MeltMaterial *self,
             JsonObject   *object,
             const char   *key)
{
  g_autofree char *path = g_strdup_printf ("$.%s.source", key);
  JsonNode *node = json_object_get_member (object, "source");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      json_node_get_string (node)[0] == '\0')
    return reader_fail (reader, path, _("expected a string naming where the value comes from"));

  g_hash_table_replace (self->sources, g_strdup (key), g_strdup (json_node_get_string (node)));
  return TRUE;
}

static JsonObject *
get_object (Reader     *reader,
            JsonObject *root,
            const char *key)
{
  JsonNode *node = json_object_get_member (root, key);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *path = g_strdup_printf ("$.%s", key);

      reader_fail (reader, path, _("expected an object with a value and its source"));
      return NULL;
    }

  return json_node_get_object (node);
}

/* { "value": N, "source": "…" } with N > 0 */
static gboolean
read_value (Reader       *reader,
            MeltMaterial *self,
            JsonObject   *root,
            const char   *key,
            double       *out)
{
  JsonObject *object = get_object (reader, root, key);

  if (object == NULL)
    return FALSE;

  if (!get_number (json_object_get_member (object, "value"), out) || *out <= 0)
    {
      g_autofree char *path = g_strdup_printf ("$.%s.value", key);

      return reader_fail (reader, path, _("expected a number greater than 0"));
    }

  return read_source (reader, self, object, key);
}

/* { "table": [[T_K, value], …], "source": "…" }, temperatures increasing */
static gboolean
read_table (Reader       *reader,
            MeltMaterial *self,
            JsonObject   *root,
            const char   *key,
            Table        *table)
{
  g_autofree char *path = g_strdup_printf ("$.%s.table", key);
  JsonObject *object = get_object (reader, root, key);
  JsonNode *node;
  JsonArray *array;
  guint n;

  if (object == NULL)
    return FALSE;

  node = json_object_get_member (object, "table");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      (n = json_array_get_length (array = json_node_get_array (node))) == 0 || n > 1000)
    return reader_fail (reader, path,
                        _("expected an array of 1 to 1000 [temperature_k, value] pairs"));

  table->n = n;
  table->temperatures_k = g_new0 (double, n);
  table->values = g_new0 (double, n);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *pair = json_array_get_element (array, i);
      JsonArray *a;

      if (!JSON_NODE_HOLDS_ARRAY (pair) ||
          json_array_get_length (a = json_node_get_array (pair)) != 2 ||
          !get_number (json_array_get_element (a, 0), &table->temperatures_k[i]) ||
          !get_number (json_array_get_element (a, 1), &table->values[i]) ||
          table->temperatures_k[i] <= 0 || table->values[i] <= 0 ||
          (i > 0 && table->temperatures_k[i] <= table->temperatures_k[i - 1]))
        {
          g_autofree char *element = g_strdup_printf ("%s[%u]", path, i);

          return reader_fail (reader, element,
                              _("expected [temperature_k, value], both greater than 0, "
                                "temperatures increasing"));
        }
    }

  return read_source (reader, self, object, key);
}

static gboolean
read_material (Reader       *reader,
               MeltMaterial *self,
               JsonNode     *root_node)
{
  JsonObject *root;
  JsonObject *window;
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    return reader_fail (reader, "$", _("expected a JSON object"));
  root = json_node_get_object (root_node);

  node = json_object_get_member (root, "format");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      strcmp (json_node_get_string (node), "meltline-material") != 0)
    return reader_fail (reader, "$.format", _("expected “meltline-material”"));

  node = json_object_get_member (root, "format_version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) != 1)
    return reader_fail (reader, "$.format_version", _("expected 1"));

  node = json_object_get_member (root, "id");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING || json_node_get_string (node)[0] == '\0')
    return reader_fail (reader, "$.id", _("expected a material id such as “316L”"));
  self->id = g_strdup (json_node_get_string (node));

  node = json_object_get_member (root, "name");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return reader_fail (reader, "$.name", _("expected the material’s name"));
  self->name = g_strdup (json_node_get_string (node));

  if (!read_value (reader, self, root, "density_kg_m3", &self->density_kg_m3) ||
      !read_value (reader, self, root, "solidus_k", &self->solidus_k) ||
      !read_value (reader, self, root, "liquidus_k", &self->liquidus_k) ||
      !read_value (reader, self, root, "latent_heat_j_kg", &self->latent_heat_j_kg) ||
      !read_value (reader, self, root, "surface_tension_n_m", &self->surface_tension_n_m) ||
      !read_table (reader, self, root, "conductivity_w_mk", &self->tables[MELT_MATERIAL_CONDUCTIVITY]) ||
      !read_table (reader, self, root, "specific_heat_j_kgk", &self->tables[MELT_MATERIAL_SPECIFIC_HEAT]))
    return FALSE;

  if (self->liquidus_k < self->solidus_k)
    return reader_fail (reader, "$.liquidus_k.value", _("expected a liquidus at or above the solidus"));

  window = get_object (reader, root, "feed_ratio_window");
  if (window == NULL)
    return FALSE;
  if (!get_number (json_object_get_member (window, "min"), &self->feed_ratio_min) ||
      !get_number (json_object_get_member (window, "max"), &self->feed_ratio_max) ||
      self->feed_ratio_min <= 0 || self->feed_ratio_max <= self->feed_ratio_min)
    return reader_fail (reader, "$.feed_ratio_window",
                        _("expected \"min\" and \"max\" with 0 < min < max"));

  return read_source (reader, self, window, "feed_ratio_window");
}

/**
 * melt_material_new_from_json_node:
 * @node: the root of a material file
 * @display_name: (nullable): the file's name for messages
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the material, or %NULL with @error set
 */
MeltMaterial *
melt_material_new_from_json_node (JsonNode    *node,
                                  const char  *display_name,
                                  GError     **error)
{
  g_autoptr(MeltMaterial) self = NULL;
  Reader reader = { display_name != NULL ? display_name : _("material"), error };

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MELT_TYPE_MATERIAL, NULL);
  if (!read_material (&reader, self, node))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * melt_material_load:
 * @file: a material file (JSON)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the material, or %NULL with @error set
 */
MeltMaterial *
melt_material_load (GFile   *file,
                    GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *display_name = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *contents;
  gsize len;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  basename = g_file_get_basename (file);
  display_name = g_utf8_make_valid (basename != NULL ? basename : "", -1);

  bytes = _melt_file_read_at_most (file, MAX_MATERIAL_BYTES, NULL, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("“%s”: %s"), display_name, local_error->message);
      return NULL;
    }
  contents = g_bytes_get_data (bytes, &len);
  if (len > MAX_MATERIAL_BYTES)
    {
      g_set_error (error, MELT_MATERIAL_ERROR, MELT_MATERIAL_ERROR_PARSE,
                   _("“%s”: larger than %d MiB, expected a material file of a few kilobytes"),
                   display_name, MAX_MATERIAL_BYTES / (1024 * 1024));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, contents, len, &local_error))
    {
      g_set_error (error, MELT_MATERIAL_ERROR, MELT_MATERIAL_ERROR_PARSE,
                   _("“%s”: not JSON: %s"), display_name, local_error->message);
      return NULL;
    }

  return melt_material_new_from_json_node (json_parser_get_root (parser), display_name, error);
}

#define GETTER(type, name, field)                                 \
type                                                              \
melt_material_get_##name (MeltMaterial *self)                     \
{                                                                 \
  g_return_val_if_fail (MELT_IS_MATERIAL (self), 0);              \
  return self->field;                                             \
}

GETTER (const char *, id, id)
GETTER (const char *, name, name)
GETTER (double, density_kg_m3, density_kg_m3)
GETTER (double, solidus_k, solidus_k)
GETTER (double, liquidus_k, liquidus_k)
GETTER (double, latent_heat_j_kg, latent_heat_j_kg)
GETTER (double, surface_tension_n_m, surface_tension_n_m)
GETTER (double, feed_ratio_min, feed_ratio_min)
GETTER (double, feed_ratio_max, feed_ratio_max)

const char *
melt_material_get_source (MeltMaterial *self,
                          const char   *key)
{
  g_return_val_if_fail (MELT_IS_MATERIAL (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->sources, key);
}

guint
melt_material_get_table (MeltMaterial          *self,
                         MeltMaterialProperty   property,
                         const double         **temperatures_k,
                         const double         **values)
{
  g_return_val_if_fail (MELT_IS_MATERIAL (self), 0);
  g_return_val_if_fail (property <= MELT_MATERIAL_SPECIFIC_HEAT, 0);

  if (temperatures_k != NULL)
    *temperatures_k = self->tables[property].temperatures_k;
  if (values != NULL)
    *values = self->tables[property].values;

  return self->tables[property].n;
}

static double
table_at (const Table *table,
          double       t)
{
  guint lo = 0;
  guint hi;

  if (t <= table->temperatures_k[0])
    return table->values[0];
  if (t >= table->temperatures_k[table->n - 1])
    return table->values[table->n - 1];

  /* the first point above t, by bisection */
  hi = table->n - 1;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (table->temperatures_k[mid] <= t)
        lo = mid;
      else
        hi = mid;
    }

  return table->values[lo] + (table->values[hi] - table->values[lo]) *
         (t - table->temperatures_k[lo]) / (table->temperatures_k[hi] - table->temperatures_k[lo]);
}

double
melt_material_value_at (MeltMaterial         *self,
                        MeltMaterialProperty  property,
                        double                temperature_k)
{
  g_return_val_if_fail (MELT_IS_MATERIAL (self), NAN);
  g_return_val_if_fail (property <= MELT_MATERIAL_SPECIFIC_HEAT, NAN);

  return table_at (&self->tables[property], temperature_k);
}

/* The integral of a piecewise-linear function is exact with the trapezoid
 * rule on its own break points: integrate over [a, b] cut at the table's
 * temperatures, divide by the span. */
double
melt_material_mean (MeltMaterial         *self,
                    MeltMaterialProperty  property,
                    double                t0_k,
                    double                t1_k)
{
  const Table *table;
  double a, b, prev_t, prev_v, sum = 0;

  g_return_val_if_fail (MELT_IS_MATERIAL (self), NAN);
  g_return_val_if_fail (property <= MELT_MATERIAL_SPECIFIC_HEAT, NAN);

  table = &self->tables[property];
  a = MIN (t0_k, t1_k);
  b = MAX (t0_k, t1_k);
  if (b - a <= 0)
    return table_at (table, a);

  prev_t = a;
  prev_v = table_at (table, a);
  for (guint i = 0; i <= table->n; i++)
    {
      double t = i < table->n ? table->temperatures_k[i] : b;
      double v;

      if (t <= prev_t)
        continue;
      if (t > b)
        t = b;
      v = table_at (table, t);
      sum += 0.5 * (prev_v + v) * (t - prev_t);
      prev_t = t;
      prev_v = v;
      if (t >= b)
        break;
    }

  return sum / (b - a);
}

void
melt_material_get_effective (MeltMaterial          *self,
                             double                 ambient_k,
                             MeltMaterialEffective *effective)
{
  g_return_if_fail (MELT_IS_MATERIAL (self));
  g_return_if_fail (effective != NULL);

  effective->ambient_k = ambient_k;
  effective->liquidus_k = self->liquidus_k;
  effective->density_kg_m3 = self->density_kg_m3;
  effective->conductivity_w_mk =
    melt_material_mean (self, MELT_MATERIAL_CONDUCTIVITY, ambient_k, self->liquidus_k);
  effective->specific_heat_j_kgk =
    melt_material_mean (self, MELT_MATERIAL_SPECIFIC_HEAT, ambient_k, self->liquidus_k);
  /* k / (rho c) in m²/s, times 1e6 for mm²/s */
  effective->diffusivity_mm2_s =
    effective->conductivity_w_mk / (effective->density_kg_m3 * effective->specific_heat_j_kgk) * 1e6;
}

/* The library */

static int
compare_by_id (gconstpointer a,
               gconstpointer b)
{
  MeltMaterial *ma = *(MeltMaterial **) a;
  MeltMaterial *mb = *(MeltMaterial **) b;

  return g_utf8_collate (ma->id, mb->id);
}

static GPtrArray *
library_load (GFile    *directory,
              gboolean  skip_bad,
              GError  **error)
{
  g_autoptr(GPtrArray) materials = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  enumerator = g_file_enumerate_children (directory, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NONE, NULL, error);
  if (enumerator == NULL)
    return NULL;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(MeltMaterial) material = NULL;
      GFileInfo *info;
      GFile *child;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, error))
        return NULL;
      if (info == NULL)
        break;
      if (!g_str_has_suffix (g_file_info_get_name (info), ".json"))
        continue;

      material = melt_material_load (child, &local_error);
      if (material != NULL && g_hash_table_contains (ids, material->id))
        {
          g_set_error (&local_error, MELT_MATERIAL_ERROR, MELT_MATERIAL_ERROR_DUPLICATE,
                       _("“%s”: %s: another file already defines the material “%s”"),
                       g_file_info_get_name (info), "$.id", material->id);
          g_clear_object (&material);
        }

      if (material == NULL)
        {
          if (!skip_bad)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          g_warning ("%s", local_error->message);
          continue;
        }

      g_hash_table_add (ids, material->id);
      g_ptr_array_add (materials, g_steal_pointer (&material));
    }

  g_ptr_array_sort (materials, compare_by_id);

  return g_steal_pointer (&materials);
}

/**
 * melt_material_library_load:
 * @directory: a folder of material files
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type MeltMaterial): every material in
 *   @directory sorted by id, or %NULL if one of them fails to load
 */
GPtrArray *
melt_material_library_load (GFile   *directory,
                            GError **error)
{
  g_return_val_if_fail (G_IS_FILE (directory), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return library_load (directory, FALSE, error);
}

GPtrArray *
melt_material_library_get_default (void)
{
  static GPtrArray *library;

  if (g_once_init_enter (&library))
    {
      g_autofree char *path = melt_data_get_dir ("materials");
      g_autoptr(GFile) directory = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      GPtrArray *materials = library_load (directory, TRUE, &error);

      if (materials == NULL)
        {
          g_warning ("Cannot read the material library %s: %s", path, error->message);
          materials = g_ptr_array_new_with_free_func (g_object_unref);
        }
      else
        g_debug ("%u materials from %s", materials->len, path);

      g_once_init_leave (&library, materials);
    }

  return library;
}

MeltMaterial *
melt_material_lookup (const char *id)
{
  GPtrArray *library;

  g_return_val_if_fail (id != NULL, NULL);

  library = melt_material_library_get_default ();
  for (guint i = 0; i < library->len; i++)
    {
      MeltMaterial *material = g_ptr_array_index (library, i);

      if (strcmp (material->id, id) == 0)
        return material;
    }

  return NULL;
}
