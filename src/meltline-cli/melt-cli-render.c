/* melt-cli-render.c: meltline-cli render, a part design drawn to a PNG without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "meltline-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "melt-camera.h"
#include "melt-cli.h"
#include "melt-mesh.h"
#include "melt-offscreen.h"
#include "melt-renderer.h"

#define DEFAULT_WIDTH  1280
#define DEFAULT_HEIGHT 800
#define MAX_SIDE       16384

static gboolean
parse_size (const char *text,
            int        *width,
            int        *height)
{
  g_auto(GStrv) parts = NULL;
  guint64 w, h;

  if (text == NULL)
    return FALSE;

  /* "1280x800", also with "X" or "×" */
  parts = g_regex_split_simple ("^\\s*([0-9]+)\\s*(?:x|X|×)\\s*([0-9]+)\\s*$", text, 0, 0);
  if (g_strv_length (parts) != 4 ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, MAX_SIDE, &w, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, MAX_SIDE, &h, NULL))
    return FALSE;

  *width = w;
  *height = h;

  return TRUE;
}

static cairo_status_t
write_png_chunk (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  GOutputStream *stream = closure;

  if (!g_output_stream_write_all (stream, data, length, NULL, NULL, NULL))
    return CAIRO_STATUS_WRITE_ERROR;

  return CAIRO_STATUS_SUCCESS;
}

/* Written next to the destination and renamed over it, so no half-written PNG is left. */
static gboolean
save_png (cairo_surface_t  *surface,
          GFile            *file,
          GError          **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  cairo_status_t status;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (stream == NULL)
    return FALSE;

  status = cairo_surface_write_to_png_stream (surface, write_png_chunk, stream);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* TRANSLATORS: %s are a file name and Cairo's reason */
                   _("Could not write “%s”: %s"), name, cairo_status_to_string (status));
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
      return FALSE;
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

static cairo_surface_t *
render_mesh (MeltMesh  *mesh,
             MeltView   view,
             int        width,
             int        height,
             gboolean   use_es,
             gboolean   show_grid,
             gboolean   show_axes,
             GError   **error)
{
  g_autoptr(MeltOffscreen) offscreen = NULL;
  g_autoptr(MeltRenderer) renderer = NULL;
  g_autoptr(MeltCamera) camera = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  float min[3], max[3];

  offscreen = melt_offscreen_new (width, height, use_es, error);
  if (offscreen == NULL)
    return NULL;

  renderer = melt_renderer_new ();
  melt_renderer_set_show_grid (renderer, show_grid);
  melt_renderer_set_show_axes (renderer, show_axes);
  if (!melt_renderer_realize (renderer, melt_offscreen_get_use_es (offscreen), error))
    return NULL;

  melt_renderer_set_mesh (renderer, mesh);
  melt_mesh_get_bounds (mesh, min, max);

  camera = melt_camera_new ();
  melt_camera_set_viewport_size (camera, width, height);
  melt_camera_set_view (camera, view);
  melt_camera_fit (camera, min, max);

  melt_offscreen_bind (offscreen);
  melt_renderer_render (renderer, camera, width, height);
  surface = melt_offscreen_snapshot (offscreen);
  melt_renderer_unrealize (renderer);

  g_debug ("Rendered on %s", melt_renderer_get_gl_description (renderer));

  cr = cairo_create (surface);
  melt_renderer_draw_overlay (renderer, cr, camera, width, height);
  cairo_destroy (cr);

  return surface;
}

int
melt_cli_render (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltMesh) mesh = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFile) output = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *size = NULL;
  g_autofree char *view_name = NULL;
  g_auto(GStrv) parts = NULL;
  cairo_surface_t *surface;
  gboolean use_es = FALSE;
  gboolean no_grid = FALSE;
  gboolean no_axes = FALSE;
  MeltView view = MELT_VIEW_ISO;
  int width = DEFAULT_WIDTH, height = DEFAULT_HEIGHT;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("Write the image to FILE (PNG)"), N_("FILE") },
    { "size", 's', 0, G_OPTION_ARG_STRING, &size,
      N_("Image size in pixels (default 1280x800)"), N_("WxH") },
    { "view", 0, 0, G_OPTION_ARG_STRING, &view_name,
      N_("Camera direction: iso, top, front or side (default iso)"), N_("VIEW") },
    { "gles", 0, 0, G_OPTION_ARG_NONE, &use_es,
      N_("Render through OpenGL ES 3.0 instead of OpenGL 3.3"), NULL },
    { "no-grid", 0, 0, G_OPTION_ARG_NONE, &no_grid,
      N_("Leave out the build plate grid and the scale"), NULL },
    { "no-axes", 0, 0, G_OPTION_ARG_NONE, &no_axes,
      N_("Leave out the axes triad"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &parts, NULL, NULL },
    { NULL }
  };

  g_set_prgname (argv[0]);

  context = g_option_context_new (_("PART"));
  g_option_context_set_summary (context,
                                _("Draw a part design on the build plate to a PNG image, "
                                  "as the 3D view shows it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("PART is an STL (binary or ASCII) or OBJ file. The image "
                                      "is rendered with OpenGL through EGL and needs no "
                                      "display."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (parts == NULL || g_strv_length (parts) != 1)
    {
      g_printerr ("%s: %s\n", argv[0], parts == NULL ? _("no part file given")
                                                     : _("give exactly one part file"));
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (output_path == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], _("no output file given (-o OUT.png)"));
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (size != NULL && !parse_size (size, &width, &height))
    {
      g_printerr ("%s: ", argv[0]);
      /* TRANSLATORS: %s is what the user gave; %d is the largest side allowed */
      g_printerr (_("bad size “%s”: expected WIDTHxHEIGHT, such as 1280x800, each "
                    "from 1 to %d pixels"), size, MAX_SIDE);
      g_printerr ("\n");
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (view_name != NULL && !melt_view_from_string (view_name, &view))
    {
      g_printerr ("%s: ", argv[0]);
      /* TRANSLATORS: %s is what the user gave; keep iso, top, front, side untranslated */
      g_printerr (_("bad view “%s”: expected iso, top, front or side"), view_name);
      g_printerr ("\n");
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  input = g_file_new_for_commandline_arg (parts[0]);
  mesh = melt_mesh_load (input, NULL, NULL, NULL, &error);
  if (mesh == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  surface = render_mesh (mesh, view, width, height, use_es, !no_grid, !no_axes, &error);
  if (surface == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_FAILURE;
    }

  output = g_file_new_for_commandline_arg (output_path);
  if (!save_png (surface, output, &error))
    {
      cairo_surface_destroy (surface);
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  cairo_surface_destroy (surface);

  return MELT_CLI_EXIT_OK;
}
