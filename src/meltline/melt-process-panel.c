/* melt-process-panel.c: the side panel that edits a process parameter set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-process-panel"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "melt-material.h"
#include "melt-process-check.h"
#include "melt-process-field.h"
#include "melt-process-panel.h"
#include "melt-process-preset.h"

/* The groups of parameter rows in the template */
typedef enum
{
  GROUP_WIRE,
  GROUP_BEAD,
  GROUP_LASER,
  GROUP_EBEAM,
  GROUP_PLATFORM,
  GROUP_LAYER,
  N_GROUPS
} Group;

/* Where each parameter's row goes, in the order shown. How a row edits
 * its parameter (title, unit, range, step, decimals, what 0 means) is
 * the core's: melt_process_param_get_*(). */
typedef struct
{
  MeltProcessParam param;
  Group            group;
} ParamRow;

static const ParamRow param_rows[] = {
  { MELT_PROCESS_PARAM_WIRE_DIAMETER_MM, GROUP_WIRE },
  { MELT_PROCESS_PARAM_WIRE_FEED_MM_S, GROUP_WIRE },
  { MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S, GROUP_WIRE },
  { MELT_PROCESS_PARAM_DEPOSITION_EFFICIENCY, GROUP_WIRE },

  { MELT_PROCESS_PARAM_BEAD_ASPECT_RATIO, GROUP_BEAD },
  { MELT_PROCESS_PARAM_BEAD_WIDTH_MM, GROUP_BEAD },
  { MELT_PROCESS_PARAM_STEP_OVER_MM, GROUP_BEAD },
  { MELT_PROCESS_PARAM_LAYER_HEIGHT_MM, GROUP_BEAD },

  { MELT_PROCESS_PARAM_LASER_POWER_W, GROUP_LASER },
  { MELT_PROCESS_PARAM_LASER_MAX_POWER_W, GROUP_LASER },
  { MELT_PROCESS_PARAM_LASER_ABSORPTIVITY, GROUP_LASER },
  { MELT_PROCESS_PARAM_LASER_SPOT_DIAMETER_MM, GROUP_LASER },
  { MELT_PROCESS_PARAM_LASER_WAVELENGTH_NM, GROUP_LASER },
  { MELT_PROCESS_PARAM_LASER_GAS_FLOW_L_MIN, GROUP_LASER },
  { MELT_PROCESS_PARAM_LASER_CHAMBER_PRESSURE_PA, GROUP_LASER },

  { MELT_PROCESS_PARAM_EBEAM_ACCEL_VOLTAGE_KV, GROUP_EBEAM },
  { MELT_PROCESS_PARAM_EBEAM_BEAM_CURRENT_MA, GROUP_EBEAM },
  { MELT_PROCESS_PARAM_EBEAM_MAX_POWER_W, GROUP_EBEAM },
  { MELT_PROCESS_PARAM_EBEAM_TRANSFER_EFFICIENCY, GROUP_EBEAM },
  { MELT_PROCESS_PARAM_EBEAM_FOCUS_OFFSET_MM, GROUP_EBEAM },
  { MELT_PROCESS_PARAM_EBEAM_DEFLECTION_AMPLITUDE_MM, GROUP_EBEAM },
  { MELT_PROCESS_PARAM_EBEAM_DEFLECTION_FREQUENCY_HZ, GROUP_EBEAM },
  { MELT_PROCESS_PARAM_EBEAM_VACUUM_PA, GROUP_EBEAM },
  { MELT_PROCESS_PARAM_EBEAM_HELIUM_FLOW_SCCM, GROUP_EBEAM },

  { MELT_PROCESS_PARAM_GRAVITY_G, GROUP_PLATFORM },
  { MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S, GROUP_PLATFORM },
  { MELT_PROCESS_PARAM_AMBIENT_K, GROUP_PLATFORM },

  { MELT_PROCESS_PARAM_DWELL_S, GROUP_LAYER },
  { MELT_PROCESS_PARAM_MIN_LAYER_TIME_S, GROUP_LAYER },
  { MELT_PROCESS_PARAM_LAYER_LENGTH_MM, GROUP_LAYER },
};

#define MAX_FIELDS 40

struct _MeltProcessPanel
{
  GtkWidget           parent_instance;

  MeltProcess        *process;
  GPtrArray          *bindings;
  MeltProcessDerived  derived;
  GPtrArray          *checks;
  GPtrArray          *materials;
  guint               update_source;
  guint               serial;

  GtkWidget          *param_widgets[MELT_PROCESS_N_PARAMS];
  GtkAdjustment      *adjustments[MELT_PROCESS_N_PARAMS];
  GtkWidget          *derived_rows[MAX_FIELDS];
  GtkLabel           *derived_labels[MAX_FIELDS];
  AdwPreferencesGroup *groups[N_GROUPS];

  /* Template children */
  GtkWidget          *scroller;
  GtkLabel           *name_label;
  GtkWidget          *label_box;
  GtkLabel           *label_label;
  GtkLabel           *source_label;
  GtkMenuButton      *presets_button;
  GtkListBox         *checks_list;
  GtkBox             *derived_box;
  AdwComboRow        *kind_row;
  AdwComboRow        *material_row;
  AdwExpanderRow     *effective_row;
  AdwPreferencesGroup *wire_group;
  AdwPreferencesGroup *bead_group;
  AdwComboRow        *profile_row;
  AdwComboRow        *step_over_model_row;
  AdwPreferencesGroup *laser_group;
  AdwComboRow        *gas_row;
  AdwPreferencesGroup *ebeam_group;
  AdwComboRow        *deflection_row;
  AdwPreferencesGroup *platform_group;
  AdwComboRow        *platform_row;
  AdwPreferencesGroup *layer_group;
  GtkSizeGroup       *unit_size_group;
};

G_DEFINE_FINAL_TYPE (MeltProcessPanel, melt_process_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROCESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* Spin buttons: what they show and read back */

static char *
spin_text (const ParamRow *row,
           double          value)
{
  MeltProcessParamZero zero = melt_process_param_get_zero_meaning (row->param);
  int decimals = 0;

  if (value == 0.0 && zero != MELT_PROCESS_PARAM_ZERO_VALUE)
    return g_strdup (melt_process_param_zero_get_label (zero));

  melt_process_param_get_step (row->param, NULL, &decimals);
  if (decimals < 0)
    return g_strdup_printf ("%.3g", value);

  return g_strdup_printf ("%.*f", decimals, value);
}

static gboolean
on_spin_output_cb (GtkSpinButton *spin,
                   gpointer       user_data)
{
  const ParamRow *row = user_data;
  g_autofree char *text = spin_text (row, gtk_spin_button_get_value (spin));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}

/* Leaving a spin button re-reads its text: when the text is what the
 * button shows for the current value, keep that value exactly, so that
 * tabbing through the form never rounds the set. */
static int
on_spin_input_cb (GtkSpinButton *spin,
                  double        *new_value,
                  gpointer       user_data)
{
  const ParamRow *row = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  double current = gtk_spin_button_get_value (spin);
  g_autofree char *shown = spin_text (row, current);
  g_autofree char *folded = NULL;
  g_autofree char *zero_folded = NULL;
  char *end = NULL;
  double value;

  if (g_strcmp0 (text, shown) == 0)
    {
      *new_value = current;
      return TRUE;
    }

  if (melt_process_param_get_zero_meaning (row->param) != MELT_PROCESS_PARAM_ZERO_VALUE)
    {
      const char *zero_label =
        melt_process_param_zero_get_label (melt_process_param_get_zero_meaning (row->param));

      folded = g_utf8_casefold (text, -1);
      zero_folded = g_utf8_casefold (zero_label, -1);
      if (g_strcmp0 (g_strstrip (folded), zero_folded) == 0)
        {
          *new_value = 0.0;
          return TRUE;
        }
    }

  value = g_strtod (text, &end);
  if (end == text || !isfinite (value))
    return GTK_INPUT_ERROR;

  while (end != NULL && g_ascii_isspace (*end))
    end++;
  if (end != NULL && *end != '\0')
    return GTK_INPUT_ERROR;

  *new_value = value;
  return TRUE;
}

/* The panel is long and scrolls under the pointer: a wheel turned to scroll
 * it must not change whatever spin button passes below. The value still
 * changes with the buttons, the arrow keys and typing.
 */
static void
spin_button_ignore_scroll (GtkWidget *spin)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (spin);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller))
        gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_NONE);
    }
}

static GtkWidget *
param_row_new (MeltProcessPanel *self,
               const ParamRow   *row)
{
  GtkAdjustment *adjustment;
  GtkWidget *action_row;
  GtkWidget *spin;
  GtkWidget *unit;
  GtkWidget *box;
  double min = 0.0;
  double max = 0.0;
  double step = 1.0;
  int decimals = 0;

  melt_process_param_get_range (row->param, &min, &max);
  melt_process_param_get_step (row->param, &step, &decimals);
  /* 0 means “auto”, “none” or “unlimited” for some: the button must hold it */
  if (melt_process_param_get_zero_meaning (row->param) != MELT_PROCESS_PARAM_ZERO_VALUE)
    min = MIN (min, 0.0);

  adjustment = gtk_adjustment_new (min, min, max, step, step * 10.0, 0.0);
  spin = gtk_spin_button_new (adjustment, step, decimals < 0 ? 6 : decimals);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 6);
  gtk_editable_set_alignment (GTK_EDITABLE (spin), 1.0);
  gtk_spin_button_set_update_policy (GTK_SPIN_BUTTON (spin), GTK_UPDATE_IF_VALID);
  gtk_widget_add_css_class (spin, "numeric");
  spin_button_ignore_scroll (spin);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  melt_process_param_get_title (row->param),
                                  -1);
  g_signal_connect (spin, "output", G_CALLBACK (on_spin_output_cb), (gpointer)row);
  g_signal_connect (spin, "input", G_CALLBACK (on_spin_input_cb), (gpointer)row);

  unit = gtk_label_new (melt_process_param_get_unit (row->param));
  gtk_label_set_xalign (GTK_LABEL (unit), 0.0);
  gtk_widget_add_css_class (unit, "dim-label");
  gtk_size_group_add_widget (self->unit_size_group, unit);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), spin);
  gtk_box_append (GTK_BOX (box), unit);

  action_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row),
                                 melt_process_param_get_title (row->param));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (action_row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (action_row), 2);
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), box);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (action_row), spin);
  /* The key in the parameter file, for engineers who edit those by hand */
  gtk_widget_set_tooltip_text (action_row, melt_process_param_get_json_path (row->param));

  self->adjustments[row->param] = adjustment;
  self->param_widgets[row->param] = action_row;

  return action_row;
}

/* ------------------------------------------------------------------------ */
/* Combo rows <-> enum and material properties */

static gboolean
enum_to_selected (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  g_value_set_uint (to, (guint)g_value_get_enum (from));
  return TRUE;
}

static gboolean
selected_to_enum (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  guint selected = g_value_get_uint (from);
  GEnumClass *klass = g_type_class_peek (G_VALUE_TYPE (to));

  if (selected == GTK_INVALID_LIST_POSITION || klass == NULL ||
      g_enum_get_value (klass, (int)selected) == NULL)
    return FALSE;

  g_value_set_enum (to, (int)selected);
  return TRUE;
}

/* A platform picked by the user brings its typical gravity and
 * microgravity window (the core leaves that to views); a platform read
 * from a file is shown as it is. */
static void
on_platform_selected_cb (MeltProcessPanel *self,
                         GParamSpec       *pspec,
                         AdwComboRow      *row)
{
  guint selected = adw_combo_row_get_selected (row);
  MeltPlatform platform;

  g_assert (MELT_IS_PROCESS_PANEL (self));

  if (self->process == NULL || selected > MELT_PLATFORM_ORBITAL)
    return;

  platform = (MeltPlatform)selected;
  if (platform == melt_process_get_platform (self->process))
    return;

  g_object_freeze_notify (G_OBJECT (self->process));
  melt_process_set_platform (self->process, platform);
  melt_process_set_double (self->process, MELT_PROCESS_PARAM_GRAVITY_G,
                           melt_platform_get_default_gravity_g (platform));
  melt_process_set_double (self->process, MELT_PROCESS_PARAM_MICROGRAVITY_WINDOW_S,
                           melt_platform_get_default_window_s (platform));
  g_object_thaw_notify (G_OBJECT (self->process));
}

static gboolean
material_to_selected (GBinding     *binding,
                      const GValue *from,
                      GValue       *to,
                      gpointer      user_data)
{
  MeltProcessPanel *self = user_data;
  const char *id = g_value_get_string (from);

  for (guint i = 0; i < self->materials->len; i++)
    {
      if (g_strcmp0 (melt_material_get_id (g_ptr_array_index (self->materials, i)), id) == 0)
        {
          g_value_set_uint (to, i);
          return TRUE;
        }
    }

  g_value_set_uint (to, GTK_INVALID_LIST_POSITION);
  return TRUE;
}

static gboolean
selected_to_material (GBinding     *binding,
                      const GValue *from,
                      GValue       *to,
                      gpointer      user_data)
{
  MeltProcessPanel *self = user_data;
  guint selected = g_value_get_uint (from);

  if (selected >= self->materials->len)
    return FALSE;

  g_value_set_string (to, melt_material_get_id (g_ptr_array_index (self->materials, selected)));
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Derived values and checks */

static GtkWidget *
check_row_new (const char *icon_name,
               const char *style_class,
               const char *accessible_label,
               const char *title,
               const char *subtitle)
{
  GtkWidget *row;
  GtkWidget *icon;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "check");

  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_widget_add_css_class (icon, style_class);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

static void
melt_process_panel_show_checks (MeltProcessPanel *self,
                                const GError     *error)
{
  GtkWidget *child;

  g_assert (MELT_IS_PROCESS_PANEL (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->checks_list))))
    gtk_list_box_remove (self->checks_list, child);

  if (error != NULL)
    {
      gtk_list_box_append (self->checks_list,
                           check_row_new ("dialog-error-symbolic", "error", _("Error"),
                                          error->message, NULL));
      return;
    }

  if (self->checks == NULL || self->checks->len == 0)
    {
      gtk_list_box_append (self->checks_list,
                           check_row_new ("emblem-ok-symbolic", "success", _("Passed"),
                                          _("Inside the process window"), NULL));
      return;
    }

  for (guint i = 0; i < self->checks->len; i++)
    {
      const MeltProcessCheck *check = g_ptr_array_index (self->checks, i);
      gboolean is_error = check->severity == MELT_CHECK_ERROR;

      gtk_list_box_append (self->checks_list,
                           check_row_new (is_error ? "dialog-error-symbolic" : "dialog-warning-symbolic",
                                          is_error ? "error" : "warning",
                                          is_error ? _("Error") : _("Warning"),
                                          check->message, check->code));
    }
}

static void
melt_process_panel_show_header (MeltProcessPanel *self)
{
  const char *name;
  const char *label;
  GFile *file;

  g_assert (MELT_IS_PROCESS_PANEL (self));

  name = melt_process_get_name (self->process);
  gtk_label_set_label (self->name_label,
                       name != NULL && name[0] != '\0' ? name : _("Untitled Parameter Set"));

  label = melt_process_get_label (self->process);
  if (g_strcmp0 (label, MELT_PROCESS_PRESET_LABEL) == 0)
    label = melt_process_preset_get_label ();
  gtk_label_set_label (self->label_label, label != NULL ? label : "");
  gtk_widget_set_visible (self->label_box, label != NULL && label[0] != '\0');

  file = melt_process_get_file (self->process);
  /* A set read from the shipped presets, not from a file of the user's */
  if (melt_process_get_preset_id (self->process) != NULL)
    {
      gtk_label_set_label (self->source_label, _("Shipped preset"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->source_label), NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->source_label), TRUE);
    }
  else if (file != NULL)
    {
      g_autofree char *basename = g_file_get_basename (file);
      g_autofree char *display = g_filename_display_name (basename);
      g_autofree char *parse_name = g_file_get_parse_name (file);

      gtk_label_set_label (self->source_label, display);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->source_label), parse_name);
      gtk_widget_set_visible (GTK_WIDGET (self->source_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->source_label), FALSE);
    }
}

static void
melt_process_panel_update (MeltProcessPanel *self)
{
  g_autoptr(GError) error = NULL;
  const MeltProcessField *fields;
  MeltProcessKind kind;
  guint n_fields;
  gboolean ok;

  g_assert (MELT_IS_PROCESS_PANEL (self));

  g_clear_handle_id (&self->update_source, g_source_remove);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  memset (&self->derived, 0, sizeof self->derived);

  if (self->process == NULL)
    {
      gtk_label_set_label (self->name_label, _("No Parameter Set"));
      gtk_widget_set_visible (self->label_box, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->source_label), FALSE);
      gtk_widget_set_sensitive (self->scroller, FALSE);
      melt_process_panel_show_checks (self, NULL);
      self->serial++;
      return;
    }

  gtk_widget_set_sensitive (self->scroller, TRUE);
  melt_process_panel_show_header (self);

  kind = melt_process_get_kind (self->process);
  gtk_widget_set_visible (GTK_WIDGET (self->laser_group), kind == MELT_PROCESS_KIND_LASER_WIRE);
  gtk_widget_set_visible (GTK_WIDGET (self->ebeam_group), kind == MELT_PROCESS_KIND_EBEAM_WIRE);

  /* All the physics is the core's: one call gives the values and the checks */
  ok = melt_process_evaluate (self->process, &self->derived, &self->checks, &error);

  fields = melt_process_field_get_all (&n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *text = NULL;

      if (self->derived_rows[i] == NULL)
        continue;

      gtk_widget_set_visible (self->derived_rows[i], melt_process_field_applies (&fields[i], kind));
      text = ok ? melt_process_field_format (&fields[i], &self->derived) : g_strdup ("—");
      gtk_label_set_label (self->derived_labels[i], text);
    }

  melt_process_panel_show_checks (self, ok ? NULL : error);
  self->serial++;
}

static gboolean
update_idle_cb (gpointer user_data)
{
  MeltProcessPanel *self = user_data;

  g_assert (MELT_IS_PROCESS_PANEL (self));

  self->update_source = 0;
  melt_process_panel_update (self);

  return G_SOURCE_REMOVE;
}

/* Many properties may change in one turn of the main loop (a preset, a
 * platform that sets its gravity): recompute once, before the next frame. */
static void
on_process_changed_cb (MeltProcessPanel *self,
                       gpointer          unused)
{
  g_assert (MELT_IS_PROCESS_PANEL (self));

  if (self->update_source == 0)
    {
      self->update_source = g_idle_add_full (GTK_PRIORITY_RESIZE - 1, update_idle_cb, self, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->update_source),
                                "[meltline] process panel update");
    }
}

static void
melt_process_panel_build_derived (MeltProcessPanel *self)
{
  AdwPreferencesGroup *groups[MELT_PROCESS_FIELD_N_GROUPS] = { NULL };
  const MeltProcessField *fields;
  guint n_fields;

  g_assert (MELT_IS_PROCESS_PANEL (self));

  fields = melt_process_field_get_all (&n_fields);
  g_assert (n_fields <= G_N_ELEMENTS (self->derived_rows));

  /* The material's effective values sit under the material, folded */
  for (guint s = 0; s < MELT_PROCESS_FIELD_GROUP_MATERIAL; s++)
    {
      groups[s] = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (groups[s], melt_process_field_group_get_title (s));
      gtk_box_append (self->derived_box, GTK_WIDGET (groups[s]));
    }

  for (guint i = 0; i < n_fields; i++)
    {
      GtkWidget *row;
      GtkWidget *value;

      /* An input: its spin row shows it */
      if (fields[i].flags & MELT_PROCESS_FIELD_FLAG_INPUT)
        continue;

      row = adw_action_row_new ();
      value = gtk_label_new ("—");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), melt_process_field_get_title (&fields[i]));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_add_css_class (row, "derived");

      gtk_label_set_xalign (GTK_LABEL (value), 1.0);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_widget_add_css_class (value, "numeric");
      gtk_widget_add_css_class (value, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);

      if (fields[i].group == MELT_PROCESS_FIELD_GROUP_MATERIAL)
        adw_expander_row_add_row (self->effective_row, row);
      else
        adw_preferences_group_add (groups[fields[i].group], row);
      self->derived_rows[i] = row;
      self->derived_labels[i] = GTK_LABEL (value);
    }
}

static void
melt_process_panel_build_params (MeltProcessPanel *self)
{
  g_assert (MELT_IS_PROCESS_PANEL (self));

  self->groups[GROUP_WIRE] = self->wire_group;
  self->groups[GROUP_BEAD] = self->bead_group;
  self->groups[GROUP_LASER] = self->laser_group;
  self->groups[GROUP_EBEAM] = self->ebeam_group;
  self->groups[GROUP_PLATFORM] = self->platform_group;
  self->groups[GROUP_LAYER] = self->layer_group;

  for (guint i = 0; i < G_N_ELEMENTS (param_rows); i++)
    adw_preferences_group_add (self->groups[param_rows[i].group],
                               param_row_new (self, &param_rows[i]));
}

/* A combo row lists the values of @type by their core display names, in
 * value order (so that "selected" is the value) */
static void
set_enum_model (AdwComboRow *row,
                GType        type)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *name;

  for (int value = 0; (name = melt_enum_get_display_name (type, value)) != NULL; value++)
    gtk_string_list_append (names, name);

  adw_combo_row_set_model (row, G_LIST_MODEL (names));
}

static void
melt_process_panel_build_combos (MeltProcessPanel *self)
{
  g_assert (MELT_IS_PROCESS_PANEL (self));

  set_enum_model (self->kind_row, MELT_TYPE_PROCESS_KIND);
  set_enum_model (self->profile_row, MELT_TYPE_BEAD_PROFILE);
  set_enum_model (self->step_over_model_row, MELT_TYPE_STEP_OVER_MODEL);
  set_enum_model (self->gas_row, MELT_TYPE_SHIELDING_GAS);
  set_enum_model (self->deflection_row, MELT_TYPE_DEFLECTION_PATTERN);
  set_enum_model (self->platform_row, MELT_TYPE_PLATFORM);
}

static void
melt_process_panel_build_materials (MeltProcessPanel *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_assert (MELT_IS_PROCESS_PANEL (self));

  self->materials = g_ptr_array_ref (melt_material_library_get_default ());
  for (guint i = 0; i < self->materials->len; i++)
    gtk_string_list_append (names, melt_material_get_name (g_ptr_array_index (self->materials, i)));

  adw_combo_row_set_model (self->material_row, G_LIST_MODEL (names));
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
melt_process_panel_build_presets (MeltProcessPanel *self)
{
  g_autoptr(GPtrArray) ids = melt_process_preset_list_ids ();
  g_autoptr(GPtrArray) presets = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMenu) menu = g_menu_new ();

  g_assert (MELT_IS_PROCESS_PANEL (self));

  presets = melt_process_preset_load_all (&error);
  if (presets == NULL)
    g_debug ("Presets not named: %s", error->message);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      const char *name = id;
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (presets != NULL && i < presets->len)
        name = melt_process_get_name (g_ptr_array_index (presets, i));

      label = escape_mnemonic (name != NULL ? name : id);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.process-preset", g_variant_new_string (id));
      g_menu_append_item (menu, item);
    }

  gtk_menu_button_set_menu_model (self->presets_button, G_MENU_MODEL (menu));
  gtk_widget_set_sensitive (GTK_WIDGET (self->presets_button), ids != NULL && ids->len > 0);
}

/* ------------------------------------------------------------------------ */

static void
melt_process_panel_unbind (MeltProcessPanel *self)
{
  g_assert (MELT_IS_PROCESS_PANEL (self));

  for (guint i = 0; i < self->bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (self->bindings, i));
  g_ptr_array_set_size (self->bindings, 0);

  if (self->process != NULL)
    g_signal_handlers_disconnect_by_func (self->process, on_process_changed_cb, self);
}

static void
bind_combo (MeltProcessPanel *self,
            const char       *property,
            AdwComboRow      *row)
{
  GBinding *binding;

  binding = g_object_bind_property_full (self->process, property,
                                         row, "selected",
                                         G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                         enum_to_selected, selected_to_enum,
                                         NULL, NULL);
  g_ptr_array_add (self->bindings, binding);
}

static void
melt_process_panel_bind (MeltProcessPanel *self)
{
  GBinding *binding;

  g_assert (MELT_IS_PROCESS_PANEL (self));
  g_assert (MELT_IS_PROCESS (self->process));

  bind_combo (self, "process", self->kind_row);
  bind_combo (self, "bead-profile", self->profile_row);
  bind_combo (self, "step-over-model", self->step_over_model_row);
  /* One way: picking a platform is handled in on_platform_selected_cb */
  binding = g_object_bind_property_full (self->process, "platform",
                                         self->platform_row, "selected",
                                         G_BINDING_SYNC_CREATE,
                                         enum_to_selected, NULL,
                                         NULL, NULL);
  g_ptr_array_add (self->bindings, binding);
  bind_combo (self, "laser-shielding-gas", self->gas_row);
  bind_combo (self, "ebeam-deflection-pattern", self->deflection_row);

  binding = g_object_bind_property_full (self->process, "material",
                                         self->material_row, "selected",
                                         G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                         material_to_selected, selected_to_material,
                                         self, NULL);
  g_ptr_array_add (self->bindings, binding);

  for (guint i = 0; i < G_N_ELEMENTS (param_rows); i++)
    {
      MeltProcessParam param = param_rows[i].param;

      binding = g_object_bind_property (self->process, melt_process_param_get_property_name (param),
                                        self->adjustments[param], "value",
                                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
      g_ptr_array_add (self->bindings, binding);
    }

  g_signal_connect_object (self->process, "changed",
                           G_CALLBACK (on_process_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* Saving moves the set to a file: not a change of the set, but of the header */
  g_signal_connect_object (self->process, "notify::file",
                           G_CALLBACK (on_process_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
melt_process_panel_dispose (GObject *object)
{
  MeltProcessPanel *self = (MeltProcessPanel *)object;

  g_clear_handle_id (&self->update_source, g_source_remove);
  if (self->bindings != NULL)
    melt_process_panel_unbind (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), MELT_TYPE_PROCESS_PANEL);

  g_clear_object (&self->process);
  g_clear_pointer (&self->bindings, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->materials, g_ptr_array_unref);

  G_OBJECT_CLASS (melt_process_panel_parent_class)->dispose (object);
}

static void
melt_process_panel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MeltProcessPanel *self = MELT_PROCESS_PANEL (object);

  switch (prop_id)
    {
    case PROP_PROCESS:
      g_value_set_object (value, self->process);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_process_panel_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MeltProcessPanel *self = MELT_PROCESS_PANEL (object);

  switch (prop_id)
    {
    case PROP_PROCESS:
      melt_process_panel_set_process (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_process_panel_class_init (MeltProcessPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = melt_process_panel_dispose;
  object_class->get_property = melt_process_panel_get_property;
  object_class->set_property = melt_process_panel_set_property;

  /**
   * MeltProcessPanel:process:
   *
   * The parameter set edited, or %NULL.
   */
  properties[PROP_PROCESS] =
    g_param_spec_object ("process", NULL, NULL,
                         MELT_TYPE_PROCESS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/meltline/Meltline/melt-process-panel.ui");
  gtk_widget_class_set_css_name (widget_class, "meltprocesspanel");
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, name_label);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, label_box);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, label_label);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, source_label);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, presets_button);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, checks_list);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, derived_box);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, kind_row);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, material_row);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, effective_row);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, wire_group);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, bead_group);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, profile_row);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, step_over_model_row);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, laser_group);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, gas_row);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, ebeam_group);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, deflection_row);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, platform_group);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, platform_row);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, layer_group);
  gtk_widget_class_bind_template_child (widget_class, MeltProcessPanel, unit_size_group);
  gtk_widget_class_bind_template_callback (widget_class, on_platform_selected_cb);
}

static void
melt_process_panel_init (MeltProcessPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->bindings = g_ptr_array_new ();

  melt_process_panel_build_derived (self);
  melt_process_panel_build_params (self);
  melt_process_panel_build_combos (self);
  melt_process_panel_build_materials (self);
  melt_process_panel_build_presets (self);
  melt_process_panel_update (self);
}

GtkWidget *
melt_process_panel_new (void)
{
  return g_object_new (MELT_TYPE_PROCESS_PANEL, NULL);
}

/**
 * melt_process_panel_get_process:
 * @self: a #MeltProcessPanel
 *
 * Returns: (transfer none) (nullable): the parameter set edited
 */
MeltProcess *
melt_process_panel_get_process (MeltProcessPanel *self)
{
  g_return_val_if_fail (MELT_IS_PROCESS_PANEL (self), NULL);

  return self->process;
}

/**
 * melt_process_panel_set_process:
 * @self: a #MeltProcessPanel
 * @process: (nullable): the parameter set to edit
 *
 * Edits in the panel go straight to @process; the derived values and the
 * checks follow every change of @process, whoever makes it.
 */
void
melt_process_panel_set_process (MeltProcessPanel *self,
                                MeltProcess      *process)
{
  g_return_if_fail (MELT_IS_PROCESS_PANEL (self));
  g_return_if_fail (!process || MELT_IS_PROCESS (process));

  if (self->process == process)
    return;

  melt_process_panel_unbind (self);
  g_set_object (&self->process, process);
  if (self->process != NULL)
    melt_process_panel_bind (self);

  melt_process_panel_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROCESS]);
}

/**
 * melt_process_panel_get_derived:
 * @self: a #MeltProcessPanel
 *
 * Returns: the derived values shown (all zero without a set)
 */
const MeltProcessDerived *
melt_process_panel_get_derived (MeltProcessPanel *self)
{
  g_return_val_if_fail (MELT_IS_PROCESS_PANEL (self), NULL);

  return &self->derived;
}

/**
 * melt_process_panel_get_checks:
 * @self: a #MeltProcessPanel
 *
 * Returns: (transfer none) (nullable) (element-type MeltProcessCheck): the
 *   checks shown
 */
GPtrArray *
melt_process_panel_get_checks (MeltProcessPanel *self)
{
  g_return_val_if_fail (MELT_IS_PROCESS_PANEL (self), NULL);

  return self->checks;
}

/**
 * melt_process_panel_get_serial:
 * @self: a #MeltProcessPanel
 *
 * Returns: a number that grows each time the panel recomputes what it shows
 */
guint
melt_process_panel_get_serial (MeltProcessPanel *self)
{
  g_return_val_if_fail (MELT_IS_PROCESS_PANEL (self), 0);

  return self->serial;
}

/**
 * melt_process_panel_get_param_row:
 * @self: a #MeltProcessPanel
 * @param: a parameter
 *
 * Returns: (transfer none) (nullable): the row editing @param; its
 *   activatable widget is the spin button
 */
GtkWidget *
melt_process_panel_get_param_row (MeltProcessPanel *self,
                                  MeltProcessParam  param)
{
  g_return_val_if_fail (MELT_IS_PROCESS_PANEL (self), NULL);
  g_return_val_if_fail (param < MELT_PROCESS_N_PARAMS, NULL);

  return self->param_widgets[param];
}

/**
 * melt_process_panel_get_derived_label:
 * @self: a #MeltProcessPanel
 * @key: the key of a derived quantity (as `meltline-cli process --json`)
 *
 * Returns: (transfer none) (nullable): the label showing its value
 */
GtkLabel *
melt_process_panel_get_derived_label (MeltProcessPanel *self,
                                      const char       *key)
{
  const MeltProcessField *fields;
  const MeltProcessField *field;
  guint n_fields;

  g_return_val_if_fail (MELT_IS_PROCESS_PANEL (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  fields = melt_process_field_get_all (&n_fields);
  field = melt_process_field_lookup (key);

  return field != NULL ? self->derived_labels[field - fields] : NULL;
}
