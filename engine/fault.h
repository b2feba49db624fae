/* fault.h: fault injection for the tests, as SQLite's test builds do: with the build option
   STP_FAULT_INJECTION, the environment variable STP_FAULT=KIND:N makes the Nth write (a
   buffer of a result file reaching the kernel), fsync or rename fail, or raises SIGTERM
   (KIND signal; SIGINT with signal-int) before the Nth write. Without the option these are
   the plain calls. docs/testing.md shows the walk over every write. */
#ifndef STP_FAULT_H
#define STP_FAULT_H

#include <stdbool.h>
#include <stdio.h>

/* fopen(path, "wb") whose writes count (and may fail with ENOSPC). */
FILE *stp_fault_fopen_write(const char *path);
/* fsync(fd) and rename(from, to), which may fail with EIO. */
int stp_fault_fsync(int fd);
int stp_fault_rename(const char *from, const char *to);
/* renameat2(from, to, RENAME_EXCHANGE): both must exist; counts as a rename. -1 with errno
   (EINVAL or ENOSYS where the file system or kernel cannot exchange). */
int stp_fault_exchange(const char *from, const char *to);

/* Whether this build has the hooks (tests skip the walk otherwise). */
bool stp_fault_enabled(void);

#endif
