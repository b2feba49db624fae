#include "params.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvio.h"
#include "datasets.h"
#include "rules/support.h"

/* ---- the registry ---- */

typedef struct reg_entry {
  stp_param_def def;
  size_t offset; /* field in its set's struct */
} reg_entry;

#define REG(name, set, kind, unit, lo, hi, off, desc) \
  {{name, STP_SET_##set, STP_UNIT_##kind, unit, lo, hi, desc}, off},
static const reg_entry registry[] = {
#include "params_registry.inc"
};
#undef REG
#define NREG ((int)(sizeof registry / sizeof registry[0]))

int stp_param_count(void) { return NREG; }
const stp_param_def *stp_param_def_at(int i) {
  return i >= 0 && i < NREG ? &registry[i].def : NULL;
}
const stp_param_def *stp_param_find(const char *name) {
  for (int i = 0; i < NREG; i++)
    if (strcmp(registry[i].def.name, name) == 0) return &registry[i].def;
  return NULL;
}
static int reg_index(const stp_param_def *d) { return (int)((const reg_entry *)d - registry); }

const char *stp_status_name(stp_status s) {
  static const char *names[] = {"official", "news", "derived", "carried", "projected"};
  return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

bool stp_status_parse(const char *word, bool stand_in, stp_status *out) {
  for (int i = STP_STATUS_OFFICIAL; i <= STP_STATUS_PROJECTED; i++)
    if (strcmp(word, stp_status_name((stp_status)i)) == 0) {
      *out = (stp_status)i;
      return true;
    }
  if (stand_in && (!strcmp(word, "stand-in") || !strcmp(word, "calibrated"))) {
    *out = STP_STATUS_DERIVED;
    return true;
  }
  return false;
}

/* ---- the loaded database ---- */

typedef struct arena_block {
  struct arena_block *next;
  size_t used, cap;
  char data[];
} arena_block;

struct stp_params {
  char *dir;
  int last_year;                 /* last academic/calendar year set (loaded or projected) */
  stp_year_params years[STP_MAX_YEAR - STP_FIRST_YEAR + 1];
  stp_cal_params cal[STP_MAX_YEAR - STP_FIRST_YEAR + 1];
  stp_repay_params repay;
  stp_param_meta ymeta[STP_MAX_YEAR - STP_FIRST_YEAR + 1][sizeof registry / sizeof registry[0]];
  stp_param_meta cmeta[STP_MAX_YEAR - STP_FIRST_YEAR + 1][sizeof registry / sizeof registry[0]];
  stp_param_meta rmeta[sizeof registry / sizeof registry[0]];
  stp_rate_point *rates;
  int nrates;
  double *monthly_rate;        /* per month from rates[0].from to the last point */
  unsigned char *monthly_status;
  int nmonths;
  stp_tuition_fee *tuition;
  int ntuition;
  stp_semester_fee *semester;
  int nsemester;
  arena_block *arena;
};

static const char *arena_strdup(stp_params *p, const char *s) {
  size_t n = strlen(s) + 1;
  arena_block *b = p->arena;
  if (!b || b->cap - b->used < n) {
    size_t cap = n > 16384 ? n : 16384;
    b = malloc(sizeof *b + cap);
    if (!b) return NULL;
    b->next = p->arena;
    b->used = 0;
    b->cap = cap;
    p->arena = b;
  }
  char *d = b->data + b->used;
  memcpy(d, s, n);
  b->used += n;
  return d;
}

void stp_params_free(stp_params *p) {
  if (!p) return;
  while (p->arena) {
    arena_block *n = p->arena->next;
    free(p->arena);
    p->arena = n;
  }
  free(p->dir);
  free(p->rates);
  free(p->monthly_rate);
  free(p->monthly_status);
  free(p->tuition);
  free(p->semester);
  free(p);
}

const char *stp_params_dir(const stp_params *p) { return p->dir; }

const stp_year_params *stp_params_year(const stp_params *p, int year) {
  return year >= STP_FIRST_YEAR && year <= p->last_year ? &p->years[year - STP_FIRST_YEAR]
                                                        : NULL;
}
const stp_cal_params *stp_params_cal(const stp_params *p, int year) {
  return year >= STP_FIRST_YEAR && year <= p->last_year ? &p->cal[year - STP_FIRST_YEAR] : NULL;
}
int stp_params_last_year(const stp_params *p) { return p->last_year; }
const stp_repay_params *stp_params_repay(const stp_params *p) { return &p->repay; }
stp_year_params *stp_params_year_mut(stp_params *p, int year) {
  return (stp_year_params *)stp_params_year(p, year);
}
stp_cal_params *stp_params_cal_mut(stp_params *p, int year) {
  return (stp_cal_params *)stp_params_cal(p, year);
}
stp_repay_params *stp_params_repay_mut(stp_params *p) { return &p->repay; }

bool stp_parse_academic_year(const char *s, int *year) {
  int a, b;
  char tail;
  if (!s || sscanf(s, "%4d-%2d%c", &a, &b, &tail) != 2 || strlen(s) != 7) return false;
  if (b != (a + 1) % 100) return false;
  *year = a;
  return true;
}

/* ---- values ---- */

static void *field_ptr(void *set, const reg_entry *e) { return (char *)set + e->offset; }
static const void *cfield_ptr(const void *set, const reg_entry *e) {
  return (const char *)set + e->offset;
}

stp_money *stp_param_money_field(stp_params *p, const stp_param_def *d, int year) {
  if (d->kind != STP_UNIT_NOK || d->set == STP_SET_REPAY) return NULL;
  void *set = d->set == STP_SET_YEAR ? (void *)stp_params_year_mut(p, year)
                                     : (void *)stp_params_cal_mut(p, year);
  return set ? field_ptr(set, &registry[reg_index(d)]) : NULL;
}

static double value_as_double(const void *set, const reg_entry *e) {
  const void *f = cfield_ptr(set, e);
  switch (e->def.kind) {
  case STP_UNIT_NOK: return (double)*(const stp_money *)f / 100.0;
  case STP_UNIT_SHARE: return *(const double *)f;
  default: return (double)*(const int *)f;
  }
}

/* Parse text as the entry's kind into the set; range-check. Returns a reason or NULL. */
static const char *store_value(void *set, const reg_entry *e, const char *text) {
  void *f = field_ptr(set, e);
  double v;
  switch (e->def.kind) {
  case STP_UNIT_NOK: {
    stp_money m;
    int mrc = stp_money_scan(text, &m);
    if (mrc == STP_ERANGE) return "is out of range";
    if (mrc != STP_OK) return "is not an amount in NOK";
    v = (double)m / 100.0;
    if (v < e->def.min || v > e->def.max) return "is out of range";
    *(stp_money *)f = m;
    return NULL;
  }
  case STP_UNIT_SHARE: {
    char *end;
    errno = 0;
    v = strtod(text, &end);
    if (end == text || *end || (errno && errno != ERANGE)) return "is not a number";
    if (errno == ERANGE && isinf(v)) return "is out of range"; /* beyond double */
    if (!isfinite(v)) return "is not a number";
    if (v < e->def.min || v > e->def.max) return "is out of range";
    *(double *)f = v;
    return NULL;
  }
  default: {
    char *end;
    errno = 0;
    long l = strtol(text, &end, 10);
    if (end == text || *end || (errno && errno != ERANGE)) return "is not a whole number";
    if (errno == ERANGE) return "is out of range"; /* beyond long: the range check's words */
    if (l < e->def.min || l > e->def.max) return "is out of range";
    *(int *)f = (int)l;
    return NULL;
  }
  }
}

int stp_param_get(const stp_params *p, const stp_param_def *d, int year, double *value,
                  const stp_param_meta **meta) {
  const reg_entry *e = &registry[reg_index(d)];
  const void *set;
  const stp_param_meta *m;
  if (d->set == STP_SET_REPAY) {
    set = &p->repay;
    m = &p->rmeta[reg_index(d)];
  } else {
    if (year < STP_FIRST_YEAR || year > p->last_year) return STP_ENOTFOUND;
    int i = year - STP_FIRST_YEAR;
    set = d->set == STP_SET_YEAR ? (const void *)&p->years[i] : (const void *)&p->cal[i];
    m = d->set == STP_SET_YEAR ? &p->ymeta[i][reg_index(d)] : &p->cmeta[i][reg_index(d)];
  }
  if (value) *value = value_as_double(set, e);
  if (meta) *meta = m;
  return STP_OK;
}

int stp_param_set(stp_params *p, const stp_param_def *d, int from_year, double value,
                  stp_error *err) {
  const reg_entry *e = &registry[reg_index(d)];
  if (!(value >= d->min && value <= d->max))
    return stp_fail(err, STP_ERANGE, "%s: %g is out of range [%g, %g] %s", d->name, value,
                    d->min, d->max, d->unit);
  char text[64];
  if (d->kind == STP_UNIT_NOK) snprintf(text, sizeof text, "%.2f", value);
  else if (d->kind == STP_UNIT_SHARE) snprintf(text, sizeof text, "%.17g", value);
  else {
    if (value != floor(value))
      return stp_fail(err, STP_EINVAL, "%s: %g must be a whole number of %s", d->name, value,
                      d->unit);
    snprintf(text, sizeof text, "%.0f", value);
  }
  if (d->set == STP_SET_REPAY) {
    store_value(&p->repay, e, text);
    return STP_OK;
  }
  for (int y = from_year < STP_FIRST_YEAR ? STP_FIRST_YEAR : from_year; y <= p->last_year; y++) {
    int i = y - STP_FIRST_YEAR;
    void *set = d->set == STP_SET_YEAR ? (void *)&p->years[i] : (void *)&p->cal[i];
    store_value(set, e, text);
  }
  return STP_OK;
}

/* ---- loading parameter files ---- */

typedef struct set_load {
  stp_params *p;
  const char *path;
  stp_param_setkind which;
  void *set;
  stp_param_meta *meta;
  bool seen[sizeof registry / sizeof registry[0]];
  bool header_done;
} set_load;

static int meta_from(stp_params *p, stp_param_meta *m, const char *path, int line,
                     const char *what, const char *status, const char *source, const char *note,
                     stp_error *err) {
  if (!stp_status_parse(status, false, &m->status))
    return stp_fail(err, STP_EINVAL,
                    "%s:%d: %s: status '%s' is not one of official, news, derived, carried, "
                    "projected",
                    path, line, what, status);
  if (!*source) return stp_fail(err, STP_EINVAL, "%s:%d: %s: source is empty", path, line, what);
  if ((m->status == STP_STATUS_DERIVED || m->status == STP_STATUS_CARRIED) && !*note)
    return stp_fail(err, STP_EINVAL, "%s:%d: %s: a %s value needs a note giving the method",
                    path, line, what, status);
  m->source = arena_strdup(p, source);
  m->note = arena_strdup(p, note);
  m->line = line;
  if (!m->source || !m->note) return stp_fail(err, STP_ENOMEM, "%s: out of memory", path);
  return STP_OK;
}

static int on_param_row(void *ctx, int line, int n, char **f, stp_error *err) {
  set_load *L = ctx;
  static const char *const cols[] = {"parameter", "value", "unit", "status", "source", "note"};
  int rc = stp_csv_fixed_row(&L->header_done, L->path, line, n, f, cols, 6, err);
  if (rc) return rc > 0 ? STP_OK : rc;
  const stp_param_def *d = stp_param_find(f[0]);
  if (!d || d->set != L->which)
    return stp_fail(err, STP_EINVAL, "%s:%d: %s: unknown parameter for this file", L->path, line,
                    f[0]);
  int i = reg_index(d);
  if (L->seen[i])
    return stp_fail(err, STP_EINVAL, "%s:%d: %s: given twice (first on line %d)", L->path, line,
                    f[0], L->meta[i].line);
  L->seen[i] = true;
  if (strcmp(f[2], d->unit) != 0)
    return stp_fail(err, STP_EINVAL, "%s:%d: %s: unit '%s', expected '%s'", L->path, line, f[0],
                    f[2], d->unit);
  const char *why = store_value(L->set, &registry[i], f[1]);
  if (why) {
    if (strcmp(why, "is out of range") == 0)
      return stp_fail(err, STP_ERANGE, "%s:%d: %s: value '%s' is out of range [%g, %g] %s",
                      L->path, line, f[0], f[1], d->min, d->max, d->unit);
    return stp_fail(err, STP_EINVAL, "%s:%d: %s: value '%s' %s", L->path, line, f[0], f[1], why);
  }
  return meta_from(L->p, &L->meta[i], L->path, line, f[0], f[3], f[4], f[5], err);
}

static int load_set(stp_params *p, const char *path, stp_param_setkind which, void *set,
                    stp_param_meta *meta, stp_error *err) {
  set_load L = {.p = p, .path = path, .which = which, .set = set, .meta = meta};
  int rc = stp_csv_read_file(path, on_param_row, &L, err);
  if (rc != STP_OK) return rc;
  for (int i = 0; i < NREG; i++)
    if (registry[i].def.set == which && !L.seen[i])
      return stp_fail(err, STP_EINVAL, "%s: parameter %s is missing", path, registry[i].def.name);
  return STP_OK;
}

/* ---- projection beyond the last parameter year ---- */

static stp_money uprate_kr(stp_money v, double growth) {
  return stp_round_kr((stp_money)llround((double)v * (1.0 + growth)));
}

int stp_params_project(stp_params *p, int to_year, double price_growth, double wage_growth,
                       stp_error *err) {
  if (to_year > STP_MAX_YEAR)
    return stp_fail(err, STP_ERANGE, "cannot project parameters beyond %d", STP_MAX_YEAR);
  if (!(price_growth > -0.5 && price_growth < 0.5 && wage_growth > -0.5 && wage_growth < 0.5))
    return stp_fail(err, STP_ERANGE, "growth rates must be within (-50 %%, 50 %%)");
  static const char *note_price =
      "projected: the previous year uprated by the price growth ([economy] price_growth; rule in "
      "datasets/README.md)";
  static const char *note_wage =
      "projected: the previous year uprated by the wage growth, as G ([economy] wage_growth; "
      "rule in datasets/README.md)";
  for (int y = STP_LAST_YEAR + 1; y <= to_year; y++) {
    int i = y - STP_FIRST_YEAR;
    p->years[i] = p->years[i - 1];
    p->years[i].year = y;
    p->cal[i] = p->cal[i - 1];
    p->cal[i].year = y;
    for (int k = 0; k < NREG; k++) {
      const reg_entry *e = &registry[k];
      if (e->def.set == STP_SET_REPAY) continue;
      bool yearset = e->def.set == STP_SET_YEAR;
      void *set = yearset ? (void *)&p->years[i] : (void *)&p->cal[i];
      if (e->def.kind == STP_UNIT_NOK) {
        stp_money *f = field_ptr(set, e);
        *f = uprate_kr(*f, yearset ? price_growth : wage_growth);
      }
      stp_param_meta *m = yearset ? &p->ymeta[i][k] : &p->cmeta[i][k];
      *m = yearset ? p->ymeta[i - 1][k] : p->cmeta[i - 1][k];
      m->status = STP_STATUS_PROJECTED;
      m->note = yearset ? note_price : note_wage;
    }
    /* Basic support stays a whole number of monthly payments. */
    stp_year_params *yp = &p->years[i];
    yp->basic_support = stp_basic_year_whole_months(yp->basic_support, yp->support_months);
  }
  if (to_year > p->last_year) p->last_year = to_year;
  return STP_OK;
}

/* ---- interest rates ---- */

typedef struct rate_load {
  stp_params *p;
  const char *path;
  bool header_done;
  int cap;
} rate_load;

static bool parse_month(const char *s, stp_month *t) {
  int y, m;
  char tail;
  if (sscanf(s, "%4d-%2d%c", &y, &m, &tail) != 2 || strlen(s) != 7 || m < 1 || m > 12 ||
      y < 1990 || y > 2100)
    return false;
  *t = STP_MONTH(y, m);
  return true;
}

static int on_rate_row(void *ctx, int line, int n, char **f, stp_error *err) {
  rate_load *L = ctx;
  static const char *const cols[] = {"from", "rate_percent", "status", "source", "note"};
  int hrc = stp_csv_fixed_row(&L->header_done, L->path, line, n, f, cols, 5, err);
  if (hrc) return hrc > 0 ? STP_OK : hrc;
  stp_params *p = L->p;
  if (p->nrates == L->cap) {
    L->cap = L->cap ? 2 * L->cap : 32;
    stp_rate_point *r = realloc(p->rates, (size_t)L->cap * sizeof *r);
    if (!r) return stp_fail(err, STP_ENOMEM, "%s: out of memory", L->path);
    p->rates = r;
  }
  stp_rate_point *r = &p->rates[p->nrates];
  if (!parse_month(f[0], &r->from))
    return stp_fail(err, STP_EINVAL, "%s:%d: from: '%s' is not a month YYYY-MM", L->path, line,
                    f[0]);
  if (p->nrates > 0 && r->from <= p->rates[p->nrates - 1].from)
    return stp_fail(err, STP_EINVAL, "%s:%d: from: %s is not after the previous row", L->path,
                    line, f[0]);
  char *end;
  errno = 0;
  double pct = strtod(f[1], &end);
  if (end == f[1] || *end || errno || !(pct >= 0 && pct <= 20))
    return stp_fail(err, STP_ERANGE, "%s:%d: rate_percent: '%s' is not a rate in [0, 20]",
                    L->path, line, f[1]);
  r->rate = pct / 100.0;
  stp_param_meta m;
  int rc = meta_from(p, &m, L->path, line, "rate_percent", f[2], f[3], f[4], err);
  if (rc != STP_OK) return rc;
  r->status = m.status;
  r->source = m.source;
  p->nrates++;
  return STP_OK;
}

/* Fill the monthly table. A published reset holds for two months (resets are six a year);
   between two published points further apart the missing resets are interpolated linearly
   (rulebook 9e) and flagged as derived. */
static int build_monthly_rates(stp_params *p, const char *path, stp_error *err) {
  if (p->nrates == 0) return stp_fail(err, STP_EINVAL, "%s: no rates", path);
  stp_month t0 = p->rates[0].from, t1 = p->rates[p->nrates - 1].from;
  p->nmonths = t1 - t0 + 1;
  p->monthly_rate = malloc((size_t)p->nmonths * sizeof *p->monthly_rate);
  p->monthly_status = malloc((size_t)p->nmonths);
  if (!p->monthly_rate || !p->monthly_status)
    return stp_fail(err, STP_ENOMEM, "%s: out of memory", path);
  for (int k = 0; k + 1 < p->nrates; k++) {
    const stp_rate_point *a = &p->rates[k], *b = &p->rates[k + 1];
    for (stp_month t = a->from; t < b->from; t++) {
      int i = t - t0;
      if (t < a->from + 2) {
        p->monthly_rate[i] = a->rate;
        p->monthly_status[i] = (unsigned char)a->status;
      } else {
        stp_month reset = a->from + 2 * ((t - a->from) / 2);
        double w = (double)(reset - a->from) / (double)(b->from - a->from);
        p->monthly_rate[i] = a->rate + w * (b->rate - a->rate);
        p->monthly_status[i] = STP_STATUS_DERIVED;
      }
    }
  }
  p->monthly_rate[t1 - t0] = p->rates[p->nrates - 1].rate;
  p->monthly_status[t1 - t0] = (unsigned char)p->rates[p->nrates - 1].status;
  return STP_OK;
}

double stp_params_rate(const stp_params *p, stp_month t, stp_status *status) {
  stp_month t0 = p->rates[0].from;
  if (t < t0) {
    if (status) *status = STP_STATUS_CARRIED;
    return p->monthly_rate[0];
  }
  if (t - t0 >= p->nmonths) {
    if (status)
      *status = t - t0 < p->nmonths + 1 ? (stp_status)p->monthly_status[p->nmonths - 1]
                                         : STP_STATUS_CARRIED;
    return p->monthly_rate[p->nmonths - 1];
  }
  if (status) *status = (stp_status)p->monthly_status[t - t0];
  return p->monthly_rate[t - t0];
}

int stp_params_rate_points(const stp_params *p, const stp_rate_point **points) {
  *points = p->rates;
  return p->nrates;
}

/* ---- tuition and semester fees ---- */

typedef struct fee_load {
  stp_params *p;
  const char *path;
  bool header_done;
  int cap;
} fee_load;

static int grow(void **arr, int n, int *cap, size_t size) {
  if (n < *cap) return 0;
  int c = *cap ? 2 * *cap : 32;
  void *a = realloc(*arr, (size_t)c * size);
  if (!a) return -1;
  *arr = a;
  *cap = c;
  return 0;
}

static int parse_fee(const char *path, int line, const char *col, const char *text,
                     stp_money *out, stp_error *err) {
  int mrc = stp_money_scan(text, out);
  if (mrc == STP_EINVAL)
    return stp_fail(err, STP_EINVAL, "%s:%d: %s: '%s' is not an amount in NOK", path, line, col,
                    text);
  if (mrc == STP_ERANGE || *out < 0 || *out > STP_NOK(2000000))
    return stp_fail(err, STP_ERANGE, "%s:%d: %s: %s is out of range [0, 2000000] NOK", path,
                    line, col, text);
  return STP_OK;
}

static int on_tuition_row(void *ctx, int line, int n, char **f, stp_error *err) {
  fee_load *L = ctx;
  static const char *const cols[] = {"institution", "category", "year",  "fee_nok",
                                     "status",      "source",   "note"};
  int hrc = stp_csv_fixed_row(&L->header_done, L->path, line, n, f, cols, 7, err);
  if (hrc) return hrc > 0 ? STP_OK : hrc;
  stp_params *p = L->p;
  if (grow((void **)&p->tuition, p->ntuition, &L->cap, sizeof *p->tuition))
    return stp_fail(err, STP_ENOMEM, "%s: out of memory", L->path);
  stp_tuition_fee *t = &p->tuition[p->ntuition];
  if (!*f[0] || !*f[1])
    return stp_fail(err, STP_EINVAL, "%s:%d: institution and category must not be empty", L->path,
                    line);
  if (!stp_parse_academic_year(f[2], &t->year))
    return stp_fail(err, STP_EINVAL, "%s:%d: year: '%s' is not an academic year like 2024-25",
                    L->path, line, f[2]);
  int rc = parse_fee(L->path, line, "fee_nok", f[3], &t->fee_year, err);
  if (rc) return rc;
  stp_param_meta m;
  if ((rc = meta_from(p, &m, L->path, line, "fee_nok", f[4], f[5], f[6], err))) return rc;
  t->status = m.status;
  t->source = m.source;
  t->institution = arena_strdup(p, f[0]);
  t->category = arena_strdup(p, f[1]);
  if (!t->institution || !t->category)
    return stp_fail(err, STP_ENOMEM, "%s: out of memory", L->path);
  for (int i = 0; i < p->ntuition; i++)
    if (!strcasecmp(p->tuition[i].institution, t->institution) &&
        !strcasecmp(p->tuition[i].category, t->category) && p->tuition[i].year == t->year)
      return stp_fail(err, STP_EINVAL, "%s:%d: %s %s %s is given twice", L->path, line, f[0],
                      f[1], f[2]);
  p->ntuition++;
  return STP_OK;
}

static int on_semester_row(void *ctx, int line, int n, char **f, stp_error *err) {
  fee_load *L = ctx;
  static const char *const cols[] = {"institution", "year",   "fee_nok", "online_fee_nok",
                                     "status",      "source", "note"};
  int hrc = stp_csv_fixed_row(&L->header_done, L->path, line, n, f, cols, 7, err);
  if (hrc) return hrc > 0 ? STP_OK : hrc;
  stp_params *p = L->p;
  if (grow((void **)&p->semester, p->nsemester, &L->cap, sizeof *p->semester))
    return stp_fail(err, STP_ENOMEM, "%s: out of memory", L->path);
  stp_semester_fee *s = &p->semester[p->nsemester];
  if (!*f[0]) return stp_fail(err, STP_EINVAL, "%s:%d: institution is empty", L->path, line);
  if (!stp_parse_academic_year(f[1], &s->year))
    return stp_fail(err, STP_EINVAL, "%s:%d: year: '%s' is not an academic year like 2024-25",
                    L->path, line, f[1]);
  int rc = parse_fee(L->path, line, "fee_nok", f[2], &s->fee, err);
  if (!rc) rc = parse_fee(L->path, line, "online_fee_nok", f[3], &s->fee_online, err);
  if (rc) return rc;
  stp_param_meta m;
  if ((rc = meta_from(p, &m, L->path, line, "fee_nok", f[4], f[5], f[6], err))) return rc;
  s->status = m.status;
  s->source = m.source;
  for (int i = 0; i < p->nsemester; i++)
    if (!strcasecmp(p->semester[i].institution, f[0]) && p->semester[i].year == s->year)
      return stp_fail(err, STP_EINVAL, "%s:%d: %s %s is given twice", L->path, line, f[0], f[1]);
  if (!(s->institution = arena_strdup(p, f[0])))
    return stp_fail(err, STP_ENOMEM, "%s: out of memory", L->path);
  p->nsemester++;
  return STP_OK;
}

/* Nearest year: the latest table at or before `year`, else the earliest after it. */
#define PICK_NEAREST(best, cand, year)                                                     \
  do {                                                                                     \
    if (!(best)) (best) = (cand);                                                          \
    else if ((cand)->year <= (year) && ((best)->year > (year) || (cand)->year > (best)->year)) \
      (best) = (cand);                                                                     \
    else if ((cand)->year > (year) && (best)->year > (year) && (cand)->year < (best)->year) \
      (best) = (cand);                                                                     \
  } while (0)

const stp_tuition_fee *stp_params_tuition(const stp_params *p, const char *institution,
                                          const char *category, int year) {
  const stp_tuition_fee *best = NULL;
  for (int i = 0; i < p->ntuition; i++) {
    const stp_tuition_fee *t = &p->tuition[i];
    if (strcasecmp(t->institution, institution) || strcasecmp(t->category, category)) continue;
    PICK_NEAREST(best, t, year);
  }
  return best;
}

const stp_semester_fee *stp_params_semester_fee(const stp_params *p, const char *institution,
                                                int year) {
  const stp_semester_fee *best = NULL;
  for (int i = 0; i < p->nsemester; i++) {
    const stp_semester_fee *s = &p->semester[i];
    if (strcasecmp(s->institution, institution)) continue;
    PICK_NEAREST(best, s, year);
  }
  return best;
}

bool stp_params_has_institution(const stp_params *p, const char *institution) {
  for (int i = 0; i < p->ntuition; i++)
    if (!strcasecmp(p->tuition[i].institution, institution)) return true;
  for (int i = 0; i < p->nsemester; i++)
    if (!strcasecmp(p->semester[i].institution, institution)) return true;
  return false;
}

int stp_params_tuition_table(const stp_params *p, const stp_tuition_fee **fees) {
  *fees = p->tuition;
  return p->ntuition;
}
int stp_params_semester_table(const stp_params *p, const stp_semester_fee **fees) {
  *fees = p->semester;
  return p->nsemester;
}

/* ---- loading everything ---- */

static int load_all(stp_params *p, stp_error *err) {
  char path[4096];
  int rc;
  for (int y = STP_FIRST_YEAR; y <= STP_LAST_YEAR; y++) {
    int i = y - STP_FIRST_YEAR;
    snprintf(path, sizeof path, "%s/policy/academic/%d-%02d.csv", p->dir, y, (y + 1) % 100);
    if ((rc = load_set(p, path, STP_SET_YEAR, &p->years[i], p->ymeta[i], err))) return rc;
    p->years[i].year = y;
    snprintf(path, sizeof path, "%s/policy/calendar/%d.csv", p->dir, y);
    if ((rc = load_set(p, path, STP_SET_CAL, &p->cal[i], p->cmeta[i], err))) return rc;
    p->cal[i].year = y;
  }
  snprintf(path, sizeof path, "%s/policy/repayment.csv", p->dir);
  if ((rc = load_set(p, path, STP_SET_REPAY, &p->repay, p->rmeta, err))) return rc;

  snprintf(path, sizeof path, "%s/policy/interest_rates.csv", p->dir);
  rate_load R = {.p = p, .path = path};
  if ((rc = stp_csv_read_file(path, on_rate_row, &R, err))) return rc;
  if ((rc = build_monthly_rates(p, path, err))) return rc;

  snprintf(path, sizeof path, "%s/tuition/tuition_fees.csv", p->dir);
  fee_load T = {.p = p, .path = path};
  if ((rc = stp_csv_read_file(path, on_tuition_row, &T, err))) return rc;
  snprintf(path, sizeof path, "%s/tuition/semester_fees.csv", p->dir);
  fee_load S = {.p = p, .path = path};
  if ((rc = stp_csv_read_file(path, on_semester_row, &S, err))) return rc;

  /* Cross-checks that a single row cannot see. */
  for (int y = STP_FIRST_YEAR; y <= STP_LAST_YEAR; y++) {
    const stp_year_params *yp = &p->years[y - STP_FIRST_YEAR];
    const stp_cal_params *cp = &p->cal[y - STP_FIRST_YEAR];
    int i = y - STP_FIRST_YEAR;
    if (yp->conversion_exam_share + yp->conversion_degree_share > yp->conversion_max_share + 1e-9)
      return stp_fail(err, STP_ERANGE,
                      "%s/policy/academic/%d-%02d.csv:%d: conversion_exam_share + "
                      "conversion_degree_share exceeds conversion_max_share",
                      p->dir, y, (y + 1) % 100,
                      p->ymeta[i][reg_index(stp_param_find("conversion_exam_share"))].line);
    if (cp->income_limit_short < cp->income_limit)
      return stp_fail(err, STP_ERANGE,
                      "%s/policy/calendar/%d.csv:%d: income_limit_short is below income_limit",
                      p->dir, y, p->cmeta[i][reg_index(stp_param_find("income_limit_short"))].line);
  }
  return STP_OK;
}

int stp_params_load(const char *datasets_dir, stp_params **out, stp_error *err) {
  const char *dir = stp_datasets_dir(datasets_dir);
  stp_params *p = calloc(1, sizeof *p);
  if (!p) return stp_fail(err, STP_ENOMEM, "out of memory");
  if (!(p->dir = strdup(dir))) {
    free(p);
    return stp_fail(err, STP_ENOMEM, "out of memory");
  }
  p->last_year = STP_LAST_YEAR;
  int rc = load_all(p, err);
  if (rc != STP_OK) {
    stp_params_free(p);
    return rc;
  }
  *out = p;
  return STP_OK;
}

/* ---- the listing (`stipend params`) ---- */

/* The flag column: what an analyst must know before quoting the value. */
static const char *flag_of(stp_status s) {
  switch (s) {
  case STP_STATUS_PROJECTED: return "projected";
  case STP_STATUS_CARRIED: return "carried-forward";
  case STP_STATUS_DERIVED: return "derived";
  default: return "";
  }
}

static const char *set_name(stp_param_setkind s) {
  return s == STP_SET_YEAR ? "academic" : s == STP_SET_CAL ? "calendar" : "repayment";
}

static void format_value(const stp_param_def *d, double v, char *buf, size_t n) {
  if (d->kind == STP_UNIT_NOK) snprintf(buf, n, "%.2f", v);
  else if (d->kind == STP_UNIT_SHARE) snprintf(buf, n, "%g", v);
  else snprintf(buf, n, "%.0f", v);
}

static void emit(FILE *out, stp_csv_writer *w, const char *set, const char *year, const char *name,
                 const char *value, const char *unit, stp_status st, const char *source,
                 const char *note) {
  if (w) {
    stp_csv_field(w, set);
    stp_csv_field(w, year);
    stp_csv_field(w, name);
    stp_csv_field(w, value);
    stp_csv_field(w, unit);
    stp_csv_field(w, stp_status_name(st));
    stp_csv_field(w, flag_of(st));
    stp_csv_field(w, source);
    stp_csv_field(w, note);
    stp_csv_endrow(w);
  } else {
    fprintf(out, "%-9s %-7s %-34s %14s %-9s %-9s %-15s %s", set, year, name, value, unit,
            stp_status_name(st), flag_of(st), source);
    if (note && *note) fprintf(out, "  [%s]", note);
    fprintf(out, "\n");
  }
}

static void list_set(const stp_params *p, FILE *out, stp_csv_writer *w, stp_param_setkind set,
                     int year) {
  char ybuf[16], vbuf[64];
  if (set == STP_SET_YEAR) snprintf(ybuf, sizeof ybuf, "%d-%02d", year, (year + 1) % 100);
  else if (set == STP_SET_CAL) snprintf(ybuf, sizeof ybuf, "%d", year);
  else snprintf(ybuf, sizeof ybuf, "all");
  for (int i = 0; i < stp_param_count(); i++) {
    const stp_param_def *d = stp_param_def_at(i);
    if (d->set != set) continue;
    double v;
    const stp_param_meta *m;
    if (stp_param_get(p, d, year, &v, &m) != STP_OK) continue;
    format_value(d, v, vbuf, sizeof vbuf);
    emit(out, w, set_name(set), ybuf, d->name, vbuf, d->unit, m->status, m->source, m->note);
  }
}

int stp_params_list(const stp_params *p, int year, FILE *out, bool csv, stp_error *err) {
  stp_csv_writer *w = NULL;
  if (csv) {
    if (!(w = stp_csv_writer_file(out))) return stp_fail(err, STP_ENOMEM, "params: out of memory");
    const char *h[] = {"set", "period", "parameter", "value", "unit", "status", "flag", "source",
                       "note"};
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) stp_csv_field(w, h[i]);
    stp_csv_endrow(w);
  } else {
    fprintf(out, "%-9s %-7s %-34s %14s %-9s %-9s %-15s %s\n", "set", "year", "parameter", "value",
           "unit", "status", "flag", "source [note]");
  }
  int from = year ? year : STP_FIRST_YEAR, to = year ? year : STP_LAST_PROJECTED_YEAR;
  for (int yy = from; yy <= to; yy++) list_set(p, out, w, STP_SET_YEAR, yy);
  for (int yy = from; yy <= (year ? year + 1 : to); yy++)
    if (stp_params_cal(p, yy)) list_set(p, out, w, STP_SET_CAL, yy);
  list_set(p, out, w, STP_SET_REPAY, 0);

  char vbuf[64], ybuf[16], name[96];
  const stp_rate_point *rp;
  int nr = stp_params_rate_points(p, &rp);
  for (int i = 0; i < nr; i++) {
    snprintf(ybuf, sizeof ybuf, "%04d-%02d", stp_month_year(rp[i].from),
             stp_month_of_year(rp[i].from));
    snprintf(vbuf, sizeof vbuf, "%.3f", rp[i].rate * 100);
    emit(out, w, "rate", ybuf, "floating_rate", vbuf, "percent", rp[i].status, rp[i].source,
         "gaps between published resets are interpolated (rulebook 9e)");
  }
  const stp_tuition_fee *tf;
  int nt = stp_params_tuition_table(p, &tf);
  for (int i = 0; i < nt; i++) {
    if (year && tf[i].year != year) continue;
    snprintf(ybuf, sizeof ybuf, "%d-%02d", tf[i].year, (tf[i].year + 1) % 100);
    snprintf(name, sizeof name, "tuition_fee.%s.%s", tf[i].institution, tf[i].category);
    char b[32];
    emit(out, w, "tuition", ybuf, name, stp_money_format(tf[i].fee_year, b, sizeof b), "NOK/year",
         tf[i].status, tf[i].source, "");
  }
  const stp_semester_fee *sf;
  int ns = stp_params_semester_table(p, &sf);
  for (int i = 0; i < ns; i++) {
    if (year && sf[i].year != year) continue;
    char b[32];
    snprintf(ybuf, sizeof ybuf, "%d-%02d", sf[i].year, (sf[i].year + 1) % 100);
    snprintf(name, sizeof name, "semester_fee.%s", sf[i].institution);
    emit(out, w, "semester", ybuf, name, stp_money_format(sf[i].fee, b, sizeof b), "NOK/term",
         sf[i].status, sf[i].source, "");
    snprintf(name, sizeof name, "semester_fee_online.%s", sf[i].institution);
    emit(out, w, "semester", ybuf, name, stp_money_format(sf[i].fee_online, b, sizeof b),
         "NOK/term",
         sf[i].status, sf[i].source, "");
  }
  if (w) return stp_csv_writer_commit(w, err);
  if (fflush(out) != 0) return stp_fail(err, STP_EIO, "params: cannot write the listing");
  return STP_OK;
}
