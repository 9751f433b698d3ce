/* melt-cli-output.c: what the subcommands of meltline-cli print alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "meltline-cli"

#include "config.h"

#include <glib/gi18n.h>
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

/* Reads "WxH" (also with "X" or "×") with both sides in [@min_side, @max_side] */
gboolean
melt_cli_parse_size (const char *text,
                     int         min_side,
                     int         max_side,
                     int        *width,
                     int        *height)
{
  g_auto(GStrv) parts = NULL;
  guint64 lo = (guint64) MAX (min_side, 1), hi = (guint64) MAX (max_side, 1), w, h;

  if (text == NULL)
    return FALSE;
  parts = g_regex_split_simple ("^\\s*([0-9]+)\\s*(?:x|X|×)\\s*([0-9]+)\\s*$", text, 0, 0);
  if (g_strv_length (parts) != 4 ||
      !g_ascii_string_to_unsigned (parts[1], 10, lo, hi, &w, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, lo, hi, &h, NULL))
    return FALSE;

  *width = w;
  *height = h;
  return TRUE;
}

static cairo_status_t
write_png_chunk (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  GOutputStream *stream = closure;

  if (!g_output_stream_write_all (stream, data, length, NULL, NULL, NULL))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/* Written next to the destination and renamed over it: no half-written PNG is left */
gboolean
melt_cli_save_png (cairo_surface_t  *surface,
                   GFile            *file,
                   GError          **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  cairo_status_t status;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (stream == NULL)
    return FALSE;

  status = cairo_surface_write_to_png_stream (surface, write_png_chunk, stream);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* TRANSLATORS: %s are a file name and Cairo's reason */
                   _("Could not write “%s”: %s"), name, cairo_status_to_string (status));
      /* closing a cancelled replace leaves the destination as it was */
      {
        g_autoptr(GCancellable) cancel = g_cancellable_new ();

        g_cancellable_cancel (cancel);
        g_output_stream_close (G_OUTPUT_STREAM (stream), cancel, NULL);
      }
      return FALSE;
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}
