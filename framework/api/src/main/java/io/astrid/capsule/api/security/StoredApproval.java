package io.astrid.capsule.api.security;

import static java.util.Objects.requireNonNull;

/**
 * An answer the gate keeps across restarts: "always" or "deny always" for one capsule, capability and
 * resource, in the form the human was asked about it (the host of a URL, the real path of a file, the
 * {@code blake3:} digest of a JVM capsule's jars).
 *
 * @param capsuleId the capsule
 * @param capability the action's capability ({@code net}, {@code jvm}...)
 * @param resource what the answer is about
 * @param answer {@link ApprovalAnswer#ALWAYS} or {@link ApprovalAnswer#DENY_ALWAYS}
 */
public record StoredApproval(String capsuleId, String capability, String resource, ApprovalAnswer answer) {
  public StoredApproval {
    requireNonNull(capsuleId, "capsuleId");
    requireNonNull(capability, "capability");
    requireNonNull(resource, "resource");
    requireNonNull(answer, "answer");
  }
}
