# Sources that ship: every source a command or result file prints is a public reference (an
# address) or a file of this repository. Fails on any file name the output names that is
# neither in the repository nor a result file, and on any mention, anywhere in the
# repository, of the project's private working notes.
set -u
bin=$1 src=$2
. "$src/cli/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$(cd "$src/.." && pwd)
sc=$root/scenarios
mkdir -p "$tmp/out"
for y in 2016-17 2020-21 2024-25 2025-26 2026-27; do
  "$bin" params --year "$y" >>"$tmp/out/params.txt" 2>&1 || echo "FAIL: params --year $y" >&2
  "$bin" params --year "$y" --csv >>"$tmp/out/params.csv" 2>&1
done
for c in "" params explain repay validate run cohort calibrate compare budget sweep uncertainty \
  plot report; do
  "$bin" help $c >>"$tmp/out/help.txt" 2>&1
done
"$bin" explain --year 2024-25 --income 250000 --children 1 >"$tmp/out/explain.txt" 2>&1
"$bin" explain --year 2024-25 --citizenship non-eea --institution USN --category C \
  >"$tmp/out/explain2.txt" 2>&1
"$bin" calibrate "$sc/calibration-2024.ini" --size 1000 >"$tmp/out/calibrate.txt" 2>/dev/null
"$bin" calibrate "$sc/calibration-2024.ini" --size 1000 --csv >"$tmp/out/calibrate.csv" 2>/dev/null
expect 0 "results:" -- "$bin" compare "$sc/baseline-2025-26.ini" "$sc/nso-1.5g-11-months.ini" \
  "$sc/nso-international-support.ini" "$sc/nso-no-tuition-fees.ini" "$sc/nso-conversion-50.ini" \
  --size 500 --quiet --out "$tmp/out/pack"
# Norway's figures (the population mode): the budget year and the pack's evidence and page
"$bin" budget "$sc/baseline-2025-26.ini" --year 2027 --sample 0.002 --quiet \
  >"$tmp/out/budget.csv" 2>&1 || echo "FAIL: budget" >&2
expect 0 "results:" -- "$bin" compare "$sc/baseline-2025-26.ini" "$sc/nso-1.5g-11-months.ini" \
  "$sc/nso-conversion-40-credits.ini" --sample 0.002 --replications 2 --quiet --lang nb \
  --out "$tmp/out/natl"
/usr/bin/python3 - "$root" "$tmp/out" <<'PY' || fails=$((fails + 1))
import os, re, sys
root, out = sys.argv[1], sys.argv[2]
me = os.path.join(root, "tests", "cli", "test_sources_cli.sh")
# the working notes this project was built from: never a source (spelled in pieces, so that
# this file does not name them)
notes = re.compile("|".join([r"domain" + r"\.md", r"figures(-2)?" + r"\.md", r"seed" + r" 0\d\d",
                             r"\.\./" + "shared", r"/work/" + "shared",
                             # the notes' folder, and their calibration file (not
                             # docs/calibration.md, nor a link to it from docs/)
                             r"\bdomain" + r"/\w", r"(?<![\w/-])(?<!\]\()calibration" + r"\.md"]))
skip_dirs = {".git", "results"}
repo_files, basenames = set(), set()
for d, dirs, files in os.walk(root):
    dirs[:] = [x for x in dirs if x not in skip_dirs and not x.startswith("build")]
    for f in files:
        rel = os.path.relpath(os.path.join(d, f), root)
        repo_files.add(rel)
        basenames.add(f)
bad = []
for rel in sorted(repo_files):
    p = os.path.join(root, rel)
    if p == me or not re.search(r"\.(md|csv|ini|inc|c|h|py|sh|gp|txt|cmake)$|CMakeLists", rel):
        continue
    with open(p, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            m = notes.search(line)
            if m:
                bad.append(f"{rel}:{n}: names the working notes ({m.group(0)})")
# every file name the output prints exists in the repository or is a result file
results = set()
for d, _, files in os.walk(out):
    results.update(files)
results |= {"students.csv", "replications.csv", "replication_runs.csv", "sweep.csv",
            "cohort.csv", "report.html", "uncertainty.csv", "uncertainty_shares.csv",
            "uncertainty_runs.csv", "budget_posts.csv", "manifest.csv"}
url = re.compile(r"https?://\S+|\b[\w.-]+\.(no|com|org|eu|net)/\S*")
name = re.compile(r"[\w./-]*[\w-]\.(md|csv|ini|inc|c|h|py|sh|gp|json|txt)\b")
for d, _, files in os.walk(out):
    for f in files:
        p = os.path.join(d, f)
        with open(p, encoding="utf-8", errors="replace") as fh:
            for n, line in enumerate(fh, 1):
                m = notes.search(line)
                if m:
                    bad.append(f"output {f}:{n}: names the working notes ({m.group(0)})")
                for t in name.finditer(url.sub(" ", line)):
                    tok = t.group(0).strip("./")
                    base = os.path.basename(tok)
                    if tok in repo_files or base in basenames or base in results:
                        continue
                    if re.fullmatch(r"[A-Z][A-Z_]*\.\w+", base):
                        continue  # a placeholder of the help (SCENARIO.ini, FILE.csv)
                    if os.path.exists(tok) or os.path.exists(os.path.join(root, tok)):
                        continue
                    if "github.com/" in line:
                        continue  # a file of the public repository the same line cites
                    bad.append(f"output {f}:{n}: '{tok}' is neither in the repository nor a "
                               f"result file")
for b in sorted(set(bad))[:60]:
    print("FAIL:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
finish
