/* calibration.c: the published statistics measured on a simulated cohort.

   What a publisher counts is a cross-section: the students of one calendar or academic year,
   the borrowers who ended their education in one year, the loans in repayment in one year.
   stp_outcome holds a student's whole life in totals and "ever" flags, so for each student
   the study years come from the lifecycle's own year-by-year record (stp_study_record_of),
   and the loan is replayed month by month with the lifecycle's rules and its very draws
   (stp_repay_year), to see what happened in the reference years. Every student is checked:
   record and replay must give the outcome's paid out, "ever" means-test flags, repaid,
   written off, outstanding, end, repayment months and first-year deferral to the øre, or
   the student counts in replay_mismatches and the measurement is not to be trusted.

   Counts are integers summed per thread and merged: any number of threads gives the same
   bytes. */
#include "calibration.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "rules/repayment.h"

const char *stp_leaver_kind_name(int kind) {
  static const char *names[STP_LEAVER_KINDS] = {"bachelor", "master2", "master5", "oneyear",
                                                "no-degree"};
  return kind >= 0 && kind < STP_LEAVER_KINDS ? names[kind] : NULL;
}

void stp_calib_years_published(stp_calib_years *y) {
  y->debt = 2024;
  y->means = 2023;
  y->support = 2021;
  /* EUROSTUDENT's 1 in 10 is from 2019, but a cross-section is complete only when every
     year of study is in the run: 2023-24 for entry years from 2016-17. Living with parents
     does not depend on the year in the cohort model. */
  y->home = 2023;
  y->defer = 2023;
  y->terminate = 2024;
}

/* ---- the study years, as the lifecycle worked them out ---- */

typedef struct study_replay {
  stp_money paid_out;        /* øre, as stp_outcome.paid_out */
  stp_month interest_start;  /* month after the last supported month */
  bool tested_ever, reduced_ever, loan_only_ever; /* as the outcome's means flags */
  bool tested, reduced, loan_only;  /* in years.means */
  bool enrolled_support, supported; /* in academic year years.support */
  bool enrolled_home;               /* in academic year years.home */
} study_replay;

/* The reference years of s's study record (stp_study_record_of). */
static void replay_study(const stp_life_ctx *c, const stp_student *s, const stp_calib_years *yr,
                         study_replay *out) {
  memset(out, 0, sizeof *out);
  stp_study_record rec;
  stp_study_record_of(c, s, &rec);
  int years = s->years < STP_MAX_STUDY_YEARS ? s->years : STP_MAX_STUDY_YEARS;
  for (int k = 0; k < years; k++) {
    int y = s->entry_year + k;
    out->paid_out += rec.paid[k];
    if (s->credits[k] > 0 && y == yr->support) {
      out->enrolled_support = true;
      out->supported = rec.paid[k] > 0;
    }
    if (s->credits[k] > 0 && y == yr->home) out->enrolled_home = true;
  }
  out->interest_start = rec.interest_start;
  for (int j = 0; j <= years; j++) {
    int m = rec.means[j];
    if (m == STP_MEANS_NONE) continue;
    out->tested_ever = true;
    if (m == STP_MEANS_REDUCED) out->reduced_ever = true;
    if (m == STP_MEANS_LOAN_ONLY) out->loan_only_ever = true;
    if (s->entry_year + j == yr->means) {
      out->tested = true;
      out->reduced = m == STP_MEANS_REDUCED;
      out->loan_only = m == STP_MEANS_LOAN_ONLY;
    }
  }
}

/* ---- the loan, replayed ---- */

typedef struct repay_replay {
  bool billed_defer, deferred;       /* a bill due in years.defer; one of them deferred */
  bool billed_terminate, terminated; /* a bill due in years.terminate; terminated in it */
  uint64_t in_repayment;             /* bit d (d >= 63 in bit 63): a bill due in year d of
                                        repayment, or terminated in it */
  int terminated_d;                  /* year of repayment terminated for non-payment, or -1 */
  stp_money repaid, written_off, outstanding; /* øre, as the outcome */
  int repay_months;
  bool deferred_first_year;
  stp_end end;
} repay_replay;

static inline double rate_at(const stp_economy *e, stp_month t) {
  int i = t - STP_MONTH(STP_FIRST_YEAR, 1);
  if (i < 0) i = 0;
  if (i >= STP_CF_YEARS * 12) i = STP_CF_YEARS * 12 - 1;
  return e->rate[i];
}

/* Terminate the loan (default or the age limit): the recovery share is repaid, the rest
   written off. */
static void terminate(stp_loan *l, const stp_repay_params *rp) {
  stp_money owed = stp_loan_owed(l);
  stp_loan_prepay(l, stp_mul_rate(owed, rp->default_recovery_share));
  stp_loan_write_off(l, stp_loan_owed(l));
}

/* Year d of repayment: whole years since the first bill. */
static int repay_year(const stp_loan *l, int y) {
  int d = y - stp_month_year(l->first_bill);
  return d < 0 ? 0 : d;
}

static uint64_t duration_bit(int d) {
  return (uint64_t)1 << (d < STP_CALIB_DURATIONS - 1 ? d : STP_CALIB_DURATIONS - 1);
}

/* lifecycle.c repay_phase month by month, with its very draws (stp_repay_year), recording
   the reference years and the years of repayment. */
static void replay_repay(const stp_life_ctx *c, const stp_student *s, stp_money debt,
                         stp_month interest_start, const stp_calib_years *yr,
                         repay_replay *o) {
  const stp_params *p = c->p;
  const stp_repay_params *rp = stp_params_repay(p);
  memset(o, 0, sizeof *o);
  o->repay_months = -1;
  o->terminated_d = -1;
  stp_loan l;
  stp_loan_start(&l, rp, debt, interest_start);
  stp_loan_set_limit(&l, stp_repay_last_month(rp, STP_MONTH(s->birth_year, 7)));
  stp_money original = debt;
  stp_year_events ye = {0};
  stp_month year_from = interest_start; /* the first month of the year's draws */
  int bills = 0;
  o->end = STP_END_OPEN;
  stp_month horizon = STP_MONTH(STP_MAX_YEAR, 12);
  for (stp_month t = interest_start; t <= horizon && !l.closed; t++) {
    int y = stp_month_year(t), mo = stp_month_of_year(t);
    if (mo == 1 || t == interest_start) {
      stp_year_events prev = ye;
      stp_repay_year(c, s, y, t, l.first_bill, t == interest_start ? NULL : &prev, &ye);
      year_from = t;
      if (ye.dies) {
        stp_loan_write_off(&l, stp_loan_owed(&l));
        o->end = STP_END_DEATH;
        break;
      }
      const stp_cal_params *cp = stp_params_cal(p, y);
      int d = repay_year(&l, y);
      if (t >= l.first_bill && ye.defaults) {
        terminate(&l, rp);
        o->end = STP_END_DEFAULT;
        if (y == yr->terminate) o->billed_terminate = o->terminated = true;
        o->in_repayment |= duration_bit(d);
        o->terminated_d = d < STP_CALIB_DURATIONS - 1 ? d : STP_CALIB_DURATIONS - 1;
        break;
      }
      if (ye.employed && !s->emigrates && t >= l.first_bill) {
        stp_money w = 0;
        if (s->region == STP_REGION_FINNMARK)
          w = stp_finnmark_writeoff(cp, original, stp_loan_owed(&l));
        else if (s->region == STP_REGION_DISTRICT)
          w = stp_district_writeoff(cp, stp_loan_owed(&l));
        if (w > 0) {
          stp_loan_write_off(&l, w);
          if (l.closed) {
            o->end = STP_END_WRITEOFF;
            break;
          }
        }
      }
    }
    stp_bill_action act = STP_BILL_PAY;
    if (ye.relief) act = STP_BILL_RELIEF;
    else if (ye.relief_other) act = STP_BILL_RELIEF_OTHER;
    else if (ye.defer >> (t - year_from) & 1) act = STP_BILL_DEFER;
    stp_loan_event ev;
    stp_loan_month(&l, rp, t, rate_at(c->econ, t), act, &ev);
    if (t >= l.first_bill && ev.action != STP_BILL_NONE) {
      if (ev.action == STP_BILL_DEFER && bills < 12) o->deferred_first_year = true;
      bills++;
      if (y == yr->defer) {
        o->billed_defer = true;
        if (ev.action == STP_BILL_DEFER) o->deferred = true;
      }
      if (y == yr->terminate) o->billed_terminate = true;
      o->in_repayment |= duration_bit(repay_year(&l, y));
    }
    if (ev.past_limit) {
      terminate(&l, rp);
      o->end = STP_END_AGE_LIMIT;
      break;
    }
    if (ev.closed) {
      o->end = STP_END_REPAID;
      o->repay_months = t - l.first_bill + 1;
    }
  }
  o->repaid = l.repaid;
  o->written_off = l.written_off;
  o->outstanding = stp_loan_owed(&l);
}

/* ---- one student ---- */

static void count_student(const stp_life_ctx *c, const stp_calib_opts *opt, gsl_rng *r,
                          uint64_t id, stp_calib_counts *k) {
  const stp_calib_years *yr = &opt->years;
  stp_student s;
  stp_outcome o;
  stp_cohort_draw(c->cohort, r, c->seed, id, opt->entry_first, opt->entry_last, &s);
  stp_lifecycle(c, &s, r, &o, NULL);
  study_replay sr;
  replay_study(c, &s, yr, &sr);
  bool ok = sr.paid_out == o.paid_out && sr.tested_ever == o.means_tested &&
            sr.reduced_ever == o.means_reduced &&
            sr.loan_only_ever == o.means_loan_only;
  k->students++;

  if (s.level == STP_LEVEL_BACHELOR) {
    k->bachelor_entrants++;
    k->bachelor_normed += s.completed && s.years <= 3;
    k->bachelor_normed2 += s.completed && s.years <= 5;
  }
  if (sr.tested) {
    k->means_tested++;
    k->means_reduced += sr.reduced;
    k->means_loan_only += sr.loan_only;
  }
  if (sr.enrolled_support) {
    k->enrolled_support++;
    k->supported += sr.supported;
  }
  if (sr.enrolled_home) {
    int age = yr->home - s.birth_year, g = age < 22 ? 0 : age < 30 ? 1 : 2;
    k->enrolled_home++;
    k->at_home += s.at_home;
    k->enrolled_home_age[g]++;
    k->at_home_age[g] += s.at_home;
  }

  if (!s.continues && o.debt_end_study > 0) {
    if (stp_month_year(sr.interest_start) == yr->debt) {
      int kind = s.completed ? (int)s.level : STP_LEAVER_NO_DEGREE;
      int64_t h = (o.debt_end_study + 5000) / 10000; /* NOK 100 */
      k->leavers[kind]++;
      k->debt[kind] += o.debt_end_study;
      k->debt_sq[kind] += h * h;
      if (kind == STP_LEAVER_MASTER2 && s.prior_debt > 0) k->leavers_prior++;
    }
    repay_replay rr;
    replay_repay(c, &s, o.debt_end_study, sr.interest_start, yr, &rr);
    ok = ok && rr.repaid == o.repaid && rr.written_off == o.written_off &&
         rr.outstanding == o.outstanding && rr.end == o.end &&
         rr.repay_months == o.repay_months && rr.deferred_first_year == o.deferred_first_year;
    k->repayers_defer += rr.billed_defer;
    k->deferred += rr.deferred;
    k->repayers_terminate += rr.billed_terminate;
    k->terminated += rr.terminated;
    for (int d = 0; d < STP_CALIB_DURATIONS; d++) k->in_repayment[d] += rr.in_repayment >> d & 1;
    if (rr.terminated_d >= 0) k->terminated_d[rr.terminated_d]++;
    k->repayers_life += rr.in_repayment != 0;
    k->terminated_life += rr.terminated_d >= 0;
  }
  k->replay_mismatches += !ok;
}

static void add_counts(stp_calib_counts *into, const stp_calib_counts *from) {
  /* every field is an int64_t or an stp_money (int64_t): add them as an array */
  int64_t *a = (int64_t *)into;
  const int64_t *b = (const int64_t *)from;
  for (size_t i = 0; i < sizeof *into / sizeof(int64_t); i++) a[i] += b[i];
}

int stp_calibration_measure(const stp_life_ctx *c, const stp_calib_opts *o,
                            stp_calib_counts *out, stp_error *err) {
  _Static_assert(sizeof(stp_calib_counts) % sizeof(int64_t) == 0, "counts are int64_t only");
  memset(out, 0, sizeof *out);
  if (o->size < 0) return stp_fail(err, STP_EINVAL, "calibration: negative cohort size");
  int nt = o->threads > 0 ? o->threads : omp_get_max_threads();
  int failed = 0;
#pragma omp parallel num_threads(nt) reduction(+ : failed)
  {
    stp_calib_counts local;
    memset(&local, 0, sizeof local);
    gsl_rng *r = stp_rng_alloc();
    if (!r) failed++;
#pragma omp for schedule(dynamic, 4096)
    for (long i = 0; i < o->size; i++)
      if (r) count_student(c, o, r, (uint64_t)i, &local);
    if (r) stp_rng_free(r);
#pragma omp critical
    add_counts(out, &local);
  }
  if (failed) return stp_fail(err, STP_ENOMEM, "calibration: out of memory");
  return STP_OK;
}

/* ---- the table ---- */

static double share(int64_t num, int64_t den) {
  return den > 0 ? (double)num / (double)den : NAN;
}

static double share_se(int64_t num, int64_t den) {
  if (den <= 0) return NAN;
  double q = (double)num / (double)den;
  return sqrt(q * (1 - q) / (double)den);
}

static void set_share(stp_calib_stat *st, int64_t num, int64_t den) {
  st->simulated = share(num, den);
  st->std_error = share_se(num, den);
  st->population = den;
}

int stp_calibration_stats(const stp_calib_counts *c, stp_calib_stat out[STP_CALIB_NSTATS]) {
  static const stp_calib_stat published[STP_CALIB_NSTATS] = {
      {"debt_end_he", "mean debt at end of higher education, studied in Norway", "NOK", "2024",
       434000, "Lånekassen via finansavisen.no 12.06.2025 (https://www.finansavisen.no/"
       "personlig-okonomi/2025/06/12/8270785/studiegjelden-stiger-misligholdet-faller)",
       "borrowers whose interest starts in 2024, not going straight on to a further degree; "
       "all degrees and dropouts", NAN, NAN, 0},
      {"means_affected", "means-tested students with a reduced grant or loan only", "share",
       "2023", (38400.0 + 42100.0) / 300000.0,
       "Lånekassen via dagsavisen.no 11.04.2025 (https://www.dagsavisen.no/nyheter/innenriks/"
       "2025/04/11/stadig-flere-studenter-har-for-god-rad-til-a-fa-fullt-stipend/)",
       "students with a grant potential in calendar year 2023: 2023 reduction > 0", NAN, NAN,
       0},
      {"means_reduced", "  of which a reduced grant", "share", "2023", 38400.0 / 300000.0,
       "same: 38 400 of 300 000", "2023 reduction > 0 and below the potential", NAN, NAN, 0},
      {"means_loan_only", "  of which loan only", "share", "2023", 42100.0 / 300000.0,
       "same: 42 100 of 300 000", "2023 reduction = the whole 2023 potential", NAN, NAN, 0},
      {"supported", "students with Lånekassen support", "share", "2021-22", 0.64,
       "Lånekassen, utdanningsstøtten 2022 (https://lanekassen.no/en-US/statistikk-og-analyse/"
       "innsikt-og-analyse/utdanningsstotten-2022---tall-og-fakta/)",
       "students taking credits in 2021-22: support paid in 2021-22", NAN, NAN, 0},
      {"at_home", "students living with their parents", "share", "2019",
       0.10, "EUROSTUDENT VII via ssb.no (https://statbank.ssb.no/en/utdanning/hoyere-utdanning/"
       "artikler/how-does-student-life-in-norway-compare-to-other-european-countries)",
       "students taking credits in 2023-24 (the first complete cross-section of the run)", NAN,
       NAN, 0},
      {"bachelor_3y", "bachelor entrants completing in 3 years", "share", "cohort 2018", 0.564,
       "SSB gjennomføring (https://www.ssb.no/utdanning/hoyere-utdanning/statistikk/"
       "gjennomforing-ved-universiteter-og-hogskoler)",
       "bachelor entrants of every entry year of the run", NAN, NAN, 0},
      {"bachelor_5y", "bachelor entrants completing within 5 years", "share", "cohort 2018",
       0.72, "same", "bachelor entrants of every entry year of the run", NAN, NAN, 0},
      {"deferred", "repayers deferring at least one bill in the year", "share", "2023", 0.25,
       "Lånekassen, 10 ting om tilbakebetaling 2024 (https://lanekassen.no/nb-NO/"
       "presse-og-samfunnskontakt/nyheter/10-ting-du-ma-vite-om-tilbakebetaling-av-studielan/)",
       "loans with a bill due in 2023: one of the 2023 bills deferred", NAN, NAN, 0},
      {"terminated", "loans in repayment terminated for non-payment in the year", "share",
       "2024", 0.029,
       "Lånekassen via finansavisen.no 12.06.2025; the yearly series: Lånekassen 27.01.2022 "
       "(https://lanekassen.no/nb-NO/statistikk-og-analyse/innsikt-og-analyse/"
       "rapport-om-mislighold-av-studielan/)",
       "the run's loans over their whole life, by year of repayment d: sum of terminated in "
       "year d / sum of loans with a bill due or terminated in year d (a steady state with "
       "a constant inflow of new repayers)", NAN, NAN, 0},
      {"terminated_life", "repayers whose loan is ever terminated for non-payment", "share",
       "2023", 22300.0 / 106000.0,
       "derived, low confidence: 22 300 terminated (E24 via adressa.no) / 106 000 new "
       "repayers (Lånekassen), 2023 (https://www.adressa.no/nyheter/innenriks/i/15EdXl/"
       "laanekassen-mer-enn-doblet-renteinntektene-i-2023; https://lanekassen.no/en-US/"
       "presse-og-samfunnskontakt/nyheter/flere-avslutter-med-hoyere-studiegjeld/)",
       "loans with a bill due (or terminated) in some year: terminated for non-payment at "
       "some point", NAN, NAN, 0},
  };
  memcpy(out, published, sizeof published);

  int64_t n = 0, sq = 0;
  stp_money sum = 0;
  for (int k = 0; k < STP_LEAVER_KINDS; k++) {
    n += c->leavers[k];
    sum += c->debt[k];
    sq += c->debt_sq[k];
  }
  stp_calib_stat *d = &out[0];
  d->population = n;
  if (n > 0) {
    double mean = (double)sum / (double)n / 100.0;
    double mean_h = mean / 100.0, var_h = (double)sq / (double)n - mean_h * mean_h;
    d->simulated = mean;
    d->std_error = n > 1 && var_h > 0 ? 100.0 * sqrt(var_h / (double)(n - 1)) : 0;
  }
  set_share(&out[1], c->means_reduced + c->means_loan_only, c->means_tested);
  set_share(&out[2], c->means_reduced, c->means_tested);
  set_share(&out[3], c->means_loan_only, c->means_tested);
  set_share(&out[4], c->supported, c->enrolled_support);
  set_share(&out[5], c->at_home, c->enrolled_home);
  set_share(&out[6], c->bachelor_normed, c->bachelor_entrants);
  set_share(&out[7], c->bachelor_normed2, c->bachelor_entrants);
  set_share(&out[8], c->deferred, c->repayers_defer);
  int64_t nt = 0, nn = 0;
  for (int d = 0; d < STP_CALIB_DURATIONS; d++) {
    nt += c->terminated_d[d];
    nn += c->in_repayment[d];
  }
  /* the binomial error over loan-years: a loan's years are not independent draws, but the
     termination is at most once per loan, so it is close */
  set_share(&out[9], nt, nn);
  set_share(&out[10], c->terminated_life, c->repayers_life);
  return STP_CALIB_NSTATS;
}
