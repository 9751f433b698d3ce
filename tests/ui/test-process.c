/* test-process.c: the process panel and the comparison window under a real display (Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "melt-compare-window.h"
#include "melt-process-check.h"
#include "melt-process-derived.h"
#include "melt-process-field.h"
#include "melt-process-panel.h"
#include "melt-process-preset.h"
#include "melt-test-ui.h"
#include "melt-window.h"

static char *scratch_dir;

/* ------------------------------------------------------------------------ */
/* Waiting for the main loop */

typedef struct
{
  MeltProcessPanel *panel;
  guint             after;
} PanelWait;

static gboolean
panel_updated (gpointer data)
{
  PanelWait *wait = data;

  return melt_process_panel_get_serial (wait->panel) > wait->after;
}

/* Waits for the panel to recompute what it shows after a change */
static void
wait_for_panel (MeltProcessPanel *panel,
                guint             after)
{
  PanelWait wait = { panel, after };

  wait_until (panel_updated, &wait, "the process panel to update");
}

static MeltWindow *
new_window (void)
{
  MeltWindow *window = melt_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  spin_briefly ();

  return window;
}

/* ------------------------------------------------------------------------ */
/* Reading numbers back from labels: "105.0 J/mm", "0.581", "1.23 × 10⁻⁵ …" */

static gboolean
parse_shown (const char *text,
             double     *value,
             double     *half_step)
{
  static const char *superscripts[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  const char *dot;
  char *end = NULL;
  guint decimals = 0;
  int exponent = 0;

  *value = g_ascii_strtod (text, &end);
  if (end == text)
    return FALSE;

  dot = memchr (text, '.', end - text);
  if (dot != NULL)
    decimals = end - dot - 1;

  if (g_str_has_prefix (end, " × 10"))
    {
      const char *p = end + strlen (" × 10");
      gboolean negative = g_str_has_prefix (p, "⁻");

      if (negative)
        p += strlen ("⁻");

      for (gboolean found = TRUE; found;)
        {
          found = FALSE;
          for (guint d = 0; d < G_N_ELEMENTS (superscripts); d++)
            if (g_str_has_prefix (p, superscripts[d]))
              {
                exponent = exponent * 10 + d;
                p += strlen (superscripts[d]);
                found = TRUE;
              }
        }
      if (negative)
        exponent = -exponent;
    }

  *value *= pow (10.0, exponent);
  *half_step = 0.5 * pow (10.0, exponent - (int)decimals);

  return TRUE;
}

/* The label shows @expected to the precision it shows */
static void
assert_label_shows (GtkLabel   *label,
                    double      expected,
                    const char *key)
{
  const char *text;
  double shown = 0.0;
  double half_step = 0.0;

  g_assert_nonnull (label);
  text = gtk_label_get_label (label);
  g_assert_true (parse_shown (text, &shown, &half_step));

  if (fabs (shown - expected) > half_step * 1.0001 + 1e-12)
    g_error ("%s: the label shows “%s”, the core computes %.9g", key, text, expected);
}

/* The label shows exactly the core's text for @field, the text
 * `meltline-cli process` prints */
static void
assert_label_is_core_text (GtkLabel                 *label,
                           const MeltProcessField   *field,
                           const MeltProcessDerived *derived)
{
  g_autofree char *expected = melt_process_field_format (field, derived);

  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_label (label), ==, expected);
}

/* Every number `meltline-cli process --json` prints is the one the panel shows:
 * both come from the core's melt_process_derived_to_json_object(), and every
 * label is the core's text for its field. */
static void
assert_panel_matches_core (MeltProcessPanel *panel,
                           MeltProcess      *process)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *effective;
  MeltProcessDerived derived;

  g_assert_true (melt_process_evaluate (process, &derived, &checks, &error));
  g_assert_no_error (error);

  object = melt_process_derived_to_json_object (&derived);
  effective = json_object_get_object_member (object, "effective");
  g_assert_nonnull (effective);

  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;

      if (g_str_equal (key, "effective"))
        continue;

      assert_label_shows (melt_process_panel_get_derived_label (panel, key),
                          json_object_get_double_member (object, key), key);
    }

  /* Every field the panel shows, in the core's words */
  {
    const MeltProcessField *fields;
    guint n_fields;

    fields = melt_process_field_get_all (&n_fields);
    for (guint i = 0; i < n_fields; i++)
      {
        GtkLabel *label = melt_process_panel_get_derived_label (panel, fields[i].key);

        if (fields[i].flags & MELT_PROCESS_FIELD_FLAG_INPUT)
          g_assert_null (label);
        else
          assert_label_is_core_text (label, &fields[i], &derived);
      }
  }

  g_clear_pointer (&members, g_list_free);
  members = json_object_get_members (effective);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;

      /* An input, shown as such in the panel */
      if (g_str_equal (key, "ambient_k"))
        continue;

      assert_label_shows (melt_process_panel_get_derived_label (panel, key),
                          json_object_get_double_member (effective, key), key);
    }
}

/* The check rows of the panel, as "code: message" for each failed check, or
 * the single row saying the set passes */
static GPtrArray *
panel_check_rows (MeltProcessPanel *panel)
{
  GObject *list = gtk_widget_get_template_child (GTK_WIDGET (panel), MELT_TYPE_PROCESS_PANEL, "checks_list");
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (GTK_IS_LIST_BOX (list));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *subtitle;

      if (!ADW_IS_ACTION_ROW (row))
        continue;

      subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
      g_ptr_array_add (rows, g_strdup_printf ("%s: %s", subtitle ? subtitle : "",
                                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))));
    }

  return rows;
}

/* The panel lists exactly the checks the core gives, in its order and words */
static GPtrArray *
assert_checks_match_core (MeltProcessPanel *panel,
                          MeltProcess      *process)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shown = panel_check_rows (panel);
  GPtrArray *checks = NULL;
  MeltProcessDerived derived;

  g_assert_true (melt_process_evaluate (process, &derived, &checks, &error));
  g_assert_no_error (error);

  if (checks->len == 0)
    {
      g_assert_cmpuint (shown->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (shown, 0), ==, ": Inside the process window");
      return checks;
    }

  g_assert_cmpuint (shown->len, ==, checks->len);
  for (guint i = 0; i < checks->len; i++)
    {
      const MeltProcessCheck *check = g_ptr_array_index (checks, i);
      g_autofree char *expected = g_strdup_printf ("%s: %s", check->code, check->message);

      g_test_message ("Check shown: %s", (const char *)g_ptr_array_index (shown, i));
      g_assert_cmpstr (g_ptr_array_index (shown, i), ==, expected);
    }

  return checks;
}

static gboolean
checks_have_code (GPtrArray  *checks,
                  const char *code)
{
  for (guint i = 0; i < checks->len; i++)
    if (g_str_equal (((MeltProcessCheck *)g_ptr_array_index (checks, i))->code, code))
      return TRUE;

  return FALSE;
}

static GtkSpinButton *
panel_spin (MeltProcessPanel *panel,
            MeltProcessParam  param)
{
  GtkWidget *row = melt_process_panel_get_param_row (panel, param);
  GtkWidget *spin;

  g_assert_true (ADW_IS_ACTION_ROW (row));
  spin = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
  g_assert_true (GTK_IS_SPIN_BUTTON (spin));

  return GTK_SPIN_BUTTON (spin);
}

/* What a user does: type a number and press Enter (which updates the button) */
static void
type_into (GtkSpinButton *spin,
           double         value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  gtk_editable_set_text (GTK_EDITABLE (spin), g_ascii_dtostr (text, sizeof text, value));
  gtk_spin_button_update (spin);
}

static const char *
first_preset_of_kind (GPtrArray       *ids,
                      MeltProcessKind  kind)
{
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(MeltProcess) process = melt_process_preset_load (g_ptr_array_index (ids, i), NULL);

      if (process != NULL && melt_process_get_kind (process) == kind)
        return g_ptr_array_index (ids, i);
    }

  return NULL;
}

/* ------------------------------------------------------------------------ */

/* A window with no part edits a process set: the first preset */
static void
test_panel_without_part (void)
{
  g_autoptr(GPtrArray) ids = melt_process_preset_list_ids ();
  g_autoptr(GPtrArray) checks = NULL;
  MeltProcessPanel *panel;
  MeltWindow *window;

  g_assert_cmpuint (ids->len, >, 0);

  window = new_window ();
  panel = melt_window_get_process_panel (window);

  g_assert_cmpstr (melt_window_get_visible_page (window), ==, "welcome");
  g_assert_cmpstr (melt_window_get_side_page (window), ==, "process");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (panel)));
  g_assert_nonnull (melt_window_get_process (window));
  g_assert_null (melt_window_get_process_file (window));

  assert_panel_matches_core (panel, melt_window_get_process (window));
  checks = assert_checks_match_core (panel, melt_window_get_process (window));

  /* Turning the wheel over the long panel scrolls it: no spin button takes
   * the scroll and changes its value on the way */
  for (guint param = 0; param < MELT_PROCESS_N_PARAMS; param++)
    {
      g_autoptr(GListModel) controllers = NULL;
      GtkWidget *row = melt_process_panel_get_param_row (panel, param);
      guint n_scroll = 0;

      if (row == NULL)
        continue;
      controllers = gtk_widget_observe_controllers (GTK_WIDGET (panel_spin (panel, param)));
      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

          if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller))
            {
              n_scroll++;
              g_assert_cmpint (gtk_event_controller_get_propagation_phase (controller), ==,
                               GTK_PHASE_NONE);
            }
        }
      g_assert_cmpuint (n_scroll, >, 0);
    }

  /* The side panel's pages switch */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.side-page", "s", "part"));
  g_assert_cmpstr (melt_window_get_side_page (window), ==, "part");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.side-page", "s", "process"));
  g_assert_cmpstr (melt_window_get_side_page (window), ==, "process");

  close_window (window);
}

/* A preset, an edit of a spin button: heat input and the checks follow, as the core says */
static void
test_panel_reacts_to_edit (void)
{
  g_autoptr(GPtrArray) ids = melt_process_preset_list_ids ();
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) restored = NULL;
  g_autoptr(GPtrArray) ebeam_checks = NULL;
  const char *laser_id;
  MeltProcessPanel *panel;
  MeltProcess *process;
  GtkSpinButton *travel;
  GtkSpinButton *feed;
  MeltWindow *window;
  double speed;
  double heat_before;
  double heat_after;
  double feed_value;
  guint serial;
  guint new_codes = 0;

  laser_id = first_preset_of_kind (ids, MELT_PROCESS_KIND_LASER_WIRE);
  g_assert_nonnull (laser_id);

  window = new_window ();
  panel = melt_window_get_process_panel (window);

  /* Pick a preset from the Presets menu */
  serial = melt_process_panel_get_serial (panel);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.process-preset", "s", laser_id));
  g_assert_cmpuint (melt_process_panel_get_serial (panel), >, serial);
  process = melt_window_get_process (window);
  g_assert_cmpint (melt_process_get_kind (process), ==, MELT_PROCESS_KIND_LASER_WIRE);
  g_assert_null (melt_window_get_process_file (window));
  g_test_message ("Preset: %s", melt_process_get_name (process));

  {
    GObject *label = gtk_widget_get_template_child (GTK_WIDGET (panel), MELT_TYPE_PROCESS_PANEL, "name_label");
    GObject *label_box = gtk_widget_get_template_child (GTK_WIDGET (panel), MELT_TYPE_PROCESS_PANEL, "label_box");
    GObject *preset_label = gtk_widget_get_template_child (GTK_WIDGET (panel), MELT_TYPE_PROCESS_PANEL, "label_label");
    GObject *laser_group = gtk_widget_get_template_child (GTK_WIDGET (panel), MELT_TYPE_PROCESS_PANEL, "laser_group");
    GObject *ebeam_group = gtk_widget_get_template_child (GTK_WIDGET (panel), MELT_TYPE_PROCESS_PANEL, "ebeam_group");

    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, melt_process_get_name (process));
    /* A preset says it is not flight data */
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label_box)));
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (preset_label)), ==, melt_process_preset_get_label ());
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (laser_group)));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (ebeam_group)));
  }

  /* The core knows the set is a shipped preset: the panel says so */
  g_assert_cmpstr (melt_process_get_preset_id (process), ==, laser_id);
  {
    GObject *source_label = gtk_widget_get_template_child (GTK_WIDGET (panel), MELT_TYPE_PROCESS_PANEL, "source_label");

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (source_label)));
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (source_label)), ==, "Shipped preset");
  }

  /* The combo rows list the core's display names, in value order */
  {
    static const char * const combos[] = {
      "kind_row", "profile_row", "step_over_model_row", "gas_row", "deflection_row", "platform_row",
    };
    GType types[G_N_ELEMENTS (combos)] = {
      MELT_TYPE_PROCESS_KIND, MELT_TYPE_BEAD_PROFILE, MELT_TYPE_STEP_OVER_MODEL,
      MELT_TYPE_SHIELDING_GAS, MELT_TYPE_DEFLECTION_PATTERN, MELT_TYPE_PLATFORM,
    };

    for (guint c = 0; c < G_N_ELEMENTS (combos); c++)
      {
        GObject *row = gtk_widget_get_template_child (GTK_WIDGET (panel), MELT_TYPE_PROCESS_PANEL, combos[c]);
        GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
        g_autoptr(GEnumClass) klass = g_type_class_ref (types[c]);

        g_assert_cmpuint (g_list_model_get_n_items (model), ==, klass->n_values);
        for (guint v = 0; v < klass->n_values; v++)
          g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), v), ==,
                           melt_enum_get_display_name (types[c], (int) v));
      }
  }

  assert_panel_matches_core (panel, process);
  before = assert_checks_match_core (panel, process);
  heat_before = melt_process_panel_get_derived (panel)->heat_input_j_mm;

  /* Leaving a spin button without typing keeps the exact value, never the
   * rounded one it shows */
  feed = panel_spin (panel, MELT_PROCESS_PARAM_WIRE_FEED_MM_S);
  feed_value = melt_process_get_double (process, MELT_PROCESS_PARAM_WIRE_FEED_MM_S);
  gtk_spin_button_update (feed);
  g_assert_true (melt_process_get_double (process, MELT_PROCESS_PARAM_WIRE_FEED_MM_S) == feed_value);

  /* Travel four times as fast: the heat input falls to a quarter, the feed
   * ratio to a quarter; the core decides which checks that trips */
  travel = panel_spin (panel, MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S);
  speed = melt_process_get_double (process, MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (travel), speed, 1e-9);

  serial = melt_process_panel_get_serial (panel);
  type_into (travel, speed * 4.0);
  g_assert_cmpfloat_with_epsilon (melt_process_get_double (process, MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S),
                                  speed * 4.0, 1e-9);
  wait_for_panel (panel, serial);

  assert_panel_matches_core (panel, process);
  heat_after = melt_process_panel_get_derived (panel)->heat_input_j_mm;
  g_assert_cmpfloat_with_epsilon (heat_after, heat_before / 4.0, heat_before * 1e-9);
  assert_label_shows (melt_process_panel_get_derived_label (panel, "heat_input_j_mm"),
                      heat_before / 4.0, "heat_input_j_mm");

  after = assert_checks_match_core (panel, process);
  for (guint i = 0; i < after->len; i++)
    {
      const MeltProcessCheck *check = g_ptr_array_index (after, i);

      if (!checks_have_code (before, check->code))
        {
          g_test_message ("Check appeared: %s", check->code);
          new_codes++;
        }
    }
  g_assert_cmpuint (new_codes, >, 0);

  /* Back to the preset's speed: the checks the edit tripped go away */
  serial = melt_process_panel_get_serial (panel);
  type_into (travel, speed);
  wait_for_panel (panel, serial);
  assert_panel_matches_core (panel, process);
  restored = assert_checks_match_core (panel, process);
  g_assert_cmpuint (restored->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    {
      const MeltProcessCheck *check = g_ptr_array_index (after, i);

      g_assert_true (checks_have_code (restored, check->code) == checks_have_code (before, check->code));
    }

  /* The process combo switches the source rows */
  serial = melt_process_panel_get_serial (panel);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (panel),
                                                                           MELT_TYPE_PROCESS_PANEL,
                                                                           "kind_row")),
                              MELT_PROCESS_KIND_EBEAM_WIRE);
  g_assert_cmpint (melt_process_get_kind (process), ==, MELT_PROCESS_KIND_EBEAM_WIRE);
  wait_for_panel (panel, serial);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (panel),
                                                                                    MELT_TYPE_PROCESS_PANEL,
                                                                                    "ebeam_group"))));
  assert_panel_matches_core (panel, process);
  ebeam_checks = assert_checks_match_core (panel, process);

  /* Picking a platform brings its typical gravity and window */
  serial = melt_process_panel_get_serial (panel);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (panel),
                                                                           MELT_TYPE_PROCESS_PANEL,
                                                                           "platform_row")),
                              MELT_PLATFORM_GROUND);
  g_assert_cmpint (melt_process_get_platform (process), ==, MELT_PLATFORM_GROUND);
  g_assert_cmpfloat (melt_process_get_double (process, MELT_PROCESS_PARAM_GRAVITY_G), ==,
                     melt_platform_get_default_gravity_g (MELT_PLATFORM_GROUND));
  wait_for_panel (panel, serial);
  assert_panel_matches_core (panel, process);

  close_window (window);
}

/* Save (atomic, through the core), change, save again, open it back */
static void
test_save_and_open (void)
{
  g_autofree char *path = g_build_filename (scratch_dir, "saved-process.json", NULL);
  g_autofree char *bad_path = g_build_filename (scratch_dir, "bad-process.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltProcess) reread = NULL;
  g_autofree char *saved_json = NULL;
  g_autofree char *loaded_json = NULL;
  MeltProcessPanel *panel;
  MeltProcess *process;
  MeltWindow *window;
  GObject *source_label;
  guint serial;

  window = new_window ();
  panel = melt_window_get_process_panel (window);
  process = melt_window_get_process (window);
  source_label = gtk_widget_get_template_child (GTK_WIDGET (panel), MELT_TYPE_PROCESS_PANEL, "source_label");

  g_assert_true (melt_window_save_process (window, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_query_exists (file, NULL));
  g_assert_true (g_file_equal (melt_window_get_process_file (window), file));
  saved_json = melt_process_to_json (process, NULL);

  /* The panel names the file the set lives in now */
  wait_for_panel (panel, 0);
  spin_briefly ();
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (source_label)), ==, "saved-process.json");

  /* An edit, then Save (Ctrl+S) writes to the same file without asking */
  serial = melt_process_panel_get_serial (panel);
  type_into (panel_spin (panel, MELT_PROCESS_PARAM_WIRE_DIAMETER_MM), 1.2);
  wait_for_panel (panel, serial);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-process", NULL));

  reread = melt_process_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (melt_process_get_double (reread, MELT_PROCESS_PARAM_WIRE_DIAMETER_MM), 1.2, 1e-12);
  g_clear_object (&reread);

  /* Open the first save back over it: every value as saved */
  g_assert_true (g_file_set_contents (path, saved_json, -1, &error));
  g_assert_no_error (error);
  g_assert_true (melt_window_open_process (window, file, &error));
  g_assert_no_error (error);
  g_assert_true (melt_window_get_process (window) != process);
  process = melt_window_get_process (window);
  loaded_json = melt_process_to_json (process, NULL);
  g_assert_cmpstr (loaded_json, ==, saved_json);
  g_assert_true (g_file_equal (melt_window_get_process_file (window), file));
  g_assert_cmpstr (melt_window_get_side_page (window), ==, "process");
  spin_briefly ();
  assert_panel_matches_core (panel, process);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (panel_spin (panel, MELT_PROCESS_PARAM_WIRE_DIAMETER_MM)),
                                  melt_process_get_double (process, MELT_PROCESS_PARAM_WIRE_DIAMETER_MM), 1e-12);

  /* A bad file: the core's error, and the set shown stays */
  g_assert_true (g_file_set_contents (bad_path, "{\"format\": \"meltline-process\", \"format_version\": 99}", -1, &error));
  g_assert_no_error (error);
  g_assert_false (melt_window_open_process (window, bad_file, &error));
  g_assert_true (error != NULL && error->domain == MELT_PROCESS_ERROR);
  g_test_message ("Error: %s", error->message);
  g_assert_true (melt_window_get_process (window) == process);

  close_window (window);
  g_unlink (path);
  g_unlink (bad_path);
}

static gboolean
differ_by_more_than_one_percent (double a,
                                 double b)
{
  return fabs (a - b) > 0.01 * MAX (fabs (a), fabs (b));
}

/* A laser set next to an electron-beam set, the differing rows highlighted */
static void
test_compare (void)
{
  const MeltProcessField *fields;
  MeltCompareWindow *compare;
  MeltProcess *sides[2];
  MeltProcessDerived derived[2];
  g_autoptr(MeltProcess) twin = NULL;
  GList *toplevels;
  MeltWindow *window;
  guint n_fields;
  guint n_shown = 0;
  guint n_differing = 0;

  window = new_window ();

  /* The action opens one */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare-processes", NULL));
  spin_briefly ();
  compare = NULL;
  toplevels = gtk_window_list_toplevels ();
  for (const GList *l = toplevels; l != NULL; l = l->next)
    if (MELT_IS_COMPARE_WINDOW (l->data))
      compare = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (compare);

  sides[0] = melt_compare_window_get_process (compare, MELT_COMPARE_LEFT);
  sides[1] = melt_compare_window_get_process (compare, MELT_COMPARE_RIGHT);
  g_assert_cmpint (melt_process_get_kind (sides[0]), ==, MELT_PROCESS_KIND_LASER_WIRE);
  g_assert_cmpint (melt_process_get_kind (sides[1]), ==, MELT_PROCESS_KIND_EBEAM_WIRE);
  g_test_message ("Left: %s; right: %s", melt_process_get_name (sides[0]), melt_process_get_name (sides[1]));

  for (guint s = 0; s < 2; s++)
    {
      g_autoptr(GPtrArray) checks = NULL;

      g_assert_true (melt_process_evaluate (sides[s], &derived[s], &checks, NULL));
    }

  fields = melt_process_field_get_all (&n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      const char *key = fields[i].key;
      gboolean both = melt_process_field_applies (&fields[i], MELT_PROCESS_KIND_LASER_WIRE) &&
                      melt_process_field_applies (&fields[i], MELT_PROCESS_KIND_EBEAM_WIRE);
      double a = melt_process_field_get_value (&fields[i], &derived[0]);
      double b = melt_process_field_get_value (&fields[i], &derived[1]);

      /* An input the window does not repeat */
      if (fields[i].flags & MELT_PROCESS_FIELD_FLAG_INPUT)
        {
          g_assert_null (melt_compare_window_get_value_label (compare, MELT_COMPARE_LEFT, key));
          continue;
        }
      n_shown++;

      /* The window shows the core's text, as the CLI prints it */
      if (melt_process_field_applies (&fields[i], MELT_PROCESS_KIND_LASER_WIRE))
        assert_label_is_core_text (melt_compare_window_get_value_label (compare, MELT_COMPARE_LEFT, key),
                                   &fields[i], &derived[0]);
      else
        g_assert_cmpstr (gtk_label_get_label (melt_compare_window_get_value_label (compare, MELT_COMPARE_LEFT, key)),
                         ==, "—");
      assert_label_is_core_text (melt_compare_window_get_value_label (compare, MELT_COMPARE_RIGHT, key),
                                 &fields[i], &derived[1]);
      assert_label_shows (melt_compare_window_get_value_label (compare, MELT_COMPARE_RIGHT, key), b, key);

      g_assert_true (melt_compare_window_get_differs (compare, key) ==
                     (both && differ_by_more_than_one_percent (a, b)));
      if (melt_compare_window_get_differs (compare, key))
        {
          g_test_message ("Differs: %s", key);
          n_differing++;
        }
    }
  g_assert_cmpuint (n_differing, >, 0);
  g_assert_cmpuint (melt_compare_window_get_n_differing (compare), ==, n_differing);
  /* One material on both sides: its values are not highlighted */
  if (g_strcmp0 (melt_process_get_material (sides[0]), melt_process_get_material (sides[1])) == 0)
    {
      g_assert_cmpuint (n_differing, <, n_shown);
      g_assert_false (melt_compare_window_get_differs (compare, "liquidus_k"));
    }

  /* The same set on both sides: nothing highlighted */
  twin = melt_process_copy (sides[0]);
  melt_compare_window_set_process (compare, MELT_COMPARE_RIGHT, twin);
  g_assert_cmpuint (melt_compare_window_get_n_differing (compare), ==, 0);

  /* The current set follows the edits made in the main window */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (compare), "compare.current", "u", MELT_COMPARE_LEFT));
  g_assert_true (melt_compare_window_get_process (compare, MELT_COMPARE_LEFT) == melt_window_get_process (window));
  melt_process_set_double (melt_window_get_process (window), MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S,
                           2.0 * melt_process_get_double (melt_window_get_process (window),
                                                          MELT_PROCESS_PARAM_TRAVEL_SPEED_MM_S));
  spin_briefly ();
  g_assert_cmpfloat (melt_compare_window_get_derived (compare, MELT_COMPARE_LEFT)->heat_input_j_mm, ==,
                     melt_process_panel_get_derived (melt_window_get_process_panel (window))->heat_input_j_mm);

  close_window (compare);
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!melt_test_ui_init (&argc, &argv))
    return 77;

  g_test_add_func ("/ui/process/panel-without-part", test_panel_without_part);
  g_test_add_func ("/ui/process/panel-reacts-to-edit", test_panel_reacts_to_edit);
  g_test_add_func ("/ui/process/save-and-open", test_save_and_open);
  g_test_add_func ("/ui/process/compare", test_compare);

  scratch_dir = g_dir_make_tmp ("meltline-ui-process-XXXXXX", NULL);
  g_assert_nonnull (scratch_dir);
  status = g_test_run ();
  g_rmdir (scratch_dir);
  g_free (scratch_dir);

  return status;
}
