#include "rules/conversion.h"

stp_money stp_conversion_exam(stp_money surviving, int credits_passed, int credits_supported) {
  if (surviving <= 0 || credits_supported <= 0 || credits_passed <= 0) return 0;
  if (credits_passed >= credits_supported) return surviving;
  return stp_muldiv(surviving, credits_passed, credits_supported);
}

stp_money stp_conversion_catch_up(stp_money unconverted, int credits_caught_up,
                                  int credits_failed) {
  if (unconverted <= 0 || credits_failed <= 0 || credits_caught_up <= 0) return 0;
  if (credits_caught_up >= credits_failed) return unconverted;
  return stp_muldiv(unconverted, credits_caught_up, credits_failed);
}
