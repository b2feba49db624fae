/* opts.c: options several commands share (opts.h). */
#include "cli/opts.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analytics/replicate.h"
#include "cli/prepare.h"
#include "resultset.h"

int cli_lang_opt(const cli_command *cmd, const cli_args *a, stp_lang *lang) {
  const char *text = cli_get(cmd, a, "lang");
  *lang = STP_LANG_EN;
  if (text && stp_lang_parse(text, lang) != STP_OK)
    return cli_usage_error(cmd, "--lang: '%s' is not nb or en", text);
  return 0;
}

int cli_replications_opt(const cli_command *cmd, const cli_args *a, long *n) {
  const char *s = cli_get(cmd, a, "replications");
  return s && !cli_int(cmd, "replications", s, 1, STP_REPL_MAX, n) ? 2 : 0;
}

unsigned cli_out_flags(const cli_command *cmd, const cli_args *a) {
  return cli_flag(cmd, a, "follow-symlinks") ? STP_RESULT_FOLLOW_SYMLINKS : 0;
}

bool cli_progress(const cli_command *cmd, const cli_args *a) {
  return !cli_flag(cmd, a, "quiet") && isatty(2);
}

int cli_prepare_threads(const cli_command *cmd, const cli_args *a, const char *path,
                        const stp_prepare_opts *po, stp_prepared **x, int *threads) {
  int rc = cli_prepare(cmd, a, path, po, x);
  if (!rc) rc = cli_threads_opt(cmd, a, threads);
  if (rc) {
    stp_prepared_close(*x);
    *x = NULL;
  }
  return rc;
}

int cli_population_args(const cli_command *cmd, const cli_args *a, cli_args *b) {
  *b = *a;
  if (b->nsets >= (int)(sizeof b->sets / sizeof b->sets[0]))
    return cli_usage_error(cmd, "too many --set");
  memmove(b->sets + 1, b->sets, (size_t)b->nsets * sizeof b->sets[0]);
  b->sets[0] = "cohort.population=norway";
  b->nsets++;
  return 0;
}

void cli_command_line(const cli_command *cmd, const cli_args *a, const char *const *keep,
                      size_t nkeep, bool quote_sets, char *buf, size_t n) {
  size_t o = (size_t)snprintf(buf, n, "stipend %s", cmd->name);
  for (int i = 0; i < a->npositional && o < n; i++)
    o += (size_t)snprintf(buf + o, n - o, " %s", a->positional[i]);
  for (size_t i = 0; i < nkeep && o < n; i++) {
    const char *v = cli_get(cmd, a, keep[i]);
    if (v) o += (size_t)snprintf(buf + o, n - o, " --%s %s", keep[i], v);
  }
  for (int i = 0; i < a->nsets && o < n; i++)
    o += (size_t)snprintf(buf + o, n - o,
                          quote_sets || strchr(a->sets[i], ' ') ? " --set '%s'" : " --set %s",
                          a->sets[i]);
}
