/* melt-test-ui.h: what the UI tests share: waiting for the main loop with a
 * deadline, and closing a window so that it must be finalized
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* llvmpipe under AddressSanitizer on two cores needs time for its first frame. */
#define TIMEOUT_SECONDS 60

typedef gboolean (*Predicate) (gpointer data);

void wait_until   (Predicate   predicate,
                   gpointer    data,
                   const char *what);
void spin_briefly (void);
void close_window (gpointer    window);
gboolean melt_test_ui_init (int    *argc,
                            char ***argv);

G_END_DECLS
