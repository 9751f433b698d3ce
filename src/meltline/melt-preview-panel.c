/* melt-preview-panel.c: the Preview page: colour, visibility, section, the bead picked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-preview-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "melt-path-legend.h"
#include "melt-preview-panel.h"

/* Lines of G-code shown before and after the picked bead's own */
#define SOURCE_CONTEXT 3

struct _MeltPreviewPanel
{
  GtkWidget parent_instance;

  MeltPreview *preview;
  GPtrArray *bindings;
  GPtrArray *handlers;        /* signal handler ids on the preview */
  /* the colour choices offered, in the combo row's order */
  GArray *attributes;

  GtkStack *stack;
  AdwActionRow *source_row;
  AdwActionRow *size_row;
  AdwComboRow *color_row;
  AdwActionRow *log_row;
  GtkSwitch *log_switch;
  MeltPathLegend *legend;
  GtkSwitch *perimeters_switch;
  GtkSwitch *fill_switch;
  GtkSwitch *travel_switch;
  GtkSwitch *ghost_switch;
  AdwComboRow *clip_row;
  AdwActionRow *clip_position_row;
  AdwActionRow *clip_flip_row;
  GtkScale *clip_scale;
  GtkAdjustment *clip_adjustment;
  GtkSwitch *clip_flip_switch;
  AdwPreferencesGroup *bead_group;
  GtkListBox *bead_list;
  GtkLabel *source_text;
};

G_DEFINE_FINAL_TYPE (MeltPreviewPanel, melt_preview_panel, GTK_TYPE_WIDGET)

static void
update_legend (MeltPreviewPanel *self)
{
  MeltPathAttribute attribute = melt_preview_get_color_by (self->preview);
  double min, max;
  gboolean log_scale = FALSE;

  g_object_get (self->preview, "log-scale", &log_scale, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->log_row), !melt_path_attribute_is_discrete (attribute));
  if (melt_path_attribute_is_discrete (attribute))
    {
      melt_path_legend_set_feature_categories (self->legend);
      return;
    }
  melt_preview_get_value_range (self->preview, &min, &max);
  melt_path_legend_set_title (self->legend, melt_path_attribute_get_title (attribute),
                              melt_path_attribute_get_unit (attribute));
  melt_path_legend_set_range (self->legend, min, max, log_scale);
}

static void
on_value_range_cb (MeltPreviewPanel *self)
{
  update_legend (self);
}

/* The colours a toolpath can be shown by: those it has values for */
static void
fill_color_model (MeltPreviewPanel *self)
{
  MeltPathDocument *document = melt_preview_get_document (self->preview);
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  MeltPathAttribute current = melt_preview_get_color_by (self->preview);
  guint selected = 0;

  g_array_set_size (self->attributes, 0);
  for (guint a = 0; a < MELT_PATH_N_ATTRIBUTES; a++)
    {
      const char *unit = melt_path_attribute_get_unit (a);
      g_autofree char *title = NULL;

      if (document != NULL
          && !melt_path_attribute_available (a, melt_path_document_get_toolpath (document),
                                             melt_path_document_get_process (document)))
        continue;
      if (a == current)
        selected = self->attributes->len;
      g_array_append_val (self->attributes, a);
      /* TRANSLATORS: a quantity and its unit, such as “Speed (mm/s)” */
      title = unit[0] != '\0' ? g_strdup_printf (_("%s (%s)"), melt_path_attribute_get_title (a), unit)
                              : g_strdup (melt_path_attribute_get_title (a));
      gtk_string_list_append (model, title);
    }

  g_signal_handlers_block_matched (self->color_row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  adw_combo_row_set_model (self->color_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->color_row, selected);
  g_signal_handlers_unblock_matched (self->color_row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  if (self->attributes->len > 0)
    melt_preview_set_color_by (self->preview, g_array_index (self->attributes, MeltPathAttribute, selected));
}

static void
on_color_row_selected_cb (MeltPreviewPanel *self)
{
  guint selected = adw_combo_row_get_selected (self->color_row);

  if (self->preview == NULL || selected >= self->attributes->len)
    return;
  melt_preview_set_color_by (self->preview, g_array_index (self->attributes, MeltPathAttribute, selected));
}

static void
on_clip_row_selected_cb (MeltPreviewPanel *self)
{
  guint selected = adw_combo_row_get_selected (self->clip_row);
  MeltPathDocument *document;
  float min[3], max[3];
  int axis = (int) selected - 1;

  if (self->preview == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->clip_position_row), axis >= 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->clip_flip_row), axis >= 0);
  document = melt_preview_get_document (self->preview);
  if (axis >= 0 && document != NULL
      && melt_path_renderer_get_bounds (melt_viewport_get_paths (melt_preview_get_viewport (self->preview)),
                                        min, max))
    {
      /* the plane starts through the middle */
      gtk_adjustment_configure (self->clip_adjustment, 0.5 * (min[axis] + max[axis]),
                                floor (min[axis]) - 1, ceil (max[axis]) + 1, 0.5, 5.0, 0.0);
    }
  g_object_set (self->preview, "clip-axis", axis, NULL);
}

/* The bead picked */

static void
add_row (MeltPreviewPanel *self,
         const char       *title,
         const char       *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  gtk_list_box_append (self->bead_list, row);
}

static void
add_value_row (MeltPreviewPanel  *self,
               MeltPathAttribute  attribute,
               double             value,
               int                digits)
{
  g_autofree char *text = NULL;

  if (!isfinite (value))
    return;
  /* TRANSLATORS: a number and its unit, such as “12.5 mm/s” */
  text = g_strdup_printf (_("%.*f %s"), digits, value, melt_path_attribute_get_unit (attribute));
  add_row (self, melt_path_attribute_get_title (attribute), text);
}

static void
update_bead (MeltPreviewPanel *self)
{
  guint segment = melt_preview_get_selected (self->preview);
  MeltPathDocument *document = melt_preview_get_document (self->preview);
  GtkWidget *child;
  MeltToolpath *toolpath;
  MeltProcess *process;
  MeltSegment s;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->bead_list))) != NULL)
    gtk_list_box_remove (self->bead_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->source_text), FALSE);

  if (segment == MELT_PATH_NO_SEGMENT || document == NULL)
    {
      adw_preferences_group_set_description (self->bead_group, _("Click a bead in the view"));
      gtk_widget_set_visible (GTK_WIDGET (self->bead_list), FALSE);
      return;
    }

  toolpath = melt_path_document_get_toolpath (document);
  process = melt_path_document_get_process (document);
  melt_toolpath_get_segment (toolpath, segment, &s);
  gtk_widget_set_visible (GTK_WIDGET (self->bead_list), TRUE);
  {
    g_autofree char *description = g_strdup_printf (_("Segment %u of %u"), segment + 1,
                                                    melt_toolpath_get_n_segments (toolpath));
    g_autofree char *layer = g_strdup_printf ("%u", s.layer + 1);

    adw_preferences_group_set_description (self->bead_group, description);
    add_row (self, melt_path_attribute_get_title (MELT_PATH_ATTRIBUTE_LAYER), layer);
    add_row (self, melt_path_attribute_get_title (MELT_PATH_ATTRIBUTE_FEATURE),
             melt_path_attribute_get_category_title (MELT_PATH_ATTRIBUTE_FEATURE, s.kind));
  }
  add_value_row (self, MELT_PATH_ATTRIBUTE_SPEED, s.speed_mm_s, 1);
  if (s.beam_current_ma > 0.0f)
    add_value_row (self, MELT_PATH_ATTRIBUTE_BEAM_CURRENT, s.beam_current_ma, 1);
  if (s.power_w > 0.0f)
    add_value_row (self, MELT_PATH_ATTRIBUTE_POWER, s.power_w, 0);
  if (s.wire_feed_mm_s > 0.0f)
    add_value_row (self, MELT_PATH_ATTRIBUTE_WIRE_FEED, s.wire_feed_mm_s, 1);
  if (s.power_w > 0.0f)
    add_value_row (self, MELT_PATH_ATTRIBUTE_HEAT_INPUT,
                   melt_path_attribute_value_at (MELT_PATH_ATTRIBUTE_HEAT_INPUT, toolpath, process, segment), 1);
  if (s.width_mm > 0.0f)
    add_value_row (self, MELT_PATH_ATTRIBUTE_BEAD_WIDTH, s.width_mm, 2);
  add_value_row (self, MELT_PATH_ATTRIBUTE_TIME, s.start_time_s, 1);

  if (s.source_line != MELT_SEGMENT_NO_LINE)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = g_strdup_printf ("%u", s.source_line);
      g_autofree char *text = NULL;
      guint first = 0;

      add_row (self, _("G-code Line"), line);
      text = melt_path_document_get_source_lines (document, s.source_line, SOURCE_CONTEXT, &first, &error);
      if (text != NULL)
        {
          g_autoptr(GString) numbered = g_string_new (NULL);
          g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

          for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
            {
              g_autofree char *escaped = g_markup_escape_text (lines[i], -1);

              if (first + i == s.source_line)
                g_string_append_printf (numbered, "<b>%6u  %s</b>\n", first + i, escaped);
              else
                g_string_append_printf (numbered, "%6u  %s\n", first + i, escaped);
            }
          if (numbered->len > 0)
            g_string_truncate (numbered, numbered->len - 1);
          gtk_label_set_markup (self->source_text, numbered->str);
        }
      else
        gtk_label_set_text (self->source_text, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->source_text), TRUE);
    }
}

static void
update_document (MeltPreviewPanel *self)
{
  MeltPathDocument *document = melt_preview_get_document (self->preview);
  MeltToolpath *toolpath;
  GFile *file;

  gtk_stack_set_visible_child_name (self->stack, document != NULL ? "preview" : "empty");
  if (document == NULL)
    return;

  toolpath = melt_path_document_get_toolpath (document);
  file = melt_path_document_get_file (document);
  {
    g_autofree char *name = file != NULL ? g_file_get_basename (file) : g_strdup (_("Plan not saved"));
    g_autofree char *source = NULL;
    g_autofree char *size = NULL;

    if (melt_path_document_get_is_gcode (document))
      /* TRANSLATORS: a file name and the tool that wrote it, such as “part.gcode · G-code from prusaslicer” */
      source = g_strdup_printf (_("%s · G-code from %s"), name,
                                melt_gcode_flavor_to_string (melt_path_document_get_flavor (document)));
    else
      /* TRANSLATORS: a file name */
      source = g_strdup_printf (_("%s · Meltline plan"), name);
    adw_action_row_set_subtitle (self->source_row, source);
    /* TRANSLATORS: counts of layers and of segments */
    size = g_strdup_printf (_("%u layers, %u segments"), melt_toolpath_get_n_layers (toolpath),
                            melt_toolpath_get_n_segments (toolpath));
    adw_action_row_set_subtitle (self->size_row, size);
  }
  fill_color_model (self);
  on_clip_row_selected_cb (self);
  update_legend (self);
  update_bead (self);
}

/* GObject */

static void
unbind (MeltPreviewPanel *self)
{
  if (self->bindings != NULL)
    {
      for (guint i = 0; i < self->bindings->len; i++)
        g_binding_unbind (g_ptr_array_index (self->bindings, i));
      g_ptr_array_set_size (self->bindings, 0);
    }
  if (self->preview != NULL && self->handlers != NULL)
    for (guint i = 0; i < self->handlers->len; i++)
      g_signal_handler_disconnect (self->preview, GPOINTER_TO_SIZE (g_ptr_array_index (self->handlers, i)));
  if (self->handlers != NULL)
    g_ptr_array_set_size (self->handlers, 0);
}

static void
melt_preview_panel_dispose (GObject *object)
{
  MeltPreviewPanel *self = (MeltPreviewPanel *) object;

  unbind (self);
  g_clear_object (&self->preview);
  gtk_widget_dispose_template (GTK_WIDGET (self), MELT_TYPE_PREVIEW_PANEL);

  G_OBJECT_CLASS (melt_preview_panel_parent_class)->dispose (object);
}

static void
melt_preview_panel_finalize (GObject *object)
{
  MeltPreviewPanel *self = (MeltPreviewPanel *) object;

  g_clear_pointer (&self->bindings, g_ptr_array_unref);
  g_clear_pointer (&self->handlers, g_ptr_array_unref);
  g_clear_pointer (&self->attributes, g_array_unref);

  G_OBJECT_CLASS (melt_preview_panel_parent_class)->finalize (object);
}

static void
melt_preview_panel_class_init (MeltPreviewPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = melt_preview_panel_dispose;
  object_class->finalize = melt_preview_panel_finalize;

  g_type_ensure (MELT_TYPE_PATH_LEGEND);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/meltline/Meltline/melt-preview-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, source_row);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, size_row);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, color_row);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, log_row);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, log_switch);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, legend);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, perimeters_switch);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, fill_switch);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, travel_switch);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, ghost_switch);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, clip_row);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, clip_position_row);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, clip_flip_row);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, clip_scale);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, clip_adjustment);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, clip_flip_switch);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, bead_group);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, bead_list);
  gtk_widget_class_bind_template_child (widget_class, MeltPreviewPanel, source_text);
  gtk_widget_class_bind_template_callback (widget_class, on_color_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_clip_row_selected_cb);
}

static void
melt_preview_panel_init (MeltPreviewPanel *self)
{
  self->bindings = g_ptr_array_new ();
  self->handlers = g_ptr_array_new ();
  self->attributes = g_array_new (FALSE, FALSE, sizeof (MeltPathAttribute));
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self->bead_list), FALSE);
}

GtkWidget *
melt_preview_panel_new (void)
{
  return g_object_new (MELT_TYPE_PREVIEW_PANEL, NULL);
}

MeltPreview *
melt_preview_panel_get_preview (MeltPreviewPanel *self)
{
  g_return_val_if_fail (MELT_IS_PREVIEW_PANEL (self), NULL);

  return self->preview;
}

static void
bind (MeltPreviewPanel *self,
      const char       *property,
      gpointer          target,
      const char       *target_property)
{
  g_ptr_array_add (self->bindings,
                   g_object_bind_property (self->preview, property, target, target_property,
                                           G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL));
}

static void
connect (MeltPreviewPanel *self,
         const char       *signal,
         GCallback         callback)
{
  gulong id = g_signal_connect_object (self->preview, signal, callback, self, G_CONNECT_SWAPPED);

  g_ptr_array_add (self->handlers, GSIZE_TO_POINTER (id));
}

/**
 * melt_preview_panel_set_preview:
 * @self: a #MeltPreviewPanel
 * @preview: (nullable): the preview the page controls
 */
void
melt_preview_panel_set_preview (MeltPreviewPanel *self,
                                MeltPreview      *preview)
{
  g_return_if_fail (MELT_IS_PREVIEW_PANEL (self));
  g_return_if_fail (preview == NULL || MELT_IS_PREVIEW (preview));

  if (self->preview == preview)
    return;
  unbind (self);
  g_set_object (&self->preview, preview);
  if (preview == NULL)
    return;

  bind (self, "log-scale", self->log_switch, "active");
  bind (self, "show-perimeters", self->perimeters_switch, "active");
  bind (self, "show-fill", self->fill_switch, "active");
  bind (self, "show-travel", self->travel_switch, "active");
  bind (self, "ghost", self->ghost_switch, "active");
  bind (self, "clip-position", self->clip_adjustment, "value");
  bind (self, "clip-flip", self->clip_flip_switch, "active");
  connect (self, "notify::document", G_CALLBACK (update_document));
  connect (self, "notify::value-max", G_CALLBACK (on_value_range_cb));
  connect (self, "notify::color-by", G_CALLBACK (on_value_range_cb));
  connect (self, "notify::log-scale", G_CALLBACK (on_value_range_cb));
  connect (self, "notify::selected", G_CALLBACK (update_bead));
  update_document (self);
}
