/* melt-plan.c: a planned print and its HDF5 file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/plan-format.md describes the layout. Writing goes to a temporary
 * file next to the target, renamed over it once complete. Reading opens
 * the file read-only and checks each dataset's type, rank, length and
 * filters before anything is allocated for it. HDF5 prints nothing
 * (H5Eset_auto2 off); its innermost error message is added to ours.
 *
 * HDF5 need not be built thread-safe (the Flatpak's is not): every call
 * into it from this file holds the core's one HDF5 lock
 * (melt-hdf5-private.h).
 */

#define G_LOG_DOMAIN "melt-plan"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <hdf5.h>
#include <math.h>
#include <nettle/sha2.h>
#include <string.h>
#include <unistd.h>

#include "melt-plan.h"
#include "melt-h5-chunks.h"
#include "melt-hdf5-private.h"

/* Chunks of signal datasets: 256 KiB, inside the 64 KiB to 1 MiB of the
 * recording rules (smaller only when the whole dataset is) */
#define CHUNK_BYTES     (256 * 1024)
#define DEFLATE_LEVEL   1
/* Strings longer than this (the process JSON is a few KiB) are refused */
#define MAX_STRING_SIZE (16 * 1024 * 1024)

struct _MeltPlan
{
  GObject           parent_instance;

  MeltPlanPart      part;
  MeltProcess      *process;
  MeltPlanSettings  settings;
  MeltToolpath     *toolpath;
  MeltPlanReport    report;
};

G_DEFINE_FINAL_TYPE (MeltPlan, melt_plan, G_TYPE_OBJECT)

G_DEFINE_QUARK (melt-plan-error-quark, melt_plan_error)


typedef enum
{
  COLUMN_FLOAT32,
  COLUMN_FLOAT64,
  COLUMN_UINT8,
  COLUMN_UINT32,
} ColumnType;

typedef enum
{
  COL_START,
  COL_END,
  COL_KIND,
  COL_LAYER,
  COL_BEAD,
  COL_SPEED,
  COL_POWER,
  COL_BEAM_CURRENT,
  COL_WIRE_FEED,
  COL_WIDTH,
  COL_HEIGHT,
  COL_AREA,
  COL_START_TIME,
  COL_DURATION,
  COL_SOURCE_LINE,
  N_COLUMNS
} Column;

typedef struct
{
  const char *name;
  ColumnType  type;
  guint       width;      /* values per segment: 1, or 3 for positions */
  const char *units;
  const char *long_name;
} ColumnInfo;

/* The datasets of /toolpath; units follow UDUNITS ("1": a number or an index) */
static const ColumnInfo columns[N_COLUMNS] = {
  [COL_START] = { "start", COLUMN_FLOAT32, 3, "mm", "segment start position (x, y, z)" },
  [COL_END] = { "end", COLUMN_FLOAT32, 3, "mm", "segment end position (x, y, z)" },
  [COL_KIND] = { "kind", COLUMN_UINT8, 1, "1", "segment kind: 0 perimeter, 1 fill, 2 travel, 3 dwell" },
  [COL_LAYER] = { "layer", COLUMN_UINT32, 1, "1", "layer index, from 0" },
  [COL_BEAD] = { "bead", COLUMN_UINT32, 1, "1", "bead index in the plan, 4294967295 for travel and dwell" },
  [COL_SPEED] = { "speed", COLUMN_FLOAT32, 1, "mm/s", "travel speed along the segment" },
  [COL_POWER] = { "power", COLUMN_FLOAT32, 1, "W", "laser power or electron-beam power while depositing" },
  [COL_BEAM_CURRENT] = { "beam_current", COLUMN_FLOAT32, 1, "mA", "electron-beam current" },
  [COL_WIRE_FEED] = { "wire_feed", COLUMN_FLOAT32, 1, "mm/s", "wire feed speed" },
  [COL_WIDTH] = { "width", COLUMN_FLOAT32, 1, "mm", "bead width" },
  [COL_HEIGHT] = { "height", COLUMN_FLOAT32, 1, "mm", "bead height" },
  [COL_AREA] = { "area", COLUMN_FLOAT32, 1, "mm2", "bead cross-section area" },
  [COL_START_TIME] = { "start_time", COLUMN_FLOAT64, 1, "s", "segment start time from the start of the print" },
  [COL_DURATION] = { "duration", COLUMN_FLOAT32, 1, "s", "segment duration" },
  [COL_SOURCE_LINE] = { "source_line", COLUMN_UINT32, 1, "1", "G-code line the segment came from, 4294967295 for none" },
};

static gsize
column_type_size (ColumnType type)
{
  switch (type)
    {
    case COLUMN_FLOAT32: return 4;
    case COLUMN_FLOAT64: return 8;
    case COLUMN_UINT8: return 1;
    case COLUMN_UINT32: return 4;
    default: g_assert_not_reached ();
    }
}

static hid_t
column_file_type (ColumnType type)
{
  switch (type)
    {
    case COLUMN_FLOAT32: return H5T_IEEE_F32LE;
    case COLUMN_FLOAT64: return H5T_IEEE_F64LE;
    case COLUMN_UINT8: return H5T_STD_U8LE;
    case COLUMN_UINT32: return H5T_STD_U32LE;
    default: g_assert_not_reached ();
    }
}

static hid_t
column_memory_type (ColumnType type)
{
  switch (type)
    {
    case COLUMN_FLOAT32: return H5T_NATIVE_FLOAT;
    case COLUMN_FLOAT64: return H5T_NATIVE_DOUBLE;
    case COLUMN_UINT8: return H5T_NATIVE_UINT8;
    case COLUMN_UINT32: return H5T_NATIVE_UINT32;
    default: g_assert_not_reached ();
    }
}

static const char *
column_type_name (ColumnType type)
{
  switch (type)
    {
    case COLUMN_FLOAT32: return "float32";
    case COLUMN_FLOAT64: return "float64";
    case COLUMN_UINT8: return "uint8";
    case COLUMN_UINT32: return "uint32";
    default: g_assert_not_reached ();
    }
}

/* “float64”, “int32”, “string”…: what a dataset holds, for messages */
static char *
describe_type (hid_t type)
{
  switch (H5Tget_class (type))
    {
    case H5T_FLOAT:
      return g_strdup_printf ("float%lu", (unsigned long) H5Tget_size (type) * 8);
    case H5T_INTEGER:
      return g_strdup_printf ("%sint%lu", H5Tget_sign (type) == H5T_SGN_NONE ? "u" : "",
                              (unsigned long) H5Tget_size (type) * 8);
    case H5T_STRING:
      return g_strdup ("string");
    case H5T_COMPOUND:
      return g_strdup ("compound");
    case H5T_ENUM:
      return g_strdup ("enum");
    case H5T_ARRAY:
      return g_strdup ("array");
    case H5T_NO_CLASS:
    case H5T_TIME:
    case H5T_BITFIELD:
    case H5T_OPAQUE:
    case H5T_REFERENCE:
    case H5T_VLEN:
    case H5T_NCLASSES:
    default:
      return g_strdup ("other");
    }
}

static const void *
toolpath_column (MeltToolpath *toolpath,
                 Column        column)
{
  switch (column)
    {
    case COL_START: return melt_toolpath_get_starts (toolpath);
    case COL_END: return melt_toolpath_get_ends (toolpath);
    case COL_KIND: return melt_toolpath_get_kinds (toolpath);
    case COL_LAYER: return melt_toolpath_get_layers (toolpath);
    case COL_BEAD: return melt_toolpath_get_beads (toolpath);
    case COL_SPEED: return melt_toolpath_get_speeds (toolpath);
    case COL_POWER: return melt_toolpath_get_powers (toolpath);
    case COL_BEAM_CURRENT: return melt_toolpath_get_beam_currents (toolpath);
    case COL_WIRE_FEED: return melt_toolpath_get_wire_feeds (toolpath);
    case COL_WIDTH: return melt_toolpath_get_widths (toolpath);
    case COL_HEIGHT: return melt_toolpath_get_heights (toolpath);
    case COL_AREA: return melt_toolpath_get_areas (toolpath);
    case COL_START_TIME: return melt_toolpath_get_start_times (toolpath);
    case COL_DURATION: return melt_toolpath_get_durations (toolpath);
    case COL_SOURCE_LINE: return melt_toolpath_get_source_lines (toolpath);
    case N_COLUMNS:
    default: g_assert_not_reached ();
    }
}

/* Errors */

/* “FILE: WHERE: WHAT”, plus HDF5's own message when it has one */
#define plan_error(error, code, file, where, ...) \
  _melt_hdf5_set_error (error, MELT_PLAN_ERROR, code, file, where, __VA_ARGS__)

/* Object */

void
melt_plan_part_clear (MeltPlanPart *part)
{
  g_clear_pointer (&part->file_name, g_free);
  g_clear_pointer (&part->sha256, g_free);
  memset (part, 0, sizeof *part);
}

static void
melt_plan_finalize (GObject *object)
{
  MeltPlan *self = (MeltPlan *) object;

  melt_plan_part_clear (&self->part);
  g_clear_object (&self->process);
  g_clear_object (&self->toolpath);

  G_OBJECT_CLASS (melt_plan_parent_class)->finalize (object);
}

static void
melt_plan_class_init (MeltPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = melt_plan_finalize;
}

static void
melt_plan_init (MeltPlan *self)
{
  melt_plan_settings_init (&self->settings);
  self->report.first_narrow_layer = G_MAXUINT;
  self->report.last_narrow_layer = G_MAXUINT;
}

/**
 * melt_plan_new:
 * @process: the process set planned with
 * @settings: (nullable): the planner settings, NULL for the defaults
 * @toolpath: the plan's toolpath
 * @report: (nullable): what the planner reported
 *
 * Returns: (transfer full): a new plan with no part named
 */
MeltPlan *
melt_plan_new (MeltProcess            *process,
               const MeltPlanSettings *settings,
               MeltToolpath           *toolpath,
               const MeltPlanReport   *report)
{
  MeltPlan *self;

  g_return_val_if_fail (MELT_IS_PROCESS (process), NULL);
  g_return_val_if_fail (MELT_IS_TOOLPATH (toolpath), NULL);

  self = g_object_new (MELT_TYPE_PLAN, NULL);
  self->process = g_object_ref (process);
  self->toolpath = g_object_ref (toolpath);
  if (settings != NULL)
    self->settings = *settings;
  if (report != NULL)
    self->report = *report;
  return self;
}

void
melt_plan_set_part (MeltPlan           *self,
                    const MeltPlanPart *part)
{
  MeltPlanPart copy;

  g_return_if_fail (MELT_IS_PLAN (self));
  g_return_if_fail (part != NULL);

  copy = *part;
  copy.file_name = g_strdup (part->file_name);
  copy.sha256 = g_strdup (part->sha256);
  melt_plan_part_clear (&self->part);
  self->part = copy;
}

gboolean
melt_plan_part_init_from_file (MeltPlanPart  *part,
                               GFile         *file,
                               const double   offset_mm[3],
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  struct sha256_ctx sha256;
  guint8 digest[SHA256_DIGEST_SIZE];
  g_autofree guint8 *buffer = NULL;
  guint64 size = 0;
  const gsize buffer_size = 1024 * 1024;

  g_return_val_if_fail (part != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (part, 0, sizeof *part);
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return FALSE;

  sha256_init (&sha256);
  buffer = g_malloc (buffer_size);
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, buffer_size,
                                      cancellable, error);
      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      sha256_update (&sha256, (size_t) n, buffer);
      size += (guint64) n;
    }

  part->file_name = g_file_get_basename (file);
  part->size_bytes = size;
  sha256_digest (&sha256, sizeof digest, digest);
  part->sha256 = g_malloc (2 * sizeof digest + 1);
  for (gsize i = 0; i < sizeof digest; i++)
    g_snprintf (part->sha256 + 2 * i, 3, "%02x", digest[i]);
  if (offset_mm != NULL)
    memcpy (part->offset_mm, offset_mm, sizeof part->offset_mm);
  return TRUE;
}

gboolean
melt_plan_set_part_from_file (MeltPlan      *self,
                              GFile         *part,
                              const double   offset_mm[3],
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_auto(MeltPlanPart) info = { 0 };

  g_return_val_if_fail (MELT_IS_PLAN (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (part), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!melt_plan_part_init_from_file (&info, part, offset_mm, cancellable, error))
    return FALSE;
  melt_plan_set_part (self, &info);
  return TRUE;
}

const MeltPlanPart *
melt_plan_get_part (MeltPlan *self)
{
  g_return_val_if_fail (MELT_IS_PLAN (self), NULL);
  return &self->part;
}

MeltProcess *
melt_plan_get_process (MeltPlan *self)
{
  g_return_val_if_fail (MELT_IS_PLAN (self), NULL);
  return self->process;
}

const MeltPlanSettings *
melt_plan_get_settings (MeltPlan *self)
{
  g_return_val_if_fail (MELT_IS_PLAN (self), NULL);
  return &self->settings;
}

MeltToolpath *
melt_plan_get_toolpath (MeltPlan *self)
{
  g_return_val_if_fail (MELT_IS_PLAN (self), NULL);
  return self->toolpath;
}

const MeltPlanReport *
melt_plan_get_report (MeltPlan *self)
{
  g_return_val_if_fail (MELT_IS_PLAN (self), NULL);
  return &self->report;
}

/* Writing. Each writer returns FALSE with HDF5's error on its stack; the
 * caller names the place. */

static gboolean
write_double_attr (hid_t       loc,
                   const char *name,
                   double      value)
{
  return _melt_hdf5_write_numeric_attr (loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value, 1);
}

static gboolean
write_uint32_attr (hid_t       loc,
                   const char *name,
                   guint32     value)
{
  return _melt_hdf5_write_numeric_attr (loc, name, H5T_STD_U32LE, H5T_NATIVE_UINT32, &value, 1);
}

static gboolean
write_uint64_attr (hid_t       loc,
                   const char *name,
                   guint64     value)
{
  return _melt_hdf5_write_numeric_attr (loc, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value, 1);
}

/* Creates the dataset of a column; its data goes into @chunks to be
 * compressed on every core when the host can (see melt-h5-chunks.h), or is
 * written by HDF5 itself */
static gboolean
write_column (hid_t              group,
              const ColumnInfo  *info,
              const void        *data,
              hsize_t            n,
              MeltH5Chunks      *chunks)
{
  hsize_t dims[2] = { n, info->width };
  int rank = info->width == 1 ? 1 : 2;
  g_auto(MeltH5Space) space = H5Screate_simple (rank, dims, NULL);
  g_auto(MeltH5Plist) dcpl = H5Pcreate (H5P_DATASET_CREATE);
  g_auto(MeltH5Dataset) dataset = H5I_INVALID_HID;

  if (space < 0 || dcpl < 0)
    return FALSE;

  if (n > 0)
    {
      gsize row_bytes = column_type_size (info->type) * info->width;
      hsize_t chunk[2] = { MIN (n, MAX (1, CHUNK_BYTES / row_bytes)), info->width };

      if (H5Pset_chunk (dcpl, rank, chunk) < 0)
        return FALSE;
      if (H5Zfilter_avail (H5Z_FILTER_SHUFFLE) > 0 && H5Zfilter_avail (H5Z_FILTER_DEFLATE) > 0)
        {
          if (H5Pset_shuffle (dcpl) < 0 || H5Pset_deflate (dcpl, DEFLATE_LEVEL) < 0)
            return FALSE;
        }
      else
        chunks = NULL;
    }

  dataset = H5Dcreate2 (group, info->name, column_file_type (info->type), space,
                        H5P_DEFAULT, dcpl, H5P_DEFAULT);
  if (dataset < 0)
    return FALSE;
  if (n > 0 && chunks != NULL)
    {
      gsize row_bytes = column_type_size (info->type) * info->width;

      _melt_h5_chunks_add (chunks, dataset, data, column_type_size (info->type), row_bytes, n,
                           MIN (n, MAX (1, CHUNK_BYTES / row_bytes)));
    }
  else if (n > 0 && H5Dwrite (dataset, column_memory_type (info->type), H5S_ALL, H5S_ALL,
                              H5P_DEFAULT, data) < 0)
    return FALSE;
  return _melt_hdf5_write_string_attr (dataset, "units", info->units)
         && _melt_hdf5_write_string_attr (dataset, "long_name", info->long_name);
}

static gboolean
write_string_dataset (hid_t       loc,
                      const char *name,
                      const char *value,
                      gsize       len)
{
  g_auto(MeltH5Type) type = H5Tcopy (H5T_C_S1);
  g_auto(MeltH5Space) space = H5Screate (H5S_SCALAR);
  g_auto(MeltH5Dataset) dataset = H5I_INVALID_HID;

  if (type < 0 || space < 0
      || H5Tset_size (type, MAX (len, 1)) < 0
      || H5Tset_strpad (type, H5T_STR_NULLPAD) < 0
      || H5Tset_cset (type, H5T_CSET_UTF8) < 0)
    return FALSE;
  dataset = H5Dcreate2 (loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  return dataset >= 0
         && H5Dwrite (dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, len > 0 ? value : "") >= 0
         && _melt_hdf5_write_string_attr (dataset, "media_type", "application/json");
}

static hid_t
create_group (hid_t       file,
              const char *path)
{
  return H5Gcreate2 (file, path, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
}

static gboolean
write_root (MeltPlan   *self,
            hid_t       file,
            const char *display,
            GError    **error)
{
  if (!_melt_hdf5_write_string_attr (file, "format", MELT_PLAN_FORMAT)
      || !_melt_hdf5_write_numeric_attr (file, "format_version", H5T_STD_I32LE, H5T_NATIVE_INT,
                                         &(int) { MELT_PLAN_FORMAT_VERSION }, 1)
      || !_melt_hdf5_write_string_attr (file, "created_by", "Meltline " PACKAGE_VERSION))
    {
      plan_error (error, MELT_PLAN_ERROR_IO, display, "/", _("cannot write the root attributes"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_part (MeltPlan   *self,
            hid_t       file,
            const char *display,
            GError    **error)
{
  g_auto(MeltH5Group) group = create_group (file, "/part");
  const MeltPlanPart *part = &self->part;

  if (group < 0
      || (part->file_name != NULL
          && !_melt_hdf5_write_string_attr (group, "file_name", part->file_name))
      || !write_uint64_attr (group, "size_bytes", part->size_bytes)
      || (part->sha256 != NULL && !_melt_hdf5_write_string_attr (group, "sha256", part->sha256))
      || !_melt_hdf5_write_numeric_attr (group, "offset_mm", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                                         part->offset_mm, 3))
    {
      plan_error (error, MELT_PLAN_ERROR_IO, display, "/part", _("cannot write the part reference"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_process (MeltPlan   *self,
               hid_t       file,
               const char *display,
               GError    **error)
{
  g_autofree char *json = NULL;
  gsize len = 0;

  json = melt_process_to_json (self->process, &len);
  if (!write_string_dataset (file, "/process", json, len))
    {
      plan_error (error, MELT_PLAN_ERROR_IO, display, "/process", _("cannot write the process set"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_planner (MeltPlan   *self,
               hid_t       file,
               const char *display,
               GError    **error)
{
  g_auto(MeltH5Group) group = create_group (file, "/planner");
  g_auto(MeltH5Group) report = H5I_INVALID_HID;
  const MeltPlanSettings *s = &self->settings;
  const MeltPlanReport *r = &self->report;
  const char *fill = melt_enum_to_nick (MELT_TYPE_FILL_PATTERN, s->fill);
  const char *seam = melt_enum_to_nick (MELT_TYPE_SEAM_STRATEGY, s->seam);

  if (group < 0
      || !write_uint32_attr (group, "perimeters", s->perimeters)
      || !_melt_hdf5_write_string_attr (group, "fill", fill != NULL ? fill : "")
      || !write_double_attr (group, "fill_angle_deg", s->fill_angle_deg)
      || !write_double_attr (group, "fill_angle_step_deg", s->fill_angle_step_deg)
      || !_melt_hdf5_write_string_attr (group, "seam", seam != NULL ? seam : "")
      || !write_double_attr (group, "fill_overlap", s->fill_overlap)
      || !write_double_attr (group, "min_region_width_mm", s->min_region_width_mm)
      || !write_double_attr (group, "travel_speed_mm_s", s->travel_speed_mm_s)
      || !write_double_attr (group, "resolution_mm", s->resolution_mm))
    {
      plan_error (error, MELT_PLAN_ERROR_IO, display, "/planner", _("cannot write the planner settings"));
      return FALSE;
    }

  report = create_group (file, "/planner/report");
  if (report < 0
      || !write_uint32_attr (report, "layers", r->layers)
      || !write_uint32_attr (report, "islands", r->islands)
      || !write_uint32_attr (report, "beam_starts", r->beam_starts)
      || !write_uint32_attr (report, "dwells", r->dwells)
      || !write_double_attr (report, "dwell_time_s", r->dwell_time_s)
      || !write_uint32_attr (report, "narrow_regions", r->narrow_regions)
      || !write_double_attr (report, "narrow_area_mm2", r->narrow_area_mm2)
      || !write_uint32_attr (report, "narrow_layers", r->narrow_layers)
      || !write_uint32_attr (report, "first_narrow_layer", (guint32) r->first_narrow_layer)
      || !write_uint32_attr (report, "last_narrow_layer", (guint32) r->last_narrow_layer)
      || !write_double_attr (report, "bead_width_mm", r->bead_width_mm)
      || !write_double_attr (report, "step_over_mm", r->step_over_mm)
      || !write_double_attr (report, "layer_height_mm", r->layer_height_mm))
    {
      plan_error (error, MELT_PLAN_ERROR_IO, display, "/planner/report",
                  _("cannot write the planner report"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_toolpath (MeltPlan      *self,
                hid_t          file,
                const char    *display,
                GCancellable  *cancellable,
                GError       **error)
{
  g_auto(MeltH5Group) group = create_group (file, "/toolpath");
  guint n = melt_toolpath_get_n_segments (self->toolpath);
  g_autoptr(MeltH5Chunks) chunks = _melt_h5_chunks_supported () ? _melt_h5_chunks_new (DEFLATE_LEVEL) : NULL;
  hid_t failed = H5I_INVALID_HID;

  if (group < 0
      || !write_uint64_attr (group, "n_segments", n)
      || !write_uint32_attr (group, "n_layers", melt_toolpath_get_n_layers (self->toolpath)))
    {
      plan_error (error, MELT_PLAN_ERROR_IO, display, "/toolpath", _("cannot write the toolpath"));
      return FALSE;
    }

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!write_column (group, &columns[c], toolpath_column (self->toolpath, c), n, chunks))
        {
          g_autofree char *where = g_strconcat ("/toolpath/", columns[c].name, NULL);

          plan_error (error, MELT_PLAN_ERROR_IO, display, where, _("cannot write the dataset"));
          return FALSE;
        }
    }
  if (chunks != NULL && !_melt_h5_chunks_write (chunks, &failed))
    {
      char name[256] = "";

      if (failed >= 0)
        H5Iget_name (failed, name, sizeof name);
      plan_error (error, MELT_PLAN_ERROR_IO, display, name[0] != '\0' ? name : "/toolpath",
                  _("cannot write the dataset"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_stats (MeltPlan   *self,
             hid_t       file,
             const char *display,
             GError    **error)
{
  g_auto(MeltH5Group) group = create_group (file, "/stats");
  MeltToolpathStats st;

  melt_toolpath_compute_stats (self->toolpath,
                               melt_process_get_double (self->process,
                                                        MELT_PROCESS_PARAM_WIRE_DIAMETER_MM),
                               &st);
  if (group < 0
      || !write_uint32_attr (group, "layers", st.layers)
      || !write_uint32_attr (group, "segments", st.segments)
      || !write_double_attr (group, "total_time_s", st.total_time_s)
      || !write_double_attr (group, "beam_on_time_s", st.beam_on_time_s)
      || !write_double_attr (group, "travel_time_s", st.travel_time_s)
      || !write_double_attr (group, "dwell_time_s", st.dwell_time_s)
      || !write_double_attr (group, "path_length_mm", st.path_length_mm)
      || !write_double_attr (group, "travel_length_mm", st.travel_length_mm)
      || !write_uint32_attr (group, "beam_starts", st.beam_starts)
      || !write_double_attr (group, "wire_volume_mm3", st.wire_volume_mm3)
      || !write_double_attr (group, "deposited_volume_mm3", st.deposited_volume_mm3)
      || !write_double_attr (group, "energy_j", st.energy_j))
    {
      plan_error (error, MELT_PLAN_ERROR_IO, display, "/stats", _("cannot write the statistics"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_plan_file (MeltPlan      *self,
                 const char    *path,
                 const char    *display,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_auto(MeltH5Plist) fapl = H5Pcreate (H5P_FILE_ACCESS);
  hid_t file;

  /* Readable by HDF5 1.8 and 1.10 whichever library writes */
  if (fapl >= 0)
    H5Pset_libver_bounds (fapl, H5F_LIBVER_EARLIEST, H5F_LIBVER_V18);
  file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  if (file < 0)
    {
      plan_error (error, MELT_PLAN_ERROR_IO, display, "/", _("cannot create the file"));
      return FALSE;
    }

  if (!write_root (self, file, display, error)
      || !write_part (self, file, display, error)
      || !write_process (self, file, display, error)
      || !write_planner (self, file, display, error)
      || !write_toolpath (self, file, display, cancellable, error)
      || !write_stats (self, file, display, error))
    {
      H5Fclose (file);
      return FALSE;
    }
  if (H5Fclose (file) < 0)
    {
      plan_error (error, MELT_PLAN_ERROR_IO, display, "/", _("cannot close the file"));
      return FALSE;
    }
  return TRUE;
}

gboolean
melt_plan_save (MeltPlan      *self,
                GFile         *file,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  g_autofree char *temp = NULL;
  gboolean ok;

  g_return_val_if_fail (MELT_IS_PLAN (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_file_get_parse_name (file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, MELT_PLAN_ERROR, MELT_PLAN_ERROR_IO,
                   _("%s: a plan can only be saved to a local file"), display);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  temp = _melt_hdf5_temp_file_new (path, MELT_PLAN_ERROR, MELT_PLAN_ERROR_IO, display, error);
  if (temp == NULL)
    return FALSE;

  _melt_hdf5_lock ();
  ok = write_plan_file (self, temp, display, cancellable, error);
  _melt_hdf5_unlock ();

  if (ok)
    ok = _melt_hdf5_temp_file_commit (temp, path, cancellable, MELT_PLAN_ERROR, MELT_PLAN_ERROR_IO,
                                      display, error);
  if (!ok)
    g_unlink (temp);
  return ok;
}

/* Reading */

typedef struct
{
  const char *display;
  hid_t       file;
} Reader;

static gboolean
attr_open (Reader      *reader,
           hid_t        loc,
           const char  *where,
           const char  *name,
           gboolean     required,
           hid_t       *attr,
           GError     **error)
{
  return _melt_hdf5_attr_open (loc, name, required, attr, MELT_PLAN_ERROR,
                               MELT_PLAN_ERROR_INVALID, MELT_PLAN_ERROR_INVALID,
                               reader->display, where, error);
}

/* Reads a fixed- or variable-length string: the attribute or dataset @id */
static char *
read_string (Reader      *reader,
             hid_t        id,
             gboolean     is_attr,
             const char  *where,
             const char  *name,
             GError     **error)
{
  char *value = NULL;
  gsize size = 0;

  switch (_melt_hdf5_read_string (id, is_attr, MAX_STRING_SIZE, &value, &size))
    {
    case MELT_HDF5_STRING_OK:
      return value;
    case MELT_HDF5_STRING_NOT_SINGLE:
      plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                  _("“%s” is not a single string"), name);
      return NULL;
    case MELT_HDF5_STRING_BAD_SIZE:
      plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                  _("“%s” is a string of %lu bytes, expected 1 to %lu"),
                  name, (unsigned long) size, (unsigned long) MAX_STRING_SIZE);
      return NULL;
    case MELT_HDF5_STRING_UNREADABLE:
      plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                  _("cannot read “%s”"), name);
      return NULL;
    case MELT_HDF5_STRING_NOT_UTF8:
    default:
      plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                  _("“%s” is not valid UTF-8"), name);
      return NULL;
    }
}

static gboolean
read_string_attr (Reader      *reader,
                  hid_t        loc,
                  const char  *where,
                  const char  *name,
                  gboolean     required,
                  char       **value,
                  GError     **error)
{
  g_auto(MeltH5Attr) attr = H5I_INVALID_HID;

  *value = NULL;
  if (!attr_open (reader, loc, where, name, required, &attr, error))
    return FALSE;
  if (attr < 0)
    return TRUE;
  *value = read_string (reader, attr, TRUE, where, name, error);
  return *value != NULL;
}

/* Reads @n numbers of class @klass (H5T_FLOAT or H5T_INTEGER) as @memory_type */
static gboolean
read_numeric_attr (Reader      *reader,
                   hid_t        loc,
                   const char  *where,
                   const char  *name,
                   H5T_class_t  klass,
                   hid_t        memory_type,
                   void        *values,
                   hssize_t     n,
                   GError     **error)
{
  g_auto(MeltH5Attr) attr = H5I_INVALID_HID;
  g_auto(MeltH5Type) type = H5I_INVALID_HID;
  g_auto(MeltH5Space) space = H5I_INVALID_HID;

  if (!attr_open (reader, loc, where, name, TRUE, &attr, error))
    return FALSE;

  type = H5Aget_type (attr);
  space = H5Aget_space (attr);
  if (type < 0 || space < 0 || H5Tget_class (type) != klass
      || H5Sget_simple_extent_npoints (space) != n)
    {
      if (klass == H5T_FLOAT)
        plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                    ngettext ("the attribute “%s” is not %ld floating-point number",
                              "the attribute “%s” is not %ld floating-point numbers", (long) n),
                    name, (long) n);
      else
        plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                    ngettext ("the attribute “%s” is not %ld integer",
                              "the attribute “%s” is not %ld integers", (long) n),
                    name, (long) n);
      return FALSE;
    }
  if (klass == H5T_INTEGER && H5Tget_sign (type) != H5T_SGN_NONE)
    {
      plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                  _("the attribute “%s” is signed, expected an unsigned integer"), name);
      return FALSE;
    }
  if (H5Aread (attr, memory_type, values) < 0)
    {
      plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                  _("cannot read the attribute “%s”"), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_double_attr (Reader      *reader,
                  hid_t        loc,
                  const char  *where,
                  const char  *name,
                  double      *value,
                  GError     **error)
{
  if (!read_numeric_attr (reader, loc, where, name, H5T_FLOAT, H5T_NATIVE_DOUBLE, value, 1, error))
    return FALSE;
  if (!isfinite (*value))
    {
      plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                  _("the attribute “%s” is not a finite number"), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_uint32_attr (Reader      *reader,
                  hid_t        loc,
                  const char  *where,
                  const char  *name,
                  guint       *value,
                  GError     **error)
{
  guint64 v;

  if (!read_numeric_attr (reader, loc, where, name, H5T_INTEGER, H5T_NATIVE_UINT64, &v, 1, error))
    return FALSE;
  if (v > G_MAXUINT32)
    {
      plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                  _("the attribute “%s” is %llu, expected at most %lu"),
                  name, (unsigned long long) v, (unsigned long) G_MAXUINT32);
      return FALSE;
    }
  *value = (guint) v;
  return TRUE;
}

static hid_t
open_group (Reader      *reader,
            const char  *path,
            GError     **error)
{
  htri_t exists = H5Lexists (reader->file, path, H5P_DEFAULT);
  H5O_info_t info;
  hid_t group;

  if (exists <= 0 || H5Oget_info_by_name (reader->file, path, &info, H5P_DEFAULT) < 0
      || info.type != H5O_TYPE_GROUP)
    {
      plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, path,
                  _("the group is missing"));
      return H5I_INVALID_HID;
    }
  group = H5Gopen2 (reader->file, path, H5P_DEFAULT);
  if (group < 0)
    plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, path,
                _("cannot open the group"));
  return group;
}

static hid_t
open_dataset (Reader      *reader,
              hid_t        loc,
              const char  *name,
              const char  *where,
              GError     **error)
{
  htri_t exists = H5Lexists (loc, name, H5P_DEFAULT);
  H5O_info_t info;
  hid_t dataset;

  if (exists <= 0 || H5Oget_info_by_name (loc, name, &info, H5P_DEFAULT) < 0
      || info.type != H5O_TYPE_DATASET)
    {
      plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                  _("the dataset is missing"));
      return H5I_INVALID_HID;
    }
  dataset = H5Dopen2 (loc, name, H5P_DEFAULT);
  if (dataset < 0)
    plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                _("cannot open the dataset"));
  return dataset;
}

/* Every filter of @dataset must be in this HDF5 library */
static gboolean
check_filters (Reader      *reader,
               hid_t        dataset,
               const char  *where,
               GError     **error)
{
  return _melt_hdf5_check_filters (dataset, FALSE, MELT_PLAN_ERROR, MELT_PLAN_ERROR_INVALID,
                                   MELT_PLAN_ERROR_FILTER, reader->display, where, error);
}

static void *
read_column (Reader            *reader,
             hid_t              group,
             const ColumnInfo  *info,
             guint              n,
             GError           **error)
{
  g_autofree char *where = g_strconcat ("/toolpath/", info->name, NULL);
  g_auto(MeltH5Dataset) dataset = open_dataset (reader, group, info->name, where, error);
  g_auto(MeltH5Type) type = H5I_INVALID_HID;
  g_auto(MeltH5Space) space = H5I_INVALID_HID;
  H5T_class_t expected_class = info->type == COLUMN_FLOAT32 || info->type == COLUMN_FLOAT64
                               ? H5T_FLOAT : H5T_INTEGER;
  int rank = info->width == 1 ? 1 : 2;
  hsize_t dims[2] = { 0, 0 };
  g_autofree void *data = NULL;
  gsize bytes;

  if (dataset < 0)
    return NULL;

  type = H5Dget_type (dataset);
  if (type < 0 || H5Tget_class (type) != expected_class
      || H5Tget_size (type) != column_type_size (info->type)
      || (expected_class == H5T_INTEGER && H5Tget_sign (type) != H5T_SGN_NONE))
    {
      g_autofree char *found = type >= 0 ? describe_type (type) : g_strdup ("?");

      plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                  _("the dataset holds %s values, expected %s"), found, column_type_name (info->type));
      return NULL;
    }

  space = H5Dget_space (dataset);
  if (space < 0 || H5Sget_simple_extent_ndims (space) != rank)
    {
      if (rank == 1)
        plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                    _("expected a 1-D dataset of %u values"), n);
      else
        plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                    _("expected a 2-D dataset of %u × 3 values"), n);
      return NULL;
    }
  H5Sget_simple_extent_dims (space, dims, NULL);
  if (dims[0] != n || (rank == 2 && dims[1] != info->width))
    {
      if (rank == 1)
        plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                    _("the dataset holds %llu values, expected %u (the toolpath’s n_segments)"),
                    (unsigned long long) dims[0], n);
      else
        plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                    _("the dataset is %llu × %llu, expected %u × 3 (the toolpath’s n_segments)"),
                    (unsigned long long) dims[0], (unsigned long long) dims[1], n);
      return NULL;
    }

  if (!check_filters (reader, dataset, where, error))
    return NULL;

  bytes = (gsize) n * info->width * column_type_size (info->type);
  data = g_try_malloc (MAX (bytes, 1));
  if (data == NULL)
    {
      plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                  _("not enough memory for %llu bytes"), (unsigned long long) bytes);
      return NULL;
    }
  if (n > 0 && H5Dread (dataset, column_memory_type (info->type), H5S_ALL, H5S_ALL,
                        H5P_DEFAULT, data) < 0)
    {
      plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                  _("cannot read the dataset"));
      return NULL;
    }
  return g_steal_pointer (&data);
}

static gboolean
read_root (Reader  *reader,
           GError **error)
{
  g_autofree char *format = NULL;
  int version = 0;

  if (!read_string_attr (reader, reader->file, "/", "format", TRUE, &format, error))
    {
      g_clear_error (error);
      plan_error (error, MELT_PLAN_ERROR_FORMAT, reader->display, "/",
                  _("no “format” attribute: not a Meltline plan"));
      return FALSE;
    }
  if (g_strcmp0 (format, MELT_PLAN_FORMAT) != 0)
    {
      plan_error (error, MELT_PLAN_ERROR_FORMAT, reader->display, "/",
                  _("the “format” attribute is “%s”, expected “%s”"), format, MELT_PLAN_FORMAT);
      return FALSE;
    }
  {
    g_auto(MeltH5Attr) attr = H5I_INVALID_HID;
    g_auto(MeltH5Type) type = H5I_INVALID_HID;
    g_auto(MeltH5Space) space = H5I_INVALID_HID;

    if (!attr_open (reader, reader->file, "/", "format_version", TRUE, &attr, error))
      return FALSE;
    type = H5Aget_type (attr);
    space = H5Aget_space (attr);
    if (type < 0 || space < 0 || H5Tget_class (type) != H5T_INTEGER
        || H5Sget_simple_extent_npoints (space) != 1
        || H5Aread (attr, H5T_NATIVE_INT, &version) < 0)
      {
        plan_error (error, MELT_PLAN_ERROR_FORMAT, reader->display, "/",
                    _("the attribute “%s” is not an integer"), "format_version");
        return FALSE;
      }
  }
  if (version != MELT_PLAN_FORMAT_VERSION)
    {
      plan_error (error, MELT_PLAN_ERROR_VERSION, reader->display, "/",
                  _("format_version %d is not one this version of Meltline reads (%d)"),
                  version, MELT_PLAN_FORMAT_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_part (Reader        *reader,
           MeltPlanPart  *part,
           GError       **error)
{
  g_auto(MeltH5Group) group = open_group (reader, "/part", error);

  if (group < 0
      || !read_string_attr (reader, group, "/part", "file_name", FALSE, &part->file_name, error)
      || !read_numeric_attr (reader, group, "/part", "size_bytes", H5T_INTEGER,
                             H5T_NATIVE_UINT64, &part->size_bytes, 1, error)
      || !read_string_attr (reader, group, "/part", "sha256", FALSE, &part->sha256, error)
      || !read_numeric_attr (reader, group, "/part", "offset_mm", H5T_FLOAT,
                             H5T_NATIVE_DOUBLE, part->offset_mm, 3, error))
    return FALSE;

  for (guint i = 0; i < 3; i++)
    if (!isfinite (part->offset_mm[i]))
      {
        plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, "/part",
                    _("the attribute “%s” is not a finite number"), "offset_mm");
        return FALSE;
      }
  if (part->sha256 != NULL)
    {
      gboolean hex = strlen (part->sha256) == 64;

      for (const char *c = part->sha256; hex && *c != '\0'; c++)
        hex = g_ascii_isxdigit (*c);
      if (!hex)
        {
          plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, "/part",
                      _("the attribute “%s” is not 64 hexadecimal digits"), "sha256");
          return FALSE;
        }
    }
  return TRUE;
}

static MeltProcess *
read_process (Reader  *reader,
              GError **error)
{
  g_auto(MeltH5Dataset) dataset = open_dataset (reader, reader->file, "/process", "/process", error);
  g_autofree char *json = NULL;
  g_autofree char *display = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;

  if (dataset < 0)
    return NULL;
  json = read_string (reader, dataset, FALSE, "/process", "process", error);
  if (json == NULL)
    return NULL;

  display = g_strdup_printf ("%s:/process", reader->display);
  len = strlen (json);
  bytes = g_bytes_new_take (g_steal_pointer (&json), len);
  return melt_process_load_bytes (bytes, display, error);
}

static gboolean
read_enum_attr (Reader      *reader,
                hid_t        loc,
                const char  *where,
                const char  *name,
                GType        enum_type,
                int         *value,
                GError     **error)
{
  g_autofree char *nick = NULL;

  if (!read_string_attr (reader, loc, where, name, TRUE, &nick, error))
    return FALSE;
  if (!melt_enum_from_nick (enum_type, nick, value))
    {
      plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                  _("the attribute “%s” is “%s”, not one of the names this version knows"),
                  name, nick);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_planner (Reader            *reader,
              MeltPlanSettings  *s,
              MeltPlanReport    *r,
              GError           **error)
{
  g_auto(MeltH5Group) group = open_group (reader, "/planner", error);
  g_auto(MeltH5Group) report = H5I_INVALID_HID;
  g_autoptr(GError) local_error = NULL;
  int fill = 0, seam = 0;

  if (group < 0
      || !read_uint32_attr (reader, group, "/planner", "perimeters", &s->perimeters, error)
      || !read_enum_attr (reader, group, "/planner", "fill", MELT_TYPE_FILL_PATTERN, &fill, error)
      || !read_double_attr (reader, group, "/planner", "fill_angle_deg", &s->fill_angle_deg, error)
      || !read_double_attr (reader, group, "/planner", "fill_angle_step_deg",
                            &s->fill_angle_step_deg, error)
      || !read_enum_attr (reader, group, "/planner", "seam", MELT_TYPE_SEAM_STRATEGY, &seam, error)
      || !read_double_attr (reader, group, "/planner", "fill_overlap", &s->fill_overlap, error)
      || !read_double_attr (reader, group, "/planner", "min_region_width_mm",
                            &s->min_region_width_mm, error)
      || !read_double_attr (reader, group, "/planner", "travel_speed_mm_s",
                            &s->travel_speed_mm_s, error)
      || !read_double_attr (reader, group, "/planner", "resolution_mm", &s->resolution_mm, error))
    return FALSE;
  s->fill = fill;
  s->seam = seam;
  if (!melt_plan_settings_validate (s, &local_error))
    {
      plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, "/planner",
                  "%s", local_error->message);
      return FALSE;
    }

  report = open_group (reader, "/planner/report", error);
  if (report < 0)
    return FALSE;

#define REPORT_UINT(field) \
  read_uint32_attr (reader, report, "/planner/report", #field, &r->field, error)
#define REPORT_DOUBLE(field) \
  read_double_attr (reader, report, "/planner/report", #field, &r->field, error)

  if (!REPORT_UINT (layers) || !REPORT_UINT (islands) || !REPORT_UINT (beam_starts)
      || !REPORT_UINT (dwells) || !REPORT_DOUBLE (dwell_time_s)
      || !REPORT_UINT (narrow_regions) || !REPORT_DOUBLE (narrow_area_mm2)
      || !REPORT_UINT (narrow_layers) || !REPORT_UINT (first_narrow_layer)
      || !REPORT_UINT (last_narrow_layer) || !REPORT_DOUBLE (bead_width_mm)
      || !REPORT_DOUBLE (step_over_mm) || !REPORT_DOUBLE (layer_height_mm))
    return FALSE;

#undef REPORT_UINT
#undef REPORT_DOUBLE

  return TRUE;
}

static MeltToolpath *
read_toolpath (Reader        *reader,
               GCancellable  *cancellable,
               GError       **error)
{
  g_auto(MeltH5Group) group = open_group (reader, "/toolpath", error);
  g_autoptr(MeltToolpath) toolpath = NULL;
  g_autofree float *start = NULL;
  g_autofree float *end = NULL;
  g_autofree guint8 *kind = NULL;
  g_autofree guint32 *layer = NULL;
  g_autofree guint32 *bead = NULL;
  g_autofree float *speed = NULL;
  g_autofree float *power = NULL;
  g_autofree float *beam_current = NULL;
  g_autofree float *wire_feed = NULL;
  g_autofree float *width = NULL;
  g_autofree float *height = NULL;
  g_autofree float *area = NULL;
  g_autofree double *start_time = NULL;
  g_autofree float *duration = NULL;
  g_autofree guint32 *source_line = NULL;
  void **data[N_COLUMNS] = {
    [COL_START] = (void **) &start,
    [COL_END] = (void **) &end,
    [COL_KIND] = (void **) &kind,
    [COL_LAYER] = (void **) &layer,
    [COL_BEAD] = (void **) &bead,
    [COL_SPEED] = (void **) &speed,
    [COL_POWER] = (void **) &power,
    [COL_BEAM_CURRENT] = (void **) &beam_current,
    [COL_WIRE_FEED] = (void **) &wire_feed,
    [COL_WIDTH] = (void **) &width,
    [COL_HEIGHT] = (void **) &height,
    [COL_AREA] = (void **) &area,
    [COL_START_TIME] = (void **) &start_time,
    [COL_DURATION] = (void **) &duration,
    [COL_SOURCE_LINE] = (void **) &source_line,
  };
  guint64 n64 = 0;
  guint n;

  if (group < 0
      || !read_numeric_attr (reader, group, "/toolpath", "n_segments", H5T_INTEGER,
                             H5T_NATIVE_UINT64, &n64, 1, error))
    return NULL;
  if (n64 > MELT_TOOLPATH_MAX_SEGMENTS)
    {
      plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, "/toolpath",
                  _("n_segments is %llu, more than the %lu a toolpath holds"),
                  (unsigned long long) n64, (unsigned long) MELT_TOOLPATH_MAX_SEGMENTS);
      return NULL;
    }
  n = (guint) n64;

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      *data[c] = read_column (reader, group, &columns[c], n, error);
      if (*data[c] == NULL)
        return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      if (kind[i] > MELT_SEGMENT_DWELL || layer[i] >= MELT_TOOLPATH_MAX_SEGMENTS)
        {
          g_autofree char *where = g_strconcat ("/toolpath/",
                                                kind[i] > MELT_SEGMENT_DWELL ? "kind" : "layer",
                                                NULL);

          if (kind[i] > MELT_SEGMENT_DWELL)
            plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                        _("segment %u has kind %u, expected 0 to 3"), i, (guint) kind[i]);
          else
            plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, where,
                        _("segment %u has layer %u, expected less than %u"),
                        i, layer[i], (guint) MELT_TOOLPATH_MAX_SEGMENTS);
          return NULL;
        }
      /* layers go up, and never by more than there are segments: the
       * preview keeps a table per layer */
      if (i > 0 && layer[i] < layer[i - 1])
        {
          plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, "/toolpath/layer",
                      _("segment %u is in layer %u, after a segment in layer %u: expected layers in order"),
                      i, layer[i], layer[i - 1]);
          return NULL;
        }
      if (layer[i] > n)
        {
          plan_error (error, MELT_PLAN_ERROR_INVALID, reader->display, "/toolpath/layer",
                      _("segment %u is in layer %u, more layers than the plan has segments (%u)"),
                      i, layer[i], n);
          return NULL;
        }
    }

  toolpath = melt_toolpath_new ();
  melt_toolpath_reserve (toolpath, n);
  for (guint i = 0; i < n; i++)
    {
      MeltSegment s;

      memcpy (s.start, start + 3 * (gsize) i, sizeof s.start);
      memcpy (s.end, end + 3 * (gsize) i, sizeof s.end);
      s.kind = kind[i];
      s.layer = layer[i];
      s.bead = bead[i];
      s.speed_mm_s = speed[i];
      s.power_w = power[i];
      s.beam_current_ma = beam_current[i];
      s.wire_feed_mm_s = wire_feed[i];
      s.width_mm = width[i];
      s.height_mm = height[i];
      s.area_mm2 = area[i];
      s.start_time_s = start_time[i];
      s.duration_s = duration[i];
      s.source_line = source_line[i];
      melt_toolpath_append (toolpath, &s);
    }
  return g_steal_pointer (&toolpath);
}

static MeltPlan *
read_plan_file (const char    *path,
                const char    *display,
                GCancellable  *cancellable,
                GError       **error)
{
  g_auto(MeltH5File) file = H5I_INVALID_HID;
  g_autoptr(MeltProcess) process = NULL;
  g_autoptr(MeltToolpath) toolpath = NULL;
  g_autoptr(MeltPlan) plan = NULL;
  MeltPlanPart part = { 0 };
  MeltPlanSettings settings;
  MeltPlanReport report = { 0 };
  Reader reader = { display, H5I_INVALID_HID };

  if (g_access (path, R_OK) != 0)
    {
      int saved = errno;

      g_set_error (error, MELT_PLAN_ERROR, MELT_PLAN_ERROR_IO,
                   _("%s: cannot open the file: %s"), display, g_strerror (saved));
      return NULL;
    }
  if (H5Fis_hdf5 (path) <= 0)
    {
      plan_error (error, MELT_PLAN_ERROR_FORMAT, display, "/",
                  _("not an HDF5 file, expected a Meltline plan"));
      return NULL;
    }
  file = H5Fopen (path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0)
    {
      plan_error (error, MELT_PLAN_ERROR_FORMAT, display, "/",
                  _("cannot open the HDF5 file: it is damaged or cut short"));
      return NULL;
    }
  reader.file = file;

  melt_plan_settings_init (&settings);
  if (!read_root (&reader, error))
    return NULL;
  if (!read_part (&reader, &part, error))
    goto fail;
  process = read_process (&reader, error);
  if (process == NULL)
    goto fail;
  if (!read_planner (&reader, &settings, &report, error))
    goto fail;
  toolpath = read_toolpath (&reader, cancellable, error);
  if (toolpath == NULL)
    goto fail;

  plan = melt_plan_new (process, &settings, toolpath, &report);
  plan->part = part;
  return g_steal_pointer (&plan);

fail:
  melt_plan_part_clear (&part);
  return NULL;
}

MeltPlan *
melt_plan_load (GFile         *file,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  MeltPlan *plan;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_file_get_parse_name (file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, MELT_PLAN_ERROR, MELT_PLAN_ERROR_IO,
                   _("%s: a plan can only be read from a local file"), display);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  _melt_hdf5_lock ();
  plan = read_plan_file (path, display, cancellable, error);
  _melt_hdf5_unlock ();

  return plan;
}
