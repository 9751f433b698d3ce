/* melt-path-attribute.c: what the beads of the path preview are coloured by
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One value per segment, read straight from the toolpath's arrays in one
 * or two passes, so that a plan of millions of segments is recoloured at
 * once. docs/path-preview.md (section “Colour by”) defines every attribute;
 * the renderer, the app and `meltline-cli --color-by` all read this file.
 */

#define G_LOG_DOMAIN "melt-path-attribute"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "melt-path-attribute.h"

/* Beads are the kinds 0 and 1: the loops test `kind <= MELT_SEGMENT_FILL` */
G_STATIC_ASSERT (MELT_SEGMENT_PERIMETER == 0);
G_STATIC_ASSERT (MELT_SEGMENT_FILL == 1);
G_STATIC_ASSERT (MELT_SEGMENT_TRAVEL > MELT_SEGMENT_FILL);
G_STATIC_ASSERT (MELT_SEGMENT_DWELL > MELT_SEGMENT_FILL);

#define IS_BEAD(kind) ((kind) <= MELT_SEGMENT_FILL)

G_DEFINE_ENUM_TYPE (MeltPathAttribute, melt_path_attribute,
  G_DEFINE_ENUM_VALUE (MELT_PATH_ATTRIBUTE_FEATURE, "feature"),
  G_DEFINE_ENUM_VALUE (MELT_PATH_ATTRIBUTE_LAYER, "layer"),
  G_DEFINE_ENUM_VALUE (MELT_PATH_ATTRIBUTE_SPEED, "speed"),
  G_DEFINE_ENUM_VALUE (MELT_PATH_ATTRIBUTE_POWER, "power"),
  G_DEFINE_ENUM_VALUE (MELT_PATH_ATTRIBUTE_BEAM_CURRENT, "beam-current"),
  G_DEFINE_ENUM_VALUE (MELT_PATH_ATTRIBUTE_WIRE_FEED, "wire-feed"),
  G_DEFINE_ENUM_VALUE (MELT_PATH_ATTRIBUTE_HEAT_INPUT, "heat-input"),
  G_DEFINE_ENUM_VALUE (MELT_PATH_ATTRIBUTE_BEAD_WIDTH, "width"),
  G_DEFINE_ENUM_VALUE (MELT_PATH_ATTRIBUTE_DEPOSITION_RATE, "deposition-rate"),
  G_DEFINE_ENUM_VALUE (MELT_PATH_ATTRIBUTE_TIME, "time"),
  G_DEFINE_ENUM_VALUE (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME, "interlayer-time"))

typedef struct
{
  const char *key;       /* the GType's value nick */
  const char *title;     /* N_() */
  const char *unit;
  guint       discrete : 1;
  guint       all_kinds : 1; /* travel and dwell have a value too */
} AttributeInfo;

static const AttributeInfo attributes[MELT_PATH_N_ATTRIBUTES] = {
  /* Translators: colour the path by the kind of segment: perimeter, fill, travel or dwell */
  [MELT_PATH_ATTRIBUTE_FEATURE] = { "feature", N_("Feature type"), "", TRUE, TRUE },
  [MELT_PATH_ATTRIBUTE_LAYER] = { "layer", N_("Layer"), "", FALSE, TRUE },
  [MELT_PATH_ATTRIBUTE_SPEED] = { "speed", N_("Speed"), "mm/s", FALSE, FALSE },
  [MELT_PATH_ATTRIBUTE_POWER] = { "power", N_("Power"), "W", FALSE, FALSE },
  [MELT_PATH_ATTRIBUTE_BEAM_CURRENT] = { "beam-current", N_("Beam current"), "mA", FALSE, FALSE },
  [MELT_PATH_ATTRIBUTE_WIRE_FEED] = { "wire-feed", N_("Wire feed"), "mm/s", FALSE, FALSE },
  [MELT_PATH_ATTRIBUTE_HEAT_INPUT] = { "heat-input", N_("Heat input"), "J/mm", FALSE, FALSE },
  [MELT_PATH_ATTRIBUTE_BEAD_WIDTH] = { "width", N_("Bead width"), "mm", FALSE, FALSE },
  [MELT_PATH_ATTRIBUTE_DEPOSITION_RATE] = { "deposition-rate", N_("Deposition rate"), "mm³/s", FALSE, FALSE },
  /* Translators: colour the path by the time since the start of the print */
  [MELT_PATH_ATTRIBUTE_TIME] = { "time", N_("Time"), "s", FALSE, TRUE },
  /* Translators: the cooling pause between the end of one layer and the start of the next */
  [MELT_PATH_ATTRIBUTE_INTERLAYER_TIME] = { "interlayer-time", N_("Interlayer time"), "s", FALSE, FALSE },
};

/* The categories of the feature attribute, by MeltSegmentKind */
static const char * const feature_titles[] = {
  /* Translators: kinds of segment of a deposition path, in the colour legend */
  [MELT_SEGMENT_PERIMETER] = N_("Perimeter"),
  [MELT_SEGMENT_FILL] = N_("Fill"),
  [MELT_SEGMENT_TRAVEL] = N_("Travel"),
  [MELT_SEGMENT_DWELL] = N_("Dwell"),
};

static inline gboolean
attribute_is_valid (MeltPathAttribute attribute)
{
  return (guint) attribute < MELT_PATH_N_ATTRIBUTES;
}

/**
 * melt_path_attribute_to_key:
 * @attribute: a #MeltPathAttribute
 *
 * Returns: (nullable): its key, e.g. "heat-input" (the value nick of
 *   %MELT_TYPE_PATH_ATTRIBUTE), or %NULL when @attribute is not valid
 */
const char *
melt_path_attribute_to_key (MeltPathAttribute attribute)
{
  g_return_val_if_fail (attribute_is_valid (attribute), NULL);

  return attributes[attribute].key;
}

/**
 * melt_path_attribute_from_key:
 * @key: a key, e.g. "heat-input"
 * @attribute: (out) (optional): where to store the attribute
 *
 * Returns: %TRUE when @key is the key of an attribute; %FALSE, leaving
 *   @attribute alone, otherwise
 */
gboolean
melt_path_attribute_from_key (const char        *key,
                              MeltPathAttribute *attribute)
{
  g_return_val_if_fail (key != NULL, FALSE);

  for (guint i = 0; i < MELT_PATH_N_ATTRIBUTES; i++)
    {
      if (g_str_equal (key, attributes[i].key))
        {
          if (attribute != NULL)
            *attribute = (MeltPathAttribute) i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * melt_path_attribute_get_keys_help:
 *
 * Returns: every key in order, separated by “, ”, e.g. "feature, layer,
 *   speed, …" (the same string for the life of the program)
 */
const char *
melt_path_attribute_get_keys_help (void)
{
  static const char *help = NULL;

  if (g_once_init_enter (&help))
    {
      GString *s = g_string_new (NULL);

      for (guint i = 0; i < MELT_PATH_N_ATTRIBUTES; i++)
        {
          if (i > 0)
            g_string_append (s, ", ");
          g_string_append (s, attributes[i].key);
        }
      g_once_init_leave (&help, g_string_free (s, FALSE));
    }

  return help;
}

/**
 * melt_path_attribute_format_keys_table:
 *
 * One line per attribute: its key, then its translated title and unit,
 * e.g. “  heat-input        Heat input (J/mm)”.
 *
 * Returns: (transfer full): the lines, each ending in a newline
 */
char *
melt_path_attribute_format_keys_table (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < MELT_PATH_N_ATTRIBUTES; i++)
    {
      const AttributeInfo *info = &attributes[i];

      g_string_append_printf (s, "  %-18s", info->key);
      if (info->unit[0] != '\0')
        /* Translators: an attribute's name and its unit, e.g. “Heat input (J/mm)” */
        g_string_append_printf (s, _("%s (%s)"), _(info->title), info->unit);
      else
        g_string_append (s, _(info->title));
      g_string_append_c (s, '\n');
    }

  return g_string_free (s, FALSE);
}

/**
 * melt_path_attribute_get_title:
 * @attribute: a #MeltPathAttribute
 *
 * Returns: its translated name, e.g. “Heat input”
 */
const char *
melt_path_attribute_get_title (MeltPathAttribute attribute)
{
  g_return_val_if_fail (attribute_is_valid (attribute), NULL);

  return _(attributes[attribute].title);
}

/**
 * melt_path_attribute_get_unit:
 * @attribute: a #MeltPathAttribute
 *
 * Returns: the unit symbol of its values, e.g. "J/mm"; "" for the feature
 *   and the layer
 */
const char *
melt_path_attribute_get_unit (MeltPathAttribute attribute)
{
  g_return_val_if_fail (attribute_is_valid (attribute), NULL);

  return attributes[attribute].unit;
}

/**
 * melt_path_attribute_is_discrete:
 * @attribute: a #MeltPathAttribute
 *
 * The feature is a category (melt_path_attribute_get_n_categories()), to
 * be shown with a colour per value; every other attribute is a scale. The
 * layer is a scale of whole numbers.
 *
 * Returns: whether the values of @attribute are categories
 */
gboolean
melt_path_attribute_is_discrete (MeltPathAttribute attribute)
{
  g_return_val_if_fail (attribute_is_valid (attribute), FALSE);

  return attributes[attribute].discrete;
}

/**
 * melt_path_attribute_default_log_scale:
 * @attribute: a #MeltPathAttribute
 *
 * Within one plan every attribute spans much less than a decade (a plan
 * has one or a few parameter sets) or is a count from 0 (layer, time), so
 * a linear scale shows it best; the user may switch.
 *
 * Returns: %FALSE
 */
gboolean
melt_path_attribute_default_log_scale (MeltPathAttribute attribute)
{
  g_return_val_if_fail (attribute_is_valid (attribute), FALSE);

  return FALSE;
}

/**
 * melt_path_attribute_get_n_categories:
 * @attribute: a #MeltPathAttribute
 *
 * Returns: the number of categories of a discrete attribute (4 segment
 *   kinds for the feature), 0 for a scale
 */
guint
melt_path_attribute_get_n_categories (MeltPathAttribute attribute)
{
  g_return_val_if_fail (attribute_is_valid (attribute), 0);

  return attribute == MELT_PATH_ATTRIBUTE_FEATURE ? G_N_ELEMENTS (feature_titles) : 0;
}

/**
 * melt_path_attribute_get_category_title:
 * @attribute: a discrete #MeltPathAttribute
 * @value: a value of it, from 0 to melt_path_attribute_get_n_categories() − 1
 *
 * Returns: (nullable): the translated name of @value, e.g. “Perimeter”,
 *   or %NULL when @value is not a category of @attribute
 */
const char *
melt_path_attribute_get_category_title (MeltPathAttribute attribute,
                                        guint             value)
{
  g_return_val_if_fail (attribute_is_valid (attribute), NULL);

  if (value >= melt_path_attribute_get_n_categories (attribute))
    return NULL;

  return _(feature_titles[value]);
}

/* The fraction of the beam power that heats the part: docs/process-model.md */
static double
absorbed_fraction (MeltProcess *process)
{
  if (process == NULL)
    return 1.0;

  if (melt_process_get_kind (process) == MELT_PROCESS_KIND_LASER_WIRE)
    return melt_process_get_double (process, MELT_PROCESS_PARAM_LASER_ABSORPTIVITY);
  else
    return melt_process_get_double (process, MELT_PROCESS_PARAM_EBEAM_TRANSFER_EFFICIENCY);
}

/* Layers: when layer indices are dense (at most one per segment, as every
 * plan and import gives), slot i is layer i. A toolpath with far more layer
 * indices than segments (a hand-made one that jumps to layer 10⁹) maps the
 * layers it has to slots through a hash table instead, so that memory never
 * grows with what an index merely claims. */
typedef struct
{
  GHashTable *slot_of_layer;  /* layer → slot + 1, only when sparse */
  guint32    *layer_of_slot;  /* only when sparse */
  double     *first_start;    /* earliest start of a bead, +inf when none */
  double     *last_end;       /* latest end of a bead, −inf when none */
  float      *gap;            /* the interlayer time of the layer, NAN when none */
  guint       n_slots;
} LayerTimes;

#define SLOT_NONE G_MAXUINT

static inline guint
layer_times_slot (LayerTimes *lt,
                  guint32     layer,
                  gboolean    insert)
{
  gpointer value;

  if (lt->slot_of_layer == NULL)
    return layer;

  value = g_hash_table_lookup (lt->slot_of_layer, GUINT_TO_POINTER (layer));
  if (value != NULL)
    return GPOINTER_TO_UINT (value) - 1;
  if (!insert)
    return SLOT_NONE;

  lt->layer_of_slot[lt->n_slots] = layer;
  g_hash_table_insert (lt->slot_of_layer, GUINT_TO_POINTER (layer),
                       GUINT_TO_POINTER (lt->n_slots + 1));
  return lt->n_slots++;
}

static void
layer_times_clear (LayerTimes *lt)
{
  g_clear_pointer (&lt->slot_of_layer, g_hash_table_unref);
  g_clear_pointer (&lt->layer_of_slot, g_free);
  g_clear_pointer (&lt->first_start, g_free);
  g_clear_pointer (&lt->last_end, g_free);
  g_clear_pointer (&lt->gap, g_free);
}

/* The span of the beads of every layer, then the interlayer time of each:
 * the first start of layer L minus the last end of layer L − 1, when both
 * have beads. Two passes over the segments, one over the layers. */
static void
layer_times_init (LayerTimes   *lt,
                  MeltToolpath *toolpath)
{
  guint n = melt_toolpath_get_n_segments (toolpath);
  guint n_layers = melt_toolpath_get_n_layers (toolpath);
  const guint8 *kinds = melt_toolpath_get_kinds (toolpath);
  const guint32 *layers = melt_toolpath_get_layers (toolpath);
  const double *starts = melt_toolpath_get_start_times (toolpath);
  const float *durations = melt_toolpath_get_durations (toolpath);
  guint capacity;

  memset (lt, 0, sizeof *lt);

  if (n_layers <= (guint64) n + 64)
    {
      capacity = lt->n_slots = n_layers;
    }
  else
    {
      capacity = n;
      lt->slot_of_layer = g_hash_table_new (g_direct_hash, g_direct_equal);
      lt->layer_of_slot = g_new (guint32, capacity);
    }

  lt->first_start = g_new (double, MAX (capacity, 1));
  lt->last_end = g_new (double, MAX (capacity, 1));
  lt->gap = g_new (float, MAX (capacity, 1));
  for (guint s = 0; s < capacity; s++)
    {
      lt->first_start[s] = INFINITY;
      lt->last_end[s] = -INFINITY;
    }

  for (guint i = 0; i < n; i++)
    {
      guint s;
      double end;

      if (!IS_BEAD (kinds[i]))
        continue;

      s = layer_times_slot (lt, layers[i], TRUE);
      end = starts[i] + durations[i];
      if (starts[i] < lt->first_start[s])
        lt->first_start[s] = starts[i];
      if (end > lt->last_end[s])
        lt->last_end[s] = end;
    }

  for (guint s = 0; s < lt->n_slots; s++)
    {
      guint32 layer = lt->slot_of_layer != NULL ? lt->layer_of_slot[s] : s;
      guint below = layer > 0 ? layer_times_slot (lt, layer - 1, FALSE) : SLOT_NONE;

      if (below != SLOT_NONE &&
          isfinite (lt->first_start[s]) && isfinite (lt->last_end[below]))
        lt->gap[s] = (float) (lt->first_start[s] - lt->last_end[below]);
      else
        lt->gap[s] = NAN;
    }
}

/* values[i] = bead ? array[i] : NAN */
static void
copy_beads (const guint8 *kinds,
            const float  *array,
            guint         n,
            float        *values)
{
  for (guint i = 0; i < n; i++)
    values[i] = IS_BEAD (kinds[i]) ? array[i] : NAN;
}

static gboolean
any_bead_positive (const guint8 *kinds,
                   const float  *array,
                   guint         n)
{
  for (guint i = 0; i < n; i++)
    {
      if (IS_BEAD (kinds[i]) && array[i] > 0 && isfinite (array[i]))
        return TRUE;
    }

  return FALSE;
}

static gboolean
any_bead_both_positive (const guint8 *kinds,
                        const float  *a,
                        const float  *b,
                        guint         n)
{
  for (guint i = 0; i < n; i++)
    {
      if (IS_BEAD (kinds[i]) && a[i] > 0 && b[i] > 0 && isfinite (a[i]) && isfinite (b[i]))
        return TRUE;
    }

  return FALSE;
}

/**
 * melt_path_attribute_available:
 * @attribute: a #MeltPathAttribute
 * @toolpath: a #MeltToolpath
 * @process: (nullable): the process it was planned with, or %NULL
 *
 * Whether colouring @toolpath by @attribute shows anything, so that a view
 * can grey out the choices that do not: the feature, layer and time need a
 * segment; speed, power, beam current, wire feed and bead width a bead
 * with a value above 0 (a laser plan has no beam current); heat input a
 * bead with power and speed above 0; deposition rate one with area and
 * speed above 0; interlayer time a layer with beads right above another
 * with beads. O(n) at worst, and it stops at the first such segment
 * (interlayer time always reads every segment).
 *
 * Returns: whether @attribute has a value to show on @toolpath
 */
gboolean
melt_path_attribute_available (MeltPathAttribute  attribute,
                               MeltToolpath      *toolpath,
                               MeltProcess       *process)
{
  const guint8 *kinds;
  guint n;

  g_return_val_if_fail (attribute_is_valid (attribute), FALSE);
  g_return_val_if_fail (MELT_IS_TOOLPATH (toolpath), FALSE);
  g_return_val_if_fail (process == NULL || MELT_IS_PROCESS (process), FALSE);

  n = melt_toolpath_get_n_segments (toolpath);
  kinds = melt_toolpath_get_kinds (toolpath);
  if (n == 0)
    return FALSE;

  switch (attribute)
    {
    case MELT_PATH_ATTRIBUTE_FEATURE:
    case MELT_PATH_ATTRIBUTE_LAYER:
    case MELT_PATH_ATTRIBUTE_TIME:
      return TRUE;

    case MELT_PATH_ATTRIBUTE_SPEED:
      return any_bead_positive (kinds, melt_toolpath_get_speeds (toolpath), n);

    case MELT_PATH_ATTRIBUTE_POWER:
      return any_bead_positive (kinds, melt_toolpath_get_powers (toolpath), n);

    case MELT_PATH_ATTRIBUTE_BEAM_CURRENT:
      return any_bead_positive (kinds, melt_toolpath_get_beam_currents (toolpath), n);

    case MELT_PATH_ATTRIBUTE_WIRE_FEED:
      return any_bead_positive (kinds, melt_toolpath_get_wire_feeds (toolpath), n);

    case MELT_PATH_ATTRIBUTE_BEAD_WIDTH:
      return any_bead_positive (kinds, melt_toolpath_get_widths (toolpath), n);

    case MELT_PATH_ATTRIBUTE_HEAT_INPUT:
      return any_bead_both_positive (kinds, melt_toolpath_get_powers (toolpath),
                                     melt_toolpath_get_speeds (toolpath), n);

    case MELT_PATH_ATTRIBUTE_DEPOSITION_RATE:
      return any_bead_both_positive (kinds, melt_toolpath_get_areas (toolpath),
                                     melt_toolpath_get_speeds (toolpath), n);

    case MELT_PATH_ATTRIBUTE_INTERLAYER_TIME:
      {
        LayerTimes lt;
        gboolean found = FALSE;

        layer_times_init (&lt, toolpath);
        for (guint s = 0; s < lt.n_slots && !found; s++)
          found = isfinite (lt.gap[s]);
        layer_times_clear (&lt);

        return found;
      }

    default:
      g_assert_not_reached ();
    }
}

/**
 * melt_path_attribute_compute:
 * @attribute: a #MeltPathAttribute
 * @toolpath: a #MeltToolpath
 * @process: (nullable): the process @toolpath was planned with, or %NULL
 *   (an imported G-code)
 * @values: (out caller-allocates) (array): melt_toolpath_get_n_segments()
 *   floats to fill
 *
 * Computes the value of every segment, in the unit of
 * melt_path_attribute_get_unit():
 *
 * - feature: the #MeltSegmentKind, as a number;
 * - layer: the layer index;
 * - speed, power, beam current, wire feed, bead width: the segment's own;
 * - heat input: η P / v, with η the laser absorptivity of a laser-wire
 *   @process or the beam transfer efficiency of an electron-beam one, and 1
 *   without @process (the beam power itself); NAN where v is not above 0;
 * - deposition rate: bead area × speed;
 * - time: the segment's start, from the start of the print;
 * - interlayer time: for a bead of layer L ≥ 1, the earliest start of a
 *   bead of layer L minus the latest end of a bead of layer L − 1; NAN on
 *   layer 0 and where layer L − 1 has no bead. Negative when the layers
 *   overlap in time (a toolpath that goes back down).
 *
 * Beads (perimeter and fill) get the value. Travel and dwell get NAN,
 * except for feature, layer and time. Runs in O(n) (two passes for the
 * interlayer time).
 */
void
melt_path_attribute_compute (MeltPathAttribute  attribute,
                             MeltToolpath      *toolpath,
                             MeltProcess       *process,
                             float             *values)
{
  const guint8 *kinds;
  guint n;

  g_return_if_fail (attribute_is_valid (attribute));
  g_return_if_fail (MELT_IS_TOOLPATH (toolpath));
  g_return_if_fail (process == NULL || MELT_IS_PROCESS (process));

  n = melt_toolpath_get_n_segments (toolpath);
  g_return_if_fail (values != NULL || n == 0);
  if (n == 0)
    return;

  kinds = melt_toolpath_get_kinds (toolpath);

  switch (attribute)
    {
    case MELT_PATH_ATTRIBUTE_FEATURE:
      for (guint i = 0; i < n; i++)
        values[i] = kinds[i];
      break;

    case MELT_PATH_ATTRIBUTE_LAYER:
      {
        const guint32 *layers = melt_toolpath_get_layers (toolpath);

        for (guint i = 0; i < n; i++)
          values[i] = layers[i];
      }
      break;

    case MELT_PATH_ATTRIBUTE_SPEED:
      copy_beads (kinds, melt_toolpath_get_speeds (toolpath), n, values);
      break;

    case MELT_PATH_ATTRIBUTE_POWER:
      copy_beads (kinds, melt_toolpath_get_powers (toolpath), n, values);
      break;

    case MELT_PATH_ATTRIBUTE_BEAM_CURRENT:
      copy_beads (kinds, melt_toolpath_get_beam_currents (toolpath), n, values);
      break;

    case MELT_PATH_ATTRIBUTE_WIRE_FEED:
      copy_beads (kinds, melt_toolpath_get_wire_feeds (toolpath), n, values);
      break;

    case MELT_PATH_ATTRIBUTE_BEAD_WIDTH:
      copy_beads (kinds, melt_toolpath_get_widths (toolpath), n, values);
      break;

    case MELT_PATH_ATTRIBUTE_HEAT_INPUT:
      {
        const float *powers = melt_toolpath_get_powers (toolpath);
        const float *speeds = melt_toolpath_get_speeds (toolpath);
        double eta = absorbed_fraction (process);

        for (guint i = 0; i < n; i++)
          {
            if (IS_BEAD (kinds[i]) && speeds[i] > 0)
              values[i] = (float) (eta * powers[i] / speeds[i]);
            else
              values[i] = NAN;
          }
      }
      break;

    case MELT_PATH_ATTRIBUTE_DEPOSITION_RATE:
      {
        const float *areas = melt_toolpath_get_areas (toolpath);
        const float *speeds = melt_toolpath_get_speeds (toolpath);

        for (guint i = 0; i < n; i++)
          values[i] = IS_BEAD (kinds[i]) ? areas[i] * speeds[i] : NAN;
      }
      break;

    case MELT_PATH_ATTRIBUTE_TIME:
      {
        const double *starts = melt_toolpath_get_start_times (toolpath);

        for (guint i = 0; i < n; i++)
          values[i] = (float) starts[i];
      }
      break;

    case MELT_PATH_ATTRIBUTE_INTERLAYER_TIME:
      {
        const guint32 *layers = melt_toolpath_get_layers (toolpath);
        LayerTimes lt;

        layer_times_init (&lt, toolpath);
        if (lt.slot_of_layer == NULL)
          {
            for (guint i = 0; i < n; i++)
              values[i] = IS_BEAD (kinds[i]) ? lt.gap[layers[i]] : NAN;
          }
        else
          {
            for (guint i = 0; i < n; i++)
              values[i] = IS_BEAD (kinds[i]) ? lt.gap[layer_times_slot (&lt, layers[i], FALSE)] : NAN;
          }
        layer_times_clear (&lt);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * melt_path_attribute_range:
 * @values: (array length=n) (nullable): values, NULL when @n is 0
 * @kinds: (array length=n) (nullable): the #MeltSegmentKind of each, or
 *   %NULL to take every value
 * @n: how many there are
 * @log_scale: whether only values above 0 count (for a logarithmic scale)
 * @min: (out): the smallest
 * @max: (out): the largest
 *
 * The range of the colour scale: the smallest and largest finite value of
 * the beads (perimeter and fill), or of every segment when @kinds is
 * %NULL. NAN values (travel and dwell, a bead without a value) and
 * infinities do not count. @min equals @max when all are equal.
 *
 * Returns: %TRUE when some value counts; %FALSE, with @min and @max set to
 *   NAN, when none does
 */
gboolean
melt_path_attribute_range (const float  *values,
                           const guint8 *kinds,
                           guint         n,
                           gboolean      log_scale,
                           double       *min,
                           double       *max)
{
  float lo = INFINITY;
  float hi = -INFINITY;
  float floor_value = log_scale ? 0.0f : -INFINITY;

  g_return_val_if_fail (values != NULL || n == 0, FALSE);
  g_return_val_if_fail (min != NULL, FALSE);
  g_return_val_if_fail (max != NULL, FALSE);

  /* A NAN fails both comparisons; ±inf are left out by isfinite() */
  for (guint i = 0; i < n; i++)
    {
      float v = values[i];

      if (kinds != NULL && !IS_BEAD (kinds[i]))
        continue;
      if (!(v > floor_value) || !isfinite (v))
        continue;
      if (v < lo)
        lo = v;
      if (v > hi)
        hi = v;
    }

  if (lo > hi)
    {
      *min = *max = NAN;
      return FALSE;
    }

  *min = lo;
  *max = hi;
  return TRUE;
}

/**
 * melt_path_attribute_range_for_toolpath:
 * @attribute: a #MeltPathAttribute
 * @toolpath: a #MeltToolpath
 * @values: (array): the values melt_path_attribute_compute() gave for
 *   @attribute and @toolpath
 * @log_scale: whether only values above 0 count
 * @min: (out): the smallest
 * @max: (out): the largest
 *
 * melt_path_attribute_range() with the segments the scale covers: every
 * segment for the feature, the layer and the time (the preview colours
 * travel and dwell by them too, so that a final dwell or a first travel
 * does not fall off the scale), the beads for the other attributes.
 *
 * Returns: %TRUE when some value counts
 */
gboolean
melt_path_attribute_range_for_toolpath (MeltPathAttribute  attribute,
                                        MeltToolpath      *toolpath,
                                        const float       *values,
                                        gboolean           log_scale,
                                        double            *min,
                                        double            *max)
{
  const guint8 *kinds;

  g_return_val_if_fail (attribute_is_valid (attribute), FALSE);
  g_return_val_if_fail (MELT_IS_TOOLPATH (toolpath), FALSE);

  kinds = attributes[attribute].all_kinds ? NULL : melt_toolpath_get_kinds (toolpath);

  return melt_path_attribute_range (values, kinds, melt_toolpath_get_n_segments (toolpath),
                                    log_scale, min, max);
}

/**
 * melt_path_attribute_value_at:
 * @attribute: what to give
 * @toolpath: a toolpath
 * @process: (nullable): its process, for heat input
 * @segment: a segment of @toolpath
 *
 * The value melt_path_attribute_compute() gives @segment (for the bead
 * picked in the preview: it computes them all, O(n)).
 *
 * Returns: the value, or NAN when @segment has none or is out of range
 */
double
melt_path_attribute_value_at (MeltPathAttribute  attribute,
                              MeltToolpath      *toolpath,
                              MeltProcess       *process,
                              guint              segment)
{
  g_autofree float *values = NULL;
  guint n;

  g_return_val_if_fail (attribute_is_valid (attribute), NAN);
  g_return_val_if_fail (MELT_IS_TOOLPATH (toolpath), NAN);

  n = melt_toolpath_get_n_segments (toolpath);
  if (segment >= n)
    return NAN;
  values = g_new (float, n);
  melt_path_attribute_compute (attribute, toolpath, process, values);
  return values[segment];
}
