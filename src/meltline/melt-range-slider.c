/* melt-range-slider.c: a slider with two handles that picks a range of integers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-range-slider"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "melt-range-slider.h"

/* The CSS nodes are GtkScale's, so that the theme draws the slider as one:
 *
 *   scale.vertical
 *   ├── trough
 *   │   ├── highlight                 between the two handles
 *   │   ├── highlight.focus-ring      behind the handle that has the keyboard focus
 *   │   ├── slider                    the first handle
 *   │   ╰── slider                    the last handle
 *   ├── label.numeric.caption         the first value, beside its handle
 *   ╰── label.numeric.caption         the last value
 *
 * Each handle takes the keyboard focus itself, but Adwaita only rings the
 * handles of a scale that has the focus, and then all of them: the ring of
 * the focused handle is a "highlight" node drawn behind it, in the accent
 * colour of the theme.
 *
 * Vertical: the lower end is at the bottom and the labels are on the start
 * side (left in left-to-right locales). Horizontal: the lower end is on the
 * left and the labels are above.
 */

/* From the trough to the labels: Adwaita draws a handle 8 px past the
 * trough, and the text keeps 6 px from it */
#define LABEL_GAP        14
/* Between the two labels when the handles are close */
#define LABEL_SPACING    4
/* How far the focus ring reaches out of the handle */
#define FOCUS_RING_WIDTH 2
/* Page Up and Page Down move a handle by this much */
#define PAGE_STEP        10
/* A press on the highlight that moves less than this is a click on the trough */
#define CLICK_SLOP       3.0

/* ------------------------------------------------------------------------ */
/* MeltRangeNode: the trough, the highlight and the handles */

#define MELT_TYPE_RANGE_NODE (melt_range_node_get_type ())

G_DECLARE_FINAL_TYPE (MeltRangeNode, melt_range_node, MELT, RANGE_NODE, GtkWidget)

struct _MeltRangeNode
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (MeltRangeNode, melt_range_node, GTK_TYPE_WIDGET)

static void melt_range_slider_focus_changed (MeltRangeSlider *self);

static void
melt_range_node_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (melt_range_node_parent_class)->dispose (object);
}

static void
melt_range_node_state_flags_changed (GtkWidget     *widget,
                                     GtkStateFlags  previous_state)
{
  GtkStateFlags changed = previous_state ^ gtk_widget_get_state_flags (widget);
  GtkWidget *slider;

  if (GTK_WIDGET_CLASS (melt_range_node_parent_class)->state_flags_changed != NULL)
    GTK_WIDGET_CLASS (melt_range_node_parent_class)->state_flags_changed (widget, previous_state);

  if ((changed & (GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE)) == 0)
    return;

  slider = gtk_widget_get_ancestor (widget, MELT_TYPE_RANGE_SLIDER);
  if (slider != NULL)
    melt_range_slider_focus_changed (MELT_RANGE_SLIDER (slider));
}

static void
melt_range_node_class_init (MeltRangeNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = melt_range_node_dispose;

  widget_class->state_flags_changed = melt_range_node_state_flags_changed;
}

static void
melt_range_node_init (MeltRangeNode *self)
{
}

/* ------------------------------------------------------------------------ */
/* MeltRangeSlider */

typedef enum
{
  HANDLE_FIRST,
  HANDLE_LAST,
  N_HANDLES
} Handle;

typedef enum
{
  DRAG_NONE,
  DRAG_FIRST,
  DRAG_LAST,
  /* Both handles at one value: the direction of the drag picks one */
  DRAG_EITHER,
  /* The highlight: both handles move, keeping the span */
  DRAG_SPAN,
} DragKind;

struct _MeltRangeSlider
{
  GtkWidget                  parent_instance;

  GtkOrientation             orientation;
  guint                      lower;
  guint                      upper;
  guint                      first;
  guint                      last;

  MeltRangeSliderFormatFunc  format_func;
  gpointer                   format_data;
  GDestroyNotify             format_destroy;

  GtkWidget                 *trough;
  GtkWidget                 *highlight;
  GtkWidget                 *focus_ring;
  GtkWidget                 *handles[N_HANDLES];
  GtkWidget                 *labels[N_HANDLES];

  /* The last allocation, along the axis: the trough's length and a handle's */
  int                        length;
  int                        handle_size;
  /* The handle the focus ring is drawn around, or -1 */
  int                        ring_handle;

  /* The drag under way: where it started along the axis, from the grabbed
   * handle's centre to the pointer, and the selection when it started */
  DragKind                   drag;
  double                     drag_start;
  double                     drag_offset;
  guint                      drag_first;
  guint                      drag_last;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (MeltRangeSlider, melt_range_slider, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_ORIENTABLE, NULL))

enum {
  PROP_0,
  PROP_LOWER,
  PROP_UPPER,
  PROP_FIRST,
  PROP_LAST,
  N_PROPS,

  /* GtkOrientable */
  PROP_ORIENTATION = N_PROPS,
};

static GParamSpec *properties[N_PROPS];
static GParamSpec *orientation_pspec;

static gboolean
is_vertical (MeltRangeSlider *self)
{
  return self->orientation == GTK_ORIENTATION_VERTICAL;
}

static guint
handle_value (MeltRangeSlider *self,
              Handle           handle)
{
  return handle == HANDLE_FIRST ? self->first : self->last;
}

static char *
format_value (MeltRangeSlider *self,
              guint            value)
{
  if (self->format_func != NULL)
    {
      char *text = self->format_func (self, value, self->format_data);

      if (text != NULL)
        return text;
    }

  return g_strdup_printf ("%u", value);
}

/* Moves @value by @steps, stopping at @lower and @upper */
static guint
step_value (guint  value,
            gint64 steps,
            guint  lower,
            guint  upper)
{
  gint64 moved = (gint64) value + steps;

  return (guint) CLAMP (moved, (gint64) lower, (gint64) upper);
}

/* ------------------------------------------------------------------------ */
/* From values to positions and back */

static double
value_to_fraction (MeltRangeSlider *self,
                   guint            value)
{
  if (self->upper == self->lower)
    return 0.0;

  return (double) (value - self->lower) / (double) (self->upper - self->lower);
}

static guint
fraction_to_value (MeltRangeSlider *self,
                   double           fraction)
{
  fraction = CLAMP (fraction, 0.0, 1.0);

  return self->lower + (guint) floor (fraction * (self->upper - self->lower) + 0.5);
}

/* A handle's centre travels from half a handle past the lower end of the
 * trough to half a handle before its upper end, as GtkScale's does. */
static double
fraction_to_position (MeltRangeSlider *self,
                      double           fraction)
{
  double travel = MAX (0, self->length - self->handle_size);
  double along = self->handle_size / 2.0 + fraction * travel;

  return is_vertical (self) ? self->length - along : along;
}

/* Not clamped: a drag of the highlight goes on past the ends */
static double
position_to_fraction (MeltRangeSlider *self,
                      double           position)
{
  double travel = self->length - self->handle_size;
  double along = is_vertical (self) ? self->length - position : position;

  if (travel <= 0)
    return 0.0;

  return (along - self->handle_size / 2.0) / travel;
}

/**
 * melt_range_slider_value_to_position:
 * @self: a #MeltRangeSlider
 * @value: a value, clamped to the range
 *
 * Where the centre of a handle at @value is, along the slider's axis in its
 * own coordinates, after the last allocation: the lower end is at the
 * bottom of a vertical slider and on the left of a horizontal one.
 *
 * Returns: the position in pixels
 */
double
melt_range_slider_value_to_position (MeltRangeSlider *self,
                                     guint            value)
{
  g_return_val_if_fail (MELT_IS_RANGE_SLIDER (self), 0.0);

  value = CLAMP (value, self->lower, self->upper);

  return fraction_to_position (self, value_to_fraction (self, value));
}

/**
 * melt_range_slider_position_to_value:
 * @self: a #MeltRangeSlider
 * @position: a position along the slider's axis, in its own coordinates
 *
 * The value a handle centred at @position stands for: the nearest integer,
 * clamped to the range.
 *
 * Returns: the value
 */
guint
melt_range_slider_position_to_value (MeltRangeSlider *self,
                                     double           position)
{
  g_return_val_if_fail (MELT_IS_RANGE_SLIDER (self), 0);

  return fraction_to_value (self, position_to_fraction (self, position));
}

/* ------------------------------------------------------------------------ */
/* What the handles show */

static void
melt_range_slider_queue_layout (MeltRangeSlider *self)
{
  /* The labels follow the handles: both the slider and the trough lay out again */
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_allocate (self->trough);
}

static void
melt_range_slider_update_handles (MeltRangeSlider *self)
{
  g_assert (MELT_IS_RANGE_SLIDER (self));

  for (guint i = 0; i < N_HANDLES; i++)
    {
      guint value = handle_value (self, i);
      g_autofree char *text = format_value (self, value);

      gtk_label_set_label (GTK_LABEL (self->labels[i]), text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->handles[i]),
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, (double) self->lower,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) self->upper,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) value,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                      -1);
    }

  melt_range_slider_queue_layout (self);
}

/* The labels are as wide as the text of the ends of the range, so that the
 * slider does not change size as its handles move. */
static void
melt_range_slider_update_width_chars (MeltRangeSlider *self)
{
  g_autofree char *lower_text = format_value (self, self->lower);
  g_autofree char *upper_text = format_value (self, self->upper);
  int chars = MAX (g_utf8_strlen (lower_text, -1), g_utf8_strlen (upper_text, -1));

  g_assert (MELT_IS_RANGE_SLIDER (self));

  for (guint i = 0; i < N_HANDLES; i++)
    gtk_label_set_width_chars (GTK_LABEL (self->labels[i]), chars);
}

static void
melt_range_slider_update_orientation (MeltRangeSlider *self)
{
  gboolean vertical = is_vertical (self);

  g_assert (MELT_IS_RANGE_SLIDER (self));

  gtk_widget_remove_css_class (GTK_WIDGET (self), vertical ? "horizontal" : "vertical");
  gtk_widget_add_css_class (GTK_WIDGET (self), vertical ? "vertical" : "horizontal");

  for (guint i = 0; i < N_HANDLES; i++)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->handles[i]),
                                      GTK_ACCESSIBLE_PROPERTY_ORIENTATION, self->orientation,
                                      -1);
      /* Beside the trough, the text ends next to it (GtkLabel mirrors this
       * in right-to-left locales); above it, it is centred on its handle. */
      gtk_label_set_xalign (GTK_LABEL (self->labels[i]), vertical ? 1.0f : 0.5f);
    }
}

static void
melt_range_slider_focus_changed (MeltRangeSlider *self)
{
  const GtkStateFlags ring_flags = GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE;
  int ring_handle = -1;

  g_assert (MELT_IS_RANGE_SLIDER (self));

  /* Focus moves while the slider is disposed of */
  if (self->trough == NULL)
    return;

  for (guint i = 0; i < N_HANDLES; i++)
    if ((gtk_widget_get_state_flags (self->handles[i]) & ring_flags) == ring_flags)
      ring_handle = i;

  if (ring_handle == self->ring_handle)
    return;

  self->ring_handle = ring_handle;
  gtk_widget_set_visible (self->focus_ring, ring_handle >= 0);
  gtk_widget_queue_allocate (self->trough);
}

/* Sets a selection already clamped and ordered; returns whether it changed */
static gboolean
melt_range_slider_apply (MeltRangeSlider *self,
                         guint            first,
                         guint            last)
{
  gboolean first_changed = first != self->first;
  gboolean last_changed = last != self->last;

  g_assert (MELT_IS_RANGE_SLIDER (self));
  g_assert (self->lower <= first && first <= last && last <= self->upper);

  if (!first_changed && !last_changed)
    return FALSE;

  self->first = first;
  self->last = last;
  melt_range_slider_update_handles (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (first_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST]);
  if (last_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST]);
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

static void
melt_range_slider_set_orientation (MeltRangeSlider *self,
                                   GtkOrientation   orientation)
{
  g_assert (MELT_IS_RANGE_SLIDER (self));

  if (self->orientation == orientation)
    return;

  self->orientation = orientation;
  melt_range_slider_update_orientation (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), orientation_pspec);
}

/* ------------------------------------------------------------------------ */
/* Keyboard and scroll wheel */

static int
melt_range_slider_get_focused_handle (MeltRangeSlider *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (guint i = 0; i < N_HANDLES; i++)
    if (focus != NULL && focus == self->handles[i])
      return i;

  return -1;
}

/* The handle that the keys and the scroll wheel move: the focused one, else the last */
static Handle
melt_range_slider_get_current_handle (MeltRangeSlider *self)
{
  int focused = melt_range_slider_get_focused_handle (self);

  return focused >= 0 ? (Handle) focused : HANDLE_LAST;
}

static void
melt_range_slider_step (MeltRangeSlider *self,
                        Handle           handle,
                        gint64           steps)
{
  g_assert (MELT_IS_RANGE_SLIDER (self));

  if (handle == HANDLE_FIRST)
    melt_range_slider_set_first (self, step_value (self->first, steps, self->lower, self->upper));
  else
    melt_range_slider_set_last (self, step_value (self->last, steps, self->lower, self->upper));
}

static void
melt_range_slider_step_both (MeltRangeSlider *self,
                             gint64           steps)
{
  guint span = self->last - self->first;
  guint first = step_value (self->first, steps, self->lower, self->upper - span);

  g_assert (MELT_IS_RANGE_SLIDER (self));

  melt_range_slider_set_selection (self, first, first + span);
}

static void
range_step_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MeltRangeSlider *self = MELT_RANGE_SLIDER (widget);

  melt_range_slider_step (self, melt_range_slider_get_current_handle (self),
                          g_variant_get_int32 (parameter));
}

static void
range_step_both_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  melt_range_slider_step_both (MELT_RANGE_SLIDER (widget), g_variant_get_int32 (parameter));
}

static gboolean
melt_range_slider_scroll_cb (MeltRangeSlider          *self,
                             double                    dx,
                             double                    dy,
                             GtkEventControllerScroll *controller)
{
  /* Up and right are towards the upper end */
  gint64 steps = (gint64) round (dx - dy);

  g_assert (MELT_IS_RANGE_SLIDER (self));
  g_assert (GTK_IS_EVENT_CONTROLLER_SCROLL (controller));

  if (steps == 0)
    return FALSE;

  melt_range_slider_step (self, melt_range_slider_get_current_handle (self), steps);

  return TRUE;
}

static gboolean
melt_range_slider_grab_focus (GtkWidget *widget)
{
  MeltRangeSlider *self = MELT_RANGE_SLIDER (widget);

  return gtk_widget_grab_focus (self->handles[HANDLE_FIRST]);
}

/* Tab goes from the first handle to the last, whichever way the slider
 * lies; the arrow keys move the handles, so they only lead into it. */
static gboolean
melt_range_slider_focus (GtkWidget        *widget,
                         GtkDirectionType  direction)
{
  MeltRangeSlider *self = MELT_RANGE_SLIDER (widget);
  int focused = melt_range_slider_get_focused_handle (self);
  int next;

  switch (direction)
    {
    case GTK_DIR_TAB_FORWARD:
      next = focused < 0 ? HANDLE_FIRST : focused + 1;
      break;

    case GTK_DIR_TAB_BACKWARD:
      next = focused < 0 ? HANDLE_LAST : focused - 1;
      break;

    case GTK_DIR_UP:
    case GTK_DIR_DOWN:
    case GTK_DIR_LEFT:
    case GTK_DIR_RIGHT:
    default:
      next = focused < 0 ? HANDLE_FIRST : -1;
      break;
    }

  if (next < 0 || next >= N_HANDLES)
    return FALSE;

  return gtk_widget_grab_focus (self->handles[next]);
}

/* ------------------------------------------------------------------------ */
/* Pointer */

static double
axis_coordinate (MeltRangeSlider *self,
                 double           x,
                 double           y)
{
  return is_vertical (self) ? y : x;
}

static void
melt_range_slider_grab_handle_focus (MeltRangeSlider *self,
                                     Handle           handle)
{
  if (gtk_widget_get_focus_on_click (GTK_WIDGET (self)))
    gtk_widget_grab_focus (self->handles[handle]);
}

/* What a press at (@x, @y) grabs: the handle under it, the highlight
 * between the handles, or else DRAG_NONE: the bare trough.
 *
 * The handles' size, and where they are across the axis, come from the last
 * allocation; where they are along it from their values, which may be newer. */
static DragKind
melt_range_slider_pick (MeltRangeSlider *self,
                        double           x,
                        double           y)
{
  double position = axis_coordinate (self, x, y);
  double across = axis_coordinate (self, y, x);
  double centres[N_HANDLES];
  double nearest = G_MAXDOUBLE;
  double half_size, band_start, band_end;
  graphene_rect_t bounds;
  int hit = -1;

  if (!gtk_widget_compute_bounds (self->handles[HANDLE_FIRST], GTK_WIDGET (self), &bounds))
    return DRAG_NONE;

  half_size = axis_coordinate (self, bounds.size.width, bounds.size.height) / 2.0;
  band_start = axis_coordinate (self, bounds.origin.y, bounds.origin.x);
  band_end = band_start + axis_coordinate (self, bounds.size.height, bounds.size.width);

  if (across < band_start || across > band_end)
    return DRAG_NONE;

  /* Handles overlap when close: the one whose centre is nearer wins */
  for (guint i = 0; i < N_HANDLES; i++)
    {
      double distance;

      centres[i] = melt_range_slider_value_to_position (self, handle_value (self, i));
      distance = fabs (position - centres[i]);

      if (distance <= half_size && distance < nearest)
        {
          hit = i;
          nearest = distance;
        }
    }

  if (hit >= 0)
    {
      if (self->first == self->last)
        return DRAG_EITHER;

      return hit == HANDLE_FIRST ? DRAG_FIRST : DRAG_LAST;
    }

  if (position > MIN (centres[HANDLE_FIRST], centres[HANDLE_LAST]) &&
      position < MAX (centres[HANDLE_FIRST], centres[HANDLE_LAST]))
    return DRAG_SPAN;

  return DRAG_NONE;
}

/* Moves the handle nearer to @position there, and returns it */
static Handle
melt_range_slider_click_trough (MeltRangeSlider *self,
                                double           position)
{
  guint value = melt_range_slider_position_to_value (self, position);
  Handle handle;

  if (value <= self->first)
    handle = HANDLE_FIRST;
  else if (value >= self->last)
    handle = HANDLE_LAST;
  else
    handle = value - self->first <= self->last - value ? HANDLE_FIRST : HANDLE_LAST;

  if (handle == HANDLE_FIRST)
    melt_range_slider_set_first (self, value);
  else
    melt_range_slider_set_last (self, value);

  melt_range_slider_grab_handle_focus (self, handle);

  return handle;
}

static void
melt_range_slider_drag_begin_cb (MeltRangeSlider *self,
                                 double           x,
                                 double           y,
                                 GtkGestureDrag  *gesture)
{
  double position = axis_coordinate (self, x, y);
  DragKind drag;

  g_assert (MELT_IS_RANGE_SLIDER (self));
  g_assert (GTK_IS_GESTURE_DRAG (gesture));

  drag = melt_range_slider_pick (self, x, y);

  self->drag_start = position;
  self->drag_first = self->first;
  self->drag_last = self->last;
  self->drag_offset = 0.0;

  switch (drag)
    {
    case DRAG_FIRST:
    case DRAG_LAST:
    case DRAG_EITHER:
      {
        Handle handle = drag == DRAG_FIRST ? HANDLE_FIRST : HANDLE_LAST;

        /* The handle keeps its place under the pointer rather than jump */
        self->drag_offset = position - melt_range_slider_value_to_position (self, handle_value (self, handle));
        if (drag != DRAG_EITHER)
          melt_range_slider_grab_handle_focus (self, handle);
      }
      break;

    case DRAG_SPAN:
      break;

    case DRAG_NONE:
    default:
      /* A press on the trough brings the nearer handle, to be dragged on */
      drag = melt_range_slider_click_trough (self, position) == HANDLE_FIRST ? DRAG_FIRST : DRAG_LAST;
      break;
    }

  self->drag = drag;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_set_state_flags (GTK_WIDGET (self), GTK_STATE_FLAG_ACTIVE, FALSE);
}

static void
melt_range_slider_drag_update_cb (MeltRangeSlider *self,
                                  double           offset_x,
                                  double           offset_y,
                                  GtkGestureDrag  *gesture)
{
  double position;
  guint value;

  g_assert (MELT_IS_RANGE_SLIDER (self));
  g_assert (GTK_IS_GESTURE_DRAG (gesture));

  position = self->drag_start + axis_coordinate (self, offset_x, offset_y);
  value = melt_range_slider_position_to_value (self, position - self->drag_offset);

  switch (self->drag)
    {
    case DRAG_EITHER:
      /* Until the pointer leaves the value, either handle may be meant */
      if (value == self->first)
        break;

      self->drag = value > self->first ? DRAG_LAST : DRAG_FIRST;
      melt_range_slider_grab_handle_focus (self, self->drag == DRAG_FIRST ? HANDLE_FIRST : HANDLE_LAST);
      melt_range_slider_drag_update_cb (self, offset_x, offset_y, gesture);
      break;

    case DRAG_FIRST:
      melt_range_slider_set_first (self, value);
      break;

    case DRAG_LAST:
      melt_range_slider_set_last (self, value);
      break;

    case DRAG_SPAN:
      {
        double moved = (position_to_fraction (self, position) -
                        position_to_fraction (self, self->drag_start)) * (self->upper - self->lower);
        guint span = MIN (self->drag_last - self->drag_first, self->upper - self->lower);
        guint first = step_value (self->drag_first, (gint64) floor (moved + 0.5),
                                  self->lower, self->upper - span);

        melt_range_slider_set_selection (self, first, first + span);
      }
      break;

    case DRAG_NONE:
    default:
      break;
    }
}

static void
melt_range_slider_end_drag (MeltRangeSlider *self)
{
  g_assert (MELT_IS_RANGE_SLIDER (self));

  self->drag = DRAG_NONE;
  gtk_widget_unset_state_flags (GTK_WIDGET (self), GTK_STATE_FLAG_ACTIVE);
}

static void
melt_range_slider_drag_end_cb (MeltRangeSlider *self,
                               double           offset_x,
                               double           offset_y,
                               GtkGestureDrag  *gesture)
{
  g_assert (GTK_IS_GESTURE_DRAG (gesture));

  /* The highlight is the trough too: pressed and let go, it was clicked */
  if (self->drag == DRAG_SPAN && fabs (axis_coordinate (self, offset_x, offset_y)) < CLICK_SLOP)
    melt_range_slider_click_trough (self, self->drag_start);

  melt_range_slider_end_drag (self);
}

/* A cancelled drag leaves the handles where it took them */
static void
melt_range_slider_drag_cancel_cb (MeltRangeSlider  *self,
                                  GdkEventSequence *sequence,
                                  GtkGesture       *gesture)
{
  g_assert (GTK_IS_GESTURE (gesture));

  melt_range_slider_end_drag (self);
}

/* ------------------------------------------------------------------------ */
/* Layout */

static void
trough_measure (GtkWidget      *trough,
                GtkOrientation  orientation,
                int             for_size,
                int            *minimum,
                int            *natural,
                int            *minimum_baseline,
                int            *natural_baseline)
{
  /* Adwaita gives the trough no size of its own: it is as thick as a handle
   * less its negative margins, as GtkScale's is */
  *minimum = *natural = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (trough);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
}

static void
trough_allocate (GtkWidget *trough,
                 int        width,
                 int        height,
                 int        baseline)
{
  MeltRangeSlider *self = MELT_RANGE_SLIDER (gtk_widget_get_parent (trough));
  gboolean vertical = is_vertical (self);
  int across = vertical ? width : height;
  double centres[N_HANDLES];
  int highlight_min, start, end;
  GtkAllocation rect;

  /* The trough lies at 0 along the axis of the slider: positions are the same */
  for (guint i = 0; i < N_HANDLES; i++)
    {
      int handle_width, handle_height, along;

      gtk_widget_measure (self->handles[i], GTK_ORIENTATION_HORIZONTAL, -1,
                          &handle_width, NULL, NULL, NULL);
      gtk_widget_measure (self->handles[i], GTK_ORIENTATION_VERTICAL, -1,
                          &handle_height, NULL, NULL, NULL);

      centres[i] = melt_range_slider_value_to_position (self, handle_value (self, i));
      along = (int) floor (centres[i] - (vertical ? handle_height : handle_width) / 2.0 + 0.5);

      if (vertical)
        rect = (GtkAllocation) { (across - handle_width) / 2, along, handle_width, handle_height };
      else
        rect = (GtkAllocation) { along, (across - handle_height) / 2, handle_width, handle_height };

      gtk_widget_size_allocate (self->handles[i], &rect, -1);
    }

  /* The highlight spans from one handle's centre to the other's */
  gtk_widget_measure (self->highlight, self->orientation, -1, &highlight_min, NULL, NULL, NULL);
  start = (int) floor (MIN (centres[HANDLE_FIRST], centres[HANDLE_LAST]) + 0.5);
  end = (int) floor (MAX (centres[HANDLE_FIRST], centres[HANDLE_LAST]) + 0.5);
  end = MAX (end, start + highlight_min);

  if (vertical)
    rect = (GtkAllocation) { 0, start, width, end - start };
  else
    rect = (GtkAllocation) { start, 0, end - start, height };

  gtk_widget_size_allocate (self->highlight, &rect, -1);

  /* The focus ring: a circle a little larger than the handle, behind it */
  if (self->ring_handle >= 0 && gtk_widget_should_layout (self->focus_ring))
    {
      graphene_rect_t bounds;
      int ring_min, size;

      if (!gtk_widget_compute_bounds (self->handles[self->ring_handle], trough, &bounds))
        graphene_rect_init (&bounds, 0, 0, 0, 0);

      gtk_widget_measure (self->focus_ring, GTK_ORIENTATION_HORIZONTAL, -1,
                          &ring_min, NULL, NULL, NULL);
      size = (int) ceil (MAX (bounds.size.width, bounds.size.height)) + 2 * FOCUS_RING_WIDTH;
      size = MAX (size, ring_min);

      rect = (GtkAllocation) {
        (int) floor (bounds.origin.x + bounds.size.width / 2.0 - size / 2.0 + 0.5),
        (int) floor (bounds.origin.y + bounds.size.height / 2.0 - size / 2.0 + 0.5),
        size,
        size,
      };
      gtk_widget_size_allocate (self->focus_ring, &rect, -1);
    }
}

static void
measure_labels (MeltRangeSlider *self,
                GtkOrientation   orientation,
                int              for_size,
                int             *minimum,
                int             *natural)
{
  *minimum = *natural = 0;

  for (guint i = 0; i < N_HANDLES; i++)
    {
      int label_min, label_nat;

      gtk_widget_measure (self->labels[i], orientation, for_size, &label_min, &label_nat, NULL, NULL);
      *minimum = MAX (*minimum, label_min);
      *natural = MAX (*natural, label_nat);
    }
}

static void
melt_range_slider_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  MeltRangeSlider *self = MELT_RANGE_SLIDER (widget);
  int trough_min, trough_nat, label_min, label_nat;

  gtk_widget_measure (self->trough, orientation, -1, &trough_min, &trough_nat, NULL, NULL);
  measure_labels (self, orientation, -1, &label_min, &label_nat);

  if (orientation == self->orientation)
    {
      /* Along the axis: room for both labels */
      *minimum = MAX (trough_min, 2 * label_min + LABEL_SPACING);
      *natural = MAX (trough_nat, 2 * label_nat + LABEL_SPACING);
    }
  else
    {
      /* Across: the trough, then the labels beside it */
      *minimum = trough_min + LABEL_GAP + label_min;
      *natural = trough_nat + LABEL_GAP + label_nat;
    }
}

/* Centres each label on its handle, pushes the two apart where they would
 * overlap, and keeps them inside the slider's border box: like GtkScale's
 * value, they may reach into the padding. */
static void
melt_range_slider_allocate_labels (MeltRangeSlider     *self,
                                   int                  width,
                                   int                  height,
                                   const GtkAllocation *trough)
{
  gboolean vertical = is_vertical (self);
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int across_start, across_size;
  int sizes[N_HANDLES];
  double starts[N_HANDLES];
  double low, high, overlap;
  graphene_rect_t box;

  if (vertical)
    {
      across_size = MAX (0, width - trough->width - LABEL_GAP);
      across_start = rtl ? width - across_size : 0;
    }
  else
    {
      int label_min;

      measure_labels (self, GTK_ORIENTATION_VERTICAL, -1, &label_min, &across_size);
      across_start = MAX (0, trough->y - LABEL_GAP - across_size);
    }

  /* Along the axis, measured from the lower end */
  for (guint i = 0; i < N_HANDLES; i++)
    {
      double centre = melt_range_slider_value_to_position (self, handle_value (self, i));
      int label_min;

      gtk_widget_measure (self->labels[i], self->orientation, across_size,
                          &label_min, &sizes[i], NULL, NULL);
      if (vertical)
        centre = self->length - centre;
      starts[i] = centre - sizes[i] / 2.0;
    }

  overlap = starts[HANDLE_FIRST] + sizes[HANDLE_FIRST] + LABEL_SPACING - starts[HANDLE_LAST];
  if (overlap > 0)
    {
      starts[HANDLE_FIRST] -= overlap / 2.0;
      starts[HANDLE_LAST] += overlap / 2.0;
    }

  if (!gtk_widget_compute_bounds (GTK_WIDGET (self), GTK_WIDGET (self), &box))
    graphene_rect_init (&box, 0, 0, width, height);

  if (vertical)
    {
      low = self->length - (box.origin.y + box.size.height);
      high = self->length - box.origin.y;
    }
  else
    {
      low = box.origin.x;
      high = box.origin.x + box.size.width;
    }

  if (starts[HANDLE_FIRST] < low)
    {
      starts[HANDLE_FIRST] = low;
      starts[HANDLE_LAST] = MAX (starts[HANDLE_LAST], low + sizes[HANDLE_FIRST] + LABEL_SPACING);
    }
  if (starts[HANDLE_LAST] + sizes[HANDLE_LAST] > high)
    {
      starts[HANDLE_LAST] = high - sizes[HANDLE_LAST];
      starts[HANDLE_FIRST] = MIN (starts[HANDLE_FIRST],
                                  starts[HANDLE_LAST] - LABEL_SPACING - sizes[HANDLE_FIRST]);
    }

  for (guint i = 0; i < N_HANDLES; i++)
    {
      int start = (int) floor (starts[i] + 0.5);
      GtkAllocation rect;

      if (vertical)
        rect = (GtkAllocation) { across_start, self->length - start - sizes[i], across_size, sizes[i] };
      else
        rect = (GtkAllocation) { start, across_start, sizes[i], across_size };

      gtk_widget_size_allocate (self->labels[i], &rect, -1);
    }
}

static void
melt_range_slider_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  MeltRangeSlider *self = MELT_RANGE_SLIDER (widget);
  gboolean vertical = is_vertical (self);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  GtkAllocation trough;
  int thickness;

  gtk_widget_measure (self->trough, vertical ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL,
                      -1, &thickness, NULL, NULL, NULL);
  gtk_widget_measure (self->handles[HANDLE_FIRST], self->orientation, -1,
                      &self->handle_size, NULL, NULL, NULL);

  /* The trough runs the whole length, on the far side from the labels */
  if (vertical)
    {
      thickness = MIN (thickness, width);
      self->length = height;
      trough = (GtkAllocation) { rtl ? 0 : width - thickness, 0, thickness, height };
    }
  else
    {
      thickness = MIN (thickness, height);
      self->length = width;
      trough = (GtkAllocation) { 0, height - thickness, width, thickness };
    }

  gtk_widget_size_allocate (self->trough, &trough, -1);
  melt_range_slider_allocate_labels (self, width, height, &trough);
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
melt_range_slider_dispose (GObject *object)
{
  MeltRangeSlider *self = (MeltRangeSlider *)object;

  /* The trough takes the highlight and the handles along */
  for (guint i = 0; i < N_HANDLES; i++)
    {
      self->handles[i] = NULL;
      g_clear_pointer (&self->labels[i], gtk_widget_unparent);
    }
  self->highlight = NULL;
  self->focus_ring = NULL;
  g_clear_pointer (&self->trough, gtk_widget_unparent);

  if (self->format_destroy != NULL)
    g_clear_pointer (&self->format_data, self->format_destroy);
  self->format_func = NULL;
  self->format_destroy = NULL;

  G_OBJECT_CLASS (melt_range_slider_parent_class)->dispose (object);
}

static void
melt_range_slider_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MeltRangeSlider *self = MELT_RANGE_SLIDER (object);

  switch (prop_id)
    {
    case PROP_LOWER:
      g_value_set_uint (value, self->lower);
      break;

    case PROP_UPPER:
      g_value_set_uint (value, self->upper);
      break;

    case PROP_FIRST:
      g_value_set_uint (value, self->first);
      break;

    case PROP_LAST:
      g_value_set_uint (value, self->last);
      break;

    case PROP_ORIENTATION:
      g_value_set_enum (value, self->orientation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_range_slider_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MeltRangeSlider *self = MELT_RANGE_SLIDER (object);

  switch (prop_id)
    {
    case PROP_LOWER:
      melt_range_slider_set_range (self, g_value_get_uint (value),
                                   MAX (g_value_get_uint (value), self->upper));
      break;

    case PROP_UPPER:
      melt_range_slider_set_range (self, MIN (self->lower, g_value_get_uint (value)),
                                   g_value_get_uint (value));
      break;

    case PROP_FIRST:
      melt_range_slider_set_first (self, g_value_get_uint (value));
      break;

    case PROP_LAST:
      melt_range_slider_set_last (self, g_value_get_uint (value));
      break;

    case PROP_ORIENTATION:
      melt_range_slider_set_orientation (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_step_bindings (GtkWidgetClass *widget_class,
                   guint           keyval,
                   guint           keypad_keyval,
                   int             steps)
{
  const guint keyvals[] = { keyval, keypad_keyval };

  for (guint i = 0; i < G_N_ELEMENTS (keyvals); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, keyvals[i], 0,
                                           "range.step", "i", steps);
      gtk_widget_class_add_binding_action (widget_class, keyvals[i], GDK_SHIFT_MASK,
                                           "range.step-both", "i", steps);
    }
}

static void
melt_range_slider_class_init (MeltRangeSliderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = melt_range_slider_dispose;
  object_class->get_property = melt_range_slider_get_property;
  object_class->set_property = melt_range_slider_set_property;

  widget_class->measure = melt_range_slider_measure;
  widget_class->size_allocate = melt_range_slider_size_allocate;
  widget_class->focus = melt_range_slider_focus;
  widget_class->grab_focus = melt_range_slider_grab_focus;

  /**
   * MeltRangeSlider:lower:
   *
   * The lowest value a handle can take. Setting it above #MeltRangeSlider:upper
   * moves that along.
   */
  properties[PROP_LOWER] =
    g_param_spec_uint ("lower", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MeltRangeSlider:upper:
   *
   * The highest value a handle can take. Setting it below #MeltRangeSlider:lower
   * moves that along.
   */
  properties[PROP_UPPER] =
    g_param_spec_uint ("upper", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MeltRangeSlider:first:
   *
   * The lower end of the selection, clamped to the range. Setting it above
   * #MeltRangeSlider:last moves that along.
   */
  properties[PROP_FIRST] =
    g_param_spec_uint ("first", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MeltRangeSlider:last:
   *
   * The upper end of the selection, clamped to the range. Setting it below
   * #MeltRangeSlider:first moves that along.
   */
  properties[PROP_LAST] =
    g_param_spec_uint ("last", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_ORIENTATION, "orientation");
  orientation_pspec = g_object_class_find_property (object_class, "orientation");

  /**
   * MeltRangeSlider|range.step:
   * @steps: how far to move, negative towards the lower end
   *
   * Moves the focused handle, or the last one when neither has the focus.
   */
  gtk_widget_class_install_action (widget_class, "range.step", "i", range_step_action);

  /**
   * MeltRangeSlider|range.step-both:
   * @steps: how far to move, negative towards the lower end
   *
   * Moves both handles, keeping the span between them.
   */
  gtk_widget_class_install_action (widget_class, "range.step-both", "i", range_step_both_action);

  /* Up and right are towards the upper end whichever way the slider lies,
   * as in GtkScale; Shift moves both handles. Steps past an end stop there. */
  add_step_bindings (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, 1);
  add_step_bindings (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, 1);
  add_step_bindings (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, -1);
  add_step_bindings (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, -1);
  add_step_bindings (widget_class, GDK_KEY_Page_Up, GDK_KEY_KP_Page_Up, PAGE_STEP);
  add_step_bindings (widget_class, GDK_KEY_Page_Down, GDK_KEY_KP_Page_Down, -PAGE_STEP);
  add_step_bindings (widget_class, GDK_KEY_Home, GDK_KEY_KP_Home, G_MININT32);
  add_step_bindings (widget_class, GDK_KEY_End, GDK_KEY_KP_End, G_MAXINT32);

  gtk_widget_class_set_css_name (widget_class, "scale");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
melt_range_slider_init (MeltRangeSlider *self)
{
  GtkGesture *drag;
  GtkEventController *scroll;

  self->orientation = GTK_ORIENTATION_HORIZONTAL;
  self->ring_handle = -1;

  self->trough = g_object_new (MELT_TYPE_RANGE_NODE, "css-name", "trough", NULL);
  gtk_widget_set_layout_manager (self->trough,
                                 gtk_custom_layout_new (NULL, trough_measure, trough_allocate));
  gtk_widget_set_parent (self->trough, GTK_WIDGET (self));

  self->highlight = g_object_new (MELT_TYPE_RANGE_NODE,
                                  "css-name", "highlight",
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  "can-target", FALSE,
                                  NULL);
  gtk_widget_set_parent (self->highlight, self->trough);

  self->focus_ring = g_object_new (MELT_TYPE_RANGE_NODE,
                                   "css-name", "highlight",
                                   "css-classes", (const char *[]) { "focus-ring", NULL },
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                   "can-target", FALSE,
                                   "opacity", 0.5,
                                   "visible", FALSE,
                                   NULL);
  gtk_widget_set_parent (self->focus_ring, self->trough);

  for (guint i = 0; i < N_HANDLES; i++)
    {
      self->handles[i] = g_object_new (MELT_TYPE_RANGE_NODE,
                                       "css-name", "slider",
                                       "accessible-role", GTK_ACCESSIBLE_ROLE_SLIDER,
                                       "focusable", TRUE,
                                       NULL);
      gtk_widget_set_parent (self->handles[i], self->trough);

      self->labels[i] = g_object_new (GTK_TYPE_LABEL,
                                      "css-classes", (const char *[]) { "numeric", "caption", NULL },
                                      "single-line-mode", TRUE,
                                      "can-target", FALSE,
                                      NULL);
      /* The handle tells its value itself */
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->labels[i]),
                                   GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                                   -1);
      gtk_widget_set_parent (self->labels[i], GTK_WIDGET (self));
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->handles[HANDLE_FIRST]),
                                  /* Translators: the handle of a range slider that sets
                                   * the lower end of the range, as read by a screen reader */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("First"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->handles[HANDLE_LAST]),
                                  /* Translators: the handle of a range slider that sets
                                   * the upper end of the range, as read by a screen reader */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Last"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  /* Translators: a slider with two handles that picks a range
                                   * of values, as read by a screen reader */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Range"),
                                  -1);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (melt_range_slider_drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (melt_range_slider_drag_update_cb), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (melt_range_slider_drag_end_cb), self);
  g_signal_connect_swapped (drag, "cancel", G_CALLBACK (melt_range_slider_drag_cancel_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES |
                                            GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect_swapped (scroll, "scroll", G_CALLBACK (melt_range_slider_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  melt_range_slider_update_orientation (self);
  melt_range_slider_update_width_chars (self);
  melt_range_slider_update_handles (self);
}

/* ------------------------------------------------------------------------ */
/* Public API */

/**
 * melt_range_slider_new:
 * @orientation: which way the slider lies
 *
 * A slider over [0, 0]: set the range with melt_range_slider_set_range().
 *
 * Returns: (transfer floating): a new #MeltRangeSlider
 */
GtkWidget *
melt_range_slider_new (GtkOrientation orientation)
{
  return g_object_new (MELT_TYPE_RANGE_SLIDER,
                       "orientation", orientation,
                       NULL);
}

guint
melt_range_slider_get_lower (MeltRangeSlider *self)
{
  g_return_val_if_fail (MELT_IS_RANGE_SLIDER (self), 0);

  return self->lower;
}

guint
melt_range_slider_get_upper (MeltRangeSlider *self)
{
  g_return_val_if_fail (MELT_IS_RANGE_SLIDER (self), 0);

  return self->upper;
}

/**
 * melt_range_slider_set_range:
 * @self: a #MeltRangeSlider
 * @lower: the lowest value a handle can take
 * @upper: the highest value a handle can take, at least @lower
 *
 * Sets the range of values and clamps the selection to it.
 */
void
melt_range_slider_set_range (MeltRangeSlider *self,
                             guint            lower,
                             guint            upper)
{
  g_return_if_fail (MELT_IS_RANGE_SLIDER (self));
  g_return_if_fail (lower <= upper);

  if (lower == self->lower && upper == self->upper)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  if (lower != self->lower)
    {
      self->lower = lower;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOWER]);
    }

  if (upper != self->upper)
    {
      self->upper = upper;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPPER]);
    }

  melt_range_slider_update_width_chars (self);

  /* Where the selection stays, the handles still move and their bounds changed */
  if (!melt_range_slider_apply (self, CLAMP (self->first, lower, upper), CLAMP (self->last, lower, upper)))
    melt_range_slider_update_handles (self);

  g_object_thaw_notify (G_OBJECT (self));
}

guint
melt_range_slider_get_first (MeltRangeSlider *self)
{
  g_return_val_if_fail (MELT_IS_RANGE_SLIDER (self), 0);

  return self->first;
}

/**
 * melt_range_slider_set_first:
 * @self: a #MeltRangeSlider
 * @first: the lower end of the selection
 *
 * Sets the lower end of the selection, clamped to the range. When @first is
 * above the last value, the last value moves along to @first.
 */
void
melt_range_slider_set_first (MeltRangeSlider *self,
                             guint            first)
{
  g_return_if_fail (MELT_IS_RANGE_SLIDER (self));

  first = CLAMP (first, self->lower, self->upper);
  melt_range_slider_apply (self, first, MAX (first, self->last));
}

guint
melt_range_slider_get_last (MeltRangeSlider *self)
{
  g_return_val_if_fail (MELT_IS_RANGE_SLIDER (self), 0);

  return self->last;
}

/**
 * melt_range_slider_set_last:
 * @self: a #MeltRangeSlider
 * @last: the upper end of the selection
 *
 * Sets the upper end of the selection, clamped to the range. When @last is
 * below the first value, the first value moves along to @last.
 */
void
melt_range_slider_set_last (MeltRangeSlider *self,
                            guint            last)
{
  g_return_if_fail (MELT_IS_RANGE_SLIDER (self));

  last = CLAMP (last, self->lower, self->upper);
  melt_range_slider_apply (self, MIN (self->first, last), last);
}

/**
 * melt_range_slider_set_selection:
 * @self: a #MeltRangeSlider
 * @first: the lower end of the selection
 * @last: the upper end of the selection
 *
 * Sets both ends of the selection at once, each clamped to the range; when
 * @first is above @last, the two are swapped. #GObject::notify is emitted
 * for #MeltRangeSlider:first and #MeltRangeSlider:last after both are set,
 * and only for those that changed.
 */
void
melt_range_slider_set_selection (MeltRangeSlider *self,
                                 guint            first,
                                 guint            last)
{
  g_return_if_fail (MELT_IS_RANGE_SLIDER (self));

  if (first > last)
    {
      guint swap = first;

      first = last;
      last = swap;
    }

  melt_range_slider_apply (self,
                           CLAMP (first, self->lower, self->upper),
                           CLAMP (last, self->lower, self->upper));
}

/**
 * melt_range_slider_set_format_func:
 * @self: a #MeltRangeSlider
 * @func: (nullable): gives the text shown next to a handle for a value, or
 *   %NULL to show the value itself
 * @user_data: passed to @func
 * @destroy: (nullable): frees @user_data when @func is replaced or the
 *   slider is disposed of
 *
 * Sets how the labels next to the handles show their values, for instance
 * "12 · 12.0 mm".
 */
void
melt_range_slider_set_format_func (MeltRangeSlider           *self,
                                   MeltRangeSliderFormatFunc  func,
                                   gpointer                   user_data,
                                   GDestroyNotify             destroy)
{
  gpointer old_data;
  GDestroyNotify old_destroy;

  g_return_if_fail (MELT_IS_RANGE_SLIDER (self));

  old_data = self->format_data;
  old_destroy = self->format_destroy;

  self->format_func = func;
  self->format_data = user_data;
  self->format_destroy = destroy;

  if (old_destroy != NULL)
    old_destroy (old_data);

  melt_range_slider_update_width_chars (self);
  melt_range_slider_update_handles (self);
}
