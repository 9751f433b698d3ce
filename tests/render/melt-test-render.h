/* melt-test-render.h: what the rendering tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "melt-offscreen.h"

G_BEGIN_DECLS

MeltOffscreen *melt_test_offscreen_or_skip (int      width,
                                            int      height,
                                            gboolean use_es);

G_END_DECLS
