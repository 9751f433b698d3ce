/* melt-file.c: reading small text files that a user names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "melt-file-private.h"

#define CHUNK (64 * 1024)

GBytes *
_melt_file_read_at_most (GFile         *file,
                         gsize          max_bytes,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  gsize limit = max_bytes + 1;
  guint8 nul = 0;
  GBytes *bytes;
  gsize size;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (max_bytes < G_MAXUINT - CHUNK, NULL);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;

  buffer = g_byte_array_new ();
  while (buffer->len < limit)
    {
      guint old_len = buffer->len;
      gsize want = MIN (CHUNK, limit - old_len);
      gsize n_read = 0;

      g_byte_array_set_size (buffer, old_len + want);
      if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer->data + old_len, want,
                                    &n_read, cancellable, error))
        return NULL;
      g_byte_array_set_size (buffer, old_len + n_read);
      if (n_read < want)
        break;
    }

  size = buffer->len;
  g_byte_array_append (buffer, &nul, 1);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  /* the same memory, without the NUL in its size */
  {
    GBytes *sized = g_bytes_new_from_bytes (bytes, 0, size);

    g_bytes_unref (bytes);
    return sized;
  }
}
