# stipend compare: the files and their columns, a baseline against itself (no difference, no
# winner or loser), a support increase (more paid out, winners, a cost to the state),
# byte-identical results on 1 and 2 threads, and bad input (one line on stderr, exit 2).
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$src/data/compare
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

expect 0 "Usage: stipend compare BASELINE" -- "$bin" compare --help

# The baseline against itself: every difference is zero, every student unchanged.
expect 0 "^\\| Students better off \\|  \\|  \\|  \\| 0.0 % \\(0\\) \\|$" -- \
  "$bin" compare "$d/base.ini" "$d/base.ini" --set run.name=same --quiet --out "$tmp/same"
for f in summary groups cashflow distribution difference difference_by_year winners budget \
  budget_totals budget_summary budget_posts evidence; do
  [ -s "$tmp/same/$f.csv" ] || fail "$f.csv missing"
done
[ -s "$tmp/same/evidence.md" ] || fail "evidence.md missing"
awk -F, 'NR > 1 && $5 !~ /^-?0(\.0+)?$/ { bad++ } END { exit bad > 0 }' "$tmp/same/difference.csv" ||
  fail "a difference of the baseline against itself is not zero"
awk -F, 'NR > 1 && $6 !~ /^-?0(\.0+)?$/ { bad++ } END { exit bad > 0 }' \
  "$tmp/same/difference_by_year.csv" || fail "a difference by year of the baseline against itself is not zero"
grep -q "^same,all,all,3000,0,0,3000,,,0.00$" "$tmp/same/winners.csv" ||
  fail "winners.csv: the baseline against itself has winners or losers"
[ "$(awk -F, 'NR > 1 && $1 == "same"' "$tmp/same/summary.csv" | cut -d, -f2-)" = \
  "$(awk -F, 'NR > 1 && $1 == "base"' "$tmp/same/summary.csv" | cut -d, -f2-)" ] ||
  fail "summary.csv: the same scenario gave different totals"

# Columns another engineer's plots read, exactly.
[ "$(head -1 "$tmp/same/winners.csv")" = \
  "reform,dimension,group,students,winners,losers,unchanged,winners_mean_gain_nok,losers_mean_loss_nok,mean_change_nok" ] ||
  fail "winners.csv header"
[ "$(awk -F, 'NR > 1 { print $2 }' "$tmp/same/winners.csv" | uniq | tr '\n' ' ')" = \
  "all earnings_decile level citizenship home " ] || fail "winners.csv dimensions"
[ "$(head -1 "$tmp/same/difference.csv")" = \
  "reform,column,baseline_value,reform_value,difference" ] || fail "difference.csv header"
[ "$(head -1 "$tmp/same/difference_by_year.csv")" = \
  "reform,year,column,baseline_value,reform_value,difference" ] || fail "difference_by_year.csv header"

# Basic support at 1.5 G: more paid out, a cost to the state, and winners.
expect 0 "^more costs the state NOK [0-9 .]+ million in the 2025 budget \\(from August\\) and NOK [0-9 .]+ million in a full year \\(2026\\)" -- \
  "$bin" compare "$d/base.ini" "$d/more.ini" --quiet --out "$tmp/more" --threads 1
awk -F, '$1 == "more" && $2 == "paid_out_nok" { ok = $5 > 0 } END { exit !ok }' \
  "$tmp/more/difference.csv" || fail "difference.csv: 1.5 G did not raise paid_out_nok"
awk -F, '$1 == "more" && $2 == "all" { ok = $5 > 0 } END { exit !ok }' "$tmp/more/winners.csv" ||
  fail "winners.csv: 1.5 G has no winners"
awk -F, '$1 == "more" && $3 == "net_cost_pv" { ok = $11 > 0 } END { exit !ok }' \
  "$tmp/more/evidence.csv" || fail "evidence.csv: 1.5 G costs the state nothing"
# Present values at the state's cost of funds (the default), the subsidy rate also at the
# cost of funds +- 1 point and the social rate; discount = social swaps the two, and the
# students' gains (always at the social rate) do not move.
ev() {
  awk -F, -v m="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "baseline_value") c = i; next }
                     $1 == "more" && $3 == m { print $c }' "$1/evidence.csv"
}
[ "$(ev "$tmp/more" subsidy_rate_cost_of_funds_low)" != "" ] &&
  [ "$(ev "$tmp/more" subsidy_rate_cost_of_funds_high)" != "" ] &&
  [ "$(ev "$tmp/more" subsidy_rate_social)" != "" ] || fail "evidence.csv: no sensitivity rates"
awk -F, 'NR > 1 && $5 != "cost-of-funds" { bad++ } END { exit bad > 0 }' \
  "$tmp/more/budget_summary.csv" || fail "budget_summary.csv: the default is not cost-of-funds"
for f in base more; do
  { cat "$d/$f.ini"; printf '\n[economy]\ndiscount = social\n'; } >"$tmp/$f-social.ini"
done
expect 0 "^more costs the state" -- "$bin" compare "$tmp/base-social.ini" "$tmp/more-social.ini" \
  --quiet --out "$tmp/social" --threads 1
[ "$(ev "$tmp/social" subsidy_rate)" = "$(ev "$tmp/more" subsidy_rate_social)" ] ||
  fail "subsidy rate at discount = social $(ev "$tmp/social" subsidy_rate) is not the default's social row $(ev "$tmp/more" subsidy_rate_social)"
[ "$(ev "$tmp/social" subsidy_rate_cost_of_funds)" = "$(ev "$tmp/more" subsidy_rate)" ] ||
  fail "the cost-of-funds row at discount = social is not the default's subsidy rate"
cmp -s "$tmp/more/winners.csv" "$tmp/social/winners.csv" ||
  fail "students' gains moved with the state's discount convention"
expect 2 "economy.*discount.*'state' is not cost-of-funds or social" -- "$bin" compare \
  "$d/base.ini" "$d/more.ini" --quiet --out "$tmp/bad" --set economy.discount=state
# The same reform given as --set on the baseline file gives the same reform figures.
expect 0 "^more costs the state" -- "$bin" compare "$d/base.ini" "$d/base.ini" --quiet \
  --out "$tmp/set" --set run.name=more --set policy.basic_support=1.5G
cmp -s "$tmp/more/winners.csv" "$tmp/set/winners.csv" || fail "--set and a reform file differ"
grep -q "basic_support=1.5G" "$tmp/set/evidence.md" || fail "evidence.md lacks the command line"

# Byte-identical on 1 and 2 threads.
expect 0 "^more costs" -- "$bin" compare "$d/base.ini" "$d/more.ini" --quiet --out "$tmp/t2" \
  --threads 2
for f in "$tmp/more"/*; do
  cmp -s "$f" "$tmp/t2/$(basename "$f")" || fail "$(basename "$f") differs on 1 and 2 threads"
done

# A microdata cohort: the file's students and entry years.
m=$src/data/microdata/hand.ini
expect 0 "6 students entering 2022-23 to 2024-25, seed 7, .*microdata file" -- \
  "$bin" compare "$m" "$m" --set run.name=more --set policy.basic_support=1.5G --quiet \
  --out "$tmp/micro"
expect 2 "base.ini: \\[cohort\\] source: synthetic, but the baseline .*hand.ini has microdata" -- \
  "$bin" compare "$m" "$d/base.ini" --out "$tmp/x"

# The evidence table's monthly basic support is what the lifecycle pays and `stipend explain`
# shows: NOK 170 000 a year over 11 months is 15 454.55, paid as whole kroner, 15 455.00.
"$bin" compare "$d/base.ini" "$d/base.ini" --set run.name=b170 --set policy.basic_support=170000 \
  --size 200 --quiet --out "$tmp/b170" >/dev/null || fail "compare with basic_support=170000"
grep -q "^b170,base,basic_support_month,NOK/month,2025,2026,2025,2025-26,15169.00,15455.00,286.00," \
  "$tmp/b170/evidence.csv" || fail "evidence.csv: basic support a month is not 15455.00"
cp -r "${STIPEND_DATASETS:-$src/../datasets}" "$tmp/ds170"
sed -i 's/^basic_support,166859,/basic_support,170000,/' "$tmp/ds170/policy/academic/2025-26.csv"
expect 0 "11 months x 15 455.00" -- "$bin" explain --year 2025-26 --datasets "$tmp/ds170"

# Bad input: one line, exit 2, naming the file and the key.
expect 2 "other-size.ini: \\[cohort\\] size: 4000 students, but the baseline .*base.ini has 3000" -- \
  "$bin" compare "$d/base.ini" "$d/other-size.ini" --out "$tmp/x"
expect 2 "other-seed.ini: \\[run\\] seed: 8, but the baseline" -- \
  "$bin" compare "$d/base.ini" "$d/other-seed.ini" --out "$tmp/x"
expect 2 "other-entry.ini: \\[run\\] entry_years: 2025-26:2025-26, but the baseline" -- \
  "$bin" compare "$d/base.ini" "$d/more.ini" "$d/other-entry.ini" --out "$tmp/x"
expect 2 "same-name.ini: \\[run\\] name: 'base' is also the name of" -- \
  "$bin" compare "$d/base.ini" "$d/same-name.ini" --out "$tmp/x"
expect 2 "cannot open|No such file" -- "$bin" compare "$d/base.ini" "$tmp/none.ini" --out "$tmp/x"
expect 2 "missing argument" -- "$bin" compare "$d/base.ini"
expect 2 "missing argument" -- "$bin" compare
expect 2 "threads" -- "$bin" compare "$d/base.ini" "$d/more.ini" --threads 0 --out "$tmp/x"
expect 2 "--set: \\[policy\\] basic_suport: unknown parameter" -- \
  "$bin" compare "$d/base.ini" "$d/base.ini" --set policy.basic_suport=1 --out "$tmp/x"
# The population mode: a reform on Norway's students (the baseline's sample and horizon), the
# evidence stated as national with the sample's share; a reform whose mode differs from the
# baseline's is refused (--set applies to the reforms). The horizon's entry cohorts start in
# 2009-10 (every student enrolled from 2016-17 on, beside the initial loan book of January
# 2016: docs/loanbook.md), and the evidence says the book is in the budget figures.
sc=$src/../scenarios
expect 0 "Norway: .* students entering 2009-10 to 2034-35, simulated as a sample of .* \\(share 0.002\\).* the initial loan book, 640 000 borrowers" -- \
  "$bin" compare "$sc/baseline-2025-26.ini" "$sc/nso-1.5g-11-months.ini" --sample 0.002 --quiet \
  --out "$tmp/pop"
grep -q "national total for Norway" "$tmp/pop/evidence.md" || fail "evidence.md does not say the totals are national"
# The sentence says what its table says: the support a month and the debt of borrowers living
# away are the rows of those names (it once took them by position and, after the table grew,
# printed a subsidy rate as the support and the support as the debt). 1.5 G over 11 months
# raises the support a month in 2026-27, the reform's first year.
row_change() { # FILE LABEL: the change column of the table row starting with LABEL
  awk -F'|' -v l="$2" 'index($2, " " l) == 1 { gsub(/^ +| +$/, "", $6); gsub(/^[+]/, "", $6); print $6; exit }' "$1"
}
sup=$(row_change "$tmp/pop/evidence.md" "Basic support a month, full-time, 2026-27")
debt=$(row_change "$tmp/pop/evidence.md" "Debt at end of study, mean of borrowers living away")
[ -n "$sup" ] && [ "$sup" != 0 ] || fail "evidence.md: no change in the support a month: '$sup'"
grep -q "^nso-1.5g-11-months costs .* A full-time student gets NOK $sup more a month in 2026-27\. A borrower living away leaves study with NOK $debt more debt on average\.$" \
  "$tmp/pop/evidence.md" || fail "the sentence does not say the table's support ($sup) and debt ($debt): $(grep '^nso-1.5g' "$tmp/pop/evidence.md")"
expect 2 "\\[cohort\\] population: none, but the baseline" -- "$bin" compare "$sc/baseline-2025-26.ini" \
  "$sc/nso-1.5g-11-months.ini" --set cohort.population=none --out "$tmp/x"
expect 2 "unknown option --bogus" -- "$bin" compare "$d/base.ini" "$d/more.ini" --bogus
[ -e "$tmp/x" ] && fail "a refused comparison left results behind"
finish
