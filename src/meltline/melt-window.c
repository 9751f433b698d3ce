/* melt-window.c: a Meltline main window showing one part
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "melt-compare-window.h"
#include "melt-part-panel.h"
#include "melt-plan-panel.h"
#include "melt-preview-panel.h"
#include "melt-range-slider.h"
#include "melt-process-panel.h"
#include "melt-process-preset.h"
#include "melt-recent.h"
#include "melt-viewport.h"
#include "melt-window.h"

#define MAX_RECENT_PARTS 5
/* A load that ends sooner than this shows no progress bar, so it does not flicker. */
#define LOAD_BAR_DELAY_MS 150
/* Longer error messages go to a dialog: a toast shows one short line. */
#define TOAST_MAX_CHARS 100

/* One load in flight. Shared by the window, the worker thread (progress) and
 * the idles that carry progress to the main thread, so it is reference counted.
 */
typedef struct
{
  gatomicrefcount  ref_count;
  GWeakRef         window;
  GFile           *file;
  GCancellable    *cancellable;
  GMainContext    *context;
  int              permille;
  int              progress_pending;
} LoadState;

struct _MeltWindow
{
  AdwApplicationWindow  parent_instance;

  MeltMesh             *mesh;
  GFile                *file;
  LoadState            *load;
  GtkFileChooserNative *chooser;
  GtkFileChooserNative *process_chooser;
  /* Where Save writes the process set: NULL for a preset or a new set */
  GFile                *process_file;
  GtkRecentManager     *recent_manager;
  guint                 load_bar_source;
  guint                 pulse_source;
  guint                 gl_failed_source;

  /* Template children */
  GtkWidget            *view_box;
  GtkWidget            *fit_button;
  GtkWidget            *panel_button;
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkRevealer          *load_revealer;
  GtkLabel             *load_label;
  GtkLabel             *load_percent;
  GtkProgressBar       *load_progress;
  GtkStack             *main_stack;
  AdwStatusPage        *welcome_page;
  AdwPreferencesGroup  *recent_group;
  GtkListBox           *recent_list;
  AdwFlap              *flap;
  GtkStack             *view_stack;
  MeltViewport         *viewport;
  GtkDrawingArea       *legend_area;
  AdwStatusPage        *no_gl_page;
  MeltPartPanel        *part_panel;
  AdwViewStack         *side_stack;
  MeltProcessPanel     *process_panel;
  MeltPlanPanel        *plan_panel;
  MeltPreviewPanel     *preview_panel;
  GtkWidget            *layer_box;
  MeltRangeSlider      *layer_slider;
  GtkWidget            *playback_bar;
  GtkToggleButton      *play_button;
  GtkDropDown          *speed_dropdown;
  GtkAdjustment        *move_adjustment;
  GtkLabel             *time_label;
  GMenu                *recent_section;

  MeltPreview          *preview;
  GCancellable         *document_cancellable;
};

G_DEFINE_FINAL_TYPE (MeltWindow, melt_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_MESH,
  PROP_FILE,
  PROP_LOADING,
  N_PROPS
};

enum {
  LOAD_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static LoadState *
load_state_new (MeltWindow *window,
                GFile      *file)
{
  LoadState *state = g_new0 (LoadState, 1);

  g_atomic_ref_count_init (&state->ref_count);
  g_weak_ref_init (&state->window, window);
  state->file = g_object_ref (file);
  state->cancellable = g_cancellable_new ();
  state->context = g_main_context_ref_thread_default ();

  return state;
}

static LoadState *
load_state_ref (LoadState *state)
{
  g_atomic_ref_count_inc (&state->ref_count);
  return state;
}

static void
load_state_unref (LoadState *state)
{
  if (g_atomic_ref_count_dec (&state->ref_count))
    {
      g_weak_ref_clear (&state->window);
      g_clear_object (&state->file);
      g_clear_object (&state->cancellable);
      g_clear_pointer (&state->context, g_main_context_unref);
      g_free (state);
    }
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadState, load_state_unref)

static char *
file_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  if (basename != NULL)
    return g_filename_display_name (basename);

  return g_file_get_parse_name (file);
}

static void
melt_window_update_actions (MeltWindow *self)
{
  gboolean has_mesh = self->mesh != NULL || melt_preview_get_document (self->preview) != NULL;
  gboolean has_view = has_mesh && !melt_viewport_get_gl_failed (self->viewport);

  g_assert (MELT_IS_WINDOW (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.view-preset", has_view);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.fit", has_view);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", self->load != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.plan", melt_plan_panel_get_can_plan (self->plan_panel));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-plan", melt_plan_panel_get_planning (self->plan_panel));

  /* The camera controls only mean something with a part shown */
  gtk_widget_set_visible (self->view_box, has_view);
  gtk_widget_set_visible (self->fit_button, has_view);
}

/* A short message goes to a toast, a long one to a dialog with @heading */
static void
melt_window_present_error (MeltWindow   *self,
                           const char   *heading,
                           const GError *error)
{
  g_assert (MELT_IS_WINDOW (self));
  g_assert (error != NULL);

  if (g_utf8_strlen (error->message, -1) <= TOAST_MAX_CHARS && strchr (error->message, '\n') == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      AdwToast *toast = adw_toast_new (escaped);

      adw_toast_set_timeout (toast, 0);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  else
    {
      GtkWidget *dialog;

      dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
melt_window_show_error (MeltWindow   *self,
                        GFile        *file,
                        const GError *error)
{
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;

  g_assert (MELT_IS_WINDOW (self));
  g_assert (G_IS_FILE (file));
  g_assert (error != NULL);

  g_signal_emit (self, signals[LOAD_FAILED], 0, file, error);

  name = file_display_name (file);
  /* Translators: the heading of the dialog shown when a file cannot be read */
  heading = g_strdup_printf (_("Could Not Open “%s”"), name);
  melt_window_present_error (self, heading, error);
}

static void
melt_window_show_toast (MeltWindow *self,
                        const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  g_assert (MELT_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static gboolean
show_load_bar_cb (gpointer user_data)
{
  MeltWindow *self = user_data;

  g_assert (MELT_IS_WINDOW (self));

  self->load_bar_source = 0;
  if (self->load != NULL)
    gtk_revealer_set_reveal_child (self->load_revealer, TRUE);

  return G_SOURCE_REMOVE;
}

static gboolean
pulse_cb (gpointer user_data)
{
  MeltWindow *self = user_data;

  g_assert (MELT_IS_WINDOW (self));

  gtk_progress_bar_pulse (self->load_progress);

  return G_SOURCE_CONTINUE;
}

static void
melt_window_set_progress (MeltWindow *self,
                          double      fraction)
{
  g_autofree char *percent = NULL;

  g_assert (MELT_IS_WINDOW (self));

  fraction = CLAMP (fraction, 0.0, 1.0);

  /* Once the file is read, the mesh is checked: from MELT_MESH_PROGRESS_CHECKING
   * on, say so and pulse (the checks report coarse steps only).
   */
  if (fraction >= MELT_MESH_PROGRESS_CHECKING && self->load != NULL)
    {
      g_autofree char *name = file_display_name (self->load->file);
      g_autofree char *label = NULL;

      if (self->pulse_source != 0)
        return;

      /* Translators: shown while a part design that was read is checked for defects */
      label = g_strdup_printf (_("Checking “%s”…"), name);
      gtk_label_set_label (self->load_label, label);
      gtk_label_set_label (self->load_percent, "");
      gtk_progress_bar_set_pulse_step (self->load_progress, 0.05);
      gtk_progress_bar_pulse (self->load_progress);
      self->pulse_source = g_timeout_add (100, pulse_cb, self);
      return;
    }

  gtk_progress_bar_set_fraction (self->load_progress, fraction);
  /* Translators: how much of a file has been read, as a percentage */
  percent = g_strdup_printf (_("%.0f %%"), fraction * 100.0);
  gtk_label_set_label (self->load_percent, percent);
}

static gboolean
load_progress_idle (gpointer user_data)
{
  LoadState *state = user_data;
  g_autoptr(MeltWindow) self = NULL;

  g_atomic_int_set (&state->progress_pending, FALSE);

  self = g_weak_ref_get (&state->window);
  if (self != NULL && self->load == state)
    melt_window_set_progress (self, g_atomic_int_get (&state->permille) / 1000.0);

  return G_SOURCE_REMOVE;
}

/* Called from the loading thread: keep the latest fraction and make sure one
 * idle, not one per call, carries it to the main thread.
 */
static void
load_progress_cb (double   fraction,
                  gpointer user_data)
{
  LoadState *state = user_data;

  g_atomic_int_set (&state->permille, (int)(CLAMP (fraction, 0.0, 1.0) * 1000.0));

  /* Always through a source attached to the window's context, never
   * g_main_context_invoke(): from a thread without a thread-default context
   * that may run the callback right here, on the worker, if the main thread
   * does not hold the context at that moment.
   */
  if (g_atomic_int_compare_and_exchange (&state->progress_pending, FALSE, TRUE))
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, load_progress_idle, load_state_ref (state),
                             (GDestroyNotify)load_state_unref);
      g_source_set_static_name (source, "[meltline] load progress");
      g_source_attach (source, state->context);
    }
}

static void
melt_window_end_load (MeltWindow *self)
{
  g_assert (MELT_IS_WINDOW (self));

  g_clear_handle_id (&self->load_bar_source, g_source_remove);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  g_clear_pointer (&self->load, load_state_unref);
  gtk_revealer_set_reveal_child (self->load_revealer, FALSE);
  melt_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
melt_window_set_mesh (MeltWindow *self,
                      MeltMesh   *mesh,
                      GFile      *file)
{
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  g_assert (MELT_IS_WINDOW (self));
  g_assert (MELT_IS_MESH (mesh));
  g_assert (G_IS_FILE (file));

  /* The first part loaded shows its figures; later ones keep the page
   * chosen, as does the part of a toolpath shown */
  if (self->mesh == NULL && melt_preview_get_document (self->preview) == NULL)
    adw_view_stack_set_visible_child_name (self->side_stack, "part");

  g_set_object (&self->file, file);
  g_set_object (&self->mesh, mesh);

  name = file_display_name (file);
  /* Translators: the window title: the part's file name, then the application */
  title = g_strdup_printf (_("%s — Meltline"), name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_subtitle (self->window_title, name);

  melt_part_panel_set_mesh (self->part_panel, mesh);
  melt_plan_panel_set_mesh (self->plan_panel, mesh);
  melt_viewport_set_mesh (self->viewport, mesh);

  gtk_stack_set_visible_child_name (self->main_stack, "part");
  melt_window_update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESH]);
}

static void
melt_window_load_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(LoadState) state = user_data;
  g_autoptr(MeltWindow) self = NULL;
  g_autoptr(MeltMesh) mesh = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (G_IS_ASYNC_RESULT (result));
  g_assert (state != NULL);

  mesh = melt_mesh_load_finish (result, &error);

  self = g_weak_ref_get (&state->window);
  if (self == NULL || self->load != state)
    return;

  melt_window_end_load (self);

  if (mesh == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        melt_window_show_error (self, state->file, error);
      return;
    }

  melt_window_set_mesh (self, mesh, state->file);
  melt_recent_add_part (self->recent_manager, state->file);
}

/* Toolpaths: plans and G-code */

static gboolean
melt_window_is_toolpath_file (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  return melt_path_document_is_gcode_name (name) || melt_path_document_is_plan_file (file);
}

static char *
format_duration (double seconds)
{
  guint64 s = (guint64) MAX (0.0, round (seconds));

  if (s >= 3600)
    return g_strdup_printf ("%" G_GUINT64_FORMAT ":%02u:%02u", s / 3600, (guint) (s / 60 % 60), (guint) (s % 60));
  return g_strdup_printf ("%u:%02u", (guint) (s / 60), (guint) (s % 60));
}

static void
on_preview_time_cb (MeltWindow *self)
{
  MeltPathDocument *document = melt_preview_get_document (self->preview);
  g_autofree char *now = NULL;
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;
  MeltToolpath *toolpath;
  guint n;

  if (document == NULL)
    return;
  toolpath = melt_path_document_get_toolpath (document);
  n = melt_toolpath_get_n_segments (toolpath);
  if (n == 0)
    return;
  now = format_duration (melt_preview_get_time (self->preview));
  total = format_duration (melt_toolpath_get_start_times (toolpath)[n - 1]
                           + melt_toolpath_get_durations (toolpath)[n - 1]);
  /* TRANSLATORS: playback time: where it is, and how long the whole print takes */
  text = g_strdup_printf (_("%s / %s"), now, total);
  gtk_label_set_label (self->time_label, text);
}

static void
on_preview_layers_cb (MeltWindow *self)
{
  guint n = melt_preview_get_n_layers (self->preview);

  melt_range_slider_set_range (self->layer_slider, 0, n > 0 ? n - 1 : 0);
  melt_range_slider_set_selection (self->layer_slider, melt_preview_get_first_layer (self->preview),
                                   melt_preview_get_last_layer (self->preview));
}

static void
on_preview_moves_cb (MeltWindow *self)
{
  gtk_adjustment_set_upper (self->move_adjustment, melt_preview_get_n_moves (self->preview));
  gtk_adjustment_set_value (self->move_adjustment, melt_preview_get_move (self->preview));
}

static void
on_preview_playing_cb (MeltWindow *self)
{
  gboolean playing = melt_preview_get_playing (self->preview);

  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               playing ? _("Pause") : _("Play the Deposition"));
}

static void
on_speed_selected_cb (MeltWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->speed_dropdown);

  g_object_set (self->preview, "speed", pow (10.0, MIN (selected, 4u)), NULL);
}

/* Layers are shown numbered from 1, as in the plan summary */
static char *
format_layer (MeltRangeSlider *slider,
              guint            value,
              gpointer         user_data)
{
  return g_strdup_printf ("%u", value + 1);
}

static void
melt_window_set_document (MeltWindow       *self,
                          MeltPathDocument *document)
{
  gboolean shown = document != NULL;

  melt_preview_set_document (self->preview, document);
  gtk_widget_queue_draw (GTK_WIDGET (self->legend_area));
  gtk_widget_set_visible (self->layer_box, shown);
  gtk_widget_set_visible (self->playback_bar, shown);
  if (shown)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "part");
      adw_view_stack_set_visible_child_name (self->side_stack, "preview");
      on_preview_time_cb (self);
    }
  melt_window_update_actions (self);
}

static void
melt_window_load_document_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(MeltWindow) self = user_data;
  g_autoptr(MeltPathDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) part = NULL;
  GFile *file;

  document = melt_path_document_load_finish (result, &error);
  if (document == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* Translators: the heading of the dialog shown when a plan or G-code cannot be read */
        melt_window_present_error (self, _("Could Not Open the Toolpath"), error);
      return;
    }

  file = melt_path_document_get_file (document);
  melt_window_set_document (self, document);
  if (melt_path_document_get_n_warnings (document) > 0)
    {
      g_autofree char *message =
        /* Translators: %u is a count of G-code lines the importer could not understand */
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u G-code line was not understood and left out",
                                      "%u G-code lines were not understood and left out",
                                      melt_path_document_get_n_warnings (document)),
                         melt_path_document_get_n_warnings (document));

      melt_window_show_toast (self, message);
    }

  /* the plan's part, when it lies beside the plan, as a ghost */
  part = melt_path_document_find_part (document);
  if (part != NULL && (self->file == NULL || !g_file_equal (part, self->file)))
    melt_window_open (self, part);
  else if (self->mesh == NULL && file != NULL)
    {
      g_autofree char *name = file_display_name (file);
      g_autofree char *title = g_strdup_printf (_("%s — Meltline"), name);

      gtk_window_set_title (GTK_WINDOW (self), title);
      adw_window_title_set_subtitle (self->window_title, name);
    }
}

static void
melt_window_open_toolpath (MeltWindow *self,
                           GFile      *file)
{
  g_cancellable_cancel (self->document_cancellable);
  g_clear_object (&self->document_cancellable);
  self->document_cancellable = g_cancellable_new ();
  melt_path_document_load_async (file, self->document_cancellable,
                                 melt_window_load_document_cb, g_object_ref (self));
}

static void
on_viewport_segment_picked_cb (MeltWindow   *self,
                               guint         segment,
                               MeltViewport *viewport)
{
  g_assert (MELT_IS_WINDOW (self));

  melt_preview_set_selected (self->preview, segment);
  if (segment != MELT_PATH_NO_SEGMENT)
    {
      adw_view_stack_set_visible_child_name (self->side_stack, "preview");
      adw_flap_set_reveal_flap (self->flap, TRUE);
    }
}

/* A plan just made is shown bead by bead */
static void
on_plan_finished_cb (MeltWindow    *self,
                     GParamSpec    *pspec,
                     MeltPlanPanel *panel)
{
  g_autoptr(MeltPathDocument) document = NULL;
  MeltToolpath *toolpath;

  g_assert (MELT_IS_WINDOW (self));

  if (melt_plan_panel_get_planning (panel) || (toolpath = melt_plan_panel_get_toolpath (panel)) == NULL)
    return;
  document = melt_path_document_new_for_toolpath (toolpath, melt_process_panel_get_process (self->process_panel));
  melt_window_set_document (self, document);
  adw_view_stack_set_visible_child_name (self->side_stack, "plan");
}

/**
 * melt_window_open:
 * @self: a #MeltWindow
 * @file: a part design (STL, OBJ)
 *
 * Loads @file in a worker thread, with progress, and shows it when done.
 * Errors are shown in the window. A load already running is cancelled.
 */
void
melt_window_open (MeltWindow *self,
                  GFile      *file)
{
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (MELT_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (melt_window_is_toolpath_file (file))
    {
      melt_window_open_toolpath (self, file);
      return;
    }

  if (self->load != NULL)
    g_cancellable_cancel (self->load->cancellable);
  g_clear_pointer (&self->load, load_state_unref);

  g_clear_handle_id (&self->pulse_source, g_source_remove);
  self->load = load_state_new (self, file);

  name = file_display_name (file);
  /* Translators: shown while a part design is read */
  label = g_strdup_printf (_("Loading “%s”…"), name);
  gtk_label_set_label (self->load_label, label);
  melt_window_set_progress (self, 0.0);

  g_clear_handle_id (&self->load_bar_source, g_source_remove);
  self->load_bar_source = g_timeout_add (LOAD_BAR_DELAY_MS, show_load_bar_cb, self);

  melt_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  melt_mesh_load_async (file,
                        self->load->cancellable,
                        load_progress_cb,
                        self->load,
                        melt_window_load_cb,
                        load_state_ref (self->load));
}

/**
 * melt_window_cancel_load:
 * @self: a #MeltWindow
 *
 * Stops the load in progress, if any; the part shown stays.
 */
void
melt_window_cancel_load (MeltWindow *self)
{
  g_return_if_fail (MELT_IS_WINDOW (self));

  if (self->load == NULL)
    return;

  g_cancellable_cancel (self->load->cancellable);
  melt_window_end_load (self);
}

static void
on_chooser_response_cb (MeltWindow           *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  g_assert (MELT_IS_WINDOW (self));
  g_assert (GTK_IS_FILE_CHOOSER_NATIVE (chooser));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);

  if (file != NULL)
    melt_window_open (self, file);
}

static void
melt_window_open_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  MeltWindow *self = MELT_WINDOW (widget);
  g_autoptr(GtkFileFilter) parts = NULL;
  g_autoptr(GtkFileFilter) toolpaths = NULL;
  g_autoptr(GtkFileFilter) all = NULL;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Open a Part Design"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  parts = gtk_file_filter_new ();
  gtk_file_filter_set_name (parts, _("Part Designs (STL, OBJ)"));
  gtk_file_filter_add_mime_type (parts, "model/stl");
  gtk_file_filter_add_mime_type (parts, "model/obj");
  gtk_file_filter_add_suffix (parts, "stl");
  gtk_file_filter_add_suffix (parts, "obj");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), parts);

  toolpaths = gtk_file_filter_new ();
  gtk_file_filter_set_name (toolpaths, _("Plans and G-code (h5, gcode)"));
  gtk_file_filter_add_suffix (toolpaths, "h5");
  gtk_file_filter_add_suffix (toolpaths, "gcode");
  gtk_file_filter_add_suffix (toolpaths, "gco");
  gtk_file_filter_add_suffix (toolpaths, "nc");
  gtk_file_filter_add_mime_type (toolpaths, "text/x.gcode");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), toolpaths);

  all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);

  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->chooser), parts);

  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (on_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
melt_window_open_recent_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  MeltWindow *self = MELT_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  melt_window_open (self, file);
}

static void
melt_window_view_preset_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  MeltWindow *self = MELT_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);
  MeltView view;

  if (!melt_view_from_string (name, &view))
    {
      g_warning ("No camera preset named “%s”", name);
      return;
    }

  melt_viewport_set_view (self->viewport, view);
}

static void
melt_window_fit_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  melt_viewport_fit (MELT_WINDOW (widget)->viewport);
}

static void
melt_window_cancel_load_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  melt_window_cancel_load (MELT_WINDOW (widget));
}

static void
melt_window_toggle_panel_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  MeltWindow *self = MELT_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

/* ------------------------------------------------------------------------ */
/* The process parameter set */

static void
melt_window_set_process (MeltWindow  *self,
                         MeltProcess *process,
                         GFile       *file)
{
  g_assert (MELT_IS_WINDOW (self));
  g_assert (MELT_IS_PROCESS (process));
  g_assert (!file || G_IS_FILE (file));

  g_set_object (&self->process_file, file);
  melt_process_panel_set_process (self->process_panel, process);
  melt_plan_panel_set_process (self->plan_panel, melt_process_panel_get_process (self->process_panel));
  adw_view_stack_set_visible_child_name (self->side_stack, "process");
  adw_flap_set_reveal_flap (self->flap, TRUE);
}

/**
 * melt_window_open_process:
 * @self: a #MeltWindow
 * @file: a parameter file (JSON)
 * @error: where to put an error
 *
 * Reads @file and edits it in the process panel; Save writes back to it.
 * The set shown stays on error.
 *
 * Returns: whether @file was read
 */
gboolean
melt_window_open_process (MeltWindow  *self,
                          GFile       *file,
                          GError     **error)
{
  g_autoptr(MeltProcess) process = NULL;

  g_return_val_if_fail (MELT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A parameter file is a few hundred bytes: read it here */
  process = melt_process_load (file, NULL, error);
  if (process == NULL)
    return FALSE;

  melt_window_set_process (self, process, file);

  return TRUE;
}

/**
 * melt_window_save_process:
 * @self: a #MeltWindow
 * @file: where to write the set shown
 * @error: where to put an error
 *
 * Writes the set atomically (the core writes a temporary file and renames
 * it); Save then writes to @file.
 *
 * Returns: whether the set was written
 */
gboolean
melt_window_save_process (MeltWindow  *self,
                          GFile       *file,
                          GError     **error)
{
  MeltProcess *process;

  g_return_val_if_fail (MELT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  process = melt_process_panel_get_process (self->process_panel);
  g_return_val_if_fail (process != NULL, FALSE);

  if (!melt_process_save (process, file, NULL, error))
    return FALSE;

  g_set_object (&self->process_file, file);

  return TRUE;
}

/**
 * melt_window_load_process_preset:
 * @self: a #MeltWindow
 * @id: a preset id (melt_process_preset_list_ids())
 * @error: where to put an error
 *
 * Edits a fresh copy of a shipped preset; Save asks where to write it.
 *
 * Returns: whether the preset was loaded
 */
gboolean
melt_window_load_process_preset (MeltWindow  *self,
                                 const char  *id,
                                 GError     **error)
{
  g_autoptr(MeltProcess) process = NULL;

  g_return_val_if_fail (MELT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  process = melt_process_preset_load (id, error);
  if (process == NULL)
    return FALSE;

  melt_window_set_process (self, process, NULL);

  return TRUE;
}

static void
melt_window_present_process_error (MeltWindow   *self,
                                   GFile        *file,
                                   gboolean      saving,
                                   const GError *error)
{
  g_autofree char *name = file_display_name (file);
  g_autofree char *heading = NULL;

  g_assert (MELT_IS_WINDOW (self));

  if (saving)
    /* Translators: the heading of the dialog shown when a parameter file cannot be written */
    heading = g_strdup_printf (_("Could Not Save “%s”"), name);
  else
    heading = g_strdup_printf (_("Could Not Open “%s”"), name);

  melt_window_present_error (self, heading, error);
}

static GtkFileFilter *
process_file_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Parameter Files"));
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_filter_add_mime_type (filter, "application/json");

  return filter;
}

static void
on_process_chooser_response_cb (MeltWindow           *self,
                                int                   response,
                                GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  gboolean saving;

  g_assert (MELT_IS_WINDOW (self));
  g_assert (GTK_IS_FILE_CHOOSER_NATIVE (chooser));

  saving = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE;
  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  if (self->process_chooser == chooser)
    g_clear_object (&self->process_chooser);

  if (file == NULL)
    return;

  if (saving)
    {
      if (melt_window_save_process (self, file, &error))
        {
          g_autofree char *name = file_display_name (file);
          g_autofree char *message = NULL;

          /* Translators: a toast after the parameter set was written */
          message = g_strdup_printf (_("Saved “%s”"), name);
          melt_window_show_toast (self, message);
        }
      else
        {
          melt_window_present_process_error (self, file, TRUE, error);
        }
    }
  else if (!melt_window_open_process (self, file, &error))
    {
      melt_window_present_process_error (self, file, FALSE, error);
    }
}

static void
melt_window_run_process_chooser (MeltWindow           *self,
                                 GtkFileChooserAction  action)
{
  g_autoptr(GtkFileFilter) filter = process_file_filter ();
  GtkFileChooser *chooser;

  g_assert (MELT_IS_WINDOW (self));

  if (self->process_chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->process_chooser));
      g_clear_object (&self->process_chooser);
    }

  if (action == GTK_FILE_CHOOSER_ACTION_SAVE)
    self->process_chooser = gtk_file_chooser_native_new (_("Save the Parameter Set"),
                                                         GTK_WINDOW (self),
                                                         action,
                                                         _("_Save"),
                                                         _("_Cancel"));
  else
    self->process_chooser = gtk_file_chooser_native_new (_("Open a Parameter File"),
                                                         GTK_WINDOW (self),
                                                         action,
                                                         _("_Open"),
                                                         _("_Cancel"));

  chooser = GTK_FILE_CHOOSER (self->process_chooser);
  gtk_file_chooser_add_filter (chooser, filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->process_chooser), TRUE);

  if (action == GTK_FILE_CHOOSER_ACTION_SAVE)
    {
      if (self->process_file != NULL)
        {
          gtk_file_chooser_set_file (chooser, self->process_file, NULL);
        }
      else
        {
          MeltProcess *process = melt_process_panel_get_process (self->process_panel);
          const char *name = process ? melt_process_get_name (process) : NULL;
          g_autofree char *suggested = NULL;

          /* Translators: the file name offered for a parameter set without a name */
          suggested = g_strdup_printf ("%s.json", name && *name ? name : _("process"));
          g_strdelimit (suggested, "/\\", '-');
          gtk_file_chooser_set_current_name (chooser, suggested);
        }
    }

  g_signal_connect_object (self->process_chooser, "response",
                           G_CALLBACK (on_process_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->process_chooser));
}

static void
melt_window_open_process_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  melt_window_run_process_chooser (MELT_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
melt_window_save_process_as_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  melt_window_run_process_chooser (MELT_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SAVE);
}

static void
melt_window_save_process_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  MeltWindow *self = MELT_WINDOW (widget);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (self->process_file == NULL)
    {
      melt_window_run_process_chooser (self, GTK_FILE_CHOOSER_ACTION_SAVE);
      return;
    }

  file = g_object_ref (self->process_file);
  if (!melt_window_save_process (self, file, &error))
    {
      melt_window_present_process_error (self, file, TRUE, error);
      return;
    }

  name = file_display_name (file);
  message = g_strdup_printf (_("Saved “%s”"), name);
  melt_window_show_toast (self, message);
}

static void
melt_window_process_preset_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  MeltWindow *self = MELT_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!melt_window_load_process_preset (self, g_variant_get_string (param, NULL), &error))
    /* Translators: the heading of the dialog shown when a shipped preset cannot be read */
    melt_window_present_error (self, _("Could Not Load the Preset"), error);
}

static void
melt_window_compare_processes_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  MeltWindow *self = MELT_WINDOW (widget);
  GtkWidget *compare;

  compare = melt_compare_window_new (melt_process_panel_get_process (self->process_panel));
  gtk_window_set_transient_for (GTK_WINDOW (compare), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (compare));
}

static void
melt_window_plan_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  MeltWindow *self = MELT_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->side_stack, "plan");
  adw_flap_set_reveal_flap (self->flap, TRUE);
  melt_plan_panel_plan (self->plan_panel);
}

static void
melt_window_cancel_plan_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  melt_plan_panel_cancel (MELT_WINDOW (widget)->plan_panel);
}

static void
on_plan_panel_state_cb (MeltWindow    *self,
                        GParamSpec    *pspec,
                        MeltPlanPanel *panel)
{
  g_assert (MELT_IS_WINDOW (self));

  melt_window_update_actions (self);
}

static void
on_plan_failed_cb (MeltWindow    *self,
                   const GError  *error,
                   MeltPlanPanel *panel)
{
  g_assert (MELT_IS_WINDOW (self));

  /* Translators: the heading of the dialog shown when a part cannot be planned */
  melt_window_present_error (self, _("Could Not Plan the Part"), error);
}

static void
melt_window_side_page_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  MeltWindow *self = MELT_WINDOW (widget);
  const char *page = g_variant_get_string (param, NULL);

  if (adw_view_stack_get_child_by_name (self->side_stack, page) == NULL)
    {
      g_warning ("No side panel page named “%s”", page);
      return;
    }

  adw_view_stack_set_visible_child_name (self->side_stack, page);
  adw_flap_set_reveal_flap (self->flap, TRUE);
}

static void
on_viewport_view_changed_cb (MeltWindow   *self,
                             MeltViewport *viewport)
{
  g_assert (MELT_IS_WINDOW (self));

  gtk_widget_queue_draw (GTK_WIDGET (self->legend_area));
}

static gboolean
show_no_gl_page_cb (gpointer user_data)
{
  MeltWindow *self = user_data;
  const GError *error;
  g_autofree char *escaped = NULL;
  g_autofree char *description = NULL;

  g_assert (MELT_IS_WINDOW (self));

  self->gl_failed_source = 0;

  error = melt_viewport_get_gl_error (self->viewport);
  escaped = g_markup_escape_text (error ? error->message : _("Unknown error"), -1);
  description = g_strdup_printf ("%s\n\n<small>%s</small>",
                                 _("Meltline needs OpenGL 3.3 or OpenGL ES 3.0 to draw the part, "
                                   "and this system could not provide it. The part’s figures and "
                                   "defects are still listed in the side panel."),
                                 escaped);
  adw_status_page_set_description (self->no_gl_page, description);
  gtk_stack_set_visible_child_name (self->view_stack, "no-gl");
  adw_view_stack_set_visible_child_name (self->side_stack, "part");
  adw_flap_set_reveal_flap (self->flap, TRUE);
  melt_window_update_actions (self);

  return G_SOURCE_REMOVE;
}

static void
on_viewport_gl_failed_cb (MeltWindow   *self,
                          GParamSpec   *pspec,
                          MeltViewport *viewport)
{
  g_assert (MELT_IS_WINDOW (self));
  g_assert (MELT_IS_VIEWPORT (viewport));

  /* The viewport fails while it is being realized: switch pages afterwards. */
  if (melt_viewport_get_gl_failed (viewport) && self->gl_failed_source == 0)
    self->gl_failed_source = g_idle_add (show_no_gl_page_cb, self);
}

static void
legend_draw_cb (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  MeltWindow *self = user_data;

  g_assert (MELT_IS_WINDOW (self));

  if ((self->mesh == NULL && melt_preview_get_document (self->preview) == NULL)
      || melt_viewport_get_gl_failed (self->viewport))
    return;

  melt_renderer_draw_overlay (melt_viewport_get_renderer (self->viewport),
                              cr,
                              melt_viewport_get_camera (self->viewport),
                              width, height);
}

static void
on_recent_row_activated_cb (MeltWindow    *self,
                            GtkListBoxRow *row,
                            GtkListBox    *list)
{
  GFile *file;

  g_assert (MELT_IS_WINDOW (self));
  g_assert (GTK_IS_LIST_BOX_ROW (row));

  file = g_object_get_data (G_OBJECT (row), "file");
  if (file != NULL)
    melt_window_open (self, file);
}

static char *
escape_mnemonic (const char *text)
{
  GString *str = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p == '_')
        g_string_append_c (str, '_');
      g_string_append_c (str, *p);
    }

  return g_string_free (str, FALSE);
}

static void
melt_window_update_recent (MeltWindow *self)
{
  g_autoptr(GPtrArray) files = NULL;
  GtkWidget *child;

  g_assert (MELT_IS_WINDOW (self));

  files = melt_recent_list_parts (self->recent_manager, MAX_RECENT_PARTS);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))))
    gtk_list_box_remove (self->recent_list, child);
  g_menu_remove_all (self->recent_section);

  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autofree char *name = file_display_name (file);
      g_autofree char *menu_label = escape_mnemonic (name);
      g_autofree char *uri = g_file_get_uri (file);
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *where = NULL;
      g_autoptr(GMenuItem) item = NULL;
      GtkWidget *row;

      if (parent != NULL)
        {
          g_autofree char *parse_name = g_file_get_parse_name (parent);
          const char *home = g_get_home_dir ();

          if (home != NULL && g_str_has_prefix (parse_name, home) &&
              (parse_name[strlen (home)] == '/' || parse_name[strlen (home)] == '\0'))
            where = g_strconcat ("~", parse_name + strlen (home), NULL);
          else
            where = g_steal_pointer (&parse_name);
        }

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (where != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "file", g_object_ref (file), g_object_unref);
      gtk_list_box_append (self->recent_list, row);

      item = g_menu_item_new (menu_label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (uri));
      g_menu_append_item (self->recent_section, item);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), files->len > 0);
}

static gboolean
on_drop_cb (MeltWindow    *self,
            const GValue  *value,
            double         x,
            double         y,
            GtkDropTarget *target)
{
  g_autoptr(GSList) files = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  GApplication *app;

  g_assert (MELT_IS_WINDOW (self));

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    files = gdk_file_list_get_files (g_value_get_boxed (value));
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    files = g_slist_prepend (NULL, g_value_get_object (value));

  if (files == NULL)
    return FALSE;

  melt_window_open (self, files->data);

  /* Each further part opens in a window of its own. */
  app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  rest = g_ptr_array_new ();
  for (const GSList *l = files->next; l != NULL; l = l->next)
    g_ptr_array_add (rest, l->data);
  if (app != NULL && rest->len > 0)
    g_application_open (app, (GFile **)rest->pdata, rest->len, "");

  return TRUE;
}

/* A new window edits the first shipped preset, or the core's typical set */
static void
melt_window_init_process (MeltWindow *self)
{
  g_autoptr(GPtrArray) ids = melt_process_preset_list_ids ();
  g_autoptr(MeltProcess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (MELT_IS_WINDOW (self));

  if (ids != NULL && ids->len > 0)
    {
      process = melt_process_preset_load (g_ptr_array_index (ids, 0), &error);
      if (process == NULL)
        g_debug ("Preset not loaded: %s", error->message);
    }

  if (process == NULL)
    process = melt_process_new (MELT_PROCESS_KIND_LASER_WIRE);

  melt_window_set_process (self, process, NULL);
}

static void
melt_window_constructed (GObject *object)
{
  MeltWindow *self = (MeltWindow *)object;

  G_OBJECT_CLASS (melt_window_parent_class)->constructed (object);

  melt_window_update_recent (self);
}

static void
melt_window_dispose (GObject *object)
{
  MeltWindow *self = (MeltWindow *)object;

  if (self->load != NULL)
    g_cancellable_cancel (self->load->cancellable);
  g_clear_pointer (&self->load, load_state_unref);
  g_clear_handle_id (&self->load_bar_source, g_source_remove);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  g_clear_handle_id (&self->gl_failed_source, g_source_remove);
  g_cancellable_cancel (self->document_cancellable);
  g_clear_object (&self->document_cancellable);
  if (self->preview_panel != NULL)
    melt_preview_panel_set_preview (self->preview_panel, NULL);
  if (self->preview != NULL)
    melt_preview_set_playing (self->preview, FALSE);
  g_clear_object (&self->preview);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->process_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->process_chooser));
  g_clear_object (&self->process_chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), MELT_TYPE_WINDOW);

  g_clear_object (&self->mesh);
  g_clear_object (&self->file);
  g_clear_object (&self->process_file);
  g_clear_object (&self->recent_manager);

  G_OBJECT_CLASS (melt_window_parent_class)->dispose (object);
}

static void
melt_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MeltWindow *self = MELT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_MESH:
      g_value_set_object (value, self->mesh);
      break;

    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->load != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_window_class_init (MeltWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = melt_window_constructed;
  object_class->dispose = melt_window_dispose;
  object_class->get_property = melt_window_get_property;

  /**
   * MeltWindow:mesh:
   *
   * The part shown, or %NULL before one is loaded.
   */
  properties[PROP_MESH] =
    g_param_spec_object ("mesh", NULL, NULL,
                         MELT_TYPE_MESH,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MeltWindow:file:
   *
   * The file the part shown was loaded from.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MeltWindow:loading:
   *
   * Whether a part is being loaded.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MeltWindow::load-failed:
   * @self: a #MeltWindow
   * @file: the file that could not be loaded
   * @error: why
   *
   * A part could not be loaded; the window shows @error to the user.
   */
  signals[LOAD_FAILED] =
    g_signal_new ("load-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_FILE, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/meltline/Meltline/melt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, view_box);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, fit_button);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, panel_button);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, load_revealer);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, load_label);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, load_percent);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, load_progress);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, viewport);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, legend_area);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, no_gl_page);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, part_panel);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, process_panel);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, plan_panel);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, preview_panel);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, layer_box);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, layer_slider);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, playback_bar);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, move_adjustment);
  gtk_widget_class_bind_template_child (widget_class, MeltWindow, time_label);
  gtk_widget_class_bind_template_callback (widget_class, on_viewport_segment_picked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_plan_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_viewport_view_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_viewport_gl_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_recent_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_plan_panel_state_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_plan_failed_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, melt_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", melt_window_open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.view-preset", "s", melt_window_view_preset_action);
  gtk_widget_class_install_action (widget_class, "win.fit", NULL, melt_window_fit_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, melt_window_cancel_load_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-panel", NULL, melt_window_toggle_panel_action);
  gtk_widget_class_install_action (widget_class, "win.side-page", "s", melt_window_side_page_action);
  gtk_widget_class_install_action (widget_class, "win.open-process", NULL, melt_window_open_process_action);
  gtk_widget_class_install_action (widget_class, "win.save-process", NULL, melt_window_save_process_action);
  gtk_widget_class_install_action (widget_class, "win.save-process-as", NULL, melt_window_save_process_as_action);
  gtk_widget_class_install_action (widget_class, "win.process-preset", "s", melt_window_process_preset_action);
  gtk_widget_class_install_action (widget_class, "win.compare-processes", NULL, melt_window_compare_processes_action);
  gtk_widget_class_install_action (widget_class, "win.plan", NULL, melt_window_plan_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-plan", NULL, melt_window_cancel_plan_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.plan", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_O, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.open-process", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save-process", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-process-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, 0, "win.view-preset", "s", "iso");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1, 0, "win.view-preset", "s", "iso");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, 0, "win.view-preset", "s", "top");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_2, 0, "win.view-preset", "s", "top");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, 0, "win.view-preset", "s", "front");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_3, 0, "win.view-preset", "s", "front");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, 0, "win.view-preset", "s", "side");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_4, 0, "win.view-preset", "s", "side");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0, "win.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F, GDK_SHIFT_MASK, "win.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-panel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel-load", NULL);

  g_type_ensure (MELT_TYPE_VIEWPORT);
  g_type_ensure (MELT_TYPE_PART_PANEL);
  g_type_ensure (MELT_TYPE_PROCESS_PANEL);
  g_type_ensure (MELT_TYPE_PLAN_PANEL);
  g_type_ensure (MELT_TYPE_PREVIEW_PANEL);
  g_type_ensure (MELT_TYPE_RANGE_SLIDER);
}

static void
melt_window_init (MeltWindow *self)
{
  GtkDropTarget *target;
  GType drop_types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  adw_status_page_set_icon_name (self->welcome_page, APPLICATION_ID);
  gtk_drawing_area_set_draw_func (self->legend_area, legend_draw_cb, self, NULL);

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->toast_overlay), GTK_EVENT_CONTROLLER (target));

  self->recent_manager = g_object_ref (gtk_recent_manager_get_default ());
  g_signal_connect_object (self->recent_manager, "changed",
                           G_CALLBACK (melt_window_update_recent),
                           self, G_CONNECT_SWAPPED);

  /* the path preview: its state, bound to the controls over the view and the Preview page */
  self->preview = melt_preview_new (self->viewport);
  melt_preview_panel_set_preview (self->preview_panel, self->preview);
  melt_range_slider_set_format_func (self->layer_slider, format_layer, NULL, NULL);
  g_object_bind_property (self->preview, "first-layer", self->layer_slider, "first",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->preview, "last-layer", self->layer_slider, "last",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->preview, "playing", self->play_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->preview, "notify::n-layers", G_CALLBACK (on_preview_layers_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preview, "notify::n-moves", G_CALLBACK (on_preview_moves_cb),
                           self, G_CONNECT_SWAPPED);
  g_object_bind_property (self->preview, "move", self->move_adjustment, "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->preview, "notify::time", G_CALLBACK (on_preview_time_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preview, "notify::playing", G_CALLBACK (on_preview_playing_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->speed_dropdown, "notify::selected", G_CALLBACK (on_speed_selected_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_drop_down_set_selected (self->speed_dropdown, 3);

  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
  melt_window_init_process (self);
  melt_window_update_actions (self);
}

MeltWindow *
melt_window_new (GtkApplication *application)
{
  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (MELT_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * melt_window_get_mesh:
 * @self: a #MeltWindow
 *
 * Returns: (transfer none) (nullable): the part shown
 */
MeltMesh *
melt_window_get_mesh (MeltWindow *self)
{
  g_return_val_if_fail (MELT_IS_WINDOW (self), NULL);

  return self->mesh;
}

/**
 * melt_window_get_file:
 * @self: a #MeltWindow
 *
 * Returns: (transfer none) (nullable): the file of the part shown
 */
GFile *
melt_window_get_file (MeltWindow *self)
{
  g_return_val_if_fail (MELT_IS_WINDOW (self), NULL);

  return self->file;
}

gboolean
melt_window_get_loading (MeltWindow *self)
{
  g_return_val_if_fail (MELT_IS_WINDOW (self), FALSE);

  return self->load != NULL;
}

/**
 * melt_window_is_empty:
 * @self: a #MeltWindow
 *
 * Returns: whether the window neither shows nor loads a part, so that
 *   a file opened from elsewhere may use it
 */
gboolean
melt_window_is_empty (MeltWindow *self)
{
  g_return_val_if_fail (MELT_IS_WINDOW (self), FALSE);

  return self->mesh == NULL && self->load == NULL;
}

/**
 * melt_window_get_viewport:
 * @self: a #MeltWindow
 *
 * Returns: (transfer none): the 3D view
 */
MeltViewport *
melt_window_get_viewport (MeltWindow *self)
{
  g_return_val_if_fail (MELT_IS_WINDOW (self), NULL);

  return self->viewport;
}

/**
 * melt_window_get_part_panel:
 * @self: a #MeltWindow
 *
 * Returns: (transfer none): the side panel
 */
MeltPartPanel *
melt_window_get_part_panel (MeltWindow *self)
{
  g_return_val_if_fail (MELT_IS_WINDOW (self), NULL);

  return self->part_panel;
}

/**
 * melt_window_get_visible_page:
 * @self: a #MeltWindow
 *
 * Returns: "welcome", "part" or "no-gl" (a part whose 3D view failed)
 */
const char *
melt_window_get_visible_page (MeltWindow *self)
{
  const char *page;

  g_return_val_if_fail (MELT_IS_WINDOW (self), NULL);

  page = gtk_stack_get_visible_child_name (self->main_stack);
  if (g_strcmp0 (page, "part") == 0 &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "no-gl") == 0)
    return "no-gl";

  return page;
}

/**
 * melt_window_get_process_panel:
 * @self: a #MeltWindow
 *
 * Returns: (transfer none): the panel editing the process parameter set
 */
MeltProcessPanel *
melt_window_get_process_panel (MeltWindow *self)
{
  g_return_val_if_fail (MELT_IS_WINDOW (self), NULL);

  return self->process_panel;
}

/**
 * melt_window_get_process:
 * @self: a #MeltWindow
 *
 * Returns: (transfer none): the process parameter set edited
 */
MeltProcess *
melt_window_get_process (MeltWindow *self)
{
  g_return_val_if_fail (MELT_IS_WINDOW (self), NULL);

  return melt_process_panel_get_process (self->process_panel);
}

/**
 * melt_window_get_process_file:
 * @self: a #MeltWindow
 *
 * Returns: (transfer none) (nullable): where Save writes the set, or %NULL
 *   when it asks (a preset, a new set)
 */
GFile *
melt_window_get_process_file (MeltWindow *self)
{
  g_return_val_if_fail (MELT_IS_WINDOW (self), NULL);

  return self->process_file;
}

/**
 * melt_window_get_side_page:
 * @self: a #MeltWindow
 *
 * Returns: "part", "process" or "plan"
 */
const char *
melt_window_get_side_page (MeltWindow *self)
{
  g_return_val_if_fail (MELT_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->side_stack);
}

/**
 * melt_window_get_plan_panel:
 * @self: a #MeltWindow
 *
 * Returns: (transfer none): the panel that plans the part
 */
MeltPlanPanel *
melt_window_get_plan_panel (MeltWindow *self)
{
  g_return_val_if_fail (MELT_IS_WINDOW (self), NULL);

  return self->plan_panel;
}

/**
 * melt_window_get_preview:
 * @self: a #MeltWindow
 *
 * Returns: (transfer none): what the path preview shows
 */
MeltPreview *
melt_window_get_preview (MeltWindow *self)
{
  g_return_val_if_fail (MELT_IS_WINDOW (self), NULL);

  return self->preview;
}

/**
 * melt_window_get_layer_slider:
 * @self: a #MeltWindow
 *
 * Returns: (transfer none): the layer range slider over the 3D view
 */
MeltRangeSlider *
melt_window_get_layer_slider (MeltWindow *self)
{
  g_return_val_if_fail (MELT_IS_WINDOW (self), NULL);

  return self->layer_slider;
}
