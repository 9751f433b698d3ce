/* melt-gl-program.c: shader programs from the library's resources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-renderer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "melt-gl-program.h"
#include "melt-render-resources.h"
#include "melt-renderer.h"

#define RESOURCE_PREFIX "/io/github/meltline/render/"

static GLuint
compile_shader (GLenum       type,
                const char  *name,
                const char  *header,
                gboolean     use_es,
                GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, NULL);
  const char *prologue;
  const char *sources[3];
  GLint lengths[3];
  GLint status = GL_FALSE;
  GLuint shader;
  gsize size;

  /* The library is static: look the data up in its own resource rather than trusting the
   * constructor that registers it. */
  bytes = g_resource_lookup_data (melt_render_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return 0;

  if (use_es)
    prologue = "#version 300 es\nprecision highp float;\nprecision highp int;\n";
  else
    prologue = "#version 330 core\n";

  sources[0] = prologue;
  lengths[0] = strlen (prologue);
  sources[1] = header != NULL ? header : "";
  lengths[1] = strlen (sources[1]);
  sources[2] = g_bytes_get_data (bytes, &size);
  lengths[2] = size;

  shader = glCreateShader (type);
  glShaderSource (shader, 3, sources, lengths);
  glCompileShader (shader);
  glGetShaderiv (shader, GL_COMPILE_STATUS, &status);

  if (status == GL_FALSE)
    {
      GLint log_length = 0;
      g_autofree char *log = NULL;

      glGetShaderiv (shader, GL_INFO_LOG_LENGTH, &log_length);
      log = g_malloc0 (MAX (log_length, 1) + 1);
      glGetShaderInfoLog (shader, log_length, NULL, log);
      glDeleteShader (shader);

      g_set_error (error, MELT_RENDER_ERROR, MELT_RENDER_ERROR_SHADER,
                   /* TRANSLATORS: %s are a file name and the driver's compiler log */
                   _("Could not compile the shader “%s”: %s"), name, g_strstrip (log));
      return 0;
    }

  return shader;
}

GLuint
_melt_gl_program_new (const char  *vertex_name,
                      const char  *fragment_name,
                      gboolean     use_es,
                      GError     **error)
{
  return _melt_gl_program_new_with_header (vertex_name, fragment_name, NULL, NULL, use_es, error);
}

GLuint
_melt_gl_program_new_with_header (const char  *vertex_name,
                                  const char  *fragment_name,
                                  const char  *vertex_header,
                                  const char  *fragment_header,
                                  gboolean     use_es,
                                  GError     **error)
{
  GLuint vertex, fragment, id;
  GLint status = GL_FALSE;

  if (!(vertex = compile_shader (GL_VERTEX_SHADER, vertex_name, vertex_header, use_es, error)))
    return 0;

  if (!(fragment = compile_shader (GL_FRAGMENT_SHADER, fragment_name, fragment_header, use_es, error)))
    {
      glDeleteShader (vertex);
      return 0;
    }

  id = glCreateProgram ();
  glAttachShader (id, vertex);
  glAttachShader (id, fragment);
  glLinkProgram (id);
  glGetProgramiv (id, GL_LINK_STATUS, &status);
  glDetachShader (id, vertex);
  glDetachShader (id, fragment);
  glDeleteShader (vertex);
  glDeleteShader (fragment);

  if (status == GL_FALSE)
    {
      GLint log_length = 0;
      g_autofree char *log = NULL;
      g_autofree char *name = g_strdup (fragment_name);
      char *dot = strrchr (name, '.');

      if (dot != NULL)
        *dot = '\0';
      glGetProgramiv (id, GL_INFO_LOG_LENGTH, &log_length);
      log = g_malloc0 (MAX (log_length, 1) + 1);
      glGetProgramInfoLog (id, log_length, NULL, log);
      glDeleteProgram (id);

      g_set_error (error, MELT_RENDER_ERROR, MELT_RENDER_ERROR_SHADER,
                   /* TRANSLATORS: %s are a program name and the driver's linker log */
                   _("Could not link the shader program “%s”: %s"), name, g_strstrip (log));
      return 0;
    }

  return id;
}
