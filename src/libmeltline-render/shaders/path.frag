/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Bead impostors: the ray through the pixel meets the bead, a capsule of the
 * bead's width whose cross-section is squashed to its height (an ellipse:
 * rounded on top and below), found exactly by scaling Z by width / height,
 * where the bead is a round capsule. Neighbouring segments share their end
 * points, so their rounded ends fill every joint, without gaps and without
 * spikes. The depth written is the bead's own, so beads cross each other and
 * the part correctly.
 *
 * Colour: the feature's, or the value's through the colour map; a key light
 * with the camera, a hemisphere, a little specular. The clipping plane keeps
 * what lies on its positive side; a bead it cuts shows its section there
 * (the bead is convex, so where the ray first meets it on the kept side is
 * where it crosses the plane, when that point is inside the bead), shaded
 * flat and a little darker. With PICK defined, the slot + 1 of the bead
 * goes to an R32UI target instead.
 *
 * With COARSE defined (the level of detail for beads a few pixels wide),
 * nothing is ray-cast: the quad is shaded as a tube seen from the side and
 * keeps its own depth. Without CLIP as well it never discards, so llvmpipe
 * (and GPUs) run the depth test before the shader.
 */

uniform mat4 u_view;
uniform mat4 u_projection;
uniform vec3 u_eye;
uniform vec4 u_clip;            /* keep dot (xyz, p) + w >= 0 */
#ifndef PICK
uniform highp sampler2D u_colormap;
uniform vec3 u_feature_colors[4];
uniform vec3 u_no_value_color;
uniform bool u_color_by_value;
uniform vec3 u_up;              /* world +Z in eye space */
#endif

in vec3 v_world_position;
in float v_across;              /* −1 … 1 across the quad */
flat in vec3 v_start;
flat in vec3 v_end;
flat in vec2 v_size;
flat in uvec2 v_value_kind;
flat in uint v_id;

#ifdef PICK
out uint pick_id;
#else
out vec4 frag_color;
#endif

/* Where the ray from @ro along the unit @rd first meets a sphere of radius
 * @r around @c, or -1 */
float
sphere (vec3 ro, vec3 rd, vec3 c, float r)
{
  vec3 oc = ro - c;
  float b = dot (rd, oc);
  float h = b * b - (dot (oc, oc) - r * r);

  return h >= 0.0 ? -b - sqrt (h) : -1.0;
}

/* Where the ray from @ro along the unit @rd first meets the capsule from
 * @a to @b of radius @r, or -1: the cylinder's side if the hit lies between
 * the ends, else the nearer of the two end spheres */
float
capsule (vec3 ro, vec3 rd, vec3 a, vec3 b, float r)
{
  vec3 ba = b - a;
  vec3 oa = ro - a;
  float baba = dot (ba, ba);
  float bard = dot (ba, rd);
  float baoa = dot (ba, oa);
  /* |(oa + t rd) × ba|² = r² |ba|²: a quadratic in t */
  float qa = baba - bard * bard;
  float qb = baba * dot (rd, oa) - baoa * bard;
  float qc = baba * dot (oa, oa) - baoa * baoa - r * r * baba;
  float h = qb * qb - qa * qc;
  float ta, tb;

  if (baba > 1e-10 && qa > 1e-10)
    {
      float t, y;

      if (h < 0.0)
        return -1.0;            /* misses the infinite cylinder, so the capsule too */
      t = (-qb - sqrt (h)) / qa;
      y = baoa + t * bard;
      if (y > 0.0 && y < baba)
        return t;
    }
  ta = sphere (ro, rd, a, r);
  tb = sphere (ro, rd, b, r);
  if (ta < 0.0)
    return tb;
  if (tb < 0.0)
    return ta;
  return min (ta, tb);
}

#ifdef COARSE
void
main ()
{
  vec3 dir = normalize (v_end - v_start + vec3 (1e-6, 0.0, 0.0));
  vec3 to_eye = normalize (u_eye - v_world_position);
  vec3 across = normalize (cross (to_eye, dir));
  vec3 normal = normalize (across * v_across + to_eye * sqrt (max (1.0 - v_across * v_across, 0.0)));
  vec3 view_normal = normalize (mat3 (u_view) * normal);
  vec3 key = normalize (vec3 (-0.6, 0.7, 0.5));
  vec3 base, color;
  float hemi, diffuse;

#ifdef CLIP
  if (dot (u_clip.xyz, v_world_position) + u_clip.w < 0.0)
    discard;
#endif
  if (!u_color_by_value)
    base = u_feature_colors[v_value_kind.y & 3u];
  else if (v_value_kind.x == 0u)
    base = u_no_value_color;
  else
    base = texture (u_colormap, vec2 ((float (v_value_kind.x - 1u) / 65534.0) * (255.0 / 256.0) + 0.5 / 256.0, 0.5)).rgb;
  if ((v_value_kind.y & 0x8000u) != 0u)
    base = mix (base, vec3 (1.0), 0.65);
  base = pow (base, vec3 (2.2));
  hemi = 0.5 + 0.5 * dot (view_normal, u_up);
  diffuse = 0.70 * max (dot (view_normal, key), 0.0);
  color = base * (mix (0.22, 0.48, hemi) + diffuse);
  frag_color = vec4 (pow (clamp (color, 0.0, 1.0), vec3 (1.0 / 2.2)), 1.0);
}
#else
void
main ()
{
  /* in a space where Z is stretched by width / height the bead is round */
  vec3 scale = vec3 (1.0, 1.0, v_size.x / max (v_size.y, 1e-4));
  vec3 world_dir = normalize (v_world_position - u_eye);
  vec3 rd = normalize (world_dir * scale);
  float radius = 0.5 * v_size.x;
  /* start near the bead: float precision is lost over the eye's distance */
  float back = 2.0 * (length (v_end - v_start) + v_size.x + v_size.y);
  vec3 ro = (v_world_position - world_dir * back) * scale;
  float t = capsule (ro, rd, v_start * scale, v_end * scale, radius);
  vec3 hit_scaled, hit, axis_point, normal;
  vec4 clip;
  float h;
  bool section = false;

  if (t < 0.0)
    discard;
  hit_scaled = ro + rd * t;
  hit = hit_scaled / scale;
  if (dot (u_clip.xyz, hit) + u_clip.w < 0.0)
    {
      /* the plane in the stretched space: dot (n / scale, x) + w = 0 */
      vec3 n = u_clip.xyz / scale;
      float towards = dot (n, rd);
      vec3 a = v_start * scale, ba = v_end * scale - a, p;
      float tp, k;

      if (towards <= 0.0)
        discard;                /* the ray never reaches the kept side */
      tp = -(dot (n, ro) + u_clip.w) / towards;
      p = ro + rd * tp;
      k = dot (ba, ba) > 1e-12 ? clamp (dot (p - a, ba) / dot (ba, ba), 0.0, 1.0) : 0.0;
      if (length (p - (a + ba * k)) > radius)
        discard;                /* it crosses the plane beside the bead */
      hit_scaled = p;
      hit = p / scale;
      section = true;
    }

  clip = u_projection * (u_view * vec4 (hit, 1.0));
  gl_FragDepth = clamp (0.5 * clip.z / clip.w + 0.5, 0.0, 1.0);

#ifdef PICK
  pick_id = v_id;
#else
  {
    vec3 a = v_start * scale, b = v_end * scale, ba = b - a;
    vec3 view_normal, to_eye, key = normalize (vec3 (-0.6, 0.7, 0.5));
    vec3 base, color;
    float hemi, diffuse, specular;

    h = dot (ba, ba) > 1e-12 ? clamp (dot (hit_scaled - a, ba) / dot (ba, ba), 0.0, 1.0) : 0.0;
    axis_point = a + ba * h;
    normal = section ? -normalize (u_clip.xyz) : normalize ((hit_scaled - axis_point) * scale);
    view_normal = normalize (mat3 (u_view) * normal);
    to_eye = normalize (-(u_view * vec4 (hit, 1.0)).xyz);

    if (!u_color_by_value)
      base = u_feature_colors[v_value_kind.y & 3u];
    else if (v_value_kind.x == 0u)
      base = u_no_value_color;
    else
      base = texture (u_colormap, vec2 ((float (v_value_kind.x - 1u) / 65534.0) * (255.0 / 256.0) + 0.5 / 256.0, 0.5)).rgb;

    if ((v_value_kind.y & 0x8000u) != 0u)
      base = mix (base, vec3 (1.0), 0.65);

    /* colours are sRGB: light them in linear light */
    base = pow (base, vec3 (2.2));
    hemi = 0.5 + 0.5 * dot (view_normal, u_up);
    diffuse = 0.70 * max (dot (view_normal, key), 0.0);
    specular = 0.18 * pow (max (dot (view_normal, normalize (key + to_eye)), 0.0), 32.0);
    if (section)
      {
        /* a cut face: lit evenly, darker, no highlight */
        base *= 0.55;
        diffuse = 0.35;
        specular = 0.0;
      }
    color = base * (mix (0.22, 0.48, hemi) + diffuse) + vec3 (specular);

    frag_color = vec4 (pow (clamp (color, 0.0, 1.0), vec3 (1.0 / 2.2)), 1.0);
  }
#endif
}
#endif
