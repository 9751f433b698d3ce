/* fuzz-pyramid-cache.c: libFuzzer target for the pyramid cache loader
 * (melt_pyramid_load) and for queries on what it loads
 *
 * Build: meson setup _build-fuzz -Dfuzzing=true -Dgui=false (with CC=clang)
 * Run:   _build-fuzz/tests/fuzz/fuzz-pyramid-cache tests/fuzz/corpus-pyramid-cache -max_total_time=60
 *
 * The input is written to a file in a temporary folder, made once. So that
 * the header checks pass often, expected_n is the header's own n (bytes 16
 * to 23). So that mutated files load at all, the checksum (bytes 48 to 63)
 * is computed again over the rest of the input (as melt_pyramid_save() does)
 * unless the first reserved byte (72) is non-zero: those inputs keep their
 * checksum as it is, and exercise the check itself.
 *
 * The seeds are caches melt_pyramid_save() wrote for small synthetic series
 * (5000 samples; 3001 with NaN and an attachment, blocks of 16, factor 4;
 * 4099 with blocks of 4, factor 2): write them again after a change of the
 * cache format. A forged file whose maxima were all -inf once made queries
 * read outside the levels (/core/pyramid/cache/forged-extremes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <nettle/umac.h>
#include <stdlib.h>
#include <string.h>

#include "melt-pyramid.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

#define HEADER_SIZE   80
#define CHECKSUM_AT   48
#define RESERVED_AT   72
/* Raw queries through the test source read every sample: not for huge n */
#define MAX_SOURCED_N (1u << 20)

static const guint n_columns_list[] = { 1, 3, 64, 1000, 4096 };

static char *dir = NULL;

static void
remove_scratch_dir (void)
{
  g_autofree char *path = g_build_filename (dir, "fuzz.pyramid", NULL);

  g_remove (path);
  g_rmdir (dir);
}

static const char *
scratch_dir (void)
{
  if (dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      dir = g_dir_make_tmp ("fuzz-pyramid-XXXXXX", &error);
      g_assert_no_error (error);
      atexit (remove_scratch_dir);
    }
  return dir;
}

static gboolean
test_source (gpointer   user_data,
             guint64    first,
             guint64    count,
             float     *out,
             GError   **error)
{
  for (guint64 i = 0; i < count; i++)
    {
      guint64 index = first + i;

      out[i] = index % 1009 == 7 ? NAN : (float) ((index * 2654435761u) % 1024) - 512.0f;
    }
  return TRUE;
}

static void
check_query (MeltPyramid *pyramid,
             guint64      first,
             guint64      last,
             guint        n_columns,
             gboolean     has_source)
{
  g_autofree MeltM4Column *out = g_new0 (MeltM4Column, n_columns);
  g_autoptr(GError) error = NULL;
  MeltM4Flags flags = MELT_M4_NONE;
  guint n_out = G_MAXUINT;
  gboolean ok;

  ok = melt_pyramid_query_m4 (pyramid, first, last, n_columns, out, &n_out, &flags, &error);
  g_assert ((ok != FALSE) != (error != NULL));
  if (!ok)
    {
      /* Only reading raw samples can fail, and only without a source */
      g_assert (!has_source);
      g_assert (g_error_matches (error, MELT_PYRAMID_ERROR, MELT_PYRAMID_ERROR_SOURCE));
      g_assert (error->message != NULL && error->message[0] != '\0');
      return;
    }

  /* A complete pyramid is exact */
  g_assert ((flags & MELT_M4_APPROXIMATE) == 0);
  g_assert_cmpuint (n_out, >=, 1);
  g_assert_cmpuint (n_out, <=, n_columns);

  /* Columns follow each other without gap or overlap, first to last */
  g_assert_cmpuint (out[0].first_index, ==, first);
  g_assert_cmpuint (out[n_out - 1].last_index, ==, last);
  for (guint c = 0; c < n_out; c++)
    {
      const MeltM4Column *col = &out[c];

      g_assert_cmpuint (col->first_index, <=, col->last_index);
      if (c > 0)
        g_assert_cmpuint (col->first_index, ==, out[c - 1].last_index + 1);
      g_assert_cmpuint (col->flags, ==, 0);
      g_assert (col->min_span == 0 || (col->min_index >= col->first_index
                                       && col->min_index + col->min_span <= col->last_index + 1));
      g_assert (col->max_span == 0 || (col->max_index >= col->first_index
                                       && col->max_index + col->max_span <= col->last_index + 1));
      if (flags & MELT_M4_RAW)
        g_assert (col->min_span <= 1 && col->max_span <= 1);
    }
}

static void
check_queries (MeltPyramid *pyramid,
               gboolean     has_source)
{
  guint64 n = melt_pyramid_get_n_samples (pyramid);

  for (guint i = 0; i < G_N_ELEMENTS (n_columns_list); i++)
    {
      check_query (pyramid, 0, n - 1, n_columns_list[i], has_source);
      /* A range with unaligned ends, which need raw samples */
      if (n > 8)
        check_query (pyramid, n / 3, n - 1 - n / 5, n_columns_list[i], has_source);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *path = g_build_filename (scratch_dir (), "fuzz.pyramid", NULL);
  g_autofree guint8 *copy = g_memdup2 (data, size);
  g_autoptr(GFile) file = NULL;
  g_autoptr(MeltPyramid) pyramid = NULL;
  g_autoptr(GBytes) attachment = NULL;
  g_autoptr(GError) error = NULL;
  guint64 expected_n = size;

  if (size >= 24)
    memcpy (&expected_n, data + 16, sizeof expected_n);

  if (size >= HEADER_SIZE && data[RESERVED_AT] == 0)
    {
      struct umac128_ctx checksum;
      static const guint8 nonce[16] = { 0 };

      umac128_set_key (&checksum, (const guint8 *) "meltline-pyramid");
      umac128_set_nonce (&checksum, sizeof nonce, nonce);
      umac128_update (&checksum, size - HEADER_SIZE, copy + HEADER_SIZE);
      umac128_digest (&checksum, UMAC128_DIGEST_SIZE, copy + CHECKSUM_AT);
    }

  g_assert (g_file_set_contents_full (path, (const char *) copy, size,
                                      G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  file = g_file_new_for_path (path);

  pyramid = melt_pyramid_load (file, expected_n, NULL, &error);

  /* Exactly one of the two: a pyramid, or an error with a message. */
  g_assert ((pyramid == NULL) != (error == NULL));
  if (pyramid == NULL)
    {
      g_assert (error->domain == MELT_PYRAMID_ERROR);
      g_assert (error->message != NULL && error->message[0] != '\0');
      return 0;
    }

  /* What loads is complete, of the length asked for */
  g_assert_cmpuint (melt_pyramid_get_n_samples (pyramid), ==, expected_n);
  g_assert_cmpuint (expected_n, >, 0);
  g_assert (melt_pyramid_is_complete (pyramid));
  g_assert_cmpuint (melt_pyramid_get_n_levels (pyramid), >=, 1);
  g_assert (melt_pyramid_get_key (pyramid) != NULL);

  attachment = melt_pyramid_dup_attachment (pyramid);
  if (attachment != NULL)
    {
      gsize attached = g_bytes_get_size (attachment);

      g_assert_cmpuint (attached, >, 0);
      g_assert_cmpuint (attached % sizeof (double), ==, 0);
      g_assert_cmpuint (attached / sizeof (double), <=, expected_n / 64 + 2);
    }

  /* Without a source: queries that need raw samples fail, none crash */
  check_queries (pyramid, FALSE);

  /* With one (for series short enough to read whole) */
  if (expected_n <= MAX_SOURCED_N)
    {
      melt_pyramid_set_source (pyramid, test_source, NULL, NULL);
      check_queries (pyramid, TRUE);
    }

  return 0;
}
