/* melt-offscreen.c: a headless GL context (EGL, surfaceless) rendering into a framebuffer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "melt-offscreen"

#include "config.h"

#include <epoxy/egl.h>
#include <epoxy/gl.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "melt-offscreen.h"
#include "melt-renderer.h"

#define WANTED_SAMPLES 4

struct _MeltOffscreen
{
  EGLDisplay display;
  EGLContext context;

  int width;
  int height;
  int samples;

  /* draw here (multisampled when samples > 0) ... */
  GLuint framebuffer;
  GLuint color_renderbuffer;
  GLuint depth_renderbuffer;
  /* ... and read from here once resolved */
  GLuint resolve_framebuffer;
  GLuint resolve_renderbuffer;

  guint use_es : 1;
};

/* EGL displays are not reference counted: eglTerminate() would end every user of the
 * display, and unloading the driver would hide its allocations from leak checkers. So the
 * surfaceless display is opened once and stays for the life of the process, as toolkits
 * keep theirs. */
static EGLDisplay
get_display (GError **error)
{
  static gsize initialized;
  static EGLDisplay display = EGL_NO_DISPLAY;
  static EGLint egl_error = EGL_SUCCESS;
  static gboolean has_platform = TRUE;

  if (g_once_init_enter (&initialized))
    {
      if (!epoxy_has_egl_extension (EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless") ||
          !epoxy_has_egl_extension (EGL_NO_DISPLAY, "EGL_EXT_platform_base"))
        has_platform = FALSE;
      else
        {
          EGLDisplay candidate = eglGetPlatformDisplayEXT (EGL_PLATFORM_SURFACELESS_MESA,
                                                           EGL_DEFAULT_DISPLAY, NULL);

          if (candidate == EGL_NO_DISPLAY)
            egl_error = eglGetError ();
          else if (!eglInitialize (candidate, NULL, NULL))
            egl_error = eglGetError ();
          else
            display = candidate;
        }

      g_once_init_leave (&initialized, 1);
    }

  if (display != EGL_NO_DISPLAY)
    return display;

  if (!has_platform)
    g_set_error_literal (error, MELT_RENDER_ERROR, MELT_RENDER_ERROR_NO_CONTEXT,
                         _("EGL cannot render without a display here: the extension "
                           "EGL_MESA_platform_surfaceless is missing"));
  else
    g_set_error (error, MELT_RENDER_ERROR, MELT_RENDER_ERROR_NO_CONTEXT,
                 _("Could not open a surfaceless EGL display (EGL error 0x%x)"),
                 (guint) egl_error);

  return EGL_NO_DISPLAY;
}

static void
delete_framebuffers (MeltOffscreen *self)
{
  if (self->framebuffer)
    glDeleteFramebuffers (1, &self->framebuffer);
  if (self->resolve_framebuffer)
    glDeleteFramebuffers (1, &self->resolve_framebuffer);
  if (self->color_renderbuffer)
    glDeleteRenderbuffers (1, &self->color_renderbuffer);
  if (self->depth_renderbuffer)
    glDeleteRenderbuffers (1, &self->depth_renderbuffer);
  if (self->resolve_renderbuffer)
    glDeleteRenderbuffers (1, &self->resolve_renderbuffer);

  self->framebuffer = self->resolve_framebuffer = 0;
  self->color_renderbuffer = self->depth_renderbuffer = self->resolve_renderbuffer = 0;
}

static GLuint
new_renderbuffer (GLenum format,
                  int    samples,
                  int    width,
                  int    height)
{
  GLuint renderbuffer = 0;

  glGenRenderbuffers (1, &renderbuffer);
  glBindRenderbuffer (GL_RENDERBUFFER, renderbuffer);
  if (samples > 0)
    glRenderbufferStorageMultisample (GL_RENDERBUFFER, samples, format, width, height);
  else
    glRenderbufferStorage (GL_RENDERBUFFER, format, width, height);

  return renderbuffer;
}

/* Colour and depth, multisampled if @samples > 0, with a single-sampled buffer to resolve
 * into; FALSE if the framebuffer is not complete. */
static gboolean
create_framebuffers (MeltOffscreen *self,
                     int            samples)
{
  delete_framebuffers (self);
  self->samples = samples;

  self->color_renderbuffer = new_renderbuffer (GL_RGBA8, samples, self->width, self->height);
  self->depth_renderbuffer = new_renderbuffer (GL_DEPTH_COMPONENT24, samples,
                                               self->width, self->height);
  glGenFramebuffers (1, &self->framebuffer);
  glBindFramebuffer (GL_FRAMEBUFFER, self->framebuffer);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                             self->color_renderbuffer);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER,
                             self->depth_renderbuffer);
  if (glCheckFramebufferStatus (GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
    return FALSE;

  if (samples > 0)
    {
      self->resolve_renderbuffer = new_renderbuffer (GL_RGBA8, 0, self->width, self->height);
      glGenFramebuffers (1, &self->resolve_framebuffer);
      glBindFramebuffer (GL_FRAMEBUFFER, self->resolve_framebuffer);
      glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                                 self->resolve_renderbuffer);
      if (glCheckFramebufferStatus (GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
        return FALSE;
    }

  glBindRenderbuffer (GL_RENDERBUFFER, 0);
  glBindFramebuffer (GL_FRAMEBUFFER, self->framebuffer);

  return TRUE;
}

/**
 * melt_offscreen_new:
 * @width_px: framebuffer width
 * @height_px: framebuffer height
 * @use_es: %TRUE for an OpenGL ES 3.0 context, %FALSE for OpenGL 3.3 core
 * @error: return location for a #GError
 *
 * Creates a GL context with no window or display server, through EGL's surfaceless
 * platform, and a framebuffer to draw into (4x multisampled where the driver can). The
 * context is current and the framebuffer bound on return.
 *
 * Returns: (transfer full) (nullable): the offscreen, or %NULL with @error set
 */
MeltOffscreen *
melt_offscreen_new (int        width_px,
                    int        height_px,
                    gboolean   use_es,
                    GError   **error)
{
  g_autoptr(MeltOffscreen) self = NULL;
  EGLint attribs[8];
  GLint max_size = 0, max_samples = 0;
  guint n = 0;

  g_return_val_if_fail (width_px > 0 && height_px > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (MeltOffscreen, 1);
  self->width = width_px;
  self->height = height_px;
  self->use_es = !!use_es;
  self->context = EGL_NO_CONTEXT;

  if ((self->display = get_display (error)) == EGL_NO_DISPLAY)
    return NULL;

  if (!epoxy_has_egl_extension (self->display, "EGL_KHR_surfaceless_context") ||
      !(epoxy_has_egl_extension (self->display, "EGL_KHR_no_config_context") ||
        epoxy_has_egl_extension (self->display, "EGL_MESA_configless_context")))
    {
      g_set_error_literal (error, MELT_RENDER_ERROR, MELT_RENDER_ERROR_NO_CONTEXT,
                           _("EGL cannot make a context without a surface here"));
      return NULL;
    }

  if (!eglBindAPI (use_es ? EGL_OPENGL_ES_API : EGL_OPENGL_API))
    {
      g_set_error (error, MELT_RENDER_ERROR, MELT_RENDER_ERROR_NO_CONTEXT,
                   _("EGL does not offer %s here"), use_es ? "OpenGL ES" : "OpenGL");
      return NULL;
    }

  attribs[n++] = EGL_CONTEXT_MAJOR_VERSION;
  attribs[n++] = 3;
  attribs[n++] = EGL_CONTEXT_MINOR_VERSION;
  attribs[n++] = use_es ? 0 : 3;
  if (!use_es)
    {
      attribs[n++] = EGL_CONTEXT_OPENGL_PROFILE_MASK;
      attribs[n++] = EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT;
    }
  attribs[n++] = EGL_NONE;
  g_assert (n <= G_N_ELEMENTS (attribs));

  self->context = eglCreateContext (self->display, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attribs);
  if (self->context == EGL_NO_CONTEXT)
    {
      g_set_error (error, MELT_RENDER_ERROR, MELT_RENDER_ERROR_NO_CONTEXT,
                   _("Could not create an %s context (EGL error 0x%x)"),
                   use_es ? "OpenGL ES 3.0" : "OpenGL 3.3 core", (guint) eglGetError ());
      return NULL;
    }

  if (!eglMakeCurrent (self->display, EGL_NO_SURFACE, EGL_NO_SURFACE, self->context))
    {
      g_set_error (error, MELT_RENDER_ERROR, MELT_RENDER_ERROR_NO_CONTEXT,
                   _("Could not make the offscreen context current (EGL error 0x%x)"),
                   (guint) eglGetError ());
      return NULL;
    }

  glGetIntegerv (GL_MAX_RENDERBUFFER_SIZE, &max_size);
  if (width_px > max_size || height_px > max_size)
    {
      g_set_error (error, MELT_RENDER_ERROR, MELT_RENDER_ERROR_FRAMEBUFFER,
                   _("An image of %d×%d pixels is larger than the %d pixels the driver allows"),
                   width_px, height_px, max_size);
      return NULL;
    }

  glGetIntegerv (GL_MAX_SAMPLES, &max_samples);
  if (!create_framebuffers (self, MIN (WANTED_SAMPLES, max_samples)) &&
      !create_framebuffers (self, 0))
    {
      g_set_error (error, MELT_RENDER_ERROR, MELT_RENDER_ERROR_FRAMEBUFFER,
                   _("Could not create a framebuffer of %d×%d pixels"), width_px, height_px);
      return NULL;
    }

  glViewport (0, 0, width_px, height_px);

  g_debug ("Offscreen %d×%d, %d samples: %s", width_px, height_px, self->samples,
           (const char *) glGetString (GL_VERSION));

  return g_steal_pointer (&self);
}

/**
 * melt_offscreen_free:
 * @self: (transfer full): a #MeltOffscreen
 *
 * Deletes the framebuffer and the context. Unrealize renderers that used it first.
 */
void
melt_offscreen_free (MeltOffscreen *self)
{
  if (self == NULL)
    return;

  if (self->context != EGL_NO_CONTEXT)
    {
      if (eglMakeCurrent (self->display, EGL_NO_SURFACE, EGL_NO_SURFACE, self->context))
        delete_framebuffers (self);
      eglMakeCurrent (self->display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
      eglDestroyContext (self->display, self->context);
    }

  g_free (self);
}

gboolean
melt_offscreen_get_use_es (MeltOffscreen *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->use_es;
}

/**
 * melt_offscreen_get_samples:
 * @self: a #MeltOffscreen
 *
 * Returns: the number of samples per pixel of the framebuffer, 0 if not multisampled
 */
int
melt_offscreen_get_samples (MeltOffscreen *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->samples;
}

/**
 * melt_offscreen_get_size:
 * @self: a #MeltOffscreen
 * @width_px: (out) (optional): framebuffer width
 * @height_px: (out) (optional): framebuffer height
 */
void
melt_offscreen_get_size (MeltOffscreen *self,
                         int           *width_px,
                         int           *height_px)
{
  g_return_if_fail (self != NULL);

  if (width_px != NULL)
    *width_px = self->width;
  if (height_px != NULL)
    *height_px = self->height;
}

/**
 * melt_offscreen_bind:
 * @self: a #MeltOffscreen
 *
 * Makes the context current on this thread and binds the framebuffer and the viewport
 * for drawing.
 */
void
melt_offscreen_bind (MeltOffscreen *self)
{
  g_return_if_fail (self != NULL);

  if (!eglMakeCurrent (self->display, EGL_NO_SURFACE, EGL_NO_SURFACE, self->context))
    {
      g_critical ("Could not make the offscreen context current (EGL error 0x%x)",
                  (guint) eglGetError ());
      return;
    }

  glBindFramebuffer (GL_FRAMEBUFFER, self->framebuffer);
  glViewport (0, 0, self->width, self->height);
}

/**
 * melt_offscreen_snapshot:
 * @self: a #MeltOffscreen
 *
 * Reads what was drawn into an image, top row first.
 *
 * Returns: (transfer full): a new %CAIRO_FORMAT_ARGB32 image surface
 */
cairo_surface_t *
melt_offscreen_snapshot (MeltOffscreen *self)
{
  g_autofree guint8 *rgba = NULL;
  cairo_surface_t *surface;
  guint8 *data;
  gsize row_bytes;
  int stride;

  g_return_val_if_fail (self != NULL, NULL);

  melt_offscreen_bind (self);

  if (self->samples > 0)
    {
      glBindFramebuffer (GL_READ_FRAMEBUFFER, self->framebuffer);
      glBindFramebuffer (GL_DRAW_FRAMEBUFFER, self->resolve_framebuffer);
      glBlitFramebuffer (0, 0, self->width, self->height, 0, 0, self->width, self->height,
                         GL_COLOR_BUFFER_BIT, GL_NEAREST);
      glBindFramebuffer (GL_READ_FRAMEBUFFER, self->resolve_framebuffer);
    }
  else
    glBindFramebuffer (GL_READ_FRAMEBUFFER, self->framebuffer);

  row_bytes = (gsize) self->width * 4;
  rgba = g_malloc (row_bytes * self->height);
  glPixelStorei (GL_PACK_ALIGNMENT, 4);
  glReadPixels (0, 0, self->width, self->height, GL_RGBA, GL_UNSIGNED_BYTE, rgba);

  glBindFramebuffer (GL_FRAMEBUFFER, self->framebuffer);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, self->width, self->height);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  /* GL rows run bottom-up in RGBA; Cairo's top-down in premultiplied native-endian ARGB */
  for (int y = 0; y < self->height; y++)
    {
      const guint8 *src = rgba + (gsize) (self->height - 1 - y) * row_bytes;
      guint32 *dst = (guint32 *) (gpointer) (data + (gsize) y * stride);

      for (int x = 0; x < self->width; x++, src += 4)
        {
          guint a = src[3];
          guint r = (src[0] * a + 127) / 255;
          guint g = (src[1] * a + 127) / 255;
          guint b = (src[2] * a + 127) / 255;

          dst[x] = (a << 24) | (r << 16) | (g << 8) | b;
        }
    }

  cairo_surface_mark_dirty (surface);

  return surface;
}
