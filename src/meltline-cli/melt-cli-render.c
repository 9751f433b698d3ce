/* melt-cli-render.c: meltline-cli render, a part design, a plan or G-code drawn to a PNG
 * without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "meltline-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "melt-camera.h"
#include "melt-cli.h"
#include "melt-mesh.h"
#include "melt-offscreen.h"
#include "melt-path-attribute.h"
#include "melt-path-document.h"
#include "melt-renderer.h"

#define DEFAULT_WIDTH  1280
#define DEFAULT_HEIGHT 800
#define MAX_SIDE       16384

/* What to draw and how */
typedef struct
{
  MeltMesh         *mesh;          /* nullable */
  MeltPathDocument *document;      /* nullable */
  MeltPathAttribute color_by;
  gboolean          log_scale;
  guint             first_layer;   /* from 0 */
  guint             last_layer;    /* G_MAXUINT: the top */
  MeltPathClipAxis  clip_axis;
  double            clip_mm;
  MeltView          view;
  int               width;
  int               height;
  gboolean          use_es;
  gboolean          show_grid;
  gboolean          show_axes;
} Scene;

static cairo_surface_t *
render_scene (const Scene  *scene,
              GError      **error)
{
  g_autoptr(MeltOffscreen) offscreen = NULL;
  g_autoptr(MeltRenderer) renderer = NULL;
  g_autoptr(MeltCamera) camera = NULL;
  MeltPathRenderer *paths;
  cairo_surface_t *surface;
  cairo_t *cr;
  float min[3], max[3];

  offscreen = melt_offscreen_new (scene->width, scene->height, scene->use_es, error);
  if (offscreen == NULL)
    return NULL;

  renderer = melt_renderer_new ();
  melt_renderer_set_show_grid (renderer, scene->show_grid);
  melt_renderer_set_show_axes (renderer, scene->show_axes);
  if (!melt_renderer_realize (renderer, melt_offscreen_get_use_es (offscreen), error))
    return NULL;

  paths = melt_renderer_get_paths (renderer);
  if (scene->mesh != NULL)
    melt_renderer_set_mesh (renderer, scene->mesh);
  if (scene->document != NULL)
    {
      melt_path_renderer_set_toolpath (paths, melt_path_document_get_toolpath (scene->document),
                                       melt_path_document_get_z_is_bead_top (scene->document));
      melt_path_renderer_color_by (paths, scene->color_by,
                                   melt_path_document_get_process (scene->document),
                                   scene->log_scale, NULL, NULL);
      melt_path_renderer_set_layer_range (paths, scene->first_layer, scene->last_layer);
      if (scene->clip_axis != MELT_PATH_CLIP_NONE)
        melt_path_renderer_set_clip (paths, scene->clip_axis, scene->clip_mm, FALSE);
      melt_renderer_set_mesh_style (renderer, MELT_MESH_STYLE_GHOST);
    }

  if (!melt_renderer_get_scene_bounds (renderer, min, max))
    memset (min, 0, sizeof min), memset (max, 0, sizeof max);

  camera = melt_camera_new ();
  melt_camera_set_viewport_size (camera, scene->width, scene->height);
  melt_camera_set_view (camera, scene->view);
  melt_camera_fit (camera, min, max);

  melt_offscreen_bind (offscreen);
  melt_renderer_render (renderer, camera, scene->width, scene->height);
  surface = melt_offscreen_snapshot (offscreen);
  melt_renderer_unrealize (renderer);

  g_debug ("Rendered on %s", melt_renderer_get_gl_description (renderer));

  cr = cairo_create (surface);
  melt_renderer_draw_overlay (renderer, cr, camera, scene->width, scene->height);
  cairo_destroy (cr);

  return surface;
}

/* "A:B", "A:" or ":B", layers numbered from 1 as the app shows them */
static gboolean
parse_layers (const char *text,
              guint      *first,
              guint      *last)
{
  g_auto(GStrv) parts = NULL;
  guint64 a = 1, b = G_MAXUINT;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, ":", -1);
  if (g_strv_length (parts) != 2)
    return FALSE;
  g_strstrip (parts[0]);
  g_strstrip (parts[1]);
  if (parts[0][0] != '\0' && !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXUINT - 1, &a, NULL))
    return FALSE;
  if (parts[1][0] != '\0' && !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT - 1, &b, NULL))
    return FALSE;
  if (a > b)
    return FALSE;
  *first = a - 1;
  *last = b == G_MAXUINT ? G_MAXUINT : b - 1;
  return TRUE;
}

/* "x:12.5": keep what lies below 12.5 mm on X */
static gboolean
parse_clip (const char       *text,
            MeltPathClipAxis *axis,
            double           *mm)
{
  char *end = NULL;
  char name;

  if (text == NULL || strlen (text) < 3 || text[1] != ':')
    return FALSE;
  name = g_ascii_tolower (text[0]);
  if (name < 'x' || name > 'z')
    return FALSE;
  *mm = g_ascii_strtod (text + 2, &end);
  if (end == text + 2 || *end != '\0' || !isfinite (*mm))
    return FALSE;
  *axis = (MeltPathClipAxis) (name - 'x');
  return TRUE;
}

int
melt_cli_render (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) mesh = NULL;
  g_autoptr(MeltPathDocument) document = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFile) output = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *size = NULL;
  g_autofree char *view_name = NULL;
  g_autofree char *color_by = NULL;
  g_autofree char *layers = NULL;
  g_autofree char *clip = NULL;
  g_autofree char *description = NULL;
  g_auto(GStrv) parts = NULL;
  cairo_surface_t *surface;
  gboolean no_grid = FALSE;
  gboolean no_axes = FALSE;
  gboolean no_ghost = FALSE;
  Scene scene = {
    .color_by = MELT_PATH_ATTRIBUTE_FEATURE,
    .last_layer = G_MAXUINT,
    .clip_axis = MELT_PATH_CLIP_NONE,
    .view = MELT_VIEW_ISO,
    .width = DEFAULT_WIDTH,
    .height = DEFAULT_HEIGHT,
  };
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("Write the image to FILE (PNG)"), N_("FILE") },
    { "size", 's', 0, G_OPTION_ARG_STRING, &size,
      N_("Image size in pixels (default 1280x800)"), N_("WxH") },
    { "view", 0, 0, G_OPTION_ARG_STRING, &view_name,
      N_("Camera direction: iso, top, front or side (default iso)"), N_("VIEW") },
    { "color-by", 'c', 0, G_OPTION_ARG_STRING, &color_by,
      N_("Colour the beads of a plan or G-code by KEY (default feature; “help” lists the keys)"),
      N_("KEY") },
    { "log-scale", 0, 0, G_OPTION_ARG_NONE, &scene.log_scale,
      N_("Map the colours along the logarithm of the value"), NULL },
    { "layers", 'l', 0, G_OPTION_ARG_STRING, &layers,
      N_("Draw layers A to B only, numbered from 1 (A: or :B leave one end open)"), N_("A:B") },
    { "clip", 0, 0, G_OPTION_ARG_STRING, &clip,
      N_("Cut away what lies beyond a plane across an axis, such as x:12.5 (mm)"), N_("AXIS:MM") },
    { "no-ghost", 0, 0, G_OPTION_ARG_NONE, &no_ghost,
      N_("Do not draw the plan’s part as a ghost, even when it lies beside the plan"), NULL },
    { "gles", 0, 0, G_OPTION_ARG_NONE, &scene.use_es,
      N_("Render through OpenGL ES 3.0 instead of OpenGL 3.3"), NULL },
    { "no-grid", 0, 0, G_OPTION_ARG_NONE, &no_grid,
      N_("Leave out the build plate grid and the scale"), NULL },
    { "no-axes", 0, 0, G_OPTION_ARG_NONE, &no_axes,
      N_("Leave out the axes triad"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &parts, NULL, NULL },
    { NULL }
  };

  g_set_prgname (argv[0]);

  context = g_option_context_new (_("PART|PLAN.h5|FILE.gcode"));
  g_option_context_set_summary (context,
                                _("Draw a part design on the build plate, or the beads of a plan "
                                  "or of G-code, to a PNG image, as the 3D view shows them."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  description = g_strdup_printf (_("PART is an STL (binary or ASCII) or OBJ file; PLAN.h5 a plan "
                                   "made by meltline-cli plan or the app; FILE.gcode G-code from "
                                   "Meltline or any slicer. The image is rendered with OpenGL "
                                   "through EGL and needs no display.\n\nColour keys: %s"),
                                 melt_path_attribute_get_keys_help ());
  g_option_context_set_description (context, description);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (g_strcmp0 (color_by, "help") == 0)
    {
      g_autofree char *table = melt_path_attribute_format_keys_table ();

      g_print ("%s", table);
      return MELT_CLI_EXIT_OK;
    }

  if (parts == NULL || g_strv_length (parts) != 1)
    {
      g_printerr ("%s: %s\n", argv[0], parts == NULL ? _("no part, plan or G-code file given")
                                                     : _("give exactly one file"));
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (output_path == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], _("no output file given (-o OUT.png)"));
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (size != NULL && !melt_cli_parse_size (size, 1, MAX_SIDE, &scene.width, &scene.height))
    {
      g_printerr ("%s: ", argv[0]);
      /* TRANSLATORS: %s is what the user gave; %d is the largest side allowed */
      g_printerr (_("bad size “%s”: expected WIDTHxHEIGHT, such as 1280x800, each "
                    "from 1 to %d pixels"), size, MAX_SIDE);
      g_printerr ("\n");
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (view_name != NULL && !melt_view_from_string (view_name, &scene.view))
    {
      g_printerr ("%s: ", argv[0]);
      /* TRANSLATORS: %s is what the user gave; keep iso, top, front, side untranslated */
      g_printerr (_("bad view “%s”: expected iso, top, front or side"), view_name);
      g_printerr ("\n");
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (color_by != NULL && !melt_path_attribute_from_key (color_by, &scene.color_by))
    {
      g_printerr ("%s: ", argv[0]);
      /* TRANSLATORS: the first %s is what the user gave, the second the list of keys */
      g_printerr (_("bad colour key “%s”: expected one of %s"), color_by,
                  melt_path_attribute_get_keys_help ());
      g_printerr ("\n");
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (layers != NULL && !parse_layers (layers, &scene.first_layer, &scene.last_layer))
    {
      g_printerr ("%s: ", argv[0]);
      /* TRANSLATORS: %s is what the user gave */
      g_printerr (_("bad layer range “%s”: expected A:B with 1 ≤ A ≤ B, such as 3:10, 5: or :8"),
                  layers);
      g_printerr ("\n");
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (clip != NULL && !parse_clip (clip, &scene.clip_axis, &scene.clip_mm))
    {
      g_printerr ("%s: ", argv[0]);
      /* TRANSLATORS: %s is what the user gave; keep x, y, z untranslated */
      g_printerr (_("bad clipping plane “%s”: expected an axis and a position in mm, such as x:12.5"),
                  clip);
      g_printerr ("\n");
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  input = g_file_new_for_commandline_arg (parts[0]);
  if (melt_path_document_is_plan_file (input) || melt_path_document_is_gcode_name (parts[0]))
    {
      document = melt_path_document_load (input, NULL, &error);
      if (document == NULL)
        {
          g_printerr ("%s: %s\n", argv[0], error->message);
          return MELT_CLI_EXIT_BAD_INPUT;
        }
      if (melt_toolpath_get_n_segments (melt_path_document_get_toolpath (document)) == 0)
        {
          g_printerr ("%s: ", argv[0]);
          g_printerr (_("“%s” has no moves to draw"), parts[0]);
          g_printerr ("\n");
          return MELT_CLI_EXIT_BAD_INPUT;
        }
      if (scene.first_layer != 0 || scene.last_layer != G_MAXUINT)
        {
          guint n_layers = melt_toolpath_get_n_layers (melt_path_document_get_toolpath (document));

          if (scene.first_layer >= n_layers)
            {
              g_printerr ("%s: ", argv[0]);
              /* TRANSLATORS: %s is the range given, %s a file name, %u its number of layers */
              g_printerr (g_dngettext (GETTEXT_PACKAGE, "bad layer range “%s”: “%s” has %u layer",
                                       "bad layer range “%s”: “%s” has %u layers", n_layers),
                          layers, parts[0], n_layers);
              g_printerr ("\n");
              return MELT_CLI_EXIT_BAD_INPUT;
            }
        }
      if (!no_ghost)
        {
          g_autoptr(GFile) part = melt_path_document_find_part (document);

          if (part != NULL)
            mesh = melt_mesh_load (part, NULL, NULL, NULL, NULL);
        }
    }
  else if (color_by != NULL || layers != NULL || clip != NULL)
    {
      g_printerr ("%s: %s\n", argv[0],
                  _("--color-by, --layers and --clip apply to a plan or G-code, not to a part"));
      return MELT_CLI_EXIT_BAD_INPUT;
    }
  else
    {
      mesh = melt_mesh_load (input, NULL, NULL, NULL, &error);
      if (mesh == NULL)
        {
          g_printerr ("%s: %s\n", argv[0], error->message);
          return MELT_CLI_EXIT_BAD_INPUT;
        }
    }

  scene.mesh = mesh;
  scene.document = document;
  scene.show_grid = !no_grid;
  scene.show_axes = !no_axes;
  surface = render_scene (&scene, &error);
  if (surface == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_FAILURE;
    }

  output = g_file_new_for_commandline_arg (output_path);
  if (!melt_cli_save_png (surface, output, &error))
    {
      cairo_surface_destroy (surface);
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  cairo_surface_destroy (surface);

  return MELT_CLI_EXIT_OK;
}
