/* test-plot.c: MeltPlot drawn into an image surface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

#include "melt-plot.h"

#define WIDTH  640
#define HEIGHT 360

/* How far a pixel is from the background (white): 0 to 765 */
static int
darkness (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 pixel = *(const guint32 *) (data + y * stride + 4 * x);

  return 765 - (int) ((pixel >> 16) & 0xff) - (int) ((pixel >> 8) & 0xff) - (int) (pixel & 0xff);
}

/* The series' blue: much more blue than red */
static gboolean
is_blue (cairo_surface_t *surface,
         int              x,
         int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 pixel = *(const guint32 *) (data + y * stride + 4 * x);
  int r = (pixel >> 16) & 0xff, b = pixel & 0xff;

  return b - r > 60;
}

static cairo_surface_t *
draw (MeltPlot *plot)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  melt_plot_draw (plot, cr, WIDTH, HEIGHT);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static MeltSeriesPoint *
constant_series (guint  n,
                 double value)
{
  MeltSeriesPoint *points = g_new (MeltSeriesPoint, n);

  for (guint i = 0; i < n; i++)
    {
      points[i].time_s = 10.0 + 10.0 * i / (n - 1);
      points[i].value = value;
    }
  return points;
}

/* A constant series over a fixed y range: a horizontal blue line at its y, nothing blue
 * above or below */
static void
test_constant (void)
{
  g_autoptr(MeltPlot) plot = melt_plot_new ();
  g_autofree MeltSeriesPoint *points = constant_series (5000, 2.5);
  cairo_surface_t *surface;
  cairo_rectangle_t area;
  int y, hits = 0;

  melt_plot_set_title (plot, "constant");
  melt_plot_set_axis_label (plot, MELT_PLOT_AXIS_X, "Time", "s");
  melt_plot_set_axis_label (plot, MELT_PLOT_AXIS_Y, "pool width", "mm");
  melt_plot_set_range (plot, MELT_PLOT_AXIS_Y, 0.0, 10.0);
  g_assert_cmpuint (melt_plot_add_series (plot, "w", points, 5000, MELT_PLOT_LINE), ==, 0);
  surface = draw (plot);

  melt_plot_get_area (plot, &area);
  g_assert_cmpfloat (area.width, >, WIDTH / 2);
  g_assert_cmpfloat (area.height, >, HEIGHT / 2);
  y = (int) floor (melt_plot_to_pixel (plot, MELT_PLOT_AXIS_Y, 2.5));
  /* 2.5 of 0 to 10 is three quarters of the way down */
  g_assert_cmpint (abs (y - (int) (area.y + 0.75 * area.height)), <=, 1);

  for (int x = (int) area.x + 2; x < (int) (area.x + area.width) - 2; x++)
    {
      if (is_blue (surface, x, y))
        hits++;
      for (int dy = 3; dy < 40; dy++)
        {
          g_assert_false (is_blue (surface, x, y - dy));
          g_assert_false (is_blue (surface, x, y + dy));
        }
    }
  /* the whole width of the data, from 10 s to 20 s (the x range fits the data) */
  g_assert_cmpint (hits, >=, (int) area.width - 6);

  cairo_surface_destroy (surface);
}

/* Something is drawn outside the data area too: title, tick labels, axis labels */
static void
test_non_empty (void)
{
  g_autoptr(MeltPlot) plot = melt_plot_new ();
  g_autofree MeltSeriesPoint *points = g_new (MeltSeriesPoint, 1000);
  cairo_surface_t *surface;
  cairo_rectangle_t area;
  int left_ink = 0, below_ink = 0, above_ink = 0;

  for (guint i = 0; i < 1000; i++)
    {
      points[i].time_s = i * 0.01;
      points[i].value = sin (i * 0.02) * 100.0;
    }
  melt_plot_set_title (plot, "A sine");
  melt_plot_set_axis_label (plot, MELT_PLOT_AXIS_X, "Time", "s");
  melt_plot_set_axis_label (plot, MELT_PLOT_AXIS_Y, "temperature", "K");
  melt_plot_add_series (plot, "sine", points, 1000, MELT_PLOT_LINE);
  melt_plot_add_marker (plot, 3.0, "layer-start: 2");
  surface = draw (plot);
  melt_plot_get_area (plot, &area);

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        if (darkness (surface, x, y) < 200)
          continue;
        if (x < area.x - 1)
          left_ink++;
        else if (y > area.y + area.height + 1)
          below_ink++;
        else if (y < area.y - 1)
          above_ink++;
      }
  g_assert_cmpint (left_ink, >, 100);
  g_assert_cmpint (below_ink, >, 100);
  g_assert_cmpint (above_ink, >, 30);

  /* the sine's peak and trough are inside the area (the fitted range has a margin) */
  {
    double top = melt_plot_to_pixel (plot, MELT_PLOT_AXIS_Y, 100.0);
    double bottom = melt_plot_to_pixel (plot, MELT_PLOT_AXIS_Y, -100.0);

    g_assert_cmpfloat (top, >, area.y);
    g_assert_cmpfloat (bottom, <, area.y + area.height);
  }

  cairo_surface_destroy (surface);
}

/* The ticks drawn, and their labels */
static void
test_ticks (void)
{
  g_autoptr(MeltPlot) plot = melt_plot_new ();
  g_autofree MeltSeriesPoint *points = constant_series (10, 1.0);
  const char * const *labels = NULL;
  const double *ticks;
  guint n = 0;
  cairo_surface_t *surface;

  melt_plot_set_range (plot, MELT_PLOT_AXIS_X, 0.0, 50.0);
  melt_plot_set_range (plot, MELT_PLOT_AXIS_Y, -1.0, 1.0);
  melt_plot_add_series (plot, NULL, points, 10, MELT_PLOT_LINE);
  surface = draw (plot);

  ticks = melt_plot_get_ticks (plot, MELT_PLOT_AXIS_X, &labels, &n);
  g_assert_cmpuint (n, >=, 3);
  g_assert_cmpuint (n, <=, 11);
  g_assert_cmpfloat (ticks[0], ==, 0.0);
  g_assert_cmpfloat (ticks[n - 1], ==, 50.0);
  g_assert_cmpstr (labels[0], ==, "0");
  g_assert_cmpstr (labels[n - 1], ==, "50");
  g_assert_null (labels[n]);

  ticks = melt_plot_get_ticks (plot, MELT_PLOT_AXIS_Y, &labels, &n);
  g_assert_cmpuint (n, >=, 3);
  g_assert_cmpfloat (ticks[0], ==, -1.0);
  g_assert_cmpfloat (ticks[n - 1], ==, 1.0);
  for (guint i = 0; i < n; i++)
    if (ticks[i] == 0.5)
      g_assert_cmpstr (labels[i], ==, "0.5");

  cairo_surface_destroy (surface);
}

/* Steps: a value holds until the next sample, then jumps */
static void
test_steps (void)
{
  g_autoptr(MeltPlot) plot = melt_plot_new ();
  MeltSeriesPoint points[] = { { 0.0, 0.0 }, { 5.0, 10.0 }, { 10.0, 10.0 } };
  cairo_surface_t *surface;
  int x_mid, y_low, y_high;

  melt_plot_set_range (plot, MELT_PLOT_AXIS_X, 0.0, 10.0);
  melt_plot_set_range (plot, MELT_PLOT_AXIS_Y, -1.0, 11.0);
  melt_plot_add_series (plot, "setpoint", points, G_N_ELEMENTS (points), MELT_PLOT_STEPS);
  surface = draw (plot);

  /* at 2.5 s the line is at 0, not half-way to 10 as a straight line would be */
  x_mid = (int) floor (melt_plot_to_pixel (plot, MELT_PLOT_AXIS_X, 2.5));
  y_low = (int) floor (melt_plot_to_pixel (plot, MELT_PLOT_AXIS_Y, 0.0));
  y_high = (int) floor (melt_plot_to_pixel (plot, MELT_PLOT_AXIS_Y, 5.0));
  g_assert_true (is_blue (surface, x_mid, y_low));
  g_assert_false (is_blue (surface, x_mid, y_high));
  /* the jump at 5 s is vertical */
  g_assert_true (is_blue (surface, (int) floor (melt_plot_to_pixel (plot, MELT_PLOT_AXIS_X, 5.0)), y_high));

  cairo_surface_destroy (surface);
}

/* A dense noisy series: each pixel column is covered from its lowest to its highest
 * sample, as an M4 plot must */
static void
test_dense_columns (void)
{
  g_autoptr(MeltPlot) plot = melt_plot_new ();
  guint n = 200000;
  g_autofree MeltSeriesPoint *points = g_new (MeltSeriesPoint, n);
  cairo_surface_t *surface;
  cairo_rectangle_t area;

  for (guint i = 0; i < n; i++)
    {
      points[i].time_s = i;
      points[i].value = (i % 2) ? 1.0 : -1.0;   /* alternating: a solid band */
    }
  melt_plot_set_range (plot, MELT_PLOT_AXIS_Y, -2.0, 2.0);
  melt_plot_add_series (plot, "noise", points, n, MELT_PLOT_LINE);
  surface = draw (plot);
  melt_plot_get_area (plot, &area);

  for (int x = (int) area.x + 2; x < (int) (area.x + area.width) - 2; x += 7)
    {
      int top = (int) floor (melt_plot_to_pixel (plot, MELT_PLOT_AXIS_Y, 1.0));
      int bottom = (int) floor (melt_plot_to_pixel (plot, MELT_PLOT_AXIS_Y, -1.0));

      for (int y = top; y <= bottom; y++)
        g_assert_true (is_blue (surface, x, y));
    }

  cairo_surface_destroy (surface);
}

/* NaN breaks the line; nothing at all draws the frame and no error */
static void
test_gaps_and_empty (void)
{
  g_autoptr(MeltPlot) plot = melt_plot_new ();
  MeltSeriesPoint points[] = { { 0.0, 1.0 }, { 1.0, 1.0 }, { 2.0, NAN }, { 3.0, 1.0 }, { 4.0, 1.0 } };
  cairo_surface_t *surface;
  int y;

  melt_plot_set_range (plot, MELT_PLOT_AXIS_Y, 0.0, 2.0);
  melt_plot_add_series (plot, "gap", points, G_N_ELEMENTS (points), MELT_PLOT_LINE);
  surface = draw (plot);
  y = (int) floor (melt_plot_to_pixel (plot, MELT_PLOT_AXIS_Y, 1.0));
  g_assert_true (is_blue (surface, (int) melt_plot_to_pixel (plot, MELT_PLOT_AXIS_X, 0.5), y));
  g_assert_false (is_blue (surface, (int) melt_plot_to_pixel (plot, MELT_PLOT_AXIS_X, 2.0), y));
  g_assert_true (is_blue (surface, (int) melt_plot_to_pixel (plot, MELT_PLOT_AXIS_X, 3.5), y));
  cairo_surface_destroy (surface);

  melt_plot_clear_series (plot);
  g_assert_cmpuint (melt_plot_get_n_series (plot), ==, 0);
  surface = draw (plot);
  cairo_surface_destroy (surface);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/plot/constant", test_constant);
  g_test_add_func ("/render/plot/non-empty", test_non_empty);
  g_test_add_func ("/render/plot/ticks", test_ticks);
  g_test_add_func ("/render/plot/steps", test_steps);
  g_test_add_func ("/render/plot/dense-columns", test_dense_columns);
  g_test_add_func ("/render/plot/gaps-and-empty", test_gaps_and_empty);

  return g_test_run ();
}
