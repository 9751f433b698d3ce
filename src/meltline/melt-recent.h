/* melt-recent.h: the part designs opened lately, from GtkRecentManager
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean   melt_recent_is_part_file (const char       *name);
void       melt_recent_add_part     (GtkRecentManager *manager,
                                     GFile            *file);
GPtrArray *melt_recent_list_parts   (GtkRecentManager *manager,
                                     guint             max_items);

G_END_DECLS
