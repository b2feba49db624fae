#include "aggregate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NLEVELS (STP_GROUP_CAT0 - STP_GROUP_LEVEL0)
#define NCATS (STP_GROUP_CIT0 - STP_GROUP_CAT0)
#define NCITS (STP_GROUP_HOME0 - STP_GROUP_CIT0)
#define NHOMES (STP_GROUP_DEC0 - STP_GROUP_HOME0)
#define NDECS (STP_NGROUPS - STP_GROUP_DEC0)
#define NENDS ((int)(sizeof((stp_group_acc *)0)->ended / sizeof(int64_t)))

_Static_assert(NENDS == STP_END_OPEN + 1, "ended[] has one count per stp_end");
_Static_assert(NDECS == 10, "ten earnings deciles");

/* ---- group names ---- */

static const char *const level_names[NLEVELS] = {"bachelor", "master2", "master5", "oneyear"};
static const char *const cat_names[NCATS] = {"A", "B", "C", "D", "E", "F"};
static const char *const cit_names[NCITS] = {"eea", "non-eea"};
static const char *const home_names[NHOMES] = {"away", "at-home"};
static const char *const dec_names[NDECS] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};

const char *stp_group_dimension(int g) {
  if (g < 0 || g >= STP_NGROUPS) return NULL;
  if (g >= STP_GROUP_DEC0) return "earnings_decile";
  if (g >= STP_GROUP_HOME0) return "home";
  if (g >= STP_GROUP_CIT0) return "citizenship";
  if (g >= STP_GROUP_CAT0) return "category";
  if (g >= STP_GROUP_LEVEL0) return "level";
  return "all";
}

const char *stp_group_name(int g) {
  if (g < 0 || g >= STP_NGROUPS) return NULL;
  if (g >= STP_GROUP_DEC0) return dec_names[g - STP_GROUP_DEC0];
  if (g >= STP_GROUP_HOME0) return home_names[g - STP_GROUP_HOME0];
  if (g >= STP_GROUP_CIT0) return cit_names[g - STP_GROUP_CIT0];
  if (g >= STP_GROUP_CAT0) return cat_names[g - STP_GROUP_CAT0];
  if (g >= STP_GROUP_LEVEL0) return level_names[g - STP_GROUP_LEVEL0];
  return "all";
}

/* ---- life ---- */

stp_agg *stp_agg_alloc(void) { return calloc(1, sizeof(stp_agg)); }

void stp_agg_free(stp_agg *a) { free(a); }

void stp_agg_reset(stp_agg *a) { memset(a, 0, sizeof *a); }

/* ---- adding ---- */

static int debt_bin(stp_money debt) {
  stp_money b = debt / STP_DEBT_BIN_WIDTH;
  return b >= STP_DEBT_OPEN_BIN ? STP_DEBT_OPEN_BIN : (int)b;
}

/* w: the students this outcome stands for (1, or a population weight): every count and sum
   is multiplied by it, the maxima are not. Whole numbers times whole øre: exact. */
static inline void acc_add(stp_group_acc *g, const stp_outcome *o, int64_t w) {
  g->students += w;
  g->supported += w * o->supported;
  g->means_tested += w * o->means_tested;
  g->means_reduced += w * o->means_reduced;
  g->means_loan_only += w * o->means_loan_only;
  g->completed += w * o->completed;
  g->repaid_full += w * (o->end == STP_END_REPAID);
  g->deferred_first_year += w * o->deferred_first_year;
  if ((int)o->end >= 0 && (int)o->end < NENDS) g->ended[o->end] += w;
  g->paid_out += w * o->paid_out;
  g->grant += w * o->grant;
  g->loan += w * o->loan;
  g->debt_end_study += w * o->debt_end_study;
  g->interest += w * o->interest;
  g->relief += w * o->relief;
  g->repaid += w * o->repaid;
  g->written_off += w * o->written_off;
  g->defaulted += w * o->defaulted;
  g->outstanding += w * o->outstanding;
  g->tuition += w * o->tuition;
  g->semester_fees += w * o->semester_fees;
  if (o->debt_end_study > 0) {
    g->borrowers += w;
    g->debt_hist[debt_bin(o->debt_end_study)] += w;
    if (o->debt_end_study > g->debt_max) g->debt_max = o->debt_end_study;
  }
  if (o->repay_months >= 0) {
    int m = o->repay_months;
    g->repay_count += w;
    g->repay_months_sum += w * m;
    g->repay_hist[m >= STP_REPAY_OPEN_BIN ? STP_REPAY_OPEN_BIN : m] += w;
    if (m > g->repay_months_max) g->repay_months_max = m;
  }
}

void stp_agg_add(stp_agg *a, const stp_outcome *o) { stp_agg_add_weighted(a, o, 1); }

void stp_agg_add_weighted(stp_agg *a, const stp_outcome *o, int64_t w) {
  acc_add(&a->g[STP_GROUP_ALL], o, w);
  /* A key out of range is a caller's bug; count it rather than write out of bounds. */
  bool bad = false;
#define ADD_KEY(key, first, n)                     \
  do {                                             \
    if ((key) < (n)) acc_add(&a->g[(first) + (key)], o, w); \
    else bad = true;                               \
  } while (0)
  ADD_KEY(o->level, STP_GROUP_LEVEL0, NLEVELS);
  ADD_KEY(o->category, STP_GROUP_CAT0, NCATS);
  ADD_KEY(o->non_eea, STP_GROUP_CIT0, NCITS);
  ADD_KEY(o->at_home, STP_GROUP_HOME0, NHOMES);
  ADD_KEY(o->earnings_decile, STP_GROUP_DEC0, NDECS);
#undef ADD_KEY
  if (bad || (int)o->end < 0 || (int)o->end >= NENDS) a->invalid_keys++;
}

/* ---- merging ---- */

static void acc_merge(stp_group_acc *to, const stp_group_acc *from) {
  to->students += from->students;
  to->supported += from->supported;
  to->borrowers += from->borrowers;
  to->means_tested += from->means_tested;
  to->means_reduced += from->means_reduced;
  to->means_loan_only += from->means_loan_only;
  to->completed += from->completed;
  to->repaid_full += from->repaid_full;
  to->repay_count += from->repay_count;
  to->deferred_first_year += from->deferred_first_year;
  for (int i = 0; i < NENDS; i++) to->ended[i] += from->ended[i];
  to->repay_months_sum += from->repay_months_sum;
  to->paid_out += from->paid_out;
  to->grant += from->grant;
  to->loan += from->loan;
  to->debt_end_study += from->debt_end_study;
  to->interest += from->interest;
  to->relief += from->relief;
  to->repaid += from->repaid;
  to->written_off += from->written_off;
  to->defaulted += from->defaulted;
  to->outstanding += from->outstanding;
  to->tuition += from->tuition;
  to->semester_fees += from->semester_fees;
  if (from->debt_max > to->debt_max) to->debt_max = from->debt_max;
  if (from->repay_months_max > to->repay_months_max) to->repay_months_max = from->repay_months_max;
  for (int i = 0; i < STP_DEBT_BINS; i++) to->debt_hist[i] += from->debt_hist[i];
  for (int i = 0; i < STP_REPAY_BINS; i++) to->repay_hist[i] += from->repay_hist[i];
}

void stp_cashflow_add_scaled(stp_cashflow *t, const stp_cashflow *f, int64_t w) {
  for (int y = 0; y < STP_CF_YEARS; y++) {
    t->paid_out[y] += w * f->paid_out[y];
    t->converted[y] += w * f->converted[y];
    t->other_grants[y] += w * f->other_grants[y];
    t->provision[y] += w * f->provision[y];
    t->convertible[y] += w * f->convertible[y];
    t->interest[y] += w * f->interest[y];
    t->repaid[y] += w * f->repaid[y];
    t->written_off[y] += w * f->written_off[y];
    t->relief[y] += w * f->relief[y];
    t->tuition[y] += w * f->tuition[y];
    t->outstanding[y] += w * f->outstanding[y];
    t->capitalised[y] += w * f->capitalised[y];
  }
}

void stp_agg_merge(stp_agg *into, const stp_agg *from) {
  for (int g = 0; g < STP_NGROUPS; g++) acc_merge(&into->g[g], &from->g[g]);
  stp_cashflow_add_scaled(&into->cf, &from->cf, 1);
  into->invalid_keys += from->invalid_keys;
}

/* ---- quantiles ----
   Each bin's count is spread evenly over [lower, lower + width); the q-quantile of n values
   is where that piecewise-linear CDF reaches rank r = q·n: the first bin with a count whose
   cumulative count reaches r, at lower + (r − count below) / count × width. For r = 0 this is
   the lower edge of the first non-empty bin; for r = n the upper edge of the last one. */

typedef struct {
  int bin;       /* the bin the rank falls in, -1 if n == 0 */
  double within; /* 0..1: how far into the bin */
} bin_pos;

static bin_pos find_rank(const int64_t *hist, int nbins, int64_t n, double q) {
  bin_pos p = {-1, 0.0};
  if (n <= 0) return p;
  if (!(q > 0.0)) q = 0.0; /* also NaN */
  if (q > 1.0) q = 1.0;
  double r = q * (double)n;
  int64_t below = 0;
  for (int b = 0; b < nbins; b++) {
    int64_t c = hist[b];
    if (c > 0 && (double)(below + c) >= r) {
      double w = (r - (double)below) / (double)c;
      p.bin = b;
      p.within = w < 0.0 ? 0.0 : w > 1.0 ? 1.0 : w;
      return p;
    }
    below += c;
  }
  /* Only reached if the histogram holds fewer than n (not by construction): the last bin. */
  for (int b = nbins - 1; b >= 0; b--)
    if (hist[b] > 0) {
      p.bin = b;
      p.within = 1.0;
      break;
    }
  return p;
}

stp_money stp_agg_debt_quantile(const stp_group_acc *g, double q) {
  bin_pos p = find_rank(g->debt_hist, STP_DEBT_BINS, g->borrowers, q);
  if (p.bin < 0) return 0;
  stp_money lower = (stp_money)p.bin * STP_DEBT_BIN_WIDTH;
  stp_money width = STP_DEBT_BIN_WIDTH;
  if (p.bin == STP_DEBT_OPEN_BIN) width = g->debt_max > lower ? g->debt_max - lower : 0;
  return lower + (stp_money)llround(p.within * (double)width);
}

double stp_agg_repay_years_quantile(const stp_group_acc *g, double q) {
  bin_pos p = find_rank(g->repay_hist, STP_REPAY_BINS, g->repay_count, q);
  if (p.bin < 0) return NAN;
  double lower = p.bin - 0.5, width = 1.0;
  if (p.bin == 0) lower = 0.0, width = 0.5; /* no negative durations */
  if (p.bin == STP_REPAY_OPEN_BIN)
    width = g->repay_months_max + 0.5 > lower ? g->repay_months_max + 0.5 - lower : 0.0;
  return (lower + p.within * width) / 12.0;
}
