# stipend run and stipend cohort: their options, bad input (one line on stderr naming file,
# line and key; exit status 2) and no half-written results.
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sc=$src/../scenarios/baseline-2025-26.ini
d=$src/data/scenarios

expect 0 "Usage: stipend run SCENARIO" -- "$bin" run --help
expect 0 "Usage: stipend cohort SCENARIO" -- "$bin" cohort --help
expect 0 "1000 students in" -- "$bin" run "$sc" --size 1000 --quiet --out "$tmp/ok"
for f in summary groups cashflow distribution; do
  [ -s "$tmp/ok/$f.csv" ] || { echo "FAIL: $f.csv missing" >&2; fails=$((fails + 1)); }
done
[ -e "$tmp/ok/students.csv" ] && { echo "FAIL: students.csv written without --students" >&2; fails=$((fails + 1)); }
# --seed changes the students, the scenario's seed is the default
expect 0 "1000 students in" -- "$bin" run "$sc" --size 1000 --seed 5 --quiet --out "$tmp/s5"
cmp -s "$tmp/ok/summary.csv" "$tmp/s5/summary.csv" && { echo "FAIL: --seed had no effect" >&2; fails=$((fails + 1)); }
grep -q "^baseline-2025-26,5," "$tmp/s5/summary.csv" || { echo "FAIL: summary.csv does not give seed 5" >&2; fails=$((fails + 1)); }
# --set overrides a policy value: more support, more paid out
expect 0 "1000 students in" -- "$bin" run "$sc" --size 1000 --quiet --out "$tmp/set" \
  --set policy.basic_support=1.5G
p0=$(cut -d, -f7 "$tmp/ok/summary.csv" | tail -1) p1=$(cut -d, -f7 "$tmp/set/summary.csv" | tail -1)
awk -v a="$p0" -v b="$p1" 'BEGIN{exit !(b > a * 1.05)}' || { echo "FAIL: 1.5 G support did not raise paid out ($p0 -> $p1)" >&2; fails=$((fails + 1)); }

# the tuition switch: no fees for non-EEA students from the base year; support is unchanged
expect 0 "20000 students in" -- "$bin" run "$sc" --size 20000 --quiet --out "$tmp/fee1"
expect 0 "20000 students in" -- "$bin" run "$sc" --size 20000 --quiet --out "$tmp/fee0" \
  --set policy.non_eea_tuition=0
col() { awk -F, -v c="$2" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i; next} {print $k}' "$1/summary.csv"; }
[ "$(col "$tmp/fee1" paid_out_nok)" = "$(col "$tmp/fee0" paid_out_nok)" ] ||
  { echo "FAIL: the tuition switch changed support" >&2; fails=$((fails + 1)); }
awk -v a="$(col "$tmp/fee1" tuition_paid_nok)" -v b="$(col "$tmp/fee0" tuition_paid_nok)" \
  'BEGIN{exit !(b < a && a > 0)}' || { echo "FAIL: no lower tuition without fees" >&2; fails=$((fails + 1)); }

# bad options
expect 2 "size" -- "$bin" run "$sc" --size -5 --out "$tmp/x"
expect 2 "size" -- "$bin" run "$sc" --size many --out "$tmp/x"
expect 2 "threads" -- "$bin" run "$sc" --threads 0 --out "$tmp/x"
expect 2 "seed" -- "$bin" run "$sc" --seed -1 --out "$tmp/x"
expect 2 "unknown option|--bogus" -- "$bin" run "$sc" --bogus
expect 2 "SCENARIO|missing|argument" -- "$bin" run
expect 2 "cannot open|No such file" -- "$bin" run "$tmp/none.ini" --out "$tmp/x"
expect 2 "--out FILE is required" -- "$bin" cohort "$sc"
# bad scenarios: file, line and key
expect 2 "bad-unknown-key.ini:3: \\[cohort\\] sise: unknown key" -- "$bin" run "$d/bad-unknown-key.ini" \
  --out "$tmp/x"
expect 2 "bad-size-negative.ini:[0-9]+: \\[cohort\\] size" -- "$bin" run "$d/bad-size-negative.ini" \
  --out "$tmp/x"
expect 2 "bad-policy-unknown.ini:[0-9]+: \\[policy\\]" -- "$bin" run "$d/bad-policy-unknown.ini" \
  --out "$tmp/x"
expect 2 "^stipend run: --set" -- "$bin" run "$sc" --set cohort.size=-3 --out "$tmp/x"
[ -e "$tmp/x" ] && { echo "FAIL: a results folder was made for a bad run" >&2; fails=$((fails + 1)); }
# the population mode: --sample draws Norway's students, weighted; every total is national,
# the same bytes on any thread count; a bad share is an error
expect 0 "students in" -- "$bin" run "$sc" --sample 0.003 --threads 1 --quiet --out "$tmp/pop1"
expect 0 "students in" -- "$bin" run "$sc" --sample 0.003 --threads 2 --quiet --out "$tmp/pop2"
for f in summary groups cashflow distribution; do
  cmp -s "$tmp/pop1/$f.csv" "$tmp/pop2/$f.csv" || { echo "FAIL: population $f.csv differs on 2 threads" >&2; fails=$((fails + 1)); }
done
# the national students (about 110 000 entrants a year over 18 entry years, less those who had
# left before 2016-17) are far more than the sample's
n=$(sed -n 2p "$tmp/pop1/summary.csv" | cut -d, -f4)
awk -v n="$n" 'BEGIN{exit !(n > 1500000 && n < 2400000)}' || { echo "FAIL: population run counts $n students, not Norway's" >&2; fails=$((fails + 1)); }
expect 2 "^stipend run: --sample: 0 is not a share" -- "$bin" run "$sc" --sample 0 --out "$tmp/x"
expect 2 "^stipend run: --sample: 'half' is not a number" -- "$bin" run "$sc" --sample half --out "$tmp/x"
expect 2 "population = norway draws Norway's students" -- "$bin" run "$sc" --sample 0.01 \
  --cohort "$src/data/microdata/hand.csv" --out "$tmp/x"
expect 2 "cohort] sample: 2 is not a share in" -- "$bin" run "$sc" --set cohort.sample=2 --out "$tmp/x"
# scenarios may start in a projected year (the next two budgets: 2027-28 and 2028-29), and a
# reform there changes what its entrants are paid
for y in 2027-28 2028-29; do
  expect 0 "students" -- "$bin" run "$sc" --size 400 --quiet --set run.base_year=$y \
    --set run.entry_years=$y --out "$tmp/y$y"
  expect 0 "students" -- "$bin" run "$sc" --size 400 --quiet --set run.base_year=$y \
    --set run.entry_years=$y --set policy.basic_support=1.5G --out "$tmp/g$y"
  a=$(sed -n 2p "$tmp/y$y/summary.csv" | cut -d, -f1-12) b=$(sed -n 2p "$tmp/g$y/summary.csv" | cut -d, -f1-12)
  [ "$a" != "$b" ] || { echo "FAIL: 1.5G from $y changed nothing" >&2; fails=$((fails + 1)); }
done
expect 2 "base_year: 2036-37 is outside 2016-17 to 2035-36" -- "$bin" run "$sc" --set run.base_year=2036-37 \
  --out "$tmp/x36"
# the projected parameter years are listed and flagged
expect 0 "academic +2030-31 basic_support .* projected +projected" -- "$bin" params --year 2030-31
expect 0 "calendar +2035 +income_limit .* projected" -- "$bin" params --year 2035-36
# an unwritable results folder: an error, not a crash, and nothing half-written
mkdir -p "$tmp/ro" && touch "$tmp/ro/file"
expect 2 "ro/file/sub: cannot use: Not a directory" -- "$bin" run "$sc" --size 100 --quiet --out "$tmp/ro/file/sub"

# `stipend help run` is the command's help, not the list of commands
expect 0 "Usage: stipend run SCENARIO" -- "$bin" help run
expect 2 "unknown command 'nosuch'" -- "$bin" help nosuch
# seeds stay below 2^63, so that every CSV reader takes the seed column as an integer
expect 2 "larger than 9223372036854775807" -- "$bin" run "$sc" --seed 9223372036854775808 --out "$tmp/x"
# the printed mean is summary.csv's (both rounded to the nearest øre), students.csv is named
out=$("$bin" run "$sc" --size 2000 --students --quiet --out "$tmp/st")
mean=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "debt_end_study_mean_nok") c = i }
  NR == 2 { print $c }' "$tmp/st/summary.csv")
# the same number, its thousands grouped as every command prints them (432 312.27)
grouped=$(printf '%s\n' "$mean" | sed -E ':a; s/^([0-9]+)([0-9]{3})/\1 \2/; ta')
printf '%s\n' "$out" | grep -q "mean NOK $grouped," ||
  { echo "FAIL: printed mean is not summary.csv's $mean ($grouped): $out" >&2; fails=$((fails + 1)); }
# totals in NOK million, as compare and sweep print them
printf '%s\n' "$out" | grep -Eq "paid out NOK [0-9 ]+\.[0-9] million, of which grants NOK [0-9 ]+\.[0-9] million" ||
  { echo "FAIL: run does not print its totals in NOK million: $out" >&2; fails=$((fails + 1)); }
printf '%s\n' "$out" | grep -q "results: .*students.csv" ||
  { echo "FAIL: the results line does not name students.csv: $out" >&2; fails=$((fails + 1)); }
# a run changed by --set carries the change in its name; run.name still wins
"$bin" run "$sc" --size 500 --quiet --out "$tmp/set" --set policy.basic_support=1.5G >/dev/null
grep -q '^baseline-2025-26+basic_support=1.5G,' "$tmp/set/summary.csv" ||
  { echo "FAIL: --set kept the baseline's name: $(sed -n 2p "$tmp/set/summary.csv" | cut -c1-60)" >&2; fails=$((fails + 1)); }
"$bin" run "$sc" --size 500 --quiet --out "$tmp/set2" --set policy.basic_support=1.5G \
  --set run.name=mine >/dev/null
grep -q '^mine,' "$tmp/set2/summary.csv" || { echo "FAIL: run.name was not kept" >&2; fails=$((fails + 1)); }
finish
