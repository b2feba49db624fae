/* budget.h: the state's side of a cohort (rulebook section 7): loans, grants, interest,
   interest subsidy, relief, write-offs, losses, repayments, tuition revenue and the tax
   expenditure of interest deductions, by calendar year and in present value, mapped onto the
   posts of the state budget (kap. 2410, 5310, 5617); the subsidy rate of the cohort's loans,
   cost per student, first-year and full-year cost. Pure functions of exact cash
   flows and rates (docs/analytics.md). */
#ifndef STP_BUDGET_H
#define STP_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

#include "cohort.h"
#include "error.h"
#include "money.h"
#include "outcome.h"
#include "scenario.h"

/* What the budget needs, summed over students: the lifecycle's cash flows and what the state
   side adds to them, each by calendar year (index year - STP_CF_FIRST). Exact integers:
   merged by addition in any order. */
typedef struct stp_budget_flows {
  stp_cashflow cf;                       /* the lifecycle's flows (outcome.h) */
  stp_money losses[STP_CF_YEARS];        /* øre, the part of cf.written_off lost on loans
                                            terminated for non-payment or unpaid at the age
                                            limit, after the recovery share */
  stp_money interest_paid[STP_CF_YEARS]; /* øre of interest paid (deductible): per student
                                            and year min(interest charged, paid) */
  stp_money tuition_state[STP_CF_YEARS]; /* øre, the part of cf.tuition paid to public
                                            (state) institutions */
  stp_money transferred[STP_CF_YEARS];   /* øre of debt carried on to a further degree, in
                                            the calendar year study ended */
  stp_money prior_debt[STP_CF_YEARS];    /* øre of debt brought from an earlier degree, in
                                            the calendar year study ended (when it joins the
                                            loan in repayment) */
  stp_money book_extra[STP_CF_YEARS];    /* øre owed at the end of the year beyond
                                            cf.outstanding: prior debt of students still
                                            studying (interest-free) */
  /* Norway's degree students abroad, a group model beside the simulated students
     (abroad.h): whole-number totals, not in cf. */
  stp_money abroad_loans[STP_CF_YEARS];  /* øre paid as loan: basic support and the loan
                                            part of tuition support */
  stp_money abroad_convertible[STP_CF_YEARS]; /* øre: the most their basic support could
                                            convert (conversion_max_share of it) */
  stp_money abroad_grants[STP_CF_YEARS]; /* øre of tuition grants, paid as grants */
  /* The vocational colleges and folk high schools, group models likewise (othered.h). */
  stp_money other_loans[STP_CF_YEARS];   /* øre of basic support paid as loan */
  stp_money other_convertible[STP_CF_YEARS]; /* øre: the most of it that could convert */
  stp_money book_unpaid[STP_CF_YEARS];   /* øre, of cf.capitalised: the interest the initial
                                            loan book's borrowers (loanbook.h) added to their
                                            debt in the year */
  int64_t debtors[STP_CF_YEARS];         /* borrowers owing something at the end of the year
                                            (students and the book's borrowers) */
} stp_budget_flows;

/* into += from. */
void stp_budget_flows_merge(stp_budget_flows *into, const stp_budget_flows *from);

/* Add one student: s and o from the lifecycle, scf the student's own cash flows (from a
   zeroed stp_cashflow: every year before s->entry_year must be zero), w the students she
   stands for (1, or her population weight: every amount is added w times). Adds scf into
   f->cf too. A terminated loan's loss is o->lost, in o->lost_year. */
void stp_budget_add_student(stp_budget_flows *f, const stp_student *s, const stp_outcome *o,
                            const stp_cashflow *scf, int64_t w);

/* Add one borrower of the initial loan book (s->book): as stp_budget_add_student, and her
   interest added to her debt in a year (cf.capitalised) to book_unpaid (post 90's unpaid
   interest of the old book). */
void stp_budget_add_book_loan(stp_budget_flows *f, const stp_student *s, const stp_outcome *o,
                              const stp_cashflow *scf, int64_t w);

/* Rates of one budget: all per year. */
typedef struct stp_budget_rates {
  bool social;          /* false (the default, [economy] discount = cost-of-funds): discount
                           at the nominal cost_of_funds, as a loan subsidy (RAB charge) is
                           computed; true: at discount_rate real, deflated by price_growth */
  double discount_rate; /* per year, real ([economy] discount_rate, R-109: 0.04) */
  double price_growth;  /* per year: the deflator ([economy] price_growth) */
  double cost_of_funds; /* per year, nominal: the state's borrowing rate */
  double tax_rate;      /* share of interest paid that is deducted from tax (0.22) */
  int pv_year;          /* calendar year present values and real amounts are expressed in */
  double provision_reduction; /* share kap. 2410 post 50 is set below the most the year's
                           payments could convert (Prop. 1 S (2016-2017): 19.6 %, credits
                           not passed and the means test); 0: STP_BUDGET_PROVISION_REDUCTION */
} stp_budget_rates;

/* The documented default of stp_budget_rates.provision_reduction: datasets/budget/
   parameters.csv provision_reduction (tests/test_budget.c checks that the two agree). */
#define STP_BUDGET_PROVISION_REDUCTION 0.196

/* The rates of scenario sc's budget: its [economy] discount convention, discount_rate,
   price_growth and cost_of_funds; tax_rate from datasets/budget; present values to pv_year. */
stp_budget_rates stp_budget_rates_of(const stp_scenario *sc, double tax_rate, int pv_year);
/* The rates a student's value is discounted at (stp_student_value, compare.h): always the
   social rate of sc (discount_rate real, price_growth), to sc's base year, whatever the
   state's convention: a student does not borrow at the state's cost of funds. */
stp_budget_rates stp_budget_value_rates(const stp_scenario *sc);

/* Nominal discount factor of calendar year `year` back to r->pv_year: (1 +
   cost_of_funds)^-(year - pv_year), or with r->social ((1 + discount_rate)(1 +
   price_growth))^-(year - pv_year); above 1 before pv_year. */
double stp_budget_discount(const stp_budget_rates *r, int year);
/* The factors of every simulated year: out[y - STP_CF_FIRST]. */
void stp_budget_discount_table(const stp_budget_rates *r, double out[STP_CF_YEARS]);

/* The items, in the order of budget.csv. */
typedef enum {
  STP_BI_LOANS_PAID_OUT,   /* support paid out as loan (all but other grants): 2410.90 */
  STP_BI_GRANTS,           /* loan converted to grant: 2410.50, 5310.93 */
  STP_BI_OTHER_GRANTS,     /* child and disability grants kept after the means test: 2410.71 */
  STP_BI_INTEREST_CHARGED, /* interest charged to borrowers: 5617.80 */
  STP_BI_COST_OF_FUNDS,    /* cost_of_funds × the year's average loan book */
  STP_BI_INTEREST_SUBSIDY, /* cost of funds − interest charged − interest relief: 2410.72 */
  STP_BI_INTEREST_RELIEF,  /* interest waived (sletting av renter): 2410.73 */
  STP_BI_WRITE_OFFS,       /* debt written off (death, disability, Finnmark, district): 2410.73 */
  STP_BI_LOSSES,           /* losses on terminated loans and at the age limit: 2410.74 */
  STP_BI_REPAID,           /* repayments (instalments, prepayments, recoveries): 5310.90 */
  STP_BI_TRANSFERRED,      /* debt carried on to a further degree (leaves the cohort's book) */
  STP_BI_PRIOR_DEBT,       /* debt brought from an earlier degree (joins the cohort's book) */
  STP_BI_TUITION_STATE,    /* tuition paid to public institutions */
  STP_BI_INTEREST_PAID,    /* interest paid by borrowers (the deduction's base) */
  STP_BI_TAX_EXPENDITURE,  /* tax_rate × interest paid */
  STP_BI_PROVISION,        /* the conversion provided for when the loan is paid out (what
                              each payment will earn: kap. 2410 post 50 as Prop. 1 S books it) */
  STP_BI_INTEREST_UNPAID,  /* interest added to the debt in the year instead of paid (study
                              months with interest, grace months, deferred bills: the
                              "rentegjeld" of 2410.90), of the simulated students */
  STP_BI_BOOK_INTEREST_UNPAID, /* the same of the initial loan book's borrowers (2410.90) */
  STP_BI_CONVERTIBLE,      /* the most the year's payments could convert: cf.convertible +
                              abroad_convertible + other_convertible */
  STP_BI_PROVISION_PROP1S, /* (1 - provision_reduction) × convertible: kap. 2410 post 50 as
                              Prop. 1 S sets it, at payout with the Ministry's average rates */
  STP_BI_ABROAD_LOANS,     /* degree students abroad (group model): paid as loan (2410.90) */
  STP_BI_ABROAD_GRANTS,    /* degree students abroad: tuition grants (2410.71) */
  STP_BI_OTHER_LOANS,      /* vocational colleges and folk high schools (group models): basic
                              support paid as loan (2410.90) */
  STP_BI_NET_COST,         /* grants + other grants + subsidy + relief + write-offs + losses
                              + tax expenditure − tuition to the state */
  STP_BI_NET_COST_BUDGET,  /* the same with the provision in place of the grants: the net
                              cost of the year as the budget books it */
  STP_BI_NET_COST_PROP1S,  /* net_cost_budget with post 50 as Prop. 1 S sets it (provision_
                              prop1s in place of provision) and the tuition grants abroad:
                              the year's cost as the Ministry costs a decision */
  STP_BI_LOAN_BOOK,        /* owed at the end of the year (cf.outstanding + book_extra) */
  STP_BI_COUNT
} stp_budget_item;

/* Column name of an item ("loans_paid_out_nok", ...); NULL out of range. */
const char *stp_budget_item_name(int item);

/* The subsidy rate's sensitivity rates (stp_budget.sens_discount), nominal per year. */
enum {
  STP_SENS_COST_OF_FUNDS, /* cost_of_funds: the default convention */
  STP_SENS_LOW,           /* cost_of_funds − 1 point (at least 0) */
  STP_SENS_HIGH,          /* cost_of_funds + 1 point (about Lånekassen's margin over it) */
  STP_SENS_SOCIAL,        /* (1 + discount_rate)(1 + price_growth) − 1: R-109's real 4 % */
  STP_BUDGET_SENS
};
typedef struct stp_budget {
  stp_budget_rates rates;
  int entry_years;                /* entry years the cohort is spread over (>= 1) */
  stp_money year[STP_CF_YEARS][STP_BI_COUNT]; /* øre by calendar year */
  stp_money total[STP_BI_COUNT];  /* øre, undiscounted nominal sum (loan book: 0) */
  stp_money pv[STP_BI_COUNT];     /* øre, present value in pv_year kroner (loan book: 0) */
  stp_money outlay_pv;            /* øre: PV of support paid out + prior debt brought in */
  stp_money recovered_pv;         /* øre: PV of repayments + debt carried on */
  double subsidy_rate;            /* 1 − recovered_pv / outlay_pv: the share of the loan
                                     outlay not repaid in present value (the RAB charge);
                                     NaN without outlay */
  double loan_subsidy_rate;       /* the same with the grants taken out of the outlay: the
                                     share of what stayed loan not repaid; NaN if none */
  double sens_discount[STP_BUDGET_SENS]; /* per year, nominal: STP_SENS_ rates */
  double sens_subsidy_rate[STP_BUDGET_SENS]; /* the subsidy rate discounted at each of them
                                     (whatever the convention; NaN without outlay) */
} stp_budget;

/* The budget of flows f at rates r; entry_years (>= 1): how many entry years the cohort's
   students are spread over. Every year item is exact from f (cost of funds and the tax
   expenditure rounded to the øre once per year); present values are rounded once. */
void stp_budget_compute(const stp_budget_flows *f, const stp_budget_rates *r, int entry_years,
                        stp_budget *out);

/* The net cost in calendar year `year` (0 outside the simulated years). */
stp_money stp_budget_net_cost(const stp_budget *b, int year);

/* datasets/budget/: the tax rate of interest deductions, the documented default cost of
   funds, and the budget posts with their names and sources. */
typedef struct stp_budget_post {
  int chapter;          /* 2410, 5310, 5617 */
  int post;             /* 50, 70, ... */
  char name[96];        /* the post's name in the budget */
  char items[96];       /* the items mapped onto it ("grants", "" when none) */
  char status[24];      /* official | news | unverified ... */
  char source[256];
  char note[512];
} stp_budget_post;

#define STP_BUDGET_MAX_POSTS 16
typedef struct stp_budget_params {
  double tax_rate;      /* share (0.22) */
  double cost_of_funds; /* per year, nominal: the documented default of [economy] */
  double provision_reduction; /* share post 50 is set below the maximum (0.196) */
  int nposts;
  stp_budget_post posts[STP_BUDGET_MAX_POSTS];
  char dir[512];        /* the folder read (datasets_dir/budget) */
} stp_budget_params;

/* Read datasets_dir/budget/parameters.csv and posts.csv; errors name file, line and field. */
int stp_budget_params_load(const char *datasets_dir, stp_budget_params *out, stp_error *err);

/* The amount of a post in one year's (or the total's, or the PV's) items: the sum of the
   items its `items` names ('+'-separated item names without _nok); *known false when the
   post has no items in the model. */
stp_money stp_budget_post_amount(const stp_budget_post *post, const stp_money *items,
                                 bool *known);

/* budget.csv: for each scenario its calendar years; budget_totals.csv: its "total" and "pv"
   rows (no loan_book: a stock).
   budget_summary.csv: one row per scenario. budget_posts.csv: scenario × post. */
typedef struct stp_budget_writer stp_budget_writer;
int stp_budget_writer_open(const char *dir, const stp_budget_params *bp, stp_budget_writer **out,
                           stp_error *err);
/* base_year: the calendar year the scenario's rules start in (its first budget year);
   students: the cohort's size. */
int stp_budget_writer_add(stp_budget_writer *w, const char *scenario, const stp_budget *b,
                          int base_year, int64_t students, stp_error *err);
int stp_budget_writer_commit(stp_budget_writer *w, stp_error *err);
void stp_budget_writer_abort(stp_budget_writer *w);

/* ---- one scenario's budget (stipend budget, calibrate --backcasts) ---- */

struct stp_prepared;

/* Run the prepared scenario x alone (its cohort, stp_compare_prepared on `threads`) and
   compute its budget in its own pv_year kroner, with the budget parameters of its datasets
   (into bp); *simulated: the students simulated, *students: the students the totals count
   (Norway's in the population mode). A student whose accounting identities fail is an
   error (STP_ERANGE). */
int stp_budget_of_prepared(struct stp_prepared *x, int threads, stp_budget_params *bp,
                           stp_budget *out, long *simulated, int64_t *students,
                           stp_error *err);

#endif
