/* test-range-slider.c: the two-handled range slider under a real display (Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "melt-range-slider.h"
#include "melt-test-ui.h"

/* ------------------------------------------------------------------------ */
/* Helpers */

/* A macro, so that a failure names the line of the test */
#define assert_selection(slider, first, last) \
  G_STMT_START { \
    g_assert_cmpuint (melt_range_slider_get_first (slider), ==, (first)); \
    g_assert_cmpuint (melt_range_slider_get_last (slider), ==, (last)); \
  } G_STMT_END

/* The handles are the "slider" nodes of the trough, first then last */
static GtkWidget *
get_part (GtkWidget  *slider,
          const char *css_name,
          guint       index)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (slider);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_str_equal (gtk_widget_get_css_name (child), css_name) && n++ == index)
        return child;

      if (g_str_equal (gtk_widget_get_css_name (child), "trough"))
        for (GtkWidget *part = gtk_widget_get_first_child (child);
             part != NULL;
             part = gtk_widget_get_next_sibling (part))
          if (g_str_equal (gtk_widget_get_css_name (part), css_name) && n++ == index)
            return part;
    }

  g_error ("The slider has no %s number %u", css_name, index);
  return NULL;
}

static GtkWidget *
get_handle (GtkWidget *slider,
            guint      index)
{
  return get_part (slider, "slider", index);
}

static GtkWidget *
get_label (GtkWidget *slider,
           guint      index)
{
  return get_part (slider, "label", index);
}

static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *target)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, target, &bounds));

  return bounds;
}

/* The centre of a part of the slider along its axis */
static double
centre_along (GtkWidget *slider,
              GtkWidget *part)
{
  graphene_rect_t bounds = bounds_in (part, slider);

  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (slider)) == GTK_ORIENTATION_VERTICAL)
    return bounds.origin.y + bounds.size.height / 2.0;

  return bounds.origin.x + bounds.size.width / 2.0;
}

/* The centre of the trough across the axis */
static double
centre_across (GtkWidget *slider)
{
  graphene_rect_t bounds = bounds_in (get_part (slider, "trough", 0), slider);

  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (slider)) == GTK_ORIENTATION_VERTICAL)
    return bounds.origin.x + bounds.size.width / 2.0;

  return bounds.origin.y + bounds.size.height / 2.0;
}

static gboolean
count_reached (gpointer data)
{
  guint *counts = data;

  return counts[0] > counts[1];
}

static void
after_paint_cb (GdkFrameClock *clock,
                guint         *counts)
{
  counts[0]++;
}

/* Waits for a frame to be laid out and drawn */
static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint counts[2] = { 0, 0 };
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), counts);
  gtk_widget_queue_draw (widget);
  wait_until (count_reached, counts, "a frame");
  g_signal_handler_disconnect (clock, handler);
}

static GtkWidget *
new_window (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frame (window);

  return window;
}

static gpointer
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }

  g_error ("No %s on the slider", g_type_name (type));
  return NULL;
}

/* Activates the slider's key binding for @accelerator, as a key press would */
static void
press_key (GtkWidget  *slider,
           const char *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (slider);
  guint found = 0;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (!g_str_equal (trigger, accelerator))
            continue;

          g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                       GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                       slider,
                                                       gtk_shortcut_get_arguments (shortcut)));
          found++;
        }
    }

  g_assert_cmpuint (found, ==, 1);
}

static GtkWidget *
get_focus (GtkWidget *widget)
{
  return gtk_root_get_focus (gtk_widget_get_root (widget));
}

typedef struct
{
  guint lower;
  guint upper;
  guint first;
  guint last;
} NotifyCounts;

static void
notify_cb (MeltRangeSlider *slider,
           GParamSpec      *pspec,
           NotifyCounts    *counts)
{
  guint lower = melt_range_slider_get_lower (slider);
  guint upper = melt_range_slider_get_upper (slider);
  guint first = melt_range_slider_get_first (slider);
  guint last = melt_range_slider_get_last (slider);

  /* Whoever listens sees an ordered selection inside the range */
  g_assert_cmpuint (lower, <=, first);
  g_assert_cmpuint (first, <=, last);
  g_assert_cmpuint (last, <=, upper);

  if (g_str_equal (pspec->name, "lower"))
    counts->lower++;
  else if (g_str_equal (pspec->name, "upper"))
    counts->upper++;
  else if (g_str_equal (pspec->name, "first"))
    counts->first++;
  else if (g_str_equal (pspec->name, "last"))
    counts->last++;
}

static void
assert_counts (NotifyCounts *counts,
               guint         lower,
               guint         upper,
               guint         first,
               guint         last)
{
  g_assert_cmpuint (counts->lower, ==, lower);
  g_assert_cmpuint (counts->upper, ==, upper);
  g_assert_cmpuint (counts->first, ==, first);
  g_assert_cmpuint (counts->last, ==, last);
  *counts = (NotifyCounts) { 0 };
}

static char *
format_layer (MeltRangeSlider *slider,
              guint            value,
              gpointer         user_data)
{
  const double *layer_height = user_data;

  g_assert_true (MELT_IS_RANGE_SLIDER (slider));

  return g_strdup_printf ("%u · %.1f mm", value, (value + 1) * *layer_height);
}

static void
count_destroy (gpointer data)
{
  guint *destroyed = data;

  (*destroyed)++;
}

static char *
format_counted (MeltRangeSlider *slider,
                guint            value,
                gpointer         user_data)
{
  return g_strdup_printf ("#%u", value);
}

/* ------------------------------------------------------------------------ */
/* Values */

static void
test_range_slider_clamp (void)
{
  MeltRangeSlider *slider = MELT_RANGE_SLIDER (g_object_ref_sink (melt_range_slider_new (GTK_ORIENTATION_VERTICAL)));
  guint destroyed = 0;
  guint first, last, lower, upper;

  g_assert_cmpuint (melt_range_slider_get_lower (slider), ==, 0);
  g_assert_cmpuint (melt_range_slider_get_upper (slider), ==, 0);
  assert_selection (slider, 0, 0);

  melt_range_slider_set_range (slider, 10, 20);
  assert_selection (slider, 10, 10);

  /* Clamped to the range */
  melt_range_slider_set_first (slider, 5);
  assert_selection (slider, 10, 10);
  melt_range_slider_set_last (slider, 100);
  assert_selection (slider, 10, 20);
  melt_range_slider_set_first (slider, 15);
  assert_selection (slider, 15, 20);
  melt_range_slider_set_first (slider, 25);
  assert_selection (slider, 20, 20);

  /* First above last moves last along, and last below first moves first */
  melt_range_slider_set_selection (slider, 11, 18);
  assert_selection (slider, 11, 18);
  melt_range_slider_set_first (slider, 19);
  assert_selection (slider, 19, 19);
  melt_range_slider_set_last (slider, 12);
  assert_selection (slider, 12, 12);
  melt_range_slider_set_last (slider, 3);
  assert_selection (slider, 10, 10);

  /* A selection upside down is turned over; each end is clamped */
  melt_range_slider_set_selection (slider, 18, 11);
  assert_selection (slider, 11, 18);
  melt_range_slider_set_selection (slider, 0, 1000);
  assert_selection (slider, 10, 20);
  melt_range_slider_set_selection (slider, 1000, 0);
  assert_selection (slider, 10, 20);

  /* A new range clamps the selection */
  melt_range_slider_set_range (slider, 14, 16);
  assert_selection (slider, 14, 16);
  melt_range_slider_set_range (slider, 30, 40);
  assert_selection (slider, 30, 30);
  melt_range_slider_set_range (slider, 0, 5);
  assert_selection (slider, 5, 5);
  melt_range_slider_set_range (slider, 7, 7);
  assert_selection (slider, 7, 7);

  /* Through properties: lower and upper push each other too */
  g_object_set (slider, "upper", 3, NULL);
  g_object_get (slider, "lower", &lower, "upper", &upper, "first", &first, "last", &last, NULL);
  g_assert_cmpuint (lower, ==, 3);
  g_assert_cmpuint (upper, ==, 3);
  g_assert_cmpuint (first, ==, 3);
  g_assert_cmpuint (last, ==, 3);

  g_object_set (slider, "upper", 50, "lower", 8, "last", 40, "first", 45, NULL);
  g_object_get (slider, "lower", &lower, "upper", &upper, "first", &first, "last", &last, NULL);
  g_assert_cmpuint (lower, ==, 8);
  g_assert_cmpuint (upper, ==, 50);
  g_assert_cmpuint (first, ==, 45);
  g_assert_cmpuint (last, ==, 45);

  g_object_set (slider, "lower", 60, NULL);
  assert_selection (slider, 60, 60);
  g_assert_cmpuint (melt_range_slider_get_upper (slider), ==, 60);

  /* GtkOrientable and its style classes */
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (slider)), ==, GTK_ORIENTATION_VERTICAL);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (slider), "vertical"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (slider), "horizontal"));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (slider), GTK_ORIENTATION_HORIZONTAL);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (slider), "horizontal"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (slider), "vertical"));
  g_assert_cmpstr (gtk_widget_get_css_name (GTK_WIDGET (slider)), ==, "scale");

  /* The labels show the values, as they are or formatted */
  melt_range_slider_set_range (slider, 0, 120);
  melt_range_slider_set_selection (slider, 7, 99);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (get_label (GTK_WIDGET (slider), 0))), ==, "7");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (get_label (GTK_WIDGET (slider), 1))), ==, "99");
  g_assert_true (gtk_widget_has_css_class (get_label (GTK_WIDGET (slider), 0), "numeric"));

  melt_range_slider_set_format_func (slider, format_counted, &destroyed, count_destroy);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (get_label (GTK_WIDGET (slider), 0))), ==, "#7");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (get_label (GTK_WIDGET (slider), 1))), ==, "#99");
  g_assert_cmpuint (destroyed, ==, 0);
  melt_range_slider_set_format_func (slider, NULL, NULL, NULL);
  g_assert_cmpuint (destroyed, ==, 1);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (get_label (GTK_WIDGET (slider), 0))), ==, "7");

  /* The last data is freed with the slider */
  melt_range_slider_set_format_func (slider, format_counted, &destroyed, count_destroy);
  g_assert_finalize_object (slider);
  g_assert_cmpuint (destroyed, ==, 2);
}

static void
test_range_slider_notify (void)
{
  MeltRangeSlider *slider = MELT_RANGE_SLIDER (g_object_ref_sink (melt_range_slider_new (GTK_ORIENTATION_VERTICAL)));
  NotifyCounts counts = { 0 };

  g_signal_connect (slider, "notify", G_CALLBACK (notify_cb), &counts);

  melt_range_slider_set_range (slider, 0, 100);
  assert_counts (&counts, 0, 1, 0, 0);
  melt_range_slider_set_range (slider, 0, 100);
  assert_counts (&counts, 0, 0, 0, 0);

  melt_range_slider_set_first (slider, 0);
  assert_counts (&counts, 0, 0, 0, 0);
  /* Last moves along: both change */
  melt_range_slider_set_first (slider, 10);
  assert_counts (&counts, 0, 0, 1, 1);
  melt_range_slider_set_last (slider, 50);
  assert_counts (&counts, 0, 0, 0, 1);
  melt_range_slider_set_last (slider, 50);
  assert_counts (&counts, 0, 0, 0, 0);
  /* Clamped to what it already is */
  melt_range_slider_set_last (slider, 50);
  melt_range_slider_set_selection (slider, 10, 50);
  assert_counts (&counts, 0, 0, 0, 0);

  melt_range_slider_set_selection (slider, 20, 30);
  assert_counts (&counts, 0, 0, 1, 1);
  melt_range_slider_set_selection (slider, 20, 40);
  assert_counts (&counts, 0, 0, 0, 1);
  /* Both move past each other: the handlers see them in order (notify_cb) */
  melt_range_slider_set_selection (slider, 60, 70);
  assert_counts (&counts, 0, 0, 1, 1);
  melt_range_slider_set_selection (slider, 5, 8);
  assert_counts (&counts, 0, 0, 1, 1);

  /* Properties notify only on change too */
  g_object_set (slider, "first", 5, "last", 8, NULL);
  assert_counts (&counts, 0, 0, 0, 0);
  g_object_set (slider, "first", 6, NULL);
  assert_counts (&counts, 0, 0, 1, 0);

  melt_range_slider_set_range (slider, 25, 35);
  assert_counts (&counts, 1, 1, 1, 1);
  melt_range_slider_set_range (slider, 25, 35);
  assert_counts (&counts, 0, 0, 0, 0);
  melt_range_slider_set_first (slider, 1000);
  assert_counts (&counts, 0, 0, 1, 1);
  assert_selection (slider, 35, 35);
  melt_range_slider_set_last (slider, 1000);
  assert_counts (&counts, 0, 0, 0, 0);

  /* Orientation */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (slider), GTK_ORIENTATION_VERTICAL);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (slider), GTK_ORIENTATION_HORIZONTAL);
  assert_counts (&counts, 0, 0, 0, 0);

  /* Keys on a slider nobody focused move the last handle; past the end nothing changes */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (slider), "range.step", "i", 1));
  assert_counts (&counts, 0, 0, 0, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (slider), "range.step", "i", -3));
  assert_counts (&counts, 0, 0, 1, 1);
  assert_selection (slider, 32, 32);

  g_signal_handlers_disconnect_by_func (slider, notify_cb, &counts);
  g_assert_finalize_object (slider);
}

/* ------------------------------------------------------------------------ */
/* Keyboard and scroll wheel */

static void
test_range_slider_keyboard (void)
{
  GtkWidget *slider = melt_range_slider_new (GTK_ORIENTATION_VERTICAL);
  MeltRangeSlider *range = MELT_RANGE_SLIDER (slider);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *before = gtk_button_new_with_label ("Before");
  GtkWidget *after = gtk_button_new_with_label ("After");
  GtkWidget *window;
  GtkEventController *scroll;
  gboolean handled = FALSE;

  melt_range_slider_set_range (range, 0, 100);
  melt_range_slider_set_selection (range, 20, 30);
  gtk_widget_set_size_request (slider, -1, 300);
  gtk_box_append (GTK_BOX (box), before);
  gtk_box_append (GTK_BOX (box), slider);
  gtk_box_append (GTK_BOX (box), after);
  window = new_window (box);

  /* Tab: the button before, the first handle, the last, the button after */
  g_assert_true (gtk_widget_grab_focus (before));
  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD));
  g_assert_true (get_focus (slider) == get_handle (slider, 0));
  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD));
  g_assert_true (get_focus (slider) == get_handle (slider, 1));
  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD));
  g_assert_true (get_focus (slider) == after);
  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_BACKWARD));
  g_assert_true (get_focus (slider) == get_handle (slider, 1));
  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_BACKWARD));
  g_assert_true (get_focus (slider) == get_handle (slider, 0));
  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_BACKWARD));
  g_assert_true (get_focus (slider) == before);

  /* Focusing the slider focuses its first handle; Tab goes on to the last */
  g_assert_true (gtk_widget_grab_focus (slider));
  g_assert_true (get_focus (slider) == get_handle (slider, 0));

  g_assert_true (gtk_widget_activate_action (slider, "range.step", "i", 1));
  assert_selection (range, 21, 30);
  g_assert_true (gtk_widget_activate_action (slider, "range.step", "i", -5));
  assert_selection (range, 16, 30);
  press_key (slider, "Up");
  assert_selection (range, 17, 30);
  press_key (slider, "Down");
  press_key (slider, "Down");
  assert_selection (range, 15, 30);
  press_key (slider, "Page_Up");
  assert_selection (range, 25, 30);
  /* The first handle pushes the last ahead of it */
  press_key (slider, "Page_Up");
  assert_selection (range, 35, 35);
  press_key (slider, "Page_Down");
  assert_selection (range, 25, 35);

  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD));
  g_assert_true (get_focus (slider) == get_handle (slider, 1));
  press_key (slider, "Up");
  assert_selection (range, 25, 36);
  press_key (slider, "KP_Up");
  assert_selection (range, 25, 37);
  press_key (slider, "Right");
  press_key (slider, "Left");
  press_key (slider, "Left");
  assert_selection (range, 25, 36);
  press_key (slider, "End");
  assert_selection (range, 25, 100);

  /* Shift moves both, keeping the span, and stops at the ends */
  press_key (slider, "<Shift>Down");
  assert_selection (range, 24, 99);
  press_key (slider, "<Shift>Page_Up");
  assert_selection (range, 25, 100);
  press_key (slider, "<Shift>Home");
  assert_selection (range, 0, 75);
  g_assert_true (gtk_widget_activate_action (slider, "range.step-both", "i", 3));
  assert_selection (range, 3, 78);
  press_key (slider, "<Shift>End");
  assert_selection (range, 25, 100);

  /* Back to the first handle */
  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_BACKWARD));
  g_assert_true (get_focus (slider) == get_handle (slider, 0));
  press_key (slider, "Home");
  assert_selection (range, 0, 100);
  press_key (slider, "End");
  assert_selection (range, 100, 100);
  press_key (slider, "Home");
  assert_selection (range, 0, 100);

  /* The wheel moves the focused handle: up and right towards the upper end */
  scroll = find_controller (slider, GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  g_signal_emit_by_name (scroll, "scroll", 0.0, -1.0, &handled);
  g_assert_true (handled);
  assert_selection (range, 1, 100);
  g_signal_emit_by_name (scroll, "scroll", 0.0, 3.0, &handled);
  assert_selection (range, 0, 100);
  g_signal_emit_by_name (scroll, "scroll", 2.0, 0.0, &handled);
  assert_selection (range, 2, 100);

  /* Focus elsewhere: the wheel moves the last handle */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  g_signal_emit_by_name (scroll, "scroll", 0.0, 1.0, &handled);
  assert_selection (range, 2, 99);

  close_window (window);
}

/* ------------------------------------------------------------------------ */
/* Geometry and pointer */

static void
check_positions (GtkOrientation orientation)
{
  GtkWidget *slider = melt_range_slider_new (orientation);
  MeltRangeSlider *range = MELT_RANGE_SLIDER (slider);
  gboolean vertical = orientation == GTK_ORIENTATION_VERTICAL;
  const guint values[] = { 0, 1, 7, 25, 26, 43, 50 };
  double previous_centre = 0.0;
  GtkWidget *window;
  double previous, step;
  int length;

  melt_range_slider_set_range (range, 0, 50);
  melt_range_slider_set_selection (range, 0, 50);
  gtk_widget_set_size_request (slider, vertical ? -1 : 400, vertical ? 300 : -1);
  window = new_window (slider);

  length = vertical ? gtk_widget_get_height (slider) : gtk_widget_get_width (slider);
  g_assert_cmpint (length, >=, vertical ? 300 - 24 : 400 - 24);

  /* Values to positions: strictly monotonic, inside the trough, and back */
  previous = melt_range_slider_value_to_position (range, 0);
  step = fabs (melt_range_slider_value_to_position (range, 50) - previous) / 50.0;
  g_assert_cmpfloat (step, >, 4.0);
  if (vertical)
    g_assert_cmpfloat (previous, >, length - 20);
  else
    g_assert_cmpfloat (previous, <, 20);

  for (guint v = 0; v <= 50; v++)
    {
      double position = melt_range_slider_value_to_position (range, v);

      if (v > 0 && vertical)
        g_assert_cmpfloat (position, <, previous);
      else if (v > 0)
        g_assert_cmpfloat (position, >, previous);
      previous = position;

      g_assert_cmpfloat (position, >=, 0.0);
      g_assert_cmpfloat (position, <=, length);
      g_assert_cmpuint (melt_range_slider_position_to_value (range, position), ==, v);
      g_assert_cmpuint (melt_range_slider_position_to_value (range, position - 0.4 * step), ==, v);
      g_assert_cmpuint (melt_range_slider_position_to_value (range, position + 0.4 * step), ==, v);
    }

  g_assert_cmpuint (melt_range_slider_position_to_value (range, -1000), ==, vertical ? 50 : 0);
  g_assert_cmpuint (melt_range_slider_position_to_value (range, length + 1000), ==, vertical ? 0 : 50);

  /* The handles are drawn where the values put them, in the same order */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      double centre;

      melt_range_slider_set_selection (range, values[i], 50);
      wait_for_frame (slider);

      centre = centre_along (slider, get_handle (slider, 0));
      g_assert_cmpfloat (fabs (centre - melt_range_slider_value_to_position (range, values[i])), <=, 1.0);
      if (i > 0 && vertical)
        g_assert_cmpfloat (centre, <, previous_centre);
      else if (i > 0)
        g_assert_cmpfloat (centre, >, previous_centre);
      previous_centre = centre;

      melt_range_slider_set_selection (range, 0, values[i]);
      wait_for_frame (slider);
      centre = centre_along (slider, get_handle (slider, 1));
      g_assert_cmpfloat (fabs (centre - melt_range_slider_value_to_position (range, values[i])), <=, 1.0);
    }

  /* The highlight runs from one handle to the other */
  melt_range_slider_set_selection (range, 10, 40);
  wait_for_frame (slider);
  {
    graphene_rect_t highlight = bounds_in (get_part (slider, "highlight", 0), slider);
    double start = vertical ? highlight.origin.y : highlight.origin.x;
    double end = start + (vertical ? highlight.size.height : highlight.size.width);

    g_assert_cmpfloat (fabs (start - melt_range_slider_value_to_position (range, vertical ? 40 : 10)), <=, 1.0);
    g_assert_cmpfloat (fabs (end - melt_range_slider_value_to_position (range, vertical ? 10 : 40)), <=, 1.0);
  }

  /* Labels never overlap, even with both handles on one value, and stay in the window */
  for (guint v = 0; v <= 50; v += 25)
    {
      graphene_rect_t a, b, window_bounds;

      melt_range_slider_set_selection (range, v, v);
      wait_for_frame (slider);
      a = bounds_in (get_label (slider, 0), slider);
      b = bounds_in (get_label (slider, 1), slider);
      g_assert_false (graphene_rect_intersection (&a, &b, NULL));
      /* The first is below or left of the last */
      if (vertical)
        g_assert_cmpfloat (a.origin.y, >, b.origin.y);
      else
        g_assert_cmpfloat (a.origin.x, <, b.origin.x);

      window_bounds = bounds_in (window, slider);
      g_assert_true (graphene_rect_contains_rect (&window_bounds, &a));
      g_assert_true (graphene_rect_contains_rect (&window_bounds, &b));
    }

  close_window (window);
}

static void
test_range_slider_positions (void)
{
  check_positions (GTK_ORIENTATION_VERTICAL);
  check_positions (GTK_ORIENTATION_HORIZONTAL);
}

/* A drag as the gesture reports it, from (x, y) along the slider's axis */
static void
drag_along (GtkWidget *slider,
            double     from,
            double     to)
{
  GtkGesture *gesture = find_controller (slider, GTK_TYPE_GESTURE_DRAG);
  gboolean vertical = gtk_orientable_get_orientation (GTK_ORIENTABLE (slider)) == GTK_ORIENTATION_VERTICAL;
  double across = centre_across (slider);
  double x = vertical ? across : from;
  double y = vertical ? from : across;
  double dx = vertical ? 0 : to - from;
  double dy = vertical ? to - from : 0;

  g_signal_emit_by_name (gesture, "drag-begin", x, y);
  g_signal_emit_by_name (gesture, "drag-update", dx / 2, dy / 2);
  g_signal_emit_by_name (gesture, "drag-update", dx, dy);
  g_signal_emit_by_name (gesture, "drag-end", dx, dy);
  g_assert_false (gtk_widget_get_state_flags (slider) & GTK_STATE_FLAG_ACTIVE);
}

static void
check_drag (GtkOrientation orientation)
{
  GtkWidget *slider = melt_range_slider_new (orientation);
  MeltRangeSlider *range = MELT_RANGE_SLIDER (slider);
  gboolean vertical = orientation == GTK_ORIENTATION_VERTICAL;
  GtkWidget *window;
  double step;

#define AT(v) melt_range_slider_value_to_position (range, (v))

  melt_range_slider_set_range (range, 0, 100);
  melt_range_slider_set_selection (range, 20, 60);
  gtk_widget_set_size_request (slider, vertical ? -1 : 500, vertical ? 400 : -1);
  window = new_window (slider);
  step = fabs (AT (1) - AT (0));
  g_assert_cmpfloat (step, >, 2.0);

  /* The first handle, grabbed off its centre: it does not jump */
  drag_along (slider, AT (20) + 1.6 * step, AT (35) + 1.6 * step);
  assert_selection (range, 35, 60);
  g_assert_true (get_focus (slider) == get_handle (slider, 0));
  drag_along (slider, AT (35) - 1.6 * step, AT (33) - 1.6 * step);
  assert_selection (range, 33, 60);

  /* The last handle: past the end it stops there; below the first it pushes it */
  drag_along (slider, AT (60), vertical ? -1000 : 5000);
  assert_selection (range, 33, 100);
  g_assert_true (get_focus (slider) == get_handle (slider, 1));
  drag_along (slider, AT (100), AT (10));
  assert_selection (range, 10, 10);

  /* The highlight moves both, keeping the span, and stops at the ends */
  melt_range_slider_set_selection (range, 20, 60);
  drag_along (slider, AT (40), AT (50));
  assert_selection (range, 30, 70);
  drag_along (slider, AT (50), AT (50) + (vertical ? -1000 : 1000));
  assert_selection (range, 60, 100);
  drag_along (slider, AT (80), AT (80) + (vertical ? 1000 : -1000));
  assert_selection (range, 0, 40);

  /* A press on the trough brings the nearer handle, which then follows */
  melt_range_slider_set_selection (range, 40, 60);
  drag_along (slider, AT (10), AT (10));
  assert_selection (range, 10, 60);
  g_assert_true (get_focus (slider) == get_handle (slider, 0));
  drag_along (slider, AT (90), AT (80));
  assert_selection (range, 10, 80);
  g_assert_true (get_focus (slider) == get_handle (slider, 1));
  drag_along (slider, AT (3), AT (5));
  assert_selection (range, 5, 80);

  /* So does a click between the handles, on the highlight, that does not move */
  drag_along (slider, AT (30), AT (30));
  assert_selection (range, 30, 80);
  drag_along (slider, AT (70), AT (70));
  assert_selection (range, 30, 70);
  drag_along (slider, AT (45), AT (45));
  assert_selection (range, 45, 70);
  drag_along (slider, AT (62), AT (62));
  assert_selection (range, 45, 62);

  /* Both handles on one value: the direction of the drag picks one */
  melt_range_slider_set_selection (range, 50, 50);
  drag_along (slider, AT (50), AT (55));
  assert_selection (range, 50, 55);
  g_assert_true (get_focus (slider) == get_handle (slider, 1));
  melt_range_slider_set_selection (range, 50, 50);
  drag_along (slider, AT (50), AT (45));
  assert_selection (range, 45, 50);
  g_assert_true (get_focus (slider) == get_handle (slider, 0));

#undef AT

  close_window (window);
}

static void
test_range_slider_drag (void)
{
  check_drag (GTK_ORIENTATION_VERTICAL);
  check_drag (GTK_ORIENTATION_HORIZONTAL);
}

/* ------------------------------------------------------------------------ */
/* On screen */

static void
test_range_slider_show (void)
{
  static const double layer_height = 0.8;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *vertical = melt_range_slider_new (GTK_ORIENTATION_VERTICAL);
  GtkWidget *horizontal = melt_range_slider_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *window;
  GtkWidget *handle;
  graphene_rect_t trough, label;
  gpointer weak = vertical;

  g_object_add_weak_pointer (G_OBJECT (vertical), &weak);

  for (guint i = 0; i < 2; i++)
    {
      MeltRangeSlider *range = MELT_RANGE_SLIDER (i == 0 ? vertical : horizontal);

      melt_range_slider_set_format_func (range, format_layer, (gpointer) &layer_height, NULL);
      melt_range_slider_set_range (range, 0, 249);
      melt_range_slider_set_selection (range, 12, 200);
    }
  gtk_widget_set_vexpand (vertical, TRUE);
  gtk_widget_set_hexpand (horizontal, TRUE);
  gtk_widget_set_valign (horizontal, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), vertical);
  gtk_box_append (GTK_BOX (box), horizontal);

  gtk_widget_set_size_request (vertical, -1, 300);
  gtk_widget_set_size_request (horizontal, 300, -1);
  window = new_window (box);

  g_assert_true (gtk_widget_get_realized (vertical));
  g_assert_true (gtk_widget_get_mapped (horizontal));
  g_assert_cmpint (gtk_widget_get_height (vertical), >, 200);
  g_assert_cmpint (gtk_widget_get_width (horizontal), >, 200);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (get_label (vertical, 0))), ==, "12 · 10.4 mm");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (get_label (vertical, 1))), ==, "200 · 160.8 mm");

  /* Labels beside the trough of the vertical slider, above that of the horizontal one */
  trough = bounds_in (get_part (vertical, "trough", 0), vertical);
  label = bounds_in (get_label (vertical, 1), vertical);
  g_assert_cmpfloat (label.origin.x + label.size.width, <, trough.origin.x);
  trough = bounds_in (get_part (horizontal, "trough", 0), horizontal);
  label = bounds_in (get_label (horizontal, 1), horizontal);
  g_assert_cmpfloat (label.origin.y + label.size.height, <, trough.origin.y);

  /* Right to left: the labels move to the other side */
  gtk_widget_set_direction (vertical, GTK_TEXT_DIR_RTL);
  wait_for_frame (window);
  trough = bounds_in (get_part (vertical, "trough", 0), vertical);
  label = bounds_in (get_label (vertical, 1), vertical);
  g_assert_cmpfloat (label.origin.x, >, trough.origin.x + trough.size.width);

  /* What a screen reader is told */
  gtk_test_accessible_assert_role (vertical, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_property (vertical, GTK_ACCESSIBLE_PROPERTY_LABEL, "Range");
  handle = get_handle (vertical, 0);
  gtk_test_accessible_assert_role (handle, GTK_ACCESSIBLE_ROLE_SLIDER);
  gtk_test_accessible_assert_property (handle, GTK_ACCESSIBLE_PROPERTY_LABEL, "First");
  gtk_test_accessible_assert_property (handle, GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0);
  gtk_test_accessible_assert_property (handle, GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 249.0);
  gtk_test_accessible_assert_property (handle, GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 12.0);
  gtk_test_accessible_assert_property (handle, GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, "12 · 10.4 mm");
  gtk_test_accessible_assert_property (handle, GTK_ACCESSIBLE_PROPERTY_ORIENTATION, GTK_ORIENTATION_VERTICAL);
  handle = get_handle (vertical, 1);
  gtk_test_accessible_assert_property (handle, GTK_ACCESSIBLE_PROPERTY_LABEL, "Last");
  melt_range_slider_set_last (MELT_RANGE_SLIDER (vertical), 100);
  gtk_test_accessible_assert_property (handle, GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 100.0);
  gtk_test_accessible_assert_property (handle, GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, "100 · 80.8 mm");
  melt_range_slider_set_range (MELT_RANGE_SLIDER (vertical), 5, 60);
  gtk_test_accessible_assert_property (handle, GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 5.0);
  gtk_test_accessible_assert_property (handle, GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 60.0);
  gtk_test_accessible_assert_property (handle, GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 60.0);

  /* A focused handle, with the focus shown, and both orientations swapped */
  gtk_window_set_focus_visible (GTK_WINDOW (window), TRUE);
  g_assert_true (gtk_widget_grab_focus (horizontal));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (vertical), GTK_ORIENTATION_HORIZONTAL);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (horizontal), GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_size_request (vertical, 300, -1);
  gtk_widget_set_size_request (horizontal, -1, 300);
  wait_for_frame (window);
  g_assert_cmpint (gtk_widget_get_width (vertical), >, 200);
  g_assert_cmpint (gtk_widget_get_height (horizontal), >, 200);
  trough = bounds_in (get_part (horizontal, "trough", 0), horizontal);
  g_assert_cmpfloat (trough.size.height, ==, gtk_widget_get_height (horizontal));

  close_window (window);
  g_assert_null (weak);
}

int
main (int   argc,
      char *argv[])
{
  if (!melt_test_ui_init (&argc, &argv))
    return 77;

  g_test_add_func ("/ui/range-slider/clamp", test_range_slider_clamp);
  g_test_add_func ("/ui/range-slider/notify", test_range_slider_notify);
  g_test_add_func ("/ui/range-slider/keyboard", test_range_slider_keyboard);
  g_test_add_func ("/ui/range-slider/positions", test_range_slider_positions);
  g_test_add_func ("/ui/range-slider/drag", test_range_slider_drag);
  g_test_add_func ("/ui/range-slider/show", test_range_slider_show);

  return g_test_run ();
}
