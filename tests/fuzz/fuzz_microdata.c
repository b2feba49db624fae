/* fuzz_microdata.c: the microdata reader (libcsv, every column's parser, the row checks). */
#include "fuzz_util.h"
#include "microdata.h"

static int each(void *ctx, const stp_student *s, stp_error *err) {
  (void)err;
  *(long *)ctx += (long)s->id & 1; /* touch the record */
  return STP_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n) {
  char path[300];
  snprintf(path, sizeof path, "%s/microdata.csv", fuzz_dir());
  fuzz_write(path, data, n);
  stp_error err;
  long count = 0;
  stp_microdata_read(path, each, &count, &err);
  return 0;
}
