/* plot.c: the charts of a results folder, drawn by gnuplot with the scripts in plots/ (one
   per chart). The CSV files are read only to find out what there is to draw (scenarios,
   reforms, the axis range); gnuplot draws the rest. */
#include "plot.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csvio.h"
#include "datasets.h"
#include "money.h"
#include "resultset.h"

extern char **environ;

#define MAX_NAMES 32

/* What one CSV file holds, as far as the charts need. */
typedef struct table {
  const char *file;              /* path, for messages */
  const char *const *need;       /* columns that must be there */
  int col[16];                   /* index of each needed column */
  char names[MAX_NAMES][128];    /* scenarios (or reforms) in order of first appearance */
  int nnames;
  int rows;
  /* distribution.csv: the debt axis */
  double cum[MAX_NAMES];         /* cumulative share of debt rows so far, per scenario */
  double debt_to99;              /* NOK: largest "to" at which a scenario reaches 99.5 % */
  int debt_rows, repay_rows;
  /* sweep.csv */
  char parameter[64], unit[32], scenario[128], base_year[16];
  bool money, has_pv;
  int pv_col, full_year_col, full_year;
} table;

static int column_of(int n, char **f, const char *name) {
  for (int i = 0; i < n; i++)
    if (strcmp(f[i], name) == 0) return i;
  return -1;
}

static int name_index(table *t, const char *name, stp_error *err) {
  for (int i = 0; i < t->nnames; i++)
    if (strcmp(t->names[i], name) == 0) return i;
  if (t->nnames == MAX_NAMES)
    return stp_fail(err, STP_ERANGE, "%s: more than %d scenarios: plot fewer at a time", t->file,
                    MAX_NAMES);
  if (strpbrk(name, "\"'\\") || strlen(name) >= sizeof t->names[0])
    return stp_fail(err, STP_EINVAL,
                    "%s: scenario name '%s' cannot be plotted (quotes or too long)", t->file,
                    name);
  snprintf(t->names[t->nnames], sizeof t->names[0], "%s", name);
  return t->nnames++;
}

static int read_row(void *ctx, int line, int n, char **f, stp_error *err) {
  table *t = ctx;
  if (t->rows++ == 0) {
    for (int i = 0; t->need[i]; i++) {
      t->col[i] = column_of(n, f, t->need[i]);
      if (t->col[i] < 0)
        return stp_fail(err, STP_EINVAL, "%s:%d: no column '%s' (is this a stipend results file?)",
                        t->file, line, t->need[i]);
    }
    t->pv_col = column_of(n, f, "net_cost_pv_nok");
    t->full_year_col = column_of(n, f, "full_year");
    if (t->full_year_col < 0) t->pv_col = -1; /* both or neither */
    return STP_OK;
  }
  for (int i = 0; t->need[i]; i++)
    if (t->col[i] >= n) return stp_fail(err, STP_EINVAL, "%s:%d: too few fields", t->file, line);
  int k = name_index(t, f[t->col[0]], err);
  if (k < 0) return k;
  if (strcmp(t->need[1], "measure") == 0) { /* distribution.csv */
    const char *m = f[t->col[1]];
    if (strcmp(m, "debt_end_study_nok") == 0) {
      t->debt_rows++;
      double share = atof(f[t->col[3]]), to = atof(f[t->col[2]]);
      if (t->cum[k] < 0.995 && to > t->debt_to99) t->debt_to99 = to;
      t->cum[k] += share;
    } else if (strcmp(m, "years_to_repay_years") == 0) {
      t->repay_rows++;
    }
  } else if (strcmp(t->need[1], "parameter") == 0 && t->rows == 2) { /* sweep.csv */
    snprintf(t->parameter, sizeof t->parameter, "%s", f[t->col[1]]);
    snprintf(t->unit, sizeof t->unit, "%s", f[t->col[2]]);
    snprintf(t->scenario, sizeof t->scenario, "%s", f[t->col[0]]);
    snprintf(t->base_year, sizeof t->base_year, "%s", f[t->col[4]]);
    t->money = f[t->col[3]][0] != '\0';
    t->has_pv = t->pv_col >= 0 && t->pv_col < n && f[t->pv_col][0] && t->full_year_col < n;
    if (t->has_pv) {
      /* A calendar year or nothing: strtol, not atoi (undefined beyond int). */
      char *end;
      long y = strtol(f[t->full_year_col], &end, 10);
      t->full_year = *end || y < 1900 || y > 9999 ? 0 : (int)y;
    }
  } else if (strcmp(t->need[1], "dimension") == 0) { /* winners.csv: reforms with deciles */
    if (strcmp(f[t->col[1]], "earnings_decile") != 0) return STP_OK;
  }
  return STP_OK;
}

/* Read `name` in dir if it is there: 1 read, 0 absent, < 0 error. */
static int read_table(const char *dir, const char *name, const char *const *need, table *t,
                      char *path, size_t n, stp_error *err) {
  memset(t, 0, sizeof *t);
  snprintf(path, n, "%s/%s", dir, name);
  if (access(path, F_OK) != 0) return 0;
  t->file = path;
  t->need = need;
  int rc = stp_csv_read_file(path, read_row, t, err);
  if (rc != STP_OK) return rc;
  if (t->rows < 2) return stp_fail(err, STP_EINVAL, "%s: no rows to plot", path);
  return 1;
}

/* The sample under every chart: students and seed from the first row of summary.csv (or
   sweep.csv). */
typedef struct sample {
  int students_col, seed_col, rows;
  char students[32], seed[32];
} sample;

static int sample_row(void *ctx, int line, int n, char **f, stp_error *err) {
  (void)line;
  (void)err;
  sample *s = ctx;
  if (s->rows++ == 0) {
    s->students_col = column_of(n, f, "students");
    s->seed_col = column_of(n, f, "seed");
  } else if (s->rows == 2) {
    if (s->students_col >= 0 && s->students_col < n)
      snprintf(s->students, sizeof s->students, "%s", f[s->students_col]);
    if (s->seed_col >= 0 && s->seed_col < n)
      snprintf(s->seed, sizeof s->seed, "%s", f[s->seed_col]);
  }
  return STP_OK;
}

/* about.csv (compare, run --replications; docs/report.md): what the figures are of. */
typedef struct about_row {
  int rows, col[7];
  char v[7][32];
} about_row;

static const char *const about_keys[7] = {"population", "population_students", "sample_share",
                                          "students", "seed", "entry_first", "entry_last"};

static int about_read(void *ctx, int line, int n, char **f, stp_error *err) {
  (void)line;
  (void)err;
  about_row *a = ctx;
  for (int i = 0; i < 7; i++) {
    if (a->rows == 0) a->col[i] = column_of(n, f, about_keys[i]);
    else if (a->rows == 1 && a->col[i] >= 0 && a->col[i] < n)
      snprintf(a->v[i], sizeof a->v[i], "%s", f[a->col[i]]);
  }
  a->rows++;
  return STP_OK;
}

/* a whole count with thousands grouped by a space (200 000), grouped as money is: the count
   read as whole kroner, its two decimals dropped; text that is not a count is kept as it is */
static void group_digits(char *g, size_t n, const char *digits) {
  char *end;
  errno = 0;
  long long v = strtoll(digits, &end, 10);
  if (end == digits || *end || errno || v < 0 || v > INT64_MAX / 100) {
    snprintf(g, n, "%s", digits);
    return;
  }
  char buf[48];
  stp_money_grouped((stp_money)v * 100, buf, sizeof buf);
  buf[strlen(buf) - 3] = '\0';
  snprintf(g, n, "%s", buf);
}

static void sample_note(const char *dir, char *note, size_t n) {
  static const char *const files[] = {"summary.csv", "sweep.csv"};
  note[0] = '\0';
  /* the national population (about.csv says so): Norway, and the sample that stands for it */
  char path[1200];
  about_row ab = {0};
  stp_error aerr = {0};
  snprintf(path, sizeof path, "%s/about.csv", dir);
  if (access(path, F_OK) == 0 && stp_csv_read_file(path, about_read, &ab, &aerr) == STP_OK &&
      strcmp(ab.v[0], "norway") == 0 && ab.v[1][0] && ab.v[3][0]) {
    char np[48], ns[48];
    group_digits(np, sizeof np, ab.v[1]);
    group_digits(ns, sizeof ns, ab.v[3]);
    snprintf(note, n,
             "Population: Norway, %s students entering %s to %s (national totals); sample: %s "
             "simulated students (share %g), weighted, seed %s",
             np, ab.v[5], ab.v[6], ns, atof(ab.v[2]), ab.v[4]);
    return;
  }
  for (int i = 0; i < 2 && !note[0]; i++) {
    sample s = {.students_col = -1, .seed_col = -1};
    stp_error err = {0};
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    if (access(path, F_OK) != 0 || stp_csv_read_file(path, sample_row, &s, &err) != STP_OK ||
        !s.students[0])
      continue;
    char g[48];
    group_digits(g, sizeof g, s.students);
    snprintf(note, n,
             "Sample: %s simulated students per scenario, seed %s; population: the simulated "
             "entrants only, not all of Norway",
             g, s.seed[0] ? s.seed : "-");
  }
}

/* ---- gnuplot ---- */

/* gnuplot's single-quoted string: a ' is written twice. */
static void gp_string(char *buf, size_t n, const char *var, const char *value) {
  size_t len = strlen(buf);
  len += (size_t)snprintf(buf + len, n > len ? n - len : 0, "%s='", var);
  for (const char *p = value; *p && len + 3 < n; p++) {
    if (*p == '\'') buf[len++] = '\'';
    buf[len++] = *p;
  }
  if (len + 3 < n) {
    buf[len++] = '\'';
    buf[len++] = ';';
    buf[len++] = ' ';
  }
  buf[len < n ? len : n - 1] = '\0';
}

static void gp_number(char *buf, size_t n, const char *var, double v) {
  size_t len = strlen(buf);
  snprintf(buf + len, n > len ? n - len : 0, "%s=%.17g; ", var, v);
}

/* The scenario names as gnuplot words: "a" "b". */
static void gp_words(char *buf, size_t n, const table *t) {
  char words[MAX_NAMES * 132] = "";
  size_t len = 0;
  for (int i = 0; i < t->nnames; i++)
    len += (size_t)snprintf(words + len, sizeof words - len, "%s\"%s\"", i ? " " : "",
                            t->names[i]);
  gp_string(buf, n, "scenarios", words);
}

/* The gnuplot program: $STIPEND_GNUPLOT, else gnuplot on PATH; NULL if there is none. */
static const char *find_gnuplot(char *buf, size_t n) {
  const char *env = getenv("STIPEND_GNUPLOT");
  if (env && *env) return access(env, X_OK) == 0 ? env : NULL;
  const char *path = getenv("PATH");
  if (!path) return NULL;
  while (*path) {
    const char *colon = strchr(path, ':');
    size_t len = colon ? (size_t)(colon - path) : strlen(path);
    if (len > 0) {
      snprintf(buf, n, "%.*s/gnuplot", (int)len, path);
      if (access(buf, X_OK) == 0) return buf;
    }
    path += len + (colon ? 1 : 0);
  }
  return NULL;
}

typedef struct plotter {
  const char *gnuplot;   /* program */
  const char *scripts;   /* plots/ */
  const char *out;       /* folder the charts are written into (the result set's staging) */
  const char *shown;     /* the folder they become current in (for the listing) */
  bool png, svg;
  FILE *listing;         /* where each file written is named (NULL: nowhere) */
  int written;
} plotter;

/* Name a file written on the listing: "  FOLDER/NAME". */
static void listed(const plotter *pl, const char *name, const char *ext) {
  if (pl->listing) fprintf(pl->listing, "  %s/%s.%s\n", pl->shown, name, ext);
}

static bool file_size_ok(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && st.st_size > 0;
}

/* Render script (plots/<script>.gp) with the assignments vars into out/<name>.<fmt>. */
static int render_one(plotter *pl, const char *script, const char *name, const char *vars,
                      const char *fmt, stp_error *err) {
  char final[1200], tmp[1300], errpath[1300], assigns[8192] = "", gp[1100];
  snprintf(final, sizeof final, "%s/%s.%s", pl->out, name, fmt);
  snprintf(tmp, sizeof tmp, "%s/.%s.tmp-%ld.%s", pl->out, name, (long)getpid(), fmt);
  snprintf(errpath, sizeof errpath, "%s/.%s.tmp-%ld.log", pl->out, name, (long)getpid());
  snprintf(gp, sizeof gp, "%s/%s.gp", pl->scripts, script);
  gp_string(assigns, sizeof assigns, "dir", pl->scripts);
  gp_string(assigns, sizeof assigns, "out", tmp);
  gp_string(assigns, sizeof assigns, "fmt", fmt);
  snprintf(assigns + strlen(assigns), sizeof assigns - strlen(assigns), "%s", vars);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  char *argv[] = {(char *)pl->gnuplot, "-e", assigns, gp, NULL};
  pid_t pid;
  int rc = posix_spawn(&pid, pl->gnuplot, &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    remove(errpath);
    return stp_fail(err, STP_EIO, "cannot run %s: %s", pl->gnuplot, strerror(rc));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  /* gnuplot's first complaint, if any: an empty chart ("no valid points") is a failure too. */
  char first[400] = "";
  FILE *ef = fopen(errpath, "r");
  bool empty = false;
  if (ef) {
    char line[400];
    while (fgets(line, sizeof line, ef)) {
      line[strcspn(line, "\n")] = '\0';
      if (!line[0] || strspn(line, " ^") == strlen(line)) continue;
      if (strstr(line, "no valid points")) empty = true;
      if (!first[0] || strstr(line, "rror")) snprintf(first, sizeof first, "%s", line);
    }
    fclose(ef);
  }
  remove(errpath);
  bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && !empty && file_size_ok(tmp);
  if (!ok) {
    remove(tmp);
    return stp_fail(err, STP_EIO, "gnuplot failed on %s for %s.%s%s%s", gp, name, fmt,
                    first[0] ? ": " : "", first);
  }
  if (rename(tmp, final) != 0) {
    int e = errno;
    remove(tmp);
    return stp_fail(err, STP_EIO, "%s: cannot rename from %s: %s", final, tmp, strerror(e));
  }
  listed(pl, name, fmt);
  pl->written++;
  return STP_OK;
}

static int render(plotter *pl, const char *script, const char *name, const char *vars,
                  stp_error *err) {
  int rc = STP_OK;
  if (pl->png) rc = render_one(pl, script, name, vars, "png", err);
  if (rc == STP_OK && pl->svg) rc = render_one(pl, script, name, vars, "svg", err);
  return rc;
}

/* ---- reform minus baseline ----
   Where the scenarios' levels would lie on top of each other (debt and years-to-repay
   distributions, the cost by year), a comparison is drawn as each reform's change from the
   baseline (the first scenario), band by band, from a file computed here: series,from,to,value
   in the chart's folder beside the chart, so the bars can be read as numbers too. */

#define MAX_BANDS 400

typedef struct change {
  const char *file;              /* for messages */
  const char *measure;           /* distribution.csv: the measure's rows only; NULL: all */
  const char *xcol, *vcol, *v2col; /* band position, value (minus v2col's if given) */
  double lo, width;              /* band b is [lo + b * width, lo + (b + 1) * width) */
  double scale;                  /* value × scale (100: shares in percentage points) */
  int c_s, c_m, c_x, c_v, c_v2, rows;
  char names[MAX_NAMES][128];
  int ns;
  double v[MAX_NAMES][MAX_BANDS];
  bool has[MAX_BANDS];
} change;

static int change_row(void *ctx, int line, int n, char **f, stp_error *err) {
  change *c = ctx;
  if (c->rows++ == 0) {
    c->c_s = column_of(n, f, "scenario");
    c->c_m = c->measure ? column_of(n, f, "measure") : -1;
    c->c_x = column_of(n, f, c->xcol);
    c->c_v = column_of(n, f, c->vcol);
    c->c_v2 = c->v2col ? column_of(n, f, c->v2col) : -1;
    if (c->c_s < 0 || c->c_x < 0 || c->c_v < 0 || (c->measure && c->c_m < 0) ||
        (c->v2col && c->c_v2 < 0))
      return stp_fail(err, STP_EINVAL, "%s:%d: no column scenario, %s or %s", c->file, line,
                      c->xcol, c->vcol);
    return STP_OK;
  }
  int need[] = {c->c_s, c->c_m, c->c_x, c->c_v, c->c_v2};
  for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
    if (need[i] >= n) return stp_fail(err, STP_EINVAL, "%s:%d: too few fields", c->file, line);
  if (c->measure && strcmp(f[c->c_m], c->measure) != 0) return STP_OK;
  int k = -1;
  for (int i = 0; i < c->ns; i++)
    if (strcmp(c->names[i], f[c->c_s]) == 0) k = i;
  if (k < 0) {
    if (c->ns == MAX_NAMES)
      return stp_fail(err, STP_ERANGE, "%s: more than %d scenarios: plot fewer at a time",
                      c->file, MAX_NAMES);
    if (strpbrk(f[c->c_s], "\"'\\,") || strlen(f[c->c_s]) >= sizeof c->names[0])
      return stp_fail(err, STP_EINVAL, "%s: scenario name '%s' cannot be plotted", c->file,
                      f[c->c_s]);
    k = c->ns++;
    snprintf(c->names[k], sizeof c->names[0], "%s", f[c->c_s]);
  }
  double b = floor((atof(f[c->c_x]) - c->lo) / c->width + 1e-9);
  if (b < 0) return STP_OK;
  int bi = b >= MAX_BANDS - 1 ? MAX_BANDS - 1 : (int)b; /* the last band holds the rest */
  double v = atof(f[c->c_v]) - (c->c_v2 >= 0 ? atof(f[c->c_v2]) : 0);
  c->v[k][bi] += v * c->scale;
  c->has[bi] = true;
  return STP_OK;
}

/* A step of 1, 2, 2.5 or 5 times a power of ten giving about n intervals over span. */
static double nice_step(double span, int n) {
  if (!(span > 0)) return 1;
  double raw = span / n, p = pow(10, floor(log10(raw)));
  double m = raw / p;
  return p * (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10);
}

/* v with `dec` decimals and its thousands grouped by a space: "-1 250.5". */
static void grouped_number(char *buf, size_t n, double v, int dec, bool group) {
  char raw[64];
  snprintf(raw, sizeof raw, "%.*f", dec, fabs(v) < 1e-12 ? 0.0 : v);
  const char *digits = raw[0] == '-' ? raw + 1 : raw;
  size_t intlen = strcspn(digits, "."), o = 0;
  if (raw[0] == '-' && o + 1 < n) buf[o++] = '-';
  for (size_t i = 0; digits[i] && o + 2 < n; i++) {
    if (group && i > 0 && i < intlen && (intlen - i) % 3 == 0 && intlen > 4) buf[o++] = ' ';
    buf[o++] = digits[i];
  }
  buf[o] = '\0';
}

/* gnuplot tics as a list of ("label" position) from lo to hi by step. */
static void gp_tics(char *vars, size_t n, const char *var, double lo, double hi, double step,
                    double shown, bool group) {
  char list[2048] = "(";
  size_t len = 1;
  int dec = 0;
  while (dec < 3 && fabs(step * shown * pow(10, dec) - round(step * shown * pow(10, dec))) > 1e-6)
    dec++;
  for (double v = ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9 && len + 64 < sizeof list;
       v += step) {
    char t[48];
    grouped_number(t, sizeof t, v * shown, dec, group);
    len += (size_t)snprintf(list + len, sizeof list - len, "%s\"%s\" %.10g", len > 1 ? ", " : "",
                            t, v);
  }
  snprintf(list + len, sizeof list - len, ")");
  gp_string(vars, n, var, list);
}

typedef struct change_chart {
  const char *name, *title, *xlabel, *ylabel;
  double xmin, xmax;   /* the x axis (NaN: from the bands with data) */
  bool xyears;         /* x are years: labels as written, one per year if there is room */
  double xshown;       /* a tick's label is its position × xshown (1000: NOK thousands) */
} change_chart;

/* Write out/<name>.csv from c (reform minus the first scenario) and draw it. */
static int render_change(plotter *pl, change *c, const change_chart *cc, const char *note,
                         stp_error *err) {
  if (c->ns < 2) return STP_OK;
  int b0 = -1, b1 = -1;
  for (int b = 0; b < MAX_BANDS; b++)
    if (c->has[b]) {
      if (b0 < 0) b0 = b;
      b1 = b;
    }
  if (b0 < 0) return STP_OK;
  if (!isnan(cc->xmin)) b0 = (int)floor((cc->xmin - c->lo) / c->width);
  if (!isnan(cc->xmax)) b1 = (int)ceil((cc->xmax - c->lo) / c->width) - 1;
  if (b0 < 0) b0 = 0;
  if (b1 >= MAX_BANDS) b1 = MAX_BANDS - 1;
  char path[1200];
  snprintf(path, sizeof path, "%s/%s.csv", pl->out, cc->name);
  stp_csv_writer *w = NULL;
  int rc = stp_csv_writer_open(path, &w, err);
  if (rc != STP_OK) return rc;
  static const char *const h[] = {"series", "from", "to", "value"};
  for (int i = 0; i < 4; i++) stp_csv_field(w, h[i]);
  stp_csv_endrow(w);
  double ylo = 0, yhi = 0;
  for (int k = 1; k < c->ns; k++)
    for (int b = b0; b <= b1; b++) {
      double d = c->v[k][b] - c->v[0][b];
      if (d < ylo) ylo = d;
      if (d > yhi) yhi = d;
      stp_csv_field(w, c->names[k]);
      stp_csv_real(w, c->lo + b * c->width, 6);
      stp_csv_real(w, c->lo + (b + 1) * c->width, 6);
      stp_csv_real(w, d, 6);
      stp_csv_endrow(w);
    }
  if ((rc = stp_csv_writer_commit(w, err)) != STP_OK) return rc;
  listed(pl, cc->name, "csv");
  /* zero always on the axis, a little room above the bars for the legend; changes too small
     to see (under 0.5 % of the largest) do not open a half of the axis */
  if (ylo < 0 && -ylo < 0.005 * yhi) ylo = 0;
  if (yhi > 0 && yhi < 0.005 * -ylo) yhi = 0;
  if (ylo == yhi) yhi = 1;
  double ystep = nice_step(yhi - ylo, 6);
  ylo = floor(ylo / ystep) * ystep;
  yhi = ceil((yhi + 0.12 * (yhi - ylo)) / ystep) * ystep;
  double xlo = c->lo + b0 * c->width, xhi = c->lo + (b1 + 1) * c->width;
  double xstep = cc->xyears ? (xhi - xlo <= 14 ? 1 : nice_step(xhi - xlo, 8))
                            : nice_step(xhi - xlo, 6);
  if (cc->xyears && xstep < 1) xstep = 1;
  if (!cc->xyears) xstep = ceil(xstep / c->width - 1e-9) * c->width; /* ticks on band edges */
  char vars[8000] = "", words[MAX_NAMES * 132] = "";
  size_t len = 0;
  for (int k = 1; k < c->ns; k++)
    len += (size_t)snprintf(words + len, sizeof words - len, "%s\"%s\"", k > 1 ? " " : "",
                            c->names[k]);
  gp_string(vars, sizeof vars, "note", note);
  gp_string(vars, sizeof vars, "data", path);
  gp_string(vars, sizeof vars, "series", words);
  gp_string(vars, sizeof vars, "title", cc->title);
  gp_string(vars, sizeof vars, "xlabel", cc->xlabel);
  gp_string(vars, sizeof vars, "ylabel", cc->ylabel);
  gp_number(vars, sizeof vars, "xlo", xlo);
  gp_number(vars, sizeof vars, "xhi", xhi);
  gp_number(vars, sizeof vars, "ylo", ylo);
  gp_number(vars, sizeof vars, "yhi", yhi);
  double first = cc->xyears ? ceil(xlo) : xlo;
  gp_tics(vars, sizeof vars, "xtics_list", first, xhi, xstep, cc->xshown, !cc->xyears);
  gp_tics(vars, sizeof vars, "ytics_list", ylo, yhi, ystep, 1, true);
  return render(pl, "change", cc->name, vars, err);
}

/* ---- the intervals of a replicated comparison ----
   evidence.csv of compare --replications N gives each figure's mean change over the N
   comparisons and its 95 % interval: the cost figures of each reform as bars with their
   intervals (NOK million), from a series,from,to,value,lo,hi file beside the chart. */

typedef struct interval_row {
  int rows, c_r, c_m, c_u, c_mean, c_lo, c_hi;
  int n;
  char reform[64][128], measure[64][48];
  double mean[64], lo[64], hi[64];
} interval_row;

static int interval_read(void *ctx, int line, int n, char **f, stp_error *err) {
  (void)line;
  (void)err;
  interval_row *t = ctx;
  if (t->rows++ == 0) {
    t->c_r = column_of(n, f, "reform");
    t->c_m = column_of(n, f, "measure");
    t->c_u = column_of(n, f, "unit");
    t->c_mean = column_of(n, f, "difference_mean");
    t->c_lo = column_of(n, f, "difference_ci95_low");
    t->c_hi = column_of(n, f, "difference_ci95_high");
    return STP_OK;
  }
  int need[] = {t->c_r, t->c_m, t->c_u, t->c_mean, t->c_lo, t->c_hi};
  for (int i = 0; i < 6; i++)
    if (need[i] < 0 || need[i] >= n) return STP_OK;
  if (strcmp(f[t->c_u], "NOK") || !f[t->c_lo][0] || !f[t->c_hi][0] || t->n == 64) return STP_OK;
  if (strpbrk(f[t->c_r], "\"'\\,") || strlen(f[t->c_r]) >= sizeof t->reform[0] ||
      strlen(f[t->c_m]) >= sizeof t->measure[0])
    return STP_OK;
  snprintf(t->reform[t->n], sizeof t->reform[0], "%s", f[t->c_r]);
  snprintf(t->measure[t->n], sizeof t->measure[0], "%s", f[t->c_m]);
  t->mean[t->n] = atof(f[t->c_mean]);
  t->lo[t->n] = atof(f[t->c_lo]);
  t->hi[t->n] = atof(f[t->c_hi]);
  t->n++;
  return STP_OK;
}

static int intervals_chart(plotter *pl, const char *dir, const char *note, interval_row *t,
                           stp_error *err) {
  char path[1200];
  snprintf(path, sizeof path, "%s/evidence.csv", dir);
  if (access(path, F_OK) != 0) return STP_OK;
  int rc = stp_csv_read_file(path, interval_read, t, err);
  if (rc != STP_OK || t->n == 0) return rc;
  /* the budget's convention when evidence.csv has it, else the cost when conversion happens */
  static const char *const budget_way[] = {"first_budget_year_cost", "full_year_effect",
                                           "net_cost_pv"};
  static const char *const plain_way[] = {"net_cost_first_year", "net_cost_full_year",
                                          "net_cost_pv"};
  static const char *const words[] = {"first budget year", "full year", "present value"};
  bool bw = false;
  for (int i = 0; i < t->n; i++) bw |= !strcmp(t->measure[i], "full_year_effect");
  const char *const *keys = bw ? budget_way : plain_way;
  char reforms[16][128];
  int nr = 0;
  for (int i = 0; i < t->n && nr < 16; i++) {
    bool seen = false;
    for (int k = 0; k < nr; k++) seen |= !strcmp(reforms[k], t->reform[i]);
    if (!seen) snprintf(reforms[nr++], sizeof reforms[0], "%s", t->reform[i]);
  }
  char out[1200];
  snprintf(out, sizeof out, "%s/net-cost-intervals.csv", pl->out);
  stp_csv_writer *w = NULL;
  if ((rc = stp_csv_writer_open(out, &w, err)) != STP_OK) return rc;
  static const char *const h[] = {"series", "from", "to", "value", "lo", "hi"};
  for (int i = 0; i < 6; i++) stp_csv_field(w, h[i]);
  stp_csv_endrow(w);
  double ylo = 0, yhi = 0;
  int rows = 0;
  for (int m = 0; m < 3; m++)
    for (int k = 0; k < nr; k++)
      for (int i = 0; i < t->n; i++) {
        if (strcmp(t->reform[i], reforms[k]) || strcmp(t->measure[i], keys[m])) continue;
        const double v[3] = {t->mean[i] / 1e6, t->lo[i] / 1e6, t->hi[i] / 1e6};
        stp_csv_field(w, words[m]);
        stp_csv_real(w, k + 0.5, 1);
        stp_csv_real(w, k + 1.5, 1);
        for (int j = 0; j < 3; j++) {
          stp_csv_real(w, v[j], 6);
          if (v[j] < ylo) ylo = v[j];
          if (v[j] > yhi) yhi = v[j];
        }
        stp_csv_endrow(w);
        rows++;
      }
  if ((rc = stp_csv_writer_commit(w, err)) != STP_OK) return rc;
  listed(pl, "net-cost-intervals", "csv");
  if (rows == 0) return STP_OK;
  if (ylo == yhi) yhi = 1;
  double ystep = nice_step(yhi - ylo, 6);
  ylo = floor(ylo / ystep) * ystep;
  yhi = ceil((yhi + 0.3 * (yhi - ylo)) / ystep) * ystep; /* room for the legend */
  char vars[8000] = "", list[2048] = "(";
  size_t len = 1;
  for (int k = 0; k < nr; k++)
    len += (size_t)snprintf(list + len, sizeof list - len, "%s\"%s\" %d", k ? ", " : "",
                            reforms[k], k + 1);
  snprintf(list + len, sizeof list - len, ")");
  gp_string(vars, sizeof vars, "note", note);
  gp_string(vars, sizeof vars, "data", out);
  gp_string(vars, sizeof vars, "series", "\"first budget year\" \"full year\" \"present value\"");
  gp_string(vars, sizeof vars, "title",
            "Net cost to the state, reform minus baseline: mean over the replications with its "
            "95 % interval");
  gp_string(vars, sizeof vars, "xlabel", "reform");
  gp_string(vars, sizeof vars, "ylabel", "NOK million");
  gp_number(vars, sizeof vars, "xlo", 0.5);
  gp_number(vars, sizeof vars, "xhi", nr + 0.5);
  gp_number(vars, sizeof vars, "ylo", ylo);
  gp_number(vars, sizeof vars, "yhi", yhi);
  gp_number(vars, sizeof vars, "errorbars", 1);
  gp_string(vars, sizeof vars, "xtics_list", list);
  gp_tics(vars, sizeof vars, "ytics_list", ylo, yhi, ystep, 1, true);
  return render(pl, "change", "net-cost-intervals", vars, err);
}

static int render_intervals(plotter *pl, const char *dir, const char *note, stp_error *err) {
  interval_row *t = calloc(1, sizeof *t); /* large: not on the stack */
  if (!t) return stp_fail(err, STP_ENOMEM, "plot: out of memory");
  int rc = intervals_chart(pl, dir, note, t, err);
  free(t);
  return rc;
}

/* Read dir/file into c (absent: c->ns stays 0). */
static int read_change(const char *dir, const char *file, change *c, stp_error *err) {
  char path[1200];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  if (access(path, F_OK) != 0) return STP_OK;
  c->file = path;
  int rc = stp_csv_read_file(path, change_row, c, err);
  c->file = file;
  return rc;
}

/* A file name from a reform name: letters, digits, '.', '-', '_' kept, others '_'. */
static void safe_name(char *buf, size_t n, const char *prefix, const char *name) {
  size_t len = (size_t)snprintf(buf, n, "%s", prefix);
  for (const char *p = name; *p && len + 1 < n; p++) {
    char c = *p;
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '-' || c == '_';
    buf[len++] = keep ? c : '_';
  }
  buf[len] = '\0';
}

/* ---- the scripts and the whole set ---- */

int stp_plot_scripts(const char *given, const char *datasets, char *buf, size_t n,
                     stp_error *err) {
  if (!given || !*given) given = getenv("STIPEND_PLOTS");
  char probe[1200];
  if (given && *given) {
    snprintf(buf, n, "%s", given);
    snprintf(probe, sizeof probe, "%s/common.gp", buf);
    if (access(probe, R_OK) != 0)
      return stp_fail(err, STP_EINVAL, "no gnuplot scripts in '%s' (plots/common.gp missing)",
                      given);
    return STP_OK;
  }
  const char *ds = stp_datasets_dir(datasets);
  char parent[1024];
  snprintf(parent, sizeof parent, "%s", ds);
  size_t len = strlen(parent);
  while (len > 1 && parent[len - 1] == '/') parent[--len] = '\0';
  char *slash = strrchr(parent, '/');
  if (slash && slash != parent) *slash = '\0';
  else snprintf(parent, sizeof parent, "%s", slash ? "/" : ".");
  snprintf(buf, n, "%s/plots", parent);
  snprintf(probe, sizeof probe, "%s/common.gp", buf);
  if (access(probe, R_OK) != 0)
    return stp_fail(err, STP_EIO,
                    "cannot find the gnuplot scripts: %s/common.gp is missing (give --plots DIR "
                    "or set STIPEND_PLOTS)",
                    buf);
  return STP_OK;
}

/* The files a chart is drawn from. */
static const char *const inputs[] = {"distribution.csv", "cashflow.csv", "winners.csv",
                                     "sweep.csv"};

bool stp_plot_has_input(const char *dir) {
  char path[1200];
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, inputs[i]);
    if (access(path, F_OK) == 0) return true;
  }
  return false;
}

int stp_plot_draw(const char *dir, const stp_plot_opts *o, int *written, stp_error *err) {
  plotter pl = {.scripts = o->scripts, .png = o->png, .svg = o->svg, .listing = o->listing};
  char gpbuf[1100];
  /* What is there to draw? */
  static const char *const dist_cols[] = {"scenario", "measure", "to", "share", NULL};
  static const char *const cf_cols[] = {"scenario", "year", "paid_out_nok", "repaid_nok", NULL};
  static const char *const win_cols[] = {"reform", "dimension", "group", "students", "winners",
                                         "losers", "mean_change_nok", NULL};
  static const char *const sweep_cols[] = {"scenario", "parameter", "unit", "value_nok",
                                           "base_year", "value", "state_cost_nok",
                                           "grants_nok", NULL};
  /* large: not on the stack */
  struct work {
    table dist, cf, win, sw;
    change ch;
  } *w = calloc(1, sizeof *w);
  if (!w) return stp_fail(err, STP_ENOMEM, "plot: out of memory");
  table *dist = &w->dist, *cf = &w->cf, *win = &w->win, *sw = &w->sw;
  change *ch = &w->ch;
  char p1[1200], p2[1200], p3[1200], p4[1200];
  int has_dist, has_cf, has_win, has_sw;
  if ((has_dist = read_table(dir, "distribution.csv", dist_cols, dist, p1, sizeof p1, err)) < 0 ||
      (has_cf = read_table(dir, "cashflow.csv", cf_cols, cf, p2, sizeof p2, err)) < 0 ||
      (has_win = read_table(dir, "winners.csv", win_cols, win, p3, sizeof p3, err)) < 0 ||
      (has_sw = read_table(dir, "sweep.csv", sweep_cols, sw, p4, sizeof p4, err)) < 0) {
    free(w);
    return err->code;
  }
  int rc = STP_OK;
  if (!has_dist && !has_cf && !has_win && !has_sw)
    rc = stp_fail(err, STP_EINVAL,
                    "%s: nothing to plot (no distribution.csv, cashflow.csv, winners.csv or "
                    "sweep.csv)",
                    dir);
  pl.gnuplot = rc ? NULL : find_gnuplot(gpbuf, sizeof gpbuf);
  if (!rc && !pl.gnuplot)
    rc = stp_fail(err, STP_EIO,
                    "gnuplot not found (%s): install it, e.g. apt-get install gnuplot-nox (sh "
                    "scripts/setup.sh does)",
                    getenv("STIPEND_GNUPLOT") && *getenv("STIPEND_GNUPLOT") ? "$STIPEND_GNUPLOT"
                                                                          : "not on PATH");
  stp_resultset *set;
  char out[1100];
  if (o->out) snprintf(out, sizeof out, "%s", o->out);
  else snprintf(out, sizeof out, "%s/plots", dir);
  /* The charts as one set (resultset.h): a failed gnuplot leaves the previous charts. */
  if (rc == STP_OK)
    rc = stp_resultset_begin(out, STP_RESULT_FOLDER, o->result_flags, "plot", &set, err);
  if (rc != STP_OK) {
    free(w);
    return rc;
  }
  pl.out = stp_resultset_staging(set);
  pl.shown = out;

  if (pl.listing) fprintf(pl.listing, "charts of %s:\n", dir);
  char vars[6000], note[512];
  sample_note(dir, note, sizeof note);
  rc = STP_OK;
  /* A comparison: reform minus baseline where the levels would overlap. */
  bool cmp_dist = has_dist && dist->nnames >= 2, cmp_cf = has_cf && cf->nnames >= 2;
    double debt_axis = ceil(dist->debt_to99 / 100000.0) * 100000.0;
  if (cmp_dist && dist->debt_rows) {
    *ch = (change){.measure = "debt_end_study_nok", .xcol = "from", .vcol = "share",
                  .lo = 0, .width = 50000, .scale = 100};
    rc = read_change(dir, "distribution.csv", ch, err);
    change_chart cc = {.name = "debt-end-study-change",
                       .title = "Debt at end of study: change in the share of borrowers in each "
                                "NOK 50 000 band, reform minus baseline",
                       .xlabel = "debt at end of study (NOK)",
                       .ylabel = "change in the share of borrowers (percentage points)",
                       .xmin = 0, .xmax = debt_axis, .xshown = 1};
    if (rc == STP_OK) rc = render_change(&pl, ch, &cc, note, err);
  } else if (has_dist && dist->debt_rows) {
    vars[0] = '\0';
    gp_string(vars, sizeof vars, "note", note);
    gp_string(vars, sizeof vars, "data", p1);
    gp_words(vars, sizeof vars, dist);
    /* The axis ends where every scenario has 99.5 % of its borrowers, in NOK 100 000. */
    gp_number(vars, sizeof vars, "xmax", debt_axis);
    gp_tics(vars, sizeof vars, "xtics_list", 0, debt_axis / 1000.0,
            nice_step(debt_axis / 1000.0, 6), 1, true);
    rc = render(&pl, "debt", "debt-end-study", vars, err);
  }
  if (rc == STP_OK && cmp_dist && dist->repay_rows) {
    *ch = (change){.measure = "years_to_repay_years", .xcol = "from", .vcol = "share", .lo = 0,
                  .width = 2, .scale = 100};
    rc = read_change(dir, "distribution.csv", ch, err);
    change_chart cc = {.name = "years-to-repay-change",
                       .title = "Years to repay: change in the share of those who repaid in "
                                "full, by 2-year band, reform minus baseline",
                       .xlabel = "years from the first bill to the last payment",
                       .ylabel = "change in the share of those who repaid (percentage points)",
                       .xmin = NAN, .xmax = NAN, .xshown = 1};
    if (rc == STP_OK) rc = render_change(&pl, ch, &cc, note, err);
  } else if (rc == STP_OK && has_dist && dist->repay_rows) {
    vars[0] = '\0';
    gp_string(vars, sizeof vars, "note", note);
    gp_string(vars, sizeof vars, "data", p1);
    gp_words(vars, sizeof vars, dist);
    rc = render(&pl, "repay", "years-to-repay", vars, err);
  }
  if (rc == STP_OK && cmp_cf) {
    /* the net cost to the state by budget year (budget.csv), else the net cash flow to
       students (cashflow.csv: paid out minus repaid) */
    char bpath[1200];
    snprintf(bpath, sizeof bpath, "%s/budget.csv", dir);
    bool budget = access(bpath, F_OK) == 0;
    *ch = (change){.xcol = "year", .vcol = budget ? "net_cost_nok" : "paid_out_nok",
                  .v2col = budget ? NULL : "repaid_nok", .lo = 1899.5, .width = 1,
                  .scale = 1e-6};
    rc = read_change(dir, budget ? "budget.csv" : "cashflow.csv", ch, err);
    change_chart cc = {
        .name = budget ? "net-cost-by-year-change" : "cashflow-change",
        .title = budget ? "Net cost to the state by budget year, reform minus baseline"
                        : "Net cash flow to students (paid out minus repaid) by calendar "
                          "year, reform minus baseline",
        .xlabel = budget ? "budget year" : "calendar year",
        .ylabel = "NOK million a year (current kroner)",
        .xmin = NAN, .xmax = NAN, .xyears = true, .xshown = 1};
    if (rc == STP_OK) rc = render_change(&pl, ch, &cc, note, err);
  } else if (rc == STP_OK && has_cf) {
    vars[0] = '\0';
    gp_string(vars, sizeof vars, "note", note);
    gp_string(vars, sizeof vars, "data", p2);
    gp_words(vars, sizeof vars, cf);
    rc = render(&pl, "cashflow", "cashflow", vars, err);
  }
  if (rc == STP_OK && has_win) rc = render_intervals(&pl, dir, note, err);
  if (rc == STP_OK && has_win) {
    for (int i = 0; rc == STP_OK && i < win->nnames; i++) {
      char name[200];
      vars[0] = '\0';
      gp_string(vars, sizeof vars, "note", note);
      gp_string(vars, sizeof vars, "data", p3);
      gp_string(vars, sizeof vars, "reform", win->names[i]);
      safe_name(name, sizeof name, "winners-", win->names[i]);
      rc = render(&pl, "winners", name, vars, err);
    }
  }
  if (rc == STP_OK && has_sw) {
    char xunit[96];
    vars[0] = '\0';
    gp_string(vars, sizeof vars, "note", note);
    gp_string(vars, sizeof vars, "data", p4);
    gp_string(vars, sizeof vars, "param", sw->parameter);
    gp_string(vars, sizeof vars, "scenario", sw->scenario);
    gp_string(vars, sizeof vars, "xcol", sw->money ? "value_nok" : "value");
    if (sw->money) snprintf(xunit, sizeof xunit, "NOK in %s", sw->base_year);
    else snprintf(xunit, sizeof xunit, "%s", sw->unit);
    gp_string(vars, sizeof vars, "xunit", xunit);
    gp_number(vars, sizeof vars, "has_pv", sw->has_pv ? 1 : 0);
    gp_number(vars, sizeof vars, "full_year", sw->full_year);
    /* Present values are in the kroner of the base year's calendar year (its start). */
    char pvy[8];
    snprintf(pvy, sizeof pvy, "%.4s", sw->base_year);
    gp_string(vars, sizeof vars, "pv_year", pvy);
    rc = render(&pl, "costcurve", "cost-curve", vars, err);
  }
  if (rc == STP_OK) rc = stp_resultset_commit(set, err);
  else stp_resultset_abort(set);
  free(w);
  if (rc == STP_OK && written) *written = pl.written;
  return rc;
}

