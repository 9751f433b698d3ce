/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The build plate: a rectangle on z = 0 drawn as a 4-vertex strip, no attributes. */

uniform mat4 u_view_projection;
uniform vec4 u_plate;         /* min x, min y, max x, max y in mm */

out vec2 v_world;

void
main ()
{
  vec2 corner = vec2 (float (gl_VertexID & 1), float ((gl_VertexID >> 1) & 1));

  v_world = mix (u_plate.xy, u_plate.zw, corner);
  gl_Position = u_view_projection * vec4 (v_world, 0.0, 1.0);
}
