#include "output.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"

/* ---- columns (docs/outputs.md describes each) ---- */

#define STATS_COLUMNS                                                                        \
  "scenario", "seed", "horizon_year", "students", "supported", "borrowers", "paid_out_nok",  \
      "grants_nok", "loans_nok", "debt_end_study_mean_nok", "debt_end_study_p10_nok",        \
      "debt_end_study_p25_nok", "debt_end_study_p50_nok", "debt_end_study_p75_nok",          \
      "debt_end_study_p90_nok", "years_to_repay_mean_years", "years_to_repay_p50_years",     \
      "repaid_full_share", "written_off_nok", "defaulted_nok", "interest_charged_nok",       \
      "interest_relief_nok", "repaid_nok", "outstanding_nok", "tuition_paid_nok",            \
      "semester_fees_nok", "means_reduced_share", "means_loan_only_share", "completed_share", \
      "deferred_first_year_share", "terminated_share"

static const char *const summary_columns[] = {STATS_COLUMNS};
static const char *const groups_columns[] = {"dimension", "group", STATS_COLUMNS};
static const char *const cashflow_columns[] = {
    "scenario",         "year",          "paid_out_nok",        "converted_to_grant_nok",
    "interest_charged_nok", "repaid_nok", "written_off_nok",    "interest_relief_nok",
    "tuition_revenue_nok", "outstanding_balance_nok"};
static const char *const distribution_columns[] = {"scenario", "measure", "from", "to",
                                                   "students", "share"};

#define COUNT(arr) ((int)(sizeof arr / sizeof arr[0]))

const char *const *stp_table_columns(stp_table_kind kind, int *n) {
  switch (kind) {
  case STP_TABLE_SUMMARY: *n = COUNT(summary_columns); return summary_columns;
  case STP_TABLE_GROUPS: *n = COUNT(groups_columns); return groups_columns;
  case STP_TABLE_CASHFLOW: *n = COUNT(cashflow_columns); return cashflow_columns;
  case STP_TABLE_DISTRIBUTION: *n = COUNT(distribution_columns); return distribution_columns;
  }
  *n = 0;
  return NULL;
}

/* ---- cells ---- */

static const double quantiles[] = {0.10, 0.25, 0.50, 0.75, 0.90};

static void share(stp_csv_writer *c, int64_t num, int64_t den) {
  if (den > 0) stp_csv_real(c, (double)num / (double)den, 6);
  else stp_csv_field(c, "");
}

static void years(stp_csv_writer *c, double y) {
  if (isnan(y)) stp_csv_field(c, "");
  else stp_csv_real(c, y, 3);
}

/* The statistics columns of one group (STATS_COLUMNS, in that order). */
static void write_stats(stp_csv_writer *c, const char *scenario, const stp_summary_meta *m,
                        const stp_group_acc *g) {
  stp_csv_field(c, scenario);
  stp_csv_fieldf(c, "%llu", (unsigned long long)m->seed);
  stp_csv_int(c, m->horizon_year);
  stp_csv_int(c, g->students);
  stp_csv_int(c, g->supported);
  stp_csv_int(c, g->borrowers);
  stp_csv_money(c, g->paid_out);
  stp_csv_money(c, g->grant);
  stp_csv_money(c, g->loan);
  if (g->borrowers > 0) {
    stp_csv_money(c, stp_div_round(g->debt_end_study, g->borrowers));
    for (int i = 0; i < COUNT(quantiles); i++)
      stp_csv_money(c, stp_agg_debt_quantile(g, quantiles[i]));
  } else {
    for (int i = 0; i <= COUNT(quantiles); i++) stp_csv_field(c, "");
  }
  years(c, g->repay_count > 0 ? (double)g->repay_months_sum / (double)g->repay_count / 12.0
                              : NAN);
  years(c, stp_agg_repay_years_quantile(g, 0.5));
  share(c, g->repaid_full, g->borrowers);
  stp_csv_money(c, g->written_off);
  stp_csv_money(c, g->defaulted);
  stp_csv_money(c, g->interest);
  stp_csv_money(c, g->relief);
  stp_csv_money(c, g->repaid);
  stp_csv_money(c, g->outstanding);
  stp_csv_money(c, g->tuition);
  stp_csv_money(c, g->semester_fees);
  share(c, g->means_reduced, g->means_tested);
  share(c, g->means_loan_only, g->means_tested);
  share(c, g->completed, g->students);
  share(c, g->deferred_first_year, g->borrowers);
  share(c, g->ended[STP_END_DEFAULT], g->borrowers);
  stp_csv_endrow(c);
}

static void write_cashflow_rows(stp_csv_writer *c, const char *scenario, const stp_cashflow *f) {
  for (int y = 0; y < STP_CF_YEARS; y++) {
    const stp_money v[] = {f->paid_out[y], f->converted[y],   f->interest[y], f->repaid[y],
                           f->written_off[y], f->relief[y], f->tuition[y],  f->outstanding[y]};
    bool any = false;
    for (int i = 0; i < COUNT(v); i++) any |= v[i] != 0;
    if (!any) continue;
    stp_csv_field(c, scenario);
    stp_csv_int(c, STP_CF_FIRST + y);
    for (int i = 0; i < COUNT(v); i++) stp_csv_money(c, v[i]);
    stp_csv_endrow(c);
  }
}

/* Histograms of the ALL group, coarsened for plotting: debt at end of study in NOK 10 000
   bins (measure "debt_end_study_nok", from/to in NOK) and years to repay in whole years
   ("years_to_repay_years"); only bins with students; the open last bins end at the maximum. */
static void write_distribution_rows(stp_csv_writer *c, const char *scenario,
                                    const stp_group_acc *g) {
  enum { DEBT_MERGE = 20, REPAY_MERGE = 12 };
  for (int b = 0; b < STP_DEBT_BINS; b += DEBT_MERGE) {
    int64_t n = 0;
    for (int i = b; i < b + DEBT_MERGE && i < STP_DEBT_BINS; i++) n += g->debt_hist[i];
    if (n == 0) continue;
    bool open = b + DEBT_MERGE > STP_DEBT_OPEN_BIN;
    stp_csv_field(c, scenario);
    stp_csv_field(c, "debt_end_study_nok");
    stp_csv_money(c, (stp_money)b * STP_DEBT_BIN_WIDTH);
    stp_csv_money(c, open ? g->debt_max : (stp_money)(b + DEBT_MERGE) * STP_DEBT_BIN_WIDTH);
    stp_csv_int(c, n);
    share(c, n, g->borrowers);
    stp_csv_endrow(c);
  }
  for (int b = 0; b < STP_REPAY_BINS; b += REPAY_MERGE) {
    int64_t n = 0;
    for (int i = b; i < b + REPAY_MERGE && i < STP_REPAY_BINS; i++) n += g->repay_hist[i];
    if (n == 0) continue;
    bool open = b + REPAY_MERGE > STP_REPAY_OPEN_BIN;
    stp_csv_field(c, scenario);
    stp_csv_field(c, "years_to_repay_years");
    stp_csv_int(c, b / REPAY_MERGE);
    if (open) stp_csv_real(c, (double)g->repay_months_max / 12.0, 3);
    else stp_csv_int(c, b / REPAY_MERGE + 1);
    stp_csv_int(c, n);
    share(c, n, g->repay_count);
    stp_csv_endrow(c);
  }
}

/* ---- tables ---- */

struct stp_table_writer {
  stp_csv_writer *csv;
  stp_table_kind kind;
};

int stp_table_open(const char *path, stp_table_kind kind, stp_table_writer **out,
                   stp_error *err) {
  int ncols;
  const char *const *cols = stp_table_columns(kind, &ncols);
  if (!path || !*path) return stp_fail(err, STP_EINVAL, "output: no file name given");
  if (!cols) return stp_fail(err, STP_EINVAL, "%s: unknown table kind %d", path, (int)kind);
  stp_table_writer *w = calloc(1, sizeof *w);
  if (!w) return stp_fail(err, STP_ENOMEM, "%s: out of memory", path);
  w->kind = kind;
  if (strcmp(path, "-") == 0) {
    w->csv = stp_csv_writer_stdout();
    if (!w->csv) {
      free(w);
      return stp_fail(err, STP_ENOMEM, "stdout: out of memory");
    }
  } else {
    int rc = stp_csv_writer_open(path, &w->csv, err);
    if (rc != STP_OK) {
      free(w);
      return rc;
    }
  }
  for (int i = 0; i < ncols; i++) stp_csv_field(w->csv, cols[i]);
  stp_csv_endrow(w->csv);
  *out = w;
  return STP_OK;
}

int stp_table_add(stp_table_writer *w, const char *scenario, const stp_agg *a,
                  const stp_summary_meta *meta, stp_error *err) {
  if (!scenario || !*scenario)
    return stp_fail(err, STP_EINVAL, "output: a scenario needs a non-empty name");
  if (!a) return stp_fail(err, STP_EINVAL, "output: scenario '%s' has no results", scenario);
  if (!meta && (w->kind == STP_TABLE_SUMMARY || w->kind == STP_TABLE_GROUPS))
    return stp_fail(err, STP_EINVAL, "output: scenario '%s' has no seed or horizon", scenario);
  switch (w->kind) {
  case STP_TABLE_SUMMARY: write_stats(w->csv, scenario, meta, &a->g[STP_GROUP_ALL]); break;
  case STP_TABLE_GROUPS:
    for (int g = 0; g < STP_NGROUPS; g++) {
      stp_csv_field(w->csv, stp_group_dimension(g));
      stp_csv_field(w->csv, stp_group_name(g));
      write_stats(w->csv, scenario, meta, &a->g[g]);
    }
    break;
  case STP_TABLE_CASHFLOW: write_cashflow_rows(w->csv, scenario, &a->cf); break;
  case STP_TABLE_DISTRIBUTION:
    write_distribution_rows(w->csv, scenario, &a->g[STP_GROUP_ALL]);
    break;
  }
  return STP_OK;
}

int stp_table_commit(stp_table_writer *w, stp_error *err) {
  if (!w) return STP_OK;
  int rc = stp_csv_writer_commit(w->csv, err);
  free(w);
  return rc;
}

void stp_table_abort(stp_table_writer *w) {
  if (!w) return;
  stp_csv_writer_abort(w->csv);
  free(w);
}

static int write_one(const char *path, stp_table_kind kind, const char *scenario,
                     const stp_agg *a, const stp_summary_meta *meta, stp_error *err) {
  stp_table_writer *w;
  int rc = stp_table_open(path, kind, &w, err);
  if (rc != STP_OK) return rc;
  rc = stp_table_add(w, scenario, a, meta, err);
  if (rc != STP_OK) {
    stp_table_abort(w);
    return rc;
  }
  return stp_table_commit(w, err);
}

int stp_write_summary(const char *path, const char *scenario_name, const stp_agg *a,
                      const stp_summary_meta *meta, stp_error *err) {
  return write_one(path, STP_TABLE_SUMMARY, scenario_name, a, meta, err);
}

int stp_write_groups(const char *path, const char *scenario, const stp_agg *a,
                     const stp_summary_meta *meta, stp_error *err) {
  return write_one(path, STP_TABLE_GROUPS, scenario, a, meta, err);
}

int stp_write_cashflow(const char *path, const char *scenario, const stp_agg *a,
                       stp_error *err) {
  return write_one(path, STP_TABLE_CASHFLOW, scenario, a, NULL, err);
}

int stp_write_distribution(const char *path, const char *scenario, const stp_agg *a,
                           stp_error *err) {
  return write_one(path, STP_TABLE_DISTRIBUTION, scenario, a, NULL, err);
}
