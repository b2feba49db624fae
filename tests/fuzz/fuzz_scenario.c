/* fuzz_scenario.c: the scenario loader (INI, inih) and --set on whatever bytes come. */
#include "fuzz_util.h"
#include "scenario.h"

static stp_scenario s; /* large: not on the stack */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
  char path[300];
  snprintf(path, sizeof path, "%s/scenario.ini", fuzz_dir());
  fuzz_write(path, data, n);
  stp_error err;
  if (stp_scenario_load(path, &s, &err) == STP_OK) {
    /* the first line of the input again, as an override */
    char set[256];
    size_t k = 0;
    while (k < n && k < sizeof set - 1 && data[k] != '\n' && data[k] != '\0') {
      set[k] = (char)data[k];
      k++;
    }
    set[k] = '\0';
    stp_scenario_set(&s, set, &err);
  }
  return 0;
}
