/* cmd_run.c: `stipend run` (a scenario on a cohort, results as CSV) and `stipend cohort`
   (export the synthetic cohort in the microdata format). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aggregate.h"
#include "figures.h"
#include "analytics/replicate.h"
#include "analytics/report.h"
#include "cli/cli.h"
#include "cli/prepare.h"
#include "money.h"
#include "cohort.h"
#include "files.h"
#include "lifecycle.h"
#include "output.h"
#include "rng.h"
#include "run.h"
#include "scenario.h"

static const cli_opt run_opts[] = {
    {"size", "N", "students (default: the scenario's [cohort] size)"},
    {"sample", "SHARE", "population mode: this share of Norway's students (0.05); national totals"},
    {"threads", "N", "OpenMP threads (default: all cores); results do not depend on it"},
    {"seed", "N", "seed (default: the scenario's [run] seed)"},
    {"out", "DIR", "results folder (default: the scenario's [output] dir)"},
    {"students", NULL, "also write students.csv, one row per student"},
    {"cohort", "FILE", "replay a microdata cohort file instead of drawing students"},
    {"replications", "N", "independent runs (default: the scenario's [run] replications)"},
    {"set", "SECTION.KEY=VALUE", "override a scenario value (repeatable)"},
    {"quiet", NULL, "no progress line"},
    {"datasets", "DIR", "parameter datasets directory"},
    {"lang", "nb|en", "language of report.html, written with --replications (default en)"},
    {"no-report", NULL, "with --replications: do not write report.html"},
    {"follow-symlinks", NULL, "--out may be a symbolic link: replace what it points to"},
    {NULL, NULL, NULL}};

static const cli_opt cohort_opts[] = {
    {"out", "FILE", "microdata CSV to write (required)"},
    {"size", "N", "students (default: the scenario's [cohort] size)"},
    {"seed", "N", "seed (default: the scenario's [run] seed)"},
    {"set", "SECTION.KEY=VALUE", "override a scenario value (repeatable)"},
    {"threads", "N", "OpenMP threads"},
    {"quiet", NULL, "no progress line"},
    {"datasets", "DIR", "parameter datasets directory"},
    {"follow-symlinks", NULL, "--out may be a symbolic link: replace what it points to"},
    {NULL, NULL, NULL}};

/* num / den to the nearest øre, halves away from zero: as summary.csv rounds its means. */
static stp_money round_div(stp_money num, int64_t den) {
  if (den <= 0) return 0;
  stp_money q = num / den, r = num % den;
  if (2 * (r < 0 ? -r : r) >= den) q += num < 0 ? -1 : 1;
  return q;
}

static void print_summary(const char *name, const stp_agg *agg, const stp_run_stats *st,
                          const char *dir, bool students) {
  const stp_group_acc *g = &agg->g[STP_GROUP_ALL];
  char b1[32], b2[32];
  printf("%s: %ld students in %.1f s (%.0f per second)\n", name, st->students, st->seconds,
         st->seconds > 0 ? (double)st->students / st->seconds : 0.0);
  if (st->lifecycle_seconds > 0)
    printf("  lifecycles alone: %.0f per second on %d thread%s (the cohort's drawing or reading "
           "left out)\n",
           (double)st->students * st->threads / st->lifecycle_seconds, st->threads,
           st->threads == 1 ? "" : "s");
  /* the numbers as every command prints them (money.h): totals in NOK million, a
     student's amount in NOK with thousands grouped, the øre as summary.csv has them */
  printf("  borrowers %lld (%.1f %%), paid out NOK %s million, of which grants NOK %s million\n",
         (long long)g->borrowers, g->students ? 100.0 * (double)g->borrowers / (double)g->students : 0,
         stp_money_million(g->paid_out, b1, sizeof b1), stp_money_million(g->grant, b2, sizeof b2));
  printf("  debt at end of study: mean NOK %s, median NOK %s\n",
         stp_money_grouped(round_div(g->debt_end_study, g->borrowers), b1, sizeof b1),
         stp_money_grouped(stp_agg_debt_quantile(g, 0.5), b2, sizeof b2));
  printf("  results: %s/summary.csv, cashflow.csv, groups.csv, distribution.csv%s%s\n", dir,
         students ? ", students.csv" : "", st->students ? "" : " (empty cohort)");
}

/* What the replications share: the usual files come from replication 1, every replication
   adds its headline figures to the statistics and to replication_runs.csv. */
typedef struct run_state {
  const char *name, *out;
  int n;                    /* replications */
  stp_repl_stats *stats;    /* n > 1 only */
  stp_repl_runs *runs;      /* n > 1 only */
  stp_run_stats first;      /* replication 1 */
  int64_t national;         /* replication 1's students as counted in the totals (the
                               national count in the population mode: the weights' sum) */
  bool progress;
} run_state;

static int write_results(const run_state *r, uint64_t seed, const stp_agg *agg, stp_error *err) {
  char path[1200];
  stp_summary_meta meta = {.seed = seed, .horizon_year = STP_MAX_YEAR};
  int rc;
  snprintf(path, sizeof path, "%s/summary.csv", r->out);
  if ((rc = stp_write_summary(path, r->name, agg, &meta, err))) return rc;
  snprintf(path, sizeof path, "%s/cashflow.csv", r->out);
  if ((rc = stp_write_cashflow(path, r->name, agg, err))) return rc;
  snprintf(path, sizeof path, "%s/groups.csv", r->out);
  if ((rc = stp_write_groups(path, r->name, agg, &meta, err))) return rc;
  snprintf(path, sizeof path, "%s/distribution.csv", r->out);
  return stp_write_distribution(path, r->name, agg, err);
}

static int after_replication(void *user, int k, uint64_t seed, const stp_agg *agg,
                             const stp_run_stats *st, stp_error *err) {
  run_state *r = user;
  if (!st->invariants_ok)
    return stp_fail(err, STP_ERANGE, "%ld students broke an accounting identity (a bug)",
                    st->invariant_failures);
  if (k == 1) {
    r->first = *st;
    r->national = agg->g[STP_GROUP_ALL].students;
    int rc = write_results(r, seed, agg, err);
    if (rc) return rc;
  }
  if (r->n > 1) {
    stp_figures h;
    stp_figures_of(&agg->g[STP_GROUP_ALL], &h);
    stp_repl_add(r->stats, &h);
    stp_repl_runs_add(r->runs, r->name, k, seed, &h);
    if (r->progress) fprintf(stderr, "\rreplication %d of %d done ", k, r->n);
    if (r->progress && k == r->n) fputc('\n', stderr);
  }
  return STP_OK;
}

/* "mean NOK x (95 % interval a to b)" of a money figure over the replications. */
/* A total in NOK million, a mean per student in NOK (money.h). */
static void print_interval(const stp_repl_stats *s, const char *label, const char *name,
                           bool million) {
  stp_repl_summary m;
  char b1[48], b2[48], b3[48];
  stp_repl_get(s, stp_figure_find(name), &m);
  if (m.n < 2) return;
  const char *(*f)(stp_money, char *, size_t) = million ? stp_money_million : stp_money_grouped;
  printf("  %s: mean NOK %s%s, 95 %% interval NOK %s to %s%s\n", label,
         f((stp_money)llround(m.mean), b1, sizeof b1), million ? " million" : "",
         f((stp_money)llround(m.lo), b2, sizeof b2), f((stp_money)llround(m.hi), b3, sizeof b3),
         million ? " million" : "");
}

static int cmd_run(const cli_command *cmd, const cli_args *a) {
  stp_prepared *x;
  stp_prepare_opts po = {.microdata = cli_get(cmd, a, "cohort")};
  int threads, rc = cli_prepare(cmd, a, a->positional[0], &po, &x);
  if (!rc) rc = cli_threads_opt(cmd, a, &threads);
  long nrep = x ? x->sc.replications : 1;
  const char *rs = cli_get(cmd, a, "replications");
  if (!rc && rs && !cli_int(cmd, "replications", rs, 1, STP_REPL_MAX, &nrep)) rc = 2;
  if (rc) {
    stp_prepared_close(x);
    return rc;
  }
  stp_lang lang = STP_LANG_EN;
  const char *lang_text = cli_get(cmd, a, "lang");
  if (lang_text && stp_lang_parse(lang_text, &lang) != STP_OK) {
    stp_prepared_close(x);
    return cli_usage_error(cmd, "--lang: '%s' is not nb or en", lang_text);
  }
  bool write_report = nrep > 1 && !cli_flag(cmd, a, "no-report");
  /* A run changed by --set is another scenario: its name says so (unless --set run.name
     gave one), so that files of several runs put together can be told apart. */
  bool named = false;
  for (int i = 0; i < a->nsets; i++) named |= strncmp(a->sets[i], "run.name=", 9) == 0;
  for (int i = 0; !named && i < a->nsets; i++) {
    const char *dot = strchr(a->sets[i], '.');
    if (strncmp(a->sets[i], "policy.", 7) && strncmp(a->sets[i], "economy.", 8)) continue;
    size_t len = strlen(x->sc.name);
    snprintf(x->sc.name + len, sizeof x->sc.name - len, "+%s", dot + 1);
  }
  stp_error err = {0};
  const char *out = cli_get(cmd, a, "out");
  if (!out) out = x->sc.out_dir;
  char students_path[1200], path[1200];
  bool students = cli_flag(cmd, a, "students") || x->sc.students;
  /* Every file into a staging folder, made current at out in one step at the end. */
  stp_resultset *set;
  if ((rc = cli_result_begin(cmd, a, out, STP_RESULT_FOLDER, &set))) {
    stp_prepared_close(x);
    return rc;
  }
  const char *stage = stp_resultset_staging(set);
  snprintf(students_path, sizeof students_path, "%s/students.csv", stage);
  bool progress = !cli_flag(cmd, a, "quiet") && isatty(2);
  stp_run_opts ro = stp_prepared_run_opts(x);
  ro.threads = threads;
  ro.progress = progress && nrep == 1;
  ro.students_path = students ? students_path : NULL;
  run_state r = {.name = x->sc.name, .out = stage, .n = (int)nrep, .progress = progress};
  stp_agg *agg = stp_agg_alloc();
  if (!agg) rc = stp_fail(&err, STP_ENOMEM, "out of memory");
  if (rc == STP_OK && nrep > 1) {
    snprintf(path, sizeof path, "%s/replication_runs.csv", stage);
    r.stats = stp_repl_alloc();
    if (!r.stats) rc = stp_fail(&err, STP_ENOMEM, "out of memory");
    else rc = stp_repl_runs_open(path, &r.runs, &err);
  }
  if (rc == STP_OK) rc = stp_replicate(&x->ctx, &ro, (int)nrep, agg, after_replication, &r, &err);
  if (rc == STP_OK && nrep > 1) {
    rc = stp_repl_runs_commit(r.runs, &err);
    r.runs = NULL;
    snprintf(path, sizeof path, "%s/replications.csv", stage);
    if (rc == STP_OK) rc = stp_repl_write(path, x->sc.name, r.stats, &err);
  }
  stp_repl_runs_abort(r.runs);
  if (rc == STP_OK && write_report) {
    char command[4096], version[64], cohort[1200];
    size_t o = (size_t)snprintf(command, sizeof command, "stipend run %s", a->positional[0]);
    static const char *const keep[] = {"size",   "sample",  "seed",
                                       "replications", "cohort", "datasets"};
    for (size_t i = 0; i < sizeof keep / sizeof keep[0] && o < sizeof command; i++) {
      const char *v = cli_get(cmd, a, keep[i]);
      if (v) o += (size_t)snprintf(command + o, sizeof command - o, " --%s %s", keep[i], v);
    }
    for (int i = 0; i < a->nsets && o < sizeof command; i++)
      o += (size_t)snprintf(command + o, sizeof command - o, " --set '%s'", a->sets[i]);
    snprintf(version, sizeof version, "stipend %s", STP_VERSION);
    if (x->microdata) snprintf(cohort, sizeof cohort, "the microdata file %s", x->microdata);
    else snprintf(cohort, sizeof cohort, "synthetic, drawn from the calibration %s",
                  x->sc.calibration);
    stp_report_about about = {.kind = "replications", .version = version, .command = command,
                              .cohort = cohort,
                              .population = x->sc.population ? "norway" : "simulated",
                              .seed = x->sc.seed, .students = r.first.students,
                              .population_students = x->sc.population ? (long long)r.national : 0,
                              .sample_share = x->sc.population ? x->sc.sample : 0,
                              .entry_first = x->sc.entry_first,
                              .entry_last = x->sc.entry_last, .replications = (int)nrep};
    stp_report_scenario rs = {.name = x->sc.name, .file = a->positional[0], .sc = &x->sc,
                              .params = x->p};
    rc = stp_report_about_write(stage, &about, &rs, 1, &err);
    if (rc == STP_OK) rc = stp_report_write(stage, lang, &err);
  }
  if (rc == STP_OK) rc = stp_resultset_commit(set, &err);
  else stp_resultset_abort(set);
  if (rc == STP_OK) {
    /* The usual lines are those of replication 1, whose totals agg no longer holds. */
    if (nrep == 1) {
      print_summary(x->sc.name, agg, &r.first, out, students);
    } else {
      printf("%s: %ld replications of %ld students (replication 1 on seed %llu; the others on "
             "seeds derived from it)\n",
             x->sc.name, nrep, r.first.students, (unsigned long long)x->sc.seed);
      print_interval(r.stats, "paid out", "paid_out_nok", true);
      print_interval(r.stats, "grants", "grants_nok", true);
      print_interval(r.stats, "debt at end of study (mean)", "debt_end_study_mean_nok", false);
      print_interval(r.stats, "debt at end of study (median)", "debt_end_study_p50_nok", false);
      print_interval(r.stats, "state cost (grants + relief + write-offs)", "state_cost_nok",
                     true);
      printf("  results: %s/summary.csv, cashflow.csv, groups.csv, distribution.csv%s "
             "(replication 1), replications.csv (mean and 95 %% t-interval of every figure), "
             "replication_runs.csv%s\n",
             out, students ? ", students.csv" : "", write_report ? ", report.html" : "");
    }
  }
  stp_repl_free(r.stats);
  stp_agg_free(agg);
  stp_prepared_close(x);
  return rc == STP_OK ? 0 : cli_error(cmd, &err);
}

static int cmd_cohort(const cli_command *cmd, const cli_args *a) {
  const char *out = cli_get(cmd, a, "out");
  if (!out) return cli_usage_error(cmd, "--out FILE is required");
  stp_prepared *x;
  stp_prepare_opts po = {.check_only = true};
  int rc = cli_prepare(cmd, a, a->positional[0], &po, &x);
  int threads = 0;
  if (!rc) rc = cli_threads_opt(cmd, a, &threads);
  if (rc) {
    stp_prepared_close(x);
    return rc;
  }
  stp_error err = {0};
  stp_resultset *set;
  if ((rc = cli_result_begin(cmd, a, out, STP_RESULT_FILE, &set))) {
    stp_prepared_close(x);
    return rc;
  }
  stp_run_opts ro = stp_prepared_run_opts(x);
  ro.microdata = NULL;
  ro.threads = threads;
  ro.progress = !cli_flag(cmd, a, "quiet") && isatty(2);
  ro.cohort_out = stp_resultset_staging(set);
  ro.simulate = false;
  stp_agg *agg = stp_agg_alloc();
  stp_run_stats st = {0};
  rc = agg ? stp_run(&x->ctx, &ro, agg, &st, &err) : stp_fail(&err, STP_ENOMEM, "out of memory");
  if (rc == STP_OK) rc = stp_resultset_commit(set, &err);
  else stp_resultset_abort(set);
  stp_agg_free(agg);
  char name[sizeof x->sc.name];
  snprintf(name, sizeof name, "%s", x->sc.name);
  stp_prepared_close(x);
  if (rc) return cli_error(cmd, &err);
  printf("%s: %ld students written to %s\n", name, st.students, out);
  return 0;
}

const cli_command cli_cmd_run = {
    "run", "SCENARIO.ini [OPTIONS]",
    "simulate a scenario on a cohort: summary.csv, cashflow.csv, groups.csv (students.csv)",
    "Draws the scenario's synthetic cohort (or replays a microdata file), simulates every\n"
    "student month by month from the first term to the end of the loan with the rules of\n"
    "each year the student lives through, and writes the results as CSV (docs/outputs.md).\n"
    "The same scenario and seed give byte-identical files on any number of threads; each\n"
    "student's random draws depend on (seed, student id) alone. With N replications\n"
    "(--replications N or [run] replications = N) the scenario runs N times, one after the\n"
    "other, replication 1 on the scenario's seed and replication k on stp_hash64(seed, k):\n"
    "the usual files are those of replication 1, replications.csv gives the mean and the\n"
    "95 % t-interval over replications of every headline figure, replication_runs.csv each\n"
    "replication's seed and figures.",
    run_opts, 1, 1, cmd_run};

const cli_command cli_cmd_cohort = {
    "cohort", "SCENARIO.ini --out FILE [OPTIONS]",
    "export the scenario's synthetic cohort as a microdata CSV (docs/microdata.md)",
    "Writes the students `stipend run` would draw for the scenario, one row per student, in\n"
    "the documented microdata format; `stipend run SCENARIO --cohort FILE` replays them with\n"
    "identical results.",
    cohort_opts, 1, 1, cmd_cohort};

