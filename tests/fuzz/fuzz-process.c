/* fuzz-process.c: libFuzzer target for the process parameter file reader
 *
 * Build: CC=clang meson setup _build-fuzz -Dfuzzing=true -Dgui=false -Db_lundef=false
 * Run:   _build-fuzz/tests/fuzz/fuzz-process tests/fuzz/corpus-process -max_total_time=60
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "melt-process.h"
#include "melt-process-check.h"

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

/* A CRITICAL or a warning is a bug, as in the test suites. GLib's own
 * fatal path ends in a breakpoint trap, which libFuzzer does not record:
 * abort instead, so that the input is saved as a crash. */
static void
fatal_log_handler (const char     *log_domain,
                   GLogLevelFlags  log_level,
                   const char     *message,
                   gpointer        user_data)
{
  g_log_default_handler (log_domain, log_level, message, user_data);
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_default_handler (fatal_log_handler, NULL);

  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(MeltProcess) process = NULL;
  g_autoptr(MeltProcess) again = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  MeltProcessDerived derived;
  gsize len = 0;

  process = melt_process_load_bytes (bytes, "fuzz.json", &error);

  /* Exactly one of the two: a set, or an error whose message names the file */
  g_assert ((process == NULL) != (error == NULL));
  if (process == NULL)
    {
      g_assert (g_str_has_prefix (error->message, "“fuzz.json”: "));
      return 0;
    }

  /* A set that loads evaluates without a CRITICAL, and what it writes
   * loads again */
  g_assert (melt_process_evaluate (process, &derived, &checks, &error));
  g_assert (checks != NULL);

  text = melt_process_to_json (process, &len);
  written = g_bytes_new_take (g_steal_pointer (&text), len);
  again = melt_process_load_bytes (written, "fuzz.json", &error);
  if (again == NULL)
    g_error ("a set that loads does not load once written: %s", error->message);

  return 0;
}
