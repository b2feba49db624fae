# The NSO scenario pack (scenarios/nso-*.ini): every file validates, says where its demand
# comes from, and shares the baseline's cohort and economy, so that `stipend compare` runs
# them on the same students.
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
dir=$src/../scenarios
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
# key FILE NAME: the value of the first "NAME = value" line
key() { sed -n "s/^$2 *= *//p" "$1" | head -1; }

n=0
for f in "$dir"/nso-*.ini; do
  n=$((n + 1))
  name=$(basename "$f" .ini)
  expect 0 "^ok: $name, base year 2026-27" -- "$bin" validate "$f"
  grep -qi "where .* comes from" "$f" || bad "$name does not say where its demand comes from"
  grep -q "https://" "$f" || bad "$name names no source"
  for k in seed entry_years size population sample calibration rate_after wage_growth price_growth discount_rate cost_of_funds; do
    [ "$(key "$f" $k)" = "$(key "$dir/baseline-2025-26.ini" $k)" ] || bad "$name: $k differs from the baseline"
  done
  grep -q "$(basename "$f")" "$dir/README.md" || bad "scenarios/README.md does not list $name"
done
[ "$n" = 7 ] || bad "$n pack files, expected 7"
# the pack runs for Norway: the population mode, one in twenty
[ "$(key "$dir/baseline-2025-26.ini" population)" = norway ] || bad "the baseline is not in the population mode"
grep -q "^basic_support = 1.5G$" "$dir/nso-1.5g-11-months.ini" || bad "1.5 G file without basic_support = 1.5G"
grep -q "^non_eea_support = 1$" "$dir/nso-international-support.ini" || bad "international support switch missing"
# the quota-scheme variant: the same support, and the write-off on settling at home
grep -q "^non_eea_support = 1$" "$dir/nso-international-support-quota.ini" &&
  grep -q "^permit_home_writeoff = 1$" "$dir/nso-international-support-quota.ini" ||
  bad "nso-international-support-quota: support or home write-off switch missing"
grep -q "permit_home_writeoff" "$dir/nso-international-support.ini" &&
  bad "nso-international-support: the home write-off belongs to the variant only"
grep -q "^conversion_max_share = 50%$" "$dir/nso-conversion-50.ini" || bad "conversion share 50 % missing"
# NSO's standing demand: 40 % on credits passed, no degree condition
[ "$(key "$dir/nso-conversion-40-credits.ini" conversion_exam_share)" = 40% ] &&
  [ "$(key "$dir/nso-conversion-40-credits.ini" conversion_degree_share)" = 0% ] ||
  bad "nso-conversion-40-credits: not 40 % on credits passed without a degree part"
# The two international-support scenarios for Norway (a small sample): the quota-scheme
# variant writes off what those who leave owe a year after study, so it costs the same as
# the ordinary support in the 2026 and 2027 budgets and more over the students' lives, with
# more written off (post 73) and no more lost (post 74).
"$bin" compare "$dir/baseline-2025-26.ini" "$dir/nso-international-support.ini" \
  "$dir/nso-international-support-quota.ini" --sample 0.01 --quiet --no-report \
  --out "$tmp/intl" >/dev/null 2>"$tmp/intl.err" || bad "international compare: $(cat "$tmp/intl.err")"
ev() { awk -F, -v r="$1" -v m="$2" '$1 == r && $3 == m { print $11 }' "$tmp/intl/evidence.csv"; }
tot() { awk -F, -v s="$1" -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i }
  $1 == s && $2 == "total" { print $k }' "$tmp/intl/budget_totals.csv"; }
for m in first_budget_year_cost full_year_effect; do
  [ -n "$(ev nso-international-support $m)" ] || bad "international support: no $m in evidence.csv"
  [ "$(ev nso-international-support $m)" = "$(ev nso-international-support-quota $m)" ] ||
    bad "quota variant: $m differs from the ordinary support's ($(ev nso-international-support $m), $(ev nso-international-support-quota $m))"
done
awk -v a="$(ev nso-international-support net_cost_pv)" -v b="$(ev nso-international-support-quota net_cost_pv)" \
  'BEGIN { exit !(a > 0 && b > a) }' || bad "quota variant: net cost in PV not above the ordinary support's"
awk -v a="$(tot nso-international-support write_offs_nok)" -v b="$(tot nso-international-support-quota write_offs_nok)" \
  -v c="$(tot nso-international-support losses_nok)" -v d="$(tot nso-international-support-quota losses_nok)" \
  'BEGIN { exit !(b > a && d <= c) }' || bad "quota variant: write-offs not up or losses up"
finish
