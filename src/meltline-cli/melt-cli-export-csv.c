/* melt-cli-export-csv.c: meltline-cli export-csv RUN.h5 --channels A,B, channels of a
 * recorded run as CSV on standard output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows are the first channel's samples. Channels of its stream are read at the same
 * indices; channels of other streams are sample-and-held: each row gets the last sample
 * at or before its time, read forward through a small buffer. The rows go out window by
 * window (ROWS_PER_WINDOW), so memory stays the same for a 40-hour run.
 */

#define G_LOG_DOMAIN "meltline-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "melt-cli.h"
#include "melt-recording.h"

#define ROWS_PER_WINDOW 65536
#define HELD_BUFFER     65536

typedef struct
{
  const char                 *name;     /* as the user gave it */
  const MeltRecordingStream  *stream;
  const MeltRecordingChannel *channel;
  gboolean                    held;     /* of another stream than the rows' */
  double                     *values;   /* ROWS_PER_WINDOW: this window's column */

  /* held channels: the last sample at or before the row being written */
  guint64                     index;    /* MELT_RECORDING_NO_INDEX: before the first */
  double                      value;
  /* samples [buffer_first, buffer_first + buffer_count) of the channel's stream */
  double                     *buffer_times;
  double                     *buffer_values;
  guint64                     buffer_first;
  gsize                       buffer_count;
} Column;

static void
column_clear (Column *column)
{
  g_clear_pointer (&column->values, g_free);
  g_clear_pointer (&column->buffer_times, g_free);
  g_clear_pointer (&column->buffer_values, g_free);
}

/* Shortest text that reads back as the same value; '.' whatever the locale. A float32
 * channel's values read back as the same float. NaN is an empty field. */
static void
append_number (GString  *out,
               double    value,
               gboolean  single)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return;
  for (int precision = single ? 6 : 15; precision <= 17; precision++)
    {
      char format[8];
      double back;

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      back = g_ascii_strtod (buffer, NULL);
      if (single ? (float) back == (float) value : back == value)
        break;
    }
  g_string_append (out, buffer);
}

/* A CSV field, quoted when it holds a comma, a quote or a line break */
static void
append_field (GString    *out,
              const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Moves a held column on to the last sample at or before @time_s */
static gboolean
held_advance (MeltRecording  *recording,
              Column         *column,
              double          time_s,
              GError        **error)
{
  const MeltRecordingStream *s = column->stream;

  for (;;)
    {
      guint64 next = column->index == MELT_RECORDING_NO_INDEX ? 0 : column->index + 1;
      gsize k;

      if (next >= s->n_samples)
        return TRUE;
      if (next < column->buffer_first || next >= column->buffer_first + column->buffer_count)
        {
          column->buffer_first = next;
          column->buffer_count = MIN (HELD_BUFFER, s->n_samples - next);
          if (!melt_recording_read_range (recording, s->name, column->channel->name, next,
                                          column->buffer_count, column->buffer_times,
                                          column->buffer_values, error))
            return FALSE;
        }
      k = next - column->buffer_first;
      if (column->buffer_times[k] > time_s)
        return TRUE;
      column->index = next;
      column->value = column->buffer_values[k];
    }
}

static gboolean
flush_out (GString  *out,
           GError  **error)
{
  if (out->len > 0 && fwrite (out->str, 1, out->len, stdout) != out->len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("cannot write to standard output: %s"), g_strerror (errno));
      return FALSE;
    }
  g_string_truncate (out, 0);
  return TRUE;
}

static gboolean
export (MeltRecording  *recording,
        Column         *columns,
        guint           n_columns,
        double          from,
        double          to,
        GError        **error)
{
  const MeltRecordingStream *rows = columns[0].stream;
  g_autoptr(GString) out = g_string_sized_new (1 << 20);
  g_autofree double *times = g_new (double, ROWS_PER_WINDOW);
  guint64 first = MELT_RECORDING_NO_INDEX, last = MELT_RECORDING_NO_INDEX;

  /* Header */
  g_string_append (out, "time_s");
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *title = columns[c].channel->units[0] != '\0'
                               ? g_strdup_printf ("%s [%s]", columns[c].name, columns[c].channel->units)
                               : g_strdup (columns[c].name);

      g_string_append_c (out, ',');
      append_field (out, title);
    }
  g_string_append_c (out, '\n');

  if (rows->n_samples > 0
      && (!melt_recording_index_at_or_after (recording, rows->name, from, &first, error)
          || !melt_recording_index_at_or_before (recording, rows->name, to, &last, error)))
    return FALSE;

  if (first != MELT_RECORDING_NO_INDEX && last != MELT_RECORDING_NO_INDEX && first <= last)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          columns[c].values = g_new (double, ROWS_PER_WINDOW);
          if (columns[c].held)
            {
              double t0;

              columns[c].buffer_times = g_new (double, HELD_BUFFER);
              columns[c].buffer_values = g_new (double, HELD_BUFFER);
              columns[c].buffer_count = 0;
              if (!melt_recording_read_range (recording, rows->name, NULL, first, 1, &t0, NULL, error)
                  || !melt_recording_value_at (recording, columns[c].stream->name,
                                               columns[c].channel->name, t0, &columns[c].value,
                                               &columns[c].index, error))
                return FALSE;
            }
        }

      for (guint64 start = first; start <= last; start += ROWS_PER_WINDOW)
        {
          gsize n = MIN (ROWS_PER_WINDOW, last - start + 1);

          if (!melt_recording_read_range (recording, rows->name, NULL, start, n, times, NULL, error))
            return FALSE;
          for (guint c = 0; c < n_columns; c++)
            {
              Column *column = &columns[c];

              if (!column->held)
                {
                  if (!melt_recording_read_range (recording, rows->name, column->channel->name, start,
                                                  n, NULL, column->values, error))
                    return FALSE;
                  continue;
                }
              for (gsize i = 0; i < n; i++)
                {
                  if (!held_advance (recording, column, times[i], error))
                    return FALSE;
                  column->values[i] = column->index == MELT_RECORDING_NO_INDEX ? NAN : column->value;
                }
            }

          for (gsize i = 0; i < n; i++)
            {
              append_number (out, times[i], FALSE);
              for (guint c = 0; c < n_columns; c++)
                {
                  g_string_append_c (out, ',');
                  append_number (out, columns[c].values[i],
                                 columns[c].channel->type == MELT_SAMPLE_FLOAT32);
                }
              g_string_append_c (out, '\n');
              if (out->len >= (1 << 20) && !flush_out (out, error))
                return FALSE;
            }
        }
    }

  if (!flush_out (out, error))
    return FALSE;
  if (fflush (stdout) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("cannot write to standard output: %s"), g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

int
melt_cli_export_csv (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltRecording) recording = NULL;
  g_auto(GStrv) files = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *channels_arg = NULL;
  g_autofree char *mapping_arg = NULL;
  g_autofree char *from_arg = NULL;
  g_autofree char *to_arg = NULL;
  g_autofree Column *columns = NULL;
  double from = -INFINITY, to = INFINITY;
  guint n_columns;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "mapping", 'm', 0, G_OPTION_ARG_FILENAME, &mapping_arg,
      N_("Read an HDF5 file of another layout through this mapping file (docs/mapping-format.md)"),
      N_("MAP.json") },
    { "channels", 'c', 0, G_OPTION_ARG_STRING, &channels_arg,
      N_("The channels, separated by commas: STREAM/CHANNEL, or a channel name only one stream "
         "has"), N_("A,B,…") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_arg,
      N_("Leave out rows before this time, in seconds"), N_("S") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_arg,
      N_("Leave out rows after this time, in seconds"), N_("S") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  g_set_prgname (argv[0]);

  context = g_option_context_new (_("RUN.h5"));
  g_option_context_set_summary (context,
                                _("Write channels of a recorded run as CSV to standard output."));
  g_option_context_set_description (context,
                                    _("The first line names the columns: time_s, then each "
                                      "channel as given with its units in brackets. There is one "
                                      "row per sample of the first channel, at its time. Channels "
                                      "of the same stream give their sample at that time; channels "
                                      "of other streams give their last sample at or before it "
                                      "(sample-and-hold), and an empty field before their first "
                                      "sample. Numbers use '.' as the decimal point whatever the "
                                      "language, with the digits that read back as the stored "
                                      "value. The run is read a window at a time, so long runs "
                                      "need little memory."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  if (files == NULL || g_strv_length (files) != 1)
    {
      g_printerr ("%s: %s\n", argv[0], files == NULL ? _("no recording given")
                                                     : _("give exactly one recording"));
      return MELT_CLI_EXIT_BAD_INPUT;
    }
  if (channels_arg == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], _("no channels given (--channels A,B)"));
      return MELT_CLI_EXIT_BAD_INPUT;
    }
  if ((from_arg != NULL && !melt_cli_parse_seconds (from_arg, "--from", &from, &error))
      || (to_arg != NULL && !melt_cli_parse_seconds (to_arg, "--to", &to, &error)))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }
  if (from > to)
    {
      g_printerr ("%s: ", argv[0]);
      /* TRANSLATORS: a time window; %g are seconds */
      g_printerr (_("bad time window: --from %g s comes after --to %g s"), from, to);
      g_printerr ("\n");
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  names = g_strsplit (channels_arg, ",", -1);
  n_columns = g_strv_length (names);
  for (guint c = 0; c < n_columns; c++)
    {
      g_strstrip (names[c]);
      if (names[c][0] == '\0')
        {
          g_printerr ("%s: ", argv[0]);
          /* TRANSLATORS: %s is what the user gave */
          g_printerr (_("bad channel list “%s”: a channel name is empty"), channels_arg);
          g_printerr ("\n");
          return MELT_CLI_EXIT_BAD_INPUT;
        }
    }
  if (n_columns == 0)
    {
      g_printerr ("%s: %s\n", argv[0], _("no channels given (--channels A,B)"));
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  recording = melt_cli_open_recording (files[0], mapping_arg, &error);
  if (recording == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_BAD_INPUT;
    }

  columns = g_new0 (Column, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      if (!melt_cli_find_channel (recording, names[c], &columns[c].stream, &columns[c].channel,
                                  &error))
        {
          g_printerr ("%s: %s\n", argv[0], error->message);
          return MELT_CLI_EXIT_BAD_INPUT;
        }
      columns[c].name = names[c];
      columns[c].held = columns[c].stream != columns[0].stream;
    }

  ok = export (recording, columns, n_columns, from, to, &error);
  for (guint c = 0; c < n_columns; c++)
    column_clear (&columns[c]);
  if (!ok)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return MELT_CLI_EXIT_FAILURE;
    }
  return MELT_CLI_EXIT_OK;
}
