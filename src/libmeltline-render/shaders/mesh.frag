/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Flat shading of the part. The face normal is the cross product of the screen-space
 * derivatives of the eye-space position, so every triangle is faceted without
 * duplicating vertices. Light: a key light riding with the camera, a hemisphere
 * (sky above the build plate, ground below) and a little specular for metal.
 * Back faces, seen through holes in open meshes, take a warmer tint.
 */

uniform vec3 u_front_color;
uniform vec3 u_back_color;
uniform vec3 u_up;            /* world +Z in eye space */
uniform float u_alpha;        /* 1, or less for a ghost of the part */

in vec3 v_view_position;
out vec4 frag_color;

void
main ()
{
  vec3 normal = normalize (cross (dFdx (v_view_position), dFdy (v_view_position)));
  vec3 to_eye = normalize (-v_view_position);
  vec3 key = normalize (vec3 (-0.6, 0.7, 0.5));
  vec3 fill = normalize (vec3 (0.8, -0.2, 0.4));
  vec3 base = gl_FrontFacing ? u_front_color : u_back_color;
  float hemi, diffuse, specular, rim;
  vec3 ambient, color;

  if (dot (normal, to_eye) < 0.0)
    normal = -normal;

  hemi = 0.5 + 0.5 * dot (normal, u_up);
  ambient = mix (vec3 (0.06, 0.055, 0.05), vec3 (0.30, 0.31, 0.34), hemi);
  diffuse = 0.66 * max (dot (normal, key), 0.0) + 0.12 * max (dot (normal, fill), 0.0);
  specular = 0.22 * pow (max (dot (normal, normalize (key + to_eye)), 0.0), 48.0);
  rim = 0.08 * pow (1.0 - max (dot (normal, to_eye), 0.0), 3.0);

  color = base * (ambient + diffuse) + vec3 (specular + rim);

  /* lit in linear light, shown in sRGB */
  frag_color = vec4 (pow (clamp (color, 0.0, 1.0), vec3 (1.0 / 2.2)), u_alpha);
}
