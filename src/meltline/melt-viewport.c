/* melt-viewport.c: the 3D view of a part, a GtkGLArea driving MeltRenderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-viewport"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "melt-viewport.h"

typedef enum
{
  DRAG_NONE,
  DRAG_ORBIT,
  DRAG_PAN,
} DragMode;

struct _MeltViewport
{
  GtkGLArea     parent_instance;

  MeltRenderer *renderer;
  MeltCamera   *camera;
  MeltMesh     *mesh;
  GError       *gl_error;

  guint         frame_count;
  GdkFrameClock *frame_clock;
  gulong        after_paint_handler;

  double        pointer_x;
  double        pointer_y;

  DragMode      drag_mode;
  double        drag_last_x;
  double        drag_last_y;

  double        zoom_last_scale;

  guint         renderer_realized : 1;
  guint         fit_pending : 1;
  guint         frame_drawn : 1;
};

G_DEFINE_FINAL_TYPE (MeltViewport, melt_viewport, GTK_TYPE_GL_AREA)

enum {
  PROP_0,
  PROP_MESH,
  PROP_FRAME_COUNT,
  PROP_GL_FAILED,
  N_PROPS
};

enum {
  VIEW_CHANGED,
  SEGMENT_PICKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Pointer travel, in logical pixels, that one wheel notch zooms by 15 %. */
#define WHEEL_ZOOM_STEP   0.15
#define SURFACE_ZOOM_STEP 0.004
#define CLICK_SLOP_PX     4.0   /* a drag shorter than this is a click */

static void
melt_viewport_view_changed (MeltViewport *self)
{
  g_assert (MELT_IS_VIEWPORT (self));

  gtk_gl_area_queue_render (GTK_GL_AREA (self));
  g_signal_emit (self, signals[VIEW_CHANGED], 0);
}

static void
melt_viewport_set_gl_error (MeltViewport *self,
                            const GError *error)
{
  g_assert (MELT_IS_VIEWPORT (self));
  g_assert (error != NULL);

  if (self->gl_error != NULL)
    return;

  g_message ("OpenGL is not available: %s", error->message);
  self->gl_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GL_FAILED]);
}

/* Frames are counted while drawing, but announced once the frame is painted,
 * so that handlers of notify::frame-count may change the widget tree.
 */
static void
on_after_paint_cb (MeltViewport  *self,
                   GdkFrameClock *frame_clock)
{
  g_assert (MELT_IS_VIEWPORT (self));

  if (self->frame_drawn)
    {
      self->frame_drawn = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME_COUNT]);
    }
}

static void
melt_viewport_realize (GtkWidget *widget)
{
  MeltViewport *self = MELT_VIEWPORT (widget);
  GtkGLArea *area = GTK_GL_AREA (widget);
  g_autoptr(GError) error = NULL;
  GdkGLContext *context;

  GTK_WIDGET_CLASS (melt_viewport_parent_class)->realize (widget);

  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->after_paint_handler =
    g_signal_connect_object (self->frame_clock, "after-paint",
                             G_CALLBACK (on_after_paint_cb), self, G_CONNECT_SWAPPED);

  gtk_gl_area_make_current (area);

  if (gtk_gl_area_get_error (area) != NULL)
    {
      melt_viewport_set_gl_error (self, gtk_gl_area_get_error (area));
      return;
    }

  context = gtk_gl_area_get_context (area);
  if (context == NULL)
    {
      g_set_error_literal (&error, MELT_RENDER_ERROR, MELT_RENDER_ERROR_NO_CONTEXT,
                           _("No OpenGL context could be created"));
      gtk_gl_area_set_error (area, error);
      melt_viewport_set_gl_error (self, error);
      return;
    }

  if (!melt_renderer_realize (self->renderer, gdk_gl_context_get_use_es (context), &error))
    {
      gtk_gl_area_set_error (area, error);
      melt_viewport_set_gl_error (self, error);
      return;
    }

  self->renderer_realized = TRUE;

  g_debug ("Realized renderer: %s", melt_renderer_get_gl_description (self->renderer));
}

static void
melt_viewport_unrealize (GtkWidget *widget)
{
  MeltViewport *self = MELT_VIEWPORT (widget);
  GtkGLArea *area = GTK_GL_AREA (widget);

  if (self->renderer_realized)
    {
      gtk_gl_area_make_current (area);
      melt_renderer_unrealize (self->renderer);
      self->renderer_realized = FALSE;
    }

  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_handler, self->frame_clock);
  g_clear_object (&self->frame_clock);

  GTK_WIDGET_CLASS (melt_viewport_parent_class)->unrealize (widget);
}

static gboolean
melt_viewport_render (GtkGLArea    *area,
                      GdkGLContext *context)
{
  MeltViewport *self = MELT_VIEWPORT (area);
  int scale;
  int width;
  int height;

  if (!self->renderer_realized || gtk_gl_area_get_error (area) != NULL)
    return FALSE;

  scale = gtk_widget_get_scale_factor (GTK_WIDGET (area));
  width = gtk_widget_get_width (GTK_WIDGET (area)) * scale;
  height = gtk_widget_get_height (GTK_WIDGET (area)) * scale;

  if (width <= 0 || height <= 0)
    return FALSE;

  melt_renderer_set_scale_factor (self->renderer, scale);
  melt_renderer_render (self->renderer, self->camera, width, height);

  self->frame_count++;
  self->frame_drawn = TRUE;

  return TRUE;
}

static void
melt_viewport_resize (GtkGLArea *area,
                      int        width,
                      int        height)
{
  MeltViewport *self = MELT_VIEWPORT (area);

  if (GTK_GL_AREA_CLASS (melt_viewport_parent_class)->resize != NULL)
    GTK_GL_AREA_CLASS (melt_viewport_parent_class)->resize (area, width, height);

  melt_camera_set_viewport_size (self->camera, width, height);

  /* A part set before the view had a size is framed once it has one. */
  if (self->fit_pending)
    melt_viewport_fit (self);
  else
    g_signal_emit (self, signals[VIEW_CHANGED], 0);
}

static void
on_drag_begin_cb (MeltViewport   *self,
                  double          start_x,
                  double          start_y,
                  GtkGestureDrag *gesture)
{
  GdkModifierType state;
  guint button;

  g_assert (MELT_IS_VIEWPORT (self));
  g_assert (GTK_IS_GESTURE_DRAG (gesture));

  button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (self->mesh == NULL && melt_path_renderer_get_toolpath (melt_renderer_get_paths (self->renderer)) == NULL)
    self->drag_mode = DRAG_NONE;
  else if (button == GDK_BUTTON_PRIMARY && (state & GDK_SHIFT_MASK) == 0)
    self->drag_mode = DRAG_ORBIT;
  else if (button == GDK_BUTTON_PRIMARY || button == GDK_BUTTON_MIDDLE)
    self->drag_mode = DRAG_PAN;
  else
    self->drag_mode = DRAG_NONE;

  if (self->drag_mode == DRAG_NONE)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   self->drag_mode == DRAG_ORBIT ? "move" : "grabbing");
  self->drag_last_x = 0;
  self->drag_last_y = 0;
}

static void
on_drag_update_cb (MeltViewport   *self,
                   double          offset_x,
                   double          offset_y,
                   GtkGestureDrag *gesture)
{
  double dx = offset_x - self->drag_last_x;
  double dy = offset_y - self->drag_last_y;

  g_assert (MELT_IS_VIEWPORT (self));
  g_assert (GTK_IS_GESTURE_DRAG (gesture));

  self->drag_last_x = offset_x;
  self->drag_last_y = offset_y;

  switch (self->drag_mode)
    {
    case DRAG_ORBIT:
      melt_camera_orbit (self->camera, dx, dy);
      break;

    case DRAG_PAN:
      melt_camera_pan (self->camera, dx, dy,
                       gtk_widget_get_width (GTK_WIDGET (self)),
                       gtk_widget_get_height (GTK_WIDGET (self)));
      break;

    case DRAG_NONE:
    default:
      return;
    }

  melt_viewport_view_changed (self);
}

static void
on_drag_end_cb (MeltViewport   *self,
                double          offset_x,
                double          offset_y,
                GtkGestureDrag *gesture)
{
  double start_x, start_y;
  gboolean click;

  g_assert (MELT_IS_VIEWPORT (self));

  /* a press and release that hardly moved is a click: it picks a bead */
  click = self->drag_mode == DRAG_ORBIT && hypot (offset_x, offset_y) < CLICK_SLOP_PX
          && gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);
  self->drag_mode = DRAG_NONE;
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);

  if (click && melt_path_renderer_get_toolpath (melt_renderer_get_paths (self->renderer)) != NULL)
    g_signal_emit (self, signals[SEGMENT_PICKED], 0, melt_viewport_pick (self, start_x, start_y));
}

static void
on_motion_cb (MeltViewport             *self,
              double                    x,
              double                    y,
              GtkEventControllerMotion *motion)
{
  g_assert (MELT_IS_VIEWPORT (self));

  self->pointer_x = x;
  self->pointer_y = y;
}

static gboolean
on_scroll_cb (MeltViewport             *self,
              double                    dx,
              double                    dy,
              GtkEventControllerScroll *scroll)
{
  double step;

  g_assert (MELT_IS_VIEWPORT (self));
  g_assert (GTK_IS_EVENT_CONTROLLER_SCROLL (scroll));

  if (self->mesh == NULL || dy == 0)
    return FALSE;

  if (gtk_event_controller_scroll_get_unit (scroll) == GDK_SCROLL_UNIT_SURFACE)
    step = SURFACE_ZOOM_STEP;
  else
    step = WHEEL_ZOOM_STEP;

  /* Scrolling up (negative dy) brings the part closer. */
  melt_camera_zoom_at (self->camera, exp (-dy * step),
                       self->pointer_x, self->pointer_y,
                       gtk_widget_get_width (GTK_WIDGET (self)),
                       gtk_widget_get_height (GTK_WIDGET (self)));
  melt_viewport_view_changed (self);

  return TRUE;
}

static void
on_zoom_begin_cb (MeltViewport     *self,
                  GdkEventSequence *sequence,
                  GtkGestureZoom   *gesture)
{
  g_assert (MELT_IS_VIEWPORT (self));

  self->zoom_last_scale = 1.0;
}

static void
on_zoom_scale_changed_cb (MeltViewport   *self,
                          double          scale,
                          GtkGestureZoom *gesture)
{
  double x, y;

  g_assert (MELT_IS_VIEWPORT (self));
  g_assert (GTK_IS_GESTURE_ZOOM (gesture));

  if (self->mesh == NULL || scale <= 0 || self->zoom_last_scale <= 0)
    return;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }

  melt_camera_zoom_at (self->camera, scale / self->zoom_last_scale, x, y,
                       gtk_widget_get_width (GTK_WIDGET (self)),
                       gtk_widget_get_height (GTK_WIDGET (self)));
  self->zoom_last_scale = scale;
  melt_viewport_view_changed (self);
}

static void
melt_viewport_dispose (GObject *object)
{
  MeltViewport *self = (MeltViewport *)object;

  g_clear_object (&self->mesh);

  G_OBJECT_CLASS (melt_viewport_parent_class)->dispose (object);
}

static void
melt_viewport_finalize (GObject *object)
{
  MeltViewport *self = (MeltViewport *)object;

  g_clear_object (&self->renderer);
  g_clear_object (&self->camera);
  g_clear_error (&self->gl_error);

  G_OBJECT_CLASS (melt_viewport_parent_class)->finalize (object);
}

static void
melt_viewport_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MeltViewport *self = MELT_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_MESH:
      g_value_set_object (value, self->mesh);
      break;

    case PROP_FRAME_COUNT:
      g_value_set_uint (value, self->frame_count);
      break;

    case PROP_GL_FAILED:
      g_value_set_boolean (value, self->gl_error != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_viewport_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MeltViewport *self = MELT_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_MESH:
      melt_viewport_set_mesh (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_viewport_class_init (MeltViewportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkGLAreaClass *gl_area_class = GTK_GL_AREA_CLASS (klass);

  object_class->dispose = melt_viewport_dispose;
  object_class->finalize = melt_viewport_finalize;
  object_class->get_property = melt_viewport_get_property;
  object_class->set_property = melt_viewport_set_property;

  widget_class->realize = melt_viewport_realize;
  widget_class->unrealize = melt_viewport_unrealize;

  gl_area_class->render = melt_viewport_render;
  gl_area_class->resize = melt_viewport_resize;

  /**
   * MeltViewport:mesh:
   *
   * The part shown, or %NULL.
   */
  properties[PROP_MESH] =
    g_param_spec_object ("mesh", NULL, NULL,
                         MELT_TYPE_MESH,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MeltViewport:frame-count:
   *
   * How many frames the renderer has drawn; tests wait on it. Notified
   * after the frame is painted.
   */
  properties[PROP_FRAME_COUNT] =
    g_param_spec_uint ("frame-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MeltViewport:gl-failed:
   *
   * Whether OpenGL could not be had; melt_viewport_get_gl_error() says why.
   */
  properties[PROP_GL_FAILED] =
    g_param_spec_boolean ("gl-failed", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MeltViewport::view-changed:
   *
   * The camera moved or the view was resized: overlays drawn on top redraw.
   */
  signals[VIEW_CHANGED] =
    g_signal_new ("view-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * MeltViewport::segment-picked:
   * @self: the viewport
   * @segment: the toolpath segment clicked, or %MELT_PATH_NO_SEGMENT
   *
   * A click on the view (not a drag) picked a bead, or nothing.
   */
  signals[SEGMENT_PICKED] =
    g_signal_new ("segment-picked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "meltviewport");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
melt_viewport_init (MeltViewport *self)
{
  GtkEventController *controller;
  GtkGesture *drag;
  GtkGesture *zoom;
  const char *env_es;

  self->renderer = melt_renderer_new ();
  self->camera = melt_camera_new ();
  self->zoom_last_scale = 1.0;

  gtk_gl_area_set_has_depth_buffer (GTK_GL_AREA (self), TRUE);
  gtk_gl_area_set_auto_render (GTK_GL_AREA (self), FALSE);

  env_es = g_getenv ("MELTLINE_GL_ES");
  melt_viewport_set_use_es (self, env_es != NULL && g_strcmp0 (env_es, "0") != 0);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("3D view of the part"),
                                  -1);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-end", G_CALLBACK (on_drag_end_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect_object (zoom, "begin", G_CALLBACK (on_zoom_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (zoom, "scale-changed", G_CALLBACK (on_zoom_scale_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));
  gtk_gesture_group (zoom, drag);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (on_scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "enter", G_CALLBACK (on_motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "motion", G_CALLBACK (on_motion_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

GtkWidget *
melt_viewport_new (void)
{
  return g_object_new (MELT_TYPE_VIEWPORT, NULL);
}

/**
 * melt_viewport_get_mesh:
 * @self: a #MeltViewport
 *
 * Returns: (transfer none) (nullable): the part shown
 */
MeltMesh *
melt_viewport_get_mesh (MeltViewport *self)
{
  g_return_val_if_fail (MELT_IS_VIEWPORT (self), NULL);

  return self->mesh;
}

/**
 * melt_viewport_set_mesh:
 * @self: a #MeltViewport
 * @mesh: (nullable): the part to show
 *
 * Shows @mesh from the isometric view, fitted to the view.
 */
void
melt_viewport_set_mesh (MeltViewport *self,
                        MeltMesh     *mesh)
{
  g_return_if_fail (MELT_IS_VIEWPORT (self));
  g_return_if_fail (!mesh || MELT_IS_MESH (mesh));

  if (!g_set_object (&self->mesh, mesh))
    return;

  /* The renderer uploads the mesh at the next render, in its context. */
  melt_renderer_set_mesh (self->renderer, mesh);

  melt_camera_set_view (self->camera, MELT_VIEW_ISO);
  melt_viewport_fit (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESH]);
}

/**
 * melt_viewport_set_use_es:
 * @self: a #MeltViewport
 * @use_es: whether to ask for an OpenGL ES context
 *
 * Asks for OpenGL ES rather than desktop OpenGL. Takes effect when the
 * viewport is next realized. The environment variable `MELTLINE_GL_ES=1`
 * sets it for every viewport, so the ES shaders can be tested on GTK 4.8
 * (with `GDK_DEBUG=gl-egl`).
 */
void
melt_viewport_set_use_es (MeltViewport *self,
                          gboolean      use_es)
{
  g_return_if_fail (MELT_IS_VIEWPORT (self));

  gtk_gl_area_set_use_es (GTK_GL_AREA (self), use_es);
  if (use_es)
    gtk_gl_area_set_required_version (GTK_GL_AREA (self), 3, 0);
  else
    gtk_gl_area_set_required_version (GTK_GL_AREA (self), 3, 3);
}

void
melt_viewport_set_view (MeltViewport *self,
                        MeltView      view)
{
  g_return_if_fail (MELT_IS_VIEWPORT (self));

  melt_camera_set_view (self->camera, view);
  melt_viewport_fit (self);
}

/**
 * melt_viewport_fit:
 * @self: a #MeltViewport
 *
 * Frames the whole part, keeping the direction the camera looks from.
 */
void
melt_viewport_fit (MeltViewport *self)
{
  float min[3] = { -50, -50, 0 };
  float max[3] = { 50, 50, 50 };
  int width, height;

  g_return_if_fail (MELT_IS_VIEWPORT (self));

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  self->fit_pending = width <= 0 || height <= 0;
  if (!self->fit_pending)
    melt_camera_set_viewport_size (self->camera, width, height);

  melt_renderer_get_scene_bounds (self->renderer, min, max);

  melt_camera_fit (self->camera, min, max);
  melt_viewport_view_changed (self);
}

guint
melt_viewport_get_frame_count (MeltViewport *self)
{
  g_return_val_if_fail (MELT_IS_VIEWPORT (self), 0);

  return self->frame_count;
}

gboolean
melt_viewport_get_gl_failed (MeltViewport *self)
{
  g_return_val_if_fail (MELT_IS_VIEWPORT (self), FALSE);

  return self->gl_error != NULL;
}

/**
 * melt_viewport_get_gl_error:
 * @self: a #MeltViewport
 *
 * Returns: (nullable): why OpenGL could not be had, or %NULL
 */
const GError *
melt_viewport_get_gl_error (MeltViewport *self)
{
  g_return_val_if_fail (MELT_IS_VIEWPORT (self), NULL);

  return self->gl_error;
}

/**
 * melt_viewport_get_gl_description:
 * @self: a #MeltViewport
 *
 * Returns: (nullable): the OpenGL version and renderer in use, once realized
 */
const char *
melt_viewport_get_gl_description (MeltViewport *self)
{
  g_return_val_if_fail (MELT_IS_VIEWPORT (self), NULL);

  if (!self->renderer_realized)
    return NULL;

  return melt_renderer_get_gl_description (self->renderer);
}

/**
 * melt_viewport_get_renderer:
 * @self: a #MeltViewport
 *
 * Returns: (transfer none): the renderer, for overlays drawn on top
 */
MeltRenderer *
melt_viewport_get_renderer (MeltViewport *self)
{
  g_return_val_if_fail (MELT_IS_VIEWPORT (self), NULL);

  return self->renderer;
}

/**
 * melt_viewport_get_camera:
 * @self: a #MeltViewport
 *
 * Returns: (transfer none): the camera
 */
MeltCamera *
melt_viewport_get_camera (MeltViewport *self)
{
  g_return_val_if_fail (MELT_IS_VIEWPORT (self), NULL);

  return self->camera;
}

/**
 * melt_viewport_pick:
 * @self: a realized #MeltViewport
 * @x: a point of the widget, in logical pixels from the left
 * @y: from the top
 *
 * Returns: the segment of the toolpath drawn at (@x, @y), or
 *   %MELT_PATH_NO_SEGMENT
 */
guint
melt_viewport_pick (MeltViewport *self,
                    double        x,
                    double        y)
{
  graphene_matrix_t view, projection;
  int scale, width, height;

  g_return_val_if_fail (MELT_IS_VIEWPORT (self), MELT_PATH_NO_SEGMENT);

  if (!self->renderer_realized)
    return MELT_PATH_NO_SEGMENT;

  scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  width = gtk_widget_get_width (GTK_WIDGET (self)) * scale;
  height = gtk_widget_get_height (GTK_WIDGET (self)) * scale;
  if (width <= 0 || height <= 0)
    return MELT_PATH_NO_SEGMENT;

  gtk_gl_area_make_current (GTK_GL_AREA (self));
  melt_camera_get_matrices (self->camera, width, height, &view, &projection);
  return melt_path_renderer_pick (melt_renderer_get_paths (self->renderer), &view, &projection,
                                  width, height, (int) (x * scale), (int) (y * scale));
}

/**
 * melt_viewport_set_toolpath:
 * @self: a #MeltViewport
 * @toolpath: (nullable): the beads to show, %NULL for none
 * @z_is_bead_top: whether the toolpath's Z is the top of the beads
 *
 * Shows @toolpath with the part (if any) as a ghost; fits the view to it
 * when there is no part.
 */
void
melt_viewport_set_toolpath (MeltViewport *self,
                            MeltToolpath *toolpath,
                            gboolean      z_is_bead_top)
{
  MeltPathRenderer *paths;

  g_return_if_fail (MELT_IS_VIEWPORT (self));
  g_return_if_fail (toolpath == NULL || MELT_IS_TOOLPATH (toolpath));

  paths = melt_renderer_get_paths (self->renderer);
  if (melt_path_renderer_get_toolpath (paths) == toolpath)
    return;
  melt_path_renderer_set_toolpath (paths, toolpath, z_is_bead_top);
  melt_renderer_set_mesh_style (self->renderer, toolpath != NULL ? MELT_MESH_STYLE_GHOST
                                                                 : MELT_MESH_STYLE_SOLID);
  if (self->mesh == NULL && toolpath != NULL)
    {
      melt_camera_set_view (self->camera, MELT_VIEW_ISO);
      melt_viewport_fit (self);
    }
  melt_viewport_redraw (self);
}

/**
 * melt_viewport_get_paths:
 * @self: a #MeltViewport
 *
 * Returns: (transfer none): the toolpath's renderer; after changing what it
 *   draws, call melt_viewport_redraw()
 */
MeltPathRenderer *
melt_viewport_get_paths (MeltViewport *self)
{
  g_return_val_if_fail (MELT_IS_VIEWPORT (self), NULL);

  return melt_renderer_get_paths (self->renderer);
}

void
melt_viewport_redraw (MeltViewport *self)
{
  g_return_if_fail (MELT_IS_VIEWPORT (self));

  gtk_gl_area_queue_render (GTK_GL_AREA (self));
}
