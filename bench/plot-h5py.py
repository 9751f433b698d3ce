#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# plot-h5py.py: what a user would write without Meltline to plot one channel
# of a recording: h5py reads the time and the values, matplotlib draws every
# sample to a PNG. bench/recording.sh times it against `meltline-cli plot`.
#
# Usage: plot-h5py.py RUN.h5 STREAM CHANNEL OUT.png [WIDTHxHEIGHT]
# Needs Debian's python3-h5py, python3-numpy and python3-matplotlib.

import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    if len(sys.argv) not in (5, 6):
        sys.exit("usage: plot-h5py.py RUN.h5 STREAM CHANNEL OUT.png [WIDTHxHEIGHT]")
    path, stream, channel, out = sys.argv[1:5]
    width, height = (int(v) for v in (sys.argv[5] if len(sys.argv) == 6 else "1200x600").split("x"))

    with h5py.File(path, "r") as f:
        group = f["streams"][stream]
        time = group["time"][:]
        values = group[channel][:]
        units = group[channel].attrs.get("units", b"")
        if isinstance(units, bytes):
            units = units.decode()

    dpi = 100
    fig, ax = plt.subplots(figsize=(width / dpi, height / dpi), dpi=dpi)
    ax.plot(time, values, linewidth=0.8)
    ax.set_xlabel("Time [s]")
    ax.set_ylabel(f"{stream}/{channel} [{units}]")
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(out)


if __name__ == "__main__":
    main()
