/* melt-test-cli.h: running meltline-cli from a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What one run of meltline-cli gave: its exit status (-1 when the test was
 * skipped because MELTLINE_CLI is not set), standard output and error. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} CliRun;

void        cli_run_clear (CliRun     *run);
void        run_cli       (CliRun     *run,
                           ...) G_GNUC_NULL_TERMINATED;
JsonObject *parse_json    (JsonParser *parser,
                           const char *text);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

G_END_DECLS
