#include "analytics/sweep.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/compare.h"
#include "csvio.h"
#include "resultset.h"
#include "rules/support.h"

/* ---- the range ---- */

typedef struct part {
  int64_t micro; /* millionths of the unit, or of G */
  bool in_g;
} part;

/* A decimal number with at most 6 decimals ('_' may group digits), then an optional "G" (or
   " G") or, for shares, "%". */
static int parse_part(const char *what, const char *text, const stp_param_def *d, part *out,
                      stp_error *err) {
  char buf[64];
  size_t len = strlen(text);
  while (len && isspace((unsigned char)text[len - 1])) len--;
  while (len && isspace((unsigned char)*text)) text++, len--;
  if (len == 0 || len >= sizeof buf)
    return stp_fail(err, STP_EINVAL, "--vary: %s: '%s' is not a number", what, text);
  memcpy(buf, text, len);
  buf[len] = '\0';
  bool in_g = false, percent = false;
  if (buf[len - 1] == 'G') {
    in_g = true;
    buf[--len] = '\0';
    while (len && buf[len - 1] == ' ') buf[--len] = '\0';
  } else if (buf[len - 1] == '%') {
    percent = true;
    buf[--len] = '\0';
  }
  const char *p = buf;
  bool neg = false;
  if (*p == '-') neg = true, p++;
  int64_t whole = 0, frac = 0;
  int digits = 0, decimals = 0;
  for (; *p && *p != '.'; p++) {
    if (*p == '_' && digits > 0) continue;
    if (!isdigit((unsigned char)*p) || digits >= 12)
      return stp_fail(err, STP_EINVAL, "--vary: %s: '%s' is not a number", what, text);
    whole = whole * 10 + (*p - '0');
    digits++;
  }
  if (*p == '.') {
    for (p++; *p; p++) {
      if (!isdigit((unsigned char)*p) || decimals >= 6)
        return stp_fail(err, STP_EINVAL,
                        "--vary: %s: '%s' is not a number with at most 6 decimals", what, text);
      frac = frac * 10 + (*p - '0');
      decimals++;
    }
  }
  if (digits == 0 && decimals == 0)
    return stp_fail(err, STP_EINVAL, "--vary: %s: '%s' is not a number", what, text);
  for (int i = decimals; i < 6; i++) frac *= 10;
  int64_t micro = whole * STP_SWEEP_MICRO + frac;
  if (in_g && d->kind != STP_UNIT_NOK)
    return stp_fail(err, STP_EINVAL, "--vary: %s: '%s': only money can be given in G (%s is in %s)",
                    what, text, d->name, d->unit);
  if (percent) {
    if (d->kind != STP_UNIT_SHARE)
      return stp_fail(err, STP_EINVAL,
                      "--vary: %s: '%s': only a share can be given in %% (%s is in %s)", what,
                      text, d->name, d->unit);
    if (micro % 100 != 0)
      return stp_fail(err, STP_EINVAL, "--vary: %s: '%s': at most 4 decimals in a percentage",
                      what, text);
    micro /= 100;
  }
  out->micro = neg ? -micro : micro;
  out->in_g = in_g;
  return STP_OK;
}

/* x G in whole kroner in the base year, as stp_scenario_apply sets a level (FROM, TO) or, for
   a step, plainly round(x·G). */
static int g_to_nok(const stp_param_def *d, const stp_params *p, int base_year, int64_t micro,
                    bool level, int64_t *kr, stp_error *err) {
  const stp_cal_params *cal = stp_params_cal(p, base_year);
  if (!cal) return stp_fail(err, STP_ENOTFOUND, "--vary: no G for the base year %d", base_year);
  double x = (double)micro / STP_SWEEP_MICRO, g = (double)cal->g / 100.0;
  if (level && strcmp(d->name, "basic_support") == 0) {
    const stp_year_params *yp = stp_params_year(p, base_year);
    if (!yp || yp->support_months <= 0)
      return stp_fail(err, STP_ENOTFOUND, "--vary: no support months for %d", base_year);
    *kr = stp_basic_year_of_g(x, g, yp->support_months);
  } else {
    *kr = llround(x * g);
  }
  return STP_OK;
}

static const char *micro_text(int64_t v, char *buf, size_t n) {
  int64_t a = v < 0 ? -v : v;
  int64_t w = a / STP_SWEEP_MICRO, f = a % STP_SWEEP_MICRO;
  int len = snprintf(buf, n, "%s%lld", v < 0 ? "-" : "", (long long)w);
  if (f && len > 0 && (size_t)len < n) {
    char fr[8];
    snprintf(fr, sizeof fr, "%06lld", (long long)f);
    for (int i = 5; i > 0 && fr[i] == '0'; i--) fr[i] = '\0';
    snprintf(buf + len, n - (size_t)len, ".%s", fr);
  }
  return buf;
}

int stp_sweep_parse(const char *spec, const stp_params *p, int base_year, stp_sweep *out,
                    stp_error *err) {
  memset(out, 0, sizeof *out);
  const char *eq = strchr(spec, '=');
  if (strncmp(spec, "policy.", 7) != 0 || !eq)
    return stp_fail(err, STP_EINVAL,
                    "--vary: '%s' is not policy.NAME=FROM:TO:STEP (a [policy] parameter, see "
                    "'stipend params')",
                    spec);
  char name[96];
  size_t nlen = (size_t)(eq - spec) - 7;
  if (nlen == 0 || nlen >= sizeof name)
    return stp_fail(err, STP_EINVAL, "--vary: '%s': no parameter name", spec);
  memcpy(name, spec + 7, nlen);
  name[nlen] = '\0';
  const stp_param_def *d = stp_param_find(name);
  if (!d)
    return stp_fail(err, STP_ENOTFOUND, "--vary: %s: unknown parameter (see 'stipend params')",
                    name);
  out->def = d;
  char range[160];
  snprintf(range, sizeof range, "%s", eq + 1);
  char *c1 = strchr(range, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
  if (!c1 || !c2 || strchr(c2 + 1, ':'))
    return stp_fail(err, STP_EINVAL, "--vary: %s: '%s' is not FROM:TO:STEP", name, eq + 1);
  *c1 = *c2 = '\0';
  part from, to, step;
  int rc;
  if ((rc = parse_part("FROM", range, d, &from, err)) ||
      (rc = parse_part("TO", c1 + 1, d, &to, err)) ||
      (rc = parse_part("STEP", c2 + 1, d, &step, err)))
    return rc;
  out->in_g = from.in_g && to.in_g && step.in_g;
  if (!out->in_g && (from.in_g || to.in_g || step.in_g)) {
    /* Mixed units: the whole range in NOK of the base year. */
    part *ps[] = {&from, &to, &step};
    for (int i = 0; i < 3; i++) {
      if (!ps[i]->in_g) continue;
      int64_t kr;
      if ((rc = g_to_nok(d, p, base_year, ps[i]->micro, i < 2, &kr, err))) return rc;
      ps[i]->micro = kr * STP_SWEEP_MICRO;
      ps[i]->in_g = false;
    }
  }
  if (step.micro <= 0)
    return stp_fail(err, STP_EINVAL, "--vary: %s: STEP must be above 0", name);
  if (from.micro > to.micro)
    return stp_fail(err, STP_EINVAL, "--vary: %s: FROM is above TO (write the range upwards)",
                    name);
  int64_t grain = 1;
  if (!out->in_g && d->kind == STP_UNIT_COUNT) grain = STP_SWEEP_MICRO;
  if (!out->in_g && d->kind == STP_UNIT_NOK) grain = STP_SWEEP_MICRO / 100;
  if (from.micro % grain || to.micro % grain || step.micro % grain)
    return stp_fail(err, STP_EINVAL, "--vary: %s: %s", name,
                    grain == STP_SWEEP_MICRO ? "a count takes whole numbers"
                                             : "NOK take at most two decimals");
  int64_t steps = (to.micro - from.micro) / step.micro;
  bool tail = from.micro + steps * step.micro != to.micro;
  if (steps + 1 + tail > STP_SWEEP_MAX_VALUES)
    return stp_fail(err, STP_ERANGE, "--vary: %s: %lld values, at most %d (take a larger STEP)",
                    name, (long long)(steps + 1 + tail), STP_SWEEP_MAX_VALUES);
  for (int64_t k = 0; k <= steps; k++) out->value[out->n++] = from.micro + k * step.micro;
  if (tail) out->value[out->n++] = to.micro;
  /* The registry's range, in the base year, before anything runs (a run checks every year). */
  for (int i = 0; i < out->n; i++) {
    double v = (double)out->value[i] / STP_SWEEP_MICRO;
    if (out->in_g) {
      int64_t kr;
      if ((rc = g_to_nok(d, p, base_year, out->value[i], true, &kr, err))) return rc;
      v = (double)kr;
    }
    if (!(v >= d->min - 1e-9 && v <= d->max + 1e-9)) {
      char t[48];
      return stp_fail(err, STP_ERANGE, "--vary: %s: %s%s is outside [%g, %g] %s", name,
                      micro_text(out->value[i], t, sizeof t), out->in_g ? "G" : "", d->min,
                      d->max, d->unit);
    }
  }
  return STP_OK;
}

const char *stp_sweep_value_text(const stp_sweep *s, int i, char *buf, size_t n) {
  char t[48];
  snprintf(buf, n, "%s%s", micro_text(s->value[i], t, sizeof t), s->in_g ? "G" : "");
  return buf;
}

const char *stp_sweep_assignment(const stp_sweep *s, int i, char *buf, size_t n) {
  char t[64];
  snprintf(buf, n, "policy.%s=%s", s->def->name, stp_sweep_value_text(s, i, t, sizeof t));
  return buf;
}

/* ---- sweep.csv ---- */

struct stp_sweep_writer {
  stp_csv_writer *csv;
  const stp_param_def *def;
  bool with_budget;
  long rows;
  stp_money first_cost; /* øre, state_cost of the first row */
  stp_money first_pv;   /* øre, net_cost_pv of the first row */
};

int stp_sweep_open(const char *path, const stp_param_def *def, bool with_budget,
                   stp_sweep_writer **out, stp_error *err) {
  stp_sweep_writer *w = calloc(1, sizeof *w);
  if (!w) return stp_fail(err, STP_ENOMEM, "%s: out of memory", path);
  int rc = stp_csv_writer_open(path, &w->csv, err);
  if (rc != STP_OK) {
    free(w);
    return rc;
  }
  w->def = def;
  w->with_budget = with_budget;
  static const char *const head[] = {"scenario", "seed",  "base_year", "parameter",
                                     "unit",     "value", "value_nok", "value_g"};
  for (size_t i = 0; i < sizeof head / sizeof head[0]; i++) stp_csv_field(w->csv, head[i]);
  for (int i = 0; i < STP_FIGURES; i++) stp_csv_field(w->csv, stp_figure_name(i));
  stp_csv_field(w->csv, "state_cost_per_student_nok");
  stp_csv_field(w->csv, "state_cost_change_nok");
  if (with_budget) {
    static const char *const budget[] = {"net_cost_pv_nok", "net_cost_pv_change_nok",
                                         "full_year", "full_year_cost_nok",
                                         "subsidy_rate_share", "pv_year"};
    for (size_t i = 0; i < sizeof budget / sizeof budget[0]; i++) stp_csv_field(w->csv, budget[i]);
  }
  stp_csv_endrow(w->csv);
  *out = w;
  return STP_OK;
}

int stp_sweep_add(stp_sweep_writer *w, const stp_sweep_row *row, const stp_agg *agg,
                  stp_error *err) {
  if (!row->scenario || !*row->scenario || !row->value)
    return stp_fail(err, STP_EINVAL, "sweep: a row needs a scenario name and a value");
  if (w->with_budget && !row->has_budget)
    return stp_fail(err, STP_EINVAL, "sweep: value %s has no budget figures", row->value);
  const stp_param_def *def = w->def;
  stp_csv_writer *c = w->csv;
  char yb[16];
  snprintf(yb, sizeof yb, "%d-%02d", row->base_year, (row->base_year + 1) % 100);
  stp_csv_field(c, row->scenario);
  stp_csv_fieldf(c, "%llu", (unsigned long long)row->seed);
  stp_csv_field(c, yb);
  stp_csv_field(c, def->name);
  stp_csv_field(c, def->unit);
  stp_csv_field(c, row->value);
  if (def->kind == STP_UNIT_NOK) {
    stp_csv_money(c, (stp_money)llround(row->value_base * 100.0));
    if (row->g_base > 0) stp_csv_real(c, row->value_base / row->g_base, 4);
    else stp_csv_field(c, "");
  } else {
    stp_csv_field(c, "");
    stp_csv_field(c, "");
  }
  stp_figures h;
  const stp_group_acc *g = &agg->g[STP_GROUP_ALL];
  stp_figures_of(g, &h);
  for (int i = 0; i < STP_FIGURES; i++) stp_figure_csv(c, stp_figure_kind(i), &h.f[i]);
  stp_money cost = h.f[stp_figure_find("state_cost_nok")].exact;
  if (g->students > 0) {
    stp_money q = cost / g->students, r = cost % g->students;
    if (2 * (r < 0 ? -r : r) >= g->students) q += cost < 0 ? -1 : 1;
    stp_csv_money(c, q);
  } else {
    stp_csv_field(c, "");
  }
  if (w->rows == 0) w->first_cost = cost;
  stp_csv_money(c, cost - w->first_cost);
  if (w->with_budget) {
    if (w->rows == 0) w->first_pv = row->net_cost_pv;
    stp_csv_money(c, row->net_cost_pv);
    stp_csv_money(c, row->net_cost_pv - w->first_pv);
    stp_csv_int(c, row->full_year);
    stp_csv_money(c, row->full_year_cost);
    if (isnan(row->subsidy_rate)) stp_csv_field(c, "");
    else stp_csv_real(c, row->subsidy_rate, 6);
    stp_csv_int(c, row->pv_year);
  }
  stp_csv_endrow(c);
  w->rows++;
  return STP_OK;
}

int stp_sweep_commit(stp_sweep_writer *w, stp_error *err) {
  int rc = stp_csv_writer_commit(w->csv, err);
  free(w);
  return rc;
}

void stp_sweep_abort(stp_sweep_writer *w) {
  if (!w) return;
  stp_csv_writer_abort(w->csv);
  free(w);
}

/* ---- stipend sweep ---- */

const char *stp_sweep_binding(const char *name) {
  if (!strcmp(name, "conversion_exam_share") || !strcmp(name, "conversion_degree_share"))
    return "conversion_max_share (the exam and degree shares together cannot exceed it)";
  if (!strcmp(name, "conversion_max_share"))
    return "conversion_exam_share + conversion_degree_share (what converts is their sum)";
  return NULL;
}

/* What every batch shares. */
typedef struct sweep_state {
  const stp_sweep_job *j;
  const stp_sweep *sw;
  stp_sweep_writer *w;
  const stp_budget_params *bp;
  char yb[16];             /* the base year, "2026-27" */
  bool have_first;         /* the first value's results are below */
  stp_money first_pv, first_paid;
  bool changed;
} sweep_state;

/* The scenario with value i of the sweep: the command's own sets, then the sweep's. */
static int prepare_value(const stp_sweep_job *j, const stp_sweep *sw, int i,
                         const stp_prepare_opts *extra, stp_prepared **x, stp_error *err) {
  enum { MAXSETS = 64 };
  const char *sets[MAXSETS + 1];
  char assign[160];
  stp_prepare_opts o = *j->prep;
  if (o.nsets > MAXSETS) return stp_fail(err, STP_EINVAL, "too many --set");
  for (int k = 0; k < o.nsets; k++) sets[k] = o.sets[k];
  sets[o.nsets] = stp_sweep_assignment(sw, i, assign, sizeof assign);
  o.sets = sets;
  o.nsets++;
  o.deciles = extra->deciles;
  o.cohort_of = extra->cohort_of;
  o.check_only = extra->check_only;
  return stp_prepared_open(j->scenario, NULL, &o, x, err);
}

/* Values first..last-1 in one comparison: each student is drawn once and lives through every
   value's rules. A batch of one value runs it twice (a comparison needs two scenarios). */
static int run_batch(sweep_state *st, int first, int last, stp_error *err) {
  enum { MAXB = STP_COMPARE_MAX_SCENARIOS };
  const stp_sweep_job *j = st->j;
  stp_prepared *x[MAXB] = {0};
  char text[64];
  int n = last - first, nrun = n < 2 ? 2 : n, rc = STP_OK;
  for (int k = 0; k < n && rc == STP_OK; k++) {
    /* one set of decile thresholds: the first value's */
    stp_prepare_opts po = {.deciles = k ? x[0]->ctx.earn_deciles : NULL,
                           .cohort_of = k ? x[0] : NULL};
    rc = prepare_value(j, st->sw, first + k, &po, &x[k], err);
  }
  stp_compare cmp = {0};
  stp_budget *b = rc == STP_OK ? malloc(sizeof *b) : NULL;
  if (rc == STP_OK && !b) rc = stp_fail(err, STP_ENOMEM, "out of memory");
  if (rc == STP_OK) {
    stp_prepared *xr[MAXB];
    for (int k = 0; k < nrun; k++) xr[k] = x[k < n ? k : 0];
    rc = stp_compare_prepared(xr, nrun, j->threads, false, &cmp, err);
  }
  const stp_scenario *s0 = x[0] ? &x[0]->sc : NULL;
  for (int k = 0; k < n && rc == STP_OK; k++) {
    const stp_scenario *sk = &x[k]->sc;
    stp_budget_rates r = stp_budget_rates_of(sk, st->bp->tax_rate, stp_scenario_pv_year(s0));
    stp_budget_compute(cmp.flows[k], &r, sk->entry_last - sk->entry_first + 1, b);
    double vb = 0, g = 0;
    rc = stp_param_get(x[k]->p, st->sw->def, sk->base_year, &vb, NULL);
    if (rc) break;
    const stp_cal_params *cal = stp_params_cal(x[k]->p, sk->base_year);
    if (cal) g = (double)cal->g / 100.0;
    int by = sk->base_year + 1;
    stp_sweep_row row = {.scenario = sk->name, .seed = sk->seed, .base_year = sk->base_year,
                         .value = stp_sweep_value_text(st->sw, first + k, text, sizeof text),
                         .value_base = vb, .g_base = g, .has_budget = true,
                         .net_cost_pv = b->pv[STP_BI_NET_COST], .full_year = by,
                         .full_year_cost = stp_budget_net_cost(b, by),
                         .subsidy_rate = b->subsidy_rate,
                         .pv_year = stp_scenario_pv_year(s0)};
    stp_money paid = cmp.agg[k]->g[STP_GROUP_ALL].paid_out;
    if (!st->have_first) {
      st->have_first = true;
      st->first_pv = row.net_cost_pv;
      st->first_paid = paid;
    } else if (row.net_cost_pv != st->first_pv || paid != st->first_paid) {
      st->changed = true;
    }
    rc = stp_sweep_add(st->w, &row, cmp.agg[k], err);
    stp_sweep_line line = {.sw = st->sw, .i = first + k, .text = text, .value_base = vb,
                           .g_base = g, .base_year = st->yb, .agg = cmp.agg[k], .budget = b,
                           .full_year = by};
    if (rc == STP_OK && j->row) j->row(j->user, &line);
  }
  stp_compare_free(&cmp);
  free(b);
  for (int k = 0; k < n; k++) stp_prepared_close(x[k]);
  return rc;
}

/* The values run into the staging folder stage. */
static int sweep_values(sweep_state *st, const char *stage, stp_error *err) {
  char path[1200];
  snprintf(path, sizeof path, "%s/sweep.csv", stage);
  int rc = stp_sweep_open(path, st->sw->def, true, &st->w, err);
  if (rc == STP_OK && st->j->begun) st->j->begun(st->j->user, st->sw, st->yb);
  for (int i = 0; rc == STP_OK && i < st->sw->n; i += STP_COMPARE_MAX_SCENARIOS) {
    int last = i + STP_COMPARE_MAX_SCENARIOS < st->sw->n ? i + STP_COMPARE_MAX_SCENARIOS : st->sw->n;
    rc = run_batch(st, i, last, err);
  }
  if (rc == STP_OK) {
    rc = stp_sweep_commit(st->w, err);
    st->w = NULL;
  }
  stp_sweep_abort(st->w);
  if (rc == STP_OK && st->j->report) rc = stp_report_write(stage, st->j->lang, err);
  return rc;
}

int stp_sweep_run(const stp_sweep_job *j, stp_sweep_result *r, stp_error *err) {
  memset(r, 0, sizeof *r);
  stp_prepared *base;
  stp_prepare_opts check = {.check_only = true};
  stp_prepare_opts base_opts = *j->prep;
  base_opts.check_only = true;
  int rc = stp_prepared_open(j->scenario, NULL, &base_opts, &base, err);
  if (rc != STP_OK) return rc;
  sweep_state st = {.j = j};
  stp_sweep *sw = malloc(sizeof *sw);
  stp_budget_params *bp = malloc(sizeof *bp);
  st.sw = sw;
  st.bp = bp;
  if (!sw || !bp) rc = stp_fail(err, STP_ENOMEM, "out of memory");
  if (rc == STP_OK) rc = stp_sweep_parse(j->vary, base->p, base->sc.base_year, sw, err);
  if (rc == STP_OK) rc = stp_budget_params_load(base->datasets, bp, err);
  if (rc == STP_OK) {
    snprintf(r->out, sizeof r->out, "%s", j->out ? j->out : base->sc.out_dir);
    stp_scenario_year_name(base->sc.base_year, st.yb, sizeof st.yb);
    if (j->parsed) j->parsed(j->user, &base->sc, sw);
  }
  stp_prepared_close(base);
  /* Every value is checked before any runs: a bad one fails in a moment, not after hours. */
  for (int i = 0; rc == STP_OK && i < sw->n; i++) {
    stp_prepared *x;
    rc = prepare_value(j, sw, i, &check, &x, err);
    stp_prepared_close(x);
  }
  /* sweep.csv and its report.html join what `run` wrote into the same folder: a new version
     of the folder keeping the other files, current in one step (resultset.h); the charts
     and report of an earlier sweep go, as they would not match the new sweep.csv. */
  static const char *const drop[] = {"sweep.csv", "report.html", "plots", NULL};
  stp_resultset *set = NULL;
  if (rc == STP_OK) rc = stp_resultset_amend(r->out, j->out_flags, "sweep", drop, &set, err);
  if (rc == STP_OK) {
    rc = sweep_values(&st, stp_resultset_staging(set), err);
    stp_resultset_name_target(set, err);
    if (rc == STP_OK) rc = stp_resultset_commit(set, err);
    else stp_resultset_abort(set);
  }
  if (rc == STP_OK) {
    r->n = sw->n;
    r->parameter = sw->def->name; /* the registry's: outlives sw */
    r->changed = st.changed;
  }
  free(sw);
  free(bp);
  return rc;
}
