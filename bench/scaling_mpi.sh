#!/bin/sh
# Strong and weak scaling of `stipend run` (or `compare`, `sweep`: COMMAND) over MPI ranks ×
# OpenMP threads, with each rank's peak memory and CPU time. The same script on this 2-core machine (the defaults) and on a cluster
# (inside an allocation: LAUNCH=srun RANKS="1 2 4 ... 64" THREADS="1 16" ...): it writes one
# CSV row per case and prints the table of bench/README.md ("Ranks × threads").
#
# Environment (all optional):
#   COMMAND   run (default): `run` of the baseline; compare: the baseline against the
#             NSO reform (two scenarios on the same students); sweep: four values of
#             basic_support (one batch: four scenarios on the same students)
#   BIN       the MPI build's stipend (default build-bench-mpi/stipend, built Release if missing)
#   LAUNCH    mpirun (default) or srun: how ranks are started
#   RANKS     rank counts (default "1 2 4")
#   THREADS   threads per rank (default "1 2")
#   STRONG    students of the strong-scaling cohort, the same at every size (default 1000000)
#   WEAK      students per rank of the weak-scaling cohort (default 500000)
#   REPEAT    runs per case, the fastest kept (default 2)
#   OUT       the CSV (default bench/scaling_mpi.csv; bench/scaling_mpi_COMMAND.csv for the
#             others)
#   MAXCORES  skip cases with ranks × threads above this (default: no limit; R = 4 on 2
#             cores is run on purpose, oversubscribed, to show the overhead)
set -eu
cd "$(dirname "$0")/.."
COMMAND=${COMMAND:-run}
BIN=${BIN:-build-bench-mpi/stipend}
LAUNCH=${LAUNCH:-mpirun}
RANKS=${RANKS:-1 2 4}
THREADS=${THREADS:-1 2}
STRONG=${STRONG:-1000000}
WEAK=${WEAK:-500000}
REPEAT=${REPEAT:-2}
if [ "$COMMAND" = run ]; then OUT=${OUT:-bench/scaling_mpi.csv}; else OUT=${OUT:-bench/scaling_mpi_$COMMAND.csv}; fi
case $COMMAND in
run) ARGS="run scenarios/baseline-2025-26.ini" ;;
compare) ARGS="compare scenarios/baseline-2025-26.ini scenarios/nso-1.5g-11-months.ini" ;;
sweep) ARGS="sweep scenarios/baseline-2025-26.ini --vary policy.basic_support=170000:185000:5000" ;;
*) echo "COMMAND: run, compare or sweep, not $COMMAND" >&2; exit 2 ;;
esac
MAXCORES=${MAXCORES:-1000000}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
if [ ! -x "$BIN" ]; then
  cmake -S . -B build-bench-mpi -DCMAKE_BUILD_TYPE=Release -DSTP_MPI=ON -DSTP_TESTS=OFF \
    -DSTP_WERROR=OFF >/dev/null
  cmake --build build-bench-mpi -j"$(nproc)" --target stipend >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cores=$(nproc)

# Each rank runs under a small wrapper that records its own peak resident set (its rusage
# from wait4(), what /usr/bin/time -v calls "Maximum resident set size") and its CPU time
# (user + system, all its threads) in rss.RANK and cpu.RANK: the CPU time is the work the
# rank did, which the other processes on a shared machine do not change much.
cat >"$tmp/wrap.py" <<'PY'
import os, resource, subprocess, sys
rank = os.environ.get("OMPI_COMM_WORLD_RANK") or os.environ.get("PMI_RANK") or os.environ.get("SLURM_PROCID") or "0"
rc = subprocess.call(sys.argv[2:])
with open(os.path.join(sys.argv[1], "rss." + rank), "w") as f:
    f.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) + "\n")
u = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(os.path.join(sys.argv[1], "cpu." + rank), "w") as f:
    f.write(str(u.ru_utime + u.ru_stime) + "\n")
sys.exit(rc)
PY

launch() { # RANKS CMD...
  n=$1
  shift
  case $LAUNCH in
  srun) srun --ntasks="$n" --cpus-per-task="$threads" --cpu-bind=cores "$@" ;;
  *) mpirun --allow-run-as-root --oversubscribe --bind-to none -np "$n" "$@" ;;
  esac
}

echo "kind,ranks,threads,cores_used,cores,students,wall_seconds,run_seconds,students_per_second,rss_max_mib,rss_mean_mib,launcher,date,cpu_max_seconds,cpu_mean_seconds,load" >"$OUT"
for kind in strong weak; do
  for ranks in $RANKS; do
    for threads in $THREADS; do
      [ $((ranks * threads)) -le "$MAXCORES" ] || continue
      if [ "$kind" = strong ]; then size=$STRONG; else size=$((WEAK * ranks)); fi
      best=""
      for _ in $(seq 1 "$REPEAT"); do
        rm -f "$tmp"/rss.* "$tmp"/cpu.*
        load=$(cut -d' ' -f1 /proc/loadavg)
        t0=$($PY -c 'import time; print(time.monotonic())')
        (
          export OMP_NUM_THREADS="$threads"
          # srun gives each rank its own cores (--cpu-bind=cores), inside which the threads are
          # pinned. mpirun here runs with --bind-to none (R = 4 oversubscribes 2 cores), so every
          # rank sees all cores, and OMP_PROC_BIND=close would pin each rank's first thread to
          # the same first core: R ranks on one core (the rows before 6 December 2026 evening).
          if [ "$LAUNCH" = srun ]; then
            export OMP_PLACES=cores OMP_PROC_BIND=close
          else
            export OMP_PROC_BIND=false
          fi
          launch "$ranks" "$PY" "$tmp/wrap.py" "$tmp" "$BIN" $ARGS \
            --size "$size" --threads "$threads" --quiet --out "$tmp/res" >"$tmp/stdout"
        )
        t1=$($PY -c 'import time; print(time.monotonic())')
        # "NAME: N students in S s": the driver's own time, without MPI's start-up
        run=$(sed -n 's/.* students in \([0-9.]*\) s .*/\1/p' "$tmp/stdout" | head -1)
        wall=$($PY -c "print(f'{$t1 - $t0:.3f}')")
        cpu=$(cat "$tmp"/cpu.* | $PY -c 'import sys; v=[float(x) for x in sys.stdin.read().split()]; print(f"{max(v):.2f},{sum(v)/len(v):.2f}")')
        rss=$(cat "$tmp"/rss.* | $PY -c 'import sys; v=[int(x)/1024 for x in sys.stdin.read().split()]; print(f"{max(v):.1f},{sum(v)/len(v):.1f}")')
        if [ -z "$best" ] || $PY -c "import sys; sys.exit(0 if $wall < $best else 1)"; then
          best=$wall
          line="$kind,$ranks,$threads,$((ranks * threads)),$cores,$size,$wall,$run,$($PY -c "print(round($size / $wall))"),$rss,$LAUNCH,$(date -u +%Y-%m-%dT%H:%M),$cpu,$load"
        fi
      done
      echo "$line" >>"$OUT"
      echo "$line"
    done
  done
done
echo "written: $OUT"
