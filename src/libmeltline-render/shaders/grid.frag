/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Anti-aliased grid lines every u_step mm, major lines every ten, the X and Y axes
 * in their colours, all fading towards the edge of the plate and where lines crowd.
 */

uniform float u_step;
uniform vec4 u_plate;
uniform vec3 u_line_color;
uniform vec4 u_fill_color;
uniform vec3 u_x_color;
uniform vec3 u_y_color;

in vec2 v_world;
out vec4 frag_color;

/* coverage of lines `width_px` wide at integer values of `coord` */
float
lines (vec2  coord,
       float width_px)
{
  vec2 px = max (fwidth (coord), vec2 (1e-6));
  vec2 dist = abs (fract (coord - 0.5) - 0.5) / px;
  vec2 cover = clamp (0.5 * width_px + 0.5 - dist, 0.0, 1.0);

  return max (cover.x, cover.y);
}

float
axis_line (float coord,
           float width_px)
{
  float dist = abs (coord) / max (fwidth (coord), 1e-6);

  return clamp (0.5 * width_px + 0.5 - dist, 0.0, 1.0);
}

void
main ()
{
  vec2 minor_coord = v_world / u_step;
  vec2 major_coord = minor_coord * 0.1;
  vec2 minor_px = fwidth (minor_coord);
  float crowding = max (minor_px.x, minor_px.y);
  float minor = lines (minor_coord, 1.0) * (1.0 - smoothstep (0.12, 0.45, crowding));
  float major = lines (major_coord, 1.4) * (1.0 - smoothstep (1.2, 4.5, crowding));
  vec2 centre = 0.5 * (u_plate.xy + u_plate.zw);
  vec2 half_size = 0.5 * (u_plate.zw - u_plate.xy);
  vec2 edge = abs (v_world - centre) / half_size;
  float fade = 1.0 - smoothstep (0.55, 1.0, max (edge.x, edge.y));
  vec4 color = u_fill_color;

  color = mix (color, vec4 (u_line_color, 0.22), minor);
  color = mix (color, vec4 (u_line_color, 0.50), major);
  color = mix (color, vec4 (u_x_color, 0.85), axis_line (v_world.y, 1.6));
  color = mix (color, vec4 (u_y_color, 0.85), axis_line (v_world.x, 1.6));
  color.a *= fade;

  frag_color = color;
}
