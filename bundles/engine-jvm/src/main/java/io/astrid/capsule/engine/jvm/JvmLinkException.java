package io.astrid.capsule.engine.jvm;

import io.astrid.capsule.api.CapsuleException;

/** A capsule's jars that do not form a module layer: not a module, a split package, a missing module, a cycle. */
final class JvmLinkException extends CapsuleException {
  private static final long serialVersionUID = 1L;

  JvmLinkException(String message) {
    super(message);
  }

  JvmLinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
