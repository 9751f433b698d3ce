/* melt-renderer-private.h: layout shared by the GL renderer and its Cairo overlay
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "melt-renderer.h"

G_BEGIN_DECLS

/* The build plate: grid lines every step_mm inside plate (min x, min y, max x, max y). */
typedef struct
{
  double step_mm;
  float  plate[4];
} MeltGridLayout;

/* Size of the axes triad square and its distance from the bottom-left corner, in
 * logical pixels (multiplied by the scale factor in the GL pass). */
#define MELT_TRIAD_SIZE        120.0
#define MELT_TRIAD_MARGIN      6.0
/* How far the axes reach inside the triad square (1.0 would touch the edges) and where
 * their labels sit. */
#define MELT_TRIAD_AXIS_SCALE  0.68
#define MELT_TRIAD_LABEL_AT    1.22

double melt_grid_nice_step       (double          raw_mm);
void   melt_grid_layout_compute  (MeltGridLayout *layout,
                                  MeltRenderer   *renderer,
                                  MeltCamera     *camera);
void   melt_triad_get_rect       (int             width,
                                  int             height,
                                  double          scale,
                                  double         *x,
                                  double         *y_from_bottom,
                                  double         *size);

G_END_DECLS
