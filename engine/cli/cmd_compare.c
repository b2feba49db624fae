/* cmd_compare.c: `stipend compare` (being built: see the issue "Policy analytics"). */
#include <stdio.h>

#include "cli/cli.h"

static const cli_opt compare_opts[] = {{NULL, NULL, NULL}};

static int compare_cmd(const cli_command *cmd, const cli_args *a) {
  (void)a;
  fprintf(stderr, "stipend %s: not available in this build yet\n", cmd->name);
  return 1;
}

const cli_command cli_cmd_compare = {"compare", "[OPTIONS]", "(in development)", "In development.",
                                 compare_opts, 0, 16, compare_cmd};
