/* fuzz_cli.c: the command-line parser: the input split at NUL bytes into arguments, the
   first byte picking the command; each argument also through the value parsers (amounts,
   whole numbers, reals, academic years) and, as SECTION.KEY=VALUE, through --set. Nothing
   runs: only parsing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "scenario.h"

static const cli_command *const commands[] = {&cli_cmd_params,  &cli_cmd_explain,
                                               &cli_cmd_repay,   &cli_cmd_validate,
                                               &cli_cmd_run,     &cli_cmd_cohort,
                                               &cli_cmd_calibrate, &cli_cmd_compare,
                                               &cli_cmd_sweep,   &cli_cmd_plot};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static stp_scenario s;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
  if (n < 1 || n > 4096) return 0;
  const cli_command *cmd = commands[data[0] % NCOMMANDS];
  char *buf = malloc(n);
  if (!buf) return 0;
  memcpy(buf, data + 1, n - 1);
  buf[n - 1] = '\0';
  char *argv[64];
  int argc = 0;
  for (char *p = buf; p < buf + n - 1 && argc < 64; p += strlen(p) + 1) argv[argc++] = p;
  cli_args args;
  /* --help prints to stdout; harmless */
  cli_parse(cmd, argc, argv, &args);
  stp_scenario_defaults(&s);
  for (int i = 0; i < argc; i++) {
    stp_money m;
    long l;
    double d;
    int y;
    cli_money(cmd, "x", argv[i], true, &m);
    cli_int(cmd, "x", argv[i], -1000, 1000, &l);
    cli_double(cmd, "x", argv[i], -1e6, 1e6, &d);
    cli_year(cmd, "x", argv[i], &y);
    stp_error err;
    stp_scenario_set(&s, argv[i], &err);
  }
  free(buf);
  return 0;
}
