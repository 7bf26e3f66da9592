package io.astrid.capsule.security;

import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;

/**
 * What an approval answer is about: a capsule, a capability, and the resource in the form a
 * human approves it in — the host for a URL (approving api.github.com, not one URL of it), the
 * real path for a file, the name for a command or an uplink.
 */
record ApprovalKey(String capsuleId, String capability, String resource) {
  private static final String SEPARATOR = "\0";

  static ApprovalKey of(SecuritySubject subject, GateRequest request) {
    return new ApprovalKey(subject.capsuleId(), request.capability(), resourceOf(request));
  }

  /** One string for storage; NUL cannot occur in any of the parts as the gate passes them. */
  String text() {
    return capsuleId + SEPARATOR + capability + SEPARATOR + resource;
  }

  /** The key {@link #text} stored; the resource is the rest after the second separator. */
  static ApprovalKey parse(String text) {
    String[] parts = text.split(SEPARATOR, 3);
    if (parts.length != 3) {
      throw new IllegalStateException("stored approval key [" + text.replace(SEPARATOR, "\\0")
          + "]: not capsule, capability and resource");
    }
    return new ApprovalKey(parts[0], parts[1], parts[2]);
  }

  private static String resourceOf(GateRequest request) {
    try {
      return switch (request) {
        case GateRequest.Http http -> NetAddress.parseUrl(http.url()).host();
        // The composed gate passes a file request as the manifest gate judged it: the real path.
        case GateRequest.FileRead read -> read.path();
        case GateRequest.FileWrite write -> write.path();
        case GateRequest.HostProcess process -> process.command();
        case GateRequest.KeyValue kv -> kv.key();
        case GateRequest.UplinkRegistration uplink -> uplink.name();
        // The jars' hash: a trust answer is about exactly these jars, and a changed jar is asked about again.
        case GateRequest.JvmCode code -> code.jarsHash();
      };
    } catch (NetAddress.Refused e) {
      // The manifest gate has refused such a request already; keep the raw form.
      return request.resource();
    }
  }
}
