/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The axes triad, drawn orthographically in its own corner viewport. */

layout (location = 0) in vec3 a_position;
layout (location = 1) in vec3 a_normal;
layout (location = 2) in vec3 a_color;

uniform mat4 u_rotation;      /* the camera's rotation, no translation */
uniform float u_scale;

out vec3 v_normal;
out vec3 v_color;

void
main ()
{
  vec3 position = (u_rotation * vec4 (a_position, 0.0)).xyz;

  v_normal = (u_rotation * vec4 (a_normal, 0.0)).xyz;
  v_color = a_color;
  gl_Position = vec4 (position.xy * u_scale, -0.5 * position.z, 1.0);
}
