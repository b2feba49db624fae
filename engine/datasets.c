#include "datasets.h"

#include <stdlib.h>

const char *stp_datasets_chosen(const char *given) {
  if (given && *given) return given;
  const char *env = getenv("STIPEND_DATASETS");
  return env && *env ? env : NULL;
}

const char *stp_datasets_dir(const char *given) {
  const char *dir = stp_datasets_chosen(given);
  return dir ? dir : STP_DATADIR;
}
