package io.astrid.capsule.api.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A capsule changed state.
 *
 * @param capsuleId which capsule
 * @param previous the status before
 * @param current the status now
 * @param at when
 */
public record CapsuleEvent(String capsuleId, CapsuleStatus previous, CapsuleStatus current, Instant at) {
  public CapsuleEvent {
    requireNonNull(capsuleId, "capsuleId");
    requireNonNull(previous, "previous");
    requireNonNull(current, "current");
    requireNonNull(at, "at");
  }
}
