package io.astrid.capsule.api.watch;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Watches capsule roots recursively and reports debounced changes of their capsule directories.
 * An OSGi service. A change that leaves a capsule's tree hash as it was is not reported.
 */
@ProviderType
public interface CapsuleWatcher {
  /** The Config Admin PID of the watcher's configuration. */
  String PID = "io.astrid.capsule.watcher";

  /** Service property / configuration key (long, milliseconds, default 500): the quiet time per capsule. */
  String DEBOUNCE_PROPERTY = "watcher.debounce.ms";

  /**
   * Starts watching. The capsules present now are the starting point (not reported as added);
   * from then on {@code listener} hears every change, one capsule's changes in order, on the
   * watcher's thread.
   *
   * @return closes the watch and frees its threads
   */
  Watch watch(List<CapsuleRoot> roots, Consumer<CapsuleChange> listener);

  /**
   * The tree hash of a capsule directory: blake3 over its files sorted by relative path, each
   * as length-prefixed path, size and content digest; ignored directories left out.
   */
  String hash(Path capsuleDirectory);

  /** An open watch. */
  interface Watch extends AutoCloseable {
    @Override
    void close();
  }
}
