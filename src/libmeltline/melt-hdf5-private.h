/* melt-hdf5-private.h: one lock for every call into HDF5, and the helpers
 * the plan, the recording and the HDF5 tree share (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HDF5 built without its thread-safety option, as the Flatpak builds it
 * (Debian 12's has it), lets two threads in the library at once corrupt
 * its state. Plans, recordings and the HDF5
 * tree are read in worker threads, so every file that calls HDF5 takes this
 * one lock around its calls. It is recursive: a caller may hold it and call
 * another part of the core that takes it too.
 *
 * Every helper below calls HDF5: hold the lock around them (the temporary
 * file helpers excepted). Each caller keeps its own GError domain: helpers
 * that set errors take the domain and the codes to use.
 */

#pragma once

#include <gio/gio.h>
#include <hdf5.h>

G_BEGIN_DECLS

/* HDF5 handles closed by g_auto */
typedef hid_t MeltH5File;
typedef hid_t MeltH5Group;
typedef hid_t MeltH5Object;
typedef hid_t MeltH5Dataset;
typedef hid_t MeltH5Attr;
typedef hid_t MeltH5Space;
typedef hid_t MeltH5Type;
typedef hid_t MeltH5Plist;

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (MeltH5File, H5Fclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (MeltH5Group, H5Gclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (MeltH5Object, H5Oclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (MeltH5Dataset, H5Dclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (MeltH5Attr, H5Aclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (MeltH5Space, H5Sclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (MeltH5Type, H5Tclose, H5I_INVALID_HID)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (MeltH5Plist, H5Pclose, H5I_INVALID_HID)

/* Takes the lock and silences HDF5's own printing of errors (the callers
 * turn them into GErrors) */
void _melt_hdf5_lock   (void);
/* Clears HDF5's error stack and releases the lock */
void _melt_hdf5_unlock (void);

/* Errors */

/* The innermost message on HDF5's error stack (the most specific), or NULL;
 * clears the stack */
char     *_melt_hdf5_take_error        (void);
/* Sets @error to @domain and @code, “DISPLAY: WHERE: WHAT”, plus HDF5's
 * innermost message when it has one (and clears HDF5's error stack) */
void      _melt_hdf5_set_error         (GError       **error,
                                        GQuark         domain,
                                        int            code,
                                        const char    *display,
                                        const char    *where,
                                        const char    *format,
                                        ...) G_GNUC_PRINTF (6, 7);

/* Writing: each returns FALSE with HDF5's error on its stack; the caller
 * names the place */

/* A scalar fixed-length UTF-8 string, null-padded (one NUL when empty) */
gboolean  _melt_hdf5_write_string_attr  (hid_t          loc,
                                         const char    *name,
                                         const char    *value);
/* @n values of @memory_type stored as @file_type: a scalar when @n is 1,
 * else a 1-D array */
gboolean  _melt_hdf5_write_numeric_attr (hid_t          loc,
                                         const char    *name,
                                         hid_t          file_type,
                                         hid_t          memory_type,
                                         const void    *values,
                                         hsize_t        n);

/* Reading */

/* Opens the attribute @name of @loc into *@attr, H5I_INVALID_HID when it
 * is absent and not @required. A missing attribute is an error of
 * @missing_code, one HDF5 cannot open of @unreadable_code. */
gboolean  _melt_hdf5_attr_open          (hid_t          loc,
                                         const char    *name,
                                         gboolean       required,
                                         hid_t         *attr,
                                         GQuark         domain,
                                         int            missing_code,
                                         int            unreadable_code,
                                         const char    *display,
                                         const char    *where,
                                         GError       **error);

typedef enum
{
  MELT_HDF5_STRING_OK,
  MELT_HDF5_STRING_NOT_SINGLE,   /* not a string, or not one */
  MELT_HDF5_STRING_BAD_SIZE,     /* a fixed length of 0 or over the maximum */
  MELT_HDF5_STRING_UNREADABLE,   /* HDF5 failed to read it */
  MELT_HDF5_STRING_NOT_UTF8,
} MeltHdf5StringStatus;

/* Reads the single fixed- or variable-length string of @id, an attribute
 * when @is_attr, else a dataset, into *@value (NULL unless it returns
 * MELT_HDF5_STRING_OK). A fixed-length string longer than @max_size bytes
 * is not read; *@size is its length. HDF5's error, if any, stays on its
 * stack for the caller's message. */
MeltHdf5StringStatus
          _melt_hdf5_read_string        (hid_t          id,
                                         gboolean       is_attr,
                                         gsize          max_size,
                                         char         **value,
                                         gsize         *size);

/* Every filter of @dataset must be in this HDF5 library, else an error of
 * @filter_code that says how to read the file anyway; a filter list HDF5
 * cannot read is an error of @unreadable_code. When @name_builtin, HDF5's
 * own filters (deflate, szip, …) are named in the message; otherwise a
 * filter is named by what the file stores. */
gboolean  _melt_hdf5_check_filters      (hid_t          dataset,
                                         gboolean       name_builtin,
                                         GQuark         domain,
                                         int            unreadable_code,
                                         int            filter_code,
                                         const char    *display,
                                         const char    *where,
                                         GError       **error);

/* An H5Literate() callback: appends a copy of each link name to the
 * GPtrArray (of g_free()d strings) @data */
herr_t    _melt_hdf5_collect_link_name  (hid_t              group,
                                         const char        *name,
                                         const H5L_info_t  *info,
                                         void              *data);

/* Saving through a temporary file next to the target, renamed over it
 * once complete (no HDF5 call: no lock needed) */

/* Creates an empty “.BASE.XXXXXX” next to @path (0666 less the umask, as
 * any new file) and returns its path; NULL with an error of @code */
char     *_melt_hdf5_temp_file_new      (const char    *path,
                                         GQuark         domain,
                                         int            code,
                                         const char    *display,
                                         GError       **error);
/* Flushes @temp to the disk (so the rename never leaves an empty file
 * after a crash), then, unless @cancellable is cancelled, renames it over
 * @path; FALSE with an error of @code, the caller removing @temp */
gboolean  _melt_hdf5_temp_file_commit   (const char    *temp,
                                         const char    *path,
                                         GCancellable  *cancellable,
                                         GQuark         domain,
                                         int            code,
                                         const char    *display,
                                         GError       **error);

G_END_DECLS
