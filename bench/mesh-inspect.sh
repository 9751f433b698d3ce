#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# mesh-inspect.sh: time `meltline-cli inspect` on a generated closed part
# against `prusa-slicer --info` and `admesh`, on the same file.
#
# Usage: bench/mesh-inspect.sh [BUILD_DIR]
#
#   BUILD_DIR        a configured and built Meltline build directory (default: _build)
#   TRIANGLES=N      size of the part (default: 1000000)
#   RUNS=N           hyperfine runs for the fast commands (default: 20)
#   SLOW_RUNS=N      hyperfine runs for prusa-slicer and admesh (default: 3)
#   MELTLINE_CLI=P   the meltline-cli to time (default: BUILD_DIR/src/meltline-cli/meltline-cli)
#   KEEP=1           keep the scratch directory with the part and the raw results
#
# Needs: hyperfine, GNU time (/usr/bin/time), jq, prusa-slicer, admesh
# (Debian: apt install hyperfine time jq prusa-slicer admesh).
# Prints one table: mean wall time, its spread, peak memory (maximum
# resident set size) and how many times faster than prusa-slicer --info.

set -eu

BUILD_DIR=${1:-_build}
TRIANGLES=${TRIANGLES:-1000000}
RUNS=${RUNS:-20}
SLOW_RUNS=${SLOW_RUNS:-3}
CLI=${MELTLINE_CLI:-$BUILD_DIR/src/meltline-cli/meltline-cli}
GENERATE=$BUILD_DIR/bench/melt-bench-generate

BENCH_NAME=mesh-inspect.sh
. "$(dirname "$0")/lib.sh"

bench_need "hyperfine time jq prusa-slicer admesh" hyperfine /usr/bin/time jq prusa-slicer admesh
bench_built "$BUILD_DIR" "$CLI" "$GENERATE"

bench_workdir

PART=$WORK/torus.stl
"$GENERATE" --triangles "$TRIANGLES" "$PART"

# The same figures from each tool, so that they are seen to do the same work
echo
echo "== What each tool reports =="
"$CLI" inspect --json "$PART" | jq -c '{triangles, vertices, volume_mm3, bodies, watertight}'
prusa-slicer --info "$PART" 2>/dev/null | grep -E '^(number_of_facets|manifold|number_of_parts|volume) ' | tr '\n' ' '
echo
admesh "$PART" | grep -E 'Number of facets|Number of parts|Volume' | tr -s ' ' | tr '\n' ' '
echo

# Peak memory: GNU time's maximum resident set size, in KiB
peak_rss () {
  /usr/bin/time -v "$@" >/dev/null 2>"$WORK/time.txt" || true
  sed -n 's/.*Maximum resident set size (kbytes): *//p' "$WORK/time.txt"
}

echo
echo "== Timing (hyperfine) =="
hyperfine --shell=none --warmup 2 --runs "$RUNS" --style basic \
  --export-json "$WORK/fast.json" \
  --command-name "cat (page cache)" "cat $PART" \
  --command-name "meltline-cli inspect" "$CLI inspect $PART"
hyperfine --shell=none --runs "$SLOW_RUNS" --style basic \
  --export-json "$WORK/slow.json" \
  --command-name "admesh" "admesh $PART" \
  --command-name "prusa-slicer --info" "prusa-slicer --info $PART"

RSS_CAT=$(peak_rss cat "$PART")
RSS_MELT=$(peak_rss "$CLI" inspect "$PART")
RSS_ADMESH=$(peak_rss admesh "$PART")
RSS_PRUSA=$(peak_rss prusa-slicer --info "$PART")

jq -s -r \
  --arg rss_cat "$RSS_CAT" --arg rss_melt "$RSS_MELT" \
  --arg rss_admesh "$RSS_ADMESH" --arg rss_prusa "$RSS_PRUSA" \
  --arg triangles "$TRIANGLES" '
  [.[].results[]] as $r
  | ($r | map(select(.command == "prusa-slicer --info"))[0].mean) as $prusa
  | {"cat (page cache)": $rss_cat, "meltline-cli inspect": $rss_melt,
     "admesh": $rss_admesh, "prusa-slicer --info": $rss_prusa} as $rss
  | "",
    "== \($triangles) triangles, binary STL ==",
    "",
    "| Command | Mean | ± σ | Min | Peak RSS | vs prusa-slicer |",
    "|---|---:|---:|---:|---:|---:|",
    ($r[] | "| `\(.command)` | \(.mean * 1000 | round) ms | \((.stddev // 0) * 1000 | round) ms | \(.min * 1000 | round) ms | \(($rss[.command] | tonumber) / 1024 | round) MiB | \($prusa / .mean | . * 10 | round / 10)× |")
  ' "$WORK/fast.json" "$WORK/slow.json"
