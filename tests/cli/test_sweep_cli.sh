# stipend sweep: the values of a range worked by hand (G of 1 May 2025 = 130 160, 11 months:
# 1.5 G = 11 × round(1.5 × 130 160 / 11) = 195 239, 1.2 G = 11 × 14 199 = 156 189), one row
# per value on the same students, and bad input (one line on stderr, exit status 2, nothing
# written).
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sc=$src/../scenarios/baseline-2025-26.ini
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
# col FILE NAME: the column NAME of every data row
col() { awk -F, -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next } { print $c }' "$1"; }

expect 0 "Usage: stipend sweep SCENARIO" -- "$bin" sweep --help

# NOK from today's 2024-25 rate to 1.5 G in steps of 15 000: 151 690, 166 690, 181 690, then
# the shorter last step to 195 239.
expect 0 "sweep of basic_support over 4 values" -- "$bin" sweep "$sc" --size 1500 --threads 2 \
  --vary policy.basic_support=151690:1.5G:15000 --out "$tmp/nok"
f=$tmp/nok/sweep.csv
# totals of millions are printed in NOK million, not to the øre
expect 0 "paid out NOK [0-9 ]+\.[0-9] million; net cost to the state 20[0-9]{2} NOK -?[0-9 ]+\.[0-9] million" -- \
  "$bin" sweep "$sc" --size 300 --vary policy.basic_support=151690:1.5G:40000 --out "$tmp/mill" --no-report
[ "$(head -1 "$f" | cut -d, -f1-12)" = "scenario,seed,base_year,parameter,unit,value,value_nok,value_g,students,supported,borrowers,paid_out_nok" ] ||
  bad "sweep.csv header: $(head -1 "$f")"
head -1 "$f" | grep -q ",grants_nok,loans_nok,debt_end_study_mean_nok,.*,debt_end_study_p50_nok,.*,written_off_nok,.*,interest_charged_nok,interest_relief_nok,repaid_nok,.*,state_cost_nok,state_cost_per_student_nok,state_cost_change_nok,net_cost_pv_nok,net_cost_pv_change_nok,full_year,full_year_cost_nok,subsidy_rate_share,pv_year$" ||
  bad "sweep.csv lacks headline columns: $(head -1 "$f")"
[ "$(col "$f" value_nok | tr '\n' ' ')" = "151690.00 166690.00 181690.00 195239.00 " ] ||
  bad "values: $(col "$f" value_nok | tr '\n' ' ')"
[ "$(col "$f" value_g | tail -1)" = "1.5000" ] || bad "1.5 G is $(col "$f" value_g | tail -1) G"
[ "$(col "$f" seed | sort -u)" = "20251" ] || bad "not every value on the scenario's seed"
[ "$(col "$f" base_year | sort -u)" = "2025-26" ] || bad "base year: $(col "$f" base_year | sort -u)"
# the same students: as many, the same ones supported; more support, more paid out
[ "$(col "$f" students | sort -u)" = "1500" ] || bad "students differ between values"
[ "$(col "$f" supported | sort -u | wc -l)" = 1 ] || bad "supported students differ between values"
col "$f" paid_out_nok | awk 'NR > 1 && $1 <= p { exit 1 } { p = $1 }' || bad "paid out does not rise with support"
[ "$(col "$f" state_cost_change_nok | head -1)" = "0.00" ] || bad "the first row's change is not 0"
[ "$(col "$f" net_cost_pv_change_nok | head -1)" = "0.00" ] || bad "the first row's PV change is not 0"
[ "$(col "$f" full_year | sort -u)" = "2026" ] || bad "budget year: $(col "$f" full_year | sort -u)"
col "$f" net_cost_pv_nok | awk 'NR > 1 && $1 <= p { exit 1 } { p = $1 }' || bad "net cost does not rise with support"
# the first value is a plain run of the scenario with that value
expect 0 "1500 students in" -- "$bin" run "$sc" --size 1500 --quiet --out "$tmp/plain" \
  --set policy.basic_support=151690
[ "$(col "$tmp/plain/summary.csv" paid_out_nok)" = "$(col "$f" paid_out_nok | head -1)" ] ||
  bad "row 1 differs from a plain run: $(col "$tmp/plain/summary.csv" paid_out_nok) vs $(col "$f" paid_out_nok | head -1)"
[ "$(col "$tmp/plain/summary.csv" debt_end_study_p50_nok)" = "$(col "$f" debt_end_study_p50_nok | head -1)" ] ||
  bad "row 1 median debt differs from a plain run"
# ... and its budget that of a comparison with that value
expect 0 "" -- "$bin" compare "$sc" "$sc" --size 1500 --quiet --out "$tmp/cmp" --set run.name=reform \
  --set policy.basic_support=151690
pv=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "net_cost_pv_nok") c = i; next }
              $1 == "reform" { print $c }' "$tmp/cmp/budget_summary.csv")
[ -n "$pv" ] && [ "$pv" = "$(col "$f" net_cost_pv_nok | head -1)" ] ||
  bad "row 1 net cost $(col "$f" net_cost_pv_nok | head -1) is not the comparison's $pv"

# All in G: multiples of G, kept as such.
expect 0 "multiples of G" -- "$bin" sweep "$sc" --size 500 --vary policy.basic_support=1.2G:1.5G:0.1G --out "$tmp/g"
[ "$(col "$tmp/g/sweep.csv" value | tr '\n' ' ')" = "1.2G 1.3G 1.4G 1.5G " ] || bad "G values: $(col "$tmp/g/sweep.csv" value | tr '\n' ' ')"
[ "$(col "$tmp/g/sweep.csv" value_nok | head -1)" = "156189.00" ] || bad "1.2 G = $(col "$tmp/g/sweep.csv" value_nok | head -1)"
[ "$(col "$tmp/g/sweep.csv" value_nok | tail -1)" = "195239.00" ] || bad "1.5 G = $(col "$tmp/g/sweep.csv" value_nok | tail -1)"

# A count: no NOK amount.
expect 0 "results: .*2 rows" -- "$bin" sweep "$sc" --size 500 --vary policy.support_months=10:11:1 --out "$tmp/m"
[ "$(col "$tmp/m/sweep.csv" value | tr '\n' ' ')" = "10 11 " ] || bad "months: $(col "$tmp/m/sweep.csv" value | tr '\n' ' ')"
[ "$(col "$tmp/m/sweep.csv" value_nok | tr -d '\n')" = "" ] || bad "a count has a NOK amount"

# bad input: one line, exit status 2, no results folder
expect 2 "--vary policy.NAME=FROM:TO:STEP is required" -- "$bin" sweep "$sc" --out "$tmp/x"
expect 2 "--vary: basic_suport: unknown parameter" -- "$bin" sweep "$sc" --vary policy.basic_suport=1:2:1 --out "$tmp/x"
expect 2 "--vary: .* is not policy.NAME=FROM:TO:STEP" -- "$bin" sweep "$sc" --vary run.seed=1:2:1 --out "$tmp/x"
expect 2 "--vary: basic_support: STEP must be above 0" -- "$bin" sweep "$sc" --vary policy.basic_support=1G:2G:0G --out "$tmp/x"
expect 2 "--vary: basic_support: FROM is above TO" -- "$bin" sweep "$sc" --vary policy.basic_support=2G:1G:0.1G --out "$tmp/x"
expect 2 "--vary: basic_support: 5000 is outside" -- "$bin" sweep "$sc" --vary policy.basic_support=5000:20000:5000 --out "$tmp/x"
expect 2 "only money can be given in G" -- "$bin" sweep "$sc" --vary policy.support_months=1G:2G:1G --out "$tmp/x"
expect 2 "at most 1000" -- "$bin" sweep "$sc" --vary policy.basic_support=10000:1000000:10 --out "$tmp/x"
# a value the registry allows in the base year but not in 2026-27 is caught before any run
expect 2 "^stipend sweep: --set: \\[policy\\] basic_support: 7.5G = [0-9]+ NOK in 2026-27" -- "$bin" sweep "$sc" \
  --vary policy.basic_support=7.5G:7.6G:0.1G --out "$tmp/x"
expect 2 "size" -- "$bin" sweep "$sc" --size -1 --vary policy.basic_support=1G:2G:1G --out "$tmp/x"
expect 2 "cannot open|No such file" -- "$bin" sweep "$tmp/none.ini" --vary policy.basic_support=1G:2G:1G --out "$tmp/x"
[ -e "$tmp/x" ] && bad "a results folder was made for a bad sweep"
# a sweep whose parameter changes nothing is warned about, naming what binds: what converts
# is the exam and degree shares' sum, so the cap above it changes nothing
"$bin" sweep "$sc" --vary policy.conversion_max_share=0.4:0.5:0.05 --size 300 --quiet \
  --out "$tmp/bind" 2>"$tmp/bind.err" || bad "the binding sweep failed"
grep -q "warning: conversion_max_share changed nothing.*conversion_exam_share + conversion_degree_share" \
  "$tmp/bind.err" || bad "no warning for a sweep that changes nothing: $(cat "$tmp/bind.err")"
# the price base is printed: 2025 kroner, as compare's for the same pack
[ "$(awk -F, 'NR == 2 { print $NF }' "$tmp/bind/sweep.csv")" = 2025 ] || bad "sweep.csv pv_year is not 2025"
finish
