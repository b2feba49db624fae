#!/bin/sh
# stipend explain / params / --help: success paths and every bad-input path (exit 2, one line).
set -u
bin=$1
. "$(dirname "$0")/lib.sh"

expect 0 "Usage: stipend COMMAND" -- "$bin" --help
expect 0 "^stipend [0-9]" -- "$bin" --version
expect 0 "Usage: stipend explain" -- "$bin" explain --help
expect 0 "Usage: stipend params" -- "$bin" params --help
expect 2 "unknown command" -- "$bin" frobnicate
expect 2 "missing command" -- "$bin"

expect 0 "stays loan" -- "$bin" explain --year 2024-25 --income 250000
expect 0 "^section,item,formula,amount_nok" -- "$bin" explain --year 2024-25 --csv
expect 0 "paid out,basic support .*,151690.00$" -- "$bin" explain --year 2024-25 --csv
expect 0 "tuition.*240 000.00" -- "$bin" explain --year 2024-25 --citizenship non-eea --institution USN --category C
expect 0 "basic_support" -- "$bin" params --year 2024-25
expect 0 "^set,period,parameter,value,unit,status,flag,source,note" -- "$bin" params --csv
expect 0 "academic,2026-27,basic_support,170368.00,NOK/year,projected,projected" -- "$bin" params --year 2026-27 --csv

expect 2 "unknown option --frobnicate" -- "$bin" explain --frobnicate
expect 2 "--income: -5 is negative" -- "$bin" explain --income -5
expect 2 "--income: 'abc' is not an amount" -- "$bin" explain --income abc
expect 2 "--credits-passed: 45 is more than the 30 credits taken" -- "$bin" explain --credits 30 --credits-passed 45
expect 2 "--credits: 61 is out of range" -- "$bin" explain --credits 61
expect 2 "--year: no parameter set for 2036-37" -- "$bin" explain --year 2036-37
expect 2 "--year: '2024' is not an academic year" -- "$bin" explain --year 2024
expect 2 "--institution: unknown institution 'Hogwarts'" -- "$bin" explain --institution Hogwarts
expect 2 "needs --institution and --category" -- "$bin" explain --year 2024-25 --citizenship non-eea
expect 2 "no tuition fee for USN category 'Z'" -- "$bin" explain --year 2024-25 --citizenship non-eea --institution USN --category Z
expect 2 "--exemption: unknown ground 'wizard'" -- "$bin" explain --citizenship non-eea --exemption wizard
expect 2 "--citizenship: 'martian'" -- "$bin" explain --citizenship martian
expect 2 "--year needs a value" -- "$bin" params --year
expect 2 "--year: no parameter set" -- "$bin" params --year 1999-00

# Published figures through the command (published figures).
# 2024-25: 151 690 paid, at most 60 676 converted (37 922.50 + 22 753.50 with the degree).
expect 0 "Result for the academic year,grant,grants kept \+ conversions,60676.00" -- "$bin" explain --year 2024-25 --degree-completed --csv
# 2016-17: 103 950 + the June week 2 599; 40 % per credits, no degree part.
expect 0 "extra June weeks,.*1 week x 10 395.00 / 4.*,2599.00$" -- "$bin" explain --year 2016-17 --csv
# 2019-20 maximum 48 488: 30 305.00 (25 %) + 18 183.00 (15 %).
expect 0 "Result for the academic year,grant,grants kept \+ conversions,48488.00" -- "$bin" explain --year 2019-20 --degree-completed --csv
# Lånekassen's 2019 child-grant example: partner 420 000, limit 411 968: 1 717 - 401 = 1 316 a
# month in autumn 2019 (5 months: 2 005.00 off); 2020's limit 425 357 is above 420 000.
expect 0 "spouse-income test 2019 \(5 months\),.*420 000.00 - 411 968.00.*401.60.*401.00 a month.*,2005.00$" -- "$bin" explain --year 2019-20 --children 1 --spouse-income 420000 --csv
expect 0 "spouse-income test 2020 \(6 months\),.*425 357.00.*,0.00$" -- "$bin" explain --year 2019-20 --children 1 --spouse-income 420000 --csv
expect 0 "child grant,after the spouse-income test,16882.00" -- "$bin" explain --year 2019-20 --children 1 --spouse-income 420000 --csv
# The 2025 income limit 224 709 (and 561 773 for <= 7 months of support).
expect 0 "calendar year 2025.*income reduction,.*224 709.00 - 224 709.00.*,0.00$" -- "$bin" explain --year 2024-25 --income 224709 --csv
expect 0 "calendar year 2025.*income reduction,.*224 710.00 - 224 709.00.*,0.55$" -- "$bin" explain --year 2024-25 --income 224710 --csv
# A first year: calendar 2024 has 5 months, the higher limit 535 532 (Lånekassen 2024).
expect 0 "calendar year 2024 \(5 months.*income reduction,.*535 532.00, the higher limit.*,0.00$" -- "$bin" explain --year 2024-25 --first-year --income 300000 --csv
# A last year: calendar 2025 has 6 months, the higher limit 561 773.
expect 0 "calendar year 2025 \(6 months.*561 773.00" -- "$bin" explain --year 2024-25 --last-year --income 300000 --csv
# Extra support 2024-25: disability 4 443 x 11 = 48 873; parent loan 57 940; 30+ loan 115 880.
expect 0 "disability grant,4 443.00 a month,48873.00" -- "$bin" explain --year 2024-25 --disability --csv
expect 0 "additional loan \(parents\),.*,57940.00$" -- "$bin" explain --year 2024-25 --children 2 --csv
expect 0 "additional loan \(30\+\),.*,115880.00$" -- "$bin" explain --year 2024-25 --age 31 --children 2 --csv
expect 0 "lives with parents: no conversion" -- "$bin" explain --year 2024-25 --at-home
# Tuition: USN's categories (USN's tuition fee page) and the semester fee; every exemption ground exempts.
expect 0 "tuition,.*USN E\+F: 120 000.00 per 60 credits.*,120000.00$" -- "$bin" explain --year 2024-25 --citizenship non-eea --institution USN --category E+F --csv
expect 0 "tuition,.*USN D: 170 000.00 per 60 credits.*,170000.00$" -- "$bin" explain --year 2024-25 --citizenship non-eea --institution USN --category D --csv
expect 0 "tuition,.*USN C: 240 000.00 per 60 credits.*,240000.00$" -- "$bin" explain --year 2024-25 --citizenship non-eea --institution USN --category C --csv
expect 0 "semester fee,.*2 terms x 822.00 \(2018-19 table.*,1644.00$" -- "$bin" explain --year 2018-19 --institution USN --csv
expect 0 "semester fee,.*2 terms x 662.00 \(2018-19 table.*,1324.00$" -- "$bin" explain --year 2018-19 --institution USN --online --csv
expect 0 "semester fee,exchange student from a partner institution.*,0.00$" -- "$bin" explain --year 2024-25 --citizenship non-eea --exemption exchange --institution USN --csv
for g in eea exchange phd admitted-before-2023 scholarship permanent-residence protection eu-family \
         married-norwegian cohabiting-norwegian work-2y uk-pre-2021 study-3y family-immigration; do
  expect 0 "exemption ground: $g" -- "$bin" explain --year 2024-25 --citizenship non-eea --exemption "$g" --institution USN --category C
done
# Residence grounds get support (rulebook 9i); exchange, scholarship and fee-payers do not.
expect 0 "status: supported" -- "$bin" explain --year 2024-25 --citizenship non-eea --exemption protection
expect 0 "status: not eligible" -- "$bin" explain --year 2024-25 --citizenship non-eea --exemption scholarship
expect 0 "no tuition before autumn 2023" -- "$bin" explain --year 2022-23 --citizenship non-eea --institution USN --category C

# Every bad-input path: one line on stderr, exit status 2.
expect 2 "--degree-completed and --not-in-degree contradict" -- "$bin" explain --degree-completed --not-in-degree
expect 2 "--exemption applies to --citizenship non-eea" -- "$bin" explain --exemption phd
expect 2 "--category needs --institution" -- "$bin" explain --category C
expect 2 "--children: 13 is out of range" -- "$bin" explain --children 13
expect 2 "--children: 'two' is not a whole number" -- "$bin" explain --children two
expect 2 "--age: 14 is out of range" -- "$bin" explain --age 14
expect 2 "--assets: -1 is negative" -- "$bin" explain --assets -1
expect 2 "--spouse-income: -2 is negative" -- "$bin" explain --spouse-income -2
expect 2 "--income: '100000.555' is not an amount" -- "$bin" explain --income 100000.555
expect 2 "--income: 1e15 is too large|--income: '1e15' is not an amount" -- "$bin" explain --income 1e15
expect 2 "--income: 99999999999999 is beyond the limit, NOK 1000000000000" -- "$bin" explain --income 99999999999999
expect 2 "--credits-passed: '30.5' is not a whole number" -- "$bin" explain --credits 45 --credits-passed 30.5
expect 2 "--credits-passed: -1 is out of range" -- "$bin" explain --credits-passed -1
expect 2 "--income given more than once" -- "$bin" explain --income 5 --income 6
expect 2 "--csv takes no value" -- "$bin" explain --csv=1
expect 2 "--year needs a value" -- "$bin" explain --year
expect 2 "unexpected argument 'foo'" -- "$bin" explain foo
expect 2 "unknown option -x" -- "$bin" explain -x
expect 2 "--year: no parameter set for 2015-16" -- "$bin" explain --year 2015-16
expect 2 "--institution: unknown institution 'NTNU'" -- "$bin" explain --citizenship non-eea --institution NTNU --category C
expect 2 "unknown option --frob" -- "$bin" params --frob
expect 2 "--year: 'next' is not an academic year" -- "$bin" params --year next
expect 2 "unknown command 'explian'" -- "$bin" explian
expect 0 "Usage: stipend repay" -- "$bin" repay --help
expect 0 "--first-year" -- "$bin" explain --help
# every exemption ground the parser knows (its error lists them from rules/tuition.c) is in
# the help text
grounds=$("$bin" explain --citizenship non-eea --exemption frobnicate 2>&1 | sed -n 's/.*(one of: \([^)]*\)).*/\1/p')
[ -n "$grounds" ] || { echo "FAIL: no list of exemption grounds"; fails=$((fails + 1)); }
help=$("$bin" explain --help | tr -s ' \n' '  ')
for g in $(echo "$grounds" | tr ',' ' '); do
  case "$help" in
  *" $g"[,.\ ]*) ;;
  *) echo "FAIL: exemption ground '$g' missing from 'stipend explain --help'"; fails=$((fails + 1)) ;;
  esac
done
# The 480-credit limit, the 60-credits-behind rule and the tuition-fee loan (77 192 in 2024-25).
expect 0 "status: supported for the credits left under the total limit" -- "$bin" explain --year 2024-25 --credits-before 450
expect 0 "basic support,10 months x 6 895.00 .*,68950.00$" -- "$bin" explain --year 2024-25 --credits-before 450 --csv
expect 0 "status: total support limit \(credits\) used up" -- "$bin" explain --year 2024-25 --credits-before 480
expect 0 "status: too far behind in credits" -- "$bin" explain --year 2024-25 --credits-behind 61
expect 0 "status: supported" -- "$bin" explain --year 2024-25 --credits-behind 60
expect 0 "tuition-fee loan,.*95 000.00.*77 192.00.*,77192.00$" -- "$bin" explain --year 2024-25 --private-tuition 95000 --csv
expect 0 "tuition-fee loan,.*61 234.50.*,61234.00$" -- "$bin" explain --year 2024-25 --private-tuition 61234.50 --csv
expect 2 "--private-tuition: -1 is negative" -- "$bin" explain --private-tuition -1
expect 2 "--credits-before: 1001 is out of range" -- "$bin" explain --credits-before 1001
expect 2 "--credits-behind: -1 is out of range" -- "$bin" explain --credits-behind -1

# stipend params: the flag column says which values are projected, carried forward or derived.
expect 0 "^calendar,2026,income_limit,235739.00,NOK/year,carried,carried-forward," -- "$bin" params --year 2026-27 --csv
expect 0 "^calendar,2024,asset_limit,487341.00,NOK,derived,derived," -- "$bin" params --year 2024-25 --csv
expect 0 "^calendar,2025,income_limit,224709.00,NOK/year,news,," -- "$bin" params --year 2024-25 --csv
expect 0 "^repayment,all,grace_months,7,months,official,," -- "$bin" params --csv
expect 0 "^rate,2024-05,floating_rate,5.128,percent,official,," -- "$bin" params --csv
expect 0 "^tuition,2024-25,tuition_fee.USN.C,240000.00,NOK/year,official,," -- "$bin" params --year 2024-25 --csv
expect 0 "^semester,2018-19,semester_fee_online.USN,662.00,NOK/term,official,," -- "$bin" params --csv
expect 0 "basic_support +170368.00 NOK/year +projected +projected" -- "$bin" params --year 2026-27
finish
