/* backcast.c: Norway's figures of past years beside the published ones. */
#include "analytics/backcast.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/budget.h"
#include "analytics/compare.h"
#include "abroad.h"
#include "calibration.h"
#include "loanbook.h"
#include "population.h"

static double per(stp_money sum, int64_t n) {
  return n > 0 ? (double)sum / (double)n / 100.0 : NAN;
}

/* Past decisions costed as the Ministry costed them: the baseline's students under the rules
   without the decision (the decision's academic year only: policy_until), the difference in
   the appropriations of kap. 2410 outside lending (posts 50 to 74) in the budget year; a
   decision on the loan rate, which moves no appropriation but the interest coming in, by
   what it saves the state net (net_saving). */
typedef struct decision {
  const char *key, *figure;
  int budget_year;
  double published; /* NOK */
  const char *sets[5];
  const char *source;
  bool net_saving;
} decision;

static const decision decisions[] = {
    {"june_week3_2019",
     "the third June week of 2018-19 (10 months and 2 weeks to 10 months and 3 weeks), "
     "cost in the budget year (NOK)",
     2019, 165e6,
     {"run.base_year=2018-19", "run.policy_until=2018-19", "policy.extra_june_weeks=2"},
     "the Ministry on Prop. 1 S (2018-2019) via NTB, «en ekstrautgift på statsbudsjettet på "
     "165 millioner kroner», https://www.aftenbladet.no/innenriks/i/rLR0pw/"
     "Iselin-Nybo-vil-holde-tilbake-15-prosent-av-studiestipendet",
     false},
    {"eleven_months_2020",
     "the step from 10 months and 3 weeks to 11 months in 2019-20, cost in the budget year "
     "(NOK)",
     2020, 152e6,
     {"run.base_year=2019-20", "run.policy_until=2019-20", "policy.basic_support=110200",
      "policy.support_months=10", "policy.extra_june_weeks=3"},
     "the Ministry on Prop. 1 S (2019-2020) via NTB 06.10.2019, «foreslår 152 millioner kroner "
     "til å utvide støtteperioden med en fjerde uke», https://www.nettavisen.no/nyheter/"
     "na-blir-det-elleve-maneders-studiestotte/3423857465.html",
     false},
    {"support_10pct_2024",
     "the 2024 budget agreement: basic support +10 % from August 2024 instead of the "
     "proposed +3.8 %, cost in the budget year (NOK)",
     2024, 277e6,
     {"run.base_year=2024-25", "run.policy_until=2024-25", "policy.basic_support=143099"},
     "the budget agreement of 03.12.2023 via NPK-NTB, «Auka studiestøtte på 10 prosent frå 1. "
     "august 2024. (277 mill. kroner)», https://framtida.no/2023/12/04/"
     "aukar-studiestotte-med-ti-prosent-i-nytt-statsbudsjett ; the proposed +3.8 % (472 "
     "kroner a month), https://www.nrk.no/trondelag/"
     "dette-betyr-statsbudsjettet-for-deg-som-er-student-1.16585273",
     false},
    {"rate_deduction_2017",
     "Lånekassen's rate from 1 January 2017 with 0.15 points taken off the base rate instead "
     "of 0.5, for every borrower: net saving in the budget year (NOK)",
     2017, 277.9e6,
     {"economy.rate_shift=2017-01:-0.35"},
     "Prop. 1 S (2016-2017) via statsbudsjettet.no, Utdanningsstøtte – rente, «Forslaget gir en "
     "netto innsparing for staten på 277,9 millioner kroner», https://www.statsbudsjettet.no/"
     "Statsbudsjettet-2017/Statsbudsjettet-fra-A-til-A/Utdanningsstotte--rente/",
     true},
};
#define NDECISIONS ((int)(sizeof decisions / sizeof decisions[0]))

/* kap. 2410's appropriations outside lending (posts 50 to 74) in one year's items: what a
   decision adds to the budget as the Ministry costs it (post 90's loans are lending). */
static stp_money appropriations(const stp_money *it) {
  return it[STP_BI_PROVISION_PROP1S] + it[STP_BI_OTHER_GRANTS] + it[STP_BI_ABROAD_GRANTS] +
         it[STP_BI_INTEREST_SUBSIDY] + it[STP_BI_INTEREST_RELIEF] + it[STP_BI_WRITE_OFFS] +
         it[STP_BI_LOSSES];
}

/* Each decision undone: the same file and students, the rules of its year without it. */
static int prepare_decisions(stp_prepared *x, const char *path, const stp_prepare_opts *prep,
                             stp_prepared **xd, stp_error *err) {
  enum { MAXSETS = 64 };
  int rc = STP_OK;
  for (int d = 0; d < NDECISIONS && rc == STP_OK; d++) {
    const char *sets[MAXSETS + 5];
    stp_prepare_opts o = *prep;
    if (o.nsets > MAXSETS) return stp_fail(err, STP_EINVAL, "too many --set");
    memcpy(sets, o.sets, (size_t)o.nsets * sizeof sets[0]);
    for (int i = 0; i < 5 && decisions[d].sets[i]; i++) sets[o.nsets++] = decisions[d].sets[i];
    o.sets = sets;
    o.deciles = x->ctx.earn_deciles;
    o.cohort_of = x;
    rc = stp_prepared_open(path, NULL, &o, &xd[d], err);
  }
  return rc;
}

/* Lånekassen's portfolio at the end of year y as the model has it (NOK): the loan book of
   the students and the initial loan book (budget item loan_book), and what the group models
   beside the population borrowed from 2016 on less the most of it that converts to a grant:
   Norway's degree students abroad (abroad.h), the vocational colleges and folk high schools
   (othered.h). The group models repay nothing, so that part is an upper bound for those who
   have finished (docs/backcasts.md). */
static double portfolio(const stp_budget *b, const stp_budget_flows *f, int y) {
  stp_money groups = 0;
  for (int t = 0; t <= y - STP_CF_FIRST; t++)
    groups += f->abroad_loans[t] - f->abroad_convertible[t] + f->other_loans[t] -
              f->other_convertible[t];
  return (double)(b->year[y - STP_CF_FIRST][STP_BI_LOAN_BOOK] + groups) / 100.0;
}

/* kap. 5617 of year y as the budget books it: Lånekassen's floating rate on the whole
   portfolio, the debt of borrowers in repayment and the interest-free debt of students
   (whose interest the state pays through kap. 2410 post 72, rentestøtte), not only the
   interest charged to borrowers: the year's mean monthly rate times the mean of the
   portfolio at the end of y - 1 and of y (NOK). docs/backcasts.md gives the published
   figures this reading rests on. */
static double kap5617(const stp_budget *b, const stp_budget_flows *f, const stp_economy *e,
                      int y) {
  double rate = 0;
  for (int m = 0; m < 12; m++) rate += e->rate[(y - STP_FIRST_YEAR) * 12 + m];
  return rate / 12.0 * (portfolio(b, f, y - 1) + portfolio(b, f, y)) / 2.0;
}

static void table_of(const stp_calib_counts *k, const stp_budget *bud,
                     const stp_budget_flows *flows, const stp_abroad *abroad,
                     const stp_economy *econ, stp_money basic_beside_2022,
                     int64_t other_recipients_2018, int64_t pupils, stp_backcasts *out) {
  int64_t debtors_2018 = flows->debtors[2018 - STP_CF_FIRST];
  const stp_money *y17 = bud[0].year[2017 - STP_CF_FIRST];
#define NAT(arr, y) ((arr)[(y) - STP_FIRST_YEAR])
  static const char *const nso17 =
      "NSO quoting Prop. 1 S (2016-2017), http://student.no/statsbudsjett/sb17-studiestotte/";
  static const char *const covid_src =
      "Lånekassen 30.06.2022, students and pupils, "
      "https://lanekassen.no/nn-NO/presse-og-samfunnskontakt/nyheiter/"
      "farre-studenter-enn-forventet-mistet-inntekt-grunnet-korona/";
  static const char *const prop22 =
      "Prop. 22 S (2021-2022), kap. 2410 post 50, students and pupils, as quoted in Dokument "
      "nr. 15:537 (2021-2022), https://stortinget.no/no/Saker-og-publikasjoner/Sporsmal/"
      "Skriftlige-sporsmal-og-svar/Skriftlig-sporsmal/?qid=86952";
  static const char *const debt_src =
      "Lånekassen via Finansavisen 12.06.2025, https://www.finansavisen.no/personlig-okonomi/"
      "2025/06/12/8270785/studiegjelden-stiger-misligholdet-faller ; Lånekassen, "
      "https://lanekassen.no/nn-NO/presse-og-samfunnskontakt/nyheiter/"
      "flere-far-over-1-million-i-studiegjeld/";
  static const char *const about_src =
      "Lånekassen, About the Norwegian State Educational Loan Fund (end of 2018), "
      "https://www.lanekassen.no/nb-NO/Languages/About-the-Norwegian-State-Educational-Loan-Fund-/";
  enum { NROWS = 18 }; /* the rows before the past decisions */
  /* stp_backcast without its tolerance, set below by the kind of row */
  const struct {
    const char *key, *figure;
    char year[16];
    double published, model;
    const char *source;
  } t[NROWS] = {
      {"post50_2017",
       "kap. 2410 post 50, provision for conversion at payout, the rates of Prop. 1 S (NOK)", "2017",
       6574149000.0, (double)(y17[STP_BI_PROVISION_PROP1S]) / 100.0, nso17},
      {"post50_model_2017",
       "kap. 2410 post 50 on the conversion of the model itself, students in Norway (NOK)", "2017",
       6574149000.0, (double)(y17[STP_BI_PROVISION]) / 100.0, nso17},
      {"post90_2017", "kap. 2410 post 90, new loans and unpaid interest (NOK)", "2017",
       26045183000.0,
       (double)(y17[STP_BI_LOANS_PAID_OUT] + y17[STP_BI_ABROAD_LOANS] +
                y17[STP_BI_OTHER_LOANS] + y17[STP_BI_INTEREST_UNPAID] +
                y17[STP_BI_BOOK_INTEREST_UNPAID]) / 100.0,
       nso17},
      {"students", "students at Norwegian universities and colleges (students)", "2021-22",
       304900.0, (double)NAT(k->nat_enrolled, 2021),
       "SSB via Forskningsrådet, Indikatorrapporten (autumn 2021; entrants_scale is set to it), "
       "https://www.forskningsradet.no/indikatorrapporten/indikatorrapporten-dokument/"
       "menneskelige-ressurser/utdanning/"},
      {"recipients", "higher-education students with support, in Norway or abroad (students)",
       "2021-22", 210000.0,
       (double)(NAT(k->nat_recipients, 2021) + stp_abroad_students(abroad, 2021, NULL)),
       "Lånekassen, Utdanningsstøtten 2022 - tall og fakta, https://lanekassen.no/en-US/"
       "statistikk-og-analyse/innsikt-og-analyse/utdanningsstotten-2022---tall-og-fakta/"},
      {"basic_loan",
       "basic loan awarded: higher education in Norway and abroad, vocational colleges, folk "
       "high schools (NOK)",
       "2022-23", 27.3e9, (double)(NAT(k->nat_basic, 2022) + basic_beside_2022) / 100.0,
       "Lånekassen, bukontroll, https://lanekassen.no/nn-NO/presse-og-samfunnskontakt/"
       "nyheiter/lanekassen-med-bukontroll/"},
      {"loan_30plus", "students over 30 with the 30+ loan (students)", "2020-21", 20000.0,
       (double)NAT(k->nat_loan_30plus, 2020),
       "Lånekassen 15.04.2021, Lånekassen gir ekstra støtte til vaksne som vil studere, "
       "https://lanekassen.no/nn-NO/presse-og-samfunnskontakt/nyheiter/"
       "lanekassen-gir-ekstra-stotte-til-vaksne-som-vil-studere/"},
      {"covid_users_2020", "COVID extra loan, spring 2020: users (students)", "2019-20", 49500.0,
       (double)NAT(k->nat_covid_users, 2019), covid_src},
      {"covid_users_2021", "COVID extra loan, spring 2021: users (students)", "2020-21", 41780.0,
       (double)NAT(k->nat_covid_users, 2020), prop22},
      {"covid_provision_2021", "COVID extra loan, spring 2021: convertible, post 50 (NOK)",
       "2020-21", 434e6, (double)NAT(k->nat_covid_convertible, 2020) / 100.0, prop22},
      {"covid_converted_2021", "COVID extra loan, spring 2021: converted (NOK)", "2020-21",
       17800.0 * 10400.0, (double)NAT(k->nat_covid_converted, 2020) / 100.0,
       "derived: 17 800 who documented the loss of income x NOK 10 400, Lånekassen 30.06.2022, "
       "https://lanekassen.no/nn-NO/presse-og-samfunnskontakt/nyheiter/"
       "farre-studenter-enn-forventet-mistet-inntekt-grunnet-korona/"},
      {"debt_2022", "mean debt at the end of higher education, studied in Norway (NOK)", "2022",
       389000.0, per(NAT(k->nat_debt, 2022), NAT(k->nat_leavers, 2022)), debt_src},
      {"debt_2023", "mean debt at the end of higher education, all (NOK)", "2023", 427000.0,
       per(NAT(k->nat_debt, 2023), NAT(k->nat_leavers, 2023)), debt_src},
      {"debt_2024", "mean debt at the end of higher education, studied in Norway (NOK)", "2024",
       434000.0, per(NAT(k->nat_debt, 2024), NAT(k->nat_leavers, 2024)), debt_src},
      /* the whole book: the population's students and the initial loan book */
      {"interest_2023",
       "kap. 5617 interest: the loan rate on the whole portfolio, borrowers' and "
       "interest-free (NOK)",
       "2023", 9.1e9, kap5617(&bud[0], flows, econ, 2023),
       "E24 via Adresseavisen 24.01.2024, https://www.adressa.no/nyheter/innenriks/i/15EdXl/"
       "laanekassen-mer-enn-doblet-renteinntektene-i-2023"},
      {"portfolio_2018", "Lånekassen's portfolio at the end of the year (NOK)", "2018", 183.9e9,
       portfolio(&bud[0], flows, 2018), about_src},
      {"borrowers_2018",
       "customers at the end of the year (the model: borrowers owing; those with support "
       "abroad, at vocational colleges and folk high schools; pupils with support, 2021-22's "
       "count)",
       "2018", 1110400.0,
       (double)(debtors_2018 + stp_abroad_students(abroad, 2018, NULL) + other_recipients_2018 +
                pupils),
       about_src},
      {"borrowers_2018_he",
       "customers of higher education: owing, or with support in Norway or abroad (borrowers)",
       "2018", 1110400.0 - 220000.0,
       (double)(debtors_2018 + stp_abroad_students(abroad, 2018, NULL)),
       "derived: Lånekassen's 1 110 400 customers at the end of 2018 (customers are those who "
       "get support or repay: Lånekassen, Utdanningsstøtten 2022 - tall og fakta) less the "
       "220 000 pupils and other students outside higher education with support (430 000 with "
       "support in 2021-22, 210 000 of them in higher education: same), "
       "https://www.lanekassen.no/nb-NO/Languages/About-the-Norwegian-State-Educational-Loan-"
       "Fund-/ ; https://lanekassen.no/en-US/statistikk-og-analyse/innsikt-og-analyse/"
       "utdanningsstotten-2022---tall-og-fakta/"},
  };
#undef NAT
  /* The tolerances docs/backcasts.md states (and the tests hold): the population's counts and
     the mean debt ±5 %, the money of the budget and of the loan book ±10 %. */
  for (int i = 0; i < NROWS; i++) {
    const char *k = t[i].key;
    bool tight = !strcmp(k, "students") || !strcmp(k, "recipients") || !strncmp(k, "debt_", 5);
    out->row[i] = (stp_backcast){.key = k, .figure = t[i].figure, .published = t[i].published,
                                 .model = t[i].model, .tol = tight ? 0.05 : 0.10,
                                 .source = t[i].source};
    memcpy(out->row[i].year, t[i].year, sizeof t[i].year);
  }
  for (int d = 0; d < NDECISIONS; d++) {
    int i = decisions[d].budget_year - STP_CF_FIRST;
    stp_backcast *b = &out->row[NROWS + d];
    const stp_money *with = bud[0].year[i], *without = bud[1 + d].year[i];
    stp_money v = decisions[d].net_saving
                      ? without[STP_BI_NET_COST_BUDGET] - with[STP_BI_NET_COST_BUDGET]
                      : appropriations(with) - appropriations(without);
    /* a past decision: ±30 %, the Ministry's figure being itself an estimate */
    *b = (stp_backcast){.key = decisions[d].key, .figure = decisions[d].figure,
                        .published = decisions[d].published, .model = (double)v / 100.0,
                        .tol = 0.30, .source = decisions[d].source};
    snprintf(b->year, sizeof b->year, "%d", decisions[d].budget_year);
  }
  out->n = NROWS + NDECISIONS;
}

int stp_backcasts_run(stp_prepared *x, const char *path, const stp_prepare_opts *prep,
                      int threads, stp_backcasts *out, stp_error *err) {
  memset(out, 0, sizeof *out);
  stp_prepared *xs[1 + NDECISIONS] = {x};
  stp_calibration *cal = malloc(sizeof *cal);
  stp_budget_params *bp = malloc(sizeof *bp);
  stp_budget *bud = malloc((1 + NDECISIONS) * sizeof *bud);
  stp_compare cmp = {0};
  int rc = cal && bp && bud ? STP_OK : stp_fail(err, STP_ENOMEM, "out of memory");
  if (rc == STP_OK) rc = prepare_decisions(x, path, prep, xs + 1, err);
  if (rc == STP_OK) rc = stp_calibration_run(x, threads, cal, err);
  if (rc == STP_OK) rc = stp_budget_params_load(x->datasets, bp, err);
  if (rc == STP_OK) rc = stp_compare_prepared(xs, 1 + NDECISIONS, threads, false, &cmp, err);
  if (rc == STP_OK) {
    stp_budget_rates r = stp_budget_rates_of(&x->sc, bp->tax_rate, stp_scenario_pv_year(&x->sc));
    r.provision_reduction = bp->provision_reduction;
    for (int s = 0; s < 1 + NDECISIONS; s++)
      stp_budget_compute(cmp.flows[s], &r, x->sc.entry_last - x->sc.entry_first + 1, &bud[s]);
    out->simulated = cmp.students;
    /* Lånekassen's basic loan awarded is every customer's: the groups counted beside the
       population (degree students abroad, vocational colleges, folk high schools) too */
    stp_money beside = stp_abroad_year_basic(stp_pop_sample_abroad(x->sample), x->p, 2022) +
                       stp_other_year_basic(stp_pop_sample_other(x->sample), x->p, 2022);
    /* Lånekassen's customers include those with support outside the population: the
       degree students abroad and the vocational colleges' and folk high schools' recipients
       of autumn 2018 */
    int64_t others = 0;
    for (int g = 0; g < STP_OTHER_GROUPS; g++)
      others += stp_other_recipients(stp_pop_sample_other(x->sample), g, 2018);
    /* and the pupils with support, a count without money (datasets/loanbook) */
    int64_t pupils = x->book ? stp_loanbook_pupils(x->book) : 0;
    table_of(&cal->k, bud, cmp.flows[0], stp_pop_sample_abroad(x->sample), &x->econ, beside,
             others, pupils, out);
  }
  stp_compare_free(&cmp);
  for (int d = 0; d < NDECISIONS; d++) stp_prepared_close(xs[1 + d]);
  free(cal);
  free(bp);
  free(bud);
  return rc;
}

void stp_backcasts_print(FILE *f, const stp_backcasts *b, const stp_scenario *sc, bool csv) {
  const stp_backcast *t = b->row;
  if (csv)
    fprintf(f, "key,figure,year_kind,calendar_year,academic_year,published,model,"
               "tolerance_share,gap_share,source\n");
  else {
    char first[16], last[16];
    fprintf(f, "%s for Norway: entrants %s to %s, a sample of %ld (share %g), seed %llu\n\n",
            sc->name, stp_scenario_year_name(sc->entry_first, first, sizeof first),
            stp_scenario_year_name(sc->entry_last, last, sizeof last), b->simulated, sc->sample,
            (unsigned long long)sc->seed);
    fprintf(f, "%-68s %-8s %15s %15s %7s %4s  %s\n", "figure", "year", "published", "model",
            "gap", "tol", "source");
  }
  bool outside = false;
  for (int i = 0; i < b->n; i++) {
    double gap = t[i].model / t[i].published - 1;
    if (csv) {
      fprintf(f, "%s,", t[i].key);
      stp_calib_quoted(f, t[i].figure);
      fputc(',', f);
      stp_calib_year_columns(f, t[i].year);
      fprintf(f, ",%.0f,%.0f,%.6f,%.4f,", t[i].published, t[i].model, t[i].tol, gap);
      stp_calib_quoted(f, t[i].source);
      fputc('\n', f);
    } else {
      bool out = !(fabs(gap) <= t[i].tol);
      outside |= out;
      fprintf(f, "%-68s %-8s %15.0f %15.0f %+6.1f%% %3.0f%%%s %.*s\n", t[i].figure, t[i].year,
              t[i].published, t[i].model, 100 * gap, 100 * t[i].tol, out ? "*" : " ",
              stp_calib_source_name(t[i].source), t[i].source);
    }
  }
  if (!csv && outside)
    fprintf(f, "\ntol: the gap each row aims within, either way; * outside it: the gap is "
               "measured and explained in docs/backcasts.md, under the row's figure\n");
}
