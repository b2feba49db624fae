/* cmd_repay.c: `stipend repay`: the repayment plan Lånekassen would set for one debt, and
   with --schedule every month of it. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/report.h"
#include "rules/repayment.h"

static const cli_opt opts[] = {
    {"debt", "NOK", "debt when interest starts, after conversions (required)"},
    {"rate", "PERCENT", "interest rate per year (required), e.g. 5.175"},
    {"grace-months", "N", "months of interest before the first bill (default: grace_months, 7)"},
    {"years", "N", "plan length in years from the start of interest (default: Lånekassen's "
                   "rule: 20 years, shorter for small debts)"},
    {"deferrals", "N", "defer the first N bills (at most max_deferrals, 36)"},
    {"start", "YYYY-MM", "month interest starts (default 2026-07, after a June graduation)"},
    {"schedule", NULL, "every month as CSV on stdout"},
    {"csv", NULL, "the plan as CSV: a header row and one row"},
    {"datasets", "DIR", "parameter datasets directory"},
    {NULL, NULL, NULL}};

typedef struct plan_summary {
  stp_month interest_start, first_bill, end;
  int instalments;
  stp_money first_instalment, interest, paid, capitalised;
} plan_summary;

static const char *month_name(stp_month t, char *b) {
  snprintf(b, 16, "%04d-%02d", stp_month_year(t), stp_month_of_year(t));
  return b;
}

static void schedule_header(stp_csv_writer *w) {
  const char *h[] = {"month", "action", "rate_percent", "interest_nok", "paid_nok",
                     "principal_nok", "balance_nok"};
  for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) stp_csv_field(w, h[i]);
  stp_csv_endrow(w);
}

static const char *action_name(stp_bill_action a) {
  switch (a) {
  case STP_BILL_PAY: return "pay";
  case STP_BILL_DEFER: return "defer";
  case STP_BILL_RELIEF: return "relief";
  case STP_BILL_RELIEF_OTHER: return "relief";
  default: return "grace";
  }
}

/* Run the plan to its end; write each month to w if given. */
static int run_plan(const stp_repay_params *rp, stp_money debt, double rate, int deferrals,
                    stp_month start, stp_csv_writer *w, plan_summary *s) {
  stp_loan l;
  stp_loan_start(&l, rp, debt, start);
  *s = (plan_summary){.interest_start = start, .first_bill = l.first_bill};
  int deferred = 0;
  char mb[16];
  for (stp_month t = start; !l.closed && t < start + 12 * 100; t++) {
    stp_bill_action act = STP_BILL_PAY;
    if (t >= l.first_bill && deferred < deferrals) act = STP_BILL_DEFER;
    stp_loan_event ev;
    stp_loan_month(&l, rp, t, rate, act, &ev);
    if (ev.action == STP_BILL_DEFER) deferred++;
    if (ev.action == STP_BILL_PAY && ev.paid > 0) {
      if (s->instalments == 0) s->first_instalment = ev.paid;
      s->instalments++;
      s->end = t;
    }
    s->interest += ev.interest;
    s->paid += ev.paid;
    if (w) {
      stp_csv_field(w, month_name(t, mb));
      stp_csv_field(w, action_name(ev.action));
      stp_csv_real(w, rate * 100, 3);
      stp_csv_money(w, ev.interest);
      stp_csv_money(w, ev.paid);
      stp_csv_money(w, ev.paid_principal);
      stp_csv_money(w, stp_loan_owed(&l));
      stp_csv_endrow(w);
    }
    if (!stp_loan_check(&l)) return -1;
  }
  return l.closed ? 0 : -1;
}

static int cmd_repay(const cli_command *cmd, const cli_args *a) {
  const char *s;
  stp_money debt = 0;
  double pct = 0;
  long v;
  if (!(s = cli_get(cmd, a, "debt"))) return cli_usage_error(cmd, "--debt is required");
  if (!cli_money(cmd, "debt", s, false, &debt)) return 2;
  if (debt == 0) return cli_usage_error(cmd, "--debt: %s leaves nothing to repay", s);
  if (debt > STP_NOK(100000000)) return cli_usage_error(cmd, "--debt: %s is over NOK 100 million", s);
  if (!(s = cli_get(cmd, a, "rate"))) return cli_usage_error(cmd, "--rate is required");
  if (!cli_double(cmd, "rate", s, 0, 30, &pct)) return 2;
  stp_params *p;
  int rc = cli_load_params(cmd, a, &p);
  if (rc) return rc;
  stp_repay_params rp = *stp_params_repay(p);
  stp_params_free(p);
  if ((s = cli_get(cmd, a, "grace-months"))) {
    if (!cli_int(cmd, "grace-months", s, 0, 24, &v)) return 2;
    rp.grace_months = (int)v;
  }
  if ((s = cli_get(cmd, a, "years"))) {
    if (!cli_int(cmd, "years", s, 1, 50, &v)) return 2;
    if (v * 12 <= rp.grace_months)
      return cli_usage_error(cmd, "--years: %ld years leaves no instalment after %d grace months",
                             v, rp.grace_months);
    rp.plan_months_max = (int)v * 12;
    rp.plan_debt_per_month = 0; /* the small-debt rule gives way to an explicit length */
  }
  int deferrals = 0;
  if ((s = cli_get(cmd, a, "deferrals"))) {
    if (!cli_int(cmd, "deferrals", s, 0, rp.max_deferrals, &v)) return 2;
    deferrals = (int)v;
  }
  stp_month start = STP_MONTH(2026, 7);
  if ((s = cli_get(cmd, a, "start"))) {
    int y, m;
    char tail;
    if (sscanf(s, "%4d-%2d%c", &y, &m, &tail) != 2 || m < 1 || m > 12 || y < 1990 || y > 2100)
      return cli_usage_error(cmd, "--start: '%s' is not a month YYYY-MM", s);
    start = STP_MONTH(y, m);
  }
  double rate = pct / 100.0;
  plan_summary sum;
  stp_csv_writer *w = NULL;
  if (cli_flag(cmd, a, "schedule")) {
    w = stp_csv_writer_stdout();
    schedule_header(w);
  }
  if (run_plan(&rp, debt, rate, deferrals, start, w, &sum) != 0) {
    if (w) stp_csv_writer_abort(w);
    fprintf(stderr, "stipend repay: internal error: the plan did not close or lost an øre\n");
    return 1;
  }
  stp_error err;
  if (w) return stp_csv_writer_commit(w, &err) == STP_OK ? 0 : 1;

  char b1[16], b2[16], b3[16];
  if (cli_flag(cmd, a, "csv")) {
    w = stp_csv_writer_stdout();
    const char *h[] = {"debt_nok", "rate_percent", "grace_months", "deferrals",
                       "interest_start", "first_bill", "instalments", "monthly_instalment_nok",
                       "total_interest_nok", "total_paid_nok", "end_date"};
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) stp_csv_field(w, h[i]);
    stp_csv_endrow(w);
    stp_csv_money(w, debt);
    stp_csv_real(w, pct, 3);
    stp_csv_int(w, rp.grace_months);
    stp_csv_int(w, deferrals);
    stp_csv_field(w, month_name(sum.interest_start, b1));
    stp_csv_field(w, month_name(sum.first_bill, b2));
    stp_csv_int(w, sum.instalments);
    stp_csv_money(w, sum.first_instalment);
    stp_csv_money(w, sum.interest);
    stp_csv_money(w, sum.paid);
    stp_csv_field(w, month_name(sum.end, b3));
    stp_csv_endrow(w);
    return stp_csv_writer_commit(w, &err) == STP_OK ? 0 : 1;
  }
  char n1[40];
  printf("Repayment plan for a debt of NOK %s at %.3f %% a year\n", report_nok(debt, n1, 40), pct);
  printf("  interest starts           %s\n", month_name(sum.interest_start, b1));
  printf("  first bill                %s (%d months of interest added first)\n",
         month_name(sum.first_bill, b2), rp.grace_months);
  if (deferrals) printf("  bills deferred            %d (interest keeps running)\n", deferrals);
  printf("  instalments               %d\n", sum.instalments);
  printf("  monthly instalment        NOK %s\n", report_nok(sum.first_instalment, n1, 40));
  printf("  total interest            NOK %s\n", report_nok(sum.interest, n1, 40));
  printf("  total paid                NOK %s\n", report_nok(sum.paid, n1, 40));
  printf("  last instalment           %s\n", month_name(sum.end, b3));
  printf("  (plan: %d months from the start of interest = min(%d, ceil(debt / %lld)); annuity\n"
         "   recomputed at rate changes so the end date holds; see docs/model.md)\n",
         stp_plan_months(&rp, debt), rp.plan_months_max,
         (long long)(rp.plan_debt_per_month / 100));
  return 0;
}

const cli_command cli_cmd_repay = {
    "repay", "--debt NOK --rate PERCENT [OPTIONS]",
    "the repayment plan Lånekassen would set for a debt, month by month with --schedule",
    "Computes the plan the way the rulebook models Lånekassen's: interest from the month after\n"
    "support ends, the first bill after grace_months (7) with that interest added to the\n"
    "balance, a monthly annuity ending plan_months_max (240) months after interest starts (20\n"
    "years), shorter for small debts (plan months = ceil(debt / 950)). Deferred bills move the\n"
    "end a month each while interest keeps running.",
    opts, 0, 0, cmd_repay};
