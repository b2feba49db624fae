#!/bin/sh
# The main job: install what is missing, build, and run the NSO scenario pack
# (scenarios/README.md) for Norway: the baseline 2025-26 against NSO's reforms on the same
# students with the evidence table in national figures (the cost in the 2026 budget, the
# full-year effect and the lifetime cost, each with its 95 % interval), the budget year 2027
# post by post, the sweep of basic support from today's level to 1.5 G, and the charts.
# STIPEND_MAIN_SAMPLE sets the share of Norway's students simulated (default 0.02: a few
# minutes on 2 cores; the files hold 0.05), STIPEND_MAIN_REPLICATIONS the replications
# behind the intervals (default 3; 1 for no intervals, a third of the time).
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
st=./build/stipend
sample=${STIPEND_MAIN_SAMPLE:-0.02}
reps=${STIPEND_MAIN_REPLICATIONS:-3}
base=scenarios/baseline-2025-26.ini
reforms="scenarios/nso-1.5g-11-months.ini scenarios/nso-conversion-40-credits.ini \
scenarios/nso-international-support.ini scenarios/nso-international-support-quota.ini \
scenarios/nso-no-tuition-fees.ini \
scenarios/nso-conversion-50.ini"
sweep=scenarios/nso-sweep-basic-support.ini

echo "== The NSO scenario pack (scenarios/README.md) for Norway: a sample of $sample of"
echo "   Norway's students, weighted to national totals (docs/population.md)"
# shellcheck disable=SC2086
for f in $base $reforms $sweep; do "$st" validate "$f"; done
echo
echo "== stipend compare: the baseline against each reform, national figures, $reps replications"
# shellcheck disable=SC2086
"$st" compare $base $reforms --sample "$sample" --replications "$reps" --out results/nso-pack \
  --quiet --lang nb
echo
echo "== stipend budget: the 2027 budget for Norway as Prop. 1 S books it (NOK), the baseline"
"$st" budget $base --year 2027 --sample "$sample" --quiet
echo
echo "== stipend sweep: basic support from today's 170 368 (2026-27) to 1.5 G, NOK 5 000 steps"
"$st" sweep "$sweep" --vary policy.basic_support=170368:1.5G:5000 --sample "$sample" --lang nb \
  --out results/nso-sweep
echo
echo "== stipend plot: the charts of both"
"$st" plot results/nso-pack
"$st" plot results/nso-sweep
