/* melt-path-legend.c: the colour legend of the deposition-path preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-path-legend"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "melt-colormap.h"
#include "melt-path-legend.h"
#include "melt-ticks.h"
#include "melt-toolpath.h"

/* The legend shows either a continuous value (a heading such as "Speed (mm/s)", a
 * gradient bar from melt-colormap and ticks from melt-ticks underneath) or kinds of
 * things (the heading and a row of swatches with names, wrapping when narrow).
 *
 *   Speed (mm/s)                         heading
 *   ████████████████████████████         bar
 *   |      |      |      |      |        ticks
 *   0     25     50     75    100        labels
 *
 * Sizes are in pixels; text follows the widget's font and foreground colour.
 */

#define NATURAL_WIDTH      260
#define MIN_BAR_WIDTH      120
#define HEADING_GAP        4
#define BAR_HEIGHT         12
#define BAR_RADIUS         3.0f
#define TICK_LENGTH        4
#define LABEL_GAP          1
#define LABEL_SPACING      8
#define N_GRADIENT_STOPS   33
#define N_TICKS_WANTED     5
#define SWATCH_SIZE        12
#define SWATCH_RADIUS      3.0f
#define SWATCH_NAME_GAP    5
#define ITEM_SPACING       14
#define ROW_SPACING        4
#define OUTLINE_ALPHA      0.18f
#define TICK_ALPHA         0.6f
#define LABEL_SCALE        0.9

struct _MeltPathLegend
{
  GtkWidget  parent_instance;

  char      *title;
  char      *unit;
  char      *heading;

  double     min;
  double     max;
  gboolean   log_scale;
  GArray    *ticks;          /* double */
  GPtrArray *tick_labels;    /* char * */

  GPtrArray *category_names; /* char *; empty in the continuous mode */
  float     (*category_colors)[3];
};

G_DEFINE_FINAL_TYPE (MeltPathLegend, melt_path_legend, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_UNIT,
  PROP_MIN,
  PROP_MAX,
  PROP_LOG_SCALE,
  PROP_DISCRETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Where everything goes at one width */
typedef struct
{
  int              width;
  int              height;

  PangoLayout     *heading;        /* NULL without a title */
  int              heading_height;

  /* continuous mode */
  graphene_rect_t  bar;
  GPtrArray       *labels;         /* PangoLayout per tick */
  double          *tick_x;
  int             *label_x;
  int              label_y;
  guint            label_stride;   /* every label_stride-th label shows */

  /* discrete mode */
  GPtrArray       *names;          /* PangoLayout per category */
  graphene_rect_t *swatches;
  int             *name_x;
  int             *name_y;
} LegendLayout;

static gboolean
is_discrete (MeltPathLegend *self)
{
  return self->category_names->len > 0;
}

static int
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static int
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static PangoLayout *
create_label_layout (MeltPathLegend *self,
                     const char     *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (LABEL_SCALE));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  return layout;
}

static PangoLayout *
create_heading_layout (MeltPathLegend *self)
{
  PangoLayout *layout;
  PangoAttrList *attrs;

  if (self->heading == NULL || self->heading[0] == '\0')
    return NULL;

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->heading);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);

  return layout;
}

/* The width of a swatch with its name, unwrapped */
static int
item_width (PangoLayout *name)
{
  return SWATCH_SIZE + SWATCH_NAME_GAP + layout_width (name);
}

static int
content_top (LegendLayout *layout)
{
  return layout->heading != NULL ? layout->heading_height + HEADING_GAP : 0;
}

static void
layout_continuous (MeltPathLegend *self,
                   LegendLayout   *layout)
{
  guint n = self->ticks->len;
  int label_height = 0;
  double inset = 0.0;
  int top = content_top (layout);

  layout->labels = g_ptr_array_new_with_free_func (g_object_unref);
  layout->tick_x = g_new0 (double, MAX (n, 1));
  layout->label_x = g_new0 (int, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (layout->labels, create_label_layout (self, g_ptr_array_index (self->tick_labels, i)));

  /* A line of label height even without ticks, so the size does not jump */
  {
    g_autoptr(PangoLayout) probe = create_label_layout (self, "0123456789");

    label_height = layout_height (probe);
  }

  /* Leave room for the end labels to centre under the ends of the bar */
  if (n > 0)
    {
      inset = 0.5 * MAX (layout_width (g_ptr_array_index (layout->labels, 0)),
                         layout_width (g_ptr_array_index (layout->labels, n - 1)));
      inset = ceil (MIN (inset, 0.25 * layout->width));
    }

  graphene_rect_init (&layout->bar, inset, top, MAX (layout->width - 2.0 * inset, 1.0), BAR_HEIGHT);
  layout->label_y = top + BAR_HEIGHT + TICK_LENGTH + LABEL_GAP;
  layout->height = layout->label_y + label_height;

  for (guint i = 0; i < n; i++)
    {
      double value = g_array_index (self->ticks, double, i);
      double t = melt_colormap_normalize (value, self->min, self->max, self->log_scale);
      PangoLayout *label = g_ptr_array_index (layout->labels, i);
      int w = layout_width (label);
      int x;

      if (isnan (t))
        t = 0.5;

      layout->tick_x[i] = layout->bar.origin.x + t * layout->bar.size.width;
      x = (int) round (layout->tick_x[i] - 0.5 * w);
      layout->label_x[i] = CLAMP (x, 0, MAX (layout->width - w, 0));
    }

  /* Show every label when they fit, else every second, third... */
  for (layout->label_stride = 1; layout->label_stride < MAX (n, 1); layout->label_stride++)
    {
      gboolean fits = TRUE;
      int right = G_MININT;

      for (guint i = 0; i < n && fits; i += layout->label_stride)
        {
          if (layout->label_x[i] < right + LABEL_SPACING)
            fits = FALSE;
          right = layout->label_x[i] + layout_width (g_ptr_array_index (layout->labels, i));
        }

      if (fits)
        break;
    }
}

static void
layout_discrete (MeltPathLegend *self,
                 LegendLayout   *layout)
{
  guint n = self->category_names->len;
  int x = 0, y = content_top (layout), row_height = 0;

  layout->names = g_ptr_array_new_with_free_func (g_object_unref);
  layout->swatches = g_new0 (graphene_rect_t, n);
  layout->name_x = g_new0 (int, n);
  layout->name_y = g_new0 (int, n);

  for (guint i = 0; i < n; i++)
    {
      PangoLayout *name = create_label_layout (self, g_ptr_array_index (self->category_names, i));
      int max_name_width = MAX (layout->width - SWATCH_SIZE - SWATCH_NAME_GAP, 1);
      int h, w;

      pango_layout_set_ellipsize (name, PANGO_ELLIPSIZE_END);
      pango_layout_set_width (name, max_name_width * PANGO_SCALE);
      g_ptr_array_add (layout->names, name);

      w = item_width (name);
      h = MAX (layout_height (name), SWATCH_SIZE);

      /* Wrap to a new row when this item does not fit on the current one */
      if (x > 0 && x + w > layout->width)
        {
          x = 0;
          y += row_height + ROW_SPACING;
          row_height = 0;
        }

      graphene_rect_init (&layout->swatches[i], x, y + floor (0.5 * (h - SWATCH_SIZE)), SWATCH_SIZE, SWATCH_SIZE);
      layout->name_x[i] = x + SWATCH_SIZE + SWATCH_NAME_GAP;
      layout->name_y[i] = y + (h - layout_height (name)) / 2;

      x += w + ITEM_SPACING;
      row_height = MAX (row_height, h);
    }

  layout->height = y + row_height;
}

static void
legend_layout_init (MeltPathLegend *self,
                    int             width,
                    LegendLayout   *layout)
{
  memset (layout, 0, sizeof *layout);

  layout->width = MAX (width, 1);
  layout->heading = create_heading_layout (self);
  if (layout->heading != NULL)
    {
      pango_layout_set_width (layout->heading, layout->width * PANGO_SCALE);
      layout->heading_height = layout_height (layout->heading);
    }

  if (is_discrete (self))
    layout_discrete (self, layout);
  else
    layout_continuous (self, layout);
}

static void
legend_layout_clear (LegendLayout *layout)
{
  g_clear_object (&layout->heading);
  g_clear_pointer (&layout->labels, g_ptr_array_unref);
  g_clear_pointer (&layout->tick_x, g_free);
  g_clear_pointer (&layout->label_x, g_free);
  g_clear_pointer (&layout->names, g_ptr_array_unref);
  g_clear_pointer (&layout->swatches, g_free);
  g_clear_pointer (&layout->name_x, g_free);
  g_clear_pointer (&layout->name_y, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LegendLayout, legend_layout_clear)

static void
get_foreground (MeltPathLegend *self,
                GdkRGBA        *color)
{
  /* gtk_widget_get_color() is GTK 4.10; this is 4.8's way */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
append_text (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             int            x,
             int            y,
             const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* A rounded patch of colour with a faint outline in the text colour, which keeps
 * light colours visible on light backgrounds and dark ones on dark */
static void
append_outline (GtkSnapshot           *snapshot,
                const GskRoundedRect  *outline,
                const GdkRGBA         *foreground)
{
  GdkRGBA color = *foreground;
  const float widths[4] = { 1.0f, 1.0f, 1.0f, 1.0f };
  GdkRGBA colors[4];

  color.alpha *= OUTLINE_ALPHA;
  for (guint k = 0; k < 4; k++)
    colors[k] = color;

  gtk_snapshot_append_border (snapshot, outline, widths, colors);
}

static void
snapshot_bar (MeltPathLegend *self,
              GtkSnapshot    *snapshot,
              LegendLayout   *layout,
              const GdkRGBA  *foreground)
{
  GskColorStop stops[N_GRADIENT_STOPS];
  GskRoundedRect outline;
  const graphene_rect_t *bar = &layout->bar;
  GdkRGBA tick_color = *foreground;

  for (guint i = 0; i < N_GRADIENT_STOPS; i++)
    {
      float rgb[3];

      stops[i].offset = (float) i / (N_GRADIENT_STOPS - 1);
      melt_colormap_lookup (stops[i].offset, rgb);
      stops[i].color = (GdkRGBA) { rgb[0], rgb[1], rgb[2], 1.0f };
    }

  gsk_rounded_rect_init_from_rect (&outline, bar, BAR_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);
  gtk_snapshot_append_linear_gradient (snapshot, bar,
                                       &GRAPHENE_POINT_INIT (bar->origin.x, 0),
                                       &GRAPHENE_POINT_INIT (bar->origin.x + bar->size.width, 0),
                                       stops, N_GRADIENT_STOPS);
  gtk_snapshot_pop (snapshot);
  append_outline (snapshot, &outline, foreground);

  tick_color.alpha *= TICK_ALPHA;
  for (guint i = 0; i < layout->labels->len; i++)
    {
      /* One pixel wide, on whole pixels, inside the bar's ends */
      double x = CLAMP (floor (layout->tick_x[i]), bar->origin.x, bar->origin.x + bar->size.width - 1.0);

      gtk_snapshot_append_color (snapshot, &tick_color,
                                 &GRAPHENE_RECT_INIT (x, bar->origin.y + bar->size.height,
                                                      1.0f, TICK_LENGTH));

      if (i % layout->label_stride == 0)
        append_text (snapshot, g_ptr_array_index (layout->labels, i),
                     layout->label_x[i], layout->label_y, foreground);
    }
}

static void
snapshot_swatches (MeltPathLegend *self,
                   GtkSnapshot    *snapshot,
                   LegendLayout   *layout,
                   const GdkRGBA  *foreground)
{
  for (guint i = 0; i < layout->names->len; i++)
    {
      const float *rgb = self->category_colors[i];
      GdkRGBA color = { rgb[0], rgb[1], rgb[2], 1.0f };
      GskRoundedRect outline;

      gsk_rounded_rect_init_from_rect (&outline, &layout->swatches[i], SWATCH_RADIUS);
      gtk_snapshot_push_rounded_clip (snapshot, &outline);
      gtk_snapshot_append_color (snapshot, &color, &layout->swatches[i]);
      gtk_snapshot_pop (snapshot);
      append_outline (snapshot, &outline, foreground);

      append_text (snapshot, g_ptr_array_index (layout->names, i),
                   layout->name_x[i], layout->name_y[i], foreground);
    }
}

static void
melt_path_legend_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  MeltPathLegend *self = MELT_PATH_LEGEND (widget);
  g_auto(LegendLayout) layout = { 0 };
  GdkRGBA foreground;

  get_foreground (self, &foreground);
  legend_layout_init (self, gtk_widget_get_width (widget), &layout);

  if (layout.heading != NULL)
    append_text (snapshot, layout.heading, 0, 0, &foreground);

  if (is_discrete (self))
    snapshot_swatches (self, snapshot, &layout, &foreground);
  else
    snapshot_bar (self, snapshot, &layout, &foreground);
}

static GtkSizeRequestMode
melt_path_legend_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
melt_path_legend_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  MeltPathLegend *self = MELT_PATH_LEGEND (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int min_width = MIN_BAR_WIDTH;

      /* The widest swatch with its name; the heading ellipsizes */
      if (is_discrete (self))
        {
          for (guint i = 0; i < self->category_names->len; i++)
            {
              g_autoptr(PangoLayout) name = create_label_layout (self, g_ptr_array_index (self->category_names, i));

              min_width = MAX (min_width, item_width (name));
            }
        }

      *minimum = min_width;
      *natural = MAX (min_width, NATURAL_WIDTH);
    }
  else
    {
      g_auto(LegendLayout) layout = { 0 };

      legend_layout_init (self, for_size >= 0 ? for_size : NATURAL_WIDTH, &layout);
      *minimum = *natural = layout.height;
    }
}

static void
update_accessible (MeltPathLegend *self)
{
  g_autofree char *description = NULL;

  if (is_discrete (self))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) names = NULL;

      for (guint i = 0; i < self->category_names->len; i++)
        g_strv_builder_add (builder, g_ptr_array_index (self->category_names, i));
      names = g_strv_builder_end (builder);
      description = g_strjoinv (", ", names);
    }
  else if (isfinite (self->min) && isfinite (self->max))
    {
      g_autofree char *min = melt_ticks_format (self->min, 0.0);
      g_autofree char *max = melt_ticks_format (self->max, 0.0);

      if (self->log_scale)
        /* TRANSLATORS: describes a colour scale to screen readers; %s are the lowest
         * and highest values, as “10” and “250” */
        description = g_strdup_printf (_("From %s to %s, logarithmic scale"), min, max);
      else
        /* TRANSLATORS: describes a colour scale to screen readers; %s are the lowest
         * and highest values, as “10” and “250” */
        description = g_strdup_printf (_("From %s to %s"), min, max);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->heading ? self->heading : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description ? description : "",
                                  -1);
}

static void
update_ticks (MeltPathLegend *self)
{
  double step = 0.0;

  g_clear_pointer (&self->ticks, g_array_unref);
  g_ptr_array_set_size (self->tick_labels, 0);

  if (self->log_scale && self->min > 0.0)
    self->ticks = melt_ticks_log (self->min, self->max, N_TICKS_WANTED);
  else
    self->ticks = melt_ticks_linear (self->min, self->max, N_TICKS_WANTED, &step);

  for (guint i = 0; i < self->ticks->len; i++)
    {
      double value = g_array_index (self->ticks, double, i);
      double tick_step = step;

      /* Log ticks (1, 2, 5 × 10^k) carry their own precision, and so does a lone tick */
      if (tick_step <= 0.0)
        tick_step = self->log_scale && value > 0.0 ? value : 0.0;

      g_ptr_array_add (self->tick_labels, melt_ticks_format (value, tick_step));
    }
}

static void
melt_path_legend_finalize (GObject *object)
{
  MeltPathLegend *self = (MeltPathLegend *) object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->heading, g_free);
  g_clear_pointer (&self->ticks, g_array_unref);
  g_clear_pointer (&self->tick_labels, g_ptr_array_unref);
  g_clear_pointer (&self->category_names, g_ptr_array_unref);
  g_clear_pointer (&self->category_colors, g_free);

  G_OBJECT_CLASS (melt_path_legend_parent_class)->finalize (object);
}

static void
melt_path_legend_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MeltPathLegend *self = MELT_PATH_LEGEND (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;

    case PROP_MIN:
      g_value_set_double (value, self->min);
      break;

    case PROP_MAX:
      g_value_set_double (value, self->max);
      break;

    case PROP_LOG_SCALE:
      g_value_set_boolean (value, self->log_scale);
      break;

    case PROP_DISCRETE:
      g_value_set_boolean (value, is_discrete (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_path_legend_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MeltPathLegend *self = MELT_PATH_LEGEND (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      melt_path_legend_set_title (self, g_value_get_string (value), self->unit);
      break;

    case PROP_UNIT:
      melt_path_legend_set_title (self, self->title, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_path_legend_class_init (MeltPathLegendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = melt_path_legend_finalize;
  object_class->get_property = melt_path_legend_get_property;
  object_class->set_property = melt_path_legend_set_property;

  widget_class->snapshot = melt_path_legend_snapshot;
  widget_class->measure = melt_path_legend_measure;
  widget_class->get_request_mode = melt_path_legend_get_request_mode;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MIN] =
    g_param_spec_double ("min", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_MAX] =
    g_param_spec_double ("max", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 1.0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOG_SCALE] =
    g_param_spec_boolean ("log-scale", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_DISCRETE] =
    g_param_spec_boolean ("discrete", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "pathlegend");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
melt_path_legend_init (MeltPathLegend *self)
{
  self->min = 0.0;
  self->max = 1.0;
  self->tick_labels = g_ptr_array_new_with_free_func (g_free);
  self->category_names = g_ptr_array_new_with_free_func (g_free);

  update_ticks (self);
  update_accessible (self);
}

GtkWidget *
melt_path_legend_new (void)
{
  return g_object_new (MELT_TYPE_PATH_LEGEND, NULL);
}

/**
 * melt_path_legend_set_title:
 * @title: (nullable): what the colours show, as "Speed"
 * @unit: (nullable): its unit, as "mm/s"; %NULL or "" for none
 *
 * Sets the heading: "Speed (mm/s)", or the title alone without a unit. Both are
 * shown as given: translate them before.
 */
void
melt_path_legend_set_title (MeltPathLegend *self,
                            const char     *title,
                            const char     *unit)
{
  g_autofree char *heading = NULL;
  gboolean title_changed, unit_changed;

  g_return_if_fail (MELT_IS_PATH_LEGEND (self));

  if (unit != NULL && unit[0] == '\0')
    unit = NULL;

  title_changed = g_strcmp0 (title, self->title) != 0;
  unit_changed = g_strcmp0 (unit, self->unit) != 0;
  if (!title_changed && !unit_changed)
    return;

  /* Either may point into the strings being replaced */
  {
    char *new_title = g_strdup (title);
    char *new_unit = g_strdup (unit);

    g_free (self->title);
    g_free (self->unit);
    self->title = new_title;
    self->unit = new_unit;
  }

  if (self->title != NULL && self->unit != NULL)
    /* TRANSLATORS: the heading of a colour legend: a quantity and its unit, as
     * “Speed (mm/s)” */
    heading = g_strdup_printf (_("%s (%s)"), self->title, self->unit);
  else if (self->title != NULL)
    heading = g_strdup (self->title);
  else
    heading = g_strdup (self->unit);

  g_free (self->heading);
  self->heading = g_steal_pointer (&heading);

  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));

  if (title_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  if (unit_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
}

const char *
melt_path_legend_get_title (MeltPathLegend *self)
{
  g_return_val_if_fail (MELT_IS_PATH_LEGEND (self), NULL);

  return self->title;
}

const char *
melt_path_legend_get_unit (MeltPathLegend *self)
{
  g_return_val_if_fail (MELT_IS_PATH_LEGEND (self), NULL);

  return self->unit;
}

/**
 * melt_path_legend_get_heading:
 *
 * Returns: (nullable): the line above the scale, as "Speed (mm/s)"
 */
const char *
melt_path_legend_get_heading (MeltPathLegend *self)
{
  g_return_val_if_fail (MELT_IS_PATH_LEGEND (self), NULL);

  return self->heading;
}

/**
 * melt_path_legend_set_range:
 * @min: the value at the low (dark) end of the colour map
 * @max: the value at the high (light) end
 * @log_scale: whether colours follow log10 of the value, as
 *   melt_colormap_normalize() places them
 *
 * Shows the continuous scale (leaving the discrete mode) over this range, labelled
 * with ticks. A range given backwards is taken forwards. A logarithmic scale needs
 * @min > 0; otherwise the ticks are linear, as melt_colormap_normalize() is.
 */
void
melt_path_legend_set_range (MeltPathLegend *self,
                            double          min,
                            double          max,
                            gboolean        log_scale)
{
  gboolean min_changed, max_changed, log_changed;

  g_return_if_fail (MELT_IS_PATH_LEGEND (self));

  /* A range is what the continuous mode shows */
  if (is_discrete (self))
    melt_path_legend_set_categories (self, NULL, NULL, 0);

  log_scale = !!log_scale;
  if (min > max)
    {
      double swap = min;

      min = max;
      max = swap;
    }

  min_changed = min != self->min && !(isnan (min) && isnan (self->min));
  max_changed = max != self->max && !(isnan (max) && isnan (self->max));
  log_changed = log_scale != self->log_scale;
  if (!min_changed && !max_changed && !log_changed)
    return;

  self->min = min;
  self->max = max;
  self->log_scale = log_scale;

  update_ticks (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (min_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN]);
  if (max_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX]);
  if (log_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_SCALE]);
}

double
melt_path_legend_get_min (MeltPathLegend *self)
{
  g_return_val_if_fail (MELT_IS_PATH_LEGEND (self), 0.0);

  return self->min;
}

double
melt_path_legend_get_max (MeltPathLegend *self)
{
  g_return_val_if_fail (MELT_IS_PATH_LEGEND (self), 0.0);

  return self->max;
}

gboolean
melt_path_legend_get_log_scale (MeltPathLegend *self)
{
  g_return_val_if_fail (MELT_IS_PATH_LEGEND (self), FALSE);

  return self->log_scale;
}

guint
melt_path_legend_get_n_ticks (MeltPathLegend *self)
{
  g_return_val_if_fail (MELT_IS_PATH_LEGEND (self), 0);

  return self->ticks->len;
}

double
melt_path_legend_get_tick (MeltPathLegend *self,
                           guint           i)
{
  g_return_val_if_fail (MELT_IS_PATH_LEGEND (self), NAN);
  g_return_val_if_fail (i < self->ticks->len, NAN);

  return g_array_index (self->ticks, double, i);
}

const char *
melt_path_legend_get_tick_label (MeltPathLegend *self,
                                 guint           i)
{
  g_return_val_if_fail (MELT_IS_PATH_LEGEND (self), NULL);
  g_return_val_if_fail (i < self->tick_labels->len, NULL);

  return g_ptr_array_index (self->tick_labels, i);
}

/**
 * melt_path_legend_get_bar_bounds:
 * @bounds: (out): where the colour bar is drawn at the current width, in the
 *   widget's coordinates
 *
 * Returns: %FALSE in the discrete mode, which has no bar
 */
gboolean
melt_path_legend_get_bar_bounds (MeltPathLegend  *self,
                                 graphene_rect_t *bounds)
{
  g_auto(LegendLayout) layout = { 0 };

  g_return_val_if_fail (MELT_IS_PATH_LEGEND (self), FALSE);
  g_return_val_if_fail (bounds != NULL, FALSE);

  if (is_discrete (self))
    return FALSE;

  legend_layout_init (self, gtk_widget_get_width (GTK_WIDGET (self)), &layout);
  *bounds = layout.bar;

  return TRUE;
}

/**
 * melt_path_legend_set_categories:
 * @names: (array length=n): what each colour stands for, translated
 * @rgb: (array length=n): the colours, sRGB components in [0, 1]
 * @n: how many; 0 returns to the continuous mode
 *
 * Shows swatches with names instead of the colour bar (the discrete mode), as when
 * the preview colours path features rather than a value. The heading stays;
 * melt_path_legend_set_range() returns to the continuous mode.
 */
void
melt_path_legend_set_categories (MeltPathLegend     *self,
                                 const char * const *names,
                                 const float       (*rgb)[3],
                                 guint               n)
{
  GPtrArray *new_names;
  float (*new_colors)[3];
  gboolean was_discrete;

  g_return_if_fail (MELT_IS_PATH_LEGEND (self));
  g_return_if_fail (n == 0 || (names != NULL && rgb != NULL));

  was_discrete = is_discrete (self);

  /* Copied before the old ones go: @names may be this legend's own */
  new_names = g_ptr_array_new_full (n, g_free);
  new_colors = n > 0 ? g_malloc_n (n, sizeof *new_colors) : NULL;
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (new_names, g_strdup (names[i] != NULL ? names[i] : ""));
      for (guint k = 0; k < 3; k++)
        new_colors[i][k] = isnan (rgb[i][k]) ? MELT_COLORMAP_NAN_GREY : CLAMP (rgb[i][k], 0.0f, 1.0f);
    }

  g_clear_pointer (&self->category_names, g_ptr_array_unref);
  g_clear_pointer (&self->category_colors, g_free);
  self->category_names = new_names;
  self->category_colors = new_colors;

  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));

  if (was_discrete != is_discrete (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISCRETE]);
}

/**
 * melt_path_legend_set_feature_categories:
 *
 * Shows the kinds of path segment (perimeter, fill, travel, dwell) in the colours
 * of melt_colormap_feature_color(), under the heading "Path feature".
 */
void
melt_path_legend_set_feature_categories (MeltPathLegend *self)
{
  const char *names[MELT_COLORMAP_N_FEATURES];
  float rgb[MELT_COLORMAP_N_FEATURES][3];

  g_return_if_fail (MELT_IS_PATH_LEGEND (self));

  names[MELT_SEGMENT_PERIMETER] = C_("path feature", "Perimeter");
  names[MELT_SEGMENT_FILL] = C_("path feature", "Fill");
  names[MELT_SEGMENT_TRAVEL] = C_("path feature", "Travel");
  names[MELT_SEGMENT_DWELL] = C_("path feature", "Dwell");

  for (guint i = 0; i < MELT_COLORMAP_N_FEATURES; i++)
    melt_colormap_feature_color (i, rgb[i]);

  /* TRANSLATORS: the heading of the legend when the preview colours each segment of
   * the path by its kind: perimeter, fill, travel or dwell */
  melt_path_legend_set_title (self, _("Path feature"), NULL);

  melt_path_legend_set_categories (self, names, (const float (*)[3]) rgb, MELT_COLORMAP_N_FEATURES);
}

/**
 * melt_path_legend_get_discrete:
 *
 * Returns: whether the legend shows swatches (set_categories() with n > 0) rather
 *   than the colour bar
 */
gboolean
melt_path_legend_get_discrete (MeltPathLegend *self)
{
  g_return_val_if_fail (MELT_IS_PATH_LEGEND (self), FALSE);

  return is_discrete (self);
}

guint
melt_path_legend_get_n_categories (MeltPathLegend *self)
{
  g_return_val_if_fail (MELT_IS_PATH_LEGEND (self), 0);

  return self->category_names->len;
}

const char *
melt_path_legend_get_category_name (MeltPathLegend *self,
                                    guint           i)
{
  g_return_val_if_fail (MELT_IS_PATH_LEGEND (self), NULL);
  g_return_val_if_fail (i < self->category_names->len, NULL);

  return g_ptr_array_index (self->category_names, i);
}

void
melt_path_legend_get_category_color (MeltPathLegend *self,
                                     guint           i,
                                     float           rgb[3])
{
  g_return_if_fail (MELT_IS_PATH_LEGEND (self));
  g_return_if_fail (i < self->category_names->len);
  g_return_if_fail (rgb != NULL);

  for (guint k = 0; k < 3; k++)
    rgb[k] = self->category_colors[i][k];
}

/**
 * melt_path_legend_get_swatch_bounds:
 * @i: a category
 * @bounds: (out): where its swatch is drawn at the current width, in the widget's
 *   coordinates
 *
 * Returns: %FALSE in the continuous mode or for @i past the categories
 */
gboolean
melt_path_legend_get_swatch_bounds (MeltPathLegend  *self,
                                    guint            i,
                                    graphene_rect_t *bounds)
{
  g_auto(LegendLayout) layout = { 0 };

  g_return_val_if_fail (MELT_IS_PATH_LEGEND (self), FALSE);
  g_return_val_if_fail (bounds != NULL, FALSE);

  if (i >= self->category_names->len)
    return FALSE;

  legend_layout_init (self, gtk_widget_get_width (GTK_WIDGET (self)), &layout);
  *bounds = layout.swatches[i];

  return TRUE;
}
