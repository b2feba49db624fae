/* cmd_plot.c: `stipend plot`: the charts of a results folder (plot.h). */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "plot.h"
#include "resultset.h"

static const cli_opt plot_opts[] = {
    {"out", "DIR", "folder for the charts (default: RESULTS_DIR/plots)"},
    {"format", "LIST", "png, svg or png,svg (default: png,svg)"},
    {"plots", "DIR", "the gnuplot scripts (default: plots/ beside the datasets folder)"},
    {"datasets", "DIR", "parameter datasets directory (its parent holds plots/)"},
    {"follow-symlinks", NULL, "--out may be a symbolic link: replace what it points to"},
    {NULL, NULL, NULL}};

static int cmd_plot(const cli_command *cmd, const cli_args *a) {
  const char *dir = a->positional[0];
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return cli_usage_error(cmd, "'%s' is not a results folder", dir);
  stp_plot_opts o = {.out = cli_get(cmd, a, "out"), .listing = stdout};
  const char *fmt = cli_get(cmd, a, "format");
  char list[64];
  snprintf(list, sizeof list, "%s", fmt ? fmt : "png,svg");
  for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
    if (strcmp(tok, "png") == 0) o.png = true;
    else if (strcmp(tok, "svg") == 0) o.svg = true;
    else return cli_usage_error(cmd, "--format: '%s' is not png or svg", tok);
  }
  if (!o.png && !o.svg) return cli_usage_error(cmd, "--format: give png, svg or png,svg");
  char scripts[1100];
  stp_error err = {0};
  int rc = stp_plot_scripts(cli_get(cmd, a, "plots"), cli_get(cmd, a, "datasets"), scripts,
                            sizeof scripts, &err);
  if (rc == STP_EINVAL) return cli_usage_error(cmd, "--plots: %s", err.msg);
  if (rc != STP_OK) return cli_error(cmd, &err);
  o.scripts = scripts;
  if (!stp_plot_has_input(dir))
    return cli_usage_error(cmd,
                           "%s: nothing to plot (no distribution.csv, cashflow.csv, winners.csv "
                           "or sweep.csv)",
                           dir);
  if (cli_flag(cmd, a, "follow-symlinks")) o.result_flags = STP_RESULT_FOLLOW_SYMLINKS;
  int written = 0;
  if (stp_plot_draw(dir, &o, &written, &err) != STP_OK) return cli_error(cmd, &err);
  printf("%d files\n", written);
  return 0;
}

const cli_command cli_cmd_plot = {
    "plot", "RESULTS_DIR [--out DIR] [--format png,svg]",
    "draw the charts of a results folder with gnuplot (PNG and SVG)",
    "Draws with gnuplot (plots/*.gp) whatever the results folder holds: from a run\n"
    "(distribution.csv, cashflow.csv) the debt at end of study, the years to repay and the\n"
    "cash flow by year; from a comparison each reform minus the baseline in the debt and\n"
    "years-to-repay distributions and in the net cost by budget year (budget.csv; the numbers\n"
    "beside each chart as CSV), and the winners and losers of each reform by decile of\n"
    "earnings (winners.csv); from a sweep (sweep.csv) the cost curve. Charts go to\n"
    "RESULTS_DIR/plots (or --out DIR), made current as one set when all are drawn\n"
    "(docs/outputs.md). Exit status 1 if gnuplot is missing or fails,\n"
    "2 for a bad folder, flag or file (docs/plots-and-sweeps.md).",
    plot_opts, 1, 1, cmd_plot};
