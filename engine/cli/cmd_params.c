/* cmd_params.c: `stipend params`: every parameter with its value, unit, status and source
   (stp_params_list). */
#include <stdio.h>

#include "cli/cli.h"

static const cli_opt opts[] = {
    {"year", "YYYY-YY", "one academic year (with the calendar years it spans); default: all"},
    {"csv", NULL, "CSV on stdout (set,period,parameter,value,unit,status,flag,source,note)"},
    {"datasets", "DIR", "parameter datasets directory (default: the bundled datasets/)"},
    {NULL, NULL, NULL}};

static int cmd_params(const cli_command *cmd, const cli_args *a) {
  int year = 0;
  const char *y = cli_get(cmd, a, "year");
  if (y && !cli_year(cmd, "year", y, &year)) return 2;
  stp_params *p;
  int rc = cli_load_params(cmd, a, &p);
  if (rc) return rc;
  stp_error err = {0};
  rc = stp_params_list(p, year, stdout, cli_flag(cmd, a, "csv"), &err);
  stp_params_free(p);
  return rc ? cli_error(cmd, &err) : 0;
}

const cli_command cli_cmd_params = {
    "params", "[--year YYYY-YY] [--csv]",
    "every policy parameter with its value, unit, source and status",
    "Lists the parameter sets the engine uses: academic-year rules (support, conversion, extra\n"
    "support), calendar-year rules (means test, G, write-offs), repayment rules, Lånekassen's\n"
    "floating rate, and the tuition and semester fee tables. Every value carries its unit, the\n"
    "address it was found at, and a flag: 'projected' (a future year), 'carried-forward' (not\n"
    "found; the last known value uprated by the method in the note) or 'derived' (computed\n"
    "from sourced figures).",
    opts, 0, 0, cmd_params};
