# stipend uncertainty: a small design on the same students (baseline and reform on the same
# draws), deterministic, shares that add up to 1 with the interaction remainder and never
# above it, figures that depend on an assumption only through it, and bad input (one line
# on stderr, exit status 2, nothing written).
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sc=$src/../scenarios/baseline-2025-26.ini
reform=$src/../scenarios/nso-1.5g-11-months.ini
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

expect 0 "Usage: stipend uncertainty SCENARIO" -- "$bin" uncertainty --help

vary="--vary economy.cost_of_funds=uniform:0.02:0.06 --vary cohort.default_hazard=triangular:0.002:0.004:0.008"
# shellcheck disable=SC2086
expect 0 "32 runs \(4 draws x 2 assumptions \+ 2, baseline and reform\)" -- "$bin" uncertainty \
  "$sc" --reform "$reform" --draws 4 $vary --size 600 --threads 2 --out "$tmp/a" --quiet
# shellcheck disable=SC2086
"$bin" uncertainty "$sc" --reform "$reform" --draws 4 $vary --size 600 --threads 1 \
  --out "$tmp/b" --quiet >/dev/null || bad "second run fails"
for f in uncertainty.csv uncertainty_shares.csv uncertainty_runs.csv; do
  cmp -s "$tmp/a/$f" "$tmp/b/$f" || bad "$f differs between two runs (threads 2 and 1)"
done

/usr/bin/python3 - "$tmp/a" <<'PY' || fails=$((fails + 1))
import sys
import pandas as pd
d = sys.argv[1]
s = pd.read_csv(f"{d}/uncertainty.csv")
h = pd.read_csv(f"{d}/uncertainty_shares.csv")
r = pd.read_csv(f"{d}/uncertainty_runs.csv")
bad = []
# three scenarios (baseline, reform, difference), every figure
if sorted(s.scenario.unique()) != sorted(["baseline-2025-26", "nso-1.5g-11-months", "difference"]):
    bad.append(f"scenarios {s.scenario.unique()}")
# 3 x 16 runs (baseline, reform, difference): each scenario's A, B, AB1, AB2 rows
if len(r) != 48 or sorted(r.matrix.unique()) != ["A", "AB1", "AB2", "B"]:
    bad.append(f"{len(r)} runs, matrices {r.matrix.unique()}")
# the same draws for baseline and reform
b, f = r[r.scenario == "baseline-2025-26"], r[r.scenario == "nso-1.5g-11-months"]
for k in ["economy.cost_of_funds", "cohort.default_hazard"]:
    if list(b[k]) != list(f[k]):
        bad.append(f"{k}: the reform's draws differ from the baseline's")
# shares: within [0, 1], adding up to at most 1 as written (in millionths, exactly), and to
# exactly 1 with the interactions row (0 throughout for a figure that does not move)
hm = pd.read_csv(f"{d}/uncertainty_shares.csv", dtype=str)
hm["micro"] = hm.share.str.replace(".", "", regex=False).astype("int64")
for (sc, fig), g in hm.groupby(["scenario", "figure"]):
    if g.micro.sum() not in (0, 1000000):  # 0: a figure that does not move
        bad.append(f"{sc} {fig}: shares and remainder add up to {g.micro.sum()} millionths")
    if (g.micro < 0).any() or (g.micro > 1000000).any():
        bad.append(f"{sc} {fig}: a share outside [0, 1]")
    if g[g.assumption != "interactions"].micro.sum() > 1000000:
        bad.append(f"{sc} {fig}: first-order shares above 1")
# what the students are does not move with the assumptions: paid out is constant, no shares
p = s[(s.scenario == "baseline-2025-26") & (s.figure == "paid_out_nok")].iloc[0]
if not (p.sd == 0 and p.p5 == p.p95):
    bad.append(f"paid out varies: {p.to_dict()}")
# the discount rate (the state's cost of funds, the default convention) moves only the
# present value: the undiscounted cost owes it nothing,
# and the present value owes it most of its variance
sh = h[h.scenario == "baseline-2025-26"].set_index(["figure", "assumption"]).share
if sh[("state_cost_nok", "economy.cost_of_funds")] > 1e-6:
    bad.append("state_cost_nok depends on the discount rate")
if sh[("state_cost_pv_nok", "economy.cost_of_funds")] < 0.5:
    bad.append("state_cost_pv_nok hardly depends on the discount rate")
# the difference is reform minus baseline, run by run, to the øre
dm = s[(s.scenario == "difference") & (s.figure == "grants_nok")].iloc[0]["mean"]
gb = s[(s.scenario == "baseline-2025-26") & (s.figure == "grants_nok")].iloc[0]["mean"]
gr = s[(s.scenario == "nso-1.5g-11-months") & (s.figure == "grants_nok")].iloc[0]["mean"]
if abs(dm - (gr - gb)) > 0.011:
    bad.append(f"difference of grants {dm} is not {gr} - {gb}")
for x in bad:
    print("FAIL:", x, file=sys.stderr)
sys.exit(1 if bad else 0)
PY

# bad input
expect 2 "--vary KEY=DIST is required" -- "$bin" uncertainty "$sc" --draws 4 --out "$tmp/x"
expect 2 "economy.nothing: not an uncertain assumption" -- "$bin" uncertainty "$sc" \
  --vary economy.nothing=uniform:0:1 --out "$tmp/x"
expect 2 "the distribution is uniform:LO:HI" -- "$bin" uncertainty "$sc" \
  --vary economy.wage_growth=beta:1:2 --out "$tmp/x"
expect 2 "LO must be below HI" -- "$bin" uncertainty "$sc" \
  --vary economy.wage_growth=uniform:0.05:0.01 --out "$tmp/x"
expect 2 "--draws" -- "$bin" uncertainty "$sc" --draws 1 \
  --vary economy.wage_growth=uniform:0.01:0.05 --out "$tmp/x"
expect 2 "economy.wage_growth given twice" -- "$bin" uncertainty "$sc" \
  --vary economy.wage_growth=uniform:0.01:0.05 --vary economy.wage_growth=uniform:0.01:0.05 \
  --out "$tmp/x"
# a drawn value the scenario refuses: the line names the key and the value, before any run
expect 2 "wage_growth" -- "$bin" uncertainty "$sc" --draws 4 \
  --vary economy.wage_growth=normal:0.035:0.5 --out "$tmp/x"
expect 2 "cohort.default_hazard: .* is outside 0..1" -- "$bin" uncertainty "$sc" --draws 4 \
  --vary cohort.default_hazard=uniform:0.5:1.5 --out "$tmp/x"
expect 2 "cohort.wage_growth: fixed when the model is loaded" -- "$bin" uncertainty "$sc" \
  --vary cohort.wage_growth=uniform:0.01:0.05 --out "$tmp/x"
[ ! -e "$tmp/x" ] || bad "a refused command wrote $tmp/x"
finish
