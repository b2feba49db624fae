/* microdata.c: the microdata CSV format. One table of columns drives the header, the writer,
   the reader and the checks, so the three cannot drift apart. Floats are written with nine
   significant digits, which reads back to the same float: replay is exact. */
#include "microdata.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "numtext.h"
#include "params.h"
#include "rules/tuition.h"

typedef enum {
  K_U64,      /* uint64_t id */
  K_YEAR,     /* int, academic year "2024-25" or its start year 2024 */
  K_INT,      /* int */
  K_U8,       /* uint8_t, a count or 0/1 */
  K_SEX, K_LEVEL, K_CATEGORY, K_INST, K_EXEMPTION, K_REGION, /* uint8_t by name */
  K_FLOAT,    /* float */
  K_MONEY     /* stp_money, NOK with up to two decimals */
} kind;

typedef struct column {
  char name[24];
  kind k;
  size_t off;   /* offset in stp_student */
  double lo, hi;/* allowed range (NOK for money) */
} column;

#define OFF(f) offsetof(stp_student, f)
#define NCOLS (28 + 2 * STP_MAX_STUDY_YEARS + STP_MAX_STUDY_YEARS + 1)

static column cols[NCOLS];
static int ncols;

static void add(const char *name, kind k, size_t off, double lo, double hi) {
  column *c = &cols[ncols++];
  snprintf(c->name, sizeof c->name, "%s", name);
  c->k = k;
  c->off = off;
  c->lo = lo;
  c->hi = hi;
}

static void build_columns(void) {
  if (ncols) return;
  char name[24];
  add("id", K_U64, OFF(id), 0, 0);
  add("entry_year", K_YEAR, OFF(entry_year), STP_FIRST_YEAR, STP_MAX_YEAR - 8);
  add("birth_year", K_INT, OFF(birth_year), 1900, STP_MAX_YEAR);
  add("sex", K_SEX, OFF(sex), 0, 1);
  add("level", K_LEVEL, OFF(level), 0, STP_LEVEL_COUNT - 1);
  add("normed_years", K_U8, OFF(normed_years), 1, STP_MAX_STUDY_YEARS);
  add("funding_category", K_CATEGORY, OFF(funding_category), 0, STP_CATEGORY_COUNT - 1);
  add("institution_type", K_INST, OFF(institution_type), 0, STP_INST_COUNT - 1);
  add("non_eea", K_U8, OFF(non_eea), 0, 1);
  add("exemption", K_EXEMPTION, OFF(exemption), 0, STP_EXEMPTION_COUNT - 1);
  add("at_home", K_U8, OFF(at_home), 0, 1);
  add("children", K_U8, OFF(children), 0, 20);
  add("disability", K_U8, OFF(disability), 0, 1);
  add("married", K_U8, OFF(married), 0, 1);
  add("region", K_REGION, OFF(region), 0, STP_REGION_COUNT - 1);
  add("years", K_U8, OFF(years), 1, STP_MAX_STUDY_YEARS);
  for (int k = 0; k < STP_MAX_STUDY_YEARS; k++) {
    snprintf(name, sizeof name, "credits_y%d", k + 1);
    add(name, K_U8, OFF(credits) + (size_t)k, 0, 60);
  }
  for (int k = 0; k < STP_MAX_STUDY_YEARS; k++) {
    snprintf(name, sizeof name, "passed_y%d", k + 1);
    add(name, K_U8, OFF(passed) + (size_t)k, 0, 60);
  }
  add("completed", K_U8, OFF(completed), 0, 1);
  add("continues", K_U8, OFF(continues), 0, 1);
  add("works", K_U8, OFF(works), 0, 1);
  add("borrows", K_U8, OFF(borrows), 0, 1);
  add("emigrates", K_U8, OFF(emigrates), 0, 1);
  add("take_up_share", K_FLOAT, OFF(take_up), 0, 1);
  for (int k = 0; k <= STP_MAX_STUDY_YEARS; k++) {
    snprintf(name, sizeof name, "income_y%d_nok", k);
    add(name, K_MONEY, OFF(income) + (size_t)k * sizeof(stp_money), 0, 1e9);
  }
  add("assets_nok", K_MONEY, OFF(assets), -1e9, 1e10);
  add("tuition_private_nok", K_MONEY, OFF(tuition_private), 0, 1e7);
  add("prior_debt_nok", K_MONEY, OFF(prior_debt), 0, 1e8);
  add("earn_log_level", K_FLOAT, OFF(earn_log_level), 0, 20);
  add("earn_shock_sd", K_FLOAT, OFF(earn_shock_sd), 0, 2);
  add("defer_propensity", K_FLOAT, OFF(defer_propensity), 0, 1000);
}

const char *const *stp_microdata_columns(int *n) {
  static const char *names[NCOLS];
  build_columns();
  for (int i = 0; i < ncols; i++) names[i] = cols[i].name;
  *n = ncols;
  return names;
}

/* ---- values ---- */

static uint8_t *u8(stp_student *s, const column *c) { return (uint8_t *)((char *)s + c->off); }

static int parse_value(const column *c, const char *t, stp_student *s, stp_error *err) {
  /* errno is set to 0 only before the C library's conversions: the plain forms, nearly every
     field, need no call to find it. */
  char *end;
  int v;
  switch (c->k) {
  case K_U64: {
    if (t[0] == '-' || !t[0]) return stp_fail(err, STP_EINVAL, "'%s' is not a whole number >= 0", t);
    long x;
    const char *pe;
    if (stp_plain_int(t, &x, &pe) && !*pe) {
      s->id = (uint64_t)x;
      return STP_OK;
    }
    errno = 0;
    unsigned long long u = strtoull(t, &end, 10);
    if (*end || end == t || !isdigit((unsigned char)t[0]))
      return stp_fail(err, STP_EINVAL, "'%s' is not a whole number >= 0", t);
    if (errno == ERANGE || u > UINT64_MAX)
      return stp_fail(err, STP_ERANGE, "%s is beyond the largest id, %llu", t,
                      (unsigned long long)UINT64_MAX);
    s->id = u;
    return STP_OK;
  }
  case K_YEAR: case K_INT: {
    long x;
    const char *pe;
    if (stp_plain_int(t, &x, &pe)) {
      end = (char *)(uintptr_t)pe;
    } else {
      errno = 0;
      x = strtol(t, &end, 10);
      if (end == t) return stp_fail(err, STP_EINVAL, "'%s' is not a whole number", t);
      /* Beyond long, strtol holds x at LONG_MIN/MAX: outside every column's range below. */
    }
    if (c->k == K_YEAR && *end == '-') {
      /* "2024-25": the second part must follow the first */
      char *e2;
      long y2 = strtol(end + 1, &e2, 10);
      if (*e2 || e2 - end != 3 || y2 != (x % 100 + 1) % 100) /* x + 1 could overflow */
        return stp_fail(err, STP_EINVAL, "'%s' is not an academic year such as 2024-25", t);
    } else if (*end) {
      return stp_fail(err, STP_EINVAL, "'%s' is not a whole number", t);
    }
    if (x < c->lo || x > c->hi)
      return stp_fail(err, STP_ERANGE, "%.*s is outside %.0f..%.0f", (int)(end - t), t, c->lo,
                      c->hi);
    *(int *)((char *)s + c->off) = (int)x;
    return STP_OK;
  }
  case K_U8: {
    long x;
    const char *pe;
    if (!stp_plain_int(t, &x, &pe) || *pe) {
      errno = 0;
      x = strtol(t, &end, 10); /* beyond long: held at LONG_MIN/MAX, outside the range */
      if (end == t || *end) return stp_fail(err, STP_EINVAL, "'%s' is not a whole number", t);
    }
    if (x < c->lo || x > c->hi)
      return stp_fail(err, STP_ERANGE, "%s is outside %.0f..%.0f", t, c->lo, c->hi);
    *u8(s, c) = (uint8_t)x;
    return STP_OK;
  }
  case K_SEX: case K_LEVEL: case K_CATEGORY: case K_INST: case K_REGION: {
    int rc = c->k == K_SEX        ? stp_sex_parse(t, &v)
             : c->k == K_LEVEL    ? stp_level_parse(t, &v)
             : c->k == K_CATEGORY ? stp_category_parse(t, &v)
             : c->k == K_INST     ? stp_institution_parse(t, &v)
                                  : stp_region_parse(t, &v);
    if (rc != STP_OK) return stp_fail(err, STP_EINVAL, "unknown value '%s'", t);
    *u8(s, c) = (uint8_t)v;
    return STP_OK;
  }
  case K_EXEMPTION: {
    stp_exemption e;
    if (stp_exemption_parse(t, &e) != STP_OK)
      return stp_fail(err, STP_EINVAL, "unknown exemption ground '%s'", t);
    *u8(s, c) = (uint8_t)e;
    return STP_OK;
  }
  case K_FLOAT: {
    float x;
    if (!stp_plain_float(t, &x)) {
      errno = 0;
      x = strtof(t, &end);
      /* Below float (1e-45) is a number near 0, beyond it (1e39) ±HUGE_VALF: both numbers,
         for the range check. */
      if (end == t || *end || (errno && errno != ERANGE) || isnan(x) ||
          (isinf(x) && errno != ERANGE))
        return stp_fail(err, STP_EINVAL, "'%s' is not a number", t);
    }
    if (!(x >= c->lo && x <= c->hi))
      return stp_fail(err, STP_ERANGE, "%s is outside %g..%g", t, c->lo, c->hi);
    *(float *)((char *)s + c->off) = x;
    return STP_OK;
  }
  case K_MONEY: {
    stp_money m;
    int mrc = stp_money_scan(t, &m);
    if (mrc == STP_EINVAL)
      return stp_fail(err, STP_EINVAL, "'%s' is not an amount in NOK (at most two decimals)", t);
    if (mrc == STP_ERANGE || (double)m < c->lo * 100 || (double)m > c->hi * 100)
      return stp_fail(err, STP_ERANGE, "%s is outside %.0f..%.0f NOK", t, c->lo, c->hi);
    *(stp_money *)((char *)s + c->off) = m;
    return STP_OK;
  }
  }
  return stp_fail(err, STP_EINVAL, "internal: unknown column kind");
}

static void write_value(stp_csv_writer *w, const column *c, const stp_student *s) {
  const char *p = (const char *)s + c->off;
  char ybuf[16];
  switch (c->k) {
  case K_U64: stp_csv_int(w, (long long)s->id); break;
  case K_YEAR:
    snprintf(ybuf, sizeof ybuf, "%d-%02d", *(const int *)p, (*(const int *)p + 1) % 100);
    stp_csv_field(w, ybuf);
    break;
  case K_INT: stp_csv_int(w, *(const int *)p); break;
  case K_U8: stp_csv_int(w, *(const uint8_t *)p); break;
  case K_SEX: stp_csv_field(w, stp_sex_name(*(const uint8_t *)p)); break;
  case K_LEVEL: stp_csv_field(w, stp_level_name(*(const uint8_t *)p)); break;
  case K_CATEGORY: stp_csv_field(w, stp_category_name(*(const uint8_t *)p)); break;
  case K_INST: stp_csv_field(w, stp_institution_name(*(const uint8_t *)p)); break;
  case K_REGION: stp_csv_field(w, stp_region_name(*(const uint8_t *)p)); break;
  case K_EXEMPTION: stp_csv_field(w, stp_exemption_name((stp_exemption) * (const uint8_t *)p)); break;
  case K_FLOAT: stp_csv_fieldf(w, "%.9g", (double)*(const float *)p); break;
  case K_MONEY: stp_csv_money(w, *(const stp_money *)p); break;
  }
}

int stp_microdata_check(const stp_student *s, const char **column, stp_error *err) {
  static char name[24];
#define BAD(col, ...) (*column = (col), stp_fail(err, STP_EINVAL, __VA_ARGS__))
  if (s->normed_years != stp_level_normed_years(s->level))
    return BAD("normed_years", "%d does not match level %s (%d years)", s->normed_years,
               stp_level_name(s->level), stp_level_normed_years(s->level));
  if (s->birth_year > s->entry_year - 15 || s->birth_year < s->entry_year - 70)
    return BAD("birth_year", "age at entry %d is outside 15..70", s->entry_year - s->birth_year);
  for (int k = 0; k < STP_MAX_STUDY_YEARS; k++) {
    if (k >= s->years && (s->credits[k] || s->passed[k])) {
      snprintf(name, sizeof name, "credits_y%d", k + 1);
      return BAD(name, "credits after the last year enrolled (years = %d) must be 0", s->years);
    }
    if (s->passed[k] > s->credits[k]) {
      snprintf(name, sizeof name, "passed_y%d", k + 1);
      return BAD(name, "%d credits passed is more than the %d taken", s->passed[k],
                 s->credits[k]);
    }
  }
  for (int k = s->years + 1; k <= STP_MAX_STUDY_YEARS; k++)
    if (s->income[k]) {
      snprintf(name, sizeof name, "income_y%d_nok", k);
      return BAD(name, "income after the last calendar year of study (y%d) must be 0", s->years);
    }
  if (!s->non_eea && s->exemption != STP_EXEMPT_EEA)
    return BAD("exemption", "an EEA student (non_eea = 0) has ground 'eea', not '%s'",
               stp_exemption_name((stp_exemption)s->exemption));
  if (s->non_eea && s->exemption == STP_EXEMPT_EEA)
    return BAD("exemption", "a non-EEA student cannot have ground 'eea'");
  if (s->borrows && s->take_up <= 0)
    return BAD("take_up_share", "a borrowing student takes more than 0 of the loan");
  if (s->continues && !(s->completed && s->level == STP_LEVEL_BACHELOR))
    return BAD("continues", "only a completed bachelor can continue straight to a master");
  if (s->institution_type != STP_INST_PRIVATE && s->tuition_private)
    return BAD("tuition_private_nok", "only a private institution charges tuition this way");
#undef BAD
  return STP_OK;
}

/* ---- reading ---- */

typedef struct reader {
  const char *path;
  stp_microdata_fn fn;
  void *ctx;
  int map[NCOLS];   /* file column -> table column */
  bool seen[NCOLS]; /* table columns named in the header */
  int nfile;
  bool header_done;
  stp_student s;    /* the row being read */
} reader;

/* Fields are converted as libcsv hands them over, into the row's student: a million-row
   file is 50 million fields, and copying each into a record first was a tenth of a replay. */
static int on_header_field(reader *r, int line, int i, const char *name, stp_error *err) {
  int j = 0;
  while (j < ncols && strcmp(cols[j].name, name) != 0) j++;
  if (j == ncols)
    return stp_fail(err, STP_EINVAL, "%s:%d: column %d: unknown column '%s' (docs/microdata.md)",
                    r->path, line, i + 1, name);
  if (r->seen[j])
    return stp_fail(err, STP_EINVAL, "%s:%d: column %s: given twice", r->path, line, name);
  r->seen[j] = true;
  if (i < NCOLS) r->map[i] = j; /* beyond, every name is already taken: given twice above */
  return STP_OK;
}

/* The form most fields of an exported file take, one or two digits (flags, children,
   credits), converted without parse_value's general path (amounts have their own fast path
   in stp_money_parse). false for anything else, an out-of-range value included:
   parse_value then decides and names the error. */
static inline bool quick_value(const column *c, const char *t, size_t len, stp_student *s) {
  if (c->k == K_U8 && (len == 1 || len == 2)) {
    unsigned v = (unsigned)(unsigned char)t[0] - '0';
    if (v > 9) return false;
    if (len == 2) {
      unsigned d = (unsigned)(unsigned char)t[1] - '0';
      if (d > 9) return false;
      v = 10 * v + d;
    }
    if (v < c->lo || v > c->hi) return false;
    *u8(s, c) = (uint8_t)v;
    return true;
  }
  return false;
}

static int on_field(void *vr, int line, int i, const char *text, size_t len, stp_error *err) {
  reader *r = vr;
  if (!r->header_done) return on_header_field(r, line, i, text, err);
  if (i == 0) memset(&r->s, 0, sizeof r->s);
  if (i >= r->nfile) return STP_OK; /* too many fields: the end of the row says so */
  const column *c = &cols[r->map[i]];
  if (quick_value(c, text, len, &r->s)) return STP_OK;
  stp_error e;
  if (parse_value(c, text, &r->s, &e) != STP_OK)
    return stp_fail(err, e.code, "%s:%d: column %s: %s", r->path, line, c->name, e.msg);
  return STP_OK;
}

static int on_row_end(void *vr, int line, int n, stp_error *err) {
  reader *r = vr;
  if (!r->header_done) {
    for (int j = 0; j < ncols; j++)
      if (!r->seen[j])
        return stp_fail(err, STP_EINVAL, "%s:%d: column %s: missing from the header", r->path,
                        line, cols[j].name);
    r->nfile = n;
    r->header_done = true;
    return STP_OK;
  }
  if (n != r->nfile)
    return stp_fail(err, STP_EINVAL, "%s:%d: %d fields, the header has %d", r->path, line, n,
                    r->nfile);
  const char *bad;
  stp_error e;
  if (stp_microdata_check(&r->s, &bad, &e) != STP_OK)
    return stp_fail(err, e.code, "%s:%d: column %s: %s", r->path, line, bad, e.msg);
  return r->fn(r->ctx, &r->s, err);
}

int stp_microdata_read(const char *path, stp_microdata_fn fn, void *ctx, stp_error *err) {
  build_columns();
  reader r = {.path = path, .fn = fn, .ctx = ctx};
  int rc = stp_csv_read_fields(path, on_field, on_row_end, &r, err);
  if (rc == STP_OK && !r.header_done)
    return stp_fail(err, STP_EINVAL, "%s:1: empty file: no header (docs/microdata.md)", path);
  return rc;
}

/* ---- writing ---- */

struct stp_microdata_writer {
  stp_csv_writer *w;
};

int stp_microdata_writer_open(const char *path, stp_microdata_writer **out, stp_error *err) {
  build_columns();
  stp_microdata_writer *m = calloc(1, sizeof *m);
  if (!m) return stp_fail(err, STP_ENOMEM, "%s: out of memory", path);
  int rc = stp_csv_writer_open(path, &m->w, err);
  if (rc != STP_OK) {
    free(m);
    return rc;
  }
  for (int i = 0; i < ncols; i++) stp_csv_field(m->w, cols[i].name);
  stp_csv_endrow(m->w);
  *out = m;
  return STP_OK;
}

void stp_microdata_row(stp_csv_writer *w, const stp_student *s) {
  build_columns();
  for (int i = 0; i < ncols; i++) write_value(w, &cols[i], s);
  stp_csv_endrow(w);
}

void stp_microdata_write(stp_microdata_writer *m, const stp_student *s) {
  stp_microdata_row(m->w, s);
}

void stp_microdata_raw(stp_microdata_writer *m, const char *bytes, size_t n) {
  stp_csv_raw(m->w, bytes, n);
}

int stp_microdata_writer_commit(stp_microdata_writer *m, stp_error *err) {
  int rc = stp_csv_writer_commit(m->w, err);
  free(m);
  return rc;
}

void stp_microdata_writer_abort(stp_microdata_writer *m) {
  if (!m) return;
  stp_csv_writer_abort(m->w);
  free(m);
}
