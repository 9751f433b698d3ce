/* melt-path-attribute.h: what the beads of the path preview are coloured by
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "melt-process.h"
#include "melt-toolpath.h"

G_BEGIN_DECLS

/**
 * MeltPathAttribute:
 * @MELT_PATH_ATTRIBUTE_FEATURE: the segment kind (a #MeltSegmentKind as a
 *   number: perimeter, fill, travel, dwell); discrete
 * @MELT_PATH_ATTRIBUTE_LAYER: the layer index, from 0
 * @MELT_PATH_ATTRIBUTE_SPEED: travel speed along a bead, mm/s
 * @MELT_PATH_ATTRIBUTE_POWER: laser power, or beam power U × I, W
 * @MELT_PATH_ATTRIBUTE_BEAM_CURRENT: electron-beam current, mA
 * @MELT_PATH_ATTRIBUTE_WIRE_FEED: wire feed speed, mm/s
 * @MELT_PATH_ATTRIBUTE_HEAT_INPUT: absorbed power over speed, J/mm
 * @MELT_PATH_ATTRIBUTE_BEAD_WIDTH: bead width, mm
 * @MELT_PATH_ATTRIBUTE_DEPOSITION_RATE: bead area × speed, mm³/s
 * @MELT_PATH_ATTRIBUTE_TIME: when the segment starts, s from the start of
 *   the print
 * @MELT_PATH_ATTRIBUTE_INTERLAYER_TIME: the cooling pause before the
 *   bead's layer: from the end of the last bead of the layer below to the
 *   start of the first bead of this one, s
 *
 * A quantity a bead of the preview is coloured by. The value nicks of the
 * GType are the keys of `meltline-cli --color-by`; docs/path-preview.md
 * defines each.
 */
typedef enum
{
  MELT_PATH_ATTRIBUTE_FEATURE,          /*< nick=feature >*/
  MELT_PATH_ATTRIBUTE_LAYER,            /*< nick=layer >*/
  MELT_PATH_ATTRIBUTE_SPEED,            /*< nick=speed >*/
  MELT_PATH_ATTRIBUTE_POWER,            /*< nick=power >*/
  MELT_PATH_ATTRIBUTE_BEAM_CURRENT,     /*< nick=beam-current >*/
  MELT_PATH_ATTRIBUTE_WIRE_FEED,        /*< nick=wire-feed >*/
  MELT_PATH_ATTRIBUTE_HEAT_INPUT,       /*< nick=heat-input >*/
  MELT_PATH_ATTRIBUTE_BEAD_WIDTH,       /*< nick=width >*/
  MELT_PATH_ATTRIBUTE_DEPOSITION_RATE,  /*< nick=deposition-rate >*/
  MELT_PATH_ATTRIBUTE_TIME,             /*< nick=time >*/
  MELT_PATH_ATTRIBUTE_INTERLAYER_TIME,  /*< nick=interlayer-time >*/
} MeltPathAttribute;

/* How many attributes there are: loop from 0 to this to list them */
#define MELT_PATH_N_ATTRIBUTES (MELT_PATH_ATTRIBUTE_INTERLAYER_TIME + 1)

#define MELT_TYPE_PATH_ATTRIBUTE (melt_path_attribute_get_type ())

GType        melt_path_attribute_get_type          (void) G_GNUC_CONST;

/* Keys: "heat-input", as on the command line and in settings. NULL when
 * @attribute is not one of the values above. */
const char  *melt_path_attribute_to_key            (MeltPathAttribute  attribute);
/* FALSE when @key is not one of the keys (exact, case-sensitive match) */
gboolean     melt_path_attribute_from_key          (const char        *key,
                                                    MeltPathAttribute *attribute);
/* Every key, in order, separated by “, ”: for --help and error messages */
const char  *melt_path_attribute_get_keys_help     (void);
/* One line per attribute, “  heat-input        Heat input (J/mm)\n”,
 * translated: for `--color-by help` (transfer full) */
char        *melt_path_attribute_format_keys_table (void);

/* Translated name for display, e.g. “Heat input” */
const char  *melt_path_attribute_get_title         (MeltPathAttribute  attribute);
/* Unit symbol of the values, e.g. "J/mm", "mm³/s"; "" for feature and layer */
const char  *melt_path_attribute_get_unit          (MeltPathAttribute  attribute);
/* Whether the values are categories, not a scale (only the feature) */
gboolean     melt_path_attribute_is_discrete       (MeltPathAttribute  attribute);
/* Whether the colour scale starts logarithmic (FALSE for every attribute) */
gboolean     melt_path_attribute_default_log_scale (MeltPathAttribute  attribute);
/* The categories of a discrete attribute: values 0 to n − 1 (0 for the others) */
guint        melt_path_attribute_get_n_categories  (MeltPathAttribute  attribute);
/* The translated name of category @value, e.g. “Perimeter”; NULL when out of range */
const char  *melt_path_attribute_get_category_title (MeltPathAttribute attribute,
                                                     guint             value);

/* Whether @toolpath has something to colour by for @attribute (to grey out
 * a choice): some segment for feature, layer and time; some bead with a
 * value above 0 for the others (speed and power for heat input, area and
 * speed for deposition rate); for interlayer time, a layer with beads right
 * above another with beads. @process may be NULL (an imported G-code). */
gboolean     melt_path_attribute_available         (MeltPathAttribute  attribute,
                                                    MeltToolpath      *toolpath,
                                                    MeltProcess       *process);
/* Fills @values, melt_toolpath_get_n_segments() long, with one value per
 * segment. Beads (perimeter and fill) get the value; travel and dwell get
 * NAN, except for feature (their kind), layer (theirs) and time (their
 * start). Heat input uses the absorptivity (laser) or beam transfer
 * efficiency (electron beam) of @process, or 1 when @process is NULL.
 * O(n); docs/path-preview.md gives each definition. */
void         melt_path_attribute_compute           (MeltPathAttribute  attribute,
                                                    MeltToolpath      *toolpath,
                                                    MeltProcess       *process,
                                                    float             *values);

/* The smallest and largest finite value of the beads among @values (@n
 * long), or of every segment when @kinds is NULL; with @log_scale, of the
 * values above 0 only. FALSE, with @min and @max set to NAN, when there is
 * none. @min may equal @max. */
gboolean     melt_path_attribute_range             (const float       *values,
                                                    const guint8      *kinds,
                                                    guint              n,
                                                    gboolean           log_scale,
                                                    double            *min,
                                                    double            *max);
/* The range of the colour scale of @values, computed by
 * melt_path_attribute_compute() for @toolpath: over every segment for
 * feature, layer and time (travel and dwell are coloured too), over the
 * beads for the others */
gboolean     melt_path_attribute_range_for_toolpath (MeltPathAttribute attribute,
                                                     MeltToolpath     *toolpath,
                                                     const float      *values,
                                                     gboolean          log_scale,
                                                     double           *min,
                                                     double           *max);
/* The value of one segment (NAN when it has none or is out of range) */
double       melt_path_attribute_value_at          (MeltPathAttribute  attribute,
                                                    MeltToolpath      *toolpath,
                                                    MeltProcess       *process,
                                                    guint              segment);

G_END_DECLS
