/* cmd_repay.c: `stipend repay`: the repayment plan Lånekassen would set for one debt, and
   with --schedule every month of it (explain.h). */
#include <stdio.h>

#include "cli/cli.h"
#include "explain.h"

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

static int cmd_repay(const cli_command *cmd, const cli_args *a) {
  const char *s;
  stp_explain_debt d = {.start = STP_MONTH(2026, 7)};
  long v;
  if (!(s = cli_get(cmd, a, "debt"))) return cli_usage_error(cmd, "--debt is required");
  if (!cli_money(cmd, "debt", s, false, &d.debt)) return 2;
  if (d.debt == 0) return cli_usage_error(cmd, "--debt: %s leaves nothing to repay", s);
  if (d.debt > STP_NOK(100000000))
    return cli_usage_error(cmd, "--debt: %s is over NOK 100 million", s);
  if (!(s = cli_get(cmd, a, "rate"))) return cli_usage_error(cmd, "--rate is required");
  if (!cli_double(cmd, "rate", s, 0, 30, &d.rate_percent)) return 2;
  stp_params *p;
  int rc = cli_load_params(cmd, a, &p);
  if (rc) return rc;
  d.rp = *stp_params_repay(p);
  stp_params_free(p);
  if ((s = cli_get(cmd, a, "grace-months"))) {
    if (!cli_int(cmd, "grace-months", s, 0, 24, &v)) return 2;
    d.rp.grace_months = (int)v;
  }
  if ((s = cli_get(cmd, a, "years"))) {
    if (!cli_int(cmd, "years", s, 1, 50, &v)) return 2;
    if (v * 12 <= d.rp.grace_months)
      return cli_usage_error(cmd, "--years: %ld years leaves no instalment after %d grace months",
                             v, d.rp.grace_months);
    d.rp.plan_months_max = (int)v * 12;
    d.rp.plan_debt_per_month = 0; /* the small-debt rule gives way to an explicit length */
  }
  if ((s = cli_get(cmd, a, "deferrals"))) {
    if (!cli_int(cmd, "deferrals", s, 0, d.rp.max_deferrals, &v)) return 2;
    d.deferrals = (int)v;
  }
  if ((s = cli_get(cmd, a, "start"))) {
    int y, m;
    char tail;
    if (sscanf(s, "%4d-%2d%c", &y, &m, &tail) != 2 || m < 1 || m > 12 || y < 1990 || y > 2100)
      return cli_usage_error(cmd, "--start: '%s' is not a month YYYY-MM", s);
    d.start = STP_MONTH(y, m);
  }
  stp_explain_form form = cli_flag(cmd, a, "schedule") ? STP_EXPLAIN_SCHEDULE
                          : cli_flag(cmd, a, "csv")    ? STP_EXPLAIN_CSV
                                                       : STP_EXPLAIN_TEXT;
  stp_error err = {0};
  if (stp_explain_repay(&d, form, stdout, &err) != STP_OK) return cli_error(cmd, &err);
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
