/* One host-function round trip: asks the host for configuration value "greeting" through
 * astrid_get_config (extism:host/user) and outputs the block it gets back as it is. */
#include "astrid.h"

ASTRID_EXPORT("host_roundtrip") int host_roundtrip(void) {
  astrid_block value = astrid_get_config(astrid_text("greeting"));
  if (!value) {
    return astrid_fail("host_roundtrip: no configuration value [greeting]");
  }
  astrid_output_block(value);
  return 0;
}
