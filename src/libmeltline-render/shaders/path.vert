/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Bead segments as impostors: each item of the list is one quad (six
 * vertices, one plain draw for the whole list: vertex v is corner v % 6 of
 * item v / 6) facing the camera and covering the bead, which the fragment
 * shader ray-casts (path.frag). docs/path-preview.md explains the choice.
 *
 * The list texture gives each item's first slot and, for a coarse run of
 * several segments, its end point (0: the slot's own end, slot + 1). Points
 * come from an RGB32F texture, width, height, colour value and flags from an
 * RGBA16UI one.
 *
 * The quad lies across the view, centred on the segment, as long as the
 * segment looks plus a bead's radius at each end and a radius to each
 * side; it is moved towards the eye by how far the bead reaches towards it,
 * so that its outline covers the bead's nearest parts too.
 */

uniform mat4 u_view;
uniform mat4 u_projection;
uniform vec3 u_eye;             /* world */
uniform highp sampler2D u_points;
uniform highp usampler2D u_attributes;
uniform highp usampler2D u_list;
uniform int u_texture_shift;
uniform float u_z_offset;       /* bead centre = point + u_z_offset × height */
uniform float u_default_width;
uniform float u_default_height;
uniform uint u_highlight;       /* slot + 1 of the highlighted segment, 0 for none */
uniform bool u_coarse;          /* flat quads that keep their own depth */

out vec3 v_world_position;
out float v_across;
flat out vec3 v_start;
flat out vec3 v_end;
flat out vec2 v_size;           /* width, height */
flat out uvec2 v_value_kind;    /* colour value, flags */
flat out uint v_id;             /* slot + 1 */

const vec2 CORNERS[6] = vec2[6] (vec2 (-1.0, -1.0), vec2 (1.0, -1.0), vec2 (1.0, 1.0),
                                 vec2 (-1.0, -1.0), vec2 (1.0, 1.0), vec2 (-1.0, 1.0));

ivec2
texel (uint index)
{
  int i = int (index);
  return ivec2 (i & ((1 << u_texture_shift) - 1), i >> u_texture_shift);
}

vec3
point_at (uint index)
{
  return texelFetch (u_points, texel (index), 0).xyz;
}

void
main ()
{
  int item = gl_VertexID / 6;
  vec2 corner = CORNERS[gl_VertexID - item * 6];
  uvec2 run = texelFetch (u_list, texel (uint (item)), 0).xy;
  uint slot = run.x;
  uint end_point = run.y == 0u ? slot + 1u : run.y;
  uvec4 attributes = texelFetch (u_attributes, texel (slot), 0);
  float width = attributes.x > 0u ? float (attributes.x) * 0.001 : u_default_width;
  float height = attributes.y > 0u ? float (attributes.y) * 0.001 : u_default_height;
  float radius = 0.5 * max (width, height);
  vec3 start = point_at (slot);
  vec3 end = point_at (end_point);
  vec3 middle, axis, to_eye, along, across;
  float half_length, depth_reach;
  vec3 position;

  start.z += u_z_offset * height;
  end.z += u_z_offset * height;
  middle = 0.5 * (start + end);
  axis = 0.5 * (end - start);
  to_eye = normalize (u_eye - middle);

  /* the segment as seen: its half-length across the view */
  along = axis - to_eye * dot (axis, to_eye);
  half_length = length (along);
  along = half_length > 1e-5 ? along / half_length : normalize (cross (to_eye, abs (to_eye.z) < 0.9 ? vec3 (0.0, 0.0, 1.0) : vec3 (1.0, 0.0, 0.0)));
  across = cross (to_eye, along);
  depth_reach = abs (dot (axis, to_eye)) + radius;

  /* ray-cast quads sit in front of all the bead; coarse ones, drawn with
   * their own depth, at its middle */
  position = middle + along * (corner.x * (half_length + (u_coarse ? 0.0 : radius)))
             + across * (corner.y * radius) + to_eye * (u_coarse ? 0.0 : depth_reach);
  v_across = corner.y;

  v_world_position = position;
  v_start = start;
  v_end = end;
  v_size = vec2 (width, height);
  v_value_kind = uvec2 (attributes.z, attributes.w);
  v_id = slot + 1u;
  if (u_highlight != 0u && u_highlight == slot + 1u)
    v_value_kind.y |= 0x8000u;
  gl_Position = u_projection * (u_view * vec4 (position, 1.0));
}
