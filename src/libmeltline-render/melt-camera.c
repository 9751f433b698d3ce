/* melt-camera.c: an orbiting camera around a part on the build plate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-camera"

#include "config.h"

#include <math.h>
#include <string.h>

#include "melt-camera.h"

/* The camera orbits a target point. Its direction is given by a yaw around world Z
 * (0 = looking from +X towards the target, counter-clockwise seen from above) and a
 * pitch (elevation above the build plate, -90..90 degrees). The camera's right vector
 * depends on the yaw only, so looking straight down (the top preset) is well defined.
 */

#define DEFAULT_FOV_DEG     30.0
#define ORBIT_DEG_PER_PX    0.4
#define MIN_DISTANCE        1e-4
#define MAX_DISTANCE        1e8
#define NEAR_FRACTION       0.01
#define FAR_FACTOR          1000.0
#define FIT_MARGIN          1.08

struct _MeltCamera
{
  GObject parent_instance;

  double target[3];
  double yaw_deg;
  double pitch_deg;
  double distance;
  double fov_deg;
  double aspect;
};

enum {
  PROP_0,
  PROP_DISTANCE,
  PROP_FOV_DEG,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MeltCamera, melt_camera, G_TYPE_OBJECT)

static const struct
{
  MeltView    view;
  const char *name;
  double      yaw_deg;
  double      pitch_deg;
} presets[] = {
  /* From the +X, -Y, +Z quadrant: the front (-Y) face, the right (+X) face and the top. */
  { MELT_VIEW_ISO,   "iso",   -45.0, 35.26438968 },
  /* Looking down -Z with X to the right and Y up. */
  { MELT_VIEW_TOP,   "top",   -90.0, 90.0 },
  /* Looking along +Y with X to the right and Z up. */
  { MELT_VIEW_FRONT, "front", -90.0, 0.0 },
  /* Looking along -X from +X with Y to the right and Z up. */
  { MELT_VIEW_SIDE,  "side",    0.0, 0.0 },
};

const char *
melt_view_to_string (MeltView view)
{
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (presets[i].view == view)
      return presets[i].name;

  g_return_val_if_reached (NULL);
}

gboolean
melt_view_from_string (const char *name,
                       MeltView   *view)
{
  g_return_val_if_fail (view != NULL, FALSE);

  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      if (g_ascii_strcasecmp (presets[i].name, name) == 0)
        {
          *view = presets[i].view;
          return TRUE;
        }
    }

  return FALSE;
}

static void
melt_camera_changed (MeltCamera *self,
                     double      old_distance)
{
  if (old_distance != self->distance)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISTANCE]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* right, up and forward (the viewing direction) as unit vectors in world space */
static void
compute_axes (MeltCamera *self,
              double      right[3],
              double      up[3],
              double      forward[3])
{
  double yaw = self->yaw_deg * G_PI / 180.0;
  double pitch = self->pitch_deg * G_PI / 180.0;
  double cy = cos (yaw), sy = sin (yaw);
  double cp = cos (pitch), sp = sin (pitch);

  forward[0] = -cp * cy;
  forward[1] = -cp * sy;
  forward[2] = -sp;

  right[0] = -sy;
  right[1] = cy;
  right[2] = 0.0;

  /* up = right x forward */
  up[0] = right[1] * forward[2] - right[2] * forward[1];
  up[1] = right[2] * forward[0] - right[0] * forward[2];
  up[2] = right[0] * forward[1] - right[1] * forward[0];
}

static void
compute_eye (MeltCamera *self,
             double      eye[3])
{
  double r[3], u[3], f[3];

  compute_axes (self, r, u, f);
  for (guint i = 0; i < 3; i++)
    eye[i] = self->target[i] - f[i] * self->distance;
}

static double
tan_half_fov (MeltCamera *self)
{
  return tan (self->fov_deg * G_PI / 360.0);
}

static void
melt_camera_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MeltCamera *self = MELT_CAMERA (object);

  switch (prop_id)
    {
    case PROP_DISTANCE:
      g_value_set_double (value, self->distance);
      break;

    case PROP_FOV_DEG:
      g_value_set_double (value, self->fov_deg);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_camera_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MeltCamera *self = MELT_CAMERA (object);

  switch (prop_id)
    {
    case PROP_FOV_DEG:
      {
        double fov_deg = g_value_get_double (value);

        if (fov_deg != self->fov_deg)
          {
            self->fov_deg = fov_deg;
            g_object_notify_by_pspec (object, pspec);
            melt_camera_changed (self, self->distance);
          }
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_camera_class_init (MeltCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = melt_camera_get_property;
  object_class->set_property = melt_camera_set_property;

  /**
   * MeltCamera:distance:
   *
   * The distance from the eye to the target point, in mm.
   */
  properties[PROP_DISTANCE] =
    g_param_spec_double ("distance", NULL, NULL,
                         MIN_DISTANCE, MAX_DISTANCE, 100.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MeltCamera:fov-deg:
   *
   * The vertical field of view, in degrees.
   */
  properties[PROP_FOV_DEG] =
    g_param_spec_double ("fov-deg", NULL, NULL,
                         5.0, 120.0, DEFAULT_FOV_DEG,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MeltCamera::changed:
   *
   * Emitted whenever the view changes, so a widget can queue a redraw.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
melt_camera_init (MeltCamera *self)
{
  self->fov_deg = DEFAULT_FOV_DEG;
  self->distance = 400.0;
  self->aspect = 1.0;
  self->yaw_deg = presets[MELT_VIEW_ISO].yaw_deg;
  self->pitch_deg = presets[MELT_VIEW_ISO].pitch_deg;
}

/**
 * melt_camera_new:
 *
 * Creates a camera looking at the origin from the iso direction.
 *
 * Returns: (transfer full): a new #MeltCamera
 */
MeltCamera *
melt_camera_new (void)
{
  return g_object_new (MELT_TYPE_CAMERA, NULL);
}

/**
 * melt_camera_set_view:
 * @self: a #MeltCamera
 * @view: a preset direction
 *
 * Turns the camera to look from a preset direction; the target and the distance stay.
 * Call melt_camera_fit() afterwards to frame the part.
 */
void
melt_camera_set_view (MeltCamera *self,
                      MeltView    view)
{
  g_return_if_fail (MELT_IS_CAMERA (self));
  g_return_if_fail (view >= MELT_VIEW_ISO && view <= MELT_VIEW_SIDE);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      if (presets[i].view == view)
        {
          self->yaw_deg = presets[i].yaw_deg;
          self->pitch_deg = presets[i].pitch_deg;
        }
    }

  melt_camera_changed (self, self->distance);
}

/**
 * melt_camera_set_viewport_size:
 * @self: a #MeltCamera
 * @width_px: viewport width
 * @height_px: viewport height
 *
 * Tells the camera the shape of the viewport, which melt_camera_fit() needs to frame a
 * part in a wide or a tall window. melt_camera_get_matrices(), melt_camera_pan() and
 * melt_camera_zoom_at() remember the size too.
 */
void
melt_camera_set_viewport_size (MeltCamera *self,
                               int         width_px,
                               int         height_px)
{
  g_return_if_fail (MELT_IS_CAMERA (self));

  if (width_px > 0 && height_px > 0)
    self->aspect = (double) width_px / (double) height_px;
}

/**
 * melt_camera_fit:
 * @self: a #MeltCamera
 * @min: the low corner of a bounding box, in mm
 * @max: the high corner
 *
 * Aims at the centre of the box and moves back until the box's bounding sphere fits the
 * field of view, horizontally and vertically, for the last viewport size.
 */
void
melt_camera_fit (MeltCamera  *self,
                 const float  min[3],
                 const float  max[3])
{
  double old_distance;
  double radius = 0.0;
  double half_v, half_h, half;

  g_return_if_fail (MELT_IS_CAMERA (self));
  g_return_if_fail (min != NULL);
  g_return_if_fail (max != NULL);

  old_distance = self->distance;

  for (guint i = 0; i < 3; i++)
    {
      double extent = (double) max[i] - (double) min[i];

      if (!isfinite (extent) || extent < 0.0)
        return;

      self->target[i] = 0.5 * ((double) min[i] + (double) max[i]);
      radius += extent * extent;
    }

  radius = MAX (0.5 * sqrt (radius), 1e-3);

  half_v = self->fov_deg * G_PI / 360.0;
  half_h = atan (tan (half_v) * self->aspect);
  half = MIN (half_v, half_h);

  self->distance = CLAMP (FIT_MARGIN * radius / sin (half), MIN_DISTANCE, MAX_DISTANCE);

  melt_camera_changed (self, old_distance);
}

/**
 * melt_camera_orbit:
 * @self: a #MeltCamera
 * @dx_px: horizontal drag since the last call, in pixels (right is positive)
 * @dy_px: vertical drag since the last call, in pixels (down is positive)
 *
 * Turns the camera around its target as if the drag turned the part.
 */
void
melt_camera_orbit (MeltCamera *self,
                   double      dx_px,
                   double      dy_px)
{
  g_return_if_fail (MELT_IS_CAMERA (self));

  self->yaw_deg = fmod (self->yaw_deg - dx_px * ORBIT_DEG_PER_PX, 360.0);
  self->pitch_deg = CLAMP (self->pitch_deg + dy_px * ORBIT_DEG_PER_PX, -90.0, 90.0);

  melt_camera_changed (self, self->distance);
}

/**
 * melt_camera_pan:
 * @self: a #MeltCamera
 * @dx_px: horizontal drag in pixels
 * @dy_px: vertical drag in pixels (down is positive)
 * @width_px: viewport width
 * @height_px: viewport height
 *
 * Moves the target in the screen plane so that points at the target's depth follow
 * the pointer.
 */
void
melt_camera_pan (MeltCamera *self,
                 double      dx_px,
                 double      dy_px,
                 int         width_px,
                 int         height_px)
{
  double r[3], u[3], f[3];
  double mm_per_px;

  g_return_if_fail (MELT_IS_CAMERA (self));
  g_return_if_fail (width_px > 0 && height_px > 0);

  melt_camera_set_viewport_size (self, width_px, height_px);
  compute_axes (self, r, u, f);

  mm_per_px = 2.0 * self->distance * tan_half_fov (self) / height_px;
  for (guint i = 0; i < 3; i++)
    self->target[i] += (-r[i] * dx_px + u[i] * dy_px) * mm_per_px;

  melt_camera_changed (self, self->distance);
}

/**
 * melt_camera_zoom_at:
 * @self: a #MeltCamera
 * @factor: how much larger the scene looks afterwards (> 1 zooms in)
 * @x_px: pointer position
 * @y_px: pointer position
 * @width_px: viewport width
 * @height_px: viewport height
 *
 * Zooms so that the point under the pointer, in the plane through the target facing the
 * camera, stays under the pointer.
 */
void
melt_camera_zoom_at (MeltCamera *self,
                     double      factor,
                     double      x_px,
                     double      y_px,
                     int         width_px,
                     int         height_px)
{
  double r[3], u[3], f[3];
  double point[3];
  double old_distance, new_distance;
  double ndc_x, ndc_y, t;

  g_return_if_fail (MELT_IS_CAMERA (self));
  g_return_if_fail (width_px > 0 && height_px > 0);

  if (!(factor > 0.0) || !isfinite (factor))
    return;

  melt_camera_set_viewport_size (self, width_px, height_px);
  compute_axes (self, r, u, f);

  old_distance = self->distance;
  new_distance = CLAMP (old_distance / factor, MIN_DISTANCE, MAX_DISTANCE);
  factor = old_distance / new_distance;

  ndc_x = 2.0 * x_px / width_px - 1.0;
  ndc_y = 1.0 - 2.0 * y_px / height_px;
  t = tan_half_fov (self) * old_distance;

  for (guint i = 0; i < 3; i++)
    {
      point[i] = self->target[i] + r[i] * ndc_x * t * self->aspect + u[i] * ndc_y * t;
      self->target[i] = point[i] - (point[i] - self->target[i]) / factor;
    }

  self->distance = new_distance;

  melt_camera_changed (self, old_distance);
}

static void
compute_planes (MeltCamera *self,
                double     *near,
                double     *far)
{
  *near = self->distance * NEAR_FRACTION;
  *far = self->distance * FAR_FACTOR;
}

/**
 * melt_camera_get_matrices:
 * @self: a #MeltCamera
 * @width_px: viewport width
 * @height_px: viewport height
 * @view: (out) (optional): the world-to-eye matrix
 * @projection: (out) (optional): the perspective projection
 *
 * Gets the matrices for the viewport, in graphene's row-vector convention: a point
 * transforms as p * view * projection, and graphene_matrix_to_float() gives what
 * glUniformMatrix4fv() takes without transposing.
 */
void
melt_camera_get_matrices (MeltCamera        *self,
                          int                width_px,
                          int                height_px,
                          graphene_matrix_t *view,
                          graphene_matrix_t *projection)
{
  double r[3], u[3], f[3], eye[3];
  double near, far;

  g_return_if_fail (MELT_IS_CAMERA (self));

  melt_camera_set_viewport_size (self, width_px, height_px);
  compute_axes (self, r, u, f);
  compute_eye (self, eye);
  compute_planes (self, &near, &far);

  if (view != NULL)
    {
      float m[16] = {
        r[0], u[0], -f[0], 0.0f,
        r[1], u[1], -f[1], 0.0f,
        r[2], u[2], -f[2], 0.0f,
        -(r[0] * eye[0] + r[1] * eye[1] + r[2] * eye[2]),
        -(u[0] * eye[0] + u[1] * eye[1] + u[2] * eye[2]),
        f[0] * eye[0] + f[1] * eye[1] + f[2] * eye[2],
        1.0f,
      };

      graphene_matrix_init_from_float (view, m);
    }

  if (projection != NULL)
    {
      double cot = 1.0 / tan_half_fov (self);
      float m[16] = {
        cot / self->aspect, 0.0f, 0.0f, 0.0f,
        0.0f, cot, 0.0f, 0.0f,
        0.0f, 0.0f, (far + near) / (near - far), -1.0f,
        0.0f, 0.0f, 2.0 * far * near / (near - far), 0.0f,
      };

      graphene_matrix_init_from_float (projection, m);
    }
}

/**
 * melt_camera_get_eye:
 * @self: a #MeltCamera
 * @eye: (out): the eye position in world space, in mm
 */
void
melt_camera_get_eye (MeltCamera      *self,
                     graphene_vec3_t *eye)
{
  double e[3];

  g_return_if_fail (MELT_IS_CAMERA (self));
  g_return_if_fail (eye != NULL);

  compute_eye (self, e);
  graphene_vec3_init (eye, e[0], e[1], e[2]);
}

/**
 * melt_camera_get_target:
 * @self: a #MeltCamera
 * @target: (out): the point the camera orbits around, in mm
 */
void
melt_camera_get_target (MeltCamera      *self,
                        graphene_vec3_t *target)
{
  g_return_if_fail (MELT_IS_CAMERA (self));
  g_return_if_fail (target != NULL);

  graphene_vec3_init (target, self->target[0], self->target[1], self->target[2]);
}

/**
 * melt_camera_get_axes:
 * @self: a #MeltCamera
 * @right: (out) (optional): the screen's right direction in world space
 * @up: (out) (optional): the screen's up direction in world space
 * @forward: (out) (optional): the viewing direction in world space
 */
void
melt_camera_get_axes (MeltCamera      *self,
                      graphene_vec3_t *right,
                      graphene_vec3_t *up,
                      graphene_vec3_t *forward)
{
  double r[3], u[3], f[3];

  g_return_if_fail (MELT_IS_CAMERA (self));

  compute_axes (self, r, u, f);
  if (right != NULL)
    graphene_vec3_init (right, r[0], r[1], r[2]);
  if (up != NULL)
    graphene_vec3_init (up, u[0], u[1], u[2]);
  if (forward != NULL)
    graphene_vec3_init (forward, f[0], f[1], f[2]);
}

double
melt_camera_get_distance (MeltCamera *self)
{
  g_return_val_if_fail (MELT_IS_CAMERA (self), 0.0);

  return self->distance;
}

double
melt_camera_get_fov_deg (MeltCamera *self)
{
  g_return_val_if_fail (MELT_IS_CAMERA (self), 0.0);

  return self->fov_deg;
}

/**
 * melt_camera_project:
 * @self: a #MeltCamera
 * @world: a point in mm
 * @width_px: viewport width
 * @height_px: viewport height
 * @x_px: (out) (optional): where the point lands, from the left
 * @y_px: (out) (optional): where the point lands, from the top
 *
 * Returns: %FALSE if the point lies behind the eye
 */
gboolean
melt_camera_project (MeltCamera  *self,
                     const float  world[3],
                     int          width_px,
                     int          height_px,
                     double      *x_px,
                     double      *y_px)
{
  double r[3], u[3], f[3], eye[3], d[3];
  double vx, vy, depth, t;

  g_return_val_if_fail (MELT_IS_CAMERA (self), FALSE);
  g_return_val_if_fail (world != NULL, FALSE);
  g_return_val_if_fail (width_px > 0 && height_px > 0, FALSE);

  compute_axes (self, r, u, f);
  compute_eye (self, eye);

  for (guint i = 0; i < 3; i++)
    d[i] = world[i] - eye[i];

  vx = d[0] * r[0] + d[1] * r[1] + d[2] * r[2];
  vy = d[0] * u[0] + d[1] * u[1] + d[2] * u[2];
  depth = d[0] * f[0] + d[1] * f[1] + d[2] * f[2];

  if (depth <= 0.0)
    return FALSE;

  t = tan_half_fov (self);
  if (x_px != NULL)
    *x_px = (0.5 + 0.5 * vx / (depth * t * width_px / height_px)) * width_px;
  if (y_px != NULL)
    *y_px = (0.5 - 0.5 * vy / (depth * t)) * height_px;

  return TRUE;
}

/**
 * melt_camera_get_ray:
 * @self: a #MeltCamera
 * @x_px: a viewport position, from the left
 * @y_px: a viewport position, from the top
 * @width_px: viewport width
 * @height_px: viewport height
 * @origin: (out): the eye
 * @direction: (out): the unit direction of the ray through the position
 */
void
melt_camera_get_ray (MeltCamera      *self,
                     double           x_px,
                     double           y_px,
                     int              width_px,
                     int              height_px,
                     graphene_vec3_t *origin,
                     graphene_vec3_t *direction)
{
  double r[3], u[3], f[3], d[3];
  double ndc_x, ndc_y, t, len;

  g_return_if_fail (MELT_IS_CAMERA (self));
  g_return_if_fail (width_px > 0 && height_px > 0);
  g_return_if_fail (origin != NULL && direction != NULL);

  compute_axes (self, r, u, f);

  ndc_x = 2.0 * x_px / width_px - 1.0;
  ndc_y = 1.0 - 2.0 * y_px / height_px;
  t = tan_half_fov (self);

  for (guint i = 0; i < 3; i++)
    d[i] = f[i] + r[i] * ndc_x * t * width_px / height_px + u[i] * ndc_y * t;
  len = sqrt (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);

  melt_camera_get_eye (self, origin);
  graphene_vec3_init (direction, d[0] / len, d[1] / len, d[2] / len);
}
