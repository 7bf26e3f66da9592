package io.astrid.capsule.api.security;

/** A gate that allows everything: for tests that are not about security. */
public final class AllowAllGate implements CapsuleSecurityGate {
  @Override
  public GateDecision check(SecuritySubject subject, GateRequest request) {
    return GateDecision.allow("allow-all", "everything is allowed (test gate)");
  }
}
