/* scenario.c: reading scenario files with inih, checking every value, and applying [policy]
   overrides to the parameter sets.

   Line numbers: Debian's libinih is built without INI_HANDLER_LINENO, so the file is read into
   memory and fed to ini_parse_stream by scen__reader, which hands inih one line per call and
   counts them. inih calls the handler while it processes the line just read, so the count is
   the handler's line. The reader also sees the raw line: it checks section headers (inih does
   not report a section without keys), lines too long for inih's buffer, and whether a line is
   indented (inih takes an indented line after a key as a continuation of that key's value). */
#include "scenario.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ini.h>

#include "files.h"
#include "money.h"
#include "rules/support.h"

/* ---- sections and keys ---- */

typedef enum { SEC_RUN, SEC_COHORT, SEC_POLICY, SEC_ECONOMY, SEC_OUTPUT, NSEC } scen__section;
static const char *const section_names[NSEC] = {"run", "cohort", "policy", "economy", "output"};

/* What a parser needs besides the value. */
typedef struct scen__ctx {
  stp_scenario *s;
  const char *dir;  /* folder that relative paths are resolved against; NULL = working dir */
  char *why;        /* the reason of a failure */
  size_t nwhy;
} scen__ctx;

typedef int (*scen__parse_fn)(scen__ctx *c, const char *value);

typedef struct scen__key {
  scen__section sec;
  const char *name;
  scen__parse_fn parse;
} scen__key;

static int scen__fail(scen__ctx *c, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int scen__fail(scen__ctx *c, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->why, c->nwhy, fmt, ap);
  va_end(ap);
  return code;
}

const char *stp_scenario_year_name(int year, char *buf, size_t n) {
  snprintf(buf, n, "%d-%02d", year, (year + 1) % 100);
  return buf;
}

/* ---- value syntax ---- */

static bool scen__bool(const char *v, bool *out) {
  static const char *const yes[] = {"1", "true", "yes", "on"}, *const no[] = {"0", "false", "no",
                                                                                "off"};
  for (int i = 0; i < 4; i++) {
    if (strcasecmp(v, yes[i]) == 0) return *out = true, true;
    if (strcasecmp(v, no[i]) == 0) return *out = false, true;
  }
  return false;
}

/* A whole number, digits with optional '_' between them ("1_000_000") and a leading '-'. */
static bool scen__whole(const char *v, long long *out) {
  const char *p = v;
  bool neg = *p == '-';
  if (neg) p++;
  if (!isdigit((unsigned char)*p)) return false;
  long long x = 0;
  for (; *p; p++) {
    if (*p == '_' && isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[1])) continue;
    if (!isdigit((unsigned char)*p)) return false;
    /* Beyond long long: held at LLONG_MAX, which every caller's range check then names. */
    if (x > (LLONG_MAX - 9) / 10) x = LLONG_MAX;
    else x = x * 10 + (*p - '0');
  }
  *out = neg ? -x : x;
  return true;
}

/* A decimal number, optionally followed by '%' ("3.5%", "0.035"); *percent says which. */
static bool scen__number(const char *v, double *out, bool *percent) {
  char *end;
  errno = 0;
  double x = strtod(v, &end);
  /* Beyond double (1e999) is ±HUGE_VAL, below it (1e-400) nearly 0: both are numbers, which
     the callers' range checks then accept or reject naming the range. */
  if (end == v || (errno && errno != ERANGE) || isnan(x)) return false;
  while (*end == ' ') end++;
  *percent = *end == '%';
  if (*percent) end++;
  if (*end) return false;
  /* strtod also reads "inf", "nan" and hex; accept plain decimals only. */
  for (const char *p = v; p < end; p++)
    if (isalpha((unsigned char)*p) && *p != 'e' && *p != 'E') return false;
  *out = x;
  return true;
}

/* A multiple of G: "1.5G", "1.5 G", "0.25g". */
static bool scen__g_multiple(const char *v, double *x) {
  size_t n = strlen(v);
  if (n < 2 || (v[n - 1] != 'G' && v[n - 1] != 'g')) return false;
  char num[64];
  if (n - 1 >= sizeof num) return false;
  memcpy(num, v, n - 1);
  num[n - 1] = '\0';
  for (size_t k = n - 1; k > 0 && num[k - 1] == ' '; k--) num[k - 1] = '\0';
  bool pct;
  return scen__number(num, x, &pct) && !pct;
}

/* Copy a text value, without surrounding double quotes; checks length and control bytes. */
static int scen__text(scen__ctx *c, const char *v, char *dst, size_t n, bool allow_empty) {
  size_t len = strlen(v);
  if (len >= 2 && v[0] == '"' && v[len - 1] == '"') v++, len -= 2;
  if (!len && !allow_empty) return scen__fail(c, STP_EINVAL, "is empty");
  if (len >= n) return scen__fail(c, STP_ERANGE, "is longer than %zu characters", n - 1);
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
      return scen__fail(c, STP_EINVAL, "contains a control character");
  memcpy(dst, v, len);
  dst[len] = '\0';
  return STP_OK;
}

static int scen__academic_year(scen__ctx *c, const char *v, int lo, int hi, int *year) {
  char a[16], b[16];
  if (!stp_parse_academic_year(v, year))
    return scen__fail(c, STP_EINVAL, "'%s' is not an academic year like 2025-26", v);
  if (*year < lo || *year > hi)
    return scen__fail(c, STP_ERANGE, "%s is outside %s to %s", v,
                      stp_scenario_year_name(lo, a, sizeof a),
                      stp_scenario_year_name(hi, b, sizeof b));
  return STP_OK;
}

/* A rate per year: a fraction or a percentage ("0.035", "3.5%"), within [lo, hi]. */
static int scen__rate(scen__ctx *c, const char *v, double lo, double hi, double *out) {
  double x;
  bool pct;
  if (!scen__number(v, &x, &pct))
    return scen__fail(c, STP_EINVAL, "'%s' is not a rate (write 0.035 or 3.5%%)", v);
  if (pct) x /= 100;
  if (!(x >= lo && x <= hi)) {
    if (!pct && x > hi && x / 100 <= hi)
      return scen__fail(c, STP_ERANGE,
                        "%s is %g %%, outside [%g %%, %g %%]; for %g %% write %g or %g%%", v,
                        x * 100, lo * 100, hi * 100, x, x / 100, x);
    return scen__fail(c, STP_ERANGE, "%s is outside [%g %%, %g %%]", v, lo * 100, hi * 100);
  }
  *out = x;
  return STP_OK;
}

/* A Lånekassen rate in percent ("4.5" or "4.5%"), 0 to 20 %. */
static int scen__percent(scen__ctx *c, const char *v, double *per_year) {
  double x;
  bool pct;
  if (!scen__number(v, &x, &pct))
    return scen__fail(c, STP_EINVAL, "'%s' is not a rate in percent (4.5 or 4.5%%)", v);
  if (!(x >= 0 && x <= 20))
    return scen__fail(c, STP_ERANGE, "%g %% is outside [0 %%, 20 %%]", x);
  *per_year = x / 100;
  return STP_OK;
}

/* ---- [run] ---- */

static int scen__run_name(scen__ctx *c, const char *v) {
  return scen__text(c, v, c->s->name, sizeof c->s->name, false);
}
static int scen__run_description(scen__ctx *c, const char *v) {
  return scen__text(c, v, c->s->description, sizeof c->s->description, true);
}
static int scen__run_base_year(scen__ctx *c, const char *v) {
  return scen__academic_year(c, v, STP_FIRST_YEAR, STP_LAST_PROJECTED_YEAR, &c->s->base_year);
}
static int scen__run_policy_until(scen__ctx *c, const char *v) {
  return scen__academic_year(c, v, STP_FIRST_YEAR, STP_LAST_PROJECTED_YEAR, &c->s->policy_until);
}
static int scen__run_seed(scen__ctx *c, const char *v) {
  long long x;
  const char *p = v;
  uint64_t seed = 0;
  if (*p == '-' && scen__whole(v, &x))
    return scen__fail(c, STP_ERANGE, "%s is negative; a seed is 0 to 9223372036854775807", v);
  if (!isdigit((unsigned char)*p))
    return scen__fail(c, STP_EINVAL, "'%s' is not a number (a seed is a whole number)", v);
  for (; *p; p++) {
    if (*p == '_' && isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[1])) continue;
    if (!isdigit((unsigned char)*p))
      return scen__fail(c, STP_EINVAL, "'%s' is not a number (a seed is a whole number)", v);
    unsigned d = (unsigned)(*p - '0');
    /* below 2^63, so that every tool reads the seed column of a result file as a 64-bit
       signed integer (DuckDB reads larger ones as DOUBLE, losing the run) */
    if (seed > ((uint64_t)INT64_MAX - d) / 10)
      return scen__fail(c, STP_ERANGE, "%s is larger than 9223372036854775807", v);
    seed = seed * 10 + d;
  }
  c->s->seed = seed;
  return STP_OK;
}
static int scen__run_entry_years(scen__ctx *c, const char *v) {
  char a[32], b[32];
  const char *colon = strchr(v, ':');
  size_t na = colon ? (size_t)(colon - v) : strlen(v);
  if (na >= sizeof a || (colon && strlen(colon + 1) >= sizeof b))
    return scen__fail(c, STP_EINVAL, "'%s' is not 2025-26 or 2021-22:2025-26", v);
  memcpy(a, v, na);
  a[na] = '\0';
  while (na && a[na - 1] == ' ') a[--na] = '\0';
  const char *bs = colon ? colon + 1 : a;
  while (*bs == ' ') bs++;
  snprintf(b, sizeof b, "%s", bs);
  int first, last, rc;
  if ((rc = scen__academic_year(c, a, STP_FIRST_YEAR, STP_SCEN_LAST_ENTRY_YEAR, &first)) ||
      (rc = scen__academic_year(c, b, STP_FIRST_YEAR, STP_SCEN_LAST_ENTRY_YEAR, &last)))
    return rc;
  if (last < first)
    return scen__fail(c, STP_ERANGE, "%s: the last entry year %s is before the first %s", v, b,
                      a);
  c->s->entry_first = first;
  c->s->entry_last = last;
  return STP_OK;
}
static int scen__run_budget_years(scen__ctx *c, const char *v) {
  long long x;
  if (!scen__whole(v, &x)) return scen__fail(c, STP_EINVAL, "'%s' is not a whole number", v);
  if (x < 1 || x > 40) return scen__fail(c, STP_ERANGE, "%s is outside 1 to 40 budget years", v);
  c->s->budget_years = (int)x;
  return STP_OK;
}
static int scen__run_replications(scen__ctx *c, const char *v) {
  long long x;
  if (!scen__whole(v, &x)) return scen__fail(c, STP_EINVAL, "'%s' is not a whole number", v);
  if (x < 1 || x > 10000) return scen__fail(c, STP_ERANGE, "%s is outside 1 to 10000", v);
  c->s->replications = (int)x;
  return STP_OK;
}

/* ---- [cohort] ---- */

#define SCEN_MAX_SIZE 1000000000L

static int scen__cohort_size(scen__ctx *c, const char *v) {
  long long x;
  if (!scen__whole(v, &x))
    return scen__fail(c, STP_EINVAL,
                      "'%s' is not a whole number of students (write 1000000 or 1_000_000)", v);
  if (x < 1 || x > SCEN_MAX_SIZE)
    return scen__fail(c, STP_ERANGE, "%s is outside 1 to 1_000_000_000 students", v);
  c->s->size = (long)x;
  return STP_OK;
}
static int scen__cohort_population(scen__ctx *c, const char *v) {
  if (strcmp(v, "norway") == 0) c->s->population = true;
  else if (strcmp(v, "none") == 0) c->s->population = false;
  else return scen__fail(c, STP_EINVAL, "'%s' is not norway or none", v);
  return STP_OK;
}
static int scen__cohort_sample(scen__ctx *c, const char *v) {
  double x;
  bool pct;
  if (!scen__number(v, &x, &pct))
    return scen__fail(c, STP_EINVAL, "'%s' is not a share (write 0.05 or 5%%)", v);
  if (pct) x /= 100;
  if (!(x > 0 && x <= 1)) return scen__fail(c, STP_ERANGE, "%s is not a share in (0, 1]", v);
  c->s->sample = x;
  return STP_OK;
}
static int scen__cohort_source(scen__ctx *c, const char *v) {
  if (strcmp(v, "synthetic") == 0) c->s->source = STP_COHORT_SYNTHETIC;
  else if (strcmp(v, "microdata") == 0) c->s->source = STP_COHORT_MICRODATA;
  else return scen__fail(c, STP_EINVAL, "'%s' is not synthetic or microdata", v);
  return STP_OK;
}
static int scen__cohort_microdata(scen__ctx *c, const char *v) {
  char rel[512];
  int rc = scen__text(c, v, rel, sizeof rel, true);
  if (rc) return rc;
  if (!*rel) {
    c->s->microdata[0] = '\0';
    return STP_OK;
  }
  char full[1100];
  if (rel[0] == '/' || !c->dir) snprintf(full, sizeof full, "%s", rel);
  else snprintf(full, sizeof full, "%s/%s", c->dir, rel);
  if (strlen(full) >= sizeof c->s->microdata)
    return scen__fail(c, STP_ERANGE, "the path %s is longer than %zu characters", full,
                      sizeof c->s->microdata - 1);
  FILE *f = fopen(full, "rb");
  if (!f) return scen__fail(c, STP_EINVAL, "cannot open %s: %s", full, strerror(errno));
  fclose(f);
  memcpy(c->s->microdata, full, strlen(full) + 1);
  return STP_OK;
}
static int scen__cohort_calibration(scen__ctx *c, const char *v) {
  char name[128];
  int rc = scen__text(c, v, name, sizeof name, false);
  if (rc) return rc;
  for (const char *p = name; *p; p++)
    if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
      return scen__fail(c, STP_EINVAL,
                        "'%s' is not a calibration set name (letters, digits, '-', '_', '.')", v);
  if (name[0] == '.')
    return scen__fail(c, STP_EINVAL, "'%s' is not a calibration set name (starts with '.')", v);
  memcpy(c->s->calibration, name, strlen(name) + 1);
  return STP_OK;
}

/* ---- [economy] ---- */

/* "YYYY-MM:" at the start of s (blanks around the colon allowed): the year and month, and
   *after at the first non-blank past the colon. False if s does not start so. */
static bool scen__month_colon(const char *s, int *y, int *m, const char **after) {
  int used = 0;
  if (sscanf(s, "%4d-%2d%n", y, m, &used) != 2 || used != 7 || !isdigit((unsigned char)s[0]) ||
      !isdigit((unsigned char)s[5]))
    return false;
  s += used;
  while (*s == ' ') s++;
  if (*s != ':') return false;
  s++;
  while (*s == ' ') s++;
  *after = s;
  return true;
}

/* A month of a point in the simulated years (what names the value in the message). */
static int scen__month_in_range(scen__ctx *c, const char *what, int y, int m) {
  if (m < 1 || m > 12 || y < STP_FIRST_YEAR || y > STP_MAX_YEAR)
    return scen__fail(c, STP_ERANGE, "'%s': the month is outside %d-01 to %d-12", what,
                      STP_FIRST_YEAR, STP_MAX_YEAR);
  return STP_OK;
}

static int scen__economy_rate_path(scen__ctx *c, const char *v) {
  stp_scenario *s = c->s;
  int n = 0;
  stp_month months[STP_SCEN_MAX_RATE_POINTS];
  double rates[STP_SCEN_MAX_RATE_POINTS];
  const char *p = v;
  while (*p == ' ') p++;
  while (*p) {
    char item[64];
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    if (len >= sizeof item) return scen__fail(c, STP_EINVAL, "'%.*s' is not YYYY-MM:RATE", 40, p);
    memcpy(item, p, len);
    item[len] = '\0';
    while (len && item[len - 1] == ' ') item[--len] = '\0';
    int y, m;
    const char *r;
    if (!scen__month_colon(item, &y, &m, &r))
      return scen__fail(c, STP_EINVAL, "'%s' is not a point YYYY-MM:RATE like 2026-01:4.5", item);
    int rc = scen__month_in_range(c, item, y, m);
    if (rc) return rc;
    if (n == STP_SCEN_MAX_RATE_POINTS)
      return scen__fail(c, STP_ERANGE, "more than %d points", STP_SCEN_MAX_RATE_POINTS);
    rc = scen__percent(c, r, &rates[n]);
    if (rc) return rc;
    months[n] = STP_MONTH(y, m);
    if (n > 0 && months[n] <= months[n - 1])
      return scen__fail(c, STP_EINVAL, "'%s' is not after the previous point", item);
    n++;
    if (!comma) break;
    p = comma + 1;
    while (*p == ' ') p++;
    if (!*p) return scen__fail(c, STP_EINVAL, "ends with a comma");
  }
  s->rate_npoints = n;
  memcpy(s->rate_month, months, (size_t)n * sizeof months[0]);
  memcpy(s->rate, rates, (size_t)n * sizeof rates[0]);
  return STP_OK;
}
/* YYYY-MM:POINTS, the points signed: "2017-01:0.35". */
static int scen__economy_rate_shift(scen__ctx *c, const char *v) {
  int y, m;
  const char *r;
  if (!scen__month_colon(v, &y, &m, &r))
    return scen__fail(c, STP_EINVAL, "'%s' is not YYYY-MM:POINTS like 2017-01:0.35", v);
  int rc = scen__month_in_range(c, v, y, m);
  if (rc) return rc;
  double x;
  bool pct;
  if (!scen__number(r, &x, &pct) || pct)
    return scen__fail(c, STP_EINVAL, "'%s' is not a number of percentage points", r);
  if (!(x >= -5 && x <= 5))
    return scen__fail(c, STP_ERANGE, "%g points is outside [-5, 5]", x);
  c->s->rate_shift_from = STP_MONTH(y, m);
  c->s->rate_shift = x / 100;
  return STP_OK;
}
static int scen__economy_rate_after(scen__ctx *c, const char *v) {
  if (strcmp(v, "hold") == 0) {
    c->s->rate_after = NAN;
    return STP_OK;
  }
  return scen__percent(c, v, &c->s->rate_after);
}
static int scen__economy_wage_growth(scen__ctx *c, const char *v) {
  return scen__rate(c, v, -0.10, 0.20, &c->s->wage_growth);
}
static int scen__economy_price_growth(scen__ctx *c, const char *v) {
  return scen__rate(c, v, -0.10, 0.20, &c->s->price_growth);
}
static int scen__economy_discount_rate(scen__ctx *c, const char *v) {
  return scen__rate(c, v, 0, 0.20, &c->s->discount_rate);
}
static int scen__economy_discount(scen__ctx *c, const char *v) {
  if (strcmp(v, "cost-of-funds") == 0) c->s->discount_social = false;
  else if (strcmp(v, "social") == 0) c->s->discount_social = true;
  else return scen__fail(c, STP_EINVAL, "'%s' is not cost-of-funds or social", v);
  return STP_OK;
}
static int scen__economy_cost_of_funds(scen__ctx *c, const char *v) {
  return scen__rate(c, v, 0, 0.20, &c->s->cost_of_funds);
}
static int scen__economy_pv_year(scen__ctx *c, const char *v) {
  long long x;
  if (!scen__whole(v, &x)) return scen__fail(c, STP_EINVAL, "'%s' is not a year", v);
  if (x < STP_FIRST_YEAR || x > STP_LAST_PROJECTED_YEAR + 1)
    return scen__fail(c, STP_ERANGE, "%s is outside %d to %d", v, STP_FIRST_YEAR,
                      STP_LAST_PROJECTED_YEAR + 1);
  c->s->pv_year = (int)x;
  return STP_OK;
}

/* ---- [output] ---- */

static int scen__output_dir(scen__ctx *c, const char *v) {
  return scen__text(c, v, c->s->out_dir, sizeof c->s->out_dir, false);
}
static int scen__output_students(scen__ctx *c, const char *v) {
  if (!scen__bool(v, &c->s->students))
    return scen__fail(c, STP_EINVAL, "'%s' is not true or false (or yes/no, on/off, 1/0)", v);
  return STP_OK;
}

/* The keys of the fixed sections; [policy] takes the registry's names. New keys: one line. */
static const scen__key scen_keys[] = {
    {SEC_RUN, "name", scen__run_name},
    {SEC_RUN, "description", scen__run_description},
    {SEC_RUN, "base_year", scen__run_base_year},
    {SEC_RUN, "policy_until", scen__run_policy_until},
    {SEC_RUN, "seed", scen__run_seed},
    {SEC_RUN, "entry_years", scen__run_entry_years},
    {SEC_RUN, "replications", scen__run_replications},
    {SEC_RUN, "budget_years", scen__run_budget_years},
    {SEC_COHORT, "size", scen__cohort_size},
    {SEC_COHORT, "source", scen__cohort_source},
    {SEC_COHORT, "microdata", scen__cohort_microdata},
    {SEC_COHORT, "calibration", scen__cohort_calibration},
    {SEC_COHORT, "population", scen__cohort_population},
    {SEC_COHORT, "sample", scen__cohort_sample},
    {SEC_ECONOMY, "rate_path", scen__economy_rate_path},
    {SEC_ECONOMY, "rate_after", scen__economy_rate_after},
    {SEC_ECONOMY, "rate_shift", scen__economy_rate_shift},
    {SEC_ECONOMY, "wage_growth", scen__economy_wage_growth},
    {SEC_ECONOMY, "price_growth", scen__economy_price_growth},
    {SEC_ECONOMY, "discount", scen__economy_discount},
    {SEC_ECONOMY, "discount_rate", scen__economy_discount_rate},
    {SEC_ECONOMY, "cost_of_funds", scen__economy_cost_of_funds},
    {SEC_ECONOMY, "pv_year", scen__economy_pv_year},
    {SEC_OUTPUT, "dir", scen__output_dir},
    {SEC_OUTPUT, "students", scen__output_students},
};
#define NKEYS ((int)(sizeof scen_keys / sizeof scen_keys[0]))
_Static_assert(sizeof scen_keys / sizeof scen_keys[0] <= STP_SCEN_MAX_KEYS,
               "raise STP_SCEN_MAX_KEYS");

static int scen__key_index(scen__section sec, const char *name) {
  for (int i = 0; i < NKEYS; i++)
    if (scen_keys[i].sec == sec && strcmp(scen_keys[i].name, name) == 0) return i;
  return -1;
}
static int scen__section_index(const char *name) {
  for (int i = 0; i < NSEC; i++)
    if (strcmp(section_names[i], name) == 0) return i;
  return -1;
}

/* Edit distance, for "did you mean". */
static int scen__distance(const char *a, const char *b) {
  size_t na = strlen(a), nb = strlen(b);
  if (na > 63 || nb > 63) return 99;
  int d[64];
  for (size_t j = 0; j <= nb; j++) d[j] = (int)j;
  for (size_t i = 1; i <= na; i++) {
    int diag = d[0];
    d[0] = (int)i;
    for (size_t j = 1; j <= nb; j++) {
      int up = d[j];
      int best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (d[j - 1] + 1 < best) best = d[j - 1] + 1;
      d[j] = best;
      diag = up;
    }
  }
  return d[nb];
}

/* Reason for an unknown key: a suggestion, or the section's keys. */
static int scen__unknown_key(scen__ctx *c, scen__section sec, const char *name) {
  const char *best = NULL;
  int bestd = 3;
  if (sec == SEC_POLICY) {
    for (int i = 0; i < stp_param_count(); i++) {
      int d = scen__distance(name, stp_param_def_at(i)->name);
      if (d < bestd) bestd = d, best = stp_param_def_at(i)->name;
    }
    if (best)
      return scen__fail(c, STP_EINVAL, "unknown parameter; did you mean %s? (see 'stipend params')",
                        best);
    return scen__fail(c, STP_EINVAL, "unknown parameter (see 'stipend params' for the names)");
  }
  char list[256] = "";
  size_t used = 0;
  for (int i = 0; i < NKEYS; i++) {
    if (scen_keys[i].sec != sec) continue;
    int d = scen__distance(name, scen_keys[i].name);
    if (d < bestd) bestd = d, best = scen_keys[i].name;
    int w = snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", scen_keys[i].name);
    if (w > 0 && (size_t)w < sizeof list - used) used += (size_t)w;
  }
  if (best) return scen__fail(c, STP_EINVAL, "unknown key; did you mean %s?", best);
  return scen__fail(c, STP_EINVAL, "unknown key (known: %s)", list);
}

/* ---- [policy] ---- */

/* A registry bound as written in files: whole kroner and counts without exponents. */
static const char *scen__bound(const stp_param_def *d, double v, char *buf, size_t n) {
  if (d->kind == STP_UNIT_SHARE) snprintf(buf, n, "%g", v);
  else snprintf(buf, n, "%.0f", v);
  return buf;
}

static int scen__policy_value(scen__ctx *c, const stp_param_def *d, const char *v,
                              stp_override *o) {
  double x;
  bool pct;
  o->def = d;
  o->in_g = false;
  if (scen__g_multiple(v, &x)) {
    if (d->kind != STP_UNIT_NOK)
      return scen__fail(c, STP_EINVAL, "'%s': only money can be given in G; %s is in %s", v,
                        d->name, d->unit);
    if (strcmp(d->name, "g") == 0)
      return scen__fail(c, STP_EINVAL, "'%s': G itself cannot be given in G", v);
    if (!(x >= 0 && x <= 100))
      return scen__fail(c, STP_ERANGE, "'%s' is outside 0G to 100G", v);
    o->value = x;
    o->in_g = true;
    return STP_OK;
  }
  switch (d->kind) {
  case STP_UNIT_NOK: {
    stp_money m;
    int mrc = stp_money_scan(v, &m);
    if (mrc == STP_EINVAL)
      return scen__fail(c, STP_EINVAL, "'%s' is not an amount in NOK (like 180000) or in G (1.5G)",
                        v);
    /* Beyond øre in int64_t: far outside every parameter's range, which the check names. */
    x = mrc == STP_ERANGE ? (v[strspn(v, " ")] == '-' ? -HUGE_VAL : HUGE_VAL) : (double)m / 100.0;
    break;
  }
  case STP_UNIT_SHARE:
    if (!scen__number(v, &x, &pct))
      return scen__fail(c, STP_EINVAL, "'%s' is not a share (0.4 or 40%%)", v);
    if (pct) x /= 100;
    break;
  default:
    if (strcmp(d->unit, "switch") == 0) {
      bool b;
      if (!scen__bool(v, &b))
        return scen__fail(c, STP_EINVAL, "'%s' is not a switch (true/false, yes/no, on/off, 1/0)",
                          v);
      x = b;
    } else {
      long long w;
      if (!scen__whole(v, &w))
        return scen__fail(c, STP_EINVAL, "'%s' is not a whole number of %s", v, d->unit);
      x = (double)w;
    }
  }
  char lo[32], hi[32];
  if (!(x >= d->min && x <= d->max))
    return scen__fail(c, STP_ERANGE, "%s is outside [%s, %s] %s", v,
                      scen__bound(d, d->min, lo, sizeof lo), scen__bound(d, d->max, hi, sizeof hi),
                      d->unit);
  o->value = x;
  return STP_OK;
}

/* ---- one assignment, from a file line or --set ---- */

/* Where a value came from, for messages: "FILE:LINE", "--set" or "FILE". */
static const char *scen__where(const stp_scenario *s, int line, char *buf, size_t n) {
  if (line == STP_SCEN_FROM_SET) snprintf(buf, n, "--set");
  else if (line > 0) snprintf(buf, n, "%s:%d", s->path, line);
  else snprintf(buf, n, "%s", *s->path ? s->path : "scenario");
  return buf;
}

/* Set section.key = value. line > 0: a file line (a repeated key is an error); otherwise
   STP_SCEN_FROM_SET (a later value replaces an earlier one). */
static int scen__assign(scen__ctx *c, const char *section, const char *key, const char *value,
                        int line) {
  stp_scenario *s = c->s;
  int sec = scen__section_index(section);
  if (sec < 0)
    return scen__fail(c, STP_EINVAL, "unknown section (known: run, cohort, policy, economy, "
                                     "output)");
  if (sec == SEC_POLICY) {
    const stp_param_def *d = stp_param_find(key);
    if (!d) return scen__unknown_key(c, SEC_POLICY, key);
    int k = 0;
    while (k < s->noverrides && s->overrides[k].def != d) k++;
    if (k < s->noverrides && line > 0 && s->overrides[k].line > 0)
      return scen__fail(c, STP_EINVAL, "given twice (first on line %d)", s->overrides[k].line);
    if (k == s->noverrides && k == STP_SCEN_MAX_OVERRIDES)
      return scen__fail(c, STP_ERANGE, "more than %d overrides", STP_SCEN_MAX_OVERRIDES);
    stp_override o;
    int rc = scen__policy_value(c, d, value, &o);
    if (rc) return rc;
    o.line = line;
    s->overrides[k] = o;
    if (k == s->noverrides) s->noverrides++;
    return STP_OK;
  }
  int k = scen__key_index((scen__section)sec, key);
  if (k < 0) return scen__unknown_key(c, (scen__section)sec, key);
  if (line > 0 && s->key_line[k] > 0)
    return scen__fail(c, STP_EINVAL, "given twice (first on line %d)", s->key_line[k]);
  int rc = scen_keys[k].parse(c, value);
  if (rc) return rc;
  s->key_line[k] = line;
  return STP_OK;
}

/* Values that depend on others, and checks across keys; after the file and after each --set. */
static int scen__finish(stp_scenario *s, stp_error *err) {
  char w[600];
  int k_entry = scen__key_index(SEC_RUN, "entry_years");
  int k_dir = scen__key_index(SEC_OUTPUT, "dir");
  int k_source = scen__key_index(SEC_COHORT, "source");
  int k_micro = scen__key_index(SEC_COHORT, "microdata");
  int k_name = scen__key_index(SEC_RUN, "name");
  char why[200];
  /* The name heads every result row and names the default results folder: a safe set
     (files.h), so no spreadsheet formula and no path out of results/. */
  if (!stp_safe_name(s->name, why, sizeof why))
    return stp_fail(err, STP_EINVAL, "%s: [run] name: %s%s (docs/scenarios.md)",
                    scen__where(s, s->key_line[k_name], w, sizeof w), why,
                    s->key_line[k_name] == STP_SCEN_DEFAULT ? " (the name is the file's name "
                                                             "without .ini; give [run] name)"
                                                           : "");
  if (s->key_line[k_entry] == STP_SCEN_DEFAULT) s->entry_first = s->entry_last = s->base_year;
  if (s->policy_until && s->policy_until < s->base_year) {
    char a[16], b[16];
    return stp_fail(err, STP_EINVAL, "%s: [run] policy_until: %s is before base_year %s",
                    scen__where(s, s->key_line[scen__key_index(SEC_RUN, "policy_until")], w,
                                sizeof w),
                    stp_scenario_year_name(s->policy_until, a, sizeof a),
                    stp_scenario_year_name(s->base_year, b, sizeof b));
  }
  if (s->key_line[k_dir] == STP_SCEN_DEFAULT) {
    char dir[sizeof s->out_dir + 16];
    snprintf(dir, sizeof dir, "results/%s", s->name);
    snprintf(s->out_dir, sizeof s->out_dir, "%.*s", (int)sizeof s->out_dir - 1, dir);
  }
  bool source_given = s->key_line[k_source] != STP_SCEN_DEFAULT;
  if (!source_given)
    s->source = *s->microdata ? STP_COHORT_MICRODATA : STP_COHORT_SYNTHETIC;
  if (s->source == STP_COHORT_MICRODATA && !*s->microdata)
    return stp_fail(err, STP_EINVAL, "%s: [cohort] source: microdata needs [cohort] microdata = FILE",
                    scen__where(s, s->key_line[k_source], w, sizeof w));
  if (s->population && s->source == STP_COHORT_MICRODATA)
    return stp_fail(err, STP_EINVAL,
                    "%s: [cohort] population: population = norway draws Norway's students; it "
                    "cannot replay a microdata file",
                    scen__where(s, s->key_line[scen__key_index(SEC_COHORT, "population")], w,
                                sizeof w));
  if (s->source == STP_COHORT_SYNTHETIC && *s->microdata)
    return stp_fail(err, STP_EINVAL,
                    "%s: [cohort] microdata: a microdata file is given but source = synthetic",
                    scen__where(s, s->key_line[k_micro], w, sizeof w));
  return STP_OK;
}

int stp_scenario_defaults(stp_scenario *s) {
  memset(s, 0, sizeof *s);
  snprintf(s->name, sizeof s->name, "scenario");
  s->base_year = 2025;
  s->seed = 1;
  s->entry_first = s->entry_last = s->base_year;
  s->replications = 1;
  s->budget_years = 10;
  s->size = 100000;
  s->sample = 0.05;
  s->source = STP_COHORT_SYNTHETIC;
  snprintf(s->calibration, sizeof s->calibration, "default");
  s->rate_after = NAN;
  s->wage_growth = 0.035;
  s->price_growth = 0.025;
  s->discount_rate = 0.04;
  s->cost_of_funds = 0.04;
  snprintf(s->out_dir, sizeof s->out_dir, "results/%s", s->name);
  s->students = false;
  return STP_OK;
}

/* ---- reading a file ---- */

typedef struct scen__load {
  stp_scenario *s;
  const char *buf;        /* the whole file, NUL-terminated */
  size_t len, pos;
  char dir[512];          /* the file's folder */
  int lineno;             /* lines handed to inih so far = the line being processed */
  bool indented;          /* the current line starts with a blank */
  bool too_long;          /* the current line did not fit inih's buffer */
  bool have_prev;         /* a key was read since the last section header (inih's prev_name) */
  char prev_key[64];      /* that key */
  char section[64];       /* the current section */
  int err_line;           /* first error found here (0: none) */
  int err_code;
  char err_msg[768];
} scen__load;

static void scen__load_fail(scen__load *L, int line, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void scen__load_fail(scen__load *L, int line, int code, const char *fmt, ...) {
  if (L->err_line) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(L->err_msg, sizeof L->err_msg, fmt, ap);
  va_end(ap);
  L->err_line = line;
  L->err_code = code;
}

/* fgets-like reader for ini_parse_stream: one line per call, counted. */
static char *scen__reader(char *str, int num, void *stream) {
  scen__load *L = stream;
  if (L->pos >= L->len) return NULL;
  const char *line = L->buf + L->pos;
  const char *nl = memchr(line, '\n', L->len - L->pos);
  size_t n = nl ? (size_t)(nl - line) : L->len - L->pos;
  L->pos += n + (nl ? 1 : 0);
  L->lineno++;
  if (n && line[n - 1] == '\r') n--;
  /* inih needs 3 bytes more than the longest line (see ini.h). */
  size_t max = num > 3 ? (size_t)num - 3 : 0;
  L->too_long = n > max;
  if (L->too_long) n = max;
  memcpy(str, line, n);
  str[n] = '\0';
  L->indented = n && (line[0] == ' ' || line[0] == '\t');
  if (L->too_long) {
    /* Name the key: the text before '=' (or ':'), or the key it continues. */
    const char *k = str + strspn(str, " \t");
    size_t nk = strcspn(k, "=:");
    while (nk && k[nk - 1] == ' ') nk--;
    if (L->have_prev && L->indented) k = L->prev_key, nk = strlen(k);
    scen__load_fail(L, L->lineno, STP_EINVAL,
                    "%s:%d: [%s] %.*s: line is longer than %zu characters (a description "
                    "continues on indented lines)",
                    L->s->path, L->lineno, L->section, (int)(nk < 64 ? nk : 64), k, max);
  }
  /* Section headers: inih reports none without keys, so check them here. An indented line
     after a key is a continuation to inih, even one starting with '['. */
  const char *p = str;
  while (*p == ' ' || *p == '\t') p++;
  if (*p == '[' && !(L->have_prev && L->indented)) {
    L->have_prev = false;
    const char *close = strchr(p, ']');
    if (close) {
      char name[64];
      snprintf(name, sizeof name, "%.*s", (int)(close - p - 1), p + 1);
      memcpy(L->section, name, sizeof name);
      if (scen__section_index(name) < 0)
        scen__load_fail(L, L->lineno, STP_EINVAL,
                        "%s:%d: [%s]: unknown section (known: run, cohort, policy, economy, "
                        "output)",
                        L->s->path, L->lineno, name);
    }
  }
  return str;
}

static int scen__handler(void *user, const char *section, const char *name, const char *value) {
  scen__load *L = user;
  if (L->err_line) return 1; /* report the first error only */
  int line = L->lineno;
  stp_scenario *s = L->s;
  bool continuation = L->have_prev && L->indented;
  L->have_prev = true;
  snprintf(L->prev_key, sizeof L->prev_key, "%s", name);
  if (continuation) {
    if (strcmp(section, "run") == 0 && strcmp(name, "description") == 0) {
      size_t used = strlen(s->description), add = strlen(value);
      if (used + 1 + add >= sizeof s->description) {
        scen__load_fail(L, line, STP_ERANGE, "%s:%d: [run] description: is longer than %zu "
                        "characters", s->path, line, sizeof s->description - 1);
        return 0;
      }
      if (used) s->description[used++] = ' ';
      memcpy(s->description + used, value, add + 1);
      return 1;
    }
    scen__load_fail(L, line, STP_EINVAL,
                    "%s:%d: [%s] %s: an indented line continues the value of %s; only "
                    "description may span lines (do not indent keys)",
                    s->path, line, section, name, name);
    return 0;
  }
  if (!*section) {
    scen__load_fail(L, line, STP_EINVAL,
                    "%s:%d: %s: a key outside a section (put it under [run], [cohort], "
                    "[policy], [economy] or [output])",
                    s->path, line, name);
    return 0;
  }
  char why[400];
  scen__ctx c = {.s = s, .dir = L->dir, .why = why, .nwhy = sizeof why};
  int rc = scen__assign(&c, section, name, value, line);
  if (rc) {
    scen__load_fail(L, line, rc, "%s:%d: [%s] %s: %s", s->path, line, section, name, why);
    return 0;
  }
  return 1;
}

/* The file into memory; NUL-terminated. */
static int scen__slurp(const char *path, char **out, size_t *len, stp_error *err) {
  FILE *f;
  /* A missing or unreadable input, a directory or a FIFO is bad input (exit status 2). */
  int orc = stp_input_open(path, &f, err);
  if (orc != STP_OK) return orc;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n - 1, f);
    if (n < cap - 1) break;
    char *b = realloc(buf, cap * 2);
    if (!b) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = b;
    cap *= 2;
  }
  if (!buf) {
    fclose(f);
    return stp_fail(err, STP_ENOMEM, "%s: out of memory", path);
  }
  if (ferror(f)) {
    int e = errno;
    fclose(f);
    free(buf);
    return stp_fail(err, STP_EIO, "%s: read error: %s", path, strerror(e));
  }
  fclose(f);
  buf[n] = '\0';
  /* A UTF-8 byte order mark, as Windows editors save a file, is no part of the text. */
  if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
    memmove(buf, buf + 3, n - 2);
    n -= 3;
  }
  if (memchr(buf, '\0', n)) {
    free(buf);
    return stp_fail(err, STP_EINVAL, "%s: not a text file (contains NUL bytes)", path);
  }
  *out = buf;
  *len = n;
  return STP_OK;
}

int stp_scenario_load(const char *path, stp_scenario *s, stp_error *err) {
  stp_scenario_defaults(s);
  if (strlen(path) >= sizeof s->path)
    return stp_fail(err, STP_EINVAL, "%.60s...: path longer than %zu bytes", path,
                    sizeof s->path - 1);
  snprintf(s->path, sizeof s->path, "%s", path);
  /* The name defaults to the file name without .ini. */
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t nb = strlen(base);
  if (nb > 4 && strcmp(base + nb - 4, ".ini") == 0) nb -= 4;
  if (nb >= sizeof s->name) nb = sizeof s->name - 1;
  if (nb) snprintf(s->name, sizeof s->name, "%.*s", (int)nb, base);

  char *buf = NULL;
  size_t len = 0;
  int rc = scen__slurp(path, &buf, &len, err);
  if (rc) return rc;
  scen__load L = {.s = s, .buf = buf, .len = len};
  if (base == path) snprintf(L.dir, sizeof L.dir, ".");
  else snprintf(L.dir, sizeof L.dir, "%.*s", (int)(base - 1 - path), path);
  if (!*L.dir) snprintf(L.dir, sizeof L.dir, "/");
  int bad = ini_parse_stream(scen__reader, &L, scen__handler, &L);
  free(buf);
  if (bad == -2) return stp_fail(err, STP_ENOMEM, "%s: out of memory", path);
  if (bad > 0 && (!L.err_line || bad < L.err_line))
    return stp_fail(err, STP_EINVAL,
                    "%s:%d: not a [section] header or a key = value line", path, bad);
  if (L.err_line) return stp_fail(err, L.err_code, "%s", L.err_msg);
  return scen__finish(s, err);
}

int stp_scenario_set(stp_scenario *s, const char *assignment, stp_error *err) {
  while (*assignment == ' ') assignment++;
  const char *eq = strchr(assignment, '=');
  const char *dot = strchr(assignment, '.');
  if (!eq || !dot || dot > eq)
    return stp_fail(err, STP_EINVAL, "--set: '%s' is not section.key=value", assignment);
  char section[64], key[64], value[1024];
  size_t ns = (size_t)(dot - assignment), nk = (size_t)(eq - dot - 1);
  while (ns && assignment[ns - 1] == ' ') ns--;
  while (nk && dot[nk] == ' ') nk--;
  const char *v = eq + 1;
  while (*v == ' ') v++;
  size_t nv = strlen(v);
  while (nv && v[nv - 1] == ' ') nv--;
  if (!ns || !nk || ns >= sizeof section || nk >= sizeof key || nv >= sizeof value)
    return stp_fail(err, STP_EINVAL, "--set: '%s' is not section.key=value", assignment);
  memcpy(section, assignment, ns);
  section[ns] = '\0';
  memcpy(key, dot + 1, nk);
  key[nk] = '\0';
  memcpy(value, v, nv);
  value[nv] = '\0';
  char why[400];
  /* Paths given on the command line are relative to the working directory. */
  scen__ctx c = {.s = s, .dir = NULL, .why = why, .nwhy = sizeof why};
  int rc = scen__assign(&c, section, key, value, STP_SCEN_FROM_SET);
  if (rc) return stp_fail(err, rc, "--set: [%s] %s: %s", section, key, why);
  return scen__finish(s, err);
}

/* ---- applying the overrides ---- */

/* A multiple of G in whole kroner for `year` (academic or calendar, by the parameter's set). */
static int scen__g_amount(const stp_params *p, const stp_override *o, int year, long long *kr,
                          long long *g_kr) {
  const stp_cal_params *cal = stp_params_cal(p, year);
  if (!cal) return STP_ENOTFOUND;
  double g = (double)cal->g / 100.0;
  *g_kr = llround(g);
  if (strcmp(o->def->name, "basic_support") == 0) {
    /* Rulebook 9f: monthly amount round(x·G / months), the year is whole monthly payments. */
    const stp_year_params *yp = stp_params_year(p, year);
    if (!yp || yp->support_months <= 0) return STP_ENOTFOUND;
    *kr = stp_basic_year_of_g(o->value, g, yp->support_months);
  } else {
    *kr = llround(o->value * g);
  }
  return STP_OK;
}

static int scen__apply_g(const stp_scenario *s, const stp_override *o, stp_params *p,
                         stp_error *err) {
  char w[600], yb[16], lo[32], hi[32];
  const stp_param_def *d = o->def;
  int last = d->set == STP_SET_REPAY ? s->base_year : stp_params_last_year(p);
  /* policy_until: the published years after it are put back after the loop (each
     stp_param_set below writes every year from y on) */
  double keep[STP_LAST_YEAR - STP_FIRST_YEAR + 1];
  int put_back = 0;
  if (s->policy_until && d->set != STP_SET_REPAY && last > s->policy_until) {
    put_back = last < STP_LAST_YEAR ? last : STP_LAST_YEAR;
    for (int y = s->policy_until + 1; y <= put_back; y++)
      if (stp_param_get(p, d, y, &keep[y - STP_FIRST_YEAR], NULL) != STP_OK)
        return stp_fail(err, STP_ENOTFOUND, "%s: [policy] %s: no value to keep in %d",
                        scen__where(s, o->line, w, sizeof w), d->name, y);
    last = s->policy_until;
  }
  for (int y = s->base_year; y <= last; y++) {
    long long kr, g;
    if (scen__g_amount(p, o, y, &kr, &g) != STP_OK)
      return stp_fail(err, STP_ENOTFOUND, "%s: [policy] %s: no G for %d",
                      scen__where(s, o->line, w, sizeof w), d->name, y);
    if (d->set == STP_SET_CAL) snprintf(yb, sizeof yb, "%d", y);
    else stp_scenario_year_name(y, yb, sizeof yb);
    /* Projected years directly: the registry's bounds are in today's kroner and
       stp_param_set enforces them in every year, while projected amounts (G and what
       follows it) outgrow them, as stp_params_project's own values do. */
    stp_money *field = y > STP_LAST_YEAR ? stp_param_money_field(p, d, y) : NULL;
    if (field) {
      /* A later year overwrites what stp_param_set wrote from an earlier one. */
      *field = STP_NOK(kr);
      continue;
    }
    if (!((double)kr >= d->min && (double)kr <= d->max))
      return stp_fail(err, STP_ERANGE,
                      "%s: [policy] %s: %gG = %lld NOK in %s (G = %lld) is outside [%s, %s] %s%s",
                      scen__where(s, o->line, w, sizeof w), d->name, o->value, kr, yb, g,
                      scen__bound(d, d->min, lo, sizeof lo), scen__bound(d, d->max, hi, sizeof hi),
                      d->unit, y > STP_LAST_YEAR ? " (a projected year)" : "");
    stp_error e = {0};
    int rc = stp_param_set(p, d, y, (double)kr, &e);
    if (rc) return stp_fail(err, rc, "%s: [policy] %s", scen__where(s, o->line, w, sizeof w), e.msg);
  }
  for (int y = s->policy_until + 1; put_back && y <= put_back; y++) {
    stp_error e = {0};
    int rc = stp_param_set(p, d, y, keep[y - STP_FIRST_YEAR], &e);
    if (rc) return stp_fail(err, rc, "%s: [policy] %s", scen__where(s, o->line, w, sizeof w), e.msg);
  }
  return STP_OK;
}

int stp_scenario_apply(const stp_scenario *s, stp_params *p, stp_error *err) {
  char w[600];
  /* Plain values first: G itself, support_months and the rest. */
  int last = stp_params_last_year(p);
  for (int i = 0; i < s->noverrides; i++) {
    const stp_override *o = &s->overrides[i];
    if (o->in_g) continue;
    /* policy_until: the years after it keep their published values (the override writes
       every year from base_year; the later ones are put back, in order). */
    /* Projected years (after STP_LAST_YEAR) are projected again below, from the last
       published year's value. */
    double keep[STP_LAST_YEAR - STP_FIRST_YEAR + 1];
    int until = s->policy_until && o->def->set != STP_SET_REPAY ? s->policy_until : last;
    int put_back = last < STP_LAST_YEAR ? last : STP_LAST_YEAR;
    int rc = STP_OK;
    for (int y = until + 1; y <= put_back && rc == STP_OK; y++)
      rc = stp_param_get(p, o->def, y, &keep[y - STP_FIRST_YEAR], NULL);
    stp_error e = {0};
    if (rc == STP_OK) rc = stp_param_set(p, o->def, s->base_year, o->value, &e);
    else snprintf(e.msg, sizeof e.msg, "%s: no value to keep after policy_until", o->def->name);
    for (int y = until + 1; y <= put_back && rc == STP_OK; y++)
      rc = stp_param_set(p, o->def, y, keep[y - STP_FIRST_YEAR], &e);
    if (rc) return stp_fail(err, rc, "%s: [policy] %s", scen__where(s, o->line, w, sizeof w), e.msg);
  }
  if (last > STP_LAST_YEAR) {
    int rc = stp_params_project(p, last, s->price_growth, s->wage_growth, err);
    if (rc) return rc;
  }
  for (int i = 0; i < s->noverrides; i++) {
    if (!s->overrides[i].in_g) continue;
    int rc = scen__apply_g(s, &s->overrides[i], p, err);
    if (rc) return rc;
  }
  const stp_rate_point *pts;
  int n = stp_params_rate_points(p, &pts);
  if (s->rate_npoints > 0 && n > 0 && s->rate_month[0] <= pts[n - 1].from)
    return stp_fail(err, STP_EINVAL,
                    "%s: [economy] rate_path: %04d-%02d is not after the last published rate "
                    "(%04d-%02d)",
                    scen__where(s, s->key_line[scen__key_index(SEC_ECONOMY, "rate_path")], w,
                                sizeof w),
                    stp_month_year(s->rate_month[0]), stp_month_of_year(s->rate_month[0]),
                    stp_month_year(pts[n - 1].from), stp_month_of_year(pts[n - 1].from));
  return STP_OK;
}
