# stipend report: report.html of the NSO pack in Norwegian and English, of a sweep and of a
# run with replications; then the Norwegian page in headless Chromium (tests/browser_report.py):
# no console errors, no network requests, every chart visible, a screenshot that is not
# blank, and every figure in the DOM equal to evidence.csv, the intervals included. A chromium
# that is missing or cannot start is a failure (scripts/setup.sh installs Debian's chromium);
# STIPEND_SKIP_BROWSER=1 skips the browser part (77) on a machine without one, never in CI.
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sc=$src/../scenarios
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# The pack, as scripts/main.sh runs it: Norway's students (the population mode) at a small
# sample, with replications for the intervals.
expect 0 "report.html" -- "$bin" compare "$sc/baseline-2025-26.ini" "$sc/nso-1.5g-11-months.ini" \
  "$sc/nso-conversion-40-credits.ini" "$sc/nso-international-support.ini" \
  "$sc/nso-no-tuition-fees.ini" "$sc/nso-conversion-50.ini" \
  --sample 0.005 --replications 2 --quiet --out "$tmp/pack"
r=$tmp/pack/report.html
[ -s "$r" ] || fail "compare wrote no report.html"
grep -q '<html lang="en">' "$r" || fail "the default page is not English"
cp "$r" "$tmp/en.html"
expect 0 "report: $tmp/pack/report.html" -- "$bin" report "$tmp/pack" --lang nb
grep -q '<html lang="nb">' "$r" || fail "--lang nb did not write Norwegian"
grep -q 'Hovedtall' "$r" || fail "no Norwegian headline section"
# self-contained: no script, nothing loaded from elsewhere (links to sources are fine)
for f in "$r" "$tmp/en.html"; do
  grep -qi '<script' "$f" && fail "$f has a script"
  grep -Eoi '<(img|link|iframe|object|embed)[^>]*>' "$f" | grep -q . && fail "$f embeds a resource"
  grep -q "default-src 'none'" "$f" || fail "$f has no content security policy"
  [ "$(grep -c '<svg' "$f")" -ge 4 ] || fail "$f has fewer than 4 charts"
  grep -q 'stipend compare .*--sample 0.005 --replications 2' "$f" ||
    fail "$f lacks the command that reproduces it"
  grep -q 'basic_support' "$f" || fail "$f lacks the parameters that differ"
  grep -q 'https://' "$f" || fail "$f has no source links"
done
grep -q 'Headline figures' "$tmp/en.html" || fail "no English headline section"
# every figure's interval over the replications, from evidence.csv's own columns
head -1 "$tmp/pack/evidence.csv" | grep -q 'difference_mean,difference_ci95_low,difference_ci95_high' ||
  fail "evidence.csv has no interval columns"
grep -q 'data-measure="net_cost_full_year" data-field="difference_ci95_low"' "$r" ||
  fail "the page does not carry the full year's interval from evidence.csv"
# the headline leads with the budget's convention (the population mode's measures)
grep -q 'class="v" data-reform="nso-1.5g-11-months" data-measure="full_year_effect"' "$r" ||
  fail "the headline does not lead with the full-year effect"
grep -q 'Helårseffekt, 2027' "$r" || fail "no Norwegian label for the full-year effect"
# about.csv states the national population the comparison's totals are of (summary.csv's
# students, each simulated student weighted), the sample and its share; the page says so on
# its first lines and under every chart
head -1 "$tmp/pack/about.csv" | grep -q 'population,seed,students,population_students,sample_share' ||
  fail "about.csv lacks population_students and sample_share"
natl=$(/usr/bin/python3 - "$tmp/pack" <<'PY'
import sys
import pandas as pd
d = sys.argv[1]
a = pd.read_csv(f"{d}/about.csv").iloc[0]
s = pd.read_csv(f"{d}/summary.csv")
national = int(s.students.iloc[0])
bad = []
if a.population != "norway":
    bad.append(f"population is {a.population!r}, not norway")
if int(a.population_students) != national:
    bad.append(f"population_students {a.population_students} is not summary.csv's {national}")
if abs(float(a.sample_share) - 0.005) > 1e-9:
    bad.append(f"sample_share {a.sample_share} is not --sample 0.005")
if not abs(int(a.students) - 0.005 * national) <= 0.01 * 0.005 * national:
    bad.append(f"students {a.students} is not 0.5 % of {national}")
for b in bad:
    print("FAIL: about.csv:", b, file=sys.stderr)
print(f"{national:,}".replace(",", " ") if not bad else "")
PY
)
[ -n "$natl" ] || fail "about.csv does not state the national population (above)"
expect 0 "report: " -- "$bin" report "$tmp/pack" --lang en
grep -Eq "Population: Norway, $(echo "$natl" | sed 's/ /.{1,3}/g') students entering" "$r" ||
  fail "the page does not state Norway's $natl students"
grep -Eq 'sample: [0-9][^a-z]* simulated students \(0\.5 %\), weighted' "$r" ||
  fail "the page does not state the sample and its share"
[ "$(grep -c 'Population: Norway' "$r")" -ge 5 ] ||
  fail "not every chart of a national run states its population"
grep -q 'not all of Norway' "$r" && fail "a national run's page says it is not Norway"
expect 0 "report: " -- "$bin" report "$tmp/pack" --lang nb
grep -q 'Populasjon: Norge' "$r" || fail "the Norwegian page does not state Norway's population"
# bad input: exit 2, one line
expect 2 "lang" -- "$bin" report "$tmp/pack" --lang de
expect 2 "not a results folder" -- "$bin" report "$tmp"
expect 2 "lang" -- "$bin" compare "$sc/baseline-2025-26.ini" "$sc/nso-conversion-50.ini" --lang xx
# sweep and run --replications write the page too; --no-report leaves it out
expect 0 "report.html" -- "$bin" sweep "$sc/nso-sweep-basic-support.ini" \
  --vary policy.basic_support=170368:1.5G:20000 --size 1000 --out "$tmp/sweep"
grep -q 'id="chart-sweep"' "$tmp/sweep/report.html" || fail "the sweep's page has no cost curve"
expect 0 "report.html" -- "$bin" run "$sc/baseline-2025-26.ini" --replications 2 --size 1000 \
  --quiet --out "$tmp/repl"
grep -q 'id="chart-replications"' "$tmp/repl/report.html" || fail "the replications' page has no chart"
grep -q 'not all of Norway' "$tmp/repl/report.html" ||
  fail "a run of --size students does not say its figures are not Norway's"
expect 0 "report.html" -- "$bin" run "$sc/baseline-2025-26.ini" --replications 2 --sample 0.002 \
  --quiet --out "$tmp/repl-natl"
/usr/bin/python3 - "$tmp/repl-natl" <<'PY' || fail "run --replications at --sample: about.csv (above)"
import sys
import pandas as pd
d = sys.argv[1]
a = pd.read_csv(f"{d}/about.csv").iloc[0]
national = int(pd.read_csv(f"{d}/summary.csv").students.iloc[0])
ok = (a.population == "norway" and int(a.population_students) == national
      and abs(float(a.sample_share) - 0.002) < 1e-9 and "--sample 0.002" in a.command)
if not ok:
    print("FAIL:", dict(a), "national", national, file=sys.stderr)
sys.exit(0 if ok else 1)
PY
grep -q 'Population: Norway' "$tmp/repl-natl/report.html" ||
  fail "run --replications at --sample: the page does not state Norway's population"
expect 0 "results:" -- "$bin" compare "$sc/baseline-2025-26.ini" "$sc/nso-conversion-50.ini" \
  --size 500 --quiet --no-report --out "$tmp/none"
[ -e "$tmp/none/report.html" ] && fail "--no-report wrote report.html"

# the browser
chromium=${STIPEND_CHROMIUM:-/usr/bin/chromium}
skip() {
  echo "SKIP: $*" >&2
  [ "$fails" -gt 0 ] && finish
  exit 77
}
if [ ! -x "$chromium" ]; then
  [ "${STIPEND_SKIP_BROWSER:-0}" = 1 ] && skip "no $chromium"
  fail "no $chromium (scripts/setup.sh installs Debian's chromium; STIPEND_SKIP_BROWSER=1 skips)"
  finish
fi
/usr/bin/python3 "$src/browser_report.py" "$chromium" "$r" "$tmp/pack/evidence.csv" \
  "$tmp/shot.png"
st=$?
if [ "$st" = 77 ]; then
  [ "${STIPEND_SKIP_BROWSER:-0}" = 1 ] && skip "chromium cannot start"
  fail "chromium cannot start (above)"
elif [ "$st" != 0 ]; then
  fail "the page in chromium (above)"
fi
finish
