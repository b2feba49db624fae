/* error.h: status codes and the message that travels with them. */
#ifndef STP_ERROR_H
#define STP_ERROR_H

/* Status codes: 0 is success, failures are negative (as in libuv). */
enum {
  STP_OK = 0,
  STP_EINVAL = -1,   /* bad input: a file, flag or value that cannot be used */
  STP_ENOMEM = -2,   /* allocation failed */
  STP_EIO = -3,      /* a file could not be read or written */
  STP_ERANGE = -4,   /* a value outside its allowed range */
  STP_ENOTFOUND = -5 /* an unknown year, institution or name */
};

/* An error: the code and one line naming where (file:line: field) and why. */
typedef struct stp_error {
  int code;
  char msg[768];
} stp_error;

const char *stp_strerror(int code);

/* Record a failure in err (which may be NULL) and return code, so callers can
   write `return stp_fail(err, STP_EINVAL, "...")`. */
int stp_fail(stp_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Exit status a command should return for a code: 2 for bad input, 1 otherwise. */
int stp_exit_status(int code);

#endif
