/* melt-hdf5.c: one lock for every call into HDF5, and shared HDF5 helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-hdf5"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <hdf5.h>
#include <string.h>
#include <unistd.h>

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

/* Errors */

static herr_t
collect_innermost (unsigned            n,
                   const H5E_error2_t *err,
                   void               *data)
{
  char **desc = data;

  if (*desc == NULL && err->desc != NULL && err->desc[0] != '\0')
    *desc = g_strdup (err->desc);
  return 0;
}

char *
_melt_hdf5_take_error (void)
{
  char *desc = NULL;

  H5Ewalk2 (H5E_DEFAULT, H5E_WALK_UPWARD, collect_innermost, &desc);
  H5Eclear2 (H5E_DEFAULT);
  return desc;
}

void
_melt_hdf5_set_error (GError     **error,
                      GQuark       domain,
                      int          code,
                      const char  *display,
                      const char  *where,
                      const char  *format,
                      ...)
{
  g_autofree char *what = NULL;
  g_autofree char *hdf5 = _melt_hdf5_take_error ();
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  if (hdf5 != NULL)
    g_set_error (error, domain, code, "%s: %s: %s (HDF5: %s)", display, where, what, hdf5);
  else
    g_set_error (error, domain, code, "%s: %s: %s", display, where, what);
}

/* Writing */

gboolean
_melt_hdf5_write_string_attr (hid_t       loc,
                              const char *name,
                              const char *value)
{
  g_auto(MeltH5Type) type = H5Tcopy (H5T_C_S1);
  g_auto(MeltH5Space) space = H5Screate (H5S_SCALAR);
  g_auto(MeltH5Attr) attr = H5I_INVALID_HID;
  gsize len = strlen (value);

  if (type < 0 || space < 0
      || H5Tset_size (type, MAX (len, 1)) < 0
      || H5Tset_strpad (type, H5T_STR_NULLPAD) < 0
      || H5Tset_cset (type, H5T_CSET_UTF8) < 0)
    return FALSE;
  attr = H5Acreate2 (loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  return attr >= 0 && H5Awrite (attr, type, len > 0 ? value : "") >= 0;
}

gboolean
_melt_hdf5_write_numeric_attr (hid_t       loc,
                               const char *name,
                               hid_t       file_type,
                               hid_t       memory_type,
                               const void *values,
                               hsize_t     n)
{
  g_auto(MeltH5Space) space = n == 1 ? H5Screate (H5S_SCALAR) : H5Screate_simple (1, &n, NULL);
  g_auto(MeltH5Attr) attr = H5I_INVALID_HID;

  if (space < 0)
    return FALSE;
  attr = H5Acreate2 (loc, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT);
  return attr >= 0 && H5Awrite (attr, memory_type, values) >= 0;
}

/* Reading */

gboolean
_melt_hdf5_attr_open (hid_t        loc,
                      const char  *name,
                      gboolean     required,
                      hid_t       *attr,
                      GQuark       domain,
                      int          missing_code,
                      int          unreadable_code,
                      const char  *display,
                      const char  *where,
                      GError     **error)
{
  htri_t exists = H5Aexists (loc, name);

  *attr = H5I_INVALID_HID;
  if (exists < 0 || (exists == 0 && required))
    {
      _melt_hdf5_set_error (error, domain, missing_code, display, where,
                            _("the attribute “%s” is missing"), name);
      return FALSE;
    }
  if (exists == 0)
    return TRUE;

  *attr = H5Aopen (loc, name, H5P_DEFAULT);
  if (*attr < 0)
    {
      _melt_hdf5_set_error (error, domain, unreadable_code, display, where,
                            _("cannot read the attribute “%s”"), name);
      return FALSE;
    }
  return TRUE;
}

MeltHdf5StringStatus
_melt_hdf5_read_string (hid_t      id,
                        gboolean   is_attr,
                        gsize      max_size,
                        char     **value,
                        gsize     *size)
{
  g_auto(MeltH5Type) type = is_attr ? H5Aget_type (id) : H5Dget_type (id);
  g_auto(MeltH5Space) space = is_attr ? H5Aget_space (id) : H5Dget_space (id);
  g_auto(MeltH5Type) memory_type = H5I_INVALID_HID;
  g_autofree char *s = NULL;
  herr_t status;

  *value = NULL;
  *size = 0;
  if (type < 0 || space < 0 || H5Tget_class (type) != H5T_STRING
      || H5Sget_simple_extent_npoints (space) != 1)
    return MELT_HDF5_STRING_NOT_SINGLE;

  memory_type = H5Tcopy (H5T_C_S1);
  H5Tset_cset (memory_type, H5Tget_cset (type));
  if (H5Tis_variable_str (type) > 0)
    {
      char *vlen = NULL;

      H5Tset_size (memory_type, H5T_VARIABLE);
      status = is_attr ? H5Aread (id, memory_type, &vlen)
                       : H5Dread (id, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &vlen);
      if (status >= 0)
        {
          s = g_strdup (vlen != NULL ? vlen : "");
          H5free_memory (vlen);
        }
    }
  else
    {
      *size = H5Tget_size (type);
      if (*size == 0 || *size > max_size)
        return MELT_HDF5_STRING_BAD_SIZE;
      H5Tset_size (memory_type, *size);
      H5Tset_strpad (memory_type, H5T_STR_NULLPAD);
      s = g_malloc0 (*size + 1);
      status = is_attr ? H5Aread (id, memory_type, s)
                       : H5Dread (id, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, s);
    }

  if (status < 0 || s == NULL)
    return MELT_HDF5_STRING_UNREADABLE;
  if (!g_utf8_validate (s, -1, NULL))
    return MELT_HDF5_STRING_NOT_UTF8;
  *value = g_steal_pointer (&s);
  return MELT_HDF5_STRING_OK;
}

/* The names of HDF5's own filters */
static const char *
builtin_filter_name (H5Z_filter_t filter)
{
  switch (filter)
    {
    case H5Z_FILTER_DEFLATE: return "deflate";
    case H5Z_FILTER_SHUFFLE: return "shuffle";
    case H5Z_FILTER_FLETCHER32: return "fletcher32";
    case H5Z_FILTER_SZIP: return "szip";
    case H5Z_FILTER_NBIT: return "nbit";
    case H5Z_FILTER_SCALEOFFSET: return "scaleoffset";
    default: return NULL;
    }
}

gboolean
_melt_hdf5_check_filters (hid_t        dataset,
                          gboolean     name_builtin,
                          GQuark       domain,
                          int          unreadable_code,
                          int          filter_code,
                          const char  *display,
                          const char  *where,
                          GError     **error)
{
  g_auto(MeltH5Plist) dcpl = H5Dget_create_plist (dataset);
  int n = dcpl >= 0 ? H5Pget_nfilters (dcpl) : -1;

  if (n < 0)
    {
      _melt_hdf5_set_error (error, domain, unreadable_code, display, where,
                            _("cannot read the dataset’s filters"));
      return FALSE;
    }
  for (int i = 0; i < n; i++)
    {
      unsigned int flags = 0, config = 0;
      unsigned int cd_values[16];
      size_t cd_nelmts = G_N_ELEMENTS (cd_values);
      char name[128] = "";
      H5Z_filter_t filter;
      const char *known;

      filter = H5Pget_filter2 (dcpl, (unsigned) i, &flags, &cd_nelmts, cd_values,
                               sizeof name, name, &config);
      if (filter >= 0 && H5Zfilter_avail (filter) > 0)
        continue;

      H5Eclear2 (H5E_DEFAULT);
      known = name_builtin ? builtin_filter_name (filter) : NULL;
      if (known != NULL)
        _melt_hdf5_set_error (error, domain, filter_code, display, where,
                              /* Translators: the first %s is a filter name such as “deflate” or “szip” */
                              _("the data is compressed with the HDF5 filter “%s” (%d), which this HDF5 "
                                "library does not have; install a library with it or rewrite the file "
                                "without it (h5repack -f NONE)"),
                              known, (int) filter);
      else if (name[0] != '\0')
        _melt_hdf5_set_error (error, domain, filter_code, display, where,
                              _("the data is compressed with HDF5 filter %d (“%s”), which this HDF5 "
                                "library does not have; install the plugin or rewrite the file "
                                "without it (h5repack -f NONE)"),
                              (int) filter, name);
      else
        _melt_hdf5_set_error (error, domain, filter_code, display, where,
                              _("the data is compressed with HDF5 filter %d, which this HDF5 "
                                "library does not have; install the plugin or rewrite the file "
                                "without it (h5repack -f NONE)"),
                              (int) filter);
      return FALSE;
    }
  return TRUE;
}

herr_t
_melt_hdf5_collect_link_name (hid_t              group,
                              const char        *name,
                              const H5L_info_t  *info,
                              void              *data)
{
  g_ptr_array_add (data, g_strdup (name));
  return 0;
}

/* Saving */

char *
_melt_hdf5_temp_file_new (const char  *path,
                          GQuark       domain,
                          int          code,
                          const char  *display,
                          GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *temp_name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *temp = g_build_filename (dir, temp_name, NULL);
  int fd;

  /* 0666 less the umask, as any new file */
  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, domain, code,
                   _("%s: cannot create a temporary file in “%s”: %s"),
                   display, dir, g_strerror (saved));
      return NULL;
    }
  g_close (fd, NULL);
  return g_steal_pointer (&temp);
}

gboolean
_melt_hdf5_temp_file_commit (const char    *temp,
                             const char    *path,
                             GCancellable  *cancellable,
                             GQuark         domain,
                             int            code,
                             const char    *display,
                             GError       **error)
{
  int fd = g_open (temp, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        g_close (fd, NULL);
      g_set_error (error, domain, code,
                   _("%s: cannot write the file: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (!g_close (fd, NULL))
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (g_rename (temp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, domain, code,
                   _("%s: cannot replace the file: %s"), display, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
