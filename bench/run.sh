#!/bin/sh
# bench/run.sh: build stipend in Release from a commit and measure it (bench/README.md).
#
# For each cohort size and thread count: `stipend run scenarios/baseline-2025-26.ini --size N
# --threads T`; up to --numpy-max students also the same cohort exported by `stipend cohort`,
# run by the engine (--cohort FILE) and by bench/numpy_lifecycle.py, so the C/NumPy ratio
# comes from one run on one machine. Writes bench/results.csv and prints the ratios.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

usage() {
  cat <<EOF
usage: sh bench/run.sh [OPTIONS]

  --quick            sizes 10^4 and 10^5 only (a minute or two)
  --sizes LIST       cohort sizes, comma-separated (default 1e4,1e5,1e6,1e7)
  --threads LIST     thread counts (default 1,2)
  --numpy-max N      largest size also run by NumPy on an exported cohort (default 1e6)
  --repeat R         runs per measurement, best kept (default 3)
  --commit REV       commit to build and measure (default HEAD), exported with git archive
  --worktree         build the working tree as it is instead (uncommitted edits included)
  --build DIR        build directory (default /tmp/stipend-bench-\$USER)
  --out FILE         results CSV (default bench/results.csv)
  --no-validate      skip the NumPy-vs-engine comparison of every student (smallest size)
  --wait-idle S      before each run wait up to S seconds until other processes use less
                     than a quarter of a core (default 0: start at once)
  --retry K          run a case again, up to K times, when other processes took more than a
                     quarter of a core during it (default 2); what they took is recorded
                     either way (column others_cpu)
  -h, --help         this text
EOF
}

sizes=1e4,1e5,1e6,1e7
threads=1,2
numpy_max=1e6
repeat=3
commit=HEAD
worktree=0
build=/tmp/stipend-bench-${USER:-$(id -un)}
out=$here/results.csv
validate=
wait_idle=0
retry=2

while [ $# -gt 0 ]; do
  case $1 in
    --quick) sizes=1e4,1e5 ;;
    --sizes) sizes=$2; shift ;;
    --threads) threads=$2; shift ;;
    --numpy-max) numpy_max=$2; shift ;;
    --repeat) repeat=$2; shift ;;
    --commit) commit=$2; shift ;;
    --worktree) worktree=1 ;;
    --build) build=$2; shift ;;
    --out) out=$2; shift ;;
    --no-validate) validate=--no-validate ;;
    --wait-idle) wait_idle=$2; shift ;;
    --retry) retry=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# ---- what the benchmark needs ----
missing=
for tool in cmake cc git tar; do
  command -v $tool >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
  echo "bench/run.sh: missing:$missing (sh scripts/setup.sh installs the toolchain)" >&2
  exit 2
fi
# The baseline needs Debian's NumPy, which only /usr/bin/python3 sees (the python3 first on
# PATH may be another installation without it).
if ! /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  echo "bench/run.sh: /usr/bin/python3 cannot import numpy: apt-get install python3-numpy" >&2
  exit 2
fi
# Peak memory is the child's own rusage (os.wait4 in bench/measure.py): the figure GNU time -v
# prints as "Maximum resident set size", so GNU time (Debian package `time`) is not needed.
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
  echo "GNU time is installed; not needed (peak RSS comes from wait4 in bench/measure.py)"
fi

# ---- the source to measure ----
mkdir -p "$build"
if [ $worktree = 1 ]; then
  src=$root
  rev="$(git -C "$root" rev-parse --short=12 HEAD)+worktree"
  if [ -n "$(git -C "$root" status --porcelain -- engine CMakeLists.txt datasets 2>/dev/null)" ]; then
    rev="$rev(modified)"
  fi
else
  hash=$(git -C "$root" rev-parse --verify --short=12 "$commit^{commit}") || {
    echo "bench/run.sh: --commit: '$commit' is not a commit" >&2; exit 2; }
  src=$build/src-$hash
  if [ ! -f "$src/CMakeLists.txt" ]; then
    rm -rf "$src"
    mkdir -p "$src"
    git -C "$root" archive "$hash" | tar -x -C "$src"
  fi
  rev=$hash
  if [ -n "$(git -C "$root" status --porcelain -- engine 2>/dev/null)" ]; then
    echo "note: engine/ has uncommitted changes in $root; they are not measured (use --worktree)"
  fi
fi

# ---- build: Release, its own directory ----
# STP_WERROR=OFF: at -O3 gcc 12 warns (-Wmaybe-uninitialized) in engine/cohort.c, which stops
# a -Werror build; warnings do not change the code measured. No tests: they are not timed.
bdir=$build/build-$(echo "$rev" | tr -c 'A-Za-z0-9\n' '-')
echo "building stipend $rev (Release) in $bdir"
cmake -S "$src" -B "$bdir" -DCMAKE_BUILD_TYPE=Release -DSTP_TESTS=OFF -DSTP_WERROR=OFF \
  >"$bdir.cmake.log" 2>&1 || { cat "$bdir.cmake.log" >&2; exit 1; }
cmake --build "$bdir" -j2 >"$bdir.build.log" 2>&1 || { cat "$bdir.build.log" >&2; exit 1; }
nwarn=$(grep -c 'warning:' "$bdir.build.log" || true)
[ "$nwarn" = 0 ] || echo "  ($nwarn compiler warnings, see $bdir.build.log)"
cc_path=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$bdir/CMakeCache.txt")
compiler="$("$cc_path" --version | head -n 1) -O3"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stipend-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
/usr/bin/python3 "$here/measure.py" --stipend "$bdir/stipend" --src "$src" --sizes "$sizes" \
  --threads "$threads" --numpy-max "$numpy_max" --repeat "$repeat" --out "$out" --tmp "$tmp" \
  --commit "$rev" --compiler "$compiler" --wait-idle "$wait_idle" --retry "$retry" \
  $validate
