/* melt-path-document.h: a toolpath to preview, from a plan file or G-code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "melt-gcode-reader.h"
#include "melt-plan.h"
#include "melt-process.h"
#include "melt-toolpath.h"

G_BEGIN_DECLS

#define MELT_PATH_DOCUMENT_ERROR (melt_path_document_error_quark ())

/**
 * MeltPathDocumentError:
 * @MELT_PATH_DOCUMENT_ERROR_NO_SOURCE: the document has no G-code text
 *   (a plan), or the G-code file changed or went since it was read
 * @MELT_PATH_DOCUMENT_ERROR_LAYERS: the toolpath's layers are not in order
 */
typedef enum
{
  MELT_PATH_DOCUMENT_ERROR_NO_SOURCE,
  MELT_PATH_DOCUMENT_ERROR_LAYERS,
} MeltPathDocumentError;

#define MELT_TYPE_PATH_DOCUMENT (melt_path_document_get_type ())

G_DECLARE_FINAL_TYPE (MeltPathDocument, melt_path_document, MELT, PATH_DOCUMENT, GObject)

GQuark            melt_path_document_error_quark     (void);

gboolean          melt_path_document_is_plan_file    (GFile               *file);
MeltPathDocument *melt_path_document_load            (GFile               *file,
                                                      GCancellable        *cancellable,
                                                      GError             **error);
void              melt_path_document_load_async      (GFile               *file,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
MeltPathDocument *melt_path_document_load_finish     (GAsyncResult        *result,
                                                      GError             **error);
MeltPathDocument *melt_path_document_new_for_plan    (MeltPlan            *plan,
                                                      GFile               *file);
MeltPathDocument *melt_path_document_new_for_toolpath (MeltToolpath       *toolpath,
                                                      MeltProcess         *process);
gboolean          melt_path_document_is_gcode_name   (const char          *name);

GFile            *melt_path_document_get_file        (MeltPathDocument    *self);
MeltToolpath     *melt_path_document_get_toolpath    (MeltPathDocument    *self);
MeltPlan         *melt_path_document_get_plan        (MeltPathDocument    *self);
MeltProcess      *melt_path_document_get_process     (MeltPathDocument    *self);
gboolean          melt_path_document_get_is_gcode    (MeltPathDocument    *self);
gboolean          melt_path_document_get_z_is_bead_top (MeltPathDocument  *self);
MeltGCodeFlavor   melt_path_document_get_flavor      (MeltPathDocument    *self);
guint             melt_path_document_get_n_warnings  (MeltPathDocument    *self);
GFile            *melt_path_document_find_part       (MeltPathDocument    *self);
char             *melt_path_document_get_source_lines (MeltPathDocument   *self,
                                                      guint                line,
                                                      guint                context,
                                                      guint               *first_line,
                                                      GError             **error);

G_END_DECLS
