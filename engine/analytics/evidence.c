/* evidence.c: the figures of each reform, once, then written three ways (evidence.csv exact,
   evidence.md and the printed table rounded for reading). */
#include "analytics/evidence.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "figures.h"
#include "scenario.h"

typedef enum { U_MILLION, U_NOK, U_NOK_MONTH, U_SHARE } unit;

/* One figure of a reform: baseline, reform and change, or (a change measure) the change
   alone. */
typedef struct figure {
  const char *measure; /* key in evidence.csv */
  int year;            /* for the text: the calendar, academic (start) or prices year its
                          measure names; 0 if none. evidence.csv gives all of them in their
                          own columns, the measure's name says which applies. */
  unit u;
  char label[128];
  bool has_values;     /* baseline and reform values (else only the change) */
  bool undefined;      /* a mean over nobody: empty in evidence.csv, n/a in the table */
  int64_t students;    /* of a share of students: how many (shown beside the share) */
  stp_money base, reform, change; /* øre (money) */
  double sbase, sreform, schange; /* shares; NaN if undefined */
} figure;

#define MAX_FIGURES STP_EVIDENCE_MEASURES

static figure *money(figure *f, const char *measure, int year, unit u, stp_money b, stp_money r) {
  *f = (figure){.measure = measure, .year = year, .u = u, .has_values = true, .base = b,
                .reform = r, .change = r - b};
  return f;
}

static figure *share(figure *f, const char *measure, int year, double b, double r) {
  *f = (figure){.measure = measure, .year = year, .u = U_SHARE, .has_values = true, .sbase = b,
                .sreform = r, .schange = r - b};
  return f;
}

static double ratio(int64_t num, int64_t den) { return den > 0 ? (double)num / (double)den : NAN; }

/* The summary figure debt_end_study_mean_nok of group g (figures.h); 0 without borrowers. */
static stp_money mean_debt(const stp_group_acc *g) {
  stp_figures h;
  stp_figures_of(g, &h);
  const stp_figure *f = &h.f[stp_figure_find("debt_end_study_mean_nok")];
  return f->empty ? 0 : f->exact;
}

/* A budget item of one calendar year (0 outside the budget's years), NOK million. */
static figure *year_item(figure *f, const char *measure, int year, int item,
                         const stp_budget *bb, const stp_budget *rb) {
  int i = year - STP_CF_FIRST;
  bool in = i >= 0 && i < STP_CF_YEARS;
  return money(f, measure, year, U_MILLION, in ? bb->year[i][item] : 0,
               in ? rb->year[i][item] : 0);
}

/* The figures of reform k. */
static int figures(const stp_evidence *e, int k, figure *out) {
  const stp_evidence_scenario *b = &e->sc[0], *r = &e->sc[k];
  const stp_evidence_support *sp = &e->support[k];
  const stp_budget *bb = b->budget, *rb = r->budget;
  int y0 = r->base_year, y1 = y0 + 1, pvy = bb->rates.pv_year;
  char ay[16];
  stp_scenario_year_name(sp->year, ay, sizeof ay);
  int n = 0;
  figure *f;
  f = year_item(&out[n++], "first_budget_year_cost", y0, STP_BI_NET_COST_BUDGET, bb, rb);
  snprintf(f->label, sizeof f->label,
           "Cost in the first budget year, %d (from August; as the budget books it)", y0);
  f = year_item(&out[n++], "full_year_effect", y1, STP_BI_NET_COST_BUDGET, bb, rb);
  snprintf(f->label, sizeof f->label,
           "Full-year effect (helårseffekt): %d, the reform in place all year", y1);
  f = money(&out[n++], "net_cost_pv", pvy, U_MILLION, bb->pv[STP_BI_NET_COST],
            rb->pv[STP_BI_NET_COST]);
  snprintf(f->label, sizeof f->label,
           "Net cost over the students' lives, present value (%d NOK)", pvy);
  f = money(&out[n++], "net_cost_first_year", y0, U_MILLION, stp_budget_net_cost(bb, y0),
            stp_budget_net_cost(rb, y0));
  snprintf(f->label, sizeof f->label,
           "Net cost to the state in %d (from August), conversion booked when it happens", y0);
  f = money(&out[n++], "net_cost_full_year", y1, U_MILLION, stp_budget_net_cost(bb, y1),
            stp_budget_net_cost(rb, y1));
  snprintf(f->label, sizeof f->label,
           "Net cost to the state in %d, conversion booked when it happens", y1);
  int64_t students = e->students > 0 ? e->students : 1;
  f = money(&out[n++], "cost_per_student_pv", pvy, U_NOK,
            stp_div_round(bb->pv[STP_BI_NET_COST], students),
            stp_div_round(rb->pv[STP_BI_NET_COST], students));
  snprintf(f->label, sizeof f->label, "Net cost per student, present value (%d NOK)", pvy);
  f = year_item(&out[n++], "loans_paid_out_full_year", y1, STP_BI_LOANS_PAID_OUT, bb, rb);
  snprintf(f->label, sizeof f->label,
           "Support paid out as loan in %d, students in Norway (in kap. 2410 post 90)", y1);
  f = year_item(&out[n++], "provision_full_year", y1, STP_BI_PROVISION, bb, rb);
  snprintf(f->label, sizeof f->label,
           "Conversion provided for at payout in %d, the model's expectation (post 50 "
           "sets it with Prop. 1 S's rates)", y1);
  f = year_item(&out[n++], "grants_full_year", y1, STP_BI_GRANTS, bb, rb);
  snprintf(f->label, sizeof f->label, "Loan converted to grant in %d, when it happens (5310.93)",
           y1);
  f = share(&out[n++], "subsidy_rate", pvy, bb->subsidy_rate, rb->subsidy_rate);
  snprintf(f->label, sizeof f->label,
           "Subsidy rate: share of the loan outlay not repaid (PV at %.1f %% a year)",
           100 * bb->sens_discount[bb->rates.social ? STP_SENS_SOCIAL : STP_SENS_COST_OF_FUNDS]);
  /* the same at the other discount rates: the choice of rate moves it most */
  static const char *sens_name[STP_BUDGET_SENS] = {
      "subsidy_rate_cost_of_funds", "subsidy_rate_cost_of_funds_low",
      "subsidy_rate_cost_of_funds_high", "subsidy_rate_social"};
  static const char *sens_what[STP_BUDGET_SENS] = {
      "the state's cost of funds", "cost of funds - 1 point", "cost of funds + 1 point",
      "the social rate of R-109"};
  for (int q = 0; q < STP_BUDGET_SENS; q++) {
    if (q == (bb->rates.social ? STP_SENS_SOCIAL : STP_SENS_COST_OF_FUNDS)) continue;
    f = share(&out[n++], sens_name[q], pvy, bb->sens_subsidy_rate[q], rb->sens_subsidy_rate[q]);
    snprintf(f->label, sizeof f->label, "Subsidy rate at %.1f %% a year (%s)",
             100 * bb->sens_discount[q], sens_what[q]);
  }
  f = money(&out[n++], "basic_support_month", sp->year, U_NOK_MONTH, sp->base_month,
            sp->reform_month);
  snprintf(f->label, sizeof f->label, "Basic support a month, full-time, %s", ay);
  f = money(&out[n++], "grant_month_living_away", sp->year, U_NOK_MONTH,
            stp_mul_rate(sp->base_month, sp->base_grant_share),
            stp_mul_rate(sp->reform_month, sp->reform_grant_share));
  snprintf(f->label, sizeof f->label, "of which can become a grant, living away, %s", ay);
  const stp_group_acc *ba = &b->agg->g[STP_GROUP_HOME0], *ra = &r->agg->g[STP_GROUP_HOME0];
  f = money(&out[n++], "debt_end_study_mean_away", 0, U_NOK, mean_debt(ba), mean_debt(ra));
  snprintf(f->label, sizeof f->label, "Debt at end of study, mean of borrowers living away");
  f = money(&out[n++], "debt_end_study_mean", 0, U_NOK, mean_debt(&b->agg->g[STP_GROUP_ALL]),
            mean_debt(&r->agg->g[STP_GROUP_ALL]));
  snprintf(f->label, sizeof f->label, "Debt at end of study, mean of all borrowers");
  const stp_gain_acc *g = &e->cmp->gain[k][STP_GROUP_ALL];
  f = &out[n++];
  *f = (figure){.measure = "better_off_share", .u = U_SHARE,
                .schange = ratio(g->winners, g->students), .students = g->winners};
  snprintf(f->label, sizeof f->label, "Students better off");
  f = &out[n++];
  *f = (figure){.measure = "worse_off_share", .u = U_SHARE,
                .schange = ratio(g->losers, g->students), .students = g->losers};
  snprintf(f->label, sizeof f->label, "Students worse off");
  f = &out[n++];
  *f = (figure){.measure = "winners_mean_gain", .year = pvy, .u = U_NOK,
                .change = g->winners ? stp_div_round(g->gains, g->winners) : 0, .undefined = g->winners == 0};
  snprintf(f->label, sizeof f->label, "Mean gain of those better off, present value (%d NOK)",
           pvy);
  f = &out[n++];
  *f = (figure){.measure = "losers_mean_loss", .year = pvy, .u = U_NOK,
                .change = g->losers ? stp_div_round(g->losses, g->losers) : 0, .undefined = g->losers == 0};
  snprintf(f->label, sizeof f->label, "Mean loss of those worse off, present value (%d NOK)",
           pvy);
  f = &out[n++];
  *f = (figure){.measure = "mean_change", .year = pvy, .u = U_NOK,
                .change = g->students ? stp_div_round(g->change, g->students) : 0, .undefined = g->students == 0};
  snprintf(f->label, sizeof f->label, "Mean change per student, present value (%d NOK)", pvy);
  return n;
}

int stp_evidence_changes(const stp_evidence *e, int k, double out[STP_EVIDENCE_MEASURES]) {
  figure fig[MAX_FIGURES];
  int n = figures(e, k, fig);
  for (int i = 0; i < n; i++) {
    const figure *x = &fig[i];
    if (x->u == U_SHARE) out[i] = x->schange;
    else out[i] = x->undefined ? NAN : (double)x->change / 100.0;
  }
  return n;
}

static bool replicated(const stp_evidence *e, int k, int i) {
  return e->replications > 1 && !isnan(e->lo[k][i]) && !isnan(e->hi[k][i]);
}

/* ---- formatting ---- */

/* |v| with a blank between thousands, then `decimals` digits of v / 10^decimals. */
static void grouped(char *buf, size_t n, long long v, int decimals, bool plus) {
  char digits[40], out[64];
  unsigned long long a = v < 0 ? (unsigned long long)(-(v + 1)) + 1 : (unsigned long long)v;
  unsigned long long p = 1;
  for (int i = 0; i < decimals; i++) p *= 10;
  snprintf(digits, sizeof digits, "%llu", a / p);
  size_t len = strlen(digits), o = 0;
  if (v < 0) out[o++] = '-';
  else if (plus && v > 0) out[o++] = '+';
  for (size_t i = 0; i < len; i++) {
    if (i > 0 && (len - i) % 3 == 0) out[o++] = ' ';
    out[o++] = digits[i];
  }
  out[o] = '\0';
  if (decimals > 0) {
    char frac[24];
    unsigned long long r = a % p;
    for (int i = decimals - 1; i >= 0; i--, r /= 10) frac[i] = (char)('0' + r % 10);
    frac[decimals] = '\0';
    snprintf(buf, n, "%s.%s", out, frac);
  } else {
    snprintf(buf, n, "%s", out);
  }
}

static void fmt_money(char *buf, size_t n, stp_money v, unit u, bool plus) {
  if (u == U_MILLION) grouped(buf, n, stp_div_round(v, 10000000), 1, plus); /* 0.1 million */
  else grouped(buf, n, stp_div_round(v, 100), 0, plus);                     /* whole kroner */
}

static void fmt_share(char *buf, size_t n, double v, bool plus) {
  if (isnan(v)) snprintf(buf, n, "n/a");
  else if (plus) snprintf(buf, n, "%+.1f pp", 100 * v);
  else snprintf(buf, n, "%.1f %%", 100 * v);
  if (strcmp(buf, "-0.0 pp") == 0 || strcmp(buf, "+0.0 pp") == 0) snprintf(buf, n, "0.0 pp");
}

static const char *unit_md(unit u) {
  switch (u) {
  case U_MILLION: return "NOK million";
  case U_NOK: return "NOK";
  case U_NOK_MONTH: return "NOK/month";
  default: return "";
  }
}

/* A figure by its measure name: the sentence must not depend on where figures() puts it (it
   once took the support a month and the debt by position, and read a subsidy rate and the
   support after the table grew). */
static const figure *by_measure(const figure *fig, int n, const char *measure) {
  for (int i = 0; i < n; i++)
    if (strcmp(fig[i].measure, measure) == 0) return &fig[i];
  return NULL;
}

static void print_sentence(FILE *f, const stp_evidence *e, int k, const figure *fig, int n) {
  char a[48], b[48], c[48], m[48], d[48];
  const figure *y0 = by_measure(fig, n, "first_budget_year_cost"),
               *y1 = by_measure(fig, n, "full_year_effect"),
               *pv = by_measure(fig, n, "net_cost_pv"),
               *sup = by_measure(fig, n, "basic_support_month"),
               *debt = by_measure(fig, n, "debt_end_study_mean_away");
  if (!y0 || !y1 || !pv || !sup || !debt) return; /* figures() always makes all five */
  fmt_money(a, sizeof a, llabs(y0->change), U_MILLION, false);
  fmt_money(b, sizeof b, llabs(y1->change), U_MILLION, false);
  fmt_money(c, sizeof c, llabs(pv->change), U_MILLION, false);
  fmt_money(m, sizeof m, llabs(sup->change), U_NOK, false);
  fmt_money(d, sizeof d, llabs(debt->change), U_NOK, false);
  char ay[16];
  stp_scenario_year_name(sup->year, ay, sizeof ay);
  /* One verb when the two years agree (a first year with no change takes the full year's),
     else one each: a reform from January of the second year saves nothing in the first. */
  const char *v1 = y1->change >= 0 ? "costs" : "saves";
  const char *v0 = y0->change > 0 ? "costs" : y0->change < 0 ? "saves" : v1;
  fprintf(f, "%s %s the state NOK %s million in the %d budget (from August) and %s%sNOK %s "
             "million in a full year (%d), as the budget books it%s; ",
          e->sc[k].name, v0, a, y0->year, v0 == v1 ? "" : v1, v0 == v1 ? "" : " ", b,
          y1->year, e->sample > 0 ? ", for Norway" : "");
  fprintf(f, "over the students' lives it %s NOK %s million in present value (%d kroner). ",
          pv->change >= 0 ? "costs" : "saves", c, pv->year);
  if (sup->change != 0)
    fprintf(f, "A full-time student gets NOK %s %s a month in %s. ", m,
            sup->change > 0 ? "more" : "less", ay);
  else fprintf(f, "Basic support a month is unchanged in %s. ", ay);
  if (debt->change != 0)
    fprintf(f, "A borrower living away leaves study with NOK %s %s debt on average.", d,
            debt->change > 0 ? "more" : "less");
  else fprintf(f, "Debt at the end of study is unchanged for borrowers living away.");
  fputc('\n', f);
}

/* The 95 % interval of figure i of reform k as the table shows it ("" without one). */
static void fmt_interval(char *buf, size_t n, const stp_evidence *e, int k, int i,
                         const figure *x) {
  buf[0] = '\0';
  if (!replicated(e, k, i)) return;
  char a[48], b[48];
  if (x->u == U_SHARE) {
    fmt_share(a, sizeof a, e->lo[k][i], x->has_values);
    fmt_share(b, sizeof b, e->hi[k][i], x->has_values);
  } else {
    fmt_money(a, sizeof a, (stp_money)llround(e->lo[k][i] * 100), x->u, true);
    fmt_money(b, sizeof b, (stp_money)llround(e->hi[k][i] * 100), x->u, true);
  }
  snprintf(buf, n, "%s to %s", a, b);
}

static void print_table(FILE *f, const stp_evidence *e, int k, const figure *fig, int n) {
  bool ci = e->replications > 1;
  fprintf(f, "| Figure | Unit | Baseline | Reform | Change |%s\n|---|---|--:|--:|--:|%s\n",
          ci ? " 95 % interval |" : "", ci ? "--:|" : "");
  for (int i = 0; i < n; i++) {
    const figure *x = &fig[i];
    char b[48] = "", r[48] = "", c[96], iv[112];
    if (x->u == U_SHARE) {
      if (x->has_values) {
        fmt_share(b, sizeof b, x->sbase, false);
        fmt_share(r, sizeof r, x->sreform, false);
        fmt_share(c, sizeof c, x->schange, true);
      } else {
        char sh[32], cnt[32];
        fmt_share(sh, sizeof sh, x->schange, false);
        grouped(cnt, sizeof cnt, x->students, 0, false);
        snprintf(c, sizeof c, "%s (%s)", sh, cnt);
      }
    } else {
      if (x->has_values) {
        fmt_money(b, sizeof b, x->base, x->u, false);
        fmt_money(r, sizeof r, x->reform, x->u, false);
      }
      if (x->undefined) snprintf(c, sizeof c, "n/a");
      else fmt_money(c, sizeof c, x->change, x->u, x->has_values);
    }
    fprintf(f, "| %s | %s | %s | %s | %s |", x->label, x->u == U_SHARE ? "" : unit_md(x->u), b,
            r, c);
    if (ci) {
      fmt_interval(iv, sizeof iv, e, k, i, x);
      fprintf(f, " %s |", iv);
    }
    fputc('\n', f);
  }
  if (ci)
    fprintf(f, "\nThe change is that of the first comparison; the 95 %% interval is the "
               "t-interval of the mean change over %d replications (each on its own students, "
               "evidence.csv's difference_mean).\n",
            e->replications);
}

static void print_facts(FILE *f, const stp_evidence *e) {
  char a[16], b[16];
  stp_scenario_year_name(e->entry_first, a, sizeof a);
  stp_scenario_year_name(e->entry_last, b, sizeof b);
  char n[32];
  grouped(n, sizeof n, e->students, 0, false);
  if (e->sample > 0) {
    char m[32];
    grouped(m, sizeof m, e->simulated, 0, false);
    fprintf(f, "%s; Norway: %s students entering %s to %s, simulated as a sample of %s "
               "(share %g) weighted to national totals, seed %llu, the same students in every "
               "scenario",
            e->version, n, a, b, m, e->sample, (unsigned long long)e->seed);
    if (e->book_borrowers > 0) {
      char k[32], s[32], q[32];
      grouped(k, sizeof k, e->book_borrowers - e->book_pipeline, 0, false);
      grouped(q, sizeof q, e->book_pipeline, 0, false);
      grouped(s, sizeof s, e->book_simulated, 0, false);
      fprintf(f, "; the budget figures include the initial loan book, %s borrowers in "
                 "repayment in January 2016 and %s who had left education without a bill "
                 "yet (a sample of %s, docs/loanbook.md)",
              k, q, s);
    }
    fprintf(f, ".\n");
    return;
  }
  fprintf(f, "%s; %s students entering %s to %s, seed %llu, the same students in every "
             "scenario; %s.\n",
          e->version, n, a, b, (unsigned long long)e->seed,
          e->microdata ? "students from a microdata file" : "synthetic students");
}

void stp_evidence_print(FILE *f, const stp_evidence *e, bool full) {
  if (full) {
    fprintf(f, "# Evidence: ");
    for (int k = 1; k < e->nscen; k++) fprintf(f, "%s%s", k > 1 ? ", " : "", e->sc[k].name);
    fprintf(f, " against %s\n\n", e->sc[0].name);
  }
  print_facts(f, e);
  for (int k = 1; k < e->nscen; k++) {
    figure fig[MAX_FIGURES];
    int n = figures(e, k, fig);
    fprintf(f, "\n## %s against %s\n\n", e->sc[k].name, e->sc[0].name);
    if (full && e->sc[k].description[0]) fprintf(f, "%s\n\n", e->sc[k].description);
    print_sentence(f, e, k, fig, n);
    fputc('\n', f);
    print_table(f, e, k, fig, n);
  }
  if (!full) return;
  const stp_budget_rates *r = &e->sc[0].budget->rates;
  char pv_basis[160];
  if (r->social)
    snprintf(pv_basis, sizeof pv_basis,
             "at %.1f %% a year real with %.1f %% price growth (the baseline's [economy] "
             "discount = social: discount_rate and price_growth, R-109)",
             100 * r->discount_rate, 100 * r->price_growth);
  else
    snprintf(pv_basis, sizeof pv_basis,
             "at the state's cost of funds, %.1f %% a year nominal (the baseline's [economy] "
             "discount = cost-of-funds, the default)",
             100 * r->cost_of_funds);
  fprintf(f,
          "\n## How the figures are computed\n\n"
          "- **Net cost to the state**: grants (loan converted to grant and grants kept) + "
          "interest subsidy (the state's cost of funds on the loan book − interest charged, "
          "interest-free study years included) + interest relief + write-offs + losses on "
          "loans + the tax expenditure of interest deductions (%.0f %% of interest paid) − "
          "tuition paid to public institutions; by calendar year in budget.csv, by budget "
          "post in budget_posts.csv.\n"
          "- **Present value**: each year's amount discounted to %d %s; cost of funds "
          "%.1f %% a year (each scenario's [economy] cost_of_funds). The subsidy rate is "
          "also shown at three other rates: the cost of funds ± 1 point and the social rate "
          "(docs/analytics.md, *Present value*).\n"
          "- **Full-year effect** (helårseffekt): the net cost of the first whole calendar "
          "year with the reform, as the budget books it, for every student studying or "
          "repaying that year; a year's cost is this, not a lifetime divided by entry years.\n"
          "- **Subsidy rate**: 1 − PV of repayments (and debt carried on to a further degree) "
          "÷ PV of support paid out as loan (and debt brought in from an earlier degree).\n"
          "- **Better or worse off**: a student's value is the present value (at the social "
          "rate, the baseline's discount_rate real and price_growth, whatever the state's "
          "convention) of the support paid to her minus her repayments and tuition (debt "
          "carried on to a further degree "
          "counted as repaid when her study ends); her gain is the reform's value minus the "
          "baseline's, to the øre, on the same student (winners.csv by group).\n"
          "- Debts are means over borrowers (debt when interest starts, after conversions); "
          "support a month is the parameter (basic support ÷ months of support).\n"
          "%s",
          100 * e->tax_rate, r->pv_year, pv_basis, 100 * r->cost_of_funds,
          e->sample > 0
              ? "- Everything is a national total for Norway's students entering in the years "
                "above (docs/population.md): each simulated student weighs the national "
                "students she stands for. Debt taken up before 2016-17 is not in it.\n"
              : "- Everything is for the simulated students only (the entry years above), not "
                "all of Lånekassen's borrowers; see docs/analytics.md.\n");
  fprintf(f, "\n## Sources\n\n| Scenario | File | Base year | Policy overrides |\n"
             "|---|---|---|---|\n");
  for (int k = 0; k < e->nscen; k++) {
    char y[16];
    stp_scenario_year_name(e->sc[k].base_year, y, sizeof y);
    fprintf(f, "| %s | %s | %s | ", e->sc[k].name, e->sc[k].file, y);
    if (e->sc[k].noverrides == 0) fprintf(f, "none");
    for (int i = 0; i < e->sc[k].noverrides && e->sc[k].overrides; i++) {
      const stp_override *o = &e->sc[k].overrides[i];
      fprintf(f, "%s%s = %.10g%s%s", i ? ", " : "", o->def->name, o->value, o->in_g ? " G" : "",
              o->line == STP_SCEN_FROM_SET ? " (--set)" : "");
    }
    fprintf(f, " |\n");
  }
  fprintf(f,
          "\n- Parameters: %s/policy/ (academic/, calendar/, interest_rates.csv, "
          "repayment.csv), %s/tuition/, %s/budget/ (parameters.csv: tax rate; posts.csv: "
          "budget posts), each row with its unit, status and source.\n",
          e->datasets, e->datasets, e->datasets);
  if (e->microdata) fprintf(f, "- Students: the microdata file %s.\n", e->microdata);
  else
    fprintf(f, "- Students: drawn from %s/cohort/%s/ with seed %llu.\n", e->datasets,
            e->calibration, (unsigned long long)e->seed);
  fprintf(f, "- Version: %s. Reproduce: `%s`\n", e->version, e->command);
  fprintf(f,
          "- Result files: summary.csv, groups.csv, cashflow.csv, distribution.csv, "
          "difference.csv, difference_by_year.csv, winners.csv, budget.csv, budget_totals.csv, "
          "budget_summary.csv, budget_posts.csv, "
          "evidence.csv.\n");
}

/* ---- evidence.csv ---- */


static void write_csv(stp_csv_writer *w, const stp_evidence *e) {
  static const char *const header[] = {
      "reform",        "baseline",      "measure",        "unit",
      "first_budget_year", "full_budget_year", "prices_year", "academic_year",
      "baseline_value", "reform_value",  "difference",     "difference_mean",
      "difference_ci95_low", "difference_ci95_high", "label", "sample_share"};
  for (size_t i = 0; i < sizeof header / sizeof header[0]; i++) stp_csv_field(w, header[i]);
  stp_csv_endrow(w);
  for (int k = 1; k < e->nscen; k++) {
    figure fig[MAX_FIGURES];
    int n = figures(e, k, fig);
    char ay[16];
    stp_scenario_year_name(e->support[k].year, ay, sizeof ay);
    for (int i = 0; i < n; i++) {
      const figure *x = &fig[i];
      stp_csv_field(w, e->sc[k].name);
      stp_csv_field(w, e->sc[0].name);
      stp_csv_field(w, x->measure);
      stp_csv_field(w, x->u == U_SHARE ? "share" : x->u == U_NOK_MONTH ? "NOK/month" : "NOK");
      /* the same four on every row, so that no year column has empty cells */
      stp_csv_int(w, e->sc[k].base_year);
      stp_csv_int(w, e->sc[k].base_year + 1);
      stp_csv_int(w, e->sc[0].budget->rates.pv_year);
      stp_csv_field(w, ay);
      if (x->u == U_SHARE) {
        if (x->has_values) {
          stp_csv_share(w, x->sbase);
          stp_csv_share(w, x->sreform);
        } else {
          stp_csv_field(w, "");
          stp_csv_field(w, "");
        }
        stp_csv_share(w, x->schange);
      } else {
        if (x->has_values) {
          stp_csv_money(w, x->base);
          stp_csv_money(w, x->reform);
        } else {
          stp_csv_field(w, "");
          stp_csv_field(w, "");
        }
        if (x->undefined) stp_csv_field(w, "");
        else stp_csv_money(w, x->change);
      }
      /* over replications: the mean change and its interval, in the row's unit */
      const double iv[3] = {e->mean[k][i], e->lo[k][i], e->hi[k][i]};
      for (int j = 0; j < 3; j++) {
        if (!replicated(e, k, i) || isnan(iv[j])) stp_csv_field(w, "");
        else if (x->u == U_SHARE) stp_csv_share(w, iv[j]);
        else stp_csv_real(w, iv[j], 2);
      }
      stp_csv_field(w, x->label);
      stp_csv_real(w, e->sample > 0 ? e->sample : 1.0, 6); /* a plain cohort: all of it */
      stp_csv_endrow(w);
    }
  }
}

int stp_evidence_write(const char *dir, const stp_evidence *e, stp_error *err) {
  char path[1200];
  char *buf = NULL;
  size_t len = 0;
  FILE *ms = open_memstream(&buf, &len);
  if (!ms) return stp_fail(err, STP_ENOMEM, "out of memory");
  stp_evidence_print(ms, e, true);
  fclose(ms);
  stp_csv_writer *w;
  snprintf(path, sizeof path, "%s/evidence.md", dir);
  int rc = stp_csv_writer_open(path, &w, err);
  if (rc == STP_OK) {
    stp_csv_raw(w, buf, len);
    rc = stp_csv_writer_commit(w, err);
  }
  free(buf);
  if (rc) return rc;
  snprintf(path, sizeof path, "%s/evidence.csv", dir);
  if ((rc = stp_csv_writer_open(path, &w, err))) return rc;
  write_csv(w, e);
  return stp_csv_writer_commit(w, err);
}
