/* melt-gcode-writer.h: a toolpath written as G-code in Meltline's dialect
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dialect is described in docs/gcode-dialect.md.
 */

#pragma once

#include <gio/gio.h>

#include "melt-process.h"
#include "melt-toolpath.h"

G_BEGIN_DECLS

/* The dialect version written in the header comment */
#define MELT_GCODE_DIALECT_VERSION 1

gboolean  melt_gcode_write          (MeltToolpath   *toolpath,
                                     MeltProcess    *process,
                                     GOutputStream  *stream,
                                     GCancellable   *cancellable,
                                     GError        **error);
/* Writes atomically (a temporary file renamed over @file) */
gboolean  melt_gcode_write_file     (MeltToolpath   *toolpath,
                                     MeltProcess    *process,
                                     GFile          *file,
                                     GCancellable   *cancellable,
                                     GError        **error);
GBytes   *melt_gcode_write_bytes    (MeltToolpath   *toolpath,
                                     MeltProcess    *process);

G_END_DECLS
