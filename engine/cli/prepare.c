/* prepare.c: a scenario made ready to simulate, shared by the cohort commands. */
#include "cli/prepare.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_prepare_opts(const cli_command *cmd, const cli_args *a, stp_prepare_opts *o) {
  o->datasets = cli_get(cmd, a, "datasets");
  o->sets = a->sets;
  o->nsets = a->nsets;
  int rc = cli_threads_opt(cmd, a, &o->threads); /* the set-up's deciles sample too */
  if (rc) return rc;
  const char *s;
  long v;
  if ((s = cli_get(cmd, a, "size"))) {
    if (!cli_int(cmd, "size", s, 1, 2000000000L, &v)) return 2;
    o->size = v;
  }
  if ((s = cli_get(cmd, a, "sample"))) {
    double share;
    if (!cli_double(cmd, "sample", s, 0, 1, &share)) return 2;
    if (!(share > 0)) return cli_usage_error(cmd, "--sample: %s is not a share in (0, 1]", s);
    o->sample = share;
  }
  if ((s = cli_get(cmd, a, "seed"))) {
    char *end;
    errno = 0;
    unsigned long long u = strtoull(s, &end, 10);
    /* strtoull skips blanks and takes a sign (" -1" would be 2^64 - 1): digits only. */
    if (end == s || *end || !(s[0] >= '0' && s[0] <= '9'))
      return cli_usage_error(cmd, "--seed: '%s' is not a whole number >= 0", s);
    if (errno == ERANGE || u > (unsigned long long)INT64_MAX) /* as [run] seed: below 2^63 */
      return cli_usage_error(cmd, "--seed: %s is larger than 9223372036854775807",
                             s);
    o->seed = u;
    o->has_seed = true;
  }
  return 0;
}

int cli_prepare(const cli_command *cmd, const cli_args *a, const char *scenario_path,
                const stp_prepare_opts *o_extra, stp_prepared **x) {
  *x = NULL;
  stp_prepare_opts o = {0};
  if (o_extra) o = *o_extra;
  int rc = cli_prepare_opts(cmd, a, &o);
  if (rc) return rc;
  stp_error err = {0};
  if (stp_prepared_open(scenario_path, NULL, &o, x, &err) != STP_OK) return cli_error(cmd, &err);
  return 0;
}

int cli_threads_opt(const cli_command *cmd, const cli_args *a, int *threads) {
  const char *s = cli_get(cmd, a, "threads");
  long v;
  *threads = 0;
  if (s) {
    if (!cli_int(cmd, "threads", s, 1, 1024, &v)) return 2;
    *threads = (int)v;
  }
  return 0;
}


int cli_result_begin(const cli_command *cmd, const cli_args *a, const char *target,
                     stp_result_kind kind, stp_resultset **rs) {
  stp_error err = {0};
  unsigned flags = cli_flag(cmd, a, "follow-symlinks") ? STP_RESULT_FOLLOW_SYMLINKS : 0;
  if (stp_resultset_begin(target, kind, flags, cmd->name, rs, &err) != STP_OK)
    return cli_error(cmd, &err);
  return 0;
}

int cli_check_out_dir(const cli_command *cmd, const char *dir) {
  stp_error err = {0};
  if (stp_resultset_check(dir, STP_RESULT_FOLDER, 0, &err) != STP_OK) return cli_error(cmd, &err);
  return 0;
}
