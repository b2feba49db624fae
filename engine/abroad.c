/* abroad.c: Norway's degree students abroad as a group model (abroad.h). */
#include "abroad.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "money.h"
#include "rules/support.h"

typedef struct abroad_load {
  stp_abroad *a;
  const char *path;
  bool header;
  int line[STP_ABROAD_MAX_YEARS];
  int tuition_line, share_line;
} abroad_load;

static int on_row(void *ctx, int line, int n, char **f, stp_error *err) {
  static const char *const cols[] = {"item", "year", "value", "unit", "status", "source", "note"};
  abroad_load *c = ctx;
  int hrc = stp_csv_fixed_row(&c->header, c->path, line, n, f, cols, 7, err);
  if (hrc) return hrc > 0 ? STP_OK : hrc;
  stp_status st;
  if (!stp_status_parse(f[4], true, &st))
    return stp_fail(err, STP_EINVAL, "%s:%d: status: unknown status '%s'", c->path, line, f[4]);
  if (!f[5][0]) return stp_fail(err, STP_EINVAL, "%s:%d: source: empty", c->path, line);
  if (st != STP_STATUS_OFFICIAL && !f[6][0])
    return stp_fail(err, STP_EINVAL, "%s:%d: note: a %s value needs its method", c->path, line,
                    f[4]);
  char *end;
  errno = 0;
  double v = strtod(f[2], &end);
  if (end == f[2] || *end || errno || !isfinite(v))
    return stp_fail(err, STP_EINVAL, "%s:%d: value: '%s' is not a number", c->path, line, f[2]);
  stp_abroad *a = c->a;
  if (strcmp(f[0], "degree_students") == 0) {
    int year;
    if (!stp_parse_academic_year(f[1], &year))
      return stp_fail(err, STP_EINVAL, "%s:%d: year: '%s' is not an academic year (2024-25)",
                      c->path, line, f[1]);
    if (strcmp(f[3], "students") != 0)
      return stp_fail(err, STP_EINVAL, "%s:%d: unit: '%s', expected 'students'", c->path, line,
                      f[3]);
    if (v < 0 || v > 1e7 || v != floor(v))
      return stp_fail(err, STP_ERANGE, "%s:%d: value: '%s' is not a count (0 to 10000000)",
                      c->path, line, f[2]);
    if (!a->first) a->first = year;
    if (year != (a->last ? a->last + 1 : a->first))
      return stp_fail(err, STP_EINVAL, "%s:%d: year: %s does not follow the previous row's year "
                      "(one row per year, in order, no gaps)", c->path, line, f[1]);
    if (year - a->first >= STP_ABROAD_MAX_YEARS)
      return stp_fail(err, STP_ERANGE, "%s:%d: year: more than %d years of rows", c->path, line,
                      STP_ABROAD_MAX_YEARS);
    a->students[year - a->first] = (int64_t)v;
    a->status[year - a->first] = st;
    a->last = year;
    return STP_OK;
  }
  int *seen;
  if (strcmp(f[0], "tuition_per_student") == 0) {
    if (strcmp(f[3], "NOK") != 0)
      return stp_fail(err, STP_EINVAL, "%s:%d: unit: '%s', expected 'NOK'", c->path, line, f[3]);
    if (v < 0 || v > 1e7)
      return stp_fail(err, STP_ERANGE, "%s:%d: value: %s is outside [0, 10000000]", c->path,
                      line, f[2]);
    seen = &c->tuition_line;
    a->tuition_per_student = (stp_money)llround(v * 100);
  } else if (strcmp(f[0], "tuition_grant_share") == 0) {
    if (strcmp(f[3], "share") != 0)
      return stp_fail(err, STP_EINVAL, "%s:%d: unit: '%s', expected 'share'", c->path, line,
                      f[3]);
    if (v < 0 || v > 1)
      return stp_fail(err, STP_ERANGE, "%s:%d: value: %s is outside [0, 1]", c->path, line, f[2]);
    seen = &c->share_line;
    a->tuition_grant_share = v;
  } else {
    return stp_fail(err, STP_EINVAL, "%s:%d: item: unknown '%s' (known: degree_students, "
                    "tuition_per_student, tuition_grant_share)", c->path, line, f[0]);
  }
  if (f[1][0])
    return stp_fail(err, STP_EINVAL, "%s:%d: year: %s holds for every year (leave it empty)",
                    c->path, line, f[0]);
  if (*seen)
    return stp_fail(err, STP_EINVAL, "%s:%d: %s: already given on line %d", c->path, line, f[0],
                    *seen);
  *seen = line;
  return STP_OK;
}

int stp_abroad_load(const char *dir, stp_abroad *out, stp_error *err) {
  memset(out, 0, sizeof *out);
  char path[1024];
  snprintf(path, sizeof path, "%s/population/abroad.csv", dir);
  abroad_load c = {.a = out, .path = path};
  int rc = stp_csv_read_file(path, on_row, &c, err);
  if (rc != STP_OK) return rc;
  if (!out->first) return stp_fail(err, STP_EINVAL, "%s: no degree_students rows", path);
  if (!c.tuition_line) return stp_fail(err, STP_EINVAL, "%s: tuition_per_student: missing", path);
  if (!c.share_line) return stp_fail(err, STP_EINVAL, "%s: tuition_grant_share: missing", path);
  return STP_OK;
}

int64_t stp_abroad_students(const stp_abroad *a, int year, stp_status *status) {
  if (!a->first || year < a->first) {
    if (status) *status = STP_STATUS_PROJECTED;
    return 0;
  }
  if (year > a->last) {
    if (status) *status = STP_STATUS_PROJECTED;
    return a->students[a->last - a->first];
  }
  if (status) *status = a->status[year - a->first];
  return a->students[year - a->first];
}

/* Months of a full-time year paid in its autumn (August to December). */
#define AUTUMN_MONTHS 5

void stp_abroad_flows(const stp_abroad *a, const stp_params *p, stp_money loans[STP_CF_YEARS],
                      stp_money convertible[STP_CF_YEARS], stp_money grants[STP_CF_YEARS]) {
  if (!a->first) return;
  for (int y = STP_CF_FIRST; y < STP_CF_FIRST + STP_CF_YEARS; y++) {
    const stp_year_params *yp = stp_params_year(p, y);
    if (!yp) continue;
    int64_t n = stp_abroad_students(a, y, NULL);
    if (n <= 0) continue;
    /* One full-time year as support.c pays it: the monthly rate for support_months, the
       phase-in weeks of 2016-19 in June; the autumn's five months in y, the rest in y + 1. */
    stp_money month = stp_basic_monthly(yp);
    stp_money autumn = month * AUTUMN_MONTHS;
    stp_money spring = month * (yp->support_months - AUTUMN_MONTHS);
    if (yp->extra_june_weeks > 0 && yp->support_months < STP_YEAR_MONTHS - 1)
      spring += stp_round_kr(month * yp->extra_june_weeks / 4);
    stp_money tuition = a->tuition_per_student;
    stp_money tuition_grant = stp_mul_rate(tuition, a->tuition_grant_share);
    stp_money half = tuition / 2; /* paid at each semester's start */
    stp_money half_grant = tuition_grant / 2;
    int i = y - STP_CF_FIRST;
    stp_money share_a = stp_mul_rate(autumn, yp->conversion_max_share);
    stp_money share_s = stp_mul_rate(spring, yp->conversion_max_share);
    loans[i] += n * (autumn + half - half_grant);
    convertible[i] += n * share_a;
    grants[i] += n * half_grant;
    if (i + 1 < STP_CF_YEARS) {
      loans[i + 1] += n * (spring + (tuition - half) - (tuition_grant - half_grant));
      convertible[i + 1] += n * share_s;
      grants[i + 1] += n * (tuition_grant - half_grant);
    }
  }
}

stp_money stp_abroad_year_basic(const stp_abroad *a, const stp_params *p, int year) {
  const stp_year_params *yp = stp_params_year(p, year);
  if (!yp) return 0;
  stp_money month = stp_basic_monthly(yp);
  stp_money full = month * yp->support_months;
  if (yp->extra_june_weeks > 0 && yp->support_months < STP_YEAR_MONTHS - 1)
    full += stp_round_kr(month * yp->extra_june_weeks / 4);
  return stp_abroad_students(a, year, NULL) * full;
}
