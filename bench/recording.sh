#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# recording.sh: a 100 M-sample float32 recording, read the ways Meltline
# reads it (open, random 1-second windows, random frames, the pyramid
# build, a full-range query), and `meltline-cli plot` against h5py + numpy +
# matplotlib plotting the same series to a PNG.
#
# Usage: bench/recording.sh [BUILD_DIR]
#
#   BUILD_DIR    a configured and built Meltline build directory (default: _build)
#   SAMPLES=N    samples in the series (default: 100000000)
#   RUNS=N       hyperfine runs of meltline-cli plot (default: 10)
#   SLOW_RUNS=N  hyperfine runs of the h5py script (default: 3)
#   KEEP=1       keep the scratch directory with the recordings
#
# "Cold" means the recording was dropped from the page cache first
# (posix_fadvise, `melt-bench-recording evict`), so it comes from the disk.
#
# Needs: hyperfine, GNU time (/usr/bin/time), jq, and Debian's python3-h5py,
# python3-numpy and python3-matplotlib (apt install hyperfine time jq
# python3-h5py python3-matplotlib). About 4 GB of free disk in TMPDIR and
# 8 GB of memory for the h5py script.

set -eu

BUILD_DIR=${1:-_build}
SAMPLES=${SAMPLES:-100000000}
RUNS=${RUNS:-10}
SLOW_RUNS=${SLOW_RUNS:-3}
BENCH=$BUILD_DIR/bench/melt-bench-recording
CLI=$BUILD_DIR/src/meltline-cli/meltline-cli
PY=/usr/bin/python3
HERE=$(dirname "$0")

BENCH_NAME=recording.sh
. "$(dirname "$0")/lib.sh"

bench_need "hyperfine time jq" hyperfine /usr/bin/time jq
if ! "$PY" -c 'import h5py, numpy, matplotlib' 2>/dev/null; then
  echo "recording.sh: Debian's h5py, numpy or matplotlib is missing (apt install python3-h5py python3-matplotlib)" >&2
  exit 2
fi
bench_built "$BUILD_DIR" "$BENCH" "$CLI"

bench_workdir
CACHE=$WORK/cache

echo "## Reading a recording of $SAMPLES float32 samples"
echo
echo "| Layout | File | Page cache | Open | 1-s window | Random frame | Pyramid build | Full-range query, 1280 columns | Pyramid | Peak RSS |"
echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
for layout in chunked compressed contiguous; do
  case $layout in
    chunked) flags="" ;;
    compressed) flags="--compress" ;;
    contiguous) flags="--contiguous" ;;
  esac
  # shellcheck disable=SC2086
  "$BENCH" write "$WORK/run-$layout.h5" --samples "$SAMPLES" $flags >/dev/null
  size=$(stat -c %s "$WORK/run-$layout.h5")
  for temperature in warm cold; do
    if [ "$temperature" = cold ]; then
      "$BENCH" measure "$WORK/run-$layout.h5" --rounds 10 --cold >"$WORK/m.json"
    else
      "$BENCH" measure "$WORK/run-$layout.h5" --rounds 20 >"$WORK/m.json"
    fi
    jq -r --arg layout "$layout" --arg size "$size" --arg temp "$temperature" \
      '"| \($layout) | \(($size | tonumber) / 1e6 | floor) MB | \($temp) | \(.open_ms) ms" +
       " | \(.window_ms) ms | \(.frame_ms) ms | \(.pyramid_build_s) s (\(.pyramid_build_gb_s) GB/s; slowest \(.pyramid_build_max_s) s)" +
       " | \(.query_ms) ms (\(.query_points) points) | \(.pyramid_mb) MB | \(.peak_rss_mib) MiB |"' \
      "$WORK/m.json"
  done
  if [ "$layout" = contiguous ]; then
    rm -f "$WORK/run-$layout.h5"
  fi
done

RUN=$WORK/run-chunked.h5
PLOT="env XDG_CACHE_HOME=$CACHE $CLI plot $RUN --channel temperature -o $WORK/meltline.png --size 1200x600"
PYPLOT="$PY $HERE/plot-h5py.py $RUN pyrometer temperature $WORK/h5py.png 1200x600"

# one case: NAME, RUNS, PREPARE, COMMAND → a table row with the peak memory
plot_case () {
  name=$1 runs=$2 prepare=$3 command=$4
  hyperfine --style none --runs "$runs" --prepare "$prepare" --export-json "$WORK/h.json" \
    "$command" >/dev/null 2>&1
  sh -c "$prepare"
  /usr/bin/time -f %M sh -c "exec $command" 2>"$WORK/rss.txt" >/dev/null
  jq -r --arg name "$name" --arg rss "$(tail -n 1 "$WORK/rss.txt")" \
    '.results[0] | "| \($name) | \(.mean * 1000 | round) ms | ± \((.stddev // 0) * 1000 | round) ms" +
     " | \(.min * 1000 | round)–\(.max * 1000 | round) ms | \(($rss | tonumber) / 1024 | round) MiB |"' \
    "$WORK/h.json"
}

echo
echo "## Plotting the series to a 1200×600 PNG (chunked, uncompressed file)"
echo
echo "| Command | Mean | Spread | Range | Peak RSS |"
echo "|---|---:|---:|---:|---:|"
plot_case "meltline-cli plot, no pyramid cached, cold file" "$RUNS" \
  "rm -rf $CACHE; $BENCH evict $RUN" "$PLOT"
plot_case "meltline-cli plot, no pyramid cached" "$RUNS" "rm -rf $CACHE" "$PLOT"
sh -c "$PLOT"
plot_case "meltline-cli plot, pyramid cached" "$RUNS" "true" "$PLOT"
plot_case "meltline-cli plot, pyramid cached, cold file" "$RUNS" "$BENCH evict $RUN" "$PLOT"
plot_case "h5py + numpy + matplotlib (plot-h5py.py)" "$SLOW_RUNS" "true" "$PYPLOT"
plot_case "h5py + numpy + matplotlib, cold file" 1 "$BENCH evict $RUN" "$PYPLOT"

# The writer's default: shuffle + deflate
ZRUN=$WORK/run-compressed.h5
ZPLOT="env XDG_CACHE_HOME=$CACHE $CLI plot $ZRUN --channel temperature -o $WORK/meltline-z.png --size 1200x600"
echo
echo "## The same, compressed (shuffle + deflate, the writer's default)"
echo
echo "| Command | Mean | Spread | Range | Peak RSS |"
echo "|---|---:|---:|---:|---:|"
plot_case "meltline-cli plot, no pyramid cached, cold file" "$RUNS" \
  "rm -rf $CACHE; $BENCH evict $ZRUN" "$ZPLOT"
plot_case "meltline-cli plot, no pyramid cached" "$RUNS" "rm -rf $CACHE" "$ZPLOT"
sh -c "$ZPLOT"
plot_case "meltline-cli plot, pyramid cached" "$RUNS" "true" "$ZPLOT"

echo
echo "HDF5 $(pkg-config --modversion hdf5 2>/dev/null || echo '?'), h5py $("$PY" -c 'import h5py; print(h5py.__version__)')," \
  "numpy $("$PY" -c 'import numpy; print(numpy.__version__)'), matplotlib $("$PY" -c 'import matplotlib; print(matplotlib.__version__)');" \
  "$(nproc) cores, $(free -g | awk '/^Mem/ {print $2}') GB."
