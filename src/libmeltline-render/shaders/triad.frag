/* SPDX-License-Identifier: GPL-3.0-or-later */

in vec3 v_normal;
in vec3 v_color;
out vec4 frag_color;

void
main ()
{
  vec3 normal = normalize (v_normal);
  vec3 key = normalize (vec3 (-0.3, 0.5, 1.0));
  float light = 0.45 + 0.65 * max (dot (normal, key), 0.0);
  vec3 half_vector = normalize (key + vec3 (0.0, 0.0, 1.0));
  float specular = 0.25 * pow (max (dot (normal, half_vector), 0.0), 30.0);

  frag_color = vec4 (min (v_color * light + specular, vec3 (1.0)), 1.0);
}
