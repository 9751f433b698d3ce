/* melt-data.h: where Meltline's data files (materials, presets) are
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The directory holding data/@subdir (e.g. "materials", "presets"):
 * $MELTLINE_DATA_DIR/@subdir when that variable is set, else the installed
 * PKGDATADIR/@subdir when it exists, else the source tree's data/@subdir
 * (an uninstalled build). Free with g_free(). */
char *melt_data_get_dir (const char *subdir);

G_END_DECLS
