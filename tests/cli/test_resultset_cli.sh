# Results as one set (issue 14, docs/outputs.md): special files are never replaced, a failed or
# interrupted command leaves the previous set as it was, staging folders of dead processes
# go, files an earlier run wrote and this one did not are not left current; and every
# unusable input path exits 2 with one line, in validate and in every command.
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sc=$src/../scenarios/baseline-2025-26.ini
hand=$src/data/microdata
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# consistent DIR: every file manifest.csv names is there with its size, and nothing else
consistent() {
  [ -f "$1/manifest.csv" ] || { fail "$1: no manifest.csv"; return; }
  want=$(tail -n +2 "$1/manifest.csv" | cut -d, -f1 | sort | tr '\n' ' ')
  have=$(ls "$1" | grep -v '^manifest.csv$' | sort | tr '\n' ' ')
  [ "$want" = "$have" ] || fail "$1: manifest names '$want', folder holds '$have'"
  tail -n +2 "$1/manifest.csv" | while IFS=, read -r f bytes _; do
    [ "$(wc -c <"$1/$f")" = "$bytes" ] || echo "FAIL: $1/$f is not $bytes bytes" >&2
  done
}
no_staging() {
  left=$(ls -A "$1" | grep -E '\.staging-|\.old-|\.tmp-' || true)
  [ -z "$left" ] || fail "left behind in $1: $left"
}

# ---- 1. special files are refused, never replaced ----
mkfifo "$tmp/fifo"
expect 2 "fifo: is a FIFO" -- "$bin" cohort "$sc" --size 10 --out "$tmp/fifo"
[ -p "$tmp/fifo" ] || fail "the FIFO was replaced"
expect 2 "fifo: is a FIFO" -- "$bin" run "$sc" --size 10 --quiet --out "$tmp/fifo"
[ -p "$tmp/fifo" ] || fail "the FIFO was replaced by run"
if mknod "$tmp/full" c 1 7 2>/dev/null; then # /dev/full's numbers, in the test folder
  expect 2 "full: is a device" -- "$bin" cohort "$sc" --size 10 --out "$tmp/full"
  [ -c "$tmp/full" ] || fail "the device node was replaced"
else
  echo "skip: mknod needs root"
fi
echo old >"$tmp/real.csv"
ln -s real.csv "$tmp/link.csv"
expect 2 "link.csv: is a symbolic link" -- "$bin" cohort "$sc" --size 10 --out "$tmp/link.csv"
[ -L "$tmp/link.csv" ] && [ "$(cat "$tmp/real.csv")" = old ] || fail "the link was followed"
expect 0 "10 students" -- "$bin" cohort "$sc" --size 10 --out "$tmp/link.csv" --follow-symlinks \
  --quiet
[ -L "$tmp/link.csv" ] || fail "--follow-symlinks replaced the link itself"
[ "$(wc -l <"$tmp/real.csv")" = 11 ] || fail "--follow-symlinks did not write what the link names"
mkdir "$tmp/realdir"
ln -s realdir "$tmp/linkdir"
expect 2 "linkdir: is a symbolic link" -- "$bin" run "$sc" --size 10 --quiet --out "$tmp/linkdir"
expect 0 "students" -- "$bin" run "$sc" --size 10 --quiet --out "$tmp/linkdir" --follow-symlinks
[ -L "$tmp/linkdir" ] && [ -f "$tmp/realdir/summary.csv" ] || fail "run --follow-symlinks"
no_staging "$tmp"
# a folder that holds what stipend did not write is not replaced
mkdir "$tmp/mine" && echo keep >"$tmp/mine/notes.txt"
expect 2 "mine: holds 'notes.txt', which stipend did not write" -- \
  "$bin" run "$sc" --size 10 --quiet --out "$tmp/mine"
[ -f "$tmp/mine/notes.txt" ] || fail "a user's folder was replaced"
# a file where a folder is due, and a folder where a file is due
expect 2 "real.csv: is a file; results go into a folder" -- \
  "$bin" run "$sc" --size 10 --quiet --out "$tmp/real.csv"
expect 2 "realdir: is a directory" -- "$bin" cohort "$sc" --size 10 --out "$tmp/realdir"

# ---- 4. files of an earlier run that this run does not write are not left current ----
r=$tmp/r
expect 0 "students" -- "$bin" run "$sc" --size 30 --quiet --out "$r" --students --replications 2
[ -f "$r/students.csv" ] && [ -f "$r/replications.csv" ] || fail "first run's files missing"
consistent "$r"
expect 0 "students" -- "$bin" run "$sc" --size 30 --quiet --out "$r"
[ -e "$r/students.csv" ] && fail "an old students.csv sits beside the new summary.csv"
[ -e "$r/replications.csv" ] && fail "an old replications.csv sits beside the new summary.csv"
consistent "$r"
no_staging "$tmp"

# uncertainty's three files are one set too; a FIFO is no target for it
u=$tmp/u
expect 0 "uncertainty.csv" -- "$bin" uncertainty "$sc" --size 20 --draws 2 --quiet \
  --vary economy.wage_growth=uniform:0.01:0.03 --out "$u"
consistent "$u"
expect 2 "fifo: is a FIFO" -- "$bin" uncertainty "$sc" --size 20 --draws 2 --quiet \
  --vary economy.wage_growth=uniform:0.01:0.03 --out "$tmp/fifo"
[ -p "$tmp/fifo" ] || fail "the FIFO was replaced by uncertainty"
no_staging "$tmp"

# sweep.csv joins a run's folder as a new version of it: the run's files kept, the manifest
# names them all; stipend report adds report.html the same way
sw=$tmp/sw
expect 0 "students" -- "$bin" run "$sc" --size 30 --quiet --out "$sw"
cp "$sw/summary.csv" "$tmp/sw-summary.csv"
expect 0 "" -- "$bin" sweep "$sc" --size 30 --quiet --no-report \
  --vary policy.basic_support=150000:160000:10000 --out "$sw"
consistent "$sw"
cmp -s "$sw/summary.csv" "$tmp/sw-summary.csv" || fail "sweep changed the run's summary.csv"
[ -e "$sw/report.html" ] && fail "a report.html beside a sweep run with --no-report"
expect 0 "report.html" -- "$bin" report "$sw"
consistent "$sw"
grep -q '^report.html,' "$sw/manifest.csv" || fail "the manifest does not name report.html"
no_staging "$tmp"

# ---- 2. a failed run leaves the previous set untouched ----
cp -r "$r" "$tmp/before"
# groups.csv a directory: the old protocol committed the others and failed on it (exit 1)
rm "$r/groups.csv" && mkdir "$r/groups.csv"
expect 0 "students" -- "$bin" run "$sc" --size 40 --quiet --out "$r"
[ -f "$r/groups.csv" ] || fail "groups.csv (a directory before) is not the new file"
consistent "$r"
# a failing run (a bad microdata row, found while simulating) changes nothing
rm -rf "$r" && cp -r "$tmp/before" "$r"
awk -F, 'BEGIN{OFS=","} NR==4{$2="2099-00"} {print}' "$hand/hand.csv" >"$tmp/bad.csv"
expect 2 "bad.csv:4" -- "$bin" run "$hand/hand.ini" --cohort "$tmp/bad.csv" --quiet --out "$r"
diff -r "$tmp/before" "$r" >/dev/null || fail "a failed run changed the previous set"
no_staging "$tmp"

# ---- 3. staging of dead processes and temporary files of old versions are removed ----
sh -c 'exit 0' &
deadpid=$!
wait $deadpid
mkdir "$tmp/.r.staging-$deadpid" && echo x >"$tmp/.r.staging-$deadpid/students.csv"
echo x >"$r/students.csv.tmp-$deadpid"
echo x >"$tmp/real.csv.tmp-$deadpid"
# another machine's process (a cluster's shared folder) with the same id: not ours to remove
mkdir "$tmp/.r.staging-$deadpid@other-node.example"
expect 0 "students" -- "$bin" run "$sc" --size 10 --quiet --out "$r"
[ -d "$tmp/.r.staging-$deadpid@other-node.example" ] ||
  fail "the staging folder of a process on another machine was removed"
rmdir "$tmp/.r.staging-$deadpid@other-node.example"
no_staging "$tmp"
no_staging "$r"
# SIGTERM and SIGINT during a run: exit 143 / 130, staging removed, the previous set intact
for sig in TERM INT; do
  rm -rf "$r" && cp -r "$tmp/before" "$r"
  "$bin" run "$sc" --size 400000 --students --threads 1 --quiet --out "$r" >/dev/null 2>&1 &
  pid=$!
  # wait until its staging folder exists (the run has started writing), then signal it
  n=0
  while [ $n -lt 600 ] && ! ls -A "$tmp" | grep -q "^\.r\.staging-$pid@"; do
    sleep 0.05
    n=$((n + 1))
  done
  kill -$sig $pid
  wait $pid && rc=0 || rc=$?
  want=143
  [ $sig = INT ] && want=130
  if [ $rc = 0 ]; then
    consistent "$r" # finished before the signal: then the new set is complete
  else
    [ $rc = $want ] || fail "SIG$sig: exit $rc, expected $want"
    diff -r "$tmp/before" "$r" >/dev/null || fail "SIG$sig changed the previous set"
  fi
  no_staging "$tmp"
done

# ---- 7. unusable input paths: exit 2, one line, in validate and every command ----
mkdir "$tmp/dir.ini"
mkfifo "$tmp/fifo.ini"
long=$tmp/$(printf 'd%.0s' $(seq 1 1100))
for what in "$tmp/dir.ini" "$tmp/fifo.ini" "$tmp/missing.ini" "$long.ini"; do
  for c in validate run cohort compare sweep uncertainty; do
    case $c in
    uncertainty) set -- --vary economy.wage_growth=uniform:0.01:0.03 --draws 2 --out "$tmp/o" ;;
    cohort) set -- --out "$tmp/o.csv" ;;
    compare) set -- "$sc" --out "$tmp/o" ;;
    sweep) set -- --vary policy.basic_support=150000:160000:10000 --out "$tmp/o" ;;
    *) set -- ;;
    esac
    expect 2 "(directory|FIFO|No such file|path longer than (511|1023) bytes)" -- timeout 20 "$bin" $c "$what" "$@"
  done
done
expect 2 "dir.ini: is a directory" -- "$bin" run "$hand/hand.ini" --cohort "$tmp/dir.ini" \
  --out "$tmp/o"
expect 2 "fifo.ini: is a FIFO" -- timeout 20 "$bin" run "$hand/hand.ini" --cohort "$tmp/fifo.ini" \
  --out "$tmp/o"
# validate checks the microdata file as run does
mkdir "$tmp/md" && cp "$hand/hand.ini" "$tmp/md/" && mkdir "$tmp/md/hand.csv"
expect 2 "hand.csv: is a directory" -- "$bin" validate "$tmp/md/hand.ini"
expect 2 "hand.csv: is a directory" -- "$bin" run "$tmp/md/hand.ini" --out "$tmp/o"
# and the results folder
expect 2 "real.csv: is a file" -- "$bin" validate "$sc" --set "output.dir=$tmp/real.csv"
# an --out longer than 1023 bytes: refused whole, no truncated stray folder
expect 2 "path longer than 1023 bytes" -- "$bin" run "$sc" --size 10 --quiet --out "$long"
[ -z "$(ls "$tmp" | grep '^ddd')" ] || fail "a truncated folder was created"
[ -e "$tmp/o" ] && fail "a results folder was made by a refused command"

# ---- 8. a BOM, names ----
printf '\357\273\277' >"$tmp/bom.csv" && cat "$hand/hand.csv" >>"$tmp/bom.csv"
expect 0 "6 students" -- "$bin" run "$hand/hand.ini" --cohort "$tmp/bom.csv" --quiet \
  --out "$tmp/bom"
printf '\357\273\277' >"$tmp/bom.ini" && cat "$sc" >>"$tmp/bom.ini"
expect 0 "^ok: baseline-2025-26" -- "$bin" validate "$tmp/bom.ini"
mkdir -p "$tmp/w/results" && cd "$tmp/w"
expect 2 "name: starts with '.'" -- "$bin" run "$sc" --size 10 --quiet --set run.name=../../esc
expect 2 "name: contains '/'" -- "$bin" run "$sc" --size 10 --quiet --set run.name=a/../../esc
[ -e "$tmp/esc" ] && fail "a name wrote outside results/"
expect 2 "name: contains '\"'" -- "$bin" validate "$sc" --set 'run.name=say "hi"'
expect 2 "name: starts with '='" -- "$bin" validate "$sc" --set run.name==1+2
expect 2 "name: starts with '@'" -- "$bin" validate "$sc" --set 'run.name=@SUM(A1)'
expect 2 "name: starts with '='" -- "$bin" validate "$sc" --set "run.name==cmd|' /C calc'!A0"
expect 2 "name: starts with '-'" -- "$bin" validate "$sc" --set run.name=-2+3
expect 2 "name: is not valid UTF-8" -- "$bin" validate "$sc" --set "run.name=$(printf 'a\377b')"
cp "$sc" "$tmp/w/=1+2.ini" && sed -i '/^name = /d' "$tmp/w/=1+2.ini"
expect 2 "name: starts with '='.*the file's name" -- "$bin" validate "$tmp/w/=1+2.ini"
expect 0 "^ok: Støtte 1,5 G \(reform\)" -- "$bin" validate "$sc" --set 'run.name=Støtte 1,5 G (reform)'
cd "$tmp"

finish
