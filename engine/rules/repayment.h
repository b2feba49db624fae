/* repayment.h: one borrower's loan in repayment, month by month (rulebook section 5 and 9d,
   9g, 9h): plan length, annuity, interest, deferral, interest relief, prepayment, write-offs
   and the age limit, as a small state machine that `stipend repay` and the lifecycle drive. */
#ifndef STP_REPAYMENT_H
#define STP_REPAYMENT_H

#include <limits.h>
#include <stdbool.h>

#include <stdint.h>

#include "money.h"
#include "params.h"

/* How a driver uses it (docs/model.md, section 8):

     stp_loan l;
     stp_loan_start(&l, rp, debt, interest_start);          // debt after conversions
     stp_loan_set_limit(&l, stp_repay_last_month(rp, birth)); // age 70 (9g), optional
     for (stp_month t = interest_start; !l.closed; t++) {
       stp_loan_event ev;
       stp_loan_month(&l, rp, t, rate_in_force(t), action(t), &ev);
       if (ev.past_limit) { stp_loan_write_off(&l, stp_loan_owed(&l)); ... default ... }
     }

   Call stp_loan_month once for every month from interest_start on, in order (months before
   interest_start and months after the loan closed do nothing). Study months are interest-
   and instalment-free: a borrower who returns to study is not driven during study and gets
   a new plan for the whole debt with stp_loan_restart when support ends again (9k).

   Timeline (grace_months g, plan months P = stp_plan_months):
     interest_start .. interest_start+g-1   grace: interest accrues in `accrued`, no bill
     first_bill = interest_start+g          accrued is capitalised; first instalment
     end = interest_start+P-1               last instalment: clears the balance exactly
   so the standard plan (g 7, P 240) has 233 instalments, 20 years after interest starts.
   A deferred or relief month moves `end` one month later (never past `limit`).

   Invariant, to the øre, after every call (stp_loan_check):
     debt_at_start + interest_charged == repaid + written_off + balance + accrued
   Waived interest (relief) is never charged, so it is outside the identity. */

#define STP_NO_LIMIT INT_MAX /* stp_loan.limit when no age limit applies */

/* What the borrower does with a month's bill (input), and what was applied (output). */
typedef enum stp_bill_action {
  STP_BILL_NONE = 0,     /* output only: no bill this month (grace, before interest, closed);
                            as input it means PAY */
  STP_BILL_PAY,          /* pay the instalment */
  STP_BILL_DEFER,        /* betalingsutsettelse: no payment, the month's interest is added
                            to the balance, end moves a month; counts against max_deferrals
                            (quota used up: PAY) */
  STP_BILL_RELIEF,       /* interest relief for low income in full-time work (9h): no bill,
                            the month's interest is waived, end moves a month; counts
                            against max_relief_months (quota used up: PAY), not deferrals */
  STP_BILL_RELIEF_OTHER  /* interest relief on other grounds (unemployment, illness, study,
                            care): as RELIEF but without a cap (counted in relief_other) */
} stp_bill_action;

/* One borrower's loan in repayment. Fields are public for reading; change them only
   through the functions below (they keep the invariant). */
typedef struct stp_loan {
  /* the plan */
  stp_month interest_start;   /* first month with interest (month after support ended) */
  stp_month first_bill;       /* month of the first bill: interest_start + grace_months */
  stp_month end;              /* month of the last instalment; moves with deferral/relief */
  stp_month limit;            /* last month the loan may run (age limit), STP_NO_LIMIT */
  stp_money instalment;       /* øre per month, current annuity (0 until the first bill) */
  double plan_rate;           /* per year, rate the instalment was computed with */
  bool replan;                /* recompute the instalment at the next paid bill */
  bool closed;                /* nothing owed any more (repaid or written off) */
  /* what is owed */
  stp_money debt_at_start;    /* øre, balance when interest started (+ debt added by restarts) */
  stp_money balance;          /* øre, principal outstanding incl. capitalised interest */
  stp_money accrued;          /* øre, interest of grace months not yet capitalised */
  /* counters */
  int deferrals_used;         /* bills deferred (max_deferrals per borrower) */
  int relief_used;            /* months of low-income relief (max_relief_months) */
  int relief_other;           /* months of relief on other grounds (no cap) */
  int instalments_paid;       /* bills paid (PAY months) */
  /* running totals since the start, øre */
  stp_money interest_charged; /* interest charged: accrued, capitalised or paid */
  stp_money interest_waived;  /* interest waived by relief (a cost to the state) */
  stp_money repaid;           /* instalments and prepayments */
  stp_money written_off;      /* write-offs (death, Finnmark, district, age limit, default) */
} stp_loan;

/* What one month did. */
typedef struct stp_loan_event {
  stp_bill_action action;     /* applied: NONE, PAY, DEFER, RELIEF or RELIEF_OTHER (a refused
                                 deferral/relief shows as PAY; relief in a grace month shows
                                 as RELIEF/RELIEF_OTHER) */
  stp_money interest;         /* øre of interest charged this month */
  stp_money waived;           /* øre of interest waived this month (relief) */
  stp_money capitalised;      /* øre added to the balance as interest: the grace months'
                                 interest at the first bill, a deferred month's interest */
  stp_money paid;             /* øre paid this month (0 unless PAY) */
  stp_money paid_interest;    /* øre, of paid: this month's interest */
  stp_money paid_principal;   /* øre, of paid: the rest, reduces the balance */
  bool closed;                /* nothing owed after this month */
  bool past_limit;            /* month >= limit and something still owed: the caller treats
                                 it as default (9g) */
} stp_loan_event;

/* Plan length in months counted from the start of interest:
   min(plan_months_max, ceil(debt / plan_debt_per_month)), and at least grace_months + 1
   (one instalment). debt <= 0 gives the minimum; plan_debt_per_month <= 0 gives the max. */
int stp_plan_months(const stp_repay_params *rp, stp_money debt);

/* Monthly annuity paying off `balance` (øre) in n monthly instalments at annual_rate (per
   year, monthly rate annual_rate / 12), the first one month from now:
   balance × i / (1 − (1 + i)^−n), rounded UP to the øre so that n instalments never leave
   a remainder (the last one is then a few øre smaller). Rate 0: ceil(balance / n).
   n < 1 counts as 1; balance <= 0 gives 0. One pow(). */
stp_money stp_annuity(stp_money balance, double annual_rate, int n);

/* A month's interest: balance × annual_rate / 12 rounded to the nearest øre (halves away
   from zero). Lånekassen charges interest by the day; a twelfth of the annual rate per
   month is the model (at most a few kroner a year apart; see the model section). */
stp_money stp_interest_month(stp_money balance, double annual_rate);

/* Start a loan of `debt` øre (the balance when interest starts, after conversions; < 0
   counts as 0) with interest from interest_start: first bill at interest_start +
   grace_months, last instalment at interest_start + stp_plan_months − 1, no age limit.
   The instalment is computed at the first bill, when the grace interest is known. A zero
   debt starts closed. */
void stp_loan_start(stp_loan *l, const stp_repay_params *rp, stp_money debt,
                    stp_month interest_start);

/* A loan of the initial loan book (loanbook.h) when a run starts: `balance` øre (< 0 counts
   as 0) owed at the start of month `now`, its last instalment at `end` (earlier than now
   counts as now: a plan overrun by deferrals is paid off at once). In repayment (first_bill
   <= now): no grace months. Not billed yet (first_bill > now, the book's pipeline): interest
   from the later of interest_start and now (at most first_bill), the grace months' interest
   accrued and added to the balance at the first bill as for any new loan; interest_start is
   ignored otherwise. The instalment is computed at the next bill; counters and running totals
   start at zero, and debt_at_start = balance, so the invariant holds from `now` on. */
void stp_loan_take_over(stp_loan *l, stp_money balance, stp_month interest_start,
                        stp_month first_bill, stp_month end, stp_month now);

/* The age limit (9g): the last month a borrower born in month `birth` may pay, the month
   before the month they turn repay_age_limit (the loan must be repaid by then). */
stp_month stp_repay_last_month(const stp_repay_params *rp, stp_month birth);

/* Make the plan end by last_month: end = min(end, last_month), the instalment recomputed at
   the next bill; deferral and relief can no longer move end past it. What is still owed
   at the end of last_month (a deferral in the last months, or a limit before the first
   bill) is reported as past_limit for the caller to treat as default. */
void stp_loan_set_limit(stp_loan *l, stp_month last_month);

/* One month t (see the timeline above) at `rate` (per year, the rate in force in t):
   - grace month: interest accrues in `accrued` (RELIEF/RELIEF_OTHER waive it instead and
     count as relief months; no date moves; DEFER does nothing: there is no bill);
   - bill month: the grace interest is capitalised first; then the action:
     PAY   the instalment is recomputed if the rate differs from plan_rate or replan is set
           (first bill, after a deferral, relief, prepayment, write-off, limit or restart),
           over the months left to end, so that the end date holds; this month's interest
           is charged and the instalment pays it and principal; from `end` on (and whenever
           the instalment is more than is owed) the payment is exactly what is owed;
     DEFER, RELIEF, RELIEF_OTHER as in stp_bill_action.
   out may be NULL. Common path (a paid bill, no recompute): no libm call. */
void stp_loan_month(stp_loan *l, const stp_repay_params *rp, stp_month t, double rate,
                    stp_bill_action action, stp_loan_event *out);

/* The annuity's denominators 1 − (1 + rate/12)^−n for n = 1..nmax at each of a set of
   rates: exactly what stp_annuity computes with pow() (the same operations on the same
   values), made once for the rates of a run so a recomputed instalment costs a look-up.
   Rates outside pow's domain are left out. The table lives in the caller's memory (a rule
   does not allocate): stp_annuity_table_bytes gives its size, stp_annuity_table_build fills
   mem (that many bytes, aligned as malloc aligns) and returns it as the table. */
typedef struct stp_annuity_table stp_annuity_table;
size_t stp_annuity_table_bytes(const double *rates, int nrates, int nmax);
stp_annuity_table *stp_annuity_table_build(void *mem, const double *rates, int nrates,
                                           int nmax);

/* Months t0 .. t0+n-1 at once, exactly as n calls of stp_loan_month with rate[i]
   and action[i] for month t0+i (the lifecycle's loop: one call per calendar year instead of
   one per month), except that an action PAY becomes DEFER in the months whose bit is set in
   defer (bit i: month t0+i, i < 32; the borrower's deferral requests). Stops after the first month
   that closes the loan or is past the limit (that month is driven). at (may be NULL)
   supplies annuity denominators; a rate or plan length it lacks is computed. applied[i]
   receives each driven month's event action; *sum the money fields of the events added up,
   with action, closed and past_limit of the last month. Returns the number of months
   driven (0 only for n <= 0). */
int stp_loan_months(stp_loan *l, const stp_repay_params *rp, stp_month t0, int n,
                    const double *rate, const stp_bill_action *action, uint32_t defer,
                    const stp_annuity_table *at, stp_bill_action *applied,
                    stp_loan_event *sum);

/* What is owed now, øre: balance + accrued. */
static inline stp_money stp_loan_owed(const stp_loan *l) { return l->balance + l->accrued; }

/* Extra payment of up to `amount` øre, at any time: applied to accrued grace interest
   first, then the balance. Returns the amount applied (at most what is owed; 0 for
   amount <= 0). The end date holds: the instalment is recomputed at the next bill. */
stp_money stp_loan_prepay(stp_loan *l, stp_money amount);

/* A month's interest at annual_rate on what is owed, added to the balance with no bill: a
   claim with Statens innkrevingssentral, which keeps Lånekassen's rate (forskrift om
   tilbakebetaling 2016 § 25-1). Returns the interest charged (0 on a closed loan). */
stp_money stp_loan_charge(stp_loan *l, double annual_rate);

/* Write off up to `amount` øre (accrued interest first, then the balance): death and the
   age limit pass stp_loan_owed(l), Finnmark/district the scheme's amount. Returns the amount
   written off. The end date holds: the instalment is recomputed at the next bill. */
stp_money stp_loan_write_off(stp_loan *l, stp_money amount);

/* Finnmark/Nord-Troms write-off for one year in the zone (cp = that calendar year):
   min(balance, share > 0 ? min(max, share × original_loan) : max), share × original rounded
   to the øre; never negative. original_loan: the debt when the write-off period started. */
stp_money stp_finnmark_writeoff(const stp_cal_params *cp, stp_money original_loan,
                                stp_money balance);

/* District scheme write-off for one year (from 2025): min(balance, district_writeoff_year),
   never negative; 0 where the year has no scheme. */
stp_money stp_district_writeoff(const stp_cal_params *cp, stp_money balance);

/* A borrower who returned to study (9k): from interest_start (the month after support ends
   again) the whole debt gets a new plan: accrued interest is capitalised, new_debt (loans
   paid out during the new study, after conversion; < 0 counts as 0) is added to the balance
   and to debt_at_start, dates as in stp_loan_start for the new balance, within the age
   limit. Counters (deferrals and relief used) and running totals are kept. */
void stp_loan_restart(stp_loan *l, const stp_repay_params *rp, stp_money new_debt,
                      stp_month interest_start);

/* The invariant: debt_at_start + interest_charged == repaid + written_off + balance + accrued,
   no amount negative, closed exactly when nothing is owed. */
bool stp_loan_check(const stp_loan *l);

#endif
