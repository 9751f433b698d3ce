/* melt-recent.c: the part designs opened lately, from GtkRecentManager
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-recent"

#include "config.h"

#include "melt-recent.h"

static const char *
part_mime_type (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_str_has_suffix (lower, ".stl"))
    return "model/stl";
  if (g_str_has_suffix (lower, ".obj"))
    return "model/obj";

  return NULL;
}

/**
 * melt_recent_is_part_file:
 * @name: a file name or URI
 *
 * Returns: whether @name ends in an extension Meltline opens
 */
gboolean
melt_recent_is_part_file (const char *name)
{
  g_return_val_if_fail (name != NULL, FALSE);

  return part_mime_type (name) != NULL;
}

/**
 * melt_recent_add_part:
 * @manager: a #GtkRecentManager
 * @file: a part design that was opened
 *
 * Remembers @file among the recently used files, as Meltline's.
 */
void
melt_recent_add_part (GtkRecentManager *manager,
                      GFile            *file)
{
  g_autofree char *uri = NULL;
  g_autofree char *exec = NULL;
  GtkRecentData data = { 0 };

  g_return_if_fail (GTK_IS_RECENT_MANAGER (manager));
  g_return_if_fail (G_IS_FILE (file));

  uri = g_file_get_uri (file);
  exec = g_strdup_printf ("%s %%u", g_get_prgname () ? g_get_prgname () : "meltline");

  data.mime_type = (char *)part_mime_type (uri);
  if (data.mime_type == NULL)
    data.mime_type = (char *)"application/octet-stream";
  data.app_name = (char *)(g_get_application_name () ? g_get_application_name () : "Meltline");
  data.app_exec = exec;

  if (!gtk_recent_manager_add_full (manager, uri, &data))
    g_debug ("Could not add %s to the recent files", uri);
}

static int
compare_by_modified (gconstpointer a,
                     gconstpointer b)
{
  GtkRecentInfo *info_a = *(GtkRecentInfo **)a;
  GtkRecentInfo *info_b = *(GtkRecentInfo **)b;

  /* Newest first */
  return g_date_time_compare (gtk_recent_info_get_modified (info_b),
                              gtk_recent_info_get_modified (info_a));
}

/**
 * melt_recent_list_parts:
 * @manager: a #GtkRecentManager
 * @max_items: how many to return at most
 *
 * Lists the part designs (STL, OBJ) used lately that still exist, newest first.
 *
 * Returns: (transfer full) (element-type GFile): the files
 */
GPtrArray *
melt_recent_list_parts (GtkRecentManager *manager,
                        guint             max_items)
{
  g_autoptr(GPtrArray) infos = NULL;
  GPtrArray *files;
  GList *items;

  g_return_val_if_fail (GTK_IS_RECENT_MANAGER (manager), NULL);

  files = g_ptr_array_new_with_free_func (g_object_unref);
  infos = g_ptr_array_new_with_free_func ((GDestroyNotify)gtk_recent_info_unref);

  items = gtk_recent_manager_get_items (manager);
  for (const GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      const char *mime_type = gtk_recent_info_get_mime_type (info);
      gboolean ours;

      ours = melt_recent_is_part_file (uri) ||
             g_strcmp0 (mime_type, "model/stl") == 0 ||
             g_strcmp0 (mime_type, "model/obj") == 0;

      if (ours && gtk_recent_info_exists (info))
        g_ptr_array_add (infos, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify)gtk_recent_info_unref);

  g_ptr_array_sort (infos, compare_by_modified);

  for (guint i = 0; i < infos->len && files->len < max_items; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (infos, i);

      g_ptr_array_add (files, g_file_new_for_uri (gtk_recent_info_get_uri (info)));
    }

  return files;
}
