/* melt-plan.h: a planned print (part reference, process, settings, toolpath)
 * and its HDF5 file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "melt-planner.h"
#include "melt-process.h"
#include "melt-toolpath.h"

G_BEGIN_DECLS

#define MELT_PLAN_ERROR (melt_plan_error_quark ())

/**
 * MeltPlanError:
 * @MELT_PLAN_ERROR_IO: the file cannot be opened, written or renamed, or is
 *   not a local file
 * @MELT_PLAN_ERROR_FORMAT: not an HDF5 file, or not a "meltline-plan" one
 * @MELT_PLAN_ERROR_VERSION: a format_version this build does not read
 * @MELT_PLAN_ERROR_INVALID: a group, dataset or attribute is missing or has
 *   the wrong type, rank, length or value
 * @MELT_PLAN_ERROR_FILTER: a dataset is compressed with a filter this HDF5
 *   library lacks
 *
 * Every message names the file, the place in it (an HDF5 path such as
 * “/toolpath/speed”) and what was expected.
 */
typedef enum
{
  MELT_PLAN_ERROR_IO,
  MELT_PLAN_ERROR_FORMAT,
  MELT_PLAN_ERROR_VERSION,
  MELT_PLAN_ERROR_INVALID,
  MELT_PLAN_ERROR_FILTER,
} MeltPlanError;

/* The root "format" attribute and the "format_version" this build reads and
 * writes; docs/plan-format.md describes the layout */
#define MELT_PLAN_FORMAT         "meltline-plan"
#define MELT_PLAN_FORMAT_VERSION 1

/**
 * MeltPlanPart:
 * @file_name: the part's file name (its basename), or NULL when unknown
 * @size_bytes: its size
 * @sha256: SHA-256 of its bytes, 64 lower-case hex digits, or NULL
 * @offset_mm: where the part's origin sits on the build plate: added to the
 *   part's coordinates it gives the toolpath's
 *
 * Which part a plan was made from, to tell whether it changed since.
 */
typedef struct
{
  char    *file_name;
  guint64  size_bytes;
  char    *sha256;
  double   offset_mm[3];
} MeltPlanPart;

/* Fills @part from @file: its basename, size and SHA-256 (read in full;
 * about 150 ms for 50 MB, so callers may run it in a thread of its own
 * while they slice and plan). On failure @part is left cleared. */
gboolean melt_plan_part_init_from_file (MeltPlanPart  *part,
                                        GFile         *file,
                                        const double   offset_mm[3],
                                        GCancellable  *cancellable,
                                        GError       **error);
void     melt_plan_part_clear          (MeltPlanPart  *part);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MeltPlanPart, melt_plan_part_clear)

#define MELT_TYPE_PLAN (melt_plan_get_type ())

G_DECLARE_FINAL_TYPE (MeltPlan, melt_plan, MELT, PLAN, GObject)

GQuark                  melt_plan_error_quark        (void);

/* Takes references on @process and @toolpath; @settings and @report (NULL:
 * the defaults, an empty report) are copied */
MeltPlan               *melt_plan_new                (MeltProcess             *process,
                                                      const MeltPlanSettings  *settings,
                                                      MeltToolpath            *toolpath,
                                                      const MeltPlanReport    *report);

/* Names the part by @part's basename, size and SHA-256 (read in full:
 * melt_plan_part_init_from_file()) */
gboolean                melt_plan_set_part_from_file (MeltPlan                *self,
                                                      GFile                   *part,
                                                      const double             offset_mm[3],
                                                      GCancellable            *cancellable,
                                                      GError                 **error);
void                    melt_plan_set_part           (MeltPlan                *self,
                                                      const MeltPlanPart      *part);
const MeltPlanPart     *melt_plan_get_part           (MeltPlan                *self);
MeltProcess            *melt_plan_get_process        (MeltPlan                *self);
const MeltPlanSettings *melt_plan_get_settings       (MeltPlan                *self);
MeltToolpath           *melt_plan_get_toolpath       (MeltPlan                *self);
const MeltPlanReport   *melt_plan_get_report         (MeltPlan                *self);

/* Writes @self to a temporary file in @file's directory and renames it over
 * @file: on failure (or cancellation) @file is left as it was and the
 * temporary file is removed. @file must be a local path (HDF5 writes
 * through the file system). */
gboolean                melt_plan_save               (MeltPlan                *self,
                                                      GFile                   *file,
                                                      GCancellable            *cancellable,
                                                      GError                 **error);
/* Opens @file read-only and checks every dataset's type, rank and length
 * before reading it */
MeltPlan               *melt_plan_load               (GFile                   *file,
                                                      GCancellable            *cancellable,
                                                      GError                 **error);

G_END_DECLS
