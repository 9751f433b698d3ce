/* melt-range-slider.h: a slider with two handles that picks a range of integers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MELT_TYPE_RANGE_SLIDER (melt_range_slider_get_type ())

G_DECLARE_FINAL_TYPE (MeltRangeSlider, melt_range_slider, MELT, RANGE_SLIDER, GtkWidget)

/**
 * MeltRangeSliderFormatFunc:
 * @self: the slider
 * @value: the value to show
 * @user_data: the data given to melt_range_slider_set_format_func()
 *
 * Returns: (transfer full): the text shown next to a handle for @value
 */
typedef char *(*MeltRangeSliderFormatFunc) (MeltRangeSlider *self,
                                            guint            value,
                                            gpointer         user_data);

GtkWidget *melt_range_slider_new             (GtkOrientation             orientation);
guint      melt_range_slider_get_lower       (MeltRangeSlider           *self);
guint      melt_range_slider_get_upper       (MeltRangeSlider           *self);
void       melt_range_slider_set_range       (MeltRangeSlider           *self,
                                              guint                      lower,
                                              guint                      upper);
guint      melt_range_slider_get_first       (MeltRangeSlider           *self);
void       melt_range_slider_set_first       (MeltRangeSlider           *self,
                                              guint                      first);
guint      melt_range_slider_get_last        (MeltRangeSlider           *self);
void       melt_range_slider_set_last        (MeltRangeSlider           *self,
                                              guint                      last);
void       melt_range_slider_set_selection   (MeltRangeSlider           *self,
                                              guint                      first,
                                              guint                      last);
void       melt_range_slider_set_format_func (MeltRangeSlider           *self,
                                              MeltRangeSliderFormatFunc  func,
                                              gpointer                   user_data,
                                              GDestroyNotify             destroy);

/* For tests: where a value's handle is centred, along the slider's axis in
 * its own coordinates, and the value a position along that axis stands for */
double     melt_range_slider_value_to_position (MeltRangeSlider *self,
                                                guint            value);
guint      melt_range_slider_position_to_value (MeltRangeSlider *self,
                                                double           position);

G_END_DECLS
