#include "error.h"

#include <stdarg.h>
#include <stdio.h>

const char *stp_strerror(int code) {
  switch (code) {
  case STP_OK: return "success";
  case STP_EINVAL: return "invalid input";
  case STP_ENOMEM: return "out of memory";
  case STP_EIO: return "input/output error";
  case STP_ERANGE: return "value out of range";
  case STP_ENOTFOUND: return "not found";
  default: return "unknown error";
  }
}

int stp_fail(stp_error *err, int code, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->code = code;
  }
  return code;
}

int stp_exit_status(int code) {
  switch (code) {
  case STP_OK: return 0;
  case STP_EINVAL:
  case STP_ERANGE:
  case STP_ENOTFOUND: return 2;
  default: return 1;
  }
}
