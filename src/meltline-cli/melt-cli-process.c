/* melt-cli-process.c: meltline-cli process PARAMS.json [--json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "meltline-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "melt-cli.h"
#include "melt-material.h"
#include "melt-process.h"
#include "melt-process-check.h"
#include "melt-process-derived.h"
#include "melt-process-field.h"

#define LABEL_WIDTH 38

/* “  label    value”, @indent spaces in, the values in one column */
static void
print_row_indented (guint       indent,
                    const char *label,
                    const char *value)
{
  glong len = g_utf8_strlen (label, -1);

  for (guint i = 0; i < indent; i++)
    g_print (" ");
  g_print ("%s", label);
  for (glong i = indent + len; i < LABEL_WIDTH + 2; i++)
    g_print (" ");
  g_print ("%s\n", value);
}

static void
print_row (const char *label,
           const char *value)
{
  print_row_indented (2, label, value);
}

static void
print_rowf (const char *label,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

/* An input enum: its name in the file, and its display name when that
 * says more (“flat-top (Flat top)”, but “argon”, not “argon (Argon)”) */
static void
print_enum_row (const char *label,
                GType       type,
                int         value)
{
  const char *nick = melt_enum_to_nick (type, value);
  const char *display = melt_enum_get_display_name (type, value);
  g_autofree char *nick_folded = g_utf8_casefold (nick, -1);
  g_autofree char *display_folded = g_utf8_casefold (display, -1);

  if (g_str_equal (nick_folded, display_folded))
    print_row (label, nick);
  else
    print_rowf (label, "%s (%s)", nick, display);
}

static void
print_rowf (const char *label,
            const char *format,
            ...)
{
  g_autofree char *value = NULL;
  va_list args;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);

  print_row (label, value);
}

static void
print_inputs (MeltProcess  *process,
              MeltMaterial *material)
{
  MeltProcessKind kind = melt_process_get_kind (process);

  g_print ("%s\n", _("Inputs:"));
  print_enum_row (_("Process"), MELT_TYPE_PROCESS_KIND, kind);
  /* The id is what the file names; the name adds to it only when it says more. */
  if (g_str_has_prefix (melt_material_get_name (material), melt_material_get_id (material)))
    print_row (_("Material"), melt_material_get_name (material));
  else
    print_rowf (_("Material"), "%s (%s)", melt_material_get_id (material),
                melt_material_get_name (material));
  print_enum_row (_("Bead profile"), MELT_TYPE_BEAD_PROFILE, melt_process_get_bead_profile (process));
  print_enum_row (_("Step-over model"), MELT_TYPE_STEP_OVER_MODEL,
                  melt_process_get_step_over_model (process));
  print_enum_row (_("Platform"), MELT_TYPE_PLATFORM, melt_process_get_platform (process));
  if (kind == MELT_PROCESS_KIND_LASER_WIRE)
    print_enum_row (_("Shielding gas"), MELT_TYPE_SHIELDING_GAS, melt_process_get_shielding_gas (process));
  else
    print_enum_row (_("Deflection pattern"), MELT_TYPE_DEFLECTION_PATTERN,
                    melt_process_get_deflection_pattern (process));

  for (guint i = 0; i < MELT_PROCESS_N_PARAMS; i++)
    {
      int param_kind = melt_process_param_get_kind (i);
      double value = melt_process_get_double (process, i);
      const char *unit = melt_process_param_get_unit (i);

      if (param_kind >= 0 && param_kind != (int) kind)
        continue;

      if (value == 0 && melt_process_param_get_zero_meaning (i) != MELT_PROCESS_PARAM_ZERO_VALUE)
        print_row (melt_process_param_get_title (i),
                   melt_process_param_zero_get_label (melt_process_param_get_zero_meaning (i)));
      else
        print_rowf (melt_process_param_get_title (i), "%g%s%s", value, unit[0] ? " " : "", unit);
    }
}

/* The fields of @group that apply to the set, as the panel shows them */
static void
print_group (MeltProcessFieldGroup     group,
             MeltProcessKind           kind,
             const MeltProcessDerived *derived,
             guint                     indent)
{
  const MeltProcessField *fields;
  guint n_fields;

  fields = melt_process_field_get_all (&n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *text = NULL;

      if (fields[i].group != group || (fields[i].flags & MELT_PROCESS_FIELD_FLAG_INPUT) != 0 ||
          !melt_process_field_applies (&fields[i], kind))
        continue;

      text = melt_process_field_format (&fields[i], derived);
      print_row_indented (indent, melt_process_field_get_title (&fields[i]), text);
    }
}

static void
print_derived (const MeltProcessDerived *d,
               MeltProcess              *process,
               MeltMaterial             *material)
{
  MeltProcessKind kind = melt_process_get_kind (process);
  g_autofree char *latent = NULL;
  g_autofree char *tension = NULL;

  g_print ("\n%s\n", _("Effective material values (mean over ambient to liquidus):"));
  print_group (MELT_PROCESS_FIELD_GROUP_MATERIAL, kind, d, 2);
  latent = melt_format_number (melt_material_get_latent_heat_j_kg (material) / 1000, 0, "kJ/kg");
  print_row (_("Latent heat"), latent);
  tension = melt_format_number (melt_material_get_surface_tension_n_m (material), 2, "N/m");
  print_row (_("Surface tension"), tension);

  g_print ("\n%s\n", _("Derived values:"));
  for (guint g = 0; g < MELT_PROCESS_FIELD_N_GROUPS; g++)
    {
      if (g == MELT_PROCESS_FIELD_GROUP_MATERIAL)
        continue;

      g_print ("  %s\n", melt_process_field_group_get_title (g));
      print_group (g, kind, d, 4);
    }
}

static void
print_checks (GPtrArray *checks)
{
  guint n_errors = 0;

  g_print ("\n%s\n", _("Checks:"));
  if (checks->len == 0)
    {
      g_print ("  %s\n", _("All checks pass: the set is inside the process window."));
      return;
    }

  for (guint i = 0; i < checks->len; i++)
    {
      const MeltProcessCheck *check = g_ptr_array_index (checks, i);

      n_errors += check->severity == MELT_CHECK_ERROR;
      /* TRANSLATORS: “error [code]: message” or “warning [code]: message” */
      g_print ("  %s [%s]: %s\n",
               check->severity == MELT_CHECK_ERROR ? _("error") : _("warning"),
               check->code, check->message);
    }

  /* TRANSLATORS: a count of errors and of warnings */
  g_print ("  %s\n", _("Summary:"));
  g_print ("    ");
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", n_errors), n_errors);
  g_print (", ");
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", checks->len - n_errors),
           checks->len - n_errors);
  g_print ("\n");
}

static void
print_json (MeltProcess              *process,
            const MeltProcessDerived *derived,
            GPtrArray                *checks)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) numbers = melt_process_derived_to_json_object (derived);
  g_autoptr(GList) members = NULL;
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "process",
                                 melt_enum_to_nick (MELT_TYPE_PROCESS_KIND, melt_process_get_kind (process)));
  json_object_set_string_member (object, "material", melt_process_get_material (process));

  members = json_object_get_members (numbers);
  for (const GList *l = members; l != NULL; l = l->next)
    json_object_set_member (object, l->data, json_object_dup_member (numbers, l->data));

  json_object_set_array_member (object, "checks", melt_process_checks_to_json_array (checks));

  json_node_take_object (root, object);
  melt_cli_print_json (root);
}

int
melt_cli_process (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(MeltProcess) process = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  MeltProcessDerived derived;
  MeltMaterial *material;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object instead of text"), NULL },
    { NULL }
  };

  g_set_prgname (argv[0]);

  context = g_option_context_new (_("PARAMS.json"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Validate a process parameter set and print its inputs, derived values\n"
                                  "(bead, heat input, melt pool, deposition rate) and process-window checks.\n"
                                  "The file format is described in docs/process-format.md."));
  g_option_context_set_description (context,
                                    _("Exit status: 0 when the set is valid and no check reports an error "
                                      "(warnings allowed),\n1 when a check reports an error, 2 when the "
                                      "arguments or the file are bad."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (argc != 2)
    {
      g_printerr ("%s: %s\n", argv[0],
                  argc < 2 ? _("expected a process parameter file (JSON)")
                           : _("expected one parameter file only"));
      g_printerr (_("Run “%s --help” for usage."), argv[0]);
      g_printerr ("\n");
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  process = melt_process_load (file, NULL, &error);
  if (process == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  /* the loader checked the material against the same library */
  material = melt_material_lookup (melt_process_get_material (process));
  g_assert (material != NULL);
  melt_process_derived_compute (&derived, process, material);
  checks = melt_process_check_run (process, material, &derived);

  if (json)
    print_json (process, &derived, checks);
  else
    {
      g_autofree char *display = g_filename_display_name (argv[1]);

      print_row (_("Parameter set"), display);
      if (melt_process_get_name (process) != NULL)
        print_row (_("Name"), melt_process_get_name (process));
      if (melt_process_get_label (process) != NULL)
        print_row (_("Label"), melt_process_get_label (process));
      g_print ("\n");
      print_inputs (process, material);
      print_derived (&derived, process, material);
      print_checks (checks);
    }

  return melt_process_checks_have_errors (checks) ? MELT_CLI_EXIT_FAILURE : MELT_CLI_EXIT_OK;
}
