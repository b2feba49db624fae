#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "scenario.h"

bool cli_opt_repeats(const cli_opt *o) {
  size_t n = o->arg ? strlen(o->arg) : 0;
  return n > 3 && strcmp(o->arg + n - 3, "...") == 0;
}

/* The largest amount a command-line option takes, in NOK (either sign). */
#define CLI_MONEY_LIMIT_NOK 1000000000000LL

static int find_opt(const cli_command *cmd, const char *name, size_t len) {
  for (int i = 0; cmd->opts && cmd->opts[i].name; i++)
    if (strlen(cmd->opts[i].name) == len && strncmp(cmd->opts[i].name, name, len) == 0) return i;
  return -1;
}

void cli_print_help(const cli_command *cmd) {
  printf("Usage: stipend %s %s\n\n%s\n", cmd->name, cmd->usage, cmd->description);
  if (cmd->opts && cmd->opts[0].name) printf("\nOptions:\n");
  for (int i = 0; cmd->opts && cmd->opts[i].name; i++) {
    char left[64];
    snprintf(left, sizeof left, "--%s%s%s", cmd->opts[i].name, cmd->opts[i].arg ? " " : "",
             cmd->opts[i].arg ? cmd->opts[i].arg : "");
    printf("  %-26s %s\n", left, cmd->opts[i].help);
  }
  printf("  %-26s %s\n", "--help", "show this help");
}

int cli_usage_error(const cli_command *cmd, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "stipend %s: ", cmd->name);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, " (see 'stipend %s --help')\n", cmd->name);
  return 2;
}

int cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *out) {
  memset(out, 0, sizeof *out);
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      cli_print_help(cmd);
      return 1;
    }
    if (strncmp(a, "--", 2) == 0 && a[2]) {
      const char *name = a + 2, *eq = strchr(name, '=');
      size_t len = eq ? (size_t)(eq - name) : strlen(name);
      int k = find_opt(cmd, name, len);
      if (k < 0) return cli_usage_error(cmd, "unknown option --%.*s", (int)len, name);
      bool is_set = strcmp(cmd->opts[k].name, "set") == 0;
      bool repeatable = is_set || cli_opt_repeats(&cmd->opts[k]);
      if (out->values[k] && !repeatable)
        return cli_usage_error(cmd, "--%s given more than once", cmd->opts[k].name);
      if (cmd->opts[k].arg) {
        if (eq) out->values[k] = eq + 1;
        else if (i + 1 < argc) out->values[k] = argv[++i];
        else return cli_usage_error(cmd, "--%s needs a value (%s)", cmd->opts[k].name,
                                    cmd->opts[k].arg);
        if (is_set) {
          if (out->nsets >= (int)(sizeof out->sets / sizeof out->sets[0]))
            return cli_usage_error(cmd, "too many --%s options", cmd->opts[k].name);
          out->sets[out->nsets++] = out->values[k];
        } else if (repeatable) {
          if (out->nlist >= (int)(sizeof out->list / sizeof out->list[0]))
            return cli_usage_error(cmd, "too many --%s options", cmd->opts[k].name);
          out->list[out->nlist++] = out->values[k];
        }
      } else {
        if (eq) return cli_usage_error(cmd, "--%s takes no value", cmd->opts[k].name);
        out->values[k] = "";
      }
    } else if (a[0] == '-' && a[1] && !(a[1] >= '0' && a[1] <= '9')) {
      return cli_usage_error(cmd, "unknown option %s", a);
    } else {
      if (out->npositional >= cmd->max_positional)
        return cli_usage_error(cmd, "unexpected argument '%s'", a);
      out->positional[out->npositional++] = a;
    }
  }
  if (out->npositional < cmd->min_positional)
    return cli_usage_error(cmd, "missing argument (usage: stipend %s %s)", cmd->name, cmd->usage);
  return 0;
}

const char *cli_get(const cli_command *cmd, const cli_args *a, const char *name) {
  int k = find_opt(cmd, name, strlen(name));
  return k >= 0 ? a->values[k] : NULL;
}

bool cli_flag(const cli_command *cmd, const cli_args *a, const char *name) {
  return cli_get(cmd, a, name) != NULL;
}

bool cli_money(const cli_command *cmd, const char *opt, const char *text, bool allow_negative,
               stp_money *out) {
  int rc = stp_money_scan(text, out);
  if (rc == STP_EINVAL) {
    cli_usage_error(cmd, "--%s: '%s' is not an amount in NOK", opt, text);
    return false;
  }
  /* Beyond int64_t øre (STP_ERANGE) is beyond the command line's limit too; the sign is the
     text's, since *out holds nothing then. */
  bool neg = text[strspn(text, " ")] == '-';
  if (rc == STP_OK) neg = *out < 0;
  if (!allow_negative && neg) {
    cli_usage_error(cmd, "--%s: %s is negative; it must be 0 or more", opt, text);
    return false;
  }
  if (rc == STP_ERANGE || *out > STP_NOK(CLI_MONEY_LIMIT_NOK) ||
      *out < -STP_NOK(CLI_MONEY_LIMIT_NOK)) {
    cli_usage_error(cmd, "--%s: %s is beyond the limit, NOK %s%lld", opt, text, neg ? "-" : "",
                    CLI_MONEY_LIMIT_NOK);
    return false;
  }
  return true;
}

bool cli_int(const cli_command *cmd, const char *opt, const char *text, long lo, long hi,
             long *out) {
  char *end;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (end == text || *end || (errno && errno != ERANGE)) {
    cli_usage_error(cmd, "--%s: '%s' is not a whole number", opt, text);
    return false;
  }
  if (errno == ERANGE || v < lo || v > hi) { /* beyond long: strtol held it at LONG_MIN/MAX */
    cli_usage_error(cmd, "--%s: %s is out of range [%ld, %ld]", opt, text, lo, hi);
    return false;
  }
  *out = v;
  return true;
}

bool cli_double(const cli_command *cmd, const char *opt, const char *text, double lo, double hi,
                double *out) {
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  /* Beyond double (1e999, ±HUGE_VAL) or below it (1e-400): a number, for the range check. */
  if (end == text || *end || (errno && errno != ERANGE) || (!isfinite(v) && errno != ERANGE)) {
    cli_usage_error(cmd, "--%s: '%s' is not a number", opt, text);
    return false;
  }
  if (!(v >= lo && v <= hi)) {
    cli_usage_error(cmd, "--%s: %s is out of range [%g, %g]", opt, text, lo, hi);
    return false;
  }
  *out = v;
  return true;
}

bool cli_year(const cli_command *cmd, const char *opt, const char *text, int *year) {
  if (!stp_parse_academic_year(text, year)) {
    cli_usage_error(cmd, "--%s: '%s' is not an academic year like 2024-25", opt, text);
    return false;
  }
  if (*year < STP_FIRST_YEAR || *year > STP_LAST_PROJECTED_YEAR) {
    cli_usage_error(cmd, "--%s: no parameter set for %s (known: %d-%02d to %d-%02d, projected "
                    "after %d-%02d)", opt, text, STP_FIRST_YEAR, (STP_FIRST_YEAR + 1) % 100,
                    STP_LAST_PROJECTED_YEAR, (STP_LAST_PROJECTED_YEAR + 1) % 100, STP_LAST_YEAR,
                    (STP_LAST_YEAR + 1) % 100);
    return false;
  }
  return true;
}

int cli_error(const cli_command *cmd, const stp_error *err) {
  fprintf(stderr, "stipend %s: %s\n", cmd->name, err->msg);
  return stp_exit_status(err->code);
}

int cli_load_params(const cli_command *cmd, const cli_args *a, stp_params **out) {
  stp_error err = {0};
  int rc = stp_params_load(cli_get(cmd, a, "datasets"), out, &err);
  /* The projected years to 2035-36 (and calendar 2036) at the documented default growth
     (docs/scenarios.md), as `stipend params` lists them; a scenario redoes the projection
     with its own [economy]. */
  if (rc != STP_OK) return cli_error(cmd, &err);
  stp_scenario d;
  stp_scenario_defaults(&d);
  rc = stp_params_project(*out, STP_LAST_PROJECTED_YEAR + 1, d.price_growth, d.wage_growth, &err);
  if (rc != STP_OK) {
    stp_params_free(*out);
    *out = NULL;
    return cli_error(cmd, &err);
  }
  return 0;
}
