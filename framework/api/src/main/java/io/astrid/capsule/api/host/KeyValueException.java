package io.astrid.capsule.api.host;

import io.astrid.capsule.api.CapsuleException;

/**
 * A {@link KeyValueStore} operation failed: a capsule's quota would be exceeded, the caller was
 * interrupted while waiting, or the store's file failed.
 */
public class KeyValueException extends CapsuleException {
  private static final long serialVersionUID = 1L;

  public KeyValueException(String message) {
    super(message);
  }

  public KeyValueException(String message, Throwable cause) {
    super(message, cause);
  }
}
