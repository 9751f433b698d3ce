/* test-window.c: the Meltline window under a real display (Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "melt-application.h"
#include "melt-part-panel.h"
#include "melt-viewport.h"
#include "melt-test-ui.h"
#include "melt-window.h"

/* Parts are written into a directory of this run's own, so that two runs of
 * the suite on one machine never see each other's files. */
static char *scratch_dir;

/* ------------------------------------------------------------------------ */
/* Parts written by the test: a 20 mm cube, and the same cube without its lid */

static void
put_float (GByteArray *bytes,
           float       value)
{
  guint32 bits;

  memcpy (&bits, &value, sizeof bits);
  bits = GUINT32_TO_LE (bits);
  g_byte_array_append (bytes, (const guint8 *)&bits, sizeof bits);
}

static char *
write_cube_stl (const char *name,
                gboolean    without_lid)
{
  /* Corners of the cube, and its 12 triangles wound counter-clockwise seen from outside */
  static const float corners[8][3] = {
    { 0, 0, 0 }, { 20, 0, 0 }, { 20, 20, 0 }, { 0, 20, 0 },
    { 0, 0, 20 }, { 20, 0, 20 }, { 20, 20, 20 }, { 0, 20, 20 },
  };
  static const guint faces[12][3] = {
    { 0, 2, 1 }, { 0, 3, 2 },   /* bottom */
    { 4, 5, 6 }, { 4, 6, 7 },   /* top (the lid) */
    { 0, 1, 5 }, { 0, 5, 4 },   /* front */
    { 1, 2, 6 }, { 1, 6, 5 },   /* right */
    { 2, 3, 7 }, { 2, 7, 6 },   /* back */
    { 3, 0, 4 }, { 3, 4, 7 },   /* left */
  };
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  char *path;
  guint8 header[80] = { 0 };
  guint32 count = 0;
  guint16 attributes = 0;

  for (guint i = 0; i < G_N_ELEMENTS (faces); i++)
    if (!(without_lid && (i == 2 || i == 3)))
      count++;

  memcpy (header, "meltline test cube", strlen ("meltline test cube"));
  g_byte_array_append (bytes, header, sizeof header);
  count = GUINT32_TO_LE (count);
  g_byte_array_append (bytes, (const guint8 *)&count, sizeof count);

  for (guint i = 0; i < G_N_ELEMENTS (faces); i++)
    {
      if (without_lid && (i == 2 || i == 3))
        continue;

      /* A zero normal: readers compute their own. */
      for (guint k = 0; k < 3; k++)
        put_float (bytes, 0.0f);
      for (guint v = 0; v < 3; v++)
        for (guint k = 0; k < 3; k++)
          put_float (bytes, corners[faces[i][v]][k]);
      g_byte_array_append (bytes, (const guint8 *)&attributes, sizeof attributes);
    }

  path = g_build_filename (scratch_dir, name, NULL);
  g_file_set_contents (path, (const char *)bytes->data, bytes->len, &error);
  g_assert_no_error (error);

  return path;
}

static char *
write_bad_stl (const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (scratch_dir, name, NULL);
  guint8 data[84 + 20] = { 0 };
  guint32 count = GUINT32_TO_LE (1000);

  /* A binary STL that claims 1000 triangles and holds a fraction of one */
  memcpy (data + 80, &count, sizeof count);
  g_file_set_contents (path, (const char *)data, sizeof data, &error);
  g_assert_no_error (error);

  return path;
}

/* ------------------------------------------------------------------------ */
/* Waiting for the main loop, with a deadline that fails the test */

static gboolean
window_done_loading (gpointer data)
{
  return !melt_window_get_loading (data);
}

typedef struct
{
  MeltViewport *viewport;
  guint         after;
} FrameWait;

static gboolean
frame_drawn (gpointer data)
{
  FrameWait *wait = data;

  return melt_viewport_get_frame_count (wait->viewport) > wait->after;
}

static void
wait_for_frame (MeltViewport *viewport,
                guint         after)
{
  FrameWait wait = { viewport, after };

  wait_until (frame_drawn, &wait, "a frame of the 3D view");
}

static gboolean
viewport_gl_failed (gpointer data)
{
  return melt_viewport_get_gl_failed (data);
}

static gboolean
page_is (gpointer data)
{
  MeltWindow *window = ((gpointer *)data)[0];
  const char *page = ((gpointer *)data)[1];

  return g_strcmp0 (melt_window_get_visible_page (window), page) == 0;
}

static void
wait_for_page (MeltWindow *window,
               const char *page)
{
  gpointer data[2] = { window, (gpointer)page };

  wait_until (page_is, data, page);
}

/* ------------------------------------------------------------------------ */
/* Reading what the side panel shows */

static const char *
panel_value (MeltPartPanel *panel,
             const char    *name)
{
  GObject *label = gtk_widget_get_template_child (GTK_WIDGET (panel), MELT_TYPE_PART_PANEL, name);

  g_assert_true (GTK_IS_LABEL (label));

  return gtk_label_get_label (GTK_LABEL (label));
}

static GPtrArray *
panel_defect_titles (MeltPartPanel *panel)
{
  GObject *list = gtk_widget_get_template_child (GTK_WIDGET (panel), MELT_TYPE_PART_PANEL, "defects_list");
  GPtrArray *titles = g_ptr_array_new ();

  g_assert_true (GTK_IS_LIST_BOX (list));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (ADW_IS_PREFERENCES_ROW (row))
        g_ptr_array_add (titles, (gpointer)adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
    }

  return titles;
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  guint   count;
  GFile  *file;
  GError *error;
} LoadFailed;

static void
on_load_failed_cb (MeltWindow   *window,
                   GFile        *file,
                   const GError *error,
                   LoadFailed   *failed)
{
  failed->count++;
  g_set_object (&failed->file, file);
  g_clear_error (&failed->error);
  failed->error = g_error_copy (error);
}

static void
load_failed_clear (LoadFailed *failed)
{
  g_clear_object (&failed->file);
  g_clear_error (&failed->error);
}

static MeltWindow *
open_window_with (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  MeltWindow *window = melt_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (melt_window_get_visible_page (window), ==, "welcome");
  g_assert_true (melt_window_is_empty (window));

  melt_window_open (window, file);
  g_assert_true (melt_window_get_loading (window));
  wait_until (window_done_loading, window, "the part to load");

  return window;
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkDropTarget *target = find_drop_target (child);

      if (target != NULL)
        return target;
    }

  return NULL;
}

/* A file dropped on the window, as a file manager drops a list of files:
 * emit the drop target's "drop" with what GTK would deliver. */
static void
test_drop_part (void)
{
  g_autofree char *path = write_cube_stl ("dropped-cube.stl", FALSE);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GSList) files = g_slist_prepend (NULL, file);
  GtkDropTarget *target = NULL;
  GValue value = G_VALUE_INIT;
  MeltWindow *window = melt_window_new (NULL);
  gboolean handled = FALSE;

  gtk_window_present (GTK_WINDOW (window));

  target = find_drop_target (GTK_WIDGET (window));
  g_assert_nonnull (target);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);
  g_assert_true (handled);

  g_assert_true (melt_window_get_loading (window));
  wait_until (window_done_loading, window, "the dropped part to load");
  g_assert_nonnull (melt_window_get_mesh (window));
  g_assert_cmpstr (panel_value (melt_window_get_part_panel (window), "name_label"), ==,
                   "dropped-cube.stl");

  /* Something that is not a file is refused */
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, "not a file");
  handled = TRUE;
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);
  g_assert_false (handled);

  close_window (window);
  g_unlink (path);
}

static void
test_open_part (void)
{
  g_autofree char *path = write_cube_stl ("cube.stl", FALSE);
  g_autofree char *bad_path = write_bad_stl ("broken-header.stl");
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);
  g_autoptr(GPtrArray) defects = NULL;
  LoadFailed failed = { 0 };
  MeltViewport *viewport;
  MeltPartPanel *panel;
  MeltWindow *window;
  guint frames;

  window = open_window_with (path);
  g_signal_connect (window, "load-failed", G_CALLBACK (on_load_failed_cb), &failed);
  viewport = melt_window_get_viewport (window);
  panel = melt_window_get_part_panel (window);

  g_assert_nonnull (melt_window_get_mesh (window));
  g_assert_cmpstr (melt_window_get_visible_page (window), ==, "part");
  g_assert_true (melt_viewport_get_mesh (viewport) == melt_window_get_mesh (window));

  /* The first frame with the part */
  wait_for_frame (viewport, 0);
  g_assert_false (melt_viewport_get_gl_failed (viewport));
  g_assert_nonnull (melt_viewport_get_gl_description (viewport));
  g_test_message ("OpenGL: %s", melt_viewport_get_gl_description (viewport));

  if (g_getenv ("MELTLINE_GL_ES") != NULL)
    {
      GdkGLContext *context = gtk_gl_area_get_context (GTK_GL_AREA (viewport));

      g_assert_nonnull (context);
      g_assert_true (gdk_gl_context_get_use_es (context));
    }

  /* The side panel names the figures */
  g_assert_cmpstr (panel_value (panel, "name_label"), ==, "cube.stl");
  g_assert_cmpstr (panel_value (panel, "triangles_value"), ==, "12");
  g_assert_cmpstr (panel_value (panel, "vertices_value"), ==, "8");
  g_assert_nonnull (strstr (panel_value (panel, "size_value"), "20.0 × 20.0 × 20.0"));
  g_assert_nonnull (strstr (panel_value (panel, "volume_value"), "8.00"));
  g_assert_cmpstr (panel_value (panel, "bodies_value"), ==, "1");
  g_assert_cmpstr (panel_value (panel, "watertight_value"), ==, "Yes");
  g_assert_cmpuint (melt_part_panel_get_n_defects (panel), ==, 0);
  defects = panel_defect_titles (panel);
  g_assert_cmpuint (defects->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (defects, 0), ==, "No defects found");

  /* Camera presets and fit redraw the view */
  frames = melt_viewport_get_frame_count (viewport);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view-preset", "s", "top"));
  wait_for_frame (viewport, frames);
  frames = melt_viewport_get_frame_count (viewport);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.fit", NULL));
  wait_for_frame (viewport, frames);

  /* A bad file: the error names the file; the part shown stays */
  melt_window_open (window, bad_file);
  wait_until (window_done_loading, window, "the bad file to fail");
  g_assert_cmpuint (failed.count, ==, 1);
  g_assert_true (g_file_equal (failed.file, bad_file));
  g_assert_nonnull (failed.error);
  g_test_message ("Error shown: %s", failed.error->message);
  g_assert_nonnull (strstr (failed.error->message, "broken-header.stl"));
  g_assert_cmpstr (panel_value (panel, "triangles_value"), ==, "12");
  g_assert_cmpstr (melt_window_get_visible_page (window), ==, "part");

  g_signal_handlers_disconnect_by_func (window, on_load_failed_cb, &failed);
  load_failed_clear (&failed);
  close_window (window);

  g_unlink (path);
  g_unlink (bad_path);
}

static void
test_open_broken_part (void)
{
  g_autofree char *path = write_cube_stl ("open-box.stl", TRUE);
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  MeltPartPanel *panel;
  MeltWindow *window;

  window = open_window_with (path);
  panel = melt_window_get_part_panel (window);
  g_assert_nonnull (melt_window_get_mesh (window));

  wait_for_frame (melt_window_get_viewport (window), 0);

  g_assert_cmpstr (panel_value (panel, "triangles_value"), ==, "10");
  g_assert_cmpstr (panel_value (panel, "watertight_value"), ==, "No");

  /* Each defect the core names is shown, in its words */
  expected = melt_mesh_report_list_defects (melt_mesh_get_report (melt_window_get_mesh (window)));
  g_assert_cmpuint (expected->len, >, 0);
  shown = panel_defect_titles (panel);
  g_assert_cmpuint (melt_part_panel_get_n_defects (panel), ==, expected->len);
  g_assert_cmpuint (shown->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_test_message ("Defect: %s", (const char *)g_ptr_array_index (shown, i));
      g_assert_cmpstr (g_ptr_array_index (shown, i), ==, g_ptr_array_index (expected, i));
    }

  close_window (window);
  g_unlink (path);
}

static void
test_cancel_load (void)
{
  g_autofree char *path = write_cube_stl ("cancelled.stl", FALSE);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LoadFailed failed = { 0 };
  MeltWindow *window = melt_window_new (NULL);

  g_signal_connect (window, "load-failed", G_CALLBACK (on_load_failed_cb), &failed);
  gtk_window_present (GTK_WINDOW (window));

  melt_window_open (window, file);
  g_assert_true (melt_window_get_loading (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-load", NULL));
  g_assert_false (melt_window_get_loading (window));

  /* Let the worker finish: its result is dropped and no error is shown */
  g_usleep (G_USEC_PER_SEC / 10);
  spin_briefly ();
  g_assert_null (melt_window_get_mesh (window));
  g_assert_cmpuint (failed.count, ==, 0);
  g_assert_cmpstr (melt_window_get_visible_page (window), ==, "welcome");

  g_signal_handlers_disconnect_by_func (window, on_load_failed_cb, &failed);
  load_failed_clear (&failed);
  close_window (window);
  g_unlink (path);
}

static void
test_no_gl (void)
{
  g_autofree char *path = NULL;
  MeltPartPanel *panel;
  MeltWindow *window;

  if (strstr (g_getenv ("GDK_DEBUG") ? g_getenv ("GDK_DEBUG") : "", "gl-disable") == NULL)
    {
      g_test_skip ("Runs with GDK_DEBUG=gl-disable");
      return;
    }

  path = write_cube_stl ("no-gl.stl", FALSE);
  window = open_window_with (path);
  panel = melt_window_get_part_panel (window);

  wait_until (viewport_gl_failed, melt_window_get_viewport (window), "OpenGL to fail");
  wait_for_page (window, "no-gl");
  g_assert_nonnull (melt_viewport_get_gl_error (melt_window_get_viewport (window)));
  g_test_message ("GL error: %s", melt_viewport_get_gl_error (melt_window_get_viewport (window))->message);

  /* The figures still work */
  g_assert_cmpstr (panel_value (panel, "triangles_value"), ==, "12");
  g_assert_cmpstr (panel_value (panel, "watertight_value"), ==, "Yes");

  close_window (window);
  g_unlink (path);
}

/* ------------------------------------------------------------------------ */
/* The application: opens files given on the command line */

typedef struct
{
  GApplication *app;
  MeltWindow   *window;
  gboolean      drew;
  guint         timeout;
} AppRun;

static void
on_frame_count_cb (MeltViewport *viewport,
                   GParamSpec   *pspec,
                   AppRun       *run)
{
  if (run->drew || melt_viewport_get_mesh (viewport) == NULL)
    return;

  run->drew = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
}

static void
on_window_added_cb (GtkApplication *app,
                    GtkWindow      *window,
                    AppRun         *run)
{
  g_assert_true (MELT_IS_WINDOW (window));
  g_assert_null (run->window);

  run->window = MELT_WINDOW (window);
  g_signal_connect (melt_window_get_viewport (run->window), "notify::frame-count",
                    G_CALLBACK (on_frame_count_cb), run);
}

static gboolean
app_timeout_cb (gpointer data)
{
  g_error ("Timed out after %d s waiting for the application to draw the part", TIMEOUT_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
test_application_opens_file (void)
{
  g_autofree char *path = write_cube_stl ("app-cube.stl", FALSE);
  g_autoptr(MeltApplication) app = melt_application_new ();
  char *argv[] = { (char *)"meltline", path, NULL };
  AppRun run = { G_APPLICATION (app), NULL, FALSE, 0 };
  int status;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added_cb), &run);
  run.timeout = g_timeout_add_seconds (TIMEOUT_SECONDS, app_timeout_cb, NULL);

  status = g_application_run (G_APPLICATION (app), 2, argv);

  g_source_remove (run.timeout);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.drew);
  g_assert_nonnull (run.window);

  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!melt_test_ui_init (&argc, &argv))
    return 77;

  g_test_add_func ("/ui/window/open-part", test_open_part);
  g_test_add_func ("/ui/window/open-broken-part", test_open_broken_part);
  g_test_add_func ("/ui/window/cancel-load", test_cancel_load);
  g_test_add_func ("/ui/window/drop-part", test_drop_part);
  g_test_add_func ("/ui/viewport/no-gl", test_no_gl);
  g_test_add_func ("/ui/application/open-file", test_application_opens_file);

  scratch_dir = g_dir_make_tmp ("meltline-ui-XXXXXX", NULL);
  g_assert_nonnull (scratch_dir);
  status = g_test_run ();
  /* Each test removes the parts it wrote. */
  g_rmdir (scratch_dir);
  g_free (scratch_dir);

  return status;
}
