/* run_scenario.c: a scenario run through the installed library (docs/library.md).
   Usage: run_scenario SCENARIO.ini [SECTION.KEY=VALUE ...] */
#include <stdio.h>

#include <stipend/figures.h>
#include <stipend/prepared.h>
#include <stipend/run.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s SCENARIO.ini [SECTION.KEY=VALUE ...]\n", argv[0]);
    return 2;
  }
  stp_error err = {0};
  stp_prepared *x;
  /* the scenario file, then overrides as --set gives them; 2 000 students */
  stp_prepare_opts o = {.sets = (const char *const *)argv + 2, .nsets = argc - 2, .size = 2000};
  if (stp_prepared_open(argv[1], NULL, &o, &x, &err) != STP_OK) {
    fprintf(stderr, "%s\n", err.msg);
    return 2;
  }
  stp_agg *agg = stp_agg_alloc();
  stp_run_opts ro = stp_prepared_run_opts(x);
  stp_run_stats st;
  int rc = agg ? stp_run(&x->ctx, &ro, agg, &st, &err) : STP_ENOMEM;
  if (rc == STP_OK) {
    /* the summary: every figure of summary.csv, for all students */
    stp_figures h;
    stp_figures_of(&agg->g[STP_GROUP_ALL], &h);
    printf("%s: %ld students, seed %llu\n", x->sc.name, st.students,
           (unsigned long long)x->sc.seed);
    for (int i = 0; i < STP_FIGURES; i++) {
      char buf[32];
      printf("  %-28s %s\n", stp_figure_name(i),
             stp_figure_text(stp_figure_kind(i), &h.f[i], buf, sizeof buf));
    }
  } else {
    fprintf(stderr, "%s\n", rc == STP_ENOMEM ? "out of memory" : err.msg);
  }
  stp_agg_free(agg);
  stp_prepared_close(x);
  return rc == STP_OK ? 0 : 1;
}
