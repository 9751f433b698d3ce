/* melt-application.c: the Meltline application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-application"

#include "config.h"

#include <glib/gi18n.h>

#include "melt-application.h"
#include "melt-window.h"

struct _MeltApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (MeltApplication, melt_application, ADW_TYPE_APPLICATION)

static MeltWindow *
melt_application_find_empty_window (MeltApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (MELT_IS_WINDOW (active) && melt_window_is_empty (MELT_WINDOW (active)))
    return MELT_WINDOW (active);

  for (const GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (MELT_IS_WINDOW (l->data) && melt_window_is_empty (l->data))
        return l->data;
    }

  return NULL;
}

static void
melt_application_activate (GApplication *app)
{
  MeltApplication *self = MELT_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (melt_window_new (GTK_APPLICATION (self)));

  gtk_window_present (window);
}

static void
melt_application_open (GApplication  *app,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  MeltApplication *self = MELT_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      MeltWindow *window = melt_application_find_empty_window (self);

      if (window == NULL)
        window = melt_window_new (GTK_APPLICATION (self));

      melt_window_open (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
melt_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (melt_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APPLICATION_ID);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
}

static int
melt_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "meltline", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  return G_APPLICATION_CLASS (melt_application_parent_class)->handle_local_options (app, options);
}

static void
melt_application_about_action (GSimpleAction *action,
                               GVariant      *param,
                               gpointer       user_data)
{
  MeltApplication *self = user_data;
  static const char *developers[] = { "The Meltline developers", NULL };
  GtkWindow *about;

  g_assert (MELT_IS_APPLICATION (self));

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "modal", TRUE,
                        "application-name", _("Meltline"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Meltline developers"),
                        "developers", developers,
                        "comments", _("Plan metal parts printed in space by wire-fed deposition"),
                        "website", "https://github.com/meltline/meltline",
                        "issue-url", "https://github.com/meltline/meltline/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", _("© The Meltline developers"),
                        /* Translators: put your names here, one a line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (about);
}

static void
melt_application_quit_action (GSimpleAction *action,
                              GVariant      *param,
                              gpointer       user_data)
{
  MeltApplication *self = user_data;
  GList *windows;

  g_assert (MELT_IS_APPLICATION (self));

  /* Destroy the windows first, so that each cancels its loading. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = melt_application_about_action },
  { .name = "quit", .activate = melt_application_quit_action },
};

static void
melt_application_class_init (MeltApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = melt_application_activate;
  app_class->open = melt_application_open;
  app_class->startup = melt_application_startup;
  app_class->handle_local_options = melt_application_handle_local_options;
}

static void
melt_application_init (MeltApplication *self)
{
  static const GOptionEntry options[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("View part designs (STL, OBJ) for wire-fed metal deposition"));
}

MeltApplication *
melt_application_new (void)
{
  return g_object_new (MELT_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/meltline/Meltline",
                       NULL);
}
