/* cmd_validate.c: `stipend validate FILE`: load a scenario, apply --set and the overrides to
   the parameter sets, and say whether it can be run. */
#include <stdio.h>

#include "cli/cli.h"
#include "scenario.h"

static const cli_opt opts[] = {
    {"set", "SECTION.KEY=VALUE",
     "override a scenario value, e.g. policy.basic_support=1.5G (repeatable)"},
    {"datasets", "DIR", "parameter datasets directory (default: the bundled datasets/)"},
    {NULL, NULL, NULL}};

/* Scenario problems are bad input: exit status 2 (1 only when memory ran out). */
static int scenario_error(const cli_command *cmd, const stp_error *err) {
  fprintf(stderr, "stipend %s: %s\n", cmd->name, err->msg);
  return err->code == STP_ENOMEM ? 1 : 2;
}

static int cmd_validate(const cli_command *cmd, const cli_args *a) {
  stp_params *p;
  int rc = cli_load_params(cmd, a, &p);
  if (rc) return rc;
  static stp_scenario s; /* large (overrides, paths): not on the stack */
  stp_error err = {0};
  rc = stp_scenario_load(a->positional[0], &s, &err);
  for (int i = 0; rc == STP_OK && i < a->nsets; i++) rc = stp_scenario_set(&s, a->sets[i], &err);
  if (rc == STP_OK) rc = stp_scenario_apply(&s, p, &err);
  stp_params_free(p);
  if (rc) return scenario_error(cmd, &err);
  char y[16], f[16], l[16];
  stp_scenario_year_name(s.base_year, y, sizeof y);
  stp_scenario_year_name(s.entry_first, f, sizeof f);
  stp_scenario_year_name(s.entry_last, l, sizeof l);
  printf("ok: %s, base year %s, %ld students, entry years %s", s.name, y, s.size, f);
  if (s.entry_last != s.entry_first) printf(" to %s", l);
  printf(", %d override%s\n", s.noverrides, s.noverrides == 1 ? "" : "s");
  return 0;
}

const cli_command cli_cmd_validate = {
    "validate", "FILE [--set SECTION.KEY=VALUE ...] [--datasets DIR]",
    "check a scenario file: sections, keys, types, ranges and overrides",
    "Reads a scenario (INI: [run], [cohort], [policy], [economy], [output]; see\n"
    "docs/scenarios.md), applies --set, then writes the [policy] overrides into the parameter\n"
    "sets as a run would, checking every value against the parameter registry. Prints a\n"
    "one-line summary and exits 0, or prints the first problem as FILE:LINE: [section] key:\n"
    "reason and exits 2.",
    opts, 1, 1, cmd_validate};
