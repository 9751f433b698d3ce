/* melt-file-private.h: reading small text files that a user names
 * (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reads @file up to @max_bytes + 1 bytes: a caller that finds more than
 * @max_bytes refuses the file, having read no more than that, even from a
 * huge file or an endless one such as /dev/zero or a pipe. The bytes are
 * followed by a NUL that is not counted in the size, so they can be used
 * as a string. */
GBytes *_melt_file_read_at_most (GFile         *file,
                                 gsize          max_bytes,
                                 GCancellable  *cancellable,
                                 GError       **error);

G_END_DECLS
