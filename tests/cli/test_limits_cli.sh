# Numbers at the edge of their types (issue 14): every parser takes its largest and smallest
# value and rejects one beyond with exit status 2 and a message naming the limit, in the
# release and the sanitizer build alike (signed overflow there was undefined behaviour: the
# sanitizer aborted, the release build said "is negative").
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sc=$src/../scenarios/baseline-2025-26.ini
hand=$src/data/microdata

# ---- amounts on the command line (limit NOK 1 000 000 000 000; int64_t øre beyond it) ----
expect 0 "" -- "$bin" explain --income 1000000000000
expect 0 "" -- "$bin" explain --income 1000000000000.00
expect 2 "income: 1000000000000.01 is beyond the limit, NOK 1000000000000" -- \
  "$bin" explain --income 1000000000000.01
expect 2 "income: 92233720368547758.07 is beyond the limit, NOK 1000000000000" -- \
  "$bin" explain --income 92233720368547758.07
expect 2 "income: 92233720368547758.08 is beyond the limit, NOK 1000000000000" -- \
  "$bin" explain --income 92233720368547758.08
expect 2 "income: 92233720368547759 is beyond the limit, NOK 1000000000000" -- \
  "$bin" explain --income 92233720368547759
expect 2 "income: 123456789012345678901 is beyond the limit" -- \
  "$bin" explain --income 123456789012345678901
expect 2 "income: -92233720368547758.09 is negative" -- \
  "$bin" explain --income -92233720368547758.09

# ---- whole numbers on the command line ----
expect 2 "size: 2000000001 is out of range \[1, 2000000000\]" -- \
  "$bin" run "$sc" --size 2000000001 --out "$tmp/x"
expect 2 "size: 9223372036854775807 is out of range \[1, 2000000000\]" -- \
  "$bin" run "$sc" --size 9223372036854775807 --out "$tmp/x"
expect 2 "size: 9223372036854775808 is out of range \[1, 2000000000\]" -- \
  "$bin" run "$sc" --size 9223372036854775808 --out "$tmp/x"
expect 2 "threads: -9223372036854775809 is out of range \[1, 1024\]" -- \
  "$bin" run "$sc" --threads -9223372036854775809 --out "$tmp/x"
expect 0 "students" -- "$bin" run "$sc" --size 20 --seed 9223372036854775807 --out "$tmp/s" \
  --quiet
expect 2 "seed: 9223372036854775808 is larger than 9223372036854775807" -- \
  "$bin" run "$sc" --size 20 --seed 9223372036854775808 --out "$tmp/x"
expect 2 "seed: 18446744073709551616 is larger than 9223372036854775807" -- \
  "$bin" run "$sc" --size 20 --seed 18446744073709551616 --out "$tmp/x"
expect 2 "seed: ' -1' is not a whole number" -- "$bin" run "$sc" --size 20 --seed " -1"

# ---- the scenario's values ----
expect 2 "basic_support: 92233720368547758.07 is outside \[10000, 1000000\]" -- \
  "$bin" validate "$sc" --set policy.basic_support=92233720368547758.07
expect 2 "basic_support: 92233720368547758.08 is outside \[10000, 1000000\]" -- \
  "$bin" validate "$sc" --set policy.basic_support=92233720368547758.08
expect 2 "basic_support: -92233720368547758.09 is outside \[10000, 1000000\]" -- \
  "$bin" validate "$sc" --set policy.basic_support=-92233720368547758.09
expect 2 "replications: 9223372036854775808 is outside 1 to 10000" -- \
  "$bin" validate "$sc" --set run.replications=9223372036854775808
expect 2 "size: 99999999999999999999999 is outside 1 to 1_000_000_000" -- \
  "$bin" validate "$sc" --set cohort.size=99999999999999999999999
expect 2 "seed: 18446744073709551616 is larger than 9223372036854775807" -- \
  "$bin" validate "$sc" --set run.seed=18446744073709551616
expect 2 "wage_growth: 1e999 is outside" -- "$bin" validate "$sc" --set economy.wage_growth=1e999
expect 2 "base_year: '99999-00' is not an academic year" -- \
  "$bin" validate "$sc" --set run.base_year=99999-00
# a rate given in percent: the message says "30 %", not "30% %"
expect 2 "rate_after: 30 % is outside \[0 %, 20 %\]" -- \
  "$bin" validate "$sc" --set economy.rate_after=30%

# ---- microdata fields (student 1 of the hand-built cohort) ----
# setcol COLUMN VALUE OUT: hand.csv with student 1's COLUMN set to VALUE
setcol() {
  awk -F, -v col="$1" -v val="$2" 'BEGIN{OFS=","} NR==1{for(i=1;i<=NF;i++) if($i==col) c=i}
    NR==2{$c=val} {print}' "$hand/hand.csv" >"$3"
}
replay() { "$bin" run "$hand/hand.ini" --cohort "$1" --out "$tmp/r" --quiet; }
setcol assets_nok 10000000000.00 "$tmp/a.csv"
expect 0 "6 students" -- replay "$tmp/a.csv"
setcol assets_nok 92233720368547758.07 "$tmp/a.csv"
expect 2 "a.csv:2: column assets_nok: 92233720368547758.07 is outside -1000000000..10000000000 NOK" \
  -- replay "$tmp/a.csv"
setcol assets_nok 92233720368547758.08 "$tmp/a.csv"
expect 2 "a.csv:2: column assets_nok: 92233720368547758.08 is outside" -- replay "$tmp/a.csv"
setcol assets_nok -92233720368547758.08 "$tmp/a.csv"
expect 2 "a.csv:2: column assets_nok: -92233720368547758.08 is outside" -- replay "$tmp/a.csv"
setcol assets_nok -92233720368547758.09 "$tmp/a.csv"
expect 2 "a.csv:2: column assets_nok: -92233720368547758.09 is outside" -- replay "$tmp/a.csv"
setcol income_y1_nok 92233720368547759 "$tmp/a.csv"
expect 2 "a.csv:2: column income_y1_nok: 92233720368547759 is outside 0..1000000000" -- \
  replay "$tmp/a.csv"
setcol id 18446744073709551615 "$tmp/a.csv"
expect 0 "6 students" -- replay "$tmp/a.csv"
setcol id 18446744073709551616 "$tmp/a.csv"
expect 2 "a.csv:2: column id: 18446744073709551616 is beyond the largest id, 18446744073709551615" \
  -- replay "$tmp/a.csv"
setcol birth_year 9223372036854775807 "$tmp/a.csv"
expect 2 "a.csv:2: column birth_year: 9223372036854775807 is outside" -- replay "$tmp/a.csv"
setcol birth_year -9223372036854775809 "$tmp/a.csv"
expect 2 "a.csv:2: column birth_year: -9223372036854775809 is outside" -- replay "$tmp/a.csv"
setcol entry_year 9223372036854775807-08 "$tmp/a.csv"
expect 2 "a.csv:2: column entry_year: 9223372036854775807 is outside" -- replay "$tmp/a.csv"
setcol children 99999999999999999999 "$tmp/a.csv"
expect 2 "a.csv:2: column children: 99999999999999999999 is outside 0..20" -- replay "$tmp/a.csv"
# a share below the smallest float is a number near 0, not "not a number"
setcol take_up_share 1e-45 "$tmp/a.csv"
expect 0 "6 students" -- replay "$tmp/a.csv"
setcol take_up_share 1e39 "$tmp/a.csv"
expect 2 "a.csv:2: column take_up_share: 1e39 is outside 0..1" -- replay "$tmp/a.csv"

# uncertainty's distributions: a number beyond a double is named, not "not a number"
expect 2 "1e999 is beyond the largest number, 1.79769e\+308" -- "$bin" uncertainty "$sc" \
  --vary economy.wage_growth=uniform:0.01:1e999 --draws 2 --size 10 --out "$tmp/u"
expect 2 "-1e400 is beyond the largest number" -- "$bin" uncertainty "$sc" \
  --vary economy.wage_growth=uniform:-1e400:0.03 --draws 2 --size 10 --out "$tmp/u"
expect 2 "--draws: 99999999999999999999 is out of range \[2, 100000\]" -- "$bin" uncertainty \
  "$sc" --vary economy.wage_growth=uniform:0.01:0.03 --draws 99999999999999999999 --out "$tmp/u"
finish
