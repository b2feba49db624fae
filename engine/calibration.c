/* calibration.c: the published statistics measured on a simulated cohort.

   What a publisher counts is a cross-section: the students of one calendar or academic year,
   the borrowers who ended their education in one year, the loans in repayment in one year.
   stp_outcome holds a student's whole life in totals and "ever" flags, so each student is
   simulated with the lifecycle's year-by-year study and repayment records
   (stp_lifecycle_record), which say what happened in the reference years.

   Students are visitors of the driver (run.h); counts are integers summed per thread and
   merged: any number of threads gives the same bytes. */
#include "calibration.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dist.h"
#include "prepared.h"
#include "run.h"

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

/* ---- one student, as the lifecycle worked her out ---- */

typedef struct study_years {
  stp_month interest_start;         /* month after the last supported month */
  bool tested, reduced, loan_only;  /* in years.means */
  bool enrolled_support, supported; /* in academic year years.support */
  bool enrolled_home;               /* in academic year years.home */
} study_years;

/* The reference years of s's study record. */
static void study_years_of(const stp_student *s, const stp_study_record *rec,
                           const stp_calib_years *yr, study_years *out) {
  memset(out, 0, sizeof *out);
  int years = s->years < STP_MAX_STUDY_YEARS ? s->years : STP_MAX_STUDY_YEARS;
  for (int k = 0; k < years; k++) {
    int y = s->entry_year + k;
    if (s->credits[k] > 0 && y == yr->support) {
      out->enrolled_support = true;
      out->supported = rec->paid[k] > 0;
    }
    if (s->credits[k] > 0 && y == yr->home) out->enrolled_home = true;
  }
  out->interest_start = rec->interest_start;
  for (int j = 0; j <= years; j++) {
    int m = rec->means[j];
    if (m == STP_MEANS_NONE || s->entry_year + j != yr->means) continue;
    out->tested = true;
    out->reduced = m == STP_MEANS_REDUCED;
    out->loan_only = m == STP_MEANS_LOAN_ONLY;
  }
}

/* Whether the record has a year in repayment (a bill due, a termination or a settlement). */
static bool has_repayment(const stp_repay_record *rec) {
  for (int i = 0; i < STP_CF_YEARS; i++)
    if (rec->year[i]) return true;
  return false;
}

/* The repayers' counts from s's repayment record: year d of repayment is the whole years
   since the first bill (the last bucket holds every later year). Every termination counts,
   reinstated or not, as Lånekassen counts them. Returns the loan's terminations. */
static int count_repayment(const stp_repay_record *rec, const stp_calib_years *yr,
                           stp_calib_counts *k, int *voluntary) {
  int first = stp_month_year(rec->first_bill);
  uint64_t in_repayment = 0;     /* bit d: a bill due in year d of repayment, or terminated,
                                    or settled */
  uint64_t terminated_years = 0; /* bit d: terminated in year d of repayment */
  int terminations = 0;
  *voluntary = 0;
  for (int i = 0; i < STP_CF_YEARS; i++) {
    int f = rec->year[i], y = STP_CF_FIRST + i;
    if (!f) continue;
    int d = y - first < 0 ? 0 : y - first;
    if (d > STP_CALIB_DURATIONS - 1) d = STP_CALIB_DURATIONS - 1;
    in_repayment |= (uint64_t)1 << d;
    if (y == yr->defer && (f & STP_REPAY_BILLED)) {
      k->repayers_defer++;
      k->deferred += (f & STP_REPAY_DEFERRED) != 0;
    }
    if (y == yr->terminate) {
      k->repayers_terminate++;
      k->terminated += (f & STP_REPAY_TERMINATED) != 0;
    }
    if (f & STP_REPAY_TERMINATED) {
      terminated_years |= (uint64_t)1 << d;
      terminations++;
    }
    *voluntary |= f & (STP_REPAY_SETTLED | STP_REPAY_EXTRA);
    k->extra_years += (f & STP_REPAY_EXTRA) != 0;
  }
  for (int d = 0; d < STP_CALIB_DURATIONS; d++) {
    k->in_repayment[d] += in_repayment >> d & 1;
    k->terminated_d[d] += terminated_years >> d & 1;
  }
  k->repayers_life += in_repayment != 0;
  k->terminated_life += terminations;
  return terminations;
}

typedef struct calibration {
  const stp_life_ctx *c;
  const stp_calib_years *yr;
  stp_calib_counts *out;
} calibration;

static long count_student(void *user, void *state, gsl_rng *r, const stp_student *sp,
                          stp_csv_writer *rows) {
  (void)r;
  (void)rows;
  const calibration *cal = user;
  const stp_calib_years *yr = cal->yr;
  stp_calib_counts *k = state;
  const stp_student s = *sp;
  stp_outcome o;
  stp_study_record study;
  stp_repay_record repay;
  stp_lifecycle_record(cal->c, &s, &o, NULL, &study, &repay);
  study_years sr;
  study_years_of(&s, &study, yr, &sr);
  k->students++;
  const int64_t w = stp_student_weight(&s);
  k->book_years += study.book + repay.book;
  k->terminated_owed += repay.terminated_debt;
  if (o.prior_debt != 0 && o.end_study_year > s.entry_year)
    k->book_years += o.prior_debt * (o.end_study_year - s.entry_year);
  for (int j = 0; j < s.years && j < STP_MAX_STUDY_YEARS; j++) {
    int i = s.entry_year + j - STP_FIRST_YEAR;
    if (i < 0 || i >= STP_CALIB_NYEARS) continue;
    if (s.credits[j] > 0) {
      k->nat_enrolled[i] += w;
      k->nat_enrolled_30plus[i] += w * (s.entry_year + j - s.birth_year >= 30);
      k->nat_enrolled_children[i] += w * (s.children > 0);
    }
    if (study.covid_loan[j] > 0) {
      k->nat_covid_users[i] += w;
      k->nat_covid_loan[i] += w * study.covid_loan[j];
      k->nat_covid_convertible[i] += w * study.covid_convertible[j];
      k->nat_covid_converted[i] += w * study.covid_converted[j];
    }
    if (study.paid[j] <= 0) continue;
    k->nat_recipients[i] += w;
    k->nat_paid[i] += w * study.paid[j];
    k->nat_basic[i] += w * study.basic[j];
    k->nat_loan_30plus[i] += w * (study.loan_30plus[j] > 0);
    k->nat_parent_loan[i] += w * (study.parent_loan[j] > 0);
  }

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
    k->enrolled_children += s.children > 0;
    int a = age < 25 ? 0 : age < 30 ? 1 : age < 35 ? 2 : 3;
    k->enrolled_age_ssb[a]++;
    k->children_age_ssb[a] += s.children > 0;
  }

  if (!s.continues && o.debt_end_study > 0) {
    /* Lånekassen's debt at the end of higher education is the borrower's debt when she
       becomes a repayer: the debt when interest starts and the grace months' interest, which
       the first bill adds (docs/calibration.md, what each statistic measures) */
    const stp_money at_bill = o.debt_end_study + study.conversion_pending;
    const stp_money debt = at_bill + stp_grace_interest(cal->c, at_bill, sr.interest_start);
    int li = stp_month_year(sr.interest_start) - STP_FIRST_YEAR;
    if (li >= 0 && li < STP_CALIB_NYEARS) {
      k->nat_leavers[li] += w;
      k->nat_debt[li] += w * debt;
    }
    if (stp_month_year(sr.interest_start) == yr->debt) {
      int kind = s.completed ? (int)s.level : STP_LEAVER_NO_DEGREE;
      int64_t h = (debt + 5000) / 10000; /* NOK 100 */
      k->leavers[kind]++;
      k->debt[kind] += debt;
      k->debt_interest_start += o.debt_end_study;
      k->debt_sq[kind] += h * h;
      if (kind == STP_LEAVER_MASTER2 && s.prior_debt > 0) k->leavers_prior++;
    }
    int before = stp_month_year(sr.interest_start) - (yr->debt - 2);
    if (before == 0 || before == 1) {
      int64_t h = (debt + 5000) / 10000; /* NOK 100 */
      k->leavers_before[before]++;
      k->debt_before[before] += debt;
      k->debt_sq_before[before] += h * h;
    }
    if (before == 1) {
      /* "over 600 000" and "over 1 million" as Lånekassen words them: more than */
      k->debt_under_400k += debt < STP_NOK(400000);
      k->debt_over_600k += debt > STP_NOK(600000);
      k->debt_over_1m += debt > STP_NOK(1000000);
    }
    int voluntary = 0;
    int terminations = count_repayment(&repay, yr, k, &voluntary);
    if (has_repayment(&repay)) {
      int dec = o.earnings_decile < 10 ? o.earnings_decile : 9, ab = s.emigrates != 0;
      int band = o.debt_end_study < STP_NOK(100000)   ? 0
                 : o.debt_end_study < STP_NOK(300000) ? 1
                 : o.debt_end_study < STP_NOK(500000) ? 2
                                                      : 3;
      k->repayers_decile[dec]++;
      k->terminated_decile[dec] += terminations;
      k->repayers_abroad[ab]++;
      k->terminated_abroad[ab] += terminations;
      k->repayers_debt[band]++;
      k->terminated_debt[band] += terminations;
      const int settled = (voluntary & STP_REPAY_SETTLED) != 0,
                extra = (voluntary & STP_REPAY_EXTRA) != 0;
      k->settled_decile[dec] += settled;
      k->settled_debt[band] += settled;
      k->extra_decile[dec] += extra;
      k->extra_debt[band] += extra;
      if (o.end == STP_END_DEFAULT) {
        k->collected_loans[ab]++;
        k->collected_debt[ab] += o.defaulted;
      }
    }
  }
  return 0;
}

static void *counts_alloc(void *user) {
  (void)user;
  return calloc(1, sizeof(stp_calib_counts));
}

static void counts_free(void *user, void *state) {
  (void)user;
  free(state);
}

static void add_counts(void *user, void *state) {
  /* every field is an int64_t or an stp_money (int64_t): add them as an array */
  const calibration *cal = user;
  int64_t *a = (int64_t *)cal->out;
  const int64_t *b = (const int64_t *)state;
  for (size_t i = 0; i < sizeof *cal->out / sizeof(int64_t); i++) a[i] += b[i];
}

int stp_calibration_measure(const stp_life_ctx *c, const stp_calib_opts *o,
                            stp_calib_counts *out, stp_error *err) {
  _Static_assert(sizeof(stp_calib_counts) % sizeof(int64_t) == 0, "counts are int64_t only");
  memset(out, 0, sizeof *out);
  if (o->size < 0) return stp_fail(err, STP_EINVAL, "calibration: negative cohort size");
  calibration cal = {.c = c, .yr = &o->years, .out = out};
  stp_visitor v = {.user = &cal, .thread_alloc = counts_alloc, .thread_free = counts_free,
                   .visit = count_student, .merge = add_counts};
  stp_run_opts ro = {.size = o->size, .entry_first = o->entry_first,
                     .entry_last = o->entry_last, .seed = c->seed, .threads = o->threads,
                     .simulate = true, .population = o->population};
  /* Over MPI ranks each rank counts its share of the students (run.c); the counts, all
     int64_t, are then summed over the ranks: the same integers as one process. */
  int rc = stp_drive(c->cohort, &ro, &v, NULL, NULL, err);
  if (rc == STP_OK) stp_dist_sum_i64((int64_t *)out, sizeof *out / sizeof(int64_t));
  return rc;
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

/* Sources cited by more than one statistic, written out in full each time: a row of the CSV
   stands on its own. */
#define MEANS_SOURCE                                                                         \
  "Lånekassen via dagsavisen.no 11.04.2025 (https://www.dagsavisen.no/nyheter/innenriks/"    \
  "2025/04/11/stadig-flere-studenter-har-for-god-rad-til-a-fa-fullt-stipend/)"
#define SSB_COMPLETION_SOURCE                                                                \
  "SSB gjennomføring (https://www.ssb.no/utdanning/hoyere-utdanning/statistikk/"             \
  "gjennomforing-ved-universiteter-og-hogskoler)"

#define DEBT_2023_SOURCE                                                                     \
  "Lånekassen 06.06.2024, Flere avslutter med høyere studiegjeld (https://lanekassen.no/"    \
  "en-US/presse-og-samfunnskontakt/nyheter/flere-avslutter-med-hoyere-studiegjeld/)"

/* A mean debt row from n borrowers, their debt sum (øre) and squared debts ((NOK 100)²). */
static void set_mean_debt(stp_calib_stat *d, int64_t n, stp_money sum, int64_t sq) {
  d->population = n;
  if (n > 0) {
    double mean = (double)sum / (double)n / 100.0;
    double mean_h = mean / 100.0, var_h = (double)sq / (double)n - mean_h * mean_h;
    d->simulated = mean;
    d->std_error = n > 1 && var_h > 0 ? 100.0 * sqrt(var_h / (double)(n - 1)) : 0;
  }
}

int stp_calibration_stats(const stp_calib_counts *c, stp_calib_stat out[STP_CALIB_NSTATS]) {
  static const stp_calib_stat published[STP_CALIB_NSTATS] = {
      {"debt_end_he", "mean debt at end of higher education, studied in Norway", "NOK", "2024",
       434000, "Lånekassen via finansavisen.no 12.06.2025 (https://www.finansavisen.no/"
       "personlig-okonomi/2025/06/12/8270785/studiegjelden-stiger-misligholdet-faller)",
       "borrowers whose interest starts in 2024, not going straight on to a further degree; "
       "all degrees and dropouts; their debt when they become repayers: when interest starts, "
       "before the conversions still to come at the first bill (the degree part and the last "
       "calendar year's exam part, converted after that year's tax assessment), plus the "
       "grace months' interest the first bill adds", NAN, NAN, 0, 0.05},
      {"means_affected", "means-tested students with a reduced grant or loan only", "share",
       "2023", (38400.0 + 42100.0) / 300000.0,
       MEANS_SOURCE ": 38 400 + 42 100 of 300 000",
       "students with a grant potential in calendar year 2023: 2023 reduction > 0", NAN, NAN,
       0, 0.05},
      {"means_reduced", "  of which a reduced grant", "share", "2023", 38400.0 / 300000.0,
       MEANS_SOURCE ": 38 400 of 300 000", "2023 reduction > 0 and below the potential", NAN, NAN, 0, 0.05},
      {"means_loan_only", "  of which loan only", "share", "2023", 42100.0 / 300000.0,
       MEANS_SOURCE ": 42 100 of 300 000", "2023 reduction = the whole 2023 potential", NAN, NAN, 0, 0.05},
      {"supported", "students with Lånekassen support", "share", "2021-22", 0.64,
       "Lånekassen, utdanningsstøtten 2022 (https://lanekassen.no/en-US/statistikk-og-analyse/"
       "innsikt-og-analyse/utdanningsstotten-2022---tall-og-fakta/)",
       "students taking credits in 2021-22: support paid in 2021-22", NAN, NAN, 0, 0.05},
      {"at_home", "students living with their parents", "share", "2019",
       0.10, "EUROSTUDENT VII via ssb.no (https://statbank.ssb.no/en/utdanning/hoyere-utdanning/"
       "artikler/how-does-student-life-in-norway-compare-to-other-european-countries)",
       "students taking credits in 2023-24 (the first complete cross-section of the run)", NAN,
       NAN, 0, 0.05},
      {"bachelor_3y", "bachelor entrants completing in 3 years", "share", "cohort 2018", 0.564,
       SSB_COMPLETION_SOURCE,
       "bachelor entrants of every entry year of the run", NAN, NAN, 0, 0.05},
      {"bachelor_5y", "bachelor entrants completing within 5 years", "share", "cohort 2018",
       0.72, SSB_COMPLETION_SOURCE, "bachelor entrants of every entry year of the run", NAN, NAN, 0, 0.05},
      {"deferred", "repayers deferring at least one bill in the year", "share", "2023", 0.25,
       "Lånekassen, 10 ting om tilbakebetaling 2024 (https://lanekassen.no/nb-NO/"
       "presse-og-samfunnskontakt/nyheter/10-ting-du-ma-vite-om-tilbakebetaling-av-studielan/)",
       "loans with a bill due in 2023: one of the 2023 bills deferred", NAN, NAN, 0, 0.05},
      {"terminated", "loans in repayment terminated for non-payment in the year", "share",
       "2024", 0.029,
       "Lånekassen via finansavisen.no 12.06.2025; the yearly series: Lånekassen 27.01.2022 "
       "(https://lanekassen.no/nb-NO/statistikk-og-analyse/innsikt-og-analyse/"
       "rapport-om-mislighold-av-studielan/): about 20 000 of 729 000 repayers a year; a yearly "
       "flow over the loans in repayment of every level of education (27 977 loans "
       "transferred in 2012 = 4.8 %, Universitas 2013; 28 000 in 2013 = 4.7 %, NTB via "
       "finansavisen.no 2014)",
       "the run's loans over their whole life, by year of repayment d: sum of terminated in "
       "year d / sum of loans with a bill due or terminated in year d (a steady state with "
       "a constant inflow of new repayers)", NAN, NAN, 0, 0.05},
      {"terminated_life", "terminations for non-payment per repayer over the loan's life", "share",
       "2023", 22300.0 / 106000.0,
       "derived, low confidence: 22 300 terminated (E24 via adressa.no) / 106 000 new "
       "repayers (Lånekassen), 2023 (https://www.adressa.no/nyheter/innenriks/i/15EdXl/"
       "laanekassen-mer-enn-doblet-renteinntektene-i-2023; https://lanekassen.no/en-US/"
       "presse-og-samfunnskontakt/nyheter/flere-avslutter-med-hoyere-studiegjeld/)",
       "loans with a bill due (or terminated) in some year: their terminations for "
       "non-payment, reinstated ones included (in a steady state, a year's terminations over "
       "a year's new repayers)", NAN, NAN, 0, 0.05},
      {"debt_end_he_2023", "mean debt at end of higher education, Norway and abroad", "NOK",
       "2023", 427000, DEBT_2023_SOURCE,
       "borrowers whose interest starts in 2023, as debt_end_he (the model has no study "
       "abroad: Lånekassen's 2021 leavers from abroad averaged 641 000 against 355 000)",
       NAN, NAN, 0, 0.05},
      {"debt_end_he_2022", "mean debt at end of higher education, studied in Norway", "NOK",
       "2022", 389000,
       "Lånekassen, Flere får over 1 million i studiegjeld, and via finansavisen.no "
       "12.06.2025 (389 000 for study in Norway, 684 000 abroad, 410 000 in all, in 2022 "
       "kroner; https://lanekassen.no/nn-NO/presse-og-samfunnskontakt/nyheiter/"
       "flere-far-over-1-million-i-studiegjeld/)",
       "borrowers whose interest starts in 2022, as debt_end_he; the run's first entry year "
       "is 2016-17, so long paths that began earlier are missing", NAN, NAN, 0, 0.05},
      {"new_debt_under_400k", "new repayers with debt under NOK 400 000", "share", "2023",
       0.61, DEBT_2023_SOURCE ": 61 % of the 106 000 who became repayers in 2023, every level",
       "borrowers whose interest starts in 2023 (debt_end_he_2023's): debt < 400 000", NAN,
       NAN, 0, 0.05},
      {"new_debt_over_600k", "new repayers with debt over NOK 600 000", "share", "2023", 0.13,
       DEBT_2023_SOURCE ": 13 %", "the same: debt > 600 000", NAN, NAN, 0, 0.05},
      {"new_debt_over_1m", "new repayers with debt over NOK 1 million", "share", "2023",
       1500.0 / 106000.0, DEBT_2023_SOURCE ": just under 1 500 of 106 000",
       "the same: debt > 1 000 000", NAN, NAN, 0, 0.05},
      {"collected_abroad", "debt of terminated loans owed by borrowers living abroad", "share",
       "2013", 360.0 / 4000.0,
       "news, undated (about 2013), low confidence: about NOK 360 million of the just over NOK 4 billion "
       "owed on terminated loans was owed by former students living abroad "
       "(https://www.webforumet.no/finans/flytter-fra-lanet-sitt/; the 4 billion dates it "
       "to 2012-2013: Universitas 2013, https://universitas.no/nyhet/58437/"
       "fire-studielan-milliarder-til-inkasso/)",
       "the run's loans left with Statens innkrevingssentral (terminated, not reinstated): "
       "debt sent to collection of emigrants / of all, over the loans' whole life (a flow; "
       "the published figure is a stock, in which hard-to-collect claims abroad stay longer)",
       NAN, NAN, 0, 0.05},
      {"terminated_book", "debt of the loans terminated in the year, share of the loan book",
       "share", "2013", 4.0 / 137.9,
       "NTB via finansavisen.no 2014: 28 000 loans worth NOK 4 billion sent to collection in "
       "2013, of NOK 137.9 billion outstanding (https://finansavisen.no/nyheter/politikk/2014/"
       "04/eksstudenter-skylder-staten-fire-milliarder); 4.7 % of the repayers were "
       "terminated that year against 2.9 % in 2024",
       "the run's loans over their whole life: debt owed at each termination for non-payment "
       "(reinstated ones included) / the year-end debt of every year, study and repayment (a "
       "steady state); losses are this less reinstatement and recovery",
       NAN, NAN, 0, 0.05},
      {"aged_30plus", "students aged 30 or older", "share", "2023", 0.30,
       "HK-dir, Tilstandsrapport for høyere utdanning 2024 (https://hkdirweb-prod."
       "azurewebsites.net/rapporter-undersokelser-og-statistikk/les-rapporten/"
       "tilstandsrapport-for-hoyere-utdanning-2024/sammendrag)",
       "students taking credits in 2023-24, aged 30 or more in 2023 (calendar year - birth "
       "year)", NAN, NAN, 0, 0.05},
      {"with_children", "students with children", "share", "2019", 0.23,
       "EUROSTUDENT VII via ssb.no, Hver fjerde student har barn (https://www.ssb.no/"
       "utdanning/hoyere-utdanning/artikler/hver-fjerde-student-har-barn)",
       "students taking credits in 2023-24 with a child under 16 (children are drawn at "
       "entry and kept)", NAN, NAN, 0, 0.05},
  };
  memcpy(out, published, sizeof published);

  int64_t n = 0, sq = 0;
  stp_money sum = 0;
  for (int k = 0; k < STP_LEAVER_KINDS; k++) {
    n += c->leavers[k];
    sum += c->debt[k];
    sq += c->debt_sq[k];
  }
  set_mean_debt(&out[0], n, sum, sq);
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
  /* the binomial error over loan-years: a loan's years are not independent draws, but
     terminations are rare events of a loan, so it is close */
  set_share(&out[9], nt, nn);
  set_share(&out[10], c->terminated_life, c->repayers_life);
  set_mean_debt(&out[11], c->leavers_before[1], c->debt_before[1], c->debt_sq_before[1]);
  set_mean_debt(&out[12], c->leavers_before[0], c->debt_before[0], c->debt_sq_before[0]);
  set_share(&out[13], c->debt_under_400k, c->leavers_before[1]);
  set_share(&out[14], c->debt_over_600k, c->leavers_before[1]);
  set_share(&out[15], c->debt_over_1m, c->leavers_before[1]);
  /* a share of debt: the error of a ratio of sums is not binomial; the binomial error over
     the loans collected stands in for it */
  {
    int64_t loans = c->collected_loans[0] + c->collected_loans[1];
    stp_money all = c->collected_debt[0] + c->collected_debt[1];
    out[16].population = loans;
    if (all > 0) {
      double q = (double)c->collected_debt[1] / (double)all;
      out[16].simulated = q;
      out[16].std_error = sqrt(q * (1 - q) / (double)loans);
    }
  }
  /* a ratio of sums: no binomial error; the loan-years are the population */
  out[17].population = nn;
  if (c->book_years > 0) {
    out[17].simulated = (double)c->terminated_owed / (double)c->book_years;
    out[17].std_error = NAN;
  }
  set_share(&out[18], c->enrolled_home_age[2], c->enrolled_home);
  set_share(&out[19], c->enrolled_children, c->enrolled_home);
  return STP_CALIB_NSTATS;
}

/* ---- stipend calibrate ---- */

int stp_calib_source_name(const char *source) {
  const char *p = strstr(source, " (http");
  const char *q = strstr(source, ", http");
  if (q && (!p || q < p)) p = q;
  return p ? (int)(p - source) : (int)strlen(source);
}

void stp_calib_quoted(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

int stp_calibration_run(const stp_prepared *x, int threads, stp_calibration *out, stp_error *err) {
  memset(out, 0, sizeof *out);
  out->o = (stp_calib_opts){.size = x->sc.size,
                            .entry_first = x->sc.entry_first,
                            .entry_last = x->sc.entry_last,
                            .threads = threads,
                            .population = x->sample};
  stp_calib_years_published(&out->o.years);
  int rc = stp_calibration_measure(&x->ctx, &out->o, &out->k, err);
  if (rc == STP_OK) out->n = stp_calibration_stats(&out->k, out->st);
  return rc;
}

/* The reference period of a statistic in three columns, so that none mixes forms: its kind
   (calendar_year "2024", academic_year "2021-22", entry_year "cohort 2018": the students who
   entered in 2018-19), the calendar year it starts in (always), and the academic year (text,
   empty for a calendar year). */
void stp_calib_year_columns(FILE *f, const char *y) {
  int start = atoi(strncmp(y, "cohort ", 7) == 0 ? y + 7 : y);
  char ay[16];
  stp_scenario_year_name(start, ay, sizeof ay);
  if (strncmp(y, "cohort ", 7) == 0)
    fprintf(f, "entry_year,%d,%s", start, ay);
  else if (strchr(y, '-'))
    fprintf(f, "academic_year,%d,%s", start, ay);
  else
    fprintf(f, "calendar_year,%d,", start);
}

static void print_value(FILE *f, const stp_calib_stat *st, double v, int width) {
  if (isnan(v))
    fprintf(f, "%*s", width, "-");
  else if (!strcmp(st->unit, "NOK"))
    fprintf(f, "%*.0f", width, v);
  else
    fprintf(f, "%*.1f%%", width - 1, 100 * v);
}

static void print_detail(FILE *f, const stp_calib_counts *k, int year, int home_year,
                         int term_year) {
  fprintf(f, "\nleavers of %d with debt, by kind (the first row's population)\n", year);
  fprintf(f, "%-12s %9s %6s %14s\n", "kind", "borrowers", "share", "mean debt NOK");
  int64_t n = 0;
  for (int i = 0; i < STP_LEAVER_KINDS; i++) n += k->leavers[i];
  for (int i = 0; i < STP_LEAVER_KINDS; i++) {
    double mean = k->leavers[i] ? (double)k->debt[i] / (double)k->leavers[i] / 100.0 : NAN;
    fprintf(f, "%-12s %9lld %5.1f%% %14.0f\n", stp_leaver_kind_name(i), (long long)k->leavers[i],
            n ? 100.0 * (double)k->leavers[i] / (double)n : 0.0, mean);
  }
  fprintf(f, "master2 leavers with bachelor debt brought in: %lld\n", (long long)k->leavers_prior);
  int64_t nc = n - k->leavers[STP_LEAVER_NO_DEGREE];
  stp_money dc = 0;
  for (int i = 0; i < STP_LEAVER_NO_DEGREE; i++) dc += k->debt[i];
  fprintf(f, "the same leavers' debt when interest starts, after every conversion (the last ones "
             "come after the first bill) and before the grace months' interest: mean NOK %.0f\n", n ? (double)k->debt_interest_start / (double)n / 100.0 : NAN);
  fprintf(f, "completers only (no dropouts): %lld borrowers, mean debt NOK %.0f\n", (long long)nc,
          nc ? (double)dc / (double)nc / 100.0 : NAN);
  fprintf(f,
          "\nterminations by year of repayment d (whole years since the first bill), the "
          "run's loans over their whole life\n");
  fprintf(f, "%-6s %10s %9s %7s\n", "d", "in repayment", "terminated", "rate");
  int64_t nn = 0, nt = 0, tn = 0, tt = 0;
  for (int d = 0; d < STP_CALIB_DURATIONS; d++) {
    nn += k->in_repayment[d];
    nt += k->terminated_d[d];
    if (d < 15 || d == STP_CALIB_DURATIONS - 1) {
      tn += k->in_repayment[d];
      tt += k->terminated_d[d];
      char lab[16];
      snprintf(lab, sizeof lab, d < 15 ? "%d" : "15+", d);
      fprintf(f, "%-6s %12lld %10lld %6.2f%%\n", lab, (long long)tn, (long long)tt,
              tn ? 100.0 * (double)tt / (double)tn : NAN);
      tn = tt = 0;
    } else {
      tn += k->in_repayment[d];
      tt += k->terminated_d[d];
    }
  }
  fprintf(f,
          "mean years in repayment per repayer: %.2f (Lånekassen 2023: just under 800 000 "
          "repayers / 106 000 new a year, about 7.5)\n",
          k->repayers_life ? (double)nn / (double)k->repayers_life : NAN);
  fprintf(
      f,
      "loans with a bill due in %d or terminated in its January: %lld, terminated in %d: "
      "%.2f%% (young loans only)\n",
      term_year, (long long)k->repayers_terminate, term_year,
      k->repayers_terminate ? 100.0 * (double)k->terminated / (double)k->repayers_terminate : NAN);
  (void)nt;
  fprintf(f, "\nterminations per repayer over the loan's life, by who repays\n");
  for (int d = 0; d < 10; d++)
    fprintf(f, "earnings decile %-2d %9lld repayers %6.1f%%\n", d + 1,
            (long long)k->repayers_decile[d],
            k->repayers_decile[d]
                ? 100.0 * (double)k->terminated_decile[d] / (double)k->repayers_decile[d]
                : NAN);
  static const char *where[2] = {"in Norway", "abroad"};
  for (int g = 0; g < 2; g++)
    fprintf(f, "%-18s %9lld repayers %6.1f%%\n", where[g], (long long)k->repayers_abroad[g],
            k->repayers_abroad[g]
                ? 100.0 * (double)k->terminated_abroad[g] / (double)k->repayers_abroad[g]
                : NAN);
  static const char *bands[4] = {"debt < 100 000", "100-300 000", "300-500 000", ">= 500 000"};
  for (int g = 0; g < 4; g++)
    fprintf(f, "%-18s %9lld repayers %6.1f%%\n", bands[g], (long long)k->repayers_debt[g],
            k->repayers_debt[g]
                ? 100.0 * (double)k->terminated_debt[g] / (double)k->repayers_debt[g]
                : NAN);
  /* voluntary payments: early settlement and extra payments, by earnings and balance */
  int64_t rep = 0, set = 0, ext = 0, years = 0;
  for (int d = 0; d < 10; d++) {
    rep += k->repayers_decile[d];
    set += k->settled_decile[d];
    ext += k->extra_decile[d];
  }
  for (int d = 0; d < STP_CALIB_DURATIONS; d++) years += k->in_repayment[d];
  fprintf(f,
          "\nvoluntary payments per repayer over the loan's life: settled early, at least one "
          "extra payment\n");
  fprintf(f, "%-18s %9s %9s %7s %7s\n", "", "repayers", "", "settled", "extra");
  for (int d = 0; d < 10; d++)
    fprintf(f, "earnings decile %-2d %9lld repayers %6.1f%% %6.1f%%\n", d + 1,
            (long long)k->repayers_decile[d],
            k->repayers_decile[d]
                ? 100.0 * (double)k->settled_decile[d] / (double)k->repayers_decile[d]
                : NAN,
            k->repayers_decile[d]
                ? 100.0 * (double)k->extra_decile[d] / (double)k->repayers_decile[d]
                : NAN);
  for (int g = 0; g < 4; g++)
    fprintf(f, "%-18s %9lld repayers %6.1f%% %6.1f%%\n", bands[g], (long long)k->repayers_debt[g],
            k->repayers_debt[g]
                ? 100.0 * (double)k->settled_debt[g] / (double)k->repayers_debt[g]
                : NAN,
            k->repayers_debt[g] ? 100.0 * (double)k->extra_debt[g] / (double)k->repayers_debt[g]
                                : NAN);
  fprintf(f, "%-18s %9lld repayers %6.1f%% %6.1f%%\n", "all", (long long)rep,
          rep ? 100.0 * (double)set / (double)rep : NAN,
          rep ? 100.0 * (double)ext / (double)rep : NAN);
  fprintf(f, "loan-years in repayment with an extra payment: %.2f%% of %lld\n",
          years ? 100.0 * (double)k->extra_years / (double)years : NAN, (long long)years);
  fprintf(f, "\nloans left with Statens innkrevingssentral (terminated, not reinstated)\n");
  for (int g = 0; g < 2; g++)
    fprintf(f, "%-18s %9lld loans, mean debt sent NOK %.0f\n", where[g],
            (long long)k->collected_loans[g],
            k->collected_loans[g]
                ? (double)k->collected_debt[g] / (double)k->collected_loans[g] / 100.0
                : NAN);
  static const char *ages5[4] = {"under 25", "25-29", "30-34", "35+"};
  int64_t ne = 0;
  for (int g = 0; g < 4; g++) ne += k->enrolled_age_ssb[g];
  fprintf(f, "\nstudents taking credits in %d-%02d by age that year, and with children\n",
          home_year, (home_year + 1) % 100);
  for (int g = 0; g < 4; g++)
    fprintf(f, "%-12s %9lld students %5.1f%% of all %5.1f%% with children\n", ages5[g],
            (long long)k->enrolled_age_ssb[g],
            ne ? 100.0 * (double)k->enrolled_age_ssb[g] / (double)ne : NAN,
            k->enrolled_age_ssb[g]
                ? 100.0 * (double)k->children_age_ssb[g] / (double)k->enrolled_age_ssb[g]
                : NAN);
  static const char *ages[3] = {"under 22", "22-29", "30+"};
  fprintf(f, "\nliving with parents by age, students taking credits in %d-%02d\n", home_year,
          (home_year + 1) % 100);
  for (int g = 0; g < 3; g++)
    fprintf(f, "%-12s %9lld students %5.1f%% at home\n", ages[g],
            (long long)k->enrolled_home_age[g],
            k->enrolled_home_age[g]
                ? 100.0 * (double)k->at_home_age[g] / (double)k->enrolled_home_age[g]
                : NAN);
}

void stp_calibration_print(FILE *f, const stp_calibration *c, const stp_scenario *sc, bool csv,
                           bool detail) {
  const stp_calib_stat *st = c->st;
  const stp_calib_counts *k = &c->k;
  int n = c->n;
  char first[16], last[16];
  stp_scenario_year_name(sc->entry_first, first, sizeof first);
  stp_scenario_year_name(sc->entry_last, last, sizeof last);
  if (csv) {
    fprintf(f,
            "key,statistic,unit,year_kind,calendar_year,academic_year,published,simulated,"
            "std_error,gap_share,population,source,measured_as,tolerance_share\n");
    for (int i = 0; i < n; i++) {
      fprintf(f, "%s,", st[i].key);
      stp_calib_quoted(f, st[i].statistic[0] == ' ' ? st[i].statistic + 2 : st[i].statistic);
      fprintf(f, ",%s,", st[i].unit);
      stp_calib_year_columns(f, st[i].year);
      fprintf(f, ",%.6g,", st[i].published);
      if (st[i].population > 0) {
        fprintf(f, "%.6g,", st[i].simulated);
        if (!isnan(st[i].std_error)) fprintf(f, "%.3g", st[i].std_error); /* empty: not estimated */
        fprintf(f, ",%.4f,", st[i].simulated / st[i].published - 1);
      } else
        fprintf(f, ",,,"); /* nobody in the population: no value */
      fprintf(f, "%lld,", (long long)st[i].population);
      stp_calib_quoted(f, st[i].source);
      fputc(',', f);
      stp_calib_quoted(f, st[i].measured_as);
      fprintf(f, ",%.4g\n", st[i].tolerance);
    }
  } else {
    fprintf(f, "%s: %lld students, entry years %s to %s, seed %llu\n\n", sc->name,
            (long long)k->students, first, last, (unsigned long long)sc->seed);
    fprintf(f, "%-58s %-11s %9s %9s %7s %7s %5s %7s  %s\n", "statistic", "year", "published",
            "simulated", "s.e.", "gap", "tol", "n", "source");
    for (int i = 0; i < n; i++) {
      fprintf(f, "%-58s %-11s ", st[i].statistic, st[i].year);
      print_value(f, &st[i], st[i].published, 9);
      fputc(' ', f);
      print_value(f, &st[i], st[i].simulated, 9);
      fputc(' ', f);
      print_value(f, &st[i], st[i].std_error, 7);
      if (st[i].population > 0)
        fprintf(f, " %+6.1f%%", 100 * (st[i].simulated / st[i].published - 1));
      else
        fprintf(f, " %7s", "-");
      fprintf(f, " %3.0f%%%c", 100 * st[i].tolerance,
              st[i].population > 0 &&
                      fabs(st[i].simulated / st[i].published - 1) > st[i].tolerance
                  ? '*'
                  : ' ');
      fprintf(f, " %7lld  %.*s\n", (long long)st[i].population, stp_calib_source_name(st[i].source),
              st[i].source);
    }
    fprintf(f, "\ntol: the gap the calibration aims within, either way; * outside it (the gap is "
               "explained in docs/calibration.md)\n");
    fprintf(f, "\nmeasured as:\n");
    for (int i = 0; i < n; i++) fprintf(f, "  %-16s %s\n", st[i].key, st[i].measured_as);
    if (detail) print_detail(f, k, c->o.years.debt, c->o.years.home, c->o.years.terminate);
  }
}
