/* melt-path-legend.h: the colour legend of the deposition-path preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MELT_TYPE_PATH_LEGEND (melt_path_legend_get_type ())

G_DECLARE_FINAL_TYPE (MeltPathLegend, melt_path_legend, MELT, PATH_LEGEND, GtkWidget)

GtkWidget  *melt_path_legend_new                     (void);

void        melt_path_legend_set_title               (MeltPathLegend     *self,
                                                      const char         *title,
                                                      const char         *unit);
const char *melt_path_legend_get_title               (MeltPathLegend     *self);
const char *melt_path_legend_get_unit                (MeltPathLegend     *self);
const char *melt_path_legend_get_heading             (MeltPathLegend     *self);

void        melt_path_legend_set_range               (MeltPathLegend     *self,
                                                      double              min,
                                                      double              max,
                                                      gboolean            log_scale);
double      melt_path_legend_get_min                 (MeltPathLegend     *self);
double      melt_path_legend_get_max                 (MeltPathLegend     *self);
gboolean    melt_path_legend_get_log_scale           (MeltPathLegend     *self);
guint       melt_path_legend_get_n_ticks             (MeltPathLegend     *self);
double      melt_path_legend_get_tick                (MeltPathLegend     *self,
                                                      guint               i);
const char *melt_path_legend_get_tick_label          (MeltPathLegend     *self,
                                                      guint               i);
gboolean    melt_path_legend_get_bar_bounds          (MeltPathLegend     *self,
                                                      graphene_rect_t    *bounds);

void        melt_path_legend_set_categories          (MeltPathLegend     *self,
                                                      const char * const *names,
                                                      const float       (*rgb)[3],
                                                      guint               n);
void        melt_path_legend_set_feature_categories  (MeltPathLegend     *self);
gboolean    melt_path_legend_get_discrete            (MeltPathLegend     *self);
guint       melt_path_legend_get_n_categories        (MeltPathLegend     *self);
const char *melt_path_legend_get_category_name       (MeltPathLegend     *self,
                                                      guint               i);
void        melt_path_legend_get_category_color      (MeltPathLegend     *self,
                                                      guint               i,
                                                      float               rgb[3]);
gboolean    melt_path_legend_get_swatch_bounds       (MeltPathLegend     *self,
                                                      guint               i,
                                                      graphene_rect_t    *bounds);

G_END_DECLS
