# stipend compare --replications: every reform's difference from the baseline over
# independent cohorts, with the first replication being the comparison whose files were
# written, and the interval around it.
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
base=$src/../scenarios/baseline-2025-26.ini
reform=$src/../scenarios/nso-1.5g-11-months.ini

expect 0 "replications: 3 independent comparisons" -- "$bin" compare "$base" "$reform" \
  --size 4000 --replications 3 --quiet --out "$tmp/r"
r=$tmp/r/replications.csv
[ "$(head -1 "$r")" = "reform,measure,replications,mean,sd,ci95_low,ci95_high,min,max" ] ||
  { echo "FAIL: replications.csv header: $(head -1 "$r")" >&2; fails=$((fails + 1)); }
# a row per figure: summary.csv's figures (its columns after scenario, seed and horizon_year),
# state_cost_nok and the present-value net cost
want=$(( $(head -1 "$tmp/r/summary.csv" | tr ',' '\n' | wc -l) - 3 + 2 + 1 ))
[ "$(wc -l < "$r")" -eq "$want" ] || { echo "FAIL: replications.csv has $(wc -l < "$r") lines, expected $want" >&2; fails=$((fails + 1)); }
# the same students in every scenario: no difference in the number of students
grep -q '^nso-1.5g-11-months,students,3,0.000,0.000,' "$r" ||
  { echo "FAIL: a difference in students between scenarios" >&2; fails=$((fails + 1)); }
# the evidence's present-value net cost (replication 1) lies within min..max, and the
# interval contains the mean
pv=$(awk -F, '$3=="net_cost_pv"{print $11}' "$tmp/r/evidence.csv")
awk -F, -v pv="$pv" '$2=="net_cost_pv_nok"{ok = ($3==3 && $8 <= pv+0.005 && pv <= $9+0.005 &&
  $6 <= $4 && $4 <= $7 && $4 > 0)} END{exit !ok}' "$r" ||
  { echo "FAIL: net_cost_pv_nok row does not hold replication 1 ($pv)" >&2; fails=$((fails + 1)); }
# evidence.csv: every figure's mean change and interval over the same 3 comparisons; the
# present value's equal replications.csv's own (computed apart, in øre), the first budget
# year's holds the mean, and a parameter (support a month) has no spread at all
/usr/bin/python3 - "$tmp/r" <<'PY' || fails=$((fails + 1))
import sys
import pandas as pd
d = sys.argv[1]
e = pd.read_csv(f"{d}/evidence.csv").set_index("measure")
r = pd.read_csv(f"{d}/replications.csv").set_index("measure")
bad = []
pv, rp = e.loc["net_cost_pv"], r.loc["net_cost_pv_nok"]
for a, b in (("difference_mean", "mean"), ("difference_ci95_low", "ci95_low"),
             ("difference_ci95_high", "ci95_high")):
    if abs(pv[a] - rp[b]) > 0.015:
        bad.append(f"net_cost_pv {a} {pv[a]} against replications.csv {b} {rp[b]}")
for m, row in e.iterrows():
    if row.notna()[["difference_mean", "difference_ci95_low", "difference_ci95_high"]].all():
        if not row.difference_ci95_low <= row.difference_mean <= row.difference_ci95_high:
            bad.append(f"{m}: mean {row.difference_mean} outside its interval")
    elif m not in ("losers_mean_loss",):
        bad.append(f"{m}: no interval")
s = e.loc["basic_support_month"]
if not s.difference_ci95_low == s.difference_mean == s.difference_ci95_high == s.difference:
    bad.append(f"basic_support_month varies over replications: {s.to_dict()}")
for b in bad:
    print("FAIL: evidence.csv:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
# one replication: no replications.csv, and evidence.csv's interval columns are empty
expect 0 "results:" -- "$bin" compare "$base" "$reform" --size 2000 --quiet --out "$tmp/one"
[ -e "$tmp/one/replications.csv" ] && { echo "FAIL: replications.csv without replications" >&2; fails=$((fails + 1)); }
awk -F, 'NR > 1 && $3 == "net_cost_pv" && ($12 != "" || $13 != "" || $14 != "") {exit 1}' \
  "$tmp/one/evidence.csv" ||
  { echo "FAIL: evidence.csv has an interval without replications" >&2; fails=$((fails + 1)); }
expect 2 "replications" -- "$bin" compare "$base" "$reform" --replications 0 --out "$tmp/x"
expect 2 "replications" -- "$bin" compare "$base" "$reform" --replications many --out "$tmp/x"
finish
