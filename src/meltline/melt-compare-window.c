/* melt-compare-window.c: two process parameter sets side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-compare-window"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "melt-compare-window.h"
#include "melt-process-check.h"
#include "melt-process-field.h"
#include "melt-process-preset.h"

/* Values further apart than this, relative to the larger, are highlighted */
#define DIFFERS_FRACTION 0.01

#define MAX_QUANTITIES 64

/* Both value columns have this width in every row and in the header
 * (melt-compare-window.ui), so that they line up */
#define COLUMN_WIDTH 220

typedef struct
{
  MeltProcess        *process;
  gboolean            is_current;
  MeltProcessDerived  derived;
  GPtrArray          *checks;
  GError             *error;
  GtkLabel           *name;
  GtkLabel           *caption;
  GtkMenuButton      *button;
  GtkLabel           *values[MAX_QUANTITIES];
} Side;

struct _MeltCompareWindow
{
  AdwWindow             parent_instance;

  MeltProcess          *current;
  Side                  sides[2];
  GtkWidget            *rows[MAX_QUANTITIES];
  gboolean              differs[MAX_QUANTITIES];
  GtkFileChooserNative *chooser;
  MeltCompareSide       chooser_side;
  guint                 update_source;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkBox               *table_box;
  GtkListBox           *checks_list;
  GtkMenuButton        *left_button;
  GtkMenuButton        *right_button;
  GtkLabel             *left_name;
  GtkLabel             *right_name;
  GtkLabel             *left_caption;
  GtkLabel             *right_caption;
  GtkSizeGroup         *column_size_group;
};

G_DEFINE_FINAL_TYPE (MeltCompareWindow, melt_compare_window, ADW_TYPE_WINDOW)

static GtkWidget *
value_label_new (MeltCompareWindow *self)
{
  GtkWidget *label = gtk_label_new ("—");

  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_size_request (label, COLUMN_WIDTH - 6, -1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_size_group_add_widget (self->column_size_group, label);

  return label;
}

static GtkWidget *
table_row_new (MeltCompareWindow *self,
               const char        *title,
               GtkWidget         *left,
               GtkWidget         *right)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title_label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (title_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_widget_set_hexpand (title_label, TRUE);

  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), left);
  gtk_box_append (GTK_BOX (box), right);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "compare");

  return row;
}

static void
melt_compare_window_build_table (MeltCompareWindow *self)
{
  GtkListBox *lists[MELT_PROCESS_FIELD_N_GROUPS] = { NULL };
  const MeltProcessField *fields;
  guint n_fields;

  g_assert (MELT_IS_COMPARE_WINDOW (self));

  fields = melt_process_field_get_all (&n_fields);
  g_assert (n_fields <= MAX_QUANTITIES);

  for (guint s = 0; s < MELT_PROCESS_FIELD_N_GROUPS; s++)
    {
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *list = gtk_list_box_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), melt_process_field_group_get_title (s));
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, melt_process_field_group_get_title (s),
                                      -1);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
      gtk_box_append (self->table_box, group);
      lists[s] = GTK_LIST_BOX (list);
    }

  for (guint i = 0; i < n_fields; i++)
    {
      GtkWidget *left;
      GtkWidget *right;

      /* An input repeated in the CLI's JSON, not a derived value */
      if (fields[i].flags & MELT_PROCESS_FIELD_FLAG_INPUT)
        continue;

      left = value_label_new (self);
      right = value_label_new (self);
      self->rows[i] = table_row_new (self, melt_process_field_get_title (&fields[i]), left, right);
      self->sides[MELT_COMPARE_LEFT].values[i] = GTK_LABEL (left);
      self->sides[MELT_COMPARE_RIGHT].values[i] = GTK_LABEL (right);
      gtk_list_box_append (lists[fields[i].group], self->rows[i]);
    }
}

/* ------------------------------------------------------------------------ */

static GtkWidget *
check_cell_new (MeltCompareWindow      *self,
                const MeltProcessCheck *check)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon;
  GtkWidget *label;
  const char *style;

  gtk_size_group_add_widget (self->column_size_group, box);
  gtk_widget_set_halign (box, GTK_ALIGN_FILL);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_size_request (box, COLUMN_WIDTH - 6, -1);

  if (check == NULL)
    {
      label = gtk_label_new (_("Passes"));
      icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
      style = "success";
    }
  else
    {
      gboolean is_error = check->severity == MELT_CHECK_ERROR;

      label = gtk_label_new (is_error ? _("Error") : _("Warning"));
      icon = gtk_image_new_from_icon_name (is_error ? "dialog-error-symbolic" : "dialog-warning-symbolic");
      style = is_error ? "error" : "warning";
      gtk_widget_set_tooltip_text (box, check->message);
    }

  gtk_widget_add_css_class (icon, style);
  gtk_widget_set_hexpand (icon, TRUE);
  gtk_widget_set_halign (icon, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);

  return box;
}

static const MeltProcessCheck *
find_check (GPtrArray  *checks,
            const char *code)
{
  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      const MeltProcessCheck *check = g_ptr_array_index (checks, i);

      if (g_str_equal (check->code, code))
        return check;
    }

  return NULL;
}

static char *
checks_summary (Side *side)
{
  guint errors = 0;
  guint warnings = 0;
  g_autofree char *errors_text = NULL;
  g_autofree char *warnings_text = NULL;

  if (side->error != NULL)
    return g_strdup (_("Not evaluated"));

  for (guint i = 0; side->checks != NULL && i < side->checks->len; i++)
    {
      const MeltProcessCheck *check = g_ptr_array_index (side->checks, i);

      if (check->severity == MELT_CHECK_ERROR)
        errors++;
      else
        warnings++;
    }

  if (errors == 0 && warnings == 0)
    return g_strdup (_("Inside the window"));

  errors_text = g_strdup_printf (ngettext ("%u error", "%u errors", errors), errors);
  warnings_text = g_strdup_printf (ngettext ("%u warning", "%u warnings", warnings), warnings);

  if (warnings == 0)
    return g_steal_pointer (&errors_text);
  if (errors == 0)
    return g_steal_pointer (&warnings_text);

  /* Translators: how many checks failed, e.g. “1 error, 2 warnings” */
  return g_strdup_printf (_("%s, %s"), errors_text, warnings_text);
}

static void
melt_compare_window_show_checks (MeltCompareWindow *self)
{
  const char * const *codes = melt_process_check_list_codes ();
  GtkWidget *child;
  GtkWidget *cells[2];

  g_assert (MELT_IS_COMPARE_WINDOW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->checks_list))))
    gtk_list_box_remove (self->checks_list, child);

  for (guint s = 0; s < 2; s++)
    {
      g_autofree char *summary = checks_summary (&self->sides[s]);

      cells[s] = value_label_new (self);
      gtk_label_set_label (GTK_LABEL (cells[s]), summary);
      if (self->sides[s].error != NULL)
        gtk_widget_set_tooltip_text (cells[s], self->sides[s].error->message);
    }
  gtk_list_box_append (self->checks_list, table_row_new (self, _("Result"), cells[0], cells[1]));

  /* One row per check that fails on either side, named by its stable code */
  for (guint c = 0; codes != NULL && codes[c] != NULL; c++)
    {
      const MeltProcessCheck *left = find_check (self->sides[MELT_COMPARE_LEFT].checks, codes[c]);
      const MeltProcessCheck *right = find_check (self->sides[MELT_COMPARE_RIGHT].checks, codes[c]);

      if (left == NULL && right == NULL)
        continue;

      gtk_list_box_append (self->checks_list,
                           table_row_new (self, codes[c],
                                          check_cell_new (self, left),
                                          check_cell_new (self, right)));
    }
}

static void
melt_compare_window_show_side (MeltCompareWindow *self,
                               MeltCompareSide    which)
{
  Side *side = &self->sides[which];
  const char *name;
  MeltMaterial *material;
  g_autofree char *caption = NULL;

  g_assert (MELT_IS_COMPARE_WINDOW (self));

  name = melt_process_get_name (side->process);
  if (name == NULL || name[0] == '\0')
    name = _("Untitled Parameter Set");
  gtk_label_set_label (side->name, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (side->name), name);

  material = melt_material_lookup (melt_process_get_material (side->process));
  /* Translators: under a set's name: its process, then its material */
  caption = g_strdup_printf (_("%s, %s"),
                             melt_enum_get_display_name (MELT_TYPE_PROCESS_KIND,
                                                         melt_process_get_kind (side->process)),
                             material ? melt_material_get_name (material)
                                      : melt_process_get_material (side->process));
  if (side->is_current)
    {
      g_autofree char *kind_material = g_steal_pointer (&caption);

      /* Translators: under the name of the set edited in the main window */
      caption = g_strdup_printf (_("Current set: %s"), kind_material);
    }
  gtk_label_set_label (side->caption, caption);
  gtk_widget_set_tooltip_text (GTK_WIDGET (side->caption), caption);
}

static gboolean
values_differ (double a,
               double b)
{
  if (!isfinite (a) || !isfinite (b))
    return isfinite (a) != isfinite (b);

  return fabs (a - b) > DIFFERS_FRACTION * MAX (fabs (a), fabs (b));
}

static void
melt_compare_window_update (MeltCompareWindow *self)
{
  const MeltProcessField *fields;
  guint n_fields;

  g_assert (MELT_IS_COMPARE_WINDOW (self));

  g_clear_handle_id (&self->update_source, g_source_remove);

  for (guint s = 0; s < 2; s++)
    {
      Side *side = &self->sides[s];

      g_clear_pointer (&side->checks, g_ptr_array_unref);
      g_clear_error (&side->error);
      memset (&side->derived, 0, sizeof side->derived);

      if (side->process == NULL)
        continue;

      /* The core computes; this window only lays the numbers side by side */
      melt_process_evaluate (side->process, &side->derived, &side->checks, &side->error);
      melt_compare_window_show_side (self, s);
    }

  fields = melt_process_field_get_all (&n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      gboolean applies[2];
      double values[2];

      if (self->rows[i] == NULL)
        continue;

      for (guint s = 0; s < 2; s++)
        {
          Side *side = &self->sides[s];
          g_autofree char *text = NULL;

          applies[s] = side->process != NULL && side->error == NULL &&
                       melt_process_field_applies (&fields[i], melt_process_get_kind (side->process));
          values[s] = applies[s] ? melt_process_field_get_value (&fields[i], &side->derived) : NAN;
          text = applies[s] ? melt_process_field_format (&fields[i], &side->derived) : g_strdup ("—");
          gtk_label_set_label (side->values[i], text);
        }

      /* A value one process does not have is not a difference */
      self->differs[i] = applies[0] && applies[1] && values_differ (values[0], values[1]);
      if (self->differs[i])
        {
          gtk_widget_add_css_class (self->rows[i], "differs");
          gtk_widget_set_tooltip_text (self->rows[i], _("The two values differ by more than 1 %"));
        }
      else
        {
          gtk_widget_remove_css_class (self->rows[i], "differs");
          gtk_widget_set_tooltip_text (self->rows[i], NULL);
        }
    }

  melt_compare_window_show_checks (self);
}

static gboolean
update_idle_cb (gpointer user_data)
{
  MeltCompareWindow *self = user_data;

  self->update_source = 0;
  melt_compare_window_update (self);

  return G_SOURCE_REMOVE;
}

static void
on_process_changed_cb (MeltCompareWindow *self,
                       MeltProcess       *process)
{
  g_assert (MELT_IS_COMPARE_WINDOW (self));

  if (self->update_source == 0)
    self->update_source = g_idle_add_full (GTK_PRIORITY_RESIZE - 1, update_idle_cb, self, NULL);
}

/* ------------------------------------------------------------------------ */

static void
melt_compare_window_set_side (MeltCompareWindow *self,
                              MeltCompareSide    which,
                              MeltProcess       *process,
                              gboolean           is_current)
{
  Side *side = &self->sides[which];

  g_assert (MELT_IS_COMPARE_WINDOW (self));
  g_assert (MELT_IS_PROCESS (process));

  if (side->process != NULL)
    g_signal_handlers_disconnect_by_func (side->process, on_process_changed_cb, self);

  g_set_object (&side->process, process);
  side->is_current = is_current;

  /* The current set follows the edits made in the main window */
  if (is_current)
    g_signal_connect_object (process, "changed",
                             G_CALLBACK (on_process_changed_cb), self,
                             G_CONNECT_SWAPPED);

  melt_compare_window_update (self);
}

/* The presets to start from: a laser-wire set and an electron-beam set,
 * of the same material when the presets have such a pair, so that the
 * table shows what the process alone changes */
static void
pick_default_presets (MeltProcess **laser,
                      MeltProcess **ebeam)
{
  g_autoptr(GPtrArray) presets = NULL;
  g_autoptr(GError) error = NULL;

  *laser = NULL;
  *ebeam = NULL;

  presets = melt_process_preset_load_all (&error);
  if (presets == NULL)
    {
      g_debug ("Presets not loaded: %s", error->message);
      return;
    }

  for (guint i = 0; i < presets->len; i++)
    {
      MeltProcess *a = g_ptr_array_index (presets, i);

      if (melt_process_get_kind (a) != MELT_PROCESS_KIND_LASER_WIRE)
        continue;

      for (guint j = 0; j < presets->len; j++)
        {
          MeltProcess *b = g_ptr_array_index (presets, j);

          if (melt_process_get_kind (b) == MELT_PROCESS_KIND_EBEAM_WIRE &&
              g_strcmp0 (melt_process_get_material (a), melt_process_get_material (b)) == 0)
            {
              *laser = g_object_ref (a);
              *ebeam = g_object_ref (b);
              return;
            }
        }
    }

  for (guint i = 0; i < presets->len; i++)
    {
      MeltProcess *process = g_ptr_array_index (presets, i);
      MeltProcess **slot = melt_process_get_kind (process) == MELT_PROCESS_KIND_LASER_WIRE ? laser : ebeam;

      if (*slot == NULL)
        *slot = g_object_ref (process);
    }
}

static void
melt_compare_window_build_menus (MeltCompareWindow *self)
{
  g_autoptr(GPtrArray) ids = melt_process_preset_list_ids ();
  g_autoptr(GPtrArray) presets = melt_process_preset_load_all (NULL);

  g_assert (MELT_IS_COMPARE_WINDOW (self));

  for (guint s = 0; s < 2; s++)
    {
      g_autoptr(GMenu) menu = g_menu_new ();
      g_autoptr(GMenu) current = g_menu_new ();
      g_autoptr(GMenu) preset_section = g_menu_new ();
      g_autoptr(GMenu) file_section = g_menu_new ();
      g_autoptr(GMenuItem) item = NULL;

      if (self->current != NULL)
        {
          item = g_menu_item_new (_("Current Set"), NULL);
          g_menu_item_set_action_and_target_value (item, "compare.current", g_variant_new_uint32 (s));
          g_menu_append_item (current, item);
          g_clear_object (&item);
          g_menu_append_section (menu, NULL, G_MENU_MODEL (current));
        }

      for (guint i = 0; ids != NULL && i < ids->len; i++)
        {
          const char *id = g_ptr_array_index (ids, i);
          const char *name = id;
          GString *label = g_string_new (NULL);

          if (presets != NULL && i < presets->len)
            name = melt_process_get_name (g_ptr_array_index (presets, i));

          for (const char *p = name; *p; p++)
            {
              if (*p == '_')
                g_string_append_c (label, '_');
              g_string_append_c (label, *p);
            }

          item = g_menu_item_new (label->str, NULL);
          g_menu_item_set_action_and_target_value (item, "compare.preset", g_variant_new ("(us)", s, id));
          g_menu_append_item (preset_section, item);
          g_clear_object (&item);
          g_string_free (label, TRUE);
        }
      g_menu_append_section (menu, _("Presets"), G_MENU_MODEL (preset_section));

      item = g_menu_item_new (_("_Open File…"), NULL);
      g_menu_item_set_action_and_target_value (item, "compare.open", g_variant_new_uint32 (s));
      g_menu_append_item (file_section, item);
      g_menu_append_section (menu, NULL, G_MENU_MODEL (file_section));

      gtk_menu_button_set_menu_model (self->sides[s].button, G_MENU_MODEL (menu));
    }
}

static void
melt_compare_window_current_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  MeltCompareWindow *self = MELT_COMPARE_WINDOW (widget);
  guint side = g_variant_get_uint32 (param);

  if (self->current != NULL && side <= MELT_COMPARE_RIGHT)
    melt_compare_window_set_side (self, side, self->current, TRUE);
}

static void
melt_compare_window_preset_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  MeltCompareWindow *self = MELT_COMPARE_WINDOW (widget);
  g_autoptr(MeltProcess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = NULL;
  guint side = 0;

  g_variant_get (param, "(u&s)", &side, &id);
  if (side > MELT_COMPARE_RIGHT)
    return;

  process = melt_process_preset_load (id, &error);
  if (process == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
      return;
    }

  melt_compare_window_set_side (self, side, process, FALSE);
}

static void
on_chooser_response_cb (MeltCompareWindow    *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(MeltProcess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (MELT_IS_COMPARE_WINDOW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);

  if (file == NULL)
    return;

  process = melt_process_load (file, NULL, &error);
  if (process == NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                  _("Could Not Open the Parameter File"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  melt_compare_window_set_side (self, self->chooser_side, process, FALSE);
}

static void
melt_compare_window_open_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  MeltCompareWindow *self = MELT_COMPARE_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  guint side = g_variant_get_uint32 (param);

  if (side > MELT_COMPARE_RIGHT)
    return;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  self->chooser_side = side;
  self->chooser = gtk_file_chooser_native_new (_("Open a Parameter File"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"),
                                               _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Parameter Files"));
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (on_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
melt_compare_window_dispose (GObject *object)
{
  MeltCompareWindow *self = (MeltCompareWindow *)object;

  g_clear_handle_id (&self->update_source, g_source_remove);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  for (guint s = 0; s < 2; s++)
    {
      if (self->sides[s].process != NULL)
        g_signal_handlers_disconnect_by_func (self->sides[s].process, on_process_changed_cb, self);
      g_clear_object (&self->sides[s].process);
      g_clear_pointer (&self->sides[s].checks, g_ptr_array_unref);
      g_clear_error (&self->sides[s].error);
    }
  g_clear_object (&self->current);

  gtk_widget_dispose_template (GTK_WIDGET (self), MELT_TYPE_COMPARE_WINDOW);

  G_OBJECT_CLASS (melt_compare_window_parent_class)->dispose (object);
}

static void
melt_compare_window_class_init (MeltCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = melt_compare_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/meltline/Meltline/melt-compare-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MeltCompareWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MeltCompareWindow, table_box);
  gtk_widget_class_bind_template_child (widget_class, MeltCompareWindow, checks_list);
  gtk_widget_class_bind_template_child (widget_class, MeltCompareWindow, left_button);
  gtk_widget_class_bind_template_child (widget_class, MeltCompareWindow, right_button);
  gtk_widget_class_bind_template_child (widget_class, MeltCompareWindow, left_name);
  gtk_widget_class_bind_template_child (widget_class, MeltCompareWindow, right_name);
  gtk_widget_class_bind_template_child (widget_class, MeltCompareWindow, left_caption);
  gtk_widget_class_bind_template_child (widget_class, MeltCompareWindow, right_caption);
  gtk_widget_class_bind_template_child (widget_class, MeltCompareWindow, column_size_group);

  gtk_widget_class_install_action (widget_class, "compare.current", "u", melt_compare_window_current_action);
  gtk_widget_class_install_action (widget_class, "compare.preset", "(us)", melt_compare_window_preset_action);
  gtk_widget_class_install_action (widget_class, "compare.open", "u", melt_compare_window_open_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
melt_compare_window_init (MeltCompareWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "compare-window");

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->sides[MELT_COMPARE_LEFT].name = self->left_name;
  self->sides[MELT_COMPARE_LEFT].caption = self->left_caption;
  self->sides[MELT_COMPARE_LEFT].button = self->left_button;
  self->sides[MELT_COMPARE_RIGHT].name = self->right_name;
  self->sides[MELT_COMPARE_RIGHT].caption = self->right_caption;
  self->sides[MELT_COMPARE_RIGHT].button = self->right_button;

  melt_compare_window_build_table (self);
}

/**
 * melt_compare_window_new:
 * @current: (nullable): the set edited in the main window, offered as a choice
 *
 * A window with a laser-wire preset on the left and an electron-beam preset
 * on the right, of one material when the presets allow (the core's typical
 * sets when no preset can be read); each
 * side may be changed to another preset, a file, or @current.
 *
 * Returns: (transfer floating): a new #MeltCompareWindow
 */
GtkWidget *
melt_compare_window_new (MeltProcess *current)
{
  MeltCompareWindow *self;
  g_autoptr(MeltProcess) left = NULL;
  g_autoptr(MeltProcess) right = NULL;

  g_return_val_if_fail (!current || MELT_IS_PROCESS (current), NULL);

  self = g_object_new (MELT_TYPE_COMPARE_WINDOW, NULL);
  g_set_object (&self->current, current);
  melt_compare_window_build_menus (self);

  pick_default_presets (&left, &right);
  if (left == NULL)
    left = melt_process_new (MELT_PROCESS_KIND_LASER_WIRE);
  if (right == NULL)
    right = melt_process_new (MELT_PROCESS_KIND_EBEAM_WIRE);

  melt_compare_window_set_side (self, MELT_COMPARE_LEFT, left, FALSE);
  melt_compare_window_set_side (self, MELT_COMPARE_RIGHT, right, FALSE);

  return GTK_WIDGET (self);
}

/**
 * melt_compare_window_get_process:
 * @self: a #MeltCompareWindow
 * @side: which
 *
 * Returns: (transfer none): the set shown on @side
 */
MeltProcess *
melt_compare_window_get_process (MeltCompareWindow *self,
                                 MeltCompareSide    side)
{
  g_return_val_if_fail (MELT_IS_COMPARE_WINDOW (self), NULL);
  g_return_val_if_fail (side <= MELT_COMPARE_RIGHT, NULL);

  return self->sides[side].process;
}

/**
 * melt_compare_window_set_process:
 * @self: a #MeltCompareWindow
 * @side: which
 * @process: the set to show on @side
 *
 * Shows @process on @side; the table follows its changes only when it is
 * the current set given at construction.
 */
void
melt_compare_window_set_process (MeltCompareWindow *self,
                                 MeltCompareSide    side,
                                 MeltProcess       *process)
{
  g_return_if_fail (MELT_IS_COMPARE_WINDOW (self));
  g_return_if_fail (side <= MELT_COMPARE_RIGHT);
  g_return_if_fail (MELT_IS_PROCESS (process));

  melt_compare_window_set_side (self, side, process, process == self->current);
}

/**
 * melt_compare_window_get_derived:
 * @self: a #MeltCompareWindow
 * @side: which
 *
 * Returns: the derived values shown on @side
 */
const MeltProcessDerived *
melt_compare_window_get_derived (MeltCompareWindow *self,
                                 MeltCompareSide    side)
{
  g_return_val_if_fail (MELT_IS_COMPARE_WINDOW (self), NULL);
  g_return_val_if_fail (side <= MELT_COMPARE_RIGHT, NULL);

  return &self->sides[side].derived;
}

/* The row of a derived quantity, or -1 when the window has none */
static int
find_quantity (MeltCompareWindow *self,
               const char        *key)
{
  const MeltProcessField *field = melt_process_field_lookup (key);
  const MeltProcessField *fields;
  guint n_fields;

  if (field == NULL)
    return -1;

  fields = melt_process_field_get_all (&n_fields);

  return self->rows[field - fields] != NULL ? (int)(field - fields) : -1;
}

/**
 * melt_compare_window_get_value_label:
 * @self: a #MeltCompareWindow
 * @side: which
 * @key: a derived quantity (a key of `meltline-cli process --json`)
 *
 * Returns: (transfer none) (nullable): the label showing it
 */
GtkLabel *
melt_compare_window_get_value_label (MeltCompareWindow *self,
                                     MeltCompareSide    side,
                                     const char        *key)
{
  int i;

  g_return_val_if_fail (MELT_IS_COMPARE_WINDOW (self), NULL);
  g_return_val_if_fail (side <= MELT_COMPARE_RIGHT, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  i = find_quantity (self, key);

  return i >= 0 ? self->sides[side].values[i] : NULL;
}

/**
 * melt_compare_window_get_differs:
 * @self: a #MeltCompareWindow
 * @key: a derived quantity
 *
 * Returns: whether its row is highlighted as differing
 */
gboolean
melt_compare_window_get_differs (MeltCompareWindow *self,
                                 const char        *key)
{
  int i;

  g_return_val_if_fail (MELT_IS_COMPARE_WINDOW (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  i = find_quantity (self, key);
  if (i < 0)
    return FALSE;

  g_assert (self->differs[i] == gtk_widget_has_css_class (self->rows[i], "differs"));

  return self->differs[i];
}

/**
 * melt_compare_window_get_n_differing:
 * @self: a #MeltCompareWindow
 *
 * Returns: how many rows are highlighted
 */
guint
melt_compare_window_get_n_differing (MeltCompareWindow *self)
{
  guint n_fields;
  guint n = 0;

  g_return_val_if_fail (MELT_IS_COMPARE_WINDOW (self), 0);

  melt_process_field_get_all (&n_fields);
  for (guint i = 0; i < n_fields; i++)
    n += self->differs[i] ? 1 : 0;

  return n;
}
