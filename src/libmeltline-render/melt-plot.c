/* melt-plot.c: a time-series plot drawn with Cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layout: the title on top, the data area in the middle framed by the axes, tick labels
 * left of and under it, the axis labels outside them; margins follow the text's extents.
 * Ticks come from melt_ticks_linear(), about one per 100 px across and 50 px up.
 *
 * A series is drawn as Sysprof's line layer draws one: one path, one stroke. Its points
 * are mapped to pixels and gathered per pixel column (first, min, max, last); each
 * column becomes a vertical stroke at the column's centre, joined to the next by the
 * segment from its last value to the next column's first. That is every pixel a line
 * through all the points would light, whatever their number.
 */

#define G_LOG_DOMAIN "melt-plot"

#include "config.h"

#include <math.h>

#include "melt-plot.h"
#include "melt-ticks.h"

#define FONT_FAMILY     "sans-serif"
#define TICK_FONT_SIZE  12.0
#define LABEL_FONT_SIZE 13.0
#define TITLE_FONT_SIZE 15.0
#define MARKER_FONT_SIZE 11.0
#define PADDING         8.0
#define TICK_LENGTH     5.0
#define LINE_WIDTH      1.5
/* Pixel coordinates are kept inside this, far within Cairo's fixed-point range */
#define COORD_LIMIT     1e6

typedef struct
{
  char                *name;
  GArray              *points;   /* MeltSeriesPoint */
  MeltPlotSeriesStyle  style;
  double               rgb[3];
} Series;

typedef struct
{
  double  x;
  char   *label;
} Marker;

typedef struct
{
  char      *label;
  char      *units;
  double     min;          /* NaN: fit the data */
  double     max;
  double     shown_min;    /* of the last draw */
  double     shown_max;
  GArray    *ticks;        /* double, of the last draw */
  GPtrArray *tick_labels;  /* char *, NULL-terminated */
} Axis;

struct _MeltPlot
{
  GObject            parent_instance;

  char              *title;
  Axis               axes[2];
  GPtrArray         *series;    /* Series * */
  GArray            *markers;   /* Marker */
  cairo_rectangle_t  area;
  guint              dark : 1;
};

G_DEFINE_FINAL_TYPE (MeltPlot, melt_plot, G_TYPE_OBJECT)

/* GNOME's palette: blue, orange, green, purple, red, brown */
static const double palette[][3] = {
  { 0x1c / 255.0, 0x71 / 255.0, 0xd8 / 255.0 },
  { 0xe6 / 255.0, 0x61 / 255.0, 0x00 / 255.0 },
  { 0x26 / 255.0, 0xa2 / 255.0, 0x69 / 255.0 },
  { 0x81 / 255.0, 0x3d / 255.0, 0x9c / 255.0 },
  { 0xc0 / 255.0, 0x1c / 255.0, 0x28 / 255.0 },
  { 0x86 / 255.0, 0x5e / 255.0, 0x3c / 255.0 },
};

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->name);
  g_array_unref (series->points);
  g_free (series);
}

static void
marker_clear (gpointer data)
{
  Marker *marker = data;

  g_free (marker->label);
}

static void
melt_plot_finalize (GObject *object)
{
  MeltPlot *self = (MeltPlot *) object;

  g_free (self->title);
  for (guint a = 0; a < G_N_ELEMENTS (self->axes); a++)
    {
      g_free (self->axes[a].label);
      g_free (self->axes[a].units);
      g_array_unref (self->axes[a].ticks);
      g_ptr_array_unref (self->axes[a].tick_labels);
    }
  g_ptr_array_unref (self->series);
  g_array_unref (self->markers);

  G_OBJECT_CLASS (melt_plot_parent_class)->finalize (object);
}

static void
melt_plot_class_init (MeltPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = melt_plot_finalize;
}

static void
melt_plot_init (MeltPlot *self)
{
  for (guint a = 0; a < G_N_ELEMENTS (self->axes); a++)
    {
      self->axes[a].min = self->axes[a].max = NAN;
      self->axes[a].shown_min = 0.0;
      self->axes[a].shown_max = 1.0;
      self->axes[a].ticks = g_array_new (FALSE, FALSE, sizeof (double));
      self->axes[a].tick_labels = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (self->axes[a].tick_labels, NULL);
    }
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->markers = g_array_new (FALSE, FALSE, sizeof (Marker));
  g_array_set_clear_func (self->markers, marker_clear);
}

MeltPlot *
melt_plot_new (void)
{
  return g_object_new (MELT_TYPE_PLOT, NULL);
}

void
melt_plot_set_title (MeltPlot   *self,
                     const char *title)
{
  g_return_if_fail (MELT_IS_PLOT (self));
  g_free (self->title);
  self->title = g_strdup (title);
}

void
melt_plot_set_axis_label (MeltPlot     *self,
                          MeltPlotAxis  axis,
                          const char   *label,
                          const char   *units)
{
  g_return_if_fail (MELT_IS_PLOT (self));
  g_return_if_fail (axis <= MELT_PLOT_AXIS_Y);

  g_free (self->axes[axis].label);
  g_free (self->axes[axis].units);
  self->axes[axis].label = g_strdup (label);
  self->axes[axis].units = units != NULL && units[0] != '\0' ? g_strdup (units) : NULL;
}

void
melt_plot_set_range (MeltPlot     *self,
                     MeltPlotAxis  axis,
                     double        min,
                     double        max)
{
  g_return_if_fail (MELT_IS_PLOT (self));
  g_return_if_fail (axis <= MELT_PLOT_AXIS_Y);

  self->axes[axis].min = MIN (min, max);
  self->axes[axis].max = MAX (min, max);
  if (isnan (min) || isnan (max))
    self->axes[axis].min = self->axes[axis].max = NAN;
}

void
melt_plot_set_dark (MeltPlot *self,
                    gboolean  dark)
{
  g_return_if_fail (MELT_IS_PLOT (self));
  self->dark = !!dark;
}

guint
melt_plot_add_series (MeltPlot              *self,
                      const char            *name,
                      const MeltSeriesPoint *points,
                      gsize                  n_points,
                      MeltPlotSeriesStyle    style)
{
  Series *series;

  g_return_val_if_fail (MELT_IS_PLOT (self), 0);
  g_return_val_if_fail (points != NULL || n_points == 0, 0);

  series = g_new0 (Series, 1);
  series->name = g_strdup (name != NULL ? name : "");
  series->points = g_array_sized_new (FALSE, FALSE, sizeof (MeltSeriesPoint), n_points);
  if (n_points > 0)
    g_array_append_vals (series->points, points, n_points);
  series->style = style;
  for (guint k = 0; k < 3; k++)
    series->rgb[k] = palette[self->series->len % G_N_ELEMENTS (palette)][k];
  g_ptr_array_add (self->series, series);

  return self->series->len - 1;
}

guint
melt_plot_get_n_series (MeltPlot *self)
{
  g_return_val_if_fail (MELT_IS_PLOT (self), 0);
  return self->series->len;
}

void
melt_plot_clear_series (MeltPlot *self)
{
  g_return_if_fail (MELT_IS_PLOT (self));
  g_ptr_array_set_size (self->series, 0);
}

void
melt_plot_set_series_color (MeltPlot *self,
                            guint     index,
                            double    red,
                            double    green,
                            double    blue)
{
  Series *series;

  g_return_if_fail (MELT_IS_PLOT (self));
  g_return_if_fail (index < self->series->len);

  series = g_ptr_array_index (self->series, index);
  series->rgb[0] = CLAMP (red, 0.0, 1.0);
  series->rgb[1] = CLAMP (green, 0.0, 1.0);
  series->rgb[2] = CLAMP (blue, 0.0, 1.0);
}

void
melt_plot_add_marker (MeltPlot   *self,
                      double      x,
                      const char *label)
{
  Marker marker;

  g_return_if_fail (MELT_IS_PLOT (self));

  marker.x = x;
  marker.label = g_strdup (label);
  g_array_append_val (self->markers, marker);
}

void
melt_plot_clear_markers (MeltPlot *self)
{
  g_return_if_fail (MELT_IS_PLOT (self));
  g_array_set_size (self->markers, 0);
}

/* The range to show on @axis: as set, or fitted to the points */
static void
compute_range (MeltPlot     *self,
               MeltPlotAxis  axis,
               double       *out_min,
               double       *out_max)
{
  const Axis *a = &self->axes[axis];
  double min = INFINITY, max = -INFINITY;
  double x_min = self->axes[MELT_PLOT_AXIS_X].shown_min;
  double x_max = self->axes[MELT_PLOT_AXIS_X].shown_max;

  if (isfinite (a->min) && isfinite (a->max))
    {
      min = a->min, max = a->max;
    }
  else
    {
      for (guint s = 0; s < self->series->len; s++)
        {
          const Series *series = g_ptr_array_index (self->series, s);

          for (guint i = 0; i < series->points->len; i++)
            {
              const MeltSeriesPoint *p = &g_array_index (series->points, MeltSeriesPoint, i);
              double v = axis == MELT_PLOT_AXIS_X ? p->time_s : p->value;

              /* y fits what is inside the x range shown (the points around it too: a line
               * leaving the plot is clipped, not squashed) */
              if (axis == MELT_PLOT_AXIS_Y && (p->time_s < x_min || p->time_s > x_max))
                continue;
              if (!isfinite (v))
                continue;
              min = MIN (min, v);
              max = MAX (max, v);
            }
        }

      if (min > max)
        min = 0.0, max = 1.0;

      if (axis == MELT_PLOT_AXIS_Y)
        {
          double pad = (max - min) * 0.05;

          if (pad == 0.0)
            pad = fabs (min) > 0.0 ? fabs (min) * 0.1 : 1.0;
          min -= pad;
          max += pad;
        }
    }

  if (min == max)
    {
      double pad = fabs (min) > 0.0 ? fabs (min) * 1e-6 : 1.0;

      min -= pad;
      max += pad;
    }

  *out_min = min;
  *out_max = max;
}

static double
map (const MeltPlot *self,
     MeltPlotAxis    axis,
     double          value)
{
  const Axis *a = &self->axes[axis];
  double t = (value - a->shown_min) / (a->shown_max - a->shown_min);
  double px;

  if (axis == MELT_PLOT_AXIS_X)
    px = self->area.x + t * self->area.width;
  else
    px = self->area.y + (1.0 - t) * self->area.height;
  return CLAMP (px, -COORD_LIMIT, COORD_LIMIT);
}

double
melt_plot_to_pixel (MeltPlot     *self,
                    MeltPlotAxis  axis,
                    double        value)
{
  g_return_val_if_fail (MELT_IS_PLOT (self), NAN);
  g_return_val_if_fail (axis <= MELT_PLOT_AXIS_Y, NAN);
  return map (self, axis, value);
}

void
melt_plot_get_area (MeltPlot          *self,
                    cairo_rectangle_t *area)
{
  g_return_if_fail (MELT_IS_PLOT (self));
  g_return_if_fail (area != NULL);
  *area = self->area;
}

void
melt_plot_get_range (MeltPlot     *self,
                     MeltPlotAxis  axis,
                     double       *min,
                     double       *max)
{
  g_return_if_fail (MELT_IS_PLOT (self));
  g_return_if_fail (axis <= MELT_PLOT_AXIS_Y);

  if (axis == MELT_PLOT_AXIS_Y)
    compute_range (self, MELT_PLOT_AXIS_X, &self->axes[0].shown_min, &self->axes[0].shown_max);
  compute_range (self, axis, min, max);
}

const double *
melt_plot_get_ticks (MeltPlot            *self,
                     MeltPlotAxis         axis,
                     const char * const **labels,
                     guint               *n_ticks)
{
  g_return_val_if_fail (MELT_IS_PLOT (self), NULL);
  g_return_val_if_fail (axis <= MELT_PLOT_AXIS_Y, NULL);

  if (labels != NULL)
    *labels = (const char * const *) self->axes[axis].tick_labels->pdata;
  if (n_ticks != NULL)
    *n_ticks = self->axes[axis].ticks->len;
  return (const double *) self->axes[axis].ticks->data;
}

/* Ticks and their labels for @axis over @length pixels, one per @spacing */
static void
make_ticks (Axis   *a,
            double  length,
            double  spacing)
{
  g_autoptr(GArray) ticks = NULL;
  double step = 0.0;
  guint n_wanted = (guint) CLAMP (length / spacing, 2.0, 20.0);

  ticks = melt_ticks_linear (a->shown_min, a->shown_max, n_wanted, &step);
  g_array_set_size (a->ticks, 0);
  g_ptr_array_set_size (a->tick_labels, 0);
  for (guint i = 0; i < ticks->len; i++)
    {
      double v = g_array_index (ticks, double, i);

      g_array_append_val (a->ticks, v);
      g_ptr_array_add (a->tick_labels, melt_ticks_format (v, step));
    }
  g_ptr_array_add (a->tick_labels, NULL);
}

static char *
axis_title (const Axis *a)
{
  if (a->label == NULL || a->label[0] == '\0')
    return a->units != NULL ? g_strdup_printf ("[%s]", a->units) : NULL;
  if (a->units == NULL)
    return g_strdup (a->label);
  return g_strdup_printf ("%s [%s]", a->label, a->units);
}

static void
set_font (cairo_t  *cr,
          double    size,
          gboolean  bold)
{
  cairo_select_font_face (cr, FONT_FAMILY, CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
}

static double
text_width (cairo_t    *cr,
            const char *text)
{
  cairo_text_extents_t extents;

  cairo_text_extents (cr, text, &extents);
  return extents.x_advance;
}

/* Text with its left/centre/right (0, 0.5, 1) at @x and its baseline at @y */
static void
show_text (cairo_t    *cr,
           const char *text,
           double      x,
           double      y,
           double      align)
{
  cairo_move_to (cr, round (x - align * text_width (cr, text)), round (y));
  cairo_show_text (cr, text);
}

/* Gathers the points of a series per pixel column and draws each column as one vertical
 * stroke, joined to the next */
typedef struct
{
  cairo_t  *cr;
  gboolean  open;        /* a column is being gathered */
  gboolean  drawing;     /* the path has a current point */
  double    column;
  double    first, min, max, last;
} Reducer;

static void
reducer_flush (Reducer *r)
{
  double x;

  if (!r->open)
    return;
  x = r->column + 0.5;
  if (r->drawing)
    cairo_line_to (r->cr, x, r->first);
  else
    cairo_move_to (r->cr, x, r->first);
  /* first → min → max → last: the vertical run covers min to max */
  if (r->min != r->first)
    cairo_line_to (r->cr, x, r->min);
  if (r->max != r->min)
    cairo_line_to (r->cr, x, r->max);
  cairo_line_to (r->cr, x, r->last);
  r->drawing = TRUE;
  r->open = FALSE;
}

static void
reducer_break (Reducer *r)
{
  reducer_flush (r);
  r->drawing = FALSE;
}

static void
reducer_add (Reducer *r,
             double   x,
             double   y)
{
  double column = floor (x);

  y = floor (y) + 0.5;
  if (r->open && column == r->column)
    {
      r->min = MIN (r->min, y);
      r->max = MAX (r->max, y);
      r->last = y;
      return;
    }
  reducer_flush (r);
  r->open = TRUE;
  r->column = column;
  r->first = r->min = r->max = r->last = y;
}

static void
draw_series (MeltPlot     *self,
             cairo_t      *cr,
             const Series *series)
{
  Reducer r = { .cr = cr };
  double prev_y = NAN;

  cairo_new_path (cr);
  for (guint i = 0; i < series->points->len; i++)
    {
      const MeltSeriesPoint *p = &g_array_index (series->points, MeltSeriesPoint, i);
      double x, y;

      if (!isfinite (p->time_s) || !isfinite (p->value))
        {
          reducer_break (&r);
          prev_y = NAN;
          continue;
        }
      x = map (self, MELT_PLOT_AXIS_X, p->time_s);
      y = map (self, MELT_PLOT_AXIS_Y, p->value);
      /* sample-and-hold: the previous value goes on up to this sample's time */
      if (series->style == MELT_PLOT_STEPS && !isnan (prev_y))
        reducer_add (&r, x, prev_y);
      reducer_add (&r, x, y);
      prev_y = y;
    }
  reducer_flush (&r);

  cairo_set_source_rgb (cr, series->rgb[0], series->rgb[1], series->rgb[2]);
  cairo_set_line_width (cr, LINE_WIDTH);
  /* Bevel joins: round ones add a fan of edges at each of the thousands of vertices, and
   * the scan conversion of a dense plot costs per edge. Square caps still draw a lone
   * point (a degenerate segment). */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  /* A dense series (M4 columns over the whole width) strokes thousands of overlapping
   * vertical runs: the faster rasterizer halves the cost at no visible loss there */
  if (series->points->len > 2 * self->area.width)
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  cairo_stroke (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
}

static void
draw_markers (MeltPlot *self,
              cairo_t  *cr,
              double    fg[3])
{
  static const double dashes[] = { 4.0, 3.0 };
  double label_end = -INFINITY;

  set_font (cr, MARKER_FONT_SIZE, FALSE);
  for (guint i = 0; i < self->markers->len; i++)
    {
      const Marker *m = &g_array_index (self->markers, Marker, i);
      double x;

      if (!(m->x >= self->axes[MELT_PLOT_AXIS_X].shown_min
            && m->x <= self->axes[MELT_PLOT_AXIS_X].shown_max))
        continue;
      x = floor (map (self, MELT_PLOT_AXIS_X, m->x)) + 0.5;

      cairo_set_source_rgba (cr, fg[0], fg[1], fg[2], 0.55);
      cairo_set_line_width (cr, 1.0);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.0);
      cairo_move_to (cr, x, self->area.y);
      cairo_line_to (cr, x, self->area.y + self->area.height);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0.0);

      /* labels along the top, left out where they would overlap the one before */
      if (m->label != NULL && m->label[0] != '\0' && x + 3.0 > label_end)
        {
          cairo_set_source_rgba (cr, fg[0], fg[1], fg[2], 0.85);
          show_text (cr, m->label, x + 3.0, self->area.y + MARKER_FONT_SIZE + 2.0, 0.0);
          label_end = x + 3.0 + text_width (cr, m->label) + 6.0;
        }
    }
}

static void
draw_legend (MeltPlot *self,
             cairo_t  *cr,
             double    bg[3],
             double    fg[3])
{
  double width = 0.0, line_height = TICK_FONT_SIZE + 4.0, x, y, height;

  if (self->series->len < 2)
    return;

  set_font (cr, TICK_FONT_SIZE, FALSE);
  for (guint s = 0; s < self->series->len; s++)
    width = MAX (width, text_width (cr, ((Series *) g_ptr_array_index (self->series, s))->name));
  width += 24.0 + 2 * PADDING;
  height = self->series->len * line_height + PADDING;
  x = round (self->area.x + self->area.width - width - PADDING);
  y = round (self->area.y + PADDING);

  cairo_set_source_rgba (cr, bg[0], bg[1], bg[2], 0.85);
  cairo_rectangle (cr, x, y, width, height);
  cairo_fill (cr);

  for (guint s = 0; s < self->series->len; s++)
    {
      const Series *series = g_ptr_array_index (self->series, s);
      double row = y + PADDING / 2 + (s + 1) * line_height - 4.0;

      cairo_set_source_rgb (cr, series->rgb[0], series->rgb[1], series->rgb[2]);
      cairo_set_line_width (cr, 2.0);
      cairo_move_to (cr, x + PADDING, floor (row - TICK_FONT_SIZE / 3.0) + 0.5);
      cairo_rel_line_to (cr, 16.0, 0.0);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, fg[0], fg[1], fg[2]);
      show_text (cr, series->name, x + PADDING + 22.0, row, 0.0);
    }
}

/**
 * melt_plot_draw:
 * @self: a plot
 * @cr: where to draw, in device pixels (scale it first for HiDPI)
 * @width: the plot's width
 * @height: its height
 *
 * Draws the whole plot in (0, 0, @width, @height) of @cr: background,
 * title, grid, axes, tick labels, axis labels, markers, series and legend.
 */
void
melt_plot_draw (MeltPlot *self,
                cairo_t  *cr,
                int       width,
                int       height)
{
  Axis *ax = &self->axes[MELT_PLOT_AXIS_X];
  Axis *ay = &self->axes[MELT_PLOT_AXIS_Y];
  g_autofree char *x_title = NULL;
  g_autofree char *y_title = NULL;
  cairo_font_options_t *font_options;
  double bg[3], fg[3], grid[3];
  double left, right, top, bottom, y_labels_width = 0.0;

  g_return_if_fail (MELT_IS_PLOT (self));
  g_return_if_fail (cr != NULL);

  if (width <= 0 || height <= 0)
    return;

  if (self->dark)
    {
      bg[0] = bg[1] = bg[2] = 0.14;
      fg[0] = fg[1] = fg[2] = 0.92;
      grid[0] = grid[1] = grid[2] = 0.26;
    }
  else
    {
      bg[0] = bg[1] = bg[2] = 1.0;
      fg[0] = fg[1] = fg[2] = 0.14;
      grid[0] = grid[1] = grid[2] = 0.88;
    }

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
  font_options = cairo_font_options_create ();
  cairo_font_options_set_antialias (font_options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_SLIGHT);
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_ON);
  cairo_set_font_options (cr, font_options);
  cairo_font_options_destroy (font_options);

  cairo_set_source_rgb (cr, bg[0], bg[1], bg[2]);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  /* Ranges: x first, since y fits what x shows */
  compute_range (self, MELT_PLOT_AXIS_X, &ax->shown_min, &ax->shown_max);
  compute_range (self, MELT_PLOT_AXIS_Y, &ay->shown_min, &ay->shown_max);

  /* Margins from the text they hold. The y ticks depend on the height, which depends
   * only on fixed font sizes, so they are made first. */
  x_title = axis_title (ax);
  y_title = axis_title (ay);
  top = PADDING + (self->title != NULL ? TITLE_FONT_SIZE + PADDING : TICK_FONT_SIZE / 2);
  bottom = PADDING + TICK_LENGTH + TICK_FONT_SIZE + 4.0 + (x_title != NULL ? LABEL_FONT_SIZE + PADDING : 0.0);
  make_ticks (ay, MAX (height - top - bottom, 1.0), 50.0);
  set_font (cr, TICK_FONT_SIZE, FALSE);
  for (guint i = 0; i < ay->ticks->len; i++)
    y_labels_width = MAX (y_labels_width, text_width (cr, g_ptr_array_index (ay->tick_labels, i)));
  left = PADDING + (y_title != NULL ? LABEL_FONT_SIZE + PADDING : 0.0) + y_labels_width + 4.0 + TICK_LENGTH;
  right = PADDING + 24.0;   /* room for the last x tick label */

  self->area.x = round (left);
  self->area.y = round (top);
  self->area.width = MAX (round (width - left - right), 1.0);
  self->area.height = MAX (round (height - top - bottom), 1.0);
  make_ticks (ax, self->area.width, 100.0);

  /* Grid */
  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgb (cr, grid[0], grid[1], grid[2]);
  for (guint i = 0; i < ax->ticks->len; i++)
    {
      double x = floor (map (self, MELT_PLOT_AXIS_X, g_array_index (ax->ticks, double, i))) + 0.5;

      cairo_move_to (cr, x, self->area.y);
      cairo_line_to (cr, x, self->area.y + self->area.height);
    }
  for (guint i = 0; i < ay->ticks->len; i++)
    {
      double y = floor (map (self, MELT_PLOT_AXIS_Y, g_array_index (ay->ticks, double, i))) + 0.5;

      cairo_move_to (cr, self->area.x, y);
      cairo_line_to (cr, self->area.x + self->area.width, y);
    }
  cairo_stroke (cr);

  /* Markers and series, clipped to the data area */
  cairo_save (cr);
  cairo_rectangle (cr, self->area.x, self->area.y, self->area.width, self->area.height);
  cairo_clip (cr);
  draw_markers (self, cr, fg);
  for (guint s = 0; s < self->series->len; s++)
    draw_series (self, cr, g_ptr_array_index (self->series, s));
  cairo_restore (cr);

  /* Frame and ticks */
  cairo_set_source_rgb (cr, fg[0], fg[1], fg[2]);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, self->area.x - 0.5, self->area.y - 0.5, self->area.width + 1.0,
                   self->area.height + 1.0);
  for (guint i = 0; i < ax->ticks->len; i++)
    {
      double x = floor (map (self, MELT_PLOT_AXIS_X, g_array_index (ax->ticks, double, i))) + 0.5;

      cairo_move_to (cr, x, self->area.y + self->area.height + 0.5);
      cairo_rel_line_to (cr, 0.0, TICK_LENGTH);
    }
  for (guint i = 0; i < ay->ticks->len; i++)
    {
      double y = floor (map (self, MELT_PLOT_AXIS_Y, g_array_index (ay->ticks, double, i))) + 0.5;

      cairo_move_to (cr, self->area.x - 0.5, y);
      cairo_rel_line_to (cr, -TICK_LENGTH, 0.0);
    }
  cairo_stroke (cr);

  /* Tick labels */
  set_font (cr, TICK_FONT_SIZE, FALSE);
  for (guint i = 0; i < ax->ticks->len; i++)
    show_text (cr, g_ptr_array_index (ax->tick_labels, i),
               map (self, MELT_PLOT_AXIS_X, g_array_index (ax->ticks, double, i)),
               self->area.y + self->area.height + TICK_LENGTH + TICK_FONT_SIZE + 2.0, 0.5);
  for (guint i = 0; i < ay->ticks->len; i++)
    show_text (cr, g_ptr_array_index (ay->tick_labels, i), self->area.x - TICK_LENGTH - 4.0,
               map (self, MELT_PLOT_AXIS_Y, g_array_index (ay->ticks, double, i)) + TICK_FONT_SIZE * 0.35,
               1.0);

  /* Axis labels and title */
  set_font (cr, LABEL_FONT_SIZE, FALSE);
  if (x_title != NULL)
    show_text (cr, x_title, self->area.x + self->area.width / 2, height - PADDING - 2.0, 0.5);
  if (y_title != NULL)
    {
      cairo_save (cr);
      cairo_translate (cr, PADDING + LABEL_FONT_SIZE, self->area.y + self->area.height / 2);
      cairo_rotate (cr, -G_PI / 2);
      show_text (cr, y_title, 0.0, 0.0, 0.5);
      cairo_restore (cr);
    }
  if (self->title != NULL)
    {
      set_font (cr, TITLE_FONT_SIZE, TRUE);
      show_text (cr, self->title, self->area.x + self->area.width / 2, PADDING + TITLE_FONT_SIZE, 0.5);
    }

  draw_legend (self, cr, bg, fg);

  cairo_restore (cr);
}
