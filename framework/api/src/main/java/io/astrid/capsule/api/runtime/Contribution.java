package io.astrid.capsule.api.runtime;

import static java.util.Objects.requireNonNull;

/**
 * Something a READY capsule offers, with the capsule it comes from.
 *
 * @param capsuleId the capsule
 * @param value the command, skill, context document, MCP server content, provider, interceptor, uplink or cron job
 */
public record Contribution<T>(String capsuleId, T value) {
  public Contribution {
    requireNonNull(capsuleId, "capsuleId");
    requireNonNull(value, "value");
  }
}
