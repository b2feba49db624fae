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
f=policy/academic/2024-25.csv

fresh
sed -i 's/^basic_support,151690,/basic_support,abc,/' "$tmp/d/$f"
expect 2 "2024-25.csv:[0-9]+: basic_support: value 'abc' is not an amount" -- "$bin" params --datasets "$tmp/d"

fresh
sed -i 's/^conversion_max_share,0.40*,/conversion_max_share,1.7,/' "$tmp/d/$f"
expect 2 "2024-25.csv:[0-9]+: conversion_max_share: value '1.7' is out of range" -- "$bin" params --datasets "$tmp/d"

fresh
sed -i '/^support_months,/d' "$tmp/d/$f"
expect 2 "2024-25.csv: parameter support_months is missing" -- "$bin" params --datasets "$tmp/d"

fresh
echo 'wizard_grant,5,NOK/month,official,http://example.org,' >> "$tmp/d/$f"
expect 2 "2024-25.csv:[0-9]+: wizard_grant: unknown parameter" -- "$bin" explain --datasets "$tmp/d"

fresh
sed -i 's/^basic_support,151690,NOK\/year,/basic_support,151690,NOK\/month,/' "$tmp/d/$f"
expect 2 "2024-25.csv:[0-9]+: basic_support: unit 'NOK/month', expected 'NOK/year'" -- "$bin" params --datasets "$tmp/d"

fresh
sed -i 's/^income_limit,\([0-9.]*\),NOK\/year,[a-z]*,/income_limit,\1,NOK\/year,guessed,/' "$tmp/d/policy/calendar/2025.csv"
expect 2 "2025.csv:[0-9]+: income_limit: status 'guessed'" -- "$bin" params --datasets "$tmp/d"

fresh
printf 'USN,C,2024-25,"240000,official,x,\n' >> "$tmp/d/tuition/tuition_fees.csv"
expect 2 "tuition_fees.csv:[0-9]+: malformed CSV" -- "$bin" params --datasets "$tmp/d"

fresh
rm "$tmp/d/policy/calendar/2019.csv"
expect 2 "2019.csv: cannot open" -- "$bin" params --datasets "$tmp/d"
# More of the loader's checks, each naming file, line and field.
c=policy/calendar/2024.csv
fresh
sed -i '2s/^parameter,value,unit,status,source,note$/parameter,value,unit,status,source/' "$tmp/d/$f"
expect 2 "2024-25.csv:2: header has 5 columns, expected 6" -- "$bin" params --datasets "$tmp/d"

fresh
sed -i '2s/^parameter,value,/name,value,/' "$tmp/d/$f"
expect 2 "2024-25.csv:2: column 1 is 'name', expected 'parameter'" -- "$bin" params --datasets "$tmp/d"

fresh
sed -i 's/^support_months,11,months,official,/support_months,11,months,official,x,y,/' "$tmp/d/$f"
expect 2 "2024-25.csv:[0-9]+: 8 fields, expected 6" -- "$bin" params --datasets "$tmp/d"

fresh
grep '^support_months,' "$tmp/d/$f" > "$tmp/row" && cat "$tmp/row" >> "$tmp/d/$f"
expect 2 "2024-25.csv:[0-9]+: support_months: given twice \(first on line [0-9]+\)" -- "$bin" params --datasets "$tmp/d"

fresh
sed -i 's/^support_months,11,/support_months,11.5,/' "$tmp/d/$f"
expect 2 "2024-25.csv:[0-9]+: support_months: value '11.5' is not a whole number" -- "$bin" params --datasets "$tmp/d"

fresh
sed -i 's/^support_months,11,/support_months,13,/' "$tmp/d/$f"
expect 2 "2024-25.csv:[0-9]+: support_months: value '13' is out of range \[9, 12\] months" -- "$bin" params --datasets "$tmp/d"

fresh
sed -i 's/^income_reduction_rate,0.05,/income_reduction_rate,five,/' "$tmp/d/$c"
expect 2 "2024.csv:[0-9]+: income_reduction_rate: value 'five' is not a number" -- "$bin" params --datasets "$tmp/d"

fresh
sed -i 's/^income_limit,214213,/income_limit,-214213,/' "$tmp/d/$c"
expect 2 "2024.csv:[0-9]+: income_limit: value '-214213' is out of range" -- "$bin" params --datasets "$tmp/d"

fresh
sed -i 's/^\(basic_support,151690,NOK\/year,official,\)[^,]*,/\1,/' "$tmp/d/$f"
expect 2 "2024-25.csv:[0-9]+: basic_support: source is empty" -- "$bin" params --datasets "$tmp/d"

fresh
sed -i 's/^\(asset_limit,[0-9]*,NOK,derived,.*\),"[^"]*"$/\1,/' "$tmp/d/$c"
expect 2 "2024.csv:[0-9]+: asset_limit: a derived value needs a note" -- "$bin" params --datasets "$tmp/d"

fresh
sed -i 's/^\(spouse_income_limit,[0-9]*,NOK\/year,carried,[^,]*\),.*$/\1,/' "$tmp/d/$c"
expect 2 "2024.csv:[0-9]+: spouse_income_limit: a carried value needs a note" -- "$bin" params --datasets "$tmp/d"

# Cross-checks: the conversion shares and the two income limits.
fresh
sed -i 's/^conversion_exam_share,0.25,/conversion_exam_share,0.30,/' "$tmp/d/$f"
expect 2 "2024-25.csv:[0-9]+: conversion_exam_share \+ conversion_degree_share exceeds conversion_max_share" -- "$bin" params --datasets "$tmp/d"
fresh
sed -i 's/^income_limit_short,535532,/income_limit_short,200000,/' "$tmp/d/$c"
expect 2 "2024.csv:[0-9]+: income_limit_short is below income_limit" -- "$bin" params --datasets "$tmp/d"

# Interest rates.
r=policy/interest_rates.csv
fresh
sed -i 's/^2024-05,5.128,/2024-13,5.128,/' "$tmp/d/$r"
expect 2 "interest_rates.csv:[0-9]+: from: '2024-13' is not a month YYYY-MM" -- "$bin" params --datasets "$tmp/d"
fresh
sed -i 's/^2024-05,5.128,/2024-02,5.128,/' "$tmp/d/$r"
expect 2 "interest_rates.csv:[0-9]+: from: 2024-02 is not after the previous row" -- "$bin" params --datasets "$tmp/d"
fresh
sed -i 's/^2024-05,5.128,/2024-05,25,/' "$tmp/d/$r"
expect 2 "interest_rates.csv:[0-9]+: rate_percent: '25' is not a rate in \[0, 20\]" -- "$bin" params --datasets "$tmp/d"
fresh
sed -i 's/^2024-05,5.128,official,/2024-05,5.128,rumour,/' "$tmp/d/$r"
expect 2 "interest_rates.csv:[0-9]+: rate_percent: status 'rumour'" -- "$bin" params --datasets "$tmp/d"
fresh
sed -i '3,$d' "$tmp/d/$r"
expect 2 "interest_rates.csv: no rates" -- "$bin" params --datasets "$tmp/d"

# Tuition and semester fee tables.
t=tuition/tuition_fees.csv
fresh
sed -i 's/^USN,C,2024-25,240000,/USN,C,2024,240000,/' "$tmp/d/$t"
expect 2 "tuition_fees.csv:[0-9]+: year: '2024' is not an academic year like 2024-25" -- "$bin" params --datasets "$tmp/d"
fresh
sed -i 's/^USN,C,2024-25,240000,/USN,C,2024-25,240k,/' "$tmp/d/$t"
expect 2 "tuition_fees.csv:[0-9]+: fee_nok: '240k' is not an amount in NOK" -- "$bin" params --datasets "$tmp/d"
fresh
sed -i 's/^USN,C,2024-25,240000,/USN,C,2024-25,2400000,/' "$tmp/d/$t"
expect 2 "tuition_fees.csv:[0-9]+: fee_nok: 2400000 is out of range \[0, 2000000\] NOK" -- "$bin" params --datasets "$tmp/d"
fresh
sed -i 's/^USN,C,2024-25,240000,/,C,2024-25,240000,/' "$tmp/d/$t"
expect 2 "tuition_fees.csv:[0-9]+: institution and category must not be empty" -- "$bin" params --datasets "$tmp/d"
fresh
grep '^USN,C,2024-25' "$tmp/d/$t" > "$tmp/row" && cat "$tmp/row" >> "$tmp/d/$t"
expect 2 "tuition_fees.csv:[0-9]+: USN C 2024-25 is given twice" -- "$bin" params --datasets "$tmp/d"
sm=tuition/semester_fees.csv
fresh
sed -i 's/^USN,2018-19,822,662,/USN,2018-19,822,-662,/' "$tmp/d/$sm"
expect 2 "semester_fees.csv:[0-9]+: online_fee_nok: -662 is out of range" -- "$bin" params --datasets "$tmp/d"
fresh
sed -i 's/^USN,2018-19,822,662,/USN,18-19,822,662,/' "$tmp/d/$sm"
expect 2 "semester_fees.csv:[0-9]+: year: '18-19' is not an academic year" -- "$bin" params --datasets "$tmp/d"
fresh
sed -i 's/^\(HVL,2022-23,790,790,derived,[^,]*\),.*$/\1,/' "$tmp/d/$sm"
expect 2 "semester_fees.csv:[0-9]+: fee_nok: a derived value needs a note" -- "$bin" params --datasets "$tmp/d"
fresh
sed -i 's/^USN,2018-19,822,662,official,.*$/USN,2018-19,822,662,official/' "$tmp/d/$sm"
expect 2 "semester_fees.csv:[0-9]+: 5 fields, expected 7" -- "$bin" params --datasets "$tmp/d"
fresh
grep '^USN,2018-19' "$tmp/d/$sm" > "$tmp/row" && cat "$tmp/row" >> "$tmp/d/$sm"
expect 2 "semester_fees.csv:[0-9]+: USN 2018-19 is given twice" -- "$bin" params --datasets "$tmp/d"

# STIPEND_DATASETS points the loader elsewhere; the bundled sets are intact.
fresh
sed -i 's/^basic_support,151690,/basic_support,abc,/' "$tmp/d/$f"
expect 2 "$tmp/d/policy/academic/2024-25.csv:3: basic_support" -- env STIPEND_DATASETS="$tmp/d" "$bin" params
expect 0 "academic,2024-25,basic_support,151690.00,NOK/year,official,," -- "$bin" params --year 2024-25 --csv
finish
