package io.astrid.capsule.api.security;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A gate that allows everything: for tests that are not about security. An HTTP request is
 * allowed to every address its host resolves to (an engine connects only to the addresses a
 * decision carries); a URL without a host, or a host that does not resolve, is denied.
 */
public final class AllowAllGate implements CapsuleSecurityGate {
  private static final String NAME = "allow-all";
  private static final String REASON = "everything is allowed (test gate)";

  @Override
  public GateDecision check(SecuritySubject subject, GateRequest request) {
    if (!(request instanceof GateRequest.Http http)) {
      return GateDecision.allow(NAME, REASON);
    }
    try {
      String host = URI.create(http.url()).getHost();
      if (host == null) {
        return GateDecision.deny(NAME, "net [" + http.url() + "] denied: URL has no host");
      }
      return GateDecision.allowAddresses(NAME, REASON, List.of(InetAddress.getAllByName(host)));
    } catch (IllegalArgumentException | UnknownHostException e) {
      return GateDecision.deny(NAME, "net [" + http.url() + "] denied: " + e.getMessage());
    }
  }
}
