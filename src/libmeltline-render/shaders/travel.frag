/* SPDX-License-Identifier: GPL-3.0-or-later */

uniform vec4 u_color;
uniform vec4 u_clip;

in vec3 v_world_position;

out vec4 frag_color;

void
main ()
{
  if (dot (u_clip.xyz, v_world_position) + u_clip.w < 0.0)
    discard;
  frag_color = u_color;
}
