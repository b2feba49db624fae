# stipend plot: every chart renders and is not empty (PNG and SVG headers, a size of several
# kB, and for SVG the title and a plotted line), from a small run, a hand-written comparison
# (tests/data/plots/compare: two scenarios, two reforms' winners.csv) and a hand-written sweep
# (tests/data/plots/sweep); missing gnuplot (exit 1), a failing script (exit 1, nothing left)
# and bad input (exit 2).
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sc=$src/../scenarios/baseline-2025-26.ini
data=$src/data/plots
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# chart DIR NAME TITLE: NAME.png and NAME.svg are real, non-empty charts titled TITLE
chart() {
  png=$1/$2.png svg=$1/$2.svg
  if [ ! -f "$png" ]; then bad "$png missing"; else
    [ "$(od -An -tx1 -N8 "$png" | tr -d ' \n')" = "89504e470d0a1a0a" ] || bad "$png is not a PNG"
    [ "$(wc -c < "$png")" -gt 5000 ] || bad "$png is only $(wc -c < "$png") bytes"
  fi
  if [ ! -f "$svg" ]; then bad "$svg missing"; else
    head -c 200 "$svg" | grep -q "<svg" || bad "$svg is not an SVG"
    [ "$(wc -c < "$svg")" -gt 5000 ] || bad "$svg is only $(wc -c < "$svg") bytes"
    grep -q "<text>$3" "$svg" || bad "$svg lacks the title '$3'"
    # a data line: a coloured path (not the black frame, not the grey grid) of many segments
    awk "/<path stroke='rgb\\(/ && !/216, 216, 216/ { if (gsub(/ L/, \"&\") >= 4) found = 1 } END { exit !found }" "$svg" ||
      bad "$svg has no plotted line"
  fi
}

expect 0 "Usage: stipend plot RESULTS_DIR" -- "$bin" plot --help

# a run: debt at end of study, years to repay, cash flow
expect 0 "1500 students in" -- "$bin" run "$sc" --size 1500 --quiet --out "$tmp/run"
expect 0 "6 files" -- "$bin" plot "$tmp/run"
chart "$tmp/run/plots" debt-end-study "Debt at end of study"
chart "$tmp/run/plots" years-to-repay "Years to repay"
chart "$tmp/run/plots" cashflow "Cash flow by calendar year"
ls -a "$tmp/run/plots" | grep -q tmp && bad "a temporary file was left in $tmp/run/plots"

# bars DIR NAME TITLE: NAME.png and NAME.svg are real charts titled TITLE with filled bars in
# the first reform's colour
bars() {
  png=$1/$2.png svg=$1/$2.svg
  [ "$(od -An -tx1 -N8 "$png" 2>/dev/null | tr -d ' \n')" = "89504e470d0a1a0a" ] || bad "$png is not a PNG"
  if [ ! -f "$svg" ]; then bad "$svg missing"; else
    grep -q "<text>$3" "$svg" || bad "$svg lacks the title '$3'"
    [ "$(grep -c "<polygon fill = 'rgb( 31,  78, 121)'" "$svg")" -ge 3 ] || bad "$svg has no bars"
  fi
}

# a comparison: reform minus baseline where the levels would overlap (the change in the debt
# and years-to-repay distributions, the net cash flow by year), one winners chart per reform
expect 0 "10 files" -- "$bin" plot "$data/compare" --out "$tmp/cmp"
bars "$tmp/cmp" debt-end-study-change "Debt at end of study: change in the share of borrowers"
bars "$tmp/cmp" years-to-repay-change "Years to repay: change in the share"
bars "$tmp/cmp" cashflow-change "Net cash flow to students (paid out minus repaid)"
chart "$tmp/cmp" winners-nso-1.5g "Winners and losers by decile of earnings after study: nso-1.5g"
chart "$tmp/cmp" winners-nso-international-support "Winners and losers by decile"
[ -e "$tmp/cmp/debt-end-study.png" ] && bad "a comparison still draws the overlapping debt levels"
# the bars' numbers, by hand from tests/data/plots/compare: debt shares 0.30/0.68/0.02 in the
# NOK 0-50 000, 50-100 000 and 100-150 000 bands against the reform's 0.18/0.74/0.08; paid
# out NOK 15 against 17.5 million a year in 2025-27, repaid 4 against 4.5 million in 2029
grep -q '^nso-1.5g,0.000000,50000.000000,-12.000000$' "$tmp/cmp/debt-end-study-change.csv" ||
  bad "debt change in the first NOK 50 000 band is not -12 pp"
grep -q '^nso-1.5g,50000.000000,100000.000000,6.000000$' "$tmp/cmp/debt-end-study-change.csv" ||
  bad "debt change in the second band is not +6 pp"
grep -q '^nso-1.5g,2024.500000,2025.500000,2.500000$' "$tmp/cmp/cashflow-change.csv" ||
  bad "net cash flow change in 2025 is not NOK 2.5 million"
grep -q '^nso-1.5g,2028.500000,2029.500000,-0.500000$' "$tmp/cmp/cashflow-change.csv" ||
  bad "net cash flow change in 2029 is not NOK -0.5 million"
# thousands grouped on the axis, and the name of the legend is the reform's
grep -q '<text>100 000</text>' "$tmp/cmp/debt-end-study-change.svg" || bad "the debt axis does not group thousands"
grep -q '<text>nso-1.5g</text>' "$tmp/cmp/debt-end-study-change.svg" || bad "the debt chart's legend lacks the reform"
# a real comparison has budget.csv: the net cost to the state by budget year, reform minus
# baseline, whose bars add up to budget.csv's own difference
expect 0 "results:" -- "$bin" compare "$sc" "$src/../scenarios/nso-1.5g-11-months.ini" --size 500 \
  --replications 2 --quiet --no-report --out "$tmp/rc"
expect 0 "net-cost-by-year-change.svg" -- "$bin" plot "$tmp/rc" --out "$tmp/rcp"
bars "$tmp/rcp" net-cost-by-year-change "Net cost to the state by budget year, reform minus baseline"
# the replicated comparison's cost figures with their intervals, as evidence.csv gives them
grep -q "<text>Net cost to the state, reform minus baseline: mean over the replications" \
  "$tmp/rcp/net-cost-intervals.svg" || bad "net-cost-intervals.svg missing or without its title"
[ "$(grep -c "<polygon fill = 'rgb(" "$tmp/rcp/net-cost-intervals.svg")" -ge 6 ] ||
  bad "net-cost-intervals.svg has no bars"
/usr/bin/python3 - "$tmp/rc/evidence.csv" "$tmp/rcp/net-cost-intervals.csv" <<'PY' || fails=$((fails + 1))
import sys
import pandas as pd
e = pd.read_csv(sys.argv[1]).set_index("measure")
c = pd.read_csv(sys.argv[2]).set_index("series")
bad = []
# the budget's convention when evidence.csv has it (first_budget_year_cost, full_year_effect)
budget = "full_year_effect" in e.index
first, full = (("first_budget_year_cost", "full_year_effect") if budget
               else ("net_cost_first_year", "net_cost_full_year"))
for m, s in ((first, "first budget year"), (full, "full year"), ("net_cost_pv", "present value")):
    for a, b in (("difference_mean", "value"), ("difference_ci95_low", "lo"),
                 ("difference_ci95_high", "hi")):
        if abs(e.loc[m, a] / 1e6 - c.loc[s, b]) > 1e-6:
            bad.append(f"{s} {b} {c.loc[s, b]} against evidence.csv's {m} {a} {e.loc[m, a]}")
for b in bad:
    print("FAIL: net-cost-intervals:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
# a national run (about.csv: population norway) states Norway under every chart
/usr/bin/python3 - "$tmp/rc/about.csv" <<'PY'
import sys
import pandas as pd
a = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
a["population"], a["population_students"], a["sample_share"] = "norway", "1234567", "0.050000"
a.to_csv(sys.argv[1], index=False)
PY
expect 0 "winners" -- "$bin" plot "$tmp/rc" --out "$tmp/rcn" --format svg
grep -q "Population: Norway, 1 234 567 students entering 2021-22 to 2025-26" "$tmp/rcn/net-cost-by-year-change.svg" ||
  bad "a national run's chart does not state Norway's population"
for f in net-cost-by-year-change debt-end-study-change years-to-repay-change; do
  grep -q "Sample: 500 simulated students" "$tmp/rcp/$f.svg" || bad "$f.svg does not state its sample"
done
/usr/bin/python3 - "$tmp/rc/budget.csv" "$tmp/rcp/net-cost-by-year-change.csv" <<'PY' || fails=$((fails + 1))
import sys
import pandas as pd
b = pd.read_csv(sys.argv[1]).pivot(index="year", columns="scenario", values="net_cost_nok")
want = (b["nso-1.5g-11-months"] - b["baseline-2025-26"]) / 1e6
got = pd.read_csv(sys.argv[2])
got.index = (got["from"] + 0.5).round().astype(int)
d = (got["value"] - want.reindex(got.index)).abs().max()
if d > 1e-6:
    print(f"FAIL: the net cost bars differ from budget.csv by {d}", file=sys.stderr)
    sys.exit(1)
PY

# a sweep: the cost curve (net cost in present value and in the budget year)
expect 0 "2 files" -- "$bin" plot "$data/sweep" --out "$tmp/sw"
chart "$tmp/sw" cost-curve "Cost curve: "
grep -q "basic support a year" "$tmp/sw/cost-curve.svg" || bad "the cost curve's axis does not name the parameter in words"
grep -q "Sample: .* simulated students" "$tmp/sw/cost-curve.svg" || bad "the cost curve does not state its sample"
grep -q "net cost to the state over the cohort.s life, present value" "$tmp/sw/cost-curve.svg" || bad "the cost curve lacks the present value"
grep -q "net cost to the state in 2027" "$tmp/sw/cost-curve.svg" || bad "the cost curve lacks the budget year"
# and one from a real sweep
expect 0 "results: " -- "$bin" sweep "$sc" --size 500 --vary policy.basic_support=1.2G:1.5G:0.15G --out "$tmp/rs"
expect 0 "1 files" -- "$bin" plot "$tmp/rs" --format png
[ -f "$tmp/rs/plots/cost-curve.png" ] && [ ! -f "$tmp/rs/plots/cost-curve.svg" ] || bad "--format png made other files"

# gnuplot missing: one line, exit 1
expect 1 "gnuplot not found" -- env PATH=/nonexistent "$bin" plot "$tmp/run" --out "$tmp/np"
expect 1 "gnuplot not found" -- env STIPEND_GNUPLOT=/nonexistent/gnuplot "$bin" plot "$tmp/run" --out "$tmp/np"
# a script that fails: exit 1, the previous charts stay current as they were (the charts are
# one result set, docs/outputs.md), no staging or temporary file left
expect 0 "files" -- "$bin" plot "$tmp/run" --out "$tmp/fail"
(cd "$tmp/fail" && md5sum -- *) >"$tmp/fail.md5"
mkdir -p "$tmp/gp" && cp "$src/../plots/"*.gp "$tmp/gp/" && echo "plot nonsense_function(x)" >> "$tmp/gp/repay.gp"
expect 1 "gnuplot failed on .*repay.gp" -- "$bin" plot "$tmp/run" --plots "$tmp/gp" --out "$tmp/fail"
(cd "$tmp/fail" && md5sum -- *) | cmp -s - "$tmp/fail.md5" || bad "a failed plot changed the previous charts"
{ ls -A "$tmp"; ls -A "$tmp/fail"; } | grep -Eq '\.staging-|\.tmp-' && bad "a staging folder or temporary file was left after a failure"
# bad input: exit 2
mkdir -p "$tmp/empty"
expect 2 "nothing to plot" -- "$bin" plot "$tmp/empty"
expect 2 "is not a results folder" -- "$bin" plot "$tmp/none"
expect 2 "--format: 'gif' is not png or svg" -- "$bin" plot "$tmp/run" --format gif
expect 2 "--plots: no gnuplot scripts" -- "$bin" plot "$tmp/run" --plots "$tmp/empty"
mkdir -p "$tmp/broken" && printf 'scenario,year,paid_out_nok\nx,2025,1.00\n' > "$tmp/broken/cashflow.csv"
expect 2 "cashflow.csv:1: no column 'repaid_nok'" -- "$bin" plot "$tmp/broken"
finish
