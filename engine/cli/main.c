/* main.c: the stipend command: dispatch to a command, own the exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "datasets.h"
#include "dist.h"
#include "fault.h"

static const cli_command *const commands[] = {&cli_cmd_params, &cli_cmd_explain, &cli_cmd_repay,
                                               &cli_cmd_validate, &cli_cmd_run, &cli_cmd_cohort, &cli_cmd_calibrate,
                                               &cli_cmd_compare, &cli_cmd_budget, &cli_cmd_sweep, &cli_cmd_uncertainty,
                                               &cli_cmd_plot, &cli_cmd_report};
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

static int dispatch(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "stipend: missing command (see 'stipend --help')\n");
    return 2;
  }
  const char *name = argv[1];
  if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
    /* `stipend help run` is `stipend run --help` */
    for (int i = 0; argc > 2 && i < NCOMMANDS; i++)
      if (!strcmp(argv[2], commands[i]->name)) {
        cli_print_help(commands[i]);
        return 0;
      }
    if (argc > 2) {
      fprintf(stderr, "stipend: unknown command '%s' (see 'stipend --help')\n", argv[2]);
      return 2;
    }
    usage(stdout);
    return 0;
  }
  if (!strcmp(name, "--version")) {
    printf("stipend %s%s\ndatasets: %s\n", STP_VERSION,
           stp_fault_enabled() ? " (fault injection)" : "", stp_datasets_dir(NULL));
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

int main(int argc, char **argv) {
  if (stp_dist_init(&argc, &argv) != STP_OK) {
    fprintf(stderr, "stipend: cannot start MPI\n");
    return 1;
  }
  /* Rank 0 speaks for the job: the other ranks run the same command with stdout discarded
     and stderr kept aside. A failure they agree on (stp_dist_agree) rank 0 reports, naming
     the rank; one they meet alone (before any agreement point) they report themselves. */
  FILE *err_out = stderr;
  char *held = NULL;
  size_t held_len = 0;
  if (!stp_dist_root()) {
    FILE *mem = open_memstream(&held, &held_len);
    if (!freopen("/dev/null", "w", stdout) || !mem) return 1;
    stderr = mem;
  }
  int rc = dispatch(argc, argv);
  if (!stp_dist_root()) {
    fclose(stderr);
    stderr = err_out;
    /* Bad input (status 2) is the same on every rank, which all read the same files and
       flags: rank 0 reports it once. */
    if (rc != 0 && rc != 2 && !stp_dist_failed_together())
      fprintf(stderr, "stipend: rank %d: %s", stp_dist_rank(),
              held && *held ? held : "failed\n");
    free(held);
  }
  stp_dist_finalize();
  return rc;
}
