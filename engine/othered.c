/* othered.c: vocational colleges and folk high schools as group models (othered.h). */
#include "othered.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "money.h"
#include "rules/support.h"

static const char *const group_names[STP_OTHER_GROUPS] = {"vocational", "folk_high_school"};

const char *stp_other_group_name(int g) {
  return g >= 0 && g < STP_OTHER_GROUPS ? group_names[g] : NULL;
}

enum { IT_FULLTIME, IT_PARTTIME, IT_MONTHS, IT_AWAY, IT_SCALARS };
static const char *const scalar_names[IT_SCALARS] = {"fulltime_share", "parttime_fte", "months",
                                                     "away_share"};

typedef struct other_load {
  stp_other *o;
  const char *path;
  bool header;
  int seen[STP_OTHER_GROUPS][IT_SCALARS];
} other_load;

static int on_row(void *ctx, int line, int n, char **f, stp_error *err) {
  static const char *const cols[] = {"item", "group", "year", "value", "unit",
                                     "status", "source", "note"};
  other_load *c = ctx;
  int hrc = stp_csv_fixed_row(&c->header, c->path, line, n, f, cols, 8, err);
  if (hrc) return hrc > 0 ? STP_OK : hrc;
  int g = -1;
  for (int k = 0; k < STP_OTHER_GROUPS; k++)
    if (strcmp(f[1], group_names[k]) == 0) g = k;
  if (g < 0)
    return stp_fail(err, STP_EINVAL, "%s:%d: group: unknown '%s' (known: vocational, "
                    "folk_high_school)", c->path, line, f[1]);
  stp_status st;
  if (!stp_status_parse(f[5], true, &st))
    return stp_fail(err, STP_EINVAL, "%s:%d: status: unknown status '%s'", c->path, line, f[5]);
  if (!f[6][0]) return stp_fail(err, STP_EINVAL, "%s:%d: source: empty", c->path, line);
  if (st != STP_STATUS_OFFICIAL && !f[7][0])
    return stp_fail(err, STP_EINVAL, "%s:%d: note: a %s value needs its method", c->path, line,
                    f[5]);
  char *end;
  errno = 0;
  double v = strtod(f[3], &end);
  if (end == f[3] || *end || errno || !isfinite(v))
    return stp_fail(err, STP_EINVAL, "%s:%d: value: '%s' is not a number", c->path, line, f[3]);
  stp_other_group_data *d = &c->o->g[g];
  if (strcmp(f[0], "students") == 0) {
    int year;
    if (!stp_parse_academic_year(f[2], &year))
      return stp_fail(err, STP_EINVAL, "%s:%d: year: '%s' is not an academic year (2024-25)",
                      c->path, line, f[2]);
    if (strcmp(f[4], "students") != 0)
      return stp_fail(err, STP_EINVAL, "%s:%d: unit: '%s', expected 'students'", c->path, line,
                      f[4]);
    if (v < 0 || v > 1e7 || v != floor(v))
      return stp_fail(err, STP_ERANGE, "%s:%d: value: '%s' is not a count (0 to 10000000)",
                      c->path, line, f[3]);
    if (!d->first) d->first = year;
    if (year != (d->last ? d->last + 1 : d->first))
      return stp_fail(err, STP_EINVAL, "%s:%d: year: %s does not follow the group's previous "
                      "row (one row per year, in order, no gaps)", c->path, line, f[2]);
    if (year - d->first >= STP_OTHER_MAX_YEARS)
      return stp_fail(err, STP_ERANGE, "%s:%d: year: more than %d years of rows", c->path, line,
                      STP_OTHER_MAX_YEARS);
    d->students[year - d->first] = (int64_t)v;
    d->status[year - d->first] = st;
    d->last = year;
    return STP_OK;
  }
  int it = -1;
  for (int k = 0; k < IT_SCALARS; k++)
    if (strcmp(f[0], scalar_names[k]) == 0) it = k;
  if (it < 0)
    return stp_fail(err, STP_EINVAL, "%s:%d: item: unknown '%s' (known: students, "
                    "fulltime_share, parttime_fte, months, away_share)", c->path, line, f[0]);
  if (f[2][0])
    return stp_fail(err, STP_EINVAL, "%s:%d: year: %s holds for every year (leave it empty)",
                    c->path, line, f[0]);
  if (c->seen[g][it])
    return stp_fail(err, STP_EINVAL, "%s:%d: %s of %s: already given on line %d", c->path, line,
                    f[0], f[1], c->seen[g][it]);
  if (it == IT_MONTHS) {
    if (strcmp(f[4], "months") != 0)
      return stp_fail(err, STP_EINVAL, "%s:%d: unit: '%s', expected 'months'", c->path, line,
                      f[4]);
    if (v != floor(v) || v < 0 || v > 12)
      return stp_fail(err, STP_ERANGE, "%s:%d: value: %s is not 0 (higher education's months) "
                      "or a number of months 1 to 12", c->path, line, f[3]);
    d->months = (int)v;
  } else {
    if (strcmp(f[4], "share") != 0)
      return stp_fail(err, STP_EINVAL, "%s:%d: unit: '%s', expected 'share'", c->path, line,
                      f[4]);
    if (v < 0 || v > 1)
      return stp_fail(err, STP_ERANGE, "%s:%d: value: %s is outside [0, 1]", c->path, line, f[3]);
    if (it == IT_FULLTIME) d->fulltime_share = v;
    else if (it == IT_PARTTIME) d->parttime_fte = v;
    else d->away_share = v;
  }
  c->seen[g][it] = line;
  return STP_OK;
}

int stp_other_load(const char *dir, stp_other *out, stp_error *err) {
  memset(out, 0, sizeof *out);
  char path[1024];
  snprintf(path, sizeof path, "%s/population/other_education.csv", dir);
  other_load c = {.o = out, .path = path};
  int rc = stp_csv_read_file(path, on_row, &c, err);
  if (rc != STP_OK) return rc;
  for (int g = 0; g < STP_OTHER_GROUPS; g++) {
    if (!out->g[g].first)
      return stp_fail(err, STP_EINVAL, "%s: %s: no students rows", path, group_names[g]);
    for (int k = 0; k < IT_SCALARS; k++)
      if (!c.seen[g][k])
        return stp_fail(err, STP_EINVAL, "%s: %s of %s: missing", path, scalar_names[k],
                        group_names[g]);
  }
  return STP_OK;
}

int64_t stp_other_students(const stp_other *o, int g, int year, stp_status *status) {
  const stp_other_group_data *d = &o->g[g];
  if (!d->first) {
    if (status) *status = STP_STATUS_PROJECTED;
    return 0;
  }
  int i = year < d->first ? 0 : year > d->last ? d->last - d->first : year - d->first;
  if (status)
    *status = year > d->last ? STP_STATUS_PROJECTED
              : year < d->first ? STP_STATUS_DERIVED
                                : d->status[i];
  return d->students[i];
}

int64_t stp_other_recipients(const stp_other *o, int g, int year) {
  return llround((double)stp_other_students(o, g, year, NULL) * o->g[g].fulltime_share);
}

/* Months of a full-time year paid in its autumn (August to December). */
#define AUTUMN_MONTHS 5
/* Months of a part-time (or ten-month) year: August to May. */
#define TEN_MONTHS 10

/* The flows of academic years from .. to (calendar years of STP_CF_FIRST's range). */
static void flows_of_years(const stp_other *o, const stp_params *p, int from, int to,
                           stp_money loans[STP_CF_YEARS], stp_money convertible[STP_CF_YEARS]) {
  for (int g = 0; g < STP_OTHER_GROUPS; g++) {
    const stp_other_group_data *d = &o->g[g];
    if (!d->first) continue;
    for (int y = from; y <= to; y++) {
      const stp_year_params *yp = stp_params_year(p, y);
      if (!yp) continue;
      int64_t students = stp_other_students(o, g, y, NULL);
      int64_t full = llround((double)students * d->fulltime_share);
      int64_t part = llround((double)students * d->parttime_fte);
      if (full <= 0 && part <= 0) continue;
      /* A full-time year: higher education's months as support.c pays them (the phase-in
         weeks of 2016-19 in June), or the group's own months; a part-time year's full-time
         equivalent: ten months. Autumn's five months in y, the rest in y + 1. */
      stp_money month = stp_basic_monthly(yp);
      stp_money autumn = month * AUTUMN_MONTHS;
      stp_money spring;
      if (d->months == 0) {
        spring = month * (yp->support_months - AUTUMN_MONTHS);
        if (yp->extra_june_weeks > 0 && yp->support_months < STP_YEAR_MONTHS - 1)
          spring += stp_round_kr(month * yp->extra_june_weeks / 4);
      } else {
        spring = month * (d->months - AUTUMN_MONTHS);
      }
      stp_money spring_part = month * (TEN_MONTHS - AUTUMN_MONTHS);
      stp_money la = full * autumn + part * autumn;
      stp_money ls = full * spring + part * spring_part;
      int i = y - STP_CF_FIRST;
      loans[i] += la;
      convertible[i] += stp_mul_rate(stp_mul_rate(la, d->away_share), yp->conversion_max_share);
      if (i + 1 < STP_CF_YEARS) {
        loans[i + 1] += ls;
        convertible[i + 1] +=
            stp_mul_rate(stp_mul_rate(ls, d->away_share), yp->conversion_max_share);
      }
    }
  }
}

void stp_other_flows(const stp_other *o, const stp_params *p, stp_money loans[STP_CF_YEARS],
                     stp_money convertible[STP_CF_YEARS]) {
  flows_of_years(o, p, STP_CF_FIRST, STP_CF_FIRST + STP_CF_YEARS - 1, loans, convertible);
}

stp_money stp_other_year_basic(const stp_other *o, const stp_params *p, int year) {
  if (year < STP_CF_FIRST || year + 1 >= STP_CF_FIRST + STP_CF_YEARS) return 0;
  stp_money loans[STP_CF_YEARS] = {0}, conv[STP_CF_YEARS] = {0};
  flows_of_years(o, p, year, year, loans, conv); /* its autumn in year, its spring after */
  return loans[year - STP_CF_FIRST] + loans[year + 1 - STP_CF_FIRST];
}
