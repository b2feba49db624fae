/* main.c: the stipend command: dispatch to a command, own the exit status. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const cli_command *const commands[] = {&cli_cmd_params, &cli_cmd_explain, &cli_cmd_repay,
                                               &cli_cmd_validate, &cli_cmd_run, &cli_cmd_cohort, &cli_cmd_calibrate,
                                               &cli_cmd_compare, &cli_cmd_sweep, &cli_cmd_plot};
#define NCOMMANDS (int)(sizeof commands / sizeof commands[0])

static void usage(FILE *f) {
  fprintf(f,
          "stipend %s: Norwegian student finance (Lånekassen) for one student or a cohort.\n\n"
          "Usage: stipend COMMAND [OPTIONS]\n\nCommands:\n",
          STP_VERSION);
  for (int i = 0; i < NCOMMANDS; i++)
    fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
  fprintf(f,
          "\nRun 'stipend COMMAND --help' for a command's options.\n"
          "Money is in NOK; results are exact to the øre. Parameters come from datasets/\n"
          "(or --datasets DIR, or $STIPEND_DATASETS). Exit status: 0 success, 2 bad input,\n"
          "1 other failure.\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "stipend: missing command (see 'stipend --help')\n");
    return 2;
  }
  const char *name = argv[1];
  if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
    usage(stdout);
    return 0;
  }
  if (!strcmp(name, "--version")) {
    printf("stipend %s\n", STP_VERSION);
    return 0;
  }
  for (int i = 0; i < NCOMMANDS; i++) {
    if (strcmp(name, commands[i]->name) != 0) continue;
    cli_args args;
    int rc = cli_parse(commands[i], argc - 2, argv + 2, &args);
    if (rc == 1) return 0;
    if (rc != 0) return rc;
    return commands[i]->run(commands[i], &args);
  }
  fprintf(stderr, "stipend: unknown command '%s' (see 'stipend --help')\n", name);
  return 2;
}
