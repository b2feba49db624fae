#!/bin/sh
# A broken parameter file gets one error naming file, line and parameter, and exit status 2.
set -u
bin=$1
tests=$2
. "$(dirname "$0")/lib.sh"
src=$(cd "$tests/../datasets" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fresh() { rm -rf "$tmp/d"; cp -r "$src" "$tmp/d"; }
# broken FILE SED-SCRIPT MESSAGE: one edit of FILE in a fresh copy, and `stipend params` on it
# fails with MESSAGE and exit status 2.
broken() {
  fresh
  sed -i "$2" "$tmp/d/$1"
  expect 2 "$3" -- "$bin" params --datasets "$tmp/d"
}
f=policy/academic/2024-25.csv

broken "$f" 's/^basic_support,151690,/basic_support,abc,/' "2024-25.csv:[0-9]+: basic_support: value 'abc' is not an amount"

broken "$f" 's/^conversion_max_share,0.40*,/conversion_max_share,1.7,/' "2024-25.csv:[0-9]+: conversion_max_share: value '1.7' is out of range"

broken "$f" '/^support_months,/d' "2024-25.csv: parameter support_months is missing"

fresh
echo 'wizard_grant,5,NOK/month,official,http://example.org,' >> "$tmp/d/$f"
expect 2 "2024-25.csv:[0-9]+: wizard_grant: unknown parameter" -- "$bin" explain --datasets "$tmp/d"

broken "$f" 's/^basic_support,151690,NOK\/year,/basic_support,151690,NOK\/month,/' "2024-25.csv:[0-9]+: basic_support: unit 'NOK/month', expected 'NOK/year'"

broken "policy/calendar/2025.csv" 's/^income_limit,\([0-9.]*\),NOK\/year,[a-z]*,/income_limit,\1,NOK\/year,guessed,/' "2025.csv:[0-9]+: income_limit: status 'guessed'"

fresh
printf 'USN,C,2024-25,"240000,official,x,\n' >> "$tmp/d/tuition/tuition_fees.csv"
expect 2 "tuition_fees.csv:[0-9]+: malformed CSV" -- "$bin" params --datasets "$tmp/d"

fresh
rm "$tmp/d/policy/calendar/2019.csv"
expect 2 "2019.csv: cannot open" -- "$bin" params --datasets "$tmp/d"
# More of the loader's checks, each naming file, line and field.
c=policy/calendar/2024.csv
broken "$f" '2s/^parameter,value,unit,status,source,note$/parameter,value,unit,status,source/' "2024-25.csv:2: header has 5 columns, expected 6"

broken "$f" '2s/^parameter,value,/name,value,/' "2024-25.csv:2: header: column 1 is 'name', expected 'parameter'"

broken "$f" 's/^support_months,11,months,official,/support_months,11,months,official,x,y,/' "2024-25.csv:[0-9]+: 8 fields, expected 6"

fresh
grep '^support_months,' "$tmp/d/$f" > "$tmp/row" && cat "$tmp/row" >> "$tmp/d/$f"
expect 2 "2024-25.csv:[0-9]+: support_months: given twice \(first on line [0-9]+\)" -- "$bin" params --datasets "$tmp/d"

broken "$f" 's/^support_months,11,/support_months,11.5,/' "2024-25.csv:[0-9]+: support_months: value '11.5' is not a whole number"

broken "$f" 's/^support_months,11,/support_months,13,/' "2024-25.csv:[0-9]+: support_months: value '13' is out of range \[9, 12\] months"

broken "$c" 's/^income_reduction_rate,0.05,/income_reduction_rate,five,/' "2024.csv:[0-9]+: income_reduction_rate: value 'five' is not a number"

broken "$c" 's/^income_limit,214213,/income_limit,-214213,/' "2024.csv:[0-9]+: income_limit: value '-214213' is out of range"

broken "$f" 's/^\(basic_support,151690,NOK\/year,official,\)[^,]*,/\1,/' "2024-25.csv:[0-9]+: basic_support: source is empty"

broken "$c" 's/^\(asset_limit,[0-9]*,NOK,derived,.*\),"[^"]*"$/\1,/' "2024.csv:[0-9]+: asset_limit: a derived value needs a note"

broken "$c" 's/^\(spouse_income_limit,[0-9]*,NOK\/year,carried,[^,]*\),.*$/\1,/' "2024.csv:[0-9]+: spouse_income_limit: a carried value needs a note"

# Cross-checks: the conversion shares and the two income limits.
broken "$f" 's/^conversion_exam_share,0.25,/conversion_exam_share,0.30,/' "2024-25.csv:[0-9]+: conversion_exam_share \+ conversion_degree_share exceeds conversion_max_share"
broken "$c" 's/^income_limit_short,535532,/income_limit_short,200000,/' "2024.csv:[0-9]+: income_limit_short is below income_limit"

# Interest rates.
r=policy/interest_rates.csv
broken "$r" 's/^2024-05,5.128,/2024-13,5.128,/' "interest_rates.csv:[0-9]+: from: '2024-13' is not a month YYYY-MM"
broken "$r" 's/^2024-05,5.128,/2024-02,5.128,/' "interest_rates.csv:[0-9]+: from: 2024-02 is not after the previous row"
broken "$r" 's/^2024-05,5.128,/2024-05,25,/' "interest_rates.csv:[0-9]+: rate_percent: '25' is not a rate in \[0, 20\]"
broken "$r" 's/^2024-05,5.128,official,/2024-05,5.128,rumour,/' "interest_rates.csv:[0-9]+: rate_percent: status 'rumour'"
broken "$r" '3,$d' "interest_rates.csv: no rates"

# Tuition and semester fee tables.
t=tuition/tuition_fees.csv
broken "$t" 's/^USN,C,2024-25,240000,/USN,C,2024,240000,/' "tuition_fees.csv:[0-9]+: year: '2024' is not an academic year like 2024-25"
broken "$t" 's/^USN,C,2024-25,240000,/USN,C,2024-25,240k,/' "tuition_fees.csv:[0-9]+: fee_nok: '240k' is not an amount in NOK"
broken "$t" 's/^USN,C,2024-25,240000,/USN,C,2024-25,2400000,/' "tuition_fees.csv:[0-9]+: fee_nok: 2400000 is out of range \[0, 2000000\] NOK"
broken "$t" 's/^USN,C,2024-25,240000,/,C,2024-25,240000,/' "tuition_fees.csv:[0-9]+: institution and category must not be empty"
fresh
grep '^USN,C,2024-25' "$tmp/d/$t" > "$tmp/row" && cat "$tmp/row" >> "$tmp/d/$t"
expect 2 "tuition_fees.csv:[0-9]+: USN C 2024-25 is given twice" -- "$bin" params --datasets "$tmp/d"
sm=tuition/semester_fees.csv
broken "$sm" 's/^USN,2018-19,822,662,/USN,2018-19,822,-662,/' "semester_fees.csv:[0-9]+: online_fee_nok: -662 is out of range"
broken "$sm" 's/^USN,2018-19,822,662,/USN,18-19,822,662,/' "semester_fees.csv:[0-9]+: year: '18-19' is not an academic year"
broken "$sm" 's/^\(HVL,2022-23,790,790,derived,[^,]*\),.*$/\1,/' "semester_fees.csv:[0-9]+: fee_nok: a derived value needs a note"
broken "$sm" 's/^USN,2018-19,822,662,official,.*$/USN,2018-19,822,662,official/' "semester_fees.csv:[0-9]+: 5 fields, expected 7"
fresh
grep '^USN,2018-19' "$tmp/d/$sm" > "$tmp/row" && cat "$tmp/row" >> "$tmp/d/$sm"
expect 2 "semester_fees.csv:[0-9]+: USN 2018-19 is given twice" -- "$bin" params --datasets "$tmp/d"

# STIPEND_DATASETS points the loader elsewhere; the bundled sets are intact.
fresh
sed -i 's/^basic_support,151690,/basic_support,abc,/' "$tmp/d/$f"
expect 2 "$tmp/d/policy/academic/2024-25.csv:3: basic_support" -- env STIPEND_DATASETS="$tmp/d" "$bin" params
expect 0 "academic,2024-25,basic_support,151690.00,NOK/year,official,," -- "$bin" params --year 2024-25 --csv
finish
