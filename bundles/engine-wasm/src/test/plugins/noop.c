/* The smallest plugin: one export that does nothing, for measuring the cost of a call. */
#include "astrid.h"

ASTRID_EXPORT("noop") int noop(void) {
  return 0;
}
