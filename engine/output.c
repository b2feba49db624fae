#include "output.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "figures.h"
#include "files.h"
#include "rules/tuition.h"
#include "scenario.h"

/* ---- columns (docs/outputs.md describes each) ---- */

/* summary.csv and groups.csv: the keys, then every summary figure of figures.h. */
static const char *const summary_keys[] = {"scenario", "seed", "horizon_year"};
static const char *const groups_keys[] = {"dimension", "group", "scenario", "seed",
                                          "horizon_year"};
static const char *const cashflow_columns[2 + STP_CASHFLOW_VALUES] = {
    "scenario",         "year",          "paid_out_nok",        "converted_to_grant_nok",
    "interest_charged_nok", "repaid_nok", "written_off_nok",    "interest_relief_nok",
    "tuition_revenue_nok", "outstanding_balance_nok"};
static const char *const distribution_columns[] = {"scenario", "measure", "from", "to",
                                                   "students", "share"};

#define COUNT(arr) ((int)(sizeof arr / sizeof arr[0]))

static int put(const char **cols, int n, const char *const *names, int k) {
  for (int i = 0; i < k; i++) cols[n++] = names[i];
  return n;
}

int stp_table_columns(stp_table_kind kind, const char **cols) {
  int n = 0;
  switch (kind) {
  case STP_TABLE_SUMMARY:
  case STP_TABLE_GROUPS:
    n = kind == STP_TABLE_SUMMARY ? put(cols, 0, summary_keys, COUNT(summary_keys))
                                  : put(cols, 0, groups_keys, COUNT(groups_keys));
    for (int i = 0; i < STP_FIGURES; i++)
      if (stp_figure_in_summary(i)) cols[n++] = stp_figure_name(i);
    return n;
  case STP_TABLE_CASHFLOW: return put(cols, 0, cashflow_columns, COUNT(cashflow_columns));
  case STP_TABLE_DISTRIBUTION:
    return put(cols, 0, distribution_columns, COUNT(distribution_columns));
  }
  return 0;
}

/* ---- cells ---- */

static void share(stp_csv_writer *c, int64_t num, int64_t den) {
  if (den > 0) stp_csv_real(c, (double)num / (double)den, 6);
  else stp_csv_field(c, "");
}

/* The statistics columns of one group: the keys, then the summary figures. */
static void write_stats(stp_csv_writer *c, const char *scenario, const stp_summary_meta *m,
                        const stp_group_acc *g) {
  stp_csv_field(c, scenario);
  stp_csv_fieldf(c, "%llu", (unsigned long long)m->seed);
  stp_csv_int(c, m->horizon_year);
  stp_figures h;
  stp_figures_of(g, &h);
  for (int i = 0; i < STP_FIGURES; i++)
    if (stp_figure_in_summary(i)) stp_figure_csv(c, stp_figure_kind(i), &h.f[i]);
  stp_csv_endrow(c);
}

bool stp_cashflow_row(const stp_cashflow *f, int y, stp_money v[STP_CASHFLOW_VALUES]) {
  const stp_money row[STP_CASHFLOW_VALUES] = {f->paid_out[y],    f->converted[y], f->interest[y],
                                              f->repaid[y],      f->written_off[y], f->relief[y],
                                              f->tuition[y],     f->outstanding[y]};
  bool any = false;
  for (int i = 0; i < STP_CASHFLOW_VALUES; i++) any |= (v[i] = row[i]) != 0;
  return any;
}

static void write_cashflow_rows(stp_csv_writer *c, const char *scenario, const stp_cashflow *f) {
  for (int y = 0; y < STP_CF_YEARS; y++) {
    stp_money v[STP_CASHFLOW_VALUES];
    if (!stp_cashflow_row(f, y, v)) continue;
    stp_csv_field(c, scenario);
    stp_csv_int(c, STP_CF_FIRST + y);
    for (int i = 0; i < STP_CASHFLOW_VALUES; i++) stp_csv_money(c, v[i]);
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
  const char *cols[STP_TABLE_MAX_COLUMNS];
  int ncols = stp_table_columns(kind, cols);
  if (!path || !*path) return stp_fail(err, STP_EINVAL, "output: no file name given");
  if (!ncols) return stp_fail(err, STP_EINVAL, "%s: unknown table kind %d", path, (int)kind);
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
  char why[200];
  /* The first cell of a row: never a spreadsheet formula, always UTF-8 (files.h). */
  if (!stp_safe_name(scenario, why, sizeof why))
    return stp_fail(err, STP_EINVAL, "output: scenario name %s", why);
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

/* ---- students.csv ---- */

void stp_students_header(stp_csv_writer *w) {
  static const char *h[] = {
      "id", "weight", "entry_year", "birth_year", "sex", "level", "funding_category", "non_eea",
      "exemption", "at_home", "children", "disability", "region", "years_enrolled",
      "completed", "earnings_decile", "paid_out_nok", "grant_nok", "loan_nok",
      "prior_debt_nok", "tuition_nok", "semester_fees_nok", "debt_end_study_nok",
      "interest_nok", "interest_relief_nok", "repaid_nok", "written_off_nok", "defaulted_nok",
      "outstanding_nok", "carried_on_nok", "repay_months",
      "deferred_first_year", "means_reduced", "means_loan_only", "end"};
  for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) stp_csv_field(w, h[i]);
  stp_csv_endrow(w);
}

/* The texts of a row: sex, level, funding category, exemption, end, entry year (academic,
   "2021-22" as in the microdata), region (as in the microdata). */
enum { NTEXT = 7 };

/* The row field by field through the CSV writer: the definition of the format. */
static void students_row_fields(stp_csv_writer *w, const stp_student *s, const stp_outcome *o,
                                const char *const text[NTEXT]) {
  stp_csv_int(w, (long long)s->id);
  stp_csv_int(w, (long long)stp_student_weight(s));
  stp_csv_field(w, text[5]);
  stp_csv_int(w, s->birth_year);
  stp_csv_field(w, text[0]);
  stp_csv_field(w, text[1]);
  stp_csv_field(w, text[2]);
  stp_csv_int(w, s->non_eea);
  stp_csv_field(w, text[3]);
  stp_csv_int(w, s->at_home);
  stp_csv_int(w, s->children);
  stp_csv_int(w, s->disability);
  stp_csv_field(w, text[6]);
  stp_csv_int(w, s->years);
  stp_csv_int(w, s->completed);
  stp_csv_int(w, o->earnings_decile + 1);
  stp_csv_money(w, o->paid_out);
  stp_csv_money(w, o->grant);
  stp_csv_money(w, o->loan);
  stp_csv_money(w, o->prior_debt);
  stp_csv_money(w, o->tuition);
  stp_csv_money(w, o->semester_fees);
  stp_csv_money(w, o->debt_end_study);
  stp_csv_money(w, o->interest);
  stp_csv_money(w, o->relief);
  stp_csv_money(w, o->repaid);
  stp_csv_money(w, o->written_off);
  stp_csv_money(w, o->defaulted);
  stp_csv_money(w, o->outstanding);
  stp_csv_money(w, o->transferred);
  stp_csv_int(w, o->repay_months);
  stp_csv_int(w, o->deferred_first_year);
  stp_csv_int(w, o->means_reduced);
  stp_csv_int(w, o->means_loan_only);
  stp_csv_field(w, text[4]);
  stp_csv_endrow(w);
}

/* The same bytes formatted here: "%lld" for integers, stp_money_format's "[-]NOK.øø" for
   money, bare text (students_row_fields falls back where a text would need quotes). A row
   through the writer's printf and stdio calls cost several microseconds, more than the
   student's whole lifecycle. */
static char *put_uint(char *p, unsigned long long v) {
  char d[20];
  int n = 0;
  do d[n++] = (char)('0' + v % 10);
  while (v /= 10);
  while (n) *p++ = d[--n];
  return p;
}

static char *put_int(char *p, long long v) {
  if (v < 0) {
    *p++ = '-';
    return put_uint(p, 0ULL - (unsigned long long)v);
  }
  return put_uint(p, (unsigned long long)v);
}

static char *put_money(char *p, long long ore) {
  unsigned long long a = (unsigned long long)ore;
  if (ore < 0) {
    *p++ = '-';
    a = (unsigned long long)(-(ore + 1)) + 1;
  }
  p = put_uint(p, a / 100);
  *p++ = '.';
  *p++ = (char)('0' + a % 100 / 10);
  *p++ = (char)('0' + a % 10);
  return p;
}

static char *put_text(char *p, const char *t) {
  while (*t) *p++ = *t++;
  return p;
}

/* stp_csv_field writes these bare (no quotes). */
static bool bare(const char *t) { return !strpbrk(t, ",\"\r\n") && t[0] != ' '; }

void stp_students_row(stp_csv_writer *w, const stp_student *s, const stp_outcome *o) {
  static const char *cats = "ABCDEF";
  char cat[2] = {cats[s->funding_category < 6 ? s->funding_category : 5], 0};
  char entry[16];
  const char *ex = stp_exemption_name((stp_exemption)s->exemption);
  const char *level = stp_level_name(s->level < STP_LEVEL_COUNT ? s->level : 0);
  const char *region = stp_region_name(s->region);
  const char *text[NTEXT] = {s->sex ? "male" : "female", level,
                             cat, ex ? ex : "", stp_end_name(o->end),
                             stp_scenario_year_name(s->entry_year, entry, sizeof entry),
                             region ? region : ""};
  size_t len = 0;
  for (int i = 0; i < NTEXT; i++) {
    if (!bare(text[i])) {
      students_row_fields(w, s, o, text);
      return;
    }
    len += strlen(text[i]);
  }
  /* 29 numbers of at most 21 characters, 35 separators, the texts */
  char buf[29 * 21 + 35 + 256];
  if (len > 256) {
    students_row_fields(w, s, o, text);
    return;
  }
  char *p = buf;
  p = put_int(p, (long long)s->id);
  *p++ = ',';
  p = put_int(p, (long long)stp_student_weight(s));
  *p++ = ',';
  p = put_text(p, text[5]);
  *p++ = ',';
  p = put_int(p, s->birth_year);
  for (int i = 0; i < 3; i++) {
    *p++ = ',';
    p = put_text(p, text[i]);
  }
  *p++ = ',';
  p = put_int(p, s->non_eea);
  *p++ = ',';
  p = put_text(p, text[3]);
  const long long ints[] = {s->at_home, s->children, s->disability};
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    *p++ = ',';
    p = put_int(p, ints[i]);
  }
  *p++ = ',';
  p = put_text(p, text[6]);
  const long long ints2[] = {s->years, s->completed, o->earnings_decile + 1};
  for (size_t i = 0; i < sizeof ints2 / sizeof ints2[0]; i++) {
    *p++ = ',';
    p = put_int(p, ints2[i]);
  }
  const stp_money money[] = {o->paid_out,      o->grant,          o->loan,
                             o->prior_debt,    o->tuition,        o->semester_fees,
                             o->debt_end_study, o->interest,      o->relief,
                             o->repaid,        o->written_off,    o->defaulted,
                             o->outstanding,   o->transferred};
  for (size_t i = 0; i < sizeof money / sizeof money[0]; i++) {
    *p++ = ',';
    p = put_money(p, money[i]);
  }
  const long long tail[] = {o->repay_months, o->deferred_first_year, o->means_reduced,
                            o->means_loan_only};
  for (size_t i = 0; i < sizeof tail / sizeof tail[0]; i++) {
    *p++ = ',';
    p = put_int(p, tail[i]);
  }
  *p++ = ',';
  p = put_text(p, text[4]);
  *p++ = '\n';
  stp_csv_raw(w, buf, (size_t)(p - buf));
}
