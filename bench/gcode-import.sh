#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# gcode-import.sh: how fast `meltline-cli gcode-info` reads G-code, in MB/s,
# on a large file written by prusa-slicer (a generated torus sliced once,
# its G-code repeated until the file is big enough).
#
# Usage: bench/gcode-import.sh [BUILD_DIR]
#
#   BUILD_DIR        a configured and built Meltline build directory (default: _build)
#   SIZE_MB=N        the least size of the G-code file, MB of 10^6 bytes (default: 200)
#   TRIANGLES=N      size of the torus that is sliced (default: 20000)
#   RUNS=N           hyperfine runs (default: 10)
#   MELTLINE_CLI=P   the meltline-cli to time (default: BUILD_DIR/src/meltline-cli/meltline-cli)
#   KEEP=1           keep the scratch directory with the files
#
# Needs: hyperfine, jq, prusa-slicer (Debian: apt install hyperfine jq prusa-slicer).
# The file is read warm (from the page cache): hyperfine warms up first.

set -eu

BUILD_DIR=${1:-_build}
SIZE_MB=${SIZE_MB:-200}
TRIANGLES=${TRIANGLES:-20000}
RUNS=${RUNS:-10}
CLI=${MELTLINE_CLI:-$BUILD_DIR/src/meltline-cli/meltline-cli}
GENERATE=$BUILD_DIR/bench/melt-bench-generate

BENCH_NAME=gcode-import.sh
. "$(dirname "$0")/lib.sh"

bench_need "hyperfine jq prusa-slicer" hyperfine jq prusa-slicer
bench_built "$BUILD_DIR" "$CLI" "$GENERATE"

bench_workdir

"$GENERATE" --triangles "$TRIANGLES" "$WORK/torus.stl"
prusa-slicer --export-gcode --nozzle-diameter 0.4 --layer-height 0.2 \
  -o "$WORK/torus.gcode" "$WORK/torus.stl" >/dev/null 2>&1

ONE=$(stat -c %s "$WORK/torus.gcode")
COPIES=$(( (SIZE_MB * 1000000 + ONE - 1) / ONE ))
i=0
while [ "$i" -lt "$COPIES" ]; do
  cat "$WORK/torus.gcode"
  i=$((i + 1))
done > "$WORK/big.gcode"
BYTES=$(stat -c %s "$WORK/big.gcode")

echo
echo "== The file =="
echo "one slice: $ONE bytes, $(grep -c '^;LAYER_CHANGE' "$WORK/torus.gcode") layers (;LAYER_CHANGE)"
echo "repeated $COPIES times: $BYTES bytes"
"$CLI" gcode-info --json "$WORK/torus.gcode" | jq -c '{moves, layers, extrusion_length_mm, travel_length_mm, estimated_time_s, warning_count}'
"$CLI" gcode-info --json "$WORK/big.gcode" | jq -c '{moves, layers, segments, warning_count}'

echo
echo "== Timing (hyperfine, warm) =="
hyperfine --shell=none --warmup 2 --runs "$RUNS" --style basic \
  --export-json "$WORK/times.json" \
  --command-name "cat (page cache)" "cat $WORK/big.gcode" \
  --command-name "meltline-cli gcode-info" "$CLI gcode-info $WORK/big.gcode"

echo
echo "== Throughput =="
jq -r --argjson bytes "$BYTES" '.results[] |
  "\(.command): mean \(.mean * 1000 | floor) ms, min \(.min * 1000 | floor) ms, \(($bytes / 1000000) / .mean | floor) MB/s"' \
  "$WORK/times.json"
