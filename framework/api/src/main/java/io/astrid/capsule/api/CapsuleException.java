package io.astrid.capsule.api;

/**
 * The root of every failure the capsule runtime reports. Each phase has its own subclass (the
 * manifest phase: {@link io.astrid.capsule.api.manifest.ManifestException}).
 *
 * <p>Messages follow one form: {@code what failed [value]: why}, and the cause is kept.
 */
public class CapsuleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CapsuleException(String message) {
    super(message);
  }

  public CapsuleException(String message, Throwable cause) {
    super(message, cause);
  }
}
