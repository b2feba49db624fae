/* cmd_validate.c: `stipend validate FILE`: everything `stipend run` checks before it
   simulates (the scenario, --set, the overrides on the projected parameter sets, the cohort
   calibration, the microdata file, the results folder), and whether it can be run. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/prepare.h"
#include "scenario.h"

static const cli_opt opts[] = {
    {"set", "SECTION.KEY=VALUE",
     "override a scenario value, e.g. policy.basic_support=1.5G (repeatable)"},
    {"datasets", "DIR", "parameter datasets directory (default: the bundled datasets/)"},
    {NULL, NULL, NULL}};

static int cmd_validate(const cli_command *cmd, const cli_args *a) {
  /* What run does before it simulates, without the deciles' sample and per-run tables. */
  stp_prepare_opts o = {.check_only = true};
  stp_prepared *x;
  int rc = cli_prepare(cmd, a, a->positional[0], &o, &x);
  if (rc) return rc;
  if ((rc = cli_check_out_dir(cmd, x->sc.out_dir))) {
    stp_prepared_close(x);
    return rc;
  }
  const stp_scenario *s = &x->sc;
  char y[16], f[16], l[16];
  stp_scenario_year_name(s->base_year, y, sizeof y);
  stp_scenario_year_name(s->entry_first, f, sizeof f);
  stp_scenario_year_name(s->entry_last, l, sizeof l);
  if (s->population) {
    int lb = s->base_year + s->budget_years - 1;
    printf("ok: %s, base year %s, Norway's students at sample %g, budget years %d to %d",
           s->name, y, s->sample, s->base_year, lb);
  } else {
    printf("ok: %s, base year %s, %ld students, entry years %s", s->name, y, s->size, f);
    if (s->entry_last != s->entry_first) printf(" to %s", l);
  }
  printf(", %d override%s\n", s->noverrides, s->noverrides == 1 ? "" : "s");
  stp_prepared_close(x);
  return 0;
}

const cli_command cli_cmd_validate = {
    "validate", "FILE [--set SECTION.KEY=VALUE ...] [--datasets DIR]",
    "check a scenario file: sections, keys, types, ranges, overrides and input files",
    "Reads a scenario (INI: [run], [cohort], [policy], [economy], [output]; see\n"
    "docs/scenarios.md), applies --set, then writes the [policy] overrides into the parameter\n"
    "sets as a run would, checking every value against the parameter registry; checks the\n"
    "cohort calibration, that the microdata file (if any) is a readable file and that the\n"
    "results folder can be one. Everything `stipend run` checks before it simulates.\n"
    "Prints a one-line summary and exits 0, or prints the first problem as\n"
    "FILE:LINE: [section] key: reason and exits 2.",
    opts, 1, 1, cmd_validate};
