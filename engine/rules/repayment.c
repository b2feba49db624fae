#include "rules/repayment.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Round a non-negative or negative double to the nearest integer, halves away from zero,
   without libm (this runs every month for every borrower). */
static inline stp_money repay_round(double x) {
  return x >= 0 ? (stp_money)(x + 0.5) : -(stp_money)(-x + 0.5);
}

/* Smallest integer >= x, for x >= 0, without libm. */
static inline stp_money repay_ceil(double x) {
  stp_money k = (stp_money)x;
  return (double)k < x ? k + 1 : k;
}

/* The exact rule: balance × annual_rate / 12 in doubles, rounded (repay_round). */
static stp_money repay_interest_exact(stp_money balance, double annual_rate) {
  return repay_round((double)balance * annual_rate / 12.0);
}

/* The same result faster. Every borrower's months are one long chain (each month's balance
   needs the last month's interest), and the division by 12 was most of each link. Instead:
   z = balance × fl(annual_rate / 12), the division off the chain (the rate is known ahead).
   z is within 2^-51 z of the exact rule's x = fl(fl(balance × rate) / 12) (two roundings
   each, relative 2^-53), so below 2^30 øre of interest |z - x| < 2^-21, and fl(z + 0.5)
   and fl(x + 0.5) are within 2^-20 of each other. Where z + 0.5 is at least 2^-18 from an
   integer, both therefore truncate to the same integer; otherwise (about one month in
   10^5), and for negative, huge or NaN values, the exact rule decides. */
static inline stp_money repay_interest(stp_money balance, double annual_rate) {
  double w = (double)balance * (annual_rate / 12.0) + 0.5;
  if (w >= 0.5 && w < 0x1p30) {
    stp_money k = (stp_money)w;
    double f = w - (double)k;
    if (f > 0x1p-18 && f < 1.0 - 0x1p-18) return k;
  }
  return repay_interest_exact(balance, annual_rate);
}

static inline void repay_close_if_done(stp_loan *l) {
  l->closed = l->balance == 0 && l->accrued == 0;
}

/* A deferred or relief month moves the last instalment a month later, never past the
   age limit. */
static inline void repay_move_end(stp_loan *l) {
  if (l->end < l->limit) l->end++;
  l->replan = true;
}

/* Take up to amount from what is owed, accrued interest first; returns what was taken. */
static stp_money repay_take(stp_loan *l, stp_money amount) {
  if (amount <= 0 || l->closed) return 0;
  stp_money owed = stp_loan_owed(l);
  if (amount > owed) amount = owed;
  stp_money from_accrued = amount < l->accrued ? amount : l->accrued;
  l->accrued -= from_accrued;
  l->balance -= amount - from_accrued;
  l->replan = true;
  repay_close_if_done(l);
  return amount;
}

int stp_plan_months(const stp_repay_params *rp, stp_money debt) {
  int least = (rp->grace_months > 0 ? rp->grace_months : 0) + 1;
  int months = rp->plan_months_max;
  if (rp->plan_debt_per_month > 0) {
    stp_money per = rp->plan_debt_per_month;
    stp_money m = debt > 0 ? (debt - 1) / per + 1 : 0; /* ceil(debt / per) */
    if (m < months) months = (int)m;
  }
  return months < least ? least : months;
}

stp_money stp_annuity(stp_money balance, double annual_rate, int n) {
  if (balance <= 0) return 0;
  if (n < 1) n = 1;
  double i = annual_rate / 12.0;
  if (i == 0.0) return (balance - 1) / n + 1; /* ceil(balance / n) */
  if (!(i > -1.0)) return balance;           /* no meaningful annuity: everything now */
  double x = (double)balance * i / (1.0 - pow(1.0 + i, -(double)n));
  return repay_ceil(x);
}

/* ---- annuity denominators, looked up ---- */

struct stp_annuity_table {
  int nrates;
  int nmax;
  double *rate;  /* nrates distinct rates per year, ascending */
  double *den;   /* den[k * (nmax + 1) + n] = 1 − (1 + rate[k]/12)^−n, n = 1..nmax */
  int *slot;     /* open-addressing hash of the rates' bits: index into rate, or -1 */
  int shift;     /* 64 − log2(slots) */
};

static inline unsigned rate_hash(double rate, int shift) {
  uint64_t b;
  memcpy(&b, &rate, sizeof b);
  return (unsigned)((b * UINT64_C(0x9e3779b97f4a7c15)) >> shift);
}

static int cmp_rate(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The finite rates in pow's domain among rates, and how many distinct ones. */
static bool usable(double rate) { return rate / 12.0 > -1.0; }

static int distinct_rates(const double *rates, int nrates) {
  int d = 0;
  for (int j = 0; j < nrates; j++) {
    if (!usable(rates[j])) continue;
    int i = 0;
    while (i < j && !(usable(rates[i]) && rates[i] == rates[j])) i++;
    d += i == j;
  }
  return d;
}

/* log2 of the hash slots: at least twice as many slots as rates. */
static int slot_bits(int d) {
  int bits = 1;
  while ((1 << bits) < 2 * d && bits < 30) bits++;
  return bits;
}

/* The table's parts in one block: the header, rate[nrates], den[d * (nmax + 1)], slot[]. */
static size_t rate_bytes(int nrates) { return (size_t)(nrates > 0 ? nrates : 1) * sizeof(double); }
static size_t den_bytes(int d, int nmax) {
  return (size_t)(d > 0 ? d : 1) * (size_t)(nmax + 1) * sizeof(double);
}

size_t stp_annuity_table_bytes(const double *rates, int nrates, int nmax) {
  int d = distinct_rates(rates, nrates);
  if (nmax < 0) nmax = 0;
  return sizeof(stp_annuity_table) + rate_bytes(nrates) + den_bytes(d, nmax) +
         ((size_t)1 << slot_bits(d)) * sizeof(int);
}

stp_annuity_table *stp_annuity_table_build(void *mem, const double *rates, int nrates,
                                           int nmax) {
  stp_annuity_table *t = mem;
  memset(t, 0, sizeof *t);
  t->rate = (double *)(t + 1);
  int k = 0;
  for (int j = 0; j < nrates; j++)
    if (usable(rates[j])) t->rate[k++] = rates[j]; /* finite, and pow's domain */
  qsort(t->rate, (size_t)k, sizeof *t->rate, cmp_rate);
  int d = 0;
  for (int j = 0; j < k; j++)
    if (d == 0 || t->rate[j] != t->rate[d - 1]) t->rate[d++] = t->rate[j];
  t->nrates = d;
  t->nmax = nmax > 0 ? nmax : 0;
  t->den = (double *)((char *)t->rate + rate_bytes(nrates));
  for (int j = 0; j < d; j++) {
    double i = t->rate[j] / 12.0;
    double *row = t->den + (size_t)j * (size_t)(t->nmax + 1);
    row[0] = 0;
    for (int n = 1; n <= t->nmax; n++) row[n] = 1.0 - pow(1.0 + i, -(double)n);
  }
  int bits = slot_bits(d);
  t->shift = 64 - bits;
  t->slot = (int *)((char *)t->den + den_bytes(d, t->nmax));
  for (int k = 0; k < 1 << bits; k++) t->slot[k] = -1;
  unsigned mask = (1u << bits) - 1;
  for (int j = 0; j < d; j++) {
    unsigned h = rate_hash(t->rate[j], t->shift);
    while (t->slot[h] >= 0) h = (h + 1) & mask;
    t->slot[h] = j;
  }
  return t;
}

/* Index of `rate` (the same double) in the table, or -1. */
static inline int rate_index(const stp_annuity_table *t, double rate) {
  unsigned mask = (unsigned)(((uint64_t)1 << (64 - t->shift)) - 1);
  for (unsigned h = rate_hash(rate, t->shift);; h = (h + 1) & mask) {
    int j = t->slot[h];
    if (j < 0 || t->rate[j] == rate) return j;
  }
}

/* stp_annuity, with the denominator from the table when it has the rate and n. */
static stp_money annuity(stp_money balance, double annual_rate, int n,
                         const stp_annuity_table *t) {
  if (!t || balance <= 0 || n < 1 || n > t->nmax) return stp_annuity(balance, annual_rate, n);
  double i = annual_rate / 12.0;
  if (i == 0.0 || !(i > -1.0)) return stp_annuity(balance, annual_rate, n);
  int j = rate_index(t, annual_rate);
  if (j < 0) return stp_annuity(balance, annual_rate, n);
  return repay_ceil((double)balance * i / t->den[(size_t)j * (size_t)(t->nmax + 1) + n]);
}

stp_money stp_interest_month(stp_money balance, double annual_rate) {
  return repay_interest(balance, annual_rate);
}

void stp_loan_start(stp_loan *l, const stp_repay_params *rp, stp_money debt,
                    stp_month interest_start) {
  memset(l, 0, sizeof *l);
  if (debt < 0) debt = 0;
  int grace = rp->grace_months > 0 ? rp->grace_months : 0;
  l->interest_start = interest_start;
  l->first_bill = interest_start + grace;
  l->end = interest_start + stp_plan_months(rp, debt) - 1;
  l->limit = STP_NO_LIMIT;
  l->replan = true;
  l->debt_at_start = debt;
  l->balance = debt;
  repay_close_if_done(l);
}

void stp_loan_take_over(stp_loan *l, stp_money balance, stp_month interest_start,
                        stp_month first_bill, stp_month end, stp_month now) {
  memset(l, 0, sizeof *l);
  if (balance < 0) balance = 0;
  if (first_bill > now) { /* not billed yet: grace months from the later of interest_start, now */
    l->interest_start = interest_start > now ? interest_start : now;
    if (l->interest_start > first_bill) l->interest_start = first_bill;
  } else {
    l->interest_start = first_bill;
  }
  l->first_bill = first_bill;
  l->end = end < now ? now : end;
  l->limit = STP_NO_LIMIT;
  l->replan = true;
  l->debt_at_start = balance;
  l->balance = balance;
  repay_close_if_done(l);
}

stp_month stp_repay_last_month(const stp_repay_params *rp, stp_month birth) {
  return birth + 12 * rp->repay_age_limit - 1;
}

void stp_loan_set_limit(stp_loan *l, stp_month last_month) {
  l->limit = last_month;
  if (l->end > last_month) {
    l->end = last_month;
    l->replan = true;
  }
}

/* A month's interest waived under relief (for low income, or on other grounds), counted
   against its quota. */
static inline void waive(stp_loan *l, stp_loan_event *ev, stp_bill_action action,
                         stp_money interest) {
  ev->action = action;
  ev->waived = interest;
  l->interest_waived += interest;
  if (action == STP_BILL_RELIEF) l->relief_used++;
  else l->relief_other++;
}

/* One month (stp_loan_month), inlined into both drivers; at (may be NULL) holds the
   annuity denominators. */
static inline __attribute__((always_inline)) void month_step(stp_loan *l,
                                                             const stp_repay_params *rp,
                                                             stp_month t, double rate,
                                                             stp_bill_action action,
                                                             const stp_annuity_table *at,
                                                             stp_loan_event *out) {
  stp_loan_event ev = {.action = STP_BILL_NONE};
  if (l->closed || t < l->interest_start) goto done;

  stp_money interest = repay_interest(l->balance, rate);

  /* Relief is granted on either ground while its quota lasts; a deferral only on a bill. */
  bool relief = action == STP_BILL_RELIEF_OTHER ||
                (action == STP_BILL_RELIEF && l->relief_used < rp->max_relief_months);

  if (t < l->first_bill) { /* grace month: no bill */
    if (relief) {
      waive(l, &ev, action, interest);
    } else {
      ev.interest = interest;
      l->accrued += interest;
      l->interest_charged += interest;
    }
    goto done;
  }

  if (l->accrued != 0) { /* first bill: the grace months' interest joins the balance */
    ev.capitalised = l->accrued;
    l->balance += l->accrued;
    l->accrued = 0;
    interest = repay_interest(l->balance, rate);
    l->replan = true;
  }

  if (relief) {
    waive(l, &ev, action, interest);
    repay_move_end(l);
  } else if (action == STP_BILL_DEFER && l->deferrals_used < rp->max_deferrals) {
    ev.action = STP_BILL_DEFER;
    ev.interest = interest;
    ev.capitalised += interest;
    l->balance += interest;
    l->interest_charged += interest;
    l->deferrals_used++;
    repay_move_end(l);
  } else { /* PAY (also a refused deferral or relief) */
    if (l->replan || rate != l->plan_rate) {
      l->instalment = annuity(l->balance, rate, l->end - t + 1, at);
      l->plan_rate = rate;
      l->replan = false;
    }
    stp_money owed = l->balance + interest;
    stp_money pay = (t >= l->end || l->instalment > owed) ? owed : l->instalment;
    ev.action = STP_BILL_PAY;
    ev.interest = interest;
    ev.paid = pay;
    ev.paid_interest = pay < interest ? pay : interest;
    ev.paid_principal = pay - ev.paid_interest;
    l->balance = owed - pay;
    l->interest_charged += interest;
    l->repaid += pay;
    l->instalments_paid++;
  }
  repay_close_if_done(l);

done:
  ev.closed = l->closed;
  ev.past_limit = !l->closed && t >= l->limit;
  *out = ev;
}

void stp_loan_month(stp_loan *l, const stp_repay_params *rp, stp_month t, double rate,
                    stp_bill_action action, stp_loan_event *out) {
  stp_loan_event ev;
  month_step(l, rp, t, rate, action, NULL, &ev);
  if (out) *out = ev;
}

/* Index of the lowest set bit of m (m != 0). */
static inline int first_bit(uint32_t m) {
#if defined(__GNUC__)
  return __builtin_ctz(m);
#else
  int k = 0;
  while (!(m >> k & 1)) k++;
  return k;
#endif
}

/* Steady repayment: months that pay the current instalment at the plan's rate, before the
   last instalment and the limit, leaving something owed. That is nearly every month of a
   loan, so these run as a chain of three floating-point operations each, in doubles that
   hold the øre exactly (integers below 2^53):
     z = balance × fl(rate / 12)          (as repay_interest)
     s = z + 2^52                         2^52 + rint(z): the nearest integer, exactly
     balance = s + ((balance − instalment) − 2^52)
   rint(z) is the exact rule's interest wherever z is at least 2^-18 from a half-integer
   (repay_interest gives the bound); any other month, and any month that is not steady,
   goes through month_step. Needs IEEE doubles rounding to nearest, without -ffast-math
   (which would fold s − 2^52 back into z): tests/test_lifecycle.c checks it against
   stp_loan_month, on the half-øre cases too.
   A run starts only where the instalment exceeds the month's interest by more than an øre:
   the balance then falls every month, so does the interest, and the instalment always
   pays all of it (paid interest = interest) with z staying below its starting value (under
   2^29). Returns the months run from i; sums go to *acc. */
/* Bit i of a deferral mask (months past 32 have none). */
static inline bool deferred(uint32_t mask, int i) { return i < 32 && (mask >> i & 1); }

typedef struct month_sums {
  stp_money interest, waived, capitalised, paid, paid_interest, paid_principal;
} month_sums;

static int steady_months(stp_loan *restrict l, stp_month t0, int i, int n, const double *rate,
                         const stp_bill_action *action, uint32_t defer,
                         stp_bill_action *restrict applied, month_sums *acc) {
  const double m52 = 0x1p52;
  double rm = l->plan_rate / 12.0;
  if (!(rm >= 0.0 && rm < 1.0)) return 0;
  stp_month stop = l->end < l->limit ? l->end : l->limit; /* steady while t < stop */
  int lim = stop - t0 < n ? stop - t0 : n;
  double bd = (double)l->balance, inst = (double)l->instalment, plan_rate = l->plan_rate;
  double z0 = bd * rm;
  if (!(z0 < 0x1p29 && inst > z0 + 1.0)) return 0;
  double interest = 0; /* a sum of at most n integers below 2^29: exact */
  int i0 = i;
  /* the run stops before the next deferred month */
  uint32_t ahead = i < 32 ? defer >> i : 0;
  if (ahead) {
    int next = i + first_bit(ahead);
    if (next < lim) lim = next;
  }
  /* A whole year of such months (the common case) as straight-line code: every month's
     tests at once, then the chain with the rounding margins gathered as their maximum; if
     any test fails the year is left to the loop below, which then decides month by month. */
  if (i == 0 && lim >= 12 && !ahead) {
    bool plain = true;
    for (int j = 0; j < 12; j++)
      plain &= (action[j] <= STP_BILL_PAY) & (rate[j] == plan_rate);
    if (plain) {
      double b = bd, sum = 0, worst = 0, before_last = 0;
      for (int j = 0; j < 12; j++) {
        double z = b * rm;
        double s = z + m52;
        double k = s - m52;
        double dev = fabs(z - k);
        worst = dev > worst ? dev : worst;
        if (j == 11) before_last = b;
        b = s + ((b - inst) - m52);
        sum += k;
      }
      /* the balance falls every month: above the instalment before the last month, it was
         above it before every month */
      if (worst < 0.5 - 0x1p-18 && before_last > inst) {
        bd = b;
        interest = sum;
        for (int j = 0; j < 12; j++) applied[j] = STP_BILL_PAY;
        i = 12;
      }
    }
  }
  /* bd > inst: the instalment leaves something owed (bd + interest − inst > 0) */
  while (i < lim && action[i] <= STP_BILL_PAY && rate[i] == plan_rate && bd > inst) {
    double z = bd * rm;
    double s = z + m52;
    double k = s - m52;
    if (!(fabs(z - k) < 0.5 - 0x1p-18)) break;
    bd = s + ((bd - inst) - m52);
    interest += k;
    applied[i++] = STP_BILL_PAY;
  }
  int m = i - i0;
  if (m == 0) return 0;
  stp_money in = (stp_money)interest, pin = in;
  stp_money pay = (stp_money)m * l->instalment;
  l->balance = (stp_money)bd;
  l->interest_charged += in;
  l->repaid += pay;
  l->instalments_paid += m;
  acc->interest += in;
  acc->paid += pay;
  acc->paid_interest += pin;
  acc->paid_principal += pay - pin;
  return m;
}

/* Months that leave the balance alone: grace months (interest accrues, or is waived under
   relief) and bills under relief (interest waived, the end moves), at most up to the limit
   and never the first bill (which capitalises). The month's interest is the same while the
   rate is, so it is worked out once per rate. As month_step does, month by month. */
static int flat_months(stp_loan *restrict l, const stp_repay_params *rp, stp_month t0, int i,
                       int n, const double *rate, const stp_bill_action *action,
                       stp_bill_action *restrict applied, month_sums *acc) {
  int i0 = i;
  double r = 0;
  stp_money k = 0;
  /* A whole year of bills under relief at one rate (a relief year): its months at once. */
  if (i == 0 && n == 12 && t0 >= l->first_bill && t0 >= l->interest_start &&
      t0 + 11 < l->limit && l->accrued == 0) {
    stp_bill_action a = action[0];
    bool plain = a == STP_BILL_RELIEF_OTHER ||
                 (a == STP_BILL_RELIEF && l->relief_used + 12 <= rp->max_relief_months);
    for (int j = 1; j < 12; j++) plain &= (action[j] == a) & (rate[j] == rate[0]);
    if (plain) {
      k = repay_interest(l->balance, rate[0]);
      for (int j = 0; j < 12; j++) applied[j] = a;
      acc->waived += 12 * k;
      l->interest_waived += 12 * k;
      if (a == STP_BILL_RELIEF) l->relief_used += 12;
      else l->relief_other += 12;
      /* repay_move_end twelve times: the end moves a month a time up to the limit */
      if (l->end < l->limit) l->end = l->end + 12 < l->limit ? l->end + 12 : l->limit;
      l->replan = true;
      return 12;
    }
  }
  while (i < n) {
    stp_month t = t0 + i;
    stp_bill_action a = action[i];
    bool relief = a == STP_BILL_RELIEF_OTHER ||
                  (a == STP_BILL_RELIEF && l->relief_used < rp->max_relief_months);
    bool grace = t < l->first_bill;
    if (t < l->interest_start || t >= l->limit || !(grace || (relief && l->accrued == 0)))
      break;
    if (i == i0 || rate[i] != r) {
      r = rate[i];
      k = repay_interest(l->balance, r);
    }
    if (relief) {
      applied[i] = a;
      acc->waived += k;
      l->interest_waived += k;
      if (a == STP_BILL_RELIEF) l->relief_used++;
      else l->relief_other++;
      if (!grace) repay_move_end(l);
    } else {
      applied[i] = STP_BILL_NONE;
      acc->interest += k;
      l->accrued += k;
      l->interest_charged += k;
    }
    i++;
  }
  return i - i0;
}

int stp_loan_months(stp_loan *restrict l, const stp_repay_params *rp, stp_month t0, int n,
                    const double *rate, const stp_bill_action *action, uint32_t defer,
                    const stp_annuity_table *at, stp_bill_action *restrict applied,
                    stp_loan_event *sum) {
  /* restrict: applied[] does not alias the loan, whose fields can stay in registers. (A
     local copy of the loan would do the same, but copying it in and out in 16-byte pieces
     that were written in 8-byte ones stalls store forwarding.) */
  stp_loan *restrict w = l;
  month_sums acc = {0};
  stp_loan_event ev = {.action = STP_BILL_NONE};
  int i = 0;
  while (i < n) {
    stp_month t = t0 + i;
    if (!w->closed && t >= w->first_bill && t >= w->interest_start && w->accrued == 0 &&
        !w->replan && action[i] <= STP_BILL_PAY && rate[i] == w->plan_rate) {
      int m = steady_months(w, t0, i, n, rate, action, defer, applied, &acc);
      if (m > 0) {
        i += m;
        ev = (stp_loan_event){.action = STP_BILL_PAY};
        continue;
      }
    } else if (!w->closed && (t < w->first_bill || action[i] >= STP_BILL_RELIEF)) {
      int m = flat_months(w, rp, t0, i, n, rate, action, applied, &acc);
      if (m > 0) {
        i += m;
        ev = (stp_loan_event){.action = applied[i - 1]};
        continue;
      }
    }
    stp_bill_action a = action[i];
    if (a <= STP_BILL_PAY && deferred(defer, i)) a = STP_BILL_DEFER;
    month_step(w, rp, t, rate[i], a, at, &ev);
    applied[i++] = ev.action;
    acc.interest += ev.interest;
    acc.waived += ev.waived;
    acc.capitalised += ev.capitalised;
    acc.paid += ev.paid;
    acc.paid_interest += ev.paid_interest;
    acc.paid_principal += ev.paid_principal;
    if (w->closed || ev.past_limit) break;
  }
  ev.interest = acc.interest;
  ev.waived = acc.waived;
  ev.capitalised = acc.capitalised;
  ev.paid = acc.paid;
  ev.paid_interest = acc.paid_interest;
  ev.paid_principal = acc.paid_principal;
  *sum = ev;
  return i;
}

stp_money stp_loan_prepay(stp_loan *l, stp_money amount) {
  stp_money applied = repay_take(l, amount);
  l->repaid += applied;
  return applied;
}

stp_money stp_loan_charge(stp_loan *l, double annual_rate) {
  if (l->closed) return 0;
  stp_money i = stp_interest_month(stp_loan_owed(l), annual_rate);
  l->balance += i;
  l->interest_charged += i;
  return i;
}

stp_money stp_loan_write_off(stp_loan *l, stp_money amount) {
  stp_money applied = repay_take(l, amount);
  l->written_off += applied;
  return applied;
}

stp_money stp_finnmark_writeoff(const stp_cal_params *cp, stp_money original_loan,
                                stp_money balance) {
  stp_money amount = cp->finnmark_writeoff_max;
  if (cp->finnmark_writeoff_share > 0) {
    stp_money share = stp_mul_rate(original_loan > 0 ? original_loan : 0,
                                   cp->finnmark_writeoff_share);
    amount = stp_min(amount, share);
  }
  amount = stp_min(amount, balance);
  return amount > 0 ? amount : 0;
}

stp_money stp_district_writeoff(const stp_cal_params *cp, stp_money balance) {
  stp_money amount = stp_min(cp->district_writeoff_year, balance);
  return amount > 0 ? amount : 0;
}

void stp_loan_restart(stp_loan *l, const stp_repay_params *rp, stp_money new_debt,
                      stp_month interest_start) {
  if (new_debt < 0) new_debt = 0;
  int grace = rp->grace_months > 0 ? rp->grace_months : 0;
  l->balance += l->accrued; /* already charged: only moves into the balance */
  l->accrued = 0;
  l->balance += new_debt;
  l->debt_at_start += new_debt;
  l->interest_start = interest_start;
  l->first_bill = interest_start + grace;
  l->end = interest_start + stp_plan_months(rp, l->balance) - 1;
  if (l->end > l->limit) l->end = l->limit;
  l->instalment = 0;
  l->plan_rate = 0;
  l->replan = true;
  repay_close_if_done(l);
}

bool stp_loan_check(const stp_loan *l) {
  if (l->balance < 0 || l->accrued < 0 || l->debt_at_start < 0 || l->interest_charged < 0 ||
      l->interest_waived < 0 || l->repaid < 0 || l->written_off < 0)
    return false;
  if (l->closed != (l->balance == 0 && l->accrued == 0)) return false;
  return l->debt_at_start + l->interest_charged ==
         l->repaid + l->written_off + l->balance + l->accrued;
}
