#include "analytics/uncertainty.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "rng.h"

/* The design's own stream of the counter generator (rng.h: any number not used for
   students): row j of the design is "student" j of it. */
#define DESIGN_STREAM 0x756e63u
static bool number(const char *s, const char **end, double *v) {
  char *e;
  *v = strtod(s, &e);
  if (e == s || isnan(*v)) return false;
  *end = e;
  return true;
}

int stp_unc_parse(const char *text, stp_unc_input *out, stp_error *err) {
  memset(out, 0, sizeof *out);
  const char *eq = strchr(text, '=');
  if (!eq || eq == text)
    return stp_fail(err, STP_EINVAL, "'%s': expected KEY=DIST (e.g. economy.wage_growth="
                    "normal:0.035:0.005)", text);
  if ((size_t)(eq - text) >= sizeof out->key)
    return stp_fail(err, STP_EINVAL, "'%s': key too long", text);
  memcpy(out->key, text, (size_t)(eq - text));
  const char *d = eq + 1;
  static const struct {
    const char *name;
    stp_unc_kind kind;
    int nargs;
  } kinds[] = {{"uniform:", STP_UNC_UNIFORM, 2},
               {"normal:", STP_UNC_NORMAL, 2},
               {"triangular:", STP_UNC_TRIANGULAR, 3}};
  int which = -1;
  for (int i = 0; i < 3; i++)
    if (strncmp(d, kinds[i].name, strlen(kinds[i].name)) == 0) which = i;
  if (which < 0)
    return stp_fail(err, STP_EINVAL, "%s: '%s': the distribution is uniform:LO:HI, "
                    "normal:MEAN:SD or triangular:LO:MODE:HI", out->key, d);
  out->kind = kinds[which].kind;
  const char *p = d + strlen(kinds[which].name);
  double v[3] = {0, 0, 0};
  for (int i = 0; i < kinds[which].nargs; i++) {
    const char *end;
    if (!number(p, &end, &v[i]) || (i + 1 < kinds[which].nargs ? *end != ':' : *end != '\0'))
      return stp_fail(err, STP_EINVAL, "%s: '%s': expected %d numbers separated by ':'",
                      out->key, d, kinds[which].nargs);
    if (isinf(v[i])) /* 1e999: beyond a double, never taken as infinity */
      return stp_fail(err, STP_EINVAL, "%s: '%s': %.*s is beyond the largest number, %g",
                      out->key, d, (int)(end - p), p, DBL_MAX);
    p = end + 1;
  }
  out->a = v[0];
  out->b = v[1];
  out->c = v[2];
  switch (out->kind) {
  case STP_UNC_UNIFORM:
    if (!(out->a < out->b))
      return stp_fail(err, STP_EINVAL, "%s: '%s': LO must be below HI", out->key, d);
    break;
  case STP_UNC_NORMAL:
    if (!(out->b > 0)) return stp_fail(err, STP_EINVAL, "%s: '%s': SD must be above 0", out->key, d);
    break;
  case STP_UNC_TRIANGULAR:
    if (!(out->a < out->c && out->a <= out->b && out->b <= out->c))
      return stp_fail(err, STP_EINVAL, "%s: '%s': need LO <= MODE <= HI and LO < HI", out->key, d);
    break;
  }
  return STP_OK;
}

double stp_unc_quantile(const stp_unc_input *in, double u) {
  switch (in->kind) {
  case STP_UNC_UNIFORM:
    return in->a + u * (in->b - in->a);
  case STP_UNC_NORMAL:
    return in->a + in->b * gsl_cdf_ugaussian_Pinv(u);
  case STP_UNC_TRIANGULAR: {
    double lo = in->a, mode = in->b, hi = in->c, f = (mode - lo) / (hi - lo);
    return u < f ? lo + sqrt(u * (hi - lo) * (mode - lo))
                 : hi - sqrt((1 - u) * (hi - lo) * (hi - mode));
  }
  }
  return NAN;
}

void stp_unc_design_free(stp_unc_design *d) {
  free(d->a);
  free(d->b);
  d->a = d->b = NULL;
}

int stp_unc_design_make(const stp_unc_input *in, int k, int n, uint64_t seed,
                        stp_unc_design *d, stp_error *err) {
  memset(d, 0, sizeof *d);
  if (k < 1 || k > STP_UNC_MAX_INPUTS)
    return stp_fail(err, STP_EINVAL, "between 1 and %d uncertain assumptions (--vary), not %d",
                    STP_UNC_MAX_INPUTS, k);
  if (n < 2 || n > STP_UNC_MAX_DRAWS)
    return stp_fail(err, STP_EINVAL, "--draws: between 2 and %d, not %d", STP_UNC_MAX_DRAWS, n);
  d->n = n;
  d->k = k;
  memcpy(d->in, in, (size_t)k * sizeof *in);
  d->a = malloc((size_t)n * (size_t)k * sizeof *d->a);
  d->b = malloc((size_t)n * (size_t)k * sizeof *d->b);
  gsl_rng *r = stp_rng_alloc();
  if (!d->a || !d->b || !r) {
    if (r) stp_rng_free(r);
    return stp_fail(err, STP_ENOMEM, "out of memory");
  }
  /* Row j from the stream of (seed, j) alone: A's k uniforms, then B's; open (0, 1), so
     the inverse normal stays finite. */
  for (int j = 0; j < n; j++) {
    stp_rng_seek(r, seed, (uint64_t)j, DESIGN_STREAM);
    for (int i = 0; i < k; i++) d->a[(size_t)j * k + i] = stp_unc_quantile(&in[i], gsl_rng_uniform_pos(r));
    for (int i = 0; i < k; i++) d->b[(size_t)j * k + i] = stp_unc_quantile(&in[i], gsl_rng_uniform_pos(r));
  }
  stp_rng_free(r);
  return STP_OK;
}

long stp_unc_runs(const stp_unc_design *d) { return (long)d->n * (d->k + 2); }

void stp_unc_point(const stp_unc_design *d, long r, double *x, char *name, size_t size) {
  int m = (int)(r / d->n), j = (int)(r % d->n);
  for (int i = 0; i < d->k; i++) {
    bool from_b = m == 1 || m == 2 + i;
    x[i] = (from_b ? d->b : d->a)[(size_t)j * d->k + i];
  }
  if (name) {
    if (m < 2) snprintf(name, size, "%s", m == 0 ? "A" : "B");
    else snprintf(name, size, "AB%d", m - 1);
  }
}

int stp_unc_analyse(const stp_unc_design *d, const double *y, stp_unc_stats *out,
                    stp_error *err) {
  memset(out, 0, sizeof *out);
  long runs = stp_unc_runs(d);
  int n = d->n, k = d->k;
  for (long r = 0; r < runs; r++)
    if (isnan(y[r])) {
      out->empty = true;
      return STP_OK;
    }
  double *ab = malloc(2 * (size_t)n * sizeof *ab);
  if (!ab) return stp_fail(err, STP_ENOMEM, "out of memory");
  memcpy(ab, y, 2 * (size_t)n * sizeof *ab); /* the A runs, then the B runs */
  out->mean = gsl_stats_mean(ab, 1, 2 * (size_t)n);
  out->sd = gsl_stats_sd_m(ab, 1, 2 * (size_t)n, out->mean);
  gsl_sort(ab, 1, 2 * (size_t)n);
  out->p5 = gsl_stats_quantile_from_sorted_data(ab, 1, 2 * (size_t)n, 0.05);
  out->p50 = gsl_stats_quantile_from_sorted_data(ab, 1, 2 * (size_t)n, 0.50);
  out->p95 = gsl_stats_quantile_from_sorted_data(ab, 1, 2 * (size_t)n, 0.95);
  free(ab);
  /* Centred values; V over A and B with divisor 2n (the estimators' own normalisation). */
  const double c = out->mean;
  const double *fa = y, *fb = y + n;
  double v = 0;
  for (int j = 0; j < n; j++) v += (fa[j] - c) * (fa[j] - c) + (fb[j] - c) * (fb[j] - c);
  v /= 2.0 * n;
  out->variance = v;
  /* Relative to the scale of the figure: below this the spread is rounding, not variance. */
  if (!(v > 1e-24 * (c * c + 1))) {
    out->constant = true;
    return STP_OK;
  }
  double sum = 0;
  for (int i = 0; i < k; i++) {
    const double *fab = y + (size_t)(2 + i) * n;
    double vi = 0, vti = 0;
    for (int j = 0; j < n; j++) {
      vi += (fb[j] - c) * (fab[j] - fa[j]);       /* Saltelli 2010, table 2 (b) */
      vti += (fa[j] - fab[j]) * (fa[j] - fab[j]); /* Jansen 1999, table 2 (f) */
    }
    out->first[i] = vi / n / v;
    out->total[i] = vti / (2.0 * n) / v;
    out->share[i] = out->first[i] < 0 ? 0 : out->first[i] > 1 ? 1 : out->first[i];
    sum += out->share[i];
  }
  if (sum > 1)
    for (int i = 0; i < k; i++) out->share[i] /= sum;
  double kept = 0;
  for (int i = 0; i < k; i++) kept += out->share[i];
  out->remainder = kept >= 1 ? 0 : 1 - kept;
  return STP_OK;
}
