/* melt-gl-program.h: shader programs from the library's resources (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <epoxy/gl.h>
#include <glib.h>

G_BEGIN_DECLS

/* Compiles shaders/@vertex_name and shaders/@fragment_name (file names in
 * the library's GResource) for GL 3.3 core or, with @use_es, GLES 3.0, and
 * links them. Returns the program, or 0 with @error set
 * (MELT_RENDER_ERROR_SHADER) naming the file and quoting the driver's log. */
GLuint _melt_gl_program_new (const char  *vertex_name,
                             const char  *fragment_name,
                             gboolean     use_es,
                             GError     **error);
/* The same, with @vertex_header and @fragment_header (GLSL: constants,
 * defines; may be NULL) put between the version line and each shader's text */
GLuint _melt_gl_program_new_with_header (const char  *vertex_name,
                                         const char  *fragment_name,
                                         const char  *vertex_header,
                                         const char  *fragment_header,
                                         gboolean     use_es,
                                         GError     **error);

G_END_DECLS
