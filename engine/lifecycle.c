/* lifecycle.c: one student's months from the first term to the end of the loan.

   Study: each academic year's support comes from rules/support with that year's parameters;
   the means test runs per calendar year over the months supported in it (rulebook 9a), its
   reduction is shared back over the months, and each academic year converts its exam part
   per credits passed at its end; the degree parts are banked and convert at completion.
   Before interest starts for good, interest runs in gaps and on earlier programmes' debt in
   part-time years (study_interest) and is added to the debt when it starts.

   Repayment: from the month after the last supported month the loan is driven month by month
   by rules/repayment. Earnings after study follow the cohort model's age profile with a
   persistent (random-walk) shock; each calendar year they decide interest relief (low
   income in work), the chance of deferring bills, and of default; death follows the
   mortality table; Finnmark/Nord-Troms and district write-offs apply to residents; the age
   limit (70) ends every loan (9g).

   Every random draw comes from a stream keyed by (seed, student id, purpose) and indexed by
   the calendar year, so a reform changes outcomes only through policy (common random
   numbers), and results never depend on the thread that ran the student.

   Speed (millions of students a run), with results identical to the plain rules to the
   byte: lookups by name or through other modules are made once per run (stp_life_tables,
   the standard study year among them); a study year that pays nothing skips the support
   rules; a repayment year's draws are nine hashed words at fixed places, two 32-bit
   uniforms a word; a calendar year's months are one stp_loan_months call, whose steady and
   relief years run at once and whose other steady months are a short floating-point chain
   on exact integers; next year's draws are made before this year's months so that the two
   long dependency chains run side by side. tests/test_lifecycle.c and tests/test_support.c
   hold each shortcut to the rule it stands for. */
#include "lifecycle.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "rules/conversion.h"
#include "rules/meanstest.h"
#include "rules/repayment.h"
#include "rules/support.h"
#include "rules/tuition.h"


const char *stp_end_name(stp_end e) {
  static const char *names[] = {"no-debt", "repaid", "death", "age-limit", "default",
                                "written-off", "open"};
  return (unsigned)e < sizeof names / sizeof names[0] ? names[e] : "?";
}

void stp_economy_rates(stp_economy *e, const stp_params *p, int npoints, const int *months,
                       const double *rates, double rate_after) {
  const stp_rate_point *pts;
  int n = stp_params_rate_points(p, &pts);
  stp_month last_published = n > 0 ? pts[n - 1].from : STP_MONTH(STP_FIRST_YEAR, 1);
  stp_month t0 = STP_MONTH(STP_FIRST_YEAR, 1);
  int k = 0;
  double cur = NAN;
  for (int i = 0; i < STP_CF_YEARS * 12; i++) {
    stp_month t = t0 + i;
    double r = stp_params_rate(p, t, NULL);
    if (t > last_published + 1 && !isnan(rate_after)) r = rate_after;
    while (k < npoints && months[k] <= t) cur = rates[k++];
    if (!isnan(cur)) r = cur;
    e->rate[i] = r;
  }
}

void stp_economy_shift(stp_economy *e, int from, double shift) {
  if (shift == 0) return;
  int i0 = from - STP_MONTH(STP_FIRST_YEAR, 1);
  for (int i = i0 < 0 ? 0 : i0; i < STP_CF_YEARS * 12; i++)
    e->rate[i] = e->rate[i] + shift > 0 ? e->rate[i] + shift : 0;
}

static inline double rate_at(const stp_economy *e, stp_month t) {
  int i = t - STP_MONTH(STP_FIRST_YEAR, 1);
  if (i < 0) i = 0;
  if (i >= STP_CF_YEARS * 12) i = STP_CF_YEARS * 12 - 1;
  return e->rate[i];
}

/* The rates of months t .. t+n-1 (n <= 12): straight from the economy's table when they
   are all in it, else clamped as rate_at does, into buf. */
static inline const double *rates_from(const stp_economy *e, stp_month t, int n, double *buf) {
  int i = t - STP_MONTH(STP_FIRST_YEAR, 1);
  if (i >= 0 && i + n <= STP_CF_YEARS * 12) return &e->rate[i];
  for (int k = 0; k < n; k++) buf[k] = rate_at(e, t + k);
  return buf;
}

static inline int cf_index(int year) {
  int i = year - STP_CF_FIRST;
  return i < 0 ? 0 : i >= STP_CF_YEARS ? STP_CF_YEARS - 1 : i;
}

/* Tuition fee of a fee-paying non-EEA student: the USN table by funding category stands in
   for every public institution (the only complete category table found; datasets/tuition).
   Nothing in a year whose non_eea_tuition switch is off (before 2023-24, or a reform). */
static stp_money public_tuition_fee(const stp_params *p, int category, int year) {
  static const char *cat[] = {"C", "C", "C", "D", "E+F", "E+F"};
  if (!stp_params_year(p, year)->non_eea_tuition) return 0;
  const stp_tuition_fee *f = stp_params_tuition(p, "USN", cat[category < 6 ? category : 5], year);
  return f ? f->fee_year : 0;
}

/* ---- per-run tables ----
   Pure lookups that every student repeats (the tuition table by name, G, mortality and the
   earnings profile through cohort.c), made once. Each value is the very value the lookup
   gives; outside a table's range the lookup itself is called, so results cannot differ. */
#define LT_YEARS (STP_MAX_YEAR - STP_FIRST_YEAR + 1)
#define LT_AGES 128

/* A study year's months added up by half (0: August-December, 1: January-July): what the
   means test of each calendar year and the debt need of them. */
enum { AUTUMN = 0, SPRING = 1 };
typedef struct year_halves {
  stp_money loan[2];              /* øre of loans paid */
  stp_money paid[2];              /* øre paid: loans and the grants paid directly */
  int active_n[2];                /* months with any support (the means test's months) */
  stp_money grant[2][STP_NPARTS]; /* øre: their grant parts */
  int last_paid;                  /* the last month (index in the year) with a payment, or -1 */
  bool active[STP_YEAR_MONTHS];   /* the months with any support */
} year_halves;

static void halves_of(const stp_year_support *ys, year_halves *hv) {
  memset(hv, 0, sizeof *hv);
  hv->last_paid = -1;
  for (int i = 0; i < STP_YEAR_MONTHS; i++) {
    int h = i < 5 ? AUTUMN : SPRING;
    const stp_support_month *m = &ys->m[i];
    stp_money loan = m->basic + m->extra_loan;
    stp_money paid = loan + m->grant[STP_PART_DISABILITY] + m->grant[STP_PART_CHILD];
    hv->loan[h] += loan;
    hv->active[i] = loan + m->grant[0] + m->grant[1] + m->grant[2] + m->grant[3] != 0;
    if (hv->active[i]) {
      hv->active_n[h]++;
      for (int q = 0; q < STP_NPARTS; q++) hv->grant[h][q] += m->grant[q];
    }
    if (paid > 0) {
      hv->last_paid = i;
      hv->paid[h] += paid;
    }
  }
}

struct stp_life_tables {
  stp_money tuition[LT_YEARS][STP_CATEGORY_COUNT]; /* øre per 60 credits: public_tuition_fee */
  stp_money semester[LT_YEARS];    /* øre per academic year: two terms' semester fee */
  int fee_last;                    /* fees are in the table up to this year (the last year
                                      with parameters) */
  double log_g[LT_YEARS];          /* log stp_cohort_g (NOK per year) */
  double mortality[2][LT_AGES];    /* per year, by sex and age: stp_cohort_mortality */
  double log_profile[STP_EARN_GROUPS][LT_AGES]; /* log stp_cohort_earnings_profile by group,
                                                   age */
  double relief_log_limit[LT_YEARS][2]; /* log of the relief income limit in NOK a month,
                                           [1]: three times it (a low-income year) */
  double hazard_decay[LT_YEARS];   /* default_hazard_decay^d, d = whole years since the first
                                      bill (a product, d multiplications: default_decay) */
  stp_annuity_table *annuity;      /* denominators at every rate of the economy (or NULL) */
  /* stp_support_standard_year by year (up to fee_last), living away, in a degree: most
     study years of borrowers are one of these (stp_support_standard) */
  stp_year_support standard[LT_YEARS][2][2];
  year_halves standard_halves[LT_YEARS][2][2]; /* their halves_of */
};

static stp_money semester_fee_year(const stp_params *p, int y) {
  const stp_semester_fee *sf = stp_params_semester_fee(p, "USN", y);
  return sf ? stp_semester_fee_year(sf->fee, sf->fee_online, STP_SAIH_TERM_DEFAULT, false, 2,
                                    true)
            : 0;
}

/* Interest relief for low income: monthly earnings at most the year's limit, compared in
   logarithms (the earnings are a log-normal draw). A low-income year's earnings are a third:
   the limit is three times as high. */
static double relief_log_limit(const stp_params *p, int y, int low) {
  return log((double)stp_params_cal(p, y)->relief_income_month / 100.0 * (low ? 3.0 : 1.0));
}

static void tables_fill(stp_life_tables *t, const stp_params *p, const stp_cohort_model *m) {
  t->fee_last = stp_params_last_year(p);
  for (int i = 0; i < LT_YEARS; i++) {
    int y = STP_FIRST_YEAR + i;
    if (y <= t->fee_last) {
      for (int k = 0; k < STP_CATEGORY_COUNT; k++)
        t->tuition[i][k] = public_tuition_fee(p, k, y);
      t->semester[i] = semester_fee_year(p, y);
      for (int away = 0; away < 2; away++)
        for (int deg = 0; deg < 2; deg++)
        {
          stp_support_standard_year(stp_params_year(p, y), away, deg, &t->standard[i][away][deg]);
          halves_of(&t->standard[i][away][deg], &t->standard_halves[i][away][deg]);
        }
    }
    t->log_g[i] = log(stp_cohort_g(m, y));
    for (int low = 0; low < 2; low++) t->relief_log_limit[i][low] = relief_log_limit(p, y, low);
  }
  const stp_behaviour *b = stp_cohort_behaviour(m);
  t->hazard_decay[0] = 1.0;
  for (int d = 1; d < LT_YEARS; d++)
    t->hazard_decay[d] = t->hazard_decay[d - 1] * b->default_hazard_decay;
  for (int a = 0; a < LT_AGES; a++) {
    for (int sex = 0; sex < 2; sex++) t->mortality[sex][a] = stp_cohort_mortality(m, a, sex);
    for (int gr = 0; gr < STP_EARN_GROUPS; gr++)
      t->log_profile[gr][a] = log(stp_cohort_earnings_profile(m, gr, a));
  }
}

/* The lookups, through the tables when there are (t not NULL) and the year or age is in
   them, else made directly. */
static inline bool lt_year(const stp_life_tables *t, int y, int *i) {
  *i = y - STP_FIRST_YEAR;
  return t && *i >= 0 && *i < LT_YEARS;
}

static inline stp_money lt_tuition(const stp_life_tables *t, const stp_params *p, int category,
                                   int y) {
  int i;
  if (lt_year(t, y, &i) && y <= t->fee_last && category >= 0)
    return t->tuition[i][category < STP_CATEGORY_COUNT ? category : STP_CATEGORY_COUNT - 1];
  return public_tuition_fee(p, category, y);
}

static inline stp_money lt_semester(const stp_life_tables *t, const stp_params *p, int y) {
  int i;
  return lt_year(t, y, &i) && y <= t->fee_last ? t->semester[i] : semester_fee_year(p, y);
}

static inline double lt_log_g(const stp_life_tables *t, const stp_cohort_model *m, int y) {
  int i;
  return lt_year(t, y, &i) ? t->log_g[i] : log(stp_cohort_g(m, y));
}

static inline double lt_mortality(const stp_life_tables *t, const stp_cohort_model *m, int age,
                                  int sex) {
  return t && age >= 0 && age < LT_AGES ? t->mortality[sex ? 1 : 0][age]
                                        : stp_cohort_mortality(m, age, sex);
}

/* default_hazard_decay^d as the table holds it: d multiplications from 1, not pow(), so the
   table, this fallback and the copies of the rule (calibration.c, bench) agree to the bit. */
static double default_decay(const stp_behaviour *b, int d) {
  double f = 1.0;
  for (int k = 0; k < d; k++) f *= b->default_hazard_decay;
  return f;
}

static inline double lt_log_profile(const stp_life_tables *t, const stp_cohort_model *m,
                                    int group, int age) {
  return t && group >= 0 && group < STP_EARN_GROUPS && age >= 0 && age < LT_AGES
             ? t->log_profile[group][age]
             : log(stp_cohort_earnings_profile(m, group, age));
}

static inline double lt_relief_log_limit(const stp_life_tables *t, const stp_params *p, int y,
                                         bool low) {
  int i;
  return lt_year(t, y, &i) ? t->relief_log_limit[i][low] : relief_log_limit(p, y, low);
}

static inline double lt_hazard_decay(const stp_life_tables *t, const stp_behaviour *b, int d) {
  if (d < 0) d = 0;
  return t && d < LT_YEARS ? t->hazard_decay[d] : default_decay(b, d);
}

int stp_life_ctx_init(stp_life_ctx *c, stp_error *err) {
  stp_life_tables *t = malloc(sizeof *t);
  if (!t) return stp_fail(err, STP_ENOMEM, "out of memory");
  tables_fill(t, c->p, c->cohort);
  /* Plans are at most plan_months_max long: a deferral or relief month moves the end as
     far as time moves on, so no instalment is ever computed over more months. */
  t->annuity = NULL;
  if (c->econ) {
    int nmax = stp_params_repay(c->p)->plan_months_max;
    void *mem = malloc(stp_annuity_table_bytes(c->econ->rate, STP_CF_YEARS * 12, nmax));
    if (!mem) {
      free(t);
      return stp_fail(err, STP_ENOMEM, "out of memory");
    }
    t->annuity = stp_annuity_table_build(mem, c->econ->rate, STP_CF_YEARS * 12, nmax);
  }
  c->tables = t;
  return STP_OK;
}

void stp_life_ctx_release(stp_life_ctx *c) {
  if (c->tables) free(c->tables->annuity); /* the block stp_annuity_table_build filled */
  free(c->tables);
  c->tables = NULL;
}

typedef struct study_result {
  stp_money loan;          /* øre: paid out minus grants */
  stp_money interest;      /* øre of interest of the study years (study_interest) */
  stp_month interest_start;/* month after the last supported month */
} study_result;

/* Interest of the study years, before interest_start (from then on the loan's own months
   charge it). Forskrift om tilbakebetaling av utdanningslån § 2-1: the loan is interest-free
   while the student gets support; interest from the day support stops; with support for
   part-time study only the debt from earlier education (prior_debt) bears interest: the
   programme's own debt does not, so moving from full-time to part-time in the same programme
   starts neither interest nor bills on it. Month by month:
     a supported month: nothing, or the prior debt's interest in a part-time year;
     the summer between two supported years (after the year's last supported month, support
       again in August): as the year before's supported months;
     any other month (a gap, study without support): the programme's debt and the prior
       debt.
   The programme's debt of a year is what stays loan of it: loans paid, less its conversions
   (the exam part at the end of the year, the degree part when the degree is completed), plus
   the direct grants the means test took back; Lånekassen converts later but deletes the
   interest that ran on what converts. Interest is simple (on the debt, not on earlier
   interest) and is added to the debt when interest starts for good, as the grace months'
   interest is added at the first bill (docs/model.md, study-phase readings). */
static stp_money study_interest(const stp_life_ctx *c, const stp_student *s, int years,
                                const stp_year_support *const *ys, const year_halves *const *hv,
                                stp_money (*red)[STP_NPARTS], const stp_money *year_exam,
                                bool degree_converts, stp_cashflow *cf, stp_month interest_start) {
  stp_money interest = 0, debt = 0;
  for (int k = 0; k < years; k++) {
    int y = s->entry_year + k;
    if (stp_year_month(y, 0) >= interest_start) break;
    debt += hv[k]->loan[AUTUMN] + hv[k]->loan[SPRING] + red[k][STP_PART_DISABILITY] +
            red[k][STP_PART_CHILD] - year_exam[k] -
            (degree_converts ? ys[k]->grant[STP_PART_DEGREE] - red[k][STP_PART_DEGREE] : 0);
    bool summer_free = hv[k]->last_paid >= 0 && k + 1 < years && hv[k + 1]->active[0];
    for (int i = 0; i < STP_YEAR_MONTHS; i++) {
      stp_month t = stp_year_month(y, i);
      if (t >= interest_start) break;
      stp_money base;
      if (hv[k]->active[i] || (summer_free && i > hv[k]->last_paid))
        base = ys[k]->full_time ? 0 : s->prior_debt;
      else
        base = debt + s->prior_debt;
      if (base <= 0) continue;
      stp_money in = stp_interest_month(base, rate_at(c->econ, t));
      interest += in;
      if (cf) {
        cf->interest[cf_index(stp_month_year(t))] += in;
        cf->capitalised[cf_index(stp_month_year(t))] += in; /* never paid during study */
      }
    }
  }
  return interest;
}

/* Draws of the study stream (STP_STREAM_STUDY, substream 0), by index. */
enum {
  STUDY_DRAW_EXTRA_LOANS = 0,
  STUDY_DRAW_COVID = 1 /* 1 + 2 (y - STP_FIRST_YEAR): takes the COVID extra loan of academic
                          year y; the next: documents the loss of income */
};

/* The COVID extra loan (tilleggslån korona) of academic year k's spring term, when that year
   has one and the student was paid support that spring: whether she takes it (the published
   share of those offered) and whether its convertible part converts (the published share who
   documented the loss of income; the living-away rule and the means test do not apply). *loan
   and *conv in øre, 0 when not taken. */
static void covid_loan_of(const stp_life_ctx *c, const stp_student *s, const stp_year_params *yp,
                          const year_halves *hv, stp_money *loan, stp_money *conv) {
  *loan = *conv = 0;
  if (yp->covid_loan <= 0 || hv->paid[SPRING] <= 0 || yp->year < STP_FIRST_YEAR) return;
  stp_stream st = stp_stream_at(stp_rng_student_key(c->seed, s->id), STP_STREAM_STUDY, 0);
  uint64_t k = STUDY_DRAW_COVID + 2 * (uint64_t)(yp->year - STP_FIRST_YEAR);
  if (!(stp_stream_uniform_index(&st, k) < yp->covid_loan_take_up)) return;
  *loan = yp->covid_loan;
  if (stp_stream_uniform_index(&st, k + 1) < yp->covid_loan_documented)
    *conv = yp->covid_loan_convertible;
}

static void study_phase(const stp_life_ctx *c, const stp_life_tables *tb, const stp_student *s,
                        stp_outcome *o, stp_cashflow *cf, study_result *sr,
                        stp_study_record *rec) {
  const stp_params *p = c->p;
  int years = s->years < STP_MAX_STUDY_YEARS ? s->years : STP_MAX_STUDY_YEARS;
  /* A year the student is not eligible for gets nothing: no_support, without running the
     rules (for students who do not borrow, 4 in 10, that is every year); a standard year
     comes from the per-run table; only the others are worked out, into ys_buf. */
  static const stp_year_support no_support = {.status = STP_SUPPORT_NONE_INELIGIBLE};
  static const year_halves no_halves = {.last_paid = -1};
  stp_year_support ys_buf[STP_MAX_STUDY_YEARS];
  const stp_year_support *ys[STP_MAX_STUDY_YEARS];
  /* each year's months by half (halves_of), so that each calendar year's means test adds two
     halves: the table's for a standard year */
  year_halves hv_buf[STP_MAX_STUDY_YEARS];
  const year_halves *hv[STP_MAX_STUDY_YEARS];
  stp_money red[STP_MAX_STUDY_YEARS][STP_NPARTS]; /* rows 0 .. years-1 zeroed by year */
  /* Delay (forsinkelse): credits supported so far less credits passed since the first
     supported year, passed without support included (a delay is made up that way). */
  int used = 0, passed_since = 0;
  bool started = false;
  stp_month last_supported = -1;

  /* Whether a borrower takes the 30+ loan and the parent loan when she is entitled to them:
     one choice per student (Lånekassen asks in the application), from the study stream. */
  bool declines_30plus = false, declines_parent = false;
  if (s->borrows) {
    const stp_behaviour *b = stp_cohort_behaviour(c->cohort);
    stp_stream st = stp_stream_at(stp_rng_student_key(c->seed, s->id), STP_STREAM_STUDY, 0);
    double u = stp_stream_uniform_index(&st, STUDY_DRAW_EXTRA_LOANS);
    declines_30plus = !(u < b->loan_30plus_take_up);
    declines_parent = !(u < b->parent_loan_take_up);
  }

  for (int k = 0; k < years; k++) {
    int y = s->entry_year + k;
    const stp_year_params *yp = stp_params_year(p, y);
    stp_study_year sy = {
        .year = y,
        .credits = s->credits[k],
        .credits_used_before = used,
        .credits_behind = used - passed_since > 0 ? used - passed_since : 0,
        .age = y - s->birth_year,
        .eligible = s->borrows && stp_exemption_support_eligible((stp_exemption)s->exemption,
                                                                 s->non_eea, yp->non_eea_support),
        .living_away = !s->at_home,
        .higher_education = true,
        .in_degree = s->level != STP_LEVEL_ONEYEAR,
        .children = s->children,
        .disability = s->disability,
        .private_institution = s->institution_type == 2,
        /* what the private institution charges for the credits taken */
        .tuition_charged = stp_mul_rate(s->tuition_private,
                                        s->credits[k] >= 60 ? 1.0 : s->credits[k] / 60.0),
        .take_up = s->take_up,
        .declines_loan_30plus = declines_30plus,
        .declines_parent_loan = declines_parent,
    };
    /* The 30+ and parent loans have lifetime caps: count what earlier years took. */
    for (int j = 0; j < k; j++) {
      sy.loan_30plus_used += ys[j]->loan_30plus;
      sy.parent_loan_used += ys[j]->parent_loan;
    }
    int yi;
    if (!sy.eligible) {
      ys[k] = &no_support;
      hv[k] = &no_halves;
    } else if (lt_year(tb, y, &yi) && y <= tb->fee_last && stp_support_standard(yp, &sy)) {
      ys[k] = &tb->standard[yi][sy.living_away][sy.in_degree];
      hv[k] = &tb->standard_halves[yi][sy.living_away][sy.in_degree];
    } else {
      stp_support_year(yp, &sy, &ys_buf[k]);
      ys[k] = &ys_buf[k];
      halves_of(ys[k], &hv_buf[k]);
      hv[k] = &hv_buf[k];
    }
    used += ys[k]->credits_supported;
    started |= ys[k]->credits_supported > 0;
    if (started) passed_since += s->passed[k];
    for (int q = 0; q < STP_NPARTS; q++) red[k][q] = 0;
    if (hv[k]->last_paid >= 0) last_supported = stp_year_month(y, hv[k]->last_paid);
    o->paid_out += hv[k]->paid[AUTUMN] + hv[k]->paid[SPRING];
    if (rec) {
      rec->paid[k] = hv[k]->paid[AUTUMN] + hv[k]->paid[SPRING];
      rec->basic[k] = ys[k]->basic;
      rec->loan_30plus[k] = ys[k]->loan_30plus;
      rec->parent_loan[k] = ys[k]->parent_loan;
    }
    if (cf) { /* August-December in year y, January-July in y + 1 */
      cf->paid_out[cf_index(y)] += hv[k]->paid[AUTUMN];
      cf->paid_out[cf_index(y + 1)] += hv[k]->paid[SPRING];
    }
    /* Tuition and semester fees, half in each term. */
    if (s->credits[k] > 0) {
      double share = s->credits[k] >= 60 ? 1.0 : s->credits[k] / 60.0;
      stp_money fee = 0;
      fee = stp_tuition_year(lt_tuition(tb, p, s->funding_category, y), share,
                             (stp_exemption)s->exemption, s->non_eea);
      if (s->tuition_private != 0) fee += stp_mul_rate(s->tuition_private, share);
      stp_money sem = lt_semester(tb, p, y);
      o->tuition += fee;
      o->semester_fees += sem;
      if (cf) {
        cf->tuition[cf_index(y)] += stp_tuition_term(fee, STP_TERM_AUTUMN);
        cf->tuition[cf_index(y + 1)] += stp_tuition_term(fee, STP_TERM_SPRING);
      }
    }
  }

  /* Means test per calendar year: entry_year .. entry_year + years. */
  bool reduced_partly = false; /* some year's grant reduced, not to 0 */
  for (int cal = s->entry_year; cal <= s->entry_year + years; cal++) {
    /* the calendar year's months: January-July of academic year k_spring, then
       August-December of k_autumn */
    int k_spring = cal - 1 - s->entry_year, k_autumn = cal - s->entry_year;
    bool has_spring = k_spring >= 0 && k_spring < years, has_autumn = k_autumn < years;
    stp_means_input in = {0};
    int n = 0;
    if (has_spring) {
      n += hv[k_spring]->active_n[SPRING];
      for (int q = 0; q < STP_NPARTS; q++) in.potential[q] += hv[k_spring]->grant[SPRING][q];
    }
    if (has_autumn) {
      n += hv[k_autumn]->active_n[AUTUMN];
      for (int q = 0; q < STP_NPARTS; q++) in.potential[q] += hv[k_autumn]->grant[AUTUMN][q];
    }
    if (n == 0) continue;
    stp_money total_pot = 0;
    for (int q = 0; q < STP_NPARTS; q++) total_pot += in.potential[q];
    if (total_pot == 0) continue;
    o->means_tested = true;
    int idx = cal - s->entry_year;
    in.months = n;
    in.income = s->income[idx < STP_MAX_STUDY_YEARS + 1 ? idx : STP_MAX_STUDY_YEARS];
    in.assets = s->assets;
    in.joint = s->married;
    stp_means_result res;
    stp_means_test(stp_params_cal(p, cal), &in, &res);
    stp_money total_red = 0;
    for (int q = 0; q < STP_NPARTS; q++) total_red += res.reduction[q];
    if (total_red != 0) {
      /* Each reduction is shared back over the months, in calendar order. */
      stp_money pot[STP_NPARTS][STP_YEAR_MONTHS];
      int from_k[STP_YEAR_MONTHS];
      int j = 0;
      for (int half = 0; half < 2; half++) {
        int k = half == 0 ? k_spring : k_autumn;
        if (!(half == 0 ? has_spring : has_autumn)) continue;
        for (int i = half == 0 ? 5 : 0; i < (half == 0 ? STP_YEAR_MONTHS : 5); i++) {
          if (!hv[k]->active[i]) continue;
          for (int q = 0; q < STP_NPARTS; q++) pot[q][j] = ys[k]->m[i].grant[q];
          from_k[j++] = k;
        }
      }
      for (int q = 0; q < STP_NPARTS; q++) {
        if (res.reduction[q] == 0) continue;
        stp_money split[STP_YEAR_MONTHS];
        stp_split_reduction(res.reduction[q], pot[q], n, split);
        for (int m = 0; m < n; m++) red[from_k[m]][q] += split[m];
      }
    }
    if (total_red > 0) {
      if (total_red >= total_pot) o->means_loan_only = true;
      else reduced_partly = true;
    }
    if (rec)
      rec->means[idx] = total_red <= 0          ? STP_MEANS_TESTED
                        : total_red >= total_pot ? STP_MEANS_LOAN_ONLY
                                                 : STP_MEANS_REDUCED;
  }
  /* The two flags are independent (docs/outputs.md): one year reduced and another lost
     whole sets both. */
  o->means_reduced = reduced_partly;

  /* Conversion at the end of each academic year; degree parts at completion. */
  stp_money banked = 0, year_exam[STP_MAX_STUDY_YEARS] = {0};
  for (int k = 0; k < years; k++) {
    stp_money kept = ys[k]->grant[STP_PART_DISABILITY] - red[k][STP_PART_DISABILITY] +
                     ys[k]->grant[STP_PART_CHILD] - red[k][STP_PART_CHILD];
    stp_money exam = stp_conversion_exam(ys[k]->grant[STP_PART_EXAM] - red[k][STP_PART_EXAM],
                                         s->passed[k] < ys[k]->credits_supported
                                             ? s->passed[k]
                                             : ys[k]->credits_supported,
                                         ys[k]->credits_supported);
    banked += ys[k]->grant[STP_PART_DEGREE] - red[k][STP_PART_DEGREE];
    year_exam[k] = exam;
    o->grant += kept + exam;
    if (cf) {
      cf->converted[cf_index(s->entry_year + k + 1)] += kept + exam;
      cf->other_grants[cf_index(s->entry_year + k + 1)] += kept;
    }
  }
  const bool degree_done = s->completed && s->level != STP_LEVEL_ONEYEAR;
  stp_money degree = stp_conversion_degree(banked, degree_done);
  o->grant += degree;
  if (cf) {
    cf->converted[cf_index(s->entry_year + years)] += degree;
    /* The budget books the conversion a payment will earn when it is paid out: each year's
       exam part and, for a completed degree, its degree part, shared between the autumn
       and spring payments in proportion to them. */
    for (int k = 0; k < years; k++) {
      stp_money earned = year_exam[k];
      if (degree_done) earned += ys[k]->grant[STP_PART_DEGREE] - red[k][STP_PART_DEGREE];
      stp_money paid = hv[k]->paid[AUTUMN] + hv[k]->paid[SPRING];
      if (paid == 0) continue;
      /* The most the year's payments could convert, shared the same way (Prop. 1 S's
         maximum, from which the budget's provision is set below). */
      stp_money most = ys[k]->grant[STP_PART_EXAM] + ys[k]->grant[STP_PART_DEGREE];
      stp_money most_autumn = most * hv[k]->paid[AUTUMN] / paid;
      cf->convertible[cf_index(s->entry_year + k)] += most_autumn;
      cf->convertible[cf_index(s->entry_year + k + 1)] += most - most_autumn;
      if (earned == 0) continue;
      stp_money autumn = earned * hv[k]->paid[AUTUMN] / paid;
      cf->provision[cf_index(s->entry_year + k)] += autumn;
      cf->provision[cf_index(s->entry_year + k + 1)] += earned - autumn;
    }
  }
  /* The COVID extra loans (2020 and 2021): paid in the spring term's month, converted in the
     spring after (when the documentation was checked); interest-free until interest starts,
     like the study years' loans of a full-time student (a simplification for part-time
     years). The budget provides for the conversion at payout as for the basic loan. */
  stp_money covid[STP_MAX_STUDY_YEARS] = {0}, covid_conv[STP_MAX_STUDY_YEARS] = {0};
  for (int k = 0; k < years; k++) {
    const stp_year_params *yp = stp_params_year(p, s->entry_year + k);
    covid_loan_of(c, s, yp, hv[k], &covid[k], &covid_conv[k]);
    if (!covid[k]) continue;
    int y = s->entry_year + k;
    o->paid_out += covid[k];
    o->grant += covid_conv[k];
    if (rec) {
      rec->paid[k] += covid[k];
      rec->covid_loan[k] = covid[k];
      rec->covid_convertible[k] = yp->covid_loan_convertible;
      rec->covid_converted[k] = covid_conv[k];
    }
    if (cf) {
      cf->paid_out[cf_index(y + 1)] += covid[k];
      cf->converted[cf_index(y + 2)] += covid_conv[k];
      cf->provision[cf_index(y + 1)] += covid_conv[k];
    }
  }
  o->loan = o->paid_out - o->grant;
  o->supported = o->paid_out > 0;
  sr->loan = o->loan;

  sr->interest_start = last_supported >= 0 ? last_supported + 1
                                           : STP_MONTH(s->entry_year + years, 7);
  if (rec) {
    rec->interest_start = sr->interest_start;
    /* What Lånekassen has not yet converted when the first bill comes (Lånekassen, Du får
       rekningar før du får den siste omgjeringa, 2018; Nå gjer vi om lån til stipend for
       2019, 2020): the degree part, and the exam part earned by the payments of the
       calendar year support ended in, shared between autumn and spring as the provision
       is. */
    stp_money pending = degree;
    const int last_cal = stp_month_year(sr->interest_start - 1);
    for (int k = 0; k < years; k++) {
      stp_money paid = hv[k]->paid[AUTUMN] + hv[k]->paid[SPRING];
      if (paid == 0 || year_exam[k] == 0) continue;
      stp_money autumn = year_exam[k] * hv[k]->paid[AUTUMN] / paid;
      if (s->entry_year + k == last_cal) pending += autumn;
      if (s->entry_year + k + 1 == last_cal) pending += year_exam[k] - autumn;
    }
    rec->conversion_pending = pending;
  }
  sr->interest = study_interest(c, s, years, ys, hv, red, year_exam,
                                s->completed && s->level != STP_LEVEL_ONEYEAR, cf,
                                sr->interest_start);

  /* Debt at the end of each calendar year before interest starts: loans paid so far, less
     what has converted (the exam part at the end of each academic year, the degree part at
     completion), plus reduced direct grants (the study years' interest joins the debt when
     interest starts). */
  if (cf || rec) {
    stp_money owed = 0;
    for (int k = 0; k < years; k++) {
      int y = s->entry_year + k;
      owed += hv[k]->loan[AUTUMN]; /* to December of y */
      if (STP_MONTH(y, 12) < sr->interest_start) {
        if (cf) cf->outstanding[cf_index(y)] += owed;
        if (rec) rec->book += owed;
      }
      owed += hv[k]->loan[SPRING] + covid[k];
      owed += red[k][STP_PART_DISABILITY] + red[k][STP_PART_CHILD] - year_exam[k];
      if (k > 0) owed -= covid_conv[k - 1]; /* converted the spring after */
    }
  }
}

/* ln of monthly gross earnings (NOK) in calendar year y: the student's level and shock on
   the cohort model's profile, indexed by G since entry. */
static double log_earnings_month(const stp_life_ctx *c, const stp_life_tables *tb,
                                 const stp_student *s, int group, int y, double shock) {
  return (double)s->earn_log_level + shock +
         (lt_log_profile(tb, c->cohort, group, y - s->birth_year) +
          (lt_log_g(tb, c->cohort, y) - lt_log_g(tb, c->cohort, s->entry_year)));
}

double stp_earnings_index(const stp_cohort_model *m, const stp_student *s) {
  return (double)s->earn_log_level - log(stp_cohort_g(m, s->entry_year));
}

static int earnings_decile(const stp_life_ctx *c, const stp_life_tables *tb,
                           const stp_student *s) {
  double x = (double)s->earn_log_level - lt_log_g(tb, c->cohort, s->entry_year); /* stp_earnings_index */
  int d = 0;
  while (d < 9 && x >= c->earn_deciles[d]) d++;
  return d;
}

/* The draws of a calendar year of repayment. None of them depends on the loan, so
   repay_phase makes next year's before this year's months: the draws are long chains of
   dependent operations, and the months are another, which the processor runs side by side
   when they are near each other in the instruction stream.

   Year y takes words YEAR_WORDS (y - STP_FIRST_YEAR) + j of the student's repay stream, by
   index: a fixed place for every draw, so a policy that changes what happens in one year
   leaves the other years' draws alone (common random numbers). Words 0 .. 2 are two 32-bit
   uniforms (lanes, rng.h) each, for the year's events (2^-32 resolves every probability the
   model uses, the smallest being mortality at about 3e-4); words 3 .. 5 four 16-bit lanes
   each, for the twelve bills' deferrals (a probability of a few per cent, rounded up to a
   multiple of 2^-16). A year costs six mixing rounds (it was 29 with a 53-bit uniform per
   draw). The earnings shock is a random walk, needed only in the years that look at
   earnings (relief applied for in work): from the last such year, gap years back, it moves
   by one normal draw of sd × sqrt(gap), the sum of gap yearly steps in law. The normal is
   the inverse normal CDF of the shock lane (stp_normal_lane: interpolated in a table of
   GSL's, exact in the tails, reaching ±6.2 sd): one uniform, no rejection loop. */
enum {
  LANE_DEATH, LANE_EMPLOYED, LANE_LOW, LANE_RELIEF, LANE_DEFAULT, LANE_SHOCK,
  WORD_DEFER = 3,   /* words 3 .. 5: the bills of January .. December, 16-bit lanes 0 .. 11 */
  WORD_CHOICE = 6,  /* word 6: the voluntary payment (upper lane), reinstatement (lower) */
  YEAR_WORDS = 16   /* words per year (7 used; room to grow without moving the others) */
};

/* Lane i of the year's first words w (as stp_stream_lane: the upper half of w[i / 2] for even
   i, the lower for odd), the 32 bits as an integer. */
static inline uint32_t year_lane(const uint64_t *w, int i) {
  return i & 1 ? (uint32_t)w[i >> 1] : (uint32_t)(w[i >> 1] >> 32);
}

/* stp_repay_year with the per-run tables and the stream at hand. */
static void year_draws(const stp_life_ctx *c, const stp_life_tables *tb, const stp_student *s,
                       const stp_stream *rs, int group, int y, stp_month from,
                       stp_month first_bill, double log_inst, double shock, int shock_year,
                       stp_year_events *ev) {
  const stp_behaviour *b = stp_cohort_behaviour(c->cohort);
  uint64_t k0 = (uint64_t)YEAR_WORDS * (uint64_t)(y - STP_FIRST_YEAR);
  const uint64_t w[3] = {stp_stream_word(rs, k0), stp_stream_word(rs, k0 + 1),
                         stp_stream_word(rs, k0 + 2)}; /* lanes 0 .. 5 */
  double u_death = (double)year_lane(w, LANE_DEATH) * 0x1.0p-32;
  double u_employed = (double)year_lane(w, LANE_EMPLOYED) * 0x1.0p-32;
  double u_low = (double)year_lane(w, LANE_LOW) * 0x1.0p-32;
  double u_relief = (double)year_lane(w, LANE_RELIEF) * 0x1.0p-32;
  double u_default = (double)year_lane(w, LANE_DEFAULT) * 0x1.0p-32;
  bool employed = u_employed < b->employed[group];
  bool low = employed && u_low < b->low_income_prob;

  ev->year = y;
  ev->employed = employed;
  ev->low = low;
  ev->dies = u_death < lt_mortality(tb, c->cohort, y - s->birth_year, s->sex);
  /* Earnings every year (what the borrower earns in work, the persistent level with its
     shock): they decide interest relief (low income in work, counts against the 36 months,
     for those who apply) and the ability to pay. Out of work: relief on other grounds
     (unemployment and the like, no cap) for those who apply. */
  bool applies = u_relief < b->relief_take_up;
  shock += (double)s->earn_shock_sd * sqrt((double)(y - shock_year)) *
           stp_normal_lane(year_lane(w, LANE_SHOCK));
  shock_year = y;
  ev->log_earn = log_earnings_month(c, tb, s, group, y, shock);
  ev->relief = employed && applies &&
               ev->log_earn <= lt_relief_log_limit(tb, c->p, y, low);
  ev->shock = shock;
  ev->shock_year = shock_year;
  ev->relief_other = !employed && applies;
  /* Termination for non-payment, in a year with bills (not under relief): a yearly hazard
     that falls with the years since the first bill (Lånekassen finds terminations early in
     the repayment career), falls steeply with the ability to pay (what the borrower earns
     in work against the instalment: those terminated "often have very low income"), is
     higher in a low-income or jobless year (a year of payment problems) and abroad. */
  double hz = b->default_hazard * lt_hazard_decay(tb, b, y - stp_month_year(first_bill)) *
              (low || !employed ? b->default_low_income_factor : 1.0);
  hz = hz / (1.0 + exp(b->default_ability_slope *
                       ((ev->log_earn - b->default_instalment_weight * log_inst) -
                        b->default_ability_mid)));
  if (s->emigrates) hz = hz * b->default_abroad_factor;
  ev->defaults = !ev->relief && !ev->relief_other && u_default < hz;
  /* The bills deferred, from the first bill on: 16-bit lane m - 1 of words WORD_DEFER on for
     calendar month m. */
  ev->defer = 0;
  int mo = stp_month_of_year(from);
  int n = 12 - mo + 1, skip = first_bill > from ? first_bill - from : 0;
  if (!ev->relief && !ev->relief_other && skip < n) {
    double pd = b->defer_bill_prob * (double)s->defer_propensity *
                (low ? b->defer_low_income_factor : 1.0);
    uint32_t months = stp_stream_lanes16_below(rs, k0 + WORD_DEFER, 12, pd);
    ev->defer = (months >> (mo - 1)) & (~UINT32_C(0) << skip);
  }
}

/* Word WORD_CHOICE of year y: its upper lane the voluntary payment, its lower lane
   reinstatement. Hashed only in the years that need it. */
static inline double choice_lane(const stp_stream *rs, int y, int lower) {
  uint64_t wd = stp_stream_word(rs, (uint64_t)YEAR_WORDS * (uint64_t)(y - STP_FIRST_YEAR) +
                                        WORD_CHOICE);
  return (double)(lower ? (uint32_t)wd : (uint32_t)(wd >> 32)) * 0x1.0p-32;
}

static bool reinstated(const stp_life_ctx *c, const stp_stream *rs, int y) {
  double share = stp_cohort_behaviour(c->cohort)->reinstate_share;
  return share > 0 && choice_lane(rs, y, 1) < share;
}

/* Early settlement when the debt is small against earnings, else now and then an extra
   payment of a share of a year's earnings (rounded to the øre). A borrower of the initial
   loan book in repayment at the start settles with settle_hazard_book (at most
   settle_hazard): the book holds those who had not settled in their years in repayment
   before the run, so fewer of them will (the book's pipeline, billed first after the start,
   are new repayers and settle as new repayers do).
   The extra payment's draw is u in [settle_hazard, settle_hazard + extra_repay_prob) for
   every borrower. */
static stp_money voluntary(const stp_life_ctx *c, const stp_stream *rs, const stp_student *s,
                           const stp_year_events *ev, stp_money owed) {
  const stp_behaviour *b = stp_cohort_behaviour(c->cohort);
  if (!ev->employed || ev->low || ev->relief || owed <= 0 ||
      b->settle_hazard + b->extra_repay_prob <= 0)
    return 0;
  double u = choice_lane(rs, ev->year, 0);
  if (u >= b->settle_hazard + b->extra_repay_prob) return 0;
  double earn_year = 12.0 * exp(ev->log_earn); /* NOK */
  if (u < b->settle_hazard) {
    bool in_repayment = s->book && s->book_first_bill < STP_MONTH(STP_CF_FIRST, 1);
    double h = in_repayment && b->settle_hazard_book < b->settle_hazard ? b->settle_hazard_book
                                                                       : b->settle_hazard;
    return u < h && (double)owed / 100.0 <= b->settle_earnings_ratio * earn_year ? owed : 0;
  }
  stp_money extra = (stp_money)llround(b->extra_repay_share * earn_year * 100.0);
  return extra < owed ? extra : owed;
}

static inline stp_stream repay_stream(uint64_t key) {
  return stp_stream_at(key, STP_STREAM_REPAY, 0);
}

void stp_study_record_of(const stp_life_ctx *c, const stp_student *s, stp_study_record *rec) {
  memset(rec, 0, sizeof *rec);
  stp_outcome o;
  memset(&o, 0, sizeof o);
  study_result sr;
  study_phase(c, c->tables, s, &o, NULL, &sr, rec);
}

stp_money stp_grace_interest(const stp_life_ctx *c, stp_money debt, stp_month interest_start) {
  const stp_repay_params *rp = stp_params_repay(c->p);
  stp_money sum = 0;
  for (int m = 0; m < rp->grace_months; m++)
    sum += stp_interest_month(debt, rate_at(c->econ, interest_start + m));
  return sum;
}

double stp_repay_log_instalment(const stp_life_ctx *c, stp_money debt,
                                stp_month interest_start) {
  const stp_repay_params *rp = stp_params_repay(c->p);
  int n = stp_plan_months(rp, debt) - rp->grace_months;
  stp_money inst = stp_annuity(debt, rate_at(c->econ, interest_start + rp->grace_months), n);
  return log((double)(inst > 100 ? inst : 100) / 100.0);
}

void stp_repay_year(const stp_life_ctx *c, const stp_student *s, int y, stp_month from,
                    stp_month first_bill, double log_inst, const stp_year_events *prev,
                    stp_year_events *ev) {
  uint64_t key = stp_rng_student_key(c->seed, s->id);
  stp_stream rs = repay_stream(key);
  year_draws(c, c->tables, s, &rs, stp_student_earn_group(s), y, from, first_bill, log_inst,
             prev ? prev->shock : 0.0, prev ? prev->shock_year : stp_month_year(from) - 1, ev);
}

/* The months a terminated loan stays with Statens innkrevingssentral (collection_years). */
static int collection_months(const stp_life_ctx *c) {
  return (int)lround(stp_cohort_behaviour(c->cohort)->collection_years * 12.0);
}

/* A loan terminated for non-payment (or unpaid at the age limit) from month t goes to
   Statens innkrevingssentral for `months` months (at most to the horizon). The claim stays in
   Lånekassen's book and bears its rate (forskrift om tilbakebetaling 2016 § 25-1); SI brings
   in the recovery share of what was owed at t in equal parts, one at the end of each of the
   claim's years (the last at its end), and what is left then is written off: the loss. The
   claim is still owed at each year-end it reaches, as Lånekassen's portfolio counts it.
   months 0: recovered and written off at once, in t's year. */
static void to_collection(const stp_life_ctx *c, stp_loan *l, stp_month t, int months,
                          stp_outcome *o, stp_cashflow *cf, stp_repay_record *rec) {
  const stp_repay_params *rp = stp_params_repay(c->p);
  stp_money owed = stp_loan_owed(l);
  stp_money share = stp_mul_rate(owed, rp->default_recovery_share);
  int parts = (months + 11) / 12;
  int part = 0;
  stp_money got = 0;
  o->defaulted += owed;
  stp_month horizon = STP_MONTH(STP_MAX_YEAR, 12);
  stp_month end = t + months; /* the month of the write-off */
  for (stp_month m = t; m < end && m <= horizon; m++) {
    int yi = cf_index(stp_month_year(m));
    stp_money i = stp_loan_charge(l, rate_at(c->econ, m));
    if (cf) cf->interest[yi] += i;
    if ((m - t + 1) % 12 == 0 || m == end - 1) {
      /* the part's cumulative target, so that the parts add up to the share exactly */
      part++;
      stp_money due = share / parts * part + (part == parts ? share % parts : 0) - got;
      stp_money p = stp_loan_prepay(l, due);
      got += p;
      if (cf) cf->repaid[yi] += p;
    }
    if (stp_month_of_year(m) == 12) {
      if (cf) cf->outstanding[yi] += stp_loan_owed(l);
      if (rec) rec->book += stp_loan_owed(l);
    }
  }
  if (end > horizon) return; /* still with SI at the horizon: owed */
  int y = stp_month_year(end);
  /* what of the share is still due: all of it when months is 0, else nothing */
  stp_money p = stp_loan_prepay(l, share - got);
  if (cf) cf->repaid[cf_index(y)] += p;
  stp_money lost = stp_loan_write_off(l, stp_loan_owed(l));
  o->lost += lost;
  o->lost_year = y;
  if (cf) cf->written_off[cf_index(y)] += lost;
}

/* The month that never comes (home_writeoff of repay_loop). */
#define STP_NEVER STP_MONTH(STP_MAX_YEAR + 1, 1)
static void repay_loop(const stp_life_ctx *c, const stp_life_tables *tb, const stp_student *s,
                       stp_loan *lp, stp_month from, stp_money original, double log_inst,
                       stp_month home_writeoff, stp_outcome *o, stp_cashflow *cf,
                       stp_repay_record *rec);

static void repay_phase(const stp_life_ctx *c, const stp_life_tables *tb, const stp_student *s,
                        const study_result *sr, stp_outcome *o, stp_cashflow *cf,
                        stp_repay_record *rec) {
  const stp_params *p = c->p;
  const stp_repay_params *rp = stp_params_repay(p);
  o->repay_months = -1;
  if (s->continues) {
    /* Straight on to a master: that master student brings this debt in as prior debt
       (with any debt this student brought in herself). */
    o->prior_debt = s->prior_debt;
    o->transferred = sr->loan + sr->interest + s->prior_debt;
    o->outstanding = 0;
    o->end = STP_END_NO_DEBT;
    return;
  }
  stp_money debt = sr->loan + sr->interest + s->prior_debt;
  o->prior_debt = s->prior_debt;
  o->debt_end_study = debt;
  if (debt <= 0) {
    o->end = STP_END_NO_DEBT;
    return;
  }
  stp_loan l;
  stp_loan_start(&l, rp, debt, sr->interest_start);
  stp_loan_set_limit(&l, stp_repay_last_month(rp, STP_MONTH(s->birth_year, 7)));
  /* An emigrating study-permit student who was supported in her programme, under the
     quota-scheme switch: written off at the first year-top a full year after interest starts
     (she leaves when study ends). Never otherwise. */
  stp_month home_writeoff =
      rp->permit_home_writeoff && s->emigrates && sr->loan > 0 &&
              stp_exemption_study_permit((stp_exemption)s->exemption, s->non_eea)
          ? sr->interest_start + 12
          : STP_NEVER;
  repay_loop(c, tb, s, &l, sr->interest_start, debt,
             stp_repay_log_instalment(c, debt, sr->interest_start), home_writeoff, o, cf,
             rec);
  o->interest += sr->interest;
}

/* The loan l from month `from` (its interest start, or the start of the run for a loan of
   the initial book) to its end or the horizon: the years' events, terminations, write-off
   schemes, voluntary payments and the months, into o and cf. original: the debt the
   Finnmark write-off is a share of; log_inst: the ability-to-pay yardstick; home_writeoff:
   the month from which the quota-scheme switch writes the debt off (STP_NEVER: never). */
static void repay_loop(const stp_life_ctx *c, const stp_life_tables *tb, const stp_student *s,
                       stp_loan *lp, stp_month from, stp_money original, double log_inst,
                       stp_month home_writeoff, stp_outcome *o, stp_cashflow *cf,
                       stp_repay_record *rec) {
  const stp_params *p = c->p;
  const stp_repay_params *rp = stp_params_repay(p);
  stp_loan l = *lp;
  if (rec) rec->first_bill = l.first_bill;
  int group = stp_student_earn_group(s);
  uint64_t key = stp_rng_student_key(c->seed, s->id);
  stp_stream rs = repay_stream(key);

  int bills = 0;
  double shock = 0;
  int shock_year = stp_month_year(from) - 1; /* the walk starts at 0 */
  double rate_buf[12];
  o->end = STP_END_OPEN;
  stp_month horizon = STP_MONTH(STP_MAX_YEAR, 12);
  /* A calendar year at a time (the first from interest_start): the year's events, then its
     months in one stp_loan_months call. */
  stp_year_events ev, next;
  bool have_next = false; /* next holds the draws of the year t is in */
  for (stp_month t = from; t <= horizon && !l.closed;) {
    int y = stp_month_year(t), mo = stp_month_of_year(t);
    if (have_next) ev = next;
    else year_draws(c, tb, s, &rs, group, y, t, l.first_bill, log_inst, shock, shock_year, &ev);
    shock = ev.shock;
    shock_year = ev.shock_year;

    if (ev.dies) {
      /* All debt is written off at death. */
      stp_money w = stp_loan_write_off(&l, stp_loan_owed(&l));
      if (cf) cf->written_off[cf_index(y)] += w;
      o->end = STP_END_DEATH;
      break;
    }
    if (t >= home_writeoff) {
      /* The quota-scheme switch: a study-permit student settled in her home country has the
         debt written off once a year there is documented (permit_home_writeoff). */
      stp_money w = stp_loan_write_off(&l, stp_loan_owed(&l));
      if (cf) cf->written_off[cf_index(y)] += w;
      o->end = STP_END_WRITEOFF;
      break;
    }
    if (t >= l.first_bill && ev.defaults) {
      /* Terminated: the loan goes to Statens innkrevingssentral. Either the borrower pays
         the arrears and it comes back (reinstated: ordinary repayment goes on), or it stays
         in collection, where the recovery share comes back. */
      if (o->terminations < UINT8_MAX) o->terminations++;
      if (rec) {
        rec->year[cf_index(y)] |= STP_REPAY_TERMINATED;
        rec->terminated_debt += stp_loan_owed(&l);
      }
      if (!reinstated(c, &rs, y)) {
        to_collection(c, &l, t, collection_months(c), o, cf, rec);
        o->end = STP_END_DEFAULT;
        break;
      }
    }
    /* Write-off schemes for residents in work, once a year after the first bill. */
    if (ev.employed && !s->emigrates && t >= l.first_bill) {
      const stp_cal_params *cp = stp_params_cal(p, y);
      stp_money w = 0;
      if (s->region == STP_REGION_FINNMARK)
        w = stp_finnmark_writeoff(cp, original, stp_loan_owed(&l));
      else if (s->region == STP_REGION_DISTRICT)
        w = stp_district_writeoff(cp, stp_loan_owed(&l));
      if (w > 0) {
        w = stp_loan_write_off(&l, w);
        if (cf) cf->written_off[cf_index(y)] += w;
        if (l.closed) {
          o->end = STP_END_WRITEOFF;
          break;
        }
      }
    }

    /* Early settlement or an extra payment, before the year's bills. */
    if (t >= l.first_bill) {
      stp_money v = voluntary(c, &rs, s, &ev, stp_loan_owed(&l));
      if (v > 0) {
        v = stp_loan_prepay(&l, v);
        if (cf) cf->repaid[cf_index(y)] += v;
        if (l.closed) {
          o->end = STP_END_REPAID;
          o->repay_months = t - l.first_bill + 1;
          if (rec) rec->year[cf_index(y)] |= STP_REPAY_SETTLED;
          break;
        }
        if (rec) rec->year[cf_index(y)] |= STP_REPAY_EXTRA;
      }
    }

    /* The year's months, mo .. December (or the horizon). */
    int n = 12 - mo + 1;
    if (t + n - 1 > horizon) n = horizon - t + 1;
    static const stp_bill_action every[3][12] = {
        {STP_BILL_PAY, STP_BILL_PAY, STP_BILL_PAY, STP_BILL_PAY, STP_BILL_PAY, STP_BILL_PAY,
         STP_BILL_PAY, STP_BILL_PAY, STP_BILL_PAY, STP_BILL_PAY, STP_BILL_PAY, STP_BILL_PAY},
        {STP_BILL_RELIEF, STP_BILL_RELIEF, STP_BILL_RELIEF, STP_BILL_RELIEF, STP_BILL_RELIEF,
         STP_BILL_RELIEF, STP_BILL_RELIEF, STP_BILL_RELIEF, STP_BILL_RELIEF, STP_BILL_RELIEF,
         STP_BILL_RELIEF, STP_BILL_RELIEF},
        {STP_BILL_RELIEF_OTHER, STP_BILL_RELIEF_OTHER, STP_BILL_RELIEF_OTHER,
         STP_BILL_RELIEF_OTHER, STP_BILL_RELIEF_OTHER, STP_BILL_RELIEF_OTHER,
         STP_BILL_RELIEF_OTHER, STP_BILL_RELIEF_OTHER, STP_BILL_RELIEF_OTHER,
         STP_BILL_RELIEF_OTHER, STP_BILL_RELIEF_OTHER, STP_BILL_RELIEF_OTHER}};
    const stp_bill_action *act = every[ev.relief ? 1 : ev.relief_other ? 2 : 0];
    stp_bill_action applied[12];
    /* next year's draws ahead of this year's months: they do not depend on the loan, and
       the processor works on them while the months' balance chain runs (unless the plan
       ends this year: the loan then mostly closes, and they would be wasted) */
    have_next = y < STP_MAX_YEAR && l.end > STP_MONTH(y, 12);
    if (have_next)
      year_draws(c, tb, s, &rs, group, y + 1, STP_MONTH(y + 1, 1), l.first_bill, log_inst,
                 shock, shock_year, &next);
    stp_loan_event sum;
    int done = stp_loan_months(&l, rp, t, n, rates_from(c->econ, t, n, rate_buf), act, ev.defer,
                               tb ? tb->annuity : NULL, applied, &sum);
    /* deferred among the first 12 bills */
    for (int i = 0; i < done && bills < 12; i++)
      if (t + i >= l.first_bill && applied[i] != STP_BILL_NONE) {
        if (applied[i] == STP_BILL_DEFER) o->deferred_first_year = true;
        bills++;
      }
    for (int i = 0; rec && i < done; i++)
      if (t + i >= l.first_bill && applied[i] != STP_BILL_NONE)
        rec->year[cf_index(y)] |=
            STP_REPAY_BILLED | (applied[i] == STP_BILL_DEFER ? STP_REPAY_DEFERRED : 0);
    stp_month last = t + done - 1;
    if (cf) {
      int yi = cf_index(y);
      cf->interest[yi] += sum.interest;
      cf->repaid[yi] += sum.paid;
      cf->relief[yi] += sum.waived;
      cf->capitalised[yi] += sum.capitalised;
      if (stp_month_of_year(last) == 12) cf->outstanding[yi] += stp_loan_owed(&l);
    }
    if (rec && stp_month_of_year(last) == 12) rec->book += stp_loan_owed(&l);
    if (sum.past_limit) {
      /* Unpaid at the age limit: treated as default, with the recovery share (9g). */
      to_collection(c, &l, last + 1, collection_months(c), o, cf, rec);
      o->end = STP_END_AGE_LIMIT;
      break;
    }
    if (sum.closed) {
      o->end = STP_END_REPAID;
      o->repay_months = last - l.first_bill + 1;
    }
    t = last + 1;
  }
  /* The loan's own running totals carry the invariant: debt + interest = repaid +
     written off + owed, to the øre. */
  o->interest = l.interest_charged;
  o->relief = l.interest_waived;
  o->repaid = l.repaid;
  o->written_off = l.written_off;
  o->outstanding = stp_loan_owed(&l);
  *lp = l;
}

/* A borrower of the initial loan book (loanbook.h): no study in the run; her loan, owed
   book_balance at the start of January of STP_CF_FIRST, is taken over with its first bill and
   plan end, and driven by the same rules as every other loan. A borrower of the book's
   pipeline (first bill after the start) is charged her grace months' interest from the later
   of the start and first bill - grace_months, added to the debt at the first bill. A loan that was
   with Statens innkrevingssentral at the start goes to collection in the first year. The
   book's debt joins as prior debt, so the identity loan + prior debt + interest = repaid +
   written off + outstanding holds to the øre. */
static void book_phase(const stp_life_ctx *c, const stp_life_tables *tb, const stp_student *s,
                       stp_outcome *o, stp_cashflow *cf, stp_repay_record *rec) {
  const stp_repay_params *rp = stp_params_repay(c->p);
  stp_month now = STP_MONTH(STP_CF_FIRST, 1);
  o->end_study_year = STP_CF_FIRST - 1;
  o->prior_debt = s->book_balance;
  o->outstanding = s->book_balance;
  o->repay_months = -1;
  if (s->book_balance <= 0) {
    o->end = STP_END_NO_DEBT;
    return;
  }
  stp_loan l;
  stp_loan_take_over(&l, s->book_balance, s->book_first_bill - rp->grace_months,
                     s->book_first_bill, s->book_end, now);
  stp_loan_set_limit(&l, stp_repay_last_month(rp, STP_MONTH(s->birth_year, 7)));
  if (s->book_collection) {
    /* With SI at the start since some time in the collection years before it: what is left
       of its stay is even over 1 .. collection_months (the voluntary payment's draw of the
       first year, unused by a loan in collection). */
    if (o->terminations < UINT8_MAX) o->terminations++;
    int months = collection_months(c);
    if (months > 0) {
      stp_stream rs = repay_stream(stp_rng_student_key(c->seed, s->id));
      months = 1 + (int)(choice_lane(&rs, STP_CF_FIRST, 0) * months);
    }
    to_collection(c, &l, now, months, o, cf, rec);
    o->end = STP_END_DEFAULT;
    o->interest = l.interest_charged;
    o->repaid = l.repaid;
    o->written_off = l.written_off;
    o->outstanding = stp_loan_owed(&l);
    return;
  }
  stp_month from = l.first_bill > now ? l.first_bill : now; /* the next bill */
  int n = l.end - from + 1;
  stp_money inst = stp_annuity(s->book_balance, rate_at(c->econ, now), n);
  double log_inst = log((double)(inst > 100 ? inst : 100) / 100.0);
  repay_loop(c, tb, s, &l, now, s->book_balance, log_inst, STP_NEVER, o, cf, rec);
}

static void lifecycle(const stp_life_ctx *c, const stp_life_tables *tb, const stp_student *s,
                      stp_outcome *o, stp_cashflow *cf, stp_study_record *study,
                      stp_repay_record *repay) {
  memset(o, 0, sizeof *o);
  o->level = s->level;
  o->category = s->funding_category;
  o->non_eea = s->non_eea;
  o->at_home = s->at_home;
  o->earnings_decile = (uint8_t)earnings_decile(c, tb, s);
  o->study_years = s->years;
  o->completed = s->completed;
  o->end_study_year = s->entry_year + s->years;
  if (s->book) {
    book_phase(c, tb, s, o, cf, repay);
    return;
  }
  study_result sr;
  study_phase(c, tb, s, o, cf, &sr, study);
  o->interest = sr.interest;
  o->outstanding = sr.loan + sr.interest;
  repay_phase(c, tb, s, &sr, o, cf, repay);
}

void stp_lifecycle(const stp_life_ctx *c, const stp_student *s, gsl_rng *r, stp_outcome *o,
                   stp_cashflow *cf) {
  (void)r; /* every draw is by (seed, id, stream, year) through stp_stream_at */
  lifecycle(c, c->tables, s, o, cf, NULL, NULL);
}

void stp_lifecycle_record(const stp_life_ctx *c, const stp_student *s, stp_outcome *o,
                          stp_cashflow *cf, stp_study_record *study, stp_repay_record *repay) {
  if (study) memset(study, 0, sizeof *study);
  if (repay) memset(repay, 0, sizeof *repay);
  lifecycle(c, c->tables, s, o, cf, study, repay);
}
