#!/usr/bin/env python3
# Writes data/samples/nozzle-extension.stl, Meltline's bundled sample part: a thin-walled
# bell nozzle extension with a mounting flange and a stiffening ring, the kind of part
# wire-fed deposition builds layer by layer. A solid of revolution, closed and watertight.
# Run once; the STL is committed. Python 3 standard library only.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import math
import struct
import sys

SEGMENTS = 120          # around the axis
WALL_MM = 3.0
THROAT_R_MM = 16.0
EXIT_R_MM = 38.0
FLANGE_R_MM = 46.0
FLANGE_H_MM = 5.0
HEIGHT_MM = 85.0
RING_Z_MM = (44.0, 50.0)
RING_MM = 2.5


def inner_radius(z):
    if z <= FLANGE_H_MM:
        return THROAT_R_MM
    t = (z - FLANGE_H_MM) / (HEIGHT_MM - FLANGE_H_MM)
    return THROAT_R_MM + (EXIT_R_MM - THROAT_R_MM) * t ** 0.7


def outer_radius(z):
    return inner_radius(z) + WALL_MM


def profile():
    """Closed (r, z) polygon, counter-clockwise in the r-z half plane."""
    steps = 48
    lo, hi = RING_Z_MM
    zs = [FLANGE_H_MM + (HEIGHT_MM - FLANGE_H_MM) * i / steps for i in range(steps + 1)]
    zs = sorted(set([round(z, 4) for z in zs] + [lo, hi]))
    pts = [(inner_radius(0.0), 0.0), (FLANGE_R_MM, 0.0), (FLANGE_R_MM, FLANGE_H_MM)]
    for z in zs:
        # The stiffening ring: a step out at its foot, a step back in at its top.
        if z == lo:
            pts += [(outer_radius(z), z), (outer_radius(z) + RING_MM, z)]
        elif z == hi:
            pts += [(outer_radius(z) + RING_MM, z), (outer_radius(z), z)]
        elif lo < z < hi:
            pts.append((outer_radius(z) + RING_MM, z))
        else:
            pts.append((outer_radius(z), z))
    pts += [(inner_radius(z), z) for z in reversed(zs)]
    return pts


def revolve(pts):
    tris = []
    n = len(pts)
    for s in range(SEGMENTS):
        a0 = 2 * math.pi * s / SEGMENTS
        a1 = 2 * math.pi * ((s + 1) % SEGMENTS) / SEGMENTS  # the seam closes exactly
        for i in range(n):
            (r0, z0), (r1, z1) = pts[i], pts[(i + 1) % n]
            p00 = (r0 * math.cos(a0), r0 * math.sin(a0), z0)
            p01 = (r0 * math.cos(a1), r0 * math.sin(a1), z0)
            p10 = (r1 * math.cos(a0), r1 * math.sin(a0), z1)
            p11 = (r1 * math.cos(a1), r1 * math.sin(a1), z1)
            tris.append((p00, p10, p11))
            tris.append((p00, p11, p01))
    return tris


def signed_volume(tris):
    v = 0.0
    for a, b, c in tris:
        v += (a[0] * (b[1] * c[2] - b[2] * c[1])
              - a[1] * (b[0] * c[2] - b[2] * c[0])
              + a[2] * (b[0] * c[1] - b[1] * c[0])) / 6.0
    return v


def normal(a, b, c):
    u = [b[i] - a[i] for i in range(3)]
    w = [c[i] - a[i] for i in range(3)]
    n = (u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0])
    length = math.sqrt(sum(x * x for x in n)) or 1.0
    return tuple(x / length for x in n)


def main(path):
    tris = revolve(profile())
    if signed_volume(tris) < 0:
        tris = [(a, c, b) for a, b, c in tris]
    # Round through float32 exactly as the file stores it, so welding is exact.
    header = b"Meltline sample part: bell nozzle extension, mm".ljust(80, b" ")
    with open(path, "wb") as f:
        f.write(header)
        f.write(struct.pack("<I", len(tris)))
        for a, b, c in tris:
            f.write(struct.pack("<3f", *normal(a, b, c)))
            for p in (a, b, c):
                f.write(struct.pack("<3f", *p))
            f.write(b"\0\0")
    print(f"{path}: {len(tris)} triangles, volume {signed_volume(tris):.1f} mm^3")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "data/samples/nozzle-extension.stl")
