/* Writes engine/normal_table.inc, the nodes of stp_normal_lane (engine/rng.h):
     cc -O2 -Iengine scripts/normal_table.c -lm -o /tmp/normal_table &&
       /tmp/normal_table > engine/normal_table.inc
   Only needed if STP_NORMAL_CELLS or STP_NORMAL_EDGE change; tests/test_rng.c checks every
   entry against stp_normal_pinv. */
#include <stdio.h>

#include "rng.h"

int main(void) {
  printf("/* normal_table.inc: stp_normal_pinv(i / %d) for i = %d .. %d (engine/rng.h,\n"
         "   stp_normal_nodes), written by scripts/normal_table.c; tests/test_rng.c checks every\n"
         "   entry. */\n",
         STP_NORMAL_CELLS, STP_NORMAL_EDGE, STP_NORMAL_CELLS - STP_NORMAL_EDGE);
  for (int i = STP_NORMAL_EDGE; i <= STP_NORMAL_CELLS - STP_NORMAL_EDGE; i++)
    printf("%a,%s", stp_normal_pinv((double)i / STP_NORMAL_CELLS),
           (i - STP_NORMAL_EDGE) % 3 == 2 || i == STP_NORMAL_CELLS - STP_NORMAL_EDGE ? "\n" : " ");
  return 0;
}
