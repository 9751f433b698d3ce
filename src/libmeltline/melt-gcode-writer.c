/* melt-gcode-writer.c: a toolpath written as G-code in Meltline's dialect
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See docs/gcode-dialect.md. Numbers are written with a hand-made
 * fixed-point formatter (4 decimals, trailing zeros dropped): it is fast
 * and never writes a decimal comma, whatever the locale.
 */

#define G_LOG_DOMAIN "melt-gcode"

#include "config.h"

#include <math.h>
#include <string.h>

#include "melt-gcode-writer.h"

/* Flush to the stream when the buffer holds this much */
#define FLUSH_SIZE (1u << 20)

typedef struct
{
  GString        *out;
  GOutputStream  *stream;
  GCancellable   *cancellable;
  GError        **error;
  gboolean        failed;
} Writer;

/* Appends @value with @decimals decimals (at most 6), trailing zeros and a
 * lone decimal point dropped, and never "-0". */
static void
append_number (GString *out,
               double   value,
               int      decimals)
{
  static const double scales[] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };
  char buf[48];
  char *p = buf + sizeof buf;
  gboolean negative;
  guint64 n, int_part, frac;
  int d;

  if (!isfinite (value) || fabs (value) >= 1e12)
    {
      g_string_append (out, "0");
      return;
    }

  negative = value < 0;
  n = (guint64) llround (fabs (value) * scales[decimals]);
  int_part = n / (guint64) scales[decimals];
  frac = n % (guint64) scales[decimals];

  d = decimals;
  while (d > 0 && frac % 10 == 0)
    {
      frac /= 10;
      d--;
    }
  if (d > 0)
    {
      for (int i = 0; i < d; i++)
        {
          *--p = '0' + frac % 10;
          frac /= 10;
        }
      *--p = '.';
    }
  do
    {
      *--p = '0' + int_part % 10;
      int_part /= 10;
    }
  while (int_part > 0);
  if (negative && n != 0)
    *--p = '-';

  g_string_append_len (out, p, buf + sizeof buf - p);
}

static void
append_word (GString    *out,
             const char *letter,
             double      value,
             int         decimals)
{
  g_string_append (out, letter);
  append_number (out, value, decimals);
}

static void
writer_flush (Writer   *w,
              gboolean  force)
{
  if (w->failed || w->stream == NULL)
    return;
  if (!force && w->out->len < FLUSH_SIZE)
    return;
  if (!g_output_stream_write_all (w->stream, w->out->str, w->out->len, NULL,
                                  w->cancellable, w->error))
    w->failed = TRUE;
  g_string_truncate (w->out, 0);
}

static void
write_header (Writer       *w,
              MeltToolpath *toolpath,
              MeltProcess  *process)
{
  MeltProcessKind kind = melt_process_get_kind (process);
  GString *out = w->out;

  g_string_append_printf (out, "; Meltline G-code, dialect %d\n", MELT_GCODE_DIALECT_VERSION);
  g_string_append (out, "; generator: Meltline " PACKAGE_VERSION "\n");
  g_string_append_printf (out, "; process: %s\n", melt_enum_to_nick (MELT_TYPE_PROCESS_KIND, kind));
  if (melt_process_get_name (process) != NULL)
    {
      g_autofree char *name = g_strdelimit (g_strdup (melt_process_get_name (process)), "\r\n", ' ');

      g_string_append_printf (out, "; process_name: %s\n", name);
    }
  if (melt_process_get_material (process) != NULL)
    g_string_append_printf (out, "; material: %s\n", melt_process_get_material (process));
  g_string_append (out, "; wire_diameter_mm: ");
  append_number (out, melt_process_get_double (process, MELT_PROCESS_PARAM_WIRE_DIAMETER_MM), 4);
  g_string_append_printf (out, "\n; layers: %u\n; segments: %u\n",
                          melt_toolpath_get_n_layers (toolpath),
                          melt_toolpath_get_n_segments (toolpath));
  g_string_append (out, "G21 ; millimetres\nG90 ; absolute positions\n");

  if (kind == MELT_PROCESS_KIND_EBEAM_WIRE)
    {
      append_word (out, "M730 S",
                   melt_process_get_double (process, MELT_PROCESS_PARAM_EBEAM_ACCEL_VOLTAGE_KV), 4);
      g_string_append (out, " ; accelerating voltage, kV\n");
      append_word (out, "M731 S",
                   melt_process_get_double (process, MELT_PROCESS_PARAM_EBEAM_FOCUS_OFFSET_MM), 4);
      g_string_append (out, " ; focus offset, mm\n");
    }
}

static gboolean
write_all (MeltToolpath *toolpath,
           MeltProcess  *process,
           Writer       *w)
{
  MeltProcessKind kind = melt_process_get_kind (process);
  double voltage_kv = melt_process_get_double (process, MELT_PROCESS_PARAM_EBEAM_ACCEL_VOLTAGE_KV);
  guint n = melt_toolpath_get_n_segments (toolpath);
  GString *out = w->out;
  double pos[3] = { 0, 0, 0 };
  gboolean have_pos = FALSE;
  gboolean beam_on = FALSE;
  double beam_value = -1;     /* W for a laser, mA for a beam, as last written */
  double feed_value = -1;     /* mm/s */
  double f_value = -1;        /* mm/min */
  guint32 layer = G_MAXUINT32;
  guint32 bead = G_MAXUINT32;
  int type = -1;
  double width = -1, height = -1, area = -1;

  write_header (w, toolpath, process);

  for (guint i = 0; i < n && !w->failed; i++)
    {
      MeltSegment s;
      gboolean deposit;

      melt_toolpath_get_segment (toolpath, i, &s);
      deposit = melt_segment_kind_deposits (s.kind);

      if ((i & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (w->cancellable, w->error))
        return FALSE;

      /* The beam goes off at the end of a bead */
      if (beam_on && (!deposit || s.bead != bead || s.layer != layer))
        {
          g_string_append (out, kind == MELT_PROCESS_KIND_EBEAM_WIRE ? "M101\nM733\n" : "M101\nM5\n");
          beam_on = FALSE;
        }

      if (s.layer != layer)
        {
          layer = s.layer;
          g_string_append_printf (out, ";LAYER:%u\n", layer);
          type = -1;
        }

      /* Where the segment does not start where the last ended, go there */
      if (!have_pos
          || fabs (pos[0] - s.start[0]) > 5e-5 || fabs (pos[1] - s.start[1]) > 5e-5
          || fabs (pos[2] - s.start[2]) > 5e-5)
        {
          append_word (out, "G0 X", s.start[0], 4);
          append_word (out, " Y", s.start[1], 4);
          append_word (out, " Z", s.start[2], 4);
          g_string_append_c (out, '\n');
          for (int k = 0; k < 3; k++)
            pos[k] = s.start[k];
          have_pos = TRUE;
        }

      if (s.kind == MELT_SEGMENT_DWELL)
        {
          append_word (out, "G4 P", (double) s.duration_s * 1000.0, 3);
          g_string_append_c (out, '\n');
          writer_flush (w, FALSE);
          continue;
        }

      /* A move too short to show in 4 decimals is not written */
      if (fabs (s.end[0] - pos[0]) <= 5e-5 && fabs (s.end[1] - pos[1]) <= 5e-5
          && fabs (s.end[2] - pos[2]) <= 5e-5)
        continue;

      if (deposit)
        {
          if ((int) s.kind != type)
            {
              type = s.kind;
              g_string_append (out, s.kind == MELT_SEGMENT_PERIMETER ? ";TYPE:PERIMETER\n" : ";TYPE:FILL\n");
            }
          if (s.width_mm != width)
            {
              width = s.width_mm;
              append_word (out, ";WIDTH:", width, 4);
              g_string_append_c (out, '\n');
            }
          if (s.height_mm != height)
            {
              height = s.height_mm;
              append_word (out, ";HEIGHT:", height, 4);
              g_string_append_c (out, '\n');
            }
          if (s.area_mm2 != area)
            {
              area = s.area_mm2;
              append_word (out, ";AREA:", area, 4);
              g_string_append_c (out, '\n');
            }

          if (kind == MELT_PROCESS_KIND_EBEAM_WIRE)
            {
              double current = s.beam_current_ma;

              if (current <= 0 && voltage_kv > 0)
                current = s.power_w / voltage_kv;
              if (!beam_on || fabs (current - beam_value) > 5e-5)
                {
                  append_word (out, "M732 S", current, 4);
                  g_string_append_c (out, '\n');
                  beam_value = current;
                }
            }
          else if (!beam_on || fabs (s.power_w - beam_value) > 5e-5)
            {
              append_word (out, "M3 S", s.power_w, 4);
              g_string_append_c (out, '\n');
              beam_value = s.power_w;
            }
          if (!beam_on || fabs (s.wire_feed_mm_s - feed_value) > 5e-5)
            {
              append_word (out, "M100 S", s.wire_feed_mm_s, 4);
              g_string_append_c (out, '\n');
              feed_value = s.wire_feed_mm_s;
            }
          beam_on = TRUE;
          bead = s.bead;
          g_string_append (out, "G1");
        }
      else
        {
          g_string_append (out, "G0");
        }

      if (fabs (s.end[0] - pos[0]) > 5e-5)
        append_word (out, " X", s.end[0], 4);
      if (fabs (s.end[1] - pos[1]) > 5e-5)
        append_word (out, " Y", s.end[1], 4);
      if (fabs (s.end[2] - pos[2]) > 5e-5)
        append_word (out, " Z", s.end[2], 4);
      if (fabs (s.speed_mm_s * 60.0 - f_value) > 5e-4 && s.speed_mm_s > 0)
        {
          f_value = s.speed_mm_s * 60.0;
          append_word (out, " F", f_value, 3);
        }
      g_string_append_c (out, '\n');
      for (int k = 0; k < 3; k++)
        pos[k] = s.end[k];

      writer_flush (w, FALSE);
    }

  if (beam_on)
    g_string_append (out, kind == MELT_PROCESS_KIND_EBEAM_WIRE ? "M101\nM733\n" : "M101\nM5\n");
  g_string_append (out, "; end of print\n");
  writer_flush (w, TRUE);

  return !w->failed;
}

/**
 * melt_gcode_write:
 * @toolpath: the plan
 * @process: its process set (laser or electron beam, wire, voltage, focus)
 * @stream: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @toolpath as G-code in Meltline's dialect (docs/gcode-dialect.md).
 *
 * Returns: whether it was all written
 */
gboolean
melt_gcode_write (MeltToolpath   *toolpath,
                  MeltProcess    *process,
                  GOutputStream  *stream,
                  GCancellable   *cancellable,
                  GError        **error)
{
  g_autoptr(GString) out = g_string_sized_new (FLUSH_SIZE + 4096);
  Writer w = { out, stream, cancellable, error, FALSE };

  g_return_val_if_fail (MELT_IS_TOOLPATH (toolpath), FALSE);
  g_return_val_if_fail (MELT_IS_PROCESS (process), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return write_all (toolpath, process, &w);
}

/**
 * melt_gcode_write_file:
 *
 * As melt_gcode_write(), into @file, atomically: a temporary file renamed
 * over @file once complete; on failure @file is left as it was.
 */
gboolean
melt_gcode_write_file (MeltToolpath   *toolpath,
                       MeltProcess    *process,
                       GFile          *file,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;

  g_return_val_if_fail (MELT_IS_TOOLPATH (toolpath), FALSE);
  g_return_val_if_fail (MELT_IS_PROCESS (process), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, error);
  if (stream == NULL)
    return FALSE;

  if (!melt_gcode_write (toolpath, process, G_OUTPUT_STREAM (stream), cancellable, error))
    {
      /* Cancelling the close keeps the old file */
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
      return FALSE;
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}

/**
 * melt_gcode_write_bytes:
 *
 * Returns: (transfer full): the G-code of @toolpath, all in memory
 */
GBytes *
melt_gcode_write_bytes (MeltToolpath *toolpath,
                        MeltProcess  *process)
{
  GString *out = g_string_new (NULL);
  Writer w = { out, NULL, NULL, NULL, FALSE };

  g_return_val_if_fail (MELT_IS_TOOLPATH (toolpath), NULL);
  g_return_val_if_fail (MELT_IS_PROCESS (process), NULL);

  write_all (toolpath, process, &w);
  return g_string_free_to_bytes (out);
}
