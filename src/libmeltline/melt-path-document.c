/* melt-path-document.c: a toolpath to preview, from a plan file or G-code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview shows Meltline plans (HDF5, docs/plan-format.md) and G-code
 * from any tool the same way: a MeltPathDocument holds the toolpath, the
 * process when there is one, and, for G-code, what is needed to show the
 * text around a segment's line: the file is opened again when that text is
 * asked for, and refused if it changed since it was read.
 */

#define G_LOG_DOMAIN "melt-path-document"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "melt-path-document.h"

/* What every HDF5 file starts with (at offset 0 for files Meltline writes) */
static const char hdf5_signature[8] = { '\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n' };

struct _MeltPathDocument
{
  GObject parent_instance;

  GFile *file;
  MeltPlan *plan;
  MeltToolpath *toolpath;
  MeltProcess *process;             /* of a toolpath planned in the app */
  MeltGCodeFlavor flavor;
  guint n_warnings;
  gboolean is_gcode;
  /* the G-code file as read, to notice a change */
  guint64 size;
  guint64 mtime_us;
};

G_DEFINE_FINAL_TYPE (MeltPathDocument, melt_path_document, G_TYPE_OBJECT)
G_DEFINE_QUARK (melt-path-document-error-quark, melt_path_document_error)

static void
melt_path_document_finalize (GObject *object)
{
  MeltPathDocument *self = (MeltPathDocument *) object;

  g_clear_object (&self->file);
  g_clear_object (&self->plan);
  g_clear_object (&self->toolpath);
  g_clear_object (&self->process);

  G_OBJECT_CLASS (melt_path_document_parent_class)->finalize (object);
}

static void
melt_path_document_class_init (MeltPathDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = melt_path_document_finalize;
}

static void
melt_path_document_init (MeltPathDocument *self)
{
}

/* Size and modification time, to notice a file changed */
static gboolean
stamp (GFile   *file,
       guint64 *size,
       guint64 *mtime_us)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file,
                                                 G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  if (info == NULL)
    return FALSE;
  *size = g_file_info_get_size (info);
  *mtime_us = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC
              + g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
  return TRUE;
}

/**
 * melt_path_document_is_plan_file:
 * @file: a file
 *
 * Returns: whether @file starts as an HDF5 file does (a plan, or some other
 *   HDF5 file that melt_plan_load() will refuse with a clear error)
 */
gboolean
melt_path_document_is_plan_file (GFile *file)
{
  g_autoptr(GFileInputStream) stream = NULL;
  char head[sizeof hdf5_signature];
  gsize n = 0;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL)
    return FALSE;
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, NULL, NULL))
    return FALSE;
  return n == sizeof head && memcmp (head, hdf5_signature, sizeof head) == 0;
}

/**
 * melt_path_document_is_gcode_name:
 * @name: a file name or path
 *
 * Returns: whether @name ends as G-code files do (.gcode, .gco, .g, .nc, .ngc)
 */
gboolean
melt_path_document_is_gcode_name (const char *name)
{
  static const char * const suffixes[] = { ".gcode", ".gco", ".g", ".nc", ".ngc", NULL };
  g_autofree char *lower = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  lower = g_ascii_strdown (name, -1);
  for (guint i = 0; suffixes[i] != NULL; i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;
  return FALSE;
}

/**
 * melt_path_document_load:
 * @file: a Meltline plan (HDF5) or a G-code file
 * @cancellable: (nullable): to stop reading
 * @error: where to put an error: the plan's or the G-code reader's
 *
 * Reads the toolpath. Which kind of file it is comes from its first bytes,
 * not its name. G-code with unknown commands loads, with warnings counted.
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
MeltPathDocument *
melt_path_document_load (GFile         *file,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(MeltPathDocument) self = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MELT_TYPE_PATH_DOCUMENT, NULL);
  self->file = g_object_ref (file);

  if (melt_path_document_is_plan_file (file))
    {
      self->plan = melt_plan_load (file, cancellable, error);
      if (self->plan == NULL)
        return NULL;
      self->toolpath = g_object_ref (melt_plan_get_toolpath (self->plan));
      self->flavor = MELT_GCODE_FLAVOR_MELTLINE;
    }
  else
    {
      g_autoptr(MeltGCodeReader) reader = melt_gcode_reader_new ();
      MeltGCodeInfo info;

      if (!stamp (file, &self->size, &self->mtime_us))
        self->size = self->mtime_us = 0;
      if (!melt_gcode_reader_load_file (reader, file, cancellable, error))
        return NULL;
      melt_gcode_reader_get_info (reader, &info);
      self->toolpath = g_object_ref (melt_gcode_reader_get_toolpath (reader));
      self->flavor = info.flavor;
      self->n_warnings = info.n_warnings;
      self->is_gcode = TRUE;
    }

  /* the preview keeps tables per layer: layers must go up */
  if (!melt_toolpath_get_layers_ordered (self->toolpath))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, MELT_PATH_DOCUMENT_ERROR, MELT_PATH_DOCUMENT_ERROR_LAYERS,
                   _("“%s”: the layers of the toolpath are not in order"), name);
      return NULL;
    }

  return g_steal_pointer (&self);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  MeltPathDocument *document = melt_path_document_load (task_data, cancellable, &error);

  if (document == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, g_object_unref);
}

/**
 * melt_path_document_load_async:
 * @file: a Meltline plan (HDF5) or a G-code file
 * @cancellable: (nullable): to stop reading
 * @callback: called when done, in the thread-default main context
 * @user_data: for @callback
 *
 * melt_path_document_load() in a worker thread.
 */
void
melt_path_document_load_async (GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, melt_path_document_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

MeltPathDocument *
melt_path_document_load_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * melt_path_document_new_for_plan:
 * @plan: a plan, just made or loaded
 * @file: (nullable): where it is saved, if it is
 *
 * Returns: (transfer full): a document showing @plan
 */
MeltPathDocument *
melt_path_document_new_for_plan (MeltPlan *plan,
                                 GFile    *file)
{
  MeltPathDocument *self;

  g_return_val_if_fail (MELT_IS_PLAN (plan), NULL);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);

  self = g_object_new (MELT_TYPE_PATH_DOCUMENT, NULL);
  self->plan = g_object_ref (plan);
  self->toolpath = g_object_ref (melt_plan_get_toolpath (plan));
  self->flavor = MELT_GCODE_FLAVOR_MELTLINE;
  if (file != NULL)
    self->file = g_object_ref (file);
  return self;
}

/**
 * melt_path_document_new_for_toolpath:
 * @toolpath: a toolpath just planned
 * @process: (nullable): the process it was planned with
 *
 * Returns: (transfer full): a document showing @toolpath, not saved
 */
MeltPathDocument *
melt_path_document_new_for_toolpath (MeltToolpath *toolpath,
                                     MeltProcess  *process)
{
  MeltPathDocument *self;

  g_return_val_if_fail (MELT_IS_TOOLPATH (toolpath), NULL);
  g_return_val_if_fail (process == NULL || MELT_IS_PROCESS (process), NULL);

  self = g_object_new (MELT_TYPE_PATH_DOCUMENT, NULL);
  self->toolpath = g_object_ref (toolpath);
  if (process != NULL)
    self->process = g_object_ref (process);
  self->flavor = MELT_GCODE_FLAVOR_MELTLINE;
  return self;
}

/**
 * melt_path_document_get_file:
 * @self: a #MeltPathDocument
 *
 * Returns: (transfer none) (nullable): the file read, %NULL for a plan not saved
 */
GFile *
melt_path_document_get_file (MeltPathDocument *self)
{
  g_return_val_if_fail (MELT_IS_PATH_DOCUMENT (self), NULL);

  return self->file;
}

/**
 * melt_path_document_get_toolpath:
 * @self: a #MeltPathDocument
 *
 * Returns: (transfer none): the toolpath
 */
MeltToolpath *
melt_path_document_get_toolpath (MeltPathDocument *self)
{
  g_return_val_if_fail (MELT_IS_PATH_DOCUMENT (self), NULL);

  return self->toolpath;
}

/**
 * melt_path_document_get_plan:
 * @self: a #MeltPathDocument
 *
 * Returns: (transfer none) (nullable): the plan, %NULL for G-code
 */
MeltPlan *
melt_path_document_get_plan (MeltPathDocument *self)
{
  g_return_val_if_fail (MELT_IS_PATH_DOCUMENT (self), NULL);

  return self->plan;
}

/**
 * melt_path_document_get_process:
 * @self: a #MeltPathDocument
 *
 * Returns: (transfer none) (nullable): the plan's process set, %NULL for G-code
 */
MeltProcess *
melt_path_document_get_process (MeltPathDocument *self)
{
  g_return_val_if_fail (MELT_IS_PATH_DOCUMENT (self), NULL);

  return self->plan != NULL ? melt_plan_get_process (self->plan) : self->process;
}

gboolean
melt_path_document_get_is_gcode (MeltPathDocument *self)
{
  g_return_val_if_fail (MELT_IS_PATH_DOCUMENT (self), FALSE);

  return self->is_gcode;
}

/**
 * melt_path_document_get_z_is_bead_top:
 * @self: a #MeltPathDocument
 *
 * Returns: whether the toolpath's Z is the top of each bead (G-code of FFF
 *   slicers: the nozzle's height) rather than its middle (Meltline's plans
 *   and G-code, docs/planner.md)
 */
gboolean
melt_path_document_get_z_is_bead_top (MeltPathDocument *self)
{
  g_return_val_if_fail (MELT_IS_PATH_DOCUMENT (self), FALSE);

  return self->flavor != MELT_GCODE_FLAVOR_MELTLINE;
}

MeltGCodeFlavor
melt_path_document_get_flavor (MeltPathDocument *self)
{
  g_return_val_if_fail (MELT_IS_PATH_DOCUMENT (self), MELT_GCODE_FLAVOR_UNKNOWN);

  return self->flavor;
}

guint
melt_path_document_get_n_warnings (MeltPathDocument *self)
{
  g_return_val_if_fail (MELT_IS_PATH_DOCUMENT (self), 0);

  return self->n_warnings;
}

/**
 * melt_path_document_find_part:
 * @self: a #MeltPathDocument
 *
 * The part a plan was made from, when a file of that name and size lies
 * beside the plan (to draw as a ghost).
 *
 * Returns: (transfer full) (nullable): the part file, or %NULL
 */
GFile *
melt_path_document_find_part (MeltPathDocument *self)
{
  const MeltPlanPart *part;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFile) candidate = NULL;
  guint64 size, mtime;

  g_return_val_if_fail (MELT_IS_PATH_DOCUMENT (self), NULL);

  if (self->plan == NULL || self->file == NULL)
    return NULL;
  part = melt_plan_get_part (self->plan);
  if (part->file_name == NULL || strchr (part->file_name, '/') != NULL)
    return NULL;
  parent = g_file_get_parent (self->file);
  if (parent == NULL)
    return NULL;
  candidate = g_file_get_child (parent, part->file_name);
  if (!stamp (candidate, &size, &mtime) || size != part->size_bytes)
    return NULL;
  return g_steal_pointer (&candidate);
}

/**
 * melt_path_document_get_source_lines:
 * @self: a #MeltPathDocument read from G-code
 * @line: a line of the file, from 1
 * @context: how many lines to give before and after it
 * @first_line: (out) (optional): the number of the first line given
 * @error: where to put an error
 *
 * The G-code text around @line, read again from the file (only a scan for
 * line ends up to the place: the whole file is never held).
 *
 * Returns: (transfer full) (nullable): the lines, each ending in "\n", or
 *   %NULL with @error set when there is no G-code text, the file changed
 *   since it was read or @line is past its end
 */
char *
melt_path_document_get_source_lines (MeltPathDocument  *self,
                                     guint              line,
                                     guint              context,
                                     guint             *first_line,
                                     GError           **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  guint64 size, mtime;
  const char *data, *p, *end, *from = NULL;
  guint first = line > context ? line - context : 1;
  guint last = line + context;
  guint current = 1;
  gsize length;

  g_return_val_if_fail (MELT_IS_PATH_DOCUMENT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!self->is_gcode || self->file == NULL || (path = g_file_get_path (self->file)) == NULL)
    {
      g_set_error_literal (error, MELT_PATH_DOCUMENT_ERROR, MELT_PATH_DOCUMENT_ERROR_NO_SOURCE,
                           _("There is no G-code text for this toolpath"));
      return NULL;
    }
  name = g_file_get_parse_name (self->file);
  if (!stamp (self->file, &size, &mtime) || size != self->size || mtime != self->mtime_us)
    {
      g_set_error (error, MELT_PATH_DOCUMENT_ERROR, MELT_PATH_DOCUMENT_ERROR_NO_SOURCE,
                   _("“%s” changed since it was opened; open it again to see its text"), name);
      return NULL;
    }

  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return NULL;
  data = g_mapped_file_get_contents (mapped);
  length = g_mapped_file_get_length (mapped);
  end = data + length;

  for (p = data; p < end && current <= last;)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *next = nl != NULL ? nl + 1 : end;

      if (current == first)
        from = p;
      p = next;
      current++;
    }

  if (from == NULL || line >= current)
    {
      g_set_error (error, MELT_PATH_DOCUMENT_ERROR, MELT_PATH_DOCUMENT_ERROR_NO_SOURCE,
                   _("“%s” has no line %u"), name, line);
      return NULL;
    }

  if (first_line != NULL)
    *first_line = first;
  {
    GString *text = g_string_new_len (from, p - from);

    if (text->len > 0 && text->str[text->len - 1] != '\n')
      g_string_append_c (text, '\n');
    /* invalid UTF-8 in a comment must not reach a GtkLabel */
    if (!g_utf8_validate (text->str, text->len, NULL))
      {
        char *valid = g_utf8_make_valid (text->str, text->len);

        g_string_free (text, TRUE);
        return valid;
      }
    return g_string_free (text, FALSE);
  }
}
