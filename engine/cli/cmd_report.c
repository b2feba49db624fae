/* cmd_report.c: `stipend report DIR`: report.html from the result files in DIR. */
#include <stdio.h>

#include "analytics/report.h"
#include "cli/cli.h"

static const cli_opt opts[] = {
    {"lang", "nb|en", "the page's language: nb (Norwegian bokmål) or en (default en)"},
    {NULL, NULL, NULL}};

static int cmd_report(const cli_command *cmd, const cli_args *a) {
  stp_lang lang = STP_LANG_EN;
  const char *l = cli_get(cmd, a, "lang");
  if (l && stp_lang_parse(l, &lang) != STP_OK)
    return cli_usage_error(cmd, "--lang: '%s' is not nb or en", l);
  stp_error err = {0};
  const char *dir = a->positional[0];
  if (stp_report_add(dir, lang, &err) != STP_OK) return cli_error(cmd, &err);
  printf("report: %s/report.html\n", dir);
  return 0;
}

const cli_command cli_cmd_report = {
    "report", "DIR [--lang nb|en]",
    "report.html: one self-contained page of a comparison, sweep or replicated run",
    "Writes DIR/report.html from the result files in DIR (evidence.csv, budget.csv,\n"
    "budget_posts.csv, winners.csv, distribution.csv, replications.csv, sweep.csv,\n"
    "about.csv, scenarios.csv, parameters.csv; a missing file leaves its section out):\n"
    "headline figures with their intervals, the budget by year and post, winners and losers,\n"
    "charts as inline SVG, the method in plain language, the sample and population, the\n"
    "parameters that differ from the baseline with their sources, and the command that\n"
    "reproduces the run.\n"
    "The page loads nothing and runs no script; it prints on A4. compare, sweep and run\n"
    "--replications write it themselves (--lang there too). See docs/report.md.",
    opts, 1, 1, cmd_report};
