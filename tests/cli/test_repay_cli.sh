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
# Worked by hand: 20 000 at 5 %. Interest from the month after support ends (2026-07): 20 000
# x 5 % / 12 = 83.33 a month for 7 grace months, 583.31 added before the first bill (2027-02);
# the plan is ceil(20 000 / 950) = 22 months from the start of interest, so 15 instalments to
# 2028-04; the annuity of 20 583.31 over 15 months at 5 %/12 is 1 418.4051 -> 1 418.41 (up to
# the øre), the first bill's interest 20 583.31 x 5 % / 12 = 85.76.
expect 0 "^2026-07,grace,5.000,83.33,0.00,0.00,20083.33$" -- "$bin" repay --debt 20000 --rate 5 --schedule
expect 0 "^2027-01,grace,5.000,83.33,0.00,0.00,20583.31$" -- "$bin" repay --debt 20000 --rate 5 --schedule
expect 0 "^2027-02,pay,5.000,85.76,1418.41,1332.65,19250.66$" -- "$bin" repay --debt 20000 --rate 5 --schedule
expect 0 "^2028-04,pay,5.000,[0-9.]+,[0-9.]+,[0-9.]+,0.00$" -- "$bin" repay --debt 20000 --rate 5 --schedule
expect 0 "^20000.00,5.000,7,0,2026-07,2027-02,15,1418.41,[0-9.]+,[0-9.]+,2028-04$" -- "$bin" repay --debt 20000 --rate 5 --csv
expect 0 "first bill +2027-02 \(7 months of interest added first\)" -- "$bin" repay --debt 20000 --rate 5
# A deferred bill: no payment, the month's interest (85.76) added, the end a month later.
expect 0 "^2027-02,defer,5.000,85.76,0.00,0.00,20669.07$" -- "$bin" repay --debt 20000 --rate 5 --deferrals 1 --schedule
expect 0 ",1,2026-07,2027-02,15,[0-9.]+,[0-9.]+,[0-9.]+,2028-05$" -- "$bin" repay --debt 20000 --rate 5 --deferrals 1 --csv
# Lånekassen 24.01.2024: 427 000 at 5.032 % gives a monthly instalment of 2 960 (+-5 kr).
expect 0 "^427000.00,5.032,7,0,[0-9-]+,[0-9-]+,233,29(5[5-9]|6[0-5])\.[0-9][0-9]," -- "$bin" repay --debt 427000 --rate 5.032 --csv
# --start moves the plan; --grace-months 6 brings the first bill a month earlier.
expect 0 ",2025-03,2025-10,233,[0-9.]+,[0-9.]+,[0-9.]+,2045-02$" -- "$bin" repay --debt 434000 --rate 5.175 --start 2025-03 --csv
expect 0 ",6,0,2026-07,2027-01,234,[0-9.]+,[0-9.]+,[0-9.]+,2046-06$" -- "$bin" repay --debt 434000 --rate 5.175 --grace-months 6 --csv
# A zero rate: the debt in equal parts, no interest.
expect 0 ",233,1862.67,0.00,434000.00,2046-06$" -- "$bin" repay --debt 434000 --rate 0 --csv

expect 2 "--debt: 0 leaves nothing to repay" -- "$bin" repay --debt 0 --rate 5
expect 2 "--debt: 100000001 is over NOK 100 million" -- "$bin" repay --debt 100000001 --rate 5
expect 2 "--debt: '12,345.67' is not an amount|--debt: '12,345.67'" -- "$bin" repay --debt 12,345.67 --rate 5
expect 2 "--grace-months: 25 is out of range" -- "$bin" repay --debt 1000 --rate 5 --grace-months 25
expect 2 "--years: 1 years leaves no instalment after 12 grace months" -- "$bin" repay --debt 1000 --rate 5 --grace-months 12 --years 1
expect 2 "--years: 51 is out of range" -- "$bin" repay --debt 1000 --rate 5 --years 51
expect 2 "--deferrals: -1 is out of range" -- "$bin" repay --debt 1000 --rate 5 --deferrals -1
expect 2 "--rate: -1 is out of range" -- "$bin" repay --debt 1000 --rate -1
expect 2 "--start: 'July' is not a month" -- "$bin" repay --debt 1000 --rate 5 --start July
expect 2 "--rate needs a value" -- "$bin" repay --debt 1000 --rate
expect 2 "--schedule takes no value" -- "$bin" repay --debt 1000 --rate 5 --schedule=yes
expect 2 "unexpected argument '434000'" -- "$bin" repay 434000
finish
