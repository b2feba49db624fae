/* microdata.h: the microdata cohort format (docs/microdata.md): one CSV row per student with
   every characteristic the lifecycle reads, so a cohort exported by `stipend cohort` and
   replayed by `stipend run --cohort` gives the same results as the synthetic run. */
#ifndef STP_MICRODATA_H
#define STP_MICRODATA_H

#include "cohort.h"
#include "csvio.h"
#include "error.h"

/* The header of a microdata file; *n gets the number of columns. */
const char *const *stp_microdata_columns(int *n);

/* Called once per student in file order; return STP_OK to go on. */
typedef int (*stp_microdata_fn)(void *ctx, const stp_student *s, stp_error *err);

/* Read and validate path row by row. The header must name every column once (in any order;
   unknown columns are an error). A broken row stops the read with
   "FILE:LINE: column NAME: reason" (STP_EINVAL); nothing is passed on for that row. */
int stp_microdata_read(const char *path, stp_microdata_fn fn, void *ctx, stp_error *err);

/* Check one student's fields against the documented ranges; on failure *column names the
   first bad column and err says why (without file and line). */
int stp_microdata_check(const stp_student *s, const char **column, stp_error *err);

/* A microdata file being written: under a temporary name, renamed by commit. */
typedef struct stp_microdata_writer stp_microdata_writer;
int stp_microdata_writer_open(const char *path, stp_microdata_writer **out, stp_error *err);
void stp_microdata_write(stp_microdata_writer *w, const stp_student *s);
/* The same row into any CSV writer (rows formed on one MPI rank, written by another), and
   such rows, already formatted, into the file. */
void stp_microdata_row(stp_csv_writer *w, const stp_student *s);
void stp_microdata_raw(stp_microdata_writer *w, const char *bytes, size_t n);
int stp_microdata_writer_commit(stp_microdata_writer *w, stp_error *err);
void stp_microdata_writer_abort(stp_microdata_writer *w);

#endif
