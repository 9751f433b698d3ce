/* fuzz-gcode.c: libFuzzer target for the G-code importer (MeltGCodeReader)
 *
 * Build: meson setup _build-fuzz -Dfuzzing=true -Dgui=false (with CC=clang)
 * Run:   _build-fuzz/tests/fuzz/fuzz-gcode tests/fuzz/corpus-gcode -max_total_time=60
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "melt-gcode-reader.h"
#include "melt-toolpath.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(MeltGCodeReader) reader = melt_gcode_reader_new ();
  g_autoptr(GError) error = NULL;
  const MeltGCodeWarning *warnings;
  MeltToolpath *path;
  MeltGCodeInfo info;
  guint n_listed = 0;
  guint n_segments, n_layers;
  guint64 n_newlines = 0;
  guint64 max_lines;
  gboolean ok;

  /* The data is not NUL-terminated: ASan sees any read past its end */
  ok = melt_gcode_reader_load_data (reader, (const char *) data, size, "fuzz.gcode", NULL, &error);

  /* Exactly one of the two: a load, or an error with a message. */
  g_assert ((ok != FALSE) != (error != NULL));
  if (!ok)
    {
      g_assert (error->domain == MELT_GCODE_ERROR);
      g_assert (error->message != NULL && error->message[0] != '\0');
      return 0;
    }

  for (size_t i = 0; i < size; i++)
    n_newlines += data[i] == '\n';
  max_lines = n_newlines + 1;

  melt_gcode_reader_get_info (reader, &info);
  g_assert_cmpuint (info.n_lines, <=, max_lines);

  /* On success a toolpath exists and agrees with the info */
  path = melt_gcode_reader_get_toolpath (reader);
  g_assert (MELT_IS_TOOLPATH (path));
  n_segments = melt_toolpath_get_n_segments (path);
  n_layers = melt_toolpath_get_n_layers (path);
  g_assert_cmpuint (info.n_layers, ==, n_layers);
  g_assert (n_segments == 0 || n_layers > 0);
  g_assert (isfinite (info.extrusion_length_mm) && info.extrusion_length_mm >= 0);
  g_assert (isfinite (info.travel_length_mm) && info.travel_length_mm >= 0);
  g_assert (isfinite (info.filament_mm) && info.filament_mm >= 0);
  g_assert (isfinite (info.estimated_time_s) && info.estimated_time_s >= 0);

  /* Warnings: at most the listed maximum, all counted, in line order, on
   * lines of the input */
  warnings = melt_gcode_reader_get_warnings (reader, &n_listed);
  g_assert_cmpuint (n_listed, <=, MELT_GCODE_MAX_LISTED_WARNINGS);
  g_assert_cmpuint (n_listed, ==, MIN (info.n_warnings, (guint) MELT_GCODE_MAX_LISTED_WARNINGS));
  for (guint i = 0; i < n_listed; i++)
    {
      g_assert_cmpuint (warnings[i].line, >=, 1);
      g_assert_cmpuint (warnings[i].line, <=, info.n_lines);
      if (i > 0)
        g_assert_cmpuint (warnings[i - 1].line, <=, warnings[i].line);
      g_assert (warnings[i].message != NULL && warnings[i].message[0] != '\0');
      g_assert (g_utf8_validate (warnings[i].message, -1, NULL));
    }

  /* Every segment comes from a line of the input, in a layer of the
   * toolpath, at finite positions and times */
  for (guint i = 0; i < n_segments; i++)
    {
      MeltSegment s;

      melt_toolpath_get_segment (path, i, &s);
      g_assert_cmpuint (s.source_line, >=, 1);
      g_assert_cmpuint (s.source_line, <=, info.n_lines);
      g_assert_cmpuint (s.layer, <, n_layers);
      for (int k = 0; k < 3; k++)
        g_assert (isfinite (s.start[k]) && isfinite (s.end[k]));
      g_assert (isfinite (s.duration_s) && s.duration_s >= 0);
      g_assert (isfinite (s.start_time_s));
    }

  return 0;
}
