/* melt-test-ui.c: what the UI tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include "melt-test-ui.h"

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until @predicate holds; fails the test after
 * TIMEOUT_SECONDS, naming @what it waited for. */
void
wait_until (Predicate   predicate,
            gpointer    data,
            const char *what)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (TIMEOUT_SECONDS, timeout_cb, &timed_out);

  while (!predicate (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out after %d s waiting for %s", TIMEOUT_SECONDS, what);

  g_source_remove (source);
}

/* Runs what is pending now, without waiting for more. */
void
spin_briefly (void)
{
  for (guint i = 0; i < 10 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Destroys @window and checks that nothing keeps it alive. */
void
close_window (gpointer window)
{
  g_assert_true (GTK_IS_WINDOW (window));

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  spin_briefly ();
  g_assert_finalize_object (window);
}

/* The start of every UI test: the GLib test framework, the C locale (so
 * numbers print the same everywhere), GTK and libadwaita. FALSE when there
 * is no display: the test then exits with 77, skipped. */
gboolean
melt_test_ui_init (int    *argc,
                   char ***argv)
{
  g_test_init (argc, argv, NULL);

  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");

  if (!gtk_init_check ())
    {
      g_printerr ("No display: skipping the UI tests\n");
      return FALSE;
    }
  adw_init ();
  return TRUE;
}
