#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes data/samples/foreign-h5py/flight7.h5: a recording in another tool's layout, written
# with h5py the way a payload team's script might (time as int64 microseconds in one group,
# signals in another, an IMU as one N x 3 dataset, camera frames as one F x H x W dataset
# with millisecond times, events as three datasets). The sensor clock counts microseconds
# since the Unix epoch, the camera and events seconds since the start: the mapping's
# offset_s puts them on one clock. Meltline reads it through flight7.mapping.json beside it
# (docs/mapping-format.md). The data are synthetic and say so (the file's attribute "note",
# the mapping's "simulated": true). The same script writes the same data.
#
# Usage: build-aux/make-foreign-sample.py   (needs Debian's python3-h5py and python3-numpy)

import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "samples", "foreign-h5py", "flight7.h5")


def main():
    rng = np.random.default_rng(7)
    n = 20000                                  # 20 s at 1 kHz
    t_us = 1_700_000_000_000 + np.arange(n, dtype=np.int64) * 1000 + rng.integers(0, 50, n)
    t_s = (t_us - t_us[0]) / 1e6
    # a melt pool heating layer by layer, with noise and a few hot spots
    temperature = (1850 + 6 * np.floor(t_s / 4) + 25 * np.sin(2 * np.pi * 0.8 * t_s)
                   + rng.normal(0, 4, n)).astype(np.float32)
    temperature[rng.integers(0, n, 6)] += 220
    pressure = (20 + rng.normal(0, 0.5, n)).astype(np.int16)
    imu = np.stack([rng.normal(0, 2e-4, n), rng.normal(0, 2e-4, n),
                    1e-4 + rng.normal(0, 3e-4, n)], axis=1)          # m/s2, microgravity
    n_frames = 100                             # 5 Hz, 24 x 24
    frame_ms = (np.arange(n_frames, dtype=np.uint32) * 200)
    yy, xx = np.mgrid[0:24, 0:24]
    frames = np.empty((n_frames, 24, 24), dtype=np.uint16)
    for k in range(n_frames):
        cx = 12 + 3 * np.sin(k * 0.3)
        frames[k] = (300 + 3500 * np.exp(-((xx - cx) ** 2 + (yy - 12) ** 2) / 18)
                     + rng.integers(0, 40, (24, 24))).astype(np.uint16)

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with h5py.File(OUT, "w", track_order=True) as f:
        f.attrs["note"] = "synthetic data written by build-aux/make-foreign-sample.py, not a flight"
        f["data/t_us"] = t_us
        f["sensors/temperature"] = temperature
        f["sensors/pressure"] = pressure
        f["sensors/imu"] = imu
        f["cam/t_ms"] = frame_ms
        f.create_dataset("images", data=frames, chunks=(1, 24, 24))
        f["ev/t"] = np.array([0.0, 4.0, 8.0, 12.0, 16.0, 9.5])
        f["ev/kind"] = np.array(["layer-start"] * 5 + ["command"], dtype=object)
        f["ev/text"] = np.array(["1", "2", "3", "4", "5", "laser power 950 W"], dtype=object)
    print(OUT)


if __name__ == "__main__":
    main()
