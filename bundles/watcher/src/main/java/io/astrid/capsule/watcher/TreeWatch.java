package io.astrid.capsule.watcher;

import io.astrid.capsule.api.discovery.CapsuleRoot;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.watch.CapsuleChange;
import io.astrid.capsule.api.watch.CapsuleWatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch over some roots. A platform thread takes events from the JDK WatchService (one key
 * per directory, registered recursively, new directories included as they appear); each event is
 * mapped to its capsule directory (the root's child that holds it) and schedules a settle after
 * the debounce, replacing any settle already pending for that capsule. Settling, on the single
 * scheduler thread, hashes the tree and reports Added, Changed or Removed only when the state
 * really differs. An OVERFLOW (events lost) rescans everything. A capsule that is a symbolic link
 * out of its root is reported as Failed, never Added, as discovery refuses it
 * ({@link CapsuleRoot#linkedOutside}). A hidden directory of a root ({@link CapsuleRoot#isHidden}:
 * install's staging and set-aside copies) is neither watched nor reported, as discovery passes it over.
 */
final class TreeWatch implements CapsuleWatcher.Watch {
  private static final Logger LOG = LoggerFactory.getLogger(TreeWatch.class);
  private static final int HASH_ATTEMPTS = 3;

  private final List<CapsuleRoot> capsuleRoots;
  private final List<Path> roots;
  private final Consumer<CapsuleChange> listener;
  private final TreeHasher hasher;
  /** Asked at each change, so that a new setting reaches a running watch (issue 16). */
  private final Supplier<Duration> debounce;
  private final WatchService service;
  private final Map<WatchKey, Path> keys = new ConcurrentHashMap<>();
  private final Map<Path, String> known = new ConcurrentHashMap<>();
  private final Map<Path, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
  private final Map<Path, Integer> failedAttempts = new ConcurrentHashMap<>();
  /** Roots that are not directories yet; their nearest existing ancestor is watched for them (issue 19). */
  private final Set<Path> absentRoots = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService settler;
  private final Thread taker;

  TreeWatch(List<CapsuleRoot> roots, Consumer<CapsuleChange> listener, TreeHasher hasher,
      Supplier<Duration> debounce) {
    this.capsuleRoots = roots.stream()
        .map(r -> new CapsuleRoot(r.directory().toAbsolutePath().normalize(), r.scope())).toList();
    this.roots = capsuleRoots.stream().map(CapsuleRoot::directory).toList();
    this.listener = listener;
    this.hasher = hasher;
    this.debounce = debounce;
    try {
      this.service = FileSystems.getDefault().newWatchService();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a watch service", e);
    }
    this.settler = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("capsule-watcher-settle").factory());
    for (CapsuleRoot root : capsuleRoots) {
      if (!Files.isDirectory(root.directory())) {
        absentRoots.add(root.directory());
      }
      registerTree(root.directory());
      capsuleDirectories(root).stream().filter(dir -> root.linkedOutside(dir).isEmpty())
          .forEach(dir -> known.put(dir, hasher.hash(dir)));
    }
    awaitAbsentRoots();
    this.taker = Thread.ofPlatform().daemon().name("capsule-watcher").start(this::takeEvents);
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      LOG.debug("closing the watch service", e);
    }
    settler.shutdownNow();
    try {
      taker.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void takeEvents() {
    try {
      while (true) {
        WatchKey key = service.take();
        Path directory = keys.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            rescan();
          } else if (directory != null) {
            changed(directory.resolve((Path) event.context()), event.kind());
          }
        }
        if (!key.reset()) {
          keys.remove(key);
          if (roots.contains(directory)) {
            // The root itself went away: watch for it to come back.
            absentRoots.add(directory);
            awaitAbsentRoots();
          }
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // The watch was closed.
    }
  }

  private void changed(Path path, WatchEvent.Kind<?> kind) {
    if (kind == StandardWatchEventKinds.ENTRY_CREATE && absentRoots.stream().anyMatch(r -> r.startsWith(path))) {
      awaitAbsentRoots();
    }
    if (kind == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(path) && !ignored(path)) {
      registerTree(path);
    }
    capsuleDirectoryOf(path).ifPresent(this::schedule);
  }

  private void schedule(Path capsule) {
    pending.compute(capsule, (dir, previous) -> {
      if (previous != null) {
        previous.cancel(false);
      }
      return settler.schedule(() -> settle(dir), debounce.get().toMillis(), TimeUnit.MILLISECONDS);
    });
  }

  private void settle(Path capsule) {
    pending.remove(capsule);
    String before = known.get(capsule);
    if (!Files.isRegularFile(capsule.resolve(CapsuleManifest.FILE_NAME))) {
      if (before != null) {
        known.remove(capsule);
        hasher.forget(capsule);
        emit(new CapsuleChange.Removed(capsule));
      }
      return;
    }
    Optional<String> refused = capsuleRoots.stream().filter(root -> root.directory().equals(capsule.getParent()))
        .findFirst().flatMap(root -> root.linkedOutside(capsule));
    if (refused.isPresent()) {
      if (known.remove(capsule) != null) {
        hasher.forget(capsule);
        emit(new CapsuleChange.Removed(capsule));
      }
      emit(new CapsuleChange.Failed(capsule, refused.get()));
      return;
    }
    String hash;
    try {
      hash = hasher.hash(capsule);
      failedAttempts.remove(capsule);
    } catch (UncheckedIOException e) {
      // Usually a file deleted while it was read: look again after the next quiet period.
      int attempts = failedAttempts.merge(capsule, 1, Integer::sum);
      if (attempts < HASH_ATTEMPTS) {
        schedule(capsule);
      } else {
        failedAttempts.remove(capsule);
        emit(new CapsuleChange.Failed(capsule, e.getMessage() + ": " + e.getCause().getMessage()));
      }
      return;
    }
    if (before == null) {
      known.put(capsule, hash);
      emit(new CapsuleChange.Added(capsule, hash));
    } else if (!before.equals(hash)) {
      known.put(capsule, hash);
      emit(new CapsuleChange.Changed(capsule, hash));
    }
  }

  private void emit(CapsuleChange change) {
    try {
      listener.accept(change);
    } catch (RuntimeException e) {
      LOG.warn("watch listener failed on {}", change, e);
    }
  }

  /**
   * For each root that is not a directory yet: when it has appeared, watch its tree and settle the
   * capsules already in it (made before any key existed, they produced no events); otherwise watch
   * its nearest existing ancestor for the next step of its path. Checked again after registering, so
   * a {@code mkdir -p} racing with it is not missed.
   */
  private synchronized void awaitAbsentRoots() {
    for (Path root : List.copyOf(absentRoots)) {
      Path ancestor = root;
      while (ancestor != null && !Files.isDirectory(ancestor)) {
        ancestor = ancestor.getParent();
      }
      if (ancestor == null) {
        continue;
      }
      if (ancestor.equals(root)) {
        absentRoots.remove(root);
        registerTree(root);
        capsuleDirectories(rootAt(root)).forEach(this::schedule);
        continue;
      }
      try {
        // A directory watched already (inside another root) keeps its key, which hears creations too.
        if (!keys.containsValue(ancestor)) {
          keys.put(ancestor.register(service, StandardWatchEventKinds.ENTRY_CREATE), ancestor);
        }
      } catch (ClosedWatchServiceException e) {
        return;
      } catch (IOException e) {
        emit(new CapsuleChange.Failed(root, "cannot watch [" + ancestor + "] for the root [" + root + "] to appear: "
            + e.getMessage()));
        absentRoots.remove(root);
        continue;
      }
      if (Files.isDirectory(ancestor.resolve(root.getName(ancestor.getNameCount())))) {
        awaitAbsentRoots(); // the next step appeared while the key was being made
        return;
      }
    }
  }

  /** Events were lost: watch every directory again and re-check every capsule. */
  private void rescan() {
    for (CapsuleRoot root : capsuleRoots) {
      registerTree(root.directory());
      capsuleDirectories(root).forEach(this::schedule);
    }
    List.copyOf(known.keySet()).forEach(this::schedule);
  }

  /**
   * The root's child that holds {@code path}, unless the path is the root, lies in an ignored
   * directory or in a hidden child of the root.
   */
  private Optional<Path> capsuleDirectoryOf(Path path) {
    for (Path root : roots) {
      if (path.startsWith(root) && !path.equals(root)) {
        Path relative = root.relativize(path);
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
          if (hasher.isIgnored(relative.getName(i).toString())) {
            return Optional.empty();
          }
        }
        Path capsule = root.resolve(relative.getName(0));
        return CapsuleRoot.isHidden(capsule) ? Optional.empty() : Optional.of(capsule);
      }
    }
    return Optional.empty();
  }

  /** Not watched: a directory with an ignored name anywhere, or a hidden child of a root. */
  private boolean ignored(Path directory) {
    return hasher.isIgnored(directory.getFileName().toString())
        || roots.contains(directory.getParent()) && CapsuleRoot.isHidden(directory);
  }

  private void registerTree(Path start) {
    if (!Files.isDirectory(start)) {
      return;
    }
    try {
      Files.walkFileTree(start, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          if (!roots.contains(dir) && ignored(dir)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          keys.put(dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
              StandardWatchEventKinds.ENTRY_MODIFY), dir);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (ClosedWatchServiceException e) {
      // Closing while a directory appeared.
    } catch (IOException e) {
      emit(new CapsuleChange.Failed(start, "cannot watch [" + start + "]: " + e.getMessage()));
    }
    // Files created in a new directory before its key existed produced no events: settle it anyway.
    capsuleDirectoryOf(start).ifPresent(this::schedule);
  }

  private CapsuleRoot rootAt(Path directory) {
    return capsuleRoots.stream().filter(root -> root.directory().equals(directory)).findFirst().orElseThrow();
  }

  private List<Path> capsuleDirectories(CapsuleRoot root) {
    try {
      return root.capsuleDirectories();
    } catch (IOException e) {
      emit(new CapsuleChange.Failed(root.directory(), "cannot list [" + root.directory() + "]: " + e.getMessage()));
      return List.of();
    }
  }
}
