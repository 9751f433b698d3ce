/* melt-cli-h5-tree.c: meltline-cli h5-tree FILE.h5 [--json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "meltline-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "melt-cli.h"
#include "melt-h5-tree.h"

int
melt_cli_h5_tree (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(JsonNode) tree = NULL;
  gboolean json = FALSE;
  gint64 unreadable;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object instead of text"), NULL },
    { NULL }
  };

  /* so that --help says “meltline-cli h5-tree [OPTION…] FILE.h5” */
  g_set_prgname (argv[0]);

  context = g_option_context_new (_("FILE.h5"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Print the structure of any HDF5 file: its groups, datasets with their "
                                  "shape, type,\nstorage and filters, and attributes with their values "
                                  "when small, to help write\na mapping file for a layout Meltline does "
                                  "not know. Soft and external links are\nshown with their targets, not "
                                  "followed. The file is only read."));
  g_option_context_set_description (context,
                                    _("Exit status: 0 when the file was read (even with parts that could "
                                      "not be),\n2 when the arguments are bad or the file is not an HDF5 "
                                      "file HDF5 can open."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (argc != 2)
    {
      g_printerr ("%s: %s\n", argv[0],
                  argc < 2 ? _("expected an HDF5 file") : _("expected one HDF5 file only"));
      g_printerr (_("Run “%s --help” for usage."), argv[0]);
      g_printerr ("\n");
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  tree = melt_h5_tree_read (file, NULL, &error);
  if (tree == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (json)
    melt_cli_print_json (tree);
  else
    {
      g_autofree char *text = melt_h5_tree_to_text (tree);

      g_print ("%s", text);
    }

  unreadable = json_object_get_int_member_with_default (json_node_get_object (tree), "unreadable", 0);
  if (unreadable > 0)
    {
      guint n = (guint) MIN (unreadable, G_MAXUINT);

      g_printerr (ngettext ("%s: %s: %u object or attribute could not be read",
                            "%s: %s: %u objects or attributes could not be read", n),
                  argv[0], argv[1], n);
      g_printerr ("\n");
    }

  return MELT_CLI_EXIT_OK;
}
