#!/bin/sh
# Every output file of run (with and without students.csv, from a microdata file, with
# replications, Norway's weighted students), cohort, compare (with replications, Norway's
# students and the initial loan book), sweep (one batch of values and two), calibrate (and
# its backcasts), budget and uncertainty under mpirun -np R with T threads per rank, R = 1,
# 2, 3 and T = 1, 2, byte for byte against the plain (MPI-free) build: so also
# uncertainty's results at one rank count are its results at another. compare, sweep,
# calibrate and budget split the students over the ranks (blocks of 512): their cohorts
# have at least 3 blocks, so that every rank of 3 has students (compare-population's
# sample has fewer: a rank without students).
# Usage: test_identity_mpi.sh MPIEXEC MPI_STIPEND PLAIN_STIPEND SOURCE_DIR
set -u
mpiexec=$1 mpi=$2 plain=$3 src=$4
base=$src/scenarios/baseline-2025-26.ini
reform=$src/scenarios/nso-1.5g-11-months.ini
calib=$src/scenarios/calibration-2024.ini
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
cases_run=0

# every case: NAME ARGS... ; $OUT in the arguments is the results folder
cases() {
  echo "run-students|run $base --size 40000 --students --out OUT --quiet"
  echo "run-stream|run $base --size 20000 --out OUT --quiet"
  echo "run-micro|run $base --cohort $tmp/cohort.csv --students --out OUT --quiet"
  echo "run-replications|run $base --size 3000 --replications 2 --out OUT --quiet"
  echo "run-population|run $base --sample 0.002 --out OUT --quiet"
  echo "run-population-students|run $base --sample 0.001 --students --out OUT --quiet"
  echo "compare-population|compare $base $reform --sample 0.001 --out OUT --quiet"
  echo "cohort|cohort $base --size 40000 --out OUT/cohort.csv --quiet"
  echo "compare|compare $base $reform --size 4000 --out OUT --quiet"
  echo "compare-replications|compare $base $reform --size 2000 --replications 3 --out OUT --quiet"
  echo "sweep|sweep $base --vary policy.basic_support=170000:180000:5000 --size 2000 --out OUT --quiet"
  echo "sweep-batches|sweep $base --vary policy.basic_support=160000:177000:1000 --size 1600 --out OUT --quiet"
  echo "calibrate|calibrate $calib --size 4000 --csv"
  echo "calibrate-backcasts|calibrate $base --backcasts --sample 0.004 --csv"
  echo "budget|budget $base --year 2026 --sample 0.004 --quiet"
  echo "uncertainty|uncertainty $base --reform $reform --draws 3 --size 500 --vary economy.wage_growth=uniform:0.02:0.05 --vary cohort.default_hazard=uniform:0.2:0.4 --out OUT --quiet"
}

# run_case DIR NAME ARGS THREADS LAUNCHER...: the command with OUT replaced and --threads;
# stdout kept only for calibrate and budget, whose results are on it
run_case() {
  dir=$1 name=$2 args=$3 threads=$4
  shift 4
  mkdir -p "$dir"
  # shellcheck disable=SC2086
  set -- "$@" $(printf '%s' "$args" | sed "s|OUT|$dir|g") --threads "$threads"
  # stdin from /dev/null: mpirun reads its stdin, which is the case list of the loop below
  # (it swallowed every case after the first)
  case $name in calibrate* | budget) keep=1 ;; *) keep=0 ;; esac
  if [ "$keep" = 1 ]; then "$@" >"$dir/stdout.csv" </dev/null; else "$@" >/dev/null </dev/null; fi
}

"$plain" cohort "$base" --size 70000 --out "$tmp/cohort.csv" --quiet >/dev/null || {
  echo "FAIL: cannot export the microdata cohort" >&2
  exit 1
}
cases >"$tmp/cases"
while IFS='|' read -r name args; do
  run_case "$tmp/plain/$name" "$name" "$args" 2 "$plain" || {
    echo "FAIL: plain $name exits non-zero" >&2
    fails=$((fails + 1))
  }
done <"$tmp/cases"

for ranks in 1 2 3; do
  for threads in 1 2; do
    while IFS='|' read -r name args; do
      d=$tmp/r$ranks-t$threads/$name
      if ! run_case "$d" "$name" "$args" "$threads" "$mpiexec" --allow-run-as-root \
        --oversubscribe -np "$ranks" "$mpi" 2>"$tmp/err"; then
        echo "FAIL: $name with $ranks ranks x $threads threads exits non-zero: $(cat "$tmp/err")" >&2
        fails=$((fails + 1))
        continue
      fi
      cases_run=$((cases_run + 1))
      n=0
      for f in "$tmp/plain/$name"/*; do
        n=$((n + 1))
        if ! cmp -s "$f" "$d/$(basename "$f")"; then
          echo "FAIL: $name/$(basename "$f") differs with $ranks ranks x $threads threads" >&2
          fails=$((fails + 1))
        fi
      done
      # no file more or less than the plain run
      if [ "$(ls "$d" | wc -l)" != "$n" ] || [ "$n" = 0 ]; then
        echo "FAIL: $name: $(ls "$d" | wc -l) files with $ranks ranks, $n plain" >&2
        fails=$((fails + 1))
      fi
    done <"$tmp/cases"
  done
done
# every case at every ranks x threads
want=$(($(wc -l <"$tmp/cases") * 6))
if [ "$cases_run" != "$want" ]; then
  echo "FAIL: $cases_run of $want cases ran" >&2
  fails=$((fails + 1))
fi
if [ "$fails" -gt 0 ]; then echo "$fails failure(s)" >&2; exit 1; fi
echo "all identical: $cases_run runs"
