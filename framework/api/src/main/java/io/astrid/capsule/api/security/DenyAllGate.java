package io.astrid.capsule.api.security;

/** A gate that denies everything: for tests of how engines report a denial. */
public final class DenyAllGate implements CapsuleSecurityGate {
  @Override
  public GateDecision check(SecuritySubject subject, GateRequest request) {
    return GateDecision.deny("deny-all", request.capability() + " [" + request.resource() + "] denied: everything"
        + " is denied (test gate)");
  }
}
