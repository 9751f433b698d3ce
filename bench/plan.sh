#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# plan.sh: time `meltline-cli plan` (slice, plan, save the HDF5 plan and the
# G-code) on a generated closed part against `prusa-slicer --export-gcode`
# with bead-like settings, on the same file.
#
# Usage: bench/plan.sh [BUILD_DIR]
#
#   BUILD_DIR        a configured and built Meltline build directory (default: _build)
#   TRIANGLES=N      size of the part (default: 1000000)
#   RUNS=N           hyperfine runs for meltline-cli (default: 10)
#   SLOW_RUNS=N      hyperfine runs for prusa-slicer (default: 3)
#   MELTLINE_CLI=P   the meltline-cli to time (default: BUILD_DIR/src/meltline-cli/meltline-cli)
#   KEEP=1           keep the scratch directory with the part, outputs and raw results
#
# Needs: hyperfine, GNU time (/usr/bin/time), jq, prusa-slicer
# (Debian: apt install hyperfine time jq prusa-slicer).
#
# Bead-like settings on both sides: 3 mm beads, 1 mm layers, 2 perimeters,
# 100 % rectilinear (raster) fill. Meltline gets them from the suborbital
# Ti-6Al-4V preset with bead_width_mm = 3, layer_height_mm = 1 and
# step_over_mm = 2.8 (PrusaSlicer's spacing of 3 mm extrusions at 1 mm
# layers: 3 - 1 × (1 - π/4) ≈ 2.79 mm).

set -eu

BUILD_DIR=${1:-_build}
TRIANGLES=${TRIANGLES:-1000000}
RUNS=${RUNS:-10}
SLOW_RUNS=${SLOW_RUNS:-3}
CLI=${MELTLINE_CLI:-$BUILD_DIR/src/meltline-cli/meltline-cli}
GENERATE=$BUILD_DIR/bench/melt-bench-generate
SRC_DIR=$(cd "$(dirname "$0")/.." && pwd)
PRESET=$SRC_DIR/data/presets/suborbital-laser-wire-ti64.json

BENCH_NAME=plan.sh
. "$(dirname "$0")/lib.sh"

bench_need "hyperfine time jq prusa-slicer" hyperfine /usr/bin/time jq prusa-slicer
bench_built "$BUILD_DIR" "$CLI" "$GENERATE"

bench_workdir

PART=$WORK/torus.stl
PROCESS=$WORK/bead-3mm.json
"$GENERATE" --triangles "$TRIANGLES" "$PART"
jq '. + {name: "Bench: 3 mm beads, 1 mm layers", bead_width_mm: 3.0, step_over_mm: 2.8,
         layer_height_mm: 1.0}' "$PRESET" >"$PROCESS"

MELT_CMD="$CLI plan $PART --process $PROCESS -o $WORK/torus.h5 --gcode $WORK/torus.gcode --perimeters 2 --fill raster"
PRUSA_CMD="prusa-slicer --export-gcode --nozzle-diameter 3 --layer-height 1 --first-layer-height 1 --perimeters 2 --fill-density 100% --fill-pattern rectilinear --extrusion-width 3 --first-layer-extrusion-width 3 --skirts 0 -o $WORK/prusa.gcode $PART"

# The same work on both sides: layers and deposited path
echo
echo "== What each tool makes =="
# shellcheck disable=SC2086
$MELT_CMD --json | jq -c '{layers, segments, path_length_mm, beam_starts, volume_ratio}'
# shellcheck disable=SC2086
$PRUSA_CMD >/dev/null 2>&1
"$CLI" gcode-info --json "$WORK/prusa.gcode" | jq -c '{layers, moves, extrusion_length_mm, flavor}'
"$CLI" gcode-info --json "$WORK/torus.gcode" | jq -c '{layers, moves, extrusion_length_mm, flavor}'
ls -l "$WORK/torus.h5" "$WORK/torus.gcode" "$WORK/prusa.gcode" | awk '{print $5, $9}'

peak_rss () {
  /usr/bin/time -v "$@" >/dev/null 2>"$WORK/time.txt" || true
  sed -n 's/.*Maximum resident set size (kbytes): *//p' "$WORK/time.txt"
}

echo
echo "== Timing (hyperfine) =="
hyperfine --shell=none --warmup 1 --runs "$RUNS" --style basic \
  --export-json "$WORK/fast.json" \
  --command-name "meltline-cli plan" "$MELT_CMD"
hyperfine --shell=none --runs "$SLOW_RUNS" --style basic \
  --export-json "$WORK/slow.json" \
  --command-name "prusa-slicer --export-gcode" "$PRUSA_CMD"

# shellcheck disable=SC2086
RSS_MELT=$(peak_rss $MELT_CMD)
# shellcheck disable=SC2086
RSS_PRUSA=$(peak_rss $PRUSA_CMD)

jq -s -r --arg rss_melt "$RSS_MELT" --arg rss_prusa "$RSS_PRUSA" --arg triangles "$TRIANGLES" '
  [.[].results[]] as $r
  | ($r | map(select(.command == "prusa-slicer --export-gcode"))[0].mean) as $prusa
  | {"meltline-cli plan": $rss_melt, "prusa-slicer --export-gcode": $rss_prusa} as $rss
  | "",
    "== \($triangles) triangles, binary STL ==",
    "",
    "| Command | Mean | ± σ | Min | Peak RSS | vs prusa-slicer |",
    "|---|---:|---:|---:|---:|---:|",
    ($r[] | "| `\(.command)` | \(.mean * 1000 | round) ms | \((.stddev // 0) * 1000 | round) ms | \(.min * 1000 | round) ms | \(($rss[.command] | tonumber) / 1024 | round) MiB | \($prusa / .mean | . * 10 | round / 10)× |")
  ' "$WORK/fast.json" "$WORK/slow.json"
