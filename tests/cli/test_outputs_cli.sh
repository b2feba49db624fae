# The result files as an analyst reads them: pandas reads every file with no options, every
# column name carries its unit, and the files agree with each other to the øre (summary =
# sum of students.csv = sum of each group dimension; cash flows by year add up to the totals),
# and students.csv's identities hold, to the øre, for every one of 100 000 students. The same on
# Norway's students (the population mode): each row's weight is the national students it stands
# for, and the weighted rows add up to the national totals.
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3
if ! $py -c 'import pandas' 2>/dev/null; then
  echo "FAIL: /usr/bin/python3 has no pandas (scripts/setup.sh installs python3-pandas)" >&2
  exit 1
fi
expect 0 "100000 students" -- "$bin" run "$src/../scenarios/baseline-2025-26.ini" --size 100000 \
  --students --quiet --out "$tmp/r"
expect 0 "students" -- "$bin" run "$src/../scenarios/baseline-2025-26.ini" --sample 0.005 \
  --students --quiet --out "$tmp/norway"
for run in r:100000 norway:0; do
$py - "$tmp/${run%%:*}" "${run#*:}" <<'PY' || fails=$((fails + 1))
import sys
from decimal import Decimal
import pandas as pd
d = sys.argv[1]
rows = int(sys.argv[2])  # students simulated; 0: the population mode's sample
bad = []
units = ("_nok", "_share", "_years", "_months")
plain = {"scenario", "seed", "horizon_year", "students", "supported", "borrowers", "dimension",
         "group", "year", "measure", "from", "to", "id", "weight", "entry_year", "birth_year", "sex",
         "level", "funding_category", "non_eea", "exemption", "at_home", "children",
         "disability", "region", "years_enrolled", "completed", "earnings_decile",
         "deferred_first_year", "means_reduced", "means_loan_only", "end", "share"}
t = {}
for f in ["summary", "groups", "cashflow", "distribution", "students"]:
    t[f] = pd.read_csv(f"{d}/{f}.csv")
    raw = pd.read_csv(f"{d}/{f}.csv", dtype=str, keep_default_na=False)
    for c in t[f].columns:
        if not (c.endswith(units) or c in plain):
            bad.append(f"{f}.csv: column {c} has no unit suffix")
        if c.endswith("_nok"):
            # money: exactly two decimals, so the øre are exact
            if not raw[c].str.fullmatch(r"-?\d+\.\d\d|").all():
                bad.append(f"{f}.csv: {c} is not NOK with two decimals")
# exact sums in øre, via Decimal (no float rounding)
def ore(col):
    return sum(int(Decimal(x) * 100) for x in col.astype(str) if x != "nan")
raw = {f: pd.read_csv(f"{d}/{f}.csv", dtype=str, keep_default_na=False)
       for f in ["summary", "groups", "cashflow", "students"]}
s, g, cf, st = raw["summary"], raw["groups"], raw["cashflow"], raw["students"]
w = st.weight.astype("int64")
if int(s.students[0]) != int(w.sum()):
    bad.append("summary students != the students.csv rows' weights added up")
if rows and not (w == 1).all():
    bad.append("a plain cohort's students.csv has a weight other than 1")
if not rows and not (len(st) < int(s.students[0]) and (w > 1).all()):
    bad.append("the population mode's students.csv is not a weighted sample")
def wore(col):  # the rows' amounts times their weights, in øre
    return int((col.map(lambda x: int(Decimal(x) * 100)) * w).sum())
for col, scol in [("paid_out_nok", "paid_out_nok"), ("grants_nok", "grant_nok"),
                  ("loans_nok", "loan_nok"), ("repaid_nok", "repaid_nok"),
                  ("written_off_nok", "written_off_nok"), ("interest_charged_nok", "interest_nok"),
                  ("interest_relief_nok", "interest_relief_nok"), ("tuition_paid_nok", "tuition_nok")]:
    if ore(s[col]) != wore(st[scol]):
        bad.append(f"summary {col} != the weighted sum of students.csv {scol}")
    for dim in ["level", "category", "citizenship", "home", "earnings_decile"]:
        if ore(g[g.dimension == dim][col]) != ore(s[col]):
            bad.append(f"groups by {dim}: {col} does not add up to the summary")
for col, ccol in [("paid_out_nok", "paid_out_nok"), ("repaid_nok", "repaid_nok"),
                  ("interest_charged_nok", "interest_charged_nok"),
                  ("interest_relief_nok", "interest_relief_nok"),
                  ("written_off_nok", "written_off_nok"), ("tuition_paid_nok", "tuition_revenue_nok")]:
    if ore(cf[ccol]) != ore(s[col]):
        bad.append(f"cashflow {ccol} by year does not add up to summary {col}")
if ore(cf["converted_to_grant_nok"]) != ore(s["grants_nok"]):
    bad.append("cashflow converted_to_grant_nok does not add up to grants_nok")
# per student, in integer øre: paid out = grant + loan, and
# loan + prior debt + interest = repaid + written off + outstanding + carried on
def ore_col(name):
    col = st[name]
    if not col.str.fullmatch(r"-?\d+\.\d\d").all():
        bad.append(f"students.csv: {name} is not NOK with two decimals")
        return pd.Series(0, index=col.index)
    return col.str.replace(".", "", regex=False).astype("int64")
o = {c: ore_col(c) for c in ["paid_out_nok", "grant_nok", "loan_nok", "prior_debt_nok",
                             "interest_nok", "repaid_nok", "written_off_nok", "outstanding_nok",
                             "carried_on_nok"]}
n_pay = int((o["paid_out_nok"] != o["grant_nok"] + o["loan_nok"]).sum())
if n_pay:
    bad.append(f"students.csv: paid_out != grant + loan for {n_pay} students")
lhs = o["loan_nok"] + o["prior_debt_nok"] + o["interest_nok"]
rhs = o["repaid_nok"] + o["written_off_nok"] + o["outstanding_nok"] + o["carried_on_nok"]
n_loan = int((lhs != rhs).sum())
if n_loan:
    bad.append(f"students.csv: loan + prior debt + interest != repaid + written off + "
               f"outstanding + carried on for {n_loan} of {len(st)} students")
if rows and len(st) != rows:
    bad.append(f"students.csv has {len(st)} rows, not {rows}")
# the identity is not trivially true: some students bring debt and some carry it on
if not ((o["prior_debt_nok"] > 0).any() and (o["carried_on_nok"] > 0).any()):
    bad.append("students.csv: no student with prior debt or debt carried on (the test "
               "would not see the two columns)")
for b in bad:
    print("FAIL:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
done
finish
