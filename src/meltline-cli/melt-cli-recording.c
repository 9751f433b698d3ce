/* melt-cli-recording.c: what the recording commands share: opening a run (through a
 * mapping file for other layouts), a channel by "stream/channel" or by its name alone,
 * and a time in seconds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "meltline-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "melt-cli.h"
#include "melt-recording-mapping.h"

/**
 * melt_cli_open_recording:
 * @path: the run (a Meltline recording, or an HDF5 file of another layout)
 * @mapping_path: (nullable): a mapping file (docs/mapping-format.md) for another layout
 * @error: the reader's error
 *
 * Returns: (transfer full) (nullable): the recording, read-only
 */
MeltRecording *
melt_cli_open_recording (const char  *path,
                         const char  *mapping_path,
                         GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GFile) mapping = NULL;

  if (mapping_path == NULL)
    return melt_recording_open (file, NULL, error);
  mapping = g_file_new_for_commandline_arg (mapping_path);
  return melt_recording_open_with_mapping (file, mapping, NULL, error);
}

/**
 * melt_cli_find_channel:
 * @recording: an open recording
 * @name: "STREAM/CHANNEL", or a channel name that only one stream has
 * @stream: (out) (transfer none): the stream
 * @channel: (out) (transfer none): the channel
 * @error: a message for the user when there is no such channel, or several
 *
 * Returns: TRUE when @name names one channel
 */
gboolean
melt_cli_find_channel (MeltRecording               *recording,
                       const char                  *name,
                       const MeltRecordingStream  **stream,
                       const MeltRecordingChannel **channel,
                       GError                     **error)
{
  g_autoptr(GString) matches = g_string_new (NULL);
  const char *slash = strchr (name, '/');
  guint n_matches = 0;

  *stream = NULL;
  *channel = NULL;

  if (slash != NULL)
    {
      g_autofree char *stream_name = g_strndup (name, slash - name);

      *stream = melt_recording_lookup_stream (recording, stream_name);
      if (*stream != NULL)
        {
          for (guint c = 0; c < (*stream)->n_channels; c++)
            if (strcmp ((*stream)->channels[c].name, slash + 1) == 0)
              *channel = &(*stream)->channels[c];
        }
    }
  else
    {
      for (guint i = 0; i < melt_recording_get_n_streams (recording); i++)
        {
          const MeltRecordingStream *s = melt_recording_get_stream (recording, i);

          for (guint c = 0; c < s->n_channels; c++)
            if (strcmp (s->channels[c].name, name) == 0)
              {
                if (n_matches++ > 0)
                  g_string_append (matches, ", ");
                g_string_append_printf (matches, "%s/%s", s->name, name);
                *stream = s;
                *channel = &s->channels[c];
              }
        }
      if (n_matches > 1)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       /* TRANSLATORS: %s is a channel name, then the list of stream/channel
                        * that have it */
                       _("several streams have a channel “%s”: give one of %s"), name, matches->str);
          return FALSE;
        }
    }

  if (*channel == NULL)
    {
      g_autoptr(GString) all = g_string_new (NULL);

      for (guint i = 0; i < melt_recording_get_n_streams (recording); i++)
        {
          const MeltRecordingStream *s = melt_recording_get_stream (recording, i);

          for (guint c = 0; c < s->n_channels; c++)
            g_string_append_printf (all, "%s%s/%s", all->len > 0 ? ", " : "", s->name,
                                    s->channels[c].name);
        }
      if (all->len == 0)
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     /* TRANSLATORS: %s is what the user gave */
                     _("no channel “%s”: the recording has no channels"), name);
      else
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     /* TRANSLATORS: %s is what the user gave, then the list of channels */
                     _("no channel “%s”: the channels are %s"), name, all->str);
      *stream = NULL;
      return FALSE;
    }

  return TRUE;
}

/**
 * melt_cli_parse_seconds:
 * @text: a time in seconds, with '.' as the decimal point whatever the locale
 * @option: the option's name, for the message
 * @seconds: (out): the time
 * @error: a message for the user when @text is not a finite number
 */
gboolean
melt_cli_parse_seconds (const char  *text,
                        const char  *option,
                        double      *seconds,
                        GError     **error)
{
  char *end = NULL;
  double value;

  value = g_ascii_strtod (text, &end);
  if (text[0] == '\0' || end == text || *end != '\0' || !isfinite (value))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* TRANSLATORS: %s are an option such as --from and what the user gave */
                   _("bad time for %s “%s”: expected seconds, such as 12.5"), option, text);
      return FALSE;
    }
  *seconds = value;
  return TRUE;
}
