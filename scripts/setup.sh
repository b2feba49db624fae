#!/bin/sh
# Install the Debian packages stipend needs, if any are missing (run as root). clang, its
# runtime (libFuzzer, the sanitizers) and its OpenMP are for the fuzzers (scripts/fuzz.sh).
set -eu
pkgs="cmake make gcc pkg-config libgsl-dev libcsv-dev libinih-dev libcmocka-dev libgomp1 \
gnuplot-nox python3-numpy python3-pandas libopenmpi-dev openmpi-bin chromium clang libclang-rt-14-dev \
libomp-14-dev"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "stipend: installing:$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
