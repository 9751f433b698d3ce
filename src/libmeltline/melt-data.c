/* melt-data.c: where Meltline's data files (materials, presets) are
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-data"

#include "config.h"

#include "melt-data.h"

/**
 * melt_data_get_dir:
 * @subdir: a folder of data/, e.g. "materials"
 *
 * Returns: (transfer full): the directory to read @subdir from
 */
char *
melt_data_get_dir (const char *subdir)
{
  const char *env = g_getenv ("MELTLINE_DATA_DIR");
  g_autofree char *installed = NULL;

  g_return_val_if_fail (subdir != NULL, NULL);

  if (env != NULL && env[0] != '\0')
    return g_build_filename (env, subdir, NULL);

  installed = g_build_filename (PKGDATADIR, subdir, NULL);
  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);

  return g_build_filename (SOURCE_DATA_DIR, subdir, NULL);
}
