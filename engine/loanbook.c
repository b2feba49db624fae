/* loanbook.c: the initial loan book from datasets/loanbook/parameters.csv.

   Vintages: borrowers whose first bill fell k = 0 .. years_max - 1 years before the book date
   (January of STP_CF_FIRST), k = 0 in February of the year before. A vintage's relative size
   is (1 + new_repayers_growth)^-k (fewer new repayers in earlier years) times
   (1 - exit_rate)^k (settled early, terminated and written off, died); its mean debt at the
   first bill is level × (1 + debt_growth)^-k. Within a vintage, borrowers are split by age
   at the first bill (three ages) and by balance band (the published distribution of new
   repayers' debt: a band's debt is its value relative to the distribution's mean), and a
   share of each is with Statens innkrevingssentral. Each stratum's balance on the book date
   is its debt at the first bill amortised by the annuity of the repayment rules' plan
   (plan_months(debt) - grace instalments) at history_rate for the months elapsed; a stratum
   whose plan has ended, or whose borrowers are 70 or older, is left out (repaid).

   The pipeline: borrowers who had left education but had no bill yet on the book date, whom
   neither the book nor the population (students enrolled from 2016-17 on) holds: the vintage
   whose first bill falls in February of the book year (k = -1: the leavers of the year
   before) and the spring leavers of the book year (k = -2, a share pipeline_spring_share of
   its vintage, first bill in February of the year after), built by the same vintage rules
   (relative size (1 + new_repayers_growth)^-k, mean debt level × (1 + debt_growth)^-k, ages,
   bands; none in collection). A pipeline stratum's balance on the book date is its debt at
   the first bill less the grace months' interest still to come (from the later of the book
   date and first_bill - grace_months, at history_rate): the lifecycle charges those months
   at the rates in force and adds them to the debt at the first bill.

   Scaling: the national counts are the borrowers target split by the strata's relative
   sizes (largest remainders: they add up exactly); the level is solved (fixed point: plan
   lengths depend on it) so that the balances add up to the debt target, then every balance is
   scaled once and rounded to the øre. */
#include "loanbook.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "outcome.h"
#include "datasets.h"
#include "rules/repayment.h"

enum {
  LB_YEAR, LB_BORROWERS, LB_DEBT, LB_COLLECTION, LB_NEW_GROWTH, LB_DEBT_GROWTH, LB_RATE,
  LB_EXIT, LB_YEARS_MAX,
  LB_AGE1, LB_AGE2, LB_AGE3, LB_AGE_SHARE1, LB_AGE_SHARE2, LB_AGE_SHARE3,
  LB_BAND_VALUE1, LB_BAND_VALUE2, LB_BAND_VALUE3, LB_BAND_VALUE4, LB_BAND_VALUE5,
  LB_BAND_SHARE1, LB_BAND_SHARE2, LB_BAND_SHARE3, LB_BAND_SHARE4, LB_BAND_SHARE5,
  LB_SPRING, LB_PUPILS,
  LB_COUNT
};
static const struct {
  const char *name, *unit;
  double min, max;
} lb_defs[LB_COUNT] = {
    {"book_year", "year", 2000, 2100},
    {"borrowers", "count", 1, 1e7},
    {"debt", "NOK", 1, 1e13},
    {"collection_share", "share", 0, 1},
    {"new_repayers_growth", "share", -0.2, 0.2},
    {"debt_growth", "share", -0.2, 0.2},
    {"history_rate", "share", 0, 0.2},
    {"exit_rate", "share", 0, 0.5},
    {"years_max", "years", 1, 50},
    {"age_1", "years", 16, 69},
    {"age_2", "years", 16, 69},
    {"age_3", "years", 16, 69},
    {"age_share_1", "share", 0, 1},
    {"age_share_2", "share", 0, 1},
    {"age_share_3", "share", 0, 1},
    {"band_value_1", "NOK", 0, 1e8},
    {"band_value_2", "NOK", 0, 1e8},
    {"band_value_3", "NOK", 0, 1e8},
    {"band_value_4", "NOK", 0, 1e8},
    {"band_value_5", "NOK", 0, 1e8},
    {"band_share_1", "share", 0, 1},
    {"band_share_2", "share", 0, 1},
    {"band_share_3", "share", 0, 1},
    {"band_share_4", "share", 0, 1},
    {"band_share_5", "share", 0, 1},
    {"pipeline_spring_share", "share", 0, 1},
    {"pupils_with_support", "count", 0, 1e7},
};

#define LB_MAX_STRATA (50 * STP_BOOK_AGES * STP_BOOK_BANDS * 2 + LB_PIPE_STRATA)
#define LB_PIPE_STRATA (2 * STP_BOOK_AGES * STP_BOOK_BANDS)

struct stp_loanbook {
  double p[LB_COUNT];
  int pline[LB_COUNT];
  int n;      /* strata: the book's first, then the pipeline's */
  int n_book; /* of them the book's (in repayment on the book date) */
  stp_book_stratum s[LB_MAX_STRATA];
  int64_t borrowers, pipe_borrowers;
  stp_money debt, pipe_debt;
  stp_money level; /* øre */
};

typedef struct lb_load {
  stp_loanbook *b;
  const char *path;
  bool header;
} lb_load;

static int on_param(void *ctx, int line, int n, char **f, stp_error *err) {
  static const char *const cols[] = {"parameter", "value", "unit", "status", "source", "note"};
  lb_load *c = ctx;
  int hrc = stp_csv_fixed_row(&c->header, c->path, line, n, f, cols, 6, err);
  if (hrc) return hrc > 0 ? STP_OK : hrc;
  int k = -1;
  for (int i = 0; i < LB_COUNT; i++)
    if (strcmp(f[0], lb_defs[i].name) == 0) k = i;
  if (k < 0)
    return stp_fail(err, STP_EINVAL, "%s:%d: parameter: unknown '%s'", c->path, line, f[0]);
  stp_loanbook *b = c->b;
  if (b->pline[k])
    return stp_fail(err, STP_EINVAL, "%s:%d: parameter %s: already given on line %d", c->path,
                    line, f[0], b->pline[k]);
  char *end;
  errno = 0;
  double v = strtod(f[1], &end);
  if (end == f[1] || *end || errno || !isfinite(v) || v < lb_defs[k].min || v > lb_defs[k].max)
    return stp_fail(err, STP_ERANGE,
                    "%s:%d: parameter %s: value '%s' is not a number in [%g, %g]", c->path,
                    line, f[0], f[1], lb_defs[k].min, lb_defs[k].max);
  if (strcmp(f[2], lb_defs[k].unit) != 0)
    return stp_fail(err, STP_EINVAL, "%s:%d: parameter %s: unit '%s', expected '%s'", c->path,
                    line, f[0], f[2], lb_defs[k].unit);
  static const char *const statuses[] = {"official", "news", "derived", "stand-in"};
  bool known = false;
  for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
    known |= strcmp(f[3], statuses[i]) == 0;
  if (!known)
    return stp_fail(err, STP_EINVAL,
                    "%s:%d: parameter %s: status '%s' (official, news, derived, stand-in)",
                    c->path, line, f[0], f[3]);
  if (!f[4][0])
    return stp_fail(err, STP_EINVAL, "%s:%d: parameter %s: source: empty", c->path, line, f[0]);
  if (strcmp(f[3], "official") != 0 && !f[5][0])
    return stp_fail(err, STP_EINVAL, "%s:%d: parameter %s: note: a %s value needs its method",
                    c->path, line, f[0], f[3]);
  b->p[k] = v;
  b->pline[k] = line;
  return STP_OK;
}

/* The mean of the band values weighted by their shares: a band's debt at the first bill is
   its value relative to this mean, times the vintage's mean debt. */
static double band_mean(const double *p) {
  double m = 0;
  for (int j = 0; j < STP_BOOK_BANDS; j++) m += p[LB_BAND_SHARE1 + j] * p[LB_BAND_VALUE1 + j];
  return m;
}

/* The strata at `level` (øre, the newest vintage's mean debt at the first bill), with
   relative sizes in rel[] (unnormalised); returns the count. */
static int strata_at(const stp_loanbook *b, const stp_repay_params *rp, double level,
                     stp_book_stratum *s, double *rel) {
  const double *p = b->p;
  int year = (int)p[LB_YEAR];
  stp_month now = STP_MONTH(year, 1);
  double mean_band = band_mean(p);
  double i_m = p[LB_RATE] / 12;
  int n = 0;
  for (int k = 0; k < (int)p[LB_YEARS_MAX]; k++) {
    stp_month first = STP_MONTH(year - 1 - k, 2);
    int elapsed = now - first;
    double vint = pow(1 + p[LB_NEW_GROWTH], -k) * pow(1 - p[LB_EXIT], k);
    double mean = level * pow(1 + p[LB_DEBT_GROWTH], -k);
    for (int a = 0; a < STP_BOOK_AGES; a++) {
      int age = (int)p[LB_AGE1 + a];
      int birth = year - 1 - k - age;
      if (year - birth >= rp->repay_age_limit) continue;
      for (int j = 0; j < STP_BOOK_BANDS; j++) {
        double d0 = mean_band > 0 ? mean * p[LB_BAND_VALUE1 + j] / mean_band : 0;
        if (!(d0 >= 1 && d0 < 1e15)) continue; /* øre: nothing owed, or beyond any debt */
        stp_money debt = (stp_money)llround(d0);
        int plan = stp_plan_months(rp, debt) - rp->grace_months; /* instalments */
        int left = plan - elapsed;
        if (debt <= 0 || left < 1) continue;
        double frac = i_m > 0 ? (1 - pow(1 + i_m, -left)) / (1 - pow(1 + i_m, -plan))
                              : (double)left / plan;
        for (int c = 0; c < 2; c++) {
          double share = c ? p[LB_COLLECTION] : 1 - p[LB_COLLECTION];
          double r = vint * p[LB_AGE_SHARE1 + a] * p[LB_BAND_SHARE1 + j] * share;
          if (r <= 0) continue;
          s[n] = (stp_book_stratum){.years = k, .age = age, .band = j, .collection = c,
                                    .debt_start = debt,
                                    .balance = (stp_money)llround(d0 * frac),
                                    .first_bill = first, .end = first + plan - 1};
          rel[n++] = r;
        }
      }
    }
  }
  return n;
}

/* The pipeline's strata at `level` (k = -1, -2: see the top), relative sizes in the book's
   units in rel[]; returns the count. */
static int pipeline_at(const stp_loanbook *b, const stp_repay_params *rp, double level,
                       stp_book_stratum *s, double *rel) {
  const double *p = b->p;
  int year = (int)p[LB_YEAR];
  stp_month now = STP_MONTH(year, 1);
  double mean_band = band_mean(p);
  double i_m = p[LB_RATE] / 12;
  int n = 0;
  for (int k = -1; k >= -2; k--) {
    stp_month first = STP_MONTH(year - 1 - k, 2);
    stp_month start = first - rp->grace_months;
    int grace = first - (start > now ? start : now); /* grace months from the book date */
    double vint = pow(1 + p[LB_NEW_GROWTH], -k) * (k == -2 ? p[LB_SPRING] : 1.0);
    double mean = level * pow(1 + p[LB_DEBT_GROWTH], -k);
    for (int a = 0; a < STP_BOOK_AGES; a++) {
      int age = (int)p[LB_AGE1 + a];
      for (int j = 0; j < STP_BOOK_BANDS; j++) {
        double d0 = mean_band > 0 ? mean * p[LB_BAND_VALUE1 + j] / mean_band : 0;
        double r = vint * p[LB_AGE_SHARE1 + a] * p[LB_BAND_SHARE1 + j];
        if (!(d0 >= 1 && d0 < 1e15) || r <= 0) continue;
        stp_money debt = (stp_money)llround(d0);
        int plan = stp_plan_months(rp, debt) - rp->grace_months; /* instalments */
        if (plan < 1) continue;
        s[n] = (stp_book_stratum){.years = k, .age = age, .band = j, .collection = false,
                                  .debt_start = debt,
                                  .balance = (stp_money)llround(d0 / pow(1 + i_m, grace)),
                                  .first_bill = first, .end = first + plan - 1};
        rel[n++] = r;
      }
    }
  }
  return n;
}

/* National counts: target × rel / Σ rel, floored, the remainder to the largest fractions
   (ties to the lower index), so that they add up to the target exactly. */
static void split_counts(stp_book_stratum *s, const double *rel, int n, int64_t target) {
  double sum = 0;
  for (int i = 0; i < n; i++) sum += rel[i];
  int64_t given = 0;
  double *frac = malloc((size_t)(n > 0 ? n : 1) * sizeof *frac);
  for (int i = 0; i < n; i++) {
    double x = (double)target * rel[i] / sum;
    s[i].borrowers = (int64_t)floor(x);
    if (frac) frac[i] = x - floor(x);
    given += s[i].borrowers;
  }
  while (given < target && frac) {
    int best = 0;
    for (int i = 1; i < n; i++)
      if (frac[i] > frac[best]) best = i;
    s[best].borrowers++;
    frac[best] = -1;
    given++;
  }
  free(frac);
}

static double total_debt(const stp_book_stratum *s, int n) {
  double t = 0;
  for (int i = 0; i < n; i++) t += (double)s[i].borrowers * (double)s[i].balance;
  return t;
}

int stp_loanbook_load(const char *datasets_dir, const stp_repay_params *rp, stp_loanbook **out,
                      stp_error *err) {
  *out = NULL;
  stp_loanbook *b = calloc(1, sizeof *b);
  if (!b) return stp_fail(err, STP_ENOMEM, "out of memory");
  char path[1100];
  snprintf(path, sizeof path, "%s/loanbook/parameters.csv", stp_datasets_dir(datasets_dir));
  lb_load c = {.b = b, .path = path};
  int rc = stp_csv_read_file(path, on_param, &c, err);
  for (int k = 0; rc == STP_OK && k < LB_COUNT; k++)
    if (!b->pline[k])
      rc = stp_fail(err, STP_EINVAL, "%s: parameter %s: missing", path, lb_defs[k].name);
  if (rc == STP_OK && (int)b->p[LB_YEAR] != STP_CF_FIRST)
    rc = stp_fail(err, STP_EINVAL, "%s:%d: parameter book_year: %g, but the run's cash flows "
                  "start in %d", path, b->pline[LB_YEAR], b->p[LB_YEAR], STP_CF_FIRST);
  if (rc) {
    free(b);
    return rc;
  }
  double *rel = malloc(LB_MAX_STRATA * sizeof *rel);
  if (!rel) {
    free(b);
    return stp_fail(err, STP_ENOMEM, "out of memory");
  }
  int64_t target = (int64_t)llround(b->p[LB_BORROWERS]);
  double want = b->p[LB_DEBT] * 100.0;
  double level = 300000.0 * 100.0;
  for (int it = 0; it < 20; it++) { /* plan lengths depend on the level: a fixed point */
    b->n = strata_at(b, rp, level, b->s, rel);
    split_counts(b->s, rel, b->n, target);
    double got = total_debt(b->s, b->n);
    if (got <= 0) break;
    double f = want / got;
    if (!isfinite(level * f) || level * f > 1e15) break;
    level *= f;
    if (fabs(f - 1) < 1e-9) break;
  }
  double got = total_debt(b->s, b->n);
  double f = got > 0 ? want / got : 0;
  if (!(f > 0.99 && f < 1.01)) { /* the strata cannot hold the debt target */
    free(rel);
    rc = stp_fail(err, STP_EINVAL,
                  "%s:%d: parameter debt: the strata of the other parameters cannot hold "
                  "NOK %.0f",
                  path, b->pline[LB_DEBT], b->p[LB_DEBT]);
    stp_loanbook_free(b);
    return rc;
  }
  /* the pipeline at the book's level, in the book's units: its national count is the
     borrowers target times its relative size over the book's */
  b->n_book = b->n;
  double sum_book = 0, sum_pipe = 0;
  for (int i = 0; i < b->n_book; i++) sum_book += rel[i];
  int np = pipeline_at(b, rp, level, b->s + b->n_book, rel + b->n_book);
  for (int i = 0; i < np; i++) sum_pipe += rel[b->n_book + i];
  if (sum_book > 0 && np > 0)
    split_counts(b->s + b->n_book, rel + b->n_book, np,
                 (int64_t)llround((double)target * sum_pipe / sum_book));
  b->n += np;
  b->borrowers = b->pipe_borrowers = 0;
  b->debt = b->pipe_debt = 0;
  for (int i = 0; i < b->n; i++) {
    b->s[i].balance = (stp_money)llround((double)b->s[i].balance * f);
    if (i < b->n_book) {
      b->borrowers += b->s[i].borrowers;
      b->debt += b->s[i].borrowers * b->s[i].balance;
    } else {
      b->pipe_borrowers += b->s[i].borrowers;
      b->pipe_debt += b->s[i].borrowers * b->s[i].balance;
    }
  }
  b->level = (stp_money)llround(level);
  free(rel);
  if (b->n == 0 || b->borrowers != target) {
    stp_loanbook_free(b);
    return stp_fail(err, STP_EINVAL, "%s: the parameters leave no borrower in repayment", path);
  }
  *out = b;
  return STP_OK;
}

void stp_loanbook_free(stp_loanbook *b) { free(b); }

int stp_loanbook_strata(const stp_loanbook *b) { return b->n; }
void stp_loanbook_stratum(const stp_loanbook *b, int i, stp_book_stratum *out) {
  *out = b->s[i];
}
int64_t stp_loanbook_borrowers(const stp_loanbook *b) { return b->borrowers; }
stp_money stp_loanbook_debt(const stp_loanbook *b) { return b->debt; }
int64_t stp_loanbook_pipeline_borrowers(const stp_loanbook *b) { return b->pipe_borrowers; }
stp_money stp_loanbook_pipeline_debt(const stp_loanbook *b) { return b->pipe_debt; }
int64_t stp_loanbook_pupils(const stp_loanbook *b) { return (int64_t)llround(b->p[LB_PUPILS]); }
int64_t stp_loanbook_target_borrowers(const stp_loanbook *b) {
  return (int64_t)llround(b->p[LB_BORROWERS]);
}
stp_money stp_loanbook_target_debt(const stp_loanbook *b) {
  return (stp_money)llround(b->p[LB_DEBT] * 100.0);
}
double stp_loanbook_band_share(const stp_loanbook *b, int band) {
  return band >= 0 && band < STP_BOOK_BANDS ? b->p[LB_BAND_SHARE1 + band] : 0;
}
stp_money stp_loanbook_level(const stp_loanbook *b) { return b->level; }

/* ---- the sample ---- */

struct stp_book_sample {
  const stp_loanbook *b;
  int n;
  uint64_t *first;   /* first[i]: sample id of stratum i's first loan; first[n] = size */
  int64_t national, pipeline;
};

int stp_book_sample_make(const stp_loanbook *b, double share, stp_book_sample **out,
                         stp_error *err) {
  *out = NULL;
  if (!(share > 0 && share <= 1))
    return stp_fail(err, STP_ERANGE, "loan book sample: share %g is not in (0, 1]", share);
  stp_book_sample *s = calloc(1, sizeof *s);
  if (s) s->first = malloc((size_t)(b->n + 1) * sizeof *s->first);
  if (!s || !s->first) {
    stp_book_sample_free(s);
    return stp_fail(err, STP_ENOMEM, "out of memory");
  }
  s->b = b;
  s->n = b->n;
  uint64_t id = 0;
  for (int i = 0; i < b->n; i++) {
    s->first[i] = id;
    int64_t N = b->s[i].borrowers;
    int64_t k = N > 0 ? (int64_t)llround(share * (double)N) : 0;
    if (N > 0 && k < 1) k = 1;
    id += (uint64_t)k;
    s->national += N;
    if (i >= b->n_book) s->pipeline += N;
  }
  s->first[b->n] = id;
  *out = s;
  return STP_OK;
}

void stp_book_sample_free(stp_book_sample *s) {
  if (!s) return;
  free(s->first);
  free(s);
}

uint64_t stp_book_sample_size(const stp_book_sample *s) { return s->first[s->n]; }
int64_t stp_book_sample_national(const stp_book_sample *s) { return s->national; }
int64_t stp_book_sample_pipeline(const stp_book_sample *s) { return s->pipeline; }

void stp_book_sample_draw(const stp_book_sample *s, const stp_cohort_model *m, gsl_rng *r,
                          uint64_t seed, uint64_t id, stp_student *out) {
  int lo = 0, hi = s->n - 1; /* the last stratum whose first id <= id */
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    if (s->first[mid] <= id) lo = mid;
    else hi = mid - 1;
  }
  const stp_book_stratum *st = &s->b->s[lo];
  int64_t n = (int64_t)(s->first[lo + 1] - s->first[lo]);
  int64_t q = st->borrowers / n, rem = st->borrowers % n;
  int64_t w = (int64_t)(id - s->first[lo]) < rem ? q + 1 : q;
  /* The larger debts are mostly from long degrees (the integrated master), the smaller
     from bachelors and shorter programmes: the level sets the earnings group. */
  int level = st->band >= 3 ? STP_LEVEL_MASTER5 : STP_LEVEL_BACHELOR;
  stp_cohort_draw_slot(m, r, seed, STP_BOOK_ID0 + id, STP_FIRST_YEAR, level,
                       st->age >= 30 ? 1 : 0, out);
  out->id = STP_BOOK_ID0 + id;
  out->entry_year = STP_FIRST_YEAR; /* the wage reference of earn_log_level */
  out->birth_year = stp_month_year(st->first_bill) - st->age;
  out->years = 0;
  memset(out->credits, 0, sizeof out->credits);
  memset(out->passed, 0, sizeof out->passed);
  out->continues = 0;
  out->prior_debt = 0;
  out->tuition_private = 0;
  out->absent = 0;
  out->book = 1;
  out->book_collection = st->collection;
  out->book_first_bill = st->first_bill;
  out->book_end = st->end;
  out->book_balance = st->balance;
  out->weight = (uint32_t)w;
}
