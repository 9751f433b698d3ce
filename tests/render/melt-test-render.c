/* melt-test-render.c: what the rendering tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "melt-renderer.h"
#include "melt-test-render.h"

/* An offscreen context, or a skipped test when the machine has no usable
 * EGL. Set MELTLINE_TEST_REQUIRE_GL to make that a failure instead. */
MeltOffscreen *
melt_test_offscreen_or_skip (int      width,
                             int      height,
                             gboolean use_es)
{
  g_autoptr(GError) error = NULL;
  MeltOffscreen *offscreen = melt_offscreen_new (width, height, use_es, &error);

  if (offscreen == NULL)
    {
      g_assert_error (error, MELT_RENDER_ERROR, MELT_RENDER_ERROR_NO_CONTEXT);
      if (g_getenv ("MELTLINE_TEST_REQUIRE_GL") != NULL)
        g_error ("No headless GL: %s", error->message);
      g_test_skip (error->message);
    }

  return offscreen;
}
