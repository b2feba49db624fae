/* cmd_budget.c: `stipend budget SCENARIO --year YYYY`: one budget year of Norway's student
   support as the budget books it: kap. 2410, 5310 and 5617 post by post (datasets/budget/
   posts.csv), and on every row the year's figures that are not a post (the model's own
   provision, the conversion that happens in the year, the net cost to the state on three
   conventions), as CSV on stdout. The scenario runs in the population mode
   (stp_budget_of_prepared, analytics/budget.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/budget.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/prepare.h"
#include "loanbook.h"
#include "money.h"
#include "params.h"

static const cli_opt budget_opts[] = {
    {"year", "YYYY", "the budget (calendar) year: 2017 to the end of the horizon (required)"},
    {"sample", "SHARE", "share of Norway's students simulated (default: the scenario's, 0.05)"},
    CLI_OPT_SEED,
    {"threads", "N", "OpenMP threads (default: all cores); results do not depend on it"},
    CLI_OPT_SET,
    {"quiet", NULL, "no line on stderr"},
    CLI_OPT_DATASETS,
    {NULL, NULL, NULL}};

/* The first budget year a budget can be set beside: the first calendar year whose support is
   all in the parameter years (2016-17's autumn is 2016). */
#define FIRST_BUDGET_YEAR (STP_FIRST_YEAR + 1)

static void text(const char *s) {
  bool quote = strpbrk(s, ",\"\n") != NULL;
  if (!quote) {
    fputs(s, stdout);
    return;
  }
  putchar('"');
  for (; *s; s++) {
    if (*s == '"') putchar('"');
    putchar(*s);
  }
  putchar('"');
}

/* A post's row; the year's figures that are not a post (the model's own provision, the
   conversion that happens in the year, the net cost on the three conventions) are columns of
   every row, so that chapter and post are never empty (an integer column with empty cells
   reads as floating point). */
static void row(int chapter, int post, const char *name, int year, const stp_money *amount,
                const stp_money *it) {
  char buf[40];
  printf("%d,%d,", chapter, post);
  text(name);
  printf(",%d,%s", year, amount ? stp_money_format(*amount, buf, sizeof buf) : "");
  static const int item[] = {STP_BI_PROVISION, STP_BI_GRANTS, STP_BI_NET_COST_PROP1S,
                             STP_BI_NET_COST_BUDGET, STP_BI_NET_COST};
  for (size_t i = 0; i < sizeof item / sizeof item[0]; i++)
    printf(",%s", stp_money_format(it[item[i]], buf, sizeof buf));
  putchar('\n');
}

static int cmd_budget(const cli_command *cmd, const cli_args *a) {
  const char *ys = cli_get(cmd, a, "year");
  long year;
  if (!ys) return cli_usage_error(cmd, "--year YYYY is required (the budget year)");
  if (!cli_int(cmd, "year", ys, FIRST_BUDGET_YEAR, STP_LAST_PROJECTED_YEAR + 1, &year)) return 2;
  /* Norway's students, extended back to the budget year when it is before the base year. */
  cli_args b;
  if (cli_population_args(cmd, a, &b)) return 2;
  stp_prepare_opts po = {.horizon_from = (int)year, .loan_book = true};
  stp_prepared *x;
  int threads = 0, rc = cli_prepare_threads(cmd, &b, a->positional[0], &po, &x, &threads);
  if (rc) return rc;
  stp_error err = {0};
  int last = x->sc.entry_last; /* the horizon's last budget year */
  if (year > last) {
    int budget_years = x->sc.budget_years;
    stp_prepared_close(x);
    return cli_usage_error(cmd,
                           "--year: %ld is after the horizon of %s (its budget years end in "
                           "%d; [run] budget_years = %d from the base year)",
                           year, a->positional[0], last, budget_years);
  }
  stp_budget_params bp;
  stp_budget *bud = malloc(sizeof *bud);
  long simulated = 0;
  int64_t national = 0;
  rc = bud ? stp_budget_of_prepared(x, threads, &bp, bud, &simulated, &national, &err)
           : stp_fail(&err, STP_ENOMEM, "out of memory");
  if (rc != STP_OK) {
    free(bud);
    stp_prepared_close(x);
    return cli_error(cmd, &err);
  }
  const stp_money *it = bud->year[year - STP_CF_FIRST];
  printf("chapter,post,name,year,amount_nok,provision_model_nok,converted_in_year_nok,"
         "net_cost_prop1s_nok,net_cost_budget_nok,net_cost_nok\n");
  for (int i = 0; i < bp.nposts; i++) {
    const stp_budget_post *p = &bp.posts[i];
    bool known;
    stp_money v = stp_budget_post_amount(p, it, &known);
    row(p->chapter, p->post, p->name, (int)year, known ? &v : NULL, it);
  }
  if (!cli_flag(cmd, a, "quiet")) {
    char f[16], l[16];
    fprintf(stderr,
            "stipend budget: %s, %d: Norway's students entering %s to %s (%lld, a sample of "
            "%ld at share %g, seed %llu) and the initial loan book (%lld borrowers in "
            "repayment in January 2016 and %lld who had left education without a bill yet, "
            "a sample of %llu); NOK, nominal\n",
            x->sc.name, (int)year, stp_scenario_year_name(x->sc.entry_first, f, sizeof f),
            stp_scenario_year_name(x->sc.entry_last, l, sizeof l),
            (long long)national, simulated, x->sc.sample,
            (unsigned long long)x->sc.seed,
            (long long)(x->book_sample ? stp_book_sample_national(x->book_sample) -
                                             stp_book_sample_pipeline(x->book_sample)
                                       : 0),
            (long long)(x->book_sample ? stp_book_sample_pipeline(x->book_sample) : 0),
            (unsigned long long)(x->book_sample ? stp_book_sample_size(x->book_sample) : 0));
  }
  free(bud);
  stp_prepared_close(x);
  return 0;
}

const cli_command cli_cmd_budget = {
    "budget", "SCENARIO.ini --year YYYY [OPTIONS]",
    "one budget year for Norway, post by post (kap. 2410, 5310, 5617) as CSV",
    "Simulates Norway's students (the population mode, docs/population.md) under the\n"
    "scenario and prints one budget year as the budget books it, as CSV on stdout:\n"
    "one row per post of datasets/budget/posts.csv (chapter,post,name,year,amount_nok; an\n"
    "empty amount: nothing of the model maps onto the post), and on every row the year's\n"
    "figures that are not a post: the model's own provision (provision_model_nok, what\n"
    "the year's payments will actually convert), the conversion as it happens\n"
    "(converted_in_year_nok), and the net cost to the state as Prop. 1 S books it\n"
    "(net_cost_prop1s_nok), with the model's provision (net_cost_budget_nok) and with the\n"
    "conversion when it happens (net_cost_nok). Any year from 2017 to the end of the horizon;\n"
    "a year before the base year extends the entry cohorts back (docs/analytics.md).",
    budget_opts, 1, 1, cmd_budget};
