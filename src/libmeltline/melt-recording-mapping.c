/* melt-recording-mapping.c: how an HDF5 file of another layout maps onto a
 * recording ("meltline-mapping" JSON)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/mapping-format.md describes the format. This file reads and checks
 * the JSON alone; melt-recording.c opens the datasets it names. Every
 * member is checked for its JSON type and value, unknown members are
 * refused (a misspelt "chanels" would otherwise map nothing), and every
 * error names the file and the member as a JSON path.
 */

#define G_LOG_DOMAIN "melt-recording-mapping"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "melt-recording-mapping.h"
#include "melt-file-private.h"

/* A mapping is a few kilobytes; a process file a few more */
#define MAX_FILE_SIZE (4 * 1024 * 1024)

struct _MeltRecordingMapping
{
  GObject                     parent_instance;

  char                       *display;
  GStringChunk               *strings;
  const char                 *run_id;
  const char                 *material;
  char                       *process_json;
  MeltPlatform                platform;
  gboolean                    simulated;

  GArray                     *streams;   /* MeltRecordingMappingStream */
  GArray                     *frames;    /* MeltRecordingMappingFrames */
  MeltRecordingMappingEvents  events;
  gboolean                    has_events;
};

G_DEFINE_FINAL_TYPE (MeltRecordingMapping, melt_recording_mapping, G_TYPE_OBJECT)

G_DEFINE_QUARK (melt-recording-mapping-error-quark, melt_recording_mapping_error)

static void
clear_stream (gpointer data)
{
  MeltRecordingMappingStream *stream = data;

  g_free ((gpointer) stream->channels);
}

static void
melt_recording_mapping_finalize (GObject *object)
{
  MeltRecordingMapping *self = (MeltRecordingMapping *) object;

  g_clear_pointer (&self->streams, g_array_unref);
  g_clear_pointer (&self->frames, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->display, g_free);
  g_clear_pointer (&self->process_json, g_free);

  G_OBJECT_CLASS (melt_recording_mapping_parent_class)->finalize (object);
}

static void
melt_recording_mapping_class_init (MeltRecordingMappingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = melt_recording_mapping_finalize;
}

static void
melt_recording_mapping_init (MeltRecordingMapping *self)
{
  self->strings = g_string_chunk_new (1024);
  self->streams = g_array_new (FALSE, TRUE, sizeof (MeltRecordingMappingStream));
  g_array_set_clear_func (self->streams, clear_stream);
  self->frames = g_array_new (FALSE, TRUE, sizeof (MeltRecordingMappingFrames));
  self->platform = MELT_PLATFORM_GROUND;
}

/* Reading the JSON */

typedef struct
{
  MeltRecordingMapping  *self;
  GFile                 *base;
  GError               **error;
} Reader;

static gboolean G_GNUC_PRINTF (4, 5)
fail (Reader     *reader,
      int         code,
      const char *path,
      const char *format,
      ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: FILE: JSON PATH (e.g. $.streams[0].time): what is wrong */
  g_set_error (reader->error, MELT_RECORDING_MAPPING_ERROR, code, _("%s: %s: %s"),
               reader->self->display, path, detail);
  return FALSE;
}

static const char *
node_type_name (JsonNode *node)
{
  /* Translators: what a JSON value is, in “an array, expected an object” */
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _("an array");
  if (JSON_NODE_HOLDS_NULL (node))
    return _("null");
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING: return _("a string");
    case G_TYPE_BOOLEAN: return _("a boolean");
    default: return _("a number");
    }
}

static char *
member_path (const char *parent,
             const char *key)
{
  return g_strconcat (parent, ".", key, NULL);
}

/* Every member of @object must be one of @allowed (NULL-terminated) */
static gboolean
check_members (Reader      *reader,
               JsonObject  *object,
               const char  *path,
               const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *where = member_path (path, l->data);
        g_autofree char *list = g_strjoinv (", ", (char **) allowed);

        return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, where,
                     _("unknown member; expected one of %s"), list);
      }
  return TRUE;
}

/* The member @key of @object as a JSON object; *@out NULL when absent and
 * not @required */
static gboolean
get_object (Reader       *reader,
            JsonObject   *object,
            const char   *path,
            const char   *key,
            gboolean      required,
            const char   *what,
            JsonObject  **out)
{
  g_autofree char *where = member_path (path, key);
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL && !required)
    return TRUE;
  if (node == NULL)
    /* Translators: %s says what the object holds, e.g. “the time dataset” */
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, where,
                 _("missing: expected an object naming %s"), what);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, where,
                 _("%s, expected an object naming %s"), node_type_name (node), what);
  *out = json_node_get_object (node);
  return TRUE;
}

/* A string member; *@out NULL when absent and not @required. Empty strings
 * are refused. */
static gboolean
get_string (Reader       *reader,
            JsonObject   *object,
            const char   *path,
            const char   *key,
            gboolean      required,
            const char  **out)
{
  g_autofree char *where = member_path (path, key);
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL && !required)
    return TRUE;
  if (node == NULL)
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, where,
                 _("missing: expected a string"));
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, where,
                 _("%s, expected a string"), node_type_name (node));
  if (*json_node_get_string (node) == '\0')
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, where,
                 _("an empty string, expected a non-empty one"));
  *out = g_string_chunk_insert_const (reader->self->strings, json_node_get_string (node));
  return TRUE;
}

/* A number member; *@present FALSE when absent */
static gboolean
get_number (Reader      *reader,
            JsonObject  *object,
            const char  *path,
            const char  *key,
            double      *out,
            gboolean    *present)
{
  g_autofree char *where = member_path (path, key);
  JsonNode *node = json_object_get_member (object, key);
  GType type;

  *present = FALSE;
  if (node == NULL)
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, where,
                 _("%s, expected a number"), node_type_name (node));
  *out = json_node_get_double (node);
  if (!isfinite (*out))
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, where,
                 _("%g, expected a finite number"), *out);
  *present = TRUE;
  return TRUE;
}

/* A boolean member; *@out unchanged when absent */
static gboolean
get_boolean (Reader      *reader,
             JsonObject  *object,
             const char  *path,
             const char  *key,
             gboolean    *out)
{
  g_autofree char *where = member_path (path, key);
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, where,
                 _("%s, expected true or false"), node_type_name (node));
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* A name: non-empty, no '/' (it is shown as a path, /streams/NAME) */
static gboolean
get_name (Reader       *reader,
          JsonObject   *object,
          const char   *path,
          const char  **out)
{
  if (!get_string (reader, object, path, "name", TRUE, out))
    return FALSE;
  if (strchr (*out, '/') != NULL)
    {
      g_autofree char *where = member_path (path, "name");

      return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, where,
                   _("“%s” holds a “/”, expected a name without one"), *out);
    }
  return TRUE;
}

/* An HDF5 path, made absolute ("data/t" is "/data/t") */
static gboolean
get_h5_path (Reader       *reader,
             JsonObject   *object,
             const char   *path,
             const char   *key,
             gboolean      required,
             const char  **out,
             const char  **json_path)
{
  g_autofree char *where = member_path (path, key);
  const char *value;

  *out = NULL;
  *json_path = g_string_chunk_insert_const (reader->self->strings, where);
  if (!get_string (reader, object, path, key, required, &value))
    return FALSE;
  if (value == NULL)
    return TRUE;
  if (strcmp (value, "/") == 0 || g_str_has_suffix (value, "/"))
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, where,
                 _("“%s” is a group’s path, expected the path of a dataset, e.g. “/data/time”"),
                 value);
  if (value[0] == '/')
    *out = value;
  else
    {
      g_autofree char *absolute = g_strconcat ("/", value, NULL);

      *out = g_string_chunk_insert_const (reader->self->strings, absolute);
    }
  return TRUE;
}

/* Optional "rate_hz": finite, 0 or more */
static gboolean
get_rate (Reader      *reader,
          JsonObject  *object,
          const char  *path,
          double      *rate_hz)
{
  gboolean present;

  *rate_hz = 0;
  if (!get_number (reader, object, path, "rate_hz", rate_hz, &present))
    return FALSE;
  if (present && *rate_hz < 0)
    {
      g_autofree char *where = member_path (path, "rate_hz");

      return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, where,
                   _("%g, expected a rate of 0 Hz or more"), *rate_hz);
    }
  return TRUE;
}

static gboolean
read_time (Reader                   *reader,
           JsonObject               *parent,
           const char               *parent_path,
           MeltRecordingMappingTime *time)
{
  static const char * const allowed[] = { "path", "unit", "scale", "offset_s", NULL };
  static const struct { const char *name; double divisor; } units[] = {
    { "s", 1 }, { "ms", 1e3 }, { "us", 1e6 }, { "µs", 1e6 }, { "ns", 1e9 },
  };
  g_autofree char *path = member_path (parent_path, "time");
  JsonObject *object;
  const char *unit;
  gboolean has_scale, has_offset;
  double scale = 1;

  if (!get_object (reader, parent, parent_path, "time", TRUE,
                   _("the time dataset: {\"path\": …, \"unit\": \"us\"}"), &object)
      || !check_members (reader, object, path, allowed)
      || !get_h5_path (reader, object, path, "path", TRUE, &time->path, &time->json_path)
      || !get_string (reader, object, path, "unit", FALSE, &unit)
      || !get_number (reader, object, path, "scale", &scale, &has_scale)
      || !get_number (reader, object, path, "offset_s", &time->offset_s, &has_offset))
    return FALSE;
  if (!has_offset)
    time->offset_s = 0;
  time->divisor = 1;
  time->scale = 1;

  if (unit != NULL && has_scale)
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, path,
                 _("both “unit” and “scale”: give one of them"));
  if (unit == NULL && !has_scale)
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, path,
                 _("neither “unit” nor “scale”: expected the unit of the stored times (s, ms, "
                   "us or ns) or a scale (seconds per stored unit)"));
  if (has_scale)
    {
      if (!(scale > 0))
        {
          g_autofree char *where = member_path (path, "scale");

          return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, where,
                       _("%g, expected a number of seconds per stored unit, more than 0"), scale);
        }
      time->scale = scale;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (unit, units[i].name) == 0)
      {
        time->divisor = units[i].divisor;
        return TRUE;
      }
  {
    g_autofree char *where = member_path (path, "unit");

    return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, where,
                 _("“%s” is not a time unit Meltline knows: expected s, ms, us or ns (or a "
                   "“scale” instead)"),
                 unit);
  }
}

/* "units" and "long_name" of a channel or frame stack, both optional */
static gboolean
read_labels (Reader       *reader,
             JsonObject   *object,
             const char   *path,
             const char  **units,
             const char  **long_name)
{
  return get_string (reader, object, path, "units", FALSE, units)
         && get_string (reader, object, path, "long_name", FALSE, long_name);
}

/* The array member @key, *@out NULL when absent and not @required */
static gboolean
get_array (Reader      *reader,
           JsonObject  *object,
           const char  *path,
           const char  *key,
           gboolean     required,
           JsonArray  **out)
{
  g_autofree char *where = member_path (path, key);
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL && !required)
    return TRUE;
  if (node == NULL)
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, where,
                 _("missing: expected an array"));
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, where,
                 _("%s, expected an array"), node_type_name (node));
  *out = json_node_get_array (node);
  return TRUE;
}

/* Element @i of @array as an object, its path in *@where */
static JsonObject *
get_element (Reader      *reader,
             JsonArray   *array,
             const char  *path,
             guint        i,
             char       **where)
{
  JsonNode *node = json_array_get_element (array, i);

  *where = g_strdup_printf ("%s[%u]", path, i);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, *where,
            _("%s, expected an object"), node_type_name (node));
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
read_channel (Reader                      *reader,
              JsonObject                  *object,
              const char                  *path,
              MeltRecordingMappingChannel *channel)
{
  static const char * const allowed[] = { "name", "path", "column", "units", "long_name", NULL };
  JsonNode *node;

  channel->column = -1;
  if (!check_members (reader, object, path, allowed)
      || !get_name (reader, object, path, &channel->name)
      || !get_h5_path (reader, object, path, "path", TRUE, &channel->path, &channel->json_path)
      || !read_labels (reader, object, path, &channel->units, &channel->long_name))
    return FALSE;
  node = json_object_get_member (object, "column");
  if (node != NULL)
    {
      g_autofree char *where = member_path (path, "column");

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
          || json_node_get_int (node) < 0)
        return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, where,
                     _("expected a column index: a whole number, 0 or more"));
      channel->column = json_node_get_int (node);
    }
  return TRUE;
}

static gboolean
read_stream (Reader                     *reader,
             JsonObject                 *object,
             const char                 *path,
             MeltRecordingMappingStream *stream)
{
  static const char * const allowed[] = { "name", "rate_hz", "time", "channels", NULL };
  g_autofree char *channels_path = member_path (path, "channels");
  MeltRecordingMappingChannel *channels;
  JsonArray *array;

  if (!check_members (reader, object, path, allowed)
      || !get_name (reader, object, path, &stream->name)
      || !get_rate (reader, object, path, &stream->rate_hz)
      || !read_time (reader, object, path, &stream->time)
      || !get_array (reader, object, path, "channels", TRUE, &array))
    return FALSE;

  stream->n_channels = json_array_get_length (array);
  channels = g_new0 (MeltRecordingMappingChannel, MAX (stream->n_channels, 1));
  stream->channels = channels;
  for (guint i = 0; i < stream->n_channels; i++)
    {
      g_autofree char *where = NULL;
      JsonObject *element = get_element (reader, array, channels_path, i, &where);

      if (element == NULL || !read_channel (reader, element, where, &channels[i]))
        return FALSE;
      for (guint j = 0; j < i; j++)
        if (strcmp (channels[j].name, channels[i].name) == 0)
          {
            g_autofree char *name_path = member_path (where, "name");

            return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, name_path,
                         _("the stream already has a channel “%s” (%s[%u])"),
                         channels[i].name, channels_path, j);
          }
    }
  return TRUE;
}

static gboolean
read_frames (Reader                     *reader,
             JsonObject                 *object,
             const char                 *path,
             MeltRecordingMappingFrames *frames)
{
  static const char * const allowed[] = {
    "name", "rate_hz", "time", "path", "units", "long_name", NULL,
  };

  return check_members (reader, object, path, allowed)
         && get_name (reader, object, path, &frames->name)
         && get_rate (reader, object, path, &frames->rate_hz)
         && read_time (reader, object, path, &frames->time)
         && get_h5_path (reader, object, path, "path", TRUE, &frames->path, &frames->json_path)
         && read_labels (reader, object, path, &frames->units, &frames->long_name);
}

static gboolean
read_events (Reader      *reader,
             JsonObject  *root)
{
  static const char * const allowed[] = { "time", "kind", "text", NULL };
  MeltRecordingMappingEvents *events = &reader->self->events;
  JsonObject *object;

  if (!get_object (reader, root, "$", "events", FALSE,
                   _("the event datasets: {\"time\": {…}, \"kind\": …, \"text\": …}"), &object))
    return FALSE;
  if (object == NULL)
    return TRUE;
  if (!check_members (reader, object, "$.events", allowed)
      || !read_time (reader, object, "$.events", &events->time)
      || !get_h5_path (reader, object, "$.events", "kind", TRUE, &events->kind,
                       &events->kind_json_path)
      || !get_h5_path (reader, object, "$.events", "text", FALSE, &events->text,
                       &events->text_json_path))
    return FALSE;
  reader->self->has_events = TRUE;
  return TRUE;
}

/* "process": a process file, relative to the mapping's folder, read and
 * checked now so that its errors name the mapping */
static gboolean
read_process (Reader      *reader,
              JsonObject  *run)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MeltProcess) process = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  const char *contents;
  const char *path;
  gsize length;

  if (!get_string (reader, run, "$.run", "process", FALSE, &path))
    return FALSE;
  if (path == NULL)
    return TRUE;
  if (g_path_is_absolute (path) || reader->base == NULL)
    file = g_file_new_for_path (path);
  else
    file = g_file_resolve_relative_path (reader->base, path);
  display = g_file_get_parse_name (file);

  bytes = _melt_file_read_at_most (file, MAX_FILE_SIZE, NULL, &local_error);
  if (bytes == NULL)
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_IO, "$.run.process",
                 _("cannot read the process file %s: %s"), display, local_error->message);
  contents = g_bytes_get_data (bytes, &length);
  if (length > MAX_FILE_SIZE || memchr (contents, '\0', length) != NULL)
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, "$.run.process",
                 _("%s is not a process set (a JSON text of a few kilobytes)"), display);
  process = melt_process_load_bytes (bytes, display, &local_error);
  if (process == NULL)
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, "$.run.process", "%s",
                 local_error->message);
  reader->self->process_json = g_strndup (contents, length);
  return TRUE;
}

static gboolean
read_run (Reader      *reader,
          JsonObject  *root)
{
  static const char * const allowed[] = {
    "run_id", "platform", "material", "process", "simulated", NULL,
  };
  JsonObject *run;
  const char *platform;
  int value;

  if (!get_object (reader, root, "$", "run", FALSE, _("the run: {\"run_id\": …, \"platform\": …}"),
                   &run))
    return FALSE;
  if (run == NULL)
    return TRUE;
  if (!check_members (reader, run, "$.run", allowed)
      || !get_string (reader, run, "$.run", "run_id", FALSE, &reader->self->run_id)
      || !get_string (reader, run, "$.run", "material", FALSE, &reader->self->material)
      || !get_string (reader, run, "$.run", "platform", FALSE, &platform)
      || !get_boolean (reader, run, "$.run", "simulated", &reader->self->simulated)
      || !read_process (reader, run))
    return FALSE;
  if (platform != NULL)
    {
      if (!melt_enum_from_nick (MELT_TYPE_PLATFORM, platform, &value))
        return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, "$.run.platform",
                     _("“%s”, expected ground, parabolic, suborbital or orbital"), platform);
      reader->self->platform = value;
    }
  return TRUE;
}

static gboolean
read_root (Reader    *reader,
           JsonNode  *root_node)
{
  static const char * const allowed[] = {
    "format", "format_version", "run", "streams", "frames", "events", NULL,
  };
  MeltRecordingMapping *self = reader->self;
  JsonObject *root;
  JsonArray *array;
  JsonNode *node;
  const char *format;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_FORMAT, "$",
                 _("%s, expected a “%s” object"), node_type_name (root_node),
                 MELT_RECORDING_MAPPING_FORMAT);
  root = json_node_get_object (root_node);
  node = json_object_get_member (root, "format");
  format = node != NULL && JSON_NODE_HOLDS_VALUE (node)
           && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
  if (node == NULL)
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_FORMAT, "$.format",
                 _("missing, expected “%s”: not a Meltline mapping file"),
                 MELT_RECORDING_MAPPING_FORMAT);
  if (format == NULL)
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_FORMAT, "$.format",
                 _("%s, expected the string “%s”: not a Meltline mapping file"),
                 node_type_name (node), MELT_RECORDING_MAPPING_FORMAT);
  if (strcmp (format, MELT_RECORDING_MAPPING_FORMAT) != 0)
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_FORMAT, "$.format",
                 _("“%s”, expected “%s”: not a Meltline mapping file"),
                 format, MELT_RECORDING_MAPPING_FORMAT);
  node = json_object_get_member (root, "format_version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) != MELT_RECORDING_MAPPING_FORMAT_VERSION)
    return fail (reader, MELT_RECORDING_MAPPING_ERROR_VERSION, "$.format_version",
                 _("expected %d, the version this version of Meltline reads"),
                 MELT_RECORDING_MAPPING_FORMAT_VERSION);
  if (!check_members (reader, root, "$", allowed) || !read_run (reader, root))
    return FALSE;

  if (!get_array (reader, root, "$", "streams", FALSE, &array))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      MeltRecordingMappingStream stream = { 0 };
      g_autofree char *where = NULL;
      JsonObject *element = get_element (reader, array, "$.streams", i, &where);
      gboolean ok;

      ok = element != NULL && read_stream (reader, element, where, &stream);
      g_array_append_val (self->streams, stream);
      if (!ok)
        return FALSE;
      for (guint j = 0; j < i; j++)
        if (strcmp (g_array_index (self->streams, MeltRecordingMappingStream, j).name,
                    stream.name) == 0)
          {
            g_autofree char *name_path = member_path (where, "name");

            return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, name_path,
                         _("there is already a stream “%s” ($.streams[%u])"), stream.name, j);
          }
    }

  if (!get_array (reader, root, "$", "frames", FALSE, &array))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      MeltRecordingMappingFrames frames = { 0 };
      g_autofree char *where = NULL;
      JsonObject *element = get_element (reader, array, "$.frames", i, &where);

      if (element == NULL || !read_frames (reader, element, where, &frames))
        return FALSE;
      for (guint j = 0; j < i; j++)
        if (strcmp (g_array_index (self->frames, MeltRecordingMappingFrames, j).name,
                    frames.name) == 0)
          {
            g_autofree char *name_path = member_path (where, "name");

            return fail (reader, MELT_RECORDING_MAPPING_ERROR_INVALID, name_path,
                         _("there is already a frame stack “%s” ($.frames[%u])"), frames.name, j);
          }
      g_array_append_val (self->frames, frames);
    }

  return read_events (reader, root);
}

MeltRecordingMapping *
melt_recording_mapping_load_bytes (GBytes      *bytes,
                                   const char  *display,
                                   GFile       *base,
                                   GError     **error)
{
  g_autoptr(MeltRecordingMapping) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  Reader reader;
  const char *data;
  gsize length;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display != NULL, NULL);
  g_return_val_if_fail (base == NULL || G_IS_FILE (base), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MELT_TYPE_RECORDING_MAPPING, NULL);
  self->display = g_strdup (display);
  reader.self = self;
  reader.base = base;
  reader.error = error;

  data = g_bytes_get_data (bytes, &length);
  if (length > MAX_FILE_SIZE)
    {
      fail (&reader, MELT_RECORDING_MAPPING_ERROR_PARSE, "$",
            _("the file is larger than %d MiB, expected a mapping of a few kilobytes"),
            MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }
  if (length == 0 || !g_utf8_validate_len (data, length, NULL))
    {
      fail (&reader, MELT_RECORDING_MAPPING_ERROR_PARSE, "$",
            _("not JSON: expected a UTF-8 JSON object"));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      const char *message = local_error->message;

      if (g_str_has_prefix (message, "<data>:"))
        message += strlen ("<data>:");
      fail (&reader, MELT_RECORDING_MAPPING_ERROR_PARSE, "$", _("not JSON: %s"), message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      fail (&reader, MELT_RECORDING_MAPPING_ERROR_PARSE, "$",
            _("not JSON: expected a UTF-8 JSON object"));
      return NULL;
    }
  if (!read_root (&reader, json_parser_get_root (parser)))
    return NULL;
  return g_steal_pointer (&self);
}

MeltRecordingMapping *
melt_recording_mapping_load (GFile         *file,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GFile) base = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_file_get_parse_name (file);
  /* melt_recording_mapping_load_bytes() refuses more than MAX_FILE_SIZE bytes */
  bytes = _melt_file_read_at_most (file, MAX_FILE_SIZE, cancellable, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, MELT_RECORDING_MAPPING_ERROR, MELT_RECORDING_MAPPING_ERROR_IO,
                   _("%s: cannot read the mapping file: %s"), display, local_error->message);
      return NULL;
    }
  base = g_file_get_parent (file);
  return melt_recording_mapping_load_bytes (bytes, display, base, error);
}

const char *
melt_recording_mapping_get_display (MeltRecordingMapping *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING_MAPPING (self), NULL);
  return self->display;
}

gboolean
melt_recording_mapping_get_simulated (MeltRecordingMapping *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING_MAPPING (self), FALSE);
  return self->simulated;
}

const char *
melt_recording_mapping_get_run_id (MeltRecordingMapping *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING_MAPPING (self), NULL);
  return self->run_id;
}

MeltPlatform
melt_recording_mapping_get_platform (MeltRecordingMapping *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING_MAPPING (self), MELT_PLATFORM_GROUND);
  return self->platform;
}

const char *
melt_recording_mapping_get_material (MeltRecordingMapping *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING_MAPPING (self), NULL);
  return self->material;
}

const char *
melt_recording_mapping_get_process_json (MeltRecordingMapping *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING_MAPPING (self), NULL);
  return self->process_json;
}

guint
melt_recording_mapping_get_n_streams (MeltRecordingMapping *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING_MAPPING (self), 0);
  return self->streams->len;
}

const MeltRecordingMappingStream *
melt_recording_mapping_get_stream (MeltRecordingMapping *self,
                                   guint                 index)
{
  g_return_val_if_fail (MELT_IS_RECORDING_MAPPING (self), NULL);
  g_return_val_if_fail (index < self->streams->len, NULL);
  return &g_array_index (self->streams, MeltRecordingMappingStream, index);
}

guint
melt_recording_mapping_get_n_frames (MeltRecordingMapping *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING_MAPPING (self), 0);
  return self->frames->len;
}

const MeltRecordingMappingFrames *
melt_recording_mapping_get_frames (MeltRecordingMapping *self,
                                   guint                 index)
{
  g_return_val_if_fail (MELT_IS_RECORDING_MAPPING (self), NULL);
  g_return_val_if_fail (index < self->frames->len, NULL);
  return &g_array_index (self->frames, MeltRecordingMappingFrames, index);
}

const MeltRecordingMappingEvents *
melt_recording_mapping_get_events (MeltRecordingMapping *self)
{
  g_return_val_if_fail (MELT_IS_RECORDING_MAPPING (self), NULL);
  return self->has_events ? &self->events : NULL;
}
