/* melt-plan-panel.c: the side panel that plans the part's beads and sums them up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Slicing and planning run together in one GTask thread, with a
 * GCancellable; their progress (slicing 0 to 0.3, planning 0.3 to 1) is
 * carried to the main thread by an idle, as the window does for loading.
 * The figures come from the core (melt_plan_summary_compute()).
 */

#define G_LOG_DOMAIN "melt-plan-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "melt-plan-panel.h"
#include "melt-process-check.h"
#include "melt-slicer.h"

/* Share of the progress bar the slicing takes */
#define SLICE_SHARE 0.3

/* One plan in flight, shared by the panel, the worker thread and the
 * progress idles, so it is reference counted. The inputs are the worker's
 * own: a copy of the process, the mesh (immutable) and the settings. */
typedef struct
{
  gatomicrefcount   ref_count;
  GWeakRef          panel;
  MeltMesh         *mesh;
  MeltProcess      *process;
  MeltPlanSettings  settings;
  GCancellable     *cancellable;
  GMainContext     *context;
  guint             inputs_serial;
  int               permille;
  int               progress_pending;
} PlanJob;

/* What the worker hands back */
typedef struct
{
  MeltToolpath    *toolpath;
  MeltPlanReport   report;
  MeltPlanSummary  summary;
} PlanResult;

struct _MeltPlanPanel
{
  GtkWidget        parent_instance;

  MeltMesh        *mesh;
  MeltProcess     *process;
  PlanJob         *job;
  guint            inputs_serial;
  guint            summary_serial;
  MeltToolpath    *toolpath;
  MeltPlanReport   report;
  MeltPlanSummary  summary;
  gboolean         updating_settings;

  /* Template children */
  GtkWidget       *scroller;
  GtkAdjustment   *perimeters_adjustment;
  GtkAdjustment   *angle_adjustment;
  GtkAdjustment   *angle_step_adjustment;
  AdwComboRow     *fill_row;
  AdwComboRow     *seam_row;
  GtkWidget       *progress_box;
  GtkLabel        *progress_label;
  GtkLabel        *progress_percent;
  GtkProgressBar  *progress_bar;
  GtkWidget       *plan_button;
  GtkLabel        *hint_label;
  AdwPreferencesGroup *summary_group;
  GtkWidget       *summary_list;
  GtkLabel        *layers_value;
  GtkLabel        *segments_value;
  GtkLabel        *total_time_value;
  GtkLabel        *beam_on_time_value;
  GtkLabel        *wire_mass_value;
  GtkLabel        *energy_value;
  GtkLabel        *beam_starts_value;
  GtkLabel        *volume_value;
  AdwActionRow    *fits_row;
  GtkImage        *fits_icon;
  GtkLabel        *fits_value;
  AdwActionRow    *narrow_row;
};

G_DEFINE_FINAL_TYPE (MeltPlanPanel, melt_plan_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MESH,
  PROP_PROCESS,
  PROP_CAN_PLAN,
  PROP_PLANNING,
  PROP_STALE,
  N_PROPS
};

enum {
  PLANNED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
plan_result_free (PlanResult *result)
{
  g_clear_object (&result->toolpath);
  g_free (result);
}

static PlanJob *
plan_job_ref (PlanJob *job)
{
  g_atomic_ref_count_inc (&job->ref_count);
  return job;
}

static void
plan_job_unref (PlanJob *job)
{
  if (g_atomic_ref_count_dec (&job->ref_count))
    {
      g_weak_ref_clear (&job->panel);
      g_clear_object (&job->mesh);
      g_clear_object (&job->process);
      g_clear_object (&job->cancellable);
      g_clear_pointer (&job->context, g_main_context_unref);
      g_free (job);
    }
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlanJob, plan_job_unref)

/* ------------------------------------------------------------------------ */
/* Showing state */

static char *
format_duration (double seconds)
{
  guint64 s = (guint64) (MAX (seconds, 0.0) + 0.5);

  /* Translators: a duration as hours:minutes:seconds */
  return g_strdup_printf (_("%u:%02u:%02u"),
                          (guint) MIN (s / 3600, G_MAXUINT), (guint) (s / 60 % 60), (guint) (s % 60));
}

static char *
format_seconds (double seconds)
{
  if (seconds < 10.0)
    /* Translators: a short duration in seconds */
    return g_strdup_printf (_("%.1f s"), seconds);
  if (seconds < 3600.0)
    /* Translators: a duration in whole seconds */
    return g_strdup_printf (_("%.0f s"), seconds);

  return format_duration (seconds);
}

static void
set_label_take (GtkLabel *label,
                char     *text)
{
  gtk_label_set_label (label, text);
  g_free (text);
}

static gboolean
melt_plan_panel_compute_can_plan (MeltPlanPanel *self)
{
  return self->mesh != NULL && self->process != NULL && self->job == NULL;
}

static void
melt_plan_panel_update (MeltPlanPanel *self)
{
  gboolean has_summary = self->toolpath != NULL;
  gboolean stale = melt_plan_panel_get_stale (self);

  g_assert (MELT_IS_PLAN_PANEL (self));

  gtk_widget_set_visible (self->progress_box, self->job != NULL);
  gtk_widget_set_visible (self->plan_button, self->job == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_group), has_summary);
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), !has_summary && self->job == NULL);

  if (self->mesh == NULL)
    gtk_label_set_label (self->hint_label, _("Open a part design to plan its beads."));
  else
    gtk_label_set_label (self->hint_label,
                         _("Plan lays out the beads of every layer with the process set and "
                           "sums up the time, wire and energy of the print."));

  gtk_button_set_label (GTK_BUTTON (self->plan_button),
                        has_summary && stale ? _("_Plan Again") : _("_Plan"));

  if (stale)
    {
      gtk_widget_add_css_class (self->summary_list, "stale");
      adw_preferences_group_set_description (self->summary_group,
                                             _("Out of date: the part, the process or the "
                                               "settings changed. Plan again."));
    }
  else
    {
      gtk_widget_remove_css_class (self->summary_list, "stale");
      adw_preferences_group_set_description (self->summary_group, NULL);
    }
}

static void
melt_plan_panel_show_summary (MeltPlanPanel *self)
{
  const MeltPlanSummary *s = &self->summary;
  g_autofree char *longest = NULL;
  g_autofree char *narrow = NULL;

  g_assert (MELT_IS_PLAN_PANEL (self));

  if (self->report.layers > s->layers)
    /* Translators: layers with beads, of the layers the part was sliced into
     * (the top ones can be too narrow for a bead) */
    set_label_take (self->layers_value,
                    g_strdup_printf (_("%u of %u sliced"), s->layers, self->report.layers));
  else
    set_label_take (self->layers_value, g_strdup_printf ("%u", s->layers));
  set_label_take (self->segments_value, g_strdup_printf ("%u", s->segments));
  set_label_take (self->total_time_value, format_duration (s->total_time_s));
  set_label_take (self->beam_on_time_value, format_duration (s->beam_on_time_s));
  /* Translators: a mass in grams */
  set_label_take (self->wire_mass_value, g_strdup_printf (_("%.1f g"), s->wire_mass_g));
  /* Translators: an energy in kilojoules */
  set_label_take (self->energy_value, g_strdup_printf (_("%.1f kJ"), s->energy_kj));
  set_label_take (self->beam_starts_value, g_strdup_printf ("%u", s->beam_starts));
  if (s->part_volume_mm3 > 0.0)
    /* Translators: deposited volume of the plan, of the part's volume, as a percentage */
    set_label_take (self->volume_value,
                    g_strdup_printf (_("%.2f of %.2f cm³ (%.0f %%)"),
                                     s->deposited_volume_mm3 / 1000.0,
                                     s->part_volume_mm3 / 1000.0,
                                     s->volume_ratio * 100.0));
  else
    set_label_take (self->volume_value,
                    g_strdup_printf (_("%.2f cm³"), s->deposited_volume_mm3 / 1000.0));

  gtk_label_set_label (self->fits_value, s->fits_microgravity_window ? _("Yes") : _("No"));
  gtk_image_set_from_icon_name (self->fits_icon,
                                s->fits_microgravity_window ? "emblem-ok-symbolic"
                                                            : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->fits_icon),
                               s->fits_microgravity_window ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->fits_icon),
                            s->fits_microgravity_window ? "success" : "error");

  {
    g_autofree char *layer_time = format_seconds (s->longest_layer_time_s);

    if (s->microgravity_window_s > 0.0)
      {
        g_autofree char *window = format_seconds (s->microgravity_window_s);

        /* Translators: the subtitle of “Fits the microgravity window”:
         * “Longest layer 42.0 s of 300.0 s (layer 3)” */
        longest = g_strdup_printf (_("Longest layer %s of %s (layer %u)"),
                                   layer_time, window, s->longest_layer + 1);
      }
    else
      {
        /* Translators: the subtitle of “Fits the microgravity window” when it has no limit */
        longest = g_strdup_printf (_("Longest layer %s; the window is unlimited"), layer_time);
      }
  }
  adw_action_row_set_subtitle (self->fits_row, longest);

  narrow = melt_plan_report_describe_narrow (&self->report);
  gtk_widget_set_visible (GTK_WIDGET (self->narrow_row), narrow != NULL);
  adw_action_row_set_subtitle (self->narrow_row, narrow ? narrow : "");
}

/* Something the plan depends on changed */
static void
melt_plan_panel_inputs_changed (MeltPlanPanel *self)
{
  gboolean was_stale = melt_plan_panel_get_stale (self);

  g_assert (MELT_IS_PLAN_PANEL (self));

  self->inputs_serial++;
  melt_plan_panel_update (self);
  if (!was_stale && melt_plan_panel_get_stale (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
}

/* ------------------------------------------------------------------------ */
/* Planning */

static gboolean
plan_progress_idle (gpointer user_data)
{
  PlanJob *job = user_data;
  g_autoptr(MeltPlanPanel) self = NULL;
  g_autofree char *percent = NULL;
  double fraction;

  g_atomic_int_set (&job->progress_pending, FALSE);

  self = g_weak_ref_get (&job->panel);
  if (self == NULL || self->job != job)
    return G_SOURCE_REMOVE;

  fraction = g_atomic_int_get (&job->permille) / 1000.0;
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_label_set_label (self->progress_label,
                       fraction < SLICE_SHARE ? _("Slicing…") : _("Planning the beads…"));
  /* Translators: how much of the plan is done, as a percentage */
  percent = g_strdup_printf (_("%.0f %%"), fraction * 100.0);
  gtk_label_set_label (self->progress_percent, percent);

  return G_SOURCE_REMOVE;
}

/* From worker threads: keep the latest fraction, one idle carries it */
static void
plan_job_progress (PlanJob *job,
                   double   fraction)
{
  g_atomic_int_set (&job->permille, (int) (CLAMP (fraction, 0.0, 1.0) * 1000.0));

  if (g_atomic_int_compare_and_exchange (&job->progress_pending, FALSE, TRUE))
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, plan_progress_idle, plan_job_ref (job),
                             (GDestroyNotify) plan_job_unref);
      g_source_set_static_name (source, "[meltline] plan progress");
      g_source_attach (source, job->context);
    }
}

static void
slice_progress_cb (double   fraction,
                   gpointer user_data)
{
  plan_job_progress (user_data, fraction * SLICE_SHARE);
}

static void
plan_progress_cb (double   fraction,
                  gpointer user_data)
{
  plan_job_progress (user_data, SLICE_SHARE + fraction * (1.0 - SLICE_SHARE));
}

static void
plan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PlanJob *job = task_data;
  g_autoptr(MeltSlice) slice = NULL;
  g_autoptr(GError) error = NULL;
  PlanResult *result;
  MeltProcessDerived derived;

  if (!melt_process_evaluate (job->process, &derived, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  slice = melt_slicer_slice (job->mesh, derived.layer_height_mm, MELT_PLAN_PANEL_GAP_TOLERANCE_MM,
                             cancellable, slice_progress_cb, job, &error);
  if (slice == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = g_new0 (PlanResult, 1);
  result->toolpath = melt_planner_plan (job->process, slice, &job->settings, cancellable,
                                        plan_progress_cb, job, &result->report, &error);
  if (result->toolpath == NULL ||
      !melt_plan_summary_compute (&result->summary, result->toolpath, job->process,
                                  melt_mesh_get_report (job->mesh), &error))
    {
      plan_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, result, (GDestroyNotify) plan_result_free);
}

static void
melt_plan_panel_end_job (MeltPlanPanel *self)
{
  g_assert (MELT_IS_PLAN_PANEL (self));

  g_clear_pointer (&self->job, plan_job_unref);
  melt_plan_panel_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLANNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_PLAN]);
}

static void
plan_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PlanJob) job = user_data;
  g_autoptr(MeltPlanPanel) self = NULL;
  g_autoptr(GError) error = NULL;
  PlanResult *plan;
  gboolean was_stale;

  g_assert (G_IS_TASK (result));

  plan = g_task_propagate_pointer (G_TASK (result), &error);

  self = g_weak_ref_get (&job->panel);
  if (self == NULL || self->job != job)
    {
      g_clear_pointer (&plan, plan_result_free);
      return;
    }

  was_stale = melt_plan_panel_get_stale (self);
  melt_plan_panel_end_job (self);

  if (plan == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[FAILED], 0, error);
      return;
    }

  g_set_object (&self->toolpath, plan->toolpath);
  self->report = plan->report;
  self->summary = plan->summary;
  self->summary_serial = job->inputs_serial;
  plan_result_free (plan);

  melt_plan_panel_show_summary (self);
  melt_plan_panel_update (self);
  if (was_stale != melt_plan_panel_get_stale (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
  g_signal_emit (self, signals[PLANNED], 0);
}

/**
 * melt_plan_panel_plan:
 * @self: a #MeltPlanPanel
 *
 * Slices the part at the process's layer height and plans it with the
 * settings shown, in a worker thread. The summary shows when done; errors
 * are emitted as #MeltPlanPanel::failed. Does nothing without a part and a
 * process or while a plan runs.
 */
void
melt_plan_panel_plan (MeltPlanPanel *self)
{
  g_autoptr(GTask) task = NULL;
  PlanJob *job;

  g_return_if_fail (MELT_IS_PLAN_PANEL (self));

  if (!melt_plan_panel_compute_can_plan (self))
    return;

  job = g_new0 (PlanJob, 1);
  g_atomic_ref_count_init (&job->ref_count);
  g_weak_ref_init (&job->panel, self);
  job->mesh = g_object_ref (self->mesh);
  job->process = melt_process_copy (self->process);
  melt_plan_panel_get_settings (self, &job->settings);
  job->cancellable = g_cancellable_new ();
  job->context = g_main_context_ref_thread_default ();
  job->inputs_serial = self->inputs_serial;
  self->job = job;

  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_label_set_label (self->progress_label, _("Slicing…"));
  gtk_label_set_label (self->progress_percent, "");
  melt_plan_panel_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLANNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_PLAN]);

  task = g_task_new (NULL, job->cancellable, plan_done_cb, plan_job_ref (job));
  g_task_set_source_tag (task, melt_plan_panel_plan);
  g_task_set_name (task, "[meltline] plan");
  g_task_set_task_data (task, plan_job_ref (job), (GDestroyNotify) plan_job_unref);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, plan_thread);
}

/**
 * melt_plan_panel_cancel:
 * @self: a #MeltPlanPanel
 *
 * Stops the plan in progress, if any; the summary shown stays.
 */
void
melt_plan_panel_cancel (MeltPlanPanel *self)
{
  g_return_if_fail (MELT_IS_PLAN_PANEL (self));

  if (self->job == NULL)
    return;

  g_cancellable_cancel (self->job->cancellable);
  melt_plan_panel_end_job (self);
}

/* ------------------------------------------------------------------------ */
/* Inputs */

static void
on_process_changed_cb (MeltPlanPanel *self,
                       MeltProcess   *process)
{
  g_assert (MELT_IS_PLAN_PANEL (self));

  melt_plan_panel_inputs_changed (self);
}

static void
on_setting_changed_cb (MeltPlanPanel *self)
{
  g_assert (MELT_IS_PLAN_PANEL (self));

  if (!self->updating_settings)
    melt_plan_panel_inputs_changed (self);
}

void
melt_plan_panel_set_mesh (MeltPlanPanel *self,
                          MeltMesh      *mesh)
{
  g_return_if_fail (MELT_IS_PLAN_PANEL (self));
  g_return_if_fail (!mesh || MELT_IS_MESH (mesh));

  if (!g_set_object (&self->mesh, mesh))
    return;

  melt_plan_panel_inputs_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESH]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_PLAN]);
}

void
melt_plan_panel_set_process (MeltPlanPanel *self,
                             MeltProcess   *process)
{
  g_return_if_fail (MELT_IS_PLAN_PANEL (self));
  g_return_if_fail (!process || MELT_IS_PROCESS (process));

  if (self->process == process)
    return;

  if (self->process != NULL)
    g_signal_handlers_disconnect_by_func (self->process, on_process_changed_cb, self);
  g_set_object (&self->process, process);
  if (process != NULL)
    g_signal_connect_object (process, "changed", G_CALLBACK (on_process_changed_cb),
                             self, G_CONNECT_SWAPPED);

  melt_plan_panel_inputs_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROCESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_PLAN]);
}

MeltMesh *
melt_plan_panel_get_mesh (MeltPlanPanel *self)
{
  g_return_val_if_fail (MELT_IS_PLAN_PANEL (self), NULL);

  return self->mesh;
}

MeltProcess *
melt_plan_panel_get_process (MeltPlanPanel *self)
{
  g_return_val_if_fail (MELT_IS_PLAN_PANEL (self), NULL);

  return self->process;
}

/**
 * melt_plan_panel_get_settings:
 * @self: a #MeltPlanPanel
 * @settings: (out caller-allocates): the planner settings shown
 *
 * The fields the panel does not show keep melt_plan_settings_init()'s
 * defaults.
 */
void
melt_plan_panel_get_settings (MeltPlanPanel    *self,
                              MeltPlanSettings *settings)
{
  g_return_if_fail (MELT_IS_PLAN_PANEL (self));
  g_return_if_fail (settings != NULL);

  melt_plan_settings_init (settings);
  settings->perimeters = (guint) gtk_adjustment_get_value (self->perimeters_adjustment);
  settings->fill = (MeltFillPattern) adw_combo_row_get_selected (self->fill_row);
  settings->fill_angle_deg = gtk_adjustment_get_value (self->angle_adjustment);
  settings->fill_angle_step_deg = gtk_adjustment_get_value (self->angle_step_adjustment);
  settings->seam = (MeltSeamStrategy) adw_combo_row_get_selected (self->seam_row);
}

void
melt_plan_panel_set_settings (MeltPlanPanel          *self,
                              const MeltPlanSettings *settings)
{
  g_return_if_fail (MELT_IS_PLAN_PANEL (self));
  g_return_if_fail (settings != NULL);

  self->updating_settings = TRUE;
  gtk_adjustment_set_value (self->perimeters_adjustment, settings->perimeters);
  adw_combo_row_set_selected (self->fill_row, settings->fill);
  gtk_adjustment_set_value (self->angle_adjustment, settings->fill_angle_deg);
  gtk_adjustment_set_value (self->angle_step_adjustment, settings->fill_angle_step_deg);
  adw_combo_row_set_selected (self->seam_row, settings->seam);
  self->updating_settings = FALSE;

  melt_plan_panel_inputs_changed (self);
}

gboolean
melt_plan_panel_get_can_plan (MeltPlanPanel *self)
{
  g_return_val_if_fail (MELT_IS_PLAN_PANEL (self), FALSE);

  return melt_plan_panel_compute_can_plan (self);
}

gboolean
melt_plan_panel_get_planning (MeltPlanPanel *self)
{
  g_return_val_if_fail (MELT_IS_PLAN_PANEL (self), FALSE);

  return self->job != NULL;
}

/**
 * melt_plan_panel_get_stale:
 * @self: a #MeltPlanPanel
 *
 * Returns: whether a summary is shown that no longer matches the part, the
 *   process or the settings
 */
gboolean
melt_plan_panel_get_stale (MeltPlanPanel *self)
{
  g_return_val_if_fail (MELT_IS_PLAN_PANEL (self), FALSE);

  return self->toolpath != NULL && self->summary_serial != self->inputs_serial;
}

/**
 * melt_plan_panel_get_toolpath:
 * @self: a #MeltPlanPanel
 *
 * Returns: (transfer none) (nullable): the last plan made
 */
MeltToolpath *
melt_plan_panel_get_toolpath (MeltPlanPanel *self)
{
  g_return_val_if_fail (MELT_IS_PLAN_PANEL (self), NULL);

  return self->toolpath;
}

/**
 * melt_plan_panel_get_summary:
 * @self: a #MeltPlanPanel
 *
 * Returns: (nullable): the figures shown, or %NULL before a plan
 */
const MeltPlanSummary *
melt_plan_panel_get_summary (MeltPlanPanel *self)
{
  g_return_val_if_fail (MELT_IS_PLAN_PANEL (self), NULL);

  return self->toolpath != NULL ? &self->summary : NULL;
}

const MeltPlanReport *
melt_plan_panel_get_report (MeltPlanPanel *self)
{
  g_return_val_if_fail (MELT_IS_PLAN_PANEL (self), NULL);

  return self->toolpath != NULL ? &self->report : NULL;
}

GtkWidget *
melt_plan_panel_get_fits_row (MeltPlanPanel *self)
{
  g_return_val_if_fail (MELT_IS_PLAN_PANEL (self), NULL);

  return GTK_WIDGET (self->fits_row);
}

/* ------------------------------------------------------------------------ */

static void
melt_plan_panel_dispose (GObject *object)
{
  MeltPlanPanel *self = (MeltPlanPanel *)object;

  if (self->job != NULL)
    g_cancellable_cancel (self->job->cancellable);
  g_clear_pointer (&self->job, plan_job_unref);

  if (self->process != NULL)
    g_signal_handlers_disconnect_by_func (self->process, on_process_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), MELT_TYPE_PLAN_PANEL);

  g_clear_object (&self->mesh);
  g_clear_object (&self->process);
  g_clear_object (&self->toolpath);

  G_OBJECT_CLASS (melt_plan_panel_parent_class)->dispose (object);
}

static void
melt_plan_panel_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MeltPlanPanel *self = MELT_PLAN_PANEL (object);

  switch (prop_id)
    {
    case PROP_MESH:
      g_value_set_object (value, self->mesh);
      break;

    case PROP_PROCESS:
      g_value_set_object (value, self->process);
      break;

    case PROP_CAN_PLAN:
      g_value_set_boolean (value, melt_plan_panel_get_can_plan (self));
      break;

    case PROP_PLANNING:
      g_value_set_boolean (value, melt_plan_panel_get_planning (self));
      break;

    case PROP_STALE:
      g_value_set_boolean (value, melt_plan_panel_get_stale (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_plan_panel_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MeltPlanPanel *self = MELT_PLAN_PANEL (object);

  switch (prop_id)
    {
    case PROP_MESH:
      melt_plan_panel_set_mesh (self, g_value_get_object (value));
      break;

    case PROP_PROCESS:
      melt_plan_panel_set_process (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_plan_panel_class_init (MeltPlanPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = melt_plan_panel_dispose;
  object_class->get_property = melt_plan_panel_get_property;
  object_class->set_property = melt_plan_panel_set_property;

  properties[PROP_MESH] =
    g_param_spec_object ("mesh", NULL, NULL,
                         MELT_TYPE_MESH,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROCESS] =
    g_param_spec_object ("process", NULL, NULL,
                         MELT_TYPE_PROCESS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CAN_PLAN] =
    g_param_spec_boolean ("can-plan", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PLANNING] =
    g_param_spec_boolean ("planning", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STALE] =
    g_param_spec_boolean ("stale", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MeltPlanPanel::planned:
   *
   * A plan finished and its summary is shown.
   */
  signals[PLANNED] =
    g_signal_new ("planned",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * MeltPlanPanel::failed:
   * @error: why
   *
   * A plan could not be made (not emitted when it was cancelled).
   */
  signals[FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/meltline/Meltline/melt-plan-panel.ui");
  gtk_widget_class_set_css_name (widget_class, "meltplanpanel");
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, perimeters_adjustment);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, angle_adjustment);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, angle_step_adjustment);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, fill_row);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, seam_row);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, progress_box);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, progress_label);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, progress_percent);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, plan_button);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, hint_label);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, summary_group);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, summary_list);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, layers_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, segments_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, total_time_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, beam_on_time_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, wire_mass_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, energy_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, beam_starts_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, volume_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, fits_row);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, fits_icon);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, fits_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPlanPanel, narrow_row);
  gtk_widget_class_bind_template_callback (widget_class, on_setting_changed_cb);
}

static void
melt_plan_panel_init (MeltPlanPanel *self)
{
  MeltPlanSettings defaults;

  gtk_widget_init_template (GTK_WIDGET (self));

  melt_plan_settings_init (&defaults);
  melt_plan_panel_set_settings (self, &defaults);
  self->inputs_serial = 0;
  melt_plan_panel_update (self);
}

GtkWidget *
melt_plan_panel_new (void)
{
  return g_object_new (MELT_TYPE_PLAN_PANEL, NULL);
}
