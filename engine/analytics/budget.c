/* budget.c: the state's side of a cohort from its exact cash flows.

   Every amount by year is an exact integer of øre: the flows themselves, or (cost of funds,
   tax expenditure) one rounding of a product per year. Present values and the subsidy rate
   are computed once from those integers, so they do not depend on threads.

   The loan book of a year is what is owed at its end; the cost of funds of a year is the
   rate on the average of the book at the end of the year before and at its end (the
   trapezoid rule: the book is only known at year ends). */
#include "analytics/budget.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/compare.h"
#include "csvio.h"
#include "datasets.h"

static const char *const item_names[STP_BI_COUNT] = {
    "loans_paid_out_nok", "grants_nok",        "other_grants_nok",     "interest_charged_nok",
    "cost_of_funds_nok",
    "interest_subsidy_nok", "interest_relief_nok", "write_offs_nok",   "losses_nok",
    "repaid_nok",         "transferred_nok",   "prior_debt_nok",       "tuition_state_nok",
    "interest_paid_nok",  "tax_expenditure_nok", "provision_nok",      "interest_unpaid_nok",
    "book_interest_unpaid_nok",
    "convertible_nok",    "provision_prop1s_nok", "abroad_loans_nok",  "abroad_grants_nok",
    "other_education_loans_nok",
    "net_cost_nok",       "net_cost_budget_nok", "net_cost_prop1s_nok", "loan_book_nok"};

const char *stp_budget_item_name(int item) {
  return item >= 0 && item < STP_BI_COUNT ? item_names[item] : NULL;
}

static void add_years(stp_money *into, const stp_money *from) {
  for (int y = 0; y < STP_CF_YEARS; y++) into[y] += from[y];
}

void stp_budget_flows_merge(stp_budget_flows *into, const stp_budget_flows *from) {
  add_years(into->cf.paid_out, from->cf.paid_out);
  add_years(into->cf.converted, from->cf.converted);
  add_years(into->cf.other_grants, from->cf.other_grants);
  add_years(into->cf.provision, from->cf.provision);
  add_years(into->cf.convertible, from->cf.convertible);
  add_years(into->cf.interest, from->cf.interest);
  add_years(into->cf.repaid, from->cf.repaid);
  add_years(into->cf.written_off, from->cf.written_off);
  add_years(into->cf.relief, from->cf.relief);
  add_years(into->cf.tuition, from->cf.tuition);
  add_years(into->cf.outstanding, from->cf.outstanding);
  add_years(into->cf.capitalised, from->cf.capitalised);
  add_years(into->losses, from->losses);
  add_years(into->interest_paid, from->interest_paid);
  add_years(into->tuition_state, from->tuition_state);
  add_years(into->transferred, from->transferred);
  add_years(into->prior_debt, from->prior_debt);
  add_years(into->book_extra, from->book_extra);
  add_years(into->abroad_loans, from->abroad_loans);
  add_years(into->abroad_convertible, from->abroad_convertible);
  add_years(into->abroad_grants, from->abroad_grants);
  add_years(into->other_loans, from->other_loans);
  add_years(into->other_convertible, from->other_convertible);
  add_years(into->book_unpaid, from->book_unpaid);
  for (int y = 0; y < STP_CF_YEARS; y++) into->debtors[y] += from->debtors[y];
}

static int year_index(int year) {
  int i = year - STP_CF_FIRST;
  return i < 0 ? 0 : i >= STP_CF_YEARS ? STP_CF_YEARS - 1 : i;
}

void stp_budget_add_student(stp_budget_flows *f, const stp_student *s, const stp_outcome *o,
                            const stp_cashflow *scf, int64_t w) {
  const bool state = s->institution_type != STP_INST_PRIVATE;
  for (int y = year_index(s->entry_year); y < STP_CF_YEARS; y++) {
    f->cf.paid_out[y] += w * scf->paid_out[y];
    f->cf.converted[y] += w * scf->converted[y];
    f->cf.other_grants[y] += w * scf->other_grants[y];
    f->cf.provision[y] += w * scf->provision[y];
    f->cf.convertible[y] += w * scf->convertible[y];
    f->cf.interest[y] += w * scf->interest[y];
    f->cf.repaid[y] += w * scf->repaid[y];
    f->cf.written_off[y] += w * scf->written_off[y];
    f->cf.relief[y] += w * scf->relief[y];
    f->cf.tuition[y] += w * scf->tuition[y];
    f->cf.outstanding[y] += w * scf->outstanding[y];
    f->cf.capitalised[y] += w * scf->capitalised[y];
    /* A payment covers the month's interest first, so what is paid in a year is interest up
       to the interest charged in it; interest added to the debt (grace months, deferrals) is
       paid later as principal and is not counted again. */
    stp_money paid = stp_min(scf->interest[y], scf->repaid[y]);
    if (paid > 0) f->interest_paid[y] += w * paid;
    if (state) f->tuition_state[y] += w * scf->tuition[y];
    if (scf->outstanding[y] > 0) f->debtors[y] += w;
  }
  /* A terminated loan (or one unpaid at the age limit): its loss is what is written off when
     its time with Statens innkrevingssentral ends, the debt and the interest it bore there
     less what SI recovered. */
  if (o->lost != 0) f->losses[year_index(o->lost_year)] += w * o->lost;
  int end = year_index(o->end_study_year);
  f->transferred[end] += w * o->transferred;
  f->prior_debt[end] += w * o->prior_debt;
  if (o->prior_debt != 0)
    for (int y = year_index(s->entry_year); y < end; y++) f->book_extra[y] += w * o->prior_debt;
}

void stp_budget_add_book_loan(stp_budget_flows *f, const stp_student *s, const stp_outcome *o,
                              const stp_cashflow *scf, int64_t w) {
  stp_budget_add_student(f, s, o, scf, w);
  for (int y = year_index(s->entry_year); y < STP_CF_YEARS; y++)
    f->book_unpaid[y] += w * scf->capitalised[y];
}

stp_budget_rates stp_budget_rates_of(const stp_scenario *sc, double tax_rate, int pv_year) {
  return (stp_budget_rates){.social = sc->discount_social,
                            .discount_rate = sc->discount_rate,
                            .price_growth = sc->price_growth,
                            .cost_of_funds = sc->cost_of_funds,
                            .tax_rate = tax_rate,
                            .pv_year = pv_year,
                            .provision_reduction = STP_BUDGET_PROVISION_REDUCTION};
}

stp_budget_rates stp_budget_value_rates(const stp_scenario *sc) {
  return (stp_budget_rates){.social = true,
                            .discount_rate = sc->discount_rate,
                            .price_growth = sc->price_growth,
                            .cost_of_funds = sc->cost_of_funds,
                            .pv_year = stp_scenario_pv_year(sc)};
}

double stp_budget_discount(const stp_budget_rates *r, int year) {
  double base = r->social ? (1 + r->discount_rate) * (1 + r->price_growth) : 1 + r->cost_of_funds;
  return pow(base, -(double)(year - r->pv_year));
}

/* The subsidy rate of out's years discounted at `nominal` a year (the same flows as
   subsidy_rate, unrounded). */
static double subsidy_at(const stp_budget *out, double nominal) {
  double outlay = 0, recovered = 0;
  for (int y = 0; y < STP_CF_YEARS; y++) {
    const stp_money *it = out->year[y];
    double d = pow(1 + nominal, -(double)(STP_CF_FIRST + y - out->rates.pv_year));
    outlay += (double)(it[STP_BI_LOANS_PAID_OUT] + it[STP_BI_PRIOR_DEBT]) * d;
    recovered += (double)(it[STP_BI_REPAID] + it[STP_BI_TRANSFERRED]) * d;
  }
  return outlay > 0 ? 1.0 - recovered / outlay : NAN;
}

void stp_budget_discount_table(const stp_budget_rates *r, double out[STP_CF_YEARS]) {
  for (int y = 0; y < STP_CF_YEARS; y++) out[y] = stp_budget_discount(r, STP_CF_FIRST + y);
}

void stp_budget_compute(const stp_budget_flows *f, const stp_budget_rates *r, int entry_years,
                        stp_budget *out) {
  memset(out, 0, sizeof *out);
  out->rates = *r;
  out->entry_years = entry_years > 0 ? entry_years : 1;
  double pv[STP_BI_COUNT] = {0};
  double reduction = r->provision_reduction > 0 && r->provision_reduction <= 1
                         ? r->provision_reduction
                         : STP_BUDGET_PROVISION_REDUCTION;
  stp_money book_before = 0;
  for (int y = 0; y < STP_CF_YEARS; y++) {
    stp_money *it = out->year[y];
    const stp_cashflow *cf = &f->cf;
    stp_money book = cf->outstanding[y] + f->book_extra[y];
    /* Child and disability grants kept after the means test are grants from the start (post
       71); what the means test took of them stayed loan, like the rest of the support. */
    it[STP_BI_LOANS_PAID_OUT] = cf->paid_out[y] - cf->other_grants[y];
    it[STP_BI_GRANTS] = cf->converted[y] - cf->other_grants[y];
    it[STP_BI_OTHER_GRANTS] = cf->other_grants[y];
    it[STP_BI_INTEREST_CHARGED] = cf->interest[y];
    it[STP_BI_COST_OF_FUNDS] = stp_mul_rate(book_before + book, r->cost_of_funds / 2);
    it[STP_BI_INTEREST_RELIEF] = cf->relief[y];
    it[STP_BI_INTEREST_SUBSIDY] =
        it[STP_BI_COST_OF_FUNDS] - it[STP_BI_INTEREST_CHARGED] - it[STP_BI_INTEREST_RELIEF];
    it[STP_BI_LOSSES] = f->losses[y];
    it[STP_BI_WRITE_OFFS] = cf->written_off[y] - f->losses[y];
    it[STP_BI_REPAID] = cf->repaid[y];
    it[STP_BI_TRANSFERRED] = f->transferred[y];
    it[STP_BI_PRIOR_DEBT] = f->prior_debt[y];
    it[STP_BI_TUITION_STATE] = f->tuition_state[y];
    it[STP_BI_INTEREST_PAID] = f->interest_paid[y];
    it[STP_BI_TAX_EXPENDITURE] = stp_mul_rate(f->interest_paid[y], r->tax_rate);
    it[STP_BI_NET_COST] = it[STP_BI_GRANTS] + it[STP_BI_OTHER_GRANTS] +
                          it[STP_BI_INTEREST_SUBSIDY] +
                          it[STP_BI_INTEREST_RELIEF] + it[STP_BI_WRITE_OFFS] +
                          it[STP_BI_LOSSES] + it[STP_BI_TAX_EXPENDITURE] -
                          it[STP_BI_TUITION_STATE];
    it[STP_BI_PROVISION] = cf->provision[y];
    it[STP_BI_BOOK_INTEREST_UNPAID] = f->book_unpaid[y];
    /* Post 90's unpaid interest as the budget books it (Prop. 1 S (2016-2017), kap. 2410
       post 90: "nettoutlån til ubetalte renter"): the interest added to the debt in the year
       instead of being paid, that is of every month with interest and no bill (study
       months with interest, the grace months, capitalised at the first bill) and of every
       deferred bill; paying it back later is a repayment (5310.90). */
    it[STP_BI_INTEREST_UNPAID] = cf->capitalised[y] - f->book_unpaid[y];
    it[STP_BI_NET_COST_BUDGET] = it[STP_BI_NET_COST] - it[STP_BI_GRANTS] + it[STP_BI_PROVISION];
    it[STP_BI_CONVERTIBLE] =
        cf->convertible[y] + f->abroad_convertible[y] + f->other_convertible[y];
    it[STP_BI_PROVISION_PROP1S] = stp_mul_rate(it[STP_BI_CONVERTIBLE], 1 - reduction);
    it[STP_BI_ABROAD_LOANS] = f->abroad_loans[y];
    it[STP_BI_ABROAD_GRANTS] = f->abroad_grants[y];
    it[STP_BI_OTHER_LOANS] = f->other_loans[y];
    it[STP_BI_NET_COST_PROP1S] = it[STP_BI_NET_COST_BUDGET] - it[STP_BI_PROVISION] +
                                 it[STP_BI_PROVISION_PROP1S] + it[STP_BI_ABROAD_GRANTS];
    it[STP_BI_LOAN_BOOK] = book;
    book_before = book;
    int year = STP_CF_FIRST + y;
    double d = stp_budget_discount(r, year);
    for (int i = 0; i < STP_BI_LOAN_BOOK; i++) {
      out->total[i] += it[i];
      pv[i] += (double)it[i] * d;
    }
  }
  for (int i = 0; i < STP_BI_LOAN_BOOK; i++) out->pv[i] = (stp_money)llround(pv[i]);
  out->outlay_pv = out->pv[STP_BI_LOANS_PAID_OUT] + out->pv[STP_BI_PRIOR_DEBT];
  out->recovered_pv = out->pv[STP_BI_REPAID] + out->pv[STP_BI_TRANSFERRED];
  stp_money loans = out->outlay_pv - out->pv[STP_BI_GRANTS];
  out->subsidy_rate = out->outlay_pv > 0
                          ? 1.0 - (double)out->recovered_pv / (double)out->outlay_pv
                          : NAN;
  out->loan_subsidy_rate = loans > 0 ? 1.0 - (double)out->recovered_pv / (double)loans : NAN;
  out->sens_discount[STP_SENS_COST_OF_FUNDS] = r->cost_of_funds;
  out->sens_discount[STP_SENS_LOW] = r->cost_of_funds > 0.01 ? r->cost_of_funds - 0.01 : 0;
  out->sens_discount[STP_SENS_HIGH] = r->cost_of_funds + 0.01;
  out->sens_discount[STP_SENS_SOCIAL] = (1 + r->discount_rate) * (1 + r->price_growth) - 1;
  for (int k = 0; k < STP_BUDGET_SENS; k++)
    out->sens_subsidy_rate[k] = subsidy_at(out, out->sens_discount[k]);
}

stp_money stp_budget_net_cost(const stp_budget *b, int year) {
  int i = year - STP_CF_FIRST;
  return i >= 0 && i < STP_CF_YEARS ? b->year[i][STP_BI_NET_COST] : 0;
}

/* ---- posts ---- */

static int item_by_name(const char *name, size_t len) {
  for (int i = 0; i < STP_BI_COUNT; i++) {
    size_t n = strlen(item_names[i]) - 4; /* without "_nok" */
    if (n == len && strncmp(item_names[i], name, len) == 0) return i;
  }
  return -1;
}

/* Calls fn for each '+'-separated item; false at the first unknown one. */
static bool for_items(const char *items, void (*fn)(int item, void *ctx), void *ctx) {
  const char *p = items;
  while (*p) {
    const char *q = strchr(p, '+');
    size_t len = q ? (size_t)(q - p) : strlen(p);
    int i = item_by_name(p, len);
    if (i < 0) return false;
    if (fn) fn(i, ctx);
    p += len;
    if (*p == '+') p++;
  }
  return true;
}

typedef struct sum_ctx {
  const stp_money *items;
  stp_money sum;
} sum_ctx;

static void sum_item(int item, void *ctx) {
  sum_ctx *c = ctx;
  c->sum += c->items[item];
}

stp_money stp_budget_post_amount(const stp_budget_post *post, const stp_money *items,
                                 bool *known) {
  sum_ctx c = {.items = items};
  *known = post->items[0] != '\0';
  if (*known) for_items(post->items, sum_item, &c);
  return c.sum;
}

/* ---- datasets/budget ---- */

typedef struct load_ctx {
  const char *path;
  stp_budget_params *bp;
  bool seen_tax, seen_cof, seen_red;
  bool header_seen;
} load_ctx;

static bool parse_real(const char *s, double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || *end || errno || !isfinite(v)) return false;
  *out = v;
  return true;
}

static int on_param(void *vctx, int line, int n, char **f, stp_error *err) {
  static const char *const header[] = {"parameter", "value", "unit", "status", "source", "note"};
  load_ctx *c = vctx;
  int hrc = stp_csv_fixed_row(&c->header_seen, c->path, line, n, f, header, 6, err);
  if (hrc) return hrc > 0 ? STP_OK : hrc;
  double v;
  if (!parse_real(f[1], &v))
    return stp_fail(err, STP_EINVAL, "%s:%d: %s: value '%s' is not a number", c->path, line,
                    f[0], f[1]);
  bool *seen;
  double *field, lo, hi;
  if (strcmp(f[0], "tax_rate_interest_deduction") == 0) {
    seen = &c->seen_tax, field = &c->bp->tax_rate, lo = 0, hi = 1;
  } else if (strcmp(f[0], "cost_of_funds") == 0) {
    seen = &c->seen_cof, field = &c->bp->cost_of_funds, lo = 0, hi = 0.2;
  } else if (strcmp(f[0], "provision_reduction") == 0) {
    seen = &c->seen_red, field = &c->bp->provision_reduction, lo = 0, hi = 1;
  } else {
    return stp_fail(err, STP_EINVAL,
                    "%s:%d: parameter %s: unknown (known: tax_rate_interest_deduction, "
                    "cost_of_funds, provision_reduction)",
                    c->path, line, f[0]);
  }
  if (*seen)
    return stp_fail(err, STP_EINVAL, "%s:%d: parameter %s: given twice", c->path, line, f[0]);
  if (v < lo || v > hi)
    return stp_fail(err, STP_ERANGE, "%s:%d: parameter %s: %g is outside [%g, %g]", c->path, line,
                    f[0], v, lo, hi);
  if (!f[4][0])
    return stp_fail(err, STP_EINVAL, "%s:%d: parameter %s: no source", c->path, line, f[0]);
  *seen = true;
  *field = v;
  return STP_OK;
}

static void copy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src); }

static int on_post(void *vctx, int line, int n, char **f, stp_error *err) {
  static const char *const header[] = {"chapter", "post", "name", "items", "status", "source",
                                       "note"};
  load_ctx *c = vctx;
  int hrc = stp_csv_fixed_row(&c->header_seen, c->path, line, n, f, header, 7, err);
  if (hrc) return hrc > 0 ? STP_OK : hrc;
  stp_budget_params *bp = c->bp;
  if (bp->nposts >= STP_BUDGET_MAX_POSTS)
    return stp_fail(err, STP_ERANGE, "%s:%d: more than %d posts", c->path, line,
                    STP_BUDGET_MAX_POSTS);
  char *end;
  long chapter = strtol(f[0], &end, 10);
  if (end == f[0] || *end || chapter < 1 || chapter > 9999)
    return stp_fail(err, STP_EINVAL, "%s:%d: chapter: '%s' is not a chapter number 1 to 9999", c->path,
                    line, f[0]);
  long post = strtol(f[1], &end, 10);
  if (end == f[1] || *end || post < 1 || post > 99)
    return stp_fail(err, STP_EINVAL, "%s:%d: post: '%s' is not a post number 1 to 99", c->path, line,
                    f[1]);
  if (!for_items(f[3], NULL, NULL))
    return stp_fail(err, STP_EINVAL, "%s:%d: items: '%s' names an unknown item", c->path, line,
                    f[3]);
  if (!f[5][0]) return stp_fail(err, STP_EINVAL, "%s:%d: source: empty", c->path, line);
  stp_budget_post *p = &bp->posts[bp->nposts++];
  p->chapter = (int)chapter;
  p->post = (int)post;
  copy(p->name, sizeof p->name, f[2]);
  copy(p->items, sizeof p->items, f[3]);
  copy(p->status, sizeof p->status, f[4]);
  copy(p->source, sizeof p->source, f[5]);
  copy(p->note, sizeof p->note, f[6]);
  return STP_OK;
}

int stp_budget_params_load(const char *datasets_dir, stp_budget_params *out, stp_error *err) {
  memset(out, 0, sizeof *out);
  datasets_dir = stp_datasets_dir(datasets_dir);
  snprintf(out->dir, sizeof out->dir, "%s/budget", datasets_dir);
  char path[600];
  snprintf(path, sizeof path, "%s/parameters.csv", out->dir);
  load_ctx c = {.path = path, .bp = out};
  int rc = stp_csv_read_file(path, on_param, &c, err);
  if (rc) return rc;
  if (!c.seen_tax)
    return stp_fail(err, STP_EINVAL, "%s: parameter tax_rate_interest_deduction: missing", path);
  if (!c.seen_cof) return stp_fail(err, STP_EINVAL, "%s: parameter cost_of_funds: missing", path);
  if (!c.seen_red)
    return stp_fail(err, STP_EINVAL, "%s: parameter provision_reduction: missing", path);
  snprintf(path, sizeof path, "%s/posts.csv", out->dir);
  c = (load_ctx){.path = path, .bp = out};
  rc = stp_csv_read_file(path, on_post, &c, err);
  if (rc) return rc;
  if (out->nposts == 0) return stp_fail(err, STP_EINVAL, "%s: no posts", path);
  return STP_OK;
}

/* ---- writers ---- */

struct stp_budget_writer {
  const stp_budget_params *bp;
  stp_csv_writer *years, *totals, *summary, *posts; /* budget.csv, budget_totals.csv, ... */
  char dir[600];
};


int stp_budget_writer_open(const char *dir, const stp_budget_params *bp, stp_budget_writer **out,
                           stp_error *err) {
  stp_budget_writer *w = calloc(1, sizeof *w);
  if (!w) return stp_fail(err, STP_ENOMEM, "out of memory");
  w->bp = bp;
  char path[700];
  int rc;
  snprintf(path, sizeof path, "%s/budget.csv", dir);
  if ((rc = stp_csv_writer_open(path, &w->years, err))) goto fail;
  snprintf(path, sizeof path, "%s/budget_totals.csv", dir);
  if ((rc = stp_csv_writer_open(path, &w->totals, err))) goto fail;
  snprintf(path, sizeof path, "%s/budget_summary.csv", dir);
  if ((rc = stp_csv_writer_open(path, &w->summary, err))) goto fail;
  snprintf(path, sizeof path, "%s/budget_posts.csv", dir);
  if ((rc = stp_csv_writer_open(path, &w->posts, err))) goto fail;

  /* The years and the sums over them in two tables, so that no column has empty cells
     (a year or factor column with gaps reads as floating point in pandas). */
  stp_csv_field(w->years, "scenario");
  stp_csv_field(w->years, "year");
  stp_csv_field(w->years, "discount_factor");
  for (int i = 0; i < STP_BI_COUNT; i++) stp_csv_field(w->years, item_names[i]);
  stp_csv_endrow(w->years);
  stp_csv_field(w->totals, "scenario");
  stp_csv_field(w->totals, "basis");
  for (int i = 0; i < STP_BI_COUNT; i++)
    if (i != STP_BI_LOAN_BOOK) stp_csv_field(w->totals, item_names[i]);
  stp_csv_endrow(w->totals);

  static const char *const sh[] = {
      "scenario", "students", "entry_years", "pv_year", "discount", "discount_rate_per_year",
      "price_growth_per_year", "cost_of_funds_per_year", "tax_rate_share", "outlay_pv_nok",
      "recovered_pv_nok", "subsidy_rate_share", "loan_subsidy_rate_share", "net_cost_pv_nok",
      "cost_per_student_nok", "first_year", "first_year_cost_nok", "full_year",
      "full_year_cost_nok",
      "subsidy_rate_cost_of_funds_share", "subsidy_rate_cost_of_funds_low_share",
      "subsidy_rate_cost_of_funds_high_share", "subsidy_rate_social_share"};
  for (size_t i = 0; i < sizeof sh / sizeof sh[0]; i++) stp_csv_field(w->summary, sh[i]);
  stp_csv_endrow(w->summary);

  static const char *const ph[] = {"scenario", "chapter", "post", "side", "name", "items",
                                   "first_year", "first_year_nok", "full_year", "full_year_nok",
                                   "total_nok", "pv_nok", "status"};
  for (size_t i = 0; i < sizeof ph / sizeof ph[0]; i++) stp_csv_field(w->posts, ph[i]);
  stp_csv_endrow(w->posts);
  *out = w;
  return STP_OK;
fail:
  stp_budget_writer_abort(w);
  return rc;
}

static const stp_money *year_items(const stp_budget *b, int year) {
  static const stp_money zero[STP_BI_COUNT];
  int i = year - STP_CF_FIRST;
  return i >= 0 && i < STP_CF_YEARS ? b->year[i] : zero;
}

int stp_budget_writer_add(stp_budget_writer *w, const char *scenario, const stp_budget *b,
                          int base_year, int64_t students, stp_error *err) {
  (void)err;
  stp_csv_writer *c = w->years;
  for (int y = 0; y < STP_CF_YEARS; y++) {
    bool any = false;
    for (int i = 0; i < STP_BI_COUNT; i++) any |= b->year[y][i] != 0;
    if (!any) continue;
    stp_csv_field(c, scenario);
    stp_csv_int(c, STP_CF_FIRST + y);
    stp_csv_fieldf(c, "%.9f", stp_budget_discount(&b->rates, STP_CF_FIRST + y));
    for (int i = 0; i < STP_BI_COUNT; i++) stp_csv_money(c, b->year[y][i]);
    stp_csv_endrow(c);
  }
  for (int k = 0; k < 2; k++) {
    const stp_money *v = k == 0 ? b->total : b->pv;
    c = w->totals;
    stp_csv_field(c, scenario);
    stp_csv_field(c, k == 0 ? "total" : "pv");
    for (int i = 0; i < STP_BI_COUNT; i++)
      if (i != STP_BI_LOAN_BOOK) stp_csv_money(c, v[i]); /* a stock: no sum over years */
    stp_csv_endrow(c);
  }

  const stp_budget_rates *r = &b->rates;
  c = w->summary;
  stp_csv_field(c, scenario);
  stp_csv_int(c, students);
  stp_csv_int(c, b->entry_years);
  stp_csv_int(c, r->pv_year);
  stp_csv_field(c, r->social ? "social" : "cost-of-funds");
  stp_csv_real(c, r->discount_rate, 6);
  stp_csv_real(c, r->price_growth, 6);
  stp_csv_real(c, r->cost_of_funds, 6);
  stp_csv_real(c, r->tax_rate, 6);
  stp_csv_money(c, b->outlay_pv);
  stp_csv_money(c, b->recovered_pv);
  stp_csv_share(c, b->subsidy_rate);
  stp_csv_share(c, b->loan_subsidy_rate);
  stp_csv_money(c, b->pv[STP_BI_NET_COST]);
  if (students > 0) stp_csv_money(c, stp_div_round(b->pv[STP_BI_NET_COST], students));
  else stp_csv_field(c, "");
  stp_csv_int(c, base_year);
  stp_csv_money(c, stp_budget_net_cost(b, base_year));
  stp_csv_int(c, base_year + 1);
  stp_csv_money(c, stp_budget_net_cost(b, base_year + 1));
  for (int k = 0; k < STP_BUDGET_SENS; k++) stp_csv_share(c, b->sens_subsidy_rate[k]);
  stp_csv_endrow(c);

  c = w->posts;
  for (int k = 0; k < w->bp->nposts; k++) {
    const stp_budget_post *p = &w->bp->posts[k];
    bool known;
    stp_csv_field(c, scenario);
    stp_csv_int(c, p->chapter);
    stp_csv_fieldf(c, "%02d", p->post);
    stp_csv_field(c, p->chapter < 3000 ? "expense" : "income");
    stp_csv_field(c, p->name);
    stp_csv_field(c, p->items);
    const stp_money *vals[] = {year_items(b, base_year), year_items(b, base_year + 1), b->total,
                               b->pv};
    for (int j = 0; j < 4; j++) {
      if (j == 0) stp_csv_int(c, base_year);
      if (j == 1) stp_csv_int(c, base_year + 1);
      stp_money v = stp_budget_post_amount(p, vals[j], &known);
      if (known) stp_csv_money(c, v);
      else stp_csv_field(c, "");
    }
    stp_csv_field(c, p->status);
    stp_csv_endrow(c);
  }
  return STP_OK;
}

int stp_budget_writer_commit(stp_budget_writer *w, stp_error *err) {
  int rc = stp_csv_writer_commit(w->years, err);
  w->years = NULL;
  if (rc == STP_OK) {
    rc = stp_csv_writer_commit(w->totals, err);
    w->totals = NULL;
  }
  if (rc == STP_OK) rc = stp_csv_writer_commit(w->summary, err);
  w->summary = NULL;
  if (rc == STP_OK) rc = stp_csv_writer_commit(w->posts, err);
  w->posts = NULL;
  stp_budget_writer_abort(w);
  return rc;
}

void stp_budget_writer_abort(stp_budget_writer *w) {
  if (!w) return;
  if (w->years) stp_csv_writer_abort(w->years);
  if (w->totals) stp_csv_writer_abort(w->totals);
  if (w->summary) stp_csv_writer_abort(w->summary);
  if (w->posts) stp_csv_writer_abort(w->posts);
  free(w);
}

int stp_budget_of_prepared(struct stp_prepared *x, int threads, stp_budget_params *bp,
                           stp_budget *out, long *simulated, int64_t *students,
                           stp_error *err) {
  stp_compare cmp = {0};
  int rc = stp_budget_params_load(x->datasets, bp, err);
  if (rc == STP_OK) rc = stp_compare_prepared(&x, 1, threads, false, &cmp, err);
  if (rc == STP_OK) {
    stp_budget_rates r = stp_budget_rates_of(&x->sc, bp->tax_rate, stp_scenario_pv_year(&x->sc));
    r.provision_reduction = bp->provision_reduction;
    stp_budget_compute(cmp.flows[0], &r, x->sc.entry_last - x->sc.entry_first + 1, out);
    *simulated = cmp.students;
    *students = cmp.agg[0]->g[STP_GROUP_ALL].students;
  }
  stp_compare_free(&cmp);
  return rc;
}
