package io.astrid.capsule.engine.support;

import io.astrid.capsule.api.CapsuleException;

/** An HTTP request of a capsule's that failed: the gate denied it, it was malformed, or the exchange failed. */
public final class GatedHttpException extends CapsuleException {
  private static final long serialVersionUID = 1L;

  GatedHttpException(String message) {
    super(message);
  }

  GatedHttpException(String message, Throwable cause) {
    super(message, cause);
  }
}
