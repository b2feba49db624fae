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
finish
