# Every result file (tests/result_files.sh: every command, on a plain cohort and on Norway's
# students) as pandas reads it with no options: each column has the type it is meant to have
# (calendar years and counts int64, academic years text "2021-22", money and shares float,
# codes text), no column mixes forms, seeds fit a signed 64-bit integer, and a code (level,
# region) is spelled the same in every file that has it.
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3
$py -c 'import pandas' 2>/dev/null || { echo "FAIL: /usr/bin/python3 has no pandas" >&2; exit 1; }
sc=$src/../scenarios
. "$src/result_files.sh"
result_files "$bin" "$sc" "$tmp"
$py - "$tmp" <<'PY' || fails=$((fails + 1))
import glob, os, re, sys
import pandas as pd
root = sys.argv[1]
bad = []
FLOAT_OK = ("_nok", "_share", "_years", "_per_year")
FLOAT_NAMES = {"discount_factor", "baseline_value", "reform_value", "difference", "mean", "sd",
               "ci95_low", "ci95_high", "min", "max", "from", "to", "share", "published",
               "simulated", "std_error", "value", "value_g",
               "take_up_share", "earn_log_level", "earn_shock_sd", "defer_propensity",
               "p5", "p50", "p95", "first_order", "total_order", "difference_mean",
               "difference_ci95_low", "difference_ci95_high", "lo", "hi", "model", "rate_percent"}
# params --csv's period: an academic year, a calendar year, a month or "all", as set says;
# manifest.csv's checksum: hex digits, which can look like a number ("3477e23441342755")
TEXT = {"period", "fnv1a64"}
ACADEMIC = {"academic_year", "entry_year", "base_year"}
CODES = {"level": {"bachelor", "master2", "master5", "oneyear"},
         "region": {"elsewhere", "finnmark", "district"},
         "sex": {"female", "male"}}
num_re = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
files = sorted(glob.glob(f"{root}/*/*.csv") + glob.glob(f"{root}/*/plots/*.csv"))
want = {"run/students.csv", "compare/evidence.csv", "compare/budget.csv",
        "compare/budget_totals.csv", "compare/difference.csv", "compare/difference_by_year.csv",
        "compare/replications.csv", "repl/replication_runs.csv", "sweep/sweep.csv",
        "cohort/cohort.csv", "calibrate/calibrate.csv", "uncertainty/uncertainty.csv",
        "uncertainty/uncertainty_shares.csv", "uncertainty/uncertainty_runs.csv",
        "run-norway/students.csv", "compare-norway/evidence.csv", "compare-norway/budget.csv",
        "compare-norway/budget_posts.csv", "repl-norway/about.csv", "sweep-norway/sweep.csv",
        "calibrate/backcasts.csv", "budget/budget-2027.csv", "params/params.csv",
        "repay/repay.csv"}
have = {os.path.relpath(f, root) for f in files}
for w in sorted(want - have):
    bad.append(f"{w}: not written")
for f in files:
    name = os.path.relpath(f, root)
    t = pd.read_csv(f)
    raw = pd.read_csv(f, dtype=str, keep_default_na=False)
    if len(t) == 0:
        continue  # a header alone (a run without overrides has no parameters): no types
    for c in t.columns:
        k = t[c].dtype.kind
        if c in ACADEMIC:
            vals = raw[c][raw[c] != ""]
            if not vals.str.fullmatch(r"\d{4}-\d\d").all():
                bad.append(f"{name}: {c} is not an academic year written 2021-22: "
                           f"{sorted(set(vals))[:3]}")
            if c != "academic_year" and (raw[c] == "").any():
                bad.append(f"{name}: {c} has empty cells")
        elif c.endswith(FLOAT_OK) or c in FLOAT_NAMES or "." in c:  # "." an assumption's draw
            if k not in "if":
                bad.append(f"{name}: {c} loads as {t[c].dtype}, not a number")
        elif c == "year" or c.endswith("_year") or c in ("seed", "id", "students"):
            if k != "i":
                bad.append(f"{name}: {c} loads as {t[c].dtype}, not int64")
            if c == "seed" and k == "i" and (t[c] < 0).any():
                bad.append(f"{name}: seed below 0")
        elif c == "group" or c in TEXT:
            pass  # a group's name: text, the deciles' names are "1" to "10"
        elif k == "f":
            bad.append(f"{name}: {c} loads as float (a column of integers with empty cells?)")
        elif k == "O":
            vals = raw[c][raw[c] != ""]
            isnum = vals.str.match(num_re)
            if isnum.any() and not isnum.all():
                bad.append(f"{name}: {c} mixes numbers and text: "
                           f"{sorted(set(vals[isnum]))[:2]} and {sorted(set(vals[~isnum]))[:2]}")
        if c in CODES:
            extra = set(raw[c]) - CODES[c]
            if extra:
                bad.append(f"{name}: {c} has codes {sorted(extra)} outside {sorted(CODES[c])}")
    if "dimension" in t.columns and "group" in t.columns:
        lv = set(raw[raw.dimension == "level"]["group"])
        if lv - CODES["level"]:
            bad.append(f"{name}: level groups {sorted(lv - CODES['level'])}")
for b in bad:
    print("FAIL:", b, file=sys.stderr)
print(f"{len(files)} result files checked", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
finish
