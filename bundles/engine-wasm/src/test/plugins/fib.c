/* fib: the Nth Fibonacci number, computed the slow recursive way, N given as decimal text; a guest
 * whose speed is all compiled code, for telling the JIT from the interpreter. */
#include "astrid.h"

static unsigned long long fib(unsigned n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

ASTRID_EXPORT("fib") int fib_entry(void) {
  unsigned char text[16];
  astrid_size length = astrid_input(text, sizeof text);
  unsigned n = 0;
  for (astrid_size i = 0; i < length && i < sizeof text; i++) {
    n = n * 10 + (unsigned)(text[i] - '0');
  }
  char out[20];
  astrid_output(out, astrid_decimal(fib(n), out));
  return 0;
}
