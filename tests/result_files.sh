# result_files BIN SCENARIOS DIR: every kind of result file stipend writes, into DIR/<kind>/,
# for the type checks (tests/cli/test_result_types_cli.sh with pandas,
# tests/cli/test_result_types_duckdb_cli.sh with DuckDB): run (with students.csv), compare and
# run with replications, sweep, cohort, calibrate and its backcasts, budget, uncertainty,
# params, repay, explain and the charts' data, each on a plain cohort (--size) and where the command
# has it on Norway's students (the population mode, --sample). Sets fails (tests/cli/lib.sh).
# rf_stdout FILE COMMAND ARGS...: a command that prints CSV on stdout
rf_stdout() {
  rf_f=$1
  shift
  "$rf_bin" "$@" >"$rf_f" 2>"$rf_f.err" || {
    echo "FAIL: stipend $*: $(cat "$rf_f.err")" >&2
    fails=$((fails + 1))
  }
  rm -f "$rf_f.err"
}
result_files() {
  rf_bin=$1 rf_sc=$2 rf_dir=$3
  expect 0 "students" -- "$rf_bin" run "$rf_sc/baseline-2025-26.ini" --size 3000 --students \
    --quiet --out "$rf_dir/run"
  expect 0 "students" -- "$rf_bin" run "$rf_sc/baseline-2025-26.ini" --sample 0.002 --students \
    --quiet --out "$rf_dir/run-norway"
  expect 0 "results:" -- "$rf_bin" compare "$rf_sc/baseline-2025-26.ini" \
    "$rf_sc/nso-1.5g-11-months.ini" "$rf_sc/nso-conversion-50.ini" --size 3000 --replications 2 \
    --quiet --out "$rf_dir/compare"
  expect 0 "results:" -- "$rf_bin" compare "$rf_sc/baseline-2025-26.ini" \
    "$rf_sc/nso-1.5g-11-months.ini" "$rf_sc/nso-conversion-40-credits.ini" --sample 0.002 \
    --replications 2 --quiet --out "$rf_dir/compare-norway"
  expect 0 "results:" -- "$rf_bin" run "$rf_sc/baseline-2025-26.ini" --size 2000 --replications 3 \
    --quiet --out "$rf_dir/repl"
  expect 0 "results:" -- "$rf_bin" run "$rf_sc/baseline-2025-26.ini" --sample 0.002 \
    --replications 3 --quiet --out "$rf_dir/repl-norway"
  expect 0 "sweep.csv" -- "$rf_bin" sweep "$rf_sc/nso-sweep-basic-support.ini" \
    --vary policy.basic_support=170368:1.5G:20000 --size 2000 --out "$rf_dir/sweep"
  expect 0 "sweep.csv" -- "$rf_bin" sweep "$rf_sc/nso-sweep-basic-support.ini" \
    --vary policy.basic_support=170368:1.5G:40000 --sample 0.002 --out "$rf_dir/sweep-norway"
  # an assumption that moves the figures (the default hazard) and one that moves none of them
  # on the default present-value convention (the discount rate)
  expect 0 "runs" -- "$rf_bin" uncertainty "$rf_sc/baseline-2025-26.ini" \
    --reform "$rf_sc/nso-1.5g-11-months.ini" --draws 3 \
    --vary economy.discount_rate=uniform:0.02:0.06 --vary cohort.default_hazard=uniform:0.2:0.4 \
    --size 500 --quiet --out "$rf_dir/uncertainty"
  mkdir -p "$rf_dir/cohort" "$rf_dir/calibrate" "$rf_dir/budget" "$rf_dir/params" "$rf_dir/repay"
  expect 0 "" -- "$rf_bin" cohort "$rf_sc/baseline-2025-26.ini" --size 2000 \
    --out "$rf_dir/cohort/cohort.csv"
  rf_stdout "$rf_dir/calibrate/calibrate.csv" calibrate "$rf_sc/calibration-2024.ini" --size 2000 --csv
  rf_stdout "$rf_dir/calibrate/backcasts.csv" calibrate "$rf_sc/baseline-2025-26.ini" --backcasts \
    --sample 0.002 --csv
  rf_stdout "$rf_dir/budget/budget-2027.csv" budget "$rf_sc/baseline-2025-26.ini" --year 2027 \
    --sample 0.002 --quiet
  rf_stdout "$rf_dir/params/params.csv" params --csv
  rf_stdout "$rf_dir/repay/repay.csv" repay --debt 400000 --rate 5 --schedule --csv
  rf_stdout "$rf_dir/repay/plan.csv" repay --debt 400000 --rate 5 --csv
  rf_stdout "$rf_dir/params/explain.csv" explain --year 2024-25 --income 250000 --children 1 --csv
  # the charts' data (gnuplot draws them; no gnuplot, no charts: nothing to check)
  if command -v gnuplot >/dev/null 2>&1; then
    for rf_d in compare compare-norway sweep repl; do
      "$rf_bin" plot "$rf_dir/$rf_d" >/dev/null 2>&1 ||
        { echo "FAIL: plot $rf_d" >&2; fails=$((fails + 1)); }
    done
  fi
}
