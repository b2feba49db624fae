#!/bin/sh
# Build the libFuzzer harnesses of tests/fuzz with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer, and run each for N seconds (default 30) from the seed corpora
# (scenarios/, tests/data/, datasets/) with tests/fuzz/stipend.dict. Exit status 1 if any
# fuzzer finds a crash, a leak or a sanitizer report; the input is kept as
# build-fuzz/crash-* (docs/testing.md). FUZZERS="fuzz_cli" to run only some.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-30}
b=build-fuzz
CC=clang cmake -S . -B "$b" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTP_FUZZ=ON -DSTP_SANITIZE=ON \
  -DSTP_TESTS=OFF -DSTP_WERROR=OFF -DSTP_LTO=OFF >/dev/null
cmake --build "$b" -j"$(nproc)" >/dev/null

# seed corpora (libFuzzer adds what it finds to the same folders)
seeds() {
  d=$b/corpus/$1
  mkdir -p "$d"
  echo "$d"
}
sc=$(seeds fuzz_scenario)
cp scenarios/*.ini tests/data/scenarios/*.ini tests/data/microdata/hand.ini "$sc"/
md=$(seeds fuzz_microdata)
cp tests/data/microdata/hand.csv "$md"/
ds=$(seeds fuzz_datasets)
i=0
for f in policy/academic/2025-26.csv policy/calendar/2025.csv policy/interest_rates.csv \
  policy/repayment.csv tuition/tuition_fees.csv tuition/semester_fees.csv \
  cohort/default/parameters.csv cohort/default/progression.csv cohort/default/age_at_start.csv \
  cohort/default/earnings_profile.csv cohort/default/exemption.csv \
  cohort/default/funding_category.csv cohort/default/institution.csv \
  cohort/default/leave_timing.csv cohort/default/leaver_credits.csv \
  cohort/default/mortality.csv budget/parameters.csv budget/posts.csv; do
  # the first byte picks the file (fuzz_datasets.c lists them in this order)
  { printf "\\$(printf '%03o' $i)"; cat "datasets/$f"; } >"$ds/seed-$i"
  i=$((i + 1))
done
cl=$(seeds fuzz_cli)
printf '\004scenarios/baseline-2025-26.ini\000--size\000100\000--seed\00042' >"$cl/run"
printf '\001--income\000151690.50\000--year\0002025-26\000--children\0002' >"$cl/explain"
printf '\003x.ini\000--set\000policy.basic_support=1.5G\000--set\000economy.rate_after=3.5%%' \
  >"$cl/validate"
printf '\010x.ini\000--vary\000policy.basic_support=150000:1.5G:5000\000--out=r' >"$cl/sweep"

status=0
for f in ${FUZZERS:-fuzz_scenario fuzz_microdata fuzz_datasets fuzz_cli}; do
  echo "fuzz: $f for $secs s"
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    STIPEND_DATASETS="$PWD/datasets" "$b/tests/fuzz/$f" -max_total_time="$secs" \
    -dict=tests/fuzz/stipend.dict -close_fd_mask=3 -timeout=20 -rss_limit_mb=2048 \
    -artifact_prefix="$b/crash-$f-" -print_final_stats=1 "$b/corpus/$f" 2>"$b/$f.log"; then
    echo "fuzz: $f FAILED (see $b/$f.log and $b/crash-$f-*)" >&2
    tail -40 "$b/$f.log" >&2
    status=1
  fi
  grep -E '^stat::number_of_executed_units|^Done' "$b/$f.log" | tr '\n' ' '
  echo
done
exit $status
