#!/bin/sh
# stipend repay: the plans the rulebook derives from Lånekassen's examples, and bad input.
set -u
bin=$1
. "$(dirname "$0")/lib.sh"

expect 0 "Usage: stipend repay" -- "$bin" repay --help
# 20 years from the start of interest with 7 months' grace: 233 instalments (rulebook 5).
expect 0 "instalments +233" -- "$bin" repay --debt 434000 --rate 5.175
expect 0 ",233,[0-9.]+,[0-9.]+,[0-9.]+,2046-06$" -- "$bin" repay --debt 434000 --rate 5.175 --csv
# Lånekassen's 2019 small-debt examples: about 4, 8 and 17 years (≈46, ≈98, ≈203 instalments).
expect 0 ",4[5-7],[0-9.]+,[0-9.]+,[0-9.]+,20" -- "$bin" repay --debt 50000 --rate 4 --csv
expect 0 ",(9[6-9]|100),[0-9.]+," -- "$bin" repay --debt 100000 --rate 2 --csv
expect 0 ",20[1-5],[0-9.]+," -- "$bin" repay --debt 200000 --rate 6 --csv
expect 0 "monthly_instalment_nok" -- "$bin" repay --debt 300000 --rate 5 --csv
# Deferrals move the end a month each.
expect 0 ",3,2026-07,2027-02,233,[0-9.]+,[0-9.]+,[0-9.]+,2046-09$" -- "$bin" repay --debt 434000 --rate 5.175 --deferrals 3 --csv
expect 0 "^month,action,rate_percent,interest_nok,paid_nok,principal_nok,balance_nok" -- "$bin" repay --debt 20000 --rate 5 --schedule
expect 0 ",120,[0-9.]+," -- "$bin" repay --debt 434000 --rate 5 --years 10 --grace-months 0 --csv

expect 2 "--debt is required" -- "$bin" repay --rate 5
expect 2 "--rate is required" -- "$bin" repay --debt 1000
expect 2 "--debt: -5 is negative" -- "$bin" repay --debt -5 --rate 5
expect 2 "--rate: 31 is out of range" -- "$bin" repay --debt 1000 --rate 31
expect 2 "--rate: 'five' is not a number" -- "$bin" repay --debt 1000 --rate five
expect 2 "--deferrals: 37 is out of range" -- "$bin" repay --debt 1000 --rate 5 --deferrals 37
expect 2 "--start: '2026-13' is not a month" -- "$bin" repay --debt 1000 --rate 5 --start 2026-13
expect 2 "--years: 0 is out of range" -- "$bin" repay --debt 1000 --rate 5 --years 0
expect 2 "unknown option --frob" -- "$bin" repay --debt 1000 --rate 5 --frob
finish
