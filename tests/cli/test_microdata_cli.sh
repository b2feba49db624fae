# The microdata path end to end: a hand-built cohort (tests/data/microdata/hand.csv) whose
# outcomes were worked out by hand from Lånekassen's published rates; export and replay of a
# synthetic cohort; byte-identical results on 1 and 2 threads; broken rows and bad input.
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
hand=$src/data/microdata

# A copy of the datasets with the behaviour switched off (no deaths, deferrals, relief,
# defaults or voluntary payments), so that each loan runs exactly to its plan and can be
# worked by hand.
cp -r "${STIPEND_DATASETS:-$src/../datasets}" "$tmp/ds"
p=$tmp/ds/cohort/default/parameters.csv
for k in relief_take_up default_hazard defer_year_share settle_hazard extra_repay_prob; do
  sed -i "s/^$k,[^,]*,/$k,0,/" "$p"
done
awk -F, 'BEGIN{OFS=","} /^[0-9]/{$2="0";$3="0"} {print}' "$tmp/ds/cohort/default/mortality.csv" \
  > "$tmp/m.csv" && mv "$tmp/m.csv" "$tmp/ds/cohort/default/mortality.csv"

expect 0 "6 students" -- "$bin" run "$hand/hand.ini" --datasets "$tmp/ds" --out "$tmp/hand" \
  --students --quiet
s=$tmp/hand/students.csv

# field ID COLUMN: the value of COLUMN for student ID in students.csv
field() {
  awk -F, -v id="$1" -v col="$2" 'NR==1{for(i=1;i<=NF;i++) if($i==col) c=i; next}
    $1==id{print $c}' "$s"
}
check() { # check ID COLUMN EXPECTED WHY
  got=$(field "$1" "$2")
  if [ "$got" != "$3" ]; then
    echo "FAIL: student $1 $2 = '$got', expected $3 ($4)" >&2
    fails=$((fails + 1))
  fi
}
# 1: one-year programme 2024-25, living at home: the whole basic support stays loan,
#    151 690 (Lånekassen 2024-25); semester fee 825 a term at USN (2024-25).
check 1 paid_out_nok 151690.00 "basic support 2024-25"
check 1 grant_nok 0.00 "no conversion when living with parents"
check 1 loan_nok 151690.00 "all loan"
check 1 semester_fees_nok 1650.00 "2 x 825"
check 1 debt_end_study_nok 151690.00 "debt when interest starts"
#    plan: ceil(151 690 / 950) = 160 months from July 2025, 7 months' grace: 153 instalments.
check 1 repay_months 153 "160-month plan less 7 grace months"
check 1 end repaid "no behaviour: the plan runs out"
check 1 written_off_nok 0.00 "nothing written off"
# 2: bachelor 2022-23..2024-25 living away, all credits passed, degree completed, no income:
#    128 887 + 137 907 + 151 690 = 418 484 paid, 40 % = 167 393.60 converted.
check 2 paid_out_nok 418484.00 "three years of basic support"
check 2 grant_nok 167393.60 "40 % of 418 484"
check 2 loan_nok 251090.40 "60 % stays loan"
check 2 repay_months 233 "the 240-month plan less 7 grace months"
# 3: non-EEA student paying tuition (USN category D, 170 000 in 2024-25): no support.
check 3 paid_out_nok 0.00 "no support for fee-paying non-EEA students (baseline)"
check 3 tuition_nok 170000.00 "USN fee, category D"
check 3 end no-debt "nothing borrowed"
# 4: a student who never borrows.
check 4 paid_out_nok 0.00 "does not take support"
check 4 end no-debt "no debt"
# 5: one year 2024-25 living away, 30 of 60 credits passed, then leaves:
#    25 % x 151 690 x 30/60 = 18 961.25 converted; the 15 % degree part is lost.
check 5 grant_nok 18961.25 "exam part for 30 of 60 credits"
check 5 loan_nok 132728.75 "151 690 - 18 961.25"
# 6: one year 2024-25 living away, all passed, leaves; 2024 income 100 000 (5 months, limit
#    535 532: no cut); 2025 income 600 000 over 6 months (limit 561 773 for <= 7 months):
#    5 % x 38 227 x 6 = 11 468.10 off the exam part (37 922.50): 26 454.40 converted.
check 6 grant_nok 26454.40 "exam part less the 2025 reduction"
check 6 loan_nok 125235.60 "151 690 - 26 454.40"
check 6 means_reduced 1 "reduced, not to zero"

# The repayment of student 1 by hand: interest 5.175 % a year (the last published rate, held),
# a twelfth per month. Grace: 7 months of interest on 151 690 accrue, then are added to the
# balance; 153 annuity instalments B i / (1 - (1+i)^-153), rounded up to the øre.
awk -v paid="$(field 1 repaid_nok)" -v charged="$(field 1 interest_nok)" 'BEGIN {
  D = 15169000; i = 0.05175 / 12; g = int(D * i + 0.5); B = D + 7 * g
  inst = B * i / (1 - (1 + i) ^ -153); inst = (inst == int(inst)) ? inst : int(inst) + 1
  want = (7 * g + 153 * inst - B) / 100
  owed = 151690 + charged
  if (paid - owed > 0.001 || owed - paid > 0.001) {
    printf "FAIL: student 1 repaid %.2f, debt + interest %.2f\n", paid, owed > "/dev/stderr"
    exit 1
  }
  if (charged - want > 2 || want - charged > 2) {
    printf "FAIL: student 1 interest %.2f, by hand %.2f (within NOK 2)\n", charged, want > "/dev/stderr"
    exit 1
  }
}' || fails=$((fails + 1))

# The level as the result files spell it ("one-year") reads as "oneyear": the same results.
cp "$hand/hand.ini" "$tmp/hand2.ini"
sed 's/,oneyear,/,one-year,/g' "$hand/hand.csv" > "$tmp/hand2.csv"
grep -q ',one-year,' "$tmp/hand2.csv" || { echo "FAIL: no one-year row to test" >&2; fails=$((fails + 1)); }
sed -i "s|^microdata *=.*|microdata = $tmp/hand2.csv|" "$tmp/hand2.ini"
expect 0 "6 students" -- "$bin" run "$tmp/hand2.ini" --datasets "$tmp/ds" --out "$tmp/hand2" \
  --students --quiet
cmp -s "$s" "$tmp/hand2/students.csv" || { echo "FAIL: one-year and oneyear differ" >&2; fails=$((fails + 1)); }

# Export a synthetic cohort, replay it: identical results. And 1 against 2 threads.
sc=$src/../scenarios/baseline-2025-26.ini
expect 0 "20000 students written" -- "$bin" cohort "$sc" --size 20000 --out "$tmp/c.csv" --quiet
expect 0 "20000 students" -- "$bin" run "$sc" --size 20000 --threads 1 --students --quiet \
  --out "$tmp/t1"
expect 0 "20000 students" -- "$bin" run "$sc" --size 20000 --threads 2 --students --quiet \
  --out "$tmp/t2"
expect 0 "20000 students" -- "$bin" run "$sc" --cohort "$tmp/c.csv" --threads 2 --students \
  --quiet --out "$tmp/replay"
for f in summary.csv groups.csv cashflow.csv distribution.csv students.csv; do
  cmp -s "$tmp/t1/$f" "$tmp/t2/$f" || { echo "FAIL: $f differs at 1 and 2 threads" >&2; fails=$((fails + 1)); }
  cmp -s "$tmp/t1/$f" "$tmp/replay/$f" || { echo "FAIL: $f differs after export and replay" >&2; fails=$((fails + 1)); }
done

# Broken rows: one line naming file, line and column; exit 2; no results left behind.
head -1 "$hand/hand.csv" > "$tmp/bad.csv"
sed -n 2p "$hand/hand.csv" >> "$tmp/bad.csv"
sed -n 3p "$hand/hand.csv" | sed 's/^2,2022-23,2003,male,bachelor/2,2022-23,2003,male,doctorate/' >> "$tmp/bad.csv"
expect 2 "bad.csv:3: column level: unknown value 'doctorate'" -- "$bin" run "$sc" \
  --cohort "$tmp/bad.csv" --out "$tmp/badout" --quiet
[ -e "$tmp/badout/summary.csv" ] && { echo "FAIL: summary.csv written after a bad row" >&2; fails=$((fails + 1)); }
ls "$tmp/badout" 2>/dev/null | grep -q tmp && { echo "FAIL: temporary files left" >&2; fails=$((fails + 1)); }
bad_row() { # bad_row NAME SED-EXPR PATTERN: row 2 of hand.csv edited by SED-EXPR
  head -1 "$hand/hand.csv" > "$tmp/$1.csv"
  sed -n 2p "$hand/hand.csv" | sed "$2" >> "$tmp/$1.csv"
  expect 2 "$3" -- "$bin" run "$sc" --cohort "$tmp/$1.csv" --out "$tmp/o-$1" --quiet
}
bad_row passed 's/,60,0,0,0,0,0,0,0,1,0,0,1,/,70,0,0,0,0,0,0,0,1,0,0,1,/' \
  "passed.csv:2: column passed_y1: 70 is outside 0..60"
bad_row number 's/,10.6,/,abc,/' "number.csv:2: column earn_log_level: 'abc' is not a number"
bad_row money 's/,0,0,0,10.6,/,1.234,0,0,10.6,/' "column assets_nok: '1.234' is not an amount"
bad_row fields 's/,1$//' ":2: 52 fields, the header has 53"
bad_row extra 's/$/,5/' ":2: 54 fields, the header has 53"
bad_row year 's/2024-25/2024-26/' "column entry_year: '2024-26' is not an academic year"
bad_row quote 's/female/"fem/' "malformed CSV|unterminated"
sed '1s/,defer_propensity$//' "$hand/hand.csv" | cut -d, -f1-52 > "$tmp/nocol.csv"
expect 2 "nocol.csv:1: column defer_propensity: missing from the header" -- "$bin" run "$sc" \
  --cohort "$tmp/nocol.csv" --out "$tmp/o-nocol" --quiet
sed '1s/$/,x1,x2/' "$hand/hand.csv" > "$tmp/more.csv"
expect 2 "more.csv:1: column 54: unknown column 'x1'" -- "$bin" run "$sc" \
  --cohort "$tmp/more.csv" --out "$tmp/o-more" --quiet
sed '1s/^id,/student,/' "$hand/hand.csv" > "$tmp/unk.csv"
expect 2 "unk.csv:1: column 1: unknown column 'student'" -- "$bin" run "$sc" \
  --cohort "$tmp/unk.csv" --out "$tmp/o-unk" --quiet
: > "$tmp/empty.csv"
expect 2 "empty.csv:1: empty file" -- "$bin" run "$sc" --cohort "$tmp/empty.csv" \
  --out "$tmp/o-empty" --quiet
expect 2 "none.csv: cannot open" -- "$bin" run "$sc" --cohort "$tmp/none.csv" --out "$tmp/o-none" --quiet
finish
