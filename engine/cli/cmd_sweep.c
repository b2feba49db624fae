/* cmd_sweep.c: `stipend sweep` (being built: see the issue "Policy analytics"). */
#include <stdio.h>

#include "cli/cli.h"

static const cli_opt sweep_opts[] = {{NULL, NULL, NULL}};

static int sweep_cmd(const cli_command *cmd, const cli_args *a) {
  (void)a;
  fprintf(stderr, "stipend %s: not available in this build yet\n", cmd->name);
  return 1;
}

const cli_command cli_cmd_sweep = {"sweep", "[OPTIONS]", "(in development)", "In development.",
                                 sweep_opts, 0, 16, sweep_cmd};
