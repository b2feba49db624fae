/* fuzz_util.h: what the libFuzzer harnesses share: the input as a file (the loaders read
   paths), in a folder of this process's own. */
#ifndef STP_FUZZ_UTIL_H
#define STP_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A folder for this process: /dev/shm (memory) where there is one, else /tmp. */
static inline const char *fuzz_dir(void) {
  static char dir[256];
  if (!dir[0]) {
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/stp-fuzz-%ld", base, (long)getpid());
    char cmd[300];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
    if (system(cmd) != 0) abort();
  }
  return dir;
}

/* Write n bytes to path (replacing it); aborts if it cannot (a harness problem, not a find). */
static inline void fuzz_write(const char *path, const uint8_t *data, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) abort();
  if (n && fwrite(data, 1, n, f) != n) abort();
  if (fclose(f) != 0) abort();
}

#endif
