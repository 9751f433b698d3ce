/* melt-cli-inspect.c: meltline-cli inspect PART [--json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "meltline-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "melt-cli.h"
#include "melt-mesh.h"

static void
print_row (const char *label,
           guint       width,
           const char *value)
{
  glong len = g_utf8_strlen (label, -1);

  g_print ("%s", label);
  for (glong i = len; i < (glong) width + 2; i++)
    g_print (" ");
  g_print ("%s\n", value);
}

static char *
format_count (guint n)
{
  /* %'u groups thousands as the locale does */
  return g_strdup_printf ("%'u", n);
}

static const char *
yes_no (gboolean value)
{
  return value ? _("yes") : _("no");
}

static void
print_human (MeltMesh   *mesh,
             const char *path,
             gsize       size)
{
  const MeltMeshReport *r = melt_mesh_get_report (mesh);
  g_autoptr(GPtrArray) defects = melt_mesh_report_list_defects (r);
  g_autofree char *size_text = g_format_size (size);
  g_autofree char *part = NULL;
  g_autofree char *triangles = format_count (r->triangles);
  g_autofree char *vertices = format_count (r->vertices);
  g_autofree char *bodies = format_count (r->bodies);
  g_autofree char *x_range = NULL;
  g_autofree char *y_range = NULL;
  g_autofree char *z_range = NULL;
  g_autofree char *extent = NULL;
  g_autofree char *volume = NULL;
  g_autofree char *area = NULL;
  g_autofree char *open_edges = format_count (r->open_edges);
  g_autofree char *nonmanifold = format_count (r->nonmanifold_edges);
  g_autofree char *inconsistent = format_count (r->inconsistent_edges);
  g_autofree char *degenerate = format_count (r->degenerate_triangles);
  const char *labels[] = {
    _("Part"), _("Format"), _("Triangles"), _("Vertices"), _("Size"),
    _("X"), _("Y"), _("Z"), _("Volume"), _("Surface area"), _("Bodies"),
    _("Open edges"), _("Non-manifold edges"), _("Inconsistent edges"),
    _("Degenerate triangles"), _("Watertight"),
  };
  guint width = 0;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    width = MAX (width, (guint) g_utf8_strlen (labels[i], -1));

  /* the argument is in the file system's encoding, which may not be UTF-8 */
  part = g_filename_display_name (path);
  /* TRANSLATORS: the lowest and highest coordinate along one axis */
  x_range = g_strdup_printf (_("%.3f to %.3f mm"), r->bounds_min[0], r->bounds_max[0]);
  y_range = g_strdup_printf (_("%.3f to %.3f mm"), r->bounds_min[1], r->bounds_max[1]);
  z_range = g_strdup_printf (_("%.3f to %.3f mm"), r->bounds_min[2], r->bounds_max[2]);
  /* TRANSLATORS: the extent of the bounding box along x, y and z */
  extent = g_strdup_printf (_("%.3f × %.3f × %.3f mm"),
                            r->bounds_max[0] - r->bounds_min[0],
                            r->bounds_max[1] - r->bounds_min[1],
                            r->bounds_max[2] - r->bounds_min[2]);
  /* TRANSLATORS: a volume in mm³ and the same in cm³ */
  volume = g_strdup_printf (_("%.3f mm³ (%.3f cm³)"), r->volume_mm3, r->volume_mm3 / 1000.0);
  area = g_strdup_printf (_("%.3f mm²"), r->area_mm2);

  {
    g_autofree char *format = g_strdup_printf ("%s, %s",
                                               melt_mesh_format_to_string (melt_mesh_get_format (mesh)),
                                               size_text);

    print_row (labels[0], width, part);
    print_row (labels[1], width, format);
  }
  print_row (labels[2], width, triangles);
  print_row (labels[3], width, vertices);
  print_row (labels[4], width, extent);
  print_row (labels[5], width, x_range);
  print_row (labels[6], width, y_range);
  print_row (labels[7], width, z_range);
  print_row (labels[8], width, volume);
  print_row (labels[9], width, area);
  print_row (labels[10], width, bodies);
  print_row (labels[11], width, open_edges);
  print_row (labels[12], width, nonmanifold);
  print_row (labels[13], width, inconsistent);
  print_row (labels[14], width, degenerate);
  print_row (labels[15], width, yes_no (r->watertight));

  g_print ("\n");

  if (defects->len == 0)
    {
      g_print ("%s\n", _("No defects found: the part is a closed, consistently oriented surface."));
      return;
    }

  g_print ("%s\n", _("Defects:"));
  for (guint i = 0; i < defects->len; i++)
    g_print ("  • %s\n", (const char *) g_ptr_array_index (defects, i));
}

static void
print_json (MeltMesh   *mesh,
            const char *path)
{
  g_autoptr(JsonNode) report = melt_mesh_report_to_json_node (melt_mesh_get_report (mesh));
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GList) members = NULL;
  g_autofree char *file_name = g_filename_display_name (path);
  JsonObject *from = json_node_get_object (report);
  JsonObject *object = json_object_new ();

  /* JSON strings are UTF-8: a name with other bytes gets U+FFFD for them */
  json_object_set_string_member (object, "file", file_name);
  json_object_set_string_member (object, "format",
                                 melt_mesh_format_to_string (melt_mesh_get_format (mesh)));

  members = json_object_get_members (from);
  for (const GList *l = members; l != NULL; l = l->next)
    json_object_set_member (object, l->data, json_object_dup_member (from, l->data));

  json_node_take_object (root, object);
  melt_cli_print_json (root);
}

int
melt_cli_inspect (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(MeltMesh) mesh = NULL;
  g_autoptr(GFileInfo) info = NULL;
  gboolean json = FALSE;
  gboolean check = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object instead of text"), NULL },
    { "check", 0, 0, G_OPTION_ARG_NONE, &check,
      N_("Exit with status 1 if the part has defects or is not watertight"), NULL },
    { NULL }
  };

  /* so that --help says “meltline-cli inspect [OPTION…] PART” */
  g_set_prgname (argv[0]);

  context = g_option_context_new (_("PART"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Print a part design’s size, volume and mesh defects.\n"
                                  "PART is a binary STL, ASCII STL or OBJ file; lengths are in mm."));
  g_option_context_set_description (context,
                                    _("Exit status: 0 when the part was read, 1 with --check when it has "
                                      "defects,\n2 when the arguments or the file are bad."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (argc != 2)
    {
      g_printerr ("%s: %s\n", argv[0],
                  argc < 2 ? _("expected a part file (binary STL, ASCII STL or OBJ)")
                           : _("expected one part file only"));
      g_printerr (_("Run “%s --help” for usage."), argv[0]);
      g_printerr ("\n");
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  mesh = melt_mesh_load (file, NULL, NULL, NULL, &error);

  if (mesh == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (json)
    print_json (mesh, argv[1]);
  else
    {
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
      print_human (mesh, argv[1], info != NULL ? (gsize) g_file_info_get_size (info) : 0);
    }

  if (check)
    {
      const MeltMeshReport *report = melt_mesh_get_report (mesh);
      g_autoptr(GPtrArray) defects = melt_mesh_report_list_defects (report);

      if (!report->watertight || defects->len > 0)
        return MELT_CLI_EXIT_FAILURE;
    }

  return MELT_CLI_EXIT_OK;
}
