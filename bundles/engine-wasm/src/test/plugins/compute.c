/* A compute-bound call: the input is an iteration count in decimal; each iteration is one step of
 * a 64-bit linear congruential generator folded into an accumulator. The output, the accumulator
 * in decimal, depends on every step, so no compiler can drop the loop. */
#include "astrid.h"

ASTRID_EXPORT("compute") int compute(void) {
  unsigned char text[20];
  astrid_size length = astrid_input(text, sizeof text);
  if (length == 0 || length > sizeof text) {
    return astrid_fail("compute: the input must be an iteration count");
  }
  astrid_u64 iterations = 0;
  for (astrid_size i = 0; i < length; i++) {
    if (text[i] < '0' || text[i] > '9') {
      return astrid_fail("compute: the input must be an iteration count");
    }
    iterations = iterations * 10 + (text[i] - '0');
  }
  astrid_u64 state = 1;
  astrid_u64 sum = 0;
  for (astrid_u64 i = 0; i < iterations; i++) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    sum ^= state >> 29;
    sum = (sum << 1) | (sum >> 63);
  }
  char out[20];
  astrid_output(out, astrid_decimal(sum, out));
  return 0;
}
