package io.astrid.capsule.api.host;

import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * How many lines each capsule's guests and servers may log: what a WebAssembly guest logs (the
 * {@code astrid_log} and {@code log_*} host functions, its WASI output) and what an MCP server
 * writes to stderr or sends as log messages, counted per capsule across all its engines (issue 13,
 * finding 8). A token bucket: {@value #LINES_PER_SECOND} lines a second on average, up to
 * {@value #BURST_LINES} at once. Lines beyond that are dropped, and when the capsule may log again,
 * one line says how many were dropped. Thread-safe.
 *
 * <p>Configured under the PID {@value #PID}.
 */
@ProviderType
public interface GuestLogRate {
  /**
   * The prefix of the loggers that carry what capsules log: {@code capsule.ID} for a capsule's
   * WebAssembly guest, {@code capsule.ID.SERVER} for its MCP server {@code SERVER}. The launcher shows
   * these on the console with the capsule's name at the default level, apart from the runtime's own
   * messages, and {@code capsule logs ID} selects them from the log file.
   */
  String LOGGER_PREFIX = "capsule.";

  /** The logger of what capsule {@code capsuleId} logs: {@value #LOGGER_PREFIX} followed by the id. */
  static String loggerName(String capsuleId) {
    return LOGGER_PREFIX + capsuleId;
  }

  /** The configuration PID of the service. */
  String PID = "io.astrid.capsule.log";

  /**
   * Configuration key: the lines a capsule may log per second, on average. Type long, unit lines per
   * second; optional, default 100; at least 1.
   */
  String LINES_PER_SECOND = "guest.log.lines.per.second";

  /**
   * Configuration key: the lines a capsule may log at once above the rate (the bucket's size). Type
   * long, unit lines; optional, default 1000; at least 1.
   */
  String BURST_LINES = "guest.log.burst.lines";

  /**
   * Takes one line's share of {@code capsuleId}'s rate.
   *
   * @param report called first, when lines of the capsule were dropped since the last admitted one,
   *     with the line saying so: {@code capsule [ID]: N log lines dropped}
   * @return whether the line may be logged; false: drop it
   */
  boolean admit(String capsuleId, Consumer<String> report);
}
