#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dist.h"
#include "fault.h"
#include "files.h"
#include "money.h"

/* ---- reading ---- */

typedef struct reader {
  const char *path;
  stp_csv_row_fn fn;        /* a record at a time, or */
  stp_csv_field_fn field_fn; /* a field at a time, and */
  stp_csv_end_fn end_fn;     /* the end of each record */
  void *ctx;
  stp_error *err;
  int status;          /* first failure, stops the parse */
  int line;            /* line being fed to the parser */
  int record_line;     /* line the current record started on */
  int nfields;
  bool overflow;
  char *fields[STP_CSV_MAX_FIELDS];
  size_t offset[STP_CSV_MAX_FIELDS]; /* where each field starts in buf */
  char *buf;           /* the record's fields, each NUL-terminated, one after the other: one
                          buffer reused for every record, not an allocation per field */
  size_t len, cap;
} reader;

static void on_field(void *data, size_t len, void *vr) {
  reader *r = vr;
  if (r->status != STP_OK) return;
  if (r->nfields == 0) r->record_line = r->line;
  if (r->nfields >= STP_CSV_MAX_FIELDS) {
    r->overflow = true;
    return;
  }
  if (r->field_fn) { /* CSV_APPEND_NULL: data is NUL-terminated */
    r->status = r->field_fn(r->ctx, r->record_line, r->nfields++, data, len, r->err);
    return;
  }
  if (r->len + len + 1 > r->cap) {
    size_t cap = r->cap ? r->cap : 4096;
    while (cap < r->len + len + 1) cap *= 2;
    char *b = realloc(r->buf, cap);
    if (!b) {
      r->status = stp_fail(r->err, STP_ENOMEM, "%s:%d: out of memory", r->path, r->line);
      return;
    }
    r->buf = b;
    r->cap = cap;
  }
  if (len) memcpy(r->buf + r->len, data, len);
  r->buf[r->len + len] = '\0';
  r->offset[r->nfields++] = r->len;
  r->len += len + 1;
}

static void clear_fields(reader *r) {
  r->nfields = 0;
  r->len = 0;
}

static void on_record(int c, void *vr) {
  (void)c;
  reader *r = vr;
  if (r->status == STP_OK) {
    if (r->overflow)
      r->status = stp_fail(r->err, STP_EINVAL, "%s:%d: more than %d fields", r->path,
                           r->record_line, STP_CSV_MAX_FIELDS);
    else if (r->nfields > 0 && r->end_fn)
      r->status = r->end_fn(r->ctx, r->record_line, r->nfields, r->err);
    else if (r->nfields > 0) {
      /* Pointers only now: the buffer may have moved while the record grew. */
      for (int i = 0; i < r->nfields; i++) r->fields[i] = r->buf + r->offset[i];
      r->status = r->fn(r->ctx, r->record_line, r->nfields, r->fields, r->err);
    }
  }
  clear_fields(r);
  r->overflow = false;
}

static int read_file(const char *path, reader *r, stp_error *err) {
  FILE *f;
  /* A missing or unreadable input, a directory or a FIFO is bad input (exit status 2), not
     an internal failure; a FIFO must not block. */
  int orc = stp_input_open(path, &f, err);
  if (orc != STP_OK) return orc;
  /* Large reads: a microdata file of a million students is 250 MB, and stdio's 4 KB reads
     cost more in the kernel than the parsing does. */
  char *iobuf = malloc((size_t)1 << 20);
  if (iobuf) setvbuf(f, iobuf, _IOFBF, (size_t)1 << 20);
  struct csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
    fclose(f);
    free(iobuf);
    return stp_fail(err, STP_ENOMEM, "%s: cannot start the CSV parser", path);
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while (r->status == STP_OK && (n = getline(&line, &cap, f)) >= 0) {
    r->line++;
    /* A UTF-8 byte order mark, as Excel saves a CSV file, is no part of the first field. */
    char *text = line;
    if (r->line == 1 && n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) text += 3, n -= 3;
    /* A comment is a line starting with '#' outside a record. */
    if (r->nfields == 0 && p.pstate == 0 && text[0] == '#') continue;
    if (csv_parse(&p, text, (size_t)n, on_field, on_record, r) != (size_t)n && r->status == STP_OK)
      r->status = stp_fail(err, STP_EINVAL, "%s:%d: malformed CSV: %s", path, r->line,
                           csv_strerror(csv_error(&p)));
  }
  if (r->status == STP_OK && ferror(f))
    r->status = stp_fail(err, STP_EIO, "%s: read error: %s", path, strerror(errno));
  if (r->status == STP_OK && csv_fini(&p, on_field, on_record, r) != 0 && r->status == STP_OK)
    r->status = stp_fail(err, STP_EINVAL, "%s:%d: malformed CSV (unterminated quote?)", path,
                         r->line);
  clear_fields(r);
  free(r->buf);
  csv_free(&p);
  free(line);
  fclose(f);
  free(iobuf); /* after fclose: the stream uses it until then */
  return r->status;
}

int stp_csv_read_file(const char *path, stp_csv_row_fn fn, void *ctx, stp_error *err) {
  reader r = {.path = path, .fn = fn, .ctx = ctx, .err = err, .status = STP_OK};
  return read_file(path, &r, err);
}

int stp_csv_fixed_row(bool *header_seen, const char *path, int line, int n, char **f,
                      const char *const *cols, int ncols, stp_error *err) {
  if (!*header_seen) {
    *header_seen = true;
    for (int i = 0; i < ncols && i < n; i++)
      if (strcmp(f[i], cols[i]) != 0)
        return stp_fail(err, STP_EINVAL, "%s:%d: header: column %d is '%s', expected '%s'", path,
                        line, i + 1, f[i], cols[i]);
    if (n != ncols)
      return stp_fail(err, STP_EINVAL, "%s:%d: header has %d columns, expected %d", path, line,
                      n, ncols);
    return 1;
  }
  if (n == ncols) return STP_OK;
  char names[512] = "";
  for (int i = 0; i < ncols; i++) {
    strncat(names, i ? "," : "", sizeof names - strlen(names) - 1);
    strncat(names, cols[i], sizeof names - strlen(names) - 1);
  }
  return stp_fail(err, STP_EINVAL, "%s:%d: %d fields, expected %d (%s)", path, line, n, ncols,
                  names);
}

int stp_csv_read_fields(const char *path, stp_csv_field_fn field, stp_csv_end_fn end, void *ctx,
                        stp_error *err) {
  reader r = {.path = path, .field_fn = field, .end_fn = end, .ctx = ctx, .err = err,
              .status = STP_OK};
  return read_file(path, &r, err);
}


/* ---- writing ---- */

struct stp_csv_writer {
  FILE *f;
  char *path;     /* final name; NULL for stdout */
  char *tmp;      /* temporary name */
  bool first;     /* next field is the first of its row */
  bool failed;
  bool discard;   /* an MPI rank other than 0: the same rows, to /dev/null (rank 0 writes) */
};

int stp_csv_writer_open(const char *path, stp_csv_writer **out, stp_error *err) {
  stp_csv_writer *w = calloc(1, sizeof *w);
  if (!w) return stp_fail(err, STP_ENOMEM, "%s: out of memory", path);
  size_t n = strlen(path) + 128; /* ".tmp-PID@HOST" */
  w->path = strdup(path);
  w->tmp = malloc(n);
  if (!w->path || !w->tmp) {
    free(w->path);
    free(w->tmp);
    free(w);
    return stp_fail(err, STP_ENOMEM, "%s: out of memory", path);
  }
  char tag[96];
  stp_process_tag(tag, sizeof tag);
  snprintf(w->tmp, n, "%s.tmp-%s", path, tag);
  w->discard = !stp_dist_root();
  /* The rename below would replace whatever is at path: a device, FIFO, socket or link is
     refused, as a folder is (resultset.h). */
  int crc = w->discard ? STP_OK : stp_output_file_check(path, err);
  if (crc != STP_OK) {
    free(w->path);
    free(w->tmp);
    free(w);
    return crc;
  }
  w->f = w->discard ? fopen("/dev/null", "wb") : stp_fault_fopen_write(w->tmp);
  if (!w->f) {
    int e = errno;
    free(w->path);
    free(w->tmp);
    free(w);
    return stp_fail(err, STP_EIO, "%s: cannot write: %s", path, strerror(e));
  }
  w->first = true;
  *out = w;
  return STP_OK;
}

stp_csv_writer *stp_csv_writer_file(FILE *f) {
  stp_csv_writer *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  w->f = f;
  w->first = true;
  return w;
}

stp_csv_writer *stp_csv_writer_stdout(void) { return stp_csv_writer_file(stdout); }

void stp_csv_raw(stp_csv_writer *w, const char *bytes, size_t n) {
  if (n) fwrite(bytes, 1, n, w->f);
}

void stp_csv_field(stp_csv_writer *w, const char *text) {
  if (!w->first) fputc(',', w->f);
  w->first = false;
  const char *t = text ? text : "";
  /* Quote only when needed, so numbers stay bare for pandas and R. */
  if (strpbrk(t, ",\"\r\n") || (t[0] == ' ')) csv_fwrite(w->f, t, strlen(t));
  else fputs(t, w->f);
}

void stp_csv_fieldf(stp_csv_writer *w, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  stp_csv_field(w, buf);
}

void stp_csv_money(stp_csv_writer *w, long long ore) {
  char buf[32];
  stp_csv_field(w, stp_money_format(ore, buf, sizeof buf));
}

void stp_csv_int(stp_csv_writer *w, long long v) { stp_csv_fieldf(w, "%lld", v); }

void stp_csv_real(stp_csv_writer *w, double v, int decimals) {
  stp_csv_fieldf(w, "%.*f", decimals, v);
}

void stp_csv_share(stp_csv_writer *w, double v) {
  if (isnan(v)) {
    stp_csv_field(w, "");
    return;
  }
  char buf[48];
  snprintf(buf, sizeof buf, "%.6f", v);
  stp_csv_field(w, strcmp(buf, "-0.000000") == 0 ? "0.000000" : buf);
}

void stp_csv_endrow(stp_csv_writer *w) {
  fputc('\n', w->f);
  w->first = true;
}

static void writer_free(stp_csv_writer *w) {
  free(w->path);
  free(w->tmp);
  free(w);
}

int stp_csv_writer_commit(stp_csv_writer *w, stp_error *err) {
  if (!w) return STP_OK;
  if (!w->path) {
    int bad = fflush(w->f) != 0 || ferror(w->f);
    free(w);
    return bad ? stp_fail(err, STP_EIO, "output: write error") : STP_OK;
  }
  int rc = STP_OK;
  if (w->discard) {
    fclose(w->f);
  } else if (ferror(w->f) | (fclose(w->f) != 0)) {
    rc = stp_fail(err, STP_EIO, "%s: write error: %s", w->path, strerror(errno));
    remove(w->tmp);
  } else if (stp_fault_rename(w->tmp, w->path) != 0) {
    rc = stp_fail(err, STP_EIO, "%s: cannot rename from %s: %s", w->path, w->tmp, strerror(errno));
    remove(w->tmp);
  }
  writer_free(w);
  return rc;
}

void stp_csv_writer_abort(stp_csv_writer *w) {
  if (!w) return;
  if (!w->path) {
    fflush(w->f);
    free(w);
    return;
  }
  fclose(w->f);
  if (!w->discard) remove(w->tmp);
  writer_free(w);
}
