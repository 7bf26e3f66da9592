package io.astrid.capsule.api.jvm;

import io.astrid.capsule.api.CapsuleException;

/** A JVM capsule's host call that failed: the gate denied it, or the host service failed. */
public class HostCallException extends CapsuleException {
  private static final long serialVersionUID = 1L;

  public HostCallException(String message) {
    super(message);
  }

  public HostCallException(String message, Throwable cause) {
    super(message, cause);
  }
}
