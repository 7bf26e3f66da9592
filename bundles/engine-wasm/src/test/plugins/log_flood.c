/* A guest that floods the log (issue 13, finding 8): 20,000 lines through astrid_log in one call,
 * at the warn level so that the runtime's default log shows them. The capsule's log rate must cut them. */
#include "astrid.h"

ASTRID_EXPORT("log_flood") int log_flood(void) {
  astrid_block level = astrid_text("warn");
  astrid_block line = astrid_text("flood line");
  for (int i = 0; i < 20000; i++) {
    astrid_log(level, line);
  }
  astrid_output_block(astrid_text("flooded"));
  return 0;
}
