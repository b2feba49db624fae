/* numtext.h: whole numbers and floats from text, fast, for the plain forms stipend's
   writers produce (a replay of a million students parses 50 million fields, and strtol and
   strtof were a fifth of it). Each returns false for any other form, and the caller then
   asks the C library, which decides as before: a true result is always the library's. */
#ifndef STP_NUMTEXT_H
#define STP_NUMTEXT_H

#include <stdbool.h>

/* [-]digits, 1 to 9 of them: *x is the value (as strtol gives it) and *end the first
   character after the digits. */
bool stp_plain_int(const char *t, long *x, const char **end);

/* The whole of t as a float, exactly as strtof(t) gives it (errno untouched), for
   [-]digits[.digits][(e|E)[+|-]digits] with at most 19 significant digits, a decimal
   exponent within ±22 and a result 0 or in the normal float range; false otherwise. */
bool stp_plain_float(const char *t, float *out);

#endif
