/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Travel moves: a thin line each, from the segment's point to the next;
 * vertex v is end v % 2 of item v / 2 of the list, in one plain draw */

uniform mat4 u_view;
uniform mat4 u_projection;
uniform highp sampler2D u_points;
uniform highp usampler2D u_list;
uniform int u_texture_shift;

out vec3 v_world_position;

ivec2
texel (uint index)
{
  int i = int (index);
  return ivec2 (i & ((1 << u_texture_shift) - 1), i >> u_texture_shift);
}

void
main ()
{
  int item = gl_VertexID / 2;
  uint slot = texelFetch (u_list, texel (uint (item)), 0).x;
  uint index = slot + uint (gl_VertexID - 2 * item);
  vec3 position = texelFetch (u_points, texel (index), 0).xyz;

  v_world_position = position;
  gl_Position = u_projection * (u_view * vec4 (position, 1.0));
}
