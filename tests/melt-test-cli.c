/* melt-test-cli.c: running meltline-cli from a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <stdarg.h>
#include <sys/wait.h>

#include "melt-test-cli.h"

void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* Runs meltline-cli with the arguments, NULL-terminated; UTF-8 locale so
 * that quotes in messages come through unchanged */
void
run_cli (CliRun *run,
         ...)
{
  const char *cli = g_getenv ("MELTLINE_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int wait_status = 0;
  const char *arg;
  va_list args;

  if (cli == NULL)
    {
      g_test_skip ("MELTLINE_CLI is not set; run through meson test");
      run->status = -1;
      return;
    }

  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  envp = g_environ_unsetenv (envp, "LANGUAGE");

  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, run);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);

  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);

  /* the log keeps the start of long outputs (a CSV of 150 000 rows would
   * take GLib's line splitting minutes under AddressSanitizer) */
  g_test_message ("exit %d\nstdout:\n%.4000s%s\nstderr:\n%.4000s", run->status, run->out,
                  strlen (run->out) > 4000 ? "\n[…]" : "", run->err);
}

JsonObject *
parse_json (JsonParser *parser,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_node_get_object (root);
}
