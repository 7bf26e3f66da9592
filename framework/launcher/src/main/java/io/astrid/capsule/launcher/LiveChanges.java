package io.astrid.capsule.launcher;

import io.astrid.capsule.api.runtime.CapsuleRegistry;
import io.astrid.capsule.api.watch.CapsuleChange;
import io.astrid.capsule.api.watch.CapsuleWatcher;
import io.astrid.capsule.api.watch.HotReloader;
import io.astrid.capsule.api.watch.ReloadOutcome;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The changes {@code capsule run} applies to its registry: those its watcher reports, and those of a
 * docking command run in it for another process ({@code install}, {@code update}, {@code remove},
 * {@code env}), applied at once so that the command returns with the runtime serving the new version
 * (an update through the registry's atomic replace: the old version answers until the new one is
 * READY). The watcher reports the same change later; it is then skipped, not applied twice. Changes
 * are applied and reported one at a time.
 */
final class LiveChanges {
  private final HotReloader reloader;
  private final CapsuleWatcher watcher;
  private final CapsuleRegistry registry;
  private final ChangeReport report;
  /** What a command applied per directory (a tree hash, or null for a removal); the watcher's echo is skipped. */
  private final Map<Path, String> applied = new HashMap<>();

  LiveChanges(HotReloader reloader, CapsuleWatcher watcher, CapsuleRegistry registry, ChangeReport report) {
    this.reloader = reloader;
    this.watcher = watcher;
    this.registry = registry;
    this.report = report;
  }

  /** A change the watcher reports, on its thread. */
  synchronized void watched(CapsuleChange change) {
    Path directory = normal(change.directory());
    boolean echo = applied.containsKey(directory) && switch (change) {
      case CapsuleChange.Added added -> added.hash().equals(applied.get(directory));
      case CapsuleChange.Changed changed -> changed.hash().equals(applied.get(directory));
      case CapsuleChange.Removed removed -> applied.get(directory) == null;
      case CapsuleChange.Failed failed -> false;
    };
    applied.remove(directory);
    if (!echo) {
      report.reloaded(() -> reloader.apply(change));
    }
  }

  /** Loads, or reloads, the capsule now in {@code directory}: installed, updated, or with changed values. */
  synchronized ReloadOutcome placed(Path directory) {
    Path normal = normal(directory);
    String hash = watcher.hash(normal);
    boolean loaded = registry.capsules().stream().anyMatch(c -> normal(c.directory()).equals(normal));
    applied.put(normal, hash);
    return report.reloaded(() -> reloader.apply(loaded ? new CapsuleChange.Changed(normal, hash)
        : new CapsuleChange.Added(normal, hash)));
  }

  /** Unloads the capsule that was in {@code directory}, now removed. */
  synchronized ReloadOutcome removed(Path directory) {
    Path normal = normal(directory);
    applied.put(normal, null);
    return report.reloaded(() -> reloader.apply(new CapsuleChange.Removed(normal)));
  }

  /** What went wrong when {@code outcome} did not load, reload or unload the capsule; empty when it did. */
  static Optional<String> problem(ReloadOutcome outcome) {
    return switch (outcome.action()) {
      case INSTALLED, REPLACED, UNINSTALLED -> Optional.empty();
      case KEPT, REJECTED, IGNORED -> Optional.of(outcome.message());
    };
  }

  private static Path normal(Path directory) {
    return Objects.requireNonNull(directory).toAbsolutePath().normalize();
  }
}
