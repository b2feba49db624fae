#!/usr/bin/python3
"""numpy_lifecycle.py: the stipend lifecycle (engine/lifecycle.c) vectorised over students with
NumPy: the benchmark baseline that bench/run.sh times against the C engine on the same exported
cohort (bench/README.md).

It reads a microdata cohort (`stipend cohort SCENARIO --size N --out FILE`; columns in
engine/microdata.c) in chunks, and the same parameter files as the engine (datasets/policy,
datasets/tuition, datasets/cohort/<set>): parameters by academic and calendar year projected to
2110 as stp_params_project does, the monthly floating rate, behaviour, mortality, the earnings
profile and G. Each chunk goes through

  study     every academic year's support with that year's parameters (rules/support.c),
            tuition and semester fees, the means test per calendar year over the months
            supported in it with the reduction split back over the months (rules/meanstest.c),
            conversion per credits passed and on completion, interest in years that are not
            full-time;
  repayment month by month over all borrowers at once (rules/repayment.c driven as in
            lifecycle.c: grace months, plan length, annuity recomputed when the rate changes or
            the plan moves, deferral, interest relief, Finnmark and district write-offs,
            default, death, the age limit).

Random numbers: by default numpy's Generator (PCG64), drawing as many numbers per student-year
as the engine (the point is the same amount of work): six 64-bit words, three split into 32-bit
uniforms and three into 16-bit ones, and a normal for the years that look at earnings. With
--rng engine the script reproduces the engine's counter-based streams (engine/rng.c) and its
inverse normal CDF of a lane (stp_normal_lane: a table of GSL's interpolated, GSL's in the tails),
and turns off NumPy's AVX-512 (SVML) exp/log/pow so that they are glibc's: every output of
students.csv can then be compared with `stipend run --cohort FILE --students` (--compare).

Money is øre, rounded exactly as engine/money.c and rules/repayment.c do: int64 arrays in the
study phase; in repayment float64 arrays holding whole øre (exact below 2^53 øre, and they spare
an int/float conversion per operation every month). Vectorisation: students who borrow are
sorted by years enrolled and repayers by the month interest starts, so the students active in a
year or month are a prefix of the arrays (a view); finished loans are dropped as they
accumulate. Only scenarios without [policy] overrides or an [economy] rate path are supported
(the baseline).
"""
import argparse
import configparser
import csv
import itertools
import math
import os
import resource
import sys
import time

np = None  # imported in main(), after NPY_DISABLE_CPU_FEATURES is set for --rng engine

# ---- constants of the engine (params.h, cohort.h, rng.c, outcome.h) ----
FIRST_YEAR, LAST_YEAR, MAX_YEAR = 2016, 2026, 2110
NPY = MAX_YEAR - FIRST_YEAR + 1          # parameter years 2016..2110
T0 = FIRST_YEAR * 12                      # month index of January 2016
NRATE = NPY * 12                          # months of the economy's rate table
HORIZON = MAX_YEAR * 12 + 11              # December 2110
G_MIN, G_MAX = 1950, 2160                 # cohort model's G table
LEVELS = ["bachelor", "master2", "master5", "oneyear"]
ONEYEAR, NO_DEGREE = 3, 4
EXEMPTIONS = ["none", "eea", "exchange", "phd", "admitted-before-2023", "scholarship",
              "permanent-residence", "protection", "eu-family", "married-norwegian",
              "cohabiting-norwegian", "work-2y", "uk-pre-2021", "study-3y", "family-immigration"]
REGIONS = ["elsewhere", "finnmark", "district"]
INSTITUTIONS = ["university", "university-college", "private"]
CATEGORIES = ["A", "B", "C", "D", "E", "F"]
ENDS = ["no-debt", "repaid", "death", "age-limit", "default", "written-off", "open"]
E_NODEBT, E_REPAID, E_DEATH, E_AGE, E_DEFAULT, E_WRITEOFF, E_OPEN = range(7)
STREAM_REPAY = 3
YEAR_WORDS, WORD_DEFER, WORD_CHOICE = 16, 3, 6  # lifecycle.c: words of the repay stream per year; the bills' first
NORMAL_CELLS, NORMAL_EDGE = 1024, 16  # rng.h stp_normal_lane
M64 = (1 << 64) - 1
GOLDEN, ODD = 0x9e3779b97f4a7c15, 0xd1b54a32d192ed03
DOMAIN_SEEK = 0x5354502d7365656b


def month(y, m):
    return y * 12 + m - 1


# ---- exact scalar rounding (engine/money.c), for parameter projection ----
def c_llround(x):
    t = int(x)  # towards zero, exact for |x| < 2^53
    f = x - t
    if f >= 0.5:
        t += 1
    elif f <= -0.5:
        t -= 1
    return t


def c_round_kr(ore):
    q = abs(ore) // 100 * (1 if ore >= 0 else -1)
    r = ore - q * 100
    if r >= 50:
        q += 1
    elif r <= -50:
        q -= 1
    return q * 100


def parse_nok(text):
    """NOK with at most two decimals to øre, exactly."""
    s = text.strip().replace(" ", "").replace("_", "")
    neg = s.startswith("-")
    s = s.lstrip("+-")
    whole, _, frac = s.partition(".")
    v = int(whole or "0") * 100 + int((frac + "00")[:2])
    return -v if neg else v


def read_rows(path):
    """CSV rows as dicts, '#' comment lines skipped (datasets/README.md)."""
    with open(path, newline="", encoding="utf-8") as f:
        lines = [ln for ln in f if not ln.startswith("#")]
    return list(csv.DictReader(lines))


# ---- parameters ----
class Params:
    """Parameter arrays indexed by year - 2016 (2016..2110), money in øre."""

    def __init__(self, datasets, price_growth, wage_growth, calibration):
        ac, cal, self.units = {}, {}, {}
        for y in range(FIRST_YEAR, LAST_YEAR + 1):
            ac[y] = self._read_set(f"{datasets}/policy/academic/{y}-{(y + 1) % 100:02d}.csv")
            cal[y] = self._read_set(f"{datasets}/policy/calendar/{y}.csv")
        self.repay = self._read_set(f"{datasets}/policy/repayment.csv")
        # stp_params_project: academic money by prices, calendar money by wages, whole kroner.
        for y in range(LAST_YEAR + 1, MAX_YEAR + 1):
            ac[y], cal[y] = dict(ac[y - 1]), dict(cal[y - 1])
            for sets, g in ((ac, price_growth), (cal, wage_growth)):
                for k, v in sets[y].items():
                    if self.units[k].startswith("NOK"):
                        sets[y][k] = c_round_kr(c_llround(float(v) * (1.0 + g)))
            a = ac[y]
            a["basic_support"] = c_round_kr(a["basic_support"] // a["support_months"]) * \
                a["support_months"]
        self.year = {k: np.array([ac[y][k] for y in range(FIRST_YEAR, MAX_YEAR + 1)])
                     for k in ac[FIRST_YEAR]}
        self.cal = {k: np.array([cal[y][k] for y in range(FIRST_YEAR, MAX_YEAR + 1)])
                    for k in cal[FIRST_YEAR]}
        self.rate = self._rates(f"{datasets}/policy/interest_rates.csv")
        self._fees(datasets)
        self._cohort(datasets, calibration)

    def _read_set(self, path):
        out = {}
        for r in read_rows(path):
            unit = r["unit"]
            self.units[r["parameter"]] = unit
            v = r["value"]
            if unit.startswith("NOK"):
                out[r["parameter"]] = parse_nok(v)
            elif unit == "share":
                out[r["parameter"]] = float(v)
            else:
                out[r["parameter"]] = int(v)
        return out

    @staticmethod
    def _rates(path):
        """The economy's rate per month from January 2016 (stp_economy_rates with rate_after =
        hold): published resets held two months, interpolated between (build_monthly_rates),
        the first before and the last after."""
        pts = []
        for r in read_rows(path):
            y, m = r["from"].split("-")
            pts.append((month(int(y), int(m)), float(r["rate_percent"]) / 100.0))
        t0, t1 = pts[0][0], pts[-1][0]
        monthly = [0.0] * (t1 - t0 + 1)
        for (fa, ra), (fb, rb) in zip(pts, pts[1:]):
            for t in range(fa, fb):
                if t < fa + 2:
                    monthly[t - t0] = ra
                else:
                    reset = fa + 2 * ((t - fa) // 2)
                    w = float(reset - fa) / float(fb - fa)
                    monthly[t - t0] = ra + w * (rb - ra)
        monthly[t1 - t0] = pts[-1][1]
        out = np.empty(NRATE)
        for i in range(NRATE):
            t = T0 + i
            out[i] = monthly[0] if t < t0 else monthly[min(t - t0, len(monthly) - 1)]
        return out

    def _fees(self, datasets):
        """USN's tuition by funding-category group and semester fee by year, the latest table at
        or before the year, else the earliest after (PICK_NEAREST in params.c)."""
        def nearest(rows, y):
            best = None
            for ry, v in rows:
                if best is None:
                    best = (ry, v)
                elif ry <= y and (best[0] > y or ry > best[0]):
                    best = (ry, v)
                elif ry > y and best[0] > y and ry < best[0]:
                    best = (ry, v)
            return best[1] if best else 0

        tab = {}
        for r in read_rows(f"{datasets}/tuition/tuition_fees.csv"):
            if r["institution"].lower() == "usn":
                tab.setdefault(r["category"].upper(), []).append(
                    (int(r["year"][:4]), parse_nok(r["fee_nok"])))
        groups = ["C", "C", "C", "D", "E+F", "E+F"]  # public_tuition_fee() in lifecycle.c
        self.tuition = np.array([[nearest(tab.get(g, []), y) for y in range(FIRST_YEAR, MAX_YEAR + 1)]
                                 for g in groups], dtype=np.int64)
        sem = [(int(r["year"][:4]), parse_nok(r["fee_nok"]))
               for r in read_rows(f"{datasets}/tuition/semester_fees.csv")
               if r["institution"].lower() == "usn"]
        # two campus terms with the voluntary SAIH paid (stp_semester_fee_year)
        self.semester = np.array([2 * nearest(sem, y) for y in range(FIRST_YEAR, MAX_YEAR + 1)],
                                 dtype=np.int64)

    def _cohort(self, datasets, calibration):
        d = f"{datasets}/cohort/{calibration}"
        p = {r["parameter"]: float(r["value"]) for r in read_rows(f"{d}/parameters.csv")}
        self.employed = np.array([p["employed_" + g] for g in LEVELS + ["no_degree"]])
        self.low_income_prob = p["low_income_prob"]
        self.defer_bill_prob = solve_defer(p["defer_year_share"], p["defer_sigma"])
        self.defer_low_income_factor = p["defer_low_income_factor"]
        self.relief_take_up = p["relief_take_up"]
        self.default_hazard = p["default_hazard"]
        # default_hazard_decay^d by d = whole years since the first bill, as lifecycle.c's
        # per-run table: d products from 1 (not pow), the same doubles
        decay = p.get("default_hazard_decay", 1.0)
        self.hazard_decay = np.ones(MAX_YEAR - FIRST_YEAR + 1)
        for k in range(1, len(self.hazard_decay)):
            self.hazard_decay[k] = self.hazard_decay[k - 1] * decay
        self.default_low_income_factor = p["default_low_income_factor"]
        self.ability_mid = p["default_ability_mid"]
        self.ability_slope = p["default_ability_slope"]
        self.inst_weight = p["default_instalment_weight"]
        self.abroad_factor = p["default_abroad_factor"]
        self.reinstate_share = p["reinstate_share"]
        self.settle_hazard = p["settle_hazard"]
        self.settle_ratio = p["settle_earnings_ratio"]
        self.extra_prob = p["extra_repay_prob"]
        self.extra_share = p["extra_repay_share"]
        mort = np.zeros((2, 101))
        for r in read_rows(f"{d}/mortality.csv"):
            mort[0, int(r["age"])] = float(r["q_female"])
            mort[1, int(r["age"])] = float(r["q_male"])
        mort[:, :18] = mort[:, 18:19]
        self.mortality = mort                 # [sex, age 0..100]
        cols = ["bachelor", "master2", "master5", "oneyear", "no_degree"]
        anchors = [(int(r["age"]), [float(r[c]) for c in cols])
                   for r in read_rows(f"{d}/earnings_profile.csv")]
        prof = np.zeros((5, 81))
        for g in range(5):
            for age in range(16, 81):
                k = 0
                while k < len(anchors) and anchors[k][0] < age:
                    k += 1
                if k == 0:
                    v = anchors[0][1][g]
                elif k == len(anchors):
                    v = anchors[-1][1][g]
                else:
                    a0, a1 = anchors[k - 1][0], anchors[k][0]
                    t = float(age - a0) / (a1 - a0)
                    v = (1 - t) * anchors[k - 1][1][g] + t * anchors[k][1][g]
                prof[g, age] = v
        prof[:, :16] = prof[:, 16:17]
        self.profile = prof                   # [group, age 0..80]
        # logs by math.log (the C library's log, as the engine's per-run tables)
        self.log_profile = np.array([[math.log(v) for v in row] for row in prof])
        gw = 1 + p["wage_growth"]
        g = {y: self.cal["g"][y - FIRST_YEAR] / 100.0 for y in range(FIRST_YEAR, LAST_YEAR + 1)}
        for y in range(FIRST_YEAR - 1, G_MIN - 1, -1):
            g[y] = g[y + 1] / gw
        for y in range(LAST_YEAR + 1, G_MAX + 1):
            g[y] = g[y - 1] * gw
        self.g = np.array([g[y] for y in range(G_MIN, G_MAX + 1)])  # NOK, index year - 1950
        self.log_g = np.array([math.log(v) for v in self.g])


def solve_defer(target, sigma):
    """The per-bill deferral probability at propensity 1 (cohort.c solve_defer)."""
    def share(p):
        n, lo, hi = 2000, -8.0, 8.0
        h = (hi - lo) / n
        acc = 0.0
        for i in range(n + 1):
            z = lo + i * h
            x = math.exp(sigma * z - sigma * sigma / 2)
            q = p * x if p * x < 1 else 1
            f = (1 - math.pow(1 - q, 12)) * math.exp(-z * z / 2) * 0.3989422804014327
            acc += f * (1 if i == 0 or i == n else 4 if i % 2 else 2)
        return acc * h / 3

    lo, hi = 0.0, 1.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if share(mid) < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


# ---- vector rounding (engine/money.c, rules/repayment.c) ----
def llround(x):
    """llround, halves away from zero, of a float64 array, as int64."""
    t = np.trunc(x)
    f = x - t
    return (t + (f >= 0.5) - (f <= -0.5)).astype(np.int64)


def mul_rate(ore, rate):
    return llround(ore * rate)


def round_kr(ore):
    q = ore // 100
    q = np.where((ore < 0) & (q * 100 != ore), q + 1, q)  # C division truncates
    r = ore - q * 100
    return (q + (r >= 50) - (r <= -50)) * 100


def trunc_kr(ore):
    return np.where(ore >= 0, ore // 100, -((-ore) // 100)) * 100


def interest_month(balance, rate):
    """balance × rate / 12 to the nearest øre (balance >= 0)."""
    return ((balance * rate) / 12.0 + 0.5).astype(np.int64)


# ---- the engine's counter-based random streams (engine/rng.c) ----
def mix64(z):
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xbf58476d1ce4e5b9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94d049bb133111eb)
    return z ^ (z >> np.uint64(31))


def mix64_int(z):
    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M64
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M64
    return z ^ (z >> 31)


# gsl_cdf_ugaussian_Pinv (GSL cdf/gaussinv.c: Wichura's AS 241), operation for operation
_PINV = [
    ([3.387132872796366608, 133.14166789178437745, 1971.5909503065514427,
      13731.693765509461125, 45921.953931549871457, 67265.770927008700853,
      33430.575583588128105, 2509.0809287301226727],
     [1.0, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077,
      21213.794301586595867, 39307.89580009271061, 28729.085735721942674,
      5226.495278852854561]),
    ([1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055,
      3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177,
      0.0227238449892691845833, 7.7454501427834140764e-4],
     [1.0, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
      0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4,
      1.05075007164441684324e-9]),
    ([6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358,
      0.29656057182850489123, 0.026532189526576123093, 0.0012426609473880784386,
      2.71155556874348757815e-5, 2.01033439929228813265e-7],
     [1.0, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
      7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7,
      2.04426310338993978564e-15])]


def _rat_eval(ab, x):
    a, b = ab
    u = np.full_like(x, a[-1])
    for c in a[-2::-1]:
        u = x * u + c
    v = np.full_like(x, b[-1])
    for c in b[-2::-1]:
        v = x * v + c
    return u / v


def normal_pinv(p):
    """gsl_cdf_ugaussian_Pinv for p in (0, 1)."""
    out = np.empty_like(p)
    dp = p - 0.5
    c = np.abs(dp) <= 0.425
    q = dp[c]
    out[c] = q * _rat_eval(_PINV[0], 0.180625 - q * q)
    t = ~c
    pt = p[t]
    r = np.sqrt(-np.log(np.where(pt < 0.5, pt, 1.0 - pt)))
    x = np.where(r <= 5.0, _rat_eval(_PINV[1], r - 1.6), _rat_eval(_PINV[2], r - 5.0))
    out[t] = np.where(pt < 0.5, -x, x)
    return out


# stp_normal_lane's nodes: normal_pinv at i / NORMAL_CELLS (the same bits as
# engine/normal_table.inc, which the engine's tests check against GSL's function)
_NODES = None


def normal_lane(lane):
    """rng.h stp_normal_lane of uint64 arrays holding 32-bit lanes."""
    global _NODES
    if _NODES is None:
        _NODES = normal_pinv(np.arange(NORMAL_EDGE, NORMAL_CELLS - NORMAL_EDGE + 1,
                                       dtype=np.float64) / NORMAL_CELLS)
    i = (lane >> np.uint64(22)).astype(np.int64)
    out = np.empty(len(lane))
    edge = (i < NORMAL_EDGE) | (i >= NORMAL_CELLS - NORMAL_EDGE)
    out[edge] = normal_pinv((lane[edge].astype(np.float64) + 0.5) * 2.0 ** -32)
    c = ~edge
    q0 = _NODES[i[c] - NORMAL_EDGE]
    q1 = _NODES[i[c] - NORMAL_EDGE + 1]
    f = ((lane[c] & np.uint64(0x3fffff)).astype(np.float64) + 0.5) * 2.0 ** -22
    out[c] = q0 + f * (q1 - q0)
    return out


class EngineStreams:
    """The engine's stream seeks and words (rng.h) for many students at once."""

    def __init__(self, seed, ids):
        a = np.uint64(mix64_int((seed + GOLDEN) & M64))
        x = mix64(a ^ (ids.astype(np.uint64) * np.uint64(ODD)))
        base = mix64(x + a)                                    # stp_hash64(seed, id)
        self.hd = mix64((base ^ np.uint64(DOMAIN_SEEK)) + np.uint64(GOLDEN))

    def stream(self, sel, stream, sub):
        hd = self.hd[sel]
        k = np.uint64(((stream << 32) | sub) * ODD & M64)
        key = mix64(mix64(hd ^ k) + hd)
        return mix64(key + np.uint64(GOLDEN))

    @staticmethod
    def word(h, k):
        """Word k of streams h (rng.h stp_stream_word)."""
        return mix64(h ^ np.uint64(k * ODD & M64))

    @staticmethod
    def lanes16(h, k):
        """Word k of streams h as its four 16-bit uniforms, highest first (rng.h
        stp_stream_lanes16_below)."""
        z = EngineStreams.word(h, k)
        return np.stack([(z >> np.uint64(48 - 16 * q) & np.uint64(0xffff)).astype(np.float64)
                         for q in range(4)]) * (2.0 ** -16)

    @staticmethod
    def lanes(h, k):
        """Word k of streams h (rng.h stp_stream_word) as its two 32-bit uniforms."""
        z = EngineStreams.word(h, k)
        hi = (z >> np.uint64(32)).astype(np.float64) * (2.0 ** -32)
        lo = (z & np.uint64(0xffffffff)).astype(np.float64) * (2.0 ** -32)
        return hi, lo


# ---- the cohort file ----
STRING_COLS = {"entry_year": "U7", "sex": "U6", "level": "U8", "funding_category": "U1",
               "institution_type": "U18", "exemption": "U20", "region": "U9"}


def codes(values, names, column):
    u, inv = np.unique(values, return_inverse=True)
    lut = []
    for s in u:
        if s not in names:
            raise SystemExit(f"numpy_lifecycle.py: column {column}: unknown value '{s}'")
        lut.append(names.index(s))
    return np.array(lut, dtype=np.int64)[inv]


def read_chunks(path, chunk):
    """Yield dicts of student arrays, `chunk` rows at a time (memory stays flat)."""
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
        dt = [(h, STRING_COLS.get(h, "f8")) for h in header]
        while True:
            lines = list(itertools.islice(f, chunk))
            if not lines:
                return
            a = np.atleast_1d(np.loadtxt(lines, delimiter=",", dtype=dt))
            s = {"id": a["id"].astype(np.int64),
                 "entry": a["entry_year"].astype("U4").astype(np.int64),
                 "sex": (a["sex"] == "male").astype(np.int64),
                 "level": codes(a["level"], LEVELS, "level"),
                 "category": codes(a["funding_category"], CATEGORIES, "funding_category"),
                 "inst": codes(a["institution_type"], INSTITUTIONS, "institution_type"),
                 "exemption": codes(a["exemption"], EXEMPTIONS, "exemption"),
                 "region": codes(a["region"], REGIONS, "region")}
            for c in ("birth_year", "non_eea", "at_home", "children", "disability", "married",
                      "years", "completed", "continues", "borrows", "emigrates"):
                s[c] = a[c].astype(np.int64)
            s["credits"] = np.stack([a[f"credits_y{k + 1}"] for k in range(8)]).astype(np.int64)
            s["passed"] = np.stack([a[f"passed_y{k + 1}"] for k in range(8)]).astype(np.int64)
            s["income"] = np.stack([np.rint(a[f"income_y{k}_nok"] * 100) for k in range(9)]
                                   ).astype(np.int64)
            for c, col in (("assets", "assets_nok"), ("tuition_private", "tuition_private_nok"),
                           ("prior_debt", "prior_debt_nok")):
                s[c] = np.rint(a[col] * 100).astype(np.int64)
            # floats in the engine: parsed as float (strtof), used as double
            for c, col in (("take_up", "take_up_share"), ("earn_log_level", "earn_log_level"),
                           ("earn_shock_sd", "earn_shock_sd"),
                           ("defer_propensity", "defer_propensity")):
                s[c] = a[col].astype(np.float32).astype(np.float64)
            yield s


# ---- study ----
def support_eligible(exemption, non_eea, switch):
    """stp_exemption_support_eligible, vectorised."""
    residence = exemption >= 6
    open_ground = (exemption == 0) | (exemption == 4)
    return residence | (exemption == 1) | (open_ground & ((non_eea == 0) | (switch != 0)))


def fees(P, s):
    """Tuition (non-EEA fee-payers from 2023, private colleges) and semester fees of every year
    with credits, whether supported or not."""
    n = len(s["id"])
    tuition, semester = np.zeros(n, np.int64), np.zeros(n, np.int64)
    pays = (s["non_eea"] != 0) & (s["exemption"] == 0)
    for k in range(8):
        credits = s["credits"][k]
        on = (k < s["years"]) & (credits > 0)
        if not on.any():
            continue
        yi = s["entry"] + k - FIRST_YEAR
        share = np.where(credits >= 60, 1.0, credits / 60.0)
        fee_year = P.tuition[s["category"], yi]
        fee = np.where(pays & (yi >= 2023 - FIRST_YEAR) & (fee_year > 0),
                       mul_rate(fee_year, np.clip(share, 0.0, 1.0)), 0)
        fee += mul_rate(s["tuition_private"], share)
        tuition += np.where(on, fee, 0)
        semester += np.where(on, P.semester[yi], 0)
    return tuition, semester


def study_phase(P, s):
    """Support, fees, means test, conversion and study-time interest of every student."""
    n = len(s["id"])
    tuition, semester = fees(P, s)
    out = dict(paid_out=np.zeros(n, np.int64), grant=np.zeros(n, np.int64),
               study_interest=np.zeros(n, np.int64), tuition=tuition, semester_fees=semester,
               interest_start=(s["entry"] + s["years"]) * 12 + 6,
               means_reduced=np.zeros(n, bool), means_loan_only=np.zeros(n, bool))
    # Only students who borrow get support: those, sorted by years enrolled (longest first),
    # so that the students still enrolled in year k are a prefix (slices are views).
    rows = np.nonzero(s["borrows"] != 0)[0]
    rows = rows[np.argsort(-s["years"][rows], kind="stable")]
    if len(rows):
        b = {k: (v[:, rows] if v.ndim == 2 else v[rows]) for k, v in s.items()}
        r = support_phase(P, b)
        for k, v in r.items():
            out[k][rows] = v
    out["loan"] = out["paid_out"] - out["grant"]
    return out


def support_phase(P, s):
    """Support, means test, conversion and study interest of borrowers sorted by years desc."""
    B = len(s["id"])
    z = lambda m: np.zeros(m, dtype=np.int64)  # noqa: E731
    years = s["years"]
    mk = [int((years > k).sum()) for k in range(9)]  # students enrolled in year k
    paid_out, used, passed_since, l30_used, par_used = z(B), z(B), z(B), z(B), z(B)
    started = np.zeros(B, bool)  # a year supported so far: passed credits count from it on
    act = np.zeros((9, 12, B), bool)                # months with support, by year
    lastp = np.full((8, B), -1, np.int64)           # the year's last month with a payment
    exam_k = np.zeros((8, B), np.int64)             # the year's exam conversion
    last_sup = np.full(B, -1, dtype=np.int64)
    cs, full, loan_tot = np.zeros((8, B), np.int64), np.zeros((8, B), bool), np.zeros((8, B), np.int64)
    gtot = np.zeros((8, 4, B), np.int64)    # grants by year and part before the means test
    red = np.zeros((9, 4, B), np.int64)     # means-test reductions by year and part
    reduced_any, loan_only = np.zeros(B, bool), np.zeros(B, bool)
    # The means test of a calendar year takes Jan-Jul (months 5..11) of academic year k-1 and
    # Aug-Dec (0..4) of year k: half-year sums for everyone, month detail only where a grant
    # is reduced (the split hands out rounding øre month by month).
    I = np.arange(12)[:, None]
    prev_pot, prev_hi, prev_nhi = None, np.zeros((4, B), np.int64), z(B)
    yr, cl = P.year, P.cal
    for k in range(9):
        m = mk[k] if k < 8 else 0
        cur_pot, cur_lo, cur_hi, cur_nlo, cur_nhi = None, None, None, None, None
        if m:
            sl = slice(0, m)
            v = lambda c: s[c][:m]  # noqa: E731
            y = v("entry") + k
            yi = y - FIRST_YEAR
            credits, passed = s["credits"][k, :m], s["passed"][k, :m]
            behind = np.maximum(0, used[sl] - passed_since[sl])  # supported less passed
            age = y - v("birth_year")
            ok = support_eligible(v("exemption"), v("non_eea"), yr["non_eea_support"][yi])
            ok &= (age < yr["no_support_age"][yi]) & (behind <= yr["max_credits_behind"][yi])
            left = yr["support_limit_credits"][yi] - used[sl]
            ok &= left > 0
            cr = np.minimum(credits, left)
            ok &= ~(cr / 60.0 + 1e-9 < yr["part_time_min_share"][yi])
            csk = np.where(ok, cr, 0)
            ft = ok & (cr >= 60)
            cs[k, sl], full[k, sl] = csk, ft
            share = np.where(ft, 1.0, np.where(ok, cr / 60.0, 0.0))
            sm = yr["support_months"][yi]
            months = np.where(ok, np.where(ft, sm, yr["part_time_months"][yi]), 0)
            kr = yr["basic_support"][yi] // 100
            mb = (kr // sm + (2 * (kr % sm) >= sm)) * 100          # stp_basic_monthly
            take = v("take_up")
            take = np.where((take > 0) & (take < 1), take, 1.0)
            ma = np.where(ft, mb, round_kr(mul_rate(mb, share)))
            ma = np.where(take < 1.0, llround(ma * take / 100.0) * 100, ma)  # krone, once
            ma = np.where(ok, ma, 0)
            away = v("at_home") == 0
            es = np.where(away, yr["conversion_exam_share"][yi], 0.0)
            ds = np.where(away & (v("level") != ONEYEAR), yr["conversion_degree_share"][yi], 0.0)
            ex_m, dg_m = mul_rate(ma, es), mul_rate(ma, ds)
            weeks = yr["extra_june_weeks"][yi]
            jx = np.where(ft & (weeks > 0) & (months < 11), round_kr(ma * weeks // 4), 0)
            jx_e, jx_d = mul_rate(jx, es), mul_rate(jx, ds)
            nd = np.where(ok & (v("disability") != 0),
                          np.minimum(yr["disability_grant_months"][yi], months), 0)
            # the grants paid directly: the same each month, part-time × study share
            each_d = np.where(ft, yr["disability_grant_month"][yi],
                              mul_rate(yr["disability_grant_month"][yi], share))
            ch = v("children")
            first = np.minimum(ch, 2)
            cg = np.where(ok & (ch > 0), first * yr["child_grant_month"][yi] +
                          (ch - first) * yr["child_grant_month_3plus"][yi], 0)
            cg = np.where(ft, cg, mul_rate(cg, share))
            # extra loans: the 30+ loan or the parent loan, whichever is larger; tuition loan
            l30 = np.where(ok & (age >= yr["loan_30plus_age"][yi]) & (yr["loan_30plus_year"][yi] > 0),
                           np.maximum(0, np.minimum(mul_rate(yr["loan_30plus_year"][yi], share),
                                                    yr["loan_30plus_total"][yi] - l30_used[sl])), 0)
            lpar = np.where(ok & (ch > 0) & (yr["parent_loan_year"][yi] > 0),
                            np.maximum(0, np.minimum(mul_rate(yr["parent_loan_year"][yi], share),
                                                     yr["parent_loan_total"][yi] - par_used[sl])), 0)
            pick30 = l30 >= lpar
            l30, lpar = trunc_kr(np.where(pick30, l30, 0)), trunc_kr(np.where(pick30, 0, lpar))
            # the tuition-fee loan: the fee charged for the credits taken, at most the maximum
            # × study share
            charged = mul_rate(v("tuition_private"), np.where(credits >= 60, 1.0, credits / 60.0))
            tl = np.where(ok & (v("inst") == 2),
                          trunc_kr(np.minimum(charged, mul_rate(yr["tuition_loan_year"][yi], share))), 0)
            l30_used[sl] += l30
            par_used[sl] += lpar
            tot_l = l30 + lpar + tl
            each_l = trunc_kr(tot_l // np.maximum(months, 1))
            rem_l = tot_l - each_l * months
            # months of the year (index 0 = August) as [month, student]
            inm = I < months
            dis = np.where(I < nd, each_d, 0)
            child = np.where(inm, cg, 0)
            exam = np.where(inm, ex_m, 0)
            deg = np.where(inm, dg_m, 0)
            exam[10] += jx_e
            deg[10] += jx_d
            paid = np.where(inm, ma + cg + each_l, 0) + dis
            paid[0] += rem_l
            paid[10] += jx
            paid_out[sl] += paid.sum(axis=0)
            loan_tot[k, sl] = months * ma + jx + tot_l
            pos = paid > 0
            last = 11 - np.argmax(pos[::-1], axis=0)
            last_sup[sl] = np.where(pos.any(axis=0), y * 12 + 7 + last, last_sup[sl])
            lastp[k, sl] = np.where(pos.any(axis=0), last, -1)
            cur_pot = [dis, child, exam, deg]
            sup = (paid + exam + deg) != 0
            act[k, :, sl] = sup
            cur_lo = np.stack([a[:5].sum(axis=0) for a in cur_pot])
            cur_hi = np.stack([a[5:].sum(axis=0) for a in cur_pot])
            cur_nlo, cur_nhi = sup[:5].sum(axis=0), sup[5:].sum(axis=0)
            gtot[k, :, sl] = cur_lo + cur_hi
            used[sl] += csk
            started[sl] |= csk > 0
            passed_since[sl] += np.where(started[sl], passed, 0)
        # means test of calendar year entry + k, for the students enrolled in year k-1 or k
        mm = mk[k - 1] if k > 0 else m
        if mm == 0:
            break
        nmon = prev_nhi[:mm].copy()
        potq = prev_hi[:, :mm].copy()                         # [part, student]
        if m:
            nmon[:m] += cur_nlo
            potq[:, :m] += cur_lo
        total_pot = potq.sum(axis=0)
        mt = (nmon > 0) & (total_pot != 0)
        ci = s["entry"][:mm] + k - FIRST_YEAR
        short = nmon <= cl["short_months"][ci]
        lim = np.where(short, cl["income_limit_short"][ci], cl["income_limit"][ci])
        married = s["married"][:mm] != 0
        alim = np.where(married, cl["asset_limit_joint"][ci], cl["asset_limit"][ci])
        arate = np.where(married, cl["asset_reduction_rate_joint"][ci], cl["asset_reduction_rate"][ci])
        ex_inc = np.maximum(0, s["income"][k, :mm] - lim)
        ex_ass = np.maximum(0, s["assets"][:mm] - alim)
        left = mul_rate(ex_inc * nmon, cl["income_reduction_rate"][ci]) + mul_rate(ex_ass * nmon, arate)
        left = np.where(mt, left, 0)
        total_red = z(mm)
        for q in range(4):
            rq = np.minimum(left, np.maximum(0, potq[q]))
            left -= rq
            total_red += rq
            idx = np.nonzero(rq > 0)[0]
            if len(idx):
                pot = np.zeros((12, len(idx)), np.int64)          # [slot, student]
                if prev_pot is not None:
                    pot[:7] = prev_pot[q][5:, idx]
                inc = idx < m
                if inc.any():
                    pot[7:, inc] = cur_pot[q][:5, idx[inc]]
                split = split_reduction(rq[idx], pot, potq[q][idx])
                if k >= 1:
                    red[k - 1, q, idx] += split[:7].sum(axis=0)
                red[k, q, idx] += split[7:].sum(axis=0)
        hit = mt & (total_red > 0)
        reduced_any[:mm] |= hit & (total_red < total_pot)  # independent of loan only
        loan_only[:mm] |= hit & (total_red >= total_pot)
        prev_pot, prev_hi, prev_nhi = cur_pot, cur_hi, cur_nhi
        if m:
            prev_hi = np.zeros((4, B), np.int64)
            prev_hi[:, :m] = cur_hi
            prev_nhi = z(B)
            prev_nhi[:m] = cur_nhi

    # conversion at the end of each year; degree parts at completion
    grant, banked = z(B), z(B)
    for k in range(8):
        m = mk[k]
        if not m:
            break
        sl = slice(0, m)
        kept = gtot[k, 0, sl] - red[k, 0, sl] + gtot[k, 1, sl] - red[k, 1, sl]
        surv = gtot[k, 2, sl] - red[k, 2, sl]
        csk = cs[k, sl]
        cp = np.minimum(s["passed"][k, sl], csk)
        exam = np.where((surv <= 0) | (csk <= 0) | (cp <= 0), 0,
                        np.where(cp >= csk, surv, surv * cp // np.maximum(csk, 1)))
        banked[sl] += gtot[k, 3, sl] - red[k, 3, sl]
        grant[sl] += kept + exam
        exam_k[k, sl] = exam
    grant += np.where((s["completed"] != 0) & (s["level"] != ONEYEAR), banked, 0)
    # study-time interest before interest starts (lifecycle.c study_interest): supported months
    # and the summer between two supported years free, or the prior debt's in a part-time year;
    # other months the programme's debt (what stays loan of each year) and the prior debt;
    # simple interest
    istart = np.where(last_sup >= 0, last_sup + 1, (s["entry"] + years) * 12 + 6)
    prior = s["prior_debt"]
    conv_deg = (s["completed"] != 0) & (s["level"] != ONEYEAR)
    interest, debt = z(B), z(B)
    for k in range(8):
        m = mk[k]
        if not m:
            break
        sl = slice(0, m)
        debt[sl] += (loan_tot[k, sl] + red[k, 0, sl] + red[k, 1, sl] - exam_k[k, sl] -
                     np.where(conv_deg[sl], gtot[k, 3, sl] - red[k, 3, sl], 0))
        summer = (lastp[k, sl] >= 0) & act[k + 1, 0, sl]
        t0 = (s["entry"][sl] + k) * 12 + 7
        free_base = np.where(full[k, sl], 0, prior[sl])
        for i in range(12):
            t = t0 + i
            on = t < istart[sl]
            if not on.any():
                break
            rate = P.rate[np.clip(t - T0, 0, NRATE - 1)]
            supported = act[k, i, sl] | (summer & (i > lastp[k, sl]))
            base = np.where(supported, free_base, debt[sl] + prior[sl])
            interest[sl] += np.where(on & (base > 0), interest_month(np.maximum(base, 0), rate), 0)
    return dict(paid_out=paid_out, grant=grant, study_interest=interest, interest_start=istart,
                means_reduced=reduced_any, means_loan_only=loan_only)


def split_reduction(reduction, pot, total):
    """stp_split_reduction for many students: pot [slot, student]."""
    out = np.where(reduction >= total, pot, reduction * pot // np.maximum(total, 1))
    rem = reduction - out.sum(axis=0)
    for j in range(pot.shape[0] - 1, -1, -1):
        if not rem.any():
            break
        add = np.minimum(pot[j] - out[j], rem)
        out[j] += add
        rem -= add
    return out


# ---- repayment ----
class Loans:
    """The loan state of every repayer of a chunk, sorted by the month interest starts, so that
    the loans running in month t are a prefix (a view, no copy). Money is held as float64 with
    integer values (øre): exact below 2^53, and it spares int/float conversions every month."""

    FIELDS = ("rows", "istart", "fb", "end", "limit", "inst", "plan_rate", "replan", "bal",
              "acc", "deferrals", "relief_used", "charged", "waived", "repaid", "written",
              "defaulted", "bills", "dfy", "state", "months", "done", "birth", "sex", "group",
              "log_inst", "terms",
              "g_entry", "pemp", "ell", "sd", "prop", "emig", "region", "original", "shock",
              "relief", "relief_other", "hd", "hr", "shock_year", "log_g_entry")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)

    def compact(self, keep):
        for f in self.FIELDS:
            setattr(self, f, getattr(self, f)[keep])
        self.defer = self.defer[:, keep]


def fround(x):
    """llround of a float64 array, kept as float64."""
    t = np.trunc(x)
    f = x - t
    return t + (f >= 0.5) - (f <= -0.5)


def annuity(balance, rate, n):
    """stp_annuity on float64 øre: rounded up, so n instalments never leave a remainder."""
    n = np.maximum(n, 1)
    i = rate / 12.0
    if i == 0.0:
        out = np.ceil(balance / n)
    else:
        out = np.ceil((balance * i) / (1.0 - np.power(1.0 + i, -n.astype(np.float64))))
    return np.where(balance <= 0, 0.0, out)


def annuity_v(balance, rate, n):
    """stp_annuity with a rate per loan (rate > 0): the plan's first instalment."""
    i = rate / 12.0
    return np.ceil((balance * i) / (1.0 - np.power(1.0 + i, -n.astype(np.float64))))


def repay_phase(P, s, st, rng_mode, seed, rng, out):
    """Drive every repayer's loan month by month (lifecycle.c repay_phase)."""
    rp = P.repay
    n = len(s["id"])
    debt = st["loan"] + st["study_interest"] + s["prior_debt"]
    cont = s["continues"] != 0
    out["debt_end_study"] = np.where(cont, 0, debt)
    out["interest"] = st["study_interest"].copy()
    out["outstanding"] = np.where(cont, 0, st["loan"] + st["study_interest"])
    for f in ("relief", "repaid", "written_off", "defaulted"):
        out[f] = np.zeros(n, np.int64)
    out["repay_months"] = np.full(n, -1, np.int64)
    out["deferred_first_year"] = np.zeros(n, bool)
    out["end"] = np.full(n, E_NODEBT, np.int64)
    rows = np.nonzero(~cont & (debt > 0))[0]
    if not len(rows):
        return
    rows = rows[np.argsort(st["interest_start"][rows], kind="stable")]
    R = len(rows)
    d = debt[rows]
    istart = st["interest_start"][rows]
    grace = rp["grace_months"]
    plan = np.maximum(grace + 1, np.minimum(rp["plan_months_max"],
                                            (d - 1) // rp["plan_debt_per_month"] + 1))
    limit = s["birth_year"][rows] * 12 + 6 + 12 * rp["repay_age_limit"] - 1
    group = np.where(s["completed"][rows] != 0, s["level"][rows], NO_DEGREE)
    zf = lambda: np.zeros(R)  # noqa: E731
    zi = lambda: np.zeros(R, np.int64)  # noqa: E731
    L = Loans(rows=rows, istart=istart, fb=istart + grace,
              end=np.minimum(istart + plan - 1, limit), limit=limit, inst=zf(),
              plan_rate=zf(), replan=np.ones(R, bool), bal=d.astype(np.float64), acc=zf(),
              deferrals=zi(), relief_used=zi(), charged=zf(), waived=zf(), repaid=zf(),
              written=zf(), defaulted=zf(), bills=zi(), dfy=np.zeros(R, bool),
              state=np.full(R, E_OPEN, np.int64), months=np.full(R, -1, np.int64),
              done=np.zeros(R, bool), birth=s["birth_year"][rows], sex=s["sex"][rows],
              group=group, g_entry=P.g[s["entry"][rows] - G_MIN], pemp=P.employed[group],
              ell=s["earn_log_level"][rows], sd=s["earn_shock_sd"][rows],
              prop=s["defer_propensity"][rows], emig=s["emigrates"][rows] != 0,
              region=s["region"][rows], original=d.astype(np.float64), shock=zf(),
              relief=np.zeros(R, bool), relief_other=np.zeros(R, bool),
              hd=(EngineStreams(seed, s["id"][rows]).hd if rng_mode == "engine"
                  else np.zeros(R, np.uint64)),
              hr=np.zeros(R, np.uint64), shock_year=istart // 12 - 1,
              log_g_entry=P.log_g[s["entry"][rows] - G_MIN],
              defer=np.zeros((12, R), bool), terms=zi(),
              log_inst=np.log(np.maximum(
                  annuity_v(d.astype(np.float64),
                            P.rate[np.clip(istart + grace - T0, 0, NRATE - 1)],
                            plan - grace), 100.0) / 100.0))
    eng = EngineStreams.__new__(EngineStreams)
    relief_log_limit = np.array([[math.log(float(v) / 100.0 * f) for f in (1.0, 3.0)]
                                 for v in P.cal["relief_income_month"]])
    if rng_mode == "engine":  # the repay stream (substream 0) of every loan
        eng.hd = L.hd
        L.hr = eng.stream(slice(0, R), STREAM_REPAY, 0)
    maxd, maxr, rec = rp["max_deferrals"], rp["max_relief_months"], rp["default_recovery_share"]

    def finish(mask):
        """Copy the outcome of the loans in mask to out (before they are dropped)."""
        r = L.rows[mask]
        i64 = lambda a: a[mask].astype(np.int64)  # noqa: E731
        out["interest"][r] += i64(L.charged)
        out["relief"][r] = i64(L.waived)
        out["repaid"][r] = i64(L.repaid)
        out["written_off"][r] = i64(L.written)
        out["defaulted"][r] = i64(L.defaulted)
        out["outstanding"][r] = (L.bal[mask] + L.acc[mask]).astype(np.int64)
        out["repay_months"][r] = L.months[mask]
        out["deferred_first_year"][r] = L.dfy[mask]
        out["end"][r] = L.state[mask]

    def terminate(i, state):
        """Default or the age limit for loans i (indices): the recovery share is repaid, the
        rest written off; what was owed counts as defaulted."""
        owed = L.bal[i] + L.acc[i]
        got = fround(owed * rec)
        L.repaid[i] += got
        L.written[i] += owed - got
        L.defaulted[i] += owed
        L.bal[i] = 0.0
        L.acc[i] = 0.0
        L.state[i] = state
        L.done[i] = True

    def yearly(sl, t):
        y, sub = t // 12, t // 12 - FIRST_YEAR
        m = sl.stop - sl.start
        live = ~L.done[sl]
        age = y - L.birth[sl]
        fb = L.fb[sl]
        k0 = YEAR_WORDS * sub
        if rng_mode == "engine":
            hr = L.hr[sl]
            u_death, u_emp = eng.lanes(hr, k0)
            u_low, u_relief = eng.lanes(hr, k0 + 1)
            w2 = eng.word(hr, k0 + 2)  # the default lane and the shock's
            u_default = (w2 >> np.uint64(32)).astype(np.float64) * (2.0 ** -32)
            l_shock = w2 & np.uint64(0xffffffff)
            u_bill = np.empty((12, m))
            for j in range(3):
                u_bill[4 * j:4 * j + 4] = eng.lanes16(hr, k0 + WORD_DEFER + j)
        else:
            w = rng.integers(0, 1 << 64, size=(6, m), dtype=np.uint64, endpoint=False)
            u = np.concatenate(((w[:3] >> np.uint64(32)).astype(np.float64),
                                (w[:3] & np.uint64(0xffffffff)).astype(np.float64))) * (2.0 ** -32)
            u_death, u_emp, u_low, u_relief, u_default = u[0], u[3], u[1], u[4], u[2]
            u_bill = np.concatenate([(w[3:] >> np.uint64(48 - 16 * q) & np.uint64(0xffff))
                                     .astype(np.float64) for q in range(4)]) * (2.0 ** -16)
        employed = u_emp < L.pemp[sl]
        low = employed & (u_low < P.low_income_prob)
        die = live & (u_death < P.mortality[L.sex[sl], np.minimum(age, 100)])
        if die.any():  # all debt is written off at death
            i = np.nonzero(die)[0] + sl.start
            L.written[i] += L.bal[i] + L.acc[i]
            L.bal[i] = 0.0
            L.acc[i] = 0.0
            L.state[i] = E_DEATH
            L.done[i] = True
        yi = y - FIRST_YEAR
        takes = u_relief < P.relief_take_up
        # the earnings shock, a random walk moved on every year: one normal of sd
        # sqrt(years since the last move)
        sd = L.sd[sl] * np.sqrt((y - L.shock_year[sl]).astype(np.float64))
        if rng_mode == "engine":  # stp_normal_lane of the shock lane
            gz = sd * normal_lane(l_shock)
        else:
            gz = rng.standard_normal(m) * sd
        L.shock[sl] += gz
        L.shock_year[sl] = y
        # ln monthly earnings (NOK) in work: relief at most ln of the limit (three times it
        # in a low-income year, whose earnings are a third); the ability to pay
        logearn = (L.ell[sl] + L.shock[sl]) + \
            (P.log_profile[L.group[sl], np.clip(age, 16, 80)] +
             (P.log_g[y - G_MIN] - L.log_g_entry[sl]))
        rel = employed & takes & \
            (logearn <= relief_log_limit[yi][low.astype(np.int64)])
        other = ~employed & takes
        L.relief[sl] = rel
        L.relief_other[sl] = other
        dyear = np.clip(y - fb // 12, 0, len(P.hazard_decay) - 1)  # years since the first bill
        hz = P.default_hazard * P.hazard_decay[dyear] * \
            np.where(low | ~employed, P.default_low_income_factor, 1.0)
        hz = hz / (1.0 + np.exp(P.ability_slope *
                                ((logearn - P.inst_weight * L.log_inst[sl]) - P.ability_mid)))
        hz = np.where(L.emig[sl], hz * P.abroad_factor, hz)
        billed = live & ~die & (t >= fb)
        dflt = billed & ~rel & ~other & (u_default < hz)
        u_choice = None
        if rng_mode == "engine":
            if dflt.any() or billed.any():
                u_choice = eng.lanes(hr, k0 + WORD_CHOICE)  # (voluntary, reinstatement)
        else:
            w6 = rng.integers(0, 1 << 64, size=m, dtype=np.uint64, endpoint=False)
            u_choice = ((w6 >> np.uint64(32)).astype(np.float64) * (2.0 ** -32),
                        (w6 & np.uint64(0xffffffff)).astype(np.float64) * (2.0 ** -32))
        if dflt.any():  # terminated: reinstated, or to collection
            L.terms[np.nonzero(dflt)[0] + sl.start] += 1
            if P.reinstate_share > 0:
                dflt &= ~(u_choice[1] < P.reinstate_share)
            if dflt.any():
                terminate(np.nonzero(dflt)[0] + sl.start, E_DEFAULT)
        wo = billed & ~dflt & employed & ~L.emig[sl] & (L.region[sl] != 0)
        if wo.any():
            i = np.nonzero(wo)[0] + sl.start
            owed = L.bal[i] + L.acc[i]
            fin = np.full(len(i), float(P.cal["finnmark_writeoff_max"][yi]))
            fshare = P.cal["finnmark_writeoff_share"][yi]
            if fshare > 0:
                fin = np.minimum(fin, fround(np.maximum(L.original[i], 0.0) * fshare))
            amt = np.where(L.region[i] == 1, fin, float(P.cal["district_writeoff_year"][yi]))
            w = np.maximum(np.minimum(amt, owed), 0.0)
            fa = np.minimum(w, L.acc[i])
            L.acc[i] -= fa
            L.bal[i] -= w - fa
            L.written[i] += w
            L.replan[i] |= w > 0
            closed = (w > 0) & (L.bal[i] == 0) & (L.acc[i] == 0)
            L.state[i[closed]] = E_WRITEOFF
            L.done[i[closed]] = True
        # early settlement or an extra payment, before the year's bills
        vol = billed & ~L.done[sl] & employed & ~low & ~rel
        if vol.any() and P.settle_hazard + P.extra_prob > 0:
            j = np.nonzero(vol)[0]
            i = j + sl.start
            u = u_choice[0][j]
            owed = L.bal[i] + L.acc[i]
            earn_year = 12.0 * np.exp(logearn[j])
            settle = (u < P.settle_hazard) & (owed / 100.0 <= P.settle_ratio * earn_year)
            extra = (u >= P.settle_hazard) & (u < P.settle_hazard + P.extra_prob)
            amt = np.where(settle, owed,
                           np.where(extra, np.minimum(fround(P.extra_share * earn_year * 100.0),
                                                      owed), 0.0))
            amt = np.where(owed > 0, amt, 0.0)
            k = amt > 0
            if k.any():
                i, amt, owed = i[k], amt[k], owed[k]
                fa = np.minimum(amt, L.acc[i])
                L.acc[i] -= fa
                L.bal[i] -= amt - fa
                L.repaid[i] += amt
                L.replan[i] = True
                closed = (L.bal[i] == 0) & (L.acc[i] == 0)
                c = i[closed]
                L.state[c] = E_REPAID
                L.months[c] = t - L.fb[c] + 1
                L.done[c] = True
        pd = P.defer_bill_prob * L.prop[sl] * np.where(low, P.defer_low_income_factor, 1.0)
        L.defer[:, sl] = u_bill < pd

    def month_step(sl, t, rate):
        live = ~L.done[sl]
        bal, acc, fb = L.bal[sl], L.acc[sl], L.fb[sl]
        interest = np.floor(bal * rate / 12.0 + 0.5)
        grace = live & (t < fb)
        bill = live ^ grace
        rel, other = L.relief[sl], L.relief_other[sl]
        relief_ok = other | (rel & (L.relief_used[sl] < maxr))
        if grace.any():  # grace months: interest accrues, or is waived by relief
            g_rel = grace & relief_ok
            g_acc = grace ^ g_rel
            L.waived[sl] += interest * g_rel
            L.relief_used[sl] += g_rel & rel
            ia = interest * g_acc
            acc += ia
            L.charged[sl] += ia
        if acc.any():  # first bill: the grace interest joins the balance
            cap = bill & (acc != 0)
            bal += acc * cap
            acc[cap] = 0.0
            interest = np.where(cap, np.floor(bal * rate / 12.0 + 0.5), interest)
            L.replan[sl] |= cap
        b_rel = bill & relief_ok
        b_def = bill & ~(rel | other) & L.defer[t % 12, sl] & (L.deferrals[sl] < maxd)
        moved = b_rel | b_def
        b_pay = bill ^ moved
        end, replan = L.end[sl], L.replan[sl]
        if moved.any():
            L.waived[sl] += interest * b_rel
            L.relief_used[sl] += b_rel & rel
            idf = interest * b_def
            bal += idf
            L.charged[sl] += idf
            L.deferrals[sl] += b_def
            end += moved & (end < L.limit[sl])
            replan |= moved
            L.dfy[sl] |= b_def & (L.bills[sl] < 12)
        need = np.nonzero(b_pay & (replan | (L.plan_rate[sl] != rate)))[0]
        if len(need):
            L.inst[sl][need] = annuity(bal[need], rate, end[need] - t + 1)
            L.plan_rate[sl][need] = rate
            replan[need] = False
        owed = bal + interest
        pay = np.minimum(L.inst[sl], owed)
        last = end <= t
        if last.any():
            np.copyto(pay, owed, where=last)
        ip, pp = interest * b_pay, pay * b_pay
        bal += ip - pp
        L.charged[sl] += ip
        L.repaid[sl] += pp
        L.bills[sl] += bill
        closed = (bal == 0) & live
        if closed.any():
            closed &= acc == 0
            i = np.nonzero(closed)[0] + sl.start
            L.state[i] = E_REPAID
            L.months[i] = t - L.fb[i] + 1
            L.done[i] = True
        past = (t >= L.limit[sl]) & ~L.done[sl]
        if past.any():  # unpaid at the age limit: a default with the recovery share (9g)
            terminate(np.nonzero(past)[0] + sl.start, E_AGE)

    t = int(L.istart[0])
    h = 0
    while t <= HORIZON and len(L.rows):
        h_prev = h
        h = int(np.searchsorted(L.istart, t, side="right"))
        if t % 12 == 0:
            yearly(slice(0, h), t)
        elif h > h_prev:
            yearly(slice(h_prev, h), t)
        month_step(slice(0, h), t, P.rate[min(t - T0, NRATE - 1)])
        ndone = int(np.count_nonzero(L.done[:h]))
        if ndone * 3 > h:
            done = L.done
            finish(done)
            L.compact(~done)
            h = int(np.searchsorted(L.istart, t, side="right"))
            if h == 0 and len(L.rows):
                t = int(L.istart[0])  # nothing running: jump to the next start
                continue
        t += 1
    if len(L.rows):
        finish(np.ones(len(L.rows), bool))


def simulate(P, s, rng_mode, seed, rng):
    st = study_phase(P, s)
    out = dict(paid_out=st["paid_out"], grant=st["grant"], loan=st["loan"],
               tuition=st["tuition"], semester_fees=st["semester_fees"],
               means_reduced=st["means_reduced"], means_loan_only=st["means_loan_only"])
    t1 = time.perf_counter()
    repay_phase(P, s, st, rng_mode, seed, rng, out)
    return out, t1


# ---- output and comparison ----
STUDENT_COLS = [("paid_out_nok", "paid_out"), ("grant_nok", "grant"), ("loan_nok", "loan"),
                ("tuition_nok", "tuition"), ("semester_fees_nok", "semester_fees"),
                ("debt_end_study_nok", "debt_end_study"), ("interest_nok", "interest"),
                ("interest_relief_nok", "relief"), ("repaid_nok", "repaid"),
                ("written_off_nok", "written_off"), ("defaulted_nok", "defaulted"),
                ("outstanding_nok", "outstanding"), ("repay_months", "repay_months"),
                ("deferred_first_year", "deferred_first_year"), ("means_reduced", "means_reduced"),
                ("means_loan_only", "means_loan_only"), ("end", "end")]
STUDY_FIELDS = ["paid_out", "grant", "loan", "tuition", "semester_fees", "debt_end_study",
                "means_reduced", "means_loan_only"]


def nok(v):
    sign = "-" if v < 0 else ""
    v = abs(int(v))
    return f"{sign}{v // 100}.{v % 100:02d}"


def write_students(path, ids, out):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("id," + ",".join(c for c, _ in STUDENT_COLS) + "\n")
        for i in range(len(ids)):
            vals = [str(int(ids[i]))]
            for c, k in STUDENT_COLS:
                v = out[k][i]
                if c.endswith("_nok"):
                    vals.append(nok(v))
                elif k == "end":
                    vals.append(ENDS[int(v)])
                else:
                    vals.append(str(int(v)))
            f.write(",".join(vals) + "\n")
    os.replace(tmp, path)


def compare(c_path, ids, out):
    """Field by field against the engine's students.csv (same ids, same order of columns)."""
    with open(c_path, newline="", encoding="utf-8") as f:
        rows = {int(r["id"]): r for r in csv.DictReader(f)}
    missing = [i for i in ids if int(i) not in rows]
    if missing:
        raise SystemExit(f"numpy_lifecycle.py: --compare: {len(missing)} students missing from "
                         f"{c_path}")
    print(f"comparison with {c_path} ({len(ids)} students):")
    print(f"  {'field':24s} {'equal':>9s} {'differ':>7s} {'max |diff|':>14s} {'sum C':>18s} "
          f"{'sum NumPy':>18s}")
    result = {}
    for c, k in STUDENT_COLS:
        if c.endswith("_nok"):
            cv = np.array([parse_nok(rows[int(i)][c]) for i in ids], dtype=np.int64)
        elif k == "end":
            cv = np.array([ENDS.index(rows[int(i)][c]) for i in ids], dtype=np.int64)
        else:
            cv = np.array([int(rows[int(i)][c]) for i in ids], dtype=np.int64)
        nv = np.asarray(out[k]).astype(np.int64)
        diff = cv != nv
        md = int(np.abs(cv - nv).max()) if len(ids) else 0
        scale = 100 if c.endswith("_nok") else 1
        fmt = (lambda v: nok(v)) if scale == 100 else (lambda v: str(int(v)))
        print(f"  {c:24s} {int((~diff).sum()):9d} {int(diff.sum()):7d} "
              f"{fmt(md) if k != 'end' else '-':>14s} {fmt(cv.sum()):>18s} {fmt(nv.sum()):>18s}")
        result[k] = int(diff.sum())
    return result


def scenario_settings(path):
    cp = configparser.ConfigParser(inline_comment_prefixes=(";", "#"), strict=False,
                                   interpolation=None)
    cp.read(path, encoding="utf-8")

    def rate(v):
        v = v.strip()
        return float(v[:-1]) / 100 if v.endswith("%") else float(v)

    eco = cp["economy"] if cp.has_section("economy") else {}
    if cp.has_section("policy") and len(cp["policy"]):
        raise SystemExit(f"numpy_lifecycle.py: {path}: [policy] overrides are not supported "
                         f"(only the baseline rules)")
    if "rate_path" in eco or eco.get("rate_after", "hold").strip() != "hold":
        raise SystemExit(f"numpy_lifecycle.py: {path}: rate_path / rate_after are not supported")
    run = cp["run"] if cp.has_section("run") else {}
    coh = cp["cohort"] if cp.has_section("cohort") else {}
    return dict(seed=int(run.get("seed", "1").replace("_", "")),
                wage_growth=rate(eco.get("wage_growth", "0.035")),
                price_growth=rate(eco.get("price_growth", "0.025")),
                calibration=coh.get("calibration", "default").strip())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario", help="scenario INI (its seed, growth rates and calibration)")
    ap.add_argument("--cohort", required=True, help="microdata CSV from `stipend cohort`")
    ap.add_argument("--datasets", default=None, help="datasets directory (default: ../datasets)")
    ap.add_argument("--chunk", type=int, default=65536, help="students per chunk (65536)")
    ap.add_argument("--rng", choices=["numpy", "engine"], default="numpy",
                    help="numpy: numpy's Generator (the benchmark); engine: the engine's "
                    "streams and glibc's exp/log/pow, for --compare")
    ap.add_argument("--students", metavar="FILE", help="write per-student results (CSV)")
    ap.add_argument("--compare", metavar="FILE",
                    help="compare with the engine's students.csv (use with --rng engine)")
    ap.add_argument("--quiet", action="store_true", help="only the RESULT line")
    a = ap.parse_args()
    if a.rng == "engine":
        # NumPy's AVX-512 exp/log/pow (SVML) differ from glibc's in the last bit; the engine
        # uses glibc's. Must be set before numpy is imported.
        os.environ["NPY_DISABLE_CPU_FEATURES"] = \
            "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"
    global np
    import numpy
    np = numpy
    here = os.path.dirname(os.path.abspath(__file__))
    datasets = a.datasets or os.environ.get("STIPEND_DATASETS") or os.path.join(here, "..", "datasets")
    sc = scenario_settings(a.scenario)
    t_start = time.perf_counter()
    P = Params(datasets, sc["price_growth"], sc["wage_growth"], sc["calibration"])
    t_params = time.perf_counter() - t_start
    rng = np.random.default_rng(sc["seed"])
    t_read = t_study = t_repay = 0.0
    n = 0
    totals = {}
    keep = a.students or a.compare
    kept_ids, kept = [], {}
    it = read_chunks(a.cohort, a.chunk)
    while True:
        t0 = time.perf_counter()
        s = next(it, None)
        t1 = time.perf_counter()
        t_read += t1 - t0
        if s is None:
            break
        out, t2 = simulate(P, s, a.rng, sc["seed"], rng)
        t3 = time.perf_counter()
        t_study += t2 - t1
        t_repay += t3 - t2
        n += len(s["id"])
        for k, v in out.items():
            totals[k] = totals.get(k, 0) + int(np.asarray(v, dtype=np.int64).sum()) \
                if k != "end" else 0
        if keep:
            kept_ids.append(s["id"])
            for k, v in out.items():
                kept.setdefault(k, []).append(np.asarray(v))
    total = time.perf_counter() - t_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    if not a.quiet:
        print(f"numpy_lifecycle: {n} students from {a.cohort} (rng {a.rng}, chunk {a.chunk})")
        print(f"  paid out NOK {nok(totals.get('paid_out', 0))}, grants NOK {nok(totals.get('grant', 0))}, "
              f"loans NOK {nok(totals.get('loan', 0))}")
        print(f"  repaid NOK {nok(totals.get('repaid', 0))}, interest NOK "
              f"{nok(totals.get('interest', 0))}, written off NOK {nok(totals.get('written_off', 0))}")
        print(f"  parameters {t_params:.2f} s, reading {t_read:.2f} s, study {t_study:.2f} s, "
              f"repayment {t_repay:.2f} s; total {total:.2f} s; peak RSS {peak:.0f} MiB")
    if keep:
        ids = np.concatenate(kept_ids)
        allout = {k: np.concatenate(v) for k, v in kept.items()}
        if a.students:
            write_students(a.students, ids, allout)
        if a.compare:
            diffs = compare(a.compare, ids, allout)
            study_bad = sum(diffs[k] for k in STUDY_FIELDS)
            print(f"  study-phase fields: {'all equal' if study_bad == 0 else f'{study_bad} differences'}; "
                  f"repayment fields: {sum(diffs.values()) - study_bad} differences")
    print(f"RESULT students={n} params_s={t_params:.4f} read_s={t_read:.4f} study_s={t_study:.4f} "
          f"repay_s={t_repay:.4f} total_s={total:.4f} peak_rss_mib={peak:.1f}")


if __name__ == "__main__":
    main()
