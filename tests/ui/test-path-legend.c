/* test-path-legend.c: the colour legend of the path preview under a real display (Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "melt-colormap.h"
#include "melt-path-legend.h"
#include "melt-test-ui.h"
#include "melt-toolpath.h"

#define MARGIN 12

/* A rendering of a widget: premultiplied ARGB, as gdk_texture_download() gives */
typedef struct
{
  int     width;
  int     height;
  gsize   stride;
  guint8 *data;
} Pixels;

static void
pixels_free (Pixels *pixels)
{
  g_free (pixels->data);
  g_free (pixels);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pixels, pixels_free)

typedef struct
{
  GtkWidget      *window;
  MeltPathLegend *legend;
  guint           frames;
} Fixture;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  Fixture *fixture = data;

  fixture->frames++;
}

static gboolean
legend_shown (gpointer data)
{
  Fixture *fixture = data;

  return gtk_widget_get_mapped (GTK_WIDGET (fixture->legend)) &&
         gtk_widget_get_width (GTK_WIDGET (fixture->legend)) > 0 &&
         fixture->frames > 0;
}

typedef struct
{
  Fixture *fixture;
  guint    frames;
} FrameWait;

static gboolean
frame_painted (gpointer data)
{
  FrameWait *wait = data;

  return wait->fixture->frames > wait->frames;
}

/* Draws the legend again through the window and waits for the frame */
static void
redraw (Fixture *fixture)
{
  FrameWait wait = { fixture, fixture->frames };

  gtk_widget_queue_draw (GTK_WIDGET (fixture->legend));
  wait_until (frame_painted, &wait, "a frame with the legend");
}

static void
fixture_open (Fixture *fixture,
              int      width)
{
  GdkFrameClock *clock;

  fixture->frames = 0;
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, -1);
  fixture->legend = MELT_PATH_LEGEND (melt_path_legend_new ());
  gtk_widget_set_margin_start (GTK_WIDGET (fixture->legend), MARGIN);
  gtk_widget_set_margin_end (GTK_WIDGET (fixture->legend), MARGIN);
  gtk_widget_set_margin_top (GTK_WIDGET (fixture->legend), MARGIN);
  gtk_widget_set_margin_bottom (GTK_WIDGET (fixture->legend), MARGIN);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->legend));

  gtk_widget_realize (fixture->window);
  clock = gtk_widget_get_frame_clock (fixture->window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), fixture);

  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_until (legend_shown, fixture, "the legend to show");
}

static void
fixture_close (Fixture *fixture)
{
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (fixture->window), after_paint_cb, fixture);
  close_window (fixture->window);
  fixture->window = NULL;
  fixture->legend = NULL;
}

/* Renders the legend alone, as the window's renderer does */
static Pixels *
render (Fixture *fixture)
{
  GtkWidget *widget = GTK_WIDGET (fixture->legend);
  Pixels *pixels = g_new0 (Pixels, 1);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (fixture->window));

  pixels->width = gtk_widget_get_width (widget);
  pixels->height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), pixels->width, pixels->height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, pixels->width, pixels->height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, pixels->width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, pixels->height);

  pixels->stride = 4 * (gsize) pixels->width;
  pixels->data = g_malloc (pixels->stride * pixels->height);
  gdk_texture_download (texture, pixels->data, pixels->stride);

  return pixels;
}

/* Unpremultiplied sRGB in [0, 1] and alpha at (x, y) */
static void
pixel (const Pixels *pixels,
       int           x,
       int           y,
       float         rgb[3],
       float        *alpha)
{
  guint32 v = *(const guint32 *) (pixels->data + y * pixels->stride + 4 * (gsize) x);
  float a = (v >> 24) / 255.0f;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (x, <, pixels->width);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (y, <, pixels->height);

  *alpha = a;
  rgb[0] = a > 0 ? ((v >> 16) & 0xff) / 255.0f / a : 0;
  rgb[1] = a > 0 ? ((v >> 8) & 0xff) / 255.0f / a : 0;
  rgb[2] = a > 0 ? (v & 0xff) / 255.0f / a : 0;
}

static void
assert_color_near (const float rgb[3],
                   const float expected[3],
                   float       tolerance)
{
  for (guint k = 0; k < 3; k++)
    g_assert_cmpfloat_with_epsilon (rgb[k], expected[k], tolerance);
}

/* The lightness of the text in a band of rows: the mean grey of its most opaque pixels */
static double
text_grey (const Pixels *pixels,
           int           y0,
           int           y1)
{
  double sum = 0.0;
  guint n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = 0; x < pixels->width; x++)
      {
        float rgb[3], alpha;

        pixel (pixels, x, y, rgb, &alpha);
        if (alpha >= 0.6f)
          {
            sum += (rgb[0] + rgb[1] + rgb[2]) / 3.0;
            n++;
          }
      }

  g_assert_cmpuint (n, >, 10);

  return sum / n;
}

static void
test_continuous (void)
{
  Fixture fixture;
  g_autoptr(Pixels) pixels = NULL;
  graphene_rect_t bar;
  int minimum, natural, height_wide, height_narrow;

  fixture_open (&fixture, 300);

  /* Defaults: 0 to 1, no title */
  g_assert_false (melt_path_legend_get_discrete (fixture.legend));
  g_assert_null (melt_path_legend_get_heading (fixture.legend));
  g_assert_cmpuint (melt_path_legend_get_n_ticks (fixture.legend), >=, 2);

  melt_path_legend_set_title (fixture.legend, "Speed", "mm/s");
  melt_path_legend_set_range (fixture.legend, 0.0, 250.0, FALSE);
  g_assert_cmpstr (melt_path_legend_get_heading (fixture.legend), ==, "Speed (mm/s)");
  g_assert_cmpstr (melt_path_legend_get_title (fixture.legend), ==, "Speed");
  g_assert_cmpstr (melt_path_legend_get_unit (fixture.legend), ==, "mm/s");
  g_assert_cmpfloat (melt_path_legend_get_min (fixture.legend), ==, 0.0);
  g_assert_cmpfloat (melt_path_legend_get_max (fixture.legend), ==, 250.0);
  g_assert_false (melt_path_legend_get_log_scale (fixture.legend));
  g_assert_cmpuint (melt_path_legend_get_n_ticks (fixture.legend), ==, 6);
  g_assert_cmpfloat (melt_path_legend_get_tick (fixture.legend, 1), ==, 50.0);
  g_assert_cmpstr (melt_path_legend_get_tick_label (fixture.legend, 0), ==, "0");
  g_assert_cmpstr (melt_path_legend_get_tick_label (fixture.legend, 5), ==, "250");

  /* No unit, no parentheses */
  melt_path_legend_set_title (fixture.legend, "Layer", "");
  g_assert_cmpstr (melt_path_legend_get_heading (fixture.legend), ==, "Layer");
  g_assert_null (melt_path_legend_get_unit (fixture.legend));
  melt_path_legend_set_title (fixture.legend, "Speed", "mm/s");

  /* About 260 px wide, two lines of text and the bar high (measures count the
   * margins of 12 px) */
  gtk_widget_measure (GTK_WIDGET (fixture.legend), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, ==, 260 + 2 * MARGIN);
  g_assert_cmpint (minimum, >, 0);
  g_assert_cmpint (minimum, <=, natural);
  gtk_widget_measure (GTK_WIDGET (fixture.legend), GTK_ORIENTATION_VERTICAL, 400,
                      NULL, &height_wide, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (fixture.legend), GTK_ORIENTATION_VERTICAL, minimum,
                      NULL, &height_narrow, NULL, NULL);
  g_assert_cmpint (height_wide - 2 * MARGIN, >=, 12 + 2 * 12);
  g_assert_cmpint (height_wide - 2 * MARGIN, <=, 100);
  g_assert_cmpint (height_narrow, ==, height_wide);

  redraw (&fixture);
  pixels = render (&fixture);

  /* The bar shows the colour map from left to right */
  g_assert_true (melt_path_legend_get_bar_bounds (fixture.legend, &bar));
  g_assert_cmpfloat (bar.size.width, >, 100);
  g_assert_cmpfloat (bar.origin.x + bar.size.width, <=, pixels->width);
  g_assert_cmpfloat (bar.origin.y + bar.size.height, <=, pixels->height);
  for (guint i = 0; i <= 10; i++)
    {
      double t = 0.05 + 0.09 * i;
      int x = (int) floor (bar.origin.x + t * bar.size.width);
      int y = (int) floor (bar.origin.y + 0.5 * bar.size.height);
      float rgb[3], expected[3], alpha;

      pixel (pixels, x, y, rgb, &alpha);
      melt_colormap_lookup ((x + 0.5 - bar.origin.x) / bar.size.width, expected);
      g_assert_cmpfloat (alpha, >, 0.99f);
      assert_color_near (rgb, expected, 0.04f);
    }

  /* Text above and below the bar, in the (dark) foreground colour */
  g_assert_cmpfloat (text_grey (pixels, 0, (int) bar.origin.y), <, 0.3);
  g_assert_cmpfloat (text_grey (pixels, (int) (bar.origin.y + bar.size.height) + 4, pixels->height), <, 0.3);

  /* Log scale */
  melt_path_legend_set_range (fixture.legend, 1.0, 1000.0, TRUE);
  g_assert_true (melt_path_legend_get_log_scale (fixture.legend));
  g_assert_cmpuint (melt_path_legend_get_n_ticks (fixture.legend), ==, 4);
  g_assert_cmpstr (melt_path_legend_get_tick_label (fixture.legend, 0), ==, "1");
  g_assert_cmpstr (melt_path_legend_get_tick_label (fixture.legend, 1), ==, "10");
  g_assert_cmpstr (melt_path_legend_get_tick_label (fixture.legend, 3), ==, "1000");
  redraw (&fixture);

  /* Backwards and degenerate ranges draw too */
  melt_path_legend_set_range (fixture.legend, 5.0, -5.0, FALSE);
  g_assert_cmpfloat (melt_path_legend_get_min (fixture.legend), ==, -5.0);
  redraw (&fixture);
  melt_path_legend_set_range (fixture.legend, 3.0, 3.0, TRUE);
  g_assert_cmpuint (melt_path_legend_get_n_ticks (fixture.legend), ==, 1);
  redraw (&fixture);
  melt_path_legend_set_range (fixture.legend, 0.0, NAN, FALSE);
  g_assert_cmpuint (melt_path_legend_get_n_ticks (fixture.legend), ==, 0);
  redraw (&fixture);
  melt_path_legend_set_range (fixture.legend, 1e-7, 3e-6, FALSE);
  g_assert_cmpuint (melt_path_legend_get_n_ticks (fixture.legend), >=, 2);
  redraw (&fixture);

  fixture_close (&fixture);
}

static void
test_discrete (void)
{
  Fixture fixture;
  g_autoptr(Pixels) pixels = NULL;
  graphene_rect_t bar, first, last;
  int height_wide, height_narrow;

  fixture_open (&fixture, 320);

  melt_path_legend_set_title (fixture.legend, "Speed", "mm/s");
  melt_path_legend_set_feature_categories (fixture.legend);
  g_assert_true (melt_path_legend_get_discrete (fixture.legend));
  g_assert_cmpstr (melt_path_legend_get_heading (fixture.legend), ==, "Path feature");
  g_assert_false (melt_path_legend_get_bar_bounds (fixture.legend, &bar));
  g_assert_cmpuint (melt_path_legend_get_n_categories (fixture.legend), ==, 4);
  g_assert_cmpstr (melt_path_legend_get_category_name (fixture.legend, MELT_SEGMENT_PERIMETER), ==, "Perimeter");
  g_assert_cmpstr (melt_path_legend_get_category_name (fixture.legend, MELT_SEGMENT_DWELL), ==, "Dwell");

  redraw (&fixture);
  pixels = render (&fixture);

  /* Each swatch in its colour */
  for (guint i = 0; i < 4; i++)
    {
      graphene_rect_t swatch;
      float rgb[3], expected[3], from_legend[3], alpha;

      g_assert_true (melt_path_legend_get_swatch_bounds (fixture.legend, i, &swatch));
      melt_colormap_feature_color (i, expected);
      melt_path_legend_get_category_color (fixture.legend, i, from_legend);
      assert_color_near (from_legend, expected, 1e-6f);

      pixel (pixels,
             (int) (swatch.origin.x + 0.5 * swatch.size.width),
             (int) (swatch.origin.y + 0.5 * swatch.size.height),
             rgb, &alpha);
      g_assert_cmpfloat (alpha, >, 0.99f);
      assert_color_near (rgb, expected, 0.01f);
    }
  g_assert_false (melt_path_legend_get_swatch_bounds (fixture.legend, 4, &bar));

  /* Narrow, the swatches wrap onto more rows */
  gtk_widget_measure (GTK_WIDGET (fixture.legend), GTK_ORIENTATION_VERTICAL, 600,
                      NULL, &height_wide, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (fixture.legend), GTK_ORIENTATION_VERTICAL, 130,
                      NULL, &height_narrow, NULL, NULL);
  g_assert_cmpint (height_narrow, >, height_wide);

  gtk_widget_set_size_request (fixture.window, 150, -1);
  gtk_window_set_default_size (GTK_WINDOW (fixture.window), 150, -1);
  redraw (&fixture);
  g_assert_true (melt_path_legend_get_swatch_bounds (fixture.legend, 0, &first));
  g_assert_true (melt_path_legend_get_swatch_bounds (fixture.legend, 3, &last));
  if (gtk_widget_get_width (GTK_WIDGET (fixture.legend)) < 200)
    g_assert_cmpfloat (last.origin.y, >, first.origin.y);

  /* Categories of one's own, then back to the bar */
  {
    const char *names[] = { "Layer 1", "Layer 2" };
    const float colors[2][3] = { { 1, 0, 0 }, { 0, 0, 1 } };
    float rgb[3];

    melt_path_legend_set_categories (fixture.legend, names, colors, 2);
    g_assert_cmpuint (melt_path_legend_get_n_categories (fixture.legend), ==, 2);
    melt_path_legend_get_category_color (fixture.legend, 1, rgb);
    g_assert_cmpfloat (rgb[2], ==, 1.0f);
    redraw (&fixture);
  }

  melt_path_legend_set_categories (fixture.legend, NULL, NULL, 0);
  g_assert_false (melt_path_legend_get_discrete (fixture.legend));
  g_assert_cmpuint (melt_path_legend_get_n_categories (fixture.legend), ==, 0);
  g_assert_true (melt_path_legend_get_bar_bounds (fixture.legend, &bar));
  redraw (&fixture);

  /* A range also leaves the discrete mode, even the range shown before */
  melt_path_legend_set_feature_categories (fixture.legend);
  g_assert_true (melt_path_legend_get_discrete (fixture.legend));
  melt_path_legend_set_range (fixture.legend, melt_path_legend_get_min (fixture.legend),
                              melt_path_legend_get_max (fixture.legend), FALSE);
  g_assert_false (melt_path_legend_get_discrete (fixture.legend));
  redraw (&fixture);

  fixture_close (&fixture);
}

static gboolean
style_is_dark (gpointer data)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* The text follows the style's foreground: light on the dark style */
static void
test_dark (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  Fixture fixture;
  graphene_rect_t bar;
  double light_grey, dark_grey;

  fixture_open (&fixture, 300);
  melt_path_legend_set_title (fixture.legend, "Temperature", "K");
  melt_path_legend_set_range (fixture.legend, 1500.0, 3500.0, FALSE);
  redraw (&fixture);
  g_assert_true (melt_path_legend_get_bar_bounds (fixture.legend, &bar));

  {
    g_autoptr(Pixels) pixels = render (&fixture);

    light_grey = text_grey (pixels, 0, (int) bar.origin.y);
  }

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  wait_until (style_is_dark, NULL, "the dark style");
  redraw (&fixture);

  {
    g_autoptr(Pixels) pixels = render (&fixture);

    dark_grey = text_grey (pixels, 0, (int) bar.origin.y);
  }

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  spin_briefly ();

  g_assert_cmpfloat (light_grey, <, 0.3);
  g_assert_cmpfloat (dark_grey, >, 0.7);

  fixture_close (&fixture);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
test_properties (void)
{
  g_autoptr(MeltPathLegend) legend = g_object_ref_sink (MELT_PATH_LEGEND (melt_path_legend_new ()));
  g_autofree char *title = NULL;
  guint notified = 0;
  gboolean discrete;

  g_object_set (legend, "title", "Power", "unit", "W", NULL);
  g_object_get (legend, "title", &title, "discrete", &discrete, NULL);
  g_assert_cmpstr (title, ==, "Power");
  g_assert_false (discrete);
  g_assert_cmpstr (melt_path_legend_get_heading (legend), ==, "Power (W)");

  /* Notifications on real changes only */
  {
    gulong id = g_signal_connect_swapped (legend, "notify::max", G_CALLBACK (count_cb), &notified);

    melt_path_legend_set_range (legend, 0, 10, FALSE);
    melt_path_legend_set_range (legend, 0, 10, FALSE);
    g_assert_cmpuint (notified, ==, 1);
    g_signal_handler_disconnect (legend, id);
  }

  g_assert_finalize_object (g_steal_pointer (&legend));
}

int
main (int   argc,
      char *argv[])
{
  if (!melt_test_ui_init (&argc, &argv))
    return 77;

  g_test_add_func ("/ui/path-legend/continuous", test_continuous);
  g_test_add_func ("/ui/path-legend/discrete", test_discrete);
  g_test_add_func ("/ui/path-legend/dark", test_dark);
  g_test_add_func ("/ui/path-legend/properties", test_properties);

  return g_test_run ();
}
