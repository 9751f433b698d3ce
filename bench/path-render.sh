#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# path-render.sh: load and draw 1 M and 10 M segment plans headless (EGL),
# with frame times at 1280x800 and the memory the renderer takes per segment.
#
# Usage: bench/path-render.sh [BUILD_DIR]
#
#   BUILD_DIR    a configured and built Meltline build directory (default: _build)
#   FRAMES=N     frames timed at each level of detail (default: 3)
#   KEEP=1       keep the scratch directory with the plans
#
# Needs: GNU time (/usr/bin/time), jq. The GL driver is whatever EGL gives:
# on the development machines, Mesa's llvmpipe (software, 2 cores).

set -eu

BUILD_DIR=${1:-_build}
FRAMES=${FRAMES:-3}
BENCH=$BUILD_DIR/bench/melt-bench-render

BENCH_NAME=path-render.sh
. "$(dirname "$0")/lib.sh"

bench_need "time jq" /usr/bin/time jq
bench_built "$BUILD_DIR" "$BENCH"

bench_workdir

echo "| Segments | Load | First frame | Frame, full detail | Frame, coarse | Coarse items | GPU B/segment | CPU B/segment | RSS loaded | Peak RSS |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in 1000000 10000000; do
  "$BENCH" --generate "$n" "$WORK/plan-$n.h5" >/dev/null
  extra=""
  # a full-detail frame of 10 M ray-cast beads takes minutes on llvmpipe
  if [ "$n" -gt 2000000 ]; then
    extra="--skip-full"
  fi
  # shellcheck disable=SC2086
  /usr/bin/time -v "$BENCH" --frames "$FRAMES" $extra "$WORK/plan-$n.h5" >"$WORK/out.json" 2>"$WORK/time.txt"
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$WORK/time.txt")
  jq -r --arg rss "$rss" '"| \(.segments) | \(.load_s) s | \(.first_frame_s) s" +
      (if .first_frame_coarse then " (coarse)" else "" end) +
      " | \(if .frame_full_median_s == null then "—" else "\(.frame_full_median_s) s" end)" +
      " | \(.frame_coarse_median_s) s | \(.coarse_instances) | \(.gpu_bytes_per_segment) | \(.cpu_bytes_per_segment)" +
      " | \(.rss_loaded_mib) MiB | \(($rss | tonumber) / 1024 | floor) MiB |"' "$WORK/out.json"
  jq -r '.gl' "$WORK/out.json" >"$WORK/gl.txt"
done
echo
echo "GL: $(cat "$WORK/gl.txt")"
