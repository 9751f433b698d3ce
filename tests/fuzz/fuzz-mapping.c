/* fuzz-mapping.c: libFuzzer target for mapping files ("meltline-mapping" JSON)
 *
 * Build: meson setup _build-fuzz -Dfuzzing=true -Dgui=false (with CC=clang)
 * Run:   _build-fuzz/tests/fuzz/fuzz-mapping tests/fuzz/corpus-mapping -max_total_time=60
 *
 * Without a base folder a relative "process" path is read from the current
 * folder: run it from a scratch folder.
 *
 * json-glib 1.6 accepts a value followed by an object or an array ("1{}")
 * and leaks the second one: LeakSanitizer reports it from
 * json_parser_load_from_data(). Run with
 * LSAN_OPTIONS=suppressions=… holding "leak:json_parser_load_from_data" to
 * look past it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "melt-recording-mapping.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
check_h5_path (const char *path,
               const char *json_path)
{
  g_assert (path != NULL && path[0] == '/' && path[1] != '\0');
  g_assert (!g_str_has_suffix (path, "/"));
  g_assert (json_path != NULL && g_str_has_prefix (json_path, "$."));
}

static void
check_time (const MeltRecordingMappingTime *time)
{
  check_h5_path (time->path, time->json_path);
  g_assert (time->divisor == 1 || time->divisor == 1e3 || time->divisor == 1e6
            || time->divisor == 1e9);
  g_assert (isfinite (time->scale) && time->scale > 0);
  g_assert (time->scale == 1 || time->divisor == 1);
  g_assert (isfinite (time->offset_s));
}

static void
check_name (const char *name)
{
  g_assert (name != NULL && name[0] != '\0' && strchr (name, '/') == NULL);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(MeltRecordingMapping) mapping = NULL;
  g_autoptr(GError) error = NULL;
  const MeltRecordingMappingEvents *events;
  guint n_streams, n_frames;

  mapping = melt_recording_mapping_load_bytes (bytes, "fuzz.mapping.json", NULL, &error);

  /* Exactly one of the two: a mapping, or an error naming the file. */
  g_assert ((mapping == NULL) != (error == NULL));
  if (mapping == NULL)
    {
      g_assert (error->domain == MELT_RECORDING_MAPPING_ERROR);
      g_assert (error->message != NULL && error->message[0] != '\0');
      g_assert (g_str_has_prefix (error->message, "fuzz.mapping.json: "));
      g_assert (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  g_assert_cmpstr (melt_recording_mapping_get_display (mapping), ==, "fuzz.mapping.json");
  (void) melt_recording_mapping_get_run_id (mapping);
  (void) melt_recording_mapping_get_material (mapping);
  (void) melt_recording_mapping_get_process_json (mapping);
  (void) melt_recording_mapping_get_platform (mapping);
  (void) melt_recording_mapping_get_simulated (mapping);

  n_streams = melt_recording_mapping_get_n_streams (mapping);
  for (guint i = 0; i < n_streams; i++)
    {
      const MeltRecordingMappingStream *stream = melt_recording_mapping_get_stream (mapping, i);

      g_assert (stream != NULL);
      check_name (stream->name);
      g_assert (isfinite (stream->rate_hz) && stream->rate_hz >= 0);
      check_time (&stream->time);
      g_assert (stream->n_channels == 0 || stream->channels != NULL);
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (melt_recording_mapping_get_stream (mapping, j)->name, !=, stream->name);
      for (guint c = 0; c < stream->n_channels; c++)
        {
          const MeltRecordingMappingChannel *channel = &stream->channels[c];

          check_name (channel->name);
          check_h5_path (channel->path, channel->json_path);
          g_assert_cmpint (channel->column, >=, -1);
          for (guint d = 0; d < c; d++)
            g_assert_cmpstr (stream->channels[d].name, !=, channel->name);
          if (channel->units != NULL)
            g_assert (g_utf8_validate (channel->units, -1, NULL));
          if (channel->long_name != NULL)
            g_assert (g_utf8_validate (channel->long_name, -1, NULL));
        }
    }

  n_frames = melt_recording_mapping_get_n_frames (mapping);
  for (guint i = 0; i < n_frames; i++)
    {
      const MeltRecordingMappingFrames *frames = melt_recording_mapping_get_frames (mapping, i);

      g_assert (frames != NULL);
      check_name (frames->name);
      g_assert (isfinite (frames->rate_hz) && frames->rate_hz >= 0);
      check_time (&frames->time);
      check_h5_path (frames->path, frames->json_path);
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (melt_recording_mapping_get_frames (mapping, j)->name, !=, frames->name);
    }

  events = melt_recording_mapping_get_events (mapping);
  if (events != NULL)
    {
      check_time (&events->time);
      check_h5_path (events->kind, events->kind_json_path);
      if (events->text != NULL)
        check_h5_path (events->text, events->text_json_path);
    }

  return 0;
}
