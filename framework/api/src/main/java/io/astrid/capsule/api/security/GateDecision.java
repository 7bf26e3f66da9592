package io.astrid.capsule.api.security;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.List;

/**
 * What a gate decided. A denial's reason is written for both the guest (it gets it as the
 * call's error) and the audit log.
 *
 * <p>An allowed {@link GateRequest.Http} carries the addresses the gate resolved the URL's host to
 * and judged, one by one. The engine connects to those addresses only and never resolves the name
 * again, so DNS cannot move the request somewhere the gate did not judge; an allowed net decision
 * without addresses must not lead to a connection. Every other decision has none.
 *
 * @param allowed true to let the call happen
 * @param reason why, in words; for a denial it names the capability and what was asked
 * @param gate which gate decided: {@code manifest}, {@code policy} (the configured approval mode),
 *     {@code human} (an approver's answer), {@code budget}, {@code audit}...
 * @param addresses for an allowed HTTP request, the judged addresses to connect to; else empty
 */
public record GateDecision(boolean allowed, String reason, String gate, List<InetAddress> addresses) {
  public GateDecision {
    requireNonNull(reason, "reason");
    requireNonNull(gate, "gate");
    addresses = List.copyOf(addresses);
  }

  /** A decision that carries no addresses. */
  public GateDecision(boolean allowed, String reason, String gate) {
    this(allowed, reason, gate, List.of());
  }

  public static GateDecision allow(String gate, String reason) {
    return new GateDecision(true, reason, gate);
  }

  /** Allows an HTTP request to exactly {@code addresses}, the judged addresses of its host. */
  public static GateDecision allowAddresses(String gate, String reason, List<InetAddress> addresses) {
    return new GateDecision(true, reason, gate, addresses);
  }

  public static GateDecision deny(String gate, String reason) {
    return new GateDecision(false, reason, gate);
  }
}
