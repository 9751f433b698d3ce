/* melt-part-panel.c: the side panel naming a part's figures and defects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-part-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "melt-part-panel.h"

struct _MeltPartPanel
{
  GtkWidget  parent_instance;

  MeltMesh  *mesh;
  guint      n_defects;

  GtkWidget *scroller;
  GtkLabel  *name_label;
  GtkLabel  *format_label;
  GtkLabel  *file_value;
  GtkLabel  *format_value;
  GtkLabel  *triangles_value;
  GtkLabel  *vertices_value;
  GtkLabel  *size_value;
  AdwActionRow *volume_row;
  GtkLabel  *volume_value;
  GtkLabel  *area_value;
  GtkLabel  *bodies_value;
  GtkLabel  *watertight_value;
  GtkImage  *watertight_icon;
  GtkListBox *defects_list;
};

G_DEFINE_FINAL_TYPE (MeltPartPanel, melt_part_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MESH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
format_name (MeltMeshFormat format)
{
  switch (format)
    {
    case MELT_MESH_FORMAT_STL_BINARY:
      return _("Binary STL");

    case MELT_MESH_FORMAT_STL_ASCII:
      return _("ASCII STL");

    case MELT_MESH_FORMAT_OBJ:
      return _("Wavefront OBJ");

    case MELT_MESH_FORMAT_UNKNOWN:
    default:
      return _("Unknown format");
    }
}

static void
set_label_take (GtkLabel *label,
                char     *text)
{
  g_autofree char *owned = text;

  gtk_label_set_label (label, owned);
}

static GtkWidget *
defect_row_new (const char *icon_name,
                const char *style_class,
                const char *title)
{
  GtkWidget *row;
  GtkWidget *icon;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "defect");

  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_widget_add_css_class (icon, style_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  g_str_equal (style_class, "warning") ? _("Defect") : _("No defect"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

static void
melt_part_panel_clear_defects (MeltPartPanel *self)
{
  GtkWidget *child;

  g_assert (MELT_IS_PART_PANEL (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->defects_list))))
    gtk_list_box_remove (self->defects_list, child);

  self->n_defects = 0;
}

static void
melt_part_panel_update (MeltPartPanel *self)
{
  const MeltMeshReport *report;
  g_autoptr(GPtrArray) defects = NULL;
  const char *dash = "—";
  double size[3];

  g_assert (MELT_IS_PART_PANEL (self));

  melt_part_panel_clear_defects (self);

  if (self->mesh == NULL)
    {
      gtk_label_set_label (self->name_label, _("No Part"));
      gtk_label_set_label (self->format_label, "");
      gtk_label_set_label (self->file_value, dash);
      gtk_label_set_label (self->format_value, dash);
      gtk_label_set_label (self->triangles_value, dash);
      gtk_label_set_label (self->vertices_value, dash);
      gtk_label_set_label (self->size_value, dash);
      gtk_label_set_label (self->volume_value, dash);
      adw_action_row_set_subtitle (self->volume_row, NULL);
      gtk_label_set_label (self->area_value, dash);
      gtk_label_set_label (self->bodies_value, dash);
      gtk_label_set_label (self->watertight_value, dash);
      gtk_widget_set_visible (GTK_WIDGET (self->watertight_icon), FALSE);
      return;
    }

  report = melt_mesh_get_report (self->mesh);

  gtk_label_set_label (self->name_label, melt_mesh_get_display_name (self->mesh));
  gtk_label_set_label (self->file_value, melt_mesh_get_display_name (self->mesh));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->file_value),
                               melt_mesh_get_display_name (self->mesh));
  gtk_label_set_label (self->format_value, format_name (melt_mesh_get_format (self->mesh)));
  /* Translators: the line under the part's name: the file format, then how many triangles */
  set_label_take (self->format_label,
                  g_strdup_printf (ngettext ("%s, %'u triangle", "%s, %'u triangles",
                                             report->triangles),
                                   format_name (melt_mesh_get_format (self->mesh)),
                                   report->triangles));

  set_label_take (self->triangles_value, g_strdup_printf ("%'u", report->triangles));
  set_label_take (self->vertices_value, g_strdup_printf ("%'u", report->vertices));

  for (guint i = 0; i < 3; i++)
    size[i] = MAX (0.0, report->bounds_max[i] - report->bounds_min[i]);
  /* Translators: the bounding box of a part along X, Y and Z in millimetres */
  set_label_take (self->size_value,
                  g_strdup_printf (_("%.1f × %.1f × %.1f mm"), size[0], size[1], size[2]));

  /* Translators: a volume in cubic millimetres, then in cubic centimetres */
  set_label_take (self->volume_value,
                  g_strdup_printf (_("%'.1f mm³\n%'.2f cm³"),
                                   report->volume_mm3, report->volume_mm3 / 1000.0));
  /* The volume of a surface with holes depends on where the holes are: say so. */
  adw_action_row_set_subtitle (self->volume_row,
                               report->watertight ? NULL
                                                  : _("Not exact: the surface is not closed"));
  /* Translators: an area in square millimetres */
  set_label_take (self->area_value, g_strdup_printf (_("%'.1f mm²"), report->area_mm2));
  set_label_take (self->bodies_value, g_strdup_printf ("%'u", report->bodies));

  gtk_label_set_label (self->watertight_value, report->watertight ? _("Yes") : _("No"));
  gtk_image_set_from_icon_name (self->watertight_icon,
                                report->watertight ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->watertight_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->watertight_icon), "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->watertight_icon),
                            report->watertight ? "success" : "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->watertight_icon), TRUE);

  defects = melt_mesh_report_list_defects (report);

  if (defects == NULL || defects->len == 0)
    {
      gtk_list_box_append (self->defects_list,
                           defect_row_new ("emblem-ok-symbolic", "success",
                                           _("No defects found")));
      return;
    }

  for (guint i = 0; i < defects->len; i++)
    gtk_list_box_append (self->defects_list,
                         defect_row_new ("dialog-warning-symbolic", "warning",
                                         g_ptr_array_index (defects, i)));

  self->n_defects = defects->len;
}

static void
melt_part_panel_dispose (GObject *object)
{
  MeltPartPanel *self = (MeltPartPanel *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), MELT_TYPE_PART_PANEL);
  g_clear_object (&self->mesh);

  G_OBJECT_CLASS (melt_part_panel_parent_class)->dispose (object);
}

static void
melt_part_panel_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MeltPartPanel *self = MELT_PART_PANEL (object);

  switch (prop_id)
    {
    case PROP_MESH:
      g_value_set_object (value, self->mesh);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_part_panel_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MeltPartPanel *self = MELT_PART_PANEL (object);

  switch (prop_id)
    {
    case PROP_MESH:
      melt_part_panel_set_mesh (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
melt_part_panel_class_init (MeltPartPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = melt_part_panel_dispose;
  object_class->get_property = melt_part_panel_get_property;
  object_class->set_property = melt_part_panel_set_property;

  /**
   * MeltPartPanel:mesh:
   *
   * The part whose figures are shown, or %NULL.
   */
  properties[PROP_MESH] =
    g_param_spec_object ("mesh", NULL, NULL,
                         MELT_TYPE_MESH,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/meltline/Meltline/melt-part-panel.ui");
  gtk_widget_class_set_css_name (widget_class, "meltpartpanel");
  gtk_widget_class_bind_template_child (widget_class, MeltPartPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, MeltPartPanel, name_label);
  gtk_widget_class_bind_template_child (widget_class, MeltPartPanel, format_label);
  gtk_widget_class_bind_template_child (widget_class, MeltPartPanel, file_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPartPanel, format_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPartPanel, triangles_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPartPanel, vertices_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPartPanel, size_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPartPanel, volume_row);
  gtk_widget_class_bind_template_child (widget_class, MeltPartPanel, volume_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPartPanel, area_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPartPanel, bodies_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPartPanel, watertight_value);
  gtk_widget_class_bind_template_child (widget_class, MeltPartPanel, watertight_icon);
  gtk_widget_class_bind_template_child (widget_class, MeltPartPanel, defects_list);
}

static void
melt_part_panel_init (MeltPartPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  melt_part_panel_update (self);
}

GtkWidget *
melt_part_panel_new (void)
{
  return g_object_new (MELT_TYPE_PART_PANEL, NULL);
}

/**
 * melt_part_panel_get_mesh:
 * @self: a #MeltPartPanel
 *
 * Returns: (transfer none) (nullable): the part shown
 */
MeltMesh *
melt_part_panel_get_mesh (MeltPartPanel *self)
{
  g_return_val_if_fail (MELT_IS_PART_PANEL (self), NULL);

  return self->mesh;
}

void
melt_part_panel_set_mesh (MeltPartPanel *self,
                          MeltMesh      *mesh)
{
  g_return_if_fail (MELT_IS_PART_PANEL (self));
  g_return_if_fail (!mesh || MELT_IS_MESH (mesh));

  if (!g_set_object (&self->mesh, mesh))
    return;

  melt_part_panel_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESH]);
}

/**
 * melt_part_panel_get_n_defects:
 * @self: a #MeltPartPanel
 *
 * Returns: how many defects the panel names
 */
guint
melt_part_panel_get_n_defects (MeltPartPanel *self)
{
  g_return_val_if_fail (MELT_IS_PART_PANEL (self), 0);

  return self->n_defects;
}
