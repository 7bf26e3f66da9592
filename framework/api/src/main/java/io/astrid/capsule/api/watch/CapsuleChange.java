package io.astrid.capsule.api.watch;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** Something happened to a capsule directory under a watched root (after debouncing). */
public sealed interface CapsuleChange {

  /** The capsule directory concerned. */
  Path directory();

  /**
   * A directory holding a {@code Capsule.toml} appeared.
   *
   * @param hash the blake3 tree hash of its content, {@code blake3:} and 64 hex digits
   */
  record Added(Path directory, String hash) implements CapsuleChange {
    public Added {
      requireNonNull(directory, "directory");
      requireNonNull(hash, "hash");
    }
  }

  /**
   * A capsule's content changed: its tree hash is not what it was.
   *
   * @param hash the new tree hash
   */
  record Changed(Path directory, String hash) implements CapsuleChange {
    public Changed {
      requireNonNull(directory, "directory");
      requireNonNull(hash, "hash");
    }
  }

  /** A capsule directory, or its {@code Capsule.toml}, went away. */
  record Removed(Path directory) implements CapsuleChange {
    public Removed {
      requireNonNull(directory, "directory");
    }
  }

  /**
   * Watching or hashing failed for a directory (it could not be read, the watch was lost).
   *
   * @param message what failed, and why
   */
  record Failed(Path directory, String message) implements CapsuleChange {
    public Failed {
      requireNonNull(directory, "directory");
      requireNonNull(message, "message");
    }
  }
}
