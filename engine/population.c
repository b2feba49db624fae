#include "population.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "params.h"

#define POP_MAX_YEARS 200 /* rows span at most this many academic years */

enum { PP_SCALE, PP_30_BACHELOR, PP_30_MASTER2, PP_30_MASTER5, PP_30_ONEYEAR, PP_COUNT };
static const struct {
  const char *name, *unit;
  double min, max;
} pp_defs[PP_COUNT] = {
    {"entrants_scale", "factor", 0.1, 10},
    {"share_30plus_bachelor", "share", 0, 1},
    {"share_30plus_master2", "share", 0, 1},
    {"share_30plus_master5", "share", 0, 1},
    {"share_30plus_oneyear", "share", 0, 1},
};

struct stp_population {
  int first, last;                                /* academic years with rows */
  int64_t entrants[POP_MAX_YEARS][STP_LEVEL_COUNT]; /* as published (before the scale) */
  stp_status status[POP_MAX_YEARS][STP_LEVEL_COUNT];
  int line[POP_MAX_YEARS][STP_LEVEL_COUNT];        /* 0: no row yet */
  double p[PP_COUNT];
  int pline[PP_COUNT];
  stp_abroad abroad;                              /* degree students abroad (abroad.h) */
  stp_other other;                                /* vocational colleges, folk high schools
                                                     (othered.h) */
};

typedef struct pop_load {
  stp_population *pop;
  const char *path;
  int year_min;                                   /* of the rows, for the range check */
  bool header;
} pop_load;

static int on_entrant(void *ctx, int line, int n, char **f, stp_error *err) {
  static const char *const cols[] = {"year", "level", "entrants", "status", "source", "note"};
  pop_load *c = ctx;
  int hrc = stp_csv_fixed_row(&c->header, c->path, line, n, f, cols, 6, err);
  if (hrc) return hrc > 0 ? STP_OK : hrc;
  int year, level;
  if (!stp_parse_academic_year(f[0], &year))
    return stp_fail(err, STP_EINVAL, "%s:%d: year: '%s' is not an academic year (2024-25)",
                    c->path, line, f[0]);
  if (stp_level_parse(f[1], &level) != STP_OK)
    return stp_fail(err, STP_EINVAL, "%s:%d: level: unknown level '%s'", c->path, line, f[1]);
  char *end;
  errno = 0;
  long long v = strtoll(f[2], &end, 10);
  if (end == f[2] || *end || errno || v < 0 || v > 10000000)
    return stp_fail(err, STP_EINVAL, "%s:%d: entrants: '%s' is not a count (0 to 10000000)",
                    c->path, line, f[2]);
  stp_status st;
  if (!stp_status_parse(f[3], true, &st))
    return stp_fail(err, STP_EINVAL, "%s:%d: status: unknown status '%s'", c->path, line, f[3]);
  if (!f[4][0])
    return stp_fail(err, STP_EINVAL, "%s:%d: source: empty", c->path, line);
  if (st != STP_STATUS_OFFICIAL && !f[5][0])
    return stp_fail(err, STP_EINVAL, "%s:%d: note: a %s count needs its method", c->path, line,
                    f[3]);
  stp_population *p = c->pop;
  if (c->year_min == 0) c->year_min = year;
  if (year < c->year_min || year - c->year_min >= POP_MAX_YEARS)
    return stp_fail(err, STP_ERANGE, "%s:%d: year: %s is before the first row's year or more "
                    "than %d years after it", c->path, line, f[0], POP_MAX_YEARS - 1);
  int i = year - c->year_min;
  if (p->line[i][level])
    return stp_fail(err, STP_EINVAL, "%s:%d: %s %s: already given on line %d", c->path, line,
                    f[0], f[1], p->line[i][level]);
  p->entrants[i][level] = v;
  p->status[i][level] = st;
  p->line[i][level] = line;
  if (year > p->last) p->last = year;
  return STP_OK;
}

static int on_param(void *ctx, int line, int n, char **f, stp_error *err) {
  static const char *const cols[] = {"parameter", "value", "unit", "status", "source", "note"};
  pop_load *c = ctx;
  int hrc = stp_csv_fixed_row(&c->header, c->path, line, n, f, cols, 6, err);
  if (hrc) return hrc > 0 ? STP_OK : hrc;
  int k = -1;
  for (int i = 0; i < PP_COUNT; i++)
    if (strcmp(f[0], pp_defs[i].name) == 0) k = i;
  if (k < 0) return stp_fail(err, STP_EINVAL, "%s:%d: parameter: unknown '%s'", c->path, line, f[0]);
  stp_population *p = c->pop;
  if (p->pline[k])
    return stp_fail(err, STP_EINVAL, "%s:%d: parameter %s: already given on line %d", c->path,
                    line, f[0], p->pline[k]);
  char *end;
  errno = 0;
  double v = strtod(f[1], &end);
  if (end == f[1] || *end || errno || !isfinite(v) || v < pp_defs[k].min || v > pp_defs[k].max)
    return stp_fail(err, STP_ERANGE, "%s:%d: parameter %s: value '%s' is not a number in "
                    "[%g, %g]", c->path, line, f[0], f[1], pp_defs[k].min, pp_defs[k].max);
  if (strcmp(f[2], pp_defs[k].unit) != 0)
    return stp_fail(err, STP_EINVAL, "%s:%d: parameter %s: unit '%s', expected '%s'", c->path,
                    line, f[0], f[2], pp_defs[k].unit);
  stp_status st;
  if (!stp_status_parse(f[3], true, &st))
    return stp_fail(err, STP_EINVAL, "%s:%d: status: unknown status '%s'", c->path, line, f[3]);
  if (!f[4][0]) return stp_fail(err, STP_EINVAL, "%s:%d: source: empty", c->path, line);
  p->p[k] = v;
  p->pline[k] = line;
  return STP_OK;
}

int stp_population_load(const char *datasets_dir, stp_population **out, stp_error *err) {
  *out = NULL;
  const char *dir = datasets_dir;
  if (!dir || !*dir) dir = getenv("STIPEND_DATASETS");
  if (!dir || !*dir) dir = STP_DATADIR;
  stp_population *p = calloc(1, sizeof *p);
  if (!p) return stp_fail(err, STP_ENOMEM, "out of memory");
  char path[1024];
  snprintf(path, sizeof path, "%s/population/entrants.csv", dir);
  pop_load c = {.pop = p, .path = path};
  int rc = stp_csv_read_file(path, on_entrant, &c, err);
  if (rc == STP_OK && c.year_min == 0)
    rc = stp_fail(err, STP_EINVAL, "%s: no rows", path);
  if (rc == STP_OK) {
    p->first = c.year_min;
    for (int y = p->first; y <= p->last && rc == STP_OK; y++)
      for (int l = 0; l < STP_LEVEL_COUNT; l++)
        if (!p->line[y - p->first][l]) {
          rc = stp_fail(err, STP_EINVAL, "%s: year %d-%02d: no row for level %s", path, y,
                        (y + 1) % 100, stp_level_name(l));
          break;
        }
  }
  if (rc == STP_OK) {
    snprintf(path, sizeof path, "%s/population/parameters.csv", dir);
    pop_load cp = {.pop = p, .path = path};
    rc = stp_csv_read_file(path, on_param, &cp, err);
    for (int k = 0; k < PP_COUNT && rc == STP_OK; k++)
      if (!p->pline[k])
        rc = stp_fail(err, STP_EINVAL, "%s: parameter %s: missing", path, pp_defs[k].name);
  }
  if (rc == STP_OK) rc = stp_abroad_load(dir, &p->abroad, err);
  if (rc == STP_OK) rc = stp_other_load(dir, &p->other, err);
  if (rc) {
    free(p);
    return rc;
  }
  *out = p;
  return STP_OK;
}

void stp_population_free(stp_population *p) { free(p); }
int stp_population_first_year(const stp_population *p) { return p->first; }
int stp_population_last_year(const stp_population *p) { return p->last; }

int64_t stp_population_row(const stp_population *p, int year, int level, stp_status *status) {
  if (year < p->first || year > p->last || level < 0 || level >= STP_LEVEL_COUNT) return -1;
  if (status) *status = p->status[year - p->first][level];
  return p->entrants[year - p->first][level];
}

int64_t stp_population_entrants(const stp_population *p, int year, int level, int age_group,
                                stp_status *status) {
  if (year < p->first || level < 0 || level >= STP_LEVEL_COUNT || age_group < 0 ||
      age_group >= STP_AGE_GROUPS)
    return -1;
  int i = (year > p->last ? p->last : year) - p->first;
  if (status) *status = year > p->last ? STP_STATUS_PROJECTED : p->status[i][level];
  double share = p->p[PP_30_BACHELOR + level];
  double n = p->p[PP_SCALE] * (double)p->entrants[i][level];
  /* Round the level's total once and split it, so the two groups add up to the level. */
  int64_t total = llround(n), older = llround(n * share);
  if (older > total) older = total;
  return age_group == STP_AGE_30PLUS ? older : total - older;
}

void stp_population_horizon(int first_budget_year, int budget_years, int *entry_first,
                            int *entry_last) {
  if (budget_years < 1) budget_years = 1;
  *entry_first = first_budget_year - STP_POP_YEARS_BEFORE;
  *entry_last = first_budget_year + budget_years - 1;
}

/* ---- samples ---- */

typedef struct pop_stratum {
  uint64_t first_id;     /* id of its first student */
  int64_t national, n;   /* entrants and students simulated */
  int64_t q, r;          /* weights: the first r weigh q + 1, the rest q */
  int year, level, age_group;
} pop_stratum;

struct stp_pop_sample {
  pop_stratum *st;
  int nst;
  uint64_t size;
  int64_t national;
  double share;
  stp_abroad abroad;
  stp_other other;
};

int stp_pop_sample_make(const stp_population *p, int entry_first, int entry_last, double share,
                        stp_pop_sample **out, stp_error *err) {
  *out = NULL;
  if (!(share > 0 && share <= 1))
    return stp_fail(err, STP_ERANGE, "sample share %g is not in (0, 1]", share);
  if (entry_first < p->first)
    return stp_fail(err, STP_ERANGE, "entry year %d-%02d is before the population's first year "
                    "%d-%02d (datasets/population/entrants.csv)", entry_first,
                    (entry_first + 1) % 100, p->first, (p->first + 1) % 100);
  if (entry_last < entry_first) return stp_fail(err, STP_ERANGE, "no entry years");
  stp_pop_sample *s = calloc(1, sizeof *s);
  int cap = (entry_last - entry_first + 1) * STP_LEVEL_COUNT * STP_AGE_GROUPS;
  if (!s || !(s->st = calloc((size_t)cap, sizeof *s->st))) {
    free(s);
    return stp_fail(err, STP_ENOMEM, "out of memory");
  }
  s->share = share;
  s->abroad = p->abroad;
  s->other = p->other;
  for (int y = entry_first; y <= entry_last; y++)
    for (int l = 0; l < STP_LEVEL_COUNT; l++)
      for (int a = 0; a < STP_AGE_GROUPS; a++) {
        int64_t N = stp_population_entrants(p, y, l, a, NULL);
        if (N <= 0) continue;
        int64_t n = llround(share * (double)N);
        if (n < 1) n = 1;
        if (n > N) n = N;
        pop_stratum *t = &s->st[s->nst++];
        *t = (pop_stratum){.first_id = s->size, .national = N, .n = n, .q = N / n, .r = N % n,
                           .year = y, .level = l, .age_group = a};
        s->size += (uint64_t)n;
        s->national += N;
      }
  *out = s;
  return STP_OK;
}

void stp_pop_sample_free(stp_pop_sample *s) {
  if (!s) return;
  free(s->st);
  free(s);
}
uint64_t stp_pop_sample_size(const stp_pop_sample *s) { return s->size; }
const stp_abroad *stp_pop_sample_abroad(const stp_pop_sample *s) { return &s->abroad; }
const stp_other *stp_pop_sample_other(const stp_pop_sample *s) { return &s->other; }
int64_t stp_pop_sample_national(const stp_pop_sample *s) { return s->national; }
double stp_pop_sample_share(const stp_pop_sample *s) { return s->share; }

void stp_pop_sample_slot(const stp_pop_sample *s, uint64_t id, stp_pop_slot *out) {
  int lo = 0, hi = s->nst - 1;
  while (lo < hi) { /* the last stratum whose first_id <= id */
    int mid = (lo + hi + 1) / 2;
    if (s->st[mid].first_id <= id) lo = mid;
    else hi = mid - 1;
  }
  const pop_stratum *t = &s->st[lo];
  uint64_t k = id - t->first_id;
  out->entry_year = t->year;
  out->level = t->level;
  out->age_group = t->age_group;
  out->weight = t->q + ((int64_t)k < t->r);
}

bool stp_population_clip(stp_student *s, int first_year) {
  int d = first_year - s->entry_year;
  if (d <= 0) return true;
  if (d >= s->years) return false;
  int left = s->years - d;
  memmove(s->credits, s->credits + d, (size_t)left);
  memmove(s->passed, s->passed + d, (size_t)left);
  memset(s->credits + left, 0, (size_t)(STP_MAX_STUDY_YEARS - left));
  memset(s->passed + left, 0, (size_t)(STP_MAX_STUDY_YEARS - left));
  /* income[j] is calendar year entry_year + j, j = 0..years */
  memmove(s->income, s->income + d, (size_t)(left + 1) * sizeof s->income[0]);
  for (int j = left + 1; j <= STP_MAX_STUDY_YEARS; j++) s->income[j] = 0;
  s->years = (uint8_t)left;
  s->entry_year = first_year;
  return true;
}

void stp_pop_sample_draw(const stp_pop_sample *s, const stp_cohort_model *m, gsl_rng *r,
                         uint64_t seed, uint64_t id, stp_student *out) {
  stp_pop_slot slot;
  stp_pop_sample_slot(s, id, &slot);
  stp_cohort_draw_slot(m, r, seed, id, slot.entry_year, slot.level, slot.age_group, out);
  /* A student who entered before the first parameter year enters the simulation then with
     her path so far and the debt of it: the clipped years' support, as a master brings her
     bachelor's (prior_debt; issue 12). */
  stp_money before = slot.entry_year < STP_FIRST_YEAR
                         ? stp_cohort_years_debt(m, out, STP_FIRST_YEAR - slot.entry_year)
                         : 0;
  out->absent = !stp_population_clip(out, STP_FIRST_YEAR);
  if (!out->absent) out->prior_debt += before;
  out->weight = (uint32_t)slot.weight;
}
