/* melt-hdf5.c: one lock for every call into HDF5
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <hdf5.h>

#include "melt-hdf5-private.h"

static GRecMutex hdf5_lock;

void
_melt_hdf5_lock (void)
{
  g_rec_mutex_lock (&hdf5_lock);
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
}

void
_melt_hdf5_unlock (void)
{
  H5Eclear2 (H5E_DEFAULT);
  g_rec_mutex_unlock (&hdf5_lock);
}
