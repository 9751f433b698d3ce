/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The part: positions only. Faceted normals come from the fragment shader. */

layout (location = 0) in vec3 a_position;

uniform mat4 u_view;
uniform mat4 u_projection;

out vec3 v_view_position;

void
main ()
{
  vec4 view_position = u_view * vec4 (a_position, 1.0);

  v_view_position = view_position.xyz;
  gl_Position = u_projection * view_position;
}
