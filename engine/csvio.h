/* csvio.h: reading and writing CSV files through libcsv, with line numbers for errors and
   atomic output (written under a temporary name, renamed when complete). */
#ifndef STP_CSVIO_H
#define STP_CSVIO_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"

#define STP_CSV_MAX_FIELDS 128

/* Called once per record; fields are NUL-terminated and valid only during the call.
   `line` is the 1-based line the record starts on. Return STP_OK to go on, or a code
   (with err filled) to stop. */
typedef int (*stp_csv_row_fn)(void *ctx, int line, int nfields, char **fields, stp_error *err);

/* Read a whole file; empty lines and lines starting with '#' are skipped.
   Errors (unreadable file, malformed quoting, too many fields) name the file and line. */
int stp_csv_read_file(const char *path, stp_csv_row_fn fn, void *ctx, stp_error *err);

/* A dataset table with a fixed header (datasets/): the first record must name exactly the
   ncols columns cols, in order (*header_seen is then set); every later record must have ncols
   fields. Returns 1 for the header, STP_OK for a data row, or STP_EINVAL naming file, line
   and what is wrong. Row callbacks open with it:
     int rc = stp_csv_fixed_row(&c->header_seen, path, line, n, f, cols, 6, err);
     if (rc) return rc > 0 ? STP_OK : rc; */
int stp_csv_fixed_row(bool *header_seen, const char *path, int line, int n, char **f,
                      const char *const *cols, int ncols, stp_error *err);

/* The same a field at a time, for records too many to copy (microdata): field(ctx, line,
   index, text, len, err) as libcsv finds each field (text NUL-terminated, valid during the
   call), then end(ctx, line, nfields, err) at the end of each record. */
typedef int (*stp_csv_field_fn)(void *ctx, int line, int index, const char *text, size_t len,
                                stp_error *err);
typedef int (*stp_csv_end_fn)(void *ctx, int line, int nfields, stp_error *err);
int stp_csv_read_fields(const char *path, stp_csv_field_fn field, stp_csv_end_fn end, void *ctx,
                        stp_error *err);

/* A CSV file being written: rows go to "<path>.tmp-<pid>", and stp_csv_writer_commit
   renames it to path; stp_csv_writer_abort removes it. No half-written results. */
typedef struct stp_csv_writer stp_csv_writer;

int stp_csv_writer_open(const char *path, stp_csv_writer **out, stp_error *err);
/* To stdout: commit flushes, abort does nothing. */
stp_csv_writer *stp_csv_writer_stdout(void);
/* Over a FILE the caller owns (a memory stream for a block of rows): commit flushes and
   frees the writer, never closes f. */
stp_csv_writer *stp_csv_writer_file(FILE *f);
/* Bytes already formatted as CSV rows (a block written by another writer). */
void stp_csv_raw(stp_csv_writer *w, const char *bytes, size_t n);
void stp_csv_field(stp_csv_writer *w, const char *text);
void stp_csv_fieldf(stp_csv_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void stp_csv_money(stp_csv_writer *w, long long ore); /* øre as NOK with two decimals */
void stp_csv_int(stp_csv_writer *w, long long v);
/* A share with 6 decimals, never "-0.000000"; empty for NaN. */
void stp_csv_share(stp_csv_writer *w, double v);
void stp_csv_real(stp_csv_writer *w, double v, int decimals);
void stp_csv_endrow(stp_csv_writer *w);
int stp_csv_writer_commit(stp_csv_writer *w, stp_error *err);
void stp_csv_writer_abort(stp_csv_writer *w);

#endif
