/* report.c: report.html from the result files. The page is written whole, then renamed; it
   loads nothing (a Content-Security-Policy of default-src 'none' says so to the browser),
   runs no script, and draws every chart as inline SVG from the same files the tables show.
   Figures carry their exact value from the CSV in data-value, so a test can hold the page
   against evidence.csv. */
#include "analytics/report.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvio.h"
#include "dist.h"
#include "params.h"
#include "resultset.h"

int stp_lang_parse(const char *text, stp_lang *out) {
  if (!text) return STP_EINVAL;
  if (!strcmp(text, "en")) *out = STP_LANG_EN;
  else if (!strcmp(text, "nb") || !strcmp(text, "no")) *out = STP_LANG_NB;
  else return STP_EINVAL;
  return STP_OK;
}

/* ---- about.csv, parameters.csv ---- */

int stp_report_about_write(const char *dir, const stp_report_about *a,
                           const stp_report_scenario *sc, int nscen, stp_error *err) {
  char path[1200], y[16];
  stp_csv_writer *w;
  /* about.csv: one row, each fact in a column of its own type */
  snprintf(path, sizeof path, "%s/about.csv", dir);
  int rc = stp_csv_writer_open(path, &w, err);
  if (rc) return rc;
  static const char *const head[] = {
      "kind",     "version",  "command",             "cohort",       "population",
      "seed",     "students", "population_students", "sample_share", "entry_first",
      "entry_last", "replications"};
  for (size_t i = 0; i < sizeof head / sizeof head[0]; i++) stp_csv_field(w, head[i]);
  stp_csv_endrow(w);
  stp_csv_field(w, a->kind);
  stp_csv_field(w, a->version);
  stp_csv_field(w, a->command);
  stp_csv_field(w, a->cohort);
  stp_csv_field(w, a->population && *a->population ? a->population : "simulated");
  stp_csv_int(w, (long long)a->seed);
  stp_csv_int(w, a->students);
  stp_csv_int(w, a->population_students > 0 ? a->population_students : a->students);
  stp_csv_real(w, a->sample_share > 0 ? a->sample_share : 1.0, 6);
  stp_csv_field(w, stp_scenario_year_name(a->entry_first, y, sizeof y));
  stp_csv_field(w, stp_scenario_year_name(a->entry_last, y, sizeof y));
  stp_csv_int(w, a->replications);
  stp_csv_endrow(w);
  if ((rc = stp_csv_writer_commit(w, err))) return rc;

  /* scenarios.csv: one row per scenario, the baseline first */
  snprintf(path, sizeof path, "%s/scenarios.csv", dir);
  if ((rc = stp_csv_writer_open(path, &w, err))) return rc;
  static const char *const sh[] = {"scenario", "role", "file", "base_year", "description"};
  for (size_t i = 0; i < sizeof sh / sizeof sh[0]; i++) stp_csv_field(w, sh[i]);
  stp_csv_endrow(w);
  for (int k = 0; k < nscen; k++) {
    stp_csv_field(w, sc[k].name);
    stp_csv_field(w, k == 0 ? "baseline" : "reform");
    stp_csv_field(w, sc[k].file);
    stp_csv_field(w, stp_scenario_year_name(sc[k].sc->base_year, y, sizeof y));
    stp_csv_field(w, sc[k].sc->description);
    stp_csv_endrow(w);
  }
  if ((rc = stp_csv_writer_commit(w, err))) return rc;

  snprintf(path, sizeof path, "%s/parameters.csv", dir);
  if ((rc = stp_csv_writer_open(path, &w, err))) return rc;
  static const char *const h[] = {"scenario",     "parameter", "unit",  "base_year",
                                  "baseline_value", "value",   "set_in", "baseline_source"};
  for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) stp_csv_field(w, h[i]);
  stp_csv_endrow(w);
  const stp_params *bp = sc[0].params;
  for (int k = 0; k < nscen; k++) {
    const stp_scenario *s = sc[k].sc;
    const stp_params *p = sc[k].params;
    for (int i = 0; i < s->noverrides; i++) {
      const stp_override *o = &s->overrides[i];
      int year = s->base_year + (o->def->set == STP_SET_CAL ? 1 : 0);
      double bv = NAN, v = NAN;
      const stp_param_meta *bm = NULL, *m = NULL;
      stp_param_get(bp, o->def, year, &bv, &bm);
      stp_param_get(p, o->def, year, &v, &m);
      stp_csv_field(w, sc[k].name);
      stp_csv_field(w, o->def->name);
      stp_csv_field(w, o->def->unit);
      stp_csv_field(w, stp_scenario_year_name(s->base_year, y, sizeof y));
      stp_csv_real(w, bv, 6);
      stp_csv_real(w, v, 6);
      if (o->line == STP_SCEN_FROM_SET) stp_csv_fieldf(w, "--set %s", o->def->name);
      else stp_csv_fieldf(w, "%s:%d", sc[k].file, o->line);
      stp_csv_field(w, bm && bm->source ? bm->source : "");
      stp_csv_endrow(w);
    }
  }
  return stp_csv_writer_commit(w, err);
}

/* ---- reading the result files ---- */

typedef struct tab {
  bool present;
  int ncols, nrows, cap;
  char **hdr;
  char ***rows;
} tab;

static char *dupstr(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

static int on_row(void *ctx, int line, int n, char **f, stp_error *err) {
  tab *t = ctx;
  char ***dst;
  if (!t->hdr) {
    dst = &t->hdr;
    t->ncols = n;
  } else {
    if (n != t->ncols)
      return stp_fail(err, STP_EINVAL, "line %d: %d fields, the header has %d", line, n,
                      t->ncols);
    if (t->nrows == t->cap) {
      int cap = t->cap ? 2 * t->cap : 64;
      char ***r = realloc(t->rows, (size_t)cap * sizeof *r);
      if (!r) return stp_fail(err, STP_ENOMEM, "out of memory");
      t->rows = r;
      t->cap = cap;
    }
    t->rows[t->nrows] = NULL;
    dst = &t->rows[t->nrows++];
  }
  *dst = calloc((size_t)n, sizeof **dst);
  if (!*dst) return stp_fail(err, STP_ENOMEM, "out of memory");
  for (int i = 0; i < n; i++)
    if (!((*dst)[i] = dupstr(f[i]))) return stp_fail(err, STP_ENOMEM, "out of memory");
  return STP_OK;
}

static void tab_free(tab *t) {
  for (int r = -1; r < t->nrows; r++) {
    char **row = r < 0 ? t->hdr : t->rows[r];
    if (!row) continue;
    for (int i = 0; i < t->ncols; i++) free(row[i]);
    free(row);
  }
  free(t->rows);
  memset(t, 0, sizeof *t);
}

/* A missing file leaves t absent (its section is left out); a broken one is an error. */
static int tab_load(const char *dir, const char *name, tab *t, stp_error *err) {
  char path[1200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  memset(t, 0, sizeof *t);
  FILE *f = fopen(path, "r");
  if (!f) return STP_OK;
  fclose(f);
  int rc = stp_csv_read_file(path, on_row, t, err);
  if (rc == STP_OK && !t->hdr) rc = stp_fail(err, STP_EINVAL, "%s: empty file", path);
  if (rc != STP_OK) {
    tab_free(t);
    return rc;
  }
  t->present = true;
  return STP_OK;
}

static int col(const tab *t, const char *name) {
  for (int i = 0; t->present && i < t->ncols; i++)
    if (!strcmp(t->hdr[i], name)) return i;
  return -1;
}

static const char *cell(const tab *t, int r, const char *name) {
  int c = col(t, name);
  return c >= 0 && r >= 0 && r < t->nrows ? t->rows[r][c] : "";
}

static double num(const char *s) {
  if (!s || !*s) return NAN;
  char *end;
  double v = strtod(s, &end);
  return *end ? NAN : v;
}

static double cellnum(const tab *t, int r, const char *name) { return num(cell(t, r, name)); }

/* The row of t whose columns equal the given values (pairs of column, value; NULL ends). */
static int find(const tab *t, ...) {
  for (int r = 0; r < t->nrows; r++) {
    va_list ap;
    va_start(ap, t);
    bool ok = true;
    for (const char *c; ok && (c = va_arg(ap, const char *));) {
      const char *v = va_arg(ap, const char *);
      ok = strcmp(cell(t, r, c), v) == 0;
    }
    va_end(ap);
    if (ok) return r;
  }
  return -1;
}

/* ---- text ---- */

typedef struct page {
  FILE *f;
  stp_lang lang;
  char sample[512]; /* the sample and population, stated under every chart */
} page;

static const char *L(const page *p, const char *en, const char *nb) {
  return p->lang == STP_LANG_NB ? nb : en;
}

static void esc(FILE *f, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    default: fputc(*s, f);
    }
  }
}

/* Text with every http(s) address made a link (the address ends at a space, a closing
   bracket, a semicolon or a comma followed by a space). */
static void esc_links(FILE *f, const char *s) {
  while (s && *s) {
    const char *h = strstr(s, "http");
    if (!h || (strncmp(h, "http://", 7) && strncmp(h, "https://", 8))) {
      if (!h) {
        esc(f, s);
        return;
      }
      char *part = strndup(s, (size_t)(h - s) + 4);
      esc(f, part);
      free(part);
      s = h + 4;
      continue;
    }
    char *before = strndup(s, (size_t)(h - s));
    esc(f, before);
    free(before);
    const char *e = h;
    while (*e && *e != ' ' && *e != ')' && *e != ';' && *e != '"' && *e != '<' &&
           !(*e == ',' && (e[1] == ' ' || !e[1])))
      e++;
    while (e > h && (e[-1] == '.' || e[-1] == ',')) e--;
    char *url = strndup(h, (size_t)(e - h));
    fputs("<a href=\"", f);
    esc(f, url);
    fputs("\">", f);
    esc(f, url);
    fputs("</a>", f);
    free(url);
    s = e;
  }
}

/* v with `dec` decimals and grouped thousands: "1 234.5" in English (a thin space groups,
   as Norwegian budget documents and SI do), "1 234,5" in Norwegian; a true minus sign. */
static const char *fmt(const page *p, double v, int dec, bool plus, char *buf, size_t n) {
  if (isnan(v)) {
    snprintf(buf, n, "–");
    return buf;
  }
  char raw[64];
  snprintf(raw, sizeof raw, "%.*f", dec, fabs(v));
  bool zero = true;
  for (const char *c = raw; *c; c++) zero &= *c == '0' || *c == '.';
  const char *dot = strchr(raw, '.');
  int ndig = dot ? (int)(dot - raw) : (int)strlen(raw);
  size_t o = 0;
  if (v < 0 && !zero) o += (size_t)snprintf(buf + o, n - o, "−");
  else if (plus && !zero) o += (size_t)snprintf(buf + o, n - o, "+");
  for (int i = 0; i < ndig && o + 4 < n; i++) {
    if (i > 0 && (ndig - i) % 3 == 0) o += (size_t)snprintf(buf + o, n - o, "\u2009");
    buf[o++] = raw[i];
  }
  if (dot && o + 2 < n) {
    buf[o++] = p->lang == STP_LANG_NB ? ',' : '.';
    for (const char *c = dot + 1; *c && o + 1 < n; c++) buf[o++] = *c;
  }
  buf[o] = '\0';
  return buf;
}

/* A measure's label in the page's language; {first} {full} {prices} {ay} filled in. */
typedef struct measure_text {
  const char *measure, *en, *nb;
} measure_text;

static const measure_text measure_texts[] = {
    /* the budget's own convention (issue 10: conversion provided for at payout) */
    {"first_budget_year_cost", "Cost in the first budget year, {first} (from August; as the "
     "budget books it)", "Kostnad i første budsjettår, {first} (fra august; slik budsjettet "
     "fører den)"},
    {"full_year_effect", "Full-year effect, {full}: the reform in place all year",
     "Helårseffekt, {full}: reformen virker hele året"},
    {"provision_full_year", "Conversion provided for at payout in {full}, the model's "
     "expectation (post 50 sets it with Prop. 1 S's rates)", "Avsetning til omgjøring ved "
     "utbetaling i {full}, modellens forventning (post 50 settes med Prop. 1 S' satser)"},
    {"net_cost_first_year", "Net cost to the state in {first} (the reform starts in August)",
     "Netto kostnad for staten i {first} (reformen starter i august)"},
    {"net_cost_full_year", "Net cost to the state in {full}", "Netto kostnad for staten i {full}"},
    {"net_cost_pv", "Net cost over the cohorts' life, present value ({prices} kroner)",
     "Netto kostnad over kullenes levetid, nåverdi ({prices}-kroner)"},
    {"cost_per_student_pv", "Net cost per student, present value ({prices} kroner)",
     "Netto kostnad per student, nåverdi ({prices}-kroner)"},
    {"loans_paid_out_full_year", "Support paid out as loan in {full}, students in Norway (in "
     "kap. 2410 post 90)", "Utbetalt som lån i {full}, studenter i Norge (i kap. 2410 post 90)"},
    {"grants_full_year", "Loan converted to grant in {full}, when it happens (kap. 5310 post 93)",
     "Lån omgjort til stipend i {full}, når det skjer (kap. 5310 post 93)"},
    {"subsidy_rate", "Subsidy rate: share of the loan outlay not repaid (present value)",
     "Subsidieandel: andel av utlånet som ikke betales tilbake (nåverdi)"},
    {"basic_support_month", "Basic support a month, full-time, {ay}",
     "Basisstøtte per måned, heltid, {ay}"},
    {"grant_month_living_away", "of which can become a grant, living away, {ay}",
     "herav kan bli stipend, bortebuende, {ay}"},
    {"debt_end_study_mean_away", "Debt at end of study, mean of borrowers living away",
     "Gjeld ved studieslutt, snitt for bortebuende låntakere"},
    {"debt_end_study_mean", "Debt at end of study, mean of all borrowers",
     "Gjeld ved studieslutt, snitt for alle låntakere"},
    {"better_off_share", "Students better off", "Studenter som kommer bedre ut"},
    {"worse_off_share", "Students worse off", "Studenter som kommer dårligere ut"},
    {"winners_mean_gain", "Mean gain of those better off, present value ({prices} kroner)",
     "Snittgevinst for dem som kommer bedre ut, nåverdi ({prices}-kroner)"},
    {"losers_mean_loss", "Mean loss of those worse off, present value ({prices} kroner)",
     "Snittap for dem som kommer dårligere ut, nåverdi ({prices}-kroner)"},
    {"mean_change", "Mean change per student, present value ({prices} kroner)",
     "Gjennomsnittlig endring per student, nåverdi ({prices}-kroner)"},
};

static void measure_label(const page *p, const tab *ev, int r, char *out, size_t n) {
  const char *m = cell(ev, r, "measure"), *t = NULL;
  for (size_t i = 0; i < sizeof measure_texts / sizeof measure_texts[0]; i++)
    if (!strcmp(measure_texts[i].measure, m))
      t = p->lang == STP_LANG_NB ? measure_texts[i].nb : measure_texts[i].en;
  if (!t) t = cell(ev, r, "label"); /* a measure this page does not know: the file's words */
  static const char *const keys[][2] = {{"{first}", "first_budget_year"},
                                        {"{full}", "full_budget_year"},
                                        {"{prices}", "prices_year"},
                                        {"{ay}", "academic_year"}};
  size_t o = 0;
  while (*t && o + 1 < n) {
    bool done = false;
    for (int k = 0; k < 4 && !done; k++) {
      size_t kl = strlen(keys[k][0]);
      if (!strncmp(t, keys[k][0], kl)) {
        o += (size_t)snprintf(out + o, n - o, "%s", cell(ev, r, keys[k][1]));
        if (o >= n) o = n - 1;
        t += kl;
        done = true;
      }
    }
    if (!done) out[o++] = *t++;
  }
  out[o] = '\0';
}

/* ---- charts (inline SVG) ---- */

#define MAXS 8   /* series in a chart */
#define MAXP 400 /* points in a series */

typedef struct chart {
  const char *id;      /* for the test and the reader: the chart's key */
  const char *title;
  const char *xlabel, *ylabel;
  bool bars;           /* grouped bars over categories; else lines over x */
  bool xyears;         /* x are years: no grouping of thousands */
  int ns, np;          /* series, points (the same x for every series) */
  const char *name[MAXS];
  double x[MAXP];
  const char *cat[MAXP]; /* bars: category names */
  double y[MAXS][MAXP];  /* NaN: no value */
  double lo[MAXS][MAXP], hi[MAXS][MAXP]; /* intervals (NaN: none) */
  bool intervals;
} chart;

static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#000000", "#999999"};

/* A step of 1, 2, 2.5 or 5 times a power of ten giving about n intervals over span. */
static double nice_step(double span, int n) {
  if (!(span > 0)) return 1;
  double raw = span / n, p = pow(10, floor(log10(raw)));
  double m = raw / p;
  return p * (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10);
}

static chart *chart_new(const char *id, const char *title, const char *xlabel,
                        const char *ylabel, bool bars) {
  chart *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->id = id;
  c->title = title;
  c->xlabel = xlabel;
  c->ylabel = ylabel;
  c->bars = bars;
  for (int s = 0; s < MAXS; s++)
    for (int i = 0; i < MAXP; i++) c->y[s][i] = c->lo[s][i] = c->hi[s][i] = NAN;
  return c;
}

static void chart_draw(page *p, const chart *c) {
  FILE *f = p->f;
  const double W = 720, H = 380, L0 = 92, R0 = 16, T0 = 40, B0 = 64;
  double pw = W - L0 - R0, ph = H - T0 - B0;
  /* the y range always holds zero: bars and areas start there, and a difference is read
     against it */
  double ylo = 0, yhi = 0;
  for (int s = 0; s < c->ns; s++)
    for (int i = 0; i < c->np; i++) {
      double v[3] = {c->y[s][i], c->lo[s][i], c->hi[s][i]};
      for (int k = 0; k < 3; k++)
        if (!isnan(v[k])) {
          if (v[k] < ylo) ylo = v[k];
          if (v[k] > yhi) yhi = v[k];
        }
    }
  if (ylo == yhi) yhi = ylo + 1;
  double step = nice_step(yhi - ylo, 5);
  ylo = floor(ylo / step) * step;
  yhi = ceil(yhi / step) * step;
  double xlo = 0, xhi = 1;
  if (!c->bars && c->np > 0) {
    xlo = xhi = c->x[0];
    for (int i = 0; i < c->np; i++) {
      if (c->x[i] < xlo) xlo = c->x[i];
      if (c->x[i] > xhi) xhi = c->x[i];
    }
    if (xlo == xhi) xhi = xlo + 1;
  }
#define SX(v) (L0 + ((v) - xlo) / (xhi - xlo) * pw)
#define SY(v) (T0 + (yhi - (v)) / (yhi - ylo) * ph)
  fprintf(f, "<figure class=\"chart\" id=\"chart-%s\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
             "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"",
          c->id, W, H);
  esc(f, c->title);
  fprintf(f, "\">\n<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#fff\"/>\n", W, H);
  char b[64];
  /* grid and y ticks */
  for (double v = ylo; v <= yhi + step / 2; v += step) {
    double yy = SY(v);
    fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
               "stroke-width=\"%s\"/>\n",
            L0, L0 + pw, yy, yy, fabs(v) < step / 1e6 ? "#333" : "#ddd",
            fabs(v) < step / 1e6 ? "1.2" : "0.8");
    int dec = fabs(step - round(step)) < 1e-9 ? 0 : fabs(step * 10 - round(step * 10)) < 1e-9 ? 1 : 2;
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%s</text>\n",
            L0 - 6, yy + 4, fmt(p, fabs(v) < step / 1e6 ? 0 : v, dec, false, b, sizeof b));
  }
  /* x ticks */
  if (c->bars) {
    double gw = pw / (c->np > 0 ? c->np : 1);
    for (int i = 0; i < c->np; i++) {
      fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">",
              L0 + gw * (i + 0.5), T0 + ph + 16);
      esc(f, c->cat[i]);
      fputs("</text>\n", f);
    }
  } else {
    double xs = nice_step(xhi - xlo, 6);
    if (c->xyears && xs < 1) xs = 1;
    for (double v = ceil(xlo / xs) * xs; v <= xhi + xs / 1e6; v += xs) {
      char t[64];
      if (c->xyears) snprintf(t, sizeof t, "%.0f", v);
      else fmt(p, v, fabs(xs - round(xs)) < 1e-9 ? 0 : 2, false, t, sizeof t);
      fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>"
                 "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">%s</text>\n",
              SX(v), SX(v), T0 + ph, T0 + ph + 4, SX(v), T0 + ph + 16, t);
    }
  }
  fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n", L0, L0,
          T0, T0 + ph);
  /* data */
  for (int s = 0; s < c->ns; s++) {
    const char *colr = palette[s % 8];
    if (c->bars) {
      double gw = pw / (c->np > 0 ? c->np : 1), bw = gw * 0.8 / c->ns;
      for (int i = 0; i < c->np; i++) {
        double v = c->y[s][i];
        if (isnan(v)) continue;
        double x0 = L0 + gw * i + gw * 0.1 + bw * s, y0 = SY(v > 0 ? v : 0),
               h = fabs(SY(v) - SY(0));
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n",
                x0, y0, bw, h, colr);
        if (c->intervals && !isnan(c->lo[s][i]))
          fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" "
                     "stroke-width=\"1.5\"/>\n",
                  x0 + bw / 2, x0 + bw / 2, SY(c->lo[s][i]), SY(c->hi[s][i]));
      }
    } else {
      fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", colr);
      for (int i = 0; i < c->np; i++)
        if (!isnan(c->y[s][i])) fprintf(f, "%.1f,%.1f ", SX(c->x[i]), SY(c->y[s][i]));
      fputs("\"/>\n", f);
    }
  }
  /* legend (one line above the plot), title of the axes */
  double lx = L0;
  for (int s = 0; s < c->ns && c->ns > 1; s++) {
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>"
               "<text x=\"%.1f\" y=\"%.1f\" class=\"legend\">",
            lx, T0 - 26, palette[s % 8], lx + 16, T0 - 16);
    esc(f, c->name[s]);
    fputs("</text>\n", f);
    lx += 24 + 7.0 * (double)strlen(c->name[s]);
  }
  fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"axis\">", L0 + pw / 2,
          H - 30);
  esc(f, c->xlabel);
  fprintf(f, "</text>\n<text transform=\"translate(18 %.1f) rotate(-90)\" text-anchor=\"middle\" "
             "class=\"axis\">",
          T0 + ph / 2);
  esc(f, c->ylabel);
  fprintf(f, "</text>\n<text x=\"%.1f\" y=\"%.1f\" class=\"note\">", L0, H - 8);
  esc(f, p->sample);
  fputs("</text>\n</svg>\n<figcaption>", f);
  esc(f, c->title);
  fputs("</figcaption>\n</figure>\n", f);
#undef SX
#undef SY
}

/* ---- sections ---- */

static const char *style =
    "<style>\n"
    "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#111;max-width:180mm;margin:0 auto;"
    "padding:8mm;line-height:1.4;font-size:10.5pt}\n"
    "h1{font-size:18pt;margin:0 0 4pt}h2{font-size:13.5pt;margin:18pt 0 6pt;"
    "border-bottom:1px solid #999}h3{font-size:11.5pt;margin:12pt 0 4pt}\n"
    "table{border-collapse:collapse;width:100%;margin:6pt 0;font-size:9.5pt}\n"
    "th,td{border-bottom:1px solid #ccc;padding:2pt 4pt;text-align:left;vertical-align:top}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.num{white-space:nowrap}\n"
    "thead th{border-bottom:1.5px solid #333}\n"
    ".lead{font-size:11pt}.small{font-size:8.5pt;color:#444}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:6pt;margin:8pt 0}\n"
    ".card{border:1px solid #999;padding:5pt 8pt;flex:1 1 45%;break-inside:avoid}\n"
    ".card .v{font-size:15pt;font-weight:bold}\n"
    "figure.chart{margin:8pt 0;break-inside:avoid}figure.chart svg{width:100%;height:auto}\n"
    "figcaption{font-size:9pt;color:#333}\n"
    "svg text{font-family:'DejaVu Sans',Arial,sans-serif}svg .tick{font-size:11px}"
    "svg .axis{font-size:12px}svg .legend{font-size:11px}svg .note{font-size:10px;fill:#444}\n"
    "code{font-size:8.5pt;word-break:break-all}\n"
    "a{color:#0645ad;word-break:break-all}\n"
    "@page{size:A4;margin:14mm}\n"
    "@media print{body{max-width:none;padding:0}h2{break-after:avoid}"
    "table,figure{break-inside:avoid}}\n"
    "</style>\n";

/* A fact about the run (about.csv, one row), "" if absent. */
static const char *about(const tab *ab, const char *key) { return cell(ab, 0, key); }

static void set_sample(page *p, const tab *ab, const tab *summary) {
  const char *n = about(ab, "students");
  char nb[64] = "", np[64] = "", sh[64] = "";
  double students = num(n);
  if (isnan(students) && summary->present) students = cellnum(summary, 0, "students");
  if (!isnan(students)) fmt(p, students, 0, false, nb, sizeof nb);
  double pop_n = num(about(ab, "population_students")), share = num(about(ab, "sample_share"));
  if (!isnan(pop_n)) fmt(p, pop_n, 0, false, np, sizeof np);
  if (!isnan(share)) fmt(p, 100 * share, share < 0.1 ? 1 : 0, false, sh, sizeof sh);
  const char *pop = about(ab, "population");
  const char *ef = about(ab, "entry_first"), *el = about(ab, "entry_last");
  if (!strcmp(pop, "norway") && *np)
    snprintf(p->sample, sizeof p->sample,
             L(p, "Population: Norway, %s students entering %s to %s (national totals); "
                  "sample: %s simulated students (%s %%), weighted to the population, seed %s",
               "Populasjon: Norge, %s studenter som begynte %s til %s (nasjonale tall); "
               "utvalg: %s simulerte studenter (%s %%), vektet til populasjonen, frø %s"),
             np, ef, el, nb, sh, about(ab, "seed"));
  else if (*pop && strcmp(pop, "simulated") && strcmp(pop, "norway"))
    snprintf(p->sample, sizeof p->sample, L(p, "%s; sample: %s simulated students, seed %s",
                                            "%s; utvalg: %s simulerte studenter, frø %s"),
             pop, nb, about(ab, "seed"));
  else if (*ef)
    snprintf(p->sample, sizeof p->sample,
             L(p, "Population: the simulated entrants of %s to %s only (not all of Norway); "
                  "sample: %s students, seed %s",
               "Populasjon: bare de simulerte nye studentene %s til %s (ikke hele Norge); "
               "utvalg: %s studenter, frø %s"),
             ef, el, nb, about(ab, "seed"));
  else
    snprintf(p->sample, sizeof p->sample,
             L(p, "Sample: %s simulated students", "Utvalg: %s simulerte studenter"), nb);
}

/* The interval of a reform's change in a measure: from evidence.csv's own columns if it has
   them (compare --replications; *from_evidence true), else from replications.csv. */
static bool interval(const tab *ev, int r, const tab *rep, double *lo, double *hi,
                     bool *from_evidence) {
  *from_evidence = false;
  if (col(ev, "difference_ci95_low") >= 0 && col(ev, "difference_ci95_high") >= 0) {
    *lo = cellnum(ev, r, "difference_ci95_low");
    *hi = cellnum(ev, r, "difference_ci95_high");
    if (!isnan(*lo) && !isnan(*hi)) {
      *from_evidence = true;
      return true;
    }
  }
  if (!rep->present) return false;
  char m[128];
  snprintf(m, sizeof m, "%s_nok", cell(ev, r, "measure"));
  int q = find(rep, "reform", cell(ev, r, "reform"), "measure", m, (const char *)NULL);
  if (q < 0) q = find(rep, "reform", cell(ev, r, "reform"), "measure", cell(ev, r, "measure"),
                      (const char *)NULL);
  if (q < 0) return false;
  *lo = cellnum(rep, q, "ci95_low");
  *hi = cellnum(rep, q, "ci95_high");
  return !isnan(*lo) && !isnan(*hi);
}

/* A figure's scale: NOK million when any of its values reach NOK 10 million. */
static bool in_millions(const tab *ev, int r) {
  if (strcmp(cell(ev, r, "unit"), "NOK")) return false;
  const char *cs[] = {"baseline_value", "reform_value", "difference"};
  for (int i = 0; i < 3; i++) {
    double v = cellnum(ev, r, cs[i]);
    if (!isnan(v) && fabs(v) >= 1e7) return true;
  }
  return false;
}

static void value_cell(page *p, const tab *ev, int r, const char *field, bool plus) {
  const char *raw = cell(ev, r, field);
  double v = num(raw);
  char b[64];
  bool share = !strcmp(cell(ev, r, "unit"), "share");
  bool mill = in_millions(ev, r);
  fputs("<td class=\"num\" data-reform=\"", p->f);
  esc(p->f, cell(ev, r, "reform"));
  fputs("\" data-measure=\"", p->f);
  esc(p->f, cell(ev, r, "measure"));
  fprintf(p->f, "\" data-field=\"%s\" data-value=\"", field);
  esc(p->f, raw);
  fprintf(p->f, "\" data-scale=\"%s\">", share ? "percent" : mill ? "million" : "one");
  if (isnan(v)) fputs(*raw ? "" : "", p->f);
  else if (share) {
    fmt(p, 100 * v, 1, plus, b, sizeof b);
    fprintf(p->f, "%s%s", b, plus ? L(p, " pp", " p.p.") : "\u00a0%");
  } else if (mill) fputs(fmt(p, v / 1e6, 1, plus, b, sizeof b), p->f);
  else fputs(fmt(p, v, 0, plus, b, sizeof b), p->f);
  fputs("</td>", p->f);
}

static const char *unit_text(const page *p, const tab *ev, int r) {
  const char *u = cell(ev, r, "unit");
  if (!strcmp(u, "share")) return "";
  if (in_millions(ev, r)) return L(p, "NOK million", "mill. kr");
  if (!strcmp(u, "NOK/month")) return L(p, "NOK a month", "kr per måned");
  if (!strcmp(u, "NOK")) return L(p, "NOK", "kr");
  return u;
}

static void names_of(const tab *ev, const char **names, int *n) {
  *n = 0;
  for (int r = 0; r < ev->nrows && *n < MAXS; r++) {
    const char *s = cell(ev, r, "reform");
    bool seen = false;
    for (int i = 0; i < *n; i++) seen |= !strcmp(names[i], s);
    if (!seen) names[(*n)++] = s;
  }
}

/* "lo to hi" of a reform's change, each number tagged with its evidence.csv field when it
   comes from there (so the page can be checked against the file). s scales the value for
   display (1e-6: NOK million, 100: percent, 1), dec its decimals. */
static void interval_text(page *p, const tab *ev, int r, double lo, double hi, bool tagged,
                          double s, int dec) {
  const char *scale = s == 100 ? "percent" : s == 1 ? "one" : "million";
  const char *field[2] = {"difference_ci95_low", "difference_ci95_high"};
  const double v[2] = {lo, hi};
  for (int i = 0; i < 2; i++) {
    char b[64];
    if (i) fprintf(p->f, " %s ", L(p, "to", "til"));
    if (tagged) {
      fputs("<span data-reform=\"", p->f);
      esc(p->f, cell(ev, r, "reform"));
      fputs("\" data-measure=\"", p->f);
      esc(p->f, cell(ev, r, "measure"));
      fprintf(p->f, "\" data-field=\"%s\" data-value=\"", field[i]);
      esc(p->f, cell(ev, r, field[i]));
      fprintf(p->f, "\" data-scale=\"%s\">", scale);
    }
    fputs(fmt(p, v[i] * s, dec, true, b, sizeof b), p->f);
    if (tagged) fputs("</span>", p->f);
  }
}

static void section_headline(page *p, const tab *ev, const tab *rep) {
  FILE *f = p->f;
  const char *reforms[MAXS];
  int nr;
  names_of(ev, reforms, &nr);
  fprintf(f, "<h2>%s</h2>\n", L(p, "Headline figures", "Hovedtall"));
  fprintf(f, "<p>%s</p>\n",
          L(p, "What each reform costs the state against the baseline, on the same students. "
               "Intervals (95 %) appear where the run was replicated.",
            "Hva hver reform koster staten sammenlignet med dagens regler, på de samme "
            "studentene. Intervaller (95 %) vises der kjøringen ble gjentatt."));
  fputs("<div class=\"cards\">\n", f);
  /* The budget's convention when evidence.csv has it (the first budget year and the
     full-year effect, as Prop. 1 S books them), else the cost when conversion happens; and
     the lifetime cost in present value. */
  static const char *const budget_keys[] = {"first_budget_year_cost", "full_year_effect",
                                            "net_cost_pv"};
  static const char *const plain_keys[] = {"net_cost_full_year", "net_cost_pv", NULL};
  bool budget_way = find(ev, "measure", "full_year_effect", (const char *)NULL) >= 0;
  const char *const *key = budget_way ? budget_keys : plain_keys;
  int nkeys = budget_way ? 3 : 2;
  for (int k = 0; k < nr; k++) {
    fputs("<div class=\"card\"><div><b>", f);
    esc(f, reforms[k]);
    fputs("</b></div>\n", f);
    for (int i = 0; i < nkeys; i++) {
      int r = find(ev, "reform", reforms[k], "measure", key[i], (const char *)NULL);
      if (r < 0) continue;
      char label[256], b[64];
      measure_label(p, ev, r, label, sizeof label);
      double v = cellnum(ev, r, "difference"), lo, hi;
      bool tagged;
      fprintf(f, "<div class=\"v\" data-reform=\"");
      esc(f, reforms[k]);
      fprintf(f, "\" data-measure=\"%s\" data-field=\"difference\" data-value=\"%s\" "
                 "data-scale=\"million\">%s %s</div>",
              key[i], cell(ev, r, "difference"), fmt(p, v / 1e6, 1, true, b, sizeof b),
              L(p, "NOK million", "mill. kr"));
      fputs("<div class=\"small\">", f);
      esc(f, label);
      if (interval(ev, r, rep, &lo, &hi, &tagged)) {
        fputs("; 95 %: ", f);
        interval_text(p, ev, r, lo, hi, tagged, 1e-6, 1);
      }
      fputs("</div>\n", f);
    }
    fputs("</div>\n", f);
  }
  fputs("</div>\n", f);
  for (int k = 0; k < nr; k++) {
    fputs("<h3>", f);
    esc(f, reforms[k]);
    fprintf(f, " %s ", L(p, "against", "mot"));
    esc(f, cell(ev, find(ev, "reform", reforms[k], (const char *)NULL), "baseline"));
    fprintf(f, "</h3>\n<table class=\"evidence\"><thead><tr><th>%s</th><th>%s</th>"
               "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
               "<th class=\"num\">%s</th></tr></thead><tbody>\n",
            L(p, "Figure", "Tall"), L(p, "Unit", "Enhet"), L(p, "Baseline", "Dagens regler"),
            L(p, "Reform", "Reform"), L(p, "Change", "Endring"),
            L(p, "95 % interval", "95 %-intervall"));
    for (int r = 0; r < ev->nrows; r++) {
      if (strcmp(cell(ev, r, "reform"), reforms[k])) continue;
      char label[256];
      measure_label(p, ev, r, label, sizeof label);
      fputs("<tr><td>", f);
      esc(f, label);
      fputs("</td><td>", f);
      esc(f, unit_text(p, ev, r));
      fputs("</td>", f);
      value_cell(p, ev, r, "baseline_value", false);
      value_cell(p, ev, r, "reform_value", false);
      value_cell(p, ev, r, "difference", *cell(ev, r, "baseline_value") != '\0');
      double lo, hi;
      bool tagged;
      fputs("<td class=\"num\">", f);
      if (interval(ev, r, rep, &lo, &hi, &tagged)) {
        double s = !strcmp(cell(ev, r, "unit"), "share") ? 100 : in_millions(ev, r) ? 1e-6 : 1;
        interval_text(p, ev, r, lo, hi, tagged, s, s == 1 ? 0 : 1);
      }
      fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
  }
}

/* The calendar years of budget.csv from `from` on, at most n. */
static void section_budget(page *p, const tab *bud, const tab *posts, const tab *ev) {
  FILE *f = p->f;
  if (!bud->present) return;
  const char *base = bud->nrows ? cell(bud, 0, "scenario") : "";
  const char *names[MAXS];
  int ns = 0;
  for (int r = 0; r < bud->nrows && ns < MAXS; r++) {
    const char *s = cell(bud, r, "scenario");
    bool seen = false;
    for (int i = 0; i < ns; i++) seen |= !strcmp(names[i], s);
    if (!seen) names[ns++] = s;
  }
  int first = ev->present && ev->nrows ? (int)cellnum(ev, 0, "first_budget_year") : 0;
  if (!first) first = (int)cellnum(bud, 0, "year");
  fprintf(f, "<h2>%s</h2>\n<p>%s</p>\n", L(p, "The state budget", "Statsbudsjettet"),
          L(p, "Net cost to the state by budget year: each reform minus the baseline (NOK "
               "million, current kroner). Net cost = grants + interest subsidy + interest "
               "relief + write-offs and losses + tax expenditure − tuition received.",
            "Netto kostnad for staten per budsjettår: hver reform minus dagens regler (mill. "
            "kr, løpende kroner). Netto kostnad = stipend + rentesubsidie + rentefritak + "
            "ettergivelser og tap + skatteutgift − skolepenger mottatt."));
  enum { NYEARS = 8 };
  fprintf(f, "<table class=\"budget-years\"><thead><tr><th>%s</th>", L(p, "Scenario", "Scenario"));
  for (int y = first; y < first + NYEARS; y++) fprintf(f, "<th class=\"num\">%d</th>", y);
  fputs("</tr></thead><tbody>\n", f);
  for (int s = 0; s < ns; s++) {
    fputs("<tr><td>", f);
    esc(f, names[s]);
    if (s == 0) fprintf(f, " (%s)", L(p, "level", "nivå"));
    fputs("</td>", f);
    for (int y = first; y < first + NYEARS; y++) {
      char ys[16], b[64];
      snprintf(ys, sizeof ys, "%d", y);
      int rb = find(bud, "scenario", base, "year", ys, (const char *)NULL);
      int rr = find(bud, "scenario", names[s], "year", ys, (const char *)NULL);
      double vb = rb >= 0 ? cellnum(bud, rb, "net_cost_nok") : 0;
      double vr = rr >= 0 ? cellnum(bud, rr, "net_cost_nok") : 0;
      fprintf(f, "<td class=\"num\">%s</td>",
              fmt(p, (s == 0 ? vb : vr - vb) / 1e6, 1, s != 0, b, sizeof b));
    }
    fputs("</tr>\n", f);
  }
  fputs("</tbody></table>\n", f);
  /* the chart of the same, over every year */
  chart *c = chart_new("budget-years",
                       L(p, "Net cost to the state by budget year, reform minus baseline",
                         "Netto kostnad for staten per budsjettår, reform minus dagens regler"),
                       L(p, "Budget year", "Budsjettår"), L(p, "NOK million", "Millioner kroner"),
                       false);
  if (c) {
    c->xyears = true;
    int ylo = 9999, yhi = 0;
    for (int r = 0; r < bud->nrows; r++) {
      int y = (int)cellnum(bud, r, "year");
      if (y < ylo) ylo = y;
      if (y > yhi) yhi = y;
    }
    if (yhi - ylo + 1 > MAXP) yhi = ylo + MAXP - 1;
    c->np = yhi >= ylo ? yhi - ylo + 1 : 0;
    for (int s = 1; s < ns; s++) {
      c->name[c->ns] = names[s];
      for (int i = 0; i < c->np; i++) {
        char ys[16];
        snprintf(ys, sizeof ys, "%d", ylo + i);
        c->x[i] = ylo + i;
        int rb = find(bud, "scenario", base, "year", ys, (const char *)NULL);
        int rr = find(bud, "scenario", names[s], "year", ys, (const char *)NULL);
        double vb = rb >= 0 ? cellnum(bud, rb, "net_cost_nok") : 0;
        double vr = rr >= 0 ? cellnum(bud, rr, "net_cost_nok") : 0;
        c->y[c->ns][i] = (vr - vb) / 1e6;
      }
      c->ns++;
    }
    if (c->ns) chart_draw(p, c);
    free(c);
  }
  if (!posts->present) return;
  fprintf(f, "<h3>%s</h3>\n<table class=\"budget-posts\"><thead><tr><th>%s</th><th>%s</th>"
             "<th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
             "<th class=\"num\">%s</th></tr></thead><tbody>\n",
          L(p, "By budget post: reform minus baseline (NOK million)",
            "Per budsjettpost: reform minus dagens regler (mill. kr)"),
          L(p, "Reform", "Reform"), L(p, "Chapter and post", "Kapittel og post"),
          L(p, "Name", "Navn"), L(p, "First year", "Første år"), L(p, "Full year", "Helt år"),
          L(p, "Present value", "Nåverdi"));
  for (int s = 1; s < ns; s++)
    for (int r = 0; r < posts->nrows; r++) {
      if (strcmp(cell(posts, r, "scenario"), names[s])) continue;
      int rb = find(posts, "scenario", base, "chapter", cell(posts, r, "chapter"), "post",
                    cell(posts, r, "post"), (const char *)NULL);
      if (rb < 0 || !*cell(posts, r, "pv_nok")) continue;
      const char *cs[] = {"first_year_nok", "full_year_nok", "pv_nok"};
      fputs("<tr><td>", f);
      esc(f, names[s]);
      fputs("</td><td>", f);
      esc(f, cell(posts, r, "chapter"));
      fputs(".", f);
      esc(f, cell(posts, r, "post"));
      fputs("</td><td>", f);
      esc(f, cell(posts, r, "name"));
      fputs("</td>", f);
      for (int i = 0; i < 3; i++) {
        char b[64];
        double d = cellnum(posts, r, cs[i]) - cellnum(posts, rb, cs[i]);
        fprintf(f, "<td class=\"num\">%s</td>", fmt(p, d / 1e6, 1, true, b, sizeof b));
      }
      fputs("</tr>\n", f);
    }
  fputs("</tbody></table>\n", f);
}

static void section_winners(page *p, const tab *w) {
  FILE *f = p->f;
  if (!w->present) return;
  const char *names[MAXS];
  int ns = 0;
  for (int r = 0; r < w->nrows && ns < MAXS; r++) {
    const char *s = cell(w, r, "reform");
    bool seen = false;
    for (int i = 0; i < ns; i++) seen |= !strcmp(names[i], s);
    if (!seen) names[ns++] = s;
  }
  fprintf(f, "<h2>%s</h2>\n<p>%s</p>\n", L(p, "Winners and losers", "Vinnere og tapere"),
          L(p, "A student is better off when the present value of what she gets minus what she "
               "pays is higher under the reform, on the same student, to the øre.",
            "En student kommer bedre ut når nåverdien av det hun får minus det hun betaler er "
            "høyere med reformen, for den samme studenten, på øret."));
  fprintf(f, "<table class=\"winners\"><thead><tr><th>%s</th><th class=\"num\">%s</th>"
             "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
             "<th class=\"num\">%s</th></tr></thead><tbody>\n",
          L(p, "Reform", "Reform"), L(p, "Better off", "Bedre ut"),
          L(p, "Worse off", "Dårligere ut"), L(p, "Mean gain (NOK)", "Snittgevinst (kr)"),
          L(p, "Mean loss (NOK)", "Snittap (kr)"),
          L(p, "Mean change per student (NOK)", "Snittendring per student (kr)"));
  for (int s = 0; s < ns; s++) {
    int r = find(w, "reform", names[s], "dimension", "all", (const char *)NULL);
    if (r < 0) continue;
    double n = cellnum(w, r, "students");
    char b1[64], b2[64], b3[64], b4[64], b5[64];
    fputs("<tr><td>", f);
    esc(f, names[s]);
    fprintf(f, "</td><td class=\"num\">%s %%</td><td class=\"num\">%s %%</td>"
               "<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
               "</tr>\n",
            fmt(p, 100 * cellnum(w, r, "winners") / n, 1, false, b1, sizeof b1),
            fmt(p, 100 * cellnum(w, r, "losers") / n, 1, false, b2, sizeof b2),
            fmt(p, cellnum(w, r, "winners_mean_gain_nok"), 0, false, b3, sizeof b3),
            fmt(p, cellnum(w, r, "losers_mean_loss_nok"), 0, false, b4, sizeof b4),
            fmt(p, cellnum(w, r, "mean_change_nok"), 0, true, b5, sizeof b5));
  }
  fputs("</tbody></table>\n", f);
  chart *c = chart_new("winners-decile",
                       L(p, "Mean change per student by decile of earnings after study",
                         "Gjennomsnittlig endring per student etter inntektsdesil etter studiene"),
                       L(p, "Decile of earnings after study (1 = lowest)",
                         "Desil av inntekt etter studiene (1 = lavest)"),
                       L(p, "NOK per student, present value", "Kroner per student, nåverdi"),
                       true);
  if (!c) return;
  static const char *const dec[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};
  c->np = 10;
  for (int i = 0; i < 10; i++) c->cat[i] = dec[i];
  for (int s = 0; s < ns; s++) {
    c->name[c->ns] = names[s];
    for (int i = 0; i < 10; i++) {
      int r = find(w, "reform", names[s], "dimension", "earnings_decile", "group", dec[i],
                   (const char *)NULL);
      c->y[c->ns][i] = r >= 0 ? cellnum(w, r, "mean_change_nok") : NAN;
    }
    c->ns++;
  }
  chart_draw(p, c);
  free(c);
}

/* distribution.csv: reform minus baseline in the share of each bin, bins merged to `merge`
   of the file's (debt: 10 000 NOK bins into 50 000). */
static void section_distribution(page *p, const tab *d, const char *measure, const char *id,
                                 const char *title, const char *xlabel, int merge,
                                 double xmax) {
  if (!d->present || !d->nrows) return;
  const char *base = cell(d, 0, "scenario");
  const char *names[MAXS];
  int ns = 0;
  for (int r = 0; r < d->nrows && ns < MAXS; r++) {
    const char *s = cell(d, r, "scenario");
    bool seen = false;
    for (int i = 0; i < ns; i++) seen |= !strcmp(names[i], s);
    if (!seen) names[ns++] = s;
  }
  if (ns < 2) return;
  chart *c = chart_new(id, title, xlabel,
                       L(p, "Change in share of students, percentage points",
                         "Endring i andel studenter, prosentpoeng"),
                       false);
  if (!c) return;
  double width = 0;
  for (int r = 0; r < d->nrows && width == 0; r++)
    if (!strcmp(cell(d, r, "measure"), measure))
      width = (cellnum(d, r, "to") - cellnum(d, r, "from")) * merge;
  if (!(width > 0)) {
    free(c);
    return;
  }
  c->np = (int)ceil(xmax / width);
  if (c->np > MAXP) c->np = MAXP;
  for (int i = 0; i < c->np; i++) c->x[i] = (i + 0.5) * width;
  for (int s = 1; s < ns; s++) {
    double acc[MAXP] = {0};
    for (int r = 0; r < d->nrows; r++) {
      if (strcmp(cell(d, r, "measure"), measure)) continue;
      const char *sn = cell(d, r, "scenario");
      double sign = !strcmp(sn, names[s]) ? 1 : !strcmp(sn, base) ? -1 : 0;
      int i = (int)(cellnum(d, r, "from") / width);
      if (sign != 0 && i >= 0 && i < c->np) acc[i] += sign * cellnum(d, r, "share");
    }
    c->name[c->ns] = names[s];
    for (int i = 0; i < c->np; i++) c->y[c->ns][i] = 100 * acc[i];
    c->ns++;
  }
  chart_draw(p, c);
  free(c);
}

static void section_replications(page *p, const tab *rep) {
  if (!rep->present || col(rep, "reform") < 0) return;
  FILE *f = p->f;
  fprintf(f, "<h2>%s</h2>\n<p>%s</p>\n", L(p, "Replications", "Gjentatte kjøringer"),
          L(p, "The comparison run again on independent samples of students: the mean "
               "change and its 95 % t-interval.",
            "Sammenligningen kjørt på nytt med uavhengige utvalg av studenter: gjennomsnittlig "
            "endring og 95 %-intervall."));
  static const char *const ms[] = {"net_cost_pv_nok", "state_cost_nok", "paid_out_nok",
                                   "grants_nok", "debt_end_study_mean_nok"};
  static const char *const en[] = {"Net cost, present value", "State cost",
                                   "Paid out", "Grants", "Mean debt at end of study"};
  static const char *const nb[] = {"Netto kostnad, nåverdi", "Kostnad for staten",
                                   "Utbetalt", "Stipend", "Snittgjeld ved studieslutt"};
  const char *names[MAXS];
  int ns = 0;
  for (int r = 0; r < rep->nrows && ns < MAXS; r++) {
    const char *s = cell(rep, r, "reform");
    bool seen = false;
    for (int i = 0; i < ns; i++) seen |= !strcmp(names[i], s);
    if (!seen) names[ns++] = s;
  }
  chart *c = chart_new("replications",
                       L(p, "Net cost over the cohorts' life (present value), reform minus "
                            "baseline, with 95 % interval",
                         "Netto kostnad over kullenes levetid (nåverdi), reform minus dagens "
                         "regler, med 95 %-intervall"),
                       L(p, "Reform", "Reform"), L(p, "NOK million", "Millioner kroner"), true);
  if (c) {
    c->intervals = true;
    c->ns = 1;
    c->name[0] = L(p, "mean of the replications", "snitt av kjøringene");
    for (int s = 0; s < ns && c->np < MAXP; s++) {
      int r = find(rep, "reform", names[s], "measure", "net_cost_pv_nok", (const char *)NULL);
      if (r < 0) continue;
      c->cat[c->np] = names[s];
      c->y[0][c->np] = cellnum(rep, r, "mean") / 1e6;
      c->lo[0][c->np] = cellnum(rep, r, "ci95_low") / 1e6;
      c->hi[0][c->np] = cellnum(rep, r, "ci95_high") / 1e6;
      c->np++;
    }
    if (c->np) chart_draw(p, c);
    free(c);
  }
  fprintf(f, "<table class=\"replications\"><thead><tr><th>%s</th><th>%s</th>"
             "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
             "</tr></thead><tbody>\n",
          L(p, "Reform", "Reform"), L(p, "Figure (NOK million)", "Tall (mill. kr)"),
          L(p, "Runs", "Kjøringer"), L(p, "Mean", "Snitt"), L(p, "95 % interval", "95 %-intervall"));
  for (int s = 0; s < ns; s++)
    for (size_t m = 0; m < sizeof ms / sizeof ms[0]; m++) {
      int r = find(rep, "reform", names[s], "measure", ms[m], (const char *)NULL);
      if (r < 0) continue;
      double sc = strstr(ms[m], "mean") ? 1 : 1e-6;
      char b1[64], b2[64], b3[64];
      fputs("<tr><td>", f);
      esc(f, names[s]);
      fprintf(f, "</td><td>%s%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
                 "<td class=\"num\">%s %s %s</td></tr>\n",
              p->lang == STP_LANG_NB ? nb[m] : en[m], sc == 1 ? L(p, " (NOK)", " (kr)") : "",
              cell(rep, r, "replications"),
              fmt(p, cellnum(rep, r, "mean") * sc, sc == 1 ? 0 : 1, true, b1, sizeof b1),
              fmt(p, cellnum(rep, r, "ci95_low") * sc, sc == 1 ? 0 : 1, true, b2, sizeof b2),
              L(p, "to", "til"),
              fmt(p, cellnum(rep, r, "ci95_high") * sc, sc == 1 ? 0 : 1, true, b3, sizeof b3));
    }
  fputs("</tbody></table>\n", f);
}

/* replications.csv of a plain run (scenario,measure,...): each figure with its interval. */
static void section_run_replications(page *p, const tab *rep) {
  if (!rep->present || col(rep, "scenario") < 0) return;
  FILE *f = p->f;
  fprintf(f, "<h2>%s</h2>\n<table class=\"replications\"><thead><tr><th>%s</th>"
             "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
             "</tr></thead><tbody>\n",
          L(p, "Replications: each figure with its 95 % interval",
            "Gjentatte kjøringer: hvert tall med 95 %-intervall"),
          L(p, "Figure", "Tall"), L(p, "Runs", "Kjøringer"), L(p, "Mean", "Snitt"),
          L(p, "95 % interval", "95 %-intervall"));
  chart *c = chart_new("replications",
                       L(p, "Money figures of the run: mean and 95 % interval",
                         "Kronebeløp i kjøringen: snitt og 95 %-intervall"),
                       L(p, "Figure", "Tall"), L(p, "NOK million", "Millioner kroner"), true);
  static const char *const chart_ms[] = {"paid_out_nok", "grants_nok", "loans_nok",
                                         "repaid_nok", "interest_charged_nok", "written_off_nok"};
  static const char *const chart_cat[][2] = {{"paid out", "utbetalt"}, {"grants", "stipend"},
                                             {"loans", "lån"}, {"repaid", "tilbakebetalt"},
                                             {"interest", "renter"}, {"written off", "ettergitt"}};
  for (int r = 0; r < rep->nrows; r++) {
    char b1[64], b2[64], b3[64];
    const char *m = cell(rep, r, "measure");
    bool money = strstr(m, "_nok") != NULL;
    int dec = money ? 0 : strstr(m, "_share") ? 4 : 2;
    fputs("<tr><td>", f);
    esc(f, m);
    fprintf(f, "</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
               "<td class=\"num\">%s %s %s</td></tr>\n",
            cell(rep, r, "replications"),
            fmt(p, cellnum(rep, r, "mean"), dec, false, b1, sizeof b1),
            fmt(p, cellnum(rep, r, "ci95_low"), dec, false, b2, sizeof b2), L(p, "to", "til"),
            fmt(p, cellnum(rep, r, "ci95_high"), dec, false, b3, sizeof b3));
    for (size_t i = 0; c && i < sizeof chart_ms / sizeof chart_ms[0]; i++)
      if (!strcmp(m, chart_ms[i]) && c->np < MAXP) {
        c->cat[c->np] = chart_cat[i][p->lang == STP_LANG_NB];
        c->y[0][c->np] = cellnum(rep, r, "mean") / 1e6;
        c->lo[0][c->np] = cellnum(rep, r, "ci95_low") / 1e6;
        c->hi[0][c->np] = cellnum(rep, r, "ci95_high") / 1e6;
        c->np++;
      }
  }
  fputs("</tbody></table>\n", f);
  if (c) {
    c->intervals = true;
    c->ns = 1;
    c->name[0] = "";
    if (c->np) chart_draw(p, c);
    free(c);
  }
}

static void section_sweep(page *p, const tab *sw) {
  if (!sw->present || !sw->nrows) return;
  FILE *f = p->f;
  fprintf(f, "<h2>%s</h2>\n", L(p, "Cost curve", "Kostnadskurve"));
  const char *param = cell(sw, 0, "parameter");
  char xl[256];
  snprintf(xl, sizeof xl, "%s (%s, %s %s)",
           !strcmp(param, "basic_support") ? L(p, "Basic support a year", "Basisstøtte per år")
                                           : param,
           cell(sw, 0, "unit"), L(p, "from", "fra"), cell(sw, 0, "base_year"));
  chart *c = chart_new("sweep",
                       L(p, "Net cost over the cohorts' life (present value), change from the "
                            "first value",
                         "Netto kostnad over kullenes levetid (nåverdi), endring fra første "
                         "verdi"),
                       xl, L(p, "NOK million", "Millioner kroner"), false);
  if (c) {
    c->ns = 1;
    c->name[0] = "";
    for (int r = 0; r < sw->nrows && r < MAXP; r++) {
      c->x[r] = cellnum(sw, r, "value");
      c->y[0][r] = cellnum(sw, r, "net_cost_pv_change_nok") / 1e6;
      c->np++;
    }
    chart_draw(p, c);
    free(c);
  }
  fprintf(f, "<table class=\"sweep\"><thead><tr><th class=\"num\">%s</th>"
             "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
             "</tr></thead><tbody>\n",
          xl, L(p, "Paid out (NOK million)", "Utbetalt (mill. kr)"),
          L(p, "Net cost, present value (NOK million)", "Netto kostnad, nåverdi (mill. kr)"),
          L(p, "Change (NOK million)", "Endring (mill. kr)"));
  for (int r = 0; r < sw->nrows; r++) {
    char b0[64], b1[64], b2[64], b3[64];
    fprintf(f, "<tr><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
               "<td class=\"num\">%s</td></tr>\n",
            fmt(p, cellnum(sw, r, "value"), 0, false, b0, sizeof b0),
            fmt(p, cellnum(sw, r, "paid_out_nok") / 1e6, 1, false, b1, sizeof b1),
            fmt(p, cellnum(sw, r, "net_cost_pv_nok") / 1e6, 1, false, b2, sizeof b2),
            fmt(p, cellnum(sw, r, "net_cost_pv_change_nok") / 1e6, 1, true, b3, sizeof b3));
  }
  fputs("</tbody></table>\n", f);
}

static void section_parameters(page *p, const tab *scs, const tab *pars) {
  FILE *f = p->f;
  fprintf(f, "<h2>%s</h2>\n", L(p, "What each scenario changes", "Hva hvert scenario endrer"));
  for (int k = 0; k < scs->nrows; k++) {
    const char *name = cell(scs, k, "scenario");
    fputs("<h3>", f);
    esc(f, name);
    if (k == 0) fprintf(f, " (%s)", L(p, "baseline", "dagens regler"));
    fputs("</h3>\n<p>", f);
    esc_links(f, cell(scs, k, "description"));
    fprintf(f, " <span class=\"small\">%s <code>", L(p, "Scenario file:", "Scenariofil:"));
    esc(f, cell(scs, k, "file"));
    fprintf(f, "</code>, %s ", L(p, "rules from", "regler fra"));
    esc(f, cell(scs, k, "base_year"));
    fputs(".</span></p>\n", f);
    bool any = false;
    for (int r = 0; pars->present && r < pars->nrows; r++) {
      if (strcmp(cell(pars, r, "scenario"), name)) continue;
      if (!any)
        fprintf(f, "<table class=\"parameters\"><thead><tr><th>%s</th><th>%s</th>"
                   "<th class=\"num\">%s</th><th class=\"num\">%s</th><th>%s</th>"
                   "<th>%s</th></tr></thead><tbody>\n",
                L(p, "Parameter", "Parameter"), L(p, "Unit", "Enhet"),
                L(p, "Baseline", "Dagens regler"), L(p, "Scenario", "Scenario"),
                L(p, "Set in", "Satt i"), L(p, "Source of the baseline value", "Kilde for dagens verdi"));
      any = true;
      char b1[64], b2[64];
      const char *u = cell(pars, r, "unit");
      int dec = strstr(u, "NOK") ? 0 : 4;
      fputs("<tr><td><code>", f);
      esc(f, cell(pars, r, "parameter"));
      fputs("</code></td><td>", f);
      esc(f, u);
      fprintf(f, "</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td><code>",
              fmt(p, cellnum(pars, r, "baseline_value"), dec, false, b1, sizeof b1),
              fmt(p, cellnum(pars, r, "value"), dec, false, b2, sizeof b2));
      esc(f, cell(pars, r, "set_in"));
      fputs("</code></td><td>", f);
      esc_links(f, cell(pars, r, "baseline_source"));
      fputs("</td></tr>\n", f);
    }
    if (any) fputs("</tbody></table>\n", f);
    else if (k > 0) fprintf(f, "<p>%s</p>\n", L(p, "No parameter differs.", "Ingen parametere er endret."));
  }
}

static void section_method(page *p, const tab *ab, const tab *bs) {
  FILE *f = p->f;
  fprintf(f, "<h2>%s</h2>\n", L(p, "How the figures are made", "Slik er tallene laget"));
  char dr[32] = "", pg[32] = "", pv[16] = "";
  if (bs->present && bs->nrows) {
    fmt(p, 100 * cellnum(bs, 0, "discount_rate_per_year"), 1, false, dr, sizeof dr);
    fmt(p, 100 * cellnum(bs, 0, "price_growth_per_year"), 1, false, pg, sizeof pg);
    snprintf(pv, sizeof pv, "%s", cell(bs, 0, "pv_year"));
  }
  if (p->lang == STP_LANG_NB) {
    fputs("<p>stipend følger hver student måned for måned fra første semester til lånet er "
          "betalt, ettergitt eller avsluttet: støtte utbetalt, omgjøring av lån til stipend "
          "etter bestått eksamen og fullført grad, behovsprøving mot inntekt og formue, renter "
          "og tilbakebetaling etter Lånekassens regler. Alle kronebeløp regnes eksakt i øre.</p>\n"
          "<p>Hver reform kjøres på <b>de samme studentene</b> som dagens regler: forskjellen "
          "skyldes bare regelendringen, ikke tilfeldig utvalg. Statens kostnad er stipend, "
          "rentesubsidie (statens innlånsrente minus renten studentene betaler), rentefritak, "
          "ettergivelser og tap, og skatteutgiften ved rentefradrag, minus skolepenger til "
          "offentlige institusjoner.</p>\n",
          f);
    if (*dr)
      fprintf(f, "<p>Nåverdier er diskontert til %s med %s %% realrente per år og %s %% "
                 "prisvekst.</p>\n",
              pv, dr, pg);
  } else {
    fputs("<p>stipend follows each student month by month from the first term until the loan "
          "is repaid, written off or terminated: support paid, loan converted to grant on "
          "passed exams and a completed degree, the means test against income and assets, "
          "interest and repayment by Lånekassen's rules. Every amount is exact to the øre.</p>\n"
          "<p>Each reform runs on <b>the same students</b> as the baseline, so a difference "
          "comes from the rule change alone, not from drawing other students. The state's cost "
          "is grants, the interest subsidy (the state's cost of funds minus the interest "
          "students pay), interest relief, write-offs and losses, and the tax expenditure of "
          "interest deductions, less tuition paid to public institutions.</p>\n",
          f);
    if (*dr)
      fprintf(f, "<p>Present values are discounted to %s at %s %% a year real with %s %% "
                 "price growth.</p>\n",
              pv, dr, pg);
  }
  fprintf(f, "<h3>%s</h3>\n<p>", L(p, "Sample and population", "Utvalg og populasjon"));
  esc(f, p->sample);
  const char *cohort = about(ab, "cohort");
  if (*cohort) {
    fprintf(f, ". %s ", L(p, "Students:", "Studenter:"));
    esc(f, cohort);
  }
  const char *reps = about(ab, "replications");
  if (*reps && strcmp(reps, "1")) fprintf(f, ". %s: %s", L(p, "Replications", "Gjentakelser"), reps);
  fputs(".</p>\n", f);
  const char *cmd = about(ab, "command");
  if (*cmd) {
    fprintf(f, "<h3>%s</h3>\n<p><code class=\"command\">", L(p, "To reproduce", "Gjenskape"));
    esc(f, cmd);
    fprintf(f, "</code></p>\n<p class=\"small\">%s ", L(p, "Version:", "Versjon:"));
    esc(f, about(ab, "version"));
    fprintf(f, ". %s</p>\n",
            L(p, "The same command, scenario files and datasets give the same files to the "
                 "byte, on any number of threads.",
              "Samme kommando, scenariofiler og datasett gir de samme filene byte for byte, "
              "uansett antall tråder."));
  }
}

int stp_report_write(const char *dir, stp_lang lang, stp_error *err) {
  /* Rank 0 writes every file (csvio.c); under MPI the other ranks have no folder to read. */
  if (!stp_dist_root()) return STP_OK;
  static const char *const files[] = {"about.csv",       "parameters.csv",     "evidence.csv",
                                      "scenarios.csv",
                                      "budget.csv",      "budget_posts.csv",   "budget_summary.csv",
                                      "winners.csv",     "distribution.csv",   "replications.csv",
                                      "summary.csv",     "sweep.csv"};
  enum { AB, PARS, EV, SCS, BUD, POSTS, BSUM, WIN, DIST, REP, SUM, SWEEP, NF };
  tab t[NF];
  memset(t, 0, sizeof t);
  int rc = STP_OK;
  for (int i = 0; i < NF && rc == STP_OK; i++) rc = tab_load(dir, files[i], &t[i], err);
  if (rc == STP_OK && !t[EV].present && !t[SWEEP].present && !t[SUM].present)
    rc = stp_fail(err, STP_EINVAL,
                  "%s: no evidence.csv, sweep.csv or summary.csv (not a results folder)", dir);
  char *buf = NULL;
  size_t len = 0;
  FILE *ms = rc == STP_OK ? open_memstream(&buf, &len) : NULL;
  if (rc == STP_OK && !ms) rc = stp_fail(err, STP_ENOMEM, "out of memory");
  if (rc == STP_OK) {
    page pg = {.f = ms, .lang = lang};
    page *p = &pg;
    set_sample(p, &t[AB], t[SUM].present ? &t[SUM] : &t[SWEEP]);
    const char *kind = t[EV].present ? "compare" : t[SWEEP].present ? "sweep" : "run";
    fprintf(ms, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                "style-src 'unsafe-inline'; img-src data:\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>",
            lang == STP_LANG_NB ? "nb" : "en");
    const char *title = !strcmp(kind, "compare") ? L(p, "Reforms of student finance: cost and "
                                                        "who gains",
                                                     "Endringer i studiestøtten: kostnad og "
                                                     "hvem som tjener på dem")
                        : !strcmp(kind, "sweep") ? L(p, "Cost curve of student finance",
                                                     "Kostnadskurve for studiestøtten")
                                                 : L(p, "Student finance: a simulated run",
                                                     "Studiestøtten: en simulert kjøring");
    esc(ms, title);
    fprintf(ms, "</title>\n%s</head>\n<body data-kind=\"%s\">\n<h1>", style, kind);
    esc(ms, title);
    fprintf(ms, "</h1>\n<p class=\"lead\">");
    esc(ms, p->sample);
    fputs(".</p>\n", ms);
    if (t[EV].present) section_headline(p, &t[EV], &t[REP]);
    section_budget(p, &t[BUD], &t[POSTS], &t[EV]);
    if (t[WIN].present) section_winners(p, &t[WIN]);
    if (t[EV].present && t[DIST].present) {
      fprintf(ms, "<h2>%s</h2>\n", L(p, "Debt and repayment", "Gjeld og tilbakebetaling"));
      section_distribution(p, &t[DIST], "debt_end_study_nok", "debt",
                           L(p, "Change in the distribution of debt at the end of study, "
                                "reform minus baseline (borrowers, NOK 50 000 bands)",
                             "Endring i fordelingen av gjeld ved studieslutt, reform minus "
                             "dagens regler (låntakere, 50 000 kr brede intervaller)"),
                           L(p, "Debt at the end of study (NOK)", "Gjeld ved studieslutt (kr)"),
                           5, 1500000);
      section_distribution(p, &t[DIST], "years_to_repay_years", "repay",
                           L(p, "Change in years to repay, reform minus baseline (those who "
                                "repaid in full, 2-year bands)",
                             "Endring i år til lånet er nedbetalt, reform minus dagens regler "
                             "(de som betalte alt, 2-års intervaller)"),
                           L(p, "Years from the first bill to the last payment",
                             "År fra første regning til siste innbetaling"),
                           2, 40);
    }
    if (t[EV].present) section_replications(p, &t[REP]);
    else section_run_replications(p, &t[REP]);
    section_sweep(p, &t[SWEEP]);
    if (t[SCS].present) section_parameters(p, &t[SCS], &t[PARS]);
    section_method(p, &t[AB], &t[BSUM]);
    fputs("</body>\n</html>\n", ms);
    fclose(ms);
    char path[1200];
    stp_csv_writer *w;
    snprintf(path, sizeof path, "%s/report.html", dir);
    rc = stp_csv_writer_open(path, &w, err);
    if (rc == STP_OK) {
      stp_csv_raw(w, buf, len);
      rc = stp_csv_writer_commit(w, err);
    }
  }
  free(buf);
  for (int i = 0; i < NF; i++) tab_free(&t[i]);
  return rc;
}

int stp_report_add(const char *dir, stp_lang lang, stp_error *err) {
  bool results = false;
  static const char *const heads[] = {"evidence.csv", "sweep.csv", "summary.csv"};
  for (int i = 0; i < 3; i++) {
    char p[1200];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, heads[i]);
    results |= stat(p, &st) == 0 && S_ISREG(st.st_mode);
  }
  if (!results)
    return stp_fail(err, STP_EINVAL,
                    "%s: no evidence.csv, sweep.csv or summary.csv (not a results folder)", dir);
  /* report.html joins the set it is made from: a new version of the folder, current in one
     step, so a failed report leaves the folder as it was. */
  static const char *const drop[] = {"report.html", NULL};
  stp_resultset *set;
  int rc = stp_resultset_amend(dir, 0, "report", drop, &set, err);
  if (rc != STP_OK) return rc;
  rc = stp_report_write(stp_resultset_staging(set), lang, err);
  stp_resultset_name_target(set, err);
  if (rc == STP_OK) return stp_resultset_commit(set, err);
  stp_resultset_abort(set);
  return rc;
}
