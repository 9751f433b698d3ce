/* melt-renderer-overlay.c: the 2D legend over the 3D view (scale bar, axis letters)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-renderer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "melt-renderer-private.h"

#define LEGEND_MARGIN      14.0
#define BAR_MIN_PX         64.0
#define FONT_SIZE          12.0

static void
shadowed_text (cairo_t    *cr,
               double      x,
               double      y,
               const char *text,
               double      alpha)
{
  cairo_move_to (cr, x + 1.0, y + 1.0);
  cairo_set_source_rgba (cr, 0.0, 0.0, 0.0, 0.55 * alpha);
  cairo_show_text (cr, text);

  cairo_move_to (cr, x, y);
  cairo_set_source_rgba (cr, 0.93, 0.94, 0.96, alpha);
  cairo_show_text (cr, text);
}

/* Millimetres as a short label: "0.5", "20", "1500" */
static char *
format_mm (double mm)
{
  g_autofree char *number = g_strdup_printf ("%.6g", mm);

  /* TRANSLATORS: a length in millimetres, %s is the number */
  return g_strdup_printf (_("%s mm"), number);
}

/* Pixels per mm at the build plate's depth near the middle of the view */
static double
plate_px_per_mm (MeltCamera *camera,
                 int         width,
                 int         height)
{
  graphene_vec3_t origin, direction, forward;
  double depth = melt_camera_get_distance (camera);
  double dz;

  melt_camera_get_ray (camera, 0.5 * width, 0.5 * height, width, height, &origin, &direction);
  melt_camera_get_axes (camera, NULL, NULL, &forward);

  dz = graphene_vec3_get_z (&direction);
  if (fabs (dz) > 1e-6)
    {
      double t = -graphene_vec3_get_z (&origin) / dz;
      double plate_depth = t * graphene_vec3_dot (&direction, &forward);

      /* Looking at the plate edge-on the hit runs off; keep to the target's depth then */
      if (t > 0.0 && plate_depth < 4.0 * depth)
        depth = plate_depth;
    }

  return height / (2.0 * depth * tan (melt_camera_get_fov_deg (camera) * G_PI / 360.0));
}

static void
draw_scale (MeltRenderer *self,
            cairo_t      *cr,
            MeltCamera   *camera,
            int           width,
            int           height)
{
  MeltGridLayout layout;
  g_autofree char *bar_label = NULL;
  g_autofree char *step_label = NULL;
  g_autofree char *grid_label = NULL;
  cairo_text_extents_t extents;
  double px_per_mm, bar_mm, bar_px, x1, x0, y;

  melt_grid_layout_compute (&layout, self, camera);

  px_per_mm = plate_px_per_mm (camera, width, height);
  if (!(px_per_mm > 0.0) || !isfinite (px_per_mm))
    return;

  bar_mm = melt_grid_nice_step (BAR_MIN_PX / px_per_mm);
  bar_px = bar_mm * px_per_mm;
  if (bar_px > 0.45 * width)
    return;

  x1 = floor (width - LEGEND_MARGIN) + 0.5;
  x0 = floor (x1 - bar_px) + 0.5;
  y = floor (height - LEGEND_MARGIN - FONT_SIZE - 6.0) + 0.5;

  /* the bar, with end ticks, dark under light so it reads on any background */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  for (guint pass = 0; pass < 2; pass++)
    {
      double off = pass == 0 ? 1.0 : 0.0;

      cairo_new_path (cr);
      cairo_move_to (cr, x0 + off, y - 4.0 + off);
      cairo_line_to (cr, x0 + off, y + off);
      cairo_line_to (cr, x1 + off, y + off);
      cairo_line_to (cr, x1 + off, y - 4.0 + off);
      if (pass == 0)
        cairo_set_source_rgba (cr, 0.0, 0.0, 0.0, 0.55);
      else
        cairo_set_source_rgba (cr, 0.93, 0.94, 0.96, 1.0);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
    }

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, FONT_SIZE);

  bar_label = format_mm (bar_mm);
  cairo_text_extents (cr, bar_label, &extents);
  shadowed_text (cr, floor (0.5 * (x0 + x1) - 0.5 * extents.x_advance), y - 7.0, bar_label, 1.0);

  step_label = format_mm (layout.step_mm);
  /* TRANSLATORS: the spacing of the build plate's grid lines, %s is a length such as “2 mm” */
  grid_label = g_strdup_printf (_("grid %s"), step_label);
  cairo_text_extents (cr, grid_label, &extents);
  shadowed_text (cr, floor (x1 - extents.x_advance), y + 5.0 + FONT_SIZE, grid_label, 0.7);
}

static void
draw_axis_labels (MeltRenderer *self,
                  cairo_t      *cr,
                  MeltCamera   *camera,
                  int           width,
                  int           height)
{
  static const char *names[3] = { "X", "Y", "Z" };
  graphene_vec3_t right, up;
  float r[3], u[3];
  double x, y_from_bottom, size, cx, cy, reach;

  melt_triad_get_rect (width, height, 1.0, &x, &y_from_bottom, &size);
  if (size < 16.0)
    return;

  melt_camera_get_axes (camera, &right, &up, NULL);
  graphene_vec3_to_float (&right, r);
  graphene_vec3_to_float (&up, u);

  cx = x + 0.5 * size;
  cy = height - y_from_bottom - 0.5 * size;
  reach = 0.5 * size * MELT_TRIAD_AXIS_SCALE * MELT_TRIAD_LABEL_AT;

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 0.75 * FONT_SIZE + size / 40.0);

  for (guint i = 0; i < 3; i++)
    {
      cairo_text_extents_t extents;
      double dx = r[i], dy = -u[i];

      /* an axis pointing at the viewer has its letter on the others' origin: skip it */
      if (dx * dx + dy * dy < 0.04)
        continue;

      cairo_text_extents (cr, names[i], &extents);
      shadowed_text (cr,
                     cx + reach * dx - extents.x_bearing - 0.5 * extents.width,
                     cy + reach * dy - extents.y_bearing - 0.5 * extents.height,
                     names[i], 0.95);
    }
}

/**
 * melt_renderer_draw_overlay:
 * @self: a #MeltRenderer
 * @cr: a Cairo context over the rendered view, in logical pixels
 * @camera: the camera the view was rendered with
 * @width: the view's width in logical pixels
 * @height: the view's height in logical pixels
 *
 * Draws the legend that goes over the 3D view: a scale bar measured at the build plate
 * near the middle of the view with the grid spacing, and the letters of the axes triad.
 * The window draws it over its GtkGLArea, the headless renderer onto its image, so both
 * show the same legend.
 */
void
melt_renderer_draw_overlay (MeltRenderer *self,
                            cairo_t      *cr,
                            MeltCamera   *camera,
                            int           width,
                            int           height)
{
  g_return_if_fail (MELT_IS_RENDERER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (MELT_IS_CAMERA (camera));

  if (width <= 0 || height <= 0)
    return;

  cairo_save (cr);

  if (melt_renderer_get_show_grid (self))
    draw_scale (self, cr, camera, width, height);

  if (melt_renderer_get_show_axes (self))
    draw_axis_labels (self, cr, camera, width, height);

  cairo_restore (cr);
}
