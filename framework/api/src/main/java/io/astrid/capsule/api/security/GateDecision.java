package io.astrid.capsule.api.security;

import static java.util.Objects.requireNonNull;

/**
 * What a gate decided. A denial's reason is written for both the guest (it gets it as the
 * call's error) and the audit log.
 *
 * @param allowed true to let the call happen
 * @param reason why, in words; for a denial it names the capability and what was asked
 * @param gate which gate decided: {@code manifest}, {@code policy} (the configured approval mode),
 *     {@code human} (an approver's answer), {@code budget}, {@code audit}...
 */
public record GateDecision(boolean allowed, String reason, String gate) {
  public GateDecision {
    requireNonNull(reason, "reason");
    requireNonNull(gate, "gate");
  }

  public static GateDecision allow(String gate, String reason) {
    return new GateDecision(true, reason, gate);
  }

  public static GateDecision deny(String gate, String reason) {
    return new GateDecision(false, reason, gate);
  }
}
