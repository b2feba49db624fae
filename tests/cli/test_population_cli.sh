# The population mode's national figures: stipend budget (one budget year post by post, any
# year from 2017, the horizon extended back; bad years refused), and a reform's national
# figures at two sample shares agreeing within their intervals over replications.
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sc=$src/../scenarios
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

expect 0 "Usage: stipend budget SCENARIO" -- "$bin" budget --help

# 2017, before the baseline's base year: the entry cohorts reach back to 2009-10
"$bin" budget "$sc/baseline-2025-26.ini" --year 2017 --sample 0.003 --threads 2 \
  >"$tmp/b17.csv" 2>"$tmp/b17.err" || fail "stipend budget --year 2017 failed: $(cat "$tmp/b17.err")"
[ "$(head -1 "$tmp/b17.csv")" = "chapter,post,name,year,amount_nok,provision_model_nok,converted_in_year_nok,net_cost_prop1s_nok,net_cost_budget_nok,net_cost_nok" ] ||
  fail "budget header: $(head -1 "$tmp/b17.csv")"
grep -q "entering 2009-10 to" "$tmp/b17.err" || fail "budget 2017 did not extend the cohorts to 2009-10: $(cat "$tmp/b17.err")"
amount() { awk -F, -v c="$2" -v p="$3" '$1 == c && $2 == p { print $(NF - 5) }' "$1"; }
for post in "2410 50" "2410 71" "2410 72" "2410 90" "5310 90" "5310 93" "5617 80"; do
  set -- $post
  v=$(amount "$tmp/b17.csv" "$1" "$2")
  [ -n "$v" ] || fail "budget 2017 has no amount for kap. $1 post $2"
  [ "$(awk -F, -v c="$1" -v p="$2" '$1 == c && $2 == p { print $4 }' "$tmp/b17.csv")" = 2017 ] ||
    fail "kap. $1 post $2 is not for 2017"
done
# post 50 is the provision (paid out in 2017), the conversion of the year its own column; both
# in the billions for Norway; post 90 is larger than post 50
p50=$(amount "$tmp/b17.csv" 2410 50) p90=$(amount "$tmp/b17.csv" 2410 90)
conv=$(awk -F, 'NR == 2 { print $(NF - 3) }' "$tmp/b17.csv")
awk -v a="$p50" -v b="$p90" -v c="$conv" 'BEGIN { exit !(a > 1e9 && b > 5 * a / 2 && c > 1e9) }' ||
  fail "2017: post 50 $p50, post 90 $p90, conversion $conv are not Norway's order of size"
# the figures that are not a post, the same on every row: the model's own provision, the
# conversion of the year, the net cost on Prop. 1 S's convention, the budget's and when it happens
[ "$(awk -F, 'NR > 1 { print $(NF - 4) "," $(NF - 3) "," $(NF - 2) "," $(NF - 1) "," $NF }' "$tmp/b17.csv" | sort -u | wc -l)" = 1 ] ||
  fail "the figures that are not a post are not on every row, the same"
for k in 0 1 2 3 4; do
  [ -n "$(awk -F, -v k="$k" 'NR == 2 { print $(NF - k) }' "$tmp/b17.csv")" ] || fail "budget: the column $k before the last is empty"
done
# the same bytes on one thread
"$bin" budget "$sc/baseline-2025-26.ini" --year 2017 --sample 0.003 --threads 1 --quiet \
  >"$tmp/b17t1.csv" || fail "budget on one thread failed"
cmp -s "$tmp/b17.csv" "$tmp/b17t1.csv" || fail "budget differs on 1 and 2 threads"
# the years a budget can be set beside: 2017 to the end of the horizon (2025 + 10 - 1)
expect 0 "^2410,50,.*,2034," -- "$bin" budget "$sc/baseline-2025-26.ini" --year 2034 --sample 0.002 --quiet
expect 2 "^stipend budget: --year: 2035 is after the horizon" -- "$bin" budget \
  "$sc/baseline-2025-26.ini" --year 2035 --sample 0.002
expect 2 "^stipend budget: --year: 2016 is out of range" -- "$bin" budget "$sc/baseline-2025-26.ini" --year 2016
expect 2 "^stipend budget: --year YYYY is required" -- "$bin" budget "$sc/baseline-2025-26.ini"

# Two sample shares, three replications each: the reform's national figures agree within
# their 95 % intervals (the intervals overlap), and Norway's students are the same count
# within 1 % (the weights add up to the national entrants at any share).
for s in 0.004 0.008; do
  expect 0 "simulated as a sample of" -- "$bin" compare "$sc/baseline-2025-26.ini" \
    "$sc/nso-1.5g-11-months.ini" --sample $s --replications 3 --quiet --threads 2 --out "$tmp/s$s"
done
for m in first_budget_year_cost full_year_effect net_cost_pv; do
  a=$(awk -F, -v m="$m" '$3 == m { print $13, $14 }' "$tmp/s0.004/evidence.csv")
  b=$(awk -F, -v m="$m" '$3 == m { print $13, $14 }' "$tmp/s0.008/evidence.csv")
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " ");
    exit !(x[1] != "" && y[1] != "" && x[1] <= y[2] && y[1] <= x[2] && x[1] > 0 && y[1] > 0) }' ||
    fail "$m at shares 0.004 ($a) and 0.008 ($b): the intervals do not overlap"
done
n1=$(sed -n 's/.*Norway: \([0-9 ]*\) students.*/\1/p' "$tmp/s0.004/evidence.md" | tr -d ' ')
n2=$(sed -n 's/.*Norway: \([0-9 ]*\) students.*/\1/p' "$tmp/s0.008/evidence.md" | tr -d ' ')
awk -v a="$n1" -v b="$n2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a > 0 && d < 0.01 * a) }' ||
  fail "Norway's students differ between shares: $n1 and $n2"
# Backcasts: Lånekassen's published recipients (210 000 in 2021-22, in Norway or abroad: the
# population and the degree students abroad) within ±5 % and basic support awarded (NOK
# 27.3 bn in 2022-23) within ±10 %; the 30+ loan's 20 000 recipients in 2020-21 within ±10 %;
# every row present
"$bin" calibrate "$sc/baseline-2025-26.ini" --backcasts --csv --sample 0.01 --threads 2 \
  >"$tmp/bc.csv" 2>"$tmp/bc.err" || fail "calibrate --backcasts failed: $(cat "$tmp/bc.err")"
[ "$(head -1 "$tmp/bc.csv")" = "key,figure,year_kind,calendar_year,academic_year,published,model,tolerance_share,gap_share,source" ] ||
  fail "backcasts header: $(head -1 "$tmp/bc.csv")"
# gap_share: the number before the quoted source at the end of the row
gap() { sed -n "s/^$1,.*,\(-\{0,1\}[0-9.]*\),\"[^\"]*\"\$/\1/p" "$tmp/bc.csv"; }
for key in post50_2017 post50_model_2017 post90_2017 students recipients basic_loan loan_30plus \
  covid_users_2020 covid_users_2021 covid_provision_2021 covid_converted_2021 debt_2022 \
  debt_2023 debt_2024 june_week3_2019 eleven_months_2020 support_10pct_2024 \
  rate_deduction_2017; do
  [ -n "$(gap $key)" ] || fail "backcasts: no row $key"
done
awk -v g="$(gap recipients)" 'BEGIN { exit !(g > -0.05 && g < 0.05) }' ||
  fail "recipients 2021-22 off Lånekassen's 210 000 by $(gap recipients)"
# The COVID extra loans: the published users are students and pupils in Norway and abroad
# (250 000 offered in 2021), the model's the higher-education students in Norway among them
# (about four in five), at the published take-up: fewer, but not fewer than 70 %
for key in covid_users_2020 covid_users_2021; do
  awk -v g="$(gap $key)" 'BEGIN { exit !(g > -0.30 && g < 0) }' ||
    fail "COVID loan users $key off the published count by $(gap $key)"
done
awk -v g="$(gap loan_30plus)" 'BEGIN { exit !(g > -0.10 && g < 0.10) }' ||
  fail "30+ loan recipients 2020-21 off Lånekassen's 20 000 by $(gap loan_30plus)"
awk -v g="$(gap basic_loan)" 'BEGIN { exit !(g > -0.10 && g < 0.10) }' ||
  fail "basic support 2022-23 off Lånekassen's 27.3 bn by $(gap basic_loan)"
# kap. 2410 post 50 of 2017 as Prop. 1 S (2016-2017) sets it (NOK 6 574 149 000): within ±10 %
awk -v g="$(gap post50_2017)" 'BEGIN { exit !(g > -0.10 && g < 0.10) }' ||
  fail "post 50 of 2017 off Prop. 1 S's 6 574 million by $(gap post50_2017)"
# kap. 2410 post 90 of 2017 (NOK 26 045 183 000, Prop. 1 S (2016-2017)) within ±10 %; the mean
# debt at the end of higher education (Lånekassen: 389 000 in 2022 and 434 000 in 2024 for
# study in Norway, 427 000 in 2023 in all) within ±5 %
awk -v g="$(gap post90_2017)" 'BEGIN { exit !(g > -0.10 && g < 0.10) }' ||
  fail "post 90 of 2017 off Prop. 1 S's 26 045 million by $(gap post90_2017)"
for key in debt_2022 debt_2023 debt_2024; do
  awk -v g="$(gap $key)" 'BEGIN { exit !(g > -0.05 && g < 0.05) }' ||
    fail "mean debt $key off Lånekassen's figure by $(gap $key)"
done
# past decisions costed as the Ministry costed them (165, 152 and 277 million, and the 2017
# rate rule's saving of 277.9 million on the whole book): the model's figure of each in its
# budget year is positive and within ±30 % (docs/backcasts.md explains each gap)
for key in june_week3_2019 eleven_months_2020 support_10pct_2024 rate_deduction_2017; do
  awk -v g="$(gap $key)" 'BEGIN { exit !(g > -0.30 && g < 0.30) }' ||
    fail "backcast $key off the Ministry's figure by $(gap $key)"
done
finish
