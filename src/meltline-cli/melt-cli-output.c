/* melt-cli-output.c: what the subcommands of meltline-cli print alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "meltline-cli"

#include "config.h"

#include <json-glib/json-glib.h>

#include "melt-cli.h"

/* Prints @root as the one JSON object a --json run writes: indented by two
 * spaces, a newline after it. */
void
melt_cli_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  g_return_if_fail (root != NULL);

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}
