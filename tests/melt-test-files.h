/* melt-test-files.h: scratch folders of tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes @path and everything under it; symbolic links are removed, not
 * followed. Errors are ignored: this cleans up after a test. */
void melt_test_remove_tree (const char *path);

G_END_DECLS
