#!/bin/sh
# The population mode's cost: `stipend run` of the shipped baseline (Norway's students, the
# ten-year horizon: entrants 2017-18 to 2034-35) at sample shares 0.05 and 1.0 (every
# student in Norway), on T threads: wall time, lifecycles per second and peak memory (the
# child's own rusage, as measure.py takes it). Memory should not grow with the share: only
# one chunk of students is held at a time.
#   sh bench/population.sh [STIPEND] [THREADS] [SHARES]    (defaults: build-rel/stipend, 2,
#                                                           "0.05 1.0"); appends to
#   bench/population.csv
set -eu
cd "$(dirname "$0")/.."
st=${1:-build-rel/stipend}
threads=${2:-2}
shares=${3:-0.05 1.0}
out=bench/population.csv
[ -s "$out" ] || echo "commit,sample,threads,students_simulated,national_students,seconds,students_per_second,peak_rss_mib,loadavg_start,date" >"$out"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for s in $shares; do
  /usr/bin/python3 - "$st" "$s" "$threads" "$tmp/r$s" "$commit" >>"$out" <<'PY'
import os, re, resource, subprocess, sys, time
st, share, threads, out, commit = sys.argv[1:6]
load = os.getloadavg()[0]
t0 = time.monotonic()
p = subprocess.run([st, "run", "scenarios/baseline-2025-26.ini", "--sample", share,
                    "--threads", threads, "--quiet", "--out", out],
                   capture_output=True, text=True, check=True)
wall = time.monotonic() - t0
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
sim = int(re.search(r"(\d+) students in", p.stdout).group(1))
with open(os.path.join(out, "summary.csv")) as f:
    f.readline()
    national = int(f.readline().split(",")[3])
print(f"{commit},{share},{threads},{sim},{national},{wall:.2f},{sim / wall:.0f},{rss:.1f},"
      f"{load:.2f},{time.strftime('%Y-%m-%dT%H:%M:%S')}")
PY
  tail -1 "$out"
done
