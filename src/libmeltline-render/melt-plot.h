/* melt-plot.h: a time-series plot drawn with Cairo (no GTK), for PNG export and the app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "melt-recording-pyramid.h"

G_BEGIN_DECLS

/**
 * MeltPlotSeriesStyle:
 * @MELT_PLOT_LINE: straight lines between the points
 * @MELT_PLOT_STEPS: sample-and-hold: each value holds until the next point
 *   (setpoints, commands, counts)
 */
typedef enum
{
  MELT_PLOT_LINE,
  MELT_PLOT_STEPS,
} MeltPlotSeriesStyle;

/**
 * MeltPlotAxis:
 * @MELT_PLOT_AXIS_X: the horizontal (time) axis
 * @MELT_PLOT_AXIS_Y: the vertical (value) axis
 */
typedef enum
{
  MELT_PLOT_AXIS_X,
  MELT_PLOT_AXIS_Y,
} MeltPlotAxis;

#define MELT_TYPE_PLOT (melt_plot_get_type ())

G_DECLARE_FINAL_TYPE (MeltPlot, melt_plot, MELT, PLOT, GObject)

/*
 * A MeltPlot describes a plot: a title, the x (time) and y ranges, axis
 * labels with units, series of points (M4 points from
 * melt_recording_pyramid_query() or raw samples: they are drawn alike) and
 * event markers. melt_plot_draw() draws it into any cairo_t: an image
 * surface for a PNG, a GtkDrawingArea's context in the app.
 *
 * Each series is one Cairo path: its points are reduced per pixel column
 * to the first, lowest, highest and last value, drawn as a vertical
 * segment at the column's centre joined to the next column, so the cost
 * is the plot's width, and lines are crisp (coordinates snapped to pixel
 * centres) and anti-aliased.
 */

MeltPlot   *melt_plot_new              (void);

/* (nullable): no title */
void        melt_plot_set_title        (MeltPlot            *self,
                                        const char          *title);
/* "LABEL [UNITS]" under the axis; @units may be NULL or "" */
void        melt_plot_set_axis_label   (MeltPlot            *self,
                                        MeltPlotAxis         axis,
                                        const char          *label,
                                        const char          *units);
/* The range shown. Until set (or after setting NaN, NaN) the range fits
 * the series' points, the y range with a margin. */
void        melt_plot_set_range        (MeltPlot            *self,
                                        MeltPlotAxis         axis,
                                        double               min,
                                        double               max);
/* The range of the last draw (or what it would be) */
void        melt_plot_get_range        (MeltPlot            *self,
                                        MeltPlotAxis         axis,
                                        double              *min,
                                        double              *max);
/* FALSE (the default) draws on a light background, for export; TRUE on a
 * dark one */
void        melt_plot_set_dark         (MeltPlot            *self,
                                        gboolean             dark);

/* Copies @points (x = time_s, y = value; NaN values break the line).
 * Returns the series' number, from 0. @name is shown in a legend when
 * there are two series or more. */
guint       melt_plot_add_series       (MeltPlot            *self,
                                        const char          *name,
                                        const MeltSeriesPoint *points,
                                        gsize                n_points,
                                        MeltPlotSeriesStyle  style);
guint       melt_plot_get_n_series     (MeltPlot            *self);
void        melt_plot_clear_series     (MeltPlot            *self);
/* sRGB colour components from 0 to 1; series have a palette by default */
void        melt_plot_set_series_color (MeltPlot            *self,
                                        guint                series,
                                        double               red,
                                        double               green,
                                        double               blue);

/* A vertical marker at @x (an event), labelled with @label (nullable) */
void        melt_plot_add_marker       (MeltPlot            *self,
                                        double               x,
                                        const char          *label);
void        melt_plot_clear_markers    (MeltPlot            *self);

void        melt_plot_draw             (MeltPlot            *self,
                                        cairo_t             *cr,
                                        int                  width,
                                        int                  height);

/* After melt_plot_draw(): the data area in device units, and where a
 * value falls in it (pixel coordinates, not snapped) */
void        melt_plot_get_area         (MeltPlot            *self,
                                        cairo_rectangle_t   *area);
double      melt_plot_to_pixel         (MeltPlot            *self,
                                        MeltPlotAxis         axis,
                                        double               value);
/* After melt_plot_draw(): the ticks drawn on @axis and their labels.
 * (transfer none): valid until the next draw. */
const double *melt_plot_get_ticks      (MeltPlot            *self,
                                        MeltPlotAxis         axis,
                                        const char * const **labels,
                                        guint               *n_ticks);

G_END_DECLS
