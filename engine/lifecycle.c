/* lifecycle.c: one student's months from the first term to the end of the loan.

   Study: each academic year's support comes from rules/support with that year's parameters;
   the means test runs per calendar year over the months supported in it (rulebook 9a), its
   reduction is shared back over the months, and each academic year converts its exam part
   per credits passed at its end; the degree parts are banked and convert at completion.
   Between study years that are not full-time, interest runs on the debt and is added to it.

   Repayment: from the month after the last supported month the loan is driven month by month
   by rules/repayment. Earnings after study follow the cohort model's age profile with a
   persistent (random-walk) shock; each calendar year they decide interest relief (low
   income in work), the chance of deferring bills, and of default; death follows the
   mortality table; Finnmark/Nord-Troms and district write-offs apply to residents; the age
   limit (70) ends every loan (9g).

   Every random draw comes from a stream keyed by (seed, student id, purpose) and indexed by
   the calendar year, so a reform changes outcomes only through policy (common random
   numbers), and results never depend on the thread that ran the student. */
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

static inline double rate_at(const stp_economy *e, stp_month t) {
  int i = t - STP_MONTH(STP_FIRST_YEAR, 1);
  if (i < 0) i = 0;
  if (i >= STP_CF_YEARS * 12) i = STP_CF_YEARS * 12 - 1;
  return e->rate[i];
}

static inline int cf_index(int year) {
  int i = year - STP_CF_FIRST;
  return i < 0 ? 0 : i >= STP_CF_YEARS ? STP_CF_YEARS - 1 : i;
}

/* Tuition fee of a fee-paying non-EEA student: the USN table by funding category stands in
   for every public institution (the only complete category table found; datasets/tuition). */
static stp_money public_tuition_fee(const stp_params *p, int category, int year) {
  static const char *cat[] = {"C", "C", "C", "D", "E+F", "E+F"};
  const stp_tuition_fee *f = stp_params_tuition(p, "USN", cat[category < 6 ? category : 5], year);
  return f ? f->fee_year : 0;
}

typedef struct study_result {
  stp_money loan;          /* øre: paid out minus grants */
  stp_money interest;      /* øre of interest charged between non-full-time years */
  stp_month interest_start;/* month after the last supported month */
} study_result;

static void study_phase(const stp_life_ctx *c, const stp_student *s, stp_outcome *o,
                        stp_cashflow *cf, study_result *sr) {
  const stp_params *p = c->p;
  int years = s->years < STP_MAX_STUDY_YEARS ? s->years : STP_MAX_STUDY_YEARS;
  stp_year_support ys[STP_MAX_STUDY_YEARS];
  stp_money red[STP_MAX_STUDY_YEARS][STP_NPARTS];
  memset(red, 0, sizeof red);
  int used = 0, passed_total = 0;
  stp_month last_supported = -1;

  for (int k = 0; k < years; k++) {
    int y = s->entry_year + k;
    const stp_year_params *yp = stp_params_year(p, y);
    stp_study_year sy = {
        .year = y,
        .credits = s->credits[k],
        .credits_used_before = used,
        .credits_behind = 60 * k - passed_total > 0 ? 60 * k - passed_total : 0,
        .age = y - s->birth_year,
        .eligible = s->borrows && stp_exemption_support_eligible((stp_exemption)s->exemption,
                                                                 s->non_eea, yp->non_eea_support),
        .living_away = !s->at_home,
        .higher_education = true,
        .in_degree = s->level != STP_LEVEL_ONEYEAR,
        .children = s->children,
        .disability = s->disability,
        .private_institution = s->institution_type == 2,
        .tuition_charged = s->tuition_private,
        .take_up = s->take_up,
    };
    /* The 30+ and parent loans have lifetime caps: count what earlier years took. */
    for (int j = 0; j < k; j++) {
      sy.loan_30plus_used += ys[j].loan_30plus;
      sy.parent_loan_used += ys[j].parent_loan;
    }
    stp_support_year(yp, &sy, &ys[k]);
    used += ys[k].credits_supported;
    passed_total += s->passed[k];
    for (int i = 0; i < STP_YEAR_MONTHS; i++) {
      const stp_support_month *m = &ys[k].m[i];
      stp_money paid = m->basic + m->extra_loan + m->grant[STP_PART_DISABILITY] +
                       m->grant[STP_PART_CHILD];
      if (paid > 0) {
        last_supported = stp_year_month(y, i);
        if (cf) cf->paid_out[cf_index(stp_month_year(last_supported))] += paid;
        o->paid_out += paid;
      }
    }
    /* Tuition and semester fees, half in each term. */
    if (s->credits[k] > 0) {
      double share = s->credits[k] >= 60 ? 1.0 : s->credits[k] / 60.0;
      stp_money fee = 0;
      if (y >= 2023)
        fee = stp_tuition_year(public_tuition_fee(p, s->funding_category, y), share,
                               (stp_exemption)s->exemption, s->non_eea);
      fee += stp_mul_rate(s->tuition_private, share);
      const stp_semester_fee *sf = stp_params_semester_fee(p, "USN", y);
      stp_money sem = sf ? stp_semester_fee_year(sf->fee, sf->fee_online, STP_SAIH_TERM_DEFAULT,
                                                 false, 2, true)
                         : 0;
      o->tuition += fee;
      o->semester_fees += sem;
      if (cf) {
        cf->tuition[cf_index(y)] += stp_tuition_term(fee, STP_TERM_AUTUMN);
        cf->tuition[cf_index(y + 1)] += stp_tuition_term(fee, STP_TERM_SPRING);
      }
    }
  }

  /* Means test per calendar year: entry_year .. entry_year + years. */
  bool reduced_any = false;
  for (int cal = s->entry_year; cal <= s->entry_year + years; cal++) {
    stp_money pot[STP_NPARTS][STP_YEAR_MONTHS];
    int from_k[STP_YEAR_MONTHS], from_i[STP_YEAR_MONTHS];
    stp_means_input in = {0};
    int n = 0;
    for (int half = 0; half < 2; half++) {
      int k = half == 0 ? cal - 1 - s->entry_year : cal - s->entry_year;
      if (k < 0 || k >= years) continue;
      int first = half == 0 ? 5 : 0, last = half == 0 ? 11 : 4;
      for (int i = first; i <= last; i++) {
        const stp_support_month *m = &ys[k].m[i];
        if (m->basic + m->extra_loan + m->grant[0] + m->grant[1] + m->grant[2] + m->grant[3] == 0)
          continue;
        for (int q = 0; q < STP_NPARTS; q++) {
          pot[q][n] = m->grant[q];
          in.potential[q] += m->grant[q];
        }
        from_k[n] = k;
        from_i[n] = i;
        n++;
      }
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
    for (int q = 0; q < STP_NPARTS; q++) {
      total_red += res.reduction[q];
      if (res.reduction[q] == 0) continue;
      stp_money split[STP_YEAR_MONTHS];
      stp_split_reduction(res.reduction[q], pot[q], n, split);
      for (int j = 0; j < n; j++) red[from_k[j]][q] += split[j];
      (void)from_i;
    }
    if (total_red > 0) {
      reduced_any = true;
      if (total_red >= total_pot) o->means_loan_only = true;
    }
  }
  o->means_reduced = reduced_any && !o->means_loan_only;

  /* Conversion at the end of each academic year; degree parts at completion. */
  stp_money banked = 0, year_exam[STP_MAX_STUDY_YEARS] = {0};
  for (int k = 0; k < years; k++) {
    stp_money kept = ys[k].grant[STP_PART_DISABILITY] - red[k][STP_PART_DISABILITY] +
                     ys[k].grant[STP_PART_CHILD] - red[k][STP_PART_CHILD];
    stp_money exam = stp_conversion_exam(ys[k].grant[STP_PART_EXAM] - red[k][STP_PART_EXAM],
                                         s->passed[k] < ys[k].credits_supported
                                             ? s->passed[k]
                                             : ys[k].credits_supported,
                                         ys[k].credits_supported);
    banked += ys[k].grant[STP_PART_DEGREE] - red[k][STP_PART_DEGREE];
    year_exam[k] = exam;
    o->grant += kept + exam;
    if (cf) cf->converted[cf_index(s->entry_year + k + 1)] += kept + exam;
  }
  stp_money degree = stp_conversion_degree(banked, s->completed && s->level != STP_LEVEL_ONEYEAR);
  o->grant += degree;
  if (cf) cf->converted[cf_index(s->entry_year + years)] += degree;
  o->loan = o->paid_out - o->grant;
  o->supported = o->paid_out > 0;
  sr->loan = o->loan;

  /* Interest in study years that are not full-time (gap or part-time years after the first):
     added to the debt (rulebook 2: part-time study is not interest-free on earlier debt). */
  sr->interest = 0;
  stp_money debt = 0;
  for (int k = 0; k < years; k++) {
    if (k > 0 && !ys[k].full_time && debt > 0) {
      for (int i = 0; i < 12; i++) {
        stp_month t = stp_year_month(s->entry_year + k, i);
        stp_money in = stp_interest_month(debt, rate_at(c->econ, t));
        debt += in;
        sr->interest += in;
        if (cf) cf->interest[cf_index(stp_month_year(t))] += in;
      }
    }
    for (int i = 0; i < STP_YEAR_MONTHS; i++)
      debt += ys[k].m[i].basic + ys[k].m[i].extra_loan;
  }
  sr->interest_start = last_supported >= 0 ? last_supported + 1
                                           : STP_MONTH(s->entry_year + years, 7);

  /* Debt at the end of each calendar year before interest starts: loans paid so far, less
     what has converted (the exam part at the end of each academic year, the degree part at
     completion), plus reduced direct grants and interest of non-full-time years. */
  if (cf) {
    stp_money owed = 0;
    for (int k = 0; k < years; k++) {
      for (int i = 0; i < STP_YEAR_MONTHS; i++) {
        owed += ys[k].m[i].basic + ys[k].m[i].extra_loan;
        stp_month t = stp_year_month(s->entry_year + k, i);
        if (stp_month_of_year(t) == 12 && t < sr->interest_start)
          cf->outstanding[cf_index(stp_month_year(t))] += owed;
      }
      owed += red[k][STP_PART_DISABILITY] + red[k][STP_PART_CHILD] - year_exam[k];
    }
  }
}

/* Monthly gross earnings (øre) in calendar year y: the cohort model's profile, indexed by G. */
static stp_money earnings_month(const stp_life_ctx *c, const stp_student *s, int y,
                                double shock) {
  int age = y - s->birth_year;
  double prof = stp_cohort_earnings_profile(c->cohort, stp_student_earn_group(s), age);
  double g = stp_cohort_g(c->cohort, y) / stp_cohort_g(c->cohort, s->entry_year);
  return (stp_money)(100.0 * exp((double)s->earn_log_level + shock) * prof * g);
}

static double earn_index(const stp_cohort_model *m, const stp_student *s) {
  return (double)s->earn_log_level - log(stp_cohort_g(m, s->entry_year));
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

void stp_earnings_deciles(const stp_cohort_model *m, int entry_first, int entry_last,
                          double out[9]) {
  enum { N = 50000 };
  double *v = malloc(N * sizeof *v);
  gsl_rng *r = stp_rng_alloc();
  if (!v || !r) {
    for (int i = 0; i < 9; i++) out[i] = (double)i;
    free(v);
    if (r) stp_rng_free(r);
    return;
  }
  for (int i = 0; i < N; i++) {
    stp_student s;
    stp_cohort_draw(m, r, 1, (uint64_t)i, entry_first, entry_last, &s);
    v[i] = earn_index(m, &s);
  }
  qsort(v, N, sizeof *v, cmp_double);
  for (int d = 1; d <= 9; d++) out[d - 1] = v[d * N / 10];
  free(v);
  stp_rng_free(r);
}

static int earnings_decile(const stp_life_ctx *c, const stp_student *s) {
  double x = earn_index(c->cohort, s);
  int d = 0;
  while (d < 9 && x >= c->earn_deciles[d]) d++;
  return d;
}

static void repay_phase(const stp_life_ctx *c, const stp_student *s, gsl_rng *r,
                        const study_result *sr, stp_outcome *o, stp_cashflow *cf) {
  const stp_params *p = c->p;
  const stp_repay_params *rp = stp_params_repay(p);
  const stp_behaviour *b = stp_cohort_behaviour(c->cohort);
  o->repay_months = -1;
  if (s->continues) {
    /* Straight on to a master: that master student brings this debt in as prior debt. */
    o->transferred = sr->loan + sr->interest;
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
  stp_money original = debt;
  int group = stp_student_earn_group(s);

  double shock = 0;
  double u_bill[12] = {0};
  bool relief = false, relief_other = false, low = false;
  int bills = 0;
  o->end = STP_END_OPEN;
  stp_month horizon = STP_MONTH(STP_MAX_YEAR, 12);
  for (stp_month t = sr->interest_start; t <= horizon && !l.closed; t++) {
    int y = stp_month_year(t), mo = stp_month_of_year(t);
    unsigned sub = (unsigned)(y - STP_FIRST_YEAR);
    if (mo == 1 || t == sr->interest_start) {
      /* This year's draws: a fixed number from the year's own substreams, so a policy that
         changes what happens in one year leaves every other year's draws alone. */
      stp_rng_seek_sub(r, c->seed, s->id, STP_STREAM_DEMOGRAPHY, sub);
      double u_death = gsl_rng_uniform(r);
      stp_rng_seek_sub(r, c->seed, s->id, STP_STREAM_EARNINGS, sub);
      shock += gsl_ran_gaussian(r, s->earn_shock_sd);
      bool employed = gsl_rng_uniform(r) < b->employed[group];
      low = employed && gsl_rng_uniform(r) < b->low_income_prob;
      stp_rng_seek_sub(r, c->seed, s->id, STP_STREAM_REPAY, sub);
      double u_relief = gsl_rng_uniform(r), u_default = gsl_rng_uniform(r);
      for (int i = 0; i < 12; i++) u_bill[i] = gsl_rng_uniform(r);

      int age = y - s->birth_year;
      if (u_death < stp_cohort_mortality(c->cohort, age, s->sex)) {
        /* All debt is written off at death. */
        stp_money w = stp_loan_write_off(&l, stp_loan_owed(&l));
        if (cf) cf->written_off[cf_index(y)] += w;
        o->end = STP_END_DEATH;
        break;
      }
      const stp_cal_params *cp = stp_params_cal(p, y);
      stp_money earn = employed ? earnings_month(c, s, y, shock) : 0;
      if (low) earn /= 3; /* a low-income year: leave or part-time work */
      /* Interest relief: low income in work (counts against the 36 months) or no work
         (unemployment and other grounds, no cap), for those who apply. */
      relief = employed && earn <= cp->relief_income_month && u_relief < b->relief_take_up;
      relief_other = !employed && u_relief < b->relief_take_up;
      /* Termination for non-payment: a yearly hazard, higher in a low-income year. */
      double hz = b->default_hazard * (low || !employed ? b->default_low_income_factor : 1.0);
      if (t >= l.first_bill && u_default < hz) {
        stp_money owed = stp_loan_owed(&l);
        stp_money got = stp_loan_prepay(&l, stp_mul_rate(owed, rp->default_recovery_share));
        stp_money lost = stp_loan_write_off(&l, stp_loan_owed(&l));
        o->defaulted += owed;
        if (cf) {
          cf->repaid[cf_index(y)] += got;
          cf->written_off[cf_index(y)] += lost;
        }
        o->end = STP_END_DEFAULT;
        break;
      }
      /* Write-off schemes for residents in work, once a year after the first bill. */
      if (employed && !s->emigrates && t >= l.first_bill) {
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
    }
    stp_bill_action act = STP_BILL_PAY;
    if (relief) act = STP_BILL_RELIEF;
    else if (relief_other) act = STP_BILL_RELIEF_OTHER;
    else if (t >= l.first_bill) {
      double pd = b->defer_bill_prob * (double)s->defer_propensity *
                  (low ? b->defer_low_income_factor : 1.0);
      if (u_bill[mo - 1] < pd) act = STP_BILL_DEFER;
    }
    stp_loan_event ev;
    stp_loan_month(&l, rp, t, rate_at(c->econ, t), act, &ev);
    if (t >= l.first_bill && ev.action != STP_BILL_NONE) {
      if (ev.action == STP_BILL_DEFER && bills < 12) o->deferred_first_year = true;
      bills++;
    }
    if (cf) {
      int yi = cf_index(y);
      cf->interest[yi] += ev.interest;
      cf->repaid[yi] += ev.paid;
      cf->relief[yi] += ev.waived;
      if (mo == 12) cf->outstanding[yi] += stp_loan_owed(&l);
    }
    if (ev.past_limit) {
      /* Unpaid at the age limit: treated as default, with the recovery share (9g). */
      stp_money owed = stp_loan_owed(&l);
      stp_money got = stp_loan_prepay(&l, stp_mul_rate(owed, rp->default_recovery_share));
      stp_money lost = stp_loan_write_off(&l, stp_loan_owed(&l));
      o->defaulted += owed;
      if (cf) {
        cf->repaid[cf_index(y)] += got;
        cf->written_off[cf_index(y)] += lost;
      }
      o->end = STP_END_AGE_LIMIT;
      break;
    }
    if (ev.closed) {
      o->end = STP_END_REPAID;
      o->repay_months = t - l.first_bill + 1;
    }
  }
  /* The loan's own running totals carry the invariant: debt + interest = repaid +
     written off + owed, to the øre. */
  o->interest = sr->interest + l.interest_charged;
  o->relief = l.interest_waived;
  o->repaid = l.repaid;
  o->written_off = l.written_off;
  o->outstanding = stp_loan_owed(&l);
}

void stp_lifecycle(const stp_life_ctx *c, const stp_student *s, gsl_rng *r, stp_outcome *o,
                   stp_cashflow *cf) {
  memset(o, 0, sizeof *o);
  o->level = s->level;
  o->category = s->funding_category;
  o->non_eea = s->non_eea;
  o->at_home = s->at_home;
  o->earnings_decile = (uint8_t)earnings_decile(c, s);
  o->study_years = s->years;
  o->completed = s->completed;
  o->end_study_year = s->entry_year + s->years;
  study_result sr;
  study_phase(c, s, o, cf, &sr);
  o->interest = sr.interest;
  o->outstanding = sr.loan + sr.interest;
  repay_phase(c, s, r, &sr, o, cf);
}
