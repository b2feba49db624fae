#!/bin/sh
# A rank killed in the middle of a run: the job exits non-zero, mpirun names the rank and
# the signal, and the result set of the run before stays current, byte for byte, manifest
# and all (no file of the killed run becomes current: rank 0 stages every file beside the
# target and commits only at the end, resultset.h); the next run removes whatever staging
# the killed job left. Then a failure the ranks agree on (a microdata row out of range):
# one message naming the rank and the line, exit status 2, nothing changed. Then both
# inside a compare, whose students are split over the ranks as a run's are.
# Usage: test_killed_rank_mpi.sh MPIEXEC MPI_STIPEND SOURCE_DIR
set -u
mpiexec=$1 mpi=$2 src=$3
base=$src/scenarios/baseline-2025-26.ini
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() {
  echo "FAIL: $*" >&2
  fails=$((fails + 1))
}
mpirun_() { "$mpiexec" --allow-run-as-root --oversubscribe "$@"; }

out=$tmp/results
mpirun_ -np 2 "$mpi" run "$base" --size 5000 --students --out "$out" --quiet --threads 1 \
  >/dev/null || fail "the first run fails"
[ -f "$out/manifest.csv" ] || fail "the first run has no manifest.csv"
(cd "$out" && md5sum -- *) >"$tmp/before"

# The second run, larger, with the same folder: kill rank 1 once it has started writing.
mpirun_ -np 2 "$mpi" run "$base" --size 3000000 --students --out "$out" --quiet --threads 1 \
  >/dev/null 2>"$tmp/err" &
job=$!
victim=""
for _ in $(seq 1 300); do
  for p in $(pgrep -x stipend); do
    if (tr '\0' '\n' <"/proc/$p/environ") 2>/dev/null | grep -qx 'OMPI_COMM_WORLD_RANK=1' &&
      (tr '\0' '\n' <"/proc/$p/cmdline") 2>/dev/null | grep -qx "$out"; then
      victim=$p
    fi
  done
  [ -n "$victim" ] && ls "$tmp"/.results.staging-*/students.csv.tmp-* >/dev/null 2>&1 && break
  sleep 0.1
done
if [ -z "$victim" ]; then
  fail "rank 1 of the second run not found"
  kill "$job" 2>/dev/null
else
  sleep 0.5
  kill -9 "$victim"
fi
wait "$job" && status=0 || status=$?
cat "$tmp/err" >&2
[ "$status" != 0 ] || fail "a killed rank: exit status 0"
grep -Eq 'rank 1 .*(signal 9|Killed)' "$tmp/err" ||
  fail "the job's message does not name rank 1 and the signal: $(cat "$tmp/err")"
(cd "$out" && md5sum -- *) >"$tmp/after"
cmp -s "$tmp/before" "$tmp/after" || fail "the previous results changed: $(diff "$tmp/before" "$tmp/after")"
ls -d "$tmp"/.results.old-* >/dev/null 2>&1 && fail "the killed job left the previous set aside"

# A failure the ranks agree on: a microdata row that is out of range, in the second chunk
# (32 768 students each: rank 1's of three). One message naming the rank, the file and
# the line; exit status 2; the folder keeps the previous results.
"$mpi" cohort "$base" --size 70000 --out "$tmp/cohort.csv" --quiet >/dev/null ||
  fail "cannot export a cohort"
sed '40001s/^\([0-9]*\),\([0-9-]*\),[0-9]*,/\1,\2,1850,/' "$tmp/cohort.csv" >"$tmp/bad.csv"
mpirun_ -np 3 "$mpi" run "$base" --cohort "$tmp/bad.csv" --students --out "$out" --quiet \
  --threads 1 >/dev/null 2>"$tmp/err" && status=0 || status=$?
[ "$status" = 2 ] || fail "a bad microdata row: exit status $status, expected 2"
n=$(grep -c '^stipend' "$tmp/err")
[ "$n" = 1 ] || fail "a bad microdata row: $n messages from stipend: $(cat "$tmp/err")"
grep -Eq '^stipend run: rank [0-9]: .*bad.csv:40001: ' "$tmp/err" ||
  fail "a bad microdata row: the message does not name the rank and the line: $(cat "$tmp/err")"
(cd "$out" && md5sum -- *) >"$tmp/after"
cmp -s "$tmp/before" "$tmp/after" || fail "the previous results changed after a bad row"

# The next run makes its set current and removes the staging the killed job left.
mpirun_ -np 2 "$mpi" run "$base" --size 5000 --seed 7 --students --out "$out" --quiet \
  --threads 1 >/dev/null || fail "the run after the killed one fails"
(cd "$out" && md5sum -- *) >"$tmp/after"
cmp -s "$tmp/before" "$tmp/after" && fail "the run after the killed one changed nothing"
left=$(ls -A "$tmp" | grep -E '^\.results\.(staging|old)-' || true)
[ -z "$left" ] || fail "staging left after the next run: $left"

# The same inside a compare, whose students are split over the ranks too: rank 1 killed
# in the middle of the simulation leaves the previous comparison current, byte for byte.
reform=$src/scenarios/nso-1.5g-11-months.ini
cout=$tmp/compared
mpirun_ -np 2 "$mpi" compare "$base" "$reform" --size 3000 --out "$cout" --quiet --threads 1 \
  >/dev/null || fail "the first compare fails"
[ -f "$cout/manifest.csv" ] || fail "the first compare has no manifest.csv"
(cd "$cout" && md5sum -- *) >"$tmp/cbefore"
STP_DIST_TRACE=1 "$mpiexec" --allow-run-as-root --oversubscribe -x STP_DIST_TRACE -np 2 "$mpi" compare "$base" "$reform" \
  --size 3000000 --out "$cout" --quiet --threads 1 >/dev/null 2>"$tmp/err" &
job=$!
victim=""
for _ in $(seq 1 300); do
  for p in $(pgrep -x stipend); do
    if (tr '\0' '\n' <"/proc/$p/environ") 2>/dev/null | grep -qx 'OMPI_COMM_WORLD_RANK=1' &&
      (tr '\0' '\n' <"/proc/$p/cmdline") 2>/dev/null | grep -qx "$cout"; then
      victim=$p
    fi
  done
  # the earnings-decile sample is done (traced: the whole sample on each rank) and the
  # comparison's students have begun
  [ -n "$victim" ] && ls -d "$tmp"/.compared.staging-* >/dev/null 2>&1 &&
    grep -q 'rank 1 of 2: .*local' "$tmp/err" && break
  sleep 0.1
done
if [ -z "$victim" ]; then
  fail "rank 1 of the second compare not found"
  kill "$job" 2>/dev/null
else
  sleep 0.5
  kill -9 "$victim"
fi
wait "$job" && status=0 || status=$?
cat "$tmp/err" >&2
[ "$status" != 0 ] || fail "a killed rank in compare: exit status 0"
grep -q 'split over the ranks' "$tmp/err" &&
  fail "the compare was not killed before its split simulation ended"
grep -Eq 'rank 1 .*(signal 9|Killed)' "$tmp/err" ||
  fail "compare: the job's message does not name rank 1 and the signal: $(cat "$tmp/err")"
(cd "$cout" && md5sum -- *) >"$tmp/cafter"
cmp -s "$tmp/cbefore" "$tmp/cafter" ||
  fail "compare: the previous results changed: $(diff "$tmp/cbefore" "$tmp/cafter")"

# A failure the ranks agree on inside a split compare: the microdata row out of range of
# above as the scenarios' shared cohort. One message naming the rank and the line, exit
# status 2, the previous comparison current.
printf '[run]\nname = micro\nbase_year = 2025-26\nseed = 20251\n[cohort]\nmicrodata = bad.csv\n' \
  >"$tmp/micro.ini"
mpirun_ -np 3 "$mpi" compare "$tmp/micro.ini" "$tmp/micro.ini" --set run.name=reform \
  --set policy.basic_support=170000 --out "$cout" --quiet --threads 1 >/dev/null \
  2>"$tmp/err" && status=0 || status=$?
[ "$status" = 2 ] || fail "compare, a bad microdata row: exit status $status, expected 2"
n=$(grep -c '^stipend' "$tmp/err")
[ "$n" = 1 ] || fail "compare, a bad microdata row: $n messages from stipend: $(cat "$tmp/err")"
grep -Eq '^stipend compare: rank [0-9]: .*bad.csv:40001: ' "$tmp/err" ||
  fail "compare, a bad microdata row: the message does not name the rank and the line: $(cat "$tmp/err")"
(cd "$cout" && md5sum -- *) >"$tmp/cafter"
cmp -s "$tmp/cbefore" "$tmp/cafter" || fail "compare: the previous results changed after a bad row"
left=$(ls -A "$tmp" | grep -E '^\.compared\.old-' || true)
[ -z "$left" ] || fail "compare: the previous set left aside: $left"

if [ "$fails" -gt 0 ]; then echo "$fails failure(s)" >&2; exit 1; fi
echo "all passed"
