#include "progress.h"

#include <stdio.h>
#include <time.h>

double stp_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void stp_progress_start(stp_progress *p, bool on, long total, int scenarios) {
  p->on = on;
  p->total = total;
  p->scenarios = scenarios > 0 ? scenarios : 1;
  p->t0 = p->last = stp_now();
}

void stp_progress_update(stp_progress *p, long done, bool final) {
  if (!p->on) return;
  double t = stp_now();
  if (!final && t - p->last < 0.5) return;
  p->last = t;
  double el = t - p->t0, rate = el > 0 ? (double)done / el : 0;
  char times[48] = "";
  if (p->scenarios > 1) snprintf(times, sizeof times, " × %d scenarios", p->scenarios);
  if (p->total > 0) {
    double left = rate > 0 ? (double)(p->total - done) / rate : 0;
    fprintf(stderr, "\r  %ld / %ld students%s, %.0f per second, %.0f s left   ", done, p->total,
            times, rate, left);
  } else {
    fprintf(stderr, "\r  %ld students%s, %.0f per second   ", done, times, rate);
  }
  if (final) fputc('\n', stderr);
  fflush(stderr);
}
