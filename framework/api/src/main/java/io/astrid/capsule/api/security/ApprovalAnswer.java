package io.astrid.capsule.api.security;

/** A human's answer to an approval request. */
public enum ApprovalAnswer {
  /** Allow this one call. */
  ONCE,
  /** Allow this capsule this action on this resource until the runtime stops. */
  SESSION,
  /** Allow it from now on, across restarts. */
  ALWAYS,
  /** Deny this one call. */
  DENY,
  /** Deny it from now on, across restarts. */
  DENY_ALWAYS;

  public boolean allows() {
    return this == ONCE || this == SESSION || this == ALWAYS;
  }
}
