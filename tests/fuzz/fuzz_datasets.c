/* fuzz_datasets.c: the dataset loaders (policy parameters by year, interest rates,
   repayment, tuition, the cohort calibration, the budget posts, the initial loan book). The first byte picks the
   file of a private copy of datasets/ that the rest of the input replaces; every loader then
   reads the copy, and the file is put back. */
#include "analytics/budget.h"
#include "cohort.h"
#include "datasets.h"
#include "fuzz_util.h"
#include "loanbook.h"
#include "params.h"

static const char *const files[] = {
    "policy/academic/2025-26.csv", "policy/calendar/2025.csv", "policy/interest_rates.csv",
    "policy/repayment.csv", "tuition/tuition_fees.csv", "tuition/semester_fees.csv",
    "cohort/default/parameters.csv", "cohort/default/progression.csv",
    "cohort/default/age_at_start.csv", "cohort/default/earnings_profile.csv",
    "cohort/default/exemption.csv", "cohort/default/funding_category.csv",
    "cohort/default/institution.csv", "cohort/default/leave_timing.csv",
    "cohort/default/leaver_credits.csv", "cohort/default/mortality.csv",
    "budget/parameters.csv", "budget/posts.csv", "loanbook/parameters.csv"};
#define NFILES (sizeof files / sizeof files[0])

static char ds[300];
static char *orig[NFILES];
static size_t orig_len[NFILES];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  const char *src = stp_datasets_dir(NULL); /* $STIPEND_DATASETS or the bundled datasets/ */
  snprintf(ds, sizeof ds, "%s/datasets", fuzz_dir());
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -r '%s' '%s'", ds, src, ds);
  if (system(cmd) != 0) abort();
  for (size_t i = 0; i < NFILES; i++) {
    char p[600];
    snprintf(p, sizeof p, "%s/%s", ds, files[i]);
    FILE *f = fopen(p, "rb");
    if (!f) abort();
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    orig[i] = malloc((size_t)len + 1);
    if (!orig[i] || fread(orig[i], 1, (size_t)len, f) != (size_t)len) abort();
    orig_len[i] = (size_t)len;
    fclose(f);
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
  if (n < 1) return 0;
  size_t k = data[0] % NFILES;
  char p[600];
  snprintf(p, sizeof p, "%s/%s", ds, files[k]);
  fuzz_write(p, data + 1, n - 1);
  stp_error err;
  stp_params *params = NULL;
  if (stp_params_load(ds, &params, &err) == STP_OK) {
    stp_loanbook *b = NULL;
    if (stp_loanbook_load(ds, stp_params_repay(params), &b, &err) == STP_OK)
      stp_loanbook_free(b);
    stp_params_free(params);
  }
  stp_cohort_model *m = NULL;
  if (stp_cohort_model_load(ds, "default", &m, &err) == STP_OK) stp_cohort_model_free(m);
  stp_budget_params bp;
  stp_budget_params_load(ds, &bp, &err);
  fuzz_write(p, (const uint8_t *)orig[k], orig_len[k]);
  return 0;
}
