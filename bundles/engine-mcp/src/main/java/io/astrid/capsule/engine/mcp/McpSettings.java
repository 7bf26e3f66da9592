package io.astrid.capsule.engine.mcp;

import java.time.Duration;

/**
 * How the engine treats its servers.
 *
 * @param initializeTimeout how long a (re)started server may take to answer initialize
 * @param callTimeout how long one request may take before it is cancelled
 * @param restartBackoff the first restart's delay; each further crash doubles it, up to 32 times
 * @param maxCrashes this many crashes within {@code crashWindow} make the engine give up
 * @param crashWindow see {@code maxCrashes}
 */
record McpSettings(Duration initializeTimeout, Duration callTimeout, Duration restartBackoff, int maxCrashes,
    Duration crashWindow) {

  static final McpSettings DEFAULTS = new McpSettings(Duration.ofSeconds(30), Duration.ofSeconds(25),
      Duration.ofMillis(250), 5, Duration.ofSeconds(60));

  Duration backoff(int crashes) {
    return restartBackoff.multipliedBy(1L << Math.min(5, Math.max(0, crashes - 1)));
  }
}
