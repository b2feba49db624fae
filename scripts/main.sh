#!/bin/sh
# The main job: install what is missing, build, and run the NSO scenario pack
# (scenarios/README.md): the baseline 2025-26 against NSO's reforms on the same students with
# the evidence table, the sweep of basic support from today's level to 1.5 G, and the charts.
# STIPEND_MAIN_SIZE sets the students per scenario (default 200 000: a few minutes on 2 cores);
# STIPEND_MAIN_REPLICATIONS the independent comparisons behind each figure's 95 % interval in
# evidence.csv and report.html (default 3; 1 for no intervals, a third of the time).
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
st=./build/stipend
size=${STIPEND_MAIN_SIZE:-200000}
reps=${STIPEND_MAIN_REPLICATIONS:-3}
base=scenarios/baseline-2025-26.ini
reforms="scenarios/nso-1.5g-11-months.ini scenarios/nso-international-support.ini \
scenarios/nso-no-tuition-fees.ini scenarios/nso-conversion-50.ini"
sweep=scenarios/nso-sweep-basic-support.ini

echo "== The NSO scenario pack (scenarios/README.md), $size students per scenario"
echo "   (the files hold 1 000 000: STIPEND_MAIN_SIZE=1000000 sh scripts/main.sh runs them so)"
# shellcheck disable=SC2086
for f in $base $reforms $sweep; do "$st" validate "$f"; done
echo
echo "== stipend compare: the baseline against each reform, on the same students ($reps replications)"
# shellcheck disable=SC2086
"$st" compare $base $reforms --size "$size" --replications "$reps" --out results/nso-pack \
  --quiet --lang nb
echo
echo "== stipend sweep: basic support from today's 170 368 (2026-27) to 1.5 G, NOK 5 000 steps"
"$st" sweep "$sweep" --vary policy.basic_support=170368:1.5G:5000 --size "$size" --lang nb \
  --out results/nso-sweep
echo
echo "== stipend plot: the charts of both"
"$st" plot results/nso-pack
"$st" plot results/nso-sweep
