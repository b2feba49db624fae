#!/usr/bin/python3
"""measure.py: the measurement loop of bench/run.sh (run that, not this).

Runs the C engine on synthetic cohorts (`stipend run SCENARIO --size N --threads T`), and on
exported cohorts both the engine (`--cohort FILE`) and bench/numpy_lifecycle.py, best of
--repeat runs, interleaved so that the machine's noise hits both alike. Wall time is measured
around each child; peak RSS and CPU time come from that child's own rusage (os.wait4, the
figure GNU time -v prints as "Maximum resident set size"). Writes results.csv and prints the
ratios: C/NumPy on the same cohort, 2 threads / 1 thread, memory growth with cohort size, and
the issue's targets.
"""
import argparse
import csv
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ["implementation", "cohort", "students", "threads", "repeats", "seconds",
           "seconds_median", "students_per_second", "lifecycle_seconds",
           "lifecycle_students_per_second", "alone_students_per_second", "cpu_seconds", "peak_rss_mib", "commit",
           "others_cpu", "cpu_model", "cores", "mem_gib", "compiler", "numpy", "date",
           "loadavg_start", "loadavg_end"]


def run_child(argv, env=None):
    """Run argv; wall seconds, CPU seconds, peak RSS (MiB), stdout, and the cores other
    processes kept busy meanwhile (the machine's busy time from /proc/stat less the child's)."""
    c0, i0 = cpu_times()
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    c1, i1 = cpu_times()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"measure.py: {' '.join(argv)} failed ({p.returncode}):\n{err.decode()}")
    cpu = ru.ru_utime + ru.ru_stime
    busy = (1 - (i1 - i0) / max(c1 - c0, 1)) * os.cpu_count()
    return wall, cpu, ru.ru_maxrss / 1024.0, out.decode(), max(0.0, busy - cpu / wall)


def machine(compiler):
    model = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = 0.0
    with open("/proc/meminfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) / 1024.0 / 1024.0
    import numpy
    return {"cpu_model": model, "cores": len(os.sched_getaffinity(0)), "mem_gib": f"{mem:.1f}",
            "compiler": compiler,
            "numpy": f"NumPy {numpy.__version__}, Python {platform.python_version()}",
            "date": datetime.datetime.now().astimezone().isoformat(
                timespec="minutes")}


def loadavg():
    return f"{os.getloadavg()[0]:.2f}"


def cpu_times():
    with open("/proc/stat", encoding="utf-8") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return sum(v), v[3] + v[4]  # total, idle + iowait


def others_busy(seconds=0.5):
    """Cores kept busy by other processes (nothing of ours runs meanwhile)."""
    t0, i0 = cpu_times()
    time.sleep(seconds)
    t1, i1 = cpu_times()
    return (1 - (i1 - i0) / max(t1 - t0, 1)) * os.cpu_count()


def quiet(wait, limit=0.25):
    """Wait up to `wait` seconds for the other processes to use less than `limit` cores;
    return what they used just before our run."""
    deadline = time.monotonic() + wait
    busy = others_busy()
    while busy > limit and time.monotonic() < deadline:
        time.sleep(2)
        busy = others_busy()
    return busy


def engine_rate(stdout):
    """The engine's own students per second: its driver timer (cohort and lifecycle, without
    loading parameters and the cohort model), and the lifecycles alone (the threads' time in
    them, without drawing or reading the cohort)."""
    m = re.search(r"students in [0-9.]+ s \(([0-9]+) per second\)", stdout)
    a = re.search(r"lifecycles alone: ([0-9]+) per second", stdout)
    return dict(rate=float(m.group(1)) if m else float("nan"),
                alone=float(a.group(1)) if a else float("nan"))


def numpy_result(stdout):
    m = re.search(r"^RESULT (.*)$", stdout, re.M)
    if not m:
        sys.exit("measure.py: numpy_lifecycle.py printed no RESULT line")
    return {k: float(v) for k, v in (kv.split("=") for kv in m.group(1).split())}


class Bench:
    def __init__(self, a):
        self.a = a
        self.rows = []
        self.scenario = os.path.join(a.src, "scenarios", "baseline-2025-26.ini")
        self.datasets = os.path.join(a.src, "datasets")
        self.outdir = os.path.join(a.tmp, "out")
        self.env = dict(os.environ, STIPEND_DATASETS=self.datasets)

    def measured(self, argv, parse):
        """One run, started in a quiet moment if --wait-idle allows; run again (up to
        --retry times) when other processes took more than a quarter of a core during it
        (judged on runs of a second or more: /proc/stat counts in hundredths)."""
        tries = []
        for k in range(1 + self.a.retry):
            quiet(self.a.wait_idle)
            wall, cpu, rss, out, others = run_child(argv, self.env)
            r = dict(seconds=wall, cpu=cpu, rss=rss, busy=others, **parse(out))
            tries.append(r)
            if others <= 0.25 or wall < 1.0:
                break
            last = k == self.a.retry
            print(f"    (others used {others:.2f} cores during a {wall:.1f} s run: "
                  f"{'no retry left, the least disturbed try counts' if last else 'again'})",
                  flush=True)
        return min(tries, key=lambda r: r["busy"])

    def c_run(self, n, threads, cohort=None):
        argv = [self.a.stipend, "run", self.scenario, "--threads", str(threads), "--quiet",
                "--out", self.outdir]
        argv += ["--cohort", cohort] if cohort else ["--size", str(n)]
        return self.measured(argv, engine_rate)

    def numpy_run(self, cohort):
        argv = ["/usr/bin/python3", os.path.join(HERE, "numpy_lifecycle.py"), self.scenario,
                "--cohort", cohort, "--datasets", self.datasets, "--quiet"]

        def parse(out):
            r = numpy_result(out)
            return dict(lifecycle=r["study_s"] + r["repay_s"])
        return self.measured(argv, parse)

    def record(self, impl, cohort, n, threads, runs):
        best = min(runs, key=lambda r: r["seconds"])
        row = dict(implementation=impl, cohort=cohort, students=n, threads=threads,
                   repeats=len(runs), seconds=f"{best['seconds']:.3f}",
                   seconds_median=f"{statistics.median(r['seconds'] for r in runs):.3f}",
                   students_per_second=f"{n / best['seconds']:.0f}",
                   cpu_seconds=f"{min(r['cpu'] for r in runs):.3f}",
                   others_cpu=f"{best['busy']:.2f}",
                   peak_rss_mib=f"{max(r['rss'] for r in runs):.1f}")
        if "rate" in best:  # the engine's driver timer, the best of the repeats
            rate = max(r["rate"] for r in runs)
            row["lifecycle_seconds"] = f"{n / rate:.3f}"
            row["lifecycle_students_per_second"] = f"{rate:.0f}"
            row["alone_students_per_second"] = f"{max(r['alone'] for r in runs):.0f}"
        else:
            lc = min(r["lifecycle"] for r in runs)
            row["lifecycle_seconds"] = f"{lc:.3f}"
            row["lifecycle_students_per_second"] = f"{n / lc:.0f}"
            row["alone_students_per_second"] = f"{n / lc:.0f}"
        self.rows.append(row)
        print(f"  {impl:9s} {cohort:9s} {n:>9d} students {threads} thr  "
              f"{best['seconds']:8.3f} s  {n / best['seconds']:>10.0f}/s  "
              f"RSS {float(row['peak_rss_mib']):7.1f} MiB  (others: {best['busy']:.2f} cores)",
              flush=True)

    def size(self, n):
        a = self.a
        reps = a.repeat if n < 10_000_000 else min(a.repeat, a.repeat_big)
        runs = {t: [] for t in a.threads}
        for _ in range(reps):
            for t in a.threads:
                runs[t].append(self.c_run(n, t))
        for t in a.threads:
            self.record("c", "synthetic", n, t, runs[t])
        if n > a.numpy_max:
            return
        cohort = os.path.join(a.tmp, f"cohort-{n}.csv")
        run_child([a.stipend, "cohort", self.scenario, "--size", str(n), "--out", cohort,
                   "--quiet"], self.env)
        c_runs, np_runs = {t: [] for t in a.threads}, []
        for _ in range(reps):
            for t in a.threads:
                c_runs[t].append(self.c_run(n, t, cohort))
            np_runs.append(self.numpy_run(cohort))
        for t in a.threads:
            self.record("c", "exported", n, t, c_runs[t])
        self.record("numpy", "exported", n, 1, np_runs)
        if a.validate and n == min(a.sizes):
            self.validate(cohort)
        os.remove(cohort)

    def validate(self, cohort):
        """The NumPy lifecycle with the engine's random streams against students.csv."""
        vout = os.path.join(self.a.tmp, "validate")
        run_child([self.a.stipend, "run", self.scenario, "--cohort", cohort, "--students",
                   "--quiet", "--out", vout, "--threads", "2"], self.env)
        _, _, _, out, _ = run_child(["/usr/bin/python3", os.path.join(HERE, "numpy_lifecycle.py"),
                                  self.scenario, "--cohort", cohort, "--datasets", self.datasets,
                                  "--rng", "engine", "--compare",
                                  os.path.join(vout, "students.csv")], self.env)
        lines = out.splitlines()
        start = next(i for i, ln in enumerate(lines) if ln.startswith("comparison with"))
        self.validation = "\n".join(lines[start:start + 20])
        print(self.validation)


def find(rows, impl, cohort, n, t):
    for r in rows:
        if (r["implementation"], r["cohort"], r["students"], r["threads"]) == (impl, cohort, n, t):
            return r
    return None


def report(rows, sizes, threads, meta):
    f = lambda r, k: float(r[k])  # noqa: E731
    print(f"\nstipend at {meta['commit']} on {meta['cpu_model']}, {meta['cores']} cores, "
          f"{meta['mem_gib']} GiB, {meta['compiler']}, {meta['numpy']}, {meta['date']}")
    print("\nNumPy / C on the same exported cohort: wall time of the whole process per thread "
          "count (each\nreading the CSV, C also writing its results); CPU time, C on 1 thread "
          "(both single-threaded:\nrobust to other load); the lifecycles alone per thread count "
          "(NumPy's study + repayment,\nC's threads' time in the lifecycles; neither reading the "
          "file):")
    print(f"  {'students':>9s}  " + "  ".join(f"wall C {t}T" for t in threads) +
          "   CPU C 1T  " + "  ".join(f"alone C {t}T" for t in threads))
    for n in sizes:
        nr = find(rows, "numpy", "exported", n, 1)
        if not nr:
            continue
        cells = [f"{f(nr, 'seconds') / f(find(rows, 'c', 'exported', n, t), 'seconds'):8.1f}x"
                 for t in threads]
        alone = [f"{f(find(rows, 'c', 'exported', n, t), 'alone_students_per_second') / f(nr, 'alone_students_per_second'):9.1f}x"
                 for t in threads]
        cpu = f(nr, "cpu_seconds") / f(find(rows, "c", "exported", n, 1), "cpu_seconds")
        print(f"  {n:>9d}  " + "  ".join(cells) + f"  {cpu:8.1f}x  " + "  ".join(alone))
    if len(threads) > 1:
        t1, t2 = threads[0], threads[-1]
        print(f"\n{t2} threads / {t1} thread (synthetic cohort, wall time; engine timer):")
        for n in sizes:
            a, b = find(rows, "c", "synthetic", n, t1), find(rows, "c", "synthetic", n, t2)
            print(f"  {n:>9d}  {f(a, 'seconds') / f(b, 'seconds'):5.2f}x  "
                  f"{f(b, 'lifecycle_students_per_second') / f(a, 'lifecycle_students_per_second'):5.2f}x")
    print("\npeak RSS (MiB), synthetic cohort:")
    for t in threads:
        cells = [f"{f(find(rows, 'c', 'synthetic', n, t), 'peak_rss_mib'):7.1f}" for n in sizes]
        lo = f(find(rows, "c", "synthetic", sizes[0], t), "peak_rss_mib")
        hi = f(find(rows, "c", "synthetic", sizes[-1], t), "peak_rss_mib")
        print(f"  {t} thread(s): " + " ".join(cells) +
              f"   growth {sizes[-1]:d}/{sizes[0]:d} students: {hi / lo:.2f}x")
    # the targets
    print("\ntargets (issue 'Cohort engine'):")
    big = sizes[-1]
    tmax = threads[-1]
    c2 = find(rows, "c", "synthetic", big, tmax)
    checks = [(f">= 1 000 000 lifecycles/s on {tmax} threads ({big} students)",
               f(c2, "students_per_second") >= 1e6, f"{f(c2, 'students_per_second'):.0f}/s")]
    npn = [n for n in sizes if find(rows, "numpy", "exported", n, 1)]
    if npn:
        n = max(npn)
        nr, ce = find(rows, "numpy", "exported", n, 1), find(rows, "c", "exported", n, tmax)
        r = f(ce, "alone_students_per_second") / f(nr, "alone_students_per_second")
        e = f(nr, "seconds") / f(ce, "seconds")
        checks.append((f">= 10x NumPy, the lifecycles ({n} students, C on {tmax} threads)",
                       r >= 10, f"{r:.1f}x (end to end, each reading the CSV: {e:.1f}x)"))
    if len(threads) > 1:
        s = f(find(rows, "c", "synthetic", big, threads[0]), "seconds") / f(c2, "seconds")
        checks.append((f"{tmax} threads >= 1.8x one ({big} students)", s >= 1.8, f"{s:.2f}x"))
    if big >= 10_000_000:
        rss = max(f(find(rows, "c", "synthetic", big, t), "peak_rss_mib") for t in threads)
        checks.append((f"peak RSS <= 512 MiB at {big} students", rss <= 512, f"{rss:.1f} MiB"))
    for what, ok, val in checks:
        print(f"  [{'met' if ok else 'NOT met'}] {what}: {val}")


def markdown(path):
    """results.csv as the tables of bench/README.md."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    r0 = rows[0]
    print(f"Commit {r0['commit']}, {r0['date']}; {r0['cpu_model']} ({r0['cores']} cores, "
          f"{r0['mem_gib']} GiB), {r0['compiler']}, {r0['numpy']}; load average "
          f"{r0['loadavg_start']} at the start, {r0['loadavg_end']} at the end.\n")
    print("| implementation | cohort | students | threads | seconds (best of) | students/s | "
          "driver students/s | lifecycles alone /s | CPU s | peak RSS MiB | others' cores |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['implementation']} | {r['cohort']} | {int(r['students']):,} | {r['threads']} | "
              f"{r['seconds']} ({r['repeats']}) | {int(r['students_per_second']):,} | "
              f"{int(r['lifecycle_students_per_second']):,} | "
              f"{int(r['alone_students_per_second']):,} | {r['cpu_seconds']} | "
              f"{r['peak_rss_mib']} | {r['others_cpu']} |".replace(",", " "))
    print("\nRatios (the same run):\n")
    sizes = sorted({int(r["students"]) for r in rows})
    threads = sorted({int(r["threads"]) for r in rows if r["implementation"] == "c"})
    for r in rows:
        r["students"], r["threads"] = int(r["students"]), int(r["threads"])
    f = lambda r, k: float(r[k])  # noqa: E731
    print("| students | NumPy/C wall, C 1 thread | NumPy/C wall, C 2 threads | NumPy/C CPU, C 1 thread "
          "| NumPy/C lifecycles alone, C 1 thread | NumPy/C lifecycles alone, C 2 threads "
          "| C 2 threads / 1 thread (wall) | C peak RSS MiB, 1 / 2 threads |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        c1, c2 = find(rows, "c", "synthetic", n, threads[0]), find(rows, "c", "synthetic", n, threads[-1])
        nr = find(rows, "numpy", "exported", n, 1)
        cells = ["-"] * 5
        if nr:
            e1, e2 = find(rows, "c", "exported", n, threads[0]), find(rows, "c", "exported", n, threads[-1])
            cells = [f"{f(nr, 'seconds') / f(e1, 'seconds'):.1f}x",
                     f"{f(nr, 'seconds') / f(e2, 'seconds'):.1f}x",
                     f"{f(nr, 'cpu_seconds') / f(e1, 'cpu_seconds'):.1f}x",
                     f"{f(e1, 'alone_students_per_second') / f(nr, 'alone_students_per_second'):.1f}x",
                     f"{f(e2, 'alone_students_per_second') / f(nr, 'alone_students_per_second'):.1f}x"]
        print(f"| {n:,} | " .replace(",", " ") + " | ".join(cells) +
              f" | {f(c1, 'seconds') / f(c2, 'seconds'):.2f}x | {c1['peak_rss_mib']} / {c2['peak_rss_mib']} |")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--table":
        markdown(sys.argv[2])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stipend", required=True)
    ap.add_argument("--src", required=True, help="source tree the binary was built from")
    ap.add_argument("--sizes", required=True)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--numpy-max", type=float, default=1e6)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--repeat-big", type=int, default=3,
                    help="runs per measurement at 10^7 students and more, at most --repeat (default 3)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--tmp", required=True)
    ap.add_argument("--commit", required=True)
    ap.add_argument("--compiler", required=True)
    ap.add_argument("--no-validate", dest="validate", action="store_false")
    ap.add_argument("--retry", type=int, default=2,
                    help="runs again when others took > 0.25 core during a run (default 2)")
    ap.add_argument("--wait-idle", type=float, default=0,
                    help="wait up to this many seconds before each run for a quiet machine")
    a = ap.parse_args()
    a.sizes = sorted(int(float(x)) for x in a.sizes.split(","))
    a.threads = [int(x) for x in a.threads.split(",")]
    meta = machine(a.compiler)
    meta["commit"] = a.commit
    meta["loadavg_start"] = loadavg()
    b = Bench(a)
    print(f"load average at start: {meta['loadavg_start']}", flush=True)
    for n in a.sizes:
        b.size(n)
    meta["loadavg_end"] = loadavg()
    for r in b.rows:
        r.update(meta)
    tmp = a.out + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for r in b.rows:
            w.writerow({k: r.get(k, "") for k in COLUMNS})
    os.replace(tmp, a.out)
    report(b.rows, a.sizes, a.threads, meta)
    print(f"\nload average at end: {meta['loadavg_end']}; results: {a.out}")
    shutil.rmtree(b.outdir, ignore_errors=True)


if __name__ == "__main__":
    main()
