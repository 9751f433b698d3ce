/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Feature and boundary edges of the part, drawn as thin dark lines over its faces. */

uniform vec4 u_edge_color;

in vec3 v_view_position;
out vec4 frag_color;

void
main ()
{
  frag_color = u_edge_color;
}
