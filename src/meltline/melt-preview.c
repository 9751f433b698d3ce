/* melt-preview.c: what the path preview shows, shared by its controls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layer slider, the move slider and playback, the Preview page (colour,
 * visibility, ghost, clipping plane) and the bead picked all bind to one
 * MeltPreview, which passes every change on to the viewport's path renderer.
 * Playback advances a clock along the toolpath's own times (at a speed-up
 * of real time) on the viewport's frame clock, and shows every segment
 * started by then.
 */

#define G_LOG_DOMAIN "melt-preview"

#include "config.h"

#include <math.h>

#include "melt-preview.h"

struct _MeltPreview
{
  GObject parent_instance;

  MeltViewport *viewport;
  MeltPathDocument *document;
  MeltToolpath *toolpath;           /* the document's */
  guint n_segments;
  guint n_layers;
  guint *layer_start;               /* n_layers + 1 */

  MeltPathAttribute color_by;
  gboolean log_scale;
  double value_min;
  double value_max;
  guint first_layer;
  guint last_layer;
  guint move;                       /* segments of the top layer shown */
  gboolean playing;
  double speed;
  double time;
  gint64 last_frame_us;
  guint tick_id;
  gboolean show[4];
  gboolean ghost;
  int clip_axis;                    /* -1 none, 0 x, 1 y, 2 z */
  double clip_position;
  gboolean clip_flip;
  guint selected;
};

G_DEFINE_FINAL_TYPE (MeltPreview, melt_preview, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VIEWPORT,
  PROP_DOCUMENT,
  PROP_COLOR_BY,
  PROP_LOG_SCALE,
  PROP_VALUE_MIN,
  PROP_VALUE_MAX,
  PROP_N_LAYERS,
  PROP_FIRST_LAYER,
  PROP_LAST_LAYER,
  PROP_N_MOVES,
  PROP_MOVE,
  PROP_PLAYING,
  PROP_SPEED,
  PROP_TIME,
  PROP_SHOW_PERIMETERS,
  PROP_SHOW_FILL,
  PROP_SHOW_TRAVEL,
  PROP_GHOST,
  PROP_CLIP_AXIS,
  PROP_CLIP_POSITION,
  PROP_CLIP_FLIP,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static MeltPathRenderer *
paths (MeltPreview *self)
{
  return melt_viewport_get_paths (self->viewport);
}

static guint
layer_size (MeltPreview *self,
            guint        layer)
{
  return layer < self->n_layers ? self->layer_start[layer + 1] - self->layer_start[layer] : 0;
}

/**
 * melt_preview_get_segment_end:
 * @self: a #MeltPreview
 *
 * Returns: how many segments, from the toolpath's first, the move slider
 *   leaves shown: those before the top layer and @move of it, or
 *   %MELT_PATH_NO_SEGMENT when the whole top layer shows
 */
guint
melt_preview_get_segment_end (MeltPreview *self)
{
  g_return_val_if_fail (MELT_IS_PREVIEW (self), MELT_PATH_NO_SEGMENT);

  if (self->n_layers == 0 || self->move >= layer_size (self, self->last_layer))
    return MELT_PATH_NO_SEGMENT;
  return self->layer_start[self->last_layer] + self->move;
}

/* The time shown: where the last segment drawn ends (0 when none is) */
static double
time_shown (MeltPreview *self)
{
  guint end = melt_preview_get_segment_end (self);
  const double *starts;
  const float *durations;

  if (self->n_segments == 0)
    return 0.0;
  if (end == MELT_PATH_NO_SEGMENT)
    end = self->layer_start[self->last_layer + 1];
  if (end == 0)
    return 0.0;
  starts = melt_toolpath_get_start_times (self->toolpath);
  durations = melt_toolpath_get_durations (self->toolpath);
  return starts[end - 1] + durations[end - 1];
}

static void
apply_range (MeltPreview *self)
{
  MeltPathRenderer *renderer = paths (self);

  melt_path_renderer_set_layer_range (renderer, self->first_layer, self->last_layer);
  melt_path_renderer_set_segment_end (renderer, melt_preview_get_segment_end (self));
  melt_viewport_redraw (self->viewport);

  if (!self->playing)
    {
      self->time = time_shown (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);
    }
}

static void
apply_colors (MeltPreview *self)
{
  double min = NAN, max = NAN;

  if (self->toolpath == NULL)
    return;
  melt_path_renderer_color_by (paths (self), self->color_by,
                               melt_path_document_get_process (self->document),
                               self->log_scale, &min, &max);
  self->value_min = min;
  self->value_max = max;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE_MIN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE_MAX]);
  melt_viewport_redraw (self->viewport);
}

static void
apply_clip (MeltPreview *self)
{
  melt_path_renderer_set_clip (paths (self), self->clip_axis, self->clip_position, self->clip_flip);
  melt_viewport_redraw (self->viewport);
}

static void
apply_visibility (MeltPreview *self)
{
  MeltRenderer *renderer = melt_viewport_get_renderer (self->viewport);

  for (guint k = 0; k < 3; k++)
    melt_path_renderer_set_kind_visible (paths (self), k, self->show[k]);
  melt_renderer_set_mesh_style (renderer, self->toolpath == NULL ? MELT_MESH_STYLE_SOLID
                                          : self->ghost ? MELT_MESH_STYLE_GHOST : MELT_MESH_STYLE_HIDDEN);
  melt_viewport_redraw (self->viewport);
}

/* Playback */

static guint
segment_at_time (MeltPreview *self,
                 double       t)
{
  const double *starts = melt_toolpath_get_start_times (self->toolpath);
  guint lo = 0, hi = self->n_segments;

  /* the last segment started at or before t */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 ? lo - 1 : 0;
}

static void
show_up_to (MeltPreview *self,
            guint        segment)
{
  const guint32 *layers = melt_toolpath_get_layers (self->toolpath);
  guint layer = layers[segment];

  g_object_freeze_notify (G_OBJECT (self));
  if (layer != self->last_layer)
    {
      self->last_layer = layer;
      if (self->first_layer > layer)
        {
          self->first_layer = layer;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_LAYER]);
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_LAYER]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MOVES]);
    }
  self->move = segment - self->layer_start[layer] + 1;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOVE]);
  apply_range (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  MeltPreview *self = user_data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double end;

  if (self->last_frame_us != 0)
    self->time += (now - self->last_frame_us) / 1e6 * self->speed;
  self->last_frame_us = now;

  end = self->n_segments > 0 ? melt_toolpath_get_start_times (self->toolpath)[self->n_segments - 1] : 0.0;
  if (self->n_segments == 0 || self->time >= end)
    {
      if (self->n_segments > 0)
        show_up_to (self, self->n_segments - 1);
      self->tick_id = 0;
      melt_preview_set_playing (self, FALSE);
      return G_SOURCE_REMOVE;
    }
  show_up_to (self, segment_at_time (self, self->time));
  return G_SOURCE_CONTINUE;
}

void
melt_preview_set_playing (MeltPreview *self,
                          gboolean     playing)
{
  g_return_if_fail (MELT_IS_PREVIEW (self));

  playing = !!playing && self->n_segments > 0;
  if (self->playing == playing)
    return;
  self->playing = playing;

  if (playing)
    {
      const double *starts = melt_toolpath_get_start_times (self->toolpath);

      /* from where the view is, or from the first layer shown when at the end */
      self->time = time_shown (self);
      if (self->time >= starts[self->n_segments - 1])
        self->time = starts[self->layer_start[self->first_layer]];
      self->last_frame_us = 0;
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->viewport), tick_cb, self, NULL);
    }
  else if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->viewport), self->tick_id);
      self->tick_id = 0;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

gboolean
melt_preview_get_playing (MeltPreview *self)
{
  g_return_val_if_fail (MELT_IS_PREVIEW (self), FALSE);

  return self->playing;
}

/* GObject */

static void
melt_preview_dispose (GObject *object)
{
  MeltPreview *self = (MeltPreview *) object;

  if (self->tick_id != 0 && self->viewport != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->viewport), self->tick_id);
  self->tick_id = 0;
  g_clear_object (&self->viewport);
  g_clear_object (&self->document);
  g_clear_object (&self->toolpath);

  G_OBJECT_CLASS (melt_preview_parent_class)->dispose (object);
}

static void
melt_preview_finalize (GObject *object)
{
  MeltPreview *self = (MeltPreview *) object;

  g_clear_pointer (&self->layer_start, g_free);

  G_OBJECT_CLASS (melt_preview_parent_class)->finalize (object);
}

static void
melt_preview_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MeltPreview *self = MELT_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_VIEWPORT: g_value_set_object (value, self->viewport); break;
    case PROP_DOCUMENT: g_value_set_object (value, self->document); break;
    case PROP_COLOR_BY: g_value_set_enum (value, self->color_by); break;
    case PROP_LOG_SCALE: g_value_set_boolean (value, self->log_scale); break;
    case PROP_VALUE_MIN: g_value_set_double (value, self->value_min); break;
    case PROP_VALUE_MAX: g_value_set_double (value, self->value_max); break;
    case PROP_N_LAYERS: g_value_set_uint (value, self->n_layers); break;
    case PROP_FIRST_LAYER: g_value_set_uint (value, self->first_layer); break;
    case PROP_LAST_LAYER: g_value_set_uint (value, self->last_layer); break;
    case PROP_N_MOVES: g_value_set_uint (value, melt_preview_get_n_moves (self)); break;
    case PROP_MOVE: g_value_set_uint (value, self->move); break;
    case PROP_PLAYING: g_value_set_boolean (value, self->playing); break;
    case PROP_SPEED: g_value_set_double (value, self->speed); break;
    case PROP_TIME: g_value_set_double (value, self->time); break;
    case PROP_SHOW_PERIMETERS: g_value_set_boolean (value, self->show[MELT_SEGMENT_PERIMETER]); break;
    case PROP_SHOW_FILL: g_value_set_boolean (value, self->show[MELT_SEGMENT_FILL]); break;
    case PROP_SHOW_TRAVEL: g_value_set_boolean (value, self->show[MELT_SEGMENT_TRAVEL]); break;
    case PROP_GHOST: g_value_set_boolean (value, self->ghost); break;
    case PROP_CLIP_AXIS: g_value_set_int (value, self->clip_axis); break;
    case PROP_CLIP_POSITION: g_value_set_double (value, self->clip_position); break;
    case PROP_CLIP_FLIP: g_value_set_boolean (value, self->clip_flip); break;
    case PROP_SELECTED: g_value_set_uint (value, self->selected); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_show (MeltPreview     *self,
          MeltSegmentKind  kind,
          gboolean         show,
          guint            prop)
{
  show = !!show;
  if (self->show[kind] == show)
    return;
  self->show[kind] = show;
  apply_visibility (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
melt_preview_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MeltPreview *self = MELT_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_VIEWPORT:
      self->viewport = g_value_dup_object (value);
      break;
    case PROP_DOCUMENT:
      melt_preview_set_document (self, g_value_get_object (value));
      break;
    case PROP_COLOR_BY:
      melt_preview_set_color_by (self, g_value_get_enum (value));
      break;
    case PROP_LOG_SCALE:
      if (self->log_scale != g_value_get_boolean (value))
        {
          self->log_scale = g_value_get_boolean (value);
          apply_colors (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_FIRST_LAYER:
      melt_preview_set_layers (self, g_value_get_uint (value), MAX (self->last_layer, g_value_get_uint (value)));
      break;
    case PROP_LAST_LAYER:
      melt_preview_set_layers (self, MIN (self->first_layer, g_value_get_uint (value)), g_value_get_uint (value));
      break;
    case PROP_MOVE:
      melt_preview_set_move (self, g_value_get_uint (value));
      break;
    case PROP_PLAYING:
      melt_preview_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_SPEED:
      if (self->speed != g_value_get_double (value))
        {
          self->speed = g_value_get_double (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SHOW_PERIMETERS:
      set_show (self, MELT_SEGMENT_PERIMETER, g_value_get_boolean (value), prop_id);
      break;
    case PROP_SHOW_FILL:
      set_show (self, MELT_SEGMENT_FILL, g_value_get_boolean (value), prop_id);
      break;
    case PROP_SHOW_TRAVEL:
      set_show (self, MELT_SEGMENT_TRAVEL, g_value_get_boolean (value), prop_id);
      break;
    case PROP_GHOST:
      if (self->ghost != g_value_get_boolean (value))
        {
          self->ghost = g_value_get_boolean (value);
          apply_visibility (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_CLIP_AXIS:
      if (self->clip_axis != g_value_get_int (value))
        {
          self->clip_axis = g_value_get_int (value);
          apply_clip (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_CLIP_POSITION:
      if (self->clip_position != g_value_get_double (value))
        {
          self->clip_position = g_value_get_double (value);
          apply_clip (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_CLIP_FLIP:
      if (self->clip_flip != g_value_get_boolean (value))
        {
          self->clip_flip = g_value_get_boolean (value);
          apply_clip (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SELECTED:
      melt_preview_set_selected (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_preview_class_init (MeltPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = melt_preview_dispose;
  object_class->finalize = melt_preview_finalize;
  object_class->get_property = melt_preview_get_property;
  object_class->set_property = melt_preview_set_property;

  properties[PROP_VIEWPORT] =
    g_param_spec_object ("viewport", NULL, NULL, MELT_TYPE_VIEWPORT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, MELT_TYPE_PATH_DOCUMENT, rw);
  properties[PROP_COLOR_BY] =
    g_param_spec_enum ("color-by", NULL, NULL, MELT_TYPE_PATH_ATTRIBUTE,
                       MELT_PATH_ATTRIBUTE_FEATURE, rw);
  properties[PROP_LOG_SCALE] = g_param_spec_boolean ("log-scale", NULL, NULL, FALSE, rw);
  properties[PROP_VALUE_MIN] = g_param_spec_double ("value-min", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, ro);
  properties[PROP_VALUE_MAX] = g_param_spec_double ("value-max", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, ro);
  properties[PROP_N_LAYERS] = g_param_spec_uint ("n-layers", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_FIRST_LAYER] = g_param_spec_uint ("first-layer", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_LAST_LAYER] = g_param_spec_uint ("last-layer", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_N_MOVES] = g_param_spec_uint ("n-moves", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_MOVE] = g_param_spec_uint ("move", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_PLAYING] = g_param_spec_boolean ("playing", NULL, NULL, FALSE, rw);
  properties[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, 0.01, 1e7, 100.0, rw);
  properties[PROP_TIME] = g_param_spec_double ("time", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_SHOW_PERIMETERS] = g_param_spec_boolean ("show-perimeters", NULL, NULL, TRUE, rw);
  properties[PROP_SHOW_FILL] = g_param_spec_boolean ("show-fill", NULL, NULL, TRUE, rw);
  properties[PROP_SHOW_TRAVEL] = g_param_spec_boolean ("show-travel", NULL, NULL, TRUE, rw);
  properties[PROP_GHOST] = g_param_spec_boolean ("ghost", NULL, NULL, TRUE, rw);
  properties[PROP_CLIP_AXIS] = g_param_spec_int ("clip-axis", NULL, NULL, -1, 2, -1, rw);
  properties[PROP_CLIP_POSITION] =
    g_param_spec_double ("clip-position", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, rw);
  properties[PROP_CLIP_FLIP] = g_param_spec_boolean ("clip-flip", NULL, NULL, FALSE, rw);
  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL, 0, G_MAXUINT, MELT_PATH_NO_SEGMENT, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
melt_preview_init (MeltPreview *self)
{
  self->speed = 100.0;
  self->show[MELT_SEGMENT_PERIMETER] = TRUE;
  self->show[MELT_SEGMENT_FILL] = TRUE;
  self->show[MELT_SEGMENT_TRAVEL] = TRUE;
  self->ghost = TRUE;
  self->clip_axis = -1;
  self->selected = MELT_PATH_NO_SEGMENT;
  self->value_min = self->value_max = NAN;
}

MeltPreview *
melt_preview_new (MeltViewport *viewport)
{
  g_return_val_if_fail (MELT_IS_VIEWPORT (viewport), NULL);

  return g_object_new (MELT_TYPE_PREVIEW, "viewport", viewport, NULL);
}

MeltViewport *
melt_preview_get_viewport (MeltPreview *self)
{
  g_return_val_if_fail (MELT_IS_PREVIEW (self), NULL);

  return self->viewport;
}

MeltPathDocument *
melt_preview_get_document (MeltPreview *self)
{
  g_return_val_if_fail (MELT_IS_PREVIEW (self), NULL);

  return self->document;
}

/**
 * melt_preview_set_document:
 * @self: a #MeltPreview
 * @document: (nullable): the plan or G-code to show, %NULL to show the part alone
 *
 * Shows every layer of @document, coloured as before, with nothing picked.
 */
void
melt_preview_set_document (MeltPreview      *self,
                           MeltPathDocument *document)
{
  const guint32 *layers;

  g_return_if_fail (MELT_IS_PREVIEW (self));
  g_return_if_fail (document == NULL || MELT_IS_PATH_DOCUMENT (document));

  if (self->document == document)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  melt_preview_set_playing (self, FALSE);
  g_set_object (&self->document, document);
  g_clear_object (&self->toolpath);
  if (document != NULL)
    self->toolpath = g_object_ref (melt_path_document_get_toolpath (document));
  self->n_segments = self->toolpath != NULL ? melt_toolpath_get_n_segments (self->toolpath) : 0;
  self->n_layers = self->n_segments > 0 ? melt_toolpath_get_n_layers (self->toolpath) : 0;
  g_clear_pointer (&self->layer_start, g_free);
  self->layer_start = g_new0 (guint, self->n_layers + 1);
  layers = self->n_segments > 0 ? melt_toolpath_get_layers (self->toolpath) : NULL;
  for (guint i = 0, layer = 0; i < self->n_segments; i++)
    while (layer < layers[i])
      self->layer_start[++layer] = i;
  for (guint layer = self->n_segments > 0 ? layers[self->n_segments - 1] + 1 : 0; layer <= self->n_layers; layer++)
    self->layer_start[layer] = self->n_segments;

  self->first_layer = 0;
  self->last_layer = self->n_layers > 0 ? self->n_layers - 1 : 0;
  self->move = layer_size (self, self->last_layer);
  self->selected = MELT_PATH_NO_SEGMENT;

  melt_viewport_set_toolpath (self->viewport, self->toolpath,
                              document != NULL && melt_path_document_get_z_is_bead_top (document));
  melt_path_renderer_set_highlight (paths (self), MELT_PATH_NO_SEGMENT);
  if (self->toolpath != NULL)
    {
      apply_colors (self);
      apply_visibility (self);
      apply_clip (self);
      apply_range (self);
    }
  else
    apply_visibility (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LAYERS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_LAYER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_LAYER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MOVES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOVE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  g_object_thaw_notify (G_OBJECT (self));
}

MeltPathAttribute
melt_preview_get_color_by (MeltPreview *self)
{
  g_return_val_if_fail (MELT_IS_PREVIEW (self), MELT_PATH_ATTRIBUTE_FEATURE);

  return self->color_by;
}

void
melt_preview_set_color_by (MeltPreview       *self,
                           MeltPathAttribute  attribute)
{
  g_return_if_fail (MELT_IS_PREVIEW (self));

  if (self->color_by == attribute)
    return;
  self->color_by = attribute;
  apply_colors (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR_BY]);
}

/**
 * melt_preview_get_value_range:
 * @self: a #MeltPreview
 * @min: (out): the value at the low end of the colour scale (NAN: none)
 * @max: (out): at the high end
 */
void
melt_preview_get_value_range (MeltPreview *self,
                              double      *min,
                              double      *max)
{
  g_return_if_fail (MELT_IS_PREVIEW (self));

  *min = self->value_min;
  *max = self->value_max;
}

guint
melt_preview_get_n_layers (MeltPreview *self)
{
  g_return_val_if_fail (MELT_IS_PREVIEW (self), 0);

  return self->n_layers;
}

guint
melt_preview_get_first_layer (MeltPreview *self)
{
  g_return_val_if_fail (MELT_IS_PREVIEW (self), 0);

  return self->first_layer;
}

guint
melt_preview_get_last_layer (MeltPreview *self)
{
  g_return_val_if_fail (MELT_IS_PREVIEW (self), 0);

  return self->last_layer;
}

/**
 * melt_preview_set_layers:
 * @self: a #MeltPreview
 * @first: the lowest layer shown, from 0
 * @last: the highest, at least @first
 *
 * Shows layers @first to @last, the top one whole.
 */
void
melt_preview_set_layers (MeltPreview *self,
                         guint        first,
                         guint        last)
{
  gboolean first_changed, last_changed;

  g_return_if_fail (MELT_IS_PREVIEW (self));

  if (self->n_layers == 0)
    return;
  last = MIN (last, self->n_layers - 1);
  first = MIN (first, last);
  first_changed = first != self->first_layer;
  last_changed = last != self->last_layer;
  if (!first_changed && !last_changed)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->first_layer = first;
  self->last_layer = last;
  self->move = layer_size (self, last);
  apply_range (self);
  if (first_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_LAYER]);
  if (last_changed)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_LAYER]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MOVES]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOVE]);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * melt_preview_get_n_moves:
 * @self: a #MeltPreview
 *
 * Returns: the segments of the top layer shown (the move slider's range)
 */
guint
melt_preview_get_n_moves (MeltPreview *self)
{
  g_return_val_if_fail (MELT_IS_PREVIEW (self), 0);

  return layer_size (self, self->last_layer);
}

guint
melt_preview_get_move (MeltPreview *self)
{
  g_return_val_if_fail (MELT_IS_PREVIEW (self), 0);

  return self->move;
}

/**
 * melt_preview_set_move:
 * @self: a #MeltPreview
 * @move: how many segments of the top layer to show, from 0 to all
 */
void
melt_preview_set_move (MeltPreview *self,
                       guint        move)
{
  g_return_if_fail (MELT_IS_PREVIEW (self));

  move = MIN (move, layer_size (self, self->last_layer));
  if (self->move == move)
    return;
  self->move = move;
  apply_range (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOVE]);
}

double
melt_preview_get_time (MeltPreview *self)
{
  g_return_val_if_fail (MELT_IS_PREVIEW (self), 0.0);

  return self->time;
}

guint
melt_preview_get_selected (MeltPreview *self)
{
  g_return_val_if_fail (MELT_IS_PREVIEW (self), MELT_PATH_NO_SEGMENT);

  return self->selected;
}

/**
 * melt_preview_set_selected:
 * @self: a #MeltPreview
 * @segment: the segment picked, or %MELT_PATH_NO_SEGMENT
 *
 * Highlights the bead picked.
 */
void
melt_preview_set_selected (MeltPreview *self,
                           guint        segment)
{
  g_return_if_fail (MELT_IS_PREVIEW (self));

  if (segment >= self->n_segments)
    segment = MELT_PATH_NO_SEGMENT;
  if (self->selected == segment)
    return;
  self->selected = segment;
  melt_path_renderer_set_highlight (paths (self), segment);
  melt_viewport_redraw (self->viewport);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}
