/* progress.h: the progress line of a long run on stderr (students done, students per second,
   time left), and the wall clock the drivers time themselves with. */
#ifndef STP_PROGRESS_H
#define STP_PROGRESS_H

#include <stdbool.h>

typedef struct stp_progress {
  bool on;            /* print at all (stderr is a terminal and not --quiet) */
  long total;         /* students expected; 0 when unknown (a microdata file) */
  int scenarios;      /* each student is simulated under this many scenarios (1: a run) */
  double t0;          /* seconds (stp_now) at the start */
  double last;        /* seconds when the line was last printed */
} stp_progress;

/* Seconds on a monotonic clock. */
double stp_now(void);

void stp_progress_start(stp_progress *p, bool on, long total, int scenarios);

/* Redraw the line for `done` students, at most twice a second unless final (which also ends
   the line). Call from one thread only. */
void stp_progress_update(stp_progress *p, long done, bool final);

#endif
