# The NSO scenario pack (scenarios/nso-*.ini): every file validates, says where its demand
# comes from, and shares the baseline's cohort and economy, so that `stipend compare` runs
# them on the same students.
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
dir=$src/../scenarios
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
finish
