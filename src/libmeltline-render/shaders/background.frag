/* SPDX-License-Identifier: GPL-3.0-or-later */

/* A quiet vertical gradient, dithered so that it does not band. */

uniform vec3 u_top_color;
uniform vec3 u_bottom_color;

in vec2 v_uv;
out vec4 frag_color;

void
main ()
{
  float t = smoothstep (0.0, 1.0, clamp (v_uv.y, 0.0, 1.0));
  vec3 color = mix (u_bottom_color, u_top_color, t);
  float noise = fract (sin (dot (gl_FragCoord.xy, vec2 (12.9898, 78.233))) * 43758.5453);

  frag_color = vec4 (color + (noise - 0.5) / 255.0, 1.0);
}
