# Fault injection (issue 14, docs/testing.md): in a build with -DSTP_FAULT_INJECTION=ON,
# STP_FAULT=KIND:N fails the Nth write, fsync or rename, or raises SIGTERM before the Nth write.
# For `run --students`, `compare` and `cohort`, N walks over every such call (until the
# command no longer reaches N and succeeds); after each injected fault the target holds
# either the previous set, byte for byte, or the new one complete, never a mix, and no
# staging folder is left. Then a real full disk: a small tmpfs (root only; skipped otherwise).
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
# in memory where there is a tmpfs: hundreds of runs, each fsyncing its files
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
disk=
trap '[ -n "$disk" ] && umount "$disk" 2>/dev/null; rm -rf "$tmp"' EXIT
sc=$src/../scenarios/baseline-2025-26.ini
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

same() { # same A B: identical files or folders
  if [ -d "$1" ]; then diff -r "$1" "$2" >/dev/null 2>&1; else cmp -s "$1" "$2"; fi
}

# walk NAME TARGET CMD...: CMD TARGET writes TARGET (CMD ends with --out)
walk() {
  name=$1 target=$2
  shift 2
  rm -rf "$tmp/prev" "$tmp/next" "$target"
  # the previous set (seed 1) and the expected new set (seed 2), made without faults
  "$@" "$target" --seed 1 >/dev/null 2>&1 || fail "$name: the previous set could not be made"
  cp -r "$target" "$tmp/prev"
  rm -rf "$target"
  "$@" "$target" --seed 2 >/dev/null 2>&1 || fail "$name: the new set could not be made"
  cp -r "$target" "$tmp/next"
  for kind in write fsync rename signal; do
    n=1
    while [ $n -le 3000 ]; do
      rm -rf "$target" && cp -r "$tmp/prev" "$target"
      STP_FAULT=$kind:$n "$@" "$target" --seed 2 >/dev/null 2>"$tmp/err" && rc=0 || rc=$?
      if same "$target" "$tmp/next"; then
        :
      elif same "$target" "$tmp/prev"; then
        [ $rc != 0 ] || fail "$name $kind:$n: exit 0 but the previous set is current"
      else
        fail "$name $kind:$n: neither the previous nor the new set (exit $rc): $(cat "$tmp/err")"
      fi
      [ $kind = signal ] && [ $rc != 0 ] && [ $rc != 143 ] && fail "$name signal:$n: exit $rc"
      left=$(ls -A "$(dirname "$target")" | grep -E '\.staging-|\.old-|\.tmp-' || true)
      [ -z "$left" ] || fail "$name $kind:$n: left behind: $left"
      [ $rc = 0 ] && break
      n=$((n + 1))
    done
    echo "$name: $kind: $((n - 1)) faults injected, each left one whole set"
    [ $n -gt 1 ] || fail "$name: no $kind was ever reached"
  done
}

if ! "$bin" --version | grep -q 'fault injection'; then
  echo "skip: not a fault-injection build (cmake -DSTP_FAULT_INJECTION=ON)"
else
  walk "run --students" "$tmp/out/r" \
    "$bin" run "$sc" --size 300 --students --threads 2 --quiet --out
  cp "$sc" "$tmp/reform.ini"
  sed -i 's/^name = .*/name = reform/; s/^\[policy\]/[policy]\nbasic_support = 1.5G/' \
    "$tmp/reform.ini"
  walk "compare" "$tmp/out/c" \
    "$bin" compare "$sc" "$tmp/reform.ini" --size 300 --threads 2 --quiet --out
  walk "cohort" "$tmp/out/cohort.csv" "$bin" cohort "$sc" --size 300 --threads 2 --quiet --out
fi

# A real full disk: the previous set fits on a 256 KiB tmpfs, the new one (students.csv) does not.
mkdir "$tmp/disk"
if mount -t tmpfs -o size=256k stipend-test "$tmp/disk" 2>/dev/null; then
  disk=$tmp/disk
  r=$disk/r
  expect 0 "students" -- "$bin" run "$sc" --size 50 --quiet --out "$r"
  cp -r "$r" "$tmp/before"
  expect 1 "(No space left on device|write error)" -- \
    "$bin" run "$sc" --size 5000 --students --quiet --out "$r"
  same "$r" "$tmp/before" || fail "full disk: the previous set changed"
  left=$(ls -A "$disk" | grep -v '^r$' || true)
  [ -z "$left" ] || fail "full disk: left behind: $left"
  # and a cohort export onto the full disk leaves the previous export
  expect 0 "students" -- "$bin" cohort "$sc" --size 20 --quiet --out "$disk/c.csv"
  cp "$disk/c.csv" "$tmp/c.csv"
  expect 1 "(No space left on device|write error)" -- \
    "$bin" cohort "$sc" --size 5000 --quiet --out "$disk/c.csv"
  cmp -s "$disk/c.csv" "$tmp/c.csv" || fail "full disk: the previous export changed"
else
  echo "skip: cannot mount a tmpfs (needs root)"
fi

finish
