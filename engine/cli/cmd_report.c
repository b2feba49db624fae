/* cmd_report.c: `stipend report DIR`: report.html from the result files in DIR. */
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>

#include "analytics/report.h"
#include "cli/cli.h"
#include "resultset.h"

static const cli_opt opts[] = {
    {"lang", "nb|en", "the page's language: nb (Norwegian bokmål) or en (default en)"},
    {NULL, NULL, NULL}};

static int run(const cli_command *cmd, const cli_args *a) {
  stp_lang lang = STP_LANG_EN;
  const char *l = cli_get(cmd, a, "lang");
  if (l && stp_lang_parse(l, &lang) != STP_OK)
    return cli_usage_error(cmd, "--lang: '%s' is not nb or en", l);
  stp_error err = {0};
  /* report.html joins the set it is made from: a new version of the folder, current in one
     step (resultset.h), so a failed report leaves the folder as it was. */
  static const char *const drop[] = {"report.html", NULL};
  stp_resultset *set;
  const char *dir = a->positional[0];
  bool results = false;
  static const char *const heads[] = {"evidence.csv", "sweep.csv", "summary.csv"};
  for (int i = 0; i < 3; i++) {
    char p[1200];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, heads[i]);
    results |= stat(p, &st) == 0 && S_ISREG(st.st_mode);
  }
  if (!results) {
    stp_fail(&err, STP_EINVAL, "%s: no evidence.csv, sweep.csv or summary.csv (not a results "
             "folder)", dir);
    return cli_error(cmd, &err);
  }
  if (stp_resultset_amend(dir, 0, cmd->name, drop, &set, &err) != STP_OK)
    return cli_error(cmd, &err);
  int rc = stp_report_write(stp_resultset_staging(set), lang, &err);
  stp_resultset_name_target(set, &err);
  if (rc == STP_OK) rc = stp_resultset_commit(set, &err);
  else stp_resultset_abort(set);
  if (rc != STP_OK) return cli_error(cmd, &err);
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
    opts, 1, 1, run};
