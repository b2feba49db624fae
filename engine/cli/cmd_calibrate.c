/* cmd_calibrate.c: `stipend calibrate`: a calibration scenario's results beside the
   statistics Lånekassen and SSB published, each measured as its publisher measured it
   (engine/calibration.h, docs/calibration.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/budget.h"
#include "analytics/compare.h"
#include "calibration.h"
#include "cli/cli.h"
#include "cli/prepare.h"
#include "cohort.h"

static const cli_opt calibrate_opts[] = {
    {"size", "N", "students (default: the scenario's [cohort] size)"},
    {"sample", "SHARE", "population mode: this share of Norway's students (0.05); national totals"},
    {"seed", "N", "seed (default: the scenario's [run] seed)"},
    {"threads", "N", "OpenMP threads (the results do not depend on it)"},
    {"set", "SECTION.KEY=VALUE", "override a scenario value (repeatable)"},
    {"detail", NULL,
     "also the 2024 leavers by kind, living with parents by age, terminations by year of repayment"},
    {"csv", NULL, "CSV on stdout"},
    {"backcasts", NULL,
     "Norway's figures beside the published ones (budget 2017, recipients, basic loan, "
     "mean debt): the population mode from 2017 (docs/backcasts.md)"},
    {"quiet", NULL, "no progress line (accepted; the run prints none)"},
    {"datasets", "DIR", "parameter datasets directory"},
    {NULL, NULL, NULL}};

/* The publisher's name: the source up to its address. */
static int short_source(const char *source) {
  const char *p = strstr(source, " (http");
  const char *q = strstr(source, ", http");
  if (q && (!p || q < p)) p = q;
  return p ? (int)(p - source) : (int)strlen(source);
}

/* The reference period of a statistic in three columns, so that none mixes forms: its kind
   (calendar_year "2024", academic_year "2021-22", entry_year "cohort 2018": the students who
   entered in 2018-19), the calendar year it starts in (always), and the academic year (text,
   empty for a calendar year). */
static void print_year_columns(const char *y) {
  int start = atoi(strncmp(y, "cohort ", 7) == 0 ? y + 7 : y);
  char ay[16];
  stp_scenario_year_name(start, ay, sizeof ay);
  if (strncmp(y, "cohort ", 7) == 0) printf("entry_year,%d,%s", start, ay);
  else if (strchr(y, '-')) printf("academic_year,%d,%s", start, ay);
  else printf("calendar_year,%d,", start);
}

static void csv_text(const char *s) {
  putchar('"');
  for (; *s; s++) {
    if (*s == '"') putchar('"');
    putchar(*s);
  }
  putchar('"');
}

static void print_value(const stp_calib_stat *st, double v, int width) {
  if (isnan(v)) printf("%*s", width, "-");
  else if (!strcmp(st->unit, "NOK")) printf("%*.0f", width, v);
  else printf("%*.1f%%", width - 1, 100 * v);
}

static void print_detail(const stp_calib_counts *k, int year, int home_year, int term_year) {
  printf("\nleavers of %d with debt, by kind (the first row's population)\n", year);
  printf("%-12s %9s %6s %14s\n", "kind", "borrowers", "share", "mean debt NOK");
  int64_t n = 0;
  for (int i = 0; i < STP_LEAVER_KINDS; i++) n += k->leavers[i];
  for (int i = 0; i < STP_LEAVER_KINDS; i++) {
    double mean = k->leavers[i] ? (double)k->debt[i] / (double)k->leavers[i] / 100.0 : NAN;
    printf("%-12s %9lld %5.1f%% %14.0f\n", stp_leaver_kind_name(i), (long long)k->leavers[i],
           n ? 100.0 * (double)k->leavers[i] / (double)n : 0.0, mean);
  }
  printf("master2 leavers with bachelor debt brought in: %lld\n", (long long)k->leavers_prior);
  int64_t nc = n - k->leavers[STP_LEAVER_NO_DEGREE];
  stp_money dc = 0;
  for (int i = 0; i < STP_LEAVER_NO_DEGREE; i++) dc += k->debt[i];
  printf("completers only (no dropouts): %lld borrowers, mean debt NOK %.0f\n", (long long)nc,
         nc ? (double)dc / (double)nc / 100.0 : NAN);
  printf("\nterminations by year of repayment d (whole years since the first bill), the "
         "run's loans over their whole life\n");
  printf("%-6s %10s %9s %7s\n", "d", "in repayment", "terminated", "rate");
  int64_t nn = 0, nt = 0, tn = 0, tt = 0;
  for (int d = 0; d < STP_CALIB_DURATIONS; d++) {
    nn += k->in_repayment[d];
    nt += k->terminated_d[d];
    if (d < 15 || d == STP_CALIB_DURATIONS - 1) {
      tn += k->in_repayment[d];
      tt += k->terminated_d[d];
      char lab[16];
      snprintf(lab, sizeof lab, d < 15 ? "%d" : "15+", d);
      printf("%-6s %12lld %10lld %6.2f%%\n", lab, (long long)tn, (long long)tt,
             tn ? 100.0 * (double)tt / (double)tn : NAN);
      tn = tt = 0;
    } else {
      tn += k->in_repayment[d];
      tt += k->terminated_d[d];
    }
  }
  printf("mean years in repayment per repayer: %.2f (Lånekassen 2023: just under 800 000 "
         "repayers / 106 000 new a year, about 7.5)\n",
         k->repayers_life ? (double)nn / (double)k->repayers_life : NAN);
  printf("loans with a bill due in %d or terminated in its January: %lld, terminated in %d: "
         "%.2f%% (young loans only)\n",
         term_year, (long long)k->repayers_terminate, term_year,
         k->repayers_terminate ? 100.0 * (double)k->terminated / (double)k->repayers_terminate
                               : NAN);
  (void)nt;
  printf("\nterminations per repayer over the loan's life, by who repays\n");
  for (int d = 0; d < 10; d++)
    printf("earnings decile %-2d %9lld repayers %6.1f%%\n", d + 1,
           (long long)k->repayers_decile[d],
           k->repayers_decile[d]
               ? 100.0 * (double)k->terminated_decile[d] / (double)k->repayers_decile[d]
               : NAN);
  static const char *where[2] = {"in Norway", "abroad"};
  for (int g = 0; g < 2; g++)
    printf("%-18s %9lld repayers %6.1f%%\n", where[g], (long long)k->repayers_abroad[g],
           k->repayers_abroad[g]
               ? 100.0 * (double)k->terminated_abroad[g] / (double)k->repayers_abroad[g]
               : NAN);
  static const char *bands[4] = {"debt < 100 000", "100-300 000", "300-500 000", ">= 500 000"};
  for (int g = 0; g < 4; g++)
    printf("%-18s %9lld repayers %6.1f%%\n", bands[g], (long long)k->repayers_debt[g],
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
  printf("\nvoluntary payments per repayer over the loan's life: settled early, at least one "
         "extra payment\n");
  printf("%-18s %9s %9s %7s %7s\n", "", "repayers", "", "settled", "extra");
  for (int d = 0; d < 10; d++)
    printf("earnings decile %-2d %9lld repayers %6.1f%% %6.1f%%\n", d + 1,
           (long long)k->repayers_decile[d],
           k->repayers_decile[d]
               ? 100.0 * (double)k->settled_decile[d] / (double)k->repayers_decile[d]
               : NAN,
           k->repayers_decile[d]
               ? 100.0 * (double)k->extra_decile[d] / (double)k->repayers_decile[d]
               : NAN);
  for (int g = 0; g < 4; g++)
    printf("%-18s %9lld repayers %6.1f%% %6.1f%%\n", bands[g], (long long)k->repayers_debt[g],
           k->repayers_debt[g]
               ? 100.0 * (double)k->settled_debt[g] / (double)k->repayers_debt[g]
               : NAN,
           k->repayers_debt[g] ? 100.0 * (double)k->extra_debt[g] / (double)k->repayers_debt[g]
                               : NAN);
  printf("%-18s %9lld repayers %6.1f%% %6.1f%%\n", "all", (long long)rep,
         rep ? 100.0 * (double)set / (double)rep : NAN,
         rep ? 100.0 * (double)ext / (double)rep : NAN);
  printf("loan-years in repayment with an extra payment: %.2f%% of %lld\n",
         years ? 100.0 * (double)k->extra_years / (double)years : NAN, (long long)years);
  printf("\nloans left with Statens innkrevingssentral (terminated, not reinstated)\n");
  for (int g = 0; g < 2; g++)
    printf("%-18s %9lld loans, mean debt sent NOK %.0f\n", where[g],
           (long long)k->collected_loans[g],
           k->collected_loans[g]
               ? (double)k->collected_debt[g] / (double)k->collected_loans[g] / 100.0
               : NAN);
  static const char *ages[3] = {"under 22", "22-29", "30+"};
  printf("\nliving with parents by age, students taking credits in %d-%02d\n", home_year,
         (home_year + 1) % 100);
  for (int g = 0; g < 3; g++)
    printf("%-12s %9lld students %5.1f%% at home\n", ages[g], (long long)k->enrolled_home_age[g],
           k->enrolled_home_age[g]
               ? 100.0 * (double)k->at_home_age[g] / (double)k->enrolled_home_age[g]
               : NAN);
}

/* ---- --backcasts: the population's national figures beside the published ones ---- */

typedef struct backcast {
  const char *key, *figure, *year;
  double published; /* NOK, or students */
  double model;     /* NaN: not modelled */
  const char *source;
} backcast;

#define FIRST_BACKCAST_BUDGET 2017

static double per(stp_money sum, int64_t n) {
  return n > 0 ? (double)sum / (double)n / 100.0 : NAN;
}

/* Past decisions costed as the Ministry costed them: the baseline's students under the rules
   without the decision (the decision's academic year only: policy_until), the difference in
   the appropriations of kap. 2410 outside lending (posts 50 to 74) in the budget year. */
typedef struct decision {
  const char *key, *figure;
  int budget_year;
  double published; /* NOK */
  const char *sets[5];
  const char *source;
} decision;

static const decision decisions[] = {
    {"june_week3_2019",
     "the third June week of 2018-19 (10 months and 2 weeks to 10 months and 3 weeks), "
     "cost in the budget year (NOK)",
     2019, 165e6,
     {"run.base_year=2018-19", "run.policy_until=2018-19", "policy.extra_june_weeks=2"},
     "the Ministry on Prop. 1 S (2018-2019) via NTB, 'en ekstrautgift på statsbudsjettet på "
     "165 millioner kroner', https://www.aftenbladet.no/innenriks/i/rLR0pw/"
     "Iselin-Nybo-vil-holde-tilbake-15-prosent-av-studiestipendet"},
    {"eleven_months_2020",
     "the step from 10 months and 3 weeks to 11 months in 2019-20, cost in the budget year "
     "(NOK)",
     2020, 152e6,
     {"run.base_year=2019-20", "run.policy_until=2019-20", "policy.basic_support=110200",
      "policy.support_months=10", "policy.extra_june_weeks=3"},
     "the Ministry on Prop. 1 S (2019-2020) via NTB 06.10.2019, 'foreslår 152 millioner kroner "
     "til å utvide støtteperioden med en fjerde uke', https://www.nettavisen.no/nyheter/"
     "na-blir-det-elleve-maneders-studiestotte/3423857465.html"},
    {"support_10pct_2024",
     "the 2024 budget agreement: basic support +10 % from August 2024 instead of the "
     "proposed +3.8 %, cost in the budget year (NOK)",
     2024, 277e6,
     {"run.base_year=2024-25", "run.policy_until=2024-25", "policy.basic_support=143099"},
     "the budget agreement of 03.12.2023 via NPK-NTB, 'Auka studiestøtte på 10 prosent frå 1. "
     "august 2024. (277 mill. kroner)', https://framtida.no/2023/12/04/"
     "aukar-studiestotte-med-ti-prosent-i-nytt-statsbudsjett ; the proposal's +3.8 % (472 "
     "kroner a month), https://www.nrk.no/trondelag/"
     "dette-betyr-statsbudsjettet-for-deg-som-er-student-1.16585273"},
};
#define NDECISIONS ((int)(sizeof decisions / sizeof decisions[0]))

/* kap. 2410's appropriations outside lending (posts 50 to 74) in one year's items: what a
   decision adds to the budget as the Ministry costs it (post 90's loans are lending). */
static stp_money appropriations(const stp_money *it) {
  return it[STP_BI_PROVISION_PROP1S] + it[STP_BI_OTHER_GRANTS] + it[STP_BI_ABROAD_GRANTS] +
         it[STP_BI_INTEREST_SUBSIDY] + it[STP_BI_INTEREST_RELIEF] + it[STP_BI_WRITE_OFFS] +
         it[STP_BI_LOSSES];
}

static int backcasts(const cli_command *cmd, const cli_args *a) {
  /* Norway's students from eight years before the 2017 budget on */
  cli_args b = *a;
  if (b.nsets >= (int)(sizeof b.sets / sizeof b.sets[0]))
    return cli_usage_error(cmd, "too many --set");
  memmove(b.sets + 1, b.sets, (size_t)b.nsets * sizeof b.sets[0]);
  b.sets[0] = "cohort.population=norway";
  b.nsets++;
  stp_prepare_opts po = {.horizon_from = FIRST_BACKCAST_BUDGET};
  stp_prepared *x, *xd[NDECISIONS] = {0};
  int rc = cli_prepare(cmd, &b, a->positional[0], &po, &x);
  /* Each decision undone: the same file and students, the rules of its year without it. */
  for (int d = 0; d < NDECISIONS && !rc; d++) {
    cli_args bd = b;
    for (int i = 0; i < 5 && decisions[d].sets[i]; i++) {
      if (bd.nsets >= (int)(sizeof bd.sets / sizeof bd.sets[0])) {
        rc = cli_usage_error(cmd, "too many --set");
        break;
      }
      bd.sets[bd.nsets++] = decisions[d].sets[i];
    }
    stp_prepare_opts pd = {.horizon_from = FIRST_BACKCAST_BUDGET,
                           .deciles = x->ctx.earn_deciles, .cohort_of = x};
    if (!rc) rc = cli_prepare(cmd, &bd, a->positional[0], &pd, &xd[d]);
  }
  int threads = 0;
  if (!rc) rc = cli_threads_opt(cmd, a, &threads);
  if (rc) {
    for (int d = 0; d < NDECISIONS; d++) stp_prepared_close(xd[d]);
    stp_prepared_close(x);
    return rc;
  }
  stp_error err = {0};
  stp_calib_opts co = {.size = x->sc.size, .entry_first = x->sc.entry_first,
                       .entry_last = x->sc.entry_last, .threads = threads,
                       .population = x->sample};
  stp_calib_years_published(&co.years);
  stp_calib_counts k;
  stp_budget_params bp;
  stp_compare cmp = {0};
  stp_compare_scenario sc[1 + NDECISIONS];
  sc[0] = (stp_compare_scenario){.ctx = &x->ctx,
                                 .recovery_share = stp_params_repay(x->p)->default_recovery_share};
  for (int d = 0; d < NDECISIONS; d++)
    sc[1 + d] = (stp_compare_scenario){
        .ctx = &xd[d]->ctx, .recovery_share = stp_params_repay(xd[d]->p)->default_recovery_share};
  stp_compare_opts o = {.cohort = x->model, .size = x->sc.size, .entry_first = x->sc.entry_first,
                        .entry_last = x->sc.entry_last, .seed = x->sc.seed,
                        .population = x->sample, .threads = threads,
                        .value_rates = stp_budget_value_rates(&x->sc)};
  if ((rc = stp_calibration_measure(&x->ctx, &co, &k, &err)) == STP_OK &&
      (rc = stp_budget_params_load(x->datasets, &bp, &err)) == STP_OK)
    rc = stp_compare_simulate(sc, 1 + NDECISIONS, &o, &cmp, &err);
  stp_budget *bud = rc == STP_OK ? malloc((1 + NDECISIONS) * sizeof *bud) : NULL;
  if (rc == STP_OK && !bud) rc = stp_fail(&err, STP_ENOMEM, "out of memory");
  if (rc != STP_OK) {
    stp_compare_free(&cmp);
    for (int d = 0; d < NDECISIONS; d++) stp_prepared_close(xd[d]);
    stp_prepared_close(x);
    return cli_error(cmd, &err);
  }
  stp_budget_rates r = stp_budget_rates_of(&x->sc, bp.tax_rate, stp_scenario_pv_year(&x->sc));
  r.provision_reduction = bp.provision_reduction;
  for (int s = 0; s < 1 + NDECISIONS; s++)
    stp_budget_compute(cmp.flows[s], &r, x->sc.entry_last - x->sc.entry_first + 1, &bud[s]);
  const stp_money *y17 = bud[0].year[2017 - STP_CF_FIRST];
#define NAT(arr, y) ((arr)[(y) - STP_FIRST_YEAR])
  static const char *const nso17 =
      "NSO quoting Prop. 1 S (2016-2017), http://student.no/statsbudsjett/sb17-studiestotte/";
  static const char *const debt_src =
      "Lånekassen via Finansavisen 12.06.2025, https://www.finansavisen.no/personlig-okonomi/"
      "2025/06/12/8270785/studiegjelden-stiger-misligholdet-faller ; Lånekassen, "
      "https://lanekassen.no/nn-NO/presse-og-samfunnskontakt/nyheiter/"
      "flere-far-over-1-million-i-studiegjeld/";
  backcast t[8 + NDECISIONS] = {
      {"post50_2017",
       "kap. 2410 post 50, provision for conversion at payout, Prop. 1 S's rates (NOK)", "2017",
       6574149000.0, (double)(y17[STP_BI_PROVISION_PROP1S]) / 100.0, nso17},
      {"post50_model_2017",
       "kap. 2410 post 50 on the model's own conversion, students in Norway (NOK)", "2017",
       6574149000.0, (double)(y17[STP_BI_PROVISION]) / 100.0, nso17},
      {"post90_2017", "kap. 2410 post 90, new loans and unpaid interest (NOK)", "2017",
       26045183000.0,
       (double)(y17[STP_BI_LOANS_PAID_OUT] + y17[STP_BI_ABROAD_LOANS] +
                y17[STP_BI_INTEREST_UNPAID]) / 100.0,
       nso17},
      {"recipients", "higher-education students with support (students)", "2021-22", 210000.0,
       (double)NAT(k.nat_recipients, 2021),
       "Lånekassen, Utdanningsstøtten 2022 - tall og fakta, https://lanekassen.no/en-US/"
       "statistikk-og-analyse/innsikt-og-analyse/utdanningsstotten-2022---tall-og-fakta/"},
      {"basic_loan", "basic support awarded in higher education (NOK)", "2022-23", 27.3e9,
       (double)NAT(k.nat_paid, 2022) / 100.0,
       "Lånekassen, bukontroll, https://lanekassen.no/nn-NO/presse-og-samfunnskontakt/"
       "nyheiter/lanekassen-med-bukontroll/"},
      {"debt_2022", "mean debt at the end of higher education, studied in Norway (NOK)", "2022",
       389000.0, per(NAT(k.nat_debt, 2022), NAT(k.nat_leavers, 2022)), debt_src},
      {"debt_2023", "mean debt at the end of higher education, all (NOK)", "2023", 427000.0,
       per(NAT(k.nat_debt, 2023), NAT(k.nat_leavers, 2023)), debt_src},
      {"debt_2024", "mean debt at the end of higher education, studied in Norway (NOK)", "2024",
       434000.0, per(NAT(k.nat_debt, 2024), NAT(k.nat_leavers, 2024)), debt_src},
  };
  static char years[NDECISIONS][8];
  for (int d = 0; d < NDECISIONS; d++) {
    int i = decisions[d].budget_year - STP_CF_FIRST;
    snprintf(years[d], sizeof years[d], "%d", decisions[d].budget_year);
    t[8 + d] = (backcast){decisions[d].key, decisions[d].figure, years[d],
                          decisions[d].published,
                          (double)(appropriations(bud[0].year[i]) -
                                   appropriations(bud[1 + d].year[i])) / 100.0,
                          decisions[d].source};
  }
#undef NAT
  bool csv = cli_flag(cmd, a, "csv");
  if (csv) printf("key,figure,year,published,model,gap_share,source\n");
  else {
    char f[16], l[16];
    printf("%s for Norway: entrants %s to %s, a sample of %ld (share %g), seed %llu\n\n",
           x->sc.name, stp_scenario_year_name(x->sc.entry_first, f, sizeof f),
           stp_scenario_year_name(x->sc.entry_last, l, sizeof l), cmp.students, x->sc.sample,
           (unsigned long long)x->sc.seed);
    printf("%-68s %-8s %15s %15s %7s  %s\n", "figure", "year", "published", "model", "gap",
           "source");
  }
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    double gap = t[i].model / t[i].published - 1;
    if (csv) {
      printf("%s,", t[i].key);
      csv_text(t[i].figure);
      printf(",%s,%.0f,%.0f,%.4f,", t[i].year, t[i].published, t[i].model, gap);
      csv_text(t[i].source);
      putchar('\n');
    } else {
      printf("%-68s %-8s %15.0f %15.0f %+6.1f%%  %.*s\n", t[i].figure, t[i].year, t[i].published,
             t[i].model, 100 * gap, short_source(t[i].source), t[i].source);
    }
  }
  free(bud);
  stp_compare_free(&cmp);
  for (int d = 0; d < NDECISIONS; d++) stp_prepared_close(xd[d]);
  stp_prepared_close(x);
  return 0;
}

static int cmd_calibrate(const cli_command *cmd, const cli_args *a) {
  if (cli_flag(cmd, a, "backcasts")) return backcasts(cmd, a);
  stp_prepared *x;
  int rc = cli_prepare(cmd, a, a->positional[0], NULL, &x);
  int threads = 0;
  if (!rc) rc = cli_threads_opt(cmd, a, &threads);
  if (!rc && x->sc.source != STP_COHORT_SYNTHETIC)
    rc = cli_usage_error(cmd, "%s: [cohort] source must be synthetic for calibrate",
                         a->positional[0]);
  if (rc) {
    stp_prepared_close(x);
    return rc;
  }
  stp_error err = {0};
  stp_calib_opts co = {.size = x->sc.size, .entry_first = x->sc.entry_first,
                       .entry_last = x->sc.entry_last, .threads = threads,
                       .population = x->sample};
  stp_calib_years_published(&co.years);
  stp_calib_counts k;
  if ((rc = stp_calibration_measure(&x->ctx, &co, &k, &err))) {
    stp_prepared_close(x);
    return cli_error(cmd, &err);
  }
  stp_calib_stat st[STP_CALIB_NSTATS];
  int n = stp_calibration_stats(&k, st);
  /* A reference year's students, leavers and repayers are all in the run only when every
     entry year that can reach it is: eight years of study back from 2023-24. */
  if (x->sc.entry_first > STP_FIRST_YEAR || x->sc.entry_last < co.years.debt - 1)
    fprintf(stderr,
            "stipend calibrate: warning: entry years do not cover %d-%02d to %d-%02d: the "
            "reference years' students, leavers and repayers are incomplete\n",
            STP_FIRST_YEAR, (STP_FIRST_YEAR + 1) % 100, co.years.debt - 1, co.years.debt % 100);
  char f[16], l[16];
  stp_scenario_year_name(x->sc.entry_first, f, sizeof f);
  stp_scenario_year_name(x->sc.entry_last, l, sizeof l);

  if (cli_flag(cmd, a, "csv")) {
    printf("key,statistic,unit,year_kind,calendar_year,academic_year,published,simulated,"
           "std_error,gap_share,population,source,measured_as\n");
    for (int i = 0; i < n; i++) {
      printf("%s,", st[i].key);
      csv_text(st[i].statistic[0] == ' ' ? st[i].statistic + 2 : st[i].statistic);
      printf(",%s,", st[i].unit);
      print_year_columns(st[i].year);
      printf(",%.6g,", st[i].published);
      if (st[i].population > 0) {
        printf("%.6g,", st[i].simulated);
        if (!isnan(st[i].std_error)) printf("%.3g", st[i].std_error); /* empty: not estimated */
        printf(",%.4f,", st[i].simulated / st[i].published - 1);
      } else
        printf(",,,"); /* nobody in the population: no value */
      printf("%lld,", (long long)st[i].population);
      csv_text(st[i].source);
      putchar(',');
      csv_text(st[i].measured_as);
      putchar('\n');
    }
  } else {
    printf("%s: %lld students, entry years %s to %s, seed %llu\n\n", x->sc.name,
           (long long)k.students, f, l, (unsigned long long)x->sc.seed);
    printf("%-58s %-11s %9s %9s %7s %7s %7s  %s\n", "statistic", "year", "published",
           "simulated", "s.e.", "gap", "n", "source");
    for (int i = 0; i < n; i++) {
      printf("%-58s %-11s ", st[i].statistic, st[i].year);
      print_value(&st[i], st[i].published, 9);
      putchar(' ');
      print_value(&st[i], st[i].simulated, 9);
      putchar(' ');
      print_value(&st[i], st[i].std_error, 7);
      if (st[i].population > 0)
        printf(" %+6.1f%%", 100 * (st[i].simulated / st[i].published - 1));
      else
        printf(" %7s", "-");
      printf(" %7lld  %.*s\n", (long long)st[i].population, short_source(st[i].source),
             st[i].source);
    }
    printf("\nmeasured as:\n");
    for (int i = 0; i < n; i++) printf("  %-16s %s\n", st[i].key, st[i].measured_as);
    if (cli_flag(cmd, a, "detail"))
      print_detail(&k, co.years.debt, co.years.home, co.years.terminate);
  }
  stp_prepared_close(x);
  return 0;
}

const cli_command cli_cmd_calibrate = {
    "calibrate", "SCENARIO.ini [OPTIONS]",
    "run a calibration scenario and set its results beside the published statistics",
    "Draws and simulates the scenario's synthetic cohort (typically\n"
    "scenarios/calibration-2024.ini) and prints, for each statistic Lånekassen or SSB\n"
    "published (sources in docs/calibration.md), the published figure, the simulated one measured on\n"
    "the publisher's population (a year's leavers, students or repayers), its sampling\n"
    "standard error, the gap and the source. docs/calibration.md records a run and explains\n"
    "the gaps.",
    calibrate_opts, 1, 1, cmd_calibrate};
