package io.astrid.capsule.api.watch;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What applying one change did.
 *
 * @param directory the capsule directory
 * @param capsuleId the capsule, when its manifest could be read or it was installed
 * @param action what happened
 * @param message in words, with the reason for {@link Action#KEPT} and {@link Action#REJECTED}: a first
 *     line, then each manifest error on a line of its own
 */
public record ReloadOutcome(Path directory, Optional<String> capsuleId, Action action, String message) {

  /** What a change led to. */
  public enum Action {
    /** A new capsule was installed. */
    INSTALLED,
    /** The capsule was replaced by its new version. */
    REPLACED,
    /** The capsule was uninstalled. */
    UNINSTALLED,
    /** The new version failed (manifest or load); the old one keeps serving. */
    KEPT,
    /** A new capsule could not be installed (its manifest is broken). */
    REJECTED,
    /** Nothing to do. */
    IGNORED
  }

  public ReloadOutcome {
    requireNonNull(directory, "directory");
    requireNonNull(capsuleId, "capsuleId");
    requireNonNull(action, "action");
    requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return action + " " + capsuleId.map(id -> "[" + id + "] ").orElse("") + directory + ": " + message;
  }
}
