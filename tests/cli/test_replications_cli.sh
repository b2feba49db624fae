# stipend run with replications: replication 1 is the plain run, replications.csv gives every
# headline figure's mean and 95 % t-interval, replication_runs.csv the runs it comes from;
# bad counts are refused.
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sc=$src/../scenarios/baseline-2025-26.ini
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

expect 0 "3 replications of 1500 students" -- "$bin" run "$sc" --size 1500 --replications 3 --quiet --out "$tmp/r"
expect 0 "1500 students in" -- "$bin" run "$sc" --size 1500 --quiet --out "$tmp/plain"
for f in summary groups cashflow distribution; do
  cmp -s "$tmp/r/$f.csv" "$tmp/plain/$f.csv" || bad "$f.csv of replication 1 differs from the plain run"
done
[ -e "$tmp/plain/replications.csv" ] && bad "replications.csv written for one replication"
r=$tmp/r/replications.csv
[ "$(head -1 "$r")" = "scenario,measure,replications,mean,sd,ci95_low,ci95_high,min,max" ] || bad "header: $(head -1 "$r")"
# one row per summary.csv figure after scenario, seed and horizon, and the state cost
want=$(head -1 "$tmp/plain/summary.csv" | cut -d, -f4- | tr ',' '\n'; echo state_cost_nok)
[ "$(cut -d, -f2 "$r" | tail -n +2)" = "$want" ] || bad "measures: $(cut -d, -f2 "$r" | tail -n +2 | tr '\n' ' ')"
# low <= mean <= high, min <= mean <= max, 3 replications (students: all equal, sd 0)
awk -F, 'NR > 1 && $3 == 3 && !($6 <= $4 && $4 <= $7 && $8 <= $4 && $4 <= $9) { print; bad = 1 }
         END { exit bad }' "$r" || bad "an interval does not hold its mean"
grep -q "^baseline-2025-26,students,3,1500.00,0.00,1500.00,1500.00,1500.00,1500.00$" "$r" || bad "students row: $(grep ,students, "$r")"
# the runs: seeds 20251 then derived ones; the mean of paid out is theirs, to the øre
u=$tmp/r/replication_runs.csv
[ "$(wc -l < "$u")" = 4 ] || bad "replication_runs.csv has $(wc -l < "$u") lines"
[ "$(sed -n 2p "$u" | cut -d, -f2,3)" = "1,20251" ] || bad "replication 1 is not on the scenario's seed"
[ "$(cut -d, -f3 "$u" | tail -n +2 | sort -u | wc -l)" = 3 ] || bad "replications share a seed"
c=$(head -1 "$u" | tr ',' '\n' | grep -nx paid_out_nok | cut -d: -f1)
m=$(awk -F, -v c="$c" 'NR > 1 { s += $c; n++ } END { printf "%.2f", s / n }' "$u")
[ "$(grep ",paid_out_nok," "$r" | cut -d, -f4)" = "$m" ] || bad "mean paid out $(grep ,paid_out_nok, "$r" | cut -d, -f4) is not the runs' $m"
# [run] replications from the scenario
expect 0 "2 replications of 500 students" -- "$bin" run "$sc" --size 500 --set run.replications=2 --quiet --out "$tmp/s"
grep -q "^baseline-2025-26,paid_out_nok,2," "$tmp/s/replications.csv" || bad "[run] replications = 2 not used"
# bad counts
expect 2 "replications" -- "$bin" run "$sc" --replications 0 --out "$tmp/x"
expect 2 "replications" -- "$bin" run "$sc" --replications many --out "$tmp/x"
expect 2 "replications" -- "$bin" run "$sc" --replications 10001 --out "$tmp/x"
expect 2 "\\[run\\] replications" -- "$bin" run "$sc" --set run.replications=0 --out "$tmp/x"
[ -e "$tmp/x" ] && bad "a results folder was made for a bad run"
finish
