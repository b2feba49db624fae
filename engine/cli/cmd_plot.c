/* cmd_plot.c: `stipend plot` (being built: see the issue "Policy analytics"). */
#include <stdio.h>

#include "cli/cli.h"

static const cli_opt plot_opts[] = {{NULL, NULL, NULL}};

static int plot_cmd(const cli_command *cmd, const cli_args *a) {
  (void)a;
  fprintf(stderr, "stipend %s: not available in this build yet\n", cmd->name);
  return 1;
}

const cli_command cli_cmd_plot = {"plot", "[OPTIONS]", "(in development)", "In development.",
                                 plot_opts, 0, 16, plot_cmd};
