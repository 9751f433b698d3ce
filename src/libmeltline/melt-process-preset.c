/* melt-process-preset.c: the process parameter sets shipped in data/presets/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-process"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "melt-data.h"
#include "melt-process-preset.h"
#include "melt-process-private.h"

const char *
melt_process_preset_get_label (void)
{
  return _("typical values, not flight values");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/**
 * melt_process_preset_list_ids:
 *
 * Returns: (transfer full) (element-type utf8): the preset ids, sorted
 */
GPtrArray *
melt_process_preset_list_ids (void)
{
  g_autofree char *path = melt_data_get_dir ("presets");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      g_warning ("Cannot list the presets in %s: %s", path, error->message);
      return g_steal_pointer (&ids);
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json") && g_utf8_validate (name, -1, NULL))
      g_ptr_array_add (ids, g_strndup (name, strlen (name) - strlen (".json")));

  g_ptr_array_sort (ids, compare_strings);

  return g_steal_pointer (&ids);
}

/**
 * melt_process_preset_load:
 * @id: a preset id (see melt_process_preset_list_ids())
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the preset (its "preset-id" is @id), or %NULL
 *   with @error set
 */
MeltProcess *
melt_process_preset_load (const char  *id,
                          GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  MeltProcess *process;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (strchr (id, '/') == NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = melt_data_get_dir ("presets");
  name = g_strconcat (id, ".json", NULL);
  path = g_build_filename (dir, name, NULL);
  file = g_file_new_for_path (path);

  process = melt_process_load (file, NULL, error);
  if (process != NULL)
    melt_process_set_preset_id (process, id);

  return process;
}

/**
 * melt_process_preset_load_all:
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type MeltProcess): every preset, or
 *   %NULL with @error set when one fails to load
 */
GPtrArray *
melt_process_preset_load_all (GError **error)
{
  g_autoptr(GPtrArray) ids = melt_process_preset_list_ids ();
  g_autoptr(GPtrArray) presets = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      MeltProcess *process = melt_process_preset_load (g_ptr_array_index (ids, i), error);

      if (process == NULL)
        return NULL;
      g_ptr_array_add (presets, process);
    }

  return g_steal_pointer (&presets);
}
