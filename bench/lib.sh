# SPDX-License-Identifier: GPL-3.0-or-later
#
# lib.sh: what the benchmark scripts share; sourced (POSIX sh), after
# setting BENCH_NAME to the script's name for messages.

# bench_need "PACKAGES" TOOL...: stops (status 2) naming the first tool
# that is missing and the Debian packages that bring them
bench_need () {
  packages=$1
  shift
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "$BENCH_NAME: “$tool” is missing (apt install $packages)" >&2
      exit 2
    fi
  done
}

# bench_built BUILD_DIR PROGRAM...: stops (status 2) when one is not built
bench_built () {
  build_dir=$1
  shift
  for program in "$@"; do
    if [ ! -x "$program" ]; then
      echo "$BENCH_NAME: “$program” is not built (ninja -C $build_dir)" >&2
      exit 2
    fi
  done
}

# bench_workdir: sets WORK to a new scratch folder, removed at exit unless
# KEEP=1
bench_workdir () {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/meltline-bench-XXXXXX")
  if [ "${KEEP:-0}" = 1 ]; then
    echo "Keeping $WORK"
  else
    trap 'rm -rf "$WORK"' EXIT INT TERM
  fi
}
