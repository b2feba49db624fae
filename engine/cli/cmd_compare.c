/* cmd_compare.c: `stipend compare BASELINE REFORM...`: every scenario on the same students,
   the standard tables for each, the differences, winners and losers, the state budget and
   the evidence table (docs/analytics.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregate.h"
#include "analytics/budget.h"
#include "analytics/compare.h"
#include "analytics/evidence.h"
#include "figures.h"
#include "analytics/report.h"
#include "analytics/replicate.h"
#include "csvio.h"
#include "cli/cli.h"
#include "cli/prepare.h"
#include "output.h"
#include "datasets.h"
#include "params.h"
#include "rules/support.h"
#include "scenario.h"

static const cli_opt compare_opts[] = {
    {"out", "DIR", "results folder (default: results/compare-<baseline name>)"},
    {"follow-symlinks", NULL, "--out may be a symbolic link: replace what it points to"},
    {"size", "N", "students (default: the scenarios' [cohort] size)"},
    {"sample", "SHARE", "population mode: this share of Norway's students (0.05); national totals"},
    {"seed", "N", "seed (default: the scenarios' [run] seed)"},
    {"threads", "N", "OpenMP threads (default: all cores); results do not depend on it"},
    {"replications", "N", "independent comparisons (default: the baseline's [run] replications)"},
    {"set", "SECTION.KEY=VALUE", "override a value of every reform, not the baseline (repeatable)"},
    {"quiet", NULL, "no progress line"},
    {"datasets", "DIR", "parameter datasets directory"},
    {"lang", "nb|en", "language of report.html (default en)"},
    {"no-report", NULL, "do not write report.html"},
    {NULL, NULL, NULL}};

#define MAXS STP_COMPARE_MAX_SCENARIOS

/* Every scenario of a comparison lives on one cohort: the same students, drawn once. */
static int check_cohort(const cli_command *cmd, const char *bfile, const stp_scenario *b,
                        const char *file, const stp_scenario *s) {
  const char *why = "every scenario of a comparison must share the cohort (size or population "
                    "and sample, seed, entry years, calibration, source)";
  char bv[640], sv[640];
  const char *key = NULL;
  if (s->source != b->source) {
    key = "[cohort] source";
    snprintf(sv, sizeof sv, "%s", s->source == STP_COHORT_MICRODATA ? "microdata" : "synthetic");
    snprintf(bv, sizeof bv, "%s", b->source == STP_COHORT_MICRODATA ? "microdata" : "synthetic");
  } else if (b->source == STP_COHORT_MICRODATA && strcmp(s->microdata, b->microdata) != 0) {
    key = "[cohort] microdata";
    snprintf(sv, sizeof sv, "%s", s->microdata);
    snprintf(bv, sizeof bv, "%s", b->microdata);
  } else if (s->population != b->population) {
    key = "[cohort] population";
    snprintf(sv, sizeof sv, "%s", s->population ? "norway" : "none");
    snprintf(bv, sizeof bv, "%s", b->population ? "norway" : "none");
  } else if (b->population && s->sample != b->sample) {
    key = "[cohort] sample";
    snprintf(sv, sizeof sv, "%g", s->sample);
    snprintf(bv, sizeof bv, "%g", b->sample);
  } else if (b->source == STP_COHORT_SYNTHETIC && s->size != b->size) {
    key = "[cohort] size";
    snprintf(sv, sizeof sv, "%ld students", s->size);
    snprintf(bv, sizeof bv, "%ld", b->size);
  } else if (s->seed != b->seed) {
    key = "[run] seed";
    snprintf(sv, sizeof sv, "%llu", (unsigned long long)s->seed);
    snprintf(bv, sizeof bv, "%llu", (unsigned long long)b->seed);
  } else if (s->entry_first != b->entry_first || s->entry_last != b->entry_last) {
    char a1[16], a2[16], b1[16], b2[16];
    key = "[run] entry_years";
    snprintf(sv, sizeof sv, "%s:%s", stp_scenario_year_name(s->entry_first, a1, sizeof a1),
             stp_scenario_year_name(s->entry_last, a2, sizeof a2));
    snprintf(bv, sizeof bv, "%s:%s", stp_scenario_year_name(b->entry_first, b1, sizeof b1),
             stp_scenario_year_name(b->entry_last, b2, sizeof b2));
  } else if (strcmp(s->calibration, b->calibration) != 0) {
    key = "[cohort] calibration";
    snprintf(sv, sizeof sv, "%s", s->calibration);
    snprintf(bv, sizeof bv, "%s", b->calibration);
  }
  if (!key) return 0;
  fprintf(stderr, "stipend %s: %s: %s: %s, but the baseline %s has %s: %s\n", cmd->name, file,
          key, sv, bfile, bv, why);
  return 2;
}

/* Basic support a month of full-time study in academic year y, to the øre. */
static stp_money support_month(const stp_params *p, int y) {
  const stp_year_params *yp = stp_params_year(p, y);
  return yp && yp->support_months > 0 ? stp_basic_monthly(yp) : 0;
}

static double grant_share(const stp_params *p, int y) {
  const stp_year_params *yp = stp_params_year(p, y);
  return yp ? yp->conversion_max_share : 0;
}

/* The command line that reproduces the results (without --out, --threads, --quiet). */
static void command_line(const cli_command *cmd, const cli_args *a, char *buf, size_t n) {
  size_t o = (size_t)snprintf(buf, n, "stipend %s", cmd->name);
  const char *opt[] = {"size", "sample", "seed", "replications", "datasets", "lang"};
  for (int i = 0; i < a->npositional && o < n; i++)
    o += (size_t)snprintf(buf + o, n - o, " %s", a->positional[i]);
  for (int i = 0; i < 6 && o < n; i++) {
    const char *v = cli_get(cmd, a, opt[i]);
    if (v) o += (size_t)snprintf(buf + o, n - o, " --%s %s", opt[i], v);
  }
  for (int i = 0; i < a->nsets && o < n; i++)
    o += (size_t)snprintf(buf + o, n - o, strchr(a->sets[i], ' ') ? " --set '%s'" : " --set %s",
                          a->sets[i]);
}

static int write_tables(const char *dir, stp_prepared *const *x, int n, const stp_compare *c,
                        stp_error *err) {
  static const struct {
    stp_table_kind kind;
    const char *file;
  } tables[] = {{STP_TABLE_SUMMARY, "summary.csv"},
                {STP_TABLE_GROUPS, "groups.csv"},
                {STP_TABLE_CASHFLOW, "cashflow.csv"},
                {STP_TABLE_DISTRIBUTION, "distribution.csv"}};
  char path[1200];
  for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
    stp_table_writer *w;
    snprintf(path, sizeof path, "%s/%s", dir, tables[t].file);
    int rc = stp_table_open(path, tables[t].kind, &w, err);
    for (int k = 0; rc == STP_OK && k < n; k++) {
      stp_summary_meta meta = {.seed = x[k]->sc.seed, .horizon_year = STP_MAX_YEAR};
      rc = stp_table_add(w, x[k]->sc.name, c->agg[k], &meta, err);
    }
    if (rc == STP_OK) rc = stp_table_commit(w, err);
    else stp_table_abort(w);
    if (rc) return rc;
  }
  return STP_OK;
}

/* ---- replications of a comparison ----
   Replication 1 is the comparison whose files were written; replication k >= 2 runs every
   scenario again on the cohort of seed stp_replication_seed(seed, k). For each reform, every
   headline figure's difference from the baseline (and the difference in net cost to the state
   in present value) gets a mean and a 95 % t-interval over the replications. */

/* Reform minus baseline, figure by figure (empty if either is). */
static void headline_difference(const stp_agg *base, const stp_agg *reform, stp_figures *d) {
  stp_figures hb, hr;
  stp_figures_of(&base->g[STP_GROUP_ALL], &hb);
  stp_figures_of(&reform->g[STP_GROUP_ALL], &hr);
  for (int i = 0; i < STP_FIGURES; i++) {
    d->f[i].empty = hb.f[i].empty || hr.f[i].empty;
    d->f[i].exact = hr.f[i].exact - hb.f[i].exact;
    d->f[i].real = hr.f[i].real - hb.f[i].real;
  }
}

typedef struct welford {
  long n;
  double mean, m2, min, max;
} welford;

static void welford_add(welford *w, double x) {
  w->n++;
  double delta = x - w->mean;
  w->mean += delta / (double)w->n;
  w->m2 += delta * (x - w->mean);
  if (w->n == 1 || x < w->min) w->min = x;
  if (w->n == 1 || x > w->max) w->max = x;
}

/* One row: money in NOK (values in øre), the rest in the figure's own unit. */
static void repl_row(stp_csv_writer *w, const char *reform, const char *measure,
                     stp_fig_kind kind, const stp_repl_summary *r) {
  double scale = kind == STP_FIG_MONEY ? 0.01 : 1.0;
  int dec = kind == STP_FIG_MONEY ? 2 : kind == STP_FIG_SHARE ? 6 : 3;
  stp_csv_field(w, reform);
  stp_csv_field(w, measure);
  stp_csv_int(w, r->n);
  const double v[] = {r->mean, r->sd, r->lo, r->hi, r->min, r->max};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    if (r->n == 0 || isnan(v[i])) stp_csv_field(w, "");
    else stp_csv_real(w, v[i] * scale, dec);
  }
  stp_csv_endrow(w);
}

typedef struct repl_state {
  stp_repl_stats *fig[MAXS]; /* per reform: headline differences */
  welford pv[MAXS];          /* per reform: difference in net cost, present value, øre */
  welford ev[MAXS][STP_EVIDENCE_MEASURES]; /* per reform: each evidence.csv change */
  int nev;
} repl_state;

/* One comparison's differences; e is the first comparison's evidence, whose figures are
   taken again on this comparison's totals, budgets and gains. */
static void repl_add(repl_state *st, int n, const stp_compare *c, stp_budget *const *budget,
                     const stp_evidence *e) {
  stp_evidence er = *e;
  er.cmp = c;
  for (int k = 0; k < n; k++) {
    er.sc[k].agg = c->agg[k];
    er.sc[k].budget = budget[k];
  }
  for (int k = 1; k < n; k++) {
    stp_figures d;
    headline_difference(c->agg[0], c->agg[k], &d);
    stp_repl_add(st->fig[k], &d);
    welford_add(&st->pv[k], (double)(budget[k]->pv[STP_BI_NET_COST] -
                                     budget[0]->pv[STP_BI_NET_COST]));
    double ch[STP_EVIDENCE_MEASURES];
    st->nev = stp_evidence_changes(&er, k, ch);
    for (int i = 0; i < st->nev; i++)
      if (!isnan(ch[i])) welford_add(&st->ev[k][i], ch[i]);
  }
}

/* A mean and 95 % t-interval from w (NaN for fewer than two values). */
static void interval_of(const welford *w, double *mean, double *lo, double *hi) {
  if (w->n < 2) {
    *mean = *lo = *hi = NAN;
    return;
  }
  double sd = sqrt(w->m2 / (double)(w->n - 1));
  double half = stp_t975(w->n - 1) * sd / sqrt((double)w->n);
  *mean = w->mean;
  *lo = w->mean - half;
  *hi = w->mean + half;
}

static void budgets_of(const stp_compare *c, stp_prepared *const *x, int n,
                       const stp_budget_params *bp, int base_year, int entry_years,
                       stp_budget *const *budget) {
  for (int k = 0; k < n; k++) {
    stp_budget_rates r = stp_budget_rates_of(&x[k]->sc, bp->tax_rate, base_year);
    stp_budget_compute(c->flows[k], &r, entry_years, budget[k]);
  }
}

/* replications.csv, and each evidence figure's mean and interval into e. */
static int compare_replications(const char *dir, stp_prepared *const *x, int n,
                                const stp_compare_scenario *sc,
                                stp_compare_opts o, const stp_compare *first,
                                stp_budget *const *budget1, const stp_budget_params *bp,
                                int entry_years, long nrep, stp_evidence *e, stp_error *err) {
  repl_state st = {0};
  stp_budget *bud[MAXS] = {0};
  int rc = STP_OK;
  for (int k = 1; k < n; k++)
    if (!(st.fig[k] = stp_repl_alloc())) rc = stp_fail(err, STP_ENOMEM, "out of memory");
  for (int k = 0; k < n && rc == STP_OK; k++)
    if (!(bud[k] = malloc(sizeof *bud[k]))) rc = stp_fail(err, STP_ENOMEM, "out of memory");
  if (rc == STP_OK) repl_add(&st, n, first, budget1, e);
  uint64_t seed = o.seed;
  for (long r = 2; r <= nrep && rc == STP_OK; r++) {
    o.seed = stp_replication_seed(seed, (int)r);
    for (int k = 0; k < n; k++) x[k]->ctx.seed = o.seed;
    stp_compare c;
    if ((rc = stp_compare_run(sc, n, &o, &c, err)) != STP_OK) break;
    if (c.invariant_failures > 0)
      rc = stp_fail(err, STP_ERANGE, "%ld student-scenarios broke an accounting identity (a bug)",
                    c.invariant_failures);
    if (rc == STP_OK) {
      budgets_of(&c, x, n, bp, stp_scenario_pv_year(&x[0]->sc), entry_years, bud);
      repl_add(&st, n, &c, bud, e);
    }
    stp_compare_free(&c);
  }
  char path[1200];
  snprintf(path, sizeof path, "%s/replications.csv", dir);
  stp_csv_writer *w = NULL;
  if (rc == STP_OK && (rc = stp_csv_writer_open(path, &w, err)) == STP_OK) {
    const char *h[] = {"reform", "measure", "replications", "mean", "sd", "ci95_low",
                       "ci95_high", "min", "max"};
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) stp_csv_field(w, h[i]);
    stp_csv_endrow(w);
    for (int k = 1; k < n; k++) {
      welford *p = &st.pv[k];
      double sd = p->n > 1 ? sqrt(p->m2 / (double)(p->n - 1)) : NAN;
      double half = p->n > 1 ? stp_t975(p->n - 1) * sd / sqrt((double)p->n) : NAN;
      stp_repl_summary s = {.n = p->n, .mean = p->mean, .sd = sd, .lo = p->mean - half,
                            .hi = p->mean + half, .min = p->min, .max = p->max};
      repl_row(w, x[k]->sc.name, "net_cost_pv_nok", STP_FIG_MONEY, &s);
      for (int i = 0; i < STP_FIGURES; i++) {
        stp_repl_get(st.fig[k], i, &s);
        repl_row(w, x[k]->sc.name, stp_figure_name(i), stp_figure_kind(i), &s);
      }
    }
    rc = stp_csv_writer_commit(w, err);
  }
  if (rc == STP_OK) {
    e->replications = (int)nrep;
    for (int k = 1; k < n; k++)
      for (int i = 0; i < st.nev; i++)
        interval_of(&st.ev[k][i], &e->mean[k][i], &e->lo[k][i], &e->hi[k][i]);
  }
  for (int k = 0; k < n; k++) {
    stp_repl_free(st.fig[k]);
    free(bud[k]);
  }
  return rc;
}

static int cmd_compare(const cli_command *cmd, const cli_args *a) {
  int n = a->npositional;
  if (n > MAXS)
    return cli_usage_error(cmd, "at most %d scenarios (a baseline and %d reforms)", MAXS, MAXS - 1);
  stp_lang lang = STP_LANG_EN;
  const char *lang_text = cli_get(cmd, a, "lang");
  if (lang_text && stp_lang_parse(lang_text, &lang) != STP_OK)
    return cli_usage_error(cmd, "--lang: '%s' is not nb or en", lang_text);
  stp_prepared *x[MAXS] = {0};
  int rc = 0, threads = 0;
  stp_error err = {0};
  stp_compare cmp = {0};
  stp_budget *budget[MAXS] = {0};
  stp_budget_writer *bw = NULL;
  stp_resultset *set = NULL;
  stp_budget_params bp;
  const char *names[MAXS];

  for (int k = 0; k < n && rc == 0; k++) {
    cli_args ak = *a;
    if (k == 0) ak.nsets = 0; /* --set makes reforms; the baseline is its file */
    /* Each scenario's rules on the baseline's students: one set of decile thresholds. */
    stp_prepare_opts po = {.deciles = k ? x[0]->ctx.earn_deciles : NULL,
                           .cohort_of = k ? x[0] : NULL};
    rc = cli_prepare(cmd, &ak, a->positional[k], &po, &x[k]);
  }
  if (rc) goto out;
  for (int k = 1; k < n && rc == 0; k++)
    rc = check_cohort(cmd, a->positional[0], &x[0]->sc, a->positional[k], &x[k]->sc);
  for (int k = 0; k < n && rc == 0; k++)
    for (int j = 0; j < k && rc == 0; j++)
      if (strcmp(x[k]->sc.name, x[j]->sc.name) == 0) {
        fprintf(stderr,
                "stipend %s: %s: [run] name: '%s' is also the name of %s: the scenarios of a "
                "comparison need distinct names (give one with --set run.name=NAME)\n",
                cmd->name, a->positional[k], x[k]->sc.name, a->positional[j]);
        rc = 2;
      }
  if (rc || (rc = cli_threads_opt(cmd, a, &threads))) goto out;
  long nrep = x[0]->sc.replications;
  const char *rs = cli_get(cmd, a, "replications");
  if (rs && !cli_int(cmd, "replications", rs, 1, STP_REPL_MAX, &nrep)) {
    rc = 2;
    goto out;
  }

  if (stp_budget_params_load(x[0]->datasets, &bp, &err) != STP_OK) {
    rc = cli_error(cmd, &err);
    goto out;
  }

  const char *dir = cli_get(cmd, a, "out");
  char dirbuf[700];
  if (!dir) {
    snprintf(dirbuf, sizeof dirbuf, "results/compare-%s", x[0]->sc.name);
    dir = dirbuf;
  }
  /* Every file into a staging folder, made current at dir in one step at the end. */
  const char *target = dir;
  if ((rc = cli_result_begin(cmd, a, target, STP_RESULT_FOLDER, &set))) goto out;
  dir = stp_resultset_staging(set);

  stp_compare_scenario sc[MAXS];
  const stp_scenario *b = &x[0]->sc;
  for (int k = 0; k < n; k++) {
    sc[k] = (stp_compare_scenario){
        .ctx = &x[k]->ctx, .recovery_share = stp_params_repay(x[k]->p)->default_recovery_share};
    names[k] = x[k]->sc.name;
  }
  stp_compare_opts o = {
      .cohort = x[0]->model,
      .size = b->size,
      .entry_first = b->entry_first,
      .entry_last = b->entry_last,
      .seed = b->seed,
      .microdata = x[0]->microdata,
      .population = x[0]->sample,
      .threads = threads,
      .progress = !cli_flag(cmd, a, "quiet") && isatty(2),
      .value_rates = stp_budget_value_rates(b)};
  if (stp_compare_run(sc, n, &o, &cmp, &err) != STP_OK) {
    rc = cli_error(cmd, &err);
    goto out;
  }
  if (cmp.invariant_failures > 0) {
    stp_fail(&err, STP_ERANGE, "%ld student-scenarios broke an accounting identity (a bug)",
             cmp.invariant_failures);
    rc = cli_error(cmd, &err);
    goto out;
  }

  /* Synthetic students enter in the scenario's years; microdata in the file's. */
  int entry_first = o.microdata ? cmp.entry_first : b->entry_first;
  int entry_last = o.microdata ? cmp.entry_last : b->entry_last;
  int erc = write_tables(dir, x, n, &cmp, &err);
  char path[1200];
  if (erc == STP_OK) erc = stp_compare_write_difference(dir, names, &cmp, &err);
  snprintf(path, sizeof path, "%s/winners.csv", dir);
  if (erc == STP_OK) erc = stp_compare_write_winners(path, names, &cmp, &err);
  for (int k = 0; k < n && erc == STP_OK; k++) {
    if (!(budget[k] = malloc(sizeof *budget[k]))) {
      erc = stp_fail(&err, STP_ENOMEM, "out of memory");
      break;
    }
    stp_budget_rates r = stp_budget_rates_of(&x[k]->sc, bp.tax_rate, stp_scenario_pv_year(b));
    stp_budget_compute(cmp.flows[k], &r, entry_last - entry_first + 1, budget[k]);
  }
  /* the students the totals are of: the national count in the population mode */
  const int64_t national = cmp.agg[0]->g[STP_GROUP_ALL].students;
  if (erc == STP_OK) erc = stp_budget_writer_open(dir, &bp, &bw, &err);
  for (int k = 0; k < n && erc == STP_OK; k++)
    erc = stp_budget_writer_add(bw, names[k], budget[k], x[k]->sc.base_year, national, &err);
  if (erc == STP_OK) {
    erc = stp_budget_writer_commit(bw, &err);
    bw = NULL;
  }

  const char *ds = stp_datasets_chosen(cli_get(cmd, a, "datasets"));
  char command[4096], version[64];
  command_line(cmd, a, command, sizeof command);
  snprintf(version, sizeof version, "stipend %s", STP_VERSION);
  stp_evidence e = {.version = version,
                    .command = command,
                    .datasets = ds ? ds : "datasets",
                    .calibration = b->calibration,
                    .microdata = o.microdata,
                    .seed = b->seed,
                    .students = (long)national,
                    .sample = b->population ? b->sample : 0,
                    .simulated = cmp.students,
                    .entry_first = entry_first,
                    .entry_last = entry_last,
                    .tax_rate = bp.tax_rate,
                    .nscen = n,
                    .cmp = &cmp};
  for (int k = 0; k < n; k++) {
    e.sc[k] = (stp_evidence_scenario){.name = names[k],
                                      .file = a->positional[k],
                                      .description = x[k]->sc.description,
                                      .base_year = x[k]->sc.base_year,
                                      .noverrides = x[k]->sc.noverrides,
                                      .overrides = x[k]->sc.overrides,
                                      .agg = cmp.agg[k],
                                      .budget = budget[k]};
    int y = x[k]->sc.base_year;
    e.support[k] = (stp_evidence_support){.year = y,
                                          .base_month = support_month(x[0]->p, y),
                                          .reform_month = support_month(x[k]->p, y),
                                          .base_grant_share = grant_share(x[0]->p, y),
                                          .reform_grant_share = grant_share(x[k]->p, y)};
  }
  if (erc == STP_OK && nrep > 1)
    erc = compare_replications(dir, x, n, sc, o, &cmp, budget, &bp,
                               entry_last - entry_first + 1, nrep, &e, &err);
  if (erc == STP_OK) erc = stp_evidence_write(dir, &e, &err);
  if (erc == STP_OK) {
    char cohort[1200];
    if (o.microdata) snprintf(cohort, sizeof cohort, "the microdata file %s", o.microdata);
    else
      snprintf(cohort, sizeof cohort, "synthetic, drawn from %s/cohort/%s/",
               ds && *ds ? ds : "datasets", b->calibration);
    /* the population mode: the figures are Norway's (the national count the weights add up
       to), the simulated students a sample of it at the scenario's share */
    stp_report_about about = {.kind = "compare", .version = version, .command = command,
                              .cohort = cohort,
                              .population = b->population ? "norway" : "simulated",
                              .seed = b->seed, .students = cmp.students,
                              .population_students = b->population ? (long long)national : 0,
                              .sample_share = b->population ? b->sample : 0,
                              .entry_first = entry_first, .entry_last = entry_last,
                              .replications = (int)nrep};
    stp_report_scenario rs[MAXS];
    for (int k = 0; k < n; k++)
      rs[k] = (stp_report_scenario){.name = names[k], .file = a->positional[k],
                                    .sc = &x[k]->sc, .params = x[k]->p};
    erc = stp_report_about_write(dir, &about, rs, n, &err);
  }
  if (erc == STP_OK && !cli_flag(cmd, a, "no-report")) erc = stp_report_write(dir, lang, &err);
  if (erc == STP_OK) {
    erc = stp_resultset_commit(set, &err);
    set = NULL; /* committed or removed; otherwise aborted at out */
  }
  if (erc != STP_OK) {
    rc = cli_error(cmd, &err);
    goto out;
  }
  dir = target;
  stp_evidence_print(stdout, &e, false);
  printf("\nresults: %s/ (evidence.md, evidence.csv, summary.csv, groups.csv, cashflow.csv, "
         "distribution.csv, difference.csv, difference_by_year.csv, winners.csv, budget.csv, "
         "budget_totals.csv, budget_summary.csv, budget_posts.csv, about.csv, scenarios.csv, parameters.csv%s%s)\n",
         dir, nrep > 1 ? ", replications.csv" : "",
         cli_flag(cmd, a, "no-report") ? "" : ", report.html");
  if (nrep > 1)
    printf("replications: %ld independent comparisons (seeds derived from %llu); "
           "replications.csv gives each reform's difference from the baseline, mean and 95 %% "
           "t-interval\n",
           nrep, (unsigned long long)b->seed);
  if (!cli_flag(cmd, a, "quiet"))
    fprintf(stderr, "compared %ld students in %d scenarios in %.1f s\n", cmp.students, n,
            cmp.seconds);

out:
  stp_resultset_abort(set);
  if (bw) stp_budget_writer_abort(bw);
  for (int k = 0; k < MAXS; k++) free(budget[k]);
  stp_compare_free(&cmp);
  for (int k = 0; k < n; k++) stp_prepared_close(x[k]);
  return rc;
}

const cli_command cli_cmd_compare = {
    "compare", "BASELINE.ini REFORM.ini... [OPTIONS]",
    "baseline against reforms on the same students: differences, winners, budget, evidence",
    "Simulates every scenario on the same synthetic students (common random numbers: each\n"
    "student is drawn once, from the baseline's cohort, which every scenario must share), and\n"
    "writes into DIR: summary.csv, groups.csv, cashflow.csv, distribution.csv (baseline then\n"
    "each reform), difference.csv and difference_by_year.csv (reform minus baseline),\n"
    "winners.csv (who gains, by group), budget.csv (by year), budget_totals.csv,\n"
    "budget_summary.csv and budget_posts.csv (the state's side: kap. 2410, 5310,\n"
    "5617), evidence.md and evidence.csv; the evidence table is printed. --set changes the\n"
    "reforms only: `compare base.ini base.ini --set run.name=more --set\n"
    "policy.basic_support=1.5G` compares the baseline with one change. See docs/analytics.md.",
    compare_opts, 2, 16, cmd_compare};
